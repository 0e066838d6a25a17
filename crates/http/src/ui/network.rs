//! The network map (SPEC 5): organisations drawn where a fixed-seed layout puts them, sized by
//! their ties and coloured by type, ties coloured by trust; the measures and the brokers and
//! isolates beside it. Drawn by the server as SVG; every organisation links to its page.

use std::collections::HashMap;
use std::fmt::Write;

use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::routing::get;
use chrono::NaiveDate;
use rapport_app::AppError;
use rapport_core::kinds::{OrganizationKind, PartnershipKind};
use rapport_core::network::Position;
use serde::Deserialize;
use uuid::Uuid;

use super::context::{Ui, UiResult};
use super::form::{FormData, FormState};
use super::format;
use super::pages::{self, Choice, Chrome, PartChrome, render};
use super::words;
use crate::AppState;
use crate::i18n::Tr;
use rapport_app::network_map::{MAP_LIMIT, MapNode, NetworkQuery, NetworkView};

pub fn routes() -> Router<AppState> {
    Router::new().route("/w/{ws}/network", get(map))
}

#[derive(Debug, Default, Deserialize)]
struct MapParams {
    organization_kind: Option<String>,
    partnership_kind: Option<String>,
    focus: Option<String>,
    as_of: Option<String>,
    /// An organisation whose neighbourhood within two steps the map shows.
    around: Option<String>,
}

/// At most this many ties are drawn among them, the strongest first.
const TIE_LIMIT: usize = 1_500;

/// A colour per organisation type, distinguishable and each paired with its name in the legend.
fn kind_colour(kind: OrganizationKind) -> &'static str {
    match kind {
        OrganizationKind::School => "#0f766e",
        OrganizationKind::District => "#1d4ed8",
        OrganizationKind::Nonprofit => "#c2410c",
        OrganizationKind::HigherEducation => "#7c3aed",
        OrganizationKind::Business => "#4d7c0f",
        OrganizationKind::Government => "#334155",
        OrganizationKind::Library => "#b45309",
        OrganizationKind::Faith => "#be185d",
        OrganizationKind::FamilyGroup => "#0369a1",
        OrganizationKind::Other => "#6b7280",
    }
}

/// A tie's colour: by perceived trust where surveys tell, else by reliability, else grey.
fn tie_tone(trust: Option<f64>, reliability: Option<f64>) -> &'static str {
    match trust.or(reliability.map(|r| r * 100.0)) {
        Some(v) => super::charts::tone(v),
        None => "neutral",
    }
}

struct Named {
    link: String,
    name: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "network.html")]
struct MapPage<'a> {
    chrome: Chrome,
    /// [`MapBody`] as rendered once per change of the network.
    body: &'a str,
}

/// Everything on the map page but the chrome: the same for everyone who sees the whole network
/// and asks the same, so it is drawn once per change of the network or the directory.
#[derive(Template)]
#[template(path = "network_map.html")]
struct MapBody {
    chrome: PartChrome,
    ws: String,
    svg: String,
    filter: FormState,
    organization_kinds: Vec<Choice>,
    partnership_kinds: Vec<Choice>,
    legend: Vec<(String, &'static str)>,
    /// The network has no organisation yet.
    no_organizations: bool,
    organizations: String,
    ties: String,
    density: String,
    centralization: String,
    components: usize,
    mean_trust: String,
    low_trust: String,
    brokers: Vec<Named>,
    isolates: Vec<Named>,
    filtered: bool,
    /// What the map shows when it is not the whole network, and what it leaves out.
    scope: Option<String>,
    not_shown: Vec<String>,
    /// Organisations whose neighbourhood the map can be opened on instead.
    widen: Vec<Named>,
    /// Every organisation drawn, named, as a list (the map's dots are links too).
    drawn: Vec<Named>,
    more_isolates: usize,
    /// When and how the measures were computed.
    measured: String,
    as_of: String,
    /// The day shown, in words.
    as_of_words: String,
    is_today: bool,
}

async fn map(ui: Ui, Query(params): Query<MapParams>) -> UiResult {
    let organization_kind: Option<OrganizationKind> = params.organization_kind.as_deref().and_then(|k| k.parse().ok());
    let partnership_kind: Option<PartnershipKind> = params.partnership_kind.as_deref().and_then(|k| k.parse().ok());
    let as_of: Option<NaiveDate> = params.as_of.as_deref().and_then(|d| d.parse().ok());
    let focus = params.focus.clone().filter(|f| !f.trim().is_empty());
    let asked_around: Option<Uuid> = params.around.as_deref().and_then(|id| id.trim().parse().ok());
    let session = ui.session();
    let ws = ui.ws();
    let narrowed = organization_kind.is_some() || partnership_kind.is_some() || focus.is_some();
    // A large network opens on the viewer's own organisations and their partners within two
    // steps, or, for someone with none, on the brokers'.
    let overview = session.network_overview().await?;
    let mut around: Vec<Uuid> = asked_around.into_iter().collect();
    let mut opened_on: Option<OpenedOn> = None;
    if around.is_empty()
        && !narrowed
        && as_of.is_none()
        && let Some(overview) = &overview
        && overview.organizations > MAP_LIMIT
    {
        if session.viewer.organizations.is_empty() {
            around.clone_from(&overview.brokers);
            opened_on = Some(OpenedOn::Brokers);
        } else {
            around.clone_from(&session.viewer.organizations);
            opened_on = Some(OpenedOn::Yours);
        }
    }
    let query = NetworkQuery {
        organization_kind,
        partnership_kind,
        focus: focus.clone(),
        as_of,
        around: around.clone(),
        page: None,
        draw_at_most: Some(MAP_LIMIT),
        brokers_up_to: None,
    };
    // Everything but the chrome is the same for everyone asking the same of the same network:
    // drawn once per change of it (the answer depends on nothing the query and viewer's
    // organisations, which key it, do not already say).
    let chrome = ui.chrome(pages::NETWORK).translated();
    let tr = chrome.tr;
    let body = session
        .network_derived(&query, &format!("map page {} {asked_around:?} {opened_on:?}", tr.code()), |view| {
            let frame = MapFrame {
                tr,
                ws,
                session: &session,
                overview: overview.as_ref(),
                around: &around,
                opened_on,
                asked_around,
                filter: [
                    organization_kind.map(OrganizationKind::as_str),
                    partnership_kind.map(PartnershipKind::as_str),
                    focus.as_deref(),
                ],
                filtered: narrowed || as_of.is_some() || asked_around.is_some(),
            };
            frame.body(&view).render().map_err(|err| err.to_string())
        })
        .await?;
    match body.as_ref() {
        Ok(body) => Ok(render(&MapPage { chrome, body })),
        Err(err) => Err(AppError::internal(format!("the map page's template failed to render: {err}")).into()),
    }
}

/// Where a large network's map opens when nobody asked.
#[derive(Debug, Clone, Copy)]
enum OpenedOn {
    /// The brokers and the organisations within two steps of them.
    Brokers,
    /// The viewer's organisations and the organisations within two steps of them.
    Yours,
}

/// What the map's body is drawn from besides the network itself.
struct MapFrame<'a> {
    tr: Tr,
    ws: Uuid,
    session: &'a rapport_app::Session<'a>,
    overview: Option<&'a rapport_core::network::NetworkMeasures>,
    around: &'a [Uuid],
    opened_on: Option<OpenedOn>,
    asked_around: Option<Uuid>,
    /// The filters as asked: organisation type, partnership type, focus area.
    filter: [Option<&'a str>; 3],
    filtered: bool,
}

impl MapFrame<'_> {
    fn body(self, view: &NetworkView) -> MapBody {
        let MapFrame { tr, ws, session, overview, around, opened_on, asked_around, filter, filtered } = self;
        let names: HashMap<Uuid, (&str, OrganizationKind)> = view
            .nodes
            .iter()
            .map(|n| (n.id, (n.name.as_str(), n.kind)))
            .chain(view.elsewhere.iter().map(|(id, (name, kind))| (*id, (name.as_str(), *kind))))
            .collect();
        let drawn = drawn_nodes(view, around);
        let named = |id: &Uuid, detail: String| Named {
            link: format!("/w/{ws}/organizations/{id}"),
            name: names.get(id).map(|n| n.0).unwrap_or_default().to_owned(),
            detail,
        };
        let betweenness: HashMap<Uuid, Option<f64>> =
            view.measures.nodes.iter().map(|n| (n.id, n.betweenness)).collect();
        let mut legend: Vec<(String, &'static str)> = Vec::new();
        for node in &view.nodes {
            let entry = (words::organization_kind(&tr, node.kind), kind_colour(node.kind));
            if !legend.contains(&entry) {
                legend.push(entry);
            }
        }
        let percent = |v: Option<f64>, scale: f64| {
            v.map(|v| tr.percent_whole(v * scale)).unwrap_or_else(|| tr.t("network-not-known"))
        };
        let [organization_kind, partnership_kind, focus] = filter;
        let filter = FormState::new(FormData::from_pairs([
            ("organization_kind", organization_kind.unwrap_or("")),
            ("partnership_kind", partnership_kind.unwrap_or("")),
            ("focus", focus.unwrap_or("")),
        ]));
        MapBody {
            chrome: PartChrome { tr },
            ws: ws.to_string(),
            svg: draw(&tr, Some(ws), view, &drawn, around),
            filter,
            organization_kinds: OrganizationKind::ALL
                .iter()
                .map(|k| Choice::new(k.as_str(), words::organization_kind(&tr, *k)))
                .collect(),
            partnership_kinds: PartnershipKind::ALL
                .iter()
                .map(|k| Choice::new(k.as_str(), words::partnership_kind(&tr, *k)))
                .collect(),
            legend,
            no_organizations: view.measures.organizations == 0,
            organizations: format::count(view.measures.organizations),
            ties: format::count(view.measures.ties),
            density: share(&tr, view.measures.density),
            centralization: significant(&tr, view.measures.degree_centralization),
            components: view.measures.components,
            mean_trust: percent(view.measures.mean_trust, 1.0),
            low_trust: percent(view.measures.low_trust_share, 100.0),
            brokers: view
                .measures
                .brokers
                .iter()
                .map(|id| {
                    let value = betweenness
                        .get(id)
                        .copied()
                        .flatten()
                        .map_or_else(|| tr.t("network-not-measured"), |v| significant(&tr, v));
                    named(id, tr.a("network-betweenness", [("value", value)]))
                })
                .collect(),
            isolates: view
                .measures
                .isolates
                .iter()
                .filter(|id| names.contains_key(id))
                .take(ISOLATES_LISTED)
                .map(|id| named(id, names.get(id).map(|n| words::organization_kind(&tr, n.1)).unwrap_or_default()))
                .collect(),
            more_isolates: view
                .measures
                .isolates
                .iter()
                .filter(|id| names.contains_key(id))
                .count()
                .saturating_sub(ISOLATES_LISTED),
            scope: scope(&tr, view, drawn.len(), opened_on, asked_around.and_then(|id| names.get(&id).map(|n| n.0))),
            not_shown: not_shown(&tr, view, &drawn),
            widen: overview
                .iter()
                .flat_map(|o| o.brokers.iter())
                .chain(session.viewer.organizations.iter())
                .filter(|id| asked_around != Some(**id))
                .filter_map(|id| {
                    let (name, _) = names.get(id)?;
                    Some(Named {
                        link: format!("/w/{ws}/network?around={id}"),
                        name: (*name).to_owned(),
                        detail: String::new(),
                    })
                })
                .take(8)
                .collect(),
            drawn: drawn
                .iter()
                .map(|node| Named {
                    link: format!("/w/{ws}/organizations/{}", node.id),
                    name: node.name.clone(),
                    detail: words::organization_kind(&tr, node.kind),
                })
                .collect(),
            filtered,
            measured: match view.computed_at {
                Some(at) => {
                    tr.a("network-measured-at", [("moment", format::moment_in(&tr, session.viewer.time_zone, at))])
                }
                None if view.as_of == session.today() => tr.t("network-measured-as-shown"),
                None => tr.t("network-measured-that-day"),
            },
            is_today: view.as_of == session.today(),
            as_of: view.as_of.to_string(),
            as_of_words: tr.long_day(view.as_of),
        }
    }
}

/// How many isolates are listed by name beside the map.
const ISOLATES_LISTED: usize = 20;

/// The organisations drawn: all of the view's up to [`MAP_LIMIT`]; beyond it the ones asked
/// about first, then the best connected.
fn drawn_nodes<'v>(view: &'v NetworkView, around: &[Uuid]) -> Vec<&'v MapNode> {
    let degree: HashMap<Uuid, usize> = view.measures.nodes.iter().map(|n| (n.id, n.degree)).collect();
    let mut nodes: Vec<&MapNode> = view.nodes.iter().collect();
    if nodes.len() > MAP_LIMIT {
        nodes.sort_by(|a, b| {
            around
                .contains(&b.id)
                .cmp(&around.contains(&a.id))
                .then(degree.get(&b.id).cmp(&degree.get(&a.id)))
                .then(a.name.cmp(&b.name))
        });
        nodes.truncate(MAP_LIMIT);
    }
    nodes
}

/// One sentence on what the map shows, when it is not everything.
fn scope(
    tr: &Tr,
    view: &NetworkView,
    drawn: usize,
    opened_on: Option<OpenedOn>,
    around: Option<&str>,
) -> Option<String> {
    let total = view.measures.organizations.max(view.selected);
    let what = match (around, opened_on) {
        (Some(name), _) => Some(tr.a("network-scope-around", [("name", name.to_owned())])),
        (None, Some(OpenedOn::Brokers)) => Some(tr.t("network-scope-brokers")),
        (None, Some(OpenedOn::Yours)) => Some(tr.t("network-scope-yours")),
        (None, None) => None,
    };
    if what.is_none() && drawn == view.selected {
        return None;
    }
    let showing = tr.na("network-scope-showing", total, [("shown", count(tr, drawn)), ("total", count(tr, total))]);
    let best = if drawn < view.selected {
        tr.na("network-scope-best-connected", drawn, [("drawn", count(tr, drawn)), ("there", count(tr, view.selected))])
    } else {
        String::new()
    };
    Some(match what {
        Some(what) => tr.a("network-scope-what", [("showing", showing), ("what", what), ("best", best)]),
        None => tr.a("network-scope", [("showing", showing), ("best", best)]),
    })
}

/// A count with the language's thousands separator.
fn count(tr: &Tr, n: usize) -> String {
    format::count(n).replace(',', &tr.t("number-group-separator"))
}

/// What the map leaves out, counted by type.
fn not_shown(tr: &Tr, view: &NetworkView, drawn: &[&MapNode]) -> Vec<String> {
    let mut counts: HashMap<OrganizationKind, usize> = view.not_shown.iter().copied().collect();
    if drawn.len() < view.nodes.len() {
        let shown: std::collections::HashSet<Uuid> = drawn.iter().map(|n| n.id).collect();
        for node in view.nodes.iter().filter(|n| !shown.contains(&n.id)) {
            *counts.entry(node.kind).or_default() += 1;
        }
    }
    let mut counts: Vec<(usize, String)> =
        counts.into_iter().map(|(kind, n)| (n, words::organization_kind(tr, kind))).collect();
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    counts.into_iter().map(|(n, kind)| format!("{} × {kind}", count(tr, n))).collect()
}

/// A number with two significant digits at least, so a small value still says something
/// (0.0016, not 0.00); values from 0.1 keep two decimals.
fn significant(tr: &Tr, value: f64) -> String {
    if value == 0.0 || !value.is_finite() {
        return "0".to_owned();
    }
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = usize::try_from((1 - magnitude).max(2)).unwrap_or(2);
    tr.fixed(value, decimals)
}

/// A share as a percentage that keeps its significant digits: 0.16%, not 0%.
fn share(tr: &Tr, value: f64) -> String {
    let percent = value * 100.0;
    let number = if percent == 0.0 || percent >= 10.0 {
        tr.fixed(percent, 0)
    } else if percent >= 1.0 {
        tr.fixed(percent, 1)
    } else {
        significant(tr, percent)
    };
    tr.a("percent", [("value", number)])
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// How many of the best connected organisations a map of more than 40 names, besides its
/// brokers and the organisations it is centred on.
const NAMED_IN_LARGE_MAP: usize = 25;

const MAP_WIDTH: f64 = 900.0;
const MAP_HEIGHT: f64 = 640.0;

/// The map itself. A name is written beside its organisation where it covers no other name or
/// dot, the best connected first; in a small map the others show theirs on hover or focus, so a
/// crowded map stays readable. In a large network the brokers, the organisations the map is
/// centred on and the [`NAMED_IN_LARGE_MAP`] best connected are named, where there is room.
///
/// `ws` makes each organisation a link to its page; without it (a report, which a funder may
/// read outside the app) the dots link nowhere.
fn draw(tr: &Tr, ws: Option<Uuid>, view: &NetworkView, drawn: &[&MapNode], centred_on: &[Uuid]) -> String {
    const PAD: f64 = 40.0;
    // Where the network job's layout put each organisation; one it has not placed yet (made
    // since its last run) waits at a spot its id picks, until the next run places it. A part of
    // the network is stretched to fill the canvas, the same scale on both axes.
    let at: HashMap<Uuid, Position> =
        drawn.iter().map(|n| (n.id, n.position.unwrap_or_else(|| unplaced(n.id)))).collect();
    let (min_x, max_x) = at.values().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.x), hi.max(p.x)));
    let (min_y, max_y) = at.values().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.y), hi.max(p.y)));
    let span = (max_x - min_x).max(max_y - min_y);
    let fit = |p: &Position| {
        if drawn.len() == view.selected && view.selected == view.measures.organizations || span < 1e-9 {
            (p.x, p.y)
        } else {
            (
                (p.x - min_x) / span + (1.0 - (max_x - min_x) / span) / 2.0,
                (p.y - min_y) / span + (1.0 - (max_y - min_y) / span) / 2.0,
            )
        }
    };
    let point = |id: &Uuid| {
        at.get(id).map(fit).map(|(x, y)| (PAD + x * (MAP_WIDTH - 2.0 * PAD), PAD + y * (MAP_HEIGHT - 2.0 * PAD)))
    };
    let measures: HashMap<Uuid, (usize, f64)> =
        view.measures.nodes.iter().map(|n| (n.id, (n.degree, n.betweenness.unwrap_or(0.0)))).collect();
    let label_all = drawn.len() <= 40;
    // A group, not an image: its organisations are links, reachable by keyboard and named.
    let mut svg = format!(
        r#"<svg class="network-map" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" role="group" aria-labelledby="map-title"><title id="map-title">{}</title>"#,
        escape(&tr.n("network-map-title", drawn.len()))
    );
    // The strongest ties first, up to the limit, among the organisations drawn.
    let mut ties: Vec<&rapport_core::network::Tie> =
        view.ties.iter().filter(|t| at.contains_key(&t.a) && at.contains_key(&t.b)).collect();
    if ties.len() > TIE_LIMIT {
        ties.sort_by_key(|t| std::cmp::Reverse(t.partnerships + t.interactions));
        ties.truncate(TIE_LIMIT);
    }
    for tie in ties {
        if let (Some((x1, y1)), Some((x2, y2))) = (point(&tie.a), point(&tie.b)) {
            let width = (1.0 + (tie.partnerships + tie.interactions) as f64).log2().clamp(1.0, 5.0);
            let _ = write!(
                svg,
                r#"<line class="tie tie-{}" x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke-width="{width:.1}"/>"#,
                tie_tone(tie.trust, tie.reliability)
            );
        }
    }
    let (drawn, dots): (Vec<&MapNode>, Vec<Dot>) = drawn
        .iter()
        .copied()
        .filter_map(|node| {
            let (x, y) = point(&node.id)?;
            let (degree, betweenness) = measures.get(&node.id).copied().unwrap_or((0, 0.0));
            let radius = (5.0 + 2.5 * (degree as f64).sqrt()).min(22.0);
            // The organisation the map is centred on is named first, like a broker.
            let broker = view.measures.brokers.contains(&node.id) || centred_on.contains(&node.id);
            Some((
                node,
                Dot { x, y, radius, name_chars: node.name.chars().count(), rank: Rank { broker, degree, betweenness } },
            ))
        })
        .unzip();
    let labels = place_labels(&dots);
    let mut by_rank: Vec<usize> = (0..dots.len()).collect();
    by_rank.sort_by(|&a, &b| dots[a].rank.before(&dots[b].rank));
    let mut best_connected = vec![false; dots.len()];
    for &i in by_rank.iter().take(NAMED_IN_LARGE_MAP) {
        best_connected[i] = true;
    }
    for (i, ((node, dot), label)) in drawn.iter().zip(&dots).zip(&labels).enumerate() {
        let (Dot { x, y, radius, .. }, Rank { degree, betweenness, broker }) = (dot, dot.rank);
        let detail = format!(
            "{} — {} · {} · {}",
            node.name,
            words::organization_kind(tr, node.kind),
            tr.n("network-ties-count", degree),
            tr.a("network-betweenness", [("value", significant(tr, betweenness))])
        );
        let (open, close) = match ws {
            Some(ws) => (format!(r#"<a href="/w/{ws}/organizations/{}" class="node""#, node.id), "</a>"),
            None => (r#"<g class="node" role="img""#.to_owned(), "</g>"),
        };
        let _ = write!(
            svg,
            r#"{open} aria-label="{}"><title>{}</title><circle cx="{x:.1}" cy="{y:.1}" r="{radius:.1}" fill="{}"/>"#,
            escape(&node.name),
            escape(&detail),
            kind_colour(node.kind)
        );
        let spot_and_class = match label {
            Some(spot) if label_all || broker || best_connected[i] => Some((*spot, "node-label")),
            // A name crowded out of a small map is shown while its organisation is pointed at.
            _ if label_all => Some((LabelSpot::beside(dot), "node-label on-demand")),
            _ => None,
        };
        if let Some((spot, class)) = spot_and_class {
            let _ = write!(
                svg,
                r#"<text class="{class}" x="{:.1}" y="{:.1}" text-anchor="{}">{}</text>"#,
                spot.x,
                spot.y,
                spot.anchor,
                escape(&node.name)
            );
        }
        svg.push_str(close);
    }
    svg.push_str("</svg>");
    svg
}

/// The map of `view` as a report shows it: the organisations the map page would draw for that
/// day (the best connected, up to [`MAP_LIMIT`]), without links, with the types drawn.
pub(crate) fn report_map(tr: &Tr, view: &NetworkView) -> (String, Vec<(String, &'static str)>) {
    let drawn = drawn_nodes(view, &[]);
    let mut legend: Vec<(String, &'static str)> = Vec::new();
    for node in &drawn {
        let entry = (words::organization_kind(tr, node.kind), kind_colour(node.kind));
        if !legend.contains(&entry) {
            legend.push(entry);
        }
    }
    (draw(tr, None, view, &drawn, &[]), legend)
}

/// A spot in the unit square picked by an id, for an organisation the layout has not placed.
fn unplaced(id: Uuid) -> Position {
    let bytes = id.as_bytes();
    let unit = |a: u8, b: u8| f64::from(u16::from_le_bytes([a, b])) / f64::from(u16::MAX);
    Position { x: unit(bytes[14], bytes[15]), y: unit(bytes[12], bytes[13]) }
}

/// An organisation's dot on the map, with what its label placement needs.
#[derive(Debug, Clone, Copy)]
struct Dot {
    x: f64,
    y: f64,
    radius: f64,
    name_chars: usize,
    rank: Rank,
}

impl Dot {
    /// The square the dot covers: (left, top, right, bottom).
    fn bounds(&self) -> (f64, f64, f64, f64) {
        (self.x - self.radius, self.y - self.radius, self.x + self.radius, self.y + self.radius)
    }
}

/// Who is named first: the brokers (listed beside the map), then by ties, then by betweenness.
#[derive(Debug, Clone, Copy)]
struct Rank {
    broker: bool,
    degree: usize,
    betweenness: f64,
}

impl Rank {
    fn before(&self, other: &Rank) -> std::cmp::Ordering {
        other
            .broker
            .cmp(&self.broker)
            .then(other.degree.cmp(&self.degree))
            .then(other.betweenness.total_cmp(&self.betweenness))
    }
}

/// Where a name is written: its anchor point and which end of the text sits there.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LabelSpot {
    x: f64,
    y: f64,
    anchor: &'static str,
}

/// The size of a 13 px name in map units: a generous average character width, so an
/// estimate errs towards leaving room.
const CHAR_WIDTH: f64 = 7.2;
const LABEL_HEIGHT: f64 = 15.0;

impl LabelSpot {
    /// The usual place: beside the dot, towards the map's middle so no name runs off it.
    fn beside(dot: &Dot) -> LabelSpot {
        if dot.x > MAP_WIDTH / 2.0 {
            LabelSpot { x: dot.x - dot.radius - 3.0, y: dot.y + 4.0, anchor: "end" }
        } else {
            LabelSpot { x: dot.x + dot.radius + 3.0, y: dot.y + 4.0, anchor: "start" }
        }
    }

    /// The places tried, in order: beside, on the other side, above, below.
    fn candidates(dot: &Dot) -> [LabelSpot; 4] {
        let beside = LabelSpot::beside(dot);
        let other_side = if beside.anchor == "end" {
            LabelSpot { x: dot.x + dot.radius + 3.0, y: beside.y, anchor: "start" }
        } else {
            LabelSpot { x: dot.x - dot.radius - 3.0, y: beside.y, anchor: "end" }
        };
        let above = LabelSpot { x: dot.x, y: dot.y - dot.radius - 4.0, anchor: "middle" };
        let below = LabelSpot { x: dot.x, y: dot.y + dot.radius + LABEL_HEIGHT - 2.0, anchor: "middle" };
        [beside, other_side, above, below]
    }

    /// The box the text covers: (left, top, right, bottom).
    fn bounds(&self, chars: usize) -> (f64, f64, f64, f64) {
        let width = chars as f64 * CHAR_WIDTH;
        let left = match self.anchor {
            "end" => self.x - width,
            "middle" => self.x - width / 2.0,
            _ => self.x,
        };
        (left, self.y - LABEL_HEIGHT + 3.0, left + width, self.y + 3.0)
    }
}

fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Where each dot's name can be written without covering another name or another dot (a
/// broker's may cross dots), in `Rank` order; `None` for a name that finds no free place.
fn place_labels(dots: &[Dot]) -> Vec<Option<LabelSpot>> {
    let mut order: Vec<usize> = (0..dots.len()).collect();
    order.sort_by(|&a, &b| dots[a].rank.before(&dots[b].rank));
    let mut taken: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut placed = vec![None; dots.len()];
    for i in order {
        let dot = &dots[i];
        let fits = |spot: &LabelSpot, over_dots: bool| {
            let text = spot.bounds(dot.name_chars);
            let inside = text.0 >= 0.0 && text.1 >= 0.0 && text.2 <= MAP_WIDTH && text.3 <= MAP_HEIGHT;
            inside
                && !taken.iter().any(|t| overlaps(*t, text))
                && (over_dots || !dots.iter().enumerate().any(|(j, other)| j != i && overlaps(other.bounds(), text)))
        };
        let candidates = LabelSpot::candidates(dot);
        // A broker is named even where its name must pass over other dots.
        let free = candidates
            .iter()
            .find(|spot| fits(spot, false))
            .or_else(|| candidates.iter().find(|spot| dot.rank.broker && fits(spot, true)))
            .copied();
        if let Some(spot) = free {
            taken.push(spot.bounds(dot.name_chars));
            placed[i] = Some(spot);
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dot(x: f64, y: f64, degree: usize, name: &str) -> Dot {
        Dot {
            x,
            y,
            radius: 8.0,
            name_chars: name.chars().count(),
            rank: Rank { broker: false, degree, betweenness: 0.0 },
        }
    }

    #[test]
    fn small_numbers_keep_their_significant_digits() {
        let tr = &Tr::english();
        assert_eq!(share(tr, 0.0016), "0.16%", "a sparse network's density");
        assert_eq!(share(tr, 0.0), "0%");
        assert_eq!(share(tr, 0.054), "5.4%");
        assert_eq!(share(tr, 0.5), "50%");
        assert_eq!(significant(tr, 0.000_123_4), "0.00012");
        assert_eq!(significant(tr, 0.0312), "0.031");
        assert_eq!(significant(tr, 0.5), "0.50");
        assert_eq!(significant(tr, 1.0), "1.00");
        let es = &Tr::of("es").unwrap();
        assert_eq!(share(es, 0.0016), "0,16\u{a0}%", "Spanish writes a decimal comma and a no-break space");
        assert_eq!(significant(es, 0.0312), "0,031");
    }

    #[test]
    fn names_far_apart_are_all_written_beside_their_dots() {
        let dots = [dot(100.0, 100.0, 1, "Harbor Food Bank"), dot(700.0, 500.0, 1, "Maple Street Elementary")];
        let placed = place_labels(&dots);
        assert_eq!(placed[0], Some(LabelSpot::beside(&dots[0])));
        assert_eq!(placed[1], Some(LabelSpot::beside(&dots[1])), "right half: written to the left, ending at the dot");
        assert_eq!(placed[1].unwrap().anchor, "end");
    }

    #[test]
    fn a_crowded_name_moves_aside_or_waits_for_the_pointer_and_the_better_connected_keeps_its_place() {
        // Three organisations on top of each other: the hub is named beside its dot, the next
        // finds another side, and the last, with every side covered, is left unwritten.
        let dots = [
            dot(300.0, 300.0, 1, "Lakeshore Neighbors Association"),
            dot(300.0, 300.0, 9, "Riverside Unified District Office"),
            dot(300.0, 300.0, 3, "Eastside Arts Collaborative"),
        ];
        let placed = place_labels(&dots);
        assert_eq!(placed[1], Some(LabelSpot::beside(&dots[1])), "the hub keeps the usual place");
        assert!(placed[2].is_some_and(|spot| spot != LabelSpot::beside(&dots[2])), "{:?}", placed[2]);
        let written: Vec<_> = placed.iter().flatten().collect();
        assert_eq!(written.len(), 3, "beside, other side, above/below: {placed:?}");
        let crowded = [
            dots[0],
            dots[1],
            dots[2],
            dot(300.0, 300.0, 0, "Northgate Parent-Teacher Association"),
            dot(300.0, 300.0, 0, "Brightside Tech"),
        ];
        assert!(place_labels(&crowded)[4].is_none(), "no side is left for the fifth name");
        let mut broker = crowded;
        broker[4].rank.broker = true;
        assert_eq!(place_labels(&broker)[4], Some(LabelSpot::beside(&broker[4])), "a broker is named before any hub");
        // Among dots on every side, a broker's name still goes beside it, over the dots.
        let ring: Vec<Dot> = std::iter::once(Dot {
            rank: Rank { broker: true, degree: 1, betweenness: 0.5 },
            ..dot(400.0, 300.0, 1, "Westbrook Community High School")
        })
        .chain(
            [(-60.0, 0.0), (60.0, 0.0), (0.0, -22.0), (0.0, 22.0), (-120.0, 0.0), (120.0, 0.0)]
                .map(|(dx, dy)| dot(400.0 + dx, 300.0 + dy, 5, "")),
        )
        .collect();
        assert_eq!(place_labels(&ring)[0], Some(LabelSpot::beside(&ring[0])));
        let mut plain = ring.clone();
        plain[0].rank.broker = false;
        assert_eq!(place_labels(&plain)[0], None, "anyone else waits for the pointer there");
    }

    #[test]
    fn written_names_never_cover_each_other_nor_a_dot_nor_leave_the_map() {
        // A dense pseudo-random map, the same every run.
        let mut seed = 7u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as f64 / (1u64 << 31) as f64
        };
        let names = [
            "Riverside Central Library",
            "Harbor Credit Union",
            "Cedar Grove Early Learning Center",
            "STEM Mentors",
            "Grace Fellowship Church",
        ];
        let dots: Vec<Dot> =
            (0..60).map(|i| dot(40.0 + next() * 820.0, 40.0 + next() * 560.0, i % 7, names[i % names.len()])).collect();
        let placed = place_labels(&dots);
        let boxes: Vec<_> =
            placed.iter().zip(&dots).filter_map(|(spot, d)| spot.map(|s| s.bounds(d.name_chars))).collect();
        assert!(boxes.len() > 20, "most names still find a place: {}", boxes.len());
        for (i, a) in boxes.iter().enumerate() {
            assert!(a.0 >= 0.0 && a.1 >= 0.0 && a.2 <= MAP_WIDTH && a.3 <= MAP_HEIGHT, "{a:?} leaves the map");
            assert!(boxes[i + 1..].iter().all(|b| !overlaps(*a, *b)), "{a:?} covers another name");
        }
        for (spot, d) in placed.iter().zip(&dots) {
            let Some(spot) = spot else { continue };
            let text = spot.bounds(d.name_chars);
            assert!(dots.iter().filter(|o| !std::ptr::eq(*o, d)).all(|o| !overlaps(o.bounds(), text)));
        }
    }
}
