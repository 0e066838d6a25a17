//! The OpenAPI document tells the truth, and schemathesis keeps it so: the real server, with a
//! workspace of records and an owner's API token, is exercised by schemathesis (PyPI, pinned in
//! `scripts/schemathesis.txt`, installed by `scripts/test`) from its own document, with every
//! conformance check on. Any 5xx, any response that does not match its schema, status or content
//! type, and any request the document calls invalid that the server accepts fails the test,
//! which prints schemathesis's report.
//!
//! The run is bounded (`MAX_EXAMPLES` cases per operation in the fuzzing phase, under two
//! minutes per database on two cores); DEVELOPERS.md says how to run it alone or longer.
//!
//! What it changes in its own workspace is part of the test: archiving and restoring the
//! partnership, cancelling the commitment, deleting the webhook, each answered as documented
//! (409 for what an archived partnership refuses, 404 once deleted). Nothing is excluded. The
//! owner's token survives the run: revoking a token is called with an id that names none
//! (`config_file`), signing out ends only a cookie session, and changing a member's role cannot
//! demote the workspace's only owner (409).

use std::path::PathBuf;
use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::on_both_backends;
use crate::support::{Backend, Network, ResponseExt, TestApp, day, id_of, today};

/// Cases schemathesis generates per operation in its fuzzing phase; the examples and coverage
/// phases add the cases the schema itself suggests.
const MAX_EXAMPLES: u32 = 40;

/// The checks that run. Left out, each for a reason:
/// - `positive_data_acceptance` expects every schema-valid request to succeed, but a schema
///   cannot say what the records' rules say (a due date after the start, an organisation that
///   exists, a role allowed to do it), so valid-looking requests rightly answer 404, 409 or 422;
/// - `use_after_free`, `ensure_resource_availability`, `ignored_auth` and
///   `object_level_authorization` belong to the stateful phase and to runs with a second
///   identity; the roles and cross-workspace tests in `roles.rs` and `api.rs` cover them.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
    response_headers_conformance,response_schema_conformance,negative_data_rejection,\
    missing_required_header,unsupported_method";

on_both_backends!(the_openapi_document_matches_the_wire, the_document_names_what_the_wire_sends);

/// The document's worst lies of old, checked without schemathesis: vocabularies named as the API
/// speaks them, `export.json` an object, errors as problem+json with 401 and 404 everywhere
/// inside a workspace.
async fn the_document_names_what_the_wire_sends(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let doc = app.anonymous().read("/api/v1/openapi.json").await;
    let schemas = &doc["components"]["schemas"];
    let school = net.owner.api.read(&net.path(&format!("/organizations/{}", net.school))).await;
    assert_eq!(school["kind"], "school");
    assert!(
        schemas["OrganizationKind"]["enum"].as_array().unwrap().contains(&school["kind"]),
        "{}",
        schemas["OrganizationKind"]
    );
    assert_eq!(
        schemas["PartnershipKind"]["enum"],
        json!(["school_community", "higher_ed_k12", "inter_school", "other"])
    );

    let export = &doc["paths"]["/api/v1/workspaces/{ws}/export.json"]["get"]["responses"]["200"];
    let export = &export["content"]["application/json"]["schema"]["$ref"];
    let export = &schemas[export.as_str().unwrap().trim_start_matches("#/components/schemas/")];
    assert_eq!(export["type"], "object", "{export}");
    assert_eq!(export["properties"]["format"]["enum"], json!(["rapport-workspace"]));
    let archive = net.owner.api.read(&net.path("/export.json")).await;
    assert_eq!(archive["format"], "rapport-workspace");

    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = &operation["responses"];
            for (status, response) in responses.as_object().unwrap() {
                if status.starts_with('4') {
                    assert!(response["content"]["application/problem+json"].is_object(), "{method} {path} {status}");
                }
            }
            if path.starts_with("/api/v1/workspaces/{ws}") {
                operations += 1;
                assert!(responses["401"].is_object() && responses["404"].is_object(), "{method} {path}");
            }
        }
    }
    assert!(operations > 100, "{operations} operations inside a workspace");
}

async fn the_openapi_document_matches_the_wire(backend: Backend) {
    let st = schemathesis();
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let records = records(&net).await;
    // The owner's token. The operations that could end it (revoking a token, signing out) are
    // called with ids schemathesis makes up, never this token's, so it stays valid.
    let token = net.owner.api.post("/api/v1/auth/tokens", json!({"name": "schemathesis"})).await;
    let token = token.json_ok(StatusCode::CREATED).await["token"].as_str().unwrap().to_owned();

    let dir = std::env::temp_dir().join(format!("rapport-schemathesis-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("schemathesis.toml");
    std::fs::write(&config, config_file(&net, &records)).unwrap();
    let schema = app.url("/api/v1/openapi.json");
    let args: Vec<String> = vec![
        "--config-file".into(),
        config.display().to_string(),
        "--no-color".into(),
        "run".into(),
        schema,
        "--checks".into(),
        CHECKS.into(),
        "--phases".into(),
        "examples,coverage,fuzzing".into(),
        "--max-examples".into(),
        MAX_EXAMPLES.to_string(),
        "--seed".into(),
        "20".into(),
        // One worker: schemathesis's coverage phase can trip over CPython 3.11's AST
        // compiler when two threads first import a module together ("AST constructor recursion
        // depth mismatch"), and the server is no faster for a second client on two cores.
        "--workers".into(),
        "1".into(),
        "--header".into(),
        format!("Authorization: Bearer {token}"),
        "--continue-on-failure".into(),
        "--suppress-health-check".into(),
        "all".into(),
        "--output-truncate".into(),
        "false".into(),
    ];
    let output = tokio::task::spawn_blocking(move || Command::new(&st).args(&args).current_dir(&dir).output())
        .await
        .unwrap()
        .expect("run schemathesis");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "schemathesis found the document and the server disagree ({backend:?}):\n{report}"
    );
    println!("{report}");
}

/// schemathesis's `st`: `RAPPORT_SCHEMATHESIS`, or the virtualenv `scripts/test` makes under
/// the target directory.
fn schemathesis() -> PathBuf {
    let path = match std::env::var_os("RAPPORT_SCHEMATHESIS") {
        Some(path) => PathBuf::from(path),
        None => {
            // This test binary is <target>/debug/deps/it-….
            let exe = std::env::current_exe().expect("the test binary's path");
            let target = exe.ancestors().nth(3).expect("the target directory").to_owned();
            target.join("schemathesis").join("bin").join("st")
        }
    };
    assert!(
        path.is_file(),
        "schemathesis is not installed at {}: run scripts/test, which installs it (or set RAPPORT_SCHEMATHESIS)",
        path.display()
    );
    path
}

/// Records of every kind the API names by id in its paths, so that schemathesis reaches the
/// operations behind them instead of a 404.
struct Records {
    contact: Uuid,
    goal: Uuid,
    milestone: Uuid,
    commitment: Uuid,
    checkin: Uuid,
    concern: Uuid,
    retrospective: Uuid,
    survey: Uuid,
    webhook: Uuid,
    report: Uuid,
    report_link: Uuid,
    /// A single-use survey link's secret. Schemathesis sends the owner's token everywhere, so
    /// answering through the link is refused (its maker cannot answer it, 403) and it stays.
    survey_link: String,
    agreement: Uuid,
}

async fn records(net: &Network) -> Records {
    let api = &net.owner.api;
    let create = |path: String, body: Value| async move {
        id_of(&api.post(&net.path(&path), body).await.json_ok(StatusCode::CREATED).await)
    };
    let p = net.partnership;
    let contact = create(format!("/organizations/{}/contacts", net.school), json!({"name": "Ada Lee"})).await;
    let goal = create(format!("/partnerships/{p}/goals"), json!({"statement": "Every child reads daily"})).await;
    let milestone =
        create(format!("/goals/{goal}/milestones"), json!({"title": "First night", "due_on": day(today(), 9)})).await;
    let commitment = create(
        format!("/partnerships/{p}/commitments"),
        json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school,
               "description": "Host four reading nights", "due_on": day(today(), 20)}),
    )
    .await;
    let checkin = create(
        format!("/partnerships/{p}/checkins"),
        json!({"held_on": day(today(), -1), "agenda": "Autumn", "notes": "Good turnout",
               "attendee_organization_ids": [net.school, net.library], "attendee_user_ids": [net.owner.id],
               "action_items": [{"promisor_organization_id": net.school, "description": "Book the hall", "due_on": day(today(), 14)}]}),
    )
    .await;
    let concern = create(
        "/concerns".into(),
        json!({"partnership_id": p, "title": "Late replies", "description": "Two weeks without an answer", "severity": "medium"}),
    )
    .await;
    create(
        format!("/partnerships/{p}/contributions"),
        json!({"organization_id": net.library, "kind": "money", "amount": 500.0, "unit": "USD", "contributed_on": day(today(), -2)}),
    )
    .await;
    create("/kudos".into(), json!({"partnership_id": p, "to_organization_id": net.library, "message": "Thank you!"}))
        .await;
    let retrospective = create(
        format!("/partnerships/{p}/retrospectives"),
        json!({"title": "Autumn term", "trigger": "phase", "held_on": day(today(), 0)}),
    )
    .await;
    let survey = create(
        "/surveys".into(),
        json!({"partnership_id": p, "opens_on": day(today(), 1), "closes_on": day(today(), 7)}),
    )
    .await;
    let webhook = create(
        "/webhooks".into(),
        json!({"url": "http://127.0.0.1:9/hook", "format": "json", "events": ["commitment.made"]}),
    )
    .await;
    let report =
        create("/reports".into(), json!({"period": format!("{}..{}", day(today(), -30), day(today(), 0))})).await;
    let report_link = create(format!("/reports/{report}/links"), json!({"expires_on": day(today(), 30)})).await;
    let link = api.post(&net.path(&format!("/surveys/{survey}/links")), json!({"organization_id": net.school})).await;
    let survey_link = link.json_ok(StatusCode::CREATED).await["token"].as_str().unwrap().to_owned();
    let agreement = create(
        format!("/partnerships/{p}/agreements"),
        json!({"kind": "data_sharing", "title": "Attendance data", "party_organization_ids": [net.school, net.library],
               "starts_on": day(today(), -30), "ends_on": day(today(), 300), "status": "draft",
               "document_url": "https://docs.example.org/a.pdf"}),
    )
    .await;
    Records {
        contact,
        goal,
        milestone,
        commitment,
        checkin,
        concern,
        retrospective,
        survey,
        webhook,
        report,
        report_link,
        survey_link,
        agreement,
    }
}

/// schemathesis's configuration: the workspace for every `{ws}`, and for each path's `{id}` a
/// record of the kind it names.
fn config_file(net: &Network, r: &Records) -> String {
    let ids = [
        ("organizations", net.school),
        ("partnerships", net.partnership),
        ("contacts", r.contact),
        ("goals", r.goal),
        ("milestones", r.milestone),
        ("commitments", r.commitment),
        ("checkins", r.checkin),
        ("concerns", r.concern),
        ("retrospectives", r.retrospective),
        ("surveys", r.survey),
        ("webhooks", r.webhook),
        ("reports", r.report),
        ("report-links", r.report_link),
        ("agreements", r.agreement),
    ];
    let mut config = format!(
        "[parameters]\n\"path.ws\" = \"{}\"\n\n[[operations]]\ninclude-path-regex = \"^/api/v1/survey-links/\"\nparameters = {{ \"path.token\" = \"{}\" }}\n",
        net.ws, r.survey_link
    );
    // Revoking a token is called with an id that names none: schemathesis reuses ids it reads
    // in responses, and the token it would find in `GET /auth/tokens` is the one it runs with.
    config.push_str(&format!(
        "\n[[operations]]\ninclude-path = \"/api/v1/auth/tokens/{{id}}\"\nparameters = {{ \"path.id\" = \"{}\" }}\n",
        Uuid::new_v4()
    ));
    for (kind, id) in ids {
        config.push_str(&format!(
            "\n[[operations]]\ninclude-path-regex = \"^/api/v1/workspaces/\\\\{{ws\\\\}}/{kind}/\\\\{{id\\\\}}\"\nparameters = {{ \"path.id\" = \"{id}\" }}\n"
        ));
    }
    config
}
