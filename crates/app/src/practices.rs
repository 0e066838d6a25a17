//! Concerns, kudos, contributions, the partnership timeline and the activity log, with the
//! visibility rules of SPEC 7: a private concern only for its author, the coordinators and its
//! mediator; a mediator sees the one concern they mediate and nothing else of its partnership.

use chrono::Months;
use rapport_core::Action;
use rapport_core::ValidationErrors;
use rapport_core::concern::{Concern, ConcernDraft, ConcernTransition, ConcernTransitionDraft};
use rapport_core::contribution::{Contribution, ContributionDraft, Equity, equity};
use rapport_core::kinds::Role;
use rapport_core::kudos::{Kudos, KudosDraft};
use rapport_core::records::Partnership;
use rapport_core::retrospective::{Retrospective, RetrospectiveDraft, RetrospectiveItem, RetrospectiveItemDraft};
use rapport_core::timeline::{ActivityEntry, TimelineEntry};
use rapport_core::trust::month_ends;
use rapport_store::{ConcernFilter, Page, PageRequest, StoreError, TimelineFilter};
use uuid::Uuid;

use crate::{AppError, AppResult, Session};

const READ_ONLY: &str = "observers can read but not change anything";

impl Session<'_> {
    // ----- concerns -------------------------------------------------------------------------

    /// The concern with its partnership, if the caller may see it; `NotFound` otherwise, so a
    /// private concern's existence is not revealed.
    async fn concern_in_view(&self, id: Uuid) -> AppResult<(Concern, Partnership)> {
        let concern = self.store.concern(self.viewer.workspace_id, id).await?;
        let partnership = self.store.partnership(self.viewer.workspace_id, concern.partnership_id).await?;
        if concern.parties().visible_to(&self.viewer, &partnership.member_ids()) {
            Ok((concern, partnership))
        } else {
            Err(AppError::NotFound)
        }
    }

    pub async fn concern(&self, id: Uuid) -> AppResult<Concern> {
        Ok(self.concern_in_view(id).await?.0)
    }

    pub async fn concerns(&self, filter: ConcernFilter, page: PageRequest) -> AppResult<Page<Concern>> {
        Ok(self.store.concerns(&self.viewer, filter, page).await?)
    }

    pub async fn concern_history(&self, id: Uuid) -> AppResult<Vec<ConcernTransition>> {
        self.concern_in_view(id).await?;
        Ok(self.store.concern_history(self.viewer.workspace_id, id).await?)
    }

    pub async fn raise_concern(&self, draft: &ConcernDraft) -> AppResult<Concern> {
        let partnership = match self.writable_partnership(draft.partnership_id).await {
            Err(AppError::NotFound) => {
                return Err(ValidationErrors::single("partnership_id", "no such partnership that you can see").into());
            }
            other => other?,
        };
        let valid = draft.validate(&partnership.member_ids(), self.today())?;
        Ok(self.store.create_concern(self.viewer.workspace_id, &valid, self.viewer.user_id).await?)
    }

    /// Moves a concern along its lifecycle. Illegal moves answer a conflict naming the states.
    pub async fn transition_concern(
        &self,
        id: Uuid,
        draft: &ConcernTransitionDraft,
        version: Option<i32>,
    ) -> AppResult<Concern> {
        let (concern, partnership) = self.concern_in_view(id).await?;
        let step = draft.validate()?;
        if let Some(why) = concern.parties().refusal(&self.viewer, &partnership.member_ids(), step.to) {
            return Err(AppError::Forbidden(why));
        }
        if partnership.archived_at.is_some() {
            return Err(AppError::Conflict(
                "this partnership is archived: restore it before recording anything in it".into(),
            ));
        }
        if let Some(mediator) = step.mediator_user_id {
            let members = self.store.members(self.viewer.workspace_id).await?;
            match members.iter().find(|m| m.user_id == mediator) {
                None => {
                    return Err(
                        ValidationErrors::single("mediator_user_id", "must be a person in this workspace").into()
                    );
                }
                Some(m) if m.role == Role::Observer => {
                    return Err(ValidationErrors::single(
                        "mediator_user_id",
                        "an observer cannot mediate: observers change nothing",
                    )
                    .into());
                }
                Some(_) if mediator == concern.raised_by => {
                    return Err(ValidationErrors::single(
                        "mediator_user_id",
                        "a mediator is a neutral third party, not the person who raised the concern",
                    )
                    .into());
                }
                Some(_) => {}
            }
        }
        Ok(self.store.transition_concern(self.viewer.workspace_id, id, &step, version, self.viewer.user_id).await?)
    }

    // ----- kudos ----------------------------------------------------------------------------

    pub async fn send_kudos(&self, draft: &KudosDraft) -> AppResult<Kudos> {
        if !self.viewer.can_write() {
            return Err(AppError::Forbidden(READ_ONLY));
        }
        let valid = draft.validate(&self.viewer.organizations)?;
        let ws = self.viewer.workspace_id;
        let mut errors = ValidationErrors::new();
        // The partnership: the one of the record thanked for, else the one named.
        let mut partnership_id = valid.partnership_id;
        if let Some(about) = valid.about {
            match self.store.partnership_of_record(ws, about).await {
                Ok(of_record) if valid.partnership_id.is_some_and(|p| p != of_record) => {
                    errors.add("partnership_id", "must be the partnership of the record thanked for");
                }
                Ok(of_record) => partnership_id = Some(of_record),
                Err(StoreError::NotFound) => errors.add("about.id", "no such record that you can see"),
                Err(other) => return Err(other.into()),
            }
        }
        if let Some(id) = partnership_id {
            match self.partnership(id).await {
                Ok(p) if p.archived_at.is_some() => errors.add("partnership_id", "this partnership is archived"),
                Ok(_) => {}
                Err(AppError::NotFound) => errors.add(
                    if valid.about.is_some() { "about.id" } else { "partnership_id" },
                    "no such record that you can see",
                ),
                Err(other) => return Err(other),
            }
        }
        if let Some(org) = valid.to_organization_id {
            match self.store.organization(ws, org).await {
                Ok(_) => {}
                Err(StoreError::NotFound) => errors.add("to_organization_id", "no such organisation in this workspace"),
                Err(other) => return Err(other.into()),
            }
        }
        if let Some(user) = valid.to_user_id {
            if user == self.viewer.user_id {
                errors.add("to_user_id", "thank someone else");
            } else if !self.store.members(ws).await?.iter().any(|m| m.user_id == user) {
                errors.add("to_user_id", "must be a person in this workspace");
            }
        }
        errors.finish(|| ())?;
        let kudos = self.store.create_kudos(ws, partnership_id, &valid, self.viewer.user_id).await?;
        Ok(kudos)
    }

    /// The wins feed of one partnership, or of the whole network as the caller sees it.
    pub async fn kudos_feed(&self, partnership: Option<Uuid>, page: PageRequest) -> AppResult<Page<Kudos>> {
        if let Some(id) = partnership {
            self.partnership(id).await?;
        }
        Ok(self.store.kudos_feed(&self.viewer, partnership, page).await?)
    }

    // ----- contributions --------------------------------------------------------------------

    pub async fn contributions(&self, partnership_id: Uuid, page: PageRequest) -> AppResult<Page<Contribution>> {
        self.partnership(partnership_id).await?;
        Ok(self.store.contributions(self.viewer.workspace_id, partnership_id, page).await?)
    }

    pub async fn add_contribution(&self, partnership_id: Uuid, draft: &ContributionDraft) -> AppResult<Contribution> {
        let partnership = self.writable_partnership(partnership_id).await?;
        let valid = draft.validate(&partnership.member_ids(), self.today())?;
        Ok(self
            .store
            .create_contribution(self.viewer.workspace_id, partnership_id, &valid, Some(self.viewer.user_id))
            .await?)
    }

    /// Each member's share of the partnership's contributions over the one-sided warning's
    /// window (180 days), and the balance at each month's end over the last year.
    pub async fn equity(&self, partnership_id: Uuid) -> AppResult<Equity> {
        let partnership = self.partnership(partnership_id).await?;
        let today = self.today();
        let window = self.store.trust_settings(self.viewer.workspace_id).await?.warnings.one_sided_window_days;
        let year_ago = today.checked_sub_months(Months::new(12)).unwrap_or(today);
        let since = year_ago - chrono::Duration::days(window);
        let contributions = self.store.contributions_since(self.viewer.workspace_id, partnership_id, since).await?;
        let members: Vec<(Uuid, String)> =
            partnership.members.iter().map(|m| (m.organization_id, m.organization_name.clone())).collect();
        let trend_from = year_ago.max(partnership.created_at.date_naive());
        Ok(equity(partnership_id, &members, &contributions, today, window, &month_ends(trend_from, today)))
    }

    // ----- timeline and activity ------------------------------------------------------------

    /// One page of the partnership's timeline, newest first. The cursor is the position in the
    /// filtered list: the timeline merges several tables, so no single row id orders it.
    pub async fn timeline(
        &self,
        partnership_id: Uuid,
        filter: &TimelineFilter,
        page: PageRequest,
    ) -> AppResult<Page<TimelineEntry>> {
        self.partnership(partnership_id).await?;
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            return Err(ValidationErrors::single("from", "must not be after `to`").into());
        }
        let entries = self.store.timeline(&self.viewer, partnership_id, filter).await?;
        let start = page
            .after
            .map(|position| position.as_u128().min(usize::MAX as u128) as usize)
            .unwrap_or(0)
            .min(entries.len());
        let end = (start + page.limit as usize).min(entries.len());
        let next_after = (end < entries.len()).then(|| Uuid::from_u128(end as u128));
        Ok(Page { items: entries[start..end].to_vec(), next_after })
    }

    /// Who changed what: for coordinators and owners only.
    pub async fn activity(&self, partnership: Option<Uuid>, page: PageRequest) -> AppResult<Page<ActivityEntry>> {
        if !self.viewer.may(Action::ReadActivityLog) {
            return Err(AppError::Forbidden("only coordinators and owners can read the activity log"));
        }
        Ok(self.store.activity(self.viewer.workspace_id, partnership, page).await?)
    }

    // ----- retrospectives -------------------------------------------------------------------

    pub async fn retrospectives(&self, partnership_id: Uuid) -> AppResult<Vec<Retrospective>> {
        self.partnership(partnership_id).await?;
        Ok(self.store.retrospectives(self.viewer.workspace_id, partnership_id).await?)
    }

    pub async fn retrospective(&self, id: Uuid) -> AppResult<Retrospective> {
        let retro = self.store.retrospective(self.viewer.workspace_id, id).await?;
        self.partnership(retro.partnership_id).await?;
        Ok(retro)
    }

    pub async fn hold_retrospective(
        &self,
        partnership_id: Uuid,
        draft: &RetrospectiveDraft,
    ) -> AppResult<Retrospective> {
        self.writable_partnership(partnership_id).await?;
        let valid = draft.validate(self.today())?;
        if let Some(milestone) = valid.milestone_id {
            match self.store.milestone(self.viewer.workspace_id, milestone).await {
                Ok(m) if m.partnership_id == partnership_id => {}
                Ok(_) | Err(StoreError::NotFound) => {
                    return Err(
                        ValidationErrors::single("milestone_id", "must be a milestone of this partnership").into()
                    );
                }
                Err(other) => return Err(other.into()),
            }
        }
        Ok(self
            .store
            .create_retrospective(self.viewer.workspace_id, partnership_id, &valid, self.viewer.user_id)
            .await?)
    }

    /// Adds what one person has to say; an anonymous item keeps no trace of who wrote it.
    pub async fn add_retrospective_item(
        &self,
        retrospective_id: Uuid,
        draft: &RetrospectiveItemDraft,
    ) -> AppResult<RetrospectiveItem> {
        let retro = self.retrospective(retrospective_id).await?;
        let partnership = self.writable_partnership(retro.partnership_id).await?;
        let valid = draft.validate(&partnership.member_ids(), self.today())?;
        Ok(self
            .store
            .add_retrospective_item(self.viewer.workspace_id, retrospective_id, &valid, self.viewer.user_id)
            .await?)
    }
}
