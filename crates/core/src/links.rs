//! Links to the documents partners already share (issue 26, SPEC 2 "integrations, not
//! replacements … links to documents"): a title and an http(s) address on a partnership, a goal,
//! a check-in, a commitment or a retrospective. Rapport stores no files.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::ValidationErrors;

/// The records a link may hang on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkedKind {
    Partnership,
    Goal,
    CheckIn,
    Commitment,
    Retrospective,
}

impl LinkedKind {
    pub const ALL: [LinkedKind; 5] = [
        LinkedKind::Partnership,
        LinkedKind::Goal,
        LinkedKind::CheckIn,
        LinkedKind::Commitment,
        LinkedKind::Retrospective,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LinkedKind::Partnership => "partnership",
            LinkedKind::Goal => "goal",
            LinkedKind::CheckIn => "check_in",
            LinkedKind::Commitment => "commitment",
            LinkedKind::Retrospective => "retrospective",
        }
    }
}

impl std::str::FromStr for LinkedKind {
    type Err = crate::kinds::UnknownValue;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        LinkedKind::ALL.into_iter().find(|k| k.as_str() == text).ok_or(crate::kinds::UnknownValue {
            expected: &["partnership", "goal", "check_in", "commitment", "retrospective"],
        })
    }
}

/// A link to a document, on one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentLink {
    pub id: Uuid,
    pub record_kind: LinkedKind,
    pub record_id: Uuid,
    pub partnership_id: Uuid,
    pub title: String,
    /// An http or https address, opened in a new tab.
    pub url: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkDraft {
    pub title: String,
    /// http:// or https:// only.
    pub url: String,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidLink {
    pub title: String,
    pub url: String,
}

/// At most this many links on one record.
pub const MAX_LINKS: usize = 50;

impl LinkDraft {
    pub fn validate(&self) -> Result<ValidLink, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let title = errors.required_text("title", &self.title, 200);
        let url = if self.url.trim().is_empty() {
            errors.add("url", "is required: paste the document's address");
            None
        } else {
            errors.optional_web_address("url", Some(&self.url))
        };
        errors.finish_parsed(url, |url| ValidLink { title, url })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_needs_a_title_and_a_web_address() {
        let ok = LinkDraft { title: "Minutes".into(), url: "https://docs.example.org/minutes".into() };
        assert_eq!(ok.validate().unwrap().url, "https://docs.example.org/minutes");
        for url in ["javascript:alert(1)", "file:///etc/passwd", "mailto:a@b.org", ""] {
            let bad = LinkDraft { title: "x".into(), url: url.into() };
            assert!(bad.validate().unwrap_err().for_field("url").is_some(), "{url}");
        }
        let untitled = LinkDraft { title: " ".into(), url: "https://x.org".into() };
        assert!(untitled.validate().unwrap_err().for_field("title").is_some());
    }
}
