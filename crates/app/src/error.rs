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
    /// The request is larger than the server takes.
    #[error("{0}")]
    TooLarge(String),
    /// The body is not in a format this route takes (the API takes JSON).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The database was still busy at its deadline (no free connection, a lock not granted):
    /// nothing was changed, and asking again in a moment may well work. The cause goes to the
    /// log ([`AppError::chain`]).
    #[error("the database is busy: {0}")]
    Busy(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Too many attempts (see `crate::throttle`): the caller may try again after this many seconds.
    #[error("too many attempts; try again in {}", wait_words(*.0))]
    Throttled(u64),
    /// Something failed that the caller cannot fix. The error and its causes go to the log
    /// ([`AppError::chain`]), never to the caller.
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    /// A failure the caller cannot fix, keeping `cause` and its own causes for the log.
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> AppError {
        AppError::Internal(cause.into())
    }

    /// This error and every cause under it, outermost first, as one line for the log.
    pub fn chain(&self) -> String {
        let mut line = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(error) = cause {
            let text = error.to_string();
            // A wrapper often repeats its cause in its own message.
            if !line.ends_with(&text) {
                line.push_str(": ");
                line.push_str(&text);
            }
            cause = error.source();
        }
        line
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(message) => AppError::Conflict(message),
            StoreError::Stale => AppError::Stale,
            StoreError::Invalid(errors) => AppError::Invalid(errors),
            busy if busy.is_busy() => AppError::Busy(Box::new(busy)),
            other => AppError::internal(other),
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(errors: ValidationErrors) -> Self {
        AppError::Invalid(errors)
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// A wait in words a person reads: "40 seconds", "2 minutes".
pub fn wait_words(seconds: u64) -> String {
    match seconds {
        0..=1 => "a second".into(),
        2..=59 => format!("{seconds} seconds"),
        60..=119 => "a minute".into(),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_keeps_its_cause_for_the_log() {
        let error = AppError::from(StoreError::Corrupt("commitments.status \"maybe\"".into()));
        let cause = std::error::Error::source(&error).expect("the store's error is kept, not only its words");
        assert!(matches!(cause.downcast_ref::<StoreError>(), Some(StoreError::Corrupt(_))));
        let chain = error.chain();
        assert_eq!(chain, "internal error: unreadable stored value: commitments.status \"maybe\"");
    }
}
