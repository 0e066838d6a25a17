//! A language code as Rapport stores it: a person's choice, a workspace's default, the language a
//! survey link was handed out in. Which languages exist is the web layer's to say (a folder of
//! message files each); here a code is only ever one of those it was given.

use serde::Serialize;

use crate::validate::ValidationErrors;

/// The language every workspace spoke before it could choose, and the last resort.
pub const ENGLISH: &str = "en";

/// One of the languages Rapport has messages for, e.g. `es`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct LanguageCode(String);

impl LanguageCode {
    /// `code` when it is one of `known` (compared without regard to case), else an error on
    /// `field` that lists the known ones.
    pub fn parse(code: &str, field: &str, known: &[&str]) -> Result<LanguageCode, ValidationErrors> {
        let wanted = code.trim().to_ascii_lowercase();
        match known.iter().find(|k| k.eq_ignore_ascii_case(&wanted)) {
            Some(k) => Ok(LanguageCode((*k).to_owned())),
            None => Err(ValidationErrors::single(field, format!("must be one of: {}", known.join(", ")))),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_languages_parse() {
        assert_eq!(LanguageCode::parse("ES", "language", &["en", "es"]).unwrap().as_str(), "es");
        let error = LanguageCode::parse("xx", "language", &["en", "es"]).unwrap_err();
        assert_eq!(error.for_field("language"), Some("must be one of: en, es"));
    }
}
