//! Pulse surveys and their anonymous answers (SPEC 4).
//!
//! The promise to respondents is kept here, where answers are read and written:
//! - an answer row carries no user, no token and no time: a random UUIDv4 id (never time
//!   ordered), the survey it belongs to (the wave) and the organisation it speaks for;
//! - who has answered is a separate participation row pointing at the invitation, written in the
//!   same transaction as the answers and made unique, so a second answer is refused atomically;
//! - single-use links are stored as SHA-256 hashes on the invitation, never beside answers;
//! - nothing public in this module returns an individual answer: results leave only through
//!   [`rapport_core::survey::results`], which applies the anonymity rules, and only after close;
//! - nothing physical links an answer to its participation (ARCHITECTURE.md, "Survey
//!   anonymity"): a response waits in `survey_answer_pool`, written with its participation so
//!   that no acknowledged answer is lost, until the survey's pool holds `k` responses; the pool
//!   is then released into `survey_responses` and `survey_answers` in a random order, in one
//!   transaction, and its rows deleted (zeroed on SQLite by `secure_delete`, vacuumed away on
//!   PostgreSQL). Once the survey has closed it is sealed: the last responses leave the pool
//!   and every response of the survey is written once more in a random order, so the last
//!   batch hides among all the others too; its results are then computed once, for readers
//!   who did and did not answer, and kept in `survey_publications`, never to change.

use std::collections::{BTreeMap, HashMap};

use rapport_core::access::Viewer;
use rapport_core::survey::anonymity::visible_count;
use rapport_core::survey::results::ResultsInput;
use rapport_core::survey::{
    Question, Respondent, StoredAnswer, Survey, SurveyResults, SurveyState, ValidResponse, ValidSurvey, results,
};
use rapport_core::trust::snapshot::SurveyWaveFact;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use uuid::Uuid;

use crate::convert::{json_list, uuids};
use crate::entities::*;
use crate::rows::OneRow;
use crate::{Page, PageRequest, Store, StoreError, StoreResult, into_page};

/// Someone's invitation to answer, as the HTTP layer needs it to let them answer.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyInvitation {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub survey_id: Uuid,
    pub organization_id: Uuid,
    pub answered: bool,
    /// A single-use link rather than an account's invitation.
    pub through_link: bool,
    /// Who made the link, for a link.
    pub made_by: Option<Uuid>,
}

/// How many have answered, under the rule that a count below `k` is never shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseCount {
    pub invited: u32,
    /// `None` while fewer than `k` have answered.
    pub responses: Option<u32>,
}

/// A valid survey with whom it asks: the organisations rated and the people invited, each
/// answering for one organisation (`rapport_core::survey::invitees`).
#[derive(Debug, Clone)]
pub struct SurveyToSend {
    pub survey: ValidSurvey,
    pub organization_ids: Vec<Uuid>,
    pub invitees: Vec<(Uuid, Uuid)>,
}

impl Store {
    /// Sends a survey: stores it with the organisations asked and invites its invitees.
    pub async fn create_survey(
        &self,
        workspace_id: Uuid,
        sent: &SurveyToSend,
        by: Option<Uuid>,
    ) -> StoreResult<Survey> {
        let txn = self.begin_write().await?;
        let id = self.insert_survey(&txn, workspace_id, sent, by).await?;
        txn.commit().await?;
        self.survey(workspace_id, id).await
    }

    /// Writes a survey and its invitations inside `conn`'s transaction.
    pub(crate) async fn insert_survey(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        sent: &SurveyToSend,
        by: Option<Uuid>,
    ) -> StoreResult<Uuid> {
        let survey = &sent.survey;
        let questions = serde_json::to_value(&survey.questions).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        // A survey of the whole network reports on the partnerships as they stand now, never on
        // ones made or changed later (an ad-hoc grouping).
        let groups = match survey.partnership_id {
            None => Some(
                serde_json::to_value(self.partnership_groups(conn, workspace_id).await?)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            ),
            Some(_) => None,
        };
        let id = Uuid::now_v7();
        surveys::ActiveModel {
            id: Set(id),
            workspace_id: Set(workspace_id),
            partnership_id: Set(survey.partnership_id),
            title: Set(survey.title.clone()),
            questions: Set(questions),
            k: Set(survey.k as i32),
            k_comments: Set(survey.k_comments as i32),
            opens_on: Set(survey.opens_on),
            closes_on: Set(survey.closes_on),
            organization_ids: Set(json_list(&sent.organization_ids)),
            created_by: Set(by),
            created_at: Set(self.now()),
            sealed_at: Set(None),
            groups: Set(groups),
        }
        .insert(conn)
        .await?;
        for (user_id, organization_id) in &sent.invitees {
            survey_invitations::ActiveModel {
                id: Set(Uuid::new_v4()),
                workspace_id: Set(workspace_id),
                survey_id: Set(id),
                user_id: Set(Some(*user_id)),
                organization_id: Set(*organization_id),
                token_hash: Set(None),
                created_by: Set(None),
            }
            .insert(conn)
            .await?;
        }
        Ok(id)
    }

    pub async fn survey(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Survey> {
        let row = surveys::Entity::find_by_id(id)
            .filter(surveys::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.survey_records(vec![row]).await?.remove(0))
    }

    /// The surveys `viewer` may see, newest first: all of them for the whole-workspace roles;
    /// for members, surveys of the whole network and of partnerships they belong to.
    pub async fn surveys(&self, viewer: &Viewer, page: PageRequest) -> StoreResult<Page<Survey>> {
        let mut query = surveys::Entity::find().filter(surveys::Column::WorkspaceId.eq(viewer.workspace_id));
        if !viewer.sees_whole_workspace() {
            query = query.filter(
                sea_orm::Condition::any().add(surveys::Column::PartnershipId.is_null()).add(
                    surveys::Column::PartnershipId.in_subquery(
                        Query::select()
                            .column(partnership_members::Column::PartnershipId)
                            .from(partnership_members::Entity)
                            .and_where(partnership_members::Column::OrganizationId.is_in(viewer.organizations.clone()))
                            .to_owned(),
                    ),
                ),
            );
        }
        if let Some(after) = page.after {
            query = query.filter(surveys::Column::Id.lt(after));
        }
        let rows = query.order_by_desc(surveys::Column::Id).limit(page.limit + 1).all(&self.db).await?;
        let items = self.survey_records(rows).await?;
        Ok(into_page(items, page.limit, |s| s.id))
    }

    async fn survey_records(&self, rows: Vec<surveys::Model>) -> StoreResult<Vec<Survey>> {
        let today = self.today();
        let mut partnership_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.partnership_id).collect();
        partnership_ids.sort();
        partnership_ids.dedup();
        let names: HashMap<Uuid, String> = partnerships::Entity::find()
            .select_only()
            .column(partnerships::Column::Id)
            .column(partnerships::Column::Name)
            .filter(partnerships::Column::Id.is_in(partnership_ids))
            .into_tuple::<(Uuid, String)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let mut surveys = Vec::with_capacity(rows.len());
        for row in rows {
            let invited = survey_invitations::Entity::find()
                .filter(survey_invitations::Column::SurveyId.eq(row.id))
                .count(&self.db)
                .await? as u32;
            let questions: Vec<Question> = serde_json::from_value(row.questions.clone())
                .map_err(|e| StoreError::Corrupt(format!("surveys.questions: {e}")))?;
            surveys.push(Survey {
                id: row.id,
                title: row.title,
                partnership_name: row.partnership_id.and_then(|p| names.get(&p).cloned()),
                partnership_id: row.partnership_id,
                opens_on: row.opens_on,
                closes_on: row.closes_on,
                state: SurveyState::on(today, row.opens_on, row.closes_on),
                k: row.k as u32,
                k_comments: row.k_comments as u32,
                questions,
                organization_ids: uuids(&row.organization_ids),
                invited,
                created_at: row.created_at,
            });
        }
        Ok(surveys)
    }

    /// Adds a single-use link for someone without an account, answering for `organization_id`,
    /// made by `by`. Only the link's hash is kept.
    pub async fn add_survey_link(
        &self,
        workspace_id: Uuid,
        survey_id: Uuid,
        organization_id: Uuid,
        token_hash: &str,
        by: Uuid,
    ) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        survey_invitations::ActiveModel {
            id: Set(Uuid::new_v4()),
            workspace_id: Set(workspace_id),
            survey_id: Set(survey_id),
            user_id: Set(None),
            organization_id: Set(organization_id),
            token_hash: Set(Some(token_hash.to_owned())),
            created_by: Set(Some(by)),
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::from_write(e, "this link already exists"))?;
        txn.commit().await?;
        Ok(())
    }

    async fn invitation(&self, row: survey_invitations::Model) -> StoreResult<SurveyInvitation> {
        let answered = survey_participations::Entity::find()
            .filter(survey_participations::Column::InvitationId.eq(row.id))
            .count(&self.db)
            .await?
            > 0;
        Ok(SurveyInvitation {
            id: row.id,
            workspace_id: row.workspace_id,
            survey_id: row.survey_id,
            organization_id: row.organization_id,
            answered,
            through_link: row.token_hash.is_some(),
            made_by: row.created_by,
        })
    }

    /// The invitation of `user_id` to the survey, if they were invited.
    pub async fn survey_invitation_of(
        &self,
        workspace_id: Uuid,
        survey_id: Uuid,
        user_id: Uuid,
    ) -> StoreResult<Option<SurveyInvitation>> {
        let row = survey_invitations::Entity::find()
            .filter(survey_invitations::Column::WorkspaceId.eq(workspace_id))
            .filter(survey_invitations::Column::SurveyId.eq(survey_id))
            .filter(survey_invitations::Column::UserId.eq(user_id))
            .one(&self.db)
            .await?;
        match row {
            Some(row) => Ok(Some(self.invitation(row).await?)),
            None => Ok(None),
        }
    }

    /// How many are invited (accounts and links) to answer for each organisation of a survey.
    pub async fn survey_invitees_by_organization(
        &self,
        workspace_id: Uuid,
        survey_id: Uuid,
    ) -> StoreResult<HashMap<Uuid, u32>> {
        let organizations: Vec<Uuid> = survey_invitations::Entity::find()
            .select_only()
            .column(survey_invitations::Column::OrganizationId)
            .filter(survey_invitations::Column::WorkspaceId.eq(workspace_id))
            .filter(survey_invitations::Column::SurveyId.eq(survey_id))
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut counts = HashMap::new();
        for organization in organizations {
            *counts.entry(organization).or_insert(0) += 1;
        }
        Ok(counts)
    }

    /// Closes an open survey now: its last day of answering becomes yesterday, so it is closed
    /// today and its results can be sealed and published.
    pub async fn close_survey(&self, workspace_id: Uuid, survey_id: Uuid) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let closed = surveys::Entity::update_many()
            .col_expr(
                surveys::Column::ClosesOn,
                sea_orm::sea_query::Expr::value(self.today() - chrono::Duration::days(1)),
            )
            .filter(surveys::Column::Id.eq(survey_id))
            .filter(surveys::Column::WorkspaceId.eq(workspace_id))
            .exec(&txn)
            .await?;
        closed.one_row_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(())
    }

    /// Whether `user_id` may know an answer of this survey: they answered it from their account,
    /// or made single-use links for it (and may have answered through one).
    pub async fn knows_an_answer(&self, workspace_id: Uuid, survey_id: Uuid, user_id: Uuid) -> StoreResult<bool> {
        let made_links = survey_invitations::Entity::find()
            .filter(survey_invitations::Column::WorkspaceId.eq(workspace_id))
            .filter(survey_invitations::Column::SurveyId.eq(survey_id))
            .filter(survey_invitations::Column::CreatedBy.eq(user_id))
            .count(&self.db)
            .await?
            > 0;
        if made_links {
            return Ok(true);
        }
        Ok(self.survey_invitation_of(workspace_id, survey_id, user_id).await?.is_some_and(|i| i.answered))
    }

    /// The invitation behind a single-use link.
    pub async fn survey_invitation_by_token(&self, token_hash: &str) -> StoreResult<SurveyInvitation> {
        let row = survey_invitations::Entity::find()
            .filter(survey_invitations::Column::TokenHash.eq(token_hash))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.invitation(row).await
    }

    /// Surveys `user_id` is invited to that are open today, each with whether they answered.
    pub async fn open_surveys_of(&self, workspace_id: Uuid, user_id: Uuid) -> StoreResult<Vec<(Survey, bool)>> {
        let today = self.today();
        let invitations = survey_invitations::Entity::find()
            .filter(survey_invitations::Column::WorkspaceId.eq(workspace_id))
            .filter(survey_invitations::Column::UserId.eq(user_id))
            .all(&self.db)
            .await?;
        let survey_ids: Vec<Uuid> = invitations.iter().map(|i| i.survey_id).collect();
        let rows = surveys::Entity::find()
            .filter(surveys::Column::WorkspaceId.eq(workspace_id))
            .filter(surveys::Column::Id.is_in(survey_ids))
            .filter(surveys::Column::OpensOn.lte(today))
            .filter(surveys::Column::ClosesOn.gte(today))
            .order_by_asc(surveys::Column::ClosesOn)
            .all(&self.db)
            .await?;
        let mut open = Vec::new();
        for survey in self.survey_records(rows).await? {
            let answered = match invitations.iter().find(|i| i.survey_id == survey.id) {
                Some(row) => self.invitation(row.clone()).await?.answered,
                None => false,
            };
            open.push((survey, answered));
        }
        Ok(open)
    }

    /// The organisations a respondent answering for `organization_id` may rate: the others
    /// asked, and in a survey of the whole network only those it shares a partnership with.
    pub async fn survey_partners(
        &self,
        workspace_id: Uuid,
        survey: &Survey,
        organization_id: Uuid,
    ) -> StoreResult<Vec<(Uuid, String)>> {
        let mut candidates: Vec<Uuid> =
            survey.organization_ids.iter().copied().filter(|o| *o != organization_id).collect();
        if survey.partnership_id.is_none() {
            let mine: Vec<Uuid> = partnership_members::Entity::find()
                .select_only()
                .column(partnership_members::Column::PartnershipId)
                .filter(partnership_members::Column::WorkspaceId.eq(workspace_id))
                .filter(partnership_members::Column::OrganizationId.eq(organization_id))
                .into_tuple()
                .all(&self.db)
                .await?;
            let partners: Vec<Uuid> = partnership_members::Entity::find()
                .select_only()
                .column(partnership_members::Column::OrganizationId)
                .filter(partnership_members::Column::PartnershipId.is_in(mine))
                .into_tuple()
                .all(&self.db)
                .await?;
            candidates.retain(|o| partners.contains(o));
        }
        let mut named: Vec<(Uuid, String)> = organizations::Entity::find()
            .select_only()
            .column(organizations::Column::Id)
            .column(organizations::Column::Name)
            .filter(organizations::Column::WorkspaceId.eq(workspace_id))
            .filter(organizations::Column::Id.is_in(candidates))
            .into_tuple()
            .all(&self.db)
            .await?;
        named.sort_by(|a, b| (&a.1, a.0).cmp(&(&b.1, b.0)));
        Ok(named)
    }

    /// Records one response for `invitation`: its participation and the response, pooled, in one
    /// transaction. A second response for the same invitation is refused (`Conflict`) by the
    /// unique index on participation, whatever the timing. Once the survey's pool holds `k`
    /// responses they are released into the survey's answers, in a random order.
    pub async fn record_response(&self, invitation: &SurveyInvitation, response: &ValidResponse) -> StoreResult<()> {
        let workspace_id = invitation.workspace_id;
        let survey = surveys::Entity::find_by_id(invitation.survey_id)
            .filter(surveys::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let pooled = PooledResponse {
            organization_id: invitation.organization_id,
            through_link: invitation.through_link,
            answers: response.answers.clone(),
        };
        let response = serde_json::to_value(&pooled).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let txn = self.begin_write().await?;
        survey_participations::ActiveModel {
            id: Set(Uuid::new_v4()),
            workspace_id: Set(workspace_id),
            survey_id: Set(invitation.survey_id),
            invitation_id: Set(invitation.id),
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::from_write(e, "this survey has already been answered with this invitation"))?;
        survey_answer_pool::ActiveModel {
            id: Set(Uuid::new_v4()),
            workspace_id: Set(workspace_id),
            survey_id: Set(invitation.survey_id),
            response: Set(response),
        }
        .insert(&txn)
        .await?;
        let waiting = survey_answer_pool::Entity::find()
            .filter(survey_answer_pool::Column::SurveyId.eq(invitation.survey_id))
            .count(&txn)
            .await?;
        let released = if waiting >= u64::from(survey.k.max(0) as u32) {
            self.release_pool_in(&txn, workspace_id, invitation.survey_id).await?
        } else {
            0
        };
        txn.commit().await?;
        if released > 0 {
            self.sweep_deleted_answers(&["survey_answer_pool"]).await;
        }
        Ok(())
    }

    /// Moves every pooled response of the survey into its answers, in a random order, and
    /// deletes them from the pool. Returns how many moved.
    async fn release_pool_in(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        survey_id: Uuid,
    ) -> StoreResult<usize> {
        let rows = survey_answer_pool::Entity::find()
            .filter(survey_answer_pool::Column::WorkspaceId.eq(workspace_id))
            .filter(survey_answer_pool::Column::SurveyId.eq(survey_id))
            .all(conn)
            .await?;
        let mut responses = Vec::with_capacity(rows.len());
        for row in &rows {
            let pooled: PooledResponse = serde_json::from_value(row.response.clone())
                .map_err(|e| StoreError::Corrupt(format!("survey_answer_pool.response: {e}")))?;
            responses.push(pooled);
        }
        survey_answer_pool::Entity::delete_many()
            .filter(survey_answer_pool::Column::WorkspaceId.eq(workspace_id))
            .filter(survey_answer_pool::Column::SurveyId.eq(survey_id))
            .exec(conn)
            .await?;
        let moved = responses.len();
        self.insert_shuffled(conn, workspace_id, survey_id, responses).await?;
        Ok(moved)
    }

    /// Writes `responses` into the survey's answers in a random order, with fresh random ids.
    async fn insert_shuffled(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        survey_id: Uuid,
        mut responses: Vec<PooledResponse>,
    ) -> StoreResult<()> {
        shuffle(&mut responses);
        let mut response_rows = Vec::with_capacity(responses.len());
        let mut answer_rows = Vec::new();
        for pooled in responses {
            let response_id = Uuid::new_v4();
            response_rows.push(survey_responses::ActiveModel {
                id: Set(response_id),
                workspace_id: Set(workspace_id),
                survey_id: Set(survey_id),
                organization_id: Set(pooled.organization_id),
                through_link: Set(pooled.through_link),
            });
            answer_rows.extend(pooled.answers.into_iter().map(|a| survey_answers::ActiveModel {
                id: Set(Uuid::new_v4()),
                workspace_id: Set(workspace_id),
                survey_id: Set(survey_id),
                response_id: Set(response_id),
                question: Set(a.question),
                about_organization_id: Set(a.about),
                rating: Set(a.rating),
                choices: Set(json_list(&a.choices)),
                text: Set(a.text),
            }));
        }
        for chunk in response_rows.chunks(500) {
            survey_responses::Entity::insert_many(chunk.to_vec()).exec(conn).await?;
        }
        for chunk in answer_rows.chunks(500) {
            survey_answers::Entity::insert_many(chunk.to_vec()).exec(conn).await?;
        }
        Ok(())
    }

    /// Seals a closed survey once: the pool is emptied, every response is written once more in
    /// a random order (the last batch released may hold fewer than `k`), and the results are
    /// published for readers who did and did not answer. Idempotent; a survey still open is
    /// left as it is.
    pub(crate) async fn seal_survey_in(
        &self,
        conn: &sea_orm::DatabaseTransaction,
        workspace_id: Uuid,
        survey: &Survey,
    ) -> StoreResult<bool> {
        if survey.state != SurveyState::Closed {
            return Ok(false);
        }
        let row = surveys::Entity::find_by_id(survey.id)
            .filter(surveys::Column::WorkspaceId.eq(workspace_id))
            .one(conn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut rewritten = false;
        if row.sealed_at.is_none() {
            self.release_pool_in(conn, workspace_id, survey.id).await?;
            let respondents = self.respondents(conn, workspace_id, survey.id).await?;
            survey_answers::Entity::delete_many()
                .filter(survey_answers::Column::WorkspaceId.eq(workspace_id))
                .filter(survey_answers::Column::SurveyId.eq(survey.id))
                .exec(conn)
                .await?;
            survey_responses::Entity::delete_many()
                .filter(survey_responses::Column::WorkspaceId.eq(workspace_id))
                .filter(survey_responses::Column::SurveyId.eq(survey.id))
                .exec(conn)
                .await?;
            let responses = respondents
                .into_iter()
                .map(|r| PooledResponse {
                    organization_id: r.organization_id,
                    through_link: r.through_link,
                    answers: r.answers,
                })
                .collect();
            self.insert_shuffled(conn, workspace_id, survey.id, responses).await?;
            surveys::Entity::update_many()
                .col_expr(surveys::Column::SealedAt, sea_orm::sea_query::Expr::value(Some(self.now())))
                .filter(surveys::Column::Id.eq(survey.id))
                .exec(conn)
                .await?;
            rewritten = true;
        }
        for reader_answered in [false, true] {
            self.publication_in(conn, workspace_id, survey, reader_answered).await?;
        }
        // The partnerships it asked about now have a new wave of perceived trust.
        let asked: Vec<Uuid> = match survey.partnership_id {
            Some(p) => vec![p],
            None => match row.groups {
                Some(groups) => serde_json::from_value::<Vec<(Uuid, String, Vec<Uuid>)>>(groups)
                    .map_err(|e| StoreError::Corrupt(format!("surveys.groups: {e}")))?
                    .into_iter()
                    .map(|(id, _, _)| id)
                    .collect(),
                None => Vec::new(),
            },
        };
        if !asked.is_empty() {
            self.refresh_trust_in(conn, workspace_id, &asked).await?;
        }
        Ok(rewritten)
    }

    /// Seals `survey` in a transaction of its own when it has closed and is not yet sealed.
    pub async fn seal_survey(&self, workspace_id: Uuid, survey: &Survey) -> StoreResult<()> {
        if survey.state != SurveyState::Closed || self.is_sealed(&self.db, workspace_id, survey.id).await? {
            return Ok(());
        }
        let txn = self.begin_write().await?;
        let rewritten = self.seal_survey_in(&txn, workspace_id, survey).await?;
        txn.commit().await?;
        if rewritten {
            self.sweep_deleted_answers(&["survey_answer_pool", "survey_responses", "survey_answers"]).await;
        }
        Ok(())
    }

    /// Seals every survey of the workspace that has closed since the last sweep.
    pub async fn seal_closed_surveys(&self, workspace_id: Uuid) -> StoreResult<usize> {
        let rows = surveys::Entity::find()
            .filter(surveys::Column::WorkspaceId.eq(workspace_id))
            .filter(surveys::Column::SealedAt.is_null())
            .filter(surveys::Column::ClosesOn.lt(self.today()))
            .all(&self.db)
            .await?;
        let count = rows.len();
        for survey in self.survey_records(rows).await? {
            self.seal_survey(workspace_id, &survey).await?;
        }
        Ok(count)
    }

    /// Sealed and published: its answers rewritten in a random order and both publications kept.
    async fn is_sealed(&self, conn: &impl ConnectionTrait, workspace_id: Uuid, survey_id: Uuid) -> StoreResult<bool> {
        let sealed = surveys::Entity::find_by_id(survey_id)
            .filter(surveys::Column::WorkspaceId.eq(workspace_id))
            .one(conn)
            .await?
            .is_some_and(|row| row.sealed_at.is_some());
        Ok(sealed
            && survey_publications::Entity::find()
                .filter(survey_publications::Column::WorkspaceId.eq(workspace_id))
                .filter(survey_publications::Column::SurveyId.eq(survey_id))
                .count(conn)
                .await?
                >= 2)
    }

    /// [`Store::publication_in`] read outside the write lock when the results are kept (as
    /// they are once the survey is sealed), else worked out and kept in a write transaction.
    async fn publication(
        &self,
        workspace_id: Uuid,
        survey: &Survey,
        reader_answered: bool,
    ) -> StoreResult<Option<SurveyResults>> {
        if let Some(kept) = self.kept_publication(&self.db, workspace_id, survey.id, reader_answered).await? {
            return Ok(Some(kept));
        }
        if survey.state != SurveyState::Closed {
            return Ok(None);
        }
        let txn = self.begin_write().await?;
        let results = self.publication_in(&txn, workspace_id, survey, reader_answered).await?;
        txn.commit().await?;
        Ok(results)
    }

    async fn kept_publication(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        survey_id: Uuid,
        reader_answered: bool,
    ) -> StoreResult<Option<SurveyResults>> {
        let kept = survey_publications::Entity::find()
            .filter(survey_publications::Column::WorkspaceId.eq(workspace_id))
            .filter(survey_publications::Column::SurveyId.eq(survey_id))
            .filter(survey_publications::Column::ReaderAnswered.eq(reader_answered))
            .one(conn)
            .await?;
        kept.map(|kept| {
            serde_json::from_value(kept.results)
                .map_err(|e| StoreError::Corrupt(format!("survey_publications.results: {e}")))
        })
        .transpose()
    }

    /// A sealed survey's published results for a reader who did (or did not) answer: computed
    /// once, kept, and never changed by later changes to the network.
    async fn publication_in(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        survey: &Survey,
        reader_answered: bool,
    ) -> StoreResult<Option<SurveyResults>> {
        if let Some(kept) = self.kept_publication(conn, workspace_id, survey.id, reader_answered).await? {
            return Ok(Some(kept));
        }
        if survey.state != SurveyState::Closed {
            return Ok(None);
        }
        let results = self.closed_survey_results(conn, workspace_id, survey, reader_answered).await?;
        // Only a sealed survey's results are kept; until it is sealed (on first reading, by the
        // daily sweep) the same numbers are worked out from its answers, pooled ones included.
        let sealed = surveys::Entity::find_by_id(survey.id).one(conn).await?.is_some_and(|row| row.sealed_at.is_some());
        if !sealed {
            return Ok(Some(results));
        }
        let stored = serde_json::to_value(&results).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        survey_publications::Entity::insert(survey_publications::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            survey_id: Set(survey.id),
            reader_answered: Set(reader_answered),
            results: Set(stored),
        })
        .on_conflict_do_nothing_on([survey_publications::Column::SurveyId, survey_publications::Column::ReaderAnswered])
        .exec(conn)
        .await?;
        Ok(Some(results))
    }

    /// Deleted answers must not stay readable in the database files. SQLite zeroes them as it
    /// deletes (`secure_delete`, set on every connection), but the write-ahead log still holds
    /// the pages as they were until a checkpoint, which is run now. PostgreSQL keeps dead row
    /// versions until a vacuum, so the tables are vacuumed now. These are maintenance
    /// statements with no counterpart on the other database, not queries written twice. A
    /// failure is logged: the rows are already deleted, and the next checkpoint or autovacuum
    /// removes them.
    async fn sweep_deleted_answers(&self, tables: &[&str]) {
        let statement = match self.backend() {
            sea_orm::DbBackend::Postgres => format!("VACUUM {}", tables.join(", ")),
            _ => "PRAGMA wal_checkpoint(TRUNCATE)".to_owned(),
        };
        if let Err(err) = self.db.execute_unprepared(&statement).await {
            tracing::warn!(error = %err, "could not sweep deleted survey answers away");
        }
    }

    /// How many were invited and, once at least `k`, how many have answered.
    pub async fn survey_response_count(&self, workspace_id: Uuid, survey: &Survey) -> StoreResult<ResponseCount> {
        let responses = survey_participations::Entity::find()
            .filter(survey_participations::Column::WorkspaceId.eq(workspace_id))
            .filter(survey_participations::Column::SurveyId.eq(survey.id))
            .count(&self.db)
            .await? as u32;
        Ok(ResponseCount { invited: survey.invited, responses: visible_count(responses, survey.k) })
    }

    /// A closed survey's published results, every group decided by the anonymity rules, for a
    /// reader who answered it (their own answer is known to them) or not. Before the survey
    /// closes there are none (`Conflict`).
    pub async fn survey_results(
        &self,
        workspace_id: Uuid,
        survey: &Survey,
        reader_answered: bool,
    ) -> StoreResult<SurveyResults> {
        if survey.state != SurveyState::Closed {
            return Err(StoreError::Conflict(format!(
                "results appear once the survey has closed, after {}",
                survey.closes_on
            )));
        }
        self.seal_survey(workspace_id, survey).await?;
        self.publication(workspace_id, survey, reader_answered)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("survey {} is sealed but not published", survey.id)))
    }

    /// Results computed from the stored answers, over the partnerships as they stood when the
    /// survey was sent.
    async fn closed_survey_results(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        survey: &Survey,
        reader_answered: bool,
    ) -> StoreResult<SurveyResults> {
        let mut respondents = self.respondents(conn, workspace_id, survey.id).await?;
        // The published numbers are a function of the answers alone, never of the order they are
        // stored in (sealing shuffles it): the auditor breaks ties by position.
        respondents.sort_by_cached_key(|r| {
            (r.organization_id, r.through_link, serde_json::to_string(&r.answers).unwrap_or_default())
        });
        // Only the organisations asked can answer or be rated: reading every organisation of
        // a large workspace for each survey made recomputing 20,000 partnerships crawl.
        let organizations: Vec<(Uuid, String)> = organizations::Entity::find()
            .select_only()
            .column(organizations::Column::Id)
            .column(organizations::Column::Name)
            .filter(organizations::Column::WorkspaceId.eq(workspace_id))
            .filter(organizations::Column::Id.is_in(survey.organization_ids.clone()))
            .into_tuple()
            .all(conn)
            .await?;
        let partnerships = if survey.partnership_id.is_none() {
            let row = surveys::Entity::find_by_id(survey.id).one(conn).await?.ok_or(StoreError::NotFound)?;
            match row.groups {
                Some(groups) => {
                    serde_json::from_value(groups).map_err(|e| StoreError::Corrupt(format!("surveys.groups: {e}")))?
                }
                // Sent before groups were kept: the partnerships of today.
                None => self.partnership_groups(conn, workspace_id).await?,
            }
        } else {
            Vec::new()
        };
        let input = ResultsInput {
            questions: &survey.questions,
            k: survey.k,
            k_comments: survey.k_comments,
            reader_answered,
            organizations: &organizations,
            partnerships: &partnerships,
        };
        Ok(results(&input, &respondents))
    }

    /// Every partnership with its members, as the groups of a survey of the whole network.
    async fn partnership_groups(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
    ) -> StoreResult<Vec<(Uuid, String, Vec<Uuid>)>> {
        let rows: Vec<(Uuid, String)> = partnerships::Entity::find()
            .select_only()
            .column(partnerships::Column::Id)
            .column(partnerships::Column::Name)
            .filter(partnerships::Column::WorkspaceId.eq(workspace_id))
            .filter(partnerships::Column::ArchivedAt.is_null())
            .into_tuple()
            .all(conn)
            .await?;
        let links: Vec<(Uuid, Uuid)> = partnership_members::Entity::find()
            .select_only()
            .column(partnership_members::Column::PartnershipId)
            .column(partnership_members::Column::OrganizationId)
            .filter(partnership_members::Column::WorkspaceId.eq(workspace_id))
            .into_tuple()
            .all(conn)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| (id, name, links.iter().filter(|(p, _)| *p == id).map(|(_, o)| *o).collect()))
            .collect())
    }

    /// The stored responses of a survey, those still in the pool included. Private on purpose:
    /// individual answers never leave this module except through `results`.
    async fn respondents(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        survey_id: Uuid,
    ) -> StoreResult<Vec<Respondent>> {
        let responses = survey_responses::Entity::find()
            .filter(survey_responses::Column::WorkspaceId.eq(workspace_id))
            .filter(survey_responses::Column::SurveyId.eq(survey_id))
            .all(conn)
            .await?;
        let answers = survey_answers::Entity::find()
            .filter(survey_answers::Column::WorkspaceId.eq(workspace_id))
            .filter(survey_answers::Column::SurveyId.eq(survey_id))
            .all(conn)
            .await?;
        let mut by_response: BTreeMap<Uuid, Respondent> = responses
            .into_iter()
            .map(|r| {
                let respondent = Respondent {
                    organization_id: r.organization_id,
                    answers: Vec::new(),
                    through_link: r.through_link,
                };
                (r.id, respondent)
            })
            .collect();
        for a in answers {
            if let Some(respondent) = by_response.get_mut(&a.response_id) {
                respondent.answers.push(StoredAnswer {
                    question: a.question,
                    about: a.about_organization_id,
                    rating: a.rating,
                    choices: crate::convert::strings(&a.choices),
                    text: a.text,
                });
            }
        }
        let pooled = survey_answer_pool::Entity::find()
            .filter(survey_answer_pool::Column::WorkspaceId.eq(workspace_id))
            .filter(survey_answer_pool::Column::SurveyId.eq(survey_id))
            .all(conn)
            .await?;
        let mut all: Vec<Respondent> = by_response.into_values().collect();
        for row in pooled {
            let pooled: PooledResponse = serde_json::from_value(row.response)
                .map_err(|e| StoreError::Corrupt(format!("survey_answer_pool.response: {e}")))?;
            all.push(Respondent {
                organization_id: pooled.organization_id,
                answers: pooled.answers,
                through_link: pooled.through_link,
            });
        }
        Ok(all)
    }

    /// The closed survey waves that asked about each partnership, for the health index and the
    /// "trust falling" warning: its own surveys, and surveys of the whole network through its
    /// partnership group. Trust is `None` whenever the anonymity rules hide it.
    pub(crate) async fn survey_waves(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        partnership_ids: &[Uuid],
    ) -> StoreResult<HashMap<Uuid, Vec<SurveyWaveFact>>> {
        let today = self.today();
        // Two queries rather than one with `OR`, so each reads through an index: the
        // partnerships' own surveys by partnership (the caller passes this workspace's), and the
        // few network-wide ones by workspace.
        let mut rows = surveys::Entity::find()
            .filter(surveys::Column::PartnershipId.is_in(partnership_ids.to_vec()))
            .filter(surveys::Column::ClosesOn.lt(today))
            .all(conn)
            .await?;
        rows.extend(
            surveys::Entity::find()
                .filter(surveys::Column::WorkspaceId.eq(workspace_id))
                .filter(surveys::Column::PartnershipId.is_null())
                .filter(surveys::Column::ClosesOn.lt(today))
                .all(conn)
                .await?,
        );
        rows.sort_by_key(|row| (row.closes_on, row.id));
        let mut waves: HashMap<Uuid, Vec<SurveyWaveFact>> = HashMap::new();
        if rows.is_empty() {
            return Ok(waves);
        }
        let survey_ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let cached: HashMap<(Uuid, Uuid), Option<f64>> = survey_waves::Entity::find()
            .filter(survey_waves::Column::WorkspaceId.eq(workspace_id))
            .filter(survey_waves::Column::SurveyId.is_in(survey_ids))
            .filter(survey_waves::Column::PartnershipId.is_in(partnership_ids.to_vec()))
            .all(conn)
            .await?
            .into_iter()
            .map(|w| ((w.survey_id, w.partnership_id), w.trust_percent))
            .collect();
        for row in rows {
            let survey = self.survey_from_row(row)?;
            // The day after the last day of answering: results exist only from then on.
            let closed_on = survey.closes_on + chrono::Duration::days(1);
            let asked: Vec<Uuid> = match survey.partnership_id {
                Some(p) => vec![p],
                None => partnership_ids.to_vec(),
            };
            let mut scored: Option<HashMap<Uuid, Option<f64>>> = None;
            for p in asked {
                let trust_percent = match cached.get(&(survey.id, p)) {
                    Some(trust) => *trust,
                    None => {
                        if scored.is_none() {
                            scored = Some(self.score_survey_wave(conn, workspace_id, &survey).await?);
                        }
                        // A partnership the survey has no group for (archived when it was read)
                        // took no part in it.
                        match scored.as_ref().and_then(|s| s.get(&p)) {
                            Some(trust) => *trust,
                            None => continue,
                        }
                    }
                };
                waves.entry(p).or_default().push(SurveyWaveFact { id: survey.id, closed_on, trust_percent });
            }
        }
        Ok(waves)
    }

    /// Scores a closed survey for every partnership it asked about and caches the result in
    /// `survey_waves`, so each wave is scored once: a network-wide survey's groups are all
    /// stored at the first reading, whichever partnership asked.
    async fn score_survey_wave(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        survey: &Survey,
    ) -> StoreResult<HashMap<Uuid, Option<f64>>> {
        // Everyone sees a partnership's health, respondents too: the numbers that rest on at
        // least k others besides any one reader.
        let Some(results) = self.publication_in(conn, workspace_id, survey, true).await? else {
            return Ok(HashMap::new());
        };
        let scored: HashMap<Uuid, Option<f64>> = match survey.partnership_id {
            Some(p) => HashMap::from([(p, results.overall.trust_percent)]),
            None => results.by_partnership.iter().filter_map(|g| Some((g.partnership_id?, g.trust_percent))).collect(),
        };
        let rows: Vec<survey_waves::ActiveModel> = scored
            .iter()
            .map(|(p, trust)| survey_waves::ActiveModel {
                id: Set(Uuid::now_v7()),
                workspace_id: Set(workspace_id),
                survey_id: Set(survey.id),
                partnership_id: Set(*p),
                trust_percent: Set(*trust),
            })
            .collect();
        for chunk in rows.chunks(1_000) {
            survey_waves::Entity::insert_many(chunk.to_vec())
                .on_conflict_do_nothing_on([survey_waves::Column::SurveyId, survey_waves::Column::PartnershipId])
                .exec(conn)
                .await?;
        }
        Ok(scored)
    }

    /// A survey row as a record, without the invitation count (not needed by the trust engine).
    fn survey_from_row(&self, row: surveys::Model) -> StoreResult<Survey> {
        let questions: Vec<Question> = serde_json::from_value(row.questions.clone())
            .map_err(|e| StoreError::Corrupt(format!("surveys.questions: {e}")))?;
        Ok(Survey {
            id: row.id,
            title: row.title,
            partnership_id: row.partnership_id,
            partnership_name: None,
            opens_on: row.opens_on,
            closes_on: row.closes_on,
            state: SurveyState::on(self.today(), row.opens_on, row.closes_on),
            k: row.k as u32,
            k_comments: row.k_comments as u32,
            questions,
            organization_ids: uuids(&row.organization_ids),
            invited: 0,
            created_at: row.created_at,
        })
    }

    /// Organisations of the workspace that are not archived, for a survey of the whole network.
    pub async fn survey_scope(&self, workspace_id: Uuid, partnership_id: Option<Uuid>) -> StoreResult<Vec<Uuid>> {
        match partnership_id {
            Some(p) => Ok(partnership_members::Entity::find()
                .select_only()
                .column(partnership_members::Column::OrganizationId)
                .filter(partnership_members::Column::WorkspaceId.eq(workspace_id))
                .filter(partnership_members::Column::PartnershipId.eq(p))
                .into_tuple()
                .all(&self.db)
                .await?),
            None => Ok(organizations::Entity::find()
                .select_only()
                .column(organizations::Column::Id)
                .filter(organizations::Column::WorkspaceId.eq(workspace_id))
                .filter(organizations::Column::ArchivedAt.is_null())
                .into_tuple()
                .all(&self.db)
                .await?),
        }
    }

    /// Whether the partnership sends a pulse after each check-in, and for how many days it stays
    /// open; `None` when it does not.
    pub async fn pulse_after_checkin(&self, workspace_id: Uuid, partnership_id: Uuid) -> StoreResult<Option<u32>> {
        let row = pulse_settings::Entity::find_by_id(partnership_id)
            .filter(pulse_settings::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?;
        Ok(row.filter(|r| r.after_checkin).map(|r| r.days_open as u32))
    }

    pub async fn set_pulse_after_checkin(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
        days_open: Option<u32>,
    ) -> StoreResult<()> {
        let row = pulse_settings::ActiveModel {
            id: Set(partnership_id),
            workspace_id: Set(workspace_id),
            after_checkin: Set(days_open.is_some()),
            days_open: Set(days_open.unwrap_or(7) as i32),
        };
        let txn = self.begin_write().await?;
        pulse_settings::Entity::insert(row)
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(pulse_settings::Column::Id)
                    .update_columns([pulse_settings::Column::AfterCheckin, pulse_settings::Column::DaysOpen])
                    .to_owned(),
            )
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Whether a survey of the partnership takes answers on `day`.
    pub(crate) async fn partnership_survey_open_on(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        partnership_id: Uuid,
        day: chrono::NaiveDate,
    ) -> StoreResult<bool> {
        let open = surveys::Entity::find()
            .filter(surveys::Column::WorkspaceId.eq(workspace_id))
            .filter(surveys::Column::PartnershipId.eq(partnership_id))
            .filter(surveys::Column::OpensOn.lte(day))
            .filter(surveys::Column::ClosesOn.gte(day))
            .count(conn)
            .await?;
        Ok(open > 0)
    }

    /// How much each organisation's respondents trust each other organisation (SPEC 3.2, percent
    /// of the maximum), keyed (rating organisation, rated organisation), from the newest closed
    /// survey that reports the pair under the anonymity rules. Only the newest
    /// `RECENT_WAVES` surveys closed before `as_of` count: an old wave should not speak for a
    /// tie forever, and a map should not read every answer ever given.
    pub async fn pair_trust(
        &self,
        workspace_id: Uuid,
        as_of: chrono::NaiveDate,
    ) -> StoreResult<HashMap<(Uuid, Uuid), f64>> {
        const RECENT_WAVES: u64 = 12;
        let rows = surveys::Entity::find()
            .filter(surveys::Column::WorkspaceId.eq(workspace_id))
            .filter(surveys::Column::ClosesOn.lt(as_of))
            .order_by_desc(surveys::Column::ClosesOn)
            .order_by_desc(surveys::Column::Id)
            .limit(RECENT_WAVES)
            .all(&self.db)
            .await?;
        let mut trust = HashMap::new();
        for survey in self.survey_records(rows).await? {
            self.seal_survey(workspace_id, &survey).await?;
            let Some(results) = self.publication(workspace_id, &survey, true).await? else { continue };
            for pair in results.by_pair.iter().filter(|group| group.shown) {
                if let (Some(rated), Some(rating), Some(percent)) =
                    (pair.organization_id, pair.rating_organization_id, pair.trust_percent)
                {
                    trust.entry((rating, rated)).or_insert(percent);
                }
            }
        }
        Ok(trust)
    }
}

/// A response while it waits in the pool.
#[derive(serde::Serialize, serde::Deserialize)]
struct PooledResponse {
    organization_id: Uuid,
    through_link: bool,
    answers: Vec<StoredAnswer>,
}

/// Puts `items` in a random order: Fisher–Yates on 122-bit draws from UUIDv4s, which come from
/// the operating system's generator.
fn shuffle<T>(items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = (Uuid::new_v4().as_u128() % (i as u128 + 1)) as usize;
        items.swap(i, j);
    }
}
