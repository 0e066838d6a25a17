//! The reliability ledger: evidence written with every commitment change, the daily sweep for
//! commitments that became missed untouched, and what one organisation's ledger holds.

use super::*;

impl Store {
    /// Brings the ledger up to date with one commitment as it stands today. Called inside the
    /// transaction that changed the commitment, and by the sweep; O(1) per ledger key. Says
    /// whether the outcome it counts changed: when it did not, nothing today's health or
    /// warnings read of it moved either (they read outcomes only), so the write need not
    /// refresh them.
    pub(crate) async fn reckon_commitment(
        &self,
        conn: &impl ConnectionTrait,
        row: commitments::Model,
    ) -> StoreResult<bool> {
        let counted =
            commitment_outcomes::Entity::find_by_id(row.id).one(conn).await?.map(counted_outcome).transpose()?;
        let archived = row.archived_at.is_some();
        let (workspace_id, partnership_id) = (row.workspace_id, row.partnership_id);
        let (_, history) = self.histories(conn, vec![row]).await?.remove(0);
        self.reckon(conn, workspace_id, partnership_id, history, counted, archived).await
    }

    /// `reckon_commitment` of a commitment just made: nothing counted yet and no event but
    /// "made", so nothing to read. It counts at once only when entered already missed.
    pub(crate) async fn reckon_new_commitment(
        &self,
        conn: &impl ConnectionTrait,
        row: &commitments::Model,
    ) -> StoreResult<bool> {
        let history = CommitmentHistory::from_record(&convert::commitment(row.clone(), self.today()), &[]);
        if history.is_silent_under_any_grace(self.today()) {
            return Ok(false);
        }
        self.reckon(conn, row.workspace_id, row.partnership_id, history, None, false).await
    }

    async fn reckon(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        partnership_id: Uuid,
        history: CommitmentHistory,
        counted: Option<Outcome>,
        archived: bool,
    ) -> StoreResult<bool> {
        let settings = self.trust_settings_in(conn, workspace_id).await?;
        // An archived commitment was recorded by mistake: it counts for nothing.
        let change = if archived {
            counted.map(|old| rapport_core::trust::OutcomeChange { old: Some(old), new: None })
        } else {
            reconcile(counted, &history, self.today(), &settings)
        };
        let Some(change) = change else { return Ok(false) };
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
        Ok(true)
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
        let settings = self.trust_settings_in(conn, workspace_id).await?;
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

    /// The stored entries for `keys`; `lock` takes row locks (PostgreSQL) so concurrent
    /// writers of the same entry queue instead of overwriting each other. SQLite's write
    /// transactions already hold the database's only write lock.
    pub(super) async fn ledger_entries(
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

    pub(super) async fn save_ledger_entries(
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
        Ok(ReliabilityLedger::from_entries(self.trust_settings(workspace_id).await?.half_life, entries))
    }

    /// Counts the commitments that became missed since the last sweep, once a day per
    /// workspace. Returns how many it counted.
    pub async fn sweep_missed(&self, workspace_id: Uuid) -> StoreResult<u64> {
        let today = self.today();
        let swept = trust_sweeps::Entity::find_by_id(workspace_id).one(&self.db).await?;
        if swept.as_ref().is_some_and(|s| s.swept_on >= today) {
            return Ok(0);
        }
        let settings = self.trust_settings(workspace_id).await?;
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

    /// The outcome counted for each commitment of these partnerships (archived ones included).
    pub(super) async fn counted_outcomes(
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
}

/// The last value written for each key, so one upsert statement never names a key twice.
fn dedup_latest(entries: Vec<(LedgerKey, Evidence)>) -> Vec<(LedgerKey, Evidence)> {
    let latest: BTreeMap<LedgerKey, Evidence> = entries.into_iter().collect();
    latest.into_iter().collect()
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
