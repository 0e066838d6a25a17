//! The network of organisations through the API: ties from partnerships and interactions,
//! measures recomputed for each filter, history by `as_of`, and visibility.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::*;

fn close(actual: &Value, expected: f64, what: &str) {
    let actual = actual.as_f64().unwrap_or_else(|| panic!("{what} is a number: {actual}"));
    assert!((actual - expected).abs() < 1e-9, "{what}: got {actual}, expected {expected}");
}

on_both_backends!(the_network_is_measured_as_filtered);

async fn the_network_is_measured_as_filtered(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    // A university works with the library; the library sits between it and the school.
    let university = api.post(&net.path("/organizations"), json!({"name": "State University", "kind": "higher_education", "focus_areas": ["teacher pipeline"]})).await.json_ok(StatusCode::CREATED).await;
    let university = id_of(&university);
    let residency = api
        .post(&net.path("/partnerships"), json!({"name": "Residency", "kind": "higher_ed_k12", "status": "active", "cadence": "monthly",
                                                 "members": [{"organization_id": university}, {"organization_id": net.library}]}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let residency = id_of(&residency);
    // Four promises kept by the library to the school lately: over the 3 units of evidence the
    // tie's reliability needs, even decayed.
    let today = app.store.today();
    for n in 0..4 {
        let body = json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": format!("Promise {n}"), "due_on": today - Duration::days(1)});
        let made = api.post(&net.path(&format!("/partnerships/{}/commitments", net.partnership)), body).await.json_ok(StatusCode::CREATED).await;
        api.post(&net.path(&format!("/commitments/{}/done", id_of(&made))), json!({"done_on": today - Duration::days(2)})).await.json_ok(StatusCode::OK).await;
    }
    let checkin = json!({"held_on": today, "attendee_organization_ids": [university, net.library]});
    api.post(&net.path(&format!("/partnerships/{residency}/checkins")), checkin).await.json_ok(StatusCode::CREATED).await;

    let whole = api.get(&net.path("/network")).await.json_ok(StatusCode::OK).await;
    let m = &whole["measures"];
    assert_eq!(m["organizations"], 3);
    assert_eq!(m["ties"], 2);
    close(&m["density"], 2.0 / 3.0, "density");
    close(&m["degree_centralization"], 1.0, "a path of three is a star");
    assert_eq!(m["brokers"], json!([net.library]), "the library connects the others");
    let library = m["nodes"].as_array().unwrap().iter().find(|n| n["id"] == json!(net.library)).unwrap();
    close(&library["betweenness"], 1.0, "library betweenness");
    let ties = whole["ties"].as_array().unwrap();
    let school_tie = ties.iter().find(|t| t["a"] == json!(net.school) || t["b"] == json!(net.school)).unwrap();
    assert_eq!(school_tie["partnerships"], 1);
    assert_eq!(school_tie["interactions"], 4, "four commitments between them");
    let e = school_tie["reliability"].as_f64().expect("four kept promises give the tie a reliability");
    assert!(e > 0.7 && e < 1.0, "{e}");
    let university_tie = ties.iter().find(|t| t["a"] == json!(university) || t["b"] == json!(university)).unwrap();
    assert_eq!(university_tie["interactions"], 1, "one check-in together");
    assert!(university_tie["reliability"].is_null());

    // Filters recompute the measures for what is left.
    let higher_ed = api.get(&net.path("/network?partnership_kind=higher_ed_k12")).await.json_ok(StatusCode::OK).await;
    assert_eq!(higher_ed["measures"]["ties"], 1);
    assert_eq!(higher_ed["measures"]["isolates"], json!([net.school]), "without its partnership the school stands alone");
    assert_eq!(higher_ed["measures"]["components"], 2);
    let schools = api.get(&net.path("/network?organization_kind=school")).await.json_ok(StatusCode::OK).await;
    assert_eq!(schools["measures"]["organizations"], 1);
    assert_eq!(schools["measures"]["ties"], 0);
    let focus = api.get(&net.path("/network?focus=Teacher%20Pipeline")).await.json_ok(StatusCode::OK).await;
    assert_eq!(focus["nodes"].as_array().unwrap().len(), 1, "focus areas match regardless of case");
    let before = api.get(&net.path(&format!("/network?as_of={}", today - Duration::days(1)))).await.json_ok(StatusCode::OK).await;
    assert_eq!(before["measures"]["organizations"], 0, "yesterday none of these organisations was recorded yet");
    let problem = api.get(&net.path("/network?partnership_kind=marriage")).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["partnership_kind"]);

    // A member of the university sees every organisation but only the ties of its partnership.
    let member = app.sign_up(&format!("member-{}@example.org", short()), "Uma University").await;
    app.join(&net, &member, "member", &[university]).await;
    let theirs = member.api.get(&net.path("/network")).await.json_ok(StatusCode::OK).await;
    assert_eq!(theirs["measures"]["organizations"], 3);
    assert_eq!(theirs["measures"]["ties"], 1, "the school–library partnership is not theirs to see");
    let stranger = app.sign_up(&format!("stranger-{}@example.org", short()), "Stranger").await;
    stranger.api.get(&net.path("/network")).await.problem(StatusCode::NOT_FOUND).await;
}

on_both_backends!(partner_suggestions_rank_by_focus_mission_and_a_common_partner);

async fn partner_suggestions_rank_by_focus_mission_and_a_common_partner(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let org = |name: &str, kind: &str, focus: &[&str], mission: &str| json!({"name": name, "kind": kind, "focus_areas": focus, "mission": mission});
    api.put(&net.path(&format!("/organizations/{}", net.school)), org("Lincoln Elementary", "school", &["literacy", "family engagement"], "Every child reading with confidence by third grade"), None)
        .await
        .json_ok(StatusCode::OK)
        .await;
    let mut made = Vec::new();
    for body in [
        org("Reading Buddies", "nonprofit", &["Literacy"], "Volunteers reading with every child after school"),
        org("Food Bank", "nonprofit", &["food security"], "No family goes hungry"),
        org("Chess Club", "other", &["games"], "Chess on Saturdays"),
    ] {
        made.push(id_of(&api.post(&net.path("/organizations"), body).await.json_ok(StatusCode::CREATED).await));
    }
    let [tutors, bank, club] = made[..] else { unreachable!() };
    // The library, already the school's partner, also works with the tutors: it can introduce them.
    api.post(&net.path("/partnerships"), json!({"name": "Reading nights", "kind": "school_community", "status": "active", "cadence": "monthly",
                                                "members": [{"organization_id": net.library}, {"organization_id": tutors}]}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;

    let found = api.get(&net.path(&format!("/organizations/{}/suggestions", net.school))).await.json_ok(StatusCode::OK).await;
    let items = found["items"].as_array().unwrap();
    assert_eq!(items[0]["organization_id"], json!(tutors), "shared focus, mission and an introducer rank first: {found}");
    assert_eq!(items[0]["shared_focus_areas"], json!(["literacy"]));
    assert_eq!(items[0]["introduced_by"], json!([net.library]));
    let why = items[0]["why"].as_str().unwrap();
    assert!(why.contains("shares your focus on literacy") && why.contains("Eastside Library, a partner of yours who could introduce you"), "{why}");
    let suggested: Vec<&Value> = items.iter().map(|s| &s["organization_id"]).collect();
    assert!(!suggested.contains(&&json!(net.library)), "an existing partner is not suggested");
    assert!(!suggested.contains(&&json!(club)) && !suggested.contains(&&json!(bank)), "nothing in common, no suggestion: {found}");

    // The organisation page lists them with the reason.
    let ui = app.ui_sign_in(&net.owner.email).await;
    let page = ui.page(&format!("/w/{}/organizations/{}", net.ws, net.school)).await;
    assert!(page.contains("Possible partners") && page.contains("Reading Buddies") && page.contains("could introduce you"), "{page}");

    // Outside the caller's workspace the organisation does not exist.
    let stranger = app.sign_up(&format!("stranger-{}@example.org", short()), "Sam Stranger").await;
    stranger.api.get(&net.path(&format!("/organizations/{}/suggestions", net.school))).await.problem(StatusCode::NOT_FOUND).await;
}
