//! An attacker against closed survey results (SPEC 4, issue 19): on random networks, take every
//! number `results` publishes, write each down as a linear equation over the respondents'
//! individual answers, and try every set of fewer than `m` respondents (`m = k`, or `k + 1`
//! when the reader answered): no non-zero combination of the published equations may rest on
//! that set alone.
//!
//! Written apart from the auditor and on purpose by another method: equations are rebuilt from
//! the published output and the groupings' definitions (the attacker knows who answered what and
//! every true answer, to build and check the equations; it only asks which combinations they
//! determine), one unknown per (respondent, answer) with no merging, in floating point; and a
//! set is tested through orthogonal projection: with `B` an orthonormal basis of the row space,
//! a vector supported on the columns `A` lies in the row space exactly when `I − B_A B_Aᵀ` is
//! singular (an eigenvalue of the projection restricted to `A` equals 1).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use proptest::prelude::*;
use rapport_core::survey::results::{
    GroupResult, Grouping, Respondent, ResultsInput, StoredAnswer, SurveyResults, results,
};
use rapport_core::survey::{Dimension, Question, QuestionKind, pulse_template};
use uuid::Uuid;

#[derive(Debug, Clone)]
struct Slot {
    rates: u8,
    values: [i32; 6],
    other: [u8; 6],
    through_link: bool,
}

#[derive(Debug, Clone)]
struct Case {
    sizes: Vec<usize>,
    partnerships: Vec<Vec<usize>>,
    slots: Vec<Slot>,
    k: u32,
    reader_answered: bool,
}

fn org(i: usize) -> Uuid {
    Uuid::from_u128(i as u128 + 1)
}

fn slot() -> impl Strategy<Value = Slot> {
    (any::<u8>(), proptest::array::uniform6(1i32..=4), proptest::array::uniform6(any::<u8>()), any::<bool>())
        .prop_map(|(rates, values, other, through_link)| Slot { rates, values, other, through_link })
}

fn case() -> impl Strategy<Value = Case> {
    (3usize..=6, 3u32..=5, any::<bool>()).prop_flat_map(|(n, k, reader_answered)| {
        (
            // Respondents per organisation: ones and twos are the dangerous ones.
            proptest::collection::vec(prop_oneof![3 => Just(1usize), 3 => Just(2), 2 => Just(3), 1 => Just(4)], n),
            proptest::collection::vec(proptest::collection::vec(0..n, 2..=4), 0..=3),
            proptest::collection::vec(slot(), 24),
        )
            .prop_map(move |(sizes, partnerships, slots)| Case {
                sizes,
                partnerships,
                slots,
                k,
                reader_answered,
            })
    })
}

const DIMENSION_KEYS: [&str; 6] = [
    "follows_through",
    "shared_mission",
    "open_to_discussion",
    "power_and_influence",
    "level_of_involvement",
    "resource_contribution",
];

/// The respondents of a case: each rates up to two other organisations (picked by its mask) on
/// every dimension, and answers or skips each other question.
fn respondents(case: &Case, questions: &[Question]) -> Vec<Respondent> {
    let n = case.sizes.len();
    let mut out = Vec::new();
    let mut slots = case.slots.iter();
    for (o, size) in case.sizes.iter().enumerate() {
        for _ in 0..*size {
            let Some(slot) = slots.next() else { return out };
            let rated: Vec<usize> = (0..n).filter(|a| *a != o && slot.rates & (1 << a) != 0).take(2).collect();
            let mut answers: Vec<StoredAnswer> = Vec::new();
            for (i, a) in rated.iter().enumerate() {
                for (d, key) in DIMENSION_KEYS.iter().enumerate() {
                    answers.push(StoredAnswer {
                        question: (*key).into(),
                        about: Some(org(*a)),
                        rating: Some((slot.values[d] + i as i32) % 4 + 1),
                        choices: vec![],
                        text: None,
                    });
                }
            }
            let others = questions.iter().filter(|q| q.dimension.is_none());
            for (q, byte) in others.zip(slot.other.iter().cycle()) {
                if byte % 3 == 0 {
                    continue;
                }
                let mut answer =
                    StoredAnswer { question: q.key.clone(), about: None, rating: None, choices: vec![], text: None };
                match q.kind {
                    QuestionKind::Rating => answer.rating = Some(i32::from(byte / 3) % q.scale.len() as i32 + 1),
                    QuestionKind::SingleChoice => {
                        answer.choices = vec![q.choices[usize::from(*byte) % q.choices.len()].clone()];
                    }
                    QuestionKind::MultipleChoice => {
                        answer.choices = q
                            .choices
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| byte & (1 << i) != 0)
                            .map(|(_, c)| c.clone())
                            .collect();
                        if answer.choices.is_empty() {
                            continue;
                        }
                    }
                    QuestionKind::FreeText => answer.text = Some(format!("comment {byte}")),
                    QuestionKind::PartnerRating => continue,
                }
                answers.push(answer);
            }
            out.push(Respondent { organization_id: org(o), answers, through_link: slot.through_link });
        }
    }
    out
}

/// One unknown: a respondent's answer to a question (for ratings of partners, about one
/// organisation; for options, how many of their answers took it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Unknown {
    respondent: usize,
    question: String,
    about: Option<Uuid>,
    option: usize,
}

#[derive(Debug)]
struct Equation {
    terms: Vec<(Unknown, f64)>,
}

struct Attacker<'a> {
    respondents: &'a [Respondent],
    partnerships: &'a [Partnership],
    equations: Vec<Equation>,
}

fn close(published: f64, truth: f64, what: &str) {
    assert!((published - truth).abs() < 1e-6, "{what}: published {published}, the answers give {truth}");
}

impl Attacker<'_> {
    /// The partner ratings a group is defined over: (respondent, dimension, about, value).
    fn members(&self, g: &GroupResult) -> Vec<(usize, Dimension, Uuid, f64)> {
        let dimension = |key: &str| Dimension::ALL[DIMENSION_KEYS.iter().position(|k| *k == key).unwrap()];
        let mut out = Vec::new();
        for (i, r) in self.respondents.iter().enumerate() {
            for a in r.answers.iter().filter(|a| DIMENSION_KEYS.contains(&a.question.as_str())) {
                let about = a.about.unwrap();
                let inside = match g.grouping {
                    Grouping::Whole => true,
                    Grouping::Partnership => {
                        let members = &self.partnerships.iter().find(|p| Some(p.0) == g.partnership_id).unwrap().2;
                        members.contains(&r.organization_id) && members.contains(&about)
                    }
                    Grouping::RatedOrganization => g.organization_id == Some(about),
                    Grouping::RatingOrganization => g.organization_id == Some(r.organization_id),
                    Grouping::Pair => {
                        g.organization_id == Some(about) && g.rating_organization_id == Some(r.organization_id)
                    }
                };
                if inside {
                    out.push((i, dimension(&a.question), about, f64::from(a.rating.unwrap())));
                }
            }
        }
        out
    }

    fn unknown(respondent: usize, d: Dimension, about: Uuid) -> Unknown {
        Unknown { respondent, question: format!("{d:?}"), about: Some(about), option: 0 }
    }

    /// Every number a shown group publishes, as equations checked against the true answers.
    fn group(&mut self, g: &GroupResult) {
        if !g.shown {
            assert!(g.trust_percent.is_none() && g.dimensions.is_empty() && g.respondents.is_none());
            return;
        }
        let members = self.members(g);
        let people: BTreeSet<usize> = members.iter().map(|m| m.0).collect();
        assert_eq!(g.respondents, Some(people.len() as u32), "{}", g.label);
        let links = people.iter().filter(|p| self.respondents[**p].through_link).count() as u32;
        assert_eq!(g.link_respondents, Some(links));
        for d in &g.dimensions {
            let ratings: Vec<_> = members.iter().filter(|m| m.1 == d.dimension).collect();
            let n = ratings.len() as f64;
            close(d.mean * n, ratings.iter().map(|m| m.3).sum(), &g.label);
            self.equations
                .push(Equation { terms: ratings.iter().map(|m| (Self::unknown(m.0, m.1, m.2), 1.0)).collect() });
        }
        for (trust, published) in [(true, g.trust_percent), (false, g.value_percent)] {
            let selected: Vec<_> = members.iter().filter(|m| m.1.is_trust() == trust).collect();
            let Some(published) = published else {
                assert!(selected.is_empty());
                continue;
            };
            // SPEC 3.2: an organisation's trust is the mean of the ratings it received; every
            // other score the mean of dyad scores (one respondent's mean about one partner).
            let mut terms: Vec<(Unknown, f64)> = Vec::new();
            let mut truth = 0.0;
            if g.grouping == Grouping::RatedOrganization {
                for m in &selected {
                    terms.push((Self::unknown(m.0, m.1, m.2), 1.0 / selected.len() as f64));
                    truth += m.3 / selected.len() as f64;
                }
            } else {
                let mut dyads: BTreeMap<(usize, Uuid), Vec<_>> = BTreeMap::new();
                for m in &selected {
                    dyads.entry((m.0, m.2)).or_default().push(*m);
                }
                for dyad in dyads.values() {
                    let weight = 1.0 / (dyad.len() as f64 * dyads.len() as f64);
                    for m in dyad {
                        terms.push((Self::unknown(m.0, m.1, m.2), weight));
                        truth += m.3 * weight;
                    }
                }
            }
            close(published / 100.0 * 4.0, truth, &g.label);
            self.equations.push(Equation { terms });
        }
    }

    /// The other questions: each count is a sum of per-respondent counts; the mean follows.
    fn question(&mut self, result: &rapport_core::survey::results::QuestionResult, q: &Question) {
        if !result.shown {
            assert!(result.counts.is_empty() && result.mean.is_none() && result.answered.is_none());
            return;
        }
        let answers: Vec<(usize, &StoredAnswer)> = self
            .respondents
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.answers.iter().filter(|a| a.question == q.key).map(move |a| (i, a)))
            .collect();
        let answered: BTreeSet<usize> = answers.iter().map(|a| a.0).collect();
        assert_eq!(result.answered, Some(answered.len() as u32));
        for (option, count) in result.counts.iter().enumerate() {
            let truth = answers
                .iter()
                .filter(|(_, a)| match q.kind {
                    QuestionKind::Rating | QuestionKind::PartnerRating => a.rating == Some(option as i32 + 1),
                    _ => a.choices.contains(&count.label),
                })
                .count();
            assert_eq!(count.count as usize, truth, "{} {}", q.key, count.label);
            self.equations.push(Equation {
                terms: answered
                    .iter()
                    .map(|i| (Unknown { respondent: *i, question: q.key.clone(), about: None, option }, 1.0))
                    .collect(),
            });
        }
        if let Some(mean) = result.mean {
            let n = answers.len() as f64;
            let truth: f64 = answers.iter().filter_map(|(_, a)| a.rating).map(f64::from).sum();
            close(mean * n, truth, &q.key);
            self.equations.push(Equation {
                terms: answered
                    .iter()
                    .flat_map(|i| {
                        (0..q.scale.len()).map(move |option| {
                            (
                                Unknown { respondent: *i, question: q.key.clone(), about: None, option },
                                (option + 1) as f64,
                            )
                        })
                    })
                    .collect(),
            });
        }
    }
}

/// An orthonormal basis of the span of `rows` (modified Gram–Schmidt, twice for accuracy).
fn orthonormal(rows: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let mut basis: Vec<Vec<f64>> = Vec::new();
    for row in rows {
        let norm0 = row.iter().map(|x| x * x).sum::<f64>().sqrt();
        let mut v = row.clone();
        for _ in 0..2 {
            for b in &basis {
                let dot: f64 = v.iter().zip(b).map(|(x, y)| x * y).sum();
                v.iter_mut().zip(b).for_each(|(x, y)| *x -= dot * y);
            }
        }
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm > 1e-9 * norm0.max(1.0) {
            basis.push(v.into_iter().map(|x| x / norm).collect());
        }
    }
    basis
}

/// Whether the symmetric positive semi-definite `h` is singular (Cholesky meets a zero pivot).
fn singular(mut h: Vec<Vec<f64>>) -> bool {
    let n = h.len();
    for j in 0..n {
        let pivot = h[j][j] - (0..j).map(|t| h[j][t] * h[j][t]).sum::<f64>();
        if pivot < 1e-9 {
            return true;
        }
        let root = pivot.sqrt();
        h[j][j] = root;
        for i in j + 1..n {
            let s = h[i][j] - (0..j).map(|t| h[i][t] * h[j][t]).sum::<f64>();
            h[i][j] = s / root;
        }
    }
    false
}

fn subsets(n: usize, size: usize, mut visit: impl FnMut(&[usize]) -> bool) -> Option<Vec<usize>> {
    let mut chosen: Vec<usize> = (0..size).collect();
    loop {
        if visit(&chosen) {
            return Some(chosen);
        }
        let mut i = size;
        loop {
            if i == 0 {
                return None;
            }
            i -= 1;
            if chosen[i] < n - size + i {
                break;
            }
        }
        chosen[i] += 1;
        for j in i + 1..size {
            chosen[j] = chosen[j - 1] + 1;
        }
    }
}

/// The attack: a set of fewer than `m` respondents some non-zero combination rests on.
fn attack(equations: &[Equation], people: usize, m: usize) -> Option<(Vec<usize>, usize)> {
    // Parts that share no unknown are independent.
    let mut unknowns: Vec<Unknown> = equations.iter().flat_map(|e| e.terms.iter().map(|t| t.0.clone())).collect();
    unknowns.sort();
    unknowns.dedup();
    let index: HashMap<&Unknown, usize> = unknowns.iter().enumerate().map(|(i, u)| (u, i)).collect();
    let mut parent: Vec<usize> = (0..unknowns.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            x = parent[x];
        }
        x
    }
    for e in equations {
        for t in &e.terms[1..] {
            let (a, b) = (root(&mut parent, index[&e.terms[0].0]), root(&mut parent, index[&t.0]));
            parent[a] = b;
        }
    }
    let mut parts: BTreeMap<usize, Vec<&Equation>> = BTreeMap::new();
    for e in equations.iter().filter(|e| !e.terms.is_empty()) {
        let r = root(&mut parent, index[&e.terms[0].0]);
        parts.entry(r).or_default().push(e);
    }
    let size = (m - 1).min(people);
    for (_, part) in parts {
        let mut columns: Vec<&Unknown> = part.iter().flat_map(|e| e.terms.iter().map(|t| &t.0)).collect();
        columns.sort();
        columns.dedup();
        let column: HashMap<&Unknown, usize> = columns.iter().enumerate().map(|(i, u)| (*u, i)).collect();
        let rows: Vec<Vec<f64>> = part
            .iter()
            .map(|e| {
                let mut row = vec![0.0; columns.len()];
                for (u, c) in &e.terms {
                    row[column[u]] += c;
                }
                row
            })
            .collect();
        let basis = orthonormal(&rows);
        // Each respondent's columns, as rows of coordinates in the basis.
        let mut of: Vec<Vec<Vec<f64>>> = vec![Vec::new(); people];
        for (j, u) in columns.iter().enumerate() {
            of[u.respondent].push(basis.iter().map(|b| b[j]).collect());
        }
        let found = subsets(people, size, |set| {
            let coordinates: Vec<&Vec<f64>> = set.iter().flat_map(|p| &of[*p]).collect();
            if coordinates.is_empty() {
                return false;
            }
            let h: Vec<Vec<f64>> = coordinates
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    coordinates
                        .iter()
                        .enumerate()
                        .map(|(j, b)| f64::from(u8::from(i == j)) - a.iter().zip(*b).map(|(x, y)| x * y).sum::<f64>())
                        .collect()
                })
                .collect();
            singular(h)
        });
        if let Some(set) = found {
            return Some((set, part.len()));
        }
    }
    None
}

type Partnership = (Uuid, String, Vec<Uuid>);

fn publish(case: &Case) -> (Vec<Respondent>, Vec<Partnership>, SurveyResults, Vec<Question>) {
    let questions = pulse_template();
    let people = respondents(case, &questions);
    let mut partnerships: Vec<Partnership> = case
        .partnerships
        .iter()
        .enumerate()
        .map(|(i, members)| {
            let mut members: Vec<Uuid> = members.iter().map(|m| org(*m)).collect();
            members.sort();
            members.dedup();
            (Uuid::from_u128(100 + i as u128), format!("P{i}"), members)
        })
        .collect();
    partnerships.retain(|p| p.2.len() >= 2);
    let names: Vec<(Uuid, String)> = (0..case.sizes.len()).map(|i| (org(i), format!("O{i}"))).collect();
    let input = ResultsInput {
        questions: &questions,
        k: case.k,
        k_comments: case.k.max(5),
        organizations: &names,
        partnerships: &partnerships,
        reader_answered: case.reader_answered,
    };
    let r = results(&input, &people);
    (people, partnerships, r, questions)
}

fn check(case: &Case) -> Result<(), TestCaseError> {
    let (people, partnerships, r, questions) = publish(case);
    let mut attacker = Attacker { respondents: &people, partnerships: &partnerships, equations: Vec::new() };
    let groups = [
        std::slice::from_ref(&r.overall),
        &r.by_partnership[..],
        &r.by_rated_organization[..],
        &r.by_rating_organization[..],
        &r.by_pair[..],
    ];
    for g in groups.into_iter().flatten() {
        attacker.group(g);
    }
    for result in &r.questions {
        let q = questions.iter().find(|q| q.key == result.key).unwrap();
        attacker.question(result, q);
    }
    let m = case.k as usize + usize::from(case.reader_answered);
    let shown = groups.into_iter().flatten().filter(|g| g.shown).count();
    if let Some((set, equations)) = attack(&attacker.equations, people.len(), m) {
        return Err(TestCaseError::fail(format!(
            "respondents {set:?} (fewer than {m} with the rest) are singled out by a combination of the \
             {equations} equations of one part; {shown} groups shown"
        )));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_combination_of_published_results_singles_out_fewer_than_m(case in case()) {
        check(&case)?;
    }
}

/// The attacker itself finds the issue's subtraction when nothing is hidden.
#[test]
fn the_attacker_finds_the_issue_subtraction() {
    let u =
        |respondent: usize, question: &str| Unknown { respondent, question: question.into(), about: None, option: 0 };
    // X's three rate Z (unknown "z"); Y's two rate Z; Z's one rates X ("x") and Y ("y").
    let x_rates_z: Vec<(Unknown, f64)> = (0..3).map(|r| (u(r, "z"), 1.0)).collect();
    let y_rates_z: Vec<(Unknown, f64)> = (3..5).map(|r| (u(r, "z"), 1.0)).collect();
    let z = vec![(u(5, "x"), 1.0), (u(5, "y"), 1.0)];
    let everyone = Equation { terms: [x_rates_z.clone(), y_rates_z.clone(), z].concat() };
    let partnership_yz = Equation { terms: [y_rates_z, vec![(u(5, "y"), 1.0)]].concat() };
    let rating_x = Equation { terms: x_rates_z };
    let found = attack(&[everyone, partnership_yz, rating_x], 6, 3);
    assert_eq!(found.map(|f| f.0.contains(&5)), Some(true));
}

/// A tiny deterministic generator for the timing runs.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// `results` on a network-wide survey of `people` respondents over `orgs` organisations, each
/// rating `rated` others (all of them when `rated >= orgs - 1`), with 15 partnerships.
fn large(
    people: usize,
    orgs: usize,
    rated: usize,
    skewed: bool,
    k: u32,
    reader_answered: bool,
    seed: u64,
) -> (SurveyResults, f64) {
    let mut rng = Lcg(seed);
    let questions = pulse_template();
    let names: Vec<(Uuid, String)> = (0..orgs).map(|i| (org(i), format!("O{i}"))).collect();
    let partnerships: Vec<(Uuid, String, Vec<Uuid>)> = (0..15)
        .map(|p| {
            let mut members: Vec<Uuid> = (0..3 + rng.next(4)).map(|_| org(rng.next(orgs))).collect();
            members.sort();
            members.dedup();
            (Uuid::from_u128(1000 + p), format!("P{p}"), members)
        })
        .collect();
    let respondents: Vec<Respondent> = (0..people)
        .map(|i| {
            // Skewed: a few large organisations and many with one to three respondents.
            let o = if skewed { (rng.next(orgs) * rng.next(orgs)) / orgs } else { i % orgs };
            let mut about: Vec<usize> = (0..orgs).filter(|a| *a != o).collect();
            while about.len() > rated {
                about.remove(rng.next(about.len()));
            }
            let mut answers = Vec::new();
            for a in about {
                for key in DIMENSION_KEYS {
                    answers.push(StoredAnswer {
                        question: key.into(),
                        about: Some(org(a)),
                        rating: Some(1 + rng.next(4) as i32),
                        choices: vec![],
                        text: None,
                    });
                }
            }
            answers.push(StoredAnswer {
                question: "satisfaction".into(),
                about: None,
                rating: Some(1 + rng.next(5) as i32),
                choices: vec![],
                text: None,
            });
            Respondent { organization_id: org(o), answers, through_link: rng.next(5) == 0 }
        })
        .collect();
    let input = ResultsInput {
        questions: &questions,
        k,
        k_comments: 5,
        organizations: &names,
        partnerships: &partnerships,
        reader_answered,
    };
    let start = std::time::Instant::now();
    let r = results(&input, &respondents);
    (r, start.elapsed().as_secs_f64())
}

/// Timing of `results` at survey sizes: `cargo test --release -p rapport-core --test
/// survey_attacker -- --ignored --nocapture`.
#[test]
#[ignore = "a timing run, not a check"]
fn timing_at_survey_sizes() {
    let shapes = [
        (300, 40, 39, false),
        (300, 40, 10, false),
        (300, 40, 5, false),
        (300, 40, 39, true),
        (300, 40, 10, true),
        (120, 12, 11, false),
        (120, 12, 4, true),
    ];
    for (people, orgs, rated, skewed) in shapes {
        for (k, reader) in [(3, false), (3, true), (5, false), (5, true), (10, true), (20, true)] {
            let (r, seconds) = large(people, orgs, rated, skewed, k, reader, 7);
            let all = [&r.by_partnership, &r.by_rated_organization, &r.by_rating_organization, &r.by_pair];
            let groups: Vec<&GroupResult> = all.into_iter().flatten().collect();
            let shown = groups.iter().filter(|g| g.shown).count();
            let combination = groups
                .iter()
                .filter(|g| {
                    matches!(
                        g.suppressed,
                        Some(
                            rapport_core::survey::Suppression::Combination
                                | rapport_core::survey::Suppression::Complement
                                | rapport_core::survey::Suppression::OwnAnswer
                        )
                    )
                })
                .count();
            println!(
                "{people} respondents, {orgs} organisations{}, {rated} rated each, k = {k}, reader answered {reader}: \
                 {seconds:.3} s; {shown} of {} groups shown, {combination} hidden beyond the k floor",
                if skewed { " (skewed sizes)" } else { "" },
                groups.len()
            );
        }
    }
}
