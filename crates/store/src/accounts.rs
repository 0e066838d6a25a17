//! People, their sessions and API tokens, workspaces and who belongs to them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rapport_core::access::Viewer;
use rapport_core::kinds::Role;
use rapport_core::lang::LanguageCode;
use rapport_core::records::{User, Workspace, WorkspaceMember};
use rapport_core::zone::TimeZone;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, RelationDef, Select, Set,
};
use uuid::Uuid;

use crate::convert::stored;
use crate::entities::*;
use crate::jobs::NewJob;
use crate::{Store, StoreError, StoreResult};

/// Whoever holds a live session or token, with every workspace they belong to: what each
/// request needs to know of the caller, read in one query.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub memberships: Vec<Membership>,
}

/// A signed-in browser session.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub caller: Caller,
    pub csrf_token: String,
}

/// A personal API token as its owner sees it; the secret itself is shown once, at creation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ApiToken {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub email: String,
    pub role: Role,
    pub organization_id: Option<Uuid>,
    pub invited_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One of a person's browser sessions, as its owner sees it. `key` is the stored id (the
/// SHA-256 of the cookie's secret): it opens nothing, and it never leaves the application layer.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInfo {
    pub key: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
}

fn user(row: users::Model) -> User {
    User { id: row.id, email: row.email, name: row.name, is_admin: row.is_admin, language: row.language }
}

fn token(row: api_tokens::Model) -> ApiToken {
    ApiToken {
        id: row.id,
        name: row.name,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    }
}

/// A person's place in one workspace: their role (in `workspace`) and their organisations.
#[derive(Debug, Clone)]
pub struct Membership {
    pub workspace: Workspace,
    pub organizations: Vec<Uuid>,
}

impl Membership {
    /// How `user_id`, whose membership this is, sees the workspace.
    pub fn viewer(&self, user_id: Uuid) -> Viewer {
        Viewer {
            user_id,
            workspace_id: self.workspace.id,
            role: self.workspace.role,
            organizations: self.organizations.clone(),
            time_zone: self.workspace.time_zone,
        }
    }
}

/// A person with one workspace of theirs (id, name, created, their role) and one organisation
/// of theirs there; the workspace is absent for someone who belongs to none.
#[derive(FromQueryResult)]
struct CallerRow {
    #[sea_orm(nested)]
    user: users::Model,
    workspace_id: Option<Uuid>,
    workspace_name: Option<String>,
    workspace_created_at: Option<DateTime<Utc>>,
    workspace_time_zone: Option<String>,
    workspace_default_language: Option<String>,
    role: Option<String>,
    organization_id: Option<Uuid>,
}

/// A session's caller row with the session's own columns.
#[derive(FromQueryResult)]
struct SessionRow {
    #[sea_orm(nested)]
    caller: CallerRow,
    csrf_token: String,
    expires_at: DateTime<Utc>,
    last_seen_at: Option<DateTime<Utc>>,
}

/// A token's caller row with the token's own columns.
#[derive(FromQueryResult)]
struct TokenRow {
    #[sea_orm(nested)]
    caller: CallerRow,
    token_id: Uuid,
    last_used_at: Option<DateTime<Utc>>,
}

/// `users` with the workspaces each belongs to and their organisations there: a row per
/// organisation (or one per workspace without any, or one for a person in no workspace).
fn with_memberships(people: Select<users::Entity>) -> Select<users::Entity> {
    let belongs = users::Entity::belongs_to(workspace_members::Entity)
        .from(users::Column::Id)
        .to(workspace_members::Column::UserId)
        .into();
    let workspace = workspace_members::Entity::belongs_to(workspaces::Entity)
        .from(workspace_members::Column::WorkspaceId)
        .to(workspaces::Column::Id)
        .into();
    people
        .column_as(workspaces::Column::Id, "workspace_id")
        .column_as(workspaces::Column::Name, "workspace_name")
        .column_as(workspaces::Column::CreatedAt, "workspace_created_at")
        .column_as(workspaces::Column::TimeZone, "workspace_time_zone")
        .column_as(workspaces::Column::DefaultLanguage, "workspace_default_language")
        .column_as(workspace_members::Column::Role, "role")
        .column_as(organization_members::Column::OrganizationId, "organization_id")
        .join(JoinType::LeftJoin, belongs)
        .join(JoinType::LeftJoin, workspace)
        .join(JoinType::LeftJoin, their_organizations())
        .order_by_asc(workspaces::Column::Id)
}

/// The caller the rows of [`with_memberships`] describe; `None` for no rows.
fn caller(rows: impl IntoIterator<Item = CallerRow>) -> StoreResult<Option<Caller>> {
    let mut found: Option<Caller> = None;
    for row in rows {
        let caller = found.get_or_insert_with(|| Caller { user: user(row.user.clone()), memberships: Vec::new() });
        let (Some(id), Some(name), Some(created_at), Some(role)) =
            (row.workspace_id, row.workspace_name, row.workspace_created_at, row.role)
        else {
            continue;
        };
        if caller.memberships.last().is_none_or(|m| m.workspace.id != id) {
            let time_zone = TimeZone::stored(row.workspace_time_zone.as_deref().unwrap_or("UTC"));
            let default_language =
                row.workspace_default_language.unwrap_or_else(|| rapport_core::lang::ENGLISH.to_owned());
            let workspace = Workspace {
                id,
                name,
                role: stored("workspace_members.role", &role)?,
                created_at,
                time_zone,
                default_language,
            };
            caller.memberships.push(Membership { workspace, organizations: Vec::new() });
        }
        if let (Some(membership), Some(organization)) = (caller.memberships.last_mut(), row.organization_id) {
            membership.organizations.push(organization);
        }
    }
    Ok(found)
}

/// From a workspace member to the organisations they belong to in that workspace.
fn their_organizations() -> RelationDef {
    workspace_members::Entity::belongs_to(organization_members::Entity)
        .from((workspace_members::Column::WorkspaceId, workspace_members::Column::UserId))
        .to((organization_members::Column::WorkspaceId, organization_members::Column::UserId))
        .into()
}

impl Store {
    pub async fn user_count(&self) -> StoreResult<u64> {
        Ok(users::Entity::find().count(&self.db).await?)
    }

    /// `email` must already be normalised (trimmed, lower-case) by validation.
    pub async fn create_user(&self, email: &str, name: &str, password_hash: &str, is_admin: bool) -> StoreResult<User> {
        let row = users::ActiveModel {
            id: Set(Uuid::now_v7()),
            email: Set(email.to_owned()),
            name: Set(name.to_owned()),
            password_hash: Set(password_hash.to_owned()),
            is_admin: Set(is_admin),
            created_at: Set(self.now()),
            language: Set(None),
        };
        let txn = self.begin_write().await?;
        let row = row
            .insert(&txn)
            .await
            .map_err(|e| StoreError::from_write(e, "an account with this e-mail address already exists"))?;
        txn.commit().await?;
        Ok(user(row))
    }

    /// The user and their password hash, for signing in.
    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<(User, String)>> {
        let row =
            users::Entity::find().filter(users::Column::Email.eq(email.trim().to_lowercase())).one(&self.db).await?;
        Ok(row.map(|r| {
            let hash = r.password_hash.clone();
            (user(r), hash)
        }))
    }

    pub async fn user(&self, id: Uuid) -> StoreResult<User> {
        users::Entity::find_by_id(id).one(&self.db).await?.map(user).ok_or(StoreError::NotFound)
    }

    pub async fn set_password(&self, user_id: Uuid, password_hash: &str) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let result = users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(password_hash))
            .filter(users::Column::Id.eq(user_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        if result.rows_affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    pub async fn create_session(
        &self,
        id_hash: &str,
        user_id: Uuid,
        csrf_token: &str,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        sessions::ActiveModel {
            id: Set(id_hash.to_owned()),
            user_id: Set(user_id),
            csrf_token: Set(csrf_token.to_owned()),
            created_at: Set(self.now()),
            expires_at: Set(expires_at),
            last_seen_at: Set(None),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The session with this id hash, if it exists and has not expired, with its holder and
    /// their workspaces: every page view starts here, so it is one query.
    pub async fn session(&self, id_hash: &str) -> StoreResult<Option<SessionRecord>> {
        let session =
            users::Entity::belongs_to(sessions::Entity).from(users::Column::Id).to(sessions::Column::UserId).into();
        let people = users::Entity::find()
            .column_as(sessions::Column::CsrfToken, "csrf_token")
            .column_as(sessions::Column::ExpiresAt, "expires_at")
            .column_as(sessions::Column::LastSeenAt, "last_seen_at")
            .join(JoinType::InnerJoin, session)
            .filter(sessions::Column::Id.eq(id_hash));
        let rows: Vec<SessionRow> = with_memberships(people).into_model().all(&self.db).await?;
        let Some((csrf_token, expires_at, last_seen_at)) =
            rows.first().map(|r| (r.csrf_token.clone(), r.expires_at, r.last_seen_at))
        else {
            return Ok(None);
        };
        let now = self.now();
        if expires_at <= now {
            return Ok(None);
        }
        // Like a token's last use: to the minute, a write a minute at most, a lost update harmless.
        if last_seen_at.is_none_or(|last| now - last >= chrono::Duration::minutes(1)) {
            let txn = self.begin_write().await?;
            sessions::Entity::update_many()
                .col_expr(sessions::Column::LastSeenAt, Expr::value(now))
                .filter(sessions::Column::Id.eq(id_hash))
                .exec(&txn)
                .await?;
            txn.commit().await?;
        }
        Ok(caller(rows.into_iter().map(|r| r.caller))?.map(|caller| SessionRecord { caller, csrf_token }))
    }

    pub async fn delete_session(&self, id_hash: &str) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        sessions::Entity::delete_by_id(id_hash.to_owned()).exec(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The person's live browser sessions, newest first.
    pub async fn sessions_of(&self, user_id: Uuid) -> StoreResult<Vec<SessionInfo>> {
        let rows = sessions::Entity::find()
            .filter(sessions::Column::UserId.eq(user_id))
            .filter(sessions::Column::ExpiresAt.gt(self.now()))
            .order_by_desc(sessions::Column::CreatedAt)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| SessionInfo {
                key: r.id,
                created_at: r.created_at,
                last_seen_at: r.last_seen_at,
                expires_at: r.expires_at,
            })
            .collect())
    }

    /// Ends one of the person's sessions; not found if it is not theirs.
    pub async fn end_session_of(&self, user_id: Uuid, id_hash: &str) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let result = sessions::Entity::delete_many()
            .filter(sessions::Column::Id.eq(id_hash))
            .filter(sessions::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        if result.rows_affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Ends every session of the person but `keep` (the id hash of the one asking, if any);
    /// answers how many ended.
    pub async fn end_sessions_of(&self, user_id: Uuid, keep: Option<&str>) -> StoreResult<u64> {
        let txn = self.begin_write().await?;
        let ended = end_sessions_in(&txn, user_id, keep).await?;
        txn.commit().await?;
        Ok(ended)
    }

    /// A new password hash, and every session but `keep` ended, together or not at all.
    pub async fn change_password(&self, user_id: Uuid, password_hash: &str, keep: Option<&str>) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let result = users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(password_hash))
            .filter(users::Column::Id.eq(user_id))
            .exec(&txn)
            .await?;
        if result.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        end_sessions_in(&txn, user_id, keep).await?;
        txn.commit().await?;
        Ok(())
    }

    /// A "forgot password" link for `user_id` (stored as `token_hash`), and the e-mail that
    /// carries it queued in the same transaction: both or neither.
    pub async fn create_password_reset(
        &self,
        user_id: Uuid,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        email: NewJob,
    ) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        password_resets::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            token_hash: Set(token_hash.to_owned()),
            created_at: Set(self.now()),
            expires_at: Set(expires_at),
            used_at: Set(None),
        }
        .insert(&txn)
        .await?;
        self.enqueue_job_in(&txn, email).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The person a "forgot password" link is for, while it can still be used.
    pub async fn open_password_reset(&self, token_hash: &str) -> StoreResult<User> {
        let row = password_resets::Entity::find()
            .filter(password_resets::Column::TokenHash.eq(token_hash))
            .filter(password_resets::Column::UsedAt.is_null())
            .filter(password_resets::Column::ExpiresAt.gt(self.now()))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.user(row.user_id).await
    }

    /// Uses a "forgot password" link once: the new password hash is set, every session of the
    /// person ended and every other link of theirs spent, together or not at all.
    pub async fn use_password_reset(&self, token_hash: &str, password_hash: &str) -> StoreResult<User> {
        let now = self.now();
        let txn = self.begin_write().await?;
        let row = password_resets::Entity::find()
            .filter(password_resets::Column::TokenHash.eq(token_hash))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        // The conditional update is what makes the link single-use under concurrency.
        let used = password_resets::Entity::update_many()
            .col_expr(password_resets::Column::UsedAt, Expr::value(now))
            .filter(password_resets::Column::UserId.eq(row.user_id))
            .filter(password_resets::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        if used.rows_affected == 0 || row.used_at.is_some() || row.expires_at <= now {
            return Err(StoreError::NotFound);
        }
        users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(password_hash))
            .filter(users::Column::Id.eq(row.user_id))
            .exec(&txn)
            .await?;
        end_sessions_in(&txn, row.user_id, None).await?;
        let person = users::Entity::find_by_id(row.user_id).one(&txn).await?.map(user).ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(person)
    }

    pub async fn create_api_token(&self, user_id: Uuid, name: &str, token_hash: &str) -> StoreResult<ApiToken> {
        let txn = self.begin_write().await?;
        let row = api_tokens::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            name: Set(name.to_owned()),
            token_hash: Set(token_hash.to_owned()),
            created_at: Set(self.now()),
            last_used_at: Set(None),
            revoked_at: Set(None),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(token(row))
    }

    /// The owner of a live (not revoked) token, with their workspaces: every API request
    /// starts here, so it is one query (and a write a minute).
    pub async fn token_caller(&self, token_hash: &str) -> StoreResult<Option<Caller>> {
        let token =
            users::Entity::belongs_to(api_tokens::Entity).from(users::Column::Id).to(api_tokens::Column::UserId).into();
        let people = users::Entity::find()
            .column_as(api_tokens::Column::Id, "token_id")
            .column_as(api_tokens::Column::LastUsedAt, "last_used_at")
            .join(JoinType::InnerJoin, token)
            .filter(api_tokens::Column::TokenHash.eq(token_hash))
            .filter(api_tokens::Column::RevokedAt.is_null());
        let rows: Vec<TokenRow> = with_memberships(people).into_model().all(&self.db).await?;
        let Some((token_id, last_used_at)) = rows.first().map(|r| (r.token_id, r.last_used_at)) else {
            return Ok(None);
        };
        // Last use is a convenience shown to the owner, to the minute: a token in steady use
        // costs a write a minute rather than one per request (which serialises every API read
        // behind SQLite's write lock). A lost update here harms nothing.
        let now = self.now();
        if last_used_at.is_none_or(|last| now - last >= chrono::Duration::minutes(1)) {
            let txn = self.begin_write().await?;
            api_tokens::Entity::update_many()
                .col_expr(api_tokens::Column::LastUsedAt, Expr::value(now))
                .filter(api_tokens::Column::Id.eq(token_id))
                .exec(&txn)
                .await?;
            txn.commit().await?;
        }
        caller(rows.into_iter().map(|r| r.caller))
    }

    pub async fn api_tokens(&self, user_id: Uuid) -> StoreResult<Vec<ApiToken>> {
        let rows = api_tokens::Entity::find()
            .filter(api_tokens::Column::UserId.eq(user_id))
            .order_by_asc(api_tokens::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(token).collect())
    }

    pub async fn revoke_api_token(&self, user_id: Uuid, token_id: Uuid) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let result = api_tokens::Entity::update_many()
            .col_expr(api_tokens::Column::RevokedAt, Expr::value(self.now()))
            .filter(api_tokens::Column::Id.eq(token_id))
            .filter(api_tokens::Column::UserId.eq(user_id))
            .filter(api_tokens::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        txn.commit().await?;
        if result.rows_affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Creates a workspace with `owner` as its first owner.
    pub async fn create_workspace(&self, name: &str, owner: Uuid) -> StoreResult<Workspace> {
        let txn = self.begin_write().await?;
        let now = self.now();
        let workspace = workspaces::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set(name.to_owned()),
            created_at: Set(now),
            time_zone: Set(TimeZone::UTC.name().to_owned()),
            default_language: Set(rapport_core::lang::ENGLISH.to_owned()),
            directory_version: Set(0),
        }
        .insert(&txn)
        .await?;
        workspace_members::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace.id),
            user_id: Set(owner),
            role: Set(Role::Owner.as_str().to_owned()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(Workspace {
            id: workspace.id,
            name: workspace.name,
            role: Role::Owner,
            created_at: workspace.created_at,
            time_zone: TimeZone::UTC,
            default_language: workspace.default_language,
        })
    }

    /// The language the workspace's pages speak by default.
    pub async fn workspace_language(&self, workspace_id: Uuid) -> StoreResult<String> {
        let language: Option<String> = workspaces::Entity::find_by_id(workspace_id)
            .select_only()
            .column(workspaces::Column::DefaultLanguage)
            .into_tuple()
            .one(&self.db)
            .await?;
        language.ok_or(StoreError::NotFound)
    }

    /// Sets the language the workspace's pages speak by default.
    pub async fn set_workspace_language(&self, workspace_id: Uuid, language: &LanguageCode) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let result = workspaces::Entity::update_many()
            .col_expr(workspaces::Column::DefaultLanguage, Expr::value(language.as_str()))
            .filter(workspaces::Column::Id.eq(workspace_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        if result.rows_affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Sets (or, with `None`, clears) the language a person chose for Rapport's pages.
    pub async fn set_user_language(&self, user_id: Uuid, language: Option<&LanguageCode>) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let result = users::Entity::update_many()
            .col_expr(users::Column::Language, Expr::value(language.map(|l| l.as_str().to_owned())))
            .filter(users::Column::Id.eq(user_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        if result.rows_affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Sets the workspace's time zone.
    pub async fn set_workspace_time_zone(&self, workspace_id: Uuid, zone: TimeZone) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let result = workspaces::Entity::update_many()
            .col_expr(workspaces::Column::TimeZone, Expr::value(zone.name()))
            .filter(workspaces::Column::Id.eq(workspace_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        if result.rows_affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    pub async fn rename_workspace(&self, workspace_id: Uuid, name: &str) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let result = workspaces::Entity::update_many()
            .col_expr(workspaces::Column::Name, Expr::value(name))
            .filter(workspaces::Column::Id.eq(workspace_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        if result.rows_affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// The workspaces `user_id` belongs to, with their role in each.
    pub async fn workspaces_of(&self, user_id: Uuid) -> StoreResult<Vec<Workspace>> {
        Ok(self.memberships(user_id).await?.into_iter().map(|m| m.workspace).collect())
    }

    /// Every workspace `user_id` belongs to, with their role and organisations in each.
    pub async fn memberships(&self, user_id: Uuid) -> StoreResult<Vec<Membership>> {
        let rows: Vec<CallerRow> =
            with_memberships(users::Entity::find_by_id(user_id)).into_model().all(&self.db).await?;
        Ok(caller(rows)?.map(|c| c.memberships).unwrap_or_default())
    }

    /// How `user_id` sees `workspace_id`, or `None` if they are not a member of it.
    pub async fn viewer(&self, workspace_id: Uuid, user_id: Uuid) -> StoreResult<Option<Viewer>> {
        // The role and the organisations in one query (a row per organisation, or one with none).
        let theirs = their_organizations();
        let rows: Vec<(String, Option<Uuid>)> = workspace_members::Entity::find()
            .select_only()
            .column(workspace_members::Column::Role)
            .column(organization_members::Column::OrganizationId)
            .join(JoinType::LeftJoin, theirs)
            .filter(workspace_members::Column::WorkspaceId.eq(workspace_id))
            .filter(workspace_members::Column::UserId.eq(user_id))
            .into_tuple()
            .all(&self.db)
            .await?;
        let Some((role, _)) = rows.first() else {
            return Ok(None);
        };
        let role = stored("workspace_members.role", role)?;
        let time_zone: Option<String> = workspaces::Entity::find_by_id(workspace_id)
            .select_only()
            .column(workspaces::Column::TimeZone)
            .into_tuple()
            .one(&self.db)
            .await?;
        Ok(Some(Viewer {
            user_id,
            workspace_id,
            role,
            organizations: rows.into_iter().filter_map(|(_, organization)| organization).collect(),
            time_zone: time_zone.map(|z| TimeZone::stored(&z)).unwrap_or_default(),
        }))
    }

    pub async fn workspace_name(&self, workspace_id: Uuid) -> StoreResult<String> {
        workspaces::Entity::find_by_id(workspace_id).one(&self.db).await?.map(|w| w.name).ok_or(StoreError::NotFound)
    }

    pub async fn members(&self, workspace_id: Uuid) -> StoreResult<Vec<WorkspaceMember>> {
        let person = workspace_members::Entity::belongs_to(users::Entity)
            .from(workspace_members::Column::UserId)
            .to(users::Column::Id)
            .into();
        let memberships = workspace_members::Entity::find()
            .join(JoinType::InnerJoin, person)
            .filter(workspace_members::Column::WorkspaceId.eq(workspace_id))
            .order_by_asc(workspace_members::Column::Id)
            .select_also(users::Entity)
            .all(&self.db)
            .await?;
        let mut organizations: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        let links: Vec<(Uuid, Uuid)> = organization_members::Entity::find()
            .select_only()
            .column(organization_members::Column::UserId)
            .column(organization_members::Column::OrganizationId)
            .filter(organization_members::Column::WorkspaceId.eq(workspace_id))
            .into_tuple()
            .all(&self.db)
            .await?;
        for (user_id, organization_id) in links {
            organizations.entry(user_id).or_default().push(organization_id);
        }
        memberships
            .into_iter()
            .filter_map(|(m, u)| u.map(|u| (m, u)))
            .map(|(m, u)| {
                Ok(WorkspaceMember {
                    role: stored("workspace_members.role", &m.role)?,
                    organizations: organizations.remove(&u.id).unwrap_or_default(),
                    user_id: u.id,
                    email: u.email,
                    name: u.name,
                })
            })
            .collect()
    }

    /// The names of those of `people` who belong to the workspace; anyone else is left out.
    pub async fn people_names(
        &self,
        workspace_id: Uuid,
        people: impl IntoIterator<Item = Uuid>,
    ) -> StoreResult<HashMap<Uuid, String>> {
        let ids: Vec<Uuid> = people.into_iter().collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let person = workspace_members::Entity::belongs_to(users::Entity)
            .from(workspace_members::Column::UserId)
            .to(users::Column::Id)
            .into();
        let names: Vec<(Uuid, String)> = workspace_members::Entity::find()
            .select_only()
            .column(users::Column::Id)
            .column(users::Column::Name)
            .join(JoinType::InnerJoin, person)
            .filter(workspace_members::Column::WorkspaceId.eq(workspace_id))
            .filter(workspace_members::Column::UserId.is_in(ids))
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(names.into_iter().collect())
    }

    /// Adds `user_id` to the workspace, or changes their role if they are already in it.
    pub async fn set_member(&self, workspace_id: Uuid, user_id: Uuid, role: Role) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        self.set_member_in(&txn, workspace_id, user_id, role).await?;
        txn.commit().await?;
        Ok(())
    }

    /// A person's role and organisations in a workspace, changed together or not at all.
    pub async fn set_membership(
        &self,
        workspace_id: Uuid,
        user_id: Uuid,
        role: Role,
        organizations: &[Uuid],
    ) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        self.set_member_in(&txn, workspace_id, user_id, role).await?;
        self.set_member_organizations_in(&txn, workspace_id, user_id, organizations).await?;
        txn.commit().await?;
        Ok(())
    }

    async fn set_member_in(
        &self,
        txn: &impl ConnectionTrait,
        workspace_id: Uuid,
        user_id: Uuid,
        role: Role,
    ) -> StoreResult<()> {
        let existing = workspace_members::Entity::find()
            .filter(workspace_members::Column::WorkspaceId.eq(workspace_id))
            .filter(workspace_members::Column::UserId.eq(user_id))
            .one(txn)
            .await?;
        match existing {
            Some(member) => {
                if member.role == Role::Owner.as_str() && role != Role::Owner {
                    let owners = workspace_members::Entity::find()
                        .filter(workspace_members::Column::WorkspaceId.eq(workspace_id))
                        .filter(workspace_members::Column::Role.eq(Role::Owner.as_str()))
                        .count(txn)
                        .await?;
                    if owners <= 1 {
                        return Err(StoreError::Conflict("a workspace keeps at least one owner".into()));
                    }
                }
                let mut member: workspace_members::ActiveModel = member.into();
                member.role = Set(role.as_str().to_owned());
                member.update(txn).await?;
            }
            None => {
                workspace_members::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    workspace_id: Set(workspace_id),
                    user_id: Set(user_id),
                    role: Set(role.as_str().to_owned()),
                    created_at: Set(self.now()),
                }
                .insert(txn)
                .await?;
            }
        }
        Ok(())
    }

    /// Replaces the organisations `user_id` belongs to in this workspace.
    pub async fn set_member_organizations(
        &self,
        workspace_id: Uuid,
        user_id: Uuid,
        organizations: &[Uuid],
    ) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        self.set_member_organizations_in(&txn, workspace_id, user_id, organizations).await?;
        txn.commit().await?;
        Ok(())
    }

    async fn set_member_organizations_in(
        &self,
        txn: &impl ConnectionTrait,
        workspace_id: Uuid,
        user_id: Uuid,
        organizations: &[Uuid],
    ) -> StoreResult<()> {
        let known = self.organization_ids_in(txn, workspace_id, organizations).await?;
        if let Some(unknown) = organizations.iter().find(|o| !known.contains(o)) {
            return Err(StoreError::Invalid(rapport_core::ValidationErrors::single(
                "organizations",
                format!("no organisation {unknown} in this workspace"),
            )));
        }
        organization_members::Entity::delete_many()
            .filter(organization_members::Column::WorkspaceId.eq(workspace_id))
            .filter(organization_members::Column::UserId.eq(user_id))
            .exec(txn)
            .await?;
        for organization_id in organizations {
            organization_members::ActiveModel {
                id: Set(Uuid::now_v7()),
                workspace_id: Set(workspace_id),
                organization_id: Set(*organization_id),
                user_id: Set(user_id),
            }
            .insert(txn)
            .await?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments, reason = "one column each; the invitation has no draft type of its own")]
    pub async fn create_invitation(
        &self,
        workspace_id: Uuid,
        email: &str,
        role: Role,
        organization_id: Option<Uuid>,
        token_hash: &str,
        invited_by: Uuid,
        expires_at: DateTime<Utc>,
        email_job: Option<NewJob>,
    ) -> StoreResult<Invitation> {
        if let Some(org) = organization_id {
            self.organization(workspace_id, org).await?;
        }
        let txn = self.begin_write().await?;
        let row = invitations::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            email: Set(email.to_owned()),
            role: Set(role.as_str().to_owned()),
            organization_id: Set(organization_id),
            token_hash: Set(token_hash.to_owned()),
            invited_by: Set(invited_by),
            created_at: Set(self.now()),
            expires_at: Set(expires_at),
            accepted_at: Set(None),
            revoked_at: Set(None),
        }
        .insert(&txn)
        .await?;
        if let Some(job) = email_job {
            self.enqueue_job_in(&txn, job).await?;
        }
        txn.commit().await?;
        invitation(row)
    }

    /// The workspace's invitations, newest first.
    pub async fn invitations(&self, workspace_id: Uuid) -> StoreResult<Vec<Invitation>> {
        let rows = invitations::Entity::find()
            .filter(invitations::Column::WorkspaceId.eq(workspace_id))
            .order_by_desc(invitations::Column::CreatedAt)
            .order_by_desc(invitations::Column::Id)
            .all(&self.db)
            .await?;
        rows.into_iter().map(invitation).collect()
    }

    pub async fn workspace_invitation(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Invitation> {
        let row = invitations::Entity::find_by_id(id)
            .filter(invitations::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        invitation(row)
    }

    /// A new link (and expiry) for an invitation not yet accepted or revoked, and its e-mail
    /// queued with it; the old link stops working.
    pub async fn renew_invitation(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        email_job: Option<NewJob>,
    ) -> StoreResult<Invitation> {
        let txn = self.begin_write().await?;
        let renewed = invitations::Entity::update_many()
            .col_expr(invitations::Column::TokenHash, Expr::value(token_hash))
            .col_expr(invitations::Column::ExpiresAt, Expr::value(expires_at))
            .filter(invitations::Column::Id.eq(id))
            .filter(invitations::Column::WorkspaceId.eq(workspace_id))
            .filter(invitations::Column::AcceptedAt.is_null())
            .filter(invitations::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        if renewed.rows_affected == 0 {
            drop(txn);
            self.workspace_invitation(workspace_id, id).await?;
            return Err(StoreError::Conflict("this invitation was already accepted or revoked".into()));
        }
        if let Some(job) = email_job {
            self.enqueue_job_in(&txn, job).await?;
        }
        let row = invitations::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        invitation(row)
    }

    /// Withdraws an invitation not yet accepted: its link stops working.
    pub async fn revoke_invitation(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Invitation> {
        let txn = self.begin_write().await?;
        let revoked = invitations::Entity::update_many()
            .col_expr(invitations::Column::RevokedAt, Expr::value(self.now()))
            .filter(invitations::Column::Id.eq(id))
            .filter(invitations::Column::WorkspaceId.eq(workspace_id))
            .filter(invitations::Column::AcceptedAt.is_null())
            .filter(invitations::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        txn.commit().await?;
        let found = self.workspace_invitation(workspace_id, id).await?;
        if revoked.rows_affected == 0 {
            return Err(StoreError::Conflict("this invitation was already accepted or revoked".into()));
        }
        Ok(found)
    }

    /// The invitation behind a link, if it is still usable.
    pub async fn open_invitation(&self, token_hash: &str) -> StoreResult<Invitation> {
        let row = invitations::Entity::find()
            .filter(invitations::Column::TokenHash.eq(token_hash))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        if row.accepted_at.is_some() || row.revoked_at.is_some() || row.expires_at <= self.now() {
            return Err(StoreError::NotFound);
        }
        invitation(row)
    }

    /// Uses the invitation once: `user_id` joins the workspace with the invited role. The link is
    /// spent and the membership made together, or neither.
    pub async fn accept_invitation(&self, token_hash: &str, user_id: Uuid) -> StoreResult<Invitation> {
        let invitation = self.open_invitation(token_hash).await?;
        let txn = self.begin_write().await?;
        // The conditional update is what makes the link single-use under concurrency.
        let used = invitations::Entity::update_many()
            .col_expr(invitations::Column::AcceptedAt, Expr::value(self.now()))
            .filter(invitations::Column::Id.eq(invitation.id))
            .filter(invitations::Column::AcceptedAt.is_null())
            .filter(invitations::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        if used.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        let ws = invitation.workspace_id;
        let already = workspace_members::Entity::find()
            .filter(workspace_members::Column::WorkspaceId.eq(ws))
            .filter(workspace_members::Column::UserId.eq(user_id))
            .one(&txn)
            .await?
            .is_some();
        if !already {
            self.set_member_in(&txn, ws, user_id, invitation.role).await?;
        }
        if let Some(org) = invitation.organization_id {
            let mut organizations: Vec<Uuid> = organization_members::Entity::find()
                .select_only()
                .column(organization_members::Column::OrganizationId)
                .filter(organization_members::Column::WorkspaceId.eq(ws))
                .filter(organization_members::Column::UserId.eq(user_id))
                .into_tuple()
                .all(&txn)
                .await?;
            if !organizations.contains(&org) {
                organizations.push(org);
            }
            self.set_member_organizations_in(&txn, ws, user_id, &organizations).await?;
        }
        txn.commit().await?;
        Ok(invitation)
    }
}

fn invitation(row: invitations::Model) -> StoreResult<Invitation> {
    Ok(Invitation {
        id: row.id,
        workspace_id: row.workspace_id,
        role: stored("invitations.role", &row.role)?,
        email: row.email,
        organization_id: row.organization_id,
        invited_by: row.invited_by,
        created_at: row.created_at,
        expires_at: row.expires_at,
        accepted_at: row.accepted_at,
        revoked_at: row.revoked_at,
    })
}

/// Deletes every session of `user_id` but `keep`.
async fn end_sessions_in(conn: &impl ConnectionTrait, user_id: Uuid, keep: Option<&str>) -> StoreResult<u64> {
    let mut delete = sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        delete = delete.filter(sessions::Column::Id.ne(keep));
    }
    Ok(delete.exec(conn).await?.rows_affected)
}
