//! Reports for leadership and funders (issue 24).
//!
//! A report covers a period (a quarter, a school year or two days, `rapport_core::report`) and
//! compares it with the period before. Its numbers come from the functions the pages use, so
//! they are equal by construction: each partnership's health is `Assessment::of` over the
//! snapshot `Store::assess` reads for the partnership page (the index and components at the
//! period's start and end, the twelve-month trend to its end, each member's reliability with its
//! interval); contributions go through `rapport_core::contribution::equity` over the period;
//! the network's measures are `Session::network` as of each period's end, the map page's.
//!
//! Who reads a report: owners, coordinators and observers, who see the whole workspace (SPEC 7).
//! A member gets 404: a report speaks of the whole network and of partnerships beyond their
//! organisations', and a member's part of it is already their dashboard. Only owners and
//! coordinators save reports, write summaries and make funder links; observers read.
//!
//! What a report shows is never more than a page shows the same reader: concerns are counts
//! (private ones included, never described), perceived trust is each closed survey wave's
//! published score for the partnership (`SurveyWaveFact`, the stricter of SPEC 4's two
//! publications, `None` where the anonymity rules hold it back), and no warning is listed.
//!
//! A report's list of partnerships comes a page at a time ([`ReportListPage`], name order): only the
//! page's partnerships are read and assessed, so a read of a whole-network report of a large
//! network costs one page of snapshots, two network views and one lean read of every
//! partnership's name, days and members ([`rapport_store::PartnershipSpan`]) for the network's
//! counts and the paging. The detailed sections (members, goals, milestones, contributions,
//! lessons) come in a report of at most [`DETAILED`] partnerships: choose partnerships to see
//! theirs.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::contribution::{Equity, equity};
use rapport_core::kinds::{Confidence, OutcomeKind, PartnershipKind, PartnershipStatus, RetrospectiveItemKind};
use rapport_core::records::Partnership;
use rapport_core::report::{self, Period, ReportDraft};
use rapport_core::trust::{
    Assessment, Health, PartnershipSnapshot, TrendPoint, TrustSettings, health, month_ends, outcome_as_of,
};
use rapport_core::{Action, ValidationErrors};
use rapport_store::{PartnershipSpan, ReportLink, SavedReport};
use serde::Serialize;
use uuid::Uuid;

use crate::network_map::{MAP_LIMIT, NetworkQuery, NetworkView};
use crate::trust::MemberReliability;
use crate::{App, AppError, AppResult, Session, credentials};

/// Partnerships given their detailed sections in one report.
pub const DETAILED: usize = 60;
/// Partnerships on one page of a report's list, unless asked otherwise.
pub const PAGE_SIZE: usize = 100;
/// The most partnerships one page of a report's list may hold.
pub const MAX_PAGE_SIZE: usize = 500;
/// Past days' brokers are measured (betweenness, O(nm)) for networks up to this many organisations.
const BROKERS_UP_TO: usize = 1_500;
const SECRET_PREFIX: &str = "rep_";

/// A report as pages, the API, the CSV and the funder link show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// The saved report's id; `None` for one made to look at and not kept.
    pub id: Option<Uuid>,
    pub title: String,
    pub workspace_name: String,
    pub period: Period,
    pub previous: Period,
    pub generated_at: DateTime<Utc>,
    /// The partnerships chosen; empty when the report is about every partnership.
    pub chosen: Vec<Uuid>,
    pub network: NetworkSection,
    /// How many partnerships the report covers in all; `partnerships` is one page of them.
    pub partnerships_total: usize,
    /// This page of the list (from 1), the number of pages and the partnerships per page.
    pub page: usize,
    pub pages: usize,
    pub limit: usize,
    /// One page of the partnerships, in name order.
    pub partnerships: Vec<PartnershipReport>,
    /// The network map's views as of the period before's end and this period's end (the map
    /// page's for those days), for the pages to draw; not part of the JSON.
    #[serde(skip)]
    pub maps: Option<Box<(NetworkView, NetworkView)>>,
    /// The workspace's default language, for a funder's page whose browser asks for none
    /// Rapport has; not part of the JSON.
    #[serde(skip)]
    pub default_language: Option<String>,
}

/// Which page of a report's list of partnerships to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportListPage {
    /// From 1.
    pub page: usize,
    /// Partnerships per page: 1 to [`MAX_PAGE_SIZE`].
    pub limit: usize,
}

impl Default for ReportListPage {
    fn default() -> Self {
        ReportListPage { page: 1, limit: PAGE_SIZE }
    }
}

impl ReportListPage {
    /// Reads `page` and `limit` as a reader wrote them, naming the one that is wrong.
    pub fn new(page: Option<usize>, limit: Option<usize>) -> Result<ReportListPage, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let page = page.unwrap_or(1);
        let limit = limit.unwrap_or(PAGE_SIZE);
        if page == 0 {
            errors.add("page", "pages are numbered from 1");
        }
        if !(1..=MAX_PAGE_SIZE).contains(&limit) {
            errors.add("limit", format!("must be between 1 and {MAX_PAGE_SIZE}"));
        }
        errors.finish(|| ReportListPage { page, limit })
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkSection {
    /// As of the end of the period.
    pub now: NetworkFigures,
    /// As of the end of the period before.
    pub before: NetworkFigures,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkFigures {
    pub as_of: NaiveDate,
    /// Partnerships running at the end of the period (started, not ended).
    pub partnerships_active: usize,
    /// Partnerships that started within the period.
    pub partnerships_new: usize,
    /// Partnerships marked ended within the period.
    pub partnerships_ended: usize,
    /// Organisations in at least one partnership running at the end of the period.
    pub organizations_active: usize,
    /// Organisations added to the directory within the period.
    pub organizations_new: usize,
    /// Organisations and ties of the network map as of the period's end (SPEC 5).
    pub organizations: usize,
    pub ties: usize,
    pub density: f64,
    pub degree_centralization: f64,
    pub components: usize,
    /// The brokers' names, highest betweenness first; empty when not measured.
    pub brokers: Vec<String>,
    /// Whether brokers were measured for this day: as the report is read for a network of up to
    /// `BROKERS_UP_TO` organisations, else in the background (false until that has run; a
    /// later read has them).
    pub brokers_measured: bool,
    pub mean_trust: Option<f64>,
    pub low_trust_share: Option<f64>,
}

/// What happened in one partnership within a period.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    pub checkins_held: usize,
    /// Check-ins the cadence asks for over the period's days the partnership existed.
    pub checkins_expected: f64,
    pub commitments_kept_on_time: usize,
    pub commitments_kept_late: usize,
    pub commitments_missed: usize,
    pub milestones_met_on_time: usize,
    pub milestones_met_late: usize,
    pub milestones_missed: usize,
    /// Concerns raised and resolved within the period, private ones included: counted, never described.
    pub concerns_raised: usize,
    pub concerns_resolved: usize,
    /// Concerns still open at the period's end.
    pub concerns_open: usize,
    pub kudos: usize,
    pub contributions: usize,
    /// Published perceived trust (percent of maximum) of the survey waves closed within the
    /// period, latest last; the anonymity rules leave out what they hold back.
    pub perceived_trust: Vec<WaveTrust>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaveTrust {
    pub closed_on: NaiveDate,
    /// `None`: the anonymity rules (SPEC 4) do not let this wave's score be shown.
    pub trust_percent: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnershipReport {
    pub partnership_id: Uuid,
    pub name: String,
    pub kind: PartnershipKind,
    pub status: PartnershipStatus,
    /// Health as of the period's first day and last day (the partnership page's, for those days).
    pub health_start: Health,
    pub health_end: Health,
    /// The index at each month's end over the twelve months to the period's end (detailed only).
    pub trend: Vec<TrendPoint>,
    pub now: Activity,
    pub before: Activity,
    /// Whether the sections below were filled (see [`DETAILED`]).
    pub detailed: bool,
    /// Each member's reliability at the period's end, with its interval.
    pub members: Vec<MemberReliability>,
    pub goals: Vec<GoalAtEnd>,
    pub milestones: Vec<MilestoneInPeriod>,
    /// Contributions recorded within the period, by kind and member, with the balance.
    pub equity: Option<Equity>,
    /// Lessons learned written in retrospectives held within the period.
    pub lessons: Vec<String>,
    /// The coordinator's written summary, kept with a saved report.
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalAtEnd {
    pub statement: String,
    pub due_on: Option<NaiveDate>,
    /// The latest confidence given by the period's end.
    pub confidence: Option<Confidence>,
    pub progress_percent: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MilestoneInPeriod {
    pub title: String,
    pub due_on: NaiveDate,
    /// The day it was met, if by the period's end.
    pub met_on: Option<NaiveDate>,
    /// "met on time", "met late" or "missed".
    pub outcome: &'static str,
}

/// A saved report in the list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportListing {
    pub id: Uuid,
    pub title: String,
    pub period: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub partnerships: usize,
    pub created_at: DateTime<Utc>,
}

/// A funder link as coordinators see it; its URL is shown once, when made.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportLinkView {
    pub id: Uuid,
    pub expires_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Not revoked and not expired.
    pub live: bool,
}

/// A funder link just made: the URL needs no sign-in and is shown this once.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedReportLink {
    pub id: Uuid,
    pub url: String,
    pub expires_on: NaiveDate,
}

pub fn report_link_url(base_url: &str, token: &str) -> String {
    format!("{}/shared/reports/{token}", base_url.trim_end_matches('/'))
}

fn listing(saved: &SavedReport) -> ReportListing {
    ReportListing {
        id: saved.id,
        title: saved.title.clone(),
        period: saved.period.clone(),
        starts_on: saved.starts_on,
        ends_on: saved.ends_on,
        partnerships: saved.partnership_ids.len(),
        created_at: saved.created_at,
    }
}

fn link_view(link: &ReportLink, today: NaiveDate) -> ReportLinkView {
    ReportLinkView {
        id: link.id,
        expires_on: link.expires_on,
        created_at: link.created_at,
        revoked_at: link.revoked_at,
        live: link.revoked_at.is_none() && link.expires_on >= today,
    }
}

/// Whether `p` was running at the end of `day`: started, and not marked ended by then. The
/// day it was marked ended is its last change (no separate end date is kept, as for the map).
fn running_on(p: &PartnershipSpan, day: NaiveDate) -> bool {
    p.started_on <= day && !ended_by(p, day)
}

fn ended_by(p: &PartnershipSpan, day: NaiveDate) -> bool {
    p.status == PartnershipStatus::Ended && p.updated_at.date_naive() <= day
}

/// What happened in `snapshot`'s partnership within `period`.
fn activity(snapshot: &PartnershipSnapshot, period: &Period, settings: &TrustSettings) -> Activity {
    let within = |day: NaiveDate| period.contains(day);
    let mut a = Activity {
        checkins_held: snapshot.check_ins.iter().filter(|c| within(c.held_on)).count(),
        ..Activity::default()
    };
    let existed_from = period.from.max(snapshot.created_on);
    let days = if existed_from > period.to { 0 } else { (period.to - existed_from).num_days() + 1 };
    a.checkins_expected = days as f64 / snapshot.cadence.days();
    for commitment in &snapshot.commitments {
        if let Some(outcome) = outcome_as_of(commitment, period.to, settings.grace_days).filter(|o| within(o.on)) {
            match outcome.kind {
                OutcomeKind::OnTime => a.commitments_kept_on_time += 1,
                OutcomeKind::Late => a.commitments_kept_late += 1,
                OutcomeKind::Missed => a.commitments_missed += 1,
            }
        }
    }
    for m in snapshot.milestones.iter().filter(|m| within(m.due_on)) {
        match m.met_on.filter(|d| *d <= period.to) {
            Some(met) if met <= m.due_on => a.milestones_met_on_time += 1,
            Some(_) => a.milestones_met_late += 1,
            None => a.milestones_missed += 1,
        }
    }
    a.concerns_raised = snapshot.concerns.iter().filter(|c| within(c.raised_on)).count();
    a.concerns_resolved = snapshot.concerns.iter().filter(|c| c.resolved_on.is_some_and(within)).count();
    a.concerns_open = snapshot
        .concerns
        .iter()
        .filter(|c| c.raised_on <= period.to && c.resolved_on.is_none_or(|d| d > period.to))
        .count();
    a.kudos = snapshot.kudos.iter().filter(|k| within(k.given_on)).count();
    a.contributions = snapshot.contributions.iter().filter(|c| within(c.on)).count();
    let mut waves: Vec<WaveTrust> = snapshot
        .survey_waves
        .iter()
        .filter(|w| within(w.closed_on))
        .map(|w| WaveTrust { closed_on: w.closed_on, trust_percent: w.trust_percent })
        .collect();
    waves.sort_by_key(|w| w.closed_on);
    a.perceived_trust = waves;
    a
}

fn milestones(snapshot: &PartnershipSnapshot, period: &Period) -> Vec<MilestoneInPeriod> {
    let mut list: Vec<MilestoneInPeriod> = snapshot
        .milestones
        .iter()
        .filter(|m| period.contains(m.due_on))
        .map(|m| {
            let met_on = m.met_on.filter(|d| *d <= period.to);
            MilestoneInPeriod {
                title: m.title.clone(),
                due_on: m.due_on,
                met_on,
                outcome: match met_on {
                    Some(met) if met <= m.due_on => "met on time",
                    Some(_) => "met late",
                    None => "missed",
                },
            }
        })
        .collect();
    list.sort_by(|a, b| a.due_on.cmp(&b.due_on).then_with(|| a.title.cmp(&b.title)));
    list
}

fn goals(snapshot: &PartnershipSnapshot, day: NaiveDate) -> Vec<GoalAtEnd> {
    snapshot
        .goals
        .iter()
        .filter(|g| g.started_on <= day && g.closed_on.is_none_or(|c| c > day))
        .map(|g| {
            let latest = g.updates.iter().filter(|u| u.on <= day).max_by_key(|u| u.on);
            GoalAtEnd {
                statement: g.statement.clone(),
                due_on: g.due_on,
                confidence: latest.map(|u| u.confidence),
                progress_percent: latest.and_then(|u| u.progress_percent),
            }
        })
        .collect()
}

impl Session<'_> {
    /// Reports are read by whoever sees the whole workspace; a member is told nothing exists.
    fn check_reads_reports(&self) -> AppResult<()> {
        if self.viewer.sees_whole_workspace() { Ok(()) } else { Err(AppError::NotFound) }
    }

    fn check_manages_reports(&self) -> AppResult<()> {
        self.check_reads_reports()?;
        if self.viewer.may(Action::ManageNetwork) {
            Ok(())
        } else {
            Err(AppError::Forbidden("only coordinators and owners save reports, write summaries and share them"))
        }
    }

    /// The partnerships a report may name: every one the caller sees, by name.
    pub async fn reportable_partnerships(&self) -> AppResult<Vec<(Uuid, String)>> {
        self.check_reads_reports()?;
        let mut list: Vec<(Uuid, String)> =
            self.store.partnership_spans(self.viewer.workspace_id).await?.into_iter().map(|p| (p.id, p.name)).collect();
        list.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(list)
    }

    /// Makes a report for `draft`'s period and partnerships, without keeping it: one `page` of
    /// its list.
    pub async fn report(&self, draft: &ReportDraft, page: ReportListPage) -> AppResult<Report> {
        self.check_reads_reports()?;
        let valid = draft.validate(self.today())?;
        self.assemble(None, valid.title(), valid.period().clone(), valid.partnership_ids(), &[], page).await
    }

    /// Saves a report (coordinators and owners): its period is fixed to the days it covers now.
    pub async fn create_report(&self, draft: &ReportDraft) -> AppResult<ReportListing> {
        self.check_manages_reports()?;
        let valid = draft.validate(self.today())?;
        self.check_chosen(valid.partnership_ids()).await?;
        let saved = self.store.create_report(self.viewer.workspace_id, &valid, self.viewer.user_id).await?;
        Ok(listing(&saved))
    }

    pub async fn saved_reports(&self) -> AppResult<Vec<ReportListing>> {
        self.check_reads_reports()?;
        Ok(self.store.reports(self.viewer.workspace_id).await?.iter().map(listing).collect())
    }

    /// A saved report, made again from the records as of its fixed days, with its summaries:
    /// one `page` of its list.
    pub async fn saved_report(&self, id: Uuid, page: ReportListPage) -> AppResult<Report> {
        self.check_reads_reports()?;
        let saved = self.store.report(self.viewer.workspace_id, id).await?;
        let period = Period::parse(&saved.period, saved.ends_on).map_err(|err| {
            AppError::internal(format!("report {id}: its period {:?} does not read: {err}", saved.period))
        })?;
        let period = Period { from: saved.starts_on, to: saved.ends_on, ..period };
        self.assemble(Some(id), &saved.title, period, &saved.partnership_ids, &saved.summaries, page).await
    }

    /// Writes (or, empty, removes) the summary of one partnership of a saved report.
    pub async fn set_report_summary(&self, id: Uuid, partnership_id: Uuid, text: &str) -> AppResult<()> {
        self.check_manages_reports()?;
        let saved = self.store.report(self.viewer.workspace_id, id).await?;
        if !saved.partnership_ids.is_empty() && !saved.partnership_ids.contains(&partnership_id) {
            return Err(AppError::NotFound);
        }
        self.partnership(partnership_id).await?;
        let summary = report::summary(text)?;
        self.store.set_report_summary(self.viewer.workspace_id, id, partnership_id, summary.as_deref()).await?;
        Ok(())
    }

    /// Makes a funder link to a saved report, alive until `expires_on` (included).
    pub async fn make_report_link(
        &self,
        id: Uuid,
        expires_on: Option<NaiveDate>,
        base_url: &str,
    ) -> AppResult<CreatedReportLink> {
        self.check_manages_reports()?;
        self.store.report(self.viewer.workspace_id, id).await?;
        let expires_on = match expires_on {
            Some(day) => report::link_expiry(day, self.today())?,
            None => return Err(ValidationErrors::single("expires_on", "say until when the link may be opened").into()),
        };
        let token = format!("{SECRET_PREFIX}{}", credentials::new_secret());
        let link = self
            .store
            .create_report_link(
                self.viewer.workspace_id,
                id,
                &credentials::digest(&token),
                expires_on,
                self.viewer.user_id,
            )
            .await?;
        Ok(CreatedReportLink { id: link.id, url: report_link_url(base_url, &token), expires_on })
    }

    pub async fn report_links(&self, id: Uuid) -> AppResult<Vec<ReportLinkView>> {
        self.check_manages_reports()?;
        self.store.report(self.viewer.workspace_id, id).await?;
        let today = self.today();
        Ok(self.store.report_links(self.viewer.workspace_id, id).await?.iter().map(|l| link_view(l, today)).collect())
    }

    /// Revokes a live funder link; its URL answers 404 from now on.
    pub async fn revoke_report_link(&self, link_id: Uuid) -> AppResult<()> {
        self.check_manages_reports()?;
        Ok(self.store.revoke_report_link(self.viewer.workspace_id, link_id).await?)
    }

    /// Every chosen partnership must be one the caller sees.
    async fn check_chosen(&self, chosen: &[Uuid]) -> AppResult<Vec<Partnership>> {
        let mut found = Vec::with_capacity(chosen.len());
        for id in chosen {
            match self.partnership(*id).await {
                Ok(p) => found.push(p),
                Err(AppError::NotFound) => {
                    return Err(ValidationErrors::single("partnership_ids", format!("no partnership {id} here")).into());
                }
                Err(err) => return Err(err),
            }
        }
        Ok(found)
    }

    #[allow(clippy::too_many_arguments)]
    async fn assemble(
        &self,
        id: Option<Uuid>,
        title: &str,
        period: Period,
        chosen: &[Uuid],
        summaries: &[(Uuid, String)],
        page: ReportListPage,
    ) -> AppResult<Report> {
        let ws = self.viewer.workspace_id;
        let previous = period.previous();
        let started = std::time::Instant::now();
        let spans = self.store.partnership_spans(ws).await?;
        // The report's partnerships in name order: the chosen ones, or every one started by the
        // period's end; only the asked page of them is read and assessed below.
        let mut listed: Vec<(String, Uuid)> = if chosen.is_empty() {
            spans.iter().filter(|p| p.started_on <= period.to).map(|p| (p.name.clone(), p.id)).collect()
        } else {
            self.check_chosen(chosen).await?.into_iter().map(|p| (p.name, p.id)).collect()
        };
        listed.sort();
        let total = listed.len();
        let pages = total.div_ceil(page.limit).max(1);
        if page.page > pages {
            let message =
                if pages == 1 { "this report has 1 page".to_owned() } else { format!("this report has {pages} pages") };
            return Err(ValidationErrors::single("page", message).into());
        }
        let ids: Vec<Uuid> =
            listed.iter().skip((page.page - 1) * page.limit).take(page.limit).map(|(_, id)| *id).collect();
        drop(listed);
        let listed_at = started.elapsed();

        // The maps as they stood, drawn as the map page draws them; the measures are the whole
        // network's. A past day's network is measured as read, brokers included when small.
        let as_it_stood = |day: NaiveDate| NetworkQuery {
            as_of: Some(day),
            draw_at_most: Some(MAP_LIMIT),
            brokers_up_to: Some(BROKERS_UP_TO),
            ..NetworkQuery::default()
        };
        let now_view = self.network(&as_it_stood(period.to)).await?;
        let now_at = started.elapsed();
        let before_view = self.network(&as_it_stood(previous.to)).await?;
        let before_at = started.elapsed();
        let directory = self.organization_directory().await?;
        let added = |period: &Period| directory.iter().filter(|o| period.contains(o.created_at.date_naive())).count();
        let network = NetworkSection {
            now: network_figures(&spans, &period, &now_view, added(&period)),
            before: network_figures(&spans, &previous, &before_view, added(&previous)),
        };
        drop((spans, directory));
        let network_at = started.elapsed();

        let settings = self.store.trust_settings(ws).await?;
        let snapshots = self.store.partnership_snapshots(ws, &ids).await?;
        let detailed = total <= DETAILED;
        let summaries: HashMap<Uuid, &String> = summaries.iter().map(|(p, s)| (*p, s)).collect();
        let mut partnerships = Vec::with_capacity(snapshots.len());
        for (partnership, snapshot) in snapshots {
            // `Store::assess`: the partnership page's assessment for a day, for the partnerships
            // shown in detail; the others need only the index at both ends (the same `health`).
            let running = partnership.status.is_running() && partnership.archived_at.is_none();
            let end = detailed.then(|| Assessment::of(&snapshot, running, period.to, &settings));
            let health_end = match &end {
                Some(end) => end.health.clone(),
                None => health(&snapshot, period.to, &settings),
            };
            let health_start = health(&snapshot, period.from, &settings);
            let mut report = PartnershipReport {
                partnership_id: partnership.id,
                name: partnership.name.clone(),
                kind: partnership.kind,
                status: partnership.status,
                health_start,
                health_end,
                trend: end.as_ref().map(|e| e.trend.clone()).unwrap_or_default(),
                now: activity(&snapshot, &period, &settings),
                before: activity(&snapshot, &previous, &settings),
                detailed,
                members: Vec::new(),
                goals: Vec::new(),
                milestones: Vec::new(),
                equity: None,
                lessons: Vec::new(),
                summary: summaries.get(&partnership.id).map(|s| (*s).clone()),
            };
            if let Some(end) = &end {
                report.members = self.health_of(&partnership, end).await?.members;
                report.goals = goals(&snapshot, period.to);
                report.milestones = milestones(&snapshot, &period);
                let contributions: Vec<_> = self
                    .store
                    .contributions_since(ws, partnership.id, period.from)
                    .await?
                    .into_iter()
                    .filter(|c| c.contributed_on <= period.to)
                    .collect();
                let members: Vec<(Uuid, String)> =
                    partnership.members.iter().map(|m| (m.organization_id, m.organization_name.clone())).collect();
                report.equity = (!contributions.is_empty()).then(|| {
                    equity(
                        partnership.id,
                        &members,
                        &contributions,
                        period.to,
                        period.days(),
                        &month_ends(period.from, period.to),
                    )
                });
                report.lessons = self
                    .store
                    .retrospectives(ws, partnership.id)
                    .await?
                    .into_iter()
                    .filter(|r| period.contains(r.held_on))
                    .flat_map(|r| r.items.into_iter())
                    .filter(|item| item.kind == RetrospectiveItemKind::Lesson)
                    .map(|item| item.text)
                    .collect();
            }
            partnerships.push(report);
        }
        partnerships.sort_by(|a, b| a.name.cmp(&b.name).then(a.partnership_id.cmp(&b.partnership_id)));
        // Where a report's time goes (BENCHMARKS.md, "A year's report"): `RAPPORT_LOG=rapport_app=debug`.
        tracing::debug!(
            partnerships = total,
            on_page = partnerships.len(),
            list_ms = listed_at.as_millis(),
            network_end_ms = (now_at - listed_at).as_millis(),
            network_before_ms = (before_at - now_at).as_millis(),
            network_counts_ms = (network_at - before_at).as_millis(),
            partnerships_ms = (started.elapsed() - network_at).as_millis(),
            "report assembled"
        );
        Ok(Report {
            id,
            title: title.to_owned(),
            workspace_name: self.store.workspace_name(ws).await?,
            period,
            previous,
            generated_at: self.store.now(),
            chosen: chosen.to_vec(),
            network,
            partnerships_total: total,
            page: page.page,
            pages,
            limit: page.limit,
            partnerships,
            maps: Some(Box::new((before_view, now_view))),
            default_language: None,
        })
    }
}

/// The network's figures for `period`, as of its end: the counts from every partnership's
/// span, the measures from `view` (the map's for that day).
fn network_figures(
    spans: &[PartnershipSpan],
    period: &Period,
    view: &NetworkView,
    organizations_new: usize,
) -> NetworkFigures {
    let day = period.to;
    // Brokers are named whether the map draws them or not.
    let names: HashMap<Uuid, &str> = view
        .nodes
        .iter()
        .map(|n| (n.id, n.name.as_str()))
        .chain(view.elsewhere.iter().map(|(id, (name, _))| (*id, name.as_str())))
        .collect();
    let active: Vec<&PartnershipSpan> = spans.iter().filter(|p| running_on(p, day)).collect();
    let organizations_active: HashSet<Uuid> = active.iter().flat_map(|p| p.members.iter().copied()).collect();
    NetworkFigures {
        as_of: day,
        partnerships_active: active.len(),
        partnerships_new: spans.iter().filter(|p| period.contains(p.started_on)).count(),
        partnerships_ended: spans
            .iter()
            .filter(|p| p.status == PartnershipStatus::Ended && period.contains(p.updated_at.date_naive()))
            .count(),
        organizations_active: organizations_active.len(),
        organizations_new,
        organizations: view.measures.organizations,
        ties: view.measures.ties,
        density: view.measures.density,
        degree_centralization: view.measures.degree_centralization,
        components: view.measures.components,
        brokers: view.measures.brokers.iter().filter_map(|b| names.get(b).map(|n| (*n).to_owned())).collect(),
        brokers_measured: view.brokers_measured,
        mean_trust: view.measures.mean_trust,
        low_trust_share: view.measures.low_trust_share,
    }
}

impl App {
    /// The report a funder link opens, as the coordinator who made it sees the workspace today;
    /// not found for a wrong, revoked or expired secret, or a maker who may no longer read it.
    pub async fn report_by_link(&self, token: &str, page: ReportListPage) -> AppResult<Report> {
        if !token.starts_with(SECRET_PREFIX) {
            return Err(AppError::NotFound);
        }
        let link = self.store.report_link_by_token(&credentials::digest(token)).await?.ok_or(AppError::NotFound)?;
        let viewer = self.store.viewer(link.workspace_id, link.created_by).await?.ok_or(AppError::NotFound)?;
        let session = Session::new(&self.store, viewer);
        if link.expires_on < session.today() {
            return Err(AppError::NotFound);
        }
        let mut report = session.saved_report(link.report_id, page).await?;
        report.default_language = Some(self.store.workspace_language(link.workspace_id).await?);
        Ok(report)
    }
}
