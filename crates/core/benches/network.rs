//! The network job's cost on SPEC 9's shape: 5,000 organisations and 20,000 distinct ties in one
//! connected piece, drawn at random from a fixed seed (a random tree joins everyone, then random
//! pairs until there are 20,000). The measures (betweenness: Brandes over every organisation)
//! and the layout are what the `network` job computes once per change of ties.
//! Run with `cargo bench -p rapport-core --bench network`; numbers go to BENCHMARKS.md.

use std::collections::HashSet;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rapport_core::kinds::OrganizationKind;
use rapport_core::network::{NetworkNode, Tie, layout, measure};
use uuid::Uuid;

const ORGANIZATIONS: u64 = 5_000;
const TIES: usize = 20_000;

/// A seeded random network of `organizations` in one piece with `ties` distinct ties.
fn random_network(organizations: u64, ties: usize) -> (Vec<NetworkNode>, Vec<Tie>) {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |below: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % below
    };
    let id = |i: u64| Uuid::from_u64_pair(1, i);
    let nodes = (0..organizations)
        .map(|i| NetworkNode { id: id(i), name: format!("Organisation {i}"), kind: OrganizationKind::School })
        .collect();
    let mut pairs: HashSet<(u64, u64)> = HashSet::new();
    for i in 1..organizations {
        pairs.insert((next(i), i));
    }
    while pairs.len() < ties {
        let (a, b) = (next(organizations), next(organizations));
        if a != b {
            pairs.insert((a.min(b), a.max(b)));
        }
    }
    let mut pairs: Vec<(u64, u64)> = pairs.into_iter().collect();
    pairs.sort_unstable();
    let ties = pairs
        .into_iter()
        .map(|(a, b)| Tie { a: id(a), b: id(b), partnerships: 1, interactions: 0, trust: None, reliability: None })
        .collect();
    (nodes, ties)
}

fn network_job(c: &mut Criterion) {
    let (nodes, ties) = random_network(ORGANIZATIONS, TIES);
    let measured = measure(&nodes, &ties);
    assert_eq!((measured.components, measured.ties), (1, TIES), "one piece of 20,000 distinct ties");
    let mut group = c.benchmark_group("network (5,000 organisations, 20,000 ties, one piece)");
    group.sample_size(10);
    group.bench_function("measures", |b| b.iter(|| black_box(measure(&nodes, &ties))));
    group.bench_function("layout", |b| b.iter(|| black_box(layout(&nodes, &ties))));
    group.bench_function("measures and layout (the network job's computation)", |b| {
        b.iter(|| black_box((measure(&nodes, &ties), layout(&nodes, &ties))));
    });
    group.finish();
}

criterion_group!(benches, network_job);
criterion_main!(benches);
