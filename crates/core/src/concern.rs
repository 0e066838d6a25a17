//! Concerns (SPEC 2, conflict resolution): a clear channel for raising a problem with a
//! partnership, a deadline for acknowledging it, structured dialogue, and mediation by a named
//! neutral person. This module holds the records, the legal moves between states and who may
//! see a concern; it performs no I/O.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::{Action, Viewer};
use crate::kinds::{ConcernSeverity, ConcernState, ConcernVisibility};
use crate::validate::ValidationErrors;

/// Days to acknowledge a concern when its author names no deadline (SPEC 3.4).
pub const DEFAULT_ACKNOWLEDGE_DAYS: i64 = 7;
/// The longest deadline one may give: a concern left for months is not being answered.
const MAX_ACKNOWLEDGE_DAYS: i64 = 90;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Concern {
    pub id: Uuid,
    pub partnership_id: Uuid,
    /// The member organisation it is about, when it is about one.
    pub organization_id: Option<Uuid>,
    pub title: String,
    pub description: String,
    pub severity: ConcernSeverity,
    pub visibility: ConcernVisibility,
    pub state: ConcernState,
    pub raised_by: Uuid,
    pub raised_at: DateTime<Utc>,
    /// The day by which it should be acknowledged.
    pub acknowledge_by: NaiveDate,
    pub acknowledged_on: Option<NaiveDate>,
    /// Still waiting for acknowledgement after its deadline, on the day of the request.
    pub overdue: bool,
    pub mediator_user_id: Option<Uuid>,
    /// What was agreed, once resolved.
    pub resolution: Option<String>,
    /// The day it was resolved or withdrawn.
    pub closed_on: Option<NaiveDate>,
    pub version: i32,
}

impl Concern {
    pub fn parties(&self) -> ConcernParties {
        ConcernParties {
            raised_by: self.raised_by,
            mediator_user_id: self.mediator_user_id,
            visibility: self.visibility,
        }
    }
}

/// One step in a concern's history: who moved it, when, from where to where, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConcernTransition {
    pub id: Uuid,
    pub concern_id: Uuid,
    /// `None` for the step that raised it.
    pub from_state: Option<ConcernState>,
    pub to_state: ConcernState,
    pub note: Option<String>,
    /// The mediator named by a move into mediation.
    pub mediator_user_id: Option<Uuid>,
    pub actor_user_id: Uuid,
    pub occurred_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConcernDraft {
    pub partnership_id: Uuid,
    /// A member organisation the concern is about.
    #[serde(default)]
    pub organization_id: Option<Uuid>,
    pub title: String,
    pub description: String,
    #[cfg_attr(feature = "openapi", schema(value_type = ConcernSeverity))]
    pub severity: String,
    /// `shared` (the default) or `private`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ConcernVisibility>))]
    pub visibility: Option<String>,
    /// Seven days after today when absent.
    #[serde(default)]
    pub acknowledge_by: Option<NaiveDate>,
}

/// A concern draft that passed validation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidConcern {
    pub partnership_id: Uuid,
    pub organization_id: Option<Uuid>,
    pub title: String,
    pub description: String,
    pub severity: ConcernSeverity,
    pub visibility: ConcernVisibility,
    pub acknowledge_by: NaiveDate,
}

impl ConcernDraft {
    /// `members` are the partnership's organisations.
    pub fn validate(&self, members: &[Uuid], today: NaiveDate) -> Result<ValidConcern, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let title = errors.required_text("title", &self.title, 200);
        let description = errors.required_text("description", &self.description, 10_000);
        let severity = errors.choice("severity", &self.severity);
        let visibility = match self.visibility.as_deref() {
            None | Some("") => Some(ConcernVisibility::Shared),
            Some(text) => errors.choice("visibility", text),
        };
        if self.organization_id.is_some_and(|org| !members.contains(&org)) {
            errors.add("organization_id", "must be a member organisation of this partnership");
        }
        let acknowledge_by = self.acknowledge_by.unwrap_or(today + chrono::Duration::days(DEFAULT_ACKNOWLEDGE_DAYS));
        if acknowledge_by < today {
            errors.add("acknowledge_by", "cannot be in the past");
        } else if acknowledge_by > today + chrono::Duration::days(MAX_ACKNOWLEDGE_DAYS) {
            errors.add("acknowledge_by", format!("must be within {MAX_ACKNOWLEDGE_DAYS} days"));
        } else {
            errors.plausible_date("acknowledge_by", acknowledge_by);
        }
        errors.finish_parsed(severity.zip(visibility), |(severity, visibility)| ValidConcern {
            partnership_id: self.partnership_id,
            organization_id: self.organization_id,
            title,
            description,
            severity,
            visibility,
            acknowledge_by,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConcernTransitionDraft {
    /// The state to move to.
    #[cfg_attr(feature = "openapi", schema(value_type = ConcernState))]
    pub to: String,
    #[serde(default)]
    pub note: Option<String>,
    /// Required when moving into mediation: the neutral person who mediates.
    #[serde(default)]
    pub mediator_user_id: Option<Uuid>,
    /// Required when resolving: what was agreed.
    #[serde(default)]
    pub resolution: Option<String>,
}

/// A transition draft that passed validation (the state machine is checked separately, against
/// the stored state, so that a stale request answers a conflict).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidTransition {
    pub to: ConcernState,
    pub note: Option<String>,
    pub mediator_user_id: Option<Uuid>,
    pub resolution: Option<String>,
}

impl ConcernTransitionDraft {
    pub fn validate(&self) -> Result<ValidTransition, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let to = errors.choice::<ConcernState>("to", &self.to);
        let note = errors.optional_text("note", self.note.as_deref(), 10_000);
        let resolution = errors.optional_text("resolution", self.resolution.as_deref(), 10_000);
        match to {
            Some(ConcernState::InMediation) if self.mediator_user_id.is_none() => {
                errors.add("mediator_user_id", "name the mediator");
            }
            Some(state) if state != ConcernState::InMediation && self.mediator_user_id.is_some() => {
                errors.add("mediator_user_id", "a mediator is named only when moving into mediation");
            }
            _ => {}
        }
        match to {
            Some(ConcernState::Resolved) if resolution.is_none() => errors.add("resolution", "say what was agreed"),
            Some(state) if state != ConcernState::Resolved && resolution.is_some() => {
                errors.add("resolution", "a resolution is kept only when resolving");
            }
            _ => {}
        }
        if to == Some(ConcernState::Raised) {
            errors.add("to", "a concern is raised only once");
        }
        errors.finish_parsed(to, |to| ValidTransition { to, note, mediator_user_id: self.mediator_user_id, resolution })
    }
}

impl ConcernState {
    /// The states a concern in this state may move to. Dialogue may follow mediation again when
    /// the mediator hands the conversation back; resolved and withdrawn are final.
    pub fn next_states(self) -> &'static [ConcernState] {
        use ConcernState::*;
        match self {
            Raised => &[Acknowledged, Withdrawn],
            Acknowledged => &[InDialogue, InMediation, Resolved, Withdrawn],
            InDialogue => &[InMediation, Resolved, Withdrawn],
            InMediation => &[InDialogue, Resolved, Withdrawn],
            Resolved | Withdrawn => &[],
        }
    }

    pub fn is_closed(self) -> bool {
        self.next_states().is_empty()
    }

    /// Whether someone has answered the concern by this state.
    pub fn is_acknowledged(self) -> bool {
        !matches!(self, ConcernState::Raised | ConcernState::Withdrawn)
    }

    /// `Err` with a sentence naming the states when the move is not one of [`Self::next_states`].
    pub fn check_move(self, to: ConcernState) -> Result<(), String> {
        if self.next_states().contains(&to) {
            return Ok(());
        }
        let allowed = self.next_states().iter().map(|s| s.as_str()).collect::<Vec<_>>();
        Err(if allowed.is_empty() {
            format!("this concern is {}: it cannot move to {} or to any other state", self.as_str(), to.as_str())
        } else {
            format!("a concern that is {} can move to {}, not to {}", self.as_str(), allowed.join(" or "), to.as_str())
        })
    }
}

/// Who a concern involves, for the visibility rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConcernParties {
    pub raised_by: Uuid,
    pub mediator_user_id: Option<Uuid>,
    pub visibility: ConcernVisibility,
}

impl ConcernParties {
    /// SPEC 7: a shared concern is visible to whoever sees its partnership; a private one only
    /// to its author, the coordinators and owners, and its mediator. The mediator sees the
    /// concern even when they cannot see the partnership: that is what naming them grants.
    pub fn visible_to(&self, viewer: &Viewer, partnership_members: &[Uuid]) -> bool {
        self.involves(viewer)
            || viewer.may(Action::ManageNetwork)
            || (self.visibility == ConcernVisibility::Shared && viewer.sees_partnership(partnership_members))
    }

    /// The author or the mediator.
    pub fn involves(&self, viewer: &Viewer) -> bool {
        viewer.user_id == self.raised_by || Some(viewer.user_id) == self.mediator_user_id
    }

    /// Why `viewer`, who sees the concern, may not move it to `to`; `None` when they may.
    /// Observers never write. Only the author or a coordinator withdraws; nobody acknowledges
    /// their own concern (acknowledging is answering someone else).
    pub fn refusal(&self, viewer: &Viewer, partnership_members: &[Uuid], to: ConcernState) -> Option<&'static str> {
        let is_mediator = Some(viewer.user_id) == self.mediator_user_id;
        let is_author = viewer.user_id == self.raised_by;
        let coordinator = viewer.may(Action::ManageNetwork);
        if !viewer.can_write() && !is_mediator {
            return Some("observers can read but not change anything");
        }
        if !(is_mediator || is_author || coordinator || viewer.can_record_in_partnership(partnership_members)) {
            return Some("only the partnership's members, the coordinators and the mediator can move this concern");
        }
        match to {
            ConcernState::Withdrawn if !(is_author || coordinator) => {
                Some("only the person who raised a concern, or a coordinator, can withdraw it")
            }
            ConcernState::Acknowledged if is_author => {
                Some("a concern is acknowledged by someone other than the person who raised it")
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::Role;

    fn viewer(user: u128, role: Role, organizations: Vec<Uuid>) -> Viewer {
        Viewer {
            user_id: Uuid::from_u128(user),
            workspace_id: Uuid::nil(),
            role,
            organizations,
            time_zone: crate::zone::TimeZone::UTC,
        }
    }

    #[test]
    fn the_lifecycle_moves_forward_and_ends() {
        use ConcernState::*;
        assert!(Raised.check_move(Acknowledged).is_ok());
        assert!(Acknowledged.check_move(InDialogue).is_ok());
        assert!(InDialogue.check_move(InMediation).is_ok());
        assert!(InMediation.check_move(Resolved).is_ok());
        assert!(InMediation.check_move(InDialogue).is_ok());
        assert_eq!(
            Raised.check_move(Resolved).unwrap_err(),
            "a concern that is raised can move to acknowledged or withdrawn, not to resolved"
        );
        assert_eq!(
            Resolved.check_move(InDialogue).unwrap_err(),
            "this concern is resolved: it cannot move to in_dialogue or to any other state"
        );
        assert!(Withdrawn.is_closed() && Resolved.is_closed() && !InMediation.is_closed());
    }

    #[test]
    fn private_concerns_are_for_the_author_the_coordinators_and_the_mediator() {
        let school = Uuid::from_u128(10);
        let members = [school, Uuid::from_u128(11)];
        let parties = ConcernParties {
            raised_by: Uuid::from_u128(1),
            mediator_user_id: Some(Uuid::from_u128(2)),
            visibility: ConcernVisibility::Private,
        };
        assert!(parties.visible_to(&viewer(1, Role::Member, vec![school]), &members), "author");
        assert!(parties.visible_to(&viewer(2, Role::Member, vec![]), &members), "mediator, outside the partnership");
        assert!(parties.visible_to(&viewer(3, Role::Coordinator, vec![]), &members), "coordinator");
        assert!(!parties.visible_to(&viewer(4, Role::Member, vec![school]), &members), "another member");
        assert!(!parties.visible_to(&viewer(5, Role::Observer, vec![]), &members), "observer");
        let shared = ConcernParties { visibility: ConcernVisibility::Shared, ..parties };
        assert!(shared.visible_to(&viewer(4, Role::Member, vec![school]), &members));
        assert!(shared.visible_to(&viewer(5, Role::Observer, vec![]), &members));
        assert!(!shared.visible_to(&viewer(6, Role::Member, vec![Uuid::from_u128(99)]), &members));
    }

    #[test]
    fn who_may_move_a_concern() {
        let school = Uuid::from_u128(10);
        let members = [school];
        let parties = ConcernParties {
            raised_by: Uuid::from_u128(1),
            mediator_user_id: Some(Uuid::from_u128(2)),
            visibility: ConcernVisibility::Shared,
        };
        let author = viewer(1, Role::Member, vec![school]);
        let colleague = viewer(3, Role::Member, vec![school]);
        assert!(parties.refusal(&author, &members, ConcernState::Acknowledged).is_some());
        assert!(parties.refusal(&colleague, &members, ConcernState::Acknowledged).is_none());
        assert!(parties.refusal(&colleague, &members, ConcernState::Withdrawn).is_some());
        assert!(parties.refusal(&author, &members, ConcernState::Withdrawn).is_none());
        assert!(
            parties.refusal(&viewer(2, Role::Member, vec![]), &members, ConcernState::Resolved).is_none(),
            "the mediator records the resolution"
        );
        assert!(parties.refusal(&viewer(5, Role::Observer, vec![]), &members, ConcernState::Resolved).is_some());
    }

    #[test]
    fn drafts_take_a_seven_day_deadline_and_transitions_need_their_details() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let org = Uuid::from_u128(1);
        let draft = ConcernDraft {
            partnership_id: Uuid::nil(),
            organization_id: Some(Uuid::from_u128(9)),
            title: " Late room bookings ".into(),
            description: "The library room was double-booked twice.".into(),
            severity: "medium".into(),
            visibility: None,
            acknowledge_by: None,
        };
        assert_eq!(
            draft.validate(&[org], today).unwrap_err().for_field("organization_id"),
            Some("must be a member organisation of this partnership")
        );
        let valid = ConcernDraft { organization_id: Some(org), ..draft }.validate(&[org], today).unwrap();
        assert_eq!(valid.acknowledge_by, NaiveDate::from_ymd_opt(2026, 5, 8).unwrap());
        assert_eq!(valid.visibility, ConcernVisibility::Shared);
        assert_eq!(valid.title, "Late room bookings");

        let mediation =
            ConcernTransitionDraft { to: "in_mediation".into(), note: None, mediator_user_id: None, resolution: None };
        assert_eq!(mediation.validate().unwrap_err().for_field("mediator_user_id"), Some("name the mediator"));
        let resolve = ConcernTransitionDraft {
            to: "resolved".into(),
            note: None,
            mediator_user_id: None,
            resolution: Some("  ".into()),
        };
        assert_eq!(resolve.validate().unwrap_err().for_field("resolution"), Some("say what was agreed"));
        let unknown =
            ConcernTransitionDraft { to: "solved".into(), note: None, mediator_user_id: None, resolution: None };
        assert!(unknown.validate().unwrap_err().for_field("to").unwrap().contains("in_mediation"));
    }
}
