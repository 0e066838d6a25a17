//! What reminders need from the database: each person's notification settings and the day of
//! each partnership's last check-in. Which reminders are due is decided in
//! `rapport_core::reminder`; the reminder job lives in the binary.

use std::collections::HashMap;

use chrono::NaiveDate;
use rapport_core::kinds::ReminderKind;
use rapport_core::reminder::NotificationSettings;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use uuid::Uuid;

use crate::entities::*;
use crate::{Store, StoreError, StoreResult};

impl Store {
    /// A person's notification settings; the defaults until they change them.
    pub async fn notification_settings(&self, user_id: Uuid) -> StoreResult<NotificationSettings> {
        let Some(row) = notification_settings::Entity::find_by_id(user_id).one(&self.db).await? else {
            return Ok(NotificationSettings::default());
        };
        let kinds: Vec<String> = serde_json::from_value(row.muted_kinds)
            .map_err(|e| StoreError::Corrupt(format!("notification_settings.muted_kinds: {e}")))?;
        Ok(NotificationSettings {
            email_reminders: row.email_reminders,
            weekly_digest: row.weekly_digest,
            muted_until: row.muted_until,
            // A kind a later version dropped is simply no longer muted.
            muted_kinds: kinds.iter().filter_map(|k| k.parse::<ReminderKind>().ok()).collect(),
        })
    }

    pub async fn set_notification_settings(&self, user_id: Uuid, settings: &NotificationSettings) -> StoreResult<()> {
        let kinds: Vec<&str> = settings.muted_kinds.iter().map(|k| k.as_str()).collect();
        let row = notification_settings::ActiveModel {
            id: Set(user_id),
            email_reminders: Set(settings.email_reminders),
            weekly_digest: Set(settings.weekly_digest),
            muted_until: Set(settings.muted_until),
            muted_kinds: Set(serde_json::json!(kinds)),
            updated_at: Set(self.now()),
        };
        let txn = self.begin_write().await?;
        notification_settings::Entity::insert(row)
            .on_conflict(
                OnConflict::column(notification_settings::Column::Id)
                    .update_columns([
                        notification_settings::Column::EmailReminders,
                        notification_settings::Column::WeeklyDigest,
                        notification_settings::Column::MutedUntil,
                        notification_settings::Column::MutedKinds,
                        notification_settings::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The day of each partnership's latest check-in, for those that have one.
    pub async fn last_checkins(
        &self,
        workspace_id: Uuid,
        partnership_ids: &[Uuid],
    ) -> StoreResult<HashMap<Uuid, NaiveDate>> {
        let mut last = HashMap::new();
        for chunk in partnership_ids.chunks(500) {
            let rows: Vec<(Uuid, Option<NaiveDate>)> = checkins::Entity::find()
                .select_only()
                .column(checkins::Column::PartnershipId)
                .column_as(checkins::Column::HeldOn.max(), "last")
                .filter(checkins::Column::PartnershipId.is_in(chunk.to_vec()))
                .filter(checkins::Column::WorkspaceId.eq(workspace_id))
                .filter(checkins::Column::ArchivedAt.is_null())
                .group_by(checkins::Column::PartnershipId)
                .into_tuple()
                .all(&self.db)
                .await?;
            last.extend(rows.into_iter().filter_map(|(p, day)| Some((p, day?))));
        }
        Ok(last)
    }
}
