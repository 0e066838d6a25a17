use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference, tenant_table};

/// The job queue every `rapport serve` shares (SPEC 8: scheduled work runs once across
/// processes), outgoing webhooks and their delivery log.
pub(super) struct Jobs;

impl MigrationName for Jobs {
    fn name(&self) -> &str {
        "m20261123_000008_jobs"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Jobs {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("jobs")
                    .col(pk_uuid("id"))
                    // Empty for work that is not one workspace's (the trust sweep of all of them).
                    .col(uuid_null("workspace_id"))
                    .col(string("kind"))
                    .col(json_binary("payload"))
                    .col(timestamp_with_time_zone("run_at"))
                    .col(integer("attempts"))
                    .col(text_null("last_error"))
                    // queued, running, done, failed
                    .col(string("state"))
                    .col(string_null("locked_by"))
                    .col(timestamp_with_time_zone_null("locked_until"))
                    // A scheduled job's slot, e.g. "trust-sweep:2026-11-23T10:15": enqueued once.
                    .col(string_null("dedupe_key"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("finished_at"))
                    .foreign_key(&mut reference("jobs", "workspace_id", "workspaces"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("jobs", "jobs_dedupe_key", &["dedupe_key"]).unique().to_owned()).await?;
        manager.create_index(index("jobs", "jobs_due", &["state", "run_at"])).await?;
        manager.create_index(index("jobs", "jobs_by_workspace", &["workspace_id", "id"])).await?;
        manager
            .create_table(
                tenant_table("webhooks")
                    // Set for a partnership's hook; empty for one that hears the whole workspace.
                    .col(uuid_null("partnership_id"))
                    .col(string("url"))
                    // json, slack, teams
                    .col(string("format"))
                    .col(json_binary("events"))
                    // Kept to sign each body (HMAC-SHA256); shown once, when the hook is created.
                    .col(string("secret"))
                    .col(boolean("active"))
                    .col(uuid_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("webhooks", "partnership_id", "partnerships"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("webhooks", "webhooks_by_workspace", &["workspace_id", "active"])).await?;
        manager
            .create_table(
                tenant_table("webhook_deliveries")
                    .col(uuid("webhook_id"))
                    .col(uuid_null("job_id"))
                    .col(string("event"))
                    .col(json_binary("payload"))
                    .col(integer_null("status_code"))
                    .col(integer("attempts"))
                    .col(text_null("error"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("last_attempt_at"))
                    .col(timestamp_with_time_zone_null("delivered_at"))
                    .foreign_key(&mut reference("webhook_deliveries", "webhook_id", "webhooks"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("webhook_deliveries", "webhook_deliveries_by_hook", &["webhook_id", "id"])).await
    }
}
