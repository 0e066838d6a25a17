//! Retrospectives: holding one and adding items to it afterwards.

use super::*;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/w/{ws}/partnerships/{id}/retrospectives/new", get(new_retrospective))
        .route("/w/{ws}/partnerships/{id}/retrospectives", post(hold_retrospective))
        .route("/w/{ws}/retrospectives/{id}", get(show_retrospective))
        .route("/w/{ws}/retrospectives/{id}/items", post(add_retrospective_item))
}

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
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let p = session.partnership(id).await?;
    let milestones = session
        .milestones(id, None)
        .await?
        .iter()
        .map(|m| {
            Choice::new(m.id, tr.a("retro-milestone-choice", [("title", m.title.clone()), ("day", tr.day(m.due_on))]))
        })
        .collect();
    Ok(RetrospectiveFormPage {
        chrome,
        ws: ui.ws().to_string(),
        p,
        form: form.speaking(tr),
        triggers: RetrospectiveTrigger::ALL.iter().map(|t| Choice::new(t.as_str(), trigger(&tr, *t))).collect(),
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

/// Why a retrospective was held, in the page's language.
fn trigger(tr: &Tr, value: RetrospectiveTrigger) -> String {
    match value {
        RetrospectiveTrigger::Milestone => tr.t("retro-trigger-milestone"),
        RetrospectiveTrigger::Phase => tr.t("retro-trigger-phase"),
        RetrospectiveTrigger::OnDemand => tr.t("retro-trigger-on-demand"),
    }
}

/// A kind of retrospective item, in the page's language.
pub(super) fn item_kind(tr: &Tr, value: RetrospectiveItemKind) -> String {
    match value {
        RetrospectiveItemKind::WentWell => tr.t("retro-item-went-well"),
        RetrospectiveItemKind::DidNotGoWell => tr.t("retro-item-did-not-go-well"),
        RetrospectiveItemKind::Lesson => tr.t("retro-item-lesson"),
        RetrospectiveItemKind::FollowUp => tr.t("retro-item-follow-up"),
    }
}

struct ItemGroup {
    label: String,
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
    links: crate::ui::links::LinksPanel,
}

async fn retrospective_page(ui: &Ui, id: Uuid, form: Option<FormState>) -> UiResult<RetrospectivePage> {
    let session = ui.session();
    let retro = session.retrospective(id).await?;
    let p = session.partnership(retro.partnership_id).await?;
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let (names, _) = workspace_names(&session, tr).await?;
    let groups = RetrospectiveItemKind::ALL
        .iter()
        .map(|kind| ItemGroup {
            label: item_kind(&tr, *kind),
            items: retro
                .items
                .iter()
                .filter(|i| i.kind == *kind)
                .map(|i| {
                    let by = match i.author_user_id {
                        Some(author) => names.person(author),
                        None => tr.t("retro-anonymous"),
                    };
                    let by = if i.commitment_id.is_some() { tr.a("retro-became-commitment", [("by", by)]) } else { by };
                    (i.text.clone(), by)
                })
                .collect(),
        })
        .collect();
    let form = form.unwrap_or_else(|| FormState::new(FormData::from_pairs([("kind", "went_well")])));
    let writes = ui.viewer.can_record_in_partnership(&p.member_ids()) && p.archived_at.is_none();
    let links =
        crate::ui::links::LinksPanel::new(ui, &session, rapport_core::links::LinkedKind::Retrospective, id, writes)
            .await?;
    Ok(RetrospectivePage {
        links,
        chrome,
        ws: ui.ws().to_string(),
        title: retro.title.clone(),
        when: format!("{} · {}", trigger(&tr, retro.trigger), tr.day(retro.held_on)),
        groups,
        form: form.speaking(tr),
        kinds: RetrospectiveItemKind::ALL.iter().map(|k| Choice::new(k.as_str(), item_kind(&tr, *k))).collect(),
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
