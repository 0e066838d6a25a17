//! Saved reports (issue 24): what a coordinator chose (period, partnerships, title), the written
//! summary per partnership kept with it, and funders' secret links to one report. Only the
//! SHA-256 of a link's secret is stored, like calendar feeds, so a copy of the database opens no
//! report. The numbers are not stored: the application makes them again from the records.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rapport_core::kinds::PartnershipStatus;
use rapport_core::report::ValidReport;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

use crate::convert::{json_list, stored, uuids};
use crate::entities::{partnership_members, partnerships};
use crate::rows::OneRow;
use crate::{Store, StoreError, StoreResult};

/// The tables of migration `m20261210_000301_reports`.
pub(crate) mod report_rows {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "reports")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub workspace_id: Uuid,
        pub title: String,
        pub period: String,
        pub starts_on: Date,
        pub ends_on: Date,
        pub partnership_ids: Json,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod report_summaries {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "report_summaries")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub workspace_id: Uuid,
        pub report_id: Uuid,
        pub partnership_id: Uuid,
        pub summary: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod report_links {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "report_links")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub workspace_id: Uuid,
        pub report_id: Uuid,
        pub token_hash: String,
        pub expires_on: Date,
        pub created_by: Uuid,
        pub created_at: DateTimeUtc,
        pub revoked_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A saved report's choices and summaries.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedReport {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub title: String,
    /// The period as written (`2026-Q3`, …); `starts_on`/`ends_on` are its days as fixed when saved.
    pub period: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub partnership_ids: Vec<Uuid>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// Each partnership's written summary.
    pub summaries: Vec<(Uuid, String)>,
}

/// A funder's link to one report, as the coordinator sees it (never its secret).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportLink {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub report_id: Uuid,
    pub expires_on: NaiveDate,
    /// Whose view of the workspace the link shows.
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A partnership as a report's network counts and the paging of its list need it: its name,
/// days and members' ids, without any of its records.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnershipSpan {
    pub id: Uuid,
    pub name: String,
    pub status: PartnershipStatus,
    pub started_on: NaiveDate,
    /// Its last change: the day an ended partnership was marked ended (no end date is kept).
    pub updated_at: DateTime<Utc>,
    pub members: Vec<Uuid>,
}

fn link(row: report_links::Model) -> ReportLink {
    ReportLink {
        id: row.id,
        workspace_id: row.workspace_id,
        report_id: row.report_id,
        expires_on: row.expires_on,
        created_by: row.created_by,
        created_at: row.created_at,
        revoked_at: row.revoked_at,
    }
}

fn saved(row: report_rows::Model, summaries: Vec<(Uuid, String)>) -> SavedReport {
    SavedReport {
        id: row.id,
        workspace_id: row.workspace_id,
        title: row.title,
        period: row.period,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        partnership_ids: uuids(&row.partnership_ids),
        created_by: row.created_by,
        created_at: row.created_at,
        summaries,
    }
}

impl Store {
    pub async fn create_report(
        &self,
        workspace_id: Uuid,
        report: &ValidReport,
        created_by: Uuid,
    ) -> StoreResult<SavedReport> {
        let txn = self.begin_write().await?;
        let row = report_rows::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            title: Set(report.title().to_owned()),
            period: Set(report.period().spec.clone()),
            starts_on: Set(report.period().from),
            ends_on: Set(report.period().to),
            partnership_ids: Set(json_list(report.partnership_ids())),
            created_by: Set(Some(created_by)),
            created_at: Set(self.now()),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(saved(row, Vec::new()))
    }

    /// The workspace's saved reports, newest first (without summaries).
    pub async fn reports(&self, workspace_id: Uuid) -> StoreResult<Vec<SavedReport>> {
        let rows = report_rows::Entity::find()
            .filter(report_rows::Column::WorkspaceId.eq(workspace_id))
            .order_by_desc(report_rows::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|r| saved(r, Vec::new())).collect())
    }

    pub async fn report(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<SavedReport> {
        let row = report_rows::Entity::find_by_id(id)
            .filter(report_rows::Column::WorkspaceId.eq(workspace_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let summaries = report_summaries::Entity::find()
            .filter(report_summaries::Column::WorkspaceId.eq(workspace_id))
            .filter(report_summaries::Column::ReportId.eq(id))
            .order_by_asc(report_summaries::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| (s.partnership_id, s.summary))
            .collect();
        Ok(saved(row, summaries))
    }

    /// Sets (or with `None` removes) a partnership's written summary in a report.
    pub async fn set_report_summary(
        &self,
        workspace_id: Uuid,
        report_id: Uuid,
        partnership_id: Uuid,
        summary: Option<&str>,
    ) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        report_rows::Entity::find_by_id(report_id)
            .filter(report_rows::Column::WorkspaceId.eq(workspace_id))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        report_summaries::Entity::delete_many()
            .filter(report_summaries::Column::WorkspaceId.eq(workspace_id))
            .filter(report_summaries::Column::ReportId.eq(report_id))
            .filter(report_summaries::Column::PartnershipId.eq(partnership_id))
            .exec(&txn)
            .await?;
        if let Some(summary) = summary {
            report_summaries::ActiveModel {
                id: Set(Uuid::now_v7()),
                workspace_id: Set(workspace_id),
                report_id: Set(report_id),
                partnership_id: Set(partnership_id),
                summary: Set(summary.to_owned()),
                updated_at: Set(self.now()),
            }
            .insert(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    pub async fn create_report_link(
        &self,
        workspace_id: Uuid,
        report_id: Uuid,
        token_hash: &str,
        expires_on: NaiveDate,
        created_by: Uuid,
    ) -> StoreResult<ReportLink> {
        let txn = self.begin_write().await?;
        report_rows::Entity::find_by_id(report_id)
            .filter(report_rows::Column::WorkspaceId.eq(workspace_id))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let row = report_links::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(workspace_id),
            report_id: Set(report_id),
            token_hash: Set(token_hash.to_owned()),
            expires_on: Set(expires_on),
            created_by: Set(created_by),
            created_at: Set(self.now()),
            revoked_at: Set(None),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(link(row))
    }

    /// A report's links, live or not, newest first.
    pub async fn report_links(&self, workspace_id: Uuid, report_id: Uuid) -> StoreResult<Vec<ReportLink>> {
        let rows = report_links::Entity::find()
            .filter(report_links::Column::WorkspaceId.eq(workspace_id))
            .filter(report_links::Column::ReportId.eq(report_id))
            .order_by_desc(report_links::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(link).collect())
    }

    /// Revokes a live funder link; `NotFound` when there is no such live link.
    pub async fn revoke_report_link(&self, workspace_id: Uuid, id: Uuid) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let result = report_links::Entity::update_many()
            .col_expr(report_links::Column::RevokedAt, Expr::value(Some(self.now())))
            .filter(report_links::Column::WorkspaceId.eq(workspace_id))
            .filter(report_links::Column::Id.eq(id))
            .filter(report_links::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        result.one_row_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(())
    }

    /// Every partnership of the workspace that is not archived, as [`PartnershipSpan`]s in no
    /// particular order: two queries, whatever the network's size.
    pub async fn partnership_spans(&self, workspace_id: Uuid) -> StoreResult<Vec<PartnershipSpan>> {
        type Row = (Uuid, String, String, Option<NaiveDate>, DateTime<Utc>, DateTime<Utc>);
        let rows: Vec<Row> = partnerships::Entity::find()
            .select_only()
            .column(partnerships::Column::Id)
            .column(partnerships::Column::Name)
            .column(partnerships::Column::Status)
            .column(partnerships::Column::StartedOn)
            .column(partnerships::Column::CreatedAt)
            .column(partnerships::Column::UpdatedAt)
            .filter(partnerships::Column::WorkspaceId.eq(workspace_id))
            .filter(partnerships::Column::ArchivedAt.is_null())
            .into_tuple()
            .all(&self.db)
            .await?;
        let pairs: Vec<(Uuid, Uuid)> = partnership_members::Entity::find()
            .select_only()
            .column(partnership_members::Column::PartnershipId)
            .column(partnership_members::Column::OrganizationId)
            .filter(partnership_members::Column::WorkspaceId.eq(workspace_id))
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut members: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (partnership, organization) in pairs {
            members.entry(partnership).or_default().push(organization);
        }
        rows.into_iter()
            .map(|(id, name, status, started_on, created_at, updated_at)| {
                Ok(PartnershipSpan {
                    id,
                    name,
                    status: stored("partnerships.status", &status)?,
                    // As `directory::partnership` reads it: `None` is the day it was created.
                    started_on: started_on.unwrap_or_else(|| created_at.date_naive()),
                    updated_at,
                    members: members.remove(&id).unwrap_or_default(),
                })
            })
            .collect()
    }

    /// The live (not revoked) link whose secret has this digest; the caller checks its expiry.
    pub async fn report_link_by_token(&self, token_hash: &str) -> StoreResult<Option<ReportLink>> {
        let row = report_links::Entity::find()
            .filter(report_links::Column::TokenHash.eq(token_hash))
            .filter(report_links::Column::RevokedAt.is_null())
            .one(&self.db)
            .await?;
        Ok(row.map(link))
    }
}
