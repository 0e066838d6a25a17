use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference, tenant_table};

/// Contact follow-up (SPEC 2, "networking with purpose"): who in the workspace keeps in touch
/// with a contact, and a log of each time they were in touch, which resets the follow-up clock.
pub(super) struct ContactFollowUp;

impl MigrationName for ContactFollowUp {
    fn name(&self) -> &str {
        "m20261123_000007_contact_follow_up"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for ContactFollowUp {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        manager.alter_table(Table::alter().table("contacts").add_column(uuid_null("owner_user_id")).to_owned()).await?;
        manager
            .create_table(
                tenant_table("contact_notes")
                    .col(uuid("contact_id"))
                    .col(date("noted_on"))
                    .col(text("note"))
                    // Set when the note was written by logging a check-in the contact attended.
                    .col(uuid_null("checkin_id"))
                    .col(uuid_null("author_user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("contact_notes", "contact_id", "contacts"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("contact_notes", "contact_notes_by_contact", &["contact_id", "noted_on"])).await?;
        manager.create_index(index("contacts", "contacts_by_owner", &["workspace_id", "owner_user_id"])).await
    }
}
