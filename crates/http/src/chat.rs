//! Webhook chat messages (Slack, Teams) in the workspace's default language (issue 25). The
//! core writes each event's English sentence from its facts (`webhook::ChatFacts`) and sends
//! JSON hooks the event as it is; [`body`] words a chat message's title and sentence again from
//! those facts. The unit test holds the English here equal to the core's sentences.

use rapport_core::webhook::{self, ChatFacts, Event, WebhookFormat};

use crate::i18n::Tr;

/// The body a hook of `format` receives for `event`, its words in `tr`'s language. A JSON hook
/// gets the event itself, in every language.
pub fn body(tr: &Tr, format: WebhookFormat, event: &Event) -> Vec<u8> {
    match format {
        WebhookFormat::Json => webhook::body(format, event),
        WebhookFormat::Slack | WebhookFormat::Teams => {
            let text = ChatFacts::of(event).map_or_else(|| event.text.clone(), |facts| sentence(tr, &facts));
            webhook::chat_body(format, &crate::ui::webhooks::event_label(tr, event.event), &text)
        }
    }
}

/// The sentence of a chat message. A warning's explanation is the English its event carries.
fn sentence(tr: &Tr, facts: &ChatFacts) -> String {
    match facts {
        ChatFacts::CommitmentMade { description, due_on } => {
            tr.a("chat-commitment-made", [("description", description.clone()), ("due", due_on.to_string())])
        }
        ChatFacts::CommitmentKept { description, done_on: Some(done) } => {
            tr.a("chat-commitment-kept-on", [("description", description.clone()), ("done", done.to_string())])
        }
        ChatFacts::CommitmentKept { description, done_on: None } => {
            tr.a("chat-commitment-kept", [("description", description.clone())])
        }
        ChatFacts::CommitmentMissed { description, due_on } => {
            tr.a("chat-commitment-missed", [("description", description.clone()), ("due", due_on.to_string())])
        }
        ChatFacts::CheckinLogged { partnership, held_on } => {
            tr.a("chat-checkin-logged", [("partnership", partnership.clone()), ("held", held_on.to_string())])
        }
        ChatFacts::WarningRaised { partnership, explanation } => {
            tr.a("chat-warning-raised", [("partnership", partnership.clone()), ("explanation", explanation.clone())])
        }
        ChatFacts::AgreementEnding { partnership, explanation } => {
            tr.a("chat-agreement-ending", [("partnership", partnership.clone()), ("explanation", explanation.clone())])
        }
        ChatFacts::Kudos { message } => tr.a("chat-kudos", [("message", message.clone())]),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use rapport_core::webhook::EventKind;
    use uuid::Uuid;

    use super::*;

    fn all() -> Vec<ChatFacts> {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let d = || "Lend 30 \"books\"".to_owned();
        vec![
            ChatFacts::CommitmentMade { description: d(), due_on: day },
            ChatFacts::CommitmentKept { description: d(), done_on: Some(day) },
            ChatFacts::CommitmentKept { description: d(), done_on: None },
            ChatFacts::CommitmentMissed { description: d(), due_on: day },
            ChatFacts::CheckinLogged { partnership: "Reading Buddies".into(), held_on: day },
            ChatFacts::WarningRaised { partnership: "Reading Buddies".into(), explanation: "It slips.".into() },
            ChatFacts::AgreementEnding { partnership: "Reading Buddies".into(), explanation: "It ends.".into() },
            ChatFacts::Kudos { message: "Thank you!".into() },
        ]
    }

    #[test]
    fn english_chat_messages_are_the_cores_word_for_word() {
        for facts in all() {
            assert_eq!(sentence(&Tr::english(), &facts), facts.english());
        }
        for kind in EventKind::ALL {
            assert_eq!(crate::ui::webhooks::event_label(&Tr::english(), kind), kind.label());
        }
    }

    #[test]
    fn a_spanish_chat_message_is_worded_from_the_event() {
        let event = Event {
            id: Uuid::nil(),
            event: EventKind::CommitmentKept,
            occurred_at: "2026-11-23T10:00:00Z".parse().unwrap(),
            workspace_id: Uuid::nil(),
            partnership_id: None,
            text: "Commitment kept: \"Lend 30 books\" (done 2026-11-23)".into(),
            data: serde_json::json!({"description": "Lend 30 books", "done_on": "2026-11-23"}),
        };
        let es = Tr::of("es").unwrap();
        let slack: serde_json::Value = serde_json::from_slice(&body(&es, WebhookFormat::Slack, &event)).unwrap();
        let text = slack["text"].as_str().unwrap();
        assert!(text.starts_with("*Compromiso cumplido*: ") && text.contains("Lend 30 books"), "{text}");
        assert!(!text.contains("Commitment") && !text.contains("done"), "{text}");
        let json = body(&es, WebhookFormat::Json, &event);
        assert_eq!(json, webhook::body(WebhookFormat::Json, &event), "machines get the event as it is");
        for facts in all() {
            let spanish = sentence(&es, &facts);
            for english in [
                "Commitment",
                "made",
                "kept",
                "missed",
                "due",
                "Check-in",
                "logged",
                "Warning",
                "Agreement",
                "ending",
                "Kudos:",
            ] {
                assert!(!spanish.contains(english), "{english} in {spanish}");
            }
        }
    }
}
