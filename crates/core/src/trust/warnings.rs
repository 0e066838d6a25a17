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
}

impl Warning {
    fn new(
        kind: WarningKind,
        severity: Severity,
        records: Vec<RecordRef>,
        explanation: String,
        suggested_action: String,
    ) -> Warning {
        Warning { kind, severity, organization_id: None, records, explanation, suggested_action, restricted: false }
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
    let oldest_words =
        format!("the oldest, by {}, is {} days overdue", snapshot.member_name(oldest.promisor), oldest_days);
    let explanation = if many {
        format!("{recent} commitments became missed in the last {} days; {oldest_words}.", w.missed_window_days)
    } else if missed.len() == 1 {
        format!(
            "A commitment by {} is {oldest_days} days overdue and not yet done.",
            snapshot.member_name(oldest.promisor)
        )
    } else {
        format!("{} commitments are missed and not yet done; {oldest_words}.", missed.len())
    };
    Some(Warning::new(
        WarningKind::CommitmentsOverdue,
        escalate(critical),
        missed.iter().map(|(c, _, _)| RecordRef::new(RecordKind::Commitment, c.id)).collect(),
        explanation,
        "Schedule a short check-in to revisit roles and deadlines, and renegotiate openly any date that can no longer be met rather than letting it lapse."
            .to_owned(),
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
    let cadence = snapshot.cadence.label().to_lowercase();
    let explanation = match last {
        Some(c) => format!(
            "No check-in for {gap} days since the last one on {}: at least {} times the {cadence} cadence.",
            long_day(c.held_on),
            trim(settings.warnings.cadence_factor)
        ),
        None => format!(
            "No check-in has been recorded in the {gap} days since the partnership began, though it meets on a {cadence} cadence."
        ),
    };
    Some(Warning::new(
        WarningKind::CadenceSlipping,
        escalate(gap as f64 >= 2.0 * threshold - EPSILON),
        last.map(|c| vec![RecordRef::new(RecordKind::CheckIn, c.id)]).unwrap_or_default(),
        explanation,
        "Put the next check-in in the calendar now: a short, regular conversation keeps everyone informed and catches problems while they are small."
            .to_owned(),
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
        format!(
            "Perceived trust fell from {before:.0}% to {after:.0}% between the surveys that closed on {} and {}.",
            previous.closed_on, latest.closed_on
        ),
        "Open the next check-in with a candid conversation about what is and is not working, listen before proposing fixes, and agree one concrete change together."
            .to_owned(),
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
        format!("Expected reliability fell from {:.0}% to {:.0}% in the last {days} days.", 100.0 * before.expected, 100.0 * now.expected),
        "Review open commitments together: renegotiate before the due date any that cannot be met, and share difficult news early rather than late."
            .to_owned(),
    ))
}

fn goals_at_risk(snapshot: &PartnershipSnapshot, as_of: NaiveDate, settings: &TrustSettings) -> Vec<Warning> {
    let w = &settings.warnings;
    let mut found = Vec::new();
    for goal in snapshot.goals.iter().filter(|g| g.is_open_on(as_of)) {
        let Some(update) = goal.latest_update(as_of) else { continue };
        let statement = quote(&goal.statement);
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
        let confidence = update.confidence.label().to_lowercase();
        let explanation = match (near_due, behind, days_left) {
            (true, _, Some(d)) if d >= 0 => {
                format!("{statement} is marked {confidence} with {d} days to its due date.")
            }
            (true, _, Some(d)) => format!("{statement} is marked {confidence} and {} days past its due date.", -d),
            (_, Some((elapsed, progress, _)), _) => {
                format!("{statement} is {progress:.0}% of the way to its target with {elapsed:.0}% of its time gone.")
            }
            _ => format!("{statement} is marked {confidence}."),
        };
        found.push(Warning::new(
            WarningKind::GoalAtRisk,
            escalate(critical),
            vec![RecordRef::new(RecordKind::Goal, goal.id)],
            explanation,
            "Revisit this goal together at the next check-in: confirm its milestones and who owns each, and agree whether the plan or the target needs to change."
                .to_owned(),
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
                format!(
                    "A concern raised on {} has waited {waited} days for acknowledgement; the deadline was {}.",
                    long_day(concern.raised_on),
                    long_day(deadline)
                ),
                "Acknowledge the concern now, even briefly, and agree when to talk it through; if the conversation is stuck, name a neutral mediator."
                    .to_owned(),
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
    let action = "Talk openly about how the work is shared: recognise what each partner brings, and agree roles so that every member carries a fair part.";
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
                format!(
                    "{} kept {mine} of the {} commitments kept in the last {} days ({:.0}%).",
                    snapshot.member_name(org),
                    kept.len(),
                    w.one_sided_window_days,
                    100.0 * share
                ),
                action.to_owned(),
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
                format!(
                    "{} made {:.0}% of the contributions recorded in the last {} days.",
                    snapshot.member_name(org),
                    100.0 * share,
                    w.one_sided_window_days
                ),
                action.to_owned(),
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
                missed.iter().map(|c| RecordRef::new(RecordKind::CheckIn, c.id)).chain([RecordRef::new(RecordKind::Organization, member.organization_id)]).collect(),
                format!("{} has not been at the last {absent_run} check-ins, since {}.", member.name, long_day(first_missed)),
                format!(
                    "Reach out to {} personally to ask how the partnership is working for them, and invite them to help shape the next check-in's agenda.",
                    member.name
                ),
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
            format!("Milestone {} was met on {} and nobody has said thank you yet.", quote(&milestone.title), long_day(met_on)),
            "Send kudos to the people behind this milestone and share the news with the whole partnership: small wins celebrated together build trust."
                .to_owned(),
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
        let name = snapshot.member_name(org);
        found.push(
            Warning::new(
                WarningKind::WinToCelebrate,
                Severity::Positive,
                streak.iter().rev().map(|(c, _)| RecordRef::new(RecordKind::Commitment, c.id)).collect(),
                format!("{name} has kept its last {} commitments on time.", streak.len()),
                format!(
                    "Send kudos to {name} for keeping its word, and tell them what their follow-through made possible."
                ),
            )
            .about(org),
        );
    }
    found
}

/// A title in quotation marks, cut short when long.
fn quote(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > 80 {
        format!("“{}…”", text.chars().take(79).collect::<String>())
    } else {
        format!("“{text}”")
    }
}

fn trim(x: f64) -> String {
    if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x}") }
}

#[cfg(test)]
mod tests;

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

/// A day as people write it in sentences: "9 June 2026".
fn long_day(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

/// The order people work through an inbox in: the most severe first, and among equals the one
/// waiting longest (raised earliest).
pub fn most_urgent_first(records: &mut [WarningRecord]) {
    records.sort_by_key(|r| (Reverse(r.warning.severity), r.raised_on, r.id));
}

/// The seeds' practice before renewing an agreement: look at what it was for.
pub const AGREEMENT_NEXT_STEP: &str = "Meet to revisit the shared goals together before renewing: what the agreement made possible, what should change, and who signs what by when.";

/// An agreement in force ending within its renewal notice (a `warning`), or past its end date
/// while still marked in force (`critical` while the partnership runs, a `warning` otherwise):
/// one warning per agreement.
fn agreements_ending(snapshot: &PartnershipSnapshot, as_of: NaiveDate) -> Vec<Warning> {
    let mut found = Vec::new();
    for a in &snapshot.agreements {
        let days_left = days_between(as_of, a.ends_on);
        let (severity, explanation) = if days_left < 0 {
            let severity = if snapshot.running { Severity::Critical } else { Severity::Warning };
            (
                severity,
                format!(
                    "The agreement “{}” ended {} days ago ({}) but is still marked in force: the partners work without a current agreement.",
                    a.title, -days_left, a.ends_on
                ),
            )
        } else if days_left <= i64::from(a.notice_days) {
            let when = match days_left {
                0 => "today".to_owned(),
                1 => "tomorrow".to_owned(),
                d => format!("in {d} days"),
            };
            (
                Severity::Warning,
                format!("The agreement “{}” ends {when} ({}): time to decide on renewal.", a.title, a.ends_on),
            )
        } else {
            continue;
        };
        found.push(Warning::new(
            WarningKind::AgreementEnding,
            severity,
            vec![RecordRef::new(RecordKind::Agreement, a.id)],
            explanation,
            AGREEMENT_NEXT_STEP.to_owned(),
        ));
    }
    found
}
