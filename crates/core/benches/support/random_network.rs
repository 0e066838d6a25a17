//! SPEC 9's network shape for the network bench and example: a seeded random network in one
//! connected piece (a random tree joins everyone, then random pairs until the count is reached).

use std::collections::HashSet;

use rapport_core::kinds::OrganizationKind;
use rapport_core::network::{NetworkNode, Tie};
use uuid::Uuid;

/// A seeded random network of `organizations` in one piece with `ties` distinct ties.
pub fn random_network(organizations: u64, ties: usize) -> (Vec<NetworkNode>, Vec<Tie>) {
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
