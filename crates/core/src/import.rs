//! CSV import (SPEC 2: "CSV and JSON import/export"): from a file's rows, already split into
//! cells, to validated records, naming every bad cell by its line and column.
//!
//! The columns are those of the CSV export, found by their header names in any order, so that an
//! export can be imported again (into another workspace, say). Columns the export writes but an
//! import cannot set (ids, creation moments, archive moments, derived statuses) are accepted and
//! ignored; any other column is refused by name. References are by name, as a person writes
//! them: a contact's organisation, a partnership's members ("; "-separated), a commitment's
//! partnership, promisor and promisee. A name that matches nothing, or more than one record, is
//! an error in its cell.
//!
//! Every row goes through the same `validate` as the API's drafts. Nothing here reads a file or a
//! database: the caller splits the CSV into cells and passes what the workspace already holds.

use std::collections::HashMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

use crate::commitment::OutcomeDraft;
use crate::records::{
    CommitmentDraft, ContactDraft, MemberDraft, OrganizationDraft, PartnershipDraft, PromiseContext, ValidCommitment,
    ValidContact, ValidOrganization, ValidPartnership,
};
use crate::validate::{EARLIEST_YEAR, FieldError, LATEST_YEAR, ValidationErrors};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Organizations,
    Contacts,
    Partnerships,
    Commitments,
    Agreements,
}

impl ImportKind {
    pub const ALL: [ImportKind; 5] = [
        ImportKind::Organizations,
        ImportKind::Contacts,
        ImportKind::Partnerships,
        ImportKind::Commitments,
        ImportKind::Agreements,
    ];

    /// The name in the URL: `organizations`, `contacts`, `partnerships`, `commitments`.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Organizations => "organizations",
            ImportKind::Contacts => "contacts",
            ImportKind::Partnerships => "partnerships",
            ImportKind::Commitments => "commitments",
            ImportKind::Agreements => "agreements",
        }
    }

    /// The plural a person reads: "organisations".
    pub fn label(self) -> &'static str {
        match self {
            ImportKind::Organizations => "organisations",
            ImportKind::Contacts => "contacts",
            ImportKind::Partnerships => "partnerships",
            ImportKind::Commitments => "commitments",
            ImportKind::Agreements => "agreements",
        }
    }

    /// Columns an import reads, the required ones first.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Organizations => &["name", "kind", "mission", "focus_areas", "website"],
            ImportKind::Contacts => {
                &["organization", "name", "role", "email", "phone", "last_contacted_on", "follow_up_days"]
            }
            ImportKind::Partnerships => &["name", "kind", "status", "cadence", "members", "vision", "started_on"],
            ImportKind::Commitments => &[
                "partnership",
                "promisor",
                "description",
                "due_on",
                "promisee",
                "promisor_user_id",
                "made_on",
                "done_on",
                "status",
                "cancelled_on",
                "reason",
            ],
            ImportKind::Agreements => &[
                "partnership",
                "kind",
                "title",
                "parties",
                "starts_on",
                "ends_on",
                "signed_on",
                "renewal_notice_days",
                "status",
                "document_url",
                "notes",
            ],
        }
    }

    /// Columns a file must have.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            ImportKind::Organizations => &["name", "kind"],
            ImportKind::Contacts => &["organization", "name"],
            ImportKind::Partnerships => &["name", "kind", "status", "cadence", "members"],
            ImportKind::Commitments => &["partnership", "promisor", "description", "due_on"],
            ImportKind::Agreements => &["partnership", "kind", "title", "parties", "starts_on"],
        }
    }

    /// Columns the export writes that an import accepts and ignores.
    pub fn ignored(self) -> &'static [&'static str] {
        match self {
            ImportKind::Organizations | ImportKind::Partnerships => &["id", "created_at", "archived_at"],
            ImportKind::Contacts => &["id", "organization_id"],
            ImportKind::Commitments => &["id", "checkin_id", "created_at", "archived_at"],
            ImportKind::Agreements => &["id", "created_at"],
        }
    }
}

impl std::str::FromStr for ImportKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        ImportKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| "must be one of: organizations, contacts, partnerships, commitments, agreements".to_owned())
    }
}

impl fmt::Display for ImportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A file split into cells: the header row and each data row with its line number as a
/// spreadsheet shows it (the header is line 1).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// One problem in a file: its line, its column when it concerns one cell, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

impl CellError {
    pub fn new(line: usize, column: Option<&str>, message: impl Into<String>) -> CellError {
        CellError { line, column: column.map(str::to_owned), message: message.into() }
    }

    /// `line 3, column "kind"`, or `line 3` for the whole row.
    pub fn place(&self) -> String {
        match &self.column {
            Some(column) => format!("line {}, column \"{column}\"", self.line),
            None => format!("line {}", self.line),
        }
    }

    pub fn to_field_error(&self) -> FieldError {
        FieldError { field: self.place(), message: self.message.clone() }
    }
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.message)
    }
}

/// What the workspace already holds, for references by name and for names already taken.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// Live organisations: (id, name).
    pub organizations: Vec<(Uuid, String)>,
    /// Names of archived organisations, taken too.
    pub archived_organizations: Vec<String>,
    pub partnerships: Vec<PartnershipRef>,
    /// The people in the workspace, for `promisor_user_id`.
    pub people: Vec<Uuid>,
    /// Live contacts, to refuse importing someone twice.
    pub contacts: Vec<ContactRef>,
}

/// A contact already in the workspace.
#[derive(Debug, Clone)]
pub struct ContactRef {
    pub organization_id: Uuid,
    pub name: String,
    pub email: Option<String>,
}

/// Who a contact is, for spotting the same person twice at one organisation: their e-mail
/// address when they have one, else their name, either compared without case.
fn contact_key(organization_id: Uuid, name: &str, email: Option<&str>) -> String {
    match email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(email) => format!("{organization_id} email {}", email.to_lowercase()),
        None => format!("{organization_id} name {}", name.trim().to_lowercase()),
    }
}

#[derive(Debug, Clone)]
pub struct PartnershipRef {
    pub id: Uuid,
    pub name: String,
    pub archived: bool,
    /// Member organisations: (id, name).
    pub members: Vec<(Uuid, String)>,
}

/// A commitment ready to write: its partnership and the validated draft, with its outcome when
/// the file gives one. Only [`commitments`] builds one.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ImportedCommitment {
    pub partnership_id: Uuid,
    pub commitment: ValidCommitment,
}

/// A contact ready to write, with the organisation it belongs to. Only [`contacts`] builds one.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ImportedContact {
    pub organization_id: Uuid,
    pub contact: ValidContact,
}

pub type ImportResult<T> = Result<Vec<T>, Vec<CellError>>;

/// Where each column sits in the file.
struct Columns {
    index: HashMap<&'static str, usize>,
}

/// Maps the header row: every name must be a column of `kind` (or one the import ignores), none
/// twice, every required one present. Header names are compared trimmed and case-insensitively.
fn map_header(kind: ImportKind, header: &[String]) -> Result<Columns, Vec<CellError>> {
    let mut errors = Vec::new();
    let mut index = HashMap::new();
    let mut seen: Vec<String> = Vec::new();
    for (position, name) in header.iter().enumerate() {
        let name = name.trim().to_lowercase();
        if name.is_empty() {
            errors.push(CellError::new(1, None, format!("column {} has no name in the header", position + 1)));
            continue;
        }
        if seen.contains(&name) {
            errors.push(CellError::new(1, Some(&name), "appears twice in the header"));
            continue;
        }
        seen.push(name.clone());
        if let Some(column) = kind.columns().iter().find(|c| **c == name) {
            index.insert(*column, position);
        } else if !kind.ignored().contains(&name.as_str()) {
            errors.push(CellError::new(
                1,
                Some(&name),
                format!("is not a column of {}: use {}", kind.label(), kind.columns().join(", ")),
            ));
        }
    }
    for column in kind.required() {
        if !index.contains_key(column) {
            errors.push(CellError::new(
                1,
                Some(column),
                format!("is missing: a file of {} needs the columns {}", kind.label(), kind.required().join(", ")),
            ));
        }
    }
    if errors.is_empty() { Ok(Columns { index }) } else { Err(errors) }
}

/// The export writes a cell a spreadsheet would run as a formula with a leading apostrophe;
/// reading it back takes the apostrophe off again.
pub fn undefuse(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// One data row, read by column name.
struct Row<'a> {
    line: usize,
    cells: &'a [String],
    columns: &'a Columns,
    errors: Vec<CellError>,
}

impl<'a> Row<'a> {
    /// The cell, or "" when the column is absent or the row is short.
    fn get(&self, column: &str) -> &'a str {
        self.columns.index.get(column).and_then(|i| self.cells.get(*i)).map(|c| undefuse(c)).unwrap_or("")
    }

    fn optional(&self, column: &str) -> Option<String> {
        let value = self.get(column).trim();
        (!value.is_empty()).then(|| value.to_owned())
    }

    fn error(&mut self, column: &str, message: impl Into<String>) {
        self.errors.push(CellError::new(self.line, Some(column), message));
    }

    fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let value = self.get(column).trim();
        if value.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(day) if (EARLIEST_YEAR..=LATEST_YEAR).contains(&day.year()) => Some(day),
            Ok(_) => {
                self.error(column, format!("must be a day between the years {EARLIEST_YEAR} and {LATEST_YEAR}"));
                None
            }
            Err(_) => {
                self.error(column, "must be a date such as 2026-12-04");
                None
            }
        }
    }

    fn integer(&mut self, column: &str) -> Option<i32> {
        let value = self.get(column).trim();
        if value.is_empty() {
            return None;
        }
        match value.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                self.error(column, "must be a whole number");
                None
            }
        }
    }

    /// A draft's validation errors, each moved to the column it came from.
    fn absorb(&mut self, errors: ValidationErrors, column_of: impl Fn(&str) -> String) {
        for error in errors.0 {
            let column = column_of(&error.field);
            self.errors.push(CellError::new(self.line, Some(&column), error.message));
        }
    }
}

/// The column a draft's field comes from: `focus_areas[2]` → `focus_areas`.
fn plain_field(field: &str) -> &str {
    field.split(['[', '.']).next().unwrap_or(field)
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The one record called `name`, or why there is not exactly one.
fn find_by_name<'a, T>(items: &'a [T], name: &str, name_of: impl Fn(&T) -> &str, what: &str) -> Result<&'a T, String> {
    let found: Vec<&T> = items.iter().filter(|item| same_name(name_of(item), name)).collect();
    match found.len() {
        1 => Ok(found[0]),
        0 => Err(format!("no {what} called \"{}\"", name.trim())),
        n => Err(format!("{n} {what}s are called \"{}\": rename one so the name says which", name.trim())),
    }
}

/// Runs `read` on every row that is not blank, collecting every row's errors.
fn each_row<T>(kind: ImportKind, table: &Table, mut read: impl FnMut(&mut Row<'_>) -> Option<T>) -> ImportResult<T> {
    let columns = map_header(kind, &table.header)?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let width = table.header.len();
    for (line, cells) in &table.rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut row = Row { line: *line, cells, columns: &columns, errors: Vec::new() };
        if cells.len() > width && cells[width..].iter().any(|c| !c.trim().is_empty()) {
            row.errors.push(CellError::new(
                *line,
                None,
                format!("has {} cells but the header names {width} columns", cells.len()),
            ));
        }
        let value = read(&mut row);
        if row.errors.is_empty() {
            if let Some(value) = value {
                out.push(value);
            }
        } else {
            errors.extend(row.errors);
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The first line each name appears on, to refuse the same name twice in one file.
fn first_seen(seen: &mut HashMap<String, usize>, name: &str, line: usize) -> Option<usize> {
    let key = name.trim().to_lowercase();
    if key.is_empty() {
        return None;
    }
    match seen.get(&key) {
        Some(first) => Some(*first),
        None => {
            seen.insert(key, line);
            None
        }
    }
}

/// Organisations: names must be new to the workspace and to the file, since other files refer
/// to organisations by name.
pub fn organizations(table: &Table, directory: &Directory) -> ImportResult<ValidOrganization> {
    let mut seen = HashMap::new();
    each_row(ImportKind::Organizations, table, |row| {
        let draft = OrganizationDraft {
            name: row.get("name").to_owned(),
            kind: row.get("kind").to_owned(),
            mission: row.optional("mission"),
            focus_areas: row.get("focus_areas").split(';').map(str::to_owned).collect(),
            website: row.optional("website"),
        };
        let name = draft.name.clone();
        if let Some(first) = first_seen(&mut seen, &name, row.line) {
            row.error("name", format!("repeats the organisation on line {first}"));
        } else if directory.organizations.iter().any(|(_, n)| same_name(n, &name)) {
            row.error("name", format!("an organisation called \"{}\" is already in this workspace", name.trim()));
        } else if directory.archived_organizations.iter().any(|n| same_name(n, &name)) {
            row.error("name", format!("an archived organisation is called \"{}\": restore it instead", name.trim()));
        }
        match draft.validate() {
            Ok(valid) => Some(valid),
            Err(errors) => {
                row.absorb(errors, |field| plain_field(field).to_owned());
                None
            }
        }
    })
}

/// Contacts, each of an organisation named in `organization`.
/// The same person (by e-mail, else by name) is refused twice at one organisation, in the file
/// or already in the workspace.
pub fn contacts(table: &Table, directory: &Directory, today: NaiveDate) -> ImportResult<ImportedContact> {
    let mut seen = HashMap::new();
    each_row(ImportKind::Contacts, table, |row| {
        let organization = row.get("organization");
        let organization_id = if organization.trim().is_empty() {
            row.error("organization", "is required");
            None
        } else {
            match find_by_name(&directory.organizations, organization, |(_, n)| n, "organisation") {
                Ok((id, _)) => Some(*id),
                Err(message) => {
                    row.error("organization", message);
                    None
                }
            }
        };
        let last_contacted_on = row.date("last_contacted_on");
        let follow_up_days = row.integer("follow_up_days");
        let draft = ContactDraft {
            name: row.get("name").to_owned(),
            role: row.optional("role"),
            email: row.optional("email"),
            phone: row.optional("phone"),
            last_contacted_on,
            follow_up_days,
            owner_user_id: None,
        };
        if let Some(organization_id) = organization_id {
            let column = if draft.email.is_some() { "email" } else { "name" };
            let key = contact_key(organization_id, &draft.name, draft.email.as_deref());
            if let Some(first) = first_seen(&mut seen, &key, row.line) {
                row.error(column, format!("repeats the contact on line {first}"));
            } else if directory.contacts.iter().any(|c| {
                c.organization_id == organization_id
                    && contact_key(organization_id, &c.name, c.email.as_deref().filter(|_| draft.email.is_some()))
                        == key
            }) {
                row.error(column, format!("{} is already a contact of {}", draft.name.trim(), organization.trim()));
            }
        }
        match draft.validate(today) {
            Ok(contact) => organization_id.map(|organization_id| ImportedContact { organization_id, contact }),
            Err(errors) => {
                row.absorb(errors, |field| plain_field(field).to_owned());
                None
            }
        }
    })
}

/// Partnerships, their members named in `members`, separated by semicolons.
pub fn partnerships(table: &Table, directory: &Directory) -> ImportResult<ValidPartnership> {
    let mut seen = HashMap::new();
    each_row(ImportKind::Partnerships, table, |row| {
        let mut members = Vec::new();
        let mut unresolved = false;
        for name in row.get("members").split(';').map(str::trim).filter(|n| !n.is_empty()) {
            match find_by_name(&directory.organizations, name, |(_, n)| n, "organisation") {
                Ok((id, _)) => members.push(MemberDraft { organization_id: *id, role: None }),
                Err(message) => {
                    row.error("members", message);
                    unresolved = true;
                }
            }
        }
        let name = row.get("name").to_owned();
        if let Some(first) = first_seen(&mut seen, &name, row.line) {
            row.error("name", format!("repeats the partnership on line {first}"));
        } else if directory.partnerships.iter().any(|p| same_name(&p.name, &name)) {
            row.error("name", format!("a partnership called \"{}\" is already in this workspace", name.trim()));
        }
        let draft = PartnershipDraft {
            name,
            kind: row.get("kind").to_owned(),
            status: row.get("status").to_owned(),
            cadence: row.get("cadence").to_owned(),
            vision: row.optional("vision"),
            members,
            started_on: row.date("started_on"),
        };
        match draft.validate() {
            Ok(valid) => Some(valid),
            Err(errors) => {
                // With a name already refused, "needs two members" says nothing new.
                let errors =
                    ValidationErrors(errors.0.into_iter().filter(|e| !(unresolved && e.field == "members")).collect());
                row.absorb(errors, |field| plain_field(field).to_owned());
                None
            }
        }
    })
}

/// Commitments, each in a partnership named in `partnership`, between its members, made on
/// `made_on` (when left out, the earliest of today and the row's dates). Their outcome, as a
/// promise recorded after the fact takes it: a `done_on` marks it kept on that day; the status
/// `cancelled` marks it cancelled by agreement on `cancelled_on` (today when empty) for `reason`;
/// the status `missed` or `overdue` says it was not kept. A row whose due date has passed must
/// give one of these. Other statuses are derived from the dates and ignored.
pub fn commitments(table: &Table, directory: &Directory, today: NaiveDate) -> ImportResult<ImportedCommitment> {
    each_row(ImportKind::Commitments, table, |row| {
        let name = row.get("partnership");
        let partnership = if name.trim().is_empty() {
            row.error("partnership", "is required");
            None
        } else {
            match find_by_name(&directory.partnerships, name, |p| &p.name, "partnership") {
                Ok(p) if p.archived => {
                    row.error("partnership", "is archived: restore it before recording anything in it");
                    None
                }
                Ok(p) => Some(p),
                Err(message) => {
                    row.error("partnership", message);
                    None
                }
            }
        };
        let member = |row: &mut Row<'_>, column: &str, value: &str| -> Option<Uuid> {
            let partnership = partnership?;
            match find_by_name(&partnership.members, value, |(_, n)| n, "member organisation of this partnership") {
                Ok((id, _)) => Some(*id),
                Err(message) => {
                    row.error(column, message);
                    None
                }
            }
        };
        let promisor_name = row.get("promisor");
        let promisor = if promisor_name.trim().is_empty() {
            row.error("promisor", "is required");
            None
        } else {
            member(row, "promisor", promisor_name)
        };
        let promisee_name = row.get("promisee");
        let whole_partnership = promisee_name.trim().is_empty() || same_name(promisee_name, "the partnership");
        let promisee = if whole_partnership { None } else { member(row, "promisee", promisee_name) };
        let promisor_user_id = match row.optional("promisor_user_id") {
            None => None,
            Some(text) => match text.parse::<Uuid>() {
                Ok(id) if directory.people.contains(&id) => Some(id),
                Ok(_) => {
                    row.error("promisor_user_id", "is not a person in this workspace");
                    None
                }
                Err(_) => {
                    row.error("promisor_user_id", "must be the id of a person in this workspace, or empty");
                    None
                }
            },
        };
        let due_on = row.date("due_on");
        if row.get("due_on").trim().is_empty() {
            row.error("due_on", "is required");
        }
        let made_on = row.date("made_on");
        let done_on = row.date("done_on");
        let cancelled_on = row.date("cancelled_on");
        let status = row.get("status").trim().to_lowercase();
        let cancelled = status == "cancelled";
        if !status.is_empty() && status.parse::<crate::kinds::CommitmentStatus>().is_err() {
            row.error("status", "must be one of: open, due_soon, overdue, missed, done, done_late, cancelled");
        }
        if cancelled && done_on.is_some() {
            row.error("done_on", "a cancelled commitment cannot be done: leave done_on empty or change the status");
        } else if matches!(status.as_str(), "done" | "done_late")
            && done_on.is_none()
            && row.get("done_on").trim().is_empty()
        {
            row.error("done_on", "is required for a done commitment");
        }
        if done_on.is_some_and(|d| d > today) {
            row.error("done_on", "cannot be in the future");
        }
        let (Some(partnership), Some(due_on)) = (partnership, due_on) else {
            // Still check the description, so one pass names every problem of the row.
            let mut errors = ValidationErrors::new();
            errors.required_text("description", row.get("description"), 2_000);
            row.absorb(errors, std::borrow::ToOwned::to_owned);
            return None;
        };
        let outcome = if let Some(on) = done_on.filter(|d| *d <= today) {
            Some(OutcomeDraft::Kept { on })
        } else if cancelled {
            let reason = row.optional("reason").unwrap_or_else(|| "cancelled by agreement (imported)".to_owned());
            Some(OutcomeDraft::Cancelled { on: cancelled_on.unwrap_or(today), reason })
        } else if matches!(status.as_str(), "missed" | "overdue") && due_on < today {
            Some(OutcomeDraft::NotKept)
        } else {
            None
        };
        if outcome.is_none() && due_on < today {
            row.error(
                "status",
                "this due date has passed: give done_on (kept), or the status cancelled (with cancelled_on) or missed (not kept)",
            );
        }
        let draft = CommitmentDraft {
            // A promisor not found is already reported; the draft checks the rest.
            promisor_organization_id: promisor.unwrap_or_else(|| partnership.members[0].0),
            promisor_user_id,
            promisee_organization_id: promisee,
            description: row.get("description").to_owned(),
            due_on,
            made_on,
            outcome,
        };
        let members: Vec<Uuid> = partnership.members.iter().map(|(id, _)| *id).collect();
        let earliest = [Some(today), Some(due_on), done_on, cancelled_on].into_iter().flatten().min();
        let context = PromiseContext { members: &members, today, made_on: earliest.unwrap_or(today) };
        let mut errors = ValidationErrors::new();
        let valid = draft.validate_in(context, "", &mut errors);
        // A missing outcome is reported above, in the file's own terms.
        errors.0.retain(|e| e.field != "outcome");
        row.absorb(errors, |field| match field {
            "promisor_organization_id" => "promisor".to_owned(),
            "promisee_organization_id" => "promisee".to_owned(),
            "outcome" => "status".to_owned(),
            "outcome.on" if cancelled => "cancelled_on".to_owned(),
            "outcome.on" => "done_on".to_owned(),
            "outcome.reason" => "reason".to_owned(),
            other => plain_field(other).to_owned(),
        });
        promisor.and(valid).map(|commitment| ImportedCommitment { partnership_id: partnership.id, commitment })
    })
}

/// An agreement ready to write, with its partnership. Only [`agreements`] builds one.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ImportedAgreement {
    pub partnership_id: Uuid,
    pub agreement: crate::agreement::ValidAgreement,
}

/// Agreements (issue 26): the partnership by name, the parties by name ("; "-separated, each a
/// member of that partnership), then the same validation as the API's.
pub fn agreements(table: &Table, directory: &Directory, today: NaiveDate) -> ImportResult<ImportedAgreement> {
    each_row(ImportKind::Agreements, table, |row| {
        let name = row.get("partnership");
        let partnership = if name.trim().is_empty() {
            row.error("partnership", "is required");
            None
        } else {
            match find_by_name(&directory.partnerships, name, |p| &p.name, "partnership") {
                Ok(p) if p.archived => {
                    row.error("partnership", "is archived: restore it before recording anything in it");
                    None
                }
                Ok(p) => Some(p),
                Err(message) => {
                    row.error("partnership", message);
                    None
                }
            }
        };
        let mut parties = Vec::new();
        if let Some(p) = partnership {
            for party in row.get("parties").split(';').map(str::trim).filter(|n| !n.is_empty()) {
                match find_by_name(&p.members, party, |(_, n)| n, "member organisation of this partnership") {
                    Ok((id, _)) => parties.push(*id),
                    Err(message) => row.error("parties", message),
                }
            }
        }
        let starts_on = row.date("starts_on");
        if row.get("starts_on").trim().is_empty() {
            row.error("starts_on", "is required");
        }
        let ends_on = row.date("ends_on");
        let signed_on = row.date("signed_on");
        let renewal_notice_days = row.integer("renewal_notice_days");
        let (partnership, starts_on) = (partnership?, starts_on?);
        if !row.errors.is_empty() {
            return None;
        }
        let draft = crate::agreement::AgreementDraft {
            kind: row.get("kind").trim().to_owned(),
            title: row.get("title").to_owned(),
            party_organization_ids: parties,
            signed_on,
            starts_on,
            ends_on,
            renewal_notice_days,
            status: row.optional("status"),
            document_url: row.optional("document_url"),
            notes: row.optional("notes"),
        };
        let members: Vec<Uuid> = partnership.members.iter().map(|(id, _)| *id).collect();
        match draft.validate(&members, today) {
            Ok(agreement) => Some(ImportedAgreement { partnership_id: partnership.id, agreement }),
            Err(errors) => {
                row.absorb(errors, |field| match plain_field(field) {
                    "party_organization_ids" => "parties".to_owned(),
                    other => other.to_owned(),
                });
                None
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commitment::ValidOutcome;

    fn table(text: &str) -> Table {
        let mut lines = text.lines();
        let split = |l: &str| l.split(',').map(str::to_owned).collect::<Vec<_>>();
        let header = split(lines.next().unwrap());
        Table { header, rows: lines.enumerate().map(|(i, l)| (i + 2, split(l))).collect() }
    }

    fn places(errors: &[CellError]) -> Vec<String> {
        errors.iter().map(CellError::place).collect()
    }

    fn directory() -> Directory {
        let school = Uuid::from_u128(1);
        let library = Uuid::from_u128(2);
        Directory {
            organizations: vec![
                (school, "Lincoln Elementary".into()),
                (library, "Eastside Library".into()),
                (Uuid::from_u128(3), "Twin".into()),
                (Uuid::from_u128(4), "twin".into()),
            ],
            archived_organizations: vec!["Old Club".into()],
            partnerships: vec![PartnershipRef {
                id: Uuid::from_u128(10),
                name: "Reading Buddies".into(),
                archived: false,
                members: vec![(school, "Lincoln Elementary".into()), (library, "Eastside Library".into())],
            }],
            people: vec![Uuid::from_u128(100)],
            contacts: vec![ContactRef {
                organization_id: school,
                name: "Rosa Diaz".into(),
                email: Some("rosa@lincoln.example".into()),
            }],
        }
    }

    #[test]
    fn the_same_contact_is_not_imported_twice() {
        let file = "organization,name,email\n\
                    Lincoln Elementary,Rosa D.,ROSA@lincoln.example\n\
                    Eastside Library,Rosa Diaz,rosa@lincoln.example\n\
                    Lincoln Elementary,rosa diaz,\n\
                    Eastside Library,Sam Lee,sam@library.example\n\
                    Eastside Library,Samuel Lee,Sam@Library.example\n\
                    Eastside Library,Ana,\n\
                    Eastside Library,ana ,";
        let errors = contacts(&table(file), &directory(), today()).unwrap_err();
        assert_eq!(
            places(&errors),
            [
                "line 2, column \"email\"",
                "line 4, column \"name\"",
                "line 6, column \"email\"",
                "line 8, column \"name\""
            ]
        );
        assert_eq!(errors[0].message, "Rosa D. is already a contact of Lincoln Elementary");
        assert_eq!(errors[2].message, "repeats the contact on line 5");
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
    }

    #[test]
    fn header_names_unknown_missing_and_repeated_columns() {
        let errors = organizations(&table("Name,colour,name,id\nA,red,B,1"), &directory()).unwrap_err();
        assert_eq!(
            places(&errors),
            ["line 1, column \"colour\"", "line 1, column \"name\"", "line 1, column \"kind\""]
        );
        assert!(errors[0].message.contains("name, kind"), "{}", errors[0].message);
    }

    #[test]
    fn every_bad_row_is_named_with_its_line_and_column() {
        let file = "kind,name,focus_areas,website,created_at\n\
                    school,Garfield High,literacy; STEM,,2026-01-01T00:00:00Z\n\
                    castle,Moat Trust,,,\n\
                    ,,,,\n\
                    library,,,ftp://x,\n\
                    nonprofit,Garfield high,,,\n\
                    nonprofit,Eastside Library,,,";
        let errors = organizations(&table(file), &directory()).unwrap_err();
        assert_eq!(
            places(&errors),
            [
                "line 3, column \"kind\"",
                "line 5, column \"name\"",
                "line 5, column \"website\"",
                "line 6, column \"name\"",
                "line 7, column \"name\""
            ]
        );
        assert!(errors[3].message.contains("line 2"), "a repeat names the first line: {}", errors[3].message);
        let good = organizations(
            &table("name,kind,focus_areas\nGarfield High,school,literacy; STEM\n'=Trick,nonprofit,"),
            &directory(),
        )
        .unwrap();
        assert_eq!(good[0].focus_areas, ["literacy", "stem"]);
        assert_eq!(good[1].name, "=Trick", "the export's apostrophe comes off");
    }

    #[test]
    fn references_by_name_must_name_exactly_one() {
        let file = "organization,name,follow_up_days,last_contacted_on\n\
                    lincoln elementary,Rosa,30,2026-04-01\n\
                    Nowhere,Ana,,\n\
                    Twin,Li,0,tomorrow";
        let errors = contacts(&table(file), &directory(), today()).unwrap_err();
        assert_eq!(
            places(&errors),
            [
                "line 3, column \"organization\"",
                "line 4, column \"organization\"",
                "line 4, column \"last_contacted_on\"",
                "line 4, column \"follow_up_days\""
            ]
        );
        assert!(errors[1].message.contains("2 organisations"), "{}", errors[1].message);

        let file = "name,kind,status,cadence,members\n\
                    Homework Club,school_community,active,weekly,Lincoln Elementary; Eastside Library\n\
                    Solo,school_community,active,weekly,Lincoln Elementary\n\
                    Ghost,school_community,active,weekly,Lincoln Elementary; Nobody\n\
                    Reading Buddies,school_community,active,weekly,Lincoln Elementary; Eastside Library";
        let errors = partnerships(&table(file), &directory()).unwrap_err();
        assert_eq!(
            places(&errors),
            ["line 3, column \"members\"", "line 4, column \"members\"", "line 5, column \"name\""]
        );
        assert!(errors[1].message.contains("Nobody"));
    }

    #[test]
    fn commitments_name_their_partnership_and_its_members() {
        let file = "partnership,promisor,promisee,description,due_on,done_on,status\n\
                    Reading Buddies,Eastside Library,the partnership,Lend 40 books,2026-05-10,,open\n\
                    Reading Buddies,Eastside Library,Lincoln Elementary,Host a reading night,2026-04-10,2026-04-09,done\n\
                    Reading Buddies,Lincoln Elementary,,Send volunteers,2026-04-10,,cancelled\n\
                    Reading Buddies,Twin,Eastside Library,,someday,,done\n\
                    Nope,Eastside Library,,Something,2026-05-10,2026-06-01,";
        let errors = commitments(&table(file), &directory(), today()).unwrap_err();
        assert_eq!(
            places(&errors),
            [
                "line 5, column \"promisor\"",
                "line 5, column \"due_on\"",
                "line 5, column \"done_on\"",
                "line 5, column \"description\"",
                "line 6, column \"partnership\"",
                "line 6, column \"done_on\"",
            ]
        );
        let file = "partnership,promisor,promisee,description,due_on,done_on,status\n\
                    Reading Buddies,Eastside Library,the partnership,Lend 40 books,2026-05-10,,open\n\
                    Reading Buddies,Eastside Library,Lincoln Elementary,Host a reading night,2026-04-10,2026-04-09,done\n\
                    Reading Buddies,Lincoln Elementary,,Send volunteers,2026-04-10,,cancelled";
        let good = commitments(&table(file), &directory(), today()).unwrap();
        assert_eq!(good.len(), 3);
        assert_eq!(good[0].commitment.promisee_organization_id, None);
        assert_eq!(good[1].commitment.promisee_organization_id, Some(Uuid::from_u128(1)));
        let kept_on = NaiveDate::from_ymd_opt(2026, 4, 9).unwrap();
        assert_eq!(good[1].commitment.outcome, Some(ValidOutcome::Kept { on: kept_on }));
        assert!(matches!(good[2].commitment.outcome, Some(ValidOutcome::Cancelled { on, .. }) if on == today()));
        // History must say what happened once its due date has passed.
        let file = "partnership,promisor,description,due_on,made_on,status\n\
                    Reading Buddies,Eastside Library,Lend 40 books,2026-04-10,2026-03-01,\n\
                    Reading Buddies,Eastside Library,Lend 40 books,2026-04-10,2026-03-01,missed";
        let errors = commitments(&table(file), &directory(), today()).unwrap_err();
        assert_eq!(places(&errors), ["line 2, column \"status\""]);
        let file = "partnership,promisor,description,due_on,made_on,status\n\
                    Reading Buddies,Eastside Library,Lend 40 books,2026-04-10,2026-03-01,missed";
        let missed = commitments(&table(file), &directory(), today()).unwrap();
        assert_eq!(missed[0].commitment.outcome, Some(ValidOutcome::NotKept));
        assert_eq!(missed[0].commitment.made_on, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        let errors = commitments(&table("partnership,promisor,promisee,description,due_on\nReading Buddies,Eastside Library,Eastside Library,Self,2026-05-10"), &directory(), today()).unwrap_err();
        assert_eq!(places(&errors), ["line 2, column \"promisee\""]);
    }

    #[test]
    fn long_rows_and_blank_rows() {
        let result = organizations(&table("name,kind\nA,school,extra\n,\nB,school,"), &directory());
        assert_eq!(places(&result.unwrap_err()), ["line 2"]);
    }
}
