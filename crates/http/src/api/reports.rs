//! Reports for leadership and funders (issue 24) over JSON and CSV: save a report (a period and
//! partnerships), list them, read one with every number, the same numbers as CSV, write a
//! partnership's summary, and make, list and revoke funders' secret links. Who may: owners,
//! coordinators and observers read; owners and coordinators write; members get 404.

use axum::Json;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use rapport_app::reports::{CreatedReportLink, Report, ReportLinkView, ReportListPage, ReportListing};
use rapport_core::report::ReportDraft;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::export::defuse;
use super::{ApiJson, ApiPath, ApiQuery, Body, Forbidden, Query, RecordPath, Scoped, WorkspacePath};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::InWorkspace;
use rapport_app::{AppError, AppResult};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_reports, create_report))
        .routes(routes!(get_report))
        .routes(routes!(report_csv))
        .routes(routes!(set_summary))
        .routes(routes!(list_links, make_link))
        .routes(routes!(revoke_link))
}

/// The workspace's saved reports, newest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/reports", tag = "reports", params(WorkspacePath), responses((status = 200, body = Vec<ReportListing>), Scoped))]
async fn list_reports(ctx: InWorkspace) -> ApiResult<Json<Vec<ReportListing>>> {
    Ok(Json(ctx.session().saved_reports().await?))
}

/// Saves a report for a period (`2026-Q3`, a school year `2025-26`, or `2026-01-15..2026-04-30`)
/// and the partnerships named (all of them when none are). A period still running is fixed to
/// end today. Coordinators and owners.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/reports", tag = "reports", params(WorkspacePath), request_body = ReportDraft, responses((status = 201, body = ReportListing), Scoped, Body, Forbidden))]
async fn create_report(
    ctx: InWorkspace,
    ApiJson(body): ApiJson<ReportDraft>,
) -> ApiResult<(StatusCode, Json<ReportListing>)> {
    Ok((StatusCode::CREATED, Json(ctx.session().create_report(&body).await?)))
}

/// Which page of a report's list of partnerships (name order) to answer.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportPageParams {
    /// From 1; 1 when absent. `pages` in the answer says how many there are.
    #[param(minimum = 1)]
    pub page: Option<usize>,
    /// Partnerships per page: at most 500, 100 when absent.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<usize>,
}

impl ReportPageParams {
    fn page(&self) -> AppResult<ReportListPage> {
        Ok(ReportListPage::new(self.page, self.limit)?)
    }
}

/// A saved report with every number, made from the records as of its days, compared with the
/// period before. The network's figures come on every page; the partnerships a page at a time
/// (`page`, `limit`), in name order, with `partnerships_total` and `pages`.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/reports/{id}", tag = "reports", params(RecordPath, ReportPageParams), responses((status = 200, body = Report), Scoped, Query))]
async fn get_report(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(params): ApiQuery<ReportPageParams>,
) -> ApiResult<Json<Report>> {
    Ok(Json(ctx.session().saved_report(id, params.page()?).await?))
}

/// The same numbers as CSV: `section, partnership, organization, measure`, then this period's
/// value and the period before's; the partnerships of the same page as the JSON (`page`, `limit`).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/reports/{id}/numbers.csv", tag = "reports", params(RecordPath, ReportPageParams), responses((status = 200, description = "RFC 4180 CSV with a header row", content_type = "text/csv", body = String), Scoped, Query))]
async fn report_csv(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(params): ApiQuery<ReportPageParams>,
) -> ApiResult<Response> {
    let report = ctx.session().saved_report(id, params.page()?).await?;
    let body = csv(&report)?;
    let page = if report.pages > 1 { format!("-page-{}", report.page) } else { String::new() };
    Ok((
        StatusCode::OK,
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8; header=present".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"report-{}{page}.csv\"", report.period.spec)),
        ],
        body,
    )
        .into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryBody {
    pub partnership_id: Uuid,
    /// At most 4,000 characters; empty removes the summary.
    pub summary: String,
}

/// Writes a partnership's summary in a saved report (coordinators and owners); empty removes it.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/reports/{id}/summaries", tag = "reports", params(RecordPath), request_body = SummaryBody, responses((status = 204), Scoped, Body, Forbidden))]
async fn set_summary(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(body): ApiJson<SummaryBody>,
) -> ApiResult<StatusCode> {
    ctx.session().set_report_summary(id, body.partnership_id, &body.summary).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkBody {
    /// The last day the link opens the report (at most a year ahead).
    pub expires_on: Option<NaiveDate>,
}

/// A saved report's funder links, live or not (coordinators and owners).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/reports/{id}/links", tag = "reports", params(RecordPath), responses((status = 200, body = Vec<ReportLinkView>), Scoped, Forbidden))]
async fn list_links(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<Vec<ReportLinkView>>> {
    Ok(Json(ctx.session().report_links(id).await?))
}

/// Makes a read-only link to this one report for someone without an account; the URL is shown
/// this once (only a digest of its secret is kept). Coordinators and owners.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/reports/{id}/links", tag = "reports", params(RecordPath), request_body = LinkBody, responses((status = 201, body = CreatedReportLink), Scoped, Body, Forbidden))]
async fn make_link(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(body): ApiJson<LinkBody>,
) -> ApiResult<(StatusCode, Json<CreatedReportLink>)> {
    Ok((StatusCode::CREATED, Json(ctx.session().make_report_link(id, body.expires_on, &ctx.state.base_url).await?)))
}

/// Revokes a funder link: its URL answers 404 from now on.
#[utoipa::path(delete, path = "/api/v1/workspaces/{ws}/report-links/{id}", tag = "reports", params(RecordPath), responses((status = 204), Scoped, Forbidden))]
async fn revoke_link(ctx: InWorkspace, ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>) -> ApiResult<StatusCode> {
    ctx.session().revoke_report_link(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A report's numbers as CSV rows: `section, partnership, organisation, measure, this period,
/// period before` (the same numbers as the page; an empty cell where there is none).
pub(crate) fn csv(report: &Report) -> AppResult<Vec<u8>> {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let write = |out: &mut csv::Writer<Vec<u8>>, row: [&str; 6]| {
        out.write_record(row.map(defuse)).map_err(|err| AppError::internal(format!("writing CSV: {err}")))
    };
    let num = |v: f64| format!("{v:.4}");
    let opt = |v: Option<f64>| v.map(num).unwrap_or_default();
    let count = |v: usize| v.to_string();
    write(&mut out, ["section", "partnership", "organization", "measure", &report.period.spec, &report.previous.spec])?;
    let (now, before) = (&report.network.now, &report.network.before);
    let network_rows: Vec<(&str, String, String)> = vec![
        ("as_of", now.as_of.to_string(), before.as_of.to_string()),
        ("partnerships_active", count(now.partnerships_active), count(before.partnerships_active)),
        ("partnerships_new", count(now.partnerships_new), count(before.partnerships_new)),
        ("partnerships_ended", count(now.partnerships_ended), count(before.partnerships_ended)),
        ("organizations_active", count(now.organizations_active), count(before.organizations_active)),
        ("organizations_new", count(now.organizations_new), count(before.organizations_new)),
        ("ties", count(now.ties), count(before.ties)),
        ("density", num(now.density), num(before.density)),
        ("degree_centralization", num(now.degree_centralization), num(before.degree_centralization)),
        ("components", count(now.components), count(before.components)),
        ("mean_trust", opt(now.mean_trust), opt(before.mean_trust)),
        ("brokers", now.brokers.join("; "), before.brokers.join("; ")),
    ];
    for (measure, a, b) in &network_rows {
        write(&mut out, ["network", "", "", measure, a, b])?;
    }
    for p in &report.partnerships {
        let rows: Vec<(&str, String, String)> = vec![
            ("health_index_start", opt(p.health_start.index), String::new()),
            ("health_index_end", opt(p.health_end.index), opt(p.health_start.index)),
            ("checkins_held", count(p.now.checkins_held), count(p.before.checkins_held)),
            ("checkins_expected", num(p.now.checkins_expected), num(p.before.checkins_expected)),
            (
                "commitments_kept_on_time",
                count(p.now.commitments_kept_on_time),
                count(p.before.commitments_kept_on_time),
            ),
            ("commitments_kept_late", count(p.now.commitments_kept_late), count(p.before.commitments_kept_late)),
            ("commitments_missed", count(p.now.commitments_missed), count(p.before.commitments_missed)),
            ("milestones_met_on_time", count(p.now.milestones_met_on_time), count(p.before.milestones_met_on_time)),
            ("milestones_met_late", count(p.now.milestones_met_late), count(p.before.milestones_met_late)),
            ("milestones_missed", count(p.now.milestones_missed), count(p.before.milestones_missed)),
            ("concerns_raised", count(p.now.concerns_raised), count(p.before.concerns_raised)),
            ("concerns_resolved", count(p.now.concerns_resolved), count(p.before.concerns_resolved)),
            ("concerns_open_at_end", count(p.now.concerns_open), count(p.before.concerns_open)),
            ("kudos", count(p.now.kudos), count(p.before.kudos)),
            ("contributions", count(p.now.contributions), count(p.before.contributions)),
            (
                "perceived_trust_latest",
                opt(p.now.perceived_trust.iter().rev().find_map(|w| w.trust_percent)),
                opt(p.before.perceived_trust.iter().rev().find_map(|w| w.trust_percent)),
            ),
        ];
        for (measure, a, b) in &rows {
            write(&mut out, ["partnership", &p.name, "", measure, a, b])?;
        }
        for c in &p.health_end.components {
            let start = p.health_start.components.iter().find(|s| s.kind == c.kind).and_then(|s| s.value);
            let measure = format!("health_{}_end", c.kind.as_str());
            write(&mut out, ["partnership", &p.name, "", &measure, &opt(c.value), &opt(start)])?;
        }
        for m in &p.members {
            let e = m.reliability.estimate.as_ref();
            write(
                &mut out,
                ["reliability", &p.name, &m.organization_name, "expected", &opt(e.map(|e| e.expected)), ""],
            )?;
            write(&mut out, ["reliability", &p.name, &m.organization_name, "low", &opt(e.map(|e| e.low)), ""])?;
            write(&mut out, ["reliability", &p.name, &m.organization_name, "high", &opt(e.map(|e| e.high)), ""])?;
        }
        if let Some(equity) = &p.equity {
            for m in &equity.members {
                write(
                    &mut out,
                    ["contributions", &p.name, &m.organization_name, "records", &count(m.records as usize), ""],
                )?;
            }
            write(&mut out, ["contributions", &p.name, "", "balance", &opt(equity.balance), ""])?;
        }
    }
    out.into_inner().map_err(|err| AppError::internal(format!("writing CSV: {err}")))
}
