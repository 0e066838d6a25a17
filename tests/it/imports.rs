//! CSV import: an export imported into another workspace gives the same rows; a file with bad
//! rows names each bad cell by line and column and imports nothing; only coordinators and
//! owners import; the web page lists the problems.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::*;

/// Posts a CSV body to `…/imports/{kind}`.
async fn import(api: &Api, ws: uuid::Uuid, kind: &str, body: &str) -> reqwest::Response {
    api.request(reqwest::Method::POST, &format!("/api/v1/workspaces/{ws}/imports/{kind}"))
        .header("content-type", "text/csv; charset=utf-8")
        .body(body.to_owned())
        .send()
        .await
        .expect("request")
}

async fn export(api: &Api, path: &str) -> String {
    let response = api.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.unwrap()
}

/// The rows of a CSV document without the columns an import cannot carry over (ids, moments),
/// sorted, each as `column=value` pairs.
fn comparable(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let skip = ["id", "organization_id", "created_at", "archived_at", "checkin_id"];
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .zip(r.iter())
                .filter(|(h, _)| !skip.contains(&h.as_str()))
                .map(|(h, v)| format!("{h}={v}"))
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

fn field_names(problem: &Value) -> Vec<String> {
    fields(problem)
}

on_both_backends!(an_export_imports_into_another_workspace_unchanged);

async fn an_export_imports_into_another_workspace_unchanged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let today = app.store.today();
    // Some of everything, with cells that need quoting or defusing.
    let club = api
        .post(&net.path("/organizations"), json!({"name": "=Chess, Go & Checkers Club", "kind": "nonprofit", "mission": "Games, \"thinking\"\nand friends", "focus_areas": ["strategy", "stem"], "website": "https://chess.example"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let club = id_of(&club);
    api.post(&net.path(&format!("/organizations/{}/contacts", net.school)), json!({"name": "Rosa Diaz", "role": "Principal", "email": "rosa@lincoln.example", "phone": "+1 555 0100", "last_contacted_on": day(today, -10), "follow_up_days": 30}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    api.post(&net.path(&format!("/organizations/{club}/contacts")), json!({"name": "Ana"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let games = api
        .post(&net.path("/partnerships"), json!({"name": "Games at Lunch", "kind": "school_community", "status": "exploring", "cadence": "weekly", "vision": "Every child plays",
                                                 "members": [{"organization_id": net.school}, {"organization_id": club}, {"organization_id": net.library}]}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let games = id_of(&games);
    let commitments = format!("/partnerships/{games}/commitments");
    let open = json!({"promisor_organization_id": club, "promisee_organization_id": net.school, "description": "Bring 10 boards", "due_on": day(today, 7)});
    api.post(&net.path(&commitments), open).await.json_ok(StatusCode::CREATED).await;
    // Promises recorded after their due date arrive with what became of them (issue 22).
    api.post(
        &net.path(&commitments),
        json!({"promisor_organization_id": net.library, "description": "Book the hall", "due_on": day(today, -3),
               "made_on": day(today, -10), "outcome": {"kind": "kept", "on": day(today, -4)}}),
    )
    .await
    .json_ok(StatusCode::CREATED)
    .await;
    let cancelled = api.post(&net.path(&commitments), json!({"promisor_organization_id": net.school, "promisee_organization_id": club, "description": "Print flyers", "due_on": day(today, 2)})).await.json_ok(StatusCode::CREATED).await;
    api.post(&net.path(&format!("/commitments/{}/cancel", id_of(&cancelled))), json!({"reason": "not needed"}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    api.post(
        &net.path(&commitments),
        json!({"promisor_organization_id": net.school, "description": "Late one", "due_on": day(today, -30),
               "made_on": day(today, -40), "outcome": {"kind": "not_kept"}}),
    )
    .await
    .json_ok(StatusCode::CREATED)
    .await;

    let second = api.post("/api/v1/workspaces", json!({"name": "Westside"})).await.json_ok(StatusCode::CREATED).await;
    let ws2 = id_of(&second);
    let path2 = |rest: &str| format!("/api/v1/workspaces/{ws2}{rest}");
    let files = [
        ("organizations", net.path("/organizations.csv")),
        ("contacts", net.path("/contacts.csv")),
        ("partnerships", net.path("/partnerships.csv")),
        ("commitments", net.path(&format!("{commitments}.csv"))),
    ];
    for (kind, path) in &files {
        let mut body = export(api, path).await;
        if *kind == "organizations" {
            // Spreadsheets save with a byte-order mark; it is tolerated.
            body.insert(0, '\u{feff}');
        }
        let answer = import(api, ws2, kind, &body).await.json_ok(StatusCode::CREATED).await;
        let rows = comparable(&body.replace('\u{feff}', "")).len();
        assert_eq!(answer, json!({"imported": rows}), "{kind}");
    }

    for (kind, path) in
        [("organizations", "/organizations.csv"), ("contacts", "/contacts.csv"), ("partnerships", "/partnerships.csv")]
    {
        let before = comparable(&export(api, &net.path(path)).await);
        let after = comparable(&export(api, &path2(path)).await);
        assert_eq!(after, before, "{kind} come back the same");
    }
    let partnerships = api.read(&path2("/partnerships")).await;
    let games2 = partnerships["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Games at Lunch")
        .map(id_of)
        .expect("the partnership came over");
    let before = comparable(&export(api, &net.path(&format!("{commitments}.csv"))).await);
    let after = comparable(&export(api, &path2(&format!("/partnerships/{games2}/commitments.csv"))).await);
    assert_eq!(after, before, "commitments come back the same, done and cancelled ones included");
    assert_eq!(before.len(), 4);
    let vision = api.read(&path2(&format!("/partnerships/{games2}/vision"))).await;
    assert_eq!(vision["items"][0]["vision"], "Every child plays", "the vision starts its history");

    // Importing the same organisations again would duplicate every name: refused, row by row.
    let again = import(api, ws2, "organizations", &export(api, &net.path("/organizations.csv")).await)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(field_names(&again).len(), 3, "{again}");
    assert!(again["errors"][0]["message"].as_str().unwrap().contains("already in this workspace"), "{again}");
    // So would the same contacts: each person is refused by e-mail, or by name without one.
    let again = import(api, ws2, "contacts", &export(api, &net.path("/contacts.csv")).await)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(field_names(&again).len(), 2, "{again}");
    let messages = again.to_string();
    assert!(
        messages.contains("Rosa Diaz is already a contact of Lincoln Elementary")
            && messages.contains("Ana is already a contact of"),
        "{again}"
    );
}

on_both_backends!(bad_rows_are_all_named_and_nothing_is_imported);

async fn bad_rows_are_all_named_and_nothing_is_imported(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let api = &net.owner.api;
    let count = |list: Value| list["items"].as_array().unwrap().len();
    let before = count(api.read(&net.path("/organizations?limit=200")).await);
    let file = "kind,name,website\r\n\
                school,Garfield High,\r\n\
                castle,Moat Trust,\r\n\
                library,Westside Library,https://westside.example\r\n\
                nonprofit,,ftp://nope\r\n\
                nonprofit,Homework Helpers,\r\n";
    let problem = import(api, net.ws, "organizations", file).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        field_names(&problem),
        ["line 3, column \"kind\"", "line 5, column \"name\"", "line 5, column \"website\""],
        "{problem}"
    );
    assert!(
        problem["errors"][0]["message"].as_str().unwrap().contains("school"),
        "the message lists the kinds: {problem}"
    );
    assert!(problem["detail"].as_str().unwrap().contains("nothing was imported"), "{problem}");
    assert_eq!(
        count(api.read(&net.path("/organizations?limit=200")).await),
        before,
        "the good rows were not imported either"
    );

    // Names that point nowhere, or at an organisation outside the partnership.
    let outsider = app.organization(&net, "Outside Org", "business").await;
    let _ = outsider;
    let file = "partnership,promisor,promisee,description,due_on\n\
                Reading Buddies,Eastside Library,Lincoln Elementary,Lend books,2030-01-01\n\
                Reading Buddies,Outside Org,,Help out,2030-01-01\n\
                Reading Buddies,Eastside Library,the partnership,Read aloud,2030-01-01\n\
                Writing Buddies,Eastside Library,,Pens,not a date\n";
    let problem = import(api, net.ws, "commitments", file).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        field_names(&problem),
        ["line 3, column \"promisor\"", "line 5, column \"partnership\"", "line 5, column \"due_on\""],
        "{problem}"
    );
    let commitments = count(api.read(&net.path(&format!("/partnerships/{}/commitments", net.partnership))).await);
    assert_eq!(commitments, 0, "nothing was written");
}

on_both_backends!(unknown_columns_are_named);

async fn unknown_columns_are_named(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let problem = import(&net.owner.api, net.ws, "organizations", "name,kind,colour\nGarfield High,school,red\n")
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(field_names(&problem), ["line 1, column \"colour\""], "{problem}");
    assert!(
        problem["errors"][0]["message"].as_str().unwrap().contains("name, kind"),
        "it says which columns are known: {problem}"
    );
    let problem = import(&net.owner.api, net.ws, "contacts", "name\nRosa\n")
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(field_names(&problem), ["line 1, column \"organization\""], "a required column is missing: {problem}");
    import(&net.owner.api, net.ws, "goals", "name\nx\n").await.problem(StatusCode::NOT_FOUND).await;
}

on_both_backends!(only_coordinators_and_owners_import);

async fn only_coordinators_and_owners_import(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let file = "name,kind\nGarfield High,school\n";
    let member = app.person(&net, "member", &[net.school]).await;
    import(&member.api, net.ws, "organizations", file).await.problem(StatusCode::FORBIDDEN).await;
    let observer = app.person(&net, "observer", &[]).await;
    import(&observer.api, net.ws, "organizations", file).await.problem(StatusCode::FORBIDDEN).await;
    let stranger = app.sign_up(&format!("stranger-{}@example.org", short()), "Stranger").await;
    import(&stranger.api, net.ws, "organizations", file).await.problem(StatusCode::NOT_FOUND).await;
    import(&app.anonymous(), net.ws, "organizations", file).await.problem(StatusCode::UNAUTHORIZED).await;
    let coordinator = app.person(&net, "coordinator", &[]).await;
    import(&coordinator.api, net.ws, "organizations", file).await.json_ok(StatusCode::CREATED).await;
    let names: Vec<Value> = net.owner.api.read(&net.path("/organizations")).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].clone())
        .collect();
    assert!(names.contains(&json!("Garfield High")), "{names:?}");
}

on_both_backends!(the_import_page_lists_the_problems);

async fn the_import_page_lists_the_problems(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let ui = app.ui_sign_in(&net.owner.email).await;
    let organizations = ui.page(&format!("/w/{}/organizations", net.ws)).await;
    assert!(
        organizations.contains(&format!("/w/{}/import?kind=organizations", net.ws)),
        "the list links to the import page"
    );
    let page = format!("/w/{}/import", net.ws);
    let csrf = ui.csrf(&page).await;

    // A file upload, as a browser sends it.
    let boundary = "----rapportTestBoundary";
    let file = "name,kind\r\nGarfield High,school\r\nMoat Trust,castle\r\n,library\r\n";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\norganizations\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"orgs.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"csv\"\r\n\r\n\r\n\
         --{boundary}--\r\n"
    );
    let response = ui
        .client
        .post(app.url(&page))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("origin", app.url(""))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("Nothing was imported"), "{html}");
    assert!(
        html.contains("Line 3, column") && html.contains("kind") && html.contains("Line 4, column"),
        "each problem by line and column: {html}"
    );
    let names: Vec<Value> = net.owner.api.read(&net.path("/organizations")).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].clone())
        .collect();
    assert!(!names.contains(&json!("Garfield High")), "nothing was imported");

    // Pasted text, fixed: imported, with the count on the page it leads to.
    let pasted = "name,kind\nGarfield High,school\nMoat Trust,nonprofit\n";
    let response = ui.post_form(&page, &[("csrf", &csrf), ("kind", "organizations"), ("csv", pasted)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(ui.page(&location).await.contains("Imported 2 organisations."), "{location}");

    // A forged post changes nothing; members do not get the page.
    let response = ui
        .post_form(&page, &[("csrf", "forged"), ("kind", "organizations"), ("csv", "name,kind\nForged,school\n")])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let member = app.person(&net, "member", &[net.school]).await;
    let member_ui = app.ui_sign_in(&member.email).await;
    assert_eq!(member_ui.get(&page).await.status(), StatusCode::FORBIDDEN);
}

on_both_backends!(a_failure_midway_rolls_the_whole_file_back);

/// The database refuses the second partnership (a trigger the test installs), after the first
/// is written: the first must go too.
async fn a_failure_midway_rolls_the_whole_file_back(backend: Backend) {
    use rapport_core::records::{MemberDraft, PartnershipDraft};
    use sea_orm::{ConnectionTrait, Database};
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let count = |list: Value| list["items"].as_array().unwrap().len();
    let before = count(net.owner.api.read(&net.path("/partnerships")).await);
    let db = Database::connect(app.database_url()).await.unwrap();
    let refuse: &[&str] = match backend {
        Backend::Sqlite => &["CREATE TRIGGER refuse_broken BEFORE INSERT ON partnerships WHEN NEW.name = 'Broken' \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"],
        Backend::Postgres => &[
            "CREATE FUNCTION refuse_broken() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF NEW.name = 'Broken' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$",
            "CREATE TRIGGER refuse_broken BEFORE INSERT ON partnerships FOR EACH ROW EXECUTE FUNCTION refuse_broken()",
        ],
    };
    for statement in refuse {
        db.execute_unprepared(statement).await.unwrap();
    }
    db.close().await.ok();
    let partnership = |name: &str| {
        PartnershipDraft {
            name: name.into(),
            kind: "school_community".into(),
            status: "active".into(),
            cadence: "monthly".into(),
            vision: Some("Shared".into()),
            members: [net.school, net.library]
                .iter()
                .map(|id| MemberDraft { organization_id: *id, role: None })
                .collect(),
            started_on: None,
        }
        .validate()
        .unwrap()
    };
    let rows = [partnership("Good one"), partnership("Broken")];
    assert!(app.store.import_partnerships(net.ws, &rows, None).await.is_err(), "the second partnership is refused");
    assert_eq!(
        count(net.owner.api.read(&net.path("/partnerships")).await),
        before,
        "the good partnership was rolled back with it"
    );

    // And the route is documented.
    let openapi = app.anonymous().read("/api/v1/openapi.json").await;
    let import = &openapi["paths"]["/api/v1/workspaces/{ws}/imports/{kind}"]["post"];
    assert!(import["requestBody"]["content"]["text/csv"].is_object(), "{import}");
}
