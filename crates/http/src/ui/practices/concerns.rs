//! Concerns: raising one, the list, and moving one through its steps to a resolution.

use super::*;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/w/{ws}/concerns", get(list_concerns).post(raise_concern))
        .route("/w/{ws}/partnerships/{id}/concerns/new", get(new_concern))
        .route("/w/{ws}/concerns/{id}", get(show_concern))
        .route("/w/{ws}/concerns/{id}/transitions", post(move_concern))
}

#[derive(Template)]
#[template(path = "concerns.html")]
struct ConcernsPage {
    chrome: Chrome,
    ws: String,
    open: Vec<(ConcernRow, String)>,
    closed: Vec<(ConcernRow, String)>,
}

async fn list_concerns(ui: Ui) -> UiResult {
    let chrome = ui.chrome(pages::CONCERNS).translated();
    let tr = chrome.tr;
    let session = ui.session();
    let today = session.today();
    let (mut names, _) = workspace_names(&session, tr).await?;
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
                Err(AppError::NotFound) => tr.t("concern-partnership-mediated"),
                Err(other) => return Err(other.into()),
            });
        }
    }
    let row = |c: &Concern| {
        (ConcernRow::new(c, &names, today), partnership_names.get(&c.partnership_id).cloned().unwrap_or_default())
    };
    Ok(render(&ConcernsPage {
        chrome,
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
        let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
        let tr = chrome.tr;
        ConcernFormPage {
            ws: ui.ws().to_string(),
            organizations: member_choices(&p),
            severities: ConcernSeverity::ALL
                .iter()
                .map(|s| Choice::new(s.as_str(), words::concern_severity(&tr, *s)))
                .collect(),
            visibilities: vec![
                Choice::new("shared", tr.t("concern-visibility-shared")),
                Choice::new("private", tr.t("concern-visibility-private")),
            ],
            p,
            form: form.speaking(tr),
            chrome,
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
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let session = ui.session();
    let concern = session.concern(id).await?;
    let history = session.concern_history(id).await?;
    let today = session.today();
    let (mut names, people) = workspace_names(&session, tr).await?;
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
                None => words::concern_state(&tr, ConcernState::Raised),
                Some(_) if step.to_state == ConcernState::InMediation => tr.a(
                    "concern-into-mediation",
                    [("name", step.mediator_user_id.map(|m| names.person(m)).unwrap_or_default())],
                ),
                Some(_) => words::concern_state(&tr, step.to_state),
            },
            note: step.note.clone(),
            by: names.person(step.actor_user_id),
            when: format::moment_in(&tr, ui.viewer.time_zone, step.occurred_at),
        })
        .collect();
    // Who could mediate: anyone in the workspace who may write, except the person who raised it.
    let mediators = people
        .iter()
        .filter(|m| m.role != Role::Observer && m.user_id != concern.raised_by)
        .map(|m| Choice::new(m.user_id, format!("{} ({})", m.name, words::role(&tr, m.role).to_lowercase())))
        .collect();
    let parties = concern.parties();
    let members = partnership.as_ref().map(rapport_core::records::Partnership::member_ids).unwrap_or_default();
    // Offer only the moves this person may make from here.
    let next: Vec<Choice> = concern
        .state
        .next_states()
        .iter()
        .filter(|to| parties.refusal(&ui.viewer, &members, **to).is_none())
        .map(|to| Choice::new(to.as_str(), words::concern_state(&tr, *to)))
        .collect();
    let form = form.unwrap_or_else(|| {
        // Nothing is chosen for the person: a step is a decision, never a default.
        FormState::new(FormData::from_pairs([("version", concern.version.to_string())]))
    });
    Ok(ConcernPage {
        chrome,
        ws: ui.ws().to_string(),
        chip: state_chip(&tr, &concern),
        about: concern.organization_id.map(|o| names.organization(o)),
        raised_by: names.person(concern.raised_by),
        raised_on: tr.day(concern.raised_at.date_naive()),
        acknowledge_by: format!(
            "{} ({})",
            tr.day(concern.acknowledge_by),
            format::relative_in(&tr, concern.acknowledge_by, today)
        ),
        acknowledged_on: concern.acknowledged_on.map(|d| tr.day(d)),
        mediator: concern.mediator_user_id.map(|m| names.person(m)),
        history,
        next,
        mediators,
        partnership,
        c: concern,
        form: form.speaking(tr),
        viewer_id: ui.viewer.user_id.to_string(),
    })
}

async fn show_concern(ui: Ui, Id(id): Id) -> UiResult {
    Ok(render(&concern_page(&ui, id, None).await?))
}

async fn move_concern(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let to = form.get("to").to_owned();
    if to.is_empty() {
        errors.add("to", "choose the next step");
    }
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
            // The reason is the app's own sentence, in English for now.
            problem: Some(ui.chrome(pages::PARTNERSHIPS).translated().tr.a("concern-not-saved", [("why", why)])),
            ..FormState::default()
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
