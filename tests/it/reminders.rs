//! Reminders and the weekly digest: each person is reminded of what their organisations owe and
//! what waits for them, never of what they cannot open; e-mail goes out once a day however many
//! servers run, and only to people who want it.

use std::time::Duration;

use chrono::Datelike;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::jobs::Runner;
use crate::on_both_backends;
use crate::support::*;
use crate::webdriver::Browser;

async fn promise(net: &Network, from: Uuid, to: Uuid, description: &str, due_on: chrono::NaiveDate) -> Uuid {
    let body = json!({"promisor_organization_id": from, "promisee_organization_id": to, "description": description, "due_on": due_on.to_string()});
    let created = net
        .owner
        .api
        .post(&net.path(&format!("/partnerships/{}/commitments", net.partnership)), body)
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    id_of(&created)
}

async fn reminders(person: &Person, net: &Network, query: &str) -> Vec<Value> {
    let list = person.api.get(&net.path(&format!("/reminders{query}"))).await.json_ok(StatusCode::OK).await;
    list.as_array().expect("a list of reminders").clone()
}

fn titled<'a>(list: &'a [Value], title: &str) -> Option<&'a Value> {
    list.iter().find(|r| r["title"] == title)
}

fn kinds(list: &[Value]) -> Vec<String> {
    let mut kinds: Vec<String> = list.iter().map(|r| r["kind"].as_str().unwrap().to_owned()).collect();
    kinds.sort();
    kinds
}

on_both_backends!(
    reminders_follow_what_each_person_can_see,
    settings_are_checked_and_kept,
    reminder_mail_goes_out_once_to_those_who_want_it,
    a_person_chooses_their_reminders_on_the_settings_page
);

/// A librarian is reminded of the library's commitments, the pulse to answer and a concern
/// raised about the library; a teacher of the school's; someone outside the partnership of nothing.
async fn reminders_follow_what_each_person_can_see(backend: Backend) {
    let clock = TestClock::default();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let net = app.network().await;
    let librarian = app.person(&net, "member", &[net.library]).await;
    let teacher = app.person(&net, "member", &[net.school]).await;
    let harbor = app.organization(&net, "Harbor Youth Club", "nonprofit").await;
    let outsider = app.person(&net, "member", &[harbor]).await;

    let start = clock.today();
    let cart = promise(&net, net.library, net.school, "Bring the book cart", start + chrono::Duration::days(2)).await;
    promise(&net, net.library, net.school, "Lend 30 atlases", start + chrono::Duration::days(8)).await;
    promise(&net, net.library, net.school, "Plan the summer reading list", start + chrono::Duration::days(25)).await;
    promise(&net, net.school, net.library, "Send the class lists", start + chrono::Duration::days(1)).await;
    let goal = json!({"statement": "Every child has a library card", "owner_organization_id": net.library});
    net.owner
        .api
        .post(&net.path(&format!("/partnerships/{}/goals", net.partnership)), goal)
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let concern = json!({"partnership_id": net.partnership, "organization_id": net.library, "title": "Room bookings keep failing",
                         "description": "The room was double-booked twice this month.", "severity": "medium", "visibility": "shared"});
    teacher.api.post(&net.path("/concerns"), concern).await.json_ok(StatusCode::CREATED).await;

    clock.advance(chrono::Duration::days(5));
    let today = clock.today();
    let pulse = json!({"partnership_id": net.partnership, "opens_on": today.to_string(), "closes_on": (today + chrono::Duration::days(7)).to_string()});
    net.owner.api.post(&net.path("/surveys"), pulse).await.json_ok(StatusCode::CREATED).await;

    let soon = reminders(&librarian, &net, "").await;
    assert_eq!(
        kinds(&soon),
        ["commitment_due", "commitment_overdue", "concern_to_acknowledge", "survey_to_answer"],
        "{soon:#?}"
    );
    let overdue = titled(&soon, "Bring the book cart").expect("the overdue commitment");
    assert_eq!(overdue["kind"], "commitment_overdue");
    assert_eq!(overdue["detail"], "3 days overdue, Reading Buddies");
    assert_eq!(overdue["path"], format!("/w/{}/commitments/{cart}", net.ws));
    assert_eq!(titled(&soon, "Lend 30 atlases").unwrap()["detail"], "due in 3 days, Reading Buddies");
    assert_eq!(soon[0]["title"], "Bring the book cart", "the most urgent comes first");
    assert!(titled(&soon, "Send the class lists").is_none(), "the school's commitment is not the librarian's");

    let month = reminders(&librarian, &net, "?days=31").await;
    assert_eq!(month.len(), 7, "{month:#?}");
    assert!(titled(&month, "Plan the summer reading list").is_some());
    let check_in = titled(&month, "Check-in of Reading Buddies").expect("the monthly check-in");
    assert_eq!(check_in["due_on"], (start + chrono::Duration::days(30)).to_string());
    assert_eq!(
        titled(&month, "Every child has a library card").expect("the library's goal to review")["kind"],
        "goal_review"
    );

    let school = reminders(&teacher, &net, "").await;
    assert_eq!(kinds(&school), ["commitment_overdue", "survey_to_answer"], "{school:#?}");
    assert_eq!(school[0]["title"], "Send the class lists");

    assert!(reminders(&outsider, &net, "?days=31").await.is_empty(), "nothing of a partnership they are not in");
    let stranger = app.sign_up(&format!("stranger-{}@example.org", short()), "Sam Stranger").await;
    stranger.api.get(&net.path("/reminders")).await.problem(StatusCode::NOT_FOUND).await;

    let problem =
        librarian.api.get(&net.path("/reminders?days=99")).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["days"]);
}

/// Settings start with both e-mails on; a bad kind is refused by name and changes nothing.
async fn settings_are_checked_and_kept(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let defaults = api.get("/api/v1/me/notifications").await.json_ok(StatusCode::OK).await;
    assert_eq!(
        defaults,
        json!({"email_reminders": true, "weekly_digest": true, "muted_until": null, "muted_kinds": []})
    );

    let bad =
        api.put("/api/v1/me/notifications", json!({"email_reminders": false, "muted_kinds": ["gossip"]}), None).await;
    let problem = bad.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(problem.to_string().contains("gossip"), "the problem names the unknown kind: {problem}");
    assert_eq!(api.get("/api/v1/me/notifications").await.json_ok(StatusCode::OK).await, defaults, "nothing changed");

    let chosen = json!({"email_reminders": false, "weekly_digest": true, "muted_until": "2027-01-04", "muted_kinds": ["survey_to_answer", "goal_review"]});
    assert_eq!(api.put("/api/v1/me/notifications", chosen.clone(), None).await.json_ok(StatusCode::OK).await, chosen);
    assert_eq!(api.get("/api/v1/me/notifications").await.json_ok(StatusCode::OK).await, chosen);
    app.anonymous().get("/api/v1/me/notifications").await.problem(StatusCode::UNAUTHORIZED).await;
}

/// Two servers with e-mail configured send the librarian one reminder and one digest on the
/// digest day, with links to the server's public address; a colleague who turned both off gets
/// nothing, and neither does the owner, who has nothing due.
async fn reminder_mail_goes_out_once_to_those_who_want_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let librarian = app.sign_up(&format!("librarian-{}@example.org", short()), "Lena Librarian").await;
    app.join(&net, &librarian, "member", &[net.library]).await;
    let quiet = app.person(&net, "member", &[net.library]).await;
    quiet
        .api
        .put("/api/v1/me/notifications", json!({"email_reminders": false, "weekly_digest": false}), None)
        .await
        .json_ok(StatusCode::OK)
        .await;
    let cart = promise(&net, net.library, net.school, "Bring the book cart", today() + chrono::Duration::days(1)).await;

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
    let _one = Runner::start_with(app.database_url(), &env);
    let _two = Runner::start_with(app.database_url(), &env);

    let mail = sink.wait_for(2).await;
    // Leave time for a duplicate or a message to someone else to arrive.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mail = if sink.messages().len() > mail.len() { sink.messages() } else { mail };
    assert_eq!(mail.len(), 2, "one reminder and one digest: {mail:#?}");
    assert!(mail.iter().all(|m| m.recipients == [librarian.email.clone()]), "{mail:#?}");
    let reminder =
        mail.iter().find(|m| m.subject.contains("Bring the book cart")).expect("the reminder names the commitment");
    assert_eq!(reminder.subject, "Eastside Learning Network: Bring the book cart");
    assert!(reminder.text.starts_with("Hello Lena,"), "{}", reminder.text);
    assert!(reminder.text.contains("due tomorrow"), "{}", reminder.text);
    assert!(
        reminder.text.contains(&format!("https://rapport.example.org/w/{}/commitments/{cart}", net.ws)),
        "{}",
        reminder.text
    );
    assert!(
        reminder.text.contains(&format!("https://rapport.example.org/w/{}/settings#reminders", net.ws)),
        "{}",
        reminder.text
    );
    let digest = mail.iter().find(|m| m.subject == "Eastside Learning Network: your week ahead").expect("the digest");
    assert!(digest.text.contains("Bring the book cart"), "{}", digest.text);
}

/// The settings page's reminder form: untick the digest and a kind, pause for a holiday; a
/// tampered kind is named beside the field and changes nothing.
async fn a_person_chooses_their_reminders_on_the_settings_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let browser = Browser::start().await;
    crate::browser::sign_in(&browser, &app, &net.owner.email).await;
    browser.goto(&app.url(&format!("/w/{}/settings#reminders", net.ws))).await;
    assert!(
        browser.find("input[name=channels][value=weekly_digest]").await.property("checked").await == json!(true),
        "the digest starts on"
    );
    browser.click("input[name=channels][value=weekly_digest]").await;
    browser.click("input[name=kinds][value=survey_to_answer]").await;
    browser.set_value("#f-muted_until", "2027-01-04").await;
    browser.follow("#reminders button[type=submit]").await;
    assert!(browser.text(".notice").await.contains("Reminder settings saved"), "{}", browser.text("main").await);
    let saved = net.owner.api.get("/api/v1/me/notifications").await.json_ok(StatusCode::OK).await;
    assert_eq!(
        saved,
        json!({"email_reminders": true, "weekly_digest": false, "muted_until": "2027-01-04", "muted_kinds": ["survey_to_answer"]})
    );
    assert_eq!(
        browser.find("input[name=kinds][value=survey_to_answer]").await.property("checked").await,
        json!(false),
        "the page shows what was saved"
    );
    assert_eq!(browser.find("#f-muted_until").await.property("value").await, json!("2027-01-04"));

    browser.execute("const box = document.querySelector('input[name=kinds][value=goal_review]'); box.value = 'gossip'; box.checked = true;", vec![]).await;
    browser.follow("#reminders button[type=submit]").await;
    let error = browser.find("#f-kinds-error").await.text().await;
    assert!(error.contains("gossip"), "the unknown kind is named beside the field: {error}");
    assert_eq!(
        net.owner.api.get("/api/v1/me/notifications").await.json_ok(StatusCode::OK).await,
        saved,
        "nothing changed"
    );
}
