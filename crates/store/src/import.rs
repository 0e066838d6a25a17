//! CSV imports, written all or nothing: every row of a file in one write transaction, so a
//! failure midway leaves the workspace as it was. The rows arrive validated
//! (`rapport_core::import`); references are checked again inside the transaction so that no row
//! can point into another workspace.

use rapport_core::ValidationErrors;
use rapport_core::import::{ImportedCommitment, ImportedContact};
use rapport_core::records::{ValidOrganization, ValidPartnership};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

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

    /// Adds every commitment, or none: each made through `insert_commitment` (its history with
    /// its outcome on its own day, the activity log and the reliability ledger with it). The
    /// partnerships' trust state is refreshed once, after the commit.
    pub async fn import_commitments(
        &self,
        workspace_id: Uuid,
        rows: &[ImportedCommitment],
        by: Option<Uuid>,
    ) -> StoreResult<usize> {
        let txn = self.begin_write().await?;
        let partnerships = self.partnerships_in(&txn, workspace_id, rows.iter().map(|r| r.partnership_id)).await?;
        for row in rows {
            self.insert_commitment(&txn, workspace_id, row.partnership_id, &row.commitment, None, by).await?;
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
