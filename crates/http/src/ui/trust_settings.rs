//! "Trust settings" (owners): the parameters of SPEC 3 — how fast evidence fades, the grace
//! before a promise is missed, the weights of the health index, the thresholds of the early
//! warnings — each with a sentence in a coordinator's words. Saving goes through the same
//! `Session::set_trust_settings` as `PUT /api/v1/workspaces/{ws}/trust-settings`, which
//! recomputes every score under the new values before answering; field names are the API's
//! (`health.goals_weight`), so an error stands beside its field.
//!
//! The form carries the version of the settings it was opened on (a digest of their JSON, like
//! an ETag): when someone else saved meanwhile, nothing is saved and the form says so (409).

use std::hash::{Hash, Hasher};

use askama::Template;
use axum::Router;
use axum::routing::get;
use rapport_core::ValidationErrors;
use rapport_core::access::Action;
use rapport_core::trust::TrustSettings;
use serde_json::Value;

use super::context::{Posted, Ui, UiResult};
use super::form::{FormData, FormState, Outcome, outcome, same};
use super::pages::{self, Chrome, render, render_with_status};
use crate::AppState;
use rapport_app::AppError;

pub fn routes() -> Router<AppState> {
    Router::new().route("/w/{ws}/settings/trust", get(show).post(save))
}

const OWNERS_ONLY: &str = "only owners can change the trust settings";

/// One setting: its name in the API, its label, and what it does in a coordinator's words.
pub struct Setting {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
}

pub struct Group {
    pub id: &'static str,
    pub heading: &'static str,
    pub intro: &'static str,
    pub settings: Vec<Setting>,
}

const fn s(name: &'static str, label: &'static str, hint: &'static str) -> Setting {
    Setting { name, label, hint }
}

fn groups() -> Vec<Group> {
    vec![
        Group {
            id: "reliability",
            heading: "Keeping promises",
            intro: "How a partner's record of kept and broken promises becomes its reliability.",
            settings: vec![
                s(
                    "half_life",
                    "Half-life of a promise, in days",
                    "A promise kept or broken this many days ago counts half as much as one from today. Shorter forgives sooner.",
                ),
                s(
                    "grace_days",
                    "Grace days",
                    "How many days after its due date an unfinished promise waits before it counts as missed.",
                ),
                s(
                    "min_evidence",
                    "Evidence needed for a score",
                    "Until a partner has about this many recent promises behind them, Rapport says \"not enough evidence\" instead of a number.",
                ),
                s(
                    "credible_level",
                    "Certainty of the range shown",
                    "How sure the range around a reliability score is, from 0 to 1: 0.9 means nine chances in ten that the truth lies inside it.",
                ),
            ],
        },
        Group {
            id: "health",
            heading: "Partnership health",
            intro: "The health index is a weighted mean of five parts; a part with too little data is left out and the others share its weight.",
            settings: vec![
                s(
                    "health.window_days",
                    "Health looks back, in days",
                    "Only what happened in this many days counts (or since the partnership started, if it is younger).",
                ),
                s(
                    "health.reliability_weight",
                    "Weight of promises kept",
                    "How much reliability counts in the health index.",
                ),
                s(
                    "health.perceived_trust_weight",
                    "Weight of survey trust",
                    "How much the partners' trust in each other, from the latest pulse survey, counts.",
                ),
                s(
                    "health.cadence_weight",
                    "Weight of regular check-ins",
                    "How much meeting as often as agreed counts.",
                ),
                s(
                    "health.goals_weight",
                    "Weight of goals",
                    "How much milestones met on time and the confidence in open goals count.",
                ),
                s(
                    "health.concerns_weight",
                    "Weight of concerns answered",
                    "How much answering concerns in time counts.",
                ),
                s(
                    "health.concern_penalty",
                    "Points lost per late concern",
                    "Each concern not acknowledged by its deadline takes this many points off the concerns part.",
                ),
                s(
                    "health.concerns_min_age_days",
                    "Concerns count from day",
                    "The concerns part counts once a partnership is this many days old.",
                ),
            ],
        },
        Group {
            id: "warnings",
            heading: "Early warnings",
            intro: "When Rapport raises a warning on a partnership, so you can step in early.",
            settings: vec![
                s(
                    "warnings.missed_count",
                    "Missed promises for a warning",
                    "Warn when this many promises were missed…",
                ),
                s("warnings.missed_window_days", "…within this many days", "…in this many days."),
                s(
                    "warnings.overdue_days",
                    "Or one promise overdue by, in days",
                    "Warn as well when a single missed promise is overdue by more than this many days.",
                ),
                s(
                    "warnings.cadence_factor",
                    "Check-ins slipping after",
                    "Warn when no check-in was held for this many times the agreed cadence (2 means twice as long).",
                ),
                s(
                    "warnings.trust_drop_points",
                    "Survey trust drop, in points",
                    "Warn when survey trust fell by at least this many points between two surveys.",
                ),
                s(
                    "warnings.reliability_drop",
                    "Reliability drop",
                    "Warn when reliability fell by at least this much (0.15 is 15 points)…",
                ),
                s("warnings.reliability_drop_days", "…within this many days", "…in this many days."),
                s(
                    "warnings.goal_due_days",
                    "Goal at risk when due within, in days",
                    "Warn about a goal marked at risk or off track when it is due in fewer than this many days.",
                ),
                s(
                    "warnings.goal_lag_points",
                    "Goal behind by, in points",
                    "Warn when a goal's progress lags the time gone by more than this many points.",
                ),
                s(
                    "warnings.concern_acknowledge_days",
                    "Days to acknowledge a concern",
                    "A concern raised without its own deadline should be acknowledged within this many days.",
                ),
                s(
                    "warnings.one_sided_share",
                    "One-sided above this share",
                    "Warn when one member carries more than this share (0.7 is 70 %) of the kept promises or contributions…",
                ),
                s("warnings.one_sided_window_days", "…over this many days", "…over this many days…"),
                s(
                    "warnings.one_sided_min_records",
                    "…once there are at least",
                    "…counted only once there are at least this many of them.",
                ),
                s(
                    "warnings.quiet_checkins",
                    "Quiet partner after missing",
                    "Warn when a member organisation was absent from this many latest check-ins.",
                ),
                s(
                    "warnings.streak",
                    "Win: a streak of",
                    "Suggest a thank-you after this many promises kept on time in a row…",
                ),
                s(
                    "warnings.win_recent_days",
                    "Wins stay news for, in days",
                    "…or a milestone met, for this many days.",
                ),
            ],
        },
    ]
}

#[derive(Template)]
#[template(path = "trust_settings.html")]
struct TrustSettingsPage {
    chrome: Chrome,
    ws: String,
    groups: Vec<Group>,
    form: FormState,
}

/// The settings as JSON, so each field is read and written by its API name.
fn as_json(settings: &TrustSettings) -> Value {
    serde_json::to_value(settings).unwrap_or(Value::Null)
}

fn at<'v>(json: &'v Value, name: &str) -> Option<&'v Value> {
    name.split('.').try_fold(json, |v, key| v.get(key))
}

fn at_mut<'v>(json: &'v mut Value, name: &str) -> Option<&'v mut Value> {
    name.split('.').try_fold(json, |v, key| v.get_mut(key))
}

/// A digest of the settings, the version a form was opened on.
fn version(settings: &TrustSettings) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    as_json(settings).to_string().hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// The form filled with `settings`.
fn filled(settings: &TrustSettings) -> FormData {
    let json = as_json(settings);
    let mut data = FormData::from_pairs([("version", version(settings))]);
    for group in groups() {
        for setting in group.settings {
            let shown = match at(&json, setting.name) {
                Some(Value::Number(n)) => n.as_f64().map(|f| f.to_string()).unwrap_or_default(),
                _ => String::new(),
            };
            data.push(setting.name, shown);
        }
    }
    data
}

fn owners_only(ui: &Ui) -> UiResult<()> {
    if ui.viewer.may(Action::ManageWorkspace) { Ok(()) } else { Err(AppError::Forbidden(OWNERS_ONLY).into()) }
}

fn page(ui: &Ui, form: FormState) -> TrustSettingsPage {
    TrustSettingsPage { chrome: ui.chrome(pages::SETTINGS), ws: ui.ws().to_string(), groups: groups(), form }
}

async fn show(ui: Ui) -> UiResult {
    owners_only(&ui)?;
    let settings = ui.session().trust_settings().await?;
    Ok(render(&page(&ui, FormState::new(filled(&settings)))))
}

/// The posted values over the current settings: every number that does not parse is named.
fn posted(current: &TrustSettings, form: &FormData) -> Result<TrustSettings, ValidationErrors> {
    let mut json = as_json(current);
    let mut errors = ValidationErrors::new();
    for group in groups() {
        for setting in group.settings {
            let text = form.get(setting.name).trim();
            let Some(slot) = at_mut(&mut json, setting.name) else { continue };
            let whole = slot.is_i64() || slot.is_u64();
            match text.parse::<f64>() {
                Ok(number) if number.is_finite() => {
                    if setting.name == "half_life" && number <= 0.0 {
                        errors.add(setting.name, "must be a positive number of days");
                    } else if whole {
                        if number.fract() != 0.0 || number.abs() > 1e9 {
                            errors.add(setting.name, "must be a whole number");
                        } else if slot.is_u64() && number < 0.0 {
                            errors.add(setting.name, "cannot be negative");
                        } else {
                            *slot = serde_json::json!(number as i64);
                        }
                    } else {
                        *slot = serde_json::json!(number);
                    }
                }
                _ if text.is_empty() => errors.add(setting.name, "is required"),
                _ => errors.add(setting.name, "must be a number"),
            }
        }
    }
    if !errors.is_empty() {
        // Every problem at once: what the rest of the form would be refused for, too.
        if let Ok(Err(more)) = serde_json::from_value::<TrustSettings>(json).map(|s| s.validate()) {
            for e in more.0 {
                if errors.for_field(&e.field).is_none() {
                    errors.add(e.field, e.message);
                }
            }
        }
        return Err(errors);
    }
    serde_json::from_value(json).map_err(|_| ValidationErrors::single("half_life", "must be a positive number of days"))
}

async fn save(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    owners_only(&ui)?;
    let session = ui.session();
    let current = session.trust_settings().await?;
    let result = if form.get("version") != version(&current) {
        Err(AppError::Stale)
    } else {
        match posted(&current, &form) {
            Ok(settings) => session.set_trust_settings(settings).await,
            Err(errors) => Err(AppError::Invalid(errors)),
        }
    };
    match outcome(result, form, same)? {
        Outcome::Saved(_) => Ok(ui.done("/settings/trust", "trust_settings_saved")),
        Outcome::Again(form) => Ok(render_with_status(form.status(), &page(&ui, form))),
    }
}
