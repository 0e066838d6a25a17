//! The trust engine's bookkeeping (SPEC 3). The rules live in `rapport_core::trust`; this module
//! feeds them records and keeps what they produce:
//!
//! - the reliability ledger, decayed evidence per organisation, pair and partnership, updated in
//!   the same transaction as every commitment change, plus a daily sweep for commitments that
//!   became missed without anyone touching them;
//! - each partnership's health index and warnings as of today, materialised so the dashboard
//!   and the warnings inbox can sort, filter and page without recomputing the network;
//! - a full recompute that rebuilds all of it from the records.
//!
//! Scores "as of" a past day are never read from here: they are recomputed from the records.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rapport_core::access::Viewer;
use rapport_core::kinds::{Severity, WarningKind, WarningState};
use rapport_core::records::{Commitment, Partnership};
use rapport_core::trust::snapshot::{CheckInFact, GoalFact, GoalProgress, MemberFact, MilestoneFact};
use rapport_core::trust::{
    CommitmentHistory, Evidence, LedgerKey, Outcome, PartnershipSnapshot, RecordRef, ReliabilityLedger, TrustSettings,
    Warning, WarningRecord, health, ledger_keys, reconcile, warnings as find_warnings,
};
use rapport_core::webhook::Occurrence;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::convert::{self, stored, uuids};
use crate::entities::*;
use crate::{Page, PageRequest, Store, StoreError, StoreResult, into_page};

mod inbox;
mod ledger;
mod recompute;
mod refresh;
mod state;

pub(crate) use ledger::ledger_entry;
pub use state::TrustState;

/// How many ids go into one `IN (…)` list; well under SQLite's and PostgreSQL's limits.
const BATCH: usize = 500;
/// How many partnerships one refresh transaction reads and writes: enough to amortise each
/// query, few enough that a writer waiting on the lock waits briefly.
const REFRESH_BATCH: usize = 200;

/// Which of a partnership's commitments a snapshot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SnapshotScope {
    /// Every commitment: for scores as of any day (trends, the recompute).
    Whole,
    /// Those that count as of today or earlier, and those thanked: enough for today's health
    /// and warnings, whatever the number of open promises.
    Today,
}

/// Which warnings the inbox lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarningFilter {
    pub kind: Option<WarningKind>,
    pub severity: Option<Severity>,
    pub partnership: Option<Uuid>,
    /// Also list acknowledged, snoozed and cleared warnings (the history).
    pub include_history: bool,
}

/// A partnership's materialised health, for the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthRow {
    pub partnership_id: Uuid,
    pub index: Option<f64>,
    pub open_warnings: i32,
    pub computed_on: NaiveDate,
}

/// What a full recompute went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecomputeSummary {
    pub commitments: u64,
    pub ledger_entries: u64,
    pub partnerships: u64,
}

impl Store {
    /// The workspace's trust parameters: SPEC 3's defaults until an owner changes them.
    pub async fn trust_settings(&self, workspace_id: Uuid) -> StoreResult<TrustSettings> {
        self.trust_settings_in(&self.db, workspace_id).await
    }

    /// `trust_settings` through `conn`, so a transaction that changes them reads its own.
    pub(crate) async fn trust_settings_in(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
    ) -> StoreResult<TrustSettings> {
        match trust_settings::Entity::find_by_id(workspace_id).one(conn).await? {
            None => Ok(TrustSettings::default()),
            Some(row) => serde_json::from_value(row.settings).map_err(|e| StoreError::Corrupt(e.to_string())),
        }
    }

    /// Keeps the workspace's new trust parameters and rebuilds its whole trust state under them,
    /// in one transaction: no score is ever shown under a mix of old and new parameters.
    pub async fn set_trust_settings(
        &self,
        workspace_id: Uuid,
        valid: &rapport_core::trust::ValidTrustSettings,
    ) -> StoreResult<RecomputeSummary> {
        let settings = serde_json::to_value(&valid.settings).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let txn = self.begin_write().await?;
        trust_settings::Entity::insert(trust_settings::ActiveModel {
            id: Set(workspace_id),
            workspace_id: Set(workspace_id),
            settings: Set(settings),
        })
        .on_conflict(
            OnConflict::column(trust_settings::Column::Id).update_column(trust_settings::Column::Settings).to_owned(),
        )
        .exec(&txn)
        .await?;
        let summary = self.rebuild_trust(&txn, workspace_id, &|_, _| {}).await?;
        txn.commit().await?;
        Ok(summary)
    }

    // ----- commitment histories -------------------------------------------------------------

    /// The trust model's view of commitment rows: each with its dated history of events.
    pub(super) async fn histories(
        &self,
        conn: &impl ConnectionTrait,
        rows: Vec<commitments::Model>,
    ) -> StoreResult<Vec<(Commitment, CommitmentHistory)>> {
        let today = self.today();
        let mut events: HashMap<Uuid, Vec<_>> = HashMap::new();
        for chunk in rows.chunks(BATCH) {
            let ids: Vec<Uuid> = chunk.iter().map(|r| r.id).collect();
            for row in commitment_events::Entity::find()
                .filter(commitment_events::Column::CommitmentId.is_in(ids))
                .all(conn)
                .await?
            {
                events.entry(row.commitment_id).or_default().push(convert::commitment_event(row)?);
            }
        }
        Ok(rows
            .into_iter()
            .map(|row| {
                let commitment = convert::commitment(row, today);
                let history = CommitmentHistory::from_record(
                    &commitment,
                    events.get(&commitment.id).map(Vec::as_slice).unwrap_or(&[]),
                );
                (commitment, history)
            })
            .collect())
    }

    /// Members of each partnership, for the ledger's pair keys.
    pub(super) async fn member_map(
        &self,
        conn: &impl ConnectionTrait,
        partnership_ids: &[Uuid],
    ) -> StoreResult<HashMap<Uuid, Vec<Uuid>>> {
        let mut members: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for chunk in partnership_ids.chunks(BATCH) {
            let rows: Vec<(Uuid, Uuid)> = partnership_members::Entity::find()
                .select_only()
                .column(partnership_members::Column::PartnershipId)
                .column(partnership_members::Column::OrganizationId)
                .filter(partnership_members::Column::PartnershipId.is_in(chunk.to_vec()))
                .order_by_asc(partnership_members::Column::Id)
                .into_tuple()
                .all(conn)
                .await?;
            for (partnership, organization) in rows {
                members.entry(partnership).or_default().push(organization);
            }
        }
        Ok(members)
    }

    // ----- the reliability ledger -----------------------------------------------------------

    /// Serialises the transactions that write one workspace's trust state (ledger, warnings,
    /// health) until the caller's transaction ends. SQLite's write transactions already do; on
    /// PostgreSQL row locks alone deadlock (each transaction locks rows in heap order) and miss
    /// rows another transaction is still inserting, whose values an upsert would then overwrite.
    pub(super) async fn lock_trust(&self, conn: &impl ConnectionTrait, workspace_id: Uuid) -> StoreResult<()> {
        if self.backend() == sea_orm::DbBackend::Postgres {
            let key = i64::from_be_bytes(workspace_id.as_bytes()[8..].try_into().expect("8 bytes"));
            conn.execute_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                "SELECT pg_advisory_xact_lock($1)",
                [key.into()],
            ))
            .await?;
        }
        Ok(())
    }

    /// Every workspace's id, for commands that work across all of them.
    pub async fn workspace_ids(&self) -> StoreResult<Vec<Uuid>> {
        Ok(workspaces::Entity::find()
            .select_only()
            .column(workspaces::Column::Id)
            .order_by_asc(workspaces::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?)
    }
}
