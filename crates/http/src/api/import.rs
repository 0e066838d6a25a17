//! CSV import of organisations, contacts, partnerships and commitments (SPEC 2: "CSV and JSON
//! import/export"), all or nothing.
//!
//! `POST /api/v1/workspaces/{ws}/imports/{kind}` takes a `text/csv` body in UTF-8 (a byte-order
//! mark is tolerated) with a header row naming the export's columns in any order. Every row is
//! validated first, with the drafts' own `validate`; if any is wrong the answer is 422 naming
//! each bad cell as `line N, column "name"` (the header is line 1, as a spreadsheet counts) and
//! nothing is written. Otherwise every row is written in one transaction. The web UI's import
//! page runs the same [`run`].

use axum::Json;
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rapport_app::import::{ImportFailure, listed, run, summary};
use rapport_core::import::ImportKind;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{ApiPath, Forbidden, Problem, Scoped, WorkspacePath, problem};
use crate::AppState;
use crate::api::ApiError;
use crate::auth::InWorkspace;
use rapport_app::AppError;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import_csv))
}

/// How many records an import wrote.
#[derive(Debug, Serialize, ToSchema)]
pub struct Imported {
    pub imported: usize,
}

/// Imports organisations, contacts, partnerships or commitments from a CSV file, all or nothing
/// (coordinators and owners). The columns are the export's (`…/organizations.csv`,
/// `…/contacts.csv`, `…/partnerships.csv`, `…/partnerships/{id}/commitments.csv`), by header name
/// in any order; ids and moments are ignored. Organisations, partnerships and people are named:
/// a contact's `organization`, a partnership's `members` (separated by "; "), a commitment's
/// `partnership`, `promisor` and `promisee` ("the partnership" or empty for all of it). A
/// commitment with a `done_on` is recorded done; one with the status `cancelled`, cancelled.
/// A 422 lists every bad cell as `line N, column "name"` (at most 200) and writes nothing.
#[utoipa::path(post, path = "/api/v1/workspaces/{ws}/imports/{kind}", tag = "imports", params(WorkspacePath, ("kind" = inline(ImportKindName), Path, description = "What the file holds.")), request_body(content = String, content_type = "text/csv", description = "RFC 4180 CSV in UTF-8 with a header row"), 
    responses((status = 201, body = Imported),
        (status = 400, description = "The body is not sent as `text/csv`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file is not UTF-8 CSV with a header row, or cells are not valid: `errors` names each (`line N, column \"name\"`) and nothing is written.", body = Problem, content_type = "application/problem+json"),
        Scoped, Forbidden))]
async fn import_csv(
    ctx: InWorkspace,
    ApiPath((_, kind)): ApiPath<(Uuid, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Ok(kind) = kind.parse::<ImportKind>() else {
        return ApiError(AppError::NotFound).into_response();
    };
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    if !["text/csv", "application/csv", "text/plain"].iter().any(|t| content_type.starts_with(t)) {
        return ApiError(AppError::BadRequest("send the file as the body with Content-Type: text/csv".into()))
            .into_response();
    }
    match run(&ctx.session(), kind, &body).await {
        Ok(imported) => (StatusCode::CREATED, Json(Imported { imported })).into_response(),
        Err(ImportFailure::App(err)) => ApiError(err).into_response(),
        Err(ImportFailure::Rejected(errors)) => {
            problem(StatusCode::UNPROCESSABLE_ENTITY, summary(&errors), listed(&errors))
        }
    }
}

/// The `{kind}` of an import as the document names it: one of [`ImportKind::ALL`]'s names.
struct ImportKindName;

impl utoipa::PartialSchema for ImportKindName {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new().schema_type(Type::String).enum_values(Some(ImportKind::ALL.map(ImportKind::as_str))).into()
    }
}

impl utoipa::ToSchema for ImportKindName {}
