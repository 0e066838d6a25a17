//! Pages for the practices that keep a partnership healthy: raising and answering concerns,
//! sending kudos and the wins feed, the contribution ledger with its equity view, the
//! partnership's timeline and the activity log.

use askama::Template;
use axum::Router;
use axum::extract::RawQuery;
use axum::routing::{get, post};
use rapport_app::{ConcernFilter, PageRequest, PartnershipRecords, TimelineFilter};
use rapport_core::ValidationErrors;
use rapport_core::concern::{Concern, ConcernDraft, ConcernTransitionDraft};
use rapport_core::contribution::{ContributionDraft, Equity};
use rapport_core::kinds::WarningKind;
use rapport_core::kinds::{
    ConcernSeverity, ConcernState, ConcernVisibility, ContributionKind, RecordKind, RetrospectiveItemKind,
    RetrospectiveTrigger, Role, TimelineKind,
};
use rapport_core::kudos::{Kudos, KudosDraft};
use rapport_core::records::{Partnership, WorkspaceMember};
use rapport_core::retrospective::{RetrospectiveDraft, RetrospectiveItemDraft};
use rapport_core::trust::{RecordRef, TrendPoint, Warning};
use uuid::Uuid;

use super::charts;
use super::context::{Id, Posted, Ui, UiResult};
use super::form::{FormData, FormState, Outcome, outcome, same};
use super::format::{self, Chip};
use super::organizations::version;
use super::pages::{self, Choice, Chrome, render, render_with_status};
use super::partnerships::Names;
use crate::AppState;
use rapport_app::{AppError, Session};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/w/{ws}/concerns", get(list_concerns).post(raise_concern))
        .route("/w/{ws}/partnerships/{id}/concerns/new", get(new_concern))
        .route("/w/{ws}/concerns/{id}", get(show_concern))
        .route("/w/{ws}/concerns/{id}/transitions", post(move_concern))
        .route("/w/{ws}/kudos", get(wins_feed).post(send_kudos))
        .route("/w/{ws}/kudos/new", get(new_kudos))
        .route("/w/{ws}/partnerships/{id}/contributions", get(show_contributions).post(add_contribution))
        .route("/w/{ws}/partnerships/{id}/timeline", get(show_timeline))
        .route("/w/{ws}/activity", get(show_activity))
        .route("/w/{ws}/partnerships/{id}/retrospectives/new", get(new_retrospective))
        .route("/w/{ws}/partnerships/{id}/retrospectives", post(hold_retrospective))
        .route("/w/{ws}/retrospectives/{id}", get(show_retrospective))
        .route("/w/{ws}/retrospectives/{id}/items", post(add_retrospective_item))
}

fn member_choices(p: &Partnership) -> Vec<Choice> {
    p.members.iter().map(|m| Choice::new(m.organization_id, m.organization_name.clone())).collect()
}

fn vocabulary<T: Copy>(all: &[T], value: impl Fn(T) -> &'static str, label: impl Fn(T) -> &'static str) -> Vec<Choice> {
    all.iter().map(|v| Choice::new(value(*v), label(*v))).collect()
}

/// The tone of a concern's state chip.
fn state_chip(concern: &Concern) -> Chip {
    let tone = match concern.state {
        ConcernState::Raised if concern.overdue => "bad",
        ConcernState::Raised => "warn",
        ConcernState::Acknowledged | ConcernState::InDialogue | ConcernState::InMediation => "info",
        ConcernState::Resolved => "good",
        ConcernState::Withdrawn => "neutral",
    };
    let label = if concern.overdue { "Waiting past its deadline" } else { concern.state.label() };
    Chip { label, tone }
}

/// A concern as lists show it.
pub struct ConcernRow {
    pub id: String,
    pub title: String,
    pub chip: Chip,
    pub private: bool,
    pub severity: &'static str,
    pub meta: String,
}

impl ConcernRow {
    fn new(concern: &Concern, names: &Names, today: chrono::NaiveDate) -> ConcernRow {
        let waiting = if concern.state == ConcernState::Raised {
            format!(" · to be acknowledged {}", format::due(concern.acknowledge_by, today))
        } else {
            String::new()
        };
        ConcernRow {
            id: concern.id.to_string(),
            title: concern.title.clone(),
            chip: state_chip(concern),
            private: concern.visibility == ConcernVisibility::Private,
            severity: concern.severity.label(),
            meta: format!(
                "Raised by {} {}{waiting}",
                names.person(concern.raised_by),
                format::relative(concern.raised_at.date_naive(), today)
            ),
        }
    }
}

/// A kudos as the wins feed shows it.
pub struct KudosRow {
    pub from: String,
    pub to: String,
    pub message: String,
    pub when: String,
    pub about: Option<String>,
}

impl KudosRow {
    fn new(kudos: &Kudos, names: &Names, today: chrono::NaiveDate) -> KudosRow {
        let from = match kudos.from_organization_id {
            Some(org) => format!("{} for {}", names.person(kudos.from_user_id), names.organization(org)),
            None => names.person(kudos.from_user_id),
        };
        let to = match (kudos.to_user_id, kudos.to_organization_id) {
            (Some(user), _) => names.person(user),
            (None, Some(org)) => names.organization(org),
            (None, None) => "the partnership".to_owned(),
        };
        let about = kudos.about.map(|a| match a.kind {
            RecordKind::Commitment => "for a commitment kept".to_owned(),
            RecordKind::Milestone => "for a milestone met".to_owned(),
            _ => "for progress on a goal".to_owned(),
        });
        KudosRow { from, to, message: kudos.message.clone(), when: format::relative(kudos.given_on, today), about }
    }
}

/// Names of everyone and every organisation in the workspace, for feeds across partnerships.
async fn workspace_names(session: &Session<'_>) -> UiResult<(Names, Vec<WorkspaceMember>)> {
    let people = session.members().await?;
    let mut names = Names::people(&people);
    for org in session.organization_directory().await? {
        names.add_organization(org.id, &org.name);
    }
    Ok((names, people))
}

/// The partnership page's section on concerns and wins.
pub struct PracticesPanel {
    pub concerns: Vec<ConcernRow>,
    pub wins: Vec<KudosRow>,
    pub can_record: bool,
}

impl PracticesPanel {
    /// Shows of `records` what the session's viewer may see.
    pub fn new(session: &Session<'_>, p: &Partnership, records: &PartnershipRecords, names: &Names) -> PracticesPanel {
        let today = session.today();
        let members = p.member_ids();
        let concerns = records
            .open_concerns
            .iter()
            .filter(|c| c.parties().visible_to(&session.viewer, &members))
            .take(CONCERNS_SHOWN);
        PracticesPanel {
            concerns: concerns.map(|c| ConcernRow::new(c, names, today)).collect(),
            wins: records.wins.iter().map(|k| KudosRow::new(k, names, today)).collect(),
            can_record: session.viewer.can_record_in_partnership(&members) && p.archived_at.is_none(),
        }
    }
}

/// Open concerns a partnership's page lists; the concerns page has them all.
const CONCERNS_SHOWN: usize = 20;

/// For a "win to celebrate" warning: the kudos form, prefilled with the partnership, the
/// organisation to thank and the milestone thanked for.
pub fn kudos_link(ws: Uuid, partnership_id: Uuid, warning: &Warning) -> Option<String> {
    if warning.kind != WarningKind::WinToCelebrate {
        return None;
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("partnership_id", &partnership_id.to_string());
    if let Some(org) = warning.organization_id {
        query.append_pair("to_organization_id", &org.to_string());
    }
    if let [record] = warning.records.as_slice()
        && record.kind == RecordKind::Milestone
    {
        query.append_pair("about_kind", record.kind.as_str());
        query.append_pair("about_id", &record.id.to_string());
    }
    Some(format!("/w/{ws}/kudos/new?{}", query.finish()))
}

// Concerns.

#[derive(Template)]
#[template(path = "concerns.html")]
struct ConcernsPage {
    chrome: Chrome,
    ws: String,
    open: Vec<(ConcernRow, String)>,
    closed: Vec<(ConcernRow, String)>,
}

async fn list_concerns(ui: Ui) -> UiResult {
    let session = ui.session();
    let today = session.today();
    let (mut names, _) = workspace_names(&session).await?;
    let concerns = session
        .concerns(ConcernFilter::default(), PageRequest { after: None, limit: 200, include_archived: false })
        .await?
        .items;
    // The partnership's name only for those who may see it: a mediator sees the concern alone.
    let mut partnership_names = std::collections::HashMap::new();
    for c in &concerns {
        if let std::collections::hash_map::Entry::Vacant(slot) = partnership_names.entry(c.partnership_id) {
            slot.insert(match session.partnership(c.partnership_id).await {
                Ok(p) => {
                    names.add_partnership(&p);
                    p.name
                }
                Err(AppError::NotFound) => "a partnership you mediate in".to_owned(),
                Err(other) => return Err(other.into()),
            });
        }
    }
    let row = |c: &Concern| {
        (ConcernRow::new(c, &names, today), partnership_names.get(&c.partnership_id).cloned().unwrap_or_default())
    };
    Ok(render(&ConcernsPage {
        chrome: ui.chrome(pages::PARTNERSHIPS),
        ws: ui.ws().to_string(),
        open: concerns.iter().filter(|c| !c.state.is_closed()).map(row).collect(),
        closed: concerns.iter().filter(|c| c.state.is_closed()).map(row).collect(),
    }))
}

#[derive(Template)]
#[template(path = "concern_form.html")]
struct ConcernFormPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    form: FormState,
    organizations: Vec<Choice>,
    severities: Vec<Choice>,
    visibilities: Vec<Choice>,
}

impl ConcernFormPage {
    fn new(ui: &Ui, p: Partnership, form: FormState) -> ConcernFormPage {
        ConcernFormPage {
            chrome: ui.chrome(pages::PARTNERSHIPS),
            ws: ui.ws().to_string(),
            organizations: member_choices(&p),
            severities: vocabulary(ConcernSeverity::ALL, ConcernSeverity::as_str, ConcernSeverity::label),
            visibilities: vec![
                Choice::new("shared", "Shared with the partnership: everyone in it can read it"),
                Choice::new("private", "Private: only you, the coordinators and a mediator, if one is named"),
            ],
            p,
            form,
        }
    }
}

async fn new_concern(ui: Ui, Id(id): Id) -> UiResult {
    let p = ui.session().partnership(id).await?;
    if !ui.viewer.can_record_in_partnership(&p.member_ids()) {
        return Err(AppError::Forbidden("observers can read but not change anything").into());
    }
    let today = ui.session().today();
    let form = FormData::from_pairs([
        ("partnership_id", id.to_string()),
        ("severity", "medium".to_owned()),
        ("visibility", "shared".to_owned()),
        (
            "acknowledge_by",
            (today + chrono::Duration::days(rapport_core::concern::DEFAULT_ACKNOWLEDGE_DAYS)).to_string(),
        ),
    ]);
    Ok(render(&ConcernFormPage::new(&ui, p, FormState::new(form))))
}

async fn raise_concern(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let mut errors = ValidationErrors::new();
    let partnership_id = form.required_id(&mut errors, "partnership_id", "a partnership").ok_or(AppError::NotFound)?;
    let draft = ConcernDraft {
        partnership_id,
        organization_id: form.optional_id(&mut errors, "organization_id", "an organisation"),
        title: form.get("title").to_owned(),
        description: form.get("description").to_owned(),
        severity: form.get("severity").to_owned(),
        visibility: form.optional("visibility"),
        acknowledge_by: form.optional_date(&mut errors, "acknowledge_by"),
    };
    let result = if errors.is_empty() { session.raise_concern(&draft).await } else { Err(AppError::Invalid(errors)) };
    match outcome(result, form, same)? {
        Outcome::Saved(concern) => Ok(ui.done(&format!("/concerns/{}", concern.id), "concern_raised")),
        Outcome::Again(form) => {
            let p = session.partnership(partnership_id).await?;
            Ok(render_with_status(form.status(), &ConcernFormPage::new(&ui, p, form)))
        }
    }
}

struct StepView {
    what: String,
    note: Option<String>,
    by: String,
    when: String,
}

#[derive(Template)]
#[template(path = "concern.html")]
struct ConcernPage {
    chrome: Chrome,
    ws: String,
    c: Concern,
    chip: Chip,
    /// `None` for a mediator, who does not see the partnership.
    partnership: Option<Partnership>,
    about: Option<String>,
    raised_by: String,
    raised_on: String,
    acknowledge_by: String,
    acknowledged_on: Option<String>,
    mediator: Option<String>,
    history: Vec<StepView>,
    next: Vec<Choice>,
    mediators: Vec<Choice>,
    form: FormState,
    viewer_id: String,
}

impl ConcernPage {
    /// Whether the form offers a move to `state`.
    fn offers(&self, state: &str) -> bool {
        self.next.iter().any(|c| c.value == state)
    }
}

async fn concern_page(ui: &Ui, id: Uuid, form: Option<FormState>) -> UiResult<ConcernPage> {
    let session = ui.session();
    let concern = session.concern(id).await?;
    let history = session.concern_history(id).await?;
    let today = session.today();
    let (mut names, people) = workspace_names(&session).await?;
    let partnership = match session.partnership(concern.partnership_id).await {
        Ok(p) => {
            names.add_partnership(&p);
            Some(p)
        }
        Err(AppError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    let history = history
        .iter()
        .map(|step| StepView {
            what: match step.from_state {
                None => "Raised".to_owned(),
                Some(_) if step.to_state == ConcernState::InMediation => {
                    format!(
                        "Into mediation with {}",
                        step.mediator_user_id.map(|m| names.person(m)).unwrap_or_default()
                    )
                }
                Some(_) => step.to_state.label().to_owned(),
            },
            note: step.note.clone(),
            by: names.person(step.actor_user_id),
            when: format::moment(step.occurred_at),
        })
        .collect();
    // Who could mediate: anyone in the workspace who may write, except the person who raised it.
    let mediators = people
        .iter()
        .filter(|m| m.role != Role::Observer && m.user_id != concern.raised_by)
        .map(|m| Choice::new(m.user_id, format!("{} ({})", m.name, m.role.label().to_lowercase())))
        .collect();
    let parties = concern.parties();
    let members = partnership.as_ref().map(rapport_core::records::Partnership::member_ids).unwrap_or_default();
    // Offer only the moves this person may make from here.
    let next: Vec<Choice> = concern
        .state
        .next_states()
        .iter()
        .filter(|to| parties.refusal(&ui.viewer, &members, **to).is_none())
        .map(|to| Choice::new(to.as_str(), to.label()))
        .collect();
    let form = form.unwrap_or_else(|| {
        let mut data = FormData::from_pairs([("version", concern.version.to_string())]);
        if let Some(first) = next.first() {
            data.set("to", first.value.clone());
        }
        FormState::new(data)
    });
    Ok(ConcernPage {
        chrome: ui.chrome(pages::PARTNERSHIPS),
        ws: ui.ws().to_string(),
        chip: state_chip(&concern),
        about: concern.organization_id.map(|o| names.organization(o)),
        raised_by: names.person(concern.raised_by),
        raised_on: format::day(concern.raised_at.date_naive()),
        acknowledge_by: format!(
            "{} ({})",
            format::day(concern.acknowledge_by),
            format::relative(concern.acknowledge_by, today)
        ),
        acknowledged_on: concern.acknowledged_on.map(format::day),
        mediator: concern.mediator_user_id.map(|m| names.person(m)),
        history,
        next,
        mediators,
        partnership,
        c: concern,
        form,
        viewer_id: ui.viewer.user_id.to_string(),
    })
}

async fn show_concern(ui: Ui, Id(id): Id) -> UiResult {
    Ok(render(&concern_page(&ui, id, None).await?))
}

async fn move_concern(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let to = form.get("to").to_owned();
    // The mediator is asked only when moving into mediation; the resolution only when resolving.
    let mediator_user_id =
        if to == "in_mediation" { form.optional_id(&mut errors, "mediator_user_id", "a person") } else { None };
    let resolution = if to == "resolved" { Some(form.get("resolution").to_owned()) } else { None };
    let draft = ConcernTransitionDraft { to: to.clone(), note: form.optional("note"), mediator_user_id, resolution };
    let result = if errors.is_empty() {
        ui.session().transition_concern(id, &draft, version(&form)).await
    } else {
        Err(AppError::Invalid(errors))
    };
    let again = match result {
        Err(AppError::Conflict(why)) => FormState {
            data: form,
            errors: ValidationErrors::new(),
            problem: Some(format!("Not saved: {why}. The page shows where it stands now.")),
        },
        other => match outcome(other, form, same)? {
            Outcome::Saved(_) => return Ok(ui.done(&format!("/concerns/{id}"), "concern_moved")),
            Outcome::Again(form) => form,
        },
    };
    let status = if again.problem.is_some() && again.errors.is_empty() {
        axum::http::StatusCode::CONFLICT
    } else {
        again.status()
    };
    Ok(render_with_status(status, &concern_page(&ui, id, Some(again)).await?))
}

// Kudos.

#[derive(Template)]
#[template(path = "kudos.html")]
struct WinsPage {
    chrome: Chrome,
    ws: String,
    wins: Vec<KudosRow>,
    can_write: bool,
}

async fn wins_feed(ui: Ui) -> UiResult {
    let session = ui.session();
    let today = session.today();
    let (mut names, _) = workspace_names(&session).await?;
    let kudos = session.kudos_feed(None, PageRequest { after: None, limit: 100, include_archived: false }).await?.items;
    for p in session.partnerships(None, PageRequest { after: None, limit: 200, include_archived: true }).await?.items {
        names.add_partnership(&p);
    }
    Ok(render(&WinsPage {
        chrome: ui.chrome(pages::PARTNERSHIPS),
        ws: ui.ws().to_string(),
        wins: kudos.iter().map(|k| KudosRow::new(k, &names, today)).collect(),
        can_write: ui.viewer.can_write(),
    }))
}

#[derive(Template)]
#[template(path = "kudos_form.html")]
struct KudosFormPage {
    chrome: Chrome,
    ws: String,
    form: FormState,
    /// The partnership it is for, when known: where "Cancel" goes back to.
    partnership: Option<Partnership>,
    about_label: Option<String>,
    own_organizations: Vec<Choice>,
    organizations: Vec<Choice>,
    people: Vec<Choice>,
}

async fn kudos_form_page(ui: &Ui, form: FormState) -> UiResult<KudosFormPage> {
    let session = ui.session();
    let (names, people) = workspace_names(&session).await?;
    let partnership = match form.value("partnership_id").parse::<Uuid>() {
        Ok(id) => session.partnership(id).await.ok(),
        Err(_) => None,
    };
    let directory = session.organization_directory().await?;
    let organizations = match &partnership {
        Some(p) => member_choices(p),
        None => directory.iter().map(|o| Choice::new(o.id, o.name.clone())).collect(),
    };
    let about_label = match form.value("about_kind") {
        "milestone" => Some("a milestone met".to_owned()),
        "commitment" => Some("a commitment kept".to_owned()),
        "goal" => Some("progress on a goal".to_owned()),
        _ => None,
    };
    Ok(KudosFormPage {
        chrome: ui.chrome(pages::PARTNERSHIPS),
        ws: ui.ws().to_string(),
        own_organizations: ui.viewer.organizations.iter().map(|o| Choice::new(o, names.organization(*o))).collect(),
        people: people
            .iter()
            .filter(|p| p.user_id != ui.viewer.user_id)
            .map(|p| Choice::new(p.user_id, p.name.clone()))
            .collect(),
        organizations,
        partnership,
        about_label,
        form,
    })
}

/// The form, prefilled from the link that led here: "Send kudos" on a win offers the
/// partnership, the organisation and the record to thank for.
async fn new_kudos(ui: Ui, RawQuery(query): RawQuery) -> UiResult {
    if !ui.viewer.can_write() {
        return Err(AppError::Forbidden("observers can read but not change anything").into());
    }
    let given = FormData::parse(query.unwrap_or_default().as_bytes());
    let mut data = FormData::default();
    for key in ["partnership_id", "to_organization_id", "about_kind", "about_id"] {
        if let Some(value) = given.optional(key) {
            data.set(key, value);
        }
    }
    if let Some(own) = ui.viewer.organizations.first() {
        data.set("from_organization_id", own.to_string());
    }
    Ok(render(&kudos_form_page(&ui, FormState::new(data)).await?))
}

async fn send_kudos(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    // "person:<id>" or "organization:<id>": one choice for whom to thank.
    let about = match (form.optional("about_kind"), form.optional_id(&mut errors, "about_id", "a record")) {
        (Some(kind), Some(id)) => match kind.parse::<RecordKind>() {
            Ok(kind) => Some(RecordRef { kind, id }),
            Err(_) => None,
        },
        _ => None,
    };
    let draft = KudosDraft {
        partnership_id: form.optional_id(&mut errors, "partnership_id", "a partnership"),
        from_organization_id: form.optional_id(&mut errors, "from_organization_id", "an organisation"),
        to_user_id: form.optional_id(&mut errors, "to_user_id", "a person"),
        to_organization_id: form.optional_id(&mut errors, "to_organization_id", "an organisation"),
        message: form.get("message").to_owned(),
        about,
    };
    let result = if errors.is_empty() { ui.session().send_kudos(&draft).await } else { Err(AppError::Invalid(errors)) };
    match outcome(result, form, same)? {
        Outcome::Saved(kudos) => match kudos.partnership_id {
            Some(p) => Ok(ui.done(&format!("/partnerships/{p}#wins"), "kudos_sent")),
            None => Ok(ui.done("/kudos", "kudos_sent")),
        },
        Outcome::Again(form) => Ok(render_with_status(form.status(), &kudos_form_page(&ui, form).await?)),
    }
}

// Contributions and equity.

struct ContributionRow {
    organization: String,
    kind: &'static str,
    amount: String,
    on: String,
    note: Option<String>,
}

struct ShareRow {
    name: String,
    records: u32,
    share: String,
}

struct KindRow {
    label: String,
    cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "contributions.html")]
struct ContributionsPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    shares: Vec<ShareRow>,
    balance: Option<String>,
    balance_note: &'static str,
    kinds: Vec<KindRow>,
    member_names: Vec<String>,
    share_chart: String,
    trend_chart: String,
    rows: Vec<ContributionRow>,
    form: FormState,
    organizations: Vec<Choice>,
    contribution_kinds: Vec<Choice>,
    can_record: bool,
    window_days: i64,
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

async fn contributions_page(ui: &Ui, id: Uuid, form: Option<FormState>) -> UiResult<ContributionsPage> {
    let session = ui.session();
    let p = session.partnership(id).await?;
    let today = session.today();
    let equity: Equity = session.equity(id).await?;
    let mut ledger =
        session.contributions(id, PageRequest { after: None, limit: 200, include_archived: false }).await?.items;
    ledger.sort_by_key(|c| std::cmp::Reverse((c.contributed_on, c.id)));
    let names: std::collections::HashMap<Uuid, String> =
        p.members.iter().map(|m| (m.organization_id, m.organization_name.clone())).collect();
    let name = |org: Uuid| names.get(&org).cloned().unwrap_or_else(|| "a former member".to_owned());
    let member_names: Vec<String> = p.members.iter().map(|m| m.organization_name.clone()).collect();
    let kinds: Vec<KindRow> = equity
        .by_kind
        .iter()
        .map(|k| KindRow {
            label: format!("{} ({})", k.kind.label(), k.unit),
            cells: p
                .members
                .iter()
                .map(|m| match k.members.iter().find(|s| s.organization_id == m.organization_id) {
                    Some(s) => format!("{} {} · {}", format::number(s.amount), k.unit, percent(s.share)),
                    None => "—".to_owned(),
                })
                .collect(),
        })
        .collect();
    let mut bars: Vec<(String, Vec<f64>)> = vec![(
        "All contributions (by number)".to_owned(),
        equity.members.iter().map(|m| m.share.unwrap_or(0.0)).collect(),
    )];
    for k in &equity.by_kind {
        bars.push((
            format!("{} ({})", k.kind.label(), k.unit),
            p.members
                .iter()
                .map(|m| {
                    k.members.iter().find(|s| s.organization_id == m.organization_id).map(|s| s.share).unwrap_or(0.0)
                })
                .collect(),
        ));
    }
    let has_any = equity.members.iter().any(|m| m.records > 0);
    let trend: Vec<TrendPoint> = equity.trend.iter().map(|b| TrendPoint { on: b.on, value: b.balance }).collect();
    let form = form.unwrap_or_else(|| {
        let mut data =
            FormData::from_pairs([("contributed_on", today.to_string()), ("kind", "staff_hours".to_owned())]);
        if let Some(own) = ui.viewer.organizations.iter().find(|o| p.member_ids().contains(o)) {
            data.set("organization_id", own.to_string());
        }
        FormState::new(data)
    });
    Ok(ContributionsPage {
        chrome: ui.chrome(pages::PARTNERSHIPS),
        ws: ui.ws().to_string(),
        shares: equity
            .members
            .iter()
            .map(|m| ShareRow {
                name: m.organization_name.clone(),
                records: m.records,
                share: m.share.map(percent).unwrap_or_else(|| "—".to_owned()),
            })
            .collect(),
        balance: equity.balance.map(|b| format!("{:.0} of 100", b * 100.0)),
        balance_note: match equity.balance {
            None => "Not enough data: record contributions from each member to see how the load is shared.",
            Some(b) if b >= 0.7 => "The load is shared fairly evenly.",
            Some(b) if b >= 0.4 => "One member carries noticeably more than the others.",
            Some(_) => "One member carries most of the load: worth talking about how others can contribute.",
        },
        kinds,
        share_chart: if has_any {
            charts::share_bars(&bars, &member_names, "Each member's share of the contributions")
        } else {
            String::new()
        },
        trend_chart: charts::trend_chart(&trend, "Balance of contributions", 100.0),
        member_names,
        rows: ledger
            .iter()
            .map(|c| ContributionRow {
                organization: name(c.organization_id),
                kind: c.kind.label(),
                amount: format!("{} {}", format::number(c.amount), c.unit),
                on: format::day(c.contributed_on),
                note: c.note.clone(),
            })
            .collect(),
        form,
        organizations: member_choices(&p),
        contribution_kinds: vocabulary(ContributionKind::ALL, ContributionKind::as_str, ContributionKind::label),
        can_record: ui.viewer.can_record_in_partnership(&p.member_ids()) && p.archived_at.is_none(),
        window_days: equity.window_days,
        p,
    })
}

async fn show_contributions(ui: Ui, Id(id): Id) -> UiResult {
    Ok(render(&contributions_page(&ui, id, None).await?))
}

async fn add_contribution(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let organization_id = form.required_id(&mut errors, "organization_id", "an organisation");
    let amount = form.optional_number(&mut errors, "amount");
    if amount.is_none() && !form.has("amount") || form.get("amount").trim().is_empty() {
        errors.add("amount", "is required");
    }
    let contributed_on = form.date(&mut errors, "contributed_on");
    let result = match (organization_id, amount, contributed_on) {
        (Some(organization_id), Some(amount), Some(contributed_on)) if errors.is_empty() => {
            let draft = ContributionDraft {
                organization_id,
                kind: form.get("kind").to_owned(),
                amount,
                unit: form.optional("unit"),
                contributed_on,
                note: form.optional("note"),
            };
            ui.session().add_contribution(id, &draft).await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/partnerships/{id}/contributions"), "contribution")),
        Outcome::Again(form) => {
            let status = form.status();
            Ok(render_with_status(status, &contributions_page(&ui, id, Some(form)).await?))
        }
    }
}

// Timeline.

struct EntryView {
    kind: &'static str,
    kind_name: &'static str,
    on: String,
    title: String,
    detail: Option<String>,
    href: Option<String>,
}

#[derive(Template)]
#[template(path = "timeline.html")]
struct TimelinePage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    entries: Vec<EntryView>,
    kinds: Vec<Choice>,
    form: FormState,
    /// The query string of the next (older) page, when there is one.
    older: Option<String>,
    newest: Option<String>,
}

const TIMELINE_PAGE: u64 = 30;

/// The filter of `given` with the page starting at position `start`, as a query string.
fn timeline_query(given: &FormData, start: u64) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for kind in given.all("kind") {
        query.append_pair("kind", kind);
    }
    for key in ["from", "to"] {
        if let Some(value) = given.optional(key) {
            query.append_pair(key, &value);
        }
    }
    if start > 0 {
        query.append_pair("start", &start.to_string());
    }
    query.finish()
}

async fn show_timeline(ui: Ui, Id(id): Id, RawQuery(query): RawQuery) -> UiResult {
    let session = ui.session();
    let p = session.partnership(id).await?;
    let given = FormData::parse(query.unwrap_or_default().as_bytes());
    let mut errors = ValidationErrors::new();
    let from = given.optional_date(&mut errors, "from");
    let to = given.optional_date(&mut errors, "to");
    let kinds: Vec<TimelineKind> = given.all("kind").iter().filter_map(|k| k.parse().ok()).collect();
    let offset: u64 = given.get("start").parse().unwrap_or(0);
    let filter = TimelineFilter { kinds, from, to };
    let page = PageRequest {
        after: (offset > 0).then(|| Uuid::from_u128(offset as u128)),
        limit: TIMELINE_PAGE,
        include_archived: false,
    };
    let result =
        if errors.is_empty() { session.timeline(id, &filter, page).await } else { Err(AppError::Invalid(errors)) };
    let (entries, older, form) = match result {
        Ok(found) => {
            let older = found.next_after.map(|next| timeline_query(&given, next.as_u128() as u64));
            (found.items, older, FormState::new(given.clone()))
        }
        Err(AppError::Invalid(errors)) => (Vec::new(), None, FormState::with_errors(given.clone(), errors)),
        Err(other) => return Err(other.into()),
    };
    let ws = ui.ws();
    let entries = entries
        .iter()
        .map(|e| EntryView {
            kind: e.kind.as_str(),
            kind_name: e.kind.label(),
            on: format::day(e.on),
            title: e.title.clone(),
            detail: e.detail.clone(),
            href: e.record.and_then(|r| match r.kind {
                RecordKind::Commitment => Some(format!("/w/{ws}/commitments/{}", r.id)),
                RecordKind::CheckIn => Some(format!("/w/{ws}/checkins/{}", r.id)),
                RecordKind::Concern => Some(format!("/w/{ws}/concerns/{}", r.id)),
                RecordKind::Contribution => Some(format!("/w/{ws}/partnerships/{id}/contributions")),
                RecordKind::Retrospective => Some(format!("/w/{ws}/retrospectives/{}", r.id)),
                RecordKind::SurveyWave => Some(format!("/w/{ws}/surveys/{}", r.id)),
                _ => None,
            }),
        })
        .collect();
    let newest = (offset > 0).then(|| timeline_query(&given, 0));
    Ok(render(&TimelinePage {
        chrome: ui.chrome(pages::PARTNERSHIPS),
        ws: ws.to_string(),
        p,
        entries,
        kinds: vocabulary(TimelineKind::ALL, TimelineKind::as_str, TimelineKind::label),
        form,
        older,
        newest,
    }))
}

// Activity log.

struct ActivityView {
    when: String,
    who: String,
    what: String,
    record: &'static str,
    href: Option<String>,
}

#[derive(Template)]
#[template(path = "activity.html")]
struct ActivityPage {
    chrome: Chrome,
    ws: String,
    entries: Vec<ActivityView>,
    older: Option<String>,
}

async fn show_activity(ui: Ui, RawQuery(query): RawQuery) -> UiResult {
    let session = ui.session();
    let given = FormData::parse(query.unwrap_or_default().as_bytes());
    let after = given.get("before").parse::<Uuid>().ok();
    let page = session.activity(None, PageRequest { after, limit: 50, include_archived: false }).await?;
    let (names, _) = workspace_names(&session).await?;
    let ws = ui.ws();
    let entries = page
        .items
        .iter()
        .map(|e| ActivityView {
            when: format::moment(e.occurred_at),
            who: e.actor_user_id.map(|u| names.person(u)).unwrap_or_else(|| "Rapport".to_owned()),
            what: e.summary.clone(),
            record: e.record_kind.label(),
            href: match e.record_kind {
                RecordKind::Commitment => Some(format!("/w/{ws}/commitments/{}", e.record_id)),
                RecordKind::CheckIn => Some(format!("/w/{ws}/checkins/{}", e.record_id)),
                RecordKind::Concern => Some(format!("/w/{ws}/concerns/{}", e.record_id)),
                RecordKind::Goal => Some(format!("/w/{ws}/goals/{}", e.record_id)),
                _ => e.partnership_id.map(|p| format!("/w/{ws}/partnerships/{p}")),
            },
        })
        .collect();
    Ok(render(&ActivityPage {
        chrome: ui.chrome(pages::PARTNERSHIPS),
        ws: ws.to_string(),
        entries,
        older: page.next_after.map(|id| format!("before={id}")),
    }))
}

// Retrospectives.

#[derive(Template)]
#[template(path = "retrospective_form.html")]
struct RetrospectiveFormPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    form: FormState,
    triggers: Vec<Choice>,
    milestones: Vec<Choice>,
}

async fn retrospective_form_page(ui: &Ui, id: Uuid, form: FormState) -> UiResult<RetrospectiveFormPage> {
    let session = ui.session();
    let p = session.partnership(id).await?;
    let milestones = session
        .milestones(id, None)
        .await?
        .iter()
        .map(|m| Choice::new(m.id, format!("{} (due {})", m.title, format::day(m.due_on))))
        .collect();
    Ok(RetrospectiveFormPage {
        chrome: ui.chrome(pages::PARTNERSHIPS),
        ws: ui.ws().to_string(),
        p,
        form,
        triggers: vocabulary(RetrospectiveTrigger::ALL, RetrospectiveTrigger::as_str, RetrospectiveTrigger::label),
        milestones,
    })
}

async fn new_retrospective(ui: Ui, Id(id): Id) -> UiResult {
    let today = ui.session().today();
    let form = FormData::from_pairs([("trigger", "on_demand".to_owned()), ("held_on", today.to_string())]);
    Ok(render(&retrospective_form_page(&ui, id, FormState::new(form)).await?))
}

async fn hold_retrospective(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let held_on = form.date(&mut errors, "held_on");
    let milestone_id = if form.get("trigger") == "milestone" {
        form.optional_id(&mut errors, "milestone_id", "a milestone")
    } else {
        None
    };
    let result = match held_on {
        Some(held_on) if errors.is_empty() => {
            let draft = RetrospectiveDraft {
                title: form.get("title").to_owned(),
                trigger: form.get("trigger").to_owned(),
                milestone_id,
                held_on,
            };
            ui.session().hold_retrospective(id, &draft).await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(retro) => Ok(ui.done(&format!("/retrospectives/{}", retro.id), "retrospective")),
        Outcome::Again(form) => Ok(render_with_status(form.status(), &retrospective_form_page(&ui, id, form).await?)),
    }
}

struct ItemGroup {
    label: &'static str,
    items: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "retrospective.html")]
struct RetrospectivePage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    title: String,
    when: String,
    groups: Vec<ItemGroup>,
    form: FormState,
    kinds: Vec<Choice>,
    organizations: Vec<Choice>,
    can_record: bool,
    id: String,
}

async fn retrospective_page(ui: &Ui, id: Uuid, form: Option<FormState>) -> UiResult<RetrospectivePage> {
    let session = ui.session();
    let retro = session.retrospective(id).await?;
    let p = session.partnership(retro.partnership_id).await?;
    let (names, _) = workspace_names(&session).await?;
    let groups = RetrospectiveItemKind::ALL
        .iter()
        .map(|kind| ItemGroup {
            label: kind.label(),
            items: retro
                .items
                .iter()
                .filter(|i| i.kind == *kind)
                .map(|i| {
                    let by = match i.author_user_id {
                        Some(author) => names.person(author),
                        None => "Anonymous".to_owned(),
                    };
                    let by = if i.commitment_id.is_some() { format!("{by} · became a commitment") } else { by };
                    (i.text.clone(), by)
                })
                .collect(),
        })
        .collect();
    let form = form.unwrap_or_else(|| FormState::new(FormData::from_pairs([("kind", "went_well")])));
    Ok(RetrospectivePage {
        chrome: ui.chrome(pages::PARTNERSHIPS),
        ws: ui.ws().to_string(),
        title: retro.title.clone(),
        when: format!("{} · {}", retro.trigger.label(), format::day(retro.held_on)),
        groups,
        form,
        kinds: vocabulary(RetrospectiveItemKind::ALL, RetrospectiveItemKind::as_str, RetrospectiveItemKind::label),
        organizations: member_choices(&p),
        can_record: ui.viewer.can_record_in_partnership(&p.member_ids()) && p.archived_at.is_none(),
        id: id.to_string(),
        p,
    })
}

async fn show_retrospective(ui: Ui, Id(id): Id) -> UiResult {
    Ok(render(&retrospective_page(&ui, id, None).await?))
}

async fn add_retrospective_item(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let follow_up = form.get("kind") == "follow_up";
    let draft = RetrospectiveItemDraft {
        kind: form.get("kind").to_owned(),
        text: form.get("text").to_owned(),
        anonymous: form.has("anonymous"),
        promisor_organization_id: if follow_up {
            form.optional_id(&mut errors, "promisor_organization_id", "an organisation")
        } else {
            None
        },
        due_on: if follow_up { form.optional_date(&mut errors, "due_on") } else { None },
    };
    let result = if errors.is_empty() {
        ui.session().add_retrospective_item(id, &draft).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/retrospectives/{id}"), "retrospective_item")),
        Outcome::Again(form) => Ok(render_with_status(form.status(), &retrospective_page(&ui, id, Some(form)).await?)),
    }
}
