//! Accounts people can recover and that resist guessing (issue 20): the login redirect stays on
//! the site, passwords and secrets are throttled, passwords are changed and reset by e-mail,
//! sessions are listed and signed out, invitations are listed, re-sent, revoked, e-mailed and
//! tied to the invited address, and an operator resets a password from the command line.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::jobs::Runner;
use crate::on_both_backends;
use crate::support::*;

on_both_backends!(
    the_login_redirect_never_leaves_the_site,
    wrong_passwords_are_throttled_per_account,
    wrong_passwords_are_throttled_per_address,
    the_login_form_says_when_to_try_again,
    secrets_that_open_nothing_are_throttled,
    people_change_their_password,
    the_settings_page_changes_the_password,
    sessions_are_listed_and_signed_out,
    a_forgotten_password_is_reset_by_email,
    a_reset_link_expires_and_reveals_nothing,
    invitations_are_listed_resent_and_revoked,
    invitations_are_emailed_and_tied_to_their_address,
    the_settings_page_manages_invitations,
    an_operator_resets_a_password,
);

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

fn retry_after(response: &reqwest::Response) -> i64 {
    response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{} answered {} without Retry-After", response.url(), response.status()))
}

async fn login(api: &Api, email: &str, password: &str) -> reqwest::Response {
    api.post("/api/v1/auth/login", json!({"email": email, "password": password})).await
}

async fn login_from(app: &TestApp, address: &str, email: &str, password: &str) -> reqwest::Response {
    app.anonymous()
        .request(reqwest::Method::POST, "/api/v1/auth/login")
        .header("x-forwarded-for", format!("203.0.113.99, {address}"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("request")
}

/// Signed in, `/login?next=` and the login form's hidden `next` go to a path of this site only;
/// a tab, a backslash or a second slash, written or percent-encoded, sends them home instead.
async fn the_login_redirect_never_leaves_the_site(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let ui = app.ui_sign_in(&net.owner.email).await;
    for sneaky in
        ["/%09/evil.example", "//evil.example", "/%5Cevil.example", "/%2F%2Fevil.example", "/%0A/evil.example"]
    {
        let response = ui.get(&format!("/login?next={sneaky}")).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/", "next={sneaky}");
    }
    let fine = ui.get("/login?next=%2Fw%2Fabc%3Fq%3Dbook%2520cart").await;
    assert_eq!(location(&fine), "/w/abc?q=book%20cart", "a path of the site is kept");

    let anonymous = app.ui_client();
    let page = anonymous.page("/login?next=/%09/evil.example").await;
    assert!(page.contains(r#"name="next" value="/""#), "the form's hidden next is home: {page}");
    for sneaky in ["/\t/evil.example", "/\\evil.example", "/%09/evil.example"] {
        let response = anonymous
            .post_form("/login", &[("email", &net.owner.email), ("password", PASSWORD), ("next", sneaky)])
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/", "next={sneaky:?}");
    }
}

/// After ten wrong passwords for one account, from any addresses, the eleventh try, even with
/// the right password, answers 429 with Retry-After; after that wait the right password works.
async fn wrong_passwords_are_throttled_per_account(backend: Backend) {
    let clock = TestClock::default();
    let options = ServerConfig { trusted_proxy: true, ..ServerConfig::default() };
    let app = TestApp::spawn_configured(backend, options, |s| s.with_clock(clock.as_store_clock())).await;
    let ana = app.sign_up("ana@example.org", "Ana").await;
    for n in 0..10 {
        let response = login_from(&app, &format!("198.51.100.{n}"), "ana@example.org", "not her password").await;
        response.problem(StatusCode::UNAUTHORIZED).await;
    }
    let refused = login_from(&app, "198.51.100.200", "Ana@Example.org", PASSWORD).await;
    let wait = retry_after(&refused);
    assert!((1..=60).contains(&wait), "{wait}");
    let problem = refused.problem(StatusCode::TOO_MANY_REQUESTS).await;
    assert!(problem["detail"].as_str().unwrap().contains("try again in"), "{problem}");
    assert_eq!(login(&app.anonymous(), "bob@example.org", "wrong").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(ana.api.get("/api/v1/me").await.status(), StatusCode::OK, "a session already open is not affected");

    clock.advance(chrono::Duration::seconds(wait));
    login(&app.anonymous(), "ana@example.org", PASSWORD).await.json_ok(StatusCode::OK).await;
}

/// Thirty wrong passwords from one address, for any accounts, and the address waits; a forged
/// `X-Forwarded-For` does not help unless the operator says a proxy sets it.
async fn wrong_passwords_are_throttled_per_address(backend: Backend) {
    // Thirty hashes take seconds: the clock stands still so that no attempt comes back meanwhile.
    let clock = TestClock::frozen();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    app.sign_up("ana@example.org", "Ana").await;
    for n in 0..30 {
        let response = login_from(&app, &format!("198.51.100.{n}"), &format!("guess{n}@example.org"), "guess").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    let refused = login_from(&app, "198.51.100.77", "ana@example.org", PASSWORD).await;
    assert!(retry_after(&refused) >= 1);
    refused.problem(StatusCode::TOO_MANY_REQUESTS).await;

    let options = ServerConfig { trusted_proxy: true, ..ServerConfig::default() };
    let proxied = TestApp::spawn_configured(backend, options, |s| s.with_clock(clock.as_store_clock())).await;
    proxied.sign_up("ana@example.org", "Ana").await;
    for n in 0..30 {
        let response = login_from(&proxied, "192.0.2.1", &format!("guess{n}@example.org"), "guess").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    login_from(&proxied, "192.0.2.1", "ana@example.org", PASSWORD).await.problem(StatusCode::TOO_MANY_REQUESTS).await;
    let elsewhere = login_from(&proxied, "192.0.2.2", "ana@example.org", PASSWORD).await;
    assert_eq!(elsewhere.status(), StatusCode::OK, "behind a trusted proxy, another client is not held back");
}

/// The login form: after ten wrong passwords it answers 429 and says, beside the password, how
/// long to wait; the "forgot password" link is there.
async fn the_login_form_says_when_to_try_again(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.sign_up("ana@example.org", "Ana").await;
    let ui = app.ui_client();
    assert!(ui.page("/login").await.contains(r#"href="/forgot""#), "the login page links to /forgot");
    for _ in 0..10 {
        let response = ui.post_form("/login", &[("email", "ana@example.org"), ("password", "nope nope nope")]).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let response = ui.post_form("/login", &[("email", "ana@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&response) >= 1);
    let page = response.text().await.unwrap();
    let error = page.split(r#"id="f-password-error""#).nth(1).expect("an error beside the password");
    assert!(error.split("</p>").next().unwrap().contains("Too many attempts; try again in"), "{page}");
    assert!(!page.contains(PASSWORD), "the password is not sent back");
}

/// Secrets that open nothing (survey links, invitations, feeds, reset links, bearer tokens) are
/// counted per address: past thirty, every secret endpoint answers 429 with Retry-After until
/// the wait is over; a valid token's holder from elsewhere is not affected.
async fn secrets_that_open_nothing_are_throttled(backend: Backend) {
    let clock = TestClock::frozen();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let net = app.network().await;
    let anonymous = app.anonymous();
    let guesses = ["/s/guess", "/invite/guess", "/feeds/guess.ics", "/reset/guess", "/api/v1/survey-links/guess"];
    for n in 0..30 {
        let path = guesses[n % guesses.len()];
        assert_eq!(anonymous.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    for path in guesses {
        let response = anonymous.get(path).await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "{path}");
        assert!(retry_after(&response) >= 1, "{path}");
    }
    let bearer = anonymous.with_token("rpt_guess").get("/api/v1/me").await;
    assert!(retry_after(&bearer) >= 1);
    bearer.problem(StatusCode::TOO_MANY_REQUESTS).await;
    let reset = anonymous.post("/api/v1/auth/reset", json!({"token": "guess", "new_password": "a new long password"}));
    reset.await.problem(StatusCode::TOO_MANY_REQUESTS).await;
    // Sessions are not secrets tried from outside: the owner keeps working.
    assert_eq!(net.owner.api.get("/api/v1/me").await.status(), StatusCode::OK);

    clock.advance(chrono::Duration::seconds(3));
    assert_eq!(anonymous.get("/s/guess").await.status(), StatusCode::NOT_FOUND, "one attempt came back");
    assert_eq!(anonymous.get("/s/guess").await.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// Changing a password needs the current one (a wrong one is named, and counts like a wrong
/// sign-in); it signs every other session out and keeps the one asking.
async fn people_change_their_password(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.sign_up("ana@example.org", "Ana").await;
    let laptop = app.anonymous();
    login(&laptop, "ana@example.org", PASSWORD).await.json_ok(StatusCode::OK).await;
    let token = ana.api.post("/api/v1/auth/tokens", json!({"name": "script"})).await.json_ok(StatusCode::CREATED).await;
    let script = ana.api.with_token(token["token"].as_str().unwrap());

    let change = |current: &str, new: &str| json!({"current_password": current, "new_password": new});
    let wrong = ana.api.post("/api/v1/me/password", change("not it", "a brand new password")).await;
    assert_eq!(fields(&wrong.problem(StatusCode::UNPROCESSABLE_ENTITY).await), ["current_password"]);
    let short = ana.api.post("/api/v1/me/password", change(PASSWORD, "short")).await;
    assert_eq!(fields(&short.problem(StatusCode::UNPROCESSABLE_ENTITY).await), ["new_password"]);
    assert_eq!(laptop.get("/api/v1/me").await.status(), StatusCode::OK, "nothing changed yet");

    let changed = ana.api.post("/api/v1/me/password", change(PASSWORD, "a brand new password")).await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    assert_eq!(ana.api.get("/api/v1/me").await.status(), StatusCode::OK, "the session asking stays");
    laptop.get("/api/v1/me").await.problem(StatusCode::UNAUTHORIZED).await;
    assert_eq!(script.get("/api/v1/me").await.status(), StatusCode::OK, "API tokens are not sessions");
    login(&app.anonymous(), "ana@example.org", PASSWORD).await.problem(StatusCode::UNAUTHORIZED).await;
    login(&app.anonymous(), "ana@example.org", "a brand new password").await.json_ok(StatusCode::OK).await;

    // Through a token, every browser session ends.
    let again = script.post("/api/v1/me/password", change("a brand new password", "yet another password")).await;
    assert_eq!(again.status(), StatusCode::NO_CONTENT);
    ana.api.get("/api/v1/me").await.problem(StatusCode::UNAUTHORIZED).await;
    app.anonymous().post("/api/v1/me/password", change("x", "y")).await.problem(StatusCode::UNAUTHORIZED).await;
}

/// Settings: the password form keeps this browser signed in, signs the others out, and names a
/// wrong current password or a mismatched repeat beside its field.
async fn the_settings_page_changes_the_password(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let ui = app.ui_sign_in(&net.owner.email).await;
    let other = app.ui_sign_in(&net.owner.email).await;
    let settings = format!("/w/{}/settings", net.ws);
    let csrf = ui.csrf(&settings).await;
    let post = |current: &'static str, new: &'static str, again: &'static str| {
        let (ui, path, csrf) = (&ui, format!("{settings}/password"), csrf.clone());
        async move {
            ui.post_form(
                &path,
                &[("csrf", &csrf), ("current_password", current), ("new_password", new), ("password_again", again)],
            )
            .await
        }
    };
    let wrong = post("not it at all", "a brand new password", "a brand new password").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = wrong.text().await.unwrap();
    assert!(page.contains(r#"id="f-current_password-error""#) && page.contains("is not your current password"));
    let mismatch = post(PASSWORD, "a brand new password", "a brand new passwort").await;
    assert!(mismatch.text().await.unwrap().contains(r#"id="f-password_again-error""#));

    let changed = post(PASSWORD, "a brand new password", "a brand new password").await;
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    let page = ui.page(&location(&changed)).await;
    assert!(page.contains("Password changed"), "the page says so");
    let signed_out = other.get(&settings).await;
    assert_eq!(signed_out.status(), StatusCode::SEE_OTHER, "the other browser is signed out");
    assert!(location(&signed_out).starts_with("/login"));
}

/// One's sessions are listed (which is this one, when each began and was last used); one is
/// signed out by its id, and "sign out everywhere" ends them all, while tokens keep working.
async fn sessions_are_listed_and_signed_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.sign_up("ana@example.org", "Ana").await;
    let phone = app.anonymous();
    login(&phone, "ana@example.org", PASSWORD).await.json_ok(StatusCode::OK).await;
    let tablet = app.anonymous();
    login(&tablet, "ana@example.org", PASSWORD).await.json_ok(StatusCode::OK).await;
    let bob = app.sign_up("bob@example.org", "Bob").await;
    let token = ana.api.post("/api/v1/auth/tokens", json!({"name": "script"})).await.json_ok(StatusCode::CREATED).await;
    let script = ana.api.with_token(token["token"].as_str().unwrap());

    let sessions = phone.read("/api/v1/me/sessions").await;
    let sessions = sessions.as_array().unwrap().clone();
    assert_eq!(sessions.len(), 3, "{sessions:#?}");
    let current: Vec<&Value> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1, "one is this one");
    assert!(current[0]["last_seen_at"].is_string() && current[0]["created_at"].is_string(), "{sessions:#?}");
    assert_eq!(bob.api.read("/api/v1/me/sessions").await.as_array().unwrap().len(), 1, "only one's own");
    assert!(
        script.read("/api/v1/me/sessions").await.as_array().unwrap().iter().all(|s| s["current"] == false),
        "a token is no session"
    );

    // The tablet's session, seen from the phone: it is the newest and not current there.
    let tablet_id = sessions[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(sessions[0]["current"], false);
    bob.api.delete(&format!("/api/v1/me/sessions/{tablet_id}")).await.problem(StatusCode::NOT_FOUND).await;
    assert_eq!(phone.delete(&format!("/api/v1/me/sessions/{tablet_id}")).await.status(), StatusCode::NO_CONTENT);
    tablet.get("/api/v1/me").await.problem(StatusCode::UNAUTHORIZED).await;
    assert_eq!(phone.get("/api/v1/me").await.status(), StatusCode::OK);

    let everywhere = phone.post("/api/v1/me/sessions/sign-out-everywhere", json!({})).await;
    assert_eq!(everywhere.status(), StatusCode::NO_CONTENT);
    phone.get("/api/v1/me").await.problem(StatusCode::UNAUTHORIZED).await;
    ana.api.get("/api/v1/me").await.problem(StatusCode::UNAUTHORIZED).await;
    assert_eq!(script.get("/api/v1/me").await.status(), StatusCode::OK, "tokens are revoked one by one");
    assert_eq!(bob.api.get("/api/v1/me").await.status(), StatusCode::OK, "nobody else is signed out");
}

/// "Forgot password" e-mails a single-use link to an account's address, through the outbox and
/// the jobs runner; an unknown address gets the same answer and no e-mail. The link sets a new
/// password and signs every session out; the sent e-mail's link does not stay in the queue.
async fn a_forgotten_password_is_reset_by_email(backend: Backend) {
    let app = TestApp::spawn_configured(backend, ServerConfig { mail: true, ..ServerConfig::default() }, |s| s).await;
    let ana = app.sign_up("ana@example.org", "Ana Ruiz").await;
    let sink = SmtpSink::start();
    let smtp = format!("smtp://{}", sink.addr);
    let _runner = Runner::start_with(
        app.database_url(),
        &[("RAPPORT_SMTP_URL", smtp.as_str()), ("RAPPORT_REMINDER_HOUR", "23"), ("RAPPORT_DIGEST_DAY", "sun")],
    );

    let anonymous = app.anonymous();
    let known = anonymous.post("/api/v1/auth/forgot", json!({"email": " Ana@Example.org "})).await;
    let known = known.json_ok(StatusCode::ACCEPTED).await;
    let unknown = anonymous.post("/api/v1/auth/forgot", json!({"email": "nobody@example.org"})).await;
    assert_eq!(unknown.json_ok(StatusCode::ACCEPTED).await, known, "the same answer either way");
    let bad = anonymous.post("/api/v1/auth/forgot", json!({"email": "not an address"})).await;
    assert_eq!(fields(&bad.problem(StatusCode::UNPROCESSABLE_ENTITY).await), ["email"]);

    let mail = sink.wait_for(1).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mail = if sink.messages().len() > mail.len() { sink.messages() } else { mail };
    assert_eq!(mail.len(), 1, "one message, to the account that exists: {mail:#?}");
    assert_eq!(mail[0].recipients, ["ana@example.org"]);
    assert_eq!(mail[0].subject, "Reset your Rapport password");
    assert!(mail[0].text.starts_with("Hello Ana,"), "{}", mail[0].text);
    let link = mail[0].text.lines().find(|l| l.contains("/reset/")).expect("the link").trim().to_owned();
    let token = link.rsplit('/').next().unwrap().to_owned();
    assert!(link.starts_with(&app.url("/reset/")), "{link}");

    let ui = app.ui_client();
    let path = format!("/reset/{token}");
    assert!(ui.page(&path).await.contains("ana@example.org"), "the page names the account");
    let mismatch =
        ui.post_form(&path, &[("new_password", "a brand new password"), ("password_again", "something else")]).await;
    assert_eq!(mismatch.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let reset = ui
        .post_form(&path, &[("new_password", "a brand new password"), ("password_again", "a brand new password")])
        .await;
    assert_eq!(reset.status(), StatusCode::OK);
    assert!(reset.text().await.unwrap().contains("Your password is changed"));
    ana.api.get("/api/v1/me").await.problem(StatusCode::UNAUTHORIZED).await;
    assert_eq!(ui.get("/").await.status(), StatusCode::OK, "this browser is signed in");
    login(&app.anonymous(), "ana@example.org", "a brand new password").await.json_ok(StatusCode::OK).await;
    assert_eq!(ui.get(&path).await.status(), StatusCode::NOT_FOUND, "the link works once");
    let again = json!({"token": token, "new_password": "another long password"});
    app.anonymous().post("/api/v1/auth/reset", again).await.problem(StatusCode::NOT_FOUND).await;

    let jobs = app.store.recent_jobs(None, 50).await.unwrap();
    let sent: Vec<_> = jobs.iter().filter(|j| j.kind == "email").collect();
    assert_eq!(sent.len(), 1, "{jobs:#?}");
    let redacted = || async {
        let jobs = app.store.recent_jobs(None, 50).await.unwrap();
        jobs.into_iter().find(|j| j.kind == "email").unwrap().payload
    };
    let started = std::time::Instant::now();
    while redacted().await != json!({"redacted": true}) {
        assert!(started.elapsed() < Duration::from_secs(30), "the sent link is redacted: {}", redacted().await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A reset link expires after an hour; asked through the API it sets the password; without
/// e-mail configured, nothing is queued and the answer is the same.
async fn a_reset_link_expires_and_reveals_nothing(backend: Backend) {
    let clock = TestClock::default();
    let options = ServerConfig { mail: true, ..ServerConfig::default() };
    let app = TestApp::spawn_configured(backend, options, |s| s.with_clock(clock.as_store_clock())).await;
    let ana = app.sign_up("ana@example.org", "Ana").await;
    let anonymous = app.anonymous();
    // No runner sends the e-mails here: the link is read from the n-th one queued.
    let app = &app;
    let queued_link = |n: usize| async move {
        let started = std::time::Instant::now();
        loop {
            let jobs = app.store.recent_jobs(None, 50).await.unwrap();
            let mut emails: Vec<_> = jobs.into_iter().filter(|j| j.kind == "email").collect();
            if emails.len() == n {
                emails.sort_by_key(|j| j.id);
                // Queued as facts, worded when sent.
                let link = emails[n - 1].payload["mail"]["link"].as_str().unwrap().to_owned();
                assert!(link.contains("/reset/"), "{link}");
                return link.rsplit('/').next().unwrap().to_owned();
            }
            assert!(started.elapsed() < Duration::from_secs(10), "e-mail {n} is queued: {emails:#?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    anonymous
        .post("/api/v1/auth/forgot", json!({"email": "ana@example.org"}))
        .await
        .json_ok(StatusCode::ACCEPTED)
        .await;
    let token = queued_link(1).await;
    clock.advance(chrono::Duration::minutes(61));
    let late = json!({"token": token, "new_password": "a brand new password"});
    anonymous.post("/api/v1/auth/reset", late).await.problem(StatusCode::NOT_FOUND).await;
    assert_eq!(ana.api.get("/api/v1/me").await.status(), StatusCode::OK, "nothing changed");

    anonymous
        .post("/api/v1/auth/forgot", json!({"email": "ana@example.org"}))
        .await
        .json_ok(StatusCode::ACCEPTED)
        .await;
    let token = queued_link(2).await;
    let short = json!({"token": token, "new_password": "short"});
    let problem = anonymous.post("/api/v1/auth/reset", short).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["new_password"]);
    let good = json!({"token": token, "new_password": "a brand new password"});
    assert_eq!(anonymous.post("/api/v1/auth/reset", good).await.status(), StatusCode::NO_CONTENT);
    ana.api.get("/api/v1/me").await.problem(StatusCode::UNAUTHORIZED).await;

    // Three requests in a row for one address, then it waits (each may send an e-mail).
    for _ in 0..2 {
        let asked = anonymous.post("/api/v1/auth/forgot", json!({"email": "ana@example.org"})).await;
        asked.json_ok(StatusCode::ACCEPTED).await;
    }
    let refused = anonymous.post("/api/v1/auth/forgot", json!({"email": "ana@example.org"})).await;
    assert!(retry_after(&refused) > 60);
    refused.problem(StatusCode::TOO_MANY_REQUESTS).await;

    let quiet = TestApp::spawn(backend).await;
    quiet.sign_up("ana@example.org", "Ana").await;
    let answer = quiet.anonymous().post("/api/v1/auth/forgot", json!({"email": "ana@example.org"})).await;
    assert_eq!(answer.json_ok(StatusCode::ACCEPTED).await["message"], rapport_app::RESET_REQUESTED);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(quiet.store.recent_jobs(None, 50).await.unwrap().is_empty(), "no e-mail without SMTP");
    let page = quiet.ui_client().post_form("/forgot", &[("email", "ana@example.org")]).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("If an account has this e-mail address"));
}

async fn invite(net: &Network, api: &Api, email: &str, role: &str) -> Value {
    api.post(&net.path("/invitations"), json!({"email": email, "role": role})).await.json_ok(StatusCode::CREATED).await
}

fn token_of(invitation: &Value) -> String {
    invitation["url"].as_str().unwrap().rsplit('/').next().unwrap().to_owned()
}

fn state_of(list: &Value, email: &str) -> String {
    let items = list["items"].as_array().unwrap();
    let found = items.iter().find(|i| i["email"] == email).unwrap_or_else(|| panic!("{email} in {list}"));
    found["state"].as_str().unwrap().to_owned()
}

/// Invitations are listed with their state (pending, accepted, expired, revoked) but never their
/// links; re-sending gives a new link and kills the old; revoking kills the link; who may not
/// invite may not list, and a coordinator cannot touch an owner's invitation.
async fn invitations_are_listed_resent_and_revoked(backend: Backend) {
    let clock = TestClock::default();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let net = app.network().await;
    let owner = &net.owner.api;
    let carla = invite(&net, owner, "carla@example.org", "member").await;
    assert_eq!(carla["emailed"], false, "no e-mail on this server: the link is to copy");
    let dan = invite(&net, owner, "dan@example.org", "observer").await;
    let eve = invite(&net, owner, "eve@example.org", "owner").await;
    let old = invite(&net, owner, "old@example.org", "member").await;
    clock.advance(chrono::Duration::days(15));
    let fresh = invite(&net, owner, "fresh@example.org", "member").await;
    let dan_account = app.sign_up("dan@example.org", "Dan").await;
    dan_account
        .api
        .post("/api/v1/invitations/accept", json!({"token": token_of(&dan)}))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;
    let dan = owner.post(&net.path(&format!("/invitations/{}/resend", id_of(&dan))), json!({})).await;
    let dan = dan.json_ok(StatusCode::OK).await;
    dan_account
        .api
        .post("/api/v1/invitations/accept", json!({"token": token_of(&dan)}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    let revoke = owner.post(&net.path(&format!("/invitations/{}/revoke", id_of(&fresh))), json!({})).await;
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.ui_client().get(&format!("/invite/{}", token_of(&fresh))).await.status(), StatusCode::NOT_FOUND);

    let list = owner.read(&net.path("/invitations")).await;
    assert_eq!(state_of(&list, "carla@example.org"), "expired");
    assert_eq!(state_of(&list, "dan@example.org"), "accepted");
    assert_eq!(state_of(&list, "fresh@example.org"), "revoked");
    assert_eq!(list["items"][0]["email"], "fresh@example.org", "newest first");
    assert_eq!(list["items"][0]["invited_by"], "Olive Owner");
    assert!(!list.to_string().contains("/invite/"), "no links in the list: {list}");
    for done in [&dan, &fresh] {
        let again = owner.post(&net.path(&format!("/invitations/{}/resend", id_of(done))), json!({})).await;
        again.problem(StatusCode::CONFLICT).await;
        let revoke = owner.post(&net.path(&format!("/invitations/{}/revoke", id_of(done))), json!({})).await;
        revoke.problem(StatusCode::CONFLICT).await;
    }

    let carla_again = owner.post(&net.path(&format!("/invitations/{}/resend", id_of(&carla))), json!({})).await;
    let carla_again = carla_again.json_ok(StatusCode::OK).await;
    assert_ne!(token_of(&carla_again), token_of(&carla));
    assert_eq!(state_of(&owner.read(&net.path("/invitations")).await, "carla@example.org"), "pending");
    assert_eq!(app.ui_client().get(&format!("/invite/{}", token_of(&carla))).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.ui_client().get(&format!("/invite/{}", token_of(&carla_again))).await.status(), StatusCode::OK);

    let coordinator = app.person(&net, "coordinator", &[]).await;
    let member = app.person(&net, "member", &[net.school]).await;
    assert_eq!(coordinator.api.read(&net.path("/invitations")).await["items"].as_array().unwrap().len(), 5);
    member.api.get(&net.path("/invitations")).await.problem(StatusCode::FORBIDDEN).await;
    let path = net.path(&format!("/invitations/{}/revoke", id_of(&eve)));
    coordinator.api.post(&path, json!({})).await.problem(StatusCode::FORBIDDEN).await;
    member.api.post(&path, json!({})).await.problem(StatusCode::NOT_FOUND).await;
    let stranger = app.sign_up("stranger@example.org", "Sam").await;
    stranger.api.get(&net.path("/invitations")).await.problem(StatusCode::NOT_FOUND).await;
    let elsewhere = format!("/api/v1/workspaces/{}/invitations/{}/revoke", net.ws, id_of(&old));
    stranger.api.post(&elsewhere, json!({})).await.problem(StatusCode::NOT_FOUND).await;
}

/// With e-mail configured, an invitation (and each re-send) is e-mailed to the invited address;
/// another account holding the link cannot use it, the invited person can.
async fn invitations_are_emailed_and_tied_to_their_address(backend: Backend) {
    let app = TestApp::spawn_configured(backend, ServerConfig { mail: true, ..ServerConfig::default() }, |s| s).await;
    let net = app.network().await;
    let sink = SmtpSink::start();
    let smtp = format!("smtp://{}", sink.addr);
    let _runner = Runner::start_with(
        app.database_url(),
        &[("RAPPORT_SMTP_URL", smtp.as_str()), ("RAPPORT_REMINDER_HOUR", "23"), ("RAPPORT_DIGEST_DAY", "sun")],
    );
    let invitation = invite(&net, &net.owner.api, "Nia@Library.example", "member").await;
    assert_eq!(invitation["emailed"], true);
    let mail = sink.wait_for(1).await;
    assert_eq!(mail[0].recipients, ["nia@library.example"]);
    assert_eq!(mail[0].subject, "Join Eastside Learning Network on Rapport");
    assert!(mail[0].text.contains("Olive Owner invites you"), "{}", mail[0].text);
    assert!(mail[0].text.contains(invitation["url"].as_str().unwrap()), "{}", mail[0].text);

    let resent = net.owner.api.post(&net.path(&format!("/invitations/{}/resend", id_of(&invitation))), json!({})).await;
    let resent = resent.json_ok(StatusCode::OK).await;
    let mail = sink.wait_for(2).await;
    assert!(mail[1].text.contains(resent["url"].as_str().unwrap()), "the re-sent link is e-mailed");

    let mallory = app.sign_up("mallory@example.org", "Mallory").await;
    let accept = json!({"token": token_of(&resent)});
    let refused = mallory.api.post("/api/v1/invitations/accept", accept.clone()).await;
    let problem = refused.problem(StatusCode::FORBIDDEN).await;
    assert!(problem["detail"].as_str().unwrap().contains("another e-mail address"), "{problem}");
    mallory.api.get(&net.path("/organizations")).await.problem(StatusCode::NOT_FOUND).await;
    let mallory_ui = app.ui_sign_in("mallory@example.org").await;
    let page = mallory_ui.page(&format!("/invite/{}", token_of(&resent))).await;
    assert!(page.contains("this invitation is for <strong>nia@library.example</strong>"), "{page}");
    assert!(!page.contains(r#"class="button">Join"#), "no join button for another account");

    let nia = app.sign_up("nia@library.example", "Nia").await;
    nia.api.post("/api/v1/invitations/accept", accept).await.json_ok(StatusCode::OK).await;
    assert_eq!(state_of(&net.owner.api.read(&net.path("/invitations")).await, "nia@library.example"), "accepted");
}

/// The settings page lists invitations with their state, re-sends one (showing its new link
/// once) and revokes another.
async fn the_settings_page_manages_invitations(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let carla = invite(&net, &net.owner.api, "carla@example.org", "member").await;
    let dan = invite(&net, &net.owner.api, "dan@example.org", "member").await;
    let ui = app.ui_sign_in(&net.owner.email).await;
    let settings = format!("/w/{}/settings", net.ws);
    let page = ui.page(&settings).await;
    let section = page.split(r#"id="invitations""#).nth(1).expect("an invitations section");
    assert!(
        section.contains("carla@example.org") && section.contains("dan@example.org") && section.contains("Pending")
    );
    let csrf = ui.csrf(&settings).await;

    let resent = ui.post_form(&format!("{settings}/invitations/{}/resend", id_of(&carla)), &[("csrf", &csrf)]).await;
    assert_eq!(resent.status(), StatusCode::OK);
    let page = resent.text().await.unwrap();
    assert!(page.contains("Invitation link for carla@example.org") && page.contains(&app.url("/invite/")));
    assert_eq!(ui.get(&format!("/invite/{}", token_of(&carla))).await.status(), StatusCode::NOT_FOUND);

    let revoke = format!("{settings}/invitations/{}/revoke", id_of(&dan));
    let asked = ui.post_form(&revoke, &[("csrf", &csrf)]).await;
    assert_eq!(asked.status(), StatusCode::OK, "without JavaScript the first click asks");
    assert!(asked.text().await.unwrap().contains("Revoke this invitation?"));
    let revoked = ui.post_form(&revoke, &[("csrf", &csrf), ("confirm", "yes")]).await;
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    let page = ui.page(&location(&revoked)).await;
    assert!(page.contains("Invitation revoked"), "a notice says so");
    let row = page.split("dan@example.org").nth(1).unwrap().split("</tr>").next().unwrap().to_owned();
    assert!(row.contains("Revoked") && !row.contains("Re-send"), "{row}");
}

/// `rapport user reset-password` sets a password read from standard input, or makes one up and
/// prints it, and signs the person's sessions out; a wrong address or a short password is one
/// sentence.
async fn an_operator_resets_a_password(backend: Backend) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let app = TestApp::spawn(backend).await;
    let ana = app.sign_up("ana@example.org", "Ana").await;
    let run = |args: &[&str], stdin: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(["user", "reset-password", "--database", app.database_url()])
            .args(args)
            .env("RAPPORT_LOG", "error")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run rapport");
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let output = child.wait_with_output().unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, _, stderr) = run(&["--email", "nobody@example.org"], "a long new password\n");
    assert!(!ok && stderr.trim() == "rapport: no account has the e-mail address nobody@example.org", "{stderr}");
    let (ok, _, stderr) = run(&["--email", "ana@example.org"], "short\n");
    assert!(!ok && stderr.contains("at least 10 characters") && stderr.trim().lines().count() == 1, "{stderr}");
    let (ok, _, stderr) = run(&["--email", "ana@example.org"], "");
    assert!(!ok && stderr.contains("--generate"), "{stderr}");
    assert_eq!(ana.api.get("/api/v1/me").await.status(), StatusCode::OK, "nothing changed");

    let (ok, stdout, stderr) = run(&["--email", "Ana@Example.org"], "a long new password\n");
    assert!(ok, "{stderr}");
    assert!(stdout.contains("signed out"), "{stdout}");
    ana.api.get("/api/v1/me").await.problem(StatusCode::UNAUTHORIZED).await;
    login(&app.anonymous(), "ana@example.org", "a long new password").await.json_ok(StatusCode::OK).await;

    let (ok, stdout, stderr) = run(&["--email", "ana@example.org", "--generate"], "");
    assert!(ok, "{stderr}");
    let generated = stdout.lines().find_map(|l| l.strip_prefix("New password for ana@example.org: ")).expect(&stdout);
    assert!(generated.len() >= 16, "{generated}");
    login(&app.anonymous(), "ana@example.org", generated).await.json_ok(StatusCode::OK).await;
}
