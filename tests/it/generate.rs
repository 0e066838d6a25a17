//! `rapport generate`: a synthetic network of the size asked for, the same for the same seed,
//! whose scores are ready to read through the API.

use std::collections::BTreeMap;
use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::*;

fn generate(database: &str, seed: &str) -> (String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["generate", "--size", "small", "--seed", seed, "--database", database])
        .env_remove("RAPPORT_DATABASE_URL")
        .output()
        .expect("run rapport generate");
    let (stdout, stderr) =
        (String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned());
    assert!(output.status.success(), "{stderr}");
    (stdout, stderr)
}

/// Every item of a paged list.
async fn all(api: &Api, path: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = api
            .get(&format!("{path}?limit=200{}", cursor.map(|c| format!("&cursor={c}")).unwrap_or_default()))
            .await
            .json_ok(StatusCode::OK)
            .await;
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return items,
        }
    }
}

/// Each partnership's name with its health index, as the dashboard shows them.
async fn health_by_name(api: &Api, ws: &str) -> BTreeMap<String, Option<i64>> {
    all(api, &format!("/api/v1/workspaces/{ws}/dashboard"))
        .await
        .iter()
        .map(|row| {
            (row["name"].as_str().unwrap().to_owned(), row["index"].as_f64().map(|i| (i * 1000.0).round() as i64))
        })
        .collect()
}

on_both_backends!(generate_builds_the_same_measured_network_for_the_same_seed);

async fn generate_builds_the_same_measured_network_for_the_same_seed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (stdout, stderr) = generate(app.database_url(), "11");
    assert!(
        stdout.contains("Generated 100 organisations, 400 partnerships, 20000 commitments, 4000 check-ins"),
        "{stdout}"
    );
    assert!(stderr.contains("100%"), "progress reaches the end: {stderr}");
    generate(app.database_url(), "11");
    generate(app.database_url(), "12");

    let owner = app.anonymous();
    owner
        .post(
            "/api/v1/auth/login",
            json!({"email": "owner@generated.rapport.example", "password": "rapport-generated"}),
        )
        .await
        .json_ok(StatusCode::OK)
        .await;
    let workspaces = owner.get("/api/v1/workspaces").await.json_ok(StatusCode::OK).await;
    let named = |name: &str| {
        workspaces["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["name"] == name)
            .map(|w| w["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let (first, other) = (named("Generated network (Small, seed 11)"), named("Generated network (Small, seed 12)"));
    assert_eq!((first.len(), other.len()), (2, 1), "{workspaces}");

    assert_eq!(all(&owner, &format!("/api/v1/workspaces/{}/organizations", first[0])).await.len(), 100);
    let health = health_by_name(&owner, &first[0]).await;
    assert_eq!(health.len(), 400);
    let measured = health.values().filter(|index| index.is_some()).count();
    assert!(measured > 300, "most partnerships have enough data for a health index: {measured} of 400");
    assert_eq!(
        health,
        health_by_name(&owner, &first[1]).await,
        "the same seed gives the same network and the same scores"
    );
    assert_ne!(health, health_by_name(&owner, &other[0]).await, "another seed gives another network");

    // Perceived trust from the generated pulse surveys counts in the index.
    let rows = all(&owner, &format!("/api/v1/workspaces/{}/dashboard", first[0])).await;
    let mut with_trust = 0;
    for row in rows.iter().take(10) {
        let path =
            format!("/api/v1/workspaces/{}/partnerships/{}/health", first[0], row["partnership_id"].as_str().unwrap());
        let details = owner.get(&path).await.json_ok(StatusCode::OK).await;
        let components = details["health"]["components"].as_array().unwrap_or_else(|| panic!("{details}"));
        with_trust += usize::from(components.iter().any(|c| c["kind"] == "perceived_trust" && c["value"].is_number()));
    }
    assert!(with_trust >= 5, "the pulse surveys give most partnerships a perceived trust: {with_trust} of 10");
}
