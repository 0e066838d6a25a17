//! Partnership agreements (issue 26): recorded, changed and archived, each write with its line
//! in the activity log (the agreement's history), read per partnership and across the
//! workspace, and put on the partnership's timeline.

use std::collections::{BTreeMap, HashMap};

use rapport_core::agreement::{Agreement, ValidAgreement, notice_on};
use rapport_core::import::ImportedAgreement;
use rapport_core::kinds::{ActivityAction, AgreementStatus, RecordKind, TimelineKind};
use rapport_core::records::Partnership;
use rapport_core::timeline::{TimelineEntry, TimelineWhat};
use rapport_core::trust::RecordRef;
use rapport_core::trust::snapshot::{AgreementFact, PartnershipSnapshot};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::convert::{json_list, stored, uuids};
use crate::entities::*;
use crate::practices::Activity;
use crate::rows::{OneRow, if_version};
use crate::{Store, StoreError, StoreResult};

pub(crate) fn agreement_row(row: agreements::Model) -> StoreResult<Agreement> {
    Ok(Agreement {
        id: row.id,
        partnership_id: row.partnership_id,
        kind: stored("agreements.kind", &row.kind)?,
        title: row.title,
        party_organization_ids: uuids(&row.party_organization_ids),
        signed_on: row.signed_on,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        renewal_notice_days: row.renewal_notice_days,
        status: stored("agreements.status", &row.status)?,
        document_url: row.document_url,
        notes: row.notes,
        notice_on: notice_on(row.ends_on, row.renewal_notice_days),
        created_by: row.created_by,
        created_at: row.created_at,
        updated_at: row.updated_at,
        archived_at: row.archived_at,
        version: row.version,
    })
}

fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl Store {
    pub async fn create_agreement(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
        agreement: &ValidAgreement,
        by: Option<Uuid>,
    ) -> StoreResult<Agreement> {
        let txn = self.begin_write().await?;
        self.partnership_in(&txn, workspace_id, partnership_id).await?;
        let row = self.insert_agreement(&txn, workspace_id, partnership_id, agreement, by).await?;
        // An agreement in force near its end raises the "agreement ending" warning.
        self.refresh_trust_in(&txn, workspace_id, &[partnership_id]).await?;
        txn.commit().await?;
        agreement_row(row)
    }

    /// Adds every agreement of a CSV import, or none, each with its line in the activity log;
    /// the partnerships' warnings are refreshed once, after the commit.
    pub async fn import_agreements(
        &self,
        workspace_id: Uuid,
        rows: &[ImportedAgreement],
        by: Option<Uuid>,
    ) -> StoreResult<usize> {
        let txn = self.begin_write().await?;
        let partnerships = self.partnerships_in(&txn, workspace_id, rows.iter().map(|r| r.partnership_id)).await?;
        for row in rows {
            self.insert_agreement(&txn, workspace_id, row.partnership_id, &row.agreement, by).await?;
        }
        txn.commit().await?;
        self.refresh_trust(workspace_id, &partnerships).await?;
        Ok(rows.len())
    }

    async fn insert_agreement(
        &self,
        txn: &impl ConnectionTrait,
        workspace_id: Uuid,
        partnership_id: Uuid,
        agreement: &ValidAgreement,
        by: Option<Uuid>,
    ) -> StoreResult<agreements::Model> {
        let now = self.now();
        let row = agreements::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            partnership_id: Set(partnership_id),
            kind: Set(agreement.kind.as_str().to_owned()),
            title: Set(agreement.title.clone()),
            party_organization_ids: Set(json_list(&agreement.party_organization_ids)),
            signed_on: Set(agreement.signed_on),
            starts_on: Set(agreement.starts_on),
            ends_on: Set(agreement.ends_on),
            renewal_notice_days: Set(agreement.renewal_notice_days),
            status: Set(agreement.status.as_str().to_owned()),
            document_url: Set(agreement.document_url.clone()),
            notes: Set(agreement.notes.clone()),
            created_by: Set(by),
            created_at: Set(now),
            updated_at: Set(now),
            archived_at: Set(None),
            version: Set(1),
        }
        .insert(txn)
        .await?;
        let summary = format!(
            "recorded the {} “{}” ({})",
            agreement.kind.label().to_lowercase(),
            agreement.title,
            agreement.status.label().to_lowercase()
        );
        self.log_activity(
            txn,
            workspace_id,
            Activity {
                by,
                kind: RecordKind::Agreement,
                id: row.id,
                partnership_id: Some(partnership_id),
                action: ActivityAction::Created,
                summary: &summary,
            },
        )
        .await?;
        Ok(row)
    }

    pub async fn agreement(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<Agreement> {
        let row = agreements::Entity::find_by_id(id)
            .filter(agreements::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        agreement_row(row)
    }

    /// A partnership's agreements, in the order they were recorded.
    pub async fn agreements(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
        include_archived: bool,
    ) -> StoreResult<Vec<Agreement>> {
        let mut query = agreements::Entity::find()
            .filter(agreements::Column::WorkspaceId.eq(workspace_id))
            .filter(agreements::Column::PartnershipId.eq(partnership_id));
        if !include_archived {
            query = query.filter(agreements::Column::ArchivedAt.is_null());
        }
        query.order_by_asc(agreements::Column::Id).all(&self.db).await?.into_iter().map(agreement_row).collect()
    }

    /// Every agreement of the workspace not archived, with its partnership, by end date (open
    /// ended last). The caller keeps those its viewer may see.
    pub async fn workspace_agreements(&self, workspace_id: Uuid) -> StoreResult<Vec<(Agreement, Partnership)>> {
        let rows = agreements::Entity::find()
            .filter(agreements::Column::WorkspaceId.eq(workspace_id))
            .filter(agreements::Column::ArchivedAt.is_null())
            .order_by_asc(agreements::Column::EndsOn)
            .order_by_asc(agreements::Column::Id)
            .all(&self.db)
            .await?;
        let mut ids: Vec<Uuid> = rows.iter().map(|r| r.partnership_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let partnerships: HashMap<Uuid, Partnership> =
            self.partnerships_by_id(&self.db, workspace_id, &ids).await?.into_iter().map(|p| (p.id, p)).collect();
        let mut found = Vec::with_capacity(rows.len());
        for row in rows {
            if let Some(p) = partnerships.get(&row.partnership_id) {
                found.push((agreement_row(row)?, p.clone()));
            }
        }
        found.sort_by(|(a, _), (b, _)| rapport_core::agreement::ending_order(a, b));
        Ok(found)
    }

    /// Changes an agreement; the change goes into its history saying what changed. A change
    /// that changes nothing writes nothing.
    pub async fn update_agreement(
        &self,
        workspace_id: Uuid,
        id: Uuid,
        agreement: &ValidAgreement,
        expected_version: Option<i32>,
        by: Option<Uuid>,
    ) -> StoreResult<Agreement> {
        let current = self.agreement(workspace_id, id).await?;
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(StoreError::Stale);
        }
        let what = agreement.changes(&current);
        if what.is_empty() {
            return Ok(current);
        }
        let txn = self.begin_write().await?;
        agreements::Entity::update_many()
            .col_expr(agreements::Column::Kind, Expr::value(agreement.kind.as_str()))
            .col_expr(agreements::Column::Title, Expr::value(agreement.title.clone()))
            .col_expr(
                agreements::Column::PartyOrganizationIds,
                Expr::value(json_list(&agreement.party_organization_ids)),
            )
            .col_expr(agreements::Column::SignedOn, Expr::value(agreement.signed_on))
            .col_expr(agreements::Column::StartsOn, Expr::value(agreement.starts_on))
            .col_expr(agreements::Column::EndsOn, Expr::value(agreement.ends_on))
            .col_expr(agreements::Column::RenewalNoticeDays, Expr::value(agreement.renewal_notice_days))
            .col_expr(agreements::Column::Status, Expr::value(agreement.status.as_str()))
            .col_expr(agreements::Column::DocumentUrl, Expr::value(agreement.document_url.clone()))
            .col_expr(agreements::Column::Notes, Expr::value(agreement.notes.clone()))
            .col_expr(agreements::Column::UpdatedAt, Expr::value(self.now()))
            .col_expr(agreements::Column::Version, Expr::col(agreements::Column::Version).add(1))
            .filter(agreements::Column::Id.eq(id))
            .filter(agreements::Column::WorkspaceId.eq(workspace_id))
            .filter(if_version(agreements::Column::Version, Some(current.version)))
            .exec(&txn)
            .await?
            .one_row_or(StoreError::Stale)?;
        let mut summary = format!("changed {}", join_words(&what));
        if agreement.status != current.status {
            summary.push_str(&format!(
                ": {} → {}",
                current.status.label().to_lowercase(),
                agreement.status.label().to_lowercase()
            ));
        }
        self.log_activity(
            &txn,
            workspace_id,
            Activity {
                by,
                kind: RecordKind::Agreement,
                id,
                partnership_id: Some(current.partnership_id),
                action: ActivityAction::Changed,
                summary: &summary,
            },
        )
        .await?;
        self.refresh_trust_in(&txn, workspace_id, &[current.partnership_id]).await?;
        txn.commit().await?;
        self.agreement(workspace_id, id).await
    }

    pub async fn archive_agreement(&self, workspace_id: Uuid, id: Uuid, by: Option<Uuid>) -> StoreResult<Agreement> {
        let current = self.agreement(workspace_id, id).await?;
        if current.archived_at.is_some() {
            return Ok(current);
        }
        let txn = self.begin_write().await?;
        agreements::Entity::update_many()
            .col_expr(agreements::Column::ArchivedAt, Expr::value(Some(self.now())))
            .col_expr(agreements::Column::Version, Expr::col(agreements::Column::Version).add(1))
            .filter(agreements::Column::Id.eq(id))
            .filter(agreements::Column::WorkspaceId.eq(workspace_id))
            .exec(&txn)
            .await?
            .one_row_or(StoreError::NotFound)?;
        self.log_activity(
            &txn,
            workspace_id,
            Activity {
                by,
                kind: RecordKind::Agreement,
                id,
                partnership_id: Some(current.partnership_id),
                action: ActivityAction::Archived,
                summary: &format!("archived the agreement “{}”", current.title),
            },
        )
        .await?;
        self.refresh_trust_in(&txn, workspace_id, &[current.partnership_id]).await?;
        txn.commit().await?;
        self.agreement(workspace_id, id).await
    }

    /// The partnership's agreements on its timeline: each signed (or, unsigned, started), and
    /// each ended or expired on its end date.
    pub(crate) async fn agreement_timeline(
        &self,
        workspace_id: Uuid,
        partnership_id: Uuid,
    ) -> StoreResult<Vec<TimelineEntry>> {
        let mut entries = Vec::new();
        for a in self.agreements(workspace_id, partnership_id, false).await? {
            let record = Some(RecordRef { kind: RecordKind::Agreement, id: a.id });
            let (on, what) = match a.signed_on {
                Some(signed) => (signed, TimelineWhat::AgreementSigned { kind: a.kind, title: a.title.clone() }),
                None => (a.starts_on, TimelineWhat::AgreementDrafted { kind: a.kind, title: a.title.clone() }),
            };
            entries.push(TimelineEntry {
                kind: TimelineKind::Agreement,
                on,
                record,
                title: what.title(),
                detail: a.notes.clone(),
                organization_id: None,
                sequence: a.id,
                what,
            });
            if let Some(end) = a.ends_on
                && matches!(a.status, AgreementStatus::Ended | AgreementStatus::Expired)
            {
                let what = TimelineWhat::AgreementFinished { kind: a.kind, status: a.status, title: a.title.clone() };
                entries.push(TimelineEntry {
                    kind: TimelineKind::Agreement,
                    on: end,
                    record,
                    title: what.title(),
                    detail: None,
                    organization_id: None,
                    sequence: a.id,
                    what,
                });
            }
        }
        Ok(entries)
    }

    /// Fills each snapshot's agreements in force with an end date, for the "agreement ending"
    /// warning (SPEC 3.4, issue 26).
    pub(crate) async fn fill_agreement_facts(
        &self,
        conn: &impl ConnectionTrait,
        snapshots: &mut BTreeMap<Uuid, PartnershipSnapshot>,
    ) -> StoreResult<()> {
        let ids: Vec<Uuid> = snapshots.keys().copied().collect();
        for chunk in ids.chunks(500) {
            let rows = agreements::Entity::find()
                .filter(agreements::Column::PartnershipId.is_in(chunk.to_vec()))
                .filter(agreements::Column::ArchivedAt.is_null())
                .filter(agreements::Column::Status.eq(AgreementStatus::InForce.as_str()))
                .filter(agreements::Column::EndsOn.is_not_null())
                .order_by_asc(agreements::Column::Id)
                .all(conn)
                .await?;
            for row in rows {
                if let (Some(snapshot), Some(ends_on)) = (snapshots.get_mut(&row.partnership_id), row.ends_on) {
                    snapshot.agreements.push(AgreementFact {
                        id: row.id,
                        title: row.title,
                        ends_on,
                        notice_days: row.renewal_notice_days,
                    });
                }
            }
        }
        Ok(())
    }

    /// The agreements of these partnerships that a calendar feed shows (not archived, with an
    /// end date).
    pub async fn feed_agreements(&self, workspace_id: Uuid, partnership_ids: &[Uuid]) -> StoreResult<Vec<Agreement>> {
        let mut found = Vec::new();
        for chunk in partnership_ids.chunks(500) {
            let rows = agreements::Entity::find()
                .filter(agreements::Column::WorkspaceId.eq(workspace_id))
                .filter(agreements::Column::PartnershipId.is_in(chunk.to_vec()))
                .filter(agreements::Column::ArchivedAt.is_null())
                .filter(agreements::Column::EndsOn.is_not_null())
                .order_by_asc(agreements::Column::Id)
                .all(&self.db)
                .await?;
            for row in rows {
                found.push(agreement_row(row)?);
            }
        }
        Ok(found)
    }
}
