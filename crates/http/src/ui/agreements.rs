//! Partnership agreements (issue 26): the workspace's list ending soonest first, a
//! partnership's agreements with the form to record one, and an agreement's page with its
//! history and the form to change it. The signed document opens in a new tab, with
//! `rel="noopener noreferrer"`.

use askama::Template;
use axum::Router;
use axum::routing::{get, post};
use chrono::NaiveDate;
use rapport_app::{AppError, Session};
use rapport_core::ValidationErrors;
use rapport_core::agreement::{Agreement, AgreementDraft, DEFAULT_NOTICE_DAYS, Standing};
use rapport_core::kinds::{AgreementKind, AgreementStatus};
use rapport_core::records::Partnership;
use uuid::Uuid;

use super::confirm::{Ask, unless_confirmed};
use super::context::{Id, Posted, Ui, UiResult};
use super::form::{FormData, FormState, Outcome, outcome, same};
use super::format::{self, Chip};
use super::organizations::version;
use super::pages::{self, Choice, Chrome, render, render_with_status};
use super::words;
use crate::AppState;
use crate::i18n::Tr;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/w/{ws}/agreements", get(list))
        .route("/w/{ws}/partnerships/{id}/agreements", get(partnership_agreements).post(record))
        .route("/w/{ws}/agreements/{id}", get(show).post(change))
        .route("/w/{ws}/agreements/{id}/archive", post(archive))
}

/// An agreement as the lists show it.
pub struct AgreementRow {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub partnership_id: String,
    pub partnership: String,
    pub parties: String,
    pub chip: Chip,
    /// "ends Tue 30 Jun 2026 · in 12 days", "open-ended".
    pub term: String,
    pub document_url: Option<String>,
}

fn standing_chip(tr: &Tr, a: &Agreement, today: NaiveDate) -> Chip {
    match a.standing(today) {
        Standing::Lapsed { .. } => Chip { label: tr.t("agreement-chip-lapsed"), tone: "bad" },
        Standing::Ending { .. } => Chip { label: tr.t("agreement-chip-ending"), tone: "warn" },
        Standing::Settled => {
            let tone = match a.status {
                AgreementStatus::InForce => "good",
                AgreementStatus::Draft => "info",
                AgreementStatus::Expired | AgreementStatus::Ended => "neutral",
            };
            Chip { label: words::agreement_status(tr, a.status), tone }
        }
    }
}

fn term(tr: &Tr, a: &Agreement, today: NaiveDate) -> String {
    match a.ends_on {
        None => tr.a("agreement-term-open-ended", [("from", tr.day(a.starts_on))]),
        Some(end) => tr.a(
            "agreement-term",
            [("from", tr.day(a.starts_on)), ("to", tr.day(end)), ("when", format::relative_in(tr, end, today))],
        ),
    }
}

/// An agreement as the lists show it, in the page's language.
fn row_in(tr: &Tr, a: &Agreement, p: &Partnership, today: NaiveDate) -> AgreementRow {
    let parties: Vec<String> = a
        .party_organization_ids
        .iter()
        .map(|org| {
            p.members
                .iter()
                .find(|m| m.organization_id == *org)
                .map(|m| m.organization_name.clone())
                .unwrap_or_else(|| tr.t("names-former-member"))
        })
        .collect();
    AgreementRow {
        id: a.id.to_string(),
        title: a.title.clone(),
        kind: words::agreement_kind(tr, a.kind),
        partnership_id: p.id.to_string(),
        partnership: p.name.clone(),
        parties: parties.join(", "),
        chip: standing_chip(tr, a, today),
        term: term(tr, a, today),
        document_url: a.document_url.clone(),
    }
}

/// The agreements section of the partnership page.
pub struct AgreementsPanel {
    pub rows: Vec<AgreementRow>,
}

impl AgreementsPanel {
    pub async fn new(tr: &Tr, session: &Session<'_>, p: &Partnership) -> Result<AgreementsPanel, AppError> {
        let today = session.today();
        let mut agreements = session.agreements(p.id, false).await?;
        rapport_core::agreement::sort_ending_soonest(&mut agreements);
        Ok(AgreementsPanel { rows: agreements.iter().map(|a| row_in(tr, a, p, today)).collect() })
    }
}

#[derive(Template)]
#[template(path = "agreements.html")]
struct ListPage {
    chrome: Chrome,
    ws: String,
    rows: Vec<AgreementRow>,
    chart: String,
}

/// Days until each agreement with an end date ends (or since it lapsed), one bar per agreement
/// on one scale: the coming year at a glance. Each row is its own SVG under an HTML label, so
/// labels keep their size on a phone.
fn ending_chart(tr: &Tr, items: &[(String, i64, &'static str)]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let max = items.iter().map(|(_, d, _)| d.unsigned_abs()).max().unwrap_or(1).max(30) as f64;
    let mut html =
        format!(r#"<div class="share-bars" role="group" aria-label="{}">"#, escape(&tr.t("agreements-chart-label")));
    for (label, days, tone) in items {
        let when = match *days {
            d if d < 0 => tr.n("agreements-chart-lapsed", -d),
            0 => tr.t("agreements-chart-today"),
            d => tr.n("agreements-chart-ends-in", d),
        };
        let description = escape(&tr.a("agreements-chart-bar", [("title", label.clone()), ("when", when)]));
        let width = (days.unsigned_abs() as f64 / max * 100.0).max(1.0);
        let tone = match *tone {
            "bad" => "poor",
            "warn" => "fair",
            "good" => "good",
            _ => "neutral",
        };
        html.push_str(&format!(
            r#"<div class="share-row"><p class="share-label" aria-hidden="true">{description}</p><svg class="share-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{description}"><title>{description}</title><rect class="track" x="0" y="0" width="100" height="10"/><rect class="fill tone-{tone}" x="0" y="0" width="{width:.2}" height="10"/></svg></div>"#
        ));
    }
    html.push_str("</div>");
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

async fn list(ui: Ui) -> UiResult {
    let session = ui.session();
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let today = session.today();
    let listed = session.workspace_agreements().await?;
    let mut rows = Vec::with_capacity(listed.len());
    let mut bars = Vec::new();
    for l in &listed {
        let a = &l.agreement;
        let p = session.partnership(a.partnership_id).await?;
        let r = row_in(&tr, a, &p, today);
        if let Some(end) = a.ends_on
            && matches!(a.status, AgreementStatus::InForce | AgreementStatus::Draft)
            && bars.len() < 20
        {
            let days = (end - today).num_days();
            if days <= 366 {
                let label: String = if a.title.chars().count() > 60 {
                    format!("{}…", a.title.chars().take(59).collect::<String>())
                } else {
                    a.title.clone()
                };
                bars.push((label, days, r.chip.tone));
            }
        }
        rows.push(r);
    }
    Ok(render(&ListPage { chrome, ws: ui.ws().to_string(), chart: ending_chart(&tr, &bars), rows }))
}

fn kinds(tr: &Tr) -> Vec<Choice> {
    AgreementKind::ALL.iter().map(|k| Choice::new(k.as_str(), words::agreement_kind(tr, *k))).collect()
}

fn statuses(tr: &Tr) -> Vec<Choice> {
    AgreementStatus::ALL.iter().map(|s| Choice::new(s.as_str(), words::agreement_status(tr, *s))).collect()
}

fn parties(p: &Partnership) -> Vec<Choice> {
    p.members.iter().map(|m| Choice::new(m.organization_id, m.organization_name.clone())).collect()
}

#[derive(Template)]
#[template(path = "partnership_agreements.html")]
struct PartnershipPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    rows: Vec<AgreementRow>,
    form: FormState,
    kinds: Vec<Choice>,
    statuses: Vec<Choice>,
    parties: Vec<Choice>,
    can_record: bool,
}

async fn partnership_page(ui: &Ui, id: Uuid, form: Option<FormState>) -> UiResult<PartnershipPage> {
    let session = ui.session();
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let p = session.partnership(id).await?;
    let panel = AgreementsPanel::new(&tr, &session, &p).await?;
    let form = form.unwrap_or_else(|| {
        FormState::new(FormData::from_pairs([
            ("kind", "memorandum_of_understanding".to_owned()),
            ("status", "draft".to_owned()),
            ("starts_on", session.today().to_string()),
            ("renewal_notice_days", DEFAULT_NOTICE_DAYS.to_string()),
        ]))
    });
    Ok(PartnershipPage {
        chrome,
        ws: ui.ws().to_string(),
        rows: panel.rows,
        form: form.speaking(tr),
        kinds: kinds(&tr),
        statuses: statuses(&tr),
        parties: parties(&p),
        can_record: ui.viewer.can_record_in_partnership(&p.member_ids()) && p.archived_at.is_none(),
        p,
    })
}

async fn partnership_agreements(ui: Ui, Id(id): Id) -> UiResult {
    Ok(render(&partnership_page(&ui, id, None).await?))
}

/// The draft a form sends, or what is wrong with the inputs that do not parse.
fn draft(form: &FormData) -> Result<AgreementDraft, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let starts_on = form.date(&mut errors, "starts_on");
    let signed_on = form.optional_date(&mut errors, "signed_on");
    let ends_on = form.optional_date(&mut errors, "ends_on");
    let renewal_notice_days = form.optional_integer(&mut errors, "renewal_notice_days");
    match starts_on {
        Some(starts_on) if errors.is_empty() => Ok(AgreementDraft {
            kind: form.get("kind").to_owned(),
            title: form.get("title").to_owned(),
            party_organization_ids: form.ids("party_organization_ids"),
            signed_on,
            starts_on,
            ends_on,
            renewal_notice_days,
            status: form.optional("status"),
            document_url: form.optional("document_url"),
            notes: form.optional("notes"),
        }),
        _ => Err(errors),
    }
}

async fn record(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let result = match draft(&form) {
        Ok(draft) => ui.session().add_agreement(id, &draft).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(a) => Ok(ui.done(&format!("/agreements/{}", a.id), "agreement_recorded")),
        Outcome::Again(form) => Ok(render_with_status(form.status(), &partnership_page(&ui, id, Some(form)).await?)),
    }
}

struct HistoryRow {
    when: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "agreement.html")]
struct AgreementPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    a: AgreementRow,
    status: String,
    signed: String,
    notice: String,
    notes: Option<String>,
    history: Vec<HistoryRow>,
    form: FormState,
    kinds: Vec<Choice>,
    statuses: Vec<Choice>,
    parties: Vec<Choice>,
    can_record: bool,
}

fn form_of(a: &Agreement) -> FormData {
    let mut data = FormData::from_pairs([
        ("kind", a.kind.as_str().to_owned()),
        ("title", a.title.clone()),
        ("starts_on", a.starts_on.to_string()),
        ("renewal_notice_days", a.renewal_notice_days.to_string()),
        ("status", a.status.as_str().to_owned()),
        ("version", a.version.to_string()),
    ]);
    for (name, value) in [
        ("signed_on", a.signed_on.map(|d| d.to_string())),
        ("ends_on", a.ends_on.map(|d| d.to_string())),
        ("document_url", a.document_url.clone()),
        ("notes", a.notes.clone()),
    ] {
        if let Some(value) = value {
            data.set(name, value);
        }
    }
    for org in &a.party_organization_ids {
        data.push("party_organization_ids", org.to_string());
    }
    data
}

async fn agreement_page(ui: &Ui, id: Uuid, form: Option<FormState>) -> UiResult<AgreementPage> {
    let session = ui.session();
    let (a, p) = session.agreement_with_partnership(id).await?;
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let today = session.today();
    let history = session
        .agreement_history(id)
        .await?
        .into_iter()
        .map(|e| HistoryRow {
            when: format::moment_in(&tr, ui.viewer.time_zone, e.occurred_at),
            summary: super::practices::stored_words(&tr, &e.summary),
        })
        .collect();
    let form = form.unwrap_or_else(|| FormState::new(form_of(&a)));
    Ok(AgreementPage {
        chrome,
        ws: ui.ws().to_string(),
        status: words::agreement_status(&tr, a.status),
        signed: a.signed_on.map(|d| tr.day(d)).unwrap_or_else(|| tr.t("agreement-not-signed")),
        notice: match a.notice_on {
            Some(on) => tr.na("agreement-notice", a.renewal_notice_days, [("from", tr.day(on))]),
            None => tr.t("agreement-notice-none"),
        },
        notes: a.notes.clone(),
        history,
        form: form.speaking(tr),
        kinds: kinds(&tr),
        statuses: statuses(&tr),
        parties: parties(&p),
        can_record: ui.viewer.can_record_in_partnership(&p.member_ids())
            && p.archived_at.is_none()
            && a.archived_at.is_none(),
        a: row_in(&tr, &a, &p, today),
        p,
    })
}

async fn show(ui: Ui, Id(id): Id) -> UiResult {
    Ok(render(&agreement_page(&ui, id, None).await?))
}

/// Archiving has no undo on the page, so it asks first.
async fn archive(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-agreement-archive-heading"),
        detail: tr.t("confirm-agreement-archive-detail"),
        button: tr.t("confirm-archive-button"),
        back: format!("/agreements/{id}"),
    };
    if let Some(page) = unless_confirmed(&ui, pages::PARTNERSHIPS, &form, &format!("/agreements/{id}/archive"), ask) {
        return Ok(page);
    }
    let agreement = ui.session().archive_agreement(id).await?;
    Ok(ui.done(&format!("/partnerships/{}/agreements", agreement.partnership_id), "agreement_archived"))
}

async fn change(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let result = match draft(&form) {
        Ok(draft) => ui.session().update_agreement(id, &draft, version(&form)).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done(&format!("/agreements/{id}"), "agreement_saved")),
        Outcome::Again(form) => Ok(render_with_status(form.status(), &agreement_page(&ui, id, Some(form)).await?)),
    }
}
