//! The records partners keep, as the API and the pages show them, and the drafts people send to
//! create or change them. A draft's `validate` names every bad field at once, or returns the
//! draft's `Valid…` type: only validation builds one (they are `#[non_exhaustive]`), and the store
//! writes nothing else, so no unvalidated draft reaches the database:
//!
//! ```compile_fail,E0639
//! let day = chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
//! let planted = rapport_core::records::ValidMilestone { title: "Planted".into(), due_on: day, met_on: None };
//! ```

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::commitment::{OutcomeDraft, ValidOutcome};
use crate::kinds::{
    Cadence, CommitmentEventKind, CommitmentStatus, Confidence, OrganizationKind, PartnershipKind, PartnershipStatus,
    Role,
};
use crate::validate::{ValidationErrors, limits};

const NAME_MAX: usize = 200;
const TEXT_MAX: usize = 10_000;
const SHORT_MAX: usize = 500;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Workspace {
    pub id: Uuid,
    pub name: String,
    /// The caller's role in it.
    pub role: Role,
    pub created_at: DateTime<Utc>,
    /// The IANA time zone its people live by: its "today", and how its pages show moments.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "Europe/London"))]
    pub time_zone: crate::zone::TimeZone,
    /// The language its pages speak to someone who chose none and whose browser asks for none
    /// Rapport has (`en`, `es`, …).
    #[cfg_attr(feature = "openapi", schema(example = "en"))]
    pub default_language: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    /// The language they chose for Rapport's pages; none: their browser's, else the workspace's.
    pub language: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkspaceMember {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub organizations: Vec<Uuid>,
}

/// Where an invitation stands, derived from its moments and the moment it is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum InvitationState {
    /// Its link still works.
    Pending,
    Accepted,
    /// Not accepted in time; re-sending gives it a new link.
    Expired,
    /// Withdrawn by someone who may invite.
    Revoked,
}

impl InvitationState {
    pub fn of(
        accepted_at: Option<DateTime<Utc>>,
        revoked_at: Option<DateTime<Utc>>,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> InvitationState {
        if accepted_at.is_some() {
            InvitationState::Accepted
        } else if revoked_at.is_some() {
            InvitationState::Revoked
        } else if expires_at <= now {
            InvitationState::Expired
        } else {
            InvitationState::Pending
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            InvitationState::Pending => "Pending",
            InvitationState::Accepted => "Accepted",
            InvitationState::Expired => "Expired",
            InvitationState::Revoked => "Revoked",
        }
    }

    /// Whether it can be re-sent (a new link) or revoked: it was not accepted or revoked yet.
    pub fn is_open(self) -> bool {
        matches!(self, InvitationState::Pending | InvitationState::Expired)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    pub kind: OrganizationKind,
    pub mission: Option<String>,
    pub focus_areas: Vec<String>,
    pub website: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
    /// Increases with every change; the API's ETag.
    pub version: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrganizationDraft {
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = OrganizationKind))]
    pub kind: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    pub mission: Option<String>,
    /// At most 30, each at most 80 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub focus_areas: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub website: Option<String>,
}

/// An organisation draft that passed validation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidOrganization {
    pub name: String,
    pub kind: OrganizationKind,
    pub mission: Option<String>,
    pub focus_areas: Vec<String>,
    pub website: Option<String>,
}

impl OrganizationDraft {
    pub fn validate(&self) -> Result<ValidOrganization, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.required_text("name", &self.name, NAME_MAX);
        let kind = errors.choice("kind", &self.kind);
        let mission = errors.optional_text("mission", self.mission.as_deref(), TEXT_MAX);
        let website = errors.optional_url("website", self.website.as_deref());
        let mut focus_areas: Vec<String> = Vec::new();
        if errors.at_most("focus_areas", &self.focus_areas, limits::FOCUS_AREAS) {
            for (i, area) in self.focus_areas.iter().enumerate() {
                let area = area.trim().to_lowercase();
                if errors.text(&format!("focus_areas[{i}]"), &area, 80)
                    && !area.is_empty()
                    && !focus_areas.contains(&area)
                {
                    focus_areas.push(area);
                }
            }
        }
        errors.finish_parsed(kind, |kind| ValidOrganization { name, kind, mission, focus_areas, website })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub last_contacted_on: Option<NaiveDate>,
    /// Days between follow-ups; `None` means no reminder.
    pub follow_up_days: Option<i32>,
    /// The person in the workspace who keeps in touch; follow-ups appear on their home page.
    pub owner_user_id: Option<Uuid>,
    pub archived_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl Contact {
    /// When the next follow-up is due: `follow_up_days` after the last contact, or at once if
    /// there has been none. `None` without a follow-up interval.
    pub fn follow_up_due(&self, today: NaiveDate) -> Option<NaiveDate> {
        let days = self.follow_up_days?;
        Some(self.last_contacted_on.map_or(today, |last| last + chrono::Duration::days(i64::from(days))))
    }

    /// Past the follow-up interval (or never contacted, with an interval set).
    pub fn follow_up_overdue(&self, today: NaiveDate) -> bool {
        self.follow_up_due(today).is_some_and(|due| self.last_contacted_on.is_none() || due < today)
    }
}

/// One time someone was in touch with a contact: a note logged by hand, or a check-in the
/// contact attended. Each resets the contact's follow-up clock.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactNote {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub noted_on: NaiveDate,
    pub note: String,
    /// The check-in the contact attended, when the note comes from one.
    pub checkin_id: Option<Uuid>,
    pub author_user_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactNoteDraft {
    /// The day you were in touch; today when absent.
    #[serde(default)]
    pub noted_on: Option<NaiveDate>,
    pub note: String,
}

/// A contact note that passed validation: the day is settled.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidContactNote {
    pub noted_on: NaiveDate,
    pub note: String,
}

impl ContactNoteDraft {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidContactNote, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let note = errors.required_text("note", &self.note, TEXT_MAX);
        let noted_on = self.noted_on.unwrap_or(today);
        if errors.plausible_date("noted_on", noted_on) && noted_on > today {
            errors.add("noted_on", "cannot be in the future: log a contact once it has happened");
        }
        errors.finish(|| ValidContactNote { noted_on, note })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactDraft {
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub last_contacted_on: Option<NaiveDate>,
    #[serde(default)]
    pub follow_up_days: Option<i32>,
    /// Who keeps in touch: a person in the workspace.
    #[serde(default)]
    pub owner_user_id: Option<Uuid>,
}

/// A contact draft that passed validation. Whether the owner is a person of the workspace is
/// the application's to check.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidContact {
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub last_contacted_on: Option<NaiveDate>,
    pub follow_up_days: Option<i32>,
    pub owner_user_id: Option<Uuid>,
}

impl ContactDraft {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidContact, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.required_text("name", &self.name, NAME_MAX);
        let role = errors.optional_text("role", self.role.as_deref(), NAME_MAX);
        let email =
            self.email.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(|email| errors.email("email", email));
        let phone = errors.optional_text("phone", self.phone.as_deref(), 50);
        if errors.plausible_optional_date("last_contacted_on", self.last_contacted_on)
            && self.last_contacted_on.is_some_and(|d| d > today)
        {
            errors.add("last_contacted_on", "cannot be in the future");
        }
        if self.follow_up_days.is_some_and(|d| !(1..=730).contains(&d)) {
            errors.add("follow_up_days", "must be between 1 and 730 days");
        }
        errors.finish(|| ValidContact {
            name,
            role,
            email,
            phone,
            last_contacted_on: self.last_contacted_on,
            follow_up_days: self.follow_up_days,
            owner_user_id: self.owner_user_id,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnershipMember {
    pub organization_id: Uuid,
    pub organization_name: String,
    /// What this organisation does in the partnership, e.g. "lead" or "host site".
    pub role: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Partnership {
    pub id: Uuid,
    pub name: String,
    pub kind: PartnershipKind,
    pub status: PartnershipStatus,
    pub cadence: Cadence,
    pub vision: Option<String>,
    pub members: Vec<PartnershipMember>,
    /// The day the partners began working together: its health counts from then (SPEC 3.3).
    pub started_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl Partnership {
    pub fn member_ids(&self) -> Vec<Uuid> {
        self.members.iter().map(|m| m.organization_id).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberDraft {
    pub organization_id: Uuid,
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PartnershipDraft {
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = PartnershipKind))]
    pub kind: String,
    #[cfg_attr(feature = "openapi", schema(value_type = PartnershipStatus))]
    pub status: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Cadence))]
    pub cadence: String,
    #[serde(default)]
    pub vision: Option<String>,
    /// Two to 100 organisations.
    #[cfg_attr(feature = "openapi", schema(min_items = 2, max_items = 100))]
    pub members: Vec<MemberDraft>,
    /// The day the partners began working together, for a partnership recorded after it
    /// started; when left out, the day it is created (or, on an update, unchanged).
    #[serde(default)]
    pub started_on: Option<NaiveDate>,
}

/// A partnership draft that passed validation: two or more distinct members. Whether they are
/// organisations of the workspace is the store's to check.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidPartnership {
    pub name: String,
    pub kind: PartnershipKind,
    pub status: PartnershipStatus,
    pub cadence: Cadence,
    pub vision: Option<String>,
    pub members: Vec<(Uuid, Option<String>)>,
    pub started_on: Option<NaiveDate>,
}

impl PartnershipDraft {
    /// Checks the draft's own fields; whether the member organisations exist is the store's
    /// question.
    pub fn validate(&self) -> Result<ValidPartnership, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.required_text("name", &self.name, NAME_MAX);
        let kind = errors.choice("kind", &self.kind);
        let status = errors.choice("status", &self.status);
        let cadence = errors.choice("cadence", &self.cadence);
        let vision = errors.optional_text("vision", self.vision.as_deref(), TEXT_MAX);
        let mut members = Vec::new();
        let few_enough = errors.at_most("members", &self.members, limits::PARTNERSHIP_MEMBERS);
        for (i, member) in self.members.iter().enumerate().filter(|_| few_enough) {
            let role = errors.optional_text(&format!("members[{i}].role"), member.role.as_deref(), NAME_MAX);
            if members.iter().any(|(id, _)| *id == member.organization_id) {
                errors.add(format!("members[{i}].organization_id"), "is listed twice");
            } else {
                members.push((member.organization_id, role));
            }
        }
        if few_enough && members.len() < 2 {
            errors.add("members", "a partnership needs at least two member organisations");
        }
        if let Some(started_on) = self.started_on {
            errors.plausible_date("started_on", started_on);
        }
        errors.finish_parsed(kind.zip(status).zip(cadence), |((kind, status), cadence)| ValidPartnership {
            name,
            kind,
            status,
            cadence,
            vision,
            members,
            started_on: self.started_on,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisionRevision {
    pub id: Uuid,
    pub vision: Option<String>,
    pub revised_by: Option<Uuid>,
    pub revised_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Goal {
    pub id: Uuid,
    pub partnership_id: Uuid,
    pub statement: String,
    pub metric: Option<String>,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub owner_organization_id: Option<Uuid>,
    /// How the goal serves the partnership's shared vision.
    pub relevance: Option<String>,
    pub due_on: Option<NaiveDate>,
    /// From the latest progress update; `None` before the first.
    pub confidence: Option<Confidence>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl Goal {
    /// Share of the way from baseline to target, 0–100, when the metric allows it.
    pub fn progress_percent(&self) -> Option<f64> {
        progress_percent(self.baseline, self.target, self.current)
    }
}

/// The share of the way from `baseline` to `target` that `current` has come, 0–100, when all
/// three are known and baseline and target differ.
pub fn progress_percent(baseline: Option<f64>, target: Option<f64>, current: Option<f64>) -> Option<f64> {
    let (baseline, target, current) = (baseline?, target?, current?);
    let span = target - baseline;
    (span.abs() >= f64::EPSILON).then(|| (100.0 * (current - baseline) / span).clamp(0.0, 100.0))
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GoalDraft {
    pub statement: String,
    #[serde(default)]
    pub metric: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub baseline: Option<f64>,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub current: Option<f64>,
    #[serde(default)]
    pub owner_organization_id: Option<Uuid>,
    #[serde(default)]
    pub relevance: Option<String>,
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
}

/// A goal draft that passed validation. Whether the owner is a member of the partnership is the
/// application's to check, against the partnership.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidGoal {
    pub statement: String,
    pub metric: Option<String>,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub owner_organization_id: Option<Uuid>,
    pub relevance: Option<String>,
    pub due_on: Option<NaiveDate>,
}

impl GoalDraft {
    pub fn validate(&self) -> Result<ValidGoal, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let statement = errors.required_text("statement", &self.statement, 1_000);
        let metric = errors.optional_text("metric", self.metric.as_deref(), SHORT_MAX);
        let unit = errors.optional_text("unit", self.unit.as_deref(), 50);
        let relevance = errors.optional_text("relevance", self.relevance.as_deref(), TEXT_MAX);
        for (field, value) in [("baseline", self.baseline), ("target", self.target), ("current", self.current)] {
            if value.is_some_and(|v| !v.is_finite()) {
                errors.add(field, "must be a number");
            }
        }
        errors.plausible_optional_date("due_on", self.due_on);
        if self.target.is_some() && self.metric.is_none() {
            errors.add("metric", "name what the target measures");
        }
        errors.finish(|| ValidGoal {
            statement,
            metric,
            unit,
            baseline: self.baseline,
            target: self.target,
            current: self.current,
            owner_organization_id: self.owner_organization_id,
            relevance,
            due_on: self.due_on,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalUpdate {
    pub id: Uuid,
    pub goal_id: Uuid,
    pub current: Option<f64>,
    pub confidence: Confidence,
    pub comment: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GoalUpdateDraft {
    #[serde(default)]
    pub current: Option<f64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Confidence))]
    pub confidence: String,
    #[serde(default)]
    pub comment: Option<String>,
}

/// A progress update that passed validation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidGoalUpdate {
    pub current: Option<f64>,
    pub confidence: Confidence,
    pub comment: Option<String>,
}

impl GoalUpdateDraft {
    pub fn validate(&self) -> Result<ValidGoalUpdate, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let confidence = errors.choice("confidence", &self.confidence);
        let comment = errors.optional_text("comment", self.comment.as_deref(), TEXT_MAX);
        if self.current.is_some_and(|v| !v.is_finite()) {
            errors.add("current", "must be a number");
        }
        errors.finish_parsed(confidence, |confidence| ValidGoalUpdate { current: self.current, confidence, comment })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Milestone {
    pub id: Uuid,
    pub goal_id: Uuid,
    pub partnership_id: Uuid,
    pub title: String,
    pub due_on: NaiveDate,
    pub met_on: Option<NaiveDate>,
    pub archived_at: Option<DateTime<Utc>>,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MilestoneDraft {
    pub title: String,
    pub due_on: NaiveDate,
    #[serde(default)]
    pub met_on: Option<NaiveDate>,
}

/// A milestone draft that passed validation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidMilestone {
    pub title: String,
    pub due_on: NaiveDate,
    pub met_on: Option<NaiveDate>,
}

impl MilestoneDraft {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidMilestone, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let title = errors.required_text("title", &self.title, SHORT_MAX);
        errors.plausible_date("due_on", self.due_on);
        if errors.plausible_optional_date("met_on", self.met_on) && self.met_on.is_some_and(|d| d > today) {
            errors.add("met_on", "cannot be in the future");
        }
        errors.finish(|| ValidMilestone { title, due_on: self.due_on, met_on: self.met_on })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Commitment {
    pub id: Uuid,
    pub partnership_id: Uuid,
    /// The organisation that promised.
    pub promisor_organization_id: Uuid,
    /// The person who promised on its behalf, if one did.
    pub promisor_user_id: Option<Uuid>,
    /// Whom it was promised to; `None` means the whole partnership.
    pub promisee_organization_id: Option<Uuid>,
    pub description: String,
    /// The day the promise was made: the day it was recorded, unless it was recorded afterwards.
    pub made_on: NaiveDate,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub cancelled: bool,
    /// Derived from the dates on the day of the request.
    pub status: CommitmentStatus,
    /// The check-in whose action item this is, if any.
    pub checkin_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommitmentDraft {
    pub promisor_organization_id: Uuid,
    #[serde(default)]
    pub promisor_user_id: Option<Uuid>,
    #[serde(default)]
    pub promisee_organization_id: Option<Uuid>,
    pub description: String,
    pub due_on: NaiveDate,
    /// The day the promise was made, when it is recorded afterwards; today when left out.
    #[serde(default)]
    pub made_on: Option<NaiveDate>,
    /// What became of it, for a promise recorded after the fact: required once the due date has
    /// passed, so that history never counts against a partner by accident.
    #[serde(default)]
    pub outcome: Option<OutcomeDraft>,
}

/// A commitment draft that passed validation against its partnership's members. Whether the
/// promising person is in the workspace is the application's to check.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidCommitment {
    pub promisor_organization_id: Uuid,
    pub promisor_user_id: Option<Uuid>,
    pub promisee_organization_id: Option<Uuid>,
    pub description: String,
    pub due_on: NaiveDate,
    pub made_on: NaiveDate,
    pub outcome: Option<ValidOutcome>,
}

/// Where a promise is made: the partnership's organisations, today, and the day a promise
/// counts as made when its draft does not say (a check-in's action items were made at the
/// check-in).
#[derive(Debug, Clone, Copy)]
pub struct PromiseContext<'a> {
    pub members: &'a [Uuid],
    pub today: NaiveDate,
    pub made_on: NaiveDate,
}

impl<'a> PromiseContext<'a> {
    /// A promise made today.
    pub fn today(members: &'a [Uuid], today: NaiveDate) -> Self {
        PromiseContext { members, today, made_on: today }
    }
}

impl CommitmentDraft {
    pub fn validate(&self, context: PromiseContext<'_>) -> Result<ValidCommitment, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let valid = self.validate_in(context, "", &mut errors);
        errors.finish_parsed(valid, |valid| valid)
    }

    /// A correction of a recorded promise made on `made_on` (its wording, parties or due date):
    /// checked like a new promise, but what became of it is not a correction's to say (marking it
    /// done, agreeing a new date or cancelling does that), and whether its due date may still
    /// move is the commitment's own rule (`CommitmentFacts::check_correction`).
    pub fn validate_correction(
        &self,
        members: &[Uuid],
        made_on: NaiveDate,
    ) -> Result<ValidCommitment, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.outcome.is_some() {
            errors
                .add("outcome", "a correction does not say what happened: mark it done, agree a new date or cancel it");
        }
        let valid = self.promise_in(members, "", &mut errors).map(|promise| ValidCommitment { made_on, ..promise });
        errors.finish_parsed(valid, |valid| valid)
    }

    /// Adds what is wrong to `errors`, each field name prefixed with `prefix` (for action items
    /// inside a check-in); the valid commitment when nothing of this draft's is wrong.
    pub fn validate_in(
        &self,
        context: PromiseContext<'_>,
        prefix: &str,
        errors: &mut ValidationErrors,
    ) -> Option<ValidCommitment> {
        let PromiseContext { members, today, .. } = context;
        let before = errors.0.len();
        let promise = self.promise_in(members, prefix, errors);
        let due_on_plausible = errors.for_field(&format!("{prefix}due_on")).is_none();
        // Left out, a promise counts as made today, or on its due date if that has passed (the
        // outcome asked for below then says what happened).
        let made_on =
            self.made_on.unwrap_or(if due_on_plausible { context.made_on.min(self.due_on) } else { context.made_on });
        let made_on_field = format!("{prefix}made_on");
        if errors.plausible_date(&made_on_field, made_on) {
            if made_on > today {
                errors.add(&made_on_field, "cannot be in the future: record a promise once it is made");
            } else if due_on_plausible && made_on > self.due_on {
                errors.add(&made_on_field, "must be on or before the due date");
            }
        }
        let outcome = match &self.outcome {
            Some(outcome) => outcome.validate(&self.due_on, made_on, today, prefix, errors),
            None if due_on_plausible && self.due_on < today => {
                errors.add(
                    format!("{prefix}outcome"),
                    "this due date has passed: say what happened (kept, renegotiated before it was due, cancelled by agreement, or not kept)",
                );
                None
            }
            None => None,
        };
        let promise = promise.map(|promise| ValidCommitment { made_on, outcome, ..promise });
        (errors.0.len() == before).then_some(promise).flatten()
    }

    /// The promise itself, as of no particular day: its words, a plausible due date, and parties
    /// who are members (and not one promising itself). Its made-on day and outcome are the
    /// caller's to set.
    fn promise_in(&self, members: &[Uuid], prefix: &str, errors: &mut ValidationErrors) -> Option<ValidCommitment> {
        let before = errors.0.len();
        let description = errors.required_text(&format!("{prefix}description"), &self.description, 2_000);
        errors.plausible_date(&format!("{prefix}due_on"), self.due_on);
        if !members.contains(&self.promisor_organization_id) {
            errors
                .add(format!("{prefix}promisor_organization_id"), "must be a member organisation of this partnership");
        }
        if let Some(promisee) = self.promisee_organization_id {
            if !members.contains(&promisee) {
                errors.add(
                    format!("{prefix}promisee_organization_id"),
                    "must be a member organisation of this partnership",
                );
            } else if promisee == self.promisor_organization_id {
                errors.add(format!("{prefix}promisee_organization_id"), "an organisation cannot promise to itself");
            }
        }
        (errors.0.len() == before).then_some(ValidCommitment {
            promisor_organization_id: self.promisor_organization_id,
            promisor_user_id: self.promisor_user_id,
            promisee_organization_id: self.promisee_organization_id,
            description,
            due_on: self.due_on,
            made_on: self.due_on,
            outcome: None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommitmentEvent {
    pub id: Uuid,
    pub kind: CommitmentEventKind,
    pub occurred_at: DateTime<Utc>,
    /// The day the event concerns: the day it was done, for example.
    pub on_date: Option<NaiveDate>,
    pub previous_due_on: Option<NaiveDate>,
    pub new_due_on: Option<NaiveDate>,
    pub reason: Option<String>,
    pub actor_user_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckIn {
    pub id: Uuid,
    pub partnership_id: Uuid,
    pub held_on: NaiveDate,
    pub agenda: Option<String>,
    pub notes: Option<String>,
    pub decisions: Option<String>,
    pub attendee_organization_ids: Vec<Uuid>,
    pub attendee_user_ids: Vec<Uuid>,
    /// Commitments created from this check-in's action items.
    pub action_item_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckInDraft {
    pub held_on: NaiveDate,
    #[serde(default)]
    pub agenda: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub decisions: Option<String>,
    /// At most 200.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub attendee_organization_ids: Vec<Uuid>,
    /// At most 200.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub attendee_user_ids: Vec<Uuid>,
    /// Contacts of member organisations who were there: each is logged as in touch that day.
    /// At most 200.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub attendee_contact_ids: Vec<Uuid>,
    /// Each becomes a commitment in the same request. At most 50.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub action_items: Vec<CommitmentDraft>,
}

/// A check-in draft that passed validation, its action items with it. Whether the attendees and
/// the promising people are people of the workspace, and the contacts contacts of its members,
/// is the application's and the store's to check.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidCheckIn {
    pub held_on: NaiveDate,
    pub agenda: Option<String>,
    pub notes: Option<String>,
    pub decisions: Option<String>,
    pub attendee_organization_ids: Vec<Uuid>,
    pub attendee_user_ids: Vec<Uuid>,
    pub attendee_contact_ids: Vec<Uuid>,
    pub action_items: Vec<ValidCommitment>,
}

impl ValidCheckIn {
    /// The note logged for each contact who attended, in the check-in's partnership.
    pub fn contact_note(&self, partnership_name: &str) -> ValidContactNote {
        ValidContactNote { noted_on: self.held_on, note: format!("Met at the {partnership_name} check-in") }
    }
}

impl CheckInDraft {
    pub fn validate(&self, members: &[Uuid], today: NaiveDate) -> Result<ValidCheckIn, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if errors.plausible_date("held_on", self.held_on) && self.held_on > today {
            errors.add("held_on", "cannot be in the future: record a check-in once it has happened");
        }
        let few_enough = [
            errors.at_most("attendee_organization_ids", &self.attendee_organization_ids, limits::ATTENDEES),
            errors.at_most("attendee_user_ids", &self.attendee_user_ids, limits::ATTENDEES),
            errors.at_most("attendee_contact_ids", &self.attendee_contact_ids, limits::ATTENDEES),
            errors.at_most("action_items", &self.action_items, limits::ACTION_ITEMS),
        ];
        if few_enough.contains(&false) {
            return Err(errors);
        }
        let (agenda, notes, decisions) = meeting_record(
            [&self.agenda, &self.notes, &self.decisions],
            &self.attendee_organization_ids,
            members,
            &mut errors,
        );
        // Every item is checked (collected first), so one pass names every bad field.
        let action_items: Vec<Option<ValidCommitment>> = self
            .action_items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let context = PromiseContext { members, today, made_on: self.held_on.min(today) };
                item.validate_in(context, &format!("action_items[{i}]."), &mut errors)
            })
            .collect();
        let action_items: Option<Vec<ValidCommitment>> = action_items.into_iter().collect();
        let mut attendee_organization_ids = self.attendee_organization_ids.clone();
        attendee_organization_ids.dedup();
        errors.finish_parsed(action_items, |action_items| ValidCheckIn {
            held_on: self.held_on,
            agenda,
            notes,
            decisions,
            attendee_organization_ids,
            attendee_user_ids: self.attendee_user_ids.clone(),
            attendee_contact_ids: self.attendee_contact_ids.clone(),
            action_items,
        })
    }
}

/// What a check-in's record may be corrected in (issue 22): who was there, the agenda, the
/// notes and the decisions. Its date and action items stay as recorded: the date drives the
/// cadence, and each action item is a commitment with its own history.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckInCorrection {
    #[serde(default)]
    pub agenda: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub decisions: Option<String>,
    /// At most 200.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub attendee_organization_ids: Vec<Uuid>,
    /// At most 200.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub attendee_user_ids: Vec<Uuid>,
}

/// A check-in correction that passed validation; whether the attendees are people of the
/// workspace is the application's to check.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidCheckInCorrection {
    pub agenda: Option<String>,
    pub notes: Option<String>,
    pub decisions: Option<String>,
    pub attendee_organization_ids: Vec<Uuid>,
    pub attendee_user_ids: Vec<Uuid>,
}

/// What a check-in and its correction both record: the agenda, notes and decisions (their
/// lengths checked) and organisations that attended, each a member of the partnership.
fn meeting_record(
    [agenda, notes, decisions]: [&Option<String>; 3],
    attendee_organization_ids: &[Uuid],
    members: &[Uuid],
    errors: &mut ValidationErrors,
) -> (Option<String>, Option<String>, Option<String>) {
    let agenda = errors.optional_text("agenda", agenda.as_deref(), TEXT_MAX);
    let notes = errors.optional_text("notes", notes.as_deref(), TEXT_MAX * 5);
    let decisions = errors.optional_text("decisions", decisions.as_deref(), TEXT_MAX);
    for (i, org) in attendee_organization_ids.iter().enumerate() {
        if !members.contains(org) {
            errors.add(format!("attendee_organization_ids[{i}]"), "must be a member organisation of this partnership");
        }
    }
    (agenda, notes, decisions)
}

impl CheckInCorrection {
    /// `members` are the partnership's organisations.
    pub fn validate(&self, members: &[Uuid]) -> Result<ValidCheckInCorrection, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let few_enough = [
            errors.at_most("attendee_organization_ids", &self.attendee_organization_ids, limits::ATTENDEES),
            errors.at_most("attendee_user_ids", &self.attendee_user_ids, limits::ATTENDEES),
        ];
        if few_enough.contains(&false) {
            return Err(errors);
        }
        let (agenda, notes, decisions) = meeting_record(
            [&self.agenda, &self.notes, &self.decisions],
            &self.attendee_organization_ids,
            members,
            &mut errors,
        );
        let mut attendee_organization_ids = self.attendee_organization_ids.clone();
        attendee_organization_ids.dedup();
        let mut attendee_user_ids = self.attendee_user_ids.clone();
        attendee_user_ids.dedup();
        errors.finish(|| ValidCheckInCorrection {
            agenda,
            notes,
            decisions,
            attendee_organization_ids,
            attendee_user_ids,
        })
    }
}

impl ValidCheckInCorrection {
    /// What the correction changes in `checkin`, in words for its history; empty when nothing.
    pub fn changes(&self, checkin: &CheckIn) -> Vec<&'static str> {
        let same_set = |a: &[Uuid], b: &[Uuid]| a.iter().all(|x| b.contains(x)) && b.iter().all(|x| a.contains(x));
        let mut changed = Vec::new();
        if !same_set(&self.attendee_organization_ids, &checkin.attendee_organization_ids)
            || !same_set(&self.attendee_user_ids, &checkin.attendee_user_ids)
        {
            changed.push("who was there");
        }
        if self.agenda != checkin.agenda {
            changed.push("the agenda");
        }
        if self.notes != checkin.notes {
            changed.push("the notes");
        }
        if self.decisions != checkin.decisions {
            changed.push("the decisions");
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partnership_needs_two_distinct_members_and_known_vocabulary() {
        let org = Uuid::from_u128(1);
        let draft = PartnershipDraft {
            name: "Reading buddies".into(),
            kind: "school_community".into(),
            status: "sometimes".into(),
            cadence: "monthly".into(),
            vision: None,
            members: vec![
                MemberDraft { organization_id: org, role: None },
                MemberDraft { organization_id: org, role: None },
            ],
            started_on: None,
        };
        let errors = draft.validate().unwrap_err();
        assert!(errors.for_field("status").unwrap().contains("exploring"));
        assert_eq!(errors.for_field("members[1].organization_id"), Some("is listed twice"));
        assert!(errors.for_field("members").is_some());
    }

    #[test]
    fn a_contact_is_due_for_follow_up_once_its_interval_has_passed() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let contact = |last: Option<i64>, every: Option<i32>| Contact {
            id: Uuid::nil(),
            organization_id: Uuid::nil(),
            name: "Rosa".into(),
            role: None,
            email: None,
            phone: None,
            last_contacted_on: last.map(|d| today - chrono::Duration::days(d)),
            follow_up_days: every,
            owner_user_id: None,
            archived_at: None,
            version: 1,
        };
        assert!(contact(Some(31), Some(30)).follow_up_overdue(today), "a day past the interval");
        assert!(!contact(Some(30), Some(30)).follow_up_overdue(today), "due today is not yet overdue");
        assert_eq!(contact(Some(30), Some(30)).follow_up_due(today), Some(today));
        assert!(contact(None, Some(30)).follow_up_overdue(today), "never contacted, with an interval, is overdue");
        assert!(
            !contact(None, None).follow_up_overdue(today) && contact(Some(400), None).follow_up_due(today).is_none(),
            "no interval, no reminder"
        );
        let draft = ContactNoteDraft { noted_on: Some(today + chrono::Duration::days(1)), note: " ".into() };
        let errors = draft.validate(today).unwrap_err();
        assert_eq!(errors.for_field("note"), Some("is required"));
        assert!(errors.for_field("noted_on").unwrap().contains("future"));
        assert_eq!(ContactNoteDraft { noted_on: None, note: "Called".into() }.validate(today).unwrap().noted_on, today);
    }

    #[test]
    fn a_promise_recorded_after_its_due_date_asks_what_happened() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let today = day(5, 1);
        let members = [a, b];
        let draft = CommitmentDraft {
            promisor_organization_id: a,
            promisor_user_id: None,
            promisee_organization_id: Some(b),
            description: "Lend 40 books".into(),
            due_on: day(4, 10),
            made_on: Some(day(3, 1)),
            outcome: None,
        };
        let context = PromiseContext::today(&members, today);
        let errors = draft.validate(context).unwrap_err();
        assert!(errors.for_field("outcome").unwrap().contains("say what happened"));
        let kept = CommitmentDraft { outcome: Some(OutcomeDraft::Kept { on: day(4, 12) }), ..draft.clone() };
        let valid = kept.validate(context).unwrap();
        assert_eq!((valid.made_on, valid.outcome), (day(3, 1), Some(ValidOutcome::Kept { on: day(4, 12) })));
        let made_in_future = CommitmentDraft { made_on: Some(day(5, 2)), due_on: day(6, 1), ..draft.clone() };
        assert!(made_in_future.validate(context).unwrap_err().for_field("made_on").unwrap().contains("future"));
        let made_after_due = CommitmentDraft { made_on: Some(day(4, 20)), ..kept.clone() };
        assert_eq!(
            made_after_due.validate(context).unwrap_err().for_field("made_on"),
            Some("must be on or before the due date")
        );
        // Today's promises are as before: no outcome asked, made today.
        let today_promise = CommitmentDraft { due_on: day(6, 1), made_on: None, ..draft };
        assert_eq!(today_promise.validate(context).unwrap().made_on, today);
    }

    #[test]
    fn action_items_are_checked_with_their_position() {
        let a = Uuid::from_u128(1);
        let outsider = Uuid::from_u128(3);
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let bad = CommitmentDraft {
            promisor_organization_id: outsider,
            promisor_user_id: None,
            promisee_organization_id: None,
            description: "".into(),
            due_on: today,
            made_on: None,
            outcome: None,
        };
        let draft = CheckInDraft {
            held_on: today,
            agenda: None,
            notes: None,
            decisions: None,
            attendee_organization_ids: vec![a],
            attendee_user_ids: vec![],
            attendee_contact_ids: vec![],
            action_items: vec![bad.clone()],
        };
        let errors = draft.validate(&[a, Uuid::from_u128(2)], today).unwrap_err();
        assert_eq!(errors.for_field("action_items[0].description"), Some("is required"));
        assert!(errors.for_field("action_items[0].promisor_organization_id").is_some());

        // A good item between two bad ones: every bad one is named, in one pass.
        let good = CommitmentDraft { promisor_organization_id: a, description: "Lend books".into(), ..bad.clone() };
        let draft = CheckInDraft { action_items: vec![bad.clone(), good.clone(), bad], ..draft };
        let errors = draft.validate(&[a, Uuid::from_u128(2)], today).unwrap_err();
        assert!(errors.for_field("action_items[0].promisor_organization_id").is_some());
        assert!(errors.for_field("action_items[1].promisor_organization_id").is_none());
        assert!(errors.for_field("action_items[2].promisor_organization_id").is_some());
        let valid =
            CheckInDraft { action_items: vec![good], ..draft }.validate(&[a, Uuid::from_u128(2)], today).unwrap();
        assert_eq!(valid.action_items[0].description, "Lend books");
    }

    #[test]
    fn goal_progress_runs_from_baseline_to_target() {
        let now = Utc::now();
        let goal = Goal {
            id: Uuid::nil(),
            partnership_id: Uuid::nil(),
            statement: "Raise attendance".into(),
            metric: Some("attendance".into()),
            unit: Some("%".into()),
            baseline: Some(80.0),
            target: Some(90.0),
            current: Some(85.0),
            owner_organization_id: None,
            relevance: None,
            due_on: None,
            confidence: None,
            created_at: now,
            updated_at: now,
            archived_at: None,
            version: 1,
        };
        assert_eq!(goal.progress_percent(), Some(50.0));
    }
}
