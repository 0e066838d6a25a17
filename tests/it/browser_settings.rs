//! Workspace settings a coordinator's first hour meets (issue 22): the trust settings page.

use reqwest::StatusCode;
use serde_json::json;

use crate::browser::sign_in;
use crate::on_both_backends;
use crate::support::*;
use crate::webdriver::Browser;

on_both_backends!(owners_tune_the_trust_model_on_its_page);

/// An owner finds the trust settings from the workspace settings, sees each bad value named
/// beside its field with nothing saved, saves good ones (the API reads them back), and is told
/// when someone else saved meanwhile. A coordinator cannot change them.
async fn owners_tune_the_trust_model_on_its_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;
    browser.goto(&app.url(&format!("/w/{}/settings", net.ws))).await;
    browser.follow("#trust-model a[href$='/settings/trust']").await;
    assert_eq!(browser.text("h1").await, "Trust settings");
    assert_eq!(browser.find("#f-half_life").await.property("value").await, json!("180"), "the defaults are shown");
    let hint = browser.text("#f-grace_days-hint").await;
    assert!(hint.contains("after its due date"), "each setting says what it does: {hint}");

    browser.fill("#f-grace_days", "-1").await;
    browser.fill("#f-health-goals_weight", "-5").await;
    browser.follow("#trust-settings button[type=submit]").await;
    assert!(browser.text("#f-grace_days-error").await.contains("negative"));
    assert!(browser.text("#f-health-goals_weight-error").await.contains("zero or more"));
    assert_eq!(browser.find("#f-grace_days").await.property("value").await, json!("-1"), "the input is kept");
    let settings = net.owner.api.read(&net.path("/trust-settings")).await;
    assert_eq!(settings["grace_days"], 3, "nothing was saved: {settings}");

    browser.fill("#f-grace_days", "5").await;
    browser.fill("#f-health-goals_weight", "20").await;
    browser.fill("#f-half_life", "90").await;
    browser.follow("#trust-settings button[type=submit]").await;
    assert!(browser.text(".notice").await.contains("recomputed"));
    let settings = net.owner.api.read(&net.path("/trust-settings")).await;
    assert_eq!((settings["grace_days"].clone(), settings["half_life"].clone()), (json!(5), json!(90.0)), "{settings}");
    assert_eq!(browser.find("#f-half_life").await.property("value").await, json!("90"));

    // Someone saves through the API while the form is open: the form's save is refused.
    let mut changed = settings.clone();
    changed["grace_days"] = json!(7);
    net.owner.api.put(&net.path("/trust-settings"), changed, None).await.json_ok(StatusCode::OK).await;
    browser.fill("#f-warnings-streak", "4").await;
    browser.follow("#trust-settings button[type=submit]").await;
    assert!(browser.text("#error-summary").await.contains("Someone else changed"));
    let settings = net.owner.api.read(&net.path("/trust-settings")).await;
    assert_eq!((settings["grace_days"].clone(), settings["warnings"]["streak"].clone()), (json!(7), json!(5)));

    let coordinator = app.person(&net, "coordinator", &[]).await;
    let page = coordinator.api.get(&format!("/w/{}/settings/trust", net.ws)).await;
    assert_eq!(page.status(), StatusCode::FORBIDDEN, "only owners change the trust model");
    let settings_page = coordinator.api.get(&format!("/w/{}/settings", net.ws)).await.text().await.unwrap();
    assert!(!settings_page.contains("/settings/trust"), "nor are they offered the page");
}

on_both_backends!(a_workspace_lives_by_its_own_clock);

/// At 23:30 UTC a workspace in Auckland is already in tomorrow and one in Los Angeles still in
/// today's afternoon: the owner picks the zone in the settings (a wrong name is named beside the
/// field, nothing changes), forms start on the workspace's today, moments are shown on its clocks
/// with the zone named, and "today" moves on with the clock.
async fn a_workspace_lives_by_its_own_clock(backend: Backend) {
    let clock = TestClock::frozen();
    let start = clock.now();
    let late = start.date_naive().and_hms_opt(23, 30, 0).unwrap().and_utc();
    clock.advance(late - start + chrono::Duration::seconds(1));
    let utc_day = late.date_naive();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let net = app.network().await;
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;
    let new_checkin = app.url(&format!("/w/{}/partnerships/{}/checkins/new", net.ws, net.partnership));
    async fn held_on(browser: &Browser, page: &str) -> serde_json::Value {
        browser.goto(page).await;
        browser.find("#f-held_on").await.property("value").await
    }
    assert_eq!(held_on(&browser, &new_checkin).await, json!(utc_day.to_string()), "a new workspace lives by UTC");

    browser.goto(&app.url(&format!("/w/{}/settings", net.ws))).await;
    browser.fill("#f-time_zone", "Mars/Olympus").await;
    browser.follow("form[action$='/settings/name'] button[type=submit]").await;
    assert!(browser.text("#f-time_zone-error").await.contains("not a time zone"));
    assert_eq!(browser.find("#f-time_zone").await.property("value").await, json!("Mars/Olympus"), "the input is kept");
    assert_eq!(net.owner.api.read(&format!("/api/v1/workspaces/{}", net.ws)).await["time_zone"], "UTC");
    browser.fill("#f-time_zone", "Pacific/Auckland").await;
    browser.follow("form[action$='/settings/name'] button[type=submit]").await;
    assert!(browser.text(".notice").await.contains("time zone saved"));
    assert_eq!(net.owner.api.read(&format!("/api/v1/workspaces/{}", net.ws)).await["time_zone"], "Pacific/Auckland");
    assert_eq!(
        held_on(&browser, &new_checkin).await,
        json!(utc_day.succ_opt().unwrap().to_string()),
        "Auckland is in tomorrow"
    );
    // The network computation queued when the workspace was made, at 23:30 UTC.
    browser.goto(&app.url(&format!("/w/{}/webhooks", net.ws))).await;
    let jobs = browser.text("#jobs").await;
    assert!(jobs.contains(", 12:30 Pacific/Auckland"), "moments are shown on the workspace's clocks: {jobs}");

    let path = format!("/api/v1/workspaces/{}", net.ws);
    let refused = net.owner.api.patch(&path, json!({"time_zone": "Nowhere/Special"})).await;
    assert_eq!(fields(&refused.problem(StatusCode::UNPROCESSABLE_ENTITY).await), ["time_zone"]);
    // A struct's fields as an array are not a change (schemathesis sent `[null, null]`).
    let refused = net.owner.api.patch(&path, json!([null, null])).await;
    refused.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    let changed =
        net.owner.api.patch(&path, json!({"time_zone": "America/Los_Angeles"})).await.json_ok(StatusCode::OK).await;
    assert_eq!(changed["time_zone"], "America/Los_Angeles");
    assert_eq!(changed["name"], "Eastside Learning Network", "what is absent stays");
    assert_eq!(
        held_on(&browser, &new_checkin).await,
        json!(utc_day.to_string()),
        "Los Angeles is still in the afternoon"
    );
    clock.advance(chrono::Duration::hours(9));
    assert_eq!(
        held_on(&browser, &new_checkin).await,
        json!(utc_day.succ_opt().unwrap().to_string()),
        "and its today moves on with the clock"
    );

    let coordinator = app.person(&net, "coordinator", &[]).await;
    let refused = coordinator.api.patch(&path, json!({"time_zone": "Europe/London"})).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "only owners change the time zone");
}
