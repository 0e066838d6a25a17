//! The trust engine through the API: a scripted partnership lived over months with a clock the
//! test moves, checked against SPEC 3's formulas worked out here by hand.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::on_both_backends;
use crate::support::*;

/// A clock the test moves forward day by day.
#[derive(Clone)]
struct Clock(Arc<AtomicI64>);

impl Clock {
    fn at(day: NaiveDate) -> Clock {
        let clock = Clock(Arc::new(AtomicI64::new(0)));
        clock.go_to(day);
        clock
    }

    fn go_to(&self, day: NaiveDate) {
        self.0.store(day.and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp(), Ordering::SeqCst);
    }

    fn install(&self, store: rapport_store::Store) -> rapport_store::Store {
        let seconds = self.0.clone();
        store.with_clock(Arc::new(move || DateTime::<Utc>::from_timestamp(seconds.load(Ordering::SeqCst), 0).unwrap()))
    }
}

const HALF_LIFE: f64 = 180.0;

/// SPEC 3.1's weight of evidence `age` days old.
fn weight(age: i64) -> f64 {
    2f64.powf(-(age as f64) / HALF_LIFE)
}

fn close(actual: &Value, expected: f64, what: &str) {
    let actual = actual.as_f64().unwrap_or_else(|| panic!("{what} is a number: {actual}"));
    assert!((actual - expected).abs() < 1e-9, "{what}: got {actual}, SPEC's formula gives {expected}");
}

struct Scenario {
    app: TestApp,
    clock: Clock,
    api: Api,
    ws: Uuid,
    school: Uuid,
    library: Uuid,
    partnership: Uuid,
    start: NaiveDate,
}

impl Scenario {
    fn day(&self, n: i64) -> NaiveDate {
        self.start + Duration::days(n)
    }

    fn go_to(&self, n: i64) {
        self.clock.go_to(self.day(n));
    }

    fn path(&self, rest: &str) -> String {
        format!("/api/v1/workspaces/{}{rest}", self.ws)
    }

    async fn promise(&self, by: Uuid, to: Uuid, what: &str, due: i64) -> Uuid {
        let body = json!({"promisor_organization_id": by, "promisee_organization_id": to, "description": what, "due_on": self.day(due)});
        id_of(
            &self
                .api
                .post(&self.path(&format!("/partnerships/{}/commitments", self.partnership)), body)
                .await
                .json_ok(StatusCode::CREATED)
                .await,
        )
    }

    async fn done(&self, commitment: Uuid) {
        self.api
            .post(&self.path(&format!("/commitments/{commitment}/done")), json!({}))
            .await
            .json_ok(StatusCode::OK)
            .await;
    }

    async fn check_in(&self, day: i64) {
        let body = json!({"held_on": self.day(day), "attendee_organization_ids": [self.school, self.library], "notes": "Monthly check-in"});
        self.api
            .post(&self.path(&format!("/partnerships/{}/checkins", self.partnership)), body)
            .await
            .json_ok(StatusCode::CREATED)
            .await;
    }
}

/// Day 0 the partnership forms; the script runs to day 100.
async fn scenario(backend: Backend) -> (Scenario, Uuid, Uuid, Uuid) {
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let clock = Clock::at(start);
    let app = TestApp::spawn_with(backend, |store| clock.install(store)).await;
    let net = app.network().await;
    // Sessions expire after 30 days of the test's clock; a personal token does not.
    let token =
        net.owner.api.post("/api/v1/auth/tokens", json!({"name": "scenario"})).await.json_ok(StatusCode::CREATED).await;
    let api = net.owner.api.with_token(token["token"].as_str().unwrap());
    let s = Scenario {
        clock,
        api,
        ws: net.ws,
        school: net.school,
        library: net.library,
        partnership: net.partnership,
        start,
        app,
    };
    let (library, school) = (s.library, s.school);

    let kept = s.promise(library, school, "Host the first family reading night", 10).await;
    let late = s.promise(library, school, "Send the book list", 20).await;
    let missed = s.promise(library, school, "Print flyers in three languages", 30).await;
    let renegotiated = s.promise(library, school, "Book the hall for spring", 40).await;
    let cancelled = s.promise(library, school, "Run a weekend pop-up", 45).await;
    let school_kept = s.promise(school, library, "Share attendance numbers", 50).await;
    let goal = s
        .api
        .post(
            &s.path(&format!("/partnerships/{}/goals", s.partnership)),
            json!({"statement": "More families at reading nights", "metric": "families attending", "unit": "families", "baseline": 0.0, "target": 100.0, "due_on": s.day(200)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let goal = id_of(&goal);
    let slipped = json!({"title": "Sign-up drive", "due_on": s.day(70)});
    let on_time = json!({"title": "Winter celebration", "due_on": s.day(80)});
    let slipped = id_of(
        &s.api.post(&s.path(&format!("/goals/{goal}/milestones")), slipped).await.json_ok(StatusCode::CREATED).await,
    );
    let on_time = id_of(
        &s.api.post(&s.path(&format!("/goals/{goal}/milestones")), on_time).await.json_ok(StatusCode::CREATED).await,
    );

    for day in 1..=100 {
        s.go_to(day);
        match day {
            1 | 31 | 61 | 91 => s.check_in(day).await,
            _ => {}
        }
        match day {
            8 => s.done(kept).await,
            25 => s.done(late).await,
            35 => {
                let body = json!({"new_due_on": s.day(60), "reason": "the hall is booked until March"});
                s.api
                    .post(&s.path(&format!("/commitments/{renegotiated}/renegotiate")), body)
                    .await
                    .json_ok(StatusCode::OK)
                    .await;
            }
            44 => {
                let body = json!({"reason": "we agreed the pop-up can wait for summer"});
                s.api
                    .post(&s.path(&format!("/commitments/{cancelled}/cancel")), body)
                    .await
                    .json_ok(StatusCode::OK)
                    .await;
            }
            50 => s.done(school_kept).await,
            55 => s.done(renegotiated).await,
            72 => {
                let body = json!({"title": "Sign-up drive", "due_on": s.day(70), "met_on": s.day(72)});
                s.api.put(&s.path(&format!("/milestones/{slipped}")), body, None).await.json_ok(StatusCode::OK).await;
            }
            79 => {
                let body = json!({"title": "Winter celebration", "due_on": s.day(80), "met_on": s.day(79)});
                s.api.put(&s.path(&format!("/milestones/{on_time}")), body, None).await.json_ok(StatusCode::OK).await;
            }
            90 => {
                let body = json!({"current": 50.0, "confidence": "at_risk", "comment": "volunteers are stretched"});
                s.api.post(&s.path(&format!("/goals/{goal}/updates")), body).await.json_ok(StatusCode::CREATED).await;
            }
            _ => {}
        }
    }
    (s, missed, on_time, goal)
}

on_both_backends!(reliability_and_health_follow_the_formulas);

async fn reliability_and_health_follow_the_formulas(backend: Backend) {
    let (s, missed, _, _) = scenario(backend).await;
    // Day 100. The library's evidence: kept on day 8, late on day 25 (half each way), missed on
    // day 33 (due 30 + 3 days' grace), kept on day 55 after an honest renegotiation; the
    // cancelled promise counts for nothing.
    let r = weight(92) + 0.5 * weight(75) + weight(45);
    let sf = 0.5 * weight(75) + weight(67);
    let reliability =
        s.api.get(&s.path(&format!("/organizations/{}/reliability", s.library))).await.json_ok(StatusCode::OK).await;
    close(&reliability["overall"]["r"], r, "library r");
    close(&reliability["overall"]["s"], sf, "library s");
    close(&reliability["overall"]["estimate"]["expected"], (r + 1.0) / (r + sf + 2.0), "library E");
    let low = reliability["overall"]["estimate"]["low"].as_f64().unwrap();
    let high = reliability["overall"]["estimate"]["high"].as_f64().unwrap();
    let expected = (r + 1.0) / (r + sf + 2.0);
    assert!(low < expected && expected < high, "E lies inside its 90 % interval: {low} < {expected} < {high}");
    // Every promise was to the school, so the pair's ledger is the same evidence.
    let pair = reliability["counterparts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["organization_id"] == json!(s.school))
        .expect("the school as counterpart");
    close(&pair["reliability"]["r"], r, "library→school r");
    close(&pair["reliability"]["s"], sf, "library→school s");
    // The records behind the number: the missed one is listed as missed.
    let behind = reliability["commitments"].as_array().unwrap();
    let missed_item =
        behind.iter().find(|c| c["commitment_id"] == json!(missed)).expect("the missed commitment is listed");
    assert_eq!(missed_item["outcome"]["kind"], "missed");
    assert_eq!(missed_item["outcome"]["on"], json!(s.day(33)));

    // As of day 30 the records stood differently: two outcomes, not enough evidence yet.
    let then = s
        .api
        .get(&s.path(&format!("/organizations/{}/reliability?as_of={}", s.library, s.day(30))))
        .await
        .json_ok(StatusCode::OK)
        .await;
    close(&then["overall"]["r"], weight(22) + 0.5 * weight(5), "library r on day 30");
    close(&then["overall"]["s"], 0.5 * weight(5), "library s on day 30");
    assert!(
        then["overall"]["estimate"].is_null(),
        "below 3 units of evidence there is no estimate: {}",
        then["overall"]
    );

    // The health index on day 100: window = the partnership's 100 days.
    let health =
        s.api.get(&s.path(&format!("/partnerships/{}/health", s.partnership))).await.json_ok(StatusCode::OK).await;
    let components = health["health"]["components"].as_array().unwrap();
    let value = |kind: &str| components.iter().find(|c| c["kind"] == kind).unwrap()["value"].clone();
    let (pr, ps) = (r + weight(50), sf);
    let reliability_value = 100.0 * (pr + 1.0) / (pr + ps + 2.0);
    close(&value("reliability"), reliability_value, "reliability component");
    // Four check-ins against 100 / 30.4 expected: capped at 100.
    close(&value("cadence"), 100.0, "cadence component");
    // One of two milestones on time; the open goal is at risk (0.5).
    close(&value("goals"), 100.0 * (0.5 * 0.5 + 0.5 * 0.5), "goals component");
    close(&value("concerns"), 100.0, "concerns component");
    assert!(value("perceived_trust").is_null(), "no survey has closed, so perceived trust has no data");
    let index = (30.0 * reliability_value + 15.0 * 100.0 + 20.0 * 50.0 + 10.0 * 100.0) / (30.0 + 15.0 + 20.0 + 10.0);
    close(&health["health"]["index"], index, "health index, renormalised without perceived trust");
    let basis =
        components.iter().find(|c| c["kind"] == "perceived_trust").unwrap()["basis"].as_str().unwrap().to_owned();
    assert!(basis.to_lowercase().contains("survey"), "the missing component says why: {basis}");

    // The trend is real history: its point at the end of March is the index as of that day.
    let trend = health["trend"].as_array().unwrap();
    assert!(trend.len() >= 4, "{trend:?}");
    let past = s
        .api
        .get(&s.path(&format!("/partnerships/{}/health?as_of=2026-03-31", s.partnership)))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert!(past["health"]["index"].is_f64(), "by the end of March there is enough data: {}", past["health"]);
    assert_ne!(past["health"]["index"], health["health"]["index"], "the records changed since March");
    let march = trend.iter().find(|p| p["on"] == json!("2026-03-31")).expect("a point at the end of March");
    assert_eq!(march["value"], past["health"]["index"], "the trend's March point equals health as of 31 March");

    // Bad input names the field and changes nothing.
    let problem = s
        .api
        .get(&s.path(&format!("/partnerships/{}/health?as_of=next-tuesday", s.partnership)))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["as_of"]);
    let future = s.day(101);
    let problem = s
        .api
        .get(&s.path(&format!("/partnerships/{}/health?as_of={future}", s.partnership)))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["as_of"]);
}

on_both_backends!(warnings_are_raised_acknowledged_and_cleared);

async fn warnings_are_raised_acknowledged_and_cleared(backend: Backend) {
    let (s, missed, on_time, _) = scenario(backend).await;
    let inbox = s.api.get(&s.path("/warnings")).await.json_ok(StatusCode::OK).await;
    let kinds: Vec<&str> = inbox["items"].as_array().unwrap().iter().map(|w| w["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains(&"commitments_overdue"),
        "a commitment missed 67 days ago is overdue by more than 14 days: {kinds:?}"
    );
    assert!(kinds.contains(&"win_to_celebrate"), "a milestone met three weeks ago is a win nobody thanked: {kinds:?}");
    assert!(!kinds.contains(&"cadence_slipping"), "the partnership met on day 91: {kinds:?}");
    let overdue =
        inbox["items"].as_array().unwrap().iter().find(|w| w["kind"] == "commitments_overdue").unwrap().clone();
    assert!(overdue["records"].as_array().unwrap().contains(&json!({"kind": "commitment", "id": missed})), "{overdue}");
    assert!(!overdue["suggested_action"].as_str().unwrap().is_empty());
    let win = inbox["items"].as_array().unwrap().iter().find(|w| w["kind"] == "win_to_celebrate").unwrap();
    assert_eq!(win["severity"], "positive");
    assert!(win["records"].as_array().unwrap().contains(&json!({"kind": "milestone", "id": on_time})), "{win}");

    // Filters narrow the inbox.
    let only = s.api.get(&s.path("/warnings?severity=positive")).await.json_ok(StatusCode::OK).await;
    assert!(only["items"].as_array().unwrap().iter().all(|w| w["severity"] == "positive"));
    let problem = s.api.get(&s.path("/warnings?kind=gossip")).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["kind"]);

    // Acknowledging needs a reason, then takes it out of the inbox but not out of history.
    let id = overdue["id"].as_str().unwrap();
    let problem = s
        .api
        .post(&s.path(&format!("/warnings/{id}/acknowledge")), json!({"reason": " "}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["reason"]);
    let acknowledged = s
        .api
        .post(
            &s.path(&format!("/warnings/{id}/acknowledge")),
            json!({"reason": "Raised at the March check-in; the library reprints this week"}),
        )
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert_eq!(acknowledged["state"], "acknowledged");
    let inbox = s.api.get(&s.path("/warnings")).await.json_ok(StatusCode::OK).await;
    assert!(
        inbox["items"].as_array().unwrap().iter().all(|w| w["id"] != json!(id)),
        "acknowledged warnings leave the inbox"
    );
    let history = s.api.get(&s.path("/warnings?include_history=true")).await.json_ok(StatusCode::OK).await;
    let kept =
        history["items"].as_array().unwrap().iter().find(|w| w["id"] == json!(id)).expect("still in the history");
    assert_eq!(kept["state_reason"], "Raised at the March check-in; the library reprints this week");

    // Doing the missed commitment late replaces its evidence and clears the warning.
    s.done(missed).await;
    let reliability =
        s.api.get(&s.path(&format!("/organizations/{}/reliability", s.library))).await.json_ok(StatusCode::OK).await;
    let r = weight(92) + 0.5 * weight(75) + weight(45) + 0.5 * weight(0);
    let sf = 0.5 * weight(75) + 0.5 * weight(0);
    close(&reliability["overall"]["r"], r, "r once the missed promise is done late");
    close(&reliability["overall"]["s"], sf, "s once the missed promise is done late");
    let history = s.api.get(&s.path("/warnings?include_history=true")).await.json_ok(StatusCode::OK).await;
    let cleared = history["items"].as_array().unwrap().iter().find(|w| w["id"] == json!(id)).unwrap();
    assert_eq!(cleared["cleared_on"], json!(s.day(100)), "{cleared}");

    // A full recompute from the records gives exactly the incremental ledger's numbers.
    let before =
        s.api.get(&s.path(&format!("/organizations/{}/reliability", s.library))).await.json_ok(StatusCode::OK).await;
    s.app.store.recompute_trust(s.ws, &|_, _| {}).await.unwrap();
    let after =
        s.api.get(&s.path(&format!("/organizations/{}/reliability", s.library))).await.json_ok(StatusCode::OK).await;
    close(&after["overall"]["r"], before["overall"]["r"].as_f64().unwrap(), "r after recompute");
    close(&after["overall"]["s"], before["overall"]["s"].as_f64().unwrap(), "s after recompute");

    // Time alone raises warnings: with no check-in after day 91, cadence slips by day 153.
    s.go_to(160);
    let inbox = s.api.get(&s.path("/warnings?kind=cadence_slipping")).await.json_ok(StatusCode::OK).await;
    assert_eq!(inbox["items"].as_array().unwrap().len(), 1, "{inbox}");
}

on_both_backends!(trust_answers_only_those_who_may_see);

async fn trust_answers_only_those_who_may_see(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let observer = app.sign_up(&format!("observer-{}@example.org", short()), "Funder").await;
    app.join(&net, &observer, "observer", &[]).await;
    let outsider_org = net
        .owner
        .api
        .post(&net.path("/organizations"), json!({"name": "Harbor Food Bank", "kind": "nonprofit"}))
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let outsider = app.sign_up(&format!("outsider-{}@example.org", short()), "Outsider").await;
    app.join(&net, &outsider, "member", &[id_of(&outsider_org)]).await;
    let stranger = app.sign_up(&format!("stranger-{}@example.org", short()), "Stranger").await;

    let health = format!("/partnerships/{}/health", net.partnership);
    observer.api.get(&net.path(&health)).await.json_ok(StatusCode::OK).await;
    outsider.api.get(&net.path(&health)).await.problem(StatusCode::NOT_FOUND).await;
    stranger.api.get(&net.path(&health)).await.problem(StatusCode::NOT_FOUND).await;
    stranger
        .api
        .get(&net.path(&format!("/organizations/{}/reliability", net.library)))
        .await
        .problem(StatusCode::NOT_FOUND)
        .await;
    let dashboard = outsider.api.get(&net.path("/dashboard")).await.json_ok(StatusCode::OK).await;
    assert!(
        dashboard["items"].as_array().unwrap().is_empty(),
        "a member sees only their own partnerships on the dashboard"
    );
    let dashboard = observer.api.get(&net.path("/dashboard")).await.json_ok(StatusCode::OK).await;
    assert_eq!(dashboard["items"].as_array().unwrap().len(), 1);

    // A missed promise raises a warning; the observer reads it but may not acknowledge it.
    let past = (Utc::now().date_naive() - Duration::days(40)).to_string();
    let body = json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": "Lend the projector", "due_on": past,
                      "outcome": {"kind": "not_kept"}});
    net.owner
        .api
        .post(&net.path(&format!("/partnerships/{}/commitments", net.partnership)), body)
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let inbox = observer.api.get(&net.path("/warnings")).await.json_ok(StatusCode::OK).await;
    let warning = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "commitments_overdue")
        .expect("the overdue warning")
        .clone();
    let id = warning["id"].as_str().unwrap();
    observer
        .api
        .post(&net.path(&format!("/warnings/{id}/acknowledge")), json!({"reason": "seen"}))
        .await
        .problem(StatusCode::FORBIDDEN)
        .await;
    outsider.api.get(&net.path(&format!("/warnings/{id}"))).await.problem(StatusCode::NOT_FOUND).await;
    let outsider_inbox = outsider.api.get(&net.path("/warnings")).await.json_ok(StatusCode::OK).await;
    assert!(outsider_inbox["items"].as_array().unwrap().is_empty());
    let still = net.owner.api.get(&net.path(&format!("/warnings/{id}"))).await.json_ok(StatusCode::OK).await;
    assert_eq!(still["state"], "open", "a refused acknowledgement changed nothing");

    // The library's reliability: anyone in the workspace reads the number, but only those who
    // see the partnership learn whom it promised and what.
    let reliability = format!("/organizations/{}/reliability", net.library);
    let seen = observer.api.get(&net.path(&reliability)).await.json_ok(StatusCode::OK).await;
    assert_eq!(seen["counterparts"][0]["organization_id"], json!(net.school), "{seen}");
    assert_eq!(seen["commitments"].as_array().unwrap().len(), 1);
    let hidden = outsider.api.get(&net.path(&reliability)).await.json_ok(StatusCode::OK).await;
    assert_eq!(hidden["overall"], seen["overall"], "the number itself is the network's to know");
    assert!(hidden["counterparts"].as_array().unwrap().is_empty(), "{hidden}");
    assert!(hidden["commitments"].as_array().unwrap().is_empty(), "{hidden}");
}

on_both_backends!(a_write_through_another_server_reaches_the_health_and_page_this_one_shows);

/// Each server keeps today's assessments and pages' records in memory; a write through another
/// process must still show on the next read.
async fn a_write_through_another_server_reaches_the_health_and_page_this_one_shows(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let net = app.network().await;
    let health = net.path(&format!("/partnerships/{}/health", net.partnership));
    let library_r = |health: &Value| {
        let members = health["members"].as_array().expect("members").clone();
        members.iter().find(|m| m["organization_id"] == json!(net.library)).expect("the library is a member")["reliability"]["r"].as_f64().unwrap()
    };
    let commitments = net.path(&format!("/partnerships/{}/commitments", net.partnership));
    let body = json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": "Lend a class set of atlases", "due_on": app.store.today() + Duration::days(7)});
    let promise = net.owner.api.post(&commitments, body).await.json_ok(StatusCode::CREATED).await;
    let before = net.owner.api.get(&health).await.json_ok(StatusCode::OK).await;
    assert_eq!(library_r(&before), 0.0, "nothing kept yet");
    // Asked twice, so the second answer comes from memory.
    assert_eq!(net.owner.api.get(&health).await.json_ok(StatusCode::OK).await, before);

    let other = app.another_server().await;
    net.owner
        .api
        .at(&other)
        .post(&net.path(&format!("/commitments/{}/done", id_of(&promise))), json!({}))
        .await
        .json_ok(StatusCode::OK)
        .await;

    let after = net.owner.api.get(&health).await.json_ok(StatusCode::OK).await;
    close(&json!(library_r(&after)), weight(0), "the library's kept promise, recorded through the other server");

    // The partnership page keeps its records the same way.
    let ui = app.ui_sign_in(&net.owner.email).await;
    let page = format!("/w/{}/partnerships/{}", net.ws, net.partnership);
    assert!(!ui.page(&page).await.contains("Bring the mobile library"));
    let body = json!({"promisor_organization_id": net.library, "promisee_organization_id": net.school, "description": "Bring the mobile library", "due_on": app.store.today() + Duration::days(14)});
    net.owner.api.at(&other).post(&commitments, body).await.json_ok(StatusCode::CREATED).await;
    assert!(ui.page(&page).await.contains("Bring the mobile library"), "a promise recorded through the other server");
}

on_both_backends!(history_recorded_afterwards_counts_as_if_it_was_lived);

/// Issue 22, "history entered as it happened": the library's record of the scenario above, typed
/// in on day 100 with the dates it happened on, gives the same reliability as living it, and a
/// partnership that started on day 0 gets a 100-day health window though it was entered today.
async fn history_recorded_afterwards_counts_as_if_it_was_lived(backend: Backend) {
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let day = |n: i64| start + Duration::days(n);
    let clock = Clock::at(day(100));
    let app = TestApp::spawn_with(backend, |store| clock.install(store)).await;
    let net = app.network().await;
    let (api, school, library) = (&net.owner.api, net.school, net.library);
    let commitments = net.path(&format!("/partnerships/{}/commitments", net.partnership));
    let count =
        || async { api.get(&commitments).await.json_ok(StatusCode::OK).await["items"].as_array().unwrap().len() };

    // A promise whose due date has passed must say what happened: nothing is stored without it.
    let bare = json!({"promisor_organization_id": library, "promisee_organization_id": school,
        "description": "Print flyers in three languages", "due_on": day(30), "made_on": day(0)});
    let problem = api.post(&commitments, bare.clone()).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["outcome"], "{problem}");
    assert_eq!(count().await, 0, "a refused promise changes nothing");
    let bad_dates = json!({"promisor_organization_id": library, "description": "Too early", "due_on": day(30),
        "made_on": day(10), "outcome": {"kind": "kept", "on": day(5)}});
    let problem = api.post(&commitments, bad_dates).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&problem), ["outcome.on"], "kept before it was made: {problem}");

    let to_commitments = commitments.as_str();
    let record = |description: &str, due: i64, outcome: Value| {
        let body = json!({"promisor_organization_id": library, "promisee_organization_id": school,
            "description": description, "due_on": day(due), "made_on": day(0), "outcome": outcome});
        async move { api.post(to_commitments, body).await.json_ok(StatusCode::CREATED).await }
    };
    let kept = record("Host the first family reading night", 10, json!({"kind": "kept", "on": day(8)})).await;
    assert_eq!(kept["status"], "done");
    assert_eq!(kept["made_on"], json!(day(0)));
    let late = record("Send the book list", 20, json!({"kind": "kept", "on": day(25)})).await;
    assert_eq!(late["status"], "done_late");
    let missed = record("Print flyers in three languages", 30, json!({"kind": "not_kept"})).await;
    assert_eq!(missed["status"], "missed");
    let moved = record(
        "Book the hall for spring",
        40,
        json!({"kind": "renegotiated", "agreed_on": day(35), "new_due_on": day(60), "reason": "the hall is booked until March"}),
    )
    .await;
    assert_eq!(moved["due_on"], json!(day(60)));
    let moved_id = id_of(&moved);
    api.post(&net.path(&format!("/commitments/{moved_id}/done")), json!({"done_on": day(55)}))
        .await
        .json_ok(StatusCode::OK)
        .await;
    let cancelled = record(
        "Run a weekend pop-up",
        45,
        json!({"kind": "cancelled", "on": day(44), "reason": "we agreed the pop-up can wait for summer"}),
    )
    .await;
    assert_eq!(cancelled["status"], "cancelled");
    let history = api.get(&net.path(&format!("/commitments/{moved_id}"))).await.json_ok(StatusCode::OK).await;
    let history = &history["history"];
    let renegotiation = history.as_array().unwrap().iter().find(|e| e["kind"] == "renegotiated").unwrap();
    assert_eq!(renegotiation["on_date"], json!(day(35)), "dated the day it was agreed: {history}");
    assert_eq!(renegotiation["previous_due_on"], json!(day(40)));

    // The same numbers as the lived scenario (reliability_and_health_follow_the_formulas).
    let r = weight(92) + 0.5 * weight(75) + weight(45);
    let sf = 0.5 * weight(75) + weight(67);
    let reliability =
        api.get(&net.path(&format!("/organizations/{library}/reliability"))).await.json_ok(StatusCode::OK).await;
    close(&reliability["overall"]["r"], r, "library r, recorded afterwards");
    close(&reliability["overall"]["s"], sf, "library s, recorded afterwards");

    // The partnership started on day 0: its health counts from then, so four check-ins held
    // on their own days meet a monthly cadence over 100 days.
    let partnership = api.get(&net.path(&format!("/partnerships/{}", net.partnership))).await;
    let version = partnership.headers().get("etag").unwrap().to_str().unwrap().to_owned();
    let mut body = partnership.json_ok(StatusCode::OK).await;
    body["started_on"] = json!(day(0));
    let members: Vec<Value> =
        body["members"].as_array().unwrap().iter().map(|m| json!({"organization_id": m["organization_id"]})).collect();
    let draft = json!({"name": body["name"], "kind": body["kind"], "status": body["status"], "cadence": "monthly",
        "members": members, "started_on": day(0)});
    let updated = api
        .put(&net.path(&format!("/partnerships/{}", net.partnership)), draft, Some(&version))
        .await
        .json_ok(StatusCode::OK)
        .await;
    assert_eq!(updated["started_on"], json!(day(0)));
    for held in [1, 31, 61, 91] {
        let body =
            json!({"held_on": day(held), "attendee_organization_ids": [school, library], "notes": "Monthly check-in"});
        api.post(&net.path(&format!("/partnerships/{}/checkins", net.partnership)), body)
            .await
            .json_ok(StatusCode::CREATED)
            .await;
    }
    let health =
        api.get(&net.path(&format!("/partnerships/{}/health", net.partnership))).await.json_ok(StatusCode::OK).await;
    let components = health["health"]["components"].as_array().unwrap();
    let cadence = components.iter().find(|c| c["kind"] == "cadence").unwrap();
    close(&cadence["value"], 100.0, "cadence over the 100 days since the partnership started");

    // Changes agreed earlier take the day they were agreed: before the due date, never in the
    // future, never before the promise was made.
    let open = api
        .post(
            &commitments,
            json!({"promisor_organization_id": library, "description": "Lend 40 books", "due_on": day(120), "made_on": day(50)}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let open_id = id_of(&open);
    let renegotiate = net.path(&format!("/commitments/{open_id}/renegotiate"));
    for (agreed_on, field) in [(day(40), "agreed_on"), (day(101), "agreed_on")] {
        let body = json!({"new_due_on": day(130), "reason": "more books coming", "agreed_on": agreed_on});
        let problem = api.post(&renegotiate, body).await.problem(StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&problem), [field], "agreed on {agreed_on}: {problem}");
    }
    let body = json!({"new_due_on": day(130), "reason": "more books coming", "agreed_on": day(90)});
    let renegotiated = api.post(&renegotiate, body).await.json_ok(StatusCode::OK).await;
    assert_eq!(renegotiated["due_on"], json!(day(130)));
    let cancel = net.path(&format!("/commitments/{open_id}/cancel"));
    let problem = api
        .post(&cancel, json!({"reason": "agreed", "agreed_on": day(49)}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(fields(&problem), ["agreed_on"], "{problem}");
    let cancelled =
        api.post(&cancel, json!({"reason": "agreed", "agreed_on": day(95)})).await.json_ok(StatusCode::OK).await;
    assert_eq!(cancelled["status"], "cancelled");
    let history = api.get(&net.path(&format!("/commitments/{open_id}"))).await.json_ok(StatusCode::OK).await;
    let history = &history["history"];
    let cancellation = history.as_array().unwrap().iter().find(|e| e["kind"] == "cancelled").unwrap();
    assert_eq!(cancellation["on_date"], json!(day(95)));
    drop(app);
}

on_both_backends!(owners_change_the_trust_settings_and_every_score_follows);

/// Issue 22 item 8: SPEC 3's parameters are the workspace's settings. An owner's new half-life
/// recomputes the evidence at once; bad values change nothing; others may not change them.
async fn owners_change_the_trust_settings_and_every_score_follows(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let n = app.network().await;
    let owner = &n.owner.api;
    // A promise due 30 days ago and not kept: missed 27 days ago, after the 3 grace days.
    let due = app.store.today() - Duration::days(30);
    owner
        .post(
            &n.path(&format!("/partnerships/{}/commitments", n.partnership)),
            json!({"promisor_organization_id": n.school, "description": "Send the reading lists", "due_on": due,
                   "outcome": {"kind": "not_kept"}}),
        )
        .await
        .json_ok(StatusCode::CREATED)
        .await;
    let missed_weight = |half_life: f64| 2f64.powf(-27.0 / half_life);
    let reliability_path = n.path(&format!("/organizations/{}/reliability", n.school));
    let reliability_path = reliability_path.as_str();
    let s = move || async move {
        let reliability = owner.get(reliability_path).await.json_ok(StatusCode::OK).await;
        reliability["overall"]["s"].as_f64().unwrap()
    };
    assert!((s().await - missed_weight(180.0)).abs() < 1e-9, "SPEC 3's half-life of 180 days");
    let settings = owner.get(&n.path("/trust-settings")).await.json_ok(StatusCode::OK).await;
    assert_eq!(settings["half_life"], 180.0);
    assert_eq!(settings["health"]["window_days"], 180);

    let changed = owner.put(&n.path("/trust-settings"), json!({"half_life": 30.0}), None).await;
    let changed = changed.json_ok(StatusCode::OK).await;
    assert_eq!(changed["half_life"], 30.0);
    assert_eq!(changed["grace_days"], 3, "left out: the default");
    assert!((s().await - missed_weight(30.0)).abs() < 1e-9, "the missed promise weighs by the new half-life");

    // Bad values are refused with the field named, and change nothing.
    for bad in [json!({"grace_days": -1}), json!({"half_life": 0}), json!({"health": {"goals_weight": -5}})] {
        let refused = owner.put(&n.path("/trust-settings"), bad.clone(), None).await;
        assert!(
            matches!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST),
            "{bad}: {}",
            refused.status()
        );
        assert_eq!(refused.headers()["content-type"], "application/problem+json", "{bad}");
    }
    let unknown = owner.put(&n.path("/trust-settings"), json!({"half_lives": 30}), None).await;
    assert!(unknown.status().is_client_error(), "unknown fields are rejected");
    let kept = owner.get(&n.path("/trust-settings")).await.json_ok(StatusCode::OK).await;
    assert_eq!(kept["half_life"], 30.0);

    // A coordinator reads them but may not change them; outside the workspace they do not exist.
    let coordinator = app.sign_up("coordinator-settings@example.org", "Cora Coordinator").await;
    app.join(&n, &coordinator, "coordinator", &[]).await;
    coordinator.api.get(&n.path("/trust-settings")).await.json_ok(StatusCode::OK).await;
    let forbidden = coordinator.api.put(&n.path("/trust-settings"), json!({"half_life": 90.0}), None).await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    let stranger = app.sign_up("stranger-settings@example.org", "Sam Stranger").await;
    let hidden = stranger.api.put(&n.path("/trust-settings"), json!({"half_life": 90.0}), None).await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    assert!((s().await - missed_weight(30.0)).abs() < 1e-9, "nothing changed");
}

on_both_backends!(an_organisations_page_reliability_is_its_ledgers_after_every_change);

/// An organisation's page shows its reliability and twelve-month trend from what is kept
/// between requests (issue 23); after each change that moves a past month (a missed promise
/// done late, a commitment archived as a mistake, new trust settings, a new day) it is again
/// exactly what the full ledger gives.
async fn an_organisations_page_reliability_is_its_ledgers_after_every_change(backend: Backend) {
    let (s, missed, _, _) = scenario(backend).await;
    let me = s.api.get("/api/v1/me").await.json_ok(StatusCode::OK).await;
    let owner: Uuid = me["id"].as_str().unwrap().parse().unwrap();
    let viewer = s.app.store.viewer(s.ws, owner).await.unwrap().expect("the owner sees the workspace");
    let glance_and_ledger = || async {
        let session = s.app.app.session(viewer.clone());
        let glance = session.organization_reliability_glance(s.library).await.unwrap();
        let full = session.organization_reliability(s.library, None).await.unwrap();
        let shown = (json!(glance.overall), json!(glance.trend));
        assert_eq!(shown, (json!(full.overall), json!(full.trend)), "the page shows what the ledger gives");
        shown
    };
    let first = glance_and_ledger().await;
    assert_eq!(glance_and_ledger().await, first, "read again, the same");
    assert!(first.1.as_array().unwrap().iter().filter(|p| !p["value"].is_null()).count() >= 2, "a trend: {first:?}");

    s.done(missed).await;
    let done_late = glance_and_ledger().await;
    assert_ne!(done_late.0, first.0, "a missed promise done late moves today's reliability");

    s.api.put(&s.path("/trust-settings"), json!({"half_life": 365.0}), None).await.json_ok(StatusCode::OK).await;
    let settings = glance_and_ledger().await;
    assert_ne!(settings.1, done_late.1, "a longer half-life reweighs every month");

    let archived = s.api.post(&s.path(&format!("/commitments/{missed}/archive")), json!({})).await;
    assert_eq!(archived.status(), StatusCode::NO_CONTENT);
    let archived = glance_and_ledger().await;
    assert_ne!(
        archived.1, settings.1,
        "a commitment archived as a mistake leaves every month it counted in: {archived:?}"
    );

    s.go_to(140);
    let later = glance_and_ledger().await;
    assert_ne!(later.1, archived.1, "a new month's end joins the trend");
}
