//! "Import from CSV": coordinators upload (or paste) a file of organisations, contacts,
//! partnerships or commitments. The import is the API's ([`rapport_app::import::run`]): all or
//! nothing, and every bad cell listed by line and column above the form.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::Query;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use rapport_core::import::{CellError, ImportKind};
use serde::Deserialize;

use super::context::{Ui, UiError, UiResult, same_secret};
use super::form::FormData;
use super::pages::{self, Chrome, render, render_with_status};
use crate::AppState;
use crate::guard::{too_large_detail, unreadable_body};
use rapport_app::AppError;
use rapport_app::import::{ImportFailure, MAX_LISTED, run, summary};

pub fn routes() -> Router<AppState> {
    Router::new().route("/w/{ws}/import", get(show).post(upload))
}

const COORDINATORS_ONLY: &str = "only coordinators and owners can import";

/// One kind of file, as the page offers it.
pub struct KindView {
    pub value: &'static str,
    pub label: &'static str,
    pub columns: String,
    pub required: String,
    pub selected: bool,
}

/// One problem, as the list above the form shows it.
pub struct ProblemView {
    pub place: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    chrome: Chrome,
    ws: String,
    kinds: Vec<KindView>,
    /// Where the breadcrumb leads back to: the list the chosen kind of record lives in.
    back: (&'static str, &'static str),
    /// "Imported 12 organisations."
    done: Option<String>,
    /// Why nothing was imported, in one sentence.
    problem: Option<String>,
    problems: Vec<ProblemView>,
    /// The pasted text, kept when the file is sent back for correction.
    pasted: String,
}

fn kinds(selected: ImportKind) -> Vec<KindView> {
    ImportKind::ALL
        .into_iter()
        .map(|k| KindView {
            value: k.as_str(),
            label: match k {
                ImportKind::Organizations => "Organisations",
                ImportKind::Contacts => "Contacts",
                ImportKind::Partnerships => "Partnerships",
                ImportKind::Commitments => "Commitments",
                ImportKind::Agreements => "Agreements",
            },
            columns: k.columns().join(", "),
            required: k.required().join(", "),
            selected: k == selected,
        })
        .collect()
}

fn page(ui: &Ui, kind: ImportKind) -> ImportPage {
    // The navigation and the breadcrumb agree on where the chosen kind of record lives.
    let (section, back) = match kind {
        ImportKind::Organizations | ImportKind::Contacts => (pages::ORGANIZATIONS, ("organizations", "Organisations")),
        ImportKind::Partnerships | ImportKind::Commitments => (pages::PARTNERSHIPS, ("partnerships", "Partnerships")),
        ImportKind::Agreements => (pages::PARTNERSHIPS, ("agreements", "Agreements")),
    };
    ImportPage {
        chrome: ui.chrome(section),
        ws: ui.ws().to_string(),
        kinds: kinds(kind),
        back,
        done: None,
        problem: None,
        problems: Vec::new(),
        pasted: String::new(),
    }
}

fn require_coordinator(ui: &Ui) -> Result<(), UiError> {
    if ui.viewer.can_write() && ui.may_manage_network() {
        Ok(())
    } else {
        Err(AppError::Forbidden(COORDINATORS_ONLY).into())
    }
}

#[derive(Deserialize)]
struct ShowQuery {
    kind: Option<String>,
    imported: Option<String>,
}

async fn show(ui: Ui, Query(query): Query<ShowQuery>) -> UiResult {
    require_coordinator(&ui)?;
    let kind = query.kind.as_deref().and_then(|k| k.parse().ok()).unwrap_or(ImportKind::Organizations);
    let mut view = page(&ui, kind);
    // Only a number and a known kind reach the page, so a crafted link cannot put words on it.
    if let Some(count) = query.imported.as_deref().and_then(|n| n.parse::<usize>().ok()) {
        let what = if count == 1 { kind.label().trim_end_matches('s').to_owned() } else { kind.label().to_owned() };
        view.done = Some(format!("Imported {count} {what}."));
    }
    Ok(render(&view))
}

/// The posted form: `multipart/form-data` with the file, or a plain form with pasted text.
async fn upload(ui: Ui, request: Request) -> UiResult {
    let fields = posted_fields(request).await?;
    let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_slice()).unwrap_or(b"");
    if !same_secret(std::str::from_utf8(field("csrf")).unwrap_or(""), &ui.csrf) {
        return Err(UiError::Csrf);
    }
    require_coordinator(&ui)?;
    let kind = std::str::from_utf8(field("kind")).ok().and_then(|k| k.parse().ok());
    let pasted = String::from_utf8_lossy(field("csv")).into_owned();
    let file = field("file");
    let mut view = page(&ui, kind.unwrap_or(ImportKind::Organizations));
    view.pasted = pasted.clone();
    let Some(kind) = kind else {
        view.problem = Some("Choose what the file holds.".into());
        return Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &view));
    };
    let csv: &[u8] = if file.iter().any(|b| !b.is_ascii_whitespace()) { file } else { pasted.as_bytes() };
    if csv.iter().all(u8::is_ascii_whitespace) {
        view.problem = Some("Choose a CSV file, or paste its text.".into());
        return Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &view));
    }
    match run(&ui.session(), kind, csv).await {
        Ok(count) => {
            Ok(super::context::see_other(&format!("{}?kind={}&imported={count}", ui.link("/import"), kind.as_str())))
        }
        Err(ImportFailure::App(err)) => Err(err.into()),
        Err(ImportFailure::Rejected(errors)) => {
            // The heading already says nothing was imported.
            let text = summary(&errors);
            view.problem = Some(sentence(text.strip_prefix("nothing was imported: ").unwrap_or(&text)));
            view.problems = errors.iter().take(MAX_LISTED).map(problem_view).collect();
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &view))
        }
    }
}

fn problem_view(error: &CellError) -> ProblemView {
    let place = error.place();
    let mut chars = place.chars();
    let place = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    ProblemView { place, message: error.message.clone() }
}

fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    out.push('.');
    out
}

/// The posted fields by name with their raw bytes, from a `multipart/form-data` body (the file
/// input) or a plain form (pasted text only).
async fn posted_fields(request: Request) -> UiResult<Vec<(String, Vec<u8>)>> {
    let unreadable = || AppError::BadRequest("the form could not be read; reload the page and try again".into());
    let too_large_or = |status: StatusCode| {
        if status == StatusCode::PAYLOAD_TOO_LARGE { AppError::TooLarge(too_large_detail()) } else { unreadable() }
    };
    let content_type = request.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.to_ascii_lowercase().starts_with("multipart/form-data") {
        let body = Bytes::from_request(request, &()).await.map_err(|e| unreadable_body(&e))?;
        let form = FormData::parse(&body);
        return Ok(["csrf", "kind", "csv"]
            .iter()
            .map(|n| ((*n).to_owned(), form.get(n).as_bytes().to_vec()))
            .collect());
    }
    let mut multipart = Multipart::from_request(request, &()).await.map_err(|e| too_large_or(e.status()))?;
    let mut fields = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| too_large_or(e.status()))? {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|e| too_large_or(e.status()))?;
        fields.push((name, bytes.to_vec()));
    }
    Ok(fields)
}
