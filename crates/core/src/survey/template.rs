//! Rapport's own "partnership pulse". The structure follows SPEC 3.2 (three trust and three value
//! dimensions asked about each partner); every word is Rapport's own.

use super::{Dimension, Question, QuestionKind};

fn question(
    key: &str,
    section: &str,
    text: &str,
    kind: QuestionKind,
    scale: &[&str],
    choices: &[&str],
    dimension: Option<Dimension>,
) -> Question {
    Question {
        key: key.to_owned(),
        section: section.to_owned(),
        text: text.to_owned(),
        kind,
        scale: scale.iter().map(|s| (*s).to_owned()).collect(),
        choices: choices.iter().map(|s| (*s).to_owned()).collect(),
        dimension,
        // The pulse's other languages come from the web layer's message files, found by the
        // question's English wording, so a new language needs no change here.
        translations: Default::default(),
    }
}

/// The default survey: about each partner, then about the partnership, then an open comment.
pub fn pulse_template() -> Vec<Question> {
    use QuestionKind::*;
    const TRUST_SCALE: &[&str] = &["Not at all", "A little", "Mostly", "Completely"];
    const VALUE_SCALE: &[&str] = &["Very little", "Some", "A good deal", "A great deal"];
    const AGREE: &[&str] = &["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"];
    let trust = "How you see each partner";
    let value = "What each partner brings";
    let together = "How we work together";
    vec![
        question(
            "follows_through",
            trust,
            "When this partner says it will do something, it gets done.",
            PartnerRating,
            TRUST_SCALE,
            &[],
            Some(Dimension::FollowsThrough),
        ),
        question(
            "shared_mission",
            trust,
            "This partner is pulling towards the same purpose we are.",
            PartnerRating,
            TRUST_SCALE,
            &[],
            Some(Dimension::SharedMission),
        ),
        question(
            "open_to_discussion",
            trust,
            "We can bring a hard topic to this partner and be heard.",
            PartnerRating,
            TRUST_SCALE,
            &[],
            Some(Dimension::OpenToDiscussion),
        ),
        question(
            "power_and_influence",
            value,
            "This partner can open doors and move decisions that matter to the work.",
            PartnerRating,
            VALUE_SCALE,
            &[],
            Some(Dimension::PowerAndInfluence),
        ),
        question(
            "level_of_involvement",
            value,
            "This partner shows up and takes part in the work itself.",
            PartnerRating,
            VALUE_SCALE,
            &[],
            Some(Dimension::LevelOfInvolvement),
        ),
        question(
            "resource_contribution",
            value,
            "This partner puts in time, people, money, space or know-how.",
            PartnerRating,
            VALUE_SCALE,
            &[],
            Some(Dimension::ResourceContribution),
        ),
        question(
            "communication",
            together,
            "I hear about decisions and changes early enough to act on them.",
            Rating,
            AGREE,
            &[],
            None,
        ),
        question(
            "shared_goals",
            together,
            "I could explain what we are trying to achieve together to someone new.",
            Rating,
            AGREE,
            &[],
            None,
        ),
        question(
            "satisfaction",
            together,
            "All in all, I am glad my organisation is part of this partnership.",
            Rating,
            AGREE,
            &[],
            None,
        ),
        question(
            "check_in_rhythm",
            together,
            "Our check-ins happen…",
            SingleChoice,
            &[],
            &["Too rarely", "About right", "Too often"],
            None,
        ),
        question(
            "helped_most",
            together,
            "What has helped the partnership most lately? Pick any.",
            MultipleChoice,
            &[],
            &["Regular check-ins", "Promises kept", "Sharing data", "Celebrating wins", "Honest conversations"],
            None,
        ),
        question(
            "comment",
            "In your own words",
            "Anything you would like the partnership to hear?",
            FreeText,
            &[],
            &[],
            None,
        ),
    ]
}
