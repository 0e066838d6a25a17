//! Pulse survey pages: the list, sending a survey built from Rapport's template, the response
//! rate (shown only from k responses), answering on a phone with the questions grouped and the
//! progress shown, answering through a single-use link without an account, and the results with
//! a chart per dimension and per partner. Every number comes from the same anonymised
//! aggregates the API serves.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use axum::routing::{get, post};
use rapport_app::PageRequest;
use rapport_core::ValidationErrors;
use rapport_core::survey::results::{GroupResult, Grouping, QuestionResult};
use rapport_core::survey::{
    AnswerDraft, Dimension, Question, QuestionKind, ResponseDraft, Suppression, Survey, SurveyDraft, SurveyState,
};
use uuid::Uuid;

use super::charts::{score_bar_in, share_bar_in};
use super::confirm::{Ask, unless_confirmed};
use super::context::{Id, Posted, PublicForm, Ui, UiResult};
use super::form::{FormData, FormState, Outcome, outcome};
use super::pages::{self, Choice, Chrome, render, render_with_status};
use crate::AppState;
use crate::auth::{ClientAddress, MaybeCaller};
use crate::i18n::Tr;
use rapport_app::AppError;
use rapport_app::surveys::MyInvitation;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/w/{ws}/surveys", get(list).post(create))
        .route("/w/{ws}/surveys/new", get(new))
        .route("/w/{ws}/surveys/pulse", post(save_pulse))
        .route("/w/{ws}/surveys/{id}", get(show))
        .route("/w/{ws}/surveys/{id}/answer", get(answer_page).post(answer))
        .route("/w/{ws}/surveys/{id}/links", post(create_link))
        .route("/w/{ws}/surveys/{id}/results", get(results))
        .route("/w/{ws}/surveys/{id}/close", post(close))
        .route("/s/{token}", get(link_page).post(link_answer))
}

/// A survey in a list.
pub struct SurveyRow {
    pub id: String,
    pub title: String,
    pub scope: String,
    pub state: String,
    pub tone: &'static str,
    pub dates: String,
}

impl SurveyRow {
    pub fn new(tr: &crate::i18n::Tr, s: &Survey) -> SurveyRow {
        SurveyRow {
            id: s.id.to_string(),
            // Rapport's own pulse is named in the page's language.
            title: pulse_words(*tr, &s.title).unwrap_or_else(|| s.title.clone()),
            scope: s.partnership_name.clone().unwrap_or_else(|| tr.t("survey-row-whole-network")),
            state: match s.state {
                SurveyState::Scheduled => tr.t("survey-state-scheduled"),
                SurveyState::Open => tr.t("survey-state-open"),
                SurveyState::Closed => tr.t("survey-state-closed"),
            },
            tone: state_tone(s.state),
            dates: format!("{} – {}", tr.day(s.opens_on), tr.day(s.closes_on)),
        }
    }
}

fn state_tone(state: SurveyState) -> &'static str {
    match state {
        SurveyState::Scheduled => "info",
        SurveyState::Open => "good",
        SurveyState::Closed => "neutral",
    }
}

#[derive(Template)]
#[template(path = "survey_list.html")]
struct ListPage {
    chrome: Chrome,
    ws: String,
    rows: Vec<SurveyRow>,
    to_answer: Vec<SurveyRow>,
    can_manage: bool,
    /// Partnerships and whether each asks for a pulse after every check-in (coordinators only).
    pulse: FormState,
    partnerships: Vec<Choice>,
}

async fn list(ui: Ui) -> UiResult {
    let chrome = ui.chrome(pages::SURVEYS).translated();
    let tr = chrome.tr;
    let session = ui.session();
    let page = session.surveys(PageRequest { after: None, limit: 200, include_archived: false }).await?;
    let to_answer = session
        .my_open_surveys()
        .await?
        .iter()
        .filter(|(_, answered)| !answered)
        .map(|(s, _)| SurveyRow::new(&tr, s))
        .collect();
    let mut pulse = FormData::default();
    let mut partnerships = Vec::new();
    if ui.may_manage_network() {
        for p in
            session.partnerships(None, PageRequest { after: None, limit: 200, include_archived: false }).await?.items
        {
            if session.pulse_setting(p.id).await?.after_checkin {
                pulse.push("after_checkin", p.id.to_string());
            }
            partnerships.push(Choice::new(p.id, p.name));
        }
    }
    Ok(render(&ListPage {
        chrome,
        ws: ui.ws().to_string(),
        rows: page.items.iter().map(|s| SurveyRow::new(&tr, s)).collect(),
        to_answer,
        can_manage: ui.may_manage_network(),
        pulse: FormState::new(pulse),
        partnerships,
    }))
}

/// Turns the pulse after each check-in on for the partnerships ticked and off for the others.
async fn save_pulse(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let wanted = form.ids("after_checkin");
    for p in session.partnerships(None, PageRequest { after: None, limit: 200, include_archived: false }).await?.items {
        let current = session.pulse_setting(p.id).await?;
        let after_checkin = wanted.contains(&p.id);
        if current.after_checkin != after_checkin {
            session
                .set_pulse_setting(
                    p.id,
                    &rapport_app::surveys::PulseSetting { after_checkin, days_open: current.days_open },
                )
                .await?;
        }
    }
    Ok(ui.done("/surveys", "saved"))
}

#[derive(Template)]
#[template(path = "survey_form.html")]
struct NewPage {
    chrome: Chrome,
    ws: String,
    form: FormState,
    scopes: Vec<Choice>,
    /// The pulse's questions in the page's language: (section, text).
    questions: Vec<(String, String)>,
    /// The own statement's field in each other language: (field name, label).
    own_languages: Vec<Choice>,
}

async fn new_page(ui: &Ui, form: FormState) -> UiResult<NewPage> {
    let session = ui.session();
    let chrome = ui.chrome(pages::SURVEYS).translated();
    let tr = chrome.tr;
    let partnerships =
        session.partnerships(None, PageRequest { after: None, limit: 200, include_archived: false }).await?;
    let mut scopes = vec![Choice::new("", tr.t("survey-row-whole-network"))];
    scopes.extend(partnerships.items.iter().map(|p| Choice::new(p.id, p.name.clone())));
    Ok(NewPage {
        chrome,
        ws: ui.ws().to_string(),
        form: form.speaking(tr),
        scopes,
        questions: session
            .survey_template()
            .iter()
            .map(|q| {
                let words = words(q, tr);
                (words.section, words.text)
            })
            .collect(),
        own_languages: Tr::languages()
            .into_iter()
            .filter(|(code, _)| code != rapport_core::lang::ENGLISH)
            .map(|(code, name)| {
                Choice::new(format!("own_text_{code}"), tr.a("survey-form-own-in", [("language", name)]))
            })
            .collect(),
    })
}

async fn new(ui: Ui) -> UiResult {
    if !ui.may_manage_network() {
        return Err(AppError::Forbidden("only coordinators and owners can send surveys").into());
    }
    let today = ui.session().today();
    let data = FormData::from_pairs([
        ("title", "Partnership pulse".to_owned()),
        ("opens_on", today.to_string()),
        ("closes_on", (today + chrono::Duration::days(14)).to_string()),
        ("k", "3".to_owned()),
        ("k_comments", "5".to_owned()),
    ]);
    Ok(render(&new_page(&ui, FormState::new(data)).await?))
}

async fn create(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let partnership_id = form.optional_id(&mut errors, "partnership_id", "a partnership");
    let opens_on = form.date(&mut errors, "opens_on");
    let closes_on = form.date(&mut errors, "closes_on");
    let k = form.optional_integer(&mut errors, "k");
    let k_comments = form.optional_integer(&mut errors, "k_comments");
    let whole = |n: Option<i32>, field: &str, errors: &mut ValidationErrors| match n {
        Some(n) if n < 0 => {
            errors.add(field, "must be a whole number of people");
            None
        }
        other => other.map(|n| n as u32),
    };
    let k = whole(k, "k", &mut errors);
    let k_comments = whole(k_comments, "k_comments", &mut errors);
    let questions = own_statement(&form).map(|own| {
        let mut questions = rapport_core::survey::pulse_template();
        questions.push(own);
        questions
    });
    let result = match (opens_on, closes_on) {
        (Some(opens_on), Some(closes_on)) if errors.is_empty() => {
            let draft = SurveyDraft {
                title: Some(form.get("title").to_owned()),
                partnership_id,
                opens_on,
                closes_on,
                k,
                k_comments,
                questions,
            };
            ui.session().create_survey(&draft).await
        }
        _ => Err(AppError::Invalid(errors)),
    };
    match outcome(result, form, own_statement_field)? {
        Outcome::Saved(survey) => Ok(ui.done(&format!("/surveys/{}", survey.id), "survey_sent")),
        Outcome::Again(state) => {
            let status = state.status();
            Ok(render_with_status(status, &new_page(&ui, state).await?))
        }
    }
}

/// The key of a coordinator's own statement, asked with the pulse's "how we work together".
const OWN_KEY: &str = "own_statement";

/// A coordinator's own statement (`own_text`), rated on the pulse's agreement scale, with its
/// words in each other language Rapport has (`own_text_es`, …) stored beside it.
fn own_statement(form: &FormData) -> Option<Question> {
    let text = form.get("own_text").trim();
    if text.is_empty() {
        return None;
    }
    let translations = Tr::codes()
        .into_iter()
        .filter(|code| *code != rapport_core::lang::ENGLISH)
        .filter_map(|code| {
            let words = form.get(&format!("own_text_{code}")).trim();
            (!words.is_empty()).then(|| {
                (code.to_owned(), rapport_core::survey::QuestionWords { text: words.to_owned(), ..Default::default() })
            })
        })
        .collect();
    // The pulse's own section and scale: the answer page shows them in every language.
    let agree = rapport_core::survey::pulse_template().into_iter().find(|q| q.key == "satisfaction")?;
    Some(Question { key: OWN_KEY.to_owned(), text: text.to_owned(), translations, ..agree })
}

/// The form field behind an error in the survey's questions: only the own statement has fields.
fn own_statement_field(field: &str) -> String {
    if !field.starts_with("questions[") {
        return field.to_owned();
    }
    match field.split_once(".translations.") {
        Some((_, rest)) => format!("own_text_{}", rest.split('.').next().unwrap_or_default()),
        None => "own_text".to_owned(),
    }
}

#[derive(Template)]
#[template(path = "survey.html")]
struct ShowPage {
    chrome: Chrome,
    ws: String,
    survey: SurveyRow,
    k: u32,
    k_comments: u32,
    invited: u32,
    responses: Option<u32>,
    rate_bar: String,
    rate_note: Option<String>,
    closed: bool,
    can_answer: bool,
    answered: bool,
    can_manage: bool,
    /// Organisations with fewer than k invited: "Lincoln Elementary (2 invited)".
    thin_groups: Vec<String>,
    /// Links can still be made: the survey has not opened.
    links_open: bool,
    can_close: bool,
    survey_opens: String,
    organizations: Vec<Choice>,
    /// A link just created, shown this once.
    new_link: Option<String>,
    question_count: usize,
    /// The languages a link can be handed out in: (code, the language's own name).
    languages: Vec<Choice>,
}

async fn show_page(ui: &Ui, id: Uuid, new_link: Option<String>) -> UiResult<ShowPage> {
    let session = ui.session();
    let detail = session.survey_detail(id).await?;
    let rate = session.survey_response_rate(id).await?;
    let survey = &detail.survey;
    let directory = session.organization_directory().await?;
    let organizations = survey
        .organization_ids
        .iter()
        .filter_map(|o| directory.iter().find(|d| d.id == *o))
        .map(|o| Choice::new(o.id, o.name.clone()))
        .collect();
    let answered = detail.invitation.as_ref().is_some_and(|i| i.answered);
    let chrome = ui.chrome(pages::SURVEYS).translated();
    let tr = chrome.tr;
    Ok(ShowPage {
        chrome,
        ws: ui.ws().to_string(),
        survey: SurveyRow::new(&tr, survey),
        k: survey.k,
        k_comments: survey.k_comments,
        invited: rate.invited,
        responses: rate.responses,
        rate_bar: score_bar_in(&tr, rate.rate_percent, &tr.t("survey-rate-label")),
        // Below `k` the count is not shown: say from when it is.
        rate_note: rate.note.as_ref().map(|_| tr.n("survey-rate-too-few", rate.k)),
        closed: survey.state == SurveyState::Closed,
        can_answer: survey.state == SurveyState::Open && detail.invitation.is_some() && !answered,
        answered,
        can_manage: ui.may_manage_network() && survey.state != SurveyState::Closed,
        thin_groups: session
            .thin_survey_groups(id)
            .await?
            .into_iter()
            .map(|(name, n)| tr.na("survey-thin-group", n, [("name", name)]))
            .collect(),
        links_open: survey.state == SurveyState::Scheduled,
        can_close: ui.may_manage_network() && survey.state == SurveyState::Open,
        survey_opens: tr.day(survey.opens_on),
        organizations,
        new_link,
        question_count: survey.questions.len(),
        languages: Tr::languages().into_iter().map(|(code, name)| Choice::new(code, name)).collect(),
    })
}

async fn show(ui: Ui, Id(id): Id) -> UiResult {
    Ok(render(&show_page(&ui, id, None).await?))
}

async fn create_link(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let organization_id = form.required_id(&mut errors, "organization_id", "an organisation");
    let language = match form.get("language") {
        "" => None,
        code => match rapport_core::lang::LanguageCode::parse(code, "language", &Tr::codes()) {
            Ok(language) => Some(language),
            Err(bad) => {
                errors.0.extend(bad.0);
                None
            }
        },
    };
    let Some(organization_id) = organization_id.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors).into());
    };
    let link = ui.session().create_survey_link(id, organization_id, language.as_ref(), &ui.state.base_url).await?;
    Ok(render(&show_page(&ui, id, Some(link.url)).await?))
}

// ----- answering ----------------------------------------------------------------------------

pub struct OptionView {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

pub struct QuestionView {
    pub name: String,
    pub id: String,
    pub text: String,
    /// `scale`, `single`, `multiple` or `text`.
    pub kind: &'static str,
    pub options: Vec<OptionView>,
    pub value: String,
    pub error: Option<String>,
}

pub struct SectionView {
    pub number: usize,
    pub title: String,
    pub partner: Option<String>,
    pub questions: Vec<QuestionView>,
}

/// The form field of a question, about a partner for partner ratings.
fn field_name(question: &Question, partner: Option<Uuid>) -> String {
    match partner {
        Some(org) => format!("{}@{org}", question.key),
        None => question.key.clone(),
    }
}

/// One part of the answering form: its heading, the partner it asks about, its questions.
type Part = (String, Option<(Uuid, String)>, Vec<Question>);

/// Questions in the order they are asked: each section of partner ratings once per partner.
fn asked(questions: &[Question], partners: &[(Uuid, String)]) -> Vec<Part> {
    let mut sections: Vec<Part> = Vec::new();
    let mut order: Vec<String> = Vec::new();
    for q in questions {
        if !order.contains(&q.section) {
            order.push(q.section.clone());
        }
    }
    for section in order {
        let inside: Vec<Question> = questions.iter().filter(|q| q.section == section).cloned().collect();
        let (partner_qs, plain): (Vec<Question>, Vec<Question>) =
            inside.into_iter().partition(|q| q.kind == QuestionKind::PartnerRating);
        if !partner_qs.is_empty() {
            for partner in partners {
                sections.push((section.clone(), Some(partner.clone()), partner_qs.clone()));
            }
        }
        if !plain.is_empty() {
            sections.push((section, None, plain));
        }
    }
    sections
}

/// A question's words in the page's language: its own translation when it has one, else
/// Rapport's pulse wording from the message files, else as it was written.
struct Words {
    section: String,
    text: String,
    scale: Vec<String>,
    choices: Vec<String>,
}

fn words(q: &Question, tr: Tr) -> Words {
    let own = q.translations.get(&tr.code());
    let each = |original: &[String], translated: Option<&Vec<String>>| -> Vec<String> {
        match translated.filter(|t| t.len() == original.len()) {
            Some(translated) => translated.clone(),
            None => original.iter().map(|o| pulse_words(tr, o).unwrap_or_else(|| o.clone())).collect(),
        }
    };
    Words {
        section: own
            .and_then(|w| w.section.clone())
            .or_else(|| pulse_words(tr, &q.section))
            .unwrap_or_else(|| q.section.clone()),
        text: own.map(|w| w.text.clone()).or_else(|| pulse_words(tr, &q.text)).unwrap_or_else(|| q.text.clone()),
        scale: each(&q.scale, own.map(|w| &w.scale).filter(|s| !s.is_empty())),
        choices: each(&q.choices, own.map(|w| &w.choices).filter(|c| !c.is_empty())),
    }
}

/// A survey's title: Rapport's own pulse named in the page's language, others as typed.
pub fn title_in(tr: &Tr, title: &str) -> String {
    pulse_words(*tr, title).unwrap_or_else(|| title.to_owned())
}

/// Rapport's own pulse (`rapport_core::survey::pulse_template`) in the page's language, found by
/// its English wording: a survey keeps the words it was sent with, and these are they.
fn pulse_words(tr: Tr, english: &str) -> Option<String> {
    Some(match english {
        "Partnership pulse" => tr.t("pulse-title"),
        "How you see each partner" => tr.t("pulse-section-trust"),
        "What each partner brings" => tr.t("pulse-section-value"),
        "How we work together" => tr.t("pulse-section-together"),
        "In your own words" => tr.t("pulse-section-comment"),
        "When this partner says it will do something, it gets done." => tr.t("pulse-follows-through"),
        "This partner is pulling towards the same purpose we are." => tr.t("pulse-shared-mission"),
        "We can bring a hard topic to this partner and be heard." => tr.t("pulse-open-to-discussion"),
        "This partner can open doors and move decisions that matter to the work." => tr.t("pulse-power-and-influence"),
        "This partner shows up and takes part in the work itself." => tr.t("pulse-level-of-involvement"),
        "This partner puts in time, people, money, space or know-how." => tr.t("pulse-resource-contribution"),
        "I hear about decisions and changes early enough to act on them." => tr.t("pulse-communication"),
        "I could explain what we are trying to achieve together to someone new." => tr.t("pulse-shared-goals"),
        "All in all, I am glad my organisation is part of this partnership." => tr.t("pulse-satisfaction"),
        "Our check-ins happen…" => tr.t("pulse-check-in-rhythm"),
        "What has helped the partnership most lately? Pick any." => tr.t("pulse-helped-most"),
        "Anything you would like the partnership to hear?" => tr.t("pulse-comment"),
        "Not at all" => tr.t("pulse-trust-1"),
        "A little" => tr.t("pulse-trust-2"),
        "Mostly" => tr.t("pulse-trust-3"),
        "Completely" => tr.t("pulse-trust-4"),
        "Very little" => tr.t("pulse-value-1"),
        "Some" => tr.t("pulse-value-2"),
        "A good deal" => tr.t("pulse-value-3"),
        "A great deal" => tr.t("pulse-value-4"),
        "Strongly disagree" => tr.t("pulse-agree-1"),
        "Disagree" => tr.t("pulse-agree-2"),
        "Neither" => tr.t("pulse-agree-3"),
        "Agree" => tr.t("pulse-agree-4"),
        "Strongly agree" => tr.t("pulse-agree-5"),
        "Too rarely" => tr.t("pulse-rhythm-rarely"),
        "About right" => tr.t("pulse-rhythm-right"),
        "Too often" => tr.t("pulse-rhythm-often"),
        "Regular check-ins" => tr.t("pulse-helped-checkins"),
        "Promises kept" => tr.t("pulse-helped-promises"),
        "Sharing data" => tr.t("pulse-helped-data"),
        "Celebrating wins" => tr.t("pulse-helped-wins"),
        "Honest conversations" => tr.t("pulse-helped-honest"),
        _ => return None,
    })
}

/// The answering form's errors in the page's language. They are the core's and this page's
/// own few sentences; any other stays as it is.
fn answer_error_words(tr: Tr, message: &str) -> String {
    match message {
        "pick one of the steps" => tr.t("survey-error-pick-step"),
        "answer at least one question" => tr.t("survey-error-answer-one"),
        "rate a partner on every statement about partners, or skip that partner altogether" => {
            tr.t("survey-error-rate-all")
        }
        "must be options of the question" => tr.t("survey-error-pick-options"),
        "pick exactly one option" => tr.t("survey-error-pick-one"),
        other if other.starts_with("must be at most") => tr.t("survey-error-too-long"),
        other => other.to_owned(),
    }
}

fn section_views(questions: &[Question], partners: &[(Uuid, String)], form: &FormState, tr: Tr) -> Vec<SectionView> {
    asked(questions, partners)
        .into_iter()
        .enumerate()
        .map(|(i, (_, partner, qs))| SectionView {
            number: i + 1,
            title: qs.first().map(|q| words(q, tr).section).unwrap_or_default(),
            partner: partner.as_ref().map(|(_, n)| n.clone()),
            questions: qs
                .iter()
                .map(|q| {
                    let name = field_name(q, partner.as_ref().map(|(id, _)| *id));
                    let words = words(q, tr);
                    let (kind, options): (&'static str, Vec<OptionView>) = match q.kind {
                        QuestionKind::Rating | QuestionKind::PartnerRating => (
                            "scale",
                            words
                                .scale
                                .iter()
                                .enumerate()
                                .map(|(s, label)| OptionView {
                                    value: (s + 1).to_string(),
                                    label: label.clone(),
                                    checked: form.checked(&name, &(s + 1).to_string()),
                                })
                                .collect(),
                        ),
                        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => (
                            if q.kind == QuestionKind::SingleChoice { "single" } else { "multiple" },
                            // The value is the option as written: the same answer in every language.
                            q.choices
                                .iter()
                                .zip(&words.choices)
                                .map(|(c, label)| OptionView {
                                    value: c.clone(),
                                    label: label.clone(),
                                    checked: form.checked(&name, c),
                                })
                                .collect(),
                        ),
                        QuestionKind::FreeText => ("text", Vec::new()),
                    };
                    QuestionView {
                        id: form.id(&name),
                        value: form.value(&name).to_owned(),
                        error: form.error(&name),
                        name,
                        text: words.text,
                        kind,
                        options,
                    }
                })
                .collect(),
        })
        .collect()
}

/// The posted form as a response, with the form field behind each answer for the errors.
fn read_answers(
    questions: &[Question],
    partners: &[(Uuid, String)],
    form: &FormData,
) -> (ResponseDraft, Vec<String>, ValidationErrors) {
    let mut answers = Vec::new();
    let mut names = Vec::new();
    let mut errors = ValidationErrors::new();
    for (_, partner, qs) in asked(questions, partners) {
        for q in qs {
            let about = partner.as_ref().map(|(id, _)| *id);
            let name = field_name(&q, about);
            let value = form.get(&name).trim();
            let mut answer = AnswerDraft { question: q.key.clone(), about, ..Default::default() };
            match q.kind {
                QuestionKind::Rating | QuestionKind::PartnerRating => {
                    if value.is_empty() {
                        continue;
                    }
                    match value.parse() {
                        Ok(r) => answer.rating = Some(r),
                        Err(_) => {
                            errors.add(&name, "pick one of the steps");
                            continue;
                        }
                    }
                }
                QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                    answer.choices = form.all(&name).into_iter().map(str::to_owned).collect();
                    if answer.choices.is_empty() {
                        continue;
                    }
                }
                QuestionKind::FreeText => {
                    if value.is_empty() {
                        continue;
                    }
                    answer.text = Some(value.to_owned());
                }
            }
            answers.push(answer);
            names.push(name);
        }
    }
    (ResponseDraft { answers }, names, errors)
}

/// Maps `answers[i].rating` back to the form field the answer came from.
fn rename_answer_errors(errors: ValidationErrors, names: &[String]) -> ValidationErrors {
    super::form::renamed(errors, |field| {
        field
            .strip_prefix("answers[")
            .and_then(|rest| rest.split(']').next())
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| names.get(i).cloned())
            .unwrap_or_else(|| "answers".to_owned())
    })
}

#[derive(Template)]
#[template(path = "survey_answer.html")]
struct AnswerPage {
    chrome: Chrome,
    title: String,
    action: String,
    back: Option<String>,
    csrf: Option<String>,
    speaking_for: String,
    closes: String,
    form: FormState,
    sections: Vec<SectionView>,
    total: usize,
    k_comments: u32,
    /// The same page in the other languages: (address, the language's own name). Following
    /// one only reads the page: a link is spent by sending answers, never by looking.
    other_languages: Vec<LanguageLink>,
}

/// This page in another language.
pub struct LanguageLink {
    pub href: String,
    pub code: String,
    /// The language's own name for itself: "Español".
    pub name: String,
}

impl AnswerPage {
    /// The error summary's lines: (anchor, stand-in label, message); the stand-in is replaced
    /// by the field's legend once the page is rendered, except for the form as a whole.
    fn problems(&self) -> Vec<(String, Option<String>, String)> {
        let tr = self.chrome.tr;
        self.form
            .summary()
            .into_iter()
            .map(|item| {
                let label = (item.anchor != self.form.id("answers")).then_some(item.label);
                (item.anchor, label, answer_error_words(tr, &item.message))
            })
            .collect()
    }
}

/// The page's address in each other language: `{path}?lang=es`.
fn other_languages(tr: Tr, path: &str) -> Vec<LanguageLink> {
    tr.others()
        .into_iter()
        .map(|(code, name)| LanguageLink { href: format!("{path}?lang={code}"), code, name })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn answer_view(
    chrome: Chrome,
    survey: &Survey,
    invitation: &MyInvitation,
    action: String,
    back: Option<String>,
    csrf: Option<String>,
    form: FormState,
    other_languages: Vec<LanguageLink>,
) -> AnswerPage {
    let tr = chrome.tr;
    let partners: Vec<(Uuid, String)> = invitation.partners.iter().map(|p| (p.id, p.name.clone())).collect();
    // Field errors beside each question, in the page's language.
    let form = FormState {
        errors: rapport_core::ValidationErrors(
            form.errors
                .0
                .iter()
                .map(|e| rapport_core::FieldError {
                    field: e.field.clone(),
                    message: answer_error_words(tr, &e.message),
                })
                .collect(),
        ),
        ..form
    };
    let sections = section_views(&survey.questions, &partners, &form, tr);
    AnswerPage {
        title: pulse_words(tr, &survey.title).unwrap_or_else(|| survey.title.clone()),
        action,
        back,
        csrf,
        speaking_for: invitation.organization_name.clone(),
        closes: tr.day(survey.closes_on),
        total: sections.len(),
        form,
        sections,
        k_comments: survey.k_comments,
        other_languages,
        chrome,
    }
}

async fn answer_page(ui: Ui, Id(id): Id) -> UiResult {
    let detail = ui.session().survey_detail(id).await?;
    let invitation = detail.invitation.ok_or(AppError::Forbidden("you are not invited to answer this survey"))?;
    if detail.survey.state != SurveyState::Open || invitation.answered {
        return Ok(
            ui.done(&format!("/surveys/{id}"), if invitation.answered { "survey_answered" } else { "survey_not_open" })
        );
    }
    let page = answer_view(
        ui.chrome(pages::SURVEYS).translated(),
        &detail.survey,
        &invitation,
        ui.link(&format!("/surveys/{id}/answer")),
        Some(ui.link(&format!("/surveys/{id}"))),
        Some(ui.csrf.clone()),
        FormState::default(),
        Vec::new(),
    );
    Ok(render(&page))
}

async fn answer(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let detail = session.survey_detail(id).await?;
    let invitation =
        detail.invitation.clone().ok_or(AppError::Forbidden("you are not invited to answer this survey"))?;
    let partners: Vec<(Uuid, String)> = invitation.partners.iter().map(|p| (p.id, p.name.clone())).collect();
    let (draft, names, parse_errors) = read_answers(&detail.survey.questions, &partners, &form);
    let result = if parse_errors.is_empty() {
        session.answer_survey(id, &draft).await
    } else {
        Err(AppError::Invalid(parse_errors))
    };
    match result {
        Ok(_) => Ok(ui.done(&format!("/surveys/{id}"), "survey_answered")),
        Err(AppError::Invalid(errors)) => {
            let state = FormState::with_errors(form, rename_answer_errors(errors, &names));
            let page = answer_view(
                ui.chrome(pages::SURVEYS).translated(),
                &detail.survey,
                &invitation,
                ui.link(&format!("/surveys/{id}/answer")),
                Some(ui.link(&format!("/surveys/{id}"))),
                Some(ui.csrf.clone()),
                state,
                Vec::new(),
            );
            Ok(render_with_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "survey_thanks.html")]
struct ThanksPage {
    chrome: Chrome,
    heading: String,
    message: String,
}

/// The language a link's page speaks: its `?lang=` (the language it was handed out in, or the one
/// its holder switched to), else the browser's, else the workspace's. Anything else in the query
/// is ignored, never an error.
fn link_language(uri: &Uri, link: &rapport_app::surveys::LinkSurvey) -> Tr {
    let asked = uri.query().and_then(|query| {
        form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == "lang").map(|(_, code)| code.into_owned())
    });
    match asked.as_deref().and_then(Tr::of) {
        Some(tr) => tr,
        None => Tr::choose(None, Some(&link.default_language)),
    }
}

/// The answering form behind a link, in `tr`'s language, posting back in it.
fn link_form(tr: Tr, token: &str, link: &rapport_app::surveys::LinkSurvey, form: FormState) -> AnswerPage {
    let path = format!("/s/{token}");
    answer_view(
        Chrome::bare_in(tr),
        &link_as_survey(link),
        &link.invitation,
        format!("{path}?lang={}", tr.code()),
        None,
        None,
        form,
        other_languages(tr, &path),
    )
}

async fn link_page(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    Path(token): Path<String>,
    uri: Uri,
) -> UiResult {
    let link = state.app.attempt_secret(from, state.app.link_survey(&token)).await?;
    let tr = link_language(&uri, &link);
    if link.state != SurveyState::Open || link.invitation.answered {
        return Ok(link_closed(tr, &link.state, link.invitation.answered, link.opens_on));
    }
    Ok(render(&link_form(tr, &token, &link, FormState::default())))
}

fn link_closed(tr: Tr, state: &SurveyState, answered: bool, opens_on: chrono::NaiveDate) -> Response {
    let (heading, message) = if answered {
        (tr.t("survey-answered-heading"), tr.t("survey-answered-message"))
    } else if *state == SurveyState::Scheduled {
        (tr.t("survey-not-open-heading"), tr.a("survey-not-open-message", [("opens", tr.day(opens_on))]))
    } else {
        (tr.t("survey-closed-heading"), tr.t("survey-closed-message"))
    };
    render_with_status(axum::http::StatusCode::CONFLICT, &ThanksPage { chrome: Chrome::bare_in(tr), heading, message })
}

/// The parts of a survey the shared answer form needs, from what a link may see.
fn link_as_survey(link: &rapport_app::surveys::LinkSurvey) -> Survey {
    Survey {
        id: Uuid::nil(),
        title: link.title.clone(),
        partnership_id: None,
        partnership_name: None,
        opens_on: link.opens_on,
        closes_on: link.closes_on,
        state: link.state,
        k: link.k,
        k_comments: link.k_comments,
        questions: link.questions.clone(),
        organization_ids: Vec::new(),
        invited: 0,
        created_at: chrono::DateTime::<chrono::Utc>::MIN_UTC,
    }
}

async fn link_answer(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    ClientAddress(from): ClientAddress,
    Path(token): Path<String>,
    uri: Uri,
    PublicForm(form): PublicForm,
) -> UiResult {
    let link = state.app.attempt_secret(from, state.app.link_survey(&token)).await?;
    let tr = link_language(&uri, &link);
    if link.state != SurveyState::Open || link.invitation.answered {
        return Ok(link_closed(tr, &link.state, link.invitation.answered, link.opens_on));
    }
    let partners: Vec<(Uuid, String)> = link.invitation.partners.iter().map(|p| (p.id, p.name.clone())).collect();
    let (draft, names, parse_errors) = read_answers(&link.questions, &partners, &form);
    let result = if parse_errors.is_empty() {
        state.app.answer_by_link(&token, &draft, caller).await
    } else {
        Err(AppError::Invalid(parse_errors))
    };
    match result {
        // The receipt's words are the app's; the page says the same in its own language.
        Ok(_receipt) => Ok(render(&ThanksPage {
            chrome: Chrome::bare_in(tr),
            heading: tr.t("survey-thanks-heading"),
            message: tr.t("survey-thanks-message"),
        })),
        Err(AppError::Invalid(errors)) => {
            let form = FormState::with_errors(form, rename_answer_errors(errors, &names));
            Ok(render_with_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &link_form(tr, &token, &link, form)))
        }
        Err(AppError::Conflict(_)) => Ok(link_closed(tr, &SurveyState::Closed, true, link.opens_on)),
        Err(other) => Err(other.into()),
    }
}

// ----- results ------------------------------------------------------------------------------

pub struct ScoreView {
    pub label: String,
    pub value: String,
    pub bar: String,
}

pub struct GroupView {
    pub label: String,
    pub shown: bool,
    pub respondents: String,
    pub note: String,
    pub scores: Vec<ScoreView>,
}

fn score(tr: &Tr, label: String, value: Option<f64>) -> ScoreView {
    ScoreView {
        value: value.map(|v| tr.percent_whole(v)).unwrap_or_else(|| "—".into()),
        bar: score_bar_in(tr, value, &label),
        label,
    }
}

/// "12 respondents, 3 through single-use links": planted answers stay visible (SPEC 4).
fn respondents_line(tr: &Tr, respondents: u32, through_links: Option<u32>) -> String {
    let people = tr.n("survey-results-respondents", respondents);
    match through_links {
        Some(0) | None => people,
        Some(links) => tr.na("survey-results-through-links", links, [("respondents", people)]),
    }
}

/// Why a result is not shown, in the page's language.
fn suppression(tr: &Tr, why: Suppression, k: u32) -> String {
    match why {
        Suppression::TooFew => tr.n("survey-suppressed-too-few", k),
        Suppression::Complement => tr.n("survey-suppressed-complement", k),
        Suppression::ProtectsAnother => tr.n("survey-suppressed-protects-another", k),
        Suppression::ParentHidden => tr.n("survey-suppressed-parent-hidden", k),
        Suppression::Combination => tr.n("survey-suppressed-combination", k),
        Suppression::OwnAnswer => tr.n("survey-suppressed-own-answer", k),
    }
}

fn dimension(tr: &Tr, d: Dimension) -> String {
    match d {
        Dimension::FollowsThrough => tr.t("survey-dimension-follows-through"),
        Dimension::SharedMission => tr.t("survey-dimension-shared-mission"),
        Dimension::OpenToDiscussion => tr.t("survey-dimension-open-to-discussion"),
        Dimension::PowerAndInfluence => tr.t("survey-dimension-power-and-influence"),
        Dimension::LevelOfInvolvement => tr.t("survey-dimension-level-of-involvement"),
        Dimension::ResourceContribution => tr.t("survey-dimension-resource-contribution"),
    }
}

/// The results' groups in the page's language: organisations by the names their own groups
/// carry, "Everyone" and pairs in words.
struct GroupWords<'a> {
    tr: Tr,
    k: u32,
    names: std::collections::HashMap<Uuid, &'a str>,
}

impl GroupWords<'_> {
    fn label(&self, g: &GroupResult) -> String {
        let tr = &self.tr;
        match (g.grouping, g.rating_organization_id, g.organization_id) {
            (Grouping::Whole, _, _) => tr.t("survey-results-everyone"),
            (Grouping::Pair, Some(from), Some(about)) => match (self.names.get(&from), self.names.get(&about)) {
                (Some(from), Some(about)) => {
                    tr.a("survey-results-pair", [("from", (*from).to_owned()), ("about", (*about).to_owned())])
                }
                _ => g.label.clone(),
            },
            _ => g.label.clone(),
        }
    }

    fn view(&self, g: &GroupResult) -> GroupView {
        let tr = &self.tr;
        let mut scores = vec![
            score(tr, tr.t("survey-results-trust"), g.trust_percent),
            score(tr, tr.t("survey-results-value"), g.value_percent),
        ];
        scores.extend(g.dimensions.iter().map(|d| score(tr, dimension(tr, d.dimension), Some(d.percent))));
        GroupView {
            label: self.label(g),
            shown: g.shown,
            respondents: g.respondents.map(|n| respondents_line(tr, n, g.link_respondents)).unwrap_or_default(),
            note: match g.suppressed {
                Some(why) => suppression(tr, why, self.k),
                None => g.note.clone().unwrap_or_default(),
            },
            scores: if g.shown { scores } else { Vec::new() },
        }
    }
}

pub struct QuestionSummary {
    pub text: String,
    pub shown: bool,
    pub note: String,
    pub mean: String,
    pub counts: Vec<ScoreView>,
}

/// A question's results in the page's language: its words as the survey asked them (`asked`,
/// found by key), its options in the question's order.
fn question_view(tr: &Tr, q: &QuestionResult, asked: Option<&Question>) -> QuestionSummary {
    let answered = q.answered.unwrap_or(0).max(1) as f64;
    let words = asked.map(|question| words(question, *tr));
    let options: Vec<String> = match &words {
        Some(w) if w.scale.len() == q.counts.len() && !w.scale.is_empty() => w.scale.clone(),
        Some(w) if w.choices.len() == q.counts.len() => w.choices.clone(),
        _ => q.counts.iter().map(|c| c.label.clone()).collect(),
    };
    QuestionSummary {
        text: words.map(|w| w.text).unwrap_or_else(|| q.text.clone()),
        shown: q.shown,
        // The results keep why a question is hidden only in their English sentence: other
        // languages say that it is hidden to keep answers anonymous.
        note: match &q.note {
            Some(note) if tr.code() == rapport_core::lang::ENGLISH => note.clone(),
            Some(_) => tr.t("survey-question-hidden"),
            None => String::new(),
        },
        mean: q
            .mean
            .map(|m| tr.na("survey-results-mean", q.counts.len(), [("mean", tr.fixed(m, 1))]))
            .unwrap_or_default(),
        counts: q
            .counts
            .iter()
            .zip(options)
            .map(|(c, label)| ScoreView {
                value: c.count.to_string(),
                bar: share_bar_in(tr, c.count as f64 / answered * 100.0, &label),
                label,
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "survey_results.html")]
struct ResultsPage {
    chrome: Chrome,
    ws: String,
    survey: SurveyRow,
    respondents: String,
    k: u32,
    overall: GroupView,
    partnerships: Vec<GroupView>,
    rated: Vec<GroupView>,
    rating: Vec<GroupView>,
    pairs: Vec<GroupView>,
    questions: Vec<QuestionSummary>,
    comments: Vec<String>,
    comments_note: String,
}

async fn close(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let survey = ui.session().survey(id).await?;
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-survey-close-heading"),
        detail: tr.a("confirm-survey-close-detail", [("title", survey.title.clone())]),
        button: tr.t("confirm-survey-close-button"),
        back: format!("/surveys/{id}"),
    };
    if let Some(page) = unless_confirmed(&ui, pages::SURVEYS, &form, &format!("/surveys/{id}/close"), ask) {
        return Ok(page);
    }
    ui.session().close_survey(id).await?;
    Ok(ui.done(&format!("/surveys/{id}/results"), "survey_closed"))
}

async fn results(ui: Ui, Id(id): Id) -> UiResult {
    let session = ui.session();
    let survey = session.survey(id).await?;
    if survey.state != SurveyState::Closed {
        // Never an error: results simply are not ready while answers may still come in.
        return Ok(ui.done(&format!("/surveys/{id}"), "results_later"));
    }
    let r = session.survey_results(id).await?;
    let reader_answered = session.survey_reader_answered(id).await?;
    let chrome = ui.chrome(pages::SURVEYS).translated();
    let tr = chrome.tr;
    let names = r
        .by_rated_organization
        .iter()
        .chain(&r.by_rating_organization)
        .filter_map(|g| g.organization_id.map(|org| (org, g.label.as_str())))
        .collect();
    let groups = GroupWords { tr, k: r.k, names };
    Ok(render(&ResultsPage {
        chrome,
        ws: ui.ws().to_string(),
        survey: SurveyRow::new(&tr, &survey),
        respondents: match r.respondents {
            Some(n) => {
                let people = tr.n("survey-results-people-answered", n);
                match r.link_respondents {
                    Some(0) | None => tr.a("survey-results-sentence", [("what", people)]),
                    Some(links) => tr.a(
                        "survey-results-sentence",
                        [("what", tr.na("survey-results-through-links", links, [("respondents", people)]))],
                    ),
                }
            }
            None => tr.n("survey-results-too-few", r.k),
        },
        k: r.k,
        overall: groups.view(&r.overall),
        partnerships: r.by_partnership.iter().map(|g| groups.view(g)).collect(),
        rated: r.by_rated_organization.iter().map(|g| groups.view(g)).collect(),
        rating: r.by_rating_organization.iter().map(|g| groups.view(g)).collect(),
        pairs: r.by_pair.iter().map(|g| groups.view(g)).collect(),
        questions: r
            .questions
            .iter()
            .map(|q| question_view(&tr, q, survey.questions.iter().find(|asked| asked.key == q.key)))
            .collect(),
        comments: r.comments.clone(),
        // Comments show once `k_comments` others have answered: one more when the reader did.
        comments_note: r
            .comments_note
            .as_ref()
            .map(|_| tr.n("survey-results-comments-from", r.k_comments + u32::from(reader_answered)))
            .unwrap_or_default(),
    }))
}
