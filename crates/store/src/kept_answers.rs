//! Answers worked out from stored records, kept in this process's memory between requests.
//!
//! Each answer is kept with a stamp: a digest of what it was worked out from, which its asker
//! reads from the database on every request (an organisation's ledger entry, say). While the
//! stamp read is the stamp kept, the answer holds; a write through any process changes what
//! the stamp is read from, so no server serves an answer older than the records.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// At most this many answers are kept; past it they are all forgotten and worked out again,
/// which bounds memory whatever readers ask.
const ANSWERS_KEPT: usize = 20_000;

/// An answer with the stamp it was worked out under.
type Stamped = (String, Arc<dyn Any + Send + Sync>);

#[derive(Default)]
pub struct KeptAnswers {
    answers: Mutex<HashMap<String, Stamped>>,
}

impl std::fmt::Debug for KeptAnswers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.answers.lock().unwrap_or_else(PoisonError::into_inner).len();
        write!(f, "KeptAnswers({kept})")
    }
}

impl KeptAnswers {
    /// The answer kept under `key` if it was worked out under `stamp`.
    pub fn remembered<T: Any + Send + Sync>(&self, key: &str, stamp: &str) -> Option<Arc<T>> {
        let answers = self.answers.lock().unwrap_or_else(PoisonError::into_inner);
        let (kept_stamp, answer) = answers.get(key)?;
        (kept_stamp == stamp).then(|| Arc::clone(answer)).and_then(|answer| answer.downcast::<T>().ok())
    }

    /// Keeps `answer`, worked out under `stamp`, under `key`.
    pub fn remember<T: Any + Send + Sync>(&self, key: String, stamp: String, answer: Arc<T>) {
        let mut answers = self.answers.lock().unwrap_or_else(PoisonError::into_inner);
        if answers.len() >= ANSWERS_KEPT && !answers.contains_key(&key) {
            answers.clear();
        }
        answers.insert(key, (stamp, answer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_holds_only_under_the_stamp_it_was_worked_out_under() {
        let kept = KeptAnswers::default();
        kept.remember("trend of a".to_owned(), "r=1".to_owned(), Arc::new(vec![1, 2, 3]));
        assert_eq!(kept.remembered::<Vec<i32>>("trend of a", "r=1").as_deref(), Some(&vec![1, 2, 3]));
        assert!(kept.remembered::<Vec<i32>>("trend of a", "r=2").is_none(), "a new stamp: worked out again");
        assert!(kept.remembered::<Vec<i32>>("trend of b", "r=1").is_none());
        assert!(kept.remembered::<String>("trend of a", "r=1").is_none(), "asked as another type");
    }

    #[test]
    fn memory_stays_bounded_whatever_is_asked() {
        let kept = KeptAnswers::default();
        for n in 0..ANSWERS_KEPT + 10 {
            kept.remember(format!("key {n}"), String::new(), Arc::new(n));
        }
        assert!(kept.answers.lock().unwrap().len() <= ANSWERS_KEPT);
    }
}
