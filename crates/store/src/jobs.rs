//! The job queue every `rapport serve` shares (SPEC 8). A job is a row: its kind, a JSON
//! payload and when it is due. Runners claim due jobs in a write transaction: on PostgreSQL the
//! claiming `SELECT … FOR UPDATE SKIP LOCKED` lets several processes claim side by side, each
//! getting other rows; SQLite's write transactions (begun IMMEDIATE) already run one at a time,
//! and sea-query leaves the lock clause out there, so one statement serves both. A claim is a
//! lease (`locked_until`): a runner that dies mid-job leaves it to be claimed again once the
//! lease runs out. Scheduled work carries a `dedupe_key` naming its slot, so however many
//! servers enqueue it, it is stored, and run, once.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, OnConflict};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::Serialize;
use uuid::Uuid;

use crate::{Store, StoreResult};

/// After this many failed attempts a job is given up (`failed`).
pub const MAX_ATTEMPTS: i32 = 8;

/// The `jobs` table (migration `m20261123_000008_jobs`).
pub(crate) mod job_rows {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "jobs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub workspace_id: Option<Uuid>,
        pub kind: String,
        pub payload: Json,
        pub run_at: DateTimeUtc,
        pub attempts: i32,
        pub last_error: Option<String>,
        pub state: String,
        pub locked_by: Option<String>,
        pub locked_until: Option<DateTimeUtc>,
        pub dedupe_key: Option<String>,
        pub created_at: DateTimeUtc,
        pub finished_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub const QUEUED: &str = "queued";
pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Job {
    pub id: Uuid,
    pub workspace_id: Option<Uuid>,
    pub kind: String,
    pub payload: serde_json::Value,
    pub run_at: DateTime<Utc>,
    /// Attempts begun so far, the running one included.
    pub attempts: i32,
    pub last_error: Option<String>,
    /// queued, running, done or failed.
    pub state: String,
    pub locked_by: Option<String>,
    pub dedupe_key: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<job_rows::Model> for Job {
    fn from(row: job_rows::Model) -> Job {
        Job {
            id: row.id,
            workspace_id: row.workspace_id,
            kind: row.kind,
            payload: row.payload,
            run_at: row.run_at,
            attempts: row.attempts,
            last_error: row.last_error,
            state: row.state,
            locked_by: row.locked_by,
            dedupe_key: row.dedupe_key,
            created_at: row.created_at,
            finished_at: row.finished_at,
        }
    }
}

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    pub kind: String,
    pub workspace_id: Option<Uuid>,
    pub payload: serde_json::Value,
    /// Due now when absent.
    pub run_at: Option<DateTime<Utc>>,
    /// Enqueued at most once per key.
    pub dedupe_key: Option<String>,
}

impl NewJob {
    pub fn new(kind: &str, payload: serde_json::Value) -> NewJob {
        NewJob { kind: kind.to_owned(), workspace_id: None, payload, run_at: None, dedupe_key: None }
    }
}

/// What a failed attempt led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Queued again for this moment.
    At(DateTime<Utc>),
    /// Given up after [`MAX_ATTEMPTS`].
    GaveUp,
}

/// The ids of up to `limit` jobs due at `now`, oldest first, locked for the claiming
/// transaction. PostgreSQL skips rows another runner is claiming instead of waiting for them;
/// SQLite has no row locks (sea-query writes no lock clause there) and its write lock already
/// serialises claims.
fn due_jobs(now: DateTime<Utc>, limit: u64) -> sea_orm::Select<job_rows::Entity> {
    let due = Condition::any()
        .add(Condition::all().add(job_rows::Column::State.eq(QUEUED)).add(job_rows::Column::RunAt.lte(now)))
        .add(Condition::all().add(job_rows::Column::State.eq(RUNNING)).add(job_rows::Column::LockedUntil.lt(now)));
    job_rows::Entity::find()
        .select_only()
        .column(job_rows::Column::Id)
        .filter(due)
        .order_by_asc(job_rows::Column::RunAt)
        .order_by_asc(job_rows::Column::Id)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
}

impl Store {
    /// Adds a job. With a `dedupe_key` already used, nothing is added and it answers false.
    pub async fn enqueue_job(&self, job: NewJob) -> StoreResult<bool> {
        let txn = self.begin_write().await?;
        let added = self.enqueue_job_in(&txn, job).await?;
        txn.commit().await?;
        Ok(added)
    }

    /// [`Store::enqueue_job`] inside the caller's transaction.
    pub(crate) async fn enqueue_job_in(&self, conn: &impl ConnectionTrait, job: NewJob) -> StoreResult<bool> {
        let now = self.now();
        let row = job_rows::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(job.workspace_id),
            kind: Set(job.kind),
            payload: Set(job.payload),
            run_at: Set(job.run_at.unwrap_or(now)),
            attempts: Set(0),
            last_error: Set(None),
            state: Set(QUEUED.to_owned()),
            locked_by: Set(None),
            locked_until: Set(None),
            dedupe_key: Set(job.dedupe_key),
            created_at: Set(now),
            finished_at: Set(None),
        };
        let inserted = job_rows::Entity::insert(row)
            .on_conflict(OnConflict::column(job_rows::Column::DedupeKey).do_nothing().to_owned())
            .exec_without_returning(conn)
            .await?;
        Ok(inserted > 0)
    }

    /// Claims up to `limit` due jobs for `worker` for `lease`: queued ones whose time has come,
    /// and running ones whose runner's lease ran out. Each claim counts as an attempt.
    pub async fn claim_due_jobs(&self, worker: &str, limit: u64, lease: Duration) -> StoreResult<Vec<Job>> {
        self.claim_jobs(worker, None, limit, lease).await
    }

    /// [`Store::claim_due_jobs`] of one kind only: what a test runs by hand, leaving the rest.
    pub async fn claim_due_jobs_of_kind(
        &self,
        worker: &str,
        kind: &str,
        limit: u64,
        lease: Duration,
    ) -> StoreResult<Vec<Job>> {
        self.claim_jobs(worker, Some(kind), limit, lease).await
    }

    async fn claim_jobs(&self, worker: &str, kind: Option<&str>, limit: u64, lease: Duration) -> StoreResult<Vec<Job>> {
        let now = self.now();
        let txn = self.begin_write().await?;
        let mut due = due_jobs(now, limit);
        if let Some(kind) = kind {
            due = due.filter(job_rows::Column::Kind.eq(kind));
        }
        let ids: Vec<Uuid> = due.into_tuple().all(&txn).await?;
        if ids.is_empty() {
            txn.commit().await?;
            return Ok(Vec::new());
        }
        let until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::minutes(5));
        job_rows::Entity::update_many()
            .col_expr(job_rows::Column::State, Expr::value(RUNNING))
            .col_expr(job_rows::Column::LockedBy, Expr::value(Some(worker.to_owned())))
            .col_expr(job_rows::Column::LockedUntil, Expr::value(Some(until)))
            .col_expr(job_rows::Column::Attempts, Expr::col(job_rows::Column::Attempts).add(1))
            .filter(job_rows::Column::Id.is_in(ids.clone()))
            .exec(&txn)
            .await?;
        let rows = job_rows::Entity::find()
            .filter(job_rows::Column::Id.is_in(ids))
            .order_by_asc(job_rows::Column::RunAt)
            .order_by_asc(job_rows::Column::Id)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows.into_iter().map(Job::from).collect())
    }

    /// Marks a job `worker` holds as done. False when the worker no longer holds it (its lease
    /// ran out and another runner claimed it).
    pub async fn complete_job(&self, id: Uuid, worker: &str) -> StoreResult<bool> {
        let now = self.now();
        let txn = self.begin_write().await?;
        let result = job_rows::Entity::update_many()
            .col_expr(job_rows::Column::State, Expr::value(DONE))
            .col_expr(job_rows::Column::FinishedAt, Expr::value(Some(now)))
            .col_expr(job_rows::Column::LockedBy, Expr::value(Option::<String>::None))
            .col_expr(job_rows::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(job_rows::Column::Id.eq(id))
            .filter(job_rows::Column::State.eq(RUNNING))
            .filter(job_rows::Column::LockedBy.eq(worker))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(result.rows_affected > 0)
    }

    /// Replaces a finished job's payload with `{"redacted": true}`: an e-mail that carried a
    /// secret link leaves no copy of it in the queue once sent.
    pub async fn redact_job_payload(&self, id: Uuid) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        job_rows::Entity::update_many()
            .col_expr(job_rows::Column::Payload, Expr::value(serde_json::json!({"redacted": true})))
            .filter(job_rows::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Records a failed attempt: the job is queued again after `retry_base` × 2^(attempts − 1),
    /// or given up after [`MAX_ATTEMPTS`]. `None` when the worker no longer holds the job.
    pub async fn fail_job(
        &self,
        id: Uuid,
        worker: &str,
        error: &str,
        retry_base: Duration,
    ) -> StoreResult<Option<Retry>> {
        let now = self.now();
        let txn = self.begin_write().await?;
        let Some(row) = job_rows::Entity::find_by_id(id)
            .filter(job_rows::Column::State.eq(RUNNING))
            .filter(job_rows::Column::LockedBy.eq(worker))
            .one(&txn)
            .await?
        else {
            txn.commit().await?;
            return Ok(None);
        };
        let error: String = error.chars().take(2000).collect();
        let retry = if row.attempts >= MAX_ATTEMPTS {
            Retry::GaveUp
        } else {
            let delay = rapport_core::webhook::retry_delay(retry_base, Ord::max(row.attempts, 1) as u32);
            Retry::At(now + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1)))
        };
        let mut update = job_rows::Entity::update_many()
            .col_expr(job_rows::Column::LastError, Expr::value(Some(error)))
            .col_expr(job_rows::Column::LockedBy, Expr::value(Option::<String>::None))
            .col_expr(job_rows::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None));
        update = match retry {
            Retry::At(at) => update
                .col_expr(job_rows::Column::State, Expr::value(QUEUED))
                .col_expr(job_rows::Column::RunAt, Expr::value(at)),
            Retry::GaveUp => update
                .col_expr(job_rows::Column::State, Expr::value(FAILED))
                .col_expr(job_rows::Column::FinishedAt, Expr::value(Some(now))),
        };
        update.filter(job_rows::Column::Id.eq(id)).exec(&txn).await?;
        txn.commit().await?;
        Ok(Some(retry))
    }

    /// The latest jobs, newest first: a workspace's, or every job (administrators).
    pub async fn recent_jobs(&self, workspace_id: Option<Uuid>, limit: u64) -> StoreResult<Vec<Job>> {
        let mut query = job_rows::Entity::find();
        if let Some(ws) = workspace_id {
            query = query.filter(job_rows::Column::WorkspaceId.eq(ws));
        }
        let rows = query.order_by_desc(job_rows::Column::Id).limit(limit).all(&self.db).await?;
        Ok(rows.into_iter().map(Job::from).collect())
    }

    /// One job, for tests and administrators.
    pub async fn job(&self, id: Uuid) -> StoreResult<Option<Job>> {
        Ok(job_rows::Entity::find_by_id(id).one(&self.db).await?.map(Job::from))
    }

    /// Removes finished jobs older than `before`, keeping the table small. Returns how many.
    pub async fn prune_jobs(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let txn = self.begin_write().await?;
        let result = job_rows::Entity::delete_many()
            .filter(job_rows::Column::State.is_in([DONE, FAILED]))
            .filter(job_rows::Column::FinishedAt.lt(before))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(result.rows_affected)
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{DbBackend, QueryTrait};

    use super::*;

    #[test]
    fn jobs_are_claimed_with_skip_locked_on_postgres_only() {
        let now = "2026-11-23T10:15:00Z".parse().unwrap();
        let postgres = due_jobs(now, 10).build(DbBackend::Postgres).to_string();
        assert!(postgres.ends_with("LIMIT 10 FOR UPDATE SKIP LOCKED"), "{postgres}");
        let sqlite = due_jobs(now, 10).build(DbBackend::Sqlite).to_string();
        assert!(sqlite.trim_end().ends_with("LIMIT 10"), "{sqlite}");
    }
}
