//! Signing in, passwords (changed, forgotten, reset), one's sessions and API tokens,
//! workspaces, their people and invitations.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use rapport_core::lang::LanguageCode;
use rapport_core::records::{User, Workspace, WorkspaceMember};
use rapport_core::{Role, ValidationErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{
    ApiJson, ApiPath, Body, Conflict, Forbidden, List, NotFound, Problem, Query, RecordPath, Scoped, SignedIn,
    WorkspacePath,
};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::{self, ClientAddress, Credential, CurrentUser, InWorkspace};
use rapport_app::{AppError, BrowserSession, InvitationView};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(forgot_password))
        .routes(routes!(reset_password))
        .routes(routes!(me, update_me))
        .routes(routes!(change_password))
        .routes(routes!(list_sessions))
        .routes(routes!(end_session))
        .routes(routes!(sign_out_everywhere))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
        .routes(routes!(list_workspaces, create_workspace))
        .routes(routes!(get_workspace, rename_workspace))
        .routes(routes!(list_members))
        .routes(routes!(set_member))
        .routes(routes!(list_invitations, create_invitation))
        .routes(routes!(resend_invitation))
        .routes(routes!(revoke_invitation))
        .routes(routes!(accept_invitation))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Signs in and sets the session cookie. Too many wrong passwords for an account or from an
/// address answer 429 with `Retry-After`, even for the right password, until the wait is over.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginRequest, security(()),
    responses((status = 200, body = User), (status = 401, description = "The e-mail address or password is not right.", body = Problem, content_type = "application/problem+json"), Body))]
async fn login(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    ApiJson(body): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    // A wrong password and an unknown address get the same answer, so it reveals no accounts.
    let user = match state.app.authenticate(&body.email, &body.password, from).await {
        Ok(user) => user,
        Err(AppError::Unauthenticated) => {
            let mut response =
                super::problem(StatusCode::UNAUTHORIZED, "the e-mail address or password is not right", vec![]);
            response
                .headers_mut()
                .insert(axum::http::header::WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Bearer"));
            return Ok(response);
        }
        Err(other) => return Err(other.into()),
    };
    let (secret, _) = state.app.start_session(&user).await?;
    Ok(([(SET_COOKIE, auth::session_cookie(&secret, state.secure_cookies))], Json(user)).into_response())
}

/// Ends the browser session.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts", responses((status = 204), SignedIn))]
async fn logout(State(state): State<AppState>, caller: CurrentUser) -> ApiResult<Response> {
    if let Credential::Session { secret, .. } = &caller.credential {
        state.app.end_session(secret).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, auth::expired_session_cookie(state.secure_cookies))]).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForgotPassword {
    pub email: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ForgotPasswordAnswer {
    /// The same words whether or not an account has the address.
    pub message: String,
}

/// Asks for a link to reset the password of the account with this address, e-mailed to it when
/// the server sends e-mail. The answer is the same, and as fast, whether or not such an account
/// exists; the link works once, for an hour.
#[utoipa::path(post, path = "/api/v1/auth/forgot", tag = "accounts", request_body = ForgotPassword, security(()),
    responses((status = 202, body = ForgotPasswordAnswer), Body))]
async fn forgot_password(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    ApiJson(body): ApiJson<ForgotPassword>,
) -> ApiResult<(StatusCode, Json<ForgotPasswordAnswer>)> {
    state.app.request_password_reset(&body.email, &state.base_url, from)?;
    Ok((StatusCode::ACCEPTED, Json(ForgotPasswordAnswer { message: rapport_app::RESET_REQUESTED.into() })))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPassword {
    /// The last segment of the reset link.
    pub token: String,
    pub new_password: String,
}

/// Sets a new password with a reset link's token, which it spends; every session of the account
/// is signed out.
#[utoipa::path(post, path = "/api/v1/auth/reset", tag = "accounts", request_body = ResetPassword, security(()),
    responses((status = 204), NotFound, Body))]
async fn reset_password(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    ApiJson(body): ApiJson<ResetPassword>,
) -> ApiResult<StatusCode> {
    state.app.reset_password(&body.token, &body.new_password, from).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    pub current_password: String,
    /// At least 10 characters.
    pub new_password: String,
}

/// Changes the caller's password; every other session of theirs is signed out (the one asking,
/// when it is a browser session, stays). A wrong current password counts like a wrong sign-in.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", request_body = ChangePassword,
    responses((status = 204), (status = 401, description = "Not signed in, or the current password is not right.", body = Problem, content_type = "application/problem+json"), Body))]
async fn change_password(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    caller: CurrentUser,
    ApiJson(body): ApiJson<ChangePassword>,
) -> ApiResult<StatusCode> {
    let current = match &caller.credential {
        Credential::Session { secret, .. } => Some(secret.as_str()),
        Credential::Token => None,
    };
    state.app.person(&caller.user).change_password(&body.current_password, &body.new_password, current, from).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's browser sessions, newest first; `current` marks the one asking.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "accounts",
    responses((status = 200, body = Vec<BrowserSession>), SignedIn))]
async fn list_sessions(State(state): State<AppState>, caller: CurrentUser) -> ApiResult<Json<Vec<BrowserSession>>> {
    Ok(Json(state.app.person(&caller.user).sessions(session_secret(&caller)).await?))
}

fn session_secret(caller: &CurrentUser) -> Option<&str> {
    match &caller.credential {
        Credential::Session { secret, .. } => Some(secret),
        Credential::Token => None,
    }
}

/// Signs one of the caller's browser sessions out.
#[utoipa::path(delete, path = "/api/v1/me/sessions/{id}", tag = "accounts", params(("id" = String, Path)),
    responses((status = 204), SignedIn, NotFound))]
async fn end_session(
    State(state): State<AppState>,
    caller: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    state.app.person(&caller.user).end_session(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Signs every browser session of the caller out, the one asking included. API tokens stay;
/// revoke them one by one.
#[utoipa::path(post, path = "/api/v1/me/sessions/sign-out-everywhere", tag = "accounts",
    responses((status = 204), SignedIn))]
async fn sign_out_everywhere(State(state): State<AppState>, caller: CurrentUser) -> ApiResult<Response> {
    state.app.person(&caller.user).sign_out_everywhere().await?;
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, auth::expired_session_cookie(state.secure_cookies))]).into_response())
}

/// The signed-in person.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", responses((status = 200, body = User), SignedIn))]
async fn me(caller: CurrentUser) -> Json<User> {
    Json(caller.user)
}

/// What a person changes about their own account; what is absent stays.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    /// The language of Rapport's pages for this person (`en`, `es`, …); `null` leaves it to
    /// their browser, then to each workspace's default.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, example = "es")]
    pub language: Option<Option<String>>,
}

/// A field that is present, even as `null`, as opposed to absent.
fn present<'de, D: serde::Deserializer<'de>>(value: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(value).map(Some)
}

/// Changes the signed-in person's own settings: their language.
#[utoipa::path(patch, path = "/api/v1/me", tag = "accounts", request_body = AccountChange, responses((status = 200, body = User), SignedIn, Body))]
async fn update_me(
    State(state): State<AppState>,
    caller: CurrentUser,
    ApiJson(body): ApiJson<AccountChange>,
) -> ApiResult<Json<User>> {
    let mut user = caller.user;
    if let Some(language) = body.language {
        let language = language
            .as_deref()
            .map(|code| LanguageCode::parse(code, "language", &crate::i18n::Tr::codes()))
            .transpose()
            .map_err(AppError::Invalid)?;
        state.app.person(&user).set_language(language.as_ref()).await?;
        user.language = language.map(|l| l.as_str().to_owned());
    }
    Ok(Json(user))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for, e.g. "weekly report script".
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    pub id: Uuid,
    pub name: String,
    /// The secret: shown this once, send it as `Authorization: Bearer …`.
    pub token: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenInfo {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Creates a personal API token.
#[utoipa::path(post, path = "/api/v1/auth/tokens", tag = "accounts", request_body = NewToken, responses((status = 201, body = CreatedToken), SignedIn, Body))]
async fn create_token(
    State(state): State<AppState>,
    caller: CurrentUser,
    ApiJson(body): ApiJson<NewToken>,
) -> ApiResult<(StatusCode, Json<CreatedToken>)> {
    let mut errors = ValidationErrors::new();
    let name = errors.required_text("name", &body.name, 100);
    errors.finish(|| ())?;
    let (token, secret) = state.app.person(&caller.user).create_api_token(&name).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken { id: token.id, name: token.name, token: secret, created_at: token.created_at }),
    ))
}

/// The caller's tokens, without their secrets.
#[utoipa::path(get, path = "/api/v1/auth/tokens", tag = "accounts", params(super::ListParams), responses((status = 200, body = List<TokenInfo>), SignedIn, Query))]
async fn list_tokens(
    State(state): State<AppState>,
    caller: CurrentUser,
    super::ApiQuery(params): super::ApiQuery<super::ListParams>,
) -> ApiResult<Json<List<TokenInfo>>> {
    let tokens = state.app.person(&caller.user).api_tokens().await?;
    let items: Vec<TokenInfo> = tokens
        .into_iter()
        .map(|t| TokenInfo {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        })
        .collect();
    Ok(Json(List::paged(items, params.page()?, |t| t.id)?))
}

/// Revokes one of the caller's tokens; it stops working at once.
#[utoipa::path(delete, path = "/api/v1/auth/tokens/{id}", tag = "accounts", params(("id" = Uuid, Path)), responses((status = 204), SignedIn, NotFound))]
async fn revoke_token(
    State(state): State<AppState>,
    caller: CurrentUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    state.app.person(&caller.user).revoke_api_token(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The workspaces the caller belongs to.
#[utoipa::path(get, path = "/api/v1/workspaces", tag = "workspaces", params(super::ListParams), responses((status = 200, body = List<Workspace>), SignedIn, Query))]
async fn list_workspaces(
    State(state): State<AppState>,
    caller: CurrentUser,
    super::ApiQuery(params): super::ApiQuery<super::ListParams>,
) -> ApiResult<Json<List<Workspace>>> {
    Ok(Json(List::paged(state.app.person(&caller.user).workspaces().await?, params.page()?, |w| w.id)?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWorkspace {
    pub name: String,
}

/// Creates a workspace; the caller becomes its owner.
#[utoipa::path(post, path = "/api/v1/workspaces", tag = "workspaces", request_body = NewWorkspace, responses((status = 201, body = Workspace), SignedIn, Body))]
async fn create_workspace(
    State(state): State<AppState>,
    caller: CurrentUser,
    ApiJson(body): ApiJson<NewWorkspace>,
) -> ApiResult<(StatusCode, Json<Workspace>)> {
    let mut errors = ValidationErrors::new();
    let name = errors.required_text("name", &body.name, 200);
    errors.finish(|| ())?;
    Ok((StatusCode::CREATED, Json(state.app.person(&caller.user).create_workspace(&name).await?)))
}

/// One workspace, with the caller's role in it.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}", tag = "workspaces", params(WorkspacePath), responses((status = 200, body = Workspace), Scoped))]
async fn get_workspace(ctx: InWorkspace) -> ApiResult<Json<Workspace>> {
    Ok(Json(this_workspace(&ctx).await?))
}

async fn this_workspace(ctx: &InWorkspace) -> ApiResult<Workspace> {
    Ok(ctx.session().workspace().await?)
}

/// What an owner changes about a workspace; what is absent stays.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceChange {
    pub name: Option<String>,
    /// An IANA time zone name such as `Europe/London`: the workspace's "today" and the moments
    /// its pages show follow it.
    pub time_zone: Option<String>,
    /// The language its pages speak to whoever chose none and whose browser asks for none
    /// Rapport has: `en`, `es`, …
    pub default_language: Option<String>,
}

/// Renames the workspace or changes its time zone or default language (owners only).
#[utoipa::path(patch, path = "/api/v1/workspaces/{ws}", tag = "workspaces", params(WorkspacePath), request_body = WorkspaceChange, responses((status = 200, body = Workspace), Scoped, Body, Forbidden))]
async fn rename_workspace(ctx: InWorkspace, ApiJson(body): ApiJson<WorkspaceChange>) -> ApiResult<Json<Workspace>> {
    let session = ctx.session();
    let language = body
        .default_language
        .as_deref()
        .map(|code| LanguageCode::parse(code, "default_language", &crate::i18n::Tr::codes()))
        .transpose()
        .map_err(AppError::Invalid)?;
    if let Some(zone) = &body.time_zone {
        session.set_time_zone(zone).await?;
    }
    if let Some(name) = &body.name {
        session.rename_workspace(name).await?;
    }
    // Last, so a refused name or zone leaves it as it was.
    if let Some(language) = &language {
        session.set_default_language(language).await?;
    }
    Ok(Json(this_workspace(&ctx).await?))
}

/// Everyone in the workspace, with their role and organisations.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/members", tag = "workspaces", params(WorkspacePath, super::ListParams), responses((status = 200, body = List<WorkspaceMember>), Scoped, Query))]
async fn list_members(
    ctx: InWorkspace,
    super::ApiQuery(params): super::ApiQuery<super::ListParams>,
) -> ApiResult<Json<List<WorkspaceMember>>> {
    Ok(Json(List::paged(ctx.session().members().await?, params.page()?, |m| m.user_id)?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberUpdate {
    #[schema(value_type = Role)]
    pub role: String,
    /// The organisations this person belongs to; at most 50.
    #[schema(max_items = 50)]
    pub organizations: Vec<Uuid>,
}

/// Changes a person's role and organisations (owners only).
#[utoipa::path(put, path = "/api/v1/workspaces/{ws}/members/{user_id}", tag = "workspaces", params(WorkspacePath, ("user_id" = Uuid, Path)), request_body = MemberUpdate, responses((status = 204), Scoped, Body, Forbidden, Conflict))]
async fn set_member(
    ctx: InWorkspace,
    ApiPath((_, user_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<MemberUpdate>,
) -> ApiResult<StatusCode> {
    let mut errors = ValidationErrors::new();
    let role: Option<Role> = errors.choice("role", &body.role);
    let role = errors.finish_parsed(role, |role| role)?;
    ctx.session().set_member(user_id, role, &body.organizations).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInvitation {
    pub email: String,
    #[schema(value_type = Role)]
    pub role: String,
    /// The organisation the invitee will belong to.
    #[serde(default)]
    pub organization_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedInvitation {
    pub id: Uuid,
    pub email: String,
    /// The single-use link; shown this once.
    pub url: String,
    pub expires_at: DateTime<Utc>,
    /// Whether the link was e-mailed to the invited address (the server sends e-mail); if not,
    /// send it yourself.
    pub emailed: bool,
}

impl From<rapport_app::CreatedInvitation> for CreatedInvitation {
    fn from(invitation: rapport_app::CreatedInvitation) -> Self {
        let rapport_app::CreatedInvitation { id, email, url, expires_at, emailed } = invitation;
        CreatedInvitation { id, email, url, expires_at, emailed }
    }
}

/// Invites someone by a single-use link that expires in 14 days, e-mailed to them when the
/// server sends e-mail. Only the invited address can accept it.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/invitations", tag = "workspaces", params(WorkspacePath), request_body = NewInvitation, responses((status = 201, body = CreatedInvitation), Scoped, Body, Forbidden))]
async fn create_invitation(
    ctx: InWorkspace,
    ApiJson(body): ApiJson<NewInvitation>,
) -> ApiResult<(StatusCode, Json<CreatedInvitation>)> {
    let invitation = ctx.session().invite(&ctx.state.base_url, &body.email, &body.role, body.organization_id).await?;
    Ok((StatusCode::CREATED, Json(invitation.into())))
}

/// The workspace's invitations, newest first, with their state (pending, accepted, expired,
/// revoked); never their links. For those who may invite.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/invitations", tag = "workspaces", params(WorkspacePath, super::ListParams),
    responses((status = 200, body = List<InvitationView>), Scoped, Forbidden, Query))]
async fn list_invitations(
    ctx: InWorkspace,
    super::ApiQuery(params): super::ApiQuery<super::ListParams>,
) -> ApiResult<Json<List<InvitationView>>> {
    Ok(Json(List::paged(ctx.session().invitations().await?, params.page()?, |i| i.id)?))
}

/// Re-sends an invitation not accepted or revoked (an expired one too): a new link, valid 14
/// days, e-mailed when the server sends e-mail; the old link stops working.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/invitations/{id}/resend", tag = "workspaces", params(RecordPath),
    responses((status = 200, body = CreatedInvitation), Scoped, Forbidden, Conflict))]
async fn resend_invitation(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<CreatedInvitation>> {
    Ok(Json(ctx.session().resend_invitation(&ctx.state.base_url, id).await?.into()))
}

/// Revokes an invitation not yet accepted: its link stops working.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/invitations/{id}/revoke", tag = "workspaces", params(RecordPath),
    responses((status = 204), Scoped, Forbidden, Conflict))]
async fn revoke_invitation(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<StatusCode> {
    ctx.session().revoke_invitation(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// The last segment of the invitation link.
    pub token: String,
}

/// Joins the workspace of an invitation as the signed-in person, who must have the invited
/// address (403 otherwise); the link then stops working.
#[utoipa::path(post, path = "/api/v1/invitations/accept", tag = "workspaces", request_body = AcceptInvitation, responses((status = 200, body = Workspace), SignedIn, NotFound, Body, Forbidden))]
async fn accept_invitation(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    caller: CurrentUser,
    ApiJson(body): ApiJson<AcceptInvitation>,
) -> ApiResult<Json<Workspace>> {
    let workspace = state.app.person(&caller.user).accept_invitation(&body.token, from).await?;
    Ok(Json(workspace))
}
