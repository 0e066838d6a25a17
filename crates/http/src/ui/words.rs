//! The closed vocabularies' labels (`rapport_core::kinds`) in the page's language. Each
//! vocabulary keeps its English label in the core for the API, CSV files and e-mails; pages read
//! theirs here, from `vocabulary.ftl`.

use rapport_core::kinds::{
    AgreementKind, AgreementStatus, Cadence, CommitmentStatus, ConcernSeverity, ConcernState, Confidence,
    OrganizationKind, PartnershipKind, PartnershipStatus, ReminderKind, Role, Severity, WarningKind,
};

use crate::i18n::Tr;

pub fn role(tr: &Tr, value: Role) -> String {
    match value {
        Role::Owner => tr.t("role-owner"),
        Role::Coordinator => tr.t("role-coordinator"),
        Role::Member => tr.t("role-member"),
        Role::Observer => tr.t("role-observer"),
    }
}

pub fn partnership_kind(tr: &Tr, value: PartnershipKind) -> String {
    match value {
        PartnershipKind::SchoolCommunity => tr.t("partnership-kind-school-community"),
        PartnershipKind::HigherEdK12 => tr.t("partnership-kind-higher-ed-k12"),
        PartnershipKind::InterSchool => tr.t("partnership-kind-inter-school"),
        PartnershipKind::Other => tr.t("partnership-kind-other"),
    }
}

pub fn partnership_status(tr: &Tr, value: PartnershipStatus) -> String {
    match value {
        PartnershipStatus::Exploring => tr.t("partnership-status-exploring"),
        PartnershipStatus::Forming => tr.t("partnership-status-forming"),
        PartnershipStatus::Active => tr.t("partnership-status-active"),
        PartnershipStatus::Renewing => tr.t("partnership-status-renewing"),
        PartnershipStatus::Paused => tr.t("partnership-status-paused"),
        PartnershipStatus::Ended => tr.t("partnership-status-ended"),
    }
}

pub fn cadence(tr: &Tr, value: Cadence) -> String {
    match value {
        Cadence::Weekly => tr.t("cadence-weekly"),
        Cadence::Fortnightly => tr.t("cadence-fortnightly"),
        Cadence::Monthly => tr.t("cadence-monthly"),
        Cadence::Quarterly => tr.t("cadence-quarterly"),
    }
}

pub fn commitment_status(tr: &Tr, value: CommitmentStatus) -> String {
    match value {
        CommitmentStatus::Open => tr.t("commitment-status-open"),
        CommitmentStatus::DueSoon => tr.t("commitment-status-due-soon"),
        CommitmentStatus::Overdue => tr.t("commitment-status-overdue"),
        CommitmentStatus::Missed => tr.t("commitment-status-missed"),
        CommitmentStatus::Done => tr.t("commitment-status-done"),
        CommitmentStatus::DoneLate => tr.t("commitment-status-done-late"),
        CommitmentStatus::Cancelled => tr.t("commitment-status-cancelled"),
    }
}

pub fn confidence(tr: &Tr, value: Confidence) -> String {
    match value {
        Confidence::OnTrack => tr.t("confidence-on-track"),
        Confidence::AtRisk => tr.t("confidence-at-risk"),
        Confidence::OffTrack => tr.t("confidence-off-track"),
    }
}

pub fn severity(tr: &Tr, value: Severity) -> String {
    match value {
        Severity::Positive => tr.t("severity-positive"),
        Severity::Info => tr.t("severity-info"),
        Severity::Warning => tr.t("severity-warning"),
        Severity::Critical => tr.t("severity-critical"),
    }
}

pub fn reminder_kind(tr: &Tr, value: ReminderKind) -> String {
    match value {
        ReminderKind::CommitmentDue => tr.t("reminder-kind-commitment-due"),
        ReminderKind::CommitmentOverdue => tr.t("reminder-kind-commitment-overdue"),
        ReminderKind::CheckInDue => tr.t("reminder-kind-check-in-due"),
        ReminderKind::SurveyToAnswer => tr.t("reminder-kind-survey-to-answer"),
        ReminderKind::ConcernToAcknowledge => tr.t("reminder-kind-concern-to-acknowledge"),
        ReminderKind::GoalReview => tr.t("reminder-kind-goal-review"),
        ReminderKind::FollowUp => tr.t("reminder-kind-follow-up"),
        ReminderKind::AgreementEnding => tr.t("reminder-kind-agreement-ending"),
    }
}

pub fn warning_kind(tr: &Tr, value: WarningKind) -> String {
    match value {
        WarningKind::CommitmentsOverdue => tr.t("warning-kind-commitments-overdue"),
        WarningKind::CadenceSlipping => tr.t("warning-kind-cadence-slipping"),
        WarningKind::TrustFalling => tr.t("warning-kind-trust-falling"),
        WarningKind::GoalAtRisk => tr.t("warning-kind-goal-at-risk"),
        WarningKind::ConcernUnanswered => tr.t("warning-kind-concern-unanswered"),
        WarningKind::OneSidedPartnership => tr.t("warning-kind-one-sided-partnership"),
        WarningKind::QuietPartner => tr.t("warning-kind-quiet-partner"),
        WarningKind::WinToCelebrate => tr.t("warning-kind-win-to-celebrate"),
        WarningKind::AgreementEnding => tr.t("warning-kind-agreement-ending"),
    }
}

pub fn concern_state(tr: &Tr, value: ConcernState) -> String {
    match value {
        ConcernState::Raised => tr.t("concern-state-raised"),
        ConcernState::Acknowledged => tr.t("concern-state-acknowledged"),
        ConcernState::InDialogue => tr.t("concern-state-in-dialogue"),
        ConcernState::InMediation => tr.t("concern-state-in-mediation"),
        ConcernState::Resolved => tr.t("concern-state-resolved"),
        ConcernState::Withdrawn => tr.t("concern-state-withdrawn"),
    }
}

pub fn concern_severity(tr: &Tr, value: ConcernSeverity) -> String {
    match value {
        ConcernSeverity::Low => tr.t("concern-severity-low"),
        ConcernSeverity::Medium => tr.t("concern-severity-medium"),
        ConcernSeverity::High => tr.t("concern-severity-high"),
    }
}

pub fn organization_kind(tr: &Tr, value: OrganizationKind) -> String {
    match value {
        OrganizationKind::School => tr.t("organization-kind-school"),
        OrganizationKind::District => tr.t("organization-kind-district"),
        OrganizationKind::Nonprofit => tr.t("organization-kind-nonprofit"),
        OrganizationKind::HigherEducation => tr.t("organization-kind-higher-education"),
        OrganizationKind::Business => tr.t("organization-kind-business"),
        OrganizationKind::Government => tr.t("organization-kind-government"),
        OrganizationKind::Library => tr.t("organization-kind-library"),
        OrganizationKind::Faith => tr.t("organization-kind-faith"),
        OrganizationKind::FamilyGroup => tr.t("organization-kind-family-group"),
        OrganizationKind::Other => tr.t("organization-kind-other"),
    }
}

pub fn agreement_kind(tr: &Tr, value: AgreementKind) -> String {
    match value {
        AgreementKind::Memorandum => tr.t("agreement-kind-memorandum"),
        AgreementKind::DataSharing => tr.t("agreement-kind-data-sharing"),
        AgreementKind::FacilityUse => tr.t("agreement-kind-facility-use"),
        AgreementKind::Funding => tr.t("agreement-kind-funding"),
        AgreementKind::Other => tr.t("agreement-kind-other"),
    }
}

pub fn agreement_status(tr: &Tr, value: AgreementStatus) -> String {
    match value {
        AgreementStatus::Draft => tr.t("agreement-status-draft"),
        AgreementStatus::InForce => tr.t("agreement-status-in-force"),
        AgreementStatus::Expired => tr.t("agreement-status-expired"),
        AgreementStatus::Ended => tr.t("agreement-status-ended"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In English, every label is the core's own.
    #[test]
    fn english_labels_are_the_cores() {
        let en = Tr::english();
        for v in ConcernState::ALL {
            assert_eq!(concern_state(&en, *v), v.label());
        }
        for v in ConcernSeverity::ALL {
            assert_eq!(concern_severity(&en, *v), v.label());
        }
        for v in WarningKind::ALL {
            assert_eq!(warning_kind(&en, *v), v.label());
        }
        for v in PartnershipKind::ALL {
            assert_eq!(partnership_kind(&en, *v), v.label());
        }
        for v in PartnershipStatus::ALL {
            assert_eq!(partnership_status(&en, *v), v.label());
        }
        for v in Cadence::ALL {
            assert_eq!(cadence(&en, *v), v.label());
        }
        for v in CommitmentStatus::ALL {
            assert_eq!(commitment_status(&en, *v), v.label());
        }
        for v in Confidence::ALL {
            assert_eq!(confidence(&en, *v), v.label());
        }
        for v in Severity::ALL {
            assert_eq!(severity(&en, *v), v.label());
        }
        for v in ReminderKind::ALL {
            assert_eq!(reminder_kind(&en, *v), v.label());
        }
        for v in OrganizationKind::ALL {
            assert_eq!(organization_kind(&en, *v), v.label());
        }
        for v in AgreementKind::ALL {
            assert_eq!(agreement_kind(&en, *v), v.label());
        }
        for v in AgreementStatus::ALL {
            assert_eq!(agreement_status(&en, *v), v.label());
        }
    }
}
