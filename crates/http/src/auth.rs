//! Who is asking: the session cookie or the bearer token of a request, turned into the signed-in
//! person and, under `/w/{ws}` or `/api/v1/workspaces/{ws}`, their view of that workspace.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRef, FromRequestParts, Path};
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use cookie::{Cookie, SameSite};
use rapport_app::credentials::SESSION_DAYS;
use rapport_app::{Caller, Membership, SessionRecord};
use rapport_core::access::Viewer;
use rapport_core::records::User;
use uuid::Uuid;

use rapport_app::{AppError, Session};

use crate::AppState;
use crate::api::ApiError;

pub const SESSION_COOKIE: &str = "rapport_session";

/// The `Set-Cookie` value that signs a browser in: HTTP only, same-site lax, for the whole site,
/// as long as the session lives.
pub fn session_cookie(secret: &str, secure: bool) -> String {
    let max_age = cookie::time::Duration::days(SESSION_DAYS);
    session_cookie_with(secret.to_owned(), max_age, secure)
}

/// The `Set-Cookie` value that signs a browser out.
pub fn expired_session_cookie(secure: bool) -> String {
    session_cookie_with(String::new(), cookie::time::Duration::ZERO, secure)
}

fn session_cookie_with(value: String, max_age: cookie::time::Duration, secure: bool) -> String {
    Cookie::build((SESSION_COOKIE, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(max_age)
        .secure(secure)
        .build()
        .to_string()
}

/// The value of the request's cookie `name`, from any of its `Cookie` headers.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .and_then(|cookie| cookie.value_raw())
}

/// The address of the client that sent the request, for the abuse limits: the peer of the
/// connection or, behind a trusted proxy ([`AppState::trusted_proxy`]), the last address the
/// proxy added to `X-Forwarded-For`. `None` when neither is known (no limit by address then).
pub fn client_address(parts: &Parts, trusted_proxy: bool) -> Option<IpAddr> {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    if trusted_proxy {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .next_back();
        return forwarded.or(peer);
    }
    peer
}

/// The client's address ([`client_address`]) as an extractor.
pub struct ClientAddress(pub Option<IpAddr>);

impl<S> FromRequestParts<S> for ClientAddress
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(client_address(parts, AppState::from_ref(state).trusted_proxy)))
    }
}

/// How the caller proved who they are.
#[derive(Debug, Clone)]
pub enum Credential {
    /// A browser session; forms must echo its CSRF token.
    Session {
        secret: String,
        csrf_token: String,
    },
    Token,
}

/// The signed-in person, with the workspaces they belong to as of this request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub credential: Credential,
    pub memberships: Vec<Membership>,
}

impl CurrentUser {
    pub fn csrf_token(&self) -> &str {
        match &self.credential {
            Credential::Session { csrf_token, .. } => csrf_token,
            Credential::Token => "",
        }
    }
}

/// The caller, if any; a bad bearer token is an error rather than "nobody".
pub async fn identify(parts: &Parts, state: &AppState) -> Result<Option<CurrentUser>, AppError> {
    if let Some(value) = parts.headers.get(AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(AppError::Unauthenticated)?;
        let from = client_address(parts, state.trusted_proxy);
        let Caller { user, memberships } = state.app.token_caller(token, from).await?;
        return Ok(Some(CurrentUser { user, credential: Credential::Token, memberships }));
    }
    if let Some(secret) = cookie_value(&parts.headers, SESSION_COOKIE)
        && let Some(SessionRecord { caller: Caller { user, memberships }, csrf_token }) =
            state.app.session_caller(secret).await?
    {
        return Ok(Some(CurrentUser {
            user,
            credential: Credential::Session { secret: secret.to_owned(), csrf_token },
            memberships,
        }));
    }
    Ok(None)
}

impl<S> FromRequestParts<S> for CurrentUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let state = AppState::from_ref(state);
        if let Some(user) = parts.extensions.get::<CurrentUser>() {
            return Ok(user.clone());
        }
        let user = identify(parts, &state).await?.ok_or(AppError::Unauthenticated)?;
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}

/// Who is signed in, if anyone, on a public route: never a rejection (bad credentials count as
/// nobody), for routes that must know who may *not* use them.
pub struct MaybeCaller(pub Option<Uuid>);

impl<S> FromRequestParts<S> for MaybeCaller
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        Ok(MaybeCaller(identify(parts, &state).await.ok().flatten().map(|caller| caller.user.id)))
    }
}

/// The caller inside the workspace named by the path's `ws` segment. A workspace the caller does
/// not belong to answers 404, exactly like one that does not exist.
pub struct InWorkspace {
    pub state: AppState,
    pub user: CurrentUser,
    pub viewer: Viewer,
}

impl InWorkspace {
    pub fn session(&self) -> Session<'_> {
        self.state.app.session(self.viewer.clone())
    }
}

impl<S> FromRequestParts<S> for InWorkspace
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let state = AppState::from_ref(state);
        let Path(params) =
            Path::<HashMap<String, String>>::from_request_parts(parts, &state).await.map_err(|_| AppError::NotFound)?;
        let workspace_id: Uuid = params.get("ws").and_then(|ws| ws.parse().ok()).ok_or(AppError::NotFound)?;
        let here = user.memberships.iter().find(|m| m.workspace.id == workspace_id).ok_or(AppError::NotFound)?;
        let viewer = here.viewer(user.user.id);
        Ok(InWorkspace { state, user, viewer })
    }
}
