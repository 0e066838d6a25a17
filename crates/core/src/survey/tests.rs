use std::collections::BTreeSet;

use chrono::NaiveDate;
use uuid::Uuid;

use super::anonymity::*;
use super::results::{Grouping, ResultsInput};
use super::*;

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, n).unwrap()
}

fn set(items: &[usize]) -> BTreeSet<usize> {
    items.iter().copied().collect()
}

#[test]
fn k_defaults_to_three_and_is_never_below_three() {
    let mut errors = ValidationErrors::new();
    assert_eq!(thresholds(None, None, &mut errors), (3, 5));
    assert_eq!(thresholds(Some(4), None, &mut errors), (4, 5));
    assert_eq!(thresholds(Some(7), None, &mut errors), (7, 7), "k_comments is never below k");
    assert!(errors.is_empty());
    thresholds(Some(2), None, &mut errors);
    assert_eq!(errors.0[0].field, "k");
    let mut errors = ValidationErrors::new();
    thresholds(Some(4), Some(3), &mut errors);
    assert_eq!(errors.0[0].field, "k_comments");
}

#[test]
fn counts_are_shown_only_from_k() {
    assert_eq!(visible_count(0, 3), None);
    assert_eq!(visible_count(2, 3), None);
    assert_eq!(visible_count(3, 3), Some(3));
    assert_eq!(visible_count(4, 5), None);
    assert!(!comments_visible(4, 5));
    assert!(comments_visible(5, 5));
}

#[test]
fn a_group_needs_k_and_a_complement_of_none_or_at_least_k() {
    assert_eq!(judge_counts(2, 0, 3), Some(Suppression::TooFew));
    assert_eq!(judge_counts(3, 0, 3), None);
    assert_eq!(judge_counts(3, 1, 3), Some(Suppression::Complement));
    assert_eq!(judge_counts(3, 2, 3), Some(Suppression::Complement));
    assert_eq!(judge_counts(3, 3, 3), None);
    assert_eq!(judge_counts(5, 4, 5), Some(Suppression::Complement));
    assert_eq!(judge_counts(5, 5, 5), None);
}

#[test]
fn hidden_groups_of_a_family_cannot_be_recovered_by_subtraction() {
    // Three organisations answer: 3, 3 and 1 people. Showing the two groups of three and the
    // total would give away the lone respondent, so one of the others is hidden too.
    let parent = set(&[0, 1, 2, 3, 4, 5, 6]);
    let groups = [set(&[0, 1, 2]), set(&[3, 4, 5]), set(&[6])];
    let verdicts = suppress_family(&parent, &groups, 3, true);
    assert_eq!(verdicts, vec![Some(Suppression::ProtectsAnother), None, Some(Suppression::TooFew)]);
    // With two lone respondents hidden, the hidden ones hold 2 < k: still one more is hidden.
    let groups = [set(&[0, 1, 2, 3]), set(&[4, 5, 6]), set(&[7]), set(&[8])];
    let parent = set(&[0, 1, 2, 3, 4, 5, 6, 7, 8]);
    let verdicts = suppress_family(&parent, &groups, 3, true);
    assert_eq!(
        verdicts,
        vec![None, Some(Suppression::ProtectsAnother), Some(Suppression::TooFew), Some(Suppression::TooFew)]
    );
    // Every group big enough: all shown.
    let groups = [set(&[0, 1, 2]), set(&[3, 4, 5])];
    assert_eq!(suppress_family(&set(&[0, 1, 2, 3, 4, 5]), &groups, 3, true), vec![None, None]);
    // A hidden parent hides its children.
    assert_eq!(suppress_family(&set(&[0, 1, 2]), &[set(&[0, 1, 2])], 3, false), vec![Some(Suppression::ParentHidden)]);
}

#[test]
fn overlapping_groups_follow_the_complement_rule() {
    // Four raters; three rated X, one did not: X would expose the fourth.
    let parent = set(&[0, 1, 2, 3]);
    let verdicts = suppress_family(&parent, &[set(&[0, 1, 2])], 3, true);
    assert_eq!(verdicts, vec![Some(Suppression::Complement)]);
}

#[test]
fn state_follows_the_dates_inclusively() {
    assert_eq!(SurveyState::on(day(1), day(2), day(5)), SurveyState::Scheduled);
    assert_eq!(SurveyState::on(day(2), day(2), day(5)), SurveyState::Open);
    assert_eq!(SurveyState::on(day(5), day(2), day(5)), SurveyState::Open);
    assert_eq!(SurveyState::on(day(6), day(2), day(5)), SurveyState::Closed);
}

#[test]
fn the_pulse_template_asks_the_six_dimensions_about_partners() {
    let questions = pulse_template();
    let mut errors = ValidationErrors::new();
    validate_questions(&questions, &mut errors);
    assert!(errors.is_empty(), "{errors}");
    let dims: Vec<Dimension> = questions.iter().filter_map(|q| q.dimension).collect();
    assert_eq!(dims, Dimension::ALL.to_vec());
    assert!(
        questions
            .iter()
            .filter(|q| q.dimension.is_some())
            .all(|q| q.kind == QuestionKind::PartnerRating && q.scale.len() == 4)
    );
    assert_eq!(questions.iter().filter(|q| q.kind == QuestionKind::FreeText).count(), 1);
    assert!(questions.iter().any(|q| q.kind == QuestionKind::SingleChoice));
    assert!(questions.iter().any(|q| q.kind == QuestionKind::MultipleChoice));
}

#[test]
fn drafts_name_every_bad_field() {
    let draft = SurveyDraft { opens_on: day(1), closes_on: day(10), k: Some(2), ..Default::default() };
    let errors = draft.validate(day(3)).unwrap_err();
    assert_eq!(errors.for_field("opens_on"), Some("cannot be in the past"));
    assert!(errors.for_field("k").is_some());
    let draft = SurveyDraft { opens_on: day(10), closes_on: day(9), ..Default::default() };
    assert!(draft.validate(day(3)).unwrap_err().for_field("closes_on").is_some());
    let mut bad = pulse_template();
    bad[1].key = bad[0].key.clone();
    bad[6].scale.truncate(2);
    bad[9].choices = vec!["Only".into()];
    bad[11].dimension = Some(Dimension::FollowsThrough);
    let draft = SurveyDraft { opens_on: day(3), closes_on: day(9), questions: Some(bad), ..Default::default() };
    let errors = draft.validate(day(3)).unwrap_err();
    for field in ["questions[1].key", "questions[6].scale", "questions[9].choices", "questions[11].dimension"] {
        assert!(errors.for_field(field).is_some(), "{field}: {errors}");
    }
    let ok = SurveyDraft { opens_on: day(3), closes_on: day(9), ..Default::default() }.validate(day(3)).unwrap();
    assert_eq!((ok.k, ok.k_comments, ok.title.as_str()), (3, 5, "Partnership pulse"));
}

fn org(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn rate(about: Uuid, values: [i32; 6]) -> Vec<AnswerDraft> {
    let keys = [
        "follows_through",
        "shared_mission",
        "open_to_discussion",
        "power_and_influence",
        "level_of_involvement",
        "resource_contribution",
    ];
    keys.iter()
        .zip(values)
        .map(|(k, v)| AnswerDraft { question: (*k).into(), about: Some(about), rating: Some(v), ..Default::default() })
        .collect()
}

#[test]
fn responses_never_rate_ones_own_organisation_and_stay_on_the_scale() {
    let questions = pulse_template();
    let partners = [org(2)];
    let own = ResponseDraft { answers: rate(org(1), [4; 6]) };
    let errors = own.validate(&questions, &partners).unwrap_err();
    assert!(errors.for_field("answers[0].about").unwrap().contains("never your own"));
    let mut answers = rate(org(2), [4; 6]);
    answers[0].rating = Some(5);
    answers.push(AnswerDraft {
        question: "check_in_rhythm".into(),
        choices: vec!["Too rarely".into(), "Too often".into()],
        ..Default::default()
    });
    answers.push(AnswerDraft { question: "nope".into(), ..Default::default() });
    let errors = ResponseDraft { answers }.validate(&questions, &partners).unwrap_err();
    assert_eq!(errors.for_field("answers[0].rating"), Some("must be between 1 and 4"));
    assert_eq!(errors.for_field("answers[6].choices"), Some("pick exactly one option"));
    assert!(errors.for_field("answers[7].question").is_some());
    let partial = ResponseDraft { answers: rate(org(2), [4; 6])[..3].to_vec() };
    assert!(partial.validate(&questions, &partners).unwrap_err().for_field("answers").is_some());
    assert!(ResponseDraft::default().validate(&questions, &partners).is_err());
    let mut good = rate(org(2), [4, 3, 2, 1, 2, 3]);
    good.push(AnswerDraft { question: "comment".into(), text: Some("  ".into()), ..Default::default() });
    good.push(AnswerDraft {
        question: "helped_most".into(),
        choices: vec!["Sharing data".into(), "Promises kept".into()],
        ..Default::default()
    });
    let stored = ResponseDraft { answers: good }.validate(&questions, &partners).unwrap();
    assert_eq!(stored.answers.len(), 7, "an empty comment is dropped");
}

fn respondent(organization: Uuid, ratings: &[(Uuid, [i32; 6])], comment: Option<&str>) -> Respondent {
    let mut answers: Vec<StoredAnswer> = Vec::new();
    for (about, values) in ratings {
        let drafts = rate(*about, *values);
        answers.extend(drafts.into_iter().map(|d| StoredAnswer {
            question: d.question,
            about: d.about,
            rating: d.rating,
            choices: vec![],
            text: None,
        }));
    }
    answers.push(StoredAnswer {
        question: "satisfaction".into(),
        about: None,
        rating: Some(4),
        choices: vec![],
        text: None,
    });
    if let Some(c) = comment {
        answers.push(StoredAnswer {
            question: "comment".into(),
            about: None,
            rating: None,
            choices: vec![],
            text: Some(c.into()),
        });
    }
    Respondent { organization_id: organization, answers, through_link: false }
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a value");
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn perceived_trust_follows_spec_3_2() {
    let (a, b) = (org(1), org(2));
    let names = [(a, "Alder School".to_owned()), (b, "Birch Library".to_owned())];
    let questions = pulse_template();
    let input = ResultsInput {
        questions: &questions,
        k: 3,
        k_comments: 5,
        organizations: &names,
        partnerships: &[],
        reader_answered: false,
    };
    let people = vec![
        respondent(a, &[(b, [4, 3, 2, 1, 1, 1])], Some("More notice, please")),
        respondent(a, &[(b, [4, 4, 4, 2, 2, 2])], None),
        respondent(a, &[(b, [2, 2, 2, 3, 3, 3])], Some("Great term")),
        respondent(b, &[(a, [1, 2, 3, 4, 4, 4])], None),
        respondent(b, &[(a, [3, 3, 3, 4, 4, 4])], Some("Agree on goals first")),
        respondent(b, &[(a, [4, 4, 4, 4, 4, 4])], Some("Thanks")),
    ];
    let r = results(&input, &people);
    // Dyads: 3, 4, 2 about B; 2, 3, 4 about A. Network trust = mean of dyads = 18/6 = 3.
    close(r.overall.trust_percent, 3.0 / 4.0 * 100.0);
    // B received 4,3,2,4,4,4,2,2,2 = 27/9 = 3; A received 1,2,3,3,3,3,4,4,4 = 27/9 = 3.
    let rated_b = r.by_rated_organization.iter().find(|g| g.organization_id == Some(b)).unwrap();
    close(rated_b.trust_percent, 75.0);
    assert_eq!(rated_b.respondents, Some(3));
    // Value of A: 4,4,4 ×3 = 4 → 100 %.
    let rated_a = r.by_rated_organization.iter().find(|g| g.organization_id == Some(a)).unwrap();
    close(rated_a.value_percent, 100.0);
    // Follows through, received by B: (4 + 4 + 2) / 3.
    let follows = rated_b.dimensions.iter().find(|d| d.dimension == Dimension::FollowsThrough).unwrap();
    assert!((follows.mean - 10.0 / 3.0).abs() < 1e-9);
    assert_eq!(r.respondents, Some(6));
    assert_eq!(
        r.comments,
        vec!["Agree on goals first", "Great term", "More notice, please", "Thanks"],
        "alphabetical, never in answer order"
    );
    assert_eq!(r.by_pair.len(), 2);
    assert!(r.by_pair.iter().all(|p| p.shown && p.grouping == Grouping::Pair));
}

#[test]
fn small_groups_are_listed_with_a_reason_never_missing() {
    let (a, b) = (org(1), org(2));
    let names = [(a, "Alder School".to_owned()), (b, "Birch Library".to_owned())];
    let questions = pulse_template();
    let input = ResultsInput {
        questions: &questions,
        k: 3,
        k_comments: 5,
        organizations: &names,
        partnerships: &[],
        reader_answered: false,
    };
    let people = vec![
        respondent(a, &[(b, [4; 6])], Some("one")),
        respondent(a, &[(b, [3; 6])], None),
        respondent(a, &[(b, [2; 6])], None),
        respondent(b, &[(a, [1; 6])], Some("two")),
    ];
    let r = results(&input, &people);
    assert!(r.overall.shown, "four raters: the whole is shown");
    // B's lone respondent rated A: too few. A's three rated B, but showing B's received
    // ratings next to the whole would give away the lone respondent's: hidden too.
    assert_eq!(r.by_rated_organization.len(), 2);
    assert!(r.by_rated_organization.iter().all(|g| !g.shown && g.trust_percent.is_none() && g.note.is_some()));
    assert!(r.by_rating_organization.iter().all(|g| !g.shown && g.respondents.is_none()));
    assert!(r.by_pair.iter().all(|g| !g.shown));
    assert!(r.comments.is_empty());
    assert!(r.comments_note.is_some());
    // Two people: nothing at all, not even the count.
    let r = results(&input, &people[..2]);
    assert!(!r.overall.shown);
    assert_eq!(r.respondents, None);
    assert!(r.questions.iter().all(|q| !q.shown && q.counts.is_empty() && q.mean.is_none()));
}

#[test]
fn partnerships_of_a_network_survey_are_groups_too() {
    let (a, b, c) = (org(1), org(2), org(3));
    let names = [(a, "A".to_owned()), (b, "B".to_owned()), (c, "C".to_owned())];
    let partnerships = [(org(10), "AB".to_owned(), vec![a, b]), (org(11), "BC".to_owned(), vec![b, c])];
    let questions = pulse_template();
    let input = ResultsInput {
        questions: &questions,
        k: 3,
        k_comments: 5,
        organizations: &names,
        partnerships: &partnerships,
        reader_answered: false,
    };
    let mut people: Vec<Respondent> = (0..3).map(|_| respondent(a, &[(b, [4; 6])], None)).collect();
    people.extend((0..3).map(|_| respondent(b, &[(a, [2; 6])], None)));
    people.push(respondent(c, &[(b, [1; 6])], None));
    let r = results(&input, &people);
    let ab = r.by_partnership.iter().find(|g| g.label == "AB").unwrap();
    let bc = r.by_partnership.iter().find(|g| g.label == "BC").unwrap();
    assert!(!bc.shown, "one respondent inside BC");
    // AB holds six of seven raters: its complement is the lone C respondent.
    assert!(!ab.shown);
    assert_eq!(ab.suppressed, Some(Suppression::Complement));
}
