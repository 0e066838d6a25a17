//! Concerns, kudos, contributions, the timeline and the activity log through the API, with the
//! visibility rules of SPEC 7 and the trust engine's reactions of SPEC 3.3 and 3.4.

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::on_both_backends;
use crate::support::*;

/// A client on a personal token: sessions expire after 30 days of the test's clock.
async fn on_token(person: &Person) -> Api {
    let token =
        person.api.post("/api/v1/auth/tokens", json!({"name": "tests"})).await.json_ok(StatusCode::CREATED).await;
    person.api.with_token(token["token"].as_str().expect("a token"))
}

async fn raise(api: &Api, net: &Network, visibility: &str, title: &str) -> Value {
    let body = json!({"partnership_id": net.partnership, "organization_id": net.library, "title": title,
                      "description": "The room was double-booked twice this month.", "severity": "medium", "visibility": visibility});
    api.post(&net.path("/concerns"), body).await.json_ok(StatusCode::CREATED).await
}

async fn step(api: &Api, net: &Network, concern: Uuid, body: Value) -> reqwest::Response {
    api.post(&net.path(&format!("/concerns/{concern}/transitions")), body).await
}

on_both_backends!(a_concern_goes_from_raised_to_resolved_and_illegal_moves_change_nothing);

async fn a_concern_goes_from_raised_to_resolved_and_illegal_moves_change_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let teacher = app.person(&net, "member", &[net.school]).await;
    let librarian = app.person(&net, "member", &[net.library]).await;
    let observer = app.person(&net, "observer", &[]).await;
    let mediator = app.person(&net, "member", &[]).await;

    let concern = raise(&teacher.api, &net, "shared", "Room bookings keep failing").await;
    let id = id_of(&concern);
    assert_eq!(concern["state"], "raised");
    assert_eq!(concern["acknowledge_by"], json!(day(app.store.today(), 7)), "seven days to acknowledge by default");
    assert_eq!(concern["raised_by"], json!(teacher.id));

    // Resolving a concern nobody has acknowledged is not a move the lifecycle allows.
    let problem = step(&teacher.api, &net, id, json!({"to": "resolved", "resolution": "sorted"}))
        .await
        .problem(StatusCode::CONFLICT)
        .await;
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("raised") && detail.contains("acknowledged") && detail.contains("resolved"), "{detail}");
    let unchanged = librarian.api.read(&net.path(&format!("/concerns/{id}"))).await;
    assert_eq!((unchanged["state"].clone(), unchanged["version"].clone()), (json!("raised"), json!(1)));
    assert_eq!(
        librarian.api.ids(&net.path(&format!("/concerns/{id}/transitions"))).await.len(),
        1,
        "a refused move leaves no trace"
    );

    // Nobody acknowledges their own concern; observers change nothing.
    step(&teacher.api, &net, id, json!({"to": "acknowledged"})).await.problem(StatusCode::FORBIDDEN).await;
    step(&observer.api, &net, id, json!({"to": "acknowledged"})).await.problem(StatusCode::FORBIDDEN).await;
    let unknown =
        step(&librarian.api, &net, id, json!({"to": "solved"})).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&unknown), ["to"]);

    let acknowledged = step(
        &librarian.api,
        &net,
        id,
        json!({"to": "acknowledged", "note": "Sorry — we will look into it this week."}),
    )
    .await
    .json_ok(StatusCode::OK)
    .await;
    assert_eq!(acknowledged["acknowledged_on"], json!(app.store.today().to_string()));
    step(&teacher.api, &net, id, json!({"to": "in_dialogue", "note": "Talked it through at the check-in."}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    let missing = step(&teacher.api, &net, id, json!({"to": "in_mediation"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&missing), ["mediator_user_id"]);
    let observer_mediates =
        step(&teacher.api, &net, id, json!({"to": "in_mediation", "mediator_user_id": observer.id}))
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    assert_eq!(fields(&observer_mediates), ["mediator_user_id"]);
    let mediated = step(
        &teacher.api,
        &net,
        id,
        json!({"to": "in_mediation", "mediator_user_id": mediator.id, "note": "We asked Maya to help."}),
    )
    .await
    .json_ok(StatusCode::OK)
    .await;
    assert_eq!(mediated["mediator_user_id"], json!(mediator.id));

    // The mediator records the resolution; it is kept.
    let resolution = "The library keeps a shared booking calendar; the school confirms rooms a week ahead.";
    let resolved = step(&mediator.api, &net, id, json!({"to": "resolved", "resolution": resolution}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert_eq!(resolved["state"], "resolved");
    assert_eq!(resolved["resolution"], resolution);
    assert_eq!(resolved["closed_on"], json!(app.store.today().to_string()));

    let history = librarian.api.read(&net.path(&format!("/concerns/{id}/transitions"))).await;
    let steps: Vec<(Value, Value, Value)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["from_state"].clone(), t["to_state"].clone(), t["actor_user_id"].clone()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (Value::Null, json!("raised"), json!(teacher.id)),
            (json!("raised"), json!("acknowledged"), json!(librarian.id)),
            (json!("acknowledged"), json!("in_dialogue"), json!(teacher.id)),
            (json!("in_dialogue"), json!("in_mediation"), json!(teacher.id)),
            (json!("in_mediation"), json!("resolved"), json!(mediator.id)),
        ]
    );
    assert_eq!(history["items"][1]["note"], "Sorry — we will look into it this week.");
    assert_eq!(history["items"][4]["note"], resolution);

    let closed = step(&teacher.api, &net, id, json!({"to": "in_dialogue"})).await.problem(StatusCode::CONFLICT).await;
    assert!(closed["detail"].as_str().unwrap().contains("resolved"), "{closed}");
    let withdraw = step(&teacher.api, &net, id, json!({"to": "withdrawn"})).await.problem(StatusCode::CONFLICT).await;
    assert!(withdraw["detail"].as_str().unwrap().contains("withdrawn"));

    // Unknown fields and bad values answer 422 and create nothing.
    let bad = teacher.api.post(&net.path("/concerns"), json!({"partnership_id": net.partnership, "title": "", "description": "x", "severity": "huge", "colour": "red"})).await;
    assert_eq!(fields(&bad.problem(StatusCode::UNPROCESSABLE_ENTITY).await), ["colour"]);
    let bad = teacher
        .api
        .post(
            &net.path("/concerns"),
            json!({"partnership_id": net.partnership, "title": "", "description": "x", "severity": "huge"}),
        )
        .await;
    assert_eq!(fields(&bad.problem(StatusCode::UNPROCESSABLE_ENTITY).await), ["title", "severity"]);
    assert_eq!(teacher.api.ids(&net.path("/concerns")).await, vec![id]);
}

on_both_backends!(private_concerns_and_mediators_see_exactly_what_they_should);

async fn private_concerns_and_mediators_see_exactly_what_they_should(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let author = app.person(&net, "member", &[net.school]).await;
    let colleague = app.person(&net, "member", &[net.school]).await;
    let librarian = app.person(&net, "member", &[net.library]).await;
    let observer = app.person(&net, "observer", &[]).await;
    let coordinator = app.person(&net, "coordinator", &[]).await;
    let mediator = app.person(&net, "member", &[]).await;

    let shared = id_of(&raise(&librarian.api, &net, "shared", "Flyers arrive late").await);
    let private = id_of(&raise(&author.api, &net, "private", "I feel talked over at check-ins").await);
    let path = net.path(&format!("/concerns/{private}"));

    for (who, sees) in [
        (&author, true),
        (&coordinator, true),
        (&net.owner, true),
        (&colleague, false),
        (&librarian, false),
        (&observer, false),
        (&mediator, false),
    ] {
        let status = who.api.get(&path).await.status();
        assert_eq!(
            status,
            if sees { StatusCode::OK } else { StatusCode::NOT_FOUND },
            "{} reading the private concern",
            who.email
        );
        let listed = who.api.ids(&net.path("/concerns")).await;
        assert_eq!(listed.contains(&private), sees, "{} listing concerns", who.email);
        let history = who.api.get(&format!("{path}/transitions")).await.status();
        assert_eq!(history == StatusCode::OK, sees);
    }
    // The partnership's page, which shows open concerns, keeps the same rule: the author's
    // visit first, so the colleague's page is made from the same records the server kept.
    let page = format!("/w/{}/partnerships/{}", net.ws, net.partnership);
    for (who, sees) in [(&author, true), (&colleague, false), (&librarian, false), (&coordinator, true)] {
        let html = app.ui_sign_in(&who.email).await.page(&page).await;
        assert!(html.contains("Flyers arrive late"), "{} sees the shared concern on the page", who.email);
        assert_eq!(
            html.contains("I feel talked over at check-ins"),
            sees,
            "{} and the private concern on the page",
            who.email
        );
    }

    // Someone who cannot see it cannot move it either, and learns nothing from trying.
    step(&librarian.api, &net, private, json!({"to": "acknowledged"})).await.problem(StatusCode::NOT_FOUND).await;

    // Nor does it show on the timeline of those who may not see it.
    let timeline = |api: Api| {
        let path = net.path(&format!("/partnerships/{}/timeline?kinds=concern", net.partnership));
        async move {
            api.read(&path).await["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["record"]["id"].clone())
                .collect::<Vec<_>>()
        }
    };
    assert!(!timeline(colleague.api.clone()).await.contains(&json!(private)));
    assert!(timeline(colleague.api.clone()).await.contains(&json!(shared)));
    assert!(timeline(net.owner.api.clone()).await.contains(&json!(private)));

    // The coordinator names a mediator from outside the partnership: they see this concern and
    // nothing else of the partnership.
    step(&coordinator.api, &net, private, json!({"to": "acknowledged", "note": "Thank you for telling us."}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    step(&coordinator.api, &net, private, json!({"to": "in_mediation", "mediator_user_id": mediator.id}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    mediator.api.get(&path).await.json_ok(StatusCode::OK).await;
    assert_eq!(mediator.api.ids(&net.path("/concerns")).await, vec![private], "the mediator lists exactly one concern");
    mediator.api.get(&net.path(&format!("/concerns/{shared}"))).await.problem(StatusCode::NOT_FOUND).await;
    for rest in ["", "/commitments", "/checkins", "/timeline", "/contributions", "/equity", "/health"] {
        mediator
            .api
            .get(&net.path(&format!("/partnerships/{}{rest}", net.partnership)))
            .await
            .problem(StatusCode::NOT_FOUND)
            .await;
    }
    mediator
        .api
        .get(&net.path(&format!("/kudos?partnership={}", net.partnership)))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;
    assert!(mediator.api.ids(&net.path("/warnings")).await.is_empty());
    // Still hidden from the author's colleague after all of this.
    colleague.api.get(&path).await.problem(StatusCode::NOT_FOUND).await;
    let resolved = step(
        &mediator.api,
        &net,
        private,
        json!({"to": "resolved", "resolution": "Check-ins get a round where everyone speaks first."}),
    )
    .await;
    resolved.json_ok(StatusCode::OK).await;
}

on_both_backends!(an_unanswered_concern_warns_and_lowers_the_health_index);

async fn an_unanswered_concern_warns_and_lowers_the_health_index(backend: Backend) {
    let clock = TestClock::default();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let net = app.network().await;
    let owner = on_token(&net.owner).await;
    let member = app.person(&net, "member", &[net.school]).await;
    let author = on_token(&member).await;
    let librarian = app.person(&net, "member", &[net.library]).await;
    let librarian = on_token(&librarian).await;

    let concern = id_of(&raise(&author, &net, "private", "Nobody answers our e-mails").await);
    let health_path = net.path(&format!("/partnerships/{}/health", net.partnership));
    let concerns_value = |health: &Value| {
        health["health"]["components"].as_array().unwrap().iter().find(|c| c["kind"] == "concerns").unwrap()["value"]
            .clone()
    };

    // Day 31: the partnership is old enough for the concerns component, and the concern has
    // waited 31 days against a 7-day deadline. SPEC 3.3: max(0, 100 − 25 × 1) = 75.
    clock.advance(Duration::days(31));
    let health = owner.read(&health_path).await;
    assert_eq!(concerns_value(&health), json!(75.0), "{health}");
    let inbox = owner.read(&net.path("/warnings?kind=concern_unanswered")).await;
    let items = inbox["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{inbox}");
    assert_eq!(items[0]["records"], json!([{"kind": "concern", "id": concern}]));
    assert_eq!(items[0]["restricted"], true, "it rests on a private concern");
    // Members who may not see the concern do not see its warning.
    assert!(librarian.ids(&net.path("/warnings?kind=concern_unanswered")).await.is_empty());
    let theirs = librarian.read(&health_path).await;
    assert!(theirs["warnings"].as_array().unwrap().iter().all(|w| w["kind"] != "concern_unanswered"), "{theirs}");
    let listed = owner.read(&net.path("/concerns")).await;
    assert_eq!(listed["items"][0]["overdue"], true);

    // A second, shared concern past its own 3-day deadline: two penalties.
    let body = json!({"partnership_id": net.partnership, "title": "Books not returned", "description": "Twenty books are missing.", "severity": "low",
                      "acknowledge_by": day(clock.today(), 3)});
    let second = id_of(&librarian.post(&net.path("/concerns"), body).await.json_ok(StatusCode::CREATED).await);
    clock.advance(Duration::days(4));
    assert_eq!(concerns_value(&owner.read(&health_path).await), json!(50.0), "100 − 25 × 2");
    assert_eq!(
        owner.ids(&net.path("/warnings?kind=concern_unanswered")).await.len(),
        2,
        "one warning per unanswered concern"
    );
    assert_eq!(
        librarian.ids(&net.path("/warnings?kind=concern_unanswered")).await.len(),
        1,
        "the shared one is for everyone"
    );

    // Acknowledging answers them: the component recovers and the warnings clear.
    step(&owner, &net, concern, json!({"to": "acknowledged"})).await.json_ok(StatusCode::OK).await;
    step(&author, &net, second, json!({"to": "acknowledged"})).await.json_ok(StatusCode::OK).await;
    assert_eq!(concerns_value(&owner.read(&health_path).await), json!(100.0));
    assert!(owner.ids(&net.path("/warnings?kind=concern_unanswered")).await.is_empty());
}

on_both_backends!(kudos_thank_a_win_and_stop_its_warning);

async fn kudos_thank_a_win_and_stop_its_warning(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let teacher = app.person(&net, "member", &[net.school]).await;
    let outsider_org = app.organization(&net, "Riverside Museum", "nonprofit").await;
    let outsider = app.person(&net, "member", &[outsider_org]).await;
    let today = app.store.today();
    let goal = id_of(
        &teacher
            .api
            .post(
                &net.path(&format!("/partnerships/{}/goals", net.partnership)),
                json!({"statement": "More families read together"}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await,
    );
    let milestone = id_of(
        &teacher
            .api
            .post(
                &net.path(&format!("/goals/{goal}/milestones")),
                json!({"title": "First family reading night", "due_on": day(today, 0), "met_on": day(today, 0)}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await,
    );
    let wins = teacher.api.read(&net.path("/warnings?kind=win_to_celebrate")).await;
    assert_eq!(wins["items"].as_array().unwrap().len(), 1, "{wins}");
    assert_eq!(wins["items"][0]["records"], json!([{"kind": "milestone", "id": milestone}]));

    // Bad kudos change nothing and name their fields.
    let bad = teacher.api.post(&net.path("/kudos"), json!({"message": " ", "to_user_id": outsider.id, "to_organization_id": net.library, "from_organization_id": outsider_org})).await;
    let problem = bad.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["message", "to_user_id", "from_organization_id"]);
    let hidden = teacher
        .api
        .post(
            &net.path("/kudos"),
            json!({"message": "Thanks", "to_organization_id": net.library, "partnership_id": Uuid::now_v7()}),
        )
        .await;
    assert_eq!(fields(&hidden.problem(StatusCode::UNPROCESSABLE_ENTITY).await), ["partnership_id"]);
    assert!(teacher.api.ids(&net.path("/kudos")).await.is_empty());

    let body = json!({"from_organization_id": net.school, "to_organization_id": net.library, "message": "Forty families came — thank you for the room and the books!",
                      "about": {"kind": "milestone", "id": milestone}});
    let kudos = teacher.api.post(&net.path("/kudos"), body).await.json_ok(StatusCode::CREATED).await;
    assert_eq!(kudos["partnership_id"], json!(net.partnership), "the partnership of the milestone thanked for");
    assert!(
        teacher.api.ids(&net.path("/warnings?kind=win_to_celebrate")).await.is_empty(),
        "thanked: no longer a win waiting for thanks"
    );

    // The wins feed: per partnership for those who see it, and across the network.
    assert_eq!(
        teacher.api.ids(&net.path(&format!("/kudos?partnership={}", net.partnership))).await,
        vec![id_of(&kudos)]
    );
    assert_eq!(net.owner.api.ids(&net.path("/kudos")).await, vec![id_of(&kudos)]);
    assert!(
        outsider.api.ids(&net.path("/kudos")).await.is_empty(),
        "a member outside the partnership does not see its kudos"
    );
    let network_wide = outsider
        .api
        .post(&net.path("/kudos"), json!({"to_user_id": teacher.id, "message": "Great talk at the network meeting"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    assert!(network_wide["partnership_id"].is_null());
    assert_eq!(teacher.api.ids(&net.path("/kudos")).await, vec![id_of(&network_wide), id_of(&kudos)], "newest first");
    let observer = app.person(&net, "observer", &[]).await;
    observer
        .api
        .post(&net.path("/kudos"), json!({"to_user_id": teacher.id, "message": "Thanks"}))
        .await
        .problem(StatusCode::FORBIDDEN)
        .await;
}

async fn contribute(api: &Api, net: &Network, org: Uuid, kind: &str, amount: f64, on: String) -> reqwest::Response {
    let body = json!({"organization_id": org, "kind": kind, "amount": amount, "contributed_on": on});
    api.post(&net.path(&format!("/partnerships/{}/contributions", net.partnership)), body).await
}

on_both_backends!(contributions_show_equity_and_a_one_sided_partnership);

async fn contributions_show_equity_and_a_one_sided_partnership(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let today = app.store.today();
    let one_sided = || async {
        api.read(&net.path("/warnings?kind=one_sided_partnership")).await["items"].as_array().unwrap().clone()
    };

    for (org, kind, amount, offset) in [
        (net.school, "staff_hours", 10.0, -1),
        (net.school, "staff_hours", 20.0, -2),
        (net.school, "money", 0.0, -3),
        (net.library, "staff_hours", 10.0, -4),
        (net.library, "facilities", 1.0, -5),
        // Older than the 180-day window: it counts for nothing.
        (net.library, "facilities", 1.0, -200),
    ] {
        let response = contribute(api, &net, org, kind, amount, day(today, offset)).await;
        if amount == 0.0 {
            let problem = response.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
            assert_eq!(fields(&problem), ["amount", "unit"]);
            let body = json!({"organization_id": org, "kind": "money", "amount": 500.0, "unit": "USD", "contributed_on": day(today, offset)});
            api.post(&net.path(&format!("/partnerships/{}/contributions", net.partnership)), body)
                .await
                .json_ok(StatusCode::CREATED)
                .await;
        } else {
            response.json_ok(StatusCode::CREATED).await;
        }
    }
    // School 3 of 5 records in the window: 60 %, not one-sided.
    assert!(one_sided().await.is_empty());
    let equity = api.read(&net.path(&format!("/partnerships/{}/equity", net.partnership))).await;
    let share = |equity: &Value, org: Uuid| {
        equity["members"].as_array().unwrap().iter().find(|m| m["organization_id"] == json!(org)).unwrap()["share"]
            .as_f64()
            .unwrap()
    };
    assert!((share(&equity, net.school) - 0.6).abs() < 1e-12, "{equity}");
    assert!((share(&equity, net.library) - 0.4).abs() < 1e-12);
    // balance = 1 − (0.6 − 0.5) / (1 − 0.5) = 0.8
    assert!((equity["balance"].as_f64().unwrap() - 0.8).abs() < 1e-12);
    let hours = equity["by_kind"].as_array().unwrap().iter().find(|k| k["kind"] == "staff_hours").unwrap();
    assert_eq!(hours["total"], json!(40.0));
    assert_eq!(hours["members"][0], json!({"organization_id": net.school, "amount": 30.0, "share": 0.75}));

    // Three more from the school: 6 of 8 = 75 % > 70 %.
    for offset in [-6, -7, -8] {
        contribute(api, &net, net.school, "volunteer_hours", 4.0, day(today, offset))
            .await
            .json_ok(StatusCode::CREATED)
            .await;
    }
    let warnings = one_sided().await;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["organization_id"], json!(net.school));
    assert!(warnings[0]["records"].as_array().unwrap().iter().all(|r| r["kind"] == "contribution"));
    let equity = api.read(&net.path(&format!("/partnerships/{}/equity", net.partnership))).await;
    assert!((share(&equity, net.school) - 0.75).abs() < 1e-12);
    assert!((equity["balance"].as_f64().unwrap() - 0.5).abs() < 1e-12);
    assert_eq!(api.ids(&net.path(&format!("/partnerships/{}/contributions", net.partnership))).await.len(), 9);

    // Observers read the ledger but add nothing; a future date is refused.
    let observer = app.person(&net, "observer", &[]).await;
    observer.api.read(&net.path(&format!("/partnerships/{}/equity", net.partnership))).await;
    contribute(&observer.api, &net, net.school, "data", 1.0, day(today, 0)).await.problem(StatusCode::FORBIDDEN).await;
    let future = contribute(api, &net, net.school, "data", 1.0, day(today, 1))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&future), ["contributed_on"]);
}

on_both_backends!(the_timeline_is_newest_first_filtered_and_paged);

async fn the_timeline_is_newest_first_filtered_and_paged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let today = app.store.today();
    let p = net.partnership;
    api.post(
        &net.path(&format!("/partnerships/{p}/checkins")),
        json!({"held_on": day(today, -10), "agenda": "Plan the spring reading night"}),
    )
    .await
    .json_ok(StatusCode::CREATED)
    .await;
    let promise = api
        .post(
            &net.path(&format!("/partnerships/{p}/commitments")),
            json!({"promisor_organization_id": net.library, "description": "Order 40 books", "due_on": day(today, 5)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    api.post(&net.path(&format!("/commitments/{}/done", id_of(&promise))), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    contribute(api, &net, net.school, "staff_hours", 3.0, day(today, -4)).await.json_ok(StatusCode::CREATED).await;
    api.post(&net.path("/kudos"), json!({"to_organization_id": net.library, "message": "Books arrived early!", "about": {"kind": "commitment", "id": id_of(&promise)}}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    raise(api, &net, "shared", "Noise in the reading room").await;

    let path = net.path(&format!("/partnerships/{p}/timeline"));
    let all = api.read(&path).await;
    let kinds: Vec<&str> = all["items"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    // Today, newest first: the concern, the kudos, the commitment kept, the commitment made;
    // then the contribution (4 days ago) and the check-in (10 days ago).
    assert_eq!(kinds, ["concern", "kudos", "commitment_kept", "commitment_made", "contribution", "check_in"]);
    assert_eq!(all["items"][5]["title"], "Check-in: Plan the spring reading night");

    // Pages of two follow each other without gaps or repeats.
    let mut paged = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("{path}?limit=2&cursor={c}"),
            None => format!("{path}?limit=2"),
        };
        let page = api.read(&url).await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        paged.extend(items.iter().map(|e| e["kind"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(paged, kinds);

    let only = api.read(&format!("{path}?kinds=check_in,contribution")).await;
    assert_eq!(only["items"].as_array().unwrap().len(), 2);
    let recent = api.read(&format!("{path}?from={}", day(today, -5))).await;
    assert_eq!(recent["items"].as_array().unwrap().len(), 5);
    let problem =
        api.get(&format!("{path}?kinds=check_in,gossip")).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["kinds[1]"]);
    let outsider = app.person(&net, "member", &[]).await;
    outsider.api.get(&path).await.problem(StatusCode::NOT_FOUND).await;
}

on_both_backends!(the_activity_log_is_append_only_and_for_coordinators);

async fn the_activity_log_is_append_only_and_for_coordinators(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let teacher = app.person(&net, "member", &[net.school]).await;
    let librarian = app.person(&net, "member", &[net.library]).await;
    let coordinator = app.person(&net, "coordinator", &[]).await;
    let observer = app.person(&net, "observer", &[]).await;

    let concern = id_of(&raise(&teacher.api, &net, "shared", "Parking for parents").await);
    let path = net.path("/activity");
    let first = coordinator.api.read(&path).await;
    let entries = first["items"].as_array().unwrap().clone();
    assert_eq!(entries[0]["record_id"], json!(concern));
    assert_eq!(entries[0]["record_kind"], "concern");
    assert_eq!(entries[0]["action"], "created");
    assert_eq!(entries[0]["actor_user_id"], json!(teacher.id));

    step(&librarian.api, &net, concern, json!({"to": "acknowledged"})).await.json_ok(StatusCode::OK).await;
    contribute(&librarian.api, &net, net.library, "expertise", 2.0, day(app.store.today(), 0))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let later = net.owner.api.read(&path).await;
    let later = later["items"].as_array().unwrap();
    assert_eq!(later.len(), entries.len() + 2);
    assert_eq!(later[1]["summary"], "moved a concern from raised to acknowledged");
    assert_eq!(later[1]["actor_user_id"], json!(librarian.id));
    assert_eq!(&later[2..], &entries[..], "earlier entries are never changed");

    // Only coordinators and owners read it; nobody can change or delete it.
    teacher.api.get(&path).await.problem(StatusCode::FORBIDDEN).await;
    observer.api.get(&path).await.problem(StatusCode::FORBIDDEN).await;
    // The menu offers it to exactly those who may read it.
    let home = format!("/w/{}", net.ws);
    let menu_link = format!("href=\"/w/{}/activity\"", net.ws);
    assert!(app.ui_sign_in(&coordinator.email).await.page(&home).await.contains(&menu_link));
    for person in [&teacher, &observer] {
        assert!(!app.ui_sign_in(&person.email).await.page(&home).await.contains(&menu_link), "{}", person.email);
    }
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        let status = net.owner.api.send(method.clone(), &path, Some(json!({})), None).await.status();
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} on the activity log");
    }
    let by_partnership = net.owner.api.ids(&net.path(&format!("/activity?partnership={}", net.partnership))).await;
    assert_eq!(by_partnership.len(), 3);
}

/// Waits up to ten seconds for the first element matching `css` to read `expected`: a click
/// that submits a form returns before the next page has loaded.
async fn wait_for(browser: &crate::webdriver::Browser, css: &str, expected: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let text = browser
            .execute("const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", vec![json!(css)])
            .await;
        if text.as_str().is_some_and(|t| t.contains(expected)) {
            return;
        }
        if std::time::Instant::now() > deadline {
            let body = browser.execute("return document.body ? document.body.innerText : '';", vec![]).await;
            panic!(
                "{css} never read {expected:?} on {}; the page reads:\n{}",
                browser.current_url().await,
                body.as_str().unwrap_or_default()
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

on_both_backends!(a_concern_goes_from_raised_to_resolved_through_the_pages);

async fn a_concern_goes_from_raised_to_resolved_through_the_pages(backend: Backend) {
    use crate::webdriver::Browser;
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let teacher = app.person(&net, "member", &[net.school]).await;
    let mediator = app.sign_up(&format!("maya-{}@example.org", short()), "Maya Mediator").await;
    app.join(&net, &mediator, "member", &[]).await;

    // A teacher raises a concern from the partnership page; a missing title is named beside it.
    // One browser at a time (the harness runs them in turn): each person's ends before the next.
    let concern_url = {
        let browser = Browser::start().await;
        crate::browser::sign_in(&browser, &app, &teacher.email).await;
        browser.goto(&app.url(&format!("/w/{}/partnerships/{}", net.ws, net.partnership))).await;
        browser.follow("#concerns a[href$='/concerns/new']").await;
        browser.fill("#f-description", "The reading room was double-booked twice this month.").await;
        browser.follow("form[action$='/concerns'] button[type=submit]").await;
        wait_for(&browser, ".field.invalid", "Is required").await;
        browser.fill("#f-title", "Room bookings keep falling through").await;
        browser.follow("form[action$='/concerns'] button[type=submit]").await;
        wait_for(&browser, "h1", "Room bookings keep falling through").await;
        wait_for(&browser, "#concern-state", "Raised").await;
        wait_for(&browser, ".notice", "Concern raised").await;
        let url = browser.current_url().await;
        url.split('?').next().unwrap_or_default().to_owned()
    };

    // The coordinator acknowledges it, talks it through and names a mediator.
    {
        let coordinator = Browser::start().await;
        crate::browser::sign_in(&coordinator, &app, &net.owner.email).await;
        coordinator.goto(&concern_url).await;
        coordinator.click("input[name=to][value=acknowledged]").await;
        coordinator.fill("#f-note", "Thank you — we will sort the calendar out this week.").await;
        coordinator.follow("#move button[type=submit]").await;
        wait_for(&coordinator, "#concern-state", "Acknowledged").await;
        coordinator.click("input[name=to][value=in_dialogue]").await;
        coordinator.follow("#move button[type=submit]").await;
        wait_for(&coordinator, "#concern-state", "In dialogue").await;
        coordinator.click("input[name=to][value=in_mediation]").await;
        coordinator.follow("#move button[type=submit]").await;
        wait_for(&coordinator, ".field.invalid", "Name the mediator").await;
        coordinator.click("input[name=to][value=in_mediation]").await;
        coordinator.select("#f-mediator_user_id", &mediator.id.to_string()).await;
        coordinator.follow("#move button[type=submit]").await;
        wait_for(&coordinator, "#concern-state", "In mediation").await;
    }

    // The mediator, who sees nothing else of the partnership, records the resolution.
    {
        let maya = Browser::start().await;
        crate::browser::sign_in(&maya, &app, &mediator.email).await;
        maya.goto(&concern_url).await;
        wait_for(&maya, "h1", "Room bookings keep falling through").await;
        maya.click("input[name=to][value=resolved]").await;
        maya.fill("#f-resolution", "One shared booking calendar; rooms confirmed a week ahead.").await;
        maya.follow("#move button[type=submit]").await;
        wait_for(&maya, "#concern-state", "Resolved").await;
        wait_for(&maya, "#resolution", "One shared booking calendar").await;
        assert_eq!(
            maya.find_all("#concern-history li").await.len(),
            5,
            "raised, acknowledged, in dialogue, in mediation, resolved"
        );
        assert!(maya.find_all("#move").await.is_empty(), "a resolved concern offers no further step");
        maya.goto(&app.url(&format!("/w/{}/partnerships/{}", net.ws, net.partnership))).await;
        wait_for(&maya, "h1", "Page not found").await;
    }

    if backend == Backend::Sqlite {
        let browser = Browser::start().await;
        crate::browser::sign_in(&browser, &app, &net.owner.email).await;
        screenshots(&app, &net, &browser, &concern_url).await;
    }
}

/// The practice pages at laptop and phone sizes, into target/screenshots/practices/, for people
/// to look at; none may be wider than the window.
async fn screenshots(app: &TestApp, net: &Network, browser: &crate::webdriver::Browser, concern_url: &str) {
    let api = &net.owner.api;
    let today = app.store.today();
    for (org, kind, amount, offset) in [
        (net.school, "staff_hours", 12.0, -3),
        (net.school, "money", 250.0, -20),
        (net.library, "facilities", 4.0, -10),
        (net.library, "staff_hours", 6.0, -40),
    ] {
        let unit = if kind == "money" { json!("USD") } else { Value::Null };
        let body = json!({"organization_id": org, "kind": kind, "amount": amount, "unit": unit, "contributed_on": day(today, offset), "note": "Family reading night"});
        api.post(&net.path(&format!("/partnerships/{}/contributions", net.partnership)), body)
            .await
            .json_ok(StatusCode::CREATED)
            .await;
    }
    api.post(&net.path("/kudos"), json!({"partnership_id": net.partnership, "to_organization_id": net.library, "message": "Thank you for opening the room on a Saturday!"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let retro = api
        .post(
            &net.path(&format!("/partnerships/{}/retrospectives", net.partnership)),
            json!({"title": "Autumn term", "trigger": "phase", "held_on": day(today, 0)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let items = net.path(&format!("/retrospectives/{}/items", id_of(&retro)));
    for body in [
        json!({"kind": "went_well", "text": "Families asked for a second reading night."}),
        json!({"kind": "did_not_go_well", "text": "Flyers went out a week late.", "anonymous": true}),
        json!({"kind": "lesson", "text": "Agree the calendar before the term starts."}),
        json!({"kind": "follow_up", "text": "Send flyers three weeks ahead", "promisor_organization_id": net.school, "due_on": day(today, 21)}),
    ] {
        api.post(&items, body).await.json_ok(StatusCode::CREATED).await;
    }
    let retro_url = format!("/w/{}/retrospectives/{}", net.ws, id_of(&retro));
    let open = raise(api, net, "private", "Flyers arrive too late to share").await;
    let open_url = format!("/w/{}/concerns/{}", net.ws, id_of(&open));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots/practices");
    let (ws, p) = (net.ws, net.partnership);
    let pages = [
        (format!("/w/{ws}/partnerships/{p}"), "partnership"),
        (concern_url.trim_start_matches(&app.url("")).to_owned(), "concern"),
        (format!("/w/{ws}/partnerships/{p}/concerns/new"), "concern-form"),
        (open_url.clone(), "concern-open"),
        (retro_url.clone(), "retrospective"),
        (format!("/w/{ws}/partnerships/{p}/retrospectives/new"), "retrospective-form"),
        (format!("/w/{ws}/concerns"), "concerns"),
        (format!("/w/{ws}/partnerships/{p}/contributions"), "contributions"),
        (format!("/w/{ws}/partnerships/{p}/timeline"), "timeline"),
        (format!("/w/{ws}/kudos/new?partnership_id={p}&to_organization_id={}", net.library), "kudos-form"),
        (format!("/w/{ws}/kudos"), "kudos"),
        (format!("/w/{ws}/activity"), "activity"),
    ];
    for (w, h, tag) in [(1280, 900, "laptop"), (390, 844, "phone")] {
        browser.set_window_size(w, h).await;
        for (page, name) in &pages {
            browser.goto(&app.url(page)).await;
            assert_eq!(browser.horizontal_overflow().await, 0, "{page} fits the {tag}");
            browser.screenshot(&dir.join(format!("{name}-{tag}.png"))).await;
        }
    }
    browser.goto(&app.url(&retro_url)).await;
    wait_for(browser, "main", "Anonymous").await;
}

on_both_backends!(retrospectives_keep_anonymous_items_unlinked_and_turn_follow_ups_into_commitments);

async fn retrospectives_keep_anonymous_items_unlinked_and_turn_follow_ups_into_commitments(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let teacher = app.person(&net, "member", &[net.school]).await;
    let librarian = app.person(&net, "member", &[net.library]).await;
    let observer = app.person(&net, "observer", &[]).await;
    let today = app.store.today();
    let path = net.path(&format!("/partnerships/{}/retrospectives", net.partnership));

    let missing = teacher
        .api
        .post(&path, json!({"title": "Spring term", "trigger": "milestone", "held_on": day(today, 0)}))
        .await;
    assert_eq!(fields(&missing.problem(StatusCode::UNPROCESSABLE_ENTITY).await), ["milestone_id"]);
    let retro = teacher
        .api
        .post(&path, json!({"title": "Spring term", "trigger": "on_demand", "held_on": day(today, 0)}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let id = id_of(&retro);
    let items = net.path(&format!("/retrospectives/{id}/items"));

    teacher
        .api
        .post(&items, json!({"kind": "went_well", "text": "Forty families came to the reading night."}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let hidden = librarian
        .api
        .post(
            &items,
            json!({"kind": "did_not_go_well", "text": "We heard about room changes too late.", "anonymous": true}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    assert!(hidden["author_user_id"].is_null());
    assert_eq!(id_of(&hidden).get_version_num(), 4, "an anonymous item's id is random, not time-ordered");
    let follow_up = json!({"kind": "follow_up", "text": "Share the room calendar with the school", "promisor_organization_id": net.library, "due_on": day(today, 14)});
    let action = librarian.api.post(&items, follow_up).await.json_ok(StatusCode::CREATED).await;
    let commitment = action["commitment_id"]
        .as_str()
        .and_then(|c| c.parse::<Uuid>().ok())
        .expect("the follow-up became a commitment");
    let made = teacher.api.read(&net.path(&format!("/commitments/{commitment}"))).await;
    assert_eq!(
        (made["promisor_organization_id"].clone(), made["description"].clone()),
        (json!(net.library), json!("Share the room calendar with the school"))
    );

    // Nobody, coordinators included, learns who wrote the anonymous item.
    let read = net.owner.api.read(&net.path(&format!("/retrospectives/{id}"))).await;
    let kinds: Vec<(&str, bool)> = read["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["kind"].as_str().unwrap(), i["author_user_id"].is_null()))
        .collect();
    assert_eq!(kinds.len(), 3);
    assert!(kinds.contains(&("did_not_go_well", true)) && kinds.contains(&("went_well", false)));
    let log = net.owner.api.read(&net.path("/activity")).await;
    let about_retro = log["items"].as_array().unwrap().iter().filter(|e| e["record_id"] == json!(id)).count();
    assert_eq!(about_retro, 3, "held, the named item and the follow-up are logged; the anonymous item is not");
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| !e["summary"].as_str().unwrap_or_default().contains("did not go well"))
    );

    let timeline =
        teacher.api.read(&net.path(&format!("/partnerships/{}/timeline?kinds=retrospective", net.partnership))).await;
    assert_eq!(timeline["items"][0]["title"], "Retrospective: Spring term");
    assert_eq!(timeline["items"][0]["detail"], "1 went well · 1 did not go well · 1 follow-up action");

    observer.api.post(&items, json!({"kind": "lesson", "text": "x"})).await.problem(StatusCode::FORBIDDEN).await;
    let outsider = app.person(&net, "member", &[]).await;
    outsider.api.get(&net.path(&format!("/retrospectives/{id}"))).await.problem(StatusCode::NOT_FOUND).await;
    let bad = teacher
        .api
        .post(&items, json!({"kind": "follow_up", "text": "Someone should do something"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&bad), ["promisor_organization_id", "due_on"]);
    assert_eq!(
        teacher.api.read(&net.path(&format!("/retrospectives/{id}"))).await["items"].as_array().unwrap().len(),
        3,
        "a refused item adds nothing"
    );
}
