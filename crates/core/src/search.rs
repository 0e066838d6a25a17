//! Finding things by the words typed in the header's search box: the query as validated, the
//! kinds of record searched, and one result.

use uuid::Uuid;

use crate::ValidationErrors;

/// The longest query accepted, in characters.
pub const MAX_QUERY: usize = 200;
/// Words beyond this many are ignored: a longer query narrows nothing a person would notice.
pub const MAX_WORDS: usize = 8;
/// At most this many results are returned.
pub const MAX_RESULTS: usize = 20;

/// The kinds of record search finds, in the order the results page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Organization,
    Contact,
    Partnership,
    Goal,
    Commitment,
    CheckIn,
}

impl SearchKind {
    pub const ALL: [SearchKind; 6] = [
        SearchKind::Organization,
        SearchKind::Contact,
        SearchKind::Partnership,
        SearchKind::Goal,
        SearchKind::Commitment,
        SearchKind::CheckIn,
    ];

    /// The heading of this kind's results, e.g. "Organisations".
    pub fn plural(self) -> &'static str {
        match self {
            SearchKind::Organization => "Organisations",
            SearchKind::Contact => "Contacts",
            SearchKind::Partnership => "Partnerships",
            SearchKind::Goal => "Goals",
            SearchKind::Commitment => "Commitments",
            SearchKind::CheckIn => "Check-ins",
        }
    }
}

/// A query that passed validation: trimmed, at most [`MAX_QUERY`] characters, no control
/// characters. Its words are what is matched, the last one as a prefix (the person may still be
/// typing it); case does not matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    text: String,
    words: Vec<String>,
}

impl SearchQuery {
    /// The query typed in field `q`, or a message naming it.
    pub fn parse(q: &str) -> Result<SearchQuery, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let text = errors.required_text("q", q, MAX_QUERY);
        errors.finish(|| ())?;
        let words = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(MAX_WORDS)
            .map(str::to_lowercase)
            .collect();
        Ok(SearchQuery { text, words })
    }

    /// The query as typed, trimmed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The words matched, lower case, letters and digits only; the last is a prefix. Empty when
    /// the query held no letter or digit (it then finds nothing).
    pub fn words(&self) -> &[String] {
        &self.words
    }
}

/// One thing found. `title` and `context` come from the record itself and what it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: Uuid,
    /// The organisation's, contact's or partnership's name, the goal's statement, the
    /// commitment's description, a check-in's day.
    pub title: String,
    /// A short line that places it: the organisation's type, a contact's organisation, the
    /// partnership a goal, commitment or check-in belongs to.
    pub context: String,
    /// The partnership it belongs to (a partnership: itself), for the visibility check.
    pub partnership_id: Option<Uuid>,
    /// The organisation a contact belongs to, for its link.
    pub organization_id: Option<Uuid>,
    /// Its whole title (a check-in: its searched text) is the query, ignoring case.
    pub exact: bool,
}

/// Ranks hits: exact titles first, then titles beginning with the query, then by kind, then
/// shorter titles first; keeps at most `limit`.
pub fn rank(mut hits: Vec<SearchHit>, query: &SearchQuery, limit: usize) -> Vec<SearchHit> {
    let lower = query.text.to_lowercase();
    hits.sort_by_cached_key(|hit| {
        let title = hit.title.to_lowercase();
        (!hit.exact, !title.starts_with(&lower), hit.kind, title.chars().count(), hit.id)
    });
    hits.truncate(limit);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_words_of_letters_and_digits() {
        let query = SearchQuery::parse("  Riverside  after-school Club ").unwrap();
        assert_eq!(query.text(), "Riverside  after-school Club");
        assert_eq!(query.words(), ["riverside", "after", "school", "club"]);
    }

    #[test]
    fn an_empty_long_or_control_query_is_refused_naming_q() {
        for bad in ["", "   ", "a\u{7}b", &"x".repeat(MAX_QUERY + 1)] {
            let errors = SearchQuery::parse(bad).unwrap_err();
            assert!(errors.for_field("q").is_some(), "{bad:?}");
        }
        assert!(SearchQuery::parse("!!").unwrap().words().is_empty());
    }

    #[test]
    fn exact_titles_come_first() {
        let hit = |title: &str, kind, exact| SearchHit {
            kind,
            id: Uuid::new_v4(),
            title: title.into(),
            context: String::new(),
            partnership_id: None,
            organization_id: None,
            exact,
        };
        let query = SearchQuery::parse("river").unwrap();
        let ranked = rank(
            vec![
                hit("Big river walk", SearchKind::Organization, false),
                hit("River", SearchKind::Commitment, true),
                hit("Riverside School", SearchKind::Organization, false),
            ],
            &query,
            2,
        );
        assert_eq!(ranked.iter().map(|h| h.title.as_str()).collect::<Vec<_>>(), ["River", "Riverside School"]);
    }
}
