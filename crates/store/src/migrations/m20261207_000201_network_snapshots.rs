use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, tenant_table};

/// The network's measures and layout, computed in the background once per change of ties and
/// read by every page and API call instead of being computed per request (SPEC 9).
pub(super) struct NetworkSnapshots;

impl MigrationName for NetworkSnapshots {
    fn name(&self) -> &str {
        "m20261207_000201_network_snapshots"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for NetworkSnapshots {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                tenant_table("network_snapshots")
                    .col(timestamp_with_time_zone("computed_at"))
                    // The day whose ties were measured.
                    .col(date("as_of"))
                    // The whole network's measures (`rapport_core::network::NetworkMeasures`
                    // without its per-organisation list).
                    .col(json_binary("measures"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("network_snapshots", "network_snapshots_workspace", &["workspace_id"]).unique().to_owned(),
            )
            .await?;
        // One row per organisation; `id` is the organisation's id.
        manager
            .create_table(
                tenant_table("network_positions")
                    .col(integer("degree"))
                    .col(double("betweenness"))
                    .col(integer("component"))
                    .col(double("x"))
                    .col(double("y"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("network_positions", "network_positions_workspace", &["workspace_id"])).await?;
        manager
            .create_table(
                tenant_table("network_ties")
                    .col(uuid("a"))
                    .col(uuid("b"))
                    .col(integer("partnerships"))
                    .col(integer("interactions"))
                    .col(double_null("trust"))
                    .col(double_null("reliability"))
                    // The kinds of the partnerships joining them, comma-separated.
                    .col(string("partnership_kinds"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("network_ties", "network_ties_a", &["workspace_id", "a"])).await?;
        manager.create_index(index("network_ties", "network_ties_b", &["workspace_id", "b"])).await
    }
}
