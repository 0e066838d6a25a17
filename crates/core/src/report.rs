//! Reports for leadership and funders (issue 24): the period a reader picks and the draft of a
//! saved report. What a report holds is assembled by the application from the same functions the
//! dashboard and the partnership page use; this module only says which days it covers.
//!
//! A period is written one of three ways:
//! - a quarter, `2026-Q3` (July to September);
//! - a school year, `2025-26` (1 September 2025 to 31 August 2026);
//! - two days, `2026-01-15..2026-04-30` (both included).
//!
//! The period before it is the quarter or school year before, or for two days the same number of
//! days just before the first. A period still running ends today ("to date").

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{EARLIEST_YEAR, LATEST_YEAR, ValidationErrors};

/// How many partnerships one report may name (more: leave the list empty for all of them).
pub const REPORT_PARTNERSHIPS: usize = 200;
/// The longest written summary of one partnership.
pub const SUMMARY_CHARS: usize = 4_000;
/// The longest a funder link may live.
pub const LINK_DAYS: i64 = 366;

/// The first month of a school year.
const SCHOOL_YEAR_MONTH: u32 = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Quarter,
    SchoolYear,
    Dates,
}

/// The days a report covers, both included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub kind: PeriodKind,
    /// As the reader wrote it: `2026-Q3`, `2025-26`, `2026-01-15..2026-04-30`.
    pub spec: String,
    /// In words: "Q3 2026 (July–September)", "School year 2025–26".
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The period runs past `today`: `to` is today, and the numbers are "to date".
    pub to_date: bool,
}

impl Period {
    /// Reads a period as written above, as of `today`. The error is a sentence for the field.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Period, String> {
        let text = text.trim();
        let (kind, label, from, to) = if let Some((a, b)) = text.split_once("..") {
            let day = |s: &str| {
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map_err(|_| format!("{:?} is not a day (YYYY-MM-DD)", s.trim()))
            };
            let (from, to) = (day(a)?, day(b)?);
            if to < from {
                return Err("the period must end on or after the day it starts".into());
            }
            (PeriodKind::Dates, format!("{from} to {to}"), from, to)
        } else if let Some((year, quarter)) = text.split_once(['-', ' ']).filter(|(_, q)| q.starts_with(['Q', 'q'])) {
            let year = year_of(year)?;
            let quarter: u32 = match quarter[1..].parse() {
                Ok(q @ 1..=4) => q,
                _ => return Err("a quarter is Q1, Q2, Q3 or Q4, as in 2026-Q3".into()),
            };
            let from = day_of(year, 3 * quarter - 2)?;
            let to = last_day_before(if quarter == 4 { day_of(year + 1, 1)? } else { day_of(year, 3 * quarter + 1)? });
            let months = ["January–March", "April–June", "July–September", "October–December"];
            (PeriodKind::Quarter, format!("Q{quarter} {year} ({})", months[quarter as usize - 1]), from, to)
        } else if let Some((first, second)) = text.split_once(['-', '/']) {
            let year = year_of(first)?;
            let next = (year + 1) % 100;
            if second.trim().parse::<i32>().ok() != Some(next) && second.trim().parse::<i32>().ok() != Some(year + 1) {
                return Err(format!(
                    "a school year is written like {year}-{next:02}: two years that follow each other"
                ));
            }
            let from = day_of(year, SCHOOL_YEAR_MONTH)?;
            let to = last_day_before(day_of(year + 1, SCHOOL_YEAR_MONTH)?);
            (PeriodKind::SchoolYear, format!("School year {year}–{next:02}"), from, to)
        } else {
            return Err(
                "write a quarter (2026-Q3), a school year (2025-26) or two days (2026-01-15..2026-04-30)".into()
            );
        };
        for day in [from, to] {
            if !(EARLIEST_YEAR..=LATEST_YEAR).contains(&day.year()) {
                return Err(format!("years run from {EARLIEST_YEAR} to {LATEST_YEAR}"));
            }
        }
        if from > today {
            return Err("cannot start in the future".into());
        }
        let to_date = to > today;
        let canonical = match kind {
            PeriodKind::Dates => format!("{from}..{to}"),
            PeriodKind::Quarter => format!("{}-Q{}", from.year(), from.month().div_ceil(3)),
            PeriodKind::SchoolYear => format!("{}-{:02}", from.year(), (from.year() + 1) % 100),
        };
        Ok(Period { kind, spec: canonical, label, from, to: to.min(today), to_date })
    }

    /// The period just before: the quarter or school year before, or as many days just before.
    pub fn previous(&self) -> Period {
        let (from, to, label) = match self.kind {
            PeriodKind::Quarter => {
                let from = self.from.checked_sub_months(chrono::Months::new(3)).unwrap_or(self.from);
                let to = self.from - Duration::days(1);
                let q = from.month().div_ceil(3);
                (from, to, format!("Q{q} {}", from.year()))
            }
            PeriodKind::SchoolYear => {
                let from = self.from.checked_sub_months(chrono::Months::new(12)).unwrap_or(self.from);
                let to = self.from - Duration::days(1);
                (from, to, format!("School year {}–{:02}", from.year(), (from.year() + 1) % 100))
            }
            PeriodKind::Dates => {
                let to = self.from - Duration::days(1);
                let planned =
                    self.spec.split_once("..").and_then(|(_, b)| NaiveDate::parse_from_str(b, "%Y-%m-%d").ok());
                let days = (planned.unwrap_or(self.to) - self.from).num_days();
                let from = to - Duration::days(days);
                (from, to, format!("{from} to {to}"))
            }
        };
        let spec = match self.kind {
            PeriodKind::Quarter => format!("{}-Q{}", from.year(), from.month().div_ceil(3)),
            PeriodKind::SchoolYear => format!("{}-{:02}", from.year(), (from.year() + 1) % 100),
            PeriodKind::Dates => format!("{from}..{to}"),
        };
        Period { kind: self.kind, spec, label, from, to, to_date: false }
    }

    /// Days covered, both ends included.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The period's label with "to date" when it is still running.
    pub fn title(&self) -> String {
        if self.to_date { format!("{} (to {})", self.label, self.to) } else { self.label.clone() }
    }
}

/// The title a report gets when none is typed: "Report for Q3 2026 (July–September)".
pub fn default_title(period: &Period) -> String {
    format!("Report for {}", period.label)
}

fn year_of(text: &str) -> Result<i32, String> {
    match text.trim().parse::<i32>() {
        Ok(year) if (EARLIEST_YEAR..LATEST_YEAR).contains(&year) => Ok(year),
        _ => Err(format!("{:?} is not a year from {EARLIEST_YEAR} to {}", text.trim(), LATEST_YEAR - 1)),
    }
}

fn day_of(year: i32, month: u32) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| format!("{year} is out of range"))
}

fn last_day_before(day: NaiveDate) -> NaiveDate {
    day - Duration::days(1)
}

/// A report to make and keep: its period, the partnerships (none named: all of them) and a title.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportDraft {
    /// `2026-Q3`, `2025-26` or `2026-01-15..2026-04-30`.
    pub period: String,
    /// The partnerships to report on; empty or absent for all of them.
    #[serde(default)]
    pub partnership_ids: Vec<Uuid>,
    #[serde(default)]
    pub title: Option<String>,
}

/// A report draft that passed validation; only [`ReportDraft::validate`] makes one.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidReport {
    title: String,
    period: Period,
    partnership_ids: Vec<Uuid>,
}

impl ValidReport {
    pub fn title(&self) -> &str {
        &self.title
    }
    pub fn period(&self) -> &Period {
        &self.period
    }
    pub fn partnership_ids(&self) -> &[Uuid] {
        &self.partnership_ids
    }
}

impl ReportDraft {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidReport, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let period = match Period::parse(&self.period, today) {
            Ok(p) => Some(p),
            Err(message) => {
                errors.add("period", message);
                None
            }
        };
        errors.at_most("partnership_ids", &self.partnership_ids, REPORT_PARTNERSHIPS);
        let title = errors.optional_text("title", self.title.as_deref(), 200);
        let mut ids = self.partnership_ids.clone();
        ids.sort();
        ids.dedup();
        errors.finish_parsed(period, |period| ValidReport {
            title: title.unwrap_or_else(|| default_title(&period)),
            period,
            partnership_ids: ids,
        })
    }
}

/// A partnership's written summary: trimmed, at most [`SUMMARY_CHARS`]; empty removes it.
pub fn summary(text: &str) -> Result<Option<String>, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let text = errors.optional_text("summary", Some(text), SUMMARY_CHARS);
    errors.finish(|| text)
}

/// How long a funder link lives: 1 to [`LINK_DAYS`] days from today.
pub fn link_expiry(expires_on: NaiveDate, today: NaiveDate) -> Result<NaiveDate, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if expires_on <= today {
        errors.add("expires_on", "must be after today");
    } else if (expires_on - today).num_days() > LINK_DAYS {
        errors.add("expires_on", format!("a link lives at most {LINK_DAYS} days"));
    }
    errors.finish(|| expires_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_quarter_and_the_one_before() {
        let p = Period::parse("2026-Q1", day("2026-12-01")).unwrap();
        assert_eq!((p.from, p.to, p.kind), (day("2026-01-01"), day("2026-03-31"), PeriodKind::Quarter));
        let before = p.previous();
        assert_eq!((before.from, before.to), (day("2025-10-01"), day("2025-12-31")));
        assert_eq!(before.spec, "2025-Q4");
        let q4 = Period::parse("2025-q4", day("2026-12-01")).unwrap();
        assert_eq!((q4.from, q4.to), (day("2025-10-01"), day("2025-12-31")));
    }

    #[test]
    fn a_school_year_runs_september_to_august_and_a_running_one_ends_today() {
        let p = Period::parse("2025-26", day("2026-12-01")).unwrap();
        assert_eq!((p.from, p.to, p.to_date), (day("2025-09-01"), day("2026-08-31"), false));
        assert_eq!(p.previous().from, day("2024-09-01"));
        assert_eq!(p.previous().to, day("2025-08-31"));
        let running = Period::parse("2026-2027", day("2026-12-01")).unwrap();
        assert_eq!((running.to, running.to_date), (day("2026-12-01"), true));
        assert!(Period::parse("2025-27", day("2026-12-01")).is_err());
    }

    #[test]
    fn two_days_and_as_many_before() {
        let p = Period::parse("2026-03-01..2026-03-10", day("2026-12-01")).unwrap();
        assert_eq!(p.days(), 10);
        let before = p.previous();
        assert_eq!((before.from, before.to), (day("2026-02-19"), day("2026-02-28")));
        assert!(Period::parse("2026-03-10..2026-03-01", day("2026-12-01")).is_err());
        assert!(Period::parse("2027-01-01..2027-02-01", day("2026-12-01")).unwrap_err().contains("future"));
        assert!(Period::parse("someday", day("2026-12-01")).is_err());
    }

    #[test]
    fn a_draft_names_the_bad_field() {
        let draft = ReportDraft { period: "2026-Q5".into(), ..Default::default() };
        let errors = draft.validate(day("2026-12-01")).unwrap_err();
        assert!(errors.for_field("period").is_some());
        let ok = ReportDraft { period: "2026-Q1".into(), ..Default::default() }.validate(day("2026-12-01")).unwrap();
        assert_eq!(ok.title(), "Report for Q1 2026 (January–March)");
    }
}
