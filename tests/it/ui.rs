//! The web UI over plain HTTP, as a browser (or a forger) would send it: redirects, CSRF,
//! visibility and stale edits.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::*;

on_both_backends!(
    strangers_are_sent_to_sign_in,
    a_forged_form_changes_nothing,
    members_see_only_their_partnerships,
    observers_see_no_write_buttons,
    a_stale_edit_is_refused_with_a_clear_message,
    an_invitation_link_makes_an_account,
    a_commitment_page_tells_its_history,
    the_partnership_page_names_everyone_its_records_mention,
);

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn strangers_are_sent_to_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let stranger = app.ui_client();
    let path = format!("/w/{}/partnerships/{}", net.ws, net.partnership);
    let response = stranger.get(&path).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("/login?next=%2Fw%2F{}%2Fpartnerships%2F{}", net.ws, net.partnership));
    assert_eq!(location(&stranger.get("/").await), "/login");

    // Signing in from there comes back to the page asked for.
    let response =
        stranger.post_form("/login", &[("email", &net.owner.email), ("password", PASSWORD), ("next", &path)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), path);
    assert!(
        response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.starts_with("rapport_session=") && c.contains("SameSite=Lax"))
    );
    let page = stranger.page(&path).await;
    assert!(page.contains("Reading Buddies"));

    // Never off to another site.
    let other = app.ui_client();
    let response = other
        .post_form("/login", &[("email", &net.owner.email), ("password", PASSWORD), ("next", "//evil.example/")])
        .await;
    assert_eq!(location(&response), "/");

    // A login posted from another site is refused.
    let response = app
        .ui_client()
        .client
        .post(app.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://evil.example")
        .body(form_body(&[("email", &net.owner.email), ("password", PASSWORD)]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.headers().get("set-cookie").is_none());
}

async fn a_forged_form_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let ui = app.ui_sign_in(&net.owner.email).await;
    let organizations = || async {
        net.owner.api.get(&net.path("/organizations")).await.json_ok(StatusCode::OK).await["items"]
            .as_array()
            .map(Vec::len)
            .unwrap_or(0)
    };
    assert_eq!(organizations().await, 2);

    let path = format!("/w/{}/organizations", net.ws);
    for forged in ["", "not-the-token"] {
        let response = ui.post_form(&path, &[("csrf", forged), ("name", "Forged Org"), ("kind", "school")]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let body = response.text().await.unwrap_or_default();
        assert!(body.contains("This form has expired") && body.contains("Nothing was saved"), "{body}");
    }
    let response = ui.post_form(&path, &[("name", "Forged Org"), ("kind", "school")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "a form without a token is refused too");
    // Signing out is a form as well.
    assert_eq!(ui.post_form("/logout", &[("csrf", "nope")]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(organizations().await, 2, "nothing was created");

    // The real token works.
    let csrf = ui.csrf(&format!("/w/{}/organizations/new", net.ws)).await;
    let response = ui.post_form(&path, &[("csrf", &csrf), ("name", "Eastside Museum"), ("kind", "nonprofit")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(organizations().await, 3);

    // Signing out ends the session: the old cookie opens nothing.
    assert_eq!(ui.post_form("/logout", &[("csrf", &csrf)]).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(ui.get(&path).await.status(), StatusCode::SEE_OTHER);
}

async fn members_see_only_their_partnerships(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let museum = net
        .owner
        .api
        .post(&net.path("/organizations"), json!({"name": "Eastside Museum", "kind": "nonprofit"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let other = net
        .owner
        .api
        .post(
            &net.path("/partnerships"),
            json!({"name": "Museum Mondays", "kind": "school_community", "status": "active", "cadence": "weekly",
                   "members": [{"organization_id": net.school}, {"organization_id": id_of(&museum)}]}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let librarian = app.sign_up("lena@library.example", "Lena Librarian").await;
    app.join(&net, &librarian, "member", &[net.library]).await;
    let ui = app.ui_sign_in(&librarian.email).await;

    let mine = ui.page(&format!("/w/{}/partnerships/{}", net.ws, net.partnership)).await;
    assert!(mine.contains("Reading Buddies"));
    let list = ui.page(&format!("/w/{}/partnerships", net.ws)).await;
    assert!(
        list.contains("Reading Buddies") && !list.contains("Museum Mondays"),
        "the list holds only the member's partnerships"
    );

    let response = ui.get(&format!("/w/{}/partnerships/{}", net.ws, id_of(&other))).await;
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "another organisation's partnership is not found, exactly as in the API"
    );
    let body = response.text().await.unwrap_or_default();
    assert!(
        body.contains("Page not found") && !body.contains("Museum Mondays"),
        "a friendly page that reveals nothing"
    );
    assert_eq!(
        ui.get(&format!("/w/{}/partnerships/{}/commitments/new", net.ws, id_of(&other))).await.status(),
        StatusCode::NOT_FOUND
    );
    let csrf = ui.csrf(&format!("/w/{}", net.ws)).await;
    let response = ui
        .post_form(
            &format!("/w/{}/partnerships/{}/commitments", net.ws, id_of(&other)),
            &[("csrf", &csrf), ("description", "x")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // Their organisation's promise, kept from the home page, leads back home.
    let due = (app.store.today() + chrono::Duration::days(4)).to_string();
    let promise = net
        .owner
        .api
        .post(
            &net.path(&format!("/partnerships/{}/commitments", net.partnership)),
            json!({"promisor_organization_id": net.library, "description": "Lend 30 picture books", "due_on": due}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let home = ui.page(&format!("/w/{}", net.ws)).await;
    assert!(
        home.contains("Lend 30 picture books") && home.contains("due in 4 days"),
        "the home page lists the member's open promises"
    );
    // The first click asks, on a page of its own, and changes nothing.
    let done_path = format!("/w/{}/commitments/{}/done", net.ws, id_of(&promise));
    let ask = ui.post_form(&done_path, &[("csrf", &csrf), ("version", "1"), ("back", "/")]).await;
    assert_eq!(ask.status(), StatusCode::OK);
    let ask = ask.text().await.unwrap();
    assert!(ask.contains("Mark this commitment done?") && ask.contains("Yes, mark it done"), "{ask}");
    assert!(ask.contains(r#"name="confirm" value="yes""#) && ask.contains(r#"name="back" value="/""#));
    let still = net.owner.api.get(&net.path(&format!("/commitments/{}", id_of(&promise)))).await;
    assert!(still.json_ok(StatusCode::OK).await["done_on"].is_null(), "asking changed nothing");
    let response =
        ui.post_form(&done_path, &[("csrf", &csrf), ("version", "1"), ("back", "/"), ("confirm", "yes")]).await;
    assert_eq!(location(&response), format!("/w/{}?notice=done", net.ws));
    let home = ui.page(&format!("/w/{}?notice=done", net.ws)).await;
    assert!(home.contains("Commitment marked done.") && !home.contains("Lend 30 picture books"));

    // Another workspace does not exist for them either.
    let outsider = app.sign_up("olga@elsewhere.example", "Olga Outsider").await;
    let elsewhere =
        outsider.api.post("/api/v1/workspaces", json!({"name": "Elsewhere"})).await.json_ok(StatusCode::CREATED).await;
    assert_eq!(ui.get(&format!("/w/{}", id_of(&elsewhere))).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(ui.get(&format!("/w/{}/partnerships/not-an-id", net.ws)).await.status(), StatusCode::NOT_FOUND);
}

async fn observers_see_no_write_buttons(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let due = (app.store.today() + chrono::Duration::days(5)).to_string();
    net.owner
        .api
        .post(
            &net.path(&format!("/partnerships/{}/commitments", net.partnership)),
            json!({"promisor_organization_id": net.library, "description": "Host a reading night", "due_on": due}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let funder = app.sign_up("fran@funder.example", "Fran Funder").await;
    app.join(&net, &funder, "observer", &[]).await;
    let ui = app.ui_sign_in(&funder.email).await;
    let page = ui.page(&format!("/w/{}/partnerships/{}", net.ws, net.partnership)).await;
    assert!(page.contains("Host a reading night"), "observers read everything");
    for write in ["Mark done", "Add commitment", "Add goal", "Record check-in", ">Edit<", ">Archive<"] {
        assert!(!page.contains(write), "an observer sees no {write:?}");
    }
    let organizations = ui.page(&format!("/w/{}/organizations", net.ws)).await;
    assert!(!organizations.contains("Add organisation"));
    let response = ui.get(&format!("/w/{}/partnerships/{}/goals/new", net.ws, net.partnership)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.text().await.unwrap_or_default().contains("observers can read but not change anything"));
}

async fn a_stale_edit_is_refused_with_a_clear_message(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let ui = app.ui_sign_in(&net.owner.email).await;
    let edit = format!("/w/{}/organizations/{}/edit", net.ws, net.school);
    let page = ui.page(&edit).await;
    assert!(page.contains("name=\"version\" value=\"1\""));
    let csrf = ui.csrf(&edit).await;

    // Someone else saves first.
    let path = net.path(&format!("/organizations/{}", net.school));
    net.owner
        .api
        .put(&path, json!({"name": "Lincoln Elementary School", "kind": "school"}), None)
        .await
        .json_ok(StatusCode::OK)
        .await;

    let response = ui
        .post_form(
            &format!("/w/{}/organizations/{}", net.ws, net.school),
            &[("csrf", &csrf), ("version", "1"), ("name", "Lincoln Primary"), ("kind", "school")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body = response.text().await.unwrap_or_default();
    assert!(body.contains("Someone else changed this record"), "{body}");
    assert!(body.contains("value=\"Lincoln Primary\""), "the person's input is kept");
    let stored = net.owner.api.get(&path).await.json_ok(StatusCode::OK).await;
    assert_eq!(stored["name"], "Lincoln Elementary School", "the other change stands");
}

async fn an_invitation_link_makes_an_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let owner_ui = app.ui_sign_in(&net.owner.email).await;
    let settings = format!("/w/{}/settings", net.ws);
    let csrf = owner_ui.csrf(&settings).await;
    let library = net.library.to_string();
    let response = owner_ui
        .post_form(
            &format!("{settings}/invitations"),
            &[("csrf", &csrf), ("email", "Nia@Library.example"), ("role", "member"), ("organization_id", &library)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap_or_default();
    let start = page.find(&app.url("/invite/")).expect("the page shows the invitation link once");
    let link = page[start..].split('<').next().unwrap_or_default().to_owned();

    let newcomer = app.ui_client();
    let path = link.trim_start_matches(&app.url(""));
    let invite = newcomer.page(path).await;
    assert!(invite.contains("Join Eastside Learning Network") && invite.contains("nia@library.example"));
    let short =
        newcomer.post_form(path, &[("name", "Nia Okafor"), ("password", "short"), ("password_again", "short")]).await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.text().await.unwrap_or_default().contains("at least 10 characters"));
    let joined =
        newcomer.post_form(path, &[("name", "Nia Okafor"), ("password", PASSWORD), ("password_again", PASSWORD)]).await;
    assert_eq!(joined.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&joined), format!("/w/{}?notice=welcome", net.ws));
    let home = newcomer.page(&format!("/w/{}?notice=welcome", net.ws)).await;
    assert!(
        home.contains("Hello, Nia") && home.contains("Reading Buddies"),
        "the new member sees the library's partnership"
    );
    assert_eq!(newcomer.get(path).await.status(), StatusCode::NOT_FOUND, "the link works once");
}

async fn a_commitment_page_tells_its_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let today = app.store.today();
    let (first, later) = (today + chrono::Duration::days(10), today + chrono::Duration::days(20));
    let created = net
        .owner
        .api
        .post(
            &net.path(&format!("/partnerships/{}/commitments", net.partnership)),
            json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": "Host four family reading nights", "due_on": first}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let id = id_of(&created);
    net.owner
        .api
        .post(
            &net.path(&format!("/commitments/{id}/renegotiate")),
            json!({"new_due_on": later, "reason": "the hall is booked"}),
        )
        .await
        .json_ok(StatusCode::OK)
        .await;

    let ui = app.ui_sign_in(&net.owner.email).await;
    let page = ui.page(&format!("/w/{}/commitments/{id}", net.ws)).await;
    let day = |d: chrono::NaiveDate| d.format("%a %-d %b %Y").to_string();
    assert!(
        page.contains(&format!("Promised on {}, due {}", day(app.store.today()), day(first))),
        "the first promise keeps its date"
    );
    assert!(page.contains(&format!("Due date moved from {} to {}", day(first), day(later))));
    assert!(page.contains("the hall is booked"));
    assert!(page.contains("Eastside Library") && page.contains("Lincoln Elementary"));
    assert!(page.contains("due in 2 weeks") || page.contains("due in 3 weeks"), "the due date reads relative to today");
}

on_both_backends!(a_commitment_recorded_by_mistake_can_be_archived);

/// Archiving a commitment from its page takes it off the partnership page and out of the
/// evidence.
async fn a_commitment_recorded_by_mistake_can_be_archived(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let due = (app.store.today() - chrono::Duration::days(30)).to_string();
    let body = serde_json::json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": "Typed twice by mistake", "due_on": due,
                                     "outcome": {"kind": "not_kept"}});
    let made = net
        .owner
        .api
        .post(&net.path(&format!("/partnerships/{}/commitments", net.partnership)), body)
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let id = id_of(&made);
    let reliability = net.path(&format!("/organizations/{}/reliability", net.library));
    let s = net.owner.api.get(&reliability).await.json_ok(StatusCode::OK).await["overall"]["s"].as_f64().unwrap();
    assert!(
        (s - 2f64.powf(-27.0 / 180.0)).abs() < 1e-9,
        "the promise missed 27 days ago counts with its decayed weight: {s}"
    );

    let ui = app.ui_sign_in(&net.owner.email).await;
    let page = format!("/w/{}/commitments/{id}", net.ws);
    let csrf = ui.csrf(&page).await;
    let response = ui.post_form(&format!("{page}/archive"), &[("csrf", &csrf), ("confirm", "yes")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let partnership_page =
        ui.get(&format!("/w/{}/partnerships/{}", net.ws, net.partnership)).await.text().await.unwrap();
    assert!(!partnership_page.contains("Typed twice by mistake"), "an archived commitment leaves the partnership page");
    assert_eq!(
        net.owner.api.get(&reliability).await.json_ok(StatusCode::OK).await["overall"]["s"],
        0.0,
        "and stops counting as evidence"
    );
}

async fn the_partnership_page_names_everyone_its_records_mention(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let librarian = app.person(&net, "member", &[net.library]).await;
    let ui = app.ui_sign_in(&net.owner.email).await;
    let path = format!("/w/{}/partnerships/{}", net.ws, net.partnership);
    assert!(!ui.page(&path).await.contains("A member"), "nobody is named before they do anything");

    let commitments = net.path(&format!("/partnerships/{}/commitments", net.partnership));
    let promise = json!({"promisor_organization_id": net.library, "promisor_user_id": librarian.id, "description": "Lend 30 picture books", "due_on": day(today(), 9)});
    net.owner.api.post(&commitments, promise).await.json_ok(StatusCode::CREATED).await;
    let checkin = json!({"held_on": day(today(), -2), "attendee_organization_ids": [net.library], "attendee_user_ids": [librarian.id, net.owner.id]});
    net.owner
        .api
        .post(&net.path(&format!("/partnerships/{}/checkins", net.partnership)), checkin)
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let kudos = json!({"partnership_id": net.partnership, "to_organization_id": net.school, "message": "Thank you for the hall"});
    librarian.api.post(&net.path("/kudos"), kudos).await.json_ok(StatusCode::CREATED).await;

    // The first view reads the records, the second is served from what the server kept: both
    // name the librarian as promisor, attendee and sender of thanks.
    for view in ["first", "kept"] {
        let page = ui.page(&path).await;
        let attended =
            page.split("Attended:</span> ").nth(1).and_then(|rest| rest.split('<').next()).unwrap_or_default();
        assert_eq!(attended, "Eastside Library, A member and Olive Owner", "{view} view lists the attendees by name");
        assert_eq!(
            page.matches("A member").count(),
            3,
            "{view} view names the promisor, an attendee and the sender of kudos"
        );
        assert!(!page.contains("a former colleague"), "{view} view knows everyone it mentions");
    }
}
