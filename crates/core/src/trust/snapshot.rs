//! Everything the health index and the early warnings need to know about one partnership, as
//! plain dated facts. The store fills it; records that do not exist yet in Rapport (surveys,
//! concerns, contributions, kudos) simply stay empty until their features fill them.
//!
//! Facts may be newer than the evaluation day: each rule reads them as they stood that day, so
//! one snapshot serves a whole trend.

use chrono::NaiveDate;
use uuid::Uuid;

use super::add_days;
use super::reliability::{CommitmentHistory, Evidence, Outcome, outcome_as_of};
use super::settings::TrustSettings;
use super::warnings::RecordRef;
use crate::kinds::{Cadence, Confidence};

#[derive(Debug, Clone, PartialEq)]
pub struct PartnershipSnapshot {
    pub partnership_id: Uuid,
    pub created_on: NaiveDate,
    pub cadence: Cadence,
    pub members: Vec<MemberFact>,
    pub check_ins: Vec<CheckInFact>,
    /// Commitments made inside the partnership, by any member.
    pub commitments: Vec<CommitmentHistory>,
    pub goals: Vec<GoalFact>,
    pub milestones: Vec<MilestoneFact>,
    pub concerns: Vec<ConcernFact>,
    /// Closed survey waves that asked about this partnership.
    pub survey_waves: Vec<SurveyWaveFact>,
    pub contributions: Vec<ContributionFact>,
    pub kudos: Vec<KudosFact>,
    /// Agreements in force with an end date (issue 26).
    pub agreements: Vec<AgreementFact>,
    /// The partnership is running (not paused, ended or archived): a lapsed agreement then
    /// matters more.
    pub running: bool,
}

impl PartnershipSnapshot {
    /// A snapshot with no records yet.
    pub fn new(partnership_id: Uuid, created_on: NaiveDate, cadence: Cadence) -> PartnershipSnapshot {
        PartnershipSnapshot {
            partnership_id,
            created_on,
            cadence,
            members: Vec::new(),
            check_ins: Vec::new(),
            commitments: Vec::new(),
            goals: Vec::new(),
            milestones: Vec::new(),
            concerns: Vec::new(),
            survey_waves: Vec::new(),
            contributions: Vec::new(),
            kudos: Vec::new(),
            agreements: Vec::new(),
            running: true,
        }
    }

    /// A member's name for sentences; "a member" for one not listed.
    pub(crate) fn member_name(&self, organization_id: Uuid) -> &str {
        self.members
            .iter()
            .find(|m| m.organization_id == organization_id)
            .map(|m| m.name.as_str())
            .unwrap_or("a member")
    }

    /// Each commitment's outcome as it stood at the end of `as_of`.
    pub(crate) fn outcomes(&self, as_of: NaiveDate, settings: &TrustSettings) -> Vec<(&CommitmentHistory, Outcome)> {
        self.commitments.iter().filter_map(|c| outcome_as_of(c, as_of, settings.grace_days).map(|o| (c, o))).collect()
    }

    /// Check-ins held by the end of `as_of`, oldest first.
    pub(crate) fn check_ins_by(&self, as_of: NaiveDate) -> Vec<&CheckInFact> {
        let mut held: Vec<&CheckInFact> = self.check_ins.iter().filter(|c| c.held_on <= as_of).collect();
        held.sort_by_key(|c| (c.held_on, c.id));
        held
    }

    /// Concerns open at the end of `as_of` and past their acknowledgement deadline unanswered,
    /// with that deadline.
    pub(crate) fn unanswered_concerns(
        &self,
        as_of: NaiveDate,
        settings: &TrustSettings,
    ) -> Vec<(&ConcernFact, NaiveDate)> {
        self.concerns
            .iter()
            .filter(|c| c.raised_on <= as_of)
            .filter(|c| c.acknowledged_on.is_none_or(|d| d > as_of) && c.resolved_on.is_none_or(|d| d > as_of))
            .map(|c| (c, c.acknowledge_by.unwrap_or(add_days(c.raised_on, settings.warnings.concern_acknowledge_days))))
            .filter(|(_, deadline)| *deadline < as_of)
            .collect()
    }
}

/// Decayed evidence of a set of commitments at the end of `as_of`.
pub fn evidence_of<'a>(
    commitments: impl IntoIterator<Item = &'a CommitmentHistory>,
    as_of: NaiveDate,
    settings: &TrustSettings,
) -> Evidence {
    let outcomes = commitments.into_iter().filter_map(|c| outcome_as_of(c, as_of, settings.grace_days));
    Evidence::from_outcomes(outcomes, as_of, settings.half_life)
}

#[derive(Debug, Clone, PartialEq)]
pub struct MemberFact {
    pub organization_id: Uuid,
    pub name: String,
    /// When it joined; check-ins before then do not count against it. `None`: a founding member.
    pub joined_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckInFact {
    pub id: Uuid,
    pub held_on: NaiveDate,
    /// Empty when attendance was not recorded; such a check-in says nothing about who was there.
    pub attendee_organization_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GoalFact {
    pub id: Uuid,
    pub statement: String,
    /// When work on it began (its creation), the start of its elapsed time.
    pub started_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    /// When it stopped being open (archived, reached); `None` while open.
    pub closed_on: Option<NaiveDate>,
    /// Progress updates, any order.
    pub updates: Vec<GoalProgress>,
}

impl GoalFact {
    pub(crate) fn is_open_on(&self, day: NaiveDate) -> bool {
        self.started_on <= day && self.closed_on.is_none_or(|c| c > day)
    }

    /// The latest update made by the end of `day`.
    pub(crate) fn latest_update(&self, day: NaiveDate) -> Option<&GoalProgress> {
        self.updates.iter().filter(|u| u.on <= day).max_by_key(|u| u.on)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GoalProgress {
    pub on: NaiveDate,
    pub confidence: Confidence,
    /// Share of the way from baseline to target, 0–100, when the goal has a metric.
    pub progress_percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneFact {
    pub id: Uuid,
    pub goal_id: Uuid,
    pub title: String,
    pub due_on: NaiveDate,
    pub met_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConcernFact {
    pub id: Uuid,
    pub raised_on: NaiveDate,
    /// The concern's own deadline; `None` takes the workspace default after `raised_on`.
    pub acknowledge_by: Option<NaiveDate>,
    pub acknowledged_on: Option<NaiveDate>,
    pub resolved_on: Option<NaiveDate>,
    /// Raised "private": a warning about it is for coordinators and its mediator only.
    pub private: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SurveyWaveFact {
    pub id: Uuid,
    pub closed_on: NaiveDate,
    /// The partnership's network trust in percent of maximum; `None` when the anonymity rules
    /// (SPEC 4) do not let it be shown.
    pub trust_percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContributionFact {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub on: NaiveDate,
    /// Its size in one common measure chosen by the contribution ledger (1 per record when it
    /// has none), so hours, money and in-kind help can be compared.
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KudosFact {
    pub id: Uuid,
    pub given_on: NaiveDate,
    pub to_organization_id: Option<Uuid>,
    /// The commitment, milestone or goal it thanks for.
    pub about: Option<RecordRef>,
}

/// An agreement in force with an end date, for the "agreement ending" warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementFact {
    pub id: Uuid,
    pub title: String,
    pub ends_on: NaiveDate,
    pub notice_days: i32,
}
