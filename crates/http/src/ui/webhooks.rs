//! "Webhooks": coordinators send partnership events to a chat channel or another system, see
//! what was delivered and what failed, replace a leaked secret, or remove a hook. Every action
//! is the API's (`crate::api::webhooks`), through the same `Session` methods.

use askama::Template;
use axum::Router;
use axum::routing::{get, post};
use rapport_app::PageRequest;
use rapport_core::ValidationErrors;
use rapport_core::webhook::{EventKind, WebhookDraft, WebhookFormat};
use uuid::Uuid;

use super::confirm::{Ask, unless_confirmed};
use super::context::{Id, Posted, Ui, UiResult};
use super::form::{FormData, FormState, Outcome, outcome, same};
use super::format;
use super::pages::{self, Choice, Chrome, render, render_with_status};
use super::settings::Secret;
use crate::AppState;
use crate::i18n::Tr;
use rapport_app::AppError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/w/{ws}/webhooks", get(show).post(add))
        .route("/w/{ws}/webhooks/{id}/secret", post(new_secret))
        .route("/w/{ws}/webhooks/{id}/delete", post(remove))
        .route("/w/{ws}/webhooks/{id}/test", post(send_test))
}

/// How many deliveries the page lists.
const LOG_LENGTH: u64 = 30;

pub struct HookRow {
    pub id: String,
    pub url: String,
    pub format: String,
    pub events: String,
    /// "Every partnership" or the partnership's name.
    pub scope: String,
    pub active: bool,
}

pub struct JobRow {
    pub kind: String,
    pub state: String,
    pub tone: &'static str,
    pub when: String,
    pub detail: String,
}

pub struct DeliveryRow {
    pub when: String,
    pub url: String,
    pub event: String,
    /// "Delivered", "Waiting" or "Failing", and its chip's tone.
    pub state: String,
    pub tone: &'static str,
    /// "200", "answered 500, 3 attempts", or the error of the last attempt.
    pub outcome: String,
}

#[derive(Template)]
#[template(path = "webhooks.html")]
struct WebhooksPage {
    chrome: Chrome,
    ws: String,
    hooks: Vec<HookRow>,
    deliveries: Vec<DeliveryRow>,
    form: FormState,
    formats: Vec<Choice>,
    events: Vec<Choice>,
    partnerships: Vec<Choice>,
    secret: Option<Secret>,
    /// The workspace's background jobs, for its owners.
    jobs: Option<Vec<JobRow>>,
}

fn format_label(format: WebhookFormat) -> &'static str {
    match format {
        WebhookFormat::Json => "Rapport JSON",
        WebhookFormat::Slack => "Slack",
        WebhookFormat::Teams => "Microsoft Teams",
    }
}

/// An event in the page's language, and a chat message's title in the workspace's (the API keeps the
/// core's label).
pub(crate) fn event_label(tr: &Tr, kind: EventKind) -> String {
    match kind {
        EventKind::CommitmentMade => tr.t("webhooks-event-commitment-made"),
        EventKind::CommitmentKept => tr.t("webhooks-event-commitment-kept"),
        EventKind::CommitmentMissed => tr.t("webhooks-event-commitment-missed"),
        EventKind::CheckinLogged => tr.t("webhooks-event-checkin-logged"),
        EventKind::WarningRaised => tr.t("webhooks-event-warning-raised"),
        EventKind::KudosGiven => tr.t("webhooks-event-kudos-given"),
        EventKind::AgreementEnding => tr.t("webhooks-event-agreement-ending"),
        EventKind::WebhookTest => tr.t("webhooks-event-test"),
    }
}

/// A background job's kind and state in the page's language; one Rapport does not know yet
/// keeps its code.
fn job_words(tr: &Tr, kind: &str, state: &str) -> (String, String) {
    let kind = match kind {
        "webhook" => tr.t("webhooks-job-delivery"),
        "reminders" => tr.t("webhooks-job-reminders"),
        "digest" => tr.t("webhooks-job-digest"),
        "email" => tr.t("webhooks-job-email"),
        "trust-sweep" => tr.t("webhooks-job-trust-sweep"),
        "prune" => tr.t("webhooks-job-prune"),
        other => other.replace('-', " "),
    };
    let state = match state {
        "done" => tr.t("webhooks-job-done"),
        "failed" => tr.t("webhooks-job-failed"),
        "queued" => tr.t("webhooks-job-queued"),
        "running" => tr.t("webhooks-job-running"),
        other => other.to_owned(),
    };
    (kind, state)
}

async fn page(ui: &Ui, form: Option<FormState>, secret: Option<Secret>) -> UiResult<WebhooksPage> {
    let session = ui.session();
    let chrome = ui.chrome(pages::SETTINGS).translated();
    let tr = chrome.tr;
    let hooks = session.webhooks().await?;
    let partnerships =
        session.partnerships(None, PageRequest { after: None, limit: 200, include_archived: true }).await?.items;
    let name_of = |id: Option<Uuid>| match id {
        None => tr.t("webhooks-every-partnership"),
        Some(id) => partnerships
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| tr.t("webhooks-archived-partnership"), |p| p.name.clone()),
    };
    let deliveries = session
        .webhook_log(None, LOG_LENGTH)
        .await?
        .into_iter()
        .map(|d| {
            let (state, tone) = match (d.delivered_at, d.attempts) {
                (Some(_), _) => (tr.t("webhooks-delivered"), "good"),
                (None, 0) => (tr.t("webhooks-waiting"), "neutral"),
                (None, _) => (tr.t("webhooks-failing"), "bad"),
            };
            let attempts = tr.n("webhooks-attempts", d.attempts);
            let outcome = match (&d.error, d.status_code) {
                _ if d.attempts == 0 => tr.t("webhooks-not-sent"),
                (None, Some(code)) => tr.a("webhooks-answered", [("code", code.to_string())]),
                (Some(error), _) => format!("{error} ({attempts})"),
                (None, None) => attempts,
            };
            DeliveryRow {
                when: format::moment_in(&tr, ui.viewer.time_zone, d.last_attempt_at.unwrap_or(d.created_at)),
                url: hooks.iter().find(|h| h.id == d.webhook_id).map(|h| h.url.clone()).unwrap_or_default(),
                event: d.event.parse::<EventKind>().map(|k| event_label(&tr, k)).unwrap_or(d.event),
                state,
                tone,
                outcome,
            }
        })
        .collect();
    let hooks = hooks
        .into_iter()
        .map(|h| HookRow {
            id: h.id.to_string(),
            events: h.events.iter().map(|e| event_label(&tr, *e)).collect::<Vec<_>>().join(", "),
            scope: name_of(h.partnership_id),
            format: format_label(h.format).to_owned(),
            url: h.url,
            active: h.active,
        })
        .collect();
    let jobs = match session.workspace_jobs(LOG_LENGTH).await {
        Ok(jobs) => Some(jobs.into_iter().map(|job| job_row(&tr, job, ui.viewer.time_zone)).collect()),
        Err(AppError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    Ok(WebhooksPage {
        chrome,
        ws: ui.ws().to_string(),
        hooks,
        deliveries,
        form: form.unwrap_or_else(|| FormState::new(FormData::from_pairs([("format", "slack")]))).speaking(tr),
        formats: [WebhookFormat::Slack, WebhookFormat::Teams, WebhookFormat::Json]
            .into_iter()
            .map(|f| Choice::new(f.as_str(), format_label(f)))
            .collect(),
        events: EventKind::ALL.iter().map(|e| Choice::new(e.as_str(), event_label(&tr, *e))).collect(),
        partnerships: partnerships
            .iter()
            .filter(|p| p.archived_at.is_none())
            .map(|p| Choice::new(p.id, p.name.clone()))
            .collect(),
        secret,
        jobs,
    })
}

fn job_row(tr: &Tr, job: rapport_app::Job, zone: rapport_core::zone::TimeZone) -> JobRow {
    let tone = match job.state.as_str() {
        "done" => "good",
        "failed" => "bad",
        _ => "neutral",
    };
    let attempts = tr.n("webhooks-attempts", job.attempts);
    let (kind, state) = job_words(tr, &job.kind, &job.state);
    JobRow {
        kind,
        when: format::moment_in(tr, zone, job.finished_at.unwrap_or(job.run_at)),
        detail: match &job.last_error {
            Some(error) => tr.a("webhooks-last-error", [("attempts", attempts), ("error", error.clone())]),
            None => attempts,
        },
        tone,
        state,
    }
}

fn secret_shown(tr: &Tr, url: &str, secret: String) -> Secret {
    Secret {
        label: tr.a("webhooks-secret-for", [("url", url.to_owned())]),
        value: secret,
        note: tr.t("webhooks-secret-note"),
    }
}

async fn show(ui: Ui) -> UiResult {
    Ok(render(&page(&ui, None, None).await?))
}

/// The form's fields as the API's draft; a format or event that is not on the list is named.
fn draft(form: &FormData) -> Result<WebhookDraft, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let format = form
        .get("format")
        .parse::<WebhookFormat>()
        .map_err(|_| errors.add("format", "choose Slack, Microsoft Teams or Rapport JSON"))
        .ok();
    let mut events = Vec::new();
    for value in form.all("events") {
        match value.parse::<EventKind>() {
            Ok(kind) => events.push(kind),
            Err(_) => errors.add("events", format!("has no event called {value:?}")),
        }
    }
    let partnership_id = form.optional_id(&mut errors, "partnership_id", "a partnership");
    match format {
        Some(format) if errors.is_empty() => {
            Ok(WebhookDraft { url: form.get("url").to_owned(), format, events, partnership_id, active: Some(true) })
        }
        _ => Err(errors),
    }
}

async fn add(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let result = match draft(&form) {
        Ok(draft) => ui.session().add_webhook(&draft).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match outcome(result, form, same)? {
        Outcome::Saved((hook, secret)) => Ok(render(
            &page(&ui, None, Some(secret_shown(&ui.chrome(pages::SETTINGS).translated().tr, &hook.url, secret)))
                .await?,
        )),
        Outcome::Again(form) => Ok(render_with_status(form.status(), &page(&ui, Some(form), None).await?)),
    }
}

async fn new_secret(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let hook = ui.session().webhook(id).await?;
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-webhook-secret-heading"),
        detail: tr.a("confirm-webhook-secret-detail", [("url", hook.url.clone())]),
        button: tr.t("confirm-webhook-secret-button"),
        back: "/webhooks".into(),
    };
    if let Some(page) = unless_confirmed(&ui, pages::SETTINGS, &form, &format!("/webhooks/{id}/secret"), ask) {
        return Ok(page);
    }
    let (hook, secret) = ui.session().new_webhook_secret(id).await?;
    Ok(render(
        &page(&ui, None, Some(secret_shown(&ui.chrome(pages::SETTINGS).translated().tr, &hook.url, secret))).await?,
    ))
}

/// Queues a test event; the page it returns to lists it in the delivery log, "Waiting" until
/// the job runner has sent it, then with the receiver's answer.
async fn send_test(Id(id): Id, Posted { ctx: ui, .. }: Posted<Ui>) -> UiResult {
    ui.session().send_webhook_test(id).await?;
    Ok(ui.done("/webhooks", "webhook_test_queued"))
}

async fn remove(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let hook = ui.session().webhook(id).await?;
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-webhook-remove-heading"),
        detail: tr.a("confirm-webhook-remove-detail", [("url", hook.url.clone())]),
        button: tr.t("confirm-remove-button"),
        back: "/webhooks".into(),
    };
    if let Some(page) = unless_confirmed(&ui, pages::SETTINGS, &form, &format!("/webhooks/{id}/delete"), ask) {
        return Ok(page);
    }
    ui.session().remove_webhook(id).await?;
    Ok(ui.done("/webhooks", "webhook_removed"))
}
