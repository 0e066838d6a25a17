//! The search for a small isolatable set inside one connected part of the published equations,
//! once every column that needs at least `m` respondents to remove has been taken out
//! (see the module above for the whole method).
//!
//! Here a part is given by its columns: each a vector (its coordinates in a basis of the part's
//! row space, exact) and its owners (the respondents whose answers the column carries). A set
//! `S` of respondents removes the columns it owns entirely; `S` is isolatable when the columns
//! left no longer span. The search looks for such an `S` with fewer than `m` respondents.
//!
//! Rank tests in the search run modulo a large prime. That is sound where it is used: a rank
//! modulo p is never above the rational rank, so "these columns span" modulo p implies it over
//! the rationals (pruning and the packing certificate rely only on that), and a set found to be
//! isolatable modulo p is confirmed with exact arithmetic before it is reported.

use std::collections::HashSet;

use super::exact::{Echelon, Row};

const P: u64 = (1 << 61) - 1;

fn mul(a: u64, b: u64) -> u64 {
    let product = a as u128 * b as u128;
    let folded = (product & P as u128) + (product >> 61);
    let folded = folded as u64;
    if folded >= P { folded - P } else { folded }
}

fn sub(a: u64, b: u64) -> u64 {
    if a >= b { a - b } else { a + P - b }
}

fn pow(mut base: u64, mut exponent: u64) -> u64 {
    let mut result = 1;
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = mul(result, base);
        }
        base = mul(base, base);
        exponent >>= 1;
    }
    result
}

fn inverse(a: u64) -> u64 {
    pow(a, P - 2)
}

fn reduce(value: i128) -> u64 {
    value.rem_euclid(P as i128) as u64
}

/// Vectors modulo P in echelon form, dense, each stored with a leading 1.
#[derive(Clone)]
struct ModEchelon {
    dim: usize,
    /// `lead[i]`: the stored vector leading at coordinate `i`.
    lead: Vec<Option<Vec<u64>>>,
    rank: usize,
}

impl ModEchelon {
    fn new(dim: usize) -> Self {
        ModEchelon { dim, lead: vec![None; dim], rank: 0 }
    }

    fn full(&self) -> bool {
        self.rank == self.dim
    }

    /// Inserts a vector; true when it raised the rank.
    fn insert(&mut self, vector: &[u64]) -> bool {
        if self.full() {
            return false;
        }
        let mut v = vector.to_vec();
        for i in 0..self.dim {
            if v[i] == 0 {
                continue;
            }
            match &self.lead[i] {
                Some(pivot) => {
                    let factor = v[i];
                    for (x, &y) in v[i..].iter_mut().zip(&pivot[i..]) {
                        if y != 0 {
                            *x = sub(*x, mul(factor, y));
                        }
                    }
                }
                None => {
                    let scale = inverse(v[i]);
                    for x in &mut v[i..] {
                        *x = mul(*x, scale);
                    }
                    self.lead[i] = Some(v);
                    self.rank += 1;
                    return true;
                }
            }
        }
        false
    }
}

/// The answer for one part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Found {
    /// No set of fewer than `m` respondents is isolatable.
    Safe,
    /// These respondents (fewer than `m`) can be singled out.
    Isolatable(Vec<u32>),
    /// The search ran out of its allowance (or of exact precision) before deciding.
    Undecided,
}

/// How many column insertions one part's search may spend before it gives up (then the caller
/// hides more rather than less): a few seconds at most. Surveys of a few hundred people need
/// well under a hundred thousand.
const WORK_LIMIT: u64 = 5_000_000;

struct Search<'a> {
    exact: &'a [Vec<i128>],
    vectors: Vec<Vec<u64>>,
    owners: &'a [Vec<u32>],
    dim: usize,
    work: u64,
    visited: HashSet<Vec<u32>>,
}

fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = a.iter().chain(b).copied().collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn union_len(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => i += 1,
            (Some(_), Some(_)) => j += 1,
            (Some(_), None) => i += 1,
            (None, _) => j += 1,
        }
        n += 1;
    }
    n
}

fn subset(a: &[u32], of: &[u32]) -> bool {
    a.iter().all(|x| of.binary_search(x).is_ok())
}

enum Step {
    Done(Found),
    Continue,
}

impl Search<'_> {
    /// Exact check that removing the columns `set` owns leaves columns that do not span.
    fn confirm(&self, set: &[u32]) -> Option<bool> {
        let mut echelon = Echelon::default();
        for (column, owners) in self.exact.iter().zip(self.owners) {
            if subset(owners, set) {
                continue;
            }
            let main = column.iter().enumerate().filter(|(_, v)| **v != 0).map(|(i, v)| (i as u32, *v)).collect();
            if echelon.insert(Row { main, track: Vec::new() }).is_err() {
                return None;
            }
            if echelon.rank() == self.dim {
                return Some(false);
            }
        }
        Some(true)
    }

    /// `teams` disjoint sets of respondents, each of whose columns alone span: then no set of
    /// fewer than `teams` respondents can remove a column of every one of them, and the part is
    /// safe at that size. Built greedily; failing to find them proves nothing.
    fn packing(&mut self, teams: usize) -> bool {
        let mut people: Vec<u32> = self.owners.iter().flatten().copied().collect();
        people.sort_unstable();
        people.dedup();
        let mut columns_of: std::collections::HashMap<u32, Vec<usize>> = std::collections::HashMap::new();
        for (c, owners) in self.owners.iter().enumerate() {
            for o in owners {
                columns_of.entry(*o).or_default().push(c);
            }
        }
        people.sort_by_key(|p| (std::cmp::Reverse(columns_of[p].len()), *p));
        let mut used = vec![false; people.len()];
        for _ in 0..teams {
            let mut echelon = ModEchelon::new(self.dim);
            for (i, person) in people.iter().enumerate() {
                if used[i] {
                    continue;
                }
                let mut raised = false;
                for &c in &columns_of[person] {
                    self.work += 1;
                    raised |= echelon.insert(&self.vectors[c]);
                    if echelon.full() {
                        break;
                    }
                }
                used[i] = raised;
                if echelon.full() {
                    break;
                }
            }
            if !echelon.full() {
                return false;
            }
        }
        true
    }

    /// Depth-first search from `set` for an isolatable set of at most `budget` respondents.
    fn explore(&mut self, set: Vec<u32>, budget: usize) -> Step {
        if self.work > WORK_LIMIT {
            return Step::Done(Found::Undecided);
        }
        // Columns that no extension of `set` within the budget can remove come first; if they
        // span alone, nothing below this node can work.
        let mut fixed = ModEchelon::new(self.dim);
        let mut removable: Vec<(usize, usize)> = Vec::new();
        for (c, owners) in self.owners.iter().enumerate() {
            if subset(owners, &set) {
                continue;
            }
            let cost = union_len(owners, &set);
            if cost > budget {
                if !fixed.full() {
                    self.work += 1;
                    fixed.insert(&self.vectors[c]);
                }
            } else {
                removable.push((c, cost));
            }
        }
        if fixed.full() {
            return Step::Continue;
        }
        // Extend to a basis of what is left, the costliest columns first; the columns the
        // extension needed are the only ones worth removing next: any isolatable superset of
        // `set` removes at least one column of every basis of the columns left.
        removable.sort_by_key(|&(c, cost)| (std::cmp::Reverse(cost), c));
        let mut needed: Vec<usize> = Vec::new();
        for &(c, _) in &removable {
            self.work += 1;
            if fixed.insert(&self.vectors[c]) {
                needed.push(c);
                if fixed.full() {
                    break;
                }
            }
        }
        if !fixed.full() {
            return Step::Done(match self.confirm(&set) {
                Some(true) => Found::Isolatable(set),
                // Modulo P fell short where the rationals did not (or precision ran out): do
                // not guess.
                _ => Found::Undecided,
            });
        }
        for c in needed {
            let next = union(&set, &self.owners[c]);
            if next.len() > budget || !self.visited.insert(next.clone()) {
                continue;
            }
            if let Step::Done(found) = self.explore(next, budget) {
                return Step::Done(found);
            }
        }
        Step::Continue
    }
}

/// Searches one part. `columns[i]` is column i's exact coordinates (all of length `dim`, the
/// part's rank, and spanning it together); `owners[i]` its owners, sorted, each column owned by
/// fewer than `m` respondents.
pub(super) fn search(columns: &[Vec<i128>], owners: &[Vec<u32>], m: usize) -> Found {
    let dim = columns.first().map_or(0, Vec::len);
    if dim == 0 {
        return Found::Safe;
    }
    let everyone: Vec<u32> = owners.iter().fold(Vec::new(), |acc, o| union(&acc, o));
    if everyone.len() < m {
        return Found::Isolatable(everyone);
    }
    let mut search = Search {
        exact: columns,
        vectors: columns.iter().map(|c| c.iter().map(|v| reduce(*v)).collect()).collect(),
        owners,
        dim,
        work: 0,
        visited: HashSet::new(),
    };
    if search.packing(m) {
        return Found::Safe;
    }
    // Smallest sets first, so that what is reported is a smallest isolatable set.
    for budget in 1..m {
        if budget + 1 < m && search.packing(budget + 1) {
            continue;
        }
        search.visited.clear();
        if let Step::Done(found) = search.explore(Vec::new(), budget) {
            return found;
        }
    }
    Found::Safe
}
