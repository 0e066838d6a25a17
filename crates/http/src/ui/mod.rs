//! The server-rendered web UI (SPEC 6.3). Works without JavaScript: forms post and redirect.

use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

pub async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Html("<!doctype html><title>Not found</title><p>Not found.</p>")).into_response()
}
