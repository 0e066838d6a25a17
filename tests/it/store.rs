//! One storage test sequence, run directly against `rapport_store` on SQLite and on PostgreSQL:
//! migrations, optimistic versions, workspace isolation and concurrent writers.

use std::sync::Arc;

use chrono::NaiveDate;
use rapport_core::access::Viewer;
use rapport_core::commitment::Agreed;
use rapport_core::kinds::{CommitmentStatus, Role};
use rapport_core::records::{
    CheckInDraft, CommitmentDraft, ContactDraft, GoalDraft, MemberDraft, MilestoneDraft, OrganizationDraft,
    PartnershipDraft, PromiseContext, ValidCheckIn, ValidCommitment, ValidContact, ValidGoal, ValidMilestone,
    ValidOrganization, ValidPartnership,
};
use rapport_core::webhook::{EventKind, WebhookDraft, WebhookFormat};
use rapport_core::zone::TimeZone;
use rapport_store::{CommitmentFilter, PageRequest, Store, StoreError};
use uuid::Uuid;

use crate::on_both_backends;
use crate::support::*;

on_both_backends!(the_store_sequence);

fn org(name: &str) -> ValidOrganization {
    OrganizationDraft { name: name.into(), kind: "school".into(), ..Default::default() }.validate().unwrap()
}

fn partnership(name: &str, members: &[Uuid], vision: Option<&str>) -> ValidPartnership {
    PartnershipDraft {
        name: name.into(),
        kind: "school_community".into(),
        status: "active".into(),
        cadence: "monthly".into(),
        vision: vision.map(str::to_owned),
        members: members.iter().map(|id| MemberDraft { organization_id: *id, role: None }).collect(),
        started_on: None,
    }
    .validate()
    .unwrap()
}

/// A promise of `by`, validated as one of a partnership `by` belongs to.
fn promise(by: Uuid, description: &str, due_on: NaiveDate) -> ValidCommitment {
    CommitmentDraft {
        promisor_organization_id: by,
        promisor_user_id: None,
        promisee_organization_id: None,
        description: description.into(),
        due_on,
        made_on: None,
        outcome: None,
    }
    .validate(PromiseContext::today(&[by], chrono::Utc::now().date_naive()))
    .unwrap()
}

/// Both sides agreed `reason` on `on`.
fn agreed(reason: &str, on: NaiveDate) -> Agreed<'_> {
    Agreed { reason, on }
}

fn valid_goal(statement: impl Into<String>) -> ValidGoal {
    GoalDraft { statement: statement.into(), ..Default::default() }.validate().unwrap()
}

fn valid_contact(name: &str, today: NaiveDate) -> ValidContact {
    ContactDraft { name: name.into(), ..Default::default() }.validate(today).unwrap()
}

fn valid_milestone(title: &str, today: NaiveDate) -> ValidMilestone {
    MilestoneDraft { title: title.into(), due_on: today, met_on: None }.validate(today).unwrap()
}

/// A check-in held today in a partnership of `members`, with its action items.
fn valid_checkin(
    today: NaiveDate,
    notes: Option<&str>,
    members: &[Uuid],
    action_items: Vec<CommitmentDraft>,
) -> ValidCheckIn {
    CheckInDraft {
        held_on: today,
        agenda: None,
        notes: notes.map(str::to_owned),
        decisions: None,
        attendee_organization_ids: vec![],
        attendee_user_ids: vec![],
        attendee_contact_ids: vec![],
        action_items,
    }
    .validate(members, today)
    .unwrap()
}

fn all() -> PageRequest {
    PageRequest { after: None, limit: 200, include_archived: true }
}

/// A workspace with an owner, two organisations and a partnership.
struct Tenant {
    ws: Uuid,
    owner: Uuid,
    school: Uuid,
    library: Uuid,
    partnership: Uuid,
}

async fn tenant(store: &Store, tag: &str) -> Tenant {
    let owner =
        store.create_user(&format!("owner-{tag}@example.org"), "Owner", "not-a-real-hash", false).await.unwrap();
    let ws = store.create_workspace(&format!("Workspace {tag}"), owner.id).await.unwrap();
    assert_eq!(ws.role, Role::Owner);
    let school = store.create_organization(ws.id, &org(&format!("School {tag}"))).await.unwrap();
    let library = store.create_organization(ws.id, &org(&format!("Library {tag}"))).await.unwrap();
    let p = store
        .create_partnership(
            ws.id,
            &partnership(&format!("Partnership {tag}"), &[school.id, library.id], Some("Readers")),
            Some(owner.id),
        )
        .await
        .unwrap();
    Tenant { ws: ws.id, owner: owner.id, school: school.id, library: library.id, partnership: p.id }
}

fn viewer(t: &Tenant, role: Role, organizations: Vec<Uuid>) -> Viewer {
    Viewer { user_id: t.owner, workspace_id: t.ws, role, organizations, time_zone: TimeZone::UTC }
}

async fn the_store_sequence(backend: Backend) {
    let db = TestDb::create(backend).await;
    let store = Store::connect(&db.url).await.expect("connect");
    store.migrate().await.expect("migrate an empty database");
    store.migrate().await.expect("migrating again is a no-op");
    store.ping().await.unwrap();
    let today = store.today();

    let a = tenant(&store, "a").await;
    let b = tenant(&store, "b").await;

    versions_guard_against_lost_updates(&store, &a, today).await;
    workspaces_are_isolated(&store, &a, &b, today).await;
    derived_status_follows_the_clock(&store, &a, today).await;
    a_write_and_its_webhook_events_commit_together(&store, &b, today).await;
    let c = tenant(&store, "c").await;
    sixty_four_writers_at_once(&store, &c, today).await;
    let d = tenant(&store, "d").await;
    writers_arriving_together_share_a_transaction_and_not_a_failure(&store, &d, today, backend).await;
    drop(store);
}

async fn versions_guard_against_lost_updates(store: &Store, a: &Tenant, today: NaiveDate) {
    // Organisations.
    let school = store.organization(a.ws, a.school).await.unwrap();
    assert_eq!(school.version, 1);
    let renamed = store.update_organization(a.ws, a.school, &org("Lincoln Elementary"), Some(1)).await.unwrap();
    assert_eq!(renamed.version, 2);
    let stale = store.update_organization(a.ws, a.school, &org("Lost update"), Some(1)).await;
    assert!(matches!(stale, Err(StoreError::Stale)), "{stale:?}");
    let now = store.organization(a.ws, a.school).await.unwrap();
    assert_eq!((now.name.as_str(), now.version), ("Lincoln Elementary", 2), "a stale write changes nothing");

    // Partnerships: a stale update neither changes the fields nor the vision history.
    let p = store.partnership(a.ws, a.partnership).await.unwrap();
    let updated = store
        .update_partnership(
            a.ws,
            a.partnership,
            &partnership("Renamed", &[a.school, a.library], Some("Readers and writers")),
            Some(p.version),
            None,
        )
        .await
        .unwrap();
    assert_eq!(updated.version, p.version + 1);
    let stale = store
        .update_partnership(
            a.ws,
            a.partnership,
            &partnership("Stale", &[a.school, a.library], Some("Overwritten")),
            Some(p.version),
            None,
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Stale)), "{stale:?}");
    let now = store.partnership(a.ws, a.partnership).await.unwrap();
    assert_eq!(now.name, "Renamed");
    assert_eq!(now.members.len(), 2);
    let visions: Vec<Option<String>> =
        store.vision_history(a.ws, a.partnership).await.unwrap().into_iter().map(|r| r.vision).collect();
    assert_eq!(visions, [Some("Readers and writers".to_owned()), Some("Readers".to_owned())]);

    // Goals.
    let goal = store.create_goal(a.ws, a.partnership, &valid_goal("Read more")).await.unwrap();
    store.update_goal(a.ws, goal.id, &valid_goal("Read much more"), Some(goal.version)).await.unwrap();
    let stale = store.update_goal(a.ws, goal.id, &valid_goal("Stale"), Some(goal.version)).await;
    assert!(matches!(stale, Err(StoreError::Stale)), "{stale:?}");
    assert_eq!(store.goal(a.ws, goal.id).await.unwrap().statement, "Read much more");

    // Commitment transitions.
    let c = store
        .create_commitment(
            a.ws,
            a.partnership,
            &promise(a.library, "Lend books", today + chrono::Duration::days(10)),
            Some(a.owner),
        )
        .await
        .unwrap();
    let moved = store
        .renegotiate_commitment(
            a.ws,
            c.id,
            today + chrono::Duration::days(12),
            Agreed { reason: "late van", on: today },
            Some(c.version),
            Some(a.owner),
        )
        .await
        .unwrap();
    assert_eq!(moved.version, c.version + 1);
    let stale = store.complete_commitment(a.ws, c.id, today, Some(c.version), Some(a.owner)).await;
    assert!(matches!(stale, Err(StoreError::Stale)), "{stale:?}");
    let now = store.commitment(a.ws, c.id).await.unwrap();
    assert_eq!(now.done_on, None);
    assert_eq!(store.commitment_history(a.ws, c.id).await.unwrap().len(), 2, "made and renegotiated, no done");
    let invalid = store
        .renegotiate_commitment(a.ws, c.id, today + chrono::Duration::days(12), agreed("same date", today), None, None)
        .await;
    assert!(matches!(invalid, Err(StoreError::Invalid(_))), "{invalid:?}");
    assert_eq!(store.commitment(a.ws, c.id).await.unwrap().version, moved.version);
}

async fn workspaces_are_isolated(store: &Store, a: &Tenant, b: &Tenant, today: NaiveDate) {
    let contact = store.create_contact(a.ws, a.school, &valid_contact("Ms Rivera", today)).await.unwrap();
    let commitment = store
        .create_commitment(
            a.ws,
            a.partnership,
            &promise(a.school, "Host the fair", today + chrono::Duration::days(5)),
            None,
        )
        .await
        .unwrap();
    let goal = store.create_goal(a.ws, a.partnership, &valid_goal("A's goal")).await.unwrap();
    let checkin = store
        .create_checkin(
            a.ws,
            a.partnership,
            &valid_checkin(today, Some("A's notes"), &[a.school, a.library], vec![]),
            None,
            None,
        )
        .await
        .unwrap();
    let a_before = (
        store.organizations(a.ws, all()).await.unwrap(),
        store.partnerships(&viewer(a, Role::Owner, vec![]), None, all()).await.unwrap(),
        store.commitments(a.ws, a.partnership, CommitmentFilter::default(), all()).await.unwrap().items.len(),
        store.goals(a.ws, a.partnership, true).await.unwrap(),
        store.checkins(a.ws, a.partnership, all()).await.unwrap(),
        store.contacts(a.ws, a.school).await.unwrap(),
    );

    // Reads with B's workspace id see none of A's rows.
    let not_found = |r: &str, found: bool| assert!(!found, "{r}: B's workspace id reached A's row");
    not_found("organization", store.organization(b.ws, a.school).await.is_ok());
    not_found("partnership", store.partnership(b.ws, a.partnership).await.is_ok());
    not_found("commitment", store.commitment(b.ws, commitment.id).await.is_ok());
    not_found("goal", store.goal(b.ws, goal.id).await.is_ok());
    not_found("checkin", store.checkin(b.ws, checkin.id).await.is_ok());
    not_found("contact", store.contact(b.ws, contact.id).await.is_ok());
    assert!(matches!(store.organization(b.ws, a.school).await, Err(StoreError::NotFound)));
    let b_orgs: Vec<Uuid> = store.organizations(b.ws, all()).await.unwrap().items.into_iter().map(|o| o.id).collect();
    assert_eq!(b_orgs, [b.school, b.library]);
    let b_partnerships: Vec<Uuid> = store
        .partnerships(&viewer(b, Role::Owner, vec![]), None, all())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(b_partnerships, [b.partnership]);
    // Even a B viewer claiming A's organisations sees nothing of A.
    let claiming = viewer(b, Role::Member, vec![a.school, a.library]);
    assert!(store.partnerships(&claiming, None, all()).await.unwrap().items.is_empty());
    assert!(store.visible_partnership(&claiming, a.partnership).await.is_err());
    assert!(store.commitments(b.ws, a.partnership, CommitmentFilter::default(), all()).await.unwrap().items.is_empty());
    assert!(store.commitment_history(b.ws, commitment.id).await.unwrap().is_empty());
    assert!(store.goals(b.ws, a.partnership, true).await.unwrap().is_empty());
    assert!(store.milestones(b.ws, a.partnership, None).await.unwrap().is_empty());
    assert!(store.checkins(b.ws, a.partnership, all()).await.unwrap().items.is_empty());
    assert!(store.contacts(b.ws, a.school).await.unwrap().is_empty());
    assert!(store.vision_history(b.ws, a.partnership).await.unwrap().is_empty());
    assert!(store.goal_updates(b.ws, goal.id).await.unwrap().is_empty());
    assert!(store.viewer(b.ws, a.owner).await.unwrap().is_none());
    assert!(store.members(b.ws).await.unwrap().iter().all(|m| m.user_id != a.owner));

    // Writes with B's workspace id cannot touch or attach to A's rows.
    assert!(matches!(
        store.update_organization(b.ws, a.school, &org("Defaced"), None).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(store.archive_organization(b.ws, a.school, true).await, Err(StoreError::NotFound)));
    assert!(matches!(store.archive_partnership(b.ws, a.partnership, true).await, Err(StoreError::NotFound)));
    assert!(
        store
            .update_partnership(b.ws, a.partnership, &partnership("Defaced", &[b.school, b.library], None), None, None)
            .await
            .is_err()
    );
    assert!(matches!(
        store.complete_commitment(b.ws, commitment.id, today, None, None).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.cancel_commitment(b.ws, commitment.id, agreed("no", today), None, None).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(store.archive_commitment(b.ws, commitment.id).await, Err(StoreError::NotFound)));
    assert!(matches!(store.archive_checkin(b.ws, checkin.id).await, Err(StoreError::NotFound)));
    assert!(matches!(store.archive_goal(b.ws, goal.id, true).await, Err(StoreError::NotFound)));
    assert!(matches!(store.archive_contact(b.ws, contact.id).await, Err(StoreError::NotFound)));
    assert!(store.update_contact(b.ws, contact.id, &valid_contact("Defaced", today), None).await.is_err());
    let progress =
        rapport_core::records::GoalUpdateDraft { current: Some(1.0), confidence: "off_track".into(), comment: None }
            .validate()
            .unwrap();
    assert!(matches!(store.add_goal_update(b.ws, goal.id, &progress, None).await, Err(StoreError::NotFound)));
    assert!(matches!(
        store.create_contact(b.ws, a.school, &valid_contact("Planted", today)).await,
        Err(StoreError::NotFound)
    ));
    let attached = store.create_commitment(b.ws, a.partnership, &promise(a.school, "Planted", today), None).await;
    assert!(
        matches!(attached, Err(StoreError::NotFound)),
        "a commitment cannot be attached to another workspace's partnership: {attached:?}"
    );
    let held = store.commitments(a.ws, a.partnership, CommitmentFilter::default(), all()).await.unwrap();
    assert!(held.items.iter().all(|c| c.description != "Planted"), "the refused promise left nothing behind");
    let attached = store.create_goal(b.ws, a.partnership, &valid_goal("Planted")).await;
    assert!(matches!(attached, Err(StoreError::NotFound)), "{attached:?}");
    let attached = store
        .create_checkin(
            b.ws,
            a.partnership,
            &valid_checkin(
                today,
                None,
                &[a.school, a.library],
                vec![CommitmentDraft {
                    promisor_organization_id: a.school,
                    promisor_user_id: None,
                    promisee_organization_id: None,
                    description: "Planted".into(),
                    due_on: today,
                    made_on: None,
                    outcome: None,
                }],
            ),
            None,
            None,
        )
        .await;
    assert!(matches!(attached, Err(StoreError::NotFound)), "{attached:?}");
    let attached = store.create_milestone(b.ws, &goal, &valid_milestone("Planted", today)).await;
    assert!(matches!(attached, Err(StoreError::NotFound)), "{attached:?}");
    let mixed = store.create_partnership(b.ws, &partnership("Mixed", &[b.school, a.school], None), None).await;
    assert!(matches!(mixed, Err(StoreError::Invalid(_))), "{mixed:?}");
    let joined = store.set_member_organizations(b.ws, b.owner, &[a.school]).await;
    assert!(matches!(joined, Err(StoreError::Invalid(_))), "{joined:?}");
    assert!(store.viewer(b.ws, b.owner).await.unwrap().unwrap().organizations.is_empty());
    // A role and organisations change together: a foreign organisation leaves the role as it was.
    let liaison = store.create_user("liaison-b@example.org", "Liaison", "not-a-real-hash", false).await.unwrap();
    store.set_member(b.ws, liaison.id, Role::Member).await.unwrap();
    let promoted = store.set_membership(b.ws, liaison.id, Role::Coordinator, &[a.school]).await;
    assert!(matches!(promoted, Err(StoreError::Invalid(_))), "{promoted:?}");
    assert_eq!(store.viewer(b.ws, liaison.id).await.unwrap().unwrap().role, Role::Member, "nothing changed");
    // Pages read a person's memberships of every workspace at once: the same viewer as the
    // API's read of one workspace, and nothing of a workspace they are not in.
    store.set_member_organizations(a.ws, a.owner, &[a.school, a.library]).await.unwrap();
    for user in [a.owner, b.owner] {
        let memberships = store.memberships(user).await.unwrap();
        assert_eq!(memberships.len(), 1, "one workspace each");
        for m in memberships {
            assert_eq!(Some(m.viewer(user)), store.viewer(m.workspace.id, user).await.unwrap());
        }
    }
    assert_eq!(store.memberships(a.owner).await.unwrap()[0].organizations.len(), 2);
    assert!(store.memberships(b.owner).await.unwrap().iter().all(|m| m.workspace.id != a.ws));
    // Every request reads its caller with the credential, in one query: the same workspaces
    // and organisations, and nothing for a credential that is gone.
    let places = |memberships: &[rapport_store::Membership]| {
        memberships.iter().map(|m| (m.workspace.id, m.workspace.role, m.organizations.clone())).collect::<Vec<_>>()
    };
    let expected = places(&store.memberships(a.owner).await.unwrap());
    store.create_session("live-session", a.owner, "csrf-a", store.now() + chrono::Duration::days(1)).await.unwrap();
    let session = store.session("live-session").await.unwrap().expect("a live session");
    assert_eq!((session.caller.user.id, session.csrf_token.as_str()), (a.owner, "csrf-a"));
    assert_eq!(places(&session.caller.memberships), expected);
    store.create_api_token(a.owner, "sync", "live-token").await.unwrap();
    let caller = store.token_caller("live-token").await.unwrap().expect("a live token");
    assert_eq!((caller.user.id, places(&caller.memberships)), (a.owner, expected));
    let token = store.api_tokens(a.owner).await.unwrap()[0].id;
    store.revoke_api_token(a.owner, token).await.unwrap();
    assert!(store.token_caller("live-token").await.unwrap().is_none(), "a revoked token opens nothing");
    store.create_session("old-session", a.owner, "csrf-old", store.now() - chrono::Duration::seconds(1)).await.unwrap();
    assert!(store.session("old-session").await.unwrap().is_none(), "an expired session opens nothing");
    assert!(store.session("no-such-session").await.unwrap().is_none());
    let newcomer =
        store.create_user(&format!("new-{}@example.org", short()), "Nell Newcomer", "hash", false).await.unwrap();
    store
        .create_session("newcomer-session", newcomer.id, "csrf-n", store.now() + chrono::Duration::days(1))
        .await
        .unwrap();
    let newcomer_session =
        store.session("newcomer-session").await.unwrap().expect("someone in no workspace still has a session");
    assert!(newcomer_session.caller.memberships.is_empty());

    let a_after = (
        store.organizations(a.ws, all()).await.unwrap(),
        store.partnerships(&viewer(a, Role::Owner, vec![]), None, all()).await.unwrap(),
        store.commitments(a.ws, a.partnership, CommitmentFilter::default(), all()).await.unwrap().items.len(),
        store.goals(a.ws, a.partnership, true).await.unwrap(),
        store.checkins(a.ws, a.partnership, all()).await.unwrap(),
        store.contacts(a.ws, a.school).await.unwrap(),
    );
    assert_eq!(a_before, a_after, "nothing in A changed");
    assert!(
        store.commitments(b.ws, b.partnership, CommitmentFilter::default(), all()).await.unwrap().items.is_empty(),
        "and nothing was planted in B"
    );
    assert!(store.goals(b.ws, b.partnership, true).await.unwrap().is_empty());
    assert!(store.checkins(b.ws, b.partnership, all()).await.unwrap().items.is_empty());
}

/// The outbox: the store write that records a commitment queues its webhook deliveries in the
/// same transaction, so nothing can record one without the other, and a refused write queues none.
async fn a_write_and_its_webhook_events_commit_together(store: &Store, b: &Tenant, today: NaiveDate) {
    let hook = WebhookDraft {
        url: "https://hooks.example.org/rapport".into(),
        format: WebhookFormat::Json,
        events: vec![EventKind::CommitmentMade, EventKind::CommitmentKept],
        partnership_id: None,
        active: None,
    };
    store.create_webhook(b.ws, &hook.validate().unwrap(), "whsec_test", Some(b.owner)).await.unwrap();
    let events = || async {
        store.webhook_deliveries(b.ws, None, 50).await.unwrap().into_iter().map(|d| d.event).collect::<Vec<_>>()
    };

    let promise = promise(b.school, "Host the reading night", today + chrono::Duration::days(7));
    let made = store.create_commitment(b.ws, b.partnership, &promise, Some(b.owner)).await.unwrap();
    assert_eq!(events().await, ["commitment.made"], "queued by the write itself");

    let stale = store.complete_commitment(b.ws, made.id, today, Some(made.version + 1), Some(b.owner)).await;
    assert!(matches!(stale, Err(StoreError::Stale)), "{stale:?}");
    assert_eq!(events().await, ["commitment.made"], "a refused write queues nothing");

    store.complete_commitment(b.ws, made.id, today, Some(made.version), Some(b.owner)).await.unwrap();
    let mut queued = events().await;
    queued.sort();
    assert_eq!(queued, ["commitment.kept", "commitment.made"]);
}

async fn derived_status_follows_the_clock(store: &Store, a: &Tenant, today: NaiveDate) {
    let due = today + chrono::Duration::days(10);
    let c = store.create_commitment(a.ws, a.partnership, &promise(a.library, "Clocked", due), None).await.unwrap();
    for (days_later, expected) in [
        (0, CommitmentStatus::Open),
        (5, CommitmentStatus::DueSoon),
        (11, CommitmentStatus::Overdue),
        (13, CommitmentStatus::Missed),
    ] {
        let later = store.clone().with_clock(Arc::new(move || chrono::Utc::now() + chrono::Duration::days(days_later)));
        assert_eq!(later.commitment(a.ws, c.id).await.unwrap().status, expected, "{days_later} days later");
    }
    let later = store.clone().with_clock(Arc::new(|| chrono::Utc::now() + chrono::Duration::days(13)));
    let renegotiated = later
        .renegotiate_commitment(
            a.ws,
            c.id,
            due + chrono::Duration::days(30),
            agreed("too late", later.today()),
            None,
            None,
        )
        .await;
    assert!(matches!(renegotiated, Err(StoreError::Invalid(_))), "{renegotiated:?}");
    let done = later.complete_commitment(a.ws, c.id, later.today(), None, None).await.unwrap();
    assert_eq!(done.status, CommitmentStatus::DoneLate);
}

/// Issue 21's group commit: 48 writers at once, every fourth naming a partnership that does
/// not exist, so it fails inside the shared transaction. Each good write is stored with
/// its history, each bad one is refused and leaves nothing, and on SQLite the writes shared
/// far fewer transactions than there were writes.
async fn writers_arriving_together_share_a_transaction_and_not_a_failure(
    store: &Store,
    a: &Tenant,
    today: NaiveDate,
    backend: Backend,
) {
    let before = store.commitments(a.ws, a.partnership, CommitmentFilter::default(), all()).await.unwrap().items.len();
    // Writes sharing a transaction read the workspace's hooks once: each must still queue its
    // own delivery to every hook in its scope.
    let mut hooks = Vec::new();
    for partnership_id in [None, Some(a.partnership)] {
        let hook = WebhookDraft {
            url: "https://hooks.example.org/together".into(),
            format: WebhookFormat::Json,
            events: vec![EventKind::CommitmentMade],
            partnership_id,
            active: None,
        };
        let hook = store.create_webhook(a.ws, &hook.validate().unwrap(), "whsec_test", Some(a.owner)).await.unwrap();
        hooks.push(hook.id);
    }
    let transactions_before = store.shared_write_transactions();
    let barrier = Arc::new(tokio::sync::Barrier::new(48));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..48 {
        let (store, barrier) = (store.clone(), barrier.clone());
        let (ws, partnership) = (a.ws, a.partnership);
        let bad = i % 4 == 3;
        let partnership = if bad { Uuid::now_v7() } else { partnership };
        let by = a.school;
        tasks.spawn(async move {
            barrier.wait().await;
            let made = store
                .create_commitment(
                    ws,
                    partnership,
                    &promise(by, &format!("Together {i}"), today + chrono::Duration::days(9)),
                    None,
                )
                .await;
            (bad, made)
        });
    }
    let mut created = Vec::new();
    while let Some(result) = tasks.join_next().await {
        match result.unwrap() {
            (false, made) => {
                created.push(made.unwrap_or_else(|e| panic!("a good write failed beside a bad one: {e}")).id);
            }
            (true, made) => assert!(matches!(made, Err(StoreError::NotFound)), "a promise in no partnership: {made:?}"),
        }
    }
    let stored = store.commitments(a.ws, a.partnership, CommitmentFilter::default(), all()).await.unwrap().items;
    assert_eq!(stored.len(), before + 36, "the 36 good writes are stored and the 12 bad ones left nothing");
    for id in &created {
        assert_eq!(store.commitment_history(a.ws, *id).await.unwrap().len(), 1, "each has its 'made' event");
    }
    for hook in hooks {
        let deliveries = store.webhook_deliveries(a.ws, Some(hook), 100).await.unwrap();
        assert_eq!(deliveries.len(), 36, "one delivery to each hook for each good write, none for a bad one");
    }
    let transactions = store.shared_write_transactions() - transactions_before;
    match backend {
        Backend::Sqlite => assert!(transactions < 48, "48 writes at once took {transactions} transactions"),
        Backend::Postgres => assert_eq!(transactions, 0, "PostgreSQL writers keep their own transactions"),
    }
}

async fn sixty_four_writers_at_once(store: &Store, a: &Tenant, today: NaiveDate) {
    let before = store.commitments(a.ws, a.partnership, CommitmentFilter::default(), all()).await.unwrap().items.len();
    let barrier = Arc::new(tokio::sync::Barrier::new(64));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..64 {
        let (store, barrier) = (store.clone(), barrier.clone());
        let (ws, partnership, by) = (a.ws, a.partnership, if i % 2 == 0 { a.school } else { a.library });
        tasks.spawn(async move {
            barrier.wait().await;
            store
                .create_commitment(
                    ws,
                    partnership,
                    &promise(by, &format!("Concurrent promise {i}"), today + chrono::Duration::days(7)),
                    None,
                )
                .await
        });
    }
    let mut created = Vec::new();
    while let Some(result) = tasks.join_next().await {
        let commitment = result.unwrap().unwrap_or_else(|e| panic!("a concurrent writer failed: {e}"));
        created.push(commitment.id);
    }
    let stored = store.commitments(a.ws, a.partnership, CommitmentFilter::default(), all()).await.unwrap().items;
    assert_eq!(stored.len(), before + 64);
    assert!(created.iter().all(|id| stored.iter().any(|c| c.id == *id)));
    for id in &created {
        assert_eq!(store.commitment_history(a.ws, *id).await.unwrap().len(), 1, "each has its 'made' event");
    }

    // 64 people completing different commitments at once all succeed too.
    let barrier = Arc::new(tokio::sync::Barrier::new(64));
    let mut tasks = tokio::task::JoinSet::new();
    for id in created.clone() {
        let (store, barrier, ws) = (store.clone(), barrier.clone(), a.ws);
        tasks.spawn(async move {
            barrier.wait().await;
            store.complete_commitment(ws, id, today, None, None).await
        });
    }
    while let Some(result) = tasks.join_next().await {
        let done = result.unwrap().unwrap_or_else(|e| panic!("a concurrent transition failed: {e}"));
        assert_eq!(done.status, CommitmentStatus::Done);
    }
    // The reliability ledger kept up incrementally under that load agrees with a full recompute:
    // no concurrent writer's evidence was lost.
    let incremental = [
        store.organization_ledger(a.ws, a.school).await.unwrap(),
        store.organization_ledger(a.ws, a.library).await.unwrap(),
    ];
    let school_r = incremental[0].evidence(&rapport_core::trust::LedgerKey::Organization(a.school), today).r;
    assert!((school_r - 32.0).abs() < 1e-6, "32 promises kept today by the school, r = {school_r}");
    store.recompute_trust(a.ws, &|_, _| {}).await.unwrap();
    let recomputed = [
        store.organization_ledger(a.ws, a.school).await.unwrap(),
        store.organization_ledger(a.ws, a.library).await.unwrap(),
    ];
    for (incremental, recomputed) in incremental.iter().zip(&recomputed) {
        let keys: std::collections::BTreeSet<_> =
            incremental.entries().map(|(k, _)| *k).chain(recomputed.entries().map(|(k, _)| *k)).collect();
        for key in keys {
            let (i, r) = (incremental.evidence(&key, today), recomputed.evidence(&key, today));
            assert!(
                (i.r - r.r).abs() < 1e-6 && (i.s - r.s).abs() < 1e-6,
                "{key:?}: incremental {i:?} vs recomputed {r:?}"
            );
        }
    }

    // 64 coordinators editing the same partnership at once (no If-Match): every edit lands in turn.
    let barrier = Arc::new(tokio::sync::Barrier::new(64));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..64 {
        let (store, barrier, ws, id) = (store.clone(), barrier.clone(), a.ws, a.partnership);
        let draft = partnership(&format!("Edit {i}"), &[a.school, a.library], Some(&format!("Vision {i}")));
        tasks.spawn(async move {
            barrier.wait().await;
            store.update_partnership(ws, id, &draft, None, None).await
        });
    }
    while let Some(result) = tasks.join_next().await {
        result.unwrap().unwrap_or_else(|e| panic!("a concurrent partnership edit failed: {e}"));
    }
    let edited = store.partnership(a.ws, a.partnership).await.unwrap();
    assert!(edited.version >= 65, "{}", edited.version);
    assert_eq!(
        store.vision_history(a.ws, a.partnership).await.unwrap().len(),
        65,
        "every changed vision is in the history"
    );

    // The same for plain edits of organisations and goals: without If-Match nobody is "stale".
    let goal = store.create_goal(a.ws, a.partnership, &valid_goal("Shared goal")).await.unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(64));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..64 {
        let (store, barrier, ws, school, goal) = (store.clone(), barrier.clone(), a.ws, a.school, goal.id);
        tasks.spawn(async move {
            barrier.wait().await;
            if i % 2 == 0 {
                store.update_organization(ws, school, &org(&format!("School edit {i}")), None).await.map(|o| o.version)
            } else {
                store.update_goal(ws, goal, &valid_goal(format!("Goal edit {i}")), None).await.map(|g| g.version)
            }
        });
    }
    while let Some(result) = tasks.join_next().await {
        result.unwrap().unwrap_or_else(|e| panic!("a concurrent plain edit failed: {e}"));
    }
    assert_eq!(store.goal(a.ws, goal.id).await.unwrap().version, goal.version + 32);

    // 64 people racing on the same record with the same version: exactly one wins, nothing is lost.
    let version = store.organization(a.ws, a.library).await.unwrap().version;
    let barrier = Arc::new(tokio::sync::Barrier::new(64));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..64 {
        let (store, barrier, ws, id) = (store.clone(), barrier.clone(), a.ws, a.library);
        tasks.spawn(async move {
            barrier.wait().await;
            store.update_organization(ws, id, &org(&format!("Library edit {i}")), Some(version)).await
        });
    }
    let (mut won, mut stale) = (Vec::new(), 0);
    while let Some(result) = tasks.join_next().await {
        match result.unwrap() {
            Ok(org) => won.push(org.name),
            Err(StoreError::Stale) => stale += 1,
            Err(other) => panic!("a racing writer failed with {other}"),
        }
    }
    assert_eq!((won.len(), stale), (1, 63));
    let library = store.organization(a.ws, a.library).await.unwrap();
    assert_eq!(library.name, won[0]);
    assert_eq!(library.version, version + 1);

    // And racing to mark one commitment done records it once.
    let c = store
        .create_commitment(a.ws, a.partnership, &promise(a.school, "Raced", today + chrono::Duration::days(3)), None)
        .await
        .unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(16));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let (store, barrier, ws) = (store.clone(), barrier.clone(), a.ws);
        tasks.spawn(async move {
            barrier.wait().await;
            store.complete_commitment(ws, c.id, today, None, None).await
        });
    }
    let mut wins = 0;
    while let Some(result) = tasks.join_next().await {
        match result.unwrap() {
            Ok(_) => wins += 1,
            Err(StoreError::Stale | StoreError::Invalid(_)) => {}
            Err(other) => panic!("a racing transition failed with {other}"),
        }
    }
    assert_eq!(wins, 1);
    let done_events = store
        .commitment_history(a.ws, c.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == rapport_core::kinds::CommitmentEventKind::Done)
        .count();
    assert_eq!(done_events, 1);
}
