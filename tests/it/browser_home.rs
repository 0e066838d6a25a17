//! Issue 22 in a real browser: nothing changes by one stray click, and the home page leads with
//! what needs the person today.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

use crate::browser::sign_in;
use crate::on_both_backends;
use crate::support::*;
use crate::webdriver::Browser;

on_both_backends!(
    one_stray_click_changes_nothing,
    home_leads_with_what_needs_the_coordinator_and_the_inbox_is_most_severe_first,
    a_member_and_an_observer_each_see_their_own_today,
    removing_a_webhook_asks_first_without_javascript,
    a_concern_step_with_nothing_chosen_is_refused_with_422
);

async fn raise_concern(api: &Api, net: &Network, title: &str, severity: &str) -> uuid::Uuid {
    let body = json!({"partnership_id": net.partnership, "organization_id": net.library, "title": title,
                      "description": "The room was double-booked twice this month.", "severity": severity, "visibility": "shared"});
    id_of(&api.post(&net.path("/concerns"), body).await.json_ok(StatusCode::CREATED).await)
}

/// A promise of the library's to the school; one already due was not kept (issue 22: history
/// says what happened).
async fn commitment(net: &Network, description: &str, due: chrono::NaiveDate) -> uuid::Uuid {
    let mut body = json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school,
                          "description": description, "due_on": due.to_string()});
    if due < chrono::Utc::now().date_naive() {
        body["made_on"] = json!((due - Duration::days(30)).to_string());
        body["outcome"] = json!({"kind": "not_kept"});
    }
    let path = net.path(&format!("/partnerships/{}/commitments", net.partnership));
    id_of(&net.owner.api.post(&path, body).await.json_ok(StatusCode::CREATED).await)
}

async fn one_stray_click_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let teacher = app.person(&net, "member", &[net.school]).await;
    let concern = raise_concern(&teacher.api, &net, "Room bookings keep failing", "medium").await;
    let promise = commitment(&net, "Lend the projector", app.store.today() + Duration::days(5)).await;
    let browser = Browser::start().await;

    // The person who raised the concern: no step is chosen for them, "Withdrawn" least of all.
    sign_in(&browser, &app, &teacher.email).await;
    browser.goto(&app.url(&format!("/w/{}/concerns/{concern}", net.ws))).await;
    assert!(
        !browser.find_all("input[name=to]").await.is_empty(),
        "the raiser may move it: {}",
        browser.text("main").await
    );
    assert!(browser.find_all("input[name=to]:checked").await.is_empty(), "no next step is pre-selected");
    browser.follow("form[action$='/transitions'] button[type=submit]").await;
    let error = browser.find(".field.invalid #f-to-error").await.text().await;
    assert!(
        error.to_lowercase().contains("choose the next step"),
        "the missing step is named beside the choice: {error}"
    );
    let read = net.owner.api.read(&net.path(&format!("/concerns/{concern}"))).await;
    assert_eq!(read["state"], "raised", "saving with nothing chosen changed nothing");

    // "Mark done" on the commitment's page asks first; "No" leaves it open.
    drop(browser);
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;
    let page = app.url(&format!("/w/{}/commitments/{promise}", net.ws));
    browser.goto(&page).await;
    browser.follow("form#done button[type=submit]").await;
    assert_eq!(browser.text("h1").await, "Mark this commitment done?");
    let ask = browser.text("main").await;
    assert!(ask.contains("Lend the projector") && ask.contains("on time"), "{ask}");
    assert!(net.owner.api.read(&net.path(&format!("/commitments/{promise}"))).await["done_on"].is_null());
    browser.follow("main a.button.secondary").await;
    assert_eq!(browser.current_url().await, page, "No, go back: to the commitment");
    assert!(net.owner.api.read(&net.path(&format!("/commitments/{promise}"))).await["done_on"].is_null());

    // From a list too; "Yes" records it.
    browser.goto(&app.url(&format!("/w/{}/partnerships/{}", net.ws, net.partnership))).await;
    browser.follow(".commitment button[data-action=done]").await;
    assert_eq!(browser.text("h1").await, "Mark this commitment done?");
    browser.follow("main form button[type=submit]").await;
    assert!(browser.text(".notice").await.contains("Commitment marked done"));
    let done = net.owner.api.read(&net.path(&format!("/commitments/{promise}"))).await;
    assert_eq!(done["done_on"], json!(app.store.today().to_string()));

    // "Mark met" asks first too.
    let goal = net
        .owner
        .api
        .post(
            &net.path(&format!("/partnerships/{}/goals", net.partnership)),
            json!({"statement": "More families at reading nights"}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let milestone = json!({"title": "Sign-up drive", "due_on": (app.store.today() + Duration::days(9)).to_string()});
    let milestone = id_of(
        &net.owner
            .api
            .post(&net.path(&format!("/goals/{}/milestones", id_of(&goal))), milestone)
            .await
            .json_ok(StatusCode::CREATED)
            .await,
    );
    browser.goto(&app.url(&format!("/w/{}/goals/{}", net.ws, id_of(&goal)))).await;
    browser.follow("form[action$='/met'] button[type=submit]").await;
    assert_eq!(browser.text("h1").await, "Mark this milestone met?");
    let milestones = net.path(&format!("/goals/{}/milestones", id_of(&goal)));
    let read = net.owner.api.read(&milestones).await;
    assert_eq!(id_of(&read["items"][0]), milestone);
    assert!(read["items"][0]["met_on"].is_null(), "asking changed nothing: {read}");
    browser.follow("main form button[type=submit]").await;
    assert!(browser.text(".notice").await.contains("Milestone marked met"));
    let read = net.owner.api.read(&milestones).await;
    assert_eq!(read["items"][0]["met_on"], json!(app.store.today().to_string()), "yes records it: {read}");
}

async fn home_leads_with_what_needs_the_coordinator_and_the_inbox_is_most_severe_first(backend: Backend) {
    let clock = TestClock::default();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let net = app.network().await;
    let teacher = app.person(&net, "member", &[net.school]).await;
    // A high-severity concern nobody answers; a medium one still within its week.
    raise_concern(&teacher.api, &net, "Volunteers turned away at the door", "high").await;
    clock.advance(Duration::days(10));
    raise_concern(&teacher.api, &net, "Sign-in sheet lost", "medium").await;
    // A promise 40 days late (urgent), then good news: a milestone met today.
    commitment(&net, "Lend the projector for family night", clock.today() - Duration::days(40)).await;
    let goal = net
        .owner
        .api
        .post(&net.path(&format!("/partnerships/{}/goals", net.partnership)), json!({"statement": "More readers"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let met = json!({"title": "First reading night", "due_on": clock.today().to_string(), "met_on": clock.today().to_string()});
    net.owner
        .api
        .post(&net.path(&format!("/goals/{}/milestones", id_of(&goal))), met)
        .await
        .json_ok(StatusCode::CREATED)
        .await;

    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;
    let first_section = browser.text("main section h2").await;
    assert_eq!(first_section, "Needs you today", "the home page leads with what needs the coordinator");
    let rows: Vec<String> = {
        let mut texts = Vec::new();
        for row in browser.find_all("#needs ul.needs > li").await {
            texts.push(row.text().await);
        }
        texts
    };
    assert!(rows[0].contains("Volunteers turned away at the door") && rows[0].contains("Concern overdue"), "{rows:?}");
    assert!(rows[1].contains("Urgent") && rows[1].contains("40 days overdue"), "{rows:?}");
    assert!(rows.last().unwrap().contains("Sign-in sheet lost"), "the concern within its week comes last: {rows:?}");
    assert!(!rows.iter().any(|r| r.contains("Good news")), "good news is not a thing to do: {rows:?}");
    assert_eq!(
        rows.iter().filter(|r| r.contains("Volunteers turned away") || r.contains("waited")).count(),
        1,
        "a concern is listed once, not again as its warning: {rows:?}"
    );

    // The inbox: urgent first, good news last, though the good news is the newest.
    browser.goto(&app.url(&format!("/w/{}/warnings", net.ws))).await;
    let mut severities = Vec::new();
    for chip in browser.find_all(".warning-card .chip").await {
        severities.push(chip.text().await);
    }
    assert!(severities.len() >= 2, "{severities:?}");
    assert_eq!(severities.first().map(String::as_str), Some("Urgent"), "{severities:?}");
    assert_eq!(severities.last().map(String::as_str), Some("Good news"), "{severities:?}");
}

async fn a_member_and_an_observer_each_see_their_own_today(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    commitment(&net, "Return the borrowed easels", app.store.today() - Duration::days(3)).await;
    commitment(&net, "Lend the projector", app.store.today() + Duration::days(30)).await;
    let librarian = app.person(&net, "member", &[net.library]).await;
    let funder = app.person(&net, "observer", &[]).await;

    let browser = Browser::start().await;
    sign_in(&browser, &app, &librarian.email).await;
    assert_eq!(browser.text("main section h2").await, "Needs you today");
    let today = browser.text("#needs").await;
    assert!(
        today.contains("promises, overdue") && today.contains("Return the borrowed easels"),
        "the organisation's late promise leads: {today}"
    );
    assert!(!today.contains("Lend the projector"), "a promise due next month is not for today: {today}");

    drop(browser);
    let browser = Browser::start().await;
    sign_in(&browser, &app, &funder.email).await;
    assert_eq!(browser.text("main section h2").await, "The network today");
    let network = browser.text("#network-today").await;
    assert!(network.contains("1 partnership"), "{network}");
    assert!(browser.find_all("#needs").await.is_empty(), "an observer has nothing to do, only to see");
}

/// Without JavaScript (plain form posts), "Remove" shows a page that asks; only "Yes" removes.
async fn removing_a_webhook_asks_first_without_javascript(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let hook = net
        .owner
        .api
        .post(
            &net.path("/webhooks"),
            json!({"url": "https://hooks.example.org/x", "format": "json", "events": ["kudos.given"]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let ui = app.ui_sign_in(&net.owner.email).await;
    let csrf = ui.csrf(&format!("/w/{}/webhooks", net.ws)).await;
    let remove = format!("/w/{}/webhooks/{}/delete", net.ws, id_of(&hook));
    let ask = ui.post_form(&remove, &[("csrf", &csrf)]).await;
    assert_eq!(ask.status(), StatusCode::OK);
    let ask = ask.text().await.unwrap();
    assert!(ask.contains("Remove this webhook?") && ask.contains("https://hooks.example.org/x"), "{ask}");
    assert_eq!(net.owner.api.ids(&net.path("/webhooks")).await.len(), 1, "asking removed nothing");
    let done = ui.post_form(&remove, &[("csrf", &csrf), ("confirm", "yes")]).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert!(net.owner.api.ids(&net.path("/webhooks")).await.is_empty(), "yes removes it");
    // Someone who may not manage webhooks is not asked: the hook does not exist for them.
    let member = app.person(&net, "member", &[net.school]).await;
    let member_ui = app.ui_sign_in(&member.email).await;
    let member_csrf = member_ui.csrf(&format!("/w/{}", net.ws)).await;
    let other = net
        .owner
        .api
        .post(
            &net.path("/webhooks"),
            json!({"url": "https://hooks.example.org/y", "format": "json", "events": ["kudos.given"]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let response = member_ui
        .post_form(&format!("/w/{}/webhooks/{}/delete", net.ws, id_of(&other)), &[("csrf", &member_csrf)])
        .await;
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(net.owner.api.ids(&net.path("/webhooks")).await.len(), 1, "the member removed nothing");
}

/// The form posted as it is first shown: no step chosen answers 422 beside the field, and the
/// concern stays where it was.
async fn a_concern_step_with_nothing_chosen_is_refused_with_422(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let teacher = app.person(&net, "member", &[net.school]).await;
    let concern = raise_concern(&teacher.api, &net, "Room bookings keep failing", "medium").await;
    let ui = app.ui_sign_in(&teacher.email).await;
    let page = format!("/w/{}/concerns/{concern}", net.ws);
    let csrf = ui.csrf(&page).await;
    let response = ui.post_form(&format!("{page}/transitions"), &[("csrf", &csrf), ("version", "1")]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.unwrap();
    assert!(body.contains("id=\"f-to-error\"") && body.to_lowercase().contains("choose the next step"), "{body}");
    assert_eq!(net.owner.api.read(&net.path(&format!("/concerns/{concern}"))).await["state"], "raised");
}
