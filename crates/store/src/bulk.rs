//! Writing a generated network in bulk (`rapport generate`): many rows per statement, one
//! transaction per batch, the same tables and columns the single-record methods write. Only
//! records go in; the trust engine's state is rebuilt afterwards by `recompute_trust`, so the
//! ledger is the one the records imply.

use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::kinds::{Cadence, OrganizationKind, PartnershipKind, PartnershipStatus};
use rapport_core::survey::{Question, StoredAnswer};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use uuid::Uuid;

use crate::convert::json_list;
use crate::entities::*;
use crate::{Store, StoreError, StoreResult};

/// Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters for
/// the widest table written here (commitments, 13 columns).
const ROWS_PER_STATEMENT: usize = 1_000;

pub struct GeneratedOrganization {
    pub id: Uuid,
    pub name: String,
    pub kind: OrganizationKind,
    pub mission: Option<String>,
    pub focus_areas: Vec<String>,
    pub created_at: DateTime<Utc>,
}

pub struct GeneratedPartnership {
    pub id: Uuid,
    pub name: String,
    pub kind: PartnershipKind,
    pub status: PartnershipStatus,
    pub cadence: Cadence,
    pub members: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

pub struct GeneratedCommitment {
    pub id: Uuid,
    pub partnership_id: Uuid,
    pub promisor: Uuid,
    pub promisee: Option<Uuid>,
    pub description: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub cancelled: bool,
    pub created_at: DateTime<Utc>,
}

pub struct GeneratedCheckIn {
    pub id: Uuid,
    pub partnership_id: Uuid,
    pub held_on: NaiveDate,
    pub attendees: Vec<Uuid>,
    pub notes: Option<String>,
}

/// A closed survey of one partnership with its anonymous responses: each response speaks for
/// an organisation and carries its answers.
pub struct GeneratedSurvey {
    pub id: Uuid,
    pub partnership_id: Uuid,
    pub title: String,
    pub questions: Vec<Question>,
    pub k: u32,
    pub k_comments: u32,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub organization_ids: Vec<Uuid>,
    pub responses: Vec<(Uuid, Vec<StoredAnswer>)>,
}

/// One batch of generated records, written in one transaction.
#[derive(Default)]
pub struct GeneratedBatch {
    pub organizations: Vec<GeneratedOrganization>,
    pub partnerships: Vec<GeneratedPartnership>,
    pub commitments: Vec<GeneratedCommitment>,
    pub checkins: Vec<GeneratedCheckIn>,
    pub surveys: Vec<GeneratedSurvey>,
}

impl GeneratedBatch {
    /// How many records it holds, survey answers counted one by one, for progress.
    pub fn len(&self) -> usize {
        self.organizations.len()
            + self.partnerships.len()
            + self.commitments.len()
            + self.checkins.len()
            + self.surveys.iter().map(|s| s.responses.iter().map(|(_, a)| a.len()).sum::<usize>()).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

async fn insert_all<A>(conn: &impl ConnectionTrait, rows: Vec<A>) -> StoreResult<()>
where
    A: ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(ROWS_PER_STATEMENT).collect();
        <A::Entity as EntityTrait>::insert_many(chunk).exec_without_returning(conn).await?;
    }
    Ok(())
}

impl Store {
    /// Writes `batch` into `workspace_id` in one transaction.
    pub async fn write_generated(&self, workspace_id: Uuid, batch: GeneratedBatch) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let ws = workspace_id;
        let focus: Vec<_> = batch
            .organizations
            .iter()
            .flat_map(|o| crate::network_directory::focus_rows_of(ws, o.id, &o.focus_areas))
            .collect();
        insert_all(
            &txn,
            batch
                .organizations
                .into_iter()
                .map(|o| organizations::ActiveModel {
                    id: Set(o.id),
                    workspace_id: Set(ws),
                    name: Set(o.name),
                    kind: Set(o.kind.as_str().to_owned()),
                    mission: Set(o.mission),
                    focus_areas: Set(json_list(&o.focus_areas)),
                    website: Set(None),
                    created_at: Set(o.created_at),
                    updated_at: Set(o.created_at),
                    archived_at: Set(None),
                    version: Set(1),
                })
                .collect(),
        )
        .await?;
        // The focus-area index follows its organisations (it refers to them).
        crate::network_directory::insert_focus_rows(&txn, focus).await?;
        self.directory_changed_in(&txn, ws).await?;
        let mut members = Vec::new();
        let mut partnerships = Vec::new();
        for p in batch.partnerships {
            members.extend(p.members.iter().map(|org| partnership_members::ActiveModel {
                id: Set(Uuid::now_v7()),
                workspace_id: Set(ws),
                partnership_id: Set(p.id),
                organization_id: Set(*org),
                role: Set(None),
            }));
            partnerships.push(partnerships::ActiveModel {
                id: Set(p.id),
                workspace_id: Set(ws),
                name: Set(p.name),
                kind: Set(p.kind.as_str().to_owned()),
                status: Set(p.status.as_str().to_owned()),
                cadence: Set(p.cadence.as_str().to_owned()),
                vision: Set(None),
                created_at: Set(p.created_at),
                updated_at: Set(p.created_at),
                archived_at: Set(None),
                version: Set(1),
                started_on: Set(None),
            });
        }
        insert_all(&txn, partnerships).await?;
        insert_all(&txn, members).await?;
        insert_all(
            &txn,
            batch
                .commitments
                .into_iter()
                .map(|c| commitments::ActiveModel {
                    id: Set(c.id),
                    workspace_id: Set(ws),
                    partnership_id: Set(c.partnership_id),
                    promisor_organization_id: Set(c.promisor),
                    promisor_user_id: Set(None),
                    promisee_organization_id: Set(c.promisee),
                    description: Set(c.description),
                    due_on: Set(c.due_on),
                    done_on: Set(c.done_on),
                    cancelled: Set(c.cancelled),
                    checkin_id: Set(None),
                    created_at: Set(c.created_at),
                    archived_at: Set(None),
                    version: Set(1),
                    made_on: Set(None),
                })
                .collect(),
        )
        .await?;
        insert_all(
            &txn,
            batch
                .checkins
                .into_iter()
                .map(|c| checkins::ActiveModel {
                    id: Set(c.id),
                    workspace_id: Set(ws),
                    partnership_id: Set(c.partnership_id),
                    held_on: Set(c.held_on),
                    agenda: Set(None),
                    notes: Set(c.notes),
                    decisions: Set(None),
                    attendee_organization_ids: Set(json_list(&c.attendees)),
                    attendee_user_ids: Set(json_list::<Uuid>(&[])),
                    created_by: Set(None),
                    created_at: Set(c.held_on.and_hms_opt(17, 0, 0).unwrap_or_default().and_utc()),
                    archived_at: Set(None),
                    version: Set(1),
                })
                .collect(),
        )
        .await?;
        let (mut surveys, mut invitations, mut participations, mut responses, mut answers) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for s in batch.surveys {
            let questions = serde_json::to_value(&s.questions)
                .map_err(|e| StoreError::Corrupt(format!("survey questions: {e}")))?;
            surveys.push(surveys::ActiveModel {
                id: Set(s.id),
                workspace_id: Set(ws),
                partnership_id: Set(Some(s.partnership_id)),
                title: Set(s.title),
                questions: Set(questions),
                k: Set(s.k as i32),
                k_comments: Set(s.k_comments as i32),
                opens_on: Set(s.opens_on),
                closes_on: Set(s.closes_on),
                organization_ids: Set(json_list(&s.organization_ids)),
                created_by: Set(None),
                created_at: Set(s.opens_on.and_hms_opt(9, 0, 0).unwrap_or_default().and_utc()),
                // Written at random and never answered by anyone: nothing to reorder. Results
                // are published when first read.
                sealed_at: Set(Some(s.closes_on.and_hms_opt(23, 59, 0).unwrap_or_default().and_utc())),
                groups: Set(None),
            });
            // Kept apart exactly as answering keeps them: who was invited and took part in one
            // table, what was answered in another, nothing linking the two.
            for (organization_id, given) in s.responses {
                let invitation = Uuid::new_v4();
                invitations.push(survey_invitations::ActiveModel {
                    id: Set(invitation),
                    workspace_id: Set(ws),
                    survey_id: Set(s.id),
                    user_id: Set(None),
                    organization_id: Set(organization_id),
                    token_hash: Set(None),
                    created_by: Set(None),
                });
                participations.push(survey_participations::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    workspace_id: Set(ws),
                    survey_id: Set(s.id),
                    invitation_id: Set(invitation),
                });
                let response = Uuid::new_v4();
                responses.push(survey_responses::ActiveModel {
                    id: Set(response),
                    workspace_id: Set(ws),
                    survey_id: Set(s.id),
                    organization_id: Set(organization_id),
                    through_link: Set(false),
                });
                answers.extend(given.into_iter().map(|a| survey_answers::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    workspace_id: Set(ws),
                    survey_id: Set(s.id),
                    response_id: Set(response),
                    question: Set(a.question),
                    about_organization_id: Set(a.about),
                    rating: Set(a.rating),
                    choices: Set(json_list(&a.choices)),
                    text: Set(a.text),
                }));
            }
        }
        insert_all(&txn, surveys).await?;
        insert_all(&txn, invitations).await?;
        insert_all(&txn, participations).await?;
        insert_all(&txn, responses).await?;
        insert_all(&txn, answers).await?;
        txn.commit().await?;
        Ok(())
    }
}
