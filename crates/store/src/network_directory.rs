//! What the network's pages read of the organisation directory (issue 23): the organisations of
//! one page or neighbourhood by id, names by id, counts per type, and the focus-area index that
//! finds the organisations sharing a focus area. A network read or an organisation's page reads
//! what it shows, never the whole directory (`organization_rows_read` counts, for the tests).

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;

use rapport_core::kinds::OrganizationKind;
use rapport_core::records::Organization;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Set,
};
use uuid::Uuid;

use crate::convert::{self, stored};
use crate::entities::{organizations, workspaces};
use crate::{Store, StoreResult};

/// Rows per insert statement: well under SQLite's and PostgreSQL's limits on bound values.
const ROWS_PER_STATEMENT: usize = 1_000;

pub(crate) mod focus_rows {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "organization_focus_areas")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub workspace_id: Uuid,
        pub organization_id: Uuid,
        /// Trimmed and lower case, as partner matching compares them.
        pub focus: String,
        pub focus_count: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Which live organisations to read. Every field narrows; the default is every one.
#[derive(Debug, Clone, Copy, Default)]
pub struct OrganizationFilter<'a> {
    /// Only these.
    pub ids: Option<&'a [Uuid]>,
    pub kind: Option<OrganizationKind>,
    /// Only those listing this focus area (trimmed, lower case).
    pub focus: Option<&'a str>,
    /// Only ids after this one.
    pub after: Option<Uuid>,
    /// At most this many.
    pub limit: Option<u64>,
    /// By name (then id), as the directory lists them; by id otherwise.
    pub by_name: bool,
}

/// An organisation's name and type, for labels.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganizationName {
    pub id: Uuid,
    pub name: String,
    pub kind: OrganizationKind,
}

/// An organisation sharing focus areas with another: how many, out of how many it has.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FocusMatch {
    pub organization_id: Uuid,
    pub shared: usize,
    pub focus_count: usize,
}

/// An organisation's distinct focus areas as matching compares them: trimmed, lower case.
pub fn focus_key(focus_areas: &[String]) -> BTreeSet<String> {
    focus_areas.iter().map(|f| f.trim().to_lowercase()).collect()
}

/// The index rows of one organisation.
pub(crate) fn focus_rows_of(
    workspace_id: Uuid,
    organization_id: Uuid,
    focus_areas: &[String],
) -> Vec<focus_rows::ActiveModel> {
    let keys = focus_key(focus_areas);
    let count = i32::try_from(keys.len()).unwrap_or(i32::MAX);
    keys.into_iter()
        .map(|focus| focus_rows::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            organization_id: Set(organization_id),
            focus: Set(focus),
            focus_count: Set(count),
        })
        .collect()
}

pub(crate) async fn insert_focus_rows(
    conn: &impl ConnectionTrait,
    rows: Vec<focus_rows::ActiveModel>,
) -> Result<(), DbErr> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<focus_rows::ActiveModel> = rows.by_ref().take(ROWS_PER_STATEMENT).collect();
        focus_rows::Entity::insert_many(chunk).exec_without_returning(conn).await?;
    }
    Ok(())
}

/// `query` narrowed to the workspace's live organisations that `filter` selects.
fn narrowed(
    mut query: Select<organizations::Entity>,
    workspace_id: Uuid,
    filter: &OrganizationFilter<'_>,
) -> Select<organizations::Entity> {
    query = query
        .filter(organizations::Column::WorkspaceId.eq(workspace_id))
        .filter(organizations::Column::ArchivedAt.is_null());
    if let Some(ids) = filter.ids {
        query = query.filter(organizations::Column::Id.is_in(ids.iter().copied()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(organizations::Column::Kind.eq(kind.as_str()));
    }
    if let Some(focus) = filter.focus {
        let listing = Query::select()
            .column(focus_rows::Column::OrganizationId)
            .from(focus_rows::Entity)
            .and_where(Expr::col(focus_rows::Column::WorkspaceId).eq(workspace_id))
            .and_where(Expr::col(focus_rows::Column::Focus).eq(focus))
            .to_owned();
        query = query.filter(organizations::Column::Id.in_subquery(listing));
    }
    if let Some(after) = filter.after {
        query = query.filter(organizations::Column::Id.gt(after));
    }
    if filter.by_name {
        query = query.order_by_asc(organizations::Column::Name).order_by_asc(organizations::Column::Id);
    } else {
        query = query.order_by_asc(organizations::Column::Id);
    }
    query.apply_if(filter.limit, QuerySelect::limit)
}

impl Store {
    /// How many organisation rows the directory reads of this process returned: what tests count
    /// to show that a network read or an organisation's page reads only what it shows.
    pub fn organization_rows_read(&self) -> u64 {
        self.organization_rows_read.load(Ordering::Relaxed)
    }

    pub(crate) fn count_organization_rows(&self, rows: usize) {
        self.organization_rows_read.fetch_add(rows as u64, Ordering::Relaxed);
    }

    /// The workspace's live organisations that `filter` selects, whole.
    pub async fn organizations_where(
        &self,
        workspace_id: Uuid,
        filter: &OrganizationFilter<'_>,
    ) -> StoreResult<Vec<Organization>> {
        if filter.ids.is_some_and(<[Uuid]>::is_empty) {
            return Ok(Vec::new());
        }
        let rows = narrowed(organizations::Entity::find(), workspace_id, filter).all(&self.db).await?;
        self.count_organization_rows(rows.len());
        rows.into_iter().map(convert::organization).collect()
    }

    /// The ids of the workspace's live organisations that `filter` selects.
    pub async fn organization_ids_where(
        &self,
        workspace_id: Uuid,
        filter: &OrganizationFilter<'_>,
    ) -> StoreResult<Vec<Uuid>> {
        if filter.ids.is_some_and(<[Uuid]>::is_empty) {
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = narrowed(organizations::Entity::find(), workspace_id, filter)
            .select_only()
            .column(organizations::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        self.count_organization_rows(ids.len());
        Ok(ids)
    }

    /// Names and types of the workspace's live organisations that `filter` selects.
    pub async fn organization_names(
        &self,
        workspace_id: Uuid,
        filter: &OrganizationFilter<'_>,
    ) -> StoreResult<Vec<OrganizationName>> {
        if filter.ids.is_some_and(<[Uuid]>::is_empty) {
            return Ok(Vec::new());
        }
        let rows: Vec<(Uuid, String, String)> = narrowed(organizations::Entity::find(), workspace_id, filter)
            .select_only()
            .column(organizations::Column::Id)
            .column(organizations::Column::Name)
            .column(organizations::Column::Kind)
            .into_tuple()
            .all(&self.db)
            .await?;
        self.count_organization_rows(rows.len());
        rows.into_iter()
            .map(|(id, name, kind)| Ok(OrganizationName { id, name, kind: stored("organizations.kind", &kind)? }))
            .collect()
    }

    /// How many of the workspace's live organisations `filter` selects, per type (one `GROUP BY`;
    /// types with none are absent). `after`, `limit` and `by_name` do not apply.
    pub async fn organization_kind_counts(
        &self,
        workspace_id: Uuid,
        filter: &OrganizationFilter<'_>,
    ) -> StoreResult<Vec<(OrganizationKind, usize)>> {
        let whole = OrganizationFilter { after: None, limit: None, by_name: false, ..*filter };
        let mut query = narrowed(organizations::Entity::find(), workspace_id, &whole);
        // `narrowed` orders by id; a count per type is ordered by type instead.
        QueryTrait::query(&mut query).clear_order_by();
        let rows: Vec<(String, i64)> = query
            .select_only()
            .column(organizations::Column::Kind)
            .column_as(Expr::col(organizations::Column::Id).count(), "n")
            .group_by(organizations::Column::Kind)
            .order_by_asc(organizations::Column::Kind)
            .into_tuple()
            .all(&self.db)
            .await?;
        rows.into_iter()
            .map(|(kind, n)| Ok((stored("organizations.kind", &kind)?, usize::try_from(n).unwrap_or(0))))
            .collect()
    }

    /// The workspace's live organisations listing any of `focus` (trimmed, lower case), each
    /// with how many of them it lists and how many focus areas it has: read from the index.
    pub async fn organizations_sharing_focus(
        &self,
        workspace_id: Uuid,
        focus: &BTreeSet<String>,
    ) -> StoreResult<Vec<FocusMatch>> {
        if focus.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(Uuid, i64, i32)> = focus_rows::Entity::find()
            .select_only()
            .column(focus_rows::Column::OrganizationId)
            .column_as(Expr::col(focus_rows::Column::Id).count(), "shared")
            .column_as(Expr::col(focus_rows::Column::FocusCount).max(), "focus_count")
            .filter(focus_rows::Column::WorkspaceId.eq(workspace_id))
            .filter(focus_rows::Column::Focus.is_in(focus.iter().cloned()))
            .group_by(focus_rows::Column::OrganizationId)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(organization_id, shared, count)| FocusMatch {
                organization_id,
                shared: usize::try_from(shared).unwrap_or(0),
                focus_count: usize::try_from(count).unwrap_or(0),
            })
            .collect())
    }

    /// What the network job needs of the organisations present at the end of `as_of`: id, name
    /// and type, by name as the directory lists them.
    pub async fn network_nodes(
        &self,
        workspace_id: Uuid,
        created_before: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<Vec<OrganizationName>> {
        let rows: Vec<(Uuid, String, String)> = narrowed(
            organizations::Entity::find(),
            workspace_id,
            &OrganizationFilter { by_name: true, ..Default::default() },
        )
        .filter(organizations::Column::CreatedAt.lt(created_before))
        .select_only()
        .column(organizations::Column::Id)
        .column(organizations::Column::Name)
        .column(organizations::Column::Kind)
        .into_tuple()
        .all(&self.db)
        .await?;
        rows.into_iter()
            .map(|(id, name, kind)| Ok(OrganizationName { id, name, kind: stored("organizations.kind", &kind)? }))
            .collect()
    }

    /// Replaces one organisation's rows of the focus-area index inside `conn`'s transaction:
    /// its focus areas while it is live, none once archived.
    pub(crate) async fn index_focus_areas(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        organization_id: Uuid,
        focus_areas: Option<&[String]>,
    ) -> StoreResult<()> {
        focus_rows::Entity::delete_many()
            .filter(focus_rows::Column::OrganizationId.eq(organization_id))
            .exec(conn)
            .await?;
        if let Some(focus_areas) = focus_areas {
            insert_focus_rows(conn, focus_rows_of(workspace_id, organization_id, focus_areas)).await?;
        }
        self.directory_changed_in(conn, workspace_id).await
    }

    /// Moves the workspace's directory version inside `conn`'s transaction: every write to its
    /// organisations does (through the focus-area index, which each of them keeps), so what was
    /// worked out from the directory before is known stale by every process.
    pub(crate) async fn directory_changed_in(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
    ) -> StoreResult<()> {
        workspaces::Entity::update_many()
            .col_expr(workspaces::Column::DirectoryVersion, Expr::col(workspaces::Column::DirectoryVersion).add(1))
            .filter(workspaces::Column::Id.eq(workspace_id))
            .exec(conn)
            .await?;
        Ok(())
    }

    /// The workspace's directory version (see [`Store::directory_changed_in`]).
    pub async fn directory_version(&self, workspace_id: Uuid) -> StoreResult<i64> {
        let version: Option<i64> = workspaces::Entity::find_by_id(workspace_id)
            .select_only()
            .column(workspaces::Column::DirectoryVersion)
            .into_tuple()
            .one(&self.db)
            .await?;
        Ok(version.unwrap_or(0))
    }

    /// Builds the focus-area index of a workspace whose organisations were written in bulk (an
    /// archive's import), inside `conn`'s transaction.
    pub(crate) async fn index_workspace_focus_areas(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
    ) -> StoreResult<()> {
        focus_rows::Entity::delete_many().filter(focus_rows::Column::WorkspaceId.eq(workspace_id)).exec(conn).await?;
        let rows: Vec<(Uuid, sea_orm::JsonValue)> = organizations::Entity::find()
            .select_only()
            .column(organizations::Column::Id)
            .column(organizations::Column::FocusAreas)
            .filter(organizations::Column::WorkspaceId.eq(workspace_id))
            .filter(organizations::Column::ArchivedAt.is_null())
            .into_tuple()
            .all(conn)
            .await?;
        let rows = rows
            .into_iter()
            .flat_map(|(id, focus)| focus_rows_of(workspace_id, id, &convert::strings(&focus)))
            .collect();
        insert_focus_rows(conn, rows).await?;
        self.directory_changed_in(conn, workspace_id).await?;
        Ok(())
    }
}
