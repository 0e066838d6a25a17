//! What every page shares: the header ("chrome") with its navigation, rendering a template into
//! a response, and the friendly error page.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use rapport_core::records::User;

use super::context::Ui;
use crate::i18n::Tr;

/// Which part of the navigation a page belongs to.
pub type Section = &'static str;

pub const HOME: Section = "home";
pub const PARTNERSHIPS: Section = "partnerships";
pub const ORGANIZATIONS: Section = "organizations";
pub const SETTINGS: Section = "settings";
pub const DASHBOARD: Section = "dashboard";
pub const WARNINGS: Section = "warnings";
pub const NETWORK: Section = "network";
pub const SURVEYS: Section = "surveys";
pub const CONCERNS: Section = "concerns";
pub const REPORTS: Section = "reports";
pub const NONE: Section = "";

pub struct WorkspaceLink {
    pub id: String,
    pub name: String,
}

/// The page header: who is signed in, the workspace and its navigation, and any notice left by
/// the previous action ("Commitment marked done").
/// What a part of a page rendered on its own and kept (the map's body) gives the shared form
/// macros in place of the [`Chrome`]: the page's words, nothing about the person reading.
pub struct PartChrome {
    pub tr: crate::i18n::Tr,
}

pub struct Chrome {
    pub signed_in: bool,
    pub user_name: String,
    pub user_email: String,
    pub csrf: String,
    pub workspace: Option<WorkspaceLink>,
    pub role: &'static str,
    /// The menu offers the activity log (the same rule as reading it).
    pub reads_activity: bool,
    /// The person may change records here: observers are offered no buttons that would refuse them.
    pub writes: bool,
    /// The menu offers reports (owners, coordinators and observers).
    pub reads_reports: bool,
    /// The person's other workspaces, to switch to.
    pub others: Vec<WorkspaceLink>,
    pub section: Section,
    /// The key of the notice left by the previous action (one of [`NOTICES`]).
    pub notice: Option<&'static str>,
    /// The page's language: the layout and every converted template read their words through
    /// it. English until the page says it is converted ([`Chrome::translated`]), so a page is
    /// wholly in one language.
    pub tr: Tr,
    /// The language chosen for the person (their choice, browser, workspace).
    chosen: Tr,
}

impl Chrome {
    /// For pages seen before signing in, and error pages.
    pub fn bare() -> Chrome {
        Chrome {
            signed_in: false,
            user_name: String::new(),
            user_email: String::new(),
            csrf: String::new(),
            workspace: None,
            role: "",
            reads_activity: false,
            writes: false,
            reads_reports: false,
            others: Vec::new(),
            section: NONE,
            notice: None,
            tr: Tr::english(),
            chosen: Tr::choose(None, None),
        }
    }

    /// A page seen before signing in, in a language the page chose (a survey link's).
    pub fn bare_in(tr: Tr) -> Chrome {
        Chrome { tr, chosen: tr, ..Chrome::bare() }
    }

    /// For a page whose every word comes from the message files: it speaks the person's language.
    pub fn translated(self) -> Chrome {
        Chrome { tr: self.chosen, ..self }
    }

    pub fn signed_in(user: &User, csrf: &str) -> Chrome {
        Chrome {
            signed_in: true,
            user_name: user.name.clone(),
            user_email: user.email.clone(),
            csrf: csrf.to_owned(),
            chosen: Tr::choose(user.language.as_deref(), None),
            ..Chrome::bare()
        }
    }

    pub fn in_workspace(ui: &Ui, section: Section) -> Chrome {
        Chrome {
            workspace: Some(WorkspaceLink { id: ui.workspace.id.to_string(), name: ui.workspace.name.clone() }),
            role: ui.viewer.role.label(),
            reads_activity: ui.viewer.may(rapport_core::access::Action::ReadActivityLog),
            writes: ui.viewer.can_write(),
            reads_reports: ui.viewer.sees_whole_workspace(),
            others: ui
                .memberships
                .iter()
                .map(|m| &m.workspace)
                .filter(|w| w.id != ui.workspace.id)
                .map(|w| WorkspaceLink { id: w.id.to_string(), name: w.name.clone() })
                .collect(),
            section,
            notice: ui.notice,
            chosen: Tr::choose(ui.user.language.as_deref(), Some(&ui.workspace.default_language)),
            ..Chrome::signed_in(&ui.user, &ui.csrf)
        }
    }

    /// The person's role here, in the page's language.
    pub fn role_label(&self) -> String {
        match self.role {
            "Owner" => self.tr.t("role-owner"),
            "Coordinator" => self.tr.t("role-coordinator"),
            "Member" => self.tr.t("role-member"),
            "Observer" => self.tr.t("role-observer"),
            other => other.to_owned(),
        }
    }

    /// The notice left by the previous action, in the page's language.
    pub fn notice_words(&self) -> Option<String> {
        self.notice.and_then(|key| notice_text(&self.tr, key))
    }

    pub fn current(&self, section: &str) -> bool {
        self.section == section
    }

    /// Up to two initials for the user menu's badge.
    pub fn initials(&self) -> String {
        self.user_name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .take(2)
            .flat_map(char::to_uppercase)
            .collect()
    }

    pub fn css_href(&self) -> String {
        super::asset_href("rapport.css")
    }

    pub fn js_href(&self) -> String {
        super::asset_href("rapport.js")
    }

    pub fn icon_href(&self) -> String {
        super::asset_href("icon.svg")
    }
}

/// One option of a `<select>` or checkbox group.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: impl ToString, label: impl Into<String>) -> Choice {
        Choice { value: value.to_string(), label: label.into() }
    }
}

/// Renders a page; a template that fails to render is our bug, logged and shown as such.
pub fn render<T: Template>(page: &T) -> Response {
    render_with_status(StatusCode::OK, page)
}

pub fn render_with_status<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(html) => (status, Html(super::form::label_summary(html))).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "a page template failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<!doctype html><title>Error</title><p>Something went wrong on our side; it has been logged.</p>"),
            )
                .into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    chrome: Chrome,
    status: u16,
    heading: &'a str,
    message: &'a str,
}

/// An error page in the language of the request's browser (the person is not known here).
pub fn error_page(status: StatusCode, heading: &str, message: &str) -> Response {
    let chrome = Chrome::bare().translated();
    render_with_status(status, &ErrorPage { chrome, status: status.as_u16(), heading, message })
}

/// The notices a redirect may ask for, by key. Only these fixed texts are shown, so a crafted
/// link cannot put words on the page.
pub const NOTICES: &[&str] = &[
    "saved",
    "created",
    "archived",
    "restored",
    "contact_archived",
    "contact_logged",
    "goal_created",
    "progress",
    "milestone_saved",
    "milestone_met",
    "commitment_created",
    "done",
    "renegotiated",
    "cancelled",
    "checkin",
    "member",
    "renamed",
    "webhook_removed",
    "trust_settings_saved",
    "webhook_test_queued",
    "reminders_saved",
    "token_revoked",
    "password_changed",
    "session_ended",
    "invitation_revoked",
    "welcome",
    "warning-acknowledged",
    "warning-snoozed",
    "warning-reopened",
    "survey_sent",
    "survey_answered",
    "survey_not_open",
    "results_later",
    "survey_closed",
    "concern_raised",
    "concern_moved",
    "kudos_sent",
    "report_saved",
    "summary_saved",
    "report_link_revoked",
    "contribution",
    "retrospective",
    "retrospective_item",
    "agreement_recorded",
    "agreement_saved",
    "agreement_archived",
    "link_added",
    "link_removed",
];

/// The notice `key` names, as the key itself (to keep in a page's chrome), when there is one.
pub fn notice_key(key: &str) -> Option<&'static str> {
    NOTICES.iter().find(|k| **k == key).copied()
}

/// A notice's words in the page's language.
pub fn notice_text(tr: &Tr, key: &str) -> Option<String> {
    Some(match key {
        "saved" => tr.t("notice-saved"),
        "created" => tr.t("notice-created"),
        "archived" => tr.t("notice-archived"),
        "restored" => tr.t("notice-restored"),
        "contact_archived" => tr.t("notice-contact-archived"),
        "contact_logged" => tr.t("notice-contact-logged"),
        "goal_created" => tr.t("notice-goal-created"),
        "progress" => tr.t("notice-progress"),
        "milestone_saved" => tr.t("notice-milestone-saved"),
        "milestone_met" => tr.t("notice-milestone-met"),
        "commitment_created" => tr.t("notice-commitment-created"),
        "done" => tr.t("notice-done"),
        "renegotiated" => tr.t("notice-renegotiated"),
        "cancelled" => tr.t("notice-cancelled"),
        "checkin" => tr.t("notice-checkin"),
        "member" => tr.t("notice-member"),
        "renamed" => tr.t("notice-renamed"),
        "webhook_removed" => tr.t("notice-webhook-removed"),
        "trust_settings_saved" => tr.t("notice-trust-settings-saved"),
        "webhook_test_queued" => tr.t("notice-webhook-test-queued"),
        "reminders_saved" => tr.t("notice-reminders-saved"),
        "token_revoked" => tr.t("notice-token-revoked"),
        "password_changed" => tr.t("notice-password-changed"),
        "session_ended" => tr.t("notice-session-ended"),
        "invitation_revoked" => tr.t("notice-invitation-revoked"),
        "welcome" => tr.t("notice-welcome"),
        "warning-acknowledged" => tr.t("notice-warning-acknowledged"),
        "warning-snoozed" => tr.t("notice-warning-snoozed"),
        "warning-reopened" => tr.t("notice-warning-reopened"),
        "survey_sent" => tr.t("notice-survey-sent"),
        "survey_answered" => tr.t("notice-survey-answered"),
        "survey_not_open" => tr.t("notice-survey-not-open"),
        "results_later" => tr.t("notice-results-later"),
        "survey_closed" => tr.t("notice-survey-closed"),
        "concern_raised" => tr.t("notice-concern-raised"),
        "concern_moved" => tr.t("notice-concern-moved"),
        "kudos_sent" => tr.t("notice-kudos-sent"),
        "report_saved" => tr.t("notice-report-saved"),
        "summary_saved" => tr.t("notice-summary-saved"),
        "report_link_revoked" => tr.t("notice-report-link-revoked"),
        "contribution" => tr.t("notice-contribution"),
        "retrospective" => tr.t("notice-retrospective"),
        "retrospective_item" => tr.t("notice-retrospective-item"),
        "agreement_recorded" => tr.t("notice-agreement-recorded"),
        "agreement_saved" => tr.t("notice-agreement-saved"),
        "agreement_archived" => tr.t("notice-agreement-archived"),
        "link_added" => tr.t("notice-link-added"),
        "link_removed" => tr.t("notice-link-removed"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_has_words() {
        for key in NOTICES {
            assert!(notice_text(&Tr::english(), key).is_some_and(|t| !t.is_empty()), "{key}");
        }
        assert_eq!(notice_key("saved"), Some("saved"));
        assert_eq!(notice_key("<b>hello</b>"), None);
        assert_eq!(notice_text(&Tr::english(), "done").unwrap(), "Commitment marked done.");
    }
}
