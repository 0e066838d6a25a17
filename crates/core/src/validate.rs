//! Validation that names each offending field, so the API and the UI can show the problem beside
//! the field it concerns.
//!
//! Every text a person gives is bounded in length and holds no control characters but tab and
//! newline (a form's CRLF becomes LF); every list has a cap ([`limits`]); every day lies between
//! [`EARLIEST_YEAR`] and [`LATEST_YEAR`]. Past any of these the input is refused, naming the
//! field, before anything is stored.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// The earliest year of a day Rapport accepts: records of school partnerships go back no further.
pub const EARLIEST_YEAR: i32 = 1900;
/// The latest year of a day Rapport accepts.
pub const LATEST_YEAR: i32 = 2200;

/// The caps on the lists a request may carry, one place for all (README, "Limits").
pub mod limits {
    /// Action items recorded with one check-in.
    pub const ACTION_ITEMS: usize = 50;
    /// Organisations, people or contacts present at one check-in.
    pub const ATTENDEES: usize = 200;
    /// Member organisations of one partnership.
    pub const PARTNERSHIP_MEMBERS: usize = 100;
    /// Organisations one person of a workspace belongs to.
    pub const PERSON_ORGANIZATIONS: usize = 50;
    /// Focus areas of one organisation.
    pub const FOCUS_AREAS: usize = 30;
    /// Questions of one survey.
    pub const SURVEY_QUESTIONS: usize = 60;
    /// Options of one choice question.
    pub const SURVEY_CHOICES: usize = 20;
    /// Steps of one rating scale.
    pub const SURVEY_SCALE: usize = 5;
    /// Answers in one survey response (every question, once per partner rated).
    pub const SURVEY_ANSWERS: usize = 2_000;
    /// Events one webhook subscribes to (each at most once).
    pub const WEBHOOK_EVENTS: usize = 7;
    /// Data rows of one CSV import.
    pub const IMPORT_ROWS: usize = 5_000;
}

/// Whether `c` is a control character a text may not hold: any but tab and newline.
fn forbidden(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

/// Whether `value` holds a control character other than tab, newline and the CR of a CRLF.
pub fn has_control_characters(value: &str) -> bool {
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if forbidden(c) {
            return true;
        }
    }
    false
}

/// The message for a text with a control character.
pub const CONTROL_CHARACTERS: &str = "must not contain control characters (only tab and new line are allowed)";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as the client sent it, e.g. `due_on` or `members[1].organization_id`.
    pub field: String,
    pub message: String,
}

/// Every problem found in one input, in field order. Empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), message: message.into() });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for one field, for forms that show it beside the input.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// `Ok(value)` when nothing was found wrong.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, ValidationErrors> {
        if self.is_empty() { Ok(value()) } else { Err(self) }
    }

    /// `Ok(value(parsed))` when nothing was found wrong. `parsed` is what parsing found (a
    /// vocabulary value, say, or several zipped together); it is `None` only where parsing added
    /// an error, so the valid value is built without unwrapping anything.
    pub fn finish_parsed<P, T>(self, parsed: Option<P>, value: impl FnOnce(P) -> T) -> Result<T, ValidationErrors> {
        match parsed {
            Some(parsed) if self.is_empty() => Ok(value(parsed)),
            _ => Err(self),
        }
    }

    /// Trims `value`, requires it to be non-empty, at most `max` characters and free of control
    /// characters; CRLF becomes LF.
    pub fn required_text(&mut self, field: &str, value: &str, max: usize) -> String {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.add(field, "is required");
        } else {
            self.text(field, trimmed, max);
        }
        normalised(trimmed)
    }

    /// Trims `value`; an empty one becomes `None`. Otherwise like [`Self::required_text`].
    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        let trimmed = value.map(str::trim).filter(|v| !v.is_empty())?;
        self.text(field, trimmed, max);
        Some(normalised(trimmed))
    }

    /// Checks that `value` is at most `max` characters and holds no control characters; true when
    /// it passed. For texts kept as they are given (a reason, an option's label).
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> bool {
        if value.chars().count() > max {
            self.add(field, format!("must be at most {max} characters"));
            false
        } else if has_control_characters(value) {
            self.add(field, CONTROL_CHARACTERS);
            false
        } else {
            true
        }
    }

    /// Checks that a list holds at most `max` items; true when it does. Past the cap the items
    /// are not worth checking one by one.
    pub fn at_most<T>(&mut self, field: &str, items: &[T], max: usize) -> bool {
        if items.len() > max {
            self.add(field, format!("at most {max} items, {} were sent", items.len()));
            false
        } else {
            true
        }
    }

    /// Checks that a day lies within [`EARLIEST_YEAR`]..=[`LATEST_YEAR`]; true when it does.
    pub fn plausible_date(&mut self, field: &str, date: NaiveDate) -> bool {
        if (EARLIEST_YEAR..=LATEST_YEAR).contains(&date.year()) {
            true
        } else {
            self.add(field, format!("must be a day between the years {EARLIEST_YEAR} and {LATEST_YEAR}"));
            false
        }
    }

    /// [`Self::plausible_date`] for a day that may be absent.
    pub fn plausible_optional_date(&mut self, field: &str, date: Option<NaiveDate>) -> bool {
        date.is_none_or(|date| self.plausible_date(field, date))
    }

    /// A plausible e-mail address: one `@` with text on both sides and a dot in the domain.
    pub fn email(&mut self, field: &str, value: &str) -> String {
        let email = value.trim().to_lowercase();
        let plausible = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
            }
            None => false,
        };
        if email.is_empty() {
            self.add(field, "is required");
        } else if !plausible || email.len() > 254 || email.contains(|c: char| c.is_whitespace() || c.is_control()) {
            self.add(field, "must be an e-mail address such as name@example.org");
        }
        email
    }

    /// An `http` or `https` address, or nothing.
    pub fn optional_url(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let url = self.optional_text(field, value, 500)?;
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
            self.add(field, "must be a web address starting with https://");
        }
        Some(url)
    }

    /// Parses one of a vocabulary's names.
    pub fn choice<T: std::str::FromStr<Err = crate::kinds::UnknownValue>>(
        &mut self,
        field: &str,
        value: &str,
    ) -> Option<T> {
        match value.trim().parse() {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e.to_string());
                None
            }
        }
    }
}

/// `value` with each CRLF turned into LF, as browsers send a textarea's lines.
fn normalised(value: &str) -> String {
    if value.contains('\r') { value.replace("\r\n", "\n") } else { value.to_owned() }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| format!("{} {}", e.field, e.message)).collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for ValidationErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_bad_field() {
        let mut errors = ValidationErrors::new();
        errors.required_text("name", "   ", 10);
        errors.email("email", "not-an-address");
        errors.optional_url("website", Some("ftp://x"));
        assert_eq!(errors.0.len(), 3);
        assert_eq!(errors.for_field("name"), Some("is required"));
        assert!(errors.for_field("email").unwrap().contains("e-mail"));
    }

    #[test]
    fn a_parsed_value_is_kept_only_without_errors() {
        let mut errors = ValidationErrors::new();
        let role: Option<crate::Role> = errors.choice("role", "owner");
        assert_eq!(errors.finish_parsed(role, |r| r), Ok(crate::Role::Owner));
        let mut errors = ValidationErrors::new();
        let role: Option<crate::Role> = errors.choice("role", "boss");
        let errors = errors.finish_parsed(role, |r| r).unwrap_err();
        assert!(errors.for_field("role").is_some());
        let mut errors = ValidationErrors::single("name", "is required");
        let role: Option<crate::Role> = errors.choice("role", "owner");
        assert_eq!(errors.finish_parsed(role, |r| r).unwrap_err().0.len(), 1);
    }

    #[test]
    fn accepts_good_input_trimmed() {
        let mut errors = ValidationErrors::new();
        assert_eq!(errors.required_text("name", "  Lincoln Elementary ", 100), "Lincoln Elementary");
        assert_eq!(errors.email("email", " Ana@Example.org "), "ana@example.org");
        assert_eq!(errors.optional_text("notes", Some("  "), 10), None);
        assert_eq!(errors.required_text("notes", "one\r\ntwo\tthree\n", 100), "one\ntwo\tthree");
        assert!(errors.is_empty());
    }

    #[test]
    fn control_characters_lists_and_days_past_their_bounds_are_named() {
        let mut errors = ValidationErrors::new();
        errors.required_text("name", "Lincoln\u{0}", 100);
        errors.optional_text("notes", Some("a\u{7}b"), 100);
        errors.optional_text("lone_cr", Some("a\rb"), 100);
        errors.text("reason", "\u{9b}", 100);
        assert!(errors.at_most("items", &[1, 2, 3], 3));
        assert!(!errors.at_most("action_items", &[1, 2, 3], 2));
        let day = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
        assert!(errors.plausible_date("ok", day(1900)) && errors.plausible_date("ok", day(2200)));
        assert!(!errors.plausible_date("held_on", day(0)));
        assert!(!errors.plausible_optional_date("due_on", Some(day(10_000))));
        assert!(errors.plausible_optional_date("due_on", None));
        for field in ["name", "notes", "lone_cr", "reason"] {
            assert_eq!(errors.for_field(field), Some(CONTROL_CHARACTERS), "{field}");
        }
        assert_eq!(errors.for_field("action_items"), Some("at most 2 items, 3 were sent"));
        assert!(errors.for_field("held_on").unwrap().contains("1900 and 2200"));
        assert!(errors.for_field("due_on").is_some());
        assert_eq!(errors.0.len(), 7);
    }
}
