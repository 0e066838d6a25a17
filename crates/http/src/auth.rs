//! Who is asking: passwords, browser sessions and personal API tokens.
//!
//! Secrets (session cookies, API tokens, invitation links) are random 256-bit values; only their
//! SHA-256 is stored, so a copy of the database opens nothing.

use std::collections::HashMap;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::{FromRef, FromRequestParts, Path};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use rapport_core::access::Viewer;
use rapport_core::records::User;
use rapport_store::{Caller, Membership, SessionRecord};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::AppState;
use crate::app::{AppError, Session};

pub const SESSION_COOKIE: &str = "rapport_session";
pub const SESSION_DAYS: i64 = 30;
const TOKEN_PREFIX: &str = "rpt_";

/// A fresh random secret, URL-safe.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A webhook's signing secret, shown once to whoever creates the hook (or imports it).
pub fn new_webhook_secret() -> String {
    format!("whsec_{}", new_secret())
}

pub fn new_api_token() -> String {
    format!("{TOKEN_PREFIX}{}", new_secret())
}

pub fn digest(secret: &str) -> String {
    let hash = Sha256::digest(secret.as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes a password with Argon2id on a blocking thread: hashing is deliberately slow and would
/// stall the async runtime.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(new_secret().as_bytes()[..16].as_ref())
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || match PasswordHash::new(&hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    })
    .await
    .unwrap_or(false)
}

/// Checks a new password is long enough to be worth hashing.
pub fn check_new_password(errors: &mut rapport_core::ValidationErrors, field: &str, password: &str) {
    if password.chars().count() < 10 {
        errors.add(field, "must be at least 10 characters");
    } else if password.len() > 1024 {
        errors.add(field, "must be at most 1024 characters");
    }
}

/// Signs `email` in with `password`. Both failures read the same, so the answer does not reveal
/// which accounts exist.
pub async fn authenticate(state: &AppState, email: &str, password: &str) -> Result<User, AppError> {
    let found = state.store.user_by_email(email).await?;
    let Some((user, hash)) = found else {
        // Spend the same time as a real check so timing does not reveal the account is missing.
        let _ = verify_password(password.to_owned(), DUMMY_HASH.to_owned()).await;
        return Err(AppError::Unauthenticated);
    };
    if verify_password(password.to_owned(), hash).await { Ok(user) } else { Err(AppError::Unauthenticated) }
}

const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1Qq1ODn2bG3yI7tMDbD8rMCWbUiiYq2PkvL9ZbXn2fg";

/// Opens a browser session for `user`; returns the cookie's secret and the session's CSRF token.
pub async fn start_session(state: &AppState, user: &User) -> Result<(String, String), AppError> {
    let secret = new_secret();
    let csrf = new_secret();
    let expires = state.store.now() + chrono::Duration::days(SESSION_DAYS);
    state.store.create_session(&digest(&secret), user.id, &csrf, expires).await?;
    Ok((secret, csrf))
}

pub fn session_cookie(secret: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}", SESSION_DAYS * 86_400)
}

pub fn expired_session_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

pub fn cookie_value<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
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
        let Caller { user, memberships } =
            state.store.token_caller(&digest(token)).await?.ok_or(AppError::Unauthenticated)?;
        return Ok(Some(CurrentUser { user, credential: Credential::Token, memberships }));
    }
    if let Some(secret) = cookie_value(parts, SESSION_COOKIE) {
        if let Some(SessionRecord { caller: Caller { user, memberships }, csrf_token }) =
            state.store.session(&digest(secret)).await?
        {
            return Ok(Some(CurrentUser {
                user,
                credential: Credential::Session { secret: secret.to_owned(), csrf_token },
                memberships,
            }));
        }
    }
    Ok(None)
}

impl<S> FromRequestParts<S> for CurrentUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let state = AppState::from_ref(state);
        if let Some(user) = parts.extensions.get::<CurrentUser>() {
            return Ok(user.clone());
        }
        let user = identify(parts, &state).await?.ok_or(AppError::Unauthenticated)?;
        parts.extensions.insert(user.clone());
        Ok(user)
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
        Session::new(&self.state.store, self.viewer.clone())
    }
}

impl<S> FromRequestParts<S> for InWorkspace
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery".into(), hash.clone()).await);
        assert!(!verify_password("wrong horse battery".into(), hash).await);
        assert!(!verify_password("anything".into(), DUMMY_HASH.into()).await);
    }

    #[test]
    fn secrets_are_random_and_digests_stable() {
        assert_ne!(new_secret(), new_secret());
        assert_eq!(digest("abc").len(), 64);
        assert_eq!(digest("abc"), digest("abc"));
        assert!(new_api_token().starts_with("rpt_"));
    }
}
