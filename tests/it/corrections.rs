//! Issue 22 item 4: records can be corrected. A commitment's wording at any time, its parties
//! and due date while it is open and not yet due; a check-in's attendees, agenda, notes and
//! decisions. Each with `If-Match` like the other records, each correction in the record's
//! history, through the API and through the pages in a real browser.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::browser::sign_in;
use crate::on_both_backends;
use crate::support::*;
use crate::webdriver::Browser;

on_both_backends!(
    a_commitment_is_corrected_before_it_is_due,
    a_checkin_is_corrected_and_keeps_its_history,
    records_are_corrected_through_the_pages
);

fn promise(net: &Network, description: &str, due_on: &str) -> Value {
    json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school,
           "description": description, "due_on": due_on})
}

async fn a_commitment_is_corrected_before_it_is_due(backend: Backend) {
    let clock = TestClock::default();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let start = clock.today();
    let list = net.path(&format!("/partnerships/{}/commitments", net.partnership));
    let created = api.post(&list, promise(&net, "Lend 30 books", &day(start, 10))).await;
    let tag = etag(&created);
    let id = id_of(&created.json_ok(StatusCode::CREATED).await);
    let path = net.path(&format!("/commitments/{id}"));

    // Wording, parties and due date put right, with the ETag the commitment was read with.
    let corrected = json!({"promisor_organization_id": net.school, "promisee_organization_id": net.library,
                           "description": "Lend 40 books", "due_on": day(start, 14)});
    let answer = api.put(&path, corrected.clone(), Some(&tag)).await;
    let new_tag = etag(&answer);
    assert_ne!(new_tag, tag, "a correction answers with the new ETag");
    let answer = answer.json_ok(StatusCode::OK).await;
    assert_eq!(answer["description"], "Lend 40 books");
    assert_eq!(answer["promisor_organization_id"], net.school.to_string());
    assert_eq!(answer["due_on"], day(start, 14));

    // A stale ETag changes nothing.
    api.put(
        &path,
        json!({"promisor_organization_id": net.school, "description": "Lost update", "due_on": day(start, 14)}),
        Some(&tag),
    )
    .await
    .problem(StatusCode::PRECONDITION_FAILED)
    .await;
    let detail = api.get(&path).await;
    assert_eq!(etag(&detail), new_tag);
    let detail = detail.json_ok(StatusCode::OK).await;
    assert_eq!(detail["description"], "Lend 40 books", "the stale write changed nothing");

    // The correction is in the history, saying what changed and how the date moved.
    let history = detail["history"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[1]["kind"], "corrected");
    let what = history[1]["reason"].as_str().unwrap();
    assert!(what.contains("wording") && what.contains("who promised") && what.contains("due date"), "{what}");
    assert_eq!(history[1]["previous_due_on"], day(start, 10));
    assert_eq!(history[1]["new_due_on"], day(start, 14));
    assert_eq!(history[1]["actor_user_id"], net.owner.id.to_string());

    // A correction that changes nothing adds nothing.
    api.put(&path, corrected, None).await.json_ok(StatusCode::OK).await;
    assert_eq!(api.read(&path).await["history"].as_array().unwrap().len(), 2);

    // Bad input names its field and changes nothing: a due date in the past, a stranger organisation.
    let problem = api
        .put(&path, json!({"promisor_organization_id": net.school, "promisee_organization_id": net.library, "description": "Lend 40 books", "due_on": day(start, -1)}), None)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["due_on"]);
    let stranger = app.organization(&net, "Faraway Museum", "other").await;
    let problem = api
        .put(
            &path,
            json!({"promisor_organization_id": stranger, "description": "Lend 40 books", "due_on": day(start, 14)}),
            None,
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["promisor_organization_id"]);

    // An observer reads but cannot correct; someone outside the workspace does not see it.
    let observer = app.person(&net, "observer", &[]).await;
    observer
        .api
        .put(
            &path,
            json!({"promisor_organization_id": net.school, "description": "Observer's", "due_on": day(start, 14)}),
            None,
        )
        .await
        .problem(StatusCode::FORBIDDEN)
        .await;
    let outsider = app.sign_up(&format!("outsider-{}@example.org", short()), "Out Sider").await;
    outsider
        .api
        .put(
            &path,
            json!({"promisor_organization_id": net.school, "description": "Outsider's", "due_on": day(start, 14)}),
            None,
        )
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;

    // Once it is due and past, who promised whom and the date stay; the wording can still be put right.
    clock.advance(Duration::days(18));
    let problem = api
        .put(&path, json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": "Lend 40 books", "due_on": day(clock.today(), 5)}), None)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert!(fields(&problem).contains(&"due_on".to_owned()), "{problem}");
    assert!(fields(&problem).contains(&"promisor_organization_id".to_owned()), "{problem}");
    let still = api.read(&path).await;
    assert_eq!(still["due_on"], day(start, 14));
    assert_eq!(still["status"], "missed", "a correction cannot erase lateness");
    let fixed = api
        .put(&path, json!({"promisor_organization_id": net.school, "promisee_organization_id": net.library, "description": "Lend forty picture books", "due_on": day(start, 14)}), None)
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert_eq!(fixed["description"], "Lend forty picture books");
    assert_eq!(fixed["status"], "missed");

    // A date agreed in a renegotiation moves only by renegotiating again.
    let other = id_of(
        &api.post(&list, promise(&net, "Host the book fair", &day(clock.today(), 10)))
            .await
            .json_ok(StatusCode::CREATED)
            .await,
    );
    api.post(
        &net.path(&format!("/commitments/{other}/renegotiate")),
        json!({"new_due_on": day(clock.today(), 20), "reason": "the hall is booked"}),
    )
    .await
    .json_ok(StatusCode::OK)
    .await;
    let problem = api
        .put(&net.path(&format!("/commitments/{other}")), json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": "Host the book fair", "due_on": day(clock.today(), 25)}), None)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["due_on"]);
    assert!(problem.to_string().contains("renegotiat"), "{problem}");
}

async fn a_checkin_is_corrected_and_keeps_its_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let liaison = app.person(&net, "member", &[net.library]).await;
    let created = api
        .post(
            &net.path(&format!("/partnerships/{}/checkins", net.partnership)),
            json!({"held_on": day(today(), 0), "notes": "Talked about the summer", "attendee_organization_ids": [net.school]}),
        )
        .await;
    let tag = etag(&created);
    let id = id_of(&created.json_ok(StatusCode::CREATED).await);
    let path = net.path(&format!("/checkins/{id}"));

    let answer = liaison
        .api
        .put(
            &path,
            json!({"notes": "Talked about the summer reading list", "decisions": "Start in June",
                   "attendee_organization_ids": [net.school, net.library], "attendee_user_ids": [liaison.id]}),
            Some(&tag),
        )
        .await;
    let new_tag = etag(&answer);
    assert_ne!(new_tag, tag);
    let answer = answer.json_ok(StatusCode::OK).await;
    assert_eq!(answer["decisions"], "Start in June");
    assert_eq!(answer["attendee_organization_ids"].as_array().unwrap().len(), 2);

    // A stale ETag changes nothing.
    api.put(&path, json!({"notes": "Lost update"}), Some(&tag)).await.problem(StatusCode::PRECONDITION_FAILED).await;
    let detail = api.get(&path).await;
    assert_eq!(etag(&detail), new_tag);
    let detail = detail.json_ok(StatusCode::OK).await;
    assert_eq!(detail["notes"], "Talked about the summer reading list");
    assert_eq!(detail["held_on"], day(today(), 0), "the date stays as recorded");

    // The history: recorded, then corrected, by whom and what.
    let history = detail["history"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[1]["action"], "changed");
    assert_eq!(history[1]["actor_user_id"], liaison.id.to_string());
    let summary = history[1]["summary"].as_str().unwrap();
    assert!(
        summary.contains("who was there") && summary.contains("notes") && summary.contains("decisions"),
        "{summary}"
    );

    // Bad input names its field and changes nothing; an observer cannot correct.
    let stranger = app.organization(&net, "Faraway Museum", "other").await;
    let problem = api
        .put(
            &path,
            json!({"notes": "x", "attendee_organization_ids": [stranger], "attendee_user_ids": [uuid::Uuid::now_v7()]}),
            None,
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["attendee_organization_ids[0]", "attendee_user_ids[0]"]);
    api.put(&path, json!({"notes": "x", "surprise": true}), None).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    let observer = app.person(&net, "observer", &[]).await;
    observer.api.put(&path, json!({"notes": "Observer's"}), None).await.problem(StatusCode::FORBIDDEN).await;
    let after = api.read(&path).await;
    assert_eq!(after["notes"], "Talked about the summer reading list");
    assert_eq!(after["history"].as_array().unwrap().len(), 2);
}

async fn records_are_corrected_through_the_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let today = app.store.today();
    let commitment = id_of(
        &api.post(
            &net.path(&format!("/partnerships/{}/commitments", net.partnership)),
            promise(&net, "Bring the telescope kits", &day(today, 10)),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await,
    );
    let checkin = id_of(
        &api.post(
            &net.path(&format!("/partnerships/{}/checkins", net.partnership)),
            json!({"held_on": day(today, 0), "notes": "Planning the science night"}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await,
    );
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;

    // The commitment: corrected from its page, the history says what changed.
    let edit_commitment = format!("a[href$='/commitments/{commitment}/edit']");
    let edit_checkin = format!("a[href$='/checkins/{checkin}/edit']");
    browser.goto(&app.url(&format!("/w/{}/commitments/{commitment}", net.ws))).await;
    browser.follow(&edit_commitment).await;
    assert_eq!(browser.text("h1").await, "Correct this commitment");
    browser.fill("#f-description", "Bring the telescope kits and the star charts").await;
    browser.set_value("#f-due_on", &(today + Duration::days(12)).to_string()).await;
    browser.follow(".actions button[type=submit]").await;
    assert!(browser.text(".notice").await.contains("saved"), "{}", browser.text("main").await);
    assert_eq!(browser.text("h1").await, "Bring the telescope kits and the star charts");
    let history = browser.text("section[aria-labelledby=history-h]").await;
    assert!(history.contains("Corrected the wording and the due date"), "{history}");
    assert!(history.contains("due date from"), "{history}");

    // A bad correction shows its message beside the field and changes nothing.
    browser.follow(&edit_commitment).await;
    browser.fill("#f-description", "").await;
    browser.follow(".actions button[type=submit]").await;
    assert!(browser.text(".field.invalid").await.contains("What is promised"), "{}", browser.text("main").await);
    let stored = api.read(&net.path(&format!("/commitments/{commitment}"))).await;
    assert_eq!(stored["description"], "Bring the telescope kits and the star charts");

    // The check-in: notes and who was there corrected, kept in its history.
    browser.goto(&app.url(&format!("/w/{}/checkins/{checkin}", net.ws))).await;
    browser.follow(&edit_checkin).await;
    assert_eq!(browser.text("h1").await, "Correct this check-in");
    browser.fill("#f-notes", "Planning the science night: forty families expected").await;
    browser.click(&format!("input[name=attendee_organization_ids][value='{}']", net.library)).await;
    browser.follow(".actions button[type=submit]").await;
    assert!(browser.text(".notice").await.contains("saved"), "{}", browser.text("main").await);
    assert!(browser.text("#notes-h + p").await.contains("forty families expected"));
    assert!(browser.text("section[aria-labelledby=who-h]").await.contains("Eastside Library"));
    let history = browser.text("section[aria-labelledby=history-h]").await;
    assert!(history.contains("Recorded a check-in"), "{history}");
    assert!(history.contains("Corrected who was there and the notes"), "{history}");

    // Someone who only reads is offered no "Correct" (one browser at a time).
    drop(browser);
    let observer = app.person(&net, "observer", &[]).await;
    let reader = Browser::start().await;
    sign_in(&reader, &app, &observer.email).await;
    reader.goto(&app.url(&format!("/w/{}/checkins/{checkin}", net.ws))).await;
    assert!(reader.find_all(&edit_checkin).await.is_empty());
    reader.goto(&app.url(&format!("/w/{}/commitments/{commitment}", net.ws))).await;
    assert!(reader.find_all(&edit_commitment).await.is_empty());
}
