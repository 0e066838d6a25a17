//! A partnership's story in one list (its timeline), and who changed what (the activity log).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::kinds::{ActivityAction, RecordKind, TimelineKind};
use crate::trust::RecordRef;

/// One dated event in a partnership's life.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub kind: TimelineKind,
    /// The day it happened.
    pub on: NaiveDate,
    /// The record it is about; `None` for a revision of the partnership's vision.
    pub record: Option<RecordRef>,
    /// One line saying what happened.
    pub title: String,
    pub detail: Option<String>,
    /// The member organisation it concerns, when one does.
    pub organization_id: Option<Uuid>,
    /// Breaks ties between entries of the same day: the id of the row that recorded it (ids are
    /// UUIDv7, so this is the order they were written in).
    #[serde(skip)]
    pub sequence: Uuid,
}

/// Newest first; entries of one day in the reverse of the order they were written.
pub fn sort_newest_first(entries: &mut [TimelineEntry]) {
    entries.sort_by_key(|e| std::cmp::Reverse((e.on, e.sequence)));
}

/// One write, as the activity log keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityEntry {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    /// Who made the change; `None` for changes made by Rapport itself.
    pub actor_user_id: Option<Uuid>,
    pub record_kind: RecordKind,
    pub record_id: Uuid,
    pub partnership_id: Option<Uuid>,
    pub action: ActivityAction,
    /// What changed, in one line.
    pub summary: String,
}
