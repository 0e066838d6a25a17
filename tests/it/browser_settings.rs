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
