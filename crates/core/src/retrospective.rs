//! Retrospectives (SPEC 2: lessons learned, candid debriefing without finger-pointing): after a
//! milestone, a phase, or on demand, partners note what went well, what did not, the lessons,
//! and follow-up actions that become commitments.
//!
//! An item may be anonymous towards the other partners, under the unlinkability rules of survey
//! answers (SPEC 4): it is stored without its author, with a random id and without the time it
//! was written, and no activity-log entry records it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::kinds::{RetrospectiveItemKind, RetrospectiveTrigger};
use crate::records::ValidCommitment;
use crate::validate::ValidationErrors;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Retrospective {
    pub id: Uuid,
    pub partnership_id: Uuid,
    pub title: String,
    pub trigger: RetrospectiveTrigger,
    /// The milestone looked back on, for a retrospective after a milestone.
    pub milestone_id: Option<Uuid>,
    pub held_on: NaiveDate,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    /// Grouped by kind; anonymous items in an order that says nothing about when they came.
    pub items: Vec<RetrospectiveItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetrospectiveItem {
    pub id: Uuid,
    pub kind: RetrospectiveItemKind,
    pub text: String,
    /// `None` for an anonymous item.
    pub author_user_id: Option<Uuid>,
    pub anonymous: bool,
    /// The commitment a follow-up action became.
    pub commitment_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RetrospectiveDraft {
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = RetrospectiveTrigger))]
    pub trigger: String,
    #[serde(default)]
    pub milestone_id: Option<Uuid>,
    pub held_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidRetrospective {
    pub title: String,
    pub trigger: RetrospectiveTrigger,
    pub milestone_id: Option<Uuid>,
    pub held_on: NaiveDate,
}

impl RetrospectiveDraft {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidRetrospective, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let title = errors.required_text("title", &self.title, 200);
        let trigger = errors.choice::<RetrospectiveTrigger>("trigger", &self.trigger);
        match (trigger, self.milestone_id) {
            (Some(RetrospectiveTrigger::Milestone), None) => {
                errors.add("milestone_id", "name the milestone looked back on");
            }
            (Some(t), Some(_)) if t != RetrospectiveTrigger::Milestone => {
                errors.add("milestone_id", "only a retrospective after a milestone names one");
            }
            _ => {}
        }
        if errors.plausible_date("held_on", self.held_on) && self.held_on > today {
            errors.add("held_on", "cannot be in the future");
        }
        errors.finish_parsed(trigger, |trigger| ValidRetrospective {
            title,
            trigger,
            milestone_id: self.milestone_id,
            held_on: self.held_on,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RetrospectiveItemDraft {
    #[cfg_attr(feature = "openapi", schema(value_type = RetrospectiveItemKind))]
    pub kind: String,
    pub text: String,
    /// Hide who wrote it from everyone, coordinators included.
    #[serde(default)]
    pub anonymous: bool,
    /// For a follow-up action: the member organisation that takes it on…
    #[serde(default)]
    pub promisor_organization_id: Option<Uuid>,
    /// …and by when. The action becomes a commitment.
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidItem {
    pub kind: RetrospectiveItemKind,
    pub text: String,
    pub anonymous: bool,
    /// For a follow-up action: who promises, and by when.
    pub follow_up: Option<(Uuid, NaiveDate)>,
}

impl RetrospectiveItemDraft {
    /// `members` are the partnership's organisations.
    pub fn validate(&self, members: &[Uuid], today: NaiveDate) -> Result<ValidItem, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = errors.choice::<RetrospectiveItemKind>("kind", &self.kind);
        let text = errors.required_text("text", &self.text, 2_000);
        let mut follow_up = None;
        if kind == Some(RetrospectiveItemKind::FollowUp) {
            match self.promisor_organization_id {
                None => errors.add("promisor_organization_id", "name the member organisation that takes the action on"),
                Some(org) if !members.contains(&org) => {
                    errors.add("promisor_organization_id", "must be a member organisation of this partnership");
                }
                Some(_) => {}
            }
            match self.due_on {
                None => errors.add("due_on", "say by when"),
                Some(due) if !errors.plausible_date("due_on", due) => {}
                Some(due) if due < today => errors.add("due_on", "cannot be in the past"),
                Some(_) => {}
            }
            if let (Some(org), Some(due)) = (self.promisor_organization_id, self.due_on) {
                follow_up = Some((org, due));
            }
        } else if self.promisor_organization_id.is_some() || self.due_on.is_some() {
            errors.add("kind", "only a follow-up action takes an organisation and a due date");
        }
        errors.finish_parsed(kind, |kind| ValidItem { kind, text, anonymous: self.anonymous, follow_up })
    }
}

impl ValidItem {
    /// The commitment a follow-up action becomes: the organisation's promise to the whole
    /// partnership, in the item's words, made on `made_on`.
    pub fn follow_up_commitment(&self, made_on: NaiveDate) -> Option<ValidCommitment> {
        let (promisor, due_on) = self.follow_up?;
        Some(ValidCommitment {
            promisor_organization_id: promisor,
            promisor_user_id: None,
            promisee_organization_id: None,
            description: self.text.clone(),
            due_on,
            made_on: made_on.min(due_on),
            outcome: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_ups_need_a_member_and_a_date_and_milestone_retrospectives_a_milestone() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let org = Uuid::from_u128(1);
        let item = RetrospectiveItemDraft {
            kind: "follow_up".into(),
            text: "Book rooms a term ahead".into(),
            anonymous: true,
            promisor_organization_id: None,
            due_on: None,
        };
        let errors = item.validate(&[org], today).unwrap_err();
        assert!(errors.for_field("promisor_organization_id").is_some() && errors.for_field("due_on").is_some());
        let ok = RetrospectiveItemDraft { promisor_organization_id: Some(org), due_on: Some(today), ..item };
        assert_eq!(ok.validate(&[org], today).unwrap().follow_up, Some((org, today)));
        let retro = RetrospectiveDraft {
            title: "Spring term".into(),
            trigger: "milestone".into(),
            milestone_id: None,
            held_on: today,
        };
        assert_eq!(
            retro.validate(today).unwrap_err().for_field("milestone_id"),
            Some("name the milestone looked back on")
        );
    }
}
