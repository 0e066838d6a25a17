//! Links to documents over JSON (issue 26): `…/{partnerships,goals,checkins,commitments,
//! retrospectives}/{id}/links` to list and add, `…/links/{id}` to remove. Only http and https
//! addresses are accepted; a link is a title and an address, never a file.

use axum::Json;
use axum::http::StatusCode;
use rapport_core::links::{DocumentLink, LinkDraft, LinkedKind};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiPath, Body, Conflict, Forbidden, List, RecordPath, Scoped};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::InWorkspace;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(partnerships_links, add_partnerships_link))
        .routes(routes!(goals_links, add_goals_link))
        .routes(routes!(checkins_links, add_checkins_link))
        .routes(routes!(commitments_links, add_commitments_link))
        .routes(routes!(retrospectives_links, add_retrospectives_link))
        .routes(routes!(remove_link))
}

async fn list(ctx: &InWorkspace, kind: LinkedKind, id: uuid::Uuid) -> ApiResult<Json<List<DocumentLink>>> {
    let items = ctx.session().links(kind, id).await?;
    Ok(Json(List { items, next_cursor: None }))
}

async fn add(
    ctx: &InWorkspace,
    kind: LinkedKind,
    id: uuid::Uuid,
    draft: &LinkDraft,
) -> ApiResult<(StatusCode, Json<DocumentLink>)> {
    Ok((StatusCode::CREATED, Json(ctx.session().add_link(kind, id, draft).await?)))
}

/// The links to documents on this partnership, oldest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/links", tag = "links", params(RecordPath), responses((status = 200, body = List<DocumentLink>), Scoped))]
async fn partnerships_links(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<List<DocumentLink>>> {
    list(&ctx, LinkedKind::Partnership, id).await
}

/// Links a document to this partnership: a title and an http or https address.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/partnerships/{id}/links", tag = "links", params(RecordPath), request_body = LinkDraft, responses((status = 201, body = DocumentLink), Scoped, Body, Forbidden, Conflict))]
async fn add_partnerships_link(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<LinkDraft>,
) -> ApiResult<(StatusCode, Json<DocumentLink>)> {
    add(&ctx, LinkedKind::Partnership, id, &draft).await
}

/// The links to documents on this goal, oldest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/goals/{id}/links", tag = "links", params(RecordPath), responses((status = 200, body = List<DocumentLink>), Scoped))]
async fn goals_links(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<List<DocumentLink>>> {
    list(&ctx, LinkedKind::Goal, id).await
}

/// Links a document to this goal: a title and an http or https address.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/goals/{id}/links", tag = "links", params(RecordPath), request_body = LinkDraft, responses((status = 201, body = DocumentLink), Scoped, Body, Forbidden, Conflict))]
async fn add_goals_link(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<LinkDraft>,
) -> ApiResult<(StatusCode, Json<DocumentLink>)> {
    add(&ctx, LinkedKind::Goal, id, &draft).await
}

/// The links to documents on this check-in, oldest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/checkins/{id}/links", tag = "links", params(RecordPath), responses((status = 200, body = List<DocumentLink>), Scoped))]
async fn checkins_links(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<List<DocumentLink>>> {
    list(&ctx, LinkedKind::CheckIn, id).await
}

/// Links a document to this check-in: a title and an http or https address.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/checkins/{id}/links", tag = "links", params(RecordPath), request_body = LinkDraft, responses((status = 201, body = DocumentLink), Scoped, Body, Forbidden, Conflict))]
async fn add_checkins_link(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<LinkDraft>,
) -> ApiResult<(StatusCode, Json<DocumentLink>)> {
    add(&ctx, LinkedKind::CheckIn, id, &draft).await
}

/// The links to documents on this commitment, oldest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/commitments/{id}/links", tag = "links", params(RecordPath), responses((status = 200, body = List<DocumentLink>), Scoped))]
async fn commitments_links(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<List<DocumentLink>>> {
    list(&ctx, LinkedKind::Commitment, id).await
}

/// Links a document to this commitment: a title and an http or https address.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/commitments/{id}/links", tag = "links", params(RecordPath), request_body = LinkDraft, responses((status = 201, body = DocumentLink), Scoped, Body, Forbidden, Conflict))]
async fn add_commitments_link(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<LinkDraft>,
) -> ApiResult<(StatusCode, Json<DocumentLink>)> {
    add(&ctx, LinkedKind::Commitment, id, &draft).await
}

/// The links to documents on this retrospective, oldest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/retrospectives/{id}/links", tag = "links", params(RecordPath), responses((status = 200, body = List<DocumentLink>), Scoped))]
async fn retrospectives_links(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<List<DocumentLink>>> {
    list(&ctx, LinkedKind::Retrospective, id).await
}

/// Links a document to this retrospective: a title and an http or https address.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/retrospectives/{id}/links", tag = "links", params(RecordPath), request_body = LinkDraft, responses((status = 201, body = DocumentLink), Scoped, Body, Forbidden, Conflict))]
async fn add_retrospectives_link(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<LinkDraft>,
) -> ApiResult<(StatusCode, Json<DocumentLink>)> {
    add(&ctx, LinkedKind::Retrospective, id, &draft).await
}

/// Removes a link (the document itself is not Rapport's to touch).
#[utoipa::path(delete, path = "/api/v1/workspaces/{ws}/links/{id}", tag = "links", params(RecordPath), responses((status = 204), Scoped, Forbidden, Conflict))]
async fn remove_link(ctx: InWorkspace, ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>) -> ApiResult<StatusCode> {
    ctx.session().remove_link(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
