//! Background work inside `rapport serve`: a runner that shares the database's job queue with
//! every other `rapport serve` on the same database (SPEC 8).
//!
//! Every few seconds each runner enqueues what the schedule says is due, under a dedupe key
//! naming the slot (`trust-sweep:2026-11-23T10:15`), so however many servers do it the job is
//! stored once; then it claims due jobs (the store's claim is `FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, one write transaction at a time on SQLite, so a job goes to one runner) and runs
//! them with the handler for their kind. A failure is retried with a doubling delay and given up
//! after `rapport_store::MAX_ATTEMPTS`.
//!
//! Kinds:
//! - `trust-sweep`, every quarter of an hour: brings each workspace's trust state up to the day
//!   (commitments that became missed overnight, cadence and goal warnings that time alone
//!   raises), so the first person to open a page in the morning does not wait for it. The sweep
//!   itself runs at most once a day per workspace.
//! - `prune`, daily: forgets finished jobs after 30 days and refreshes the query planner's
//!   statistics.
//! - `webhook`: sends one delivery to its hook, signed (`X-Rapport-Signature`), and records the
//!   attempt in the delivery log. Hosts that are, or resolve to, loopback or private addresses
//!   are refused unless `RAPPORT_WEBHOOK_ALLOW_PRIVATE=true` (the app refuses such an address
//!   written out when a hook is saved, `rapport_core::webhook::refused_address`; only the
//!   runner sees what a name resolves to).
//! - `reminders`, daily from `RAPPORT_REMINDER_HOUR` (UTC, default 7), and `digest`, on
//!   `RAPPORT_DIGEST_DAY` (default `mon`) at the same hour, when e-mail is configured
//!   (`crate::mail`): each goes through every workspace's people and queues one `email` job per
//!   person with something to say, under a dedupe key naming the person and the day, so a
//!   reminder is sent once however many servers run.
//! - `network`: computes one workspace's network (ties, measures, layout) and stores it
//!   (`rapport_app::App::refresh_network`). Queued in the transaction of every change of ties,
//!   under the dedupe key `network:{workspace}`, so a burst of changes waiting for the next
//!   round is computed once; the sweep queues it once a day too, for the interactions and
//!   trust that move without a change of ties.
//! - `email`: sends one message; a failure is retried like any job. Invitations and
//!   password-reset links are queued as `email` jobs in the transaction that makes them (the
//!   outbox); their payload, which holds the link, is redacted once sent.
//!
//! `RAPPORT_JOBS_POLL_MS` and `RAPPORT_JOBS_RETRY_BASE_MS` shorten the poll interval (5 s) and the
//! first retry delay (1 min) for tests.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Timelike, Utc, Weekday};
use rapport_app::MailFacts;
use rapport_app::Session;
use rapport_core::reminder::{self, DigestNews, Message};
use rapport_core::webhook::{self, SIGNATURE_HEADER};
use rapport_http::i18n::Tr;
use rapport_store::{Job, NETWORK_JOB, NewJob, Retry, Store, WEBHOOK_JOB};
use uuid::Uuid;

use crate::mail::Mailer;

const TRUST_SWEEP: &str = "trust-sweep";
const PRUNE: &str = "prune";
const REMINDERS: &str = "reminders";
const DIGEST: &str = "digest";
const EMAIL: &str = "email";
/// Minutes between trust sweeps.
const SWEEP_EVERY_MINUTES: u32 = 15;
/// How long a finished job is kept.
const KEEP_FINISHED_DAYS: i64 = 30;

/// How a runner behaves.
#[derive(Debug, Clone)]
pub struct RunnerConfig {
    /// Who claims: unique per process.
    pub worker: String,
    /// The pause between rounds when there was nothing more to do.
    pub poll: Duration,
    /// The first retry's delay, doubled at each further failure.
    pub retry_base: Duration,
    /// How long a claim holds before another runner may take the job over.
    pub lease: Duration,
    /// Jobs claimed (and run side by side) per round.
    pub batch: u64,
    /// How long a webhook receiver has to answer.
    pub webhook_timeout: Duration,
    /// Whether hooks may reach loopback and private addresses (`RAPPORT_WEBHOOK_ALLOW_PRIVATE`),
    /// for a chat server on the same network; off by default (see `webhook::is_public_address`).
    pub allow_private_webhooks: bool,
    /// Where e-mail goes out; reminders and digests are scheduled only with one.
    pub mailer: Option<Mailer>,
    /// The server's address, for links in e-mails.
    pub base_url: String,
    /// The hour of the day (UTC) from which reminders and digests go out.
    pub reminder_hour: u32,
    pub digest_day: Weekday,
}

impl RunnerConfig {
    pub fn from_env(base_url: String) -> anyhow::Result<RunnerConfig> {
        let millis = |name: &str, default: u64| {
            Duration::from_millis(std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default))
        };
        Ok(RunnerConfig {
            worker: format!("{}-{}", std::process::id(), &Uuid::new_v4().simple().to_string()[..8]),
            poll: millis("RAPPORT_JOBS_POLL_MS", 5_000),
            retry_base: millis("RAPPORT_JOBS_RETRY_BASE_MS", 60_000),
            lease: Duration::from_secs(5 * 60),
            batch: 10,
            webhook_timeout: Duration::from_secs(10),
            allow_private_webhooks: match std::env::var("RAPPORT_WEBHOOK_ALLOW_PRIVATE").as_deref() {
                Err(_) | Ok("" | "false" | "0" | "no") => false,
                Ok("true" | "1" | "yes") => true,
                Ok(other) => anyhow::bail!("RAPPORT_WEBHOOK_ALLOW_PRIVATE must be true or false, not {other:?}"),
            },
            mailer: Mailer::from_env()?,
            base_url,
            reminder_hour: match std::env::var("RAPPORT_REMINDER_HOUR") {
                Err(_) => 7,
                Ok(hour) => hour.parse().ok().filter(|h| *h < 24).ok_or_else(|| {
                    anyhow::anyhow!("RAPPORT_REMINDER_HOUR must be an hour from 0 to 23, not {hour:?}")
                })?,
            },
            digest_day: match std::env::var("RAPPORT_DIGEST_DAY") {
                Err(_) => Weekday::Mon,
                Ok(day) => day.parse().map_err(|_| {
                    anyhow::anyhow!("RAPPORT_DIGEST_DAY must be a day of the week such as mon, not {day:?}")
                })?,
            },
        })
    }
}

/// Starts the runner on the current runtime.
pub fn spawn_runner(store: Store, config: RunnerConfig) {
    let mut builder = reqwest::Client::builder();
    if !config.allow_private_webhooks {
        builder = builder.dns_resolver(Arc::new(PublicAddressesOnly));
    }
    let client = match builder
        .timeout(config.webhook_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Rapport-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(client) => client,
        Err(err) => {
            tracing::error!(error = %err, "could not build the HTTP client: webhooks will not be sent");
            reqwest::Client::new()
        }
    };
    let runner = Runner { store, config, client };
    tokio::spawn(async move { runner.run().await });
}

struct Runner {
    store: Store,
    config: RunnerConfig,
    client: reqwest::Client,
}

impl Runner {
    async fn run(self) {
        let mut scheduled: Option<String> = None;
        loop {
            let now = self.store.now();
            let slot = sweep_slot(now);
            if scheduled.as_deref() != Some(slot.as_str()) && self.schedule(now, &slot).await {
                scheduled = Some(slot);
            }
            let full = match self.store.claim_due_jobs(&self.config.worker, self.config.batch, self.config.lease).await
            {
                Ok(jobs) => {
                    let full = jobs.len() as u64 == self.config.batch;
                    let mut running = tokio::task::JoinSet::new();
                    for job in jobs {
                        let runner = self.handle();
                        running.spawn(async move { runner.run_one(job).await });
                    }
                    while running.join_next().await.is_some() {}
                    full
                }
                Err(err) => {
                    tracing::warn!(error = %err, "could not claim jobs; trying again at the next round");
                    false
                }
            };
            if !full {
                tokio::time::sleep(self.config.poll).await;
            }
        }
    }

    fn handle(&self) -> Runner {
        Runner { store: self.store.clone(), config: self.config.clone(), client: self.client.clone() }
    }

    /// Enqueues the schedule's jobs for this slot; false if the database could not be reached.
    async fn schedule(&self, now: DateTime<Utc>, slot: &str) -> bool {
        let today = now.date_naive();
        let mut jobs = vec![
            NewJob {
                dedupe_key: Some(format!("{TRUST_SWEEP}:{slot}")),
                ..NewJob::new(TRUST_SWEEP, serde_json::json!({}))
            },
            NewJob { dedupe_key: Some(format!("{PRUNE}:{today}")), ..NewJob::new(PRUNE, serde_json::json!({})) },
        ];
        if self.config.mailer.is_some() && now.hour() >= self.config.reminder_hour {
            jobs.push(NewJob {
                dedupe_key: Some(format!("{REMINDERS}:{today}")),
                ..NewJob::new(REMINDERS, serde_json::json!({}))
            });
            if reminder::is_digest_day(today, self.config.digest_day) {
                jobs.push(NewJob {
                    dedupe_key: Some(format!("{DIGEST}:{today}")),
                    ..NewJob::new(DIGEST, serde_json::json!({}))
                });
            }
        }
        for job in jobs {
            if let Err(err) = self.store.enqueue_job(job).await {
                tracing::warn!(error = %err, "could not enqueue the scheduled jobs");
                return false;
            }
        }
        true
    }

    async fn run_one(self, job: Job) {
        let outcome = match job.kind.as_str() {
            TRUST_SWEEP => self.trust_sweep().await,
            PRUNE => self.prune().await,
            WEBHOOK_JOB => self.deliver(&job).await,
            REMINDERS => self.queue_reminders(false).await,
            DIGEST => self.queue_reminders(true).await,
            EMAIL => self.send_email(&job).await,
            NETWORK_JOB => rapport_app::App::new(self.store.clone())
                .run_network_job(&job)
                .await
                .map_err(|e| format!("could not compute the network: {}", e.chain())),
            other => Err(format!("no handler for jobs of kind {other:?}")),
        };
        let recorded = match outcome {
            Ok(()) => self.store.complete_job(job.id, &self.config.worker).await.map(|_| ()),
            Err(error) => {
                match self.store.fail_job(job.id, &self.config.worker, &error, self.config.retry_base).await {
                    Ok(Some(Retry::GaveUp)) => {
                        tracing::warn!(job = %job.id, kind = %job.kind, %error, "a job failed for the last time");
                        Ok(())
                    }
                    Ok(_) => {
                        tracing::info!(job = %job.id, kind = %job.kind, attempt = job.attempts, %error, "a job failed; it will be retried");
                        Ok(())
                    }
                    Err(err) => Err(err),
                }
            }
        };
        if let Err(err) = recorded {
            tracing::warn!(job = %job.id, error = %err, "could not record a job's outcome; it runs again when its lease ends");
        }
    }

    async fn trust_sweep(&self) -> Result<(), String> {
        let workspaces = self.store.workspace_ids().await.map_err(|e| format!("could not list workspaces: {e}"))?;
        let mut failed = Vec::new();
        for workspace in workspaces {
            if let Err(err) = self.store.sweep_missed(workspace).await {
                tracing::warn!(%workspace, error = %err, "the daily trust sweep failed");
                failed.push(workspace.to_string());
            }
            // Closed surveys leave the pool and get their published results without waiting for
            // someone to read them.
            if let Err(err) = self.store.seal_closed_surveys(workspace).await {
                tracing::warn!(%workspace, error = %err, "sealing closed surveys failed");
                failed.push(workspace.to_string());
            }
            // Interactions and trust move without a change of ties: the network is measured
            // afresh once a day at least.
            if let Err(err) = self.refresh_network_daily(workspace).await {
                tracing::warn!(%workspace, error = %err, "queueing the daily network computation failed");
                failed.push(workspace.to_string());
            }
        }
        if failed.is_empty() { Ok(()) } else { Err(format!("the sweep failed for workspaces {}", failed.join(", "))) }
    }

    async fn refresh_network_daily(&self, workspace: Uuid) -> Result<(), rapport_store::StoreError> {
        let stale = self.store.network_snapshot(workspace).await?.is_none_or(|s| s.as_of < self.store.today());
        if stale {
            self.store.network_changed(workspace).await?;
        }
        Ok(())
    }

    async fn prune(&self) -> Result<(), String> {
        let before = self.store.now() - chrono::Duration::days(KEEP_FINISHED_DAYS);
        self.store.prune_jobs(before).await.map_err(|e| e.to_string())?;
        // A growing database needs fresh planner statistics now and then (see `refresh_statistics`).
        self.store.refresh_statistics().await.map_err(|e| e.to_string())
    }

    /// Queues one e-mail per person with reminders (or, for the digest, with anything to tell),
    /// in every workspace. The dedupe key makes a second run of the same day queue nothing new.
    async fn queue_reminders(&self, digest: bool) -> Result<(), String> {
        let today = self.store.today();
        let base_url = self.config.base_url.trim_end_matches('/');
        let workspaces = self.store.workspace_ids().await.map_err(|e| format!("could not list workspaces: {e}"))?;
        for workspace_id in workspaces {
            let workspace = self.store.workspace_name(workspace_id).await.map_err(|e| e.to_string())?;
            let default_language = self.store.workspace_language(workspace_id).await.map_err(|e| e.to_string())?;
            for member in self.store.members(workspace_id).await.map_err(|e| e.to_string())? {
                let settings = self.store.notification_settings(member.user_id).await.map_err(|e| e.to_string())?;
                let wanted = if digest { settings.weekly_digest } else { settings.email_reminders };
                if !wanted || settings.is_muted(today) {
                    continue;
                }
                let Some(viewer) = self.store.viewer(workspace_id, member.user_id).await.map_err(|e| e.to_string())?
                else {
                    continue;
                };
                let session = Session::new(&self.store, viewer);
                let horizon = if digest { reminder::DIGEST_DAYS } else { reminder::DUE_SOON_DAYS };
                let reminders =
                    session.my_reminders(horizon, &settings.wanted_kinds()).await.map_err(|e| e.to_string())?;
                let first_name = member.name.split_whitespace().next().unwrap_or(&member.name);
                let settings_url = format!("{base_url}/w/{workspace_id}/settings#reminders");
                // In the person's language, else the workspace's.
                let language = self.store.user(member.user_id).await.map_err(|e| e.to_string())?.language;
                let tr = Tr::first(&[language.as_deref(), Some(&default_language)]);
                let message = if digest {
                    let news = session.my_digest_news().await.map_err(|e| e.to_string())?;
                    if reminders.is_empty() && news == DigestNews::default() {
                        continue;
                    }
                    rapport_http::mail::digest(
                        &tr,
                        first_name,
                        &workspace,
                        &reminders,
                        &news,
                        base_url,
                        &settings_url,
                        today,
                    )
                } else {
                    if reminders.is_empty() {
                        continue;
                    }
                    rapport_http::mail::reminders(
                        &tr,
                        first_name,
                        &workspace,
                        &reminders,
                        base_url,
                        &settings_url,
                        today,
                    )
                };
                let kind = if digest { DIGEST } else { REMINDERS };
                let payload = serde_json::json!({"to_name": member.name, "to": member.email, "subject": message.subject, "text": message.text});
                let job = NewJob {
                    workspace_id: Some(workspace_id),
                    dedupe_key: Some(format!("{EMAIL}:{kind}:{workspace_id}:{}:{today}", member.user_id)),
                    ..NewJob::new(EMAIL, payload)
                };
                self.store.enqueue_job(job).await.map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }

    async fn send_email(&self, job: &Job) -> Result<(), String> {
        let Some(mailer) = &self.config.mailer else {
            return Err("e-mail is not configured on this server (RAPPORT_SMTP_URL)".to_owned());
        };
        let field =
            |name: &str| job.payload.get(name).and_then(|v| v.as_str()).ok_or_else(|| format!("the job has no {name}"));
        // An e-mail queued as facts is worded now, in the language the job names; one queued
        // as words (the reminders, or from before) is sent as written.
        let message = match job.payload.get("mail") {
            Some(facts) => {
                let facts: MailFacts =
                    serde_json::from_value(facts.clone()).map_err(|e| format!("the job's e-mail is not one: {e}"))?;
                let language = job.payload.get("language").and_then(|v| v.as_str());
                rapport_http::mail::secret(&Tr::first(&[language]), &facts)
            }
            None => Message { subject: field("subject")?.to_owned(), text: field("text")?.to_owned() },
        };
        mailer.send(field("to_name")?, field("to")?, &message.subject, &message.text).await?;
        // A message with a secret link (an invitation, a password reset) leaves no copy of it in
        // the queue once sent.
        if job.payload.get("secret").and_then(serde_json::Value::as_bool) == Some(true)
            && let Err(err) = self.store.redact_job_payload(job.id).await
        {
            tracing::warn!(job = %job.id, error = %err, "could not redact a sent e-mail's link from the job queue");
        }
        Ok(())
    }

    /// Sends one delivery. A 2xx answer delivers it; anything else is recorded and retried.
    async fn deliver(&self, job: &Job) -> Result<(), String> {
        let delivery_id: Uuid = job
            .payload
            .get("delivery_id")
            .and_then(|v| v.as_str())
            .and_then(|v| v.parse().ok())
            .ok_or("the job names no delivery")?;
        let Some(pending) = self.store.pending_delivery(delivery_id).await.map_err(|e| e.to_string())? else {
            // The hook was deleted, and its deliveries with it.
            return Ok(());
        };
        if pending.delivered || !pending.active {
            return Ok(());
        }
        let refused = if self.config.allow_private_webhooks { None } else { webhook::refused_address(&pending.url) };
        if let Some(error) = refused {
            self.store
                .record_delivery_attempt(delivery_id, job.id, None, Some(&error))
                .await
                .map_err(|e| e.to_string())?;
            return Err(error);
        }
        // Chat messages speak the workspace's default language; JSON goes to machines as it is.
        let language = self.store.workspace_language(pending.event.workspace_id).await.map_err(|e| e.to_string())?;
        let body = rapport_http::chat::body(&Tr::first(&[Some(&language)]), pending.format, &pending.event);
        let signature = webhook::sign(&pending.secret, &body);
        let sent = self
            .client
            .post(&pending.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, signature)
            .header("X-Rapport-Event", pending.event.event.as_str())
            .header("X-Rapport-Delivery", delivery_id.to_string())
            .body(body)
            .send()
            .await;
        let (status, error) = match sent {
            Ok(response) if response.status().is_success() => (Some(response.status().as_u16()), None),
            Ok(response) => {
                (Some(response.status().as_u16()), Some(format!("the receiver answered {}", response.status())))
            }
            Err(err) => (None, Some(describe(&err))),
        };
        self.store
            .record_delivery_attempt(delivery_id, job.id, status, error.as_deref())
            .await
            .map_err(|e| e.to_string())?;
        match error {
            None => Ok(()),
            Some(error) => Err(error),
        }
    }
}

/// Resolves webhook hosts to their public addresses only, so that a name pointing at this
/// machine or its network is refused at the moment of sending, not just when the hook was made.
struct PublicAddressesOnly;

impl reqwest::dns::Resolve for PublicAddressesOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<_> = found.into_iter().filter(|a| webhook::is_public_address(a.ip())).collect();
            if public.is_empty() {
                return Err(format!(
                    "{host} is a private or local address; set RAPPORT_WEBHOOK_ALLOW_PRIVATE=true to allow it"
                )
                .into());
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The quarter of an hour `now` falls in, as `2026-11-23T10:15`.
fn sweep_slot(now: DateTime<Utc>) -> String {
    let minute = now.minute() / SWEEP_EVERY_MINUTES * SWEEP_EVERY_MINUTES;
    format!("{}T{:02}:{:02}", now.date_naive(), now.hour(), minute)
}

/// A sending error in one sentence, with its cause (reqwest's own message names only the URL).
fn describe(err: &reqwest::Error) -> String {
    let mut text = if err.is_timeout() {
        "the receiver did not answer in time".to_owned()
    } else {
        "could not reach the receiver".to_owned()
    };
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweeps_are_slotted_by_quarter_hour() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(sweep_slot(at("2026-11-23T10:29:59Z")), "2026-11-23T10:15");
        assert_eq!(sweep_slot(at("2026-11-23T10:30:00Z")), "2026-11-23T10:30");
        assert_eq!(sweep_slot(at("2026-11-23T00:01:00Z")), "2026-11-23T00:00");
    }
}
