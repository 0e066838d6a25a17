//! Asking before a change that has no undo. A form whose button changes a record's state for
//! good ("Mark done", "Remove") is posted without `confirm=yes` first; the handler then answers
//! with a page that says what will happen and posts the same fields again with `confirm=yes`.
//! It works without JavaScript; with it, `rapport.js` asks in a dialog and adds the field itself.

use askama::Template;
use axum::response::Response;

use super::context::Ui;
use super::form::FormData;
use super::pages::{Chrome, Section, render};
use crate::i18n::Tr;

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    heading: String,
    detail: String,
    action: String,
    fields: Vec<(String, String)>,
    button: String,
    back: String,
}

/// What the confirmation page says.
pub struct Ask {
    /// The question: "Mark this commitment done?"
    pub heading: String,
    /// What follows, in a sentence or two.
    pub detail: String,
    /// The button that does it: "Yes, mark it done".
    pub button: String,
    /// Where "No, go back" leads, inside the workspace (`/commitments/…`).
    pub back: String,
}

/// `None` when the person already said yes; otherwise the page that asks, in the person's
/// language (`ask` words it with the page's `Tr`), posting the same fields to `action` (a path
/// inside the workspace).
pub fn unless_confirmed(
    ui: &Ui,
    section: Section,
    form: &FormData,
    action: &str,
    ask: impl FnOnce(&Tr) -> Ask,
) -> Option<Response> {
    let chrome = ui.chrome(section).translated();
    let ask = ask(&chrome.tr);
    unless_confirmed_in(ui, chrome, form, action, ask)
}

/// [`unless_confirmed`] on a page with the given chrome (a translated one, when `ask` is in the
/// person's language).
pub fn unless_confirmed_in(ui: &Ui, chrome: Chrome, form: &FormData, action: &str, ask: Ask) -> Option<Response> {
    if form.get("confirm") == "yes" {
        return None;
    }
    let fields = form.pairs().filter(|(name, _)| !matches!(name.as_str(), "csrf" | "confirm")).cloned().collect();
    Some(render(&ConfirmPage {
        chrome,
        heading: ask.heading,
        detail: ask.detail,
        action: ui.link(action),
        fields,
        button: ask.button,
        // The workspace home is `/w/{ws}`, without a trailing slash.
        back: if ask.back == "/" { ui.link("") } else { ui.link(&ask.back) },
    }))
}
