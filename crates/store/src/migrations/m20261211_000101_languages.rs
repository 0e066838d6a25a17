use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

/// Languages (issue 25): a person's own choice of language (none: their browser's, else the
/// workspace's) and the language a workspace speaks by default. Every workspace made before spoke
/// English, and keeps doing so.
pub(super) struct Languages;

impl MigrationName for Languages {
    fn name(&self) -> &str {
        "m20261211_000101_languages"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Languages {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("users").add_column(string_len_null("language", 16)).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("workspaces")
                    .add_column(string_len("default_language", 16).default("en"))
                    .to_owned(),
            )
            .await
    }
}
