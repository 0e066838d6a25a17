use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference, tenant_table};

/// Links to documents (issue 26) on partnerships, goals, check-ins, commitments and
/// retrospectives: one table for every kind, each row naming its record and, for visibility,
/// the record's partnership.
pub(super) struct DocumentLinks;

impl MigrationName for DocumentLinks {
    fn name(&self) -> &str {
        "m20261210_000202_document_links"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for DocumentLinks {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                tenant_table("document_links")
                    .col(string("record_kind"))
                    .col(uuid("record_id"))
                    .col(uuid("partnership_id"))
                    .col(string("title"))
                    .col(text("url"))
                    .col(uuid_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("document_links", "partnership_id", "partnerships"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("document_links", "document_links_by_record", &["record_id", "id"])).await
    }
}
