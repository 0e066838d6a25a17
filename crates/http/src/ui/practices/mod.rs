//! Pages for the practices that keep a partnership healthy: raising and answering concerns,
//! sending kudos and the wins feed, the contribution ledger with its equity view, the
//! partnership's timeline and the activity log.

use askama::Template;
use axum::Router;
use axum::extract::RawQuery;
use axum::routing::{get, post};
use rapport_app::{ConcernFilter, PageRequest, PartnershipRecords, TimelineFilter};
use rapport_core::ValidationErrors;
use rapport_core::concern::{Concern, ConcernDraft, ConcernTransitionDraft};
use rapport_core::contribution::{ContributionDraft, Equity};
use rapport_core::kinds::WarningKind;
use rapport_core::kinds::{
    ConcernSeverity, ConcernState, ConcernVisibility, ContributionKind, RecordKind, RetrospectiveItemKind,
    RetrospectiveTrigger, Role, TimelineKind,
};
use rapport_core::kudos::{Kudos, KudosDraft};
use rapport_core::records::{Partnership, WorkspaceMember};
use rapport_core::retrospective::{RetrospectiveDraft, RetrospectiveItemDraft};
use rapport_core::trust::{RecordRef, TrendPoint, Warning};
use uuid::Uuid;

use super::charts;
use super::context::{Id, Posted, Ui, UiResult};
use super::form::{FormData, FormState, Outcome, outcome, same};
use super::format::{self, Chip};
use super::organizations::version;
use super::pages::{self, Choice, Chrome, render, render_with_status};
use super::partnerships::Names;
use super::words;
use crate::AppState;
use crate::i18n::Tr;
use rapport_app::{AppError, Session};

mod activity;
pub(crate) use activity::stored_words;
mod concerns;
pub(crate) mod contributions;
mod kudos;
mod retrospectives;
mod timeline;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(concerns::routes())
        .merge(kudos::routes())
        .merge(contributions::routes())
        .merge(timeline::routes())
        .merge(activity::routes())
        .merge(retrospectives::routes())
}

fn member_choices(p: &Partnership) -> Vec<Choice> {
    p.members.iter().map(|m| Choice::new(m.organization_id, m.organization_name.clone())).collect()
}

/// A concern's state chip, in the page's language.
fn state_chip(tr: &Tr, concern: &Concern) -> Chip {
    let tone = match concern.state {
        ConcernState::Raised if concern.overdue => "bad",
        ConcernState::Raised => "warn",
        ConcernState::Acknowledged | ConcernState::InDialogue | ConcernState::InMediation => "info",
        ConcernState::Resolved => "good",
        ConcernState::Withdrawn => "neutral",
    };
    let label =
        if concern.overdue { tr.t("concern-waiting-past-deadline") } else { words::concern_state(tr, concern.state) };
    Chip { label, tone }
}

/// A concern as lists show it.
pub struct ConcernRow {
    pub id: String,
    pub title: String,
    pub chip: Chip,
    pub private: bool,
    /// "Medium severity".
    pub severity: String,
    pub meta: String,
}

impl ConcernRow {
    fn new(concern: &Concern, names: &Names, today: chrono::NaiveDate) -> ConcernRow {
        let tr = names.tr();
        let raised = tr.a(
            "concern-raised-by",
            [
                ("name", names.person(concern.raised_by)),
                ("when", format::relative_in(tr, concern.raised_at.date_naive(), today)),
            ],
        );
        let meta = if concern.state == ConcernState::Raised {
            let due = format::due_in(tr, concern.acknowledge_by, today);
            format!("{raised} · {}", tr.a("concern-to-be-acknowledged", [("due", due)]))
        } else {
            raised
        };
        ConcernRow {
            id: concern.id.to_string(),
            title: concern.title.clone(),
            chip: state_chip(tr, concern),
            private: concern.visibility == ConcernVisibility::Private,
            severity: tr.a("concern-severity-of", [("severity", concern.severity.as_str().to_owned())]),
            meta,
        }
    }
}

/// A kudos as the wins feed shows it.
pub struct KudosRow {
    pub from: String,
    pub to: String,
    pub message: String,
    pub when: String,
    pub about: Option<String>,
}

impl KudosRow {
    fn new(kudos: &Kudos, names: &Names, today: chrono::NaiveDate) -> KudosRow {
        let tr = names.tr();
        let from = match kudos.from_organization_id {
            Some(org) => tr.a(
                "kudos-from-for",
                [("person", names.person(kudos.from_user_id)), ("organization", names.organization(org))],
            ),
            None => names.person(kudos.from_user_id),
        };
        let to = match (kudos.to_user_id, kudos.to_organization_id) {
            (Some(user), _) => names.person(user),
            (None, Some(org)) => names.organization(org),
            (None, None) => tr.t("kudos-to-partnership"),
        };
        let about = kudos.about.map(|a| match a.kind {
            RecordKind::Commitment => tr.t("kudos-for-commitment"),
            RecordKind::Milestone => tr.t("kudos-for-milestone"),
            _ => tr.t("kudos-for-goal"),
        });
        KudosRow {
            from,
            to,
            message: kudos.message.clone(),
            when: format::relative_in(tr, kudos.given_on, today),
            about,
        }
    }
}

/// Names of everyone and every organisation in the workspace, for feeds across partnerships, with
/// the words of a page in `tr`'s language.
async fn workspace_names(session: &Session<'_>, tr: Tr) -> UiResult<(Names, Vec<WorkspaceMember>)> {
    let people = session.members().await?;
    let mut names = Names::people(&people).speaking(tr);
    for org in session.organization_directory().await? {
        names.add_organization(org.id, &org.name);
    }
    Ok((names, people))
}

/// The partnership page's section on concerns and wins.
pub struct PracticesPanel {
    pub concerns: Vec<ConcernRow>,
    pub wins: Vec<KudosRow>,
    pub can_record: bool,
}

impl PracticesPanel {
    /// Shows of `records` what the session's viewer may see.
    pub fn new(session: &Session<'_>, p: &Partnership, records: &PartnershipRecords, names: &Names) -> PracticesPanel {
        let today = session.today();
        let members = p.member_ids();
        let concerns = records
            .open_concerns
            .iter()
            .filter(|c| c.parties().visible_to(&session.viewer, &members))
            .take(CONCERNS_SHOWN);
        PracticesPanel {
            concerns: concerns.map(|c| ConcernRow::new(c, names, today)).collect(),
            wins: records.wins.iter().map(|k| KudosRow::new(k, names, today)).collect(),
            can_record: session.viewer.can_record_in_partnership(&members) && p.archived_at.is_none(),
        }
    }
}

/// Open concerns a partnership's page lists; the concerns page has them all.
const CONCERNS_SHOWN: usize = 20;

/// For a "win to celebrate" warning: the kudos form, prefilled with the partnership, the
/// organisation to thank and the milestone thanked for.
pub fn kudos_link(ws: Uuid, partnership_id: Uuid, warning: &Warning) -> Option<String> {
    if warning.kind != WarningKind::WinToCelebrate {
        return None;
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("partnership_id", &partnership_id.to_string());
    if let Some(org) = warning.organization_id {
        query.append_pair("to_organization_id", &org.to_string());
    }
    if let [record] = warning.records.as_slice()
        && record.kind == RecordKind::Milestone
    {
        query.append_pair("about_kind", record.kind.as_str());
        query.append_pair("about_id", &record.id.to_string());
    }
    Some(format!("/w/{ws}/kudos/new?{}", query.finish()))
}
