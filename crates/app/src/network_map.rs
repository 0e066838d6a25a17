//! The network of organisations as a person may see it (SPEC 5): everyone sees the directory of
//! organisations, and ties only from the partnerships they see.
//!
//! The measures and layout of a workspace's network are computed by the `network` job, once per
//! change of ties ([`App::refresh_network`]), and read from storage: a page or API read never
//! computes betweenness nor the layout. What is measured as it is read, without betweenness
//! (`measure_shape`, linear in the network's size), is only what the stored network cannot
//! answer: a past day's ties, a member's part of the network, and a network not yet computed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::Ordering;

use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::access::{Role, Viewer};
use rapport_core::kinds::{OrganizationKind, PartnershipKind};
use rapport_core::network::{
    NetworkMeasures, NetworkNode, NodeMeasures, Position, Tie, layout, measure, measure_shape,
};
use rapport_core::records::Organization;
use rapport_store::{Job, NetworkSnapshot, OrganizationFilter, Store, StoredPosition, StoredTie};
use serde::Serialize;
use uuid::Uuid;

use crate::{App, AppError, AppResult, Session};

/// Which part of the network to show. Filters narrow the organisations and ties shown; the
/// measures stay those of the whole network as stored.
#[derive(Debug, Clone, Default)]
pub struct NetworkQuery {
    pub organization_kind: Option<OrganizationKind>,
    pub partnership_kind: Option<PartnershipKind>,
    /// Only organisations listing this focus area (case-insensitive).
    pub focus: Option<String>,
    pub as_of: Option<NaiveDate>,
    /// Only these organisations and those within two steps of them (the map of a large network
    /// opens on what the viewer can act on); every organisation when empty.
    pub around: Vec<Uuid>,
    /// One page of the organisations (the API's bound on a large network); all when absent.
    pub page: Option<NetworkPage>,
}

/// A page of the network: up to `limit` organisations in id order after `after`, with the
/// ties whose first end (`a`, the lower id) is among them, so each tie comes on exactly one page.
#[derive(Debug, Clone, Copy)]
pub struct NetworkPage {
    pub after: Option<Uuid>,
    pub limit: usize,
}

impl NetworkPage {
    /// The page's organisations from `all` (any order), and the last one's id when more follow.
    fn take<T>(&self, mut all: Vec<T>, id: impl Fn(&T) -> Uuid) -> (Vec<T>, Option<Uuid>) {
        all.retain(|item| self.after.is_none_or(|after| id(item) > after));
        all.sort_by_key(|item| id(item));
        if all.len() > self.limit {
            all.truncate(self.limit);
            let last = all.last().map(&id);
            (all, last)
        } else {
            (all, None)
        }
    }
}

/// Narrows a view measured whole to one page.
fn paged(mut view: NetworkView, page: Option<NetworkPage>) -> NetworkView {
    let Some(page) = page else { return view };
    let (nodes, next_after) = page.take(std::mem::take(&mut view.nodes), |n| n.id);
    let on_page: HashSet<Uuid> = nodes.iter().map(|n| n.id).collect();
    view.nodes = nodes;
    view.next_after = next_after;
    view.ties.retain(|t| on_page.contains(&t.a.min(t.b)));
    view.measures.nodes.retain(|n| on_page.contains(&n.id));
    view
}

/// An organisation on the map.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapNode {
    pub id: Uuid,
    pub name: String,
    pub kind: OrganizationKind,
    pub focus_areas: Vec<String>,
    /// Where the stored layout places it, in the unit square; absent until the network job has
    /// placed it.
    pub position: Option<Position>,
}

/// The network: its organisations, ties and measures.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkView {
    pub as_of: NaiveDate,
    /// When the measures were computed (once per change of ties, in the background). Absent when
    /// they were measured as read, without betweenness or brokers: a past day's network, a
    /// member's part of it, or a network whose first computation is still queued.
    pub computed_at: Option<DateTime<Utc>>,
    pub nodes: Vec<MapNode>,
    pub ties: Vec<Tie>,
    /// The whole network's measures when `computed_at` is set (whatever the filters); otherwise
    /// those of what is shown.
    pub measures: NetworkMeasures,
    /// Organisations of the directory left out by `around`, counted by type, for the map's
    /// summary of the rest.
    #[serde(skip)]
    pub not_shown: Vec<(OrganizationKind, usize)>,
    /// Names and types of organisations the measures or the viewer name (brokers, isolates, the
    /// viewer's own) that `around` left out, so a page can still name them.
    #[serde(skip)]
    pub elsewhere: HashMap<Uuid, (String, OrganizationKind)>,
    /// With a page asked for: the last organisation's id when more follow.
    #[serde(skip)]
    pub next_after: Option<Uuid>,
}

/// The organisations `measures` and `viewer` mention (brokers, the first isolates, the viewer's
/// own) that are not in `shown`: those a page names even when `around` leaves them out.
fn wanted_elsewhere(shown: &HashSet<Uuid>, measures: &NetworkMeasures, viewer: &Viewer) -> HashSet<Uuid> {
    measures
        .brokers
        .iter()
        .chain(measures.isolates.iter().take(50))
        .chain(&viewer.organizations)
        .filter(|id| !shown.contains(id))
        .copied()
        .collect()
}

/// The names of the organisations `measures` and `viewer` mention that are not in `shown`.
fn named_elsewhere(
    directory: &[Organization],
    shown: &HashSet<Uuid>,
    measures: &NetworkMeasures,
    viewer: &Viewer,
) -> HashMap<Uuid, (String, OrganizationKind)> {
    let wanted = wanted_elsewhere(shown, measures, viewer);
    directory.iter().filter(|o| wanted.contains(&o.id)).map(|o| (o.id, (o.name.clone(), o.kind))).collect()
}

/// Organisations per type.
fn kind_counts(organizations: &[Organization]) -> Vec<(OrganizationKind, usize)> {
    let mut counts: HashMap<OrganizationKind, usize> = HashMap::new();
    for o in organizations {
        *counts.entry(o.kind).or_default() += 1;
    }
    counts.into_iter().collect()
}

/// Of `all`, counted per type, those not among `shown` (a part of them), most first.
fn count_not_shown(all: Vec<(OrganizationKind, usize)>, shown: &[Organization]) -> Vec<(OrganizationKind, usize)> {
    let mut counts: HashMap<OrganizationKind, usize> = all.into_iter().collect();
    for o in shown {
        if let Some(n) = counts.get_mut(&o.kind) {
            *n = n.saturating_sub(1);
        }
    }
    let mut counts: Vec<(OrganizationKind, usize)> = counts.into_iter().filter(|(_, n)| *n > 0).collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.label().cmp(b.0.label())));
    counts
}

/// At most this many networks are assembled from the records at once in this process (a past
/// day's, a member's part, one not computed yet): each reads the workspace's partnerships,
/// commitment counts and check-ins, so many at once would multiply memory, not answers.
static ASSEMBLING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

impl App {
    /// Computes the workspace's network as it stands today (ties, every measure, the layout)
    /// and stores it: the `network` job's work. Betweenness and the layout run on a blocking
    /// thread, away from the threads that answer requests.
    pub async fn refresh_network(&self, workspace_id: Uuid) -> AppResult<()> {
        let viewer = Viewer {
            user_id: Uuid::nil(),
            workspace_id,
            role: Role::Observer,
            organizations: Vec::new(),
            time_zone: rapport_core::zone::TimeZone::UTC,
        };
        let today = self.store.today();
        let computed_at = self.store.now();
        // Only what measuring needs of the organisations: id, name and type.
        let end = (today + chrono::Duration::days(1)).and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        let nodes: Vec<NetworkNode> = self
            .store
            .network_nodes(workspace_id, end)
            .await?
            .into_iter()
            .map(|o| NetworkNode { id: o.id, name: o.name, kind: o.kind })
            .collect();
        let present: HashSet<Uuid> = nodes.iter().map(|n| n.id).collect();
        let ties = assemble_ties(&self.store, &viewer, &NetworkQuery::default(), today, &present).await?;
        drop(present);
        let plain: Vec<Tie> = ties.iter().map(|(tie, _)| tie.clone()).collect();
        let (mut measures, at) = tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            let measures = measure(&nodes, &plain);
            let measured = started.elapsed();
            let at = layout(&nodes, &plain);
            tracing::info!(
                organizations = nodes.len(),
                ties = plain.len(),
                measures_ms = measured.as_millis(),
                layout_ms = (started.elapsed() - measured).as_millis(),
                "network measured"
            );
            (measures, at)
        })
        .await
        .map_err(|err| AppError::internal(format!("the network computation stopped: {err}")))?;
        self.network_computations.fetch_add(1, Ordering::Relaxed);
        let positions: Vec<StoredPosition> = measures
            .nodes
            .iter()
            .map(|n| {
                let p = at.get(&n.id).copied().unwrap_or(Position { x: 0.5, y: 0.5 });
                StoredPosition {
                    organization_id: n.id,
                    degree: n.degree,
                    betweenness: n.betweenness.unwrap_or(0.0),
                    component: n.component,
                    x: p.x,
                    y: p.y,
                }
            })
            .collect();
        measures.nodes = Vec::new();
        let stored_ties: Vec<StoredTie> = ties
            .into_iter()
            .map(|(tie, kinds)| StoredTie {
                tie,
                partnership_kinds: kinds.iter().map(|k| k.as_str().to_owned()).collect(),
            })
            .collect();
        let snapshot = NetworkSnapshot {
            computed_at,
            as_of: today,
            measures: serde_json::to_value(&measures)
                .map_err(|err| AppError::internal(format!("could not write the network's measures: {err}")))?,
        };
        self.store.save_network_snapshot(workspace_id, &snapshot, &positions, &stored_ties).await?;
        Ok(())
    }

    /// Runs one claimed `network` job. Its dedupe key is freed first, so a change of ties made
    /// while it computes queues the next run; changes made while it waited were coalesced into it.
    pub async fn run_network_job(&self, job: &Job) -> AppResult<()> {
        let workspace_id = job.workspace_id.ok_or_else(|| AppError::internal("a network job names no workspace"))?;
        self.store.release_network_job(job.id).await?;
        self.refresh_network(workspace_id).await
    }

    /// How many times this process computed a network's measures (betweenness and layout):
    /// what tests count to show that reads never compute.
    pub fn network_computations(&self) -> u64 {
        self.network_computations.load(Ordering::Relaxed)
    }
}

/// The tie between two organisations, made on first use; `None` for an organisation and itself.
fn tie_between(
    ties: &mut HashMap<(Uuid, Uuid), (Tie, BTreeSet<PartnershipKind>)>,
    a: Uuid,
    b: Uuid,
) -> Option<&mut (Tie, BTreeSet<PartnershipKind>)> {
    if a == b {
        return None;
    }
    let key = if a < b { (a, b) } else { (b, a) };
    Some(ties.entry(key).or_insert_with(|| {
        (Tie { a: key.0, b: key.1, partnerships: 0, interactions: 0, trust: None, reliability: None }, BTreeSet::new())
    }))
}

/// The organisations and ties of the network as `viewer` sees it at the end of `as_of`, each
/// tie with the kinds of the partnerships making it. Reads every partnership, a count of
/// commitments per pair and the check-ins: the network job's work, or a past day's.
async fn assemble(
    store: &Store,
    viewer: &Viewer,
    query: &NetworkQuery,
    as_of: NaiveDate,
) -> AppResult<(Vec<Organization>, Vec<(Tie, BTreeSet<PartnershipKind>)>)> {
    let focus = query.focus.as_deref().map(|f| f.trim().to_lowercase()).filter(|f| !f.is_empty());
    let organizations: Vec<Organization> = store
        .organization_directory(viewer.workspace_id)
        .await?
        .into_iter()
        .filter(|o| o.created_at.date_naive() <= as_of)
        .filter(|o| query.organization_kind.is_none_or(|k| o.kind == k))
        .filter(|o| focus.as_ref().is_none_or(|f| o.focus_areas.iter().any(|a| a.to_lowercase() == *f)))
        .collect();
    let present: HashSet<Uuid> = organizations.iter().map(|o| o.id).collect();
    let ties = assemble_ties(store, viewer, query, as_of, &present).await?;
    Ok((organizations, ties))
}

/// The ties among `present` as `viewer` sees them at the end of `as_of`, each with the kinds of
/// the partnerships making it, by their ends.
async fn assemble_ties(
    store: &Store,
    viewer: &Viewer,
    query: &NetworkQuery,
    as_of: NaiveDate,
    present: &HashSet<Uuid>,
) -> AppResult<Vec<(Tie, BTreeSet<PartnershipKind>)>> {
    let ws = viewer.workspace_id;
    let settings = store.trust_settings(ws).await?;
    let facts = store.graph_facts(viewer, as_of).await?;
    let pair_trust = store.pair_trust(ws, as_of).await?;
    let wanted = |kind: PartnershipKind| query.partnership_kind.is_none_or(|k| k == kind);

    let mut ties: HashMap<(Uuid, Uuid), (Tie, BTreeSet<PartnershipKind>)> = HashMap::new();
    for partnership in facts.partnerships.iter().filter(|p| wanted(p.kind)) {
        for (i, a) in partnership.members.iter().enumerate() {
            for b in &partnership.members[i + 1..] {
                if let Some((tie, kinds)) = tie_between(&mut ties, *a, *b) {
                    tie.partnerships += 1;
                    kinds.insert(partnership.kind);
                }
            }
        }
    }
    for (promisor, promisee, _, made) in facts.commitments.iter().filter(|(_, _, kind, _)| wanted(*kind)) {
        if let Some((tie, _)) = tie_between(&mut ties, *promisor, *promisee) {
            tie.interactions += made;
        }
    }
    for (a, b, _, met) in facts.checkins.iter().filter(|(_, _, kind, _)| wanted(*kind)) {
        if let Some((tie, _)) = tie_between(&mut ties, *a, *b) {
            tie.interactions += met;
        }
    }
    for (tie, _) in ties.values_mut() {
        let estimates: Vec<f64> = [(tie.a, tie.b), (tie.b, tie.a)]
            .iter()
            .filter_map(|key| facts.pair_evidence.get(key))
            .filter_map(|evidence| {
                evidence.advanced_to(as_of, settings.half_life).reliability(&settings).estimate.map(|e| e.expected)
            })
            .collect();
        tie.reliability = (!estimates.is_empty()).then(|| estimates.iter().sum::<f64>() / estimates.len() as f64);
        let trusts: Vec<f64> =
            [(tie.a, tie.b), (tie.b, tie.a)].iter().filter_map(|key| pair_trust.get(key).copied()).collect();
        tie.trust = (!trusts.is_empty()).then(|| trusts.iter().sum::<f64>() / trusts.len() as f64);
    }
    let mut ties: Vec<(Tie, BTreeSet<PartnershipKind>)> =
        ties.into_values().filter(|(t, _)| present.contains(&t.a) && present.contains(&t.b)).collect();
    ties.sort_by_key(|(t, _)| (t.a, t.b));
    Ok(ties)
}

fn map_node(o: Organization, position: Option<Position>) -> MapNode {
    MapNode { id: o.id, name: o.name, kind: o.kind, focus_areas: o.focus_areas, position }
}

impl Session<'_> {
    pub async fn network(&self, query: &NetworkQuery) -> AppResult<NetworkView> {
        let today = self.today();
        let as_of = match query.as_of {
            Some(day) if day > today => {
                let mut errors = rapport_core::ValidationErrors::new();
                errors.add("as_of", "cannot be in the future");
                return Err(errors.into());
            }
            Some(day) => day,
            None => today,
        };
        let ws = self.viewer.workspace_id;
        let snapshot = self.store.network_snapshot(ws).await?;
        if snapshot.is_none() {
            // Never computed (a fresh, imported or generated workspace): queue it once.
            self.store.network_changed(ws).await?;
        }
        if let Some(snapshot) = snapshot
            && self.viewer.sees_whole_workspace()
            && as_of == today
        {
            return self.stored_network(query, snapshot, as_of).await;
        }
        // Measured as read, without betweenness; placed where the stored layout put them. A turn
        // is waited for, so that many such reads at once cost no more memory than two.
        let turn =
            ASSEMBLING.acquire().await.map_err(|err| AppError::internal(format!("no turn to assemble: {err}")))?;
        let (organizations, ties) = assemble(self.store, &self.viewer, query, as_of).await?;
        drop(turn);
        let mut ties: Vec<Tie> = ties.into_iter().map(|(tie, _)| tie).collect();
        let mut organizations = organizations;
        let mut not_shown = Vec::new();
        let mut left_out = Vec::new();
        if !query.around.is_empty() {
            let mut near: HashSet<Uuid> = query.around.iter().copied().collect();
            for _ in 0..2 {
                let step: Vec<Uuid> = ties
                    .iter()
                    .filter(|t| near.contains(&t.a) || near.contains(&t.b))
                    .flat_map(|t| [t.a, t.b])
                    .collect();
                near.extend(step);
            }
            let all = kind_counts(&organizations);
            let (kept, others): (Vec<Organization>, Vec<Organization>) =
                organizations.into_iter().partition(|o| near.contains(&o.id));
            not_shown = count_not_shown(all, &kept);
            organizations = kept;
            left_out = others;
            ties.retain(|t| near.contains(&t.a) && near.contains(&t.b));
        }
        let nodes: Vec<NetworkNode> =
            organizations.iter().map(|o| NetworkNode { id: o.id, name: o.name.clone(), kind: o.kind }).collect();
        let measures = measure_shape(&nodes, &ties);
        let shown: HashSet<Uuid> = nodes.iter().map(|n| n.id).collect();
        let elsewhere = named_elsewhere(&left_out, &shown, &measures, &self.viewer);
        let positions: HashMap<Uuid, Position> = self
            .store
            .network_positions(ws, None)
            .await?
            .into_iter()
            .map(|p| (p.organization_id, Position { x: p.x, y: p.y }))
            .collect();
        let view = NetworkView {
            as_of,
            computed_at: None,
            nodes: organizations
                .into_iter()
                .map(|o| {
                    let at = positions.get(&o.id).copied();
                    map_node(o, at)
                })
                .collect(),
            ties,
            measures,
            not_shown,
            elsewhere,
            next_after: None,
        };
        Ok(paged(view, query.page))
    }

    /// The stored whole network's measures (no per-organisation list), for someone who sees
    /// all of it: one row, for deciding what a map of a large network opens on.
    pub async fn network_overview(&self) -> AppResult<Option<NetworkMeasures>> {
        if !self.viewer.sees_whole_workspace() {
            return Ok(None);
        }
        let Some(snapshot) = self.store.network_snapshot(self.viewer.workspace_id).await? else { return Ok(None) };
        Ok(serde_json::from_value(snapshot.measures).ok())
    }

    /// Today's network for someone who sees all of it: what the network job stored, narrowed to
    /// the filters. Only the organisations shown are read (a page's, or a neighbourhood's, by
    /// id); the rest are counted per type and named only where the page names them.
    async fn stored_network(
        &self,
        query: &NetworkQuery,
        snapshot: NetworkSnapshot,
        as_of: NaiveDate,
    ) -> AppResult<NetworkView> {
        let ws = self.viewer.workspace_id;
        let mut measures: NetworkMeasures = serde_json::from_value(snapshot.measures)
            .map_err(|err| AppError::internal(format!("the stored network's measures do not read back: {err}")))?;
        let focus = query.focus.as_deref().map(|f| f.trim().to_lowercase()).filter(|f| !f.is_empty());
        let filter = OrganizationFilter {
            kind: query.organization_kind,
            focus: focus.as_deref(),
            ..OrganizationFilter::default()
        };
        let mut not_shown = Vec::new();
        let mut elsewhere = HashMap::new();
        let mut next_after = None;
        let (organizations, stored_ties, present) = if let (true, Some(page)) = (query.around.is_empty(), query.page) {
            // One page: its organisations, the ties that start on it, and which of their far
            // ends the filters keep.
            let limit = u64::try_from(page.limit).unwrap_or(u64::MAX).saturating_add(1);
            let mut organizations = self
                .store
                .organizations_where(ws, &OrganizationFilter { after: page.after, limit: Some(limit), ..filter })
                .await?;
            if organizations.len() > page.limit {
                organizations.truncate(page.limit);
                next_after = organizations.last().map(|o| o.id);
            }
            let ids: Vec<Uuid> = organizations.iter().map(|o| o.id).collect();
            let ties = if ids.is_empty() { Vec::new() } else { self.store.network_ties_from(ws, &ids).await? };
            let mut present: HashSet<Uuid> = ids.iter().copied().collect();
            let far: Vec<Uuid> = ties
                .iter()
                .map(|t| t.tie.b)
                .filter(|id| !present.contains(id))
                .collect::<BTreeSet<Uuid>>()
                .into_iter()
                .collect();
            present.extend(
                self.store.organization_ids_where(ws, &OrganizationFilter { ids: Some(&far), ..filter }).await?,
            );
            (organizations, ties, present)
        } else if query.around.is_empty() {
            // The whole network (a small one, or narrowed by the filters).
            let organizations =
                self.store.organizations_where(ws, &OrganizationFilter { by_name: true, ..filter }).await?;
            let present: HashSet<Uuid> = organizations.iter().map(|o| o.id).collect();
            (organizations, self.store.network_ties(ws, None).await?, present)
        } else {
            // Two indexed reads: the ties of the organisations asked about, then those of
            // their neighbours.
            let first = self.store.network_ties(ws, Some(&query.around)).await?;
            let seeds: HashSet<Uuid> = query.around.iter().copied().collect();
            let neighbours: Vec<Uuid> = first
                .iter()
                .flat_map(|t| [t.tie.a, t.tie.b])
                .filter(|id| !seeds.contains(id))
                .collect::<BTreeSet<Uuid>>()
                .into_iter()
                .collect();
            let second =
                if neighbours.is_empty() { Vec::new() } else { self.store.network_ties(ws, Some(&neighbours)).await? };
            let near: BTreeSet<Uuid> =
                seeds.iter().copied().chain(first.iter().chain(&second).flat_map(|t| [t.tie.a, t.tie.b])).collect();
            let mut ties = first;
            ties.extend(second);
            ties.sort_by_key(|t| (t.tie.a, t.tie.b));
            ties.dedup_by_key(|t| (t.tie.a, t.tie.b));
            let near: Vec<Uuid> = near.into_iter().collect();
            let near_filter = OrganizationFilter { ids: Some(&near), ..filter };
            if let Some(page) = query.page {
                // One page of the neighbourhood (the API, which shows no summary of the rest):
                // its organisations whole, the others' ids only.
                let limit = u64::try_from(page.limit).unwrap_or(u64::MAX).saturating_add(1);
                let mut organizations = self
                    .store
                    .organizations_where(
                        ws,
                        &OrganizationFilter { after: page.after, limit: Some(limit), ..near_filter },
                    )
                    .await?;
                if organizations.len() > page.limit {
                    organizations.truncate(page.limit);
                    next_after = organizations.last().map(|o| o.id);
                }
                let on_page: HashSet<Uuid> = organizations.iter().map(|o| o.id).collect();
                ties.retain(|t| on_page.contains(&t.tie.a.min(t.tie.b)));
                let present: HashSet<Uuid> =
                    self.store.organization_ids_where(ws, &near_filter).await?.into_iter().collect();
                (organizations, ties, present)
            } else {
                let organizations =
                    self.store.organizations_where(ws, &OrganizationFilter { by_name: true, ..near_filter }).await?;
                let shown: HashSet<Uuid> = near.iter().copied().collect();
                not_shown = count_not_shown(self.store.organization_kind_counts(ws, &filter).await?, &organizations);
                elsewhere = self.named_elsewhere(&filter, &shown, &measures).await?;
                let present: HashSet<Uuid> = organizations.iter().map(|o| o.id).collect();
                (organizations, ties, present)
            }
        };
        let listed: HashSet<Uuid> = organizations.iter().map(|o| o.id).collect();
        let only: Option<Vec<Uuid>> =
            (!query.around.is_empty() || query.page.is_some()).then(|| listed.iter().copied().collect());
        let positions: HashMap<Uuid, StoredPosition> = self
            .store
            .network_positions(ws, only.as_deref())
            .await?
            .into_iter()
            .filter(|p| listed.contains(&p.organization_id))
            .map(|p| (p.organization_id, p))
            .collect();
        let kind = query.partnership_kind.map(PartnershipKind::as_str);
        let ties: Vec<Tie> = stored_ties
            .into_iter()
            .filter(|t| present.contains(&t.tie.a) && present.contains(&t.tie.b))
            .filter(|t| kind.is_none_or(|k| t.partnership_kinds.iter().any(|have| have == k)))
            .map(|t| t.tie)
            .collect();
        measures.nodes = organizations
            .iter()
            .filter_map(|o| positions.get(&o.id))
            .map(|p| NodeMeasures {
                id: p.organization_id,
                degree: p.degree,
                betweenness: Some(p.betweenness),
                component: p.component,
            })
            .collect();
        let view = NetworkView {
            as_of,
            computed_at: Some(snapshot.computed_at),
            nodes: organizations
                .into_iter()
                .map(|o| {
                    let at = positions.get(&o.id).map(|p| Position { x: p.x, y: p.y });
                    map_node(o, at)
                })
                .collect(),
            ties,
            measures,
            not_shown,
            elsewhere,
            next_after: None,
        };
        if query.page.is_some() {
            // Already one page: organisations and ties were read for it alone.
            return Ok(NetworkView { next_after, ..view });
        }
        Ok(view)
    }

    /// The names of the organisations `measures` and the viewer mention (brokers, the first
    /// isolates, the viewer's own) that are not in `shown`, among those `filter` selects: read
    /// by id.
    async fn named_elsewhere(
        &self,
        filter: &OrganizationFilter<'_>,
        shown: &HashSet<Uuid>,
        measures: &NetworkMeasures,
    ) -> AppResult<HashMap<Uuid, (String, OrganizationKind)>> {
        let wanted: Vec<Uuid> = wanted_elsewhere(shown, measures, &self.viewer).into_iter().collect();
        Ok(self
            .store
            .organization_names(self.viewer.workspace_id, &OrganizationFilter { ids: Some(&wanted), ..*filter })
            .await?
            .into_iter()
            .map(|o| (o.id, (o.name, o.kind)))
            .collect())
    }
}

impl Session<'_> {
    /// Organisations `organization_id` might partner with next, each with why (SPEC 2:
    /// "identify partners with similar goals and values"). Only what matching needs is read:
    /// the stored ties of the organisation and of its partners, and from the focus-area index
    /// the organisations sharing a focus area, best overlap first; profiles (and mission words)
    /// only of those candidates, never the whole directory nor a computation over the network.
    /// Sharers are read in growing batches until none left unread could outrank the last
    /// suggestion, so the ranking is the one over every candidate. An organisation that shares
    /// neither a focus area nor a partner is not a candidate, whatever its mission's wording.
    /// A member sees introductions only through ties of their own organisations.
    pub async fn partner_suggestions(
        &self,
        organization_id: Uuid,
        limit: usize,
    ) -> AppResult<Vec<rapport_core::network::Suggestion>> {
        use rapport_core::network::{Profile, suggest_partners};
        let ws = self.viewer.workspace_id;
        let target = self.organization(organization_id).await?;
        let visible = |t: &StoredTie| {
            self.viewer.sees_whole_workspace()
                || self.viewer.organizations.contains(&t.tie.a)
                || self.viewer.organizations.contains(&t.tie.b)
        };
        let mine: Vec<Tie> = self
            .store
            .network_ties(ws, Some(&[organization_id]))
            .await?
            .into_iter()
            .filter(visible)
            .map(|t| t.tie)
            .collect();
        let partners: Vec<Uuid> = mine.iter().map(|t| if t.a == organization_id { t.b } else { t.a }).collect();
        let mut ties = mine;
        if !partners.is_empty() {
            let near = self.store.network_ties(ws, Some(&partners)).await?;
            ties.extend(near.into_iter().filter(visible).map(|t| t.tie));
        }
        // Partners (who may introduce) and partners of partners, then those sharing a focus area.
        let near: BTreeSet<Uuid> = ties.iter().flat_map(|t| [t.a, t.b]).filter(|id| *id != organization_id).collect();
        let my_focus = rapport_store::focus_key(&target.focus_areas);
        let mut sharing: Vec<(f64, Uuid)> = self
            .store
            .organizations_sharing_focus(ws, &my_focus)
            .await?
            .into_iter()
            .filter(|m| m.organization_id != organization_id && !near.contains(&m.organization_id))
            .map(|m| {
                let union = (my_focus.len() + m.focus_count).saturating_sub(m.shared).max(1);
                (m.shared as f64 / union as f64, m.organization_id)
            })
            .collect();
        sharing.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

        let profile =
            |o: Organization| Profile { id: o.id, name: o.name, focus_areas: o.focus_areas, mission: o.mission };
        let target_profile = profile(target);
        let near: Vec<Uuid> = near.into_iter().collect();
        let read = |ids: Vec<Uuid>| async move {
            let filter = OrganizationFilter { ids: Some(&ids), ..OrganizationFilter::default() };
            Ok::<_, AppError>(
                self.store.organizations_where(ws, &filter).await?.into_iter().map(profile).collect::<Vec<_>>(),
            )
        };
        let mut candidates: Vec<Profile> = read(near).await?;
        let mut taken = 0;
        let mut batch = limit.saturating_mul(20).max(100);
        loop {
            let upto = sharing.len().min(taken + batch);
            candidates.extend(read(sharing[taken..upto].iter().map(|(_, id)| *id).collect()).await?);
            taken = upto;
            let suggestions = suggest_partners(&target_profile, &candidates, &ties, limit);
            let Some((overlap, _)) = sharing.get(taken) else { return Ok(suggestions) };
            // An unread sharer is no partner of a partner: at best its focus overlap and a
            // mission worded the same.
            let best_unread = 0.5 * overlap + 1.0 / 3.0;
            if suggestions.len() == limit && suggestions.last().is_some_and(|s| s.score > best_unread) {
                return Ok(suggestions);
            }
            batch = batch.saturating_mul(4);
        }
    }
}
