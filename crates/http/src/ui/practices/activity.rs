//! The workspace's activity log, for the roles that may read it.
//!
//! The store writes each entry's summary in English ("marked a commitment done", "recorded the
//! memorandum “Reading room” (draft)") and the API keeps it so; the page words it again in its
//! language from the facts the fixed English wording holds ([`stored_words`]). A summary it does
//! not know stays as written.

use super::*;
use rapport_core::kinds::{AgreementKind, AgreementStatus, CommitmentEventKind};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/w/{ws}/activity", get(show_activity))
}

struct ActivityView {
    when: String,
    who: String,
    what: String,
    record: String,
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

/// A kind of record, as the log's "Record" column names it.
fn record_kind(tr: &Tr, kind: RecordKind) -> String {
    match kind {
        RecordKind::Organization => tr.t("activity-record-organization"),
        RecordKind::Commitment => tr.t("activity-record-commitment"),
        RecordKind::CheckIn => tr.t("activity-record-checkin"),
        RecordKind::Goal => tr.t("activity-record-goal"),
        RecordKind::Milestone => tr.t("activity-record-milestone"),
        RecordKind::Concern => tr.t("activity-record-concern"),
        RecordKind::SurveyWave => tr.t("activity-record-survey-wave"),
        RecordKind::Contribution => tr.t("activity-record-contribution"),
        RecordKind::Kudos => tr.t("activity-record-kudos"),
        RecordKind::Retrospective => tr.t("activity-record-retrospective"),
        RecordKind::Agreement => tr.t("activity-record-agreement"),
    }
}

/// A title the store wrote between curly quotes: `“Reading room”` → `Reading room`.
fn quoted(text: &str) -> Option<String> {
    text.strip_prefix('\u{201c}').and_then(|t| t.strip_suffix('\u{201d}')).map(str::to_owned)
}

/// One of an agreement's parts, as `Agreement::changes` names it.
fn agreement_part(tr: &Tr, part: &str) -> Option<String> {
    Some(match part {
        "the kind" => tr.t("activity-part-kind"),
        "the title" => tr.t("activity-part-title"),
        "the parties" => tr.t("activity-part-parties"),
        "the day it was signed" => tr.t("activity-part-signed-on"),
        "the start date" => tr.t("activity-part-starts-on"),
        "the end date" => tr.t("activity-part-ends-on"),
        "the renewal notice" => tr.t("activity-part-renewal-notice"),
        "the status" => tr.t("activity-part-status"),
        "the document link" => tr.t("activity-part-document"),
        "the notes" => tr.t("activity-part-notes"),
        _ => return None,
    })
}

fn agreement_status(tr: &Tr, lower: &str) -> Option<String> {
    AgreementStatus::ALL
        .iter()
        .find(|s| s.label().to_lowercase() == lower)
        .map(|s| words::agreement_status(tr, *s).to_lowercase())
}

/// "changed the title and the status: draft → in force", from an agreement's history.
fn agreement_changed(tr: &Tr, rest: &str) -> Option<String> {
    let (parts, statuses) = rest.split_once(": ").map_or((rest, None), |(p, s)| (p, Some(s)));
    let (init, last) = parts.rsplit_once(" and ").map_or((None, parts), |(init, last)| (Some(init), last));
    let mut all: Vec<&str> = init.map(|i| i.split(", ").collect()).unwrap_or_default();
    all.push(last);
    let words: Vec<String> = all.iter().map(|p| agreement_part(tr, p)).collect::<Option<_>>()?;
    let what = super::super::partnerships::join_names(tr, words.iter().map(String::as_str));
    match statuses {
        None => Some(tr.a("activity-agreement-changed", [("what", what)])),
        Some(statuses) => {
            let (from, to) = statuses.split_once(" → ")?;
            Some(tr.a(
                "activity-agreement-changed-status",
                [("what", what), ("from", agreement_status(tr, from)?), ("to", agreement_status(tr, to)?)],
            ))
        }
    }
}

/// "recorded the memorandum “Reading room” (draft)".
fn agreement_recorded(tr: &Tr, rest: &str) -> Option<String> {
    let (kind, rest) = AgreementKind::ALL.iter().find_map(|k| {
        let label = k.label().to_lowercase();
        rest.strip_prefix(&label).and_then(|r| r.strip_prefix(' ')).map(|r| (*k, r))
    })?;
    let (title, status) = rest.rsplit_once(" (")?;
    let status = agreement_status(tr, status.strip_suffix(')')?)?;
    Some(tr.a(
        "activity-agreement-recorded",
        [("kind", words::agreement_kind(tr, kind).to_lowercase()), ("title", quoted(title)?), ("status", status)],
    ))
}

/// "recorded a contribution: 40 hours (volunteer hours)".
fn contribution_recorded(tr: &Tr, rest: &str) -> Option<String> {
    let (quantity, kind) = rest.rsplit_once(" (")?;
    let kind = kind.strip_suffix(')')?;
    let kind = ContributionKind::ALL.iter().find(|k| k.label().to_lowercase() == kind)?;
    let (amount, unit) = quantity.split_once(' ').unwrap_or((quantity, ""));
    let amount: f64 = amount.parse().ok()?;
    let unit = super::contributions::unit_name(tr, unit);
    Some(tr.a(
        "activity-contribution-recorded",
        [
            ("quantity", format::quantity_in(tr, amount, Some(unit.as_str()))),
            ("kind", super::contributions::kind_name(tr, *kind).to_lowercase()),
        ],
    ))
}

fn concern_state(tr: &Tr, code: &str) -> Option<String> {
    code.parse::<ConcernState>().ok().map(|s| words::concern_state(tr, s).to_lowercase())
}

/// An entry's summary as the store wrote it, in the page's language (see the module's note).
pub(crate) fn stored_words(tr: &Tr, summary: &str) -> String {
    let fixed = match summary {
        "updated a goal's progress" => Some(tr.t("activity-goal-progress")),
        "made a commitment" => Some(tr.t("activity-commitment-made")),
        "corrected a commitment" => Some(tr.t("activity-commitment-corrected")),
        "archived a commitment" => Some(tr.t("activity-commitment-archived")),
        "sent kudos" => Some(tr.t("activity-kudos-sent")),
        "held a retrospective" => Some(tr.t("activity-retro-held")),
        "raised a shared concern" => Some(tr.t("activity-concern-raised-shared")),
        "raised a private concern" => Some(tr.t("activity-concern-raised-private")),
        _ => None,
    };
    if let Some(words) = fixed {
        return words;
    }
    let worded = if let Some(kind) = summary.strip_prefix("marked a commitment ") {
        CommitmentEventKind::ALL.iter().find(|k| k.label().to_lowercase() == kind).map(|k| match k {
            CommitmentEventKind::Made => tr.t("activity-commitment-made"),
            CommitmentEventKind::Done => tr.t("activity-commitment-marked-done"),
            CommitmentEventKind::Renegotiated => tr.t("activity-commitment-marked-renegotiated"),
            CommitmentEventKind::Cancelled => tr.t("activity-commitment-marked-cancelled"),
            CommitmentEventKind::Corrected => tr.t("activity-commitment-corrected"),
        })
    } else if let Some(rest) = summary.strip_prefix("moved a concern from ") {
        rest.split_once(" to ").and_then(|(from, to)| {
            Some(tr.a("activity-concern-moved", [("from", concern_state(tr, from)?), ("to", concern_state(tr, to)?)]))
        })
    } else if let Some(title) = summary.strip_prefix("linked the document ") {
        quoted(title).map(|title| tr.a("activity-link-added", [("title", title)]))
    } else if let Some(title) = summary.strip_prefix("removed the link to ") {
        quoted(title).map(|title| tr.a("activity-link-removed", [("title", title)]))
    } else if let Some(title) = summary.strip_prefix("archived the agreement ") {
        quoted(title).map(|title| tr.a("activity-agreement-archived", [("title", title)]))
    } else if let Some(rest) = summary.strip_prefix("recorded the ") {
        agreement_recorded(tr, rest)
    } else if let Some(rest) = summary.strip_prefix("changed ") {
        agreement_changed(tr, rest)
    } else if let Some(rest) = summary.strip_prefix("recorded a contribution: ") {
        contribution_recorded(tr, rest)
    } else if let Some(kind) =
        summary.strip_prefix("added \u{201c}").and_then(|r| r.strip_suffix("\u{201d} to a retrospective"))
    {
        RetrospectiveItemKind::ALL.iter().find(|k| k.label().to_lowercase() == kind).map(|k| {
            tr.a("activity-retro-item-added", [("kind", super::retrospectives::item_kind(tr, *k).to_lowercase())])
        })
    } else {
        None
    };
    // A check-in's and a commitment's own summaries ("recorded a check-in", "corrected the
    // agenda and the notes") are worded where their histories are.
    worded.unwrap_or_else(|| crate::ui::work::stored_summary(tr, summary))
}

async fn show_activity(ui: Ui, RawQuery(query): RawQuery) -> UiResult {
    let session = ui.session();
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let given = FormData::parse(query.unwrap_or_default().as_bytes());
    let after = given.get("before").parse::<Uuid>().ok();
    let page = session.activity(None, PageRequest { after, limit: 50, include_archived: false }).await?;
    let (names, _) = workspace_names(&session, tr).await?;
    let ws = ui.ws();
    let entries = page
        .items
        .iter()
        .map(|e| ActivityView {
            when: format::moment_in(&tr, ui.viewer.time_zone, e.occurred_at),
            who: e.actor_user_id.map(|u| names.person(u)).unwrap_or_else(|| "Rapport".to_owned()),
            what: stored_words(&tr, &e.summary),
            record: record_kind(&tr, e.record_kind),
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
        chrome,
        ws: ws.to_string(),
        entries,
        older: page.next_after.map(|id| format!("before={id}")),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es() -> Tr {
        Tr::of("es").unwrap()
    }

    #[test]
    fn stored_summaries_read_in_the_page_language() {
        let en = Tr::english();
        for summary in [
            "made a commitment",
            "marked a commitment done",
            "marked a commitment cancelled by agreement",
            "linked the document “Plan”",
            "recorded the memorandum of understanding “Reading room” (draft)",
            "changed the title and the status: draft → in force",
            "recorded a contribution: 40 hours (volunteer hours)",
            "added “went well” to a retrospective",
            "corrected the agenda and the notes",
            "recorded a check-in",
        ] {
            let spanish = stored_words(&es(), summary);
            assert_ne!(spanish, summary, "{summary} stays English");
            // English reads as the store wrote it.
            assert_eq!(stored_words(&en, summary), summary);
        }
        assert_eq!(
            stored_words(&es(), "moved a concern from in_dialogue to resolved"),
            "movió una inquietud de en diálogo a resuelta"
        );
        assert_eq!(
            stored_words(&es(), "changed the title and the status: draft → in force"),
            "cambió el título y el estado: borrador → vigente"
        );
        assert_eq!(stored_words(&es(), "something new"), "something new");
    }
}
