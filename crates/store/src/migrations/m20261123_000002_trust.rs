use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference, tenant_table};

/// The trust engine's bookkeeping (SPEC 3): the incremental reliability ledger, the outcome it
/// has counted for each commitment, and materialised health and warnings for the dashboard.
pub(super) struct Trust;

impl MigrationName for Trust {
    fn name(&self) -> &str {
        "m20261123_000002_trust"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Trust {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            // `subject_id` is the organisation (promisor) or partnership; `counterpart_id` the
            // other organisation of a pair, the nil uuid otherwise (a NULL would defeat the
            // unique index on PostgreSQL).
            tenant_table("reliability_entries")
                .col(string("key_kind"))
                .col(uuid("subject_id"))
                .col(uuid("counterpart_id"))
                .col(double("r"))
                .col(double("s"))
                .col(date("as_of"))
                .to_owned(),
            // The outcome the ledger counts for a commitment; `id` is the commitment's.
            tenant_table("commitment_outcomes")
                .col(string("kind"))
                .col(date("on_date"))
                .foreign_key(&mut reference("commitment_outcomes", "id", "commitments"))
                .to_owned(),
            // The last day the missed-commitment sweep ran; `id` is the workspace's.
            tenant_table("trust_sweeps").col(date("swept_on")).to_owned(),
            // `id` is the partnership's.
            tenant_table("partnership_health")
                .col(double_null("health_index"))
                .col(json_binary("components"))
                .col(integer("open_warnings"))
                .col(date("computed_on"))
                .foreign_key(&mut reference("partnership_health", "id", "partnerships"))
                .to_owned(),
            tenant_table("warnings")
                .col(uuid("partnership_id"))
                .col(string("fingerprint"))
                .col(string("kind"))
                .col(string("severity"))
                .col(uuid_null("organization_id"))
                .col(json_binary("records"))
                .col(text("explanation"))
                .col(text("suggested_action"))
                .col(boolean("restricted"))
                .col(date("raised_on"))
                .col(date_null("cleared_on"))
                .col(string("state"))
                .col(date_null("snoozed_until"))
                .col(text_null("state_reason"))
                .col(uuid_null("state_by"))
                .col(timestamp_with_time_zone_null("state_at"))
                .foreign_key(&mut reference("warnings", "partnership_id", "partnerships"))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        let indexes = [
            index(
                "reliability_entries",
                "reliability_entries_by_key",
                &["workspace_id", "key_kind", "subject_id", "counterpart_id"],
            )
            .unique()
            .to_owned(),
            index("partnership_health", "partnership_health_by_index", &["workspace_id", "health_index"]),
            index("warnings", "warnings_by_partnership", &["partnership_id", "fingerprint"]),
            index("warnings", "warnings_current", &["workspace_id", "cleared_on", "id"]),
            index("commitments", "commitments_by_due_date", &["workspace_id", "due_on"]),
            // Recompute walks a workspace's commitments in id order, 5,000 at a time; without
            // this SQLite sorts the whole workspace for every batch.
            index("commitments", "commitments_by_workspace", &["workspace_id", "id"]),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}
