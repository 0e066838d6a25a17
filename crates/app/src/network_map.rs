//! The network of organisations as a person may see it (SPEC 5): everyone sees the directory of
//! organisations, and ties only from the partnerships they see.
//!
//! The measures and layout of a workspace's network are computed by the `network` job, once per
//! change of ties ([`App::refresh_network`]), and read from storage: a page or API read never
//! computes betweenness nor the layout. What is measured as it is read, without betweenness
//! (`measure_shape`, linear in the network's size), is only what the stored network cannot
//! answer: a past day's ties, a member's part of the network, and a network not yet computed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::access::{Role, Viewer};
use rapport_core::kinds::{OrganizationKind, PartnershipKind};
use rapport_core::network::{
    NetworkMeasures, NetworkNode, NodeMeasures, Position, Suggestion, Tie, layout, measure, measure_shape,
    shape_fingerprint,
};
use rapport_core::records::Organization;
use rapport_store::{
    GraphPartnership, Job, KeptNetwork, NetworkSnapshot, OrganizationFilter, PastBrokers, Store, StoredPosition,
    StoredTie,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{App, AppError, AppResult, Session};

/// The key and directory version under which an answer about the kept network is kept.
struct MemoSlot {
    version: i64,
    key: String,
}

/// At most this many organisations are drawn on a map: beyond it a map is neither readable nor
/// small (SPEC 9: the page stays under 500 KB at any size). A larger network opens on what the
/// viewer can act on, and the rest is summarised.
pub const MAP_LIMIT: usize = 150;

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
    /// At most this many organisations (a map's bound): those `around` names first, then the
    /// best connected; the others are only counted (`not_shown`, `selected`). All when absent.
    pub draw_at_most: Option<usize>,
    /// For a network measured as read (a past day's, a member's part): measure betweenness and
    /// brokers too when it has at most this many organisations. Never for the stored network,
    /// whose measures the job made.
    pub brokers_up_to: Option<usize>,
}

impl NetworkQuery {
    /// Whether nothing narrows the network: no filter and no `around` (paging and drawing only
    /// choose what is shown of it).
    fn is_whole_network(&self) -> bool {
        self.organization_kind.is_none()
            && self.partnership_kind.is_none()
            && self.focus.as_deref().is_none_or(|f| f.trim().is_empty())
            && self.around.is_empty()
    }
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
    /// How many organisations the filters and `around` select, `nodes` and those a map's bound
    /// left out.
    #[serde(skip)]
    pub selected: usize,
    pub nodes: Vec<MapNode>,
    pub ties: Vec<Tie>,
    /// The whole network's measures when `computed_at` is set (whatever the filters); otherwise
    /// those of what is shown.
    pub measures: NetworkMeasures,
    /// Whether `measures.brokers` were measured: always for the stored network, and for one
    /// measured as read when [`NetworkQuery::brokers_up_to`] allowed it.
    #[serde(skip)]
    pub brokers_measured: bool,
    /// Organisations of the directory not in `nodes` (left out by `around` or a map's bound),
    /// counted by type, for the map's summary of the rest.
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

/// `around` and the organisations within two steps of them, by the kept ties, by id.
fn within_two_steps(kept: &KeptNetwork, around: &[Uuid]) -> Vec<Uuid> {
    let mut near = kept.within_steps(around, 2);
    near.sort_unstable();
    near
}

/// The kept ties between organisations of `shown` that `wanted` keeps.
fn ties_among(kept: &KeptNetwork, shown: &HashSet<Uuid>, wanted: &impl Fn(&&StoredTie) -> bool) -> Vec<Tie> {
    let mut ties: Vec<Tie> = shown
        .iter()
        .flat_map(|id| kept.ties_from(*id))
        .filter(|t| shown.contains(&t.tie.b))
        .filter(wanted)
        .map(|t| t.tie.clone())
        .collect();
    ties.sort_by_key(|t| (t.a, t.b));
    ties
}

/// Keeps in `view` at most `limit` organisations: those in `first`, then the most ties, then by
/// id (as `best_connected`); the others are counted in `not_shown`.
fn keep_best_connected(view: &mut NetworkView, first: &[Uuid], limit: usize) {
    if view.nodes.len() <= limit {
        return;
    }
    let degree: HashMap<Uuid, usize> = view.measures.nodes.iter().map(|n| (n.id, n.degree)).collect();
    view.nodes.sort_by(|a, b| {
        first
            .contains(&b.id)
            .cmp(&first.contains(&a.id))
            .then(degree.get(&b.id).cmp(&degree.get(&a.id)))
            .then(a.id.cmp(&b.id))
    });
    let mut counts: HashMap<OrganizationKind, usize> = view.not_shown.iter().copied().collect();
    for left in view.nodes.drain(limit..) {
        *counts.entry(left.kind).or_default() += 1;
    }
    let mut counts: Vec<(OrganizationKind, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.label().cmp(b.0.label())));
    view.not_shown = counts;
    let kept: HashSet<Uuid> = view.nodes.iter().map(|n| n.id).collect();
    view.ties.retain(|t| kept.contains(&t.a) && kept.contains(&t.b));
    view.measures.nodes.retain(|n| kept.contains(&n.id));
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
        let viewer = whole_workspace(workspace_id);
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
        let Shape { ties, partnerships } =
            assemble_shape(&self.store, &viewer, &NetworkQuery::default(), today, &present).await?;
        drop(present);
        let (mut plain, kinds): (Vec<Tie>, Vec<BTreeSet<PartnershipKind>>) = ties.into_iter().unzip();
        weigh(&self.store, &viewer, today, &mut plain, &partnerships).await?;
        drop(partnerships);
        let ties: Vec<(Tie, BTreeSet<PartnershipKind>)> = plain.iter().cloned().zip(kinds).collect();
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
        match job.payload.get("brokers_as_of") {
            Some(day) => {
                let day: NaiveDate = serde_json::from_value(day.clone())
                    .map_err(|err| AppError::internal(format!("a network job names no day: {err}")))?;
                self.measure_past_brokers(workspace_id, day).await
            }
            None => self.refresh_network(workspace_id).await,
        }
    }

    /// Measures the brokers of the whole network as it stood at the end of `as_of` and keeps them
    /// with the digest of its shape: for a report of a network too large to measure as it is read.
    async fn measure_past_brokers(&self, workspace_id: Uuid, as_of: NaiveDate) -> AppResult<()> {
        let viewer = whole_workspace(workspace_id);
        let (organizations, Shape { ties, .. }) =
            assemble(&self.store, &viewer, &NetworkQuery::default(), as_of).await?;
        let nodes: Vec<NetworkNode> =
            organizations.into_iter().map(|o| NetworkNode { id: o.id, name: o.name, kind: o.kind }).collect();
        let ties: Vec<Tie> = ties.into_iter().map(|(tie, _)| tie).collect();
        let past = tokio::task::spawn_blocking(move || PastBrokers {
            fingerprint: shape_fingerprint(&nodes, &ties),
            brokers: measure(&nodes, &ties).brokers,
        })
        .await
        .map_err(|err| AppError::internal(format!("the network computation stopped: {err}")))?;
        self.network_computations.fetch_add(1, Ordering::Relaxed);
        self.store.save_past_brokers(workspace_id, as_of, &past).await?;
        Ok(())
    }

    /// How many times this process computed a network's measures (betweenness and layout):
    /// what tests count to show that reads never compute.
    pub fn network_computations(&self) -> u64 {
        self.network_computations.load(Ordering::Relaxed)
    }
}

/// Someone who sees the whole workspace: what the network job measures as.
fn whole_workspace(workspace_id: Uuid) -> Viewer {
    Viewer {
        user_id: Uuid::nil(),
        workspace_id,
        role: Role::Observer,
        organizations: Vec::new(),
        time_zone: rapport_core::zone::TimeZone::UTC,
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

/// The organisations and the shape of the network as `viewer` sees it at the end of `as_of`:
/// its ties by partnership, with perceived trust, not yet weighed by activity ([`weigh`]).
async fn assemble(
    store: &Store,
    viewer: &Viewer,
    query: &NetworkQuery,
    as_of: NaiveDate,
) -> AppResult<(Vec<Organization>, Shape)> {
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
    let shape = assemble_shape(store, viewer, query, as_of, &present).await?;
    Ok((organizations, shape))
}

/// The network's shape: its ties (by partnership, with perceived trust, each with the kinds of
/// the partnerships making it), and those partnerships, for [`weigh`] to read the activity of.
struct Shape {
    ties: Vec<(Tie, BTreeSet<PartnershipKind>)>,
    partnerships: Vec<GraphPartnership>,
}

/// The ties among `present` as `viewer` sees them at the end of `as_of`, from the partnerships
/// running then (of the kind asked), with perceived trust; interactions and reliability are
/// [`weigh`]'s. Reads the partnerships and their members, not their records.
async fn assemble_shape(
    store: &Store,
    viewer: &Viewer,
    query: &NetworkQuery,
    as_of: NaiveDate,
    present: &HashSet<Uuid>,
) -> AppResult<Shape> {
    let partnerships: Vec<GraphPartnership> = store
        .graph_partnerships(viewer, as_of)
        .await?
        .into_iter()
        .filter(|p| query.partnership_kind.is_none_or(|k| k == p.kind))
        .collect();
    let pair_trust = store.pair_trust(viewer.workspace_id, as_of).await?;
    let mut ties: HashMap<(Uuid, Uuid), (Tie, BTreeSet<PartnershipKind>)> = HashMap::new();
    for partnership in &partnerships {
        for (i, a) in partnership.members.iter().enumerate() {
            for b in &partnership.members[i + 1..] {
                if let Some((tie, kinds)) = tie_between(&mut ties, *a, *b) {
                    tie.partnerships += 1;
                    kinds.insert(partnership.kind);
                }
            }
        }
    }
    for (tie, _) in ties.values_mut() {
        let trusts: Vec<f64> =
            [(tie.a, tie.b), (tie.b, tie.a)].iter().filter_map(|key| pair_trust.get(key).copied()).collect();
        tie.trust = (!trusts.is_empty()).then(|| trusts.iter().sum::<f64>() / trusts.len() as f64);
    }
    let mut ties: Vec<(Tie, BTreeSet<PartnershipKind>)> =
        ties.into_values().filter(|(t, _)| present.contains(&t.a) && present.contains(&t.b)).collect();
    ties.sort_by_key(|(t, _)| (t.a, t.b));
    Ok(Shape { ties, partnerships })
}

/// Weighs `ties` by the activity of the partnerships that make them: the commitments and the
/// check-ins between each tie's organisations up to `as_of`, and their reliability to each
/// other where the ledger knows it (today only). Activity never makes a tie of its own, so a
/// map can be measured and narrowed first and only what it draws weighed: only the records of
/// partnerships with two members among the ties' ends are read.
async fn weigh(
    store: &Store,
    viewer: &Viewer,
    as_of: NaiveDate,
    ties: &mut [Tie],
    partnerships: &[GraphPartnership],
) -> AppResult<()> {
    let ends: HashSet<Uuid> = ties.iter().flat_map(|t| [t.a, t.b]).collect();
    let relevant: Vec<GraphPartnership> =
        partnerships.iter().filter(|p| p.members.iter().filter(|m| ends.contains(m)).count() >= 2).cloned().collect();
    if relevant.is_empty() {
        return Ok(());
    }
    // A few partnerships of many are read by id; most of them in one pass over all.
    let only_these = relevant.len() * 2 < partnerships.len();
    let activity = store.graph_activity(viewer, as_of, &relevant, only_these).await?;
    let settings = store.trust_settings(viewer.workspace_id).await?;
    let index: HashMap<(Uuid, Uuid), usize> = ties.iter().enumerate().map(|(i, t)| ((t.a, t.b), i)).collect();
    let tie_of = |a: Uuid, b: Uuid| index.get(&(a.min(b), a.max(b))).copied();
    for (promisor, promisee, _, made) in &activity.commitments {
        if let Some(i) = tie_of(*promisor, *promisee) {
            ties[i].interactions += made;
        }
    }
    for (a, b, _, met) in &activity.checkins {
        if let Some(i) = tie_of(*a, *b) {
            ties[i].interactions += met;
        }
    }
    for tie in ties.iter_mut() {
        let estimates: Vec<f64> = [(tie.a, tie.b), (tie.b, tie.a)]
            .iter()
            .filter_map(|key| activity.pair_evidence.get(key))
            .filter_map(|evidence| {
                evidence.advanced_to(as_of, settings.half_life).reliability(&settings).estimate.map(|e| e.expected)
            })
            .collect();
        tie.reliability = (!estimates.is_empty()).then(|| estimates.iter().sum::<f64>() / estimates.len() as f64);
    }
    Ok(())
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
        let kept = self.store.kept_network(ws).await?;
        if kept.is_none() {
            // Never computed (a fresh, imported or generated workspace): queue it once.
            self.store.network_changed(ws).await?;
        }
        if let Some(kept) = &kept
            && let Some(slot) = self.memo_slot(query, as_of).await?
        {
            // The same map or page read again between changes is worked out once.
            if let Some(view) = kept.remembered::<NetworkView>(slot.version, &slot.key) {
                return Ok((*view).clone());
            }
            let view = self.stored_network(query, kept, as_of).await?;
            kept.remember(slot.version, slot.key, Arc::new(view.clone()));
            return Ok(view);
        }
        // Measured as read, without betweenness; placed where the stored layout put them. A turn
        // is waited for, so that many such reads at once cost no more memory than two.
        let turn =
            ASSEMBLING.acquire().await.map_err(|err| AppError::internal(format!("no turn to assemble: {err}")))?;
        let (organizations, Shape { ties, partnerships }) = assemble(self.store, &self.viewer, query, as_of).await?;
        drop(turn);
        let mut ties: Vec<Tie> = ties.into_iter().map(|(tie, _)| tie).collect();
        let mut organizations = organizations;
        let names: HashMap<Uuid, (String, OrganizationKind)> =
            organizations.iter().map(|o| (o.id, (o.name.clone(), o.kind))).collect();
        let mut not_shown = Vec::new();
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
            organizations.retain(|o| near.contains(&o.id));
            not_shown = count_not_shown(all, &organizations);
            ties.retain(|t| near.contains(&t.a) && near.contains(&t.b));
        }
        let nodes: Vec<NetworkNode> =
            organizations.iter().map(|o| NetworkNode { id: o.id, name: o.name.clone(), kind: o.kind }).collect();
        // Betweenness only where asked (a report's past day): measured as read when small enough,
        // else as measured in the background for the same shape, else queued for that.
        let mut brokers_measured = query.brokers_up_to.is_some_and(|most| nodes.len() <= most);
        let measures = if brokers_measured {
            let ties = ties.clone();
            tokio::task::spawn_blocking(move || measure(&nodes, &ties))
                .await
                .map_err(|err| AppError::internal(format!("the network's measures stopped: {err}")))?
        } else {
            let mut measures = measure_shape(&nodes, &ties);
            if query.brokers_up_to.is_some() && self.viewer.sees_whole_workspace() && query.is_whole_network() {
                let shape = shape_fingerprint(&nodes, &ties);
                match self.store.past_brokers(ws, as_of).await? {
                    Some(past) if past.fingerprint == shape => {
                        measures.brokers = past.brokers;
                        brokers_measured = true;
                    }
                    _ => {
                        self.store.queue_past_brokers(ws, as_of).await?;
                    }
                }
            }
            measures
        };
        let placed = |id: Uuid| kept.as_ref().and_then(|k| k.position(id)).map(|p| Position { x: p.x, y: p.y });
        let mut view = NetworkView {
            as_of,
            computed_at: None,
            selected: organizations.len(),
            nodes: organizations
                .into_iter()
                .map(|o| {
                    let at = placed(o.id);
                    map_node(o, at)
                })
                .collect(),
            ties,
            measures,
            brokers_measured,
            not_shown,
            elsewhere: HashMap::new(),
            next_after: None,
        };
        if let Some(limit) = query.draw_at_most {
            keep_best_connected(&mut view, &query.around, limit);
        }
        let mut view = paged(view, query.page);
        let shown: HashSet<Uuid> = view.nodes.iter().map(|n| n.id).collect();
        view.elsewhere = wanted_elsewhere(&shown, &view.measures, &self.viewer)
            .into_iter()
            .filter_map(|id| names.get(&id).map(|named| (id, named.clone())))
            .collect();
        // Weighed last, so that a map or a page reads the activity of what it shows only.
        weigh(self.store, &self.viewer, as_of, &mut view.ties, &partnerships).await?;
        Ok(view)
    }

    /// What `derive` makes of the network of `query` (a drawn map, say), kept with the view
    /// itself: worked out once per change of the network or the directory, for each `purpose`
    /// (which names what `derive` makes, and anything else it depends on, such as a language).
    pub async fn network_derived<T: Send + Sync + 'static>(
        &self,
        query: &NetworkQuery,
        purpose: &str,
        derive: impl FnOnce(NetworkView) -> T,
    ) -> AppResult<Arc<T>> {
        let today = self.today();
        let kept = self.store.kept_network(self.viewer.workspace_id).await?;
        let slot = match &kept {
            Some(_) => self.memo_slot(query, query.as_of.unwrap_or(today)).await?,
            None => None,
        };
        let (Some(kept), Some(slot)) = (kept, slot) else {
            return Ok(Arc::new(derive(self.network(query).await?)));
        };
        let key = format!("{purpose} {}", slot.key);
        if let Some(known) = kept.remembered::<T>(slot.version, &key) {
            return Ok(known);
        }
        let derived = Arc::new(derive(self.network(query).await?));
        kept.remember(slot.version, key, Arc::clone(&derived));
        Ok(derived)
    }

    /// Where an answer about today's stored network is kept, for someone who sees all of it;
    /// `None` for a past day or a member's part, which are worked out as read.
    async fn memo_slot(&self, query: &NetworkQuery, as_of: NaiveDate) -> AppResult<Option<MemoSlot>> {
        if !self.viewer.sees_whole_workspace() || as_of != self.today() {
            return Ok(None);
        }
        let version = self.store.directory_version(self.viewer.workspace_id).await?;
        let key = format!("network {query:?} {as_of} {:?}", self.viewer.organizations);
        Ok(Some(MemoSlot { version, key }))
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
    /// the filters. The ties and places come from the kept network (in memory); only the
    /// organisations shown are read (a page's, or the drawn ones, by id); the rest are counted
    /// per type and named only where the page names them.
    async fn stored_network(
        &self,
        query: &NetworkQuery,
        kept: &KeptNetwork,
        as_of: NaiveDate,
    ) -> AppResult<NetworkView> {
        let ws = self.viewer.workspace_id;
        let mut measures = NetworkMeasures::deserialize(&kept.snapshot.measures)
            .map_err(|err| AppError::internal(format!("the stored network's measures do not read back: {err}")))?;
        let focus = query.focus.as_deref().map(|f| f.trim().to_lowercase()).filter(|f| !f.is_empty());
        let filter = OrganizationFilter {
            kind: query.organization_kind,
            focus: focus.as_deref(),
            ..OrganizationFilter::default()
        };
        let narrowed = filter.kind.is_some() || filter.focus.is_some();
        let kind = query.partnership_kind.map(PartnershipKind::as_str);
        let wanted = |t: &&StoredTie| kind.is_none_or(|k| t.partnership_kinds.iter().any(|have| have == k));
        let near = (!query.around.is_empty()).then(|| within_two_steps(kept, &query.around));
        let mut not_shown = Vec::new();
        let mut elsewhere = HashMap::new();
        let mut next_after = None;
        let mut selected = 0;
        let (organizations, ties) = if let Some(page) = query.page {
            // One page (the API): its organisations, the ties that start on it, and which of
            // their far ends the filters keep.
            let limit = u64::try_from(page.limit).unwrap_or(u64::MAX).saturating_add(1);
            let mut organizations = self
                .store
                .organizations_where(
                    ws,
                    &OrganizationFilter { ids: near.as_deref(), after: page.after, limit: Some(limit), ..filter },
                )
                .await?;
            if organizations.len() > page.limit {
                organizations.truncate(page.limit);
                next_after = organizations.last().map(|o| o.id);
            }
            let on_page: HashSet<Uuid> = organizations.iter().map(|o| o.id).collect();
            let within = |id: &Uuid| near.as_ref().is_none_or(|near| near.binary_search(id).is_ok());
            let starting: Vec<&StoredTie> = organizations
                .iter()
                .flat_map(|o| kept.ties_from(o.id))
                .filter(wanted)
                .filter(|t| within(&t.tie.b))
                .collect();
            let far: Vec<Uuid> = starting
                .iter()
                .map(|t| t.tie.b)
                .filter(|id| !on_page.contains(id))
                .collect::<BTreeSet<Uuid>>()
                .into_iter()
                .collect();
            let present: HashSet<Uuid> = self
                .store
                .organization_ids_where(ws, &OrganizationFilter { ids: Some(&far), ..filter })
                .await?
                .into_iter()
                .chain(on_page)
                .collect();
            let ties = starting
                .into_iter()
                .filter(|t| present.contains(&t.tie.a) && present.contains(&t.tie.b))
                .map(|t| t.tie.clone())
                .collect();
            (organizations, ties)
        } else if let Some(limit) = query.draw_at_most {
            // A map: the organisations asked about first, then the best connected, up to the
            // limit; the rest counted.
            let candidates: Vec<Uuid> = match (near, narrowed) {
                (Some(near), false) => near,
                (Some(near), true) => {
                    self.store.organization_ids_where(ws, &OrganizationFilter { ids: Some(&near), ..filter }).await?
                }
                (None, _) => self.store.organization_ids_where(ws, &filter).await?,
            };
            selected = candidates.len();
            let drawn = Self::best_connected(kept, candidates, &query.around, limit);
            let organizations =
                self.store.organizations_where(ws, &OrganizationFilter { ids: Some(&drawn), ..filter }).await?;
            let shown: HashSet<Uuid> = organizations.iter().map(|o| o.id).collect();
            not_shown = count_not_shown(self.store.organization_kind_counts(ws, &filter).await?, &organizations);
            elsewhere = self.named_elsewhere(&filter, &shown, &measures).await?;
            (organizations, ties_among(kept, &shown, &wanted))
        } else {
            // Every organisation selected, whole (a small network, or narrowed by the filters).
            let organizations = self
                .store
                .organizations_where(ws, &OrganizationFilter { ids: near.as_deref(), by_name: true, ..filter })
                .await?;
            let shown: HashSet<Uuid> = organizations.iter().map(|o| o.id).collect();
            if near.is_some() {
                not_shown = count_not_shown(self.store.organization_kind_counts(ws, &filter).await?, &organizations);
                elsewhere = self.named_elsewhere(&filter, &shown, &measures).await?;
            }
            (organizations, ties_among(kept, &shown, &wanted))
        };
        measures.nodes = organizations
            .iter()
            .filter_map(|o| kept.position(o.id))
            .map(|p| NodeMeasures {
                id: p.organization_id,
                degree: p.degree,
                betweenness: Some(p.betweenness),
                component: p.component,
            })
            .collect();
        let nodes: Vec<MapNode> = organizations
            .into_iter()
            .map(|o| {
                let at = kept.position(o.id).map(|p| Position { x: p.x, y: p.y });
                map_node(o, at)
            })
            .collect();
        Ok(NetworkView {
            as_of,
            computed_at: Some(kept.snapshot.computed_at),
            selected: selected.max(nodes.len()),
            nodes,
            ties,
            measures,
            brokers_measured: true,
            not_shown,
            elsewhere,
            next_after,
        })
    }

    /// Of `candidates`, the `limit` to draw: those in `first`, then the most ties, then by id (a
    /// stable order that needs no row read).
    fn best_connected(kept: &KeptNetwork, candidates: Vec<Uuid>, first: &[Uuid], limit: usize) -> Vec<Uuid> {
        let first: HashSet<Uuid> = first.iter().copied().collect();
        let mut ranked: Vec<(bool, usize, Uuid)> =
            candidates.into_iter().map(|id| (first.contains(&id), kept.degree(id), id)).collect();
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        ranked.into_iter().take(limit).map(|(_, _, id)| id).collect()
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
    /// the kept ties of the organisation and of its partners, and from the focus-area index
    /// the organisations sharing a focus area; profiles (and mission words) only of those
    /// candidates, never the whole directory nor a computation over the network. Candidates are
    /// read in growing batches, the highest score they could reach first, until none left unread
    /// could outrank the last suggestion, so the ranking is the one over every candidate. An organisation that shares
    /// neither a focus area nor a partner is not a candidate, whatever its mission's wording.
    /// A member sees introductions only through ties of their own organisations.
    pub async fn partner_suggestions(&self, organization_id: Uuid, limit: usize) -> AppResult<Vec<Suggestion>> {
        let ws = self.viewer.workspace_id;
        let target = self.organization(organization_id).await?;
        let kept = self.store.kept_network(ws).await?;
        // Worked out once per change of the network or the directory, for each way of seeing it.
        let version = self.store.directory_version(ws).await?;
        let whole = self.viewer.sees_whole_workspace();
        let key = format!("suggestions {organization_id} {limit} {whole} {:?}", self.viewer.organizations);
        if let Some(known) = kept.as_ref().and_then(|k| k.remembered::<Vec<Suggestion>>(version, &key)) {
            return Ok((*known).clone());
        }
        let suggestions = self.suggest_partners(&kept, target, limit).await?;
        if let Some(kept) = &kept {
            kept.remember(version, key, Arc::new(suggestions.clone()));
        }
        Ok(suggestions)
    }

    /// [`Session::partner_suggestions`] worked out.
    async fn suggest_partners(
        &self,
        kept: &Option<Arc<KeptNetwork>>,
        target: Organization,
        limit: usize,
    ) -> AppResult<Vec<Suggestion>> {
        use rapport_core::network::{Profile, suggest_partners};
        let ws = self.viewer.workspace_id;
        let organization_id = target.id;
        let visible = |t: &StoredTie| {
            self.viewer.sees_whole_workspace()
                || self.viewer.organizations.contains(&t.tie.a)
                || self.viewer.organizations.contains(&t.tie.b)
        };
        let ties_of = |id: Uuid| kept.iter().flat_map(move |k| k.ties_of(id)).filter(|t| visible(t));
        let mine: Vec<Tie> = ties_of(organization_id).map(|t| t.tie.clone()).collect();
        let partners: Vec<Uuid> = mine.iter().map(|t| if t.a == organization_id { t.b } else { t.a }).collect();
        let mut ties = mine;
        for partner in &partners {
            ties.extend(ties_of(*partner).map(|t| t.tie.clone()));
        }
        ties.sort_by_key(|t| (t.a, t.b));
        ties.dedup_by_key(|t| (t.a, t.b));
        // Partners (who may introduce: always read, for their names), then partners of partners
        // and those sharing a focus area, read best first by the most they could score.
        let partners: BTreeSet<Uuid> = partners.into_iter().collect();
        let my_focus = rapport_store::focus_key(&target.focus_areas);
        let overlap: HashMap<Uuid, f64> = self
            .store
            .organizations_sharing_focus(ws, &my_focus)
            .await?
            .into_iter()
            .map(|m| {
                let union = (my_focus.len() + m.focus_count).saturating_sub(m.shared).max(1);
                (m.organization_id, m.shared as f64 / union as f64)
            })
            .collect();
        let second_step: BTreeSet<Uuid> = ties.iter().flat_map(|t| [t.a, t.b]).collect();
        // At best: the focus overlap, a mission worded the same, and a partner to introduce them.
        let best_possible = |id: &Uuid| {
            let introduced = if second_step.contains(id) { 1.0 / 6.0 } else { 0.0 };
            0.5 * overlap.get(id).copied().unwrap_or(0.0) + 1.0 / 3.0 + introduced
        };
        let mut unread: Vec<(f64, Uuid)> = second_step
            .iter()
            .chain(overlap.keys())
            .filter(|id| **id != organization_id && !partners.contains(id))
            .collect::<BTreeSet<&Uuid>>()
            .into_iter()
            .map(|id| (best_possible(id), *id))
            .collect();
        unread.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

        let profile =
            |o: Organization| Profile { id: o.id, name: o.name, focus_areas: o.focus_areas, mission: o.mission };
        let target_profile = profile(target);
        let read = |ids: Vec<Uuid>| async move {
            let filter = OrganizationFilter { ids: Some(&ids), ..OrganizationFilter::default() };
            Ok::<_, AppError>(
                self.store.organizations_where(ws, &filter).await?.into_iter().map(profile).collect::<Vec<_>>(),
            )
        };
        let mut candidates: Vec<Profile> = read(partners.into_iter().collect()).await?;
        let mut taken = 0;
        let mut batch = limit.saturating_mul(20).max(100);
        loop {
            let upto = unread.len().min(taken + batch);
            candidates.extend(read(unread[taken..upto].iter().map(|(_, id)| *id).collect()).await?);
            taken = upto;
            let suggestions = suggest_partners(&target_profile, &candidates, &ties, limit);
            let Some((best_unread, _)) = unread.get(taken) else { return Ok(suggestions) };
            if suggestions.len() == limit && suggestions.last().is_some_and(|s| s.score > *best_unread) {
                return Ok(suggestions);
            }
            batch = batch.saturating_mul(4);
        }
    }
}
