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
use crate::i18n::Tr;
use rapport_app::AppError;
use rapport_app::import::{ImportFailure, MAX_LISTED, run};

pub fn routes() -> Router<AppState> {
    Router::new().route("/w/{ws}/import", get(show).post(upload))
}

const COORDINATORS_ONLY: &str = "only coordinators and owners can import";

/// One kind of file, as the page offers it.
pub struct KindView {
    pub value: &'static str,
    pub label: String,
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
    back: (&'static str, String),
    /// "Imported 12 organisations."
    done: Option<String>,
    /// Why nothing was imported, in one sentence.
    problem: Option<String>,
    problems: Vec<ProblemView>,
    /// The pasted text, kept when the file is sent back for correction.
    pasted: String,
}

/// A kind of file by what it holds: "Organisations".
fn kind_label(tr: &Tr, kind: ImportKind) -> String {
    match kind {
        ImportKind::Organizations => tr.t("nav-organizations"),
        ImportKind::Contacts => tr.t("organization-contacts"),
        ImportKind::Partnerships => tr.t("nav-partnerships"),
        ImportKind::Commitments => tr.t("import-kind-commitments"),
        ImportKind::Agreements => tr.t("agreements-heading"),
    }
}

fn kinds(tr: &Tr, selected: ImportKind) -> Vec<KindView> {
    ImportKind::ALL
        .into_iter()
        .map(|k| KindView {
            value: k.as_str(),
            label: kind_label(tr, k),
            columns: k.columns().join(", "),
            required: k.required().join(", "),
            selected: k == selected,
        })
        .collect()
}

fn page(ui: &Ui, kind: ImportKind) -> ImportPage {
    // The navigation and the breadcrumb agree on where the chosen kind of record lives.
    let (section, back) = match kind {
        ImportKind::Organizations | ImportKind::Contacts => (pages::ORGANIZATIONS, "organizations"),
        ImportKind::Partnerships | ImportKind::Commitments => (pages::PARTNERSHIPS, "partnerships"),
        ImportKind::Agreements => (pages::PARTNERSHIPS, "agreements"),
    };
    let chrome = ui.chrome(section).translated();
    let tr = chrome.tr;
    let back_words = match kind {
        ImportKind::Organizations | ImportKind::Contacts => tr.t("nav-organizations"),
        ImportKind::Partnerships | ImportKind::Commitments => tr.t("nav-partnerships"),
        ImportKind::Agreements => tr.t("agreements-heading"),
    };
    ImportPage {
        chrome,
        ws: ui.ws().to_string(),
        kinds: kinds(&tr, kind),
        back: (back, back_words),
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
        let tr = view.chrome.tr;
        view.done = Some(match kind {
            ImportKind::Organizations => tr.n("import-done-organizations", count),
            ImportKind::Contacts => tr.n("import-done-contacts", count),
            ImportKind::Partnerships => tr.n("import-done-partnerships", count),
            ImportKind::Commitments => tr.n("import-done-commitments", count),
            ImportKind::Agreements => tr.n("import-done-agreements", count),
        });
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
    let tr = view.chrome.tr;
    view.pasted = pasted.clone();
    let Some(kind) = kind else {
        view.problem = Some(tr.t("import-choose-kind"));
        return Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &view));
    };
    let csv: &[u8] = if file.iter().any(|b| !b.is_ascii_whitespace()) { file } else { pasted.as_bytes() };
    if csv.iter().all(u8::is_ascii_whitespace) {
        view.problem = Some(tr.t("import-choose-file"));
        return Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &view));
    }
    match run(&ui.session(), kind, csv).await {
        Ok(count) => {
            Ok(super::context::see_other(&format!("{}?kind={}&imported={count}", ui.link("/import"), kind.as_str())))
        }
        Err(ImportFailure::App(err)) => Err(err.into()),
        Err(ImportFailure::Rejected(errors)) => {
            // The heading already says nothing was imported.
            view.problem = Some(summary_in(&tr, &errors));
            view.problems = errors.iter().take(MAX_LISTED).map(|e| problem_view(&tr, e)).collect();
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &view))
        }
    }
}

/// Where a problem is, in the page's language: "Line 3, column \"name\"".
fn problem_view(tr: &Tr, error: &CellError) -> ProblemView {
    let line = error.line.to_string();
    let place = match &error.column {
        Some(column) => tr.a("import-place-column", [("line", line), ("column", column.clone())]),
        None => tr.a("import-place", [("line", line)]),
    };
    ProblemView { place, message: super::form::words(tr, &error.message) }
}

/// The sentence above the problems, from the same facts as `rapport_app::import::summary`: how
/// many problems on how many lines, and how many are not listed.
fn summary_in(tr: &Tr, errors: &[CellError]) -> String {
    let mut lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    lines.sort_unstable();
    lines.dedup();
    let problems = tr.n("import-problems", errors.len());
    let on = match lines.as_slice() {
        [one] => tr.a("import-on-line", [("line", one.to_string())]),
        _ => tr.n("import-on-lines", lines.len()),
    };
    let mut text = tr.a("import-summary", [("problems", problems), ("on", on)]);
    if errors.len() > MAX_LISTED {
        text.push(' ');
        text.push_str(&tr.na("import-not-listed", errors.len() - MAX_LISTED, [("listed", MAX_LISTED.to_string())]));
    }
    text
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
