//! The network job's cost on SPEC 9's shape: 5,000 organisations and 20,000 distinct ties in one
//! connected piece, drawn at random from a fixed seed (a random tree joins everyone, then random
//! pairs until there are 20,000). The measures (betweenness: Brandes over every organisation)
//! and the layout are what the `network` job computes once per change of ties.
//! Run with `cargo bench -p rapport-core --bench network`; numbers go to BENCHMARKS.md.

#[path = "support/random_network.rs"]
mod random_network;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use random_network::random_network;
use rapport_core::network::{layout, measure};

const ORGANIZATIONS: u64 = 5_000;
const TIES: usize = 20_000;

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
