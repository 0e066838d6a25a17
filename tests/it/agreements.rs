//! Issue 26: partnership agreements through the API (recorded, refused with every bad field
//! named, changed with `If-Match` and their history, archived, listed across the workspace
//! ending soonest first, on the timeline, under the roles' rules) and through the forms in
//! Chromium.

use chrono::Datelike;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::browser::sign_in;
use crate::on_both_backends;
use crate::support::*;
use crate::webdriver::Browser;

fn agreement(net: &Network, title: &str, ends_in: Option<i64>) -> Value {
    json!({
        "kind": "data_sharing",
        "title": title,
        "party_organization_ids": [net.school, net.library],
        "signed_on": day(today(), -300),
        "starts_on": day(today(), -290),
        "ends_on": ends_in.map(|d| day(today(), d)),
        "renewal_notice_days": 45,
        "status": "in_force",
        "document_url": "https://drive.example.org/agreements/attendance.pdf",
    })
}

on_both_backends!(
    agreements_are_recorded_changed_and_listed_with_their_history,
    bad_agreements_name_every_field_and_change_nothing,
    roles_decide_who_reads_and_who_writes_agreements,
    an_agreement_is_recorded_through_the_form
);

async fn agreements_are_recorded_changed_and_listed_with_their_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let list = net.path(&format!("/partnerships/{}/agreements", net.partnership));

    let later =
        api.post(&list, agreement(&net, "Facility use 2026", Some(200))).await.json_ok(StatusCode::CREATED).await;
    let soon = api.post(&list, agreement(&net, "Attendance data", Some(20))).await.json_ok(StatusCode::CREATED).await;
    let open = {
        let mut body = agreement(&net, "Memorandum of understanding", None);
        body["kind"] = json!("memorandum_of_understanding");
        api.post(&list, body).await.json_ok(StatusCode::CREATED).await
    };
    assert_eq!(soon["status"], "in_force");
    assert_eq!(soon["renewal_notice_days"], 45);
    assert_eq!(soon["notice_on"], json!(day(today(), 20 - 45)), "the notice begins 45 days before the end");
    assert_eq!(open["ends_on"], Value::Null);
    assert_eq!(open["notice_on"], Value::Null);

    // Across the workspace, those ending soonest first, open-ended last.
    let all = api.read(&net.path("/agreements")).await;
    let titles: Vec<&str> = all["items"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Attendance data", "Facility use 2026", "Memorandum of understanding"]);

    // A change with the version read: saved, and its history says what changed.
    let path = net.path(&format!("/agreements/{}", id_of(&soon)));
    let read = api.get(&path).await;
    let tag = etag(&read);
    let mut changed = agreement(&net, "Attendance data", Some(20));
    changed["status"] = json!("ended");
    changed["notes"] = json!("Replaced by the district-wide agreement.");
    let saved = api.put(&path, changed.clone(), Some(&tag)).await.json_ok(StatusCode::OK).await;
    assert_eq!((saved["status"].clone(), saved["version"].clone()), (json!("ended"), json!(2)));
    // The same old version again is stale and changes nothing.
    changed["title"] = json!("Overwritten");
    api.put(&path, changed, Some(&tag)).await.problem(StatusCode::PRECONDITION_FAILED).await;
    let detail = api.read(&path).await;
    assert_eq!(detail["title"], "Attendance data");
    let history: Vec<&str> =
        detail["history"].as_array().unwrap().iter().map(|e| e["summary"].as_str().unwrap()).collect();
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history[0].starts_with("recorded the data-sharing agreement"), "{history:?}");
    assert!(history[1].contains("the status") && history[1].contains("in force → ended"), "{history:?}");
    assert!(history[1].contains("the notes"), "{history:?}");

    // On the partnership's timeline.
    let timeline = api.read(&net.path(&format!("/partnerships/{}/timeline?kinds=agreement", net.partnership))).await;
    let entries: Vec<&str> =
        timeline["items"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect();
    assert!(entries.contains(&"Data-sharing agreement signed: Attendance data"), "{entries:?}");
    assert!(entries.contains(&"Data-sharing agreement ended: Attendance data"), "{entries:?}");

    // Archived: gone from the lists, kept with its history.
    let archived = api
        .post(&net.path(&format!("/agreements/{}/archive", id_of(&later))), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert!(archived["archived_at"].is_string());
    assert_eq!(api.ids(&list).await, vec![id_of(&soon), id_of(&open)]);
    assert_eq!(api.ids(&format!("{list}?include_archived=true")).await.len(), 3);
    assert_eq!(api.ids(&net.path("/agreements")).await, vec![id_of(&soon), id_of(&open)]);

    // The pages show them, the document opened in a new tab without the opener.
    let ui = app.ui_sign_in(&net.owner.email).await;
    let page = ui.page(&format!("/w/{}/partnerships/{}", net.ws, net.partnership)).await;
    assert!(page.contains("Attendance data") && page.contains("Memorandum of understanding"), "partnership page");
    assert!(
        page.contains(
            r#"href="https://drive.example.org/agreements/attendance.pdf" target="_blank" rel="noopener noreferrer""#
        ),
        "the document link opens in a new tab"
    );
    let listed = ui.page(&format!("/w/{}/agreements", net.ws)).await;
    let (first, second) =
        (listed.find("Attendance data").unwrap(), listed.find("Memorandum of understanding").unwrap());
    assert!(first < second, "ending soonest first");
}

async fn bad_agreements_name_every_field_and_change_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let outsider = app.organization(&net, "Riverside Bank", "business").await;
    let list = net.path(&format!("/partnerships/{}/agreements", net.partnership));

    let bad = json!({
        "kind": "treaty",
        "title": "",
        "party_organization_ids": [outsider],
        "signed_on": day(today(), 5),
        "starts_on": day(today(), 0),
        "ends_on": day(today(), -10),
        "renewal_notice_days": 5000,
        "status": "in_force",
        "document_url": "javascript:alert(document.cookie)",
    });
    let problem = api.post(&list, bad).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    let mut named = fields(&problem);
    named.sort();
    named.dedup();
    assert_eq!(
        named,
        ["document_url", "ends_on", "kind", "party_organization_ids", "renewal_notice_days", "signed_on", "title"]
    );
    for url in ["file:///etc/passwd", "data:text/html,hi", "ftp://example.org/a.pdf", "https://"] {
        let mut body = agreement(&net, "Links", Some(30));
        body["document_url"] = json!(url);
        let problem = api.post(&list, body).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&problem), ["document_url"], "{url}");
    }
    let mut unknown = agreement(&net, "Unknown field", Some(30));
    unknown["pdf"] = json!("bytes");
    api.post(&list, unknown).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    let mut no_parties = agreement(&net, "Nobody", Some(30));
    no_parties["party_organization_ids"] = json!([]);
    let problem = api.post(&list, no_parties).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["party_organization_ids"]);
    assert!(api.ids(&list).await.is_empty(), "nothing was recorded");
    assert!(api.ids(&net.path("/agreements")).await.is_empty());
}

async fn roles_decide_who_reads_and_who_writes_agreements(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let librarian = app.person(&net, "member", &[net.library]).await;
    let observer = app.person(&net, "observer", &[]).await;
    let stranger_org = app.organization(&net, "Northside Club", "nonprofit").await;
    let stranger = app.person(&net, "member", &[stranger_org]).await;
    let list = net.path(&format!("/partnerships/{}/agreements", net.partnership));

    // A member of the partnership records one, as with its other records.
    let made =
        librarian.api.post(&list, agreement(&net, "Room use", Some(90))).await.json_ok(StatusCode::CREATED).await;
    let path = net.path(&format!("/agreements/{}", id_of(&made)));
    // Observers read and change nothing.
    assert_eq!(observer.api.read(&path).await["title"], "Room use");
    observer.api.post(&list, agreement(&net, "No", Some(9))).await.problem(StatusCode::FORBIDDEN).await;
    observer.api.put(&path, agreement(&net, "No", Some(9)), None).await.problem(StatusCode::FORBIDDEN).await;
    // A member outside the partnership does not learn it exists.
    stranger.api.get(&path).await.problem(StatusCode::NOT_FOUND).await;
    stranger.api.get(&list).await.problem(StatusCode::NOT_FOUND).await;
    assert!(stranger.api.ids(&net.path("/agreements")).await.is_empty());
    assert_eq!(observer.api.ids(&net.path("/agreements")).await, vec![id_of(&made)]);
    assert_eq!(net.owner.api.read(&path).await["version"], 1, "refusals changed nothing");
}

async fn an_agreement_is_recorded_through_the_form(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;
    let (ws, p) = (net.ws, net.partnership);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots/agreements");

    browser.goto(&app.url(&format!("/w/{ws}/partnerships/{p}"))).await;
    browser.follow("#agreements .section-head a").await;
    browser.fill("#f-title", "Library card data sharing").await;
    browser.select("#f-kind", "data_sharing").await;
    browser.click(&format!("input[name=party_organization_ids][value=\"{}\"]", net.school)).await;
    browser.click(&format!("input[name=party_organization_ids][value=\"{}\"]", net.library)).await;
    browser.select("#f-status", "in_force").await;
    browser.set_value("#f-signed_on", &day(today(), -30)).await;
    browser.set_value("#f-starts_on", &day(today(), -30)).await;
    browser.set_value("#f-ends_on", &day(today(), 25)).await;
    browser.fill("#f-document_url", "javascript:alert(1)").await;
    browser.follow("#add-agreement .actions button[type=submit]").await;

    // The error is beside the field; what was typed is kept; nothing was recorded.
    let error = browser.text("#f-document_url-error").await;
    assert!(error.contains("http:// or https://"), "{error}");
    assert_eq!(browser.find("#f-title").await.property("value").await, "Library card data sharing");
    assert!(net.owner.api.ids(&net.path("/agreements")).await.is_empty());
    for (w, h, tag) in [(1280, 800, "laptop"), (390, 844, "phone")] {
        browser.set_window_size(w, h).await;
        assert_eq!(browser.horizontal_overflow().await, 0, "the form with its error fits the {tag}");
        browser.screenshot(&dir.join(format!("form-error-{tag}.png"))).await;
    }

    browser.fill("#f-document_url", "https://drive.example.org/library-cards.pdf").await;
    browser.follow("#add-agreement .actions button[type=submit]").await;
    let notice = browser.text("main").await;
    assert!(notice.contains("Agreement recorded"), "{notice}");
    assert_eq!(browser.text("h1").await, "Library card data sharing");
    assert!(browser.text("#standing").await.contains("Ending"), "25 days left of a 60-day notice");
    let link = browser.find("#document-link").await;
    assert_eq!(link.attribute("target").await.as_deref(), Some("_blank"));
    assert_eq!(link.attribute("rel").await.as_deref(), Some("noopener noreferrer"));

    // Changed through its page: the history says what changed.
    browser.select("#f-status", "ended").await;
    browser.follow("#edit-agreement .actions button[type=submit]").await;
    let history = browser.text("#history").await;
    assert!(history.contains("in force → ended"), "{history}");

    let pages = [
        (format!("/w/{ws}/agreements"), "list"),
        (format!("/w/{ws}/partnerships/{p}/agreements"), "partnership-agreements"),
        (format!("/w/{ws}/partnerships/{p}"), "partnership"),
        (
            browser.current_url().await.trim_start_matches(&app.url("")).split('?').next().unwrap().to_owned(),
            "agreement",
        ),
    ];
    for (w, h, tag) in [(1280, 800, "laptop"), (390, 844, "phone")] {
        browser.set_window_size(w, h).await;
        for (page, name) in &pages {
            browser.goto(&app.url(page)).await;
            assert_eq!(browser.horizontal_overflow().await, 0, "{page} fits the {tag}");
            browser.screenshot(&dir.join(format!("{name}-{tag}.png"))).await;
        }
    }

    // Archived from its page, after being asked: it leaves the workspace's list.
    browser.set_window_size(1280, 800).await;
    browser.goto(&app.url(&pages[3].0)).await;
    browser.follow("#archive-agreement button[type=submit]").await;
    assert!(browser.text("main").await.contains("Archive this agreement?"));
    browser.follow("main form.actions button[type=submit]").await;
    assert!(browser.text("main").await.contains("Agreement archived"));
    browser.goto(&app.url(&format!("/w/{ws}/agreements"))).await;
    assert!(!browser.text("main").await.contains("Library card data sharing"));
}

on_both_backends!(an_ending_agreement_warns_reminds_calls_hooks_and_fills_calendars);

/// Issue 26's "done when": an agreement within its renewal notice raises "agreement ending" with
/// the seeds' next step, one lapsed while the partnership runs raises it as urgent; both reach
/// the coordinators and the parties' liaisons (not observers, not other members) through the
/// reminders and the digest e-mailed by the job runner; a hook hears `agreement.ending`; the
/// calendar feed carries the end and notice dates.
async fn an_ending_agreement_warns_reminds_calls_hooks_and_fills_calendars(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let librarian = app.sign_up(&format!("librarian-{}@example.org", short()), "Lena Librarian").await;
    app.join(&net, &librarian, "member", &[net.library]).await;
    let teacher = app.person(&net, "member", &[net.school]).await;
    let observer = app.person(&net, "observer", &[]).await;
    let hook = api
        .post(
            &net.path("/webhooks"),
            json!({"url": "http://127.0.0.1:9/hook", "format": "json", "events": ["agreement.ending"]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;

    let list = net.path(&format!("/partnerships/{}/agreements", net.partnership));
    let mut ending = agreement(&net, "Attendance data", Some(20));
    ending["party_organization_ids"] = json!([net.school]);
    let ending = api.post(&list, ending).await.json_ok(StatusCode::CREATED).await;
    let mut lapsed = agreement(&net, "Book van insurance", Some(-5));
    lapsed["kind"] = json!("facility_use");
    lapsed["party_organization_ids"] = json!([net.library]);
    let lapsed = api.post(&list, lapsed).await.json_ok(StatusCode::CREATED).await;
    // Far from its end, or open-ended: nothing to decide yet.
    api.post(&list, agreement(&net, "Reading room", Some(300))).await.json_ok(StatusCode::CREATED).await;
    api.post(&list, agreement(&net, "Memorandum", None)).await.json_ok(StatusCode::CREATED).await;

    let warnings = api.read(&net.path("/warnings?kind=agreement_ending")).await;
    let warnings = warnings["items"].as_array().unwrap();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    let about = |id| warnings.iter().find(|w| w["records"][0]["id"] == json!(id)).expect("a warning per agreement");
    let soon = about(id_of(&ending));
    assert_eq!(soon["severity"], "warning");
    assert!(soon["explanation"].as_str().unwrap().contains("ends in 20 days"), "{soon}");
    assert!(soon["suggested_action"].as_str().unwrap().contains("revisit the shared goals together before renewing"));
    let late = about(id_of(&lapsed));
    assert_eq!(late["severity"], "critical", "lapsed while the partnership is active");
    assert!(late["explanation"].as_str().unwrap().contains("ended 5 days ago"), "{late}");

    // Marked ended: the warning clears.
    let path = net.path(&format!("/agreements/{}", id_of(&lapsed)));
    let mut ended = agreement(&net, "Book van insurance", Some(-5));
    ended["kind"] = json!("facility_use");
    ended["party_organization_ids"] = json!([net.library]);
    ended["status"] = json!("expired");
    api.put(&path, ended, None).await.json_ok(StatusCode::OK).await;
    let open = api.read(&net.path("/warnings?kind=agreement_ending")).await;
    assert_eq!(open["items"].as_array().unwrap().len(), 1, "{open:#}");
    // …and comes back when someone marks it in force again.
    let mut again = agreement(&net, "Book van insurance", Some(-5));
    again["kind"] = json!("facility_use");
    again["party_organization_ids"] = json!([net.library]);
    api.put(&path, again, None).await.json_ok(StatusCode::OK).await;

    // The hook heard each agreement that started ending.
    let deliveries = api.read(&net.path(&format!("/webhooks/{}/deliveries", id_of(&hook)))).await;
    let events: Vec<&str> =
        deliveries["items"].as_array().unwrap().iter().map(|d| d["event"].as_str().unwrap()).collect();
    assert!(events.len() >= 2 && events.iter().all(|e| *e == "agreement.ending"), "{events:?}");
    let texts: Vec<String> = deliveries["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["payload"]["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(texts.iter().any(|t| t.contains("Attendance data")), "{texts:?}");

    // The agreement that was ending lapses while in force: the hook hears it again, as lapsed.
    let heard = |texts: &[String]| texts.iter().filter(|t| t.contains("Attendance data")).count();
    let before = heard(&texts);
    let mut past = agreement(&net, "Attendance data", Some(-1));
    past["party_organization_ids"] = json!([net.school]);
    api.put(&net.path(&format!("/agreements/{}", id_of(&ending))), past, None).await.json_ok(StatusCode::OK).await;
    let deliveries = api.read(&net.path(&format!("/webhooks/{}/deliveries", id_of(&hook)))).await;
    let texts: Vec<String> = deliveries["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["payload"]["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(heard(&texts), before + 1, "{texts:?}");
    // Back to ending in 20 days, as the reminders and the calendar below expect.
    let mut back = agreement(&net, "Attendance data", Some(20));
    back["party_organization_ids"] = json!([net.school]);
    api.put(&net.path(&format!("/agreements/{}", id_of(&ending))), back, None).await.json_ok(StatusCode::OK).await;

    // Reminders: the parties' liaisons and the coordinators, nobody else.
    let reminders = |person: &Person| {
        let api = person.api.clone();
        let path = net.path("/reminders?days=7");
        async move {
            let list = api.get(&path).await.json_ok(StatusCode::OK).await;
            list.as_array()
                .unwrap()
                .iter()
                .filter(|r| r["kind"] == "agreement_ending")
                .map(|r| r["title"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(reminders(&librarian).await, ["Book van insurance"]);
    assert_eq!(reminders(&teacher).await, ["Attendance data"]);
    assert_eq!(reminders(&net.owner).await, ["Book van insurance", "Attendance data"]);
    assert!(reminders(&observer).await.is_empty());

    // The calendar feed: the end and the start of the notice.
    let feed = api.post(&net.path("/feeds/mine"), json!({})).await.json_ok(StatusCode::CREATED).await;
    let ics = app.anonymous().client.get(feed["url"].as_str().unwrap()).send().await.unwrap().text().await.unwrap();
    let ics = ics.replace("\r\n ", "");
    let end = (today() + chrono::Duration::days(20)).format("%Y%m%d").to_string();
    let notice = (today() + chrono::Duration::days(20 - 45)).format("%Y%m%d").to_string();
    assert!(ics.contains("SUMMARY:Agreement ends: Attendance data (Reading Buddies)"), "{ics}");
    assert!(ics.contains(&format!("DTSTART;VALUE=DATE:{end}")), "{ics}");
    assert!(ics.contains("SUMMARY:Renewal notice: Attendance data (Reading Buddies)"), "{ics}");
    assert!(ics.contains(&format!("DTSTART;VALUE=DATE:{notice}")), "{ics}");

    // E-mail through the job runner: the lapsed agreement every day to its party's liaison and
    // the coordinators, both in the digest.
    let sink = SmtpSink::start();
    let smtp = format!("smtp://{}", sink.addr);
    let weekday = today().weekday().to_string();
    let env = [
        ("RAPPORT_SMTP_URL", smtp.as_str()),
        ("RAPPORT_MAIL_FROM", "Rapport <rapport@example.org>"),
        ("RAPPORT_REMINDER_HOUR", "0"),
        ("RAPPORT_DIGEST_DAY", weekday.as_str()),
        ("RAPPORT_BASE_URL", "https://rapport.example.org"),
    ];
    let _runner = crate::jobs::Runner::start_with(app.database_url(), &env);
    sink.wait_for(5).await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let mail = sink.messages();
    let to = |email: &str| mail.iter().filter(|m| m.recipients == [email.to_owned()]).collect::<Vec<_>>();
    let lena = to(&librarian.email);
    assert_eq!(lena.len(), 2, "a reminder and a digest: {mail:#?}");
    let link = format!("https://rapport.example.org/w/{}/agreements/{}", net.ws, id_of(&lapsed));
    assert!(lena.iter().all(|m| m.text.contains("Book van insurance") && m.text.contains(&link)), "{lena:#?}");
    let daily = lena.iter().find(|m| !m.subject.ends_with("your week ahead")).expect("the daily reminder");
    assert!(!daily.text.contains("Attendance data"), "the library is not a party to it: {}", daily.text);
    let teacher_mail = to(&teacher.email);
    assert_eq!(teacher_mail.len(), 1, "ending in 20 days: the digest only, not every day: {mail:#?}");
    assert!(teacher_mail[0].text.contains("Attendance data"), "{}", teacher_mail[0].text);
    let owner = to(&net.owner.email);
    let digest = owner.iter().find(|m| m.subject.ends_with("your week ahead")).expect("the coordinator's digest");
    assert!(digest.text.contains("Attendance data") && digest.text.contains("Book van insurance"), "{}", digest.text);
    assert!(to(&observer.email).is_empty(), "observers are not reminded");
}

on_both_backends!(agreements_go_out_as_csv_and_come_back_in, documents_are_linked_to_records_by_web_address_only);

async fn import_csv(api: &Api, ws: uuid::Uuid, body: &str) -> reqwest::Response {
    api.request(reqwest::Method::POST, &format!("/api/v1/workspaces/{ws}/imports/agreements"))
        .header("content-type", "text/csv; charset=utf-8")
        .body(body.to_owned())
        .send()
        .await
        .expect("request")
}

/// The CSV export of agreements imports again (into a second partnership of the same name in a
/// new workspace); a file with bad rows names each cell and imports nothing.
async fn agreements_go_out_as_csv_and_come_back_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let list = net.path(&format!("/partnerships/{}/agreements", net.partnership));
    let mut risky = agreement(&net, "=HYPERLINK(\"http://evil\")", Some(40));
    risky["notes"] = json!("Signed at the spring meeting, in the library");
    api.post(&list, risky).await.json_ok(StatusCode::CREATED).await;
    api.post(&list, agreement(&net, "Room use", None)).await.json_ok(StatusCode::CREATED).await;
    let response = api.get(&net.path("/agreements.csv")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let csv = response.text().await.unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,partnership,kind,title,parties,signed_on,starts_on,ends_on,renewal_notice_days,status,document_url,notes,created_at"
    );
    assert!(csv.contains("'=HYPERLINK"), "a formula is defused: {csv}");
    assert!(csv.contains("Lincoln Elementary; Eastside Library"), "{csv}");

    // Another workspace with the same partnership takes the file as it is.
    let other = app.network().await;
    let created = import_csv(&other.owner.api, other.ws, &csv).await.json_ok(StatusCode::CREATED).await;
    assert_eq!(created["imported"], 2);
    let titles: Vec<String> = other.owner.api.read(&other.path("/agreements")).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(titles, ["=HYPERLINK(\"http://evil\")", "Room use"], "the apostrophe comes off again");

    // Bad rows: every bad cell named by line and column, nothing written.
    let bad = "partnership,kind,title,parties,starts_on,ends_on,document_url\n\
               Reading Buddies,data_sharing,Fine,Eastside Library,2026-01-01,,https://x.org/a\n\
               Nowhere,data_sharing,Lost,Eastside Library,2026-01-01,,\n\
               Reading Buddies,treaty,Odd,Riverside Bank,2026-13-01,,javascript:alert(1)\n";
    let problem = import_csv(&other.owner.api, other.ws, bad).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    let named = fields(&problem);
    for expected in ["line 3, column \"partnership\"", "line 4, column \"parties\"", "line 4, column \"starts_on\""] {
        assert!(named.iter().any(|f| f == expected), "{expected} in {named:?}");
    }
    assert_eq!(other.owner.api.ids(&other.path("/agreements")).await.len(), 2, "nothing more was imported");
    // Members may record agreements but not import files.
    let member = app.person(&other, "member", &[other.library]).await;
    import_csv(&member.api, other.ws, &csv).await.problem(StatusCode::FORBIDDEN).await;
}

async fn documents_are_linked_to_records_by_web_address_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let observer = app.person(&net, "observer", &[]).await;
    let outsider_org = app.organization(&net, "Northside Club", "nonprofit").await;
    let outsider = app.person(&net, "member", &[outsider_org]).await;
    let p = net.partnership;
    let goal = id_of(
        &api.post(&net.path(&format!("/partnerships/{p}/goals")), json!({"statement": "Every child reads daily"}))
            .await
            .json_ok(StatusCode::CREATED)
            .await,
    );
    let commitment = id_of(
        &api.post(
            &net.path(&format!("/partnerships/{p}/commitments")),
            json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school,
                   "description": "Lend 30 books", "due_on": day(today(), 5)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await,
    );
    let checkin = id_of(
        &api.post(
            &net.path(&format!("/partnerships/{p}/checkins")),
            json!({"held_on": day(today(), -1), "notes": "Good turnout", "attendee_organization_ids": [net.school, net.library]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await,
    );
    let retro = id_of(
        &api.post(
            &net.path(&format!("/partnerships/{p}/retrospectives")),
            json!({"title": "Autumn term", "trigger": "phase", "held_on": day(today(), 0)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await,
    );
    let records = [
        ("partnerships", p, format!("/w/{}/partnerships/{p}", net.ws)),
        ("goals", goal, format!("/w/{}/goals/{goal}", net.ws)),
        ("commitments", commitment, format!("/w/{}/commitments/{commitment}", net.ws)),
        ("checkins", checkin, format!("/w/{}/checkins/{checkin}", net.ws)),
        ("retrospectives", retro, format!("/w/{}/retrospectives/{retro}", net.ws)),
    ];
    let ui = app.ui_sign_in(&net.owner.email).await;
    for (kind, id, page) in &records {
        let path = net.path(&format!("/{kind}/{id}/links"));
        for url in ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "ftp://example.org/x"] {
            let problem = api
                .post(&path, json!({"title": "Notes", "url": url}))
                .await
                .problem(StatusCode::UNPROCESSABLE_ENTITY)
                .await;
            assert_eq!(fields(&problem), ["url"], "{kind}: {url}");
        }
        let link = api
            .post(&path, json!({"title": "Meeting notes", "url": "https://docs.example.org/notes"}))
            .await
            .json_ok(StatusCode::CREATED)
            .await;
        observer
            .api
            .post(&path, json!({"title": "x", "url": "https://x.org"}))
            .await
            .problem(StatusCode::FORBIDDEN)
            .await;
        outsider.api.get(&path).await.problem(StatusCode::NOT_FOUND).await;
        assert_eq!(observer.api.ids(&path).await, vec![id_of(&link)], "{kind}");
        let html = ui.page(page).await;
        assert!(
            html.contains(r#"href="https://docs.example.org/notes" target="_blank" rel="noopener noreferrer""#),
            "{kind}: the page links the document in a new tab"
        );
    }
    // Removed: gone from the record.
    let path = net.path(&format!("/goals/{goal}/links"));
    let link = api.ids(&path).await[0];
    observer.api.delete(&net.path(&format!("/links/{link}"))).await.problem(StatusCode::FORBIDDEN).await;
    let response = api.delete(&net.path(&format!("/links/{link}"))).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(api.ids(&path).await.is_empty());

    // Through the form in Chromium: the error beside the field, then the link on the page.
    let browser = Browser::start().await;
    sign_in(&browser, &app, &net.owner.email).await;
    browser.goto(&app.url(&format!("/w/{}/checkins/{checkin}", net.ws))).await;
    browser.follow("#links .section-head a").await;
    browser.fill("#f-title", "Agenda").await;
    browser.fill("#f-url", "javascript:alert(document.cookie)").await;
    browser.follow("#add-link .actions button[type=submit]").await;
    assert!(browser.text("#f-url-error").await.contains("http:// or https://"));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots/agreements");
    for (w, h, tag) in [(1280, 800, "laptop"), (390, 844, "phone")] {
        browser.set_window_size(w, h).await;
        assert_eq!(browser.horizontal_overflow().await, 0, "the links form fits the {tag}");
        browser.screenshot(&dir.join(format!("links-error-{tag}.png"))).await;
    }
    browser.fill("#f-url", "https://docs.example.org/agenda").await;
    browser.follow("#add-link .actions button[type=submit]").await;
    let section = browser.text("#links").await;
    assert!(section.contains("Agenda") && section.contains("Meeting notes"), "{section}");
    browser.screenshot(&dir.join("checkin-links-phone.png")).await;
}
