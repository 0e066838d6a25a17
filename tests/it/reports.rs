//! Issue 24's reports for leadership and funders: made through the API and the pages on the demo
//! network, their numbers equal to the dashboard's and the partnership page's for the same days,
//! who may read them, the funder's secret link, and the printed document.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::*;

on_both_backends!(a_school_year_report_of_the_demo_equals_the_pages);
on_both_backends!(a_report_is_read_by_whom_the_roles_allow);
on_both_backends!(a_funder_link_opens_one_report_until_revoked_or_expired);
on_both_backends!(bad_periods_are_named_and_save_nothing);
on_both_backends!(a_period_counts_what_happened_on_its_own_days_as_the_pages_list_it);
on_both_backends!(a_large_report_comes_a_page_at_a_time_and_links_only_to_what_it_shows);

const DEMO_PASSWORD: &str = "rapport-demo";

struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Fills the test server's database with `rapport demo`'s network (the demo serves once filled;
/// it is stopped as soon as it says where it listens).
pub async fn fill_with_demo(app: &TestApp) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["demo", "--bind", "127.0.0.1:0", "--database", app.database_url()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start rapport demo");
    let out = child.stdout.take().unwrap();
    let _stop = KillOnDrop(child);
    let listening = tokio::task::spawn_blocking(move || {
        BufReader::new(out).lines().map_while(Result::ok).any(|line| line.starts_with("Rapport is listening on "))
    })
    .await
    .unwrap();
    assert!(listening, "the demo fills the database");
}

/// A client signed in as one of the demo's people.
pub async fn demo_login(app: &TestApp, email: &str) -> Api {
    let api = app.anonymous();
    let response = api.post("/api/v1/auth/login", json!({"email": email, "password": DEMO_PASSWORD})).await;
    assert_eq!(response.status(), StatusCode::OK, "{email} signs in");
    api
}

pub async fn demo_workspace(api: &Api) -> String {
    let list = api.read("/api/v1/workspaces").await;
    let items = list["items"].as_array().or(list.as_array()).cloned().unwrap_or_default();
    items[0]["id"].as_str().expect("the demo workspace").to_owned()
}

/// The school year (September to August) that holds `day`, as a report's period.
pub fn school_year_of(day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let start = if day.month() >= 9 { day.year() } else { day.year() - 1 };
    format!("{start}-{:02}", (start + 1) % 100)
}

/// The quarter before the one that holds `day`.
fn last_quarter(day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let q = day.month().div_ceil(3);
    if q == 1 { format!("{}-Q4", day.year() - 1) } else { format!("{}-Q{}", day.year(), q - 1) }
}

/// A year's report of the demo network and a one-partnership report: every partnership's
/// health (index and components) at the period's start and end, its trend and its members'
/// reliability are what the partnership page's health answers for those days, today's index
/// is the dashboard's, and the network's measures are the map's for the same days. The CSV holds
/// the same numbers.
async fn a_school_year_report_of_the_demo_equals_the_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    fill_with_demo(&app).await;
    let api = demo_login(&app, "coordinator@rapport.demo").await;
    let ws = demo_workspace(&api).await;
    let path = |rest: &str| format!("/api/v1/workspaces/{ws}{rest}");
    let today = app.store.today();

    for period in [school_year_of(today), last_quarter(today)] {
        let saved = api.post(&path("/reports"), json!({"period": period})).await.json_ok(StatusCode::CREATED).await;
        let report = api.read(&path(&format!("/reports/{}", id_of(&saved)))).await;
        let (from, to) = (report["period"]["from"].as_str().unwrap(), report["period"]["to"].as_str().unwrap());
        let partnerships = report["partnerships"].as_array().unwrap();
        assert!(partnerships.len() >= 5, "the demo's partnerships are all in the report: {}", partnerships.len());
        for p in partnerships {
            let id = p["partnership_id"].as_str().unwrap();
            let end = api.read(&path(&format!("/partnerships/{id}/health?as_of={to}"))).await;
            let start = api.read(&path(&format!("/partnerships/{id}/health?as_of={from}"))).await;
            assert_eq!(p["health_end"], end["health"], "{} at the end of {period}", p["name"]);
            assert_eq!(p["health_start"], start["health"], "{} at the start of {period}", p["name"]);
            assert_eq!(p["trend"], end["trend"], "{}'s trend to {to}", p["name"]);
            assert_eq!(p["members"], end["members"], "{}'s members' reliability on {to}", p["name"]);
        }
        assert!(
            partnerships.iter().any(|p| p["health_end"]["index"].is_number()),
            "some demo partnership has a health index"
        );
        let network = api.read(&path(&format!("/network?as_of={to}"))).await;
        for measure in ["density", "degree_centralization", "components", "ties"] {
            assert_eq!(report["network"]["now"][measure], network["measures"][measure], "{measure} on {to}");
        }
        let before_to = report["previous"]["to"].as_str().unwrap();
        let before = api.read(&path(&format!("/network?as_of={before_to}"))).await;
        assert_eq!(report["network"]["before"]["density"], before["measures"]["density"], "density on {before_to}");

        if to == today.to_string() {
            // A period running today: its end is today's dashboard.
            let dashboard = api.read(&path("/dashboard?limit=200")).await;
            let rows = dashboard["items"].as_array().or(dashboard.as_array()).cloned().unwrap_or_default();
            assert!(!rows.is_empty(), "the dashboard lists partnerships: {dashboard}");
            for row in rows {
                let p = partnerships
                    .iter()
                    .find(|p| p["partnership_id"] == row["partnership_id"])
                    .unwrap_or_else(|| panic!("{} is in the report", row["name"]));
                assert_eq!(p["health_end"]["index"], row["index"], "{}: today's index", row["name"]);
            }
        }

        let csv = api.get(&path(&format!("/reports/{}/numbers.csv", id_of(&saved)))).await;
        assert_eq!(csv.status(), StatusCode::OK);
        let csv = csv.text().await.unwrap();
        let first = &partnerships[0];
        let index = first["health_end"]["index"].as_f64().map(|v| format!("{v:.4}")).unwrap_or_default();
        let line = format!("partnership,{},,health_index_end,{index},", first["name"].as_str().unwrap());
        assert!(csv.lines().any(|l| l.starts_with(&line)), "the CSV holds {line:?}:\n{csv}");
        let active = report["network"]["now"]["partnerships_active"].as_u64().unwrap();
        assert!(csv.contains(&format!("network,,,partnerships_active,{active},")), "{csv}");
    }

    // One partnership: the same numbers as in the whole network's report.
    let year = school_year_of(today);
    let all = api.post(&path("/reports"), json!({"period": year})).await.json_ok(StatusCode::CREATED).await;
    let all = api.read(&path(&format!("/reports/{}", id_of(&all)))).await;
    let chosen = &all["partnerships"][1];
    let one = api
        .post(&path("/reports"), json!({"period": year, "partnership_ids": [chosen["partnership_id"]], "title": "One"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let one = api.read(&path(&format!("/reports/{}", id_of(&one)))).await;
    assert_eq!(one["title"], "One");
    assert_eq!(one["partnerships"].as_array().unwrap().len(), 1);
    assert_eq!(one["partnerships"][0]["health_end"], chosen["health_end"]);
    assert_eq!(one["partnerships"][0]["now"], chosen["now"]);
    let listed = api.read(&path("/reports")).await;
    assert_eq!(listed.as_array().unwrap().len(), 4, "every saved report is listed: {listed}");

    // The same report through the pages: the form saves it and opens it with its charts.
    let ui = app.ui_client();
    let login = ui
        .post_form("/login", &[("email", "coordinator@rapport.demo"), ("password", DEMO_PASSWORD), ("next", "/")])
        .await;
    assert!(login.status().is_redirection() || login.status().is_success());
    let csrf = ui.csrf(&format!("/w/{ws}/reports")).await;
    let made = ui
        .post_form(
            &format!("/w/{ws}/reports"),
            &[("csrf", &csrf), ("period", &year), ("partnership", chosen["partnership_id"].as_str().unwrap())],
        )
        .await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let location = made.headers()["location"].to_str().unwrap().to_owned();
    let page = ui.page(&location).await;
    assert!(page.contains(chosen["name"].as_str().unwrap()), "the page names the partnership");
    assert!(page.contains("class=\"trend-chart\"") && page.contains("class=\"compare-chart\""), "with its charts");
    assert!(page.contains("Save as PDF"), "the page says how to keep it as a PDF");
}

/// Observers (funders) read reports but write nothing; members are told no report exists;
/// a coordinator's summary is kept with the report.
async fn a_report_is_read_by_whom_the_roles_allow(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let today = app.store.today();
    let saved = net
        .owner
        .api
        .post(&net.path("/reports"), json!({"period": school_year_of(today)}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let report = net.path(&format!("/reports/{}", id_of(&saved)));

    let coordinator = app.person(&net, "coordinator", &[]).await;
    let summary = json!({"partnership_id": net.partnership, "summary": "Reading time doubled this year."});
    let written = coordinator.api.post(&format!("{report}/summaries"), summary).await;
    assert_eq!(written.status(), StatusCode::NO_CONTENT);

    let observer = app.person(&net, "observer", &[]).await;
    let read = observer.api.read(&report).await;
    assert_eq!(read["partnerships"][0]["summary"], "Reading time doubled this year.");
    let page = observer.api.get(&format!("/w/{}/reports/{}", net.ws, id_of(&saved))).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains("Reading time doubled this year."), "the summary is on the page");
    assert!(!page.contains("Save the summary"), "an observer is offered no form");
    let refused = observer.api.post(&net.path("/reports"), json!({"period": school_year_of(today)})).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let refused = observer
        .api
        .post(&format!("{report}/summaries"), json!({"partnership_id": net.partnership, "summary": "x"}))
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let member = app.person(&net, "member", &[net.school]).await;
    for path in [net.path("/reports"), report.clone(), format!("{report}/numbers.csv")] {
        assert_eq!(member.api.get(&path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let page = member.api.get(&format!("/w/{}/reports", net.ws)).await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let home = member.api.get(&format!("/w/{}", net.ws)).await.text().await.unwrap();
    assert!(!home.contains("/reports\""), "a member is not offered reports");

    // Another workspace's owner learns nothing of it.
    let stranger = app.network().await;
    assert_eq!(stranger.owner.api.get(&report).await.status(), StatusCode::NOT_FOUND);
}

/// A funder link opens that one report without an account and nothing of the app around it;
/// revoked or past its day it answers 404. Only a digest of its secret is stored.
async fn a_funder_link_opens_one_report_until_revoked_or_expired(backend: Backend) {
    let clock = TestClock::frozen();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let net = app.network().await;
    let today = app.store.today();
    let saved = net
        .owner
        .api
        .post(&net.path("/reports"), json!({"period": school_year_of(today), "title": "For the Ridge Foundation"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let report = net.path(&format!("/reports/{}", id_of(&saved)));
    let bad = net.owner.api.post(&format!("{report}/links"), json!({"expires_on": today.to_string()})).await;
    assert_eq!(fields(&bad.json_ok(StatusCode::UNPROCESSABLE_ENTITY).await), vec!["expires_on"]);

    let tomorrow = today + chrono::Duration::days(1);
    let link = net
        .owner
        .api
        .post(&format!("{report}/links"), json!({"expires_on": tomorrow.to_string()}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let url = link["url"].as_str().unwrap().to_owned();
    let token = url.rsplit('/').next().unwrap().to_owned();
    let funder = reqwest::Client::new();
    let page = funder.get(&url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains("For the Ridge Foundation") && page.contains("Reading Buddies"), "the report is shown");
    assert!(!page.contains("/w/"), "no way into the app from the funder's page");
    assert!(!page.contains("main-nav") && !page.contains("Save the summary"));
    let stored: Vec<String> = {
        use sea_orm::{ConnectionTrait, Statement};
        let db = sea_orm::Database::connect(app.database_url()).await.unwrap();
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT token_hash FROM report_links"))
            .await
            .unwrap();
        rows.iter().map(|r| r.try_get::<String>("", "token_hash").unwrap()).collect()
    };
    assert!(!stored.iter().any(|h| h.contains(&token)), "the secret itself is not stored");

    // Expired: the day after its last day.
    clock.advance(chrono::Duration::days(2));
    assert_eq!(funder.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND, "an expired link");

    // Revoked.
    let live = net
        .owner
        .api
        .post(
            &format!("{report}/links"),
            json!({"expires_on": (app.store.today() + chrono::Duration::days(30)).to_string()}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let live_url = live["url"].as_str().unwrap().to_owned();
    assert_eq!(funder.get(&live_url).send().await.unwrap().status(), StatusCode::OK);
    let links = net.owner.api.read(&format!("{report}/links")).await;
    assert_eq!(links.as_array().unwrap().iter().filter(|l| l["live"] == true).count(), 1, "{links}");
    let revoked = net.owner.api.delete(&net.path(&format!("/report-links/{}", id_of(&live)))).await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert_eq!(funder.get(&live_url).send().await.unwrap().status(), StatusCode::NOT_FOUND, "a revoked link");
    assert_eq!(
        funder.get(app.url("/shared/reports/rep_nonsense")).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

/// A period that does not read, or starts in the future, is named and nothing is saved; the
/// form says so beside the field.
async fn bad_periods_are_named_and_save_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    for period in ["2026-Q5", "someday", "2400-01-01..2400-02-01", "2026-03-10..2026-03-01"] {
        let answer = net.owner.api.post(&net.path("/reports"), json!({"period": period})).await;
        assert_eq!(fields(&answer.json_ok(StatusCode::UNPROCESSABLE_ENTITY).await), vec!["period"], "{period}");
    }
    let unknown = net
        .owner
        .api
        .post(&net.path("/reports"), json!({"period": "2026-Q1", "partnership_ids": [uuid::Uuid::nil()]}))
        .await;
    assert_eq!(fields(&unknown.json_ok(StatusCode::UNPROCESSABLE_ENTITY).await), vec!["partnership_ids"]);
    assert_eq!(net.owner.api.read(&net.path("/reports")).await, json!([]), "nothing was saved");

    let ui = app.ui_sign_in(&net.owner.email).await;
    let csrf = ui.csrf(&format!("/w/{}/reports", net.ws)).await;
    let answer = ui.post_form(&format!("/w/{}/reports", net.ws), &[("csrf", &csrf), ("period", "2026-Q5")]).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = answer.text().await.unwrap();
    assert!(
        page.contains("id=\"f-period-error\"") && page.contains("Q1, Q2, Q3 or Q4"),
        "the message is beside the field"
    );
}

/// A period counts each record by its own day, boundary days included, and nothing archived;
/// a private concern is counted (never described); a promise kept late counts on the day it
/// was kept. The counts equal what the partnership's lists show for the same days.
async fn a_period_counts_what_happened_on_its_own_days_as_the_pages_list_it(backend: Backend) {
    let clock = TestClock::frozen();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let t0 = app.store.today();
    let on = |offset: i64| day(t0, offset);
    let partnership = net.path(&format!("/partnerships/{}", net.partnership));

    // The partnership started 60 days ago; the period is days 0 to 5, the period before -6 to -1.
    let current = api.get(&partnership).await;
    let version = etag(&current);
    let draft = json!({"name": "Reading Buddies", "kind": "school_community", "status": "active", "cadence": "monthly",
        "members": [{"organization_id": net.school}, {"organization_id": net.library}], "started_on": on(-60)});
    api.put(&partnership, draft, Some(&version)).await.json_ok(StatusCode::OK).await;

    // Concerns and kudos are dated the day they are written: day 0, the period's first day.
    let concern = |visibility: &str, title: &str| {
        json!({"partnership_id": net.partnership, "organization_id": net.library, "title": title,
               "description": "The room was double-booked.", "severity": "medium", "visibility": visibility})
    };
    let private = api.post(&net.path("/concerns"), concern("private", "Private worry")).await;
    private.json_ok(StatusCode::CREATED).await;
    let withdrawn = api.post(&net.path("/concerns"), concern("shared", "Settled the same day")).await;
    let withdrawn = id_of(&withdrawn.json_ok(StatusCode::CREATED).await);
    let late = api.post(&net.path("/concerns"), concern("shared", "Settled after the period")).await;
    let late = id_of(&late.json_ok(StatusCode::CREATED).await);
    let step = |id: uuid::Uuid| net.path(&format!("/concerns/{id}/transitions"));
    api.post(&step(withdrawn), json!({"to": "withdrawn"})).await.json_ok(StatusCode::OK).await;
    api.post(
        &net.path("/kudos"),
        json!({"partnership_id": net.partnership, "to_organization_id": net.library,
            "message": "Thank you for the books"}),
    )
    .await
    .json_ok(StatusCode::CREATED)
    .await;

    clock.advance(chrono::Duration::days(10));
    api.post(&step(late), json!({"to": "withdrawn"})).await.json_ok(StatusCode::OK).await;
    let checkins = net.path(&format!("/partnerships/{}/checkins", net.partnership));
    let mut archived_checkin = None;
    for held in [-7, -6, -1, 0, 2, 5, 6] {
        let body = json!({"held_on": on(held), "attendee_organization_ids": [net.school, net.library]});
        let made = api.post(&checkins, body).await.json_ok(StatusCode::CREATED).await;
        if held == 2 {
            archived_checkin = Some(id_of(&made));
        }
    }
    let archived_checkin = archived_checkin.unwrap();
    api.post(&net.path(&format!("/checkins/{archived_checkin}/archive")), json!({})).await;
    let commitments = net.path(&format!("/partnerships/{}/commitments", net.partnership));
    let promise = |due: i64, kept: Option<i64>| {
        let outcome = match kept {
            Some(k) => json!({"kind": "kept", "on": on(k)}),
            None => json!({"kind": "not_kept"}),
        };
        json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school,
               "description": "Bring the books", "made_on": on(-30), "due_on": on(due), "outcome": outcome})
    };
    // Kept late inside the period, on time on its last day, on time on the first day of the
    // period before, and one kept inside the period but archived.
    for (due, kept) in [(-3, 1), (5, 5), (-6, -6), (3, 3)] {
        let made = api.post(&commitments, promise(due, Some(kept))).await.json_ok(StatusCode::CREATED).await;
        if due == 3 {
            let archived = api.post(&net.path(&format!("/commitments/{}/archive", id_of(&made))), json!({})).await;
            assert_eq!(archived.status(), StatusCode::NO_CONTENT);
        }
    }

    let period = format!("{}..{}", on(0), on(5));
    let saved = api.post(&net.path("/reports"), json!({"period": period})).await.json_ok(StatusCode::CREATED).await;
    let report = api.read(&net.path(&format!("/reports/{}", id_of(&saved)))).await;
    assert_eq!(report["previous"]["from"], json!(on(-6)));
    let p = &report["partnerships"][0];
    let (now, before) = (&p["now"], &p["before"]);

    // What the partnership's lists show for the same days.
    let listed = api.read(&format!("{checkins}?limit=200")).await;
    let held_within = |from: i64, to: i64| {
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| {
                let held = c["held_on"].as_str().unwrap();
                on(from).as_str() <= held && held <= on(to).as_str()
            })
            .count()
    };
    assert_eq!(now["checkins_held"], json!(held_within(0, 5)), "check-ins listed within the period: {now}");
    assert_eq!(now["checkins_held"], json!(2), "days 0 and 5; the one of day 2 is archived");
    assert_eq!(before["checkins_held"], json!(held_within(-6, -1)), "and the period before's: {before}");
    assert_eq!(before["checkins_held"], json!(2), "days -6 and -1, both boundaries");
    let kudos = api.read(&net.path(&format!("/kudos?partnership={}", net.partnership))).await;
    assert_eq!(now["kudos"], json!(kudos["items"].as_array().unwrap().len()));
    assert_eq!((now["commitments_kept_on_time"].clone(), now["commitments_kept_late"].clone()), (json!(1), json!(1)));
    assert_eq!(before["commitments_kept_on_time"], json!(1), "kept on the period before's first day");
    assert_eq!(
        (now["concerns_raised"].clone(), now["concerns_resolved"].clone(), now["concerns_open"].clone()),
        (json!(3), json!(1), json!(2)),
        "the private concern counted; the one settled after the period still open at its end"
    );
    assert_eq!(before["concerns_raised"], json!(0));
    // The private concern is counted, never described.
    let page = api.get(&format!("/w/{}/reports/{}", net.ws, id_of(&saved))).await.text().await.unwrap();
    assert!(!page.contains("Private worry"), "a concern is counted, never described");
}

/// A whole-network report of more than 60 partnerships: the API answers its list a page at a
/// time, the pages together hold every partnership once in name order with the same numbers as
/// one long page; the report page lists 100 at a time with links to the others, and its "at a
/// glance" names link only to sections the page renders. The maps of both periods' ends are drawn.
async fn a_large_report_comes_a_page_at_a_time_and_links_only_to_what_it_shows(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    for n in 0..100 {
        api.post(
            &net.path("/partnerships"),
            json!({"name": format!("Club {n:03}"), "kind": "school_community", "status": "active", "cadence": "monthly",
                   "members": [{"organization_id": net.school}, {"organization_id": net.library}]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    }
    app.run_network_jobs().await;
    let today = app.store.today();
    let saved = api
        .post(&net.path("/reports"), json!({"period": school_year_of(today)}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let report = net.path(&format!("/reports/{}", id_of(&saved)));

    let whole = api.read(&format!("{report}?limit=500")).await;
    assert_eq!((whole["partnerships_total"].clone(), whole["pages"].clone()), (json!(101), json!(1)));
    let mut names = Vec::new();
    for page in 1..=3 {
        let part = api.read(&format!("{report}?page={page}&limit=40")).await;
        assert_eq!((part["page"].clone(), part["pages"].clone()), (json!(page), json!(3)));
        assert_eq!(part["network"], whole["network"], "the network's figures on every page");
        for p in part["partnerships"].as_array().unwrap() {
            let same =
                whole["partnerships"].as_array().unwrap().iter().find(|w| w["partnership_id"] == p["partnership_id"]);
            assert_eq!(Some(p), same, "{} as in the one long page", p["name"]);
            names.push(p["name"].as_str().unwrap().to_owned());
        }
    }
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!((names.len(), &names), (101, &sorted), "every partnership once, in name order");
    for (query, field) in
        [("page=4&limit=40", "page"), ("page=0", "page"), ("limit=0", "limit"), ("limit=501", "limit")]
    {
        let answer = api.get(&format!("{report}?{query}")).await;
        assert_eq!(fields(&answer.json_ok(StatusCode::UNPROCESSABLE_ENTITY).await), vec![field], "{query}");
    }
    let csv = api.get(&format!("{report}/numbers.csv?page=2&limit=40")).await.text().await.unwrap();
    assert!(
        csv.contains(&format!("partnership,{},", names[40])) && !csv.contains(&format!("partnership,{},", names[0]))
    );

    let ui = app.ui_sign_in(&net.owner.email).await;
    let first = ui.page(&format!("/w/{}/reports/{}", net.ws, id_of(&saved))).await;
    assert!(first.contains("Partnerships 1–100 of 101 (page 1 of 2)"), "the page says which it lists");
    assert!(first.contains(&format!("/reports/{}?page=2", id_of(&saved))), "and links to the next");
    assert_eq!(first.matches("class=\"network-map\"").count(), 2, "the map at both periods' ends");
    let article = first.split("<article class=\"report\"").nth(1).and_then(|a| a.split("</article>").next()).unwrap();
    assert!(!article.contains("/organizations/"), "the report's maps link nowhere");
    let second = ui.page(&format!("/w/{}/reports/{}?page=2", net.ws, id_of(&saved))).await;
    assert!(
        second.contains(&names[100]) && !second.contains(&format!(">{}<", names[0])),
        "the second page lists the rest"
    );
    for page in [&first, &second] {
        for link in page.split("href=\"#p-").skip(1) {
            let target = link.split('"').next().unwrap();
            assert!(page.contains(&format!("id=\"p-{target}\"")), "a link to a section the page renders: {target}");
        }
    }

    // At most 60 partnerships: each has its section, and the glance links to it.
    let few: Vec<String> = whole["partnerships"].as_array().unwrap()[..3]
        .iter()
        .map(|p| p["partnership_id"].as_str().unwrap().to_owned())
        .collect();
    let chosen = api
        .post(&net.path("/reports"), json!({"period": school_year_of(today), "partnership_ids": few}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let page = ui.page(&format!("/w/{}/reports/{}", net.ws, id_of(&chosen))).await;
    for id in &few {
        assert!(page.contains(&format!("href=\"#p-{id}\"")) && page.contains(&format!("id=\"p-{id}\"")), "{id}");
    }
}

/// The report page printed to PDF by headless Chromium (WebDriver's print command) on A4 and US
/// Letter: one partnership per page run (a new page each), every page headed by the report's
/// title and period and footed by "Page i of n", no navigation or form printed, and no chart cut
/// across two pages. The pages are kept as PNGs in target/screenshots/reports/ for people to look at.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_prints_as_a_clean_document() {
    install_tls_provider();
    let app = TestApp::spawn(Backend::Sqlite).await;
    fill_with_demo(&app).await;
    let api = demo_login(&app, "coordinator@rapport.demo").await;
    let ws = demo_workspace(&api).await;
    let today = app.store.today();
    let year = school_year_of(today);
    let saved = api
        .post(&format!("/api/v1/workspaces/{ws}/reports"), json!({"period": year, "title": "Board report"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let report = api.read(&format!("/api/v1/workspaces/{ws}/reports/{}", id_of(&saved))).await;
    let partnerships = report["partnerships"].as_array().unwrap().len();
    let period = report["period"]["label"].as_str().unwrap().to_owned();

    let browser = crate::webdriver::Browser::start().await;
    browser.goto(&app.url("/login")).await;
    browser.fill("#f-email", "coordinator@rapport.demo").await;
    browser.fill("#f-password", DEMO_PASSWORD).await;
    browser.follow(".actions button[type=submit]").await;
    browser.goto(&app.url(&format!("/w/{ws}/reports/{}", id_of(&saved)))).await;
    assert_eq!(browser.text("h1").await, "Board report");

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots/reports");
    std::fs::create_dir_all(&dir).unwrap();
    browser.set_window_size(1280, 800).await;
    browser.screenshot(&dir.join("report-desktop.png")).await;
    browser.set_window_size(390, 844).await;
    browser.screenshot_screens(&dir, "report-phone").await;
    assert_eq!(browser.horizontal_overflow().await, 0, "nothing runs off a phone's screen");
    browser.set_window_size(1280, 800).await;

    for (paper, width, height) in [("a4", 21.0, 29.7), ("letter", 21.59, 27.94)] {
        let pdf = browser.print(width, height).await;
        let file = dir.join(format!("report-{paper}.pdf"));
        std::fs::write(&file, &pdf).unwrap();
        let info = run("pdfinfo", &[file.to_str().unwrap()]);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("pdfinfo reads the PDF: {info}"));
        assert!(pages > partnerships, "{paper}: the network, then each partnership from a new page: {pages} pages");
        for page in 1..=pages {
            let text = run(
                "pdftotext",
                &["-layout", "-f", &page.to_string(), "-l", &page.to_string(), file.to_str().unwrap(), "-"],
            );
            assert!(
                text.contains("Board report") && text.contains(&period),
                "{paper} page {page} is headed by the report: {text}"
            );
            assert!(text.contains(&format!("Page {page} of {pages}")), "{paper} page {page} is numbered: {text}");
            assert!(text.contains("made on"), "{paper} page {page} says when the report was made: {text}");
            assert!(
                !text.contains("Save the summary") && !text.contains("Make a link") && !text.contains("Search"),
                "{paper} page {page}: no forms or navigation: {text}"
            );
            // A chart opens with its legend and closes with its scale: both on the page, or neither.
            assert_eq!(
                text.matches("Compared:").count(),
                text.matches("scale 0 to").count(),
                "{paper} page {page}: a chart is cut: {text}"
            );
            assert_eq!(
                text.matches("At the start:").count(),
                text.matches("each month's end over the twelve").count(),
                "{paper} page {page}: a trend chart is cut: {text}"
            );
        }
        run(
            "pdftoppm",
            &["-png", "-r", "60", file.to_str().unwrap(), dir.join(format!("report-{paper}")).to_str().unwrap()],
        );
    }
}

fn run(program: &str, args: &[&str]) -> String {
    let output =
        Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program} runs (poppler-utils): {e}"));
    assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}
