//! Group commit (issue 21). On SQLite every write takes its turn at the one writer connection,
//! so writers that arrive while another holds it may as well share its transaction: one
//! `BEGIN IMMEDIATE`, one commit and one pass of the changed pages to the WAL for all of them.
//!
//! A writer leaves its work in the queue. The first to find nobody leading starts a leader task
//! (spawned, so a client that hangs up does not abandon the others' work) which takes everything
//! queued, runs each piece under its own savepoint (a piece that fails rolls back only itself and
//! gets its own error), commits, and only then answers each writer: nobody hears "saved" before
//! the commit. It repeats while work keeps arriving. On PostgreSQL, whose writers do not queue
//! for one connection, each piece simply runs in a transaction of its own.

use std::{
    future::Future,
    pin::Pin,
    sync::{
        Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
};

use sea_orm::{ConnAcquireErr, DatabaseTransaction, DbBackend, DbErr, TransactionTrait};
use tokio::sync::oneshot;

use crate::{Store, StoreError, StoreResult};

/// The most writes one transaction carries: bounds how long the last of them waits for the
/// commit.
const MOST_PER_TRANSACTION: usize = 64;

type Pinned<'t, T> = Pin<Box<dyn Future<Output = T> + Send + 't>>;

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

/// One writer's work, type-erased so writes of any kind share a transaction.
trait Piece: Send {
    /// Runs the work on `txn`, under a savepoint; what it returns answers the writer once the
    /// transaction's fate is known. `Err` means the savepoint could not be rolled back, so the
    /// transaction as a whole is unusable.
    fn run<'t>(self: Box<Self>, txn: &'t DatabaseTransaction) -> Pinned<'t, Result<Box<dyn Answer>, DbErr>>;
    /// Answers the writer without running the work: the transaction could not begin.
    fn refuse(self: Box<Self>, why: StoreError);
}

/// A writer's answer, held until the commit.
trait Answer: Send {
    fn give(self: Box<Self>, committed: Result<(), &StoreError>);
}

struct Pending<T, W> {
    work: W,
    reply: oneshot::Sender<StoreResult<T>>,
}

struct Done<T> {
    outcome: StoreResult<T>,
    reply: oneshot::Sender<StoreResult<T>>,
}

impl<T: Send + 'static> Answer for Done<T> {
    fn give(self: Box<Self>, committed: Result<(), &StoreError>) {
        let answer = match committed {
            Ok(()) => self.outcome,
            // Its own failure says more than the batch's (it was rolled back either way).
            Err(why) => self.outcome.and(Err(shared(why))),
        };
        // The writer may have gone (its client hung up); the work is done all the same.
        let _ = self.reply.send(answer);
    }
}

impl<T, W> Piece for Pending<T, W>
where
    T: Send + 'static,
    W: for<'t> FnOnce(&'t DatabaseTransaction) -> Pinned<'t, StoreResult<T>> + Send + 'static,
{
    fn run<'t>(self: Box<Self>, txn: &'t DatabaseTransaction) -> Pinned<'t, Result<Box<dyn Answer>, DbErr>> {
        Box::pin(async move {
            let Pending { work, reply } = *self;
            let savepoint = match txn.begin().await {
                Ok(savepoint) => savepoint,
                Err(e) => return Ok(Box::new(Done { outcome: Err(e.into()), reply }) as Box<dyn Answer>),
            };
            let outcome = match work(&savepoint).await {
                Ok(value) => savepoint.commit().await.map(|()| value).map_err(StoreError::from),
                Err(e) => {
                    savepoint.rollback().await?;
                    Err(e)
                }
            };
            Ok(Box::new(Done { outcome, reply }) as Box<dyn Answer>)
        })
    }

    fn refuse(self: Box<Self>, why: StoreError) {
        let _ = self.reply.send(Err(why));
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
    /// on SQLite (see the module). `work` may run after the caller has stopped waiting; its
    /// result reaches the caller only once the transaction has committed.
    pub(crate) async fn write_together<T, W>(&self, work: W) -> StoreResult<T>
    where
        T: Send + 'static,
        W: for<'t> FnOnce(&'t DatabaseTransaction) -> Pinned<'t, StoreResult<T>> + Send + 'static,
    {
        if self.backend() != DbBackend::Sqlite {
            let txn = self.begin_write().await?;
            let value = work(&txn).await?;
            txn.commit().await?;
            return Ok(value);
        }
        let (reply, answer) = oneshot::channel();
        let lead = self.queued(|waiting| {
            waiting.pieces.push(Box::new(Pending { work, reply }));
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
            self.write_queue.transactions.fetch_add(1, Ordering::Relaxed);
            match txn {
                Ok(txn) => write_batch(txn, batch).await,
                Err(why) => batch.into_iter().for_each(|piece| piece.refuse(shared(&why))),
            }
        }
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

async fn write_batch(txn: DatabaseTransaction, batch: Vec<Box<dyn Piece>>) {
    let mut answers = Vec::with_capacity(batch.len());
    let mut broken = None;
    for piece in batch {
        if let Some(why) = &broken {
            piece.refuse(shared(why));
            continue;
        }
        match piece.run(&txn).await {
            Ok(answer) => answers.push(answer),
            Err(e) => broken = Some(StoreError::from(e)),
        }
    }
    let committed = match broken {
        Some(why) => {
            let _ = txn.rollback().await;
            Err(why)
        }
        None => txn.commit().await.map_err(StoreError::from),
    };
    for answer in answers {
        answer.give(committed.as_ref().map(|_| ()));
    }
}
