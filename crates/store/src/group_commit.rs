//! Group commit (issue 21). On SQLite every write takes its turn at the one writer connection,
//! so writers that arrive while another holds it may as well share its transaction: one
//! `BEGIN IMMEDIATE`, one commit and one pass of the changed pages to the WAL for all of them.
//!
//! A writer leaves its work in the queue. The first to find nobody leading starts a leader task
//! (spawned, so a client that hangs up does not abandon the others' work) which takes everything
//! queued and runs it in one transaction, then commits, and only then answers each writer:
//! nobody hears "saved" before the commit. It repeats while work keeps arriving.
//!
//! The pieces first run straight on the transaction, since the application has already checked
//! them and they rarely fail; a savepoint each would cost two more round trips to the
//! connection per write. When one does fail, the transaction is rolled back, that writer gets
//! its own error, and the others run again in a new transaction, each under its own savepoint,
//! so one failing write never takes the others down and no write runs more than twice. On
//! PostgreSQL, whose writers do not queue for one connection, each piece simply runs in a
//! transaction of its own.
//!
//! Writes of one transaction also share what each would otherwise read or renew again
//! ([`SharedInTransaction`]): a workspace's webhooks are read once, a partnership's stamp
//! renewed once. Under savepoints each piece has its own, since a piece rolled back to its
//! savepoint takes its renewal with it.

use std::{
    collections::{HashMap, HashSet},
    future::Future,
    pin::Pin,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
};

use sea_orm::{ConnAcquireErr, DatabaseTransaction, DbBackend, DbErr, TransactionTrait};
use tokio::sync::oneshot;

use uuid::Uuid;

use crate::{Store, StoreError, StoreResult, webhooks::webhook_rows};

/// The most writes one transaction carries: bounds how long the last of them waits for the
/// commit.
const MOST_PER_TRANSACTION: usize = 64;

type Pinned<'t, T> = Pin<Box<dyn Future<Output = T> + Send + 't>>;

/// What the writes of one transaction read or renew once for all of them.
#[derive(Default)]
pub(crate) struct SharedInTransaction {
    /// (workspace, partnership) whose stamp this transaction has renewed.
    stamped: Mutex<HashSet<(Uuid, Uuid)>>,
    /// Each workspace's active webhooks, as read in this transaction.
    hooks: Mutex<HashMap<Uuid, Arc<Vec<webhook_rows::Model>>>>,
}

impl SharedInTransaction {
    /// True the first time a write of this transaction asks for the partnership: that write
    /// renews the stamp (and, failing, fails the whole optimistic run).
    pub(crate) fn first_to_stamp(&self, workspace_id: Uuid, partnership_id: Uuid) -> bool {
        self.stamped.lock().unwrap_or_else(PoisonError::into_inner).insert((workspace_id, partnership_id))
    }

    /// The workspace's active hooks if a write of this transaction has read them.
    pub(crate) fn known_hooks(&self, workspace_id: Uuid) -> Option<Arc<Vec<webhook_rows::Model>>> {
        self.hooks.lock().unwrap_or_else(PoisonError::into_inner).get(&workspace_id).cloned()
    }

    /// Keeps the workspace's active hooks, as just read, for the transaction's other writes.
    pub(crate) fn remember_hooks(
        &self,
        workspace_id: Uuid,
        hooks: Vec<webhook_rows::Model>,
    ) -> Arc<Vec<webhook_rows::Model>> {
        let hooks = Arc::new(hooks);
        self.hooks.lock().unwrap_or_else(PoisonError::into_inner).insert(workspace_id, hooks.clone());
        hooks
    }
}

/// Writes waiting for a turn, and whether a leader is already taking them.
#[derive(Default)]
pub(crate) struct WriteQueue {
    state: Mutex<Waiting>,
    transactions: AtomicU64,
}

#[derive(Default)]
struct Waiting {
    pieces: Vec<Box<dyn Piece>>,
    leading: bool,
}

/// One writer's work, type-erased so writes of any kind share a transaction. Its outcome waits
/// in the piece until the transaction's fate is known.
trait Piece: Send {
    /// Runs the work straight on `txn`; `false` when it failed, which may leave part of it in
    /// the transaction.
    fn run<'t>(&'t mut self, txn: &'t DatabaseTransaction, shared: &'t SharedInTransaction) -> Pinned<'t, bool>;
    /// Runs the work under a savepoint, so that its failure undoes only itself. `Err` means the
    /// savepoint could not be rolled back, so the transaction as a whole is unusable.
    fn run_saved<'t>(&'t mut self, txn: &'t DatabaseTransaction) -> Pinned<'t, Result<(), DbErr>>;
    /// Answers the writer: its own failure, else its value if `committed`, else why not.
    fn answer(self: Box<Self>, committed: Result<(), &StoreError>);
}

struct Pending<T, W> {
    work: W,
    outcome: Option<StoreResult<T>>,
    reply: oneshot::Sender<StoreResult<T>>,
}

impl<T, W> Piece for Pending<T, W>
where
    T: Send + 'static,
    W: for<'t> Fn(&'t DatabaseTransaction, &'t SharedInTransaction) -> Pinned<'t, StoreResult<T>> + Send + 'static,
{
    fn run<'t>(&'t mut self, txn: &'t DatabaseTransaction, shared: &'t SharedInTransaction) -> Pinned<'t, bool> {
        Box::pin(async move {
            let outcome = (self.work)(txn, shared).await;
            let ran = outcome.is_ok();
            self.outcome = Some(outcome);
            ran
        })
    }

    fn run_saved<'t>(&'t mut self, txn: &'t DatabaseTransaction) -> Pinned<'t, Result<(), DbErr>> {
        Box::pin(async move {
            let savepoint = match txn.begin().await {
                Ok(savepoint) => savepoint,
                Err(e) => {
                    self.outcome = Some(Err(e.into()));
                    return Ok(());
                }
            };
            let outcome = match (self.work)(&savepoint, &SharedInTransaction::default()).await {
                Ok(value) => savepoint.commit().await.map(|()| value).map_err(StoreError::from),
                Err(e) => {
                    savepoint.rollback().await?;
                    Err(e)
                }
            };
            self.outcome = Some(outcome);
            Ok(())
        })
    }

    fn answer(self: Box<Self>, committed: Result<(), &StoreError>) {
        let answer = match (self.outcome, committed) {
            // Its own failure says more than the batch's (it was rolled back either way).
            (Some(Err(own)), _) => Err(own),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (_, Err(why)) => Err(shared(why)),
            (None, Ok(())) => Err(StoreError::Database(DbErr::Custom("the write did not run".into()))),
        };
        // The writer may have gone (its client hung up); the work is done all the same.
        let _ = self.reply.send(answer);
    }
}

/// The same failure for each writer of a batch: busy stays busy (503, try again), anything
/// else is a database error naming what happened.
fn shared(why: &StoreError) -> StoreError {
    if why.is_busy() {
        StoreError::Database(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout))
    } else {
        StoreError::Database(DbErr::Custom(why.to_string()))
    }
}

impl Store {
    /// Runs `work` in a write transaction, shared with the writers that arrive at the same time
    /// on SQLite (see the module). `work` may run after the caller has stopped waiting, and may
    /// run twice (the first run rolled back); its result reaches the caller only once the
    /// transaction has committed.
    pub(crate) async fn write_together<T, W>(&self, work: W) -> StoreResult<T>
    where
        T: Send + 'static,
        W: for<'t> Fn(&'t DatabaseTransaction, &'t SharedInTransaction) -> Pinned<'t, StoreResult<T>> + Send + 'static,
    {
        if self.backend() != DbBackend::Sqlite {
            let txn = self.begin_write().await?;
            let value = work(&txn, &SharedInTransaction::default()).await?;
            txn.commit().await?;
            return Ok(value);
        }
        let (reply, answer) = oneshot::channel();
        let lead = self.queued(|waiting| {
            waiting.pieces.push(Box::new(Pending { work, outcome: None, reply }));
            !std::mem::replace(&mut waiting.leading, true)
        });
        if lead {
            tokio::spawn(self.clone().lead_writes());
        }
        answer.await.unwrap_or_else(|_| Err(StoreError::Database(DbErr::Custom("the write was abandoned".into()))))
    }

    /// Takes the queued writes, a transaction at a time, until none are left.
    async fn lead_writes(self) {
        loop {
            if self.queued(|waiting| {
                let idle = waiting.pieces.is_empty();
                waiting.leading = !idle;
                idle
            }) {
                return;
            }
            // The batch is taken once the transaction has begun: whoever arrived meanwhile joins.
            let txn = self.begin_write().await;
            let batch = self.queued(|waiting| {
                let take = waiting.pieces.len().min(MOST_PER_TRANSACTION);
                waiting.pieces.drain(..take).collect::<Vec<_>>()
            });
            match txn {
                Ok(txn) => self.write_batch(txn, batch).await,
                Err(why) => answer_all(batch, Err(&why)),
            }
        }
    }

    /// Runs a batch straight on `txn`; if a piece fails, the others again under savepoints.
    async fn write_batch(&self, txn: DatabaseTransaction, mut batch: Vec<Box<dyn Piece>>) {
        self.write_queue.transactions.fetch_add(1, Ordering::Relaxed);
        let mut failed = None;
        let shared = SharedInTransaction::default();
        for (i, piece) in batch.iter_mut().enumerate() {
            if !piece.run(&txn, &shared).await {
                failed = Some(i);
                break;
            }
        }
        let Some(failed) = failed else {
            let committed = txn.commit().await.map_err(StoreError::from);
            return answer_all(batch, committed.as_ref().map(|_| ()));
        };
        let _ = txn.rollback().await;
        batch.remove(failed).answer(Ok(()));
        if batch.is_empty() {
            return;
        }
        let txn = match self.begin_write().await {
            Ok(txn) => txn,
            Err(why) => return answer_all(batch, Err(&why)),
        };
        self.write_queue.transactions.fetch_add(1, Ordering::Relaxed);
        let mut broken = None;
        for piece in &mut batch {
            if let Err(e) = piece.run_saved(&txn).await {
                broken = Some(StoreError::from(e));
                break;
            }
        }
        let committed = match broken {
            Some(why) => {
                let _ = txn.rollback().await;
                Err(why)
            }
            None => txn.commit().await.map_err(StoreError::from),
        };
        answer_all(batch, committed.as_ref().map(|_| ()));
    }

    fn queued<R>(&self, f: impl FnOnce(&mut Waiting) -> R) -> R {
        f(&mut self.write_queue.state.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// How many write transactions group commit has begun since the store was opened (each
    /// carrying one or more writes); always 0 on PostgreSQL.
    pub fn shared_write_transactions(&self) -> u64 {
        self.write_queue.transactions.load(Ordering::Relaxed)
    }
}

fn answer_all(batch: Vec<Box<dyn Piece>>, committed: Result<(), &StoreError>) {
    for piece in batch {
        piece.answer(committed);
    }
}
