//! Links to documents (issue 26) on partnerships, goals, check-ins, commitments and
//! retrospectives, in one table. The app checks who may see and change the record first; every
//! method here takes the workspace, so no link reaches another workspace's record.

use rapport_core::kinds::{ActivityAction, RecordKind};
use rapport_core::links::{DocumentLink, LinkedKind, ValidLink};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::convert::stored;
use crate::entities::*;
use crate::practices::Activity;
use crate::rows::OneRow;
use crate::{Store, StoreError, StoreResult};

fn link_row(row: document_links::Model) -> StoreResult<DocumentLink> {
    Ok(DocumentLink {
        id: row.id,
        record_kind: stored("document_links.record_kind", &row.record_kind)?,
        record_id: row.record_id,
        partnership_id: row.partnership_id,
        title: row.title,
        url: row.url,
        created_by: row.created_by,
        created_at: row.created_at,
    })
}

/// The activity log's word for a linked record.
fn record_kind(kind: LinkedKind) -> Option<RecordKind> {
    match kind {
        LinkedKind::Partnership => None,
        LinkedKind::Goal => Some(RecordKind::Goal),
        LinkedKind::CheckIn => Some(RecordKind::CheckIn),
        LinkedKind::Commitment => Some(RecordKind::Commitment),
        LinkedKind::Retrospective => Some(RecordKind::Retrospective),
    }
}

impl Store {
    /// The links on one record, oldest first.
    pub async fn links(&self, workspace_id: Uuid, record_id: Uuid) -> StoreResult<Vec<DocumentLink>> {
        document_links::Entity::find()
            .filter(document_links::Column::WorkspaceId.eq(workspace_id))
            .filter(document_links::Column::RecordId.eq(record_id))
            .order_by_asc(document_links::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(link_row)
            .collect()
    }

    pub async fn link(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<DocumentLink> {
        let row = document_links::Entity::find_by_id(id)
            .filter(document_links::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        link_row(row)
    }

    /// Adds a link to a record of `partnership_id` (the caller found the record there), with its
    /// line in the activity log; a conflict past `max` links on the record.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_link(
        &self,
        workspace_id: Uuid,
        kind: LinkedKind,
        record_id: Uuid,
        partnership_id: Uuid,
        link: &ValidLink,
        max: usize,
        by: Option<Uuid>,
    ) -> StoreResult<DocumentLink> {
        let txn = self.begin_write().await?;
        self.partnership_in(&txn, workspace_id, partnership_id).await?;
        let count = document_links::Entity::find()
            .filter(document_links::Column::WorkspaceId.eq(workspace_id))
            .filter(document_links::Column::RecordId.eq(record_id))
            .count(&txn)
            .await?;
        if count >= max as u64 {
            return Err(StoreError::Conflict(format!("a record holds at most {max} links: remove one first")));
        }
        let row = document_links::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            record_kind: Set(kind.as_str().to_owned()),
            record_id: Set(record_id),
            partnership_id: Set(partnership_id),
            title: Set(link.title.clone()),
            url: Set(link.url.clone()),
            created_by: Set(by),
            created_at: Set(self.now()),
        }
        .insert(&txn)
        .await?;
        if let Some(kind) = record_kind(kind) {
            let summary = format!("linked the document “{}”", link.title);
            self.log_activity(
                &txn,
                workspace_id,
                Activity {
                    by,
                    kind,
                    id: record_id,
                    partnership_id: Some(partnership_id),
                    action: ActivityAction::Changed,
                    summary: &summary,
                },
            )
            .await?;
        }
        txn.commit().await?;
        link_row(row)
    }

    pub async fn remove_link(&self, workspace_id: Uuid, id: Uuid, by: Option<Uuid>) -> StoreResult<()> {
        let link = self.link(workspace_id, id).await?;
        let txn = self.begin_write().await?;
        document_links::Entity::delete_many()
            .filter(document_links::Column::Id.eq(id))
            .filter(document_links::Column::WorkspaceId.eq(workspace_id))
            .exec(&txn)
            .await?
            .one_row_or(StoreError::NotFound)?;
        if let Some(kind) = record_kind(link.record_kind) {
            let summary = format!("removed the link to “{}”", link.title);
            self.log_activity(
                &txn,
                workspace_id,
                Activity {
                    by,
                    kind,
                    id: link.record_id,
                    partnership_id: Some(link.partnership_id),
                    action: ActivityAction::Changed,
                    summary: &summary,
                },
            )
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }
}
