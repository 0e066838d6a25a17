//! The work inside a partnership: goals and their progress, milestones, commitments with their
//! history, and check-ins whose action items become commitments.

use chrono::NaiveDate;
use rapport_core::commitment::{Agreed, CommitmentFacts, ValidOutcome};
use rapport_core::kinds::{ActivityAction, CommitmentEventKind, RecordKind};
use rapport_core::records::{
    CheckIn, Commitment, CommitmentEvent, Goal, GoalUpdate, Milestone, ValidCheckIn, ValidCheckInCorrection,
    ValidCommitment, ValidGoal, ValidGoalUpdate, ValidMilestone,
};
use rapport_core::webhook::Occurrence;
use sea_orm::sea_query::{Expr, ExprTrait, InsertStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Set,
};
use uuid::Uuid;

use crate::batch::Batch;
use crate::convert::{self, json_list};
use crate::entities::*;
use crate::group_commit::SharedInTransaction;
use crate::practices::Activity;
use crate::rows::{OneRow, if_version, set_archived};
use crate::surveys::SurveyToSend;
use crate::webhooks::webhook_rows;
use crate::{Page, PageRequest, Store, StoreError, StoreResult, into_page};

/// Which commitments a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CommitmentFilter {
    /// Only those neither done nor cancelled.
    pub open_only: bool,
    pub promisor: Option<Uuid>,
}

/// A commitment just stored, and whether it counted at once (made already missed): only
/// then has the partnership's trust state to be refreshed.
pub(crate) struct Inserted {
    pub(crate) row: commitments::Model,
    pub(crate) counts: bool,
}

impl Store {
    /// `NotFound` unless the partnership belongs to the workspace, so no record of one workspace
    /// can be attached to another's partnership.
    pub(crate) async fn partnership_in(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        partnership_id: Uuid,
    ) -> StoreResult<()> {
        partnerships::Entity::find_by_id(partnership_id)
            .filter(partnerships::Column::WorkspaceId.eq(workspace_id))
            .select_only()
            .column(partnerships::Column::Id)
            .into_tuple::<Uuid>()
            .one(conn)
            .await?
            .map(|_| ())
            .ok_or(StoreError::NotFound)
    }

    /// The distinct partnerships among `ids`, each checked with [`Store::partnership_in`]: what
    /// an import of rows naming partnerships checks first and refreshes after its commit.
    pub(crate) async fn partnerships_in(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        ids: impl IntoIterator<Item = Uuid>,
    ) -> StoreResult<Vec<Uuid>> {
        let mut partnerships: Vec<Uuid> = ids.into_iter().collect();
        partnerships.sort();
        partnerships.dedup();
        for id in &partnerships {
            self.partnership_in(conn, workspace_id, *id).await?;
        }
        Ok(partnerships)
    }

    pub async fn create_goal(&self, workspace_id: Uuid, partnership_id: Uuid, goal: &ValidGoal) -> StoreResult<Goal> {
        let txn = self.begin_write().await?;
        self.partnership_in(&txn, workspace_id, partnership_id).await?;
        let now = self.now();
        let row = goals::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            partnership_id: Set(partnership_id),
            statement: Set(goal.statement.clone()),
            metric: Set(goal.metric.clone()),
            unit: Set(goal.unit.clone()),
            baseline: Set(goal.baseline),
            target: Set(goal.target),
            current: Set(goal.current.or(goal.baseline)),
            owner_organization_id: Set(goal.owner_organization_id),
            relevance: Set(goal.relevance.clone()),
            due_on: Set(goal.due_on),
            confidence: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            archived_at: Set(None),
            version: Set(1),
        }
        .insert(&txn)
        .await?;
        self.refresh_trust_in(&txn, workspace_id, &[partnership_id]).await?;
        txn.commit().await?;
        convert::goal(row)
    }

    pub async fn goal(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Goal> {
        let row = goals::Entity::find_by_id(id)
            .filter(goals::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        convert::goal(row)
    }

    pub async fn goals(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
        include_archived: bool,
    ) -> StoreResult<Vec<Goal>> {
        let mut query = goals::Entity::find()
            .filter(goals::Column::WorkspaceId.eq(workspace_id))
            .filter(goals::Column::PartnershipId.eq(partnership_id));
        if !include_archived {
            query = query.filter(goals::Column::ArchivedAt.is_null());
        }
        query.order_by_asc(goals::Column::Id).all(&self.db).await?.into_iter().map(convert::goal).collect()
    }

    pub async fn update_goal(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        goal: &ValidGoal,
        expected_version: Option<i32>,
    ) -> StoreResult<Goal> {
        let current = self.goal(workspace_id, id).await?;
        let txn = self.begin_write().await?;
        let result = goals::Entity::update_many()
            .col_expr(goals::Column::Statement, Expr::value(goal.statement.clone()))
            .col_expr(goals::Column::Metric, Expr::value(goal.metric.clone()))
            .col_expr(goals::Column::Unit, Expr::value(goal.unit.clone()))
            .col_expr(goals::Column::Baseline, Expr::value(goal.baseline))
            .col_expr(goals::Column::Target, Expr::value(goal.target))
            .col_expr(goals::Column::Current, Expr::value(goal.current))
            .col_expr(goals::Column::OwnerOrganizationId, Expr::value(goal.owner_organization_id))
            .col_expr(goals::Column::Relevance, Expr::value(goal.relevance.clone()))
            .col_expr(goals::Column::DueOn, Expr::value(goal.due_on))
            .col_expr(goals::Column::UpdatedAt, Expr::value(self.now()))
            .col_expr(goals::Column::Version, Expr::col(goals::Column::Version).add(1))
            .filter(goals::Column::Id.eq(id))
            .filter(goals::Column::WorkspaceId.eq(workspace_id))
            .filter(if_version(goals::Column::Version, expected_version))
            .exec(&txn)
            .await?;
        result.one_row_or(StoreError::Stale)?;
        self.refresh_trust_in(&txn, workspace_id, &[current.partnership_id]).await?;
        txn.commit().await?;
        self.goal(workspace_id, id).await
    }

    pub async fn archive_goal(&self, workspace_id: Uuid, id: Uuid, archived: bool) -> StoreResult<Goal> {
        let stamp = archived.then(|| self.now());
        let txn = self.begin_write().await?;
        set_archived::<goals::Entity>(&txn, workspace_id, id, stamp).await?;
        let row = goals::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        self.refresh_trust_in(&txn, workspace_id, &[row.partnership_id]).await?;
        txn.commit().await?;
        convert::goal(row)
    }

    /// Records progress: the goal takes the update's value and confidence.
    pub async fn add_goal_update(
        &self,
        workspace_id: Uuid,
        goal_id: Uuid,
        update: &ValidGoalUpdate,
        by: Option<Uuid>,
    ) -> StoreResult<GoalUpdate> {
        let (current, confidence) = (update.current, update.confidence);
        let txn = self.begin_write().await?;
        let goal = goals::Entity::find_by_id(goal_id)
            .filter(goals::Column::WorkspaceId.eq(workspace_id))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let now = self.now();
        let row = goal_updates::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            goal_id: Set(goal_id),
            current: Set(current),
            confidence: Set(confidence.as_str().to_owned()),
            comment: Set(update.comment.clone()),
            created_by: Set(by),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        goals::Entity::update_many()
            .col_expr(goals::Column::Current, Expr::value(current.or(goal.current)))
            .col_expr(goals::Column::Confidence, Expr::value(confidence.as_str()))
            .col_expr(goals::Column::UpdatedAt, Expr::value(now))
            .col_expr(goals::Column::Version, Expr::col(goals::Column::Version).add(1))
            .filter(goals::Column::Id.eq(goal_id))
            .exec(&txn)
            .await?;
        self.log_activity(
            &txn,
            workspace_id,
            Activity {
                by,
                kind: RecordKind::Goal,
                id: goal_id,
                partnership_id: Some(goal.partnership_id),
                action: ActivityAction::Changed,
                summary: "updated a goal's progress",
            },
        )
        .await?;
        self.refresh_trust_in(&txn, workspace_id, &[goal.partnership_id]).await?;
        txn.commit().await?;
        convert::goal_update(row)
    }

    pub async fn goal_updates(&self, workspace_id: Uuid, goal_id: Uuid) -> StoreResult<Vec<GoalUpdate>> {
        goal_updates::Entity::find()
            .filter(goal_updates::Column::WorkspaceId.eq(workspace_id))
            .filter(goal_updates::Column::GoalId.eq(goal_id))
            .order_by_desc(goal_updates::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(convert::goal_update)
            .collect()
    }

    pub async fn create_milestone(
        &self,
        workspace_id: Uuid,
        goal: &Goal,
        milestone: &ValidMilestone,
    ) -> StoreResult<Milestone> {
        let stored = self.goal(workspace_id, goal.id).await?;
        if stored.partnership_id != goal.partnership_id {
            return Err(StoreError::NotFound);
        }
        let txn = self.begin_write().await?;
        let row = milestones::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            goal_id: Set(goal.id),
            partnership_id: Set(goal.partnership_id),
            title: Set(milestone.title.clone()),
            due_on: Set(milestone.due_on),
            met_on: Set(milestone.met_on),
            archived_at: Set(None),
            version: Set(1),
        }
        .insert(&txn)
        .await?;
        self.refresh_trust_in(&txn, workspace_id, &[goal.partnership_id]).await?;
        txn.commit().await?;
        Ok(convert::milestone(row))
    }

    pub async fn milestone(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Milestone> {
        milestones::Entity::find_by_id(id)
            .filter(milestones::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .map(convert::milestone)
            .ok_or(StoreError::NotFound)
    }

    /// Milestones of one goal, or of a whole partnership when `goal_id` is `None`, by due date.
    pub async fn milestones(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
        goal_id: Option<Uuid>,
    ) -> StoreResult<Vec<Milestone>> {
        let mut query = milestones::Entity::find()
            .filter(milestones::Column::WorkspaceId.eq(workspace_id))
            .filter(milestones::Column::PartnershipId.eq(partnership_id))
            .filter(milestones::Column::ArchivedAt.is_null());
        if let Some(goal_id) = goal_id {
            query = query.filter(milestones::Column::GoalId.eq(goal_id));
        }
        let rows =
            query.order_by_asc(milestones::Column::DueOn).order_by_asc(milestones::Column::Id).all(&self.db).await?;
        Ok(rows.into_iter().map(convert::milestone).collect())
    }

    pub async fn update_milestone(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        milestone: &ValidMilestone,
        expected_version: Option<i32>,
    ) -> StoreResult<Milestone> {
        let current = self.milestone(workspace_id, id).await?;
        let txn = self.begin_write().await?;
        let result = milestones::Entity::update_many()
            .col_expr(milestones::Column::Title, Expr::value(milestone.title.clone()))
            .col_expr(milestones::Column::DueOn, Expr::value(milestone.due_on))
            .col_expr(milestones::Column::MetOn, Expr::value(milestone.met_on))
            .col_expr(milestones::Column::Version, Expr::col(milestones::Column::Version).add(1))
            .filter(milestones::Column::Id.eq(id))
            .filter(milestones::Column::WorkspaceId.eq(workspace_id))
            .filter(if_version(milestones::Column::Version, expected_version))
            .exec(&txn)
            .await?;
        result.one_row_or(StoreError::Stale)?;
        self.refresh_trust_in(&txn, workspace_id, &[current.partnership_id]).await?;
        txn.commit().await?;
        self.milestone(workspace_id, id).await
    }

    pub async fn archive_milestone(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<()> {
        let milestone = self.milestone(workspace_id, id).await?;
        let txn = self.begin_write().await?;
        set_archived::<milestones::Entity>(&txn, workspace_id, id, Some(self.now())).await?;
        self.refresh_trust_in(&txn, workspace_id, &[milestone.partnership_id]).await?;
        txn.commit().await?;
        Ok(())
    }

    pub(crate) async fn insert_commitment(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        partnership_id: Uuid,
        promise: &ValidCommitment,
        checkin_id: Option<Uuid>,
        by: Option<Uuid>,
    ) -> StoreResult<Inserted> {
        let mut batch = Batch::default();
        let row = self.commitment_rows(&mut batch, workspace_id, partnership_id, promise, checkin_id, by);
        batch.rows(conn).await?;
        self.reckon_inserted(conn, promise, row).await
    }

    /// Adds to `batch` the rows that record a promise: the commitment, its history so far and
    /// its activity entry. Returns the commitment as it will be stored.
    fn commitment_rows(
        &self,
        batch: &mut Batch,
        workspace_id: Uuid,
        partnership_id: Uuid,
        promise: &ValidCommitment,
        checkin_id: Option<Uuid>,
        by: Option<Uuid>,
    ) -> commitments::Model {
        let now = self.now();
        // A promise recorded after the fact arrives with its outcome: the row is written as it
        // stands now and the history gets the event of what happened, on its own day.
        let (due_on, done_on, cancelled) = match &promise.outcome {
            Some(ValidOutcome::Kept { on }) => (promise.due_on, Some(*on), false),
            Some(ValidOutcome::Renegotiated { new_due_on, .. }) => (*new_due_on, None, false),
            Some(ValidOutcome::Cancelled { .. }) => (promise.due_on, None, true),
            _ => (promise.due_on, None, false),
        };
        let row = commitments::Model {
            id: Uuid::now_v7(),
            workspace_id,
            partnership_id,
            promisor_organization_id: promise.promisor_organization_id,
            promisor_user_id: promise.promisor_user_id,
            promisee_organization_id: promise.promisee_organization_id,
            description: promise.description.clone(),
            due_on,
            done_on,
            cancelled,
            checkin_id,
            created_at: now,
            archived_at: None,
            version: 1,
            made_on: Some(promise.made_on),
        };
        batch.push(commitments::Entity::insert(commitments::ActiveModel::from(row.clone())).into_query());
        // The events name the due date first promised, before any renegotiation.
        let as_promised = commitments::Model { due_on: promise.due_on, ..row.clone() };
        batch.push(self.event_row(&as_promised, CommitmentEventKind::Made, Some(promise.made_on), None, None, by));
        let outcome_event = match &promise.outcome {
            Some(ValidOutcome::Kept { on }) => Some((CommitmentEventKind::Done, *on, None, None)),
            Some(ValidOutcome::Renegotiated { agreed_on, new_due_on, reason }) => {
                Some((CommitmentEventKind::Renegotiated, *agreed_on, Some(*new_due_on), Some(reason.clone())))
            }
            Some(ValidOutcome::Cancelled { on, reason }) => {
                Some((CommitmentEventKind::Cancelled, *on, None, Some(reason.clone())))
            }
            _ => None,
        };
        if let Some((kind, on, new_due_on, reason)) = outcome_event {
            batch.push(self.event_row(&as_promised, kind, Some(on), new_due_on, reason, by));
        }
        batch.push(self.activity_row(
            workspace_id,
            Activity {
                by,
                kind: RecordKind::Commitment,
                id: row.id,
                partnership_id: Some(partnership_id),
                action: ActivityAction::Created,
                summary: "made a commitment",
            },
        ));
        row
    }

    /// Moves the ledger for a promise [`Store::commitment_rows`] stored: `counts` when it
    /// counted at once.
    async fn reckon_inserted(
        &self,
        conn: &impl ConnectionTrait,
        promise: &ValidCommitment,
        row: commitments::Model,
    ) -> StoreResult<Inserted> {
        // A promise recorded with its outcome has a history to read; a new one has none.
        let counts = if promise.outcome.is_some() {
            self.reckon_commitment(conn, row.clone()).await?
        } else {
            self.reckon_new_commitment(conn, &row).await?
        };
        Ok(Inserted { row, counts })
    }

    /// The insert of one event in a commitment's history.
    fn event_row(
        &self,
        commitment: &commitments::Model,
        kind: CommitmentEventKind,
        on_date: Option<NaiveDate>,
        new_due_on: Option<NaiveDate>,
        reason: Option<String>,
        by: Option<Uuid>,
    ) -> InsertStatement {
        commitment_events::Entity::insert(commitment_events::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(commitment.workspace_id),
            commitment_id: Set(commitment.id),
            kind: Set(kind.as_str().to_owned()),
            occurred_at: Set(self.now()),
            on_date: Set(on_date),
            previous_due_on: Set(new_due_on.map(|_| commitment.due_on)),
            new_due_on: Set(new_due_on),
            reason: Set(reason),
            actor_user_id: Set(by),
        })
        .into_query()
    }

    /// Records a promise, validated against the partnership's members.
    pub async fn create_commitment(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
        promise: &ValidCommitment,
        by: Option<Uuid>,
    ) -> StoreResult<Commitment> {
        // The most frequent write of all shares its transaction with those arriving together.
        let (store, promise) = (self.clone(), promise.clone());
        self.write_together(move |txn, shared| {
            let (store, promise) = (store.clone(), promise.clone());
            Box::pin(async move {
                store.create_commitment_in(txn, shared, workspace_id, partnership_id, &promise, by).await
            })
        })
        .await
    }

    async fn create_commitment_in(
        &self,
        txn: &DatabaseTransaction,
        shared: &SharedInTransaction,
        workspace_id: Uuid,
        partnership_id: Uuid,
        promise: &ValidCommitment,
        by: Option<Uuid>,
    ) -> StoreResult<Commitment> {
        // What a new promise writes and what it reads cross to the database as one batch: the
        // stamp's renewal, the promise's rows, then the partnership's row (the check that it is
        // the workspace's) with the workspace's active webhooks.
        let mut batch = Batch::default();
        if shared.first_to_stamp(workspace_id, partnership_id) {
            batch.push(self.stamp_renewal(workspace_id, partnership_id));
        }
        let row = self.commitment_rows(&mut batch, workspace_id, partnership_id, promise, None, by);
        let known_hooks = shared.known_hooks(workspace_id);
        batch.push(Store::partnership_with_hooks(workspace_id, partnership_id, known_hooks.is_none()));
        let rows = match batch.rows(txn).await {
            Ok(rows) => rows,
            // Most likely the partnership does not exist (its foreign key): say so.
            Err(e) => {
                self.partnership_in(&self.db, workspace_id, partnership_id).await?;
                return Err(e);
            }
        };
        if rows.is_empty() {
            return Err(StoreError::NotFound);
        }
        let hooks = match known_hooks {
            Some(hooks) => hooks,
            None => {
                let mut hooks = Vec::new();
                for row in rows.iter().filter(|row| row.try_get::<Option<Uuid>>("", "id").is_ok_and(|id| id.is_some()))
                {
                    hooks.push(webhook_rows::Model::from_query_result(row, "")?);
                }
                shared.remember_hooks(workspace_id, hooks)
            }
        };
        let Inserted { row, counts } = self.reckon_inserted(txn, promise, row).await?;
        let commitment = convert::commitment(row, self.today());
        self.queue_for_hooks_in(txn, workspace_id, &hooks, Occurrence::commitment_made(&commitment)).await?;
        // A promise not yet due moves no score; one entered already missed does.
        if counts {
            self.refresh_trust_in(txn, workspace_id, &[partnership_id]).await?;
        }
        Ok(commitment)
    }

    pub async fn commitment(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Commitment> {
        let row = commitments::Entity::find_by_id(id)
            .filter(commitments::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(convert::commitment(row, self.today()))
    }

    pub async fn commitments(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
        filter: CommitmentFilter,
        page: PageRequest,
    ) -> StoreResult<Page<Commitment>> {
        let mut query = commitments::Entity::find()
            .filter(commitments::Column::WorkspaceId.eq(workspace_id))
            .filter(commitments::Column::PartnershipId.eq(partnership_id));
        if filter.open_only {
            query =
                query.filter(commitments::Column::DoneOn.is_null()).filter(commitments::Column::Cancelled.eq(false));
        }
        if let Some(promisor) = filter.promisor {
            query = query.filter(commitments::Column::PromisorOrganizationId.eq(promisor));
        }
        if let Some(after) = page.after {
            query = query.filter(commitments::Column::Id.gt(after));
        }
        if !page.include_archived {
            query = query.filter(commitments::Column::ArchivedAt.is_null());
        }
        let rows = query.order_by_asc(commitments::Column::Id).limit(page.limit + 1).all(&self.db).await?;
        let today = self.today();
        let items = rows.into_iter().map(|r| convert::commitment(r, today)).collect();
        Ok(into_page(items, page.limit, |c| c.id))
    }

    pub async fn commitment_history(
        &self,
        workspace_id: Uuid,
        commitment_id: Uuid,
    ) -> StoreResult<Vec<CommitmentEvent>> {
        commitment_events::Entity::find()
            .filter(commitment_events::Column::WorkspaceId.eq(workspace_id))
            .filter(commitment_events::Column::CommitmentId.eq(commitment_id))
            .order_by_asc(commitment_events::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(convert::commitment_event)
            .collect()
    }

    /// The commitment a write is about to change, read inside its transaction: `Stale` unless it
    /// is still at `expected_version`. On PostgreSQL the row is locked, so concurrent changes
    /// wait their turn and every rule is checked on the latest state.
    async fn commitment_to_change(
        &self,
        txn: &impl ConnectionTrait,
        workspace_id: Uuid,
        id: Uuid,
        expected_version: Option<i32>,
    ) -> StoreResult<commitments::Model> {
        let mut query = commitments::Entity::find_by_id(id).filter(commitments::Column::WorkspaceId.eq(workspace_id));
        if self.backend() == sea_orm::DbBackend::Postgres {
            query = query.lock_exclusive();
        }
        let row = query.one(txn).await?.ok_or(StoreError::NotFound)?;
        if expected_version.is_some_and(|v| v != row.version) {
            return Err(StoreError::Stale);
        }
        Ok(row)
    }

    /// Applies one transition to a commitment inside a write transaction: loads it, lets
    /// `decide` check the rule and say what changes, writes the change and its history event.
    async fn transition(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        expected_version: Option<i32>,
        by: Option<Uuid>,
        decide: impl FnOnce(&CommitmentFacts) -> Result<Transition, rapport_core::ValidationErrors>,
    ) -> StoreResult<Commitment> {
        let txn = self.begin_write().await?;
        let row = self.commitment_to_change(&txn, workspace_id, id, expected_version).await?;
        let facts = convert::commitment_facts(&row);
        let transition = decide(&facts).map_err(StoreError::Invalid)?;
        let mut update = commitments::Entity::update_many()
            .col_expr(commitments::Column::Version, Expr::value(row.version + 1))
            .filter(commitments::Column::Id.eq(id))
            .filter(commitments::Column::Version.eq(row.version));
        let (kind, on_date, new_due_on) = match transition.change {
            Change::Done(day) => {
                update = update.col_expr(commitments::Column::DoneOn, Expr::value(Some(day)));
                (CommitmentEventKind::Done, Some(day), None)
            }
            Change::Renegotiated { new_due_on, agreed_on } => {
                update = update.col_expr(commitments::Column::DueOn, Expr::value(new_due_on));
                (CommitmentEventKind::Renegotiated, Some(agreed_on), Some(new_due_on))
            }
            Change::Cancelled { agreed_on } => {
                update = update.col_expr(commitments::Column::Cancelled, Expr::value(true));
                (CommitmentEventKind::Cancelled, Some(agreed_on), None)
            }
        };
        update.exec(&txn).await?.one_row_or(StoreError::Stale)?;
        txn.execute(&self.event_row(&row, kind, on_date, new_due_on, transition.reason, by)).await?;
        let summary = format!("marked a commitment {}", kind.label().to_lowercase());
        self.log_activity(
            &txn,
            workspace_id,
            Activity {
                by,
                kind: RecordKind::Commitment,
                id,
                partnership_id: Some(row.partnership_id),
                action: ActivityAction::Changed,
                summary: &summary,
            },
        )
        .await?;
        let changed = commitments::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        if kind == CommitmentEventKind::Done {
            let kept = convert::commitment(changed.clone(), self.today());
            self.webhook_event_in(&txn, workspace_id, Occurrence::commitment_kept(&kept)).await?;
        }
        // Renegotiating or cancelling an open promise moves no score: only outcomes count.
        if self.reckon_commitment(&txn, changed).await? {
            self.refresh_trust_in(&txn, workspace_id, &[row.partnership_id]).await?;
        } else {
            self.renew_stamp(&txn, row.partnership_id).await?;
        }
        txn.commit().await?;
        self.commitment(workspace_id, id).await
    }

    pub async fn complete_commitment(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        done_on: NaiveDate,
        expected_version: Option<i32>,
        by: Option<Uuid>,
    ) -> StoreResult<Commitment> {
        let today = self.today();
        self.transition(workspace_id, id, expected_version, by, |facts| {
            facts.check_done(done_on, today).map(|_| Transition { change: Change::Done(done_on), reason: None })
        })
        .await
    }

    pub async fn renegotiate_commitment(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        new_due_on: NaiveDate,
        agreed: Agreed<'_>,
        expected_version: Option<i32>,
        by: Option<Uuid>,
    ) -> StoreResult<Commitment> {
        let today = self.today();
        self.transition(workspace_id, id, expected_version, by, |facts| {
            facts.check_renegotiation(new_due_on, agreed.reason, agreed.on, today).map(|_| Transition {
                change: Change::Renegotiated { new_due_on, agreed_on: agreed.on },
                reason: Some(agreed.reason.trim().to_owned()),
            })
        })
        .await
    }

    pub async fn cancel_commitment(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        agreed: Agreed<'_>,
        expected_version: Option<i32>,
        by: Option<Uuid>,
    ) -> StoreResult<Commitment> {
        let today = self.today();
        self.transition(workspace_id, id, expected_version, by, |facts| {
            facts.check_cancellation(agreed.reason, agreed.on, today).map(|_| Transition {
                change: Change::Cancelled { agreed_on: agreed.on },
                reason: Some(agreed.reason.trim().to_owned()),
            })
        })
        .await
    }

    /// Corrects a commitment's record: its wording at any time, its parties and due date only
    /// while it is open and not yet due (`CommitmentFacts::check_correction`). The change is a
    /// `corrected` event in its history saying what changed; a correction that changes nothing
    /// writes nothing.
    pub async fn correct_commitment(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        valid: &ValidCommitment,
        expected_version: Option<i32>,
        by: Option<Uuid>,
    ) -> StoreResult<Commitment> {
        let txn = self.begin_write().await?;
        let row = self.commitment_to_change(&txn, workspace_id, id, expected_version).await?;
        let renegotiated = commitment_events::Entity::find()
            .filter(commitment_events::Column::CommitmentId.eq(id))
            .filter(commitment_events::Column::Kind.eq(CommitmentEventKind::Renegotiated.as_str()))
            .one(&txn)
            .await?
            .is_some();
        let mut changed_parties = Vec::new();
        if valid.promisor_organization_id != row.promisor_organization_id {
            changed_parties.push("promisor_organization_id");
        }
        if valid.promisor_user_id != row.promisor_user_id {
            changed_parties.push("promisor_user_id");
        }
        if valid.promisee_organization_id != row.promisee_organization_id {
            changed_parties.push("promisee_organization_id");
        }
        let facts = convert::commitment_facts(&row);
        facts
            .check_correction(&changed_parties, valid.due_on, renegotiated, self.today())
            .map_err(StoreError::Invalid)?;
        let mut what = Vec::new();
        if valid.description != row.description {
            what.push("the wording");
        }
        if changed_parties.iter().any(|f| f.starts_with("promisor")) {
            what.push("who promised");
        }
        if changed_parties.contains(&"promisee_organization_id") {
            what.push("to whom");
        }
        let new_due_on = (valid.due_on != row.due_on).then_some(valid.due_on);
        if new_due_on.is_some() {
            what.push("the due date");
        }
        if what.is_empty() {
            return Ok(convert::commitment(row, self.today()));
        }
        commitments::Entity::update_many()
            .col_expr(commitments::Column::Description, Expr::value(valid.description.clone()))
            .col_expr(commitments::Column::PromisorOrganizationId, Expr::value(valid.promisor_organization_id))
            .col_expr(commitments::Column::PromisorUserId, Expr::value(valid.promisor_user_id))
            .col_expr(commitments::Column::PromiseeOrganizationId, Expr::value(valid.promisee_organization_id))
            .col_expr(commitments::Column::DueOn, Expr::value(valid.due_on))
            .col_expr(commitments::Column::Version, Expr::value(row.version + 1))
            .filter(commitments::Column::Id.eq(id))
            .filter(commitments::Column::Version.eq(row.version))
            .exec(&txn)
            .await?
            .one_row_or(StoreError::Stale)?;
        let summary = format!("Corrected {}", join_words(&what));
        txn.execute(&self.event_row(&row, CommitmentEventKind::Corrected, None, new_due_on, Some(summary), by)).await?;
        self.log_activity(
            &txn,
            workspace_id,
            Activity {
                by,
                kind: RecordKind::Commitment,
                id,
                partnership_id: Some(row.partnership_id),
                action: ActivityAction::Changed,
                summary: "corrected a commitment",
            },
        )
        .await?;
        let changed = commitments::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        self.reckon_commitment(&txn, changed).await?;
        self.refresh_trust_in(&txn, workspace_id, &[row.partnership_id]).await?;
        txn.commit().await?;
        self.commitment(workspace_id, id).await
    }

    /// Archives a commitment recorded by mistake; it stops counting as evidence.
    pub async fn archive_commitment(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        set_archived::<commitments::Entity>(&txn, workspace_id, id, Some(self.now())).await?;
        let row = commitments::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let partnership_id = row.partnership_id;
        self.log_activity(
            &txn,
            workspace_id,
            Activity {
                by: None,
                kind: RecordKind::Commitment,
                id,
                partnership_id: Some(partnership_id),
                action: ActivityAction::Archived,
                summary: "archived a commitment",
            },
        )
        .await?;
        self.reckon_commitment(&txn, row).await?;
        self.refresh_trust_in(&txn, workspace_id, &[partnership_id]).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Records a check-in and turns its action items into commitments, all or nothing; with
    /// `pulse`, the partnership's pulse survey goes out in the same transaction unless one is
    /// already open.
    pub async fn create_checkin(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
        valid: &ValidCheckIn,
        pulse: Option<&SurveyToSend>,
        by: Option<Uuid>,
    ) -> StoreResult<CheckIn> {
        let txn = self.begin_write().await?;
        self.partnership_in(&txn, workspace_id, partnership_id).await?;
        let row = checkins::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            partnership_id: Set(partnership_id),
            held_on: Set(valid.held_on),
            agenda: Set(valid.agenda.clone()),
            notes: Set(valid.notes.clone()),
            decisions: Set(valid.decisions.clone()),
            attendee_organization_ids: Set(json_list(&valid.attendee_organization_ids)),
            attendee_user_ids: Set(json_list(&valid.attendee_user_ids)),
            created_by: Set(by),
            created_at: Set(self.now()),
            archived_at: Set(None),
            version: Set(1),
        }
        .insert(&txn)
        .await?;
        self.log_activity(
            &txn,
            workspace_id,
            Activity {
                by,
                kind: RecordKind::CheckIn,
                id: row.id,
                partnership_id: Some(partnership_id),
                action: ActivityAction::Created,
                summary: "recorded a check-in",
            },
        )
        .await?;
        self.log_checkin_contacts(&txn, workspace_id, partnership_id, row.id, valid, by).await?;
        let mut action_item_ids = Vec::new();
        for item in &valid.action_items {
            action_item_ids
                .push(self.insert_commitment(&txn, workspace_id, partnership_id, item, Some(row.id), by).await?.row.id);
        }
        let partnership_name: String = partnerships::Entity::find_by_id(partnership_id)
            .select_only()
            .column(partnerships::Column::Name)
            .into_tuple()
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let checkin = convert::checkin(row, action_item_ids);
        self.webhook_event_in(&txn, workspace_id, Occurrence::checkin_logged(&partnership_name, &checkin)).await?;
        if let Some(pulse) = pulse
            && !self.partnership_survey_open_on(&txn, workspace_id, partnership_id, self.today()).await?
        {
            self.insert_survey(&txn, workspace_id, pulse, by).await?;
        }
        self.refresh_trust_in(&txn, workspace_id, &[partnership_id]).await?;
        txn.commit().await?;
        Ok(checkin)
    }

    pub async fn checkin(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<CheckIn> {
        let row = checkins::Entity::find_by_id(id)
            .filter(checkins::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(self.with_action_items(vec![row]).await?.remove(0))
    }

    /// Check-ins of a partnership, most recent meeting first.
    pub async fn checkins(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
        page: PageRequest,
    ) -> StoreResult<Page<CheckIn>> {
        let mut query = checkins::Entity::find()
            .filter(checkins::Column::WorkspaceId.eq(workspace_id))
            .filter(checkins::Column::PartnershipId.eq(partnership_id));
        if let Some(after) = page.after {
            query = query.filter(checkins::Column::Id.gt(after));
        }
        if !page.include_archived {
            query = query.filter(checkins::Column::ArchivedAt.is_null());
        }
        let rows = query.order_by_asc(checkins::Column::Id).limit(page.limit + 1).all(&self.db).await?;
        let items = self.with_action_items(rows).await?;
        Ok(into_page(items, page.limit, |c| c.id))
    }

    async fn with_action_items(&self, rows: Vec<checkins::Model>) -> StoreResult<Vec<CheckIn>> {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let items: Vec<(Uuid, Option<Uuid>)> = commitments::Entity::find()
            .select_only()
            .column(commitments::Column::Id)
            .column(commitments::Column::CheckinId)
            .filter(commitments::Column::CheckinId.is_in(ids))
            .order_by_asc(commitments::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let mine = items.iter().filter(|(_, c)| *c == Some(row.id)).map(|(id, _)| *id).collect();
                convert::checkin(row, mine)
            })
            .collect())
    }

    /// Corrects who attended a check-in and what it recorded; the change goes into the
    /// check-in's history (the activity log) saying what changed. A correction that changes
    /// nothing writes nothing.
    pub async fn correct_checkin(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        valid: &ValidCheckInCorrection,
        expected_version: Option<i32>,
        by: Option<Uuid>,
    ) -> StoreResult<CheckIn> {
        let current = self.checkin(workspace_id, id).await?;
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(StoreError::Stale);
        }
        let what = valid.changes(&current);
        if what.is_empty() {
            return Ok(current);
        }
        let txn = self.begin_write().await?;
        checkins::Entity::update_many()
            .col_expr(checkins::Column::Agenda, Expr::value(valid.agenda.clone()))
            .col_expr(checkins::Column::Notes, Expr::value(valid.notes.clone()))
            .col_expr(checkins::Column::Decisions, Expr::value(valid.decisions.clone()))
            .col_expr(
                checkins::Column::AttendeeOrganizationIds,
                Expr::value(json_list(&valid.attendee_organization_ids)),
            )
            .col_expr(checkins::Column::AttendeeUserIds, Expr::value(json_list(&valid.attendee_user_ids)))
            .col_expr(checkins::Column::Version, Expr::value(current.version + 1))
            .filter(checkins::Column::Id.eq(id))
            .filter(checkins::Column::WorkspaceId.eq(workspace_id))
            .filter(checkins::Column::Version.eq(current.version))
            .exec(&txn)
            .await?
            .one_row_or(StoreError::Stale)?;
        let summary = format!("corrected {}", join_words(&what));
        self.log_activity(
            &txn,
            workspace_id,
            Activity {
                by,
                kind: RecordKind::CheckIn,
                id,
                partnership_id: Some(current.partnership_id),
                action: ActivityAction::Changed,
                summary: &summary,
            },
        )
        .await?;
        // Who attended feeds the "quiet partner" warning.
        self.refresh_trust_in(&txn, workspace_id, &[current.partnership_id]).await?;
        txn.commit().await?;
        self.checkin(workspace_id, id).await
    }

    pub async fn archive_checkin(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<()> {
        let checkin = self.checkin(workspace_id, id).await?;
        let txn = self.begin_write().await?;
        set_archived::<checkins::Entity>(&txn, workspace_id, id, Some(self.now())).await?;
        self.refresh_trust_in(&txn, workspace_id, &[checkin.partnership_id]).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Open commitments promised by `user_id` personally or by one of `organizations`, soonest
    /// due first: the "what do we owe" list on a person's home page.
    pub async fn open_commitments_of(
        &self,
        workspace_id: Uuid,
        user_id: Uuid,
        organizations: &[Uuid],
        limit: u64,
    ) -> StoreResult<Vec<Commitment>> {
        let mut promisor = sea_orm::Condition::any().add(commitments::Column::PromisorUserId.eq(user_id));
        if !organizations.is_empty() {
            promisor = promisor.add(commitments::Column::PromisorOrganizationId.is_in(organizations.to_vec()));
        }
        let rows = commitments::Entity::find()
            .filter(commitments::Column::WorkspaceId.eq(workspace_id))
            .filter(commitments::Column::DoneOn.is_null())
            .filter(commitments::Column::Cancelled.eq(false))
            .filter(commitments::Column::ArchivedAt.is_null())
            .filter(promisor)
            .order_by_asc(commitments::Column::DueOn)
            .order_by_asc(commitments::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?;
        let today = self.today();
        Ok(rows.into_iter().map(|r| convert::commitment(r, today)).collect())
    }
}

struct Transition {
    change: Change,
    reason: Option<String>,
}

enum Change {
    Done(NaiveDate),
    Renegotiated { new_due_on: NaiveDate, agreed_on: NaiveDate },
    Cancelled { agreed_on: NaiveDate },
}

/// "a", "a and b", "a, b and c".
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
