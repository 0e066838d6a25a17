//! Rapport over HTTP: the JSON API under `/api/v1` and the server-rendered web UI. Both call the
//! same use cases in `rapport_app`, so a permission holds no matter which door a request comes
//! through; this crate holds only the web: extractors, JSON, HTML and routes.

#![forbid(unsafe_code)]

pub mod api;
pub mod auth;
pub mod calendar;
pub mod chat;
pub mod guard;
pub mod i18n;
pub mod mail;
pub mod ui;

use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit};
use axum::http::{HeaderValue, header};
use axum::routing::get;
use rapport_app::App;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
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
    })
    .layer(SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&guard::docs_csp()).expect("the docs' policy is a valid header"),
    ));
    let hsts = state.base_url.starts_with("https://");
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
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::same_origin_writes))
        .with_state(state)
        .merge(docs)
        .layer(axum::middleware::from_fn(guard::api_problems))
        .layer(axum::middleware::from_fn(i18n::remember_browser))
        .layer(DefaultBodyLimit::max(guard::BODY_LIMIT))
        .layer(axum::middleware::map_response(move |mut response: axum::response::Response| async move {
            guard::security_headers(&mut response, hsts);
            response
        }))
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

/// How long the server waits for a slow or silent client before it closes the connection.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// For a request's head (its line and headers), from the moment the connection is ready
    /// for one: a new connection, or an idle kept-alive one between requests. So this is the
    /// idle keep-alive timeout too.
    pub header_read: Duration,
    /// For a request's body to arrive whole, once its head has.
    pub body: Duration,
    /// At shutdown, for the requests in flight to finish.
    pub shutdown: Duration,
}

impl Default for Timeouts {
    /// 10 s for a request's head (and between requests on a kept-alive connection), 30 s for
    /// its body, 30 s to finish at shutdown.
    fn default() -> Timeouts {
        Timeouts {
            header_read: Duration::from_secs(10),
            body: Duration::from_secs(30),
            shutdown: Duration::from_secs(30),
        }
    }
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    serve_with(listener, state, Timeouts::default()).await
}

/// [`serve`] with chosen [`Timeouts`]. HTTP/1.1 on hyper with its timer, so a client that sends
/// its request head too slowly (a slow-loris) or keeps an idle connection open is cut off, and
/// a body that stops arriving ends its request with 400.
pub async fn serve_with(listener: tokio::net::TcpListener, state: AppState, timeouts: Timeouts) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt as _;

    let app = router(state).layer(RequestBodyTimeoutLayer::new(timeouts.body));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait a little rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
            app.clone().oneshot(request)
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder.timer(TokioTimer::new()).header_read_timeout(timeouts.header_read);
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection closed");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(timeouts.shutdown, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still in flight at shutdown were cut off");
    }
    Ok(())
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
