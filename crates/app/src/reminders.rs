//! Each person's reminders and weekly digest, gathered from what they can see (so a reminder
//! never reveals a record its reader could not open) and decided by `rapport_core::reminder`.

use chrono::Duration;
use rapport_core::kinds::{ConcernState, ReminderKind, WarningState};
use rapport_core::records::Partnership;
use rapport_core::reminder::{
    self, DigestKudos, DigestNews, DigestWarning, NotificationSettings, Reminder, ReminderFacts,
};
use rapport_store::{ConcernFilter, PageRequest, WarningFilter};

use crate::{AppResult, Session};

impl Session<'_> {
    /// Everything that needs the caller within `horizon_days`, soonest first: their
    /// organisations' open commitments, check-ins their partnerships owe by cadence, surveys they
    /// have not answered, concerns waiting for their organisation's acknowledgement, goals their
    /// organisation owns that have had no update for a month, and contacts to follow up. Only
    /// the `kinds` asked for are gathered, so a caller that shows some kinds elsewhere, or a
    /// person who muted them, costs no queries for them.
    pub async fn my_reminders(&self, horizon_days: i64, kinds: &[ReminderKind]) -> AppResult<Vec<Reminder>> {
        let today = self.today();
        let horizon = today + Duration::days(horizon_days);
        let ws = self.viewer.workspace_id;
        let wanted = |kind: ReminderKind| kinds.contains(&kind);
        let mut reminders = Vec::new();

        let commitments = if wanted(ReminderKind::CommitmentDue) || wanted(ReminderKind::CommitmentOverdue) {
            self.my_open_commitments(200).await?
        } else {
            Vec::new()
        };
        for (commitment, partnership) in commitments {
            let Some(kind) =
                reminder::commitment_reminder(commitment.due_on, today, horizon_days).filter(|k| wanted(*k))
            else {
                continue;
            };
            reminders.push(Reminder {
                kind,
                title: commitment.description.clone(),
                detail: format!("{}, {}", reminder::due_words(commitment.due_on, today), partnership.name),
                due_on: Some(commitment.due_on),
                path: format!("/w/{ws}/commitments/{}", commitment.id),
                facts: ReminderFacts { partnership: Some(partnership.name.clone()), ..ReminderFacts::default() },
            });
        }

        let mine = if wanted(ReminderKind::CheckInDue) || wanted(ReminderKind::GoalReview) {
            self.my_partnerships().await?
        } else {
            Vec::new()
        };
        let last = if wanted(ReminderKind::CheckInDue) {
            self.store.last_checkins(ws, &mine.iter().map(|p| p.id).collect::<Vec<_>>()).await?
        } else {
            Default::default()
        };
        for partnership in mine.iter().filter(|p| wanted(ReminderKind::CheckInDue) && p.status.is_running()) {
            let due = reminder::next_check_in(
                partnership.created_at.date_naive(),
                last.get(&partnership.id).copied(),
                partnership.cadence,
            );
            if due <= horizon {
                reminders.push(Reminder {
                    kind: ReminderKind::CheckInDue,
                    title: format!("Check-in of {}", partnership.name),
                    detail: format!(
                        "{} check-in {}",
                        partnership.cadence.label().to_lowercase(),
                        reminder::due_words(due, today)
                    ),
                    due_on: Some(due),
                    path: format!("/w/{ws}/partnerships/{}/checkins/new", partnership.id),
                    facts: ReminderFacts {
                        partnership: Some(partnership.name.clone()),
                        cadence: Some(partnership.cadence),
                        ..ReminderFacts::default()
                    },
                });
            }
        }
        for partnership in mine.iter().filter(|_| wanted(ReminderKind::GoalReview)) {
            for goal in self.goals(partnership.id, false).await? {
                let ours = goal.owner_organization_id.is_some_and(|o| self.viewer.organizations.contains(&o));
                let due = reminder::goal_review_due(goal.updated_at.date_naive());
                if ours && due <= horizon {
                    reminders.push(Reminder {
                        kind: ReminderKind::GoalReview,
                        title: goal.statement.clone(),
                        detail: format!(
                            "no progress update since {}, {}",
                            goal.updated_at.date_naive().format("%-d %B"),
                            partnership.name
                        ),
                        due_on: Some(due),
                        path: format!("/w/{ws}/goals/{}", goal.id),
                        facts: ReminderFacts {
                            partnership: Some(partnership.name.clone()),
                            since: Some(goal.updated_at.date_naive()),
                            ..ReminderFacts::default()
                        },
                    });
                }
            }
        }

        let surveys = if wanted(ReminderKind::SurveyToAnswer) { self.my_open_surveys().await? } else { Vec::new() };
        for (survey, answered) in surveys {
            if !answered {
                reminders.push(Reminder {
                    kind: ReminderKind::SurveyToAnswer,
                    title: survey.title.clone(),
                    detail: format!("open until {}", survey.closes_on.format("%-d %B")),
                    due_on: Some(survey.closes_on),
                    path: format!("/w/{ws}/surveys/{}/answer", survey.id),
                    facts: ReminderFacts::default(),
                });
            }
        }

        let concerns = if wanted(ReminderKind::ConcernToAcknowledge) {
            self.concerns(
                ConcernFilter { partnership: None, open_only: true },
                PageRequest { after: None, limit: 200, include_archived: false },
            )
            .await?
            .items
        } else {
            Vec::new()
        };
        for concern in concerns {
            let for_us = concern.organization_id.is_some_and(|o| self.viewer.organizations.contains(&o));
            if concern.state == ConcernState::Raised && for_us && concern.raised_by != self.viewer.user_id {
                reminders.push(Reminder {
                    kind: ReminderKind::ConcernToAcknowledge,
                    title: concern.title.clone(),
                    detail: format!("please acknowledge, {}", reminder::due_words(concern.acknowledge_by, today)),
                    due_on: Some(concern.acknowledge_by),
                    path: format!("/w/{ws}/concerns/{}", concern.id),
                    facts: ReminderFacts::default(),
                });
            }
        }

        let follow_ups = if wanted(ReminderKind::FollowUp) { self.my_overdue_follow_ups().await? } else { Vec::new() };
        for (contact, organization) in follow_ups {
            let due = contact.follow_up_due(today);
            reminders.push(Reminder {
                kind: ReminderKind::FollowUp,
                title: format!("{} ({organization})", contact.name),
                detail: contact.last_contacted_on.map_or_else(
                    || "never contacted".to_owned(),
                    |d| format!("last contacted {}", d.format("%-d %B %Y")),
                ),
                due_on: due,
                path: format!("/w/{ws}/contacts/{}/log", contact.id),
                facts: ReminderFacts { since: contact.last_contacted_on, ..ReminderFacts::default() },
            });
        }
        if wanted(ReminderKind::AgreementEnding) {
            reminders.extend(self.agreement_reminders(horizon_days).await?);
        }
        reminder::sort(&mut reminders);
        Ok(reminders)
    }

    /// The digest's news: open warnings in the caller's partnerships and last week's thanks to
    /// their organisations.
    pub async fn my_digest_news(&self) -> AppResult<DigestNews> {
        let today = self.today();
        let mine: Vec<_> = self.my_partnerships().await?.into_iter().map(|p| p.id).collect();
        let warnings = self
            .warning_inbox(&WarningFilter::default(), PageRequest { after: None, limit: 200, include_archived: false })
            .await?;
        let warnings = warnings
            .items
            .iter()
            .filter(|w| mine.contains(&w.partnership_id) && w.state == WarningState::Open)
            .map(|w| DigestWarning {
                partnership: w.partnership_name.clone(),
                explanation: w.warning.explanation.clone(),
                facts: w.warning.facts.clone(),
            })
            .collect();
        let kudos = self.kudos_feed(None, PageRequest { after: None, limit: 200, include_archived: false }).await?;
        let week_ago = today - Duration::days(7);
        let kudos = kudos
            .items
            .iter()
            .filter(|k| {
                k.given_on > week_ago
                    && (k.to_user_id == Some(self.viewer.user_id)
                        || k.to_organization_id.is_some_and(|o| self.viewer.organizations.contains(&o)))
            })
            .map(|k| DigestKudos { message: k.message.clone(), given_on: k.given_on })
            .collect();
        Ok(DigestNews { warnings, kudos })
    }

    pub async fn my_notification_settings(&self) -> AppResult<NotificationSettings> {
        Ok(self.store.notification_settings(self.viewer.user_id).await?)
    }

    pub async fn set_my_notification_settings(
        &self,
        settings: &NotificationSettings,
    ) -> AppResult<NotificationSettings> {
        self.store.set_notification_settings(self.viewer.user_id, settings).await?;
        self.my_notification_settings().await
    }

    /// Live partnerships one of the caller's organisations belongs to.
    async fn my_partnerships(&self) -> AppResult<Vec<Partnership>> {
        let mut mine = Vec::new();
        let mut after = None;
        loop {
            let page = self.partnerships(None, PageRequest { after, limit: 500, include_archived: false }).await?;
            mine.extend(
                page.items
                    .into_iter()
                    .filter(|p| p.members.iter().any(|m| self.viewer.organizations.contains(&m.organization_id))),
            );
            match page.next_after {
                Some(next) => after = Some(next),
                None => return Ok(mine),
            }
        }
    }
}
