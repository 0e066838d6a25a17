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

/// The notices a redirect may ask for. Only these fixed texts are shown, so a crafted link cannot
/// put words on the page.
pub fn notice_text(key: &str) -> Option<&'static str> {
    Some(match key {
        "saved" => "Your changes are saved.",
        "created" => "Created.",
        "archived" => "Archived. It no longer appears in lists; you can restore it at any time.",
        "restored" => "Restored.",
        "contact_archived" => "Contact archived.",
        "contact_logged" => "Logged. The follow-up clock starts again from that day.",
        "goal_created" => "Goal added.",
        "progress" => "Progress update recorded.",
        "milestone_saved" => "Milestone saved.",
        "milestone_met" => "Milestone marked met. Worth a thank-you to the people who made it happen!",
        "commitment_created" => "Commitment recorded.",
        "done" => "Commitment marked done.",
        "renegotiated" => "New due date agreed and recorded.",
        "cancelled" => "Commitment cancelled by agreement.",
        "checkin" => "Check-in recorded.",
        "member" => "Role and organisations updated.",
        "renamed" => "Workspace name and time zone saved.",
        "webhook_removed" => "Webhook removed, with its delivery log.",
        "trust_settings_saved" => "Trust settings saved: every score was recomputed under them.",
        "webhook_test_queued" => {
            "Test queued: it shows in Recent deliveries below, with the receiver's answer once sent."
        }
        "reminders_saved" => "Reminder settings saved. They apply in every workspace you belong to.",
        "token_revoked" => "Token revoked: it no longer works.",
        "password_changed" => "Password changed. Every other browser signed in to your account has been signed out.",
        "session_ended" => "That browser is signed out.",
        "invitation_revoked" => "Invitation revoked: its link no longer works.",
        "welcome" => "Welcome! You have joined this workspace.",
        "warning-acknowledged" => "Warning acknowledged. It stays in the history with your note.",
        "warning-snoozed" => "Warning snoozed. It comes back on the day you chose if it still applies.",
        "warning-reopened" => "Warning back in the inbox.",
        "survey_sent" => "Survey sent. Everyone invited sees it on their home page while it is open.",
        "survey_answered" => {
            "Thank you: your answers are recorded without your name and count only as part of a group."
        }
        "survey_not_open" => "This survey is not taking answers today.",
        "results_later" => {
            "Results are not ready yet: they appear the day after the survey closes (its dates are below), never while answers may still come in."
        }
        "survey_closed" => "Survey closed early: it takes no more answers, and its results are ready.",
        "concern_raised" => "Concern raised. The partnership is asked to acknowledge it by the date shown.",
        "concern_moved" => "Concern updated. Its history keeps who did what, and when.",
        "kudos_sent" => "Kudos sent. Thank you for noticing!",
        "report_saved" => "Report saved. Add a summary for each partnership before you share it.",
        "summary_saved" => "Summary saved with the report.",
        "report_link_revoked" => "Link revoked: it no longer opens the report.",
        "contribution" => "Contribution recorded.",
        "retrospective" => {
            "Retrospective started. Everyone in the partnership can add what went well, what did not and what to do next."
        }
        "retrospective_item" => "Added to the retrospective.",
        "agreement_recorded" => {
            "Agreement recorded. Its end date and renewal notice are on the partnership's page and in the workspace's list."
        }
        "agreement_saved" => "Agreement saved. Its history keeps what changed.",
        "agreement_archived" => {
            "Agreement archived. It no longer appears in the lists, warnings, reminders or calendars."
        }
        "link_added" => "Link added. It opens the document in a new tab.",
        "link_removed" => "Link removed. The document itself is untouched.",
        _ => return None,
    })
}
