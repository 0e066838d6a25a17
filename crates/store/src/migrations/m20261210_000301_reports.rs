use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference, tenant_table};

/// Saved reports for leadership and funders (issue 24): the period and partnerships a
/// coordinator chose, the written summary per partnership kept with it, and the funders' secret
/// links (only the SHA-256 of each secret, like calendar feeds). The numbers themselves are not
/// stored: they are made again from the records, as of the report's fixed days, when read.
pub(super) struct Reports;

impl MigrationName for Reports {
    fn name(&self) -> &str {
        "m20261210_000301_reports"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Reports {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                tenant_table("reports")
                    .col(string_len("title", 200))
                    // What the reader picked: "2026-Q3", "2025-26" or "2026-01-01..2026-03-31".
                    .col(string_len("period", 40))
                    .col(date("starts_on"))
                    .col(date("ends_on"))
                    // The partnerships chosen; empty for every partnership of the workspace.
                    .col(json_binary("partnership_ids"))
                    .col(uuid_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("reports", "reports_workspace", &["workspace_id"])).await?;
        manager
            .create_table(
                tenant_table("report_summaries")
                    .col(uuid("report_id"))
                    .col(uuid("partnership_id"))
                    .col(text("summary"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut reference("report_summaries", "report_id", "reports"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("report_summaries", "report_summaries_report", &["report_id", "partnership_id"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                tenant_table("report_links")
                    .col(uuid("report_id"))
                    .col(string("token_hash"))
                    .col(date("expires_on"))
                    .col(uuid("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut reference("report_links", "report_id", "reports"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("report_links", "report_links_token", &["token_hash"]).unique().to_owned()).await?;
        manager.create_index(index("report_links", "report_links_report", &["report_id"])).await
    }
}
