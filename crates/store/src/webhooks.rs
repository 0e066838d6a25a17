//! Outgoing webhooks: a workspace's hooks (or a partnership's), and the delivery log. When
//! something a hook listens for happens, the write that records it also writes, in its own
//! transaction (`webhook_event_in`), one delivery and one `webhook` job per matching hook, nothing
//! more: the job runner sends them, retries them, and
//! records each attempt on the delivery.

use chrono::{DateTime, Utc};
use rapport_core::webhook::{Event, EventKind, Occurrence, ValidWebhook, WebhookFormat};
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, Iterable, QueryFilter, QueryOrder,
    QuerySelect, Select, Set,
};
use serde::Serialize;
use uuid::Uuid;

use crate::entities::partnerships;
use crate::jobs::NewJob;
use crate::rows::OneRow;
use crate::{Store, StoreError, StoreResult};

/// The job kind that sends one delivery; its payload is `{"delivery_id": …}`.
pub const WEBHOOK_JOB: &str = "webhook";

pub(crate) mod webhook_rows {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "webhooks")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub workspace_id: Uuid,
        pub partnership_id: Option<Uuid>,
        pub url: String,
        pub format: String,
        pub events: Json,
        pub secret: String,
        pub active: bool,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod webhook_deliveries {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "webhook_deliveries")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub workspace_id: Uuid,
        pub webhook_id: Uuid,
        pub job_id: Option<Uuid>,
        pub event: String,
        pub payload: Json,
        pub status_code: Option<i32>,
        pub attempts: i32,
        pub error: Option<String>,
        pub created_at: DateTimeUtc,
        pub last_attempt_at: Option<DateTimeUtc>,
        pub delivered_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A hook as the API shows it; the secret is shown once, when it is created.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Webhook {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub partnership_id: Option<Uuid>,
    pub url: String,
    pub format: WebhookFormat,
    pub events: Vec<EventKind>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// One event sent (or being sent) to one hook.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    pub id: Uuid,
    pub webhook_id: Uuid,
    pub event: String,
    pub payload: serde_json::Value,
    /// The receiver's last answer; absent before the first attempt or when it could not be reached.
    pub status_code: Option<i32>,
    pub attempts: i32,
    /// Why the last attempt failed.
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// What the runner needs to send one delivery.
#[derive(Debug, Clone)]
pub struct PendingDelivery {
    pub delivery_id: Uuid,
    pub url: String,
    pub format: WebhookFormat,
    pub secret: String,
    pub active: bool,
    pub event: Event,
    pub delivered: bool,
}

fn hook(row: webhook_rows::Model) -> StoreResult<Webhook> {
    let events: Vec<EventKind> = serde_json::from_value(row.events).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(Webhook {
        id: row.id,
        workspace_id: row.workspace_id,
        partnership_id: row.partnership_id,
        url: row.url,
        format: row.format.parse().map_err(StoreError::Corrupt)?,
        events,
        active: row.active,
        created_at: row.created_at,
    })
}

fn delivery(row: webhook_deliveries::Model) -> Delivery {
    Delivery {
        id: row.id,
        webhook_id: row.webhook_id,
        event: row.event,
        payload: row.payload,
        status_code: row.status_code,
        attempts: row.attempts,
        error: row.error,
        created_at: row.created_at,
        last_attempt_at: row.last_attempt_at,
        delivered_at: row.delivered_at,
    }
}

impl Store {
    /// Adds a hook, signing with `secret`.
    pub async fn create_webhook(
        &self,
        workspace_id: Uuid,
        webhook: &ValidWebhook,
        secret: &str,
        by: Option<Uuid>,
    ) -> StoreResult<Webhook> {
        let events = serde_json::to_value(&webhook.events).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let txn = self.begin_write().await?;
        let row = webhook_rows::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            partnership_id: Set(webhook.partnership_id),
            url: Set(webhook.url.clone()),
            format: Set(webhook.format.as_str().to_owned()),
            events: Set(events),
            secret: Set(secret.to_owned()),
            active: Set(webhook.active),
            created_by: Set(by),
            created_at: Set(self.now()),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        hook(row)
    }

    pub async fn webhooks(&self, workspace_id: Uuid) -> StoreResult<Vec<Webhook>> {
        let rows = webhook_rows::Entity::find()
            .filter(webhook_rows::Column::WorkspaceId.eq(workspace_id))
            .order_by_asc(webhook_rows::Column::Id)
            .all(&self.db)
            .await?;
        rows.into_iter().map(hook).collect()
    }

    pub async fn webhook(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Webhook> {
        let row = webhook_rows::Entity::find_by_id(id)
            .filter(webhook_rows::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        hook(row)
    }

    /// Replaces a hook's address, format, events, partnership and whether it is active; the
    /// secret stays.
    pub async fn update_webhook(&self, workspace_id: Uuid, id: Uuid, webhook: &ValidWebhook) -> StoreResult<Webhook> {
        self.webhook(workspace_id, id).await?;
        let events = serde_json::to_value(&webhook.events).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let txn = self.begin_write().await?;
        webhook_rows::Entity::update_many()
            .col_expr(webhook_rows::Column::Url, Expr::value(webhook.url.clone()))
            .col_expr(webhook_rows::Column::Format, Expr::value(webhook.format.as_str()))
            .col_expr(webhook_rows::Column::Events, Expr::value(events))
            .col_expr(webhook_rows::Column::PartnershipId, Expr::value(webhook.partnership_id))
            .col_expr(webhook_rows::Column::Active, Expr::value(webhook.active))
            .filter(webhook_rows::Column::Id.eq(id))
            .filter(webhook_rows::Column::WorkspaceId.eq(workspace_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        self.webhook(workspace_id, id).await
    }

    /// Gives a hook a new signing secret; deliveries not yet sent are signed with it.
    pub async fn rotate_webhook_secret(&self, workspace_id: Uuid, id: Uuid, secret: &str) -> StoreResult<Webhook> {
        let txn = self.begin_write().await?;
        let result = webhook_rows::Entity::update_many()
            .col_expr(webhook_rows::Column::Secret, Expr::value(secret))
            .filter(webhook_rows::Column::Id.eq(id))
            .filter(webhook_rows::Column::WorkspaceId.eq(workspace_id))
            .exec(&txn)
            .await?;
        result.one_row_or(StoreError::NotFound)?;
        txn.commit().await?;
        self.webhook(workspace_id, id).await
    }

    /// Removes a hook and its delivery log.
    pub async fn delete_webhook(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let result = webhook_rows::Entity::delete_many()
            .filter(webhook_rows::Column::Id.eq(id))
            .filter(webhook_rows::Column::WorkspaceId.eq(workspace_id))
            .exec(&txn)
            .await?;
        result.one_row_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(())
    }

    /// A hook's latest deliveries, newest first; or the workspace's when `webhook_id` is absent.
    pub async fn webhook_deliveries(
        &self,
        workspace_id: Uuid,
        webhook_id: Option<Uuid>,
        limit: u64,
    ) -> StoreResult<Vec<Delivery>> {
        let mut query =
            webhook_deliveries::Entity::find().filter(webhook_deliveries::Column::WorkspaceId.eq(workspace_id));
        if let Some(id) = webhook_id {
            query = query.filter(webhook_deliveries::Column::WebhookId.eq(id));
        }
        let rows = query.order_by_desc(webhook_deliveries::Column::Id).limit(limit).all(&self.db).await?;
        Ok(rows.into_iter().map(delivery).collect())
    }

    /// Queues `occurrence` for the workspace's active hooks that listen for it (hooks of the
    /// whole workspace, and of its partnership's), inside the transaction of the write that
    /// caused it (the outbox): one delivery and one job per hook. Returns how many were queued.
    pub(crate) async fn webhook_event_in(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        occurrence: Occurrence,
    ) -> StoreResult<usize> {
        let hooks = self.active_hooks_in(conn, workspace_id).await?;
        self.queue_for_hooks_in(conn, workspace_id, &hooks, occurrence).await
    }

    /// The workspace's active hooks, whatever they listen for.
    pub(crate) async fn active_hooks_in(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
    ) -> StoreResult<Vec<webhook_rows::Model>> {
        Ok(Self::active_hooks(workspace_id).all(conn).await?)
    }

    /// A workspace's active hooks.
    pub(crate) fn active_hooks(workspace_id: Uuid) -> Select<webhook_rows::Entity> {
        webhook_rows::Entity::find()
            .filter(webhook_rows::Column::WorkspaceId.eq(workspace_id))
            .filter(webhook_rows::Column::Active.eq(true))
    }

    /// The partnership's row if it is the workspace's (its id as `present`), and with
    /// `with_hooks` one such row per active webhook of the workspace, carrying the hook's
    /// columns (null when there is none): a batch's check and read as one statement.
    pub(crate) fn partnership_with_hooks(
        workspace_id: Uuid,
        partnership_id: Uuid,
        with_hooks: bool,
    ) -> SelectStatement {
        let mut select = Query::select();
        select
            .expr_as(Expr::col((partnerships::Entity, partnerships::Column::Id)), "present")
            .from(partnerships::Entity)
            .and_where(Expr::col((partnerships::Entity, partnerships::Column::Id)).eq(partnership_id))
            .and_where(Expr::col((partnerships::Entity, partnerships::Column::WorkspaceId)).eq(workspace_id));
        if with_hooks {
            let hooks = Condition::all()
                .add(
                    Expr::col((webhook_rows::Entity, webhook_rows::Column::WorkspaceId))
                        .equals((partnerships::Entity, partnerships::Column::WorkspaceId)),
                )
                .add(Expr::col((webhook_rows::Entity, webhook_rows::Column::Active)).eq(true));
            select.columns(webhook_rows::Column::iter().map(|column| (webhook_rows::Entity, column))).join(
                JoinType::LeftJoin,
                webhook_rows::Entity,
                hooks,
            );
        }
        select
    }

    /// [`Store::webhook_event_in`] with the workspace's active hooks already read.
    pub(crate) async fn queue_for_hooks_in(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        hooks: &[webhook_rows::Model],
        occurrence: Occurrence,
    ) -> StoreResult<usize> {
        let Occurrence { kind, partnership_id, text, data } = occurrence;
        let now = self.now();
        let mut queued = 0;
        for row in hooks {
            let in_scope = row.partnership_id.is_none() || row.partnership_id == partnership_id;
            let listens = in_scope
                && serde_json::from_value::<Vec<EventKind>>(row.events.clone())
                    .is_ok_and(|events| events.contains(&kind));
            if !listens {
                continue;
            }
            let event = Event {
                id: Uuid::now_v7(),
                event: kind,
                occurred_at: now,
                workspace_id,
                partnership_id,
                text: text.clone(),
                data: data.clone(),
            };
            self.queue_delivery_in(conn, row.id, event).await?;
            queued += 1;
        }
        Ok(queued)
    }

    /// Queues one test event for a hook through the same queue as every other event (a delivery
    /// and its `webhook` job); the delivery log shows the receiver's answer. A paused hook sends
    /// nothing, its tests included.
    pub async fn queue_test_delivery(&self, workspace_id: Uuid, webhook_id: Uuid, text: &str) -> StoreResult<Delivery> {
        let txn = self.begin_write().await?;
        let hook = webhook_rows::Entity::find_by_id(webhook_id)
            .filter(webhook_rows::Column::WorkspaceId.eq(workspace_id))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let event = Event {
            id: Uuid::now_v7(),
            event: EventKind::WebhookTest,
            occurred_at: self.now(),
            workspace_id,
            partnership_id: hook.partnership_id,
            text: text.to_owned(),
            data: serde_json::json!({ "webhook_id": webhook_id }),
        };
        let row = self.queue_delivery_in(&txn, hook.id, event).await?;
        txn.commit().await?;
        Ok(delivery(row))
    }

    /// One delivery of `event` (whose id is the delivery's) to one hook, and the job that sends it.
    async fn queue_delivery_in(
        &self,
        conn: &impl ConnectionTrait,
        webhook_id: Uuid,
        event: Event,
    ) -> StoreResult<webhook_deliveries::Model> {
        let delivery_id = event.id;
        let workspace_id = event.workspace_id;
        let payload = serde_json::to_value(&event).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let row = webhook_deliveries::ActiveModel {
            id: Set(delivery_id),
            workspace_id: Set(workspace_id),
            webhook_id: Set(webhook_id),
            job_id: Set(None),
            event: Set(event.event.as_str().to_owned()),
            payload: Set(payload),
            status_code: Set(None),
            attempts: Set(0),
            error: Set(None),
            created_at: Set(event.occurred_at),
            last_attempt_at: Set(None),
            delivered_at: Set(None),
        }
        .insert(conn)
        .await?;
        let job = NewJob {
            kind: WEBHOOK_JOB.to_owned(),
            workspace_id: Some(workspace_id),
            payload: serde_json::json!({ "delivery_id": delivery_id }),
            run_at: None,
            dedupe_key: Some(format!("webhook:{delivery_id}")),
        };
        self.enqueue_job_in(conn, job).await?;
        Ok(row)
    }

    /// The delivery a `webhook` job sends, with its hook's address and secret. `None` when the
    /// hook (and with it the delivery) was deleted meanwhile.
    pub async fn pending_delivery(&self, delivery_id: Uuid) -> StoreResult<Option<PendingDelivery>> {
        let Some(row) = webhook_deliveries::Entity::find_by_id(delivery_id).one(&self.db).await? else {
            return Ok(None);
        };
        let Some(hook) = webhook_rows::Entity::find_by_id(row.webhook_id).one(&self.db).await? else { return Ok(None) };
        let event: Event = serde_json::from_value(row.payload).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(Some(PendingDelivery {
            delivery_id,
            url: hook.url,
            format: hook.format.parse().map_err(StoreError::Corrupt)?,
            secret: hook.secret,
            active: hook.active,
            event,
            delivered: row.delivered_at.is_some(),
        }))
    }

    /// Records one attempt at a delivery: the receiver's status (if it answered), what went
    /// wrong (if anything) and, on success, when it was delivered.
    pub async fn record_delivery_attempt(
        &self,
        delivery_id: Uuid,
        job_id: Uuid,
        status_code: Option<u16>,
        error: Option<&str>,
    ) -> StoreResult<()> {
        let now = self.now();
        let delivered = error.is_none();
        let mut update = webhook_deliveries::Entity::update_many()
            .col_expr(webhook_deliveries::Column::Attempts, Expr::col(webhook_deliveries::Column::Attempts).add(1))
            .col_expr(webhook_deliveries::Column::StatusCode, Expr::value(status_code.map(i32::from)))
            .col_expr(
                webhook_deliveries::Column::Error,
                Expr::value(error.map(|e| e.chars().take(2000).collect::<String>())),
            )
            .col_expr(webhook_deliveries::Column::LastAttemptAt, Expr::value(Some(now)))
            .col_expr(webhook_deliveries::Column::JobId, Expr::value(Some(job_id)));
        if delivered {
            update = update.col_expr(webhook_deliveries::Column::DeliveredAt, Expr::value(Some(now)));
        }
        let txn = self.begin_write().await?;
        update.filter(webhook_deliveries::Column::Id.eq(delivery_id)).exec(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// How many deliveries a hook has, for tests and the UI.
    pub async fn webhook_delivery_count(&self, workspace_id: Uuid, webhook_id: Uuid) -> StoreResult<u64> {
        let count: Option<i64> = webhook_deliveries::Entity::find()
            .select_only()
            .column_as(webhook_deliveries::Column::Id.count(), "n")
            .filter(webhook_deliveries::Column::WorkspaceId.eq(workspace_id))
            .filter(webhook_deliveries::Column::WebhookId.eq(webhook_id))
            .into_tuple()
            .one(&self.db)
            .await?;
        Ok(count.unwrap_or(0) as u64)
    }
}
