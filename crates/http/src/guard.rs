//! What every request and response passes through, whichever route answers: the bound on a
//! request body, the check that a browser's unsafe request comes from Rapport's own pages, the
//! security headers, and problem+json for every error under `/api/`, those raised before a
//! handler runs included.

use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN, REFERER};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::auth::SESSION_COOKIE;

/// The largest request body Rapport reads: 2 MiB (a JSON body, a posted form, a CSV file).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The pages' Content-Security-Policy: scripts, styles and images come only from Rapport.
pub const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The one inline script of the API docs page (`swagger_ui_dist`'s index), allowed by its hash.
const DOCS_INLINE_SCRIPT: &str = "
    window.onload = () => {
    window.ui = SwaggerUIBundle({
        url: '/api/v1/openapi.json',
        dom_id: '#swagger-ui',
    });
    };
";

/// The API docs' Content-Security-Policy: Swagger UI's bundle, its one inline script by hash,
/// and the inline styles it sets on elements.
pub fn docs_csp() -> String {
    let hash = script_hash(DOCS_INLINE_SCRIPT);
    format!(
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'sha256-{hash}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
}

/// A CSP source for an inline script: `sha256-` and the base64 of its SHA-256.
pub fn script_hash(script: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()))
}

/// HSTS for a server reached over https: browsers keep to https for a year.
pub const HSTS: &str = "max-age=31536000";

/// Refuses a browser's unsafe request (POST, PUT, PATCH, DELETE) that carries the session
/// cookie but comes from another site: its `Origin` (or, without one, its `Referer`) must be
/// this server's. Requests with a bearer token are not a browser's and pass; so do requests
/// naming neither header (no browser sends an unsafe cross-site request without `Origin`).
pub async fn same_origin_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE);
    if unsafe_method
        && !headers.contains_key(axum::http::header::AUTHORIZATION)
        && has_session_cookie(headers)
        && !from_own_origin(headers, &state.base_url)
    {
        tracing::warn!(
            method = %request.method(),
            origin = ?headers.get(ORIGIN).or_else(|| headers.get(REFERER)),
            "refused a cookie-authenticated request from another site"
        );
        if request.uri().path().starts_with("/api/") {
            return crate::api::problem(
                StatusCode::FORBIDDEN,
                "this request came from another website; use Rapport's own pages, or an API token",
                vec![],
            );
        }
        return crate::ui::foreign_origin();
    }
    next.run(request).await
}

fn has_session_cookie(headers: &HeaderMap) -> bool {
    crate::auth::cookie_value(headers, SESSION_COOKIE).is_some()
}

/// True when the request's `Origin`, or without one its `Referer`, is this server, or when it
/// sends neither.
pub fn from_own_origin(headers: &HeaderMap, base_url: &str) -> bool {
    if let Some(origin) = headers.get(ORIGIN) {
        return origin.to_str().is_ok_and(|origin| is_own_origin(origin, headers, base_url));
    }
    match headers.get(REFERER) {
        None => true,
        Some(referer) => referer.to_str().is_ok_and(|referer| is_own_origin(origin_of(referer), headers, base_url)),
    }
}

/// `scheme://host[:port]` of an address.
fn origin_of(url: &str) -> &str {
    match url.find("://") {
        Some(start) => {
            let rest = &url[start + 3..];
            let end = rest.find(['/', '?', '#']).map_or(url.len(), |i| start + 3 + i);
            &url[..end]
        }
        None => url,
    }
}

/// Whether `origin` is the configured public address, or the host the request was sent to (for
/// proxies that pass `Host` on).
pub fn is_own_origin(origin: &str, headers: &HeaderMap, base_url: &str) -> bool {
    let origin = origin.trim_end_matches('/');
    if origin.eq_ignore_ascii_case(origin_of(base_url).trim_end_matches('/')) {
        return true;
    }
    let host = headers.get(HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

/// Every error under `/api/` as problem+json, also those answered before a handler runs (a body
/// over the limit, a method or path that does not exist): their text becomes the detail.
pub async fn api_problems(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/v1/");
    let response = next.run(request).await;
    let status = response.status();
    if !api || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json") || v.starts_with("application/json"));
    if json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let detail = match status {
        StatusCode::PAYLOAD_TOO_LARGE => too_large_detail(),
        _ => {
            let text = String::from_utf8_lossy(&text).trim().to_owned();
            if text.is_empty() { status.canonical_reason().unwrap_or("error").to_lowercase() } else { text }
        }
    };
    let mut problem = crate::api::problem(status, detail, vec![]);
    for (name, value) in &parts.headers {
        if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            problem.headers_mut().insert(name.clone(), value.clone());
        }
    }
    problem
}

pub fn too_large_detail() -> String {
    format!("the request body is larger than the {} MiB this server takes", BODY_LIMIT / (1024 * 1024))
}

/// The security headers every response carries, unless its route set its own.
pub fn security_headers(response: &mut Response, hsts: bool) {
    let headers = response.headers_mut();
    for (name, value) in [
        (axum::http::header::CONTENT_SECURITY_POLICY, CSP),
        (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (axum::http::header::REFERRER_POLICY, "same-origin"),
        (axum::http::header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
    if hsts {
        headers.entry(axum::http::header::STRICT_TRANSPORT_SECURITY).or_insert(HeaderValue::from_static(HSTS));
    }
}

/// A response for a body that could not be read: over the limit, or broken off.
pub fn unreadable_body(rejection: &axum::extract::rejection::BytesRejection) -> rapport_app::AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        rapport_app::AppError::TooLarge(too_large_detail())
    } else {
        rapport_app::AppError::BadRequest(
            "the request body could not be read: it arrived too slowly or broke off; send it again".into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_this_server_is_its_own_origin() {
        let base = "https://rapport.example.org";
        assert!(from_own_origin(&headers(&[("origin", "https://rapport.example.org")]), base));
        assert!(from_own_origin(&headers(&[("origin", "http://127.0.0.1:8080"), ("host", "127.0.0.1:8080")]), base));
        assert!(!from_own_origin(&headers(&[("origin", "http://evil.example")]), base));
        assert!(!from_own_origin(&headers(&[("origin", "null")]), base));
        assert!(from_own_origin(&headers(&[("referer", "https://rapport.example.org/w/1?x")]), base));
        assert!(!from_own_origin(&headers(&[("referer", "https://rapport.example.org.evil.example/")]), base));
        assert!(from_own_origin(&headers(&[]), base), "neither header: not a browser's cross-site request");
    }
}
