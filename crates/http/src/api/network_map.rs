//! The network of organisations over JSON (SPEC 5).

use axum::Json;
use rapport_core::ValidationErrors;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiPath, ApiQuery, List, Query, RecordPath, Scoped, WorkspacePath};
use crate::AppState;
use crate::api::ApiResult;
use crate::auth::InWorkspace;
use rapport_app::AppError;
use rapport_app::network_map::{NetworkPage, NetworkQuery, NetworkView};
use rapport_app::trust::parse_filter;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(network)).routes(routes!(suggestions))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NetworkParams {
    /// Only organisations of this type, e.g. `school`.
    pub organization_kind: Option<String>,
    /// Only ties from partnerships of this type, e.g. `higher_ed_k12`.
    pub partnership_kind: Option<String>,
    /// Only organisations with this focus area.
    pub focus: Option<String>,
    /// The network as it stood at the end of this day (YYYY-MM-DD); today when absent.
    pub as_of: Option<String>,
    /// Only this organisation (an id) and those within two steps of it.
    pub around: Option<String>,
    /// Organisations per page, at most 500; 100 when absent.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// One page of the network: up to `limit` organisations in id order, the ties whose first end
/// (`a`, the lower id) is among them (so every tie comes on exactly one page) and those
/// organisations' measures under `measures.nodes`; the rest of `measures` (counts, density,
/// brokers, components) is the whole network's on every page.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkPageBody {
    #[serde(flatten)]
    pub network: NetworkView,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The most organisations one page holds: with their ties, a few hundred kilobytes.
const MAX_LIMIT: u64 = 500;
const DEFAULT_LIMIT: u64 = 100;

/// Organisations, the ties between them (partnerships and interactions, with reliability where
/// known) and the network's measures, a page at a time (`limit`, `cursor`): the summary on every
/// page, the organisations and their ties paged, so a response stays bounded at any size. Today's network, for those who see the whole workspace, is
/// read as the background computation stored it (`computed_at`; measured again after each change
/// of ties): filters narrow the organisations and ties, the measures stay the whole network's. A
/// past day's network, or a member's part of it, is measured as read, without betweenness.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/network", tag = "network", params(WorkspacePath, NetworkParams), responses((status = 200, body = NetworkPageBody), Scoped, Query))]
async fn network(ctx: InWorkspace, ApiQuery(q): ApiQuery<NetworkParams>) -> ApiResult<Json<NetworkPageBody>> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ValidationErrors::single("limit", format!("must be between 1 and {MAX_LIMIT}")).into());
    }
    let after = match &q.cursor {
        None => None,
        Some(cursor) => Some(super::decode_cursor(cursor).ok_or_else(|| {
            AppError::Invalid(ValidationErrors::single("cursor", "is not a cursor this API gave out"))
        })?),
    };
    let query = NetworkQuery {
        organization_kind: parse_filter("organization_kind", q.organization_kind.as_deref())?,
        partnership_kind: parse_filter("partnership_kind", q.partnership_kind.as_deref())?,
        focus: q.focus,
        as_of: parse_filter("as_of", q.as_of.as_deref())?,
        around: parse_filter::<uuid::Uuid>("around", q.around.as_deref())?.into_iter().collect(),
        page: Some(NetworkPage { after, limit: usize::try_from(limit).unwrap_or(usize::MAX) }),
        draw_at_most: None,
        brokers_up_to: None,
    };
    let network = ctx.session().network(&query).await?;
    let next_cursor = network.next_after.map(super::encode_cursor);
    Ok(Json(NetworkPageBody { network, next_cursor }))
}

/// Organisations this one does not work with yet, best matches first, each saying why: shared
/// focus areas, a similar mission, partners in common who could introduce them.
#[utoipa::path(get, path = "/api/v1/workspaces/{ws}/organizations/{id}/suggestions", tag = "network", params(RecordPath), responses((status = 200, body = List<rapport_core::network::Suggestion>), Scoped))]
async fn suggestions(
    ctx: InWorkspace,
    ApiPath(RecordPath { id, .. }): ApiPath<RecordPath>,
) -> ApiResult<Json<List<rapport_core::network::Suggestion>>> {
    let items = ctx.session().partner_suggestions(id, 10).await?;
    Ok(Json(List { items, next_cursor: None }))
}
