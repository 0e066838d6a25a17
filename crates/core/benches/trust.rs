//! The trust engine's cost: one incremental ledger update, a full recompute over a million
//! commitments (SPEC 9's scale), and one partnership's health and warnings.
//! Run with `cargo bench -p rapport-core`; numbers go to BENCHMARKS.md.

use std::collections::HashMap;
use std::hint::black_box;

use chrono::{Duration, NaiveDate};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rapport_core::kinds::{Cadence, OutcomeKind};
use rapport_core::trust::snapshot::CheckInFact;
use rapport_core::trust::{
    CommitmentHistory, LedgerKey, Outcome, OutcomeChange, PartnershipSnapshot, ReliabilityLedger, TrustSettings,
    health, ledger_keys, warnings,
};
use uuid::Uuid;

const ORGANIZATIONS: u64 = 5_000;
const PARTNERSHIPS: u64 = 20_000;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

/// A deterministic stand-in for a large network's commitments: mostly kept, some late, some
/// missed, spread over eighteen months.
fn commitments(count: u64) -> (Vec<CommitmentHistory>, HashMap<Uuid, Vec<Uuid>>) {
    let mut members = HashMap::new();
    for p in 0..PARTNERSHIPS {
        let a = Uuid::from_u64_pair(1, p % ORGANIZATIONS);
        let b = Uuid::from_u64_pair(1, (p * 7 + 1) % ORGANIZATIONS);
        members.insert(Uuid::from_u64_pair(2, p), vec![a, b]);
    }
    let histories = (0..count)
        .map(|n| {
            let partnership = Uuid::from_u64_pair(2, n % PARTNERSHIPS);
            let pair = &members[&partnership];
            let due = today() - Duration::days((n * 37 % 540) as i64);
            let done_on = match n % 10 {
                0 => None,
                1 => Some(due + Duration::days(5)),
                _ => Some(due - Duration::days(2)),
            };
            CommitmentHistory {
                id: Uuid::from_u64_pair(3, n),
                partnership_id: partnership,
                promisor: pair[(n % 2) as usize],
                promisee: if n % 3 == 0 { None } else { Some(pair[1 - (n % 2) as usize]) },
                first_due_on: due,
                renegotiations: Vec::new(),
                done_on,
                cancelled_on: None,
            }
        })
        .collect();
    (histories, members)
}

fn incremental_update(c: &mut Criterion) {
    let settings = TrustSettings::default();
    let (histories, members) = commitments(100_000);
    let ledger = ReliabilityLedger::recompute(&histories, &members, today(), &settings);
    let history = &histories[42];
    let keys: Vec<LedgerKey> = ledger_keys(history, &members[&history.partnership_id]);
    let missed = Outcome { kind: OutcomeKind::Missed, on: today() - Duration::days(3) };
    let late = Outcome { kind: OutcomeKind::Late, on: today() };
    c.bench_function("ledger: one outcome change (missed → done late)", |b| {
        b.iter_batched(
            || ledger.clone(),
            |mut ledger| {
                // Returned, so dropping the large ledger is not timed.
                let updated = ledger.apply(&keys, OutcomeChange { old: Some(missed), new: Some(late) });
                (ledger, black_box(updated))
            },
            BatchSize::LargeInput,
        );
    });
}

fn full_recompute(c: &mut Criterion) {
    let settings = TrustSettings::default();
    let (histories, members) = commitments(1_000_000);
    let mut group = c.benchmark_group("recompute");
    group.sample_size(10);
    group.bench_function("ledger from 1,000,000 commitments", |b| {
        b.iter(|| black_box(ReliabilityLedger::recompute(&histories, &members, today(), &settings)));
    });
    group.finish();
}

fn partnership_health(c: &mut Criterion) {
    let settings = TrustSettings::default();
    let (histories, _) = commitments(50 * PARTNERSHIPS);
    let partnership = histories[0].partnership_id;
    let mut snapshot = PartnershipSnapshot::new(partnership, today() - Duration::days(540), Cadence::Monthly);
    snapshot.commitments = histories.into_iter().filter(|h| h.partnership_id == partnership).collect();
    snapshot.check_ins = (0..18)
        .map(|m| CheckInFact {
            id: Uuid::from_u64_pair(4, m),
            held_on: today() - Duration::days(30 * m as i64),
            attendee_organization_ids: Vec::new(),
        })
        .collect();
    c.bench_function("health index + warnings of one partnership (50 commitments)", |b| {
        b.iter(|| {
            black_box(health(&snapshot, today(), &settings));
            black_box(warnings(&snapshot, today(), &settings));
        });
    });
}

criterion_group!(benches, incremental_update, full_recompute, partnership_health);
criterion_main!(benches);
