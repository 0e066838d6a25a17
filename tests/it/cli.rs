//! The `rapport` binary as an administrator meets it.

use std::process::Command;

fn rapport(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .env_remove("RAPPORT_DATABASE_URL")
        .output()
        .expect("run rapport")
}

#[test]
fn a_bad_database_url_is_one_clear_sentence() {
    let output = rapport(&["migrate", "--database", "mysql://nope"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not supported: use sqlite://"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one sentence, no backtrace: {stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn an_unreachable_postgres_names_the_address() {
    let output = rapport(&["migrate", "--database", "postgres://nobody@127.0.0.1:1/none"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("could not open the database at postgres://nobody@127.0.0.1:1/none"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn user_create_refuses_a_short_password_and_names_the_field() {
    let dir = std::env::temp_dir().join(format!("rapport-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("r.db").display());
    let output = rapport(&[
        "user",
        "create",
        "--email",
        "ana@example.org",
        "--name",
        "Ana",
        "--password",
        "short",
        "--database",
        &url,
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("password must be at least 10 characters"), "{stderr}");
    let output = rapport(&[
        "user",
        "create",
        "--email",
        "ana@example.org",
        "--name",
        "Ana",
        "--password",
        "long enough password",
        "--database",
        &url,
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let output = rapport(&[
        "user",
        "create",
        "--email",
        "ana@example.org",
        "--name",
        "Ana",
        "--password",
        "long enough password",
        "--database",
        &url,
    ]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("already exists"));
    std::fs::remove_dir_all(dir).ok();
}

crate::on_both_backends!(demo_serves_a_network_with_history);

/// Every item of a listing, page after page.
async fn every_item(client: &reqwest::Client, url: &str) -> Vec<serde_json::Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let separator = if url.contains('?') { '&' } else { '?' };
        let page_url = match &cursor {
            Some(cursor) => format!("{url}{separator}limit=200&cursor={cursor}"),
            None => format!("{url}{separator}limit=200"),
        };
        let response = client.get(&page_url).send().await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::OK, "{page_url}");
        let page: serde_json::Value = response.json().await.unwrap();
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return items,
        }
    }
}

/// `rapport demo` fills a fresh database with a network of some forty organisations and their
/// partnerships, eighteen months of history, survey waves, concerns and every kind of early
/// warning, and serves it; the demo login sees it all through the API.
async fn demo_serves_a_network_with_history(backend: crate::support::Backend) {
    use std::collections::BTreeSet;
    use std::io::{BufRead, BufReader};

    let db = crate::support::TestDb::create(backend).await;
    // What the demo says on stderr (its progress, and why it stopped if it did) goes to a file.
    let log = std::env::temp_dir().join(format!("rapport-demo-{}.log", uuid::Uuid::new_v4().simple()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["demo", "--bind", "127.0.0.1:0", "--database", &db.url])
        .stdout(std::process::Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("start rapport demo");
    let stdout = child.stdout.take().unwrap();
    // Read what the demo prints up to the line that says where it listens.
    let lines: Vec<String> = tokio::task::spawn_blocking(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let done = line.starts_with("Rapport is listening on ");
            lines.push(line);
            if done {
                break;
            }
        }
        lines
    })
    .await
    .unwrap();
    let _stop = KillOnDrop(child);
    let said = std::fs::read_to_string(&log).unwrap_or_default();
    std::fs::remove_file(&log).ok();
    let login = lines
        .iter()
        .find(|line| line.starts_with("Demo login:"))
        .unwrap_or_else(|| panic!("the demo prints its login; it said:\n{said}"));
    assert!(login.contains("coordinator@rapport.demo"), "{login}");
    assert!(said.contains("100%"), "the demo shows its progress to the end: {said}");
    let address = lines
        .iter()
        .find_map(|line| line.strip_prefix("Rapport is listening on "))
        .expect("the demo prints its address")
        .to_owned();
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let response = client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "coordinator@rapport.demo", "password": "rapport-demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let workspaces: serde_json::Value =
        client.get(format!("{address}/api/v1/workspaces")).send().await.unwrap().json().await.unwrap();
    let ws = workspaces["items"][0]["id"].as_str().expect("the demo workspace").to_owned();
    let base = format!("{address}/api/v1/workspaces/{ws}");

    // A network of every kind of organisation and partnership, in every status.
    let organizations = every_item(&client, &format!("{base}/organizations")).await;
    assert!(organizations.len() >= 35, "{} organisations", organizations.len());
    let kinds: BTreeSet<&str> = organizations.iter().filter_map(|o| o["kind"].as_str()).collect();
    for kind in rapport_core::kinds::OrganizationKind::ALL {
        assert!(kinds.contains(kind.as_str()), "the demo has a {kind} organisation: {kinds:?}");
    }
    let partnerships = every_item(&client, &format!("{base}/partnerships")).await;
    assert!(partnerships.len() >= 20, "{} partnerships", partnerships.len());
    let kinds: BTreeSet<&str> = partnerships.iter().filter_map(|p| p["kind"].as_str()).collect();
    let statuses: BTreeSet<&str> = partnerships.iter().filter_map(|p| p["status"].as_str()).collect();
    for kind in rapport_core::kinds::PartnershipKind::ALL {
        assert!(kinds.contains(kind.as_str()), "the demo has a {kind} partnership: {kinds:?}");
    }
    for status in rapport_core::kinds::PartnershipStatus::ALL {
        assert!(statuses.contains(status.as_str()), "the demo has a {status} partnership: {statuses:?}");
    }

    // Commitments really kept, kept late, missed and cancelled; perceived trust in the health index.
    let mut statuses = BTreeSet::new();
    let mut perceived_trust = 0;
    for partnership in &partnerships {
        let id = partnership["id"].as_str().unwrap();
        for commitment in every_item(&client, &format!("{base}/partnerships/{id}/commitments")).await {
            statuses.insert(commitment["status"].as_str().unwrap().to_owned());
        }
        let health: serde_json::Value =
            client.get(format!("{base}/partnerships/{id}/health")).send().await.unwrap().json().await.unwrap();
        let components = health["health"]["components"].as_array().unwrap();
        perceived_trust += components.iter().filter(|c| c["kind"] == "perceived_trust").count();
    }
    for expected in ["done", "done_late", "missed", "cancelled"] {
        assert!(statuses.contains(expected), "the demo has a {expected} commitment: {statuses:?}");
    }
    assert!(perceived_trust >= 15, "perceived trust feeds the health of {perceived_trust} partnerships");

    // Three closed survey waves whose results pass the anonymity rules.
    let surveys = every_item(&client, &format!("{base}/surveys")).await;
    let closed: Vec<&serde_json::Value> = surveys.iter().filter(|s| s["state"] == "closed").collect();
    assert!(closed.len() >= 3, "{surveys:?}");
    for survey in closed {
        let id = survey["id"].as_str().unwrap();
        let results: serde_json::Value =
            client.get(format!("{base}/surveys/{id}/results")).send().await.unwrap().json().await.unwrap();
        assert_eq!(results["overall"]["shown"], true, "{}", results["overall"]);
        assert!(results["overall"]["trust_percent"].as_f64().is_some());
        let shown = results["by_partnership"].as_array().unwrap().iter().filter(|g| g["shown"] == true).count();
        assert!(shown >= 15, "{shown} partnership groups shown in {}", survey["title"]);
        assert!(!results["comments"].as_array().unwrap().is_empty(), "comments are shown");
    }

    // Concerns in every state, one waiting past its deadline.
    let concerns = every_item(&client, &format!("{base}/concerns")).await;
    let states: BTreeSet<&str> = concerns.iter().filter_map(|c| c["state"].as_str()).collect();
    for state in rapport_core::kinds::ConcernState::ALL {
        assert!(states.contains(state.as_str()), "the demo has a {state} concern: {states:?}");
    }
    assert!(concerns.iter().any(|c| c["overdue"] == true), "a concern is overdue for acknowledgement");
    assert!(concerns.iter().any(|c| c["state"] == "in_mediation" && c["mediator_user_id"].is_string()));

    // The trust engine has something of every kind to say about it, good news included.
    let warnings = every_item(&client, &format!("{base}/warnings")).await;
    let kinds: BTreeSet<&str> = warnings.iter().filter_map(|w| w["kind"].as_str()).collect();
    for kind in rapport_core::kinds::WarningKind::ALL {
        assert!(kinds.contains(kind.as_str()), "the demo raises a {kind} warning: {kinds:?}");
    }

    // The map of its forty organisations names every broker listed beside it and most of the
    // rest; a name with no free place on the map shows when its organisation is pointed at.
    let map = client.get(format!("{address}/w/{ws}/network")).send().await.unwrap().text().await.unwrap();
    let brokers = map
        .split("aria-labelledby=\"brokers-h\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("the brokers beside the map");
    let brokers: Vec<&str> = brokers
        .split("</a>")
        .filter_map(|s| s.rsplit_once('>').map(|(_, name)| name))
        .filter(|name| !name.trim().is_empty())
        .collect();
    assert!(brokers.len() >= 3, "{brokers:?}");
    let label_class = |name: &str| {
        map.split("<text class=\"")
            .skip(1)
            .find(|text| text.contains(&format!(">{name}</text>")))
            .and_then(|text| text.split('"').next())
    };
    for broker in &brokers {
        assert_eq!(label_class(broker), Some("node-label"), "the map names the broker {broker}");
    }
    let named = map.matches("<text class=\"node-label\"").count();
    let on_demand = map.matches("<text class=\"node-label on-demand\"").count();
    assert_eq!(named + on_demand, organizations.len(), "every organisation has its name on the map");
    assert!(
        named * 4 >= organizations.len() * 3,
        "{named} of {} organisations are named on the map",
        organizations.len()
    );
}

struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

crate::on_both_backends!(recompute_rebuilds_the_same_scores_with_progress);

/// `rapport recompute` rebuilds the ledger from the records: an organisation's reliability reads
/// the same before and after, and the command reports what it went through.
async fn recompute_rebuilds_the_same_scores_with_progress(backend: crate::support::Backend) {
    use crate::support::*;
    use reqwest::StatusCode;
    use serde_json::json;

    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let today = app.store.today();
    for (n, (due, done)) in
        [(-40, Some(-42)), (-30, Some(-25)), (-20, None), (-10, Some(-10)), (5, None)].into_iter().enumerate()
    {
        let day = |offset: i64| today + chrono::Duration::days(offset);
        // Past promises are recorded with what became of them (issue 22).
        let outcome = match done {
            Some(done) => json!({"kind": "kept", "on": day(done)}),
            None if due < 0 => json!({"kind": "not_kept"}),
            None => serde_json::Value::Null,
        };
        let body = json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": format!("Promise {n}"),
                          "due_on": day(due), "made_on": day(-60), "outcome": outcome});
        net.owner
            .api
            .post(&net.path(&format!("/partnerships/{}/commitments", net.partnership)), body)
            .await
            .json_ok(StatusCode::CREATED)
            .await;
    }
    let path = net.path(&format!("/organizations/{}/reliability", net.library));
    let before = net.owner.api.get(&path).await.json_ok(StatusCode::OK).await;
    assert!(
        before["overall"]["s"].as_f64().unwrap() > 0.0,
        "the missed and late promises count: {}",
        before["overall"]
    );

    let output = rapport(&["recompute", "--database", app.database_url()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("Recomputed 5 commitments"), "{stdout}");
    assert!(
        stderr.contains("0/1") && stderr.contains("100%") && stderr.contains("1/1"),
        "progress runs from none to the one partnership: {stderr}"
    );

    let after = net.owner.api.get(&path).await.json_ok(StatusCode::OK).await;
    for field in ["r", "s"] {
        let (b, a) = (before["overall"][field].as_f64().unwrap(), after["overall"][field].as_f64().unwrap());
        assert!((a - b).abs() < 1e-9, "{field} before {b}, after recompute {a}");
    }

    // A recompute writes only what differs from what is stored, so it must still notice and
    // repair state that drifted from the records: a ledger entry off by five, a lost outcome.
    use sea_orm::ConnectionTrait;
    let db = sea_orm::Database::connect(app.database_url()).await.unwrap();
    let outcomes = || async {
        db.query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM commitment_outcomes",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap()
    };
    let counted = outcomes().await;
    assert_eq!(counted, 4, "four promises have an outcome (one is not due yet)");
    db.execute_unprepared("UPDATE reliability_entries SET r = r + 5").await.unwrap();
    db.execute_unprepared(
        "DELETE FROM commitment_outcomes WHERE id IN (SELECT id FROM commitment_outcomes ORDER BY id LIMIT 1)",
    )
    .await
    .unwrap();
    let drifted = net.owner.api.get(&path).await.json_ok(StatusCode::OK).await;
    assert!(
        drifted["overall"]["r"].as_f64().unwrap() > before["overall"]["r"].as_f64().unwrap() + 1.0,
        "the drift shows: {}",
        drifted["overall"]
    );

    let output = rapport(&["recompute", "--database", app.database_url()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let repaired = net.owner.api.get(&path).await.json_ok(StatusCode::OK).await;
    for field in ["r", "s"] {
        let (b, a) = (before["overall"][field].as_f64().unwrap(), repaired["overall"][field].as_f64().unwrap());
        assert!((a - b).abs() < 1e-9, "{field} before {b}, after repairing {a}");
    }
    assert_eq!(outcomes().await, counted, "the lost outcome is counted again");
}
