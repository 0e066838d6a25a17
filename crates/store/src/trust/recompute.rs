//! `rapport recompute`: the whole trust state rebuilt from the records.

use super::*;

impl Store {
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
        let settings = self.trust_settings_in(txn, workspace_id).await?;
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
            let snapshots = self.snapshot_chunk(txn, workspace_id, chunk, SnapshotScope::Whole).await?;
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
}
