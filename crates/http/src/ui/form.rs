//! Posted forms: the raw name/value pairs, typed readers that collect errors per field, and the
//! state a page needs to show a form again with the person's input and each error beside its
//! field.

use std::fmt::Write as _;

use chrono::NaiveDate;
use rapport_core::ValidationErrors;

use crate::i18n::Tr;
use uuid::Uuid;

/// A posted form, every pair in order: repeated names (checkboxes, repeated rows) survive, which
/// `serde_urlencoded` would not allow.
#[derive(Debug, Clone, Default)]
pub struct FormData {
    pairs: Vec<(String, String)>,
}

impl FormData {
    pub fn parse(body: &[u8]) -> FormData {
        FormData { pairs: form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect() }
    }

    pub fn from_pairs<K: Into<String>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> FormData {
        FormData { pairs: pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect() }
    }

    /// The backstop for what core validation checks field by field: no value holds a control
    /// character but tab, newline and the CR of a CRLF. The first that does is named.
    pub fn plain_text(&self) -> Result<(), rapport_app::AppError> {
        match self.pairs.iter().find(|(k, v)| {
            rapport_core::validate::has_control_characters(k) || rapport_core::validate::has_control_characters(v)
        }) {
            None => Ok(()),
            Some((name, _)) => Err(rapport_app::AppError::Invalid(ValidationErrors::single(
                name.chars().filter(|c| !c.is_control()).collect::<String>(),
                rapport_core::validate::CONTROL_CHARACTERS,
            ))),
        }
    }

    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.pairs.push((name.into(), value.into()));
    }

    /// Replaces every value of `name` by `value`.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.pairs.retain(|(k, _)| k != name);
        self.pairs.push((name.to_owned(), value.into()));
    }

    /// The first value of `name`, or "" when it was not sent.
    /// Every pair, in the order posted.
    pub fn pairs(&self) -> impl Iterator<Item = &(String, String)> {
        self.pairs.iter()
    }

    pub fn get(&self, name: &str) -> &str {
        self.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
    }

    /// The trimmed value, `None` when empty or absent.
    pub fn optional(&self, name: &str) -> Option<String> {
        let value = self.get(name).trim();
        (!value.is_empty()).then(|| value.to_owned())
    }

    /// A required date from an `<input type=date>` (`YYYY-MM-DD`).
    pub fn date(&self, errors: &mut ValidationErrors, name: &str) -> Option<NaiveDate> {
        let value = self.get(name).trim();
        if value.is_empty() {
            errors.add(name, "is required: pick a date");
            return None;
        }
        parse_date(value).or_else(|| {
            errors.add(name, "must be a date such as 2026-12-04");
            None
        })
    }

    pub fn optional_date(&self, errors: &mut ValidationErrors, name: &str) -> Option<NaiveDate> {
        let value = self.get(name).trim();
        if value.is_empty() {
            return None;
        }
        parse_date(value).or_else(|| {
            errors.add(name, "must be a date such as 2026-12-04");
            None
        })
    }

    pub fn optional_number(&self, errors: &mut ValidationErrors, name: &str) -> Option<f64> {
        let value = self.get(name).trim();
        if value.is_empty() {
            return None;
        }
        // People type "1,200" or "85 %"; accept the digits they meant.
        let cleaned: String = value.chars().filter(|c| !matches!(c, ',' | '%' | ' ')).collect();
        match cleaned.parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => {
                errors.add(name, "must be a number, such as 42 or 3.5");
                None
            }
        }
    }

    pub fn optional_integer(&self, errors: &mut ValidationErrors, name: &str) -> Option<i32> {
        let value = self.get(name).trim();
        if value.is_empty() {
            return None;
        }
        value.parse().map(Some).unwrap_or_else(|_| {
            errors.add(name, "must be a whole number");
            None
        })
    }

    /// An id picked from a list; `what` names the thing for the error ("an organisation").
    pub fn optional_id(&self, errors: &mut ValidationErrors, name: &str, what: &str) -> Option<Uuid> {
        let value = self.get(name).trim();
        if value.is_empty() {
            return None;
        }
        value.parse().map(Some).unwrap_or_else(|_| {
            errors.add(name, format!("choose {what} from the list"));
            None
        })
    }

    pub fn required_id(&self, errors: &mut ValidationErrors, name: &str, what: &str) -> Option<Uuid> {
        if self.get(name).trim().is_empty() {
            errors.add(name, format!("choose {what}"));
            return None;
        }
        self.optional_id(errors, name, what)
    }

    /// Every id sent under `name` (checkboxes); values that are not ids are ignored, since only a
    /// hand-made request sends them.
    pub fn ids(&self, name: &str) -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = self.all(name).into_iter().filter_map(|v| v.trim().parse().ok()).collect();
        ids.dedup();
        ids
    }
}

fn parse_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

/// A form as a page shows it: the values to fill in, and what is wrong with them.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub data: FormData,
    pub errors: ValidationErrors,
    /// A problem with the form as a whole, e.g. someone else saved the record meanwhile.
    pub problem: Option<String>,
    /// The page's language: the errors this layer writes are shown in it.
    pub tr: Tr,
}

pub const STALE_MESSAGE: &str = "Someone else changed this record while you were editing it, so your changes were not saved. \
    Open it again to see the latest version, then make your change once more.";

impl FormState {
    pub fn new(data: FormData) -> FormState {
        FormState { data, ..FormState::default() }
    }

    pub fn with_errors(data: FormData, errors: ValidationErrors) -> FormState {
        FormState { data, errors, problem: None, tr: Tr::english() }
    }

    pub fn stale(data: FormData) -> FormState {
        FormState { data, errors: ValidationErrors::new(), problem: Some(STALE_MESSAGE.to_owned()), tr: Tr::english() }
    }

    /// The same form on a page in `tr`'s language: the errors this layer writes read in it.
    pub fn speaking(self, tr: Tr) -> FormState {
        FormState { tr, ..self }
    }

    /// A problem with the whole form, in the page's language when it is one of this layer's.
    pub fn problem_words(&self) -> Option<String> {
        self.problem.as_deref().map(|p| if p == STALE_MESSAGE { self.tr.t("form-error-stale") } else { p.to_owned() })
    }

    pub fn value(&self, name: &str) -> &str {
        self.data.get(name)
    }

    /// The error to show beside a field, as a sentence: "Is required: pick a date".
    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.for_field(name).map(|m| capitalised(&words(&self.tr, m)))
    }

    pub fn is_invalid(&self, name: &str) -> bool {
        self.error(name).is_some()
    }

    pub fn checked(&self, name: &str, value: &str) -> bool {
        self.data.all(name).contains(&value)
    }

    /// The value is the one picked in a `<select>`.
    pub fn selected(&self, name: &str, value: &str) -> bool {
        self.data.get(name) == value
    }

    /// An HTML id for a field, safe in CSS selectors and fragment links.
    pub fn id(&self, name: &str) -> String {
        field_id(name)
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.problem.is_some()
    }

    /// The errors for the summary at the top of the form, in the order of the form's inputs (a
    /// posted form lists them in page order); each links to its field.
    pub fn summary(&self) -> Vec<SummaryItem> {
        let position = |field: &str| {
            let list = format!("{field}[");
            self.data.pairs.iter().position(|(name, _)| name == field || name.starts_with(&list)).unwrap_or(usize::MAX)
        };
        let mut errors: Vec<&rapport_core::FieldError> = self.errors.0.iter().collect();
        errors.sort_by_key(|e| position(&e.field));
        errors
            .iter()
            .map(|e| SummaryItem {
                anchor: field_id(&e.field),
                label: field_label(&e.field),
                message: words(&self.tr, &e.message),
            })
            .collect()
    }
}

/// An error this layer writes, in the page's language; others (the rules of the core) are shown
/// as they are written, in English.
pub(crate) fn words(tr: &Tr, message: &str) -> String {
    let what = |what: &str| match what {
        "the organisation that promises" => Some(tr.t("form-what-promisor")),
        "a person" => Some(tr.t("form-what-person")),
        "an organisation" => Some(tr.t("form-what-organisation")),
        "a record" => Some(tr.t("form-what-record")),
        "a partnership" => Some(tr.t("form-what-partnership")),
        _ => None,
    };
    let known = match message {
        "is required: pick a date" => Some(tr.t("form-error-pick-date")),
        "must be a date such as 2026-12-04" => Some(tr.t("form-error-date")),
        "must be a number, such as 42 or 3.5" => Some(tr.t("form-error-number")),
        "must be a whole number" => Some(tr.t("form-error-whole-number")),
        "choose someone from the list" => Some(tr.t("form-error-choose-someone")),
        "choose one of the outcomes listed" => Some(tr.t("form-error-choose-outcome")),
        "is required: say why the date changes" => Some(tr.t("form-error-say-why")),
        "choose the next step" => Some(tr.t("form-error-next-step")),
        "choose how confident you are" => Some(tr.t("form-error-confidence")),
        "is required" => Some(tr.t("form-error-required")),
        "must be at least 10 characters" => Some(tr.t("form-error-password-short")),
        "must be an e-mail address such as name@example.org" => Some(tr.t("form-error-email")),
        "does not match the password above" => Some(tr.t("form-error-password-again")),
        "does not match the new password" => Some(tr.t("form-error-new-password-again")),
        "that is not the password of this account" => Some(tr.t("form-error-password-wrong")),
        // The core's rules that carry no number or name.
        "cannot be in the future" => Some(tr.t("form-error-not-future")),
        "cannot be in the past" => Some(tr.t("form-error-not-past")),
        "must be a member organisation of this partnership" => Some(tr.t("form-error-member-organisation")),
        // Each English sentence has its own message, so an English page reads as written.
        "cannot be negative" => Some(tr.t("form-error-not-negative")),
        "must be zero or more" => Some(tr.t("form-error-zero-or-more")),
        "must be more than zero" => Some(tr.t("form-error-more-than-zero")),
        "must be a number greater than zero" => Some(tr.t("form-error-number-above-zero")),
        "must be between 0 and 1" => Some(tr.t("form-error-between-0-and-1")),
        "must be at least 1" => Some(tr.t("form-error-at-least-1")),
        "must be a number" => Some(tr.t("form-error-a-number")),
        "must be a positive number of days" => Some(tr.t("form-error-positive-days")),
        "must be an http:// or https:// address" => Some(tr.t("form-error-http-address")),
        "must be a web address starting with https://" => Some(tr.t("form-error-https-address")),
        "must be today or later" => Some(tr.t("form-error-today-or-later")),
        "must be after today" => Some(tr.t("form-error-after-today")),
        "must be on or before the due date" => Some(tr.t("form-error-by-due-date")),
        "must be on or after the day it was agreed" => Some(tr.t("form-error-after-agreed")),
        "must be on or after the opening day" => Some(tr.t("form-error-after-opening")),
        "must differ from the current due date" => Some(tr.t("form-error-differ-due-date")),
        "must differ from the first due date" => Some(tr.t("form-error-differ-first-due-date")),
        "must be within a year" => Some(tr.t("form-error-within-a-year")),
        "must be at least one day" => Some(tr.t("form-error-at-least-one-day")),
        "name the currency, e.g. USD" => Some(tr.t("form-error-currency")),
        "say what was agreed" => Some(tr.t("form-error-say-what")),
        "say by when" => Some(tr.t("form-error-say-by-when")),
        "pick at least one option" => Some(tr.t("form-error-pick-one-or-more")),
        "pick exactly one option" => Some(tr.t("form-error-pick-exactly-one")),
        "is listed twice" => Some(tr.t("form-error-listed-twice")),
        "is too large" => Some(tr.t("form-error-too-large")),
        "is required: paste the document's address" => Some(tr.t("form-error-paste-address")),
        other if numbered(other).is_some() => numbered(other).map(|(template, n)| match template {
            "must be at most # characters" => tr.n("form-error-at-most-characters", n),
            "must be within # days" => tr.n("form-error-within-days", n),
            "must be between 0 and # days" => tr.n("form-error-between-0-and-days", n),
            "must be between 1 and # days" => tr.n("form-error-between-1-and-days", n),
            _ => other.to_owned(),
        }),
        other => match other.strip_prefix("choose ") {
            Some(rest) => match rest.strip_suffix(" from the list") {
                Some(thing) => what(thing).map(|w| tr.a("form-error-choose-from-list", [("what", w)])),
                None => what(rest).map(|w| tr.a("form-error-choose", [("what", w)])),
            },
            None => None,
        },
    };
    known.unwrap_or_else(|| message.to_owned())
}

/// A sentence of the core with one whole number in it, known by its shape: "must be at most 200
/// characters" → ("must be at most # characters", 200).
fn numbered(message: &str) -> Option<(&'static str, i64)> {
    const SHAPES: [&str; 4] = [
        "must be at most # characters",
        "must be within # days",
        "must be between 0 and # days",
        "must be between 1 and # days",
    ];
    SHAPES.iter().find_map(|shape| {
        let (before, after) = shape.split_once('#')?;
        let n = message.strip_prefix(before)?.strip_suffix(after)?.parse().ok()?;
        Some((*shape, n))
    })
}

/// One line of the error summary. `label` is a stand-in: [`label_summary`] puts in the label the
/// page shows beside the field.
pub struct SummaryItem {
    pub anchor: String,
    pub label: String,
    pub message: String,
}

/// Names each field in the error summary with the very label shown beside it, so a field has one
/// name on a page. The summary comes before the fields, so the names are filled in once the page
/// is whole; a field with no label on the page keeps the stand-in from [`field_label`].
pub fn label_summary(html: String) -> String {
    const MARK: &str = "<span data-summary-for=\"";
    const END: &str = "</span>";
    if !html.contains(MARK) {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find(MARK) {
        let after = &rest[start + MARK.len()..];
        let (Some(quote), Some(close)) = (after.find("\">"), after.find(END)) else { break };
        if close < quote {
            break;
        }
        let anchor = &after[..quote];
        let stand_in = &after[quote + 2..close];
        out.push_str(&rest[..start]);
        out.push_str(MARK);
        out.push_str(anchor);
        out.push_str("\">");
        out.push_str(page_label(&html, anchor).unwrap_or(stand_in));
        out.push_str(END);
        rest = &after[close + END.len()..];
    }
    out.push_str(rest);
    out
}

/// The text of `<label for="{anchor}">`, or of the legend of the fieldset `id="{anchor}"`, when
/// it is plain text.
fn page_label<'a>(html: &'a str, anchor: &str) -> Option<&'a str> {
    let label = format!("<label for=\"{anchor}\">");
    let text = if let Some(i) = html.find(&label) {
        let text = &html[i + label.len()..];
        &text[..text.find("</label>")?]
    } else {
        let group = format!("id=\"{anchor}\">");
        let text = html[html.find(&group)? + group.len()..].trim_start().strip_prefix("<legend>")?;
        &text[..text.find("</legend>")?]
    };
    let text = text.trim();
    (!text.is_empty() && !text.contains('<')).then_some(text)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn field_id(name: &str) -> String {
    let mut id = String::from("f-");
    for c in name.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' });
    }
    id
}

/// A field's name in words, for the error summary: `action_items[0].due_on` → "Action item 1, due date".
fn field_label(name: &str) -> String {
    let (row, last) = match name.rsplit_once('.') {
        Some((prefix, last)) => (Some(prefix), last),
        None => (None, name),
    };
    let mut label = String::new();
    if let Some(prefix) = row {
        let (list, index) = prefix.split_once('[').unwrap_or((prefix, ""));
        let number = index.trim_end_matches(']').parse::<usize>().map(|i| i + 1).unwrap_or(0);
        let list = match list {
            "action_items" => "Action item",
            "members" => "Member",
            other => other,
        };
        let _ = write!(label, "{list} {number}, ");
    }
    // The words the forms' labels use.
    let words = match last.split('[').next().unwrap_or(last) {
        "promisor_organization_id" => "who promises",
        "promisor_user_id" => "person responsible",
        "promisee_organization_id" => "promised to",
        "organization_id" => "organisation",
        "owner_organization_id" => "owner",
        "description" => "what is promised",
        "statement" => "goal",
        "title" => "milestone",
        "due_on" => "due date",
        "held_on" => "date of the meeting",
        "met_on" => "met on",
        "new_due_on" => "new due date",
        "reason" => "why the date changes",
        "cancel_reason" => "what was agreed",
        "done_on" => "done on",
        "current" => "value now",
        "baseline" => "starting value",
        "metric" => "measure",
        "relevance" => "why it matters",
        "last_contacted_on" => "last contacted",
        "follow_up_days" => "follow up every",
        "attendee_organization_ids" => "organisations present",
        "attendee_user_ids" => "people present",
        "mediator_user_id" => "mediator",
        "to_organization_id" | "to_user_id" => "to",
        "from_organization_id" | "from_user_id" => "from",
        "milestone_id" => "milestone",
        "goal_id" => "goal",
        "commitment_id" => "commitment",
        "partnership_id" => "partnership",
        "members" => "member organisations",
        "email" => "e-mail address",
        "focus_areas" => "focus areas",
        "vision" => "shared vision",
        "cadence" => "check-ins",
        "kind" => "type",
        other => other,
    };
    // Whatever is left reads as words, never as a column name.
    let words = words.strip_suffix("_ids").or_else(|| words.strip_suffix("_id")).unwrap_or(words).replace('_', " ");
    if label.is_empty() { capitalised(&words) } else { label + &words }
}

/// What became of a posted form: saved, or to be shown again with what is wrong.
pub enum Outcome<T> {
    Saved(T),
    Again(FormState),
}

/// Sorts an operation's result: validation and stale-version errors go back into the form (with
/// `rename` mapping the operation's field names to the form's inputs); anything else is an error
/// page.
pub fn outcome<T>(
    result: rapport_app::AppResult<T>,
    data: FormData,
    rename: impl Fn(&str) -> String,
) -> Result<Outcome<T>, rapport_app::AppError> {
    use rapport_app::AppError;
    match result {
        Ok(value) => Ok(Outcome::Saved(value)),
        Err(AppError::Invalid(errors)) => Ok(Outcome::Again(FormState::with_errors(data, renamed(errors, rename)))),
        Err(AppError::Stale) => Ok(Outcome::Again(FormState::stale(data))),
        Err(other) => Err(other),
    }
}

pub fn renamed(errors: ValidationErrors, rename: impl Fn(&str) -> String) -> ValidationErrors {
    ValidationErrors(
        errors
            .0
            .into_iter()
            .map(|e| rapport_core::FieldError { field: rename(&e.field), message: e.message })
            .collect(),
    )
}

/// Field names that need no mapping.
pub fn same(field: &str) -> String {
    field.to_owned()
}

impl FormState {
    /// The HTTP status a form shown again answers with.
    pub fn status(&self) -> axum::http::StatusCode {
        if self.problem.is_some() {
            axum::http::StatusCode::CONFLICT
        } else {
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

/// `Ok` when every input parsed; otherwise the parse errors together with what validation finds
/// in the rest, so the person sees every problem at once and nothing is saved.
pub fn parsed(
    parse_errors: ValidationErrors,
    validation: Result<(), ValidationErrors>,
) -> Result<(), rapport_app::AppError> {
    if parse_errors.is_empty() {
        return Ok(());
    }
    let mut all = parse_errors;
    if let Err(more) = validation {
        for e in more.0 {
            if all.for_field(&e.field).is_none() {
                all.add(e.field, e.message);
            }
        }
    }
    Err(rapport_app::AppError::Invalid(all))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `words` gives each sentence it knows in the page's language; on an English page that
    /// must be the sentence as the layers below wrote it, word for word.
    #[test]
    fn an_english_page_shows_every_known_sentence_as_written() {
        let english = Tr::english();
        let known: Vec<&str> = include_str!("form.rs")
            .lines()
            .filter_map(|line| line.trim().strip_prefix('"')?.split_once("\" => Some(tr.t("))
            .map(|(sentence, _)| sentence)
            .collect();
        assert!(known.len() > 30, "the sentences are found: {}", known.len());
        for sentence in known {
            assert_eq!(words(&english, sentence), sentence);
        }
    }

    #[test]
    fn repeated_names_and_typed_readers() {
        let form = FormData::parse(b"a=1&org=x&org=y&due=2026-12-04&bad=2026-13-01&n=1%2C200");
        assert_eq!(form.all("org"), ["x", "y"]);
        let mut errors = ValidationErrors::new();
        assert_eq!(form.date(&mut errors, "due"), NaiveDate::from_ymd_opt(2026, 12, 4));
        assert_eq!(form.date(&mut errors, "bad"), None);
        assert_eq!(form.date(&mut errors, "missing"), None);
        assert_eq!(form.optional_number(&mut errors, "n"), Some(1200.0));
        assert_eq!(errors.0.len(), 2);
        assert!(errors.for_field("missing").unwrap().contains("required"));
    }

    #[test]
    fn labels_and_ids_read_well() {
        assert_eq!(field_label("action_items[0].due_on"), "Action item 1, due date");
        assert_eq!(field_label("promisor_organization_id"), "Who promises");
        assert_eq!(field_label("members[2].role"), "Member 3, role");
        assert_eq!(field_id("members[1].organization_id"), "f-members-1--organization_id");
        assert_eq!(field_label("mediator_user_id"), "Mediator");
        assert_eq!(field_label("recipient_organization_id"), "Recipient organization");
    }

    #[test]
    fn the_summary_names_a_field_as_the_page_does() {
        let page = r##"<ul><li><a href="#f-title"><span data-summary-for="f-title">Milestone</span>: is required</a></li>
            <li><a href="#f-to"><span data-summary-for="f-to">To</span>: choose one</a></li>
            <li><a href="#f-x"><span data-summary-for="f-x">X</span>: bad</a></li></ul>
            <label for="f-title">Survey title</label>
            <fieldset class="field" id="f-to">
              <legend>Who is thanked</legend></fieldset>"##;
        let labelled = label_summary(page.to_owned());
        assert!(
            labelled.contains(r##"<span data-summary-for="f-title">Survey title</span>: is required"##),
            "{labelled}"
        );
        assert!(
            labelled.contains(r##"<span data-summary-for="f-to">Who is thanked</span>: choose one"##),
            "{labelled}"
        );
        assert!(labelled.contains(r##"<span data-summary-for="f-x">X</span>: bad"##), "{labelled}");
    }
}
