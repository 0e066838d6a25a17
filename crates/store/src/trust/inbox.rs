//! The warnings inbox: listing, reading and acknowledging or snoozing warnings.

use super::*;
use crate::rows::OneRow;

impl Store {
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
        result.one_row_or(StoreError::NotFound)?;
        let partnership_id =
            warnings::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?.partnership_id;
        self.refresh_trust_in(&txn, workspace_id, &[partnership_id]).await?;
        txn.commit().await?;
        self.warning(workspace_id, id).await
    }

    pub(super) async fn partnership_names(&self, mut ids: Vec<Uuid>) -> StoreResult<HashMap<Uuid, String>> {
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
            // Facts a later version cannot read are as good as none: the sentences stay.
            facts: row.facts.and_then(|facts| serde_json::from_value(facts).ok()),
        },
        raised_on: row.raised_on,
        cleared_on: row.cleared_on,
        state: stored("warnings.state", &row.state)?,
        snoozed_until: row.snoozed_until,
        state_reason: row.state_reason,
        state_by: row.state_by,
    })
}
