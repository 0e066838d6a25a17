//! SPEC 3.1's required property, on both databases: whatever sequence of writes a workspace
//! sees (commitments made, kept, renegotiated, cancelled, archived; check-ins, concerns and
//! their acknowledgement, kudos; days passing with the daily sweep), the trust state the writes
//! keep incrementally equals the one a full recompute rebuilds from the records.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Duration, NaiveDate, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rapport_core::commitment::{Agreed, OutcomeDraft};
use rapport_core::concern::{ConcernDraft, ConcernTransitionDraft};
use rapport_core::kinds::RecordKind;
use rapport_core::kudos::KudosDraft;
use rapport_core::records::{
    CheckInDraft, CommitmentDraft, MemberDraft, OrganizationDraft, PartnershipDraft, PromiseContext,
};
use rapport_core::trust::RecordRef;
use rapport_store::{Store, StoreError};
use uuid::Uuid;

use crate::on_both_backends;
use crate::support::*;

on_both_backends!(incremental_trust_state_equals_a_full_recompute);

#[derive(Debug, Clone)]
enum Op {
    /// A promise by member `by`, to the partnership or to the other member, due `due_in` days
    /// from today (negative: entered after its due date, made five days before it, with the
    /// outcome `fate` picks: kept the day before it was due, kept late today, not kept, or
    /// cancelled by agreement today).
    Make {
        by: usize,
        to_other: bool,
        due_in: i64,
        fate: u8,
    },
    Done {
        pick: usize,
        back: i64,
    },
    /// Moved `later` days past today, agreed `agreed_back` days ago (a change recorded
    /// afterwards; refused when that was after the due date or before the promise).
    Renegotiate {
        pick: usize,
        later: i64,
        agreed_back: i64,
    },
    Cancel {
        pick: usize,
    },
    Archive {
        pick: usize,
    },
    /// A check-in held today; `attended` is a bit mask of the members present.
    CheckIn {
        attended: u8,
    },
    Concern {
        acknowledge_in: i64,
    },
    Acknowledge {
        pick: usize,
    },
    Kudos {
        to: usize,
        about: Option<usize>,
    },
    /// Days pass; the daily sweep runs, as `rapport serve`'s job does.
    Advance {
        days: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..3usize, any::<bool>(), -12..30i64, 0..4u8).prop_map(|(by, to_other, due_in, fate)| Op::Make { by, to_other, due_in, fate }),
        6 => (any::<usize>(), 0..4i64).prop_map(|(pick, back)| Op::Done { pick, back }),
        1 => (any::<usize>(), 1..30i64, 0..3i64).prop_map(|(pick, later, agreed_back)| Op::Renegotiate { pick, later, agreed_back }),
        1 => any::<usize>().prop_map(|pick| Op::Cancel { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Archive { pick }),
        2 => (0..8u8).prop_map(|attended| Op::CheckIn { attended }),
        1 => (0..9i64).prop_map(|acknowledge_in| Op::Concern { acknowledge_in }),
        1 => any::<usize>().prop_map(|pick| Op::Acknowledge { pick }),
        1 => (0..3usize, proptest::option::of(any::<usize>())).prop_map(|(to, about)| Op::Kudos { to, about }),
        4 => (1..40i64).prop_map(|days| Op::Advance { days }),
    ]
}

/// Each case's workspace is new; this numbers their owners.
static CASE: AtomicUsize = AtomicUsize::new(0);

async fn incremental_trust_state_equals_a_full_recompute(backend: Backend) {
    let db = TestDb::create(backend).await;
    let store = Store::connect(&db.url).await.expect("connect");
    store.migrate().await.expect("migrate");
    let handle = tokio::runtime::Handle::current();
    // Few cases with long sequences: each case is up to 45 real writes over some months, and
    // the whole property runs in about 20 s per database.
    let config = Config { cases: 32, max_shrink_iters: 64, failure_persistence: None, ..Config::default() };
    let result = tokio::task::block_in_place(|| {
        TestRunner::new(config)
            .run(&proptest::collection::vec(op(), 10..45), |ops| handle.block_on(run_case(&store, &ops)))
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

/// The records a case has made so far.
#[derive(Default)]
struct Made {
    commitments: Vec<Uuid>,
    concerns: Vec<Uuid>,
}

async fn run_case(base: &Store, ops: &[Op]) -> Result<(), TestCaseError> {
    let n = CASE.fetch_add(1, Ordering::Relaxed);
    let start = Utc::now();
    let at = |days: i64| -> Store {
        let now = start + Duration::days(days);
        base.clone().with_clock(Arc::new(move || now))
    };
    let mut day = 0;
    let mut store = at(day);
    let owner = store.create_user(&format!("owner-{n}@example.org"), "Owner", "not-a-real-hash", false).await.unwrap();
    let ws = store.create_workspace(&format!("Property {n}"), owner.id).await.unwrap().id;
    let mut orgs = Vec::new();
    for name in ["School", "Library", "Museum"] {
        let draft = OrganizationDraft { name: format!("{name} {n}"), kind: "school".into(), ..Default::default() };
        orgs.push(store.create_organization(ws, &draft.validate().unwrap()).await.unwrap().id);
    }
    let draft = PartnershipDraft {
        name: format!("Partnership {n}"),
        kind: "school_community".into(),
        status: "active".into(),
        cadence: "weekly".into(),
        vision: None,
        members: orgs.iter().map(|id| MemberDraft { organization_id: *id, role: None }).collect(),
        started_on: None,
    };
    let partnership = store.create_partnership(ws, &draft.validate().unwrap(), Some(owner.id)).await.unwrap().id;
    store.sweep_missed(ws).await.unwrap();

    let mut made = Made::default();
    let pick = |list: &[Uuid], i: usize| (!list.is_empty()).then(|| list[i % list.len()]);
    for op in ops {
        let today: NaiveDate = store.today();
        let outcome: Result<(), StoreError> = match op {
            Op::Make { by, to_other, due_in, fate } => {
                let promisor = orgs[*by];
                let due_on = today + Duration::days(*due_in);
                let history = (*due_in < 0).then(|| {
                    let outcome = match fate {
                        0 => OutcomeDraft::Kept { on: due_on - Duration::days(1) },
                        1 => OutcomeDraft::Kept { on: today },
                        2 => OutcomeDraft::NotKept,
                        _ => OutcomeDraft::Cancelled { on: today, reason: "agreed at the check-in".into() },
                    };
                    (due_on - Duration::days(5), outcome)
                });
                let draft = CommitmentDraft {
                    promisor_organization_id: promisor,
                    promisor_user_id: None,
                    promisee_organization_id: to_other.then(|| orgs[(by + 1) % orgs.len()]),
                    description: "Share the attendance figures".into(),
                    due_on,
                    made_on: history.as_ref().map(|(made_on, _)| *made_on),
                    outcome: history.map(|(_, outcome)| outcome),
                };
                match draft.validate(PromiseContext::today(&orgs, today)) {
                    Ok(valid) => store.create_commitment(ws, partnership, &valid, None).await.map(|c| {
                        made.commitments.push(c.id);
                    }),
                    Err(_) => Ok(()),
                }
            }
            Op::Done { pick: i, back } => match pick(&made.commitments, *i) {
                Some(id) => {
                    store.complete_commitment(ws, id, today - Duration::days(*back), None, None).await.map(drop)
                }
                None => Ok(()),
            },
            Op::Renegotiate { pick: i, later, agreed_back } => match pick(&made.commitments, *i) {
                Some(id) => {
                    let agreed = Agreed { reason: "the room is booked", on: today - Duration::days(*agreed_back) };
                    store
                        .renegotiate_commitment(ws, id, today + Duration::days(*later), agreed, None, None)
                        .await
                        .map(drop)
                }
                None => Ok(()),
            },
            Op::Cancel { pick: i } => match pick(&made.commitments, *i) {
                Some(id) => {
                    let agreed = Agreed { reason: "agreed at the check-in", on: today };
                    store.cancel_commitment(ws, id, agreed, None, None).await.map(drop)
                }
                None => Ok(()),
            },
            Op::Archive { pick: i } => match pick(&made.commitments, *i) {
                Some(id) => store.archive_commitment(ws, id).await,
                None => Ok(()),
            },
            Op::CheckIn { attended } => {
                let draft = CheckInDraft {
                    held_on: today,
                    agenda: None,
                    notes: Some("Went through the term plan".into()),
                    decisions: None,
                    attendee_organization_ids: (0..orgs.len())
                        .filter(|i| attended & (1 << i) != 0)
                        .map(|i| orgs[i])
                        .collect(),
                    attendee_user_ids: vec![],
                    attendee_contact_ids: vec![],
                    action_items: vec![],
                };
                let valid = draft.validate(&orgs, today).unwrap();
                store.create_checkin(ws, partnership, &valid, None, None).await.map(drop)
            }
            Op::Concern { acknowledge_in } => {
                let draft = ConcernDraft {
                    partnership_id: partnership,
                    organization_id: None,
                    title: "Late replies".into(),
                    description: "Messages wait a week for an answer".into(),
                    severity: "medium".into(),
                    visibility: None,
                    acknowledge_by: Some(today + Duration::days(*acknowledge_in)),
                };
                let valid = draft.validate(&orgs, today).unwrap();
                store.create_concern(ws, &valid, owner.id).await.map(|c| made.concerns.push(c.id))
            }
            Op::Acknowledge { pick: i } => match pick(&made.concerns, *i) {
                Some(id) => {
                    let step = ConcernTransitionDraft {
                        to: "acknowledged".into(),
                        note: None,
                        mediator_user_id: None,
                        resolution: None,
                    };
                    store.transition_concern(ws, id, &step.validate().unwrap(), None, owner.id).await.map(drop)
                }
                None => Ok(()),
            },
            Op::Kudos { to, about } => {
                let about = about
                    .and_then(|i| pick(&made.commitments, i))
                    .map(|id| RecordRef { kind: RecordKind::Commitment, id });
                let draft = KudosDraft {
                    partnership_id: Some(partnership),
                    from_organization_id: None,
                    to_user_id: None,
                    to_organization_id: Some(orgs[*to]),
                    message: "Thank you for the quick turnaround".into(),
                    about,
                };
                let valid = draft.validate(&[]).unwrap();
                store.create_kudos(ws, Some(partnership), &valid, owner.id).await.map(drop)
            }
            Op::Advance { days } => {
                day += days;
                store = at(day);
                store.sweep_missed(ws).await.map(drop)
            }
        };
        match outcome {
            // A transition the rules refuse (done twice, renegotiated late…) changes nothing.
            Ok(()) | Err(StoreError::Invalid(_) | StoreError::Conflict(_)) => {}
            Err(other) => return Err(TestCaseError::fail(format!("{op:?}: {other}"))),
        }
    }

    // Read as the dashboard does (the day's sweep has run), then rebuild from the records.
    store.sweep_missed(ws).await.unwrap();
    let kept = store.trust_state(ws).await.unwrap();
    store.recompute_trust(ws, &|_, _| {}).await.unwrap();
    let rebuilt = store.trust_state(ws).await.unwrap();
    prop_assert!(!kept.health.is_empty(), "the partnership has a health row");
    prop_assert_eq!(kept, rebuilt, "day {}: the incrementally kept trust state differs from a full recompute", day);
    Ok(())
}
