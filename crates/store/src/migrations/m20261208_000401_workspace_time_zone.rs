use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

/// A workspace's time zone (issue 22): the IANA name that decides its "today" and how moments
/// are shown on its pages. Every workspace made before lived by UTC, and keeps doing so.
pub(super) struct WorkspaceTimeZone;

impl MigrationName for WorkspaceTimeZone {
    fn name(&self) -> &str {
        "m20261208_000401_workspace_time_zone"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for WorkspaceTimeZone {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table("workspaces").add_column(string_len("time_zone", 64).default("UTC")).to_owned(),
            )
            .await
    }
}
