//! Dates and statuses in words people read at a glance: "Fri 4 Dec 2026", "in 5 days",
//! "3 days overdue", and status chips that carry their meaning in text, not colour alone.

use chrono::NaiveDate;
use rapport_core::kinds::{CommitmentStatus, Confidence, PartnershipStatus};

use super::words;
use crate::i18n::Tr;

/// How far `date` is from `today`, in the page's language: "today", "tomorrow", "in 5 days",
/// "3 weeks ago", "hace 3 semanas".
pub fn relative_in(tr: &Tr, date: NaiveDate, today: NaiveDate) -> String {
    let days = (date - today).num_days();
    match days {
        0 => tr.t("when-today"),
        1 => tr.t("when-tomorrow"),
        -1 => tr.t("when-yesterday"),
        d if d > 0 => tr.a("when-in", [("span", span(tr, d))]),
        d => tr.a("when-ago", [("span", span(tr, -d))]),
    }
}

/// A positive number of days in the largest unit that reads naturally.
fn span(tr: &Tr, days: i64) -> String {
    if days < 14 {
        tr.n("span-days", days)
    } else if days < 60 {
        tr.n("span-weeks", days / 7)
    } else if days < 730 {
        tr.n("span-months", days / 30)
    } else {
        tr.n("span-years", days / 365)
    }
}

/// When an open thing is due, relative to today, in the page's language: "due today", "due in 5
/// days", "3 days overdue", "vence dentro de 5 días".
pub fn due_in(tr: &Tr, due_on: NaiveDate, today: NaiveDate) -> String {
    let days = (due_on - today).num_days();
    match days {
        0 => tr.t("due-today"),
        1 => tr.t("due-tomorrow"),
        d if d > 0 => tr.a("due-in", [("span", span(tr, d))]),
        d => tr.a("due-overdue", [("span", span(tr, -d))]),
    }
}

/// A moment in the workspace's time zone: "Fri 4 Dec 2026, 14:05 Europe/Madrid".
pub fn moment_in(tr: &Tr, zone: rapport_core::zone::TimeZone, at: chrono::DateTime<chrono::Utc>) -> String {
    let local = zone.local(at);
    tr.a(
        "date-moment",
        [("day", tr.day(local.date())), ("time", local.format("%H:%M").to_string()), ("zone", zone.name().to_owned())],
    )
}

/// A status chip: its words, and a class that colours it and adds a shape.
#[derive(Debug, Clone)]
pub struct Chip {
    pub label: String,
    pub tone: &'static str,
}

impl Chip {
    pub fn commitment(tr: &Tr, status: CommitmentStatus) -> Chip {
        let tone = match status {
            CommitmentStatus::Done => "good",
            CommitmentStatus::DoneLate | CommitmentStatus::DueSoon => "warn",
            CommitmentStatus::Overdue | CommitmentStatus::Missed => "bad",
            CommitmentStatus::Open | CommitmentStatus::Cancelled => "neutral",
        };
        Chip { label: words::commitment_status(tr, status), tone }
    }

    pub fn confidence(tr: &Tr, confidence: Option<Confidence>) -> Chip {
        let tone = match confidence {
            Some(Confidence::OnTrack) => "good",
            Some(Confidence::AtRisk) => "warn",
            Some(Confidence::OffTrack) => "bad",
            None => "neutral",
        };
        let label = match confidence {
            Some(confidence) => words::confidence(tr, confidence),
            None => tr.t("confidence-none"),
        };
        Chip { label, tone }
    }

    pub fn partnership(tr: &Tr, status: PartnershipStatus) -> Chip {
        let tone = match status {
            PartnershipStatus::Active => "good",
            PartnershipStatus::Forming | PartnershipStatus::Renewing | PartnershipStatus::Exploring => "info",
            PartnershipStatus::Paused => "warn",
            PartnershipStatus::Ended => "neutral",
        };
        Chip { label: words::partnership_status(tr, status), tone }
    }
}

/// A number without a needless ".0": 85 → "85", 3.5 → "3.5".
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value:.2}").trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A count with its thousands grouped, as the English pages write it: 66629 → "66,629".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// A value with its unit, the number written the language's way: "85 %", "12 families",
/// "3,5 horas".
pub fn quantity_in(tr: &Tr, value: f64, unit: Option<&str>) -> String {
    let number = if tr.code() == rapport_core::lang::ENGLISH { number(value) } else { tr.number(value, 2) };
    match unit {
        Some(unit) if !unit.is_empty() => format!("{number} {unit}"),
        _ => number,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_their_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(66629), "66,629");
        assert_eq!(count(1234567), "1,234,567");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_read_like_people_write_them() {
        assert_eq!(Tr::english().day(d(2026, 12, 4)), "Fri 4 Dec 2026");
        let today = d(2026, 11, 29);
        assert_eq!(relative_in(&Tr::english(), d(2026, 12, 4), today), "in 5 days");
        assert_eq!(relative_in(&Tr::english(), d(2026, 11, 26), today), "3 days ago");
        let en = Tr::english();
        assert_eq!(due_in(&en, d(2026, 11, 26), today), "3 days overdue");
        assert_eq!(due_in(&en, d(2026, 11, 30), today), "due tomorrow");
        assert_eq!(due_in(&en, d(2027, 1, 29), today), "due in 2 months");
        assert_eq!(relative_in(&Tr::english(), d(2026, 12, 27), today), "in 4 weeks");
    }

    #[test]
    fn numbers_drop_needless_decimals() {
        assert_eq!(number(85.0), "85");
        assert_eq!(number(3.5), "3.5");
        assert_eq!(quantity_in(&Tr::english(), 12.0, Some("families")), "12 families");
    }
}
