//! What a warning rests on, as facts: which of a rule's reasons applies and its numbers, days and
//! names. The sentences the API, webhooks and e-mails carry are written from these facts in
//! English here; pages write their own from the same facts in the reader's language.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::kinds::{Cadence, Confidence};

/// One warning's reason with its facts. Percentages are 0–100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum WarningFacts {
    /// `recent` commitments became missed in the last `window_days`; the oldest missed one, by
    /// `oldest_by`, is `oldest_days` overdue.
    MissedRecently { recent: usize, window_days: i64, oldest_by: String, oldest_days: i64 },
    /// The one missed commitment, by `by`, is `days` overdue.
    OneOverdue { by: String, days: i64 },
    /// `missed` commitments are missed and not done; the oldest, by `oldest_by`, `oldest_days` overdue.
    SeveralMissed { missed: usize, oldest_by: String, oldest_days: i64 },
    /// No check-in for `gap` days since `last_on`: `factor` times the cadence or more.
    NoCheckInSince { gap: i64, last_on: NaiveDate, factor: f64, cadence: Cadence },
    /// No check-in in the `gap` days since the partnership began.
    NoCheckInYet { gap: i64, cadence: Cadence },
    /// Perceived trust fell between two surveys.
    PerceivedTrustFell { before: f64, after: f64, previous_closed_on: NaiveDate, latest_closed_on: NaiveDate },
    /// Expected reliability fell in the last `days`.
    ReliabilityFell { before: f64, after: f64, days: i64 },
    /// A goal people worry about has `days_left` to its due date.
    GoalNearDue { goal: String, confidence: Confidence, days_left: i64 },
    /// A goal people worry about is `days_past` past its due date.
    GoalPastDue { goal: String, confidence: Confidence, days_past: i64 },
    /// A goal's progress lags the share of its time gone.
    GoalBehind { goal: String, progress: f64, elapsed: f64 },
    /// A goal marked at risk or off track.
    GoalMarked { goal: String, confidence: Confidence },
    /// A concern raised on `raised_on` has waited `waited` days; its deadline was `deadline`.
    ConcernWaiting { raised_on: NaiveDate, waited: i64, deadline: NaiveDate },
    /// `by` kept `mine` of the `kept` commitments kept in the last `days` (`share`).
    KeptMostCommitments { by: String, mine: usize, kept: usize, days: i64, share: f64 },
    /// `by` made `share` of the contributions in the last `days`.
    MadeMostContributions { by: String, share: f64, days: i64 },
    /// `name` missed the last `absent` check-ins, since `since`.
    QuietPartner { name: String, absent: usize, since: NaiveDate },
    /// A milestone met on `met_on` that nobody has thanked for.
    MilestoneUnthanked { milestone: String, met_on: NaiveDate },
    /// `by` kept its last `count` commitments on time.
    OnTimeStreak { by: String, count: usize },
    /// An agreement still in force ended `days_ago` days ago, on `ended_on`.
    AgreementLapsed { agreement: String, days_ago: i64, ended_on: NaiveDate },
    /// An agreement ends in `days_left` days, on `ends_on`.
    AgreementEnding { agreement: String, days_left: i64, ends_on: NaiveDate },
}

/// The seeds' practice before renewing an agreement: look at what it was for.
pub const AGREEMENT_NEXT_STEP: &str = "Meet to revisit the shared goals together before renewing: what the agreement made possible, what should change, and who signs what by when.";

impl WarningFacts {
    /// One sentence in English: what Rapport noticed.
    pub fn explanation(&self) -> String {
        use WarningFacts::*;
        let oldest = |by: &str, days: i64| format!("the oldest, by {by}, is {days} days overdue");
        match self {
            MissedRecently { recent, window_days, oldest_by, oldest_days } => format!(
                "{recent} commitments became missed in the last {window_days} days; {}.",
                oldest(oldest_by, *oldest_days)
            ),
            OneOverdue { by, days } => format!("A commitment by {by} is {days} days overdue and not yet done."),
            SeveralMissed { missed, oldest_by, oldest_days } => {
                format!("{missed} commitments are missed and not yet done; {}.", oldest(oldest_by, *oldest_days))
            }
            NoCheckInSince { gap, last_on, factor, cadence } => format!(
                "No check-in for {gap} days since the last one on {}: at least {} times the {} cadence.",
                long_day(*last_on),
                trim(*factor),
                cadence.label().to_lowercase()
            ),
            NoCheckInYet { gap, cadence } => format!(
                "No check-in has been recorded in the {gap} days since the partnership began, though it meets on a {} cadence.",
                cadence.label().to_lowercase()
            ),
            PerceivedTrustFell { before, after, previous_closed_on, latest_closed_on } => format!(
                "Perceived trust fell from {before:.0}% to {after:.0}% between the surveys that closed on {previous_closed_on} and {latest_closed_on}."
            ),
            ReliabilityFell { before, after, days } => {
                format!("Expected reliability fell from {before:.0}% to {after:.0}% in the last {days} days.")
            }
            GoalNearDue { goal, confidence, days_left } => format!(
                "{} is marked {} with {days_left} days to its due date.",
                quote(goal),
                confidence.label().to_lowercase()
            ),
            GoalPastDue { goal, confidence, days_past } => format!(
                "{} is marked {} and {days_past} days past its due date.",
                quote(goal),
                confidence.label().to_lowercase()
            ),
            GoalBehind { goal, progress, elapsed } => format!(
                "{} is {progress:.0}% of the way to its target with {elapsed:.0}% of its time gone.",
                quote(goal)
            ),
            GoalMarked { goal, confidence } => {
                format!("{} is marked {}.", quote(goal), confidence.label().to_lowercase())
            }
            ConcernWaiting { raised_on, waited, deadline } => format!(
                "A concern raised on {} has waited {waited} days for acknowledgement; the deadline was {}.",
                long_day(*raised_on),
                long_day(*deadline)
            ),
            KeptMostCommitments { by, mine, kept, days, share } => {
                format!("{by} kept {mine} of the {kept} commitments kept in the last {days} days ({share:.0}%).")
            }
            MadeMostContributions { by, share, days } => {
                format!("{by} made {share:.0}% of the contributions recorded in the last {days} days.")
            }
            QuietPartner { name, absent, since } => {
                format!("{name} has not been at the last {absent} check-ins, since {}.", long_day(*since))
            }
            MilestoneUnthanked { milestone, met_on } => format!(
                "Milestone {} was met on {} and nobody has said thank you yet.",
                quote(milestone),
                long_day(*met_on)
            ),
            OnTimeStreak { by, count } => format!("{by} has kept its last {count} commitments on time."),
            AgreementLapsed { agreement, days_ago, ended_on } => format!(
                "The agreement “{agreement}” ended {days_ago} days ago ({ended_on}) but is still marked in force: the partners work without a current agreement."
            ),
            AgreementEnding { agreement, days_left, ends_on } => {
                let when = match days_left {
                    0 => "today".to_owned(),
                    1 => "tomorrow".to_owned(),
                    d => format!("in {d} days"),
                };
                format!("The agreement “{agreement}” ends {when} ({ends_on}): time to decide on renewal.")
            }
        }
    }

    /// One sentence in English: what partners can do about it.
    pub fn suggested_action(&self) -> String {
        use WarningFacts::*;
        match self {
            MissedRecently { .. } | OneOverdue { .. } | SeveralMissed { .. } => {
                "Schedule a short check-in to revisit roles and deadlines, and renegotiate openly any date that can no longer be met rather than letting it lapse.".to_owned()
            }
            NoCheckInSince { .. } | NoCheckInYet { .. } => {
                "Put the next check-in in the calendar now: a short, regular conversation keeps everyone informed and catches problems while they are small.".to_owned()
            }
            PerceivedTrustFell { .. } => {
                "Open the next check-in with a candid conversation about what is and is not working, listen before proposing fixes, and agree one concrete change together.".to_owned()
            }
            ReliabilityFell { .. } => {
                "Review open commitments together: renegotiate before the due date any that cannot be met, and share difficult news early rather than late.".to_owned()
            }
            GoalNearDue { .. } | GoalPastDue { .. } | GoalBehind { .. } | GoalMarked { .. } => {
                "Revisit this goal together at the next check-in: confirm its milestones and who owns each, and agree whether the plan or the target needs to change.".to_owned()
            }
            ConcernWaiting { .. } => {
                "Acknowledge the concern now, even briefly, and agree when to talk it through; if the conversation is stuck, name a neutral mediator.".to_owned()
            }
            KeptMostCommitments { .. } | MadeMostContributions { .. } => {
                "Talk openly about how the work is shared: recognise what each partner brings, and agree roles so that every member carries a fair part.".to_owned()
            }
            QuietPartner { name, .. } => format!(
                "Reach out to {name} personally to ask how the partnership is working for them, and invite them to help shape the next check-in's agenda."
            ),
            MilestoneUnthanked { .. } => {
                "Send kudos to the people behind this milestone and share the news with the whole partnership: small wins celebrated together build trust.".to_owned()
            }
            OnTimeStreak { by, .. } => format!(
                "Send kudos to {by} for keeping its word, and tell them what their follow-through made possible."
            ),
            AgreementLapsed { .. } | AgreementEnding { .. } => AGREEMENT_NEXT_STEP.to_owned(),
        }
    }
}

/// A title cut short when long: at most 80 characters, an ellipsis ending a cut one.
pub fn cut(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(79).collect::<String>())
    } else {
        text.to_owned()
    }
}

/// A title in quotation marks (already cut short by [`cut`]).
fn quote(text: &str) -> String {
    format!("“{text}”")
}

fn trim(x: f64) -> String {
    if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x}") }
}

/// A day as people write it in sentences: "9 June 2026".
fn long_day(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}
