//! Workspace settings: its name, its people and their roles, invitations (made, listed,
//! re-sent, revoked), the signed-in person's password, sessions, reminders, API tokens and
//! calendar feed, and (for coordinators) the partnerships' feeds.

use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};
use rapport_core::ValidationErrors;
use rapport_core::access::Action;
use rapport_core::kinds::{ReminderKind, Role};
use rapport_core::records::InvitationState;
use rapport_core::reminder::NotificationSettings;
use uuid::Uuid;

use super::confirm::{Ask, unless_confirmed};
use super::context::{Id, Posted, Ui, UiResult};
use super::form::{FormData, FormState, Outcome, outcome, same};
use super::format;
use super::pages::{self, Choice, Chrome, render, render_with_status};
use super::partnerships::join_names;
use super::words;
use crate::AppState;
use crate::auth::ClientAddress;
use crate::i18n::Tr;
use rapport_app::AppError;
use rapport_app::feeds::Which;
use rapport_core::lang::LanguageCode;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/w/{ws}/settings", get(show))
        .route("/w/{ws}/settings/name", post(rename))
        .route("/w/{ws}/settings/members/{id}", get(edit_member).post(update_member))
        .route("/w/{ws}/settings/invitations", post(invite))
        .route("/w/{ws}/settings/invitations/{id}/resend", post(resend_invitation))
        .route("/w/{ws}/settings/invitations/{id}/revoke", post(revoke_invitation))
        .route("/w/{ws}/settings/password", post(change_password))
        .route("/w/{ws}/settings/sessions/{session}/end", post(end_session))
        .route("/w/{ws}/settings/sessions/end-all", post(sign_out_everywhere))
        .route("/w/{ws}/settings/reminders", post(save_reminders))
        .route("/w/{ws}/settings/language", post(save_language))
        .route("/w/{ws}/settings/tokens", post(create_token))
        .route("/w/{ws}/settings/tokens/{id}/revoke", post(revoke_token))
        .route("/w/{ws}/settings/feed", post(make_my_feed))
        .route("/w/{ws}/settings/feed/revoke", post(revoke_my_feed))
        .route("/w/{ws}/partnerships/{id}/feed", post(make_partnership_feed))
        .route("/w/{ws}/partnerships/{id}/feed/revoke", post(revoke_partnership_feed))
}

pub struct PersonRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub organizations: String,
    pub is_me: bool,
}

pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub created: String,
    pub last_used: String,
    pub revoked: Option<String>,
}

/// An invitation as the settings page lists it.
pub struct InvitationRow {
    pub id: String,
    pub email: String,
    pub role: String,
    pub state: String,
    /// `chip-good`, `chip-neutral`, ...: how the state looks.
    pub chip: &'static str,
    pub when: String,
    /// Not accepted or revoked, and of a role this person may invite: re-send and revoke.
    pub actionable: bool,
}

/// One of the signed-in person's browser sessions.
pub struct SessionRow {
    pub id: String,
    pub created: String,
    pub last_seen: String,
    pub current: bool,
}

/// A partnership's live calendar feed, for coordinators.
pub struct FeedRow {
    pub partnership_id: String,
    pub partnership: String,
    pub created: String,
}

/// A secret shown once, right after it was made.
pub struct Secret {
    pub label: String,
    pub value: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    chrome: Chrome,
    ws: String,
    workspace_name: String,
    people: Vec<PersonRow>,
    is_owner: bool,
    name_form: FormState,
    invite_form: FormState,
    invite_roles: Vec<Choice>,
    /// Invitations go out by e-mail (the server sends e-mail).
    emails_invitations: bool,
    organizations: Vec<Choice>,
    token_form: FormState,
    password_form: FormState,
    reminder_form: FormState,
    /// The person's own language (empty: their browser's, else the workspace's).
    language_form: FormState,
    /// Every language Rapport has, by its own name.
    languages: Vec<Choice>,
    invitations: Vec<InvitationRow>,
    sessions: Vec<SessionRow>,
    channels: Vec<Choice>,
    reminder_kinds: Vec<Choice>,
    tokens: Vec<TokenRow>,
    /// When the signed-in person's calendar feed was made, if they have a live one.
    my_feed: Option<String>,
    can_publish_feeds: bool,
    partnership_feeds: Vec<FeedRow>,
    secret: Option<Secret>,
}

/// Which settings form was posted, so the page shows it again with its errors.
#[derive(Default)]
struct Forms {
    name: Option<FormState>,
    invite: Option<FormState>,
    token: Option<FormState>,
    password: Option<FormState>,
    reminders: Option<FormState>,
    language: Option<FormState>,
}

/// The reminder form's fields: the channels ticked, the kinds still wanted (a kind left
/// unticked is muted) and the day reminders pause until.
fn reminder_form(settings: &NotificationSettings) -> FormState {
    let mut data = FormData::default();
    if settings.email_reminders {
        data.push("channels", "email_reminders");
    }
    if settings.weekly_digest {
        data.push("channels", "weekly_digest");
    }
    for kind in ReminderKind::ALL.iter().filter(|k| !settings.muted_kinds.contains(k)) {
        data.push("kinds", kind.as_str());
    }
    data.push("muted_until", settings.muted_until.map(|d| d.to_string()).unwrap_or_default());
    FormState::new(data)
}

/// The settings page's language: the person's.
fn page_tr(ui: &Ui) -> Tr {
    ui.chrome(pages::SETTINGS).translated().tr
}

async fn settings_page(ui: &Ui, forms: Forms, secret: Option<Secret>) -> UiResult<SettingsPage> {
    let chrome = ui.chrome(pages::SETTINGS).translated();
    let tr = chrome.tr;
    let moment = |at| format::moment_in(&tr, ui.viewer.time_zone, at);
    let session = ui.session();
    let directory = session.organization_directory().await?;
    let archived = tr.t("settings-archived-organisation");
    let org_name =
        |id: &Uuid| directory.iter().find(|o| o.id == *id).map(|o| o.name.as_str()).unwrap_or(archived.as_str());
    let people = session
        .members()
        .await?
        .iter()
        .map(|m| PersonRow {
            id: m.user_id.to_string(),
            name: m.name.clone(),
            email: m.email.clone(),
            role: words::role(&tr, m.role),
            organizations: join_names(&tr, m.organizations.iter().map(org_name)),
            is_me: m.user_id == ui.user.id,
        })
        .collect();
    let tokens = ui
        .state
        .app
        .person(&ui.user)
        .api_tokens()
        .await?
        .iter()
        .rev()
        .map(|t| TokenRow {
            id: t.id.to_string(),
            name: t.name.clone(),
            created: moment(t.created_at),
            last_used: t.last_used_at.map(moment).unwrap_or_else(|| tr.t("settings-never")),
            revoked: t.revoked_at.map(moment),
        })
        .collect();
    let my_feed = session.feed_status(Which::Mine).await?.created_at.map(moment);
    let can_publish_feeds = ui.viewer.may(Action::ManageNetwork);
    let mut partnership_feeds = Vec::new();
    if can_publish_feeds {
        for feed in session.partnership_feeds().await? {
            let Some(id) = feed.partnership_id else { continue };
            let Ok(partnership) = session.partnership(id).await else { continue };
            partnership_feeds.push(FeedRow {
                partnership_id: id.to_string(),
                partnership: partnership.name,
                created: moment(feed.created_at),
            });
        }
    }
    let invitations = if Role::ALL.iter().any(|r| ui.viewer.may(Action::Invite(*r))) {
        session
            .invitations()
            .await?
            .into_iter()
            .map(|i| {
                let expires = tr.day(i.expires_at.date_naive());
                let (chip, when, state) = match i.state {
                    InvitationState::Pending => {
                        ("chip-good", tr.a("settings-invitation-expires", [("day", expires)]), "pending")
                    }
                    InvitationState::Accepted => (
                        "chip-neutral",
                        tr.a("settings-invitation-joined", [("when", i.accepted_at.map(moment).unwrap_or_default())]),
                        "accepted",
                    ),
                    InvitationState::Expired => {
                        ("chip-warn", tr.a("settings-invitation-expired", [("day", expires)]), "expired")
                    }
                    InvitationState::Revoked => (
                        "chip-neutral",
                        tr.a("settings-invitation-revoked", [("when", i.revoked_at.map(moment).unwrap_or_default())]),
                        "revoked",
                    ),
                };
                InvitationRow {
                    id: i.id.to_string(),
                    email: i.email,
                    role: words::role(&tr, i.role),
                    state: tr.a("settings-invitation-state", [("state", state.to_owned())]),
                    chip,
                    when,
                    actionable: i.state.is_open() && ui.viewer.may(Action::Invite(i.role)),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let sessions = ui
        .state
        .app
        .person(&ui.user)
        .sessions(Some(&ui.secret))
        .await?
        .into_iter()
        .map(|s| SessionRow {
            id: s.id,
            created: moment(s.created_at),
            last_seen: s.last_seen_at.map(moment).unwrap_or_else(|| tr.t("settings-not-yet")),
            current: s.current,
        })
        .collect();
    let invite_roles: Vec<Choice> = Role::ALL
        .iter()
        .filter(|r| ui.viewer.may(Action::Invite(**r)))
        .map(|r| Choice::new(r.as_str(), words::role(&tr, *r)))
        .collect();
    let speaking = |form: FormState| form.speaking(tr);
    Ok(SettingsPage {
        chrome,
        ws: ui.ws().to_string(),
        workspace_name: ui.workspace.name.clone(),
        people,
        is_owner: ui.viewer.may(Action::ManageWorkspace),
        name_form: speaking(forms.name.unwrap_or_else(|| {
            FormState::new(FormData::from_pairs([
                ("name", ui.workspace.name.clone()),
                ("time_zone", ui.workspace.time_zone.name().to_owned()),
                ("default_language", ui.workspace.default_language.clone()),
            ]))
        })),

        invite_form: speaking(
            forms.invite.unwrap_or_else(|| FormState::new(FormData::from_pairs([("role", "member")]))),
        ),
        invite_roles,
        emails_invitations: ui.state.app.sends_mail(),
        organizations: directory.iter().map(|o| Choice::new(o.id, o.name.clone())).collect(),
        token_form: speaking(forms.token.unwrap_or_default()),
        password_form: speaking(forms.password.unwrap_or_default()),
        invitations,
        sessions,
        language_form: speaking(forms.language.unwrap_or_else(|| {
            FormState::new(FormData::from_pairs([("language", ui.user.language.clone().unwrap_or_default())]))
        })),
        languages: Tr::languages().into_iter().map(|(code, name)| Choice::new(code, name)).collect(),
        reminder_form: speaking(match forms.reminders {
            Some(form) => form,
            None => reminder_form(&session.my_notification_settings().await?),
        }),
        channels: vec![
            Choice::new("email_reminders", tr.t("settings-channel-daily")),
            Choice::new("weekly_digest", tr.t("settings-channel-weekly")),
        ],
        reminder_kinds: ReminderKind::ALL
            .iter()
            .map(|k| Choice::new(k.as_str(), words::reminder_kind(&tr, *k)))
            .collect(),
        tokens,
        my_feed,
        can_publish_feeds,
        partnership_feeds,
        secret,
    })
}

async fn show(ui: Ui) -> UiResult {
    Ok(render(&settings_page(&ui, Forms::default(), None).await?))
}

async fn rename(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    // The language is read before anything is saved, and saved last, after the name: a value
    // refused changes nothing.
    let session = ui.session();
    let result = match LanguageCode::parse(form.get("default_language"), "default_language", &Tr::codes()) {
        Err(errors) => Err(AppError::Invalid(errors)),
        Ok(language) => match session.set_time_zone(form.get("time_zone")).await {
            Ok(_) => match session.rename_workspace(form.get("name")).await {
                Ok(()) => session.set_default_language(&language).await,
                Err(err) => Err(err),
            },
            Err(err) => Err(err),
        },
    };
    match outcome(result, form, same)? {
        Outcome::Saved(()) => Ok(ui.done("/settings", "renamed")),
        Outcome::Again(form) => Ok(render_with_status(
            form.status(),
            &settings_page(&ui, Forms { name: Some(form), ..Forms::default() }, None).await?,
        )),
    }
}

/// Creates the invitation and shows its link this once; it is not stored in a readable form.
async fn invite(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let organization = form.optional_id(&mut errors, "organization_id", "an organisation");
    let result = if errors.is_empty() {
        ui.session().invite(&ui.state.base_url, form.get("email"), form.get("role"), organization).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match outcome(result, form, same)? {
        Outcome::Saved(invitation) => {
            let secret = invitation_secret(&page_tr(&ui), invitation);
            Ok(render(&settings_page(&ui, Forms::default(), Some(secret)).await?))
        }
        Outcome::Again(form) => Ok(render_with_status(
            form.status(),
            &settings_page(&ui, Forms { invite: Some(form), ..Forms::default() }, None).await?,
        )),
    }
}

/// The link of an invitation just made or re-sent, shown this once, saying whether it was e-mailed.
fn invitation_secret(tr: &Tr, invitation: rapport_app::CreatedInvitation) -> Secret {
    let facts = [("email", invitation.email.clone()), ("expires", tr.day(invitation.expires_at.date_naive()))];
    let (label, note) = if invitation.emailed {
        (
            tr.a("settings-secret-invitation-emailed", facts.clone()),
            tr.a("settings-secret-invitation-emailed-note", facts),
        )
    } else {
        (tr.a("settings-secret-invitation-link", facts.clone()), tr.a("settings-secret-invitation-link-note", facts))
    };
    Secret { label, value: invitation.url, note }
}

/// A new link for an invitation (the old one stops working), e-mailed when e-mail is set up.
async fn resend_invitation(Id(id): Id, Posted { ctx: ui, .. }: Posted<Ui>) -> UiResult {
    let invitation = ui.session().resend_invitation(&ui.state.base_url, id).await?;
    Ok(render(&settings_page(&ui, Forms::default(), Some(invitation_secret(&page_tr(&ui), invitation))).await?))
}

async fn revoke_invitation(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-invitation-revoke-heading"),
        detail: tr.t("confirm-invitation-revoke-detail"),
        button: tr.t("confirm-revoke-button"),
        back: "/settings#invitations".into(),
    };
    if let Some(page) =
        unless_confirmed(&ui, pages::SETTINGS, &form, &format!("/settings/invitations/{id}/revoke"), ask)
    {
        return Ok(page);
    }
    ui.session().revoke_invitation(id).await?;
    Ok(ui.done("/settings#invitations", "invitation_revoked"))
}

/// Changes the signed-in person's password; this browser stays signed in, every other one is
/// signed out.
async fn change_password(ClientAddress(from): ClientAddress, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    if form.get("new_password") != form.get("password_again") {
        errors.add("password_again", "does not match the new password");
    }
    let result = if errors.is_empty() {
        ui.state
            .app
            .person(&ui.user)
            .change_password(form.get("current_password"), form.get("new_password"), Some(&ui.secret), from)
            .await
    } else {
        Err(AppError::Invalid(errors))
    };
    // Passwords never go back into the page.
    let blank = FormData::default();
    let (status, errors, refused) = match result {
        Ok(()) => return Ok(ui.done("/settings#password", "password_changed")),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
        Err(throttled @ AppError::Throttled(_)) => (
            StatusCode::TOO_MANY_REQUESTS,
            ValidationErrors::single("current_password", throttled.to_string()),
            Some(throttled),
        ),
        Err(other) => return Err(other.into()),
    };
    let forms = Forms { password: Some(FormState::with_errors(blank, errors)), ..Forms::default() };
    let page = render_with_status(status, &settings_page(&ui, forms, None).await?);
    Ok(match refused {
        Some(throttled) => super::context::retry_after(page, &throttled),
        None => page,
    })
}

async fn end_session(
    axum::extract::Path((_, session)): axum::extract::Path<(String, String)>,
    Posted { ctx: ui, .. }: Posted<Ui>,
) -> UiResult {
    ui.state.app.person(&ui.user).end_session(&session).await?;
    Ok(ui.done("/settings#sessions", "session_ended"))
}

/// Signs every browser of the person out, this one included.
async fn sign_out_everywhere(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-sign-out-heading"),
        detail: tr.t("confirm-sign-out-detail"),
        button: tr.t("confirm-sign-out-button"),
        back: "/settings#sessions".into(),
    };
    if let Some(page) = unless_confirmed(&ui, pages::SETTINGS, &form, "/settings/sessions/end-all", ask) {
        return Ok(page);
    }
    ui.state.app.person(&ui.user).sign_out_everywhere().await?;
    let mut response = super::context::see_other("/login");
    if let Ok(cookie) = crate::auth::expired_session_cookie(ui.state.secure_cookies).parse() {
        response.headers_mut().insert(axum::http::header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// Saves the signed-in person's reminder channels, kinds and pause; they hold in every workspace.
async fn save_reminders(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let channels = form.all("channels");
    let mut wanted = Vec::new();
    for value in form.all("kinds") {
        match value.parse::<ReminderKind>() {
            Ok(kind) => wanted.push(kind),
            Err(_) => errors.add("kinds", format!("has no kind of reminder called {value:?}")),
        }
    }
    let muted_until = form.optional_date(&mut errors, "muted_until");
    if !errors.is_empty() {
        let form = FormState::with_errors(form, errors);
        return Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &settings_page(&ui, Forms { reminders: Some(form), ..Forms::default() }, None).await?,
        ));
    }
    let settings = NotificationSettings {
        email_reminders: channels.contains(&"email_reminders"),
        weekly_digest: channels.contains(&"weekly_digest"),
        muted_until,
        muted_kinds: ReminderKind::ALL.iter().copied().filter(|k| !wanted.contains(k)).collect(),
    };
    ui.session().set_my_notification_settings(&settings).await?;
    Ok(ui.done("/settings#reminders", "reminders_saved"))
}

/// The person's own language, in every workspace; empty leaves it to the browser, then to the
/// workspace.
async fn save_language(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let language = match form.get("language") {
        "" => Ok(None),
        code => LanguageCode::parse(code, "language", &Tr::codes()).map(Some),
    };
    match language {
        Ok(language) => {
            ui.state.app.person(&ui.user).set_language(language.as_ref()).await?;
            Ok(ui.done("/settings#language", "saved"))
        }
        Err(errors) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &settings_page(
                &ui,
                Forms { language: Some(FormState::with_errors(form, errors)), ..Forms::default() },
                None,
            )
            .await?,
        )),
    }
}

/// Creates a personal API token and shows it this once; only its digest is kept.
async fn create_token(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let name = errors.required_text("name", form.get("name"), 100);
    if !errors.is_empty() {
        let form = FormState::with_errors(form, errors);
        return Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &settings_page(&ui, Forms { token: Some(form), ..Forms::default() }, None).await?,
        ));
    }
    let (_, secret) = ui.state.app.person(&ui.user).create_api_token(&name).await?;
    let tr = page_tr(&ui);
    let shown = Secret {
        label: tr.a("settings-secret-token", [("name", name.clone())]),
        value: secret,
        note: tr.t("settings-secret-token-note"),
    };
    Ok(render(&settings_page(&ui, Forms::default(), Some(shown)).await?))
}

async fn revoke_token(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-token-revoke-heading"),
        detail: tr.t("confirm-token-revoke-detail"),
        button: tr.t("confirm-revoke-button"),
        back: "/settings#tokens".into(),
    };
    if let Some(page) = unless_confirmed(&ui, pages::SETTINGS, &form, &format!("/settings/tokens/{id}/revoke"), ask) {
        return Ok(page);
    }
    ui.state.app.person(&ui.user).revoke_api_token(id).await?;
    Ok(ui.done("/settings#tokens", "token_revoked"))
}

#[derive(Template)]
#[template(path = "member_form.html")]
struct MemberPage {
    chrome: Chrome,
    ws: String,
    person_id: String,
    name: String,
    email: String,
    form: FormState,
    roles: Vec<Choice>,
    organizations: Vec<Choice>,
}

const OWNERS_ONLY: &str = "only owners can change people's roles";

async fn member_page(ui: &Ui, user_id: Uuid, form: Option<FormState>) -> UiResult<MemberPage> {
    let session = ui.session();
    if !ui.viewer.may(Action::ManageWorkspace) {
        return Err(AppError::Forbidden(OWNERS_ONLY).into());
    }
    let person = session.members().await?.into_iter().find(|m| m.user_id == user_id).ok_or(AppError::NotFound)?;
    let form = form.unwrap_or_else(|| {
        let mut data = FormData::from_pairs([("role", person.role.as_str())]);
        for org in &person.organizations {
            data.push("organizations", org.to_string());
        }
        FormState::new(data)
    });
    let chrome = ui.chrome(pages::SETTINGS).translated();
    let tr = chrome.tr;
    Ok(MemberPage {
        chrome,
        ws: ui.ws().to_string(),
        person_id: user_id.to_string(),
        name: person.name,
        email: person.email,
        form: form.speaking(tr),
        roles: Role::ALL.iter().map(|r| Choice::new(r.as_str(), role_description(&tr, *r))).collect(),
        organizations: session
            .organization_directory()
            .await?
            .iter()
            .map(|o| Choice::new(o.id, o.name.clone()))
            .collect(),
    })
}

fn role_description(tr: &Tr, role: Role) -> String {
    let label = words::role(tr, role);
    match role {
        Role::Owner => tr.a("role-description-owner", [("role", label)]),
        Role::Coordinator => tr.a("role-description-coordinator", [("role", label)]),
        Role::Member => tr.a("role-description-member", [("role", label)]),
        Role::Observer => tr.a("role-description-observer", [("role", label)]),
    }
}

async fn edit_member(ui: Ui, Id(id): Id) -> UiResult {
    Ok(render(&member_page(&ui, id, None).await?))
}

async fn update_member(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let role: Option<Role> = errors.choice("role", form.get("role"));
    let result = match role {
        Some(role) => ui.session().set_member(id, role, &form.ids("organizations")).await,
        None => Err(AppError::Invalid(errors)),
    };
    // The last owner cannot step down; say so beside the role.
    let result = result.map_err(|e| match e {
        AppError::Conflict(why) => AppError::Invalid(ValidationErrors::single("role", why)),
        other => other,
    });
    match outcome(result, form, same)? {
        Outcome::Saved(()) => Ok(ui.done("/settings#people", "member")),
        Outcome::Again(form) => {
            let status = form.status();
            Ok(render_with_status(status, &member_page(&ui, id, Some(form)).await?))
        }
    }
}

/// Makes (or replaces) the signed-in person's calendar feed and shows its URL this once.
async fn make_my_feed(Posted { ctx: ui, .. }: Posted<Ui>) -> UiResult {
    let created = ui.session().make_feed(&ui.state.base_url, Which::Mine).await?;
    let tr = page_tr(&ui);
    let shown =
        Secret { label: tr.t("settings-secret-my-feed"), value: created.url, note: tr.t("settings-secret-feed-note") };
    Ok(render(&settings_page(&ui, Forms::default(), Some(shown)).await?))
}

async fn revoke_my_feed(Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-my-feed-heading"),
        detail: tr.t("confirm-my-feed-detail"),
        button: tr.t("confirm-turn-off-button"),
        back: "/settings#feeds".into(),
    };
    if let Some(page) = unless_confirmed(&ui, pages::SETTINGS, &form, "/settings/feed/revoke", ask) {
        return Ok(page);
    }
    ui.session().revoke_feed(Which::Mine).await?;
    Ok(ui.done("/settings#feeds", "saved"))
}

/// Publishes (or replaces) a partnership's calendar feed, from the partnership page or from
/// here, and shows its URL this once (coordinators and owners).
async fn make_partnership_feed(Id(id): Id, Posted { ctx: ui, .. }: Posted<Ui>) -> UiResult {
    let session = ui.session();
    let created = session.make_feed(&ui.state.base_url, Which::Partnership(id)).await?;
    let partnership = session.partnership(id).await?;
    let tr = page_tr(&ui);
    let shown = Secret {
        label: tr.a("settings-secret-partnership-feed", [("name", partnership.name.clone())]),
        value: created.url,
        note: tr.t("settings-secret-feed-note"),
    };
    Ok(render(&settings_page(&ui, Forms::default(), Some(shown)).await?))
}

async fn revoke_partnership_feed(Id(id): Id, Posted { ctx: ui, form }: Posted<Ui>) -> UiResult {
    let ask = |tr: &Tr| Ask {
        heading: tr.t("confirm-partnership-feed-heading"),
        detail: tr.t("confirm-partnership-feed-detail"),
        button: tr.t("confirm-turn-off-button"),
        back: "/settings#feeds".into(),
    };
    if let Some(page) = unless_confirmed(&ui, pages::SETTINGS, &form, &format!("/partnerships/{id}/feed/revoke"), ask) {
        return Ok(page);
    }
    ui.session().revoke_feed(Which::Partnership(id)).await?;
    Ok(ui.done("/settings#feeds", "saved"))
}
