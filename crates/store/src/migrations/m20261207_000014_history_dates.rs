use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

/// History entered as it happened (issue 22): the day a promise was made and the day a
/// partnership started, when either is recorded afterwards. Empty means the day the record was
/// created, which is what every row written before this migration meant.
pub(super) struct HistoryDates;

impl MigrationName for HistoryDates {
    fn name(&self) -> &str {
        "m20261207_000014_history_dates"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for HistoryDates {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        let alterations = [
            Table::alter().table("commitments").add_column(date_null("made_on")).to_owned(),
            Table::alter().table("partnerships").add_column(date_null("started_on")).to_owned(),
        ];
        for alteration in alterations {
            manager.alter_table(alteration).await?;
        }
        Ok(())
    }
}
