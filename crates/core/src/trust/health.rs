//! The partnership health index (SPEC 3.3): a weighted mean of the components that have enough
//! data, each shown with its value, weight and the sentence that says what it rests on.

use chrono::NaiveDate;
use serde::Serialize;

use super::settings::TrustSettings;
use super::snapshot::{PartnershipSnapshot, evidence_of};
use super::{add_days, days_between};
use crate::kinds::{Cadence, HealthComponentKind};

/// A partnership's health on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub as_of: NaiveDate,
    /// First day of the look-back window.
    pub window_start: NaiveDate,
    /// 0–100; `None` means "not enough data": fewer than two components have data.
    pub index: Option<f64>,
    pub components: Vec<HealthComponent>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthComponent {
    pub kind: HealthComponentKind,
    /// 0–100; `None` while the component lacks data and so does not count.
    pub value: Option<f64>,
    /// The weight the workspace gives it.
    pub weight: f64,
    /// Its share of the index once weights are renormalised over the components with data
    /// (0–1); `None` when it does not count.
    pub share: Option<f64>,
    /// What the value rests on, in words, e.g. "7 of 8 expected check-ins held in the last 180 days".
    pub basis: String,
    /// The facts `basis` is written from, for pages to word in the reader's language. Not sent.
    #[serde(skip)]
    pub facts: HealthBasis,
}

/// What a health component's value rests on, as facts. Percentages are 0–100.
#[derive(Debug, Clone, PartialEq)]
pub enum HealthBasis {
    /// Expected reliability with its credible range (`level`), from `outcomes` outcomes.
    Reliability {
        expected: f64,
        level: f64,
        low: f64,
        high: f64,
        outcomes: usize,
    },
    /// `outcomes` outcomes so far, weighing `weight` of the `needed`.
    TooLittleEvidence {
        outcomes: usize,
        weight: f64,
        needed: f64,
    },
    NoSurveyClosed,
    /// Network trust in the latest survey.
    SurveyTrust {
        percent: f64,
        closed_on: NaiveDate,
    },
    /// The latest survey had too few respondents to show.
    SurveyTooFew {
        closed_on: NaiveDate,
    },
    /// The first check-in is expected only after `days`.
    CadenceTooEarly {
        cadence: Cadence,
        days: f64,
    },
    /// `held` of `expected` check-ins held in the window.
    CheckInsHeld {
        held: usize,
        expected: f64,
        window: Span,
        cadence: Cadence,
    },
    /// Milestones met on time and the open goals' mean confidence, where there are any.
    Goals {
        milestones: Option<(usize, usize)>,
        confidence: Option<(f64, usize)>,
        window: Span,
    },
    /// Concerns count once the partnership is `min_age` days old.
    TooYoungForConcerns {
        min_age: i64,
        age: i64,
    },
    /// Open concerns past their acknowledgement deadline.
    ConcernsPastDeadline {
        count: usize,
    },
}

/// The days a component looks back over: the last `days`, or the whole life of a partnership
/// that began `age` days ago.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Span {
    Last { days: i64 },
    SinceStart { age: i64 },
}

impl Span {
    /// "in the last 180 days", "since the partnership began 40 days ago".
    fn english(self) -> String {
        match self {
            Span::Last { days } => format!("in the last {days} days"),
            Span::SinceStart { age } => format!("since the partnership began {}", plural(age, "day ago", "days ago")),
        }
    }
}

impl HealthBasis {
    /// The facts in an English sentence.
    pub fn english(&self) -> String {
        match self {
            HealthBasis::Reliability { expected, level, low, high, outcomes } => format!(
                "Expected reliability {expected:.0}% ({level:.0}% credible range {low:.0}–{high:.0}%) from {}, recent ones weighing most",
                plural(*outcomes as i64, "commitment outcome", "commitment outcomes")
            ),
            HealthBasis::TooLittleEvidence { outcomes, weight, needed } => format!(
                "Not enough evidence yet: {} so far, weighing {weight:.1} of the {} needed",
                plural(*outcomes as i64, "commitment outcome", "commitment outcomes"),
                trim_number(*needed)
            ),
            HealthBasis::NoSurveyClosed => {
                "No pulse survey has closed yet; perceived trust counts once one has".to_owned()
            }
            HealthBasis::SurveyTrust { percent, closed_on } => {
                format!("{percent:.0}% network trust in the survey that closed on {closed_on}")
            }
            HealthBasis::SurveyTooFew { closed_on } => format!(
                "The survey that closed on {closed_on} had too few respondents to show results without risking anyone's anonymity"
            ),
            HealthBasis::CadenceTooEarly { cadence, days } => format!(
                "Too early to tell: a {} cadence expects the first check-in after {} days",
                cadence.label().to_lowercase(),
                trim_number(*days)
            ),
            HealthBasis::CheckInsHeld { held, expected, window, cadence } => format!(
                "{held} of {} expected check-ins held {} ({} cadence)",
                trim_number(*expected),
                window.english(),
                cadence.label().to_lowercase()
            ),
            HealthBasis::Goals { milestones, confidence, window } => {
                let milestone_words = |(on_time, due): (usize, usize)| {
                    format!(
                        "{on_time} of {} due {} met on time",
                        plural(due as i64, "milestone", "milestones"),
                        window.english()
                    )
                };
                let confidence_words = |(mean, goals): (f64, usize)| {
                    format!(
                        "mean confidence {mean:.0}% across {} with a progress update",
                        plural(goals as i64, "open goal", "open goals")
                    )
                };
                match (milestones, confidence) {
                    (Some(m), Some(c)) => format!("{}; {}", milestone_words(*m), confidence_words(*c)),
                    (Some(m), None) => format!("{}; no open goal has a progress update yet", milestone_words(*m)),
                    (None, Some(c)) => {
                        let words = confidence_words(*c);
                        format!(
                            "{}{}; no milestone was due {}",
                            words[..1].to_uppercase(),
                            &words[1..],
                            window.english()
                        )
                    }
                    (None, None) => {
                        format!("No milestone was due {} and no open goal has a progress update yet", window.english())
                    }
                }
            }
            HealthBasis::TooYoungForConcerns { min_age, age } => {
                format!("Counts once the partnership is {min_age} days old; it is {}", plural(*age, "day", "days"))
            }
            HealthBasis::ConcernsPastDeadline { count } => match count {
                0 => "No open concern is past its acknowledgement deadline".to_owned(),
                1 => "1 open concern is past its acknowledgement deadline".to_owned(),
                n => format!("{n} open concerns are past their acknowledgement deadline"),
            },
        }
    }
}

/// The partnership's health at the end of `as_of`.
pub fn health(snapshot: &PartnershipSnapshot, as_of: NaiveDate, settings: &TrustSettings) -> Health {
    let window = Window::new(snapshot, as_of, settings);
    let h = &settings.health;
    let mut components = vec![
        component(HealthComponentKind::Reliability, h.reliability_weight, reliability(snapshot, as_of, settings)),
        component(HealthComponentKind::PerceivedTrust, h.perceived_trust_weight, perceived_trust(snapshot, as_of)),
        component(HealthComponentKind::Cadence, h.cadence_weight, cadence(snapshot, &window)),
        component(HealthComponentKind::Goals, h.goals_weight, goals(snapshot, &window)),
        component(HealthComponentKind::Concerns, h.concerns_weight, concerns(snapshot, &window, settings)),
    ];
    let counted = || components.iter().filter(|c| c.value.is_some() && c.weight > 0.0);
    let total_weight: f64 = counted().map(|c| c.weight).sum();
    let index = if counted().count() >= 2 && total_weight > 0.0 {
        Some(counted().map(|c| c.weight * c.value.unwrap_or(0.0)).sum::<f64>() / total_weight)
    } else {
        None
    };
    if index.is_some() {
        for c in components.iter_mut().filter(|c| c.value.is_some() && c.weight > 0.0) {
            c.share = Some(c.weight / total_weight);
        }
    }
    Health { as_of, window_start: window.start, index, components }
}

fn component(kind: HealthComponentKind, weight: f64, (value, facts): (Option<f64>, HealthBasis)) -> HealthComponent {
    HealthComponent { kind, value, weight, share: None, basis: facts.english(), facts }
}

/// The last `window_days`, or the partnership's whole life while it is younger.
struct Window {
    start: NaiveDate,
    end: NaiveDate,
    days: i64,
    age_days: i64,
    /// "in the last 180 days" or "since the partnership began 40 days ago".
    span: Span,
}

impl Window {
    fn new(snapshot: &PartnershipSnapshot, as_of: NaiveDate, settings: &TrustSettings) -> Window {
        let age_days = days_between(snapshot.created_on, as_of).max(0);
        let days = age_days.min(settings.health.window_days);
        // SPEC 3.3: `(T − 180 days, T]`, exactly 180 days; a younger partnership's whole life,
        // its start date included.
        let (start, span) = if days < settings.health.window_days {
            (add_days(as_of, -days), Span::SinceStart { age: age_days })
        } else {
            (add_days(as_of, 1 - days), Span::Last { days })
        };
        Window { start, end: as_of, days, age_days, span }
    }

    fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
}

fn reliability(
    snapshot: &PartnershipSnapshot,
    as_of: NaiveDate,
    settings: &TrustSettings,
) -> (Option<f64>, HealthBasis) {
    let outcomes = snapshot.outcomes(as_of, settings).len();
    let evidence = evidence_of(&snapshot.commitments, as_of, settings);
    match evidence.reliability(settings).estimate {
        Some(estimate) => (
            Some(100.0 * estimate.expected),
            HealthBasis::Reliability {
                expected: 100.0 * estimate.expected,
                level: 100.0 * estimate.level,
                low: 100.0 * estimate.low,
                high: 100.0 * estimate.high,
                outcomes,
            },
        ),
        None => {
            (None, HealthBasis::TooLittleEvidence { outcomes, weight: evidence.total(), needed: settings.min_evidence })
        }
    }
}

fn perceived_trust(snapshot: &PartnershipSnapshot, as_of: NaiveDate) -> (Option<f64>, HealthBasis) {
    let latest = snapshot.survey_waves.iter().filter(|w| w.closed_on <= as_of).max_by_key(|w| (w.closed_on, w.id));
    match latest {
        None => (None, HealthBasis::NoSurveyClosed),
        Some(wave) => match wave.trust_percent {
            Some(percent) => {
                (Some(percent.clamp(0.0, 100.0)), HealthBasis::SurveyTrust { percent, closed_on: wave.closed_on })
            }
            None => (None, HealthBasis::SurveyTooFew { closed_on: wave.closed_on }),
        },
    }
}

fn cadence(snapshot: &PartnershipSnapshot, window: &Window) -> (Option<f64>, HealthBasis) {
    let cadence_days = snapshot.cadence.days();
    let expected = window.days as f64 / cadence_days;
    let held = snapshot.check_ins.iter().filter(|c| window.contains(c.held_on)).count();
    let cadence = snapshot.cadence;
    if expected < 1.0 {
        return (None, HealthBasis::CadenceTooEarly { cadence, days: cadence_days });
    }
    let value = 100.0 * (held as f64 / expected).min(1.0);
    (Some(value), HealthBasis::CheckInsHeld { held, expected, window: window.span, cadence })
}

fn goals(snapshot: &PartnershipSnapshot, window: &Window) -> (Option<f64>, HealthBasis) {
    let as_of = window.end;
    // A milestone due today that is not met yet still can be: it is judged from tomorrow.
    let due: Vec<_> = snapshot
        .milestones
        .iter()
        .filter(|m| window.contains(m.due_on))
        .filter(|m| m.due_on < as_of || m.met_on.is_some_and(|d| d <= as_of))
        .collect();
    let on_time = due.iter().filter(|m| m.met_on.is_some_and(|d| d <= m.due_on)).count();
    let confidences: Vec<f64> = snapshot
        .goals
        .iter()
        .filter(|g| g.is_open_on(as_of))
        .filter_map(|g| g.latest_update(as_of))
        .map(|u| u.confidence.score())
        .collect();

    let milestone_half = (!due.is_empty()).then(|| on_time as f64 / due.len() as f64);
    let confidence_half = (!confidences.is_empty()).then(|| confidences.iter().sum::<f64>() / confidences.len() as f64);
    let facts = HealthBasis::Goals {
        milestones: milestone_half.map(|_| (on_time, due.len())),
        confidence: confidence_half.map(|c| (100.0 * c, confidences.len())),
        window: window.span,
    };
    let value = match (milestone_half, confidence_half) {
        (Some(m), Some(c)) => Some(100.0 * (0.5 * m + 0.5 * c)),
        (Some(m), None) => Some(100.0 * m),
        (None, Some(c)) => Some(100.0 * c),
        (None, None) => None,
    };
    (value, facts)
}

fn concerns(snapshot: &PartnershipSnapshot, window: &Window, settings: &TrustSettings) -> (Option<f64>, HealthBasis) {
    let min_age = settings.health.concerns_min_age_days;
    if window.age_days < min_age {
        return (None, HealthBasis::TooYoungForConcerns { min_age, age: window.age_days });
    }
    let unanswered = snapshot.unanswered_concerns(window.end, settings).len();
    let value = (100.0 - settings.health.concern_penalty * unanswered as f64).max(0.0);
    (Some(value), HealthBasis::ConcernsPastDeadline { count: unanswered })
}

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// 5.0 → "5", 5.92 → "5.9": whole numbers without a decimal point.
fn trim_number(x: f64) -> String {
    if (x - x.round()).abs() < 0.05 { format!("{}", x.round()) } else { format!("{x:.1}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::{Cadence, Confidence};
    use crate::trust::reliability::CommitmentHistory;
    use crate::trust::snapshot::*;
    use chrono::TimeDelta;
    use uuid::Uuid;

    fn start() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
    }

    fn at(d: i64) -> NaiveDate {
        start() + TimeDelta::days(d)
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn snapshot(cadence: Cadence) -> PartnershipSnapshot {
        PartnershipSnapshot::new(id(1), start(), cadence)
    }

    fn check_in(n: u128, day: i64) -> CheckInFact {
        CheckInFact { id: id(n), held_on: at(day), attendee_organization_ids: vec![] }
    }

    fn commitment(n: u128, due: i64, done: Option<i64>) -> CommitmentHistory {
        CommitmentHistory {
            id: id(n),
            partnership_id: id(1),
            promisor: id(100),
            promisee: None,
            first_due_on: at(due),
            renegotiations: vec![],
            done_on: done.map(at),
            cancelled_on: None,
        }
    }

    fn get(health: &Health, kind: HealthComponentKind) -> &HealthComponent {
        health.components.iter().find(|c| c.kind == kind).unwrap()
    }

    #[test]
    fn an_empty_young_partnership_has_not_enough_data() {
        let h = health(&snapshot(Cadence::Monthly), at(10), &TrustSettings::default());
        assert_eq!(h.index, None);
        assert_eq!(h.components.len(), 5);
        assert!(h.components.iter().all(|c| c.value.is_none() && c.share.is_none()));
        assert_eq!(
            get(&h, HealthComponentKind::Concerns).basis,
            "Counts once the partnership is 30 days old; it is 10 days"
        );
        assert!(get(&h, HealthComponentKind::PerceivedTrust).basis.starts_with("No pulse survey has closed yet"));
    }

    #[test]
    fn one_component_alone_is_still_not_enough_data() {
        // 40 days old: only the concerns component has data (monthly cadence: 40/30.4 ≥ 1 would
        // count too, so use quarterly).
        let h = health(&snapshot(Cadence::Quarterly), at(40), &TrustSettings::default());
        assert_eq!(get(&h, HealthComponentKind::Concerns).value, Some(100.0));
        assert_eq!(h.index, None);
    }

    #[test]
    fn cadence_counts_held_against_expected_within_the_window() {
        let mut s = snapshot(Cadence::Weekly);
        // 300 days old: the window is the last 180 days, which expect 180/7 ≈ 25.7 check-ins.
        for n in 0..10 {
            s.check_ins.push(check_in(n, 130 + 7 * n as i64));
        }
        s.check_ins.push(check_in(99, 50)); // outside the window
        let h = health(&s, at(300), &TrustSettings::default());
        let c = get(&h, HealthComponentKind::Cadence);
        assert!((c.value.unwrap() - 100.0 * 10.0 / (180.0 / 7.0)).abs() < 1e-9);
        assert_eq!(c.basis, "10 of 25.7 expected check-ins held in the last 180 days (weekly cadence)");
    }

    #[test]
    fn cadence_has_data_once_one_check_in_is_expected_and_caps_at_100() {
        let mut s = snapshot(Cadence::Fortnightly);
        s.check_ins.push(check_in(1, 3));
        s.check_ins.push(check_in(2, 10));
        let settings = TrustSettings::default();
        assert_eq!(get(&health(&s, at(13), &settings), HealthComponentKind::Cadence).value, None);
        let at_14 = health(&s, at(14), &settings);
        let c = get(&at_14, HealthComponentKind::Cadence);
        assert_eq!(c.value, Some(100.0));
        assert_eq!(
            c.basis,
            "2 of 1 expected check-ins held since the partnership began 14 days ago (fortnightly cadence)"
        );
    }

    #[test]
    fn goals_average_milestones_on_time_and_confidence() {
        let mut s = snapshot(Cadence::Monthly);
        let goal = id(10);
        let milestone = |n, due, met: Option<i64>| MilestoneFact {
            id: id(n),
            goal_id: goal,
            title: "Launch".into(),
            due_on: at(due),
            met_on: met.map(at),
        };
        s.milestones = vec![
            milestone(20, 50, Some(49)),
            milestone(21, 60, Some(65)),
            milestone(22, 70, None),
            milestone(23, 100, None),
        ];
        let open = |n, confidence| GoalFact {
            id: id(n),
            statement: "Raise attendance".into(),
            started_on: at(0),
            due_on: Some(at(300)),
            closed_on: None,
            updates: vec![GoalProgress { on: at(80), confidence, progress_percent: None }],
        };
        s.goals = vec![open(10, Confidence::OnTrack), open(11, Confidence::AtRisk)];
        // As of day 100: milestones due 50, 60, 70 count (1 of 3 on time); the one due today
        // does not yet. Confidence (1 + 0.5) / 2.
        let h = health(&s, at(100), &TrustSettings::default());
        let g = get(&h, HealthComponentKind::Goals);
        assert!((g.value.unwrap() - 100.0 * (0.5 / 3.0 + 0.5 * 0.75)).abs() < 1e-9);
        assert_eq!(
            g.basis,
            "1 of 3 milestones due since the partnership began 100 days ago met on time; mean confidence 75% across 2 open goals with a progress update"
        );
        // Before any update only the milestone half counts.
        let early = health(&s, at(75), &TrustSettings::default());
        assert!((get(&early, HealthComponentKind::Goals).value.unwrap() - 100.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn goals_with_confidence_only() {
        let mut s = snapshot(Cadence::Monthly);
        s.goals.push(GoalFact {
            id: id(10),
            statement: "Raise attendance".into(),
            started_on: at(0),
            due_on: None,
            closed_on: None,
            updates: vec![GoalProgress { on: at(5), confidence: Confidence::OffTrack, progress_percent: None }],
        });
        let h = health(&s, at(10), &TrustSettings::default());
        let g = get(&h, HealthComponentKind::Goals);
        assert_eq!(g.value, Some(0.0));
        assert_eq!(
            g.basis,
            "Mean confidence 0% across 1 open goal with a progress update; no milestone was due since the partnership began 10 days ago"
        );
    }

    #[test]
    fn concerns_lose_25_points_each_past_the_deadline() {
        let mut s = snapshot(Cadence::Quarterly);
        let concern = |n, raised: i64, acknowledged: Option<i64>| ConcernFact {
            id: id(n),
            raised_on: at(raised),
            acknowledge_by: None,
            acknowledged_on: acknowledged.map(at),
            resolved_on: None,
            private: false,
        };
        // As of day 60: raised on 52 → deadline 59, past; raised on 53 → deadline 60, not yet;
        // acknowledged ones never count.
        s.concerns = vec![concern(1, 10, None), concern(2, 52, None), concern(3, 53, None), concern(4, 10, Some(12))];
        let h = health(&s, at(60), &TrustSettings::default());
        let c = get(&h, HealthComponentKind::Concerns);
        assert_eq!(c.value, Some(50.0));
        assert_eq!(c.basis, "2 open concerns are past their acknowledgement deadline");
        s.concerns = (0..5).map(|n| concern(n, 0, None)).collect();
        assert_eq!(get(&health(&s, at(60), &TrustSettings::default()), HealthComponentKind::Concerns).value, Some(0.0));
    }

    #[test]
    fn reliability_counts_from_three_outcomes_of_evidence() {
        let mut s = snapshot(Cadence::Quarterly);
        let settings = TrustSettings::default();
        s.commitments = vec![commitment(1, 31, Some(31)), commitment(2, 31, Some(31))];
        let h = health(&s, at(31), &settings);
        let r = get(&h, HealthComponentKind::Reliability);
        assert_eq!(r.value, None);
        assert!(
            r.basis.starts_with("Not enough evidence yet: 2 commitment outcomes so far, weighing 2.0 of the 3 needed"),
            "{}",
            r.basis
        );
        s.commitments.push(commitment(3, 31, Some(31)));
        let h = health(&s, at(31), &settings);
        let r = get(&h, HealthComponentKind::Reliability);
        let evidence = evidence_of(&s.commitments, at(31), &settings);
        assert!((r.value.unwrap() - 100.0 * evidence.expected()).abs() < 1e-9);
        assert!(r.basis.starts_with("Expected reliability 80% (90% credible range"), "{}", r.basis);
    }

    #[test]
    fn perceived_trust_is_absent_until_a_survey_closes_and_while_anonymity_hides_it() {
        let mut s = snapshot(Cadence::Monthly);
        s.survey_waves.push(SurveyWaveFact { id: id(1), closed_on: at(20), trust_percent: Some(72.0) });
        s.survey_waves.push(SurveyWaveFact { id: id(2), closed_on: at(50), trust_percent: None });
        let settings = TrustSettings::default();
        let shown = health(&s, at(30), &settings);
        let p = get(&shown, HealthComponentKind::PerceivedTrust);
        assert_eq!(p.value, Some(72.0));
        assert_eq!(p.basis, "72% network trust in the survey that closed on 2025-01-21");
        let hidden = health(&s, at(60), &settings);
        assert_eq!(get(&hidden, HealthComponentKind::PerceivedTrust).value, None);
        assert!(get(&hidden, HealthComponentKind::PerceivedTrust).basis.contains("anonymity"));
    }

    #[test]
    fn the_index_renormalises_weights_over_components_with_data() {
        let mut s = snapshot(Cadence::Monthly);
        // 61 days old: concerns 100 (weight 10); cadence 1 held of 61/30.4 expected (weight 15).
        s.check_ins.push(check_in(1, 20));
        let settings = TrustSettings::default();
        let h = health(&s, at(61), &settings);
        let cadence = 100.0 * 30.4 / 61.0;
        let expected = (10.0 * 100.0 + 15.0 * cadence) / 25.0;
        assert!((h.index.unwrap() - expected).abs() < 1e-9);
        assert_eq!(get(&h, HealthComponentKind::Concerns).share, Some(0.4));
        assert_eq!(get(&h, HealthComponentKind::Cadence).share, Some(0.6));
        assert_eq!(get(&h, HealthComponentKind::Goals).share, None);
    }

    #[test]
    fn the_window_is_180_days_or_the_age() {
        let s = snapshot(Cadence::Monthly);
        assert_eq!(health(&s, at(40), &TrustSettings::default()).window_start, at(0));
        assert_eq!(health(&s, at(400), &TrustSettings::default()).window_start, at(221));
    }

    #[test]
    fn the_window_holds_exactly_180_days() {
        let mut s = snapshot(Cadence::Weekly);
        s.check_ins = vec![check_in(1, 220), check_in(2, 221), check_in(3, 400)];
        let c = get(&health(&s, at(400), &TrustSettings::default()), HealthComponentKind::Cadence).clone();
        assert!(c.basis.starts_with("2 of 25.7 expected"), "{}", c.basis);
    }

    #[test]
    fn a_full_partnership_scores_a_weighted_mean_of_all_five() {
        let mut s = snapshot(Cadence::Quarterly);
        s.commitments = (0..6).map(|n| commitment(n, 100 + n as i64, Some(100))).collect();
        s.check_ins = vec![check_in(1, 100), check_in(2, 190)];
        s.survey_waves.push(SurveyWaveFact { id: id(1), closed_on: at(150), trust_percent: Some(80.0) });
        s.goals.push(GoalFact {
            id: id(10),
            statement: "Raise attendance".into(),
            started_on: at(0),
            due_on: None,
            closed_on: None,
            updates: vec![GoalProgress { on: at(150), confidence: Confidence::OnTrack, progress_percent: None }],
        });
        let settings = TrustSettings::default();
        let h = health(&s, at(200), &settings);
        let parts: Vec<f64> = h.components.iter().map(|c| c.value.unwrap()).collect();
        let weights = [30.0, 25.0, 15.0, 20.0, 10.0];
        let expected = parts.iter().zip(weights).map(|(v, w)| v * w).sum::<f64>() / 100.0;
        assert!((h.index.unwrap() - expected).abs() < 1e-9);
        assert!((h.components.iter().filter_map(|c| c.share).sum::<f64>() - 1.0).abs() < 1e-12);
    }
}
