//! Partnership agreements (issue 26) with the rules of the other partnership records: whoever
//! sees the partnership reads its agreements; whoever may record in it (coordinators, owners,
//! and members of its organisations, never observers) records, changes and archives them.

use rapport_core::Action;
use rapport_core::agreement::{Agreement, AgreementDraft, Standing, ending_order, worth_a_reminder};
use rapport_core::kinds::ReminderKind;
use rapport_core::records::Partnership;
use rapport_core::reminder::{Reminder, ReminderFacts};
use rapport_core::timeline::ActivityEntry;
use uuid::Uuid;

use crate::{AppResult, Session};

/// An agreement in the workspace-wide list, with its partnership's name.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ListedAgreement {
    pub agreement: Agreement,
    pub partnership_name: String,
    /// Whether the partnership is active (not archived).
    pub partnership_active: bool,
}

impl Session<'_> {
    /// A partnership's agreements, archived ones only when asked.
    pub async fn agreements(&self, partnership_id: Uuid, include_archived: bool) -> AppResult<Vec<Agreement>> {
        self.partnership(partnership_id).await?;
        Ok(self.store.agreements(self.viewer.workspace_id, partnership_id, include_archived).await?)
    }

    /// One agreement, if the caller sees its partnership; `NotFound` otherwise.
    pub async fn agreement(&self, id: Uuid) -> AppResult<Agreement> {
        let agreement = self.store.agreement(self.viewer.workspace_id, id).await?;
        self.partnership(agreement.partnership_id).await?;
        Ok(agreement)
    }

    /// The agreement with its partnership, for its page.
    pub async fn agreement_with_partnership(&self, id: Uuid) -> AppResult<(Agreement, Partnership)> {
        let agreement = self.store.agreement(self.viewer.workspace_id, id).await?;
        let partnership = self.partnership(agreement.partnership_id).await?;
        Ok((agreement, partnership))
    }

    pub async fn add_agreement(&self, partnership_id: Uuid, draft: &AgreementDraft) -> AppResult<Agreement> {
        let partnership = self.writable_partnership(partnership_id).await?;
        let valid = draft.validate(&partnership.member_ids(), self.today())?;
        Ok(self
            .store
            .create_agreement(self.viewer.workspace_id, partnership_id, &valid, Some(self.viewer.user_id))
            .await?)
    }

    /// Changes an agreement (`version`: the `If-Match` version, when sent).
    pub async fn update_agreement(
        &self,
        id: Uuid,
        draft: &AgreementDraft,
        version: Option<i32>,
    ) -> AppResult<Agreement> {
        let current = self.agreement(id).await?;
        let partnership = self.writable_partnership(current.partnership_id).await?;
        if current.archived_at.is_some() {
            return Err(crate::AppError::Conflict("this agreement is archived".into()));
        }
        let valid = draft.validate(&partnership.member_ids(), self.today())?;
        Ok(self
            .store
            .update_agreement(self.viewer.workspace_id, id, &valid, version, Some(self.viewer.user_id))
            .await?)
    }

    pub async fn archive_agreement(&self, id: Uuid) -> AppResult<Agreement> {
        let current = self.agreement(id).await?;
        self.writable_partnership(current.partnership_id).await?;
        Ok(self.store.archive_agreement(self.viewer.workspace_id, id, Some(self.viewer.user_id)).await?)
    }

    /// An agreement's history: when it was recorded and each change since, oldest first.
    pub async fn agreement_history(&self, id: Uuid) -> AppResult<Vec<ActivityEntry>> {
        self.agreement(id).await?;
        Ok(self.store.record_activity(self.viewer.workspace_id, id).await?)
    }

    /// The agreements of every partnership the caller sees, those ending soonest first
    /// (open-ended last).
    pub async fn workspace_agreements(&self) -> AppResult<Vec<ListedAgreement>> {
        let all = self.store.workspace_agreements(self.viewer.workspace_id).await?;
        let mut visible: Vec<ListedAgreement> = all
            .into_iter()
            .filter(|(_, p)| self.viewer.sees_partnership(&p.member_ids()))
            .map(|(agreement, p)| ListedAgreement {
                agreement,
                partnership_active: p.archived_at.is_none(),
                partnership_name: p.name,
            })
            .collect();
        visible.sort_by(|a, b| ending_order(&a.agreement, &b.agreement));
        Ok(visible)
    }

    /// Agreements to decide on, for the reminders and the digest: coordinators and owners hear
    /// of every agreement they see, a member of those to which one of their organisations is
    /// party; observers of none. See `rapport_core::agreement::worth_a_reminder` for when.
    pub(crate) async fn agreement_reminders(&self, horizon_days: i64) -> AppResult<Vec<Reminder>> {
        let coordinator = self.viewer.may(Action::ManageNetwork);
        if !coordinator && self.viewer.organizations.is_empty() {
            return Ok(Vec::new());
        }
        let today = self.today();
        let ws = self.viewer.workspace_id;
        let mut reminders = Vec::new();
        for listed in self.workspace_agreements().await? {
            let a = &listed.agreement;
            let party = a.party_organization_ids.iter().any(|o| self.viewer.belongs_to(*o));
            if !(coordinator || party) || !listed.partnership_active {
                continue;
            }
            let Some(ends_on) = a.ends_on else { continue };
            if !worth_a_reminder(a.standing(today), a.notice_on, today, horizon_days) {
                continue;
            }
            let (detail, lapsed_days) = match a.standing(today) {
                Standing::Lapsed { days_ago } => (
                    format!(
                        "ended {days_ago} {} ago but still marked in force, {}",
                        if days_ago == 1 { "day" } else { "days" },
                        listed.partnership_name
                    ),
                    Some(days_ago),
                ),
                _ => (
                    format!("ends {}, {}: decide on renewal", ends_on.format("%-d %B %Y"), listed.partnership_name),
                    None,
                ),
            };
            reminders.push(Reminder {
                kind: ReminderKind::AgreementEnding,
                title: a.title.clone(),
                detail,
                due_on: Some(ends_on),
                path: format!("/w/{ws}/agreements/{}", a.id),
                facts: ReminderFacts {
                    partnership: Some(listed.partnership_name.clone()),
                    lapsed_days,
                    ..ReminderFacts::default()
                },
            });
        }
        Ok(reminders)
    }
}
