//! Issue 22, "history entered as it happened", in a real browser: a promise made earlier is
//! entered with what became of it, and the page asks for that before anything is stored.

use chrono::Duration;
use serde_json::json;

use crate::browser::sign_in;
use crate::on_both_backends;
use crate::support::*;
use crate::webdriver::Browser;

on_both_backends!(a_promise_made_earlier_is_entered_with_what_happened);

async fn a_promise_made_earlier_is_entered_with_what_happened(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let today = app.store.today();
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;
    let commitments = net.path(&format!("/partnerships/{}/commitments", net.partnership));

    browser.goto(&app.url(&format!("/w/{}/partnerships/{}/commitments/new", net.ws, net.partnership))).await;
    assert!(
        browser.find("details.earlier").await.property("open").await == json!(false),
        "the section for earlier promises stays out of the way of today's"
    );
    browser.fill("#f-description", "Send the volunteer rota").await;
    browser.select("#f-promisor_organization_id", &net.library.to_string()).await;
    browser.set_value("#f-due_on", &(today - Duration::days(30)).to_string()).await;
    browser.follow(".actions button[type=submit]").await;
    let error = browser.find("#f-outcome-error").await.text().await;
    assert!(error.contains("say what happened"), "the missing outcome is named beside the choice: {error}");
    assert_eq!(browser.find("details.earlier").await.property("open").await, json!(true), "opened on the problem");
    let stored = net.owner.api.read(&commitments).await;
    assert!(stored["items"].as_array().unwrap().is_empty(), "nothing stored: {stored}");

    browser.set_value("#f-made_on", &(today - Duration::days(60)).to_string()).await;
    browser.click("input[name=outcome][value=kept]").await;
    browser.set_value("#f-outcome_on", &(today - Duration::days(32)).to_string()).await;
    // Looked at on a laptop and a phone (target/screenshots).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    browser.set_window_size(1280, 900).await;
    browser.screenshot(&dir.join("commitment-made-earlier-desktop.png")).await;
    browser.set_window_size(390, 844).await;
    browser.screenshot_screens(&dir, "commitment-made-earlier-phone").await;
    assert_eq!(browser.horizontal_overflow().await, 0, "nothing runs off a phone's screen");
    browser.set_window_size(1280, 900).await;
    browser.follow(".actions button[type=submit]").await;
    assert!(browser.text(".notice").await.contains("Commitment recorded"), "{}", browser.text("main").await);
    let closed = browser.text("#closed + ul").await;
    assert!(
        closed.contains("Send the volunteer rota") && closed.contains("on time"),
        "kept before it was due: {closed}"
    );
    let stored = net.owner.api.read(&commitments).await;
    let item = &stored["items"][0];
    assert_eq!(item["status"], "done");
    assert_eq!(item["made_on"], json!(today - Duration::days(60)));
    assert_eq!(item["done_on"], json!(today - Duration::days(32)));
}
