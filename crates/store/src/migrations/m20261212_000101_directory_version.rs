use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

/// Issue 23: a workspace's directory version, moved by every write to its organisations, so
/// answers worked out from the kept network and the directory (a map, partner suggestions) can
/// be kept between requests and known stale, by every server, as soon as an organisation changes.
pub(super) struct DirectoryVersion;

impl MigrationName for DirectoryVersion {
    fn name(&self) -> &str {
        "m20261212_000101_directory_version"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for DirectoryVersion {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table("workspaces").add_column(big_integer("directory_version").default(0)).to_owned(),
            )
            .await
    }
}
