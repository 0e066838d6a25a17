//! Links to documents (issue 26) on partnerships, goals, check-ins, commitments and
//! retrospectives: each record's page lists its links (opened in a new tab, with
//! `rel="noopener noreferrer"`), and one page per record adds and removes them.

use askama::Template;
use axum::Router;
use axum::extract::Path;
use axum::routing::{get, post};
use rapport_app::{AppError, Session};
use rapport_core::links::{LinkDraft, LinkedKind};
use uuid::Uuid;

use super::confirm::{Ask, unless_confirmed};
use super::context::{Posted, Ui, UiResult};
use super::form::{FormState, Outcome, outcome, same};
use super::pages::{self, Chrome, render, render_with_status};
use crate::AppState;
use crate::i18n::Tr;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/w/{ws}/links/{kind}/{id}", get(show).post(add))
        .route("/w/{ws}/links/{kind}/{id}/remove/{link}", post(remove))
}

/// The page of the record a link hangs on, inside the workspace.
fn record_path(kind: LinkedKind, id: Uuid) -> String {
    match kind {
        LinkedKind::Partnership => format!("/partnerships/{id}"),
        LinkedKind::Goal => format!("/goals/{id}"),
        LinkedKind::CheckIn => format!("/checkins/{id}"),
        LinkedKind::Commitment => format!("/commitments/{id}"),
        LinkedKind::Retrospective => format!("/retrospectives/{id}"),
    }
}

/// The record in words, for the page's title ("this partnership") and its way back.
fn kind_words(tr: &Tr, kind: LinkedKind) -> (String, String) {
    match kind {
        LinkedKind::Partnership => (tr.t("links-of-partnership"), tr.t("links-back-partnership")),
        LinkedKind::Goal => (tr.t("links-of-goal"), tr.t("links-back-goal")),
        LinkedKind::CheckIn => (tr.t("links-of-checkin"), tr.t("links-back-checkin")),
        LinkedKind::Commitment => (tr.t("links-of-commitment"), tr.t("links-back-commitment")),
        LinkedKind::Retrospective => (tr.t("links-of-retrospective"), tr.t("links-back-retrospective")),
    }
}

pub struct LinkRow {
    pub id: String,
    pub title: String,
    pub url: String,
}

/// The links section of a record's page.
pub struct LinksPanel {
    pub rows: Vec<LinkRow>,
    /// The page that adds and removes them.
    pub manage: String,
    pub can_record: bool,
}

impl LinksPanel {
    pub async fn new(
        ui: &Ui,
        session: &Session<'_>,
        kind: LinkedKind,
        id: Uuid,
        can_record: bool,
    ) -> Result<LinksPanel, AppError> {
        let rows = session
            .links(kind, id)
            .await?
            .into_iter()
            .map(|l| LinkRow { id: l.id.to_string(), title: l.title, url: l.url })
            .collect();
        Ok(LinksPanel { rows, manage: ui.link(&format!("/links/{}/{id}", kind.as_str())), can_record })
    }
}

#[derive(Template)]
#[template(path = "links.html")]
struct LinksPage {
    chrome: Chrome,
    /// "partnership", "esta alianza": what the links hang on, for the title.
    what: String,
    back: String,
    back_words: String,
    action: String,
    rows: Vec<LinkRow>,
    form: FormState,
    can_record: bool,
}

fn parse(kind: &str) -> Result<LinkedKind, AppError> {
    kind.parse().map_err(|_| AppError::NotFound)
}

async fn links_page(ui: &Ui, kind: LinkedKind, id: Uuid, form: Option<FormState>) -> UiResult<LinksPage> {
    let session = ui.session();
    let links = session.links(kind, id).await?;
    let partnership = match kind {
        LinkedKind::Partnership => id,
        LinkedKind::Goal => session.goal(id).await?.partnership_id,
        LinkedKind::CheckIn => session.checkin(id).await?.partnership_id,
        LinkedKind::Commitment => session.commitment(id).await?.partnership_id,
        LinkedKind::Retrospective => session.retrospective(id).await?.partnership_id,
    };
    let p = session.partnership(partnership).await?;
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let (what, back_words) = kind_words(&tr, kind);
    Ok(LinksPage {
        chrome,
        what,
        back_words,
        back: ui.link(&record_path(kind, id)),
        action: ui.link(&format!("/links/{}/{id}", kind.as_str())),
        rows: links.into_iter().map(|l| LinkRow { id: l.id.to_string(), title: l.title, url: l.url }).collect(),
        form: form.unwrap_or_default().speaking(tr),
        can_record: ui.viewer.can_record_in_partnership(&p.member_ids()) && p.archived_at.is_none(),
    })
}

async fn show(ui: Ui, Path((_, kind, id)): Path<(Uuid, String, Uuid)>) -> UiResult {
    let kind = parse(&kind)?;
    Ok(render(&links_page(&ui, kind, id, None).await?))
}

async fn add(Path((_, kind, id)): Path<(Uuid, String, Uuid)>, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let kind = parse(&kind)?;
    let draft = LinkDraft { title: form.get("title").to_owned(), url: form.get("url").to_owned() };
    let result = ui.session().add_link(kind, id, &draft).await;
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("{}#links", record_path(kind, id)), "link_added")),
        Outcome::Again(form) => Ok(render_with_status(form.status(), &links_page(&ui, kind, id, Some(form)).await?)),
    }
}

async fn remove(
    Path((_, kind, id, link)): Path<(Uuid, String, Uuid, Uuid)>,
    Posted { ctx: ui, form }: Posted<Ui>,
) -> UiResult {
    let kind = parse(&kind)?;
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-link-remove-heading"),
        detail: tr.t("confirm-link-remove-detail"),
        button: tr.t("confirm-remove-button"),
        back: format!("/links/{}/{id}", kind.as_str()),
    };
    let action = format!("/links/{}/{id}/remove/{link}", kind.as_str());
    if let Some(page) = unless_confirmed(&ui, pages::PARTNERSHIPS, &form, &action, ask) {
        return Ok(page);
    }
    ui.session().remove_link(link).await?;
    Ok(ui.done(&format!("{}#links", record_path(kind, id)), "link_removed"))
}
