//! Outgoing e-mail over SMTP, configured by the environment:
//!
//! - `RAPPORT_SMTP_URL`: `smtp://host:25` (plain, for a relay on the same network),
//!   `smtp://user:password@host:587?tls=required` (STARTTLS) or `smtps://user:password@host`
//!   (TLS from the start). Without it Rapport sends no e-mail and schedules no e-mail jobs.
//! - `RAPPORT_MAIL_FROM`: the sender, e.g. `Rapport <rapport@school.example>`.

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    // The transport holds the SMTP password: show only the sender.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from.to_string()).finish_non_exhaustive()
    }
}

impl Mailer {
    /// The mailer the environment describes; `Ok(None)` when e-mail is not configured.
    pub fn from_env() -> anyhow::Result<Option<Mailer>> {
        let Ok(url) = std::env::var("RAPPORT_SMTP_URL") else { return Ok(None) };
        if url.trim().is_empty() {
            return Ok(None);
        }
        let from = std::env::var("RAPPORT_MAIL_FROM").unwrap_or_else(|_| "Rapport <rapport@localhost>".to_owned());
        Mailer::new(&url, &from).map(Some)
    }

    pub fn new(url: &str, from: &str) -> anyhow::Result<Mailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("RAPPORT_SMTP_URL is not an SMTP address Rapport can use: {e}"))?
            .build();
        let from = from.parse().map_err(|e| anyhow::anyhow!("RAPPORT_MAIL_FROM is not an e-mail address: {e}"))?;
        Ok(Mailer { transport, from })
    }

    /// Sends a plain-text message; the error says what went wrong in one sentence.
    pub async fn send(&self, to_name: &str, to_address: &str, subject: &str, text: &str) -> Result<(), String> {
        let to = Mailbox::new(
            Some(to_name.to_owned()),
            to_address.parse().map_err(|e| format!("{to_address} is not an e-mail address: {e}"))?,
        );
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(text.to_owned())
            .map_err(|e| format!("could not write the message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("the mail server did not take the message: {e}"))
    }
}
