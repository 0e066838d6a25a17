//! A partnership's timeline: everything that happened in it, newest first, filtered.

use rapport_core::kinds::RetrospectiveItemKind;
use rapport_core::timeline::TimelineWhat;

use super::*;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/w/{ws}/partnerships/{id}/timeline", get(show_timeline))
}

struct EntryView {
    kind: &'static str,
    kind_name: String,
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
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let entries = entries
        .iter()
        .map(|e| EntryView {
            kind: e.kind.as_str(),
            kind_name: timeline_kind(&tr, e.kind),
            on: tr.day(e.on),
            title: title(&tr, &e.what),
            // A retrospective's detail counts its items; others are what people wrote.
            detail: match &e.what {
                TimelineWhat::Retrospective { counts, .. } => retrospective_detail(&tr, counts),
                _ => e.detail.clone(),
            },
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
        chrome,
        ws: ws.to_string(),
        p,
        entries,
        kinds: TimelineKind::ALL.iter().map(|k| Choice::new(k.as_str(), timeline_kind(&tr, *k))).collect(),
        form: form.speaking(tr),
        older,
        newest,
    }))
}

fn timeline_kind(tr: &Tr, kind: TimelineKind) -> String {
    match kind {
        TimelineKind::CheckIn => tr.t("timeline-kind-check-in"),
        TimelineKind::CommitmentMade => tr.t("timeline-kind-commitment-made"),
        TimelineKind::CommitmentKept => tr.t("timeline-kind-commitment-kept"),
        TimelineKind::CommitmentRenegotiated => tr.t("timeline-kind-commitment-renegotiated"),
        TimelineKind::CommitmentCancelled => tr.t("timeline-kind-commitment-cancelled"),
        TimelineKind::CommitmentMissed => tr.t("timeline-kind-commitment-missed"),
        TimelineKind::MilestoneMet => tr.t("timeline-kind-milestone-met"),
        TimelineKind::Concern => tr.t("timeline-kind-concern"),
        TimelineKind::Kudos => tr.t("timeline-kind-kudos"),
        TimelineKind::Contribution => tr.t("timeline-kind-contribution"),
        TimelineKind::VisionRevised => tr.t("timeline-kind-vision-revised"),
        TimelineKind::Retrospective => tr.t("timeline-kind-retrospective"),
        TimelineKind::SurveyWave => tr.t("timeline-kind-survey-wave"),
        TimelineKind::Agreement => tr.t("timeline-kind-agreement"),
    }
}

/// What happened, in the page's language.
fn title(tr: &Tr, what: &TimelineWhat) -> String {
    let who = |who: &Option<String>| who.clone().unwrap_or_else(|| tr.t("timeline-an-organisation"));
    match what {
        TimelineWhat::CheckIn { agenda: Some(first) } => tr.a("timeline-checkin", [("agenda", first.clone())]),
        TimelineWhat::CheckIn { agenda: None } => tr.t("timeline-checkin-held"),
        TimelineWhat::Promised { who: w, description } => {
            tr.a("timeline-promised", [("who", who(w)), ("description", description.clone())])
        }
        TimelineWhat::Kept { who: w, description, late: false } => {
            tr.a("timeline-kept", [("who", who(w)), ("description", description.clone())])
        }
        TimelineWhat::Kept { who: w, description, late: true } => {
            tr.a("timeline-kept-late", [("who", who(w)), ("description", description.clone())])
        }
        TimelineWhat::Renegotiated { who: w, description, to: Some(to) } => tr.a(
            "timeline-renegotiated-to",
            [("who", who(w)), ("description", description.clone()), ("iso", to.to_string()), ("day", tr.day(*to))],
        ),
        TimelineWhat::Renegotiated { who: w, description, to: None } => {
            tr.a("timeline-renegotiated", [("who", who(w)), ("description", description.clone())])
        }
        TimelineWhat::Cancelled { description } => tr.a("timeline-cancelled", [("description", description.clone())]),
        TimelineWhat::Missed { who: w, description } => {
            tr.a("timeline-missed", [("who", who(w)), ("description", description.clone())])
        }
        TimelineWhat::MilestoneMet { title } => tr.a("timeline-milestone-met", [("title", title.clone())]),
        TimelineWhat::Concern { state, title } => tr.a(
            "timeline-concern",
            [("state", words::concern_state(tr, *state).to_lowercase()), ("title", title.clone())],
        ),
        TimelineWhat::Kudos { to: Some(to) } => tr.a("timeline-kudos", [("to", to.clone())]),
        TimelineWhat::Kudos { to: None } => tr.t("timeline-kudos-partner"),
        TimelineWhat::Contribution { who: w, amount, unit, kind } => tr.a(
            "timeline-contribution",
            [
                ("who", who(w)),
                ("amount", format::quantity_in(tr, *amount, Some(&super::contributions::unit_name(tr, unit)))),
                // English writes the amount as the API does: 12.50 USD.
                ("amount_en", format!("{} {unit}", rapport_core::timeline::format_amount(*amount))),
                ("kind", super::contributions::kind_name(tr, *kind).to_lowercase()),
            ],
        ),
        TimelineWhat::VisionRevised => tr.t("timeline-vision-revised"),
        TimelineWhat::Retrospective { title, .. } => tr.a("timeline-retrospective", [("title", title.clone())]),
        TimelineWhat::SurveyOpened { title } => {
            tr.a("timeline-survey-opened", [("title", crate::ui::surveys::title_in(tr, title))])
        }
        TimelineWhat::SurveyClosed { title } => {
            tr.a("timeline-survey-closed", [("title", crate::ui::surveys::title_in(tr, title))])
        }
        TimelineWhat::AgreementSigned { kind, title } => {
            tr.a("timeline-agreement-signed", [("kind", words::agreement_kind(tr, *kind)), ("title", title.clone())])
        }
        TimelineWhat::AgreementDrafted { kind, title } => {
            tr.a("timeline-agreement-drafted", [("kind", words::agreement_kind(tr, *kind)), ("title", title.clone())])
        }
        TimelineWhat::AgreementFinished { kind, status, title } => tr.a(
            "timeline-agreement-finished",
            [
                ("kind", words::agreement_kind(tr, *kind)),
                ("status", words::agreement_status(tr, *status).to_lowercase()),
                ("title", title.clone()),
            ],
        ),
    }
}

/// A retrospective's items counted by kind: "1 salió bien · 2 lecciones aprendidas".
fn retrospective_detail(tr: &Tr, counts: &[(RetrospectiveItemKind, usize)]) -> Option<String> {
    let parts: Vec<String> = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| match kind {
            RetrospectiveItemKind::WentWell => tr.n("timeline-retro-went-well", n),
            RetrospectiveItemKind::DidNotGoWell => tr.n("timeline-retro-did-not-go-well", n),
            RetrospectiveItemKind::Lesson => tr.n("timeline-retro-lesson", n),
            RetrospectiveItemKind::FollowUp => tr.n("timeline-retro-follow-up", n),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use rapport_core::kinds::{AgreementKind, AgreementStatus, ConcernState, ContributionKind};

    use super::*;

    #[test]
    fn in_english_the_timeline_says_what_the_api_says() {
        let en = Tr::english();
        let who = Some("Harbor Library".to_owned());
        let description = "Lend the books".to_owned();
        let day = NaiveDate::from_ymd_opt(2026, 12, 4);
        let title = "Autumn term".to_owned();
        let all = [
            TimelineWhat::CheckIn { agenda: Some("Reading nights".into()) },
            TimelineWhat::CheckIn { agenda: None },
            TimelineWhat::Promised { who: who.clone(), description: description.clone() },
            TimelineWhat::Kept { who: who.clone(), description: description.clone(), late: true },
            TimelineWhat::Kept { who: None, description: description.clone(), late: false },
            TimelineWhat::Renegotiated { who: who.clone(), description: description.clone(), to: day },
            TimelineWhat::Renegotiated { who: who.clone(), description: description.clone(), to: None },
            TimelineWhat::Cancelled { description: description.clone() },
            TimelineWhat::Missed { who: who.clone(), description },
            TimelineWhat::MilestoneMet { title: title.clone() },
            TimelineWhat::Concern { state: ConcernState::InDialogue, title: title.clone() },
            TimelineWhat::Kudos { to: who.clone() },
            TimelineWhat::Kudos { to: None },
            TimelineWhat::Contribution {
                who: who.clone(),
                amount: 12.5,
                unit: "USD".into(),
                kind: ContributionKind::Money,
            },
            TimelineWhat::Contribution {
                who,
                amount: 1200.0,
                unit: "hours".into(),
                kind: ContributionKind::StaffHours,
            },
            TimelineWhat::VisionRevised,
            TimelineWhat::Retrospective { title: title.clone(), counts: vec![] },
            TimelineWhat::SurveyOpened { title: title.clone() },
            TimelineWhat::SurveyClosed { title: title.clone() },
            TimelineWhat::AgreementSigned { kind: AgreementKind::DataSharing, title: title.clone() },
            TimelineWhat::AgreementDrafted { kind: AgreementKind::Memorandum, title: title.clone() },
            TimelineWhat::AgreementFinished { kind: AgreementKind::Funding, status: AgreementStatus::Expired, title },
        ];
        for what in &all {
            assert_eq!(super::title(&en, what), what.title(), "{what:?}");
        }
        let counts = [(RetrospectiveItemKind::WentWell, 1), (RetrospectiveItemKind::Lesson, 2)];
        assert_eq!(retrospective_detail(&en, &counts), TimelineWhat::retrospective_detail(&counts));
        assert_eq!(
            retrospective_detail(&Tr::of("es").unwrap(), &counts).as_deref(),
            Some("1 salió bien · 2 lecciones aprendidas")
        );
    }
}
