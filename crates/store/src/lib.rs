//! Rapport's storage. One schema, one set of migrations and one set of queries serve SQLite (the
//! embedded default) and PostgreSQL; the URL's scheme picks the backend. Every tenant-owned row
//! carries its workspace id, and every method that touches one takes the workspace it works in.

mod accounts;
pub mod archive;
mod bulk;
mod convert;
mod directory;
mod entities;
mod feeds;
mod follow_up;
mod graph;
mod import;
mod jobs;
mod migrations;
mod practices;
mod reminders;
mod retrospectives;
mod rows;
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

pub use accounts::{ApiToken, Caller, Invitation, Membership, SessionRecord};
pub use bulk::{
    GeneratedBatch, GeneratedCheckIn, GeneratedCommitment, GeneratedOrganization, GeneratedPartnership, GeneratedSurvey,
};
pub use feeds::{CalendarFeed, FeedScope};
pub use graph::{GraphFacts, GraphPartnership};
pub use jobs::{Job, MAX_ATTEMPTS, NewJob, Retry};
pub use practices::{ConcernFilter, TimelineFilter};
pub use surveys::{ResponseCount, SurveyInvitation, SurveyToSend};
pub use today::{PartnershipRecords, Reading};
pub use trust::{HealthRow, RecomputeSummary, WarningFilter};
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
    fn from_write(err: DbErr, conflict: &str) -> StoreError {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => StoreError::Conflict(conflict.to_owned()),
            _ => StoreError::Database(err),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

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
    db: DatabaseConnection,
    /// Where write transactions begin. On SQLite a pool of one connection, so writers queue in
    /// the order they came (the pool hands out its connection fairly) instead of polling for the
    /// database's only write lock under the busy timeout, which let some wait five times longer
    /// than the median under load. On PostgreSQL the same pool as `db`.
    writer: DatabaseConnection,
    clock: Clock,
    /// What partnerships show today, kept between requests (see `today`).
    kept: Arc<today::KeptToday>,
}

/// Days after the due date before an undone commitment counts as missed.
pub const GRACE_DAYS: i64 = rapport_core::commitment::DEFAULT_GRACE_DAYS;

impl Store {
    /// Opens the database named by `url` and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Store, ConnectError> {
        let store = Store::connect(url).await?;
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
        let connect = |options: ConnectOptions| async move {
            Database::connect(options)
                .await
                .map_err(|e| ConnectError::Unreachable { url: redact(url), reason: short_reason(&e) })
        };
        if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            if path.is_empty() {
                return Err(ConnectError::UnsupportedUrl(url.to_owned()));
            }
            let db = connect(sqlite_options(url, 8)).await?;
            // A writer may wait behind a long write (a recompute batch, an import) as long as
            // SQLite's busy timeout would let it.
            let mut writer_options = sqlite_options(url, 1);
            writer_options.acquire_timeout(SQLITE_BUSY_TIMEOUT);
            let writer = connect(writer_options).await?;
            Ok(Store::new(db, writer))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let mut options = ConnectOptions::new(url.to_owned());
            let chosen_ssl = names_ssl_mode(url) || std::env::var_os("PGSSLMODE").is_some();
            options.max_connections(16).map_sqlx_postgres_opts(move |opts| {
                if !chosen_ssl && on_this_machine(opts.get_host()) { opts.ssl_mode(PgSslMode::Disable) } else { opts }
            });
            let db = connect(with_common_options(options)).await?;
            Ok(Store::new(db.clone(), db))
        } else {
            Err(ConnectError::UnsupportedUrl(url.to_owned()))
        }
    }

    fn new(db: DatabaseConnection, writer: DatabaseConnection) -> Store {
        Store { db, writer, clock: Arc::new(Utc::now), kept: Arc::default() }
    }

    pub async fn migrate(&self) -> Result<(), ConnectError> {
        migrations::Migrator::up(&self.db, None).await.map_err(|e| ConnectError::Migration(short_reason(&e)))
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

const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A pool of `connections` to the SQLite database at `url`, each in WAL mode with stable plans.
fn sqlite_options(url: &str, connections: u32) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(connections)
        .map_sqlx_sqlite_opts(|opts| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                // Deleted rows are overwritten with zeros, so a survey answer moved out of the
                // pool cannot be read back from the file (ARCHITECTURE.md, "Survey anonymity").
                .pragma("secure_delete", "ON")
                .foreign_keys(true)
        })
        .map_sqlx_sqlite_pool_opts(|pool| {
            pool.after_connect(|conn, _| Box::pin(async move { stable_query_plans(conn).await }))
        });
    with_common_options(options)
}

fn with_common_options(mut options: ConnectOptions) -> ConnectOptions {
    // Statements are logged at info under `sqlx` (`RAPPORT_LOG=sqlx=info` shows each with its time),
    // slow ones (over a second) at warn, which the default filter shows.
    options.sqlx_logging(true).acquire_timeout(Duration::from_secs(10)).connect_timeout(Duration::from_secs(10));
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
