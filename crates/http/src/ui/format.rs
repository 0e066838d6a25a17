//! Dates and statuses in words people read at a glance: "Fri 4 Dec 2026", "in 5 days",
//! "3 days overdue", and status chips that carry their meaning in text, not colour alone.

use chrono::NaiveDate;
use rapport_core::kinds::{CommitmentStatus, Confidence, PartnershipStatus};

/// "Fri 4 Dec 2026".
pub fn day(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// How far `date` is from `today`: "today", "tomorrow", "in 5 days", "3 weeks ago".
pub fn relative(date: NaiveDate, today: NaiveDate) -> String {
    let days = (date - today).num_days();
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        d if d > 0 => format!("in {}", span(d)),
        d => format!("{} ago", span(-d)),
    }
}

/// A positive number of days in the largest unit that reads naturally.
fn span(days: i64) -> String {
    fn plural(n: i64, unit: &str) -> String {
        if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") }
    }
    if days < 14 {
        plural(days, "day")
    } else if days < 60 {
        plural(days / 7, "week")
    } else if days < 730 {
        plural(days / 30, "month")
    } else {
        plural(days / 365, "year")
    }
}

/// When an open thing is due, relative to today: "due today", "due in 5 days", "3 days overdue".
pub fn due(due_on: NaiveDate, today: NaiveDate) -> String {
    let days = (due_on - today).num_days();
    match days {
        0 => "due today".into(),
        1 => "due tomorrow".into(),
        d if d > 0 => format!("due in {}", span(d)),
        d => format!("{} overdue", span(-d)),
    }
}

/// A status chip: its words, and a class that colours it and adds a shape.
#[derive(Debug, Clone)]
pub struct Chip {
    pub label: &'static str,
    pub tone: &'static str,
}

impl Chip {
    pub fn commitment(status: CommitmentStatus) -> Chip {
        let tone = match status {
            CommitmentStatus::Done => "good",
            CommitmentStatus::DoneLate | CommitmentStatus::DueSoon => "warn",
            CommitmentStatus::Overdue | CommitmentStatus::Missed => "bad",
            CommitmentStatus::Open | CommitmentStatus::Cancelled => "neutral",
        };
        Chip { label: status.label(), tone }
    }

    pub fn confidence(confidence: Option<Confidence>) -> Chip {
        match confidence {
            Some(Confidence::OnTrack) => Chip { label: "On track", tone: "good" },
            Some(Confidence::AtRisk) => Chip { label: "At risk", tone: "warn" },
            Some(Confidence::OffTrack) => Chip { label: "Off track", tone: "bad" },
            None => Chip { label: "No update yet", tone: "neutral" },
        }
    }

    pub fn partnership(status: PartnershipStatus) -> Chip {
        let tone = match status {
            PartnershipStatus::Active => "good",
            PartnershipStatus::Forming | PartnershipStatus::Renewing | PartnershipStatus::Exploring => "info",
            PartnershipStatus::Paused => "warn",
            PartnershipStatus::Ended => "neutral",
        };
        Chip { label: status.label(), tone }
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

/// A value with its unit: "85 %", "12 families".
pub fn quantity(value: f64, unit: Option<&str>) -> String {
    match unit {
        Some(unit) if !unit.is_empty() => format!("{} {unit}", number(value)),
        _ => number(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_read_like_people_write_them() {
        assert_eq!(day(d(2026, 12, 4)), "Fri 4 Dec 2026");
        let today = d(2026, 11, 29);
        assert_eq!(relative(d(2026, 12, 4), today), "in 5 days");
        assert_eq!(relative(d(2026, 11, 26), today), "3 days ago");
        assert_eq!(due(d(2026, 11, 26), today), "3 days overdue");
        assert_eq!(due(d(2026, 11, 30), today), "due tomorrow");
        assert_eq!(due(d(2027, 1, 29), today), "due in 2 months");
        assert_eq!(relative(d(2026, 12, 27), today), "in 4 weeks");
    }

    #[test]
    fn numbers_drop_needless_decimals() {
        assert_eq!(number(85.0), "85");
        assert_eq!(number(3.5), "3.5");
        assert_eq!(quantity(12.0, Some("families")), "12 families");
    }
}
