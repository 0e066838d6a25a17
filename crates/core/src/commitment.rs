//! The life of a commitment. Only "open", "done" and "cancelled" are stored; whether an open
//! commitment is due soon, overdue or missed follows from its due date and the day it is looked at.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::kinds::CommitmentStatus;
use crate::validate::ValidationErrors;

/// The longest reason for moving or cancelling a commitment.
pub const REASON_MAX: usize = 2_000;

/// Days after the due date before an undone commitment counts as missed (SPEC 3.1 default).
pub const DEFAULT_GRACE_DAYS: i64 = 3;
/// How many days ahead a commitment counts as "due soon".
pub const DUE_SOON_DAYS: i64 = 7;

/// What both sides agreed when a promise changes: why, and on which day (today, unless the
/// change is recorded afterwards).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreed<'a> {
    pub reason: &'a str,
    pub on: NaiveDate,
}

/// What became of a promise recorded after the fact (SPEC 3.1 counts it as of these dates).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum OutcomeDraft {
    /// Kept on that day: on time when on or before the due date, late after it.
    Kept { on: NaiveDate },
    /// Moved, by agreement on `agreed_on` (no later than the due date), to `new_due_on`.
    Renegotiated { agreed_on: NaiveDate, new_due_on: NaiveDate, reason: String },
    /// Cancelled by agreement on that day.
    Cancelled { on: NaiveDate, reason: String },
    /// Not kept: it counts as missed once its grace days are over.
    NotKept,
}

/// An outcome whose dates fit the promise; only [`OutcomeDraft::validate`] builds one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValidOutcome {
    Kept { on: NaiveDate },
    Renegotiated { agreed_on: NaiveDate, new_due_on: NaiveDate, reason: String },
    Cancelled { on: NaiveDate, reason: String },
    NotKept,
}

impl OutcomeDraft {
    /// Checks the outcome's dates against the promise's (`made_on`, `due_on`) and today; errors
    /// are named `{prefix}outcome.…`.
    pub fn validate(
        &self,
        due_on: &NaiveDate,
        made_on: NaiveDate,
        today: NaiveDate,
        prefix: &str,
        errors: &mut ValidationErrors,
    ) -> Option<ValidOutcome> {
        let before = errors.0.len();
        let field = |name: &str| format!("{prefix}outcome.{name}");
        let day_between = |name: &str, day: NaiveDate, errors: &mut ValidationErrors| {
            if errors.plausible_date(&field(name), day) {
                if day > today {
                    errors.add(field(name), "cannot be in the future");
                } else if day < made_on {
                    errors.add(field(name), format!("cannot be before the promise was made ({made_on})"));
                }
            }
        };
        let outcome = match self {
            OutcomeDraft::Kept { on } => {
                day_between("on", *on, errors);
                ValidOutcome::Kept { on: *on }
            }
            OutcomeDraft::Renegotiated { agreed_on, new_due_on, reason } => {
                day_between("agreed_on", *agreed_on, errors);
                if agreed_on > due_on {
                    errors.add(
                        field("agreed_on"),
                        format!("a promise can be renegotiated only before its due date ({due_on})"),
                    );
                }
                if errors.plausible_date(&field("new_due_on"), *new_due_on) {
                    if new_due_on == due_on {
                        errors.add(field("new_due_on"), "must differ from the first due date");
                    } else if new_due_on < agreed_on {
                        errors.add(field("new_due_on"), "must be on or after the day it was agreed");
                    }
                }
                let reason = required_reason(reason, &field("reason"), "say why the date changed", errors);
                ValidOutcome::Renegotiated { agreed_on: *agreed_on, new_due_on: *new_due_on, reason }
            }
            OutcomeDraft::Cancelled { on, reason } => {
                day_between("on", *on, errors);
                let reason = required_reason(reason, &field("reason"), "record what was agreed", errors);
                ValidOutcome::Cancelled { on: *on, reason }
            }
            OutcomeDraft::NotKept => {
                if *due_on >= today {
                    errors.add(format!("{prefix}outcome"), "its due date has not passed yet: leave the outcome open");
                }
                ValidOutcome::NotKept
            }
        };
        (errors.0.len() == before).then_some(outcome)
    }
}

fn required_reason(reason: &str, field: &str, hint: &str, errors: &mut ValidationErrors) -> String {
    if reason.trim().is_empty() {
        errors.add(field, format!("is required: {hint}"));
    } else {
        errors.text(field, reason.trim(), REASON_MAX);
    }
    reason.trim().to_owned()
}

/// The stored facts that decide a commitment's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitmentFacts {
    /// The day the promise was made: nothing about it can be agreed before.
    pub made_on: NaiveDate,
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
    /// `agreed_on` is the day both sides agreed, today unless the change is recorded afterwards.
    pub fn check_renegotiation(
        &self,
        new_due_on: NaiveDate,
        reason: &str,
        agreed_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.cancelled || self.done_on.is_some() {
            errors.add("new_due_on", "only an open commitment can be renegotiated");
        } else if self.check_agreed_on("agreed_on", agreed_on, today, &mut errors) {
            if agreed_on > self.due_on {
                let field = if agreed_on == today { "new_due_on" } else { "agreed_on" };
                errors.add(
                    field,
                    format!(
                        "a commitment can be renegotiated only before its due date ({}); it can still be marked done late",
                        self.due_on
                    ),
                );
            } else if new_due_on < agreed_on {
                let when =
                    if agreed_on == today { "today".to_owned() } else { format!("{agreed_on}, the day it was agreed") };
                errors.add("new_due_on", format!("must be {when} or later"));
            } else if new_due_on == self.due_on {
                errors.add("new_due_on", "must differ from the current due date");
            } else {
                errors.plausible_date("new_due_on", new_due_on);
            }
        }
        required_reason(reason, "reason", "say why the date changes", &mut errors);
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

    /// Cancelling needs both sides' agreement, which the reason records; `agreed_on` is the day
    /// they agreed.
    pub fn check_cancellation(
        &self,
        reason: &str,
        agreed_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.cancelled {
            errors.add("reason", "this commitment is already cancelled");
        } else if self.done_on.is_some() {
            errors.add("reason", "a done commitment cannot be cancelled");
        } else {
            self.check_agreed_on("agreed_on", agreed_on, today, &mut errors);
        }
        required_reason(reason, "reason", "record what was agreed", &mut errors);
        errors.finish(|| ())
    }

    /// A day something about this promise was agreed: never in the future, never before it was
    /// made.
    fn check_agreed_on(&self, field: &str, day: NaiveDate, today: NaiveDate, errors: &mut ValidationErrors) -> bool {
        if !errors.plausible_date(field, day) {
            return false;
        }
        if day > today {
            errors.add(field, "cannot be in the future");
            return false;
        }
        if day < self.made_on {
            errors.add(field, format!("cannot be before the commitment was made ({})", self.made_on));
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn open(due: u32) -> CommitmentFacts {
        CommitmentFacts { made_on: day(1), due_on: day(due), done_on: None, cancelled: false }
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
        assert!(c.check_renegotiation(day(27), "room booked out", day(19), day(19)).is_ok());
        let late = c.check_renegotiation(day(27), "sorry", day(21), day(21)).unwrap_err();
        assert!(late.for_field("new_due_on").unwrap().contains("only before its due date"));
        let no_reason = c.check_renegotiation(day(27), " ", day(10), day(10)).unwrap_err();
        assert_eq!(no_reason.for_field("reason"), Some("is required: say why the date changes"));
    }

    #[test]
    fn a_renegotiation_recorded_afterwards_is_dated_when_it_was_agreed() {
        let c = open(20);
        // Agreed on the 18th, before the due date, recorded on the 25th: honest.
        assert!(c.check_renegotiation(day(27), "room booked out", day(18), day(25)).is_ok());
        // The new date may have passed by the time it is recorded.
        assert!(c.check_renegotiation(day(22), "a week later", day(18), day(25)).is_ok());
        let after_due = c.check_renegotiation(day(27), "sorry", day(21), day(25)).unwrap_err();
        assert!(after_due.for_field("agreed_on").unwrap().contains("only before its due date"));
        let future = c.check_renegotiation(day(27), "soon", day(26), day(25)).unwrap_err();
        assert_eq!(future.for_field("agreed_on"), Some("cannot be in the future"));
        let made_later = CommitmentFacts { made_on: day(10), ..c };
        let before_made = made_later.check_renegotiation(day(27), "hm", day(5), day(25)).unwrap_err();
        assert!(before_made.for_field("agreed_on").unwrap().contains("before the commitment was made"));
        let new_before_agreed = c.check_renegotiation(day(15), "earlier", day(17), day(25)).unwrap_err();
        assert!(new_before_agreed.for_field("new_due_on").unwrap().contains("the day it was agreed"));
    }

    #[test]
    fn a_cancellation_takes_the_day_it_was_agreed() {
        let c = CommitmentFacts { made_on: day(10), ..open(20) };
        assert!(c.check_cancellation("both agreed", day(12), day(25)).is_ok());
        assert!(c.check_cancellation("both agreed", day(26), day(25)).is_err());
        let before = c.check_cancellation("both agreed", day(9), day(25)).unwrap_err();
        assert!(before.for_field("agreed_on").unwrap().contains("before the commitment was made"));
    }

    fn check_outcome(outcome: OutcomeDraft, due: u32, made: u32, today: u32) -> Result<ValidOutcome, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let valid = outcome.validate(&day(due), day(made), day(today), "", &mut errors);
        errors.finish_parsed(valid, |v| v)
    }

    #[test]
    fn an_outcome_recorded_afterwards_fits_the_promise() {
        assert_eq!(
            check_outcome(OutcomeDraft::Kept { on: day(22) }, 20, 5, 25),
            Ok(ValidOutcome::Kept { on: day(22) })
        );
        let before_made = check_outcome(OutcomeDraft::Kept { on: day(4) }, 20, 5, 25).unwrap_err();
        assert!(before_made.for_field("outcome.on").unwrap().contains("before the promise was made"));
        let future = check_outcome(OutcomeDraft::Kept { on: day(26) }, 20, 5, 25).unwrap_err();
        assert_eq!(future.for_field("outcome.on"), Some("cannot be in the future"));
        let moved = OutcomeDraft::Renegotiated { agreed_on: day(18), new_due_on: day(28), reason: "rain".into() };
        assert!(check_outcome(moved, 20, 5, 25).is_ok());
        let too_late = OutcomeDraft::Renegotiated { agreed_on: day(21), new_due_on: day(28), reason: "rain".into() };
        let errors = check_outcome(too_late, 20, 5, 25).unwrap_err();
        assert!(errors.for_field("outcome.agreed_on").unwrap().contains("only before its due date"));
        let no_reason = OutcomeDraft::Cancelled { on: day(10), reason: " ".into() };
        assert!(check_outcome(no_reason, 20, 5, 25).unwrap_err().for_field("outcome.reason").is_some());
        assert!(check_outcome(OutcomeDraft::NotKept, 20, 5, 25).is_ok());
        let not_yet = check_outcome(OutcomeDraft::NotKept, 26, 5, 25).unwrap_err();
        assert!(not_yet.for_field("outcome").unwrap().contains("not passed yet"));
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
