use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(super) struct AssessmentStamps;

impl MigrationName for AssessmentStamps {
    fn name(&self) -> &str {
        "m20261202_000011_assessment_stamps"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for AssessmentStamps {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Renewed by every refresh of a partnership's trust state, so a server can tell whether
        // the assessment it keeps in memory still holds without reading the evidence again.
        manager.alter_table(Table::alter().table("partnership_health").add_column(uuid_null("stamp")).to_owned()).await
    }
}
