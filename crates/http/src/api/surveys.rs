//! Pulse surveys over JSON. Results and counts are aggregates that passed the anonymity rules;
//! no route returns a single answer.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use rapport_core::survey::{Question, ResponseDraft, Survey, SurveyDraft, SurveyResults};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{
    ApiJson, ApiPath, ApiQuery, Body, Conflict, Forbidden, List, ListParams, NotFound, Query, RecordPath, Scoped,
    WorkspacePath,
};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::{ClientAddress, InWorkspace, MaybeCaller};
use rapport_app::surveys::{AnswerReceipt, LinkSurvey, PulseSetting, ResponseRate, SurveyDetail, SurveyLink};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_surveys, create_survey))
        .routes(routes!(survey_template))
        .routes(routes!(get_survey))
        .routes(routes!(response_rate, answer_survey))
        .routes(routes!(survey_results))
        .routes(routes!(close_survey))
        .routes(routes!(create_link))
        .routes(routes!(get_link, answer_link))
        .routes(routes!(get_pulse_setting, set_pulse_setting))
}

/// Whether the partnership asks for a pulse after each check-in.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/pulse", tag = "surveys", params(RecordPath), responses((status = 200, body = PulseSetting), Scoped))]
async fn get_pulse_setting(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<PulseSetting>> {
    Ok(Json(ctx.session().pulse_setting(id).await?))
}

/// Turns the pulse after each check-in on or off. Coordinators and owners only.
#[utoipa::path(put, path = "/api/v1/workspaces/{ws}/partnerships/{id}/pulse", tag = "surveys", params(RecordPath), request_body = PulseSetting, responses((status = 200, body = PulseSetting), Scoped, Body, Forbidden))]
async fn set_pulse_setting(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(body): ApiJson<PulseSetting>,
) -> ApiResult<Json<PulseSetting>> {
    Ok(Json(ctx.session().set_pulse_setting(id, &body).await?))
}

/// Surveys the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/surveys", tag = "surveys", params(WorkspacePath, ListParams), responses((status = 200, body = List<Survey>), Scoped, Query))]
async fn list_surveys(ctx: InWorkspace, ApiQuery(q): ApiQuery<ListParams>) -> ApiResult<Json<List<Survey>>> {
    Ok(Json(ctx.session().surveys(q.page()?).await?.into()))
}

/// Sends a survey (Rapport's partnership pulse unless `questions` are given) to one partnership
/// or, without `partnership_id`, to the whole network. Coordinators and owners only.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/surveys", tag = "surveys", params(WorkspacePath), request_body = SurveyDraft, responses((status = 201, body = Survey), Scoped, Body, Forbidden, Conflict))]
async fn create_survey(
    ctx: InWorkspace,
    ApiJson(draft): ApiJson<SurveyDraft>,
) -> ApiResult<(StatusCode, Json<Survey>)> {
    Ok((StatusCode::CREATED, Json(ctx.session().create_survey(&draft).await?)))
}

/// The questions of Rapport's default partnership pulse.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/surveys/template", tag = "surveys", params(WorkspacePath), responses((status = 200, body = Vec<Question>), Scoped))]
async fn survey_template(ctx: InWorkspace) -> Json<Vec<Question>> {
    Json(ctx.session().survey_template())
}

/// A survey, and the caller's invitation to it with the partners they would rate.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/surveys/{id}", tag = "surveys", params(RecordPath), responses((status = 200, body = SurveyDetail), Scoped))]
async fn get_survey(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<SurveyDetail>> {
    Ok(Json(ctx.session().survey_detail(id).await?))
}

/// How many were invited and, from `k` on, how many answered. Never who.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/surveys/{id}/responses", tag = "surveys", params(RecordPath), responses((status = 200, body = ResponseRate), Scoped))]
async fn response_rate(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<ResponseRate>> {
    Ok(Json(ctx.session().survey_response_rate(id).await?))
}

/// Answers a survey the caller is invited to. Once only, while it is open (409 otherwise).
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/surveys/{id}/responses", tag = "surveys", params(RecordPath), request_body = ResponseDraft, responses((status = 201, body = AnswerReceipt), Scoped, Body, Forbidden, Conflict))]
async fn answer_survey(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<ResponseDraft>,
) -> ApiResult<(StatusCode, Json<AnswerReceipt>)> {
    Ok((StatusCode::CREATED, Json(ctx.session().answer_survey(id, &draft).await?)))
}

/// A closed survey's results: perceived trust and value per predefined group, the other
/// questions over everyone, comments from `k_comments` respondents. A group too small to show is
/// listed with the reason. 409 while the survey is open.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/surveys/{id}/results", tag = "surveys", params(RecordPath), responses((status = 200, body = SurveyResults), Scoped, Conflict))]
async fn survey_results(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<SurveyResults>> {
    Ok(Json(ctx.session().survey_results(id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSurveyLink {
    /// The organisation the link's holder answers for.
    pub organization_id: Uuid,
    /// The language the link is handed out in (`en`, `es`, …): its page speaks it, and offers
    /// the others. None: the holder's browser decides, else the workspace's default.
    #[serde(default)]
    pub language: Option<String>,
}

/// Closes an open survey early (coordinators and owners): it takes no more answers and its
/// results are published at once.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/surveys/{id}/close", tag = "surveys", params(RecordPath), responses((status = 200, body = Survey), Scoped, Forbidden, Conflict))]
async fn close_survey(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<Survey>> {
    Ok(Json(ctx.session().close_survey(id).await?))
}

/// A single-use link for someone without an account. The token is shown once.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/surveys/{id}/links", tag = "surveys", params(RecordPath), request_body = NewSurveyLink, responses((status = 201, body = SurveyLink), Scoped, Body, Forbidden, Conflict))]
async fn create_link(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(body): ApiJson<NewSurveyLink>,
) -> ApiResult<(StatusCode, Json<SurveyLink>)> {
    let language = body
        .language
        .as_deref()
        .map(|code| rapport_core::lang::LanguageCode::parse(code, "language", &crate::i18n::Tr::codes()))
        .transpose()
        .map_err(rapport_app::AppError::Invalid)?;
    let link =
        ctx.session().create_survey_link(id, body.organization_id, language.as_ref(), &ctx.state.base_url).await?;
    Ok((StatusCode::CREATED, Json(link)))
}

/// The survey behind a single-use link; no account needed.
#[utoipa::path(get, path = "/api/v1/survey-links/{token}", tag = "surveys", params(("token" = String, Path)), security(()), responses((status = 200, body = LinkSurvey), NotFound))]
async fn get_link(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Json<LinkSurvey>> {
    Ok(Json(state.app.attempt_secret(from, state.app.link_survey(&token)).await?))
}

/// Answers through a single-use link, which the answer spends. The link's maker cannot answer
/// it from their own session (403).
#[utoipa::path(post, path = "/api/v1/survey-links/{token}", tag = "surveys", params(("token" = String, Path)), security(()), request_body = ResponseDraft, responses((status = 201, body = AnswerReceipt), NotFound, Body, Forbidden, Conflict))]
async fn answer_link(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    ClientAddress(from): ClientAddress,
    ApiPath(token): ApiPath<String>,
    ApiJson(draft): ApiJson<ResponseDraft>,
) -> ApiResult<(StatusCode, Json<AnswerReceipt>)> {
    let answered = state.app.attempt_secret(from, state.app.answer_by_link(&token, &draft, caller)).await?;
    Ok((StatusCode::CREATED, Json(answered)))
}
