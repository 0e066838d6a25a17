//! The results of the header's search box: `/w/{ws}/search?q=…`, grouped by kind, each a link
//! to its record's page. A plain GET form, so it works without JavaScript.

use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::routing::get;
use rapport_core::search::{SearchHit, SearchKind};
use serde::Deserialize;

use super::context::{Ui, UiResult};
use super::form::{FormData, FormState};
use super::pages::{self, Chrome, render, render_with_status};
use crate::AppState;
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
    pub heading: &'static str,
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

async fn search(ui: Ui, Query(query): Query<SearchQuery>) -> UiResult {
    let q = query.q.unwrap_or_default();
    let data = FormData::from_pairs([("q", q.clone())]);
    let page = |form, searched, groups| SearchPage {
        chrome: ui.chrome(pages::NONE),
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
                    heading: kind.plural(),
                    results: hits
                        .iter()
                        .filter(|hit| hit.kind == *kind)
                        .map(|hit| ResultView {
                            href: href(&ui, hit),
                            title: hit.title.clone(),
                            context: hit.context.clone(),
                        })
                        .collect(),
                })
                .filter(|group| !group.results.is_empty())
                .collect();
            Ok(render(&page(FormState::new(data), true, groups)))
        }
        Err(AppError::Invalid(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(FormState::with_errors(data, errors), false, Vec::new()),
        )),
        Err(other) => Err(other.into()),
    }
}
