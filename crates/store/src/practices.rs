//! The practices that keep a partnership healthy (SPEC 2): concerns and their lifecycle, kudos,
//! the contribution ledger, the partnership's timeline, and the append-only activity log that
//! records who changed what. Concerns, kudos and contributions feed the trust engine, so every
//! write here refreshes its partnership's health and warnings like the writes in `work.rs`.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rapport_core::access::Viewer;
use rapport_core::concern::{Concern, ConcernTransition, ValidConcern, ValidTransition};
use rapport_core::contribution::{Contribution, ValidContribution};
use rapport_core::kinds::{
    ActivityAction, CommitmentEventKind, CommitmentStatus, ConcernState, ConcernVisibility, RecordKind, TimelineKind,
};
use rapport_core::kudos::{Kudos, ValidKudos};
use rapport_core::timeline::{ActivityEntry, TimelineEntry, TimelineWhat, format_amount};
use rapport_core::trust::PartnershipSnapshot;
use rapport_core::trust::RecordRef;
use rapport_core::trust::snapshot::{ConcernFact, ContributionFact, KudosFact};
use rapport_core::webhook::Occurrence;
use sea_orm::sea_query::{Expr, InsertStatement, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Set,
};
use uuid::Uuid;

use crate::convert::stored;
use crate::entities::*;
use crate::rows::OneRow;
use crate::{GRACE_DAYS, Page, PageRequest, Store, StoreError, StoreResult, into_page};

/// Which concerns a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConcernFilter {
    pub partnership: Option<Uuid>,
    /// Only those neither resolved nor withdrawn.
    pub open_only: bool,
}

/// Which entries a timeline shows; empty `kinds` means all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineFilter {
    pub kinds: Vec<TimelineKind>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// One write for the activity log.
pub(crate) struct Activity<'a> {
    pub by: Option<Uuid>,
    pub kind: RecordKind,
    pub id: Uuid,
    pub partnership_id: Option<Uuid>,
    pub action: ActivityAction,
    pub summary: &'a str,
}

/// The partnerships the organisations belong to, for "visible to a member" filters.
fn partnerships_of(organizations: &[Uuid]) -> SelectStatement {
    Query::select()
        .column(partnership_members::Column::PartnershipId)
        .from(partnership_members::Entity)
        .and_where(partnership_members::Column::OrganizationId.is_in(organizations.to_vec()))
        .to_owned()
}

/// The concerns `viewer` may see, as a query condition. It is `ConcernParties::visible_to`
/// written for the database: coordinators and owners see all; anyone sees the concerns they
/// raised or mediate; shared concerns are seen by whoever sees their partnership.
fn visible_concerns(viewer: &Viewer) -> Condition {
    if viewer.may(rapport_core::Action::ManageNetwork) {
        return Condition::all();
    }
    let mut shared = Condition::all().add(concerns::Column::Visibility.eq(ConcernVisibility::Shared.as_str()));
    if !viewer.sees_whole_workspace() {
        shared = shared.add(concerns::Column::PartnershipId.in_subquery(partnerships_of(&viewer.organizations)));
    }
    Condition::any()
        .add(concerns::Column::RaisedBy.eq(viewer.user_id))
        .add(concerns::Column::MediatorUserId.eq(viewer.user_id))
        .add(shared)
}

/// Kudos `viewer` may see: across the network, in partnerships they see, or sent or received
/// by them.
fn visible_kudos(viewer: &Viewer) -> Condition {
    if viewer.sees_whole_workspace() {
        return Condition::all();
    }
    Condition::any()
        .add(kudos::Column::PartnershipId.is_null())
        .add(kudos::Column::PartnershipId.in_subquery(partnerships_of(&viewer.organizations)))
        .add(kudos::Column::FromUserId.eq(viewer.user_id))
        .add(kudos::Column::ToUserId.eq(viewer.user_id))
}

impl Store {
    // ----- activity log ---------------------------------------------------------------------

    /// Appends one entry to the activity log, inside the caller's transaction.
    pub(crate) async fn log_activity(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        activity: Activity<'_>,
    ) -> StoreResult<()> {
        conn.execute(&self.activity_row(workspace_id, activity)).await?;
        Ok(())
    }

    /// The insert of one entry in the activity log.
    pub(crate) fn activity_row(&self, workspace_id: Uuid, activity: Activity<'_>) -> InsertStatement {
        activity_log::Entity::insert(activity_log::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            occurred_at: Set(self.now()),
            actor_user_id: Set(activity.by),
            record_kind: Set(activity.kind.as_str().to_owned()),
            record_id: Set(activity.id),
            partnership_id: Set(activity.partnership_id),
            action: Set(activity.action.as_str().to_owned()),
            summary: Set(activity.summary.chars().take(500).collect()),
        })
        .into_query()
    }

    /// The activity log, newest first; `partnership` narrows it to one partnership's records.
    pub async fn activity(
        &self,
        workspace_id: Uuid,
        partnership: Option<Uuid>,
        page: PageRequest,
    ) -> StoreResult<Page<ActivityEntry>> {
        let mut query = activity_log::Entity::find().filter(activity_log::Column::WorkspaceId.eq(workspace_id));
        if let Some(partnership) = partnership {
            query = query.filter(activity_log::Column::PartnershipId.eq(partnership));
        }
        if let Some(after) = page.after {
            query = query.filter(activity_log::Column::Id.lt(after));
        }
        let rows = query.order_by_desc(activity_log::Column::Id).limit(page.limit + 1).all(&self.db).await?;
        let items = rows.into_iter().map(activity_entry).collect::<StoreResult<Vec<_>>>()?;
        Ok(into_page(items, page.limit, |e| e.id))
    }

    /// One record's entries in the activity log, oldest first: its history where it keeps no
    /// history of its own (a check-in's corrections).
    pub async fn record_activity(&self, workspace_id: Uuid, record_id: Uuid) -> StoreResult<Vec<ActivityEntry>> {
        activity_log::Entity::find()
            .filter(activity_log::Column::RecordId.eq(record_id))
            .filter(activity_log::Column::WorkspaceId.eq(workspace_id))
            .order_by_asc(activity_log::Column::Id)
            .limit(500)
            .all(&self.db)
            .await?
            .into_iter()
            .map(activity_entry)
            .collect()
    }

    // ----- concerns -------------------------------------------------------------------------

    pub async fn create_concern(&self, workspace_id: Uuid, concern: &ValidConcern, by: Uuid) -> StoreResult<Concern> {
        let txn = self.begin_write().await?;
        self.partnership_in(&txn, workspace_id, concern.partnership_id).await?;
        let now = self.now();
        let row = concerns::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            partnership_id: Set(concern.partnership_id),
            organization_id: Set(concern.organization_id),
            title: Set(concern.title.clone()),
            description: Set(concern.description.clone()),
            severity: Set(concern.severity.as_str().to_owned()),
            visibility: Set(concern.visibility.as_str().to_owned()),
            state: Set(ConcernState::Raised.as_str().to_owned()),
            raised_by: Set(by),
            raised_at: Set(now),
            acknowledge_by: Set(concern.acknowledge_by),
            acknowledged_on: Set(None),
            mediator_user_id: Set(None),
            resolution: Set(None),
            closed_on: Set(None),
            version: Set(1),
        }
        .insert(&txn)
        .await?;
        concern_transitions::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            concern_id: Set(row.id),
            from_state: Set(None),
            to_state: Set(ConcernState::Raised.as_str().to_owned()),
            note: Set(None),
            mediator_user_id: Set(None),
            actor_user_id: Set(by),
            occurred_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let summary = format!("raised a {} concern", concern.visibility.as_str());
        self.log_activity(
            &txn,
            workspace_id,
            Activity {
                by: Some(by),
                kind: RecordKind::Concern,
                id: row.id,
                partnership_id: Some(row.partnership_id),
                action: ActivityAction::Created,
                summary: &summary,
            },
        )
        .await?;
        self.refresh_trust_in(&txn, workspace_id, &[concern.partnership_id]).await?;
        txn.commit().await?;
        self.concern_row(row)
    }

    pub async fn concern(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Concern> {
        let row = concerns::Entity::find_by_id(id)
            .filter(concerns::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.concern_row(row)
    }

    fn concern_row(&self, row: concerns::Model) -> StoreResult<Concern> {
        let state: ConcernState = stored("concerns.state", &row.state)?;
        let today = self.today();
        Ok(Concern {
            id: row.id,
            partnership_id: row.partnership_id,
            organization_id: row.organization_id,
            title: row.title,
            description: row.description,
            severity: stored("concerns.severity", &row.severity)?,
            visibility: stored("concerns.visibility", &row.visibility)?,
            overdue: state == ConcernState::Raised && row.acknowledge_by < today,
            state,
            raised_by: row.raised_by,
            raised_at: row.raised_at,
            acknowledge_by: row.acknowledge_by,
            acknowledged_on: row.acknowledged_on,
            mediator_user_id: row.mediator_user_id,
            resolution: row.resolution,
            closed_on: row.closed_on,
            version: row.version,
        })
    }

    /// The concerns `viewer` may see, newest first.
    pub async fn concerns(
        &self,
        viewer: &Viewer,
        filter: ConcernFilter,
        page: PageRequest,
    ) -> StoreResult<Page<Concern>> {
        self.concerns_where(viewer.workspace_id, visible_concerns(viewer), filter, page).await
    }

    /// The concerns of the workspace meeting `visible`, newest first.
    pub(crate) async fn concerns_where(
        &self,
        workspace_id: Uuid,
        visible: Condition,
        filter: ConcernFilter,
        page: PageRequest,
    ) -> StoreResult<Page<Concern>> {
        let mut query = concerns::Entity::find().filter(concerns::Column::WorkspaceId.eq(workspace_id)).filter(visible);
        if let Some(partnership) = filter.partnership {
            query = query.filter(concerns::Column::PartnershipId.eq(partnership));
        }
        if filter.open_only {
            query = query.filter(concerns::Column::ClosedOn.is_null());
        }
        if let Some(after) = page.after {
            query = query.filter(concerns::Column::Id.lt(after));
        }
        let rows = query.order_by_desc(concerns::Column::Id).limit(page.limit + 1).all(&self.db).await?;
        let items = rows.into_iter().map(|row| self.concern_row(row)).collect::<StoreResult<Vec<_>>>()?;
        Ok(into_page(items, page.limit, |c| c.id))
    }

    /// Every step of a concern, oldest first.
    pub async fn concern_history(&self, workspace_id: Uuid, concern_id: Uuid) -> StoreResult<Vec<ConcernTransition>> {
        concern_transitions::Entity::find()
            .filter(concern_transitions::Column::WorkspaceId.eq(workspace_id))
            .filter(concern_transitions::Column::ConcernId.eq(concern_id))
            .order_by_asc(concern_transitions::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(concern_transition)
            .collect()
    }

    /// Moves a concern to another state. The state machine is checked against the stored state
    /// inside the transaction, so two people answering at once cannot both move it from the
    /// same state: the second gets the conflict naming the state it is now in.
    pub async fn transition_concern(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        step: &ValidTransition,
        expected_version: Option<i32>,
        by: Uuid,
    ) -> StoreResult<Concern> {
        let txn = self.begin_write().await?;
        let mut query = concerns::Entity::find_by_id(id).filter(concerns::Column::WorkspaceId.eq(workspace_id));
        if self.backend() == sea_orm::DbBackend::Postgres {
            query = query.lock_exclusive();
        }
        let row = query.one(&txn).await?.ok_or(StoreError::NotFound)?;
        if expected_version.is_some_and(|v| v != row.version) {
            return Err(StoreError::Stale);
        }
        let from: ConcernState = stored("concerns.state", &row.state)?;
        from.check_move(step.to).map_err(StoreError::Conflict)?;
        let today = self.today();
        let mut update = concerns::Entity::update_many()
            .col_expr(concerns::Column::State, Expr::value(step.to.as_str()))
            .col_expr(concerns::Column::Version, Expr::value(row.version + 1))
            .filter(concerns::Column::Id.eq(id))
            .filter(concerns::Column::Version.eq(row.version));
        if step.to.is_acknowledged() && row.acknowledged_on.is_none() {
            update = update.col_expr(concerns::Column::AcknowledgedOn, Expr::value(Some(today)));
        }
        if let Some(mediator) = step.mediator_user_id {
            update = update.col_expr(concerns::Column::MediatorUserId, Expr::value(Some(mediator)));
        }
        if let Some(resolution) = &step.resolution {
            update = update.col_expr(concerns::Column::Resolution, Expr::value(Some(resolution.clone())));
        }
        if step.to.is_closed() {
            update = update.col_expr(concerns::Column::ClosedOn, Expr::value(Some(today)));
        }
        update.exec(&txn).await?.one_row_or(StoreError::Stale)?;
        concern_transitions::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            concern_id: Set(id),
            from_state: Set(Some(from.as_str().to_owned())),
            to_state: Set(step.to.as_str().to_owned()),
            note: Set(step.note.clone().or_else(|| step.resolution.clone())),
            mediator_user_id: Set(step.mediator_user_id),
            actor_user_id: Set(by),
            occurred_at: Set(self.now()),
        }
        .insert(&txn)
        .await?;
        let summary = format!("moved a concern from {} to {}", from.as_str(), step.to.as_str());
        self.log_activity(
            &txn,
            workspace_id,
            Activity {
                by: Some(by),
                kind: RecordKind::Concern,
                id,
                partnership_id: Some(row.partnership_id),
                action: ActivityAction::Changed,
                summary: &summary,
            },
        )
        .await?;
        self.refresh_trust_in(&txn, workspace_id, &[row.partnership_id]).await?;
        txn.commit().await?;
        self.concern(workspace_id, id).await
    }

    // ----- kudos ----------------------------------------------------------------------------

    /// Records thanks, whose ids the caller has checked; `partnership_id` is the partnership it
    /// belongs to, if any.
    pub async fn create_kudos(
        &self,
        workspace_id: Uuid,
        partnership_id: Option<Uuid>,
        thanks: &ValidKudos,
        by: Uuid,
    ) -> StoreResult<Kudos> {
        let txn = self.begin_write().await?;
        if let Some(partnership_id) = partnership_id {
            self.partnership_in(&txn, workspace_id, partnership_id).await?;
        }
        let now = self.now();
        let row = kudos::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            partnership_id: Set(partnership_id),
            from_user_id: Set(by),
            from_organization_id: Set(thanks.from_organization_id),
            to_user_id: Set(thanks.to_user_id),
            to_organization_id: Set(thanks.to_organization_id),
            message: Set(thanks.message.clone()),
            about_kind: Set(thanks.about.map(|a| a.kind.as_str().to_owned())),
            about_id: Set(thanks.about.map(|a| a.id)),
            given_on: Set(now.date_naive()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        self.log_activity(
            &txn,
            workspace_id,
            Activity {
                by: Some(by),
                kind: RecordKind::Kudos,
                id: row.id,
                partnership_id,
                action: ActivityAction::Created,
                summary: "sent kudos",
            },
        )
        .await?;
        let kudos = kudos_row(row)?;
        self.webhook_event_in(&txn, workspace_id, Occurrence::kudos_given(&kudos)).await?;
        if let Some(partnership_id) = partnership_id {
            self.refresh_trust_in(&txn, workspace_id, &[partnership_id]).await?;
        }
        txn.commit().await?;
        Ok(kudos)
    }

    pub async fn kudos(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Kudos> {
        let row = kudos::Entity::find_by_id(id)
            .filter(kudos::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        kudos_row(row)
    }

    /// The wins feed: kudos `viewer` may see, newest first, across the network or in one
    /// partnership.
    pub async fn kudos_feed(
        &self,
        viewer: &Viewer,
        partnership: Option<Uuid>,
        page: PageRequest,
    ) -> StoreResult<Page<Kudos>> {
        self.kudos_where(viewer.workspace_id, visible_kudos(viewer), partnership, page).await
    }

    /// Kudos of the workspace meeting `visible`, newest first, across the network or in one
    /// partnership.
    pub(crate) async fn kudos_where(
        &self,
        workspace_id: Uuid,
        visible: Condition,
        partnership: Option<Uuid>,
        page: PageRequest,
    ) -> StoreResult<Page<Kudos>> {
        let mut query = kudos::Entity::find().filter(kudos::Column::WorkspaceId.eq(workspace_id)).filter(visible);
        if let Some(partnership) = partnership {
            query = query.filter(kudos::Column::PartnershipId.eq(partnership));
        }
        if let Some(after) = page.after {
            query = query.filter(kudos::Column::Id.lt(after));
        }
        let rows = query.order_by_desc(kudos::Column::Id).limit(page.limit + 1).all(&self.db).await?;
        let items = rows.into_iter().map(kudos_row).collect::<StoreResult<Vec<_>>>()?;
        Ok(into_page(items, page.limit, |k| k.id))
    }

    /// The partnership a commitment, milestone or goal belongs to.
    pub async fn partnership_of_record(&self, workspace_id: Uuid, record: RecordRef) -> StoreResult<Uuid> {
        let found: Option<Uuid> = match record.kind {
            RecordKind::Commitment => {
                commitments::Entity::find_by_id(record.id)
                    .filter(commitments::Column::WorkspaceId.eq(workspace_id))
                    .select_only()
                    .column(commitments::Column::PartnershipId)
                    .into_tuple()
                    .one(&self.db)
                    .await?
            }
            RecordKind::Milestone => {
                milestones::Entity::find_by_id(record.id)
                    .filter(milestones::Column::WorkspaceId.eq(workspace_id))
                    .select_only()
                    .column(milestones::Column::PartnershipId)
                    .into_tuple()
                    .one(&self.db)
                    .await?
            }
            RecordKind::Goal => {
                goals::Entity::find_by_id(record.id)
                    .filter(goals::Column::WorkspaceId.eq(workspace_id))
                    .select_only()
                    .column(goals::Column::PartnershipId)
                    .into_tuple()
                    .one(&self.db)
                    .await?
            }
            _ => None,
        };
        found.ok_or(StoreError::NotFound)
    }

    // ----- contributions --------------------------------------------------------------------

    pub async fn create_contribution(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
        contribution: &ValidContribution,
        by: Option<Uuid>,
    ) -> StoreResult<Contribution> {
        let txn = self.begin_write().await?;
        self.partnership_in(&txn, workspace_id, partnership_id).await?;
        let row = contributions::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            partnership_id: Set(partnership_id),
            organization_id: Set(contribution.organization_id),
            kind: Set(contribution.kind.as_str().to_owned()),
            amount: Set(contribution.amount),
            unit: Set(contribution.unit.clone()),
            contributed_on: Set(contribution.contributed_on),
            note: Set(contribution.note.clone()),
            created_by: Set(by),
            created_at: Set(self.now()),
        }
        .insert(&txn)
        .await?;
        let summary = format!(
            "recorded a contribution: {} {} ({})",
            format_amount(contribution.amount),
            contribution.unit,
            contribution.kind.label().to_lowercase()
        );
        self.log_activity(
            &txn,
            workspace_id,
            Activity {
                by,
                kind: RecordKind::Contribution,
                id: row.id,
                partnership_id: Some(partnership_id),
                action: ActivityAction::Created,
                summary: &summary,
            },
        )
        .await?;
        self.refresh_trust_in(&txn, workspace_id, &[partnership_id]).await?;
        txn.commit().await?;
        contribution_row(row)
    }

    /// A partnership's contributions, newest first.
    pub async fn contributions(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
        page: PageRequest,
    ) -> StoreResult<Page<Contribution>> {
        let mut query = contributions::Entity::find()
            .filter(contributions::Column::WorkspaceId.eq(workspace_id))
            .filter(contributions::Column::PartnershipId.eq(partnership_id));
        if let Some(after) = page.after {
            query = query.filter(contributions::Column::Id.lt(after));
        }
        let rows = query.order_by_desc(contributions::Column::Id).limit(page.limit + 1).all(&self.db).await?;
        let items = rows.into_iter().map(contribution_row).collect::<StoreResult<Vec<_>>>()?;
        Ok(into_page(items, page.limit, |c| c.id))
    }

    /// Every contribution to a partnership made on or after `since`, for the equity view.
    pub async fn contributions_since(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
        since: NaiveDate,
    ) -> StoreResult<Vec<Contribution>> {
        contributions::Entity::find()
            .filter(contributions::Column::WorkspaceId.eq(workspace_id))
            .filter(contributions::Column::PartnershipId.eq(partnership_id))
            .filter(contributions::Column::ContributedOn.gte(since))
            .order_by_asc(contributions::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(contribution_row)
            .collect()
    }

    // ----- the trust engine's facts ---------------------------------------------------------

    /// Fills the concerns, contributions and kudos of each snapshot (SPEC 3.3, 3.4). The
    /// snapshots are of this workspace's partnerships, so rows are selected by partnership alone
    /// (through the partnership indexes).
    pub(crate) async fn fill_practice_facts(
        &self,
        conn: &impl ConnectionTrait,
        snapshots: &mut BTreeMap<Uuid, PartnershipSnapshot>,
    ) -> StoreResult<()> {
        let ids: Vec<Uuid> = snapshots.keys().copied().collect();
        let concern_rows =
            concerns::Entity::find().filter(concerns::Column::PartnershipId.is_in(ids.clone())).all(conn).await?;
        for row in concern_rows {
            if let Some(snapshot) = snapshots.get_mut(&row.partnership_id) {
                snapshot.concerns.push(ConcernFact {
                    id: row.id,
                    raised_on: row.raised_at.date_naive(),
                    acknowledge_by: Some(row.acknowledge_by),
                    acknowledged_on: row.acknowledged_on,
                    // A withdrawn concern needs no answer any more: it counts as settled.
                    resolved_on: row.closed_on,
                    private: row.visibility == ConcernVisibility::Private.as_str(),
                });
            }
        }
        let contribution_rows = contributions::Entity::find()
            .filter(contributions::Column::PartnershipId.is_in(ids.clone()))
            .all(conn)
            .await?;
        for row in contribution_rows {
            if let Some(snapshot) = snapshots.get_mut(&row.partnership_id) {
                // Every record weighs 1: hours, money and in-kind help have no common measure,
                // and the equity view's overall shares count records the same way.
                snapshot.contributions.push(ContributionFact {
                    id: row.id,
                    organization_id: row.organization_id,
                    on: row.contributed_on,
                    weight: 1.0,
                });
            }
        }
        let kudos_rows = kudos::Entity::find().filter(kudos::Column::PartnershipId.is_in(ids)).all(conn).await?;
        for row in kudos_rows {
            let Some(partnership_id) = row.partnership_id else { continue };
            if let Some(snapshot) = snapshots.get_mut(&partnership_id) {
                let about = kudos_about(&row)?;
                snapshot.kudos.push(KudosFact {
                    id: row.id,
                    given_on: row.given_on,
                    to_organization_id: row.to_organization_id,
                    about,
                });
            }
        }
        Ok(())
    }

    // ----- the timeline ---------------------------------------------------------------------

    /// Everything that happened in a partnership that `viewer` may see, newest first. The
    /// caller has checked that `viewer` sees the partnership; private concerns are filtered
    /// here with the same rule as everywhere else.
    pub async fn timeline(
        &self,
        viewer: &Viewer,
        partnership_id: Uuid,
        filter: &TimelineFilter,
    ) -> StoreResult<Vec<TimelineEntry>> {
        let ws = viewer.workspace_id;
        let partnership = self.partnership(ws, partnership_id).await?;
        let names: HashMap<Uuid, String> =
            partnership.members.iter().map(|m| (m.organization_id, m.organization_name.clone())).collect();
        let name = |org: Uuid| names.get(&org).cloned();
        let wanted = |kind: TimelineKind| filter.kinds.is_empty() || filter.kinds.contains(&kind);
        let mut entries = Vec::new();
        let mut push = |kind: TimelineKind,
                        on: NaiveDate,
                        record: Option<RecordRef>,
                        what: TimelineWhat,
                        detail: Option<String>,
                        organization_id: Option<Uuid>,
                        sequence: Uuid| {
            let in_range = filter.from.is_none_or(|from| on >= from) && filter.to.is_none_or(|to| on <= to);
            if wanted(kind) && in_range {
                let title = what.title();
                entries.push(TimelineEntry { kind, on, record, title, detail, organization_id, sequence, what });
            }
        };

        if wanted(TimelineKind::CheckIn) {
            let rows = checkins::Entity::find()
                .filter(checkins::Column::WorkspaceId.eq(ws))
                .filter(checkins::Column::PartnershipId.eq(partnership_id))
                .filter(checkins::Column::ArchivedAt.is_null())
                .all(&self.db)
                .await?;
            for row in rows {
                let title = TimelineWhat::CheckIn {
                    agenda: row.agenda.as_deref().and_then(|a| a.lines().next()).map(str::to_owned),
                };
                push(
                    TimelineKind::CheckIn,
                    row.held_on,
                    Some(RecordRef { kind: RecordKind::CheckIn, id: row.id }),
                    title,
                    row.decisions,
                    None,
                    row.id,
                );
            }
        }

        let commitment_kinds = [
            TimelineKind::CommitmentMade,
            TimelineKind::CommitmentKept,
            TimelineKind::CommitmentRenegotiated,
            TimelineKind::CommitmentCancelled,
            TimelineKind::CommitmentMissed,
        ];
        if commitment_kinds.iter().any(|k| wanted(*k)) {
            let rows = commitments::Entity::find()
                .filter(commitments::Column::WorkspaceId.eq(ws))
                .filter(commitments::Column::PartnershipId.eq(partnership_id))
                .filter(commitments::Column::ArchivedAt.is_null())
                .all(&self.db)
                .await?;
            let by_id: HashMap<Uuid, &commitments::Model> = rows.iter().map(|r| (r.id, r)).collect();
            let events = commitment_events::Entity::find()
                .filter(commitment_events::Column::WorkspaceId.eq(ws))
                .filter(
                    commitment_events::Column::CommitmentId.in_subquery(
                        Query::select()
                            .column(commitments::Column::Id)
                            .from(commitments::Entity)
                            .and_where(commitments::Column::PartnershipId.eq(partnership_id))
                            .to_owned(),
                    ),
                )
                .all(&self.db)
                .await?;
            let today = self.today();
            for event in events {
                let Some(row) = by_id.get(&event.commitment_id) else { continue };
                let who = name(row.promisor_organization_id);
                let record = RecordRef { kind: RecordKind::Commitment, id: row.id };
                let event_kind: CommitmentEventKind = stored("commitment_events.kind", &event.kind)?;
                let description = row.description.clone();
                let (kind, on, title) = match event_kind {
                    CommitmentEventKind::Made => (
                        TimelineKind::CommitmentMade,
                        event.occurred_at.date_naive(),
                        TimelineWhat::Promised { who, description },
                    ),
                    CommitmentEventKind::Done => {
                        let done_on = event.on_date.unwrap_or(event.occurred_at.date_naive());
                        let late = done_on > row.due_on;
                        (TimelineKind::CommitmentKept, done_on, TimelineWhat::Kept { who, description, late })
                    }
                    CommitmentEventKind::Renegotiated => (
                        TimelineKind::CommitmentRenegotiated,
                        event.occurred_at.date_naive(),
                        TimelineWhat::Renegotiated { who, description, to: event.new_due_on },
                    ),
                    CommitmentEventKind::Cancelled => (
                        TimelineKind::CommitmentCancelled,
                        event.occurred_at.date_naive(),
                        TimelineWhat::Cancelled { description },
                    ),
                    // A correction puts the record right; it is no event in the partnership's life.
                    CommitmentEventKind::Corrected => continue,
                };
                push(kind, on, Some(record), title, event.reason, Some(row.promisor_organization_id), event.id);
            }
            // Missed is never recorded: it follows from the dates (the day after the grace period).
            for row in &rows {
                let commitment = crate::convert::commitment((*row).clone(), today);
                if commitment.status == CommitmentStatus::Missed {
                    let on = row.due_on + chrono::Duration::days(GRACE_DAYS);
                    let title = TimelineWhat::Missed {
                        who: name(row.promisor_organization_id),
                        description: row.description.clone(),
                    };
                    push(
                        TimelineKind::CommitmentMissed,
                        on,
                        Some(RecordRef { kind: RecordKind::Commitment, id: row.id }),
                        title,
                        None,
                        Some(row.promisor_organization_id),
                        row.id,
                    );
                }
            }
        }

        if wanted(TimelineKind::MilestoneMet) {
            let rows = milestones::Entity::find()
                .filter(milestones::Column::WorkspaceId.eq(ws))
                .filter(milestones::Column::PartnershipId.eq(partnership_id))
                .filter(milestones::Column::ArchivedAt.is_null())
                .filter(milestones::Column::MetOn.is_not_null())
                .all(&self.db)
                .await?;
            for row in rows {
                let Some(met_on) = row.met_on else { continue };
                push(
                    TimelineKind::MilestoneMet,
                    met_on,
                    Some(RecordRef { kind: RecordKind::Milestone, id: row.id }),
                    TimelineWhat::MilestoneMet { title: row.title },
                    None,
                    None,
                    row.id,
                );
            }
        }

        if wanted(TimelineKind::Concern) {
            let rows = concerns::Entity::find()
                .filter(concerns::Column::WorkspaceId.eq(ws))
                .filter(concerns::Column::PartnershipId.eq(partnership_id))
                .filter(visible_concerns(viewer))
                .all(&self.db)
                .await?;
            let titles: HashMap<Uuid, (String, Option<Uuid>)> =
                rows.iter().map(|r| (r.id, (r.title.clone(), r.organization_id))).collect();
            let steps = concern_transitions::Entity::find()
                .filter(concern_transitions::Column::WorkspaceId.eq(ws))
                .filter(concern_transitions::Column::ConcernId.is_in(titles.keys().copied().collect::<Vec<_>>()))
                .all(&self.db)
                .await?;
            for step in steps {
                let Some((title, organization_id)) = titles.get(&step.concern_id) else { continue };
                let state: ConcernState = stored("concern_transitions.to_state", &step.to_state)?;
                let text = TimelineWhat::Concern { state, title: title.clone() };
                push(
                    TimelineKind::Concern,
                    step.occurred_at.date_naive(),
                    Some(RecordRef { kind: RecordKind::Concern, id: step.concern_id }),
                    text,
                    step.note,
                    *organization_id,
                    step.id,
                );
            }
        }

        if wanted(TimelineKind::Kudos) {
            let rows = kudos::Entity::find()
                .filter(kudos::Column::WorkspaceId.eq(ws))
                .filter(kudos::Column::PartnershipId.eq(partnership_id))
                .all(&self.db)
                .await?;
            for row in rows {
                let to = row.to_organization_id.and_then(&name);
                push(
                    TimelineKind::Kudos,
                    row.given_on,
                    Some(RecordRef { kind: RecordKind::Kudos, id: row.id }),
                    TimelineWhat::Kudos { to },
                    Some(row.message),
                    row.to_organization_id,
                    row.id,
                );
            }
        }

        if wanted(TimelineKind::Contribution) {
            let rows = contributions::Entity::find()
                .filter(contributions::Column::WorkspaceId.eq(ws))
                .filter(contributions::Column::PartnershipId.eq(partnership_id))
                .all(&self.db)
                .await?;
            for row in rows {
                let kind: rapport_core::kinds::ContributionKind = stored("contributions.kind", &row.kind)?;
                let title = TimelineWhat::Contribution {
                    who: name(row.organization_id),
                    amount: row.amount,
                    unit: row.unit.clone(),
                    kind,
                };
                push(
                    TimelineKind::Contribution,
                    row.contributed_on,
                    Some(RecordRef { kind: RecordKind::Contribution, id: row.id }),
                    title,
                    row.note,
                    Some(row.organization_id),
                    row.id,
                );
            }
        }

        if wanted(TimelineKind::VisionRevised) {
            for revision in self.vision_history(ws, partnership_id).await? {
                // A vision revision is part of the partnership record, not a record of its own.
                push(
                    TimelineKind::VisionRevised,
                    revision.revised_at.date_naive(),
                    None,
                    TimelineWhat::VisionRevised,
                    revision.vision,
                    None,
                    revision.id,
                );
            }
        }

        if wanted(TimelineKind::Retrospective) {
            for retro in self.retrospectives(ws, partnership_id).await? {
                let count = |kind: rapport_core::kinds::RetrospectiveItemKind| {
                    retro.items.iter().filter(|i| i.kind == kind).count()
                };
                let counts: Vec<_> = rapport_core::kinds::RetrospectiveItemKind::ALL
                    .iter()
                    .map(|k| (*k, count(*k)))
                    .filter(|(_, n)| *n > 0)
                    .collect();
                let detail = TimelineWhat::retrospective_detail(&counts);
                let record = RecordRef { kind: RecordKind::Retrospective, id: retro.id };
                push(
                    TimelineKind::Retrospective,
                    retro.held_on,
                    Some(record),
                    TimelineWhat::Retrospective { title: retro.title.clone(), counts },
                    detail,
                    None,
                    retro.id,
                );
            }
        }

        if wanted(TimelineKind::SurveyWave) {
            // A wave shows when it opens and closes; its results stay on the survey's own page,
            // under the anonymity rules.
            let rows = surveys::Entity::find()
                .filter(surveys::Column::WorkspaceId.eq(ws))
                .filter(surveys::Column::PartnershipId.eq(partnership_id))
                .all(&self.db)
                .await?;
            let today = self.today();
            for row in rows {
                let record = Some(RecordRef { kind: RecordKind::SurveyWave, id: row.id });
                if row.opens_on <= today {
                    push(
                        TimelineKind::SurveyWave,
                        row.opens_on,
                        record,
                        TimelineWhat::SurveyOpened { title: row.title.clone() },
                        None,
                        None,
                        row.id,
                    );
                }
                if row.closes_on < today {
                    push(
                        TimelineKind::SurveyWave,
                        row.closes_on,
                        record,
                        TimelineWhat::SurveyClosed { title: row.title.clone() },
                        None,
                        None,
                        row.id,
                    );
                }
            }
        }

        if wanted(TimelineKind::Agreement) {
            for e in self.agreement_timeline(ws, partnership_id).await? {
                push(e.kind, e.on, e.record, e.what, e.detail, e.organization_id, e.sequence);
            }
        }

        rapport_core::timeline::sort_newest_first(&mut entries);
        Ok(entries)
    }
}

/// An amount without a trailing ".0".
fn concern_transition(row: concern_transitions::Model) -> StoreResult<ConcernTransition> {
    Ok(ConcernTransition {
        id: row.id,
        concern_id: row.concern_id,
        from_state: row.from_state.as_deref().map(|s| stored("concern_transitions.from_state", s)).transpose()?,
        to_state: stored("concern_transitions.to_state", &row.to_state)?,
        note: row.note,
        mediator_user_id: row.mediator_user_id,
        actor_user_id: row.actor_user_id,
        occurred_at: row.occurred_at,
    })
}

fn kudos_about(row: &kudos::Model) -> StoreResult<Option<RecordRef>> {
    match (&row.about_kind, row.about_id) {
        (Some(kind), Some(id)) => Ok(Some(RecordRef { kind: stored("kudos.about_kind", kind)?, id })),
        _ => Ok(None),
    }
}

fn kudos_row(row: kudos::Model) -> StoreResult<Kudos> {
    let about = kudos_about(&row)?;
    Ok(Kudos {
        id: row.id,
        partnership_id: row.partnership_id,
        from_user_id: row.from_user_id,
        from_organization_id: row.from_organization_id,
        to_user_id: row.to_user_id,
        to_organization_id: row.to_organization_id,
        message: row.message,
        about,
        given_on: row.given_on,
        created_at: row.created_at,
    })
}

fn contribution_row(row: contributions::Model) -> StoreResult<Contribution> {
    Ok(Contribution {
        id: row.id,
        partnership_id: row.partnership_id,
        organization_id: row.organization_id,
        kind: stored("contributions.kind", &row.kind)?,
        amount: row.amount,
        unit: row.unit,
        contributed_on: row.contributed_on,
        note: row.note,
        created_by: row.created_by,
        created_at: row.created_at,
    })
}

fn activity_entry(row: activity_log::Model) -> StoreResult<ActivityEntry> {
    Ok(ActivityEntry {
        id: row.id,
        occurred_at: row.occurred_at,
        actor_user_id: row.actor_user_id,
        record_kind: stored("activity_log.record_kind", &row.record_kind)?,
        record_id: row.record_id,
        partnership_id: row.partnership_id,
        action: stored("activity_log.action", &row.action)?,
        summary: row.summary,
    })
}
