//! Languages (issue 25) on both databases: who chooses the language of a page (the person, else
//! the browser, else the workspace), a survey link that carries its language and offers the
//! other without being spent, answers that are the same answers in every language and carry no
//! trace of it, and a family member answering a link entirely in Spanish on a phone.

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::on_both_backends;
use crate::support::*;
use crate::surveys::{PARTNER_KEYS, fixture};
use crate::webdriver::Browser;

/// Words of the survey answer page, its errors and its thanks page as English speakers read them:
/// none may be left on the Spanish pages. (Organisation names are what people typed.)
const ENGLISH_OF_THE_SURVEY_PAGES: &[&str] = &[
    "Partnership pulse",
    "You answer for",
    "Open until",
    "Anonymous",
    "your answers",
    "Answers:",
    "Part 1 of",
    "How you see each partner",
    "What each partner brings",
    "How we work together",
    "In your own words",
    "When this partner says",
    "same purpose",
    "hard topic",
    "open doors",
    "shows up",
    "puts in time",
    "decisions and changes",
    "trying to achieve",
    "All in all",
    "Our check-ins",
    "helped the partnership",
    "Anything you would like",
    "Not at all",
    "A little",
    "Mostly",
    "Completely",
    "Very little",
    "A good deal",
    "A great deal",
    "Strongly",
    "Disagree",
    "Neither",
    "Too rarely",
    "About right",
    "Too often",
    "Regular check-ins",
    "Promises kept",
    "Sharing data",
    "Celebrating wins",
    "Honest conversations",
    "Shown only once",
    "Send my answers",
    "You can send once",
    "There is a problem",
    "pick one",
    "rate a partner",
    "skip that partner",
    "Thank you",
    "Already answered",
    "recorded without your name",
    "Skip to main content",
    "Breadcrumb",
];

/// Every word a person can read or hear on the page: its text, title and the labels of its
/// controls.
async fn words_on_the_page(browser: &Browser) -> String {
    let words = browser
        .execute(
            "return [document.title, document.body.innerText].concat(Array.from(document.querySelectorAll('[aria-label],[placeholder],[title],[alt]')).map(e => ['aria-label', 'placeholder', 'title', 'alt'].map(a => e.getAttribute(a) || '').join(' '))).join('\\n');",
            vec![],
        )
        .await;
    words.as_str().unwrap_or_default().to_owned()
}

async fn assert_no_english(browser: &Browser, page: &str) {
    // Styles may show a text in capitals: compare without regard to case.
    let words = words_on_the_page(browser).await.to_lowercase();
    let left: Vec<&&str> =
        ENGLISH_OF_THE_SURVEY_PAGES.iter().filter(|english| words.contains(&english.to_lowercase())).collect();
    assert!(left.is_empty(), "{page} still says {left:?} in English:\n{words}");
}

async fn page_language(browser: &Browser) -> String {
    browser.execute("return document.documentElement.lang;", vec![]).await.as_str().unwrap_or_default().to_owned()
}

on_both_backends!(a_family_answers_a_survey_link_in_spanish_on_a_phone);

async fn a_family_answers_a_survey_link_in_spanish_on_a_phone(backend: Backend) {
    let f = fixture(backend, 0, 0).await;
    let survey = f.send().await;
    // Handed out without a language: the holder's browser decides.
    let link = f.library_link(survey).await;
    let url = link["url"].as_str().unwrap().to_owned();
    f.open();
    let shots = std::env::temp_dir().join("rapport-shots").join("languages");
    let browser = Browser::start_in("es-MX,es;q=0.9,en;q=0.5").await;
    browser.set_window_size(390, 844).await;

    browser.goto(&url).await;
    assert_eq!(page_language(&browser).await, "es");
    assert_eq!(browser.text("h1").await, "Pulso de la alianza");
    let lead = browser.text(".lead").await;
    assert!(lead.contains("Eastside Library") && lead.contains(" de 20"), "the closing day reads in Spanish: {lead}");
    assert!(browser.text("main").await.to_lowercase().contains("parte 1 de"), "progress is shown");
    assert_no_english(&browser, "the answer page").await;
    assert_eq!(browser.horizontal_overflow().await, 0, "the longer Spanish still fits a phone");
    browser.screenshot(&shots.join("link-answer-phone-es.png")).await;

    // A partner rated on one statement only: the error says so in Spanish.
    let school = f.net.school;
    browser.click(&format!("input[name='follows_through@{school}'][value='4']")).await;
    browser.follow(".survey-submit button").await;
    assert_eq!(browser.text(".error-summary h2").await, "Hay un problema");
    assert!(browser.text(".error-summary").await.contains("califique a un aliado"));
    assert_no_english(&browser, "the answer page with an error").await;
    browser.screenshot(&shots.join("link-error-phone-es.png")).await;

    for (key, value) in PARTNER_KEYS.iter().zip([4, 3, 3, 2, 2, 3]) {
        browser.click(&format!("input[name='{key}@{school}'][value='{value}']")).await;
    }
    browser.click("input[name='satisfaction'][value='4']").await;
    browser.click("input[name='check_in_rhythm'][value='About right']").await;
    browser.click("input[name='helped_most'][value='Promises kept']").await;
    browser.fill("textarea[name='comment']", "El rincón de lectura funciona").await;
    browser.follow(".survey-submit button").await;
    assert_eq!(browser.text("h1").await, "Gracias");
    assert_no_english(&browser, "the thanks page").await;
    browser.screenshot(&shots.join("link-thanks-phone-es.png")).await;

    browser.goto(&url).await;
    assert_eq!(browser.text("h1").await, "Ya respondida");
    assert_no_english(&browser, "the spent link's page").await;
}

fn question<'a>(results: &'a Value, key: &str) -> &'a Value {
    results["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["key"] == key)
        .unwrap_or_else(|| panic!("results have {key}: {results}"))
}

/// A link's answer form filled in: `school` rated 3 on everything, the check-ins "About right".
fn link_answers(school: Uuid) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> =
        PARTNER_KEYS.iter().map(|key| (format!("{key}@{school}"), "3".to_owned())).collect();
    pairs.push(("check_in_rhythm".into(), "About right".into()));
    pairs
}

async fn answer_link(ui: &UiClient, path: &str, school: Uuid) -> (StatusCode, String) {
    let pairs = link_answers(school);
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = ui.post_form(path, &borrowed).await;
    (response.status(), response.text().await.unwrap())
}

on_both_backends!(a_survey_link_carries_its_language_and_offers_the_other);

async fn a_survey_link_carries_its_language_and_offers_the_other(backend: Backend) {
    let f = fixture(backend, 0, 0).await;
    let survey = f.send().await;
    let owner = &f.net.owner.api;
    let unknown = owner
        .post(&f.survey(survey, "/links"), json!({"organization_id": f.net.library, "language": "xx"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&unknown), ["language"]);
    assert_eq!(owner.read(&f.survey(survey, "")).await["survey"]["invited"], 0, "a refused link is not made");
    let link = owner
        .post(&f.survey(survey, "/links"), json!({"organization_id": f.net.library, "language": "es"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let url = link["url"].as_str().unwrap();
    let token = link["token"].as_str().unwrap();
    assert!(url.ends_with(&format!("/s/{token}?lang=es")), "{url}");
    f.open();

    // A browser that asks for no language gets the link's.
    let ui = f.app.ui_client();
    let spanish = ui.page(&format!("/s/{token}?lang=es")).await;
    assert!(spanish.contains("<html lang=\"es\">"), "{spanish}");
    assert!(spanish.contains("Enviar mis respuestas") && spanish.contains("Muy de acuerdo"));
    assert!(spanish.contains(&format!("href=\"/s/{token}?lang=en\"")) && spanish.contains(">English</a>"));
    // Reading it in English spends nothing.
    let english = ui.page(&format!("/s/{token}?lang=en")).await;
    assert!(english.contains("<html lang=\"en\">") && english.contains("Send my answers"), "{english}");
    assert!(english.contains(&format!("href=\"/s/{token}?lang=es\"")) && english.contains(">Español</a>"));
    assert!(english.contains(&format!("action=\"/s/{token}?lang=en\"")), "the answers go back in the same language");
    let (status, thanks) = answer_link(&ui, &format!("/s/{token}?lang=en"), f.net.school).await;
    assert_eq!(status, StatusCode::OK, "{thanks}");
    assert!(thanks.contains("Thank you"), "{thanks}");
    let spent = ui.get(&format!("/s/{token}?lang=es")).await;
    assert_eq!(spent.status(), StatusCode::CONFLICT);
    assert!(spent.text().await.unwrap().contains("Ya respondida"));
    // The coordinator's page offers the languages a link can be handed out in.
    let page = f.app.ui_sign_in(&f.net.owner.email).await.page(&format!("/w/{}/surveys/{survey}", f.net.ws)).await;
    assert!(page.contains("<html lang=\"en\">"), "the owner, who chose no language, reads English");
}

on_both_backends!(answers_in_any_language_are_the_same_answers);

async fn answers_in_any_language_are_the_same_answers(backend: Backend) {
    let f = fixture(backend, 3, 0).await;
    let survey = f.send().await;
    let owner = &f.net.owner.api;
    let mut tokens = Vec::new();
    for language in ["es", "en"] {
        let link = owner
            .post(&f.survey(survey, "/links"), json!({"organization_id": f.net.library, "language": language}))
            .await
            .json_ok(StatusCode::CREATED)
            .await;
        tokens.push((language, link["token"].as_str().unwrap().to_owned()));
    }
    f.open();
    let ui = f.app.ui_client();
    for (language, token) in &tokens {
        let (status, thanks) = answer_link(&ui, &format!("/s/{token}?lang={language}"), f.net.school).await;
        assert_eq!(status, StatusCode::OK, "{thanks}");
    }
    for person in &f.school {
        f.answer(person, survey, f.net.library, [3, 3, 3, 3, 3, 3]).await.json_ok(StatusCode::CREATED).await;
    }
    f.close();
    let results = owner.read(&f.survey(survey, "/results")).await;
    assert_eq!(results["respondents"], 5, "{results}");
    let rhythm = question(&results, "check_in_rhythm");
    let counts: Vec<(&str, u64)> = rhythm["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["label"].as_str().unwrap(), c["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        counts,
        [("Too rarely", 0), ("About right", 5), ("Too often", 0)],
        "one result, never split by language"
    );

    // Nothing stored with a response says which language it came in.
    let db = Database::connect(f.app.database_url()).await.unwrap();
    let backend = db.get_database_backend();
    for table in ["survey_responses", "survey_answers", "survey_participations"] {
        let rows = db.query_all_raw(Statement::from_string(backend, format!("SELECT * FROM {table}"))).await.unwrap();
        assert!(!rows.is_empty(), "{table} has rows");
        for row in &rows {
            let columns = row.column_names();
            assert!(!columns.iter().any(|c| c.contains("lang") || c.contains("locale")), "{table}: {columns:?}");
            for column in &columns {
                if let Ok(Some(text)) = row.try_get::<Option<String>>("", column) {
                    assert!(!["es", "en"].contains(&text.as_str()), "{table}.{column} says {text}");
                    assert!(
                        !text.contains("De acuerdo") && !text.contains("Con la frecuencia"),
                        "{table}.{column}: {text}"
                    );
                }
            }
        }
    }
    db.close().await.ok();
}

on_both_backends!(a_person_a_browser_and_a_workspace_choose_the_language);

async fn a_person_a_browser_and_a_workspace_choose_the_language(backend: Backend) {
    let f = fixture(backend, 1, 1).await;
    let survey = f.send().await;
    f.open();
    let member = &f.school[0];
    let ui = f.app.ui_sign_in(&member.email).await;
    let answer = f.app.url(&format!("/w/{}/surveys/{survey}/answer", f.net.ws));
    let page = |accept: Option<&'static str>| {
        let mut request = ui.client.get(&answer);
        if let Some(accept) = accept {
            request = request.header("accept-language", accept);
        }
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            response.text().await.unwrap()
        }
    };
    let speaks = |html: &str, code: &str| html.contains(&format!("<html lang=\"{code}\">"));

    // The workspace speaks English unless its owners say otherwise.
    assert!(speaks(&page(None).await, "en"));
    let owner = &f.net.owner.api;
    let ws = f.net.path("");
    let refused =
        owner.patch(&ws, json!({"default_language": "xx"})).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&refused), ["default_language"]);
    let refused_with_a_name = owner
        .patch(&ws, json!({"name": "", "default_language": "es"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&refused_with_a_name), ["name"]);
    assert_eq!(owner.read(&ws).await["default_language"], "en", "a refused change changes nothing");
    let changed = owner.patch(&ws, json!({"default_language": "es"})).await.json_ok(StatusCode::OK).await;
    assert_eq!(changed["default_language"], "es");
    let spanish = page(None).await;
    assert!(speaks(&spanish, "es") && spanish.contains("Enviar mis respuestas"), "{spanish}");
    assert!(spanish.contains("Inicio") && spanish.contains("Cerrar sesión"), "the layout speaks it too");
    // A browser asking for English wins over the workspace…
    let english = page(Some("en-US,en;q=0.9")).await;
    assert!(speaks(&english, "en") && english.contains("Send my answers"));
    // …and the person's own choice over both.
    let me = member.api.patch("/api/v1/me", json!({"language": "xx"})).await;
    assert_eq!(fields(&me.problem(StatusCode::UNPROCESSABLE_ENTITY).await), ["language"]);
    let me = member.api.patch("/api/v1/me", json!({"language": "es"})).await;
    assert_eq!(me.json_ok(StatusCode::OK).await["language"], "es");
    assert_eq!(member.api.read("/api/v1/me").await["language"], "es");
    assert!(speaks(&page(Some("en-US,en;q=0.9")).await, "es"));
    let cleared = member.api.patch("/api/v1/me", json!({"language": null})).await;
    assert_eq!(cleared.json_ok(StatusCode::OK).await["language"], Value::Null);
    assert!(speaks(&page(Some("en-US,en;q=0.9")).await, "en"));

    // The settings page: a person's own select, and the owners' default with its error beside it.
    let settings = format!("/w/{}/settings", f.net.ws);
    let csrf = ui.csrf(&settings).await;
    let saved = ui.post_form(&format!("{settings}/language"), &[("csrf", &csrf), ("language", "es")]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(member.api.read("/api/v1/me").await["language"], "es");
    let owner_ui = f.app.ui_sign_in(&f.net.owner.email).await;
    let csrf = owner_ui.csrf(&settings).await;
    let refused = owner_ui
        .post_form(
            &format!("{settings}/name"),
            &[("csrf", &csrf), ("name", "Renamed"), ("time_zone", "UTC"), ("default_language", "xx")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = refused.text().await.unwrap();
    assert!(body.contains("ust be one of: en, es"), "{body}");
    assert_ne!(owner.read(&ws).await["name"], "Renamed", "nothing changed");
    let saved = owner_ui
        .post_form(
            &format!("{settings}/name"),
            &[("csrf", &csrf), ("name", "Renamed"), ("time_zone", "UTC"), ("default_language", "en")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(owner.read(&ws).await["default_language"], "en");

    // An error page speaks the browser's language; a page not yet translated stays English.
    let missing = f
        .app
        .anonymous()
        .request(reqwest::Method::GET, "/nowhere")
        .header("accept-language", "es")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let missing = missing.text().await.unwrap();
    assert!(speaks(&missing, "es") && missing.contains("Página no encontrada"), "{missing}");
    // A refusal gives the app's reason in that language too.
    let refused = ui
        .client
        .get(f.app.url(&format!("/w/{}/activity", f.net.ws)))
        .header("accept-language", "es")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let refused = refused.text().await.unwrap();
    assert!(
        refused.contains("solo los coordinadores y los propietarios pueden leer el registro de actividad"),
        "{refused}"
    );
    // Every page is translated now, the last one the documents' links of a record: the owner
    // who chose Spanish reads it in Spanish, the layout with it.
    let me = owner.patch("/api/v1/me", json!({"language": "es"})).await;
    assert_eq!(me.json_ok(StatusCode::OK).await["language"], "es");
    let links = owner_ui.page(&format!("/w/{}/links/partnership/{}", f.net.ws, f.net.partnership)).await;
    assert_spanish(&links, &english_of(&["common", "links"]), "the documents' links page");
    assert!(links.contains("Enlaces a documentos") && links.contains("Volver a la alianza"), "{links}");
}

on_both_backends!(a_coordinators_own_statement_is_asked_in_each_language);

async fn a_coordinators_own_statement_is_asked_in_each_language(backend: Backend) {
    let f = fixture(backend, 0, 0).await;
    let ws = f.net.ws;
    let owner = f.app.ui_sign_in(&f.net.owner.email).await;
    let csrf = owner.csrf(&format!("/w/{ws}/surveys/new")).await;
    let today = f.clock.today();
    let (opens, closes) =
        ((today + chrono::Duration::days(1)).to_string(), (today + chrono::Duration::days(7)).to_string());
    let partnership = f.net.partnership.to_string();
    let long = "x".repeat(501);
    let form = |spanish: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("title", "Partnership pulse".to_owned()),
            ("partnership_id", partnership.clone()),
            ("opens_on", opens.clone()),
            ("closes_on", closes.clone()),
            ("k", "3".to_owned()),
            ("k_comments", "5".to_owned()),
            ("own_text", "The family nights are worth our time.".to_owned()),
            ("own_text_es", if spanish.is_empty() { long.clone() } else { spanish.to_owned() }),
        ]
    };
    let path = format!("/w/{ws}/surveys");
    let refused = post_owned(&owner, &path, form("")).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    assert!(page.contains("id=\"f-own_text_es-error\""), "the error is beside the Spanish field: {page}");
    assert!(
        f.net.owner.api.read(&f.net.path("/surveys")).await["items"].as_array().unwrap().is_empty(),
        "nothing sent"
    );

    let sent = post_owned(&owner, &path, form("Las noches familiares valen nuestro tiempo.")).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let surveys = f.net.owner.api.read(&f.net.path("/surveys")).await;
    let survey: Uuid = surveys["items"][0]["id"].as_str().unwrap().parse().unwrap();
    let stored = f.net.owner.api.read(&f.survey(survey, "")).await;
    let own = stored["survey"]["questions"].as_array().unwrap().iter().find(|q| q["key"] == "own_statement").unwrap();
    assert_eq!(own["translations"]["es"]["text"], "Las noches familiares valen nuestro tiempo.");
    let link = f
        .net
        .owner
        .api
        .post(&f.survey(survey, "/links"), json!({"organization_id": f.net.library, "language": "es"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let token = link["token"].as_str().unwrap();
    f.open();
    let ui = f.app.ui_client();
    let spanish = ui.page(&format!("/s/{token}?lang=es")).await;
    assert!(spanish.contains("Las noches familiares valen nuestro tiempo.") && !spanish.contains("family nights"));
    assert!(spanish.contains("Muy en desacuerdo"), "its scale is the pulse's, in Spanish");
    let english = ui.page(&format!("/s/{token}?lang=en")).await;
    assert!(english.contains("The family nights are worth our time.") && !english.contains("noches familiares"));
}

async fn post_owned(ui: &UiClient, path: &str, pairs: Vec<(&str, String)>) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    ui.post_form(path, &pairs).await
}

/// The English of some message files, as the page's loader reads them: each message's literal
/// parts (its `{ $placeholders }` cut out) that say something in English, a phrase of two words
/// or more, or one long word. Parts that read the same in Spanish ("CSV") are left out.
fn english_of(files: &[&str]) -> Vec<String> {
    use rapport_http::i18n::Tr;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/http/locales/en");
    let (en, es) = (Tr::english(), Tr::of("es").unwrap());
    let mut phrases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(root.join(format!("{file}.ftl"))).unwrap();
        for line in text.lines() {
            let Some((id, _)) = line.split_once(" =") else { continue };
            // A language's own name is shown in that language on every page that offers it.
            if !id.chars().next().is_some_and(|c| c.is_ascii_lowercase()) || id.contains(' ') || id == "language-name" {
                continue;
            }
            let (english, spanish) = (en.t(id), es.t(id));
            // Without its arguments a message shows each one as `{$name}`.
            for part in english.split(['{', '}', '·', '(', ')', ':']) {
                let part = part.trim().trim_matches(|c: char| c.is_ascii_punctuation() || c == '…').trim();
                let words = part.split_whitespace().count();
                let long_word = words == 1 && part.chars().count() >= 6 && !part.starts_with('$');
                if (words >= 2 || long_word) && !spanish.contains(part) && !phrases.iter().any(|p| p == part) {
                    phrases.push(part.to_owned());
                }
            }
        }
    }
    phrases
}

/// What a person reads on an HTML page: its text, and the words of its controls' labels,
/// placeholders, titles and confirmation questions.
fn visible_text(html: &str) -> String {
    let decode = |s: &str| {
        s.replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&#34;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&decode(&rest[..start]));
        out.push(' ');
        let end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        for attribute in ["aria-label=\"", "placeholder=\"", "title=\"", "alt=\"", "data-confirm=\"", "data-label=\""] {
            if let Some(at) = tag.find(attribute) {
                let value = &tag[at + attribute.len()..];
                out.push_str(&decode(value.split('"').next().unwrap_or_default()));
                out.push(' ');
            }
        }
        rest = &rest[end..];
    }
    out.push_str(&decode(rest));
    out
}

/// Names people typed in the fixture, which stay as typed in every language.
const TYPED: &[&str] = &[
    "Eastside Learning Network",
    "Lincoln Elementary",
    "Eastside Library",
    "Reading Buddies",
    "Olive Owner",
    "A member",
    "A observer",
];

fn without_typed_names(text: &str) -> String {
    let text = TYPED.iter().fold(text.to_owned(), |text, name| text.replace(name, " "));
    // E-mail addresses, such as `member-1a2b@example.org`, are typed too.
    text.lines()
        .map(|line| line.split(' ').filter(|word| !word.contains('@')).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The page speaks Spanish and none of `english` is left on it.
fn assert_spanish(html: &str, english: &[String], page: &str) {
    assert!(html.contains("<html lang=\"es\">"), "{page} is not in Spanish:\n{html}");
    let text = without_typed_names(&visible_text(html));
    let left: Vec<&String> = english.iter().filter(|phrase| text.contains(phrase.as_str())).collect();
    assert!(left.is_empty(), "{page} still says {left:?} in English:\n{text}");
}

/// A liaison of the school whose own language is Spanish, in a partnership with commitments of
/// every state, a check-in and an open pulse survey.
struct Liaison {
    f: crate::surveys::Fixture,
    ui: UiClient,
    overdue: Uuid,
    checkin: Uuid,
}

async fn liaison(backend: Backend) -> Liaison {
    let f = fixture(backend, 1, 0).await;
    let member = &f.school[0];
    let me = member.api.patch("/api/v1/me", json!({"language": "es"})).await;
    assert_eq!(me.json_ok(StatusCode::OK).await["language"], "es");
    let owner = &f.net.owner.api;
    let (school, library) = (f.net.school, f.net.library);
    let today = f.clock.today();
    let commitments = f.net.path(&format!("/partnerships/{}/commitments", f.net.partnership));
    let mut ids = Vec::new();
    for (description, days) in
        [("Lend the reading corner books", 1), ("Send the flyer home", 5), ("Host the autumn reading night", 20)]
    {
        let made = owner
            .post(
                &commitments,
                json!({"promisor_organization_id": school, "promisee_organization_id": library,
                       "description": description, "due_on": day(today, days)}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await;
        ids.push(id_of(&made));
    }
    let checkin = owner
        .post(
            &f.net.path(&format!("/partnerships/{}/checkins", f.net.partnership)),
            json!({"held_on": day(today, 0), "agenda": "Autumn reading nights", "notes": "Good turnout",
                   "decisions": "Two more nights", "attendee_organization_ids": [school, library],
                   "action_items": [{"promisor_organization_id": library, "description": "Book the hall",
                                     "due_on": day(today, 14)}]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    f.send().await;
    // Three days on: the first promise is two days late, the second due in two days, the survey open.
    f.clock.advance(chrono::Duration::days(3));
    let ui = f.app.ui_sign_in(&member.email).await;
    Liaison { ui, overdue: ids[0], checkin: id_of(&checkin), f }
}

on_both_backends!(a_liaison_reads_the_home_page_and_the_partnerships_in_spanish);

async fn a_liaison_reads_the_home_page_and_the_partnerships_in_spanish(backend: Backend) {
    let l = liaison(backend).await;
    let ws = l.f.net.ws;
    let english = english_of(&["common", "home", "partnership", "commitments", "vocabulary", "notices"]);
    assert!(english.iter().any(|p| p == "Needs you today"), "the list is read from the files: {english:?}");

    let home = l.ui.page(&format!("/w/{ws}")).await;
    assert_spanish(&home, &english, "the home page");
    for spanish in [
        "Hola,",
        "Lo que requiere su atención hoy",
        "Compromisos de su organización, vencidos",
        "Compromisos de su organización, por vencer",
        "2 días de retraso",
        "vence dentro de 2 días",
        "Marcar como cumplido",
        "Encuestas que esperan sus respuestas",
        "Pulso de la alianza",
        "Sus compromisos",
        "se reúne cada mes",
        "Lincoln Elementary y Eastside Library",
    ] {
        assert!(visible_text(&home).contains(spanish), "the home page says {spanish:?}:\n{}", visible_text(&home));
    }

    // Keeping a promise from the home page comes back to it with the notice in Spanish.
    let csrf = l.ui.csrf(&format!("/w/{ws}")).await;
    let done =
        l.ui.post_form(
            &format!("/w/{ws}/commitments/{}/done", l.overdue),
            &[("csrf", &csrf), ("version", "1"), ("back", "/"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let back = done.headers()["location"].to_str().unwrap().to_owned();
    let home = l.ui.page(&back).await;
    assert_spanish(&home, &english, "the home page after keeping a promise");
    assert!(home.contains("Compromiso marcado como cumplido."), "{home}");

    let list = l.ui.page(&format!("/w/{ws}/partnerships")).await;
    assert_spanish(&list, &english, "the partnerships");
    for spanish in ["Alianzas", "Cualquier estado", "Filtrar", "Se reúne", "Activa", "Escuela y comunidad", "Mensual"]
    {
        assert!(list.contains(spanish), "the partnerships say {spanish:?}:\n{list}");
    }
    let archived = l.ui.page(&format!("/w/{ws}/partnerships?archived=1")).await;
    assert_spanish(&archived, &english, "the archived partnerships");
    assert!(archived.contains("No hay alianzas archivadas."));

    // The same pages stay wholly English for the owner, who chose no language.
    let owner = l.f.app.ui_sign_in(&l.f.net.owner.email).await;
    let home = owner.page(&format!("/w/{ws}")).await;
    assert!(home.contains("<html lang=\"en\">") && home.contains("Hello, Olive"), "{home}");
    assert!(owner.page(&format!("/w/{ws}/partnerships")).await.contains("Any status"));
}

on_both_backends!(a_liaison_keeps_a_commitment_and_records_a_checkin_in_spanish);

async fn a_liaison_keeps_a_commitment_and_records_a_checkin_in_spanish(backend: Backend) {
    let l = liaison(backend).await;
    let (ws, partnership) = (l.f.net.ws, l.f.net.partnership);
    let english = english_of(&["common", "commitments", "checkins", "links", "vocabulary", "notices"]);
    let commitment = format!("/w/{ws}/commitments/{}", l.overdue);

    let page = l.ui.page(&commitment).await;
    assert_spanish(&page, &english, "a commitment's page");
    for spanish in ["El compromiso", "Quién se comprometió", "Prometido el", "Acordar una nueva fecha", "Documentos"]
    {
        assert!(page.contains(spanish), "a commitment's page says {spanish:?}:\n{page}");
    }
    // A date that is not one: the error beside the field is Spanish too.
    let csrf = l.ui.csrf(&commitment).await;
    let refused =
        l.ui.post_form(
            &format!("{commitment}/renegotiate"),
            &[("csrf", &csrf), ("version", "1"), ("new_due_on", "soon"), ("reason", "Los libros llegan tarde")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "a commitment's page with an error");
    assert!(refused.contains("Hay un problema") && refused.contains("Debe ser una fecha, por ejemplo 2026-12-04"));
    // Marking it done asks first, in Spanish.
    let asked = l.ui.post_form(&format!("{commitment}/done"), &[("csrf", &csrf), ("version", "1")]).await;
    assert_eq!(asked.status(), StatusCode::OK);
    let asked = asked.text().await.unwrap();
    assert_spanish(&asked, &english, "the question before marking done");
    assert!(asked.contains("¿Marcar este compromiso como cumplido?") && asked.contains("con 2 días de retraso"));

    let new = format!("/w/{ws}/partnerships/{partnership}/commitments/new");
    let form = l.ui.page(&new).await;
    assert_spanish(&form, &english, "the new commitment form");
    assert!(form.contains("Nuevo compromiso") && form.contains("Quién se compromete"));
    let csrf = l.ui.csrf(&new).await;
    let school = l.f.net.school.to_string();
    let refused =
        l.ui.post_form(
            &format!("/w/{ws}/partnerships/{partnership}/commitments"),
            &[
                ("csrf", &csrf),
                ("description", "Prestar los libros"),
                ("promisor_organization_id", &school),
                ("due_on", "mañana"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the new commitment form with an error");
    assert!(refused.contains("Debe ser una fecha"), "{refused}");

    let checkin = l.ui.page(&format!("/w/{ws}/checkins/{}", l.checkin)).await;
    assert_spanish(&checkin, &english, "a check-in's page");
    for spanish in ["Reunión de seguimiento", "Orden del día", "Tareas", "Registró una reunión de seguimiento"] {
        assert!(checkin.contains(spanish), "a check-in's page says {spanish:?}:\n{checkin}");
    }
    let new = format!("/w/{ws}/partnerships/{partnership}/checkins/new");
    let form = l.ui.page(&new).await;
    assert_spanish(&form, &english, "the check-in form");
    assert!(form.contains("Registrar una reunión de seguimiento") && form.contains("Tarea 1"));
    let csrf = l.ui.csrf(&new).await;
    let refused =
        l.ui.post_form(
            &format!("/w/{ws}/partnerships/{partnership}/checkins"),
            &[("csrf", &csrf), ("held_on", ""), ("notes", "Buena asistencia"), ("rows", "3")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the check-in form with an error");
    assert!(refused.contains("Es obligatorio: elija una fecha"), "{refused}");
    let csrf = l.ui.csrf(&new).await;
    let saved =
        l.ui.post_form(
            &format!("/w/{ws}/partnerships/{partnership}/checkins"),
            &[("csrf", &csrf), ("held_on", &day(l.f.clock.today(), 0)), ("notes", "Buena asistencia"), ("rows", "3")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
}

/// The liaison's partnership with something in every panel of its page: a goal at risk near its
/// due date with a milestone met and not yet thanked, an agreement ending, contributions and a
/// retrospective (typed in Spanish). Returns the goal and the retrospective.
async fn fill_the_partnership_page(l: &Liaison) -> (Uuid, Uuid) {
    let net = &l.f.net;
    let owner = &net.owner.api;
    let today = l.f.clock.today();
    let p = net.partnership;
    let goal = owner
        .post(
            &net.path(&format!("/partnerships/{p}/goals")),
            json!({"statement": "Cada alumno lee con un compañero", "metric": "Alumnos que leen a diario", "unit": "%",
                   "baseline": 35.0, "target": 90.0, "current": 62.0, "owner_organization_id": net.library,
                   "due_on": day(today, 20)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let goal = id_of(&goal);
    owner
        .post(
            &net.path(&format!("/goals/{goal}/updates")),
            json!({"confidence": "at_risk", "current": 62.0, "comment": "Dos parejas se mudaron"}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    for (title, due, met) in
        [("Parejas formadas", day(today, -1), Some(day(today, -1))), ("Primera noche de lectura", day(today, 12), None)]
    {
        owner
            .post(
                &net.path(&format!("/goals/{goal}/milestones")),
                json!({"title": title, "due_on": due, "met_on": met}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await;
    }
    owner
        .post(
            &net.path(&format!("/partnerships/{p}/agreements")),
            json!({"kind": "data_sharing", "title": "Datos de asistencia", "party_organization_ids": [net.school, net.library],
                   "signed_on": day(today, -300), "starts_on": day(today, -290), "ends_on": day(today, 20),
                   "renewal_notice_days": 45, "status": "in_force",
                   "document_url": "https://drive.example.org/acuerdos/asistencia.pdf"}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    for (org, kind, amount, offset) in [(net.school, "staff_hours", 12.0, -3), (net.library, "facilities", 4.0, -10)] {
        owner
            .post(
                &net.path(&format!("/partnerships/{p}/contributions")),
                json!({"organization_id": org, "kind": kind, "amount": amount, "contributed_on": day(today, offset),
                       "note": "Noche de lectura"}),
            )
            .await
            .json_ok(StatusCode::CREATED)
            .await;
    }
    let retro = owner
        .post(
            &net.path(&format!("/partnerships/{p}/retrospectives")),
            json!({"title": "Trimestre de otoño", "trigger": "phase", "held_on": day(today, 0)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let retro = id_of(&retro);
    owner
        .post(
            &net.path(&format!("/retrospectives/{retro}/items")),
            json!({"kind": "went_well", "text": "Las familias pidieron otra noche de lectura."}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    (goal, retro)
}

/// The message files of the partnership page and the pages it leads to.
const PARTNERSHIP_AREAS: &[&str] =
    &["common", "partnership", "trust", "commitments", "checkins", "concerns", "kudos", "links", "vocabulary"];

on_both_backends!(a_liaison_reads_the_partnership_page_and_its_warnings_in_spanish);

async fn a_liaison_reads_the_partnership_page_and_its_warnings_in_spanish(backend: Backend) {
    let l = liaison(backend).await;
    fill_the_partnership_page(&l).await;
    let (ws, partnership) = (l.f.net.ws, l.f.net.partnership);
    let mut areas = PARTNERSHIP_AREAS.to_vec();
    areas.push("notices");
    let english = english_of(&areas);
    for phrase in ["Health and trust", "Next step", "What the index rests on", "Signed document"] {
        assert!(english.iter().any(|p| p == phrase), "{phrase} is read from the files: {english:?}");
    }

    let page = l.ui.page(&format!("/w/{ws}/partnerships/{partnership}")).await;
    assert_spanish(&page, &english, "the partnership page");
    let text = visible_text(&page);
    for spanish in [
        "Salud y confianza",
        "Índice de salud",
        "En qué se basa el índice",
        "Quién cumple su palabra aquí",
        "Ritmo de reuniones",
        "Alertas tempranas",
        "Próximo paso:",
        "Meta en riesgo",
        "La meta «Cada alumno lee con un compañero» está marcada como en riesgo y faltan 20 días",
        "Revisen juntos esta meta",
        "Logro para celebrar",
        "El hito «Parejas formadas» se alcanzó el",
        "Acuerdo por terminar",
        "El acuerdo «Datos de asistencia» termina dentro de 20 días",
        "Registros en que se basa:",
        "Acuerdo para compartir datos",
        "Documento firmado",
        "Por terminar: decida si se renueva",
        "Parejas formadas",
        "Primera noche de lectura",
    ] {
        assert!(text.contains(spanish), "the partnership page says {spanish:?}:\n{text}");
    }
    // The API keeps its English sentences, and sends no facts.
    let api = l.f.net.owner.api.read(&l.f.net.path(&format!("/partnerships/{partnership}/health"))).await;
    let warnings = api["warnings"].as_array().unwrap_or_else(|| panic!("{api}"));
    assert!(
        warnings.iter().any(|w| w["explanation"]
            .as_str()
            .is_some_and(|e| e.starts_with("“Cada alumno lee con un compañero” is marked at risk with 20 days"))),
        "{api}"
    );
    assert!(warnings.iter().all(|w| w.get("facts").is_none()), "{api}");

    // The inbox reads the stored warnings, with their facts, in Spanish too.
    let inbox = l.ui.page(&format!("/w/{ws}/warnings?partnership={partnership}")).await;
    assert_spanish(&inbox, &english, "the warnings of the partnership");
    let text = visible_text(&inbox);
    for spanish in
        ["Bandeja de alertas", "Cualquier tipo", "El acuerdo «Datos de asistencia» termina dentro de 20 días"]
    {
        assert!(text.contains(spanish), "the inbox says {spanish:?}:\n{text}");
    }
    let stored = l.f.net.owner.api.read(&l.f.net.path("/warnings")).await;
    let goal_warning = stored["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "goal_at_risk")
        .unwrap_or_else(|| panic!("a goal at risk is in the inbox: {stored}"));
    let warning = format!("/w/{ws}/warnings/{}", goal_warning["id"].as_str().unwrap());
    let shown = l.ui.page(&warning).await;
    assert_spanish(&shown, &english, "a warning's page");
    assert!(shown.contains("Acusar recibo") && shown.contains("Posponer hasta"), "{shown}");
    // A day that is not one: the error beside the field is Spanish.
    let csrf = l.ui.csrf(&warning).await;
    let refused = l.ui.post_form(&format!("{warning}/snooze"), &[("csrf", &csrf), ("until", "pronto")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "a warning's page with an error");
    assert!(refused.contains("id=\"f-until-error\"") && refused.contains("Debe ser una fecha"), "{refused}");
    let snoozed =
        l.ui.post_form(&format!("{warning}/snooze"), &[("csrf", &csrf), ("until", &day(l.f.clock.today(), 7))]).await;
    assert_eq!(snoozed.status(), StatusCode::SEE_OTHER);
    let back = snoozed.headers()["location"].to_str().unwrap().to_owned();
    let inbox = l.ui.page(&format!("{back}{}history=1", if back.contains('?') { '&' } else { '?' })).await;
    assert_spanish(&inbox, &english, "the inbox after snoozing");
    assert!(visible_text(&inbox).contains("Pospuesta hasta el"), "{}", visible_text(&inbox));

    // The owner, who chose no language, reads the same page in English, as before.
    let owner = l.f.app.ui_sign_in(&l.f.net.owner.email).await;
    let page = owner.page(&format!("/w/{ws}/partnerships/{partnership}")).await;
    assert!(page.contains("<html lang=\"en\">") && page.contains("Health and trust"), "{page}");
    assert!(page.contains("“Cada alumno lee con un compañero” is marked at risk with 20 days to its due date."));
}

on_both_backends!(a_liaison_works_on_goals_contributions_and_a_retrospective_in_spanish);

async fn a_liaison_works_on_goals_contributions_and_a_retrospective_in_spanish(backend: Backend) {
    let l = liaison(backend).await;
    let (goal, retro) = fill_the_partnership_page(&l).await;
    let (ws, partnership) = (l.f.net.ws, l.f.net.partnership);
    let mut areas = PARTNERSHIP_AREAS.to_vec();
    areas.push("notices");
    let english = english_of(&areas);
    let today = l.f.clock.today();

    let page = l.ui.page(&format!("/w/{ws}/goals/{goal}")).await;
    assert_spanish(&page, &english, "a goal's page");
    for spanish in ["Registrar el avance", "¿Qué tan seguro está de que se alcanzará?", "Añadir un hito", "Vence el"]
    {
        assert!(page.contains(spanish), "a goal's page says {spanish:?}:\n{page}");
    }
    // Progress without a confidence: the error beside the field is Spanish.
    let csrf = l.ui.csrf(&format!("/w/{ws}/goals/{goal}")).await;
    let refused = l.ui.post_form(&format!("/w/{ws}/goals/{goal}/updates"), &[("csrf", &csrf), ("current", "70")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "a goal's page with an error");
    assert!(refused.contains("Hay un problema") && refused.contains("Elija qué tan seguro está"), "{refused}");

    let form = l.ui.page(&format!("/w/{ws}/goals/{goal}/edit")).await;
    assert_spanish(&form, &english, "the goal form");
    assert!(form.contains("Editar la meta") && form.contains("Cómo la medirán"), "{form}");
    let new = format!("/w/{ws}/partnerships/{partnership}/goals/new");
    let form = l.ui.page(&new).await;
    assert_spanish(&form, &english, "the new goal form");
    let csrf = l.ui.csrf(&new).await;
    let refused =
        l.ui.post_form(
            &format!("/w/{ws}/partnerships/{partnership}/goals"),
            &[("csrf", &csrf), ("statement", "Más familias en las noches de lectura"), ("due_on", "pronto")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the new goal form with an error");
    assert!(refused.contains("Debe ser una fecha"), "{refused}");

    let milestone = format!("/w/{ws}/goals/{goal}/milestones/new");
    let form = l.ui.page(&milestone).await;
    assert_spanish(&form, &english, "the milestone form");
    let csrf = l.ui.csrf(&milestone).await;
    let refused =
        l.ui.post_form(&format!("/w/{ws}/goals/{goal}/milestones"), &[("csrf", &csrf), ("title", "Segunda noche")])
            .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the milestone form with an error");
    assert!(refused.contains("Es obligatorio: elija una fecha"), "{refused}");

    let contributions = format!("/w/{ws}/partnerships/{partnership}/contributions");
    let page = l.ui.page(&contributions).await;
    assert_spanish(&page, &english, "the contributions");
    for spanish in
        ["Aportes y equidad", "Horas de personal", "12 horas", "Instalaciones", "4 veces", "Registrar un aporte"]
    {
        assert!(page.contains(spanish), "the contributions say {spanish:?}:\n{page}");
    }
    let csrf = l.ui.csrf(&contributions).await;
    let refused =
        l.ui.post_form(
            &contributions,
            &[
                ("csrf", &csrf),
                ("organization_id", &l.f.net.school.to_string()),
                ("kind", "staff_hours"),
                ("amount", "mucho"),
                ("contributed_on", &day(today, 0)),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the contributions with an error");
    assert!(refused.contains("Debe ser un número"), "{refused}");

    let timeline = l.ui.page(&format!("/w/{ws}/partnerships/{partnership}/timeline")).await;
    assert_spanish(&timeline, &english, "the timeline");
    let text = visible_text(&timeline);
    for spanish in [
        "Cronología",
        "Lincoln Elementary se comprometió:",
        "Hito alcanzado: Parejas formadas",
        "Lincoln Elementary aportó 12 horas (horas de personal)",
        "Retrospectiva: Trimestre de otoño",
        "1 salió bien",
        "Acuerdo para compartir datos firmado: Datos de asistencia",
    ] {
        assert!(text.contains(spanish), "the timeline says {spanish:?}:\n{text}");
    }

    let retrospective = format!("/w/{ws}/retrospectives/{retro}");
    let page = l.ui.page(&retrospective).await;
    assert_spanish(&page, &english, "a retrospective");
    for spanish in
        ["Retrospectiva", "Después de una etapa", "Salió bien", "Lección aprendida", "Añadir a la retrospectiva"]
    {
        assert!(page.contains(spanish), "a retrospective says {spanish:?}:\n{page}");
    }
    let new = format!("/w/{ws}/partnerships/{partnership}/retrospectives/new");
    let form = l.ui.page(&new).await;
    assert_spanish(&form, &english, "the retrospective form");
    let csrf = l.ui.csrf(&new).await;
    let refused =
        l.ui.post_form(
            &format!("/w/{ws}/partnerships/{partnership}/retrospectives"),
            &[("csrf", &csrf), ("title", "Invierno"), ("trigger", "phase"), ("held_on", "ayer")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the retrospective form with an error");
    assert!(refused.contains("Debe ser una fecha"), "{refused}");

    let agreements = format!("/w/{ws}/partnerships/{partnership}/agreements");
    let page = l.ui.page(&agreements).await;
    assert_spanish(&page, &english, "the partnership's agreements");
    assert!(page.contains("Registrar un acuerdo") && page.contains("Aviso de renovación (días)"), "{page}");
    let csrf = l.ui.csrf(&agreements).await;
    let refused =
        l.ui.post_form(
            &agreements,
            &[
                ("csrf", &csrf),
                ("kind", "funding"),
                ("title", "Fondos de lectura"),
                ("status", "draft"),
                ("starts_on", "pronto"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the partnership's agreements with an error");
    assert!(refused.contains("Debe ser una fecha"), "{refused}");

    let checkin_edit = l.ui.page(&format!("/w/{ws}/checkins/{}/edit", l.checkin)).await;
    assert_spanish(&checkin_edit, &english, "the check-in correction");
    assert!(checkin_edit.contains("Corregir esta reunión de seguimiento"), "{checkin_edit}");

    let reliability = l.ui.page(&format!("/w/{ws}/organizations/{}/reliability", l.f.net.school)).await;
    assert_spanish(&reliability, &english, "an organisation's reliability");
    assert!(reliability.contains("Fiabilidad de Lincoln Elementary") && reliability.contains("Con cada aliado"));

    // The vision's history and the partnership form, for a coordinator who reads Spanish.
    let coordinator = &l.f.net.owner;
    let me = coordinator.api.patch("/api/v1/me", json!({"language": "es"})).await;
    assert_eq!(me.json_ok(StatusCode::OK).await["language"], "es");
    let owner = l.f.app.ui_sign_in(&coordinator.email).await;
    let edit = format!("/w/{ws}/partnerships/{partnership}/edit");
    let form = owner.page(&edit).await;
    assert_spanish(&form, &english, "the partnership form");
    assert!(form.contains("Organizaciones miembro") && form.contains("Guardar los cambios"), "{form}");
    let csrf = owner.csrf(&edit).await;
    let refused = owner
        .post_form(
            &format!("/w/{ws}/partnerships/{partnership}"),
            &[
                ("csrf", &csrf),
                ("version", "1"),
                ("name", "Reading Buddies"),
                ("kind", "school_community"),
                ("status", "active"),
                ("cadence", "monthly"),
                ("started_on", "el año pasado"),
                ("rows", "3"),
                ("members[0].organization_id", &l.f.net.school.to_string()),
                ("members[1].organization_id", &l.f.net.library.to_string()),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the partnership form with an error");
    assert!(refused.contains("Debe ser una fecha"), "{refused}");
    let vision = owner.page(&format!("/w/{ws}/partnerships/{partnership}/vision")).await;
    assert_spanish(&vision, &english, "the vision's history");
    assert!(vision.contains("Visión compartida: historial"), "{vision}");
}

on_both_backends!(a_liaison_uses_the_converted_pages_in_spanish_on_a_phone_and_a_laptop);

async fn a_liaison_uses_the_converted_pages_in_spanish_on_a_phone_and_a_laptop(backend: Backend) {
    let l = liaison(backend).await;
    let (goal, retro) = fill_the_partnership_page(&l).await;
    let agreement = record_an_agreement(&l).await;
    let (ws, partnership) = (l.f.net.ws, l.f.net.partnership);
    let english = english_of(&[
        "common",
        "home",
        "partnership",
        "trust",
        "commitments",
        "checkins",
        "links",
        "concerns",
        "kudos",
        "settings",
        "vocabulary",
        "search",
        "organizations",
        "agreements",
        "dashboard",
        "network",
    ]);
    let shots = std::env::temp_dir().join("rapport-shots").join("languages");
    // A browser that asks for English: the person's own choice wins.
    let browser = Browser::start_in("en-US,en;q=0.9").await;
    browser.set_window_size(390, 844).await;
    browser.goto(&l.f.app.url("/login")).await;
    browser.fill("#f-email", &l.f.school[0].email).await;
    browser.fill("#f-password", PASSWORD).await;
    browser.follow(".actions button[type=submit]").await;
    assert!(browser.text("h1").await.starts_with("Hola,"), "{}", browser.text("main").await);

    let pages = [
        ("home", format!("/w/{ws}")),
        ("partnerships", format!("/w/{ws}/partnerships")),
        ("commitment", format!("/w/{ws}/commitments/{}", l.overdue)),
        ("commitment-form", format!("/w/{ws}/partnerships/{partnership}/commitments/new")),
        ("checkin", format!("/w/{ws}/checkins/{}", l.checkin)),
        ("checkin-form", format!("/w/{ws}/partnerships/{partnership}/checkins/new")),
        ("concerns", format!("/w/{ws}/concerns")),
        ("concern-form", format!("/w/{ws}/partnerships/{partnership}/concerns/new")),
        ("kudos", format!("/w/{ws}/kudos")),
        ("kudos-form", format!("/w/{ws}/kudos/new?partnership_id={partnership}")),
        ("settings", format!("/w/{ws}/settings")),
        ("partnership", format!("/w/{ws}/partnerships/{partnership}")),
        ("warnings", format!("/w/{ws}/warnings")),
        ("goal", format!("/w/{ws}/goals/{goal}")),
        ("goal-form", format!("/w/{ws}/partnerships/{partnership}/goals/new")),
        ("timeline", format!("/w/{ws}/partnerships/{partnership}/timeline")),
        ("contributions", format!("/w/{ws}/partnerships/{partnership}/contributions")),
        ("retrospective", format!("/w/{ws}/retrospectives/{retro}")),
        ("reliability", format!("/w/{ws}/organizations/{}/reliability", l.f.net.school)),
        ("agreements", format!("/w/{ws}/partnerships/{partnership}/agreements")),
        ("surveys", format!("/w/{ws}/surveys")),
        ("search", format!("/w/{ws}/search?q=reading")),
        ("dashboard", format!("/w/{ws}/dashboard")),
        ("organizations", format!("/w/{ws}/organizations")),
        ("organization", format!("/w/{ws}/organizations/{}", l.f.net.school)),
        ("all-agreements", format!("/w/{ws}/agreements")),
        ("agreement", format!("/w/{ws}/agreements/{agreement}")),
        ("network", format!("/w/{ws}/network")),
        ("network-around", format!("/w/{ws}/network?around={}", l.f.net.school)),
    ];
    for (width, height, device) in [(390, 844, "phone"), (1280, 800, "laptop")] {
        browser.set_window_size(width, height).await;
        for (name, path) in &pages {
            browser.goto(&l.f.app.url(path)).await;
            assert_eq!(page_language(&browser).await, "es", "{name}");
            // Styles may show a text in capitals (names in table headings too): compare without
            // regard to case.
            let words = without_typed_names(&words_on_the_page(&browser).await).to_lowercase();
            let words = TYPED.iter().fold(words, |text, name| text.replace(&name.to_lowercase(), " "));
            let left: Vec<&String> = english.iter().filter(|p| words.contains(&p.to_lowercase())).collect();
            assert!(left.is_empty(), "{name} on a {device} still says {left:?} in English:\n{words}");
            assert_eq!(browser.horizontal_overflow().await, 0, "the longer Spanish of {name} fits a {device}");
            // The sections of the navigation keep to two rows on a phone, every word whole.
            let rows = browser
                .execute(
                    "return new Set(Array.from(document.querySelectorAll('.main-nav li')).map(li => Math.round(li.getBoundingClientRect().top))).size;",
                    vec![],
                )
                .await;
            assert!(rows.as_i64().unwrap_or(9) <= 2, "the navigation of {name} takes {rows} rows on a {device}");
            browser.screenshot(&shots.join(format!("{name}-{device}-es.png"))).await;
        }
    }
}

on_both_backends!(a_coordinator_sends_a_pulse_and_reads_its_results_in_spanish);

async fn a_coordinator_sends_a_pulse_and_reads_its_results_in_spanish(backend: Backend) {
    let f = fixture(backend, 3, 3).await;
    let ws = f.net.ws;
    let coordinator = &f.net.owner;
    let me = coordinator.api.patch("/api/v1/me", json!({"language": "es"})).await;
    assert_eq!(me.json_ok(StatusCode::OK).await["language"], "es");
    let ui = f.app.ui_sign_in(&coordinator.email).await;
    let english = english_of(&["common", "survey", "vocabulary", "notices"]);
    assert!(english.iter().any(|p| p == "Send the partnership pulse"), "{english:?}");

    let list = ui.page(&format!("/w/{ws}/surveys")).await;
    assert_spanish(&list, &english, "the surveys");
    assert!(list.contains("Encuestas de pulso") && list.contains("Un pulso después de cada reunión de seguimiento"));

    let new = format!("/w/{ws}/surveys/new");
    let form = ui.page(&new).await;
    assert_spanish(&form, &english, "the survey form");
    for spanish in ["Enviar el pulso de la alianza", "Cómo ve a cada aliado", "La misma afirmación en Español"] {
        assert!(form.contains(spanish), "the survey form says {spanish:?}:\n{form}");
    }
    let csrf = ui.csrf(&new).await;
    let today = f.clock.today();
    let partnership = f.net.partnership.to_string();
    let send = |closes: String| {
        vec![
            ("csrf", csrf.clone()),
            ("title", "Partnership pulse".to_owned()),
            ("partnership_id", partnership.clone()),
            ("opens_on", day(today, 1)),
            ("closes_on", closes),
            ("k", "3".to_owned()),
            ("k_comments", "5".to_owned()),
        ]
    };
    let refused = post_owned(&ui, &format!("/w/{ws}/surveys"), send("pronto".to_owned())).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the survey form with an error");
    assert!(refused.contains("id=\"f-closes_on-error\"") && refused.contains("Debe ser una fecha"), "{refused}");
    let sent = post_owned(&ui, &format!("/w/{ws}/surveys"), send(day(today, 7))).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let page = sent.headers()["location"].to_str().unwrap().to_owned();
    let survey = page.split("/surveys/").nth(1).unwrap().split(['?', '#', '/']).next().unwrap().to_owned();
    let shown = ui.page(&page).await;
    assert_spanish(&shown, &english, "a survey's page");
    for spanish in ["Pulso de la alianza", "Programada", "Tasa de respuesta", "Invitar a alguien sin cuenta"] {
        assert!(shown.contains(spanish), "a survey's page says {spanish:?}:\n{shown}");
    }
    let path = format!("/w/{ws}/surveys/{survey}");
    let csrf = ui.csrf(&path).await;
    let library = f.net.library.to_string();
    let link = ui
        .post_form(&format!("{path}/links"), &[("csrf", &csrf), ("organization_id", &library), ("language", "es")])
        .await;
    assert_eq!(link.status(), StatusCode::OK);
    let link = link.text().await.unwrap();
    assert_spanish(&link, &english, "a survey's page with a new link");
    assert!(link.contains("Enlace de un solo uso.") && link.contains("?lang=es"), "{link}");

    f.open();
    let survey: Uuid = survey.parse().unwrap();
    for (people, about) in [(&f.school, f.net.library), (&f.library, f.net.school)] {
        for person in people {
            f.answer(person, survey, about, [4, 3, 3, 2, 2, 3]).await.json_ok(StatusCode::CREATED).await;
        }
    }
    f.close();
    let results = ui.page(&format!("{path}/results")).await;
    assert_spanish(&results, &english, "a survey's results");
    let text = visible_text(&results);
    for spanish in [
        "Resultados: Pulso de la alianza",
        "6 personas respondieron.",
        "Todos, por dimensión",
        "Confianza percibida",
        "Cumple sus compromisos",
        "Lincoln Elementary sobre Eastside Library",
        "En general, me alegra que mi organización forme parte de esta alianza.",
    ] {
        assert!(text.contains(spanish), "the results say {spanish:?}:\n{text}");
    }
}

on_both_backends!(a_liaison_raises_a_concern_and_sends_kudos_in_spanish);

async fn a_liaison_raises_a_concern_and_sends_kudos_in_spanish(backend: Backend) {
    let l = liaison(backend).await;
    let (ws, partnership) = (l.f.net.ws, l.f.net.partnership);
    let english = english_of(&["common", "concerns", "kudos", "vocabulary", "notices"]);
    assert!(english.iter().any(|p| p == "Raise a concern"), "{english:?}");

    let new = format!("/w/{ws}/partnerships/{partnership}/concerns/new");
    let form = l.ui.page(&new).await;
    assert_spanish(&form, &english, "the concern form");
    assert!(form.contains("Plantear una inquietud") && form.contains("¿Cuánto pesa?"), "{form}");
    assert!(form.contains("Media") && form.contains("Compartida con la alianza"), "{form}");
    let csrf = l.ui.csrf(&new).await;
    let concern = [
        ("csrf", csrf.as_str()),
        ("partnership_id", &partnership.to_string()),
        ("title", "Las salas no se reservan a tiempo"),
        ("description", "Dos noches de lectura sin sala"),
        ("severity", "medium"),
        ("visibility", "shared"),
    ]
    .map(|(k, v)| (k, v.to_owned()));
    let mut refused = concern.to_vec();
    refused.push(("acknowledge_by", "pronto".to_owned()));
    let refused = post_owned(&l.ui, &format!("/w/{ws}/concerns"), refused).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the concern form with an error");
    assert!(refused.contains("Debe ser una fecha"), "{refused}");
    let raised = post_owned(&l.ui, &format!("/w/{ws}/concerns"), concern.to_vec()).await;
    assert_eq!(raised.status(), StatusCode::SEE_OTHER);
    let page = raised.headers()["location"].to_str().unwrap().to_owned();
    let page = l.ui.page(&page).await;
    assert_spanish(&page, &english, "a concern's page");
    for spanish in
        ["Inquietud planteada.", "La inquietud", "Planteada por", "Gravedad media", "Próximo paso", "Retirada"]
    {
        assert!(page.contains(spanish), "a concern's page says {spanish:?}:\n{page}");
    }

    let list = l.ui.page(&format!("/w/{ws}/concerns")).await;
    assert_spanish(&list, &english, "the concerns");
    assert!(list.contains("Abiertas") && list.contains("Planteada por") && list.contains("acuse de recibo"));

    let new = format!("/w/{ws}/kudos/new?partnership_id={partnership}");
    let form = l.ui.page(&new).await;
    assert_spanish(&form, &english, "the kudos form");
    assert!(form.contains("Enviar un reconocimiento") && form.contains("Solo yo"));
    let csrf = l.ui.csrf(&new).await;
    let library = l.f.net.library.to_string();
    let sent =
        l.ui.post_form(
            &format!("/w/{ws}/kudos"),
            &[
                ("csrf", &csrf),
                ("partnership_id", &partnership.to_string()),
                ("to_organization_id", &library),
                ("message", "Gracias por los libros"),
            ],
        )
        .await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let wins = l.ui.page(&format!("/w/{ws}/kudos")).await;
    assert_spanish(&wins, &english, "the wins");
    assert!(wins.contains("Gracias por los libros") && wins.contains("hoy"), "{wins}");
}

on_both_backends!(the_account_pages_speak_the_browsers_spanish);

async fn the_account_pages_speak_the_browsers_spanish(backend: Backend) {
    let f = fixture(backend, 0, 0).await;
    let english = english_of(&["common", "account"]);
    let ui = f.app.ui_client();
    let spanish_get = |path: String| {
        let request = ui.client.get(f.app.url(&path)).header("accept-language", "es-MX,es;q=0.9");
        async move { request.send().await.unwrap() }
    };
    let spanish_post = |path: &str, pairs: &[(&str, &str)]| {
        let request = ui
            .client
            .post(f.app.url(path))
            .header("accept-language", "es-MX,es;q=0.9")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body(pairs));
        async move { request.send().await.unwrap() }
    };

    let forgot = spanish_get("/forgot".into()).await.text().await.unwrap();
    assert_spanish(&forgot, &english, "the forgotten password page");
    assert!(forgot.contains("¿Olvidó su contraseña?") && forgot.contains("Enviarme un enlace"));
    let refused = spanish_post("/forgot", &[("email", "no es una dirección")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the forgotten password page with an error");
    assert!(refused.contains("Debe ser una dirección de correo electrónico"), "{refused}");
    let sent = spanish_post("/forgot", &[("email", "nadie@example.org")]).await.text().await.unwrap();
    assert_spanish(&sent, &english, "the forgotten password page, sent");
    assert!(sent.contains("Revise su correo electrónico"));

    let dead = spanish_get("/reset/guess".into()).await;
    assert_eq!(dead.status(), StatusCode::NOT_FOUND);
    let dead = dead.text().await.unwrap();
    assert_spanish(&dead, &english, "a dead reset link");
    assert!(dead.contains("Este enlace ya no funciona"));

    let invitation = f
        .net
        .owner
        .api
        .post(&f.net.path("/invitations"), json!({"email": "carla@example.org", "role": "member"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let url = invitation["url"].as_str().unwrap_or_else(|| panic!("{invitation}"));
    let path = &url[url.find("/invite/").unwrap()..];
    let invite = spanish_get(path.to_owned()).await.text().await.unwrap();
    assert_spanish(&invite, &english, "an invitation");
    assert!(invite.contains("Unirse a Eastside Learning Network") && invite.contains("<strong>Miembro</strong>"));
    let refused = spanish_post(path, &[("name", "Carla"), ("password", "corta"), ("password_again", "otra")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "an invitation with errors");
    assert!(refused.contains("Debe tener al menos 10 caracteres") && refused.contains("No coincide con la contraseña"));
}

on_both_backends!(a_liaison_keeps_the_settings_in_spanish);

async fn a_liaison_keeps_the_settings_in_spanish(backend: Backend) {
    let l = liaison(backend).await;
    let ws = l.f.net.ws;
    let english = english_of(&["common", "settings", "vocabulary", "notices"]);
    let settings = format!("/w/{ws}/settings");
    let page = l.ui.page(&settings).await;
    assert_spanish(&page, &english, "the settings");
    for spanish in ["Configuración", "Su idioma", "Sus recordatorios", "Compromisos vencidos", "Sus claves de API"] {
        assert!(page.contains(spanish), "the settings say {spanish:?}:\n{page}");
    }
    let csrf = l.ui.csrf(&settings).await;
    let refused = l.ui.post_form(&format!("{settings}/tokens"), &[("csrf", &csrf), ("name", " ")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the settings with an error");
    assert!(refused.contains("Es obligatorio"), "{refused}");
    let made = l.ui.post_form(&format!("{settings}/tokens"), &[("csrf", &csrf), ("name", "Informe semanal")]).await;
    assert_eq!(made.status(), StatusCode::OK);
    let made = made.text().await.unwrap();
    assert_spanish(&made, &english, "the settings with a new token");
    assert!(made.contains("Clave de API «Informe semanal»") && made.contains("Cópiela ahora"), "{made}");
    let refused =
        l.ui.post_form(
            &format!("{settings}/password"),
            &[
                ("csrf", &csrf),
                ("current_password", PASSWORD),
                ("new_password", "una contraseña larga"),
                ("password_again", "otra contraseña larga"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the settings with a password error");
    assert!(refused.contains("No coincide con la contraseña nueva"), "{refused}");
    let saved =
        l.ui.post_form(&format!("{settings}/reminders"), &[("csrf", &csrf), ("channels", "weekly_digest")]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let back = saved.headers()["location"].to_str().unwrap().to_owned();
    let page = l.ui.page(&back).await;
    assert_spanish(&page, &english, "the settings after saving reminders");
    assert!(page.contains("Configuración de recordatorios guardada."), "{page}");

    // The owner, who chose no language, keeps the English page.
    let owner = l.f.app.ui_sign_in(&l.f.net.owner.email).await;
    let page = owner.page(&settings).await;
    assert!(page.contains("<html lang=\"en\">") && page.contains("Workspace name and time zone"), "{page}");
}

/// An agreement between the school and the library, recorded by the owner through the API.
async fn record_an_agreement(l: &Liaison) -> Uuid {
    let (school, library) = (l.f.net.school, l.f.net.library);
    let today = l.f.clock.today();
    let made = l
        .f
        .net
        .owner
        .api
        .post(
            &l.f.net.path(&format!("/partnerships/{}/agreements", l.f.net.partnership)),
            json!({"kind": "data_sharing", "title": "Datos de asistencia", "party_organization_ids": [school, library],
                   "signed_on": day(today, -30), "starts_on": day(today, -20), "ends_on": day(today, 40),
                   "renewal_notice_days": 45, "status": "in_force",
                   "document_url": "https://drive.example.org/acuerdos/asistencia.pdf"}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    id_of(&made)
}

on_both_backends!(a_liaison_searches_and_reads_organisations_and_agreements_in_spanish);

async fn a_liaison_searches_and_reads_organisations_and_agreements_in_spanish(backend: Backend) {
    let l = liaison(backend).await;
    let agreement = record_an_agreement(&l).await;
    let ws = l.f.net.ws;
    let english = english_of(&[
        "common",
        "search",
        "organizations",
        "agreements",
        "activity",
        "confirm",
        "trust",
        "vocabulary",
        "notices",
    ]);
    assert!(english.iter().any(|p| p == "Possible partners"), "the list is read from the files: {english:?}");

    // The search page: its words, the groups, a check-in's day and a partnership's kind.
    let found = l.ui.page(&format!("/w/{ws}/search?q=reading")).await;
    assert_spanish(&found, &english, "the search page");
    for spanish in ["Búsqueda", "Palabras que buscar", "Alianzas", "Alianza (Escuela y comunidad)", "Reunión del "] {
        assert!(visible_text(&found).contains(spanish), "the search page says {spanish:?}:\n{found}");
    }
    let nothing = l.ui.page(&format!("/w/{ws}/search?q=zzzz")).await;
    assert_spanish(&nothing, &english, "the search page without results");
    assert!(nothing.contains("Nada de lo que usted puede ver coincide con «zzzz»"), "{nothing}");

    // The organisations, an organisation's page.
    let list = l.ui.page(&format!("/w/{ws}/organizations")).await;
    assert_spanish(&list, &english, "the organisations");
    for spanish in ["Organizaciones", "Todos los tipos", "Áreas de trabajo", "Sitio web", "Escuela", "Biblioteca"] {
        assert!(list.contains(spanish), "the organisations say {spanish:?}:\n{list}");
    }
    let school = l.ui.page(&format!("/w/{ws}/organizations/{}", l.f.net.school)).await;
    assert_spanish(&school, &english, "an organisation's page");
    for spanish in ["Perfil", "Misión", "Cumple su palabra", "Posibles socios", "Contactos", "últimos doce meses"] {
        assert!(school.contains(spanish), "an organisation's page says {spanish:?}:\n{school}");
    }

    // The workspace's agreements and an agreement's page with its history, worded again in Spanish.
    let all = l.ui.page(&format!("/w/{ws}/agreements")).await;
    assert_spanish(&all, &english, "the workspace's agreements");
    for spanish in
        ["En todo el espacio de trabajo", "Terminan en el próximo año", "Vigencia", "termina dentro de 40 días"]
    {
        assert!(all.contains(spanish), "the agreements say {spanish:?}:\n{all}");
    }
    let page = l.ui.page(&format!("/w/{ws}/agreements/{agreement}")).await;
    assert_spanish(&page, &english, "an agreement's page");
    for spanish in [
        "Condiciones",
        "Aviso de renovación",
        "45 días antes del fin",
        "Historial",
        "registró el acuerdo para compartir datos «Datos de asistencia» (vigente)",
    ] {
        assert!(page.contains(spanish), "an agreement's page says {spanish:?}:\n{page}");
    }

    // Signing out everywhere asks first, in Spanish.
    let settings = format!("/w/{ws}/settings");
    let csrf = l.ui.csrf(&settings).await;
    let asked = l.ui.post_form(&format!("{settings}/sessions/end-all"), &[("csrf", &csrf)]).await;
    assert_eq!(asked.status(), StatusCode::OK);
    let asked = asked.text().await.unwrap();
    assert_spanish(&asked, &english, "the question before signing out everywhere");
    assert!(asked.contains("¿Cerrar sesión en todos los navegadores?") && asked.contains("No, volver"), "{asked}");

    // The owner, who chose no language, keeps them in English.
    let owner = l.f.app.ui_sign_in(&l.f.net.owner.email).await;
    let page = owner.page(&format!("/w/{ws}/organizations/{}", l.f.net.school)).await;
    assert!(page.contains("<html lang=\"en\">") && page.contains("Possible partners"), "{page}");
    let page = owner.page(&format!("/w/{ws}/agreements/{agreement}")).await;
    assert!(page.contains("recorded the data-sharing agreement “Datos de asistencia” (in force)"), "{page}");
}

on_both_backends!(a_liaison_reads_the_network_and_its_map_in_spanish);

async fn a_liaison_reads_the_network_and_its_map_in_spanish(backend: Backend) {
    let l = liaison(backend).await;
    let (ws, school) = (l.f.net.ws, l.f.net.school);
    let english = english_of(&["common", "network", "vocabulary", "notices"]);
    assert!(english.iter().any(|p| p == "Not yet connected"), "the list is read from the files: {english:?}");

    // The whole network: its words, the types in the filters and the legend, the measures.
    let network = l.ui.page(&format!("/w/{ws}/network")).await;
    assert_spanish(&network, &english, "the network page");
    for spanish in [
        "<title>La red",
        "Quién trabaja con quién.",
        "Tipo de organización",
        "Cualquier tipo",
        "Escuela",
        "Biblioteca",
        "Medidas",
        "Densidad",
        "Grupos conectados",
        "Intermediarias",
        "vínculos",
        "Mapa de 3 organizaciones y sus vínculos",
        "compromisos cumplidos (70 % o más)",
    ] {
        assert!(network.contains(spanish), "the network page says {spanish:?}:\n{network}");
    }
    for english in ["The network", "Measures", "Brokers", "betweenness", "Map of", " ties", "Not yet connected"] {
        assert!(!visible_text(&network).contains(english), "the network page still says {english:?}");
    }

    // Around an organisation, on a day past, and narrowed to a type: the sentences that say so.
    let around = l.ui.page(&format!("/w/{ws}/network?around={school}")).await;
    assert_spanish(&around, &english, "the map around an organisation");
    assert!(around.contains("y las organizaciones a dos pasos o menos") && around.contains("Toda la red"), "{around}");
    let yesterday = day(l.f.clock.today(), -1);
    let then = l.ui.page(&format!("/w/{ws}/network?as_of={yesterday}")).await;
    assert_spanish(&then, &english, "the map of a day past");
    assert!(then.contains("Quién trabajaba con quién el ") && then.contains("Los vínculos de ese día"), "{then}");
    let libraries = l.ui.page(&format!("/w/{ws}/network?organization_kind=library")).await;
    assert_spanish(&libraries, &english, "the map of one type");

    // The same map in English for the owner, who chose no language: kept apart, not shared.
    let owner = l.f.app.ui_sign_in(&l.f.net.owner.email).await;
    let page = owner.page(&format!("/w/{ws}/network")).await;
    assert!(page.contains("<html lang=\"en\">") && page.contains("Map of 3 organisations and their ties"), "{page}");
    assert!(page.contains("Brokers") && !page.contains("Intermediarias"), "{page}");
    let page = l.ui.page(&format!("/w/{ws}/network")).await;
    assert!(page.contains("Intermediarias") && !page.contains("Brokers"), "the Spanish map is kept apart");
}

on_both_backends!(an_owner_reads_the_dashboard_and_the_activity_log_and_keeps_the_directory_in_spanish);

async fn an_owner_reads_the_dashboard_and_the_activity_log_and_keeps_the_directory_in_spanish(backend: Backend) {
    let l = liaison(backend).await;
    record_an_agreement(&l).await;
    let ws = l.f.net.ws;
    let owner = &l.f.net.owner;
    let me = owner.api.patch("/api/v1/me", json!({"language": "es"})).await;
    assert_eq!(me.json_ok(StatusCode::OK).await["language"], "es");
    let ui = l.f.app.ui_sign_in(&owner.email).await;
    let english = english_of(&[
        "common",
        "dashboard",
        "activity",
        "organizations",
        "confirm",
        "account",
        "trust",
        "vocabulary",
        "notices",
    ]);

    let dashboard = ui.page(&format!("/w/{ws}/dashboard")).await;
    assert_spanish(&dashboard, &english, "the dashboard");
    for spanish in ["Salud de las alianzas", "Bandeja de alertas", "Menor salud primero", "Últimos 12 meses", "Activa"]
    {
        assert!(dashboard.contains(spanish), "the dashboard says {spanish:?}:\n{dashboard}");
    }
    assert!(dashboard.contains("alianza mostrada") || dashboard.contains("alianzas mostradas"), "{dashboard}");

    let activity = ui.page(&format!("/w/{ws}/activity")).await;
    assert_spanish(&activity, &english, "the activity log");
    for spanish in [
        "Registro de actividad",
        "Cuándo",
        "asumió un compromiso",
        "registró el acuerdo para compartir datos «Datos de asistencia» (vigente)",
        "Compromiso",
        "Acuerdo",
    ] {
        assert!(activity.contains(spanish), "the activity log says {spanish:?}:\n{activity}");
    }

    // An organisation's form, sent back with an error: the error is Spanish too.
    let form = ui.page(&format!("/w/{ws}/organizations/new")).await;
    assert_spanish(&form, &english, "the organisation form");
    assert!(form.contains("Añadir una organización") && form.contains("Áreas de trabajo"), "{form}");
    let csrf = ui.csrf(&format!("/w/{ws}/organizations/new")).await;
    let refused = ui
        .post_form(
            &format!("/w/{ws}/organizations"),
            &[("csrf", &csrf), ("name", " "), ("kind", "school"), ("website", "ftp://example.org")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the organisation form with an error");
    assert!(refused.contains("Hay un problema") && refused.contains("Es obligatorio"), "{refused}");
    // The core's own sentence beside the website reads in Spanish too.
    assert!(refused.contains("Debe ser una dirección web que empiece con https://"), "{refused}");

    // Archiving a check-in asks first, in Spanish, with the day written the Spanish way.
    let asked = ui.post_form(&format!("/w/{ws}/checkins/{}/archive", l.checkin), &[("csrf", &csrf)]).await;
    assert_eq!(asked.status(), StatusCode::OK);
    let asked = asked.text().await.unwrap();
    assert_spanish(&asked, &english, "the question before archiving a check-in");
    assert!(asked.contains("¿Archivar esta reunión de seguimiento?") && asked.contains(" de 20"), "{asked}");

    // The trust settings, sent back with a number missing.
    let english = [english, english_of(&["trust_settings"])].concat();
    let trust = format!("/w/{ws}/settings/trust");
    let page = ui.page(&trust).await;
    assert_spanish(&page, &english, "the trust settings");
    assert!(page.contains("Vida media de una promesa, en días") && page.contains("Alertas tempranas"), "{page}");
    let version = page.split("name=\"version\" value=\"").nth(1).and_then(|v| v.split('"').next()).unwrap();
    let csrf = ui.csrf(&trust).await;
    let refused = ui.post_form(&trust, &[("csrf", &csrf), ("version", version), ("half_life", "")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the trust settings with an error");
    assert!(refused.contains("Es obligatorio"), "{refused}");

    // Importing from CSV: a refused file lists its problems by line and column in Spanish, and
    // a good one says how many came in.
    let english = [english, english_of(&["import"])].concat();
    let import = format!("/w/{ws}/import");
    let page = ui.page(&import).await;
    assert_spanish(&page, &english, "the import page");
    assert!(page.contains("¿Qué contiene el archivo?") && page.contains("Columnas:"), "{page}");
    let csrf = ui.csrf(&import).await;
    let bad = "name,kind\nGarfield High,castle\n";
    let refused = ui.post_form(&import, &[("csrf", &csrf), ("kind", "organizations"), ("csv", bad)]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the import page with a refused file");
    assert!(refused.contains("No se importó nada") && refused.contains("Línea 2, columna"), "{refused}");
    assert!(refused.contains("El archivo tiene 1 problema en la línea 2"), "{refused}");
    let good = "name,kind\nGarfield High,school\nMoat Trust,nonprofit\n";
    let imported = ui.post_form(&import, &[("csrf", &csrf), ("kind", "organizations"), ("csv", good)]).await;
    assert_eq!(imported.status(), StatusCode::SEE_OTHER);
    let location = imported.headers()["location"].to_str().unwrap().to_owned();
    let page = ui.page(&location).await;
    assert_spanish(&page, &english, "the import page after importing");
    assert!(page.contains("Se importaron 2 organizaciones."), "{page}");

    // The webhooks page, and its form sent back with an error.
    let english = [english, english_of(&["webhooks"])].concat();
    let hooks = format!("/w/{ws}/webhooks");
    let page = ui.page(&hooks).await;
    assert_spanish(&page, &english, "the webhooks page");
    assert!(page.contains("Añadir un webhook") && page.contains("Compromiso cumplido"), "{page}");
    let csrf = ui.csrf(&hooks).await;
    let refused =
        ui.post_form(&hooks, &[("csrf", &csrf), ("url", ""), ("format", "slack"), ("events", "commitment.kept")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    assert_spanish(&refused, &english, "the webhooks page with an error");
    assert!(refused.contains("Hay un problema"), "{refused}");

    // The reports page: making a report and the saved ones.
    let english = [english, english_of(&["reports"])].concat();
    let reports = format!("/w/{ws}/reports");
    let page = ui.page(&reports).await;
    assert_spanish(&page, &english, "the reports page");
    assert!(page.contains("Hacer un informe") && page.contains("Informes guardados"), "{page}");

    // A new workspace's form.
    let new = ui.page("/workspaces/new").await;
    assert_spanish(&new, &english, "the new workspace form");
    assert!(new.contains("Nuevo espacio de trabajo") && new.contains("Nombre de su red"), "{new}");
}

on_both_backends!(a_coordinator_reads_a_report_and_a_funder_its_link_in_spanish);

/// A report itself, the signed-in page and the funder's: its words, its two maps, its charts,
/// the box that shares it and the running header and footer of its print, in Spanish; the
/// funder's page speaks the funder's browser's language, else the workspace's.
async fn a_coordinator_reads_a_report_and_a_funder_its_link_in_spanish(backend: Backend) {
    let l = liaison(backend).await;
    record_an_agreement(&l).await;
    let ws = l.f.net.ws;
    let owner = &l.f.net.owner;
    let me = owner.api.patch("/api/v1/me", json!({"language": "es"})).await;
    assert_eq!(me.json_ok(StatusCode::OK).await["language"], "es");
    let ui = l.f.app.ui_sign_in(&owner.email).await;
    let english = english_of(&["common", "reports", "network", "trust", "vocabulary", "notices"]);
    assert!(english.iter().any(|p| p == "Partnerships at a glance"), "the list is read from the files: {english:?}");

    // A report with the period's default title, saved through the page.
    let today = l.f.clock.today();
    let saved = owner
        .api
        .post(&l.f.net.path("/reports"), json!({"period": format!("{}..{}", day(today, -30), day(today, 0))}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    assert!(saved["title"].as_str().unwrap().starts_with("Report for "), "the API keeps English: {saved}");
    let path = format!("/w/{ws}/reports/{}", id_of(&saved));
    let page = ui.page(&path).await;
    assert_spanish(&page, &english, "a report's page");
    for spanish in [
        "Informe de ",
        "comparado con",
        "La red",
        "Las alianzas de un vistazo",
        "Salud al inicio",
        "Qué pasó",
        "Compromisos cumplidos a tiempo",
        "Comparación:",
        "Confianza percibida",
        "Fiabilidad de cada miembro al final",
        "Compartir con un financiador",
        "Crear un enlace",
        "Guardar el resumen",
        "Tal como estaba el",
        "lang=es",
    ] {
        assert!(page.contains(spanish), "the report's page says {spanish:?}:\n{page}");
    }

    // A funder's link, made on the page: the box shows it once, in Spanish.
    let csrf = ui.csrf(&path).await;
    let until = day(today, 30);
    let made = ui.post_form(&format!("{path}/links"), &[("csrf", &csrf), ("expires_on", &until)]).await;
    assert_eq!(made.status(), StatusCode::OK);
    let made = made.text().await.unwrap();
    assert_spanish(&made, &english, "the report's page with a new link");
    assert!(made.contains("El enlace, que se muestra solo esta vez") && made.contains("activo"), "{made}");
    let url = made.split("id=\"secret-value\">").nth(1).and_then(|v| v.split('<').next()).unwrap().to_owned();
    assert!(url.contains("/shared/reports/"), "{url}");
    let path_of_link = &url[url.find("/shared/").unwrap()..];

    // The funder's browser asks for Spanish…
    let funder = l.f.app.anonymous();
    let read = |accept: Option<&'static str>| {
        let mut request = funder.request(reqwest::Method::GET, path_of_link);
        if let Some(accept) = accept {
            request = request.header("accept-language", accept);
        }
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            response.text().await.unwrap()
        }
    };
    let shared = read(Some("es-MX,es;q=0.9")).await;
    assert_spanish(&shared, &english, "the funder's page");
    assert!(shared.contains("Un informe que le han compartido") && shared.contains("Informe de "), "{shared}");
    // …or for none Rapport has: the workspace's language, English until its owners choose Spanish.
    let english_page = read(Some("fr")).await;
    assert!(english_page.contains("<html lang=\"en\">") && english_page.contains("Report for "), "{english_page}");
    let changed = owner.api.patch(&l.f.net.path(""), json!({"default_language": "es"})).await;
    assert_eq!(changed.json_ok(StatusCode::OK).await["default_language"], "es");
    assert_spanish(&read(None).await, &english, "the funder's page in the workspace's language");
    let gone = funder
        .request(reqwest::Method::GET, "/shared/reports/rep_nonsense")
        .header("accept-language", "es")
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert!(gone.text().await.unwrap().starts_with("No existe ese informe"));

    // The running header and footer of the print say the page's numbers in Spanish.
    let css = funder.request(reqwest::Method::GET, "/print/report.css?h=x&f=y&lang=es").send().await.unwrap();
    let css = css.text().await.unwrap();
    assert!(css.contains("\"Página \" counter(page) \" de \" counter(pages)"), "{css}");
}

on_both_backends!(e_mails_with_a_link_speak_the_recipients_language);

/// A "forgot password" e-mail speaks the account's own language; an invitation the language of
/// the workspace it invites into (the person has no account to choose one in yet). Both are
/// queued as facts and worded by the jobs runner when sent.
async fn e_mails_with_a_link_speak_the_recipients_language(backend: Backend) {
    let options = ServerConfig { mail: true, ..ServerConfig::default() };
    let app = TestApp::spawn_configured(backend, options, |s| s).await;
    let net = app.network().await;
    let ana = app.sign_up("ana@example.org", "Ana Ruiz").await;
    let me = ana.api.patch("/api/v1/me", json!({"language": "es"})).await;
    assert_eq!(me.json_ok(StatusCode::OK).await["language"], "es");
    let sink = SmtpSink::start();
    let smtp = format!("smtp://{}", sink.addr);
    let _runner = crate::jobs::Runner::start_with(
        app.database_url(),
        &[("RAPPORT_SMTP_URL", smtp.as_str()), ("RAPPORT_REMINDER_HOUR", "23"), ("RAPPORT_DIGEST_DAY", "sun")],
    );
    app.anonymous()
        .post("/api/v1/auth/forgot", json!({"email": "ana@example.org"}))
        .await
        .json_ok(StatusCode::ACCEPTED)
        .await;
    let mail = sink.wait_for(1).await;
    assert_eq!(mail[0].subject, "Cambie su contraseña de Rapport");
    assert!(mail[0].text.starts_with("Hola, Ana:"), "{}", mail[0].text);
    assert!(
        mail[0].text.contains("Elija una contraseña nueva") && mail[0].text.contains("/reset/"),
        "{}",
        mail[0].text
    );

    let changed = net.owner.api.patch(&net.path(""), json!({"default_language": "es"})).await;
    assert_eq!(changed.json_ok(StatusCode::OK).await["default_language"], "es");
    let invitation = net
        .owner
        .api
        .post(&net.path("/invitations"), json!({"email": "nia@library.example", "role": "member"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let mail = sink.wait_for(2).await;
    let invited = mail.iter().find(|m| m.recipients == ["nia@library.example"]).expect("the invitation");
    assert_eq!(invited.subject, "Únase a Eastside Learning Network en Rapport");
    assert!(invited.text.contains("Olive Owner le invita a unirse"), "{}", invited.text);
    assert!(invited.text.contains(invitation["url"].as_str().unwrap()), "{}", invited.text);
    for english in ["Hello", "invites you", "Open this link", "ignore this"] {
        assert!(!invited.text.contains(english), "{english}: {}", invited.text);
    }
}
