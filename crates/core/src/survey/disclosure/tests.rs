use std::collections::BTreeSet;

use uuid::Uuid;

use super::search::{Found, search};
use super::*;
use crate::survey::anonymity::{Suppression, suppress_family};
use crate::survey::results::{Grouping, Respondent, ResultsInput, StoredAnswer, results};
use crate::survey::{Dimension, pulse_template};

/// A group summing one variable over `people` (each with coefficient 1).
fn sum(people: &[u32], variable: u32) -> Group {
    Group { equations: vec![people.iter().map(|p| Term { respondent: *p, variable, coefficient: 1 }).collect()] }
}

#[test]
fn a_whole_survey_of_ten_is_shown() {
    let everyone: Vec<u32> = (0..10).collect();
    assert_eq!(decide(&[sum(&everyone, 0)], 3), vec![Decision::Shown]);
    assert_eq!(decide(&[sum(&everyone, 0)], 4), vec![Decision::Shown]);
    assert_eq!(disclosure(&[sum(&everyone, 0)], 3), None);
}

#[test]
fn a_group_of_exactly_k_is_hidden_from_a_respondent() {
    let three = sum(&[0, 1, 2], 0);
    assert_eq!(decide(std::slice::from_ref(&three), 3), vec![Decision::Shown]);
    assert_eq!(decide(&[three], 4), vec![Decision::TooFew { respondents: 3 }]);
}

#[test]
fn a_difference_of_two_groups_is_caught_and_the_smaller_hidden() {
    // Everyone (5) and four of them: the fifth is the difference.
    let groups = [sum(&[0, 1, 2, 3, 4], 0), sum(&[0, 1, 2, 3], 0)];
    assert_eq!(disclosure(&groups, 3), Some(vec![4]));
    assert_eq!(decide(&groups, 3), vec![Decision::Shown, Decision::Combination { people: Some(1) }]);
    // With six, the difference is two people: still too few for k = 3.
    let groups = [sum(&[0, 1, 2, 3, 4, 5], 0), sum(&[0, 1, 2, 3], 0)];
    assert_eq!(decide(&groups, 3)[1], Decision::Combination { people: Some(2) });
    // With seven, three: fine for k = 3, not for a reader who answered (m = 4).
    let groups = [sum(&[0, 1, 2, 3, 4, 5, 6], 0), sum(&[0, 1, 2, 3], 0)];
    assert_eq!(decide(&groups, 3), vec![Decision::Shown, Decision::Shown]);
    assert_eq!(decide(&groups, 4)[1], Decision::Combination { people: Some(3) });
}

#[test]
fn different_variables_do_not_combine() {
    // The same people, but one group sums variable 0 and the other variable 1.
    let groups = [sum(&[0, 1, 2, 3], 0), sum(&[0, 1, 2], 1)];
    assert_eq!(decide(&groups, 3), vec![Decision::Shown, Decision::Shown]);
}

#[test]
fn the_same_numbers_published_twice_do_not_hide_each_other() {
    // Two groups publish the very same sum, and the whole minus it is one person: the two
    // copies go, not the larger whole.
    let groups = [sum(&[0, 1, 2, 3, 4, 5], 0), sum(&[0, 1, 2, 3, 4], 0), sum(&[0, 1, 2, 3, 4], 0)];
    let decisions = decide(&groups, 3);
    assert_eq!(decisions[0], Decision::Shown);
    assert!(matches!(decisions[1], Decision::Combination { .. }));
    assert!(matches!(decisions[2], Decision::Combination { .. }));
}

/// The network of the issue: X (3 respondents), Y (2), Z (1); partnerships X–Z and Y–Z; X's
/// and Y's respondents rate Z, Z's rates X and Y. Unknowns: 0 = a rating of Z, 1 = of X,
/// 2 = of Y. Respondents 0–2 are X's, 3–4 Y's, 5 Z's.
fn issue_network() -> Vec<(&'static str, Group, BTreeSet<usize>)> {
    let term = |respondent: u32, variable: u32| Term { respondent, variable, coefficient: 1 };
    let x_rates_z: Vec<Term> = (0..3).map(|r| term(r, 0)).collect();
    let y_rates_z: Vec<Term> = (3..5).map(|r| term(r, 0)).collect();
    let z_rates_x = vec![term(5, 1)];
    let z_rates_y = vec![term(5, 2)];
    let join = |parts: &[&Vec<Term>]| -> Group {
        Group { equations: vec![parts.iter().flat_map(|p| p.iter().copied()).collect()] }
    };
    let people =
        |g: &Group| -> BTreeSet<usize> { g.equations.iter().flatten().map(|t| t.respondent as usize).collect() };
    let groups = vec![
        ("everyone", join(&[&x_rates_z, &y_rates_z, &z_rates_x, &z_rates_y])),
        ("partnership X–Z", join(&[&x_rates_z, &z_rates_x])),
        ("partnership Y–Z", join(&[&y_rates_z, &z_rates_y])),
        ("rated X", join(&[&z_rates_x])),
        ("rated Y", join(&[&z_rates_y])),
        ("rated Z", join(&[&x_rates_z, &y_rates_z])),
        ("rating X", join(&[&x_rates_z])),
        ("rating Y", join(&[&y_rates_z])),
        ("rating Z", join(&[&z_rates_x, &z_rates_y])),
    ];
    groups.into_iter().map(|(name, g)| (name, people(&g), g)).map(|(n, p, g)| (n, g, p)).collect()
}

#[test]
fn the_issue_attack_worked_under_the_old_rule_and_fails_now() {
    let network = issue_network();
    let raters: BTreeSet<usize> = (0..6).collect();
    // The old rule: each family (partnerships, rated, rating) decided inside everyone.
    let mut old_shown = vec![true];
    for family in [1..3, 3..6, 6..9] {
        let sets: Vec<BTreeSet<usize>> = network[family].iter().map(|(_, _, p)| p.clone()).collect();
        old_shown.extend(suppress_family(&raters, &sets, 3, true).into_iter().map(|v| v.is_none()));
    }
    let old: Vec<&str> = network.iter().zip(&old_shown).filter(|(_, s)| **s).map(|(g, _)| g.0).collect();
    assert_eq!(old, vec!["everyone", "partnership Y–Z", "rating X"]);
    // 7 × everyone − 3 × (Y–Z) − 3 × (rating X) is Z's rating of X: one person.
    let published: Vec<Group> = network.iter().zip(&old_shown).filter(|(_, s)| **s).map(|(g, _)| g.1.clone()).collect();
    assert_eq!(disclosure(&published, 3), Some(vec![5]));

    let groups: Vec<Group> = network.iter().map(|g| g.1.clone()).collect();
    let decisions = decide(&groups, 3);
    let shown: Vec<&str> =
        network.iter().zip(&decisions).filter(|(_, d)| **d == Decision::Shown).map(|(g, _)| g.0).collect();
    // Rating X goes (with rated Z, which minus rating X is Y's two): the partnerships stay, and
    // everyone minus both partnerships is nothing at all.
    assert_eq!(shown, vec!["everyone", "partnership X–Z", "partnership Y–Z"]);
    assert!(matches!(decisions[5], Decision::Combination { people: Some(p) } if p < 3));
    assert!(matches!(decisions[6], Decision::Combination { people: Some(p) } if p < 3));
    let published: Vec<Group> =
        groups.iter().zip(&decisions).filter(|(_, d)| **d == Decision::Shown).map(|(g, _)| g.clone()).collect();
    assert_eq!(disclosure(&published, 3), None);
}

#[test]
fn the_search_finds_a_set_that_no_single_row_or_column_reveals() {
    // A part of rank 2 with columns e1 (owner 0), e2 (owner 1), e1 + e2 (owners 2, 3) and
    // e1 + 2·e2 (owners 2, 3, 4). Any two columns span, so a set must remove three columns:
    // at least four people ({0, 1, 2, 3} or {0, 2, 3, 4}, …). Three disjoint teams span on their
    // own ({2}, {3}, {0, 1}), which settles m = 3; m = 4 needs the search to prove it safe, and
    // m = 5 to find a set of four.
    let columns = vec![vec![1, 0], vec![0, 1], vec![1, 1], vec![1, 2]];
    let owners = vec![vec![0], vec![1], vec![2, 3], vec![2, 3, 4]];
    assert_eq!(search(&columns, &owners, 3), Found::Safe);
    assert_eq!(search(&columns, &owners, 4), Found::Safe);
    let found = search(&columns, &owners, 5);
    let Found::Isolatable(set) = found else { panic!("{found:?}") };
    assert_eq!(set.len(), 4, "{set:?}");
}

#[test]
fn a_component_held_by_fewer_than_m_people_is_isolatable_as_a_whole() {
    // Two columns spanning a plane, owned by respondents 0 and 1 alone: fewer than m = 3 people
    // hold the whole component, which is named as it is.
    let columns = [vec![1, 0], vec![1, 1]];
    let owners = [vec![0], vec![1]];
    assert_eq!(search(&columns, &owners, 3), Found::Isolatable(vec![0, 1]));
    // A third owner on the second column puts it out of reach of two people, so it stays, and
    // respondent 0 alone (the first column) can then be singled out: the search finds them.
    let owners = [vec![0], vec![1, 2]];
    assert_eq!(search(&columns, &owners, 3), Found::Isolatable(vec![0]));
}

fn respondent(organization: Uuid, about: &[Uuid], value: i32) -> Respondent {
    let keys = [
        "follows_through",
        "shared_mission",
        "open_to_discussion",
        "power_and_influence",
        "level_of_involvement",
        "resource_contribution",
    ];
    let answers = about
        .iter()
        .flat_map(|a| {
            keys.iter().map(move |k| StoredAnswer {
                question: (*k).into(),
                about: Some(*a),
                rating: Some(value),
                choices: vec![],
                text: None,
            })
        })
        .collect();
    Respondent { organization_id: organization, answers, through_link: false }
}

#[test]
fn the_issue_network_in_results_hides_what_the_attack_needs() {
    let (x, y, z) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
    let names = [(x, "X".to_owned()), (y, "Y".to_owned()), (z, "Z".to_owned())];
    let partnerships =
        [(Uuid::from_u128(10), "X–Z".to_owned(), vec![x, z]), (Uuid::from_u128(11), "Y–Z".to_owned(), vec![y, z])];
    let questions = pulse_template();
    let mut people: Vec<Respondent> = (0..3).map(|_| respondent(x, &[z], 4)).collect();
    people.extend((0..2).map(|_| respondent(y, &[z], 3)));
    people.push(respondent(z, &[x, y], 1));
    let input = ResultsInput {
        questions: &questions,
        k: 3,
        k_comments: 5,
        organizations: &names,
        partnerships: &partnerships,
        reader_answered: false,
    };
    let r = results(&input, &people);
    assert!(r.overall.shown);
    let status = |grouping: Grouping, label: &str| {
        let all = [&r.by_partnership, &r.by_rated_organization, &r.by_rating_organization, &r.by_pair];
        let g = all.into_iter().flatten().find(|g| g.grouping == grouping && g.label == label).unwrap();
        assert_eq!(g.shown, g.suppressed.is_none());
        g.suppressed
    };
    // The attack's three groups are no longer shown together: ratings given by X are hidden,
    // with X's ratings of Z (the very same numbers); the ratings Z received are hidden too
    // (everyone minus them is the lone Z respondent's), and the partnerships stay: everyone
    // minus both of them is nothing at all.
    assert_eq!(status(Grouping::Partnership, "X–Z"), None);
    assert_eq!(status(Grouping::Partnership, "Y–Z"), None);
    assert_eq!(status(Grouping::RatingOrganization, "X"), Some(Suppression::Combination));
    assert_eq!(status(Grouping::Pair, "X about Z"), Some(Suppression::Complement));
    assert_eq!(status(Grouping::RatedOrganization, "Z"), Some(Suppression::Complement));
    for (grouping, label) in [
        (Grouping::RatedOrganization, "X"),
        (Grouping::RatedOrganization, "Y"),
        (Grouping::RatingOrganization, "Y"),
        (Grouping::RatingOrganization, "Z"),
        (Grouping::Pair, "Z about X"),
        (Grouping::Pair, "Z about Y"),
        (Grouping::Pair, "Y about Z"),
    ] {
        assert_eq!(status(grouping, label), Some(Suppression::TooFew), "{label}");
    }
    // The whole survey's six ratings of Z by X and Y … and Z's two: 7 ratings per dimension.
    let follows = r.overall.dimensions.iter().find(|d| d.dimension == Dimension::FollowsThrough).unwrap();
    assert!((follows.mean - (3.0 * 4.0 + 2.0 * 3.0 + 2.0 * 1.0) / 7.0).abs() < 1e-9);
}

#[test]
fn a_respondent_reading_sees_only_what_rests_on_k_others() {
    let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
    let names = [(a, "A".to_owned()), (b, "B".to_owned())];
    let questions = pulse_template();
    let people: Vec<Respondent> = (0..3).map(|_| respondent(a, &[b], 3)).collect();
    let mut input = ResultsInput {
        questions: &questions,
        k: 3,
        k_comments: 3,
        organizations: &names,
        partnerships: &[],
        reader_answered: false,
    };
    let r = results(&input, &people);
    assert!(r.overall.shown);
    input.reader_answered = true;
    let r = results(&input, &people);
    assert!(!r.overall.shown);
    assert_eq!(r.overall.suppressed, Some(Suppression::OwnAnswer));
    assert!(r.by_pair.iter().all(|g| !g.shown && g.suppressed == Some(Suppression::OwnAnswer)));
    assert!(r.comments_note.is_some(), "comments need k_comments others too");
    // Four respondents: enough for a respondent reader.
    let mut four = people.clone();
    four.push(respondent(a, &[b], 2));
    assert!(results(&input, &four).overall.shown);
}

#[test]
fn groups_report_how_many_answered_through_links() {
    let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
    let questions = pulse_template();
    let mut people: Vec<Respondent> = (0..4).map(|_| respondent(a, &[b], 3)).collect();
    people[1].through_link = true;
    people[3].through_link = true;
    let input = ResultsInput {
        questions: &questions,
        k: 3,
        k_comments: 5,
        organizations: &[],
        partnerships: &[],
        reader_answered: false,
    };
    let r = results(&input, &people);
    assert_eq!(r.overall.link_respondents, Some(2));
    assert_eq!(r.link_respondents, Some(2));
    let r = results(&input, &people[..2]);
    assert_eq!(r.overall.link_respondents, None, "hidden with the group");
    assert_eq!(r.link_respondents, None);
}

/// Brute force, written apart from the auditor: the rank of a dense integer matrix by Bareiss'
/// fraction-free elimination.
fn rank(mut rows: Vec<Vec<i128>>) -> usize {
    let columns = rows.first().map_or(0, Vec::len);
    let mut rank = 0;
    let mut previous = 1i128;
    for c in 0..columns {
        let Some(p) = (rank..rows.len()).find(|r| rows[*r][c] != 0) else { continue };
        rows.swap(rank, p);
        for r in rank + 1..rows.len() {
            for j in c + 1..columns {
                rows[r][j] = (rows[r][j] * rows[rank][c] - rows[rank][j] * rows[r][c]) / previous;
            }
            rows[r][c] = 0;
        }
        previous = rows[rank][c];
        rank += 1;
    }
    rank
}

/// Whether some non-zero combination of the groups' equations rests on `set` alone.
fn isolates(groups: &[&Group], set: &[u32]) -> bool {
    let mut unknowns: Vec<(u32, u32)> =
        groups.iter().flat_map(|g| g.equations.iter().flatten().map(|t| (t.respondent, t.variable))).collect();
    unknowns.sort_unstable();
    unknowns.dedup();
    let matrix = |keep: &dyn Fn(u32) -> bool| -> Vec<Vec<i128>> {
        groups
            .iter()
            .flat_map(|g| &g.equations)
            .map(|eq| {
                unknowns
                    .iter()
                    .filter(|u| keep(u.0))
                    .map(|u| {
                        eq.iter().filter(|t| (t.respondent, t.variable) == *u).map(|t| i128::from(t.coefficient)).sum()
                    })
                    .collect()
            })
            .collect()
    };
    rank(matrix(&|_| true)) > rank(matrix(&|r| !set.contains(&r)))
}

/// Every set of `size` among `people`, until `found` says yes.
fn some_set(people: u32, size: usize, found: &mut dyn FnMut(&[u32]) -> bool) -> bool {
    fn grow(from: u32, people: u32, size: usize, set: &mut Vec<u32>, found: &mut dyn FnMut(&[u32]) -> bool) -> bool {
        if set.len() == size {
            return found(set);
        }
        (from..people).any(|p| {
            set.push(p);
            let yes = grow(p + 1, people, size, set, found);
            set.pop();
            yes
        })
    }
    grow(0, people, size, &mut Vec::new(), found)
}

fn unsafe_by_brute_force(groups: &[&Group], people: u32, m: usize) -> bool {
    // Supersets of an isolatable set are isolatable: the largest sizes below m say it all.
    some_set(people, (m - 1).min(people as usize), &mut |set| isolates(groups, set))
}

fn random_groups() -> impl Strategy<Value = (Vec<Group>, u32, usize)> {
    (2u32..=9, 2usize..=6).prop_flat_map(|(people, m)| {
        let term = (0..people, 0u32..4, prop_oneof![Just(1i64), Just(1), Just(-1), Just(2), Just(-2)])
            .prop_map(|(respondent, variable, coefficient)| Term { respondent, variable, coefficient });
        let equation = proptest::collection::vec(term, 1..=8);
        let group = proptest::collection::vec(equation, 1..=2).prop_map(|equations| Group { equations });
        (proptest::collection::vec(group, 1..=8), Just(people), Just(m))
    })
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    /// The audit says "isolatable" exactly when brute force does, and what it names is.
    #[test]
    fn the_audit_agrees_with_brute_force((groups, people, m) in random_groups()) {
        let all: Vec<&Group> = groups.iter().collect();
        let truth = unsafe_by_brute_force(&all, people, m);
        let found = disclosure(&groups, m);
        prop_assert_eq!(found.is_some(), truth, "{:?}", found);
        if let Some(set) = found {
            prop_assert!(!set.is_empty() && set.len() < m, "{:?}", set);
            prop_assert!(isolates(&all, &set), "{:?} is not isolatable", set);
        }
    }

    /// What `decide` shows is safe, and no group it hid by combination could be added.
    #[test]
    fn decisions_are_safe_and_maximal((groups, people, m) in random_groups()) {
        let decisions = decide(&groups, m);
        let shown: Vec<&Group> = groups.iter().zip(&decisions).filter(|(_, d)| **d == Decision::Shown).map(|(g, _)| g).collect();
        prop_assert!(!unsafe_by_brute_force(&shown, people, m));
        for (g, d) in groups.iter().zip(&decisions) {
            match d {
                Decision::Shown => {}
                Decision::TooFew { respondents } => {
                    let own: BTreeSet<u32> = prepare(g).equations.iter().flatten().map(|t| t.0).collect();
                    prop_assert_eq!(own.len(), *respondents);
                    prop_assert!(*respondents < m);
                }
                Decision::Combination { people: found } => {
                    prop_assert!(found.is_some_and(|p| p < m));
                    let mut more = shown.clone();
                    more.push(g);
                    prop_assert!(unsafe_by_brute_force(&more, people, m), "a hidden group could be shown");
                }
            }
        }
    }
}
