//! Secret calendar feeds and the records they read.
//!
//! A feed is a URL with a random secret that a calendar application polls without signing in.
//! Only the SHA-256 of the secret is stored (like API tokens), so a copy of the database opens no
//! feed. A person has at most one live feed per workspace and a partnership at most one: making
//! a new one revokes the old, so a leaked URL is closed by rotating it.

use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::records::{CheckIn, Commitment};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::convert;
use crate::entities::{checkins, commitments};
use crate::rows::OneRow;
use crate::{Store, StoreError, StoreResult};

/// The `calendar_feeds` table (migration `m20261123_000006_feeds`).
pub(crate) mod calendar_feeds {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "calendar_feeds")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub workspace_id: Uuid,
        pub user_id: Uuid,
        pub partnership_id: Option<Uuid>,
        pub token_hash: String,
        pub created_at: DateTimeUtc,
        pub revoked_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Whose feed: a person's own (what they can see in the workspace) or a partnership's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedScope {
    /// The feed of this person.
    Person(Uuid),
    Partnership(Uuid),
}

/// A calendar feed as its owner sees it; the secret is shown once, when it is made.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarFeed {
    pub id: Uuid,
    pub workspace_id: Uuid,
    /// Whose view of the workspace the feed shows: its owner, or for a partnership's feed the
    /// coordinator who made it.
    pub user_id: Uuid,
    pub partnership_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

fn feed(row: calendar_feeds::Model) -> CalendarFeed {
    CalendarFeed {
        id: row.id,
        workspace_id: row.workspace_id,
        user_id: row.user_id,
        partnership_id: row.partnership_id,
        created_at: row.created_at,
        revoked_at: row.revoked_at,
    }
}

fn scope_condition(scope: FeedScope) -> Condition {
    match scope {
        FeedScope::Person(user_id) => Condition::all()
            .add(calendar_feeds::Column::UserId.eq(user_id))
            .add(calendar_feeds::Column::PartnershipId.is_null()),
        FeedScope::Partnership(id) => Condition::all().add(calendar_feeds::Column::PartnershipId.eq(id)),
    }
}

/// IN lists are sent in chunks, well under either database's limit on bound parameters.
const CHUNK: usize = 500;

impl Store {
    /// Makes a new feed for `scope`, revoking the live one if any, in one transaction. `made_by`
    /// is whose view the feed shows.
    pub async fn rotate_feed(
        &self,
        workspace_id: Uuid,
        made_by: Uuid,
        scope: FeedScope,
        token_hash: &str,
    ) -> StoreResult<CalendarFeed> {
        let txn = self.begin_write().await?;
        if let FeedScope::Partnership(id) = scope {
            self.partnership_in(&txn, workspace_id, id).await?;
        }
        let now = self.now();
        calendar_feeds::Entity::update_many()
            .col_expr(calendar_feeds::Column::RevokedAt, Expr::value(Some(now)))
            .filter(calendar_feeds::Column::WorkspaceId.eq(workspace_id))
            .filter(calendar_feeds::Column::RevokedAt.is_null())
            .filter(scope_condition(scope))
            .exec(&txn)
            .await?;
        let row = calendar_feeds::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            user_id: Set(made_by),
            partnership_id: Set(match scope {
                FeedScope::Person(_) => None,
                FeedScope::Partnership(id) => Some(id),
            }),
            token_hash: Set(token_hash.to_owned()),
            created_at: Set(now),
            revoked_at: Set(None),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(feed(row))
    }

    /// Revokes the live feed of `scope`; `NotFound` when there is none.
    pub async fn revoke_feed(&self, workspace_id: Uuid, scope: FeedScope) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let result = calendar_feeds::Entity::update_many()
            .col_expr(calendar_feeds::Column::RevokedAt, Expr::value(Some(self.now())))
            .filter(calendar_feeds::Column::WorkspaceId.eq(workspace_id))
            .filter(calendar_feeds::Column::RevokedAt.is_null())
            .filter(scope_condition(scope))
            .exec(&txn)
            .await?;
        result.one_row_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(())
    }

    /// The live feed of `scope`, if there is one.
    pub async fn live_feed(&self, workspace_id: Uuid, scope: FeedScope) -> StoreResult<Option<CalendarFeed>> {
        let row = calendar_feeds::Entity::find()
            .filter(calendar_feeds::Column::WorkspaceId.eq(workspace_id))
            .filter(calendar_feeds::Column::RevokedAt.is_null())
            .filter(scope_condition(scope))
            .order_by_desc(calendar_feeds::Column::Id)
            .one(&self.db)
            .await?;
        Ok(row.map(feed))
    }

    /// The live partnership feeds of the workspace, oldest first.
    pub async fn live_partnership_feeds(&self, workspace_id: Uuid) -> StoreResult<Vec<CalendarFeed>> {
        let rows = calendar_feeds::Entity::find()
            .filter(calendar_feeds::Column::WorkspaceId.eq(workspace_id))
            .filter(calendar_feeds::Column::RevokedAt.is_null())
            .filter(calendar_feeds::Column::PartnershipId.is_not_null())
            .order_by_asc(calendar_feeds::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(feed).collect())
    }

    /// The live feed whose secret has this digest.
    pub async fn feed_by_token(&self, token_hash: &str) -> StoreResult<Option<CalendarFeed>> {
        let row = calendar_feeds::Entity::find()
            .filter(calendar_feeds::Column::TokenHash.eq(token_hash))
            .filter(calendar_feeds::Column::RevokedAt.is_null())
            .one(&self.db)
            .await?;
        Ok(row.map(feed))
    }

    /// Check-ins (not archived) of these partnerships held on or after `since`, by date. The
    /// caller has checked the partnerships are visible; action items are not loaded.
    pub async fn feed_checkins(
        &self,
        workspace_id: Uuid,
        partnership_ids: &[Uuid],
        since: NaiveDate,
    ) -> StoreResult<Vec<CheckIn>> {
        let mut found = Vec::new();
        for chunk in partnership_ids.chunks(CHUNK) {
            let rows = checkins::Entity::find()
                .filter(checkins::Column::WorkspaceId.eq(workspace_id))
                .filter(checkins::Column::PartnershipId.is_in(chunk.to_vec()))
                .filter(checkins::Column::ArchivedAt.is_null())
                .filter(checkins::Column::HeldOn.gte(since))
                .order_by_asc(checkins::Column::HeldOn)
                .order_by_asc(checkins::Column::Id)
                .all(&self.db)
                .await?;
            found.extend(rows.into_iter().map(|row| convert::checkin(row, Vec::new())));
        }
        Ok(found)
    }

    /// Commitments (not archived) of these partnerships due on or after `since`, by due date,
    /// each with its status as of today.
    pub async fn feed_commitments(
        &self,
        workspace_id: Uuid,
        partnership_ids: &[Uuid],
        since: NaiveDate,
    ) -> StoreResult<Vec<Commitment>> {
        let today = self.today();
        let mut found = Vec::new();
        for chunk in partnership_ids.chunks(CHUNK) {
            let rows = commitments::Entity::find()
                .filter(commitments::Column::WorkspaceId.eq(workspace_id))
                .filter(commitments::Column::PartnershipId.is_in(chunk.to_vec()))
                .filter(commitments::Column::ArchivedAt.is_null())
                .filter(commitments::Column::DueOn.gte(since))
                .order_by_asc(commitments::Column::DueOn)
                .order_by_asc(commitments::Column::Id)
                .all(&self.db)
                .await?;
            found.extend(rows.into_iter().map(|row| convert::commitment(row, today)));
        }
        Ok(found)
    }
}
