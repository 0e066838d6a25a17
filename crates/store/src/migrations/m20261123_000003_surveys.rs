use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference, tenant_table};

/// Pulse surveys (SPEC 4). Answers are kept apart from people: `survey_responses` and
/// `survey_answers` hold no user, no token and no time (random UUIDv4 ids, the survey as the
/// wave); who has answered lives in `survey_participations`, which points at the invitation and
/// never at an answer.
pub(super) struct Surveys;

impl MigrationName for Surveys {
    fn name(&self) -> &str {
        "m20261123_000003_surveys"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Surveys {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            tenant_table("surveys")
                .col(uuid_null("partnership_id"))
                .col(string("title"))
                .col(json_binary("questions"))
                .col(integer("k"))
                .col(integer("k_comments"))
                .col(date("opens_on"))
                .col(date("closes_on"))
                .col(json_binary("organization_ids"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut reference("surveys", "partnership_id", "partnerships"))
                .to_owned(),
            // An account (`user_id`) or a single-use link (`token_hash`, its SHA-256), answering
            // for one organisation.
            tenant_table("survey_invitations")
                .col(uuid("survey_id"))
                .col(uuid_null("user_id"))
                .col(uuid("organization_id"))
                .col(string_null("token_hash"))
                .foreign_key(&mut reference("survey_invitations", "survey_id", "surveys"))
                .to_owned(),
            // One row per invitation that has answered; the unique index refuses a second answer.
            tenant_table("survey_participations")
                .col(uuid("survey_id"))
                .col(uuid("invitation_id"))
                .foreign_key(&mut reference("survey_participations", "invitation_id", "survey_invitations"))
                .to_owned(),
            tenant_table("survey_responses")
                .col(uuid("survey_id"))
                .col(uuid("organization_id"))
                .foreign_key(&mut reference("survey_responses", "survey_id", "surveys"))
                .to_owned(),
            tenant_table("survey_answers")
                .col(uuid("survey_id"))
                .col(uuid("response_id"))
                .col(string("question"))
                .col(uuid_null("about_organization_id"))
                .col(integer_null("rating"))
                .col(json_binary("choices"))
                .col(text_null("text"))
                .foreign_key(&mut reference("survey_answers", "response_id", "survey_responses"))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        let indexes = [
            index("surveys", "surveys_by_workspace", &["workspace_id", "id"]),
            index("surveys", "surveys_by_partnership", &["partnership_id", "closes_on"]),
            index("survey_invitations", "survey_invitations_by_user", &["survey_id", "user_id"]).unique().to_owned(),
            index("survey_invitations", "survey_invitations_by_token", &["token_hash"]).unique().to_owned(),
            index("survey_participations", "survey_participations_once", &["invitation_id"]).unique().to_owned(),
            index("survey_participations", "survey_participations_by_survey", &["survey_id"]),
            index("survey_responses", "survey_responses_by_survey", &["survey_id"]),
            index("survey_answers", "survey_answers_by_survey", &["survey_id"]),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}
