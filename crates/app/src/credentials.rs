//! Passwords, browser sessions and personal API tokens, invitation and link secrets.
//!
//! Secrets (session cookies, API tokens, invitation links) are random 256-bit values; only their
//! SHA-256 is stored, so a copy of the database opens nothing.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use rapport_core::records::User;
use rapport_store::Store;
use sha2::{Digest, Sha256};

use crate::AppError;

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
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Hashes a password with Argon2id on a blocking thread: hashing is deliberately slow and would
/// stall the async runtime.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        // Sixteen random bytes, as the Argon2 and PHC recommendations ask for.
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::internal(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::internal(e.to_string()))
    })
    .await
    .map_err(AppError::internal)?
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
pub async fn authenticate(store: &Store, email: &str, password: &str) -> Result<User, AppError> {
    let found = store.user_by_email(email).await?;
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
pub async fn start_session(store: &Store, user: &User) -> Result<(String, String), AppError> {
    let secret = new_secret();
    let csrf = new_secret();
    let expires = store.now() + chrono::Duration::days(SESSION_DAYS);
    store.create_session(&digest(&secret), user.id, &csrf, expires).await?;
    Ok((secret, csrf))
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

    #[tokio::test]
    async fn each_password_hash_has_a_salt_of_sixteen_random_bytes() {
        let first = hash_password("correct horse battery".into()).await.unwrap();
        let second = hash_password("correct horse battery".into()).await.unwrap();
        let salt_of = |hash: &str| PasswordHash::new(hash).unwrap().salt.unwrap().as_str().to_owned();
        let mut decoded = [0u8; 64];
        let salt = salt_of(&first);
        let bytes = argon2::password_hash::SaltString::from_b64(&salt).unwrap();
        let decoded = bytes.decode_b64(&mut decoded).unwrap();
        assert_eq!(decoded.len(), 16, "a salt of 16 bytes: {salt}");
        // Random bytes, not the characters of a text secret: all 16 in the base64 alphabet
        // happens once in four billion.
        let text = |b: &u8| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_';
        assert!(!decoded.iter().all(text), "the salt is random bytes: {decoded:?}");
        assert_ne!(salt, salt_of(&second), "every hash gets its own salt");
    }

    #[test]
    fn secrets_are_random_and_digests_stable() {
        assert_ne!(new_secret(), new_secret());
        assert_eq!(digest("abc").len(), 64);
        assert_eq!(digest("abc"), digest("abc"));
        assert!(new_api_token().starts_with("rpt_"));
    }
}
