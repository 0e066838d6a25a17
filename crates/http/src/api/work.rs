//! Goals, milestones, commitments and check-ins inside a partnership.

use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::NaiveDate;
use rapport_app::CommitmentFilter;
use rapport_core::records::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{
    ApiJson, ApiPath, ApiQuery, Body, Conflict, Forbidden, List, ListParams, Query, RecordPath, Scoped, Stale,
    if_match, versioned,
};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::InWorkspace;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_goals, create_goal))
        .routes(routes!(get_goal, update_goal))
        .routes(routes!(archive_goal))
        .routes(routes!(list_goal_updates, create_goal_update))
        .routes(routes!(list_milestones, create_milestone))
        .routes(routes!(update_milestone))
        .routes(routes!(archive_milestone))
        .routes(routes!(list_commitments, create_commitment))
        .routes(routes!(get_commitment, correct_commitment))
        .routes(routes!(complete_commitment))
        .routes(routes!(renegotiate_commitment))
        .routes(routes!(cancel_commitment))
        .routes(routes!(archive_commitment))
        .routes(routes!(list_checkins, create_checkin))
        .routes(routes!(get_checkin, correct_checkin))
        .routes(routes!(archive_checkin))
}

/// The partnership's goals.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/goals", tag = "goals", params(RecordPath, ListParams), responses((status = 200, body = List<Goal>), Scoped, Query))]
async fn list_goals(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<List<Goal>>> {
    let page = params.page()?;
    Ok(Json(List::paged(ctx.session().goals(id, page.include_archived).await?, page, |g| g.id)?))
}

/// Sets a SMART goal for the partnership.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/partnerships/{id}/goals", tag = "goals", params(RecordPath), request_body = GoalDraft, responses((status = 201, body = Goal), Scoped, Body, Forbidden, Conflict))]
async fn create_goal(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<GoalDraft>,
) -> ApiResult<Response> {
    let goal = ctx.session().create_goal(id, &draft).await?;
    Ok(versioned(StatusCode::CREATED, goal.version, goal))
}

#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/goals/{id}", tag = "goals", params(RecordPath), responses((status = 200, body = Goal), Scoped))]
async fn get_goal(ctx: InWorkspace, ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>) -> ApiResult<Response> {
    let goal = ctx.session().goal(id).await?;
    Ok(versioned(StatusCode::OK, goal.version, goal))
}

#[utoipa::path(put, path = "/api/v1/workspaces/{ws}/goals/{id}", tag = "goals", params(RecordPath), request_body = GoalDraft, responses((status = 200, body = Goal), Scoped, Body, Forbidden, Stale, Conflict))]
async fn update_goal(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    headers: HeaderMap,
    ApiJson(draft): ApiJson<GoalDraft>,
) -> ApiResult<Response> {
    let goal = ctx.session().update_goal(id, &draft, if_match(&headers)?).await?;
    Ok(versioned(StatusCode::OK, goal.version, goal))
}

#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/goals/{id}/archive", tag = "goals", params(RecordPath), responses((status = 200, body = Goal), Scoped, Forbidden, Conflict))]
async fn archive_goal(ctx: InWorkspace, ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>) -> ApiResult<Response> {
    let goal = ctx.session().archive_goal(id, true).await?;
    Ok(versioned(StatusCode::OK, goal.version, goal))
}

/// Progress updates of a goal, newest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/goals/{id}/updates", tag = "goals", params(RecordPath, ListParams), responses((status = 200, body = List<GoalUpdate>), Scoped, Query))]
async fn list_goal_updates(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<List<GoalUpdate>>> {
    Ok(Json(List::paged(ctx.session().goal_updates(id).await?, params.page()?, |u| u.id)?))
}

/// Records progress on a goal with a confidence level.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/goals/{id}/updates", tag = "goals", params(RecordPath), request_body = GoalUpdateDraft, responses((status = 201, body = GoalUpdate), Scoped, Body, Forbidden, Conflict))]
async fn create_goal_update(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<GoalUpdateDraft>,
) -> ApiResult<(StatusCode, Json<GoalUpdate>)> {
    Ok((StatusCode::CREATED, Json(ctx.session().add_goal_update(id, &draft).await?)))
}

/// Milestones of a goal, by due date.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/goals/{id}/milestones", tag = "goals", params(RecordPath, ListParams), responses((status = 200, body = List<Milestone>), Scoped, Query))]
async fn list_milestones(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<List<Milestone>>> {
    let session = ctx.session();
    let goal = session.goal(id).await?;
    Ok(Json(List::paged(session.milestones(goal.partnership_id, Some(id)).await?, params.page()?, |m| m.id)?))
}

#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/goals/{id}/milestones", tag = "goals", params(RecordPath), request_body = MilestoneDraft, responses((status = 201, body = Milestone), Scoped, Body, Forbidden, Conflict))]
async fn create_milestone(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<MilestoneDraft>,
) -> ApiResult<Response> {
    let milestone = ctx.session().create_milestone(id, &draft).await?;
    Ok(versioned(StatusCode::CREATED, milestone.version, milestone))
}

/// Replaces a milestone; set `met_on` to mark it met.
#[utoipa::path(put, path = "/api/v1/workspaces/{ws}/milestones/{id}", tag = "goals", params(RecordPath), request_body = MilestoneDraft, responses((status = 200, body = Milestone), Scoped, Body, Forbidden, Stale, Conflict))]
async fn update_milestone(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    headers: HeaderMap,
    ApiJson(draft): ApiJson<MilestoneDraft>,
) -> ApiResult<Response> {
    let milestone = ctx.session().update_milestone(id, &draft, if_match(&headers)?).await?;
    Ok(versioned(StatusCode::OK, milestone.version, milestone))
}

#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/milestones/{id}/archive", tag = "goals", params(RecordPath), responses((status = 204), Scoped, Forbidden, Conflict))]
async fn archive_milestone(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<StatusCode> {
    ctx.session().archive_milestone(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommitmentListParams {
    /// Only commitments neither done nor cancelled.
    pub open: Option<bool>,
    /// Only promises made by this organisation.
    pub promisor: Option<Uuid>,
    /// At most 200; 50 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    pub include_archived: Option<bool>,
}

/// The partnership's commitments, oldest first, each with its status as of today.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/commitments", tag = "commitments", params(RecordPath, CommitmentListParams), responses((status = 200, body = List<Commitment>), Scoped, Query))]
async fn list_commitments(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(q): ApiQuery<CommitmentListParams>,
) -> ApiResult<Json<List<Commitment>>> {
    let page = ListParams { limit: q.limit, cursor: q.cursor, include_archived: q.include_archived }.page()?;
    let filter = CommitmentFilter { open_only: q.open.unwrap_or(false), promisor: q.promisor };
    Ok(Json(ctx.session().commitments(id, filter, page).await?.into()))
}

/// Records a promise one member organisation makes to another or to the whole partnership.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/partnerships/{id}/commitments", tag = "commitments", params(RecordPath), request_body = CommitmentDraft, responses((status = 201, body = Commitment), Scoped, Body, Forbidden, Conflict))]
async fn create_commitment(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<CommitmentDraft>,
) -> ApiResult<Response> {
    let commitment = ctx.session().create_commitment(id, &draft).await?;
    Ok(versioned(StatusCode::CREATED, commitment.version, commitment))
}

/// A commitment with its full history.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentDetail {
    #[serde(flatten)]
    pub commitment: Commitment,
    pub history: Vec<CommitmentEvent>,
}

#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/commitments/{id}", tag = "commitments", params(RecordPath), responses((status = 200, body = CommitmentDetail), Scoped))]
async fn get_commitment(ctx: InWorkspace, ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>) -> ApiResult<Response> {
    let session = ctx.session();
    let commitment = session.commitment(id).await?;
    let history = session.commitment_history(id).await?;
    Ok(versioned(StatusCode::OK, commitment.version, CommitmentDetail { commitment, history }))
}

/// Corrects a commitment's record: its wording at any time; who promised whom and the due date
/// only while it is open and not yet due (a due date agreed in a renegotiation moves only by
/// renegotiating). The correction is kept in the commitment's history.
#[utoipa::path(put, path = "/api/v1/workspaces/{ws}/commitments/{id}", tag = "commitments", params(RecordPath), request_body = CommitmentDraft, responses((status = 200, body = Commitment), Scoped, Body, Forbidden, Stale, Conflict))]
async fn correct_commitment(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    headers: HeaderMap,
    ApiJson(draft): ApiJson<CommitmentDraft>,
) -> ApiResult<Response> {
    let commitment = ctx.session().correct_commitment(id, &draft, if_match(&headers)?).await?;
    Ok(versioned(StatusCode::OK, commitment.version, commitment))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DoneRequest {
    /// The day it was done; today when absent.
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
}

/// Marks a commitment kept. Done after the due date counts as done late.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/commitments/{id}/done", tag = "commitments", params(RecordPath), request_body = DoneRequest, responses((status = 200, body = Commitment), Scoped, Body, Forbidden, Stale, Conflict))]
async fn complete_commitment(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<DoneRequest>,
) -> ApiResult<Response> {
    let commitment = ctx.session().complete_commitment(id, body.done_on, if_match(&headers)?).await?;
    Ok(versioned(StatusCode::OK, commitment.version, commitment))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenegotiateRequest {
    pub new_due_on: NaiveDate,
    pub reason: String,
    /// The day both sides agreed, when the change is recorded afterwards: on or before the
    /// current due date, never in the future nor before the promise was made. Today when left out.
    #[serde(default)]
    pub agreed_on: Option<NaiveDate>,
}

/// Moves the due date, honestly and in time: only before the current due date.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/commitments/{id}/renegotiate", tag = "commitments", params(RecordPath), request_body = RenegotiateRequest, responses((status = 200, body = Commitment), Scoped, Body, Forbidden, Stale, Conflict))]
async fn renegotiate_commitment(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<RenegotiateRequest>,
) -> ApiResult<Response> {
    let commitment = ctx
        .session()
        .renegotiate_commitment(id, body.new_due_on, &body.reason, body.agreed_on, if_match(&headers)?)
        .await?;
    Ok(versioned(StatusCode::OK, commitment.version, commitment))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    /// What the partners agreed.
    pub reason: String,
    /// The day they agreed, when the cancellation is recorded afterwards: never in the future
    /// nor before the promise was made. Today when left out.
    #[serde(default)]
    pub agreed_on: Option<NaiveDate>,
}

/// Cancels a commitment by agreement; it then counts neither for nor against anyone.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/commitments/{id}/cancel", tag = "commitments", params(RecordPath), request_body = CancelRequest, responses((status = 200, body = Commitment), Scoped, Body, Forbidden, Stale, Conflict))]
async fn cancel_commitment(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CancelRequest>,
) -> ApiResult<Response> {
    let commitment = ctx.session().cancel_commitment(id, &body.reason, body.agreed_on, if_match(&headers)?).await?;
    Ok(versioned(StatusCode::OK, commitment.version, commitment))
}

/// Archives a commitment recorded by mistake.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/commitments/{id}/archive", tag = "commitments", params(RecordPath), responses((status = 204), Scoped, Forbidden, Conflict))]
async fn archive_commitment(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<StatusCode> {
    ctx.session().archive_commitment(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The partnership's check-ins, in the order they were recorded.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/checkins", tag = "checkins", params(RecordPath, ListParams), responses((status = 200, body = List<CheckIn>), Scoped, Query))]
async fn list_checkins(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<List<CheckIn>>> {
    Ok(Json(ctx.session().checkins(id, params.page()?).await?.into()))
}

/// Records a check-in; its action items become commitments in the same transaction.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/partnerships/{id}/checkins", tag = "checkins", params(RecordPath), request_body = CheckInDraft, responses((status = 201, body = CheckIn), Scoped, Body, Forbidden, Conflict))]
async fn create_checkin(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<CheckInDraft>,
) -> ApiResult<Response> {
    let checkin = ctx.session().create_checkin(id, &draft).await?;
    Ok(versioned(StatusCode::CREATED, checkin.version, checkin))
}

/// A check-in with its history: when it was recorded and each correction since.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckInDetail {
    #[serde(flatten)]
    pub checkin: CheckIn,
    pub history: Vec<rapport_core::timeline::ActivityEntry>,
}

#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/checkins/{id}", tag = "checkins", params(RecordPath), responses((status = 200, body = CheckInDetail), Scoped))]
async fn get_checkin(ctx: InWorkspace, ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>) -> ApiResult<Response> {
    let session = ctx.session();
    let checkin = session.checkin(id).await?;
    let history = session.checkin_history(id).await?;
    Ok(versioned(StatusCode::OK, checkin.version, CheckInDetail { checkin, history }))
}

/// Corrects who attended a check-in, its agenda, notes and decisions; its date and action items
/// stay as recorded. The correction is kept in the check-in's history.
#[utoipa::path(put, path = "/api/v1/workspaces/{ws}/checkins/{id}", tag = "checkins", params(RecordPath), request_body = CheckInCorrection, responses((status = 200, body = CheckIn), Scoped, Body, Forbidden, Stale, Conflict))]
async fn correct_checkin(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    headers: HeaderMap,
    ApiJson(draft): ApiJson<CheckInCorrection>,
) -> ApiResult<Response> {
    let checkin = ctx.session().correct_checkin(id, &draft, if_match(&headers)?).await?;
    Ok(versioned(StatusCode::OK, checkin.version, checkin))
}

#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/checkins/{id}/archive", tag = "checkins", params(RecordPath), responses((status = 204), Scoped, Forbidden, Conflict))]
async fn archive_checkin(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<StatusCode> {
    ctx.session().archive_checkin(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
