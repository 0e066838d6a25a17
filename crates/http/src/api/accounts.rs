//! Signing in, API tokens, workspaces, their people and invitations.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use rapport_core::access::Action;
use rapport_core::records::{User, Workspace, WorkspaceMember};
use rapport_core::{Role, ValidationErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{ApiJson, ApiPath, List};
use crate::AppState;
use crate::app::{AppError, AppResult};
use crate::auth::{self, Credential, CurrentUser, InWorkspace};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
        .routes(routes!(list_workspaces, create_workspace))
        .routes(routes!(get_workspace, rename_workspace))
        .routes(routes!(list_members))
        .routes(routes!(set_member))
        .routes(routes!(create_invitation))
        .routes(routes!(accept_invitation))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Signs in and sets the session cookie.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginRequest,
    responses((status = 200, body = User), (status = 401, body = super::Problem)))]
async fn login(State(state): State<AppState>, ApiJson(body): ApiJson<LoginRequest>) -> AppResult<Response> {
    // A wrong password and an unknown address get the same answer, so it reveals no accounts.
    let user = match auth::authenticate(&state, &body.email, &body.password).await {
        Ok(user) => user,
        Err(AppError::Unauthenticated) => {
            let mut response =
                super::problem(StatusCode::UNAUTHORIZED, "the e-mail address or password is not right", vec![]);
            response
                .headers_mut()
                .insert(axum::http::header::WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Bearer"));
            return Ok(response);
        }
        Err(other) => return Err(other),
    };
    let (secret, _) = auth::start_session(&state, &user).await?;
    Ok(([(SET_COOKIE, auth::session_cookie(&secret, state.secure_cookies))], Json(user)).into_response())
}

/// Ends the browser session.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts", responses((status = 204)))]
async fn logout(State(state): State<AppState>, caller: CurrentUser) -> AppResult<Response> {
    if let Credential::Session { secret, .. } = &caller.credential {
        state.store.delete_session(&auth::digest(secret)).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, auth::expired_session_cookie(state.secure_cookies))]).into_response())
}

/// The signed-in person.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", responses((status = 200, body = User), (status = 401, body = super::Problem)))]
async fn me(caller: CurrentUser) -> Json<User> {
    Json(caller.user)
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
#[utoipa::path(post, path = "/api/v1/auth/tokens", tag = "accounts", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 422, body = super::Problem)))]
async fn create_token(
    State(state): State<AppState>,
    caller: CurrentUser,
    ApiJson(body): ApiJson<NewToken>,
) -> AppResult<(StatusCode, Json<CreatedToken>)> {
    let mut errors = ValidationErrors::new();
    let name = errors.required_text("name", &body.name, 100);
    errors.finish(|| ())?;
    let secret = auth::new_api_token();
    let token = state.store.create_api_token(caller.user.id, &name, &auth::digest(&secret)).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken { id: token.id, name: token.name, token: secret, created_at: token.created_at }),
    ))
}

/// The caller's tokens, without their secrets.
#[utoipa::path(get, path = "/api/v1/auth/tokens", tag = "accounts", params(super::ListParams), responses((status = 200, body = List<TokenInfo>), (status = 422, body = super::Problem)))]
async fn list_tokens(
    State(state): State<AppState>,
    caller: CurrentUser,
    super::ApiQuery(params): super::ApiQuery<super::ListParams>,
) -> AppResult<Json<List<TokenInfo>>> {
    let tokens = state.store.api_tokens(caller.user.id).await?;
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
#[utoipa::path(delete, path = "/api/v1/auth/tokens/{id}", tag = "accounts", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = super::Problem)))]
async fn revoke_token(
    State(state): State<AppState>,
    caller: CurrentUser,
    ApiPath(id): ApiPath<Uuid>,
) -> AppResult<StatusCode> {
    state.store.revoke_api_token(caller.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The workspaces the caller belongs to.
#[utoipa::path(get, path = "/api/v1/workspaces", tag = "workspaces", params(super::ListParams), responses((status = 200, body = List<Workspace>), (status = 422, body = super::Problem)))]
async fn list_workspaces(
    State(state): State<AppState>,
    caller: CurrentUser,
    super::ApiQuery(params): super::ApiQuery<super::ListParams>,
) -> AppResult<Json<List<Workspace>>> {
    Ok(Json(List::paged(state.store.workspaces_of(caller.user.id).await?, params.page()?, |w| w.id)?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWorkspace {
    pub name: String,
}

/// Creates a workspace; the caller becomes its owner.
#[utoipa::path(post, path = "/api/v1/workspaces", tag = "workspaces", request_body = NewWorkspace,
    responses((status = 201, body = Workspace), (status = 422, body = super::Problem)))]
async fn create_workspace(
    State(state): State<AppState>,
    caller: CurrentUser,
    ApiJson(body): ApiJson<NewWorkspace>,
) -> AppResult<(StatusCode, Json<Workspace>)> {
    let mut errors = ValidationErrors::new();
    let name = errors.required_text("name", &body.name, 200);
    errors.finish(|| ())?;
    Ok((StatusCode::CREATED, Json(state.store.create_workspace(&name, caller.user.id).await?)))
}

/// One workspace, with the caller's role in it.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}", tag = "workspaces", params(("ws" = Uuid, Path)),
    responses((status = 200, body = Workspace), (status = 404, body = super::Problem)))]
async fn get_workspace(ctx: InWorkspace) -> AppResult<Json<Workspace>> {
    Ok(Json(this_workspace(&ctx).await?))
}

async fn this_workspace(ctx: &InWorkspace) -> AppResult<Workspace> {
    let workspaces = ctx.state.store.workspaces_of(ctx.viewer.user_id).await?;
    workspaces.into_iter().find(|w| w.id == ctx.viewer.workspace_id).ok_or(AppError::NotFound)
}

/// Renames the workspace (owners only).
#[utoipa::path(patch, path = "/api/v1/workspaces/{ws}", tag = "workspaces", params(("ws" = Uuid, Path)), request_body = NewWorkspace,
    responses((status = 200, body = Workspace), (status = 403, body = super::Problem), (status = 404, body = super::Problem), (status = 422, body = super::Problem)))]
async fn rename_workspace(ctx: InWorkspace, ApiJson(body): ApiJson<NewWorkspace>) -> AppResult<Json<Workspace>> {
    ctx.session().rename_workspace(&body.name).await?;
    Ok(Json(this_workspace(&ctx).await?))
}

/// Everyone in the workspace, with their role and organisations.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/members", tag = "workspaces", params(("ws" = Uuid, Path), super::ListParams),
    responses((status = 200, body = List<WorkspaceMember>), (status = 404, body = super::Problem), (status = 422, body = super::Problem)))]
async fn list_members(
    ctx: InWorkspace,
    super::ApiQuery(params): super::ApiQuery<super::ListParams>,
) -> AppResult<Json<List<WorkspaceMember>>> {
    Ok(Json(List::paged(ctx.session().members().await?, params.page()?, |m| m.user_id)?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberUpdate {
    #[schema(value_type = Role)]
    pub role: String,
    /// The organisations this person belongs to.
    pub organizations: Vec<Uuid>,
}

/// Changes a person's role and organisations (owners only).
#[utoipa::path(put, path = "/api/v1/workspaces/{ws}/members/{user_id}", tag = "workspaces", params(("ws" = Uuid, Path), ("user_id" = Uuid, Path)),
    request_body = MemberUpdate, responses((status = 204), (status = 403, body = super::Problem), (status = 404, body = super::Problem)))]
async fn set_member(
    ctx: InWorkspace,
    ApiPath((_, user_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<MemberUpdate>,
) -> AppResult<StatusCode> {
    let mut errors = ValidationErrors::new();
    let role: Option<Role> = errors.choice("role", &body.role);
    errors.finish(|| ())?;
    ctx.session().set_member(user_id, role.expect("validated"), &body.organizations).await?;
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
    /// The single-use link to send; shown this once.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

pub const INVITATION_DAYS: i64 = 14;

/// Invites someone by a single-use link that expires in 14 days.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/invitations", tag = "workspaces", params(("ws" = Uuid, Path)), request_body = NewInvitation,
    responses((status = 201, body = CreatedInvitation), (status = 403, body = super::Problem), (status = 422, body = super::Problem)))]
async fn create_invitation(
    ctx: InWorkspace,
    ApiJson(body): ApiJson<NewInvitation>,
) -> AppResult<(StatusCode, Json<CreatedInvitation>)> {
    let invitation = invite(&ctx, &body.email, &body.role, body.organization_id).await?;
    Ok((StatusCode::CREATED, Json(invitation)))
}

/// Shared by the API and the UI: checks the inviter's right and creates the link.
pub async fn invite(
    ctx: &InWorkspace,
    email: &str,
    role: &str,
    organization_id: Option<Uuid>,
) -> AppResult<CreatedInvitation> {
    let mut errors = ValidationErrors::new();
    let email = errors.email("email", email);
    let role: Option<Role> = errors.choice("role", role);
    errors.finish(|| ())?;
    let role = role.expect("validated");
    if !ctx.viewer.may(Action::Invite(role)) {
        return Err(AppError::Forbidden("your role cannot invite people with this role"));
    }
    let secret = auth::new_secret();
    let expires_at = ctx.state.store.now() + chrono::Duration::days(INVITATION_DAYS);
    let invitation = ctx
        .state
        .store
        .create_invitation(
            ctx.viewer.workspace_id,
            &email,
            role,
            organization_id,
            &auth::digest(&secret),
            ctx.viewer.user_id,
            expires_at,
        )
        .await
        .map_err(|e| match AppError::from(e) {
            AppError::NotFound => {
                AppError::Invalid(ValidationErrors::single("organization_id", "no such organisation in this workspace"))
            }
            other => other,
        })?;
    Ok(CreatedInvitation {
        id: invitation.id,
        email,
        url: format!("{}/invite/{secret}", ctx.state.base_url),
        expires_at,
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// The last segment of the invitation link.
    pub token: String,
}

/// Joins the workspace of an invitation as the signed-in person; the link then stops working.
#[utoipa::path(post, path = "/api/v1/invitations/accept", tag = "workspaces", request_body = AcceptInvitation,
    responses((status = 200, body = Workspace), (status = 404, body = super::Problem)))]
async fn accept_invitation(
    State(state): State<AppState>,
    caller: CurrentUser,
    ApiJson(body): ApiJson<AcceptInvitation>,
) -> AppResult<Json<Workspace>> {
    let invitation = state.store.accept_invitation(&auth::digest(&body.token), caller.user.id).await?;
    let workspace = state
        .store
        .workspaces_of(caller.user.id)
        .await?
        .into_iter()
        .find(|w| w.id == invitation.workspace_id)
        .ok_or(AppError::NotFound)?;
    Ok(Json(workspace))
}
