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
    Activity, CreatedReportLink, NetworkFigures, Report, ReportLinkView, ReportListPage, ReportListing,
};
use rapport_core::ValidationErrors;
use rapport_core::kinds::Confidence;
use rapport_core::report::ReportDraft;
use serde::Deserialize;
use uuid::Uuid;

use super::charts;
use super::context::{Id, Posted, Ui, UiResult};
use super::form::{FormData, FormState};
use super::format;
use super::pages::{self, Choice, Chrome, render, render_with_status};
use super::trust::{IndexView, ReliabilityView};
use crate::AppState;

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
    pub label: &'static str,
    pub now: String,
    pub before: String,
}

pub struct ComponentRow {
    pub label: &'static str,
    pub start: String,
    pub end: String,
    pub bar: String,
}

pub struct PartnershipDoc {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
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
    pub milestones: Vec<(String, String, &'static str)>,
    pub equity: Option<EquityDoc>,
    pub lessons: Vec<String>,
    pub summary: Option<String>,
    /// The summary form's current text (coordinators, on screen).
    pub summary_form: FormState,
}

pub struct EquityDoc {
    pub members: Vec<(String, u32, String)>,
    pub chart: String,
    pub balance: String,
}

/// Everything the report's template shows, whoever reads it.
pub struct ReportDoc {
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
    /// "Showing the 150 best connected of 5000 organisations." when not all are drawn.
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
    /// "Partnerships 101–200 of 20000 (page 2 of 200)".
    pub text: String,
    pub first: Option<String>,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub last: Option<String>,
}

impl Pager {
    fn new(report: &Report, href: &dyn Fn(usize) -> String) -> Option<Pager> {
        if report.pages <= 1 {
            return None;
        }
        let from = (report.page - 1) * report.limit + 1;
        let to = (from + report.partnerships.len()).saturating_sub(1);
        let link = |page: usize, show: bool| show.then(|| href(page));
        Some(Pager {
            text: format!(
                "Partnerships {}–{} of {} (page {} of {})",
                count(from),
                count(to),
                count(report.partnerships_total),
                count(report.page),
                count(report.pages)
            ),
            first: link(1, report.page > 2),
            previous: link(report.page - 1, report.page > 1),
            next: link(report.page + 1, report.page < report.pages),
            last: link(report.pages, report.page + 1 < report.pages),
        })
    }
}

/// The two maps of a report: the network as it stood at the end of the period before and at
/// the end of this period, drawn as the map page draws them (without links).
fn maps(report: &Report) -> (Vec<MapDoc>, Vec<(String, &'static str)>) {
    let Some(views) = report.maps.as_deref() else { return (Vec::new(), Vec::new()) };
    let mut legend: Vec<(String, &'static str)> = Vec::new();
    let mut maps = Vec::new();
    for (view, period) in [(&views.0, &report.previous), (&views.1, &report.period)] {
        let (svg, kinds) = super::network::report_map(&crate::i18n::Tr::english(), view);
        for kind in kinds {
            if !legend.contains(&kind) {
                legend.push(kind);
            }
        }
        let drawn = view.nodes.len().min(rapport_app::network_map::MAP_LIMIT);
        let total = view.measures.organizations.max(view.nodes.len());
        maps.push(MapDoc {
            caption: format!("As it stood on {} (end of {})", format::day(view.as_of), period.label),
            svg,
            scope: (drawn < total)
                .then(|| format!("The {} best connected of {} organisations.", count(drawn), count(total))),
        });
    }
    (maps, legend)
}

/// A count as the other pages write it, thousands grouped (20,000 partnerships).
fn count(v: usize) -> String {
    format::count(v)
}

fn percent(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.0}")).unwrap_or_else(|| "—".into())
}

fn network_rows(now: &NetworkFigures, before: &NetworkFigures) -> Vec<CompareRow> {
    let row = |label, now: String, before: String| CompareRow { label, now, before };
    vec![
        row("Partnerships running at the end", count(now.partnerships_active), count(before.partnerships_active)),
        row("Partnerships started", count(now.partnerships_new), count(before.partnerships_new)),
        row("Partnerships ended", count(now.partnerships_ended), count(before.partnerships_ended)),
        row(
            "Organisations in a running partnership",
            count(now.organizations_active),
            count(before.organizations_active),
        ),
        row("Organisations added", count(now.organizations_new), count(before.organizations_new)),
        row("Ties between organisations", count(now.ties), count(before.ties)),
        row("Density", format!("{:.3}", now.density), format!("{:.3}", before.density)),
        row(
            "Degree centralisation",
            format!("{:.3}", now.degree_centralization),
            format!("{:.3}", before.degree_centralization),
        ),
        row("Connected groups", count(now.components), count(before.components)),
        row("Mean trust per tie (%)", percent(now.mean_trust), percent(before.mean_trust)),
    ]
}

fn activity_rows(now: &Activity, before: &Activity) -> Vec<CompareRow> {
    let row = |label, now: String, before: String| CompareRow { label, now, before };
    vec![
        row(
            "Check-ins held / expected by the cadence",
            format!("{} / {:.0}", now.checkins_held, now.checkins_expected),
            format!("{} / {:.0}", before.checkins_held, before.checkins_expected),
        ),
        row("Promises kept on time", count(now.commitments_kept_on_time), count(before.commitments_kept_on_time)),
        row("Promises kept late", count(now.commitments_kept_late), count(before.commitments_kept_late)),
        row("Promises missed", count(now.commitments_missed), count(before.commitments_missed)),
        row("Milestones met on time", count(now.milestones_met_on_time), count(before.milestones_met_on_time)),
        row("Milestones met late", count(now.milestones_met_late), count(before.milestones_met_late)),
        row("Milestones missed", count(now.milestones_missed), count(before.milestones_missed)),
        row("Concerns raised", count(now.concerns_raised), count(before.concerns_raised)),
        row("Concerns resolved", count(now.concerns_resolved), count(before.concerns_resolved)),
        row("Concerns open at the end", count(now.concerns_open), count(before.concerns_open)),
        row("Kudos given", count(now.kudos), count(before.kudos)),
        row("Contributions recorded", count(now.contributions), count(before.contributions)),
    ]
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Paired horizontal bars: for each measure, this period (dark) above the period before (light),
/// on one scale per chart. Drawn whole as one SVG so that print never splits it.
pub fn compare_chart(rows: &[(&str, f64, f64)], now: &str, before: &str, label: &str) -> String {
    const W: f64 = 640.0;
    const LABEL: f64 = 250.0;
    const ROW: f64 = 30.0;
    let h = ROW * rows.len() as f64 + 50.0;
    let max = rows.iter().flat_map(|(_, a, b)| [*a, *b]).fold(0.0_f64, f64::max).max(1.0);
    let width = |v: f64| (v / max * (W - LABEL - 50.0)).max(if v > 0.0 { 2.0 } else { 0.0 });
    let mut svg = format!(
        r#"<svg class="compare-chart" viewBox="0 0 {W} {h}" role="img" aria-label="{l}"><title>{l}</title>"#,
        l = escape(label)
    );
    // The legend opens the chart and the scale closes it (a printed page holds both or neither).
    let _ = write!(
        svg,
        r#"<text class="axis" x="0" y="13">Compared:</text><rect class="bar-now" x="{LABEL}" y="4" width="12" height="10"/><text class="axis" x="{}" y="13">{}</text><rect class="bar-before" x="{}" y="4" width="12" height="10"/><text class="axis" x="{}" y="13">{}</text><text class="axis" x="{LABEL}" y="{}">scale 0 to {max}</text>"#,
        LABEL + 16.0,
        escape(now),
        LABEL + 200.0,
        LABEL + 216.0,
        escape(before),
        h - 6.0,
    );
    for (i, (name, a, b)) in rows.iter().enumerate() {
        let y = 26.0 + ROW * i as f64;
        let _ = write!(
            svg,
            r#"<text class="axis" x="{x}" y="{ty:.1}" text-anchor="end">{n}</text><rect class="bar-now" x="{LABEL}" y="{y:.1}" width="{wa:.1}" height="11"><title>{n}: {a}</title></rect><text class="axis" x="{xa:.1}" y="{ya:.1}">{a}</text><rect class="bar-before" x="{LABEL}" y="{yb:.1}" width="{wb:.1}" height="11"><title>{n}, before: {b}</title></rect><text class="axis" x="{xb:.1}" y="{yb2:.1}">{b}</text>"#,
            x = LABEL - 8.0,
            ty = y + 14.0,
            n = escape(name),
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

fn confidence_words(c: Option<Confidence>) -> &'static str {
    c.map(Confidence::label).unwrap_or("no update yet")
}

impl ReportDoc {
    /// The document of one page of `report`; `page_href` is the address of another page of it.
    pub fn new(report: &Report, page_href: &dyn Fn(usize) -> String) -> ReportDoc {
        let (now, before) = (&report.network.now, &report.network.before);
        let network_chart = compare_chart(
            &[
                ("Partnerships running", now.partnerships_active as f64, before.partnerships_active as f64),
                ("Partnerships started", now.partnerships_new as f64, before.partnerships_new as f64),
                ("Partnerships ended", now.partnerships_ended as f64, before.partnerships_ended as f64),
                ("Organisations active", now.organizations_active as f64, before.organizations_active as f64),
                ("Organisations added", now.organizations_new as f64, before.organizations_new as f64),
            ],
            &report.period.label,
            &report.previous.label,
            "The network this period and the period before",
        );
        let brokers = |f: &NetworkFigures| {
            if !f.brokers_measured {
                "being measured for that day; open the report again in a minute".to_owned()
            } else if f.brokers.is_empty() {
                "none".to_owned()
            } else {
                f.brokers.join(", ")
            }
        };
        let partnerships = report
            .partnerships
            .iter()
            .filter(|p| p.detailed)
            .map(|p| {
                let components = p
                    .health_end
                    .components
                    .iter()
                    .map(|c| {
                        let start = p.health_start.components.iter().find(|s| s.kind == c.kind).and_then(|s| s.value);
                        ComponentRow {
                            label: c.kind.label(),
                            start: percent(start),
                            end: percent(c.value),
                            bar: charts::score_bar(c.value, c.kind.label()),
                        }
                    })
                    .collect();
                let a = &p.now;
                let b = &p.before;
                let activity_chart = compare_chart(
                    &[
                        ("Check-ins held", a.checkins_held as f64, b.checkins_held as f64),
                        (
                            "Promises kept",
                            (a.commitments_kept_on_time + a.commitments_kept_late) as f64,
                            (b.commitments_kept_on_time + b.commitments_kept_late) as f64,
                        ),
                        ("Promises missed", a.commitments_missed as f64, b.commitments_missed as f64),
                        (
                            "Milestones met",
                            (a.milestones_met_on_time + a.milestones_met_late) as f64,
                            (b.milestones_met_on_time + b.milestones_met_late) as f64,
                        ),
                        ("Concerns raised", a.concerns_raised as f64, b.concerns_raised as f64),
                        ("Kudos", a.kudos as f64, b.kudos as f64),
                    ],
                    &report.period.label,
                    &report.previous.label,
                    &format!("{}: this period and the period before", p.name),
                );
                let waves: Vec<String> = a
                    .perceived_trust
                    .iter()
                    .map(|w| match w.trust_percent {
                        Some(t) => format!("{t:.0}% (survey closed {})", w.closed_on),
                        None => format!(
                            "not shown: too few respondents to keep answers anonymous (survey closed {})",
                            w.closed_on
                        ),
                    })
                    .collect();
                let trust = if waves.is_empty() {
                    "No survey about this partnership closed in the period.".into()
                } else {
                    waves.join("; ")
                };
                let equity = p.equity.as_ref().map(|e| {
                    let names: Vec<String> = e.members.iter().map(|m| m.organization_name.clone()).collect();
                    let rows: Vec<(String, Vec<f64>)> = e
                        .by_kind
                        .iter()
                        .map(|k| {
                            let shares = e
                                .members
                                .iter()
                                .map(|m| {
                                    k.members
                                        .iter()
                                        .find(|s| s.organization_id == m.organization_id)
                                        .map_or(0.0, |s| s.share)
                                })
                                .collect();
                            (format!("{} ({:.0} {})", k.kind.label(), k.total, k.unit), shares)
                        })
                        .collect();
                    EquityDoc {
                        members: e
                            .members
                            .iter()
                            .map(|m| (m.organization_name.clone(), m.records, percent(m.share.map(|s| s * 100.0))))
                            .collect(),
                        chart: charts::share_bars(
                            &rows,
                            &names,
                            &format!("Contributions to {} by kind and member", p.name),
                        ),
                        balance: e.balance.map(|b| format!("{:.0}%", b * 100.0)).unwrap_or_else(|| "—".into()),
                    }
                });
                PartnershipDoc {
                    id: p.partnership_id.to_string(),
                    name: p.name.clone(),
                    kind: p.kind.label(),
                    start: IndexView::new(
                        &crate::i18n::Tr::english(),
                        p.health_start.index,
                        &format!("Health of {} at the start", p.name),
                    ),
                    end: IndexView::new(
                        &crate::i18n::Tr::english(),
                        p.health_end.index,
                        &format!("Health of {} at the end", p.name),
                    ),
                    trend: charts::trend_chart(&p.trend, &format!("The health index of {}", p.name), 1.0),
                    components,
                    activity: activity_rows(a, b),
                    activity_chart,
                    trust,
                    detailed: p.detailed,
                    members: p
                        .members
                        .iter()
                        .map(|m| ReliabilityView::new(&m.organization_name, String::new(), &m.reliability))
                        .collect(),
                    goals: p
                        .goals
                        .iter()
                        .map(|g| {
                            let progress =
                                g.progress_percent.map(|v| format!(", {v:.0}% of the way")).unwrap_or_default();
                            (g.statement.clone(), format!("{}{progress}", confidence_words(g.confidence)))
                        })
                        .collect(),
                    milestones: p
                        .milestones
                        .iter()
                        .map(|m| (m.title.clone(), format::day(m.due_on), m.outcome))
                        .collect(),
                    equity,
                    lessons: p.lessons.clone(),
                    summary: p.summary.clone(),
                    summary_form: FormState::new(FormData::from_pairs([(
                        "summary",
                        p.summary.clone().unwrap_or_default(),
                    )])),
                }
            })
            .collect();
        let (maps, map_legend) = maps(report);
        let made_on = report.generated_at.date_naive();
        let header_css = format!(
            "/print/report.css?h={}&f={}",
            url_escape(&format!("{} · {}", report.title, report.period.title())),
            url_escape(&format!("{} · made on {made_on}", report.workspace_name)),
        );
        ReportDoc {
            title: report.title.clone(),
            workspace: report.workspace_name.clone(),
            period: report.period.title(),
            previous: report.previous.label.clone(),
            made_on: made_on.to_string(),
            header_css,
            network: network_rows(now, before),
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
                        &crate::i18n::Tr::english(),
                        p.health_start.index,
                        &format!("{} at the start", p.name),
                    ),
                    end: IndexView::new(
                        &crate::i18n::Tr::english(),
                        p.health_end.index,
                        &format!("{} at the end", p.name),
                    ),
                    // Only a detailed partnership has a section on this page to link to.
                    linked: p.detailed,
                })
                .collect(),
            any_detailed: report.partnerships.iter().any(|p| p.detailed),
            detailed_limit: rapport_app::reports::DETAILED,
            partnerships,
            maps,
            map_legend,
            pager: Pager::new(report, page_href),
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
        "@page {{ margin: 20mm 14mm 18mm 14mm;\n  @top-left {{ content: {h}; font: 9pt system-ui, sans-serif; color: #374151; }}\n  @bottom-left {{ content: {f}; font: 9pt system-ui, sans-serif; color: #374151; }}\n  @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); font: 9pt system-ui, sans-serif; color: #374151; }}\n}}\n",
        h = css_string(&params.h),
        f = css_string(&params.f),
    );
    ([(CONTENT_TYPE, "text/css; charset=utf-8"), (CACHE_CONTROL, "no-store")], css).into_response()
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
        Ok(report) => Ok(render(&ReportPage {
            chrome: ui.chrome(pages::REPORTS),
            ws: ui.ws().to_string(),
            doc: ReportDoc::new(&report, &href),
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
        })),
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
    Ok(render_with_status(
        status,
        &ReportPage {
            chrome: ui.chrome(pages::REPORTS),
            ws: ui.ws().to_string(),
            doc: ReportDoc::new(&report, &href),
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
            let doc = ReportDoc::new(&report, &href);
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
        Err(AppError::NotFound) => (
            StatusCode::NOT_FOUND,
            [(CONTENT_TYPE, "text/plain; charset=utf-8"), (CACHE_CONTROL, "no-store")],
            "No such report: the link is wrong, or it was revoked or has expired.\n",
        )
            .into_response(),
        Err(other) => super::context::UiError::App(other).into_response(),
    }
}
