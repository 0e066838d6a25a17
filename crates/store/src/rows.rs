//! What many writes share: the optimistic version check of an update, archiving a record, and
//! telling "no such row" from success when an update or delete names one row.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DeleteResult, EntityTrait, QueryFilter, UpdateResult};
use uuid::Uuid;

use crate::entities::*;
use crate::{StoreError, StoreResult};

/// The version condition of an update: the `If-Match` version when the caller sent one, none
/// otherwise (a plain update is last-writer-wins, never "stale").
pub(crate) fn if_version(column: impl ColumnTrait, expected_version: Option<i32>) -> sea_orm::Condition {
    match expected_version {
        Some(version) => sea_orm::Condition::all().add(column.eq(version)),
        None => sea_orm::Condition::all(),
    }
}

/// The outcome of a write aimed at one row.
pub(crate) trait OneRow {
    /// `Ok` when the write touched a row, else `missing` (`NotFound`, or `Stale` when a version
    /// condition did not hold).
    fn one_row_or(self, missing: StoreError) -> StoreResult<()>;
}

impl OneRow for UpdateResult {
    fn one_row_or(self, missing: StoreError) -> StoreResult<()> {
        if self.rows_affected == 0 { Err(missing) } else { Ok(()) }
    }
}

impl OneRow for DeleteResult {
    fn one_row_or(self, missing: StoreError) -> StoreResult<()> {
        if self.rows_affected == 0 { Err(missing) } else { Ok(()) }
    }
}

/// A workspace's record that can be archived: it has these four columns.
pub(crate) trait Archivable: EntityTrait {
    const ID: Self::Column;
    const WORKSPACE_ID: Self::Column;
    const ARCHIVED_AT: Self::Column;
    const VERSION: Self::Column;
}

macro_rules! archivable {
    ($($table:ident),*) => {$(
        impl Archivable for $table::Entity {
            const ID: Self::Column = $table::Column::Id;
            const WORKSPACE_ID: Self::Column = $table::Column::WorkspaceId;
            const ARCHIVED_AT: Self::Column = $table::Column::ArchivedAt;
            const VERSION: Self::Column = $table::Column::Version;
        }
    )*};
}

archivable!(organizations, contacts, partnerships, goals, milestones, commitments, checkins);

/// Archives (`Some(moment)`) or restores (`None`) the workspace's record `id`, counting a new
/// version; `NotFound` when the workspace has no such record.
pub(crate) async fn set_archived<E: Archivable>(
    conn: &impl ConnectionTrait,
    workspace_id: Uuid,
    id: Uuid,
    archived_at: Option<DateTime<Utc>>,
) -> StoreResult<()> {
    E::update_many()
        .col_expr(E::ARCHIVED_AT, Expr::value(archived_at))
        .col_expr(E::VERSION, Expr::col(E::VERSION).add(1))
        .filter(E::ID.eq(id))
        .filter(E::WORKSPACE_ID.eq(workspace_id))
        .exec(conn)
        .await?
        .one_row_or(StoreError::NotFound)
}
