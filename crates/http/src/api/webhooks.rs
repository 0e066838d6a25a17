//! Outgoing webhooks (coordinators and owners) and the workspace's job log (owners).
//!
//! A hook POSTs each event it listens for to its URL, signed with `X-Rapport-Signature:
//! sha256=<hex HMAC-SHA256 of the body>` under the hook's secret, which is shown once, when
//! the hook is made. The job runner inside `rapport serve` sends them and retries failures with
//! a growing delay; every attempt shows in the hook's delivery log.

use axum::Json;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rapport_app::{Delivery, Job, Webhook};
use rapport_core::webhook::{EventKind, WebhookDraft, WebhookFormat};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{ApiJson, ApiPath, Body, Forbidden, List, NotFound, RecordPath, Scoped, SignedIn, WorkspacePath};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::{CurrentUser, InWorkspace};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_webhooks, create_webhook))
        .routes(routes!(get_webhook, update_webhook, delete_webhook))
        .routes(routes!(rotate_webhook_secret))
        .routes(routes!(send_webhook_test))
        .routes(routes!(webhook_deliveries))
        .routes(routes!(workspace_jobs))
        .routes(routes!(all_jobs))
}

/// How many deliveries and jobs the logs show.
const LOG_LENGTH: u64 = 100;

/// A webhook.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookView {
    pub id: Uuid,
    /// Only this partnership's events; every partnership's when absent.
    pub partnership_id: Option<Uuid>,
    pub url: String,
    pub format: WebhookFormat,
    pub events: Vec<EventKind>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// The signing secret: present only in the answer that created the hook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

impl From<Webhook> for WebhookView {
    fn from(hook: Webhook) -> Self {
        WebhookView {
            id: hook.id,
            partnership_id: hook.partnership_id,
            url: hook.url,
            format: hook.format,
            events: hook.events,
            active: hook.active,
            created_at: hook.created_at,
            secret: None,
        }
    }
}

/// One event sent, or being sent, to a hook.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    pub id: Uuid,
    pub webhook_id: Uuid,
    pub event: String,
    /// The event as sent in the JSON format.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    /// The receiver's answer to the last attempt; absent before it or when it could not be reached.
    pub status_code: Option<i32>,
    pub attempts: i32,
    /// Why the last attempt failed.
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
}

impl From<Delivery> for DeliveryView {
    fn from(d: Delivery) -> Self {
        DeliveryView {
            id: d.id,
            webhook_id: d.webhook_id,
            event: d.event,
            payload: d.payload,
            status_code: d.status_code,
            attempts: d.attempts,
            error: d.error,
            created_at: d.created_at,
            last_attempt_at: d.last_attempt_at,
            delivered_at: d.delivered_at,
        }
    }
}

/// A background job.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    pub id: Uuid,
    pub kind: String,
    /// queued, running, done or failed.
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub run_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<Job> for JobView {
    fn from(job: Job) -> Self {
        JobView {
            id: job.id,
            kind: job.kind,
            state: job.state,
            attempts: job.attempts,
            last_error: job.last_error,
            run_at: job.run_at,
            created_at: job.created_at,
            finished_at: job.finished_at,
        }
    }
}

/// The workspace's recent background work.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobLog {
    /// The latest jobs, newest first.
    pub jobs: Vec<JobView>,
    /// The latest webhook deliveries, newest first.
    pub deliveries: Vec<DeliveryView>,
}

/// The workspace's webhooks (coordinators and owners).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/webhooks", tag = "webhooks", params(WorkspacePath), responses((status = 200, body = List<WebhookView>), Scoped, Forbidden))]
async fn list_webhooks(ctx: InWorkspace) -> ApiResult<Json<List<WebhookView>>> {
    let items = ctx.session().webhooks().await?.into_iter().map(WebhookView::from).collect();
    Ok(Json(List { items, next_cursor: None }))
}

/// Adds a webhook (coordinators and owners). The answer carries the signing secret, this once.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/webhooks", tag = "webhooks", params(WorkspacePath), request_body = WebhookDraft, responses((status = 201, body = WebhookView), Scoped, Body, Forbidden))]
async fn create_webhook(
    ctx: InWorkspace,
    ApiJson(draft): ApiJson<WebhookDraft>,
) -> ApiResult<(StatusCode, Json<WebhookView>)> {
    let (hook, secret) = ctx.session().add_webhook(&draft).await?;
    let mut view = WebhookView::from(hook);
    view.secret = Some(secret);
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/webhooks/{id}", tag = "webhooks", params(RecordPath), responses((status = 200, body = WebhookView), Scoped, Forbidden))]
async fn get_webhook(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<WebhookView>> {
    Ok(Json(ctx.session().webhook(id).await?.into()))
}

/// Replaces a webhook's address, format, events, partnership and `active`; the secret stays.
#[utoipa::path(put, path = "/api/v1/workspaces/{ws}/webhooks/{id}", tag = "webhooks", params(RecordPath), request_body = WebhookDraft, responses((status = 200, body = WebhookView), Scoped, Body, Forbidden))]
async fn update_webhook(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<WebhookDraft>,
) -> ApiResult<Json<WebhookView>> {
    Ok(Json(ctx.session().update_webhook(id, &draft).await?.into()))
}

/// Replaces a webhook's signing secret, for when the old one may have leaked. The answer
/// carries the new secret, this once; deliveries from now on are signed with it.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/webhooks/{id}/secret", tag = "webhooks", params(RecordPath), responses((status = 200, body = WebhookView), Scoped, Forbidden))]
async fn rotate_webhook_secret(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<WebhookView>> {
    let (hook, secret) = ctx.session().new_webhook_secret(id).await?;
    let mut view = WebhookView::from(hook);
    view.secret = Some(secret);
    Ok(Json(view))
}

/// Queues a test event (`webhook.test`) for a webhook, sent by the job runner like any other
/// event; the answer is the delivery, whose result the delivery log shows once it is sent.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/webhooks/{id}/test", tag = "webhooks", params(RecordPath), responses((status = 202, body = DeliveryView), Scoped, Forbidden))]
async fn send_webhook_test(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<(StatusCode, Json<DeliveryView>)> {
    Ok((StatusCode::ACCEPTED, Json(ctx.session().send_webhook_test(id).await?.into())))
}

/// Removes a webhook and its delivery log.
#[utoipa::path(delete, path = "/api/v1/workspaces/{ws}/webhooks/{id}", tag = "webhooks", params(RecordPath), responses((status = 204), Scoped, Forbidden))]
async fn delete_webhook(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<StatusCode> {
    ctx.session().remove_webhook(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A webhook's latest deliveries, newest first (the latest 100).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/webhooks/{id}/deliveries", tag = "webhooks", params(RecordPath), responses((status = 200, body = List<DeliveryView>), Scoped, Forbidden))]
async fn webhook_deliveries(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<List<DeliveryView>>> {
    let items = ctx.session().webhook_log(Some(id), LOG_LENGTH).await?.into_iter().map(DeliveryView::from).collect();
    Ok(Json(List { items, next_cursor: None }))
}

/// The workspace's recent jobs and webhook deliveries (owners; 404 for everyone else).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/jobs", tag = "webhooks", params(WorkspacePath), responses((status = 200, body = JobLog), Scoped))]
async fn workspace_jobs(ctx: InWorkspace) -> ApiResult<Json<JobLog>> {
    let session = ctx.session();
    let jobs = session.workspace_jobs(LOG_LENGTH).await?.into_iter().map(JobView::from).collect();
    let deliveries = session.webhook_log(None, LOG_LENGTH).await?.into_iter().map(DeliveryView::from).collect();
    Ok(Json(JobLog { jobs, deliveries }))
}

/// Every workspace's recent jobs and the schedule's (administrators; 404 for everyone else).
#[utoipa::path(get, path = "/api/v1/jobs", tag = "webhooks", responses((status = 200, body = List<JobView>), SignedIn, NotFound))]
async fn all_jobs(
    axum::extract::State(state): axum::extract::State<AppState>,
    caller: CurrentUser,
) -> ApiResult<Json<List<JobView>>> {
    let items = state.app.all_jobs(&caller.user, LOG_LENGTH).await?.into_iter().map(JobView::from).collect();
    Ok(Json(List { items, next_cursor: None }))
}
