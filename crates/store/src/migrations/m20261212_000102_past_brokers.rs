use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, tenant_table};

/// Issue 24: the brokers of a past day's network, measured in the background for a report of a
/// network too large to measure betweenness while the report is read. Each row keeps the digest
/// of the shape it was measured on (`rapport_core::network::shape_fingerprint`): it holds while a
/// read of that day finds the same shape, whatever changed elsewhere, and is measured again when not.
pub(super) struct PastBrokers;

impl MigrationName for PastBrokers {
    fn name(&self) -> &str {
        "m20261212_000102_past_brokers"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for PastBrokers {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                tenant_table("network_past_brokers")
                    .col(date("as_of"))
                    .col(string_len("fingerprint", 64))
                    .col(json_binary("brokers"))
                    .col(timestamp_with_time_zone("computed_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("network_past_brokers", "network_past_brokers_day", &["workspace_id", "as_of"])
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
