use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference, tenant_table};

/// Survey anonymity against someone who reads the database (issue 19, ARCHITECTURE.md
/// "Survey anonymity"):
/// - `survey_answer_pool`: a response waits here, written with its participation, until the
///   survey's pool holds `k` of them; they are then released into `survey_responses` and
///   `survey_answers` in a random order and deleted from the pool;
/// - `surveys.sealed_at`: after close, every response of the survey was rewritten once more in
///   a random order, and its published results fixed in `survey_publications`;
/// - `surveys.groups`: the partnerships and their members when the survey was sent, the only
///   partnership groups its results report;
/// - `survey_responses.through_link`: results count link respondents per group;
/// - `survey_invitations.created_by`: who made a link, who may not answer it themselves.
pub(super) struct SurveyAnonymity;

impl MigrationName for SurveyAnonymity {
    fn name(&self) -> &str {
        "m20261206_000012_survey_anonymity"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for SurveyAnonymity {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                tenant_table("survey_answer_pool")
                    .col(uuid("survey_id"))
                    .col(json_binary("response"))
                    .foreign_key(&mut reference("survey_answer_pool", "survey_id", "surveys"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("survey_answer_pool", "survey_answer_pool_by_survey", &["survey_id"])).await?;
        manager
            .create_table(
                tenant_table("survey_publications")
                    .col(uuid("survey_id"))
                    .col(boolean("reader_answered"))
                    .col(json_binary("results"))
                    .foreign_key(&mut reference("survey_publications", "survey_id", "surveys"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("survey_publications", "survey_publications_once", &["survey_id", "reader_answered"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite alters one column at a time.
        let alterations = [
            Table::alter().table("surveys").add_column(timestamp_with_time_zone_null("sealed_at")).to_owned(),
            Table::alter().table("surveys").add_column(json_binary_null("groups")).to_owned(),
            Table::alter().table("survey_responses").add_column(boolean("through_link").default(false)).to_owned(),
            Table::alter().table("survey_invitations").add_column(uuid_null("created_by")).to_owned(),
        ];
        for alteration in alterations {
            manager.alter_table(alteration).await?;
        }
        Ok(())
    }
}
