//! What a partnership shows today, kept in memory between requests: its assessment (health,
//! warnings, trend, members' reliability) and the records its page lists.
//!
//! Reading a partnership's evidence takes a dozen queries; checking whether it changed takes
//! none of its own: `Store::partnership_read` reads the partnership's stamp in the query that
//! reads the partnership, which every request about a partnership makes anyway. Every write to a partnership's evidence refreshes its trust state in its transaction, and each
//! refresh renews the partnership's `stamp`; a write that moves no score (a promise made or
//! renegotiated before it counts) renews the stamp alone. Anything read after reading stamp S holds while
//! the stored stamp is still S and the day has not turned: a write committed after the stamp
//! was read is followed by a refresh, which renews it. The stamp lives in the database, so a
//! write made through any process (another server, the job runner, the command line) is seen
//! by every server.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rapport_core::concern::Concern;
use rapport_core::kudos::Kudos;
use rapport_core::records::{CheckIn, Commitment, Goal, Milestone, Partnership};
use rapport_core::trust::Assessment;
use sea_orm::Condition;
use uuid::Uuid;

use crate::{CommitmentFilter, ConcernFilter, PageRequest, Store, StoreError, StoreResult};

/// Assessments kept at most: a few kilobytes each.
const ASSESSMENTS_KEPT: usize = 4096;
/// Pages' records kept at most: tens of kilobytes each for a busy partnership.
const RECORDS_KEPT: usize = 1024;

/// The most records of one kind a partnership's page lists.
const PAGE_LIST_LIMIT: u64 = 200;
/// The latest kudos a partnership's page celebrates.
const PAGE_WINS: u64 = 5;

/// The records a partnership's page lists, as read for any viewer who may see the
/// partnership. Concerns are every party's: the page shows each viewer those they may see.
#[derive(Debug, Clone)]
pub struct PartnershipRecords {
    /// Goals still pursued.
    pub goals: Vec<Goal>,
    /// Milestones of every goal, by due date.
    pub milestones: Vec<Milestone>,
    pub commitments: Vec<Commitment>,
    /// Latest meeting first.
    pub checkins: Vec<CheckIn>,
    pub vision_revisions: usize,
    /// Concerns still open, newest first, private ones included.
    pub open_concerns: Vec<Concern>,
    /// The latest kudos, newest first. Whoever sees a partnership sees all its kudos.
    pub wins: Vec<Kudos>,
    /// The names of the workspace's people these records mention. A person's name never
    /// changes and nobody leaves a workspace, so the names hold as long as the records do.
    pub people: HashMap<Uuid, String>,
}

impl PartnershipRecords {
    /// Everyone these records name: promisors, attendees, whoever raised a concern, and
    /// senders and recipients of kudos.
    fn mentioned_people(&self) -> BTreeSet<Uuid> {
        let commitments = self.commitments.iter().filter_map(|c| c.promisor_user_id);
        let attendees = self.checkins.iter().flat_map(|c| c.attendee_user_ids.iter().copied());
        let concerns = self.open_concerns.iter().flat_map(|c| std::iter::once(c.raised_by).chain(c.mediator_user_id));
        let wins = self.wins.iter().flat_map(|k| std::iter::once(k.from_user_id).chain(k.to_user_id));
        commitments.chain(attendees).chain(concerns).chain(wins).collect()
    }
}

/// A reading of a partnership's stamp on a day: what was kept under the same reading still
/// holds. Read it before anything kept under it: a write landing in between renews the stamp,
/// so what is kept under the old one is never newer than it claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    partnership: Uuid,
    /// `None` until the partnership's trust state is first stored: nothing is kept then.
    stamp: Option<Uuid>,
    on: NaiveDate,
}

impl Reading {
    pub(crate) fn new(partnership: Uuid, stamp: Option<Uuid>, on: NaiveDate) -> Reading {
        Reading { partnership, stamp, on }
    }

    /// The day the reading was taken: what is kept under it is as of that day.
    pub fn on(&self) -> NaiveDate {
        self.on
    }
}

/// Values kept per partnership under a reading of its stamp. Past its capacity an eighth is
/// dropped at random (hash order), which keeps the partnerships read often without bookkeeping
/// on every read.
pub(crate) struct StampedCache<T> {
    capacity: usize,
    entries: Mutex<HashMap<Uuid, Kept<T>>>,
}

struct Kept<T> {
    stamp: Uuid,
    on: NaiveDate,
    value: Arc<T>,
}

impl<T> StampedCache<T> {
    fn new(capacity: usize) -> StampedCache<T> {
        StampedCache { capacity, entries: Mutex::default() }
    }

    fn get(&self, reading: &Reading) -> Option<Arc<T>> {
        let stamp = reading.stamp?;
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries
            .get(&reading.partnership)
            .filter(|kept| kept.stamp == stamp && kept.on == reading.on)
            .map(|kept| kept.value.clone())
    }

    fn put(&self, reading: &Reading, value: Arc<T>) {
        let Some(stamp) = reading.stamp else { return };
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() >= self.capacity && !entries.contains_key(&reading.partnership) {
            let dropped: Vec<Uuid> = entries.keys().take(self.capacity / 8).copied().collect();
            for id in dropped {
                entries.remove(&id);
            }
        }
        entries.insert(reading.partnership, Kept { stamp, on: reading.on, value });
    }
}

/// Both kinds of kept values, one per server.
pub(crate) struct KeptToday {
    assessments: StampedCache<Assessment>,
    records: StampedCache<PartnershipRecords>,
}

impl Default for KeptToday {
    fn default() -> Self {
        KeptToday { assessments: StampedCache::new(ASSESSMENTS_KEPT), records: StampedCache::new(RECORDS_KEPT) }
    }
}

impl Store {
    /// `partnership`'s assessment as of the day of `reading`, from memory while it holds.
    pub async fn assessment_at(
        &self,
        workspace_id: Uuid,
        partnership: &Partnership,
        reading: &Reading,
    ) -> StoreResult<Arc<Assessment>> {
        if let Some(kept) = self.kept.assessments.get(reading) {
            return Ok(kept);
        }
        let assessment = Arc::new(self.assess(workspace_id, partnership, reading.on).await?);
        self.kept.assessments.put(reading, assessment.clone());
        Ok(assessment)
    }

    /// `partnership`'s assessment as of `as_of`, from its records as they stood that day.
    pub async fn assess(
        &self,
        workspace_id: Uuid,
        partnership: &Partnership,
        as_of: NaiveDate,
    ) -> StoreResult<Assessment> {
        let (_, snapshot) =
            self.partnership_snapshots(workspace_id, &[partnership.id]).await?.pop().ok_or(StoreError::NotFound)?;
        let running = partnership.status.is_running() && partnership.archived_at.is_none();
        Ok(Assessment::of(&snapshot, running, as_of, &self.trust_settings(workspace_id).await?))
    }

    /// The records `partnership`'s page lists, from memory while `reading` holds. The caller
    /// has already checked that the viewer may see the partnership.
    pub async fn page_records(
        &self,
        workspace_id: Uuid,
        partnership: Uuid,
        reading: &Reading,
    ) -> StoreResult<Arc<PartnershipRecords>> {
        if let Some(kept) = self.kept.records.get(reading) {
            return Ok(kept);
        }
        let list = PageRequest { after: None, limit: PAGE_LIST_LIMIT, include_archived: false };
        let mut checkins = self.checkins(workspace_id, partnership, list).await?.items;
        checkins.sort_by(|a, b| b.held_on.cmp(&a.held_on).then(b.created_at.cmp(&a.created_at)));
        let mut records = PartnershipRecords {
            goals: self.goals(workspace_id, partnership, false).await?,
            milestones: self.milestones(workspace_id, partnership, None).await?,
            commitments: self.commitments(workspace_id, partnership, CommitmentFilter::default(), list).await?.items,
            checkins,
            vision_revisions: self.vision_history(workspace_id, partnership).await?.len(),
            open_concerns: self
                .concerns_where(
                    workspace_id,
                    Condition::all(),
                    ConcernFilter { partnership: Some(partnership), open_only: true },
                    list,
                )
                .await?
                .items,
            wins: self
                .kudos_where(
                    workspace_id,
                    Condition::all(),
                    Some(partnership),
                    PageRequest { limit: PAGE_WINS, ..list },
                )
                .await?
                .items,
            people: HashMap::new(),
        };
        records.people = self.people_names(workspace_id, records.mentioned_people()).await?;
        let records = Arc::new(records);
        self.kept.records.put(reading, records.clone());
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(partnership: Uuid, stamp: Uuid, on: NaiveDate) -> Reading {
        Reading { partnership, stamp: Some(stamp), on }
    }

    #[test]
    fn a_kept_value_holds_only_for_its_stamp_and_day() {
        let cache = StampedCache::new(16);
        let (partnership, stamp) = (Uuid::new_v4(), Uuid::new_v4());
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        cache.put(&reading(partnership, stamp, today), Arc::new(0.7));
        assert_eq!(cache.get(&reading(partnership, stamp, today)).as_deref(), Some(&0.7));
        assert!(cache.get(&reading(partnership, Uuid::new_v4(), today)).is_none(), "a write renewed the stamp");
        assert!(cache.get(&reading(partnership, stamp, today.succ_opt().unwrap())).is_none(), "the day turned");
        assert!(cache.get(&reading(Uuid::new_v4(), stamp, today)).is_none());
    }

    #[test]
    fn nothing_is_kept_before_the_first_stamp() {
        let cache = StampedCache::new(16);
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let unstamped = Reading { partnership: Uuid::new_v4(), stamp: None, on: today };
        cache.put(&unstamped, Arc::new(0.5));
        assert!(cache.get(&unstamped).is_none());
    }

    #[test]
    fn the_cache_stays_within_its_capacity() {
        let cache = StampedCache::new(16);
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        for _ in 0..100 {
            cache.put(&reading(Uuid::new_v4(), Uuid::new_v4(), today), Arc::new(0.5));
        }
        assert!(cache.entries.lock().unwrap().len() <= 16);
    }
}
