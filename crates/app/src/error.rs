//! The one error type of the application layer: why a use case was refused, independent of how
//! a door (API, UI, command line, job) shows it.

use rapport_core::ValidationErrors;
use rapport_store::StoreError;

/// Why an operation was refused, independent of how it is shown.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("sign in to continue")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(&'static str),
    /// Missing, or outside the caller's view: the two are indistinguishable on purpose.
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    #[error("the record has changed since you read it; reload it and try again")]
    Stale,
    #[error("{0}")]
    Invalid(ValidationErrors),
    #[error("{0}")]
    BadRequest(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(message) => AppError::Conflict(message),
            StoreError::Stale => AppError::Stale,
            StoreError::Invalid(errors) => AppError::Invalid(errors),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(errors: ValidationErrors) -> Self {
        AppError::Invalid(errors)
    }
}

pub type AppResult<T> = Result<T, AppError>;
