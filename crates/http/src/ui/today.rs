//! What the home page leads with: what needs this person now, most severe first. Coordinators
//! see urgent warnings and unanswered concerns; members see these for their partnerships after
//! their organisation's commitments (shown by the home page itself); observers see the state of
//! the network.

use chrono::NaiveDate;
use rapport_app::trust::{DashboardQuery, DashboardRow, DashboardSort};
use rapport_app::{ConcernFilter, PageRequest, Session};
use rapport_core::concern::Concern;
use rapport_core::kinds::{ConcernSeverity, ConcernState, Severity, WarningKind};
use rapport_core::records::Partnership;
use rapport_core::trust::WarningRecord;
use uuid::Uuid;

use super::charts;
use super::context::UiResult;
use super::format::{self, Chip};
use super::trust::{IndexView, severity_chip};
use super::words;
use crate::i18n::Tr;

/// How many rows the home page shows before pointing to the full list.
const SHOWN: usize = 8;

/// One thing that needs attention: a warning or a concern.
pub struct NeedRow {
    pub chip: Chip,
    pub title: String,
    pub link: String,
    pub detail: String,
    /// Higher is more severe.
    level: u8,
    since: NaiveDate,
}

/// Urgent warnings and unanswered concerns, most severe first, then the longest waiting.
pub struct Needs {
    pub rows: Vec<NeedRow>,
    /// How many there are in all (the page shows at most [`SHOWN`]).
    pub total: usize,
}

pub async fn needs(tr: &Tr, session: &Session<'_>, ws: Uuid, partnerships: &[Partnership]) -> UiResult<Needs> {
    let english = tr.code() == rapport_core::lang::ENGLISH;
    let today = session.today();
    let name_of = |id: Uuid| partnerships.iter().find(|p| p.id == id).map(|p| p.name.clone());
    let concerns: Vec<Concern> = session
        .concerns(
            ConcernFilter { partnership: None, open_only: true },
            PageRequest { after: None, limit: 500, include_archived: false },
        )
        .await?
        .items
        .into_iter()
        .filter(|c| c.state == ConcernState::Raised)
        .collect();
    // A concern listed here is not listed again as the warning that it waits for an answer.
    let listed = |w: &WarningRecord| {
        w.warning.kind == WarningKind::ConcernUnanswered
            && w.warning.records.iter().all(|r| concerns.iter().any(|c| c.id == r.id))
    };
    let mut rows: Vec<NeedRow> = session
        .warnings_most_urgent_first(&Default::default(), 10_000)
        .await?
        .into_iter()
        .filter(|w| w.warning.severity >= Severity::Warning && !listed(w))
        .map(|w| NeedRow {
            chip: severity_chip(tr, w.warning.severity),
            // A warning's explanation is an English sentence, written when it was raised: other
            // languages name the warning by its kind, and its page says the rest.
            title: if english { w.warning.explanation.clone() } else { words::warning_kind(tr, w.warning.kind) },
            link: format!("/w/{ws}/warnings/{}", w.id),
            detail: tr.a(
                "home-need-warning-detail",
                [("partnership", w.partnership_name.clone()), ("when", format::relative_in(tr, w.raised_on, today))],
            ),
            level: if w.warning.severity == Severity::Critical { 3 } else { 2 },
            since: w.raised_on,
        })
        .collect();
    for c in concerns {
        let late = c.acknowledge_by < today;
        let high = c.severity == ConcernSeverity::High;
        let level = match (late, high) {
            (true, true) => 3,
            (true, false) | (false, true) => 2,
            (false, false) => 1,
        };
        let answer = if late {
            tr.a("home-need-concern-late", [("when", format::relative_in(tr, c.acknowledge_by, today))])
        } else {
            tr.a("home-need-concern-by", [("day", tr.day(c.acknowledge_by))])
        };
        let place = name_of(c.partnership_id).map(|n| format!("{n} · ")).unwrap_or_default();
        rows.push(NeedRow {
            chip: Chip {
                label: if late { tr.t("home-need-concern-overdue") } else { tr.t("home-need-concern") },
                tone: if late || high { "bad" } else { "warn" },
            },
            title: c.title.clone(),
            link: format!("/w/{ws}/concerns/{}", c.id),
            detail: format!(
                "{place}{} · {answer}",
                tr.a("concern-severity-of", [("severity", c.severity.as_str().to_owned())])
            ),
            level,
            since: c.acknowledge_by,
        });
    }
    rows.sort_by_key(|r| (std::cmp::Reverse(r.level), r.since));
    let total = rows.len();
    rows.truncate(SHOWN);
    Ok(Needs { rows, total })
}

/// One partnership in the observer's overview.
pub struct NetworkRow {
    pub link: String,
    pub name: String,
    pub index: IndexView,
    pub warnings: usize,
}

/// The network at a glance, for observers: how many partnerships are doing well and which need
/// help, lowest health first.
pub struct NetworkState {
    pub partnerships: usize,
    pub healthy: usize,
    pub needing_help: usize,
    pub not_enough_data: usize,
    pub urgent_warnings: usize,
    pub lowest: Vec<NetworkRow>,
}

pub async fn network_state(tr: &Tr, session: &Session<'_>, ws: Uuid) -> UiResult<NetworkState> {
    let rows =
        session.dashboard(&DashboardQuery { sort: DashboardSort::HealthAscending, ..Default::default() }).await?;
    let urgent = |r: &DashboardRow| r.open_warnings.iter().filter(|w| w.severity >= Severity::Warning).count();
    Ok(NetworkState {
        partnerships: rows.len(),
        healthy: rows.iter().filter(|r| r.index.is_some_and(|i| charts::tone(i) == "good")).count(),
        needing_help: rows.iter().filter(|r| r.index.is_some_and(|i| charts::tone(i) == "poor")).count(),
        not_enough_data: rows.iter().filter(|r| r.index.is_none()).count(),
        urgent_warnings: rows.iter().map(urgent).sum(),
        lowest: rows
            .iter()
            .filter(|r| r.index.is_some())
            .take(5)
            .map(|r| NetworkRow {
                link: format!("/w/{ws}/partnerships/{}", r.partnership_id),
                name: r.name.clone(),
                index: IndexView::new(tr, r.index, &tr.a("health-of", [("name", r.name.clone())])),
                warnings: urgent(r),
            })
            .collect(),
    })
}
