//! The web UI in a real (headless) browser: what a person sees and does.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::*;
use crate::webdriver::Browser;

on_both_backends!(
    a_coordinator_keeps_a_promise_through_the_pages,
    form_errors_show_beside_their_fields,
    pages_fit_a_phone
);

/// Signs in through the login form and lands on the workspace home.
pub async fn sign_in(browser: &Browser, app: &TestApp, email: &str) {
    browser.goto(&app.url("/login")).await;
    browser.fill("#f-email", email).await;
    browser.fill("#f-password", PASSWORD).await;
    browser.follow(".actions button[type=submit]").await;
    browser.find("h1").await;
    assert!(
        browser.text("h1").await.starts_with("Hello"),
        "after signing in the home page greets: {}",
        browser.text("main").await
    );
}

async fn a_coordinator_keeps_a_promise_through_the_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;

    // A new partnership of the two organisations.
    browser.follow("nav.main-nav a[href$='/partnerships']").await;
    browser.follow("a[href$='/partnerships/new']").await;
    browser.fill("#f-name", "Family Science Nights").await;
    browser.select("#f-members-0--organization_id", &net.school.to_string()).await;
    browser.fill("#f-members-0--role", "host site").await;
    browser.select("#f-members-1--organization_id", &net.library.to_string()).await;
    browser.fill("#f-members-1--role", "lead").await;
    browser.fill("#f-vision", "Every family explores science together once a month.").await;
    browser.follow(".actions button[type=submit]").await;
    assert_eq!(browser.text("h1").await, "Family Science Nights");
    let members = browser.text("section[aria-labelledby=members-h]").await;
    assert!(members.contains("Lincoln Elementary") && members.contains("host site"), "{members}");
    assert!(members.contains("Eastside Library") && members.contains("lead"), "{members}");
    let partnership_url = browser.current_url().await;

    // A goal.
    browser.follow("a[href$='/goals/new']").await;
    browser.fill("#f-statement", "Forty families attend each science night").await;
    browser.fill("#f-metric", "Families attending").await;
    browser.fill("#f-unit", "families").await;
    browser.fill("#f-baseline", "10").await;
    browser.fill("#f-target", "40").await;
    browser.fill("#f-current", "25").await;
    browser.follow(".actions button[type=submit]").await;
    assert_eq!(browser.text("h1").await, "Forty families attend each science night");
    assert!(browser.text(".notice").await.contains("Goal added"));
    browser.goto(&partnership_url).await;
    let goals = browser.text("#goals").await;
    assert!(goals.contains("Forty families attend each science night") && goals.contains("50 % of the way"), "{goals}");

    // A commitment, due in ten days.
    browser.follow("a[href$='/commitments/new']").await;
    browser.fill("#f-description", "Bring the telescope kits").await;
    browser.select("#f-promisor_organization_id", &net.library.to_string()).await;
    browser.select("#f-promisee_organization_id", &net.school.to_string()).await;
    let due = app.store.today() + Duration::days(10);
    browser.set_value("#f-due_on", &due.to_string()).await;
    browser.follow(".actions button[type=submit]").await;
    assert!(browser.text(".notice").await.contains("Commitment recorded"));
    let open = browser.text("#open + ul").await;
    assert!(open.contains("Bring the telescope kits") && open.contains("due in 10 days"), "{open}");
    assert!(open.contains("Eastside Library") && open.contains("Lincoln Elementary"), "{open}");

    // Kept: marked done from the list, after saying yes.
    browser.follow(".commitment button[data-action=done]").await;
    assert_eq!(browser.text("h1").await, "Mark this commitment done?");
    browser.follow("main form button[type=submit]").await;
    assert!(browser.text(".notice").await.contains("Commitment marked done"));
    let closed = browser.text("#closed + ul").await;
    assert!(closed.contains("Bring the telescope kits"), "{closed}");
    assert!(closed.contains("Done") && closed.contains("on time"), "the commitment shows as done on time: {closed}");
    assert!(browser.find_all("#open").await.is_empty(), "nothing is left open");
    assert!(
        browser.find_all(".commitment button[data-action=done]").await.is_empty(),
        "a done commitment offers no 'Mark done'"
    );
}

async fn form_errors_show_beside_their_fields(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let browser = Browser::start().await;

    browser.goto(&app.url("/login")).await;
    browser.fill("#f-email", &net.owner.email).await;
    browser.fill("#f-password", "not the password").await;
    browser.follow(".actions button[type=submit]").await;
    let error = browser.find("#f-password-error").await.text().await;
    assert!(error.contains("not right"), "the wrong password is called out beside the password: {error}");
    assert_eq!(
        browser.find("#f-email").await.property("value").await,
        json!(net.owner.email),
        "the e-mail typed is kept"
    );
    assert_eq!(browser.find("#f-password").await.attribute("aria-invalid").await.as_deref(), Some("true"));

    sign_in(&browser, &app, &net.owner.email).await;
    browser.goto(&app.url(&format!("/w/{}/organizations/new", net.ws))).await;
    browser.fill("#f-website", "library.example").await;
    browser.follow(".actions button[type=submit]").await;
    let name_error = browser.find(".field.invalid #f-name-error").await.text().await;
    assert!(name_error.contains("Is required"), "{name_error}");
    let website_error = browser.find(".field.invalid #f-website-error").await.text().await;
    assert!(website_error.contains("https://"), "{website_error}");
    assert_eq!(browser.find("#f-website").await.property("value").await, json!("library.example"), "the input is kept");
    let summary = browser.text(".error-summary").await;
    assert!(summary.contains("Name: is required"), "the summary names the field: {summary}");
    // The summary's link leads to the field.
    assert_eq!(browser.find(".error-summary a").await.attribute("href").await.as_deref(), Some("#f-name"));

    // A commitment after its partners' own rule: nobody promises to themselves.
    browser.goto(&app.url(&format!("/w/{}/partnerships/{}/commitments/new", net.ws, net.partnership))).await;
    browser.fill("#f-description", "Lend the hall").await;
    browser.select("#f-promisor_organization_id", &net.school.to_string()).await;
    browser.select("#f-promisee_organization_id", &net.school.to_string()).await;
    browser.follow(".actions button[type=submit]").await;
    let promisee_error = browser.find("#f-promisee_organization_id-error").await.text().await;
    assert!(promisee_error.contains("cannot promise to itself"), "{promisee_error}");
    let due_error = browser.find("#f-due_on-error").await.text().await;
    assert!(due_error.contains("pick a date"), "every problem is shown at once: {due_error}");
    assert_eq!(browser.find("#f-description").await.property("value").await, json!("Lend the hall"));
}

/// Fills the network's partnership with a goal, commitments in every state and a check-in.
pub async fn fill_partnership(app: &TestApp, net: &Network) {
    let api = &net.owner.api;
    let today = app.store.today();
    let day = |offset: i64| (today + Duration::days(offset)).to_string();
    let p = net.partnership;
    let goal = api
        .post(
            &net.path(&format!("/partnerships/{p}/goals")),
            json!({"statement": "Every 3rd grader reads 20 minutes a day with a buddy", "metric": "Pupils reading daily", "unit": "%",
                   "baseline": 35.0, "target": 90.0, "current": 62.0, "owner_organization_id": net.library, "due_on": day(120),
                   "relevance": "Reading together is the heart of the shared vision."}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let goal = id_of(&goal);
    api.post(
        &net.path(&format!("/goals/{goal}/updates")),
        json!({"confidence": "at_risk", "current": 62.0, "comment": "Two buddies moved away; recruiting."}),
    )
    .await
    .json_ok(StatusCode::CREATED)
    .await;
    for (title, due, met) in
        [("Buddy pairs matched", day(-30), Some(day(-32))), ("First family reading night", day(12), None)]
    {
        api.post(
            &net.path(&format!("/goals/{goal}/milestones")),
            json!({"title": title, "due_on": due, "met_on": met}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    }
    // Promises already due are recorded with what became of them (issue 22).
    let commit = |description: &str, from: uuid::Uuid, to: Option<uuid::Uuid>, due: String| {
        let mut body = json!({"promisor_organization_id": from, "promisee_organization_id": to, "description": description, "due_on": due});
        if due < today.to_string() {
            body["made_on"] = json!(day(-20));
            body["outcome"] = json!({"kind": "not_kept"});
        }
        let path = net.path(&format!("/partnerships/{p}/commitments"));
        async move { id_of(&api.post(&path, body).await.json_ok(StatusCode::CREATED).await) }
    };
    commit(
        "Send the reading logs for October, with a note on each child's progress",
        net.school,
        Some(net.library),
        day(-6),
    )
    .await;
    commit("Book the community room for the family reading night", net.library, None, day(3)).await;
    commit("Share the volunteer rota", net.library, Some(net.school), day(21)).await;
    let bookmarks = json!({"promisor_organization_id": net.school, "description": "Print 200 bookmarks", "due_on": day(-2),
                           "made_on": day(-20), "outcome": {"kind": "kept", "on": day(-3)}});
    api.post(&net.path(&format!("/partnerships/{p}/commitments")), bookmarks).await.json_ok(StatusCode::CREATED).await;
    let cancelled = commit("Author visit in November", net.library, None, day(30)).await;
    api.post(
        &net.path(&format!("/commitments/{cancelled}/cancel")),
        json!({"reason": "The author cancelled her tour; both sides agreed."}),
    )
    .await
    .json_ok(StatusCode::OK)
    .await;
    api.post(
        &net.path(&format!("/partnerships/{p}/checkins")),
        json!({"held_on": day(-9), "agenda": "Autumn term review", "notes": "Attendance at buddy sessions is up.\nWe need more Thursday volunteers.",
               "decisions": "Move the reading night to the library's larger room.", "attendee_organization_ids": [net.school, net.library],
               "action_items": [{"promisor_organization_id": net.library, "description": "Recruit four Thursday volunteers", "due_on": day(14)}]}),
    )
    .await
    .json_ok(StatusCode::CREATED)
    .await;
    api.post(&net.path(&format!("/organizations/{}/contacts", net.school)), json!({"name": "Ana Ruiz", "role": "Family liaison", "email": "ana@lincoln.example", "last_contacted_on": day(-40), "follow_up_days": 30}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
}

async fn pages_fit_a_phone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    fill_partnership(&app, &net).await;
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;
    browser.set_window_size(390, 844).await;
    let (width, _) = browser.viewport().await;
    assert!(width <= 390, "the window is phone-sized ({width} px)");
    let ws = net.ws;
    let pages = [
        format!("/w/{ws}/partnerships/{}", net.partnership),
        format!("/w/{ws}"),
        format!("/w/{ws}/partnerships"),
        format!("/w/{ws}/organizations"),
        format!("/w/{ws}/organizations/{}", net.school),
        format!("/w/{ws}/partnerships/{}/checkins/new", net.partnership),
        format!("/w/{ws}/partnerships/new"),
        format!("/w/{ws}/settings"),
        format!("/w/{ws}/network"),
        format!("/w/{ws}/dashboard"),
    ];
    for page in pages {
        browser.goto(&app.url(&page)).await;
        browser.find("h1").await;
        let overflow = browser.horizontal_overflow().await;
        assert!(overflow <= 0, "{page} is {overflow} px wider than a 390 px phone");
    }
    // The navigation stays reachable without scrolling sideways or any script.
    browser.goto(&app.url(&format!("/w/{ws}/partnerships/{}", net.partnership))).await;
    let nav = browser
        .execute(
            "const r = document.querySelector('.main-nav').getBoundingClientRect(); return [r.left, r.right];",
            vec![],
        )
        .await;
    assert!(
        nav[0].as_f64().unwrap_or(-1.0) >= 0.0 && nav[1].as_f64().unwrap_or(1e9) <= 390.0,
        "the main navigation fits the screen: {nav}"
    );
}

/// Saves a screenshot of every page, at desktop and phone sizes, into target/screenshots/ for
/// people to look at. `cargo test --test it browser::screenshots -- --ignored`
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes screenshots for review; run on demand"]
async fn screenshots() {
    install_tls_provider();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let net = app.network().await;
    fill_partnership(&app, &net).await;
    let api = &net.owner.api;
    let ws = net.ws;
    // A few more organisations and partnerships, so lists look like lists.
    for (name, kind) in [
        ("Riverside Family Centre", "family_group"),
        ("Eastside Community College", "higher_education"),
        ("Green Street Bakery", "business"),
    ] {
        api.post(&net.path("/organizations"), json!({"name": name, "kind": kind, "focus_areas": ["literacy", "family engagement"], "website": "https://example.org"}))
            .await
            .json_ok(StatusCode::CREATED)
            .await;
    }
    let college = api.get(&net.path("/organizations")).await.json_ok(StatusCode::OK).await;
    let college = college["items"]
        .as_array()
        .and_then(|items| items.iter().find(|o| o["name"] == "Eastside Community College"))
        .map(id_of)
        .expect("the college");
    api.post(
        &net.path("/partnerships"),
        json!({"name": "Math Mentors", "kind": "higher_ed_k12", "status": "forming", "cadence": "fortnightly",
               "members": [{"organization_id": college, "role": "mentors"}, {"organization_id": net.school, "role": "host"}]}),
    )
    .await
    .json_ok(StatusCode::CREATED)
    .await;
    let hook = json!({"url": "https://hooks.slack.example/services/T024/B0LA/Eastside", "format": "slack", "events": ["commitment.missed", "warning.raised", "kudos.given"]});
    api.post(&net.path("/webhooks"), hook).await.json_ok(StatusCode::CREATED).await;
    let kudos = json!({"partnership_id": net.partnership, "to_organization_id": net.library, "message": "Thank you for the Saturday opening"});
    api.post(&net.path("/kudos"), kudos).await.json_ok(StatusCode::CREATED).await;
    let invitation = api
        .post(
            &net.path("/invitations"),
            json!({"email": "new.partner@example.org", "role": "member", "organization_id": net.library}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let goals =
        api.get(&net.path(&format!("/partnerships/{}/goals", net.partnership))).await.json_ok(StatusCode::OK).await;
    let goal = id_of(&goals["items"][0]);
    let commitments = api
        .get(&net.path(&format!("/partnerships/{}/commitments", net.partnership)))
        .await
        .json_ok(StatusCode::OK)
        .await;
    let commitment = commitments["items"]
        .as_array()
        .and_then(|items| items.iter().find(|c| c["status"] == "due_soon"))
        .map(id_of)
        .expect("a commitment due soon");
    let checkins =
        api.get(&net.path(&format!("/partnerships/{}/checkins", net.partnership))).await.json_ok(StatusCode::OK).await;
    let checkin = id_of(&checkins["items"][0]);

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    let browser = Browser::start().await;
    let shoot = |name: &'static str| {
        let dir = dir.clone();
        let browser = &browser;
        async move {
            browser.set_window_size(1280, 900).await;
            browser.screenshot(&dir.join(format!("{name}-desktop.png"))).await;
            browser.set_window_size(390, 844).await;
            browser.screenshot_screens(&dir, &format!("{name}-phone")).await;
        }
    };
    browser.goto(&app.url("/login")).await;
    shoot("login").await;
    browser.goto(invitation["url"].as_str().unwrap_or_default()).await;
    shoot("invite").await;
    browser.goto(&app.url("/nowhere")).await;
    shoot("not-found").await;
    browser.set_window_size(1280, 900).await;
    sign_in(&browser, &app, &net.owner.email).await;
    let pages: Vec<(&'static str, String)> = vec![
        ("home", format!("/w/{ws}")),
        ("partnerships", format!("/w/{ws}/partnerships")),
        ("partnership", format!("/w/{ws}/partnerships/{}", net.partnership)),
        ("partnership-edit", format!("/w/{ws}/partnerships/{}/edit", net.partnership)),
        ("partnership-new", format!("/w/{ws}/partnerships/new")),
        ("vision", format!("/w/{ws}/partnerships/{}/vision", net.partnership)),
        ("goal", format!("/w/{ws}/goals/{goal}")),
        ("goal-new", format!("/w/{ws}/partnerships/{}/goals/new", net.partnership)),
        ("milestone-new", format!("/w/{ws}/goals/{goal}/milestones/new")),
        ("commitment", format!("/w/{ws}/commitments/{commitment}")),
        ("commitment-new", format!("/w/{ws}/partnerships/{}/commitments/new", net.partnership)),
        ("checkin", format!("/w/{ws}/checkins/{checkin}")),
        ("checkin-new", format!("/w/{ws}/partnerships/{}/checkins/new", net.partnership)),
        ("organizations", format!("/w/{ws}/organizations")),
        ("organization", format!("/w/{ws}/organizations/{}", net.school)),
        ("organization-edit", format!("/w/{ws}/organizations/{}/edit", net.school)),
        ("contact-new", format!("/w/{ws}/organizations/{}/contacts/new", net.school)),
        ("settings", format!("/w/{ws}/settings")),
        ("member", format!("/w/{ws}/settings/members/{}", net.owner.id)),
        ("webhooks", format!("/w/{ws}/webhooks")),
        ("workspace-new", "/workspaces/new".to_owned()),
    ];
    for (name, path) in pages {
        browser.goto(&app.url(&path)).await;
        browser.find("h1").await;
        shoot(name).await;
    }
    // A form with errors, and the user menu open.
    browser.set_window_size(1280, 900).await;
    browser.goto(&app.url(&format!("/w/{ws}/partnerships/{}/commitments/new", net.partnership))).await;
    browser.follow(".actions button[type=submit]").await;
    browser.find(".error-summary").await;
    shoot("commitment-errors").await;
    browser.goto(&app.url(&format!("/w/{ws}"))).await;
    browser.click(".user-menu summary").await;
    shoot("user-menu").await;

    // A partner liaison's home: their organisation's promises first.
    let liaison = app.sign_up("lena@library.example", "Lena Liaison").await;
    app.join(&net, &liaison, "member", &[net.library]).await;
    let concern = json!({"partnership_id": net.partnership, "organization_id": net.library, "title": "Book deliveries arrive after the reading hour",
                         "description": "Twice this month the books came after the children had gone.", "severity": "medium", "visibility": "shared"});
    api.post(&net.path("/concerns"), concern).await.json_ok(StatusCode::CREATED).await;
    browser.set_window_size(1280, 900).await;
    browser.follow(".user-menu form button").await;
    sign_in(&browser, &app, &liaison.email).await;
    shoot("home-member").await;
}
