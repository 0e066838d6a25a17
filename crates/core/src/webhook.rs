//! Outgoing webhooks (SPEC 2, "integrations, not replacements"): the events a hook can subscribe
//! to, the body each format sends (Rapport's JSON event, a Slack message, a Teams MessageCard)
//! and the signature the receiver checks. Pure: the job runner does the sending.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

use crate::ValidationErrors;
use crate::kudos::Kudos;
use crate::records::{CheckIn, Commitment};
use crate::trust::Warning;

/// The header that carries the signature: `sha256=<hex HMAC-SHA256 of the body>`.
pub const SIGNATURE_HEADER: &str = "X-Rapport-Signature";

/// Something that happened that a hook may want to hear about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EventKind {
    #[serde(rename = "commitment.made")]
    CommitmentMade,
    #[serde(rename = "commitment.kept")]
    CommitmentKept,
    #[serde(rename = "commitment.missed")]
    CommitmentMissed,
    #[serde(rename = "checkin.logged")]
    CheckinLogged,
    #[serde(rename = "warning.raised")]
    WarningRaised,
    #[serde(rename = "kudos.given")]
    KudosGiven,
    /// An agreement entered its renewal notice, or lapsed (issue 26).
    #[serde(rename = "agreement.ending")]
    AgreementEnding,
    /// A test a coordinator sends from the webhooks page or the API; no hook subscribes to it.
    #[serde(rename = "webhook.test")]
    WebhookTest,
}

impl EventKind {
    /// The events a hook can subscribe to (everything but the test).
    pub const ALL: [EventKind; 7] = [
        EventKind::CommitmentMade,
        EventKind::CommitmentKept,
        EventKind::CommitmentMissed,
        EventKind::CheckinLogged,
        EventKind::WarningRaised,
        EventKind::KudosGiven,
        EventKind::AgreementEnding,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::CommitmentMade => "commitment.made",
            EventKind::CommitmentKept => "commitment.kept",
            EventKind::CommitmentMissed => "commitment.missed",
            EventKind::CheckinLogged => "checkin.logged",
            EventKind::WarningRaised => "warning.raised",
            EventKind::KudosGiven => "kudos.given",
            EventKind::AgreementEnding => "agreement.ending",
            EventKind::WebhookTest => "webhook.test",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EventKind::CommitmentMade => "Commitment made",
            EventKind::CommitmentKept => "Commitment kept",
            EventKind::CommitmentMissed => "Commitment missed",
            EventKind::CheckinLogged => "Check-in logged",
            EventKind::WarningRaised => "Warning raised",
            EventKind::KudosGiven => "Kudos given",
            EventKind::AgreementEnding => "Agreement ending",
            EventKind::WebhookTest => "Test",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        EventKind::ALL
            .into_iter()
            .chain([EventKind::WebhookTest])
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown event {s:?}"))
    }
}

/// What a hook's receiver understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WebhookFormat {
    /// The event object itself.
    Json,
    /// A Slack incoming webhook: `{"text": …}`.
    Slack,
    /// A Microsoft Teams incoming webhook: a MessageCard.
    Teams,
}

impl WebhookFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookFormat::Json => "json",
            WebhookFormat::Slack => "slack",
            WebhookFormat::Teams => "teams",
        }
    }
}

impl FromStr for WebhookFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "json" => Ok(WebhookFormat::Json),
            "slack" => Ok(WebhookFormat::Slack),
            "teams" => Ok(WebhookFormat::Teams),
            other => Err(format!("unknown webhook format {other:?}")),
        }
    }
}

/// One event as a hook receives it in the JSON format. `id` is the delivery's: a receiver that
/// sees the same id twice (a retry after a lost answer) can ignore the second.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: Uuid,
    pub event: EventKind,
    pub occurred_at: DateTime<Utc>,
    pub workspace_id: Uuid,
    pub partnership_id: Option<Uuid>,
    /// One sentence for people, used as the chat message.
    pub text: String,
    /// The record the event is about, as the API serves it.
    pub data: serde_json::Value,
}

/// Something a write records that hooks may listen for, before it is addressed to each hook.
/// The store queues it in the write's own transaction (an outbox), so a change and the events
/// it causes are stored together or not at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Occurrence {
    pub kind: EventKind,
    pub partnership_id: Option<Uuid>,
    /// One sentence for people, used as the chat message.
    pub text: String,
    /// The record the event is about, as the API serves it.
    pub data: serde_json::Value,
}

impl Occurrence {
    fn of(kind: EventKind, partnership_id: Option<Uuid>, text: String, record: &impl Serialize) -> Occurrence {
        let data = serde_json::to_value(record).unwrap_or_default();
        Occurrence { kind, partnership_id, text, data }
    }

    pub fn commitment_made(commitment: &Commitment) -> Occurrence {
        let text = ChatFacts::CommitmentMade { description: commitment.description.clone(), due_on: commitment.due_on }
            .english();
        Occurrence::of(EventKind::CommitmentMade, Some(commitment.partnership_id), text, commitment)
    }

    /// `commitment` as it stands once done.
    pub fn commitment_kept(commitment: &Commitment) -> Occurrence {
        let text =
            ChatFacts::CommitmentKept { description: commitment.description.clone(), done_on: commitment.done_on }
                .english();
        Occurrence::of(EventKind::CommitmentKept, Some(commitment.partnership_id), text, commitment)
    }

    /// `commitment` once it became missed.
    pub fn commitment_missed(commitment: &Commitment) -> Occurrence {
        let text =
            ChatFacts::CommitmentMissed { description: commitment.description.clone(), due_on: commitment.due_on }
                .english();
        Occurrence::of(EventKind::CommitmentMissed, Some(commitment.partnership_id), text, commitment)
    }

    /// A warning newly raised on a partnership.
    pub fn warning_raised(partnership_id: Uuid, partnership_name: &str, warning: &Warning) -> Occurrence {
        let data = serde_json::json!({
            "kind": warning.kind.as_str(),
            "severity": warning.severity.as_str(),
            "organization_id": warning.organization_id,
            "explanation": warning.explanation,
            "suggested_action": warning.suggested_action,
        });
        let text = ChatFacts::WarningRaised {
            partnership: partnership_name.to_owned(),
            explanation: warning.explanation.clone(),
        }
        .english();
        Occurrence { kind: EventKind::WarningRaised, partnership_id: Some(partnership_id), text, data }
    }

    pub fn checkin_logged(partnership_name: &str, checkin: &CheckIn) -> Occurrence {
        let text =
            ChatFacts::CheckinLogged { partnership: partnership_name.to_owned(), held_on: checkin.held_on }.english();
        Occurrence::of(EventKind::CheckinLogged, Some(checkin.partnership_id), text, checkin)
    }

    /// An agreement's "agreement ending" warning newly raised: it entered its renewal notice or
    /// lapsed.
    pub fn agreement_ending(partnership_id: Uuid, partnership_name: &str, warning: &Warning) -> Occurrence {
        let data = serde_json::json!({
            "agreement_id": warning.records.first().map(|r| r.id),
            "severity": warning.severity.as_str(),
            "explanation": warning.explanation,
            "suggested_action": warning.suggested_action,
        });
        let text = ChatFacts::AgreementEnding {
            partnership: partnership_name.to_owned(),
            explanation: warning.explanation.clone(),
        }
        .english();
        Occurrence { kind: EventKind::AgreementEnding, partnership_id: Some(partnership_id), text, data }
    }

    pub fn kudos_given(kudos: &Kudos) -> Occurrence {
        let text = ChatFacts::Kudos { message: kudos.message.clone() }.english();
        Occurrence::of(EventKind::KudosGiven, kudos.partnership_id, text, kudos)
    }
}

/// What an event's chat message says, as facts: the event's `text` is their English sentence,
/// and a chat message in another language is worded from them. Read back from the event itself
/// ([`ChatFacts::of`]): its record, and the partnership's name from its sentence; the JSON an
/// event sends stays as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatFacts {
    CommitmentMade {
        description: String,
        due_on: NaiveDate,
    },
    CommitmentKept {
        description: String,
        done_on: Option<NaiveDate>,
    },
    CommitmentMissed {
        description: String,
        due_on: NaiveDate,
    },
    CheckinLogged {
        partnership: String,
        held_on: NaiveDate,
    },
    /// A warning's explanation is the English sentence its event carries.
    WarningRaised {
        partnership: String,
        explanation: String,
    },
    AgreementEnding {
        partnership: String,
        explanation: String,
    },
    Kudos {
        message: String,
    },
}

impl ChatFacts {
    /// The English sentence: the event's `text`.
    pub fn english(&self) -> String {
        match self {
            ChatFacts::CommitmentMade { description, due_on } => {
                format!("Commitment made: \"{description}\" (due {due_on})")
            }
            ChatFacts::CommitmentKept { description, done_on } => {
                let done = done_on.map(|day| format!(" (done {day})")).unwrap_or_default();
                format!("Commitment kept: \"{description}\"{done}")
            }
            ChatFacts::CommitmentMissed { description, due_on } => {
                format!("Commitment missed: \"{description}\" (due {due_on})")
            }
            ChatFacts::CheckinLogged { partnership, held_on } => {
                format!("Check-in logged in {partnership} ({held_on})")
            }
            ChatFacts::WarningRaised { partnership, explanation } => format!("Warning on {partnership}: {explanation}"),
            ChatFacts::AgreementEnding { partnership, explanation } => {
                format!("Agreement ending in {partnership}: {explanation}")
            }
            ChatFacts::Kudos { message } => format!("Kudos: {message}"),
        }
    }

    /// The facts of `event`, read back from its record and sentence; `None` for a test event
    /// or one whose record does not hold them (its `text` is then sent as written).
    pub fn of(event: &Event) -> Option<ChatFacts> {
        let data = &event.data;
        let text = |name: &str| data.get(name).and_then(|v| v.as_str()).map(str::to_owned);
        let day = |name: &str| text(name).and_then(|d| d.parse::<NaiveDate>().ok());
        let facts = match event.event {
            EventKind::CommitmentMade => {
                ChatFacts::CommitmentMade { description: text("description")?, due_on: day("due_on")? }
            }
            EventKind::CommitmentKept => {
                ChatFacts::CommitmentKept { description: text("description")?, done_on: day("done_on") }
            }
            EventKind::CommitmentMissed => {
                ChatFacts::CommitmentMissed { description: text("description")?, due_on: day("due_on")? }
            }
            EventKind::CheckinLogged => {
                let held_on = day("held_on")?;
                let partnership =
                    event.text.strip_prefix("Check-in logged in ")?.strip_suffix(&format!(" ({held_on})"))?.to_owned();
                ChatFacts::CheckinLogged { partnership, held_on }
            }
            EventKind::WarningRaised | EventKind::AgreementEnding => {
                let explanation = text("explanation")?;
                let prefix =
                    if event.event == EventKind::WarningRaised { "Warning on " } else { "Agreement ending in " };
                let partnership =
                    event.text.strip_prefix(prefix)?.strip_suffix(&format!(": {explanation}"))?.to_owned();
                if event.event == EventKind::WarningRaised {
                    ChatFacts::WarningRaised { partnership, explanation }
                } else {
                    ChatFacts::AgreementEnding { partnership, explanation }
                }
            }
            EventKind::KudosGiven => ChatFacts::Kudos { message: text("message")? },
            EventKind::WebhookTest => return None,
        };
        // Only facts that say exactly what the event says.
        (facts.english() == event.text).then_some(facts)
    }
}

/// The body sent to a hook of `format`.
pub fn body(format: WebhookFormat, event: &Event) -> Vec<u8> {
    let value = match format {
        WebhookFormat::Json => serde_json::to_value(event).unwrap_or(serde_json::Value::Null),
        WebhookFormat::Slack | WebhookFormat::Teams => return chat_body(format, event.event.label(), &event.text),
    };
    serde_json::to_vec(&value).unwrap_or_default()
}

/// The body of a chat message (Slack or Teams) with its title and text; JSON hooks get the
/// event itself ([`body`]).
pub fn chat_body(format: WebhookFormat, title: &str, text: &str) -> Vec<u8> {
    let value = match format {
        WebhookFormat::Json | WebhookFormat::Slack => serde_json::json!({ "text": format!("*{title}*: {text}") }),
        WebhookFormat::Teams => serde_json::json!({
            "@type": "MessageCard",
            "@context": "https://schema.org/extensions",
            "summary": title,
            "title": title,
            "text": text,
        }),
    };
    serde_json::to_vec(&value).unwrap_or_default()
}

/// The signature header's value for `body`: `sha256=` and the hex HMAC-SHA256 with `secret`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Whether `header` is the signature of `body` with `secret`, compared in constant time.
pub fn verify(secret: &str, body: &[u8], header: &str) -> bool {
    let Some(code) = header.trim().strip_prefix("sha256=") else { return false };
    let mut expected = [0u8; 32];
    if hex::decode_to_slice(code, &mut expected).is_err() {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

/// How long to wait before attempt `attempts + 1` after `attempts` failed ones: `base` doubled
/// each time (1, 2, 4, … minutes with a one-minute base).
pub fn retry_delay(base: std::time::Duration, attempts: u32) -> std::time::Duration {
    base.saturating_mul(1u32 << attempts.saturating_sub(1).min(20))
}

/// A hook as written through the API.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookDraft {
    /// Where to POST, http:// or https://.
    pub url: String,
    pub format: WebhookFormat,
    /// The events to send; at least one, each once.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 7))]
    pub events: Vec<EventKind>,
    /// Only events of this partnership; every partnership of the workspace when absent.
    #[serde(default)]
    pub partnership_id: Option<Uuid>,
    /// Paused hooks receive nothing; true when absent.
    #[serde(default)]
    pub active: Option<bool>,
}

/// A hook that passed validation: its address trimmed, its events each once in their order,
/// active unless paused. Whether its partnership is in the workspace is the application's to
/// check.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidWebhook {
    pub url: String,
    pub format: WebhookFormat,
    pub events: Vec<EventKind>,
    pub partnership_id: Option<Uuid>,
    pub active: bool,
}

impl WebhookDraft {
    pub fn validate(&self) -> Result<ValidWebhook, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let url = self.url.trim().to_owned();
        let scheme_ok = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
        if !scheme_ok {
            errors.add("url", "must be an http:// or https:// address");
        } else if url.len() > 2000 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            errors.add("url", "must be a single address of at most 2000 characters");
        }
        if self.events.is_empty() {
            errors.add("events", "choose at least one event");
        } else if self.events.contains(&EventKind::WebhookTest) {
            errors.add("events", "webhook.test is sent by the test button, not subscribed to");
        }
        errors.at_most("events", &self.events, crate::validate::limits::WEBHOOK_EVENTS);
        let mut events = Vec::new();
        for kind in EventKind::ALL {
            if self.events.contains(&kind) {
                events.push(kind);
            }
        }
        errors.finish(|| ValidWebhook {
            url,
            format: self.format,
            events,
            partnership_id: self.partnership_id,
            active: self.active.unwrap_or(true),
        })
    }
}

/// Why a hook may not be sent to `url` as it is written: its host is a loopback, private or
/// local IP address written out (in any form a URL parser accepts), or the name `localhost` or a
/// name under it (RFC 6761). `None` for any other name: what it resolves to is checked at the
/// moment of sending. The app refuses such a hook when it is saved, and the job runner once
/// more before each delivery, both unless `RAPPORT_WEBHOOK_ALLOW_PRIVATE=true`.
pub fn refused_address(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let refuse = |host: &str| {
        format!("{host} is a private or local address; set RAPPORT_WEBHOOK_ALLOW_PRIVATE=true to allow it")
    };
    match parsed.host()? {
        url::Host::Ipv4(ip) => (!is_public_address(IpAddr::V4(ip))).then(|| refuse(&ip.to_string())),
        url::Host::Ipv6(ip) => (!is_public_address(IpAddr::V6(ip))).then(|| refuse(&ip.to_string())),
        url::Host::Domain(name) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            (name == "localhost" || name.ends_with(".localhost")).then(|| refuse(&name))
        }
    }
}

/// Whether a webhook may be sent to `ip`. Loopback, private, link-local (cloud metadata),
/// shared, documentation and reserved ranges are refused, so that a hook cannot make the server
/// reach itself or the services on its own network that trust their neighbours.
pub fn is_public_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let shared = a == 100 && (64..128).contains(&b); // 100.64.0.0/10, carrier-grade NAT
    let protocol_assignments = a == 192 && b == 0 && c == 0; // 192.0.0.0/24
    let benchmarking = a == 198 && (18..20).contains(&b); // 198.18.0.0/15
    !(a == 0
        || a >= 240
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_documentation()
        || shared
        || protocol_assignments
        || benchmarking)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    let unique_local = first & 0xfe00 == 0xfc00; // fc00::/7
    let link_local = first & 0xffc0 == 0xfe80; // fe80::/10
    let documentation = first == 0x2001 && ip.segments()[1] == 0x0db8; // 2001:db8::/32
    !(ip.is_loopback() || ip.is_unspecified() || ip.is_multicast() || unique_local || link_local || documentation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hooks_to_local_and_private_hosts_are_refused_as_written() {
        for url in [
            "http://127.0.0.1/",
            "http://10.0.0.1/hook",
            "https://192.168.1.20:8443/x",
            "http://localhost:8080/hook",
            "http://LOCALHOST./",
            "http://api.localhost/",
            "http://[::1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://169.254.169.254/latest/meta-data",
            "http://user:pass@127.0.0.1/",
        ] {
            assert!(refused_address(url).is_some_and(|e| e.contains("private or local")), "{url}");
        }
        for url in ["https://hooks.slack.com/services/T0/B0/x", "http://93.184.216.34/", "https://[2606:4700::1111]/"] {
            assert_eq!(refused_address(url), None, "{url}");
        }
    }

    #[test]
    fn webhook_signature_matches_rfc_4231_test_case_2() {
        // RFC 4231, 4.3: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(verify(
            "Jefe",
            b"what do ya want for nothing?",
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ));
        assert!(!verify(
            "Jefe",
            b"what do ya want for nothing!",
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ));
        assert!(!verify(
            "jefe",
            b"what do ya want for nothing?",
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ));
        assert!(!verify("Jefe", b"x", "md5=00"));
        assert!(!verify("Jefe", b"x", "sha256=zz"));
    }

    fn event() -> Event {
        Event {
            id: Uuid::nil(),
            event: EventKind::CommitmentKept,
            occurred_at: "2026-11-23T10:00:00Z".parse().unwrap(),
            workspace_id: Uuid::nil(),
            partnership_id: None,
            text: "Eastside Library kept \"Lend 30 books\"".into(),
            data: serde_json::json!({"id": "x"}),
        }
    }

    #[test]
    fn webhook_formats_shape_the_body() {
        let json: serde_json::Value = serde_json::from_slice(&body(WebhookFormat::Json, &event())).unwrap();
        assert_eq!(json["event"], "commitment.kept");
        assert_eq!(json["data"]["id"], "x");
        let slack: serde_json::Value = serde_json::from_slice(&body(WebhookFormat::Slack, &event())).unwrap();
        assert_eq!(slack.as_object().unwrap().len(), 1);
        assert!(slack["text"].as_str().unwrap().contains("Commitment kept"));
        let teams: serde_json::Value = serde_json::from_slice(&body(WebhookFormat::Teams, &event())).unwrap();
        assert_eq!(teams["@type"], "MessageCard");
        assert!(teams["text"].as_str().unwrap().contains("Lend 30 books"));
    }

    #[test]
    fn a_chat_message_s_facts_are_read_back_from_its_event() {
        let logged = Event {
            event: EventKind::CheckinLogged,
            text: "Check-in logged in Reading Buddies (2026-11-23)".into(),
            data: serde_json::json!({"held_on": "2026-11-23", "agenda": null}),
            ..event()
        };
        let facts = ChatFacts::of(&logged).unwrap();
        assert_eq!(
            facts,
            ChatFacts::CheckinLogged { partnership: "Reading Buddies".into(), held_on: "2026-11-23".parse().unwrap() }
        );
        assert_eq!(facts.english(), logged.text);
        let warning = Event {
            event: EventKind::WarningRaised,
            text: "Warning on A: B: It slips.".into(),
            data: serde_json::json!({"explanation": "It slips."}),
            ..event()
        };
        assert_eq!(
            ChatFacts::of(&warning),
            Some(ChatFacts::WarningRaised { partnership: "A: B".into(), explanation: "It slips.".into() })
        );
        // Facts that would not say what the event says are not used.
        assert_eq!(ChatFacts::of(&event()), None);
        let test = Event { event: EventKind::WebhookTest, ..event() };
        assert_eq!(ChatFacts::of(&test), None);
    }

    #[test]
    fn webhook_drafts_are_checked() {
        let draft = WebhookDraft {
            url: "ftp://x".into(),
            format: WebhookFormat::Json,
            events: vec![],
            partnership_id: None,
            active: None,
        };
        let errors = draft.validate().unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["url", "events"]);
        let draft = WebhookDraft {
            url: " https://hooks.example.org/x ".into(),
            format: WebhookFormat::Slack,
            events: vec![EventKind::KudosGiven, EventKind::CommitmentMade, EventKind::KudosGiven],
            partnership_id: None,
            active: None,
        };
        let valid = draft.validate().unwrap();
        assert_eq!(valid.url, "https://hooks.example.org/x");
        assert_eq!(valid.events, [EventKind::CommitmentMade, EventKind::KudosGiven]);
        assert!(valid.active);
    }

    #[test]
    fn webhook_retries_back_off_exponentially() {
        let minute = std::time::Duration::from_secs(60);
        assert_eq!(retry_delay(minute, 1), minute);
        assert_eq!(retry_delay(minute, 2), minute * 2);
        assert_eq!(retry_delay(minute, 4), minute * 8);
        assert_eq!("warning.raised".parse::<EventKind>(), Ok(EventKind::WarningRaised));
    }

    #[test]
    fn hooks_reach_only_public_addresses() {
        for refused in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.10",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "224.0.0.1",
        ] {
            assert!(!is_public_address(refused.parse().unwrap()), "{refused} is refused");
        }
        for allowed in ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:1.1.1.1"] {
            assert!(is_public_address(allowed.parse().unwrap()), "{allowed} is allowed");
        }
    }
}
