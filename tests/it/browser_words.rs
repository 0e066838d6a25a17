//! Issue 22 item 5: every field has one human label, used beside it and in the error summary;
//! the trust figures speak a coordinator's words, with the numbers one click away. And item 6's
//! small things: only the buttons a role may use, concerns and contributions in the navigation,
//! the import page's breadcrumb. In a real browser.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::browser::sign_in;
use crate::on_both_backends;
use crate::support::*;
use crate::webdriver::Browser;

on_both_backends!(
    the_error_summary_names_fields_as_the_form_does,
    reliability_is_told_in_words,
    each_role_sees_what_it_may_do_and_finds_its_way,
    a_form_shows_every_error_and_leads_back
);

/// Each line of the page's error summary, with the label or legend of the field it links to.
async fn summary_and_labels(browser: &Browser) -> Vec<(String, Option<String>)> {
    let script = "return Array.from(document.querySelectorAll('#error-summary li a')).map(a => {
        const id = a.getAttribute('href').slice(1);
        const field = document.getElementById(id);
        const label = document.querySelector('label[for=\"' + id + '\"]')
            || (field && field.tagName === 'FIELDSET' ? field.querySelector('legend') : null);
        return [a.textContent.trim(), label ? label.textContent.trim() : null];
    });";
    let found: Value = browser.execute(script, vec![]).await;
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| (pair[0].as_str().unwrap().to_owned(), pair[1].as_str().map(str::to_owned)))
        .collect()
}

async fn assert_summary_matches_labels(browser: &Browser, page: &str) -> Vec<String> {
    let lines = summary_and_labels(browser).await;
    assert!(!lines.is_empty(), "{page}: the empty form shows an error summary: {}", browser.text("main").await);
    for (line, label) in &lines {
        let label = label.as_deref().unwrap_or_else(|| panic!("{page}: '{line}' links to a field with no label"));
        assert!(line.starts_with(&format!("{label}: ")), "{page}: the summary says '{line}', the field says '{label}'");
        assert!(!line.contains(" id:") && !line.contains("_"), "{page}: '{line}' reads like code");
    }
    lines.into_iter().map(|(line, _)| line).collect()
}

async fn the_error_summary_names_fields_as_the_form_does(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;
    let ws = net.ws;
    let p = net.partnership;

    browser.goto(&app.url(&format!("/w/{ws}/partnerships/{p}/concerns/new"))).await;
    browser.follow(".actions button[type=submit]").await;
    let lines = assert_summary_matches_labels(&browser, "concern").await;
    assert!(lines.iter().any(|l| l.starts_with("In a few words: ")), "{lines:?}");
    assert!(lines.iter().all(|l| !l.starts_with("Milestone") && !l.starts_with("What is promised")), "{lines:?}");

    browser.goto(&app.url(&format!("/w/{ws}/partnerships/{p}/retrospectives/new"))).await;
    browser.follow(".actions button[type=submit]").await;
    let lines = assert_summary_matches_labels(&browser, "retrospective").await;
    assert!(lines.iter().any(|l| l.starts_with("Title: ")), "{lines:?}");

    browser.goto(&app.url(&format!("/w/{ws}/kudos/new"))).await;
    browser.follow(".actions button[type=submit]").await;
    assert_summary_matches_labels(&browser, "kudos").await;

    browser.goto(&app.url(&format!("/w/{ws}/partnerships/{p}/commitments/new"))).await;
    browser.follow(".actions button[type=submit]").await;
    let lines = assert_summary_matches_labels(&browser, "commitment").await;
    assert!(lines.iter().any(|l| l.starts_with("What is promised: ")), "{lines:?}");
}

async fn reliability_is_told_in_words(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    // One promise kept today: too early to say, and the numbers behind it are one click away.
    let id = id_of(
        &api.post(
            &net.path(&format!("/partnerships/{}/commitments", net.partnership)),
            json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school,
                   "description": "Lend 30 books", "due_on": day(today(), 5)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await,
    );
    api.post(&net.path(&format!("/commitments/{id}/done")), json!({})).await.json_ok(StatusCode::OK).await;
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;
    browser.goto(&app.url(&format!("/w/{}/organizations/{}/reliability", net.ws, net.library))).await;
    let overall = browser.text("section[aria-labelledby=overall-h]").await;
    assert!(overall.contains("Too early to say"), "{overall}");
    assert!(overall.contains("worth about 1 kept and none not kept"), "{overall}");
    assert!(
        !overall.contains("units of evidence") && !overall.contains("r = "),
        "numbers wait behind a click: {overall}"
    );
    browser.click("section[aria-labelledby=overall-h] details summary").await;
    let numbers = browser.text("section[aria-labelledby=overall-h] details").await;
    assert!(numbers.contains("kept r = 1.00") && numbers.contains("not kept s = 0.00"), "{numbers}");
    // Table headings are shown in capitals.
    let records = browser.text("section[aria-labelledby=records-h]").await.to_lowercase();
    assert!(records.contains("counts now") && records.contains("100%"), "{records}");
    assert!(!records.contains("weight now"), "{records}");
}

async fn each_role_sees_what_it_may_do_and_finds_its_way(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    // A milestone met today: a win to celebrate, with a "Send kudos" for those who may send them.
    let goal = id_of(
        &api.post(
            &net.path(&format!("/partnerships/{}/goals", net.partnership)),
            json!({"statement": "Every child reads 20 minutes a day"}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await,
    );
    api.post(
        &net.path(&format!("/goals/{goal}/milestones")),
        json!({"title": "Reading corner opened", "due_on": day(today(), 3), "met_on": day(today(), 0)}),
    )
    .await
    .json_ok(StatusCode::CREATED)
    .await;
    let warnings = app.url(&format!("/w/{}/warnings", net.ws));
    let kudos_buttons = "main a[href*='/kudos/new']";

    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;
    browser.goto(&warnings).await;
    assert!(!browser.find_all(kudos_buttons).await.is_empty(), "the owner can thank: {}", browser.text("main").await);
    // The import page leads back to the list of what it imports.
    browser.goto(&app.url(&format!("/w/{}/import?kind=partnerships", net.ws))).await;
    assert_eq!(browser.text("nav.crumbs").await, "Partnerships");
    browser.goto(&app.url(&format!("/w/{}/import?kind=contacts", net.ws))).await;
    assert_eq!(browser.text("nav.crumbs").await, "Organisations");
    drop(browser);

    let funder = app.person(&net, "observer", &[]).await;
    let browser = Browser::start().await;
    sign_in(&browser, &app, &funder.email).await;
    browser.goto(&warnings).await;
    assert!(browser.text("main").await.contains("Reading corner opened"), "{}", browser.text("main").await);
    assert!(browser.find_all(kudos_buttons).await.is_empty(), "an observer is offered no kudos button that refuses");
    // Concerns from the main navigation; contributions from the partnership's own navigation.
    browser.follow("nav.main-nav a[href$='/concerns']").await;
    assert_eq!(browser.text("h1").await, "Concerns");
    assert!(browser.find_all("nav.main-nav a[href$='/concerns'][aria-current=page]").await.len() == 1);
    browser.goto(&app.url(&format!("/w/{}/partnerships/{}", net.ws, net.partnership))).await;
    browser.follow("nav.jump a[href$='/contributions']").await;
    assert!(browser.current_url().await.ends_with("/contributions"));
    assert_eq!(browser.text("h1").await, "Reading Buddies");
}

async fn a_form_shows_every_error_and_leads_back(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let contact = id_of(
        &net.owner
            .api
            .post(&net.path(&format!("/organizations/{}/contacts", net.library)), json!({"name": "Maya Lopez"}))
            .await
            .json_ok(StatusCode::CREATED)
            .await,
    );
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;

    // A check-in dated tomorrow with a half-filled action item: both errors at once.
    browser.goto(&app.url(&format!("/w/{}/partnerships/{}/checkins/new", net.ws, net.partnership))).await;
    browser.set_value("#f-held_on", &day(app.store.today(), 1)).await;
    browser.fill("#f-action_items-0--description", "Print the flyer").await;
    browser.follow(".actions button[type=submit]").await;
    let date_error = browser.text("#f-held_on-error").await;
    assert!(
        date_error.contains("future"),
        "the date's error shows with the action item's: {}",
        browser.text("main").await
    );
    assert!(!browser.text("#f-action_items-0--promisor_organization_id-error").await.is_empty());
    assert!(!browser.text("#f-action_items-0--due_on-error").await.is_empty());

    // Logging a contact from a partnership page goes back there.
    let partnership_path = format!("/partnerships/{}", net.partnership);
    browser.goto(&app.url(&format!("/w/{}/contacts/{contact}/log?back={partnership_path}", net.ws))).await;
    browser.fill("#f-note", "Called about the reading night").await;
    browser.follow(".actions button[type=submit]").await;
    let url = browser.current_url().await;
    assert!(url.contains(&format!("/w/{}{partnership_path}?notice=contact_logged", net.ws)), "{url}");
    // Another site is no place to go back to: the organisation's page is.
    browser.goto(&app.url(&format!("/w/{}/contacts/{contact}/log?back=//evil.example/", net.ws))).await;
    browser.fill("#f-note", "Met at the library").await;
    browser.follow(".actions button[type=submit]").await;
    let url = browser.current_url().await;
    assert!(url.contains(&format!("/organizations/{}", net.library)), "{url}");
}
