//! Search: `GET /api/v1/workspaces/{ws}/search?q=…`, the API's door to what the header's
//! search box finds.

use axum::Json;
use rapport_core::search::{SearchHit, SearchKind};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{ApiQuery, Query, Scoped, WorkspacePath};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::InWorkspace;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct SearchParams {
    /// The words typed: every word must appear, the last as the beginning of a word; case does
    /// not matter. Required, at most 200 characters, no control characters.
    #[param(max_length = 200)]
    q: Option<String>,
}

/// Something found.
#[derive(Debug, Serialize, ToSchema)]
struct SearchResult {
    kind: SearchKind,
    id: Uuid,
    /// The name, statement or description; a check-in's day.
    title: String,
    /// What places it: an organisation's type, a contact's organisation, the partnership a
    /// goal, commitment or check-in belongs to.
    context: String,
    /// The partnership it belongs to (a partnership: itself).
    partnership_id: Option<Uuid>,
    /// The organisation a contact belongs to.
    organization_id: Option<Uuid>,
}

/// What was found, best first: exact titles, then titles beginning with the query.
#[derive(Debug, Serialize, ToSchema)]
struct SearchResults {
    items: Vec<SearchResult>,
}

impl From<SearchHit> for SearchResult {
    fn from(hit: SearchHit) -> Self {
        SearchResult {
            kind: hit.kind,
            id: hit.id,
            title: hit.title,
            context: hit.context,
            partnership_id: hit.partnership_id,
            organization_id: hit.organization_id,
        }
    }
}

/// Finds organisations, contacts, partnerships, goals, commitments and check-ins by words of
/// their names or text, at most 20, only what the caller may see; archived records are left
/// out.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/search", tag = "search", params(WorkspacePath, SearchParams), responses((status = 200, body = SearchResults), Scoped, Query))]
async fn search(ctx: InWorkspace, ApiQuery(params): ApiQuery<SearchParams>) -> ApiResult<Json<SearchResults>> {
    let hits = ctx.session().search(params.q.as_deref().unwrap_or_default()).await?;
    Ok(Json(SearchResults { items: hits.into_iter().map(SearchResult::from).collect() }))
}
