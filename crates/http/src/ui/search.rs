//! The results of the header's search box: `/w/{ws}/search?q=…`, grouped by kind, each a link
//! to its record's page. A plain GET form, so it works without JavaScript.

use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::routing::get;
use chrono::NaiveDate;
use rapport_core::kinds::{OrganizationKind, PartnershipKind};
use rapport_core::search::{SearchHit, SearchKind};
use serde::Deserialize;

use super::context::{Ui, UiResult};
use super::form::{FormData, FormState};
use super::pages::{self, Chrome, render, render_with_status};
use super::words;
use crate::AppState;
use crate::i18n::Tr;
use rapport_app::AppError;

pub fn routes() -> Router<AppState> {
    Router::new().route("/w/{ws}/search", get(search))
}

#[derive(Deserialize)]
struct SearchQuery {
    q: Option<String>,
}

pub struct ResultView {
    pub href: String,
    pub title: String,
    pub context: String,
}

pub struct GroupView {
    pub id: &'static str,
    pub heading: String,
    pub results: Vec<ResultView>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    chrome: Chrome,
    ws: String,
    form: FormState,
    /// Whether a query was searched (an empty box shows the form alone).
    searched: bool,
    query: String,
    groups: Vec<GroupView>,
}

fn href(ui: &Ui, hit: &SearchHit) -> String {
    let id = hit.id;
    ui.link(&match hit.kind {
        SearchKind::Organization => format!("/organizations/{id}"),
        SearchKind::Contact => {
            format!("/organizations/{}#contacts", hit.organization_id.map(|o| o.to_string()).unwrap_or_default())
        }
        SearchKind::Partnership => format!("/partnerships/{id}"),
        SearchKind::Goal => format!("/goals/{id}"),
        SearchKind::Commitment => format!("/commitments/{id}"),
        SearchKind::CheckIn => format!("/checkins/{id}"),
    })
}

fn group_id(kind: SearchKind) -> &'static str {
    match kind {
        SearchKind::Organization => "found-organizations",
        SearchKind::Contact => "found-contacts",
        SearchKind::Partnership => "found-partnerships",
        SearchKind::Goal => "found-goals",
        SearchKind::Commitment => "found-commitments",
        SearchKind::CheckIn => "found-checkins",
    }
}

fn heading(tr: &Tr, kind: SearchKind) -> String {
    match kind {
        SearchKind::Organization => tr.t("search-found-organizations"),
        SearchKind::Contact => tr.t("search-found-contacts"),
        SearchKind::Partnership => tr.t("search-found-partnerships"),
        SearchKind::Goal => tr.t("search-found-goals"),
        SearchKind::Commitment => tr.t("search-found-commitments"),
        SearchKind::CheckIn => tr.t("search-found-checkins"),
    }
}

/// A hit's title in the page's language: the store writes a check-in's as "Check-in of 4
/// December 2026"; its day is read back and worded again. Other titles are what people typed.
fn title_in(tr: &Tr, hit: &SearchHit) -> String {
    let stored = if hit.kind == SearchKind::CheckIn { hit.title.strip_prefix("Check-in of ") } else { None };
    let day = stored.and_then(|day| NaiveDate::parse_from_str(day, "%d %B %Y").ok());
    match day {
        Some(day) => tr.a("search-checkin-of", [("day", tr.long_day(day))]),
        None => hit.title.clone(),
    }
}

/// A hit's context line in the page's language: the store writes an organisation's kind and a
/// partnership's ("School–community partnership") by their English labels, read back here.
fn context_in(tr: &Tr, hit: &SearchHit) -> String {
    match hit.kind {
        SearchKind::Organization => OrganizationKind::ALL
            .iter()
            .find(|k| k.label() == hit.context)
            .map_or_else(|| hit.context.clone(), |k| words::organization_kind(tr, *k)),
        SearchKind::Partnership => hit
            .context
            .strip_suffix(" partnership")
            .and_then(|label| PartnershipKind::ALL.iter().find(|k| k.label() == label))
            .map_or_else(
                || hit.context.clone(),
                |k| tr.a("search-partnership-kind", [("kind", words::partnership_kind(tr, *k))]),
            ),
        _ => hit.context.clone(),
    }
}

async fn search(ui: Ui, Query(query): Query<SearchQuery>) -> UiResult {
    let q = query.q.unwrap_or_default();
    let tr = ui.chrome(pages::NONE).translated().tr;
    let data = FormData::from_pairs([("q", q.clone())]);
    let page = |form, searched, groups| SearchPage {
        chrome: ui.chrome(pages::NONE).translated(),
        ws: ui.ws().to_string(),
        form,
        searched,
        query: q.trim().to_owned(),
        groups,
    };
    if q.trim().is_empty() {
        return Ok(render(&page(FormState::new(data), false, Vec::new())));
    }
    match ui.session().search(&q).await {
        Ok(hits) => {
            let groups = SearchKind::ALL
                .iter()
                .map(|kind| GroupView {
                    id: group_id(*kind),
                    heading: heading(&tr, *kind),
                    results: hits
                        .iter()
                        .filter(|hit| hit.kind == *kind)
                        .map(|hit| ResultView {
                            href: href(&ui, hit),
                            title: title_in(&tr, hit),
                            context: context_in(&tr, hit),
                        })
                        .collect(),
                })
                .filter(|group| !group.results.is_empty())
                .collect();
            Ok(render(&page(FormState::new(data), true, groups)))
        }
        Err(AppError::Invalid(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(FormState::with_errors(data, errors).speaking(tr), false, Vec::new()),
        )),
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(kind: SearchKind, title: &str, context: &str) -> SearchHit {
        SearchHit {
            kind,
            id: uuid::Uuid::nil(),
            title: title.to_owned(),
            context: context.to_owned(),
            partnership_id: None,
            organization_id: None,
            exact: false,
        }
    }

    #[test]
    fn what_the_store_wrote_in_english_reads_in_the_page_language() {
        let es = Tr::of("es").unwrap();
        let checkin = hit(SearchKind::CheckIn, "Check-in of 4 December 2026", "Reading Buddies");
        assert_eq!(title_in(&es, &checkin), "Reunión del 4 de diciembre de 2026");
        assert_eq!(title_in(&Tr::english(), &checkin), "Check-in of 4 December 2026");
        let library = hit(SearchKind::Organization, "Eastside Library", "Library");
        assert_eq!(context_in(&es, &library), "Biblioteca");
        let partnership = hit(SearchKind::Partnership, "Reading Buddies", "School–community partnership");
        assert_eq!(context_in(&es, &partnership), "Alianza (Escuela y comunidad)");
        assert_eq!(context_in(&Tr::english(), &partnership), "School–community partnership");
        // What people typed stays as typed.
        let goal = hit(SearchKind::Goal, "Check-in of the year", "Reading Buddies");
        assert_eq!(title_in(&es, &goal), "Check-in of the year");
    }
}
