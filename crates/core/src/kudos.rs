//! Kudos (SPEC 2, celebrating wins): thanks from a person, for themself or for their
//! organisation, to a person or an organisation, optionally for a commitment, milestone or goal.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::kinds::RecordKind;
use crate::trust::RecordRef;
use crate::validate::ValidationErrors;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Kudos {
    pub id: Uuid,
    /// The partnership it belongs to; `None` for thanks across the network.
    pub partnership_id: Option<Uuid>,
    pub from_user_id: Uuid,
    /// The organisation the sender thanks on behalf of; `None` when they thank for themself.
    pub from_organization_id: Option<Uuid>,
    pub to_user_id: Option<Uuid>,
    pub to_organization_id: Option<Uuid>,
    pub message: String,
    /// The commitment, milestone or goal it thanks for.
    pub about: Option<RecordRef>,
    pub given_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KudosDraft {
    /// Taken from `about` when that is given.
    #[serde(default)]
    pub partnership_id: Option<Uuid>,
    /// One of the sender's organisations, to thank on its behalf.
    #[serde(default)]
    pub from_organization_id: Option<Uuid>,
    /// Exactly one of `to_user_id` and `to_organization_id`.
    #[serde(default)]
    pub to_user_id: Option<Uuid>,
    #[serde(default)]
    pub to_organization_id: Option<Uuid>,
    pub message: String,
    #[serde(default)]
    pub about: Option<RecordRef>,
}

/// A kudos draft that passed what needs no database; the application checks that its ids exist
/// and fit, and settles the partnership.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidKudos {
    pub partnership_id: Option<Uuid>,
    pub from_organization_id: Option<Uuid>,
    pub to_user_id: Option<Uuid>,
    pub to_organization_id: Option<Uuid>,
    pub message: String,
    pub about: Option<RecordRef>,
}

impl KudosDraft {
    /// Checks what needs no database; the application checks that the ids exist and fit.
    pub fn validate(&self, sender_organizations: &[Uuid]) -> Result<ValidKudos, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let message = errors.required_text("message", &self.message, 2_000);
        match (self.to_user_id, self.to_organization_id) {
            (None, None) => errors.add("to_organization_id", "thank a person or an organisation"),
            (Some(_), Some(_)) => errors.add("to_user_id", "thank a person or an organisation, not both"),
            _ => {}
        }
        if self.from_organization_id.is_some_and(|org| !sender_organizations.contains(&org)) {
            errors.add("from_organization_id", "must be an organisation you belong to");
        }
        if self.from_organization_id.is_some() && self.from_organization_id == self.to_organization_id {
            errors.add("to_organization_id", "thank another organisation than your own");
        }
        if self
            .about
            .is_some_and(|a| !matches!(a.kind, RecordKind::Commitment | RecordKind::Milestone | RecordKind::Goal))
        {
            errors.add("about.kind", "kudos are about a commitment, a milestone or a goal");
        }
        errors.finish(|| ValidKudos {
            partnership_id: self.partnership_id,
            from_organization_id: self.from_organization_id,
            to_user_id: self.to_user_id,
            to_organization_id: self.to_organization_id,
            message,
            about: self.about,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kudos_go_to_exactly_one_recipient_from_ones_own_organisation() {
        let mine = Uuid::from_u128(1);
        let draft = KudosDraft {
            partnership_id: None,
            from_organization_id: Some(Uuid::from_u128(2)),
            to_user_id: None,
            to_organization_id: None,
            message: "Thank you for hosting!".into(),
            about: Some(RecordRef { kind: RecordKind::CheckIn, id: Uuid::nil() }),
        };
        let errors = draft.validate(&[mine]).unwrap_err();
        assert!(errors.for_field("to_organization_id").is_some());
        assert!(errors.for_field("from_organization_id").is_some());
        assert!(errors.for_field("about.kind").is_some());
        let ok = KudosDraft {
            from_organization_id: Some(mine),
            to_organization_id: Some(Uuid::from_u128(3)),
            about: None,
            ..draft
        };
        assert!(ok.validate(&[mine]).is_ok());
    }
}
