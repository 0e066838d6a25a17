//! Who is looking at a page, and what a posted form brings: the extractors every UI handler
//! starts from, the CSRF and Origin checks, and the errors they answer with.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::header::{LOCATION, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use rapport_app::Membership;
use rapport_core::access::{Action, Viewer};
use rapport_core::records::{User, Workspace};
use uuid::Uuid;

use super::form::FormData;
use super::pages::{self, Chrome, Section};
use crate::AppState;
use crate::auth::{self, Credential, CurrentUser};
use rapport_app::{AppError, Session};

/// Why a UI request did not get its page.
#[derive(Debug)]
pub enum UiError {
    /// Nobody is signed in: go to the login page, then come back to `next`.
    SignIn {
        next: Option<String>,
    },
    /// A form's CSRF token did not match the session's.
    Csrf,
    /// A sign-in form was posted from another site.
    ForeignOrigin,
    App(AppError),
}

impl From<AppError> for UiError {
    fn from(err: AppError) -> Self {
        match err {
            AppError::Unauthenticated => UiError::SignIn { next: None },
            other => UiError::App(other),
        }
    }
}

pub type UiResult<T = Response> = Result<T, UiError>;

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        // The person is not known here: the page speaks their browser's language.
        let tr = crate::i18n::Tr::choose(None, None);
        let (status, heading, message): (StatusCode, String, String) = match self {
            UiError::SignIn { next } => return see_other(&login_url(next.as_deref())),
            UiError::Csrf => (StatusCode::FORBIDDEN, tr.t("error-csrf-heading"), tr.t("error-csrf-message")),
            UiError::ForeignOrigin => {
                (StatusCode::FORBIDDEN, tr.t("error-foreign-heading"), tr.t("error-foreign-message"))
            }
            // The reasons the app gives (`why`) are its own English sentences: the fixed ones are
            // read back into the page's language (`refusals`), others shown as written.
            UiError::App(err) => match err {
                AppError::Unauthenticated => return see_other(&login_url(None)),
                AppError::NotFound => {
                    (StatusCode::NOT_FOUND, tr.t("error-not-found-heading"), tr.t("error-not-found-message"))
                }
                AppError::Forbidden(why) => (
                    StatusCode::FORBIDDEN,
                    tr.t("error-forbidden-heading"),
                    tr.a("error-forbidden-message", [("why", super::refusals::refusal(&tr, why))]),
                ),
                AppError::Stale => (StatusCode::CONFLICT, tr.t("error-stale-heading"), tr.t("form-error-stale")),
                AppError::Conflict(why) => (
                    StatusCode::CONFLICT,
                    tr.t("error-conflict-heading"),
                    sentence(&super::refusals::refusal(&tr, &why)),
                ),
                AppError::Invalid(errors) => {
                    (StatusCode::UNPROCESSABLE_ENTITY, tr.t("error-invalid-heading"), sentence(&errors.to_string()))
                }
                AppError::BadRequest(why) => {
                    (StatusCode::BAD_REQUEST, tr.t("error-bad-request-heading"), sentence(&why))
                }
                AppError::TooLarge(why) => {
                    (StatusCode::PAYLOAD_TOO_LARGE, tr.t("error-too-large-heading"), sentence(&why))
                }
                AppError::UnsupportedMediaType(why) => {
                    (StatusCode::UNSUPPORTED_MEDIA_TYPE, tr.t("error-bad-request-heading"), sentence(&why))
                }
                busy @ AppError::Busy(_) => {
                    // The cause goes to the log; the person may simply try again.
                    tracing::warn!(error = %busy.chain(), "database busy in the web UI");
                    let mut page = pages::error_page(
                        StatusCode::SERVICE_UNAVAILABLE,
                        &tr.t("error-busy-heading"),
                        &tr.t("error-busy-message"),
                    );
                    page.headers_mut().insert(
                        axum::http::header::RETRY_AFTER,
                        axum::http::HeaderValue::from_static(crate::api::RETRY_AFTER_SECONDS),
                    );
                    return page;
                }
                throttled @ AppError::Throttled(seconds) => {
                    let message = tr.a(
                        "error-throttled-message",
                        [("why", sentence(&throttled.to_string())), ("seconds", seconds.to_string())],
                    );
                    let mut response =
                        pages::error_page(StatusCode::TOO_MANY_REQUESTS, &tr.t("error-throttled-heading"), &message);
                    response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
                    return response;
                }
                internal @ AppError::Internal(_) => {
                    // The details go to the log, never to the page.
                    tracing::error!(error = %internal.chain(), "internal error in the web UI");
                    (StatusCode::INTERNAL_SERVER_ERROR, tr.t("error-internal-heading"), tr.t("error-internal-message"))
                }
            },
        };
        pages::error_page(status, &heading, &message)
    }
}

fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// A page answered 429 (a form refused for too many attempts) says when to come back.
pub fn retry_after(mut response: Response, error: &AppError) -> Response {
    if let AppError::Throttled(seconds) = error {
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, (*seconds).into());
    }
    response
}

pub fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, location.to_owned())]).into_response()
}

pub fn login_url(next: Option<&str>) -> String {
    match next.filter(|n| is_local_path(n)) {
        Some(next) if next != "/" => {
            format!("/login?next={}", form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>())
        }
        _ => "/login".into(),
    }
}

/// Only paths on this site may be redirect targets, never another site. A browser reads
/// `//evil.example` and `/\evil.example` as another host, and drops tabs and line breaks
/// before it looks (`/\t/evil.example` is `//evil.example`), so the path must start with one
/// `/` and hold no backslash, whitespace or control character, as written or (its path, before
/// any `?`) percent-decoded. An escaped space in the query (`?q=book%20cart`) stays allowed.
pub fn is_local_path(path: &str) -> bool {
    fn plain(path: &str) -> bool {
        path.starts_with('/')
            && !path.starts_with("//")
            && !path.chars().any(|c| c == '\\' || c.is_whitespace() || c.is_control())
    }
    let before_query = path.split_once('?').map_or(path, |(before, _)| before);
    plain(path) && plain(&percent_decoded(before_query))
}

/// `text` with its `%XX` escapes decoded (bytes that are not UTF-8 become U+FFFD).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) =
                (bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex))
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where to come back to after signing in: the page asked for, when it was a plain visit.
fn return_path(parts: &Parts) -> Option<String> {
    (parts.method == Method::GET)
        .then(|| parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into()))
}

/// A person signed in with a browser session (API tokens do not open the web UI).
pub struct SignedIn {
    pub state: AppState,
    pub user: User,
    pub csrf: String,
    pub secret: String,
    /// The workspaces they belong to, read with their session.
    pub memberships: Vec<Membership>,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> UiResult<Self> {
        let signed_in = match auth::identify(parts, state).await {
            Ok(Some(CurrentUser { user, credential: Credential::Session { secret, csrf_token }, memberships })) => {
                Some((user, secret, csrf_token, memberships))
            }
            Ok(_) | Err(AppError::Unauthenticated) => None,
            Err(other) => return Err(other.into()),
        };
        match signed_in {
            Some((user, secret, csrf, memberships)) => {
                Ok(SignedIn { state: state.clone(), user, csrf, secret, memberships })
            }
            None => Err(UiError::SignIn { next: return_path(parts) }),
        }
    }
}

impl SignedIn {
    pub fn chrome(&self) -> Chrome {
        Chrome::signed_in(&self.user, &self.csrf)
    }
}

/// A signed-in person inside the workspace named by the path's `ws`. A workspace they do not
/// belong to is "not found", exactly as in the API.
pub struct Ui {
    pub state: AppState,
    pub user: User,
    pub csrf: String,
    /// The session cookie's secret (to tell this session from the person's others).
    pub secret: String,
    pub viewer: Viewer,
    pub workspace: Workspace,
    /// Every workspace the person belongs to, this one included.
    pub memberships: Vec<Membership>,
    /// What the previous action did, from the `notice` of the redirect that led here.
    pub notice: Option<&'static str>,
}

impl FromRequestParts<AppState> for Ui {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> UiResult<Self> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        let workspace_id = path_param(parts, state, "ws").await?;
        let memberships = signed_in.memberships;
        let here = memberships.iter().find(|m| m.workspace.id == workspace_id).ok_or(AppError::NotFound)?;
        let (workspace, viewer) = (here.workspace.clone(), here.viewer(signed_in.user.id));
        let notice = parts.uri.query().and_then(|query| {
            form_urlencoded::parse(query.as_bytes())
                .find(|(key, _)| key == "notice")
                .and_then(|(_, key)| pages::notice_key(&key))
        });
        Ok(Ui {
            state: signed_in.state,
            user: signed_in.user,
            csrf: signed_in.csrf,
            secret: signed_in.secret,
            viewer,
            workspace,
            memberships,
            notice,
        })
    }
}

impl Ui {
    pub fn session(&self) -> Session<'_> {
        self.state.app.session(self.viewer.clone())
    }

    pub fn ws(&self) -> Uuid {
        self.workspace.id
    }

    /// A path inside this workspace: `link("/partnerships")` → `/w/{ws}/partnerships`.
    pub fn link(&self, rest: &str) -> String {
        format!("/w/{}{rest}", self.workspace.id)
    }

    /// After a successful post: back to a page of this workspace, with a notice saying what
    /// happened (one of [`pages::NOTICES`]).
    pub fn done(&self, rest: &str, notice: &str) -> Response {
        // The workspace home is `/w/{ws}`, without a trailing slash.
        let rest = rest.strip_prefix('/').filter(|r| r.is_empty() || r.starts_with(['#', '?'])).unwrap_or(rest);
        let (path, fragment) = rest.split_once('#').map(|(p, f)| (p, format!("#{f}"))).unwrap_or((rest, String::new()));
        let separator = if path.contains('?') { '&' } else { '?' };
        see_other(&format!("{}{separator}notice={notice}{fragment}", self.link(path)))
    }

    pub fn chrome(&self, section: Section) -> Chrome {
        Chrome::in_workspace(self, section)
    }

    pub fn may_manage_network(&self) -> bool {
        self.viewer.may(Action::ManageNetwork)
    }
}

async fn path_param(parts: &mut Parts, state: &AppState, name: &str) -> UiResult<Uuid> {
    let Path(params) =
        Path::<HashMap<String, String>>::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
    Ok(params.get(name).and_then(|v| v.parse().ok()).ok_or(AppError::NotFound)?)
}

/// The `{id}` segment of the path; anything that is not an id is simply not found.
pub struct Id(pub Uuid);

impl FromRequestParts<AppState> for Id {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> UiResult<Self> {
        path_param(parts, state, "id").await.map(Id)
    }
}

/// Whatever carries the session's CSRF token.
pub trait HasCsrf {
    fn csrf(&self) -> &str;
}

impl HasCsrf for SignedIn {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

impl HasCsrf for Ui {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// A posted form from a signed-in person, accepted only when its `csrf` field matches the
/// session's token. The check runs before the handler, so a forged post changes nothing.
pub struct Posted<T> {
    pub ctx: T,
    pub form: FormData,
}

impl<T> FromRequest<AppState> for Posted<T>
where
    T: FromRequestParts<AppState, Rejection = UiError> + HasCsrf + Send,
{
    type Rejection = UiError;

    async fn from_request(req: Request, state: &AppState) -> UiResult<Self> {
        let (mut parts, body) = req.into_parts();
        let ctx = T::from_request_parts(&mut parts, state).await?;
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| crate::guard::unreadable_body(&e))?;
        let form = FormData::parse(&bytes);
        if !same_secret(form.get("csrf"), ctx.csrf()) {
            return Err(UiError::Csrf);
        }
        form.plain_text()?;
        Ok(Posted { ctx, form })
    }
}

/// A form posted by someone not yet signed in (login, accepting an invitation). There is no
/// session token to check, so the browser's `Origin` must be this site when it is sent; the
/// session cookie's `SameSite=Lax` covers the rest.
pub struct PublicForm(pub FormData);

impl FromRequest<AppState> for PublicForm {
    type Rejection = UiError;

    async fn from_request(req: Request, state: &AppState) -> UiResult<Self> {
        if !same_origin(req.headers(), &state.base_url) {
            return Err(UiError::ForeignOrigin);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| crate::guard::unreadable_body(&e))?;
        let form = FormData::parse(&bytes);
        form.plain_text()?;
        Ok(PublicForm(form))
    }
}

/// True when there is no `Origin` header, or it names the host the request was sent to (or the
/// configured public address, for proxies that rewrite `Host`).
fn same_origin(headers: &HeaderMap, base_url: &str) -> bool {
    let Some(origin) = headers.get(ORIGIN) else { return true };
    origin.to_str().is_ok_and(|origin| crate::guard::is_own_origin(origin, headers, base_url))
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(given: &str, expected: &str) -> bool {
    if expected.is_empty() || given.len() != expected.len() {
        return false;
    }
    given.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert!(is_local_path("/w/1/partnerships?status=active"));
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("https://evil.example/"));
        for sneaky in [
            "/\t/evil.example",
            "/%09/evil.example",
            "/\\evil.example",
            "/%5Cevil.example",
            "/%2F/evil.example",
            "/ /x",
            "/\n/x",
            "/%0d%0a/x",
            "/%2f%2fevil.example",
        ] {
            assert!(!is_local_path(sneaky), "{sneaky:?} is not a local path");
        }
        assert!(is_local_path("/w/1/commitments?q=book%20cart"), "an escaped space in a query is fine");
        assert!(!is_local_path("/w/1%20x"), "but not in the path");
        assert_eq!(login_url(Some("//evil.example")), "/login");
        assert_eq!(login_url(Some("/w/a?b=c")), "/login?next=%2Fw%2Fa%3Fb%3Dc");
    }

    #[test]
    fn origin_must_match_when_sent() {
        let mut headers = HeaderMap::new();
        headers.insert(axum::http::header::HOST, HeaderValue::from_static("rapport.example:8080"));
        assert!(same_origin(&headers, "http://other"));
        headers.insert(ORIGIN, HeaderValue::from_static("http://rapport.example:8080"));
        assert!(same_origin(&headers, "http://other"));
        headers.insert(ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(!same_origin(&headers, "http://other"));
        headers.insert(ORIGIN, HeaderValue::from_static("null"));
        assert!(!same_origin(&headers, "http://other"));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abd", "abc"));
        assert!(!same_secret("", ""));
    }
}
