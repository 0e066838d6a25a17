//! Accounts: signing in, browser sessions, a person's own API tokens, workspaces and reminder
//! settings, passwords (changed, forgotten, reset), and invitations into a workspace, from the
//! invitation to the person who joins.
//!
//! Everything that takes a password or a secret goes through the throttle (`crate::throttle`):
//! the door passes the client's address, the policy is here.

use std::future::Future;
use std::net::IpAddr;

use chrono::{DateTime, Utc};
use rapport_core::access::Action;
use rapport_core::records::{InvitationState, User, Workspace};
use rapport_core::reminder::NotificationSettings;
use rapport_core::{Role, ValidationErrors};
use rapport_store::{ApiToken, Caller, Invitation, Job, NewJob, SessionRecord, Store};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::credentials::{self, check_new_password, digest, new_api_token, new_secret};
use crate::throttle::{self, Key, Limit};
use crate::{App, AppError, AppResult, Session};

/// How long an invitation link can be used.
pub const INVITATION_DAYS: i64 = 14;
/// How long a "forgot password" link can be used.
pub const RESET_MINUTES: i64 = 60;
/// What "forgot password" answers, whether or not an account has the address.
pub const RESET_REQUESTED: &str = "If an account has this e-mail address, a link to choose a new password is on its way. It works once, within an hour.";
/// The kind of job that sends one e-mail (the binary's jobs runner sends it). A payload with
/// `"secret": true` carries a link that opens something; the runner redacts it once sent.
pub const EMAIL_JOB: &str = "email";

/// What an e-mail with a secret link says, as facts: the jobs runner words them in the
/// recipient's language (`language` in the job) when it sends the e-mail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MailFacts {
    /// A "forgot password" link for the account at `email`.
    PasswordReset { first_name: String, email: String, link: String },
    /// An invitation into `workspace` from `inviter`, as `role`, usable until `expires_at`.
    Invitation { inviter: String, workspace: String, role: Role, link: String, expires_at: DateTime<Utc> },
}

impl MailFacts {
    /// The e-mail in English: its subject and text.
    pub fn english(&self) -> (String, String) {
        match self {
            MailFacts::PasswordReset { first_name, email, link } => (
                "Reset your Rapport password".to_owned(),
                format!(
                    "Hello {first_name},\n\nSomeone, hopefully you, asked to reset the password of your Rapport account ({email}).\n\nChoose a new password here within the next hour:\n{link}\n\nThe link works once. If you did not ask for it, ignore this e-mail: your password stays as it is.\n"
                ),
            ),
            MailFacts::Invitation { inviter, workspace, role, link, expires_at } => (
                format!("Join {workspace} on Rapport"),
                format!(
                    "Hello,\n\n{inviter} invites you to join {workspace} on Rapport, as {}.\n\nOpen this link to accept; it works once, until {} (UTC):\n{link}\n\nIf you were not expecting this, you can ignore this e-mail.\n",
                    role.label().to_lowercase(),
                    expires_at.format("%e %B %Y").to_string().trim(),
                ),
            ),
        }
    }

    /// The secret link it carries.
    pub fn link(&self) -> &str {
        match self {
            MailFacts::PasswordReset { link, .. } | MailFacts::Invitation { link, .. } => link,
        }
    }
}

/// An e-mail to queue in the outbox (the job queue), carrying a secret link: its facts and the
/// language to word them in.
fn secret_email(to_name: &str, to: &str, language: &str, mail: &MailFacts) -> NewJob {
    NewJob::new(
        EMAIL_JOB,
        serde_json::json!({"to_name": to_name, "to": to, "language": language, "mail": mail, "secret": true}),
    )
}

impl App {
    /// Signs `email` in with `password`, asked from `from`. Both failures read the same, so the
    /// answer does not reveal which accounts exist. Too many wrong passwords for the account, or
    /// from the address, answer `Throttled` for a while, even for the right password.
    pub async fn authenticate(&self, email: &str, password: &str, from: Option<IpAddr>) -> AppResult<User> {
        let keys = password_keys(email, from);
        self.throttle.check(self.store.now(), &keys).map_err(AppError::Throttled)?;
        let result = credentials::authenticate(&self.store, email, password).await;
        if matches!(result, Err(AppError::Unauthenticated)) {
            self.throttle.spend(self.store.now(), &keys);
        }
        result
    }

    /// Runs `attempt`, which tries a secret (a link, a token) sent from `from`: refused while the
    /// address has tried too many secrets that opened nothing (not found, not signed in), and
    /// counted when it opens nothing.
    pub async fn attempt_secret<T>(
        &self,
        from: Option<IpAddr>,
        attempt: impl Future<Output = AppResult<T>>,
    ) -> AppResult<T> {
        let keys: Vec<(Key, Limit)> =
            from.map(|a| (Key::SecretFrom(Key::client(a)), throttle::SECRETS_PER_ADDRESS)).into_iter().collect();
        self.throttle.check(self.store.now(), &keys).map_err(AppError::Throttled)?;
        let result = attempt.await;
        if matches!(result, Err(AppError::NotFound | AppError::Unauthenticated)) {
            self.throttle.spend(self.store.now(), &keys);
        }
        result
    }

    /// Asks for a "forgot password" link for `email`. The answer is the same, and as fast,
    /// whether an account has the address or not: the account is looked up, the link made and
    /// its e-mail queued after answering. Without e-mail on this server, the operator is told in
    /// the log and nothing is made. Every request counts against the address asked about and the
    /// client's address.
    pub fn request_password_reset(&self, email: &str, base_url: &str, from: Option<IpAddr>) -> AppResult<()> {
        let mut errors = ValidationErrors::new();
        let email = errors.email("email", email);
        errors.finish(|| ())?;
        let mut keys = vec![(Key::Reset(Key::account(&email)), throttle::RESETS_PER_ACCOUNT)];
        if let Some(from) = from {
            keys.push((Key::ResetFrom(Key::client(from)), throttle::RESETS_PER_ADDRESS));
        }
        self.throttle.check(self.store.now(), &keys).map_err(AppError::Throttled)?;
        self.throttle.spend(self.store.now(), &keys);
        if !self.sends_mail {
            tracing::warn!(
                "someone asked for a password-reset link, but e-mail is not configured (RAPPORT_SMTP_URL), so none was sent; `rapport user reset-password` sets a password by hand"
            );
            return Ok(());
        }
        let store = self.store.clone();
        let base_url = base_url.trim_end_matches('/').to_owned();
        tokio::spawn(async move {
            if let Err(err) = queue_password_reset(&store, &email, &base_url).await {
                tracing::error!(error = %err.chain(), "could not queue a password-reset e-mail");
            }
        });
        Ok(())
    }

    /// The person a "forgot password" link is for, while it works (throttled like every secret).
    pub async fn password_reset_for(&self, token: &str, from: Option<IpAddr>) -> AppResult<User> {
        self.attempt_secret(from, async { Ok(self.store.open_password_reset(&digest(token)).await?) }).await
    }

    /// Uses a "forgot password" link: a new password, every session of the person signed out,
    /// the link spent. Answers the person, to sign them in.
    pub async fn reset_password(&self, token: &str, new_password: &str, from: Option<IpAddr>) -> AppResult<User> {
        self.password_reset_for(token, from).await?;
        let mut errors = ValidationErrors::new();
        check_new_password(&mut errors, "new_password", new_password);
        errors.finish(|| ())?;
        let hash = credentials::hash_password(new_password.to_owned()).await?;
        Ok(self.store.use_password_reset(&digest(token), &hash).await?)
    }

    /// Sets the password of the account with `email` by hand (the operator's command), and signs
    /// every session of it out.
    pub async fn set_password_by_operator(&self, email: &str, new_password: &str) -> AppResult<User> {
        let mut errors = ValidationErrors::new();
        check_new_password(&mut errors, "password", new_password);
        errors.finish(|| ())?;
        let (user, _) = self.store.user_by_email(email).await?.ok_or(AppError::NotFound)?;
        let hash = credentials::hash_password(new_password.to_owned()).await?;
        self.store.change_password(user.id, &hash, None).await?;
        Ok(user)
    }

    /// Opens a browser session for `user`; returns the cookie's secret and the session's CSRF token.
    pub async fn start_session(&self, user: &User) -> AppResult<(String, String)> {
        credentials::start_session(&self.store, user).await
    }

    /// Ends the browser session whose cookie holds `secret`.
    pub async fn end_session(&self, secret: &str) -> AppResult<()> {
        Ok(self.store.delete_session(&digest(secret)).await?)
    }

    /// The holder of a personal API token sent from `from`, with every workspace they belong
    /// to; tokens that open nothing count against the address like any secret.
    pub async fn token_caller(&self, token: &str, from: Option<IpAddr>) -> AppResult<Caller> {
        self.attempt_secret(from, async {
            self.store.token_caller(&digest(token)).await?.ok_or(AppError::Unauthenticated)
        })
        .await
    }

    /// The holder of a browser session, with every workspace they belong to.
    pub async fn session_caller(&self, secret: &str) -> AppResult<Option<SessionRecord>> {
        Ok(self.store.session(&digest(secret)).await?)
    }

    /// The invitation behind a link sent from `from`, while it can still be used: not found once
    /// used, revoked or expired (throttled like every secret).
    pub async fn open_invitation(&self, token: &str, from: Option<IpAddr>) -> AppResult<OpenInvitation> {
        let invitation =
            self.attempt_secret(from, async { Ok(self.store.open_invitation(&digest(token)).await?) }).await?;
        let workspace_name = self.store.workspace_name(invitation.workspace_id).await?;
        let account_exists = self.store.user_by_email(&invitation.email).await?.is_some();
        Ok(OpenInvitation { invitation, workspace_name, account_exists })
    }

    /// Uses the invitation once: `user` joins its workspace with the invited role. An invitation
    /// is for its address: anyone else holding the link is refused.
    pub async fn accept_invitation(&self, token: &str, user: &User, from: Option<IpAddr>) -> AppResult<Invitation> {
        let open = self.attempt_secret(from, async { Ok(self.store.open_invitation(&digest(token)).await?) }).await?;
        if open.email != user.email {
            return Err(AppError::Forbidden(FOR_ANOTHER_ADDRESS));
        }
        Ok(self.store.accept_invitation(&digest(token), user.id).await?)
    }

    /// A new account (not an administrator), with a password already checked by
    /// [`credentials::check_new_password`].
    pub async fn register(&self, email: &str, name: &str, password: &str) -> AppResult<User> {
        let hash = credentials::hash_password(password.to_owned()).await?;
        Ok(self.store.create_user(email, name, &hash, false).await?)
    }

    /// The latest background jobs of every workspace (administrators; not found for anyone else).
    pub async fn all_jobs(&self, user: &User, limit: u64) -> AppResult<Vec<Job>> {
        if !user.is_admin {
            return Err(AppError::NotFound);
        }
        Ok(self.store.recent_jobs(None, limit).await?)
    }
}

/// Why an invitation is refused to someone signed in with another address.
pub const FOR_ANOTHER_ADDRESS: &str =
    "this invitation is for another e-mail address; sign in with that address to accept it";

/// The throttle's keys for a password typed for `email` from `from`.
fn password_keys(email: &str, from: Option<IpAddr>) -> Vec<(Key, Limit)> {
    let mut keys = vec![(Key::Password(Key::account(email)), throttle::PASSWORD_PER_ACCOUNT)];
    if let Some(from) = from {
        keys.push((Key::PasswordFrom(Key::client(from)), throttle::PASSWORD_PER_ADDRESS));
    }
    keys
}

/// Makes a "forgot password" link for the account with `email`, if there is one, and queues its
/// e-mail with it.
async fn queue_password_reset(store: &Store, email: &str, base_url: &str) -> AppResult<()> {
    let Some((user, _)) = store.user_by_email(email).await? else {
        return Ok(());
    };
    let secret = new_secret();
    let link = format!("{base_url}/reset/{secret}");
    let first_name = user.name.split_whitespace().next().unwrap_or(&user.name).to_owned();
    let mail = MailFacts::PasswordReset { first_name, email: user.email.clone(), link };
    // Their own language; a password belongs to no workspace, so English otherwise.
    let language = user.language.as_deref().unwrap_or(rapport_core::lang::ENGLISH);
    let job = secret_email(&user.name, &user.email, language, &mail);
    let expires_at = store.now() + chrono::Duration::minutes(RESET_MINUTES);
    Ok(store.create_password_reset(user.id, &digest(&secret), expires_at, job).await?)
}

/// An invitation link that can still be used, with what its page shows.
#[derive(Debug, Clone)]
pub struct OpenInvitation {
    pub invitation: Invitation,
    pub workspace_name: String,
    /// Whether the invited address already has an account (sign in) or not (register).
    pub account_exists: bool,
}

/// A signed-in person's own things, outside any workspace.
pub struct Person<'a> {
    app: &'a App,
    store: &'a Store,
    user: &'a User,
}

/// One of a person's browser sessions.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BrowserSession {
    /// Names the session to end it; opens nothing.
    pub id: String,
    pub created_at: DateTime<Utc>,
    /// When it was last used, to the minute.
    pub last_seen_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
    /// Whether this is the session asking.
    pub current: bool,
}

/// A session's public id: derived from its stored key, which it does not reveal.
fn session_id(key: &str) -> String {
    digest(&format!("session-id:{key}"))[..32].to_owned()
}

impl<'a> Person<'a> {
    pub(crate) fn new(app: &'a App, user: &'a User) -> Person<'a> {
        Person { app, store: &app.store, user }
    }

    /// The language this person reads Rapport's pages in, in every workspace; `None` leaves it to
    /// their browser, then to each workspace's default.
    pub async fn set_language(&self, language: Option<&rapport_core::lang::LanguageCode>) -> AppResult<()> {
        self.store.set_user_language(self.user.id, language).await?;
        Ok(())
    }

    /// Changes the person's password after checking the current one (throttled like signing
    /// in), and signs out every other session; `current_session` (the cookie's secret of the
    /// session asking, if any) stays signed in.
    pub async fn change_password(
        &self,
        current_password: &str,
        new_password: &str,
        current_session: Option<&str>,
        from: Option<IpAddr>,
    ) -> AppResult<()> {
        let mut errors = ValidationErrors::new();
        check_new_password(&mut errors, "new_password", new_password);
        if current_password.is_empty() {
            errors.add("current_password", "enter your current password");
        }
        errors.finish(|| ())?;
        match self.app.authenticate(&self.user.email, current_password, from).await {
            Ok(_) => {}
            Err(AppError::Unauthenticated) => {
                return Err(ValidationErrors::single("current_password", "is not your current password").into());
            }
            Err(other) => return Err(other),
        }
        let hash = credentials::hash_password(new_password.to_owned()).await?;
        let keep = current_session.map(digest);
        Ok(self.store.change_password(self.user.id, &hash, keep.as_deref()).await?)
    }

    /// The person's browser sessions, newest first; `current_session` is the cookie's secret
    /// of the one asking, if any.
    pub async fn sessions(&self, current_session: Option<&str>) -> AppResult<Vec<BrowserSession>> {
        let current = current_session.map(digest);
        Ok(self
            .store
            .sessions_of(self.user.id)
            .await?
            .into_iter()
            .map(|s| BrowserSession {
                id: session_id(&s.key),
                current: current.as_deref() == Some(s.key.as_str()),
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                expires_at: s.expires_at,
            })
            .collect())
    }

    /// Signs one of the person's sessions out; not found if no session of theirs has `id`.
    pub async fn end_session(&self, id: &str) -> AppResult<()> {
        let sessions = self.store.sessions_of(self.user.id).await?;
        let found = sessions.into_iter().find(|s| session_id(&s.key) == id).ok_or(AppError::NotFound)?;
        Ok(self.store.end_session_of(self.user.id, &found.key).await?)
    }

    /// Signs every browser session of the person out, the one asking included; answers how many.
    /// API tokens stay: they are revoked one by one.
    pub async fn sign_out_everywhere(&self) -> AppResult<u64> {
        Ok(self.store.end_sessions_of(self.user.id, None).await?)
    }

    /// The workspaces the person belongs to.
    pub async fn workspaces(&self) -> AppResult<Vec<Workspace>> {
        Ok(self.store.workspaces_of(self.user.id).await?)
    }

    /// A new workspace, owned by the person.
    pub async fn create_workspace(&self, name: &str) -> AppResult<Workspace> {
        Ok(self.store.create_workspace(name, self.user.id).await?)
    }

    /// The person's API tokens, oldest first, without their secrets.
    pub async fn api_tokens(&self) -> AppResult<Vec<ApiToken>> {
        Ok(self.store.api_tokens(self.user.id).await?)
    }

    /// A new API token; the answer carries its secret, to be shown this once.
    pub async fn create_api_token(&self, name: &str) -> AppResult<(ApiToken, String)> {
        let secret = new_api_token();
        let token = self.store.create_api_token(self.user.id, name, &digest(&secret)).await?;
        Ok((token, secret))
    }

    pub async fn revoke_api_token(&self, id: Uuid) -> AppResult<()> {
        Ok(self.store.revoke_api_token(self.user.id, id).await?)
    }

    pub async fn notification_settings(&self) -> AppResult<NotificationSettings> {
        Ok(self.store.notification_settings(self.user.id).await?)
    }

    /// Replaces the person's reminder settings; answers them as stored.
    pub async fn set_notification_settings(&self, settings: &NotificationSettings) -> AppResult<NotificationSettings> {
        self.store.set_notification_settings(self.user.id, settings).await?;
        self.notification_settings().await
    }

    /// Joins the workspace of an invitation to the person's address; the link then stops
    /// working.
    pub async fn accept_invitation(&self, token: &str, from: Option<IpAddr>) -> AppResult<Workspace> {
        let invitation = self.app.accept_invitation(token, self.user, from).await?;
        self.workspaces().await?.into_iter().find(|w| w.id == invitation.workspace_id).ok_or(AppError::NotFound)
    }
}

/// An invitation just made (or re-sent): its link is shown this once.
#[derive(Debug, Clone)]
pub struct CreatedInvitation {
    pub id: Uuid,
    pub email: String,
    /// The single-use link to send.
    pub url: String,
    pub expires_at: DateTime<Utc>,
    /// Whether the link was e-mailed to the invited address (e-mail is configured); otherwise
    /// the inviter sends it.
    pub emailed: bool,
}

/// An invitation as the people who may invite see it: never its link.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationView {
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub organization_id: Option<Uuid>,
    pub state: InvitationState,
    /// Who invited, by name (absent once they left the workspace).
    pub invited_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Session<'_> {
    /// Invites `email` into the workspace with `role` (and an organisation), by a single-use link
    /// on `base_url` that expires in [`INVITATION_DAYS`] days; the link is e-mailed to them when
    /// this server sends e-mail (queued with the invitation, in one transaction).
    pub async fn invite(
        &self,
        base_url: &str,
        email: &str,
        role: &str,
        organization_id: Option<Uuid>,
    ) -> AppResult<CreatedInvitation> {
        let mut errors = ValidationErrors::new();
        let email = errors.email("email", email);
        let role: Option<Role> = errors.choice("role", role);
        let role = errors.finish_parsed(role, |role| role)?;
        if !self.viewer.may(Action::Invite(role)) {
            return Err(AppError::Forbidden("your role cannot invite people with this role"));
        }
        let secret = new_secret();
        let url = format!("{}/invite/{secret}", base_url.trim_end_matches('/'));
        let expires_at = self.store.now() + chrono::Duration::days(INVITATION_DAYS);
        let mail = self.invitation_email(&email, role, &url, expires_at).await?;
        let emailed = mail.is_some();
        let invitation = self
            .store
            .create_invitation(
                self.viewer.workspace_id,
                &email,
                role,
                organization_id,
                &digest(&secret),
                self.viewer.user_id,
                expires_at,
                mail,
            )
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::NotFound => AppError::Invalid(ValidationErrors::single(
                    "organization_id",
                    "no such organisation in this workspace",
                )),
                other => other,
            })?;
        Ok(CreatedInvitation { id: invitation.id, email, url, expires_at, emailed })
    }

    /// The e-mail that carries an invitation link, when this server sends e-mail.
    async fn invitation_email(
        &self,
        email: &str,
        role: Role,
        url: &str,
        expires_at: DateTime<Utc>,
    ) -> AppResult<Option<NewJob>> {
        if !self.sends_mail {
            return Ok(None);
        }
        let workspace = self.store.workspace_name(self.viewer.workspace_id).await?;
        let inviter = self.store.user(self.viewer.user_id).await?;
        // The language of the person invited, when they have an account and chose one; else the
        // workspace's.
        let language = match self.store.user_by_email(email).await? {
            Some((user, _)) if user.language.is_some() => user.language.unwrap_or_default(),
            _ => self.store.workspace_language(self.viewer.workspace_id).await?,
        };
        let mail = MailFacts::Invitation { inviter: inviter.name, workspace, role, link: url.to_owned(), expires_at };
        let mut job = secret_email(email, email, &language, &mail);
        job.workspace_id = Some(self.viewer.workspace_id);
        Ok(Some(job))
    }

    /// The workspace's invitations with their state, newest first (for whoever may invite).
    pub async fn invitations(&self) -> AppResult<Vec<InvitationView>> {
        if !Role::ALL.iter().any(|r| self.viewer.may(Action::Invite(*r))) {
            return Err(AppError::Forbidden("your role cannot invite people"));
        }
        let invitations = self.store.invitations(self.viewer.workspace_id).await?;
        let names = self.store.people_names(self.viewer.workspace_id, invitations.iter().map(|i| i.invited_by)).await?;
        let now = self.store.now();
        Ok(invitations
            .into_iter()
            .map(|i| InvitationView {
                state: InvitationState::of(i.accepted_at, i.revoked_at, i.expires_at, now),
                invited_by: names.get(&i.invited_by).cloned(),
                id: i.id,
                email: i.email,
                role: i.role,
                organization_id: i.organization_id,
                created_at: i.created_at,
                expires_at: i.expires_at,
                accepted_at: i.accepted_at,
                revoked_at: i.revoked_at,
            })
            .collect())
    }

    /// The invitation `id`, when the viewer may invite with its role.
    async fn invitation_to_manage(&self, id: Uuid) -> AppResult<Invitation> {
        if !Role::ALL.iter().any(|r| self.viewer.may(Action::Invite(*r))) {
            return Err(AppError::NotFound);
        }
        let invitation = self.store.workspace_invitation(self.viewer.workspace_id, id).await?;
        if !self.viewer.may(Action::Invite(invitation.role)) {
            return Err(AppError::Forbidden("your role cannot invite people with this role"));
        }
        Ok(invitation)
    }

    /// Re-sends an invitation not accepted or revoked: a new link, valid [`INVITATION_DAYS`]
    /// days from now, e-mailed when this server sends e-mail; the old link stops working.
    pub async fn resend_invitation(&self, base_url: &str, id: Uuid) -> AppResult<CreatedInvitation> {
        let invitation = self.invitation_to_manage(id).await?;
        let secret = new_secret();
        let url = format!("{}/invite/{secret}", base_url.trim_end_matches('/'));
        let expires_at = self.store.now() + chrono::Duration::days(INVITATION_DAYS);
        let mail = self.invitation_email(&invitation.email, invitation.role, &url, expires_at).await?;
        let emailed = mail.is_some();
        let renewed =
            self.store.renew_invitation(self.viewer.workspace_id, id, &digest(&secret), expires_at, mail).await?;
        Ok(CreatedInvitation { id, email: renewed.email, url, expires_at, emailed })
    }

    /// Withdraws an invitation not yet accepted: its link stops working.
    pub async fn revoke_invitation(&self, id: Uuid) -> AppResult<()> {
        self.invitation_to_manage(id).await?;
        self.store.revoke_invitation(self.viewer.workspace_id, id).await?;
        Ok(())
    }

    /// The workspace this session is in, as its person sees it.
    pub async fn workspace(&self) -> AppResult<Workspace> {
        let workspaces = self.store.workspaces_of(self.viewer.user_id).await?;
        workspaces.into_iter().find(|w| w.id == self.viewer.workspace_id).ok_or(AppError::NotFound)
    }
}
