//! Organisations, their contacts, and partnerships.

use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rapport_core::records::{
    Contact, ContactDraft, ContactNote, ContactNoteDraft, Organization, OrganizationDraft, Partnership,
    PartnershipDraft, VisionRevision,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{
    ApiJson, ApiPath, ApiQuery, Body, Forbidden, List, ListParams, Query, RecordPath, Scoped, Stale, WorkspacePath,
    if_match, versioned,
};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::InWorkspace;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_organizations, create_organization))
        .routes(routes!(get_organization, update_organization))
        .routes(routes!(archive_organization))
        .routes(routes!(restore_organization))
        .routes(routes!(list_contacts, create_contact))
        .routes(routes!(update_contact))
        .routes(routes!(archive_contact))
        .routes(routes!(contact_notes, log_contact))
        .routes(routes!(follow_ups))
        .routes(routes!(list_partnerships, create_partnership))
        .routes(routes!(get_partnership, update_partnership))
        .routes(routes!(archive_partnership))
        .routes(routes!(restore_partnership))
        .routes(routes!(vision_history))
}

/// Organisations of the workspace, oldest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/organizations", tag = "organizations", params(WorkspacePath, ListParams), responses((status = 200, body = List<Organization>), Scoped, Query))]
async fn list_organizations(
    ctx: InWorkspace,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<List<Organization>>> {
    Ok(Json(ctx.session().organizations(params.page()?).await?.into()))
}

/// Adds an organisation (coordinators and owners).
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/organizations", tag = "organizations", params(WorkspacePath), request_body = OrganizationDraft, responses((status = 201, body = Organization), Scoped, Body, Forbidden))]
async fn create_organization(ctx: InWorkspace, ApiJson(draft): ApiJson<OrganizationDraft>) -> ApiResult<Response> {
    let org = ctx.session().create_organization(&draft).await?;
    Ok(versioned(StatusCode::CREATED, org.version, org))
}

/// One organisation; its `ETag` guards updates.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/organizations/{id}", tag = "organizations", params(RecordPath), responses((status = 200, body = Organization), Scoped))]
async fn get_organization(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Response> {
    let org = ctx.session().organization(id).await?;
    Ok(versioned(StatusCode::OK, org.version, org))
}

/// Replaces an organisation's profile. Send `If-Match` with the ETag you read.
#[utoipa::path(put, path = "/api/v1/workspaces/{ws}/organizations/{id}", tag = "organizations", params(RecordPath), request_body = OrganizationDraft, responses((status = 200, body = Organization), Scoped, Body, Forbidden, Stale))]
async fn update_organization(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    headers: HeaderMap,
    ApiJson(draft): ApiJson<OrganizationDraft>,
) -> ApiResult<Response> {
    let org = ctx.session().update_organization(id, &draft, if_match(&headers)?).await?;
    Ok(versioned(StatusCode::OK, org.version, org))
}

/// Archives an organisation: it leaves lists but its history stays.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/organizations/{id}/archive", tag = "organizations", params(RecordPath), responses((status = 200, body = Organization), Scoped, Forbidden))]
async fn archive_organization(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Response> {
    let org = ctx.session().archive_organization(id, true).await?;
    Ok(versioned(StatusCode::OK, org.version, org))
}

/// Brings an archived organisation back.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/organizations/{id}/restore", tag = "organizations", params(RecordPath), responses((status = 200, body = Organization), Scoped, Forbidden))]
async fn restore_organization(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Response> {
    let org = ctx.session().archive_organization(id, false).await?;
    Ok(versioned(StatusCode::OK, org.version, org))
}

/// The people to talk to at an organisation.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/organizations/{id}/contacts", tag = "organizations", params(RecordPath, ListParams), responses((status = 200, body = List<Contact>), Scoped, Query))]
async fn list_contacts(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<List<Contact>>> {
    Ok(Json(List::paged(ctx.session().contacts(id).await?, params.page()?, |c| c.id)?))
}

#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/organizations/{id}/contacts", tag = "organizations", params(RecordPath), request_body = ContactDraft, responses((status = 201, body = Contact), Scoped, Body, Forbidden))]
async fn create_contact(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<ContactDraft>,
) -> ApiResult<Response> {
    let contact = ctx.session().create_contact(id, &draft).await?;
    Ok(versioned(StatusCode::CREATED, contact.version, contact))
}

#[utoipa::path(put, path = "/api/v1/workspaces/{ws}/contacts/{id}", tag = "organizations", params(RecordPath), request_body = ContactDraft, responses((status = 200, body = Contact), Scoped, Body, Forbidden, Stale))]
async fn update_contact(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    headers: HeaderMap,
    ApiJson(draft): ApiJson<ContactDraft>,
) -> ApiResult<Response> {
    let contact = ctx.session().update_contact(id, &draft, if_match(&headers)?).await?;
    Ok(versioned(StatusCode::OK, contact.version, contact))
}

#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/contacts/{id}/archive", tag = "organizations", params(RecordPath), responses((status = 204), Scoped, Forbidden))]
async fn archive_contact(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<StatusCode> {
    ctx.session().archive_contact(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Each time someone was in touch with the contact, newest first (the latest 50).
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/contacts/{id}/notes", tag = "organizations", params(RecordPath), responses((status = 200, body = List<ContactNote>), Scoped))]
async fn contact_notes(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<List<ContactNote>>> {
    Ok(Json(List { items: ctx.session().contact_notes(id).await?, next_cursor: None }))
}

/// Logs being in touch with the contact (a call, a visit, an e-mail): it resets the contact's
/// follow-up clock.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/contacts/{id}/notes", tag = "organizations", params(RecordPath), request_body = ContactNoteDraft, responses((status = 201, body = ContactNote), Scoped, Body, Forbidden))]
async fn log_contact(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiJson(draft): ApiJson<ContactNoteDraft>,
) -> ApiResult<(StatusCode, Json<ContactNote>)> {
    Ok((StatusCode::CREATED, Json(ctx.session().log_contact(id, &draft).await?)))
}

/// A contact the caller keeps in touch with, past its follow-up interval.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct FollowUp {
    pub contact: Contact,
    pub organization_name: String,
    /// The day the follow-up fell due.
    pub due_on: chrono::NaiveDate,
}

/// The caller's contacts past their follow-up interval, longest overdue first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/follow-ups", tag = "organizations", params(WorkspacePath), responses((status = 200, body = List<FollowUp>), Scoped))]
async fn follow_ups(ctx: InWorkspace) -> ApiResult<Json<List<FollowUp>>> {
    let session = ctx.session();
    let today = session.today();
    let items = session
        .my_overdue_follow_ups()
        .await?
        .into_iter()
        .map(|(contact, organization_name)| FollowUp {
            due_on: contact.follow_up_due(today).unwrap_or(today),
            contact,
            organization_name,
        })
        .collect();
    Ok(Json(List { items, next_cursor: None }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartnershipListParams {
    /// Only partnerships this organisation belongs to.
    pub organization: Option<Uuid>,
    /// At most 200; 50 when absent.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    pub include_archived: Option<bool>,
}

/// The partnerships the caller may see, oldest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships", tag = "partnerships", params(WorkspacePath, PartnershipListParams), responses((status = 200, body = List<Partnership>), Scoped, Query))]
async fn list_partnerships(
    ctx: InWorkspace,
    ApiQuery(params): ApiQuery<PartnershipListParams>,
) -> ApiResult<Json<List<Partnership>>> {
    let page =
        ListParams { limit: params.limit, cursor: params.cursor, include_archived: params.include_archived }.page()?;
    Ok(Json(ctx.session().partnerships(params.organization, page).await?.into()))
}

/// Creates a partnership of at least two organisations (coordinators and owners).
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/partnerships", tag = "partnerships", params(WorkspacePath), request_body = PartnershipDraft, responses((status = 201, body = Partnership), Scoped, Body, Forbidden))]
async fn create_partnership(ctx: InWorkspace, ApiJson(draft): ApiJson<PartnershipDraft>) -> ApiResult<Response> {
    let partnership = ctx.session().create_partnership(&draft).await?;
    Ok(versioned(StatusCode::CREATED, partnership.version, partnership))
}

#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}", tag = "partnerships", params(RecordPath), responses((status = 200, body = Partnership), Scoped))]
async fn get_partnership(ctx: InWorkspace, ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>) -> ApiResult<Response> {
    let partnership = ctx.session().partnership(id).await?;
    Ok(versioned(StatusCode::OK, partnership.version, partnership))
}

/// Replaces a partnership's fields and members; a changed vision joins its revision history.
#[utoipa::path(put, path = "/api/v1/workspaces/{ws}/partnerships/{id}", tag = "partnerships", params(RecordPath), request_body = PartnershipDraft, responses((status = 200, body = Partnership), Scoped, Body, Forbidden, Stale))]
async fn update_partnership(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    headers: HeaderMap,
    ApiJson(draft): ApiJson<PartnershipDraft>,
) -> ApiResult<Response> {
    let partnership = ctx.session().update_partnership(id, &draft, if_match(&headers)?).await?;
    Ok(versioned(StatusCode::OK, partnership.version, partnership))
}

#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/partnerships/{id}/archive", tag = "partnerships", params(RecordPath), responses((status = 200, body = Partnership), Scoped, Forbidden))]
async fn archive_partnership(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Response> {
    let partnership = ctx.session().archive_partnership(id, true).await?;
    Ok(versioned(StatusCode::OK, partnership.version, partnership))
}

#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/partnerships/{id}/restore", tag = "partnerships", params(RecordPath), responses((status = 200, body = Partnership), Scoped, Forbidden))]
async fn restore_partnership(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Response> {
    let partnership = ctx.session().archive_partnership(id, false).await?;
    Ok(versioned(StatusCode::OK, partnership.version, partnership))
}

/// Every version of the shared vision, newest first.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/partnerships/{id}/vision", tag = "partnerships", params(RecordPath, ListParams), responses((status = 200, body = List<VisionRevision>), Scoped, Query))]
async fn vision_history(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<List<VisionRevision>>> {
    Ok(Json(List::paged(ctx.session().vision_history(id).await?, params.page()?, |v| v.id)?))
}
