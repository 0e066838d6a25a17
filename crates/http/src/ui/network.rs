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
use rapport_core::kinds::{OrganizationKind, PartnershipKind};
use rapport_core::network::{NetworkNode, layout};
use serde::Deserialize;
use uuid::Uuid;

use super::context::{Ui, UiResult};
use super::form::{FormData, FormState};
use super::pages::{self, Chrome, Choice, render};
use crate::AppState;
use crate::network_map::{NetworkQuery, NetworkView};

pub fn routes() -> Router<AppState> {
    Router::new().route("/w/{ws}/network", get(map))
}

#[derive(Debug, Default, Deserialize)]
struct MapParams {
    organization_kind: Option<String>,
    partnership_kind: Option<String>,
    focus: Option<String>,
    as_of: Option<String>,
}

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
struct MapPage {
    chrome: Chrome,
    ws: String,
    svg: String,
    filter: FormState,
    organization_kinds: Vec<Choice>,
    partnership_kinds: Vec<Choice>,
    legend: Vec<(&'static str, &'static str)>,
    organizations: usize,
    ties: usize,
    density: String,
    centralization: String,
    components: usize,
    mean_trust: String,
    low_trust: String,
    brokers: Vec<Named>,
    isolates: Vec<Named>,
    filtered: bool,
    as_of: String,
    is_today: bool,
}

async fn map(ui: Ui, Query(params): Query<MapParams>) -> UiResult {
    let organization_kind: Option<OrganizationKind> = params.organization_kind.as_deref().and_then(|k| k.parse().ok());
    let partnership_kind: Option<PartnershipKind> = params.partnership_kind.as_deref().and_then(|k| k.parse().ok());
    let as_of: Option<NaiveDate> = params.as_of.as_deref().and_then(|d| d.parse().ok());
    let focus = params.focus.clone().filter(|f| !f.trim().is_empty());
    let session = ui.session();
    let view = session.network(&NetworkQuery { organization_kind, partnership_kind, focus: focus.clone(), as_of }).await?;
    let ws = ui.ws();
    let names: HashMap<Uuid, (&str, OrganizationKind)> = view.nodes.iter().map(|n| (n.id, (n.name.as_str(), n.kind))).collect();
    let named = |id: &Uuid, detail: String| Named { link: format!("/w/{ws}/organizations/{id}"), name: names.get(id).map(|n| n.0).unwrap_or_default().to_owned(), detail };
    let betweenness: HashMap<Uuid, f64> = view.measures.nodes.iter().map(|n| (n.id, n.betweenness)).collect();
    let mut legend: Vec<(&'static str, &'static str)> = Vec::new();
    for node in &view.nodes {
        let entry = (node.kind.label(), kind_colour(node.kind));
        if !legend.contains(&entry) {
            legend.push(entry);
        }
    }
    let percent = |v: Option<f64>, scale: f64| v.map(|v| format!("{:.0}%", v * scale)).unwrap_or_else(|| "not known yet".into());
    let filter = FormState::new(FormData::from_pairs([
        ("organization_kind", organization_kind.map(|k| k.as_str()).unwrap_or("")),
        ("partnership_kind", partnership_kind.map(|k| k.as_str()).unwrap_or("")),
        ("focus", focus.as_deref().unwrap_or("")),
    ]));
    Ok(render(&MapPage {
        chrome: ui.chrome(pages::NETWORK),
        ws: ws.to_string(),
        svg: draw(ws, &view),
        filter,
        organization_kinds: OrganizationKind::ALL.iter().map(|k| Choice::new(k.as_str(), k.label())).collect(),
        partnership_kinds: PartnershipKind::ALL.iter().map(|k| Choice::new(k.as_str(), k.label())).collect(),
        legend,
        organizations: view.measures.organizations,
        ties: view.measures.ties,
        density: format!("{:.0}%", view.measures.density * 100.0),
        centralization: format!("{:.2}", view.measures.degree_centralization),
        components: view.measures.components,
        mean_trust: percent(view.measures.mean_trust, 1.0),
        low_trust: percent(view.measures.low_trust_share, 100.0),
        brokers: view.measures.brokers.iter().map(|id| named(id, format!("betweenness {:.2}", betweenness.get(id).copied().unwrap_or(0.0)))).collect(),
        isolates: view.measures.isolates.iter().map(|id| named(id, names.get(id).map(|n| n.1.label().to_owned()).unwrap_or_default())).collect(),
        filtered: organization_kind.is_some() || partnership_kind.is_some() || focus.is_some() || as_of.is_some(),
        is_today: view.as_of == session.today(),
        as_of: view.as_of.to_string(),
    }))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The map itself. Names are written beside the organisations when there are few enough to
/// read; in a large network only the brokers are named and the rest say theirs on hover/focus.
fn draw(ws: Uuid, view: &NetworkView) -> String {
    const W: f64 = 900.0;
    const H: f64 = 640.0;
    const PAD: f64 = 40.0;
    let nodes: Vec<NetworkNode> = view.nodes.iter().map(|n| NetworkNode { id: n.id, name: n.name.clone(), kind: n.kind }).collect();
    let at = layout(&nodes, &view.ties);
    let point = |id: &Uuid| at.get(id).map(|p| (PAD + p.x * (W - 2.0 * PAD), PAD + p.y * (H - 2.0 * PAD)));
    let measures: HashMap<Uuid, (usize, f64)> = view.measures.nodes.iter().map(|n| (n.id, (n.degree, n.betweenness))).collect();
    let label_all = nodes.len() <= 40;
    let mut svg = format!(
        r#"<svg class="network-map" viewBox="0 0 {W} {H}" role="img" aria-labelledby="map-title"><title id="map-title">Network of {} organisations and {} ties</title>"#,
        view.measures.organizations, view.measures.ties
    );
    for tie in &view.ties {
        if let (Some((x1, y1)), Some((x2, y2))) = (point(&tie.a), point(&tie.b)) {
            let width = (1.0 + (tie.partnerships + tie.interactions) as f64).log2().clamp(1.0, 5.0);
            let _ = write!(svg, r#"<line class="tie tie-{}" x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke-width="{width:.1}"/>"#, tie_tone(tie.trust, tie.reliability));
        }
    }
    for node in &view.nodes {
        let Some((x, y)) = point(&node.id) else { continue };
        let (degree, betweenness) = measures.get(&node.id).copied().unwrap_or((0, 0.0));
        let radius = (5.0 + 2.5 * (degree as f64).sqrt()).min(22.0);
        let detail = format!("{} — {} · {} tie{} · betweenness {:.2}", node.name, node.kind.label(), degree, if degree == 1 { "" } else { "s" }, betweenness);
        let _ = write!(
            svg,
            r#"<a href="/w/{ws}/organizations/{}" class="node"><title>{}</title><circle cx="{x:.1}" cy="{y:.1}" r="{radius:.1}" fill="{}"/>"#,
            node.id,
            escape(&detail),
            kind_colour(node.kind)
        );
        if label_all || view.measures.brokers.contains(&node.id) {
            // Names on the right half go to the left of their dot, so none runs off the map.
            let (label_x, anchor) = if x > W / 2.0 { (x - radius - 3.0, "end") } else { (x + radius + 3.0, "start") };
            let _ = write!(svg, r#"<text class="node-label" x="{label_x:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#, y + 4.0, escape(&node.name));
        }
        svg.push_str("</a>");
    }
    svg.push_str("</svg>");
    svg
}
