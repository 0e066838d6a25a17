//! The raw facts the network map is drawn from (SPEC 5): which partnerships join which
//! organisations, how often organisations meet or promise each other something, and the pair
//! reliability the ledger holds. Aggregated in the database where the query builder allows it,
//! so a network of a million commitments arrives as a few thousand pair counts.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::access::Viewer;
use rapport_core::kinds::{PartnershipKind, PartnershipStatus};
use rapport_core::trust::{Evidence, LedgerKey};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};
use uuid::Uuid;

use crate::convert::{stored, uuids};
use crate::entities::*;
use crate::{Store, StoreResult};

/// Check-ins read per statement while their pairs are counted.
const CHECKINS_PER_READ: u64 = 10_000;

/// A partnership as the network sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphPartnership {
    pub id: Uuid,
    pub kind: PartnershipKind,
    pub members: Vec<Uuid>,
}

/// A partnership's id, kind, status, last change and archiving, as the network reads them.
type PartnershipRow = (Uuid, String, String, DateTime<Utc>, Option<DateTime<Utc>>);

/// Everything the network map needs, as of a day, within what a viewer may see.
#[derive(Debug, Clone, Default)]
pub struct GraphFacts {
    pub partnerships: Vec<GraphPartnership>,
    pub activity: GraphActivity,
}

/// How often organisations met or promised each other something, and the pair reliability the
/// ledger holds: what a tie's weight and colour come from, not whether it exists.
#[derive(Debug, Clone, Default)]
pub struct GraphActivity {
    /// (promisor, promisee) → commitments made between them, per partnership kind.
    pub commitments: Vec<(Uuid, Uuid, PartnershipKind, u32)>,
    /// (one organisation, another) → check-ins both attended, per partnership kind.
    pub checkins: Vec<(Uuid, Uuid, PartnershipKind, u32)>,
    /// Pair evidence from the reliability ledger: promisor → counterpart.
    pub pair_evidence: HashMap<(Uuid, Uuid), Evidence>,
}

/// Partnership ids per statement when activity is counted for some partnerships only.
const PARTNERSHIPS_PER_READ: usize = 500;

impl Store {
    /// The network's facts as the records stood at the end of `as_of`, limited to the
    /// partnerships `viewer` sees.
    pub async fn graph_facts(&self, viewer: &Viewer, as_of: NaiveDate) -> StoreResult<GraphFacts> {
        let partnerships = self.graph_partnerships(viewer, as_of).await?;
        let activity = self.graph_activity(viewer, as_of, &partnerships, false).await?;
        Ok(GraphFacts { partnerships, activity })
    }

    /// The partnerships making ties at the end of `as_of` that `viewer` sees, with their members:
    /// the network's shape, without the activity that weighs its ties.
    pub async fn graph_partnerships(&self, viewer: &Viewer, as_of: NaiveDate) -> StoreResult<Vec<GraphPartnership>> {
        let ws = viewer.workspace_id;
        let end = end_of(as_of);
        let theirs = viewers_partnerships(viewer);
        let rows: Vec<PartnershipRow> = partnerships::Entity::find()
            .select_only()
            .column(partnerships::Column::Id)
            .column(partnerships::Column::Kind)
            .column(partnerships::Column::Status)
            .column(partnerships::Column::UpdatedAt)
            .column(partnerships::Column::ArchivedAt)
            .filter(partnerships::Column::WorkspaceId.eq(ws))
            .filter(partnerships::Column::CreatedAt.lt(end))
            .apply_if(theirs.clone(), |q, ids| q.filter(partnerships::Column::Id.in_subquery(ids)))
            .into_tuple()
            .all(&self.db)
            .await?;
        let members: Vec<(Uuid, Uuid)> = partnership_members::Entity::find()
            .select_only()
            .column(partnership_members::Column::PartnershipId)
            .column(partnership_members::Column::OrganizationId)
            .filter(partnership_members::Column::WorkspaceId.eq(ws))
            .apply_if(theirs, |q, ids| q.filter(partnership_members::Column::PartnershipId.in_subquery(ids)))
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut members_of: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (partnership, organization) in members {
            members_of.entry(partnership).or_default().push(organization);
        }
        let mut partnerships = Vec::new();
        for (id, kind, status, updated_at, archived_at) in rows {
            // Archived before the day asked: gone from the map; archived later: still there then.
            if archived_at.is_some_and(|at| at < end) {
                continue;
            }
            // An ended partnership is no tie from the day it ended (SPEC 5). The day it was
            // marked ended is its last change: no separate end date is kept.
            if status == PartnershipStatus::Ended.as_str() && updated_at < end {
                continue;
            }
            let members = members_of.remove(&id).unwrap_or_default();
            if !viewer.sees_partnership(&members) {
                continue;
            }
            let kind: PartnershipKind = stored("partnerships.kind", &kind)?;
            partnerships.push(GraphPartnership { id, kind, members });
        }
        Ok(partnerships)
    }

    /// The activity within `partnerships` (as [`Store::graph_partnerships`] gave them) up to the
    /// end of `as_of`. With `only_these`, only those partnerships' records are read (a map that
    /// draws a few of many); otherwise every partnership the viewer sees is read and those not
    /// listed are skipped, which is cheaper when the list is most of them.
    pub async fn graph_activity(
        &self,
        viewer: &Viewer,
        as_of: NaiveDate,
        partnerships: &[GraphPartnership],
        only_these: bool,
    ) -> StoreResult<GraphActivity> {
        let ws = viewer.workspace_id;
        let end = end_of(as_of);
        let kinds: HashMap<Uuid, PartnershipKind> = partnerships.iter().map(|p| (p.id, p.kind)).collect();
        let mut activity = GraphActivity::default();
        let ids: Vec<Uuid> = partnerships.iter().map(|p| p.id).collect();
        // One pass over every partnership the viewer sees, or the listed ones a chunk at a time.
        let chunks: Vec<Option<&[Uuid]>> =
            if only_these { ids.chunks(PARTNERSHIPS_PER_READ).map(Some).collect() } else { vec![None] };
        let theirs = viewers_partnerships(viewer);
        let mut met: HashMap<(Uuid, Uuid, PartnershipKind), u32> = HashMap::new();
        for chunk in chunks {
            let counts: Vec<(Uuid, Uuid, Uuid, i64)> = commitments::Entity::find()
                .select_only()
                .column(commitments::Column::PartnershipId)
                .column(commitments::Column::PromisorOrganizationId)
                .column(commitments::Column::PromiseeOrganizationId)
                .column_as(Expr::col(commitments::Column::Id).count(), "made")
                .filter(commitments::Column::WorkspaceId.eq(ws))
                .filter(commitments::Column::PromiseeOrganizationId.is_not_null())
                .filter(commitments::Column::ArchivedAt.is_null())
                .filter(commitments::Column::CreatedAt.lt(end))
                .apply_if(chunk, |q, ids| q.filter(commitments::Column::PartnershipId.is_in(ids.iter().copied())))
                .apply_if(theirs.clone(), |q, ids| q.filter(commitments::Column::PartnershipId.in_subquery(ids)))
                .group_by(commitments::Column::PartnershipId)
                .group_by(commitments::Column::PromisorOrganizationId)
                .group_by(commitments::Column::PromiseeOrganizationId)
                .into_tuple()
                .all(&self.db)
                .await?;
            for (partnership, promisor, promisee, made) in counts {
                if let Some(kind) = kinds.get(&partnership) {
                    activity.commitments.push((promisor, promisee, *kind, u32::try_from(made).unwrap_or(0)));
                }
            }
            self.count_meetings(ws, as_of, chunk, theirs.clone(), &kinds, &mut met).await?;
        }
        activity.checkins = met.into_iter().map(|((a, b, kind), n)| (a, b, kind, n)).collect();

        // Today's ledger; a past day's pair reliability is not kept, so the map shows none then.
        if as_of >= self.today() {
            let involved: Option<Vec<Uuid>> = theirs.is_some().then(|| {
                let mut ids: Vec<Uuid> = partnerships.iter().flat_map(|p| p.members.iter().copied()).collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            });
            let entries = reliability_entries::Entity::find()
                .filter(reliability_entries::Column::WorkspaceId.eq(ws))
                .filter(reliability_entries::Column::KeyKind.eq("pair"))
                .apply_if(involved, |q, ids| q.filter(reliability_entries::Column::SubjectId.is_in(ids)))
                .all(&self.db)
                .await?;
            for row in entries {
                if let (LedgerKey::Pair { promisor, counterpart }, evidence) = crate::trust::ledger_entry(row)? {
                    activity.pair_evidence.insert((promisor, counterpart), evidence);
                }
            }
        }
        Ok(activity)
    }

    /// Adds to `met` the check-ins both organisations of a pair attended, per partnership kind,
    /// within `chunk` (or every partnership) of those in `kinds`.
    async fn count_meetings(
        &self,
        ws: Uuid,
        as_of: NaiveDate,
        chunk: Option<&[Uuid]>,
        theirs: Option<sea_orm::sea_query::SelectStatement>,
        kinds: &HashMap<Uuid, PartnershipKind>,
        met: &mut HashMap<(Uuid, Uuid, PartnershipKind), u32>,
    ) -> StoreResult<()> {
        // Check-ins are many (200,000 in the large generated network): read a batch at a time
        // by id and folded into counts per pair as they come, so only the counts are held.
        let mut after: Option<Uuid> = None;
        loop {
            let batch: Vec<(Uuid, Uuid, sea_orm::JsonValue)> = checkins::Entity::find()
                .select_only()
                .column(checkins::Column::Id)
                .column(checkins::Column::PartnershipId)
                .column(checkins::Column::AttendeeOrganizationIds)
                .filter(checkins::Column::WorkspaceId.eq(ws))
                .filter(checkins::Column::ArchivedAt.is_null())
                .filter(checkins::Column::HeldOn.lte(as_of))
                .apply_if(chunk, |q, ids| q.filter(checkins::Column::PartnershipId.is_in(ids.iter().copied())))
                .apply_if(theirs.clone(), |q, ids| q.filter(checkins::Column::PartnershipId.in_subquery(ids)))
                .apply_if(after, |q, after| q.filter(checkins::Column::Id.gt(after)))
                .order_by_asc(checkins::Column::Id)
                .limit(CHECKINS_PER_READ)
                .into_tuple()
                .all(&self.db)
                .await?;
            let full = batch.len() as u64 == CHECKINS_PER_READ;
            after = batch.last().map(|(id, _, _)| *id);
            for (_, partnership, attendees) in batch {
                let Some(kind) = kinds.get(&partnership) else { continue };
                let attendees = uuids(&attendees);
                for (i, a) in attendees.iter().enumerate() {
                    for b in &attendees[i + 1..] {
                        if a != b {
                            let pair = if a < b { (*a, *b) } else { (*b, *a) };
                            *met.entry((pair.0, pair.1, *kind)).or_default() += 1;
                        }
                    }
                }
            }
            if !full {
                break;
            }
        }
        Ok(())
    }
}

/// The first moment after `day`.
fn end_of(day: NaiveDate) -> DateTime<Utc> {
    (day + chrono::Duration::days(1)).and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// For someone who sees only their organisations' partnerships, those partnerships' ids as a
/// subquery: only those are read (the same queries, narrowed), so a member's part costs what it
/// holds, not the workspace.
fn viewers_partnerships(viewer: &Viewer) -> Option<sea_orm::sea_query::SelectStatement> {
    (!viewer.sees_whole_workspace()).then(|| {
        partnership_members::Entity::find()
            .select_only()
            .column(partnership_members::Column::PartnershipId)
            .filter(partnership_members::Column::WorkspaceId.eq(viewer.workspace_id))
            .filter(partnership_members::Column::OrganizationId.is_in(viewer.organizations.iter().copied()))
            .into_query()
    })
}
