//! Signing in and out, "forgot password" and the reset link, the first workspace, and
//! accepting an invitation.

use askama::Template;
use axum::Router;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::response::Response;
use axum::routing::get;
use rapport_core::ValidationErrors;
use serde::Deserialize;

use super::context::{
    Posted, PublicForm, SignedIn, UiError, UiResult, is_local_path, retry_after, same_secret, see_other,
};
use super::form::{FormData, FormState};
use super::pages::{Chrome, render, render_with_status};
use rapport_app::credentials::check_new_password;
use rapport_app::{AppError, OpenInvitation};

use crate::AppState;
use crate::auth::{self, ClientAddress};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(root))
        .route("/login", get(login_page).post(login))
        .route("/forgot", get(forgot_page).post(forgot))
        .route("/reset/{token}", get(reset_page).post(reset))
        .route("/logout", axum::routing::post(logout))
        .route("/workspaces/new", get(new_workspace))
        .route("/workspaces", axum::routing::post(create_workspace))
        .route("/invite/{token}", get(invitation_page).post(accept_invitation))
}

/// Home: the first workspace, or the form to create one.
async fn root(me: SignedIn) -> UiResult {
    let workspaces = me.state.app.person(&me.user).workspaces().await?;
    match workspaces.first() {
        Some(workspace) => Ok(see_other(&format!("/w/{}", workspace.id))),
        None => Ok(render(&WelcomePage { chrome: me.chrome().translated(), form: FormState::default(), first: true })),
    }
}

#[derive(Template)]
#[template(path = "welcome.html")]
struct WelcomePage {
    chrome: Chrome,
    form: FormState,
    /// No workspace yet: the page greets rather than offers "another".
    first: bool,
}

async fn new_workspace(me: SignedIn) -> UiResult {
    let first = me.state.app.person(&me.user).workspaces().await?.is_empty();
    Ok(render(&WelcomePage { chrome: me.chrome().translated(), form: FormState::default(), first }))
}

async fn create_workspace(Posted { ctx: me, form }: Posted<SignedIn>) -> UiResult {
    let mut errors = ValidationErrors::new();
    let name = errors.required_text("name", form.get("name"), 200);
    if !errors.is_empty() {
        let first = me.state.app.person(&me.user).workspaces().await?.is_empty();
        let chrome = me.chrome().translated();
        let tr = chrome.tr;
        return Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &WelcomePage { chrome, form: FormState::with_errors(form, errors).speaking(tr), first },
        ));
    }
    let workspace = me.state.app.person(&me.user).create_workspace(&name).await?;
    Ok(see_other(&format!("/w/{}/organizations/new?first=1", workspace.id)))
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    form: FormState,
}

/// Someone already signed in has nothing to do here.
struct MaybeSignedIn(Option<SignedIn>);

impl FromRequestParts<AppState> for MaybeSignedIn {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> UiResult<Self> {
        match SignedIn::from_request_parts(parts, state).await {
            Ok(me) => Ok(MaybeSignedIn(Some(me))),
            Err(UiError::SignIn { .. }) => Ok(MaybeSignedIn(None)),
            Err(other) => Err(other),
        }
    }
}

async fn login_page(MaybeSignedIn(me): MaybeSignedIn, Query(query): Query<NextQuery>) -> Response {
    let next = query.next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/".into());
    if me.is_some() {
        return see_other(&next);
    }
    render(&LoginPage {
        chrome: Chrome::bare().translated(),
        form: FormState::new(FormData::from_pairs([("next", next)])),
    })
}

async fn login(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    PublicForm(form): PublicForm,
) -> UiResult {
    let next = Some(form.get("next").to_owned()).filter(|n| is_local_path(n)).unwrap_or_else(|| "/".into());
    let chrome = Chrome::bare().translated();
    let tr = chrome.tr;
    let mut errors = ValidationErrors::new();
    if form.get("email").trim().is_empty() {
        errors.add("email", tr.t("login-error-email"));
    }
    if form.get("password").is_empty() {
        errors.add("password", tr.t("login-error-password"));
    }
    let mut refused = None;
    if errors.is_empty() {
        match state.app.authenticate(form.get("email").trim(), form.get("password"), from).await {
            Ok(user) => {
                let (secret, _) = state.app.start_session(&user).await?;
                return Ok(signed_in_redirect(&state, &secret, &next));
            }
            Err(AppError::Unauthenticated) => errors.add("password", tr.t("login-error-wrong")),
            Err(throttled @ AppError::Throttled(seconds)) => {
                let minutes = seconds.div_ceil(60).to_string();
                errors.add(
                    "password",
                    tr.a("login-error-throttled", [("why", throttled.to_string()), ("minutes", minutes)]),
                );
                refused = Some(throttled);
            }
            Err(other) => return Err(other.into()),
        }
    }
    // Never send the password back into the page.
    let form = FormData::from_pairs([("email", form.get("email").to_owned()), ("next", next)]);
    let page = LoginPage { chrome, form: FormState::with_errors(form, errors) };
    Ok(match refused {
        Some(throttled) => retry_after(render_with_status(StatusCode::TOO_MANY_REQUESTS, &page), &throttled),
        None => render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page),
    })
}

#[derive(Template)]
#[template(path = "forgot.html")]
struct ForgotPage {
    chrome: Chrome,
    form: FormState,
    /// The neutral answer, once asked.
    sent: Option<String>,
}

/// A page before signing in: it speaks the browser's language.
fn bare() -> Chrome {
    Chrome::bare().translated()
}

async fn forgot_page() -> Response {
    render(&ForgotPage { chrome: bare(), form: FormState::default(), sent: None })
}

/// Asks for a reset link. The page answers the same whether or not an account has the address.
async fn forgot(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    PublicForm(form): PublicForm,
) -> UiResult {
    match state.app.request_password_reset(form.get("email"), &state.base_url, from) {
        Ok(()) => {
            let chrome = bare();
            // The app's neutral answer (`rapport_app::RESET_REQUESTED`), in the page's language.
            let sent = Some(chrome.tr.t("forgot-sent"));
            Ok(render(&ForgotPage { chrome, form: FormState::default(), sent }))
        }
        Err(AppError::Invalid(errors)) => {
            let chrome = bare();
            let form = FormState::with_errors(form, errors).speaking(chrome.tr);
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &ForgotPage { chrome, form, sent: None }))
        }
        Err(throttled @ AppError::Throttled(_)) => {
            let page = ForgotPage {
                chrome: bare(),
                form: FormState::with_errors(form, ValidationErrors::single("email", throttled.to_string())),
                sent: None,
            };
            Ok(retry_after(render_with_status(StatusCode::TOO_MANY_REQUESTS, &page), &throttled))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    chrome: Chrome,
    form: FormState,
    /// The account the link is for.
    email: String,
    /// The password was changed: the page says so instead of showing the form.
    done: bool,
}

/// A reset link that no longer works: used, expired, replaced or never made.
fn dead_reset_link() -> Response {
    let tr = bare().tr;
    super::pages::error_page(StatusCode::NOT_FOUND, &tr.t("reset-dead-heading"), &tr.t("reset-dead-message"))
}

async fn reset_page(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    Path(token): Path<String>,
) -> UiResult {
    match state.app.password_reset_for(&token, from).await {
        Ok(user) => {
            Ok(render(&ResetPage { chrome: bare(), form: FormState::default(), email: user.email, done: false }))
        }
        Err(AppError::NotFound) => Ok(dead_reset_link()),
        Err(other) => Err(other.into()),
    }
}

/// Sets the new password, signs every other session out and this browser in.
async fn reset(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    Path(token): Path<String>,
    PublicForm(form): PublicForm,
) -> UiResult {
    let user = match state.app.password_reset_for(&token, from).await {
        Ok(user) => user,
        Err(AppError::NotFound) => return Ok(dead_reset_link()),
        Err(other) => return Err(other.into()),
    };
    let mut errors = ValidationErrors::new();
    if form.get("new_password") != form.get("password_again") {
        errors.add("password_again", "does not match the password above");
    }
    let result = if errors.is_empty() {
        state.app.reset_password(&token, form.get("new_password"), from).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(user) => {
            let (secret, _) = state.app.start_session(&user).await?;
            let mut response =
                render(&ResetPage { chrome: bare(), form: FormState::default(), email: user.email, done: true });
            if let Ok(cookie) = auth::session_cookie(&secret, state.secure_cookies).parse() {
                response.headers_mut().insert(SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(AppError::Invalid(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ResetPage {
                chrome: bare(),
                form: FormState::with_errors(FormData::default(), errors).speaking(bare().tr),
                email: user.email,
                done: false,
            },
        )),
        Err(AppError::NotFound) => Ok(dead_reset_link()),
        Err(other) => Err(other.into()),
    }
}

fn signed_in_redirect(state: &AppState, secret: &str, to: &str) -> Response {
    let mut response = see_other(to);
    if let Ok(cookie) = auth::session_cookie(secret, state.secure_cookies).parse() {
        response.headers_mut().insert(SET_COOKIE, cookie);
    }
    response
}

async fn logout(Posted { ctx: me, .. }: Posted<SignedIn>) -> UiResult {
    me.state.app.end_session(&me.secret).await?;
    let mut response = see_other("/login");
    if let Ok(cookie) = auth::expired_session_cookie(me.state.secure_cookies).parse() {
        response.headers_mut().insert(SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "invite.html")]
struct InvitePage {
    chrome: Chrome,
    form: FormState,
    workspace_name: String,
    email: String,
    role: String,
    /// What the page offers: "join" (signed in with the invited address), "other" (signed in
    /// with another address: sign out first), "login" (account exists) or "register".
    mode: &'static str,
    /// Signed in as someone other than the invited address.
    other_account: Option<String>,
}

/// Shows what the link invites to. A used or expired link is "not found", never a hint about
/// what it was.
async fn invitation_page(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    MaybeSignedIn(me): MaybeSignedIn,
    Path(token): Path<String>,
) -> UiResult {
    let page = invite_page(&state, me.as_ref(), &token, FormState::default(), from).await?;
    Ok(render(&page))
}

async fn invite_page(
    state: &AppState,
    me: Option<&SignedIn>,
    token: &str,
    mut form: FormState,
    from: Option<std::net::IpAddr>,
) -> UiResult<InvitePage> {
    let OpenInvitation { invitation, workspace_name, account_exists } =
        state.app.open_invitation(token, from).await.map_err(expired_invitation)?;
    let (mode, chrome, other_account) = match me {
        Some(me) if me.user.email == invitation.email => ("join", me.chrome().translated(), None),
        // An invitation is for its address: another account cannot use it.
        Some(me) => ("other", me.chrome().translated(), Some(me.user.email.clone())),
        None => (if account_exists { "login" } else { "register" }, bare(), None),
    };
    let tr = chrome.tr;
    let role = match invitation.role {
        rapport_core::kinds::Role::Owner => tr.t("role-owner"),
        rapport_core::kinds::Role::Coordinator => tr.t("role-coordinator"),
        rapport_core::kinds::Role::Member => tr.t("role-member"),
        rapport_core::kinds::Role::Observer => tr.t("role-observer"),
    };
    if let Some(me) = me {
        form.data.set("csrf", me.csrf.clone());
    }
    Ok(InvitePage {
        chrome,
        form: form.speaking(tr),
        workspace_name,
        email: invitation.email,
        role,
        mode,
        other_account,
    })
}

/// A link that opens no invitation is "not found"; too many such links are "too many attempts".
fn expired_invitation(error: AppError) -> UiError {
    match error {
        throttled @ AppError::Throttled(_) => UiError::App(throttled),
        _ => UiError::App(AppError::NotFound),
    }
}

/// Joins as the signed-in person, or signs in / creates the account first and then joins.
async fn accept_invitation(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    MaybeSignedIn(me): MaybeSignedIn,
    Path(token): Path<String>,
    PublicForm(form): PublicForm,
) -> UiResult {
    let OpenInvitation { invitation, account_exists, .. } =
        state.app.open_invitation(&token, from).await.map_err(expired_invitation)?;
    if let Some(me) = me {
        // Signed in, so this is a session's form: it must carry the session's token.
        if !same_secret(form.get("csrf"), &me.csrf) {
            return Err(UiError::Csrf);
        }
        state.app.accept_invitation(&token, &me.user, from).await.map_err(|e| match e {
            forbidden @ AppError::Forbidden(_) => UiError::App(forbidden),
            other => expired_invitation(other),
        })?;
        return Ok(see_other(&format!("/w/{}?notice=welcome", invitation.workspace_id)));
    }
    let mut errors = ValidationErrors::new();
    let mut refused = None;
    let user = if account_exists {
        match state.app.authenticate(&invitation.email, form.get("password"), from).await {
            Ok(user) => Some(user),
            Err(AppError::Unauthenticated) => {
                errors.add("password", "that is not the password of this account");
                None
            }
            Err(throttled @ AppError::Throttled(_)) => {
                errors.add("password", throttled.to_string());
                refused = Some(throttled);
                None
            }
            Err(other) => return Err(other.into()),
        }
    } else {
        let name = errors.required_text("name", form.get("name"), 200);
        check_new_password(&mut errors, "password", form.get("password"));
        if form.get("password") != form.get("password_again") {
            errors.add("password_again", "does not match the password above");
        }
        if errors.is_empty() {
            Some(state.app.register(&invitation.email, &name, form.get("password")).await?)
        } else {
            None
        }
    };
    let Some(user) = user else {
        let kept = FormData::from_pairs([("name", form.get("name").to_owned())]);
        let page = invite_page(&state, None, &token, FormState::with_errors(kept, errors), from).await?;
        return Ok(match refused {
            Some(throttled) => retry_after(render_with_status(StatusCode::TOO_MANY_REQUESTS, &page), &throttled),
            None => render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page),
        });
    };
    state.app.accept_invitation(&token, &user, from).await.map_err(expired_invitation)?;
    let (secret, _) = state.app.start_session(&user).await?;
    Ok(signed_in_redirect(&state, &secret, &format!("/w/{}?notice=welcome", invitation.workspace_id)))
}
