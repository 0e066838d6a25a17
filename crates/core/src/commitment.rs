//! The life of a commitment. Only "open", "done" and "cancelled" are stored; whether an open
//! commitment is due soon, overdue or missed follows from its due date and the day it is looked at.

use chrono::NaiveDate;

use crate::kinds::CommitmentStatus;
use crate::validate::ValidationErrors;

/// The longest reason for moving or cancelling a commitment.
pub const REASON_MAX: usize = 2_000;

/// Days after the due date before an undone commitment counts as missed (SPEC 3.1 default).
pub const DEFAULT_GRACE_DAYS: i64 = 3;
/// How many days ahead a commitment counts as "due soon".
pub const DUE_SOON_DAYS: i64 = 7;

/// The stored facts that decide a commitment's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitmentFacts {
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub cancelled: bool,
}

impl CommitmentFacts {
    /// Where the commitment stands on `today`.
    pub fn status(&self, today: NaiveDate, grace_days: i64) -> CommitmentStatus {
        if self.cancelled {
            return CommitmentStatus::Cancelled;
        }
        if let Some(done_on) = self.done_on {
            return if done_on <= self.due_on { CommitmentStatus::Done } else { CommitmentStatus::DoneLate };
        }
        let days_left = (self.due_on - today).num_days();
        if days_left >= 0 {
            if days_left <= DUE_SOON_DAYS { CommitmentStatus::DueSoon } else { CommitmentStatus::Open }
        } else if -days_left >= grace_days {
            CommitmentStatus::Missed
        } else {
            CommitmentStatus::Overdue
        }
    }

    /// A commitment can be marked done once, on a day that has come, unless it was cancelled.
    pub fn check_done(&self, done_on: NaiveDate, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.cancelled {
            errors.add("done_on", "this commitment was cancelled by agreement");
        } else if self.done_on.is_some() {
            errors.add("done_on", "this commitment is already done");
        } else if done_on > today {
            errors.add("done_on", "cannot be in the future");
        } else {
            errors.plausible_date("done_on", done_on);
        }
        errors.finish(|| ())
    }

    /// Renegotiating is honest only before the due date (SPEC 2): afterwards the promise is late.
    pub fn check_renegotiation(
        &self,
        new_due_on: NaiveDate,
        reason: &str,
        today: NaiveDate,
    ) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.cancelled || self.done_on.is_some() {
            errors.add("new_due_on", "only an open commitment can be renegotiated");
        } else if today > self.due_on {
            errors.add(
                "new_due_on",
                format!(
                    "a commitment can be renegotiated only before its due date ({}); it can still be marked done late",
                    self.due_on
                ),
            );
        } else if new_due_on < today {
            errors.add("new_due_on", "must be today or later");
        } else if new_due_on == self.due_on {
            errors.add("new_due_on", "must differ from the current due date");
        } else {
            errors.plausible_date("new_due_on", new_due_on);
        }
        if reason.trim().is_empty() {
            errors.add("reason", "is required: say why the date changes");
        } else {
            errors.text("reason", reason.trim(), REASON_MAX);
        }
        errors.finish(|| ())
    }

    /// A correction of the record (issue 22): the wording may be put right at any time; who
    /// promised whom, and the due date, only while the commitment is open and not yet due, so no
    /// outcome already counted changes hands and no lateness is erased. A due date agreed in a
    /// renegotiation moves only by renegotiating again, so the dated history stays true.
    /// `changed_parties` names the party fields the correction changes.
    pub fn check_correction(
        &self,
        changed_parties: &[&str],
        new_due_on: NaiveDate,
        renegotiated: bool,
        today: NaiveDate,
    ) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let open = !self.cancelled && self.done_on.is_none();
        let locked = if !open {
            Some("can no longer be changed: the commitment is closed (only its wording can be corrected)".to_owned())
        } else if today > self.due_on {
            Some(format!(
                "can no longer be changed: the due date ({}) has passed (only the wording can be corrected)",
                self.due_on
            ))
        } else {
            None
        };
        for field in changed_parties {
            if let Some(why) = &locked {
                errors.add(*field, why.clone());
            }
        }
        if new_due_on != self.due_on {
            if let Some(why) = locked {
                errors.add("due_on", why);
            } else if renegotiated {
                errors.add(
                    "due_on",
                    "was agreed in a renegotiation: agree a new date instead, so the history stays true",
                );
            } else if new_due_on < today {
                errors.add("due_on", "must be today or later");
            }
        }
        errors.finish(|| ())
    }

    /// Cancelling needs both sides' agreement, which the reason records.
    pub fn check_cancellation(&self, reason: &str) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.cancelled {
            errors.add("reason", "this commitment is already cancelled");
        } else if self.done_on.is_some() {
            errors.add("reason", "a done commitment cannot be cancelled");
        }
        if reason.trim().is_empty() {
            errors.add("reason", "is required: record what was agreed");
        } else {
            errors.text("reason", reason.trim(), REASON_MAX);
        }
        errors.finish(|| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn open(due: u32) -> CommitmentFacts {
        CommitmentFacts { due_on: day(due), done_on: None, cancelled: false }
    }

    #[test]
    fn status_follows_the_calendar() {
        let c = open(20);
        assert_eq!(c.status(day(1), 3), CommitmentStatus::Open);
        assert_eq!(c.status(day(13), 3), CommitmentStatus::DueSoon);
        assert_eq!(c.status(day(20), 3), CommitmentStatus::DueSoon);
        assert_eq!(c.status(day(21), 3), CommitmentStatus::Overdue);
        assert_eq!(c.status(day(22), 3), CommitmentStatus::Overdue);
        assert_eq!(c.status(day(23), 3), CommitmentStatus::Missed);
    }

    #[test]
    fn done_on_time_late_and_cancelled() {
        let on_time = CommitmentFacts { done_on: Some(day(20)), ..open(20) };
        let late = CommitmentFacts { done_on: Some(day(25)), ..open(20) };
        let cancelled = CommitmentFacts { cancelled: true, ..open(20) };
        assert_eq!(on_time.status(day(30), 3), CommitmentStatus::Done);
        assert_eq!(late.status(day(30), 3), CommitmentStatus::DoneLate);
        assert_eq!(cancelled.status(day(30), 3), CommitmentStatus::Cancelled);
    }

    #[test]
    fn renegotiation_only_before_the_due_date() {
        let c = open(20);
        assert!(c.check_renegotiation(day(27), "room booked out", day(19)).is_ok());
        let late = c.check_renegotiation(day(27), "sorry", day(21)).unwrap_err();
        assert!(late.for_field("new_due_on").unwrap().contains("only before its due date"));
        let no_reason = c.check_renegotiation(day(27), " ", day(10)).unwrap_err();
        assert_eq!(no_reason.for_field("reason"), Some("is required: say why the date changes"));
    }

    #[test]
    fn done_cannot_be_in_the_future_or_twice() {
        let c = open(20);
        assert!(c.check_done(day(19), day(19)).is_ok());
        assert!(c.check_done(day(21), day(19)).is_err());
        let done = CommitmentFacts { done_on: Some(day(18)), ..c };
        assert!(done.check_done(day(19), day(19)).is_err());
    }

    #[test]
    fn a_correction_moves_parties_and_dates_only_before_the_due_date() {
        let c = open(20);
        assert!(c.check_correction(&["promisor_organization_id"], day(25), false, day(10)).is_ok());
        assert!(c.check_correction(&[], day(20), false, day(28)).is_ok(), "the wording can always be corrected");
        let late = c.check_correction(&["promisee_organization_id"], day(25), false, day(21)).unwrap_err();
        assert!(late.for_field("promisee_organization_id").is_some());
        assert!(late.for_field("due_on").unwrap().contains("has passed"));
        let past = c.check_correction(&[], day(5), false, day(10)).unwrap_err();
        assert_eq!(past.for_field("due_on"), Some("must be today or later"));
        let moved = c.check_correction(&[], day(25), true, day(10)).unwrap_err();
        assert!(moved.for_field("due_on").unwrap().contains("renegotiation"));
        let done = CommitmentFacts { done_on: Some(day(9)), ..open(20) };
        assert!(done.check_correction(&["promisor_organization_id"], day(20), false, day(10)).is_err());
        assert!(done.check_correction(&[], day(20), false, day(10)).is_ok());
    }
}
