//! Today's assessment of each partnership (health, warnings, trend, members' reliability), kept
//! in memory between requests.
//!
//! Reading a partnership's evidence takes a dozen queries; checking whether it changed takes one.
//! Every write to a partnership's evidence refreshes its trust state once it commits, and each
//! refresh renews the partnership's `stamp`. An assessment made after reading stamp S holds
//! while the stored stamp is still S and the day has not turned: a write committed after the
//! stamp was read is followed by a refresh, which renews it. The stamp lives in the database,
//! so a write made through any process (another server, the job runner, the command
//! line) is seen by every server.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rapport_core::records::Partnership;
use rapport_core::trust::Assessment;
use sea_orm::{EntityTrait, QuerySelect};
use uuid::Uuid;

use crate::entities::*;
use crate::{Store, StoreError, StoreResult};

/// Assessments kept at most; a few kilobytes each. Past it, an eighth is dropped at random
/// (hash order), which keeps the partnerships read often without bookkeeping on every read.
const CAPACITY: usize = 4096;

#[derive(Default)]
pub(crate) struct AssessmentCache {
    entries: Mutex<HashMap<Uuid, Kept>>,
}

struct Kept {
    stamp: Uuid,
    on: NaiveDate,
    assessment: Arc<Assessment>,
}

impl AssessmentCache {
    fn get(&self, partnership: Uuid, stamp: Uuid, on: NaiveDate) -> Option<Arc<Assessment>> {
        let entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        entries.get(&partnership).filter(|kept| kept.stamp == stamp && kept.on == on).map(|kept| kept.assessment.clone())
    }

    fn put(&self, partnership: Uuid, stamp: Uuid, on: NaiveDate, assessment: Arc<Assessment>) {
        let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.len() >= CAPACITY && !entries.contains_key(&partnership) {
            let dropped: Vec<Uuid> = entries.keys().take(CAPACITY / 8).copied().collect();
            for id in dropped {
                entries.remove(&id);
            }
        }
        entries.insert(partnership, Kept { stamp, on, assessment });
    }
}

impl Store {
    /// `partnership`'s assessment as of today, from memory while its evidence is unchanged.
    /// The caller has already checked that the viewer may see the partnership.
    pub async fn assessment_today(&self, workspace_id: Uuid, partnership: &Partnership) -> StoreResult<Arc<Assessment>> {
        let today = self.today();
        // Read the stamp before the evidence: a write landing in between renews the stamp, so
        // what is kept under the old one is never newer than it claims.
        let stamp: Option<Option<Uuid>> = partnership_health::Entity::find_by_id(partnership.id)
            .select_only()
            .column(partnership_health::Column::Stamp)
            .into_tuple()
            .one(&self.db)
            .await?;
        let stamp = stamp.flatten();
        if let Some(stamp) = stamp
            && let Some(kept) = self.assessments.get(partnership.id, stamp, today)
        {
            return Ok(kept);
        }
        let assessment = Arc::new(self.assess(workspace_id, partnership, today).await?);
        if let Some(stamp) = stamp {
            self.assessments.put(partnership.id, stamp, today, assessment.clone());
        }
        Ok(assessment)
    }

    /// `partnership`'s assessment as of `as_of`, from its records as they stood that day.
    pub async fn assess(&self, workspace_id: Uuid, partnership: &Partnership, as_of: NaiveDate) -> StoreResult<Assessment> {
        let (_, snapshot) = self.partnership_snapshots(workspace_id, &[partnership.id]).await?.pop().ok_or(StoreError::NotFound)?;
        let running = partnership.status.is_running() && partnership.archived_at.is_none();
        Ok(Assessment::of(&snapshot, running, as_of, &self.trust_settings(workspace_id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::trust::{Health, TrendPoint};

    fn assessment(index: f64) -> Arc<Assessment> {
        let on = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        Arc::new(Assessment {
            as_of: on,
            health: Health { as_of: on, window_start: on, index: Some(index), components: Vec::new() },
            warnings: Vec::new(),
            trend: vec![TrendPoint { on, value: Some(index) }],
            members: Vec::new(),
        })
    }

    #[test]
    fn a_kept_assessment_holds_only_for_its_stamp_and_day() {
        let cache = AssessmentCache::default();
        let (partnership, stamp) = (Uuid::new_v4(), Uuid::new_v4());
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        cache.put(partnership, stamp, today, assessment(0.7));
        assert_eq!(cache.get(partnership, stamp, today).unwrap().health.index, Some(0.7));
        assert!(cache.get(partnership, Uuid::new_v4(), today).is_none(), "a write renewed the stamp");
        assert!(cache.get(partnership, stamp, today.succ_opt().unwrap()).is_none(), "the day turned");
        assert!(cache.get(Uuid::new_v4(), stamp, today).is_none());
    }

    #[test]
    fn the_cache_stays_within_its_capacity() {
        let cache = AssessmentCache::default();
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        for _ in 0..CAPACITY * 2 {
            cache.put(Uuid::new_v4(), Uuid::new_v4(), today, assessment(0.5));
        }
        assert!(cache.entries.lock().unwrap().len() <= CAPACITY);
    }
}
