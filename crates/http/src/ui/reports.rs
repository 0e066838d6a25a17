//! Reports for leadership and funders (issue 24): the form that picks a period and partnerships,
//! the saved reports, the report itself with its charts, the summaries a coordinator writes, the
//! funders' secret links, and the page such a link opens (that report and nothing else).
//!
//! The report prints as a clean document on A4 and US Letter: the print stylesheet
//! (`rapport.css`, "Reports") hides navigation and forms and keeps each chart whole; a small
//! stylesheet made for the report (`/print/report.css`) puts its title, period and the day it
//! was made at the top of every page and the page number at the bottom (`@page` margin boxes).

use std::fmt::Write;

use crate::auth::ClientAddress;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use rapport_app::AppError;
use rapport_app::reports::{
    Activity, CreatedReportLink, MilestoneInPeriod, NetworkFigures, PartnershipReport, Report, ReportLinkView,
    ReportListPage, ReportListing,
};
use rapport_core::ValidationErrors;
use rapport_core::report::{Period, PeriodKind, ReportDraft};
use serde::Deserialize;
use uuid::Uuid;

use super::charts;
use super::context::{Id, Posted, Ui, UiResult};
use super::form::{FormData, FormState};
use super::format;
use super::pages::{self, Choice, Chrome, render, render_with_status};
use super::trust::{IndexView, ReliabilityView};
use super::words;
use crate::AppState;
use crate::i18n::Tr;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/w/{ws}/reports", get(index).post(create))
        .route("/w/{ws}/reports/view", get(preview))
        .route("/w/{ws}/reports/{id}", get(show))
        .route("/w/{ws}/reports/{id}/summaries", post(set_summary))
        .route("/w/{ws}/reports/{id}/links", post(make_link))
        .route("/w/{ws}/report-links/{id}/revoke", post(revoke_link))
}

/// Routes without a session: a funder's link, and the running header of a printed report.
pub fn public_routes() -> Router<AppState> {
    Router::new().route("/shared/reports/{token}", get(shared)).route("/print/report.css", get(print_css))
}

// ----- the report as a document ----------------------------------------------------------------

/// One number this period and the period before, with a chart bar each.
pub struct CompareRow {
    pub label: String,
    pub now: String,
    pub before: String,
}

pub struct ComponentRow {
    pub label: String,
    pub start: String,
    pub end: String,
    pub bar: String,
}

pub struct PartnershipDoc {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub start: IndexView,
    pub end: IndexView,
    pub trend: String,
    pub components: Vec<ComponentRow>,
    pub activity: Vec<CompareRow>,
    pub activity_chart: String,
    pub trust: String,
    pub detailed: bool,
    pub members: Vec<ReliabilityView>,
    pub goals: Vec<(String, String)>,
    /// A milestone: its title, the day it was due and what became of it, in words.
    pub milestones: Vec<(String, String, String)>,
    pub equity: Option<EquityDoc>,
    pub lessons: Vec<String>,
    pub summary: Option<String>,
    /// The summary form's current text (coordinators, on screen).
    pub summary_form: FormState,
}

pub struct EquityDoc {
    /// Each member: its name, and what it recorded with its share in words.
    pub members: Vec<(String, String)>,
    pub chart: String,
    pub balance: String,
}

/// Everything the report's template shows, whoever reads it, in one language.
pub struct ReportDoc {
    pub tr: Tr,
    pub title: String,
    pub workspace: String,
    pub period: String,
    pub previous: String,
    pub made_on: String,
    pub header_css: String,
    pub network: Vec<CompareRow>,
    pub network_chart: String,
    pub brokers_now: String,
    pub brokers_before: String,
    /// The network map as it stood at the end of the period before and of this period.
    pub maps: Vec<MapDoc>,
    /// The organisation types drawn on either map, with their colours.
    pub map_legend: Vec<(String, &'static str)>,
    pub partnerships: Vec<PartnershipDoc>,
    /// The page's partnerships at a glance; a name links to its section only where the
    /// report has one (`linked`), never to a section this page does not render.
    pub overview: Vec<Glance>,
    /// Whether any partnership has its own section (see `rapport_app::reports::DETAILED`).
    pub any_detailed: bool,
    pub detailed_limit: usize,
    /// Which partnerships this page lists, and links to the others; `None` on a one-page report.
    pub pager: Option<Pager>,
}

pub struct MapDoc {
    pub caption: String,
    pub svg: String,
    /// "The 150 best connected of 5,000 organisations." when not all are drawn.
    pub scope: Option<String>,
}

pub struct Glance {
    pub id: String,
    pub name: String,
    pub start: IndexView,
    pub end: IndexView,
    pub linked: bool,
}

pub struct Pager {
    /// "Partnerships 101–200 of 20,000 (page 2 of 200)".
    pub text: String,
    pub first: Option<String>,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub last: Option<String>,
}

impl Pager {
    fn new(tr: &Tr, report: &Report, href: &dyn Fn(usize) -> String) -> Option<Pager> {
        if report.pages <= 1 {
            return None;
        }
        let from = (report.page - 1) * report.limit + 1;
        let to = (from + report.partnerships.len()).saturating_sub(1);
        let link = |page: usize, show: bool| show.then(|| href(page));
        Some(Pager {
            text: tr.a(
                "report-pager",
                [
                    ("from", count(tr, from)),
                    ("to", count(tr, to)),
                    ("total", count(tr, report.partnerships_total)),
                    ("page", count(tr, report.page)),
                    ("pages", count(tr, report.pages)),
                ],
            ),
            first: link(1, report.page > 2),
            previous: link(report.page - 1, report.page > 1),
            next: link(report.page + 1, report.page < report.pages),
            last: link(report.pages, report.page + 1 < report.pages),
        })
    }
}

/// A period in words, from its facts: "Q3 2026 (July–September)", "T3 2026 (julio–septiembre)",
/// "School year 2025–26", "2026-01-15 to 2026-04-30". The core's `Period::label` says the same
/// in English (the API keeps it); `months` is false for the period before, which the core
/// names without them.
pub fn period_words(tr: &Tr, period: &Period, months: bool) -> String {
    use chrono::Datelike;
    let from = period.from;
    match period.kind {
        PeriodKind::Quarter => {
            let quarter = from.month().div_ceil(3).to_string();
            let year = from.year().to_string();
            if months {
                let last = from.checked_add_months(chrono::Months::new(2)).unwrap_or(from);
                tr.a(
                    "report-quarter-months",
                    [
                        ("quarter", quarter),
                        ("year", year),
                        ("first", tr.month_long(from)),
                        ("last", tr.month_long(last)),
                    ],
                )
            } else {
                tr.a("report-quarter", [("quarter", quarter), ("year", year)])
            }
        }
        PeriodKind::SchoolYear => tr.a(
            "report-school-year",
            [("from", from.year().to_string()), ("to", format!("{:02}", (from.year() + 1) % 100))],
        ),
        PeriodKind::Dates => {
            // The days as written (`2026-01-15`): a period of days ends on the day asked for.
            let to = period.spec.split_once("..").map_or_else(|| period.to.to_string(), |(_, b)| b.to_owned());
            tr.a("report-dates", [("from", from.to_string()), ("to", to)])
        }
    }
}

/// The period with "to date" when it is still running, as the core's `Period::title`.
pub fn period_title(tr: &Tr, period: &Period) -> String {
    let words = period_words(tr, period, true);
    if period.to_date { tr.a("report-to-date", [("period", words), ("to", period.to.to_string())]) } else { words }
}

/// A report's title: the one typed, or the one Rapport gives ("Report for Q3 2026 (July–
/// September)", stored in English) in the page's language.
pub fn title_words(tr: &Tr, title: &str, period: &Period) -> String {
    if title == rapport_core::report::default_title(period) {
        tr.a("report-default-title", [("period", period_words(tr, period, true))])
    } else {
        title.to_owned()
    }
}

/// The two maps of a report: the network as it stood at the end of the period before and at
/// the end of this period, drawn as the map page draws them (without links).
fn maps(tr: &Tr, report: &Report) -> (Vec<MapDoc>, Vec<(String, &'static str)>) {
    let Some(views) = report.maps.as_deref() else { return (Vec::new(), Vec::new()) };
    let mut legend: Vec<(String, &'static str)> = Vec::new();
    let mut maps = Vec::new();
    for (view, period, months) in [(&views.0, &report.previous, false), (&views.1, &report.period, true)] {
        let (svg, kinds) = super::network::report_map(tr, view);
        for kind in kinds {
            if !legend.contains(&kind) {
                legend.push(kind);
            }
        }
        let drawn = view.nodes.len().min(rapport_app::network_map::MAP_LIMIT);
        let total = view.measures.organizations.max(view.nodes.len());
        let period = period_words(tr, period, months);
        maps.push(MapDoc {
            caption: tr.a("report-map-caption", [("day", tr.day(view.as_of)), ("period", period)]),
            svg,
            scope: (drawn < total)
                .then(|| tr.a("report-map-scope", [("drawn", count(tr, drawn)), ("total", count(tr, total))])),
        });
    }
    (maps, legend)
}

/// A count as the other pages write it, thousands grouped (20,000 partnerships; 20 000 in Spanish).
fn count(tr: &Tr, v: usize) -> String {
    format::count(v).replace(',', &tr.t("number-group-separator"))
}

/// A share of 0–100 as a whole number, "—" when there is none.
fn percent(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0}")).unwrap_or_else(|| "—".into())
}

/// A measure between 0 and 1 with three decimals, in the language's way.
fn measure(tr: &Tr, v: f64) -> String {
    tr.fixed(v, 3)
}

fn network_rows(tr: &Tr, now: &NetworkFigures, before: &NetworkFigures) -> Vec<CompareRow> {
    let row = |label: String, now: String, before: String| CompareRow { label, now, before };
    let c = |v| count(tr, v);
    vec![
        row(tr.t("report-row-partnerships-running"), c(now.partnerships_active), c(before.partnerships_active)),
        row(tr.t("report-row-partnerships-started"), c(now.partnerships_new), c(before.partnerships_new)),
        row(tr.t("report-row-partnerships-ended"), c(now.partnerships_ended), c(before.partnerships_ended)),
        row(tr.t("report-row-organizations-active"), c(now.organizations_active), c(before.organizations_active)),
        row(tr.t("report-row-organizations-added"), c(now.organizations_new), c(before.organizations_new)),
        row(tr.t("report-row-ties"), c(now.ties), c(before.ties)),
        row(tr.t("report-row-density"), measure(tr, now.density), measure(tr, before.density)),
        row(
            tr.t("report-row-centralization"),
            measure(tr, now.degree_centralization),
            measure(tr, before.degree_centralization),
        ),
        row(tr.t("report-row-components"), c(now.components), c(before.components)),
        row(tr.t("report-row-mean-trust"), percent(now.mean_trust), percent(before.mean_trust)),
    ]
}

fn activity_rows(tr: &Tr, now: &Activity, before: &Activity) -> Vec<CompareRow> {
    let row = |label: String, now: String, before: String| CompareRow { label, now, before };
    let c = |v| count(tr, v);
    let held = |a: &Activity| format!("{} / {}", c(a.checkins_held), tr.number(a.checkins_expected, 0));
    vec![
        row(tr.t("report-row-checkins"), held(now), held(before)),
        row(tr.t("report-row-kept-on-time"), c(now.commitments_kept_on_time), c(before.commitments_kept_on_time)),
        row(tr.t("report-row-kept-late"), c(now.commitments_kept_late), c(before.commitments_kept_late)),
        row(tr.t("report-row-missed"), c(now.commitments_missed), c(before.commitments_missed)),
        row(tr.t("report-row-milestones-on-time"), c(now.milestones_met_on_time), c(before.milestones_met_on_time)),
        row(tr.t("report-row-milestones-late"), c(now.milestones_met_late), c(before.milestones_met_late)),
        row(tr.t("report-row-milestones-missed"), c(now.milestones_missed), c(before.milestones_missed)),
        row(tr.t("report-row-concerns-raised"), c(now.concerns_raised), c(before.concerns_raised)),
        row(tr.t("report-row-concerns-resolved"), c(now.concerns_resolved), c(before.concerns_resolved)),
        row(tr.t("report-row-concerns-open"), c(now.concerns_open), c(before.concerns_open)),
        row(tr.t("report-row-kudos"), c(now.kudos), c(before.kudos)),
        row(tr.t("report-row-contributions"), c(now.contributions), c(before.contributions)),
    ]
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Paired horizontal bars: for each measure, this period (dark) above the period before (light),
/// on one scale per chart. Drawn whole as one SVG so that print never splits it.
pub fn compare_chart(tr: &Tr, rows: &[(String, f64, f64)], now: &str, before: &str, label: &str) -> String {
    const W: f64 = 640.0;
    const LABEL: f64 = 250.0;
    const ROW: f64 = 30.0;
    let h = ROW * rows.len() as f64 + 50.0;
    let max = rows.iter().flat_map(|(_, a, b)| [*a, *b]).fold(0.0_f64, f64::max).max(1.0);
    let width = |v: f64| (v / max * (W - LABEL - 50.0)).max(if v > 0.0 { 2.0 } else { 0.0 });
    let number = |v: f64| tr.number(v, 2);
    let mut svg = format!(
        r#"<svg class="compare-chart" viewBox="0 0 {W} {h}" role="img" aria-label="{l}"><title>{l}</title>"#,
        l = escape(label)
    );
    // The legend opens the chart and the scale closes it (a printed page holds both or neither).
    let _ = write!(
        svg,
        r#"<text class="axis" x="0" y="13">{compared}</text><rect class="bar-now" x="{LABEL}" y="4" width="12" height="10"/><text class="axis" x="{}" y="13">{}</text><rect class="bar-before" x="{}" y="4" width="12" height="10"/><text class="axis" x="{}" y="13">{}</text><text class="axis" x="{LABEL}" y="{}">{scale}</text>"#,
        LABEL + 16.0,
        escape(now),
        LABEL + 200.0,
        LABEL + 216.0,
        escape(before),
        h - 6.0,
        compared = escape(&tr.t("report-chart-compared")),
        scale = escape(&tr.a("report-chart-scale", [("max", number(max))])),
    );
    for (i, (name, a, b)) in rows.iter().enumerate() {
        let y = 26.0 + ROW * i as f64;
        let _ = write!(
            svg,
            r#"<text class="axis" x="{x}" y="{ty:.1}" text-anchor="end">{n}</text><rect class="bar-now" x="{LABEL}" y="{y:.1}" width="{wa:.1}" height="11"><title>{n}: {a}</title></rect><text class="axis" x="{xa:.1}" y="{ya:.1}">{a}</text><rect class="bar-before" x="{LABEL}" y="{yb:.1}" width="{wb:.1}" height="11"><title>{nb}</title></rect><text class="axis" x="{xb:.1}" y="{yb2:.1}">{b}</text>"#,
            x = LABEL - 8.0,
            ty = y + 14.0,
            n = escape(name),
            a = number(*a),
            b = number(*b),
            nb = escape(&tr.a("report-chart-before", [("name", name.clone()), ("value", number(*b))])),
            wa = width(*a),
            xa = LABEL + width(*a) + 4.0,
            ya = y + 10.0,
            yb = y + 12.0,
            wb = width(*b),
            xb = LABEL + width(*b) + 4.0,
            yb2 = y + 22.0,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// What became of a milestone due in the period, from its days.
fn outcome(tr: &Tr, m: &MilestoneInPeriod) -> String {
    match m.met_on {
        Some(met) if met <= m.due_on => tr.t("report-outcome-on-time"),
        Some(_) => tr.t("report-outcome-late"),
        None => tr.t("report-outcome-missed"),
    }
}

fn partnership_doc(tr: &Tr, report: &Report, p: &PartnershipReport) -> PartnershipDoc {
    let (period, previous) = (period_words(tr, &report.period, true), period_words(tr, &report.previous, false));
    let components = p
        .health_end
        .components
        .iter()
        .map(|c| {
            let start = p.health_start.components.iter().find(|s| s.kind == c.kind).and_then(|s| s.value);
            let label = super::reasons::component(tr, c.kind);
            ComponentRow {
                start: percent(start),
                end: percent(c.value),
                bar: charts::score_bar_in(tr, c.value, &label),
                label,
            }
        })
        .collect();
    let a = &p.now;
    let b = &p.before;
    let activity_chart = compare_chart(
        tr,
        &[
            (tr.t("report-chart-checkins"), a.checkins_held as f64, b.checkins_held as f64),
            (
                tr.t("report-chart-kept"),
                (a.commitments_kept_on_time + a.commitments_kept_late) as f64,
                (b.commitments_kept_on_time + b.commitments_kept_late) as f64,
            ),
            (tr.t("report-row-missed"), a.commitments_missed as f64, b.commitments_missed as f64),
            (
                tr.t("report-chart-milestones"),
                (a.milestones_met_on_time + a.milestones_met_late) as f64,
                (b.milestones_met_on_time + b.milestones_met_late) as f64,
            ),
            (tr.t("report-row-concerns-raised"), a.concerns_raised as f64, b.concerns_raised as f64),
            (tr.t("report-chart-kudos"), a.kudos as f64, b.kudos as f64),
        ],
        &period,
        &previous,
        &tr.a("report-chart-partnership", [("name", p.name.clone())]),
    );
    let waves: Vec<String> = a
        .perceived_trust
        .iter()
        .map(|w| match w.trust_percent {
            Some(t) => tr.a("report-trust-wave", [("percent", tr.percent_whole(t)), ("day", tr.day(w.closed_on))]),
            None => tr.a("report-trust-hidden", [("day", tr.day(w.closed_on))]),
        })
        .collect();
    let trust = if waves.is_empty() { tr.t("report-trust-none") } else { waves.join("; ") };
    let equity = p.equity.as_ref().map(|e| {
        let names: Vec<String> = e.members.iter().map(|m| m.organization_name.clone()).collect();
        let rows: Vec<(String, Vec<f64>)> = e
            .by_kind
            .iter()
            .map(|k| {
                let shares = e
                    .members
                    .iter()
                    .map(|m| k.members.iter().find(|s| s.organization_id == m.organization_id).map_or(0.0, |s| s.share))
                    .collect();
                let unit = super::practices::contributions::unit_name(tr, &k.unit);
                let total = format::quantity_in(tr, k.total.round(), Some(unit.as_str()));
                (format!("{} ({total})", super::practices::contributions::kind_name(tr, k.kind)), shares)
            })
            .collect();
        EquityDoc {
            members: e
                .members
                .iter()
                .map(|m| {
                    let share = m.share.map_or_else(|| "—".to_owned(), |s| tr.percent_whole(s * 100.0));
                    (m.organization_name.clone(), tr.na("report-member-records", m.records, [("share", share)]))
                })
                .collect(),
            chart: charts::share_bars_in(
                tr,
                &rows,
                &names,
                &tr.a("report-contributions-chart", [("name", p.name.clone())]),
            ),
            balance: e.balance.map(|b| tr.percent_whole(b * 100.0)).unwrap_or_else(|| "—".into()),
        }
    });
    PartnershipDoc {
        id: p.partnership_id.to_string(),
        name: p.name.clone(),
        kind: words::partnership_kind(tr, p.kind),
        start: IndexView::new(tr, p.health_start.index, &tr.a("report-health-of-start", [("name", p.name.clone())])),
        end: IndexView::new(tr, p.health_end.index, &tr.a("report-health-of-end", [("name", p.name.clone())])),
        trend: charts::trend_chart_in(tr, &p.trend, &tr.a("report-health-index-of", [("name", p.name.clone())]), 1.0),
        components,
        activity: activity_rows(tr, a, b),
        activity_chart,
        trust,
        detailed: p.detailed,
        members: p
            .members
            .iter()
            .map(|m| ReliabilityView::new_in(tr, &m.organization_name, String::new(), &m.reliability))
            .collect(),
        goals: p
            .goals
            .iter()
            .map(|g| {
                let confidence =
                    g.confidence.map_or_else(|| tr.t("report-goal-no-update"), |c| words::confidence(tr, c));
                let state = match g.progress_percent {
                    Some(v) => {
                        tr.a("report-goal-progress", [("confidence", confidence), ("percent", tr.percent_whole(v))])
                    }
                    None => confidence,
                };
                (g.statement.clone(), state)
            })
            .collect(),
        milestones: p.milestones.iter().map(|m| (m.title.clone(), tr.day(m.due_on), outcome(tr, m))).collect(),
        equity,
        lessons: p.lessons.clone(),
        summary: p.summary.clone(),
        summary_form: FormState::new(FormData::from_pairs([("summary", p.summary.clone().unwrap_or_default())])),
    }
}

impl ReportDoc {
    /// The document of one page of `report` in `tr`'s language; `page_href` is the address of
    /// another page of it.
    pub fn new(tr: Tr, report: &Report, page_href: &dyn Fn(usize) -> String) -> ReportDoc {
        let tr = &tr;
        let (now, before) = (&report.network.now, &report.network.before);
        let (period, previous) = (period_words(tr, &report.period, true), period_words(tr, &report.previous, false));
        let network_chart = compare_chart(
            tr,
            &[
                (
                    tr.t("report-chart-partnerships-running"),
                    now.partnerships_active as f64,
                    before.partnerships_active as f64,
                ),
                (tr.t("report-row-partnerships-started"), now.partnerships_new as f64, before.partnerships_new as f64),
                (
                    tr.t("report-row-partnerships-ended"),
                    now.partnerships_ended as f64,
                    before.partnerships_ended as f64,
                ),
                (
                    tr.t("report-chart-organizations-active"),
                    now.organizations_active as f64,
                    before.organizations_active as f64,
                ),
                (tr.t("report-row-organizations-added"), now.organizations_new as f64, before.organizations_new as f64),
            ],
            &period,
            &previous,
            &tr.t("report-chart-network"),
        );
        let brokers = |f: &NetworkFigures| {
            if !f.brokers_measured {
                tr.t("report-brokers-measuring")
            } else if f.brokers.is_empty() {
                tr.t("report-brokers-none")
            } else {
                f.brokers.join(", ")
            }
        };
        let partnerships =
            report.partnerships.iter().filter(|p| p.detailed).map(|p| partnership_doc(tr, report, p)).collect();
        let (maps, map_legend) = maps(tr, report);
        let made_on = tr.day(report.generated_at.date_naive());
        let title = title_words(tr, &report.title, &report.period);
        let period_title = period_title(tr, &report.period);
        let header_css = format!(
            "/print/report.css?h={}&f={}&lang={}",
            url_escape(&format!("{title} · {period_title}")),
            url_escape(
                &tr.a("report-print-footer", [("workspace", report.workspace_name.clone()), ("day", made_on.clone())])
            ),
            tr.code(),
        );
        ReportDoc {
            tr: *tr,
            title,
            workspace: report.workspace_name.clone(),
            period: period_title,
            previous,
            made_on,
            header_css,
            network: network_rows(tr, now, before),
            network_chart,
            brokers_now: brokers(now),
            brokers_before: brokers(before),
            overview: report
                .partnerships
                .iter()
                .map(|p| Glance {
                    id: p.partnership_id.to_string(),
                    name: p.name.clone(),
                    start: IndexView::new(
                        tr,
                        p.health_start.index,
                        &tr.a("report-at-start-of", [("name", p.name.clone())]),
                    ),
                    end: IndexView::new(tr, p.health_end.index, &tr.a("report-at-end-of", [("name", p.name.clone())])),
                    // Only a detailed partnership has a section on this page to link to.
                    linked: p.detailed,
                })
                .collect(),
            any_detailed: report.partnerships.iter().any(|p| p.detailed),
            detailed_limit: rapport_app::reports::DETAILED,
            partnerships,
            maps,
            map_legend,
            pager: Pager::new(tr, report, page_href),
        }
    }
}

fn url_escape(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[derive(Deserialize)]
struct HeaderParams {
    #[serde(default)]
    h: String,
    #[serde(default)]
    f: String,
    /// The language of the page numbers.
    #[serde(default)]
    lang: String,
}

/// A CSS string: quotes and backslashes escaped, control characters dropped, at most 200 chars.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars().filter(|c| !c.is_control()).take(200) {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("\\3C "),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `/print/report.css?h=…&f=…`: the running header and footer of a printed report. Chromium
/// draws `@page` margin boxes on every page, with the page counters.
async fn print_css(Query(params): Query<HeaderParams>) -> Response {
    let css = format!(
        "@page {{ margin: 20mm 14mm 18mm 14mm;\n  @top-left {{ content: {h}; font: 9pt system-ui, sans-serif; color: #374151; }}\n  @bottom-left {{ content: {f}; font: 9pt system-ui, sans-serif; color: #374151; }}\n  @bottom-right {{ content: {n}; font: 9pt system-ui, sans-serif; color: #374151; }}\n}}\n",
        h = css_string(&params.h),
        f = css_string(&params.f),
        n = page_numbers(&Tr::first(&[Some(&params.lang)])),
    );
    ([(CONTENT_TYPE, "text/css; charset=utf-8"), (CACHE_CONTROL, "no-store")], css).into_response()
}

/// "Page 2 of 5" as CSS content: the message's words around the page counters.
fn page_numbers(tr: &Tr) -> String {
    let words = tr.a("report-print-page", [("page", "\u{1}".to_owned()), ("pages", "\u{2}".to_owned())]);
    let mut content = Vec::new();
    for (i, part) in words.split('\u{1}').enumerate() {
        if i > 0 {
            content.push("counter(page)".to_owned());
        }
        for (j, piece) in part.split('\u{2}').enumerate() {
            if j > 0 {
                content.push("counter(pages)".to_owned());
            }
            if !piece.is_empty() {
                content.push(css_string(piece));
            }
        }
    }
    content.join(" ")
}

// ----- pages ------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    chrome: Chrome,
    ws: String,
    form: FormState,
    partnerships: Vec<Choice>,
    saved: Vec<ReportListing>,
    manages: bool,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    chrome: Chrome,
    ws: String,
    doc: ReportDoc,
    id: Option<String>,
    manages: bool,
    /// For a report not saved yet: the fields that save it.
    draft: Option<FormState>,
    draft_partnerships: Vec<String>,
    links: Vec<ReportLinkView>,
    created_link: Option<CreatedReportLink>,
    link_form: FormState,
    /// Summaries may be written here: a saved report, read by a coordinator or owner.
    editable: bool,
    ws_id: String,
    csrf: String,
}

#[derive(Template)]
#[template(path = "report_shared.html")]
struct SharedReportPage {
    css: String,
    doc: ReportDoc,
    editable: bool,
    id: Option<String>,
    ws_id: String,
    csrf: String,
}

async fn reports_page(ui: &Ui, form: FormState, status: StatusCode) -> UiResult {
    let session = ui.session();
    let saved = session.saved_reports().await?;
    let partnerships = session
        .reportable_partnerships()
        .await?
        .into_iter()
        .map(|(id, name)| Choice::new(id.to_string(), name))
        .collect();
    let chrome = ui.chrome(pages::REPORTS).translated();
    let tr = chrome.tr;
    Ok(render_with_status(
        status,
        &ReportsPage {
            chrome,
            ws: ui.ws().to_string(),
            form: form.speaking(tr),
            partnerships,
            saved,
            manages: ui.may_manage_network(),
        },
    ))
}

async fn index(ui: Ui) -> UiResult {
    let today = ui.session().today();
    let year = if chrono::Datelike::month(&today) >= 9 {
        chrono::Datelike::year(&today)
    } else {
        chrono::Datelike::year(&today) - 1
    };
    let form = FormState::new(FormData::from_pairs([("period", format!("{year}-{:02}", (year + 1) % 100))]));
    reports_page(&ui, form, StatusCode::OK).await
}

fn draft_of(form: &FormData) -> ReportDraft {
    ReportDraft {
        period: form.get("period").to_owned(),
        partnership_ids: form.ids("partnership"),
        title: form.optional("title"),
    }
}

/// Saves a report (coordinators and owners) and opens it.
async fn create(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    match ui.session().create_report(&draft_of(&form)).await {
        Ok(saved) => Ok(ui.done(&format!("/reports/{}", saved.id), "report_saved")),
        Err(AppError::Invalid(errors)) => {
            reports_page(&ui, FormState::with_errors(form, errors), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => Err(other.into()),
    }
}

/// A report looked at without saving it (anyone who reads reports); the form's GET.
async fn preview(ui: Ui, RawQuery(query): RawQuery) -> UiResult {
    let form = FormData::parse(query.unwrap_or_default().as_bytes());
    form.plain_text()?;
    let draft = draft_of(&form);
    let page = ReportListPage { page: page_asked(form.get("page")), ..ReportListPage::default() };
    // The same query, on another page of the list.
    let kept = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form.pairs().filter(|(name, _)| name != "page"))
        .finish();
    let href = |n: usize| format!("/w/{}/reports/view?{kept}&page={n}", ui.ws());
    match ui.session().report(&draft, page).await {
        Ok(report) => {
            let chrome = ui.chrome(pages::REPORTS).translated();
            Ok(render(&ReportPage {
                ws: ui.ws().to_string(),
                doc: ReportDoc::new(chrome.tr, &report, &href),
                chrome,
                id: None,
                manages: ui.may_manage_network(),
                draft_partnerships: draft.partnership_ids.iter().map(Uuid::to_string).collect(),
                draft: Some(FormState::new(form)),
                links: Vec::new(),
                created_link: None,
                link_form: FormState::new(FormData::default()),
                editable: false,
                ws_id: ui.ws().to_string(),
                csrf: ui.csrf.clone(),
            }))
        }
        Err(AppError::Invalid(errors)) => {
            reports_page(&ui, FormState::with_errors(form, errors), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => Err(other.into()),
    }
}

/// The page of a report's list asked for in `?page=`; the first for anything else.
fn page_asked(text: &str) -> usize {
    text.trim().parse().ok().filter(|page| *page > 0).unwrap_or(1)
}

#[derive(Deserialize)]
struct PageParams {
    #[serde(default)]
    page: String,
}

async fn report_page(
    ui: &Ui,
    id: Uuid,
    page: usize,
    created_link: Option<CreatedReportLink>,
    link_form: FormState,
) -> UiResult {
    let session = ui.session();
    let report = session.saved_report(id, ReportListPage { page, ..ReportListPage::default() }).await?;
    let href = |n: usize| format!("/w/{}/reports/{id}?page={n}", ui.ws());
    let manages = ui.may_manage_network();
    let links = if manages { session.report_links(id).await? } else { Vec::new() };
    let status = if link_form.has_errors() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let chrome = ui.chrome(pages::REPORTS).translated();
    let link_form = link_form.speaking(chrome.tr);
    Ok(render_with_status(
        status,
        &ReportPage {
            ws: ui.ws().to_string(),
            doc: ReportDoc::new(chrome.tr, &report, &href),
            chrome,
            id: Some(id.to_string()),
            manages,
            draft: None,
            draft_partnerships: Vec::new(),
            links,
            created_link,
            link_form,
            editable: manages,
            ws_id: ui.ws().to_string(),
            csrf: ui.csrf.clone(),
        },
    ))
}

async fn show(ui: Ui, Id(id): Id, Query(params): Query<PageParams>) -> UiResult {
    let today = ui.session().today();
    let form = FormState::new(FormData::from_pairs([("expires_on", (today + chrono::Duration::days(90)).to_string())]));
    report_page(&ui, id, page_asked(&params.page), None, form).await
}

async fn set_summary(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let Some(partnership) = form.required_id(&mut errors, "partnership_id", "partnership") else {
        return Err(AppError::Invalid(errors).into());
    };
    ui.session().set_report_summary(id, partnership, form.get("summary")).await?;
    Ok(ui.done(&format!("/reports/{id}#p-{partnership}"), "summary_saved"))
}

async fn make_link(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let expires_on: Option<NaiveDate> = form.date(&mut errors, "expires_on");
    if !errors.is_empty() {
        return report_page(&ui, id, 1, None, FormState::with_errors(form, errors)).await;
    }
    match ui.session().make_report_link(id, expires_on, &ui.state.base_url).await {
        Ok(link) => report_page(&ui, id, 1, Some(link), FormState::new(form)).await,
        Err(AppError::Invalid(errors)) => report_page(&ui, id, 1, None, FormState::with_errors(form, errors)).await,
        Err(other) => Err(other.into()),
    }
}

async fn revoke_link(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    ui.session().revoke_report_link(id).await?;
    let report = form.get("report").parse::<Uuid>().map(|r| format!("/reports/{r}#links")).unwrap_or("/reports".into());
    Ok(ui.done(&report, "report_link_revoked"))
}

/// `/shared/reports/{secret}`: the one report a funder link opens, with no way into the app.
async fn shared(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    Path(token): Path<String>,
    Query(params): Query<PageParams>,
) -> Response {
    let page = ReportListPage { page: page_asked(&params.page), ..ReportListPage::default() };
    match state.app.attempt_secret(from, state.app.report_by_link(&token, page)).await {
        Ok(report) => {
            let href = |n: usize| format!("/shared/reports/{}?page={n}", url_escape(&token));
            // The funder's browser's language, else the workspace's.
            let tr = crate::i18n::browser().unwrap_or_else(|| Tr::first(&[report.default_language.as_deref()]));
            let doc = ReportDoc::new(tr, &report, &href);
            let page = SharedReportPage {
                css: super::asset_href("rapport.css"),
                doc,
                editable: false,
                id: None,
                ws_id: String::new(),
                csrf: String::new(),
            };
            let mut response = render(&page);
            response.headers_mut().insert(CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
            response
        }
        Err(AppError::NotFound) => {
            let tr = crate::i18n::browser().unwrap_or_default();
            (
                StatusCode::NOT_FOUND,
                [(CONTENT_TYPE, "text/plain; charset=utf-8"), (CACHE_CONTROL, "no-store")],
                format!("{}\n", tr.t("report-link-not-found")),
            )
                .into_response()
        }
        Err(other) => super::context::UiError::App(other).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The English words of a period, the one before it, a running one and a report's default
    /// title are the core's sentences (the API's `label`), word for word.
    #[test]
    fn periods_in_english_are_the_cores_labels() {
        let en = Tr::english();
        let es = Tr::of("es").unwrap();
        let today = day(2026, 12, 7);
        for spec in
            ["2026-Q3", "2026-Q1", "2025-Q4", "2025-26", "2026-27", "2026-01-15..2026-04-30", "2026-11-01..2027-01-31"]
        {
            let period = Period::parse(spec, today).unwrap();
            assert_eq!(period_words(&en, &period, true), period.label, "{spec}");
            assert_eq!(period_title(&en, &period), period.title(), "{spec}");
            let previous = period.previous();
            assert_eq!(period_words(&en, &previous, false), previous.label, "{spec}");
            let title = rapport_core::report::default_title(&period);
            assert_eq!(title_words(&en, &title, &period), title);
            assert_ne!(title_words(&es, &title, &period), title, "{spec}");
            assert_eq!(title_words(&es, "Board report", &period), "Board report", "a typed title stays");
        }
        let q3 = Period::parse("2026-Q3", today).unwrap();
        assert_eq!(period_words(&es, &q3, true), "T3 2026 (julio–septiembre)");
        assert_eq!(
            title_words(&es, &rapport_core::report::default_title(&q3), &q3),
            "Informe de T3 2026 (julio–septiembre)"
        );
        let year = Period::parse("2026-27", today).unwrap();
        assert_eq!(period_title(&es, &year), "Curso 2026–27 (hasta el 2026-12-07)");
    }

    #[test]
    fn page_numbers_are_worded_around_the_counters() {
        assert_eq!(page_numbers(&Tr::english()), "\"Page \" counter(page) \" of \" counter(pages)");
        assert_eq!(page_numbers(&Tr::of("es").unwrap()), "\"Página \" counter(page) \" de \" counter(pages)");
    }
}
