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
use serde::Deserialize;
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

/// A CSV document: its header row and its rows, every cell defused.
pub fn to_csv(header: &[&str], rows: &[Vec<String>]) -> ApiResult<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let internal = |e: csv::Error| AppError::internal(e);
    writer.write_record(header).map_err(internal)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| defuse(cell))).map_err(internal)?;
    }
    Ok(writer.into_inner().map_err(|e| AppError::internal(e.into_error()))?)
}

fn csv_response(filename: &str, header: &[&str], rows: &[Vec<String>]) -> ApiResult<Response> {
    let body = to_csv(header, rows)?;
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

fn day(value: Option<NaiveDate>) -> String {
    opt(value)
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
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|o| {
            vec![
                o.id.to_string(),
                o.name.clone(),
                o.kind.as_str().to_owned(),
                opt(o.mission.as_ref()),
                o.focus_areas.join("; "),
                opt(o.website.as_ref()),
                moment(o.created_at),
                opt_moment(o.archived_at),
            ]
        })
        .collect();
    csv_response(
        "organizations.csv",
        &["id", "name", "kind", "mission", "focus_areas", "website", "created_at", "archived_at"],
        &rows,
    )
}

const CONTACT_HEADER: [&str; 9] =
    ["id", "organization_id", "organization", "name", "role", "email", "phone", "last_contacted_on", "follow_up_days"];

fn contact_row(c: &rapport_core::records::Contact, organization: &str) -> Vec<String> {
    vec![
        c.id.to_string(),
        c.organization_id.to_string(),
        organization.to_owned(),
        c.name.clone(),
        opt(c.role.as_ref()),
        opt(c.email.as_ref()),
        opt(c.phone.as_ref()),
        day(c.last_contacted_on),
        opt(c.follow_up_days),
    ]
}

/// The contacts of one organisation as CSV (the list `…/organizations/{id}/contacts`).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/organizations/{id}/contacts.csv", tag = "exports", params(RecordPath), responses((status = 200, description = CSV_DESCRIPTION, content_type = "text/csv", body = String), Scoped))]
async fn contacts_csv(ctx: InWorkspace, ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>) -> ApiResult<Response> {
    let session = ctx.session();
    let organization = session.organization(id).await?;
    let rows: Vec<Vec<String>> =
        session.contacts(id).await?.iter().map(|c| contact_row(c, &organization.name)).collect();
    csv_response("contacts.csv", &CONTACT_HEADER, &rows)
}

/// The contacts of every current organisation as CSV, by organisation name.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/contacts.csv", tag = "exports", params(WorkspacePath), responses((status = 200, description = CSV_DESCRIPTION, content_type = "text/csv", body = String), Scoped))]
async fn all_contacts_csv(ctx: InWorkspace) -> ApiResult<Response> {
    let session = ctx.session();
    let mut rows = Vec::new();
    for organization in session.organization_directory().await? {
        rows.extend(session.contacts(organization.id).await?.iter().map(|c| contact_row(c, &organization.name)));
    }
    csv_response("contacts.csv", &CONTACT_HEADER, &rows)
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
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                p.name.clone(),
                p.kind.as_str().to_owned(),
                p.status.as_str().to_owned(),
                p.cadence.as_str().to_owned(),
                p.members.iter().map(|m| m.organization_name.as_str()).collect::<Vec<_>>().join("; "),
                opt(p.vision.as_ref()),
                moment(p.created_at),
                opt_moment(p.archived_at),
            ]
        })
        .collect();
    csv_response(
        "partnerships.csv",
        &["id", "name", "kind", "status", "cadence", "members", "vision", "created_at", "archived_at"],
        &rows,
    )
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
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                partnership.name.clone(),
                member_name(&partnership, c.promisor_organization_id),
                opt(c.promisor_user_id),
                c.promisee_organization_id
                    .map(|o| member_name(&partnership, o))
                    .unwrap_or_else(|| "the partnership".into()),
                c.description.clone(),
                c.due_on.to_string(),
                day(c.done_on),
                c.status.as_str().to_owned(),
                opt(c.checkin_id),
                moment(c.created_at),
                opt_moment(c.archived_at),
            ]
        })
        .collect();
    csv_response(
        "commitments.csv",
        &[
            "id",
            "partnership",
            "promisor",
            "promisor_user_id",
            "promisee",
            "description",
            "due_on",
            "done_on",
            "status",
            "checkin_id",
            "created_at",
            "archived_at",
        ],
        &rows,
    )
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
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                partnership.name.clone(),
                c.held_on.to_string(),
                opt(c.agenda.as_ref()),
                opt(c.notes.as_ref()),
                opt(c.decisions.as_ref()),
                c.attendee_organization_ids
                    .iter()
                    .map(|o| member_name(&partnership, *o))
                    .collect::<Vec<_>>()
                    .join("; "),
                c.attendee_user_ids.len().to_string(),
                c.action_item_ids.len().to_string(),
                moment(c.created_at),
                opt_moment(c.archived_at),
            ]
        })
        .collect();
    csv_response(
        "checkins.csv",
        &[
            "id",
            "partnership",
            "held_on",
            "agenda",
            "notes",
            "decisions",
            "attending_organizations",
            "attending_people",
            "action_items",
            "created_at",
            "archived_at",
        ],
        &rows,
    )
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
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|g| {
            vec![
                g.id.to_string(),
                partnership.name.clone(),
                g.statement.clone(),
                opt(g.metric.as_ref()),
                opt(g.unit.as_ref()),
                opt(g.baseline),
                opt(g.target),
                opt(g.current),
                g.owner_organization_id.map(|o| member_name(&partnership, o)).unwrap_or_default(),
                opt(g.relevance.as_ref()),
                day(g.due_on),
                g.confidence.map(|c| c.as_str().to_owned()).unwrap_or_default(),
                moment(g.created_at),
                opt_moment(g.archived_at),
            ]
        })
        .collect();
    csv_response(
        "goals.csv",
        &[
            "id",
            "partnership",
            "statement",
            "metric",
            "unit",
            "baseline",
            "target",
            "current",
            "owner",
            "relevance",
            "due_on",
            "confidence",
            "created_at",
            "archived_at",
        ],
        &rows,
    )
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

    #[test]
    fn csv_is_rfc_4180() {
        let body =
            to_csv(&["a", "b"], &[vec!["x, y".into(), "say \"hi\"\nthere".into()], vec!["=1+1".into(), String::new()]])
                .unwrap();
        let text = String::from_utf8(body).unwrap();
        assert_eq!(text, "a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\n'=1+1,\r\n");
    }
}
