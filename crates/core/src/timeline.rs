//! A partnership's story in one list (its timeline), and who changed what (the activity log).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::kinds::{
    ActivityAction, AgreementKind, AgreementStatus, ConcernState, ContributionKind, RecordKind, RetrospectiveItemKind,
    TimelineKind,
};
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
    /// What happened, as facts: `title` (and a retrospective's `detail`) are their English;
    /// pages word them in the reader's language. Not sent.
    #[serde(skip)]
    pub what: TimelineWhat,
}

/// What happened on a timeline entry, with the names and titles it mentions. `who` is `None`
/// for an organisation no longer in the partnership.
#[derive(Debug, Clone, PartialEq)]
pub enum TimelineWhat {
    CheckIn {
        agenda: Option<String>,
    },
    Promised {
        who: Option<String>,
        description: String,
    },
    Kept {
        who: Option<String>,
        description: String,
        late: bool,
    },
    Renegotiated {
        who: Option<String>,
        description: String,
        to: Option<NaiveDate>,
    },
    Cancelled {
        description: String,
    },
    Missed {
        who: Option<String>,
        description: String,
    },
    MilestoneMet {
        title: String,
    },
    Concern {
        state: ConcernState,
        title: String,
    },
    Kudos {
        to: Option<String>,
    },
    Contribution {
        who: Option<String>,
        amount: f64,
        unit: String,
        kind: ContributionKind,
    },
    VisionRevised,
    /// A retrospective and how many items of each kind it holds (kinds with none left out).
    Retrospective {
        title: String,
        counts: Vec<(RetrospectiveItemKind, usize)>,
    },
    SurveyOpened {
        title: String,
    },
    SurveyClosed {
        title: String,
    },
    AgreementSigned {
        kind: AgreementKind,
        title: String,
    },
    AgreementDrafted {
        kind: AgreementKind,
        title: String,
    },
    AgreementFinished {
        kind: AgreementKind,
        status: AgreementStatus,
        title: String,
    },
}

impl TimelineWhat {
    /// The entry's title in English.
    pub fn title(&self) -> String {
        let who = |who: &Option<String>| who.clone().unwrap_or_else(|| "An organisation".to_owned());
        match self {
            TimelineWhat::CheckIn { agenda: Some(first) } => format!("Check-in: {first}"),
            TimelineWhat::CheckIn { agenda: None } => "Check-in held".to_owned(),
            TimelineWhat::Promised { who: w, description } => format!("{} promised: {description}", who(w)),
            TimelineWhat::Kept { who: w, description, late } => {
                format!("{} kept its promise{}: {description}", who(w), if *late { " (late)" } else { "" })
            }
            TimelineWhat::Renegotiated { who: w, description, to } => {
                let due = to.map(|d| format!(" to {d}")).unwrap_or_default();
                format!("{} renegotiated{due}: {description}", who(w))
            }
            TimelineWhat::Cancelled { description } => format!("Cancelled by agreement: {description}"),
            TimelineWhat::Missed { who: w, description } => format!("{} missed a promise: {description}", who(w)),
            TimelineWhat::MilestoneMet { title } => format!("Milestone met: {title}"),
            TimelineWhat::Concern { state, title } => format!("Concern {}: {title}", state.label().to_lowercase()),
            TimelineWhat::Kudos { to } => format!("Kudos to {}", to.clone().unwrap_or_else(|| "a partner".to_owned())),
            TimelineWhat::Contribution { who: w, amount, unit, kind } => {
                format!("{} contributed {} {unit} ({})", who(w), format_amount(*amount), kind.label().to_lowercase())
            }
            TimelineWhat::VisionRevised => "Shared vision revised".to_owned(),
            TimelineWhat::Retrospective { title, .. } => format!("Retrospective: {title}"),
            TimelineWhat::SurveyOpened { title } => format!("Pulse survey opened: {title}"),
            TimelineWhat::SurveyClosed { title } => format!("Pulse survey closed: {title}"),
            TimelineWhat::AgreementSigned { kind, title } => format!("{} signed: {title}", kind.label()),
            TimelineWhat::AgreementDrafted { kind, title } => {
                format!("{} recorded as a draft: {title}", kind.label())
            }
            TimelineWhat::AgreementFinished { kind, status, title } => {
                format!("{} {}: {title}", kind.label(), status.label().to_lowercase())
            }
        }
    }

    /// A retrospective's items counted by kind, in English: "1 went well · 2 lesson learned".
    pub fn retrospective_detail(counts: &[(RetrospectiveItemKind, usize)]) -> Option<String> {
        let detail = counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{n} {}", k.label().to_lowercase()))
            .collect::<Vec<_>>()
            .join(" · ");
        (!detail.is_empty()).then_some(detail)
    }
}

/// An amount as the timeline writes it: whole numbers without decimals, others with two.
pub fn format_amount(amount: f64) -> String {
    if amount.fract() == 0.0 && amount.abs() < 1e15 { format!("{}", amount as i64) } else { format!("{amount:.2}") }
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
