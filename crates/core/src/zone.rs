//! A workspace's time zone: the IANA name its people live by ("Pacific/Auckland"), which decides
//! what "today" is for the workspace (what is due or overdue, the default day of a form) and how
//! a moment is shown on its pages. UTC unless an owner picks another.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;

/// A valid IANA time zone name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeZone(chrono_tz::Tz);

impl TimeZone {
    pub const UTC: TimeZone = TimeZone(chrono_tz::Tz::UTC);

    /// The zone called `name` (as the IANA database spells it; case does not matter), or an error
    /// naming `field`.
    pub fn parse(name: &str, field: &str) -> Result<TimeZone, ValidationErrors> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ValidationErrors::single(field, "is required, e.g. Europe/London or UTC"));
        }
        name.parse::<chrono_tz::Tz>()
            .ok()
            .or_else(|| chrono_tz::TZ_VARIANTS.iter().copied().find(|tz| tz.name().eq_ignore_ascii_case(name)))
            .map(TimeZone)
            .ok_or_else(|| {
                ValidationErrors::single(
                    field,
                    "is not a time zone name; use one such as Europe/London or America/Chicago",
                )
            })
    }

    /// The zone a stored name names, UTC for one no longer known.
    pub fn stored(name: &str) -> TimeZone {
        TimeZone::parse(name, "time_zone").unwrap_or_default()
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The date at `now` in this zone: the workspace's "today".
    pub fn today(self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.0).date_naive()
    }

    /// "Fri 4 Dec 2026, 14:05 Pacific/Auckland": a moment as the workspace's clocks showed it.
    /// The day and the time of day `at` falls on in this zone.
    pub fn local(self, at: DateTime<Utc>) -> chrono::NaiveDateTime {
        at.with_timezone(&self.0).naive_local()
    }

    pub fn moment(self, at: DateTime<Utc>) -> String {
        format!("{} {}", at.with_timezone(&self.0).format("%a %-d %b %Y, %H:%M"), self.name())
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for TimeZone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for TimeZone {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        TimeZone::parse(&name, "time_zone").map_err(|_| serde::de::Error::custom(format!("unknown time zone {name:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn today_is_the_date_on_the_workspace_clocks() {
        // 23:30 UTC on 6 December is already 7 December in Auckland and still 6 December in Los Angeles.
        let late = Utc.with_ymd_and_hms(2026, 12, 6, 23, 30, 0).unwrap();
        let auckland = TimeZone::parse("Pacific/Auckland", "time_zone").unwrap();
        let los_angeles = TimeZone::parse("america/los_angeles", "time_zone").unwrap();
        assert_eq!(auckland.today(late), NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
        assert_eq!(los_angeles.today(late), NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
        assert_eq!(TimeZone::UTC.today(late), NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
        assert_eq!(los_angeles.name(), "America/Los_Angeles", "the name is spelled as the database does");
        assert_eq!(auckland.moment(late), "Mon 7 Dec 2026, 12:30 Pacific/Auckland");
    }

    #[test]
    fn unknown_names_are_refused() {
        for bad in ["", "Mars/Olympus", "UTC+3", "Europe/"] {
            assert!(TimeZone::parse(bad, "time_zone").unwrap_err().for_field("time_zone").is_some(), "{bad:?}");
        }
        assert_eq!(TimeZone::stored("Nowhere/Gone"), TimeZone::UTC);
    }
}
