//! The job queue and outgoing webhooks: jobs claimed by several runners run once, deliveries are
//! signed, failures are retried with the attempts in the delivery log, and only coordinators
//! and owners manage hooks.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rapport_core::webhook::verify;
use rapport_store::{NewJob, Retry, Store};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::on_both_backends;
use crate::support::*;
use crate::webdriver::Browser;

/// One request a receiver got.
#[derive(Debug, Clone)]
struct Received {
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

/// A webhook receiver on a random port: records every request and answers with `status`.
struct Receiver {
    url: String,
    status: Arc<AtomicU16>,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    fn start(status: u16) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let status = Arc::new(AtomicU16::new(status));
        let received = Arc::new(Mutex::new(Vec::new()));
        let (answer, log) = (status.clone(), received.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (answer, log) = (answer.clone(), log.clone());
                std::thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut line = String::new();
                    if reader.read_line(&mut line).is_err() || line.is_empty() {
                        return;
                    }
                    let mut headers = HashMap::new();
                    loop {
                        let mut header = String::new();
                        if reader.read_line(&mut header).is_err() {
                            return;
                        }
                        let header = header.trim_end();
                        if header.is_empty() {
                            break;
                        }
                        if let Some((name, value)) = header.split_once(':') {
                            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
                        }
                    }
                    let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
                    let mut body = vec![0; length];
                    if reader.read_exact(&mut body).is_err() {
                        return;
                    }
                    log.lock().unwrap().push(Received { headers, body });
                    let code = answer.load(Ordering::SeqCst);
                    let mut stream = stream;
                    let _ =
                        write!(stream, "HTTP/1.1 {code} Whatever\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
                });
            }
        });
        Receiver { url, status, received }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until at least `n` requests arrived.
    async fn wait_for(&self, n: usize) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let received = self.received();
            if received.len() >= n {
                return received;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the receiver got {} requests, expected {n}",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// A `rapport serve` process working on the test's database, stopped when dropped.
pub(crate) struct Runner(Child);

impl Runner {
    fn start(database_url: &str) -> Runner {
        Runner::start_with(database_url, &[])
    }

    /// A server with extra environment, e.g. an SMTP server to send through.
    pub(crate) fn start_with(database_url: &str, env: &[(&str, &str)]) -> Runner {
        let child = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(["serve", "--bind", "127.0.0.1:0", "--database", database_url])
            .env("RAPPORT_JOBS_POLL_MS", "100")
            .env("RAPPORT_JOBS_RETRY_BASE_MS", "200")
            .env("RAPPORT_LOG", "error")
            // The receivers listen on 127.0.0.1.
            .env("RAPPORT_WEBHOOK_ALLOW_PRIVATE", "true")
            .env_remove("RAPPORT_ADMIN_EMAIL")
            .env_remove("RAPPORT_ADMIN_PASSWORD")
            .env_remove("RAPPORT_DATABASE_URL")
            .env_remove("RAPPORT_BIND")
            .env_remove("RAPPORT_SMTP_URL")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start rapport serve");
        Runner(child)
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Polls `path` until `done` holds for its body.
async fn eventually(api: &Api, path: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        let body = api.read(path).await;
        if done(&body) {
            return body;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "{what}: {body}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn create_hook(net: &Network, url: &str, events: Value) -> (Uuid, String) {
    let hook = net
        .owner
        .api
        .post(&net.path("/webhooks"), json!({"url": url, "format": "json", "events": events}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let secret = hook["secret"].as_str().expect("the secret is shown on create").to_owned();
    (id_of(&hook), secret)
}

on_both_backends!(
    deliveries_are_signed_and_logged,
    failed_deliveries_are_retried_with_each_attempt_logged,
    only_coordinators_and_owners_manage_webhooks,
    claims_are_exclusive_and_scheduled_jobs_enqueued_once,
    two_servers_send_each_delivery_once,
    hooks_to_private_addresses_are_refused,
    coordinators_manage_webhooks_on_their_page,
    private_addresses_are_refused_when_a_hook_is_saved,
    a_test_reaches_the_hook_and_its_answer_is_logged,
    the_webhooks_page_names_a_refused_address_and_sends_a_test,
);

fn refusing_private_webhooks() -> ServerConfig {
    ServerConfig { refuse_private_webhooks: true, ..ServerConfig::default() }
}

/// A hook to this machine or its network is refused when it is saved, not only when it would be
/// sent: 422 naming `url`, and nothing is stored or changed.
async fn private_addresses_are_refused_when_a_hook_is_saved(backend: Backend) {
    let app = TestApp::spawn_configured(backend, refusing_private_webhooks(), |store| store).await;
    let net = app.network().await;
    for url in ["http://127.0.0.1/", "http://10.0.0.1/hook", "http://localhost:8080/hook", "http://[::1]/x"] {
        let problem = net
            .owner
            .api
            .post(&net.path("/webhooks"), json!({"url": url, "format": "json", "events": ["kudos.given"]}))
            .await
            .problem(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(fields(&problem), ["url"], "{url}: {problem}");
        assert!(problem.to_string().contains("private or local address"), "{problem}");
    }
    assert!(net.owner.api.ids(&net.path("/webhooks")).await.is_empty(), "nothing was saved");
    let (hook, _) = create_hook(&net, "https://hooks.example.org/rapport", json!(["kudos.given"])).await;
    let moved = net
        .owner
        .api
        .put(
            &net.path(&format!("/webhooks/{hook}")),
            json!({"url": "http://10.0.0.1/hook", "format": "json", "events": ["kudos.given"]}),
            None,
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&moved), ["url"], "{moved}");
    let kept = net.owner.api.read(&net.path(&format!("/webhooks/{hook}"))).await;
    assert_eq!(kept["url"], "https://hooks.example.org/rapport", "the hook is unchanged");
    let subscribed = net
        .owner
        .api
        .post(
            &net.path("/webhooks"),
            json!({"url": "https://hooks.example.org/x", "format": "json", "events": ["webhook.test"]}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&subscribed), ["events"], "the test is sent, not subscribed to: {subscribed}");
}

/// "Send a test" queues a `webhook.test` event through the job queue: the receiver gets it
/// signed, and the delivery log shows its answer. A member cannot send one.
async fn a_test_reaches_the_hook_and_its_answer_is_logged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let receiver = Receiver::start(200);
    let (hook, secret) = create_hook(&net, &receiver.url, json!(["kudos.given"])).await;
    let member = app.person(&net, "member", &[net.school]).await;
    let refused = member.api.post(&net.path(&format!("/webhooks/{hook}/test")), json!({})).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let queued = net
        .owner
        .api
        .post(&net.path(&format!("/webhooks/{hook}/test")), json!({}))
        .await
        .json_ok(StatusCode::ACCEPTED)
        .await;
    assert_eq!(queued["event"], "webhook.test");
    assert_eq!(queued["attempts"], 0, "queued, not yet sent: {queued}");
    let unknown = net.owner.api.post(&net.path(&format!("/webhooks/{}/test", Uuid::new_v4())), json!({})).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let _runner = Runner::start(app.database_url());
    let received = receiver.wait_for(1).await;
    assert_eq!(received[0].headers["x-rapport-event"], "webhook.test");
    assert!(verify(&secret, &received[0].body, &received[0].headers["x-rapport-signature"]), "signed");
    let log =
        eventually(&net.owner.api, &net.path(&format!("/webhooks/{hook}/deliveries")), "the test is logged", |log| {
            !log["items"][0]["delivered_at"].is_null()
        })
        .await;
    assert_eq!(log["items"][0]["event"], "webhook.test");
    assert_eq!(log["items"][0]["status_code"], 200);
}

/// On the webhooks page, a local address is named beside the field (the input kept), and
/// "Send a test" shows the test in the delivery log, waiting and then answered.
async fn the_webhooks_page_names_a_refused_address_and_sends_a_test(backend: Backend) {
    let app = TestApp::spawn_configured(backend, refusing_private_webhooks(), |store| store).await;
    let net = app.network().await;
    let browser = Browser::start().await;
    crate::browser::sign_in(&browser, &app, &net.owner.email).await;
    let page = app.url(&format!("/w/{}/webhooks", net.ws));
    browser.goto(&page).await;
    browser.fill("#f-url", "http://127.0.0.1:9/hook").await;
    browser.click("input[name=events][value='kudos.given']").await;
    browser.follow("#add button[type=submit]").await;
    let error = browser.find("#f-url-error").await.text().await;
    assert!(error.contains("private or local address"), "{error}");
    assert_eq!(browser.find("#f-url").await.property("value").await, json!("http://127.0.0.1:9/hook"));
    assert!(net.owner.api.ids(&net.path("/webhooks")).await.is_empty(), "nothing was saved");

    // The administrator's runner may reach the receiver; the hook is stored as an import would.
    let receiver = Receiver::start(200);
    let draft = rapport_core::webhook::WebhookDraft {
        url: receiver.url.clone(),
        format: rapport_core::webhook::WebhookFormat::Json,
        events: vec![rapport_core::webhook::EventKind::KudosGiven],
        partnership_id: None,
        active: None,
    };
    app.store.create_webhook(net.ws, &draft.validate().unwrap(), "whsec_test", None).await.unwrap();
    browser.goto(&page).await;
    browser.follow("#hooks form[action$='/test'] button").await;
    assert!(browser.text(".notice").await.contains("Test queued"));
    let log = browser.text("#deliveries").await;
    assert!(log.contains("Test") && log.contains("Waiting"), "{log}");
    let _runner = Runner::start(app.database_url());
    receiver.wait_for(1).await;
    let started = Instant::now();
    loop {
        browser.goto(&page).await;
        let log = browser.text("#deliveries").await;
        if log.contains("Delivered") {
            assert!(log.contains("answered 200"), "{log}");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "{log}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A coordinator adds a Slack hook on the webhooks page (after fixing what the form names),
/// sees its secret once and the deliveries waiting, replaces the secret and removes the hook;
/// a member cannot open the page.
async fn coordinators_manage_webhooks_on_their_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let member = app.sign_up(&format!("member-{}@example.org", short()), "Mo Member").await;
    app.join(&net, &member, "member", &[net.school]).await;
    let browser = Browser::start().await;
    crate::browser::sign_in(&browser, &app, &net.owner.email).await;
    browser.goto(&app.url(&format!("/w/{}/settings", net.ws))).await;
    browser.follow("#integrations a[href$='/webhooks']").await;
    assert_eq!(browser.text("h1").await, "Webhooks");
    assert!(browser.text("#hooks").await.contains("No webhooks yet"));

    browser.fill("#f-url", "hooks.slack.example/T00/B00").await;
    browser.follow("#add button[type=submit]").await;
    assert!(browser.find("#f-url-error").await.text().await.contains("http:// or https://"));
    assert!(browser.find("#f-events-error").await.text().await.contains("at least one event"));
    assert_eq!(
        browser.find("#f-url").await.property("value").await,
        json!("hooks.slack.example/T00/B00"),
        "the input is kept"
    );

    browser.fill("#f-url", "https://hooks.slack.example/T00/B00").await;
    browser.click("input[name=events][value='kudos.given']").await;
    browser.click("input[name=events][value='commitment.missed']").await;
    browser.select("#f-partnership_id", &net.partnership.to_string()).await;
    browser.follow("#add button[type=submit]").await;
    let first_secret = browser.text("#secret-value").await;
    assert!(first_secret.starts_with("whsec_"), "{first_secret}");
    let hooks = browser.text("#hooks").await;
    assert!(
        hooks.contains("https://hooks.slack.example/T00/B00")
            && hooks.contains("Slack")
            && hooks.contains("Commitment missed, Kudos given")
            && hooks.contains("Reading Buddies"),
        "{hooks}"
    );
    let listed = net.owner.api.read(&net.path("/webhooks")).await;
    assert_eq!(listed["items"][0]["format"], "slack");
    assert_eq!(listed["items"][0]["partnership_id"], json!(net.partnership));

    let kudos = json!({"partnership_id": net.partnership, "to_organization_id": net.library, "message": "Thanks for the book fair"});
    net.owner.api.post(&net.path("/kudos"), kudos).await.json_ok(StatusCode::CREATED).await;
    browser.goto(&app.url(&format!("/w/{}/webhooks", net.ws))).await;
    let log = browser.text("#deliveries").await;
    assert!(log.contains("Kudos given") && log.contains("Waiting") && log.contains("not sent yet"), "{log}");
    let jobs = browser.text("#jobs").await;
    assert!(jobs.contains("webhook") && jobs.contains("queued"), "the owner sees the background work: {jobs}");
    assert_eq!(browser.title().await, "Webhooks · Rapport", "the tab names the page, nothing more");
    let sections: i64 =
        browser.execute("return document.querySelectorAll('#jobs').length;", vec![]).await.as_i64().unwrap();
    assert_eq!(sections, 1, "the background work is shown once");
    let coordinator = app.person(&net, "coordinator", &[]).await;
    let page = coordinator.api.get(&format!("/w/{}/webhooks", net.ws)).await.text().await.unwrap();
    assert!(page.contains("Thanks for the book fair") || page.contains("Kudos given"), "coordinators manage hooks too");
    assert!(!page.contains("id=\"jobs\""), "but the job log is the owners'");

    browser.execute("window.confirm = () => true;", vec![]).await;
    browser.follow("#hooks form[action$='/secret'] button").await;
    let second_secret = browser.text("#secret-value").await;
    assert!(second_secret.starts_with("whsec_") && second_secret != first_secret, "a new secret: {second_secret}");

    let response = member.api.get(&format!("/w/{}/webhooks", net.ws)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "members do not manage webhooks");

    browser.execute("window.confirm = () => true;", vec![]).await;
    browser.follow("#hooks form[action$='/delete'] button").await;
    assert!(browser.text(".notice").await.contains("Webhook removed"));
    assert!(net.owner.api.read(&net.path("/webhooks")).await["items"].as_array().unwrap().is_empty());
}

/// Unless the administrator allows it, a hook cannot make the server call itself or its
/// network: an address written out and a name resolving to loopback are both refused, and the
/// delivery log says why.
async fn hooks_to_private_addresses_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let receiver = Receiver::start(200);
    let by_name = receiver.url.replace("127.0.0.1", "localhost");
    let (literal, _) = create_hook(&net, &receiver.url, json!(["kudos.given"])).await;
    let (named, _) = create_hook(&net, &by_name, json!(["kudos.given"])).await;
    let _runner = Runner::start_with(app.database_url(), &[("RAPPORT_WEBHOOK_ALLOW_PRIVATE", "false")]);
    let kudos = json!({"partnership_id": net.partnership, "to_organization_id": net.library, "message": "Thanks for the book fair"});
    net.owner.api.post(&net.path("/kudos"), kudos).await.json_ok(StatusCode::CREATED).await;
    for hook in [literal, named] {
        let log = eventually(
            &net.owner.api,
            &net.path(&format!("/webhooks/{hook}/deliveries")),
            "the refusal is logged",
            |log| log["items"][0]["error"].as_str().is_some_and(|e| e.contains("private or local address")),
        )
        .await;
        assert!(log["items"][0]["delivered_at"].is_null(), "{log}");
    }
    assert!(receiver.received().is_empty(), "nothing reached the local receiver");
}

/// A commitment made and kept reaches a hook as two signed JSON events, logged as delivered.
async fn deliveries_are_signed_and_logged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let receiver = Receiver::start(200);
    let (hook, secret) = create_hook(&net, &receiver.url, json!(["commitment.made", "commitment.kept"])).await;
    assert!(secret.starts_with("whsec_"), "{secret}");
    let listed = net.owner.api.read(&net.path("/webhooks")).await;
    assert_eq!(listed["items"][0]["events"], json!(["commitment.made", "commitment.kept"]));
    assert!(listed["items"][0].get("secret").is_none(), "the secret is shown once: {listed}");
    let _runner = Runner::start(app.database_url());

    let today = app.store.today();
    let made = net
        .owner
        .api
        .post(
            &net.path(&format!("/partnerships/{}/commitments", net.partnership)),
            json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": "Lend 30 books", "due_on": day(today, 7)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let commitment = id_of(&made);
    net.owner
        .api
        .post(&net.path(&format!("/commitments/{commitment}/done")), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;

    let received = receiver.wait_for(2).await;
    let mut events = Vec::new();
    for request in &received {
        let signature = request.headers.get("x-rapport-signature").expect("a signature header");
        assert!(verify(&secret, &request.body, signature), "the signature verifies: {signature}");
        assert!(!verify("another secret", &request.body, signature));
        assert_eq!(request.headers.get("content-type").map(String::as_str), Some("application/json"));
        let event: Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(event["data"]["id"], json!(commitment));
        assert_eq!(event["partnership_id"], json!(net.partnership));
        assert_eq!(event["workspace_id"], json!(net.ws));
        assert_eq!(request.headers.get("x-rapport-event").map(String::as_str), event["event"].as_str());
        assert_eq!(request.headers.get("x-rapport-delivery").map(String::as_str), event["id"].as_str());
        assert!(event["text"].as_str().unwrap().contains("Lend 30 books"));
        events.push(event["event"].as_str().unwrap().to_owned());
    }
    events.sort();
    assert_eq!(events, ["commitment.kept", "commitment.made"]);

    let log = eventually(
        &net.owner.api,
        &net.path(&format!("/webhooks/{hook}/deliveries")),
        "both deliveries are logged as delivered",
        |log| {
            log["items"]
                .as_array()
                .is_some_and(|items| items.len() == 2 && items.iter().all(|d| !d["delivered_at"].is_null()))
        },
    )
    .await;
    for delivery in log["items"].as_array().unwrap() {
        assert_eq!(delivery["status_code"], 200);
        assert_eq!(delivery["attempts"], 1);
        assert!(delivery["error"].is_null());
    }
    let jobs = eventually(&net.owner.api, &net.path("/jobs"), "the owner sees the webhook jobs done", |log| {
        log["jobs"]
            .as_array()
            .is_some_and(|jobs| jobs.iter().filter(|j| j["kind"] == "webhook" && j["state"] == "done").count() == 2)
    })
    .await;
    assert_eq!(jobs["deliveries"].as_array().unwrap().len(), 2);
    // Nothing is sent for events the hook does not listen for.
    let checkin = json!({"held_on": today.to_string(), "attendee_organization_ids": [net.school, net.library]});
    net.owner
        .api
        .post(&net.path(&format!("/partnerships/{}/checkins", net.partnership)), checkin)
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.received().len(), 2);

    // A leaked secret is replaced: later deliveries are signed with the new one only.
    let member = app.person(&net, "member", &[net.school]).await;
    member
        .api
        .post(&net.path(&format!("/webhooks/{hook}/secret")), json!({}))
        .await
        .problem(StatusCode::FORBIDDEN)
        .await;
    let other = app.network().await;
    other
        .owner
        .api
        .post(&other.path(&format!("/webhooks/{hook}/secret")), json!({}))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;
    let rotated = net
        .owner
        .api
        .post(&net.path(&format!("/webhooks/{hook}/secret")), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    let new_secret = rotated["secret"].as_str().expect("the new secret is shown once").to_owned();
    assert!(new_secret.starts_with("whsec_") && new_secret != secret, "{new_secret}");
    assert!(net.owner.api.read(&net.path(&format!("/webhooks/{hook}"))).await.get("secret").is_none());
    let body = json!({"promisor_organization_id": net.school, "promisee_organization_id": net.library, "description": "Share the reading logs", "due_on": day(today, 5)});
    net.owner
        .api
        .post(&net.path(&format!("/partnerships/{}/commitments", net.partnership)), body)
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let third = receiver.wait_for(3).await.pop().unwrap();
    let signature = third.headers.get("x-rapport-signature").expect("a signature header");
    assert!(verify(&new_secret, &third.body, signature), "signed with the new secret");
    assert!(!verify(&secret, &third.body, signature), "not with the old one");
}

/// A receiver answering 500 gets the delivery again and again, with a growing delay; each attempt
/// shows in the log, and the delivery goes through once the receiver recovers.
async fn failed_deliveries_are_retried_with_each_attempt_logged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let receiver = Receiver::start(500);
    let (hook, secret) = create_hook(&net, &receiver.url, json!(["commitment.made"])).await;
    let _runner = Runner::start(app.database_url());
    let body = json!({"promisor_organization_id": net.school, "description": "Host the fair", "due_on": day(app.store.today(), 3)});
    net.owner
        .api
        .post(&net.path(&format!("/partnerships/{}/commitments", net.partnership)), body)
        .await
        .json_ok(StatusCode::CREATED)
        .await;

    let received = receiver.wait_for(3).await;
    // The same delivery, the same body and signature each time.
    let ids: HashSet<&str> =
        received.iter().filter_map(|r| r.headers.get("x-rapport-delivery").map(String::as_str)).collect();
    assert_eq!(ids.len(), 1, "one delivery retried");
    assert!(received.iter().all(|r| verify(&secret, &r.body, &r.headers["x-rapport-signature"])));
    let path = net.path(&format!("/webhooks/{hook}/deliveries"));
    let log = eventually(&net.owner.api, &path, "the failed attempts are logged", |log| {
        log["items"][0]["attempts"].as_i64().is_some_and(|n| n >= 3)
    })
    .await;
    let delivery = &log["items"][0];
    assert_eq!(delivery["status_code"], 500);
    assert!(delivery["error"].as_str().unwrap().contains("500"), "{delivery}");
    assert!(delivery["delivered_at"].is_null());
    let jobs = net.owner.api.read(&net.path("/jobs")).await;
    let job = jobs["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["kind"] == "webhook")
        .expect("the webhook job is listed")
        .clone();
    assert!(job["last_error"].as_str().unwrap().contains("500"), "{job}");
    assert_ne!(job["state"], "done");

    receiver.status.store(200, Ordering::SeqCst);
    let log = eventually(&net.owner.api, &path, "the delivery goes through once the receiver recovers", |log| {
        !log["items"][0]["delivered_at"].is_null()
    })
    .await;
    let delivery = &log["items"][0];
    assert_eq!(delivery["status_code"], 200);
    assert!(delivery["error"].is_null());
    let attempts = delivery["attempts"].as_i64().unwrap();
    assert!(attempts >= 4, "{delivery}");
    assert_eq!(receiver.received().len() as i64, attempts, "one request per logged attempt");
}

/// Members and observers cannot manage hooks (403) nor see the job log (404); coordinators manage
/// hooks; only owners see the job log. Drafts are checked.
async fn only_coordinators_and_owners_manage_webhooks(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let member = app.person(&net, "member", &[net.school]).await;
    let observer = app.person(&net, "observer", &[]).await;
    let coordinator = app.person(&net, "coordinator", &[]).await;
    let hook = json!({"url": "https://hooks.example.org/rapport", "format": "slack", "events": ["kudos.given"]});
    member.api.post(&net.path("/webhooks"), hook.clone()).await.problem(StatusCode::FORBIDDEN).await;
    observer.api.post(&net.path("/webhooks"), hook.clone()).await.problem(StatusCode::FORBIDDEN).await;
    member.api.get(&net.path("/webhooks")).await.problem(StatusCode::FORBIDDEN).await;
    let created = coordinator.api.post(&net.path("/webhooks"), hook.clone()).await.json_ok(StatusCode::CREATED).await;
    let id = id_of(&created);
    member.api.get(&net.path(&format!("/webhooks/{id}/deliveries"))).await.problem(StatusCode::FORBIDDEN).await;
    member.api.delete(&net.path(&format!("/webhooks/{id}"))).await.problem(StatusCode::FORBIDDEN).await;

    // The job log is the owner's alone.
    for person in [&member, &observer, &coordinator] {
        person.api.get(&net.path("/jobs")).await.problem(StatusCode::NOT_FOUND).await;
    }
    net.owner.api.read(&net.path("/jobs")).await;
    let openapi = app.anonymous().read("/api/v1/openapi.json").await;
    assert!(openapi["paths"]["/api/v1/workspaces/{ws}/webhooks"]["post"].is_object());
    assert!(openapi["paths"]["/api/v1/workspaces/{ws}/webhooks/{id}/deliveries"]["get"].is_object());
    assert!(openapi["paths"]["/api/v1/workspaces/{ws}/jobs"]["get"].is_object());
    // Every workspace's jobs are the administrators'.
    net.owner.api.get("/api/v1/jobs").await.problem(StatusCode::NOT_FOUND).await;
    let hash = rapport_app::credentials::hash_password(PASSWORD.into()).await.unwrap();
    let email = format!("admin-{}@example.org", short());
    app.store.create_user(&email, "Ada Admin", &hash, true).await.unwrap();
    let admin = app.anonymous();
    admin.post("/api/v1/auth/login", json!({"email": email, "password": PASSWORD})).await.json_ok(StatusCode::OK).await;
    admin.read("/api/v1/jobs").await;
    // Another workspace's hook is not there.
    let other = app.network().await;
    other.owner.api.get(&other.path(&format!("/webhooks/{id}"))).await.problem(StatusCode::NOT_FOUND).await;
    net.owner.api.get(&net.path(&format!("/webhooks/{}", Uuid::now_v7()))).await.problem(StatusCode::NOT_FOUND).await;

    // Drafts are checked.
    let bad = coordinator
        .api
        .post(&net.path("/webhooks"), json!({"url": "ftp://x", "format": "json", "events": []}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&bad), ["url", "events"]);
    let bad = coordinator
        .api
        .post(&net.path("/webhooks"), json!({"url": "https://x.org", "format": "fax", "events": ["kudos.given"]}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&bad), ["format"]);
    let bad = coordinator
        .api
        .post(&net.path("/webhooks"), json!({"url": "https://x.org", "format": "teams", "events": ["kudos.given"], "partnership_id": other.partnership}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&bad), ["partnership_id"]);

    // Coordinators edit and delete.
    let updated = coordinator
        .api
        .put(
            &net.path(&format!("/webhooks/{id}")),
            json!({"url": "https://hooks.example.org/v2", "format": "teams", "events": ["warning.raised"], "partnership_id": net.partnership, "active": false}),
            None,
        )
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert_eq!(updated["format"], "teams");
    assert_eq!(updated["active"], false);
    assert_eq!(updated["partnership_id"], json!(net.partnership));
    assert!(updated.get("secret").is_none());
    coordinator.api.delete(&net.path(&format!("/webhooks/{id}"))).await;
    coordinator.api.get(&net.path(&format!("/webhooks/{id}"))).await.problem(StatusCode::NOT_FOUND).await;
    // With no hook, events queue nothing and requests work as before (the one job queued is the
    // network's measures, for the organisations and partnership the fixture made).
    let kudos = json!({"partnership_id": net.partnership, "to_organization_id": net.library, "message": "Thank you for the books"});
    member.api.post(&net.path("/kudos"), kudos).await.json_ok(StatusCode::CREATED).await;
    let jobs = app.store.recent_jobs(Some(net.ws), 10).await.unwrap();
    assert!(jobs.iter().all(|j| j.kind == rapport_store::NETWORK_JOB), "{jobs:?}");
}

/// Two stores on one database claim the same 50 jobs side by side: each job is claimed, and
/// run, exactly once. A scheduled job is enqueued once however many stores try. Failures back
/// off and are given up after the last attempt.
async fn claims_are_exclusive_and_scheduled_jobs_enqueued_once(backend: Backend) {
    let db = TestDb::create(backend).await;
    let first = Store::open(&db.url).await.unwrap();
    let second = Store::open(&db.url).await.unwrap();
    for n in 0..50 {
        assert!(first.enqueue_job(NewJob::new("test", json!({"n": n}))).await.unwrap());
    }
    let runs: Arc<Mutex<Vec<(usize, Uuid)>>> = Arc::new(Mutex::new(Vec::new()));
    let mut workers = Vec::new();
    for (index, store) in [first.clone(), second.clone(), first.clone(), second.clone()].into_iter().enumerate() {
        let runs = runs.clone();
        workers.push(tokio::spawn(async move {
            let worker = format!("worker-{index}");
            loop {
                let jobs = store.claim_due_jobs(&worker, 3, Duration::from_secs(60)).await.unwrap();
                if jobs.is_empty() {
                    break;
                }
                for job in jobs {
                    assert_eq!(job.state, "running");
                    assert_eq!(job.attempts, 1);
                    runs.lock().unwrap().push((index, job.id));
                    tokio::time::sleep(Duration::from_millis(2)).await;
                    assert!(store.complete_job(job.id, &worker).await.unwrap(), "the worker still holds its job");
                }
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    let runs = runs.lock().unwrap().clone();
    let distinct: HashSet<Uuid> = runs.iter().map(|(_, id)| *id).collect();
    assert_eq!(runs.len(), 50, "each job ran once");
    assert_eq!(distinct.len(), 50);
    let jobs = first.recent_jobs(None, 100).await.unwrap();
    assert_eq!(jobs.len(), 50);
    assert!(jobs.iter().all(|j| j.state == "done" && j.finished_at.is_some()));
    assert!(first.claim_due_jobs("late", 10, Duration::from_secs(60)).await.unwrap().is_empty());

    // A slot's job is stored once, whichever store enqueues it and however often.
    let slot =
        || NewJob { dedupe_key: Some("trust-sweep:2026-11-23T10:15".into()), ..NewJob::new("trust-sweep", json!({})) };
    let (a, b) = tokio::join!(first.enqueue_job(slot()), second.enqueue_job(slot()));
    assert!(a.unwrap() ^ b.unwrap(), "exactly one store enqueues the slot");
    assert!(!first.enqueue_job(slot()).await.unwrap());
    let sweeps = first.recent_jobs(None, 100).await.unwrap().into_iter().filter(|j| j.kind == "trust-sweep").count();
    assert_eq!(sweeps, 1);
    let sweep = first.claim_due_jobs("w", 10, Duration::from_secs(60)).await.unwrap();
    assert_eq!(sweep.len(), 1);
    assert!(!second.complete_job(sweep[0].id, "someone else").await.unwrap(), "only the holder completes a job");
    assert!(first.complete_job(sweep[0].id, "w").await.unwrap());

    // Failures back off (base × 2^(attempts − 1)) and are given up after the last attempt.
    first.enqueue_job(NewJob::new("flaky", json!({}))).await.unwrap();
    let base = Duration::from_millis(20);
    let mut outcomes = Vec::new();
    for attempt in 1..=rapport_store::MAX_ATTEMPTS {
        let started = Instant::now();
        let job = loop {
            if let Some(job) = second.claim_due_jobs("w", 1, Duration::from_secs(60)).await.unwrap().pop() {
                break job;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "the retry comes");
            tokio::time::sleep(Duration::from_millis(5)).await;
        };
        assert_eq!(job.attempts, attempt);
        let before = chrono::Utc::now();
        let outcome = second.fail_job(job.id, "w", &format!("attempt {attempt} failed"), base).await.unwrap().unwrap();
        if let Retry::At(at) = outcome {
            let delay = (at - before).num_milliseconds();
            let expected = 20 * (1 << (attempt - 1));
            assert!(
                delay >= expected - 5 && delay <= expected + 500,
                "attempt {attempt}: retried after {delay} ms, expected {expected}"
            );
        }
        outcomes.push(outcome);
    }
    assert!(outcomes[..outcomes.len() - 1].iter().all(|o| matches!(o, Retry::At(_))));
    assert_eq!(outcomes.last(), Some(&Retry::GaveUp));
    let flaky = first.recent_jobs(None, 1).await.unwrap().pop().unwrap();
    assert_eq!(flaky.state, "failed");
    assert_eq!(flaky.last_error.as_deref(), Some("attempt 8 failed"));
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        first.claim_due_jobs("w", 10, Duration::from_secs(60)).await.unwrap().is_empty(),
        "a failed job is not claimed again"
    );
    first.close().await;
    second.close().await;
}

/// Two `rapport serve` processes on one database share 50 webhook deliveries: the receiver gets
/// each exactly once.
async fn two_servers_send_each_delivery_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let receiver = Receiver::start(200);
    let (hook, _) = create_hook(&net, &receiver.url, json!(["kudos.given"])).await;
    for n in 0..50 {
        let kudos = json!({"partnership_id": net.partnership, "to_organization_id": net.library, "message": format!("Thanks #{n}")});
        net.owner.api.post(&net.path("/kudos"), kudos).await.json_ok(StatusCode::CREATED).await;
    }
    let _one = Runner::start(app.database_url());
    let _two = Runner::start(app.database_url());
    let received = receiver.wait_for(50).await;
    // Leave time for any duplicate to arrive.
    let path = net.path(&format!("/webhooks/{hook}/deliveries"));
    eventually(&net.owner.api, &path, "all 50 are logged as delivered", |log| {
        log["items"].as_array().is_some_and(|items| {
            items.len() == 50 && items.iter().all(|d| !d["delivered_at"].is_null() && d["attempts"] == 1)
        })
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received_after = receiver.received();
    assert_eq!(received_after.len(), 50, "no delivery is sent twice");
    let ids: HashSet<String> = received.iter().filter_map(|r| r.headers.get("x-rapport-delivery").cloned()).collect();
    assert_eq!(ids.len(), 50);
    let messages: HashSet<String> = received
        .iter()
        .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap()["data"]["message"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(messages.len(), 50);
}
