//! CSV exports of every list (SPEC 2: "CSV and JSON import/export").
//!
//! Each list of the API has a twin whose last path segment ends in `.csv` (for example
//! `…/organizations` and `…/organizations.csv`) taking the same filters, without paging: the
//! export holds every row the caller may see, in the list's order. The body is RFC 4180 CSV
//! (comma separated, CRLF line ends, fields quoted when they hold a comma, quote or line break)
//! in UTF-8, with a header row; kinds and statuses are written with their wire names, dates and
//! moments in ISO 8601, lists inside a cell separated by "; ".
//!
//! Everything is read through the same [`Session`](rapport_app::Session) methods as the JSON
//! lists, so an export never shows more than the list does.

use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use rapport_app::{CommitmentFilter, Page, PageRequest};
use rapport_core::records::Partnership;
use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{ApiPath, ApiQuery, Query, RecordPath, Scoped, WorkspacePath};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::InWorkspace;
use rapport_app::{AppError, AppResult};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(organizations_csv))
        .routes(routes!(contacts_csv))
        .routes(routes!(all_contacts_csv))
        .routes(routes!(partnerships_csv))
        .routes(routes!(commitments_csv))
        .routes(routes!(checkins_csv))
        .routes(routes!(goals_csv))
        .routes(routes!(agreements_csv))
        .routes(routes!(workspace_json))
}

/// Defuses CSV formula injection. A spreadsheet opening the export treats a cell that starts
/// with `=`, `+`, `-` or `@` (or a tab or carriage return, which some strip before looking) as a
/// formula, so a partner who types `=HYPERLINK(…)` or `=cmd|…` into a name or note could make a
/// coordinator's spreadsheet run it. Such cells get a leading apostrophe, which spreadsheets
/// read as "this is text" (OWASP's advice). Plain numbers such as `-3.5` cannot be formulas and
/// are left alone so that numeric columns stay numeric.
pub fn defuse(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) { format!("'{cell}") } else { cell.to_owned() }
}

fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// A cell people typed, written defused (see [`defuse`]). Ids, kinds, dates and numbers are
/// written as they are: they never start like a formula.
#[derive(Default)]
struct Text<'a>(Cow<'a, str>);

impl Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&defuse(&self.0))
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(text: &'a str) -> Self {
        Text(Cow::Borrowed(text))
    }
}

impl From<String> for Text<'_> {
    fn from(text: String) -> Self {
        Text(Cow::Owned(text))
    }
}

fn text(value: Option<&String>) -> Option<Text<'_>> {
    value.map(|v| Text::from(v.as_str()))
}

/// A list inside one cell, separated by "; ".
fn list<'a>(items: impl Iterator<Item = &'a str>) -> Text<'static> {
    Text::from(items.collect::<Vec<_>>().join("; "))
}

/// A CSV document of `rows`, with a header row named by the row type's fields; the header is
/// written for an empty list too, so that a spreadsheet still shows the columns.
pub fn to_csv<R: Serialize + Default>(rows: &[R]) -> ApiResult<Vec<u8>> {
    let internal = |e: csv::Error| AppError::internal(e);
    let writer = |headers| {
        csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .has_headers(headers)
            .from_writer(Vec::new())
    };
    let mut document = if rows.is_empty() {
        // The csv crate names the columns only when it writes a first row, so write an empty
        // one and keep the line it names them on.
        let mut probe = writer(true);
        probe.serialize(R::default()).map_err(internal)?;
        let mut bytes = probe.into_inner().map_err(|e| AppError::internal(e.into_error()))?;
        let header_end = bytes.windows(2).position(|w| w == b"\r\n").map_or(bytes.len(), |at| at + 2);
        bytes.truncate(header_end);
        return Ok(bytes);
    } else {
        writer(true)
    };
    for row in rows {
        document.serialize(row).map_err(internal)?;
    }
    Ok(document.into_inner().map_err(|e| AppError::internal(e.into_error()))?)
}

fn csv_response<R: Serialize + Default>(filename: &str, rows: &[R]) -> ApiResult<Response> {
    let body = to_csv(rows)?;
    Ok((
        StatusCode::OK,
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8; header=present".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response())
}

/// Every page of a list, in its order.
async fn all_pages<T, F, Fut>(include_archived: bool, mut fetch: F) -> AppResult<Vec<T>>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = AppResult<Page<T>>>,
{
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = fetch(PageRequest { after, limit: 200, include_archived }).await?;
        all.extend(page.items);
        match page.next_after {
            Some(next) => after = Some(next),
            None => return Ok(all),
        }
    }
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn moment(value: DateTime<Utc>) -> String {
    value.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn opt_moment(value: Option<DateTime<Utc>>) -> String {
    value.map(moment).unwrap_or_default()
}

fn member_name(partnership: &Partnership, id: Uuid) -> String {
    partnership
        .members
        .iter()
        .find(|m| m.organization_id == id)
        .map(|m| m.organization_name.clone())
        .unwrap_or_default()
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// Include archived records.
    pub include_archived: Option<bool>,
}

const CSV_DESCRIPTION: &str =
    "RFC 4180 CSV with a header row; cells that a spreadsheet would run as a formula start with an apostrophe";

/// Every organisation of the workspace as CSV, oldest first (the list `…/organizations`).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/organizations.csv", tag = "exports", params(WorkspacePath, ExportParams), responses((status = 200, description = CSV_DESCRIPTION, content_type = "text/csv", body = String), Scoped, Query))]
async fn organizations_csv(ctx: InWorkspace, ApiQuery(params): ApiQuery<ExportParams>) -> ApiResult<Response> {
    let session = ctx.session();
    let items = all_pages(params.include_archived.unwrap_or(false), |page| session.organizations(page)).await?;
    let rows: Vec<OrganizationRow> = items
        .iter()
        .map(|o| OrganizationRow {
            id: o.id,
            name: o.name.as_str().into(),
            kind: o.kind.as_str(),
            mission: text(o.mission.as_ref()),
            focus_areas: list(o.focus_areas.iter().map(String::as_str)),
            website: text(o.website.as_ref()),
            created_at: moment(o.created_at),
            archived_at: opt_moment(o.archived_at),
        })
        .collect();
    csv_response("organizations.csv", &rows)
}

#[derive(Serialize, Default)]
struct OrganizationRow<'a> {
    id: Uuid,
    name: Text<'a>,
    kind: &'a str,
    mission: Option<Text<'a>>,
    focus_areas: Text<'a>,
    website: Option<Text<'a>>,
    created_at: String,
    archived_at: String,
}

#[derive(Serialize, Default)]
struct ContactRow<'a> {
    id: Uuid,
    organization_id: Uuid,
    organization: Text<'a>,
    name: Text<'a>,
    role: Option<Text<'a>>,
    email: Option<Text<'a>>,
    phone: Option<Text<'a>>,
    last_contacted_on: Option<NaiveDate>,
    follow_up_days: Option<i64>,
}

fn contact_row<'a>(c: &'a rapport_core::records::Contact, organization: &'a str) -> ContactRow<'a> {
    ContactRow {
        id: c.id,
        organization_id: c.organization_id,
        organization: organization.into(),
        name: c.name.as_str().into(),
        role: text(c.role.as_ref()),
        email: text(c.email.as_ref()),
        phone: text(c.phone.as_ref()),
        last_contacted_on: c.last_contacted_on,
        follow_up_days: c.follow_up_days.map(i64::from),
    }
}

/// The contacts of one organisation as CSV (the list `…/organizations/{id}/contacts`).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/organizations/{id}/contacts.csv", tag = "exports", params(RecordPath), responses((status = 200, description = CSV_DESCRIPTION, content_type = "text/csv", body = String), Scoped))]
async fn contacts_csv(ctx: InWorkspace, ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>) -> ApiResult<Response> {
    let session = ctx.session();
    let organization = session.organization(id).await?;
    let contacts = session.contacts(id).await?;
    let rows: Vec<ContactRow> = contacts.iter().map(|c| contact_row(c, &organization.name)).collect();
    csv_response("contacts.csv", &rows)
}

/// The contacts of every current organisation as CSV, by organisation name.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/contacts.csv", tag = "exports", params(WorkspacePath), responses((status = 200, description = CSV_DESCRIPTION, content_type = "text/csv", body = String), Scoped))]
async fn all_contacts_csv(ctx: InWorkspace) -> ApiResult<Response> {
    let session = ctx.session();
    let mut contacts = Vec::new();
    for organization in session.organization_directory().await? {
        let of_organization = session.contacts(organization.id).await?;
        contacts.extend(of_organization.into_iter().map(|c| (c, organization.name.clone())));
    }
    let rows: Vec<ContactRow> = contacts.iter().map(|(c, organization)| contact_row(c, organization)).collect();
    csv_response("contacts.csv", &rows)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartnershipExportParams {
    /// Only partnerships this organisation belongs to.
    pub organization: Option<Uuid>,
    pub include_archived: Option<bool>,
}

/// The partnerships the caller may see as CSV, oldest first (the list `…/partnerships`).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships.csv", tag = "exports", params(WorkspacePath, PartnershipExportParams), responses((status = 200, description = CSV_DESCRIPTION, content_type = "text/csv", body = String), Scoped, Query))]
async fn partnerships_csv(
    ctx: InWorkspace,
    ApiQuery(params): ApiQuery<PartnershipExportParams>,
) -> ApiResult<Response> {
    let session = ctx.session();
    let items =
        all_pages(params.include_archived.unwrap_or(false), |page| session.partnerships(params.organization, page))
            .await?;
    let rows: Vec<PartnershipRow> = items
        .iter()
        .map(|p| PartnershipRow {
            id: p.id,
            name: p.name.as_str().into(),
            kind: p.kind.as_str(),
            status: p.status.as_str(),
            cadence: p.cadence.as_str(),
            members: list(p.members.iter().map(|m| m.organization_name.as_str())),
            vision: text(p.vision.as_ref()),
            started_on: Some(p.started_on),
            created_at: moment(p.created_at),
            archived_at: opt_moment(p.archived_at),
        })
        .collect();
    csv_response("partnerships.csv", &rows)
}

#[derive(Serialize, Default)]
struct PartnershipRow<'a> {
    id: Uuid,
    name: Text<'a>,
    kind: &'a str,
    status: &'a str,
    cadence: &'a str,
    members: Text<'a>,
    vision: Option<Text<'a>>,
    started_on: Option<NaiveDate>,
    created_at: String,
    archived_at: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommitmentExportParams {
    /// Only commitments neither done nor cancelled.
    pub open: Option<bool>,
    /// Only promises made by this organisation.
    pub promisor: Option<Uuid>,
    pub include_archived: Option<bool>,
}

/// The partnership's commitments as CSV, oldest first, with their status as of today (the list
/// `…/partnerships/{id}/commitments`, same filters).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/commitments.csv", tag = "exports", params(RecordPath, CommitmentExportParams), responses((status = 200, description = CSV_DESCRIPTION, content_type = "text/csv", body = String), Scoped, Query))]
async fn commitments_csv(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(params): ApiQuery<CommitmentExportParams>,
) -> ApiResult<Response> {
    let session = ctx.session();
    let partnership = session.partnership(id).await?;
    let filter = CommitmentFilter { open_only: params.open.unwrap_or(false), promisor: params.promisor };
    let items =
        all_pages(params.include_archived.unwrap_or(false), |page| session.commitments(id, filter, page)).await?;
    let rows: Vec<CommitmentRow> = items
        .iter()
        .map(|c| CommitmentRow {
            id: c.id,
            partnership: partnership.name.as_str().into(),
            promisor: member_name(&partnership, c.promisor_organization_id).into(),
            promisor_user_id: c.promisor_user_id,
            promisee: c
                .promisee_organization_id
                .map_or_else(|| "the partnership".into(), |o| member_name(&partnership, o).into()),
            description: c.description.as_str().into(),
            made_on: Some(c.made_on),
            due_on: Some(c.due_on),
            done_on: c.done_on,
            status: c.status.as_str(),
            checkin_id: c.checkin_id,
            created_at: moment(c.created_at),
            archived_at: opt_moment(c.archived_at),
        })
        .collect();
    csv_response("commitments.csv", &rows)
}

#[derive(Serialize, Default)]
struct CommitmentRow<'a> {
    id: Uuid,
    partnership: Text<'a>,
    promisor: Text<'a>,
    promisor_user_id: Option<Uuid>,
    promisee: Text<'a>,
    description: Text<'a>,
    made_on: Option<NaiveDate>,
    due_on: Option<NaiveDate>,
    done_on: Option<NaiveDate>,
    status: &'a str,
    checkin_id: Option<Uuid>,
    created_at: String,
    archived_at: String,
}

/// The partnership's check-ins as CSV, in the order they were recorded (the list
/// `…/partnerships/{id}/checkins`).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/checkins.csv", tag = "exports", params(RecordPath, ExportParams), responses((status = 200, description = CSV_DESCRIPTION, content_type = "text/csv", body = String), Scoped, Query))]
async fn checkins_csv(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(params): ApiQuery<ExportParams>,
) -> ApiResult<Response> {
    let session = ctx.session();
    let partnership = session.partnership(id).await?;
    let items = all_pages(params.include_archived.unwrap_or(false), |page| session.checkins(id, page)).await?;
    let rows: Vec<CheckinRow> = items
        .iter()
        .map(|c| CheckinRow {
            id: c.id,
            partnership: partnership.name.as_str().into(),
            held_on: Some(c.held_on),
            agenda: text(c.agenda.as_ref()),
            notes: text(c.notes.as_ref()),
            decisions: text(c.decisions.as_ref()),
            attending_organizations: Text::from(
                c.attendee_organization_ids
                    .iter()
                    .map(|o| member_name(&partnership, *o))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            attending_people: c.attendee_user_ids.len(),
            action_items: c.action_item_ids.len(),
            created_at: moment(c.created_at),
            archived_at: opt_moment(c.archived_at),
        })
        .collect();
    csv_response("checkins.csv", &rows)
}

#[derive(Serialize, Default)]
struct CheckinRow<'a> {
    id: Uuid,
    partnership: Text<'a>,
    held_on: Option<NaiveDate>,
    agenda: Option<Text<'a>>,
    notes: Option<Text<'a>>,
    decisions: Option<Text<'a>>,
    attending_organizations: Text<'a>,
    attending_people: usize,
    action_items: usize,
    created_at: String,
    archived_at: String,
}

/// The partnership's goals as CSV (the list `…/partnerships/{id}/goals`).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/goals.csv", tag = "exports", params(RecordPath, ExportParams), responses((status = 200, description = CSV_DESCRIPTION, content_type = "text/csv", body = String), Scoped, Query))]
async fn goals_csv(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(params): ApiQuery<ExportParams>,
) -> ApiResult<Response> {
    let session = ctx.session();
    let partnership = session.partnership(id).await?;
    let items = session.goals(id, params.include_archived.unwrap_or(false)).await?;
    let rows: Vec<GoalRow> = items
        .iter()
        .map(|g| GoalRow {
            id: g.id,
            partnership: partnership.name.as_str().into(),
            statement: g.statement.as_str().into(),
            metric: text(g.metric.as_ref()),
            unit: text(g.unit.as_ref()),
            baseline: opt(g.baseline),
            target: opt(g.target),
            current: opt(g.current),
            owner: g.owner_organization_id.map(|o| member_name(&partnership, o)).unwrap_or_default().into(),
            relevance: text(g.relevance.as_ref()),
            due_on: g.due_on,
            confidence: g.confidence.map(rapport_core::kinds::Confidence::as_str),
            created_at: moment(g.created_at),
            archived_at: opt_moment(g.archived_at),
        })
        .collect();
    csv_response("goals.csv", &rows)
}

/// Numbers are written as people typed them (`12`, not `12.0`), hence text.
#[derive(Serialize, Default)]
struct GoalRow<'a> {
    id: Uuid,
    partnership: Text<'a>,
    statement: Text<'a>,
    metric: Option<Text<'a>>,
    unit: Option<Text<'a>>,
    baseline: String,
    target: String,
    current: String,
    owner: Text<'a>,
    relevance: Option<Text<'a>>,
    due_on: Option<NaiveDate>,
    confidence: Option<&'a str>,
    created_at: String,
    archived_at: String,
}

/// The whole workspace as one JSON document, the format `rapport import` reads (owners only).
/// Survey responses and answers are withheld, so imported surveys have no results.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/export.json", tag = "exports", params(WorkspacePath), responses((status = 200, description = "A `rapport-workspace` document, version 1", content_type = "application/json", body = WorkspaceArchive), Scoped))]
async fn workspace_json(ctx: InWorkspace) -> ApiResult<Response> {
    let document = ctx.session().workspace_archive().await?;
    Ok((
        StatusCode::OK,
        [(CONTENT_TYPE, "application/json"), (CONTENT_DISPOSITION, "attachment; filename=\"workspace.json\"")],
        document,
    )
        .into_response())
}

/// What `export.json` answers: a `rapport-workspace` document (its tables are described at the
/// top of `rapport_store::archive`). Only the header is described field by field; each table is
/// a list of rows under the table's name.
struct WorkspaceArchive;

impl utoipa::PartialSchema for WorkspaceArchive {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, ObjectBuilder, SchemaFormat, SchemaType, Type};
        let text = || ObjectBuilder::new().schema_type(Type::String);
        let rows = ArrayBuilder::new().items(ObjectBuilder::new()).description(Some("The table's rows."));
        ObjectBuilder::new()
            .description(Some("A `rapport-workspace` document: every record of the workspace, one list per table."))
            .property("format", text().enum_values(Some(["rapport-workspace"])))
            .required("format")
            .property("version", ObjectBuilder::new().schema_type(Type::Integer).enum_values(Some([1])))
            .required("version")
            .property("exported_at", text().format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime))))
            .required("exported_at")
            .property("anonymous_answers", text().enum_values(Some(["included", "withheld"])))
            .required("anonymous_answers")
            .property("workspace", ObjectBuilder::new().schema_type(SchemaType::from(Type::Object)))
            .required("workspace")
            .property("people", ArrayBuilder::new().items(ObjectBuilder::new()))
            .required("people")
            .additional_properties(Some(rows))
            .into()
    }
}

impl utoipa::ToSchema for WorkspaceArchive {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        assert_eq!(defuse("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(defuse("+1+1"), "'+1+1");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("-2+3"), "'-2+3");
        assert_eq!(defuse("\tcmd"), "'\tcmd");
        assert_eq!(defuse("-3.5"), "-3.5");
        assert_eq!(defuse("-12"), "-12");
        assert_eq!(defuse("Lincoln Elementary"), "Lincoln Elementary");
        assert_eq!(defuse(""), "");
    }

    #[derive(Serialize, Default)]
    struct Row<'a> {
        a: Text<'a>,
        b: Option<Text<'a>>,
    }

    #[test]
    fn csv_is_rfc_4180() {
        let rows = [Row { a: "x, y".into(), b: Some("say \"hi\"\nthere".into()) }, Row { a: "=1+1".into(), b: None }];
        let text = String::from_utf8(to_csv(&rows).unwrap()).unwrap();
        assert_eq!(text, "a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\n'=1+1,\r\n");
    }

    #[test]
    fn an_empty_export_still_names_its_columns() {
        let text = String::from_utf8(to_csv::<Row>(&[]).unwrap()).unwrap();
        assert_eq!(text, "a,b\r\n");
    }
}

/// Every agreement the caller sees as CSV, ending soonest first (the list `…/agreements`).
/// Parties are written by name, separated by "; ": the columns the agreements import reads.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/agreements.csv", tag = "exports", params(WorkspacePath), responses((status = 200, description = CSV_DESCRIPTION, content_type = "text/csv", body = String), Scoped))]
async fn agreements_csv(ctx: InWorkspace) -> ApiResult<Response> {
    let session = ctx.session();
    let listed = session.workspace_agreements().await?;
    let mut rows: Vec<AgreementRow> = Vec::with_capacity(listed.len());
    for l in &listed {
        let a = &l.agreement;
        let partnership = session.partnership(a.partnership_id).await?;
        let parties: Vec<String> = a.party_organization_ids.iter().map(|o| member_name(&partnership, *o)).collect();
        rows.push(AgreementRow {
            id: a.id,
            partnership: l.partnership_name.clone().into(),
            kind: a.kind.as_str(),
            title: a.title.as_str().into(),
            parties: list(parties.iter().map(String::as_str)),
            signed_on: a.signed_on,
            starts_on: Some(a.starts_on),
            ends_on: a.ends_on,
            renewal_notice_days: a.renewal_notice_days,
            status: a.status.as_str(),
            document_url: text(a.document_url.as_ref()),
            notes: text(a.notes.as_ref()),
            created_at: moment(a.created_at),
        });
    }
    csv_response("agreements.csv", &rows)
}

#[derive(Serialize, Default)]
struct AgreementRow<'a> {
    id: Uuid,
    partnership: Text<'a>,
    kind: &'static str,
    title: Text<'a>,
    parties: Text<'a>,
    signed_on: Option<NaiveDate>,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    renewal_notice_days: i32,
    status: &'static str,
    document_url: Option<Text<'a>>,
    notes: Option<Text<'a>>,
    created_at: String,
}
