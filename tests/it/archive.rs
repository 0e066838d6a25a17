//! Whole-workspace exports and imports (`rapport export`, `rapport import`, the API's
//! `export.json`) and `rapport backup`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rapport_store::Store;
use rapport_store::archive::{ImportRequest, SurveyAnswers};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::*;

fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .env_remove("RAPPORT_DATABASE_URL")
        .output()
        .expect("run rapport")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A directory for a test's files, removed afterwards.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let dir = std::env::temp_dir().join(format!("rapport-archive-{}", short()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Fills the database at `url` with `rapport demo`'s network, which has every kind of record.
/// The demo serves once it is filled; it is stopped as soon as it says where it listens.
async fn fill_with_demo(url: &str, scratch: &Scratch) {
    let log = scratch.file("demo.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["demo", "--bind", "127.0.0.1:0", "--database", url])
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("start rapport demo");
    let out = child.stdout.take().unwrap();
    let _stop = KillOnDrop(child);
    let listening = tokio::task::spawn_blocking(move || {
        BufReader::new(out).lines().map_while(Result::ok).any(|line| line.starts_with("Rapport is listening on "))
    })
    .await
    .unwrap();
    assert!(listening, "the demo fills the database; it said:\n{}", std::fs::read_to_string(&log).unwrap_or_default());
}

fn export_with_cli(url: &str, workspace: &str, file: &str) -> Value {
    let output = rapport(&["export", "--workspace", workspace, "--output", file, "--database", url]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("Exported the workspace"), "{}", stderr(&output));
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).expect("the export is JSON")
}

fn import_with_cli(url: &str, file: &str, owner: &str, name: Option<&str>) -> Output {
    let mut args = vec!["import", "--file", file, "--owner", owner, "--database", url];
    if let Some(name) = name {
        args.extend(["--name", name]);
    }
    rapport(&args)
}

/// The first difference between two documents, by list and row, for a readable failure.
fn first_difference(left: &Value, right: &Value) -> Option<String> {
    let (left, right) = (left.as_object()?, right.as_object()?);
    let keys: std::collections::BTreeSet<&String> = left.keys().chain(right.keys()).collect();
    for key in keys {
        let (a, b) = (&left.get(key), &right.get(key));
        if a == b {
            continue;
        }
        if let (Some(Value::Array(a)), Some(Value::Array(b))) = (a, b) {
            for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
                if x != y {
                    return Some(format!("{key}[{i}]:\n  {x}\n  {y}"));
                }
            }
            return Some(format!("{key}: {} rows against {}", a.len(), b.len()));
        }
        return Some(format!("{key}: {a:?} against {b:?}"));
    }
    None
}

fn other(backend: Backend) -> Backend {
    match backend {
        Backend::Sqlite => Backend::Postgres,
        Backend::Postgres => Backend::Sqlite,
    }
}

/// The health index of each partnership of the workspace, as the dashboard shows it.
async fn health(
    store: &Store,
    workspace: uuid::Uuid,
    partnerships: &[uuid::Uuid],
) -> Vec<(uuid::Uuid, Option<i64>, i32)> {
    let mut rows: Vec<_> = store
        .health_rows(workspace, partnerships)
        .await
        .unwrap()
        .into_iter()
        .map(|h| (h.partnership_id, h.index.map(|i| (i * 1e6).round() as i64), h.open_warnings))
        .collect();
    rows.sort();
    rows
}

on_both_backends!(an_imported_export_exports_the_same_document_on_the_other_database);

/// The demo network exported from one database, imported into a fresh database of the other
/// kind and exported again gives the same document, apart from the moment of export and the
/// webhooks, which arrive paused; its scores are rebuilt and equal the original's.
async fn an_imported_export_exports_the_same_document_on_the_other_database(source: Backend) {
    let scratch = Scratch::new();
    let (from, to) = (TestDb::create(source).await, TestDb::create(other(source)).await);
    fill_with_demo(&from.url, &scratch).await;
    let from_store = Store::open(&from.url).await.unwrap();
    let workspace = from_store.workspace_ids().await.unwrap()[0];
    // The demo has no webhook; a paused one and an active one show how hooks travel.
    for (url, active) in [("https://hooks.example.org/rapport", true), ("https://chat.example.org/paused", false)] {
        let draft: rapport_core::webhook::WebhookDraft = serde_json::from_value(
            json!({"url": url, "format": "json", "events": ["commitment.missed"], "active": active}),
        )
        .unwrap();
        from_store
            .create_webhook(workspace, &draft.validate().unwrap(), "whsec_the-original-secret", None)
            .await
            .unwrap();
    }
    let first = export_with_cli(&from.url, &workspace.to_string(), &scratch.file("first.json"));

    assert_eq!(
        (first["format"].as_str(), first["version"].as_u64(), first["anonymous_answers"].as_str()),
        (Some("rapport-workspace"), Some(1), Some("withheld"))
    );
    // SPEC 4: exports contain aggregates only. Closed surveys travel as their published results.
    assert!(
        (first["survey_responses"].as_array().map(Vec::len), first["survey_answers"].as_array().map(Vec::len))
            == (Some(0), Some(0)),
        "no response or answer is exported, not even without names"
    );
    for list in [
        "organizations",
        "partnerships",
        "commitments",
        "commitment_events",
        "checkins",
        "goals",
        "milestones",
        "concerns",
        "concern_transitions",
        "kudos",
        "contributions",
        "retrospectives",
        "retrospective_items",
        "surveys",
        "survey_publications",
        "contacts",
        "workspace_members",
        "activity_log",
        "webhooks",
    ] {
        assert!(first[list].as_array().is_some_and(|rows| !rows.is_empty()), "the demo fills {list}");
    }
    let text = std::fs::read_to_string(scratch.file("first.json")).unwrap();
    for secret in ["whsec_the-original-secret", "password_hash", "token_hash", "\"secret\""] {
        assert!(!text.contains(secret), "the export holds no {secret}");
    }
    assert!(
        first["survey_participations"].is_null() && first["survey_invitations"].is_null(),
        "who answered is never exported"
    );

    // Everyone the records name gets an account on the other database, as an administrator
    // would create them before importing.
    let to_store = Store::open(&to.url).await.unwrap();
    for person in first["people"].as_array().unwrap() {
        to_store
            .create_user(person["email"].as_str().unwrap(), person["name"].as_str().unwrap(), "not a real hash", false)
            .await
            .unwrap();
    }
    let owner = first["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["role"] == "owner")
        .expect("the demo has an owner")["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let output = import_with_cli(&to.url, &scratch.file("first.json"), &owner, None);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains(&format!("as workspace {workspace}")),
        "ids are kept in a database that does not hold the workspace: {said}"
    );
    assert!(
        said.contains("The webhook to https://hooks.example.org/rapport arrived paused, with a new signing secret"),
        "{said}"
    );
    assert!(!said.contains("no account here"), "{said}");

    let mut second = export_with_cli(&to.url, &workspace.to_string(), &scratch.file("second.json"));
    let mut expected = first.clone();
    for hook in expected["webhooks"].as_array_mut().unwrap() {
        hook["active"] = json!(false);
    }
    for document in [&mut expected, &mut second] {
        document.as_object_mut().unwrap().remove("exported_at");
    }
    assert!(expected == second, "the documents differ: {}", first_difference(&expected, &second).unwrap_or_default());

    // Scores are derived, not carried: the import rebuilt them, and they equal the original's
    // rebuilt on the same day.
    let recompute = rapport(&["recompute", "--database", &from.url]);
    assert!(recompute.status.success(), "{}", stderr(&recompute));
    let partnerships: Vec<uuid::Uuid> = first["partnerships"].as_array().unwrap().iter().map(id_of).collect();
    let imported = health(&to_store, workspace, &partnerships).await;
    assert_eq!(imported.len(), partnerships.len(), "every partnership has its health again");
    assert_eq!(imported, health(&from_store, workspace, &partnerships).await);
}

/// A workspace with a little of everything the tests below need, and its export.
async fn small_export(app: &TestApp) -> (Network, Value) {
    let net = app.network().await;
    let today = today();
    net.owner
        .api
        .post(
            &net.path(&format!("/partnerships/{}/commitments", net.partnership)),
            json!({"description": "Lend 30 books", "promisor_organization_id": net.library, "due_on": day(today, 10)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let mut document = Vec::new();
    app.store.export_workspace(net.ws, SurveyAnswers::Withheld, &mut document, &|_, _| {}).await.unwrap();
    (net, serde_json::from_slice(&document).unwrap())
}

on_both_backends!(a_bad_file_imports_nothing_and_says_why_in_one_sentence);

async fn a_bad_file_imports_nothing_and_says_why_in_one_sentence(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let scratch = Scratch::new();
    let (net, good) = small_export(&app).await;
    let partnership = good["partnerships"][0]["id"].as_str().unwrap().to_owned();

    let mut wrong_format = good.clone();
    wrong_format["format"] = json!("trello-board");
    let mut wrong_version = good.clone();
    wrong_version["version"] = json!(2);
    let mut broken_reference = good.clone();
    broken_reference["commitments"][0]["partnership_id"] = json!("0190f6c4-0000-7000-8000-000000000000");
    let mut bad_date = good.clone();
    bad_date["commitments"][0]["due_on"] = json!("next Tuesday");
    let mut unknown_word = good.clone();
    unknown_word["partnerships"][0]["status"] = json!("dormant");
    // Two members for the same organisation break a unique index only when written, after the
    // workspace, its organisations and its partnership: the whole transaction must go.
    let mut clash = good.clone();
    let twin = json!({"id": uuid::Uuid::now_v7().to_string(), "partnership_id": partnership, "organization_id": net.school.to_string(), "role": null});
    clash["partnership_members"].as_array_mut().unwrap().push(twin);

    let cases: Vec<(&str, String, &str)> = vec![
        ("not json", "{ this is not JSON".to_owned(), "the file is not valid JSON"),
        ("wrong format", wrong_format.to_string(), "not a Rapport workspace export: its format is \"trello-board\""),
        ("wrong version", wrong_version.to_string(), "version 2 workspace export, and this Rapport reads version 1"),
        (
            "broken reference",
            broken_reference.to_string(),
            "commitments[0].partnership_id refers to 0190f6c4-0000-7000-8000-000000000000, which is not among the file's partnerships",
        ),
        ("bad date", bad_date.to_string(), "commitments[0].due_on must be a date"),
        ("unknown word", unknown_word.to_string(), "partnerships[0].status holds \"dormant\", but it must be one of"),
        ("clash", clash.to_string(), "partnership_members"),
    ];
    let before = app.store.workspace_ids().await.unwrap();
    for (case, document, message) in cases {
        let file = scratch.file(&format!("{}.json", case.replace(' ', "-")));
        std::fs::write(&file, document).unwrap();
        let output = import_with_cli(app.database_url(), &file, &net.owner.email, Some("Copy"));
        let said = stderr(&output);
        assert!(!output.status.success(), "{case}: {said}");
        // Progress lines may come first; the error is one line, the last.
        let error = said.trim().lines().last().unwrap_or_default();
        assert!(error.starts_with("rapport: nothing was imported: ") && error.contains(message), "{case}: {said}");
        assert_eq!(said.lines().filter(|line| line.starts_with("rapport:")).count(), 1, "{case}: one sentence: {said}");
        assert!(!said.contains("panicked"), "{case}: {said}");
        assert_eq!(app.store.workspace_ids().await.unwrap(), before, "{case}: nothing changed");
    }

    let output = import_with_cli(app.database_url(), &scratch.file("missing.json"), &net.owner.email, None);
    assert!(stderr(&output).contains("could not read"), "{}", stderr(&output));
    std::fs::write(scratch.file("good.json"), good.to_string()).unwrap();
    let output = import_with_cli(app.database_url(), &scratch.file("good.json"), "nobody@example.org", None);
    assert!(stderr(&output).contains("no account has the e-mail address nobody@example.org"), "{}", stderr(&output));
    assert_eq!(app.store.workspace_ids().await.unwrap(), before);
}

on_both_backends!(importing_into_the_same_database_gives_new_ids_and_reports_who_has_no_account);

async fn importing_into_the_same_database_gives_new_ids_and_reports_who_has_no_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (net, good) = small_export(&app).await;
    let member = app.person(&net, "member", &[net.school]).await;
    let mut document = Vec::new();
    app.store.export_workspace(net.ws, SurveyAnswers::Withheld, &mut document, &|_, _| {}).await.unwrap();
    // Someone whose account does not exist in the database the file is imported into.
    let text = String::from_utf8(document).unwrap().replace(&member.email, "gone@example.org");
    let importer = app.sign_up(&format!("importer-{}@example.org", short()), "Ida Importer").await;

    let request = ImportRequest {
        document: text.as_bytes(),
        name: Some("Eastside (copy)".into()),
        owner: importer.id,
        new_webhook_secret: &|| "whsec_new".into(),
    };
    let report = app.store.import_workspace(request, &|_, _| {}).await.unwrap();
    assert!(report.ids_replaced, "the database holds the original, so the copy gets new ids");
    assert_ne!(report.workspace_id, net.ws);
    assert_eq!(report.people_without_account, vec!["gone@example.org".to_owned()]);
    assert_eq!(report.memberships_skipped, 2, "the workspace membership and the organisation membership");

    // The importer owns the copy; the original's owner has an account here, so they keep theirs.
    let copy = format!("/api/v1/workspaces/{}", report.workspace_id);
    let members = importer.api.read(&format!("{copy}/members")).await;
    let roles: Vec<(String, String)> = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["email"].as_str().unwrap().to_owned(), m["role"].as_str().unwrap().to_owned()))
        .collect();
    assert!(roles.contains(&(importer.email.clone(), "owner".to_owned())), "{roles:?}");
    assert!(roles.contains(&(net.owner.email.clone(), "owner".to_owned())), "{roles:?}");
    assert_eq!(roles.len(), 2, "{roles:?}");
    let original: Vec<String> = net.owner.api.read(&net.path("/organizations")).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_owned())
        .collect();
    let copied: Vec<String> = importer.api.read(&format!("{copy}/organizations")).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(original, copied, "the same organisations, in the same order");
    let ids = importer.api.ids(&format!("{copy}/partnerships")).await;
    assert!(!ids.contains(&net.partnership), "a new id for every record");
    let commitments = importer.api.read(&format!("{copy}/partnerships/{}/commitments", ids[0])).await;
    assert_eq!(commitments["items"][0]["description"], "Lend 30 books");
    assert_eq!(good["commitments"].as_array().unwrap().len(), 1);
}

on_both_backends!(only_owners_may_download_the_workspace_and_never_its_secrets_or_answers);

async fn only_owners_may_download_the_workspace_and_never_its_secrets_or_answers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let hook = net
        .owner
        .api
        .post(
            &net.path("/webhooks"),
            json!({"url": "https://hooks.example.org/x", "format": "json", "events": ["kudos.given"]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let secret = hook["secret"].as_str().expect("the secret is shown once").to_owned();
    let member = app.person(&net, "member", &[net.school]).await;
    let coordinator = app.person(&net, "coordinator", &[]).await;
    let observer = app.person(&net, "observer", &[]).await;
    let stranger = app.sign_up(&format!("stranger-{}@example.org", short()), "Stan Stranger").await;
    let path = net.path("/export.json");
    for (who, api) in [
        ("a stranger", &stranger.api),
        ("a member", &member.api),
        ("a coordinator", &coordinator.api),
        ("an observer", &observer.api),
    ] {
        let problem = api.get(&path).await.problem(StatusCode::NOT_FOUND).await;
        assert!(problem["detail"].is_string(), "{who}: {problem}");
    }
    app.anonymous().get(&path).await.problem(StatusCode::UNAUTHORIZED).await;

    let response = net.owner.api.get(&path).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert!(response.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let body = response.text().await.unwrap();
    assert!(!body.contains(&secret), "the webhook's secret stays in the database");
    let document: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(document["format"], "rapport-workspace");
    assert_eq!(document["workspace"]["id"], net.ws.to_string());
    assert_eq!(document["anonymous_answers"], "withheld", "SPEC 4: no export shows answers one by one");
    assert_eq!(
        (document["survey_responses"].as_array().map(Vec::len), document["survey_answers"].as_array().map(Vec::len)),
        (Some(0), Some(0))
    );
    assert_eq!(document["organizations"].as_array().unwrap().len(), 2);
    assert_eq!(document["webhooks"][0]["url"], "https://hooks.example.org/x");
    assert!(document["webhooks"][0].get("secret").is_none());
    let emails: Vec<&str> = document["people"].as_array().unwrap().iter().filter_map(|p| p["email"].as_str()).collect();
    assert!(emails.contains(&member.email.as_str()) && !emails.contains(&stranger.email.as_str()), "{emails:?}");
}

/// `rapport backup` copies a SQLite database while another connection keeps writing to it; the
/// copy opens with `rapport` and holds the same workspace.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_the_database_is_in_use_restores_the_same_data() {
    install_tls_provider();
    let scratch = Scratch::new();
    let db = TestDb::create(Backend::Sqlite).await;
    fill_with_demo(&db.url, &scratch).await;
    let store = Store::open(&db.url).await.unwrap();
    let demo = store.workspace_ids().await.unwrap()[0];
    // Sealing a closed survey writes its published results once; done before the copy, so
    // exporting the original and the copy does not seal each afresh.
    store.seal_closed_surveys(demo).await.unwrap();
    let writer_account = store.create_user("busy@example.org", "Busy Writer", "not a real hash", false).await.unwrap();
    let workspaces_before = store.workspace_ids().await.unwrap().len();

    // A writer that keeps adding workspaces while the backup runs.
    let writing = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let writer = tokio::spawn({
        let (store, writing) = (store.clone(), writing.clone());
        async move {
            let mut written = 0;
            while writing.load(std::sync::atomic::Ordering::SeqCst) {
                store.create_workspace(&format!("Busy {written}"), writer_account.id).await.unwrap();
                written += 1;
            }
            written
        }
    });
    let backup_file = scratch.file("backup.db");
    let args = ["backup", "--output", &backup_file, "--database", &db.url].map(str::to_owned);
    let output = tokio::task::spawn_blocking(move || rapport(&args.each_ref().map(String::as_str))).await.unwrap();
    writing.store(false, std::sync::atomic::Ordering::SeqCst);
    let written = writer.await.unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains(&format!("Backed up {} to {backup_file}", db.url)), "{}", stdout(&output));
    assert!(written > 0, "the database was in use during the backup");

    let backup_url = format!("sqlite://{backup_file}");
    let recompute = rapport(&["recompute", "--database", &backup_url]);
    assert!(recompute.status.success(), "the copy opens: {}", stderr(&recompute));
    let backup = Store::open(&backup_url).await.unwrap();
    let copied = backup.workspace_ids().await.unwrap().len();
    assert!(copied >= workspaces_before && copied <= workspaces_before + written, "{copied} workspaces in the copy");
    let mut original = export_with_cli(&db.url, &demo.to_string(), &scratch.file("original.json"));
    let mut restored = export_with_cli(&backup_url, &demo.to_string(), &scratch.file("restored.json"));
    original.as_object_mut().unwrap().remove("exported_at");
    restored.as_object_mut().unwrap().remove("exported_at");
    assert!(
        original == restored,
        "the copy holds the same workspace: {}",
        first_difference(&original, &restored).unwrap_or_default()
    );

    let again = rapport(&["backup", "--output", &backup_file, "--database", &db.url]);
    assert!(!again.status.success() && stderr(&again).contains("already exists"), "{}", stderr(&again));
    let missing = rapport(&[
        "backup",
        "--output",
        &scratch.file("other.db"),
        "--database",
        &format!("sqlite://{}", scratch.file("typo.db")),
    ]);
    assert!(stderr(&missing).contains("there is no SQLite database at"), "{}", stderr(&missing));
    assert!(!Path::new(&scratch.file("typo.db")).exists(), "a typo creates no database");
}

#[test]
fn backup_of_postgres_points_to_pg_dump_in_one_sentence() {
    let output = rapport(&["backup", "--output", "/tmp/never.db", "--database", "postgres://nobody@127.0.0.1:1/none"]);
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(said.contains("pg_dump -Fc") && said.contains("pg_restore"), "{said}");
    assert_eq!(said.trim().lines().count(), 1, "{said}");
}

#[test]
fn exporting_a_workspace_that_does_not_exist_names_it() {
    let scratch = Scratch::new();
    let url = format!("sqlite://{}", scratch.file("empty.db"));
    let output = rapport(&["export", "--workspace", "Northside Network", "--database", &url]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("has the id or name \"Northside Network\""), "{}", stderr(&output));
    assert_eq!(stderr(&output).trim().lines().count(), 1);
}
