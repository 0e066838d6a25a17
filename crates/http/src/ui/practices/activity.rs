//! The workspace's activity log, for the roles that may read it.

use super::*;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/w/{ws}/activity", get(show_activity))
}

struct ActivityView {
    when: String,
    who: String,
    what: String,
    record: &'static str,
    href: Option<String>,
}

#[derive(Template)]
#[template(path = "activity.html")]
struct ActivityPage {
    chrome: Chrome,
    ws: String,
    entries: Vec<ActivityView>,
    older: Option<String>,
}

async fn show_activity(ui: Ui, RawQuery(query): RawQuery) -> UiResult {
    let session = ui.session();
    let given = FormData::parse(query.unwrap_or_default().as_bytes());
    let after = given.get("before").parse::<Uuid>().ok();
    let page = session.activity(None, PageRequest { after, limit: 50, include_archived: false }).await?;
    let (names, _) = workspace_names(&session, Tr::english()).await?;
    let ws = ui.ws();
    let entries = page
        .items
        .iter()
        .map(|e| ActivityView {
            when: ui.viewer.time_zone.moment(e.occurred_at),
            who: e.actor_user_id.map(|u| names.person(u)).unwrap_or_else(|| "Rapport".to_owned()),
            what: e.summary.clone(),
            record: e.record_kind.label(),
            href: match e.record_kind {
                RecordKind::Commitment => Some(format!("/w/{ws}/commitments/{}", e.record_id)),
                RecordKind::CheckIn => Some(format!("/w/{ws}/checkins/{}", e.record_id)),
                RecordKind::Concern => Some(format!("/w/{ws}/concerns/{}", e.record_id)),
                RecordKind::Goal => Some(format!("/w/{ws}/goals/{}", e.record_id)),
                _ => e.partnership_id.map(|p| format!("/w/{ws}/partnerships/{p}")),
            },
        })
        .collect();
    Ok(render(&ActivityPage {
        chrome: ui.chrome(pages::PARTNERSHIPS),
        ws: ws.to_string(),
        entries,
        older: page.next_after.map(|id| format!("before={id}")),
    }))
}
