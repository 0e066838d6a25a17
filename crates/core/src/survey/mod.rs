//! Pulse surveys (SPEC 3.2, 4): the questions partners are asked, Rapport's own default
//! "partnership pulse", the drafts people send, and the anonymity rules that decide what any
//! result may show. The rules are pure functions so every boundary is tested here, once, and
//! the store applies them before anything leaves it.

pub mod anonymity;
pub mod disclosure;
pub mod results;
mod template;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{ValidationErrors, limits};

pub use anonymity::{DEFAULT_K, DEFAULT_K_COMMENTS, MIN_K, Suppression};
pub use results::{Respondent, StoredAnswer, SurveyResults, results};
pub use template::pulse_template;

const KEY_MAX: usize = 40;
const TEXT_MAX: usize = 500;
const ANSWER_TEXT_MAX: usize = 2_000;
const QUESTIONS_MAX: usize = limits::SURVEY_QUESTIONS;

/// What a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// A point on a labelled scale of 4 or 5 steps.
    Rating,
    /// The same rating asked about each other member organisation, never one's own.
    PartnerRating,
    SingleChoice,
    MultipleChoice,
    FreeText,
}

/// The six dimensions of SPEC 3.2 a partner rating can measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    FollowsThrough,
    SharedMission,
    OpenToDiscussion,
    PowerAndInfluence,
    LevelOfInvolvement,
    ResourceContribution,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::FollowsThrough,
        Dimension::SharedMission,
        Dimension::OpenToDiscussion,
        Dimension::PowerAndInfluence,
        Dimension::LevelOfInvolvement,
        Dimension::ResourceContribution,
    ];

    /// Trust dimensions make up perceived trust; the others, perceived value.
    pub fn is_trust(self) -> bool {
        matches!(self, Dimension::FollowsThrough | Dimension::SharedMission | Dimension::OpenToDiscussion)
    }

    pub fn label(self) -> &'static str {
        match self {
            Dimension::FollowsThrough => "Follows through on commitments",
            Dimension::SharedMission => "Shares our mission",
            Dimension::OpenToDiscussion => "Open to discussion",
            Dimension::PowerAndInfluence => "Power and influence",
            Dimension::LevelOfInvolvement => "Level of involvement",
            Dimension::ResourceContribution => "Resource contribution",
        }
    }
}

/// One question of a survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable within the survey; answers name it.
    pub key: String,
    /// The heading it is grouped under when answering.
    pub section: String,
    pub text: String,
    pub kind: QuestionKind,
    /// For ratings: the label of each step, lowest first (4 or 5 of them).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub scale: Vec<String>,
    /// For single and multiple choice: the options (2 to 20).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub choices: Vec<String>,
    /// For partner ratings: what it measures, if it is one of SPEC 3.2's dimensions.
    #[serde(default)]
    pub dimension: Option<Dimension>,
    /// The question in other languages, by language code (`es`): the same question, so its
    /// answers are the same answers whichever language they were given in. A step or option
    /// is answered by its place or its original wording, never by its translation.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, QuestionWords>,
}

/// A question's words in one more language; each list, when given, has one entry per step of
/// the scale or per option, in the same order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuestionWords {
    pub text: String,
    /// The heading, translated; the original's when absent.
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub scale: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub choices: Vec<String>,
}

/// Most languages one question is given in besides its own.
const TRANSLATIONS_MAX: usize = 10;

impl Question {
    /// The highest value of a rating's scale.
    pub fn scale_max(&self) -> i32 {
        self.scale.len() as i32
    }
}

/// Who a survey asks: every member of the workspace who may write (observers only read) and
/// belongs to an organisation in `scope`, answering for the first of theirs by id, so a person
/// in two asked organisations answers once. Pairs of (person, organisation).
pub fn invitees(members: &[crate::records::WorkspaceMember], scope: &[Uuid]) -> Vec<(Uuid, Uuid)> {
    members
        .iter()
        .filter(|m| m.role != crate::kinds::Role::Observer)
        .filter_map(|m| m.organizations.iter().filter(|o| scope.contains(o)).min().map(|org| (m.user_id, *org)))
        .collect()
}

/// Checks a question list: unique keys, a scale of 4 or 5 for ratings, 2 to 20 options for
/// choices, dimensions only on partner ratings, each dimension at most once.
pub fn validate_questions(questions: &[Question], errors: &mut ValidationErrors) {
    if questions.is_empty() {
        errors.add("questions", "a survey needs at least one question");
    }
    if questions.len() > QUESTIONS_MAX {
        errors.add("questions", format!("at most {QUESTIONS_MAX} questions"));
        return;
    }
    let mut keys: Vec<&str> = Vec::new();
    let mut dimensions: Vec<Dimension> = Vec::new();
    for (i, q) in questions.iter().enumerate() {
        let field = |name: &str| format!("questions[{i}].{name}");
        let key_ok = !q.key.is_empty()
            && q.key.len() <= KEY_MAX
            && q.key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok {
            errors.add(field("key"), format!("must be 1 to {KEY_MAX} characters of a-z, 0-9 and _"));
        } else if keys.contains(&q.key.as_str()) {
            errors.add(field("key"), "is used by another question");
        } else {
            keys.push(&q.key);
        }
        errors.required_text(&field("text"), &q.text, TEXT_MAX);
        errors.required_text(&field("section"), &q.section, 100);
        let scale_ok = errors.at_most(&field("scale"), &q.scale, limits::SURVEY_SCALE);
        let choices_ok = errors.at_most(&field("choices"), &q.choices, limits::SURVEY_CHOICES);
        if !(scale_ok && choices_ok) {
            continue;
        }
        for (j, label) in q.scale.iter().enumerate() {
            errors.text(&format!("questions[{i}].scale[{j}]"), label, 60);
        }
        for (j, option) in q.choices.iter().enumerate() {
            errors.text(&format!("questions[{i}].choices[{j}]"), option, 200);
        }
        match q.kind {
            QuestionKind::Rating | QuestionKind::PartnerRating => {
                if !(4..=5).contains(&q.scale.len())
                    || q.scale.iter().any(|l| l.trim().is_empty() || l.chars().count() > 60)
                {
                    errors.add(field("scale"), "a rating needs a label for each of 4 or 5 steps");
                }
            }
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                let mut seen: Vec<&str> = Vec::new();
                let distinct = q.choices.iter().all(|c| {
                    let fresh = !seen.contains(&c.as_str());
                    seen.push(c);
                    fresh
                });
                if !(2..=20).contains(&q.choices.len())
                    || !distinct
                    || q.choices.iter().any(|c| c.trim().is_empty() || c.chars().count() > 200)
                {
                    errors.add(field("choices"), "a choice needs 2 to 20 different options");
                }
            }
            QuestionKind::FreeText => {}
        }
        if q.translations.len() > TRANSLATIONS_MAX {
            errors.add(field("translations"), format!("at most {TRANSLATIONS_MAX} languages"));
        }
        for (language, words) in q.translations.iter().take(TRANSLATIONS_MAX) {
            let at = |name: &str| format!("questions[{i}].translations.{language}.{name}");
            let code_ok = (2..=16).contains(&language.len())
                && language.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && language.chars().next().is_some_and(|c| c.is_ascii_lowercase());
            if !code_ok {
                errors.add(field("translations"), "names each language by its code, such as es");
                continue;
            }
            errors.required_text(&at("text"), &words.text, TEXT_MAX);
            if let Some(section) = &words.section {
                errors.required_text(&at("section"), section, 100);
            }
            if !words.scale.is_empty() && words.scale.len() != q.scale.len() {
                errors.add(at("scale"), "gives one label for each step of the scale, or none");
            }
            if !words.choices.is_empty() && words.choices.len() != q.choices.len() {
                errors.add(at("choices"), "gives one wording for each option, or none");
            }
            for label in words.scale.iter().chain(&words.choices).take(limits::SURVEY_CHOICES) {
                errors.text(&at("scale"), label, 200);
            }
        }
        match (q.kind, q.dimension) {
            (QuestionKind::PartnerRating, Some(dimension)) => {
                if dimensions.contains(&dimension) {
                    errors.add(field("dimension"), "another question already measures this dimension");
                }
                dimensions.push(dimension);
                // Perceived trust is on SPEC 3.2's 1–4 scale, so its ratings stay comparable.
                if q.scale.len() != 4 {
                    errors.add(field("scale"), "a partner rating that measures a dimension is on a 4-step scale");
                }
            }
            (_, Some(_)) => errors.add(field("dimension"), "only partner ratings measure a dimension"),
            _ => {}
        }
    }
}

/// Whether a survey is waiting to open, taking answers, or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurveyState {
    Scheduled,
    Open,
    Closed,
}

impl SurveyState {
    /// A survey takes answers from the start of `opens_on` to the end of `closes_on`.
    pub fn on(today: NaiveDate, opens_on: NaiveDate, closes_on: NaiveDate) -> SurveyState {
        if today < opens_on {
            SurveyState::Scheduled
        } else if today <= closes_on {
            SurveyState::Open
        } else {
            SurveyState::Closed
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SurveyState::Scheduled => "Scheduled",
            SurveyState::Open => "Open",
            SurveyState::Closed => "Closed",
        }
    }
}

/// A survey (one wave) as people see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Survey {
    pub id: Uuid,
    pub title: String,
    /// The partnership asked; `None` for a survey of the whole network.
    pub partnership_id: Option<Uuid>,
    pub partnership_name: Option<String>,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub state: SurveyState,
    /// Fewest respondents a group needs before its scores are shown.
    pub k: u32,
    /// Fewest respondents a group needs before its comments are shown.
    pub k_comments: u32,
    pub questions: Vec<Question>,
    /// The organisations asked, as they stood when the survey was sent.
    pub organization_ids: Vec<Uuid>,
    /// How many people were invited (accounts and single-use links).
    pub invited: u32,
    pub created_at: DateTime<Utc>,
}

/// A survey to send: to one partnership or, without one, to the whole network.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveyDraft {
    /// "Partnership pulse" when absent.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub partnership_id: Option<Uuid>,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// Default 3, never below 3.
    #[serde(default)]
    pub k: Option<u32>,
    /// Default 5, never below `k`.
    #[serde(default)]
    pub k_comments: Option<u32>,
    /// Rapport's partnership pulse when absent. At most 60.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 60))]
    pub questions: Option<Vec<Question>>,
}

/// A survey draft that passed validation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidSurvey {
    pub title: String,
    pub partnership_id: Option<Uuid>,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub k: u32,
    pub k_comments: u32,
    pub questions: Vec<Question>,
}

impl SurveyDraft {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidSurvey, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let title = match self.title.as_deref() {
            Some(title) => errors.required_text("title", title, 200),
            None => "Partnership pulse".to_owned(),
        };
        if self.opens_on < today {
            errors.add("opens_on", "cannot be in the past");
        }
        if self.closes_on < self.opens_on {
            errors.add("closes_on", "must be on or after the opening day");
        } else if (self.closes_on - self.opens_on).num_days() > 90 {
            errors.add("closes_on", "a survey stays open at most 90 days");
        }
        if (self.opens_on - today).num_days() > 365 {
            errors.add("opens_on", "must be within a year");
        }
        let (k, k_comments) = anonymity::thresholds(self.k, self.k_comments, &mut errors);
        let questions = self.questions.clone().unwrap_or_else(pulse_template);
        validate_questions(&questions, &mut errors);
        errors.finish(|| ValidSurvey {
            title,
            partnership_id: self.partnership_id,
            opens_on: self.opens_on,
            closes_on: self.closes_on,
            k,
            k_comments,
            questions,
        })
    }
}

/// One answer as a respondent sends it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswerDraft {
    /// The question's key.
    pub question: String,
    /// For partner ratings: the organisation rated.
    #[serde(default)]
    pub about: Option<Uuid>,
    /// For ratings: a step of the scale, 1 = lowest.
    #[serde(default)]
    pub rating: Option<i32>,
    /// For choices: the options picked (exactly one for a single choice).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub choices: Vec<String>,
    /// For free text.
    #[serde(default)]
    pub text: Option<String>,
}

/// A whole response: every question is optional, but a response says something.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponseDraft {
    /// At most 2000.
    #[cfg_attr(feature = "openapi", schema(max_items = 2000))]
    pub answers: Vec<AnswerDraft>,
}

impl ResponseDraft {
    /// Checks the answers against the survey's questions; `partners` are the organisations this
    /// respondent may rate (the others asked, never their own). Empty texts are dropped.
    pub fn validate(&self, questions: &[Question], partners: &[Uuid]) -> Result<ValidResponse, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if !errors.at_most("answers", &self.answers, limits::SURVEY_ANSWERS) {
            return Err(errors);
        }
        let mut valid: Vec<StoredAnswer> = Vec::new();
        for (i, answer) in self.answers.iter().enumerate() {
            let field = |name: &str| format!("answers[{i}].{name}");
            let Some(q) = questions.iter().find(|q| q.key == answer.question) else {
                errors.add(field("question"), "is not a question of this survey");
                continue;
            };
            if valid.iter().any(|v| v.question == q.key && v.about == answer.about) {
                errors.add(field("question"), "is answered twice");
                continue;
            }
            let mut stored =
                StoredAnswer { question: q.key.clone(), about: None, rating: None, choices: Vec::new(), text: None };
            let extra = |errors: &mut ValidationErrors, name: &str, present: bool| {
                if present {
                    errors.add(field(name), "does not belong to this kind of question");
                }
            };
            match q.kind {
                QuestionKind::PartnerRating => match answer.about {
                    Some(org) if partners.contains(&org) => stored.about = Some(org),
                    Some(_) => {
                        errors.add(field("about"), "must be another organisation asked in this survey, never your own");
                    }
                    None => errors.add(field("about"), "names the organisation rated"),
                },
                _ => extra(&mut errors, "about", answer.about.is_some()),
            }
            match q.kind {
                QuestionKind::Rating | QuestionKind::PartnerRating => {
                    match answer.rating {
                        Some(r) if (1..=q.scale_max()).contains(&r) => stored.rating = Some(r),
                        Some(_) => errors.add(field("rating"), format!("must be between 1 and {}", q.scale_max())),
                        None => errors.add(field("rating"), "is required"),
                    }
                    extra(&mut errors, "choices", !answer.choices.is_empty());
                    extra(&mut errors, "text", answer.text.is_some());
                }
                QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                    if !errors.at_most(&field("choices"), &answer.choices, limits::SURVEY_CHOICES) {
                        continue;
                    }
                    let unknown = answer.choices.iter().any(|c| !q.choices.contains(c));
                    let mut picked = answer.choices.clone();
                    picked.sort();
                    picked.dedup();
                    if unknown {
                        errors.add(field("choices"), "must be options of the question");
                    } else if picked.len() != answer.choices.len() {
                        errors.add(field("choices"), "names an option twice");
                    } else if q.kind == QuestionKind::SingleChoice && picked.len() != 1 {
                        errors.add(field("choices"), "pick exactly one option");
                    } else if picked.is_empty() {
                        errors.add(field("choices"), "pick at least one option");
                    }
                    stored.choices = picked;
                    extra(&mut errors, "rating", answer.rating.is_some());
                    extra(&mut errors, "text", answer.text.is_some());
                }
                QuestionKind::FreeText => {
                    stored.text = errors.optional_text(&field("text"), answer.text.as_deref(), ANSWER_TEXT_MAX);
                    extra(&mut errors, "rating", answer.rating.is_some());
                    extra(&mut errors, "choices", !answer.choices.is_empty());
                    if stored.text.is_none() {
                        continue;
                    }
                }
            }
            valid.push(stored);
        }
        // A partner is rated on every partner statement or skipped: then every partner-rating
        // measure of a group rests on the same people, and none can be narrowed by subtraction.
        let partner_keys: Vec<&str> =
            questions.iter().filter(|q| q.kind == QuestionKind::PartnerRating).map(|q| q.key.as_str()).collect();
        let mut rated: Vec<Uuid> = valid.iter().filter_map(|a| a.about).collect();
        rated.sort();
        rated.dedup();
        for partner in rated {
            let answered = valid.iter().filter(|a| a.about == Some(partner)).count();
            if errors.is_empty() && answered != partner_keys.len() {
                errors.add(
                    "answers",
                    "rate a partner on every statement about partners, or skip that partner altogether",
                );
            }
        }
        if self.answers.is_empty() || (errors.is_empty() && valid.is_empty()) {
            errors.add("answers", "answer at least one question");
        }
        errors.finish(|| ValidResponse { answers: valid })
    }
}

/// A response that passed validation against its survey's questions: the answers to keep.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidResponse {
    pub answers: Vec<StoredAnswer>,
}

#[cfg(test)]
mod tests;
