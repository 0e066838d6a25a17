use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::reference;

pub(super) struct Reminders;

impl MigrationName for Reminders {
    fn name(&self) -> &str {
        "m20261201_000009_reminders"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Reminders {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per person who changed the defaults (e-mail reminders and digest on); `id` is
        // the user's id.
        manager
            .create_table(
                Table::create()
                    .table("notification_settings")
                    .col(pk_uuid("id"))
                    .col(boolean("email_reminders"))
                    .col(boolean("weekly_digest"))
                    .col(date_null("muted_until"))
                    .col(json_binary("muted_kinds"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut reference("notification_settings", "id", "users"))
                    .to_owned(),
            )
            .await
    }
}
