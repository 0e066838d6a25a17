//! The JSON API as a client sees it.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::*;

on_both_backends!(commitment_lifecycle_keeps_its_history);

async fn commitment_lifecycle_keeps_its_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let due = (chrono::Utc::now().date_naive() + chrono::Duration::days(10)).to_string();
    let created = api
        .post(
            &net.path(&format!("/partnerships/{}/commitments", net.partnership)),
            json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": "Host four family reading nights", "due_on": due}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    assert_eq!(created["status"], "open");
    let id = id_of(&created);

    let later = (chrono::Utc::now().date_naive() + chrono::Duration::days(20)).to_string();
    let moved = api
        .post(
            &net.path(&format!("/commitments/{id}/renegotiate")),
            json!({"new_due_on": later, "reason": "the hall is booked"}),
        )
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert_eq!(moved["due_on"], later);

    let done = api.post(&net.path(&format!("/commitments/{id}/done")), json!({})).await.json_ok(StatusCode::OK).await;
    assert_eq!(done["status"], "done", "done before the due date is kept on time");

    let detail = api.get(&net.path(&format!("/commitments/{id}"))).await.json_ok(StatusCode::OK).await;
    let kinds: Vec<&str> = detail["history"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["made", "renegotiated", "done"]);
    assert_eq!(detail["history"][1]["reason"], "the hall is booked");

    let again = api
        .post(&net.path(&format!("/commitments/{id}/done")), json!({}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&again), ["done_on"]);
}

// ---- The contract of SPEC 6.2: errors, strict bodies, ETags, pagination ----

on_both_backends!(
    requests_without_credentials_get_401_problems,
    validation_problems_name_every_bad_field,
    unknown_routes_methods_and_malformed_ids_answer_problems,
    etags_guard_every_update,
    lists_walk_by_cursor_exactly_once_in_a_stable_order,
    checkin_action_items_become_commitments_all_or_nothing,
    commitment_rules_follow_the_calendar,
    shared_vision_keeps_every_revision,
    archived_organisations_and_partnerships_leave_lists_until_restored,
    sixty_four_clients_record_commitments_at_once,
);

async fn requests_without_credentials_get_401_problems(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let nobody = app.anonymous();
    for path in [
        "/api/v1/me".to_owned(),
        "/api/v1/workspaces".to_owned(),
        "/api/v1/auth/tokens".to_owned(),
        net.path("/organizations"),
        net.path(&format!("/partnerships/{}", net.partnership)),
    ] {
        let response = nobody.get(&path).await;
        assert!(response.headers().contains_key("www-authenticate"), "{path}: a 401 says how to authenticate");
        let problem = response.problem(StatusCode::UNAUTHORIZED).await;
        assert_eq!(problem["title"], "Unauthorized");
    }
    // A write without credentials is refused and changes nothing.
    nobody
        .post(&net.path("/organizations"), json!({"name": "Sneaky", "kind": "other"}))
        .await
        .problem(StatusCode::UNAUTHORIZED)
        .await;
    // A made-up bearer token is no credential either, even beside a valid session cookie.
    nobody.with_token("rpt_not-a-real-token").get("/api/v1/me").await.problem(StatusCode::UNAUTHORIZED).await;
    let owner_with_bad_token = net
        .owner
        .api
        .request(reqwest::Method::GET, "/api/v1/me")
        .header("Authorization", "Bearer rpt_forged")
        .send()
        .await
        .unwrap();
    owner_with_bad_token.problem(StatusCode::UNAUTHORIZED).await;
    assert_eq!(net.owner.api.ids(&net.path("/organizations")).await, [net.school, net.library]);
}

async fn validation_problems_name_every_bad_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let orgs = net.path("/organizations");

    let problem = api
        .post(&orgs, json!({"name": "  ", "kind": "castle", "website": "ftp://files.example.org"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem["title"], "Unprocessable Entity");
    assert!(problem["type"].is_string());
    let mut named = fields(&problem);
    named.sort();
    assert_eq!(named, ["kind", "name", "website"], "every bad field is named at once: {problem}");
    assert!(problem["errors"].as_array().unwrap().iter().all(|e| e["message"].as_str().is_some_and(|m| !m.is_empty())));
    let kind_message = problem["errors"].as_array().unwrap().iter().find(|e| e["field"] == "kind").unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(kind_message.contains("school"), "the message lists the accepted kinds: {kind_message}");

    let problem = api
        .post(&orgs, json!({"name": "Boys & Girls Club", "kind": "nonprofit", "colour": "red"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["colour"], "an unknown field is rejected, not ignored");

    let problem =
        api.post(&orgs, json!({"name": 42, "kind": "nonprofit"})).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["name"], "a wrong type names the field");

    let problem = api.post(&orgs, json!({"kind": "nonprofit"})).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["name"], "a missing field is named");

    let problem = api
        .post(
            &net.path("/partnerships"),
            json!({"name": "Homework club", "kind": "school_community", "status": "active", "cadence": "weekly",
                   "members": [{"organization_id": net.school, "colour": "blue"}, {"organization_id": net.library}]}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["members[0].colour"], "a nested unknown field is named with its position");

    let problem = api
        .post(
            &net.path("/partnerships"),
            json!({"name": "", "kind": "school_community", "status": "sometimes", "cadence": "weekly",
                   "members": [{"organization_id": net.school}, {"organization_id": uuid::Uuid::now_v7()}]}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let named = fields(&problem);
    assert!(named.contains(&"name".to_owned()) && named.contains(&"status".to_owned()), "{problem}");

    // A body that is not JSON at all is a bad request, still answered as a problem.
    let response = api
        .request(reqwest::Method::POST, &orgs)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    response.problem(StatusCode::BAD_REQUEST).await;
    // A body not sent as JSON is an unsupported media type.
    let response =
        api.request(reqwest::Method::POST, &orgs).body(r#"{"name":"Plain","kind":"other"}"#).send().await.unwrap();
    response.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE).await;

    // A bad query parameter is named too.
    let problem = api.get(&format!("{orgs}?limit=lots")).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["limit"]);

    // None of the refused requests created anything.
    assert_eq!(api.ids(&orgs).await, [net.school, net.library]);
    assert_eq!(api.ids(&net.path("/partnerships")).await, [net.partnership]);
}

async fn unknown_routes_methods_and_malformed_ids_answer_problems(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    api.get("/api/v1/no-such-thing").await.problem(StatusCode::NOT_FOUND).await;
    api.get(&net.path("/organizations/not-a-uuid")).await.problem(StatusCode::NOT_FOUND).await;
    api.get(&net.path(&format!("/organizations/{}", uuid::Uuid::now_v7()))).await.problem(StatusCode::NOT_FOUND).await;
    api.get("/api/v1/workspaces/not-a-uuid/organizations").await.problem(StatusCode::NOT_FOUND).await;
    api.delete(&net.path(&format!("/organizations/{}", net.school)))
        .await
        .problem(StatusCode::METHOD_NOT_ALLOWED)
        .await;
    // The organisation is untouched.
    let school = api.read(&net.path(&format!("/organizations/{}", net.school))).await;
    assert!(school["archived_at"].is_null());
    // The catch-all is not part of the documented API, the workspace routes are.
    let openapi = app.anonymous().read("/api/v1/openapi.json").await;
    let paths = openapi["paths"].as_object().unwrap();
    assert!(paths.keys().all(|p| !p.contains('*')), "{:?}", paths.keys());
    assert!(
        paths["/api/v1/workspaces/{ws}"]["get"].is_object() && paths["/api/v1/workspaces/{ws}"]["patch"].is_object()
    );
}

async fn etags_guard_every_update(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;

    // Organisations.
    let path = net.path(&format!("/organizations/{}", net.school));
    let first = api.get(&path).await;
    let first_tag = etag(&first);
    let first: Value = first.json().await.unwrap();
    let updated =
        api.put(&path, json!({"name": "Lincoln Elementary School", "kind": "school"}), Some(&first_tag)).await;
    let second_tag = etag(&updated);
    assert_ne!(second_tag, first_tag, "an update answers with the new ETag");
    let updated = updated.json_ok(StatusCode::OK).await;
    assert_eq!(updated["name"], "Lincoln Elementary School");
    assert_eq!(etag(&api.get(&path).await), second_tag, "GET agrees with the update's ETag");

    let problem = api
        .put(&path, json!({"name": "Lost update", "kind": "school", "mission": "overwrites"}), Some(&first_tag))
        .await
        .problem(StatusCode::PRECONDITION_FAILED)
        .await;
    assert!(problem["detail"].as_str().unwrap().contains("changed"));
    let now = api.get(&path).await;
    assert_eq!(etag(&now), second_tag);
    let now = now.json_ok(StatusCode::OK).await;
    assert_eq!(now["name"], "Lincoln Elementary School", "a stale If-Match changes nothing");
    assert!(now["mission"].is_null());
    assert_eq!(now["created_at"], first["created_at"]);
    api.put(&path, json!({"name": "Garbage tag", "kind": "school"}), Some("\"not-a-version\""))
        .await
        .problem(StatusCode::PRECONDITION_FAILED)
        .await;
    let third = api.put(&path, json!({"name": "Lincoln Elementary", "kind": "school"}), Some(&second_tag)).await;
    assert_ne!(etag(&third), second_tag);
    third.json_ok(StatusCode::OK).await;

    // Partnerships.
    let path = net.path(&format!("/partnerships/{}", net.partnership));
    let tag = etag(&api.get(&path).await);
    let body = |name: &str| {
        json!({"name": name, "kind": "school_community", "status": "active", "cadence": "monthly",
               "members": [{"organization_id": net.school}, {"organization_id": net.library}]})
    };
    let renamed = api.put(&path, body("Reading Buddies 2.0"), Some(&tag)).await;
    let new_tag = etag(&renamed);
    renamed.json_ok(StatusCode::OK).await;
    api.put(&path, body("Stale write"), Some(&tag)).await.problem(StatusCode::PRECONDITION_FAILED).await;
    assert_eq!(api.read(&path).await["name"], "Reading Buddies 2.0");
    assert_eq!(etag(&api.get(&path).await), new_tag);

    // Goals.
    let goal = api
        .post(
            &net.path(&format!("/partnerships/{}/goals", net.partnership)),
            json!({"statement": "Every child reads 20 minutes a day"}),
        )
        .await;
    let goal_tag = etag(&goal);
    let goal = goal.json_ok(StatusCode::CREATED).await;
    let goal_path = net.path(&format!("/goals/{}", id_of(&goal)));
    assert_eq!(etag(&api.get(&goal_path).await), goal_tag);
    api.put(&goal_path, json!({"statement": "Every child reads 30 minutes a day"}), Some(&goal_tag))
        .await
        .json_ok(StatusCode::OK)
        .await;
    api.put(&goal_path, json!({"statement": "Stale"}), Some(&goal_tag))
        .await
        .problem(StatusCode::PRECONDITION_FAILED)
        .await;
    assert_eq!(api.read(&goal_path).await["statement"], "Every child reads 30 minutes a day");

    // Commitment transitions honour If-Match as well.
    let created = api
        .post(
            &net.path(&format!("/partnerships/{}/commitments", net.partnership)),
            json!({"promisor_organization_id": net.library, "description": "Lend 30 books", "due_on": day(today(), 20)}),
        )
        .await;
    let tag = etag(&created);
    let id = id_of(&created.json_ok(StatusCode::CREATED).await);
    let moved = api
        .post_if_match(
            &net.path(&format!("/commitments/{id}/renegotiate")),
            json!({"new_due_on": day(today(), 25), "reason": "delivery is late"}),
            &tag,
        )
        .await;
    assert_ne!(etag(&moved), tag);
    moved.json_ok(StatusCode::OK).await;
    api.post_if_match(&net.path(&format!("/commitments/{id}/done")), json!({}), &tag)
        .await
        .problem(StatusCode::PRECONDITION_FAILED)
        .await;
    let detail = api.read(&net.path(&format!("/commitments/{id}"))).await;
    assert!(detail["done_on"].is_null(), "a stale If-Match did not mark it done");
    assert_eq!(detail["history"].as_array().unwrap().len(), 2);
}

async fn lists_walk_by_cursor_exactly_once_in_a_stable_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let mut created = vec![net.school, net.library];
    for i in 0..25 {
        created.push(app.organization(&net, &format!("Partner {i:02}"), "nonprofit").await);
    }

    let walk = |path: String| async move {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = Vec::new();
        loop {
            let url = match &cursor {
                Some(c) => format!("{path}{}cursor={c}", if path.contains('?') { "&" } else { "?" }),
                None => path.clone(),
            };
            let page = api.read(&url).await;
            let items: Vec<uuid::Uuid> = page["items"].as_array().unwrap().iter().map(id_of).collect();
            pages.push(items.len());
            seen.extend(items);
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
            assert!(pages.len() < 20, "the walk ends");
        }
        (seen, pages)
    };

    let (seen, pages) = walk(net.path("/organizations?limit=10")).await;
    assert_eq!(pages, [10, 10, 7]);
    assert_eq!(seen, created, "every organisation once, oldest first");
    let (again, _) = walk(net.path("/organizations?limit=10")).await;
    assert_eq!(again, seen, "the order is stable");
    assert_eq!(api.ids(&net.path("/organizations?limit=200")).await, created);
    assert_eq!(api.ids(&net.path("/organizations")).await.len(), 27, "the default page holds them all");

    // Archived records leave the walk unless asked for.
    let archived = created[13];
    api.post(&net.path(&format!("/organizations/{archived}/archive")), json!({})).await.json_ok(StatusCode::OK).await;
    let (live, pages) = walk(net.path("/organizations?limit=10")).await;
    assert_eq!(pages, [10, 10, 6]);
    assert_eq!(live, created.iter().copied().filter(|id| *id != archived).collect::<Vec<_>>());
    let (all, _) = walk(net.path("/organizations?limit=7&include_archived=true")).await;
    assert_eq!(all, created);

    // Limits and cursors are checked.
    for limit in ["500", "201", "0", "-1"] {
        let problem = api
            .get(&net.path(&format!("/organizations?limit={limit}")))
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(fields(&problem), ["limit"], "limit={limit}");
    }
    for cursor in ["garbage", "bm90LWEtdXVpZA", "%00"] {
        let problem = api
            .get(&net.path(&format!("/organizations?cursor={cursor}")))
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(fields(&problem), ["cursor"], "cursor={cursor}");
    }

    // Commitments page the same way.
    let mut commitments = Vec::new();
    for i in 0..12 {
        let c = api
            .post(
                &net.path(&format!("/partnerships/{}/commitments", net.partnership)),
                json!({"promisor_organization_id": net.school, "description": format!("Task {i}"), "due_on": day(today(), 30)}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await;
        commitments.push(id_of(&c));
    }
    let (seen, pages) = walk(net.path(&format!("/partnerships/{}/commitments?limit=5", net.partnership))).await;
    assert_eq!(pages, [5, 5, 2]);
    assert_eq!(seen, commitments);
}

async fn checkin_action_items_become_commitments_all_or_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let outsider = app.organization(&net, "Riverside Food Bank", "nonprofit").await;
    let checkins = net.path(&format!("/partnerships/{}/checkins", net.partnership));
    let commitments = net.path(&format!("/partnerships/{}/commitments", net.partnership));

    let created = api
        .post(
            &checkins,
            json!({"held_on": day(today(), -1), "agenda": "Autumn reading nights", "notes": "Good turnout", "decisions": "Two more nights",
                   "attendee_organization_ids": [net.school, net.library], "attendee_user_ids": [net.owner.id],
                   "action_items": [
                       {"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": "Book the hall", "due_on": day(today(), 14)},
                       {"promisor_organization_id": net.school, "description": "Send the flyer home", "due_on": day(today(), 7)}
                   ]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let action_items: Vec<uuid::Uuid> =
        created["action_item_ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().parse().unwrap()).collect();
    assert_eq!(action_items.len(), 2);
    let listed = api.read(&commitments).await;
    let listed = listed["items"].as_array().unwrap();
    assert_eq!(listed.iter().map(id_of).collect::<Vec<_>>(), action_items, "the action items are commitments now");
    assert!(listed.iter().all(|c| c["checkin_id"] == created["id"]));
    assert_eq!(listed[0]["description"], "Book the hall");
    assert_eq!(listed[1]["status"], "due_soon");
    let fetched = api.read(&net.path(&format!("/checkins/{}", id_of(&created)))).await;
    assert_eq!(fetched["action_item_ids"], created["action_item_ids"]);

    // One bad action item, or a future date, and nothing at all is recorded.
    let bad = api
        .post(
            &checkins,
            json!({"held_on": day(today(), 0), "notes": "Planning",
            "action_items": [
                {"promisor_organization_id": net.library, "description": "Fine item", "due_on": day(today(), 14)},
                {"promisor_organization_id": outsider, "description": "", "due_on": day(today(), 14)}
            ]}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let mut named = fields(&bad);
    named.sort();
    assert_eq!(named, ["action_items[1].description", "action_items[1].promisor_organization_id"]);
    let bad = api
        .post(
            &checkins,
            json!({"held_on": day(today(), 3), "attendee_user_ids": [uuid::Uuid::now_v7()],
                   "action_items": [{"promisor_organization_id": net.library, "description": "Fine item", "due_on": day(today(), 14)}]}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let mut named = fields(&bad);
    named.sort();
    assert_eq!(named, ["attendee_user_ids[0]", "held_on"]);
    assert_eq!(api.ids(&checkins).await, [id_of(&created)], "no check-in was added");
    assert_eq!(api.ids(&commitments).await, action_items, "no commitment was added");
}

async fn commitment_rules_follow_the_calendar(backend: Backend) {
    let clock = TestClock::default();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let start = clock.today();
    let list = net.path(&format!("/partnerships/{}/commitments", net.partnership));
    let promise = |description: &str, due: String| {
        let body = json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": description, "due_on": due});
        let list = list.clone();
        async move { api.post(&list, body).await.json_ok(StatusCode::CREATED).await }
    };
    let status = |id: uuid::Uuid| {
        let path = net.path(&format!("/commitments/{id}"));
        async move { api.read(&path).await["status"].as_str().unwrap().to_owned() }
    };

    // "missed" is derived: it cannot be sent.
    let problem = api
        .post(&list, json!({"promisor_organization_id": net.library, "description": "Pretend", "due_on": day(start, 5), "status": "missed"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["status"]);
    let problem = api.post(&list, json!({"promisor_organization_id": net.library, "promisee_organization_id": net.library, "description": "To myself", "due_on": day(start, 5)})).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["promisee_organization_id"]);
    let problem = api.post(&list, json!({"promisor_organization_id": net.library, "promisor_user_id": uuid::Uuid::now_v7(), "description": "By a stranger", "due_on": day(start, 5)})).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["promisor_user_id"]);
    assert!(api.ids(&list).await.is_empty());

    // As the days pass, an open commitment becomes due soon, overdue, then missed (due + 3 days).
    let reading = id_of(&promise("Run the reading night", day(start, 10)).await);
    let flyer = id_of(&promise("Print the flyer", day(start, 10)).await);
    let books = id_of(&promise("Deliver the books", day(start, 10)).await);
    let rooms = id_of(&promise("Book the rooms", day(start, 10)).await);
    assert_eq!(status(reading).await, "open");
    clock.advance(chrono::Duration::days(4));
    assert_eq!(status(reading).await, "due_soon");
    let problem = api
        .post(&net.path(&format!("/commitments/{rooms}/done")), json!({"done_on": day(clock.today(), 1)}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["done_on"], "done cannot be in the future");
    api.post(&net.path(&format!("/commitments/{rooms}/done")), json!({})).await.json_ok(StatusCode::OK).await;
    assert_eq!(status(rooms).await, "done");
    clock.advance(chrono::Duration::days(8)); // due + 2
    assert_eq!(status(reading).await, "overdue");

    // Renegotiating after the due date is refused, and changes nothing.
    let before = api.get(&net.path(&format!("/commitments/{reading}"))).await;
    let before_tag = etag(&before);
    let before = before.json_ok(StatusCode::OK).await;
    let problem = api
        .post(
            &net.path(&format!("/commitments/{reading}/renegotiate")),
            json!({"new_due_on": day(clock.today(), 14), "reason": "we forgot"}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["new_due_on"]);
    assert!(problem["detail"].as_str().unwrap().contains("only before its due date"), "{problem}");
    let after = api.get(&net.path(&format!("/commitments/{reading}"))).await;
    assert_eq!(etag(&after), before_tag);
    let after = after.json_ok(StatusCode::OK).await;
    assert_eq!(after["due_on"], before["due_on"]);
    assert_eq!(after["history"].as_array().unwrap().len(), 1, "only 'made' in the history");

    clock.advance(chrono::Duration::days(1)); // due + 3
    assert_eq!(status(reading).await, "missed");
    assert_eq!(status(flyer).await, "missed");

    // A missed commitment done later is done late; the day it was done is kept.
    let done =
        api.post(&net.path(&format!("/commitments/{reading}/done")), json!({})).await.json_ok(StatusCode::OK).await;
    assert_eq!(done["status"], "done_late");
    assert_eq!(done["done_on"], clock.today().to_string());
    let back_dated = api
        .post(&net.path(&format!("/commitments/{books}/done")), json!({"done_on": day(start, 9)}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert_eq!(back_dated["status"], "done", "done on a day before the due date counts as on time");

    // Cancelling by agreement needs a reason and ends the commitment.
    let problem = api
        .post(&net.path(&format!("/commitments/{flyer}/cancel")), json!({"reason": "  "}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["reason"]);
    let cancelled = api
        .post(&net.path(&format!("/commitments/{flyer}/cancel")), json!({"reason": "the printer closed; both agreed"}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert_eq!(cancelled["status"], "cancelled");
    api.post(&net.path(&format!("/commitments/{flyer}/done")), json!({}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    api.post(&net.path(&format!("/commitments/{flyer}/cancel")), json!({"reason": "again"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(status(flyer).await, "cancelled");
    let history = api.read(&net.path(&format!("/commitments/{flyer}"))).await;
    let kinds: Vec<&str> = history["history"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["made", "cancelled"]);
    assert_eq!(history["history"][1]["reason"], "the printer closed; both agreed");

    // No route sets a status by hand.
    api.post(&net.path(&format!("/commitments/{books}/missed")), json!({})).await.problem(StatusCode::NOT_FOUND).await;
    // A correction (PUT) takes no status either: the field is refused, nothing changes.
    let before = api.read(&net.path(&format!("/commitments/{books}"))).await;
    api.put(&net.path(&format!("/commitments/{books}")), json!({"status": "missed"}), None)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(api.read(&net.path(&format!("/commitments/{books}"))).await, before);

    // The open filter shows only what is still to do.
    let open = api.ids(&format!("{list}?open=true")).await;
    assert!(open.is_empty(), "{open:?}");
    let fresh = id_of(&promise("Next term's plan", day(clock.today(), 30)).await);
    assert_eq!(api.ids(&format!("{list}?open=true")).await, [fresh]);
    assert_eq!(api.ids(&format!("{list}?promisor={}", net.school)).await, Vec::<uuid::Uuid>::new());
}

async fn shared_vision_keeps_every_revision(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let path = net.path(&format!("/partnerships/{}", net.partnership));
    let history = net.path(&format!("/partnerships/{}/vision", net.partnership));
    assert!(api.read(&history).await["items"].as_array().unwrap().is_empty());
    let body = |name: &str, vision: Option<&str>| {
        json!({"name": name, "kind": "school_community", "status": "active", "cadence": "monthly", "vision": vision,
               "members": [{"organization_id": net.school}, {"organization_id": net.library}]})
    };
    api.put(&path, body("Reading Buddies", Some("Every child a reader")), None).await.json_ok(StatusCode::OK).await;
    api.put(&path, body("Reading Buddies", Some("Every child and family readers together")), None)
        .await
        .json_ok(StatusCode::OK)
        .await;
    api.put(&path, body("Reading Buddies (renamed)", Some("Every child and family readers together")), None)
        .await
        .json_ok(StatusCode::OK)
        .await;
    let coordinator = app.person(&net, "coordinator", &[]).await;
    coordinator
        .api
        .put(&path, body("Reading Buddies (renamed)", Some("A reading community")), None)
        .await
        .json_ok(StatusCode::OK)
        .await;

    let revisions = api.read(&history).await;
    let revisions = revisions["items"].as_array().unwrap();
    let visions: Vec<&str> = revisions.iter().map(|r| r["vision"].as_str().unwrap()).collect();
    assert_eq!(
        visions,
        ["A reading community", "Every child and family readers together", "Every child a reader"],
        "newest first, unchanged visions not repeated"
    );
    assert_eq!(revisions[0]["revised_by"], coordinator.id.to_string());
    assert_eq!(revisions[2]["revised_by"], net.owner.id.to_string());
    assert_eq!(api.read(&path).await["vision"], "A reading community");
}

async fn archived_organisations_and_partnerships_leave_lists_until_restored(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let member = app.person(&net, "member", &[net.school]).await;

    let archived = api
        .post(&net.path(&format!("/organizations/{}/archive", net.library)), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert!(archived["archived_at"].is_string());
    assert_eq!(api.ids(&net.path("/organizations")).await, [net.school]);
    assert_eq!(api.ids(&net.path("/organizations?include_archived=true")).await, [net.school, net.library]);
    assert!(
        api.read(&net.path(&format!("/organizations/{}", net.library))).await["archived_at"].is_string(),
        "its page stays readable"
    );
    let restored = api
        .post(&net.path(&format!("/organizations/{}/restore", net.library)), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert!(restored["archived_at"].is_null());
    assert_eq!(api.ids(&net.path("/organizations")).await, [net.school, net.library]);

    api.post(&net.path(&format!("/partnerships/{}/archive", net.partnership)), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert!(api.ids(&net.path("/partnerships")).await.is_empty());
    assert!(member.api.ids(&net.path("/partnerships")).await.is_empty());
    assert_eq!(api.ids(&net.path("/partnerships?include_archived=true")).await, [net.partnership]);
    assert_eq!(member.api.ids(&net.path("/partnerships?include_archived=true")).await, [net.partnership]);
    api.post(&net.path(&format!("/partnerships/{}/restore", net.partnership)), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert_eq!(api.ids(&net.path("/partnerships")).await, [net.partnership]);
    assert_eq!(member.api.ids(&net.path("/partnerships")).await, [net.partnership]);
}

async fn sixty_four_clients_record_commitments_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let member = app.person(&net, "member", &[net.library]).await;
    let list = net.path(&format!("/partnerships/{}/commitments", net.partnership));
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(64));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..64 {
        let api = if i % 2 == 0 { net.owner.api.clone() } else { member.api.clone() };
        let (list, barrier) = (list.clone(), barrier.clone());
        let body = json!({"promisor_organization_id": net.library, "description": format!("Promise {i}"), "due_on": day(today(), 30)});
        tasks.spawn(async move {
            barrier.wait().await;
            let response = api.post(&list, body).await;
            let status = response.status();
            (status, response.text().await.unwrap_or_default())
        });
    }
    while let Some(result) = tasks.join_next().await {
        let (status, body) = result.unwrap();
        assert_eq!(status, StatusCode::CREATED, "every client succeeds: {body}");
    }
    let all = net.owner.api.ids(&format!("{list}?limit=200")).await;
    assert_eq!(all.len(), 64);
}

// ---- Accounts: signing in, sessions, tokens, invitations ----

on_both_backends!(
    a_wrong_password_and_an_unknown_address_look_the_same,
    logging_out_ends_the_session_on_the_server,
    api_tokens_are_shown_once_and_stop_working_when_revoked,
    invitations_are_single_use_expire_and_apply_their_role,
);

async fn a_wrong_password_and_an_unknown_address_look_the_same(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.sign_up("ana@example.org", "Ana").await;
    let nobody = app.anonymous();
    let wrong =
        nobody.post("/api/v1/auth/login", json!({"email": "ana@example.org", "password": "not the password"})).await;
    assert!(wrong.headers().get("set-cookie").is_none(), "a failed login opens no session");
    let wrong = wrong.problem(StatusCode::UNAUTHORIZED).await;
    let unknown = nobody
        .post("/api/v1/auth/login", json!({"email": "nobody@example.org", "password": "not the password"}))
        .await
        .problem(StatusCode::UNAUTHORIZED)
        .await;
    assert_eq!(wrong, unknown, "the answers do not reveal which accounts exist");
    nobody.get("/api/v1/me").await.problem(StatusCode::UNAUTHORIZED).await;
    // The address is matched regardless of case and spaces; the password is not.
    let me = nobody
        .post("/api/v1/auth/login", json!({"email": "  ANA@example.org ", "password": PASSWORD}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert_eq!(id_of(&me), ana.id);
    nobody
        .post("/api/v1/auth/login", json!({"email": "ana@example.org", "password": PASSWORD.to_uppercase()}))
        .await
        .problem(StatusCode::UNAUTHORIZED)
        .await;
    let problem = nobody
        .post("/api/v1/auth/login", json!({"email": "ana@example.org", "password": PASSWORD, "remember": true}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["remember"]);
}

async fn logging_out_ends_the_session_on_the_server(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.sign_up("ana@example.org", "Ana").await;
    // Sign in by hand to hold the raw cookie, as an attacker who copied it would.
    let raw = reqwest::Client::new();
    let login = raw
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": ana.email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let set_cookie = login.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let me = raw.get(app.url("/api/v1/me")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);

    let logout = raw.post(app.url("/api/v1/auth/logout")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    assert!(
        logout.headers().get("set-cookie").unwrap().to_str().unwrap().contains("Max-Age=0"),
        "the browser is told to forget the cookie"
    );
    let replay = raw.get(app.url("/api/v1/me")).header("cookie", &cookie).send().await.unwrap();
    replay.problem(StatusCode::UNAUTHORIZED).await;

    // The other session of the same person is untouched; after its own logout it is gone too.
    ana.api.read("/api/v1/me").await;
    ana.api.post("/api/v1/auth/logout", json!({})).await.json_ok(StatusCode::NO_CONTENT).await;
    ana.api.get("/api/v1/me").await.problem(StatusCode::UNAUTHORIZED).await;
    ana.api.get("/api/v1/workspaces").await.problem(StatusCode::UNAUTHORIZED).await;
}

async fn api_tokens_are_shown_once_and_stop_working_when_revoked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let ana = &net.owner;
    let created = ana
        .api
        .post("/api/v1/auth/tokens", json!({"name": "weekly report script"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let secret = created["token"].as_str().unwrap().to_owned();
    assert!(secret.len() > 40, "a long random secret");
    let problem =
        ana.api.post("/api/v1/auth/tokens", json!({"name": " "})).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["name"]);

    let listed = ana.api.read("/api/v1/auth/tokens").await;
    let text = listed.to_string();
    assert!(!text.contains(&secret), "the secret is never shown again: {text}");
    let tokens = listed["items"].as_array().unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0]["name"], "weekly report script");
    assert!(tokens[0].get("token").is_none() && tokens[0].get("token_hash").is_none());

    let bearer = app.anonymous().with_token(&secret);
    assert_eq!(id_of(&bearer.read("/api/v1/me").await), ana.id);
    assert_eq!(bearer.ids(&net.path("/organizations")).await, [net.school, net.library]);
    bearer
        .post(&net.path("/organizations"), json!({"name": "Made by a script", "kind": "other"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    assert!(ana.api.read("/api/v1/auth/tokens").await["items"][0]["last_used_at"].is_string());

    // Someone else cannot see or revoke it.
    let ben = app.sign_up("ben@example.org", "Ben").await;
    assert!(ben.api.read("/api/v1/auth/tokens").await["items"].as_array().unwrap().is_empty());
    ben.api.delete(&format!("/api/v1/auth/tokens/{}", id_of(&created))).await.problem(StatusCode::NOT_FOUND).await;
    assert_eq!(id_of(&bearer.read("/api/v1/me").await), ana.id);

    ana.api.delete(&format!("/api/v1/auth/tokens/{}", id_of(&created))).await.json_ok(StatusCode::NO_CONTENT).await;
    bearer.get("/api/v1/me").await.problem(StatusCode::UNAUTHORIZED).await;
    bearer
        .post(&net.path("/organizations"), json!({"name": "After revocation", "kind": "other"}))
        .await
        .problem(StatusCode::UNAUTHORIZED)
        .await;
    assert!(ana.api.read("/api/v1/auth/tokens").await["items"][0]["revoked_at"].is_string());
    ana.api.delete(&format!("/api/v1/auth/tokens/{}", id_of(&created))).await.problem(StatusCode::NOT_FOUND).await;
    assert_eq!(
        ana.api.ids(&net.path("/organizations")).await.len(),
        3,
        "only the token's write before revocation landed"
    );
}

async fn invitations_are_single_use_expire_and_apply_their_role(backend: Backend) {
    let clock = TestClock::default();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let net = app.network().await;
    let invitations = net.path("/invitations");
    let token_of = |invitation: &Value| invitation["url"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();

    // An invited observer joins as an observer of the school, and can then read but not write.
    let invitation = net
        .owner
        .api
        .post(&invitations, json!({"email": "Carla@Example.org", "role": "observer", "organization_id": net.school}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    assert_eq!(invitation["email"], "carla@example.org");
    let carla = app.sign_up("carla@example.org", "Carla").await;
    carla.api.get(&net.path("/organizations")).await.problem(StatusCode::NOT_FOUND).await;
    let joined = carla
        .api
        .post("/api/v1/invitations/accept", json!({"token": token_of(&invitation)}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert_eq!(id_of(&joined), net.ws);
    assert_eq!(joined["role"], "observer");
    let members = net.owner.api.read(&net.path("/members")).await;
    let carla_entry =
        members["items"].as_array().unwrap().iter().find(|m| m["user_id"] == carla.id.to_string()).unwrap().clone();
    assert_eq!(carla_entry["role"], "observer");
    assert_eq!(carla_entry["organizations"], json!([net.school]));
    assert_eq!(carla.api.ids(&net.path("/partnerships")).await, [net.partnership]);
    carla
        .api
        .post(&net.path("/organizations"), json!({"name": "Nope", "kind": "other"}))
        .await
        .problem(StatusCode::FORBIDDEN)
        .await;

    // The link works once.
    let dan = app.sign_up("dan@example.org", "Dan").await;
    dan.api
        .post("/api/v1/invitations/accept", json!({"token": token_of(&invitation)}))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;
    carla
        .api
        .post("/api/v1/invitations/accept", json!({"token": token_of(&invitation)}))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;
    dan.api.get(&net.path("/organizations")).await.problem(StatusCode::NOT_FOUND).await;
    dan.api.post("/api/v1/invitations/accept", json!({"token": "made-up"})).await.problem(StatusCode::NOT_FOUND).await;

    // A member invitation applies its role and organisation.
    let invitation = net
        .owner
        .api
        .post(&invitations, json!({"email": "dan@example.org", "role": "member", "organization_id": net.library}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    assert_eq!(
        dan.api
            .post("/api/v1/invitations/accept", json!({"token": token_of(&invitation)}))
            .await
            .json_ok(StatusCode::OK)
            .await["role"],
        "member"
    );
    assert_eq!(dan.api.ids(&net.path("/partnerships")).await, [net.partnership]);
    dan.api
        .post(&net.path(&format!("/partnerships/{}/commitments", net.partnership)), json!({"promisor_organization_id": net.library, "description": "Story time", "due_on": day(clock.today(), 7)}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;

    // An invitation expires after 14 days.
    let invitation = net
        .owner
        .api
        .post(&invitations, json!({"email": "eve@example.org", "role": "coordinator"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let expires: chrono::DateTime<chrono::Utc> = invitation["expires_at"].as_str().unwrap().parse().unwrap();
    assert!((expires - clock.now() - chrono::Duration::days(14)).num_minutes().abs() < 5, "{expires}");
    let eve = app.sign_up("eve@example.org", "Eve").await;
    clock.advance(chrono::Duration::days(15));
    eve.api
        .post("/api/v1/invitations/accept", json!({"token": token_of(&invitation)}))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;
    eve.api.get(&net.path("/organizations")).await.problem(StatusCode::NOT_FOUND).await;

    // Who may invite whom.
    let coordinator = app.person(&net, "coordinator", &[]).await;
    let member = app.person(&net, "member", &[net.school]).await;
    let observer = app.person(&net, "observer", &[]).await;
    for role in ["owner", "coordinator"] {
        coordinator
            .api
            .post(&invitations, json!({"email": "x@example.org", "role": role}))
            .await
            .problem(StatusCode::FORBIDDEN)
            .await;
    }
    for role in ["member", "observer"] {
        coordinator
            .api
            .post(&invitations, json!({"email": "x@example.org", "role": role}))
            .await
            .json_ok(StatusCode::CREATED)
            .await;
    }
    for someone in [&member, &observer] {
        for role in ["owner", "coordinator", "member", "observer"] {
            someone
                .api
                .post(&invitations, json!({"email": "x@example.org", "role": role}))
                .await
                .problem(StatusCode::FORBIDDEN)
                .await;
        }
    }
    net.owner
        .api
        .post(&invitations, json!({"email": "y@example.org", "role": "owner"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let problem = net
        .owner
        .api
        .post(&invitations, json!({"email": "not an address", "role": "emperor"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let mut named = fields(&problem);
    named.sort();
    assert_eq!(named, ["email", "role"]);
    let problem = net
        .owner
        .api
        .post(
            &invitations,
            json!({"email": "z@example.org", "role": "member", "organization_id": uuid::Uuid::now_v7()}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["organization_id"]);
}

on_both_backends!(short_lists_page_like_long_ones);

/// Lists that are loaded whole (contacts, goals, members…) still page by cursor, as SPEC 6.2
/// promises for every list.
async fn short_lists_page_like_long_ones(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let contacts = net.path(&format!("/organizations/{}/contacts", net.school));
    for name in ["Ana", "Ben", "Cleo", "Dev", "Eli"] {
        api.post(&contacts, json!({"name": name})).await.json_ok(StatusCode::CREATED).await;
    }
    let mut seen = Vec::new();
    let mut url = format!("{contacts}?limit=2");
    loop {
        let page = api.get(&url).await.json_ok(StatusCode::OK).await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|c| c["name"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(cursor) => url = format!("{contacts}?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, ["Ana", "Ben", "Cleo", "Dev", "Eli"], "every contact once, in the order they were added");
    let problem = api.get(&format!("{contacts}?limit=0")).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["limit"]);
    let problem = api.get(&format!("{contacts}?cursor=nonsense")).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["cursor"]);
    let members = api.get(&net.path("/members?limit=1")).await.json_ok(StatusCode::OK).await;
    assert_eq!(members["items"].as_array().unwrap().len(), 1);
    assert!(members["next_cursor"].is_null(), "one member, one page");
}
