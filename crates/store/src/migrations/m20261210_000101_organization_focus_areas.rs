use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference, tenant_table};
use crate::entities::organizations;

/// The focus-area index: one row per live organisation and focus area (trimmed, lower case), so
/// an organisation's partner suggestions find who shares a focus area without reading the whole
/// directory (issue 23). Filled here from the organisations already written.
pub(super) struct OrganizationFocusAreas;

impl MigrationName for OrganizationFocusAreas {
    fn name(&self) -> &str {
        "m20261210_000101_organization_focus_areas"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for OrganizationFocusAreas {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                tenant_table("organization_focus_areas")
                    .col(uuid("organization_id"))
                    .col(string("focus"))
                    // How many focus areas the organisation has: with the count shared, a
                    // candidate's overlap is known from the index alone.
                    .col(integer("focus_count"))
                    .foreign_key(&mut reference("organization_focus_areas", "organization_id", "organizations"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "organization_focus_areas",
                "organization_focus_areas_focus",
                &["workspace_id", "focus", "organization_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "organization_focus_areas",
                "organization_focus_areas_organization",
                &["organization_id"],
            ))
            .await?;
        let db = manager.get_connection();
        let rows: Vec<(uuid::Uuid, uuid::Uuid, sea_orm::JsonValue)> = organizations::Entity::find()
            .select_only()
            .column(organizations::Column::Id)
            .column(organizations::Column::WorkspaceId)
            .column(organizations::Column::FocusAreas)
            .filter(organizations::Column::ArchivedAt.is_null())
            .into_tuple()
            .all(db)
            .await?;
        let rows: Vec<_> = rows
            .into_iter()
            .flat_map(|(id, ws, focus)| {
                crate::network_directory::focus_rows_of(ws, id, &crate::convert::strings(&focus))
            })
            .collect();
        crate::network_directory::insert_focus_rows(db, rows).await
    }
}
