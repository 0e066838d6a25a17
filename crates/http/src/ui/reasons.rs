//! The trust engine's reasons in the page's language: why a warning was raised and what to do
//! about it, and what a health component rests on. The core gives the facts
//! (`WarningFacts`, `HealthBasis`) and writes its English sentences for the API from them; pages
//! write theirs here, from `trust.ftl`. In English both read the same (the tests below).

use rapport_core::kinds::{Cadence, Confidence, HealthComponentKind};
use rapport_core::trust::{HealthBasis, Span, WarningFacts};

use super::words;
use crate::i18n::Tr;

fn days(tr: &Tr, n: i64) -> String {
    tr.n("span-days", n)
}

/// A cadence as an adjective in a sentence: "monthly", "mensual".
fn cadence(tr: &Tr, c: Cadence) -> String {
    words::cadence(tr, c).to_lowercase()
}

fn confidence(tr: &Tr, c: Confidence) -> String {
    words::confidence(tr, c).to_lowercase()
}

/// 5.0 → "5", 5.92 → "5.9": whole numbers without a decimal point, as the core writes them.
fn trim_number(tr: &Tr, x: f64) -> String {
    if (x - x.round()).abs() < 0.05 { format!("{}", x.round()) } else { tr.fixed(x, 1) }
}

/// A factor as written in the settings: 1.5, 2.
fn factor(tr: &Tr, x: f64) -> String {
    if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x}").replace('.', &tr.t("number-decimal-separator")) }
}

/// Why a warning was raised, in one sentence.
pub fn explanation(tr: &Tr, facts: &WarningFacts) -> String {
    use WarningFacts::*;
    let pct = |x: f64| tr.percent_whole(x);
    match facts {
        MissedRecently { recent, window_days, oldest_by, oldest_days } => tr.na(
            "warning-missed-recently",
            recent,
            [("window", days(tr, *window_days)), ("by", oldest_by.clone()), ("overdue", days(tr, *oldest_days))],
        ),
        OneOverdue { by, days: d } => tr.a("warning-one-overdue", [("by", by.clone()), ("overdue", days(tr, *d))]),
        SeveralMissed { missed, oldest_by, oldest_days } => {
            tr.na("warning-several-missed", missed, [("by", oldest_by.clone()), ("overdue", days(tr, *oldest_days))])
        }
        NoCheckInSince { gap, last_on, factor: f, cadence: c } => tr.a(
            "warning-no-checkin-since",
            [
                ("gap", days(tr, *gap)),
                ("last", tr.long_day(*last_on)),
                ("factor", factor(tr, *f)),
                ("cadence", cadence(tr, *c)),
            ],
        ),
        NoCheckInYet { gap, cadence: c } => {
            tr.a("warning-no-checkin-yet", [("gap", days(tr, *gap)), ("cadence", cadence(tr, *c))])
        }
        PerceivedTrustFell { before, after, previous_closed_on, latest_closed_on } => tr.a(
            "warning-trust-fell",
            [
                ("before", pct(*before)),
                ("after", pct(*after)),
                ("previous_iso", previous_closed_on.to_string()),
                ("latest_iso", latest_closed_on.to_string()),
                ("previous", tr.long_day(*previous_closed_on)),
                ("latest", tr.long_day(*latest_closed_on)),
            ],
        ),
        ReliabilityFell { before, after, days: d } => {
            tr.a("warning-reliability-fell", [("before", pct(*before)), ("after", pct(*after)), ("span", days(tr, *d))])
        }
        GoalNearDue { goal, confidence: c, days_left } => tr.a(
            "warning-goal-near-due",
            [("goal", goal.clone()), ("confidence", confidence(tr, *c)), ("left", days(tr, *days_left))],
        ),
        GoalPastDue { goal, confidence: c, days_past } => tr.a(
            "warning-goal-past-due",
            [("goal", goal.clone()), ("confidence", confidence(tr, *c)), ("past", days(tr, *days_past))],
        ),
        GoalBehind { goal, progress, elapsed } => tr.a(
            "warning-goal-behind",
            [("goal", goal.clone()), ("progress", pct(*progress)), ("elapsed", pct(*elapsed))],
        ),
        GoalMarked { goal, confidence: c } => {
            tr.a("warning-goal-marked", [("goal", goal.clone()), ("confidence", confidence(tr, *c))])
        }
        ConcernWaiting { raised_on, waited, deadline } => tr.a(
            "warning-concern-waiting",
            [("raised", tr.long_day(*raised_on)), ("waited", days(tr, *waited)), ("deadline", tr.long_day(*deadline))],
        ),
        KeptMostCommitments { by, mine, kept, days: d, share } => tr.na(
            "warning-kept-most",
            kept,
            [("by", by.clone()), ("mine", mine.to_string()), ("span", days(tr, *d)), ("share", pct(*share))],
        ),
        MadeMostContributions { by, share, days: d } => {
            tr.a("warning-made-most", [("by", by.clone()), ("share", pct(*share)), ("span", days(tr, *d))])
        }
        QuietPartner { name, absent, since } => {
            tr.na("warning-quiet-partner", absent, [("name", name.clone()), ("since", tr.long_day(*since))])
        }
        MilestoneUnthanked { milestone, met_on } => {
            tr.a("warning-milestone-unthanked", [("milestone", milestone.clone()), ("met", tr.long_day(*met_on))])
        }
        OnTimeStreak { by, count } => tr.na("warning-on-time-streak", count, [("by", by.clone())]),
        AgreementLapsed { agreement, days_ago, ended_on } => tr.a(
            "warning-agreement-lapsed",
            [
                ("agreement", agreement.clone()),
                ("ago", days(tr, *days_ago)),
                ("ended_iso", ended_on.to_string()),
                ("ended", tr.long_day(*ended_on)),
            ],
        ),
        AgreementEnding { agreement, days_left, ends_on } => {
            let when = match days_left {
                0 => tr.t("when-today"),
                1 => tr.t("when-tomorrow"),
                d => tr.a("when-in", [("span", days(tr, *d))]),
            };
            tr.a(
                "warning-agreement-ending",
                [
                    ("agreement", agreement.clone()),
                    ("when", when),
                    ("ends_iso", ends_on.to_string()),
                    ("ends", tr.long_day(*ends_on)),
                ],
            )
        }
    }
}

/// What partners can do about a warning, in one sentence.
pub fn action(tr: &Tr, facts: &WarningFacts) -> String {
    use WarningFacts::*;
    match facts {
        MissedRecently { .. } | OneOverdue { .. } | SeveralMissed { .. } => tr.t("action-commitments"),
        NoCheckInSince { .. } | NoCheckInYet { .. } => tr.t("action-cadence"),
        PerceivedTrustFell { .. } => tr.t("action-trust-fell"),
        ReliabilityFell { .. } => tr.t("action-reliability-fell"),
        GoalNearDue { .. } | GoalPastDue { .. } | GoalBehind { .. } | GoalMarked { .. } => tr.t("action-goal"),
        ConcernWaiting { .. } => tr.t("action-concern"),
        KeptMostCommitments { .. } | MadeMostContributions { .. } => tr.t("action-one-sided"),
        QuietPartner { name, .. } => tr.a("action-quiet-partner", [("name", name.clone())]),
        MilestoneUnthanked { .. } => tr.t("action-milestone"),
        OnTimeStreak { by, .. } => tr.a("action-streak", [("by", by.clone())]),
        AgreementLapsed { .. } | AgreementEnding { .. } => tr.t("action-agreement"),
    }
}

pub fn component(tr: &Tr, kind: HealthComponentKind) -> String {
    match kind {
        HealthComponentKind::Reliability => tr.t("health-component-reliability"),
        HealthComponentKind::PerceivedTrust => tr.t("health-component-perceived-trust"),
        HealthComponentKind::Cadence => tr.t("health-component-cadence"),
        HealthComponentKind::Goals => tr.t("health-component-goals"),
        HealthComponentKind::Concerns => tr.t("health-component-concerns"),
    }
}

fn window(tr: &Tr, span: Span) -> String {
    match span {
        Span::Last { days: d } => tr.a("health-window-last", [("span", days(tr, d))]),
        Span::SinceStart { age } => tr.a("health-window-since", [("span", days(tr, age))]),
    }
}

/// What a health component's value rests on.
pub fn basis(tr: &Tr, facts: &HealthBasis) -> String {
    let pct = |x: f64| tr.percent_whole(x);
    match facts {
        HealthBasis::Reliability { expected, level, low, high, outcomes } => tr.a(
            "health-reliability",
            [
                ("expected", pct(*expected)),
                ("level", pct(*level)),
                ("low", tr.number(*low, 0)),
                ("high", pct(*high)),
                ("outcomes", tr.n("health-outcomes", outcomes)),
            ],
        ),
        HealthBasis::TooLittleEvidence { outcomes, weight, needed } => tr.a(
            "health-too-little-evidence",
            [
                ("outcomes", tr.n("health-outcomes", outcomes)),
                ("weight", tr.fixed(*weight, 1)),
                ("needed", trim_number(tr, *needed)),
            ],
        ),
        HealthBasis::NoSurveyClosed => tr.t("health-no-survey"),
        HealthBasis::SurveyTrust { percent, closed_on } => tr.a(
            "health-survey-trust",
            [("percent", pct(*percent)), ("closed", closed_on.to_string()), ("closed_day", tr.long_day(*closed_on))],
        ),
        HealthBasis::SurveyTooFew { closed_on } => {
            tr.a("health-survey-too-few", [("closed", closed_on.to_string()), ("closed_day", tr.long_day(*closed_on))])
        }
        HealthBasis::CadenceTooEarly { cadence: c, days: d } => {
            tr.a("health-cadence-too-early", [("cadence", cadence(tr, *c)), ("days", trim_number(tr, *d))])
        }
        HealthBasis::CheckInsHeld { held, expected, window: w, cadence: c } => tr.a(
            "health-checkins-held",
            [
                ("held", held.to_string()),
                ("expected", trim_number(tr, *expected)),
                ("window", window(tr, *w)),
                ("cadence", cadence(tr, *c)),
            ],
        ),
        HealthBasis::Goals { milestones, confidence, window: w } => {
            let w = window(tr, *w);
            let milestone_words = |(on_time, due): (usize, usize)| {
                tr.a(
                    "health-goals-milestones",
                    [("on_time", on_time.to_string()), ("due", tr.n("health-milestones", due)), ("window", w.clone())],
                )
            };
            match (milestones, confidence) {
                (Some(m), Some((mean, goals))) => tr.a(
                    "health-goals-both",
                    [
                        ("milestones", milestone_words(*m)),
                        ("mean", pct(*mean)),
                        ("goals", tr.n("health-open-goals", goals)),
                    ],
                ),
                (Some(m), None) => tr.a("health-goals-milestones-only", [("milestones", milestone_words(*m))]),
                (None, Some((mean, goals))) => tr.a(
                    "health-goals-confidence-only",
                    [("mean", pct(*mean)), ("goals", tr.n("health-open-goals", goals)), ("window", w.clone())],
                ),
                (None, None) => tr.a("health-goals-none", [("window", w.clone())]),
            }
        }
        HealthBasis::TooYoungForConcerns { min_age, age } => {
            tr.a("health-concerns-too-young", [("min", min_age.to_string()), ("age", days(tr, *age))])
        }
        HealthBasis::ConcernsPastDeadline { count } => tr.n("health-concerns-past", count),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, d).unwrap()
    }

    fn es() -> Tr {
        Tr::of("es").unwrap()
    }

    /// Every reason, with numbers a rule gives (more than one of each thing counted).
    fn every_reason() -> Vec<WarningFacts> {
        use WarningFacts::*;
        let goal = "Raise attendance at family nights".to_owned();
        vec![
            MissedRecently { recent: 3, window_days: 30, oldest_by: "Harbor Library".into(), oldest_days: 15 },
            OneOverdue { by: "Harbor Library".into(), days: 15 },
            SeveralMissed { missed: 2, oldest_by: "Harbor Library".into(), oldest_days: 9 },
            NoCheckInSince { gap: 65, last_on: day(9), factor: 1.5, cadence: Cadence::Monthly },
            NoCheckInSince { gap: 65, last_on: day(9), factor: 2.0, cadence: Cadence::Weekly },
            NoCheckInYet { gap: 61, cadence: Cadence::Fortnightly },
            PerceivedTrustFell { before: 80.4, after: 61.5, previous_closed_on: day(1), latest_closed_on: day(20) },
            ReliabilityFell { before: 90.0, after: 70.0, days: 90 },
            GoalNearDue { goal: goal.clone(), confidence: Confidence::AtRisk, days_left: 29 },
            GoalPastDue { goal: goal.clone(), confidence: Confidence::OffTrack, days_past: 10 },
            GoalBehind { goal: goal.clone(), progress: 20.0, elapsed: 61.2 },
            GoalMarked { goal, confidence: Confidence::AtRisk },
            ConcernWaiting { raised_on: day(1), waited: 12, deadline: day(8) },
            KeptMostCommitments { by: "Lincoln Elementary".into(), mine: 8, kept: 11, days: 180, share: 72.7 },
            MadeMostContributions { by: "Harbor Library".into(), share: 71.0, days: 180 },
            QuietPartner { name: "Harbor Library".into(), absent: 3, since: day(30) },
            MilestoneUnthanked { milestone: "First reading night held".into(), met_on: day(2) },
            OnTimeStreak { by: "Harbor Library".into(), count: 5 },
            AgreementLapsed { agreement: "Data sharing".into(), days_ago: 4, ended_on: day(3) },
            AgreementEnding { agreement: "Data sharing".into(), days_left: 0, ends_on: day(7) },
            AgreementEnding { agreement: "Data sharing".into(), days_left: 1, ends_on: day(8) },
            AgreementEnding { agreement: "Data sharing".into(), days_left: 12, ends_on: day(19) },
        ]
    }

    fn every_basis() -> Vec<HealthBasis> {
        use HealthBasis::*;
        let last = Span::Last { days: 180 };
        let young = Span::SinceStart { age: 40 };
        vec![
            Reliability { expected: 82.3, level: 90.0, low: 61.2, high: 95.5, outcomes: 12 },
            Reliability { expected: 82.3, level: 90.0, low: 61.2, high: 95.5, outcomes: 1 },
            TooLittleEvidence { outcomes: 2, weight: 2.0, needed: 3.0 },
            TooLittleEvidence { outcomes: 1, weight: 0.93, needed: 2.5 },
            NoSurveyClosed,
            SurveyTrust { percent: 71.6, closed_on: day(20) },
            SurveyTooFew { closed_on: day(20) },
            CadenceTooEarly { cadence: Cadence::Monthly, days: 30.4 },
            CheckInsHeld { held: 10, expected: 180.0 / 7.0, window: last, cadence: Cadence::Weekly },
            CheckInsHeld { held: 1, expected: 1.3, window: young, cadence: Cadence::Monthly },
            Goals { milestones: Some((2, 3)), confidence: Some((62.5, 2)), window: last },
            Goals { milestones: Some((1, 1)), confidence: None, window: young },
            Goals { milestones: None, confidence: Some((50.0, 1)), window: last },
            Goals { milestones: None, confidence: None, window: young },
            TooYoungForConcerns { min_age: 30, age: 10 },
            ConcernsPastDeadline { count: 0 },
            ConcernsPastDeadline { count: 1 },
            ConcernsPastDeadline { count: 3 },
        ]
    }

    #[test]
    fn in_english_the_pages_say_what_the_api_says() {
        let en = Tr::english();
        for facts in every_reason() {
            assert_eq!(explanation(&en, &facts), facts.explanation(), "{facts:?}");
            assert_eq!(action(&en, &facts), facts.suggested_action(), "{facts:?}");
        }
        for facts in every_basis() {
            assert_eq!(basis(&en, &facts), facts.english(), "{facts:?}");
        }
        for kind in HealthComponentKind::ALL {
            assert_eq!(component(&en, *kind), kind.label());
        }
    }

    #[test]
    fn in_spanish_the_reasons_keep_their_facts() {
        let es = es();
        let all: Vec<String> = every_reason()
            .iter()
            .flat_map(|f| [explanation(&es, f), action(&es, f)])
            .chain(every_basis().iter().map(|b| basis(&es, b)))
            .collect();
        for facts in every_reason() {
            assert_ne!(explanation(&es, &facts), facts.explanation(), "{facts:?}");
        }
        let said = |what: &str| all.iter().any(|s| s.contains(what));
        for spanish in [
            "lleva 15 días de retraso",
            "9 de junio de 2026",
            "1,5 veces el ritmo mensual",
            "bajó del 80\u{a0}% al 62\u{a0}%",
            "«Raise attendance at family nights» está marcada como en riesgo",
            "Contacte personalmente con Harbor Library",
            "termina hoy",
            "termina mañana",
            "termina dentro de 12 días",
            "10 de 25,7 reuniones de seguimiento esperadas",
            "desde que la alianza empezó hace 40 días",
            "con un peso de 0,9 de los 2,5 necesarios",
            "Ninguna inquietud abierta",
            "1 resultado de compromiso",
        ] {
            assert!(said(spanish), "no reason says {spanish:?}: {all:#?}");
        }
    }
}
