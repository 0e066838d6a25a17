//! Reminders and the weekly digest (SPEC 2: review reminders, follow-up reminders, e-mail
//! reminders): when each kind of record becomes worth a nudge, what a person's settings let
//! through, and the words of the e-mail. The HTTP layer gathers the records a person can see;
//! nothing here does I/O.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::kinds::{Cadence, ReminderKind};

/// A commitment is "due soon" this many days ahead.
pub const DUE_SOON_DAYS: i64 = 3;
/// A goal with no progress update for this long is due for review.
pub const GOAL_REVIEW_DAYS: i64 = 30;
/// How far ahead the weekly digest looks.
pub const DIGEST_DAYS: i64 = 7;

/// One thing a person should do, with where to do it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reminder {
    pub kind: ReminderKind,
    /// What to do, in a few words: the commitment's text, the partnership's name…
    pub title: String,
    /// Where it stands: "due in 2 days", "5 days overdue".
    pub detail: String,
    pub due_on: Option<NaiveDate>,
    /// The page to open, relative to the server's address.
    pub path: String,
    /// What the words were made from, for pages that write them in another language (not sent
    /// over the API: `title` and `detail` say it there).
    #[serde(skip)]
    pub facts: ReminderFacts,
}

/// The facts behind a reminder's words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReminderFacts {
    /// The partnership it belongs to.
    pub partnership: Option<String>,
    /// The partnership's cadence, for a check-in.
    pub cadence: Option<Cadence>,
    /// Since when nothing happened: a goal's last progress update, a contact's last contact
    /// (none: never contacted).
    pub since: Option<NaiveDate>,
    /// An agreement still marked in force that ended this many days ago.
    pub lapsed_days: Option<i64>,
}

/// How a person wants to be reminded. Everyone starts with e-mail reminders and the digest on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct NotificationSettings {
    /// A daily e-mail on the days something is due.
    pub email_reminders: bool,
    /// A Monday e-mail with the week ahead.
    pub weekly_digest: bool,
    /// Nothing is sent up to and including this day (holidays, leave).
    pub muted_until: Option<NaiveDate>,
    /// Kinds never sent.
    pub muted_kinds: Vec<ReminderKind>,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        NotificationSettings { email_reminders: true, weekly_digest: true, muted_until: None, muted_kinds: Vec::new() }
    }
}

impl NotificationSettings {
    pub fn is_muted(&self, today: NaiveDate) -> bool {
        self.muted_until.is_some_and(|until| today <= until)
    }

    /// The kinds these settings let through.
    pub fn wanted_kinds(&self) -> Vec<ReminderKind> {
        ReminderKind::ALL.iter().copied().filter(|k| !self.muted_kinds.contains(k)).collect()
    }
}

/// Soonest first; undated ones (surveys without a close, follow-ups never made) last.
pub fn sort(reminders: &mut [Reminder]) {
    reminders.sort_by(|a, b| {
        (a.due_on.is_none(), a.due_on, a.kind, &a.title).cmp(&(b.due_on.is_none(), b.due_on, b.kind, &b.title))
    });
}

/// Whether an open commitment due on `due_on` is worth a reminder today, and which kind.
pub fn commitment_reminder(due_on: NaiveDate, today: NaiveDate, horizon_days: i64) -> Option<ReminderKind> {
    if due_on < today {
        Some(ReminderKind::CommitmentOverdue)
    } else if due_on <= today + Duration::days(horizon_days) {
        Some(ReminderKind::CommitmentDue)
    } else {
        None
    }
}

/// The day the next check-in is due: one cadence after the last, or after the start.
pub fn next_check_in(started_on: NaiveDate, last_held_on: Option<NaiveDate>, cadence: Cadence) -> NaiveDate {
    last_held_on.unwrap_or(started_on) + Duration::days(cadence.days().round() as i64)
}

/// The day a goal last touched on `last_touched` is due for review.
pub fn goal_review_due(last_touched: NaiveDate) -> NaiveDate {
    last_touched + Duration::days(GOAL_REVIEW_DAYS)
}

/// "due today", "due in 3 days", "4 days overdue".
pub fn due_words(due_on: NaiveDate, today: NaiveDate) -> String {
    let days = (due_on - today).num_days();
    match days {
        0 => "due today".to_owned(),
        1 => "due tomorrow".to_owned(),
        d if d > 1 => format!("due in {d} days"),
        -1 => "1 day overdue".to_owned(),
        d => format!("{} days overdue", -d),
    }
}

/// Whether the weekly digest goes out today.
pub fn is_digest_day(today: NaiveDate, weekday: Weekday) -> bool {
    today.weekday() == weekday
}

/// An e-mail ready to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub subject: String,
    pub text: String,
}

/// The daily reminder e-mail: each reminder with a link, grouped by kind.
/// `settings_url` is where the reader changes or pauses their reminders.
pub fn reminder_message(
    first_name: &str,
    workspace: &str,
    reminders: &[Reminder],
    base_url: &str,
    settings_url: &str,
) -> Message {
    let subject = match reminders.len() {
        1 => format!("{workspace}: {}", reminders[0].title),
        n => format!("{workspace}: {n} things need you"),
    };
    let mut text = format!("Hello {first_name},\n\nHere is what needs you in {workspace}.\n");
    write_groups(&mut text, reminders, base_url);
    text.push_str(&format!("\nChoose what you receive, or pause reminders for a while: {settings_url}\n"));
    Message { subject, text }
}

/// What the weekly digest tells besides the week's reminders.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DigestNews {
    /// Open early warnings in the person's partnerships.
    pub warnings: Vec<DigestWarning>,
    /// Thanks their organisations received last week.
    pub kudos: Vec<DigestKudos>,
}

/// An open early warning in the digest: its partnership, its sentence, and the facts it was
/// written from (to word it in another language; `None` for one stored before facts were kept).
#[derive(Debug, Clone, PartialEq)]
pub struct DigestWarning {
    pub partnership: String,
    pub explanation: String,
    pub facts: Option<crate::trust::WarningFacts>,
}

/// Thanks received: the message as typed and the day it was given.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestKudos {
    pub message: String,
    pub given_on: NaiveDate,
}

/// The weekly digest: the week ahead, open warnings, and thanks received.
pub fn digest_message(
    first_name: &str,
    workspace: &str,
    reminders: &[Reminder],
    news: &DigestNews,
    base_url: &str,
    settings_url: &str,
) -> Message {
    let subject = format!("{workspace}: your week ahead");
    let mut text = format!("Hello {first_name},\n\nYour week in {workspace}.\n");
    if reminders.is_empty() {
        text.push_str("\nNothing is due in the next seven days.\n");
    } else {
        write_groups(&mut text, reminders, base_url);
    }
    if !news.warnings.is_empty() {
        text.push_str("\nEarly warnings in your partnerships\n");
        for warning in &news.warnings {
            text.push_str(&format!("- {}: {}\n", warning.partnership, warning.explanation));
        }
    }
    if !news.kudos.is_empty() {
        text.push_str("\nThanks you received last week\n");
        for kudos in &news.kudos {
            text.push_str(&format!("- “{}” ({})\n", kudos.message, kudos.given_on.format("%-d %B")));
        }
    }
    text.push_str(&format!("\nChoose what you receive, or pause reminders for a while: {settings_url}\n"));
    Message { subject, text }
}

fn write_groups(text: &mut String, reminders: &[Reminder], base_url: &str) {
    let base = base_url.trim_end_matches('/');
    for kind in ReminderKind::ALL {
        let group: Vec<&Reminder> = reminders.iter().filter(|r| r.kind == *kind).collect();
        if group.is_empty() {
            continue;
        }
        text.push_str(&format!("\n{}\n", kind.label()));
        for reminder in group {
            text.push_str(&format!("- {} ({})\n  {base}{}\n", reminder.title, reminder.detail, reminder.path));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn reminder(kind: ReminderKind, title: &str, due: Option<&str>) -> Reminder {
        Reminder {
            kind,
            title: title.into(),
            detail: "d".into(),
            due_on: due.map(day),
            path: "/x".into(),
            facts: ReminderFacts::default(),
        }
    }

    #[test]
    fn commitments_are_due_soon_within_the_horizon_and_overdue_after_their_day() {
        let today = day("2026-03-10");
        assert_eq!(commitment_reminder(day("2026-03-09"), today, DUE_SOON_DAYS), Some(ReminderKind::CommitmentOverdue));
        assert_eq!(commitment_reminder(day("2026-03-10"), today, DUE_SOON_DAYS), Some(ReminderKind::CommitmentDue));
        assert_eq!(commitment_reminder(day("2026-03-13"), today, DUE_SOON_DAYS), Some(ReminderKind::CommitmentDue));
        assert_eq!(commitment_reminder(day("2026-03-14"), today, DUE_SOON_DAYS), None);
    }

    #[test]
    fn the_next_check_in_follows_the_last_by_the_cadence() {
        assert_eq!(next_check_in(day("2026-01-01"), None, Cadence::Weekly), day("2026-01-08"));
        assert_eq!(next_check_in(day("2026-01-01"), Some(day("2026-02-01")), Cadence::Monthly), day("2026-03-03"));
        assert_eq!(next_check_in(day("2026-01-01"), Some(day("2026-01-01")), Cadence::Quarterly), day("2026-04-02"));
    }

    #[test]
    fn due_words_read_naturally() {
        let today = day("2026-03-10");
        assert_eq!(due_words(today, today), "due today");
        assert_eq!(due_words(day("2026-03-11"), today), "due tomorrow");
        assert_eq!(due_words(day("2026-03-13"), today), "due in 3 days");
        assert_eq!(due_words(day("2026-03-09"), today), "1 day overdue");
        assert_eq!(due_words(day("2026-03-05"), today), "5 days overdue");
    }

    #[test]
    fn muting_covers_the_last_day_and_muted_kinds_are_dropped() {
        let settings = NotificationSettings {
            muted_until: Some(day("2026-03-10")),
            muted_kinds: vec![ReminderKind::GoalReview],
            ..Default::default()
        };
        assert!(settings.is_muted(day("2026-03-10")));
        assert!(!settings.is_muted(day("2026-03-11")));
        let wanted = settings.wanted_kinds();
        assert_eq!(wanted.len(), ReminderKind::ALL.len() - 1);
        let mut kept: Vec<Reminder> = vec![
            reminder(ReminderKind::SurveyToAnswer, "Pulse", None),
            reminder(ReminderKind::GoalReview, "Reading", Some("2026-03-01")),
            reminder(ReminderKind::CommitmentDue, "Send the list", Some("2026-03-12")),
            reminder(ReminderKind::CommitmentOverdue, "Book the hall", Some("2026-03-08")),
        ]
        .into_iter()
        .filter(|r| wanted.contains(&r.kind))
        .collect();
        sort(&mut kept);
        let titles: Vec<&str> = kept.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, ["Book the hall", "Send the list", "Pulse"]);
    }

    #[test]
    fn the_reminder_mail_links_each_item_under_its_kind() {
        let reminders = [
            reminder(ReminderKind::CommitmentOverdue, "Book the hall", Some("2026-03-08")),
            reminder(ReminderKind::SurveyToAnswer, "Spring pulse", None),
        ];
        let message = reminder_message(
            "Ana",
            "Riverside",
            &reminders,
            "https://rapport.example.org/",
            "https://rapport.example.org/w/1/settings#reminders",
        );
        assert_eq!(message.subject, "Riverside: 2 things need you");
        assert!(message.text.starts_with("Hello Ana,"));
        let overdue = message.text.find("Overdue commitments").unwrap();
        let survey = message.text.find("Surveys to answer").unwrap();
        assert!(overdue < survey);
        assert!(message.text.contains("- Book the hall (d)\n  https://rapport.example.org/x\n"));
        assert!(
            message.text.ends_with("pause reminders for a while: https://rapport.example.org/w/1/settings#reminders\n")
        );
        let one = reminder_message("Ana", "Riverside", &reminders[..1], "https://r.example", "https://r.example/s");
        assert_eq!(one.subject, "Riverside: Book the hall");
    }

    #[test]
    fn the_digest_says_when_the_week_is_clear_and_lists_news() {
        let news = DigestNews {
            warnings: vec![DigestWarning {
                partnership: "Reading Buddies".into(),
                explanation: "check-ins slipping".into(),
                facts: None,
            }],
            kudos: vec![DigestKudos {
                message: "From the library: thanks for the books".into(),
                given_on: day("2026-11-27"),
            }],
        };
        let message = digest_message("Ana", "Riverside", &[], &news, "https://r.example", "https://r.example/s");
        assert_eq!(message.subject, "Riverside: your week ahead");
        assert!(message.text.contains("Nothing is due in the next seven days."));
        assert!(message.text.contains("- Reading Buddies: check-ins slipping"));
        assert!(message.text.contains("- “From the library: thanks for the books” (27 November)"));
    }

    #[test]
    fn the_digest_goes_out_on_its_weekday() {
        assert!(is_digest_day(day("2026-11-30"), Weekday::Mon));
        assert!(!is_digest_day(day("2026-12-01"), Weekday::Mon));
    }
}
