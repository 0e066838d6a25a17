//! Outgoing webhooks: who may manage them, and the events a write queues for them.

use rapport_core::access::Action;
use rapport_core::webhook::{ValidWebhook, WebhookDraft, refused_address};
use rapport_core::{Role, ValidationErrors};
use rapport_store::{Delivery, Job, Webhook};
use uuid::Uuid;

use crate::credentials::new_webhook_secret;
use crate::{AppError, AppResult, Session};

const MANAGERS_ONLY: &str = "only coordinators and owners can manage webhooks";

impl Session<'_> {
    /// The workspace's hooks (coordinators and owners).
    pub async fn webhooks(&self) -> AppResult<Vec<Webhook>> {
        self.manage_webhooks()?;
        Ok(self.store.webhooks(self.viewer.workspace_id).await?)
    }

    /// Adds a hook; the answer carries its signing secret, to be shown this once.
    pub async fn add_webhook(&self, draft: &WebhookDraft) -> AppResult<(Webhook, String)> {
        self.manage_webhooks()?;
        let valid = self.valid_webhook(draft).await?;
        let secret = new_webhook_secret();
        let hook =
            self.store.create_webhook(self.viewer.workspace_id, &valid, &secret, Some(self.viewer.user_id)).await?;
        Ok((hook, secret))
    }

    /// One hook (coordinators and owners).
    pub async fn webhook(&self, id: Uuid) -> AppResult<Webhook> {
        self.manage_webhooks()?;
        Ok(self.store.webhook(self.viewer.workspace_id, id).await?)
    }

    /// Replaces a hook's address, format, events, partnership and `active`; the secret stays.
    pub async fn update_webhook(&self, id: Uuid, draft: &WebhookDraft) -> AppResult<Webhook> {
        self.manage_webhooks()?;
        let valid = self.valid_webhook(draft).await?;
        Ok(self.store.update_webhook(self.viewer.workspace_id, id, &valid).await?)
    }

    /// Gives a hook a new signing secret, to be shown this once.
    pub async fn new_webhook_secret(&self, id: Uuid) -> AppResult<(Webhook, String)> {
        self.manage_webhooks()?;
        let secret = new_webhook_secret();
        let hook = self.store.rotate_webhook_secret(self.viewer.workspace_id, id, &secret).await?;
        Ok((hook, secret))
    }

    /// Queues a test event for a hook, sent by the job runner like any other; its result shows
    /// in the delivery log.
    pub async fn send_webhook_test(&self, id: Uuid) -> AppResult<Delivery> {
        self.manage_webhooks()?;
        let text = "A test from Rapport: this webhook works.";
        Ok(self.store.queue_test_delivery(self.viewer.workspace_id, id, text).await?)
    }

    pub async fn remove_webhook(&self, id: Uuid) -> AppResult<()> {
        self.manage_webhooks()?;
        Ok(self.store.delete_webhook(self.viewer.workspace_id, id).await?)
    }

    /// The latest deliveries, newest first: one hook's, or every hook's of the workspace.
    pub async fn webhook_log(&self, hook: Option<Uuid>, limit: u64) -> AppResult<Vec<Delivery>> {
        self.manage_webhooks()?;
        let ws = self.viewer.workspace_id;
        if let Some(id) = hook {
            self.store.webhook(ws, id).await?;
        }
        Ok(self.store.webhook_deliveries(ws, hook, limit).await?)
    }

    /// The workspace's latest background jobs, newest first (owners; not found for anyone else).
    pub async fn workspace_jobs(&self, limit: u64) -> AppResult<Vec<Job>> {
        if self.viewer.role != Role::Owner {
            return Err(AppError::NotFound);
        }
        Ok(self.store.recent_jobs(Some(self.viewer.workspace_id), limit).await?)
    }

    fn manage_webhooks(&self) -> AppResult<()> {
        if self.viewer.may(Action::ManageNetwork) { Ok(()) } else { Err(AppError::Forbidden(MANAGERS_ONLY)) }
    }

    async fn valid_webhook(&self, draft: &WebhookDraft) -> AppResult<ValidWebhook> {
        let valid = draft.validate()?;
        if !self.allow_private_webhooks
            && let Some(refusal) = refused_address(&valid.url)
        {
            return Err(ValidationErrors::single("url", refusal).into());
        }
        if let Some(id) = valid.partnership_id {
            match self.partnership(id).await {
                Ok(_) => {}
                Err(AppError::NotFound) => {
                    return Err(
                        ValidationErrors::single("partnership_id", "no such partnership in this workspace").into()
                    );
                }
                Err(other) => return Err(other),
            }
        }
        Ok(valid)
    }
}
