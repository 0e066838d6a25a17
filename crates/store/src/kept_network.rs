//! The network job's last result, kept in memory between requests: every organisation's stored
//! place and every stored tie, with each organisation's ties at hand.
//!
//! A map or an organisation page of a large network walks two steps of ties from a few
//! organisations, which in SQL is thousands of rows per request; in memory it is a few
//! microseconds. What is kept is exactly what the job stored, so it holds until the job stores
//! its next result: each read checks the snapshot's `computed_at` (one small row) and reads the
//! stored network again when it moved. The stamp lives in the database, so a result stored by
//! another process (the job runner, the command line) is seen by every server.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use uuid::Uuid;

use crate::network_snapshot::{NetworkSnapshot, StoredPosition, StoredTie};
use crate::{Store, StoreResult};

/// The stored network of one workspace as the job left it.
#[derive(Debug)]
pub struct KeptNetwork {
    pub snapshot: NetworkSnapshot,
    /// Every placed organisation, by id.
    positions: Vec<StoredPosition>,
    /// Every tie, by its ends (`a` is the lower id).
    ties: Vec<StoredTie>,
    /// Where each organisation is in `positions`.
    index: HashMap<Uuid, usize>,
    /// For each organisation of `positions`, the indices in `ties` of its ties:
    /// `touching[start[i]..start[i + 1]]`, and at the same places the index of the other end
    /// in `positions` (`usize::MAX` for an end the job did not place).
    start: Vec<usize>,
    touching: Vec<usize>,
    other_end: Vec<usize>,
    /// Answers worked out from this network and the directory (see [`KeptNetwork::remembered`]).
    memo: Mutex<Memo>,
}

/// Answers worked out from a kept network and the directory at one version, by key.
#[derive(Default)]
struct Memo {
    directory_version: i64,
    answers: HashMap<String, Arc<dyn Any + Send + Sync>>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Memo({} answers at directory version {})", self.answers.len(), self.directory_version)
    }
}

/// At most this many answers are kept per network; past it they are forgotten and worked out
/// again, which bounds memory whatever readers ask.
const MEMO_SIZE: usize = 2_000;

impl KeptNetwork {
    fn new(snapshot: NetworkSnapshot, mut positions: Vec<StoredPosition>, mut ties: Vec<StoredTie>) -> KeptNetwork {
        positions.sort_by_key(|p| p.organization_id);
        ties.sort_by_key(|t| (t.tie.a, t.tie.b));
        let index: HashMap<Uuid, usize> = positions.iter().enumerate().map(|(i, p)| (p.organization_id, i)).collect();
        let index_of = |id: &Uuid| index.get(id).copied();
        let mut counts = vec![0usize; positions.len() + 1];
        let ends: Vec<(Option<usize>, Option<usize>)> =
            ties.iter().map(|t| (index_of(&t.tie.a), index_of(&t.tie.b))).collect();
        for end in ends.iter().flat_map(|(a, b)| [a, b]).flatten() {
            counts[end + 1] += 1;
        }
        let mut start = counts;
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut next = start.clone();
        let mut touching = vec![0; start[positions.len()]];
        let mut other_end = vec![usize::MAX; start[positions.len()]];
        for (tie, (a, b)) in ends.iter().enumerate() {
            for (end, other) in [(a, b), (b, a)] {
                if let Some(end) = end {
                    touching[next[*end]] = tie;
                    other_end[next[*end]] = other.unwrap_or(usize::MAX);
                    next[*end] += 1;
                }
            }
        }
        KeptNetwork { snapshot, positions, ties, index, start, touching, other_end, memo: Mutex::default() }
    }

    /// The answer kept under `key` if it was worked out from this network and the directory at
    /// `directory_version` ([`Store::directory_version`]). A map or partner suggestions depend
    /// only on those two, so a page read many times between changes is worked out once.
    pub fn remembered<T: Any + Send + Sync>(&self, directory_version: i64, key: &str) -> Option<Arc<T>> {
        let memo = self.memo.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if memo.directory_version != directory_version {
            return None;
        }
        memo.answers.get(key).cloned().and_then(|answer| answer.downcast::<T>().ok())
    }

    /// Keeps `answer`, worked out at `directory_version`, under `key`.
    pub fn remember<T: Any + Send + Sync>(&self, directory_version: i64, key: String, answer: Arc<T>) {
        let mut memo = self.memo.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if directory_version < memo.directory_version {
            // Worked out before a change another request has already seen: not worth keeping.
            return;
        }
        if memo.directory_version != directory_version || memo.answers.len() >= MEMO_SIZE {
            memo.answers.clear();
            memo.directory_version = directory_version;
        }
        memo.answers.insert(key, answer);
    }

    /// Every placed organisation, by id.
    pub fn positions(&self) -> &[StoredPosition] {
        &self.positions
    }

    /// Every tie, by its ends.
    pub fn ties(&self) -> &[StoredTie] {
        &self.ties
    }

    pub fn position(&self, id: Uuid) -> Option<&StoredPosition> {
        self.index.get(&id).map(|&i| &self.positions[i])
    }

    /// How many organisations `id` is tied to (0 for one the job did not place).
    pub fn degree(&self, id: Uuid) -> usize {
        self.position(id).map_or(0, |p| p.degree)
    }

    fn range_of(&self, id: Uuid) -> std::ops::Range<usize> {
        self.index.get(&id).map_or(0..0, |&i| self.start[i]..self.start[i + 1])
    }

    /// The ties with `id` at one end.
    pub fn ties_of(&self, id: Uuid) -> impl Iterator<Item = &StoredTie> {
        self.touching[self.range_of(id)].iter().map(|&tie| &self.ties[tie])
    }

    /// The ties whose first end (`a`, the lower id) is `id`: each tie is listed by one end only.
    pub fn ties_from(&self, id: Uuid) -> impl Iterator<Item = &StoredTie> {
        self.ties_of(id).filter(move |t| t.tie.a == id)
    }

    /// `seeds` and every organisation within `steps` ties of them.
    pub fn within_steps(&self, seeds: &[Uuid], steps: usize) -> Vec<Uuid> {
        let mut reached = vec![false; self.positions.len()];
        let mut found: Vec<Uuid> = Vec::new();
        let mut frontier: Vec<usize> = Vec::new();
        for seed in seeds {
            match self.index.get(seed) {
                Some(&i) if !reached[i] => {
                    reached[i] = true;
                    frontier.push(i);
                }
                Some(_) => {}
                // Made since the job ran: no ties yet, but asked about.
                None if !found.contains(seed) => found.push(*seed),
                None => {}
            }
        }
        found.extend(frontier.iter().map(|&i| self.positions[i].organization_id));
        for _ in 0..steps {
            let mut next = Vec::new();
            for i in frontier {
                for &other in &self.other_end[self.start[i]..self.start[i + 1]] {
                    if other != usize::MAX && !reached[other] {
                        reached[other] = true;
                        next.push(other);
                        found.push(self.positions[other].organization_id);
                    }
                }
            }
            frontier = next;
        }
        found
    }

    /// The organisations tied to `id`.
    pub fn partners_of(&self, id: Uuid) -> impl Iterator<Item = Uuid> {
        self.ties_of(id).map(move |t| if t.tie.a == id { t.tie.b } else { t.tie.a })
    }
}

/// The kept networks of this process's workspaces.
#[derive(Debug, Default)]
pub(crate) struct KeptNetworks {
    kept: Mutex<HashMap<Uuid, Arc<KeptNetwork>>>,
    /// One reading of a stored network at a time: requests arriving together after the job
    /// stored a new one wait for the first reading instead of each making their own.
    reading: tokio::sync::Mutex<()>,
}

impl KeptNetworks {
    fn current(&self, workspace_id: Uuid, snapshot: &NetworkSnapshot) -> Option<Arc<KeptNetwork>> {
        let kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.get(&workspace_id).filter(|k| k.snapshot.computed_at == snapshot.computed_at).cloned()
    }
}

impl Store {
    /// The workspace's stored network, from memory while the job has stored nothing newer;
    /// `None` if it was never computed.
    pub async fn kept_network(&self, workspace_id: Uuid) -> StoreResult<Option<Arc<KeptNetwork>>> {
        let Some(snapshot) = self.network_snapshot(workspace_id).await? else { return Ok(None) };
        if let Some(kept) = self.networks.current(workspace_id, &snapshot) {
            return Ok(Some(kept));
        }
        let _turn = self.networks.reading.lock().await;
        if let Some(kept) = self.networks.current(workspace_id, &snapshot) {
            return Ok(Some(kept));
        }
        // The job replaces snapshot, places and ties in one transaction; reading the snapshot's
        // stamp again after them tells whether they are all of one computation (the same on
        // both databases, whatever their isolation).
        let mut snapshot = snapshot;
        let (positions, ties) = loop {
            let positions = self.network_positions(workspace_id).await?;
            let ties = self.network_ties(workspace_id).await?;
            match self.network_snapshot(workspace_id).await? {
                Some(again) if again.computed_at == snapshot.computed_at => break (positions, ties),
                Some(again) => snapshot = again,
                None => return Ok(None),
            }
        };
        let kept = Arc::new(KeptNetwork::new(snapshot, positions, ties));
        self.networks
            .kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(workspace_id, Arc::clone(&kept));
        Ok(Some(kept))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::network::Tie;

    fn tie(a: Uuid, b: Uuid) -> StoredTie {
        StoredTie {
            tie: Tie { a: a.min(b), b: a.max(b), partnerships: 1, interactions: 0, trust: None, reliability: None },
            partnership_kinds: Vec::new(),
        }
    }

    fn placed(id: Uuid) -> StoredPosition {
        StoredPosition { organization_id: id, degree: 0, betweenness: 0.0, component: 0, x: 0.0, y: 0.0 }
    }

    #[test]
    fn each_organisation_finds_exactly_its_own_ties() {
        let ids: Vec<Uuid> = (0..6).map(|_| Uuid::new_v4()).collect();
        let pairs = [(0, 1), (0, 2), (1, 2), (3, 4)];
        let kept = KeptNetwork::new(
            NetworkSnapshot {
                computed_at: chrono::DateTime::UNIX_EPOCH,
                as_of: chrono::NaiveDate::MIN,
                measures: serde_json::Value::Null,
            },
            ids.iter().map(|id| placed(*id)).collect(),
            pairs.iter().map(|(a, b)| tie(ids[*a], ids[*b])).collect(),
        );
        let partners = |i: usize| {
            let mut found: Vec<Uuid> = kept.partners_of(ids[i]).collect();
            found.sort();
            found
        };
        let sorted = |mut v: Vec<Uuid>| {
            v.sort();
            v
        };
        assert_eq!(partners(0), sorted(vec![ids[1], ids[2]]));
        assert_eq!(partners(2), sorted(vec![ids[0], ids[1]]));
        assert_eq!(partners(4), vec![ids[3]]);
        assert!(partners(5).is_empty(), "an isolate has no ties");
        assert_eq!(kept.ties_of(Uuid::new_v4()).count(), 0, "an organisation the job never placed has none");
        assert_eq!(kept.ties().len(), 4);
        let mut near = kept.within_steps(&[ids[0]], 2);
        near.sort();
        assert_eq!(near, sorted(vec![ids[0], ids[1], ids[2]]), "two steps from 0 stay in its triangle");
        let mut one_step = kept.within_steps(&[ids[3], ids[5]], 1);
        one_step.sort();
        assert_eq!(one_step, sorted(vec![ids[3], ids[4], ids[5]]));
    }
}
