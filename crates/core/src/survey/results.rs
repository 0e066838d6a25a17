//! A closed survey's results: perceived trust and value (SPEC 3.2) for the whole survey, each
//! partnership, each organisation rated, each organisation rating and each pair, and the other
//! questions for the whole survey only. Every number passes the anonymity rules first; a group
//! that does not is listed with the reason, never silently left out.
//!
//! Individual answers come in and only aggregates go out: nothing here returns one answer.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::anonymity::{Suppression, comments_visible, suppress_family};
use super::{Dimension, Question, QuestionKind};

/// One stored answer, as the store holds it: no person, no time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredAnswer {
    pub question: String,
    pub about: Option<Uuid>,
    pub rating: Option<i32>,
    pub choices: Vec<String>,
    pub text: Option<String>,
}

/// One anonymous response: the organisation it speaks for and its answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Respondent {
    pub organization_id: Uuid,
    pub answers: Vec<StoredAnswer>,
}

/// What the results are computed over.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsInput<'a> {
    pub questions: &'a [Question],
    pub k: u32,
    pub k_comments: u32,
    /// Names of the organisations that may appear, for labels.
    pub organizations: &'a [(Uuid, String)],
    /// For a survey of the whole network: each partnership and its members, reported as groups.
    pub partnerships: &'a [(Uuid, String, Vec<Uuid>)],
}

/// The predefined groupings of SPEC 4; nothing else is reportable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// Everyone who answered.
    Whole,
    /// Respondents of a partnership's members about its members (surveys of the whole network).
    Partnership,
    /// Ratings an organisation received.
    RatedOrganization,
    /// Ratings given by an organisation's respondents.
    RatingOrganization,
    /// Ratings one organisation's respondents gave another.
    Pair,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyResults {
    pub k: u32,
    pub k_comments: u32,
    /// How many answered, when at least `k`.
    pub respondents: Option<u32>,
    /// Perceived trust and value over the whole survey (a partnership survey: the partnership's).
    pub overall: GroupResult,
    /// The other questions, over the whole survey.
    pub questions: Vec<QuestionResult>,
    /// Free-text answers in alphabetical order (never in the order given), when at least
    /// `k_comments` people answered.
    pub comments: Vec<String>,
    /// Why comments are not shown, when they are not.
    pub comments_note: Option<String>,
    pub by_partnership: Vec<GroupResult>,
    pub by_rated_organization: Vec<GroupResult>,
    pub by_rating_organization: Vec<GroupResult>,
    pub by_pair: Vec<GroupResult>,
}

/// Perceived trust and value of one group, or why it is not shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupResult {
    pub grouping: Grouping,
    pub label: String,
    pub partnership_id: Option<Uuid>,
    /// The organisation rated (rated, pair) or rating (rating).
    pub organization_id: Option<Uuid>,
    /// For a pair: the organisation whose respondents gave the ratings.
    pub rating_organization_id: Option<Uuid>,
    pub shown: bool,
    /// Distinct respondents behind it, when shown.
    pub respondents: Option<u32>,
    pub suppressed: Option<Suppression>,
    /// The sentence shown instead of the numbers.
    pub note: Option<String>,
    /// Perceived trust in percent of the maximum (SPEC 3.2).
    pub trust_percent: Option<f64>,
    pub value_percent: Option<f64>,
    pub dimensions: Vec<DimensionResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DimensionResult {
    pub dimension: Dimension,
    pub label: String,
    /// Mean rating on the 1–4 scale.
    pub mean: f64,
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    pub key: String,
    pub section: String,
    pub text: String,
    pub kind: QuestionKind,
    pub shown: bool,
    /// How many answered it, when shown.
    pub answered: Option<u32>,
    pub note: Option<String>,
    /// Mean step of a rating.
    pub mean: Option<f64>,
    /// Answers per scale step or option, in the question's order.
    pub counts: Vec<OptionCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionCount {
    pub label: String,
    pub count: u32,
}

/// One partner rating: who (by index) rated whom, on what, how.
#[derive(Debug, Clone, Copy)]
struct Rating {
    respondent: usize,
    rater_org: Uuid,
    about: Uuid,
    dimension: Dimension,
    value: f64,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn percent(mean: f64) -> f64 {
    mean / 4.0 * 100.0
}

/// How a group's trust is averaged (SPEC 3.2): an organisation's over every rating it received,
/// everything else over dyad scores (one respondent's mean about one partner).
#[derive(Clone, Copy, PartialEq)]
enum Averaging {
    Ratings,
    Dyads,
}

fn score(ratings: &[&Rating], trust: bool, averaging: Averaging) -> Option<f64> {
    let selected = ratings.iter().filter(|r| r.dimension.is_trust() == trust);
    let m = match averaging {
        Averaging::Ratings => mean(selected.map(|r| r.value)),
        Averaging::Dyads => {
            let mut dyads: BTreeMap<(usize, Uuid), Vec<f64>> = BTreeMap::new();
            for r in selected {
                dyads.entry((r.respondent, r.about)).or_default().push(r.value);
            }
            mean(dyads.values().filter_map(|v| mean(v.iter().copied())))
        }
    }?;
    Some(percent(m))
}

struct Candidate<'r> {
    grouping: Grouping,
    label: String,
    partnership_id: Option<Uuid>,
    organization_id: Option<Uuid>,
    rating_organization_id: Option<Uuid>,
    ratings: Vec<&'r Rating>,
    averaging: Averaging,
}

impl Candidate<'_> {
    fn respondents(&self) -> BTreeSet<usize> {
        self.ratings.iter().map(|r| r.respondent).collect()
    }

    fn decide(self, verdict: Option<Suppression>, k: u32) -> GroupResult {
        let respondents = self.respondents().len() as u32;
        let shown = verdict.is_none();
        let dimensions = if shown {
            Dimension::ALL
                .iter()
                .filter_map(|d| {
                    let m = mean(self.ratings.iter().filter(|r| r.dimension == *d).map(|r| r.value))?;
                    Some(DimensionResult { dimension: *d, label: d.label().to_owned(), mean: m, percent: percent(m) })
                })
                .collect()
        } else {
            Vec::new()
        };
        GroupResult {
            grouping: self.grouping,
            label: self.label,
            partnership_id: self.partnership_id,
            organization_id: self.organization_id,
            rating_organization_id: self.rating_organization_id,
            shown,
            respondents: shown.then_some(respondents),
            suppressed: verdict,
            note: verdict.map(|v| v.explain(k)),
            trust_percent: if shown { score(&self.ratings, true, self.averaging) } else { None },
            value_percent: if shown { score(&self.ratings, false, self.averaging) } else { None },
            dimensions,
        }
    }
}

/// Decides one family of sibling candidates inside `parent`.
fn family<'r>(
    candidates: Vec<Candidate<'r>>,
    parent: &BTreeSet<usize>,
    parent_shown: bool,
    k: u32,
) -> Vec<GroupResult> {
    let sets: Vec<BTreeSet<usize>> = candidates.iter().map(Candidate::respondents).collect();
    let verdicts = suppress_family(parent, &sets, k, parent_shown);
    candidates.into_iter().zip(verdicts).map(|(c, v)| c.decide(v, k)).collect()
}

/// Computes everything a closed survey may show.
pub fn results(input: &ResultsInput<'_>, respondents: &[Respondent]) -> SurveyResults {
    let k = input.k;
    let name = |id: Uuid| {
        input
            .organizations
            .iter()
            .find(|(o, _)| *o == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| "An organisation".to_owned())
    };
    let dimension_of = |key: &str| {
        input.questions.iter().find(|q| q.key == key && q.kind == QuestionKind::PartnerRating).and_then(|q| q.dimension)
    };

    let mut ratings: Vec<Rating> = Vec::new();
    for (respondent, r) in respondents.iter().enumerate() {
        for a in &r.answers {
            // A respondent never rates their own organisation; the store refuses it, and a
            // hand-edited row would still not count.
            if let (Some(dimension), Some(about), Some(value)) = (dimension_of(&a.question), a.about, a.rating)
                && about != r.organization_id
            {
                ratings.push(Rating {
                    respondent,
                    rater_org: r.organization_id,
                    about,
                    dimension,
                    value: value as f64,
                });
            }
        }
    }

    let everyone: BTreeSet<usize> = (0..respondents.len()).collect();
    let whole_shown = everyone.len() >= k as usize;
    let raters: BTreeSet<usize> = ratings.iter().map(|r| r.respondent).collect();
    let all: Vec<&Rating> = ratings.iter().collect();
    let overall_candidate = Candidate {
        grouping: Grouping::Whole,
        label: "Everyone".into(),
        partnership_id: None,
        organization_id: None,
        rating_organization_id: None,
        ratings: all.clone(),
        averaging: Averaging::Dyads,
    };
    // The whole survey has no parent to be subtracted from: it needs `k` respondents, and its
    // ratings `k` raters.
    let overall_verdict = (!whole_shown || raters.len() < k as usize).then_some(Suppression::TooFew);
    let overall = overall_candidate.decide(overall_verdict, k);
    let ratings_shown = overall.shown;

    let mut by_partnership = Vec::new();
    let mut partnerships: Vec<&(Uuid, String, Vec<Uuid>)> = input.partnerships.iter().collect();
    partnerships.sort_by(|a, b| (&a.1, a.0).cmp(&(&b.1, b.0)));
    if !partnerships.is_empty() {
        let candidates = partnerships
            .iter()
            .map(|(id, label, members)| Candidate {
                grouping: Grouping::Partnership,
                label: label.clone(),
                partnership_id: Some(*id),
                organization_id: None,
                rating_organization_id: None,
                ratings: all
                    .iter()
                    .copied()
                    .filter(|r| members.contains(&r.rater_org) && members.contains(&r.about))
                    .collect(),
                averaging: Averaging::Dyads,
            })
            .collect();
        by_partnership = family(candidates, &raters, ratings_shown, k);
    }

    let mut rated: Vec<Uuid> = ratings.iter().map(|r| r.about).collect::<BTreeSet<_>>().into_iter().collect();
    rated.sort_by_key(|id| (name(*id), *id));
    let rated_candidates: Vec<Candidate> = rated
        .iter()
        .map(|org| Candidate {
            grouping: Grouping::RatedOrganization,
            label: name(*org),
            partnership_id: None,
            organization_id: Some(*org),
            rating_organization_id: None,
            ratings: all.iter().copied().filter(|r| r.about == *org).collect(),
            averaging: Averaging::Ratings,
        })
        .collect();
    let by_rated_organization = family(rated_candidates, &raters, ratings_shown, k);

    let mut rating: Vec<Uuid> = ratings.iter().map(|r| r.rater_org).collect::<BTreeSet<_>>().into_iter().collect();
    rating.sort_by_key(|id| (name(*id), *id));
    let rating_candidates = rating
        .iter()
        .map(|org| Candidate {
            grouping: Grouping::RatingOrganization,
            label: name(*org),
            partnership_id: None,
            organization_id: Some(*org),
            rating_organization_id: None,
            ratings: all.iter().copied().filter(|r| r.rater_org == *org).collect(),
            averaging: Averaging::Dyads,
        })
        .collect();
    let by_rating_organization = family(rating_candidates, &raters, ratings_shown, k);

    let mut by_pair = Vec::new();
    for group in &by_rated_organization {
        let Some(about) = group.organization_id else { continue };
        let received: Vec<&Rating> = all.iter().copied().filter(|r| r.about == about).collect();
        let parent: BTreeSet<usize> = received.iter().map(|r| r.respondent).collect();
        let candidates = rating
            .iter()
            .filter(|from| received.iter().any(|r| r.rater_org == **from))
            .map(|from| Candidate {
                grouping: Grouping::Pair,
                label: format!("{} about {}", name(*from), name(about)),
                partnership_id: None,
                organization_id: Some(about),
                rating_organization_id: Some(*from),
                ratings: received.iter().copied().filter(|r| r.rater_org == *from).collect(),
                averaging: Averaging::Dyads,
            })
            .collect();
        by_pair.extend(family(candidates, &parent, group.shown, k));
    }

    let questions = input
        .questions
        .iter()
        .filter(|q| {
            !(q.kind == QuestionKind::PartnerRating && q.dimension.is_some()) && q.kind != QuestionKind::FreeText
        })
        .map(|q| question_result(q, respondents, whole_shown, k))
        .collect();

    let mut comments: Vec<String> = Vec::new();
    for q in input.questions.iter().filter(|q| q.kind == QuestionKind::FreeText) {
        comments.extend(
            respondents
                .iter()
                .flat_map(|r| r.answers.iter())
                .filter(|a| a.question == q.key)
                .filter_map(|a| a.text.clone()),
        );
    }
    let comments_note = if !comments_visible(respondents.len(), input.k_comments) {
        comments.clear();
        Some(format!("Comments appear only when at least {} people have answered.", input.k_comments))
    } else {
        None
    };
    // Alphabetical order carries nothing about who wrote what or when.
    comments.sort();

    SurveyResults {
        k,
        k_comments: input.k_comments,
        respondents: super::anonymity::visible_count(respondents.len() as u32, k),
        overall,
        questions,
        comments,
        comments_note,
        by_partnership,
        by_rated_organization,
        by_rating_organization,
        by_pair,
    }
}

/// A question over everyone; shown when at least `k` people answered it.
fn question_result(q: &Question, respondents: &[Respondent], whole_shown: bool, k: u32) -> QuestionResult {
    let answers: Vec<(usize, &StoredAnswer)> = respondents
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.answers.iter().filter(|a| a.question == q.key).map(move |a| (i, a)))
        .collect();
    let answered = answers.iter().map(|(i, _)| *i).collect::<BTreeSet<_>>().len();
    let shown = whole_shown && answered >= k as usize;
    let mut result = QuestionResult {
        key: q.key.clone(),
        section: q.section.clone(),
        text: q.text.clone(),
        kind: q.kind,
        shown,
        answered: shown.then_some(answered as u32),
        note: (!shown).then(|| Suppression::TooFew.explain(k)),
        mean: None,
        counts: Vec::new(),
    };
    if !shown {
        return result;
    }
    match q.kind {
        QuestionKind::Rating | QuestionKind::PartnerRating => {
            result.mean = mean(answers.iter().filter_map(|(_, a)| a.rating).map(f64::from));
            result.counts = q
                .scale
                .iter()
                .enumerate()
                .map(|(step, label)| OptionCount {
                    label: label.clone(),
                    count: answers.iter().filter(|(_, a)| a.rating == Some(step as i32 + 1)).count() as u32,
                })
                .collect();
        }
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
            result.counts = q
                .choices
                .iter()
                .map(|c| OptionCount {
                    label: c.clone(),
                    count: answers.iter().filter(|(_, a)| a.choices.contains(c)).count() as u32,
                })
                .collect();
        }
        QuestionKind::FreeText => {}
    }
    result
}
