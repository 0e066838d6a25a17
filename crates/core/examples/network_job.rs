//! One run of the network job's computation (every measure, then the layout) on the bench's
//! 5,000 / 20,000 network, printing each part's wall time; run under `/usr/bin/time` for its
//! CPU time and peak memory, which a busy machine does not distort the way it does wall time:
//! `cargo build --release -p rapport-core --example network_job &&
//! /usr/bin/time -f "%e s wall, %U s user, %M KB" target/release/examples/network_job`

#[path = "../benches/support/random_network.rs"]
mod random_network;

use std::time::Instant;

use rapport_core::network::{layout, measure};

fn main() {
    let (nodes, ties) = random_network::random_network(5_000, 20_000);
    let started = Instant::now();
    let measures = measure(&nodes, &ties);
    let measured = started.elapsed();
    let at = layout(&nodes, &ties);
    let total = started.elapsed();
    println!(
        "{} organisations, {} ties, {} piece(s): measures {:.2} s, layout {:.2} s, together {:.2} s ({} placed)",
        measures.organizations,
        measures.ties,
        measures.components,
        measured.as_secs_f64(),
        (total - measured).as_secs_f64(),
        total.as_secs_f64(),
        at.len()
    );
}
