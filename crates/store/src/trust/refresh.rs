//! Each partnership's health index and warnings as of today: snapshots of its records, the
//! refresh that runs in the writer's transaction, and the rows the dashboard reads.

use sea_orm::sea_query::UpdateStatement;
use sea_orm::{QueryTrait, UpdateMany};

use super::*;

impl Store {
    /// Everything the health index and the warnings need about each partnership, loaded with a
    /// fixed number of queries however many partnerships are asked for.
    pub async fn partnership_snapshots(
        &self,
        workspace_id: Uuid,
        ids: &[Uuid],
    ) -> StoreResult<Vec<(Partnership, PartnershipSnapshot)>> {
        let mut result = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH) {
            let snapshots = match self.snapshot_chunk(&self.db, workspace_id, chunk, SnapshotScope::Whole).await {
                // The first reading of a closed survey's scores keeps them (`survey_waves`,
                // `survey_publications`): a write, which on SQLite only the writer may make.
                Err(err) if err.is_read_only() => {
                    let txn = self.begin_write().await?;
                    let snapshots = self.snapshot_chunk(&txn, workspace_id, chunk, SnapshotScope::Whole).await?;
                    txn.commit().await?;
                    snapshots
                }
                read => read?,
            };
            result.extend(snapshots);
        }
        Ok(result)
    }

    pub(super) async fn snapshot_chunk(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        ids: &[Uuid],
        scope: SnapshotScope,
    ) -> StoreResult<Vec<(Partnership, PartnershipSnapshot)>> {
        let partnerships = self.partnerships_by_id(conn, workspace_id, ids).await?;
        // Only ids of this workspace's partnerships from here on, so the queries below select
        // by partnership alone: SQLite then reads each through its partnership index instead of
        // walking the whole workspace.
        let ids: Vec<Uuid> = partnerships.iter().map(|p| p.id).collect();
        let mut snapshots: BTreeMap<Uuid, PartnershipSnapshot> = partnerships
            .iter()
            .map(|p| {
                let mut snapshot = PartnershipSnapshot::new(p.id, p.started_on, p.cadence);
                snapshot.running = p.status.is_running() && p.archived_at.is_none();
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

        let commitment_rows = match scope {
            SnapshotScope::Whole => {
                commitments::Entity::find()
                    .filter(commitments::Column::PartnershipId.is_in(ids.clone()))
                    .filter(commitments::Column::ArchivedAt.is_null())
                    .order_by_asc(commitments::Column::PartnershipId)
                    .order_by_asc(commitments::Column::Id)
                    .all(conn)
                    .await?
            }
            SnapshotScope::Today => self.commitments_counted_by_today(conn, workspace_id, &ids).await?,
        };
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
                    progress_percent: rapport_core::records::progress_percent(
                        goal.baseline,
                        goal.target,
                        update.current,
                    ),
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
            .filter(milestones::Column::PartnershipId.is_in(ids.clone()))
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
        self.fill_agreement_facts(conn, &mut snapshots).await?;

        if scope == SnapshotScope::Today {
            // Thanks for a commitment still open counts for its promisor's streak (a win is
            // "not yet thanked"): such a commitment is loaded too, though it has no outcome.
            let loaded: std::collections::HashSet<Uuid> =
                snapshots.values().flat_map(|s| s.commitments.iter().map(|c| c.id)).collect();
            let thanked: Vec<Uuid> = snapshots
                .values()
                .flat_map(|s| s.kudos.iter().filter_map(|k| k.about))
                .filter(|about| {
                    about.kind == rapport_core::kinds::RecordKind::Commitment && !loaded.contains(&about.id)
                })
                .map(|about| about.id)
                .collect::<std::collections::BTreeSet<Uuid>>()
                .into_iter()
                .collect();
            let mut rows = Vec::new();
            for chunk in thanked.chunks(BATCH) {
                rows.extend(
                    commitments::Entity::find()
                        .filter(commitments::Column::Id.is_in(chunk.to_vec()))
                        .filter(commitments::Column::PartnershipId.is_in(ids.clone()))
                        .filter(commitments::Column::ArchivedAt.is_null())
                        .all(conn)
                        .await?,
                );
            }
            for (_, history) in self.histories(conn, rows).await? {
                if let Some(snapshot) = snapshots.get_mut(&history.partnership_id) {
                    snapshot.commitments.push(history);
                }
            }
            for snapshot in snapshots.values_mut() {
                snapshot.commitments.sort_by_key(|c| c.id);
            }
        }

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

    /// The commitments of these partnerships that can have an outcome as of today or any
    /// earlier day: done ones, and those past their due date and grace (missed, or cancelled
    /// after they were missed). An open commitment not yet due counts for nothing today, so a
    /// write's refresh reads what has counted, never the partnership's whole history of open
    /// promises. Renegotiating is only possible on or before the due date, so today's due
    /// date is never later than the one a missed commitment had when it became missed. Two
    /// range reads of `commitments_by_partnership_state` (partnership, done day, due day).
    async fn commitments_counted_by_today(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        ids: &[Uuid],
    ) -> StoreResult<Vec<commitments::Model>> {
        let settings = self.trust_settings_in(conn, workspace_id).await?;
        let missed_by = self.today() - chrono::Duration::days(settings.grace_days);
        let mut rows = commitments::Entity::find()
            .filter(commitments::Column::PartnershipId.is_in(ids.to_vec()))
            .filter(commitments::Column::DoneOn.is_not_null())
            .filter(commitments::Column::ArchivedAt.is_null())
            .all(conn)
            .await?;
        rows.extend(
            commitments::Entity::find()
                .filter(commitments::Column::PartnershipId.is_in(ids.to_vec()))
                .filter(commitments::Column::DoneOn.is_null())
                .filter(commitments::Column::DueOn.lte(missed_by))
                .filter(commitments::Column::ArchivedAt.is_null())
                .all(conn)
                .await?,
        );
        rows.sort_by_key(|row| (row.partnership_id, row.id));
        Ok(rows)
    }

    /// The update that renews a partnership's stamp without recomputing its trust state: for a
    /// write that changes what its page lists but no score (a promise made), so what pages keep
    /// under the old stamp is read afresh. The stamp's row names the workspace, so a renewed row
    /// is also the check that the partnership is the workspace's.
    pub(crate) fn stamp_renewal(&self, workspace_id: Uuid, partnership_id: Uuid) -> UpdateStatement {
        Self::new_stamp(partnership_id).filter(partnership_health::Column::WorkspaceId.eq(workspace_id)).into_query()
    }

    pub(crate) async fn renew_stamp(&self, conn: &impl ConnectionTrait, partnership_id: Uuid) -> StoreResult<()> {
        Self::new_stamp(partnership_id).exec(conn).await?;
        Ok(())
    }

    fn new_stamp(partnership_id: Uuid) -> UpdateMany<partnership_health::Entity> {
        partnership_health::Entity::update_many()
            .col_expr(partnership_health::Column::Stamp, Expr::value(Some(Uuid::new_v4())))
            .filter(partnership_health::Column::Id.eq(partnership_id))
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
        let snapshots = self.snapshot_chunk(txn, workspace_id, partnership_ids, SnapshotScope::Today).await?;
        self.store_health_and_warnings(txn, workspace_id, &snapshots).await
    }

    /// Stores today's health index and warnings of each snapshot's partnership, with a fixed
    /// number of statements per call (plus one per warning whose wording changed).
    pub(super) async fn store_health_and_warnings(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        snapshots: &[(Partnership, PartnershipSnapshot)],
    ) -> StoreResult<()> {
        if snapshots.is_empty() {
            return Ok(());
        }
        let today = self.today();
        let settings = self.trust_settings_in(conn, workspace_id).await?;
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
                let facts = warning
                    .facts
                    .as_ref()
                    .map(serde_json::to_value)
                    .transpose()
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
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
                            && row.facts == facts
                            && row.restricted == warning.restricted;
                        // An agreement that lapses while its warning is open is news again: the
                        // hook hears it once more, at the higher severity.
                        let lapsed = warning.kind == WarningKind::AgreementEnding
                            && !warning.restricted
                            && warning.severity == rapport_core::kinds::Severity::Critical
                            && row.severity != warning.severity.as_str();
                        if lapsed {
                            let ending = Occurrence::agreement_ending(partnership.id, &partnership.name, warning);
                            self.webhook_event_in(conn, workspace_id, ending).await?;
                        }
                        if !unchanged {
                            warnings::Entity::update_many()
                                .col_expr(warnings::Column::Severity, Expr::value(warning.severity.as_str()))
                                .col_expr(warnings::Column::Records, Expr::value(records))
                                .col_expr(warnings::Column::Explanation, Expr::value(warning.explanation.clone()))
                                .col_expr(
                                    warnings::Column::SuggestedAction,
                                    Expr::value(warning.suggested_action.clone()),
                                )
                                .col_expr(warnings::Column::Facts, Expr::value(facts.clone()))
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
                            if warning.kind == WarningKind::AgreementEnding {
                                let ending = Occurrence::agreement_ending(partnership.id, &partnership.name, warning);
                                self.webhook_event_in(conn, workspace_id, ending).await?;
                            }
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
                            facts: Set(facts),
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
}

/// A warning's identity while it keeps applying: what it is, where, and about whom.
fn fingerprint(warning: &Warning) -> String {
    match warning.organization_id {
        Some(org) => format!("{}:{org}", warning.kind.as_str()),
        // One warning per unanswered concern and per milestone met: several can apply at once,
        // each with its own acknowledgement.
        None if matches!(
            warning.kind,
            WarningKind::ConcernUnanswered | WarningKind::WinToCelebrate | WarningKind::AgreementEnding
        ) && warning.records.len() == 1 =>
        {
            format!("{}@{}", warning.kind.as_str(), warning.records[0].id)
        }
        None => warning.kind.as_str().to_owned(),
    }
}
