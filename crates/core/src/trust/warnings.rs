//! Early warnings (SPEC 3.4): what needs attention in a partnership, why, which records show it,
//! and what to do about it, in Rapport's words drawn from the practices partners told us about
//! (regular check-ins, renegotiating early, candid conversation, neutral mediation, thanks).
//!
//! Severity: a rule's threshold raises a `warning` (`info` for a quiet partner); reaching twice
//! the threshold makes it `critical` (`warning` for a quiet partner). Wins are `positive`.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::reliability::{CommitmentHistory, Outcome};
use super::settings::TrustSettings;
use super::snapshot::{PartnershipSnapshot, evidence_of};
use super::{add_days, days_between};
use crate::kinds::{Confidence, OutcomeKind, RecordKind, Severity, WarningKind};

/// Points either side of a threshold that floating-point arithmetic cannot tell apart.
const EPSILON: f64 = 1e-9;

/// A link to the record a score or warning rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordRef {
    pub kind: RecordKind,
    pub id: Uuid,
}

impl RecordRef {
    fn new(kind: RecordKind, id: Uuid) -> RecordRef {
        RecordRef { kind, id }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Warning {
    pub kind: WarningKind,
    pub severity: Severity,
    /// The member organisation it is about, when it is about one.
    pub organization_id: Option<Uuid>,
    /// The records behind it.
    pub records: Vec<RecordRef>,
    /// One sentence: what Rapport noticed.
    pub explanation: String,
    /// One sentence: what partners can do about it.
    pub suggested_action: String,
    /// It rests on a private concern: show it only to coordinators and the concern's mediator.
    pub restricted: bool,
    /// The reason and its facts, which the two sentences are written from; pages word them in
    /// the reader's language. Not sent: the API keeps its sentences. `None` for a warning stored
    /// before facts were kept and not raised again since.
    #[serde(skip)]
    pub facts: Option<WarningFacts>,
}

impl Warning {
    fn new(kind: WarningKind, severity: Severity, records: Vec<RecordRef>, facts: WarningFacts) -> Warning {
        Warning {
            kind,
            severity,
            organization_id: None,
            records,
            explanation: facts.explanation(),
            suggested_action: facts.suggested_action(),
            restricted: false,
            facts: Some(facts),
        }
    }

    fn about(mut self, organization_id: Uuid) -> Warning {
        self.organization_id = Some(organization_id);
        self
    }
}

/// Every early warning for the partnership at the end of `as_of`, most urgent first, good news
/// last.
pub fn warnings(snapshot: &PartnershipSnapshot, as_of: NaiveDate, settings: &TrustSettings) -> Vec<Warning> {
    let mut found = Vec::new();
    found.extend(commitments_overdue(snapshot, as_of, settings));
    found.extend(cadence_slipping(snapshot, as_of, settings));
    found.extend(perceived_trust_falling(snapshot, as_of, settings));
    found.extend(reliability_falling(snapshot, as_of, settings));
    found.extend(goals_at_risk(snapshot, as_of, settings));
    found.extend(concerns_unanswered(snapshot, as_of, settings));
    found.extend(one_sided(snapshot, as_of, settings));
    found.extend(quiet_partners(snapshot, as_of, settings));
    found.extend(wins(snapshot, as_of, settings));
    found.extend(agreements_ending(snapshot, as_of));
    found.sort_by_key(|w| (Reverse(w.severity), w.kind));
    found
}

fn escalate(critical: bool) -> Severity {
    if critical { Severity::Critical } else { Severity::Warning }
}

fn commitments_overdue(snapshot: &PartnershipSnapshot, as_of: NaiveDate, settings: &TrustSettings) -> Option<Warning> {
    let w = &settings.warnings;
    let mut missed: Vec<(&CommitmentHistory, i64, Outcome)> = snapshot
        .outcomes(as_of, settings)
        .into_iter()
        .filter(|(_, o)| o.kind == OutcomeKind::Missed)
        .map(|(c, o)| (c, days_between(c.due_on_as_of(as_of), as_of), o))
        .collect();
    missed.sort_by_key(|(c, overdue, _)| (Reverse(*overdue), c.id));
    // "In 30 days": became missed within the 30 days ending today.
    let recent = missed.iter().filter(|(_, _, o)| days_between(o.on, as_of) < w.missed_window_days).count();
    let (oldest, oldest_days, _) = *missed.first()?;
    let many = recent >= w.missed_count;
    let long = oldest_days > w.overdue_days;
    if !many && !long {
        return None;
    }
    let critical = recent >= 2 * w.missed_count || oldest_days > 2 * w.overdue_days;
    let oldest_by = snapshot.member_name(oldest.promisor).to_string();
    let facts = if many {
        WarningFacts::MissedRecently { recent, window_days: w.missed_window_days, oldest_by, oldest_days }
    } else if missed.len() == 1 {
        WarningFacts::OneOverdue { by: oldest_by, days: oldest_days }
    } else {
        WarningFacts::SeveralMissed { missed: missed.len(), oldest_by, oldest_days }
    };
    Some(Warning::new(
        WarningKind::CommitmentsOverdue,
        escalate(critical),
        missed.iter().map(|(c, _, _)| RecordRef::new(RecordKind::Commitment, c.id)).collect(),
        facts,
    ))
}

fn cadence_slipping(snapshot: &PartnershipSnapshot, as_of: NaiveDate, settings: &TrustSettings) -> Option<Warning> {
    let held = snapshot.check_ins_by(as_of);
    let last = held.last();
    let since = last.map(|c| c.held_on).unwrap_or(snapshot.created_on);
    let gap = days_between(since, as_of);
    let cadence_days = snapshot.cadence.days();
    let threshold = settings.warnings.cadence_factor * cadence_days;
    if (gap as f64) < threshold - EPSILON {
        return None;
    }
    let cadence = snapshot.cadence;
    let facts = match last {
        Some(c) => {
            WarningFacts::NoCheckInSince { gap, last_on: c.held_on, factor: settings.warnings.cadence_factor, cadence }
        }
        None => WarningFacts::NoCheckInYet { gap, cadence },
    };
    Some(Warning::new(
        WarningKind::CadenceSlipping,
        escalate(gap as f64 >= 2.0 * threshold - EPSILON),
        last.map(|c| vec![RecordRef::new(RecordKind::CheckIn, c.id)]).unwrap_or_default(),
        facts,
    ))
}

fn perceived_trust_falling(
    snapshot: &PartnershipSnapshot,
    as_of: NaiveDate,
    settings: &TrustSettings,
) -> Option<Warning> {
    let mut waves: Vec<_> = snapshot.survey_waves.iter().filter(|w| w.closed_on <= as_of).collect();
    waves.sort_by_key(|w| (w.closed_on, w.id));
    let [.., previous, latest] = waves.as_slice() else { return None };
    // Both must be showable under the anonymity rules; a hidden wave compares with nothing.
    let (before, after) = (previous.trust_percent?, latest.trust_percent?);
    let drop = before - after;
    let threshold = settings.warnings.trust_drop_points;
    if drop < threshold - EPSILON {
        return None;
    }
    Some(Warning::new(
        WarningKind::TrustFalling,
        escalate(drop >= 2.0 * threshold - EPSILON),
        vec![RecordRef::new(RecordKind::SurveyWave, previous.id), RecordRef::new(RecordKind::SurveyWave, latest.id)],
        WarningFacts::PerceivedTrustFell {
            before,
            after,
            previous_closed_on: previous.closed_on,
            latest_closed_on: latest.closed_on,
        },
    ))
}

fn reliability_falling(snapshot: &PartnershipSnapshot, as_of: NaiveDate, settings: &TrustSettings) -> Option<Warning> {
    let days = settings.warnings.reliability_drop_days;
    let then = add_days(as_of, -days);
    let before = evidence_of(&snapshot.commitments, then, settings).reliability(settings).estimate?;
    let now = evidence_of(&snapshot.commitments, as_of, settings).reliability(settings).estimate?;
    let drop = before.expected - now.expected;
    let threshold = settings.warnings.reliability_drop;
    if drop < threshold - EPSILON {
        return None;
    }
    // The records behind the fall: promises missed or kept late in the period.
    let records = snapshot
        .outcomes(as_of, settings)
        .into_iter()
        .filter(|(_, o)| o.kind != OutcomeKind::OnTime && o.on > then)
        .map(|(c, _)| RecordRef::new(RecordKind::Commitment, c.id))
        .collect();
    Some(Warning::new(
        WarningKind::TrustFalling,
        escalate(drop >= 2.0 * threshold - EPSILON),
        records,
        WarningFacts::ReliabilityFell { before: 100.0 * before.expected, after: 100.0 * now.expected, days },
    ))
}

fn goals_at_risk(snapshot: &PartnershipSnapshot, as_of: NaiveDate, settings: &TrustSettings) -> Vec<Warning> {
    let w = &settings.warnings;
    let mut found = Vec::new();
    for goal in snapshot.goals.iter().filter(|g| g.is_open_on(as_of)) {
        let Some(update) = goal.latest_update(as_of) else { continue };
        let statement = cut(&goal.statement);
        let worried = matches!(update.confidence, Confidence::AtRisk | Confidence::OffTrack);
        let days_left = goal.due_on.map(|due| days_between(as_of, due));
        let near_due = worried && days_left.is_some_and(|d| d < w.goal_due_days);
        // Progress behind the share of its time already gone.
        let lag = match (goal.due_on, update.progress_percent) {
            (Some(due), Some(progress)) if due > goal.started_on => {
                let elapsed = 100.0
                    * (days_between(goal.started_on, as_of) as f64 / days_between(goal.started_on, due) as f64)
                        .clamp(0.0, 1.0);
                Some((elapsed, progress, elapsed - progress))
            }
            _ => None,
        };
        let behind = lag.filter(|(_, _, gap)| *gap > w.goal_lag_points + EPSILON);
        if !near_due && behind.is_none() {
            continue;
        }
        let critical = (near_due && update.confidence == Confidence::OffTrack)
            || behind.is_some_and(|(_, _, gap)| gap > 2.0 * w.goal_lag_points + EPSILON);
        let (goal_id, confidence) = (goal.id, update.confidence);
        let goal = statement;
        let facts = match (near_due, behind, days_left) {
            (true, _, Some(d)) if d >= 0 => WarningFacts::GoalNearDue { goal, confidence, days_left: d },
            (true, _, Some(d)) => WarningFacts::GoalPastDue { goal, confidence, days_past: -d },
            (_, Some((elapsed, progress, _)), _) => WarningFacts::GoalBehind { goal, progress, elapsed },
            _ => WarningFacts::GoalMarked { goal, confidence },
        };
        found.push(Warning::new(
            WarningKind::GoalAtRisk,
            escalate(critical),
            vec![RecordRef::new(RecordKind::Goal, goal_id)],
            facts,
        ));
    }
    found
}

fn concerns_unanswered(snapshot: &PartnershipSnapshot, as_of: NaiveDate, settings: &TrustSettings) -> Vec<Warning> {
    snapshot
        .unanswered_concerns(as_of, settings)
        .into_iter()
        .map(|(concern, deadline)| {
            let waited = days_between(concern.raised_on, as_of);
            let allowed = days_between(concern.raised_on, deadline).max(1);
            let mut warning = Warning::new(
                WarningKind::ConcernUnanswered,
                escalate(days_between(deadline, as_of) >= allowed),
                vec![RecordRef::new(RecordKind::Concern, concern.id)],
                WarningFacts::ConcernWaiting { raised_on: concern.raised_on, waited, deadline },
            );
            warning.restricted = concern.private;
            warning
        })
        .collect()
}

fn one_sided(snapshot: &PartnershipSnapshot, as_of: NaiveDate, settings: &TrustSettings) -> Vec<Warning> {
    let w = &settings.warnings;
    let since = add_days(as_of, -w.one_sided_window_days);
    let in_window = |day: NaiveDate| since < day && day <= as_of;
    let mut found = Vec::new();

    let kept: Vec<(Uuid, Uuid)> = snapshot
        .outcomes(as_of, settings)
        .into_iter()
        .filter(|(_, o)| o.kind != OutcomeKind::Missed && in_window(o.on))
        .map(|(c, _)| (c.promisor, c.id))
        .collect();
    let counts = kept.iter().map(|(org, _)| (*org, 1.0));
    if kept.len() >= w.one_sided_min_records
        && let Some((org, share)) = dominant(counts, w.one_sided_share)
    {
        let mine = kept.iter().filter(|(o, _)| *o == org).count();
        found.push(
            Warning::new(
                WarningKind::OneSidedPartnership,
                Severity::Warning,
                kept.iter().map(|(_, id)| RecordRef::new(RecordKind::Commitment, *id)).collect(),
                WarningFacts::KeptMostCommitments {
                    by: snapshot.member_name(org).to_string(),
                    mine,
                    kept: kept.len(),
                    days: w.one_sided_window_days,
                    share: 100.0 * share,
                },
            )
            .about(org),
        );
    }

    let contributions: Vec<_> =
        snapshot.contributions.iter().filter(|c| in_window(c.on) && c.weight.is_finite() && c.weight > 0.0).collect();
    if contributions.len() >= w.one_sided_min_records
        && let Some((org, share)) =
            dominant(contributions.iter().map(|c| (c.organization_id, c.weight)), w.one_sided_share)
    {
        found.push(
            Warning::new(
                WarningKind::OneSidedPartnership,
                Severity::Warning,
                contributions.iter().map(|c| RecordRef::new(RecordKind::Contribution, c.id)).collect(),
                WarningFacts::MadeMostContributions {
                    by: snapshot.member_name(org).to_string(),
                    share: 100.0 * share,
                    days: w.one_sided_window_days,
                },
            )
            .about(org),
        );
    }
    found
}

/// The organisation carrying more than `threshold` of the total, with its share.
fn dominant(weights: impl Iterator<Item = (Uuid, f64)>, threshold: f64) -> Option<(Uuid, f64)> {
    let mut by_org: BTreeMap<Uuid, f64> = BTreeMap::new();
    for (org, weight) in weights {
        *by_org.entry(org).or_default() += weight;
    }
    let total: f64 = by_org.values().sum();
    if total <= 0.0 {
        return None;
    }
    by_org.into_iter().map(|(org, w)| (org, w / total)).find(|(_, share)| *share > threshold + EPSILON)
}

fn quiet_partners(snapshot: &PartnershipSnapshot, as_of: NaiveDate, settings: &TrustSettings) -> Vec<Warning> {
    let n = settings.warnings.quiet_checkins;
    // Only check-ins whose attendance was recorded say who was absent.
    let recorded: Vec<_> =
        snapshot.check_ins_by(as_of).into_iter().filter(|c| !c.attendee_organization_ids.is_empty()).collect();
    let mut found = Vec::new();
    for member in &snapshot.members {
        let since_joining: Vec<_> =
            recorded.iter().filter(|c| member.joined_on.is_none_or(|j| j <= c.held_on)).collect();
        let absent_run = since_joining
            .iter()
            .rev()
            .take_while(|c| !c.attendee_organization_ids.contains(&member.organization_id))
            .count();
        if absent_run < n {
            continue;
        }
        let severity = if absent_run >= 2 * n { Severity::Warning } else { Severity::Info };
        let missed: Vec<_> = since_joining.iter().rev().take(absent_run).collect();
        let first_missed = missed.last().map(|c| c.held_on).unwrap_or(as_of);
        found.push(
            Warning::new(
                WarningKind::QuietPartner,
                severity,
                missed
                    .iter()
                    .map(|c| RecordRef::new(RecordKind::CheckIn, c.id))
                    .chain([RecordRef::new(RecordKind::Organization, member.organization_id)])
                    .collect(),
                WarningFacts::QuietPartner { name: member.name.clone(), absent: absent_run, since: first_missed },
            )
            .about(member.organization_id),
        );
    }
    found
}

fn wins(snapshot: &PartnershipSnapshot, as_of: NaiveDate, settings: &TrustSettings) -> Vec<Warning> {
    let w = &settings.warnings;
    let recent = |day: NaiveDate| day <= as_of && days_between(day, as_of) < w.win_recent_days;
    let kudos: Vec<_> = snapshot.kudos.iter().filter(|k| k.given_on <= as_of).collect();
    let mut found = Vec::new();

    for milestone in &snapshot.milestones {
        let Some(met_on) = milestone.met_on.filter(|d| recent(*d)) else { continue };
        let thanked = kudos.iter().any(|k| k.about == Some(RecordRef::new(RecordKind::Milestone, milestone.id)));
        if thanked {
            continue;
        }
        found.push(Warning::new(
            WarningKind::WinToCelebrate,
            Severity::Positive,
            vec![RecordRef::new(RecordKind::Milestone, milestone.id)],
            WarningFacts::MilestoneUnthanked { milestone: cut(&milestone.title), met_on },
        ));
    }

    // A streak: the latest outcomes of one organisation's commitments, all on time, since it was
    // last thanked (kudos to it, or for one of its commitments).
    let mut outcomes = snapshot.outcomes(as_of, settings);
    outcomes.sort_by_key(|(c, o)| (o.on, c.id));
    let promisors: BTreeSet<Uuid> = outcomes.iter().map(|(c, _)| c.promisor).collect();
    for org in promisors {
        let own_commitments: BTreeSet<Uuid> =
            snapshot.commitments.iter().filter(|c| c.promisor == org).map(|c| c.id).collect();
        let last_thanked = kudos
            .iter()
            .filter(|k| {
                k.to_organization_id == Some(org)
                    || k.about.is_some_and(|a| a.kind == RecordKind::Commitment && own_commitments.contains(&a.id))
            })
            .map(|k| k.given_on)
            .max();
        let streak: Vec<_> = outcomes
            .iter()
            .rev()
            .filter(|(c, o)| c.promisor == org && last_thanked.is_none_or(|t| o.on > t))
            .take_while(|(_, o)| o.kind == OutcomeKind::OnTime)
            .collect();
        let latest = streak.first().map(|(_, o)| o.on);
        if streak.len() < w.streak || !latest.is_some_and(recent) {
            continue;
        }
        let name = snapshot.member_name(org).to_string();
        found.push(
            Warning::new(
                WarningKind::WinToCelebrate,
                Severity::Positive,
                streak.iter().rev().map(|(c, _)| RecordRef::new(RecordKind::Commitment, c.id)).collect(),
                WarningFacts::OnTimeStreak { by: name, count: streak.len() },
            )
            .about(org),
        );
    }
    found
}

mod facts;
#[cfg(test)]
mod tests;

use facts::cut;
pub use facts::{AGREEMENT_NEXT_STEP, WarningFacts};

/// A warning as the inbox keeps it: the rule's finding, the partnership it is about, and where
/// people stand with it. Acknowledged, snoozed and cleared warnings stay as history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WarningRecord {
    pub id: Uuid,
    pub partnership_id: Uuid,
    pub partnership_name: String,
    #[serde(flatten)]
    pub warning: Warning,
    /// The day Rapport first raised it.
    pub raised_on: NaiveDate,
    /// The day it stopped applying; `None` while it still does.
    pub cleared_on: Option<NaiveDate>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::kinds::WarningState))]
    pub state: crate::kinds::WarningState,
    pub snoozed_until: Option<NaiveDate>,
    /// Why it was acknowledged or snoozed.
    pub state_reason: Option<String>,
    pub state_by: Option<Uuid>,
}

/// The order people work through an inbox in: the most severe first, and among equals the one
/// waiting longest (raised earliest).
pub fn most_urgent_first(records: &mut [WarningRecord]) {
    records.sort_by_key(|r| (Reverse(r.warning.severity), r.raised_on, r.id));
}

/// An agreement in force ending within its renewal notice (a `warning`), or past its end date
/// while still marked in force (`critical` while the partnership runs, a `warning` otherwise):
/// one warning per agreement.
fn agreements_ending(snapshot: &PartnershipSnapshot, as_of: NaiveDate) -> Vec<Warning> {
    let mut found = Vec::new();
    for a in &snapshot.agreements {
        let days_left = days_between(as_of, a.ends_on);
        let agreement = a.title.clone();
        let (severity, facts) = if days_left < 0 {
            let severity = if snapshot.running { Severity::Critical } else { Severity::Warning };
            (severity, WarningFacts::AgreementLapsed { agreement, days_ago: -days_left, ended_on: a.ends_on })
        } else if days_left <= i64::from(a.notice_days) {
            (Severity::Warning, WarningFacts::AgreementEnding { agreement, days_left, ends_on: a.ends_on })
        } else {
            continue;
        };
        found.push(Warning::new(
            WarningKind::AgreementEnding,
            severity,
            vec![RecordRef::new(RecordKind::Agreement, a.id)],
            facts,
        ));
    }
    found
}
