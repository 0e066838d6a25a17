//! Accounts: signing in, browser sessions, a person's own API tokens, workspaces and reminder
//! settings, and invitations into a workspace, from the invitation to the person who joins.

use chrono::{DateTime, Utc};
use rapport_core::access::Action;
use rapport_core::records::{User, Workspace};
use rapport_core::reminder::NotificationSettings;
use rapport_core::{Role, ValidationErrors};
use rapport_store::{ApiToken, Caller, Invitation, Job, SessionRecord, Store};
use uuid::Uuid;

use crate::credentials::{self, digest, new_api_token, new_secret};
use crate::{App, AppError, AppResult, Session};

/// How long an invitation link can be used.
pub const INVITATION_DAYS: i64 = 14;

impl App {
    /// Signs `email` in with `password`. Both failures read the same, so the answer does not
    /// reveal which accounts exist.
    pub async fn authenticate(&self, email: &str, password: &str) -> AppResult<User> {
        credentials::authenticate(&self.store, email, password).await
    }

    /// Opens a browser session for `user`; returns the cookie's secret and the session's CSRF token.
    pub async fn start_session(&self, user: &User) -> AppResult<(String, String)> {
        credentials::start_session(&self.store, user).await
    }

    /// Ends the browser session whose cookie holds `secret`.
    pub async fn end_session(&self, secret: &str) -> AppResult<()> {
        Ok(self.store.delete_session(&digest(secret)).await?)
    }

    /// The holder of a personal API token, with every workspace they belong to.
    pub async fn token_caller(&self, token: &str) -> AppResult<Option<Caller>> {
        Ok(self.store.token_caller(&digest(token)).await?)
    }

    /// The holder of a browser session, with every workspace they belong to.
    pub async fn session_caller(&self, secret: &str) -> AppResult<Option<SessionRecord>> {
        Ok(self.store.session(&digest(secret)).await?)
    }

    /// The invitation behind a link, while it can still be used: not found once used or expired.
    pub async fn open_invitation(&self, token: &str) -> AppResult<OpenInvitation> {
        let invitation = self.store.open_invitation(&digest(token)).await?;
        let workspace_name = self.store.workspace_name(invitation.workspace_id).await?;
        let account_exists = self.store.user_by_email(&invitation.email).await?.is_some();
        Ok(OpenInvitation { invitation, workspace_name, account_exists })
    }

    /// Uses the invitation once: `user_id` joins its workspace with the invited role.
    pub async fn accept_invitation(&self, token: &str, user_id: Uuid) -> AppResult<Invitation> {
        Ok(self.store.accept_invitation(&digest(token), user_id).await?)
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
    store: &'a Store,
    user: &'a User,
}

impl<'a> Person<'a> {
    pub(crate) fn new(store: &'a Store, user: &'a User) -> Person<'a> {
        Person { store, user }
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

    /// Joins the workspace of an invitation; the link then stops working.
    pub async fn accept_invitation(&self, token: &str) -> AppResult<Workspace> {
        let invitation = self.store.accept_invitation(&digest(token), self.user.id).await?;
        self.workspaces().await?.into_iter().find(|w| w.id == invitation.workspace_id).ok_or(AppError::NotFound)
    }
}

/// An invitation just made: its link is shown this once.
#[derive(Debug, Clone)]
pub struct CreatedInvitation {
    pub id: Uuid,
    pub email: String,
    /// The single-use link to send.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

impl Session<'_> {
    /// Invites `email` into the workspace with `role` (and an organisation), by a single-use link
    /// on `base_url` that expires in [`INVITATION_DAYS`] days.
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
        let expires_at = self.store.now() + chrono::Duration::days(INVITATION_DAYS);
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
            )
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::NotFound => AppError::Invalid(ValidationErrors::single(
                    "organization_id",
                    "no such organisation in this workspace",
                )),
                other => other,
            })?;
        Ok(CreatedInvitation { id: invitation.id, email, url: format!("{base_url}/invite/{secret}"), expires_at })
    }

    /// The workspace this session is in, as its person sees it.
    pub async fn workspace(&self) -> AppResult<Workspace> {
        let workspaces = self.store.workspaces_of(self.viewer.user_id).await?;
        workspaces.into_iter().find(|w| w.id == self.viewer.workspace_id).ok_or(AppError::NotFound)
    }
}
