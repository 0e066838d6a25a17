//! A closed survey's results: perceived trust and value (SPEC 3.2) for the whole survey, each
//! partnership, each organisation rated, each organisation rating and each pair, and the other
//! questions for the whole survey only. Every number passes the anonymity rules first; a group
//! that does not is listed with the reason, never silently left out.
//!
//! Which groups are shown is decided by the auditor of [`super::disclosure`]: every number this
//! module publishes is written down as a linear equation over the respondents' answers, and
//! groups are hidden, smallest first, until no combination of all of them rests on fewer than
//! `k` people (`k + 1` when the reader answered the survey: their own answer is known to them).
//!
//! Individual answers come in and only aggregates go out: nothing here returns one answer.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::anonymity::{Suppression, comments_visible, judge_counts};
use super::disclosure::{self, Decision, Term};
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
    /// Answered through a single-use link rather than from an account. Results count these per
    /// group (SPEC 4), so that answers planted through links stay visible.
    pub through_link: bool,
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
    /// Whether the person reading the results answered this survey themselves. Their own answer
    /// is known to them and we cannot tell which response it is, so everything they are shown
    /// must then rest on at least `k` *other* respondents: the auditor requires `k + 1`.
    pub reader_answered: bool,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyResults {
    pub k: u32,
    pub k_comments: u32,
    /// How many answered, when at least `k`.
    pub respondents: Option<u32>,
    /// How many of them answered through single-use links, shown with `respondents`.
    pub link_respondents: Option<u32>,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// How many of those respondents answered through single-use links, when shown.
    pub link_respondents: Option<u32>,
    pub suppressed: Option<Suppression>,
    /// The sentence shown instead of the numbers.
    pub note: Option<String>,
    /// Perceived trust in percent of the maximum (SPEC 3.2).
    pub trust_percent: Option<f64>,
    pub value_percent: Option<f64>,
    pub dimensions: Vec<DimensionResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DimensionResult {
    pub dimension: Dimension,
    pub label: String,
    /// Mean rating on the 1–4 scale.
    pub mean: f64,
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The respondents of the group it is compared with when a reason is named: everyone who
    /// gave a rating, or, for a pair, everyone who rated the same organisation.
    parent: Option<BTreeSet<usize>>,
}

/// What an unknown of the auditor's equations is, with the respondent: one rating dimension
/// about one organisation, or one option of one question.
#[derive(PartialEq, Eq, Hash)]
enum Unknown {
    Rating(Dimension, Uuid),
    Option(String, usize),
}

/// Numbers the unknowns.
#[derive(Default)]
struct Variables(HashMap<Unknown, u32>);

impl Variables {
    fn id(&mut self, key: Unknown) -> u32 {
        let next = self.0.len() as u32;
        *self.0.entry(key).or_insert(next)
    }

    fn rating(&mut self, r: &Rating) -> u32 {
        self.id(Unknown::Rating(r.dimension, r.about))
    }
}

impl Candidate<'_> {
    fn respondents(&self) -> BTreeSet<usize> {
        self.ratings.iter().map(|r| r.respondent).collect()
    }

    /// How many of its parent's respondents it holds and leaves out.
    fn complement(&self) -> Option<(usize, usize)> {
        let parent = self.parent.as_ref()?;
        let inside = self.respondents().intersection(parent).count();
        Some((inside, parent.len() - inside))
    }

    /// Everything the group publishes when shown, as equations over the answers: the sum of
    /// each dimension's ratings (its mean times its count), and, for trust and value averaged
    /// over dyads whose sizes differ, that weighted sum too (with equal sizes it is a fixed
    /// combination of the dimension sums, like the rating-averaged scores always are).
    ///
    /// `dimensions`: the dimensions to write down. When every dyad holds the same dimensions,
    /// the equations of each dimension are those of any other with the unknowns renamed, so the
    /// audit of one decides them all and one is enough.
    fn equations(&self, variables: &mut Variables, dimensions: &[Dimension]) -> disclosure::Group {
        let mut equations: Vec<Vec<Term>> = Vec::new();
        for &d in dimensions {
            let terms: Vec<Term> = self
                .ratings
                .iter()
                .filter(|r| r.dimension == d)
                .map(|r| Term { respondent: r.respondent as u32, variable: variables.rating(r), coefficient: 1 })
                .collect();
            if !terms.is_empty() {
                equations.push(terms);
            }
        }
        if self.averaging == Averaging::Dyads {
            for trust in [true, false] {
                let mut dyads: BTreeMap<(usize, Uuid), Vec<&Rating>> = BTreeMap::new();
                for r in self.ratings.iter().filter(|r| r.dimension.is_trust() == trust) {
                    dyads.entry((r.respondent, r.about)).or_default().push(r);
                }
                let sizes: BTreeSet<i64> = dyads.values().map(|v| v.len() as i64).collect();
                if sizes.len() > 1 {
                    let common: i64 = sizes.iter().product();
                    equations.push(
                        dyads
                            .values()
                            .flat_map(|dyad| {
                                let weight = common / dyad.len() as i64;
                                dyad.iter().map(move |r| (r, weight))
                            })
                            .map(|(r, weight)| Term {
                                respondent: r.respondent as u32,
                                variable: variables.rating(r),
                                coefficient: weight,
                            })
                            .collect(),
                    );
                }
            }
        }
        disclosure::Group { equations }
    }

    fn decide(self, verdict: Option<Suppression>, k: u32, through_link: &[bool]) -> GroupResult {
        let people = self.respondents();
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
            respondents: shown.then_some(people.len() as u32),
            link_respondents: shown.then(|| people.iter().filter(|p| through_link[**p]).count() as u32),
            suppressed: verdict,
            note: verdict.map(|v| v.explain(k)),
            trust_percent: if shown { score(&self.ratings, true, self.averaging) } else { None },
            value_percent: if shown { score(&self.ratings, false, self.averaging) } else { None },
            dimensions,
        }
    }
}

/// The reason a hidden group is given. `inside` and `complement`: how many of its parent's
/// respondents it holds and leaves out, to name the complement rule when that is what happened.
fn reason(decision: Decision, k: u32, complement: Option<(usize, usize)>) -> Option<Suppression> {
    let k_people = k as usize;
    match decision {
        Decision::Shown => None,
        Decision::TooFew { respondents } if respondents < k_people => Some(Suppression::TooFew),
        Decision::TooFew { .. } => Some(Suppression::OwnAnswer),
        Decision::Combination { people: Some(people) } if people >= k_people => Some(Suppression::OwnAnswer),
        Decision::Combination { .. } => match complement.and_then(|(inside, out)| judge_counts(inside, out, k)) {
            Some(Suppression::Complement) => Some(Suppression::Complement),
            _ => Some(Suppression::Combination),
        },
    }
}

/// Computes everything a closed survey may show.
pub fn results(input: &ResultsInput<'_>, respondents: &[Respondent]) -> SurveyResults {
    let k = input.k;
    // Fewest respondents any published combination may rest on.
    let m = k as usize + usize::from(input.reader_answered);
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
    let through_link: Vec<bool> = respondents.iter().map(|r| r.through_link).collect();

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

    let raters: BTreeSet<usize> = ratings.iter().map(|r| r.respondent).collect();
    let all: Vec<&Rating> = ratings.iter().collect();
    let mut candidates: Vec<Candidate> = vec![Candidate {
        grouping: Grouping::Whole,
        label: "Everyone".into(),
        partnership_id: None,
        organization_id: None,
        rating_organization_id: None,
        ratings: all.clone(),
        averaging: Averaging::Dyads,
        parent: None,
    }];

    let mut partnerships: Vec<&(Uuid, String, Vec<Uuid>)> = input.partnerships.iter().collect();
    partnerships.sort_by(|a, b| (&a.1, a.0).cmp(&(&b.1, b.0)));
    candidates.extend(partnerships.iter().map(|(id, label, members)| Candidate {
        grouping: Grouping::Partnership,
        label: label.clone(),
        partnership_id: Some(*id),
        organization_id: None,
        rating_organization_id: None,
        ratings: all.iter().copied().filter(|r| members.contains(&r.rater_org) && members.contains(&r.about)).collect(),
        averaging: Averaging::Dyads,
        parent: Some(raters.clone()),
    }));

    let mut rated: Vec<Uuid> = ratings.iter().map(|r| r.about).collect::<BTreeSet<_>>().into_iter().collect();
    rated.sort_by_key(|id| (name(*id), *id));
    candidates.extend(rated.iter().map(|org| Candidate {
        grouping: Grouping::RatedOrganization,
        label: name(*org),
        partnership_id: None,
        organization_id: Some(*org),
        rating_organization_id: None,
        ratings: all.iter().copied().filter(|r| r.about == *org).collect(),
        averaging: Averaging::Ratings,
        parent: Some(raters.clone()),
    }));

    let mut rating: Vec<Uuid> = ratings.iter().map(|r| r.rater_org).collect::<BTreeSet<_>>().into_iter().collect();
    rating.sort_by_key(|id| (name(*id), *id));
    candidates.extend(rating.iter().map(|org| Candidate {
        grouping: Grouping::RatingOrganization,
        label: name(*org),
        partnership_id: None,
        organization_id: Some(*org),
        rating_organization_id: None,
        ratings: all.iter().copied().filter(|r| r.rater_org == *org).collect(),
        averaging: Averaging::Dyads,
        parent: Some(raters.clone()),
    }));

    for about in &rated {
        let received: Vec<&Rating> = all.iter().copied().filter(|r| r.about == *about).collect();
        let parent: BTreeSet<usize> = received.iter().map(|r| r.respondent).collect();
        candidates.extend(rating.iter().filter(|from| received.iter().any(|r| r.rater_org == **from)).map(|from| {
            Candidate {
                grouping: Grouping::Pair,
                label: format!("{} about {}", name(*from), name(*about)),
                partnership_id: None,
                organization_id: Some(*about),
                rating_organization_id: Some(*from),
                ratings: received.iter().copied().filter(|r| r.rater_org == *from).collect(),
                averaging: Averaging::Dyads,
                parent: Some(parent.clone()),
            }
        }));
    }

    // The other questions, over everyone: each option's count is a sum of 0/1 answers (for a
    // rating, of how many of one's answers took that step), and a rating's mean follows from
    // its counts.
    let other_questions: Vec<&Question> = input
        .questions
        .iter()
        .filter(|q| {
            !(q.kind == QuestionKind::PartnerRating && q.dimension.is_some()) && q.kind != QuestionKind::FreeText
        })
        .collect();

    let mut variables = Variables::default();
    let mut dyads: BTreeMap<(usize, Uuid), BTreeSet<Dimension>> = BTreeMap::new();
    for r in &ratings {
        dyads.entry((r.respondent, r.about)).or_default().insert(r.dimension);
    }
    let patterns: BTreeSet<&BTreeSet<Dimension>> = dyads.values().collect();
    let dimensions: Vec<Dimension> = match patterns.into_iter().collect::<Vec<_>>()[..] {
        [one] => one.iter().take(1).copied().collect(),
        _ => Dimension::ALL.to_vec(),
    };
    let mut groups: Vec<disclosure::Group> =
        candidates.iter().map(|c| c.equations(&mut variables, &dimensions)).collect();
    for q in &other_questions {
        let answered: BTreeSet<usize> = respondents
            .iter()
            .enumerate()
            .filter(|(_, r)| r.answers.iter().any(|a| a.question == q.key))
            .map(|(i, _)| i)
            .collect();
        let options = match q.kind {
            QuestionKind::Rating | QuestionKind::PartnerRating => q.scale.len(),
            _ => q.choices.len(),
        };
        let equations = (0..options)
            .map(|option| {
                let variable = variables.id(Unknown::Option(q.key.clone(), option));
                answered.iter().map(|i| Term { respondent: *i as u32, variable, coefficient: 1 }).collect()
            })
            .collect();
        groups.push(disclosure::Group { equations });
    }
    let decisions = disclosure::decide(&groups, m);

    let mut decided = candidates.into_iter().zip(&decisions).map(|(c, d)| {
        let verdict = reason(*d, k, c.complement());
        c.decide(verdict, k, &through_link)
    });
    let overall = decided.next().expect("the whole survey is a candidate");
    let mut by_partnership = Vec::new();
    let mut by_rated_organization = Vec::new();
    let mut by_rating_organization = Vec::new();
    let mut by_pair = Vec::new();
    for group in decided {
        match group.grouping {
            Grouping::Whole => {}
            Grouping::Partnership => by_partnership.push(group),
            Grouping::RatedOrganization => by_rated_organization.push(group),
            Grouping::RatingOrganization => by_rating_organization.push(group),
            Grouping::Pair => by_pair.push(group),
        }
    }

    let question_decisions = &decisions[decisions.len() - other_questions.len()..];
    let questions = other_questions
        .iter()
        .zip(question_decisions)
        .map(|(q, d)| question_result(q, respondents, reason(*d, k, None), k))
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
    // A reader who answered knows their own comment: the others must still be `k_comments`.
    let comments_threshold = input.k_comments + u32::from(input.reader_answered);
    let comments_note = if !comments_visible(respondents.len(), comments_threshold) {
        comments.clear();
        Some(format!("Comments appear only when at least {comments_threshold} people have answered."))
    } else {
        None
    };
    // Alphabetical order carries nothing about who wrote what or when.
    comments.sort();

    let respondent_count = super::anonymity::visible_count(respondents.len() as u32, k);
    SurveyResults {
        k,
        k_comments: input.k_comments,
        respondents: respondent_count,
        link_respondents: respondent_count.map(|_| through_link.iter().filter(|l| **l).count() as u32),
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

/// A question over everyone, shown as the auditor decided (`verdict` is why not).
fn question_result(q: &Question, respondents: &[Respondent], verdict: Option<Suppression>, k: u32) -> QuestionResult {
    let answers: Vec<(usize, &StoredAnswer)> = respondents
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.answers.iter().filter(|a| a.question == q.key).map(move |a| (i, a)))
        .collect();
    let answered = answers.iter().map(|(i, _)| *i).collect::<BTreeSet<_>>().len();
    let shown = verdict.is_none();
    let mut result = QuestionResult {
        key: q.key.clone(),
        section: q.section.clone(),
        text: q.text.clone(),
        kind: q.kind,
        shown,
        answered: shown.then_some(answered as u32),
        note: verdict.map(|v| v.explain(k)),
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
