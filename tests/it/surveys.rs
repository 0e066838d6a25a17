//! Pulse surveys through the API on both databases: the anonymity promise tested the way an
//! owner who wants to know "who said that" would attack it, the answering rules, and perceived
//! trust checked against SPEC 3.2's formula worked out by hand, through to the health index
//! and the "trust falling" warning.

use chrono::Duration;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::on_both_backends;
use crate::support::*;
use crate::webdriver::Browser;

pub(crate) const PARTNER_KEYS: [&str; 6] = [
    "follows_through",
    "shared_mission",
    "open_to_discussion",
    "power_and_influence",
    "level_of_involvement",
    "resource_contribution",
];

/// A partnership of a school and a library with `school` and `library` members of each, an
/// observer, and an outsider whose organisation is not in the partnership.
pub(crate) struct Fixture {
    pub(crate) app: TestApp,
    pub(crate) clock: TestClock,
    pub(crate) net: Network,
    pub(crate) school: Vec<Person>,
    pub(crate) library: Vec<Person>,
    observer: Person,
    outsider: Person,
}

pub(crate) async fn fixture(backend: Backend, school: usize, library: usize) -> Fixture {
    let clock = TestClock::default();
    let app = TestApp::spawn_with_clock(backend, &clock).await;
    let net = app.network().await;
    let mut school_people = Vec::new();
    for _ in 0..school {
        school_people.push(app.person(&net, "member", &[net.school]).await);
    }
    let mut library_people = Vec::new();
    for _ in 0..library {
        library_people.push(app.person(&net, "member", &[net.library]).await);
    }
    let observer = app.person(&net, "observer", &[]).await;
    let elsewhere = app.organization(&net, "Harbor Youth Club", "nonprofit").await;
    let outsider = app.person(&net, "member", &[elsewhere]).await;
    Fixture { app, clock, net, school: school_people, library: library_people, observer, outsider }
}

impl Fixture {
    /// Sends the partnership pulse, open from tomorrow for a week.
    pub(crate) async fn send(&self) -> Uuid {
        let today = self.clock.today();
        let body =
            json!({"partnership_id": self.net.partnership, "opens_on": day(today, 1), "closes_on": day(today, 7)});
        let survey = self.net.owner.api.post(&self.net.path("/surveys"), body).await.json_ok(StatusCode::CREATED).await;
        id_of(&survey)
    }

    pub(crate) fn open(&self) {
        self.clock.advance(Duration::days(1));
    }

    pub(crate) fn close(&self) {
        self.clock.advance(Duration::days(7));
    }

    pub(crate) fn survey(&self, survey: Uuid, rest: &str) -> String {
        self.net.path(&format!("/surveys/{survey}{rest}"))
    }

    /// A single-use link to `survey` for someone of the library, as the owner hands it out.
    pub(crate) async fn library_link(&self, survey: Uuid) -> Value {
        self.net
            .owner
            .api
            .post(&self.survey(survey, "/links"), json!({"organization_id": self.net.library}))
            .await
            .json_ok(StatusCode::CREATED)
            .await
    }

    pub(crate) async fn answer(
        &self,
        person: &Person,
        survey: Uuid,
        about: Uuid,
        ratings: [i32; 6],
    ) -> reqwest::Response {
        person
            .api
            .post(&self.survey(survey, "/responses"), answers(about, ratings, Some("Keep the Thursday slot")))
            .await
    }
}

/// A response rating `about` on the six dimensions, with a satisfaction rating and a comment.
fn answers(about: Uuid, ratings: [i32; 6], comment: Option<&str>) -> Value {
    let mut list: Vec<Value> =
        PARTNER_KEYS.iter().zip(ratings).map(|(k, r)| json!({"question": k, "about": about, "rating": r})).collect();
    list.push(json!({"question": "satisfaction", "rating": 4}));
    list.push(json!({"question": "check_in_rhythm", "choices": ["About right"]}));
    if let Some(comment) = comment {
        list.push(json!({"question": "comment", "text": comment}));
    }
    json!({"answers": list})
}

fn close_to(actual: &Value, expected: f64, what: &str) {
    let actual = actual.as_f64().unwrap_or_else(|| panic!("{what} is a number: {actual}"));
    assert!((actual - expected).abs() < 1e-9, "{what}: got {actual}, SPEC 3.2 gives {expected}");
}

on_both_backends!(surveys_take_one_answer_per_person_while_open);

async fn surveys_take_one_answer_per_person_while_open(backend: Backend) {
    let f = fixture(backend, 3, 3).await;
    let owner = &f.net.owner.api;

    // k is never below 3; bad input names the field and creates nothing.
    let today = f.clock.today();
    let problem = owner
        .post(&f.net.path("/surveys"), json!({"partnership_id": f.net.partnership, "opens_on": day(today, 1), "closes_on": day(today, -1), "k": 2}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), vec!["closes_on", "k"]);
    let problem = owner
        .post(&f.net.path("/surveys"), json!({"opens_on": day(today, 1), "closes_on": day(today, 2), "colour": "red"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), vec!["colour"]);
    assert!(owner.ids(&f.net.path("/surveys")).await.is_empty());
    // Members and observers do not send surveys.
    let body = json!({"partnership_id": f.net.partnership, "opens_on": day(today, 1), "closes_on": day(today, 7)});
    f.school[0].api.post(&f.net.path("/surveys"), body.clone()).await.problem(StatusCode::FORBIDDEN).await;
    f.observer.api.post(&f.net.path("/surveys"), body).await.problem(StatusCode::FORBIDDEN).await;

    let survey = f.send().await;
    let detail = owner.read(&f.survey(survey, "")).await;
    assert_eq!(detail["survey"]["state"], "scheduled");
    assert_eq!(detail["survey"]["invited"], 6, "every member of both organisations, nobody else");
    assert_eq!(detail["survey"]["k"], 3);
    assert!(detail["invitation"].is_null(), "the owner belongs to no organisation asked");
    let mine = f.school[0].api.read(&f.survey(survey, "")).await;
    assert_eq!(mine["invitation"]["organization_id"], json!(f.net.school));
    assert_eq!(
        mine["invitation"]["partners"],
        json!([{"id": f.net.library, "name": "Eastside Library"}]),
        "never one's own organisation"
    );
    // Outside the caller's view: 404, as if it did not exist.
    f.outsider.api.get(&f.survey(survey, "")).await.problem(StatusCode::NOT_FOUND).await;
    assert!(f.outsider.api.ids(&f.net.path("/surveys")).await.is_empty());
    f.outsider
        .api
        .post(&f.survey(survey, "/responses"), answers(f.net.library, [4; 6], None))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;

    // Not yet open.
    let problem = f.answer(&f.school[0], survey, f.net.library, [4; 6]).await.problem(StatusCode::CONFLICT).await;
    assert!(problem["detail"].as_str().unwrap().contains("opens on"));

    f.open();
    // Rating one's own organisation, an unknown question, a rating off the scale: 422, nothing stored.
    let problem =
        f.answer(&f.school[0], survey, f.net.school, [4; 6]).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(fields(&problem).contains(&"answers[0].about".to_owned()));
    let problem = f.school[0]
        .api
        .post(
            &f.survey(survey, "/responses"),
            json!({"answers": [{"question": "satisfaction", "rating": 9}, {"question": "gossip"}]}),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), vec!["answers[0].rating", "answers[1].question"]);
    f.school[0]
        .api
        .post(&f.survey(survey, "/responses"), json!({"answers": [], "name": "Ana"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    // The observer and the owner were not invited.
    f.observer
        .api
        .post(&f.survey(survey, "/responses"), answers(f.net.library, [4; 6], None))
        .await
        .problem(StatusCode::FORBIDDEN)
        .await;

    let receipt = f.answer(&f.school[0], survey, f.net.library, [4; 6]).await.json_ok(StatusCode::CREATED).await;
    assert_eq!(
        receipt.as_object().unwrap().keys().collect::<Vec<_>>(),
        vec!["message"],
        "the receipt names no response: {receipt}"
    );
    // A second answer, even a different one, is refused.
    f.answer(&f.school[0], survey, f.net.library, [1; 6]).await.problem(StatusCode::CONFLICT).await;
    assert_eq!(f.school[0].api.read(&f.survey(survey, "")).await["invitation"]["answered"], true);

    // Five answers sent at once by one person: exactly one is taken.
    let path = f.survey(survey, "/responses");
    let racers: Vec<_> = (0..5)
        .map(|i| {
            let api = f.library[2].api.clone();
            let (path, body) = (path.clone(), answers(f.net.school, [1 + i % 4; 6], None));
            tokio::spawn(async move { api.post(&path, body).await.status() })
        })
        .collect();
    let mut statuses = Vec::new();
    for racer in racers {
        statuses.push(racer.await.unwrap());
    }
    statuses.sort();
    assert_eq!(
        statuses,
        vec![
            StatusCode::CREATED,
            StatusCode::CONFLICT,
            StatusCode::CONFLICT,
            StatusCode::CONFLICT,
            StatusCode::CONFLICT
        ],
        "one answer per person, whatever the timing"
    );

    // Counts while open only from k on; results never while open.
    let rate = owner.read(&f.survey(survey, "/responses")).await;
    assert!(rate["responses"].is_null() && rate["rate_percent"].is_null(), "{rate}");
    assert!(rate["note"].as_str().unwrap().contains("Fewer than 3"));
    f.answer(&f.library[0], survey, f.net.school, [2; 6]).await.json_ok(StatusCode::CREATED).await;
    let rate = owner.read(&f.survey(survey, "/responses")).await;
    assert_eq!(rate["responses"], 3);
    close_to(&rate["rate_percent"], 50.0, "response rate");
    owner.get(&f.survey(survey, "/results")).await.problem(StatusCode::CONFLICT).await;

    f.close();
    let problem = f.answer(&f.library[1], survey, f.net.school, [2; 6]).await.problem(StatusCode::CONFLICT).await;
    assert!(problem["detail"].as_str().unwrap().contains("closed"));
    assert_eq!(owner.read(&f.survey(survey, "")).await["survey"]["state"], "closed");
    let results = f.observer.api.read(&f.survey(survey, "/results")).await;
    assert_eq!(results["respondents"], 3);
    f.outsider.api.get(&f.survey(survey, "/results")).await.problem(StatusCode::NOT_FOUND).await;
}

/// Every UUID-shaped and timestamp-shaped string in a JSON value.
fn scan(value: &Value, uuids: &mut Vec<String>, times: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            for word in s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':' || c == '.' || c == '+'))
            {
                if word.len() == 36 && word.parse::<Uuid>().is_ok() {
                    uuids.push(word.to_owned());
                }
                if word.len() >= 19 && word.as_bytes().get(10) == Some(&b'T') && word[..4].parse::<u32>().is_ok() {
                    times.push(word.to_owned());
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| scan(v, uuids, times)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            scan(&Value::String(k.clone()), uuids, times);
            scan(v, uuids, times);
        }),
        _ => {}
    }
}

/// What the owner can read about the survey and the partnership through every route.
async fn owner_view(f: &Fixture, survey: Uuid) -> Vec<(String, Value)> {
    let mut paths = vec![
        f.net.path("/surveys"),
        f.survey(survey, ""),
        f.survey(survey, "/responses"),
        f.survey(survey, "/results"),
        f.net.path(&format!("/partnerships/{}/health", f.net.partnership)),
        f.net.path("/warnings?include_history=true"),
        f.net.path("/dashboard"),
        f.net.path(&format!("/organizations/{}/reliability", f.net.school)),
        f.net.path(&format!("/organizations/{}/reliability", f.net.library)),
    ];
    paths.push(format!("/api/v1/workspaces/{}", f.net.ws));
    let mut bodies = Vec::new();
    for path in paths {
        let response = f.net.owner.api.get(&path).await;
        let body: Value = response.json().await.unwrap_or(Value::Null);
        bodies.push((path, body));
    }
    bodies
}

on_both_backends!(an_owner_cannot_link_an_answer_to_a_person);

async fn an_owner_cannot_link_an_answer_to_a_person(backend: Backend) {
    let f = fixture(backend, 3, 3).await;
    let survey = f.send().await;
    let created_at =
        f.net.owner.api.read(&f.survey(survey, "")).await["survey"]["created_at"].as_str().unwrap().to_owned();
    f.open();
    let respondents: Vec<&Person> = f.library.iter().collect();
    let secrets: Vec<String> = respondents.iter().flat_map(|p| vec![p.id.to_string(), p.email.clone()]).collect();
    let allowed: Vec<String> =
        [f.net.ws, f.net.school, f.net.library, f.net.partnership, survey].iter().map(Uuid::to_string).collect();

    // Two of three library people answer; the owner looks at everything.
    f.answer(respondents[0], survey, f.net.school, [4, 4, 4, 3, 3, 3]).await.json_ok(StatusCode::CREATED).await;
    f.answer(respondents[1], survey, f.net.school, [2, 2, 2, 1, 1, 1]).await.json_ok(StatusCode::CREATED).await;
    let before = owner_view(&f, survey).await;
    // The third answers: the only visible change is that the count reaches k.
    f.answer(respondents[2], survey, f.net.school, [3, 3, 3, 2, 2, 2]).await.json_ok(StatusCode::CREATED).await;
    let after = owner_view(&f, survey).await;
    for ((path, old), (_, new)) in before.iter().zip(&after) {
        if path.ends_with("/responses") {
            assert!(old["responses"].is_null() && new["responses"] == 3, "{old} → {new}");
        } else if !path.contains("/reliability") && !path.contains("/dashboard") && !path.contains("/health") {
            assert_eq!(old, new, "{path} changed when one more person answered");
        }
    }
    // Results stay refused while open, whoever asks.
    f.net.owner.api.get(&f.survey(survey, "/results")).await.problem(StatusCode::CONFLICT).await;
    f.close();
    f.school[0]
        .api
        .post(&f.survey(survey, "/responses"), answers(f.net.library, [4; 6], None))
        .await
        .problem(StatusCode::CONFLICT)
        .await;
    let closed = owner_view(&f, survey).await;

    for (path, body) in before.iter().chain(&after).chain(&closed) {
        let text = body.to_string();
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{path} reveals a respondent ({secret}): {text}");
        }
        if path.contains("/surveys") {
            let (mut uuids, mut times) = (Vec::new(), Vec::new());
            scan(body, &mut uuids, &mut times);
            for id in uuids {
                assert!(
                    allowed.contains(&id),
                    "{path} shows an id that is neither the survey nor its partnership: {id}"
                );
            }
            for time in times {
                assert_eq!(time, created_at, "{path} shows a time other than the survey's creation");
            }
        }
    }
    // The results hold aggregates only: three library people rated the school.
    let results = f.net.owner.api.read(&f.survey(survey, "/results")).await;
    assert_eq!(results["respondents"], 3);
    close_to(&results["overall"]["trust_percent"], (4.0 + 2.0 + 3.0) / 3.0 / 4.0 * 100.0, "network trust");
    let comments = results["comments"].as_array().unwrap();
    assert!(comments.is_empty(), "three respondents are fewer than k_comments = 5");
    assert!(results["comments_note"].as_str().unwrap().contains("at least 5"));

    // The HTML pages say no more than the API.
    let ui = f.app.ui_sign_in(&f.net.owner.email).await;
    let ws = f.net.ws;
    for page in [
        format!("/w/{ws}/surveys"),
        format!("/w/{ws}/surveys/{survey}"),
        format!("/w/{ws}/surveys/{survey}/results"),
        format!("/w/{ws}"),
    ] {
        let html = ui.page(&page).await;
        for secret in &secrets {
            assert!(!html.contains(secret.as_str()), "{page} reveals a respondent");
        }
    }

    // The OpenAPI document offers no route to single answers.
    let doc = f.net.owner.api.read("/api/v1/openapi.json").await;
    let mut survey_paths: Vec<&String> =
        doc["paths"].as_object().unwrap().keys().filter(|p| p.contains("survey")).collect();
    survey_paths.sort();
    assert_eq!(
        survey_paths,
        vec![
            "/api/v1/survey-links/{token}",
            "/api/v1/workspaces/{ws}/surveys",
            "/api/v1/workspaces/{ws}/surveys/template",
            "/api/v1/workspaces/{ws}/surveys/{id}",
            "/api/v1/workspaces/{ws}/surveys/{id}/close",
            "/api/v1/workspaces/{ws}/surveys/{id}/links",
            "/api/v1/workspaces/{ws}/surveys/{id}/responses",
            "/api/v1/workspaces/{ws}/surveys/{id}/results",
        ]
    );
    assert!(doc["paths"]["/api/v1/workspaces/{ws}/surveys/{id}/responses"]["get"].is_object());

    // And in the database itself: answers carry no person, no token, no time, and random ids.
    let db = Database::connect(f.app.database_url()).await.unwrap();
    let backend = db.get_database_backend();
    for (table, allowed_columns) in [
        ("survey_responses", &["id", "workspace_id", "survey_id", "organization_id", "through_link"][..]),
        (
            "survey_answers",
            &[
                "id",
                "workspace_id",
                "survey_id",
                "response_id",
                "question",
                "about_organization_id",
                "rating",
                "choices",
                "text",
            ][..],
        ),
        ("survey_participations", &["id", "workspace_id", "survey_id", "invitation_id"][..]),
    ] {
        let rows = db.query_all_raw(Statement::from_string(backend, format!("SELECT * FROM {table}"))).await.unwrap();
        assert!(!rows.is_empty(), "{table} has rows");
        for row in &rows {
            let mut columns = row.column_names();
            columns.sort();
            let mut expected: Vec<String> = allowed_columns.iter().map(|c| (*c).to_owned()).collect();
            expected.sort();
            assert_eq!(columns, expected, "{table} holds nothing that names a person or a moment");
            let id: Uuid = row.try_get("", "id").unwrap();
            assert_eq!(id.get_version_num(), 4, "{table} ids are random, not time-ordered");
        }
    }
    let invitations =
        db.query_all_raw(Statement::from_string(backend, "SELECT * FROM survey_invitations".to_owned())).await.unwrap();
    assert!(
        invitations
            .iter()
            .all(|row| !row.column_names().iter().any(|c| c.contains("answer") || c.contains("response"))),
        "invitations point at no answer"
    );
    db.close().await.ok();
}

on_both_backends!(subtracting_one_group_from_another_isolates_no_one);

async fn subtracting_one_group_from_another_isolates_no_one(backend: Backend) {
    // Three school people and one library person answer: the whole survey (four people) is
    // shown, but any group that would separate the lone library respondent is not.
    let f = fixture(backend, 3, 1).await;
    let survey = f.send().await;
    f.open();
    for (person, r) in f.school.iter().zip([4, 3, 2]) {
        f.answer(person, survey, f.net.library, [r; 6]).await.json_ok(StatusCode::CREATED).await;
    }
    f.answer(&f.library[0], survey, f.net.school, [1; 6]).await.json_ok(StatusCode::CREATED).await;
    f.close();
    let results = f.net.owner.api.read(&f.survey(survey, "/results")).await;
    assert_eq!(results["overall"]["shown"], true);
    assert_eq!(results["respondents"], 4);
    for grouping in ["by_rated_organization", "by_rating_organization", "by_pair"] {
        let groups = results[grouping].as_array().unwrap();
        assert!(!groups.is_empty(), "{grouping}: suppressed groups are listed, never silently missing");
        for group in groups {
            assert_eq!(group["shown"], false, "{grouping} would let the lone respondent be worked out: {group}");
            assert!(
                group["trust_percent"].is_null() && group["value_percent"].is_null() && group["respondents"].is_null()
            );
            assert!(group["dimensions"].as_array().unwrap().is_empty());
            assert!(
                group["note"].as_str().unwrap().starts_with("Fewer than 3")
                    || group["note"].as_str().unwrap().contains("Not shown"),
                "{group}"
            );
        }
    }
    // The school's group is big enough on its own, but it is the complement of the library's one.
    let school = results["by_rating_organization"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["organization_id"] == json!(f.net.school))
        .unwrap()
        .clone();
    assert_eq!(school["suppressed"], "complement");
    let library = results["by_rating_organization"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["organization_id"] == json!(f.net.library))
        .unwrap()
        .clone();
    assert_eq!(library["suppressed"], "too_few");
    assert!(library["note"].as_str().unwrap().contains("Fewer than 3 responses"));

    // An owner who invents a grouping gets nothing: unknown parameters are refused or ignored,
    // and the answer is the same predefined groups.
    let filtered = f.net.owner.api.get(&f.survey(survey, "/results?organization_id=")).await;
    let filtered: Value = filtered.json().await.unwrap_or(Value::Null);
    assert!(filtered == results || filtered["status"].is_number(), "no ad-hoc filters");
}

on_both_backends!(perceived_trust_feeds_the_health_index_and_the_trust_falling_warning);

async fn perceived_trust_feeds_the_health_index_and_the_trust_falling_warning(backend: Backend) {
    let f = fixture(backend, 3, 3).await;
    let owner = &f.net.owner.api;
    // A goal on track gives the index a second component, so it is a number.
    let goal = owner
        .post(
            &f.net.path(&format!("/partnerships/{}/goals", f.net.partnership)),
            json!({"statement": "Every third grader reads 20 books"}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    owner
        .post(&f.net.path(&format!("/goals/{}/updates", id_of(&goal))), json!({"confidence": "on_track"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;

    let school_ratings = [[4, 4, 3, 3, 3, 3], [3, 4, 4, 2, 2, 2], [4, 3, 3, 4, 4, 4]];
    let library_ratings = [[3, 3, 3, 2, 2, 2], [4, 4, 4, 3, 3, 3], [2, 3, 4, 1, 1, 1]];
    let survey = f.send().await;
    f.open();
    for (person, r) in f.school.iter().zip(school_ratings) {
        f.answer(person, survey, f.net.library, r).await.json_ok(StatusCode::CREATED).await;
    }
    for (person, r) in f.library.iter().zip(library_ratings) {
        f.answer(person, survey, f.net.school, r).await.json_ok(StatusCode::CREATED).await;
    }
    // Before close the health index knows nothing of it.
    let health = owner.read(&f.net.path(&format!("/partnerships/{}/health", f.net.partnership))).await;
    let component = |h: &Value| {
        h["health"]["components"].as_array().unwrap().iter().find(|c| c["kind"] == "perceived_trust").unwrap().clone()
    };
    assert!(component(&health)["value"].is_null());
    f.close();

    // SPEC 3.2 by hand. Dyad = mean of the three trust ratings of one respondent about a partner.
    let dyad = |r: [i32; 6]| (r[0] + r[1] + r[2]) as f64 / 3.0;
    let value_dyad = |r: [i32; 6]| (r[3] + r[4] + r[5]) as f64 / 3.0;
    let all: Vec<[i32; 6]> = school_ratings.iter().chain(&library_ratings).copied().collect();
    let network = all.iter().map(|r| dyad(*r)).sum::<f64>() / 6.0 / 4.0 * 100.0;
    // An organisation's trust: mean over every trust rating it received.
    let received =
        |ratings: &[[i32; 6]]| ratings.iter().flat_map(|r| r[..3].to_vec()).sum::<i32>() as f64 / 9.0 / 4.0 * 100.0;
    let library_trust = received(&school_ratings);
    let school_trust = received(&library_ratings);
    let library_value = school_ratings.iter().map(|r| value_dyad(*r)).sum::<f64>() / 3.0 / 4.0 * 100.0;

    let results = owner.read(&f.survey(survey, "/results")).await;
    close_to(&results["overall"]["trust_percent"], network, "network trust");
    let rated = |org: Uuid| {
        results["by_rated_organization"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["organization_id"] == json!(org))
            .unwrap()
            .clone()
    };
    close_to(&rated(f.net.library)["trust_percent"], library_trust, "library's trust");
    close_to(&rated(f.net.school)["trust_percent"], school_trust, "school's trust");
    close_to(&rated(f.net.library)["value_percent"], library_value, "library's value");
    let follows = rated(f.net.library)["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dimension"] == "follows_through")
        .unwrap()
        .clone();
    close_to(&follows["mean"], (4.0 + 3.0 + 4.0) / 3.0, "follows through, received by the library");
    let pair = results["by_pair"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["organization_id"] == json!(f.net.library) && g["rating_organization_id"] == json!(f.net.school))
        .unwrap()
        .clone();
    close_to(
        &pair["trust_percent"],
        school_ratings.iter().map(|r| dyad(*r)).sum::<f64>() / 3.0 / 4.0 * 100.0,
        "school about library",
    );
    let satisfaction =
        results["questions"].as_array().unwrap().iter().find(|q| q["key"] == "satisfaction").unwrap().clone();
    assert_eq!(satisfaction["answered"], 6);
    close_to(&satisfaction["mean"], 4.0, "satisfaction");
    assert_eq!(results["comments"], json!(vec!["Keep the Thursday slot"; 6]), "six respondents reach k_comments");

    // The health index takes the wave's network trust with weight 25.
    let health = owner.read(&f.net.path(&format!("/partnerships/{}/health", f.net.partnership))).await;
    let trust = component(&health);
    close_to(&trust["value"], network, "perceived trust component");
    close_to(&trust["weight"], 25.0, "perceived trust weight");
    close_to(
        &health["health"]["index"],
        (25.0 * network + 20.0 * 100.0) / 45.0,
        "health index with perceived trust and goals",
    );

    // A second wave, ten or more points lower: the "trust falling" warning.
    let survey2 = f.send().await;
    f.open();
    for person in &f.school {
        f.answer(person, survey2, f.net.library, [2, 2, 2, 2, 2, 2]).await.json_ok(StatusCode::CREATED).await;
    }
    for person in &f.library {
        f.answer(person, survey2, f.net.school, [2, 2, 3, 2, 2, 2]).await.json_ok(StatusCode::CREATED).await;
    }
    let inbox = owner.read(&f.net.path("/warnings?kind=trust_falling")).await;
    assert!(inbox["items"].as_array().unwrap().is_empty(), "an open wave counts for nothing");
    f.close();
    let second = (3.0 * 2.0 + 3.0 * (7.0 / 3.0)) / 6.0 / 4.0 * 100.0;
    assert!(network - second >= 10.0, "the scenario drops ten points: {network} → {second}");
    let health = owner.read(&f.net.path(&format!("/partnerships/{}/health", f.net.partnership))).await;
    close_to(&component(&health)["value"], second, "the latest wave counts");
    let falling = health["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "trust_falling")
        .unwrap_or_else(|| panic!("trust falling: {health}"))
        .clone();
    assert!(falling["records"].as_array().unwrap().iter().any(|r| r["id"] == json!(survey2)), "{falling}");
    let inbox = owner.read(&f.net.path("/warnings?kind=trust_falling")).await;
    assert_eq!(inbox["items"].as_array().unwrap().len(), 1, "the inbox has it: {inbox}");
}

on_both_backends!(single_use_links_answer_once_without_an_account);

async fn single_use_links_answer_once_without_an_account(backend: Backend) {
    let f = fixture(backend, 0, 0).await;
    let survey = f.send().await;
    let owner = &f.net.owner.api;
    let link = f.library_link(survey).await;
    let token = link["token"].as_str().unwrap().to_owned();
    assert!(link["url"].as_str().unwrap().ends_with(&format!("/s/{token}")));
    // Before it opens, the coordinator is told which groups can never be shown.
    let page = f.app.ui_sign_in(&f.net.owner.email).await.page(&format!("/w/{}/surveys/{survey}", f.net.ws)).await;
    assert!(page.contains("Groups that can never be shown"), "{page}");
    assert!(page.contains("Eastside Library (1 invited)") && page.contains("Lincoln Elementary (0 invited)"), "{page}");
    // Links only for organisations asked, only by coordinators and owners.
    let elsewhere = f.app.organization(&f.net, "Riverside Bank", "business").await;
    let problem = owner
        .post(&f.survey(survey, "/links"), json!({"organization_id": elsewhere}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), vec!["organization_id"]);
    f.observer
        .api
        .post(&f.survey(survey, "/links"), json!({"organization_id": f.net.library}))
        .await
        .problem(StatusCode::FORBIDDEN)
        .await;
    assert_eq!(owner.read(&f.survey(survey, "")).await["survey"]["invited"], 1);

    let anonymous = f.app.anonymous();
    let form = anonymous.read(&format!("/api/v1/survey-links/{token}")).await;
    assert_eq!(form["state"], "scheduled");
    assert_eq!(form["invitation"]["partners"], json!([{"id": f.net.school, "name": "Lincoln Elementary"}]));
    anonymous
        .post(&format!("/api/v1/survey-links/{token}"), answers(f.net.school, [3; 6], None))
        .await
        .problem(StatusCode::CONFLICT)
        .await;
    f.open();
    // Who may answer is fixed once the survey opens: no new link.
    let fixed = owner
        .post(&f.survey(survey, "/links"), json!({"organization_id": f.net.library}))
        .await
        .problem(StatusCode::CONFLICT)
        .await;
    assert!(fixed["detail"].as_str().unwrap().contains("before a survey opens"), "{fixed}");
    // The link's maker cannot answer it from their own session.
    owner
        .post(&format!("/api/v1/survey-links/{token}"), answers(f.net.school, [3; 6], None))
        .await
        .problem(StatusCode::FORBIDDEN)
        .await;
    anonymous
        .post(&format!("/api/v1/survey-links/{token}"), answers(f.net.library, [3; 6], None))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    anonymous
        .post(&format!("/api/v1/survey-links/{token}"), answers(f.net.school, [3; 6], None))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    anonymous
        .post(&format!("/api/v1/survey-links/{token}"), answers(f.net.school, [1; 6], None))
        .await
        .problem(StatusCode::CONFLICT)
        .await;
    assert_eq!(anonymous.read(&format!("/api/v1/survey-links/{token}")).await["invitation"]["answered"], true);
    anonymous.get("/api/v1/survey-links/not-a-real-token").await.problem(StatusCode::NOT_FOUND).await;
    f.close();
    owner
        .post(&f.survey(survey, "/links"), json!({"organization_id": f.net.library}))
        .await
        .problem(StatusCode::CONFLICT)
        .await;
}

on_both_backends!(the_pages_send_a_survey_take_answers_and_show_results);

async fn the_pages_send_a_survey_take_answers_and_show_results(backend: Backend) {
    let f = fixture(backend, 3, 1).await;
    let ws = f.net.ws;
    let owner = f.app.ui_sign_in(&f.net.owner.email).await;
    let csrf = owner.csrf(&format!("/w/{ws}/surveys/new")).await;
    let today = f.clock.today();
    let partnership = f.net.partnership.to_string();
    // A bad form comes back with the error beside its field, and nothing is sent.
    let response = owner
        .post_form(
            &format!("/w/{ws}/surveys"),
            &[
                ("csrf", &csrf),
                ("title", "Spring pulse"),
                ("partnership_id", &partnership),
                ("opens_on", &day(today, 1)),
                ("closes_on", &day(today, 7)),
                ("k", "2"),
                ("k_comments", "5"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"f-k-error\"") && html.contains("at least 3"), "the error sits beside k");
    assert!(f.net.owner.api.ids(&f.net.path("/surveys")).await.is_empty());
    let response = owner
        .post_form(
            &format!("/w/{ws}/surveys"),
            &[
                ("csrf", &csrf),
                ("title", "Spring pulse"),
                ("partnership_id", &partnership),
                ("opens_on", &day(today, 1)),
                ("closes_on", &day(today, 7)),
                ("k", "3"),
                ("k_comments", "5"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let survey = f.net.owner.api.ids(&f.net.path("/surveys")).await[0];

    f.open();
    // The survey is a task on the invitee's home page and answered through the form.
    let member = f.app.ui_sign_in(&f.school[0].email).await;
    let home = member.page(&format!("/w/{ws}")).await;
    assert!(home.contains(&format!("/w/{ws}/surveys/{survey}/answer")), "the home page asks for an answer");
    let form = member.page(&format!("/w/{ws}/surveys/{survey}/answer")).await;
    assert!(
        form.contains("Part 1 of")
            && form.contains("Eastside Library")
            && !form.contains(&format!("follows_through@{}", f.net.school))
    );
    let csrf = member.csrf(&format!("/w/{ws}/surveys/{survey}/answer")).await;
    let library = f.net.library;
    let field = |key: &str| format!("{key}@{library}");
    let names: Vec<String> = PARTNER_KEYS.iter().map(|k| field(k)).collect();
    // Half a partner's ratings: refused, shown again with the choices kept.
    let response = member
        .post_form(
            &format!("/w/{ws}/surveys/{survey}/answer"),
            &[("csrf", &csrf), (&names[0], "4"), ("satisfaction", "5")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("every statement about partners"), "the problem is explained");
    let mut pairs: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    for name in &names {
        pairs.push((name, "3"));
    }
    pairs.push(("helped_most", "Promises kept"));
    pairs.push(("helped_most", "Sharing data"));
    pairs.push(("comment", "More notice before events"));
    let response = member.post_form(&format!("/w/{ws}/surveys/{survey}/answer"), &pairs).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = member.post_form(&format!("/w/{ws}/surveys/{survey}/answer"), &pairs).await;
    assert_eq!(response.status(), StatusCode::CONFLICT, "one submission only");
    let home = member.page(&format!("/w/{ws}")).await;
    assert!(!home.contains(&format!("/w/{ws}/surveys/{survey}/answer")), "answered: no longer a task");
    for person in &f.school[1..] {
        f.answer(person, survey, f.net.library, [2; 6]).await.json_ok(StatusCode::CREATED).await;
    }
    f.answer(&f.library[0], survey, f.net.school, [1; 6]).await.json_ok(StatusCode::CREATED).await;
    let page = owner.page(&format!("/w/{ws}/surveys/{survey}")).await;
    assert!(page.contains("<strong>4</strong> of 4 invited"), "the response rate from k on");
    assert_eq!(
        owner.get(&format!("/w/{ws}/surveys/{survey}/results")).await.status(),
        StatusCode::SEE_OTHER,
        "no results while open: back to the survey, which says when they will be ready"
    );

    f.close();
    let results = owner.page(&format!("/w/{ws}/surveys/{survey}/results")).await;
    assert!(results.contains("4 people answered"));
    assert!(results.contains("Fewer than 3 responses"), "a small group is shown as such, never silently missing");
    assert!(results.contains("Eastside Library") && results.contains("Lincoln Elementary"));
    assert!(results.contains("<svg class=\"score-bar\""), "charts per dimension");
    assert!(results.contains("Comments appear only when at least 5"));

    // Coordinators choose which partnerships ask for a pulse after each check-in.
    let csrf = owner.csrf(&format!("/w/{ws}/surveys")).await;
    let response =
        owner.post_form(&format!("/w/{ws}/surveys/pulse"), &[("csrf", &csrf), ("after_checkin", &partnership)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let setting = f.net.owner.api.read(&f.net.path(&format!("/partnerships/{partnership}/pulse"))).await;
    assert_eq!(setting["after_checkin"], true);
    assert!(owner.page(&format!("/w/{ws}/surveys")).await.contains(&format!("value=\"{partnership}\" checked")));
}

on_both_backends!(a_single_use_link_answers_on_a_phone);

async fn a_single_use_link_answers_on_a_phone(backend: Backend) {
    let f = fixture(backend, 3, 2).await;
    let survey = f.send().await;
    let link = f.library_link(survey).await;
    let url = link["url"].as_str().unwrap().to_owned();
    f.open();
    let shots = std::env::temp_dir().join("rapport-shots").join("surveys");
    let browser = Browser::start().await;
    browser.set_window_size(390, 844).await;
    let (width, _) = browser.viewport().await;
    assert!(width <= 390, "the window is phone-sized ({width} px)");

    browser.goto(&url).await;
    assert_eq!(browser.text("h1").await, "Partnership pulse");
    assert!(browser.text(".lead").await.contains("Eastside Library"));
    assert!(browser.text("main").await.to_lowercase().contains("part 1 of"), "progress is shown");
    assert_eq!(browser.horizontal_overflow().await, 0, "nothing sticks out of a phone screen");
    browser.screenshot(&shots.join("link-answer-phone.png")).await;
    let school = f.net.school;
    for (key, value) in PARTNER_KEYS.iter().zip([4, 3, 3, 2, 2, 3]) {
        browser.click(&format!("input[name='{key}@{school}'][value='{value}']")).await;
    }
    browser.click("input[name='satisfaction'][value='4']").await;
    browser.fill("textarea[name='comment']", "The reading corner works").await;
    browser.follow(".survey-submit button").await;
    assert_eq!(browser.text("h1").await, "Thank you");
    browser.screenshot(&shots.join("link-thanks-phone.png")).await;
    // The link is spent.
    browser.goto(&url).await;
    assert_eq!(browser.text("h1").await, "Already answered");

    // The other pages, for people to look at, on a phone and a laptop.
    for person in &f.school {
        f.answer(person, survey, f.net.library, [3, 3, 4, 2, 3, 3]).await.json_ok(StatusCode::CREATED).await;
    }
    f.answer(&f.library[0], survey, f.net.school, [2, 3, 3, 3, 3, 3]).await.json_ok(StatusCode::CREATED).await;
    f.answer(&f.library[1], survey, f.net.school, [3, 2, 3, 3, 4, 3]).await.json_ok(StatusCode::CREATED).await;
    crate::browser::sign_in(&browser, &f.app, &f.net.owner.email).await;
    let ws = f.net.ws;
    for (w, h, tag) in [(390, 844, "phone"), (1280, 900, "laptop")] {
        browser.set_window_size(w, h).await;
        for (page, name) in [
            (format!("/w/{ws}/surveys"), "list"),
            (format!("/w/{ws}/surveys/new"), "new"),
            (format!("/w/{ws}/surveys/{survey}"), "survey"),
        ] {
            browser.goto(&f.app.url(&page)).await;
            assert_eq!(browser.horizontal_overflow().await, 0, "{page} fits {tag}");
            browser.screenshot(&shots.join(format!("{name}-{tag}.png"))).await;
        }
    }
    f.close();
    for (w, h, tag) in [(390, 844, "phone"), (1280, 900, "laptop")] {
        browser.set_window_size(w, h).await;
        browser.goto(&f.app.url(&format!("/w/{ws}/surveys/{survey}/results"))).await;
        assert!(browser.text("h1").await.starts_with("Results"));
        assert_eq!(browser.horizontal_overflow().await, 0, "results fit {tag}");
        browser.screenshot(&shots.join(format!("results-{tag}.png"))).await;
    }
}

on_both_backends!(a_survey_of_the_whole_network_reports_each_partnership);

async fn a_survey_of_the_whole_network_reports_each_partnership(backend: Backend) {
    let f = fixture(backend, 3, 3).await;
    let owner = &f.net.owner.api;
    let today = f.clock.today();
    let survey = owner
        .post(
            &f.net.path("/surveys"),
            json!({"title": "Network pulse", "opens_on": day(today, 1), "closes_on": day(today, 7)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let survey = id_of(&survey);
    let detail = owner.read(&f.survey(survey, "")).await;
    assert!(detail["survey"]["partnership_id"].is_null());
    assert_eq!(detail["survey"]["invited"], 7, "everyone in an organisation of the network");
    // The outsider's organisation partners with nobody: there is no one for them to rate.
    let theirs = f.outsider.api.read(&f.survey(survey, "")).await;
    assert_eq!(theirs["invitation"]["partners"], json!([]));
    f.open();
    f.outsider
        .api
        .post(&f.survey(survey, "/responses"), answers(f.net.school, [4; 6], None))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    f.outsider
        .api
        .post(&f.survey(survey, "/responses"), json!({"answers": [{"question": "satisfaction", "rating": 3}]}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    for (person, r) in f.school.iter().zip([4, 3, 3]) {
        f.answer(person, survey, f.net.library, [r, r, r, 3, 3, 3]).await.json_ok(StatusCode::CREATED).await;
    }
    for (person, r) in f.library.iter().zip([2, 3, 4]) {
        f.answer(person, survey, f.net.school, [r, r, r, 3, 3, 3]).await.json_ok(StatusCode::CREATED).await;
    }
    f.close();
    let results = owner.read(&f.survey(survey, "/results")).await;
    assert_eq!(results["respondents"], 7);
    let group = results["by_partnership"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["partnership_id"] == json!(f.net.partnership))
        .unwrap()
        .clone();
    let expected = (4.0 + 3.0 + 3.0 + 2.0 + 3.0 + 4.0) / 6.0 / 4.0 * 100.0;
    close_to(&group["trust_percent"], expected, "the partnership's network trust");
    assert_eq!(group["respondents"], 6);
    // A member outside the partnership learns nothing of who works with whom.
    let theirs = f.outsider.api.read(&f.survey(survey, "/results")).await;
    assert!(
        theirs["by_partnership"].as_array().unwrap().is_empty() && theirs["by_pair"].as_array().unwrap().is_empty(),
        "{theirs}"
    );
    assert_eq!(theirs["overall"], results["overall"]);
    let inside = f.school[0].api.read(&f.survey(survey, "/results")).await;
    assert_eq!(inside["by_partnership"].as_array().unwrap().len(), 1);
    // The partnership's health takes it as its perceived trust.
    let health = owner.read(&f.net.path(&format!("/partnerships/{}/health", f.net.partnership))).await;
    let component = health["health"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "perceived_trust")
        .unwrap()
        .clone();
    close_to(&component["value"], expected, "perceived trust from the network survey");
}

on_both_backends!(a_partnership_can_ask_for_a_pulse_after_each_check_in);

async fn a_partnership_can_ask_for_a_pulse_after_each_check_in(backend: Backend) {
    let f = fixture(backend, 1, 1).await;
    let owner = &f.net.owner.api;
    let setting = f.net.path(&format!("/partnerships/{}/pulse", f.net.partnership));
    let checkins = f.net.path(&format!("/partnerships/{}/checkins", f.net.partnership));
    let today = f.clock.today();
    assert_eq!(owner.read(&setting).await["after_checkin"], false);
    // Without the setting a check-in sends nothing.
    f.school[0]
        .api
        .post(&checkins, json!({"held_on": day(today, -1), "agenda": "Plan the book fair"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    assert!(owner.ids(&f.net.path("/surveys")).await.is_empty());

    f.school[0].api.put(&setting, json!({"after_checkin": true}), None).await.problem(StatusCode::FORBIDDEN).await;
    let problem = owner
        .put(&setting, json!({"after_checkin": true, "days_open": 60}), None)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), vec!["days_open"]);
    assert_eq!(owner.read(&setting).await["after_checkin"], false, "a refused change changes nothing");
    let saved =
        owner.put(&setting, json!({"after_checkin": true, "days_open": 5}), None).await.json_ok(StatusCode::OK).await;
    assert_eq!(saved, json!({"after_checkin": true, "days_open": 5}));

    // A member logs a check-in: the pulse goes out at once, open for five days.
    f.school[0]
        .api
        .post(&checkins, json!({"held_on": day(today, 0), "agenda": "Review the book fair"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let list = owner.read(&f.net.path("/surveys")).await;
    let surveys = list["items"].as_array().unwrap();
    assert_eq!(surveys.len(), 1, "{list}");
    assert_eq!(surveys[0]["state"], "open");
    assert_eq!(surveys[0]["closes_on"], json!(day(today, 5)));
    assert_eq!(surveys[0]["partnership_id"], json!(f.net.partnership));
    assert!(surveys[0]["title"].as_str().unwrap().contains("check-in"));
    let mine = f.library[0].api.read(&f.survey(id_of(&surveys[0]), "")).await;
    assert_eq!(mine["invitation"]["partners"], json!([{"id": f.net.school, "name": "Lincoln Elementary"}]));
    // Another check-in while it is open sends no second pulse.
    f.library[0]
        .api
        .post(&checkins, json!({"held_on": day(today, 0), "agenda": "Follow-up"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    assert_eq!(owner.ids(&f.net.path("/surveys")).await.len(), 1);
}

on_both_backends!(no_physical_order_links_an_answer_to_its_author);

/// An insider with the database in hand answers nothing but knows who answered when (the
/// participations) and reads every answer as stored; each respondent's comment tells the test
/// who wrote which response. Linking them by any physical order the database keeps (SQLite's
/// rowid, PostgreSQL's ctid and xmin, deleted rows left in the file) must do no better than
/// chance among the survey's respondents.
async fn no_physical_order_links_an_answer_to_its_author(backend: Backend) {
    let f = fixture(backend, 5, 4).await;
    let survey = f.send().await;
    f.open();
    let respondents: Vec<(&Person, Uuid)> =
        f.school.iter().map(|p| (p, f.net.library)).chain(f.library.iter().map(|p| (p, f.net.school))).collect();
    let db = Database::connect(f.app.database_url()).await.unwrap();
    let backend = db.get_database_backend();
    // The survey's id bound as a parameter: `$1` on PostgreSQL, `?` on SQLite (a uuid is a blob).
    let param = if backend == sea_orm::DbBackend::Postgres { "$1" } else { "?" };
    let query = |sql: String| Statement::from_sql_and_values(backend, sql.replace("{id}", param), [survey.into()]);
    let count = |sql: String| {
        let (db, statement) = (&db, query(sql));
        async move {
            let row = db.query_one_raw(statement).await.unwrap().unwrap();
            row.try_get_by_index::<i64>(0).unwrap()
        }
    };
    for (i, (person, about)) in respondents.iter().enumerate() {
        let body = answers(*about, [3, 3, 2, 4, 3, 2], Some(&format!("marker {i}")));
        person.api.post(&f.survey(survey, "/responses"), body).await.json_ok(StatusCode::CREATED).await;
        // Fewer than k answers wait in the pool; once k have, they leave it together.
        let pooled = count("SELECT COUNT(*) FROM survey_answer_pool WHERE survey_id = {id}".to_owned()).await;
        assert!(pooled < 3, "the pool releases at k: {pooled} waiting after {} answers", i + 1);
    }
    f.close();
    // The first reading after close seals the survey.
    f.net.owner.api.read(&f.survey(survey, "/results")).await;

    let order = match backend {
        sea_orm::DbBackend::Postgres => "ctid",
        _ => "rowid",
    };
    let author_of = |user: Uuid| respondents.iter().position(|(p, _)| p.id == user).unwrap();
    // Who answered, in the order the database keeps participations.
    let sql = format!(
        "SELECT i.user_id FROM survey_participations p JOIN survey_invitations i ON i.id = p.invitation_id \
         WHERE p.survey_id = {{id}} ORDER BY p.{order}"
    );
    let participants: Vec<usize> = db
        .query_all_raw(query(sql))
        .await
        .unwrap()
        .iter()
        .map(|row| author_of(row.try_get::<Uuid>("", "user_id").unwrap()))
        .collect();
    assert_eq!(participants, (0..respondents.len()).collect::<Vec<_>>(), "participations keep answering order");
    // What was answered, in the order the database keeps answers and responses.
    for (table, marker_sql) in [
        (
            "survey_answers",
            format!(
                "SELECT text FROM survey_answers WHERE survey_id = {{id}} AND question = 'comment' ORDER BY {order}"
            ),
        ),
        (
            "survey_responses",
            format!(
                "SELECT a.text FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id \
                 WHERE r.survey_id = {{id}} AND a.question = 'comment' ORDER BY r.{order}"
            ),
        ),
    ] {
        let written: Vec<usize> = db
            .query_all_raw(query(marker_sql))
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get::<String>("", "text").unwrap().trim_start_matches("marker ").parse().unwrap())
            .collect();
        assert_eq!(written.len(), respondents.len(), "every response is there");
        // Guessing "the n-th answer stored is the n-th person who answered" must not work: the
        // stored order is a fresh random one (it equals answering order once in 9! surveys).
        let mut reversed = participants.clone();
        reversed.reverse();
        assert!(written != participants && written != reversed, "{table} keeps answering order: {written:?}");
    }
    if backend == sea_orm::DbBackend::Postgres {
        // Every answer was rewritten by the one sealing transaction: no answer shares a
        // transaction id with a participation.
        let sealed =
            count("SELECT COUNT(DISTINCT xmin::text) FROM survey_answers WHERE survey_id = {id}".to_owned()).await;
        assert_eq!(sealed, 1, "all answers written together");
        let shared = count(
            "SELECT COUNT(*) FROM survey_participations p WHERE p.survey_id = {id} AND p.xmin::text IN \
             (SELECT xmin::text FROM survey_answers WHERE survey_id = {id})"
                .to_owned(),
        )
        .await;
        assert_eq!(shared, 0, "no participation shares its transaction with an answer");
    } else {
        // Deleted pool rows are zeroed and the log checkpointed: the file holds no pooled response.
        db.close().await.ok();
        let path = f.app.database_url().trim_start_matches("sqlite://").to_owned();
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
        let needle = b"\"through_link\":false";
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "a pooled response is still in the file");
        return;
    }
    db.close().await.ok();
}

on_both_backends!(link_and_invitation_secrets_never_reach_the_log);

/// A `rapport serve` logging at debug level is asked for a survey link, an invitation and a
/// calendar feed by their secret paths: the log shows the requests, never the secrets.
async fn link_and_invitation_secrets_never_reach_the_log(backend: Backend) {
    let f = fixture(backend, 0, 0).await;
    let survey = f.send().await;
    let link = f.library_link(survey).await;
    let token = link["token"].as_str().unwrap().to_owned();

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let log_path = std::env::temp_dir().join(format!("rapport-log-{}.txt", Uuid::new_v4()));
    let log = std::fs::File::create(&log_path).unwrap();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["serve", "--bind", &format!("127.0.0.1:{port}"), "--database", f.app.database_url()])
        .env("RAPPORT_LOG", "debug")
        .env_remove("RAPPORT_ADMIN_EMAIL")
        .env_remove("RAPPORT_ADMIN_PASSWORD")
        .env_remove("RAPPORT_DATABASE_URL")
        .env_remove("RAPPORT_BIND")
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("start rapport serve");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let started = std::time::Instant::now();
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "the server starts");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    for path in [
        format!("/s/{token}"),
        format!("/api/v1/survey-links/{token}"),
        format!("/invite/{token}"),
        format!("/feeds/cal_{token}.ics"),
    ] {
        client.get(format!("{base}{path}")).send().await.unwrap();
    }
    let answered = client
        .post(format!("{base}/api/v1/survey-links/{token}"))
        .json(&answers(f.net.school, [3; 6], None))
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), StatusCode::CONFLICT, "not open yet");
    let _ = server.kill();
    let _ = server.wait();
    let text = std::fs::read_to_string(&log_path).unwrap();
    let _ = std::fs::remove_file(&log_path);
    assert!(text.contains("/s/…") && text.contains("/api/v1/survey-links/…"), "the requests are logged: {text}");
    assert!(!text.contains(&token), "a link's secret is in the log");
}

on_both_backends!(a_coordinator_closes_a_survey_early_and_results_wait_for_the_close);

/// Results asked for while a survey is open say when they will be ready (no error); a
/// coordinator can close it early, and its results are then published at once.
async fn a_coordinator_closes_a_survey_early_and_results_wait_for_the_close(backend: Backend) {
    let f = fixture(backend, 3, 3).await;
    let survey = f.send().await;
    let owner = &f.net.owner.api;
    owner.post(&f.survey(survey, "/close"), json!({})).await.problem(StatusCode::CONFLICT).await;
    f.open();
    for person in &f.school {
        f.answer(person, survey, f.net.library, [4, 4, 3, 3, 4, 3]).await.json_ok(StatusCode::CREATED).await;
    }
    for person in &f.library {
        f.answer(person, survey, f.net.school, [3, 2, 3, 4, 3, 3]).await.json_ok(StatusCode::CREATED).await;
    }
    let ws = f.net.ws;
    let ui = f.app.ui_sign_in(&f.net.owner.email).await;
    assert!(!ui.page(&format!("/w/{ws}/surveys/{survey}")).await.contains("can never be shown"), "three each");
    let page = ui.get(&format!("/w/{ws}/surveys/{survey}/results")).await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER, "no error while open");
    let location = page.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.ends_with(&format!("/surveys/{survey}?notice=results_later")), "{location}");
    assert!(ui.page(&location).await.contains("Results are not ready yet"));

    f.school[0].api.post(&f.survey(survey, "/close"), json!({})).await.problem(StatusCode::FORBIDDEN).await;
    let closed = owner.post(&f.survey(survey, "/close"), json!({})).await.json_ok(StatusCode::OK).await;
    assert_eq!(closed["state"], "closed");
    let results = owner.read(&f.survey(survey, "/results")).await;
    assert_eq!(results["respondents"], 6, "published at once: {results}");
    f.school[0]
        .api
        .post(&f.survey(survey, "/responses"), answers(f.net.library, [1; 6], None))
        .await
        .problem(StatusCode::CONFLICT)
        .await;
}

on_both_backends!(a_respondent_reading_results_sees_only_what_rests_on_k_others);

/// Three people of the school rate the library (k = 3). The owner, who did not answer, sees the
/// library's ratings; a school respondent knows their own answer, so for them the same group
/// would rest on two others: it is hidden, and says why.
async fn a_respondent_reading_results_sees_only_what_rests_on_k_others(backend: Backend) {
    let f = fixture(backend, 3, 4).await;
    let survey = f.send().await;
    f.open();
    for person in &f.school {
        f.answer(person, survey, f.net.library, [4, 3, 4, 3, 3, 4]).await.json_ok(StatusCode::CREATED).await;
    }
    for person in &f.library {
        f.answer(person, survey, f.net.school, [3, 3, 3, 2, 3, 3]).await.json_ok(StatusCode::CREATED).await;
    }
    f.close();
    let rated_library = |results: &Value| {
        results["by_rated_organization"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["organization_id"] == json!(f.net.library))
            .unwrap()
            .clone()
    };
    let for_owner = f.net.owner.api.read(&f.survey(survey, "/results")).await;
    assert_eq!(rated_library(&for_owner)["shown"], true, "three respondents reach k: {for_owner}");
    assert_eq!(rated_library(&for_owner)["respondents"], 3);
    let for_respondent = f.school[0].api.read(&f.survey(survey, "/results")).await;
    let library = rated_library(&for_respondent);
    assert_eq!(library["shown"], false, "it would rest on two others for this reader: {library}");
    assert_eq!(library["suppressed"], "own_answer");
    assert!(library["trust_percent"].is_null() && library["dimensions"].as_array().unwrap().is_empty());
    // What is still shown rests on at least three others: the whole survey's seven.
    assert_eq!(for_respondent["overall"]["shown"], true, "{for_respondent}");
    assert_eq!(for_respondent["respondents"], 7);
}
