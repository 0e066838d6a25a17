//! The work inside a partnership: goals and their progress, milestones, commitments and their
//! transitions, and check-ins whose action items become commitments.

use askama::Template;
use axum::Router;
use axum::routing::{get, post};
use chrono::NaiveDate;
use rapport_core::ValidationErrors;
use rapport_core::commitment::OutcomeDraft;
use rapport_core::kinds::{CommitmentEventKind, Confidence, Role};
use rapport_core::records::*;
use uuid::Uuid;

use super::confirm::{Ask, unless_confirmed, unless_confirmed_in};
use super::context::{Id, Posted, Ui, UiResult};
use super::form::{FormData, FormState, Outcome, outcome, parsed, renamed, same};
use super::format::{self, Chip};
use super::organizations::version;
use super::pages::{self, Choice, Chrome, render, render_with_status};
use super::partnerships::{CommitmentView, GoalView, Names, join_names, late_by};
use super::words;
use crate::AppState;
use crate::i18n::Tr;
use rapport_app::AppError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/w/{ws}/partnerships/{id}/goals/new", get(new_goal))
        .route("/w/{ws}/partnerships/{id}/goals", post(create_goal))
        .route("/w/{ws}/goals/{id}", get(show_goal).post(update_goal))
        .route("/w/{ws}/goals/{id}/edit", get(edit_goal))
        .route("/w/{ws}/goals/{id}/updates", post(add_progress))
        .route("/w/{ws}/goals/{id}/archive", post(archive_goal))
        .route("/w/{ws}/goals/{id}/restore", post(restore_goal))
        .route("/w/{ws}/milestones/{id}/archive", post(archive_milestone))
        .route("/w/{ws}/commitments/{id}/archive", post(archive_commitment))
        .route("/w/{ws}/checkins/{id}/archive", post(archive_checkin))
        .route("/w/{ws}/goals/{id}/milestones/new", get(new_milestone))
        .route("/w/{ws}/goals/{id}/milestones", post(create_milestone))
        .route("/w/{ws}/milestones/{id}/edit", get(edit_milestone))
        .route("/w/{ws}/milestones/{id}", post(update_milestone))
        .route("/w/{ws}/milestones/{id}/met", post(milestone_met))
        .route("/w/{ws}/partnerships/{id}/commitments/new", get(new_commitment))
        .route("/w/{ws}/partnerships/{id}/commitments", post(create_commitment))
        .route("/w/{ws}/commitments/{id}", get(show_commitment).post(correct_commitment))
        .route("/w/{ws}/commitments/{id}/edit", get(edit_commitment))
        .route("/w/{ws}/commitments/{id}/done", post(commitment_done))
        .route("/w/{ws}/commitments/{id}/renegotiate", post(renegotiate_commitment))
        .route("/w/{ws}/commitments/{id}/cancel", post(cancel_commitment))
        .route("/w/{ws}/partnerships/{id}/checkins/new", get(new_checkin))
        .route("/w/{ws}/partnerships/{id}/checkins", post(create_checkin))
        .route("/w/{ws}/checkins/{id}", get(show_checkin).post(correct_checkin))
        .route("/w/{ws}/checkins/{id}/edit", get(edit_checkin))
}

fn member_choices(p: &Partnership) -> Vec<Choice> {
    p.members.iter().map(|m| Choice::new(m.organization_id, m.organization_name.clone())).collect()
}

/// People who may act for the partnership: those in its member organisations, and the network's
/// coordinators and owners.
fn people_choices(tr: &Tr, p: &Partnership, people: &[WorkspaceMember]) -> Vec<Choice> {
    let members = p.member_ids();
    people
        .iter()
        .filter_map(|person| {
            let org = person.organizations.iter().find(|o| members.contains(o));
            let label = match org {
                Some(org) => format!(
                    "{} ({})",
                    person.name,
                    p.members
                        .iter()
                        .find(|m| m.organization_id == *org)
                        .map(|m| m.organization_name.as_str())
                        .unwrap_or("")
                ),
                None if matches!(person.role, Role::Owner | Role::Coordinator) => {
                    let role = if person.role == Role::Owner { tr.t("role-owner") } else { tr.t("role-coordinator") };
                    format!("{} ({})", person.name, role.to_lowercase())
                }
                None => return None,
            };
            Some(Choice::new(person.user_id, label))
        })
        .collect()
}

// Goals.

#[derive(Template)]
#[template(path = "goal_form.html")]
struct GoalFormPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    goal_id: Option<String>,
    form: FormState,
    owners: Vec<Choice>,
}

impl GoalFormPage {
    fn new(ui: &Ui, p: Partnership, goal_id: Option<Uuid>, form: FormState) -> GoalFormPage {
        let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
        let tr = chrome.tr;
        GoalFormPage {
            chrome,
            ws: ui.ws().to_string(),
            owners: member_choices(&p),
            p,
            goal_id: goal_id.map(|g| g.to_string()),
            form: form.speaking(tr),
        }
    }
}

async fn new_goal(ui: Ui, Id(id): Id) -> UiResult {
    let p = ui.session().writable_partnership(id).await?;
    Ok(render(&GoalFormPage::new(&ui, p, None, FormState::default())))
}

fn goal_draft(form: &FormData, errors: &mut ValidationErrors) -> GoalDraft {
    GoalDraft {
        statement: form.get("statement").to_owned(),
        metric: form.optional("metric"),
        unit: form.optional("unit"),
        baseline: form.optional_number(errors, "baseline"),
        target: form.optional_number(errors, "target"),
        current: form.optional_number(errors, "current"),
        owner_organization_id: form.optional_id(errors, "owner_organization_id", "an organisation"),
        relevance: form.optional("relevance"),
        due_on: form.optional_date(errors, "due_on"),
    }
}

async fn create_goal(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let mut errors = ValidationErrors::new();
    let draft = goal_draft(&form, &mut errors);
    let result = match parsed(errors, draft.validate().map(|_| ())) {
        Ok(()) => session.create_goal(id, &draft).await,
        Err(e) => Err(e),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(goal) => Ok(ui.done(&format!("/goals/{}", goal.id), "goal_created")),
        Outcome::Again(form) => {
            let p = session.partnership(id).await?;
            Ok(render_with_status(form.status(), &GoalFormPage::new(&ui, p, None, form)))
        }
    }
}

fn goal_form(goal: &Goal) -> FormData {
    let number = |v: Option<f64>| v.map(format::number).unwrap_or_default();
    FormData::from_pairs([
        ("statement", goal.statement.clone()),
        ("metric", goal.metric.clone().unwrap_or_default()),
        ("unit", goal.unit.clone().unwrap_or_default()),
        ("baseline", number(goal.baseline)),
        ("target", number(goal.target)),
        ("current", number(goal.current)),
        ("owner_organization_id", goal.owner_organization_id.map(|o| o.to_string()).unwrap_or_default()),
        ("relevance", goal.relevance.clone().unwrap_or_default()),
        ("due_on", goal.due_on.map(|d| d.to_string()).unwrap_or_default()),
        ("version", goal.version.to_string()),
    ])
}

async fn edit_goal(ui: Ui, Id(id): Id) -> UiResult {
    let goal = ui.session().goal(id).await?;
    let p = ui.session().writable_partnership(goal.partnership_id).await?;
    Ok(render(&GoalFormPage::new(&ui, p, Some(id), FormState::new(goal_form(&goal)))))
}

async fn update_goal(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let goal = session.goal(id).await?;
    let mut errors = ValidationErrors::new();
    let draft = goal_draft(&form, &mut errors);
    let result = match parsed(errors, draft.validate().map(|_| ())) {
        Ok(()) => session.update_goal(id, &draft, version(&form)).await,
        Err(e) => Err(e),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/goals/{id}"), "saved")),
        Outcome::Again(form) => {
            let p = session.partnership(goal.partnership_id).await?;
            Ok(render_with_status(form.status(), &GoalFormPage::new(&ui, p, Some(id), form)))
        }
    }
}

async fn archive_goal(Id(id): Id, Posted { ctx: ui, .. }: Posted<Ui>) -> UiResult {
    let goal = ui.session().archive_goal(id, true).await?;
    Ok(ui.done(&format!("/partnerships/{}#goals", goal.partnership_id), "archived"))
}

async fn restore_goal(Id(id): Id, Posted { ctx: ui, .. }: Posted<Ui>) -> UiResult {
    let goal = ui.session().archive_goal(id, false).await?;
    Ok(ui.done(&format!("/goals/{}", goal.id), "restored"))
}

async fn archive_milestone(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let milestone = session.milestone(id).await?;
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-milestone-archive-heading"),
        detail: tr.a("confirm-milestone-archive-detail", [("title", milestone.title.clone())]),
        button: tr.t("confirm-archive-button"),
        back: format!("/milestones/{id}/edit"),
    };
    if let Some(page) = unless_confirmed(&ui, pages::PARTNERSHIPS, &form, &format!("/milestones/{id}/archive"), ask) {
        return Ok(page);
    }
    session.archive_milestone(id).await?;
    Ok(ui.done(&format!("/goals/{}#milestones", milestone.goal_id), "archived"))
}

async fn archive_commitment(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let commitment = session.commitment(id).await?;
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-commitment-archive-heading"),
        detail: tr.a("confirm-commitment-archive-detail", [("description", commitment.description.clone())]),
        button: tr.t("confirm-archive-button"),
        back: format!("/commitments/{id}"),
    };
    if let Some(page) = unless_confirmed(&ui, pages::PARTNERSHIPS, &form, &format!("/commitments/{id}/archive"), ask) {
        return Ok(page);
    }
    session.archive_commitment(id).await?;
    Ok(ui.done(&format!("/partnerships/{}#commitments", commitment.partnership_id), "archived"))
}

async fn archive_checkin(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let checkin = session.checkin(id).await?;
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-checkin-archive-heading"),
        detail: tr.a("confirm-checkin-archive-detail", [("day", tr.day(checkin.held_on))]),
        button: tr.t("confirm-archive-button"),
        back: format!("/checkins/{id}"),
    };
    if let Some(page) = unless_confirmed(&ui, pages::PARTNERSHIPS, &form, &format!("/checkins/{id}/archive"), ask) {
        return Ok(page);
    }
    session.archive_checkin(id).await?;
    Ok(ui.done(&format!("/partnerships/{}#checkins", checkin.partnership_id), "archived"))
}

pub struct UpdateView {
    pub when: String,
    pub by: String,
    pub confidence: Chip,
    pub value: Option<String>,
    pub comment: Option<String>,
}

#[derive(Template)]
#[template(path = "goal.html")]
struct GoalPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    goal: Goal,
    view: GoalView,
    relevance: Option<String>,
    updates: Vec<UpdateView>,
    progress_form: FormState,
    confidences: Vec<Choice>,
    milestone_versions: Vec<(String, i32)>,
    can_record: bool,
    links: super::links::LinksPanel,
}

impl GoalPage {
    fn milestone_version(&self, id: &str) -> i32 {
        self.milestone_versions.iter().find(|(m, _)| m == id).map(|(_, v)| *v).unwrap_or(0)
    }
}

async fn goal_page(ui: &Ui, id: Uuid, progress_form: Option<FormState>) -> UiResult<GoalPage> {
    let session = ui.session();
    let goal = session.goal(id).await?;
    let p = session.partnership(goal.partnership_id).await?;
    let today = session.today();
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let people = session.members().await?;
    let names = Names::new(&p, &people).speaking(tr);
    let milestones = session.milestones(p.id, Some(id)).await?;
    let updates = session
        .goal_updates(id)
        .await?
        .iter()
        .map(|u| UpdateView {
            when: format::moment_in(&tr, ui.viewer.time_zone, u.created_at),
            by: u.created_by.map(|by| names.person(by)).unwrap_or_else(|| tr.t("names-someone")),
            confidence: Chip::confidence(&tr, Some(u.confidence)),
            value: u.current.map(|v| format::quantity_in(&tr, v, goal.unit.as_deref())),
            comment: u.comment.clone(),
        })
        .collect();
    let progress_form = progress_form.unwrap_or_else(|| {
        let current = goal.current.map(format::number).unwrap_or_default();
        let confidence = goal.confidence.map(rapport_core::kinds::Confidence::as_str).unwrap_or("");
        FormState::new(FormData::from_pairs([("current", current.as_str()), ("confidence", confidence)]))
    });
    let writes = ui.viewer.can_record_in_partnership(&p.member_ids()) && p.archived_at.is_none();
    let links = super::links::LinksPanel::new(ui, &session, rapport_core::links::LinkedKind::Goal, id, writes).await?;
    Ok(GoalPage {
        links,
        chrome,
        ws: ui.ws().to_string(),
        view: GoalView::new(&goal, &milestones, &names, today),
        relevance: goal.relevance.clone(),
        updates,
        progress_form: progress_form.speaking(tr),
        confidences: Confidence::ALL.iter().map(|c| Choice::new(c.as_str(), words::confidence(&tr, *c))).collect(),
        milestone_versions: milestones.iter().map(|m| (m.id.to_string(), m.version)).collect(),
        can_record: ui.viewer.can_record_in_partnership(&p.member_ids())
            && p.archived_at.is_none()
            && goal.archived_at.is_none(),
        p,
        goal,
    })
}

async fn show_goal(ui: Ui, Id(id): Id) -> UiResult {
    Ok(render(&goal_page(&ui, id, None).await?))
}

async fn add_progress(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let draft = GoalUpdateDraft {
        current: form.optional_number(&mut errors, "current"),
        confidence: form.get("confidence").to_owned(),
        comment: form.optional("comment"),
    };
    if form.get("confidence").is_empty() {
        errors.add("confidence", "choose how confident you are");
    }
    let result = match parsed(errors, draft.validate().map(|_| ())) {
        Ok(()) => ui.session().add_goal_update(id, &draft).await,
        Err(e) => Err(e),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/goals/{id}"), "progress")),
        Outcome::Again(form) => {
            let status = form.status();
            Ok(render_with_status(status, &goal_page(&ui, id, Some(form)).await?))
        }
    }
}

// Milestones.

#[derive(Template)]
#[template(path = "milestone_form.html")]
struct MilestonePage {
    chrome: Chrome,
    ws: String,
    goal: Goal,
    milestone_id: Option<String>,
    form: FormState,
}

fn milestone_page(ui: &Ui, goal: Goal, milestone_id: Option<String>, form: FormState) -> MilestonePage {
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    MilestonePage { chrome, ws: ui.ws().to_string(), goal, milestone_id, form: form.speaking(tr) }
}

async fn new_milestone(ui: Ui, Id(goal_id): Id) -> UiResult {
    let goal = ui.session().goal(goal_id).await?;
    ui.session().writable_partnership(goal.partnership_id).await?;
    Ok(render(&milestone_page(&ui, goal, None, FormState::default())))
}

fn milestone_draft(form: &FormData, errors: &mut ValidationErrors) -> Option<MilestoneDraft> {
    let due_on = form.date(errors, "due_on");
    let met_on = form.optional_date(errors, "met_on");
    let title = form.get("title").to_owned();
    match due_on {
        Some(due_on) if errors.is_empty() => Some(MilestoneDraft { title, due_on, met_on }),
        _ => {
            if title.trim().is_empty() {
                errors.add("title", "is required");
            }
            None
        }
    }
}

async fn create_milestone(Id(goal_id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let mut errors = ValidationErrors::new();
    let result = match milestone_draft(&form, &mut errors) {
        Some(draft) => session.create_milestone(goal_id, &draft).await,
        None => Err(AppError::Invalid(errors)),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/goals/{goal_id}#milestones"), "milestone_saved")),
        Outcome::Again(form) => {
            let goal = session.goal(goal_id).await?;
            Ok(render_with_status(form.status(), &milestone_page(&ui, goal, None, form)))
        }
    }
}

async fn edit_milestone(ui: Ui, Id(id): Id) -> UiResult {
    let session = ui.session();
    let m = session.milestone(id).await?;
    ui.session().writable_partnership(m.partnership_id).await?;
    let goal = session.goal(m.goal_id).await?;
    let form = FormState::new(FormData::from_pairs([
        ("title", m.title.clone()),
        ("due_on", m.due_on.to_string()),
        ("met_on", m.met_on.map(|d| d.to_string()).unwrap_or_default()),
        ("version", m.version.to_string()),
    ]));
    Ok(render(&milestone_page(&ui, goal, Some(id.to_string()), form)))
}

async fn update_milestone(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let m = session.milestone(id).await?;
    let mut errors = ValidationErrors::new();
    let result = match milestone_draft(&form, &mut errors) {
        Some(draft) => session.update_milestone(id, &draft, version(&form)).await,
        None => Err(AppError::Invalid(errors)),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/goals/{}#milestones", m.goal_id), "milestone_saved")),
        Outcome::Again(form) => {
            let goal = session.goal(m.goal_id).await?;
            Ok(render_with_status(form.status(), &milestone_page(&ui, goal, Some(id.to_string()), form)))
        }
    }
}

/// Marks a milestone met today.
async fn milestone_met(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let m = session.milestone(id).await?;
    let today = session.today();
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-milestone-met-heading"),
        detail: tr.a("confirm-milestone-met-detail", [("title", m.title.clone()), ("day", tr.day(today))]),
        button: tr.t("confirm-milestone-met-button"),
        back: format!("/goals/{}#milestones", m.goal_id),
    };
    if let Some(page) = unless_confirmed(&ui, pages::PARTNERSHIPS, &form, &format!("/milestones/{id}/met"), ask) {
        return Ok(page);
    }
    let draft = MilestoneDraft { title: m.title.clone(), due_on: m.due_on, met_on: Some(session.today()) };
    match session.update_milestone(id, &draft, version(&form)).await {
        Ok(_) => Ok(ui.done(&format!("/goals/{}#milestones", m.goal_id), "milestone_met")),
        Err(AppError::Stale) => Err(AppError::Stale.into()),
        Err(other) => Err(other.into()),
    }
}

// Commitments.

#[derive(Template)]
#[template(path = "commitment_form.html")]
struct CommitmentFormPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    form: FormState,
    organizations: Vec<Choice>,
    people: Vec<Choice>,
    outcomes: Vec<Choice>,
    /// The section for a promise made earlier starts open when it holds something.
    earlier_open: bool,
    /// Set when correcting a recorded commitment.
    commitment_id: Option<String>,
    /// What a correction can no longer change, in words.
    locked: Option<String>,
}

async fn commitment_form_page(ui: &Ui, p: Partnership, form: FormState) -> UiResult<CommitmentFormPage> {
    let people = ui.session().members().await?;
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let form = form.speaking(tr);
    Ok(CommitmentFormPage {
        chrome,
        ws: ui.ws().to_string(),
        organizations: member_choices(&p),
        people: people_choices(&tr, &p, &people),
        outcomes: outcome_choices(&tr),
        earlier_open: ["made_on", "outcome", "outcome_on", "outcome_agreed_on", "outcome_new_due_on", "outcome_reason"]
            .iter()
            .any(|f| !form.value(f).is_empty() || form.is_invalid(f)),
        p,
        form,
        commitment_id: None,
        locked: None,
    })
}

/// The correction form of a recorded commitment, saying up front what can no longer change.
async fn correction_form_page(ui: &Ui, c: &Commitment, form: FormState) -> UiResult<CommitmentFormPage> {
    let p = ui.session().partnership(c.partnership_id).await?;
    let mut page = commitment_form_page(ui, p, form).await?;
    let today = ui.session().today();
    let open = !c.cancelled && c.done_on.is_none();
    page.commitment_id = Some(c.id.to_string());
    let tr = page.chrome.tr;
    page.locked = if !open {
        Some(tr.t("commitment-form-locked-closed"))
    } else if today > c.due_on {
        Some(tr.a("commitment-form-locked-past", [("due", tr.day(c.due_on))]))
    } else {
        None
    };
    Ok(page)
}

fn commitment_fields(c: &Commitment) -> FormData {
    FormData::from_pairs([
        ("description", c.description.clone()),
        ("promisor_organization_id", c.promisor_organization_id.to_string()),
        ("promisor_user_id", c.promisor_user_id.map(|u| u.to_string()).unwrap_or_default()),
        ("promisee_organization_id", c.promisee_organization_id.map(|o| o.to_string()).unwrap_or_default()),
        ("due_on", c.due_on.to_string()),
        ("version", c.version.to_string()),
    ])
}

async fn edit_commitment(ui: Ui, Id(id): Id) -> UiResult {
    let session = ui.session();
    let c = session.commitment(id).await?;
    session.writable_partnership(c.partnership_id).await?;
    Ok(render(&correction_form_page(&ui, &c, FormState::new(commitment_fields(&c))).await?))
}

async fn correct_commitment(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let c = session.commitment(id).await?;
    let p = session.partnership(c.partnership_id).await?;
    let mut people = people_choices(&Tr::english(), &p, &session.members().await?);
    // The person already named stays a valid choice.
    if let Some(person) = c.promisor_user_id
        && !people.iter().any(|choice| choice.value == person.to_string())
    {
        people.push(Choice::new(person, String::new()));
    }
    let mut errors = ValidationErrors::new();
    let members = p.member_ids();
    let as_correction =
        |draft: &CommitmentDraft| draft.validate_correction(&members, c.made_on).err().unwrap_or_default();
    let result = match commitment_draft(&form, "", &people, as_correction, &mut errors) {
        Some(draft) => session.correct_commitment(id, &draft, version(&form)).await,
        None => Err(AppError::Invalid(errors)),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/commitments/{id}"), "saved")),
        Outcome::Again(form) => Ok(render_with_status(form.status(), &correction_form_page(&ui, &c, form).await?)),
    }
}

async fn new_commitment(ui: Ui, Id(id): Id) -> UiResult {
    let p = ui.session().writable_partnership(id).await?;
    let mut form = FormData::default();
    // Most promises are made by the recorder's own organisation.
    if let Some(mine) = p.members.iter().find(|m| ui.viewer.belongs_to(m.organization_id)) {
        form.push("promisor_organization_id", mine.organization_id.to_string());
        form.push("promisor_user_id", ui.viewer.user_id.to_string());
    }
    Ok(render(&commitment_form_page(&ui, p, FormState::new(form)).await?))
}

/// A commitment draft from form fields named `{prefix}description` etc.; `None` when something
/// is wrong, with every problem in `errors`: what did not parse, and what `rules` (a new
/// promise's or a correction's) find in the rest.
fn commitment_draft(
    form: &FormData,
    prefix: &str,
    people: &[Choice],
    rules: impl Fn(&CommitmentDraft) -> ValidationErrors,
    errors: &mut ValidationErrors,
) -> Option<CommitmentDraft> {
    let mut found = ValidationErrors::new();
    let promisor =
        form.required_id(&mut found, &format!("{prefix}promisor_organization_id"), "the organisation that promises");
    let person_field = format!("{prefix}promisor_user_id");
    let person = form.optional_id(&mut found, &person_field, "a person");
    if let Some(person) = person
        && !people.iter().any(|p| p.value == person.to_string())
    {
        found.add(person_field, "choose someone from the list");
    }
    let promisee = form.optional_id(&mut found, &format!("{prefix}promisee_organization_id"), "an organisation");
    let due_on = form.date(&mut found, &format!("{prefix}due_on"));
    let made_on = form.optional_date(&mut found, &format!("{prefix}made_on"));
    let outcome = outcome_draft(form, prefix, &mut found);
    let draft = CommitmentDraft {
        promisor_organization_id: promisor.unwrap_or_default(),
        promisor_user_id: person,
        promisee_organization_id: promisee,
        description: form.get(&format!("{prefix}description")).to_owned(),
        due_on: due_on.unwrap_or_default(),
        made_on,
        outcome,
    };
    // The partnership's own rules, on what could be read.
    for mut e in rules(&draft).0 {
        // The form names the outcome's parts `outcome_on`, … (`outcome.on` in the API).
        e.field = e.field.replace("outcome.", "outcome_");
        let unread = (promisor.is_none() && e.field.ends_with("promisor_organization_id"))
            || (due_on.is_none() && e.field.ends_with("outcome"));
        if !unread && found.for_field(&e.field).is_none() {
            found.add(e.field, e.message);
        }
    }
    if found.is_empty() {
        return Some(draft);
    }
    errors.0.extend(found.0);
    None
}

/// The rules of a new promise (`prefix` names an action item's fields).
fn new_promise<'a>(context: PromiseContext<'a>, prefix: &'a str) -> impl Fn(&CommitmentDraft) -> ValidationErrors + 'a {
    move |draft| {
        let mut errors = ValidationErrors::new();
        draft.validate_in(context, prefix, &mut errors);
        errors
    }
}

/// What became of a promise recorded after the fact, from the radio `{prefix}outcome` and the
/// fields of the chosen outcome; `None` when none is chosen (or a date did not parse, which
/// `errors` then names).
fn outcome_draft(form: &FormData, prefix: &str, errors: &mut ValidationErrors) -> Option<OutcomeDraft> {
    let field = |name: &str| format!("{prefix}{name}");
    let reason = || form.get(&field("outcome_reason")).to_owned();
    match form.get(&field("outcome")) {
        "kept" => form.date(errors, &field("outcome_on")).map(|on| OutcomeDraft::Kept { on }),
        "cancelled" => {
            form.date(errors, &field("outcome_on")).map(|on| OutcomeDraft::Cancelled { on, reason: reason() })
        }
        "renegotiated" => {
            let agreed_on = form.date(errors, &field("outcome_agreed_on"));
            let new_due_on = form.date(errors, &field("outcome_new_due_on"));
            Some(OutcomeDraft::Renegotiated { agreed_on: agreed_on?, new_due_on: new_due_on?, reason: reason() })
        }
        "not_kept" => Some(OutcomeDraft::NotKept),
        "" => None,
        _ => {
            errors.add(field("outcome"), "choose one of the outcomes listed");
            None
        }
    }
}

/// The outcomes a promise recorded after the fact can have, for the form's radios.
fn outcome_choices(tr: &Tr) -> Vec<Choice> {
    vec![
        Choice::new("kept", tr.t("commitment-outcome-kept")),
        Choice::new("renegotiated", tr.t("commitment-outcome-renegotiated")),
        Choice::new("cancelled", tr.t("commitment-outcome-cancelled")),
        Choice::new("not_kept", tr.t("commitment-outcome-not-kept")),
    ]
}

async fn create_commitment(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let p = session.partnership(id).await?;
    let people = people_choices(&Tr::english(), &p, &session.members().await?);
    let mut errors = ValidationErrors::new();
    let members = p.member_ids();
    let context = PromiseContext::today(&members, session.today());
    let result = match commitment_draft(&form, "", &people, new_promise(context, ""), &mut errors) {
        Some(draft) => session.create_commitment(id, &draft).await,
        None => Err(AppError::Invalid(errors)),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/partnerships/{id}#commitments"), "commitment_created")),
        Outcome::Again(form) => Ok(render_with_status(form.status(), &commitment_form_page(&ui, p, form).await?)),
    }
}

pub struct EventView {
    pub what: String,
    pub when: String,
    pub by: String,
    pub reason: Option<String>,
}

#[derive(Template)]
#[template(path = "commitment.html")]
struct CommitmentPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    c: CommitmentView,
    due_on: String,
    history: Vec<EventView>,
    can_record: bool,
    /// The record can be corrected: the partnership takes records and it is not archived.
    can_correct: bool,
    can_renegotiate: bool,
    done_form: FormState,
    renegotiate_form: FormState,
    cancel_form: FormState,
    checkin_id: Option<String>,
    links: super::links::LinksPanel,
}

/// ", agreed on 3 March" for a change recorded after the day it was agreed; empty otherwise.
fn agreed_earlier(tr: &Tr, event: &CommitmentEvent) -> String {
    match event.on_date {
        Some(day) if day != event.occurred_at.date_naive() => tr.a("commitment-agreed-earlier", [("day", tr.day(day))]),
        _ => String::new(),
    }
}

/// Which of the commitment page's three forms was posted, with its state.
enum Posting {
    Done(FormState),
    Renegotiate(FormState),
    Cancel(FormState),
}

async fn commitment_page(ui: &Ui, id: Uuid, posting: Option<Posting>) -> UiResult<CommitmentPage> {
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let day = |d: NaiveDate| tr.day(d);
    let session = ui.session();
    let c = session.commitment(id).await?;
    let p = session.partnership(c.partnership_id).await?;
    let people = session.members().await?;
    let names = Names::new(&p, &people).speaking(tr);
    let today = session.today();
    let events = session.commitment_history(id).await?;
    let first_due = first_due_date(&events, c.due_on);
    let history = events
        .iter()
        .map(|e| EventView {
            what: match e.kind {
                CommitmentEventKind::Made => tr.a(
                    "commitment-event-made",
                    [("made", day(e.on_date.unwrap_or(c.made_on))), ("due", day(first_due))],
                ),
                CommitmentEventKind::Done => {
                    tr.a("commitment-event-done", [("day", e.on_date.map(day).unwrap_or_default())])
                }
                CommitmentEventKind::Renegotiated => tr.a(
                    "commitment-event-renegotiated",
                    [
                        ("from", e.previous_due_on.map(day).unwrap_or_default()),
                        ("to", e.new_due_on.map(day).unwrap_or_default()),
                        ("agreed", agreed_earlier(&tr, e)),
                    ],
                ),
                CommitmentEventKind::Cancelled => {
                    tr.a("commitment-event-cancelled", [("agreed", agreed_earlier(&tr, e))])
                }
                CommitmentEventKind::Corrected => {
                    // The reason is what the person typed; "Corrected" is ours.
                    let what = e
                        .reason
                        .as_deref()
                        .map_or_else(|| tr.t("commitment-event-corrected"), |r| stored_summary(&tr, r));
                    match (e.previous_due_on, e.new_due_on) {
                        (Some(from), Some(to)) => tr.a(
                            "commitment-event-corrected-due",
                            [("what", what), ("from", day(from)), ("to", day(to))],
                        ),
                        _ => what,
                    }
                }
            },
            when: format::moment_in(&tr, ui.viewer.time_zone, e.occurred_at),
            by: e.actor_user_id.map(|u| names.person(u)).unwrap_or_else(|| tr.t("names-someone")),
            reason: e.reason.clone().filter(|_| e.kind != CommitmentEventKind::Corrected),
        })
        .collect();
    let version = c.version.to_string();
    let fresh = |pairs: Vec<(&str, String)>| {
        let mut data = FormData::from_pairs(pairs);
        data.push("version", version.clone());
        FormState::new(data)
    };
    let mut done_form = fresh(vec![("done_on", today.to_string())]);
    let mut renegotiate_form = fresh(vec![("agreed_on", today.to_string())]);
    let mut cancel_form = fresh(vec![("cancel_agreed_on", today.to_string())]);
    match posting {
        Some(Posting::Done(f)) => done_form = f.speaking(tr),
        Some(Posting::Renegotiate(f)) => renegotiate_form = f.speaking(tr),
        Some(Posting::Cancel(f)) => cancel_form = f.speaking(tr),
        None => {}
    }
    let open = !c.cancelled && c.done_on.is_none();
    let can_correct =
        ui.viewer.can_record_in_partnership(&p.member_ids()) && p.archived_at.is_none() && c.archived_at.is_none();
    let links =
        super::links::LinksPanel::new(ui, &session, rapport_core::links::LinkedKind::Commitment, id, can_correct)
            .await?;
    Ok(CommitmentPage {
        links,
        can_correct,
        chrome,
        ws: ui.ws().to_string(),
        c: CommitmentView::new(&c, &names, today),
        due_on: format!("{} ({})", tr.day(c.due_on), format::relative_in(&tr, c.due_on, today)),
        history,
        can_record: open && ui.viewer.can_record_in_partnership(&p.member_ids()) && p.archived_at.is_none(),
        can_renegotiate: today <= c.due_on,
        done_form,
        renegotiate_form,
        cancel_form,
        checkin_id: c.checkin_id.map(|i| i.to_string()),
        p,
    })
}

/// The due date first promised: the date the first renegotiation or correction moved away from,
/// or the current one when it never moved.
fn first_due_date(events: &[CommitmentEvent], current: NaiveDate) -> NaiveDate {
    events
        .iter()
        .find(|e| matches!(e.kind, CommitmentEventKind::Renegotiated | CommitmentEventKind::Corrected))
        .and_then(|e| e.previous_due_on)
        .unwrap_or(current)
}

async fn show_commitment(ui: Ui, Id(id): Id) -> UiResult {
    Ok(render(&commitment_page(&ui, id, None).await?))
}

/// Shows the commitment page again with the posted form's errors, or goes back where the person
/// came from with a notice.
async fn after_transition(
    ui: &Ui,
    id: Uuid,
    result: rapport_app::AppResult<Commitment>,
    form: FormData,
    which: fn(FormState) -> Posting,
    notice: &str,
    rename: fn(&str) -> String,
) -> UiResult {
    // A list's button says where it stands, so the person stays on the page they were using.
    let back = Some(form.get("back").to_owned()).filter(|b| super::context::is_local_path(b));
    match outcome(result, form, rename)? {
        Outcome::Saved(_) => Ok(ui.done(back.as_deref().unwrap_or(&format!("/commitments/{id}")), notice)),
        Outcome::Again(form) => {
            let status = form.status();
            Ok(render_with_status(status, &commitment_page(ui, id, Some(which(form))).await?))
        }
    }
}

async fn commitment_done(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let done_on = form.optional_date(&mut errors, "done_on");
    if errors.is_empty() {
        let session = ui.session();
        let c = session.commitment(id).await?;
        let on = done_on.unwrap_or_else(|| session.today());
        let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
        let tr = chrome.tr;
        let timing = if on <= c.due_on {
            tr.t("commitment-confirm-on-time")
        } else {
            tr.a("commitment-confirm-late", [("late", late_by(&tr, c.due_on, on))])
        };
        let ask = Ask {
            heading: tr.t("commitment-confirm-heading"),
            detail: tr.a(
                "commitment-confirm-detail",
                [("description", c.description.clone()), ("day", tr.day(on)), ("timing", timing)],
            ),
            button: tr.t("commitment-confirm-button"),
            // "No" goes back to the page the button was on.
            back: Some(form.get("back"))
                .filter(|b| super::context::is_local_path(b))
                .map_or_else(|| format!("/commitments/{id}"), str::to_owned),
        };
        if let Some(page) = unless_confirmed_in(&ui, chrome, &form, &format!("/commitments/{id}/done"), ask) {
            return Ok(page);
        }
    }
    let result = if errors.is_empty() {
        ui.session().complete_commitment(id, done_on, version(&form)).await
    } else {
        Err(AppError::Invalid(errors))
    };
    after_transition(&ui, id, result, form, Posting::Done, "done", same).await
}

async fn renegotiate_commitment(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let new_due_on = form.date(&mut errors, "new_due_on");
    let agreed_on = form.optional_date(&mut errors, "agreed_on");
    if form.get("reason").trim().is_empty() {
        errors.add("reason", "is required: say why the date changes");
    }
    let result = match new_due_on {
        Some(new_due_on) if errors.is_empty() => {
            ui.session().renegotiate_commitment(id, new_due_on, form.get("reason"), agreed_on, version(&form)).await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    after_transition(&ui, id, result, form, Posting::Renegotiate, "renegotiated", same).await
}

fn cancel_field(field: &str) -> String {
    match field {
        "reason" => "cancel_reason".into(),
        "agreed_on" => "cancel_agreed_on".into(),
        other => other.to_owned(),
    }
}

async fn cancel_commitment(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let agreed_on = form.optional_date(&mut errors, "cancel_agreed_on");
    let result = if errors.is_empty() {
        ui.session().cancel_commitment(id, form.get("cancel_reason"), agreed_on, version(&form)).await
    } else {
        Err(AppError::Invalid(errors))
    };
    after_transition(&ui, id, result, form, Posting::Cancel, "cancelled", cancel_field).await
}

// Check-ins.

#[derive(Template)]
#[template(path = "checkin_form.html")]
struct CheckInFormPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    form: FormState,
    organizations: Vec<Choice>,
    people: Vec<Choice>,
    /// Contacts at the member organisations: ticking one logs them as met that day.
    contacts: Vec<Choice>,
    rows: Vec<ActionRow>,
}

/// The input names of one action-item row.
pub struct ActionRow {
    pub number: usize,
    pub description: String,
    pub promisor: String,
    pub promisee: String,
    pub due_on: String,
}

fn action_rows(form: &FormData) -> usize {
    form.get("rows").parse::<usize>().unwrap_or(3).clamp(3, 60)
}

async fn checkin_form_page(ui: &Ui, p: Partnership, form: FormState) -> UiResult<CheckInFormPage> {
    let people = ui.session().members().await?;
    let rows = (0..action_rows(&form.data))
        .map(|i| ActionRow {
            number: i + 1,
            description: format!("action_items[{i}].description"),
            promisor: format!("action_items[{i}].promisor_organization_id"),
            promisee: format!("action_items[{i}].promisee_organization_id"),
            due_on: format!("action_items[{i}].due_on"),
        })
        .collect();
    let mut contacts = Vec::new();
    for member in &p.members {
        for contact in ui.session().contacts(member.organization_id).await? {
            contacts.push(Choice::new(contact.id, format!("{} ({})", contact.name, member.organization_name)));
        }
    }
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    Ok(CheckInFormPage {
        chrome,
        form: form.speaking(tr),
        ws: ui.ws().to_string(),
        organizations: member_choices(&p),
        people: people_choices(&tr, &p, &people),
        contacts,
        p,
        rows,
    })
}

async fn new_checkin(ui: Ui, Id(id): Id) -> UiResult {
    let p = ui.session().writable_partnership(id).await?;
    let mut form = FormData::from_pairs([("held_on", ui.session().today().to_string()), ("rows", "3".to_owned())]);
    for m in &p.members {
        form.push("attendee_organization_ids", m.organization_id.to_string());
    }
    form.push("attendee_user_ids", ui.viewer.user_id.to_string());
    Ok(render(&checkin_form_page(&ui, p, FormState::new(form)).await?))
}

/// Reads the check-in form. Empty action-item rows are skipped; `rows[k]` is the form row of the
/// draft's k-th action item, so its errors land beside the right row.
fn checkin_draft(
    form: &FormData,
    people: &[Choice],
    members: &[Uuid],
    today: NaiveDate,
    errors: &mut ValidationErrors,
) -> (Option<CheckInDraft>, Vec<usize>) {
    let held_on = form.date(errors, "held_on");
    // Action items are promised at the check-in.
    let context = PromiseContext { members, today, made_on: held_on.unwrap_or(today).min(today) };
    let mut action_items = Vec::new();
    let mut rows = Vec::new();
    let mut broken = false;
    for row in 0..action_rows(form) {
        let prefix = format!("action_items[{row}].");
        let used = ["description", "promisor_organization_id", "due_on"]
            .iter()
            .any(|f| !form.get(&format!("{prefix}{f}")).trim().is_empty());
        if !used {
            continue;
        }
        match commitment_draft(form, &prefix, people, new_promise(context, &prefix), errors) {
            Some(item) => {
                action_items.push(item);
                rows.push(row);
            }
            None => broken = true,
        }
    }
    let draft = held_on.map(|held_on| CheckInDraft {
        held_on,
        agenda: form.optional("agenda"),
        notes: form.optional("notes"),
        decisions: form.optional("decisions"),
        attendee_organization_ids: form.ids("attendee_organization_ids"),
        attendee_user_ids: form.ids("attendee_user_ids"),
        attendee_contact_ids: form.ids("attendee_contact_ids"),
        action_items,
    });
    if broken {
        // The rest of the form is checked too, so every error shows at once (a date in the
        // future beside broken action items, say).
        if let Some(draft) = &draft
            && let Err(more) = (CheckInDraft { action_items: Vec::new(), ..draft.clone() }).validate(members, today)
        {
            for e in more.0 {
                if errors.for_field(&e.field).is_none() {
                    errors.add(e.field, e.message);
                }
            }
        }
        return (None, rows);
    }
    (draft, rows)
}

/// `action_items[k].x` in the draft is `action_items[{rows[k]}].x` in the form.
fn action_field(rows: &[usize], field: &str) -> String {
    let Some(rest) = field.strip_prefix("action_items[") else { return field.to_owned() };
    let Some((index, tail)) = rest.split_once(']') else { return field.to_owned() };
    match index.parse::<usize>().ok().and_then(|i| rows.get(i)) {
        Some(row) => format!("action_items[{row}]{tail}"),
        None => field.to_owned(),
    }
}

async fn create_checkin(Id(id): Id, Posted { ctx: ui, mut form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let p = session.partnership(id).await?;
    if form.has("more_rows") {
        let rows = action_rows(&form) + 3;
        form.set("rows", rows.to_string());
        return Ok(render(&checkin_form_page(&ui, p, FormState::new(form)).await?));
    }
    let people = people_choices(&Tr::english(), &p, &session.members().await?);
    let mut errors = ValidationErrors::new();
    let (draft, rows) = checkin_draft(&form, &people, &p.member_ids(), session.today(), &mut errors);
    let result = match draft {
        Some(draft) if errors.is_empty() => session.create_checkin(id, &draft).await,
        _ => Err(AppError::Invalid(errors)),
    };
    // Errors found while reading the form already name the form's rows.
    let result = result.map_err(|e| match e {
        AppError::Invalid(errors) if !rows.is_empty() => AppError::Invalid(renamed(errors, |f| action_field(&rows, f))),
        other => other,
    });
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/partnerships/{id}#checkins"), "checkin")),
        Outcome::Again(form) => Ok(render_with_status(form.status(), &checkin_form_page(&ui, p, form).await?)),
    }
}

#[derive(Template)]
#[template(path = "checkin.html")]
struct CheckInPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    held_on: String,
    organizations: String,
    people: String,
    c: CheckIn,
    action_items: Vec<CommitmentView>,
    can_record: bool,
    back: String,
    history: Vec<EventView>,
    links: super::links::LinksPanel,
}

async fn show_checkin(ui: Ui, Id(id): Id) -> UiResult {
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let session = ui.session();
    let c = session.checkin(id).await?;
    let p = session.partnership(c.partnership_id).await?;
    let people = session.members().await?;
    let names = Names::new(&p, &people).speaking(tr);
    let today = session.today();
    let mut action_items = Vec::new();
    for item in &c.action_item_ids {
        match session.commitment(*item).await {
            Ok(commitment) if commitment.archived_at.is_none() => {
                action_items.push(CommitmentView::new(&commitment, &names, today));
            }
            Ok(_) | Err(AppError::NotFound) => {}
            Err(other) => return Err(other.into()),
        }
    }
    let history = session
        .checkin_history(id)
        .await?
        .into_iter()
        .map(|e| EventView {
            what: sentence_case(&stored_summary(&tr, &e.summary)),
            when: format::moment_in(&tr, ui.viewer.time_zone, e.occurred_at),
            by: e.actor_user_id.map(|u| names.person(u)).unwrap_or_else(|| tr.t("names-someone")),
            reason: None,
        })
        .collect();
    let writes = ui.viewer.can_record_in_partnership(&p.member_ids()) && p.archived_at.is_none();
    let links =
        super::links::LinksPanel::new(&ui, &session, rapport_core::links::LinkedKind::CheckIn, id, writes).await?;
    Ok(render(&CheckInPage {
        links,
        history,
        chrome,
        ws: ui.ws().to_string(),
        held_on: format!("{} ({})", tr.day(c.held_on), format::relative_in(&tr, c.held_on, today)),
        organizations: join_names(
            names.tr(),
            c.attendee_organization_ids
                .iter()
                .map(|o| names.organization(*o))
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str),
        ),
        people: join_names(
            names.tr(),
            c.attendee_user_ids.iter().map(|u| names.person(*u)).collect::<Vec<_>>().iter().map(String::as_str),
        ),
        can_record: ui.viewer.can_record_in_partnership(&p.member_ids()) && p.archived_at.is_none(),
        action_items,
        back: format!("/checkins/{id}"),
        p,
        c,
    }))
}

/// What the store wrote down of a change to a commitment or check-in ("recorded a check-in",
/// "corrected the agenda and the notes"), in the page's language; a line it does not know stays
/// as written.
pub(crate) fn stored_summary(tr: &Tr, summary: &str) -> String {
    if summary == "recorded a check-in" {
        return tr.t("history-recorded-checkin");
    }
    let Some(rest) = summary.strip_prefix("corrected ").or_else(|| summary.strip_prefix("Corrected ")) else {
        return summary.to_owned();
    };
    let (init, last) = rest.rsplit_once(" and ").map_or((None, rest), |(init, last)| (Some(init), last));
    let mut parts: Vec<&str> = init.map(|i| i.split(", ").collect()).unwrap_or_default();
    parts.push(last);
    let words: Option<Vec<String>> = parts
        .iter()
        .map(|part| {
            Some(match *part {
                "the wording" => tr.t("history-part-wording"),
                "who promised" => tr.t("history-part-who-promised"),
                "to whom" => tr.t("history-part-to-whom"),
                "the due date" => tr.t("history-part-due-date"),
                "who was there" => tr.t("history-part-who-was-there"),
                "the agenda" => tr.t("history-part-agenda"),
                "the notes" => tr.t("history-part-notes"),
                "the decisions" => tr.t("history-part-decisions"),
                _ => return None,
            })
        })
        .collect();
    match words {
        Some(words) => {
            let what = super::partnerships::join_names(tr, words.iter().map(String::as_str));
            let corrected = tr.a("history-corrected", [("what", what)]);
            if summary.starts_with('C') { sentence_case(&corrected) } else { corrected }
        }
        None => summary.to_owned(),
    }
}

/// "recorded a check-in" → "Recorded a check-in".
fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "checkin_edit.html")]
struct CheckInEditPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    id: String,
    held_on: String,
    form: FormState,
    organizations: Vec<Choice>,
    people: Vec<Choice>,
}

async fn checkin_edit_page(ui: &Ui, c: &CheckIn, form: FormState) -> UiResult<CheckInEditPage> {
    let p = ui.session().partnership(c.partnership_id).await?;
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let members = ui.session().members().await?;
    let mut people = people_choices(&tr, &p, &members);
    let names = Names::new(&p, &members).speaking(tr);
    // Someone recorded as present stays a choice, even if they have since left the partnership.
    for person in &c.attendee_user_ids {
        if !people.iter().any(|choice| choice.value == person.to_string()) {
            people.push(Choice::new(person, names.person(*person)));
        }
    }
    Ok(CheckInEditPage {
        chrome,
        ws: ui.ws().to_string(),
        id: c.id.to_string(),
        held_on: tr.day(c.held_on),
        organizations: member_choices(&p),
        people,
        p,
        form: form.speaking(tr),
    })
}

async fn edit_checkin(ui: Ui, Id(id): Id) -> UiResult {
    let session = ui.session();
    let c = session.checkin(id).await?;
    session.writable_partnership(c.partnership_id).await?;
    let mut form = FormData::from_pairs([
        ("agenda", c.agenda.clone().unwrap_or_default()),
        ("notes", c.notes.clone().unwrap_or_default()),
        ("decisions", c.decisions.clone().unwrap_or_default()),
        ("version", c.version.to_string()),
    ]);
    for o in &c.attendee_organization_ids {
        form.push("attendee_organization_ids", o.to_string());
    }
    for u in &c.attendee_user_ids {
        form.push("attendee_user_ids", u.to_string());
    }
    Ok(render(&checkin_edit_page(&ui, &c, FormState::new(form)).await?))
}

async fn correct_checkin(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let c = session.checkin(id).await?;
    let draft = CheckInCorrection {
        agenda: form.optional("agenda"),
        notes: form.optional("notes"),
        decisions: form.optional("decisions"),
        attendee_organization_ids: form.ids("attendee_organization_ids"),
        attendee_user_ids: form.ids("attendee_user_ids"),
    };
    let result = session.correct_checkin(id, &draft, version(&form)).await;
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/checkins/{id}"), "saved")),
        Outcome::Again(form) => Ok(render_with_status(form.status(), &checkin_edit_page(&ui, &c, form).await?)),
    }
}
