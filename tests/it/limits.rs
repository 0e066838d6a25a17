//! Issue 20, part A: a server safe to put on the internet. Each test replays an attack from the
//! issue and checks what the attacker now gets: lists and texts past their caps, control
//! characters, implausible days, a database held busy, oversized and mislabelled bodies,
//! cross-site writes with the session cookie, slow and silent connections, missing security
//! headers, and servers migrating an empty database together.

use std::time::{Duration, Instant};

use rapport_store::Store;
use rapport_store::archive::{ArchiveError, ImportRequest, SurveyAnswers};
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Database, SqliteTransactionMode, TransactionOptions, TransactionTrait};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::on_both_backends;
use crate::support::{Backend, ResponseExt, ServerConfig, TestApp, TestDb, fields, short};

on_both_backends!(
    lists_past_their_caps_are_refused_naming_the_field,
    control_characters_are_refused_and_never_reach_the_database,
    days_outside_1900_to_2200_are_refused,
    a_busy_database_answers_503_with_retry_after,
    oversized_malformed_and_mislabelled_bodies_answer_problems,
    cross_site_writes_with_the_session_cookie_are_refused,
    slow_and_silent_connections_are_closed,
    every_response_carries_the_security_headers,
    servers_migrating_an_empty_database_together_both_start,
);

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

async fn items(app: &TestApp, api: &crate::support::Api, path: &str) -> Vec<Value> {
    let _ = app;
    api.get(path).await.json_ok(StatusCode::OK).await["items"].as_array().cloned().unwrap_or_default()
}

async fn lists_past_their_caps_are_refused_naming_the_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let checkins = net.path(&format!("/partnerships/{}/checkins", net.partnership));
    let item = json!({"promisor_organization_id": net.school, "description": "Lend books", "due_on": "2030-01-01"});

    // The attack: 15,000 action items in one check-in. Refused at once, naming the list.
    let started = Instant::now();
    let attack = json!({"held_on": today(), "action_items": vec![item.clone(); 15_000]});
    let problem = api.post(&checkins, attack).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["action_items"]);
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("at most 50"), "{problem}");
    assert!(started.elapsed() < Duration::from_secs(5), "refused without writing: {:?}", started.elapsed());
    let too_many = json!({"held_on": today(), "action_items": vec![item.clone(); 51]});
    let problem = api.post(&checkins, too_many).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["action_items"]);
    assert!(items(&app, api, &checkins).await.is_empty(), "nothing was recorded");
    let attendees = json!({"held_on": today(), "attendee_user_ids": vec![net.owner.id; 201]});
    let problem = api.post(&checkins, attendees).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["attendee_user_ids"]);
    // At the cap is fine.
    api.post(&checkins, json!({"held_on": today(), "action_items": vec![item; 50]}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;

    // Other lists: a partnership's members, an organisation's focus areas, a person's
    // organisations, a webhook's events.
    let members: Vec<Value> = (0..101).map(|_| json!({"organization_id": uuid::Uuid::now_v7()})).collect();
    let body = json!({"name": "Huge", "kind": "school_community", "status": "active", "cadence": "monthly", "members": members});
    let problem = api.post(&net.path("/partnerships"), body).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["members"]);
    let areas: Vec<String> = (0..31).map(|i| format!("area {i}")).collect();
    let body = json!({"name": "Many interests", "kind": "nonprofit", "focus_areas": areas});
    let problem = api.post(&net.path("/organizations"), body).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["focus_areas"]);
    let organizations = vec![net.school; 51];
    let problem = api
        .put(
            &net.path(&format!("/members/{}", net.owner.id)),
            json!({"role": "owner", "organizations": organizations}),
            None,
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["organizations"]);
    let events = vec!["commitment.missed"; rapport_core::validate::limits::WEBHOOK_EVENTS + 1];
    let body = json!({"url": "https://hooks.example.org/x", "format": "json", "events": events});
    let problem = api.post(&net.path("/webhooks"), body).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["events"]);
}

async fn control_characters_are_refused_and_never_reach_the_database(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let organizations = net.path("/organizations");
    let before = items(&app, api, &organizations).await.len();

    // PostgreSQL used to answer 500 for NUL; SQLite stored it. Now both refuse, naming the field.
    for (body, field) in [
        (json!({"name": "Lincoln\u{0}", "kind": "school"}), "name"),
        (json!({"name": "Bell", "kind": "school", "mission": "ring \u{7} ring"}), "mission"),
        (json!({"name": "Carriage", "kind": "school", "mission": "one\rtwo"}), "mission"),
        (json!({"name": "C1", "kind": "school", "focus_areas": ["\u{85}reading"]}), "focus_areas[0]"),
    ] {
        let problem = api.post(&organizations, body).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&problem), [field], "{problem}");
    }
    let checkins = net.path(&format!("/partnerships/{}/checkins", net.partnership));
    let item = json!({"promisor_organization_id": net.school, "description": "Lend\u{0}books", "due_on": "2030-01-01"});
    let problem = api
        .post(&checkins, json!({"held_on": today(), "action_items": [item]}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["action_items[0].description"]);
    // Signing in, and a query parameter.
    let problem = app
        .anonymous()
        .post("/api/v1/auth/login", json!({"email": "a\u{0}@example.org", "password": "x"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["email"]);
    let problem =
        api.get(&format!("{organizations}?cursor=a%00b")).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["cursor"]);
    // A form in the web UI.
    let ui = app.ui_sign_in(&net.owner.email).await;
    let csrf = ui.csrf(&format!("/w/{}/organizations/new", net.ws)).await;
    let response = ui
        .post_form(
            &format!("/w/{}/organizations", net.ws),
            &[("csrf", &csrf), ("name", "Lincoln\u{0}"), ("kind", "school")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap().contains("control characters"));
    assert_eq!(items(&app, api, &organizations).await.len(), before, "nothing was stored");

    // Tab, newline and a form's CRLF are text; CRLF is kept as a newline.
    let created = api
        .post(&organizations, json!({"name": "Tabs", "kind": "school", "mission": "one\r\ntwo\tthree"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    assert_eq!(created["mission"], "one\ntwo\tthree");

    // An archive carrying one is refused with a sentence naming the place, not a database error.
    let mut document = Vec::new();
    app.store.export_workspace(net.ws, SurveyAnswers::Withheld, &mut document, &|_, _| {}).await.unwrap();
    let text = String::from_utf8(document).unwrap().replace("Lincoln Elementary", "Lincoln\\u0000Elementary");
    let request = ImportRequest {
        document: text.as_bytes(),
        name: Some("Copy".into()),
        owner: net.owner.id,
        new_webhook_secret: &|| "whsec_new".into(),
    };
    match app.store.import_workspace(request, &|_, _| {}).await {
        Err(ArchiveError::BadFile(why)) => {
            assert!(why.contains("organizations[") && why.contains("control character"), "{why}");
        }
        Err(other) => panic!("refused for the wrong reason: {other}"),
        Ok(_) => panic!("an archive with NUL in a name was imported"),
    }
}

async fn days_outside_1900_to_2200_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let checkins = net.path(&format!("/partnerships/{}/checkins", net.partnership));
    let problem =
        api.post(&checkins, json!({"held_on": "0000-01-01"})).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["held_on"]);
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("1900 and 2200"));
    let commitments = net.path(&format!("/partnerships/{}/commitments", net.partnership));
    let far = json!({"promisor_organization_id": net.school, "description": "Plant an oak", "due_on": "+10000-01-01"});
    let problem = api.post(&commitments, far).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["due_on"]);
    let late = json!({"promisor_organization_id": net.school, "description": "Plant an oak", "due_on": "2201-01-01"});
    let problem = api.post(&commitments, late).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["due_on"]);
    assert!(items(&app, api, &commitments).await.is_empty());
    // The bounds themselves are days people may give.
    api.post(&checkins, json!({"held_on": "1900-01-01"})).await.json_ok(StatusCode::CREATED).await;
    let edge = json!({"promisor_organization_id": net.school, "description": "Plant an oak", "due_on": "2200-12-31"});
    api.post(&commitments, edge).await.json_ok(StatusCode::CREATED).await;
}

async fn a_busy_database_answers_503_with_retry_after(backend: Backend) {
    let config = ServerConfig { busy_deadline: Some(Duration::from_secs(1)), ..ServerConfig::default() };
    let app = TestApp::spawn_configured(backend, config, |store| store).await;
    let net = app.network().await;
    let ui = app.ui_sign_in(&net.owner.email).await;
    let csrf = ui.csrf(&format!("/w/{}/organizations/new", net.ws)).await;

    // Another connection holds the database's write lock (SQLite) or the organisations table
    // (PostgreSQL), as a long write would.
    let holder = Database::connect(app.database_url()).await.unwrap();
    let lock = match backend {
        Backend::Sqlite => {
            let options = TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            };
            holder.begin_with_options(options).await.unwrap()
        }
        Backend::Postgres => {
            let txn = holder.begin().await.unwrap();
            txn.execute_unprepared("LOCK TABLE organizations IN ACCESS EXCLUSIVE MODE").await.unwrap();
            txn
        }
    };
    let started = Instant::now();
    let response = net.owner.api.post(&net.path("/organizations"), json!({"name": "Waiting", "kind": "school"})).await;
    assert_eq!(response.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("5"));
    let problem = response.problem(StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(problem["detail"].as_str().unwrap().contains("busy"), "{problem}");
    assert!(started.elapsed() < Duration::from_secs(15), "answered at the deadline: {:?}", started.elapsed());
    let page = ui
        .post_form(&format!("/w/{}/organizations", net.ws), &[("csrf", &csrf), ("name", "Waiting"), ("kind", "school")])
        .await;
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.headers().contains_key("retry-after"));
    assert!(page.text().await.unwrap().contains("try again"));
    lock.rollback().await.unwrap();
    holder.close().await.unwrap();

    // Once the lock is gone the same request works: nothing was half-written.
    net.owner
        .api
        .post(&net.path("/organizations"), json!({"name": "Waiting", "kind": "school"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
}

async fn oversized_malformed_and_mislabelled_bodies_answer_problems(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let organizations = net.path("/organizations");
    let big = json!({"name": "x".repeat(2_200_000), "kind": "school"});
    let problem = api.post(&organizations, big).await.problem(StatusCode::PAYLOAD_TOO_LARGE).await;
    assert!(problem["detail"].as_str().unwrap().contains("2 MiB"), "{problem}");
    let csv = format!("name,kind\n{}", "Lincoln,school\n".repeat(150_000));
    let response = api
        .request(Method::POST, &net.path("/imports/organizations"))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    response.problem(StatusCode::PAYLOAD_TOO_LARGE).await;
    let malformed = api
        .request(Method::POST, &organizations)
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    malformed.problem(StatusCode::BAD_REQUEST).await;
    let mislabelled = api
        .request(Method::POST, &organizations)
        .header("content-type", "text/plain; x=+json")
        .body(r#"{"name": "Plain", "kind": "school"}"#)
        .send()
        .await
        .unwrap();
    mislabelled.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    let ui = app.ui_sign_in(&net.owner.email).await;
    let csrf = ui.csrf(&format!("/w/{}/organizations/new", net.ws)).await;
    let huge = "y".repeat(2_200_000);
    let page = ui
        .post_form(&format!("/w/{}/organizations", net.ws), &[("csrf", &csrf), ("name", &huge), ("kind", "school")])
        .await;
    assert_eq!(page.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.text().await.unwrap().contains("more than Rapport takes"));
}

async fn cross_site_writes_with_the_session_cookie_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let organizations = net.path("/organizations");
    let before = items(&app, api, &organizations).await.len();
    let evil = "http://evil.example";
    let send = |content_type: &'static str, origin: Option<(&'static str, &str)>, path: &str, body: &'static str| {
        let mut request = api.request(Method::POST, path).header("content-type", content_type).body(body);
        if let Some((name, value)) = origin {
            request = request.header(name, value.to_owned());
        }
        request.send()
    };
    // The attack from the issue: a form-encodable content type that merely mentions +json.
    let response =
        send("text/plain; x=+json", Some(("origin", evil)), &organizations, r#"{"name":"Evil","kind":"school"}"#).await;
    response.unwrap().problem(StatusCode::FORBIDDEN).await;
    // Proper JSON from another site, with Origin or only a Referer, and a token made for the attacker.
    let json = r#"{"name":"Evil","kind":"school"}"#;
    send("application/json", Some(("origin", evil)), &organizations, json)
        .await
        .unwrap()
        .problem(StatusCode::FORBIDDEN)
        .await;
    send("application/json", Some(("referer", "http://evil.example/page")), &organizations, json)
        .await
        .unwrap()
        .problem(StatusCode::FORBIDDEN)
        .await;
    send("application/json", Some(("origin", evil)), "/api/v1/auth/tokens", r#"{"name":"stolen"}"#)
        .await
        .unwrap()
        .problem(StatusCode::FORBIDDEN)
        .await;
    // Without an Origin (no browser), the media type alone decides: text/plain is not JSON.
    send("text/plain; x=+json", None, &organizations, json)
        .await
        .unwrap()
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE)
        .await;
    assert_eq!(items(&app, api, &organizations).await.len(), before, "the attacker created nothing");

    // This server's own pages may write, and a bearer token is no browser's: any Origin passes.
    let own = format!("http://{}", app.addr);
    let mine = r#"{"name":"Mine","kind":"school"}"#;
    send("application/json", Some(("origin", &own)), &organizations, mine)
        .await
        .unwrap()
        .json_ok(StatusCode::CREATED)
        .await;
    let token = api.post("/api/v1/auth/tokens", json!({"name": "script"})).await.json_ok(StatusCode::CREATED).await;
    let script = api.with_token(token["token"].as_str().unwrap());
    script
        .request(Method::POST, &organizations)
        .header("origin", evil)
        .json(&json!({"name": "Scripted", "kind": "school"}))
        .send()
        .await
        .unwrap()
        .json_ok(StatusCode::CREATED)
        .await;
    // A UI form posted from another site is refused too, even carrying a valid CSRF token.
    let ui = app.ui_sign_in(&net.owner.email).await;
    let csrf = ui.csrf(&format!("/w/{}/organizations/new", net.ws)).await;
    let body = crate::support::form_body(&[("csrf", &csrf), ("name", "Forged"), ("kind", "school")]);
    let page = ui
        .client
        .post(app.url(&format!("/w/{}/organizations", net.ws)))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", evil)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    assert_eq!(items(&app, api, &organizations).await.len(), before + 2);
}

/// Reads until the server closes the connection; how long that took, or `None` after `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buffer = [0u8; 4096];
    loop {
        match tokio::time::timeout(limit.saturating_sub(started.elapsed()), stream.read(&mut buffer)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => {}
        }
    }
}

async fn slow_and_silent_connections_are_closed(backend: Backend) {
    let timeouts = rapport_http::Timeouts {
        header_read: Duration::from_secs(1),
        body: Duration::from_secs(1),
        shutdown: Duration::from_secs(1),
    };
    let config = ServerConfig { timeouts: Some(timeouts), ..ServerConfig::default() };
    let app = TestApp::spawn_configured(backend, config, |store| store).await;
    let limit = Duration::from_secs(6);

    // A connection that never says anything.
    let mut silent = TcpStream::connect(app.addr).await.unwrap();
    assert!(closed_within(&mut silent, limit).await.is_some(), "a silent connection stays open");

    // A slow-loris: a header line every 300 ms, never the end of the head.
    let mut slow = TcpStream::connect(app.addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: rapport\r\n").await.unwrap();
    let started = Instant::now();
    let mut closed = false;
    while started.elapsed() < limit {
        if slow.write_all(b"X-Slow: 1\r\n").await.is_err() {
            closed = true;
            break;
        }
        let mut byte = [0u8; 1];
        if let Ok(Ok(0) | Err(_)) = tokio::time::timeout(Duration::from_millis(300), slow.read(&mut byte)).await {
            closed = true;
            break;
        }
    }
    assert!(closed, "a slow-loris connection stayed open {:?}", started.elapsed());

    // A kept-alive connection idle after its request.
    let mut idle = TcpStream::connect(app.addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: rapport\r\n\r\n").await.unwrap();
    assert!(closed_within(&mut idle, limit).await.is_some(), "an idle kept-alive connection stays open");

    // A body that stops arriving: the request ends with a problem, not a wait without end.
    let mut stalled = TcpStream::connect(app.addr).await.unwrap();
    stalled
        .write_all(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: rapport\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\"")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let started = Instant::now();
    let mut buffer = [0u8; 4096];
    while started.elapsed() < limit {
        match tokio::time::timeout(Duration::from_millis(200), stalled.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&buffer[..n]),
            Err(_) if !answer.is_empty() => break,
            Err(_) => {}
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "a stalled body gets {answer:?} after {:?}", started.elapsed());
    assert!(answer.contains("application/problem+json"), "{answer}");
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = reqwest::Client::new();
    for path in ["/api/docs/", "/no-such-page", "/api/v1/no-such-route", "/api/v1/openapi.json", "/login", "/healthz"] {
        let response = client.get(app.url(path)).send().await.unwrap();
        let headers = response.headers();
        let csp = headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp:?}");
        assert_eq!(headers.get("x-content-type-options").map(|v| v.to_str().unwrap()), Some("nosniff"), "{path}");
        assert_eq!(headers.get("x-frame-options").map(|v| v.to_str().unwrap()), Some("DENY"), "{path}");
        assert!(headers.get("strict-transport-security").is_none(), "{path}: no HSTS over plain http");
    }
    // The docs page runs: its one inline script is allowed by its hash, nothing else inline.
    let docs = client.get(app.url("/api/docs/")).send().await.unwrap();
    let csp = docs.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let html = docs.text().await.unwrap();
    let script =
        html.split("<script>").nth(1).and_then(|rest| rest.split("</script>").next()).expect("an inline script");
    assert!(csp.contains(&format!("'sha256-{}'", rapport_http::guard::script_hash(script))), "{csp}");
    let script_src = csp.split(';').map(str::trim).find(|d| d.starts_with("script-src")).unwrap_or_default();
    assert!(!script_src.contains("unsafe-inline"), "no other inline script runs: {script_src}");

    // Served under an https address, every answer asks browsers to keep to https.
    let config = ServerConfig { base_url: Some("https://rapport.example.org".into()), ..ServerConfig::default() };
    let secure = TestApp::spawn_configured(backend, config, |store| store).await;
    for path in ["/login", "/no-such-page", "/api/docs/"] {
        let response = client.get(secure.url(path)).send().await.unwrap();
        assert_eq!(
            response.headers().get("strict-transport-security").map(|v| v.to_str().unwrap()),
            Some("max-age=31536000"),
            "{path}"
        );
    }
}

async fn servers_migrating_an_empty_database_together_both_start(backend: Backend) {
    let db = TestDb::create(backend).await;
    let (a, b, c) = tokio::join!(Store::open(&db.url), Store::open(&db.url), Store::open(&db.url));
    let (a, b, c) = (a.expect("first"), b.expect("second"), c.expect("third"));
    // The schema is whole and shared: what one writes, another reads.
    let email = format!("both-{}@example.org", short());
    let user = a.create_user(&email, "Both", "hash", false).await.expect("write through the first");
    assert!(b.user_by_email(&email).await.unwrap().is_some_and(|(u, _)| u.id == user.id));
    for store in [a, b, c] {
        store.close().await;
    }
}
