//! Partnership agreements (issue 26): the memoranda of understanding, data-sharing,
//! facility-use and funding agreements partners sign, each running from a start to an end date
//! (or open-ended) and renewed, or not, in time. Rapport keeps a link to the signed document,
//! never the document.
//!
//! An agreement's standing is derived, never stored: as of a day, an agreement in force whose
//! end date is within its renewal notice is *ending*, and one whose end date has passed while it
//! is still marked in force has *lapsed*.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::kinds::{AgreementKind, AgreementStatus};
use crate::validate::{ValidationErrors, limits};

/// The renewal notice an agreement gets when none is given: one term.
pub const DEFAULT_NOTICE_DAYS: i32 = 60;
/// The longest renewal notice: two years.
pub const MAX_NOTICE_DAYS: i32 = 730;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agreement {
    pub id: Uuid,
    pub partnership_id: Uuid,
    pub kind: AgreementKind,
    pub title: String,
    /// The member organisations that are party to it.
    pub party_organization_ids: Vec<Uuid>,
    pub signed_on: Option<NaiveDate>,
    pub starts_on: NaiveDate,
    /// `None` for an open-ended agreement.
    pub ends_on: Option<NaiveDate>,
    /// How many days before its end the parties want to be reminded to decide on renewal.
    pub renewal_notice_days: i32,
    pub status: AgreementStatus,
    /// The signed document, where the partners keep it (an http(s) address).
    pub document_url: Option<String>,
    pub notes: Option<String>,
    /// The day the renewal notice begins: `ends_on − renewal_notice_days`.
    pub notice_on: Option<NaiveDate>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// An agreement's standing on a day, for the list, the warning and the reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Nothing to decide yet (a draft, an open-ended or distant agreement, or one ended).
    Settled,
    /// In force and within its renewal notice: `days_left` until it ends (0 on its last day).
    Ending { days_left: i64 },
    /// Still marked in force, but its end date has passed `days_ago` days ago.
    Lapsed { days_ago: i64 },
}

/// The day an agreement's renewal notice begins.
pub fn notice_on(ends_on: Option<NaiveDate>, notice_days: i32) -> Option<NaiveDate> {
    ends_on.and_then(|end| end.checked_sub_days(chrono::Days::new(u64::try_from(notice_days).unwrap_or(0))))
}

impl Agreement {
    pub fn standing(&self, today: NaiveDate) -> Standing {
        standing(self.status, self.ends_on, self.renewal_notice_days, self.archived_at.is_some(), today)
    }
}

/// See [`Standing`]: only an agreement in force, not archived, with an end date can be ending
/// or lapsed.
pub fn standing(
    status: AgreementStatus,
    ends_on: Option<NaiveDate>,
    notice_days: i32,
    archived: bool,
    today: NaiveDate,
) -> Standing {
    let Some(end) = ends_on else { return Standing::Settled };
    if archived || status != AgreementStatus::InForce {
        return Standing::Settled;
    }
    let days_left = (end - today).num_days();
    if days_left < 0 {
        Standing::Lapsed { days_ago: -days_left }
    } else if days_left <= i64::from(notice_days) {
        Standing::Ending { days_left }
    } else {
        Standing::Settled
    }
}

/// Whether an agreement is worth a reminder today, looking `horizon_days` ahead (the daily
/// reminder's 3 days, the weekly digest's 7): the day its notice begins, its last days, and
/// every day once lapsed, so a daily e-mail does not repeat it all through a long notice; the
/// digest names it every week of its notice.
pub fn worth_a_reminder(standing: Standing, notice_on: Option<NaiveDate>, today: NaiveDate, horizon_days: i64) -> bool {
    match standing {
        Standing::Settled => false,
        Standing::Lapsed { .. } => true,
        Standing::Ending { days_left } => {
            days_left <= horizon_days
                || horizon_days >= crate::reminder::DIGEST_DAYS
                || notice_on.is_some_and(|on| on <= today && (today - on).num_days() < 1)
        }
    }
}

/// What the API and the forms send to record or change an agreement.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgreementDraft {
    #[cfg_attr(feature = "openapi", schema(value_type = AgreementKind))]
    pub kind: String,
    pub title: String,
    /// The member organisations that are party to it: at least one.
    pub party_organization_ids: Vec<Uuid>,
    #[serde(default)]
    pub signed_on: Option<NaiveDate>,
    pub starts_on: NaiveDate,
    /// Leave out for an open-ended agreement.
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    /// 0 to 730; 60 when absent.
    #[serde(default)]
    pub renewal_notice_days: Option<i32>,
    /// `draft` when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<AgreementStatus>))]
    pub status: Option<String>,
    /// An http(s) address of the signed document.
    #[serde(default)]
    pub document_url: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidAgreement {
    pub kind: AgreementKind,
    pub title: String,
    pub party_organization_ids: Vec<Uuid>,
    pub signed_on: Option<NaiveDate>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub renewal_notice_days: i32,
    pub status: AgreementStatus,
    pub document_url: Option<String>,
    pub notes: Option<String>,
}

/// An http or https address with a host, or a message saying what is wrong with it. No other
/// scheme (`javascript:`, `file:`, `data:`…) is accepted: these addresses are opened from
/// Rapport's pages.
pub fn web_address(value: &str) -> Result<String, &'static str> {
    const MESSAGE: &str = "must be a web address starting with http:// or https://";
    let value = value.trim();
    if value.contains(char::is_whitespace) {
        return Err("must be a web address without spaces");
    }
    let lower = value.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(MESSAGE);
    }
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty()) => {
            Ok(value.to_owned())
        }
        _ => Err("must be a whole web address, such as https://example.org/agreement.pdf"),
    }
}

impl ValidationErrors {
    /// An optional http(s) address of at most 2,000 characters, checked by [`web_address`].
    pub fn optional_web_address(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let text = self.optional_text(field, value, 2_000)?;
        match web_address(&text) {
            Ok(url) => Some(url),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }
}

impl AgreementDraft {
    /// `members` are the partnership's organisations.
    pub fn validate(&self, members: &[Uuid], today: NaiveDate) -> Result<ValidAgreement, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = errors.choice::<AgreementKind>("kind", &self.kind);
        let title = errors.required_text("title", &self.title, 200);
        let status = match self.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(AgreementStatus::Draft),
            Some(status) => errors.choice::<AgreementStatus>("status", status),
        };
        let mut parties: Vec<Uuid> = Vec::new();
        if errors.at_most("party_organization_ids", &self.party_organization_ids, limits::PARTNERSHIP_MEMBERS) {
            for org in &self.party_organization_ids {
                if !members.contains(org) {
                    errors
                        .add("party_organization_ids", "each party must be a member organisation of this partnership");
                    break;
                }
                if !parties.contains(org) {
                    parties.push(*org);
                }
            }
            if self.party_organization_ids.is_empty() {
                errors.add("party_organization_ids", "choose at least one member organisation that is party to it");
            }
        }
        let starts_ok = errors.plausible_date("starts_on", self.starts_on);
        let ends_ok = errors.plausible_optional_date("ends_on", self.ends_on);
        if starts_ok
            && ends_ok
            && let Some(end) = self.ends_on
            && end < self.starts_on
        {
            errors.add("ends_on", "cannot be before the day it starts");
        }
        if errors.plausible_optional_date("signed_on", self.signed_on)
            && let Some(signed) = self.signed_on
            && signed > today
        {
            errors.add("signed_on", "cannot be in the future: record the day it was signed once it is");
        }
        let renewal_notice_days = self.renewal_notice_days.unwrap_or(DEFAULT_NOTICE_DAYS);
        if !(0..=MAX_NOTICE_DAYS).contains(&renewal_notice_days) {
            errors.add("renewal_notice_days", format!("must be between 0 and {MAX_NOTICE_DAYS} days"));
        }
        match status {
            Some(AgreementStatus::InForce) if self.signed_on.is_none() => {
                errors.add("signed_on", "say when it was signed: an agreement in force has been signed");
            }
            Some(AgreementStatus::Expired) if self.ends_on.is_none_or(|end| end >= today) => {
                errors.add("status", "only an agreement whose end date has passed can have expired");
            }
            _ => {}
        }
        let document_url = errors.optional_web_address("document_url", self.document_url.as_deref());
        let notes = errors.optional_text("notes", self.notes.as_deref(), 4_000);
        let parsed = kind.zip(status);
        errors.finish_parsed(parsed, |(kind, status)| ValidAgreement {
            kind,
            title,
            party_organization_ids: parties,
            signed_on: self.signed_on,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            renewal_notice_days,
            status,
            document_url,
            notes,
        })
    }
}

impl ValidAgreement {
    /// The fields a change alters, in words, for the agreement's history; empty when nothing
    /// changes.
    pub fn changes(&self, current: &Agreement) -> Vec<&'static str> {
        let mut what = Vec::new();
        let mut note = |changed: bool, field: &'static str| {
            if changed {
                what.push(field);
            }
        };
        note(self.kind != current.kind, "the kind");
        note(self.title != current.title, "the title");
        note(self.party_organization_ids != current.party_organization_ids, "the parties");
        note(self.signed_on != current.signed_on, "the day it was signed");
        note(self.starts_on != current.starts_on, "the start date");
        note(self.ends_on != current.ends_on, "the end date");
        note(self.renewal_notice_days != current.renewal_notice_days, "the renewal notice");
        note(self.status != current.status, "the status");
        note(self.document_url != current.document_url, "the document link");
        note(self.notes != current.notes, "the notes");
        what
    }
}

/// Agreements across a workspace, those ending soonest first: by end date, open-ended last,
/// then by title.
pub fn sort_ending_soonest(agreements: &mut [Agreement]) {
    agreements.sort_by(ending_order);
}

/// The order of [`sort_ending_soonest`].
pub fn ending_order(a: &Agreement, b: &Agreement) -> std::cmp::Ordering {
    (a.ends_on.is_none(), a.ends_on, &a.title, a.id).cmp(&(b.ends_on.is_none(), b.ends_on, &b.title, b.id))
}

/// An agreement's dates as calendar events (issue 26): the day its renewal notice begins and the
/// day it ends, for agreements in force or in draft with an end date. `partnership` names it.
pub fn calendar_events(
    a: &Agreement,
    partnership: &str,
    base_url: &str,
    workspace_id: Uuid,
) -> Vec<crate::calendar::Event> {
    use crate::calendar::{Event, EventStatus, EventWhat};
    let Some(ends_on) = a.ends_on else { return Vec::new() };
    if a.archived_at.is_some() || !matches!(a.status, AgreementStatus::InForce | AgreementStatus::Draft) {
        return Vec::new();
    }
    let base = base_url.trim_end_matches('/');
    let host = crate::calendar::uid_host(base);
    let url = Some(format!("{base}/w/{workspace_id}/agreements/{}", a.id));
    let status = if a.status == AgreementStatus::Draft { EventStatus::Tentative } else { EventStatus::Confirmed };
    let mut events = vec![Event {
        uid: format!("agreement-end-{}@{host}", a.id),
        date: ends_on,
        summary: format!("Agreement ends: {} ({partnership})", a.title),
        description: Some(format!("{} of {partnership} ends.", a.kind.label())),
        url: url.clone(),
        status,
        categories: vec!["Agreement".to_owned()],
        what: EventWhat::AgreementEnds { partnership: partnership.to_owned(), title: a.title.clone(), kind: a.kind },
    }];
    if let Some(notice_on) = a.notice_on.filter(|on| *on < ends_on) {
        events.push(Event {
            uid: format!("agreement-notice-{}@{host}", a.id),
            date: notice_on,
            summary: format!("Renewal notice: {} ({partnership})", a.title),
            description: Some(format!(
                "{} days before it ends on {ends_on}: revisit the shared goals together before renewing.",
                a.renewal_notice_days
            )),
            url,
            status,
            categories: vec!["Agreement".to_owned()],
            what: EventWhat::RenewalNotice {
                partnership: partnership.to_owned(),
                title: a.title.clone(),
                days: i64::from(a.renewal_notice_days),
                ends_on,
            },
        });
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn draft(members: &[Uuid]) -> AgreementDraft {
        AgreementDraft {
            kind: "data_sharing".into(),
            title: "Attendance data".into(),
            party_organization_ids: members.to_vec(),
            signed_on: Some(day(2026, 1, 10)),
            starts_on: day(2026, 2, 1),
            ends_on: Some(day(2027, 1, 31)),
            renewal_notice_days: None,
            status: Some("in_force".into()),
            document_url: Some("https://drive.example.org/d/abc".into()),
            notes: None,
        }
    }

    #[test]
    fn a_valid_agreement_keeps_its_fields_and_defaults_the_notice() {
        let members = [Uuid::from_u128(1), Uuid::from_u128(2)];
        let valid = draft(&members).validate(&members, day(2026, 5, 1)).unwrap();
        assert_eq!(valid.kind, AgreementKind::DataSharing);
        assert_eq!(valid.status, AgreementStatus::InForce);
        assert_eq!(valid.renewal_notice_days, DEFAULT_NOTICE_DAYS);
        assert_eq!(valid.party_organization_ids, members.to_vec());
    }

    #[test]
    fn each_bad_field_is_named() {
        let members = [Uuid::from_u128(1)];
        let bad = AgreementDraft {
            kind: "treaty".into(),
            title: " ".into(),
            party_organization_ids: vec![Uuid::from_u128(9)],
            signed_on: Some(day(2030, 1, 1)),
            starts_on: day(2026, 2, 1),
            ends_on: Some(day(2026, 1, 1)),
            renewal_notice_days: Some(-1),
            status: Some("forever".into()),
            document_url: Some("javascript:alert(1)".into()),
            notes: None,
        };
        let errors = bad.validate(&members, day(2026, 5, 1)).unwrap_err();
        for field in [
            "kind",
            "title",
            "party_organization_ids",
            "signed_on",
            "ends_on",
            "renewal_notice_days",
            "status",
            "document_url",
        ] {
            assert!(errors.for_field(field).is_some(), "{field} not named: {errors}");
        }
    }

    #[test]
    fn only_http_addresses_with_a_host_are_links() {
        assert!(web_address("https://example.org/a.pdf").is_ok());
        assert!(web_address("HTTP://example.org").is_ok());
        for bad in
            ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://x.org", "https://", "https:// x"]
        {
            assert!(web_address(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn an_agreement_in_force_is_ending_within_its_notice_and_lapsed_after_its_end() {
        let end = day(2026, 6, 30);
        let s = |today| standing(AgreementStatus::InForce, Some(end), 30, false, today);
        assert_eq!(s(day(2026, 5, 30)), Standing::Settled);
        assert_eq!(s(day(2026, 5, 31)), Standing::Ending { days_left: 30 });
        assert_eq!(s(day(2026, 6, 30)), Standing::Ending { days_left: 0 });
        assert_eq!(s(day(2026, 7, 2)), Standing::Lapsed { days_ago: 2 });
        assert_eq!(standing(AgreementStatus::Ended, Some(end), 30, false, day(2026, 7, 2)), Standing::Settled);
        assert_eq!(standing(AgreementStatus::InForce, None, 30, false, day(2026, 7, 2)), Standing::Settled);
        assert_eq!(notice_on(Some(end), 30), Some(day(2026, 5, 31)));
    }
}
