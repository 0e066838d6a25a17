//! The network of organisations (SPEC 5): who works with whom, and what the shape of those ties
//! says. Measures follow networkx's definitions so they can be checked against it; the graph
//! algorithms come from rustworkx-core rather than being written here.

use std::collections::HashMap;

use rustworkx_core::connectivity::connected_components;
use rustworkx_core::petgraph::graph::{NodeIndex, UnGraph};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::kinds::OrganizationKind;

/// Ties whose trust is below this share of the maximum count as low-trust (SPEC 5).
pub const LOW_TRUST_PERCENT: f64 = 50.0;
/// How many brokers the measures name.
pub const BROKERS: usize = 5;

/// An organisation in the network.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkNode {
    pub id: Uuid,
    pub name: String,
    pub kind: OrganizationKind,
}

/// Two organisations that work together, and what is known of how well.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tie {
    pub a: Uuid,
    pub b: Uuid,
    /// Partnerships both belong to.
    pub partnerships: u32,
    /// Check-ins both attended and commitments between them.
    pub interactions: u32,
    /// Perceived trust between them in percent of maximum, where surveys tell.
    pub trust: Option<f64>,
    /// Expected reliability of their promises to each other (0–1), where there is evidence.
    pub reliability: Option<f64>,
}

/// One organisation's place in the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NodeMeasures {
    pub id: Uuid,
    pub degree: usize,
    /// Normalised betweenness centrality (networkx: divided by (n − 1)(n − 2)); absent where
    /// it was not computed (a past day's network, or a member's part of it: see [`measure_shape`]).
    pub betweenness: Option<f64>,
    /// Which connected component it belongs to; 0 is the largest.
    pub component: usize,
}

/// The network as a whole (SPEC 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkMeasures {
    pub organizations: usize,
    pub ties: usize,
    /// Ties present out of all possible: 2m / (n(n − 1)).
    pub density: f64,
    /// Freeman degree centralisation: how much the ties gather around one organisation, 0 (all
    /// alike) to 1 (a star).
    pub degree_centralization: f64,
    /// Connected components, isolates included.
    pub components: usize,
    /// Organisations with no tie.
    pub isolates: Vec<Uuid>,
    /// The organisations with the highest betweenness: those others reach each other through.
    /// The top [`BROKERS`], and every organisation tied with the last of them.
    pub brokers: Vec<Uuid>,
    /// Mean perceived trust over the ties where it is known, in percent.
    pub mean_trust: Option<f64>,
    /// Share of the ties with known trust whose trust is below 50 %.
    pub low_trust_share: Option<f64>,
    pub nodes: Vec<NodeMeasures>,
}

/// A digest of the network's shape: which organisations there are and which pairs are tied,
/// whatever the order given or the ties' weights. Two networks with the same digest have the same
/// betweenness and brokers, so brokers measured once for a past day hold while it stays the same.
pub fn shape_fingerprint(nodes: &[NetworkNode], ties: &[Tie]) -> String {
    use sha2::{Digest, Sha256};
    let mut ids: Vec<Uuid> = nodes.iter().map(|n| n.id).collect();
    ids.sort_unstable();
    ids.dedup();
    let present: std::collections::HashSet<Uuid> = ids.iter().copied().collect();
    let mut pairs: Vec<(Uuid, Uuid)> = ties
        .iter()
        .filter(|t| t.a != t.b && present.contains(&t.a) && present.contains(&t.b))
        .map(|t| (t.a.min(t.b), t.a.max(t.b)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut digest = Sha256::new();
    digest.update((ids.len() as u64).to_le_bytes());
    for id in &ids {
        digest.update(id.as_bytes());
    }
    for (a, b) in &pairs {
        digest.update(a.as_bytes());
        digest.update(b.as_bytes());
    }
    hex::encode(digest.finalize())
}

/// Measures the network made of `nodes` and `ties`. Ties naming an organisation not among
/// `nodes` (filtered out) and ties of an organisation to itself are ignored; two ties between
/// the same pair count once. Betweenness is the costly part (Brandes: O(nm), on every core):
/// the network job calls this once per change of ties; reads use what it stored.
pub fn measure(nodes: &[NetworkNode], ties: &[Tie]) -> NetworkMeasures {
    measure_with(nodes, ties, true)
}

/// Every measure but betweenness (and so no brokers): linear in the size of the network, for
/// what is measured as it is read (a past day's ties, a member's part of the network).
pub fn measure_shape(nodes: &[NetworkNode], ties: &[Tie]) -> NetworkMeasures {
    measure_with(nodes, ties, false)
}

fn measure_with(nodes: &[NetworkNode], ties: &[Tie], with_betweenness: bool) -> NetworkMeasures {
    let mut graph: UnGraph<Uuid, ()> = UnGraph::with_capacity(nodes.len(), ties.len());
    let index: HashMap<Uuid, NodeIndex> = nodes.iter().map(|n| (n.id, graph.add_node(n.id))).collect();
    let mut seen = std::collections::HashSet::new();
    let mut trusts = Vec::new();
    for tie in ties {
        let (Some(&a), Some(&b)) = (index.get(&tie.a), index.get(&tie.b)) else { continue };
        if a == b || !seen.insert((a.min(b), a.max(b))) {
            continue;
        }
        graph.add_edge(a, b, ());
        trusts.extend(tie.trust);
    }
    let n = graph.node_count();
    let m = graph.edge_count();
    let degree = |i: NodeIndex| graph.neighbors(i).count();

    let density = if n > 1 { 2.0 * m as f64 / (n as f64 * (n as f64 - 1.0)) } else { 0.0 };
    // networkx degree_centrality is degree / (n − 1); Freeman's centralisation sums each
    // organisation's distance to the most central one, over its maximum (n − 2) for a star.
    let degree_centralization = if n > 2 {
        let centrality: Vec<f64> = graph.node_indices().map(|i| degree(i) as f64 / (n as f64 - 1.0)).collect();
        let max = centrality.iter().copied().fold(0.0, f64::max);
        centrality.iter().map(|c| max - c).sum::<f64>() / (n as f64 - 2.0)
    } else {
        0.0
    };
    let betweenness: Vec<Option<f64>> = if with_betweenness {
        let neighbours: Vec<Vec<usize>> =
            graph.node_indices().map(|i| graph.neighbors(i).map(NodeIndex::index).collect()).collect();
        brandes(&neighbours).into_iter().map(Some).collect()
    } else {
        vec![None; n]
    };

    let mut components = connected_components(&graph);
    // Largest first, then by their first organisation's id, so component numbers are stable.
    components.sort_by(|a, b| {
        b.len().cmp(&a.len()).then_with(|| a.iter().map(|i| graph[*i]).min().cmp(&b.iter().map(|i| graph[*i]).min()))
    });
    let mut component_of = vec![0; n];
    for (number, component) in components.iter().enumerate() {
        for node in component {
            component_of[node.index()] = number;
        }
    }

    let node_measures: Vec<NodeMeasures> = graph
        .node_indices()
        .map(|i| NodeMeasures {
            id: graph[i],
            degree: degree(i),
            betweenness: betweenness[i.index()],
            component: component_of[i.index()],
        })
        .collect();
    let isolates = node_measures.iter().filter(|n| n.degree == 0).map(|n| n.id).collect();
    let mut ranked: Vec<(Uuid, f64)> =
        node_measures.iter().filter_map(|n| Some((n.id, n.betweenness?))).filter(|(_, b)| *b > 0.0).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let brokers = top_with_ties(&ranked, BROKERS);

    let mean_trust = (!trusts.is_empty()).then(|| trusts.iter().sum::<f64>() / trusts.len() as f64);
    let low_trust_share = (!trusts.is_empty())
        .then(|| trusts.iter().filter(|t| **t < LOW_TRUST_PERCENT).count() as f64 / trusts.len() as f64);

    NetworkMeasures {
        organizations: n,
        ties: m,
        density,
        degree_centralization,
        components: components.len(),
        isolates,
        brokers,
        mean_trust,
        low_trust_share,
        nodes: node_measures,
    }
}

/// Normalised betweenness centrality of every organisation, as networkx computes it for an
/// undirected graph (`betweenness_centrality(G, normalized=True)`): Brandes' algorithm, one
/// breadth-first search per source. The graph is held as one flat adjacency array, the buffers
/// of a search are reused for the next one, and shortest-path predecessors are not stored (the
/// accumulation walks each organisation's neighbours one step further from the source instead),
/// so memory stays O(n + m) per thread; sources are shared among the machine's cores.
/// rustworkx-core's version allocated per source and took several times as long on SPEC 9's
/// 5,000 / 20,000 network (BENCHMARKS.md).
fn brandes(neighbours: &[Vec<usize>]) -> Vec<f64> {
    let n = neighbours.len();
    if n < 3 {
        return vec![0.0; n];
    }
    let mut offsets = Vec::with_capacity(n + 1);
    let mut flat: Vec<u32> = Vec::with_capacity(neighbours.iter().map(Vec::len).sum());
    offsets.push(0);
    for list in neighbours {
        flat.extend(list.iter().map(|&v| u32::try_from(v).unwrap_or(u32::MAX)));
        offsets.push(flat.len());
    }
    let (offsets, flat) = (&offsets, &flat);
    let around = move |v: usize| flat[offsets[v]..offsets[v + 1]].iter().map(|&w| w as usize);
    let from_sources = move |sources: std::ops::Range<usize>| {
        let mut centrality = vec![0.0f64; n];
        let mut sigma = vec![0.0f64; n];
        let mut distance = vec![u32::MAX; n];
        let mut delta = vec![0.0f64; n];
        let mut order: Vec<usize> = Vec::with_capacity(n);
        for source in sources {
            for &v in &order {
                sigma[v] = 0.0;
                distance[v] = u32::MAX;
                delta[v] = 0.0;
            }
            order.clear();
            sigma[source] = 1.0;
            distance[source] = 0;
            order.push(source);
            // `order` doubles as the queue: organisations are appended in breadth-first order.
            let mut head = 0;
            while head < order.len() {
                let v = order[head];
                head += 1;
                for w in around(v) {
                    if distance[w] == u32::MAX {
                        distance[w] = distance[v] + 1;
                        order.push(w);
                    }
                    if distance[w] == distance[v] + 1 {
                        sigma[w] += sigma[v];
                    }
                }
            }
            for &v in order.iter().rev() {
                let mut sum = 0.0;
                for w in around(v) {
                    if distance[w] == distance[v].wrapping_add(1) {
                        sum += (1.0 + delta[w]) / sigma[w];
                    }
                }
                delta[v] = sigma[v] * sum;
                if v != source {
                    centrality[v] += delta[v];
                }
            }
        }
        centrality
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).min(n / 256 + 1);
    let chunk = n.div_ceil(threads);
    let partials: Vec<Vec<f64>> = std::thread::scope(|scope| {
        let running: Vec<_> =
            (0..threads).map(|t| scope.spawn(move || from_sources(t * chunk..((t + 1) * chunk).min(n)))).collect();
        running.into_iter().map(|thread| thread.join().unwrap_or_else(|_| vec![0.0; n])).collect()
    });
    // Each pair was counted from both ends; networkx scales by 1 / ((n − 1)(n − 2)).
    let scale = 1.0 / ((n as f64 - 1.0) * (n as f64 - 2.0));
    (0..n).map(|v| partials.iter().map(|p| p[v]).sum::<f64>() * scale).collect()
}

/// The first `count` of `ranked` (highest first) and every one after them whose value equals
/// the last one's: cutting between equals would name one and not the other for no reason.
/// Values computed along different paths may differ in their last bits, so "equal" allows that.
fn top_with_ties(ranked: &[(Uuid, f64)], count: usize) -> Vec<Uuid> {
    let Some(&(_, cut)) = ranked.get(count.saturating_sub(1)).or(ranked.last()) else { return Vec::new() };
    ranked
        .iter()
        .enumerate()
        .take_while(|(i, (_, v))| *i < count || (cut - v).abs() <= 1e-9 * cut)
        .map(|(_, (id, _))| *id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(count: u128) -> Vec<NetworkNode> {
        (1..=count)
            .map(|i| NetworkNode { id: Uuid::from_u128(i), name: format!("Org {i}"), kind: OrganizationKind::School })
            .collect()
    }

    fn tie(a: u128, b: u128) -> Tie {
        Tie {
            a: Uuid::from_u128(a),
            b: Uuid::from_u128(b),
            partnerships: 1,
            interactions: 0,
            trust: None,
            reliability: None,
        }
    }

    fn node(m: &NetworkMeasures, i: u128) -> &NodeMeasures {
        m.nodes.iter().find(|n| n.id == Uuid::from_u128(i)).unwrap()
    }

    fn close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-12, "{actual} != {expected}");
    }

    #[test]
    fn a_star_is_fully_centralised_around_its_hub() {
        // Hub 1 with four spokes: density 4 / 10; the hub lies on all 6 spoke-to-spoke paths.
        let m = measure(&nodes(5), &[tie(1, 2), tie(1, 3), tie(1, 4), tie(1, 5)]);
        close(m.density, 0.4);
        close(m.degree_centralization, 1.0);
        close(node(&m, 1).betweenness.unwrap(), 1.0);
        close(node(&m, 2).betweenness.unwrap(), 0.0);
        assert_eq!(m.brokers, vec![Uuid::from_u128(1)]);
        assert_eq!(m.components, 1);
        assert!(m.isolates.is_empty());
    }

    #[test]
    fn a_path_of_four_matches_networkx() {
        // networkx: betweenness (normalised) [0, 2/3, 2/3, 0]; degree centrality [1/3, 2/3, 2/3, 1/3]
        // so centralisation (1/3 + 0 + 0 + 1/3) / 2 = 1/3; density 3 / 6.
        let m = measure(&nodes(4), &[tie(1, 2), tie(2, 3), tie(3, 4)]);
        close(node(&m, 2).betweenness.unwrap(), 2.0 / 3.0);
        close(node(&m, 1).betweenness.unwrap(), 0.0);
        close(m.degree_centralization, 1.0 / 3.0);
        close(m.density, 0.5);
        assert_eq!(m.brokers, vec![Uuid::from_u128(2), Uuid::from_u128(3)]);
    }

    #[test]
    fn a_complete_graph_has_no_centre_and_no_brokers() {
        let m = measure(&nodes(4), &[tie(1, 2), tie(1, 3), tie(1, 4), tie(2, 3), tie(2, 4), tie(3, 4)]);
        close(m.density, 1.0);
        close(m.degree_centralization, 0.0);
        assert!(m.brokers.is_empty());
    }

    #[test]
    fn components_and_isolates_are_counted_largest_first() {
        // {1,2,3} and {4,5} and the isolate 6.
        let m = measure(&nodes(6), &[tie(1, 2), tie(2, 3), tie(4, 5)]);
        assert_eq!(m.components, 3);
        assert_eq!(m.isolates, vec![Uuid::from_u128(6)]);
        assert_eq!(node(&m, 1).component, 0);
        assert_eq!(node(&m, 4).component, 1);
        assert_eq!(node(&m, 6).component, 2);
        // networkx normalises over the whole graph: node 2 lies on the 1–3 path, 1 pair of the
        // (n−1)(n−2)/2 = 10 possible.
        close(node(&m, 2).betweenness.unwrap(), 0.1);
    }

    #[test]
    fn duplicate_self_and_filtered_ties_count_once_or_not_at_all() {
        let m = measure(&nodes(3), &[tie(1, 2), tie(2, 1), tie(1, 1), tie(1, 99)]);
        assert_eq!(m.ties, 1);
        close(m.density, 1.0 / 3.0);
    }

    #[test]
    fn trust_is_averaged_over_ties_that_know_it() {
        let with = |a, b, trust| Tie { trust, ..tie(a, b) };
        let m = measure(&nodes(4), &[with(1, 2, Some(80.0)), with(2, 3, Some(40.0)), with(3, 4, None)]);
        close(m.mean_trust.unwrap(), 60.0);
        close(m.low_trust_share.unwrap(), 0.5);
        let none = measure(&nodes(2), &[tie(1, 2)]);
        assert_eq!((none.mean_trust, none.low_trust_share), (None, None));
    }

    #[test]
    fn every_organisation_tied_at_the_broker_cut_off_is_a_broker() {
        // A hub with eight arms of two: the eight middles hold equal betweenness (each between
        // its leaf and everyone else), so cutting at five would name four of them arbitrarily.
        let mut ties = Vec::new();
        for middle in 2..=9 {
            ties.push(tie(1, middle));
            ties.push(tie(middle, middle + 10));
        }
        let m = measure(&nodes(19), &ties);
        let hub = Uuid::from_u128(1);
        assert_eq!(m.brokers.first(), Some(&hub), "the hub lies between everyone");
        assert_eq!(m.brokers.len(), 9, "the hub and all eight equal middles, not four of them: {:?}", m.brokers);
    }

    #[test]
    fn the_shape_alone_leaves_betweenness_and_brokers_unmeasured() {
        let m = measure_shape(&nodes(5), &[tie(1, 2), tie(1, 3), tie(1, 4), tie(1, 5)]);
        close(m.degree_centralization, 1.0);
        assert!(m.nodes.iter().all(|n| n.betweenness.is_none()));
        assert!(m.brokers.is_empty());
    }

    #[test]
    fn tiny_networks_do_not_divide_by_zero() {
        for count in 0..=2 {
            let m = measure(&nodes(count), &[]);
            assert_eq!(m.density, 0.0);
            assert_eq!(m.degree_centralization, 0.0);
            assert!(m.nodes.iter().all(|n| n.betweenness == Some(0.0)));
        }
    }
}

/// A position on the map, in the unit square.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Position {
    pub x: f64,
    pub y: f64,
}

/// Places the organisations for drawing: a force-directed (Fruchterman–Reingold) layout from a
/// fixed seed, so the same network is always drawn the same way. Repulsion only looks at nearby
/// organisations (a grid of cells), which keeps large networks fast. Positions fall in [0, 1]².
pub fn layout(nodes: &[NetworkNode], ties: &[Tie]) -> HashMap<Uuid, Position> {
    let n = nodes.len();
    if n == 0 {
        return HashMap::new();
    }
    let index: HashMap<Uuid, usize> = nodes.iter().enumerate().map(|(i, node)| (node.id, i)).collect();
    let edges: Vec<(usize, usize)> =
        ties.iter().filter_map(|t| Some((*index.get(&t.a)?, *index.get(&t.b)?))).filter(|(a, b)| a != b).collect();
    // Deterministic start: a xorshift stream from a fixed seed, in the nodes' given order.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut pos: Vec<(f64, f64)> = (0..n).map(|_| (next(), next())).collect();
    let k = (1.0 / n as f64).sqrt();
    let iterations = if n > 1_000 { 40 } else { 120 };
    let cell = 2.0 * k;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).min(n / 512 + 1);
    let mut temperature = 0.1;
    for _ in 0..iterations {
        let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (i, (x, y)) in pos.iter().enumerate() {
            grid.entry(((x / cell).floor() as i64, (y / cell).floor() as i64)).or_default().push(i);
        }
        // Repulsion, the costly part, is shared among the machine's cores: each thread moves
        // its own share of the organisations, reading everyone's positions.
        let repel = |range: std::ops::Range<usize>| -> Vec<(f64, f64)> {
            range
                .map(|i| {
                    let (x, y) = pos[i];
                    let (cx, cy) = ((x / cell).floor() as i64, (y / cell).floor() as i64);
                    let mut push = (0.0f64, 0.0f64);
                    for gx in cx - 1..=cx + 1 {
                        for gy in cy - 1..=cy + 1 {
                            for &j in grid.get(&(gx, gy)).map(Vec::as_slice).unwrap_or(&[]) {
                                if i == j {
                                    continue;
                                }
                                let (dx, dy) = (x - pos[j].0, y - pos[j].1);
                                let distance = (dx * dx + dy * dy).sqrt().max(1e-4);
                                let force = k * k / distance;
                                push.0 += dx / distance * force;
                                push.1 += dy / distance * force;
                            }
                        }
                    }
                    push
                })
                .collect()
        };
        let chunk = n.div_ceil(threads);
        let mut shift: Vec<(f64, f64)> = std::thread::scope(|scope| {
            let running: Vec<_> =
                (0..threads).map(|t| scope.spawn(move || repel(t * chunk..((t + 1) * chunk).min(n)))).collect();
            running.into_iter().flat_map(|thread| thread.join().unwrap_or_default()).collect()
        });
        shift.resize(n, (0.0, 0.0));
        for &(a, b) in &edges {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let distance = (dx * dx + dy * dy).sqrt().max(1e-4);
            let force = distance * distance / k;
            shift[a].0 -= dx / distance * force;
            shift[a].1 -= dy / distance * force;
            shift[b].0 += dx / distance * force;
            shift[b].1 += dy / distance * force;
        }
        for (p, (sx, sy)) in pos.iter_mut().zip(shift) {
            let length = (sx * sx + sy * sy).sqrt().max(1e-9);
            let step = length.min(temperature);
            // A gentle pull to the centre keeps separate components and isolates on the canvas.
            p.0 += sx / length * step + (0.5 - p.0) * 0.01;
            p.1 += sy / length * step + (0.5 - p.1) * 0.01;
        }
        temperature *= 0.95;
    }
    // Fit into the unit square with the same scale on both axes.
    let (min_x, max_x) = pos.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.0), hi.max(p.0)));
    let (min_y, max_y) = pos.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let span = (max_x - min_x).max(max_y - min_y).max(1e-9);
    let (off_x, off_y) = ((1.0 - (max_x - min_x) / span) / 2.0, (1.0 - (max_y - min_y) / span) / 2.0);
    nodes
        .iter()
        .zip(pos)
        .map(|(node, (x, y))| (node.id, Position { x: off_x + (x - min_x) / span, y: off_y + (y - min_y) / span }))
        .collect()
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    fn network(count: u128) -> (Vec<NetworkNode>, Vec<Tie>) {
        let nodes = (1..=count)
            .map(|i| NetworkNode { id: Uuid::from_u128(i), name: format!("{i}"), kind: OrganizationKind::School })
            .collect();
        let ties = (2..=count)
            .map(|i| Tie {
                a: Uuid::from_u128(i / 2),
                b: Uuid::from_u128(i),
                partnerships: 1,
                interactions: 0,
                trust: None,
                reliability: None,
            })
            .collect();
        (nodes, ties)
    }

    #[test]
    fn the_same_network_is_always_drawn_the_same_way_inside_the_canvas() {
        let (nodes, ties) = network(60);
        let first = layout(&nodes, &ties);
        assert_eq!(first, layout(&nodes, &ties));
        assert_eq!(first.len(), 60);
        assert!(first.values().all(|p| (0.0..=1.0).contains(&p.x) && (0.0..=1.0).contains(&p.y)));
    }

    #[test]
    fn tied_organisations_sit_closer_than_untied_ones_on_average() {
        let (nodes, ties) = network(40);
        let at = layout(&nodes, &ties);
        let distance = |a: Uuid, b: Uuid| ((at[&a].x - at[&b].x).powi(2) + (at[&a].y - at[&b].y).powi(2)).sqrt();
        let tied: f64 = ties.iter().map(|t| distance(t.a, t.b)).sum::<f64>() / ties.len() as f64;
        let all: Vec<f64> = nodes
            .iter()
            .flat_map(|a| nodes.iter().map(move |b| (a.id, b.id)))
            .filter(|(a, b)| a < b)
            .map(|(a, b)| distance(a, b))
            .collect();
        let mean = all.iter().sum::<f64>() / all.len() as f64;
        assert!(tied < mean / 2.0, "tied {tied} vs all {mean}");
    }
}

/// What partner matching knows of an organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub id: Uuid,
    pub name: String,
    pub focus_areas: Vec<String>,
    pub mission: Option<String>,
}

/// A possible new partner, with the reasons it is suggested.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    pub organization_id: Uuid,
    pub name: String,
    /// 0–1: half shared focus areas, a third mission wording, the rest a common partner.
    pub score: f64,
    pub shared_focus_areas: Vec<String>,
    /// Partners both already work with, who could introduce them.
    pub introduced_by: Vec<Uuid>,
    /// One sentence a person can act on, in English (written from [`SuggestionFacts`]).
    pub why: String,
    /// What `why` was written from, for pages that word it in another language; not sent.
    #[serde(skip)]
    pub facts: SuggestionFacts,
}

/// The reasons a possible partner is suggested, as facts (see ARCHITECTURE "Facts, not
/// sentences"): the focus areas shared are [`Suggestion::shared_focus_areas`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SuggestionFacts {
    pub shared_focus_areas: Vec<String>,
    /// The mission statements share enough words.
    pub similar_mission: bool,
    /// How many partners of yours work with it and could introduce you.
    pub introducers: usize,
    /// The one introducer's name, when there is exactly one.
    pub introducer: Option<String>,
}

impl SuggestionFacts {
    /// The English sentence the API sends: "Harbor Library shares your focus on literacy and
    /// works with 2 of your partners, who could introduce you."
    pub fn english(&self, name: &str) -> String {
        let mut reasons = Vec::new();
        if !self.shared_focus_areas.is_empty() {
            reasons.push(format!("shares your focus on {}", self.shared_focus_areas.join(", ")));
        }
        if self.similar_mission {
            reasons.push("describes a similar mission".to_owned());
        }
        match (self.introducers, &self.introducer) {
            (0, _) => {}
            (1, one) => reasons.push(format!(
                "works with {}, a partner of yours who could introduce you",
                one.as_deref().unwrap_or("one of your partners")
            )),
            (many, _) => reasons.push(format!("works with {many} of your partners, who could introduce you")),
        }
        if reasons.is_empty() {
            reasons.push("has a little in common with you".to_owned());
        }
        format!("{name} {}.", reasons.join(" and "))
    }
}

/// Words too common to say anything about a mission.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "every", "for", "from", "in", "into", "is", "it", "its", "of",
    "on", "or", "our", "the", "their", "to", "we", "who", "with", "where", "all", "each", "other",
];

fn mission_words(text: &str) -> std::collections::BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.len() > 2 && !STOP_WORDS.contains(&w.as_str()))
        .map(|w| w.trim_end_matches('s').to_owned())
        .collect()
}

fn jaccard(a: &std::collections::BTreeSet<String>, b: &std::collections::BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 { 0.0 } else { a.intersection(b).count() as f64 / union as f64 }
}

/// Whether a tie is one people can lean on: perceived trust when surveys tell, else the
/// reliability of their promises to each other; `None` when nothing is known.
fn tie_is_trusted(tie: &Tie) -> Option<bool> {
    match (tie.trust, tie.reliability) {
        (Some(trust), _) => Some(trust >= LOW_TRUST_PERCENT),
        (None, Some(reliability)) => Some(reliability >= 0.5),
        (None, None) => None,
    }
}

/// Organisations `target` does not partner with yet, best first, each with its reasons: shared
/// focus areas, similar mission wording, and partners in common who could introduce them.
/// Partnership ties make partners; a common partner introduces only when neither of its ties is
/// known to be distrusted. Only suggestions with some reason are returned.
pub fn suggest_partners(target: &Profile, candidates: &[Profile], ties: &[Tie], limit: usize) -> Vec<Suggestion> {
    let mut partners: HashMap<Uuid, HashMap<Uuid, Option<bool>>> = HashMap::new();
    for tie in ties.iter().filter(|t| t.partnerships > 0) {
        partners.entry(tie.a).or_default().insert(tie.b, tie_is_trusted(tie));
        partners.entry(tie.b).or_default().insert(tie.a, tie_is_trusted(tie));
    }
    let none = HashMap::new();
    let mine = partners.get(&target.id).unwrap_or(&none);
    let names: HashMap<Uuid, &str> = candidates.iter().map(|c| (c.id, c.name.as_str())).collect();
    let my_focus: std::collections::BTreeSet<String> =
        target.focus_areas.iter().map(|f| f.trim().to_lowercase()).collect();
    let my_words = target.mission.as_deref().map(mission_words).unwrap_or_default();
    let mut suggestions: Vec<Suggestion> = candidates
        .iter()
        .filter(|c| c.id != target.id && !mine.contains_key(&c.id))
        .filter_map(|candidate| {
            let focus: std::collections::BTreeSet<String> =
                candidate.focus_areas.iter().map(|f| f.trim().to_lowercase()).collect();
            let shared: Vec<String> = my_focus.intersection(&focus).cloned().collect();
            let words = candidate.mission.as_deref().map(mission_words).unwrap_or_default();
            let mission = jaccard(&my_words, &words);
            let theirs = partners.get(&candidate.id).unwrap_or(&none);
            let mut introduced_by: Vec<Uuid> = mine
                .iter()
                .filter(|(partner, trusted)| {
                    **trusted != Some(false) && theirs.get(partner).is_some_and(|t| *t != Some(false))
                })
                .map(|(partner, _)| *partner)
                .collect();
            introduced_by.sort_by_key(|id| names.get(id).copied().unwrap_or_default());
            let score = 0.5 * jaccard(&my_focus, &focus)
                + (1.0 / 3.0) * mission
                + if introduced_by.is_empty() { 0.0 } else { 1.0 / 6.0 };
            if score <= 0.0 {
                return None;
            }
            let facts = SuggestionFacts {
                shared_focus_areas: shared.clone(),
                similar_mission: mission >= 0.1,
                introducers: introduced_by.len(),
                introducer: match introduced_by.as_slice() {
                    [one] => names.get(one).map(|n| (*n).to_owned()),
                    _ => None,
                },
            };
            Some(Suggestion {
                organization_id: candidate.id,
                name: candidate.name.clone(),
                score,
                shared_focus_areas: shared,
                introduced_by,
                why: facts.english(&candidate.name),
                facts,
            })
        })
        .collect();
    suggestions.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.name.cmp(&b.name)));
    suggestions.truncate(limit);
    suggestions
}

#[cfg(test)]
mod matching_tests {
    use super::*;

    fn profile(n: u128, focus: &[&str], mission: &str) -> Profile {
        Profile {
            id: Uuid::from_u128(n),
            name: format!("Org {n}"),
            focus_areas: focus.iter().map(std::string::ToString::to_string).collect(),
            mission: Some(mission.into()),
        }
    }

    fn tie(a: &Profile, b: &Profile, trust: Option<f64>) -> Tie {
        Tie { a: a.id, b: b.id, partnerships: 1, interactions: 0, trust, reliability: None }
    }

    #[test]
    fn shared_focus_mission_and_a_common_partner_rank_first_and_say_why() {
        let school = profile(1, &["literacy", "family engagement"], "Every child reading by third grade");
        let library = profile(2, &["Literacy", "digital skills"], "Free books and reading for every child");
        let bank = profile(3, &["food security"], "No family goes hungry");
        let partner = profile(4, &["literacy"], "Tutoring");
        let stranger = profile(5, &["sports"], "Football leagues");
        let ties = [tie(&school, &partner, Some(80.0)), tie(&library, &partner, None)];
        let found = suggest_partners(&school, &[library.clone(), bank, partner.clone(), stranger], &ties, 10);
        assert_eq!(found.first().map(|s| s.organization_id), Some(library.id), "{found:?}");
        assert!(found.iter().all(|s| s.organization_id != partner.id), "an existing partner is not suggested");
        assert!(found.iter().all(|s| s.organization_id != Uuid::from_u128(5)), "nothing in common, no suggestion");
        let first = &found[0];
        assert_eq!(first.shared_focus_areas, ["literacy"]);
        assert_eq!(first.introduced_by, [partner.id]);
        assert!(
            first.why.contains("shares your focus on literacy")
                && first.why.contains("Org 4, a partner of yours who could introduce you"),
            "{}",
            first.why
        );
    }

    #[test]
    fn a_distrusted_common_partner_introduces_no_one() {
        let school = profile(1, &["literacy"], "Reading");
        let library = profile(2, &["literacy"], "Books");
        let partner = profile(3, &["arts"], "Murals");
        let trusting = suggest_partners(
            &school,
            std::slice::from_ref(&library),
            &[tie(&school, &partner, Some(70.0)), tie(&library, &partner, Some(60.0))],
            5,
        );
        let wary = suggest_partners(
            &school,
            std::slice::from_ref(&library),
            &[tie(&school, &partner, Some(30.0)), tie(&library, &partner, Some(60.0))],
            5,
        );
        assert_eq!(trusting[0].introduced_by, [partner.id]);
        assert!(wary[0].introduced_by.is_empty(), "a tie below 50 % trust is no introduction");
        assert!(trusting[0].score > wary[0].score, "a trusted introduction ranks higher");
    }

    #[test]
    fn the_shape_fingerprint_follows_the_ties_not_their_order_or_weight() {
        let ids: Vec<Uuid> = (0..4).map(|_| Uuid::new_v4()).collect();
        let nodes: Vec<NetworkNode> =
            ids.iter().map(|id| NetworkNode { id: *id, name: String::new(), kind: OrganizationKind::School }).collect();
        let tie = |a: usize, b: usize, partnerships: u32| Tie {
            a: ids[a],
            b: ids[b],
            partnerships,
            interactions: 0,
            trust: None,
            reliability: None,
        };
        let one = shape_fingerprint(&nodes, &[tie(0, 1, 1), tie(1, 2, 1)]);
        let mut reversed = nodes.clone();
        reversed.reverse();
        assert_eq!(one, shape_fingerprint(&reversed, &[tie(2, 1, 3), tie(1, 0, 1)]), "order and weight do not count");
        assert_ne!(one, shape_fingerprint(&nodes, &[tie(0, 1, 1), tie(1, 3, 1)]), "another tie is another shape");
        assert_ne!(one, shape_fingerprint(&nodes[..3], &[tie(0, 1, 1), tie(1, 2, 1)]), "an organisation fewer is too");
    }
}
