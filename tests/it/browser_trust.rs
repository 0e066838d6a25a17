//! The trust pages in a real browser: a coordinator opens the dashboard, follows a warning to
//! the records behind it, and acknowledges it.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

use crate::browser::sign_in;
use crate::on_both_backends;
use crate::support::*;
use crate::webdriver::Browser;

on_both_backends!(a_coordinator_follows_a_warning_to_its_records);

async fn a_coordinator_follows_a_warning_to_its_records(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    // The library missed a promise due 40 days ago.
    let due = (app.store.today() - Duration::days(40)).to_string();
    let made = (app.store.today() - Duration::days(60)).to_string();
    let body = json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": "Lend the projector for family night", "due_on": due,
                      "made_on": made, "outcome": {"kind": "not_kept"}});
    net.owner
        .api
        .post(&net.path(&format!("/partnerships/{}/commitments", net.partnership)), body)
        .await
        .json_ok(StatusCode::CREATED)
        .await;

    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;
    browser.follow("nav.main-nav a[href$='/dashboard']").await;
    assert_eq!(browser.text("h1").await, "Partnership health");
    let row = browser.text(".dashboard-table tbody tr").await;
    assert!(
        row.contains("Reading Buddies") && row.contains("Commitments overdue"),
        "the dashboard shows the partnership and its warning: {row}"
    );
    assert!(!browser.find_all(".dashboard-table svg.sparkline").await.is_empty(), "each row draws its trend");

    // Follow the warning from the dashboard to the inbox, then to the record behind it.
    browser.follow(".dashboard-table .chip-list a").await;
    let card = browser.find(".warning-card").await.text().await;
    assert!(card.contains("Commitments overdue") && card.contains("Eastside Library"), "{card}");
    assert!(card.contains("Next step:"), "a warning suggests what to do: {card}");
    browser.follow(".warning-card .records-behind a").await;
    assert_eq!(
        browser.text("h1").await,
        "Lend the projector for family night",
        "the record behind the warning is the missed commitment"
    );

    // Acknowledge it: a reason is required, then it leaves the inbox.
    browser.follow("nav.main-nav a[href$='/dashboard']").await;
    browser.follow(".page-head a[href$='/warnings']").await;
    browser.follow(".warning-card a.strong").await;
    browser.follow("form[action$='/acknowledge'] button[type=submit]").await;
    let error = browser.find(".field.invalid").await.text().await;
    assert!(
        error.to_lowercase().contains("say what is being done"),
        "the missing reason is named beside its field: {error}"
    );
    browser
        .fill("form[action$='/acknowledge'] textarea[name=reason]", "Raised with the library at Tuesday's check-in")
        .await;
    browser.follow("form[action$='/acknowledge'] button[type=submit]").await;
    assert!(browser.find(".notice").await.text().await.contains("Warning acknowledged"));
    assert!(browser.find_all(".warning-card").await.is_empty(), "the inbox is empty once the warning is acknowledged");

    // The partnership page carries the trust panel with the library's reliability.
    browser.goto(&app.url(&format!("/w/{}/partnerships/{}", net.ws, net.partnership))).await;
    let panel = browser.find("#trust").await.text().await;
    assert!(panel.to_lowercase().contains("health index") && panel.contains("Eastside Library"), "{panel}");
    assert!(
        !browser.find_all("#trust svg.trend-chart").await.is_empty(),
        "the trust panel draws the twelve-month trend"
    );
}

on_both_backends!(the_network_map_filters_and_leads_to_organisations);

async fn the_network_map_filters_and_leads_to_organisations(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let museum = net
        .owner
        .api
        .post(&net.path("/organizations"), json!({"name": "City Museum", "kind": "nonprofit"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;
    browser.follow("nav.main-nav a[href$='/network']").await;
    assert_eq!(browser.text("h1").await, "The network");
    assert_eq!(browser.find_all(".network-map a.node").await.len(), 3, "three organisations on the map");
    assert_eq!(browser.find_all(".network-map line.tie").await.len(), 1, "one partnership between two of them");
    let isolated = browser.find("section[aria-labelledby=isolates-h]").await.text().await;
    assert!(isolated.contains("City Museum"), "the museum has no tie yet: {isolated}");

    // Filtering to schools redraws the map and its measures.
    browser.select("#f-organization_kind", "school").await;
    browser.follow(".filters button[type=submit]").await;
    browser.find(".measures").await;
    assert_eq!(browser.find_all(".network-map a.node").await.len(), 1);
    let measures = browser.find(".measures").await.text().await;
    assert!(measures.contains("Organisations\n1") || measures.contains("Organisations 1"), "{measures}");

    // A node leads to its organisation.
    browser.follow(".network-map a.node").await;
    browser.find("h1").await;
    assert_eq!(browser.text("h1").await, "Lincoln Elementary");
    let _ = museum;
}
