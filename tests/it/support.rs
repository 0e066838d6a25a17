//! Test harness: a fresh database per test on either backend, the real server on port 0, and
//! HTTP clients signed in as people with chosen roles.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rapport_http::AppState;
use rapport_store::Store;
use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use uuid::Uuid;

/// Generates `mod name { fn sqlite(); fn postgres(); }` for each async test `name(Backend)`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    $crate::support::install_tls_provider();
                    super::$name($crate::support::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    $crate::support::install_tls_provider();
                    super::$name($crate::support::Backend::Postgres).await
                }
            }
        )*
    };
}

/// reqwest is built without a TLS provider (the binary installs ring in `main`); the test
/// clients need it installed too. Installing twice is harmless.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests create their databases on. `scripts/test` sets the variable; the
/// default is the local server.
pub fn postgres_admin_url() -> String {
    std::env::var("RAPPORT_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database that exists for one test and is removed afterwards.
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Directory(PathBuf),
    PostgresDatabase { admin_url: String, name: String },
}

impl TestDb {
    pub async fn create(backend: Backend) -> TestDb {
        let tag = Uuid::new_v4().simple().to_string();
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("rapport-test-{tag}"));
                std::fs::create_dir_all(&dir).expect("create a temporary directory");
                TestDb {
                    url: format!("sqlite://{}", dir.join("rapport.db").display()),
                    cleanup: Cleanup::Directory(dir),
                }
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let name = format!("rapport_test_{tag}");
                let admin = Database::connect(&admin_url).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL tests need a server: set RAPPORT_TEST_POSTGRES_URL or run scripts/test ({admin_url}: {e})")
                });
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create the test database");
                admin.close().await.ok();
                let base = admin_url.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin_url);
                TestDb { url: format!("{base}/{name}"), cleanup: Cleanup::PostgresDatabase { admin_url, name } }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Directory(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime, which cannot be blocked on; use a thread.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                    runtime.block_on(async {
                        if let Ok(admin) = Database::connect(&admin_url).await {
                            let _ =
                                admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                            admin.close().await.ok();
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// What [`TestApp::spawn_configured`] may change; the defaults are `rapport serve`'s.
#[derive(Default)]
pub struct ServerConfig {
    pub busy_deadline: Option<std::time::Duration>,
    pub timeouts: Option<rapport_http::Timeouts>,
    /// The public address; the server's own `http://127.0.0.1:port` when absent.
    pub base_url: Option<String>,
    /// E-mail goes out (invitations and reset links are queued as e-mail jobs; a `rapport
    /// serve` with an SMTP server sends them).
    pub mail: bool,
    /// Behind a trusted proxy: `X-Forwarded-For` names the client.
    pub trusted_proxy: bool,
    /// Hooks to loopback and private addresses are refused when saved, as `rapport serve`
    /// refuses them by default; the other tests' receivers listen on 127.0.0.1, so they allow them.
    pub refuse_private_webhooks: bool,
}

/// A running Rapport server with its own database.
pub struct TestApp {
    pub addr: SocketAddr,
    pub store: Store,
    /// The server's application, for what it counts (network computations).
    pub app: rapport_app::App,
    pub backend: Backend,
    server: tokio::task::JoinHandle<()>,
    // Dropped last: the server must stop using the database before it is removed.
    db: TestDb,
}

pub const PASSWORD: &str = "a long test password";

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        TestApp::spawn_with(backend, |store| store).await
    }

    /// A server whose store is adjusted first, e.g. given a clock the test moves.
    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(Store) -> Store) -> TestApp {
        TestApp::spawn_configured(backend, ServerConfig::default(), adjust).await
    }

    /// A server with chosen deadlines, timeouts or public address.
    pub async fn spawn_configured(
        backend: Backend,
        config: ServerConfig,
        adjust: impl FnOnce(Store) -> Store,
    ) -> TestApp {
        let db = TestDb::create(backend).await;
        let deadline = config.busy_deadline.unwrap_or(rapport_store::BUSY_DEADLINE);
        let store = adjust(Store::open_with_deadline(&db.url, deadline).await.expect("open the test database"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a free port");
        let addr = listener.local_addr().unwrap();
        let app = rapport_app::App::new(store.clone())
            .with_mail(config.mail)
            .with_private_webhooks(!config.refuse_private_webhooks);
        let state = AppState {
            app: app.clone(),
            secure_cookies: false,
            base_url: config.base_url.unwrap_or_else(|| format!("http://{addr}")),
            trusted_proxy: config.trusted_proxy,
        };
        let timeouts = config.timeouts.unwrap_or_default();
        let server = tokio::spawn(async move {
            rapport_http::serve_with(listener, state, timeouts).await.expect("server runs");
        });
        TestApp { addr, store, app, backend, server, db }
    }

    /// Runs the due `network` jobs as `rapport serve`'s runner would (the tests run no runner),
    /// leaving every other job queued; answers how many ran.
    pub async fn run_network_jobs(&self) -> usize {
        let lease = std::time::Duration::from_secs(60);
        let jobs = self.store.claim_due_jobs_of_kind("test", rapport_store::NETWORK_JOB, 100, lease).await.unwrap();
        for job in &jobs {
            self.app.run_network_job(job).await.expect("the network job runs");
            self.store.complete_job(job.id, "test").await.unwrap();
        }
        jobs.len()
    }

    /// The test's own database, for tests that inspect what is stored.
    pub fn database_url(&self) -> &str {
        &self.db.url
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A client with no credentials.
    pub fn anonymous(&self) -> Api {
        Api {
            app_url: format!("http://{}", self.addr),
            client: Client::builder().cookie_store(true).build().unwrap(),
            token: None,
        }
    }

    /// Creates an account and returns a client signed in as it (through the login API).
    pub async fn sign_up(&self, email: &str, name: &str) -> Person {
        let hash = rapport_app::credentials::hash_password(PASSWORD.into()).await.unwrap();
        let user = self.store.create_user(email, name, &hash, false).await.expect("create user");
        let api = self.anonymous();
        let response = api.post("/api/v1/auth/login", json!({"email": email, "password": PASSWORD})).await;
        assert_eq!(response.status(), StatusCode::OK, "login works");
        Person { id: user.id, email: email.into(), api }
    }

    /// A workspace owned by a fresh account, with two organisations and a partnership between them.
    pub async fn network(&self) -> Network {
        let owner = self.sign_up(&format!("owner-{}@example.org", short()), "Olive Owner").await;
        let ws = owner
            .api
            .post("/api/v1/workspaces", json!({"name": "Eastside Learning Network"}))
            .await
            .json_ok(StatusCode::CREATED)
            .await;
        let ws = id_of(&ws);
        let school = owner
            .api
            .post(
                &format!("/api/v1/workspaces/{ws}/organizations"),
                json!({"name": "Lincoln Elementary", "kind": "school"}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await;
        let library = owner
            .api
            .post(
                &format!("/api/v1/workspaces/{ws}/organizations"),
                json!({"name": "Eastside Library", "kind": "library"}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await;
        let partnership = owner
            .api
            .post(
                &format!("/api/v1/workspaces/{ws}/partnerships"),
                json!({"name": "Reading Buddies", "kind": "school_community", "status": "active", "cadence": "monthly",
                       "members": [{"organization_id": id_of(&school)}, {"organization_id": id_of(&library)}]}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await;
        Network { ws, school: id_of(&school), library: id_of(&library), partnership: id_of(&partnership), owner }
    }

    /// Adds `person` to the network's workspace with `role`, belonging to `organizations`.
    pub async fn join(&self, network: &Network, person: &Person, role: &str, organizations: &[Uuid]) {
        self.store.set_member(network.ws, person.id, role.parse().unwrap()).await.unwrap();
        self.store.set_member_organizations(network.ws, person.id, organizations).await.unwrap();
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A second server on a test app's database, with a store (and memory) of its own: what another
/// `rapport serve` process would be.
pub struct AnotherServer {
    pub addr: SocketAddr,
    server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    pub async fn another_server(&self) -> AnotherServer {
        let store = Store::open(&self.db.url).await.expect("open the test database again");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a free port");
        let addr = listener.local_addr().unwrap();
        let state = AppState {
            app: rapport_app::App::new(store),
            secure_cookies: false,
            base_url: format!("http://{addr}"),
            trusted_proxy: false,
        };
        let server = tokio::spawn(async move {
            rapport_http::serve(listener, state).await.expect("server runs");
        });
        AnotherServer { addr, server }
    }
}

impl Drop for AnotherServer {
    fn drop(&mut self) {
        self.server.abort();
    }
}

pub fn short() -> String {
    Uuid::new_v4().simple().to_string()[..8].to_owned()
}

pub fn id_of(value: &Value) -> Uuid {
    value["id"].as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no id in {value}"))
}

/// A person with an account and a signed-in client.
pub struct Person {
    pub id: Uuid,
    pub email: String,
    pub api: Api,
}

/// A workspace with two organisations in one partnership, owned by `owner`.
pub struct Network {
    pub ws: Uuid,
    pub school: Uuid,
    pub library: Uuid,
    pub partnership: Uuid,
    pub owner: Person,
}

impl Network {
    pub fn path(&self, rest: &str) -> String {
        format!("/api/v1/workspaces/{}{}", self.ws, rest)
    }
}

/// A thin HTTP client for the API.
#[derive(Clone)]
pub struct Api {
    app_url: String,
    pub client: Client,
    token: Option<String>,
}

impl Api {
    /// The same credentials against another server (cookies go by host, not port).
    pub fn at(&self, server: &AnotherServer) -> Api {
        Api { app_url: format!("http://{}", server.addr), client: self.client.clone(), token: self.token.clone() }
    }

    pub fn with_token(&self, token: &str) -> Api {
        Api { app_url: self.app_url.clone(), client: Client::new(), token: Some(token.to_owned()) }
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let builder = self.client.request(method, format!("{}{}", self.app_url, path));
        match &self.token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await.expect("request")
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.request(Method::POST, path).json(&body).send().await.expect("request")
    }

    pub async fn put(&self, path: &str, body: Value, etag: Option<&str>) -> Response {
        let mut builder = self.request(Method::PUT, path).json(&body);
        if let Some(etag) = etag {
            builder = builder.header("If-Match", etag);
        }
        builder.send().await.expect("request")
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.request(Method::DELETE, path).send().await.expect("request")
    }
}

pub trait ResponseExt {
    /// Asserts the status and returns the JSON body.
    async fn json_ok(self, status: StatusCode) -> Value;
    /// Asserts a problem+json answer with this status and returns it.
    async fn problem(self, status: StatusCode) -> Value;
}

impl ResponseExt for Response {
    async fn json_ok(self, status: StatusCode) -> Value {
        let actual = self.status();
        let url = self.url().clone();
        let body = self.text().await.unwrap_or_default();
        assert_eq!(actual, status, "{url} answered {actual}: {body}");
        serde_json::from_str(&body).unwrap_or(Value::Null)
    }

    async fn problem(self, status: StatusCode) -> Value {
        let actual = self.status();
        let content_type = self.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let url = self.url().clone();
        let body = self.text().await.unwrap_or_default();
        assert_eq!(actual, status, "{url} answered {actual}: {body}");
        assert_eq!(content_type, "application/problem+json", "{url}: errors are problem+json");
        let problem: Value = serde_json::from_str(&body).expect("problem body is JSON");
        assert_eq!(problem["status"], status.as_u16());
        assert!(problem["detail"].as_str().is_some_and(|d| !d.is_empty()), "a problem says what is wrong");
        problem
    }
}

/// The fields a validation problem names.
pub fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| errors.iter().filter_map(|e| e["field"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// A browser-like HTTP client for the web UI: keeps cookies, does not follow redirects (tests
/// look at them), and posts forms.
pub struct UiClient {
    app_url: String,
    pub client: Client,
}

/// `application/x-www-form-urlencoded`, as a browser encodes a form.
pub fn form_body(pairs: &[(&str, &str)]) -> String {
    fn encode(text: &str) -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => (b as char).to_string(),
                b' ' => "+".to_string(),
                other => format!("%{other:02X}"),
            })
            .collect()
    }
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

impl UiClient {
    pub async fn get(&self, path: &str) -> Response {
        self.client.get(format!("{}{path}", self.app_url)).send().await.expect("request")
    }

    pub async fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> Response {
        self.client
            .post(format!("{}{path}", self.app_url))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", self.app_url.clone())
            .body(form_body(pairs))
            .send()
            .await
            .expect("request")
    }

    /// The page's HTML, asserting it answered 200.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "{path} answered {status}: {body}");
        body
    }

    /// The CSRF token the page's forms carry.
    pub async fn csrf(&self, path: &str) -> String {
        let page = self.page(path).await;
        let marker = "name=\"csrf\" value=\"";
        let start = page.find(marker).unwrap_or_else(|| panic!("{path} has no form with a CSRF token")) + marker.len();
        page[start..].split('"').next().unwrap_or_default().to_owned()
    }
}

impl TestApp {
    /// A UI client that is not signed in.
    pub fn ui_client(&self) -> UiClient {
        let client = Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        UiClient { app_url: format!("http://{}", self.addr), client }
    }

    /// A UI client signed in through the login form as `email` (with [`PASSWORD`]).
    pub async fn ui_sign_in(&self, email: &str) -> UiClient {
        let ui = self.ui_client();
        let response = ui.post_form("/login", &[("email", email), ("password", PASSWORD), ("next", "/")]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "the login form signs {email} in");
        ui
    }
}

// ---- Helpers for the API contract, role and store tests ----

/// A clock the test moves by hand: real time plus an offset, shared with the server's store.
#[derive(Clone, Default)]
pub struct TestClock {
    offset_seconds: std::sync::Arc<std::sync::atomic::AtomicI64>,
    /// A clock that stands still (but for `advance`): real time at its making.
    frozen_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl TestClock {
    /// A clock that only moves when the test moves it, for rates measured against it.
    pub fn frozen() -> TestClock {
        TestClock { frozen_at: Some(chrono::Utc::now()), ..TestClock::default() }
    }

    pub fn advance(&self, by: chrono::Duration) {
        self.offset_seconds.fetch_add(by.num_seconds(), std::sync::atomic::Ordering::SeqCst);
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.frozen_at.unwrap_or_else(chrono::Utc::now)
            + chrono::Duration::seconds(self.offset_seconds.load(std::sync::atomic::Ordering::SeqCst))
    }

    pub fn today(&self) -> chrono::NaiveDate {
        self.now().date_naive()
    }

    pub fn as_store_clock(&self) -> rapport_store::Clock {
        let clock = self.clone();
        std::sync::Arc::new(move || clock.now())
    }
}

impl TestApp {
    /// Like [`TestApp::spawn`], with the server living on `clock`.
    pub async fn spawn_with_clock(backend: Backend, clock: &TestClock) -> TestApp {
        let clock = clock.as_store_clock();
        TestApp::spawn_with(backend, move |store| store.with_clock(clock)).await
    }

    /// A fresh account added to the network's workspace with `role` and `organizations`.
    pub async fn person(&self, network: &Network, role: &str, organizations: &[Uuid]) -> Person {
        let person = self.sign_up(&format!("{role}-{}@example.org", short()), &format!("A {role}")).await;
        self.join(network, &person, role, organizations).await;
        person
    }

    /// An organisation created by the network's owner.
    pub async fn organization(&self, network: &Network, name: &str, kind: &str) -> Uuid {
        let body = network
            .owner
            .api
            .post(&network.path("/organizations"), json!({"name": name, "kind": kind}))
            .await
            .json_ok(StatusCode::CREATED)
            .await;
        id_of(&body)
    }
}

impl Api {
    /// Any request, with an optional JSON body and `If-Match`.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>, if_match: Option<&str>) -> Response {
        let mut builder = self.request(method, path);
        if let Some(body) = body {
            builder = builder.json(&body);
        }
        if let Some(etag) = if_match {
            builder = builder.header("If-Match", etag);
        }
        builder.send().await.expect("request")
    }

    pub async fn patch(&self, path: &str, body: Value) -> Response {
        self.send(Method::PATCH, path, Some(body), None).await
    }

    /// A POST with `If-Match`.
    pub async fn post_if_match(&self, path: &str, body: Value, etag: &str) -> Response {
        self.send(Method::POST, path, Some(body), Some(etag)).await
    }

    /// GET, asserting 200, returning the body.
    pub async fn read(&self, path: &str) -> Value {
        self.get(path).await.json_ok(StatusCode::OK).await
    }

    /// The ids of a list's `items`, asserting 200.
    pub async fn ids(&self, path: &str) -> Vec<Uuid> {
        let list = self.read(path).await;
        list["items"].as_array().unwrap_or_else(|| panic!("{path} is not a list: {list}")).iter().map(id_of).collect()
    }
}

/// The `ETag` header of a response.
pub fn etag(response: &Response) -> String {
    response
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("{} has no ETag", response.url()))
}

/// A day relative to `today`, as the API writes dates.
pub fn day(today: chrono::NaiveDate, offset_days: i64) -> String {
    (today + chrono::Duration::days(offset_days)).to_string()
}

pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

// ---- An SMTP server for the tests that check e-mail ----

/// One message an SMTP client handed over.
#[derive(Debug, Clone)]
pub struct Mail {
    pub recipients: Vec<String>,
    pub subject: String,
    pub text: String,
}

/// A minimal SMTP server on a random port that accepts and keeps every message.
pub struct SmtpSink {
    pub addr: std::net::SocketAddr,
    messages: Arc<Mutex<Vec<Mail>>>,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let kept = messages.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let kept = kept.clone();
                std::thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
                    let _ = converse(stream, &kept);
                });
            }
        });
        SmtpSink { addr, messages }
    }

    pub fn messages(&self) -> Vec<Mail> {
        self.messages.lock().unwrap().clone()
    }

    pub async fn wait_for(&self, n: usize) -> Vec<Mail> {
        let started = Instant::now();
        loop {
            let messages = self.messages();
            if messages.len() >= n {
                return messages;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the SMTP sink got {} messages, expected {n}: {messages:#?}",
                messages.len()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// One SMTP session: greeting, EHLO, any number of MAIL/RCPT/DATA transactions, QUIT.
fn converse(stream: std::net::TcpStream, kept: &Mutex<Vec<Mail>>) -> std::io::Result<()> {
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    writer.write_all(b"220 sink ESMTP\r\n")?;
    let mut recipients = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        if command.starts_with("EHLO") || command.starts_with("HELO") {
            writer.write_all(b"250-sink\r\n250 8BITMIME\r\n")?;
        } else if command.starts_with("MAIL FROM") {
            recipients.clear();
            writer.write_all(b"250 OK\r\n")?;
        } else if command.starts_with("RCPT TO") {
            let address =
                line.trim_end()["RCPT TO:".len()..].trim().trim_start_matches('<').trim_end_matches('>').to_owned();
            recipients.push(address);
            writer.write_all(b"250 OK\r\n")?;
        } else if command == "DATA" {
            writer.write_all(b"354 go ahead\r\n")?;
            let mut data = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" {
                    break;
                }
                // A leading dot was doubled by the client (RFC 5321 4.5.2).
                data.push_str(if line.starts_with("..") { &line[1..] } else { &line });
            }
            kept.lock().unwrap().push(parse_mail(std::mem::take(&mut recipients), &data));
            writer.write_all(b"250 queued\r\n")?;
        } else if command == "QUIT" {
            writer.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            writer.write_all(b"250 OK\r\n")?;
        }
    }
}

/// The subject and the decoded plain-text body of a message as sent over the wire.
fn parse_mail(recipients: Vec<String>, data: &str) -> Mail {
    let (head, body) = data.split_once("\r\n\r\n").unwrap_or((data, ""));
    let header = |name: &str| {
        head.split("\r\n").find_map(|line| {
            line.split_once(':').filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim().to_owned())
        })
    };
    let text = match header("Content-Transfer-Encoding").as_deref() {
        Some("quoted-printable") => decode_quoted_printable(body),
        Some("base64") => String::from_utf8(decode_base64(&body.replace("\r\n", ""))).expect("utf-8 body"),
        // lettre picks quoted-printable for mostly ASCII text such as Rapport's.
        None | Some("7bit" | "8bit") => body.to_owned(),
        Some(other) => panic!("the sink does not decode {other} bodies"),
    };
    let subject = decode_encoded_words(&header("Subject").unwrap_or_default());
    Mail { recipients, subject, text: text.replace("\r\n", "\n") }
}

/// A header's RFC 2047 encoded words (`=?utf-8?b?…?=`, as lettre writes a subject that is not
/// ASCII) decoded; the rest as written.
fn decode_encoded_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let Some(end) = rest[start + 2..].find("?=").map(|e| start + 2 + e) else { break };
        let word = &rest[start + 2..end];
        let mut parts = word.splitn(3, '?');
        let (_charset, encoding, text) = (parts.next(), parts.next(), parts.next().unwrap_or_default());
        let decoded = match encoding.map(str::to_ascii_lowercase).as_deref() {
            Some("b") => String::from_utf8(decode_base64(text)).expect("utf-8 word"),
            Some("q") => decode_quoted_printable(&text.replace('_', " ")),
            _ => panic!("the sink does not decode {word}"),
        };
        // Whitespace between two encoded words is not part of the text (RFC 2047 6.2).
        let before = &rest[..start];
        if !(after_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        out.push_str(&decoded);
        after_word = true;
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

fn decode_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in text.bytes().filter(|b| *b != b'=') {
        let value = u32::try_from(ALPHABET.iter().position(|a| *a == byte).expect("base64")).unwrap();
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push(u8::try_from(bits >> count).unwrap());
            bits &= (1 << count) - 1;
        }
    }
    out
}

fn decode_quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "");
    let mut bytes = Vec::with_capacity(joined.len());
    let raw = joined.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'='
            && i + 2 < raw.len()
            && let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            bytes.push(byte);
            i += 3;
            continue;
        }
        bytes.push(raw[i]);
        i += 1;
    }
    String::from_utf8(bytes).expect("utf-8 body")
}
