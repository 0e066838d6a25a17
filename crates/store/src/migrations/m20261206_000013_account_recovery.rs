use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference};

/// Accounts people can recover (issue 20):
/// - `password_resets`: a "forgot password" link, stored as the SHA-256 of its secret, single
///   use (`used_at`) and short-lived (`expires_at`);
/// - `invitations.revoked_at`: an invitation its inviter withdrew;
/// - `sessions.last_seen_at`: when a browser session was last used, to the minute, so its owner
///   can tell their sessions apart in Settings.
pub(super) struct AccountRecovery;

impl MigrationName for AccountRecovery {
    fn name(&self) -> &str {
        "m20261206_000013_account_recovery"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for AccountRecovery {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("password_resets")
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(string_uniq("token_hash"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .foreign_key(&mut reference("password_resets", "user_id", "users"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("password_resets", "password_resets_by_user", &["user_id"])).await?;
        // One column per statement: SQLite alters one column at a time.
        let alterations = [
            Table::alter().table("invitations").add_column(timestamp_with_time_zone_null("revoked_at")).to_owned(),
            Table::alter().table("sessions").add_column(timestamp_with_time_zone_null("last_seen_at")).to_owned(),
        ];
        for alteration in alterations {
            manager.alter_table(alteration).await?;
        }
        manager.create_index(index("invitations", "invitations_by_workspace", &["workspace_id", "created_at"])).await
    }
}
