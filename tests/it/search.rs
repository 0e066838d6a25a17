//! Issue 22 item 7: one search box in the header over organisations, contacts, partnerships,
//! goals, commitments and check-ins, each result held to what the viewer may see, in the API
//! and on the page; archived records left out; a bad query refused naming `q`.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::browser::sign_in;
use crate::on_both_backends;
use crate::support::*;
use crate::webdriver::Browser;

on_both_backends!(
    finds_each_kind_by_a_word_of_its_name,
    nobody_finds_what_they_may_not_see,
    archived_records_are_left_out_and_renamed_ones_found_by_their_new_name,
    a_bad_query_is_refused_naming_it,
    the_header_box_leads_to_a_result
);

/// What `api` finds for `q`: (kind, title, context) of each result, best first.
async fn found(api: &Api, net: &Network, q: &str) -> Vec<(String, String, String)> {
    let path = format!("{}?q={}", net.path("/search"), urlencoding(q));
    let body = api.read(&path).await;
    body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("search answers a list: {body}"))
        .iter()
        .map(|hit| {
            let text = |key: &str| hit[key].as_str().unwrap_or_default().to_owned();
            (text("kind"), text("title"), text("context"))
        })
        .collect()
}

/// The queries here are letters, spaces and `!`.
fn urlencoding(q: &str) -> String {
    q.replace(' ', "+")
}

fn titles(found: &[(String, String, String)]) -> Vec<&str> {
    found.iter().map(|(_, title, _)| title.as_str()).collect()
}

/// A contact, a goal, a commitment and a check-in in the network's partnership.
async fn records(net: &Network) -> (Value, Value, Value, Value) {
    let api = &net.owner.api;
    let p = net.partnership;
    let contact = api
        .post(&net.path(&format!("/organizations/{}/contacts", net.school)), json!({"name": "Marisol Quintero"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let goal = api
        .post(
            &net.path(&format!("/partnerships/{p}/goals")),
            json!({"statement": "Every child reads twenty minutes a day"}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let commitment = api
        .post(
            &net.path(&format!("/partnerships/{p}/commitments")),
            json!({"promisor_organization_id": net.library, "description": "Host four family reading nights", "due_on": day(today(), 20)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let checkin = api
        .post(
            &net.path(&format!("/partnerships/{p}/checkins")),
            json!({"held_on": day(today(), -1), "agenda": "Autumn pumpkin festival", "notes": "Good turnout",
                   "attendee_organization_ids": [net.school, net.library], "attendee_user_ids": []}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    (contact, goal, commitment, checkin)
}

async fn finds_each_kind_by_a_word_of_its_name(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    records(&net).await;
    let api = &net.owner.api;

    let net = &net;
    let kind_of = |q: &'static str| async move { found(api, net, q).await };
    assert_eq!(kind_of("LINCOLN").await, [("organization".into(), "Lincoln Elementary".into(), "School".into())]);
    assert_eq!(kind_of("marisol").await, [("contact".into(), "Marisol Quintero".into(), "Lincoln Elementary".into())]);
    assert_eq!(
        kind_of("buddies").await,
        [("partnership".into(), "Reading Buddies".into(), "School–community partnership".into())]
    );
    assert_eq!(
        kind_of("twenty minu").await,
        [("goal".into(), "Every child reads twenty minutes a day".into(), "Reading Buddies".into())],
        "the last word is matched as the beginning of a word"
    );
    assert_eq!(
        kind_of("family reading").await,
        [("commitment".into(), "Host four family reading nights".into(), "Reading Buddies".into())]
    );
    let checkin = kind_of("pumpkin").await;
    assert_eq!(checkin.len(), 1, "{checkin:?}");
    assert_eq!(checkin[0].0, "check_in");
    assert!(checkin[0].1.starts_with("Check-in of "), "{checkin:?}");
    assert_eq!(checkin[0].2, "Reading Buddies");
    assert!(kind_of("pumpkins").await.is_empty(), "every word must be there");

    // Exact names first: an organisation called "Reading" before everything that mentions it.
    app.organization(net, "Reading", "other").await;
    let reading = kind_of("reading").await;
    assert_eq!(titles(&reading), ["Reading", "Reading Buddies", "Host four family reading nights"]);
}

async fn nobody_finds_what_they_may_not_see(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    records(&net).await;
    let api = &net.owner.api;
    // A partnership the school is not part of, with a goal, a commitment and a check-in.
    let club = app.organization(&net, "Hillside Youth Club", "nonprofit").await;
    let secret = api
        .post(
            &net.path("/partnerships"),
            json!({"name": "Tulip Garden Project", "kind": "school_community", "status": "active", "cadence": "monthly",
                   "members": [{"organization_id": club}, {"organization_id": net.library}]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let secret = id_of(&secret);
    api.post(&net.path(&format!("/partnerships/{secret}/goals")), json!({"statement": "Tulips along every path"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    api.post(
        &net.path(&format!("/partnerships/{secret}/commitments")),
        json!({"promisor_organization_id": club, "description": "Plant the tulip bulbs", "due_on": day(today(), 9)}),
    )
    .await
    .json_ok(StatusCode::CREATED)
    .await;
    api.post(
        &net.path(&format!("/partnerships/{secret}/checkins")),
        json!({"held_on": day(today(), -2), "agenda": "Tulip order", "attendee_organization_ids": [club], "attendee_user_ids": []}),
    )
    .await
    .json_ok(StatusCode::CREATED)
    .await;

    let member = app.person(&net, "member", &[net.school]).await;
    assert!(found(&member.api, &net, "tulip").await.is_empty(), "nothing of a partnership they cannot see");
    assert!(found(&member.api, &net, "Tulip Garden Project").await.is_empty());
    assert_eq!(titles(&found(&member.api, &net, "family reading").await), ["Host four family reading nights"]);
    assert_eq!(
        titles(&found(&member.api, &net, "hillside").await),
        ["Hillside Youth Club"],
        "the directory of organisations is everyone's"
    );

    let observer = app.person(&net, "observer", &[]).await;
    assert_eq!(found(&observer.api, &net, "tulip").await.len(), 4, "observers read the whole workspace");
    assert_eq!(found(api, &net, "tulip").await.len(), 4);

    // Nor on the page.
    let ui = app.ui_sign_in(&member.email).await;
    let page = ui.page(&format!("/w/{}/search?q=tulip", net.ws)).await;
    assert!(!page.contains("Tulip") && !page.contains("tulip bulbs"), "{page}");
    assert!(page.contains("Nothing you can see matches"));
    // Another workspace's people find nothing of this one: the workspace itself is not found.
    let stranger = app.sign_up(&format!("stranger-{}@example.org", short()), "Stranger").await;
    stranger.api.get(&format!("{}?q=tulip", net.path("/search"))).await.problem(StatusCode::NOT_FOUND).await;
}

async fn archived_records_are_left_out_and_renamed_ones_found_by_their_new_name(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let (contact, _, commitment, _) = records(&net).await;
    let api = &net.owner.api;

    api.post(&net.path(&format!("/commitments/{}/archive", id_of(&commitment))), json!({})).await;
    assert!(found(api, &net, "family reading").await.is_empty(), "an archived commitment");
    api.post(&net.path(&format!("/contacts/{}/archive", id_of(&contact))), json!({})).await;
    assert!(found(api, &net, "marisol").await.is_empty(), "an archived contact");
    api.post(&net.path(&format!("/organizations/{}/archive", net.school)), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert!(found(api, &net, "lincoln").await.is_empty(), "an archived organisation");
    api.post(&net.path(&format!("/partnerships/{}/archive", net.partnership)), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert!(found(api, &net, "buddies").await.is_empty(), "an archived partnership");
    assert!(found(api, &net, "twenty").await.is_empty(), "a goal of an archived partnership");
    api.post(&net.path(&format!("/organizations/{}/restore", net.school)), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert_eq!(titles(&found(api, &net, "lincoln").await), ["Lincoln Elementary"], "restored, found again");

    let library = api.read(&net.path(&format!("/organizations/{}", net.library))).await;
    let response = api
        .put(
            &net.path(&format!("/organizations/{}", net.library)),
            json!({"name": "Riverside Public Library", "kind": "library"}),
            Some(&format!("\"{}\"", library["version"])),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap_or_default());
    assert_eq!(titles(&found(api, &net, "riverside").await), ["Riverside Public Library"]);
    assert!(found(api, &net, "eastside").await.is_empty(), "the old name is forgotten");
}

async fn a_bad_query_is_refused_naming_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let search = net.path("/search");
    let long = "a".repeat(201);
    for query in ["", "?q=", "?q=%20%20", "?q=read%07ing", &format!("?q={long}")] {
        let problem = api.get(&format!("{search}{query}")).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&problem), ["q"], "{query}: {problem}");
    }
    assert!(found(api, &net, "!!").await.is_empty(), "no letters, nothing found");

    let ui = app.ui_sign_in(&net.owner.email).await;
    let response = ui.get(&format!("/w/{}/search?q=read%07ing", net.ws)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(page.contains("field-error"), "the message is beside the field: {page}");
}

async fn the_header_box_leads_to_a_result(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let (_, _, commitment, _) = records(&net).await;
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;

    // From any page: the partnerships list, say.
    browser.goto(&app.url(&format!("/w/{}/partnerships", net.ws))).await;
    let label = browser.find("label[for=header-search]").await.text().await;
    assert!(
        browser
            .execute("return document.querySelector('label[for=header-search]').textContent", vec![])
            .await
            .as_str()
            .is_some_and(|l| l.contains("Search")),
        "the box is labelled: {label:?}"
    );
    browser.fill("#header-search", "family readi").await;
    browser.follow(".header-search-go").await;
    assert_eq!(browser.text("h1").await, "Search");
    assert!(browser.current_url().await.contains("q=family+readi"));
    let commitments = browser.text("#found-commitments").await;
    assert!(commitments.contains("Host four family reading nights"), "{commitments}");
    assert!(commitments.contains("Reading Buddies"), "the result says where it belongs: {commitments}");
    browser.follow("#found-commitments a").await;
    assert!(
        browser.current_url().await.ends_with(&format!("/commitments/{}", id_of(&commitment))),
        "the result leads to the commitment's page"
    );
    assert!(browser.text("main").await.contains("Host four family reading nights"));

    // On a phone the header keeps to the screen, the box included.
    browser.set_window_size(390, 844).await;
    browser.goto(&app.url(&format!("/w/{}/search?q=reading", net.ws))).await;
    assert!(browser.horizontal_overflow().await <= 0, "nothing sticks out sideways on a phone");
    let width: Value =
        browser.execute("return document.getElementById('header-search').getBoundingClientRect().width", vec![]).await;
    assert!(width.as_f64().unwrap_or(0.0) > 150.0, "the box is wide enough to type in: {width}");
}
