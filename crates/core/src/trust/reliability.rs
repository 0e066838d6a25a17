//! Reliability (SPEC 3.1): what a commitment's history amounts to as evidence, and the
//! exponentially decayed Beta reputation built from that evidence.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta, ContinuousCDF};
use uuid::Uuid;

use super::add_days;
use super::settings::{HalfLife, TrustSettings};
use crate::kinds::{CommitmentEventKind, OutcomeKind};
use crate::records::{Commitment, CommitmentEvent};

/// One piece of evidence: what became of a commitment, and the day it did (the day it was
/// done; for a missed one, the day it became missed: due date + grace).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outcome {
    pub kind: OutcomeKind,
    pub on: NaiveDate,
}

impl Outcome {
    /// How one unit of weight splits between success `r` and failure `s`.
    pub fn split(self) -> (f64, f64) {
        match self.kind {
            OutcomeKind::OnTime => (1.0, 0.0),
            OutcomeKind::Late => (0.5, 0.5),
            OutcomeKind::Missed => (0.0, 1.0),
        }
    }
}

/// A due date agreed anew before the old one passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renegotiation {
    pub agreed_on: NaiveDate,
    pub new_due_on: NaiveDate,
}

/// What the trust model needs of a commitment: who promised whom, and its dated history, so it
/// can be read as it stood on any day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentHistory {
    pub id: Uuid,
    pub partnership_id: Uuid,
    pub promisor: Uuid,
    /// `None`: promised to the whole partnership.
    pub promisee: Option<Uuid>,
    /// The due date first promised.
    pub first_due_on: NaiveDate,
    /// In the order they were agreed.
    pub renegotiations: Vec<Renegotiation>,
    pub done_on: Option<NaiveDate>,
    pub cancelled_on: Option<NaiveDate>,
}

impl CommitmentHistory {
    /// Rebuilds the history from a stored commitment and its events (any order). Renegotiation
    /// and cancellation events date from when they were recorded; the done day is the
    /// commitment's own.
    pub fn from_record(commitment: &Commitment, events: &[CommitmentEvent]) -> CommitmentHistory {
        let mut events: Vec<&CommitmentEvent> = events.iter().collect();
        events.sort_by_key(|e| e.occurred_at);
        let renegotiations: Vec<Renegotiation> = events
            .iter()
            .filter(|e| e.kind == CommitmentEventKind::Renegotiated)
            .filter_map(|e| {
                Some(Renegotiation {
                    agreed_on: e.on_date.unwrap_or(e.occurred_at.date_naive()),
                    new_due_on: e.new_due_on?,
                })
            })
            .collect();
        let first_due_on = events
            .iter()
            .find(|e| e.kind == CommitmentEventKind::Renegotiated)
            .and_then(|e| e.previous_due_on)
            .unwrap_or(commitment.due_on);
        let cancelled_on = commitment.cancelled.then(|| {
            events
                .iter()
                .find(|e| e.kind == CommitmentEventKind::Cancelled)
                .map(|e| e.on_date.unwrap_or(e.occurred_at.date_naive()))
                // Why: a cancelled commitment whose event is lost still counts for nothing.
                .unwrap_or(commitment.made_on)
        });
        CommitmentHistory {
            id: commitment.id,
            partnership_id: commitment.partnership_id,
            promisor: commitment.promisor_organization_id,
            promisee: commitment.promisee_organization_id,
            first_due_on,
            renegotiations,
            done_on: commitment.done_on,
            cancelled_on,
        }
    }

    /// The due date in force at the end of `day`. A renegotiation counts only when it was agreed
    /// on or before the due date it replaced (SPEC 2: afterwards the promise is already late).
    pub fn due_on_as_of(&self, day: NaiveDate) -> NaiveDate {
        let mut due = self.first_due_on;
        for renegotiation in self.renegotiations.iter().filter(|r| r.agreed_on <= day) {
            if renegotiation.agreed_on <= due {
                due = renegotiation.new_due_on;
            }
        }
        due
    }

    /// The day an undone commitment counts as missed, as things stood at the end of `day`.
    pub fn missed_on_as_of(&self, day: NaiveDate, grace_days: i64) -> NaiveDate {
        add_days(self.due_on_as_of(day), grace_days)
    }

    /// Gives no evidence as of the end of `day` whatever the grace period (never negative):
    /// nothing done, cancelled or renegotiated, and due after `day`. A write can tell so without
    /// reading the workspace's trust settings.
    pub fn is_silent_under_any_grace(&self, day: NaiveDate) -> bool {
        self.done_on.is_none()
            && self.cancelled_on.is_none()
            && self.renegotiations.is_empty()
            && self.first_due_on > day
    }

    /// Done by the end of `day`.
    pub fn is_done_by(&self, day: NaiveDate) -> bool {
        self.done_on.is_some_and(|d| d <= day)
    }

    /// Cancelled by the end of `day` (and not done before it was cancelled).
    pub fn is_cancelled_by(&self, day: NaiveDate) -> bool {
        match self.cancelled_on {
            Some(cancelled_on) if cancelled_on <= day => self.done_on.is_none_or(|d| d > cancelled_on),
            _ => false,
        }
    }
}

/// The evidence a commitment gives as it stood at the end of day `t` (SPEC 3.1), or `None`:
/// open, cancelled by agreement, or not yet missed. Done after `t` counts as not done; a missed
/// commitment later done reads as done late from its done day on, replacing the missed evidence.
pub fn outcome_as_of(history: &CommitmentHistory, t: NaiveDate, grace_days: i64) -> Option<Outcome> {
    let done = history.done_on.filter(|d| *d <= t);
    let cancelled = history.cancelled_on.filter(|c| *c <= t);
    if let Some(done_on) = done {
        // A done commitment cannot be cancelled nor the other way round; should the data say
        // both, whichever came first stands (the done day when they tie).
        if cancelled.is_none_or(|c| done_on <= c) {
            let due = history.due_on_as_of(done_on);
            let kind = if done_on <= due { OutcomeKind::OnTime } else { OutcomeKind::Late };
            return Some(Outcome { kind, on: done_on });
        }
    }
    if cancelled.is_some() {
        return None;
    }
    let missed_on = history.missed_on_as_of(t, grace_days);
    (missed_on <= t).then_some(Outcome { kind: OutcomeKind::Missed, on: missed_on })
}

/// Exponentially decayed Beta evidence: `r` successes and `s` failures, each weighted
/// `2^(-age/h)`, as of the end of day `as_of`. Carried forward in O(1) because decay
/// multiplies every weight by the same factor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    pub r: f64,
    pub s: f64,
    pub as_of: NaiveDate,
}

impl Evidence {
    pub fn empty(as_of: NaiveDate) -> Evidence {
        Evidence { r: 0.0, s: 0.0, as_of }
    }

    /// Evidence read back from storage; `None` when a number is negative or not finite.
    pub fn new(r: f64, s: f64, as_of: NaiveDate) -> Option<Evidence> {
        let ok = |x: f64| x.is_finite() && x >= 0.0;
        (ok(r) && ok(s)).then_some(Evidence { r, s, as_of })
    }

    /// Sums the outcomes as of `as_of`.
    pub fn from_outcomes(
        outcomes: impl IntoIterator<Item = Outcome>,
        as_of: NaiveDate,
        half_life: HalfLife,
    ) -> Evidence {
        let mut evidence = Evidence::empty(as_of);
        for outcome in outcomes {
            evidence.add(outcome, half_life);
        }
        evidence
    }

    /// Decays the evidence forward to the end of `to`. The past cannot be recovered from a
    /// decayed sum, so an earlier `to` leaves it unchanged (recompute to look back).
    pub fn advance(&mut self, to: NaiveDate, half_life: HalfLife) {
        let days = (to - self.as_of).num_days();
        if days > 0 {
            let factor = half_life.weight(days);
            self.r *= factor;
            self.s *= factor;
            self.as_of = to;
        }
    }

    /// A copy advanced to `to` (see [`Evidence::advance`]).
    pub fn advanced_to(mut self, to: NaiveDate, half_life: HalfLife) -> Evidence {
        self.advance(to, half_life);
        self
    }

    /// Counts one outcome with its weight at `as_of` (advancing first if the outcome is newer).
    pub fn add(&mut self, outcome: Outcome, half_life: HalfLife) {
        self.advance(outcome.on, half_life);
        let w = half_life.weight((self.as_of - outcome.on).num_days());
        let (r, s) = outcome.split();
        self.r += w * r;
        self.s += w * s;
    }

    /// Takes back an outcome counted earlier: exact for decayed sums, since the outcome's weight
    /// today is its weight then times the same decay as everything else.
    pub fn remove(&mut self, outcome: Outcome, half_life: HalfLife) {
        self.advance(outcome.on, half_life);
        let w = half_life.weight((self.as_of - outcome.on).num_days());
        let (r, s) = outcome.split();
        // Why the clamp: rounding may leave -1e-17 where nothing remains.
        self.r = (self.r - w * r).max(0.0);
        self.s = (self.s - w * s).max(0.0);
    }

    /// `r + s`, how much (decayed) evidence there is.
    pub fn total(&self) -> f64 {
        self.r + self.s
    }

    /// `E = (r + 1) / (r + s + 2)`, the mean of `Beta(r + 1, s + 1)`; 0.5 without evidence.
    pub fn expected(&self) -> f64 {
        (self.r + 1.0) / (self.r + self.s + 2.0)
    }

    /// The equal-tailed credible interval of `Beta(r + 1, s + 1)` holding `level` of its mass.
    /// `None` for a level outside (0, 1) or evidence that is not a number.
    pub fn credible_interval(&self, level: f64) -> Option<(f64, f64)> {
        if !(level > 0.0 && level < 1.0) {
            return None;
        }
        let beta = Beta::new(self.r + 1.0, self.s + 1.0).ok()?;
        let tail = (1.0 - level) / 2.0;
        Some((beta.inverse_cdf(tail), beta.inverse_cdf(1.0 - tail)))
    }

    /// The reliability people see, judged against the workspace's settings.
    pub fn reliability(&self, settings: &TrustSettings) -> Reliability {
        let estimate = if self.total() >= settings.min_evidence {
            self.credible_interval(settings.credible_level).map(|(low, high)| Estimate {
                expected: self.expected(),
                low,
                high,
                level: settings.credible_level,
            })
        } else {
            None
        };
        Reliability { r: self.r, s: self.s, as_of: self.as_of, estimate }
    }
}

/// Expected reliability with its credible interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Estimate {
    /// `E = (r + 1) / (r + s + 2)`, between 0 and 1.
    pub expected: f64,
    /// Lower end of the equal-tailed credible interval.
    pub low: f64,
    pub high: f64,
    /// The interval's probability mass, e.g. 0.9.
    pub level: f64,
}

/// Reliability of an organisation, a pair or a partnership on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reliability {
    /// Decayed weight of successes (done on time, half of done late).
    pub r: f64,
    /// Decayed weight of failures (missed, half of done late).
    pub s: f64,
    pub as_of: NaiveDate,
    /// `None` means "not enough evidence": `r + s` is below the workspace's minimum.
    pub estimate: Option<Estimate>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::OutcomeKind::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn ev(r: f64, s: f64) -> Evidence {
        Evidence { r, s, as_of: day(2026, 1, 1) }
    }

    fn history(due: NaiveDate) -> CommitmentHistory {
        CommitmentHistory {
            id: Uuid::from_u128(1),
            partnership_id: Uuid::from_u128(10),
            promisor: Uuid::from_u128(100),
            promisee: None,
            first_due_on: due,
            renegotiations: vec![],
            done_on: None,
            cancelled_on: None,
        }
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn spec_vectors_for_expected_reliability() {
        assert_eq!(ev(0.0, 0.0).expected(), 0.5);
        assert!(close(ev(7.0, 1.0).expected(), 0.8, 1e-12));
        assert!(close(ev(3.0, 1.0).expected(), 0.6667, 5e-5));
    }

    #[test]
    fn spec_vector_one_on_time_today_one_missed_half_a_life_ago() {
        let today = day(2026, 6, 30);
        let missed_on = today - chrono::TimeDelta::days(180);
        let e = Evidence::from_outcomes(
            [Outcome { kind: OnTime, on: today }, Outcome { kind: Missed, on: missed_on }],
            today,
            HalfLife::DEFAULT,
        );
        assert!(close(e.r, 1.0, 1e-12));
        assert!(close(e.s, 0.5, 1e-12));
        assert!(close(e.expected(), 0.571429, 1e-6));
    }

    #[test]
    fn the_same_vector_from_commitment_histories() {
        let today = day(2026, 6, 30);
        let on_time = CommitmentHistory { done_on: Some(today), ..history(today) };
        // Missed 180 days ago: due 183 days ago with 3 days' grace.
        let missed = history(today - chrono::TimeDelta::days(183));
        let outcomes = [&on_time, &missed].into_iter().filter_map(|h| outcome_as_of(h, today, 3));
        let e = Evidence::from_outcomes(outcomes, today, HalfLife::DEFAULT);
        assert!(close(e.r, 1.0, 1e-12) && close(e.s, 0.5, 1e-12), "{e:?}");
    }

    #[test]
    fn advancing_decays_in_one_step_as_in_many() {
        let h = HalfLife::DEFAULT;
        let mut stepwise = Evidence { r: 4.0, s: 2.0, as_of: day(2026, 1, 1) };
        for d in 2..=31 {
            stepwise.advance(day(2026, 1, d), h);
        }
        let once = Evidence { r: 4.0, s: 2.0, as_of: day(2026, 1, 1) }.advanced_to(day(2026, 1, 31), h);
        assert!(close(stepwise.r, once.r, 1e-12) && close(stepwise.s, once.s, 1e-12));
        assert!(close(once.r, 4.0 * 2f64.powf(-30.0 / 180.0), 1e-12));
        // Looking back leaves the evidence as it is.
        assert_eq!(once.advanced_to(day(2025, 1, 1), h), once);
    }

    #[test]
    fn removing_an_outcome_undoes_adding_it_later() {
        let h = HalfLife::DEFAULT;
        let missed = Outcome { kind: Missed, on: day(2026, 1, 10) };
        let mut e = Evidence::empty(day(2026, 1, 1));
        e.add(Outcome { kind: OnTime, on: day(2026, 1, 5) }, h);
        e.add(missed, h);
        e.advance(day(2026, 4, 1), h);
        e.remove(missed, h);
        let expected = Evidence::from_outcomes([Outcome { kind: OnTime, on: day(2026, 1, 5) }], day(2026, 4, 1), h);
        assert!(close(e.r, expected.r, 1e-12) && e.s == 0.0);
    }

    #[test]
    fn done_on_the_due_date_is_on_time_the_day_after_is_late() {
        let due = day(2026, 3, 20);
        let on_due = CommitmentHistory { done_on: Some(due), ..history(due) };
        let day_after = CommitmentHistory { done_on: Some(day(2026, 3, 21)), ..history(due) };
        assert_eq!(outcome_as_of(&on_due, day(2026, 4, 1), 3), Some(Outcome { kind: OnTime, on: due }));
        assert_eq!(outcome_as_of(&day_after, day(2026, 4, 1), 3), Some(Outcome { kind: Late, on: day(2026, 3, 21) }));
    }

    #[test]
    fn a_promise_due_later_is_silent_whatever_the_grace() {
        let today = day(2026, 3, 1);
        for (due, silent) in [(day(2026, 3, 2), true), (day(2026, 3, 1), false), (day(2026, 2, 20), false)] {
            let history = history(due);
            assert_eq!(history.is_silent_under_any_grace(today), silent, "due {due}");
            if silent {
                for grace in 0..30 {
                    assert_eq!(outcome_as_of(&history, today, grace), None, "grace {grace}");
                }
            }
        }
        let done = CommitmentHistory { done_on: Some(day(2026, 2, 27)), ..history(day(2026, 3, 9)) };
        assert!(!done.is_silent_under_any_grace(today));
        assert!(outcome_as_of(&done, today, 7).is_some());
    }

    #[test]
    fn missed_from_due_date_plus_grace() {
        let h = history(day(2026, 3, 20));
        assert_eq!(outcome_as_of(&h, day(2026, 3, 22), 3), None);
        assert_eq!(outcome_as_of(&h, day(2026, 3, 23), 3), Some(Outcome { kind: Missed, on: day(2026, 3, 23) }));
    }

    #[test]
    fn every_record_counts_as_it_stood_at_t() {
        // Done late on the 30th: missed from the 23rd to the 29th, done late from the 30th on.
        let h = CommitmentHistory { done_on: Some(day(2026, 3, 30)), ..history(day(2026, 3, 20)) };
        assert_eq!(outcome_as_of(&h, day(2026, 3, 19), 3), None);
        assert_eq!(outcome_as_of(&h, day(2026, 3, 29), 3).map(|o| o.kind), Some(Missed));
        assert_eq!(outcome_as_of(&h, day(2026, 3, 30), 3), Some(Outcome { kind: Late, on: day(2026, 3, 30) }));
    }

    #[test]
    fn renegotiating_before_the_due_date_moves_it_and_gives_no_evidence() {
        let mut h = history(day(2026, 3, 20));
        h.renegotiations.push(Renegotiation { agreed_on: day(2026, 3, 18), new_due_on: day(2026, 4, 10) });
        // Before the renegotiation the old date stands; afterwards the new one.
        assert_eq!(h.due_on_as_of(day(2026, 3, 17)), day(2026, 3, 20));
        assert_eq!(outcome_as_of(&h, day(2026, 4, 1), 3), None);
        // Done on the new date: on time, though after the first.
        h.done_on = Some(day(2026, 4, 10));
        assert_eq!(outcome_as_of(&h, day(2026, 4, 30), 3).map(|o| o.kind), Some(OnTime));
    }

    #[test]
    fn renegotiating_on_the_due_date_counts_but_after_it_does_not() {
        let mut on_due = history(day(2026, 3, 20));
        on_due.renegotiations.push(Renegotiation { agreed_on: day(2026, 3, 20), new_due_on: day(2026, 4, 10) });
        assert_eq!(on_due.due_on_as_of(day(2026, 3, 25)), day(2026, 4, 10));
        let mut late = history(day(2026, 3, 20));
        late.renegotiations.push(Renegotiation { agreed_on: day(2026, 3, 21), new_due_on: day(2026, 4, 10) });
        assert_eq!(outcome_as_of(&late, day(2026, 3, 25), 3).map(|o| o.kind), Some(Missed));
    }

    #[test]
    fn cancelled_by_agreement_gives_no_evidence_from_the_day_it_was_cancelled() {
        let h = CommitmentHistory { cancelled_on: Some(day(2026, 3, 25)), ..history(day(2026, 3, 20)) };
        assert_eq!(outcome_as_of(&h, day(2026, 3, 24), 3).map(|o| o.kind), Some(Missed));
        assert_eq!(outcome_as_of(&h, day(2026, 3, 25), 3), None);
        assert!(h.is_cancelled_by(day(2026, 3, 25)) && !h.is_cancelled_by(day(2026, 3, 24)));
    }

    #[test]
    fn not_enough_evidence_below_three() {
        let settings = TrustSettings::default();
        assert!(ev(2.0, 0.99).reliability(&settings).estimate.is_none());
        let enough = ev(2.0, 1.0).reliability(&settings).estimate.unwrap();
        assert!(close(enough.expected, 0.6, 1e-12));
        assert!(enough.low < enough.expected && enough.expected < enough.high);
    }

    #[test]
    fn credible_interval_matches_known_quantiles() {
        // Beta(1, 1) is uniform: its 5 % and 95 % quantiles are 0.05 and 0.95.
        let (low, high) = ev(0.0, 0.0).credible_interval(0.9).unwrap();
        assert!(close(low, 0.05, 1e-9) && close(high, 0.95, 1e-9));
        // Beta(8, 2) (r=7, s=1) has the CDF x^8 (9 - 8x); solved by bisection for 0.05 and 0.95.
        let (low, high) = ev(7.0, 1.0).credible_interval(0.9).unwrap();
        assert!(close(low, 0.570_864_45, 1e-7) && close(high, 0.958_976_83, 1e-7), "{low} {high}");
        assert!(ev(1.0, 1.0).credible_interval(1.0).is_none());
    }

    proptest::proptest! {
        /// E is a probability strictly inside (0, 1) and within its own credible interval, for
        /// any amount of evidence an organisation could gather.
        #[test]
        fn expected_lies_inside_its_interval(r in 0.0..5_000.0f64, s in 0.0..5_000.0f64) {
            let e = ev(r, s);
            let expected = e.expected();
            proptest::prop_assert!(expected > 0.0 && expected < 1.0);
            let (low, high) = e.credible_interval(0.9).unwrap();
            proptest::prop_assert!(0.0 <= low && low <= expected && expected <= high && high <= 1.0, "{low} {expected} {high}");
        }
    }

    #[test]
    fn history_is_rebuilt_from_the_stored_record_and_its_events() {
        use crate::kinds::CommitmentStatus;
        use chrono::{TimeZone, Utc};
        let event = |n: u128, kind, hour: u32, on_date, previous_due_on, new_due_on| CommitmentEvent {
            id: Uuid::from_u128(n),
            kind,
            occurred_at: Utc.with_ymd_and_hms(2026, 3, 10 + n as u32, hour, 0, 0).unwrap(),
            on_date,
            previous_due_on,
            new_due_on,
            reason: None,
            actor_user_id: None,
        };
        let commitment = Commitment {
            id: Uuid::from_u128(1),
            partnership_id: Uuid::from_u128(10),
            promisor_organization_id: Uuid::from_u128(100),
            promisor_user_id: None,
            promisee_organization_id: Some(Uuid::from_u128(200)),
            description: "Host the reading night".into(),
            made_on: day(2026, 3, 1),
            due_on: day(2026, 4, 30),
            done_on: None,
            cancelled: true,
            status: CommitmentStatus::Cancelled,
            checkin_id: None,
            created_at: Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap(),
            archived_at: None,
            version: 4,
        };
        // Given out of order, as a query might return them.
        let events = [
            event(3, CommitmentEventKind::Cancelled, 9, Some(day(2026, 3, 13)), None, None),
            event(2, CommitmentEventKind::Renegotiated, 9, None, Some(day(2026, 4, 15)), Some(day(2026, 4, 30))),
            event(1, CommitmentEventKind::Renegotiated, 9, None, Some(day(2026, 3, 20)), Some(day(2026, 4, 15))),
            event(0, CommitmentEventKind::Made, 9, None, None, None),
        ];
        let h = CommitmentHistory::from_record(&commitment, &events);
        assert_eq!(h.first_due_on, day(2026, 3, 20));
        assert_eq!(
            h.renegotiations,
            vec![
                Renegotiation { agreed_on: day(2026, 3, 11), new_due_on: day(2026, 4, 15) },
                Renegotiation { agreed_on: day(2026, 3, 12), new_due_on: day(2026, 4, 30) },
            ]
        );
        assert_eq!(h.cancelled_on, Some(day(2026, 3, 13)));
        assert_eq!(h.promisee, Some(Uuid::from_u128(200)));
        assert_eq!(h.due_on_as_of(day(2026, 3, 11)), day(2026, 4, 15));
    }

    #[test]
    fn stored_evidence_must_be_sane() {
        assert!(Evidence::new(-1.0, 0.0, day(2026, 1, 1)).is_none());
        assert!(Evidence::new(f64::NAN, 0.0, day(2026, 1, 1)).is_none());
        assert!(Evidence::new(1.5, 0.5, day(2026, 1, 1)).is_some());
    }
}
