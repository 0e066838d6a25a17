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
use crate::i18n::Tr;
use rapport_app::AppError;

pub fn routes() -> Router<AppState> {
    Router::new().route("/w/{ws}/settings/trust", get(show).post(save))
}

const OWNERS_ONLY: &str = "only owners can change the trust settings";

/// One setting: its name in the API; its label and what it does in a coordinator's words come
/// from `trust_settings.ftl` ([`setting_words`]).
pub struct Setting {
    pub name: &'static str,
    pub label: String,
    pub hint: String,
}

pub struct Group {
    pub id: &'static str,
    pub heading: String,
    pub intro: String,
    pub settings: Vec<Setting>,
}

/// The settings' names in the API, by group.
fn names() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("reliability", vec!["half_life", "grace_days", "min_evidence", "credible_level"]),
        (
            "health",
            vec![
                "health.window_days",
                "health.reliability_weight",
                "health.perceived_trust_weight",
                "health.cadence_weight",
                "health.goals_weight",
                "health.concerns_weight",
                "health.concern_penalty",
                "health.concerns_min_age_days",
            ],
        ),
        (
            "warnings",
            vec![
                "warnings.missed_count",
                "warnings.missed_window_days",
                "warnings.overdue_days",
                "warnings.cadence_factor",
                "warnings.trust_drop_points",
                "warnings.reliability_drop",
                "warnings.reliability_drop_days",
                "warnings.goal_due_days",
                "warnings.goal_lag_points",
                "warnings.concern_acknowledge_days",
                "warnings.one_sided_share",
                "warnings.one_sided_window_days",
                "warnings.one_sided_min_records",
                "warnings.quiet_checkins",
                "warnings.streak",
                "warnings.win_recent_days",
            ],
        ),
    ]
}

/// A group's heading and introduction in the page's language.
fn group_words(tr: &Tr, id: &str) -> (String, String) {
    match id {
        "reliability" => (tr.t("trust-group-reliability"), tr.t("trust-group-reliability-intro")),
        "health" => (tr.t("trust-group-health"), tr.t("trust-group-health-intro")),
        "warnings" => (tr.t("trust-group-warnings"), tr.t("trust-group-warnings-intro")),
        _ => (String::new(), String::new()),
    }
}

/// A setting's label and hint in the page's language.
fn setting_words(tr: &Tr, name: &str) -> (String, String) {
    match name {
        "half_life" => (tr.t("trust-setting-half-life"), tr.t("trust-setting-half-life-hint")),
        "grace_days" => (tr.t("trust-setting-grace-days"), tr.t("trust-setting-grace-days-hint")),
        "min_evidence" => (tr.t("trust-setting-min-evidence"), tr.t("trust-setting-min-evidence-hint")),
        "credible_level" => (tr.t("trust-setting-credible-level"), tr.t("trust-setting-credible-level-hint")),
        "health.window_days" => {
            (tr.t("trust-setting-health-window-days"), tr.t("trust-setting-health-window-days-hint"))
        }
        "health.reliability_weight" => {
            (tr.t("trust-setting-health-reliability-weight"), tr.t("trust-setting-health-reliability-weight-hint"))
        }
        "health.perceived_trust_weight" => (
            tr.t("trust-setting-health-perceived-trust-weight"),
            tr.t("trust-setting-health-perceived-trust-weight-hint"),
        ),
        "health.cadence_weight" => {
            (tr.t("trust-setting-health-cadence-weight"), tr.t("trust-setting-health-cadence-weight-hint"))
        }
        "health.goals_weight" => {
            (tr.t("trust-setting-health-goals-weight"), tr.t("trust-setting-health-goals-weight-hint"))
        }
        "health.concerns_weight" => {
            (tr.t("trust-setting-health-concerns-weight"), tr.t("trust-setting-health-concerns-weight-hint"))
        }
        "health.concern_penalty" => {
            (tr.t("trust-setting-health-concern-penalty"), tr.t("trust-setting-health-concern-penalty-hint"))
        }
        "health.concerns_min_age_days" => (
            tr.t("trust-setting-health-concerns-min-age-days"),
            tr.t("trust-setting-health-concerns-min-age-days-hint"),
        ),
        "warnings.missed_count" => {
            (tr.t("trust-setting-warnings-missed-count"), tr.t("trust-setting-warnings-missed-count-hint"))
        }
        "warnings.missed_window_days" => {
            (tr.t("trust-setting-warnings-missed-window-days"), tr.t("trust-setting-warnings-missed-window-days-hint"))
        }
        "warnings.overdue_days" => {
            (tr.t("trust-setting-warnings-overdue-days"), tr.t("trust-setting-warnings-overdue-days-hint"))
        }
        "warnings.cadence_factor" => {
            (tr.t("trust-setting-warnings-cadence-factor"), tr.t("trust-setting-warnings-cadence-factor-hint"))
        }
        "warnings.trust_drop_points" => {
            (tr.t("trust-setting-warnings-trust-drop-points"), tr.t("trust-setting-warnings-trust-drop-points-hint"))
        }
        "warnings.reliability_drop" => {
            (tr.t("trust-setting-warnings-reliability-drop"), tr.t("trust-setting-warnings-reliability-drop-hint"))
        }
        "warnings.reliability_drop_days" => (
            tr.t("trust-setting-warnings-reliability-drop-days"),
            tr.t("trust-setting-warnings-reliability-drop-days-hint"),
        ),
        "warnings.goal_due_days" => {
            (tr.t("trust-setting-warnings-goal-due-days"), tr.t("trust-setting-warnings-goal-due-days-hint"))
        }
        "warnings.goal_lag_points" => {
            (tr.t("trust-setting-warnings-goal-lag-points"), tr.t("trust-setting-warnings-goal-lag-points-hint"))
        }
        "warnings.concern_acknowledge_days" => (
            tr.t("trust-setting-warnings-concern-acknowledge-days"),
            tr.t("trust-setting-warnings-concern-acknowledge-days-hint"),
        ),
        "warnings.one_sided_share" => {
            (tr.t("trust-setting-warnings-one-sided-share"), tr.t("trust-setting-warnings-one-sided-share-hint"))
        }
        "warnings.one_sided_window_days" => (
            tr.t("trust-setting-warnings-one-sided-window-days"),
            tr.t("trust-setting-warnings-one-sided-window-days-hint"),
        ),
        "warnings.one_sided_min_records" => (
            tr.t("trust-setting-warnings-one-sided-min-records"),
            tr.t("trust-setting-warnings-one-sided-min-records-hint"),
        ),
        "warnings.quiet_checkins" => {
            (tr.t("trust-setting-warnings-quiet-checkins"), tr.t("trust-setting-warnings-quiet-checkins-hint"))
        }
        "warnings.streak" => (tr.t("trust-setting-warnings-streak"), tr.t("trust-setting-warnings-streak-hint")),
        "warnings.win_recent_days" => {
            (tr.t("trust-setting-warnings-win-recent-days"), tr.t("trust-setting-warnings-win-recent-days-hint"))
        }
        _ => (name.to_owned(), String::new()),
    }
}

fn groups(tr: &Tr) -> Vec<Group> {
    names()
        .into_iter()
        .map(|(id, settings)| {
            let (heading, intro) = group_words(tr, id);
            Group {
                id,
                heading,
                intro,
                settings: settings
                    .into_iter()
                    .map(|name| {
                        let (label, hint) = setting_words(tr, name);
                        Setting { name, label, hint }
                    })
                    .collect(),
            }
        })
        .collect()
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
    for (_, settings) in names() {
        for name in settings {
            let shown = match at(&json, name) {
                Some(Value::Number(n)) => n.as_f64().map(|f| f.to_string()).unwrap_or_default(),
                _ => String::new(),
            };
            data.push(name, shown);
        }
    }
    data
}

fn owners_only(ui: &Ui) -> UiResult<()> {
    if ui.viewer.may(Action::ManageWorkspace) { Ok(()) } else { Err(AppError::Forbidden(OWNERS_ONLY).into()) }
}

fn page(ui: &Ui, form: FormState) -> TrustSettingsPage {
    let chrome = ui.chrome(pages::SETTINGS).translated();
    let tr = chrome.tr;
    TrustSettingsPage { chrome, ws: ui.ws().to_string(), groups: groups(&tr), form: form.speaking(tr) }
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
    for (_, settings) in names() {
        for name in settings {
            let text = form.get(name).trim();
            let Some(slot) = at_mut(&mut json, name) else { continue };
            let whole = slot.is_i64() || slot.is_u64();
            match text.parse::<f64>() {
                Ok(number) if number.is_finite() => {
                    if name == "half_life" && number <= 0.0 {
                        errors.add(name, "must be a positive number of days");
                    } else if whole {
                        if number.fract() != 0.0 || number.abs() > 1e9 {
                            errors.add(name, "must be a whole number");
                        } else if slot.is_u64() && number < 0.0 {
                            errors.add(name, "cannot be negative");
                        } else {
                            *slot = serde_json::json!(number as i64);
                        }
                    } else {
                        *slot = serde_json::json!(number);
                    }
                }
                _ if text.is_empty() => errors.add(name, "is required"),
                _ => errors.add(name, "must be a number"),
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
