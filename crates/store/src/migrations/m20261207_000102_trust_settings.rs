use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::tenant_table;

pub(super) struct TrustSettingsTable;

impl MigrationName for TrustSettingsTable {
    fn name(&self) -> &str {
        "m20261207_000102_trust_settings"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for TrustSettingsTable {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A workspace's trust parameters (SPEC 3), keyed by the workspace's id; no row: the
        // SPEC's defaults.
        manager.create_table(tenant_table("trust_settings").col(json_binary("settings")).to_owned()).await
    }
}
