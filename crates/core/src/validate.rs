//! Validation that names each offending field, so the API and the UI can show the problem beside
//! the field it concerns.

use std::fmt;

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

    /// Trims `value`, requires it to be non-empty and at most `max` characters.
    pub fn required_text(&mut self, field: &str, value: &str, max: usize) -> String {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.add(field, "is required");
        } else if trimmed.chars().count() > max {
            self.add(field, format!("must be at most {max} characters"));
        }
        trimmed.to_owned()
    }

    /// Trims `value`; an empty one becomes `None`.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        let trimmed = value.map(str::trim).filter(|v| !v.is_empty())?;
        if trimmed.chars().count() > max {
            self.add(field, format!("must be at most {max} characters"));
        }
        Some(trimmed.to_owned())
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
        } else if !plausible || email.len() > 254 || email.contains(char::is_whitespace) {
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
        assert!(errors.is_empty());
    }
}
