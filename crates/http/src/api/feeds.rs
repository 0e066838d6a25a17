//! iCalendar feeds behind secret URLs: a person's (every partnership they can see) and a
//! partnership's (published by its coordinators). The routes under `/api/v1` make, rotate and
//! revoke them; `/feeds/{secret}.ics` serves them to calendar applications without signing in.
//!
//! A feed shows what the person it belongs to may see, checked at every download with the same
//! rules as the rest of Rapport: a member's feed holds their organisations' partnerships only,
//! and a person who leaves the workspace leaves a feed that answers 404.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rapport_app::feeds::{CreatedFeed, FeedStatus, Which};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiPath, Forbidden, RecordPath, Scoped, WorkspacePath};
use crate::AppState;
use crate::api::ApiError;
use crate::api::ApiResult;
use crate::auth::{ClientAddress, InWorkspace};
use rapport_app::AppError;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(my_feed, make_my_feed, revoke_my_feed)).routes(routes!(
        partnership_feed,
        make_partnership_feed,
        revoke_partnership_feed
    ))
}

/// The public route calendar applications poll: `/feeds/{secret}.ics`.
pub fn public_routes() -> Router<AppState> {
    Router::new().route("/feeds/{file}", get(serve))
}

/// Whether the caller has a live calendar feed of their own in this workspace.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/feeds/mine", tag = "feeds", params(WorkspacePath), responses((status = 200, body = FeedStatus), Scoped))]
async fn my_feed(ctx: InWorkspace) -> ApiResult<Json<FeedStatus>> {
    Ok(Json(ctx.session().feed_status(Which::Mine).await?))
}

/// Makes (or rotates) the caller's calendar feed: check-ins held, check-ins due by each
/// partnership's cadence and commitments' due dates in every partnership the caller can see.
/// The URL is shown this once; the previous one stops working.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/feeds/mine", tag = "feeds", params(WorkspacePath), responses((status = 201, body = CreatedFeed), Scoped, Forbidden))]
async fn make_my_feed(ctx: InWorkspace) -> ApiResult<(StatusCode, Json<CreatedFeed>)> {
    Ok((StatusCode::CREATED, Json(ctx.session().make_feed(&ctx.state.base_url, Which::Mine).await?)))
}

/// Revokes the caller's calendar feed; its URL answers 404 from now on.
#[utoipa::path(delete, path = "/api/v1/workspaces/{ws}/feeds/mine", tag = "feeds", params(WorkspacePath), responses((status = 204), Scoped, Forbidden))]
async fn revoke_my_feed(ctx: InWorkspace) -> ApiResult<StatusCode> {
    ctx.session().revoke_feed(Which::Mine).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether the partnership has a live calendar feed (coordinators and owners).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/feed", tag = "feeds", params(RecordPath), responses((status = 200, body = FeedStatus), Scoped, Forbidden))]
async fn partnership_feed(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<FeedStatus>> {
    Ok(Json(ctx.session().feed_status(Which::Partnership(id)).await?))
}

/// Publishes (or rotates) the partnership's calendar feed, for partners to subscribe to: its
/// check-ins, the next ones due and its commitments' due dates. Coordinators and owners only.
/// The URL is shown this once; the previous one stops working.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/partnerships/{id}/feed", tag = "feeds", params(RecordPath), responses((status = 201, body = CreatedFeed), Scoped, Forbidden))]
async fn make_partnership_feed(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<(StatusCode, Json<CreatedFeed>)> {
    Ok((StatusCode::CREATED, Json(ctx.session().make_feed(&ctx.state.base_url, Which::Partnership(id)).await?)))
}

/// Revokes the partnership's calendar feed; its URL answers 404 from now on.
#[utoipa::path(delete, path = "/api/v1/workspaces/{ws}/partnerships/{id}/feed", tag = "feeds", params(RecordPath), responses((status = 204), Scoped, Forbidden))]
async fn revoke_partnership_feed(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<StatusCode> {
    ctx.session().revoke_feed(Which::Partnership(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        "No such calendar feed: the link is wrong, or it was revoked or replaced.\n",
    )
        .into_response()
}

/// `GET /feeds/{secret}.ics`: the calendar, or 404 for a wrong, revoked or replaced secret.
async fn serve(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    Path(file): Path<String>,
) -> Response {
    let token = file.strip_suffix(".ics").unwrap_or("");
    let feed = async {
        if token.is_empty() { Err(AppError::NotFound) } else { state.app.calendar_feed(&state.base_url, token).await }
    };
    match state.app.attempt_secret(from, feed).await {
        // Calendar applications poll; a few minutes of caching spares the database.
        Ok(mut feed) => {
            // In the feed owner's language: their own choice, else the workspace's.
            crate::calendar::speak(&crate::i18n::Tr::first(&[Some(&feed.language)]), &mut feed.calendar);
            let text = rapport_core::calendar::render(&feed.calendar, feed.made_at);
            (
                StatusCode::OK,
                [(CONTENT_TYPE, "text/calendar; charset=utf-8"), (CACHE_CONTROL, "private, max-age=300")],
                text,
            )
                .into_response()
        }
        Err(AppError::NotFound) => not_found(),
        Err(other) => ApiError(other).into_response(),
    }
}
