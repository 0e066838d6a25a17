//! Rapport over HTTP: the JSON API under `/api/v1` and the server-rendered web UI. Both call the
//! same use cases in `rapport_app`, so a permission holds no matter which door a request comes
//! through; this crate holds only the web: extractors, JSON, HTML and routes.

#![forbid(unsafe_code)]

pub mod api;
pub mod auth;
pub mod ui;

use std::net::SocketAddr;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use rapport_app::App;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    /// Set the cookie's `Secure` flag: true when Rapport is served over https.
    pub secure_cookies: bool,
    /// The address people reach Rapport at, for links in invitations.
    pub base_url: String,
    /// Whether Rapport runs behind a reverse proxy that sets `X-Forwarded-For`
    /// (`RAPPORT_TRUSTED_PROXY`): the client's address is then the last one the proxy added,
    /// not the proxy's. Off, the header is ignored, since any client can send it.
    pub trusted_proxy: bool,
}

/// The whole application: API, API docs, UI and its assets.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::router();
    let openapi_json = openapi.to_pretty_json().expect("the OpenAPI document serialises");
    let docs = swagger_ui_dist::generate_routes(swagger_ui_dist::ApiDefinition {
        uri_prefix: "/api/docs",
        api_definition: swagger_ui_dist::OpenApiSource::Uri("/api/v1/openapi.json"),
        title: Some("Rapport API"),
    });
    Router::new()
        .merge(api)
        .route(
            "/api/v1/openapi.json",
            get(move || async move { ([(header::CONTENT_TYPE, "application/json")], openapi_json) }),
        )
        .route("/healthz", get(health))
        .merge(api::feeds::public_routes())
        .merge(ui::routes())
        .fallback(ui::not_found)
        .with_state(state)
        .merge(docs)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
            tracing::debug_span!("request", method = %request.method(), path = %redacted(request.uri().path()))
        }))
}

/// Paths that carry a secret: a survey link, an invitation, a calendar feed. The request log
/// shows them without it, at every log level.
const SECRET_PATHS: [&str; 4] = ["/s/", "/invite/", "/feeds/", "/api/v1/survey-links/"];

/// `path` with the secret segment of a [`SECRET_PATHS`] path replaced by `…`; the query string is
/// never logged.
fn redacted(path: &str) -> std::borrow::Cow<'_, str> {
    match SECRET_PATHS.iter().find(|prefix| path.starts_with(*prefix)) {
        Some(prefix) => format!("{prefix}…").into(),
        None => path.into(),
    }
}

async fn health(axum::extract::State(state): axum::extract::State<AppState>) -> (axum::http::StatusCode, &'static str) {
    match state.app.ping().await {
        Ok(()) => (axum::http::StatusCode::OK, "ok"),
        Err(_) => (axum::http::StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let app = router(state);
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn secrets_in_paths_never_reach_the_log() {
        assert_eq!(redacted("/s/abc123"), "/s/…");
        assert_eq!(redacted("/invite/abc123"), "/invite/…");
        assert_eq!(redacted("/feeds/cal_abc.ics"), "/feeds/…");
        assert_eq!(redacted("/api/v1/survey-links/abc123"), "/api/v1/survey-links/…");
        assert_eq!(redacted("/w/1/surveys"), "/w/1/surveys");
    }
}
