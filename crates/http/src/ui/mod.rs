//! The server-rendered web UI (SPEC 6.3). Works without JavaScript: every form posts and
//! redirects (303), and every page is plain HTML styled by one stylesheet served from here.
//! Operations and their permission checks live in [`crate::app`]; handlers here only turn forms
//! into calls and results into pages.

mod account;
mod agreements;
mod charts;
mod confirm;
mod context;
mod form;
mod format;
mod import;
mod links;
mod network;
mod organizations;
mod pages;
mod partnerships;
mod practices;
pub(crate) mod reasons;
mod refusals;
mod reports;
mod search;
mod settings;
mod surveys;
mod today;
mod trust;
mod trust_settings;
pub(crate) mod webhooks;
pub(crate) mod words;
mod work;

use std::sync::LazyLock;

use axum::Router;
use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;
use rapport_app::AppError;

/// Pages carry the session's CSRF token and private records: never cached. Scripts and styles
/// come only from Rapport itself (the same policy every response gets, `guard::CSP`).
const CSP: &str = crate::guard::CSP;

pub fn routes() -> Router<AppState> {
    let pages = Router::new()
        .merge(account::routes())
        .merge(settings::routes())
        .merge(organizations::routes())
        .merge(partnerships::routes())
        .merge(practices::routes())
        .merge(work::routes())
        .merge(trust::routes())
        .merge(trust_settings::routes())
        .merge(network::routes())
        .merge(surveys::routes())
        .merge(import::routes())
        .merge(webhooks::routes())
        .merge(search::routes())
        .merge(reports::routes())
        .merge(reports::public_routes())
        .merge(agreements::routes())
        .merge(links::routes())
        .layer(SetResponseHeaderLayer::if_not_present(CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::if_not_present(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)));
    Router::new().route("/static/{file}", get(asset)).merge(pages)
}

/// Anything no route matched: a problem document under the API, the friendly page elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::api::problem(StatusCode::NOT_FOUND, "no such endpoint", vec![]);
    }
    context::UiError::App(AppError::NotFound).into_response()
}

/// The page for a browser's write that came from another website.
pub fn foreign_origin() -> Response {
    context::UiError::ForeignOrigin.into_response()
}

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "rapport.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../../static/rapport.css"),
    },
    Asset {
        name: "rapport.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../static/rapport.js"),
    },
    Asset { name: "icon.svg", content_type: "image/svg+xml", body: include_bytes!("../../static/icon.svg") },
];

/// A digest of every asset: part of their URLs, so browsers may cache them for a year and still
/// fetch the new ones after an upgrade.
static ASSET_VERSION: LazyLock<String> = LazyLock::new(|| {
    let all: Vec<u8> = ASSETS.iter().flat_map(|a| a.body.iter().copied()).collect();
    rapport_app::credentials::digest(&String::from_utf8_lossy(&all))[..12].to_owned()
});

pub fn asset_href(name: &str) -> String {
    format!("/static/{name}?v={}", *ASSET_VERSION)
}

async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.name == file) {
        Some(asset) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
                (CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
            ],
            asset.body,
        )
            .into_response(),
        None => not_found(Uri::from_static("/static")).await,
    }
}
