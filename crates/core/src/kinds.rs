//! The closed vocabularies of Rapport: each is stored and sent as its snake_case name and shown
//! to people by its label.

use std::fmt;

/// A value that is not one of an enumeration's names; lists the accepted ones for the error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of: {}", .expected.join(", "))]
pub struct UnknownValue {
    pub expected: &'static [&'static str],
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $(#[serde(rename = $text)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            const NAMES: &'static [&'static str] = &[$($text,)+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            /// The words shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownValue;
            fn from_str(text: &str) -> Result<Self, UnknownValue> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue { expected: Self::NAMES }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What kind of body an organisation is.
    OrganizationKind {
        School = "school", "School";
        District = "district", "District";
        Nonprofit = "nonprofit", "Nonprofit";
        HigherEducation = "higher_education", "Higher education";
        Business = "business", "Business";
        Government = "government", "Government";
        Library = "library", "Library";
        Faith = "faith", "Faith organisation";
        FamilyGroup = "family_group", "Family group";
        Other = "other", "Other";
    }
}

vocabulary! {
    PartnershipKind {
        SchoolCommunity = "school_community", "School–community";
        HigherEdK12 = "higher_ed_k12", "Higher-ed–K12";
        InterSchool = "inter_school", "Inter-school";
        Other = "other", "Other";
    }
}

vocabulary! {
    /// Where a partnership is in its life.
    PartnershipStatus {
        Exploring = "exploring", "Exploring";
        Forming = "forming", "Forming";
        Active = "active", "Active";
        Renewing = "renewing", "Renewing";
        Paused = "paused", "Paused";
        Ended = "ended", "Ended";
    }
}

vocabulary! {
    /// How often a partnership means to meet.
    Cadence {
        Weekly = "weekly", "Weekly";
        Fortnightly = "fortnightly", "Fortnightly";
        Monthly = "monthly", "Monthly";
        Quarterly = "quarterly", "Quarterly";
    }
}

impl Cadence {
    /// Days between expected check-ins (SPEC 3.3: 7, 14, 30.4 or 91).
    pub fn days(self) -> f64 {
        match self {
            Cadence::Weekly => 7.0,
            Cadence::Fortnightly => 14.0,
            Cadence::Monthly => 30.4,
            Cadence::Quarterly => 91.0,
        }
    }
}

vocabulary! {
    /// How confident the owner of a goal is that it will be reached.
    Confidence {
        OnTrack = "on_track", "On track";
        AtRisk = "at_risk", "At risk";
        OffTrack = "off_track", "Off track";
    }
}

impl Confidence {
    /// The weight SPEC 3.3 gives each level in the goals component.
    pub fn score(self) -> f64 {
        match self {
            Confidence::OnTrack => 1.0,
            Confidence::AtRisk => 0.5,
            Confidence::OffTrack => 0.0,
        }
    }
}

vocabulary! {
    /// A person's role in a workspace (SPEC 7).
    Role {
        Owner = "owner", "Owner";
        Coordinator = "coordinator", "Coordinator";
        Member = "member", "Member";
        Observer = "observer", "Observer";
    }
}

vocabulary! {
    /// What happened to a commitment; its history is a list of these.
    CommitmentEventKind {
        Made = "made", "Made";
        Done = "done", "Done";
        Renegotiated = "renegotiated", "Renegotiated";
        Cancelled = "cancelled", "Cancelled by agreement";
    }
}

vocabulary! {
    /// Where a commitment stands on a given day. Only `open`, `done` and `cancelled` are stored;
    /// the rest are derived from the dates.
    CommitmentStatus {
        Open = "open", "Open";
        DueSoon = "due_soon", "Due soon";
        Overdue = "overdue", "Overdue";
        Missed = "missed", "Missed";
        Done = "done", "Done";
        DoneLate = "done_late", "Done late";
        Cancelled = "cancelled", "Cancelled";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_list_the_choices() {
        for kind in OrganizationKind::ALL {
            assert_eq!(kind.as_str().parse::<OrganizationKind>(), Ok(*kind));
        }
        let err = "castle".parse::<Cadence>().unwrap_err();
        assert_eq!(err.to_string(), "must be one of: weekly, fortnightly, monthly, quarterly");
    }
}
