//! The network's measures and layout as last computed (SPEC 9: computed once per change of ties,
//! never per read). A change of ties queues one `network` job per workspace (the dedupe key
//! `network:{workspace}` coalesces a burst of changes into one run); the job computes everything
//! and replaces the workspace's snapshot in one transaction; pages and the API read it.

use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::network::Tie;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::jobs::{NewJob, job_rows};
use crate::{Store, StoreResult};

/// The job kind that recomputes a workspace's network.
pub const NETWORK_JOB: &str = "network";

/// Rows per insert statement: well under SQLite's and PostgreSQL's limits on bound values.
const ROWS_PER_STATEMENT: usize = 1_000;

pub(crate) mod snapshot_rows {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "network_snapshots")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub workspace_id: Uuid,
        pub computed_at: DateTimeUtc,
        pub as_of: Date,
        pub measures: Json,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod position_rows {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "network_positions")]
    pub struct Model {
        /// The organisation's id.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub workspace_id: Uuid,
        pub degree: i32,
        pub betweenness: f64,
        pub component: i32,
        pub x: f64,
        pub y: f64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod tie_rows {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "network_ties")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub workspace_id: Uuid,
        pub a: Uuid,
        pub b: Uuid,
        pub partnerships: i32,
        pub interactions: i32,
        pub trust: Option<f64>,
        pub reliability: Option<f64>,
        pub partnership_kinds: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod past_broker_rows {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "network_past_brokers")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub workspace_id: Uuid,
        pub as_of: Date,
        pub fingerprint: String,
        pub brokers: Json,
        pub computed_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The brokers of the network as it stood at the end of a past day, measured in the background,
/// and the digest of the shape they were measured on (`rapport_core::network::shape_fingerprint`).
#[derive(Debug, Clone, PartialEq)]
pub struct PastBrokers {
    pub fingerprint: String,
    pub brokers: Vec<Uuid>,
}

/// One organisation's stored place in the network.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPosition {
    pub organization_id: Uuid,
    pub degree: usize,
    pub betweenness: f64,
    pub component: usize,
    pub x: f64,
    pub y: f64,
}

/// A stored tie and the kinds of the partnerships that make it (`as_str` names).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTie {
    pub tie: Tie,
    pub partnership_kinds: Vec<String>,
}

/// What the network job computed, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkSnapshot {
    pub computed_at: DateTime<Utc>,
    pub as_of: NaiveDate,
    /// The whole network's measures, without the per-organisation list (`positions` holds it).
    pub measures: serde_json::Value,
}

fn count(value: usize) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

impl Store {
    /// Queues the workspace's network recomputation inside the caller's transaction, so it
    /// commits with the change of ties that causes it. While one is queued, further changes add
    /// nothing: the queued run will see them.
    pub(crate) async fn network_changed_in(&self, conn: &impl ConnectionTrait, workspace_id: Uuid) -> StoreResult<()> {
        self.enqueue_job_in(conn, network_job(workspace_id)).await?;
        Ok(())
    }

    /// Queues the workspace's network recomputation (after bulk writes, or daily for the
    /// interactions and trust that move without a change of ties). False when one is queued.
    pub async fn network_changed(&self, workspace_id: Uuid) -> StoreResult<bool> {
        self.enqueue_job(network_job(workspace_id)).await
    }

    /// Frees a claimed network job's dedupe key before it computes, so that a change made while
    /// it runs queues the next run instead of being lost.
    pub async fn release_network_job(&self, job_id: Uuid) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        job_rows::Entity::update_many()
            .col_expr(job_rows::Column::DedupeKey, Expr::value(Option::<String>::None))
            .filter(job_rows::Column::Id.eq(job_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Replaces the workspace's stored network in one transaction: readers see the old one or
    /// the new one, never a mix.
    pub async fn save_network_snapshot(
        &self,
        workspace_id: Uuid,
        snapshot: &NetworkSnapshot,
        positions: &[StoredPosition],
        ties: &[StoredTie],
    ) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        snapshot_rows::Entity::delete_many()
            .filter(snapshot_rows::Column::WorkspaceId.eq(workspace_id))
            .exec(&txn)
            .await?;
        position_rows::Entity::delete_many()
            .filter(position_rows::Column::WorkspaceId.eq(workspace_id))
            .exec(&txn)
            .await?;
        tie_rows::Entity::delete_many().filter(tie_rows::Column::WorkspaceId.eq(workspace_id)).exec(&txn).await?;
        snapshot_rows::Entity::insert(snapshot_rows::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            computed_at: Set(snapshot.computed_at),
            as_of: Set(snapshot.as_of),
            measures: Set(snapshot.measures.clone()),
        })
        .exec_without_returning(&txn)
        .await?;
        for chunk in positions.chunks(ROWS_PER_STATEMENT) {
            let rows = chunk.iter().map(|p| position_rows::ActiveModel {
                id: Set(p.organization_id),
                workspace_id: Set(workspace_id),
                degree: Set(count(p.degree)),
                betweenness: Set(p.betweenness),
                component: Set(count(p.component)),
                x: Set(p.x),
                y: Set(p.y),
            });
            position_rows::Entity::insert_many(rows).exec_without_returning(&txn).await?;
        }
        for chunk in ties.chunks(ROWS_PER_STATEMENT) {
            let rows = chunk.iter().map(|t| tie_rows::ActiveModel {
                id: Set(Uuid::now_v7()),
                workspace_id: Set(workspace_id),
                a: Set(t.tie.a),
                b: Set(t.tie.b),
                partnerships: Set(i32::try_from(t.tie.partnerships).unwrap_or(i32::MAX)),
                interactions: Set(i32::try_from(t.tie.interactions).unwrap_or(i32::MAX)),
                trust: Set(t.tie.trust),
                reliability: Set(t.tie.reliability),
                partnership_kinds: Set(t.partnership_kinds.join(",")),
            });
            tie_rows::Entity::insert_many(rows).exec_without_returning(&txn).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// The workspace's stored network summary, if it was ever computed.
    pub async fn network_snapshot(&self, workspace_id: Uuid) -> StoreResult<Option<NetworkSnapshot>> {
        let row = snapshot_rows::Entity::find()
            .filter(snapshot_rows::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?;
        Ok(row.map(|r| NetworkSnapshot { computed_at: r.computed_at, as_of: r.as_of, measures: r.measures }))
    }

    /// Every organisation's stored place (read into the kept network).
    pub(crate) async fn network_positions(&self, workspace_id: Uuid) -> StoreResult<Vec<StoredPosition>> {
        let rows = position_rows::Entity::find()
            .filter(position_rows::Column::WorkspaceId.eq(workspace_id))
            .order_by_asc(position_rows::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| StoredPosition {
                organization_id: r.id,
                degree: usize::try_from(r.degree).unwrap_or(0),
                betweenness: r.betweenness,
                component: usize::try_from(r.component).unwrap_or(0),
                x: r.x,
                y: r.y,
            })
            .collect())
    }

    /// Every stored tie (read into the kept network).
    pub(crate) async fn network_ties(&self, workspace_id: Uuid) -> StoreResult<Vec<StoredTie>> {
        self.read_ties(tie_rows::Entity::find().filter(tie_rows::Column::WorkspaceId.eq(workspace_id))).await
    }

    async fn read_ties(&self, query: sea_orm::Select<tie_rows::Entity>) -> StoreResult<Vec<StoredTie>> {
        let rows = query.order_by_asc(tie_rows::Column::A).order_by_asc(tie_rows::Column::B).all(&self.db).await?;
        Ok(rows
            .into_iter()
            .map(|r| StoredTie {
                tie: Tie {
                    a: r.a,
                    b: r.b,
                    partnerships: u32::try_from(r.partnerships).unwrap_or(0),
                    interactions: u32::try_from(r.interactions).unwrap_or(0),
                    trust: r.trust,
                    reliability: r.reliability,
                },
                partnership_kinds: r
                    .partnership_kinds
                    .split(',')
                    .filter(|k| !k.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
            .collect())
    }
}

impl Store {
    /// The brokers measured for the end of `as_of`, if they were.
    pub async fn past_brokers(&self, workspace_id: Uuid, as_of: NaiveDate) -> StoreResult<Option<PastBrokers>> {
        let row = past_broker_rows::Entity::find()
            .filter(past_broker_rows::Column::WorkspaceId.eq(workspace_id))
            .filter(past_broker_rows::Column::AsOf.eq(as_of))
            .one(&self.db)
            .await?;
        Ok(row.map(|r| PastBrokers { fingerprint: r.fingerprint, brokers: crate::convert::uuids(&r.brokers) }))
    }

    /// Keeps the brokers measured for the end of `as_of`, in place of any measured before.
    pub async fn save_past_brokers(&self, workspace_id: Uuid, as_of: NaiveDate, past: &PastBrokers) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        past_broker_rows::Entity::delete_many()
            .filter(past_broker_rows::Column::WorkspaceId.eq(workspace_id))
            .filter(past_broker_rows::Column::AsOf.eq(as_of))
            .exec(&txn)
            .await?;
        past_broker_rows::Entity::insert(past_broker_rows::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            as_of: Set(as_of),
            fingerprint: Set(past.fingerprint.clone()),
            brokers: Set(serde_json::json!(past.brokers)),
            computed_at: Set(self.now()),
        })
        .exec_without_returning(&txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Queues measuring the brokers of the network as it stood at the end of `as_of` (a `network`
    /// job naming the day); false when one is queued already.
    pub async fn queue_past_brokers(&self, workspace_id: Uuid, as_of: NaiveDate) -> StoreResult<bool> {
        self.enqueue_job(NewJob {
            workspace_id: Some(workspace_id),
            dedupe_key: Some(format!("{NETWORK_JOB}:{workspace_id}:{as_of}")),
            ..NewJob::new(NETWORK_JOB, serde_json::json!({ "workspace_id": workspace_id, "brokers_as_of": as_of }))
        })
        .await
    }
}

fn network_job(workspace_id: Uuid) -> NewJob {
    NewJob {
        workspace_id: Some(workspace_id),
        dedupe_key: Some(format!("{NETWORK_JOB}:{workspace_id}")),
        ..NewJob::new(NETWORK_JOB, serde_json::json!({ "workspace_id": workspace_id }))
    }
}
