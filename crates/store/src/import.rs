//! CSV imports, written all or nothing: every row of a file in one write transaction, so a
//! failure midway leaves the workspace as it was. The rows arrive validated
//! (`rapport_core::import`); references are checked again inside the transaction so that no row
//! can point into another workspace.

use rapport_core::ValidationErrors;
use rapport_core::import::{ImportedCommitment, ImportedContact};
use rapport_core::kinds::CommitmentEventKind;
use rapport_core::records::{ValidOrganization, ValidPartnership};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use uuid::Uuid;

use crate::entities::*;
use crate::{Store, StoreError, StoreResult};

impl Store {
    /// Adds every organisation, or none.
    pub async fn import_organizations(&self, workspace_id: Uuid, rows: &[ValidOrganization]) -> StoreResult<usize> {
        let txn = self.begin_write().await?;
        for org in rows {
            self.insert_organization(&txn, workspace_id, org).await?;
        }
        txn.commit().await?;
        Ok(rows.len())
    }

    /// Adds every contact to its organisation, or none.
    pub async fn import_contacts(&self, workspace_id: Uuid, rows: &[ImportedContact]) -> StoreResult<usize> {
        let txn = self.begin_write().await?;
        let mut wanted: Vec<Uuid> = rows.iter().map(|r| r.organization_id).collect();
        wanted.sort();
        wanted.dedup();
        self.all_organizations_in(&txn, workspace_id, &wanted).await?;
        for row in rows {
            self.insert_contact(&txn, workspace_id, row.organization_id, &row.contact).await?;
        }
        txn.commit().await?;
        Ok(rows.len())
    }

    /// Adds every partnership with its members (and its vision's first revision), or none.
    pub async fn import_partnerships(
        &self,
        workspace_id: Uuid,
        rows: &[ValidPartnership],
        by: Option<Uuid>,
    ) -> StoreResult<usize> {
        let txn = self.begin_write().await?;
        let mut wanted: Vec<Uuid> = rows.iter().flat_map(|p| p.members.iter().map(|(id, _)| *id)).collect();
        wanted.sort();
        wanted.dedup();
        self.all_organizations_in(&txn, workspace_id, &wanted).await?;
        for partnership in rows {
            self.insert_partnership(&txn, workspace_id, partnership, by).await?;
        }
        txn.commit().await?;
        Ok(rows.len())
    }

    /// Adds every commitment, or none: each made through `insert_commitment` (its history, the
    /// activity log and the reliability ledger with it), then marked done or cancelled when the
    /// file says so. The partnerships' trust state is refreshed once, after the commit.
    pub async fn import_commitments(
        &self,
        workspace_id: Uuid,
        rows: &[ImportedCommitment],
        by: Option<Uuid>,
    ) -> StoreResult<usize> {
        let txn = self.begin_write().await?;
        let mut partnerships: Vec<Uuid> = rows.iter().map(|r| r.partnership_id).collect();
        partnerships.sort();
        partnerships.dedup();
        for id in &partnerships {
            self.partnership_in(&txn, workspace_id, *id).await?;
        }
        let today = self.today();
        for row in rows {
            let made =
                self.insert_commitment(&txn, workspace_id, row.partnership_id, &row.commitment, None, by).await?.row;
            let (kind, on_date) = match (row.done_on, row.cancelled) {
                (Some(day), _) => (CommitmentEventKind::Done, day),
                (None, true) => (CommitmentEventKind::Cancelled, today),
                (None, false) => continue,
            };
            let mut changed: commitments::ActiveModel = made.clone().into();
            if kind == CommitmentEventKind::Done {
                changed.done_on = Set(Some(on_date));
            } else {
                changed.cancelled = Set(true);
            }
            changed.version = Set(made.version + 1);
            let changed = changed.update(&txn).await?;
            commitment_events::ActiveModel {
                id: Set(Uuid::now_v7()),
                workspace_id: Set(workspace_id),
                commitment_id: Set(made.id),
                kind: Set(kind.as_str().to_owned()),
                occurred_at: Set(self.now()),
                on_date: Set(Some(on_date)),
                previous_due_on: Set(None),
                new_due_on: Set(None),
                reason: Set(row.cancelled.then(|| "imported from a CSV file".to_owned())),
                actor_user_id: Set(by),
            }
            .insert(&txn)
            .await?;
            self.reckon_commitment(&txn, changed).await?;
        }
        txn.commit().await?;
        self.refresh_trust(workspace_id, &partnerships).await?;
        Ok(rows.len())
    }

    /// `Invalid` unless every one of `ids` is an organisation of the workspace.
    async fn all_organizations_in(
        &self,
        conn: &impl ConnectionTrait,
        workspace_id: Uuid,
        ids: &[Uuid],
    ) -> StoreResult<()> {
        let known = self.organization_ids_in(conn, workspace_id, ids).await?;
        if ids.iter().all(|id| known.contains(id)) {
            Ok(())
        } else {
            Err(StoreError::Invalid(ValidationErrors::single(
                "organization",
                "names an organisation that is not in this workspace",
            )))
        }
    }
}
