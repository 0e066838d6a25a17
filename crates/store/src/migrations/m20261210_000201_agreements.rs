use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference, tenant_table};

/// Partnership agreements (issue 26): memoranda of understanding, data-sharing, facility-use
/// and funding agreements, with their parties, dates, renewal notice, status and a link to the
/// signed document. Their history is the activity log.
pub(super) struct Agreements;

impl MigrationName for Agreements {
    fn name(&self) -> &str {
        "m20261210_000201_agreements"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Agreements {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                tenant_table("agreements")
                    .col(uuid("partnership_id"))
                    .col(string("kind"))
                    .col(string("title"))
                    .col(json_binary("party_organization_ids"))
                    .col(date_null("signed_on"))
                    .col(date("starts_on"))
                    .col(date_null("ends_on"))
                    .col(integer("renewal_notice_days"))
                    .col(string("status"))
                    .col(text_null("document_url"))
                    .col(text_null("notes"))
                    .col(uuid_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("archived_at"))
                    .col(integer("version"))
                    .foreign_key(&mut reference("agreements", "partnership_id", "partnerships"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("agreements", "agreements_by_partnership", &["partnership_id", "id"])).await?;
        manager.create_index(index("agreements", "agreements_by_end", &["workspace_id", "ends_on"])).await
    }
}
