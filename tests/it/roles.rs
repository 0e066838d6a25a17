//! SPEC 7 as a table: every role against every route family, and one workspace against another.
//!
//! Columns are the five kinds of person SPEC 7 and `access.rs` distinguish: the owner, a
//! coordinator, a member of the school (inside the partnership), a member of the food bank (an
//! organisation outside it) and an observer. A 404 means the record is outside the person's view.

use std::collections::BTreeMap;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::on_both_backends;
use crate::support::*;

on_both_backends!(
    every_role_gets_exactly_what_spec_7_allows,
    members_see_only_the_partnerships_of_their_organisations,
    a_workspace_sees_nothing_of_another
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Owner,
    Coordinator,
    SchoolMember,
    FoodBankMember,
    Observer,
}

const COLUMNS: [Who; 5] = [Who::Owner, Who::Coordinator, Who::SchoolMember, Who::FoodBankMember, Who::Observer];

const OK: u16 = 200;
const CREATED: u16 = 201;
const GONE: u16 = 204; // 204 No Content, for archive and role changes
const FORBIDDEN: u16 = 403;
const HIDDEN: u16 = 404;

/// The route families of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    ListOrganizations,
    ReadOrganization,
    CreateOrganization,
    UpdateOwnOrganization,
    UpdateOtherOrganization,
    ArchiveOrganization,
    RestoreOrganization,
    ListContacts,
    CreateContactAtSchool,
    CreateContactAtLibrary,
    UpdateSchoolContact,
    ArchiveSchoolContact,
    ListPartnerships,
    ReadPartnership,
    CreatePartnership,
    UpdatePartnership,
    ArchivePartnership,
    RestorePartnership,
    ReadVisionHistory,
    ReadPartnershipHealth,
    ListGoals,
    CreateGoal,
    ReadGoal,
    UpdateGoal,
    ArchiveGoal,
    ListGoalUpdates,
    CreateGoalUpdate,
    ListMilestones,
    CreateMilestone,
    UpdateMilestone,
    ArchiveMilestone,
    ListCommitments,
    CreateCommitment,
    ReadCommitment,
    MarkCommitmentDone,
    RenegotiateCommitment,
    CancelCommitment,
    ListCheckins,
    CreateCheckin,
    ReadCheckin,
    ListMembers,
    ChangeSomeonesRole,
    InviteMember,
    InviteObserver,
    InviteCoordinator,
    InviteOwner,
    ReadWorkspace,
    RenameWorkspace,
}

use Route::*;

/// What each person gets, column by column: owner, coordinator, school member, food-bank member,
/// observer.
const MATRIX: &[(Route, [u16; 5])] = &[
    // The organisation directory is read by everyone; coordinators manage it and members keep
    // their own organisation's profile and contacts.
    (ListOrganizations, [OK, OK, OK, OK, OK]),
    (ReadOrganization, [OK, OK, OK, OK, OK]),
    (CreateOrganization, [CREATED, CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
    (UpdateOwnOrganization, [OK, OK, OK, FORBIDDEN, FORBIDDEN]),
    (UpdateOtherOrganization, [OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
    (ArchiveOrganization, [OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
    (RestoreOrganization, [OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
    (ListContacts, [OK, OK, OK, OK, OK]),
    (CreateContactAtSchool, [CREATED, CREATED, CREATED, FORBIDDEN, FORBIDDEN]),
    (CreateContactAtLibrary, [CREATED, CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
    (UpdateSchoolContact, [OK, OK, OK, FORBIDDEN, FORBIDDEN]),
    (ArchiveSchoolContact, [GONE, GONE, GONE, FORBIDDEN, FORBIDDEN]),
    // A partnership is visible to the whole-workspace roles and to its members' people; only
    // coordinators and owners shape it.
    (ListPartnerships, [OK, OK, OK, OK, OK]),
    (ReadPartnership, [OK, OK, OK, HIDDEN, OK]),
    (CreatePartnership, [CREATED, CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
    (UpdatePartnership, [OK, OK, FORBIDDEN, HIDDEN, FORBIDDEN]),
    (ArchivePartnership, [OK, OK, FORBIDDEN, HIDDEN, FORBIDDEN]),
    (RestorePartnership, [OK, OK, FORBIDDEN, HIDDEN, FORBIDDEN]),
    (ReadVisionHistory, [OK, OK, OK, HIDDEN, OK]),
    (ReadPartnershipHealth, [OK, OK, OK, HIDDEN, OK]),
    // The work inside a partnership is recorded by everyone who sees it and may write.
    (ListGoals, [OK, OK, OK, HIDDEN, OK]),
    (CreateGoal, [CREATED, CREATED, CREATED, HIDDEN, FORBIDDEN]),
    (ReadGoal, [OK, OK, OK, HIDDEN, OK]),
    (UpdateGoal, [OK, OK, OK, HIDDEN, FORBIDDEN]),
    (ArchiveGoal, [OK, OK, OK, HIDDEN, FORBIDDEN]),
    (ListGoalUpdates, [OK, OK, OK, HIDDEN, OK]),
    (CreateGoalUpdate, [CREATED, CREATED, CREATED, HIDDEN, FORBIDDEN]),
    (ListMilestones, [OK, OK, OK, HIDDEN, OK]),
    (CreateMilestone, [CREATED, CREATED, CREATED, HIDDEN, FORBIDDEN]),
    (UpdateMilestone, [OK, OK, OK, HIDDEN, FORBIDDEN]),
    (ArchiveMilestone, [GONE, GONE, GONE, HIDDEN, FORBIDDEN]),
    (ListCommitments, [OK, OK, OK, HIDDEN, OK]),
    (CreateCommitment, [CREATED, CREATED, CREATED, HIDDEN, FORBIDDEN]),
    (ReadCommitment, [OK, OK, OK, HIDDEN, OK]),
    (MarkCommitmentDone, [OK, OK, OK, HIDDEN, FORBIDDEN]),
    (RenegotiateCommitment, [OK, OK, OK, HIDDEN, FORBIDDEN]),
    (CancelCommitment, [OK, OK, OK, HIDDEN, FORBIDDEN]),
    (ListCheckins, [OK, OK, OK, HIDDEN, OK]),
    (CreateCheckin, [CREATED, CREATED, CREATED, HIDDEN, FORBIDDEN]),
    (ReadCheckin, [OK, OK, OK, HIDDEN, OK]),
    // People: everyone sees who is in the workspace; owners change roles; coordinators invite
    // members and observers only.
    (ListMembers, [OK, OK, OK, OK, OK]),
    (ChangeSomeonesRole, [GONE, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
    (InviteMember, [CREATED, CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
    (InviteObserver, [CREATED, CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
    (InviteCoordinator, [CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
    (InviteOwner, [CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
    (ReadWorkspace, [OK, OK, OK, OK, OK]),
    (RenameWorkspace, [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
];

/// Records that exist before the table runs; the `own` maps hold one record per person for the
/// transitions that can happen only once.
struct World {
    net: Network,
    food_bank: Uuid,
    spare_org: Uuid,
    spare_partnership: Uuid,
    school_contact: Uuid,
    goal: Uuid,
    milestone: Uuid,
    commitment: Uuid,
    checkin: Uuid,
    role_target: Uuid,
    own_contact: BTreeMap<Who, Uuid>,
    own_goal: BTreeMap<Who, Uuid>,
    own_milestone: BTreeMap<Who, Uuid>,
    own_done: BTreeMap<Who, Uuid>,
    own_renegotiate: BTreeMap<Who, Uuid>,
    own_cancel: BTreeMap<Who, Uuid>,
}

impl World {
    async fn build(app: &TestApp) -> World {
        let net = app.network().await;
        let api = net.owner.api.clone();
        let food_bank = app.organization(&net, "Riverside Food Bank", "nonprofit").await;
        let spare_org = app.organization(&net, "Spare Org", "other").await;
        let spare_partnership = id_of(
            &api.post(&net.path("/partnerships"), partnership_body("Spare", &[net.school, net.library]))
                .await
                .json_ok(StatusCode::CREATED)
                .await,
        );
        let base = net.path("");
        let (partnership_id, library_id) = (net.partnership, net.library);
        let contact = |org: Uuid, name: String| {
            let api = api.clone();
            let path = format!("{base}/organizations/{org}/contacts");
            async move { id_of(&api.post(&path, json!({"name": name})).await.json_ok(StatusCode::CREATED).await) }
        };
        let school_contact = contact(net.school, "Ms Rivera".into()).await;
        let goal_body = json!({"statement": "Every pupil borrows a book a week", "metric": "loans", "target": 300});
        let goal = id_of(
            &api.post(&net.path(&format!("/partnerships/{}/goals", net.partnership)), goal_body.clone())
                .await
                .json_ok(StatusCode::CREATED)
                .await,
        );
        let milestone_body = json!({"title": "Library cards for all", "due_on": day(today(), 30)});
        let milestone = id_of(
            &api.post(&net.path(&format!("/goals/{goal}/milestones")), milestone_body.clone())
                .await
                .json_ok(StatusCode::CREATED)
                .await,
        );
        let commitment = |description: String| {
            let api = api.clone();
            let path = format!("{base}/partnerships/{partnership_id}/commitments");
            let body =
                json!({"promisor_organization_id": library_id, "description": description, "due_on": day(today(), 10)});
            async move { id_of(&api.post(&path, body).await.json_ok(StatusCode::CREATED).await) }
        };
        let the_commitment = commitment("Open on Saturdays".into()).await;
        let checkin = id_of(
            &api.post(
                &net.path(&format!("/partnerships/{}/checkins", net.partnership)),
                json!({"held_on": day(today(), -2), "notes": "Kick-off"}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await,
        );
        let role_target = app.person(&net, "member", &[net.library]).await.id;
        let mut world = World {
            food_bank,
            spare_org,
            spare_partnership,
            school_contact,
            goal,
            milestone,
            commitment: the_commitment,
            checkin,
            role_target,
            own_contact: BTreeMap::new(),
            own_goal: BTreeMap::new(),
            own_milestone: BTreeMap::new(),
            own_done: BTreeMap::new(),
            own_renegotiate: BTreeMap::new(),
            own_cancel: BTreeMap::new(),
            net,
        };
        for who in COLUMNS {
            world.own_contact.insert(who, contact(world.net.school, format!("Contact for {who:?}")).await);
            let own_goal = id_of(
                &api.post(
                    &world.net.path(&format!("/partnerships/{}/goals", world.net.partnership)),
                    goal_body.clone(),
                )
                .await
                .json_ok(StatusCode::CREATED)
                .await,
            );
            world.own_goal.insert(who, own_goal);
            let own_milestone = id_of(
                &api.post(&world.net.path(&format!("/goals/{goal}/milestones")), milestone_body.clone())
                    .await
                    .json_ok(StatusCode::CREATED)
                    .await,
            );
            world.own_milestone.insert(who, own_milestone);
            world.own_done.insert(who, commitment(format!("Done by {who:?}")).await);
            world.own_renegotiate.insert(who, commitment(format!("Moved by {who:?}")).await);
            world.own_cancel.insert(who, commitment(format!("Cancelled by {who:?}")).await);
        }
        world
    }

    /// The request `who` sends for `route`. Created records carry the person's name so the test
    /// can check afterwards which ones landed.
    fn request(&self, route: Route, who: Who) -> (Method, String, Option<Value>) {
        let net = &self.net;
        let p = |rest: String| net.path(&rest);
        let tag = format!("{who:?}");
        let partnership = net.partnership;
        match route {
            ListOrganizations => (Method::GET, p("/organizations".into()), None),
            ReadOrganization => (Method::GET, p(format!("/organizations/{}", net.school)), None),
            CreateOrganization => (
                Method::POST,
                p("/organizations".into()),
                Some(json!({"name": format!("Org by {tag}"), "kind": "business"})),
            ),
            UpdateOwnOrganization => (
                Method::PUT,
                p(format!("/organizations/{}", net.school)),
                Some(json!({"name": "Lincoln Elementary", "kind": "school", "mission": format!("edited by {tag}")})),
            ),
            UpdateOtherOrganization => (
                Method::PUT,
                p(format!("/organizations/{}", net.library)),
                Some(json!({"name": "Eastside Library", "kind": "library", "mission": format!("edited by {tag}")})),
            ),
            ArchiveOrganization => (Method::POST, p(format!("/organizations/{}/archive", self.spare_org)), None),
            RestoreOrganization => (Method::POST, p(format!("/organizations/{}/restore", self.spare_org)), None),
            ListContacts => (Method::GET, p(format!("/organizations/{}/contacts", net.school)), None),
            CreateContactAtSchool => (
                Method::POST,
                p(format!("/organizations/{}/contacts", net.school)),
                Some(json!({"name": format!("School contact by {tag}")})),
            ),
            CreateContactAtLibrary => (
                Method::POST,
                p(format!("/organizations/{}/contacts", net.library)),
                Some(json!({"name": format!("Library contact by {tag}")})),
            ),
            UpdateSchoolContact => (
                Method::PUT,
                p(format!("/contacts/{}", self.school_contact)),
                Some(json!({"name": "Ms Rivera", "role": format!("edited by {tag}")})),
            ),
            ArchiveSchoolContact => (Method::POST, p(format!("/contacts/{}/archive", self.own_contact[&who])), None),
            ListPartnerships => (Method::GET, p("/partnerships".into()), None),
            ReadPartnership => (Method::GET, p(format!("/partnerships/{partnership}")), None),
            CreatePartnership => (
                Method::POST,
                p("/partnerships".into()),
                Some(partnership_body(&format!("Partnership by {tag}"), &[net.school, self.food_bank])),
            ),
            UpdatePartnership => (
                Method::PUT,
                p(format!("/partnerships/{partnership}")),
                Some(partnership_body("Reading Buddies", &[net.school, net.library])),
            ),
            ArchivePartnership => (Method::POST, p(format!("/partnerships/{}/archive", self.spare_partnership)), None),
            RestorePartnership => (Method::POST, p(format!("/partnerships/{}/restore", self.spare_partnership)), None),
            ReadVisionHistory => (Method::GET, p(format!("/partnerships/{partnership}/vision")), None),
            ReadPartnershipHealth => (Method::GET, p(format!("/partnerships/{partnership}/health")), None),
            ListGoals => (Method::GET, p(format!("/partnerships/{partnership}/goals")), None),
            CreateGoal => (
                Method::POST,
                p(format!("/partnerships/{partnership}/goals")),
                Some(json!({"statement": format!("Goal by {tag}")})),
            ),
            ReadGoal => (Method::GET, p(format!("/goals/{}", self.goal)), None),
            UpdateGoal => (
                Method::PUT,
                p(format!("/goals/{}", self.goal)),
                Some(
                    json!({"statement": "Every pupil borrows a book a week", "metric": "loans", "target": 300, "relevance": format!("edited by {tag}")}),
                ),
            ),
            ArchiveGoal => (Method::POST, p(format!("/goals/{}/archive", self.own_goal[&who])), None),
            ListGoalUpdates => (Method::GET, p(format!("/goals/{}/updates", self.goal)), None),
            CreateGoalUpdate => (
                Method::POST,
                p(format!("/goals/{}/updates", self.goal)),
                Some(json!({"current": 120, "confidence": "on_track", "comment": format!("update by {tag}")})),
            ),
            ListMilestones => (Method::GET, p(format!("/goals/{}/milestones", self.goal)), None),
            CreateMilestone => (
                Method::POST,
                p(format!("/goals/{}/milestones", self.goal)),
                Some(json!({"title": format!("Milestone by {tag}"), "due_on": day(today(), 40)})),
            ),
            UpdateMilestone => (
                Method::PUT,
                p(format!("/milestones/{}", self.milestone)),
                Some(json!({"title": format!("Library cards for all ({tag})"), "due_on": day(today(), 30)})),
            ),
            ArchiveMilestone => (Method::POST, p(format!("/milestones/{}/archive", self.own_milestone[&who])), None),
            ListCommitments => (Method::GET, p(format!("/partnerships/{partnership}/commitments")), None),
            CreateCommitment => (
                Method::POST,
                p(format!("/partnerships/{partnership}/commitments")),
                Some(
                    json!({"promisor_organization_id": net.school, "description": format!("Commitment by {tag}"), "due_on": day(today(), 20)}),
                ),
            ),
            ReadCommitment => (Method::GET, p(format!("/commitments/{}", self.commitment)), None),
            MarkCommitmentDone => {
                (Method::POST, p(format!("/commitments/{}/done", self.own_done[&who])), Some(json!({})))
            }
            RenegotiateCommitment => (
                Method::POST,
                p(format!("/commitments/{}/renegotiate", self.own_renegotiate[&who])),
                Some(json!({"new_due_on": day(today(), 15), "reason": "the van is booked"})),
            ),
            CancelCommitment => (
                Method::POST,
                p(format!("/commitments/{}/cancel", self.own_cancel[&who])),
                Some(json!({"reason": "both agreed"})),
            ),
            ListCheckins => (Method::GET, p(format!("/partnerships/{partnership}/checkins")), None),
            CreateCheckin => (
                Method::POST,
                p(format!("/partnerships/{partnership}/checkins")),
                Some(json!({"held_on": day(today(), 0), "notes": format!("Check-in by {tag}")})),
            ),
            ReadCheckin => (Method::GET, p(format!("/checkins/{}", self.checkin)), None),
            ListMembers => (Method::GET, p("/members".into()), None),
            ChangeSomeonesRole => (
                Method::PUT,
                p(format!("/members/{}", self.role_target)),
                Some(json!({"role": "observer", "organizations": [net.library]})),
            ),
            InviteMember => (
                Method::POST,
                p("/invitations".into()),
                Some(json!({"email": "new.member@example.org", "role": "member", "organization_id": net.school})),
            ),
            InviteObserver => (
                Method::POST,
                p("/invitations".into()),
                Some(json!({"email": "funder@example.org", "role": "observer"})),
            ),
            InviteCoordinator => (
                Method::POST,
                p("/invitations".into()),
                Some(json!({"email": "coord@example.org", "role": "coordinator"})),
            ),
            InviteOwner => (
                Method::POST,
                p("/invitations".into()),
                Some(json!({"email": "co-owner@example.org", "role": "owner"})),
            ),
            ReadWorkspace => (Method::GET, net.path(""), None),
            RenameWorkspace => (Method::PATCH, net.path(""), Some(json!({"name": format!("Renamed by {tag}")}))),
        }
    }
}

fn partnership_body(name: &str, members: &[Uuid]) -> Value {
    let members: Vec<Value> = members.iter().map(|id| json!({"organization_id": id})).collect();
    json!({"name": name, "kind": "school_community", "status": "active", "cadence": "monthly", "vision": "Every child a reader", "members": members})
}

async fn every_role_gets_exactly_what_spec_7_allows(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let net = &world.net;
    let mut people: BTreeMap<Who, Api> = BTreeMap::new();
    people.insert(Who::Owner, net.owner.api.clone());
    people.insert(Who::Coordinator, app.person(net, "coordinator", &[]).await.api);
    people.insert(Who::SchoolMember, app.person(net, "member", &[net.school]).await.api);
    people.insert(Who::FoodBankMember, app.person(net, "member", &[world.food_bank]).await.api);
    people.insert(Who::Observer, app.person(net, "observer", &[]).await.api);

    let mut wrong = Vec::new();
    for (route, expected) in MATRIX {
        for (who, expected) in COLUMNS.iter().zip(expected) {
            let (method, path, body) = world.request(*route, *who);
            let response = people[who].send(method.clone(), &path, body, None).await;
            let status = response.status().as_u16();
            let content_type =
                response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            let text = response.text().await.unwrap_or_default();
            if status != *expected {
                wrong
                    .push(format!("{route:?} as {who:?}: expected {expected}, got {status} ({method} {path}: {text})"));
            } else if status >= 400 {
                let problem: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                if content_type != "application/problem+json"
                    || problem["status"] != status
                    || !problem["detail"].is_string()
                {
                    wrong.push(format!(
                        "{route:?} as {who:?}: the refusal is not a problem document: {content_type} {text}"
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} cells disagree with SPEC 7:\n{}", wrong.len(), wrong.join("\n"));

    // The refused writes left no trace: only the allowed people's records exist.
    let owner = &net.owner.api;
    let writers = |route: Route| -> Vec<String> {
        let column = MATRIX.iter().find(|(r, _)| *r == route).unwrap().1;
        COLUMNS
            .iter()
            .zip(column)
            .filter(|(_, s)| matches!(*s, OK | CREATED | GONE))
            .map(|(who, _)| format!("{who:?}"))
            .collect()
    };
    let tagged = |items: &Value, key: &str, prefix: &str| -> Vec<String> {
        items["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i[key].as_str()?.strip_prefix(prefix).map(str::to_owned))
            .collect()
    };
    let orgs = owner.read(&net.path("/organizations?limit=200")).await;
    assert_eq!(tagged(&orgs, "name", "Org by "), writers(CreateOrganization));
    let partnerships = owner.read(&net.path("/partnerships?limit=200")).await;
    assert_eq!(tagged(&partnerships, "name", "Partnership by "), writers(CreatePartnership));
    let school_contacts = owner.read(&net.path(&format!("/organizations/{}/contacts", net.school))).await;
    assert_eq!(tagged(&school_contacts, "name", "School contact by "), writers(CreateContactAtSchool));
    let library_contacts = owner.read(&net.path(&format!("/organizations/{}/contacts", net.library))).await;
    assert_eq!(tagged(&library_contacts, "name", "Library contact by "), writers(CreateContactAtLibrary));
    let still_listed: Vec<String> = tagged(&school_contacts, "name", "Contact for ");
    let archivers = writers(ArchiveSchoolContact);
    assert_eq!(
        still_listed,
        COLUMNS.iter().map(|w| format!("{w:?}")).filter(|w| !archivers.contains(w)).collect::<Vec<_>>()
    );
    let goals = owner.read(&net.path(&format!("/partnerships/{}/goals", net.partnership))).await;
    assert_eq!(tagged(&goals, "statement", "Goal by "), writers(CreateGoal));
    assert_eq!(
        goals["items"].as_array().unwrap().len(),
        1 + writers(CreateGoal).len() + (5 - writers(ArchiveGoal).len())
    );
    let updates = owner.read(&net.path(&format!("/goals/{}/updates", world.goal))).await;
    let mut by: Vec<String> = tagged(&updates, "comment", "update by ");
    by.reverse();
    assert_eq!(by, writers(CreateGoalUpdate));
    let milestones = owner.read(&net.path(&format!("/goals/{}/milestones", world.goal))).await;
    assert_eq!(tagged(&milestones, "title", "Milestone by "), writers(CreateMilestone));
    let commitments = owner.read(&net.path(&format!("/partnerships/{}/commitments?limit=200", net.partnership))).await;
    assert_eq!(tagged(&commitments, "description", "Commitment by "), writers(CreateCommitment));
    for item in commitments["items"].as_array().unwrap() {
        let description = item["description"].as_str().unwrap();
        let status = item["status"].as_str().unwrap();
        for (prefix, route, changed) in
            [("Done by ", MarkCommitmentDone, "done"), ("Cancelled by ", CancelCommitment, "cancelled")]
        {
            if let Some(who) = description.strip_prefix(prefix) {
                let expected = if writers(route).contains(&who.to_owned()) { changed } else { "open" };
                assert_eq!(status, expected, "{description}");
            }
        }
        if let Some(who) = description.strip_prefix("Moved by ") {
            let expected = if writers(RenegotiateCommitment).contains(&who.to_owned()) {
                day(today(), 15)
            } else {
                day(today(), 10)
            };
            assert_eq!(item["due_on"], expected, "{description}");
        }
    }
    let checkins = owner.read(&net.path(&format!("/partnerships/{}/checkins", net.partnership))).await;
    assert_eq!(tagged(&checkins, "notes", "Check-in by "), writers(CreateCheckin));
    let school = owner.read(&net.path(&format!("/organizations/{}", net.school))).await;
    assert_eq!(school["mission"], format!("edited by {}", writers(UpdateOwnOrganization).last().unwrap()));
    let library = owner.read(&net.path(&format!("/organizations/{}", net.library))).await;
    assert_eq!(library["mission"], format!("edited by {}", writers(UpdateOtherOrganization).last().unwrap()));
    let workspace = owner.read(&net.path("")).await;
    assert_eq!(workspace["name"], "Renamed by Owner");
    let members = owner.read(&net.path("/members")).await;
    let target = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == world.role_target.to_string())
        .unwrap()
        .clone();
    assert_eq!(target["role"], "observer");
}

async fn members_see_only_the_partnerships_of_their_organisations(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let owner = &net.owner.api;
    let food_bank = app.organization(&net, "Riverside Food Bank", "nonprofit").await;
    let pantry = id_of(
        &owner
            .post(&net.path("/partnerships"), partnership_body("Weekend pantry", &[food_bank, net.library]))
            .await
            .json_ok(StatusCode::CREATED)
            .await,
    );
    let reading = net.partnership;

    let coordinator = app.person(&net, "coordinator", &[]).await;
    let school_member = app.person(&net, "member", &[net.school]).await;
    let library_member = app.person(&net, "member", &[net.library]).await;
    let food_member = app.person(&net, "member", &[food_bank]).await;
    let lone_member = app.person(&net, "member", &[]).await;
    let observer = app.person(&net, "observer", &[]).await;

    // | person | partnerships they see |
    let table: [(&str, &Api, Vec<Uuid>); 7] = [
        ("owner", owner, vec![reading, pantry]),
        ("coordinator", &coordinator.api, vec![reading, pantry]),
        ("observer", &observer.api, vec![reading, pantry]),
        ("school member", &school_member.api, vec![reading]),
        ("library member", &library_member.api, vec![reading, pantry]),
        ("food bank member", &food_member.api, vec![pantry]),
        ("member of no organisation", &lone_member.api, vec![]),
    ];
    for (who, api, expected) in &table {
        assert_eq!(&api.ids(&net.path("/partnerships")).await, expected, "{who} lists");
        assert_eq!(
            &api.ids(&net.path("/partnerships?limit=1")).await,
            &expected.iter().copied().take(1).collect::<Vec<_>>(),
            "{who} pages"
        );
        for partnership in [reading, pantry] {
            let response = api.get(&net.path(&format!("/partnerships/{partnership}"))).await;
            let expected_status = if expected.contains(&partnership) { StatusCode::OK } else { StatusCode::NOT_FOUND };
            assert_eq!(response.status(), expected_status, "{who} reads {partnership}");
        }
        // Narrowing by organisation never widens the view.
        let narrowed = api.ids(&net.path(&format!("/partnerships?organization={food_bank}"))).await;
        assert_eq!(
            narrowed,
            expected.iter().copied().filter(|p| *p == pantry).collect::<Vec<_>>(),
            "{who} narrowed to the food bank"
        );
    }

    // A partnership outside one's view answers exactly like one that does not exist.
    let hidden =
        school_member.api.get(&net.path(&format!("/partnerships/{pantry}"))).await.problem(StatusCode::NOT_FOUND).await;
    let missing = school_member
        .api
        .get(&net.path(&format!("/partnerships/{}", Uuid::now_v7())))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;
    assert_eq!(hidden, missing);
    let commitment = id_of(
        &owner
            .post(&net.path(&format!("/partnerships/{pantry}/commitments")), json!({"promisor_organization_id": food_bank, "description": "Saturday boxes", "due_on": day(today(), 5)}))
            .await
            .json_ok(StatusCode::CREATED)
            .await,
    );
    let hidden = school_member
        .api
        .post(&net.path(&format!("/commitments/{commitment}/done")), json!({}))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;
    let missing = school_member
        .api
        .post(&net.path(&format!("/commitments/{}/done", Uuid::now_v7())), json!({}))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;
    assert_eq!(hidden, missing);
    assert_eq!(owner.read(&net.path(&format!("/commitments/{commitment}"))).await["status"], "due_soon");

    // Joining an organisation widens the view; leaving it narrows it again.
    owner
        .put(
            &net.path(&format!("/members/{}", school_member.id)),
            json!({"role": "member", "organizations": [net.school, food_bank]}),
            None,
        )
        .await
        .json_ok(StatusCode::NO_CONTENT)
        .await;
    assert_eq!(school_member.api.ids(&net.path("/partnerships")).await, [reading, pantry]);
    owner
        .put(&net.path(&format!("/members/{}", school_member.id)), json!({"role": "member", "organizations": []}), None)
        .await
        .json_ok(StatusCode::NO_CONTENT)
        .await;
    assert!(school_member.api.ids(&net.path("/partnerships")).await.is_empty());

    // A role change with an unknown organisation changes nothing at all.
    let problem = owner
        .put(
            &net.path(&format!("/members/{}", school_member.id)),
            json!({"role": "coordinator", "organizations": [net.school, Uuid::now_v7()]}),
            None,
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["organizations[1]"]);
    let members = owner.read(&net.path("/members")).await;
    let entry = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == school_member.id.to_string())
        .unwrap()
        .clone();
    assert_eq!(entry["role"], "member");
    assert_eq!(entry["organizations"], json!([]));

    // The last owner cannot step down.
    let problem = owner
        .put(&net.path(&format!("/members/{}", net.owner.id)), json!({"role": "member", "organizations": []}), None)
        .await
        .problem(StatusCode::CONFLICT)
        .await;
    assert!(problem["detail"].as_str().unwrap().contains("owner"));
}

/// Everything workspace A holds, as its owner reads it.
async fn snapshot(api: &Api, a: &Network, ids: &AIds) -> Vec<Value> {
    let mut paths = vec![
        a.path(""),
        a.path("/members"),
        a.path("/organizations?include_archived=true&limit=200"),
        a.path("/partnerships?include_archived=true&limit=200"),
        a.path(&format!("/organizations/{}/contacts", a.school)),
        a.path(&format!("/partnerships/{}/vision", a.partnership)),
        a.path(&format!("/partnerships/{}/goals?include_archived=true", a.partnership)),
        a.path(&format!("/goals/{}/updates", ids.goal)),
        a.path(&format!("/goals/{}/milestones", ids.goal)),
        a.path(&format!("/partnerships/{}/commitments?include_archived=true&limit=200", a.partnership)),
        a.path(&format!("/partnerships/{}/checkins?include_archived=true", a.partnership)),
        "/api/v1/auth/tokens".to_owned(),
    ];
    paths.push(a.path(&format!("/commitments/{}", ids.commitment)));
    let mut out = Vec::new();
    for path in paths {
        out.push(api.read(&path).await);
    }
    out
}

struct AIds {
    contact: Uuid,
    goal: Uuid,
    milestone: Uuid,
    commitment: Uuid,
    checkin: Uuid,
    token: Uuid,
}

async fn a_workspace_sees_nothing_of_another(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let a = app.network().await;
    let b = app.network().await;
    let api = &a.owner.api;
    let ids = AIds {
        contact: id_of(
            &api.post(
                &a.path(&format!("/organizations/{}/contacts", a.school)),
                json!({"name": "Ms Rivera", "email": "rivera@lincoln.example.org"}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await,
        ),
        goal: id_of(
            &api.post(&a.path(&format!("/partnerships/{}/goals", a.partnership)), json!({"statement": "Read more"}))
                .await
                .json_ok(StatusCode::CREATED)
                .await,
        ),
        milestone: Uuid::nil(),
        commitment: id_of(
            &api.post(
                &a.path(&format!("/partnerships/{}/commitments", a.partnership)),
                json!({"promisor_organization_id": a.library, "description": "Open late", "due_on": day(today(), 9)}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await,
        ),
        checkin: id_of(
            &api.post(
                &a.path(&format!("/partnerships/{}/checkins", a.partnership)),
                json!({"held_on": day(today(), -1), "notes": "Private notes"}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await,
        ),
        token: id_of(
            &api.post("/api/v1/auth/tokens", json!({"name": "A's script"})).await.json_ok(StatusCode::CREATED).await,
        ),
    };
    let ids = AIds {
        milestone: id_of(
            &api.post(
                &a.path(&format!("/goals/{}/milestones", ids.goal)),
                json!({"title": "Cards", "due_on": day(today(), 20)}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await,
        ),
        ..ids
    };
    let a_member = app.person(&a, "member", &[a.school]).await;
    let before = snapshot(api, &a, &ids).await;

    // B's owner, and a B coordinator, try every URL of A: under A's workspace id, and under their
    // own workspace id with A's record ids.
    let b_coordinator = app.person(&b, "coordinator", &[b.school]).await;
    let partnership_body_a = partnership_body("Hijack", &[a.school, a.library]);
    let commitment_body =
        json!({"promisor_organization_id": a.library, "description": "Injected", "due_on": day(today(), 3)});
    let requests = |ws: Uuid| -> Vec<(Method, String, Option<Value>)> {
        let p = |rest: String| format!("/api/v1/workspaces/{ws}{rest}");
        vec![
            (Method::GET, p(String::new()), None),
            (Method::PATCH, p(String::new()), Some(json!({"name": "Taken over"}))),
            (Method::GET, p("/members".into()), None),
            (Method::PUT, p(format!("/members/{}", a_member.id)), Some(json!({"role": "owner", "organizations": []}))),
            (
                Method::PUT,
                p(format!("/members/{}", a.owner.id)),
                Some(json!({"role": "observer", "organizations": []})),
            ),
            (Method::POST, p("/invitations".into()), Some(json!({"email": "spy@example.org", "role": "owner"}))),
            (Method::GET, p("/organizations".into()), None),
            (Method::POST, p("/organizations".into()), Some(json!({"name": "Planted", "kind": "other"}))),
            (Method::GET, p(format!("/organizations/{}", a.school)), None),
            (
                Method::PUT,
                p(format!("/organizations/{}", a.school)),
                Some(json!({"name": "Defaced", "kind": "school"})),
            ),
            (Method::POST, p(format!("/organizations/{}/archive", a.school)), None),
            (Method::POST, p(format!("/organizations/{}/restore", a.school)), None),
            (Method::GET, p(format!("/organizations/{}/contacts", a.school)), None),
            (
                Method::POST,
                p(format!("/organizations/{}/contacts", a.school)),
                Some(json!({"name": "Planted contact"})),
            ),
            (Method::PUT, p(format!("/contacts/{}", ids.contact)), Some(json!({"name": "Defaced"}))),
            (Method::POST, p(format!("/contacts/{}/archive", ids.contact)), None),
            (Method::GET, p("/partnerships".into()), None),
            (Method::POST, p("/partnerships".into()), Some(partnership_body_a.clone())),
            (Method::GET, p(format!("/partnerships/{}", a.partnership)), None),
            (Method::PUT, p(format!("/partnerships/{}", a.partnership)), Some(partnership_body_a.clone())),
            (Method::POST, p(format!("/partnerships/{}/archive", a.partnership)), None),
            (Method::POST, p(format!("/partnerships/{}/restore", a.partnership)), None),
            (Method::GET, p(format!("/partnerships/{}/vision", a.partnership)), None),
            (Method::GET, p(format!("/partnerships/{}/goals", a.partnership)), None),
            (Method::POST, p(format!("/partnerships/{}/goals", a.partnership)), Some(json!({"statement": "Planted"}))),
            (Method::GET, p(format!("/goals/{}", ids.goal)), None),
            (Method::PUT, p(format!("/goals/{}", ids.goal)), Some(json!({"statement": "Defaced"}))),
            (Method::POST, p(format!("/goals/{}/archive", ids.goal)), None),
            (Method::GET, p(format!("/goals/{}/updates", ids.goal)), None),
            (Method::POST, p(format!("/goals/{}/updates", ids.goal)), Some(json!({"confidence": "off_track"}))),
            (Method::GET, p(format!("/goals/{}/milestones", ids.goal)), None),
            (
                Method::POST,
                p(format!("/goals/{}/milestones", ids.goal)),
                Some(json!({"title": "Planted", "due_on": day(today(), 5)})),
            ),
            (
                Method::PUT,
                p(format!("/milestones/{}", ids.milestone)),
                Some(json!({"title": "Defaced", "due_on": day(today(), 5)})),
            ),
            (Method::POST, p(format!("/milestones/{}/archive", ids.milestone)), None),
            (Method::GET, p(format!("/partnerships/{}/commitments", a.partnership)), None),
            (Method::POST, p(format!("/partnerships/{}/commitments", a.partnership)), Some(commitment_body.clone())),
            (Method::GET, p(format!("/commitments/{}", ids.commitment)), None),
            (Method::POST, p(format!("/commitments/{}/done", ids.commitment)), Some(json!({}))),
            (
                Method::POST,
                p(format!("/commitments/{}/renegotiate", ids.commitment)),
                Some(json!({"new_due_on": day(today(), 30), "reason": "x"})),
            ),
            (Method::POST, p(format!("/commitments/{}/cancel", ids.commitment)), Some(json!({"reason": "x"}))),
            (Method::POST, p(format!("/commitments/{}/archive", ids.commitment)), None),
            (Method::GET, p(format!("/partnerships/{}/checkins", a.partnership)), None),
            (
                Method::POST,
                p(format!("/partnerships/{}/checkins", a.partnership)),
                Some(json!({"held_on": day(today(), 0), "action_items": [commitment_body.clone()]})),
            ),
            (Method::GET, p(format!("/checkins/{}", ids.checkin)), None),
            (Method::POST, p(format!("/checkins/{}/archive", ids.checkin)), None),
        ]
    };
    let mut wrong = Vec::new();
    for intruder in [&b.owner.api, &b_coordinator.api] {
        for (ws, own_workspace) in [(a.ws, false), (b.ws, true)] {
            for (method, path, body) in requests(ws) {
                // Under B's own id, the workspace-level routes are legitimately B's; only the ones
                // naming A's records matter, and they must answer exactly as for an id that never
                // existed (a coordinator's 403 for role changes is the same for any id).
                let a_ids = [
                    a.school,
                    a.partnership,
                    ids.contact,
                    ids.goal,
                    ids.milestone,
                    ids.commitment,
                    ids.checkin,
                    a_member.id,
                    a.owner.id,
                ];
                let named: Vec<Uuid> = a_ids.iter().copied().filter(|id| path.contains(&id.to_string())).collect();
                if own_workspace && named.is_empty() {
                    continue;
                }
                let response = intruder.send(method.clone(), &path, body.clone(), None).await;
                let status = response.status();
                let text = response.text().await.unwrap_or_default();
                if text.contains("Eastside") || text.contains("Lincoln") || text.contains("Reading Buddies") {
                    wrong.push(format!("{method} {path} leaked A's data: {text}"));
                }
                if own_workspace {
                    let mut unknown_path = path.clone();
                    for id in named {
                        unknown_path = unknown_path.replace(&id.to_string(), &Uuid::now_v7().to_string());
                    }
                    let control = intruder.send(method.clone(), &unknown_path, body, None).await;
                    let (control_status, control_text) = (control.status(), control.text().await.unwrap_or_default());
                    if status.is_success() || (status, &text) != (control_status, &control_text) {
                        wrong.push(format!("{method} {path} answered {status} {text}, unlike an unknown id: {control_status} {control_text}"));
                    }
                } else if status != StatusCode::NOT_FOUND {
                    wrong.push(format!("{method} {path} answered {status}: {text}"));
                }
            }
        }
        // A's records named in a body, inside B, are treated exactly like ids that never existed.
        let foreign = intruder
            .post(&b.path("/partnerships"), partnership_body("Mixed", &[b.school, a.school]))
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        let random = intruder
            .post(&b.path("/partnerships"), partnership_body("Mixed", &[b.school, Uuid::now_v7()]))
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(foreign, random);
        let foreign = intruder
            .post(
                &b.path("/invitations"),
                json!({"email": "m@example.org", "role": "member", "organization_id": a.school}),
            )
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        let random = intruder
            .post(
                &b.path("/invitations"),
                json!({"email": "m@example.org", "role": "member", "organization_id": Uuid::now_v7()}),
            )
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(foreign, random);
        let foreign = intruder
            .post(&b.path(&format!("/partnerships/{}/commitments", b.partnership)), json!({"promisor_organization_id": b.school, "promisor_user_id": a.owner.id, "description": "x", "due_on": day(today(), 3)}))
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(fields(&foreign), ["promisor_user_id"], "a person of another workspace cannot be named");
        intruder.delete(&format!("/api/v1/auth/tokens/{}", ids.token)).await.problem(StatusCode::NOT_FOUND).await;
    }
    assert!(wrong.is_empty(), "{} requests reached workspace A:\n{}", wrong.len(), wrong.join("\n"));
    assert!(b.owner.api.read("/api/v1/workspaces").await["items"].as_array().unwrap().iter().all(|w| id_of(w) != a.ws));

    let after = snapshot(api, &a, &ids).await;
    for (before, after) in before.iter().zip(&after) {
        assert_eq!(before, after, "workspace A changed");
    }
    // B's own lists hold nothing of A either.
    let b_orgs = b.owner.api.ids(&b.path("/organizations?include_archived=true")).await;
    assert_eq!(b_orgs, [b.school, b.library]);
    assert_eq!(b.owner.api.ids(&b.path("/partnerships?include_archived=true")).await, [b.partnership]);
}
