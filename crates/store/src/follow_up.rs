//! Contact follow-up: who keeps in touch with each contact, the log of each time they were in
//! touch, and the contacts whose follow-up is overdue. Logging a contact resets its clock by
//! moving `contacts.last_contacted_on` forward, never back.

use chrono::NaiveDate;
use rapport_core::ValidationErrors;
use rapport_core::records::{Contact, ContactNote, ValidCheckIn, ValidContactNote};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

use crate::convert;
use crate::entities::*;
use crate::{Store, StoreError, StoreResult};

/// How many notes a contact's log shows, newest first.
const NOTES_SHOWN: u64 = 50;

impl Store {
    /// Logs that someone was in touch with a contact, and resets its follow-up clock.
    pub async fn log_contact(
        &self,
        workspace_id: Uuid,
        contact_id: Uuid,
        note: &ValidContactNote,
        by: Option<Uuid>,
    ) -> StoreResult<ContactNote> {
        let txn = self.begin_write().await?;
        let row = self.insert_contact_note(&txn, workspace_id, contact_id, note, None, by).await?;
        txn.commit().await?;
        Ok(convert::contact_note(row))
    }

    /// The contact's log, newest first.
    pub async fn contact_notes(&self, workspace_id: Uuid, contact_id: Uuid) -> StoreResult<Vec<ContactNote>> {
        let rows = contact_notes::Entity::find()
            .filter(contact_notes::Column::WorkspaceId.eq(workspace_id))
            .filter(contact_notes::Column::ContactId.eq(contact_id))
            .order_by_desc(contact_notes::Column::NotedOn)
            .order_by_desc(contact_notes::Column::Id)
            .limit(NOTES_SHOWN)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(convert::contact_note).collect())
    }

    /// Contacts `user_id` keeps in touch with whose follow-up is overdue on `today`, longest
    /// overdue first, each with its organisation's name. Archived contacts and organisations
    /// are left out.
    pub async fn overdue_follow_ups(
        &self,
        workspace_id: Uuid,
        user_id: Uuid,
        today: NaiveDate,
    ) -> StoreResult<Vec<(Contact, String)>> {
        let rows = contacts::Entity::find()
            .filter(contacts::Column::WorkspaceId.eq(workspace_id))
            .filter(contacts::Column::OwnerUserId.eq(user_id))
            .filter(contacts::Column::FollowUpDays.is_not_null())
            .filter(contacts::Column::ArchivedAt.is_null())
            .all(&self.db)
            .await?;
        let overdue: Vec<Contact> =
            rows.into_iter().map(convert::contact).filter(|c| c.follow_up_overdue(today)).collect();
        let names: std::collections::HashMap<Uuid, String> = organizations::Entity::find()
            .select_only()
            .column(organizations::Column::Id)
            .column(organizations::Column::Name)
            .filter(organizations::Column::WorkspaceId.eq(workspace_id))
            .filter(organizations::Column::ArchivedAt.is_null())
            .filter(organizations::Column::Id.is_in(overdue.iter().map(|c| c.organization_id).collect::<Vec<_>>()))
            .into_tuple::<(Uuid, String)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let mut found: Vec<(Contact, String)> =
            overdue.into_iter().filter_map(|c| names.get(&c.organization_id).cloned().map(|name| (c, name))).collect();
        found.sort_by_key(|(c, _)| (c.last_contacted_on, c.follow_up_days, c.id));
        found.sort_by_key(|(c, _)| c.follow_up_due(today));
        Ok(found)
    }

    /// Logs each contact the check-in names as met at it, inside the check-in's transaction.
    /// Each must be a contact of one of the partnership's member organisations; otherwise
    /// nothing is written and the offending positions are named.
    pub(crate) async fn log_checkin_contacts(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        partnership_id: Uuid,
        checkin_id: Uuid,
        checkin: &ValidCheckIn,
        by: Option<Uuid>,
    ) -> StoreResult<()> {
        let contact_ids = &checkin.attendee_contact_ids;
        if contact_ids.is_empty() {
            return Ok(());
        }
        let members: Vec<Uuid> = partnership_members::Entity::find()
            .select_only()
            .column(partnership_members::Column::OrganizationId)
            .filter(partnership_members::Column::PartnershipId.eq(partnership_id))
            .into_tuple()
            .all(conn)
            .await?;
        let partnership_name: String = partnerships::Entity::find_by_id(partnership_id)
            .select_only()
            .column(partnerships::Column::Name)
            .into_tuple()
            .one(conn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let known: Vec<(Uuid, Uuid)> = contacts::Entity::find()
            .select_only()
            .column(contacts::Column::Id)
            .column(contacts::Column::OrganizationId)
            .filter(contacts::Column::WorkspaceId.eq(workspace_id))
            .filter(contacts::Column::Id.is_in(contact_ids.clone()))
            .filter(contacts::Column::ArchivedAt.is_null())
            .into_tuple()
            .all(conn)
            .await?;
        let mut errors = ValidationErrors::new();
        for (i, id) in contact_ids.iter().enumerate() {
            if !known.iter().any(|(contact, org)| contact == id && members.contains(org)) {
                errors.add(
                    format!("attendee_contact_ids[{i}]"),
                    "must be a contact of a member organisation of this partnership",
                );
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let note = checkin.contact_note(&partnership_name);
        let mut once = contact_ids.clone();
        once.sort();
        once.dedup();
        for id in once {
            self.insert_contact_note(conn, workspace_id, id, &note, Some(checkin_id), by).await?;
        }
        Ok(())
    }

    async fn insert_contact_note(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        contact_id: Uuid,
        note: &ValidContactNote,
        checkin_id: Option<Uuid>,
        by: Option<Uuid>,
    ) -> StoreResult<contact_notes::Model> {
        contacts::Entity::find_by_id(contact_id)
            .filter(contacts::Column::WorkspaceId.eq(workspace_id))
            .one(conn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let row = contact_notes::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            contact_id: Set(contact_id),
            noted_on: Set(note.noted_on),
            note: Set(note.note.clone()),
            checkin_id: Set(checkin_id),
            author_user_id: Set(by),
            created_at: Set(self.now()),
        }
        .insert(conn)
        .await?;
        // Forward only: logging an old conversation must not make a recent one look older.
        contacts::Entity::update_many()
            .col_expr(contacts::Column::LastContactedOn, Expr::value(note.noted_on))
            .filter(contacts::Column::Id.eq(contact_id))
            .filter(contacts::Column::WorkspaceId.eq(workspace_id))
            .filter(
                Condition::any()
                    .add(contacts::Column::LastContactedOn.is_null())
                    .add(contacts::Column::LastContactedOn.lt(note.noted_on)),
            )
            .exec(conn)
            .await?;
        Ok(row)
    }
}
