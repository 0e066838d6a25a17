//! The closed vocabularies of Rapport: each is stored and sent as its snake_case name and shown
//! to people by its label.

use std::fmt;

/// A value that is not one of an enumeration's names; lists the accepted ones for the error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of: {}", .expected.join(", "))]
pub struct UnknownValue {
    pub expected: &'static [&'static str],
}

// `$text` is a `tt`, not a `literal`: a `literal` fragment reaches derive macros wrapped in an
// invisible group, which utoipa's derive does not read as `rename`, so the OpenAPI document
// named the variants in PascalCase while the wire speaks snake_case.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:tt, $label:literal;)+ }) => {
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

impl PartnershipStatus {
    /// Whether partners are expected to be working together now: paused and ended partnerships
    /// are not expected to meet or deliver, so they raise no warnings.
    pub fn is_running(self) -> bool {
        !matches!(self, PartnershipStatus::Paused | PartnershipStatus::Ended)
    }
}

vocabulary! {
    /// What a reminder is about; each person can mute any of them.
    ReminderKind {
        CommitmentDue = "commitment_due", "Commitments due soon";
        CommitmentOverdue = "commitment_overdue", "Overdue commitments";
        CheckInDue = "check_in_due", "Check-ins due";
        SurveyToAnswer = "survey_to_answer", "Surveys to answer";
        ConcernToAcknowledge = "concern_to_acknowledge", "Concerns awaiting acknowledgement";
        GoalReview = "goal_review", "Goals to review";
        FollowUp = "follow_up", "Contacts to follow up";
        AgreementEnding = "agreement_ending", "Agreements to renew";
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
        // The record was put right (wording, parties, a due date not yet reached): not an
        // outcome, and no evidence either way.
        Corrected = "corrected", "Corrected";
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

vocabulary! {
    /// What a commitment's history amounts to as evidence of reliability (SPEC 3.1).
    OutcomeKind {
        OnTime = "on_time", "Done on time";
        Late = "late", "Done late";
        Missed = "missed", "Missed";
    }
}

vocabulary! {
    /// The parts of a partnership's health index (SPEC 3.3).
    HealthComponentKind {
        Reliability = "reliability", "Reliability";
        PerceivedTrust = "perceived_trust", "Perceived trust";
        Cadence = "cadence", "Check-in cadence";
        Goals = "goals", "Goals";
        Concerns = "concerns", "Concerns";
    }
}

vocabulary! {
    /// The early warnings Rapport raises about a partnership (SPEC 3.4).
    WarningKind {
        CommitmentsOverdue = "commitments_overdue", "Commitments overdue";
        CadenceSlipping = "cadence_slipping", "Cadence slipping";
        TrustFalling = "trust_falling", "Trust falling";
        GoalAtRisk = "goal_at_risk", "Goal at risk";
        ConcernUnanswered = "concern_unanswered", "Concern unanswered";
        OneSidedPartnership = "one_sided_partnership", "One-sided partnership";
        QuietPartner = "quiet_partner", "Quiet partner";
        WinToCelebrate = "win_to_celebrate", "Win to celebrate";
        AgreementEnding = "agreement_ending", "Agreement ending";
    }
}

vocabulary! {
    /// How urgently a warning asks for attention; `positive` is good news. Ordered from good news
    /// to most urgent.
    Severity {
        Positive = "positive", "Good news";
        Info = "info", "Worth a look";
        Warning = "warning", "Needs attention";
        Critical = "critical", "Urgent";
    }
}

vocabulary! {
    /// Where a warning stands with the people it warns. Acknowledged and snoozed warnings stay
    /// in the history; a snoozed one returns to the inbox when its snooze ends.
    WarningState {
        Open = "open", "Open";
        Acknowledged = "acknowledged", "Acknowledged";
        Snoozed = "snoozed", "Snoozed";
    }
}

vocabulary! {
    /// The kinds of record a score or a warning can point back to.
    RecordKind {
        Organization = "organization", "Organisation";
        Commitment = "commitment", "Commitment";
        CheckIn = "check_in", "Check-in";
        Goal = "goal", "Goal";
        Milestone = "milestone", "Milestone";
        Concern = "concern", "Concern";
        SurveyWave = "survey_wave", "Survey wave";
        Contribution = "contribution", "Contribution";
        Kudos = "kudos", "Kudos";
        Retrospective = "retrospective", "Retrospective";
        Agreement = "agreement", "Agreement";
    }
}

vocabulary! {
    /// Where a concern stands (SPEC 2, conflict resolution). Resolved and withdrawn are final.
    ConcernState {
        Raised = "raised", "Raised";
        Acknowledged = "acknowledged", "Acknowledged";
        InDialogue = "in_dialogue", "In dialogue";
        InMediation = "in_mediation", "In mediation";
        Resolved = "resolved", "Resolved";
        Withdrawn = "withdrawn", "Withdrawn";
    }
}

vocabulary! {
    /// Who may read a concern: the whole partnership, or only its author, the coordinators and
    /// its mediator (SPEC 7).
    ConcernVisibility {
        Shared = "shared", "Shared with the partnership";
        Private = "private", "Private";
    }
}

vocabulary! {
    /// How much a concern weighs on the person who raised it.
    ConcernSeverity {
        Low = "low", "Low";
        Medium = "medium", "Medium";
        High = "high", "High";
    }
}

vocabulary! {
    /// What a partner brings to a partnership (SPEC 2, equity in contributions).
    ContributionKind {
        StaffHours = "staff_hours", "Staff hours";
        VolunteerHours = "volunteer_hours", "Volunteer hours";
        Money = "money", "Money";
        InKind = "in_kind", "In-kind";
        Facilities = "facilities", "Facilities";
        Data = "data", "Data";
        Expertise = "expertise", "Expertise";
        CommunityConnections = "community_connections", "Community connections";
    }
}

impl ContributionKind {
    /// The unit a contribution of this kind takes when none is given; `None` when one must be
    /// named (money needs its currency).
    pub fn default_unit(self) -> Option<&'static str> {
        match self {
            ContributionKind::StaffHours | ContributionKind::VolunteerHours | ContributionKind::Expertise => {
                Some("hours")
            }
            ContributionKind::Money => None,
            ContributionKind::InKind
            | ContributionKind::Facilities
            | ContributionKind::Data
            | ContributionKind::CommunityConnections => Some("times"),
        }
    }
}

vocabulary! {
    /// The kinds of entry on a partnership's timeline.
    TimelineKind {
        CheckIn = "check_in", "Check-in";
        CommitmentMade = "commitment_made", "Commitment made";
        CommitmentKept = "commitment_kept", "Commitment kept";
        CommitmentRenegotiated = "commitment_renegotiated", "Commitment renegotiated";
        CommitmentCancelled = "commitment_cancelled", "Commitment cancelled";
        CommitmentMissed = "commitment_missed", "Commitment missed";
        MilestoneMet = "milestone_met", "Milestone met";
        Concern = "concern", "Concern";
        Kudos = "kudos", "Kudos";
        Contribution = "contribution", "Contribution";
        VisionRevised = "vision_revised", "Vision revised";
        Retrospective = "retrospective", "Retrospective";
        SurveyWave = "survey_wave", "Survey wave";
        Agreement = "agreement", "Agreement";
    }
}

vocabulary! {
    /// What a write did to a record, in the activity log.
    ActivityAction {
        Created = "created", "Created";
        Changed = "changed", "Changed";
        Archived = "archived", "Archived";
    }
}

vocabulary! {
    /// What a retrospective looks back on.
    RetrospectiveTrigger {
        Milestone = "milestone", "After a milestone";
        Phase = "phase", "After a phase";
        OnDemand = "on_demand", "On demand";
    }
}

vocabulary! {
    /// The parts of a retrospective (SPEC 2: lessons learned, candid debriefing).
    RetrospectiveItemKind {
        WentWell = "went_well", "Went well";
        DidNotGoWell = "did_not_go_well", "Did not go well";
        Lesson = "lesson", "Lesson learned";
        FollowUp = "follow_up", "Follow-up action";
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

vocabulary! {
    /// What a partnership agreement is (issue 26).
    AgreementKind {
        Memorandum = "memorandum_of_understanding", "Memorandum of understanding";
        DataSharing = "data_sharing", "Data-sharing agreement";
        FacilityUse = "facility_use", "Facility-use agreement";
        Funding = "funding", "Funding agreement";
        Other = "other", "Other agreement";
    }
}

vocabulary! {
    /// Where an agreement stands, as its parties set it.
    AgreementStatus {
        Draft = "draft", "Draft";
        InForce = "in_force", "In force";
        Expired = "expired", "Expired";
        Ended = "ended", "Ended";
    }
}
