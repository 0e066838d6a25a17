//! iCalendar feeds (RFC 5545): a partnership's check-ins, the next check-ins its cadence calls
//! for, and its commitments' due dates, as all-day events a calendar application can subscribe
//! to.
//!
//! Pure: the caller passes the records and the moment; [`render`] returns the text. The rules
//! of the format that matter to calendar applications are kept here and unit tested: lines end
//! in CRLF and are folded at 75 octets (never inside a UTF-8 character), TEXT values are
//! escaped, every event has a stable UID and a DTSTAMP, and all-day events are `VALUE=DATE`
//! with an exclusive end on the next day.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

use crate::kinds::{AgreementKind, Cadence, CommitmentStatus};
use crate::records::{CheckIn, Commitment, Partnership};

/// The product identifier every Rapport calendar carries.
pub const PRODID: &str = "-//Rapport//Partnership calendar//EN";

/// How many upcoming check-ins a feed shows for each partnership.
pub const UPCOMING_CHECKINS: usize = 3;

/// A calendar: its name and its events.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// Shown by calendar applications as the subscription's name (`X-WR-CALNAME`).
    pub name: String,
    pub events: Vec<Event>,
}

/// Whether an event takes place as planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Confirmed,
    Tentative,
    Cancelled,
}

impl EventStatus {
    fn as_str(self) -> &'static str {
        match self {
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Tentative => "TENTATIVE",
            EventStatus::Cancelled => "CANCELLED",
        }
    }
}

/// One all-day event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Globally unique and stable: the same record gives the same UID in every download, so a
    /// calendar updates the event instead of adding a copy.
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: Option<String>,
    /// A link back to the record in Rapport.
    pub url: Option<String>,
    pub status: EventStatus,
    pub categories: Vec<String>,
    /// What the event is about, as facts: `summary`, `description` and `categories` are its
    /// English words, and a feed in another language is worded from these.
    pub what: EventWhat,
}

/// The facts an event's words are written from.
#[derive(Debug, Clone, PartialEq)]
pub enum EventWhat {
    /// A check-in held, with its agenda and decisions as typed.
    CheckInHeld { partnership: String, agenda: Option<String>, decisions: Option<String> },
    /// A check-in the partnership's cadence calls for.
    CheckInDue { partnership: String, cadence: Cadence, overdue: bool },
    /// A commitment's due day. `promisee` `None`: promised to the whole partnership.
    Commitment {
        partnership: String,
        description: String,
        status: CommitmentStatus,
        promisor: Party,
        promisee: Option<Party>,
    },
    /// The day an agreement ends.
    AgreementEnds { partnership: String, title: String, kind: AgreementKind },
    /// The day an agreement's renewal notice begins, `days` before it ends on `ends_on`.
    RenewalNotice { partnership: String, title: String, days: i64, ends_on: NaiveDate },
}

/// An organisation a commitment names: a member by name, or one that has left the partnership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    Member(String),
    FormerMember,
}

impl Party {
    /// Its English words: the name, or "a former member".
    pub fn english(&self) -> &str {
        match self {
            Party::Member(name) => name,
            Party::FormerMember => "a former member",
        }
    }
}

/// The calendar as RFC 5545 text.
pub fn render(calendar: &Calendar, stamp: DateTime<Utc>) -> String {
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&fold(&text));
        out.push_str("\r\n");
    };
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!("PRODID:{PRODID}"));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("NAME:{}", escape_text(&calendar.name)));
    line(format!("X-WR-CALNAME:{}", escape_text(&calendar.name)));
    // How often subscribers should fetch it again (RFC 7986, and its older non-standard twin).
    line("REFRESH-INTERVAL;VALUE=DURATION:PT1H".into());
    line("X-PUBLISHED-TTL:PT1H".into());
    for event in &calendar.events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape_text(&event.uid)));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", ical_date(event.date)));
        line(format!("DTEND;VALUE=DATE:{}", ical_date(event.date + Duration::days(1))));
        line(format!("SUMMARY:{}", escape_text(&event.summary)));
        if let Some(description) = &event.description {
            line(format!("DESCRIPTION:{}", escape_text(description)));
        }
        if let Some(url) = &event.url {
            // A URI, not TEXT: it is not escaped, only stripped of what could break the line.
            line(format!("URL:{}", url.chars().filter(|c| !c.is_control()).collect::<String>()));
        }
        line(format!("STATUS:{}", event.status.as_str()));
        if !event.categories.is_empty() {
            let categories: Vec<String> = event.categories.iter().map(|c| escape_text(c)).collect();
            line(format!("CATEGORIES:{}", categories.join(",")));
        }
        // Due dates and meetings of a whole day must not show the person as busy all day.
        line("TRANSP:TRANSPARENT".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

fn ical_date(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as `\n`,
/// other control characters (forbidden in TEXT) dropped.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line so that no line is longer than 75 octets (RFC 5545 3.1): continuation
/// lines start with one space, which counts towards their 75. A UTF-8 character is never split.
pub fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    if line.len() <= LIMIT {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + line.len() / 60 * 3);
    let mut used = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if used + width > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += width;
    }
    out
}

/// A check-in the partnership's cadence calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueCheckIn {
    /// 1 for the next one, 2 for the one after, …
    pub sequence: usize,
    pub due_on: NaiveDate,
    /// The next check-in was due before today: it is shown today, marked overdue.
    pub overdue: bool,
}

/// The next `count` check-ins due by the cadence, counted from the last check-in held (or from
/// the day the partnership started, before its first). One already late is due today; the ones
/// after follow at the cadence from there.
pub fn next_checkins(
    cadence: Cadence,
    last_held: Option<NaiveDate>,
    started_on: NaiveDate,
    today: NaiveDate,
    count: usize,
) -> Vec<DueCheckIn> {
    let anchor = last_held.unwrap_or(started_on);
    let days = cadence.days();
    let step = |from: NaiveDate, k: usize| from + Duration::days((days * k as f64).round() as i64);
    if step(anchor, 1) < today {
        (0..count).map(|k| DueCheckIn { sequence: k + 1, due_on: step(today, k), overdue: k == 0 }).collect()
    } else {
        (0..count).map(|k| DueCheckIn { sequence: k + 1, due_on: step(anchor, k + 1), overdue: false }).collect()
    }
}

/// What a feed shows of one partnership. Plain data, built from the records with
/// [`FeedPartnership::of`] and friends, so the calendar does not depend on every field of them.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedPartnership {
    pub id: Uuid,
    pub name: String,
    pub cadence: Cadence,
    /// Running and not archived: its next check-ins are expected.
    pub expects_checkins: bool,
    /// The day it started, from which the first check-in is counted.
    pub started_on: NaiveDate,
    pub checkins: Vec<FeedCheckIn>,
    pub commitments: Vec<FeedCommitment>,
}

/// A check-in held. Its notes stay in Rapport: only the agenda and decisions go in a feed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedCheckIn {
    pub id: Uuid,
    pub held_on: NaiveDate,
    pub agenda: Option<String>,
    pub decisions: Option<String>,
}

/// A commitment's due date, with who promised what to whom.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedCommitment {
    pub id: Uuid,
    pub description: String,
    pub due_on: NaiveDate,
    pub status: CommitmentStatus,
    /// The promising organisation.
    pub promisor: Party,
    /// The organisation promised to; `None` for the whole partnership.
    pub promisee: Option<Party>,
}

impl FeedPartnership {
    /// The partnership without records yet; add them with [`FeedPartnership::add_checkin`] and
    /// [`FeedPartnership::add_commitment`].
    pub fn of(p: &Partnership) -> FeedPartnership {
        FeedPartnership {
            id: p.id,
            name: p.name.clone(),
            cadence: p.cadence,
            expects_checkins: p.archived_at.is_none() && p.status.is_running(),
            started_on: p.created_at.date_naive(),
            checkins: Vec::new(),
            commitments: Vec::new(),
        }
    }

    pub fn add_checkin(&mut self, c: &CheckIn) {
        self.checkins.push(FeedCheckIn {
            id: c.id,
            held_on: c.held_on,
            agenda: c.agenda.clone(),
            decisions: c.decisions.clone(),
        });
    }

    /// Adds a commitment, naming its organisations from the partnership's members.
    pub fn add_commitment(&mut self, c: &Commitment, p: &Partnership) {
        let name = |id: Uuid| {
            p.members
                .iter()
                .find(|m| m.organization_id == id)
                .map_or(Party::FormerMember, |m| Party::Member(m.organization_name.clone()))
        };
        self.commitments.push(FeedCommitment {
            id: c.id,
            description: c.description.clone(),
            due_on: c.due_on,
            status: c.status,
            promisor: name(c.promisor_organization_id),
            promisee: c.promisee_organization_id.map(name),
        });
    }
}

/// The events of one partnership: its check-ins held, the next ones due (when it expects
/// them), and its commitments' due dates. `base_url` and `workspace_id` make the links back to
/// Rapport.
pub fn partnership_events(p: &FeedPartnership, today: NaiveDate, base_url: &str, workspace_id: Uuid) -> Vec<Event> {
    let base = base_url.trim_end_matches('/');
    let host = uid_host(base);
    let mut events = Vec::new();

    for checkin in &p.checkins {
        let mut description = vec![format!("Check-in of {}.", p.name)];
        if let Some(agenda) = &checkin.agenda {
            description.push(format!("Agenda: {agenda}"));
        }
        if let Some(decisions) = &checkin.decisions {
            description.push(format!("Decisions: {decisions}"));
        }
        events.push(Event {
            uid: format!("checkin-{}@{host}", checkin.id),
            date: checkin.held_on,
            summary: format!("Check-in: {}", p.name),
            description: Some(description.join("\n")),
            url: Some(format!("{base}/w/{workspace_id}/checkins/{}", checkin.id)),
            status: EventStatus::Confirmed,
            categories: vec!["Check-in".into()],
            what: EventWhat::CheckInHeld {
                partnership: p.name.clone(),
                agenda: checkin.agenda.clone(),
                decisions: checkin.decisions.clone(),
            },
        });
    }

    if p.expects_checkins {
        let last_held = p.checkins.iter().map(|c| c.held_on).filter(|d| *d <= today).max();
        for due in next_checkins(p.cadence, last_held, p.started_on, today, UPCOMING_CHECKINS) {
            let summary =
                if due.overdue { format!("Check-in overdue: {}", p.name) } else { format!("Check-in due: {}", p.name) };
            events.push(Event {
                // Stable per partnership and position: when a check-in is held the next one
                // moves, and calendars update it in place.
                uid: format!("checkin-due-{}-{}@{host}", p.id, due.sequence),
                date: due.due_on,
                summary,
                description: Some(format!(
                    "{} check-ins are due by the partnership's cadence ({}).",
                    p.name,
                    p.cadence.label().to_lowercase()
                )),
                url: Some(format!("{base}/w/{workspace_id}/partnerships/{}", p.id)),
                status: EventStatus::Tentative,
                categories: vec!["Check-in due".into()],
                what: EventWhat::CheckInDue { partnership: p.name.clone(), cadence: p.cadence, overdue: due.overdue },
            });
        }
    }

    for c in &p.commitments {
        let (prefix, status) = match c.status {
            CommitmentStatus::Done => ("Done", EventStatus::Confirmed),
            CommitmentStatus::DoneLate => ("Done late", EventStatus::Confirmed),
            CommitmentStatus::Cancelled => ("Cancelled", EventStatus::Cancelled),
            CommitmentStatus::Missed => ("Missed", EventStatus::Confirmed),
            CommitmentStatus::Overdue => ("Overdue", EventStatus::Confirmed),
            CommitmentStatus::Open | CommitmentStatus::DueSoon => ("Due", EventStatus::Confirmed),
        };
        let promisee = c.promisee.as_ref().map_or("the partnership", Party::english);
        events.push(Event {
            uid: format!("commitment-{}@{host}", c.id),
            date: c.due_on,
            summary: format!("{prefix}: {} ({})", c.description, c.promisor.english()),
            description: Some(format!(
                "{} promised {promisee}, in {}: {}\nStatus: {}.",
                c.promisor.english(),
                p.name,
                c.description,
                c.status.label().to_lowercase()
            )),
            url: Some(format!("{base}/w/{workspace_id}/commitments/{}", c.id)),
            status,
            categories: vec!["Commitment".into()],
            what: EventWhat::Commitment {
                partnership: p.name.clone(),
                description: c.description.clone(),
                status: c.status,
                promisor: c.promisor.clone(),
                promisee: c.promisee.clone(),
            },
        });
    }
    events
}

/// The host part of the base URL, for UIDs (`…@rapport.example.org`).
pub(crate) fn uid_host(base_url: &str) -> String {
    let rest = base_url.split_once("://").map(|(_, rest)| rest).unwrap_or(base_url);
    let host = rest.split('/').next().unwrap_or("").rsplit('@').next().unwrap_or("");
    if host.is_empty() { "rapport".into() } else { host.to_owned() }
}

/// Sorts events by date, then UID, so a feed reads the same on every download.
pub fn sort_events(events: &mut [Event]) {
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.uid.cmp(&b.uid)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn stamp() -> DateTime<Utc> {
        date(2026, 11, 23).and_hms_opt(14, 30, 5).unwrap().and_utc()
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a;b,c\\d"), "a\\;b\\,c\\\\d");
        assert_eq!(escape_text("one\ntwo\r\nthree\rfour"), "one\\ntwo\\nthree\\nfour");
        assert_eq!(escape_text("bell\u{7}gone"), "bellgone");
        assert_eq!(escape_text("café: ok"), "café: ok");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let short = "SUMMARY:short";
        assert_eq!(fold(short), short);
        let long = format!("SUMMARY:{}", "é".repeat(100));
        let folded = fold(&long);
        for (i, piece) in folded.split("\r\n").enumerate() {
            assert!(piece.len() <= 75, "line {i} has {} octets", piece.len());
            if i > 0 {
                assert!(piece.starts_with(' '));
            }
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, long);
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), exact);
        assert_eq!(fold(&"X".repeat(76)), format!("{}\r\n X", "X".repeat(75)));
    }

    #[test]
    fn a_calendar_is_crlf_text_with_all_day_events() {
        let calendar = Calendar {
            name: "Reading Buddies, Rapport".into(),
            events: vec![Event {
                uid: "commitment-1@example.org".into(),
                date: date(2026, 12, 31),
                summary: "Due: bring books; 40, please".into(),
                description: Some("line one\nline two".into()),
                url: Some("https://example.org/w/1/commitments/1".into()),
                status: EventStatus::Confirmed,
                categories: vec!["Commitment".into()],
                what: EventWhat::CheckInHeld { partnership: "Reading Buddies".into(), agenda: None, decisions: None },
            }],
        };
        let text = render(&calendar, stamp());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
        assert!(text.contains("X-WR-CALNAME:Reading Buddies\\, Rapport\r\n"));
        assert!(text.contains("DTSTAMP:20261123T143005Z\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20261231\r\n"));
        assert!(text.contains("DTEND;VALUE=DATE:20270101\r\n"), "the end of an all-day event is the next day");
        assert!(text.contains("SUMMARY:Due: bring books\\; 40\\, please\r\n"));
        assert!(text.contains("DESCRIPTION:line one\\nline two\r\n"));
        assert!(text.contains("UID:commitment-1@example.org\r\n"));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75);
        }
    }

    #[test]
    fn next_checkins_follow_the_cadence_from_the_last_one() {
        let today = date(2026, 11, 23);
        let due = next_checkins(Cadence::Weekly, Some(date(2026, 11, 20)), date(2026, 1, 1), today, 3);
        assert_eq!(
            due.iter().map(|d| d.due_on).collect::<Vec<_>>(),
            vec![date(2026, 11, 27), date(2026, 12, 4), date(2026, 12, 11)]
        );
        assert!(due.iter().all(|d| !d.overdue));
        assert_eq!(due.iter().map(|d| d.sequence).collect::<Vec<_>>(), vec![1, 2, 3]);

        // Monthly is 30.4 days: 30, 61, 91 days on.
        let due = next_checkins(Cadence::Monthly, Some(today), date(2026, 1, 1), today, 3);
        assert_eq!(due.iter().map(|d| (d.due_on - today).num_days()).collect::<Vec<_>>(), vec![30, 61, 91]);
    }

    #[test]
    fn a_late_checkin_is_due_today() {
        let today = date(2026, 11, 23);
        let due = next_checkins(Cadence::Fortnightly, Some(date(2026, 10, 1)), date(2026, 1, 1), today, 2);
        assert_eq!(due[0], DueCheckIn { sequence: 1, due_on: today, overdue: true });
        assert_eq!(due[1], DueCheckIn { sequence: 2, due_on: date(2026, 12, 7), overdue: false });
        // Never met: counted from the start.
        let due = next_checkins(Cadence::Quarterly, None, date(2026, 11, 1), today, 1);
        assert_eq!(due[0].due_on, date(2027, 1, 31));
    }

    fn partnership() -> FeedPartnership {
        FeedPartnership {
            id: Uuid::from_u128(7),
            name: "Reading Buddies".into(),
            cadence: Cadence::Monthly,
            expects_checkins: true,
            started_on: date(2026, 1, 5),
            checkins: vec![],
            commitments: vec![],
        }
    }

    fn commitment(id: u128, due_on: NaiveDate, status: CommitmentStatus) -> FeedCommitment {
        FeedCommitment {
            id: Uuid::from_u128(id),
            description: "Lend 40 books".into(),
            due_on,
            status,
            promisor: Party::Member("Eastside Library".into()),
            promisee: Some(Party::Member("Lincoln Elementary".into())),
        }
    }

    #[test]
    fn a_partnership_gives_checkins_due_dates_and_commitments() {
        let mut p = partnership();
        let today = date(2026, 11, 23);
        let held = FeedCheckIn {
            id: Uuid::from_u128(10),
            held_on: date(2026, 11, 10),
            agenda: Some("Books, volunteers".into()),
            decisions: None,
        };
        p.checkins.push(held.clone());
        p.commitments.push(commitment(20, date(2026, 12, 1), CommitmentStatus::Open));
        p.commitments.push(commitment(21, date(2026, 12, 2), CommitmentStatus::Cancelled));
        let ws = Uuid::from_u128(99);
        let mut events = partnership_events(&p, today, "https://rapport.example.org/", ws);
        sort_events(&mut events);
        assert_eq!(events.len(), 1 + UPCOMING_CHECKINS + 2);

        let held_event = events.iter().find(|e| e.uid == format!("checkin-{}@rapport.example.org", held.id)).unwrap();
        assert_eq!(held_event.date, date(2026, 11, 10));
        assert_eq!(held_event.summary, "Check-in: Reading Buddies");
        assert_eq!(held_event.description.as_deref(), Some("Check-in of Reading Buddies.\nAgenda: Books, volunteers"));
        assert_eq!(
            held_event.url.as_deref(),
            Some(format!("https://rapport.example.org/w/{ws}/checkins/{}", held.id).as_str())
        );

        let next = events.iter().find(|e| e.uid == format!("checkin-due-{}-1@rapport.example.org", p.id)).unwrap();
        assert_eq!(next.date, date(2026, 12, 10));
        assert_eq!(next.status, EventStatus::Tentative);

        let due = events.iter().find(|e| e.uid.starts_with("commitment-") && e.date == date(2026, 12, 1)).unwrap();
        assert_eq!(due.summary, "Due: Lend 40 books (Eastside Library)");
        assert!(due.description.as_deref().unwrap().starts_with("Eastside Library promised Lincoln Elementary"));
        let gone = events.iter().find(|e| e.date == date(2026, 12, 2)).unwrap();
        assert_eq!(gone.status, EventStatus::Cancelled);
        assert_eq!(gone.summary, "Cancelled: Lend 40 books (Eastside Library)");

        // The same records give the same UIDs on every render.
        let mut again = partnership_events(&p, today, "https://rapport.example.org/", ws);
        sort_events(&mut again);
        assert_eq!(events, again);
    }

    #[test]
    fn records_become_feed_entries() {
        use crate::kinds::{PartnershipKind, PartnershipStatus};
        use crate::records::PartnershipMember;
        let moment = date(2026, 1, 5).and_hms_opt(9, 0, 0).unwrap().and_utc();
        let record = Partnership {
            id: Uuid::from_u128(7),
            name: "Reading Buddies".into(),
            kind: PartnershipKind::SchoolCommunity,
            status: PartnershipStatus::Paused,
            cadence: Cadence::Weekly,
            vision: None,
            members: vec![PartnershipMember {
                organization_id: Uuid::from_u128(2),
                organization_name: "Eastside Library".into(),
                role: None,
            }],
            started_on: moment.date_naive(),
            created_at: moment,
            updated_at: moment,
            archived_at: None,
            version: 1,
        };
        let p = FeedPartnership::of(&record);
        assert_eq!((p.name.as_str(), p.cadence, p.started_on), ("Reading Buddies", Cadence::Weekly, date(2026, 1, 5)));
        assert!(!p.expects_checkins, "a paused partnership expects no check-ins");
    }

    #[test]
    fn partnerships_not_expecting_checkins_have_none_due() {
        let mut p = partnership();
        p.expects_checkins = false;
        assert!(partnership_events(&p, date(2026, 11, 23), "http://127.0.0.1:8080", Uuid::nil()).is_empty());
        assert_eq!(uid_host("http://127.0.0.1:8080"), "127.0.0.1:8080");
        assert_eq!(uid_host(""), "rapport");
    }
}
