//! The trust model (SPEC 3): reliability from kept promises, the partnership health index and
//! early warnings. Everything here is a pure function of records and an explicit evaluation day
//! ("as of"), so any score can be recomputed for any past day and explained by its records.
//!
//! - [`reliability`]: commitment histories → outcomes → decayed Beta evidence.
//! - [`ledger`]: that evidence per organisation, pair and partnership, kept incrementally.
//! - [`snapshot`]: what the store loads about one partnership.
//! - [`health`] and [`warnings`]: the partnership page's index and alerts.

pub mod health;
pub mod ledger;
pub mod reliability;
pub mod settings;
pub mod snapshot;
pub mod warnings;

use chrono::{Datelike, NaiveDate, TimeDelta};
use serde::Serialize;

pub use health::{Health, HealthBasis, HealthComponent, Span, health};
pub use ledger::{LedgerKey, OutcomeChange, ReliabilityLedger, ledger_keys, reconcile};
pub use reliability::{CommitmentHistory, Estimate, Evidence, Outcome, Reliability, Renegotiation, outcome_as_of};
pub use settings::{HalfLife, HealthSettings, TrustSettings, ValidTrustSettings, WarningSettings};
pub use snapshot::PartnershipSnapshot;
pub use warnings::{RecordRef, Warning, WarningFacts, WarningRecord, warnings};

/// `day + days`, saturating at the ends of the calendar instead of panicking on absurd input.
pub(crate) fn add_days(day: NaiveDate, days: i64) -> NaiveDate {
    TimeDelta::try_days(days).and_then(|delta| day.checked_add_signed(delta)).unwrap_or(if days >= 0 {
        NaiveDate::MAX
    } else {
        NaiveDate::MIN
    })
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub(crate) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The days a trend is evaluated on: the last day of every month ending within `from..=to`,
/// then `to` itself when it is not a month's end (the current, partial month).
pub fn month_ends(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let mut month_start = from.with_day(1).unwrap_or(from);
    while month_start <= to {
        let next = month_start.checked_add_months(chrono::Months::new(1));
        let end = next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX);
        if end >= from && end <= to {
            days.push(end);
        }
        match next {
            Some(next) => month_start = next,
            None => break,
        }
    }
    if days.last() != Some(&to) && from <= to {
        days.push(to);
    }
    days
}

/// One point of a trend line; `None` where there was not enough data on that day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    pub on: NaiveDate,
    pub value: Option<f64>,
}

/// The partnership's health index at each month's end from `from` to `to`.
pub fn health_trend(
    snapshot: &PartnershipSnapshot,
    from: NaiveDate,
    to: NaiveDate,
    settings: &TrustSettings,
) -> Vec<TrendPoint> {
    month_ends(from, to).into_iter().map(|on| TrendPoint { on, value: health(snapshot, on, settings).index }).collect()
}

/// What a partnership's trust panel shows as of one day: the health index with its reasons, the
/// early warnings (none while the partnership is not running), the index at each month's end
/// over the last twelve months, and each member's reliability in the commitments it made inside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub as_of: NaiveDate,
    pub health: Health,
    pub warnings: Vec<Warning>,
    pub trend: Vec<TrendPoint>,
    pub members: Vec<(uuid::Uuid, Reliability)>,
}

impl Assessment {
    /// How far back the trend reaches.
    pub const TREND_MONTHS: u32 = 12;

    pub fn of(snapshot: &PartnershipSnapshot, running: bool, as_of: NaiveDate, settings: &TrustSettings) -> Assessment {
        let trend_from = as_of.checked_sub_months(chrono::Months::new(Self::TREND_MONTHS)).unwrap_or(as_of);
        let members = snapshot
            .members
            .iter()
            .map(|member| {
                let theirs = snapshot.commitments.iter().filter(|c| c.promisor == member.organization_id);
                (member.organization_id, snapshot::evidence_of(theirs, as_of, settings).reliability(settings))
            })
            .collect();
        Assessment {
            as_of,
            health: health(snapshot, as_of, settings),
            warnings: if running { warnings(snapshot, as_of, settings) } else { Vec::new() },
            trend: health_trend(snapshot, trend_from, as_of, settings),
            members,
        }
    }

    /// `organization`'s reliability inside the partnership; no evidence when it made no
    /// commitment there (or joined after the assessment).
    pub fn member_reliability(&self, organization: uuid::Uuid, settings: &TrustSettings) -> Reliability {
        self.members
            .iter()
            .find(|(id, _)| *id == organization)
            .map(|(_, r)| *r)
            .unwrap_or_else(|| snapshot::evidence_of(std::iter::empty(), self.as_of, settings).reliability(settings))
    }
}

/// Expected reliability `E` of a set of commitments at each month's end, `None` while there is
/// not enough evidence. Pass the commitments a ledger key covers (an organisation's, a pair's).
pub fn reliability_trend(
    commitments: &[CommitmentHistory],
    from: NaiveDate,
    to: NaiveDate,
    settings: &TrustSettings,
) -> Vec<TrendPoint> {
    month_ends(from, to)
        .into_iter()
        .map(|on| {
            let evidence = snapshot::evidence_of(commitments, on, settings);
            TrendPoint { on, value: evidence.reliability(settings).estimate.map(|e| e.expected) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn month_ends_close_every_month_and_end_on_the_day_asked() {
        assert_eq!(
            month_ends(day(2025, 12, 15), day(2026, 3, 10)),
            vec![day(2025, 12, 31), day(2026, 1, 31), day(2026, 2, 28), day(2026, 3, 10)]
        );
        assert_eq!(month_ends(day(2026, 1, 1), day(2026, 2, 28)), vec![day(2026, 1, 31), day(2026, 2, 28)]);
        assert_eq!(month_ends(day(2026, 3, 10), day(2026, 3, 10)), vec![day(2026, 3, 10)]);
        assert!(month_ends(day(2026, 3, 10), day(2026, 3, 9)).is_empty());
    }

    #[test]
    fn trends_evaluate_each_month_end_as_it_stood_then() {
        let settings = TrustSettings::default();
        let promise = |n: u128, due: NaiveDate, done: Option<NaiveDate>| CommitmentHistory {
            id: uuid::Uuid::from_u128(n),
            partnership_id: uuid::Uuid::from_u128(1),
            promisor: uuid::Uuid::from_u128(2),
            promisee: None,
            first_due_on: due,
            renegotiations: vec![],
            done_on: done,
            cancelled_on: None,
        };
        // Three kept in February, one missed in March (due 10 March, missed from the 13th).
        let commitments = vec![
            promise(1, day(2026, 2, 10), Some(day(2026, 2, 10))),
            promise(2, day(2026, 2, 11), Some(day(2026, 2, 11))),
            promise(3, day(2026, 2, 12), Some(day(2026, 2, 12))),
            promise(4, day(2026, 3, 10), None),
        ];
        let trend = reliability_trend(&commitments, day(2026, 1, 1), day(2026, 3, 15), &settings);
        let days: Vec<_> = trend.iter().map(|p| p.on).collect();
        assert_eq!(days, vec![day(2026, 1, 31), day(2026, 2, 28), day(2026, 3, 15)]);
        assert_eq!(trend[0].value, None, "no evidence in January");
        assert_eq!(trend[1].value, None, "three kept promises decayed a little are just under 3");
        let march = trend[2].value.unwrap();
        let expected = snapshot::evidence_of(&commitments, day(2026, 3, 15), &settings).expected();
        assert!((march - expected).abs() < 1e-12 && march < 0.8);

        let mut snapshot =
            PartnershipSnapshot::new(uuid::Uuid::from_u128(1), day(2026, 1, 1), crate::kinds::Cadence::Monthly);
        snapshot.commitments = commitments;
        let health = health_trend(&snapshot, day(2026, 1, 1), day(2026, 3, 15), &settings);
        assert_eq!(health.len(), 3);
        assert_eq!(health[0].value, None, "30 days old: only the concerns component has data");
        assert!(health[2].value.is_some());
    }

    #[test]
    fn adding_days_saturates_instead_of_panicking() {
        assert_eq!(add_days(day(2026, 1, 1), 3), day(2026, 1, 4));
        assert_eq!(add_days(day(2026, 1, 1), i64::MAX), NaiveDate::MAX);
        assert_eq!(add_days(day(2026, 1, 1), i64::MIN), NaiveDate::MIN);
    }
}
