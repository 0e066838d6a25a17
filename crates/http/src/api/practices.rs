//! Concerns, kudos, contributions, the equity view, the partnership timeline and the activity
//! log over JSON.

use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::NaiveDate;
use rapport_app::{ConcernFilter, TimelineFilter};
use rapport_core::ValidationErrors;
use rapport_core::concern::{Concern, ConcernDraft, ConcernTransition, ConcernTransitionDraft};
use rapport_core::contribution::{Contribution, ContributionDraft, Equity};
use rapport_core::kinds::TimelineKind;
use rapport_core::kudos::{Kudos, KudosDraft};
use rapport_core::retrospective::{Retrospective, RetrospectiveDraft, RetrospectiveItem, RetrospectiveItemDraft};
use rapport_core::timeline::{ActivityEntry, TimelineEntry};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{
    ApiJson, ApiPath, ApiQuery, Body, Conflict, Forbidden, List, ListParams, Query, RecordPath, Scoped, Stale,
    WorkspacePath, if_match, versioned,
};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::InWorkspace;
use rapport_app::trust::parse_filter;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_concerns, raise_concern))
        .routes(routes!(get_concern))
        .routes(routes!(list_concern_transitions, transition_concern))
        .routes(routes!(list_kudos, send_kudos))
        .routes(routes!(list_contributions, add_contribution))
        .routes(routes!(partnership_equity))
        .routes(routes!(partnership_timeline))
        .routes(routes!(list_activity))
        .routes(routes!(list_retrospectives, hold_retrospective))
        .routes(routes!(get_retrospective))
        .routes(routes!(add_retrospective_item))
}

fn page(limit: Option<u64>, cursor: Option<String>) -> ApiResult<rapport_app::PageRequest> {
    Ok(ListParams { limit, cursor, include_archived: None }.page()?)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConcernParams {
    /// Only the concerns of this partnership.
    pub partnership: Option<Uuid>,
    /// Only concerns neither resolved nor withdrawn.
    pub open: Option<bool>,
    /// At most 200; 50 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The concerns the caller may see, newest first. Private concerns appear only to their
/// author, the coordinators and owners, and their mediator.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/concerns", tag = "concerns", params(WorkspacePath, ConcernParams), responses((status = 200, body = List<Concern>), Scoped, Query))]
async fn list_concerns(ctx: InWorkspace, ApiQuery(q): ApiQuery<ConcernParams>) -> ApiResult<Json<List<Concern>>> {
    let filter = ConcernFilter { partnership: q.partnership, open_only: q.open.unwrap_or(false) };
    Ok(Json(ctx.session().concerns(filter, page(q.limit, q.cursor)?).await?.into()))
}

/// Raises a concern about a partnership. It must be acknowledged by `acknowledge_by` (seven
/// days when absent), or the partnership's health shows it.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/concerns", tag = "concerns", params(WorkspacePath), request_body = ConcernDraft, responses((status = 201, body = Concern), Scoped, Body, Forbidden, Conflict))]
async fn raise_concern(ctx: InWorkspace, ApiJson(draft): ApiJson<ConcernDraft>) -> ApiResult<Response> {
    let concern = ctx.session().raise_concern(&draft).await?;
    Ok(versioned(StatusCode::CREATED, concern.version, concern))
}

#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/concerns/{id}", tag = "concerns", params(RecordPath), responses((status = 200, body = Concern), Scoped))]
async fn get_concern(ctx: InWorkspace, ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>) -> ApiResult<Response> {
    let concern = ctx.session().concern(id).await?;
    Ok(versioned(StatusCode::OK, concern.version, concern))
}

/// The concern's history: every step with who took it, when, and their note.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/concerns/{id}/transitions", tag = "concerns", params(RecordPath, PageParams), responses((status = 200, body = List<ConcernTransition>), Scoped, Query))]
async fn list_concern_transitions(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(q): ApiQuery<PageParams>,
) -> ApiResult<Json<List<ConcernTransition>>> {
    Ok(Json(List::paged(ctx.session().concern_history(id).await?, page(q.limit, q.cursor)?, |t| t.id)?))
}

/// Moves the concern: raised → acknowledged → in_dialogue → in_mediation (naming a mediator) →
/// resolved (with the resolution) or withdrawn. An illegal move answers 409 naming the states.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/concerns/{id}/transitions", tag = "concerns", params(RecordPath), request_body = ConcernTransitionDraft, responses((status = 200, body = Concern), Scoped, Body, Forbidden, Conflict, Stale))]
async fn transition_concern(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    headers: HeaderMap,
    ApiJson(draft): ApiJson<ConcernTransitionDraft>,
) -> ApiResult<Response> {
    let concern = ctx.session().transition_concern(id, &draft, if_match(&headers)?).await?;
    Ok(versioned(StatusCode::OK, concern.version, concern))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KudosParams {
    /// One partnership's wins; the whole network's when absent.
    pub partnership: Option<Uuid>,
    /// At most 200; 50 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The wins feed, newest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/kudos", tag = "kudos", params(WorkspacePath, KudosParams), responses((status = 200, body = List<Kudos>), Scoped, Query))]
async fn list_kudos(ctx: InWorkspace, ApiQuery(q): ApiQuery<KudosParams>) -> ApiResult<Json<List<Kudos>>> {
    Ok(Json(ctx.session().kudos_feed(q.partnership, page(q.limit, q.cursor)?).await?.into()))
}

/// Thanks a person or an organisation, optionally for a commitment, milestone or goal.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/kudos", tag = "kudos", params(WorkspacePath), request_body = KudosDraft, responses((status = 201, body = Kudos), Scoped, Body, Forbidden))]
async fn send_kudos(ctx: InWorkspace, ApiJson(draft): ApiJson<KudosDraft>) -> ApiResult<(StatusCode, Json<Kudos>)> {
    Ok((StatusCode::CREATED, Json(ctx.session().send_kudos(&draft).await?)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// At most 200; 50 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The partnership's contribution ledger, newest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/contributions", tag = "contributions", params(RecordPath, PageParams), responses((status = 200, body = List<Contribution>), Scoped, Query))]
async fn list_contributions(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(q): ApiQuery<PageParams>,
) -> ApiResult<Json<List<Contribution>>> {
    Ok(Json(ctx.session().contributions(id, page(q.limit, q.cursor)?).await?.into()))
}

/// Records what a member brought to the partnership.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/partnerships/{id}/contributions", tag = "contributions", params(RecordPath), request_body = ContributionDraft, responses((status = 201, body = Contribution), Scoped, Body, Forbidden, Conflict))]
async fn add_contribution(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<ContributionDraft>,
) -> ApiResult<(StatusCode, Json<Contribution>)> {
    Ok((StatusCode::CREATED, Json(ctx.session().add_contribution(id, &draft).await?)))
}

/// Each member's share of the contributions over the last 180 days (overall by number of
/// records, and by amount within each kind), the balance measure and its trend.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/equity", tag = "contributions", params(RecordPath), responses((status = 200, body = Equity), Scoped))]
async fn partnership_equity(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<Equity>> {
    Ok(Json(ctx.session().equity(id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineParams {
    /// Comma-separated kinds, e.g. `check_in,concern`; all when absent.
    pub kinds: Option<String>,
    /// From this day (YYYY-MM-DD), inclusive.
    pub from: Option<String>,
    /// Up to this day, inclusive.
    pub to: Option<String>,
    /// At most 200; 50 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

impl TimelineParams {
    pub fn filter(&self) -> ApiResult<TimelineFilter> {
        let mut kinds = Vec::new();
        for (i, name) in
            self.kinds.as_deref().unwrap_or("").split(',').map(str::trim).filter(|n| !n.is_empty()).enumerate()
        {
            match name.parse::<TimelineKind>() {
                Ok(kind) => kinds.push(kind),
                Err(e) => return Err(ValidationErrors::single(format!("kinds[{i}]"), e.to_string()).into()),
            }
        }
        Ok(TimelineFilter {
            kinds,
            from: parse_filter::<NaiveDate>("from", self.from.as_deref())?,
            to: parse_filter::<NaiveDate>("to", self.to.as_deref())?,
        })
    }
}

/// Everything that happened in the partnership, newest first: check-ins, commitments made,
/// kept, renegotiated, cancelled and missed, milestones met, concerns, kudos, contributions,
/// retrospectives, survey waves opening and closing, and revisions of the shared vision.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/timeline", tag = "partnerships", params(RecordPath, TimelineParams), responses((status = 200, body = List<TimelineEntry>), Scoped, Query))]
async fn partnership_timeline(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(q): ApiQuery<TimelineParams>,
) -> ApiResult<Json<List<TimelineEntry>>> {
    let filter = q.filter()?;
    Ok(Json(ctx.session().timeline(id, &filter, page(q.limit, q.cursor.clone())?).await?.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityParams {
    /// Only the records of this partnership.
    pub partnership: Option<Uuid>,
    /// At most 200; 50 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// Who changed what and when, newest first. Coordinators and owners only; entries are never
/// changed or removed.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/activity", tag = "activity", params(WorkspacePath, ActivityParams), responses((status = 200, body = List<ActivityEntry>), Scoped, Query, Forbidden))]
async fn list_activity(
    ctx: InWorkspace,
    ApiQuery(q): ApiQuery<ActivityParams>,
) -> ApiResult<Json<List<ActivityEntry>>> {
    Ok(Json(ctx.session().activity(q.partnership, page(q.limit, q.cursor)?).await?.into()))
}

/// The partnership's retrospectives, most recent first, with their items.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/retrospectives", tag = "retrospectives", params(RecordPath, PageParams), responses((status = 200, body = List<Retrospective>), Scoped, Query))]
async fn list_retrospectives(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(q): ApiQuery<PageParams>,
) -> ApiResult<Json<List<Retrospective>>> {
    Ok(Json(List::paged(ctx.session().retrospectives(id).await?, page(q.limit, q.cursor)?, |r| r.id)?))
}

/// Holds a retrospective: after a milestone (naming it), after a phase, or on demand.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/partnerships/{id}/retrospectives", tag = "retrospectives", params(RecordPath), request_body = RetrospectiveDraft, responses((status = 201, body = Retrospective), Scoped, Body, Forbidden, Conflict))]
async fn hold_retrospective(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<RetrospectiveDraft>,
) -> ApiResult<(StatusCode, Json<Retrospective>)> {
    Ok((StatusCode::CREATED, Json(ctx.session().hold_retrospective(id, &draft).await?)))
}

#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/retrospectives/{id}", tag = "retrospectives", params(RecordPath), responses((status = 200, body = Retrospective), Scoped))]
async fn get_retrospective(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<Retrospective>> {
    Ok(Json(ctx.session().retrospective(id).await?))
}

/// Adds an item: what went well, what did not, a lesson, or a follow-up action (which becomes a
/// commitment of the named member). `anonymous` items are stored without their author, id order
/// or time, like survey answers.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/retrospectives/{id}/items", tag = "retrospectives", params(RecordPath), request_body = RetrospectiveItemDraft, responses((status = 201, body = RetrospectiveItem), Scoped, Body, Forbidden, Conflict))]
async fn add_retrospective_item(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<RetrospectiveItemDraft>,
) -> ApiResult<(StatusCode, Json<RetrospectiveItem>)> {
    Ok((StatusCode::CREATED, Json(ctx.session().add_retrospective_item(id, &draft).await?)))
}
