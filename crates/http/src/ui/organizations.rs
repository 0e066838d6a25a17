//! The organisation directory, each organisation's page, and its contacts.

use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chrono::NaiveDate;
use rapport_app::PageRequest;
use rapport_core::ValidationErrors;
use rapport_core::kinds::OrganizationKind;
use rapport_core::records::{
    Contact, ContactDraft, ContactNoteDraft, Organization, OrganizationDraft, WorkspaceMember,
};
use serde::Deserialize;

use super::context::{Id, Posted, Ui, UiResult};
use super::form::{FormData, FormState, Outcome, outcome, parsed, same};
use super::format::{self, Chip};
use super::pages::{self, Choice, Chrome, render, render_with_status};
use super::partnerships::PartnershipRow;
use super::words;
use crate::AppState;
use crate::i18n::Tr;
use rapport_app::AppError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/w/{ws}/organizations", get(list).post(create))
        .route("/w/{ws}/organizations/new", get(new))
        .route("/w/{ws}/organizations/{id}", get(show).post(update))
        .route("/w/{ws}/organizations/{id}/edit", get(edit))
        .route("/w/{ws}/organizations/{id}/archive", post(archive))
        .route("/w/{ws}/organizations/{id}/restore", post(restore))
        .route("/w/{ws}/organizations/{id}/contacts/new", get(new_contact))
        .route("/w/{ws}/organizations/{id}/contacts", post(create_contact))
        .route("/w/{ws}/contacts/{id}/edit", get(edit_contact))
        .route("/w/{ws}/contacts/{id}", post(update_contact))
        .route("/w/{ws}/contacts/{id}/archive", post(archive_contact))
        .route("/w/{ws}/contacts/{id}/log", get(contact_log).post(log_contact))
}

const MANAGE_ONLY: &str = "only coordinators and owners can add organisations";
const PAGE_SIZE: usize = 100;

pub fn kind_choices(tr: &Tr) -> Vec<Choice> {
    OrganizationKind::ALL.iter().map(|k| Choice::new(k.as_str(), words::organization_kind(tr, *k))).collect()
}

pub struct OrganizationRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub focus_areas: String,
    pub website: Option<String>,
    pub archived: bool,
}

impl OrganizationRow {
    fn new(tr: &Tr, org: &Organization) -> OrganizationRow {
        OrganizationRow {
            id: org.id.to_string(),
            name: org.name.clone(),
            kind: words::organization_kind(tr, org.kind),
            focus_areas: org.focus_areas.join(", "),
            website: org.website.clone(),
            archived: org.archived_at.is_some(),
        }
    }
}

#[derive(Deserialize)]
struct ListQuery {
    kind: Option<String>,
    archived: Option<String>,
    /// Read leniently: a mangled link shows the first page rather than an error.
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "organizations.html")]
struct ListPage {
    chrome: Chrome,
    ws: String,
    rows: Vec<OrganizationRow>,
    kinds: Vec<Choice>,
    filter: FormState,
    archived: bool,
    can_manage: bool,
    total: usize,
    prev_page: Option<String>,
    next_page: Option<String>,
}

async fn list(ui: Ui, Query(query): Query<ListQuery>) -> UiResult {
    let session = ui.session();
    let chrome = ui.chrome(pages::ORGANIZATIONS).translated();
    let tr = chrome.tr;
    let kind: Option<OrganizationKind> = query.kind.as_deref().filter(|k| !k.is_empty()).and_then(|k| k.parse().ok());
    let archived = query.archived.is_some_and(|a| a == "1");
    let all = if archived {
        // Archived organisations are few; the paged list holds them among the rest.
        let mut found = Vec::new();
        let mut page = PageRequest { after: None, limit: 200, include_archived: true };
        loop {
            let batch = session.organizations(page).await?;
            found.extend(batch.items.into_iter().filter(|o| o.archived_at.is_some()));
            match batch.next_after {
                Some(after) => page.after = Some(after),
                None => break,
            }
        }
        found.sort_by_key(|o| o.name.to_lowercase());
        found
    } else {
        session.organization_directory().await?
    };
    let matching: Vec<&Organization> = all.iter().filter(|o| kind.is_none_or(|k| o.kind == k)).collect();
    let total = matching.len();
    let page = query.page.and_then(|p| p.parse::<usize>().ok()).unwrap_or(1).clamp(1, 100_000);
    let rows =
        matching.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).map(|o| OrganizationRow::new(&tr, o)).collect();
    let link = |n: usize| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(k) = kind {
            query.append_pair("kind", k.as_str());
        }
        if archived {
            query.append_pair("archived", "1");
        }
        query.append_pair("page", &n.to_string());
        format!("{}?{}", ui.link("/organizations"), query.finish())
    };
    let filter = FormState::new(FormData::from_pairs([(
        "kind",
        kind.map(rapport_core::kinds::OrganizationKind::as_str).unwrap_or(""),
    )]));
    Ok(render(&ListPage {
        chrome,
        ws: ui.ws().to_string(),
        rows,
        kinds: kind_choices(&tr),
        filter,
        archived,
        can_manage: ui.may_manage_network(),
        total,
        prev_page: (page > 1).then(|| link(page - 1)),
        next_page: (page * PAGE_SIZE < total).then(|| link(page + 1)),
    }))
}

pub struct ContactView {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub last_contacted: Option<String>,
    pub follow_up: Option<(Chip, String)>,
    /// Who keeps in touch.
    pub owner: Option<String>,
}

impl ContactView {
    pub fn new(tr: &Tr, contact: &Contact, today: NaiveDate, people: &[WorkspaceMember]) -> ContactView {
        let last_contacted = contact
            .last_contacted_on
            .map(|d| tr.a("contact-day-when", [("day", tr.day(d)), ("when", format::relative_in(tr, d, today))]));
        let follow_up = contact.follow_up_days.map(|days| match contact.last_contacted_on {
            None => {
                (Chip { label: tr.t("contact-not-contacted-yet"), tone: "warn" }, tr.n("contact-follow-up-every", days))
            }
            Some(last) => {
                let next = last + chrono::Duration::days(i64::from(days));
                let left = (next - today).num_days();
                let chip = if left < 0 {
                    Chip { label: tr.t("contact-follow-up-overdue"), tone: "bad" }
                } else if left <= 7 {
                    Chip { label: tr.t("contact-follow-up-soon"), tone: "warn" }
                } else {
                    Chip { label: tr.t("contact-in-touch"), tone: "good" }
                };
                (
                    chip,
                    tr.a(
                        "contact-next-follow-up",
                        [("day", tr.day(next)), ("when", format::relative_in(tr, next, today))],
                    ),
                )
            }
        });
        ContactView {
            id: contact.id.to_string(),
            name: contact.name.clone(),
            role: contact.role.clone(),
            email: contact.email.clone(),
            phone: contact.phone.clone(),
            last_contacted,
            follow_up,
            owner: contact.owner_user_id.and_then(|id| people.iter().find(|p| p.user_id == id)).map(|p| p.name.clone()),
        }
    }
}

#[derive(Template)]
#[template(path = "organization.html")]
struct ShowPage {
    chrome: Chrome,
    ws: String,
    org: Organization,
    kind: String,
    contacts: Vec<ContactView>,
    partnerships: Vec<PartnershipRow>,
    can_edit: bool,
    can_manage: bool,
    reliability: super::trust::ReliabilitySummary,
    suggestions: Vec<SuggestionView>,
}

/// A possible partner on the organisation page.
struct SuggestionView {
    id: String,
    name: String,
    why: String,
    shared_focus_areas: Vec<String>,
    bar: String,
    percent: String,
}

async fn show(ui: Ui, Id(id): Id) -> UiResult {
    let session = ui.session();
    let org = session.organization(id).await?;
    let chrome = ui.chrome(pages::ORGANIZATIONS).translated();
    let tr = chrome.tr;
    let today = session.today();
    let people = session.members().await?;
    let contacts = session.contacts(id).await?.iter().map(|c| ContactView::new(&tr, c, today, &people)).collect();
    let page = PageRequest { after: None, limit: 200, include_archived: false };
    let partnerships =
        session.partnerships(Some(id), page).await?.items.iter().map(|p| PartnershipRow::new(&tr, p)).collect();
    let reliability = super::trust::reliability_summary(&tr, &session, ui.ws(), id, &org.name).await?;
    let suggestions = session
        .partner_suggestions(id, 5)
        .await?
        .into_iter()
        .map(|s| {
            let percent = (s.score * 100.0).round();
            SuggestionView {
                id: s.organization_id.to_string(),
                bar: super::charts::neutral_bar(percent, &tr.a("organization-match-of", [("name", s.name.clone())])),
                percent: tr.a("organization-match", [("percent", tr.percent_whole(percent))]),
                why: why_in(&tr, &s.name, &s.facts),
                name: s.name,
                shared_focus_areas: s.shared_focus_areas,
            }
        })
        .collect();
    Ok(render(&ShowPage {
        reliability,
        suggestions,
        chrome,
        ws: ui.ws().to_string(),
        kind: words::organization_kind(&tr, org.kind),
        can_edit: ui.viewer.can_edit_organization(id) && org.archived_at.is_none(),
        can_manage: ui.may_manage_network(),
        org,
        contacts,
        partnerships,
    }))
}

#[derive(Template)]
#[template(path = "organization_form.html")]
struct FormPage {
    chrome: Chrome,
    ws: String,
    /// `None` while creating.
    org: Option<Organization>,
    form: FormState,
    kinds: Vec<Choice>,
    first: bool,
}

#[derive(Deserialize)]
struct NewQuery {
    first: Option<String>,
}

async fn new(ui: Ui, Query(query): Query<NewQuery>) -> UiResult {
    if !ui.may_manage_network() {
        return Err(AppError::Forbidden(MANAGE_ONLY).into());
    }
    let form = FormState::new(FormData::from_pairs([("kind", "school")]));
    Ok(form_page(&ui, StatusCode::OK, None, form, query.first.is_some()))
}

/// The organisation form in the person's language; `org` is `None` while creating.
fn form_page(ui: &Ui, status: StatusCode, org: Option<Organization>, form: FormState, first: bool) -> Response {
    let chrome = ui.chrome(pages::ORGANIZATIONS).translated();
    let tr = chrome.tr;
    let page =
        FormPage { chrome, ws: ui.ws().to_string(), org, form: form.speaking(tr), kinds: kind_choices(&tr), first };
    render_with_status(status, &page)
}

fn draft(form: &FormData) -> OrganizationDraft {
    OrganizationDraft {
        name: form.get("name").to_owned(),
        kind: form.get("kind").to_owned(),
        mission: form.optional("mission"),
        focus_areas: form
            .get("focus_areas")
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect(),
        website: form.optional("website"),
    }
}

/// `focus_areas[3]` is a part of the one text input.
fn org_field(field: &str) -> String {
    if field.starts_with("focus_areas") { "focus_areas".into() } else { field.to_owned() }
}

async fn create(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let result = ui.session().create_organization(&draft(&form)).await;
    match outcome(result, form, org_field)? {
        Outcome::Saved(org) => Ok(ui.done(&format!("/organizations/{}", org.id), "created")),
        Outcome::Again(form) => Ok(form_page(&ui, form.status(), None, form, false)),
    }
}

fn org_form(org: &Organization) -> FormData {
    FormData::from_pairs([
        ("name", org.name.clone()),
        ("kind", org.kind.as_str().to_owned()),
        ("mission", org.mission.clone().unwrap_or_default()),
        ("focus_areas", org.focus_areas.join(", ")),
        ("website", org.website.clone().unwrap_or_default()),
        ("version", org.version.to_string()),
    ])
}

async fn edit(ui: Ui, Id(id): Id) -> UiResult {
    let org = ui.session().organization_to_edit(id).await?;
    let form = FormState::new(org_form(&org));
    Ok(form_page(&ui, StatusCode::OK, Some(org), form, false))
}

/// The version the form was opened at, so a change made meanwhile is noticed.
pub fn version(form: &FormData) -> Option<i32> {
    form.get("version").trim().parse().ok()
}

async fn update(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let result = session.update_organization(id, &draft(&form), version(&form)).await;
    match outcome(result, form, org_field)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/organizations/{id}"), "saved")),
        Outcome::Again(form) => {
            let org = session.organization(id).await?;
            Ok(form_page(&ui, form.status(), Some(org), form, false))
        }
    }
}

async fn archive(Id(id): Id, Posted { ctx: ui, .. }: Posted<Ui>) -> UiResult {
    ui.session().archive_organization(id, true).await?;
    Ok(ui.done(&format!("/organizations/{id}"), "archived"))
}

async fn restore(Id(id): Id, Posted { ctx: ui, .. }: Posted<Ui>) -> UiResult {
    ui.session().archive_organization(id, false).await?;
    Ok(ui.done(&format!("/organizations/{id}"), "restored"))
}

#[derive(Template)]
#[template(path = "contact_form.html")]
struct ContactPage {
    chrome: Chrome,
    ws: String,
    org: Organization,
    /// `None` while creating.
    contact_id: Option<String>,
    form: FormState,
    people: Vec<Choice>,
}

impl ContactPage {
    async fn new(
        ui: &Ui,
        org: Organization,
        contact_id: Option<String>,
        form: FormState,
    ) -> Result<ContactPage, super::context::UiError> {
        let people = ui.session().members().await?.into_iter().map(|p| Choice::new(p.user_id, p.name)).collect();
        let chrome = ui.chrome(pages::ORGANIZATIONS).translated();
        let tr = chrome.tr;
        Ok(ContactPage { chrome, ws: ui.ws().to_string(), org, contact_id, form: form.speaking(tr), people })
    }
}

async fn new_contact(ui: Ui, Id(id): Id) -> UiResult {
    let org = ui.session().organization_for_contacts(id).await?;
    // Whoever adds a contact usually keeps in touch with them.
    let form = FormState::new(FormData::from_pairs([("owner_user_id", ui.viewer.user_id.to_string())]));
    Ok(render(&ContactPage::new(&ui, org, None, form).await?))
}

/// Reads the contact form; dates and numbers that do not parse are reported with the rest.
fn contact_draft(form: &FormData, errors: &mut ValidationErrors) -> ContactDraft {
    ContactDraft {
        name: form.get("name").to_owned(),
        role: form.optional("role"),
        email: form.optional("email"),
        phone: form.optional("phone"),
        last_contacted_on: form.optional_date(errors, "last_contacted_on"),
        follow_up_days: form.optional_integer(errors, "follow_up_days"),
        owner_user_id: form.optional_id(errors, "owner_user_id", "a person"),
    }
}

async fn create_contact(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let mut errors = ValidationErrors::new();
    let draft = contact_draft(&form, &mut errors);
    let result = match parsed(errors, draft.validate(session.today()).map(|_| ())) {
        Ok(()) => session.create_contact(id, &draft).await,
        Err(e) => Err(e),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/organizations/{id}#contacts"), "saved")),
        Outcome::Again(form) => {
            let org = session.organization(id).await?;
            Ok(render_with_status(form.status(), &ContactPage::new(&ui, org, None, form).await?))
        }
    }
}

async fn edit_contact(ui: Ui, Id(id): Id) -> UiResult {
    let session = ui.session();
    let contact = session.contact_to_edit(id).await?;
    let org = session.organization(contact.organization_id).await?;
    let form = FormState::new(FormData::from_pairs([
        ("name", contact.name.clone()),
        ("role", contact.role.clone().unwrap_or_default()),
        ("email", contact.email.clone().unwrap_or_default()),
        ("phone", contact.phone.clone().unwrap_or_default()),
        ("last_contacted_on", contact.last_contacted_on.map(|d| d.to_string()).unwrap_or_default()),
        ("follow_up_days", contact.follow_up_days.map(|d| d.to_string()).unwrap_or_default()),
        ("owner_user_id", contact.owner_user_id.map(|d| d.to_string()).unwrap_or_default()),
        ("version", contact.version.to_string()),
    ]));
    Ok(render(&ContactPage::new(&ui, org, Some(id.to_string()), form).await?))
}

async fn update_contact(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let contact = session.contact(id).await?;
    let mut errors = ValidationErrors::new();
    let draft = contact_draft(&form, &mut errors);
    let result = match parsed(errors, draft.validate(session.today()).map(|_| ())) {
        Ok(()) => session.update_contact(id, &draft, version(&form)).await,
        Err(e) => Err(e),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/organizations/{}#contacts", contact.organization_id), "saved")),
        Outcome::Again(form) => {
            let org = session.organization(contact.organization_id).await?;
            Ok(render_with_status(form.status(), &ContactPage::new(&ui, org, Some(id.to_string()), form).await?))
        }
    }
}

async fn archive_contact(Id(id): Id, Posted { ctx: ui, .. }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let contact = session.contact(id).await?;
    session.archive_contact(id).await?;
    Ok(ui.done(&format!("/organizations/{}#contacts", contact.organization_id), "contact_archived"))
}

#[derive(Template)]
#[template(path = "contact_log.html")]
struct ContactLogPage {
    chrome: Chrome,
    ws: String,
    org: Organization,
    contact: ContactView,
    notes: Vec<NoteView>,
    can_log: bool,
    form: FormState,
}

struct NoteView {
    day: String,
    note: String,
    author: Option<String>,
    from_checkin: bool,
}

/// A contact's log of being in touch, with a form to add to it.
async fn contact_log_page(ui: &Ui, id: uuid::Uuid, form: FormState) -> Result<ContactLogPage, super::context::UiError> {
    let session = ui.session();
    let contact = session.contact(id).await?;
    let org = session.organization(contact.organization_id).await?;
    let people = session.members().await?;
    let today = session.today();
    let chrome = ui.chrome(pages::ORGANIZATIONS).translated();
    let tr = chrome.tr;
    let notes = session
        .contact_notes(id)
        .await?
        .into_iter()
        .map(|n| NoteView {
            day: tr.a(
                "contact-day-when",
                [("day", tr.day(n.noted_on)), ("when", format::relative_in(&tr, n.noted_on, today))],
            ),
            author: n.author_user_id.and_then(|a| people.iter().find(|p| p.user_id == a)).map(|p| p.name.clone()),
            from_checkin: n.checkin_id.is_some(),
            note: n.note,
        })
        .collect();
    Ok(ContactLogPage {
        chrome,
        ws: ui.ws().to_string(),
        can_log: ui.viewer.can_edit_organization(org.id) && contact.archived_at.is_none(),
        contact: ContactView::new(&tr, &contact, today, &people),
        org,
        notes,
        form: form.speaking(tr),
    })
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct BackQuery {
    /// The page (inside the workspace) to go back to once the contact is logged.
    back: Option<String>,
}

/// A path inside the workspace to go back to, when it is one.
fn back_to(path: &str) -> Option<&str> {
    Some(path).filter(|b| super::context::is_local_path(b))
}

async fn contact_log(ui: Ui, Id(id): Id, axum::extract::Query(query): axum::extract::Query<BackQuery>) -> UiResult {
    let mut data = FormData::from_pairs([("noted_on", ui.session().today().to_string())]);
    if let Some(back) = query.back.as_deref().and_then(back_to) {
        data.push("back", back.to_owned());
    }
    Ok(render(&contact_log_page(&ui, id, FormState::new(data)).await?))
}

async fn log_contact(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let mut errors = ValidationErrors::new();
    let draft =
        ContactNoteDraft { noted_on: form.optional_date(&mut errors, "noted_on"), note: form.get("note").to_owned() };
    let result = match parsed(errors, draft.validate(session.today()).map(|_| ())) {
        Ok(()) => session.log_contact(id, &draft).await,
        Err(e) => Err(e),
    };
    // Back where the person came from (the home page's follow-ups, say), else the organisation.
    let back = back_to(form.get("back")).map(str::to_owned);
    match outcome(result, form, same)? {
        Outcome::Saved(note) => {
            let contact = session.contact(note.contact_id).await?;
            let default = format!("/organizations/{}#contacts", contact.organization_id);
            Ok(ui.done(back.as_deref().unwrap_or(&default), "contact_logged"))
        }
        Outcome::Again(form) => Ok(render_with_status(form.status(), &contact_log_page(&ui, id, form).await?)),
    }
}

/// Why a possible partner is suggested, worded from its facts in the page's language (the API
/// keeps the core's English sentence, [`SuggestionFacts::english`]).
fn why_in(tr: &Tr, name: &str, facts: &rapport_core::network::SuggestionFacts) -> String {
    let mut reasons = Vec::new();
    if !facts.shared_focus_areas.is_empty() {
        reasons.push(tr.a("organization-why-focus", [("areas", facts.shared_focus_areas.join(", "))]));
    }
    if facts.similar_mission {
        reasons.push(tr.t("organization-why-mission"));
    }
    match (facts.introducers, &facts.introducer) {
        (0, _) => {}
        (1, Some(introducer)) => reasons.push(tr.a("organization-why-introducer", [("name", introducer.clone())])),
        (many, _) => reasons.push(tr.n("organization-why-introducers", many)),
    }
    if reasons.is_empty() {
        reasons.push(tr.t("organization-why-little"));
    }
    tr.a("organization-why", [("name", name.to_owned()), ("reasons", reasons.join(&tr.t("organization-why-and")))])
}

#[cfg(test)]
mod why_tests {
    use rapport_core::network::SuggestionFacts;

    use super::*;

    #[test]
    fn the_english_reasons_read_as_the_api_sends_them() {
        let tr = Tr::english();
        let cases = [
            SuggestionFacts::default(),
            SuggestionFacts {
                shared_focus_areas: vec!["literacy".into(), "family engagement".into()],
                similar_mission: true,
                introducers: 1,
                introducer: Some("Harbor Library".into()),
            },
            SuggestionFacts { similar_mission: true, introducers: 3, ..SuggestionFacts::default() },
            SuggestionFacts { shared_focus_areas: vec!["stem".into()], ..SuggestionFacts::default() },
        ];
        for facts in cases {
            assert_eq!(why_in(&tr, "Maple School", &facts), facts.english("Maple School"));
        }
        let es = Tr::of("es").unwrap();
        let facts =
            SuggestionFacts { shared_focus_areas: vec!["lectura".into()], introducers: 2, ..Default::default() };
        assert_eq!(
            why_in(&es, "Escuela Arce", &facts),
            "Escuela Arce coincide con usted en lectura y trabaja con 2 de sus socios, que podrían presentarles."
        );
    }
}
