//! Reminders: what needs the caller now (the same list the reminder e-mails send), and each
//! person's choice of channels and mutes.

use axum::Json;
use axum::extract::State;
use rapport_core::ValidationErrors;
use rapport_core::kinds::ReminderKind;
use rapport_core::reminder::{self, NotificationSettings, Reminder};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiQuery, Body, Query, Scoped, SignedIn, WorkspacePath};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::{CurrentUser, InWorkspace};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(my_reminders)).routes(routes!(notification_settings, set_notification_settings))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReminderParams {
    /// How many days ahead to look, 0–31; 3 when absent (what the daily e-mail uses).
    pub days: Option<i64>,
}

/// What needs the caller in this workspace, soonest first: their organisations' commitments due
/// soon or overdue, check-ins due by cadence, surveys to answer, concerns to acknowledge, goals
/// to review, contacts to follow up. Only records the caller can open are listed.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/reminders", tag = "reminders", params(WorkspacePath, ReminderParams), responses((status = 200, body = Vec<Reminder>), Scoped, Query))]
async fn my_reminders(ctx: InWorkspace, ApiQuery(params): ApiQuery<ReminderParams>) -> ApiResult<Json<Vec<Reminder>>> {
    let days = params.days.unwrap_or(reminder::DUE_SOON_DAYS);
    if !(0..=31).contains(&days) {
        return Err(ValidationErrors::single("days", "must be between 0 and 31").into());
    }
    Ok(Json(ctx.session().my_reminders(days, ReminderKind::ALL).await?))
}

/// The caller's reminder channels and mutes (the same in every workspace).
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "reminders", responses((status = 200, body = NotificationSettings), SignedIn))]
async fn notification_settings(
    State(state): State<AppState>,
    caller: CurrentUser,
) -> ApiResult<Json<NotificationSettings>> {
    Ok(Json(state.app.person(&caller.user).notification_settings().await?))
}

/// Replaces the caller's reminder settings.
#[utoipa::path(put, path = "/api/v1/me/notifications", tag = "reminders", request_body = NotificationSettings, responses((status = 200, body = NotificationSettings), SignedIn, Body))]
async fn set_notification_settings(
    State(state): State<AppState>,
    caller: CurrentUser,
    ApiJson(settings): ApiJson<NotificationSettings>,
) -> ApiResult<Json<NotificationSettings>> {
    Ok(Json(state.app.person(&caller.user).set_notification_settings(&settings).await?))
}
