//! Calendar feeds and CSV exports, read back with independent parsers: the `icalendar` crate for
//! the feeds (RFC 5545) and the `csv` crate for the exports (RFC 4180).

use std::collections::BTreeSet;
use std::str::FromStr;

use chrono::{Duration, NaiveDate};
use icalendar::{CalendarComponent, Component, DatePerhapsTime};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::on_both_backends;
use crate::support::*;

on_both_backends!(
    a_person_feed_holds_what_they_can_see,
    rotated_and_revoked_feeds_answer_404,
    partnership_feeds_are_for_coordinators,
    csv_exports_round_trip
);

/// One event of a feed, as the independent parser reads it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Ev {
    date: NaiveDate,
    summary: String,
    uid: String,
    description: String,
}

/// Downloads a feed without any credentials, checks the format rules a parser may forgive
/// (content type, CRLF, 75-octet lines, DTSTAMP, all-day dates) and parses it.
async fn read_feed(app: &TestApp, url: &str) -> Vec<Ev> {
    let response = app.anonymous().client.get(url).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK, "{url} answers");
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(content_type, "text/calendar; charset=utf-8");
    let text = response.text().await.unwrap();
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains(['\n', '\r']), "every line ends in CRLF");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line:?}");
    }
    let unfolded = text.replace("\r\n ", "");
    let events_in_text = unfolded.matches("BEGIN:VEVENT").count();
    assert_eq!(unfolded.matches("\r\nDTSTAMP:").count(), events_in_text, "every event has a DTSTAMP");
    assert_eq!(unfolded.matches("\r\nDTSTART;VALUE=DATE:").count(), events_in_text, "events are all-day");

    let calendar = icalendar::Calendar::from_str(&text).unwrap_or_else(|e| panic!("the feed parses: {e}\n{text}"));
    let mut events = Vec::new();
    for component in &calendar.components {
        if let CalendarComponent::Event(event) = component {
            let date = match event.get_start() {
                Some(DatePerhapsTime::Date(date)) => date,
                other => panic!("an all-day event starts on a date, not {other:?}"),
            };
            assert_eq!(
                event.get_end(),
                Some(DatePerhapsTime::Date(date + Duration::days(1))),
                "an all-day event ends the next day"
            );
            assert!(event.get_timestamp().is_some(), "DTSTAMP is a UTC date-time");
            events.push(Ev {
                date,
                summary: event.get_summary().unwrap_or_default().to_owned(),
                uid: event.get_uid().expect("every event has a UID").to_owned(),
                description: event.get_description().unwrap_or_default().to_owned(),
            });
        }
    }
    assert_eq!(events.len(), events_in_text);
    events.sort();
    events
}

async fn make_feed(api: &Api, path: &str) -> Value {
    let created = api.post(path, json!({})).await.json_ok(StatusCode::CREATED).await;
    assert!(created["url"].as_str().unwrap().ends_with(".ics"));
    assert!(created["url"].as_str().unwrap().contains(created["token"].as_str().unwrap()));
    created
}

fn url(created: &Value) -> String {
    created["url"].as_str().unwrap().to_owned()
}

/// A second partnership the school is not part of.
async fn other_partnership(app: &TestApp, net: &Network) -> Uuid {
    let center = app.organization(net, "Riverside Community Center", "nonprofit").await;
    let body = net
        .owner
        .api
        .post(
            &net.path("/partnerships"),
            json!({"name": "Homework Club", "kind": "other", "status": "active", "cadence": "weekly",
                   "members": [{"organization_id": net.library}, {"organization_id": center}]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    id_of(&body)
}

async fn a_person_feed_holds_what_they_can_see(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let club = other_partnership(&app, &net).await;
    let today = today();
    let held = today - Duration::days(3);

    let checkin = net
        .owner
        .api
        .post(
            &net.path(&format!("/partnerships/{}/checkins", net.partnership)),
            json!({"held_on": held.to_string(), "agenda": "Books; volunteers, snacks\\more", "notes": "kept in Rapport", "attendee_organization_ids": [net.school, net.library]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let long = "Lend forty picture books, and the big atlas, to every second-grade classroom — “for the reading corner” — before the winter break";
    let lend = net
        .owner
        .api
        .post(
            &net.path(&format!("/partnerships/{}/commitments", net.partnership)),
            json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": long, "due_on": day(today, 10)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    net.owner
        .api
        .post(&net.path(&format!("/partnerships/{club}/commitments")), json!({"promisor_organization_id": net.library, "description": "Secret club promise", "due_on": day(today, 5)}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;

    // A member of the school sees Reading Buddies only.
    let member = app.person(&net, "member", &[net.school]).await;
    assert_eq!(member.api.read(&net.path("/feeds/mine")).await["active"], false);
    let created = make_feed(&member.api, &net.path("/feeds/mine")).await;
    assert_eq!(member.api.read(&net.path("/feeds/mine")).await["active"], true);
    let events = read_feed(&app, &url(&created)).await;

    let held_event = events
        .iter()
        .find(|e| e.uid.starts_with(&format!("checkin-{}@", id_of(&checkin))))
        .expect("the check-in is in the feed");
    assert_eq!(held_event.date, held);
    assert_eq!(held_event.summary, "Check-in: Reading Buddies");
    assert!(
        held_event.description.contains("Agenda: Books; volunteers, snacks\\more"),
        "TEXT round-trips: {:?}",
        held_event.description
    );
    assert!(!held_event.description.contains("kept in Rapport"), "notes stay in Rapport");

    let due = events
        .iter()
        .find(|e| e.uid.starts_with(&format!("commitment-{}@", id_of(&lend))))
        .expect("the commitment is in the feed");
    assert_eq!(due.date, today + Duration::days(10));
    assert_eq!(due.summary, format!("Due: {long} (Eastside Library)"), "a long UTF-8 summary survives folding");

    // Monthly cadence: the next check-ins are due 30, 61 and 91 days after the last one.
    let next: Vec<NaiveDate> =
        events.iter().filter(|e| e.summary == "Check-in due: Reading Buddies").map(|e| e.date).collect();
    assert_eq!(next, vec![held + Duration::days(30), held + Duration::days(61), held + Duration::days(91)]);

    assert!(
        events.iter().all(|e| !e.summary.contains("Homework Club") && !e.summary.contains("Secret club")),
        "nothing of a partnership the member cannot see"
    );

    // The owner sees the whole workspace, the club included: weekly, started today, never met.
    let owner_feed = make_feed(&net.owner.api, &net.path("/feeds/mine")).await;
    let owner_events = read_feed(&app, &url(&owner_feed)).await;
    assert!(
        owner_events
            .iter()
            .any(|e| e.summary == "Due: Secret club promise (Eastside Library)" && e.date == today + Duration::days(5))
    );
    let club_due: Vec<NaiveDate> =
        owner_events.iter().filter(|e| e.summary == "Check-in due: Homework Club").map(|e| e.date).collect();
    assert_eq!(club_due, vec![today + Duration::days(7), today + Duration::days(14), today + Duration::days(21)]);

    // UIDs are stable from one download to the next.
    let again = read_feed(&app, &url(&created)).await;
    let uids = |events: &[Ev]| events.iter().map(|e| e.uid.clone()).collect::<BTreeSet<_>>();
    assert_eq!(uids(&events), uids(&again));
    assert_eq!(uids(&events).len(), events.len(), "UIDs are unique");

    // A member who leaves the workspace leaves a feed that shows nothing.
    app.store.set_member_organizations(net.ws, member.id, &[]).await.unwrap();
    let left = read_feed(&app, &url(&created)).await;
    assert!(left.is_empty(), "no organisation, no partnership: {left:?}");
}

async fn rotated_and_revoked_feeds_answer_404(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let anonymous = app.anonymous();
    let status = |response: reqwest::Response| response.status();

    let first = make_feed(&net.owner.api, &net.path("/feeds/mine")).await;
    read_feed(&app, &url(&first)).await;
    let second = make_feed(&net.owner.api, &net.path("/feeds/mine")).await;
    assert_ne!(url(&first), url(&second));
    assert_eq!(
        status(anonymous.client.get(url(&first)).send().await.unwrap()),
        StatusCode::NOT_FOUND,
        "a rotated URL stops working"
    );
    read_feed(&app, &url(&second)).await;

    net.owner.api.delete(&net.path("/feeds/mine")).await.json_ok(StatusCode::NO_CONTENT).await;
    assert_eq!(
        status(anonymous.client.get(url(&second)).send().await.unwrap()),
        StatusCode::NOT_FOUND,
        "a revoked URL stops working"
    );
    net.owner.api.delete(&net.path("/feeds/mine")).await.problem(StatusCode::NOT_FOUND).await;
    assert_eq!(net.owner.api.read(&net.path("/feeds/mine")).await["active"], false);

    for wrong in ["/feeds/cal_nothing.ics", "/feeds/nothing", "/feeds/.ics"] {
        assert_eq!(status(anonymous.get(wrong).await), StatusCode::NOT_FOUND, "{wrong}");
    }
    // Only a digest of the secret is stored.
    let token = second["token"].as_str().unwrap();
    assert!(token.starts_with("cal_"));
    let db = Database::connect(app.database_url()).await.unwrap();
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT token_hash FROM calendar_feeds".to_owned(),
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 2, "one row per feed made, the revoked ones kept");
    for row in &rows {
        let hash: String = row.try_get("", "token_hash").unwrap();
        assert_eq!(hash.len(), 64, "a SHA-256 digest");
        assert!(!hash.contains(token.trim_start_matches("cal_")), "the secret is not stored");
    }
    db.close().await.ok();

    // Making a feed needs a signed-in member of the workspace.
    anonymous.post(&net.path("/feeds/mine"), json!({})).await.problem(StatusCode::UNAUTHORIZED).await;
    let stranger = app.sign_up(&format!("stranger-{}@example.org", short()), "Stranger").await;
    stranger.api.post(&net.path("/feeds/mine"), json!({})).await.problem(StatusCode::NOT_FOUND).await;
}

async fn partnership_feeds_are_for_coordinators(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let club = other_partnership(&app, &net).await;
    let feed_path = net.path(&format!("/partnerships/{}/feed", net.partnership));

    let member = app.person(&net, "member", &[net.school]).await;
    member.api.post(&feed_path, json!({})).await.problem(StatusCode::FORBIDDEN).await;
    member
        .api
        .post(&net.path(&format!("/partnerships/{club}/feed")), json!({}))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;
    let observer = app.person(&net, "observer", &[]).await;
    observer.api.post(&feed_path, json!({})).await.problem(StatusCode::FORBIDDEN).await;

    let coordinator = app.person(&net, "coordinator", &[]).await;
    let today = today();
    net.owner
        .api
        .post(
            &net.path(&format!("/partnerships/{club}/commitments")),
            json!({"promisor_organization_id": net.library, "description": "Club snacks", "due_on": day(today, 2)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let reading_list = net
        .owner
        .api
        .post(
            &net.path(&format!("/partnerships/{}/commitments", net.partnership)),
            json!({"promisor_organization_id": net.school, "description": "Reading list", "due_on": day(today, 4)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;

    let first = make_feed(&coordinator.api, &feed_path).await;
    assert_eq!(coordinator.api.read(&feed_path).await["active"], true);
    let events = read_feed(&app, &url(&first)).await;
    assert!(
        events
            .iter()
            .any(|e| e.summary == "Due: Reading list (Lincoln Elementary)" && e.date == today + Duration::days(4))
    );
    assert!(events.iter().all(|e| !e.summary.contains("Club")), "a partnership's feed holds that partnership only");
    // Never met, monthly, started today: the first check-in is due in 30 days.
    assert!(
        events.iter().any(|e| e.summary == "Check-in due: Reading Buddies" && e.date == today + Duration::days(30))
    );

    // The feed follows the records: a kept promise says so, an archived one leaves.
    net.owner
        .api
        .post(&net.path(&format!("/commitments/{}/done", id_of(&reading_list))), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    let events = read_feed(&app, &url(&first)).await;
    assert!(events.iter().any(|e| e.summary == "Done: Reading list (Lincoln Elementary)"), "{events:?}");
    net.owner
        .api
        .post(&net.path(&format!("/commitments/{}/archive", id_of(&reading_list))), json!({}))
        .await
        .json_ok(StatusCode::NO_CONTENT)
        .await;
    let events = read_feed(&app, &url(&first)).await;
    assert!(events.iter().all(|e| !e.summary.contains("Reading list")), "archived records leave the feed");

    // The owner rotates it: the coordinator's link stops working.
    let second = make_feed(&net.owner.api, &feed_path).await;
    assert_eq!(app.anonymous().client.get(url(&first)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    read_feed(&app, &url(&second)).await;
    // The person's own feed is a different feed: rotating it leaves the partnership's alone.
    make_feed(&net.owner.api, &net.path("/feeds/mine")).await;
    read_feed(&app, &url(&second)).await;
    net.owner.api.delete(&feed_path).await.json_ok(StatusCode::NO_CONTENT).await;
    assert_eq!(app.anonymous().client.get(url(&second)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}

/// Downloads a CSV export, checks its content type, and reads it with the csv crate.
async fn read_csv(api: &Api, path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let response = api.get(path).await;
    let status = response.status();
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let body = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    assert!(content_type.starts_with("text/csv"), "{path} is CSV: {content_type}");
    assert!(body.ends_with("\r\n"), "RFC 4180 lines end in CRLF");
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(body.as_bytes());
    let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows =
        reader.records().map(|r| r.expect("a well-formed CSV row").iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

async fn csv_exports_round_trip(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let club = other_partnership(&app, &net).await;
    let api = &net.owner.api;
    let today = today();

    // Organisations, one with a name a spreadsheet would run as a formula.
    let formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
    app.organization(&net, formula, "business").await;
    let (header, rows) = read_csv(api, &net.path("/organizations.csv")).await;
    assert_eq!(header[..3], ["id", "name", "kind"]);
    let names: Vec<&str> = rows.iter().map(|r| r[column(&header, "name")].as_str()).collect();
    assert_eq!(
        names,
        vec!["Lincoln Elementary", "Eastside Library", "Riverside Community Center", &format!("'{formula}")],
        "a formula cell is defused with an apostrophe"
    );
    assert_eq!(rows[0][column(&header, "kind")], "school");

    // Contacts, with commas and quotes.
    api.post(
        &net.path(&format!("/organizations/{}/contacts", net.school)),
        json!({"name": "Ms. Rivera, \"Principal\"", "email": "rivera@lincoln.example"}),
    )
    .await
    .json_ok(StatusCode::CREATED)
    .await;
    let (header, rows) = read_csv(api, &net.path(&format!("/organizations/{}/contacts.csv", net.school))).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][column(&header, "name")], "Ms. Rivera, \"Principal\"");
    assert_eq!(rows[0][column(&header, "organization")], "Lincoln Elementary");
    let (_, all) = read_csv(api, &net.path("/contacts.csv")).await;
    assert_eq!(all.len(), 1);

    // Partnerships, with the list's organisation filter.
    let (header, rows) = read_csv(api, &net.path("/partnerships.csv")).await;
    assert_eq!(
        rows.iter().map(|r| r[column(&header, "name")].as_str()).collect::<Vec<_>>(),
        vec!["Reading Buddies", "Homework Club"]
    );
    assert_eq!(rows[0][column(&header, "members")], "Lincoln Elementary; Eastside Library");
    let (_, rows) = read_csv(api, &net.path(&format!("/partnerships.csv?organization={}", net.school))).await;
    assert_eq!(rows.len(), 1);

    // Commitments with the list's filters: open only, by promisor.
    let commitments = net.path(&format!("/partnerships/{}/commitments", net.partnership));
    let kept = api
        .post(&commitments, json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": "-1 late fee, waived", "due_on": day(today, 7)}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    api.post(&commitments, json!({"promisor_organization_id": net.school, "description": "Volunteer rota\nfor spring", "due_on": day(today, 14)})).await.json_ok(StatusCode::CREATED).await;
    api.post(&net.path(&format!("/commitments/{}/done", id_of(&kept))), json!({})).await.json_ok(StatusCode::OK).await;
    let (header, rows) = read_csv(api, &format!("{commitments}.csv")).await;
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0][column(&header, "description")],
        "'-1 late fee, waived",
        "a leading minus that is not a number is defused"
    );
    assert_eq!(rows[0][column(&header, "status")], "done");
    assert_eq!(rows[0][column(&header, "promisor")], "Eastside Library");
    assert_eq!(rows[0][column(&header, "promisee")], "Lincoln Elementary");
    assert_eq!(
        rows[1][column(&header, "description")],
        "Volunteer rota\nfor spring",
        "a line break inside a cell round-trips"
    );
    assert_eq!(rows[1][column(&header, "promisee")], "the partnership");
    assert_eq!(rows[1][column(&header, "due_on")], day(today, 14));
    let (_, open) = read_csv(api, &format!("{commitments}.csv?open=true")).await;
    assert_eq!(open.len(), 1);
    assert_eq!(open[0][column(&header, "description")], "Volunteer rota\nfor spring");
    let (_, by_library) = read_csv(api, &format!("{commitments}.csv?promisor={}", net.library)).await;
    assert_eq!(by_library.len(), 1);
    api.get(&format!("{commitments}.csv?promisor=not-a-uuid")).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;

    // Check-ins.
    let checkin = api
        .post(
            &net.path(&format!("/partnerships/{}/checkins", net.partnership)),
            json!({"held_on": day(today, -1), "agenda": "Budget, \"snacks\"", "decisions": "@everyone bring books", "attendee_organization_ids": [net.school]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let (header, rows) = read_csv(api, &net.path(&format!("/partnerships/{}/checkins.csv", net.partnership))).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][column(&header, "id")], id_of(&checkin).to_string());
    assert_eq!(rows[0][column(&header, "agenda")], "Budget, \"snacks\"");
    assert_eq!(rows[0][column(&header, "decisions")], "'@everyone bring books");
    assert_eq!(rows[0][column(&header, "attending_organizations")], "Lincoln Elementary");

    // Goals, negative numbers kept as numbers.
    api.post(
        &net.path(&format!("/partnerships/{}/goals", net.partnership)),
        json!({"statement": "+10% library cards", "metric": "cards", "baseline": -2.5, "target": 40.0, "owner_organization_id": net.library}),
    )
    .await
    .json_ok(StatusCode::CREATED)
    .await;
    let (header, rows) = read_csv(api, &net.path(&format!("/partnerships/{}/goals.csv", net.partnership))).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][column(&header, "statement")], "'+10% library cards");
    assert_eq!(rows[0][column(&header, "baseline")], "-2.5");
    assert_eq!(rows[0][column(&header, "target")], "40");
    assert_eq!(rows[0][column(&header, "owner")], "Eastside Library");

    // A member exports only what they can see.
    let member = app.person(&net, "member", &[net.school]).await;
    let (header, rows) = read_csv(&member.api, &net.path("/partnerships.csv")).await;
    assert_eq!(rows.iter().map(|r| r[column(&header, "name")].as_str()).collect::<Vec<_>>(), vec!["Reading Buddies"]);
    member
        .api
        .get(&net.path(&format!("/partnerships/{club}/commitments.csv")))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;
    member.api.get(&net.path(&format!("/partnerships/{club}/checkins.csv"))).await.problem(StatusCode::NOT_FOUND).await;
    app.anonymous().get(&net.path("/organizations.csv")).await.problem(StatusCode::UNAUTHORIZED).await;

    // The OpenAPI document describes the exports and the feeds.
    let openapi = api.read("/api/v1/openapi.json").await;
    let paths = &openapi["paths"];
    assert!(
        paths["/api/v1/workspaces/{ws}/organizations.csv"]["get"]["responses"]["200"]["content"]["text/csv"]
            .is_object()
    );
    assert!(paths["/api/v1/workspaces/{ws}/feeds/mine"]["post"].is_object());
}

on_both_backends!(feeds_and_exports_from_the_web_ui);

/// The secret URL a page shows once.
fn shown_secret(page: &str) -> String {
    let marker = "id=\"secret-value\">";
    let start = page.find(marker).unwrap_or_else(|| panic!("the page shows a secret:\n{page}")) + marker.len();
    page[start..].split('<').next().unwrap().to_owned()
}

async fn feeds_and_exports_from_the_web_ui(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let ui = app.ui_sign_in(&net.owner.email).await;
    let ws = net.ws;

    // Settings: make a personal feed, see its link once, subscribe to it.
    let settings = ui.page(&format!("/w/{ws}/settings")).await;
    assert!(settings.contains("Make my calendar feed"));
    let csrf = ui.csrf(&format!("/w/{ws}/settings")).await;
    let response = ui.post_form(&format!("/w/{ws}/settings/feed"), &[("csrf", &csrf)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    let mine = shown_secret(&page);
    assert!(mine.starts_with(&format!("http://{}/feeds/cal_", app.addr)), "{mine}");
    read_feed(&app, &mine).await;
    assert!(!ui.page(&format!("/w/{ws}/settings")).await.contains(&mine), "the link is shown once");

    // The partnership page: CSV downloads, and a coordinator's button to publish its feed.
    let partnership_page = ui.page(&format!("/w/{ws}/partnerships/{}", net.partnership)).await;
    assert!(
        partnership_page.contains(&format!("/api/v1/workspaces/{ws}/partnerships/{}/commitments.csv", net.partnership))
    );
    assert!(
        partnership_page.contains(&format!("/api/v1/workspaces/{ws}/partnerships/{}/checkins.csv", net.partnership))
    );
    assert!(partnership_page.contains(&format!("/api/v1/workspaces/{ws}/partnerships/{}/goals.csv", net.partnership)));
    assert!(partnership_page.contains(&format!("action=\"/w/{ws}/partnerships/{}/feed\"", net.partnership)));
    let response = ui.post_form(&format!("/w/{ws}/partnerships/{}/feed", net.partnership), &[("csrf", &csrf)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    assert!(page.contains("Calendar feed of Reading Buddies"));
    let partnership_feed = shown_secret(&page);
    read_feed(&app, &partnership_feed).await;
    assert!(
        ui.page(&format!("/w/{ws}/settings")).await.contains("Reading Buddies"),
        "settings list the partnership feeds"
    );

    // Turning the personal feed off closes its link.
    let response = ui.post_form(&format!("/w/{ws}/settings/feed/revoke"), &[("csrf", &csrf), ("confirm", "yes")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.anonymous().client.get(&mine).send().await.unwrap().status(), StatusCode::NOT_FOUND);

    // List pages link to their CSV, which the browser session may download.
    let organizations = ui.page(&format!("/w/{ws}/organizations")).await;
    assert!(organizations.contains(&format!("/api/v1/workspaces/{ws}/organizations.csv")));
    assert!(
        ui.page(&format!("/w/{ws}/partnerships")).await.contains(&format!("/api/v1/workspaces/{ws}/partnerships.csv"))
    );
    assert!(
        ui.page(&format!("/w/{ws}/organizations/{}", net.school))
            .await
            .contains(&format!("/api/v1/workspaces/{ws}/organizations/{}/contacts.csv", net.school))
    );
    let download = ui.get(&format!("/api/v1/workspaces/{ws}/organizations.csv")).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert!(download.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));

    // A member sees no feed button on the partnership page, and cannot publish one.
    let member = app.person(&net, "member", &[net.school]).await;
    let member_ui = app.ui_sign_in(&member.email).await;
    let page = member_ui.page(&format!("/w/{ws}/partnerships/{}", net.partnership)).await;
    assert!(!page.contains(&format!("action=\"/w/{ws}/partnerships/{}/feed\"", net.partnership)));
    let member_csrf = member_ui.csrf(&format!("/w/{ws}/settings")).await;
    let response =
        member_ui.post_form(&format!("/w/{ws}/partnerships/{}/feed", net.partnership), &[("csrf", &member_csrf)]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}
