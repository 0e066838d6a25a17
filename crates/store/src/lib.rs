//! Rapport's storage. One schema, one set of migrations and one set of queries serve SQLite (the
//! embedded default) and PostgreSQL; the URL's scheme picks the backend. Every tenant-owned row
//! carries its workspace id, and every method that touches one takes the workspace it works in.

mod accounts;
mod agreements;
pub mod archive;
mod batch;
mod bulk;
mod convert;
mod directory;
mod entities;
mod feeds;
mod follow_up;
mod graph;
mod group_commit;
mod import;
mod jobs;
mod kept_answers;
mod kept_network;
mod links;
mod migrations;
mod network_directory;
mod network_snapshot;
mod practices;
mod reminders;
mod reports;
mod retrospectives;
mod rows;
mod search;
mod surveys;
mod today;
mod trust;
mod webhooks;
mod work;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sqlx::postgres::PgSslMode;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqlErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use uuid::Uuid;

use rapport_core::ValidationErrors;

pub use accounts::{ApiToken, Caller, Invitation, Membership, SessionInfo, SessionRecord};
pub use bulk::{
    GeneratedBatch, GeneratedCheckIn, GeneratedCommitment, GeneratedOrganization, GeneratedPartnership, GeneratedSurvey,
};
pub use feeds::{CalendarFeed, FeedScope};
pub use graph::{GraphActivity, GraphFacts, GraphPartnership};
pub use jobs::{Job, MAX_ATTEMPTS, NewJob, Retry};
pub use kept_answers::KeptAnswers;
pub use kept_network::KeptNetwork;
pub use network_directory::{FocusMatch, OrganizationFilter, OrganizationName, focus_key};
pub use network_snapshot::{NETWORK_JOB, NetworkSnapshot, PastBrokers, StoredPosition, StoredTie};
pub use practices::{ConcernFilter, TimelineFilter};
pub use reports::{PartnershipSpan, ReportLink, SavedReport};
pub use surveys::{ResponseCount, SurveyInvitation, SurveyToSend};
pub use today::{PartnershipRecords, Reading};
pub use trust::{HealthRow, RecomputeSummary, TrustState, WarningFilter};
pub use webhooks::{Delivery, PendingDelivery, WEBHOOK_JOB, Webhook};
pub use work::CommitmentFilter;

/// What went wrong in a store call, in terms the HTTP layer can answer with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist in this workspace (or is not the caller's to see).
    #[error("not found")]
    NotFound,
    /// The change contradicts what is stored, e.g. a second account with the same e-mail.
    #[error("{0}")]
    Conflict(String),
    /// The record changed since the caller read it (`If-Match` no longer holds).
    #[error("the record has changed since it was read")]
    Stale,
    /// The input refers to things that do not exist or may not be combined.
    #[error("{0}")]
    Invalid(ValidationErrors),
    #[error("database error: {0}")]
    Database(#[from] DbErr),
    /// A stored value Rapport cannot read back; only a hand-edited database produces this.
    #[error("unreadable stored value: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Whether the database was still busy when its deadline passed: no connection came free
    /// in time (the pool's acquire timeout), SQLite stayed locked past its busy timeout, or a
    /// PostgreSQL lock was not granted within `lock_timeout` (or the statement timed out, or
    /// lost a serialisation race or a deadlock). Asking again later may well succeed.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Database(err) => is_busy(err),
            _ => false,
        }
    }

    /// Whether SQLite refused a write sent through the reading pool (`SQLITE_READONLY`): a read
    /// that turned out to keep something must be made again through `begin_write`.
    fn is_read_only(&self) -> bool {
        use sea_orm::RuntimeErr;
        match self {
            StoreError::Database(DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) => {
                match e.as_ref() {
                    sea_orm::sqlx::Error::Database(db) => db.code().is_some_and(|code| code == "8"),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    fn from_write(err: DbErr, conflict: &str) -> StoreError {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => StoreError::Conflict(conflict.to_owned()),
            _ => StoreError::Database(err),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// SQLite's `SQLITE_BUSY` and `SQLITE_LOCKED` with their extended codes, and PostgreSQL's
/// `lock_not_available`, `query_canceled` (a statement or lock timeout), `serialization_failure`
/// and `deadlock_detected`. The two lists cannot be confused: SQLite's codes are numbers,
/// PostgreSQL's SQLSTATEs hold letters or five digits.
const BUSY_CODES: [&str; 10] = ["5", "261", "517", "773", "6", "262", "55P03", "57014", "40001", "40P01"];

fn is_busy(err: &DbErr) -> bool {
    use sea_orm::{ConnAcquireErr, RuntimeErr};
    match err {
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout) => true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => match e.as_ref() {
            sea_orm::sqlx::Error::PoolTimedOut => true,
            sea_orm::sqlx::Error::Database(db) => db.code().is_some_and(|code| BUSY_CODES.contains(&code.as_ref())),
            _ => false,
        },
        _ => false,
    }
}

/// Why the database could not be opened, in one sentence for the command line.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("the database URL {0:?} is not supported: use sqlite://path/to/file.db or postgres://user@host/database")]
    UnsupportedUrl(String),
    #[error("could not open the database at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("could not apply the database migrations: {0}")]
    Migration(String),
}

/// One page of a list, ordered by id (ids are UUIDv7, so this is creation order).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The last id of this page when another page follows.
    pub next_after: Option<Uuid>,
}

/// Where a page starts and how long it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub after: Option<Uuid>,
    pub limit: u64,
    pub include_archived: bool,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest { after: None, limit: 50, include_archived: false }
    }
}

fn into_page<T>(mut items: Vec<T>, limit: u64, id: impl Fn(&T) -> Uuid) -> Page<T> {
    let next_after = if items.len() as u64 > limit {
        items.truncate(limit as usize);
        items.last().map(&id)
    } else {
        None
    };
    Page { items, next_after }
}

pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// A handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    /// Where reads run. On SQLite its connections are `query_only`: a write sent here fails at
    /// once ("attempt to write a readonly database"), so every write goes through `begin_write`.
    db: DatabaseConnection,
    /// Where write transactions begin. On SQLite a pool of one connection, so writers queue in
    /// the order they came (the pool hands out its connection fairly) instead of polling for the
    /// database's only write lock under the busy timeout, which let some wait five times longer
    /// than the median under load. On PostgreSQL the same pool as `db`.
    writer: DatabaseConnection,
    clock: Clock,
    /// What partnerships show today, kept between requests (see `today`).
    kept: Arc<today::KeptToday>,
    /// Writes waiting to share a transaction (group_commit.rs).
    write_queue: Arc<group_commit::WriteQueue>,
    /// Organisation rows returned by directory reads (network_directory.rs), for the tests.
    organization_rows_read: Arc<std::sync::atomic::AtomicU64>,
    /// The network job's last result per workspace, kept between requests (kept_network.rs).
    networks: Arc<kept_network::KeptNetworks>,
    /// Other answers worked out from records and kept under a stamp (kept_answers.rs).
    answers: Arc<KeptAnswers>,
}

/// Days after the due date before an undone commitment counts as missed.
pub const GRACE_DAYS: i64 = rapport_core::commitment::DEFAULT_GRACE_DAYS;

impl Store {
    /// Opens the database named by `url` and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Store, ConnectError> {
        Store::open_with_deadline(url, BUSY_DEADLINE).await
    }

    /// [`Store::open`] with another [`BUSY_DEADLINE`] (tests use a short one).
    pub async fn open_with_deadline(url: &str, deadline: Duration) -> Result<Store, ConnectError> {
        let store = Store::connect_with_deadline(url, deadline).await?;
        store.migrate().await?;
        // PostgreSQL's autovacuum keeps its statistics; SQLite has none until asked.
        if store.backend() == DbBackend::Sqlite {
            store
                .refresh_statistics()
                .await
                .map_err(|e| ConnectError::Migration(format!("could not analyse the database: {e}")))?;
        }
        Ok(store)
    }

    /// Refreshes the statistics the query planner picks indexes by. Without them SQLite reads a
    /// partnership's commitments through the workspace index, the whole workspace, instead of the
    /// partnership's (300 ms against 1 ms on the large network). SQLite samples each index
    /// (`analysis_limit`), which takes tens of milliseconds even there.
    pub async fn refresh_statistics(&self) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        if self.backend() == DbBackend::Sqlite {
            txn.execute_unprepared("PRAGMA analysis_limit = 1000").await?;
        }
        txn.execute_unprepared("ANALYZE").await?;
        txn.commit().await?;
        Ok(())
    }

    /// Opens the database without migrating it.
    pub async fn connect(url: &str) -> Result<Store, ConnectError> {
        Store::connect_with_deadline(url, BUSY_DEADLINE).await
    }

    /// [`Store::connect`] with another [`BUSY_DEADLINE`].
    pub async fn connect_with_deadline(url: &str, deadline: Duration) -> Result<Store, ConnectError> {
        let connect = |options: ConnectOptions| async move {
            // Servers opening one new SQLite file together can find it locked while another
            // switches it to WAL, a moment SQLite's busy timeout does not cover: try again
            // until the deadline.
            let give_up = std::time::Instant::now() + deadline;
            loop {
                match Database::connect(options.clone()).await {
                    Ok(db) => return Ok(db),
                    Err(e) => {
                        let reason = short_reason(&e);
                        if !reason.contains("database is locked") || std::time::Instant::now() >= give_up {
                            return Err(ConnectError::Unreachable { url: redact(url), reason });
                        }
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                }
            }
        };
        if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            if path.is_empty() {
                return Err(ConnectError::UnsupportedUrl(url.to_owned()));
            }
            // The writer connects first: it may have to create the file and switch it to WAL,
            // which a read-only connection may not.
            // A writer may wait behind a long write (a recompute batch, an import) as long as
            // SQLite's busy timeout would let it.
            let mut writer_options = sqlite_options(url, Pool::Writer, deadline);
            writer_options.acquire_timeout(deadline);
            let writer = connect(writer_options).await?;
            let db = connect(sqlite_options(url, Pool::Readers, deadline)).await?;
            let store = Store::new(db, writer);
            store.checkpoint_in_background();
            Ok(store)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let mut options = ConnectOptions::new(url.to_owned());
            let chosen_ssl = names_ssl_mode(url) || std::env::var_os("PGSSLMODE").is_some();
            // A statement waiting for a lock gives up at the deadline (`lock_not_available`), which
            // the caller is told as "busy, try again" rather than waiting without end.
            let lock_timeout = format!("{}ms", deadline.as_millis().max(1));
            options.max_connections(16).map_sqlx_postgres_opts(move |opts| {
                let opts = opts.options([("lock_timeout", lock_timeout.as_str())]);
                if !chosen_ssl && on_this_machine(opts.get_host()) { opts.ssl_mode(PgSslMode::Disable) } else { opts }
            });
            let db = connect(with_common_options(options, deadline)).await?;
            Ok(Store::new(db.clone(), db))
        } else {
            Err(ConnectError::UnsupportedUrl(url.to_owned()))
        }
    }

    fn new(db: DatabaseConnection, writer: DatabaseConnection) -> Store {
        Store {
            db,
            writer,
            clock: Arc::new(Utc::now),
            kept: Arc::default(),
            write_queue: Arc::default(),
            organization_rows_read: Arc::default(),
            networks: Arc::default(),
            answers: Arc::default(),
        }
    }

    /// Copies SQLite's write-ahead log back into the database file every [`CHECKPOINT_EVERY`]
    /// from a reading connection, until the store is dropped. Left to SQLite, the commit that
    /// fills the log does the copy and its two fsyncs while every other writer waits behind it;
    /// here nobody waits (PASSIVE: it gives way to readers and the writer). The writer's own
    /// checkpoint stays as a backstop, for a log past [`BACKSTOP_FRAMES`].
    fn checkpoint_in_background(&self) {
        let (readers, alive) = (self.db.clone(), Arc::downgrade(&self.write_queue));
        tokio::spawn(async move {
            let mut every = tokio::time::interval(CHECKPOINT_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                if alive.strong_count() == 0 {
                    return;
                }
                if let Err(e) = readers.execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)").await {
                    tracing::warn!("could not checkpoint the write-ahead log: {e}");
                }
            }
        });
    }

    /// Applies the pending migrations, all in one write transaction, one process at a time:
    /// servers started together on an empty database would otherwise each create the same
    /// tables. On PostgreSQL the transaction first takes an advisory lock (waiting as long as
    /// it takes); on SQLite the IMMEDIATE transaction holds the database's only write lock.
    /// Whoever comes second finds the migrations applied and has nothing to do.
    pub async fn migrate(&self) -> Result<(), ConnectError> {
        let failed = |e: DbErr| ConnectError::Migration(short_reason(&e));
        let txn = self.begin_write().await.map_err(|e| match e {
            StoreError::Database(e) => failed(e),
            other => ConnectError::Migration(other.to_string()),
        })?;
        if self.backend() == DbBackend::Postgres {
            txn.execute_unprepared("SET LOCAL lock_timeout = 0").await.map_err(failed)?;
            txn.execute_raw(sea_orm::Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_advisory_xact_lock($1)",
                [MIGRATION_LOCK.into()],
            ))
            .await
            .map_err(failed)?;
        }
        migrations::Migrator::up(&txn, None).await.map_err(failed)?;
        txn.commit().await.map_err(failed)
    }

    /// Replaces the clock, so tests and the demo can live at a chosen moment.
    pub fn with_clock(mut self, clock: Clock) -> Store {
        self.clock = clock;
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// Answers kept in this process under a stamp their asker reads (kept_answers.rs).
    pub fn kept_answers(&self) -> &KeptAnswers {
        &self.answers
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    /// Checks the database answers, for health checks.
    pub async fn ping(&self) -> StoreResult<()> {
        self.db.ping().await?;
        Ok(())
    }

    /// Begins a write transaction. On SQLite it waits its turn for the one writer connection,
    /// then is IMMEDIATE, so it takes the write lock at once (waiting under the busy timeout
    /// while another process writes) instead of failing when it first writes. Never begin one
    /// while holding another: on SQLite the second would wait for the first's connection.
    async fn begin_write(&self) -> StoreResult<DatabaseTransaction> {
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        Ok(self.writer.begin_with_options(options).await?)
    }

    pub async fn close(self) {
        let _ = self.db.close().await;
        let _ = self.writer.close().await;
    }
}

/// How long a request waits for the database before it is answered "busy, try again" (503):
/// for a free connection, for SQLite's write lock (its busy timeout) or for a PostgreSQL lock
/// (`lock_timeout`).
pub const BUSY_DEADLINE: Duration = Duration::from_secs(30);

/// How often the write-ahead log is copied back into a SQLite database file
/// (`Store::checkpoint_in_background`): at 2,000 commitments a second, about 4,000 pages.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

/// Pages of write-ahead log past which the writer copies it back itself, should the
/// background checkpoint fall behind (SQLite's default is 1,000).
const BACKSTOP_FRAMES: u32 = 10_000;

/// The PostgreSQL advisory lock key taken while migrating ("rapport" and a 1).
const MIGRATION_LOCK: i64 = 0x7261_7070_6f72_7401;

/// The two pools a [`Store`] keeps on SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pool {
    /// Eight connections that only read (`PRAGMA query_only`).
    Readers,
    /// The one connection every write goes through (`Store::begin_write`).
    Writer,
}

/// A pool of connections to the SQLite database at `url`, each in WAL mode with stable plans.
fn sqlite_options(url: &str, pool: Pool, deadline: Duration) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if pool == Pool::Writer { 1 } else { 8 })
        .map_sqlx_sqlite_opts(move |opts| {
            let opts = opts
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(deadline)
                // Deleted rows are overwritten with zeros, so a survey answer moved out of the
                // pool cannot be read back from the file (ARCHITECTURE.md, "Survey anonymity").
                .pragma("secure_delete", "ON")
                .foreign_keys(true);
            // Set after the journal mode (sqlx applies pragmas in order). A write that skips
            // `begin_write` would otherwise poll for the database's write lock under the busy
            // timeout, behind the writer's queue, and could fail with "database is locked".
            match pool {
                Pool::Readers => opts.pragma("query_only", "ON"),
                Pool::Writer => opts.pragma("wal_autocheckpoint", BACKSTOP_FRAMES.to_string()),
            }
        })
        .map_sqlx_sqlite_pool_opts(|pool| {
            pool.after_connect(|conn, _| Box::pin(async move { stable_query_plans(conn).await }))
        });
    with_common_options(options, deadline)
}

fn with_common_options(mut options: ConnectOptions, deadline: Duration) -> ConnectOptions {
    // Statements are logged at info under `sqlx` (`RAPPORT_LOG=sqlx=info` shows each with its time),
    // slow ones (over a second) at warn, which the default filter shows.
    options
        .sqlx_logging(true)
        .acquire_timeout(deadline.min(Duration::from_secs(10)))
        .connect_timeout(Duration::from_secs(10))
        // A ping on every checkout costs one more round trip per statement batch (on SQLite a
        // hop to the connection's thread and back); only a connection idle long enough for a
        // server or firewall to have dropped it is worth testing first.
        .test_before_acquire_if_idle_for(Duration::from_secs(30));
    options
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Whether a PostgreSQL URL chooses its own `sslmode`: then it is followed as given.
fn names_ssl_mode(url: &str) -> bool {
    let query = url.split_once('?').map(|(_, query)| query).unwrap_or_default();
    query.split('&').any(|pair| pair.starts_with("sslmode=") || pair.starts_with("ssl-mode="))
}

/// Whether a PostgreSQL host is this machine (a loopback address or a Unix socket). Unless
/// told otherwise, Rapport talks to such a server without TLS: traffic that never leaves the
/// machine gains nothing from it, and encrypting every statement both ways cost about a
/// seventh of a partnership page's time under load.
fn on_this_machine(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost" || host.starts_with('/') || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn short_reason(err: &DbErr) -> String {
    let text = err.to_string();
    let text = text.rsplit(": ").next().unwrap_or(&text).trim();
    text.trim_end_matches('.').to_owned()
}

/// Switches on SQLite's query planner stability guarantee for `conn`. Without it, a statement
/// with a bound `LIMIT ?` (every `.one()` and every page) is compiled again each time its
/// parameters are bound, as SQLite may plan differently for another limit: an eighth of the
/// server's time under load went to recompiling statements sqlx had cached. The plans do not
/// depend on bound values here anyway: `ANALYZE` under an `analysis_limit` gathers no
/// `sqlite_stat4` samples. The workspace's one `unsafe` block: sqlx has no option for it.
#[allow(unsafe_code)]
async fn stable_query_plans(conn: &mut sea_orm::sqlx::SqliteConnection) -> Result<(), sea_orm::sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle();
    // SAFETY: `db` is this connection's open handle, held locked for the call;
    // SQLITE_DBCONFIG_ENABLE_QPSG takes an int and an optional int pointer for the new value.
    let rc = unsafe {
        libsqlite3_sys::sqlite3_db_config(
            db.as_ptr(),
            libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
            1,
            std::ptr::null_mut::<std::ffi::c_int>(),
        )
    };
    if rc != libsqlite3_sys::SQLITE_OK {
        return Err(sea_orm::sqlx::Error::Configuration(
            format!("could not keep SQLite's query plans stable (code {rc})").into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact("postgres://app:secret@db/rapport"), "postgres://app:***@db/rapport");
        assert_eq!(redact("sqlite://rapport.db"), "sqlite://rapport.db");
    }

    #[test]
    fn postgres_on_this_machine_goes_without_tls_unless_the_url_says_otherwise() {
        for local in ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2", "/var/run/postgresql"] {
            assert!(on_this_machine(local), "{local}");
        }
        for remote in ["db.example.org", "10.0.0.5", "2001:db8::1"] {
            assert!(!on_this_machine(remote), "{remote}");
        }
        assert!(names_ssl_mode("postgres://app@127.0.0.1/rapport?sslmode=require"));
        assert!(names_ssl_mode("postgres://app@127.0.0.1/rapport?application_name=x&ssl-mode=verify-full"));
        assert!(!names_ssl_mode("postgres://app@127.0.0.1/rapport"));
        assert!(!names_ssl_mode("postgres://app@127.0.0.1/rapport?application_name=sslmode"));
    }

    /// The one writer path: on SQLite a write that skips `begin_write` fails at once, here and
    /// in every test that reaches it, instead of polling for the write lock in production.
    #[tokio::test]
    async fn on_sqlite_only_the_writer_may_write() {
        let dir = std::env::temp_dir().join(format!("rapport-writer-{}", Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open(&format!("sqlite://{}", dir.join("one-writer.db").display())).await.unwrap();
        let insert = "INSERT INTO workspaces (id, name, created_at) VALUES ('a', 'Elm', '2026-12-01T00:00:00Z')";

        // While the writer holds the write lock, a write through the reading pool is refused
        // for what it is, not queued behind the lock until the busy timeout.
        let held = store.begin_write().await.unwrap();
        let refused = store.db.execute_unprepared(insert).await.unwrap_err();
        assert!(refused.to_string().contains("readonly database"), "{refused}");
        assert!(!is_busy(&refused), "a refused write is a bug, not a busy database: {refused}");
        assert!(StoreError::Database(refused).is_read_only());
        held.execute_unprepared(insert).await.unwrap();
        held.commit().await.unwrap();
        let read = store
            .db
            .query_one_raw(sea_orm::Statement::from_string(DbBackend::Sqlite, "SELECT count(*) AS n FROM workspaces"));
        let count: i64 = read.await.unwrap().unwrap().try_get("", "n").unwrap();
        assert_eq!(count, 1);

        // A backup lifts `query_only` for its one statement; every reading connection still
        // refuses writes afterwards.
        store.backup_sqlite(&dir.join("copy.db")).await.unwrap();
        assert!(std::fs::metadata(dir.join("copy.db")).unwrap().len() > 0);
        let pool = store.db.get_sqlite_connection_pool();
        let mut held: Vec<_> = Vec::new();
        for _ in 0..pool.size() {
            held.push(pool.acquire().await.unwrap());
        }
        for conn in &mut held {
            let query_only: i64 =
                sea_orm::sqlx::query_scalar("PRAGMA query_only").fetch_one(&mut **conn).await.unwrap();
            assert_eq!(query_only, 1);
        }
        drop(held);
        store.close().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    #[allow(unsafe_code)]
    async fn every_sqlite_connection_keeps_its_query_plans_stable() {
        let dir = std::env::temp_dir().join(format!("rapport-qpsg-{}", Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::connect(&format!("sqlite://{}", dir.join("plans.db").display())).await.unwrap();
        let pool = store.db.get_sqlite_connection_pool();
        // Two at once, so the pool opens a second connection.
        let mut held = vec![pool.acquire().await.unwrap(), pool.acquire().await.unwrap()];
        for conn in &mut held {
            let mut handle = conn.lock_handle().await.unwrap();
            let mut enabled: std::ffi::c_int = -1;
            // SAFETY: the connection's open handle, locked; -1 asks for the setting unchanged.
            let rc = unsafe {
                libsqlite3_sys::sqlite3_db_config(
                    handle.as_raw_handle().as_ptr(),
                    libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
                    -1,
                    &mut enabled,
                )
            };
            assert_eq!((rc, enabled), (libsqlite3_sys::SQLITE_OK, 1));
        }
        drop(held);
        store.close().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
