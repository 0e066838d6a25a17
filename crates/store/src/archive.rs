//! Whole-workspace archives (issue #8, "Data in and out"): one JSON document holding every
//! record of a workspace, and the import that turns such a document into a new workspace, in
//! the same database or another one, SQLite or PostgreSQL. One code path serves both databases:
//! tables are read and written column by column through SeaORM's entities, so a column added to
//! an entity travels without new code here, and the unit tests below make every new table and
//! every new id column ask for a decision.
//!
//! # The document
//!
//! ```text
//! { "format": "rapport-workspace", "version": 1, "exported_at": "2026-11-30T09:15:00.000000Z",
//!   "anonymous_answers": "included",
//!   "workspace": { "id": …, "name": …, "created_at": … },
//!   "workspace_members": [ rows sorted by id ], "organizations": [ … ], … one list per table
//!   of `TABLES`, in that order …,
//!   "people": [ { "email": …, "name": … } sorted by e-mail ] }
//! ```
//!
//! A row holds its table's columns under their own names, without `workspace_id` (the document
//! is one workspace) and without secrets. Ids and dates are text; moments are RFC 3339 in UTC to
//! the microsecond, the finest both databases keep, so a document read back from either is the
//! same; JSON columns are JSON. A column that names a person (`user_id`, `created_by`,
//! `attendee_user_ids`, …) holds the person's e-mail address instead of their id: accounts
//! belong to an installation, e-mail addresses travel. `people` lists everyone the records
//! name, so whoever imports knows whom to create accounts for first.
//!
//! # What an archive holds, and what it leaves out
//!
//! `TABLES` lists what is exported; `LEFT_OUT` lists every other table with the reason. In
//! short: credentials (password hashes, sessions, API tokens, invitation links, calendar feed
//! links, webhook signing secrets) never; the installation's operations (job queue, webhook
//! delivery log) and a person's own notification settings neither; derived data (the
//! reliability ledger, health, warnings, scored survey waves) is rebuilt by the import, so the
//! acknowledgements and snoozes of warnings do not travel.
//!
//! Surveys (SPEC 4: exports contain aggregates only): no archive holds a response or an answer
//! (`"anonymous_answers": "withheld"`), nor who was invited or has answered
//! (`survey_invitations`, `survey_participations`). A closed survey travels with its published
//! results (`survey_publications`), sealed before the export, so its results and the perceived
//! trust they feed are the same after an import; a survey that is still open arrives with
//! nobody invited and no answers. An archive written before this rule (with answers) still
//! imports.
//!
//! # Import
//!
//! An import creates a new workspace, all or nothing in one transaction that also rebuilds
//! the trust engine's state. Ids are kept, unless the database already holds the workspace
//! (an archive imported back where it came from, or twice): then every id is replaced,
//! consistently, by a new one of the same kind (UUIDv7 in the same order, random UUIDv4 for
//! survey answers). Every reference is checked against the file first, so a broken one names
//! itself instead of failing half-way. People are matched to accounts by e-mail; the importer
//! becomes an owner; a membership of someone without an account here is skipped and reported,
//! and the records they made name nobody (a "former colleague"). Webhooks arrive paused with a
//! new signing secret, reported once, so that a copy of a workspace never posts into a live
//! channel until someone turns it on.
//!
//! Exporting an imported workspace gives back the same document, except for `exported_at`;
//! the `active` flag of webhooks (paused); every id, when ids were replaced; the importer's
//! membership (an owner now); and people without an account (their memberships are gone, and
//! the records that named them name nobody).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::future::Future;
use std::io::Write;
use std::marker::PhantomData;
use std::pin::Pin;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rapport_core::kinds::{
    ActivityAction, Cadence, CommitmentEventKind, ConcernSeverity, ConcernState, ConcernVisibility, Confidence,
    ContributionKind, OrganizationKind, PartnershipKind, PartnershipStatus, RecordKind, RetrospectiveItemKind,
    RetrospectiveTrigger, Role,
};
use rapport_core::webhook::{EventKind, WebhookFormat};
use sea_orm::sea_query::Value;
use sea_orm::{
    AccessMode, ActiveModelTrait, ColumnTrait, ColumnType, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, IdenStatic, IsolationLevel, Iterable, ModelTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, SqlErr, Statement, TransactionOptions, TransactionTrait,
};
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use crate::entities::*;
use crate::webhooks::webhook_rows;
use crate::{Store, StoreError, StoreResult};

/// What the `format` field of every archive says.
pub const FORMAT: &str = "rapport-workspace";
/// The version of the document this Rapport writes and reads.
pub const VERSION: u64 = 1;

/// Whether an export holds the anonymous survey responses and answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyAnswers {
    Included,
    Withheld,
}

impl SurveyAnswers {
    fn as_str(self) -> &'static str {
        match self {
            SurveyAnswers::Included => "included",
            SurveyAnswers::Withheld => "withheld",
        }
    }
}

/// Why an export or an import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The file cannot be imported; the sentence names the problem.
    #[error("{0}")]
    BadFile(String),
    #[error("could not write the export: {0}")]
    Write(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<DbErr> for ArchiveError {
    fn from(err: DbErr) -> Self {
        ArchiveError::Store(StoreError::Database(err))
    }
}

fn bad_file(message: impl Into<String>) -> ArchiveError {
    ArchiveError::BadFile(message.into())
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub workspace_name: String,
    pub records: u64,
}

/// What to import, and as whom.
pub struct ImportRequest<'a> {
    /// The document, as read from the file.
    pub document: &'a [u8],
    /// The new workspace's name; the archived workspace's name when absent.
    pub name: Option<String>,
    /// The account that owns the new workspace.
    pub owner: Uuid,
    /// A new signing secret for each imported webhook (the archive holds none).
    pub new_webhook_secret: &'a (dyn Fn() -> String + Sync),
}

/// A webhook as it arrived: paused, with a new signing secret shown this once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedWebhook {
    pub url: String,
    pub secret: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    pub workspace_id: Uuid,
    pub workspace_name: String,
    pub records: u64,
    /// True when the database already held the archived workspace, so every id was replaced.
    pub ids_replaced: bool,
    /// E-mail addresses the file names that have no account here, sorted.
    pub people_without_account: Vec<String>,
    /// Memberships (of the workspace and of organisations) skipped for want of an account.
    pub memberships_skipped: u64,
    pub webhooks: Vec<ImportedWebhook>,
    pub survey_answers: SurveyAnswers,
}

// ----- the tables ------------------------------------------------------------------------------

/// What a column outside the plain values refers to.
#[derive(Debug, Clone, Copy)]
enum Link {
    /// The id of a record of one of these tables, in the same archive.
    Record(&'static [&'static str]),
    /// The id of a record of any table in the archive (the activity log's subject).
    AnyRecord,
    /// A JSON list of ids of records of this table.
    RecordList(&'static str),
    /// A person, written as their e-mail address. On import, someone without an account here
    /// becomes nobody: NULL, or the nil id where the column needs a person.
    Person,
    /// A JSON list of people, written as e-mail addresses; on import, those without an account
    /// are left out.
    People,
    /// The person a membership is for; on import, the membership of someone without an account
    /// is skipped.
    Member,
}

/// Checks that a column holds a word of a closed vocabulary: a hand-edited file must not store
/// a word Rapport cannot read back.
type WordCheck = fn(&str) -> Result<(), String>;

fn word<T: FromStr>(text: &str) -> Result<(), String>
where
    T::Err: std::fmt::Display,
{
    text.parse::<T>().map(|_| ()).map_err(|e| e.to_string())
}

/// One table of the archive and how its columns travel.
struct Table {
    name: &'static str,
    rows: &'static dyn TableRows,
    links: &'static [(&'static str, Link)],
    words: &'static [(&'static str, WordCheck)],
    /// A column that never leaves the database; the import fills it in.
    secret: Option<&'static str>,
    /// Anonymous survey data, left out when survey answers are withheld.
    survey_answers: bool,
}

impl Table {
    const fn new(name: &'static str, rows: &'static dyn TableRows) -> Table {
        Table { name, rows, links: &[], words: &[], secret: None, survey_answers: false }
    }

    const fn links(mut self, links: &'static [(&'static str, Link)]) -> Table {
        self.links = links;
        self
    }

    const fn words(mut self, words: &'static [(&'static str, WordCheck)]) -> Table {
        self.words = words;
        self
    }

    const fn secret(mut self, column: &'static str) -> Table {
        self.secret = Some(column);
        self
    }

    const fn survey_answers(mut self) -> Table {
        self.survey_answers = true;
        self
    }

    fn link(&self, column: &str) -> Option<Link> {
        self.links.iter().find(|(name, _)| *name == column).map(|(_, link)| *link)
    }

    /// The columns a document row holds.
    fn archived(&self, column: &Column) -> bool {
        column.name != "workspace_id" && Some(column.name) != self.secret
    }

    fn included(&self, answers: SurveyAnswers) -> bool {
        answers == SurveyAnswers::Included || !self.survey_answers
    }
}

const PARTNERSHIP: (&str, Link) = ("partnership_id", Link::Record(&["partnerships"]));
const ORGANIZATIONS: &[&str] = &["organizations"];

/// Every table an archive holds, in an order that writes each row after the rows it refers to.
const TABLES: &[Table] = &[
    Table::new("workspace_members", &Rows::<workspace_members::Entity>(PhantomData))
        .links(&[("user_id", Link::Member)])
        .words(&[("role", word::<Role>)]),
    Table::new("organizations", &Rows::<organizations::Entity>(PhantomData))
        .words(&[("kind", word::<OrganizationKind>)]),
    Table::new("organization_members", &Rows::<organization_members::Entity>(PhantomData))
        .links(&[("organization_id", Link::Record(ORGANIZATIONS)), ("user_id", Link::Member)]),
    Table::new("contacts", &Rows::<contacts::Entity>(PhantomData))
        .links(&[("organization_id", Link::Record(ORGANIZATIONS)), ("owner_user_id", Link::Person)]),
    Table::new("partnerships", &Rows::<partnerships::Entity>(PhantomData)).words(&[
        ("kind", word::<PartnershipKind>),
        ("status", word::<PartnershipStatus>),
        ("cadence", word::<Cadence>),
    ]),
    Table::new("partnership_members", &Rows::<partnership_members::Entity>(PhantomData))
        .links(&[PARTNERSHIP, ("organization_id", Link::Record(ORGANIZATIONS))]),
    Table::new("vision_revisions", &Rows::<vision_revisions::Entity>(PhantomData))
        .links(&[PARTNERSHIP, ("revised_by", Link::Person)]),
    // `id` is the partnership's.
    Table::new("pulse_settings", &Rows::<pulse_settings::Entity>(PhantomData))
        .links(&[("id", Link::Record(&["partnerships"]))]),
    Table::new("goals", &Rows::<goals::Entity>(PhantomData))
        .links(&[PARTNERSHIP, ("owner_organization_id", Link::Record(ORGANIZATIONS))])
        .words(&[("confidence", word::<Confidence>)]),
    Table::new("goal_updates", &Rows::<goal_updates::Entity>(PhantomData))
        .links(&[("goal_id", Link::Record(&["goals"])), ("created_by", Link::Person)])
        .words(&[("confidence", word::<Confidence>)]),
    Table::new("milestones", &Rows::<milestones::Entity>(PhantomData))
        .links(&[("goal_id", Link::Record(&["goals"])), PARTNERSHIP]),
    Table::new("checkins", &Rows::<checkins::Entity>(PhantomData)).links(&[
        PARTNERSHIP,
        ("attendee_organization_ids", Link::RecordList("organizations")),
        ("attendee_user_ids", Link::People),
        ("created_by", Link::Person),
    ]),
    Table::new("contact_notes", &Rows::<contact_notes::Entity>(PhantomData)).links(&[
        ("contact_id", Link::Record(&["contacts"])),
        ("checkin_id", Link::Record(&["checkins"])),
        ("author_user_id", Link::Person),
    ]),
    Table::new("commitments", &Rows::<commitments::Entity>(PhantomData)).links(&[
        PARTNERSHIP,
        ("promisor_organization_id", Link::Record(ORGANIZATIONS)),
        ("promisor_user_id", Link::Person),
        ("promisee_organization_id", Link::Record(ORGANIZATIONS)),
        ("checkin_id", Link::Record(&["checkins"])),
    ]),
    Table::new("commitment_events", &Rows::<commitment_events::Entity>(PhantomData))
        .links(&[("commitment_id", Link::Record(&["commitments"])), ("actor_user_id", Link::Person)])
        .words(&[("kind", word::<CommitmentEventKind>)]),
    Table::new("concerns", &Rows::<concerns::Entity>(PhantomData))
        .links(&[
            PARTNERSHIP,
            ("organization_id", Link::Record(ORGANIZATIONS)),
            ("raised_by", Link::Person),
            ("mediator_user_id", Link::Person),
        ])
        .words(&[
            ("severity", word::<ConcernSeverity>),
            ("visibility", word::<ConcernVisibility>),
            ("state", word::<ConcernState>),
        ]),
    Table::new("concern_transitions", &Rows::<concern_transitions::Entity>(PhantomData))
        .links(&[
            ("concern_id", Link::Record(&["concerns"])),
            ("mediator_user_id", Link::Person),
            ("actor_user_id", Link::Person),
        ])
        .words(&[("from_state", word::<ConcernState>), ("to_state", word::<ConcernState>)]),
    Table::new("kudos", &Rows::<kudos::Entity>(PhantomData))
        .links(&[
            PARTNERSHIP,
            ("from_user_id", Link::Person),
            ("from_organization_id", Link::Record(ORGANIZATIONS)),
            ("to_user_id", Link::Person),
            ("to_organization_id", Link::Record(ORGANIZATIONS)),
            ("about_id", Link::Record(&["commitments", "milestones", "goals"])),
        ])
        .words(&[("about_kind", word::<RecordKind>)]),
    Table::new("contributions", &Rows::<contributions::Entity>(PhantomData))
        .links(&[PARTNERSHIP, ("organization_id", Link::Record(ORGANIZATIONS)), ("created_by", Link::Person)])
        .words(&[("kind", word::<ContributionKind>)]),
    Table::new("retrospectives", &Rows::<retrospectives::Entity>(PhantomData))
        .links(&[PARTNERSHIP, ("milestone_id", Link::Record(&["milestones"])), ("created_by", Link::Person)])
        .words(&[("trigger", word::<RetrospectiveTrigger>)]),
    Table::new("retrospective_items", &Rows::<retrospective_items::Entity>(PhantomData))
        .links(&[
            ("retrospective_id", Link::Record(&["retrospectives"])),
            ("author_user_id", Link::Person),
            ("commitment_id", Link::Record(&["commitments"])),
        ])
        .words(&[("kind", word::<RetrospectiveItemKind>)]),
    Table::new("surveys", &Rows::<surveys::Entity>(PhantomData)).links(&[
        ("partnership_id", Link::Record(&["partnerships"])),
        ("organization_ids", Link::RecordList("organizations")),
        ("created_by", Link::Person),
    ]),
    Table::new("survey_responses", &Rows::<survey_responses::Entity>(PhantomData))
        .links(&[("survey_id", Link::Record(&["surveys"])), ("organization_id", Link::Record(ORGANIZATIONS))])
        .survey_answers(),
    Table::new("survey_answers", &Rows::<survey_answers::Entity>(PhantomData))
        .links(&[
            ("survey_id", Link::Record(&["surveys"])),
            ("response_id", Link::Record(&["survey_responses"])),
            ("about_organization_id", Link::Record(ORGANIZATIONS)),
        ])
        .survey_answers(),
    Table::new("survey_publications", &Rows::<survey_publications::Entity>(PhantomData))
        .links(&[("survey_id", Link::Record(&["surveys"]))]),
    Table::new("webhooks", &Rows::<webhook_rows::Entity>(PhantomData))
        .links(&[PARTNERSHIP, ("created_by", Link::Person)])
        .words(&[("format", word::<WebhookFormat>), ("events", word::<EventKind>)])
        .secret("secret"),
    Table::new("activity_log", &Rows::<activity_log::Entity>(PhantomData))
        .links(&[("record_id", Link::AnyRecord), PARTNERSHIP, ("actor_user_id", Link::Person)])
        .words(&[("record_kind", word::<RecordKind>), ("action", word::<ActivityAction>)]),
];

/// Every other table of the schema, and why no archive holds it. Nothing reads the reasons: the
/// list is the decision written down, and the tests check that it and `TABLES` cover the schema.
#[cfg_attr(not(test), expect(dead_code, reason = "the tests read it"))]
const LEFT_OUT: &[(&str, &str)] = &[
    ("users", "accounts belong to the installation; `people` names everyone the records name"),
    ("sessions", "credentials"),
    ("api_tokens", "credentials"),
    ("password_resets", "credentials"),
    ("workspaces", "the document's `workspace`"),
    ("invitations", "an invitation is its secret link; an accepted one is already a membership"),
    ("calendar_feeds", "each feed is one person's secret link; they make a new one"),
    (
        "survey_invitations",
        "who was asked to answer: with each response's organisation it could tell how someone answered (SPEC 4)",
    ),
    (
        "survey_participations",
        "who has answered: with each response's organisation it could tell how someone answered (SPEC 4)",
    ),
    ("reliability_entries", "derived: rebuilt from the records by the import"),
    ("commitment_outcomes", "derived: rebuilt from the records by the import"),
    ("trust_sweeps", "derived: rebuilt from the records by the import"),
    ("partnership_health", "derived: rebuilt from the records by the import"),
    ("warnings", "derived: rebuilt from the records by the import (acknowledgements do not travel)"),
    ("survey_waves", "derived: each closed wave is scored again from its published results"),
    ("survey_answer_pool", "answers not yet released: an open survey's answers never travel (SPEC 4)"),
    ("jobs", "the installation's job queue"),
    ("webhook_deliveries", "the installation's delivery log"),
    ("notification_settings", "a person's own preferences, across workspaces"),
    ("seaql_migrations", "the schema's own bookkeeping"),
];

// ----- reading and writing any table ------------------------------------------------------------

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A column as the archive sees it: its name and what it holds.
#[derive(Debug, Clone)]
struct Column {
    name: &'static str,
    kind: ColumnType,
    nullable: bool,
}

/// One table's rows as plain values, one per column in the entity's column order.
trait TableRows: Sync {
    fn columns(&self) -> Vec<Column>;
    fn count<'a>(&'a self, txn: &'a DatabaseTransaction, workspace_id: Uuid) -> BoxFuture<'a, StoreResult<u64>>;
    /// Up to `limit` rows of the workspace, by id, after `after`.
    fn read<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        workspace_id: Uuid,
        after: Option<Uuid>,
        limit: u64,
    ) -> BoxFuture<'a, StoreResult<Vec<Vec<Value>>>>;
    fn insert<'a>(&'a self, txn: &'a DatabaseTransaction, rows: Vec<Vec<Value>>) -> BoxFuture<'a, StoreResult<()>>;
}

struct Rows<E>(PhantomData<E>);

fn column_named<E: EntityTrait>(name: &str) -> StoreResult<E::Column> {
    E::Column::iter()
        .find(|c| c.as_str() == name)
        .ok_or_else(|| StoreError::Corrupt(format!("table {} has no column {name}", E::default().table_name())))
}

impl<E> TableRows for Rows<E>
where
    E: EntityTrait + Sync,
    E::Model: Sync,
    E::ActiveModel: Send,
{
    fn columns(&self) -> Vec<Column> {
        E::Column::iter()
            .map(|c| {
                let def = c.def();
                Column { name: c.as_str(), kind: def.get_column_type().clone(), nullable: def.is_null() }
            })
            .collect()
    }

    fn count<'a>(&'a self, txn: &'a DatabaseTransaction, workspace_id: Uuid) -> BoxFuture<'a, StoreResult<u64>> {
        Box::pin(
            async move { Ok(E::find().filter(column_named::<E>("workspace_id")?.eq(workspace_id)).count(txn).await?) },
        )
    }

    fn read<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        workspace_id: Uuid,
        after: Option<Uuid>,
        limit: u64,
    ) -> BoxFuture<'a, StoreResult<Vec<Vec<Value>>>> {
        Box::pin(async move {
            let id = column_named::<E>("id")?;
            let mut query = E::find().filter(column_named::<E>("workspace_id")?.eq(workspace_id));
            if let Some(after) = after {
                query = query.filter(id.gt(after));
            }
            let models = query.order_by_asc(id).limit(limit).all(txn).await?;
            Ok(models.iter().map(|model| E::Column::iter().map(|c| model.get(c)).collect()).collect())
        })
    }

    fn insert<'a>(&'a self, txn: &'a DatabaseTransaction, rows: Vec<Vec<Value>>) -> BoxFuture<'a, StoreResult<()>> {
        Box::pin(async move {
            let mut models = Vec::with_capacity(rows.len());
            for row in rows {
                let mut model = <E::ActiveModel as ActiveModelTrait>::default();
                for (column, value) in E::Column::iter().zip(row) {
                    model.try_set(column, value)?;
                }
                models.push(model);
            }
            if !models.is_empty() {
                E::insert_many(models).exec(txn).await?;
            }
            Ok(())
        })
    }
}

/// Rows read or written per statement: well under both databases' limits on bound values.
const PAGE: usize = 500;

// ----- values -----------------------------------------------------------------------------------

/// A moment as archives write it: UTC, to the microsecond.
fn moment(value: DateTime<Utc>) -> String {
    value.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A stored value as the document writes it.
fn to_json(value: Value) -> StoreResult<Json> {
    Ok(match value {
        Value::Bool(v) => v.into(),
        Value::Int(v) => v.into(),
        Value::Double(v) => v.into(),
        Value::String(v) => v.into(),
        Value::Json(v) => v.map(|json| *json).unwrap_or(Json::Null),
        Value::ChronoDate(v) => v.map(|day| day.to_string()).into(),
        Value::ChronoDateTimeUtc(v) => v.map(moment).into(),
        Value::Uuid(v) => v.map(|id| id.to_string()).into(),
        other => return Err(StoreError::Corrupt(format!("a column of a type archives do not know: {other:?}"))),
    })
}

/// A document value as the column stores it, or what is wrong with it.
fn from_json(column: &Column, json: &Json) -> Result<Value, &'static str> {
    if json.is_null() {
        return if column.nullable {
            null_of(&column.kind).ok_or("has a type archives do not know")
        } else {
            Err("is missing a value")
        };
    }
    let value = match column.kind {
        ColumnType::Boolean => json.as_bool().map(|v| Value::Bool(Some(v))).ok_or("must be true or false")?,
        ColumnType::Integer => json
            .as_i64()
            .and_then(|v| i32::try_from(v).ok())
            .map(|v| Value::Int(Some(v)))
            .ok_or("must be a whole number")?,
        ColumnType::Double => json.as_f64().map(|v| Value::Double(Some(v))).ok_or("must be a number")?,
        ColumnType::String(_) | ColumnType::Text => {
            json.as_str().map(|v| Value::String(Some(v.to_owned()))).ok_or("must be text")?
        }
        ColumnType::Json | ColumnType::JsonBinary => Value::Json(Some(Box::new(json.clone()))),
        ColumnType::Date => json
            .as_str()
            .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
            .map(|v| Value::ChronoDate(Some(v)))
            .ok_or("must be a date such as 2026-01-31")?,
        ColumnType::TimestampWithTimeZone => json
            .as_str()
            .and_then(|v| DateTime::parse_from_rfc3339(v).ok())
            .map(|v| Value::ChronoDateTimeUtc(Some(v.with_timezone(&Utc))))
            .ok_or("must be a moment such as 2026-01-31T09:30:00Z")?,
        ColumnType::Uuid => json
            .as_str()
            .and_then(|v| Uuid::parse_str(v).ok())
            .map(|v| Value::Uuid(Some(v)))
            .ok_or("must be an id (a UUID)")?,
        _ => return Err("has a type archives do not know"),
    };
    Ok(value)
}

fn null_of(kind: &ColumnType) -> Option<Value> {
    Some(match kind {
        ColumnType::Boolean => Value::Bool(None),
        ColumnType::Integer => Value::Int(None),
        ColumnType::Double => Value::Double(None),
        ColumnType::String(_) | ColumnType::Text => Value::String(None),
        ColumnType::Json | ColumnType::JsonBinary => Value::Json(None),
        ColumnType::Date => Value::ChronoDate(None),
        ColumnType::TimestampWithTimeZone => Value::ChronoDateTimeUtc(None),
        ColumnType::Uuid => Value::Uuid(None),
        _ => return None,
    })
}

fn position(columns: &[Column], name: &str) -> usize {
    // Every exported table is a tenant table with these columns (checked by the tests below).
    columns.iter().position(|c| c.name == name).unwrap_or_else(|| unreachable!("no column {name}"))
}

// ----- export -----------------------------------------------------------------------------------

/// The accounts of the installation, so person columns can be written as e-mail addresses.
struct People {
    accounts: HashMap<Uuid, (String, String)>,
    /// Everyone the document names, by e-mail, with their name.
    named: BTreeMap<String, String>,
}

impl People {
    /// The e-mail address of the person whose id `json` holds; null for nobody known.
    fn email(&mut self, json: &Json) -> Json {
        let account = json.as_str().and_then(|id| Uuid::parse_str(id).ok()).and_then(|id| self.accounts.get(&id));
        match account {
            Some((email, name)) => {
                self.named.insert(email.clone(), name.clone());
                Json::String(email.clone())
            }
            None => Json::Null,
        }
    }

    fn emails(&mut self, json: &Json) -> Json {
        let ids = json.as_array().cloned().unwrap_or_default();
        Json::Array(ids.iter().map(|id| self.email(id)).filter(|email| !email.is_null()).collect())
    }
}

fn export_row(
    table: &Table,
    columns: &[Column],
    values: Vec<Value>,
    people: &mut People,
) -> StoreResult<Map<String, Json>> {
    let mut row = Map::new();
    for (column, value) in columns.iter().zip(values) {
        if !table.archived(column) {
            continue;
        }
        let json = to_json(value)?;
        let json = match table.link(column.name) {
            Some(Link::Person | Link::Member) => people.email(&json),
            Some(Link::People) => people.emails(&json),
            _ => json,
        };
        row.insert(column.name.to_owned(), json);
    }
    Ok(row)
}

/// Writes one list of the document, one row per line.
fn write_list<T: serde::Serialize>(out: &mut (dyn Write + Send), first: &mut bool, item: &T) -> std::io::Result<()> {
    if *first {
        *first = false;
        write!(out, "\n  ")?;
    } else {
        write!(out, ",\n  ")?;
    }
    serde_json::to_writer(&mut *out, item)?;
    Ok(())
}

impl Store {
    /// A transaction that reads one consistent state of the database: REPEATABLE READ on
    /// PostgreSQL; on SQLite (WAL) every read transaction already sees one snapshot.
    async fn begin_snapshot(&self) -> StoreResult<DatabaseTransaction> {
        let options = match self.backend() {
            DbBackend::Postgres => TransactionOptions {
                isolation_level: Some(IsolationLevel::RepeatableRead),
                access_mode: Some(AccessMode::ReadOnly),
                ..Default::default()
            },
            _ => TransactionOptions::default(),
        };
        Ok(self.db.begin_with_options(options).await?)
    }

    /// Writes the workspace's archive to `out`, read from one consistent state of the
    /// database. `progress(done, total)` counts records.
    pub async fn export_workspace(
        &self,
        workspace_id: Uuid,
        answers: SurveyAnswers,
        out: &mut (dyn Write + Send),
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<ExportSummary, ArchiveError> {
        // Closed surveys travel as their published results, so those must exist first.
        self.seal_closed_surveys(workspace_id).await?;
        let txn = self.begin_snapshot().await?;
        let workspace = workspaces::Entity::find_by_id(workspace_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let mut total = 0;
        for table in TABLES.iter().filter(|t| t.included(answers)) {
            total += table.rows.count(&txn, workspace_id).await?;
        }
        let accounts = users::Entity::find()
            .select_only()
            .columns([users::Column::Id, users::Column::Email, users::Column::Name])
            .into_tuple::<(Uuid, String, String)>()
            .all(&txn)
            .await?;
        let mut people = People {
            accounts: accounts.into_iter().map(|(id, email, name)| (id, (email, name))).collect(),
            named: BTreeMap::new(),
        };

        let header = serde_json::json!({ "id": workspace.id, "name": workspace.name, "created_at": moment(workspace.created_at) });
        write!(out, "{{\n\"format\": {},\n\"version\": {VERSION},\n", Json::from(FORMAT))?;
        write!(
            out,
            "\"exported_at\": {},\n\"anonymous_answers\": {},\n",
            Json::from(moment(self.now())),
            Json::from(answers.as_str())
        )?;
        write!(out, "\"workspace\": {header}")?;
        let mut done = 0;
        progress(done, total);
        for table in TABLES {
            write!(out, ",\n{}: [", Json::from(table.name))?;
            let mut first = true;
            if table.included(answers) {
                let columns = table.rows.columns();
                let id = position(&columns, "id");
                let mut after = None;
                loop {
                    let page = table.rows.read(&txn, workspace_id, after, PAGE as u64).await?;
                    let full = page.len() == PAGE;
                    after = match page.last().map(|row| &row[id]) {
                        Some(Value::Uuid(Some(last))) => Some(*last),
                        _ => None,
                    };
                    for values in page {
                        write_list(out, &mut first, &export_row(table, &columns, values, &mut people)?)?;
                        done += 1;
                    }
                    progress(done, total);
                    if !full || after.is_none() {
                        break;
                    }
                }
            }
            write!(out, "{}]", if first { "" } else { "\n" })?;
        }
        write!(out, ",\n\"people\": [")?;
        let mut first = true;
        for (email, name) in &people.named {
            write_list(out, &mut first, &serde_json::json!({ "email": email, "name": name }))?;
        }
        write!(out, "{}]\n}}\n", if first { "" } else { "\n" })?;
        out.flush()?;
        txn.commit().await?;
        Ok(ExportSummary { workspace_name: workspace.name, records: done })
    }

    /// The workspace whose id or exact name (ignoring case) is `id_or_name`.
    pub async fn find_workspace(&self, id_or_name: &str) -> StoreResult<(Uuid, String)> {
        let all: Vec<(Uuid, String)> = workspaces::Entity::find()
            .select_only()
            .columns([workspaces::Column::Id, workspaces::Column::Name])
            .order_by_asc(workspaces::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        let wanted = id_or_name.trim();
        if let Ok(id) = Uuid::parse_str(wanted) {
            return all.into_iter().find(|(w, _)| *w == id).ok_or(StoreError::NotFound);
        }
        let mut named: Vec<(Uuid, String)> =
            all.into_iter().filter(|(_, name)| name.to_lowercase() == wanted.to_lowercase()).collect();
        match named.len() {
            0 => Err(StoreError::NotFound),
            1 => Ok(named.remove(0)),
            n => {
                let ids: Vec<String> = named.iter().map(|(id, _)| id.to_string()).collect();
                Err(StoreError::Conflict(format!(
                    "{n} workspaces are named {wanted:?}; name one by its id: {}",
                    ids.join(", ")
                )))
            }
        }
    }
}

// ----- backup -----------------------------------------------------------------------------------

impl Store {
    /// Writes a copy of this SQLite database to `path` with `VACUUM INTO`, which reads one
    /// consistent snapshot, so the server may keep writing meanwhile. `path` must not exist.
    pub async fn backup_sqlite(&self, path: &std::path::Path) -> StoreResult<()> {
        if self.backend() != DbBackend::Sqlite {
            return Err(StoreError::Conflict(
                "Rapport copies SQLite databases only; back up PostgreSQL with pg_dump".into(),
            ));
        }
        let path = path
            .to_str()
            .ok_or_else(|| StoreError::Conflict(format!("the backup's file name {} is not UTF-8", path.display())))?;
        self.db.execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, "VACUUM INTO ?", [path.into()])).await?;
        Ok(())
    }
}

// ----- import -----------------------------------------------------------------------------------

/// The parts of a document besides its tables.
const HEADER_FIELDS: &[&str] = &["format", "version", "exported_at", "anonymous_answers", "workspace", "people"];

/// A document checked and turned into rows ready to insert.
struct Prepared {
    workspace_id: Uuid,
    workspace_name: String,
    workspace_created_at: DateTime<Utc>,
    /// Each table's rows, as `TABLES` orders them.
    rows: Vec<Vec<Vec<Value>>>,
    report: ImportReport,
}

/// What the import knows while it reads the rows of a document.
struct Reader<'a> {
    /// The ids of each table's rows in the document.
    ids: HashMap<&'static str, HashSet<Uuid>>,
    /// The new id of every record when ids are replaced.
    new_ids: Option<HashMap<Uuid, Uuid>>,
    /// Accounts here, by e-mail address.
    accounts: &'a HashMap<String, Uuid>,
    without_account: BTreeSet<String>,
    skipped: u64,
}

/// Where in the document a value is, for messages: `commitments[3].due_on`.
fn at(table: &str, index: usize, column: &str) -> String {
    format!("{table}[{index}].{column}")
}

impl Reader<'_> {
    fn new_id(&self, id: Uuid) -> Uuid {
        self.new_ids.as_ref().and_then(|ids| ids.get(&id).copied()).unwrap_or(id)
    }

    /// Checks that `json` is the id of a record of one of `tables` in the document (any table
    /// when `tables` is empty) and gives its id in the new workspace.
    fn record(&self, json: &Json, tables: &[&str], place: &str) -> Result<Json, ArchiveError> {
        if json.is_null() {
            return Ok(Json::Null);
        }
        let id = json
            .as_str()
            .and_then(|v| Uuid::parse_str(v).ok())
            .ok_or_else(|| bad_file(format!("the file's {place} must be an id (a UUID)")))?;
        let known = if tables.is_empty() {
            self.ids.values().any(|ids| ids.contains(&id))
        } else {
            tables.iter().any(|t| self.ids.get(t).is_some_and(|ids| ids.contains(&id)))
        };
        if !known {
            let what = if tables.is_empty() { "record".to_owned() } else { tables.join(" or ") };
            return Err(bad_file(format!("the file's {place} refers to {id}, which is not among the file's {what}")));
        }
        Ok(Json::String(self.new_id(id).to_string()))
    }

    /// The account here of the person `json` names by e-mail address, if any.
    fn account(&mut self, json: &Json, place: &str) -> Result<Option<Uuid>, ArchiveError> {
        let Some(email) = json.as_str() else {
            return if json.is_null() {
                Ok(None)
            } else {
                Err(bad_file(format!("the file's {place} must be an e-mail address")))
            };
        };
        let email = email.trim().to_lowercase();
        match self.accounts.get(&email) {
            Some(id) => Ok(Some(*id)),
            None => {
                self.without_account.insert(email);
                Ok(None)
            }
        }
    }

    /// One row of `table` as values to insert into `workspace_id`; `None` for a membership of
    /// someone without an account here.
    fn row(
        &mut self,
        table: &Table,
        columns: &[Column],
        index: usize,
        json: &Json,
        workspace_id: Uuid,
    ) -> Result<Option<Vec<Value>>, ArchiveError> {
        let object =
            json.as_object().ok_or_else(|| bad_file(format!("the file's {}[{index}] is not an object", table.name)))?;
        if let Some(unknown) =
            object.keys().find(|key| !columns.iter().any(|c| table.archived(c) && c.name == key.as_str()))
        {
            return Err(bad_file(format!(
                "the file's {}[{index}] has a field {unknown:?} that {} rows do not have",
                table.name, table.name
            )));
        }
        let mut values = Vec::with_capacity(columns.len());
        for column in columns {
            if column.name == "workspace_id" {
                values.push(Value::Uuid(Some(workspace_id)));
                continue;
            }
            if Some(column.name) == table.secret {
                // Filled in by the caller.
                values.push(Value::String(Some(String::new())));
                continue;
            }
            let place = at(table.name, index, column.name);
            let json = object.get(column.name).ok_or_else(|| bad_file(format!("the file's {place} is missing")))?;
            let json = match table.link(column.name) {
                Some(Link::Record(tables)) => self.record(json, tables, &place)?,
                Some(Link::AnyRecord) => self.record(json, &[], &place)?,
                Some(Link::RecordList(target)) => {
                    let items =
                        json.as_array().ok_or_else(|| bad_file(format!("the file's {place} must be a list of ids")))?;
                    let ids =
                        items.iter().map(|item| self.record(item, &[target], &place)).collect::<Result<Vec<_>, _>>()?;
                    Json::Array(ids)
                }
                Some(Link::Person) => match self.account(json, &place)? {
                    Some(id) => Json::String(id.to_string()),
                    // Nobody known here: the nil id where the column needs a person.
                    None if !column.nullable => Json::String(Uuid::nil().to_string()),
                    None => Json::Null,
                },
                Some(Link::People) => {
                    let items = json
                        .as_array()
                        .ok_or_else(|| bad_file(format!("the file's {place} must be a list of e-mail addresses")))?;
                    let mut ids = Vec::new();
                    for item in items {
                        if let Some(id) = self.account(item, &place)? {
                            ids.push(Json::String(id.to_string()));
                        }
                    }
                    Json::Array(ids)
                }
                Some(Link::Member) => match self.account(json, &place)? {
                    Some(id) => Json::String(id.to_string()),
                    None => {
                        self.skipped += 1;
                        return Ok(None);
                    }
                },
                None if column.name == "id" => match json.as_str().and_then(|v| Uuid::parse_str(v).ok()) {
                    Some(id) => Json::String(self.new_id(id).to_string()),
                    None => return Err(bad_file(format!("the file's {place} must be an id (a UUID)"))),
                },
                None => json.clone(),
            };
            if let Some((_, check)) = table.words.iter().find(|(name, _)| *name == column.name) {
                // A word, or a JSON list of words.
                let words = json.as_array().map(|items| items.iter().collect()).unwrap_or_else(|| vec![&json]);
                for text in words.into_iter().filter_map(Json::as_str) {
                    check(text).map_err(|why| bad_file(format!("the file's {place} holds {text:?}, but it {why}")))?;
                }
            }
            values.push(from_json(column, &json).map_err(|why| bad_file(format!("the file's {place} {why}")))?);
        }
        Ok(Some(values))
    }
}

/// The document's lists, by table name, after checking the document is an archive this
/// Rapport reads.
fn check_header(document: &Map<String, Json>) -> Result<(), ArchiveError> {
    match document.get("format").and_then(Json::as_str) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(bad_file(format!(
                "the file is not a Rapport workspace export: its format is {other:?}, not {FORMAT:?}"
            )));
        }
        None => {
            return Err(bad_file(format!(
                "the file is not a Rapport workspace export: it has no \"format\": {FORMAT:?}"
            )));
        }
    }
    match document.get("version").and_then(Json::as_u64) {
        Some(VERSION) => {}
        Some(other) => {
            return Err(bad_file(format!(
                "the file is a version {other} workspace export, and this Rapport reads version {VERSION}"
            )));
        }
        None => return Err(bad_file("the file's \"version\" is missing or not a number")),
    }
    if let Some(unknown) = document
        .keys()
        .find(|key| !HEADER_FIELDS.contains(&key.as_str()) && !TABLES.iter().any(|t| t.name == key.as_str()))
    {
        return Err(bad_file(format!("the file has a part {unknown:?} that version {VERSION} exports do not have")));
    }
    if let Some(missing) = TABLES.iter().find(|t| !document.get(t.name).is_some_and(Json::is_array)) {
        return Err(bad_file(format!("the file has no list of {}", missing.name)));
    }
    Ok(())
}

/// New ids for every id of the document: UUIDv7 in the same order as the old ones, so ordering
/// by id is still creation order, and random UUIDv4 where the old id was random (survey answers).
fn replacement_ids(old: &BTreeSet<Uuid>) -> HashMap<Uuid, Uuid> {
    let ordered: Vec<Uuid> = old.iter().copied().filter(|id| id.get_version_num() != 4).collect();
    let mut fresh: Vec<Uuid> = ordered.iter().map(|_| Uuid::now_v7()).collect();
    fresh.sort();
    let mut new_ids: HashMap<Uuid, Uuid> = ordered.into_iter().zip(fresh).collect();
    new_ids.extend(old.iter().filter(|id| id.get_version_num() == 4).map(|id| (*id, Uuid::new_v4())));
    new_ids
}

impl Store {
    /// Creates a new workspace from an archive, all or nothing, owned by `request.owner`, and
    /// rebuilds its trust state in the same transaction. `progress(done, total)` counts records.
    pub async fn import_workspace(
        &self,
        request: ImportRequest<'_>,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<ImportReport, ArchiveError> {
        let document: Json = serde_json::from_slice(request.document)
            .map_err(|e| bad_file(format!("the file is not valid JSON: {e}")))?;
        let document = document
            .as_object()
            .ok_or_else(|| bad_file("the file is not a Rapport workspace export: it is not a JSON object"))?;
        check_header(document)?;
        let owner = users::Entity::find_by_id(request.owner).one(&self.db).await?.ok_or(StoreError::NotFound)?;
        let accounts = self.accounts_named_in(document).await?;
        let mut prepared = self.prepare(document, request.name, &accounts).await?;

        self.make_owner(&mut prepared, owner.id);
        pause_webhooks(&mut prepared, request.new_webhook_secret);

        let total: u64 = prepared.rows.iter().map(|rows| rows.len() as u64).sum();
        let txn = self.begin_write().await?;
        workspaces::Entity::insert(workspaces::ActiveModel {
            id: sea_orm::Set(prepared.workspace_id),
            name: sea_orm::Set(prepared.workspace_name.clone()),
            created_at: sea_orm::Set(prepared.workspace_created_at),
        })
        .exec(&txn)
        .await?;
        let mut done = 0;
        progress(done, total);
        for (table, rows) in TABLES.iter().zip(std::mem::take(&mut prepared.rows)) {
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                let chunk: Vec<Vec<Value>> = rows.by_ref().take(PAGE).collect();
                done += chunk.len() as u64;
                table.rows.insert(&txn, chunk).await.map_err(|e| clash(table.name, e))?;
                progress(done, total);
            }
        }
        self.rebuild_trust(&txn, prepared.workspace_id, &|_, _| {}).await?;
        txn.commit().await?;
        prepared.report.records = total;
        Ok(prepared.report)
    }

    /// The accounts here of everyone the document names, by lower-case e-mail address.
    async fn accounts_named_in(&self, document: &Map<String, Json>) -> StoreResult<HashMap<String, Uuid>> {
        let mut emails = BTreeSet::new();
        for table in TABLES {
            for row in document.get(table.name).and_then(Json::as_array).into_iter().flatten() {
                for (column, link) in table.links {
                    if matches!(link, Link::Person | Link::People | Link::Member) {
                        let value = &row[*column];
                        let values = value.as_array().cloned().unwrap_or_else(|| vec![value.clone()]);
                        emails.extend(values.iter().filter_map(Json::as_str).map(|e| e.trim().to_lowercase()));
                    }
                }
            }
        }
        let mut accounts = HashMap::new();
        let emails: Vec<String> = emails.into_iter().collect();
        for chunk in emails.chunks(PAGE) {
            let found: Vec<(Uuid, String)> = users::Entity::find()
                .select_only()
                .columns([users::Column::Id, users::Column::Email])
                .filter(users::Column::Email.is_in(chunk.to_vec()))
                .into_tuple()
                .all(&self.db)
                .await?;
            accounts.extend(found.into_iter().map(|(id, email)| (email, id)));
        }
        Ok(accounts)
    }

    /// Checks every row of the document and turns it into values for the new workspace.
    async fn prepare(
        &self,
        document: &Map<String, Json>,
        name: Option<String>,
        accounts: &HashMap<String, Uuid>,
    ) -> Result<Prepared, ArchiveError> {
        let workspace = document
            .get("workspace")
            .and_then(Json::as_object)
            .ok_or_else(|| bad_file("the file has no \"workspace\""))?;
        let archived_id = workspace
            .get("id")
            .and_then(Json::as_str)
            .and_then(|v| Uuid::parse_str(v).ok())
            .ok_or_else(|| bad_file("the file's workspace.id must be an id (a UUID)"))?;
        let created_at = workspace
            .get("created_at")
            .and_then(Json::as_str)
            .and_then(|v| DateTime::parse_from_rfc3339(v).ok())
            .ok_or_else(|| bad_file("the file's workspace.created_at must be a moment such as 2026-01-31T09:30:00Z"))?;
        let name = name
            .or_else(|| workspace.get("name").and_then(Json::as_str).map(str::to_owned))
            .unwrap_or_default()
            .trim()
            .to_owned();
        if name.is_empty() {
            return Err(bad_file("the workspace needs a name: the file has none, so give one"));
        }
        let survey_answers = match document.get("anonymous_answers").and_then(Json::as_str) {
            Some("withheld") => SurveyAnswers::Withheld,
            _ => SurveyAnswers::Included,
        };

        // Every record's id, table by table, before any reference is followed.
        let mut ids: HashMap<&'static str, HashSet<Uuid>> = HashMap::new();
        for table in TABLES {
            let seen = ids.entry(table.name).or_default();
            for (index, row) in document[table.name].as_array().into_iter().flatten().enumerate() {
                let place = at(table.name, index, "id");
                let id = row
                    .get("id")
                    .and_then(Json::as_str)
                    .and_then(|v| Uuid::parse_str(v).ok())
                    .ok_or_else(|| bad_file(format!("the file's {place} must be an id (a UUID)")))?;
                if !seen.insert(id) {
                    return Err(bad_file(format!("the file holds two {} with the id {id}", table.name)));
                }
            }
        }
        // Every row of a workspace goes when the workspace goes (ON DELETE CASCADE), so ids can
        // clash only while the archived workspace is still here.
        let ids_replaced = workspaces::Entity::find_by_id(archived_id).count(&self.db).await? > 0;
        let new_ids = ids_replaced.then(|| {
            let mut all: BTreeSet<Uuid> = ids.values().flatten().copied().collect();
            all.insert(archived_id);
            replacement_ids(&all)
        });
        let mut reader = Reader { ids, new_ids, accounts, without_account: BTreeSet::new(), skipped: 0 };
        let workspace_id = reader.new_id(archived_id);
        let mut rows = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            let columns = table.rows.columns();
            let mut values = Vec::new();
            for (index, row) in document[table.name].as_array().into_iter().flatten().enumerate() {
                values.extend(reader.row(table, &columns, index, row, workspace_id)?);
            }
            rows.push(values);
        }
        Ok(Prepared {
            workspace_id,
            workspace_name: name.clone(),
            workspace_created_at: created_at.with_timezone(&Utc),
            rows,
            report: ImportReport {
                workspace_id,
                workspace_name: name,
                records: 0,
                ids_replaced,
                people_without_account: reader.without_account.into_iter().collect(),
                memberships_skipped: reader.skipped,
                webhooks: Vec::new(),
                survey_answers,
            },
        })
    }

    /// Makes the importer an owner of the new workspace: their membership in the file, or a
    /// new one.
    fn make_owner(&self, prepared: &mut Prepared, owner: Uuid) {
        let columns = TABLES[0].rows.columns();
        let (user, role) = (position(&columns, "user_id"), position(&columns, "role"));
        let owner_role = Value::String(Some(Role::Owner.as_str().to_owned()));
        let memberships = &mut prepared.rows[0];
        if let Some(row) = memberships.iter_mut().find(|row| row[user] == Value::Uuid(Some(owner))) {
            row[role] = owner_role;
            return;
        }
        let mut row: Vec<Value> = columns.iter().map(|c| null_of(&c.kind).unwrap_or(Value::Uuid(None))).collect();
        row[position(&columns, "id")] = Value::Uuid(Some(Uuid::now_v7()));
        row[position(&columns, "workspace_id")] = Value::Uuid(Some(prepared.workspace_id));
        row[user] = Value::Uuid(Some(owner));
        row[role] = owner_role;
        row[position(&columns, "created_at")] = Value::ChronoDateTimeUtc(Some(self.now()));
        memberships.push(row);
    }
}

/// Gives every webhook a new signing secret (the file holds none) and pauses it, so that a copy
/// of a workspace never posts into a live channel until someone turns it on.
fn pause_webhooks(prepared: &mut Prepared, new_secret: &(dyn Fn() -> String + Sync)) {
    let Some(index) = TABLES.iter().position(|t| t.name == "webhooks") else { return };
    let columns = TABLES[index].rows.columns();
    let (url, secret, active) = (position(&columns, "url"), position(&columns, "secret"), position(&columns, "active"));
    for row in &mut prepared.rows[index] {
        let fresh = new_secret();
        row[secret] = Value::String(Some(fresh.clone()));
        row[active] = Value::Bool(Some(false));
        let url = if let Value::String(Some(url)) = &row[url] { url.clone() } else { String::new() };
        prepared.report.webhooks.push(ImportedWebhook { url, secret: fresh });
    }
}

/// A write refused by the database, named: only a file whose ids clash with records already
/// here, or a hand-edited one, gets this far.
fn clash(table: &str, err: StoreError) -> ArchiveError {
    match &err {
        StoreError::Database(db) => match db.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => {
                bad_file(format!("the file's {table} clash with records already in this database ({detail})"))
            }
            Some(SqlErr::ForeignKeyConstraintViolation(detail)) => {
                bad_file(format!("the file's {table} refer to records that are not in it ({detail})"))
            }
            _ => ArchiveError::Store(err),
        },
        _ => ArchiveError::Store(err),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A new table must be placed in `TABLES` or `LEFT_OUT`, with a decision about its data.
    #[tokio::test]
    async fn every_table_of_the_schema_is_archived_or_left_out_with_a_reason() {
        let path = std::env::temp_dir().join(format!("rapport-archive-{}.db", Uuid::new_v4().simple()));
        let store = Store::open(&format!("sqlite://{}", path.display())).await.unwrap();
        let rows = store
            .db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            ))
            .await
            .unwrap();
        store.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let schema: Vec<String> = rows.iter().map(|row| row.try_get::<String>("", "name").unwrap()).collect();
        for table in &schema {
            let archived = TABLES.iter().any(|t| t.name == table);
            let left_out = LEFT_OUT.iter().any(|(name, _)| name == table);
            assert!(archived != left_out, "{table} must be either archived or left out (with a reason)");
        }
        for name in TABLES.iter().map(|t| t.name).chain(LEFT_OUT.iter().map(|(name, _)| *name)) {
            assert!(schema.iter().any(|t| t == name), "{name} is not a table of the schema");
        }
    }

    /// An id column the import does not know how to follow would keep pointing at the old
    /// database; every one must say what it refers to.
    #[test]
    fn every_id_column_says_what_it_refers_to() {
        for table in TABLES {
            let columns = table.rows.columns();
            for column in &columns {
                let holds_ids = column.kind == ColumnType::Uuid || column.name.ends_with("_ids");
                if holds_ids && !matches!(column.name, "id" | "workspace_id") {
                    assert!(
                        table.link(column.name).is_some(),
                        "{}.{} holds ids but has no link",
                        table.name,
                        column.name
                    );
                }
            }
            let named = table
                .links
                .iter()
                .map(|(name, _)| *name)
                .chain(table.words.iter().map(|(name, _)| *name))
                .chain(table.secret);
            for name in named {
                assert!(columns.iter().any(|c| c.name == name), "{}.{name} is not a column", table.name);
            }
            for column in ["id", "workspace_id"] {
                assert!(columns.iter().any(|c| c.name == column), "{} has no {column}", table.name);
            }
        }
        assert_eq!(TABLES[0].name, "workspace_members", "the importer's membership is added to the first list");
    }

    #[test]
    fn replaced_ids_keep_their_order_and_their_kind() {
        let old: BTreeSet<Uuid> = (0..50).map(|_| Uuid::now_v7()).chain((0..5).map(|_| Uuid::new_v4())).collect();
        let new = replacement_ids(&old);
        let ordered: Vec<Uuid> = old.iter().filter(|id| id.get_version_num() == 7).map(|id| new[id]).collect();
        assert!(ordered.windows(2).all(|pair| pair[0] < pair[1]), "ordering by id is still creation order");
        assert!(old.iter().all(|id| new[id] != *id && new[id].get_version_num() == id.get_version_num()));
    }

    #[test]
    fn moments_are_written_to_the_microsecond_and_read_back() {
        let column = Column { name: "created_at", kind: ColumnType::TimestampWithTimeZone, nullable: false };
        let stored = DateTime::parse_from_rfc3339("2026-03-01T08:30:00.123456789Z").unwrap().with_timezone(&Utc);
        let json = to_json(Value::ChronoDateTimeUtc(Some(stored))).unwrap();
        assert_eq!(json, "2026-03-01T08:30:00.123456Z");
        assert_eq!(to_json(from_json(&column, &json).unwrap()).unwrap(), json);
        assert_eq!(from_json(&column, &Json::Null), Err("is missing a value"));
        assert_eq!(from_json(&column, &json!("yesterday")), Err("must be a moment such as 2026-01-31T09:30:00Z"));
    }
}
