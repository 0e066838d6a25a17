use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference, tenant_table};

/// What each closed survey wave says about each partnership's perceived trust, kept once
/// computed: answers cannot change after a survey closes, and recomputing the anonymised results
/// of a whole-network survey on every refresh of every partnership would read all its answers
/// each time.
pub(super) struct SurveyWaves;

impl MigrationName for SurveyWaves {
    fn name(&self) -> &str {
        "m20261123_000005_survey_waves_and_pulses"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for SurveyWaves {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                tenant_table("survey_waves")
                    .col(uuid("survey_id"))
                    .col(uuid("partnership_id"))
                    // `None` when the anonymity rules hide it.
                    .col(double_null("trust_percent"))
                    .foreign_key(&mut reference("survey_waves", "survey_id", "surveys"))
                    .foreign_key(&mut reference("survey_waves", "partnership_id", "partnerships"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("survey_waves", "survey_waves_once", &["survey_id", "partnership_id"]).unique().to_owned(),
            )
            .await?;
        // A partnership that asks for a pulse after each check-in; `id` is the partnership's.
        manager
            .create_table(
                tenant_table("pulse_settings")
                    .col(boolean("after_checkin"))
                    .col(integer("days_open"))
                    .foreign_key(&mut reference("pulse_settings", "id", "partnerships"))
                    .to_owned(),
            )
            .await
    }
}
