//! The workspace home, the partnership list and forms, and the partnership page that gathers
//! its vision, members, goals, milestones, commitments and check-ins.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::routing::{get, post};
use chrono::{Datelike, NaiveDate};
use rapport_app::{PageRequest, PartnershipRecords};
use rapport_core::ValidationErrors;
use rapport_core::kinds::{Cadence, CommitmentStatus, PartnershipKind, PartnershipStatus, ReminderKind};
use rapport_core::records::{
    CheckIn, Commitment, Goal, MemberDraft, Milestone, Partnership, PartnershipDraft, WorkspaceMember,
};
use serde::Deserialize;
use uuid::Uuid;

use super::context::{Id, Posted, Ui, UiResult};
use super::form::{FormData, FormState, Outcome, outcome};
use super::format::{self, Chip};
use super::organizations::version;
use super::pages::{self, Choice, Chrome, render, render_with_status};
use super::words;
use crate::AppState;
use crate::i18n::Tr;
use rapport_app::AppError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/w/{ws}", get(home))
        .route("/w/{ws}/partnerships", get(list).post(create))
        .route("/w/{ws}/partnerships/new", get(new))
        .route("/w/{ws}/partnerships/{id}", get(show).post(update))
        .route("/w/{ws}/partnerships/{id}/edit", get(edit))
        .route("/w/{ws}/partnerships/{id}/archive", post(archive))
        .route("/w/{ws}/partnerships/{id}/restore", post(restore))
        .route("/w/{ws}/partnerships/{id}/vision", get(vision_history))
}

/// A partnership in a list.
pub struct PartnershipRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub status: Chip,
    pub cadence: String,
    /// The cadence's code, for messages that choose their words by it.
    pub cadence_code: &'static str,
    pub members: String,
    pub archived: bool,
}

impl PartnershipRow {
    pub fn new(tr: &Tr, p: &Partnership) -> PartnershipRow {
        PartnershipRow {
            id: p.id.to_string(),
            name: p.name.clone(),
            kind: words::partnership_kind(tr, p.kind),
            status: Chip::partnership(tr, p.status),
            cadence: words::cadence(tr, p.cadence),
            cadence_code: p.cadence.as_str(),
            members: join_names(tr, p.members.iter().map(|m| m.organization_name.as_str())),
            archived: p.archived_at.is_some(),
        }
    }
}

/// "A, B and C", "A, B y C".
pub fn join_names<'a>(tr: &Tr, names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => tr.a("list-and", [("rest", rest.join(", ")), ("last", (*last).to_owned())]),
    }
}

/// A commitment as lists show it.
pub struct CommitmentView {
    pub id: String,
    pub description: String,
    pub promisor: String,
    pub person: Option<String>,
    pub promisee: String,
    pub partnership: Option<(String, String)>,
    pub due_date: String,
    /// "due in 5 days", "3 days overdue", "done Fri 4 Dec 2026".
    pub when: String,
    pub chip: Chip,
    pub version: i32,
    pub open: bool,
    pub status: CommitmentStatus,
}

/// Names of the organisations and people a page mentions, and the page's language for those
/// no longer there.
pub struct Names {
    organizations: HashMap<Uuid, String>,
    people: HashMap<Uuid, String>,
    tr: Tr,
}

impl Names {
    pub fn new(partnership: &Partnership, people: &[WorkspaceMember]) -> Names {
        let mut names = Names::people(people);
        names.add_partnership(partnership);
        names
    }

    pub fn people(people: &[WorkspaceMember]) -> Names {
        Names {
            organizations: HashMap::new(),
            people: people.iter().map(|p| (p.user_id, p.name.clone())).collect(),
            tr: Tr::english(),
        }
    }

    /// The same names, with the words of a page in `tr`'s language.
    pub fn speaking(self, tr: Tr) -> Names {
        Names { tr, ..self }
    }

    /// The page's language.
    pub fn tr(&self) -> &Tr {
        &self.tr
    }

    /// The partnership's members and the people its kept records mention.
    pub fn kept(partnership: &Partnership, records: &PartnershipRecords) -> Names {
        let mut names = Names { organizations: HashMap::new(), people: records.people.clone(), tr: Tr::english() };
        names.add_partnership(partnership);
        names
    }

    pub fn add_partnership(&mut self, partnership: &Partnership) {
        for m in &partnership.members {
            self.organizations.insert(m.organization_id, m.organization_name.clone());
        }
    }

    pub fn add_organization(&mut self, id: Uuid, name: &str) {
        self.organizations.insert(id, name.to_owned());
    }

    pub fn organization(&self, id: Uuid) -> String {
        self.organizations.get(&id).cloned().unwrap_or_else(|| self.tr.t("names-former-member"))
    }

    pub fn person(&self, id: Uuid) -> String {
        self.people.get(&id).cloned().unwrap_or_else(|| self.tr.t("names-former-colleague"))
    }
}

impl CommitmentView {
    pub fn new(c: &Commitment, names: &Names, today: NaiveDate) -> CommitmentView {
        let tr = names.tr();
        let done_on = c.done_on.map(|d| tr.day(d)).unwrap_or_default();
        let when = match c.status {
            CommitmentStatus::Done => tr.a("commitment-when-done", [("day", done_on)]),
            CommitmentStatus::DoneLate => tr.a(
                "commitment-when-done-late",
                [("day", done_on), ("late", c.done_on.map(|d| late_by(tr, c.due_on, d)).unwrap_or_default())],
            ),
            CommitmentStatus::Cancelled => tr.t("commitment-when-cancelled"),
            _ => format::due_in(tr, c.due_on, today),
        };
        CommitmentView {
            id: c.id.to_string(),
            description: c.description.clone(),
            promisor: names.organization(c.promisor_organization_id),
            person: c.promisor_user_id.map(|u| names.person(u)),
            promisee: c
                .promisee_organization_id
                .map(|o| names.organization(o))
                .unwrap_or_else(|| tr.t("commitment-whole-partnership")),
            partnership: None,
            due_date: tr.day(c.due_on),
            when,
            chip: Chip::commitment(tr, c.status),
            version: c.version,
            open: !c.cancelled && c.done_on.is_none(),
            status: c.status,
        }
    }
}

/// How late a thing was done: "1 day", "3 days".
pub fn late_by(tr: &Tr, due: NaiveDate, done: NaiveDate) -> String {
    tr.n("span-days", (done - due).num_days())
}

/// Commitments sorted the way people act on them.
#[derive(Default)]
pub struct CommitmentGroups {
    pub overdue: Vec<CommitmentView>,
    pub due_soon: Vec<CommitmentView>,
    pub open: Vec<CommitmentView>,
    pub closed: Vec<CommitmentView>,
}

impl CommitmentGroups {
    pub fn new(views: Vec<CommitmentView>) -> CommitmentGroups {
        let mut groups = CommitmentGroups::default();
        for view in views {
            match view.status {
                CommitmentStatus::Overdue | CommitmentStatus::Missed => groups.overdue.push(view),
                CommitmentStatus::DueSoon => groups.due_soon.push(view),
                CommitmentStatus::Open => groups.open.push(view),
                CommitmentStatus::Done | CommitmentStatus::DoneLate | CommitmentStatus::Cancelled => {
                    groups.closed.push(view);
                }
            }
        }
        groups
    }

    pub fn open_count(&self) -> usize {
        self.overdue.len() + self.due_soon.len() + self.open.len()
    }
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    ws: String,
    first_name: String,
    today: String,
    partnerships: Vec<PartnershipRow>,
    more_partnerships: bool,
    mine: CommitmentGroups,
    has_organizations: bool,
    can_manage: bool,
    can_write: bool,
    /// Open surveys waiting for this person's answers.
    surveys: Vec<super::surveys::SurveyRow>,
    /// Contacts this person keeps in touch with whose follow-up is overdue.
    follow_ups: Vec<FollowUpRow>,
    /// The week's other reminders: check-ins due and goals to review.
    this_week: Vec<WeekRow>,
    /// Urgent warnings and unanswered concerns, most severe first (not for observers).
    needs: Option<super::today::Needs>,
    /// The network at a glance (observers).
    network: Option<super::today::NetworkState>,
    /// Members lead with their organisation's promises; coordinators with warnings and concerns.
    commitments_first: bool,
}

impl HomePage {
    /// The order of the "needs you today" blocks.
    fn blocks(&self) -> [&'static str; 2] {
        if self.commitments_first { ["commitments", "needs"] } else { ["needs", "commitments"] }
    }

    /// Whether anything at all needs this person today.
    fn nothing_urgent(&self) -> bool {
        self.needs.as_ref().is_none_or(|n| n.total == 0)
            && self.mine.overdue.is_empty()
            && self.mine.due_soon.is_empty()
    }
}

/// One of the week's other reminders, in the page's language.
struct WeekRow {
    path: String,
    title: String,
    kind: String,
    detail: String,
}

impl WeekRow {
    fn new(tr: &Tr, r: rapport_core::reminder::Reminder, today: NaiveDate) -> WeekRow {
        let facts = &r.facts;
        let (title, detail) = match (r.kind, &facts.partnership, r.due_on) {
            (ReminderKind::CheckInDue, Some(partnership), Some(due)) => (
                tr.a("home-week-checkin", [("partnership", partnership.clone())]),
                tr.a(
                    "home-week-checkin-detail",
                    [
                        ("cadence", facts.cadence.map(Cadence::as_str).unwrap_or_default().to_owned()),
                        ("due", due_days(tr, due, today)),
                    ],
                ),
            ),
            (ReminderKind::GoalReview, Some(partnership), _) => (
                r.title.clone(),
                tr.a(
                    "home-week-goal-detail",
                    [
                        ("since", facts.since.map(|d| tr.day_month(d)).unwrap_or_default()),
                        ("partnership", partnership.clone()),
                    ],
                ),
            ),
            _ => (r.title.clone(), r.detail.clone()),
        };
        WeekRow { path: r.path, title, kind: words::reminder_kind(tr, r.kind), detail }
    }
}

/// When a reminder is due, counted in days: "due in 10 days", "1 day overdue".
fn due_days(tr: &Tr, due: NaiveDate, today: NaiveDate) -> String {
    match (due - today).num_days() {
        0 => tr.t("due-today"),
        1 => tr.t("due-tomorrow"),
        d if d > 1 => tr.a("due-in", [("span", tr.n("span-days", d))]),
        d => tr.a("due-overdue", [("span", tr.n("span-days", -d))]),
    }
}

struct FollowUpRow {
    contact_id: String,
    name: String,
    organization_id: String,
    organization: String,
    /// "last contacted 3 months ago" or "never contacted".
    last: String,
    overdue: String,
}

async fn home(ui: Ui) -> UiResult {
    let chrome = ui.chrome(pages::HOME).translated();
    let tr = chrome.tr;
    let session = ui.session();
    let today = session.today();
    let page = session.partnerships(None, PageRequest { after: None, limit: 50, include_archived: false }).await?;
    let people = session.members().await?;
    let mut names = Names::people(&people).speaking(tr);
    let mine = session.my_open_commitments(100).await?;
    // Commitments, concerns, surveys and follow-ups have sections of their own.
    let this_week = session
        .my_reminders(rapport_core::reminder::DIGEST_DAYS, &[ReminderKind::CheckInDue, ReminderKind::GoalReview])
        .await?;
    let observer = !ui.viewer.can_write();
    let (needs, network) = if observer {
        (None, Some(super::today::network_state(&tr, &session, ui.ws()).await?))
    } else {
        (Some(super::today::needs(&tr, &session, ui.ws(), &page.items).await?), None)
    };
    let views = mine
        .iter()
        .map(|(c, p)| {
            names.add_partnership(p);
            let mut view = CommitmentView::new(c, &names, today);
            view.partnership = Some((p.id.to_string(), p.name.clone()));
            view
        })
        .collect();
    Ok(render(&HomePage {
        chrome,
        ws: ui.ws().to_string(),
        first_name: ui.user.name.split_whitespace().next().unwrap_or(&ui.user.name).to_owned(),
        today: tr.day(today),
        partnerships: page.items.iter().map(|p| PartnershipRow::new(&tr, p)).collect(),
        more_partnerships: page.next_after.is_some(),
        mine: CommitmentGroups::new(views),
        has_organizations: !ui.viewer.organizations.is_empty(),
        can_manage: ui.may_manage_network(),
        can_write: ui.viewer.can_write(),
        surveys: session
            .my_open_surveys()
            .await?
            .iter()
            .filter(|(_, answered)| !answered)
            .map(|(s, _)| super::surveys::SurveyRow::new(&tr, s))
            .collect(),
        follow_ups: session
            .my_overdue_follow_ups()
            .await?
            .into_iter()
            .map(|(c, organization)| FollowUpRow {
                contact_id: c.id.to_string(),
                organization_id: c.organization_id.to_string(),
                last: c.last_contacted_on.map_or_else(
                    || tr.t("home-never-contacted"),
                    |d| tr.a("home-last-contacted", [("when", format::relative_in(&tr, d, today))]),
                ),
                overdue: c
                    .follow_up_due(today)
                    .map(|due| tr.a("home-follow-up-was-due", [("when", format::relative_in(&tr, due, today))]))
                    .unwrap_or_default(),
                name: c.name,
                organization,
            })
            .collect(),
        this_week: this_week.into_iter().map(|r| WeekRow::new(&tr, r, today)).collect(),
        needs,
        network,
        commitments_first: !ui.may_manage_network(),
    }))
}

#[derive(Deserialize)]
struct ListQuery {
    status: Option<String>,
    kind: Option<String>,
    /// Read leniently: a mangled link starts from the beginning rather than failing.
    after: Option<String>,
    archived: Option<String>,
}

#[derive(Template)]
#[template(path = "partnerships.html")]
struct ListPage {
    chrome: Chrome,
    ws: String,
    rows: Vec<PartnershipRow>,
    filter: FormState,
    statuses: Vec<Choice>,
    kinds: Vec<Choice>,
    archived: bool,
    filtered: bool,
    more: Option<String>,
    can_manage: bool,
}

fn status_choices(tr: &Tr) -> Vec<Choice> {
    PartnershipStatus::ALL.iter().map(|s| Choice::new(s.as_str(), words::partnership_status(tr, *s))).collect()
}

fn kind_choices(tr: &Tr) -> Vec<Choice> {
    PartnershipKind::ALL.iter().map(|k| Choice::new(k.as_str(), words::partnership_kind(tr, *k))).collect()
}

fn cadence_choices(tr: &Tr) -> Vec<Choice> {
    Cadence::ALL.iter().map(|c| Choice::new(c.as_str(), words::cadence(tr, *c))).collect()
}

async fn list(ui: Ui, Query(query): Query<ListQuery>) -> UiResult {
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let session = ui.session();
    let status: Option<PartnershipStatus> = query.status.as_deref().and_then(|s| s.parse().ok());
    let kind: Option<PartnershipKind> = query.kind.as_deref().and_then(|k| k.parse().ok());
    let archived = query.archived.as_deref() == Some("1");
    // Filters apply to each page the store hands out, so a filtered page may be short; "More"
    // carries on from where this one stopped.
    let page = session
        .partnerships(
            None,
            PageRequest { after: query.after.and_then(|a| a.parse().ok()), limit: 200, include_archived: archived },
        )
        .await?;
    let rows = page
        .items
        .iter()
        .filter(|p| {
            status.is_none_or(|s| p.status == s)
                && kind.is_none_or(|k| p.kind == k)
                && (!archived || p.archived_at.is_some())
        })
        .map(|p| PartnershipRow::new(&tr, p))
        .collect();
    let more = page.next_after.map(|after| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if let Some(s) = status {
            q.append_pair("status", s.as_str());
        }
        if let Some(k) = kind {
            q.append_pair("kind", k.as_str());
        }
        if archived {
            q.append_pair("archived", "1");
        }
        q.append_pair("after", &after.to_string());
        format!("{}?{}", ui.link("/partnerships"), q.finish())
    });
    let filter = FormState::new(FormData::from_pairs([
        ("status", status.map(rapport_core::kinds::PartnershipStatus::as_str).unwrap_or("")),
        ("kind", kind.map(rapport_core::kinds::PartnershipKind::as_str).unwrap_or("")),
    ]));
    Ok(render(&ListPage {
        chrome,
        ws: ui.ws().to_string(),
        rows,
        filter,
        statuses: status_choices(&tr),
        kinds: kind_choices(&tr),
        archived,
        filtered: status.is_some() || kind.is_some(),
        more,
        can_manage: ui.may_manage_network(),
    }))
}

#[derive(Template)]
#[template(path = "partnership_form.html")]
struct FormPage {
    chrome: Chrome,
    ws: String,
    partnership: Option<Partnership>,
    form: FormState,
    statuses: Vec<Choice>,
    kinds: Vec<Choice>,
    cadences: Vec<Choice>,
    organizations: Vec<Choice>,
    rows: Vec<RowFields>,
}

/// The input names of one repeated row of a form, e.g. `members[2].role`.
pub struct RowFields {
    pub number: usize,
    pub org: String,
    pub role: String,
}

const MANAGE_ONLY: &str = "only coordinators and owners can set up partnerships";

impl FormPage {
    async fn new(ui: &Ui, partnership: Option<Partnership>, form: FormState) -> UiResult<FormPage> {
        let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
        let tr = chrome.tr;
        let organizations = ui
            .session()
            .organization_directory()
            .await?
            .iter()
            .map(|o| {
                let kind = words::organization_kind(&tr, o.kind);
                Choice::new(
                    o.id,
                    tr.a("partnership-form-organisation-choice", [("name", o.name.clone()), ("kind", kind)]),
                )
            })
            .collect();
        let rows = (0..member_rows(&form.data))
            .map(|i| RowFields {
                number: i + 1,
                org: format!("members[{i}].organization_id"),
                role: format!("members[{i}].role"),
            })
            .collect();
        Ok(FormPage {
            chrome,
            ws: ui.ws().to_string(),
            partnership,
            form: form.speaking(tr),
            statuses: status_choices(&tr),
            kinds: kind_choices(&tr),
            cadences: cadence_choices(&tr),
            organizations,
            rows,
        })
    }
}

/// How many member rows the form shows: what was sent, and at least three.
fn member_rows(form: &FormData) -> usize {
    form.get("rows").parse::<usize>().unwrap_or(3).clamp(3, 60)
}

async fn new(ui: Ui) -> UiResult {
    if !ui.may_manage_network() {
        return Err(AppError::Forbidden(MANAGE_ONLY).into());
    }
    let form = FormData::from_pairs([
        ("kind", "school_community"),
        ("status", "forming"),
        ("cadence", "monthly"),
        ("rows", "3"),
    ]);
    Ok(render(&FormPage::new(&ui, None, FormState::new(form)).await?))
}

/// Reads the member rows, skipping empty ones; returns the draft's members and, for each, the
/// row it came from, so errors land beside the right row.
fn members_from(form: &FormData, errors: &mut ValidationErrors) -> (Vec<MemberDraft>, Vec<usize>) {
    let mut members = Vec::new();
    let mut rows = Vec::new();
    for row in 0..member_rows(form) {
        let org_field = format!("members[{row}].organization_id");
        let role = form.optional(&format!("members[{row}].role"));
        match form.optional_id(errors, &org_field, "an organisation") {
            Some(organization_id) => {
                members.push(MemberDraft { organization_id, role });
                rows.push(row);
            }
            None if role.is_some() && errors.for_field(&org_field).is_none() => {
                errors.add(org_field, "choose the organisation that has this role");
            }
            None => {}
        }
    }
    (members, rows)
}

fn draft(form: &FormData, errors: &mut ValidationErrors) -> (PartnershipDraft, Vec<usize>) {
    let (members, rows) = members_from(form, errors);
    let draft = PartnershipDraft {
        name: form.get("name").to_owned(),
        kind: form.get("kind").to_owned(),
        status: form.get("status").to_owned(),
        cadence: form.get("cadence").to_owned(),
        vision: form.optional("vision"),
        members,
        started_on: form.optional_date(errors, "started_on"),
    };
    (draft, rows)
}

/// `members[1].role` in the draft is `members[{rows[1]}].role` in the form.
fn row_field(rows: &[usize]) -> impl Fn(&str) -> String + '_ {
    move |field: &str| {
        let Some(rest) = field.strip_prefix("members[") else { return field.to_owned() };
        let Some((index, tail)) = rest.split_once(']') else { return field.to_owned() };
        match index.parse::<usize>().ok().and_then(|i| rows.get(i)) {
            Some(row) => format!("members[{row}]{tail}"),
            None => field.to_owned(),
        }
    }
}

/// The form asked for more member rows instead of saving.
fn wants_more_rows(form: &mut FormData) -> bool {
    if !form.has("more_rows") {
        return false;
    }
    let rows = member_rows(form) + 2;
    form.set("rows", rows.to_string());
    true
}

async fn save(ui: &Ui, id: Option<Uuid>, mut form: FormData) -> UiResult {
    let session = ui.session();
    if wants_more_rows(&mut form) {
        let partnership = match id {
            Some(id) => Some(session.partnership(id).await?),
            None => None,
        };
        return Ok(render(&FormPage::new(ui, partnership, FormState::new(form)).await?));
    }
    let mut errors = ValidationErrors::new();
    let (draft, rows) = draft(&form, &mut errors);
    let result = match super::form::parsed(errors, draft.validate().map(|_| ())) {
        Err(e) => Err(e),
        Ok(()) => match id {
            Some(id) => session.update_partnership(id, &draft, version(&form)).await,
            None => session.create_partnership(&draft).await,
        },
    };
    match outcome(result, form, row_field(&rows))? {
        Outcome::Saved(p) => {
            Ok(ui.done(&format!("/partnerships/{}", p.id), if id.is_some() { "saved" } else { "created" }))
        }
        Outcome::Again(form) => {
            let partnership = match id {
                Some(id) => Some(session.partnership(id).await?),
                None => None,
            };
            Ok(render_with_status(form.status(), &FormPage::new(ui, partnership, form).await?))
        }
    }
}

async fn create(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    save(&ui, None, form).await
}

async fn edit(ui: Ui, Id(id): Id) -> UiResult {
    let p = ui.session().partnership(id).await?;
    if !ui.may_manage_network() {
        return Err(AppError::Forbidden(MANAGE_ONLY).into());
    }
    let mut form = FormData::from_pairs([
        ("name", p.name.clone()),
        ("kind", p.kind.as_str().to_owned()),
        ("status", p.status.as_str().to_owned()),
        ("cadence", p.cadence.as_str().to_owned()),
        ("vision", p.vision.clone().unwrap_or_default()),
        ("started_on", p.started_on.to_string()),
        ("version", p.version.to_string()),
        ("rows", (p.members.len() + 1).max(3).to_string()),
    ]);
    for (i, m) in p.members.iter().enumerate() {
        form.push(format!("members[{i}].organization_id"), m.organization_id.to_string());
        form.push(format!("members[{i}].role"), m.role.clone().unwrap_or_default());
    }
    Ok(render(&FormPage::new(&ui, Some(p), FormState::new(form)).await?))
}

async fn update(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    save(&ui, Some(id), form).await
}

async fn archive(Id(id): Id, Posted { ctx: ui, .. }: Posted<Ui>) -> UiResult {
    ui.session().archive_partnership(id, true).await?;
    Ok(ui.done(&format!("/partnerships/{id}"), "archived"))
}

async fn restore(Id(id): Id, Posted { ctx: ui, .. }: Posted<Ui>) -> UiResult {
    ui.session().archive_partnership(id, false).await?;
    Ok(ui.done(&format!("/partnerships/{id}"), "restored"))
}

pub struct MilestoneView {
    pub id: String,
    pub title: String,
    pub due: String,
    pub chip: Chip,
    pub note: String,
    pub met: bool,
}

impl MilestoneView {
    pub fn new(tr: &Tr, m: &Milestone, today: NaiveDate) -> MilestoneView {
        let met = |day: NaiveDate| tr.a("milestone-met-on", [("day", tr.day(day))]);
        let chip = |label: String, tone: &'static str| Chip { label, tone };
        let (chip, note) = match m.met_on {
            Some(day) if day <= m.due_on => (chip(tr.t("milestone-met"), "good"), met(day)),
            Some(day) => (chip(tr.t("milestone-met-late"), "warn"), met(day)),
            None if m.due_on < today => (chip(tr.t("milestone-not-met"), "bad"), format::due_in(tr, m.due_on, today)),
            None if (m.due_on - today).num_days() <= 14 => {
                (chip(tr.t("milestone-coming-up"), "warn"), format::due_in(tr, m.due_on, today))
            }
            None => (chip(tr.t("milestone-planned"), "neutral"), format::due_in(tr, m.due_on, today)),
        };
        MilestoneView {
            id: m.id.to_string(),
            title: m.title.clone(),
            due: tr.day(m.due_on),
            chip,
            note,
            met: m.met_on.is_some(),
        }
    }
}

pub struct GoalView {
    pub id: String,
    pub statement: String,
    pub measure: Option<String>,
    pub progress: Option<u32>,
    pub confidence: Chip,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub milestones: Vec<MilestoneView>,
}

impl GoalView {
    pub fn new(goal: &Goal, milestones: &[Milestone], names: &Names, today: NaiveDate) -> GoalView {
        let tr = names.tr();
        GoalView {
            id: goal.id.to_string(),
            statement: goal.statement.clone(),
            measure: measure(tr, goal),
            progress: goal.progress_percent().map(|p| p.round() as u32),
            confidence: Chip::confidence(tr, goal.confidence),
            owner: goal.owner_organization_id.map(|o| names.organization(o)),
            due: goal.due_on.map(|d| format!("{} ({})", tr.day(d), format::relative_in(tr, d, today))),
            milestones: milestones
                .iter()
                .filter(|m| m.goal_id == goal.id && m.archived_at.is_none())
                .map(|m| MilestoneView::new(tr, m, today))
                .collect(),
        }
    }
}

/// "Attendance rate: 85 % now, from 80 % towards 90 %".
pub fn measure(tr: &Tr, goal: &Goal) -> Option<String> {
    let metric = goal.metric.as_deref()?;
    let unit = goal.unit.as_deref();
    let quantity = |value: f64| format::quantity_in(tr, value, unit);
    let mut parts = Vec::new();
    if let Some(current) = goal.current {
        parts.push(tr.a("goal-measure-now", [("value", quantity(current))]));
    }
    match (goal.baseline, goal.target) {
        (Some(b), Some(t)) => {
            parts.push(tr.a("goal-measure-from-towards", [("baseline", quantity(b)), ("target", quantity(t))]));
        }
        (None, Some(t)) => parts.push(tr.a("goal-measure-target", [("target", quantity(t))])),
        (Some(b), None) => parts.push(tr.a("goal-measure-baseline", [("baseline", quantity(b))])),
        (None, None) => {}
    }
    Some(if parts.is_empty() { metric.to_owned() } else { format!("{metric}: {}", parts.join(", ")) })
}

pub struct CheckInView {
    pub id: String,
    pub held_on: String,
    pub ago: String,
    pub attendees: String,
    pub decisions: Option<String>,
    pub action_items: usize,
}

impl CheckInView {
    pub fn new(c: &CheckIn, names: &Names, today: NaiveDate) -> CheckInView {
        let mut attendees: Vec<String> = c.attendee_organization_ids.iter().map(|o| names.organization(*o)).collect();
        attendees.extend(c.attendee_user_ids.iter().map(|u| names.person(*u)));
        let tr = names.tr();
        CheckInView {
            id: c.id.to_string(),
            held_on: tr.day(c.held_on),
            ago: format::relative_in(tr, c.held_on, today),
            attendees: join_names(tr, attendees.iter().map(String::as_str)),
            decisions: c.decisions.clone(),
            action_items: c.action_item_ids.len(),
        }
    }
}

#[derive(Template)]
#[template(path = "partnership.html")]
struct ShowPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    status: Chip,
    kind: String,
    cadence_lines: Vec<String>,
    cadence_chip: Option<Chip>,
    vision_revisions: usize,
    goals: Vec<GoalView>,
    commitments: CommitmentGroups,
    checkins: Vec<CheckInView>,
    can_record: bool,
    can_manage: bool,
    /// Where "Mark done" comes back to.
    back: String,
    trust: super::trust::TrustPanel,
    practices: super::practices::PracticesPanel,
    agreements: super::agreements::AgreementsPanel,
    links: super::links::LinksPanel,
}

async fn show(ui: Ui, Id(id): Id) -> UiResult {
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let session = ui.session();
    let rapport_app::trust::PartnershipToday { partnership: p, health, records } =
        session.partnership_today(id).await?;
    let today = session.today();
    let names = Names::kept(&p, &records).speaking(tr);
    let checkins = &records.checkins;
    let (cadence_lines, cadence_chip) = cadence_summary(&tr, &p, checkins.first().map(|c| c.held_on), today);
    // Soonest due first among the open ones; the most recently closed first among the rest.
    // The groups keep this order.
    let mut commitments: Vec<&Commitment> = records.commitments.iter().collect();
    commitments.sort_by_key(|c| {
        let closed = c.cancelled || c.done_on.is_some();
        let day = c.done_on.unwrap_or(c.due_on).num_days_from_ce();
        (closed, if closed { -day } else { day })
    });
    let groups =
        CommitmentGroups::new(commitments.into_iter().map(|c| CommitmentView::new(c, &names, today)).collect());

    let trust = super::trust::TrustPanel::new(&tr, ui.ws(), &health);
    let practices = super::practices::PracticesPanel::new(&session, &p, &records, &names);
    let agreements = super::agreements::AgreementsPanel::new(&tr, &session, &p).await?;
    let writes = ui.viewer.can_record_in_partnership(&p.member_ids()) && p.archived_at.is_none();
    let links =
        super::links::LinksPanel::new(&ui, &session, rapport_core::links::LinkedKind::Partnership, id, writes).await?;
    Ok(render(&ShowPage {
        chrome,
        ws: ui.ws().to_string(),
        trust,
        agreements,
        links,
        practices,
        status: Chip::partnership(&tr, p.status),
        kind: words::partnership_kind(&tr, p.kind),
        cadence_lines,
        cadence_chip,
        vision_revisions: records.vision_revisions,
        goals: records.goals.iter().map(|g| GoalView::new(g, &records.milestones, &names, today)).collect(),
        commitments: groups,
        checkins: checkins.iter().map(|c| CheckInView::new(c, &names, today)).collect(),
        can_record: ui.viewer.can_record_in_partnership(&p.member_ids()) && p.archived_at.is_none(),
        can_manage: ui.may_manage_network(),
        back: format!("/partnerships/{id}#commitments"),
        p,
    }))
}

/// "Meets monthly", "Last check-in Fri 4 Dec 2026 (3 days ago)", "Next expected …", with a chip
/// saying whether check-ins keep to the cadence.
fn cadence_summary(tr: &Tr, p: &Partnership, last: Option<NaiveDate>, today: NaiveDate) -> (Vec<String>, Option<Chip>) {
    let meets = tr.a("cadence-meets", [("cadence", p.cadence.as_str().to_owned())]);
    match last {
        None => (vec![meets, tr.t("partnership-no-checkin-yet")], None),
        Some(last) => {
            let next = last + chrono::Duration::days(p.cadence.days().round() as i64);
            let chip = if next < today {
                Chip { label: tr.t("partnership-checkin-overdue"), tone: "warn" }
            } else {
                Chip { label: tr.t("partnership-checkins-on-track"), tone: "good" }
            };
            let day_and_when = |day: NaiveDate| [("day", tr.day(day)), ("when", format::relative_in(tr, day, today))];
            let lines = vec![
                meets,
                tr.a("partnership-last-checkin", day_and_when(last)),
                tr.a("partnership-next-checkin", day_and_when(next)),
            ];
            (lines, Some(chip))
        }
    }
}

pub struct RevisionView {
    pub text: Option<String>,
    pub when: String,
    pub by: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "vision.html")]
struct VisionPage {
    chrome: Chrome,
    ws: String,
    p: Partnership,
    revisions: Vec<RevisionView>,
}

async fn vision_history(ui: Ui, Id(id): Id) -> UiResult {
    let session = ui.session();
    let chrome = ui.chrome(pages::PARTNERSHIPS).translated();
    let tr = chrome.tr;
    let p = session.partnership(id).await?;
    let people = session.members().await?;
    let names = Names::people(&people).speaking(tr);
    let revisions = session
        .vision_history(id)
        .await?
        .iter()
        .enumerate()
        .map(|(i, r)| RevisionView {
            text: r.vision.clone(),
            when: format::moment_in(&tr, ui.viewer.time_zone, r.revised_at),
            by: r.revised_by.map(|u| names.person(u)).unwrap_or_else(|| tr.t("names-someone")),
            current: i == 0,
        })
        .collect();
    Ok(render(&VisionPage { chrome, ws: ui.ws().to_string(), p, revisions }))
}
