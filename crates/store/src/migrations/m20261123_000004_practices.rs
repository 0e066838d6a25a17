use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference, tenant_table};

/// The practices that keep partnerships healthy (SPEC 2): concerns and the steps of their
/// lifecycle, kudos, the contribution ledger, retrospectives, and the append-only activity log.
pub(super) struct Practices;

impl MigrationName for Practices {
    fn name(&self) -> &str {
        "m20261123_000004_practices"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Practices {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            tenant_table("concerns")
                .col(uuid("partnership_id"))
                .col(uuid_null("organization_id"))
                .col(string("title"))
                .col(text("description"))
                .col(string("severity"))
                .col(string("visibility"))
                .col(string("state"))
                .col(uuid("raised_by"))
                .col(timestamp_with_time_zone("raised_at"))
                .col(date("acknowledge_by"))
                .col(date_null("acknowledged_on"))
                .col(uuid_null("mediator_user_id"))
                .col(text_null("resolution"))
                .col(date_null("closed_on"))
                .col(integer("version"))
                .foreign_key(&mut reference("concerns", "partnership_id", "partnerships"))
                .to_owned(),
            tenant_table("concern_transitions")
                .col(uuid("concern_id"))
                .col(string_null("from_state"))
                .col(string("to_state"))
                .col(text_null("note"))
                .col(uuid_null("mediator_user_id"))
                .col(uuid("actor_user_id"))
                .col(timestamp_with_time_zone("occurred_at"))
                .foreign_key(&mut reference("concern_transitions", "concern_id", "concerns"))
                .to_owned(),
            // `about_kind`/`about_id`: the commitment, milestone or goal thanked for.
            tenant_table("kudos")
                .col(uuid_null("partnership_id"))
                .col(uuid("from_user_id"))
                .col(uuid_null("from_organization_id"))
                .col(uuid_null("to_user_id"))
                .col(uuid_null("to_organization_id"))
                .col(text("message"))
                .col(string_null("about_kind"))
                .col(uuid_null("about_id"))
                .col(date("given_on"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut reference("kudos", "partnership_id", "partnerships"))
                .to_owned(),
            tenant_table("contributions")
                .col(uuid("partnership_id"))
                .col(uuid("organization_id"))
                .col(string("kind"))
                .col(double("amount"))
                .col(string("unit"))
                .col(date("contributed_on"))
                .col(text_null("note"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut reference("contributions", "partnership_id", "partnerships"))
                .to_owned(),
            tenant_table("retrospectives")
                .col(uuid("partnership_id"))
                .col(string("title"))
                .col(string("trigger"))
                .col(uuid_null("milestone_id"))
                .col(date("held_on"))
                .col(uuid("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut reference("retrospectives", "partnership_id", "partnerships"))
                .to_owned(),
            // Like survey answers: random (UUIDv4) ids and no time, and no author when anonymous.
            tenant_table("retrospective_items")
                .col(uuid("retrospective_id"))
                .col(string("kind"))
                .col(text("text"))
                .col(uuid_null("author_user_id"))
                .col(uuid_null("commitment_id"))
                .foreign_key(&mut reference("retrospective_items", "retrospective_id", "retrospectives"))
                .to_owned(),
            // Rows are only ever inserted: nothing in Rapport updates or deletes them.
            tenant_table("activity_log")
                .col(timestamp_with_time_zone("occurred_at"))
                .col(uuid_null("actor_user_id"))
                .col(string("record_kind"))
                .col(uuid("record_id"))
                .col(uuid_null("partnership_id"))
                .col(string("action"))
                .col(text("summary"))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        let indexes = [
            index("concerns", "concerns_by_partnership", &["partnership_id", "id"]),
            index("concerns", "concerns_by_workspace", &["workspace_id", "id"]),
            index("concern_transitions", "concern_transitions_by_concern", &["concern_id", "id"]),
            index("kudos", "kudos_by_workspace", &["workspace_id", "id"]),
            index("kudos", "kudos_by_partnership", &["partnership_id", "id"]),
            index("contributions", "contributions_by_partnership", &["partnership_id", "contributed_on"]),
            index("retrospectives", "retrospectives_by_partnership", &["partnership_id", "held_on"]),
            index("retrospective_items", "retrospective_items_by_retrospective", &["retrospective_id", "kind"]),
            index("activity_log", "activity_log_by_workspace", &["workspace_id", "id"]),
            index("activity_log", "activity_log_by_record", &["record_id", "id"]),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}
