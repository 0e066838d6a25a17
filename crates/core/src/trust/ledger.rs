//! The reliability ledger: decayed evidence per organisation, per pair of organisations and per
//! partnership, kept up to date in O(1) per outcome change, with a full recompute that must
//! agree with it (SPEC 3.1, proved by the property test below).
//!
//! How the store drives it: each commitment remembers the outcome the ledger has counted for it
//! (`counted`, `None` at first). Whenever a commitment changes (done, renegotiated, cancelled)
//! and once a day for undone commitments past due date + grace, the store calls [`reconcile`]
//! with `today`; a `Some(change)` is applied with [`ReliabilityLedger::apply`] to every key of
//! [`ledger_keys`], and `change.new` becomes the commitment's `counted`, in the same
//! transaction. Because the delta is always taken from what was counted, a missed day of the
//! sweep or a change recorded before the sweep never counts anything twice.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::reliability::{CommitmentHistory, Evidence, Outcome, Reliability, outcome_as_of};
use super::settings::{HalfLife, TrustSettings};

/// Whose reliability a ledger entry measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LedgerKey {
    /// Every commitment the organisation made.
    Organization(Uuid),
    /// Commitments `promisor` made to `counterpart`, or to a partnership both belong to.
    Pair { promisor: Uuid, counterpart: Uuid },
    /// Every commitment made inside the partnership, by any member (the health index's).
    Partnership(Uuid),
}

/// The ledger entries one commitment's evidence counts in. `members` are the organisations of
/// its partnership: a promise to the whole partnership counts for the pair with every other
/// member (SPEC 3.1).
pub fn ledger_keys(history: &CommitmentHistory, members: &[Uuid]) -> Vec<LedgerKey> {
    let mut keys = vec![LedgerKey::Organization(history.promisor), LedgerKey::Partnership(history.partnership_id)];
    let pair = |counterpart| LedgerKey::Pair { promisor: history.promisor, counterpart };
    match history.promisee {
        Some(promisee) if promisee != history.promisor => keys.push(pair(promisee)),
        Some(_) => {}
        None => keys.extend(members.iter().filter(|m| **m != history.promisor).map(|m| pair(*m))),
    }
    keys
}

/// What to take out of the ledger and what to put in for one commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeChange {
    pub old: Option<Outcome>,
    pub new: Option<Outcome>,
}

/// The change that brings a commitment's counted outcome up to date on `today`; `None` when the
/// ledger already counts it as it stands.
pub fn reconcile(
    counted: Option<Outcome>,
    history: &CommitmentHistory,
    today: NaiveDate,
    settings: &TrustSettings,
) -> Option<OutcomeChange> {
    let new = outcome_as_of(history, today, settings.grace_days);
    (new != counted).then_some(OutcomeChange { old: counted, new })
}

/// Decayed evidence per [`LedgerKey`]. Persist each entry as `(key, r, s, as_of)`; the half-life
/// is the workspace's, and changing it calls for a [`ReliabilityLedger::recompute`].
#[derive(Debug, Clone, PartialEq)]
pub struct ReliabilityLedger {
    half_life: HalfLife,
    entries: BTreeMap<LedgerKey, Evidence>,
}

impl ReliabilityLedger {
    pub fn new(half_life: HalfLife) -> ReliabilityLedger {
        ReliabilityLedger { half_life, entries: BTreeMap::new() }
    }

    /// A ledger read back from storage.
    pub fn from_entries(
        half_life: HalfLife,
        entries: impl IntoIterator<Item = (LedgerKey, Evidence)>,
    ) -> ReliabilityLedger {
        ReliabilityLedger { half_life, entries: entries.into_iter().collect() }
    }

    pub fn half_life(&self) -> HalfLife {
        self.half_life
    }

    /// Applies one commitment's change to each of its keys: O(1) per key. Returns the updated
    /// entries, for the store to write back.
    pub fn apply(&mut self, keys: &[LedgerKey], change: OutcomeChange) -> Vec<(LedgerKey, Evidence)> {
        let Some(start) = change.new.or(change.old).map(|o| o.on) else {
            return Vec::new();
        };
        let mut updated = Vec::with_capacity(keys.len());
        for key in keys {
            let entry = self.entries.entry(*key).or_insert_with(|| Evidence::empty(start));
            if let Some(old) = change.old {
                entry.remove(old, self.half_life);
            }
            if let Some(new) = change.new {
                entry.add(new, self.half_life);
            }
            updated.push((*key, *entry));
        }
        updated
    }

    /// The evidence for `key` carried forward to `as_of`; empty when nothing was ever counted.
    pub fn evidence(&self, key: &LedgerKey, as_of: NaiveDate) -> Evidence {
        match self.entries.get(key) {
            Some(evidence) => evidence.advanced_to(as_of, self.half_life),
            None => Evidence::empty(as_of),
        }
    }

    pub fn reliability(&self, key: &LedgerKey, as_of: NaiveDate, settings: &TrustSettings) -> Reliability {
        self.evidence(key, as_of).reliability(settings)
    }

    /// Every entry as stored (not advanced).
    pub fn entries(&self) -> impl Iterator<Item = (&LedgerKey, &Evidence)> {
        self.entries.iter()
    }

    /// The organisations `promisor` has pair evidence towards.
    pub fn counterparts_of(&self, promisor: Uuid) -> impl Iterator<Item = Uuid> + '_ {
        self.entries.keys().filter_map(move |key| match key {
            LedgerKey::Pair { promisor: p, counterpart } if *p == promisor => Some(*counterpart),
            _ => None,
        })
    }

    /// Builds the ledger from scratch as of `as_of`, every commitment read as it stood then.
    /// `members` maps a partnership to its member organisations. The store's full recompute
    /// also resets each commitment's `counted` to `outcome_as_of(history, as_of, grace)`.
    pub fn recompute<'a>(
        commitments: impl IntoIterator<Item = &'a CommitmentHistory>,
        members: &HashMap<Uuid, Vec<Uuid>>,
        as_of: NaiveDate,
        settings: &TrustSettings,
    ) -> ReliabilityLedger {
        let mut ledger = ReliabilityLedger::new(settings.half_life);
        for history in commitments {
            let Some(outcome) = outcome_as_of(history, as_of, settings.grace_days) else { continue };
            let partnership_members = members.get(&history.partnership_id).map(Vec::as_slice).unwrap_or(&[]);
            for key in ledger_keys(history, partnership_members) {
                ledger.entries.entry(key).or_insert_with(|| Evidence::empty(as_of)).add(outcome, settings.half_life);
            }
        }
        ledger
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::OutcomeKind;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn org(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn history(promisee: Option<Uuid>) -> CommitmentHistory {
        CommitmentHistory {
            id: Uuid::from_u128(1),
            partnership_id: Uuid::from_u128(50),
            promisor: org(1),
            promisee,
            first_due_on: day(10),
            renegotiations: vec![],
            done_on: None,
            cancelled_on: None,
        }
    }

    #[test]
    fn a_promise_to_the_partnership_counts_for_every_other_member() {
        let members = [org(1), org(2), org(3)];
        let keys = ledger_keys(&history(None), &members);
        assert_eq!(
            keys,
            vec![
                LedgerKey::Organization(org(1)),
                LedgerKey::Partnership(Uuid::from_u128(50)),
                LedgerKey::Pair { promisor: org(1), counterpart: org(2) },
                LedgerKey::Pair { promisor: org(1), counterpart: org(3) },
            ]
        );
        let to_two = ledger_keys(&history(Some(org(2))), &members);
        assert_eq!(to_two.len(), 3);
        assert_eq!(to_two[2], LedgerKey::Pair { promisor: org(1), counterpart: org(2) });
    }

    #[test]
    fn a_missed_commitment_done_late_replaces_its_evidence() {
        let settings = TrustSettings::default();
        let members = HashMap::from([(Uuid::from_u128(50), vec![org(1), org(2)])]);
        let mut h = history(Some(org(2)));
        let keys = ledger_keys(&h, &members[&Uuid::from_u128(50)]);
        let mut ledger = ReliabilityLedger::new(settings.half_life);

        // The daily sweep finds it missed on the 13th (due the 10th, 3 days' grace).
        let change = reconcile(None, &h, day(13), &settings).unwrap();
        assert_eq!(change.new, Some(Outcome { kind: OutcomeKind::Missed, on: day(13) }));
        ledger.apply(&keys, change);
        let counted = change.new;
        assert!(reconcile(counted, &h, day(14), &settings).is_none(), "nothing new the next day");

        // Done on the 20th: the missed evidence goes, half a success and half a failure come.
        h.done_on = Some(day(20));
        let change = reconcile(counted, &h, day(20), &settings).unwrap();
        ledger.apply(&keys, change);
        let e = ledger.evidence(&LedgerKey::Pair { promisor: org(1), counterpart: org(2) }, day(20));
        assert!((e.r - 0.5).abs() < 1e-12 && (e.s - 0.5).abs() < 1e-12, "{e:?}");
        let full = ReliabilityLedger::recompute([&h], &members, day(20), &settings);
        assert_eq!(
            full.evidence(&LedgerKey::Organization(org(1)), day(20)),
            ledger.evidence(&LedgerKey::Organization(org(1)), day(20))
        );
    }

    #[test]
    fn an_unknown_key_has_no_evidence() {
        let ledger = ReliabilityLedger::new(HalfLife::DEFAULT);
        let e = ledger.evidence(&LedgerKey::Organization(org(9)), day(1));
        assert_eq!((e.r, e.s, e.expected()), (0.0, 0.0, 0.5));
        assert!(
            ledger.reliability(&LedgerKey::Organization(org(9)), day(1), &TrustSettings::default()).estimate.is_none()
        );
    }
}

/// SPEC 3.1's required proof: driving the ledger incrementally, as the store does, always agrees
/// with a full recompute.
#[cfg(test)]
mod property {
    use super::*;
    use crate::commitment::CommitmentFacts;
    use chrono::TimeDelta;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        /// Marked done, `back` days before the day it is recorded.
        Done {
            back: i64,
        },
        /// A new due date `delta` days from the day it is agreed.
        Renegotiate {
            delta: i64,
        },
        Cancel,
    }

    #[derive(Debug, Clone)]
    struct Plan {
        partnership: usize,
        promisor: usize,
        promisee: Option<usize>,
        made: i64,
        due_after: i64,
        /// (days after it was made, what happens) — attempted in order; refused ones are skipped,
        /// exactly as the API would refuse them.
        ops: Vec<(i64, Op)>,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (0..8i64).prop_map(|back| Op::Done { back }),
            2 => (-5..45i64).prop_map(|delta| Op::Renegotiate { delta }),
            1 => Just(Op::Cancel),
        ]
    }

    fn plan() -> impl Strategy<Value = Plan> {
        (
            0..2usize,
            0..3usize,
            proptest::option::of(0..3usize),
            0..250i64,
            0..60i64,
            proptest::collection::vec((0..120i64, op()), 0..4),
        )
            .prop_map(|(partnership, promisor, promisee, made, due_after, mut ops)| {
                ops.sort_by_key(|(offset, _)| *offset);
                Plan { partnership, promisor, promisee, made, due_after, ops }
            })
    }

    const DAYS: i64 = 420;

    fn start() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    }

    fn at(d: i64) -> NaiveDate {
        start() + TimeDelta::days(d)
    }

    /// Equal within 1e-9 relative, with an absolute floor of 1e-12 for what should be zero: a
    /// removed outcome may leave a rounding residue of about 1e-16 of the largest weight.
    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-12
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        #[test]
        fn incremental_ledger_equals_full_recompute(
            plans in proptest::collection::vec(plan(), 1..16),
            sweep_every in 1..10i64,
            evaluations in proptest::collection::btree_set(0..DAYS, 1..8),
            half_life_days in 7.0..720.0f64,
        ) {
            let settings = TrustSettings { half_life: HalfLife::days(half_life_days).unwrap(), ..TrustSettings::default() };
            let orgs: Vec<Uuid> = (1..=3).map(Uuid::from_u128).collect();
            let partnerships = [Uuid::from_u128(100), Uuid::from_u128(200)];
            let members = HashMap::from([(partnerships[0], orgs.clone()), (partnerships[1], orgs[..2].to_vec())]);

            let mut histories: Vec<Option<CommitmentHistory>> = vec![None; plans.len()];
            let mut counted: Vec<Option<Outcome>> = vec![None; plans.len()];
            let mut ledger = ReliabilityLedger::new(settings.half_life);

            for d in 0..DAYS {
                let today = at(d);
                for (i, plan) in plans.iter().enumerate() {
                    let partnership = partnerships[plan.partnership];
                    let team = &members[&partnership];
                    if plan.made == d {
                        let promisor = team[plan.promisor % team.len()];
                        let promisee = plan.promisee.map(|p| team[p % team.len()]).filter(|p| *p != promisor);
                        histories[i] = Some(CommitmentHistory {
                            id: Uuid::from_u128(1_000 + i as u128),
                            partnership_id: partnership,
                            promisor,
                            promisee,
                            first_due_on: at(plan.made + plan.due_after),
                            renegotiations: vec![],
                            done_on: None,
                            cancelled_on: None,
                        });
                    }
                    let Some(history) = histories[i].as_mut() else { continue };
                    let mut touched = false;
                    for (_, op) in plan.ops.iter().filter(|(offset, _)| plan.made + offset == d) {
                        let facts = CommitmentFacts {
                            made_on: at(plan.made),
                            due_on: history.due_on_as_of(today),
                            done_on: history.done_on,
                            cancelled: history.cancelled_on.is_some(),
                        };
                        match op {
                            Op::Done { back } => {
                                let done_on = today - TimeDelta::days(*back);
                                if facts.check_done(done_on, today).is_ok() {
                                    history.done_on = Some(done_on);
                                    touched = true;
                                }
                            }
                            Op::Renegotiate { delta } => {
                                let new_due_on = today + TimeDelta::days(*delta);
                                if facts.check_renegotiation(new_due_on, "room booked out", today, today).is_ok() {
                                    history.renegotiations.push(Renegotiation { agreed_on: today, new_due_on });
                                    touched = true;
                                }
                            }
                            Op::Cancel => {
                                if facts.check_cancellation("agreed at the check-in", today, today).is_ok() {
                                    history.cancelled_on = Some(today);
                                    touched = true;
                                }
                            }
                        }
                    }
                    // The store reconciles a commitment in the transaction that changes it…
                    if touched
                        && let Some(change) = reconcile(counted[i], history, today, &settings)
                    {
                        ledger.apply(&ledger_keys(history, team), change);
                        counted[i] = change.new;
                    }
                }

                // …and sweeps for newly missed ones now and then, and always before it is read.
                if d % sweep_every == 0 || evaluations.contains(&d) {
                    for (i, slot) in histories.iter().enumerate() {
                        let Some(history) = slot else { continue };
                        let candidate = counted[i].is_none()
                            && history.done_on.is_none()
                            && history.cancelled_on.is_none()
                            && history.missed_on_as_of(today, settings.grace_days) <= today;
                        if candidate && let Some(change) = reconcile(counted[i], history, today, &settings) {
                            let team = &members[&history.partnership_id];
                            ledger.apply(&ledger_keys(history, team), change);
                            counted[i] = change.new;
                        }
                    }
                }

                if evaluations.contains(&d) {
                    let full = ReliabilityLedger::recompute(histories.iter().flatten(), &members, today, &settings);
                    let keys: std::collections::BTreeSet<LedgerKey> = full.entries().map(|(k, _)| *k).chain(ledger.entries().map(|(k, _)| *k)).collect();
                    for key in keys {
                        let inc = ledger.evidence(&key, today);
                        let rec = full.evidence(&key, today);
                        prop_assert!(close(inc.r, rec.r) && close(inc.s, rec.s), "day {d}, {key:?}: incremental {inc:?} vs recompute {rec:?}");
                        let e = inc.expected();
                        prop_assert!(e > 0.0 && e < 1.0);
                        let (low, high) = inc.credible_interval(settings.credible_level).unwrap();
                        prop_assert!(low <= e && e <= high, "E {e} outside [{low}, {high}] for {inc:?}");
                    }
                }
            }
        }
    }

    use super::super::reliability::Renegotiation;
}
