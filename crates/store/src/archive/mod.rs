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
    AccessMode, ActiveModelTrait, ColumnTrait, ColumnType, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    IdenStatic, IsolationLevel, Iterable, ModelTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
    TransactionOptions, TransactionTrait,
};
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use crate::entities::*;
use crate::reports::{report_rows, report_summaries};
use crate::webhooks::webhook_rows;
use crate::{Store, StoreError, StoreResult};

mod backup;
mod export;
mod import;

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
    Table::new("reports", &Rows::<report_rows::Entity>(PhantomData))
        .links(&[("partnership_ids", Link::RecordList("partnerships")), ("created_by", Link::Person)]),
    Table::new("report_summaries", &Rows::<report_summaries::Entity>(PhantomData))
        .links(&[("report_id", Link::Record(&["reports"])), PARTNERSHIP]),
    Table::new("agreements", &Rows::<agreements::Entity>(PhantomData))
        .links(&[
            PARTNERSHIP,
            ("party_organization_ids", Link::RecordList("organizations")),
            ("created_by", Link::Person),
        ])
        .words(&[
            ("kind", word::<rapport_core::kinds::AgreementKind>),
            ("status", word::<rapport_core::kinds::AgreementStatus>),
        ]),
    Table::new("document_links", &Rows::<document_links::Entity>(PhantomData))
        .links(&[
            ("record_id", Link::Record(&["partnerships", "goals", "checkins", "commitments", "retrospectives"])),
            PARTNERSHIP,
            ("created_by", Link::Person),
        ])
        .words(&[("record_kind", word::<rapport_core::links::LinkedKind>)]),
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
    ("network_snapshots", "derived: the network job measures the imported records again"),
    ("network_positions", "derived: the network job measures the imported records again"),
    ("network_ties", "derived: the network job measures the imported records again"),
    ("network_past_brokers", "derived: measured again when a report asks for a past day"),
    ("organization_focus_areas", "derived: the focus-area index, rebuilt from the organisations by the import"),
    ("invitations", "an invitation is its secret link; an accepted one is already a membership"),
    ("calendar_feeds", "each feed is one person's secret link; they make a new one"),
    ("report_links", "each funder link is a secret; the coordinator makes a new one"),
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
    ("trust_settings", "the workspace's trust parameters: an imported workspace starts from SPEC 3's defaults"),
    ("partnership_health", "derived: rebuilt from the records by the import"),
    ("warnings", "derived: rebuilt from the records by the import (acknowledgements do not travel)"),
    ("survey_waves", "derived: each closed wave is scored again from its published results"),
    ("survey_answer_pool", "answers not yet released: an open survey's answers never travel (SPEC 4)"),
    ("search_rows", "derived: the search index (SQLite), kept by triggers as the import writes the records"),
    ("search_text", "derived: the search index (SQLite FTS5), kept by triggers as the import writes the records"),
    ("search_text_data", "SQLite FTS5's own storage of the search index"),
    ("search_text_idx", "SQLite FTS5's own storage of the search index"),
    ("search_text_docsize", "SQLite FTS5's own storage of the search index"),
    ("search_text_config", "SQLite FTS5's own storage of the search index"),
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::import::replacement_ids;
    use super::*;
    use sea_orm::{ConnectionTrait, Statement};

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
