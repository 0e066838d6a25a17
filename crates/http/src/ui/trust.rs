//! The trust engine's pages: the coordinator's dashboard, the warnings inbox with each
//! warning's page, an organisation's reliability ledger, and the trust panel the partnership
//! page shows. Every number links to the records behind it.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::NaiveDate;
use rapport_core::ValidationErrors;
use rapport_core::kinds::{
    HealthComponentKind, PartnershipKind, PartnershipStatus, RecordKind, Severity, WarningKind, WarningState,
};
use rapport_core::trust::{Reliability, Warning, WarningRecord};
use serde::Deserialize;
use uuid::Uuid;

use super::charts;
use super::context::{Id, Posted, Ui, UiError, UiResult, see_other};
use super::form::{FormData, FormState};
use super::format::{self, Chip};
use super::pages::{self, Choice, Chrome, render, render_with_status};
use super::words;
use crate::AppState;
use crate::i18n::Tr;
use rapport_app::trust::{DashboardQuery, DashboardSort, PartnershipHealth};
use rapport_app::{AppError, Session};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/w/{ws}/dashboard", get(dashboard))
        .route("/w/{ws}/warnings", get(inbox))
        .route("/w/{ws}/warnings/{id}", get(show_warning))
        .route("/w/{ws}/warnings/{id}/acknowledge", post(acknowledge))
        .route("/w/{ws}/warnings/{id}/snooze", post(snooze))
        .route("/w/{ws}/warnings/{id}/reopen", post(reopen))
        .route("/w/{ws}/organizations/{id}/reliability", get(reliability))
        .route("/w/{ws}/records/{kind}/{id}", get(record))
}

// ----- shared views -----------------------------------------------------------------------------

/// A health index as pages show it: the number, a word for it, and its tone.
pub struct IndexView {
    pub text: String,
    pub tone: &'static str,
    pub bar: String,
    /// The text is words ("not enough data"), not a number: shown smaller, so it fits.
    pub in_words: bool,
}

impl IndexView {
    pub fn new(tr: &Tr, index: Option<f64>, label: &str) -> IndexView {
        match index {
            Some(v) => IndexView {
                text: format!("{v:.0}"),
                tone: charts::tone(v),
                bar: charts::score_bar_in(tr, Some(v), label),
                in_words: false,
            },
            None => IndexView {
                text: tr.t("health-not-enough-data"),
                tone: "neutral",
                bar: charts::score_bar_in(tr, None, label),
                in_words: true,
            },
        }
    }
}

/// A reliability figure: "82 %" with its range, or "too early to say", in the words a
/// coordinator uses; `numbers` is the model's arithmetic, one click away.
pub struct ReliabilityView {
    /// No estimate yet: `expected` is words ("too early to say"), not a percentage.
    pub in_words: bool,
    pub name: String,
    pub link: String,
    pub expected: String,
    pub range: String,
    /// What the figure rests on, in words.
    pub evidence: String,
    /// The weighted counts and the formula, for whoever wants to check.
    pub numbers: String,
    pub bar: String,
}

impl ReliabilityView {
    /// The figure in the page's language.
    pub fn new_in(tr: &Tr, name: &str, link: String, reliability: &Reliability) -> ReliabilityView {
        let (kept, not_kept) = (reliability.r, reliability.s);
        let evidence = if kept + not_kept < 0.05 {
            tr.t("reliability-nothing-due")
        } else {
            tr.a("reliability-evidence", [("kept", promises(tr, kept)), ("not_kept", promises(tr, not_kept))])
        };
        let weighted = tr.a("reliability-weighted", [("r", tr.fixed(kept, 2)), ("s", tr.fixed(not_kept, 2))]);
        match &reliability.estimate {
            Some(e) => ReliabilityView {
                in_words: false,
                name: name.to_owned(),
                link,
                expected: tr.percent_whole(e.expected * 100.0),
                range: tr.a(
                    "reliability-range",
                    [
                        ("level", tr.percent_whole(e.level * 100.0)),
                        ("low", tr.percent_whole(e.low * 100.0)),
                        ("high", tr.percent_whole(e.high * 100.0)),
                    ],
                ),
                evidence,
                numbers: tr.a(
                    "reliability-numbers",
                    [
                        ("weighted", weighted),
                        ("expected", tr.fixed(e.expected, 3)),
                        ("level", tr.percent_whole(e.level * 100.0)),
                        ("low", tr.fixed(e.low, 3)),
                        ("high", tr.fixed(e.high, 3)),
                    ],
                ),
                bar: charts::interval_bar_in(tr, Some(e), name),
            },
            None => ReliabilityView {
                in_words: true,
                name: name.to_owned(),
                link,
                expected: tr.t("reliability-too-early"),
                range: tr.t("reliability-too-few"),
                evidence,
                numbers: tr.a("reliability-numbers-too-early", [("weighted", weighted)]),
                bar: charts::interval_bar_in(tr, None, name),
            },
        }
    }
}

/// A weighted count of promises in words: "none", "less than one", "3".
fn promises(tr: &Tr, weight: f64) -> String {
    if weight < 0.05 {
        tr.t("reliability-none")
    } else if weight < 0.95 {
        tr.t("reliability-less-than-one")
    } else {
        format!("{weight:.0}")
    }
}

pub struct ComponentView {
    pub label: String,
    /// Where on the partnership page its records are.
    pub link: Option<&'static str>,
    pub value: String,
    pub weight: String,
    pub basis: String,
    pub bar: String,
    pub counts: bool,
}

pub struct WarningView {
    pub id: Option<String>,
    pub kind: String,
    pub severity: Chip,
    pub partnership: Option<(String, String)>,
    pub explanation: String,
    pub action: String,
    pub records: Vec<RecordGroup>,
    pub since: String,
    pub state: Option<String>,
    /// For a win: a kudos form ready to thank for it.
    pub kudos: Option<String>,
}

impl WarningView {
    pub fn new(tr: &Tr, ws: Uuid, warning: &Warning) -> WarningView {
        // A warning stored before its facts were kept says what it said then, in English.
        let (explanation, action) = match &warning.facts {
            Some(facts) => (super::reasons::explanation(tr, facts), super::reasons::action(tr, facts)),
            None => (warning.explanation.clone(), warning.suggested_action.clone()),
        };
        WarningView {
            id: None,
            kind: super::words::warning_kind(tr, warning.kind),
            severity: severity_chip(tr, warning.severity),
            partnership: None,
            explanation,
            action,
            records: record_groups(tr, ws, &warning.records),
            since: String::new(),
            state: None,
            kudos: None,
        }
    }

    pub fn stored(tr: &Tr, ws: Uuid, record: &WarningRecord, today: NaiveDate) -> WarningView {
        let state = match record.state {
            WarningState::Open => None,
            WarningState::Acknowledged => {
                Some(tr.a("warning-state-acknowledged", [("reason", record.state_reason.clone().unwrap_or_default())]))
            }
            WarningState::Snoozed => Some(
                tr.a("warning-state-snoozed", [("day", record.snoozed_until.map(|d| tr.day(d)).unwrap_or_default())]),
            ),
        };
        let state = match (record.cleared_on, state) {
            (Some(cleared), Some(state)) => {
                Some(tr.a("warning-state-no-longer", [("state", state), ("day", tr.day(cleared))]))
            }
            (Some(cleared), None) => Some(tr.a("warning-no-longer", [("day", tr.day(cleared))])),
            (None, state) => state,
        };
        WarningView {
            id: Some(record.id.to_string()),
            partnership: Some((
                format!("/w/{ws}/partnerships/{}", record.partnership_id),
                record.partnership_name.clone(),
            )),
            since: tr.a("warning-raised", [("when", format::relative_in(tr, record.raised_on, today))]),
            state,
            kudos: super::practices::kudos_link(ws, record.partnership_id, &record.warning),
            ..WarningView::new(tr, ws, &record.warning)
        }
    }
}

/// The records behind a warning, grouped by kind: "Check-ins: 1, 2, 3".
pub struct RecordGroup {
    pub label: String,
    pub links: Vec<(String, String)>,
}

fn record_groups(tr: &Tr, ws: Uuid, records: &[rapport_core::trust::RecordRef]) -> Vec<RecordGroup> {
    let mut groups: Vec<RecordGroup> = Vec::new();
    for record in records {
        let label = match record.kind {
            RecordKind::Commitment => tr.t("warning-records-commitments"),
            RecordKind::CheckIn => tr.t("warning-records-checkins"),
            RecordKind::Goal => tr.t("warning-records-goals"),
            RecordKind::Milestone => tr.t("warning-records-milestones"),
            RecordKind::Organization => tr.t("warning-records-organisation"),
            RecordKind::Concern => tr.t("warning-records-concerns"),
            RecordKind::SurveyWave => tr.t("warning-records-survey-waves"),
            RecordKind::Contribution => tr.t("warning-records-contributions"),
            RecordKind::Kudos => tr.t("warning-records-kudos"),
            RecordKind::Retrospective => tr.t("warning-records-retrospectives"),
            RecordKind::Agreement => tr.t("warning-records-agreements"),
        };
        let link = format!("/w/{ws}/records/{}/{}", record.kind.as_str(), record.id);
        match groups.iter_mut().find(|g| g.label == label) {
            Some(group) => {
                let n = group.links.len() + 1;
                group.links.push((link, n.to_string()));
            }
            None => groups.push(RecordGroup {
                label,
                links: vec![(
                    link,
                    if record.kind == RecordKind::Organization { tr.t("warning-records-profile") } else { "1".into() },
                )],
            }),
        }
    }
    groups
}

pub fn severity_chip(tr: &Tr, severity: Severity) -> Chip {
    let tone = match severity {
        Severity::Positive => "good",
        Severity::Info => "info",
        Severity::Warning => "warn",
        Severity::Critical => "bad",
    };
    Chip { label: super::words::severity(tr, severity), tone }
}

/// The trust panel of the partnership page.
pub struct TrustPanel {
    pub index: IndexView,
    pub chart: String,
    pub components: Vec<ComponentView>,
    pub members: Vec<ReliabilityView>,
    pub warnings: Vec<WarningView>,
    pub note: Option<String>,
}

impl TrustPanel {
    pub fn new(tr: &Tr, ws: Uuid, health: &PartnershipHealth) -> TrustPanel {
        let components: Vec<ComponentView> = health
            .health
            .components
            .iter()
            .map(|c| {
                let label = super::reasons::component(tr, c.kind);
                ComponentView {
                    link: match c.kind {
                        HealthComponentKind::Reliability => Some("#commitments"),
                        HealthComponentKind::Cadence => Some("#checkins"),
                        HealthComponentKind::Goals => Some("#goals"),
                        HealthComponentKind::Concerns | HealthComponentKind::PerceivedTrust => None,
                    },
                    value: c.value.map(|v| format!("{v:.0}")).unwrap_or_else(|| tr.t("trust-no-data")),
                    weight: match c.share {
                        Some(share) => tr.a(
                            "trust-weight-counted",
                            [("weight", format!("{:.0}", c.weight)), ("share", tr.percent_whole(share * 100.0))],
                        ),
                        None => tr.a("trust-weight-not-counted", [("weight", format!("{:.0}", c.weight))]),
                    },
                    basis: super::reasons::basis(tr, &c.facts),
                    bar: charts::score_bar_in(tr, c.value, &label),
                    counts: c.share.is_some(),
                    label,
                }
            })
            .collect();
        let missing: Vec<&str> = components.iter().filter(|c| !c.counts).map(|c| c.label.as_str()).collect();
        let note = (!missing.is_empty() && health.health.index.is_some()).then(|| {
            let names = super::partnerships::join_names(tr, missing.iter().copied());
            tr.na("trust-note-missing", missing.len(), [("missing", names)])
        });
        TrustPanel {
            index: IndexView::new(tr, health.health.index, &tr.t("trust-health-index")),
            chart: charts::trend_chart_in(tr, &health.trend, &tr.t("trust-chart-label"), 1.0),
            components,
            members: health
                .members
                .iter()
                .map(|m| {
                    ReliabilityView::new_in(
                        tr,
                        &m.organization_name,
                        format!("/w/{ws}/organizations/{}/reliability", m.organization_id),
                        &m.reliability,
                    )
                })
                .collect(),
            warnings: health
                .warnings
                .iter()
                .map(|w| WarningView {
                    kudos: super::practices::kudos_link(ws, health.partnership_id, w),
                    ..WarningView::new(tr, ws, w)
                })
                .collect(),
            note,
        }
    }
}

/// The reliability summary the organisation page shows.
pub struct ReliabilitySummary {
    pub overall: ReliabilityView,
    pub sparkline: String,
    pub link: String,
}

pub async fn reliability_summary(
    tr: &Tr,
    session: &Session<'_>,
    ws: Uuid,
    organization_id: Uuid,
    name: &str,
) -> Result<ReliabilitySummary, AppError> {
    let reliability = session.organization_reliability_glance(organization_id).await?;
    let link = format!("/w/{ws}/organizations/{organization_id}/reliability");
    let trend: Vec<_> = reliability
        .trend
        .iter()
        .map(|p| rapport_core::trust::TrendPoint { on: p.on, value: p.value.map(|v| v * 100.0) })
        .collect();
    Ok(ReliabilitySummary {
        overall: ReliabilityView::new_in(tr, name, link.clone(), &reliability.overall),
        sparkline: charts::sparkline_in(tr, &trend, &tr.a("reliability-title", [("name", name.to_owned())])),
        link,
    })
}

// ----- dashboard --------------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
struct DashboardParams {
    kind: Option<String>,
    status: Option<String>,
    sort: Option<String>,
}

struct DashboardRowView {
    link: String,
    name: String,
    kind: String,
    status: Chip,
    index: IndexView,
    sparkline: String,
    warnings: Vec<(Chip, String)>,
    warnings_link: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    ws: String,
    rows: Vec<DashboardRowView>,
    filter: FormState,
    kinds: Vec<Choice>,
    statuses: Vec<Choice>,
    sorts: Vec<Choice>,
    filtered: bool,
    needing_attention: usize,
    open_warnings: usize,
    not_enough_data: usize,
}

async fn dashboard(ui: Ui, Query(params): Query<DashboardParams>) -> UiResult {
    let kind: Option<PartnershipKind> = params.kind.as_deref().and_then(|k| k.parse().ok());
    let status: Option<PartnershipStatus> = params.status.as_deref().and_then(|s| s.parse().ok());
    let sort = match params.sort.as_deref() {
        Some("-health") => DashboardSort::HealthDescending,
        Some("name") => DashboardSort::Name,
        Some("warnings") => DashboardSort::MostWarnings,
        _ => DashboardSort::HealthAscending,
    };
    let ws = ui.ws();
    let chrome = ui.chrome(pages::DASHBOARD).translated();
    let tr = chrome.tr;
    let rows = ui.session().dashboard(&DashboardQuery { kind, status, sort }).await?;
    let needing_attention = rows.iter().filter(|r| r.index.is_some_and(|i| i < 50.0)).count();
    let open_warnings =
        rows.iter().map(|r| r.open_warnings.iter().filter(|w| w.severity != Severity::Positive).count()).sum();
    let not_enough_data = rows.iter().filter(|r| r.index.is_none()).count();
    let views = rows
        .iter()
        .map(|r| DashboardRowView {
            link: format!("/w/{ws}/partnerships/{}", r.partnership_id),
            name: r.name.clone(),
            kind: words::partnership_kind(&tr, r.kind),
            status: Chip::partnership(&tr, r.status),
            index: IndexView::new(&tr, r.index, &tr.a("health-of", [("name", r.name.clone())])),
            sparkline: charts::sparkline_in(&tr, &r.trend, &tr.a("health-of", [("name", r.name.clone())])),
            warnings: r
                .open_warnings
                .iter()
                .map(|w| (severity_chip(&tr, w.severity), words::warning_kind(&tr, w.kind)))
                .collect(),
            warnings_link: format!("/w/{ws}/warnings?partnership={}", r.partnership_id),
        })
        .collect();
    let sort_value = match sort {
        DashboardSort::HealthAscending => "health",
        DashboardSort::HealthDescending => "-health",
        DashboardSort::Name => "name",
        DashboardSort::MostWarnings => "warnings",
    };
    let filter = FormState::new(FormData::from_pairs([
        ("kind", kind.map(rapport_core::kinds::PartnershipKind::as_str).unwrap_or("")),
        ("status", status.map(rapport_core::kinds::PartnershipStatus::as_str).unwrap_or("")),
        ("sort", sort_value),
    ]));
    Ok(render(&DashboardPage {
        chrome,
        ws: ws.to_string(),
        rows: views,
        filter,
        kinds: PartnershipKind::ALL.iter().map(|k| Choice::new(k.as_str(), words::partnership_kind(&tr, *k))).collect(),
        statuses: PartnershipStatus::ALL
            .iter()
            .map(|s| Choice::new(s.as_str(), words::partnership_status(&tr, *s)))
            .collect(),
        sorts: vec![
            Choice::new("health", tr.t("dashboard-sort-lowest")),
            Choice::new("-health", tr.t("dashboard-sort-highest")),
            Choice::new("warnings", tr.t("dashboard-sort-warnings")),
            Choice::new("name", tr.t("dashboard-sort-name")),
        ],
        filtered: kind.is_some() || status.is_some(),
        needing_attention,
        open_warnings,
        not_enough_data,
    }))
}

// ----- warnings ---------------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
struct InboxParams {
    kind: Option<String>,
    severity: Option<String>,
    partnership: Option<Uuid>,
    history: Option<String>,
}

#[derive(Template)]
#[template(path = "warnings.html")]
struct InboxPage {
    chrome: Chrome,
    ws: String,
    warnings: Vec<WarningView>,
    filter: FormState,
    kinds: Vec<Choice>,
    severities: Vec<Choice>,
    partnership: Option<(String, String)>,
    history: bool,
    filtered: bool,
}

async fn inbox(ui: Ui, Query(params): Query<InboxParams>) -> UiResult {
    let kind: Option<WarningKind> = params.kind.as_deref().and_then(|k| k.parse().ok());
    let severity: Option<Severity> = params.severity.as_deref().and_then(|s| s.parse().ok());
    let history = params.history.as_deref() == Some("1");
    let session = ui.session();
    let partnership = match params.partnership {
        Some(id) => Some(session.partnership(id).await?),
        None => None,
    };
    let filter = rapport_app::WarningFilter {
        kind,
        severity,
        partnership: partnership.as_ref().map(|p| p.id),
        include_history: history,
    };
    let records = session.warnings_most_urgent_first(&filter, 200).await?;
    let today = session.today();
    let ws = ui.ws();
    let form = FormState::new(FormData::from_pairs([
        ("kind", kind.map(rapport_core::kinds::WarningKind::as_str).unwrap_or("")),
        ("severity", severity.map(rapport_core::kinds::Severity::as_str).unwrap_or("")),
        ("history", if history { "1" } else { "" }),
    ]));
    let chrome = ui.chrome(pages::WARNINGS).translated();
    let tr = chrome.tr;
    Ok(render(&InboxPage {
        chrome,
        ws: ws.to_string(),
        warnings: records.iter().map(|r| WarningView::stored(&tr, ws, r, today)).collect(),
        filter: form,
        kinds: WarningKind::ALL.iter().map(|k| Choice::new(k.as_str(), super::words::warning_kind(&tr, *k))).collect(),
        severities: Severity::ALL
            .iter()
            .rev()
            .map(|s| Choice::new(s.as_str(), super::words::severity(&tr, *s)))
            .collect(),
        partnership: partnership.map(|p| (p.id.to_string(), p.name)),
        history,
        filtered: kind.is_some() || severity.is_some(),
    }))
}

#[derive(Template)]
#[template(path = "warning.html")]
struct WarningPage {
    chrome: Chrome,
    ws: String,
    warning: WarningView,
    open: bool,
    cleared: bool,
    can_act: bool,
    form: FormState,
    /// Which form the errors belong to: "acknowledge" or "snooze".
    failed: &'static str,
    /// The other form, empty.
    blank: FormState,
}

async fn warning_page(ui: &Ui, id: Uuid, form: FormState, failed: &'static str) -> UiResult {
    let session = ui.session();
    let record = session.warning(id).await?;
    let partnership = session.partnership(record.partnership_id).await?;
    let today = session.today();
    let status =
        if form.has_errors() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    let chrome = ui.chrome(pages::WARNINGS).translated();
    let tr = chrome.tr;
    Ok(render_with_status(
        status,
        &WarningPage {
            chrome,
            ws: ui.ws().to_string(),
            open: record.state == WarningState::Open || record.snoozed_until.is_some_and(|u| u <= today),
            cleared: record.cleared_on.is_some(),
            can_act: ui.viewer.can_record_in_partnership(&partnership.member_ids()),
            warning: WarningView::stored(&tr, ui.ws(), &record, today),
            form: form.speaking(tr),
            failed,
            blank: FormState::default().speaking(tr),
        },
    ))
}

async fn show_warning(ui: Ui, Id(id): Id) -> UiResult {
    warning_page(&ui, id, FormState::default(), "").await
}

async fn acknowledge(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let result = ui.session().set_warning_state(id, WarningState::Acknowledged, None, Some(form.get("reason"))).await;
    after_state_change(&ui, id, result, form, "acknowledge", "warning-acknowledged").await
}

async fn snooze(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let until = form.date(&mut errors, "until");
    let result = match until {
        Some(until) if errors.is_empty() => {
            ui.session()
                .set_warning_state(id, WarningState::Snoozed, Some(until), form.optional("reason").as_deref())
                .await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    after_state_change(&ui, id, result, form, "snooze", "warning-snoozed").await
}

async fn reopen(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let result = ui.session().set_warning_state(id, WarningState::Open, None, None).await;
    after_state_change(&ui, id, result, form, "", "warning-reopened").await
}

async fn after_state_change(
    ui: &Ui,
    id: Uuid,
    result: Result<WarningRecord, AppError>,
    form: FormData,
    which: &'static str,
    notice: &str,
) -> UiResult {
    match result {
        Ok(_) => Ok(ui.done("/warnings", notice)),
        Err(AppError::Invalid(errors)) => warning_page(ui, id, FormState::with_errors(form, errors), which).await,
        Err(other) => Err(other.into()),
    }
}

// ----- reliability ------------------------------------------------------------------------------

struct EvidenceRow {
    link: String,
    description: String,
    partnership_link: String,
    partnership: String,
    to: String,
    due: String,
    outcome: String,
    tone: &'static str,
    when: String,
    weight: String,
}

#[derive(Template)]
#[template(path = "reliability.html")]
struct ReliabilityPage {
    chrome: Chrome,
    ws: String,
    organization_id: String,
    name: String,
    as_of: String,
    is_today: bool,
    overall: ReliabilityView,
    chart: String,
    counterparts: Vec<ReliabilityView>,
    rows: Vec<EvidenceRow>,
    /// The half-life in whole days.
    half_life: i64,
    as_of_day: String,
}

#[derive(Debug, Default, Deserialize)]
struct AsOfParams {
    as_of: Option<String>,
}

async fn reliability(ui: Ui, Id(id): Id, Query(params): Query<AsOfParams>) -> UiResult {
    let session = ui.session();
    let organization = session.organization(id).await?;
    let as_of = match params.as_of.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(text) => Some(text.parse::<NaiveDate>().map_err(|_| {
            let mut errors = ValidationErrors::new();
            errors.add("as_of", "must be a date like 2026-03-31");
            UiError::from(AppError::Invalid(errors))
        })?),
    };
    let data = session.organization_reliability(id, as_of).await?;
    let chrome = ui.chrome(pages::ORGANIZATIONS).translated();
    let tr = chrome.tr;
    let ws = ui.ws();
    let directory = session.organization_directory().await?;
    let name_of = |org: Uuid| {
        directory.iter().find(|o| o.id == org).map(|o| o.name.clone()).unwrap_or_else(|| tr.t("names-former-member"))
    };
    let mut partnership_names = std::collections::HashMap::new();
    for item in &data.commitments {
        if let std::collections::hash_map::Entry::Vacant(slot) = partnership_names.entry(item.partnership_id) {
            slot.insert(session.partnership(item.partnership_id).await.map(|p| p.name).unwrap_or_default());
        }
    }
    let rows = data
        .commitments
        .iter()
        .map(|item| EvidenceRow {
            link: format!("/w/{ws}/commitments/{}", item.commitment_id),
            description: item.description.clone(),
            partnership_link: format!("/w/{ws}/partnerships/{}", item.partnership_id),
            partnership: partnership_names.get(&item.partnership_id).cloned().unwrap_or_default(),
            to: item.promisee_organization_id.map(name_of).unwrap_or_else(|| tr.t("reliability-whole-partnership")),
            due: tr.day(item.due_on),
            outcome: match item.outcome.map(|o| o.kind) {
                Some(rapport_core::kinds::OutcomeKind::OnTime) => tr.t("reliability-outcome-on-time"),
                Some(rapport_core::kinds::OutcomeKind::Late) => tr.t("reliability-outcome-late"),
                Some(rapport_core::kinds::OutcomeKind::Missed) => tr.t("reliability-outcome-missed"),
                None => tr.t("reliability-outcome-none"),
            },
            tone: match item.outcome.map(|o| o.kind) {
                Some(rapport_core::kinds::OutcomeKind::OnTime) => "good",
                Some(rapport_core::kinds::OutcomeKind::Late) => "warn",
                Some(rapport_core::kinds::OutcomeKind::Missed) => "bad",
                None => "neutral",
            },
            when: item.outcome.map(|o| tr.day(o.on)).unwrap_or_default(),
            weight: if item.outcome.is_some() { tr.percent_whole(item.weight * 100.0) } else { "–".into() },
        })
        .collect();
    let trend: Vec<_> = data.trend.clone();
    let settings = session.trust_settings().await?;
    Ok(render(&ReliabilityPage {
        chrome,
        ws: ws.to_string(),
        organization_id: id.to_string(),
        overall: ReliabilityView::new_in(&tr, &organization.name, String::new(), &data.overall),
        chart: charts::trend_chart_in(
            &tr,
            &trend,
            &tr.a("reliability-chart-label", [("name", organization.name.clone())]),
            100.0,
        ),
        counterparts: data
            .counterparts
            .iter()
            .map(|c| {
                ReliabilityView::new_in(
                    &tr,
                    &c.organization_name,
                    format!("/w/{ws}/organizations/{}/reliability", c.organization_id),
                    &c.reliability,
                )
            })
            .collect(),
        rows,
        is_today: data.as_of == session.today(),
        as_of: data.as_of.to_string(),
        as_of_day: tr.long_day(data.as_of),
        name: organization.name,
        half_life: settings.half_life.as_days().round() as i64,
    }))
}

// ----- records behind a number ------------------------------------------------------------------

/// Sends a link to a record (from a warning or a score) to the page that shows it.
async fn record(ui: Ui, Path((_, kind, id)): Path<(Uuid, String, Uuid)>) -> UiResult<Response> {
    let kind: RecordKind = kind.parse().map_err(|_| UiError::from(AppError::NotFound))?;
    let session = ui.session();
    let target = match kind {
        RecordKind::Commitment => format!("/commitments/{}", session.commitment(id).await?.id),
        RecordKind::CheckIn => format!("/checkins/{}", session.checkin(id).await?.id),
        RecordKind::Goal => format!("/goals/{}", session.goal(id).await?.id),
        RecordKind::Milestone => {
            let milestone = session.milestone(id).await?;
            format!("/goals/{}#milestone-{}", milestone.goal_id, milestone.id)
        }
        RecordKind::Organization => format!("/organizations/{}", session.organization(id).await?.id),
        RecordKind::Agreement => format!("/agreements/{}", session.agreement(id).await?.id),
        // Concerns, surveys, contributions and kudos get their pages with their features.
        _ => return Err(AppError::NotFound.into()),
    };
    Ok(see_other(&ui.link(&target)))
}
