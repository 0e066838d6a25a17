//! Kudos: the form that sends one and the wins feed.

use super::*;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/w/{ws}/kudos", get(wins_feed).post(send_kudos)).route("/w/{ws}/kudos/new", get(new_kudos))
}

#[derive(Template)]
#[template(path = "kudos.html")]
struct WinsPage {
    chrome: Chrome,
    ws: String,
    wins: Vec<KudosRow>,
    can_write: bool,
}

async fn wins_feed(ui: Ui) -> UiResult {
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let session = ui.session();
    let today = session.today();
    let (mut names, _) = workspace_names(&session, chrome.tr).await?;
    let kudos = session.kudos_feed(None, PageRequest { after: None, limit: 100, include_archived: false }).await?.items;
    for p in session.partnerships(None, PageRequest { after: None, limit: 200, include_archived: true }).await?.items {
        names.add_partnership(&p);
    }
    Ok(render(&WinsPage {
        chrome,
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
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let session = ui.session();
    let (names, people) = workspace_names(&session, tr).await?;
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
        "milestone" => Some(tr.t("kudos-about-milestone")),
        "commitment" => Some(tr.t("kudos-about-commitment")),
        "goal" => Some(tr.t("kudos-about-goal")),
        _ => None,
    };
    Ok(KudosFormPage {
        chrome,
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
        form: form.speaking(tr),
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
