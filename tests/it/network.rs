//! The network of organisations through the API: ties from partnerships and interactions,
//! measures computed once per change of ties by the `network` job and only read afterwards,
//! filters, history by `as_of`, and visibility.

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

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
    let university = api
        .post(
            &net.path("/organizations"),
            json!({"name": "State University", "kind": "higher_education", "focus_areas": ["teacher pipeline"]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
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
        let body = json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": format!("Promise {n}"),
                          "due_on": today - Duration::days(1), "made_on": today - Duration::days(10),
                          "outcome": {"kind": "kept", "on": today - Duration::days(2)}});
        api.post(&net.path(&format!("/partnerships/{}/commitments", net.partnership)), body)
            .await
            .json_ok(StatusCode::CREATED)
            .await;
    }
    let checkin = json!({"held_on": today, "attendee_organization_ids": [university, net.library]});
    api.post(&net.path(&format!("/partnerships/{residency}/checkins")), checkin)
        .await
        .json_ok(StatusCode::CREATED)
        .await;

    assert_eq!(app.run_network_jobs().await, 1, "every change so far waits in one queued computation");
    let whole = api.get(&net.path("/network")).await.json_ok(StatusCode::OK).await;
    assert!(whole["computed_at"].is_string(), "the stored measures say when they were computed: {whole}");
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

    // Filters narrow what is shown; the measures stay the whole network's, as stored.
    let higher_ed = api.get(&net.path("/network?partnership_kind=higher_ed_k12")).await.json_ok(StatusCode::OK).await;
    assert_eq!(higher_ed["ties"].as_array().unwrap().len(), 1, "only the residency's tie: {higher_ed}");
    assert_eq!(higher_ed["measures"]["ties"], 2, "the whole network's measures");
    assert_eq!(higher_ed["measures"]["brokers"], json!([net.library]));
    let schools = api.get(&net.path("/network?organization_kind=school")).await.json_ok(StatusCode::OK).await;
    assert_eq!(schools["nodes"].as_array().unwrap().len(), 1);
    assert!(schools["ties"].as_array().unwrap().is_empty());
    let focus = api.get(&net.path("/network?focus=Teacher%20Pipeline")).await.json_ok(StatusCode::OK).await;
    assert_eq!(focus["nodes"].as_array().unwrap().len(), 1, "focus areas match regardless of case");
    let before = api
        .get(&net.path(&format!("/network?as_of={}", today - Duration::days(1))))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert_eq!(before["measures"]["organizations"], 0, "yesterday none of these organisations was recorded yet");
    assert!(before["computed_at"].is_null(), "a past day is measured as read");
    let problem =
        api.get(&net.path("/network?partnership_kind=marriage")).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["partnership_kind"]);

    // A member of the university sees every organisation but only the ties of its partnership.
    let member = app.sign_up(&format!("member-{}@example.org", short()), "Uma University").await;
    app.join(&net, &member, "member", &[university]).await;
    let theirs = member.api.get(&net.path("/network")).await.json_ok(StatusCode::OK).await;
    assert_eq!(theirs["measures"]["organizations"], 3);
    assert_eq!(theirs["measures"]["ties"], 1, "the school–library partnership is not theirs to see");
    assert!(theirs["measures"]["brokers"].as_array().unwrap().is_empty(), "no broker named from hidden ties");
    let stranger = app.sign_up(&format!("stranger-{}@example.org", short()), "Stranger").await;
    stranger.api.get(&net.path("/network")).await.problem(StatusCode::NOT_FOUND).await;
}

on_both_backends!(partner_suggestions_rank_by_focus_mission_and_a_common_partner);

async fn partner_suggestions_rank_by_focus_mission_and_a_common_partner(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let org = |name: &str, kind: &str, focus: &[&str], mission: &str| json!({"name": name, "kind": kind, "focus_areas": focus, "mission": mission});
    api.put(
        &net.path(&format!("/organizations/{}", net.school)),
        org(
            "Lincoln Elementary",
            "school",
            &["literacy", "family engagement"],
            "Every child reading with confidence by third grade",
        ),
        None,
    )
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
    app.run_network_jobs().await;

    let found =
        api.get(&net.path(&format!("/organizations/{}/suggestions", net.school))).await.json_ok(StatusCode::OK).await;
    let items = found["items"].as_array().unwrap();
    assert_eq!(
        items[0]["organization_id"],
        json!(tutors),
        "shared focus, mission and an introducer rank first: {found}"
    );
    assert_eq!(items[0]["shared_focus_areas"], json!(["literacy"]));
    assert_eq!(items[0]["introduced_by"], json!([net.library]));
    let why = items[0]["why"].as_str().unwrap();
    assert!(
        why.contains("shares your focus on literacy")
            && why.contains("Eastside Library, a partner of yours who could introduce you"),
        "{why}"
    );
    let suggested: Vec<&Value> = items.iter().map(|s| &s["organization_id"]).collect();
    assert!(!suggested.contains(&&json!(net.library)), "an existing partner is not suggested");
    assert!(
        !suggested.contains(&&json!(club)) && !suggested.contains(&&json!(bank)),
        "nothing in common, no suggestion: {found}"
    );

    // The organisation page lists them with the reason.
    let ui = app.ui_sign_in(&net.owner.email).await;
    let page = ui.page(&format!("/w/{}/organizations/{}", net.ws, net.school)).await;
    assert!(
        page.contains("Possible partners") && page.contains("Reading Buddies") && page.contains("could introduce you"),
        "{page}"
    );

    // Outside the caller's workspace the organisation does not exist.
    let stranger = app.sign_up(&format!("stranger-{}@example.org", short()), "Sam Stranger").await;
    stranger
        .api
        .get(&net.path(&format!("/organizations/{}/suggestions", net.school)))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;
}

on_both_backends!(a_map_and_suggestions_read_again_are_not_worked_out_again_until_an_organisation_changes);

/// The map and partner suggestions are kept between requests (issue 23), and an organisation's
/// change shows at once on the next read, not after the network job.
async fn a_map_and_suggestions_read_again_are_not_worked_out_again_until_an_organisation_changes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let org = |name: &str, focus: &[&str]| json!({"name": name, "kind": "nonprofit", "focus_areas": focus});
    api.put(&net.path(&format!("/organizations/{}", net.school)), org("Lincoln Elementary", &["literacy"]), None)
        .await
        .json_ok(StatusCode::OK)
        .await;
    let tutors = id_of(
        &api.post(&net.path("/organizations"), org("Reading Buddies", &["literacy"]))
            .await
            .json_ok(StatusCode::CREATED)
            .await,
    );
    app.run_network_jobs().await;
    let computed = app.app.network_computations();

    let ui = app.ui_sign_in(&net.owner.email).await;
    let map_path = format!("/w/{}/network", net.ws);
    let suggestions_path = net.path(&format!("/organizations/{}/suggestions", net.school));
    let first = ui.page(&map_path).await;
    let first_suggestions = api.get(&suggestions_path).await.json_ok(StatusCode::OK).await;
    assert_eq!(first_suggestions["items"][0]["name"], json!("Reading Buddies"), "{first_suggestions}");
    assert!(first.contains(">Eastside Library</text>"), "the map names the library");

    // Read again: the same answers, and no organisation row read for them.
    let before = app.store.organization_rows_read();
    assert_eq!(ui.page(&map_path).await, first, "the same map");
    let again = api.get(&suggestions_path).await.json_ok(StatusCode::OK).await;
    assert_eq!(again, first_suggestions, "the same suggestions");
    assert_eq!(app.store.organization_rows_read() - before, 0, "answered from what was worked out");

    // Renamed: the next map and suggestions say so, before any network job runs.
    api.put(&net.path(&format!("/organizations/{}", net.library)), org("Westside Library", &[]), None)
        .await
        .json_ok(StatusCode::OK)
        .await;
    api.put(&net.path(&format!("/organizations/{tutors}")), org("Reading Friends", &["literacy"]), None)
        .await
        .json_ok(StatusCode::OK)
        .await;
    let map = ui.page(&map_path).await;
    assert!(map.contains(">Westside Library</text>") && !map.contains("Eastside Library"), "the new name, at once");
    let renamed = api.get(&suggestions_path).await.json_ok(StatusCode::OK).await;
    assert_eq!(renamed["items"][0]["name"], json!("Reading Friends"), "{renamed}");
    assert_eq!(app.app.network_computations(), computed, "no network computation on the way");
}

on_both_backends!(a_past_days_brokers_too_large_to_measure_as_read_are_measured_once_in_the_background);

/// A report of a network too large to measure betweenness while it is read (issue 24) has its
/// past day's brokers measured by a job, kept with the digest of that day's shape: they serve
/// every later read of that day, and a change to that day's shape has them measured again.
async fn a_past_days_brokers_too_large_to_measure_as_read_are_measured_once_in_the_background(backend: Backend) {
    use rapport_app::network_map::NetworkQuery;
    let clock = TestClock::frozen();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let net = app.network().await;
    let api = &net.owner.api;
    // A star around the library: the library is the broker.
    let mut members = Vec::new();
    for name in ["Food Bank", "Youth Club", "Clinic"] {
        let body = json!({"name": name, "kind": "nonprofit"});
        members.push(id_of(&api.post(&net.path("/organizations"), body).await.json_ok(StatusCode::CREATED).await));
    }
    for (n, member) in members.iter().enumerate() {
        api.post(&net.path("/partnerships"), json!({"name": format!("Star {n}"), "kind": "school_community", "status": "active", "cadence": "monthly",
                                                    "members": [{"organization_id": net.library}, {"organization_id": member}]}))
            .await
            .json_ok(StatusCode::CREATED)
            .await;
    }
    let day = clock.today();
    clock.advance(Duration::days(2));
    app.run_network_jobs().await;

    let viewer = app.store.viewer(net.ws, net.owner.id).await.unwrap().expect("the owner sees the workspace");
    let session = app.app.session(viewer);
    // Too large to measure as read: at most no organisation is.
    let past = NetworkQuery { as_of: Some(day), brokers_up_to: Some(0), ..NetworkQuery::default() };
    let read = session.network(&past).await.unwrap();
    assert!(!read.brokers_measured && read.measures.brokers.is_empty(), "not measured yet: queued");
    let computed = app.app.network_computations();
    assert_eq!(app.run_network_jobs().await, 1, "one job measures that day");
    assert_eq!(app.app.network_computations(), computed + 1);
    let read = session.network(&past).await.unwrap();
    assert!(read.brokers_measured, "measured in the background");
    assert_eq!(read.measures.brokers, vec![net.library], "the library joins the star");
    // The same as measured while read, where it may be.
    let inline = session.network(&NetworkQuery { brokers_up_to: Some(100), ..past.clone() }).await.unwrap();
    assert!(inline.brokers_measured);
    assert_eq!(inline.measures.brokers, read.measures.brokers);
    // Read again: nothing queued, nothing measured.
    session.network(&past).await.unwrap();
    assert_eq!(app.run_network_jobs().await, 0, "kept for that shape");

    // A change of that day's shape (a star's partnership now has the food bank and the clinic,
    // not the library): measured again.
    let stars = api.get(&net.path("/partnerships?limit=50")).await.json_ok(StatusCode::OK).await;
    let star = stars["items"].as_array().unwrap().iter().find(|p| p["name"] == "Star 0").unwrap().clone();
    api.put(
        &net.path(&format!("/partnerships/{}", star["id"].as_str().unwrap())),
        json!({"name": "Star 0", "kind": "school_community", "status": "active", "cadence": "monthly",
               "members": [{"organization_id": members[0]}, {"organization_id": members[2]}]}),
        None,
    )
    .await
    .json_ok(StatusCode::OK)
    .await;
    app.run_network_jobs().await;
    let read = session.network(&past).await.unwrap();
    assert!(!read.brokers_measured, "another shape: not the brokers kept for the old one");
    app.run_network_jobs().await;
    let read = session.network(&past).await.unwrap();
    let inline = session.network(&NetworkQuery { brokers_up_to: Some(100), ..past.clone() }).await.unwrap();
    assert!(read.brokers_measured);
    assert_eq!(read.measures.brokers, inline.measures.brokers, "measured again on the new shape");
}

on_both_backends!(reading_the_network_computes_nothing_and_a_burst_of_changes_is_computed_once);

async fn reading_the_network_computes_nothing_and_a_burst_of_changes_is_computed_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    assert_eq!(app.run_network_jobs().await, 1, "two organisations and a partnership: one computation queued");
    assert_eq!(app.app.network_computations(), 1);

    // Every read of the network, the map, an organisation page and its suggestions, by the owner
    // and by an observer, is served from what was stored.
    let observer = app.sign_up(&format!("observer-{}@example.org", short()), "Otto Observer").await;
    app.join(&net, &observer, "observer", &[]).await;
    let yesterday = app.store.today() - Duration::days(1);
    for reader in [api, &observer.api] {
        let past = format!("?as_of={yesterday}");
        for query in ["", "?organization_kind=school", "?partnership_kind=school_community", "?focus=literacy", &past] {
            reader.get(&net.path(&format!("/network{query}"))).await.json_ok(StatusCode::OK).await;
        }
        reader
            .get(&net.path(&format!("/organizations/{}/suggestions", net.school)))
            .await
            .json_ok(StatusCode::OK)
            .await;
    }
    for email in [&net.owner.email, &observer.email] {
        let ui = app.ui_sign_in(email).await;
        let map = ui.page(&format!("/w/{}/network", net.ws)).await;
        assert!(map.contains("Measured ") && map.contains("Eastside Library"), "{map}");
        // A past day is assembled from the records when asked, without betweenness, and says so.
        let past = ui.page(&format!("/w/{}/network?as_of={yesterday}", net.ws)).await;
        assert!(past.contains("assembled from the records when asked"), "{past}");
        ui.page(&format!("/w/{}/organizations/{}", net.ws, net.school)).await;
    }
    assert_eq!(app.app.network_computations(), 1, "no read computed the network's measures");
    assert_eq!(app.run_network_jobs().await, 0, "and no read queued a computation");

    // A burst of changes of ties is computed once.
    let mut made = Vec::new();
    for name in ["Harbor Food Bank", "Cedar Grove Church", "STEM Mentors"] {
        let body = json!({"name": name, "kind": "nonprofit"});
        made.push(id_of(&api.post(&net.path("/organizations"), body).await.json_ok(StatusCode::CREATED).await));
    }
    let bridge = json!({"name": "Food and books", "kind": "school_community", "status": "active", "cadence": "monthly",
                        "members": [{"organization_id": net.library}, {"organization_id": made[0]}]});
    api.post(&net.path("/partnerships"), bridge).await.json_ok(StatusCode::CREATED).await;
    let stale = api.get(&net.path("/network")).await.json_ok(StatusCode::OK).await;
    assert_eq!(stale["measures"]["ties"], 1, "until the job runs, the stored network is read as it was");
    assert_eq!(app.run_network_jobs().await, 1, "four changes, one computation");
    assert_eq!(app.app.network_computations(), 2);
    let fresh = api.get(&net.path("/network")).await.json_ok(StatusCode::OK).await;
    assert_eq!(fresh["measures"]["organizations"], 5);
    assert_eq!(fresh["measures"]["ties"], 2);
    assert_eq!(fresh["measures"]["brokers"], json!([net.library]), "the library now sits between school and food bank");

    // An ended partnership is no tie from the day it ends.
    let ended = json!({"name": "Reading Buddies", "kind": "school_community", "status": "ended", "cadence": "monthly",
                       "members": [{"organization_id": net.school}, {"organization_id": net.library}]});
    api.put(&net.path(&format!("/partnerships/{}", net.partnership)), ended, None).await.json_ok(StatusCode::OK).await;
    assert_eq!(app.run_network_jobs().await, 1);
    let after = api.get(&net.path("/network")).await.json_ok(StatusCode::OK).await;
    assert_eq!(after["measures"]["ties"], 1, "only the food-and-books tie is left: {after}");
    assert!(
        after["ties"].as_array().unwrap().iter().all(|t| t["a"] != json!(net.school) && t["b"] != json!(net.school))
    );
}

on_both_backends!(contacts_past_their_follow_up_wait_on_their_keepers_home_page_until_logged);

async fn contacts_past_their_follow_up_wait_on_their_keepers_home_page_until_logged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let today = app.store.today();
    let colleague = app.person(&net, "coordinator", &[]).await;
    let me = net.owner.id;
    let contact = |name: &str, owner: Uuid, last: i64| json!({"name": name, "follow_up_days": 30, "last_contacted_on": today - Duration::days(last), "owner_user_id": owner});
    let contacts = net.path(&format!("/organizations/{}/contacts", net.school));
    let rosa = id_of(&api.post(&contacts, contact("Rosa Ramirez", me, 45)).await.json_ok(StatusCode::CREATED).await);
    api.post(&contacts, contact("Recently Called", me, 10)).await.json_ok(StatusCode::CREATED).await;
    let library_contacts = net.path(&format!("/organizations/{}/contacts", net.library));
    let theo = id_of(
        &api.post(&library_contacts, contact("Theo Tran", colleague.id, 90)).await.json_ok(StatusCode::CREATED).await,
    );

    // Only my own overdue contact waits on my home page, with a way to log it.
    let due = api.get(&net.path("/follow-ups")).await.json_ok(StatusCode::OK).await;
    let names: Vec<&str> =
        due["items"].as_array().unwrap().iter().map(|f| f["contact"]["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Rosa Ramirez"], "{due}");
    assert_eq!(due["items"][0]["organization_name"], "Lincoln Elementary");
    assert_eq!(due["items"][0]["due_on"], json!(today - Duration::days(15)));
    let ui = app.ui_sign_in(&net.owner.email).await;
    let home = ui.page(&format!("/w/{}", net.ws)).await;
    assert!(
        home.contains("Time to get back in touch") && home.contains("Rosa Ramirez") && !home.contains("Theo Tran"),
        "{home}"
    );
    assert!(home.contains(&format!("/contacts/{rosa}/log")));

    // Bad input names its field and changes nothing.
    let problem = api
        .post(
            &net.path(&format!("/contacts/{rosa}/notes")),
            json!({"note": " ", "noted_on": today + Duration::days(1)}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["note", "noted_on"]);
    let stranger_owner = json!({"name": "Rosa Ramirez", "owner_user_id": Uuid::new_v4()});
    let problem = api
        .put(&net.path(&format!("/contacts/{rosa}")), stranger_owner, None)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["owner_user_id"]);

    // Logging a call resets the clock; an older note does not turn it back.
    api.post(&net.path(&format!("/contacts/{rosa}/notes")), json!({"note": "Called about the science fair"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    api.post(
        &net.path(&format!("/contacts/{rosa}/notes")),
        json!({"note": "Remembered a visit in spring", "noted_on": today - Duration::days(60)}),
    )
    .await
    .json_ok(StatusCode::CREATED)
    .await;
    let listed = api.get(&contacts).await.json_ok(StatusCode::OK).await;
    let rosa_now = listed["items"].as_array().unwrap().iter().find(|c| c["id"] == json!(rosa)).unwrap();
    assert_eq!(rosa_now["last_contacted_on"], json!(today));
    let due = api.get(&net.path("/follow-ups")).await.json_ok(StatusCode::OK).await;
    assert!(due["items"].as_array().unwrap().is_empty(), "{due}");
    assert!(!ui.page(&format!("/w/{}", net.ws)).await.contains("Time to get back in touch"));
    let notes = api.get(&net.path(&format!("/contacts/{rosa}/notes"))).await.json_ok(StatusCode::OK).await;
    let said: Vec<&str> = notes["items"].as_array().unwrap().iter().map(|n| n["note"].as_str().unwrap()).collect();
    assert_eq!(said, ["Called about the science fair", "Remembered a visit in spring"], "newest first");

    // A check-in the library's contact attended logs them too; a contact from outside the
    // partnership is refused, and the whole check-in with it.
    let outsider = id_of(
        &api.post(&net.path("/organizations"), json!({"name": "Food Bank", "kind": "nonprofit"}))
            .await
            .json_ok(StatusCode::CREATED)
            .await,
    );
    let outsider_contact = id_of(
        &api.post(&net.path(&format!("/organizations/{outsider}/contacts")), json!({"name": "Olga Out"}))
            .await
            .json_ok(StatusCode::CREATED)
            .await,
    );
    let checkins = net.path(&format!("/partnerships/{}/checkins", net.partnership));
    let refused = api
        .post(
            &checkins,
            json!({"held_on": today - Duration::days(1), "attendee_contact_ids": [theo, outsider_contact]}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&refused), ["attendee_contact_ids[1]"]);
    assert!(
        api.get(&checkins).await.json_ok(StatusCode::OK).await["items"].as_array().unwrap().is_empty(),
        "nothing was recorded"
    );
    let colleague_due = colleague.api.get(&net.path("/follow-ups")).await.json_ok(StatusCode::OK).await;
    assert_eq!(colleague_due["items"].as_array().unwrap().len(), 1, "still overdue after the refused check-in");
    let checkin = api
        .post(&checkins, json!({"held_on": today - Duration::days(1), "attendee_contact_ids": [theo]}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let theo_notes = api.get(&net.path(&format!("/contacts/{theo}/notes"))).await.json_ok(StatusCode::OK).await;
    assert_eq!(theo_notes["items"][0]["checkin_id"], checkin["id"]);
    assert!(theo_notes["items"][0]["note"].as_str().unwrap().contains("check-in"));
    assert!(
        colleague.api.get(&net.path("/follow-ups")).await.json_ok(StatusCode::OK).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Observers read but never log; another workspace sees nothing.
    let observer = app.person(&net, "observer", &[]).await;
    observer
        .api
        .post(&net.path(&format!("/contacts/{rosa}/notes")), json!({"note": "Sneaky"}))
        .await
        .problem(StatusCode::FORBIDDEN)
        .await;
    let stranger = app.sign_up(&format!("stranger-{}@example.org", short()), "Sam Stranger").await;
    stranger.api.get(&net.path(&format!("/contacts/{rosa}/notes"))).await.problem(StatusCode::NOT_FOUND).await;
}

on_both_backends!(a_large_map_names_its_best_connected_and_the_organisation_it_is_centred_on);

/// A map of more than forty organisations names more than its brokers: the best connected, and
/// the organisation it is centred on, however few ties that one has.
async fn a_large_map_names_its_best_connected_and_the_organisation_it_is_centred_on(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    // The library partners 44 more organisations: a star of 46.
    let mut leaves = Vec::new();
    for n in 0..44 {
        let body = json!({"name": format!("Partner {n:02}"), "kind": "nonprofit"});
        leaves.push(id_of(&api.post(&net.path("/organizations"), body).await.json_ok(StatusCode::CREATED).await));
    }
    for (n, leaf) in leaves.iter().enumerate() {
        let body = json!({"name": format!("Tie {n:02}"), "kind": "school_community", "status": "active", "cadence": "monthly",
                          "members": [{"organization_id": net.library}, {"organization_id": leaf}]});
        api.post(&net.path("/partnerships"), body).await.json_ok(StatusCode::CREATED).await;
    }
    app.run_network_jobs().await;
    let ui = app.ui_sign_in(&net.owner.email).await;
    let named = |map: &str| map.matches("<text class=\"node-label\"").count();
    let map = ui.page(&format!("/w/{}/network", net.ws)).await;
    assert!(map.contains("Map of 46 organisations"), "everyone is drawn");
    assert!(named(&map) >= 15, "{} names on a map of 46", named(&map));
    assert!(map.contains(">Eastside Library</text>"), "the best connected is named");
    // Centred on one partner: the 46 are all within two steps of it, and it is named among them.
    let centred = ui.page(&format!("/w/{}/network?around={}", net.ws, leaves[29])).await;
    assert!(centred.contains("Map of 46 organisations"));
    assert!(
        centred.contains("<text class=\"node-label\"") && centred.contains(">Partner 29</text>"),
        "the organisation the map is centred on is named"
    );
}

on_both_backends!(a_map_too_large_to_draw_reads_only_the_organisations_it_draws);

/// A map bigger than can be drawn draws the organisations it opens on and the best connected
/// among their neighbours, counts the rest by type, and reads from the directory only the
/// organisations it draws and names: its cost does not grow with the neighbourhood.
async fn a_map_too_large_to_draw_reads_only_the_organisations_it_draws(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let import = |kind: &'static str, csv: String| {
        api.request(Method::POST, &net.path(&format!("/imports/{kind}"))).header("content-type", "text/csv").body(csv)
    };
    // 340 more organisations; the library partners 300 of them (a star of 302 with the school),
    // the other 40 partner nobody.
    let mut organizations = String::from("name,kind\n");
    let mut partnerships = String::from("name,kind,status,cadence,members\n");
    for n in 0..340 {
        let kind = if n % 2 == 0 { "nonprofit" } else { "business" };
        organizations.push_str(&format!("Member {n:03},{kind}\n"));
        if n < 300 {
            partnerships
                .push_str(&format!("Star {n:03},school_community,active,monthly,Eastside Library;Member {n:03}\n"));
        }
    }
    for (kind, csv) in [("organizations", organizations), ("partnerships", partnerships)] {
        let response = import(kind, csv).send().await.unwrap();
        assert!(response.status().is_success(), "{kind}: {}", response.text().await.unwrap());
    }
    app.run_network_jobs().await;

    let ui = app.ui_sign_in(&net.owner.email).await;
    let before = app.store.organization_rows_read();
    let map = ui.page(&format!("/w/{}/network", net.ws)).await;
    let rows_read = app.store.organization_rows_read() - before;
    assert!(map.contains("Map of 150 organisations"), "at most 150 are drawn");
    assert!(map.contains(">Eastside Library</text>"), "the broker it opens on is drawn and named");
    let scope = map.split("Showing ").nth(1).and_then(|rest| rest.split('<').next()).unwrap_or_default();
    assert!(
        scope.starts_with("150 of 342 organisations") && scope.contains("the 150 best connected of 302 there"),
        "the map says what it leaves out: {scope}"
    );
    // The 192 not drawn, counted by type.
    let not_drawn: usize = map
        .split("Not on the map: ")
        .nth(1)
        .expect("a summary of the organisations not drawn")
        .split('<')
        .next()
        .unwrap()
        .split(", ")
        .map(|part| part.split(" × ").next().unwrap().trim().parse::<usize>().unwrap())
        .sum();
    assert_eq!(not_drawn, 342 - 150);
    // The drawn ones, and the names of the 40 without partners that the map lists and counts:
    // not the 302 organisations around the library.
    assert!(rows_read <= 150 + 40 + 2, "the map read {rows_read} organisation rows");
    assert!(map.len() < 500_000, "the map page is {} bytes", map.len());
}

/// Follows `next_cursor` from the first page of `query` with `limit` organisations a page:
/// the pages' organisations, ties, per-organisation measures and how many pages there were.
async fn every_page(
    api: &Api,
    net: &Network,
    query: &str,
    limit: usize,
) -> (Vec<Value>, Vec<Value>, Vec<Value>, usize) {
    let (mut nodes, mut ties, mut measured, mut pages) = (Vec::new(), Vec::new(), Vec::new(), 0);
    let mut cursor: Option<String> = None;
    loop {
        let after = cursor.as_deref().map(|c| format!("&cursor={c}")).unwrap_or_default();
        let page =
            api.get(&net.path(&format!("/network?limit={limit}{query}{after}"))).await.json_ok(StatusCode::OK).await;
        pages += 1;
        let on_page = page["nodes"].as_array().unwrap();
        assert!(on_page.len() <= limit, "{page}");
        assert_eq!(page["measures"]["nodes"].as_array().unwrap().len(), on_page.len(), "the page's own measures");
        nodes.extend(on_page.iter().cloned());
        ties.extend(page["ties"].as_array().unwrap().iter().cloned());
        measured.extend(page["measures"]["nodes"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
        assert!(pages < 50, "the pages end");
    }
    (nodes, ties, measured, pages)
}

on_both_backends!(the_network_comes_a_bounded_page_at_a_time_and_the_pages_add_up_to_the_whole);

async fn the_network_comes_a_bounded_page_at_a_time_and_the_pages_add_up_to_the_whole(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    // Seven more organisations, each working with the library and the next one: a hub and a chain.
    let mut made = Vec::new();
    for n in 0..7 {
        let body = json!({"name": format!("Partner {n}"), "kind": "nonprofit"});
        made.push(id_of(&api.post(&net.path("/organizations"), body).await.json_ok(StatusCode::CREATED).await));
    }
    for (n, org) in made.iter().enumerate() {
        let other = if n == 0 { net.library } else { made[n - 1] };
        let body = json!({"name": format!("Project {n}"), "kind": "school_community", "status": "active", "cadence": "monthly",
                          "members": [{"organization_id": other}, {"organization_id": org}]});
        api.post(&net.path("/partnerships"), body).await.json_ok(StatusCode::CREATED).await;
    }
    app.run_network_jobs().await;

    let whole = api.get(&net.path("/network?limit=500")).await.json_ok(StatusCode::OK).await;
    assert_eq!(whole["nodes"].as_array().unwrap().len(), 9);
    assert_eq!(whole["ties"].as_array().unwrap().len(), 8);
    assert!(whole["next_cursor"].is_null(), "one page holds it all: {whole}");
    let first = api.get(&net.path("/network?limit=2")).await.json_ok(StatusCode::OK).await;
    assert_eq!(first["nodes"].as_array().unwrap().len(), 2);
    assert!(first["next_cursor"].is_string());
    assert_eq!(first["measures"]["organizations"], 9, "every page carries the whole network's summary");
    assert_eq!(first["measures"]["ties"], 8);
    assert_eq!(first["measures"]["brokers"], whole["measures"]["brokers"]);
    assert!(first["computed_at"].is_string());

    let sorted = |mut items: Vec<Value>, key: &dyn Fn(&Value) -> String| {
        items.sort_by_key(|v| key(v));
        items
    };
    let by_id = |v: &Value| v["id"].to_string();
    let by_ends = |v: &Value| format!("{}{}", v["a"], v["b"]);
    let (nodes, ties, measured, pages) = every_page(api, &net, "", 2).await;
    assert_eq!(pages, 5, "nine organisations, two a page");
    assert_eq!(sorted(nodes, &by_id), sorted(whole["nodes"].as_array().unwrap().clone(), &by_id));
    assert_eq!(
        sorted(ties, &by_ends),
        sorted(whole["ties"].as_array().unwrap().clone(), &by_ends),
        "every tie once, on the page of its first end"
    );
    assert_eq!(sorted(measured, &by_id), sorted(whole["measures"]["nodes"].as_array().unwrap().clone(), &by_id));

    // Filters and `around` page the same way.
    let around = format!("&around={}", made[6]);
    let near = api.get(&net.path(&format!("/network?limit=500{around}"))).await.json_ok(StatusCode::OK).await;
    assert_eq!(near["nodes"].as_array().unwrap().len(), 3, "Partner 6 and two steps back along the chain: {near}");
    let (nodes, ties, _, _) = every_page(api, &net, &around, 1).await;
    assert_eq!(nodes.len(), 3);
    assert_eq!(sorted(ties, &by_ends), sorted(near["ties"].as_array().unwrap().clone(), &by_ends));

    // A member's part of the network, measured as read, pages too.
    let member = app.sign_up(&format!("member-{}@example.org", short()), "Mo Member").await;
    app.join(&net, &member, "member", &[made[3]]).await;
    let theirs = member.api.get(&net.path("/network?limit=500")).await.json_ok(StatusCode::OK).await;
    assert_eq!(theirs["ties"].as_array().unwrap().len(), 2, "the two partnerships of Partner 3: {theirs}");
    let (nodes, ties, _, pages) = every_page(&member.api, &net, "", 4).await;
    assert_eq!((nodes.len(), pages), (9, 3));
    assert_eq!(sorted(ties, &by_ends), sorted(theirs["ties"].as_array().unwrap().clone(), &by_ends));

    for (query, field) in [("limit=0", "limit"), ("limit=501", "limit"), ("cursor=not-a-cursor", "cursor")] {
        let problem =
            api.get(&net.path(&format!("/network?{query}"))).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&problem), [field], "{query}");
    }
    assert_eq!(app.app.network_computations(), 1, "paging reads what was stored");
}

on_both_backends!(a_network_read_and_an_organisations_page_read_only_the_organisations_they_show);

/// Issue 23: a page of the network, a neighbourhood, the map around an organisation and an
/// organisation's page read the organisations they show (and the candidates of its suggestions),
/// never the whole directory; the store counts the organisation rows its directory reads return.
async fn a_network_read_and_an_organisations_page_read_only_the_organisations_they_show(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let org = |name: &str, focus: &[&str]| json!({"name": name, "kind": "nonprofit", "focus_areas": focus, "mission": "Gardens for every block"});
    api.put(
        &net.path(&format!("/organizations/{}", net.school)),
        json!({"name": "Lincoln Elementary", "kind": "school", "focus_areas": ["literacy"], "mission": "Every child reading"}),
        None,
    )
    .await
    .json_ok(StatusCode::OK)
    .await;
    // Sixty organisations with nothing in common with the school: the directory holds 64.
    for n in 0..60 {
        api.post(&net.path("/organizations"), org(&format!("Garden {n:02}"), &["gardening"]))
            .await
            .json_ok(StatusCode::CREATED)
            .await;
    }
    // Three that listed the school's focus area: one still does (written differently), one was
    // archived, one moved on to another focus. Only the first is a candidate.
    let mut sharers = Vec::new();
    for (name, focus) in
        [("Reading Club", " Literacy "), ("Closed Reading Room", "literacy"), ("Former Tutors", "literacy")]
    {
        sharers.push(id_of(
            &api.post(&net.path("/organizations"), org(name, &[focus])).await.json_ok(StatusCode::CREATED).await,
        ));
    }
    api.post(&net.path(&format!("/organizations/{}/archive", sharers[1])), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    api.put(&net.path(&format!("/organizations/{}", sharers[2])), org("Former Tutors", &["gardening"]), None)
        .await
        .json_ok(StatusCode::OK)
        .await;
    app.run_network_jobs().await;
    let directory = 64;

    let rows_read = || app.store.organization_rows_read();
    let ui = app.ui_sign_in(&net.owner.email).await;
    let mut reads = Vec::new();
    let before = rows_read();
    let page = api.get(&net.path("/network?limit=2")).await.json_ok(StatusCode::OK).await;
    assert_eq!(page["nodes"].as_array().unwrap().len(), 2);
    assert_eq!(page["measures"]["organizations"], directory);
    reads.push(("a page of two", rows_read() - before, 4));

    let before = rows_read();
    let near =
        api.get(&net.path(&format!("/network?limit=500&around={}", net.school))).await.json_ok(StatusCode::OK).await;
    assert_eq!(near["nodes"].as_array().unwrap().len(), 2, "the school and the library: {near}");
    assert_eq!(near["ties"].as_array().unwrap().len(), 1);
    reads.push(("the school's neighbourhood", rows_read() - before, 5));

    let before = rows_read();
    let map = ui.page(&format!("/w/{}/network?around={}", net.ws, net.school)).await;
    assert!(map.contains("Eastside Library") && map.contains("Lincoln Elementary"), "{map}");
    assert!(map.contains("Not on the map: 62 ×"), "the 62 others are counted by type: {map}");
    // The two shown, and the names of the first 50 organisations without partners, which the
    // map lists (20 of them) and counts.
    reads.push(("the map around the school", rows_read() - before, 52));

    let before = rows_read();
    let found =
        api.get(&net.path(&format!("/organizations/{}/suggestions", net.school))).await.json_ok(StatusCode::OK).await;
    let suggested: Vec<&Value> = found["items"].as_array().unwrap().iter().map(|s| &s["organization_id"]).collect();
    assert_eq!(suggested, [&json!(sharers[0])], "only the organisation still sharing the focus area: {found}");
    reads.push(("the school's suggestions", rows_read() - before, 3));

    let before = rows_read();
    let page = ui.page(&format!("/w/{}/organizations/{}", net.ws, net.school)).await;
    assert!(page.contains("Possible partners") && page.contains("Reading Club"), "{page}");
    reads.push(("the school's page", rows_read() - before, 4));

    let focus = api.get(&net.path("/network?limit=500&focus=LITERACY")).await.json_ok(StatusCode::OK).await;
    let mut named: Vec<&str> = focus["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap()).collect();
    named.sort_unstable();
    assert_eq!(named, ["Lincoln Elementary", "Reading Club"], "the focus filter reads the index: {focus}");

    for (what, rows, most) in reads {
        assert!(rows <= most, "{what} read {rows} organisations of {directory}: no more than {most} are shown");
    }
}
