//! Partnership agreements over JSON (issue 26): per partnership, one by one with its history,
//! and across the workspace ending soonest first.

use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rapport_core::agreement::{Agreement, AgreementDraft};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{
    ApiJson, ApiPath, ApiQuery, Body, Conflict, Forbidden, List, ListParams, Query, RecordPath, Scoped, Stale,
    WorkspacePath, if_match, versioned,
};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::InWorkspace;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_agreements, add_agreement))
        .routes(routes!(workspace_agreements))
        .routes(routes!(get_agreement, update_agreement))
        .routes(routes!(archive_agreement))
}

/// The partnership's agreements, in the order they were recorded.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/agreements", tag = "agreements", params(RecordPath, ListParams), responses((status = 200, body = List<Agreement>), Scoped, Query))]
async fn list_agreements(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<List<Agreement>>> {
    let page = params.page()?;
    Ok(Json(List::paged(ctx.session().agreements(id, page.include_archived).await?, page, |a| a.id)?))
}

/// Records an agreement between members of the partnership: its kind, title, parties, dates,
/// renewal notice, status and a link to the signed document (http or https only).
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/partnerships/{id}/agreements", tag = "agreements", params(RecordPath), request_body = AgreementDraft, responses((status = 201, body = Agreement), Scoped, Body, Forbidden, Conflict))]
async fn add_agreement(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<AgreementDraft>,
) -> ApiResult<Response> {
    let agreement = ctx.session().add_agreement(id, &draft).await?;
    Ok(versioned(StatusCode::CREATED, agreement.version, agreement))
}

/// The agreements of every partnership the caller sees, those ending soonest first and
/// open-ended ones last.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/agreements", tag = "agreements", params(WorkspacePath, ListParams), responses((status = 200, body = List<Agreement>), Scoped, Query))]
async fn workspace_agreements(
    ctx: InWorkspace,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<List<Agreement>>> {
    let page = params.page()?;
    let listed = ctx.session().workspace_agreements().await?;
    Ok(Json(List::paged(listed.into_iter().map(|l| l.agreement).collect(), page, |a| a.id)?))
}

/// An agreement with its history: when it was recorded and each change since.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementDetail {
    #[serde(flatten)]
    pub agreement: Agreement,
    pub history: Vec<rapport_core::timeline::ActivityEntry>,
}

#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/agreements/{id}", tag = "agreements", params(RecordPath), responses((status = 200, body = AgreementDetail), Scoped))]
async fn get_agreement(ctx: InWorkspace, ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>) -> ApiResult<Response> {
    let session = ctx.session();
    let agreement = session.agreement(id).await?;
    let history = session.agreement_history(id).await?;
    Ok(versioned(StatusCode::OK, agreement.version, AgreementDetail { agreement, history }))
}

/// Changes an agreement (every field, as when recording it). The change is kept in its
/// history; `If-Match` guards against overwriting someone else's change.
#[utoipa::path(put, path = "/api/v1/workspaces/{ws}/agreements/{id}", tag = "agreements", params(RecordPath), request_body = AgreementDraft, responses((status = 200, body = Agreement), Scoped, Body, Forbidden, Stale, Conflict))]
async fn update_agreement(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    headers: HeaderMap,
    ApiJson(draft): ApiJson<AgreementDraft>,
) -> ApiResult<Response> {
    let agreement = ctx.session().update_agreement(id, &draft, if_match(&headers)?).await?;
    Ok(versioned(StatusCode::OK, agreement.version, agreement))
}

#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/agreements/{id}/archive", tag = "agreements", params(RecordPath), responses((status = 200, body = Agreement), Scoped, Forbidden, Conflict))]
async fn archive_agreement(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Response> {
    let agreement = ctx.session().archive_agreement(id).await?;
    Ok(versioned(StatusCode::OK, agreement.version, agreement))
}
