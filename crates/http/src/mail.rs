//! E-mails in the recipient's language (issue 25): the daily reminders, the weekly digest, a
//! "forgot password" link and an invitation. The jobs runner (the `rapport` binary) words them
//! here, from the same message files as the pages ([`Tr`], the one loader), in the recipient's
//! language: their own choice, else the workspace's default.
//!
//! The core and the app keep the facts (`Reminder::facts`, `DigestNews`, `MailFacts`) and the
//! English sentences written from them (`reminder_message`, `digest_message`,
//! `MailFacts::english`); the unit tests below hold the English here equal to those, word for word.

use chrono::NaiveDate;
use rapport_app::MailFacts;
use rapport_core::kinds::ReminderKind;
use rapport_core::reminder::{DigestNews, Message, Reminder};

use crate::i18n::Tr;
use crate::ui::{reasons, words};

/// An e-mail that carries a secret link (a password reset, an invitation), in `tr`'s language.
pub fn secret(tr: &Tr, mail: &MailFacts) -> Message {
    match mail {
        MailFacts::PasswordReset { first_name, email, link } => Message {
            subject: tr.t("mail-reset-subject"),
            text: format!(
                "{}\n\n{}\n\n{}\n{link}\n\n{}\n",
                tr.a("mail-hello", [("name", first_name.clone())]),
                tr.a("mail-reset-asked", [("email", email.clone())]),
                tr.t("mail-reset-choose"),
                tr.t("mail-reset-once"),
            ),
        },
        MailFacts::Invitation { inviter, workspace, role, link, expires_at } => Message {
            subject: tr.a("mail-invitation-subject", [("workspace", workspace.clone())]),
            text: format!(
                "{}\n\n{}\n\n{}\n{link}\n\n{}\n",
                tr.t("mail-hello-anyone"),
                tr.a(
                    "mail-invitation-invites",
                    [
                        ("inviter", inviter.clone()),
                        ("workspace", workspace.clone()),
                        ("role", words::role(tr, *role).to_lowercase()),
                    ],
                ),
                tr.a("mail-invitation-open", [("day", tr.long_day(expires_at.date_naive()))]),
                tr.t("mail-invitation-ignore"),
            ),
        },
    }
}

/// The daily reminder e-mail: each reminder with a link, grouped by kind.
pub fn reminders(
    tr: &Tr,
    first_name: &str,
    workspace: &str,
    reminders: &[Reminder],
    base_url: &str,
    settings_url: &str,
    today: NaiveDate,
) -> Message {
    let subject = match reminders {
        [one] => tr.a("mail-reminders-subject-one", [("workspace", workspace.to_owned()), ("title", title(tr, one))]),
        all => tr.na("mail-reminders-subject", all.len(), [("workspace", workspace.to_owned())]),
    };
    let mut text = format!(
        "{}\n\n{}\n",
        tr.a("mail-hello", [("name", first_name.to_owned())]),
        tr.a("mail-reminders-intro", [("workspace", workspace.to_owned())])
    );
    write_groups(tr, &mut text, reminders, base_url, today);
    text.push_str(&format!("\n{}\n", tr.a("mail-settings", [("url", settings_url.to_owned())])));
    Message { subject, text }
}

/// The weekly digest: the week ahead, open warnings, and thanks received.
#[allow(clippy::too_many_arguments)]
pub fn digest(
    tr: &Tr,
    first_name: &str,
    workspace: &str,
    reminders: &[Reminder],
    news: &DigestNews,
    base_url: &str,
    settings_url: &str,
    today: NaiveDate,
) -> Message {
    let subject = tr.a("mail-digest-subject", [("workspace", workspace.to_owned())]);
    let mut text = format!(
        "{}\n\n{}\n",
        tr.a("mail-hello", [("name", first_name.to_owned())]),
        tr.a("mail-digest-intro", [("workspace", workspace.to_owned())])
    );
    if reminders.is_empty() {
        text.push_str(&format!("\n{}\n", tr.t("mail-digest-clear")));
    } else {
        write_groups(tr, &mut text, reminders, base_url, today);
    }
    if !news.warnings.is_empty() {
        text.push_str(&format!("\n{}\n", tr.t("mail-digest-warnings")));
        for warning in &news.warnings {
            // A warning stored before its facts were kept says what it said then, in English.
            let explanation =
                warning.facts.as_ref().map_or_else(|| warning.explanation.clone(), |f| reasons::explanation(tr, f));
            text.push_str(&format!("- {}: {explanation}\n", warning.partnership));
        }
    }
    if !news.kudos.is_empty() {
        text.push_str(&format!("\n{}\n", tr.t("mail-digest-kudos")));
        for kudos in &news.kudos {
            let line =
                tr.a("mail-kudos-line", [("message", kudos.message.clone()), ("day", tr.day_month(kudos.given_on))]);
            text.push_str(&format!("- {line}\n"));
        }
    }
    text.push_str(&format!("\n{}\n", tr.a("mail-settings", [("url", settings_url.to_owned())])));
    Message { subject, text }
}

fn write_groups(tr: &Tr, text: &mut String, reminders: &[Reminder], base_url: &str, today: NaiveDate) {
    let base = base_url.trim_end_matches('/');
    for kind in ReminderKind::ALL {
        let group: Vec<&Reminder> = reminders.iter().filter(|r| r.kind == *kind).collect();
        if group.is_empty() {
            continue;
        }
        text.push_str(&format!("\n{}\n", words::reminder_kind(tr, *kind)));
        for reminder in group {
            text.push_str(&format!(
                "- {} ({})\n  {base}{}\n",
                title(tr, reminder),
                detail(tr, reminder, today),
                reminder.path
            ));
        }
    }
}

/// What to do: the words Rapport gives a check-in, else what people typed.
fn title(tr: &Tr, r: &Reminder) -> String {
    match (r.kind, &r.facts.partnership) {
        (ReminderKind::CheckInDue, Some(partnership)) => {
            tr.a("mail-checkin-title", [("partnership", partnership.clone())])
        }
        _ => r.title.clone(),
    }
}

/// Where it stands, from its facts; a reminder without them keeps its English words.
fn detail(tr: &Tr, r: &Reminder, today: NaiveDate) -> String {
    let facts = &r.facts;
    let partnership = || facts.partnership.clone().unwrap_or_default();
    match (r.kind, r.due_on) {
        (ReminderKind::CommitmentDue | ReminderKind::CommitmentOverdue, Some(due)) if facts.partnership.is_some() => {
            tr.a("mail-commitment-detail", [("due", due_words(tr, due, today)), ("partnership", partnership())])
        }
        (ReminderKind::CheckInDue, Some(due)) if facts.cadence.is_some() => tr.a(
            "mail-checkin-detail",
            [
                ("cadence", facts.cadence.map(|c| words::cadence(tr, c).to_lowercase()).unwrap_or_default()),
                ("due", due_words(tr, due, today)),
            ],
        ),
        (ReminderKind::GoalReview, _) if facts.partnership.is_some() => tr.a(
            "mail-goal-detail",
            [("since", facts.since.map(|d| tr.day_month(d)).unwrap_or_default()), ("partnership", partnership())],
        ),
        (ReminderKind::SurveyToAnswer, Some(closes)) => tr.a("mail-survey-detail", [("day", tr.day_month(closes))]),
        (ReminderKind::ConcernToAcknowledge, Some(due)) => {
            tr.a("mail-concern-detail", [("due", due_words(tr, due, today))])
        }
        (ReminderKind::FollowUp, _) => match facts.since {
            Some(last) => tr.a("mail-follow-up-last", [("day", tr.long_day(last))]),
            None => tr.t("mail-follow-up-never"),
        },
        (ReminderKind::AgreementEnding, Some(ends)) if facts.partnership.is_some() => match facts.lapsed_days {
            Some(days) => tr.na("mail-agreement-lapsed", days, [("partnership", partnership())]),
            None => tr.a("mail-agreement-ends", [("day", tr.long_day(ends)), ("partnership", partnership())]),
        },
        _ => r.detail.clone(),
    }
}

/// "due today", "due in 3 days", "4 days overdue".
fn due_words(tr: &Tr, due: NaiveDate, today: NaiveDate) -> String {
    match (due - today).num_days() {
        0 => tr.t("due-today"),
        1 => tr.t("due-tomorrow"),
        d if d > 1 => tr.a("due-in", [("span", tr.n("span-days", d))]),
        d => tr.a("due-overdue", [("span", tr.n("span-days", -d))]),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use rapport_core::Role;
    use rapport_core::kinds::Cadence;
    use rapport_core::reminder::{
        DigestKudos, DigestWarning, ReminderFacts, digest_message, due_words as english_due, reminder_message,
    };

    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// Reminders of every kind as the app makes them: the English words and their facts.
    fn reminders(today: NaiveDate) -> Vec<Reminder> {
        let p = || Some("Reading Buddies".to_owned());
        let make = |kind, title: &str, detail: String, due: Option<NaiveDate>, facts: ReminderFacts| Reminder {
            kind,
            title: title.to_owned(),
            detail,
            due_on: due,
            path: "/w/1/x".to_owned(),
            facts,
        };
        let due = day("2026-03-13");
        let late = day("2026-03-09");
        let since = day("2026-01-04");
        vec![
            make(
                ReminderKind::CommitmentDue,
                "Lend the books",
                format!("{}, Reading Buddies", english_due(due, today)),
                Some(due),
                ReminderFacts { partnership: p(), ..ReminderFacts::default() },
            ),
            make(
                ReminderKind::CommitmentOverdue,
                "Send the flyer",
                format!("{}, Reading Buddies", english_due(late, today)),
                Some(late),
                ReminderFacts { partnership: p(), ..ReminderFacts::default() },
            ),
            make(
                ReminderKind::CheckInDue,
                "Check-in of Reading Buddies",
                format!("{} check-in {}", Cadence::Monthly.label().to_lowercase(), english_due(today, today)),
                Some(today),
                ReminderFacts { partnership: p(), cadence: Some(Cadence::Monthly), ..ReminderFacts::default() },
            ),
            make(
                ReminderKind::GoalReview,
                "Every child reads",
                format!("no progress update since {}, Reading Buddies", since.format("%-d %B")),
                Some(day("2026-03-12")),
                ReminderFacts { partnership: p(), since: Some(since), ..ReminderFacts::default() },
            ),
            make(
                ReminderKind::SurveyToAnswer,
                "Partnership pulse",
                format!("open until {}", due.format("%-d %B")),
                Some(due),
                ReminderFacts::default(),
            ),
            make(
                ReminderKind::ConcernToAcknowledge,
                "Late deliveries",
                format!("please acknowledge, {}", english_due(day("2026-03-11"), today)),
                Some(day("2026-03-11")),
                ReminderFacts::default(),
            ),
            make(
                ReminderKind::FollowUp,
                "Ana (Library)",
                format!("last contacted {}", since.format("%-d %B %Y")),
                None,
                ReminderFacts { since: Some(since), ..ReminderFacts::default() },
            ),
            make(ReminderKind::FollowUp, "Bo (Library)", "never contacted".into(), None, ReminderFacts::default()),
            make(
                ReminderKind::AgreementEnding,
                "Data sharing",
                format!("ends {}, Reading Buddies: decide on renewal", due.format("%-d %B %Y")),
                Some(due),
                ReminderFacts { partnership: p(), ..ReminderFacts::default() },
            ),
            make(
                ReminderKind::AgreementEnding,
                "Room use",
                "ended 3 days ago but still marked in force, Reading Buddies".into(),
                Some(day("2026-03-07")),
                ReminderFacts { partnership: p(), lapsed_days: Some(3), ..ReminderFacts::default() },
            ),
            make(
                ReminderKind::AgreementEnding,
                "Bus use",
                "ended 1 day ago but still marked in force, Reading Buddies".into(),
                Some(day("2026-03-09")),
                ReminderFacts { partnership: p(), lapsed_days: Some(1), ..ReminderFacts::default() },
            ),
        ]
    }

    #[test]
    fn english_e_mails_are_the_cores_word_for_word() {
        let en = Tr::english();
        let today = day("2026-03-10");
        let all = reminders(today);
        let (base, settings) = ("https://r.example", "https://r.example/w/1/settings#reminders");
        for r in &all {
            assert_eq!(detail(&en, r, today), r.detail, "{:?}", r.kind);
            assert_eq!(title(&en, r), r.title, "{:?}", r.kind);
        }
        assert_eq!(
            super::reminders(&en, "Ana", "Riverside", &all, base, settings, today),
            reminder_message("Ana", "Riverside", &all, base, settings)
        );
        assert_eq!(
            super::reminders(&en, "Ana", "Riverside", &all[..1], base, settings, today),
            reminder_message("Ana", "Riverside", &all[..1], base, settings)
        );
        let news = DigestNews {
            warnings: vec![DigestWarning {
                partnership: "Reading Buddies".into(),
                explanation: "check-ins slipping".into(),
                facts: None,
            }],
            kudos: vec![DigestKudos { message: "Thanks for the books".into(), given_on: day("2026-03-06") }],
        };
        for (reminders, news) in [(&all[..], &news), (&[][..], &news), (&all[..2], &DigestNews::default())] {
            assert_eq!(
                digest(&en, "Ana", "Riverside", reminders, news, base, settings, today),
                digest_message("Ana", "Riverside", reminders, news, base, settings)
            );
        }
        let at = Utc.with_ymd_and_hms(2026, 3, 24, 9, 0, 0).unwrap();
        for mail in [
            MailFacts::PasswordReset {
                first_name: "Ana".into(),
                email: "ana@example.org".into(),
                link: "https://r.example/reset/x".into(),
            },
            MailFacts::Invitation {
                inviter: "Olive Owner".into(),
                workspace: "Riverside".into(),
                role: Role::Coordinator,
                link: "https://r.example/invite/x".into(),
                expires_at: at,
            },
        ] {
            let (subject, text) = mail.english();
            assert_eq!(secret(&en, &mail), Message { subject, text });
        }
    }

    #[test]
    fn spanish_e_mails_leave_no_english_but_the_names_typed() {
        let es = Tr::of("es").unwrap();
        let today = day("2026-03-10");
        let all = reminders(today);
        let message =
            super::reminders(&es, "Ana", "Riverside", &all, "https://r.example", "https://r.example/s", today);
        for english in [
            "Hello",
            "need",
            "due",
            "overdue",
            "check-in",
            "since",
            "open until",
            "acknowledge",
            "contacted",
            "ends",
            "renewal",
            "Choose what",
        ] {
            assert!(!message.text.contains(english) && !message.subject.contains(english), "{english}:\n{message:?}");
        }
        assert!(message.text.starts_with("Hola, Ana:"), "{}", message.text);
        let mail = MailFacts::PasswordReset { first_name: "Ana".into(), email: "a@x.org".into(), link: "L".into() };
        let reset = secret(&es, &mail);
        assert!(reset.subject.contains("contraseña") && reset.text.contains("\nL\n"), "{reset:?}");
    }
}
