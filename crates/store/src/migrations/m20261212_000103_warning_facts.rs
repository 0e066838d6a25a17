use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

/// Languages (issue 25): a warning keeps the facts its sentences are written from (its reason
/// and that reason's numbers, days and names, as JSON), so pages word it in the reader's
/// language. Warnings stored before keep `NULL` until the next refresh finds them again and
/// writes their facts; until then pages show their stored English sentences.
pub(super) struct WarningFacts;

impl MigrationName for WarningFacts {
    fn name(&self) -> &str {
        "m20261212_000103_warning_facts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for WarningFacts {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("warnings").add_column(json_binary_null("facts")).to_owned()).await
    }
}
