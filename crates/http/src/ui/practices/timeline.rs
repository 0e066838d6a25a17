//! A partnership's timeline: everything that happened in it, newest first, filtered.

use super::*;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/w/{ws}/partnerships/{id}/timeline", get(show_timeline))
}

struct EntryView {
    kind: &'static str,
    kind_name: &'static str,
    on: String,
    title: String,
    detail: Option<String>,
    href: Option<String>,
}

#[derive(Template)]
#[template(path = "timeline.html")]
struct TimelinePage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    entries: Vec<EntryView>,
    kinds: Vec<Choice>,
    form: FormState,
    /// The query string of the next (older) page, when there is one.
    older: Option<String>,
    newest: Option<String>,
}

const TIMELINE_PAGE: u64 = 30;

/// The filter of `given` with the page starting at position `start`, as a query string.
fn timeline_query(given: &FormData, start: u64) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for kind in given.all("kind") {
        query.append_pair("kind", kind);
    }
    for key in ["from", "to"] {
        if let Some(value) = given.optional(key) {
            query.append_pair(key, &value);
        }
    }
    if start > 0 {
        query.append_pair("start", &start.to_string());
    }
    query.finish()
}

async fn show_timeline(ui: Ui, Id(id): Id, RawQuery(query): RawQuery) -> UiResult {
    let session = ui.session();
    let p = session.partnership(id).await?;
    let given = FormData::parse(query.unwrap_or_default().as_bytes());
    let mut errors = ValidationErrors::new();
    let from = given.optional_date(&mut errors, "from");
    let to = given.optional_date(&mut errors, "to");
    let kinds: Vec<TimelineKind> = given.all("kind").iter().filter_map(|k| k.parse().ok()).collect();
    let offset: u64 = given.get("start").parse().unwrap_or(0);
    let filter = TimelineFilter { kinds, from, to };
    let page = PageRequest {
        after: (offset > 0).then(|| Uuid::from_u128(offset as u128)),
        limit: TIMELINE_PAGE,
        include_archived: false,
    };
    let result =
        if errors.is_empty() { session.timeline(id, &filter, page).await } else { Err(AppError::Invalid(errors)) };
    let (entries, older, form) = match result {
        Ok(found) => {
            let older = found.next_after.map(|next| timeline_query(&given, next.as_u128() as u64));
            (found.items, older, FormState::new(given.clone()))
        }
        Err(AppError::Invalid(errors)) => (Vec::new(), None, FormState::with_errors(given.clone(), errors)),
        Err(other) => return Err(other.into()),
    };
    let ws = ui.ws();
    let entries = entries
        .iter()
        .map(|e| EntryView {
            kind: e.kind.as_str(),
            kind_name: e.kind.label(),
            on: format::day(e.on),
            title: e.title.clone(),
            detail: e.detail.clone(),
            href: e.record.and_then(|r| match r.kind {
                RecordKind::Commitment => Some(format!("/w/{ws}/commitments/{}", r.id)),
                RecordKind::CheckIn => Some(format!("/w/{ws}/checkins/{}", r.id)),
                RecordKind::Concern => Some(format!("/w/{ws}/concerns/{}", r.id)),
                RecordKind::Contribution => Some(format!("/w/{ws}/partnerships/{id}/contributions")),
                RecordKind::Retrospective => Some(format!("/w/{ws}/retrospectives/{}", r.id)),
                RecordKind::SurveyWave => Some(format!("/w/{ws}/surveys/{}", r.id)),
                _ => None,
            }),
        })
        .collect();
    let newest = (offset > 0).then(|| timeline_query(&given, 0));
    Ok(render(&TimelinePage {
        chrome: ui.chrome(pages::PARTNERSHIPS),
        ws: ws.to_string(),
        p,
        entries,
        kinds: vocabulary(TimelineKind::ALL, TimelineKind::as_str, TimelineKind::label),
        form,
        older,
        newest,
    }))
}
