//! Calendar feeds in their owner's language (issue 25): the core writes each event's English
//! words and keeps the facts they came from (`calendar::EventWhat`); [`speak`] words them again
//! in the feed owner's language (their own choice, else the workspace's). The unit test holds
//! the English here equal to the core's, word for word.

use rapport_core::calendar::{Calendar, Event, EventWhat, Party};
use rapport_core::kinds::CommitmentStatus;

use crate::i18n::Tr;
use crate::ui::words;

/// Words every event of `calendar` in `tr`'s language.
pub fn speak(tr: &Tr, calendar: &mut Calendar) {
    for event in &mut calendar.events {
        speak_event(tr, event);
    }
}

fn party(tr: &Tr, party: &Party) -> String {
    match party {
        Party::Member(name) => name.clone(),
        Party::FormerMember => tr.t("feed-former-member"),
    }
}

fn speak_event(tr: &Tr, event: &mut Event) {
    let (summary, description, category) = match &event.what {
        EventWhat::CheckInHeld { partnership, agenda, decisions } => {
            let mut lines = vec![tr.a("feed-checkin-of", [("partnership", partnership.clone())])];
            if let Some(agenda) = agenda {
                lines.push(tr.a("feed-agenda", [("agenda", agenda.clone())]));
            }
            if let Some(decisions) = decisions {
                lines.push(tr.a("feed-decisions", [("decisions", decisions.clone())]));
            }
            (
                tr.a("feed-checkin", [("partnership", partnership.clone())]),
                lines.join("\n"),
                tr.t("feed-category-checkin"),
            )
        }
        EventWhat::CheckInDue { partnership, cadence, overdue } => (
            if *overdue {
                tr.a("feed-checkin-overdue", [("partnership", partnership.clone())])
            } else {
                tr.a("feed-checkin-due", [("partnership", partnership.clone())])
            },
            tr.a(
                "feed-checkin-due-description",
                [("partnership", partnership.clone()), ("cadence", words::cadence(tr, *cadence).to_lowercase())],
            ),
            tr.t("feed-category-checkin-due"),
        ),
        EventWhat::Commitment { partnership, description, status, promisor, promisee } => {
            let prefix = match status {
                CommitmentStatus::Done => tr.t("feed-commitment-done"),
                CommitmentStatus::DoneLate => tr.t("feed-commitment-done-late"),
                CommitmentStatus::Cancelled => tr.t("feed-commitment-cancelled"),
                CommitmentStatus::Missed => tr.t("feed-commitment-missed"),
                CommitmentStatus::Overdue => tr.t("feed-commitment-overdue"),
                CommitmentStatus::Open | CommitmentStatus::DueSoon => tr.t("feed-commitment-due"),
            };
            let promisor = party(tr, promisor);
            let promisee = promisee.as_ref().map_or_else(|| tr.t("feed-the-partnership"), |p| party(tr, p));
            (
                tr.a(
                    "feed-commitment",
                    [("prefix", prefix), ("description", description.clone()), ("promisor", promisor.clone())],
                ),
                format!(
                    "{}\n{}",
                    tr.a(
                        "feed-commitment-promised",
                        [
                            ("promisor", promisor),
                            ("promisee", promisee),
                            ("partnership", partnership.clone()),
                            ("description", description.clone()),
                        ],
                    ),
                    tr.a("feed-commitment-status", [("status", words::commitment_status(tr, *status).to_lowercase())]),
                ),
                tr.t("feed-category-commitment"),
            )
        }
        EventWhat::AgreementEnds { partnership, title, kind } => (
            tr.a("feed-agreement-ends", [("title", title.clone()), ("partnership", partnership.clone())]),
            tr.a(
                "feed-agreement-ends-description",
                [("kind", words::agreement_kind(tr, *kind)), ("partnership", partnership.clone())],
            ),
            tr.t("feed-category-agreement"),
        ),
        EventWhat::RenewalNotice { partnership, title, days, ends_on } => (
            tr.a("feed-renewal-notice", [("title", title.clone()), ("partnership", partnership.clone())]),
            tr.na("feed-renewal-notice-description", *days, [("ends", ends_on.to_string())]),
            tr.t("feed-category-agreement"),
        ),
    };
    event.summary = summary;
    event.description = Some(description);
    event.categories = vec![category];
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use rapport_core::agreement::{Agreement, calendar_events};
    use rapport_core::calendar::{FeedCheckIn, FeedCommitment, FeedPartnership, partnership_events};
    use rapport_core::kinds::{AgreementKind, AgreementStatus, Cadence};
    use uuid::Uuid;

    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn calendar() -> Calendar {
        let today = day("2026-11-23");
        let mut p = FeedPartnership {
            id: Uuid::from_u128(7),
            name: "Reading Buddies".into(),
            cadence: Cadence::Monthly,
            expects_checkins: true,
            started_on: day("2026-01-05"),
            checkins: vec![],
            commitments: vec![],
        };
        for (id, agenda, decisions) in
            [(1, Some("Books"), Some("Two nights")), (2, None, None), (3, Some("Volunteers"), None)]
        {
            p.checkins.push(FeedCheckIn {
                id: Uuid::from_u128(id),
                held_on: day("2026-11-10"),
                agenda: agenda.map(str::to_owned),
                decisions: decisions.map(str::to_owned),
            });
        }
        let statuses = [
            CommitmentStatus::Open,
            CommitmentStatus::DueSoon,
            CommitmentStatus::Overdue,
            CommitmentStatus::Done,
            CommitmentStatus::DoneLate,
            CommitmentStatus::Missed,
            CommitmentStatus::Cancelled,
        ];
        for (i, status) in statuses.into_iter().enumerate() {
            p.commitments.push(FeedCommitment {
                id: Uuid::from_u128(20 + i as u128),
                description: "Lend 40 books".into(),
                due_on: day("2026-12-01"),
                status,
                promisor: if i == 1 { Party::FormerMember } else { Party::Member("Eastside Library".into()) },
                promisee: match i {
                    0 => None,
                    2 => Some(Party::FormerMember),
                    _ => Some(Party::Member("Lincoln Elementary".into())),
                },
            });
        }
        let mut events = partnership_events(&p, today, "https://rapport.example.org", Uuid::from_u128(99));
        let at = chrono::Utc::now();
        let agreement = Agreement {
            id: Uuid::from_u128(50),
            partnership_id: Uuid::from_u128(7),
            kind: AgreementKind::DataSharing,
            title: "Attendance data".into(),
            party_organization_ids: vec![],
            signed_on: None,
            starts_on: day("2026-01-01"),
            ends_on: Some(day("2027-06-30")),
            renewal_notice_days: 60,
            status: AgreementStatus::InForce,
            document_url: None,
            notes: None,
            notice_on: Some(day("2027-05-01")),
            created_by: None,
            created_at: at,
            updated_at: at,
            archived_at: None,
            version: 1,
        };
        events.extend(calendar_events(
            &agreement,
            "Reading Buddies",
            "https://rapport.example.org",
            Uuid::from_u128(99),
        ));
        Calendar { name: "Reading Buddies (Rapport)".into(), events }
    }

    #[test]
    fn english_feeds_are_the_cores_word_for_word() {
        let english = calendar();
        assert!(english.events.len() >= 3 + 3 + 7 + 2, "every kind of event: {}", english.events.len());
        let mut worded = english.clone();
        speak(&Tr::english(), &mut worded);
        for (a, b) in english.events.iter().zip(&worded.events) {
            assert_eq!(a, b);
        }
    }

    #[test]
    fn spanish_feeds_leave_no_english_but_the_names_typed() {
        let mut spanish = calendar();
        speak(&Tr::of("es").unwrap(), &mut spanish);
        for event in &spanish.events {
            let words = format!(
                "{} {} {}",
                event.summary,
                event.description.clone().unwrap_or_default(),
                event.categories.join(" ")
            );
            for english in [
                "Check-in",
                "Agenda",
                "Decisions",
                "due",
                "Done",
                "Missed",
                "Cancelled",
                "Overdue",
                "promised",
                "Status",
                "former",
                "partnership",
                "Agreement",
                "Renewal",
                "ends",
                "before",
            ] {
                assert!(!words.contains(english), "{english} in {words}");
            }
        }
    }
}
