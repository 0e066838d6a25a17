//! Retrospectives and their items. Anonymous items follow the unlinkability rules of survey
//! answers (SPEC 4): no author, a random id, no time, and no activity-log entry; every item's id
//! is random, so the order items are listed in (by kind, then id) says nothing about who wrote
//! what or when.

use rapport_core::kinds::{ActivityAction, RecordKind};
use rapport_core::retrospective::{Retrospective, RetrospectiveItem, ValidItem, ValidRetrospective};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::convert::stored;
use crate::entities::*;
use crate::practices::Activity;
use crate::{Store, StoreError, StoreResult};

impl Store {
    pub async fn create_retrospective(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
        retro: &ValidRetrospective,
        by: Uuid,
    ) -> StoreResult<Retrospective> {
        let txn = self.begin_write().await?;
        self.partnership_in(&txn, workspace_id, partnership_id).await?;
        let row = retrospectives::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            partnership_id: Set(partnership_id),
            title: Set(retro.title.clone()),
            trigger: Set(retro.trigger.as_str().to_owned()),
            milestone_id: Set(retro.milestone_id),
            held_on: Set(retro.held_on),
            created_by: Set(by),
            created_at: Set(self.now()),
        }
        .insert(&txn)
        .await?;
        self.log_activity(
            &txn,
            workspace_id,
            Activity {
                by: Some(by),
                kind: RecordKind::Retrospective,
                id: row.id,
                partnership_id: Some(partnership_id),
                action: ActivityAction::Created,
                summary: "held a retrospective",
            },
        )
        .await?;
        txn.commit().await?;
        retrospective_of(row, Vec::new())
    }

    pub async fn retrospective(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Retrospective> {
        let row = retrospectives::Entity::find_by_id(id)
            .filter(retrospectives::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let items = self.retrospective_items(workspace_id, &[id]).await?;
        retrospective_of(row, items)
    }

    /// A partnership's retrospectives, most recent first.
    pub async fn retrospectives(&self, workspace_id: Uuid, partnership_id: Uuid) -> StoreResult<Vec<Retrospective>> {
        let rows = retrospectives::Entity::find()
            .filter(retrospectives::Column::WorkspaceId.eq(workspace_id))
            .filter(retrospectives::Column::PartnershipId.eq(partnership_id))
            .order_by_desc(retrospectives::Column::HeldOn)
            .order_by_desc(retrospectives::Column::Id)
            .all(&self.db)
            .await?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut items = self.retrospective_items(workspace_id, &ids).await?;
        rows.into_iter()
            .map(|row| {
                let (mine, rest): (Vec<_>, Vec<_>) =
                    std::mem::take(&mut items).into_iter().partition(|(retro, _)| *retro == row.id);
                items = rest;
                retrospective_of(row, mine)
            })
            .collect()
    }

    async fn retrospective_items(
        &self,
        workspace_id: Uuid,
        ids: &[Uuid],
    ) -> StoreResult<Vec<(Uuid, RetrospectiveItem)>> {
        retrospective_items::Entity::find()
            .filter(retrospective_items::Column::WorkspaceId.eq(workspace_id))
            .filter(retrospective_items::Column::RetrospectiveId.is_in(ids.to_vec()))
            .order_by_asc(retrospective_items::Column::Kind)
            .order_by_asc(retrospective_items::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| {
                Ok((
                    row.retrospective_id,
                    RetrospectiveItem {
                        id: row.id,
                        kind: stored("retrospective_items.kind", &row.kind)?,
                        text: row.text,
                        anonymous: row.author_user_id.is_none(),
                        author_user_id: row.author_user_id,
                        commitment_id: row.commitment_id,
                    },
                ))
            })
            .collect()
    }

    /// Adds an item; a follow-up action becomes a commitment in the same transaction.
    pub async fn add_retrospective_item(
        &self,
        workspace_id: Uuid,
        retrospective_id: Uuid,
        item: &ValidItem,
        by: Uuid,
    ) -> StoreResult<RetrospectiveItem> {
        let txn = self.begin_write().await?;
        let retro = retrospectives::Entity::find_by_id(retrospective_id)
            .filter(retrospectives::Column::WorkspaceId.eq(workspace_id))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let author = (!item.anonymous).then_some(by);
        let commitment_id = match item.follow_up_commitment(self.today()) {
            Some(promise) => {
                // The promise is the organisation's; an anonymous author stays unnamed here too.
                Some(
                    self.insert_commitment(&txn, workspace_id, retro.partnership_id, &promise, None, author)
                        .await?
                        .row
                        .id,
                )
            }
            None => None,
        };
        let row = retrospective_items::ActiveModel {
            id: Set(Uuid::new_v4()),
            workspace_id: Set(workspace_id),
            retrospective_id: Set(retrospective_id),
            kind: Set(item.kind.as_str().to_owned()),
            text: Set(item.text.clone()),
            author_user_id: Set(author),
            commitment_id: Set(commitment_id),
        }
        .insert(&txn)
        .await?;
        if !item.anonymous {
            let summary = format!("added \u{201c}{}\u{201d} to a retrospective", item.kind.label().to_lowercase());
            self.log_activity(
                &txn,
                workspace_id,
                Activity {
                    by: Some(by),
                    kind: RecordKind::Retrospective,
                    id: retrospective_id,
                    partnership_id: Some(retro.partnership_id),
                    action: ActivityAction::Changed,
                    summary: &summary,
                },
            )
            .await?;
        }
        if commitment_id.is_some() {
            self.refresh_trust_in(&txn, workspace_id, &[retro.partnership_id]).await?;
        }
        txn.commit().await?;
        Ok(RetrospectiveItem {
            id: row.id,
            kind: item.kind,
            text: row.text,
            author_user_id: author,
            anonymous: item.anonymous,
            commitment_id,
        })
    }
}

fn retrospective_of(row: retrospectives::Model, items: Vec<(Uuid, RetrospectiveItem)>) -> StoreResult<Retrospective> {
    Ok(Retrospective {
        id: row.id,
        partnership_id: row.partnership_id,
        title: row.title,
        trigger: stored("retrospectives.trigger", &row.trigger)?,
        milestone_id: row.milestone_id,
        held_on: row.held_on,
        created_by: row.created_by,
        created_at: row.created_at,
        items: items.into_iter().map(|(_, item)| item).collect(),
    })
}
