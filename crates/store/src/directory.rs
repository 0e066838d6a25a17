//! Organisations, their contacts, and partnerships with their members and shared vision.

use rapport_core::ValidationErrors;
use rapport_core::access::Viewer;
use rapport_core::records::{
    Contact, Organization, Partnership, PartnershipMember, ValidContact, ValidOrganization, ValidPartnership,
    VisionRevision,
};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::convert::{self, json_list, stored};
use crate::entities::*;
use crate::rows::{OneRow, if_version, set_archived};
use crate::{Page, PageRequest, Reading, Store, StoreError, StoreResult, into_page};

impl Store {
    pub async fn create_organization(&self, workspace_id: Uuid, org: &ValidOrganization) -> StoreResult<Organization> {
        let txn = self.begin_write().await?;
        let row = self.insert_organization(&txn, workspace_id, org).await?;
        txn.commit().await?;
        convert::organization(row)
    }

    /// Writes an organisation inside `conn`'s transaction.
    pub(crate) async fn insert_organization(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        org: &ValidOrganization,
    ) -> StoreResult<organizations::Model> {
        let now = self.now();
        // A new organisation is a new node of the network.
        self.network_changed_in(conn, workspace_id).await?;
        let row = organizations::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            name: Set(org.name.clone()),
            kind: Set(org.kind.as_str().to_owned()),
            mission: Set(org.mission.clone()),
            focus_areas: Set(json_list(&org.focus_areas)),
            website: Set(org.website.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            archived_at: Set(None),
            version: Set(1),
        }
        .insert(conn)
        .await?;
        self.index_focus_areas(conn, workspace_id, row.id, Some(&org.focus_areas)).await?;
        Ok(row)
    }

    pub async fn organization(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Organization> {
        let row = organizations::Entity::find_by_id(id)
            .filter(organizations::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        convert::organization(row)
    }

    pub async fn organizations(&self, workspace_id: Uuid, page: PageRequest) -> StoreResult<Page<Organization>> {
        let mut query = organizations::Entity::find().filter(organizations::Column::WorkspaceId.eq(workspace_id));
        if let Some(after) = page.after {
            query = query.filter(organizations::Column::Id.gt(after));
        }
        if !page.include_archived {
            query = query.filter(organizations::Column::ArchivedAt.is_null());
        }
        let rows = query.order_by_asc(organizations::Column::Id).limit(page.limit + 1).all(&self.db).await?;
        let items = rows.into_iter().map(convert::organization).collect::<StoreResult<Vec<_>>>()?;
        Ok(into_page(items, page.limit, |o| o.id))
    }

    /// Every live organisation of the workspace, by name, for pickers and directories.
    pub async fn organization_directory(&self, workspace_id: Uuid) -> StoreResult<Vec<Organization>> {
        let rows = organizations::Entity::find()
            .filter(organizations::Column::WorkspaceId.eq(workspace_id))
            .filter(organizations::Column::ArchivedAt.is_null())
            .order_by_asc(organizations::Column::Name)
            .order_by_asc(organizations::Column::Id)
            .all(&self.db)
            .await?;
        self.count_organization_rows(rows.len());
        rows.into_iter().map(convert::organization).collect()
    }

    /// Replaces an organisation's fields; `expected_version` guards against lost updates.
    pub async fn update_organization(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        org: &ValidOrganization,
        expected_version: Option<i32>,
    ) -> StoreResult<Organization> {
        let current = self.organization(workspace_id, id).await?;
        let txn = self.begin_write().await?;
        let result = organizations::Entity::update_many()
            .col_expr(organizations::Column::Name, Expr::value(org.name.clone()))
            .col_expr(organizations::Column::Kind, Expr::value(org.kind.as_str()))
            .col_expr(organizations::Column::Mission, Expr::value(org.mission.clone()))
            .col_expr(organizations::Column::FocusAreas, Expr::value(json_list(&org.focus_areas)))
            .col_expr(organizations::Column::Website, Expr::value(org.website.clone()))
            .col_expr(organizations::Column::UpdatedAt, Expr::value(self.now()))
            .col_expr(organizations::Column::Version, Expr::col(organizations::Column::Version).add(1))
            .filter(organizations::Column::Id.eq(id))
            .filter(organizations::Column::WorkspaceId.eq(workspace_id))
            .filter(if_version(organizations::Column::Version, expected_version))
            .exec(&txn)
            .await?;
        result.one_row_or(StoreError::Stale)?;
        let live = current.archived_at.is_none().then_some(org.focus_areas.as_slice());
        self.index_focus_areas(&txn, workspace_id, id, live).await?;
        txn.commit().await?;
        self.organization(workspace_id, id).await
    }

    /// Archives (`archived = true`) or restores an organisation.
    pub async fn archive_organization(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        archived: bool,
    ) -> StoreResult<Organization> {
        let stamp = archived.then(|| self.now());
        let current = self.organization(workspace_id, id).await?;
        let txn = self.begin_write().await?;
        set_archived::<organizations::Entity>(&txn, workspace_id, id, stamp).await?;
        let live = (!archived).then_some(current.focus_areas.as_slice());
        self.index_focus_areas(&txn, workspace_id, id, live).await?;
        self.network_changed_in(&txn, workspace_id).await?;
        txn.commit().await?;
        self.organization(workspace_id, id).await
    }

    /// Which of `ids` are organisations of this workspace.
    pub(crate) async fn organization_ids_in(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        ids: &[Uuid],
    ) -> StoreResult<Vec<Uuid>> {
        let rows = organizations::Entity::find()
            .select_only()
            .column(organizations::Column::Id)
            .filter(organizations::Column::WorkspaceId.eq(workspace_id))
            .filter(organizations::Column::Id.is_in(ids.to_vec()))
            .into_tuple::<Uuid>()
            .all(conn)
            .await?;
        Ok(rows)
    }

    pub async fn create_contact(
        &self,
        workspace_id: Uuid,
        organization_id: Uuid,
        contact: &ValidContact,
    ) -> StoreResult<Contact> {
        self.organization(workspace_id, organization_id).await?;
        let txn = self.begin_write().await?;
        let row = self.insert_contact(&txn, workspace_id, organization_id, contact).await?;
        txn.commit().await?;
        Ok(convert::contact(row))
    }

    /// Writes a contact of an organisation inside `conn`'s transaction; the caller has checked
    /// that the organisation is the workspace's.
    pub(crate) async fn insert_contact(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        organization_id: Uuid,
        contact: &ValidContact,
    ) -> StoreResult<contacts::Model> {
        Ok(contacts::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            organization_id: Set(organization_id),
            name: Set(contact.name.clone()),
            role: Set(contact.role.clone()),
            email: Set(contact.email.clone()),
            phone: Set(contact.phone.clone()),
            last_contacted_on: Set(contact.last_contacted_on),
            follow_up_days: Set(contact.follow_up_days),
            owner_user_id: Set(contact.owner_user_id),
            archived_at: Set(None),
            version: Set(1),
        }
        .insert(conn)
        .await?)
    }

    pub async fn contacts(&self, workspace_id: Uuid, organization_id: Uuid) -> StoreResult<Vec<Contact>> {
        let rows = contacts::Entity::find()
            .filter(contacts::Column::WorkspaceId.eq(workspace_id))
            .filter(contacts::Column::OrganizationId.eq(organization_id))
            .filter(contacts::Column::ArchivedAt.is_null())
            .order_by_asc(contacts::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(convert::contact).collect())
    }

    /// Every live contact of the workspace, for an import to spot people already there.
    pub async fn workspace_contacts(&self, workspace_id: Uuid) -> StoreResult<Vec<Contact>> {
        let rows = contacts::Entity::find()
            .filter(contacts::Column::WorkspaceId.eq(workspace_id))
            .filter(contacts::Column::ArchivedAt.is_null())
            .order_by_asc(contacts::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(convert::contact).collect())
    }

    pub async fn contact(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Contact> {
        contacts::Entity::find_by_id(id)
            .filter(contacts::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .map(convert::contact)
            .ok_or(StoreError::NotFound)
    }

    pub async fn update_contact(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        contact: &ValidContact,
        expected_version: Option<i32>,
    ) -> StoreResult<Contact> {
        self.contact(workspace_id, id).await?;
        let txn = self.begin_write().await?;
        let result = contacts::Entity::update_many()
            .col_expr(contacts::Column::Name, Expr::value(contact.name.clone()))
            .col_expr(contacts::Column::Role, Expr::value(contact.role.clone()))
            .col_expr(contacts::Column::Email, Expr::value(contact.email.clone()))
            .col_expr(contacts::Column::Phone, Expr::value(contact.phone.clone()))
            .col_expr(contacts::Column::LastContactedOn, Expr::value(contact.last_contacted_on))
            .col_expr(contacts::Column::FollowUpDays, Expr::value(contact.follow_up_days))
            .col_expr(contacts::Column::OwnerUserId, Expr::value(contact.owner_user_id))
            .col_expr(contacts::Column::Version, Expr::col(contacts::Column::Version).add(1))
            .filter(contacts::Column::Id.eq(id))
            .filter(contacts::Column::WorkspaceId.eq(workspace_id))
            .filter(if_version(contacts::Column::Version, expected_version))
            .exec(&txn)
            .await?;
        result.one_row_or(StoreError::Stale)?;
        txn.commit().await?;
        self.contact(workspace_id, id).await
    }

    pub async fn archive_contact(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        set_archived::<contacts::Entity>(&txn, workspace_id, id, Some(self.now())).await?;
        Ok(txn.commit().await?)
    }

    async fn check_members(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        partnership: &ValidPartnership,
    ) -> StoreResult<()> {
        let ids: Vec<Uuid> = partnership.members.iter().map(|(id, _)| *id).collect();
        let known = self.organization_ids_in(conn, workspace_id, &ids).await?;
        let mut errors = ValidationErrors::new();
        for (i, id) in ids.iter().enumerate() {
            if !known.contains(id) {
                errors.add(format!("members[{i}].organization_id"), "no such organisation in this workspace");
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(StoreError::Invalid(errors)) }
    }

    async fn write_members(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        partnership_id: Uuid,
        members: &[(Uuid, Option<String>)],
    ) -> StoreResult<()> {
        partnership_members::Entity::delete_many()
            .filter(partnership_members::Column::PartnershipId.eq(partnership_id))
            .exec(conn)
            .await?;
        for (organization_id, role) in members {
            partnership_members::ActiveModel {
                id: Set(Uuid::now_v7()),
                workspace_id: Set(workspace_id),
                partnership_id: Set(partnership_id),
                organization_id: Set(*organization_id),
                role: Set(role.clone()),
            }
            .insert(conn)
            .await?;
        }
        Ok(())
    }

    async fn record_vision(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        partnership_id: Uuid,
        vision: Option<String>,
        by: Option<Uuid>,
    ) -> StoreResult<()> {
        vision_revisions::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            partnership_id: Set(partnership_id),
            vision: Set(vision),
            revised_by: Set(by),
            revised_at: Set(self.now()),
        }
        .insert(conn)
        .await?;
        Ok(())
    }

    pub async fn create_partnership(
        &self,
        workspace_id: Uuid,
        partnership: &ValidPartnership,
        by: Option<Uuid>,
    ) -> StoreResult<Partnership> {
        let txn = self.begin_write().await?;
        self.check_members(&txn, workspace_id, partnership).await?;
        let id = self.insert_partnership(&txn, workspace_id, partnership, by).await?;
        txn.commit().await?;
        self.partnership(workspace_id, id).await
    }

    /// Writes a partnership, its members and its first vision revision inside `conn`'s
    /// transaction; the caller has checked the members.
    pub(crate) async fn insert_partnership(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        partnership: &ValidPartnership,
        by: Option<Uuid>,
    ) -> StoreResult<Uuid> {
        let now = self.now();
        let row = partnerships::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            name: Set(partnership.name.clone()),
            kind: Set(partnership.kind.as_str().to_owned()),
            status: Set(partnership.status.as_str().to_owned()),
            cadence: Set(partnership.cadence.as_str().to_owned()),
            vision: Set(partnership.vision.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            archived_at: Set(None),
            version: Set(1),
            started_on: Set(Some(partnership.started_on.unwrap_or_else(|| self.today()))),
        }
        .insert(conn)
        .await?;
        self.write_members(conn, workspace_id, row.id, &partnership.members).await?;
        self.network_changed_in(conn, workspace_id).await?;
        if partnership.vision.is_some() {
            self.record_vision(conn, workspace_id, row.id, partnership.vision.clone(), by).await?;
        }
        Ok(row.id)
    }

    pub async fn partnership(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Partnership> {
        Ok(self.partnership_read(workspace_id, id).await?.0)
    }

    /// The partnership with its members, and a reading of its stamp taken in the same query:
    /// every page and health request starts here, so one round trip serves both.
    pub async fn partnership_read(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<(Partnership, Reading)> {
        let on = self.today();
        let health = partnerships::Entity::belongs_to(partnership_health::Entity)
            .from(partnerships::Column::Id)
            .to(partnership_health::Column::Id)
            .into();
        let members = partnerships::Entity::belongs_to(partnership_members::Entity)
            .from(partnerships::Column::Id)
            .to(partnership_members::Column::PartnershipId)
            .into();
        let organization = partnership_members::Entity::belongs_to(organizations::Entity)
            .from(partnership_members::Column::OrganizationId)
            .to(organizations::Column::Id)
            .into();
        let rows: Vec<PartnershipRow> = partnerships::Entity::find_by_id(id)
            .filter(partnerships::Column::WorkspaceId.eq(workspace_id))
            .column_as(partnership_health::Column::Stamp, "stamp")
            .column_as(partnership_members::Column::OrganizationId, "member_id")
            .column_as(partnership_members::Column::Role, "member_role")
            .column_as(organizations::Column::Name, "member_name")
            .join(JoinType::LeftJoin, health)
            .join(JoinType::LeftJoin, members)
            .join(JoinType::LeftJoin, organization)
            .order_by_asc(partnership_members::Column::Id)
            .into_model()
            .all(&self.db)
            .await?;
        let Some(first) = rows.first() else { return Err(StoreError::NotFound) };
        let (row, stamp) = (first.partnership.clone(), first.stamp);
        let members = rows
            .into_iter()
            .filter_map(|r| {
                Some(PartnershipMember {
                    organization_id: r.member_id?,
                    organization_name: r.member_name?,
                    role: r.member_role,
                })
            })
            .collect();
        Ok((partnership(row, members)?, Reading::new(id, stamp, on)))
    }

    /// The partnership if `viewer` may see it; otherwise `NotFound`, so existence is not revealed.
    pub async fn visible_partnership(&self, viewer: &Viewer, id: Uuid) -> StoreResult<Partnership> {
        Ok(self.visible_partnership_read(viewer, id).await?.0)
    }

    /// [`Store::partnership_read`] if `viewer` may see the partnership; otherwise `NotFound`.
    pub async fn visible_partnership_read(&self, viewer: &Viewer, id: Uuid) -> StoreResult<(Partnership, Reading)> {
        let (partnership, reading) = self.partnership_read(viewer.workspace_id, id).await?;
        if viewer.sees_partnership(&partnership.member_ids()) {
            Ok((partnership, reading))
        } else {
            Err(StoreError::NotFound)
        }
    }

    /// The partnerships `viewer` may see; `organization` narrows to one member organisation.
    pub async fn partnerships(
        &self,
        viewer: &Viewer,
        organization: Option<Uuid>,
        page: PageRequest,
    ) -> StoreResult<Page<Partnership>> {
        let mut query = partnerships::Entity::find().filter(partnerships::Column::WorkspaceId.eq(viewer.workspace_id));
        if !viewer.sees_whole_workspace() {
            query = query.filter(
                partnerships::Column::Id.in_subquery(
                    Query::select()
                        .column(partnership_members::Column::PartnershipId)
                        .from(partnership_members::Entity)
                        .and_where(partnership_members::Column::OrganizationId.is_in(viewer.organizations.clone()))
                        .to_owned(),
                ),
            );
        }
        if let Some(org) = organization {
            query = query.filter(
                partnerships::Column::Id.in_subquery(
                    Query::select()
                        .column(partnership_members::Column::PartnershipId)
                        .from(partnership_members::Entity)
                        .and_where(partnership_members::Column::OrganizationId.eq(org))
                        .to_owned(),
                ),
            );
        }
        if let Some(after) = page.after {
            query = query.filter(partnerships::Column::Id.gt(after));
        }
        if !page.include_archived {
            query = query.filter(partnerships::Column::ArchivedAt.is_null());
        }
        let rows = query.order_by_asc(partnerships::Column::Id).limit(page.limit + 1).all(&self.db).await?;
        let items = self.with_members(&self.db, rows).await?;
        Ok(into_page(items, page.limit, |p| p.id))
    }

    /// The partnerships with these ids in the workspace (archived ones included), in id order.
    pub(crate) async fn partnerships_by_id(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        ids: &[Uuid],
    ) -> StoreResult<Vec<Partnership>> {
        let rows = partnerships::Entity::find()
            .filter(partnerships::Column::WorkspaceId.eq(workspace_id))
            .filter(partnerships::Column::Id.is_in(ids.to_vec()))
            .order_by_asc(partnerships::Column::Id)
            .all(conn)
            .await?;
        self.with_members(conn, rows).await
    }

    async fn with_members(
        &self,
        conn: &impl ConnectionTrait,
        rows: Vec<partnerships::Model>,
    ) -> StoreResult<Vec<Partnership>> {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let organization = partnership_members::Entity::belongs_to(organizations::Entity)
            .from(partnership_members::Column::OrganizationId)
            .to(organizations::Column::Id)
            .into();
        let members: Vec<(Uuid, Uuid, Option<String>, String)> = partnership_members::Entity::find()
            .select_only()
            .column(partnership_members::Column::PartnershipId)
            .column(partnership_members::Column::OrganizationId)
            .column(partnership_members::Column::Role)
            .column(organizations::Column::Name)
            .join(JoinType::InnerJoin, organization)
            .filter(partnership_members::Column::PartnershipId.is_in(ids))
            .order_by_asc(partnership_members::Column::Id)
            .into_tuple()
            .all(conn)
            .await?;
        rows.into_iter()
            .map(|row| {
                let members = members
                    .iter()
                    .filter(|(partnership, ..)| *partnership == row.id)
                    .map(|(_, organization_id, role, name)| PartnershipMember {
                        organization_id: *organization_id,
                        organization_name: name.clone(),
                        role: role.clone(),
                    })
                    .collect();
                partnership(row, members)
            })
            .collect()
    }

    /// Replaces a partnership's fields and members; a changed vision is kept in its history.
    pub async fn update_partnership(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        partnership: &ValidPartnership,
        expected_version: Option<i32>,
        by: Option<Uuid>,
    ) -> StoreResult<Partnership> {
        let txn = self.begin_write().await?;
        let mut query = partnerships::Entity::find_by_id(id).filter(partnerships::Column::WorkspaceId.eq(workspace_id));
        if self.backend() == sea_orm::DbBackend::Postgres {
            // Concurrent editors wait their turn instead of failing the version check below.
            query = query.lock_exclusive();
        }
        let current = query.one(&txn).await?.ok_or(StoreError::NotFound)?;
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(StoreError::Stale);
        }
        self.check_members(&txn, workspace_id, partnership).await?;
        let result = partnerships::Entity::update_many()
            .col_expr(partnerships::Column::Name, Expr::value(partnership.name.clone()))
            .col_expr(partnerships::Column::Kind, Expr::value(partnership.kind.as_str()))
            .col_expr(partnerships::Column::Status, Expr::value(partnership.status.as_str()))
            .col_expr(partnerships::Column::Cadence, Expr::value(partnership.cadence.as_str()))
            .col_expr(partnerships::Column::Vision, Expr::value(partnership.vision.clone()))
            .col_expr(partnerships::Column::StartedOn, Expr::value(partnership.started_on.or(current.started_on)))
            .col_expr(partnerships::Column::UpdatedAt, Expr::value(self.now()))
            .col_expr(partnerships::Column::Version, Expr::value(current.version + 1))
            .filter(partnerships::Column::Id.eq(id))
            .filter(partnerships::Column::Version.eq(current.version))
            .exec(&txn)
            .await?;
        result.one_row_or(StoreError::Stale)?;
        // Read inside the transaction: a second pooled connection while holding the write lock
        // can starve the pool when many writers queue behind it.
        let members_before: Vec<Uuid> = partnership_members::Entity::find()
            .filter(partnership_members::Column::PartnershipId.eq(id))
            .order_by_asc(partnership_members::Column::Id)
            .all(&txn)
            .await?
            .into_iter()
            .map(|m| m.organization_id)
            .collect();
        self.write_members(&txn, workspace_id, id, &partnership.members).await?;
        let members_after: Vec<Uuid> = partnership.members.iter().map(|(org, _)| *org).collect();
        if members_before != members_after {
            self.rekey_partnership(&txn, workspace_id, id, &members_before, &members_after).await?;
        }
        if current.vision != partnership.vision {
            self.record_vision(&txn, workspace_id, id, partnership.vision.clone(), by).await?;
        }
        self.refresh_trust_in(&txn, workspace_id, &[id]).await?;
        // Members, kind or status (an ended partnership is no tie) may have changed.
        self.network_changed_in(&txn, workspace_id).await?;
        txn.commit().await?;
        self.partnership(workspace_id, id).await
    }

    pub async fn archive_partnership(&self, workspace_id: Uuid, id: Uuid, archived: bool) -> StoreResult<Partnership> {
        let stamp = archived.then(|| self.now());
        let txn = self.begin_write().await?;
        set_archived::<partnerships::Entity>(&txn, workspace_id, id, stamp).await?;
        self.refresh_trust_in(&txn, workspace_id, &[id]).await?;
        self.network_changed_in(&txn, workspace_id).await?;
        txn.commit().await?;
        self.partnership(workspace_id, id).await
    }

    pub async fn vision_history(&self, workspace_id: Uuid, partnership_id: Uuid) -> StoreResult<Vec<VisionRevision>> {
        let rows = vision_revisions::Entity::find()
            .filter(vision_revisions::Column::WorkspaceId.eq(workspace_id))
            .filter(vision_revisions::Column::PartnershipId.eq(partnership_id))
            .order_by_desc(vision_revisions::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| VisionRevision { id: r.id, vision: r.vision, revised_by: r.revised_by, revised_at: r.revised_at })
            .collect())
    }
}

/// A partnership's row with its stamp and one of its members (none when it has no members).
#[derive(FromQueryResult)]
struct PartnershipRow {
    #[sea_orm(nested)]
    partnership: partnerships::Model,
    stamp: Option<Uuid>,
    member_id: Option<Uuid>,
    member_role: Option<String>,
    member_name: Option<String>,
}

fn partnership(row: partnerships::Model, members: Vec<PartnershipMember>) -> StoreResult<Partnership> {
    Ok(Partnership {
        id: row.id,
        kind: stored("partnerships.kind", &row.kind)?,
        status: stored("partnerships.status", &row.status)?,
        cadence: stored("partnerships.cadence", &row.cadence)?,
        name: row.name,
        vision: row.vision,
        members,
        started_on: row.started_on.unwrap_or_else(|| row.created_at.date_naive()),
        created_at: row.created_at,
        updated_at: row.updated_at,
        archived_at: row.archived_at,
        version: row.version,
    })
}
