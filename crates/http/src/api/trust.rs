//! The trust engine over JSON: health, reliability, the dashboard and the warnings inbox.

use axum::Json;
use chrono::NaiveDate;
use rapport_core::kinds::{PartnershipKind, PartnershipStatus, WarningState};
use rapport_core::trust::{TrustSettings, WarningRecord};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{ApiJson, ApiPath, ApiQuery, Body, Forbidden, List, ListParams, Query, RecordPath, Scoped, WorkspacePath};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::InWorkspace;
use rapport_app::trust::{
    DashboardQuery, DashboardRow, DashboardSort, OrganizationReliability, PartnershipHealth, parse_filter,
    warning_filter,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(partnership_health))
        .routes(routes!(organization_reliability))
        .routes(routes!(dashboard))
        .routes(routes!(list_warnings))
        .routes(routes!(get_warning))
        .routes(routes!(acknowledge_warning))
        .routes(routes!(snooze_warning))
        .routes(routes!(reopen_warning))
        .routes(routes!(trust_settings, set_trust_settings))
}

/// The workspace's trust parameters (SPEC 3): half-life, grace days, the health index's window
/// and weights, the warnings' thresholds.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/trust-settings", tag = "trust", params(WorkspacePath), responses((status = 200, body = TrustSettings), Scoped))]
async fn trust_settings(ctx: InWorkspace) -> ApiResult<Json<TrustSettings>> {
    Ok(Json(ctx.session().trust_settings().await?))
}

/// Changes the workspace's trust parameters (owners only; every field may be left out to keep
/// SPEC 3's default) and recomputes every score under them before answering.
#[utoipa::path(put, path = "/api/v1/workspaces/{ws}/trust-settings", tag = "trust", params(WorkspacePath), request_body = TrustSettings, responses((status = 200, body = TrustSettings), Scoped, Body, Forbidden))]
async fn set_trust_settings(ctx: InWorkspace, ApiJson(body): ApiJson<TrustSettings>) -> ApiResult<Json<TrustSettings>> {
    Ok(Json(ctx.session().set_trust_settings(body).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOf {
    /// Evaluate as of the end of this day (YYYY-MM-DD), as the records stood then; today when absent.
    pub as_of: Option<String>,
}

impl AsOf {
    fn day(&self) -> ApiResult<Option<NaiveDate>> {
        Ok(parse_filter::<NaiveDate>("as_of", self.as_of.as_deref())?)
    }
}

/// The partnership's health index with its components, warnings, twelve-month trend and each
/// member's reliability.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/health", tag = "trust", params(RecordPath, AsOf), responses((status = 200, body = PartnershipHealth), Scoped, Query))]
async fn partnership_health(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(q): ApiQuery<AsOf>,
) -> ApiResult<Json<PartnershipHealth>> {
    Ok(Json(ctx.session().partnership_health(id, q.day()?).await?))
}

/// The organisation's reliability ledger: overall, towards each counterpart, its trend and the
/// commitments behind it.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/organizations/{id}/reliability", tag = "trust", params(RecordPath, AsOf), responses((status = 200, body = OrganizationReliability), Scoped, Query))]
async fn organization_reliability(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(q): ApiQuery<AsOf>,
) -> ApiResult<Json<OrganizationReliability>> {
    Ok(Json(ctx.session().organization_reliability(id, q.day()?).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardParams {
    /// At most 200; 50 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    /// A partnership type, e.g. `school_community`.
    pub kind: Option<String>,
    /// A lifecycle status, e.g. `active`.
    pub status: Option<String>,
    /// `health` (lowest first, the default), `-health`, `name` or `warnings`.
    pub sort: Option<String>,
}

impl DashboardParams {
    pub fn query(&self) -> ApiResult<DashboardQuery> {
        let sort = match self.sort.as_deref().map(str::trim) {
            None | Some("" | "health") => DashboardSort::HealthAscending,
            Some("-health") => DashboardSort::HealthDescending,
            Some("name") => DashboardSort::Name,
            Some("warnings") => DashboardSort::MostWarnings,
            Some(_) => {
                let mut errors = rapport_core::ValidationErrors::new();
                errors.add("sort", "must be one of: health, -health, name, warnings");
                return Err(errors.into());
            }
        };
        Ok(DashboardQuery {
            kind: parse_filter::<PartnershipKind>("kind", self.kind.as_deref())?,
            status: parse_filter::<PartnershipStatus>("status", self.status.as_deref())?,
            sort,
        })
    }
}

/// Every partnership the caller sees with today's health index, its trend and open warnings.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/dashboard", tag = "trust", params(WorkspacePath, DashboardParams), responses((status = 200, body = List<DashboardRow>), Scoped, Query))]
async fn dashboard(ctx: InWorkspace, ApiQuery(q): ApiQuery<DashboardParams>) -> ApiResult<Json<List<DashboardRow>>> {
    let page = ListParams { limit: q.limit, cursor: q.cursor.clone(), include_archived: None }.page()?;
    Ok(Json(List::paged(ctx.session().dashboard(&q.query()?).await?, page, |row| row.partnership_id)?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WarningParams {
    /// e.g. `cadence_slipping`.
    pub kind: Option<String>,
    /// `positive`, `info`, `warning` or `critical`.
    pub severity: Option<String>,
    pub partnership: Option<Uuid>,
    /// Also list acknowledged, snoozed and cleared warnings.
    pub include_history: Option<bool>,
    /// At most 200; 50 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The warnings inbox: open warnings of the partnerships the caller sees, newest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/warnings", tag = "trust", params(WorkspacePath, WarningParams), responses((status = 200, body = List<WarningRecord>), Scoped, Query))]
async fn list_warnings(ctx: InWorkspace, ApiQuery(q): ApiQuery<WarningParams>) -> ApiResult<Json<List<WarningRecord>>> {
    let filter =
        warning_filter(q.kind.as_deref(), q.severity.as_deref(), q.partnership, q.include_history.unwrap_or(false))?;
    let page = ListParams { limit: q.limit, cursor: q.cursor, include_archived: None }.page()?;
    Ok(Json(ctx.session().warning_inbox(&filter, page).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/warnings/{id}", tag = "trust", params(RecordPath), responses((status = 200, body = WarningRecord), Scoped))]
async fn get_warning(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<WarningRecord>> {
    Ok(Json(ctx.session().warning(id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeWarning {
    /// What is being done about it; kept with the warning.
    pub reason: String,
}

/// Acknowledges a warning: it leaves the inbox and stays in the history with the reason.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/warnings/{id}/acknowledge", tag = "trust", params(RecordPath), request_body = AcknowledgeWarning, responses((status = 200, body = WarningRecord), Scoped, Body, Forbidden))]
async fn acknowledge_warning(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(body): ApiJson<AcknowledgeWarning>,
) -> ApiResult<Json<WarningRecord>> {
    Ok(Json(ctx.session().set_warning_state(id, WarningState::Acknowledged, None, Some(&body.reason)).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SnoozeWarning {
    /// The warning returns to the inbox after this day if it still applies.
    pub until: NaiveDate,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Snoozes a warning until a day.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/warnings/{id}/snooze", tag = "trust", params(RecordPath), request_body = SnoozeWarning, responses((status = 200, body = WarningRecord), Scoped, Body, Forbidden))]
async fn snooze_warning(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(body): ApiJson<SnoozeWarning>,
) -> ApiResult<Json<WarningRecord>> {
    Ok(Json(
        ctx.session().set_warning_state(id, WarningState::Snoozed, Some(body.until), body.reason.as_deref()).await?,
    ))
}

/// Puts an acknowledged or snoozed warning back in the inbox.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/warnings/{id}/reopen", tag = "trust", params(RecordPath), responses((status = 200, body = WarningRecord), Scoped, Forbidden))]
async fn reopen_warning(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<WarningRecord>> {
    Ok(Json(ctx.session().set_warning_state(id, WarningState::Open, None, None).await?))
}
