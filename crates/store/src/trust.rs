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

/// How many ids go into one `IN (…)` list; well under SQLite's and PostgreSQL's limits.
const BATCH: usize = 500;
/// How many partnerships one refresh transaction reads and writes: enough to amortise each
/// query, few enough that a writer waiting on the lock waits briefly.
const REFRESH_BATCH: usize = 200;

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
    /// The workspace's trust parameters. Every workspace uses SPEC 3's defaults until workspace
    /// settings can change them.
    pub fn trust_settings(&self, _workspace_id: Uuid) -> TrustSettings {
        TrustSettings::default()
    }

    // ----- commitment histories -------------------------------------------------------------

    /// The trust model's view of commitment rows: each with its dated history of events.
    async fn histories(
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
    async fn member_map(
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

    /// Brings the ledger up to date with one commitment as it stands today. Called inside the
    /// transaction that changed the commitment, and by the sweep; O(1) per ledger key.
    pub(crate) async fn reckon_commitment(
        &self,
        conn: &impl ConnectionTrait,
        row: commitments::Model,
    ) -> StoreResult<()> {
        let workspace_id = row.workspace_id;
        let settings = self.trust_settings(workspace_id);
        let counted =
            commitment_outcomes::Entity::find_by_id(row.id).one(conn).await?.map(counted_outcome).transpose()?;
        let archived = row.archived_at.is_some();
        let partnership_id = row.partnership_id;
        let (_, history) = self.histories(conn, vec![row]).await?.remove(0);
        // An archived commitment was recorded by mistake: it counts for nothing.
        let change = if archived {
            counted.map(|old| rapport_core::trust::OutcomeChange { old: Some(old), new: None })
        } else {
            reconcile(counted, &history, self.today(), &settings)
        };
        let Some(change) = change else { return Ok(()) };
        let members = self.member_map(conn, &[partnership_id]).await?.remove(&partnership_id).unwrap_or_default();
        let keys = ledger_keys(&history, &members);
        let mut ledger = ReliabilityLedger::from_entries(
            settings.half_life,
            self.ledger_entries(conn, workspace_id, &keys, true).await?,
        );
        let updated = ledger.apply(&keys, change);
        self.save_ledger_entries(conn, workspace_id, &updated).await?;
        match change.new {
            Some(outcome) => {
                let row = commitment_outcomes::ActiveModel {
                    id: Set(history.id),
                    workspace_id: Set(workspace_id),
                    kind: Set(outcome.kind.as_str().to_owned()),
                    on_date: Set(outcome.on),
                };
                commitment_outcomes::Entity::insert(row)
                    .on_conflict(
                        OnConflict::column(commitment_outcomes::Column::Id)
                            .update_columns([commitment_outcomes::Column::Kind, commitment_outcomes::Column::OnDate])
                            .to_owned(),
                    )
                    .exec(conn)
                    .await?;
            }
            None => {
                commitment_outcomes::Entity::delete_by_id(history.id).exec(conn).await?;
            }
        }
        Ok(())
    }

    /// Moves the evidence of promises made to the whole partnership when its members change:
    /// such a promise counts for the pair with every other member (SPEC 3.1).
    pub(crate) async fn rekey_partnership(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        partnership_id: Uuid,
        before: &[Uuid],
        after: &[Uuid],
    ) -> StoreResult<()> {
        let settings = self.trust_settings(workspace_id);
        let rows = commitments::Entity::find()
            .filter(commitments::Column::WorkspaceId.eq(workspace_id))
            .filter(commitments::Column::PartnershipId.eq(partnership_id))
            .filter(commitments::Column::PromiseeOrganizationId.is_null())
            .filter(commitments::Column::Id.in_subquery(
                Query::select().column(commitment_outcomes::Column::Id).from(commitment_outcomes::Entity).to_owned(),
            ))
            .all(conn)
            .await?;
        for (_, history) in self.histories(conn, rows).await? {
            let Some(counted) = commitment_outcomes::Entity::find_by_id(history.id)
                .one(conn)
                .await?
                .map(counted_outcome)
                .transpose()?
            else {
                continue;
            };
            let old_keys = ledger_keys(&history, before);
            let new_keys = ledger_keys(&history, after);
            let mut all_keys = old_keys.clone();
            all_keys.extend(new_keys.iter().copied());
            let mut ledger = ReliabilityLedger::from_entries(
                settings.half_life,
                self.ledger_entries(conn, workspace_id, &all_keys, true).await?,
            );
            let mut updated =
                ledger.apply(&old_keys, rapport_core::trust::OutcomeChange { old: Some(counted), new: None });
            updated
                .extend(ledger.apply(&new_keys, rapport_core::trust::OutcomeChange { old: None, new: Some(counted) }));
            self.save_ledger_entries(conn, workspace_id, &dedup_latest(updated)).await?;
        }
        Ok(())
    }

    /// Serialises the transactions that write one workspace's trust state (ledger, warnings,
    /// health) until the caller's transaction ends. SQLite's write transactions already do; on
    /// PostgreSQL row locks alone deadlock (each transaction locks rows in heap order) and miss
    /// rows another transaction is still inserting, whose values an upsert would then overwrite.
    async fn lock_trust(&self, conn: &impl ConnectionTrait, workspace_id: Uuid) -> StoreResult<()> {
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

    /// The stored entries for `keys`; `lock` takes row locks (PostgreSQL) so concurrent
    /// writers of the same entry queue instead of overwriting each other. SQLite's write
    /// transactions already hold the database's only write lock.
    async fn ledger_entries(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        keys: &[LedgerKey],
        lock: bool,
    ) -> StoreResult<Vec<(LedgerKey, Evidence)>> {
        let mut condition = sea_orm::Condition::any();
        for key in keys {
            let (kind, subject, counterpart) = key_columns(key);
            condition = condition.add(
                sea_orm::Condition::all()
                    .add(reliability_entries::Column::KeyKind.eq(kind))
                    .add(reliability_entries::Column::SubjectId.eq(subject))
                    .add(reliability_entries::Column::CounterpartId.eq(counterpart)),
            );
        }
        let mut query = reliability_entries::Entity::find()
            .filter(reliability_entries::Column::WorkspaceId.eq(workspace_id))
            .filter(condition);
        if lock && self.backend() == sea_orm::DbBackend::Postgres {
            self.lock_trust(conn, workspace_id).await?;
            query = query.lock_exclusive();
        }
        query.all(conn).await?.into_iter().map(ledger_entry).collect()
    }

    async fn save_ledger_entries(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        entries: &[(LedgerKey, Evidence)],
    ) -> StoreResult<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let rows = entries.iter().map(|(key, evidence)| {
            let (kind, subject, counterpart) = key_columns(key);
            reliability_entries::ActiveModel {
                id: Set(Uuid::now_v7()),
                workspace_id: Set(workspace_id),
                key_kind: Set(kind.to_owned()),
                subject_id: Set(subject),
                counterpart_id: Set(counterpart),
                r: Set(evidence.r),
                s: Set(evidence.s),
                as_of: Set(evidence.as_of),
            }
        });
        reliability_entries::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    reliability_entries::Column::WorkspaceId,
                    reliability_entries::Column::KeyKind,
                    reliability_entries::Column::SubjectId,
                    reliability_entries::Column::CounterpartId,
                ])
                .update_columns([
                    reliability_entries::Column::R,
                    reliability_entries::Column::S,
                    reliability_entries::Column::AsOf,
                ])
                .to_owned(),
            )
            .exec(conn)
            .await?;
        Ok(())
    }

    /// The ledger's entries about `organization`: its own and each pair it promised in.
    pub async fn organization_ledger(&self, workspace_id: Uuid, organization: Uuid) -> StoreResult<ReliabilityLedger> {
        self.sweep_missed(workspace_id).await?;
        let rows = reliability_entries::Entity::find()
            .filter(reliability_entries::Column::WorkspaceId.eq(workspace_id))
            .filter(reliability_entries::Column::KeyKind.is_in(["organization", "pair"]))
            .filter(reliability_entries::Column::SubjectId.eq(organization))
            .all(&self.db)
            .await?;
        let entries = rows.into_iter().map(ledger_entry).collect::<StoreResult<Vec<_>>>()?;
        Ok(ReliabilityLedger::from_entries(self.trust_settings(workspace_id).half_life, entries))
    }

    /// Counts the commitments that became missed since the last sweep, once a day per
    /// workspace. Returns how many it counted.
    pub async fn sweep_missed(&self, workspace_id: Uuid) -> StoreResult<u64> {
        let today = self.today();
        let swept = trust_sweeps::Entity::find_by_id(workspace_id).one(&self.db).await?;
        if swept.as_ref().is_some_and(|s| s.swept_on >= today) {
            return Ok(0);
        }
        let settings = self.trust_settings(workspace_id);
        let missed_by = today - chrono::Duration::days(settings.grace_days);
        let txn = self.begin_write().await?;
        let rows = commitments::Entity::find()
            .filter(commitments::Column::WorkspaceId.eq(workspace_id))
            .filter(commitments::Column::DoneOn.is_null())
            .filter(commitments::Column::Cancelled.eq(false))
            .filter(commitments::Column::ArchivedAt.is_null())
            .filter(commitments::Column::DueOn.lte(missed_by))
            .filter(
                commitments::Column::Id.not_in_subquery(
                    Query::select()
                        .column(commitment_outcomes::Column::Id)
                        .from(commitment_outcomes::Entity)
                        .and_where(commitment_outcomes::Column::WorkspaceId.eq(workspace_id))
                        .to_owned(),
                ),
            )
            .all(&txn)
            .await?;
        let counted = rows.len() as u64;
        for row in rows {
            let missed = convert::commitment(row.clone(), today);
            self.reckon_commitment(&txn, row).await?;
            self.webhook_event_in(&txn, workspace_id, Occurrence::commitment_missed(&missed)).await?;
        }
        let sweep =
            trust_sweeps::ActiveModel { id: Set(workspace_id), workspace_id: Set(workspace_id), swept_on: Set(today) };
        trust_sweeps::Entity::insert(sweep)
            .on_conflict(
                OnConflict::column(trust_sweeps::Column::Id).update_column(trust_sweeps::Column::SweptOn).to_owned(),
            )
            .exec(&txn)
            .await?;
        txn.commit().await?;
        // Surveys that closed since yesterday are sealed and published before the refresh reads
        // their perceived trust.
        self.seal_closed_surveys(workspace_id).await?;
        // Time alone moves cadence and goal warnings too: refresh every partnership once a day.
        let all: Vec<Uuid> = partnerships::Entity::find()
            .select_only()
            .column(partnerships::Column::Id)
            .filter(partnerships::Column::WorkspaceId.eq(workspace_id))
            .filter(partnerships::Column::ArchivedAt.is_null())
            .into_tuple()
            .all(&self.db)
            .await?;
        for chunk in all.chunks(100) {
            self.refresh_trust(workspace_id, chunk).await?;
        }
        Ok(counted)
    }

    // ----- snapshots, health and warnings ---------------------------------------------------

    /// Everything the health index and the warnings need about each partnership, loaded with a
    /// fixed number of queries however many partnerships are asked for.
    pub async fn partnership_snapshots(
        &self,
        workspace_id: Uuid,
        ids: &[Uuid],
    ) -> StoreResult<Vec<(Partnership, PartnershipSnapshot)>> {
        let mut result = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH) {
            result.extend(self.snapshot_chunk(&self.db, workspace_id, chunk).await?);
        }
        Ok(result)
    }

    async fn snapshot_chunk(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        ids: &[Uuid],
    ) -> StoreResult<Vec<(Partnership, PartnershipSnapshot)>> {
        let partnerships = self.partnerships_by_id(conn, workspace_id, ids).await?;
        // Only ids of this workspace's partnerships from here on, so the queries below select
        // by partnership alone: SQLite then reads each through its partnership index instead of
        // walking the whole workspace.
        let ids: Vec<Uuid> = partnerships.iter().map(|p| p.id).collect();
        let mut snapshots: BTreeMap<Uuid, PartnershipSnapshot> = partnerships
            .iter()
            .map(|p| {
                let mut snapshot = PartnershipSnapshot::new(p.id, p.created_at.date_naive(), p.cadence);
                snapshot.members = p
                    .members
                    .iter()
                    .map(|m| MemberFact {
                        organization_id: m.organization_id,
                        name: m.organization_name.clone(),
                        joined_on: None,
                    })
                    .collect();
                (p.id, snapshot)
            })
            .collect();

        let checkins = checkins::Entity::find()
            .filter(checkins::Column::PartnershipId.is_in(ids.clone()))
            .filter(checkins::Column::ArchivedAt.is_null())
            .all(conn)
            .await?;
        for row in checkins {
            if let Some(snapshot) = snapshots.get_mut(&row.partnership_id) {
                snapshot.check_ins.push(CheckInFact {
                    id: row.id,
                    held_on: row.held_on,
                    attendee_organization_ids: uuids(&row.attendee_organization_ids),
                });
            }
        }

        let commitment_rows = commitments::Entity::find()
            .filter(commitments::Column::PartnershipId.is_in(ids.clone()))
            .filter(commitments::Column::ArchivedAt.is_null())
            .order_by_asc(commitments::Column::PartnershipId)
            .order_by_asc(commitments::Column::Id)
            .all(conn)
            .await?;
        for (_, history) in self.histories(conn, commitment_rows).await? {
            if let Some(snapshot) = snapshots.get_mut(&history.partnership_id) {
                snapshot.commitments.push(history);
            }
        }

        let goal_rows = goals::Entity::find()
            .filter(goals::Column::PartnershipId.is_in(ids.clone()))
            .order_by_asc(goals::Column::PartnershipId)
            .order_by_asc(goals::Column::Id)
            .all(conn)
            .await?;
        let goal_ids: Vec<Uuid> = goal_rows.iter().map(|g| g.id).collect();
        let mut updates: HashMap<Uuid, Vec<GoalProgress>> = HashMap::new();
        let goal_by_id: HashMap<Uuid, &goals::Model> = goal_rows.iter().map(|g| (g.id, g)).collect();
        for chunk in goal_ids.chunks(BATCH) {
            for row in goal_updates::Entity::find()
                .filter(goal_updates::Column::GoalId.is_in(chunk.to_vec()))
                .all(conn)
                .await?
            {
                let update = convert::goal_update(row)?;
                let goal = goal_by_id[&update.goal_id];
                updates.entry(update.goal_id).or_default().push(GoalProgress {
                    on: update.created_at.date_naive(),
                    confidence: update.confidence,
                    progress_percent: progress_percent(goal.baseline, goal.target, update.current),
                });
            }
        }
        for row in &goal_rows {
            if let Some(snapshot) = snapshots.get_mut(&row.partnership_id) {
                snapshot.goals.push(GoalFact {
                    id: row.id,
                    statement: row.statement.clone(),
                    started_on: row.created_at.date_naive(),
                    due_on: row.due_on,
                    closed_on: row.archived_at.map(|a| a.date_naive()),
                    updates: updates.remove(&row.id).unwrap_or_default(),
                });
            }
        }

        let milestone_rows = milestones::Entity::find()
            .filter(milestones::Column::PartnershipId.is_in(ids))
            .filter(milestones::Column::ArchivedAt.is_null())
            .all(conn)
            .await?;
        for row in milestone_rows {
            if let Some(snapshot) = snapshots.get_mut(&row.partnership_id) {
                snapshot.milestones.push(MilestoneFact {
                    id: row.id,
                    goal_id: row.goal_id,
                    title: row.title,
                    due_on: row.due_on,
                    met_on: row.met_on,
                });
            }
        }

        self.fill_practice_facts(conn, &mut snapshots).await?;

        for (partnership_id, waves) in
            self.survey_waves(conn, workspace_id, &snapshots.keys().copied().collect::<Vec<_>>()).await?
        {
            if let Some(snapshot) = snapshots.get_mut(&partnership_id) {
                snapshot.survey_waves = waves;
            }
        }

        Ok(partnerships
            .into_iter()
            .filter_map(|p| {
                let snapshot = snapshots.remove(&p.id)?;
                Some((p, snapshot))
            })
            .collect())
    }

    /// Recomputes today's health and warnings of `partnership_ids` and stores them. Warnings
    /// keep their identity (kind, partnership, organisation) while they apply, so an
    /// acknowledgement sticks; one that stops applying is cleared and stays in the history.
    pub async fn refresh_trust(&self, workspace_id: Uuid, partnership_ids: &[Uuid]) -> StoreResult<()> {
        for chunk in partnership_ids.chunks(REFRESH_BATCH) {
            let txn = self.begin_write().await?;
            self.refresh_trust_in(&txn, workspace_id, chunk).await?;
            txn.commit().await?;
        }
        Ok(())
    }

    /// `refresh_trust` of a few partnerships inside the caller's write transaction, so a change
    /// and the trust state it moves are stored together, in one turn at the write lock.
    pub(crate) async fn refresh_trust_in(
        &self,
        txn: &DatabaseTransaction,
        workspace_id: Uuid,
        partnership_ids: &[Uuid],
    ) -> StoreResult<()> {
        // The snapshots are read inside the write transaction, after the lock: a snapshot
        // read before it could be older than one a concurrent writer stores, and win.
        self.lock_trust(txn, workspace_id).await?;
        let snapshots = self.snapshot_chunk(txn, workspace_id, partnership_ids).await?;
        self.store_health_and_warnings(txn, workspace_id, &snapshots).await
    }

    /// Stores today's health index and warnings of each snapshot's partnership, with a fixed
    /// number of statements per call (plus one per warning whose wording changed).
    async fn store_health_and_warnings(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        snapshots: &[(Partnership, PartnershipSnapshot)],
    ) -> StoreResult<()> {
        if snapshots.is_empty() {
            return Ok(());
        }
        let today = self.today();
        let settings = self.trust_settings(workspace_id);
        let ids: Vec<Uuid> = snapshots.iter().map(|(p, _)| p.id).collect();
        let mut current: HashMap<Uuid, Vec<warnings::Model>> = HashMap::new();
        for row in warnings::Entity::find()
            .filter(warnings::Column::PartnershipId.is_in(ids))
            .filter(warnings::Column::WorkspaceId.eq(workspace_id))
            .filter(warnings::Column::ClearedOn.is_null())
            .all(conn)
            .await?
        {
            current.entry(row.partnership_id).or_default().push(row);
        }
        let (mut raised, mut gone, mut health_rows) = (Vec::new(), Vec::new(), Vec::with_capacity(snapshots.len()));
        for (partnership, snapshot) in snapshots {
            let health = health(snapshot, today, &settings);
            // Paused and ended partnerships are not expected to meet, so they raise nothing.
            let found = if partnership.status.is_running() && partnership.archived_at.is_none() {
                find_warnings(snapshot, today, &settings)
            } else {
                Vec::new()
            };
            let current = current.remove(&partnership.id).unwrap_or_default();
            let mut open_count = 0;
            let mut still: Vec<Uuid> = Vec::new();
            for warning in &found {
                let fingerprint = fingerprint(warning);
                let records = serde_json::to_value(&warning.records).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                match current.iter().find(|row| row.fingerprint == fingerprint) {
                    Some(row) => {
                        still.push(row.id);
                        if row.state == WarningState::Open.as_str()
                            || row.snoozed_until.is_some_and(|until| until <= today)
                        {
                            open_count += 1;
                        }
                        let unchanged = row.severity == warning.severity.as_str()
                            && row.records == records
                            && row.explanation == warning.explanation
                            && row.suggested_action == warning.suggested_action
                            && row.restricted == warning.restricted;
                        if !unchanged {
                            warnings::Entity::update_many()
                                .col_expr(warnings::Column::Severity, Expr::value(warning.severity.as_str()))
                                .col_expr(warnings::Column::Records, Expr::value(records))
                                .col_expr(warnings::Column::Explanation, Expr::value(warning.explanation.clone()))
                                .col_expr(
                                    warnings::Column::SuggestedAction,
                                    Expr::value(warning.suggested_action.clone()),
                                )
                                .col_expr(warnings::Column::Restricted, Expr::value(warning.restricted))
                                .filter(warnings::Column::Id.eq(row.id))
                                .exec(conn)
                                .await?;
                        }
                    }
                    None => {
                        open_count += 1;
                        // A warning drawn from a private concern stays out of chat channels.
                        if !warning.restricted {
                            let raised = Occurrence::warning_raised(partnership.id, &partnership.name, warning);
                            self.webhook_event_in(conn, workspace_id, raised).await?;
                        }
                        raised.push(warnings::ActiveModel {
                            id: Set(Uuid::now_v7()),
                            workspace_id: Set(workspace_id),
                            partnership_id: Set(partnership.id),
                            fingerprint: Set(fingerprint),
                            kind: Set(warning.kind.as_str().to_owned()),
                            severity: Set(warning.severity.as_str().to_owned()),
                            organization_id: Set(warning.organization_id),
                            records: Set(records),
                            explanation: Set(warning.explanation.clone()),
                            suggested_action: Set(warning.suggested_action.clone()),
                            restricted: Set(warning.restricted),
                            raised_on: Set(today),
                            cleared_on: Set(None),
                            state: Set(WarningState::Open.as_str().to_owned()),
                            snoozed_until: Set(None),
                            state_reason: Set(None),
                            state_by: Set(None),
                            state_at: Set(None),
                        });
                    }
                }
            }
            gone.extend(current.iter().map(|row| row.id).filter(|id| !still.contains(id)));
            let components =
                serde_json::to_value(&health.components).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            health_rows.push(partnership_health::ActiveModel {
                id: Set(partnership.id),
                workspace_id: Set(workspace_id),
                health_index: Set(health.index),
                components: Set(components),
                open_warnings: Set(open_count),
                computed_on: Set(today),
                stamp: Set(Some(Uuid::new_v4())),
            });
        }
        for chunk in raised.chunks(BATCH) {
            warnings::Entity::insert_many(chunk.to_vec()).exec(conn).await?;
        }
        for chunk in gone.chunks(BATCH) {
            warnings::Entity::update_many()
                .col_expr(warnings::Column::ClearedOn, Expr::value(Some(today)))
                .filter(warnings::Column::Id.is_in(chunk.to_vec()))
                .exec(conn)
                .await?;
        }
        for chunk in health_rows.chunks(BATCH) {
            partnership_health::Entity::insert_many(chunk.to_vec())
                .on_conflict(
                    OnConflict::column(partnership_health::Column::Id)
                        .update_columns([
                            partnership_health::Column::HealthIndex,
                            partnership_health::Column::Components,
                            partnership_health::Column::OpenWarnings,
                            partnership_health::Column::ComputedOn,
                            partnership_health::Column::Stamp,
                        ])
                        .to_owned(),
                )
                .exec(conn)
                .await?;
        }
        Ok(())
    }

    /// Today's health of each partnership, as last refreshed.
    pub async fn health_rows(&self, workspace_id: Uuid, partnership_ids: &[Uuid]) -> StoreResult<Vec<HealthRow>> {
        self.sweep_missed(workspace_id).await?;
        let mut rows = Vec::new();
        for chunk in partnership_ids.chunks(BATCH) {
            rows.extend(
                partnership_health::Entity::find()
                    .filter(partnership_health::Column::WorkspaceId.eq(workspace_id))
                    .filter(partnership_health::Column::Id.is_in(chunk.to_vec()))
                    .all(&self.db)
                    .await?
                    .into_iter()
                    .map(|row| HealthRow {
                        partnership_id: row.id,
                        index: row.health_index,
                        open_warnings: row.open_warnings,
                        computed_on: row.computed_on,
                    }),
            );
        }
        Ok(rows)
    }

    /// The warnings `viewer` may see, newest first. Warnings resting on a private concern are
    /// for coordinators and owners only.
    pub async fn warnings(
        &self,
        viewer: &Viewer,
        filter: &WarningFilter,
        page: PageRequest,
    ) -> StoreResult<Page<WarningRecord>> {
        self.sweep_missed(viewer.workspace_id).await?;
        let today = self.today();
        let mut query = warnings::Entity::find().filter(warnings::Column::WorkspaceId.eq(viewer.workspace_id));
        if !viewer.sees_whole_workspace() {
            query = query.filter(
                warnings::Column::PartnershipId.in_subquery(
                    Query::select()
                        .column(partnership_members::Column::PartnershipId)
                        .from(partnership_members::Entity)
                        .and_where(partnership_members::Column::OrganizationId.is_in(viewer.organizations.clone()))
                        .to_owned(),
                ),
            );
        }
        if !viewer.may(rapport_core::Action::ManageNetwork) {
            query = query.filter(warnings::Column::Restricted.eq(false));
        }
        if let Some(kind) = filter.kind {
            query = query.filter(warnings::Column::Kind.eq(kind.as_str()));
        }
        if let Some(severity) = filter.severity {
            query = query.filter(warnings::Column::Severity.eq(severity.as_str()));
        }
        if let Some(partnership) = filter.partnership {
            query = query.filter(warnings::Column::PartnershipId.eq(partnership));
        }
        if !filter.include_history {
            query = query.filter(warnings::Column::ClearedOn.is_null()).filter(
                sea_orm::Condition::any().add(warnings::Column::State.eq(WarningState::Open.as_str())).add(
                    sea_orm::Condition::all()
                        .add(warnings::Column::State.eq(WarningState::Snoozed.as_str()))
                        .add(warnings::Column::SnoozedUntil.lte(today)),
                ),
            );
        }
        if let Some(after) = page.after {
            query = query.filter(warnings::Column::Id.lt(after));
        }
        let rows = query.order_by_desc(warnings::Column::Id).limit(page.limit + 1).all(&self.db).await?;
        let names = self.partnership_names(rows.iter().map(|r| r.partnership_id).collect()).await?;
        let items = rows.into_iter().map(|row| stored_warning(row, &names)).collect::<StoreResult<Vec<_>>>()?;
        Ok(into_page(items, page.limit, |w| w.id))
    }

    pub async fn warning(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<WarningRecord> {
        let row = warnings::Entity::find_by_id(id)
            .filter(warnings::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let names = self.partnership_names(vec![row.partnership_id]).await?;
        stored_warning(row, &names)
    }

    /// Acknowledges, snoozes or reopens a warning, recording who and why.
    pub async fn set_warning_state(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        state: WarningState,
        snoozed_until: Option<NaiveDate>,
        reason: Option<String>,
        by: Uuid,
    ) -> StoreResult<WarningRecord> {
        let txn = self.begin_write().await?;
        // The trust lock before the warning's row: a refresh holding the lock may be rewriting
        // this very warning, and would wait for us while we waited for it.
        self.lock_trust(&txn, workspace_id).await?;
        let result = warnings::Entity::update_many()
            .col_expr(warnings::Column::State, Expr::value(state.as_str()))
            .col_expr(warnings::Column::SnoozedUntil, Expr::value(snoozed_until))
            .col_expr(warnings::Column::StateReason, Expr::value(reason))
            .col_expr(warnings::Column::StateBy, Expr::value(Some(by)))
            .col_expr(warnings::Column::StateAt, Expr::value(Some(self.now())))
            .filter(warnings::Column::Id.eq(id))
            .filter(warnings::Column::WorkspaceId.eq(workspace_id))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        let partnership_id =
            warnings::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?.partnership_id;
        self.refresh_trust_in(&txn, workspace_id, &[partnership_id]).await?;
        txn.commit().await?;
        self.warning(workspace_id, id).await
    }

    async fn partnership_names(&self, mut ids: Vec<Uuid>) -> StoreResult<HashMap<Uuid, String>> {
        ids.sort();
        ids.dedup();
        let mut names = HashMap::new();
        for chunk in ids.chunks(BATCH) {
            let rows: Vec<(Uuid, String)> = partnerships::Entity::find()
                .select_only()
                .column(partnerships::Column::Id)
                .column(partnerships::Column::Name)
                .filter(partnerships::Column::Id.is_in(chunk.to_vec()))
                .into_tuple()
                .all(&self.db)
                .await?;
            names.extend(rows);
        }
        Ok(names)
    }

    // ----- reliability as of any day ----------------------------------------------------------

    /// Every commitment `organization` made (not archived), with its history, and the members
    /// of the partnerships they were made in.
    pub async fn promises_of(
        &self,
        workspace_id: Uuid,
        organization: Uuid,
    ) -> StoreResult<(Vec<(Commitment, CommitmentHistory)>, HashMap<Uuid, Vec<Uuid>>)> {
        let rows = commitments::Entity::find()
            .filter(commitments::Column::WorkspaceId.eq(workspace_id))
            .filter(commitments::Column::PromisorOrganizationId.eq(organization))
            .filter(commitments::Column::ArchivedAt.is_null())
            .order_by_asc(commitments::Column::Id)
            .all(&self.db)
            .await?;
        let mut partnership_ids: Vec<Uuid> = rows.iter().map(|r| r.partnership_id).collect();
        partnership_ids.sort();
        partnership_ids.dedup();
        let members = self.member_map(&self.db, &partnership_ids).await?;
        Ok((self.histories(&self.db, rows).await?, members))
    }

    // ----- full recompute ---------------------------------------------------------------------

    /// Rebuilds the ledger, every counted outcome and every partnership's health and warnings
    /// from the records, in one transaction. Partnerships are read a batch at a time, each
    /// batch's snapshot serving both the ledger (its commitments) and its health, so every
    /// record is read once. `progress(done, total)` counts partnerships.
    pub async fn recompute_trust(
        &self,
        workspace_id: Uuid,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> StoreResult<RecomputeSummary> {
        let txn = self.begin_write().await?;
        let summary = self.rebuild_trust(&txn, workspace_id, progress).await?;
        txn.commit().await?;
        Ok(summary)
    }

    /// `recompute_trust` inside the caller's write transaction (an import rebuilds the trust
    /// state of the workspace it writes before committing it).
    pub(crate) async fn rebuild_trust(
        &self,
        txn: &DatabaseTransaction,
        workspace_id: Uuid,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> StoreResult<RecomputeSummary> {
        let today = self.today();
        let settings = self.trust_settings(workspace_id);
        let partnership_ids: Vec<Uuid> = partnerships::Entity::find()
            .select_only()
            .column(partnerships::Column::Id)
            .filter(partnerships::Column::WorkspaceId.eq(workspace_id))
            .order_by_asc(partnerships::Column::Id)
            .into_tuple()
            .all(txn)
            .await?;
        let total = partnership_ids.len() as u64;
        self.lock_trust(txn, workspace_id).await?;
        let mut ledger = ReliabilityLedger::new(settings.half_life);
        let (mut commitments_read, mut done) = (0u64, 0u64);
        progress(0, total);
        for chunk in partnership_ids.chunks(REFRESH_BATCH) {
            let snapshots = self.snapshot_chunk(txn, workspace_id, chunk).await?;
            // The outcomes counted so far are rewritten only where they differ from the ones
            // found now: on PostgreSQL every written row costs two foreign-key checks, and
            // rewriting 850,000 unchanged outcomes took 58 of the large network's 93 s.
            let mut counted_before = self.counted_outcomes(txn, chunk).await?;
            let mut changed = Vec::new();
            for (partnership, snapshot) in &snapshots {
                let members: Vec<Uuid> = partnership.members.iter().map(|m| m.organization_id).collect();
                for history in &snapshot.commitments {
                    commitments_read += 1;
                    let Some(outcome) = rapport_core::trust::outcome_as_of(history, today, settings.grace_days) else {
                        continue;
                    };
                    ledger.apply(
                        &ledger_keys(history, &members),
                        rapport_core::trust::OutcomeChange { old: None, new: Some(outcome) },
                    );
                    let kind = outcome.kind.as_str();
                    if counted_before.remove(&history.id).is_some_and(|(was, on)| was == kind && on == outcome.on) {
                        continue;
                    }
                    changed.push(commitment_outcomes::ActiveModel {
                        id: Set(history.id),
                        workspace_id: Set(workspace_id),
                        kind: Set(kind.to_owned()),
                        on_date: Set(outcome.on),
                    });
                }
            }
            // Counted before and not now: reopened, archived, or never should have been.
            let gone: Vec<Uuid> = counted_before.into_keys().collect();
            for ids in gone.chunks(BATCH) {
                commitment_outcomes::Entity::delete_many()
                    .filter(commitment_outcomes::Column::Id.is_in(ids.to_vec()))
                    .exec(txn)
                    .await?;
            }
            for rows in changed.chunks(1_000) {
                commitment_outcomes::Entity::insert_many(rows.to_vec())
                    .on_conflict(
                        OnConflict::column(commitment_outcomes::Column::Id)
                            .update_columns([commitment_outcomes::Column::Kind, commitment_outcomes::Column::OnDate])
                            .to_owned(),
                    )
                    .exec(txn)
                    .await?;
            }
            self.store_health_and_warnings(txn, workspace_id, &snapshots).await?;
            done += chunk.len() as u64;
            progress(done, total);
        }
        // Like the outcomes, ledger entries are written only where they differ.
        let mut before: HashMap<LedgerKey, (Uuid, Evidence)> = HashMap::new();
        for row in reliability_entries::Entity::find()
            .filter(reliability_entries::Column::WorkspaceId.eq(workspace_id))
            .all(txn)
            .await?
        {
            let id = row.id;
            let (key, evidence) = ledger_entry(row)?;
            before.insert(key, (id, evidence));
        }
        let entries: Vec<(LedgerKey, Evidence)> = ledger.entries().map(|(k, e)| (*k, *e)).collect();
        let changed: Vec<(LedgerKey, Evidence)> = entries
            .iter()
            .filter(|(key, evidence)| before.remove(key).is_none_or(|(_, was)| was != *evidence))
            .copied()
            .collect();
        let gone: Vec<Uuid> = before.into_values().map(|(id, _)| id).collect();
        for ids in gone.chunks(BATCH) {
            reliability_entries::Entity::delete_many()
                .filter(reliability_entries::Column::Id.is_in(ids.to_vec()))
                .exec(txn)
                .await?;
        }
        for chunk in changed.chunks(1_000) {
            self.save_ledger_entries(txn, workspace_id, chunk).await?;
        }
        let sweep =
            trust_sweeps::ActiveModel { id: Set(workspace_id), workspace_id: Set(workspace_id), swept_on: Set(today) };
        trust_sweeps::Entity::insert(sweep)
            .on_conflict(
                OnConflict::column(trust_sweeps::Column::Id).update_column(trust_sweeps::Column::SweptOn).to_owned(),
            )
            .exec(txn)
            .await?;
        Ok(RecomputeSummary {
            commitments: commitments_read,
            ledger_entries: entries.len() as u64,
            partnerships: total,
        })
    }

    /// The outcome counted for each commitment of these partnerships (archived ones included).
    async fn counted_outcomes(
        &self,
        conn: &impl ConnectionTrait,
        partnership_ids: &[Uuid],
    ) -> StoreResult<HashMap<Uuid, (String, NaiveDate)>> {
        let rows: Vec<(Uuid, String, NaiveDate)> = commitment_outcomes::Entity::find()
            .select_only()
            .column(commitment_outcomes::Column::Id)
            .column(commitment_outcomes::Column::Kind)
            .column(commitment_outcomes::Column::OnDate)
            .filter(
                commitment_outcomes::Column::Id.in_subquery(
                    Query::select()
                        .column(commitments::Column::Id)
                        .from(commitments::Entity)
                        .and_where(commitments::Column::PartnershipId.is_in(partnership_ids.to_vec()))
                        .to_owned(),
                ),
            )
            .into_tuple()
            .all(conn)
            .await?;
        Ok(rows.into_iter().map(|(id, kind, on)| (id, (kind, on))).collect())
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

/// The last value written for each key, so one upsert statement never names a key twice.
fn dedup_latest(entries: Vec<(LedgerKey, Evidence)>) -> Vec<(LedgerKey, Evidence)> {
    let latest: BTreeMap<LedgerKey, Evidence> = entries.into_iter().collect();
    latest.into_iter().collect()
}

/// The share of the way from baseline to target, 0–100, when both are known and differ.
fn progress_percent(baseline: Option<f64>, target: Option<f64>, current: Option<f64>) -> Option<f64> {
    let (baseline, target, current) = (baseline?, target?, current?);
    let span = target - baseline;
    (span.abs() > f64::EPSILON).then(|| ((current - baseline) / span * 100.0).clamp(0.0, 100.0))
}

/// A warning's identity while it keeps applying: what it is, where, and about whom.
fn fingerprint(warning: &Warning) -> String {
    match warning.organization_id {
        Some(org) => format!("{}:{org}", warning.kind.as_str()),
        // One warning per unanswered concern and per milestone met: several can apply at once,
        // each with its own acknowledgement.
        None if matches!(warning.kind, WarningKind::ConcernUnanswered | WarningKind::WinToCelebrate)
            && warning.records.len() == 1 =>
        {
            format!("{}@{}", warning.kind.as_str(), warning.records[0].id)
        }
        None => warning.kind.as_str().to_owned(),
    }
}

fn key_columns(key: &LedgerKey) -> (&'static str, Uuid, Uuid) {
    match *key {
        LedgerKey::Organization(org) => ("organization", org, Uuid::nil()),
        LedgerKey::Pair { promisor, counterpart } => ("pair", promisor, counterpart),
        LedgerKey::Partnership(id) => ("partnership", id, Uuid::nil()),
    }
}

pub(crate) fn ledger_entry(row: reliability_entries::Model) -> StoreResult<(LedgerKey, Evidence)> {
    let key = match row.key_kind.as_str() {
        "organization" => LedgerKey::Organization(row.subject_id),
        "pair" => LedgerKey::Pair { promisor: row.subject_id, counterpart: row.counterpart_id },
        "partnership" => LedgerKey::Partnership(row.subject_id),
        other => return Err(StoreError::Corrupt(format!("reliability_entries.key_kind {other:?}"))),
    };
    let evidence = Evidence::new(row.r, row.s, row.as_of)
        .ok_or_else(|| StoreError::Corrupt(format!("reliability entry {} holds r={} s={}", row.id, row.r, row.s)))?;
    Ok((key, evidence))
}

fn counted_outcome(row: commitment_outcomes::Model) -> StoreResult<Outcome> {
    Ok(Outcome { kind: stored("commitment_outcomes.kind", &row.kind)?, on: row.on_date })
}

fn stored_warning(row: warnings::Model, names: &HashMap<Uuid, String>) -> StoreResult<WarningRecord> {
    let records: Vec<RecordRef> = serde_json::from_value(row.records.clone())
        .map_err(|e| StoreError::Corrupt(format!("warnings.records: {e}")))?;
    Ok(WarningRecord {
        id: row.id,
        partnership_id: row.partnership_id,
        partnership_name: names.get(&row.partnership_id).cloned().unwrap_or_default(),
        warning: Warning {
            kind: stored("warnings.kind", &row.kind)?,
            severity: stored("warnings.severity", &row.severity)?,
            organization_id: row.organization_id,
            records,
            explanation: row.explanation,
            suggested_action: row.suggested_action,
            restricted: row.restricted,
        },
        raised_on: row.raised_on,
        cleared_on: row.cleared_on,
        state: stored("warnings.state", &row.state)?,
        snoozed_until: row.snoozed_until,
        state_reason: row.state_reason,
        state_by: row.state_by,
    })
}
