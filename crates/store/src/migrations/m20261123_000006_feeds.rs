use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference, tenant_table};

/// Secret calendar feeds: a person's (everything they can see in the workspace) or a
/// partnership's. Only the SHA-256 of the secret in the feed's URL is kept, like API tokens.
pub(super) struct Feeds;

impl MigrationName for Feeds {
    fn name(&self) -> &str {
        "m20261123_000006_feeds"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Feeds {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                tenant_table("calendar_feeds")
                    // The person whose view a feed shows: its owner, or the coordinator who
                    // published a partnership's feed.
                    .col(uuid("user_id"))
                    // Set for a partnership's feed, empty for a person's.
                    .col(uuid_null("partnership_id"))
                    .col(string_uniq("token_hash"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut reference("calendar_feeds", "user_id", "users"))
                    .foreign_key(&mut reference("calendar_feeds", "partnership_id", "partnerships"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "calendar_feeds",
                "calendar_feeds_owner",
                &["workspace_id", "user_id", "partnership_id"],
            ))
            .await
    }
}
