//! iCalendar feeds behind secret URLs: a person's (every partnership they can see) and a
//! partnership's (published by its coordinators). The routes under `/api/v1` make, rotate and
//! revoke them; `/feeds/{secret}.ics` serves them to calendar applications without signing in.
//!
//! A feed shows what the person it belongs to may see, checked at every download with the same
//! rules as the rest of Rapport: a member's feed holds their organisations' partnerships only,
//! and a person who leaves the workspace leaves a feed that answers 404.

use std::collections::HashMap;

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Duration, Utc};
use rapport_core::access::Action;
use rapport_core::calendar::{self, Calendar, FeedPartnership};
use rapport_core::records::Partnership;
use rapport_store::{CalendarFeed, FeedScope, PageRequest};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{ApiPath, Problem};
use crate::AppState;
use crate::app::{AppError, AppResult, Session};
use crate::auth::{self, InWorkspace};

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

/// How far back a feed reaches: check-ins held and commitments due in the last year.
pub const FEED_DAYS_BACK: i64 = 365;

const SECRET_PREFIX: &str = "cal_";

/// Which feed a route is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The caller's own feed in this workspace.
    Mine,
    Partnership(Uuid),
}

/// A feed just made: its secret URL is shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedFeed {
    /// Subscribe to this URL in a calendar application (`text/calendar`, RFC 5545). It needs no
    /// sign-in, so treat it like a password; making a new feed revokes it.
    pub url: String,
    /// The secret part of the URL.
    pub token: String,
    pub created_at: DateTime<Utc>,
}

/// Whether a feed is live; its URL is never shown again.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedStatus {
    pub active: bool,
    pub created_at: Option<DateTime<Utc>>,
}

const COORDINATORS_ONLY: &str = "only coordinators and owners can publish a partnership's calendar feed";

/// The scope of `which`, after checking the caller may manage it: anyone has their own feed; a
/// partnership's is managed by coordinators and owners who see it (others who see it get 403,
/// everyone else 404).
async fn scope(session: &Session<'_>, which: Which) -> AppResult<FeedScope> {
    match which {
        Which::Mine => Ok(FeedScope::Person(session.viewer.user_id)),
        Which::Partnership(id) => {
            session.partnership(id).await?;
            if !session.viewer.may(Action::ManageNetwork) {
                return Err(AppError::Forbidden(COORDINATORS_ONLY));
            }
            Ok(FeedScope::Partnership(id))
        }
    }
}

/// Makes a new feed for `which`, revoking the previous one; returns its URL, shown once.
pub async fn make_feed(session: &Session<'_>, base_url: &str, which: Which) -> AppResult<CreatedFeed> {
    let scope = scope(session, which).await?;
    let token = format!("{SECRET_PREFIX}{}", auth::new_secret());
    let feed = session
        .store
        .rotate_feed(session.viewer.workspace_id, session.viewer.user_id, scope, &auth::digest(&token))
        .await?;
    Ok(CreatedFeed { url: feed_url(base_url, &token), token, created_at: feed.created_at })
}

pub async fn revoke_feed(session: &Session<'_>, which: Which) -> AppResult<()> {
    let scope = scope(session, which).await?;
    Ok(session.store.revoke_feed(session.viewer.workspace_id, scope).await?)
}

pub async fn feed_status(session: &Session<'_>, which: Which) -> AppResult<FeedStatus> {
    let scope = scope(session, which).await?;
    let feed = session.store.live_feed(session.viewer.workspace_id, scope).await?;
    Ok(FeedStatus { active: feed.is_some(), created_at: feed.map(|f| f.created_at) })
}

pub fn feed_url(base_url: &str, token: &str) -> String {
    format!("{}/feeds/{token}.ics", base_url.trim_end_matches('/'))
}

/// Whether the caller has a live calendar feed of their own in this workspace.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/feeds/mine", tag = "feeds", params(("ws" = Uuid, Path)),
    responses((status = 200, body = FeedStatus), (status = 404, body = Problem)))]
async fn my_feed(ctx: InWorkspace) -> AppResult<Json<FeedStatus>> {
    Ok(Json(feed_status(&ctx.session(), Which::Mine).await?))
}

/// Makes (or rotates) the caller's calendar feed: check-ins held, check-ins due by each
/// partnership's cadence and commitments' due dates in every partnership the caller can see.
/// The URL is shown this once; the previous one stops working.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/feeds/mine", tag = "feeds", params(("ws" = Uuid, Path)),
    responses((status = 201, body = CreatedFeed), (status = 404, body = Problem)))]
async fn make_my_feed(ctx: InWorkspace) -> AppResult<(StatusCode, Json<CreatedFeed>)> {
    Ok((StatusCode::CREATED, Json(make_feed(&ctx.session(), &ctx.state.base_url, Which::Mine).await?)))
}

/// Revokes the caller's calendar feed; its URL answers 404 from now on.
#[utoipa::path(delete, path = "/api/v1/workspaces/{ws}/feeds/mine", tag = "feeds", params(("ws" = Uuid, Path)),
    responses((status = 204), (status = 404, body = Problem)))]
async fn revoke_my_feed(ctx: InWorkspace) -> AppResult<StatusCode> {
    revoke_feed(&ctx.session(), Which::Mine).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether the partnership has a live calendar feed (coordinators and owners).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/feed", tag = "feeds", params(("ws" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = FeedStatus), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn partnership_feed(ctx: InWorkspace, ApiPath((_, id)): ApiPath<(Uuid, Uuid)>) -> AppResult<Json<FeedStatus>> {
    Ok(Json(feed_status(&ctx.session(), Which::Partnership(id)).await?))
}

/// Publishes (or rotates) the partnership's calendar feed, for partners to subscribe to: its
/// check-ins, the next ones due and its commitments' due dates. Coordinators and owners only.
/// The URL is shown this once; the previous one stops working.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/partnerships/{id}/feed", tag = "feeds", params(("ws" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 201, body = CreatedFeed), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn make_partnership_feed(
    ctx: InWorkspace,
    ApiPath((_, id)): ApiPath<(Uuid, Uuid)>,
) -> AppResult<(StatusCode, Json<CreatedFeed>)> {
    Ok((StatusCode::CREATED, Json(make_feed(&ctx.session(), &ctx.state.base_url, Which::Partnership(id)).await?)))
}

/// Revokes the partnership's calendar feed; its URL answers 404 from now on.
#[utoipa::path(delete, path = "/api/v1/workspaces/{ws}/partnerships/{id}/feed", tag = "feeds", params(("ws" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn revoke_partnership_feed(ctx: InWorkspace, ApiPath((_, id)): ApiPath<(Uuid, Uuid)>) -> AppResult<StatusCode> {
    revoke_feed(&ctx.session(), Which::Partnership(id)).await?;
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
async fn serve(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics").filter(|t| t.starts_with(SECRET_PREFIX)) else {
        return not_found();
    };
    let feed = match state.store.feed_by_token(&auth::digest(token)).await {
        Ok(Some(feed)) => feed,
        Ok(None) => return not_found(),
        Err(err) => return AppError::from(err).into_response(),
    };
    match calendar_of(&state, &feed).await {
        Ok(calendar) => {
            let text = calendar::render(&calendar, state.store.now());
            // Calendar applications poll; a few minutes of caching spares the database.
            (
                StatusCode::OK,
                [(CONTENT_TYPE, "text/calendar; charset=utf-8"), (CACHE_CONTROL, "private, max-age=300")],
                text,
            )
                .into_response()
        }
        Err(AppError::NotFound) => not_found(),
        Err(other) => other.into_response(),
    }
}

/// Builds the feed's calendar as the person it belongs to sees the workspace today.
async fn calendar_of(state: &AppState, feed: &CalendarFeed) -> AppResult<Calendar> {
    let viewer = state.store.viewer(feed.workspace_id, feed.user_id).await?.ok_or(AppError::NotFound)?;
    let session = Session::new(&state.store, viewer);
    let (name, partnerships) = match feed.partnership_id {
        Some(id) => {
            let partnership = session.partnership(id).await?;
            (format!("{} (Rapport)", partnership.name), vec![partnership])
        }
        None => {
            let workspace = state.store.workspace_name(feed.workspace_id).await?;
            (format!("Rapport: {workspace}"), visible_partnerships(&session).await?)
        }
    };
    let ids: Vec<Uuid> = partnerships.iter().map(|p| p.id).collect();
    let today = session.today();
    let since = today - Duration::days(FEED_DAYS_BACK);
    let checkins = state.store.feed_checkins(feed.workspace_id, &ids, since).await?;
    let commitments = state.store.feed_commitments(feed.workspace_id, &ids, since).await?;
    let mut feed_partnerships: HashMap<Uuid, FeedPartnership> =
        partnerships.iter().map(|p| (p.id, FeedPartnership::of(p))).collect();
    for checkin in &checkins {
        if let Some(entry) = feed_partnerships.get_mut(&checkin.partnership_id) {
            entry.add_checkin(checkin);
        }
    }
    let by_id: HashMap<Uuid, &Partnership> = partnerships.iter().map(|p| (p.id, p)).collect();
    for commitment in &commitments {
        if let (Some(entry), Some(p)) =
            (feed_partnerships.get_mut(&commitment.partnership_id), by_id.get(&commitment.partnership_id))
        {
            entry.add_commitment(commitment, p);
        }
    }
    let mut events = Vec::new();
    for p in &partnerships {
        events.extend(calendar::partnership_events(
            &feed_partnerships[&p.id],
            today,
            &state.base_url,
            feed.workspace_id,
        ));
    }
    calendar::sort_events(&mut events);
    Ok(Calendar { name, events })
}

/// Every live partnership the session may see, through the same query as the partnership list.
async fn visible_partnerships(session: &Session<'_>) -> AppResult<Vec<Partnership>> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = session.partnerships(None, PageRequest { after, limit: 200, include_archived: false }).await?;
        all.extend(page.items);
        match page.next_after {
            Some(next) => after = Some(next),
            None => return Ok(all),
        }
    }
}
