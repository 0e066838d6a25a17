//! One person's view of one workspace: the directory of organisations and partnerships, goals,
//! milestones, commitments and check-ins, each use case with its permission check (SPEC 7).

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::NaiveDate;
use rapport_core::ValidationErrors;
use rapport_core::access::{Action, Viewer};
use rapport_core::commitment::Agreed;
use rapport_core::records::*;
use rapport_core::zone::TimeZone;
use rapport_store::{CommitmentFilter, Page, PageRequest, Store, StoreError};

use crate::{AppError, AppResult};
use uuid::Uuid;

fn require(allowed: bool, why: &'static str) -> AppResult<()> {
    if allowed { Ok(()) } else { Err(AppError::Forbidden(why)) }
}

const READ_ONLY: &str = "observers can read but not change anything";
const COORDINATORS_ONLY: &str = "only coordinators and owners can do this";
const OWN_ORGANIZATION_ONLY: &str = "only coordinators and the organisation's own members can edit it";
const OWN_CONTACTS_ONLY: &str = "only coordinators and the organisation's own members can change its contacts";

/// One person's view of one workspace, and everything they may do in it.
pub struct Session<'a> {
    pub(crate) store: &'a Store,
    pub viewer: Viewer,
    /// Partnerships already found visible to the viewer. A page asks about the same
    /// partnership once per panel; a session lives for one request, and forgets a partnership
    /// it changes.
    seen: Mutex<HashMap<Uuid, Partnership>>,
    /// Organisations already read in this request: an organisation's page asks about it for
    /// its profile, its contacts, its reliability and its suggestions. Forgotten when changed.
    organizations_read: Mutex<HashMap<Uuid, Organization>>,
    /// Whether e-mail goes out from this server (`App::with_mail`).
    pub(crate) sends_mail: bool,
    /// Whether hooks may point at loopback and private addresses (`App::with_private_webhooks`).
    pub(crate) allow_private_webhooks: bool,
}

impl<'a> Session<'a> {
    pub fn new(store: &'a Store, viewer: Viewer) -> Session<'a> {
        Session {
            store,
            viewer,
            seen: Mutex::default(),
            organizations_read: Mutex::default(),
            sends_mail: false,
            allow_private_webhooks: false,
        }
    }
}

impl Session<'_> {
    fn ws(&self) -> Uuid {
        self.viewer.workspace_id
    }

    fn by(&self) -> Option<Uuid> {
        Some(self.viewer.user_id)
    }

    /// The workspace's "today": the date on its clocks (its time zone) at this moment. What is
    /// due or overdue, and the day a form starts on, follow from it.
    pub fn today(&self) -> NaiveDate {
        self.viewer.time_zone.today(self.store.now())
    }

    /// A moment as the workspace's clocks showed it, its zone named.
    pub fn moment(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        self.viewer.time_zone.moment(at)
    }

    // Organisations: everyone in the workspace reads the directory; coordinators manage it and
    // members keep their own organisation's profile.

    pub async fn organizations(&self, page: PageRequest) -> AppResult<Page<Organization>> {
        Ok(self.store.organizations(self.ws(), page).await?)
    }

    pub async fn organization_directory(&self) -> AppResult<Vec<Organization>> {
        Ok(self.store.organization_directory(self.ws()).await?)
    }

    pub async fn organization(&self, id: Uuid) -> AppResult<Organization> {
        if let Some(read) = self.organizations_read().get(&id) {
            return Ok(read.clone());
        }
        let organization = self.store.organization(self.ws(), id).await?;
        self.organizations_read().insert(id, organization.clone());
        Ok(organization)
    }

    fn organizations_read(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Organization>> {
        self.organizations_read.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub async fn create_organization(&self, draft: &OrganizationDraft) -> AppResult<Organization> {
        require(self.viewer.can_write(), READ_ONLY)?;
        require(self.viewer.may(Action::ManageNetwork), COORDINATORS_ONLY)?;
        let valid = draft.validate()?;
        Ok(self.store.create_organization(self.ws(), &valid).await?)
    }

    /// The organisation, when the caller may edit its profile: asked before showing a form too,
    /// so nobody fills one in only to be refused.
    pub async fn organization_to_edit(&self, id: Uuid) -> AppResult<Organization> {
        let organization = self.organization(id).await?;
        require(self.viewer.can_edit_organization(id), OWN_ORGANIZATION_ONLY)?;
        Ok(organization)
    }

    /// The organisation, when the caller may change its contacts.
    pub async fn organization_for_contacts(&self, id: Uuid) -> AppResult<Organization> {
        let organization = self.organization(id).await?;
        require(self.viewer.can_edit_organization(id), OWN_CONTACTS_ONLY)?;
        Ok(organization)
    }

    /// The contact, when the caller may change it.
    pub async fn contact_to_edit(&self, id: Uuid) -> AppResult<Contact> {
        let contact = self.store.contact(self.ws(), id).await?;
        require(self.viewer.can_edit_organization(contact.organization_id), OWN_CONTACTS_ONLY)?;
        Ok(contact)
    }

    pub async fn update_organization(
        &self,
        id: Uuid,
        draft: &OrganizationDraft,
        version: Option<i32>,
    ) -> AppResult<Organization> {
        self.organization_to_edit(id).await?;
        let valid = draft.validate()?;
        self.organizations_read().remove(&id);
        Ok(self.store.update_organization(self.ws(), id, &valid, version).await?)
    }

    pub async fn archive_organization(&self, id: Uuid, archived: bool) -> AppResult<Organization> {
        self.organization(id).await?;
        require(self.viewer.may(Action::ManageNetwork), COORDINATORS_ONLY)?;
        self.organizations_read().remove(&id);
        Ok(self.store.archive_organization(self.ws(), id, archived).await?)
    }

    pub async fn contacts(&self, organization_id: Uuid) -> AppResult<Vec<Contact>> {
        self.organization(organization_id).await?;
        Ok(self.store.contacts(self.ws(), organization_id).await?)
    }

    pub async fn create_contact(&self, organization_id: Uuid, draft: &ContactDraft) -> AppResult<Contact> {
        self.organization_for_contacts(organization_id).await?;
        let valid = self.valid_contact(draft).await?;
        Ok(self.store.create_contact(self.ws(), organization_id, &valid).await?)
    }

    pub async fn update_contact(&self, id: Uuid, draft: &ContactDraft, version: Option<i32>) -> AppResult<Contact> {
        self.contact_to_edit(id).await?;
        let valid = self.valid_contact(draft).await?;
        Ok(self.store.update_contact(self.ws(), id, &valid, version).await?)
    }

    /// The draft validated, its owner (who keeps in touch) checked to be in the workspace.
    async fn valid_contact(&self, draft: &ContactDraft) -> AppResult<ValidContact> {
        let mut errors = ValidationErrors::new();
        let owner: Vec<(String, Uuid)> =
            draft.owner_user_id.map(|id| ("owner_user_id".to_owned(), id)).into_iter().collect();
        self.check_people(&owner, &mut errors).await?;
        match draft.validate(self.today()) {
            Ok(valid) if errors.is_empty() => Ok(valid),
            Ok(_) => Err(errors.into()),
            Err(mut invalid) => {
                invalid.0.extend(errors.0);
                Err(invalid.into())
            }
        }
    }

    /// Logs being in touch with a contact, which resets its follow-up clock. Whoever may change
    /// the organisation's contacts may log them.
    pub async fn log_contact(&self, contact_id: Uuid, draft: &ContactNoteDraft) -> AppResult<ContactNote> {
        let contact = self.contact(contact_id).await?;
        require(
            self.viewer.can_edit_organization(contact.organization_id),
            "only coordinators and the organisation's own members can log its contacts",
        )?;
        let valid = draft.validate(self.today())?;
        Ok(self.store.log_contact(self.ws(), contact_id, &valid, self.by()).await?)
    }

    pub async fn contact_notes(&self, contact_id: Uuid) -> AppResult<Vec<ContactNote>> {
        self.contact(contact_id).await?;
        Ok(self.store.contact_notes(self.ws(), contact_id).await?)
    }

    /// The caller's contacts past their follow-up interval, longest overdue first, each with its
    /// organisation's name.
    pub async fn my_overdue_follow_ups(&self) -> AppResult<Vec<(Contact, String)>> {
        Ok(self.store.overdue_follow_ups(self.ws(), self.viewer.user_id, self.today()).await?)
    }

    pub async fn archive_contact(&self, id: Uuid) -> AppResult<()> {
        self.contact_to_edit(id).await?;
        Ok(self.store.archive_contact(self.ws(), id).await?)
    }

    // Partnerships: visible to the whole-workspace roles and to their members' people.

    pub async fn partnerships(&self, organization: Option<Uuid>, page: PageRequest) -> AppResult<Page<Partnership>> {
        Ok(self.store.partnerships(&self.viewer, organization, page).await?)
    }

    pub async fn partnership(&self, id: Uuid) -> AppResult<Partnership> {
        if let Some(seen) = self.seen().get(&id) {
            return Ok(seen.clone());
        }
        let partnership = self.store.visible_partnership(&self.viewer, id).await?;
        self.seen().insert(id, partnership.clone());
        Ok(partnership)
    }

    /// The partnership read afresh with a reading of its stamp, for what is kept under it.
    pub(crate) async fn partnership_read(&self, id: Uuid) -> AppResult<(Partnership, rapport_store::Reading)> {
        let (partnership, reading) = self.store.visible_partnership_read(&self.viewer, id).await?;
        self.seen().insert(id, partnership.clone());
        Ok((partnership, reading))
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Partnership>> {
        self.seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The partnership, if the caller may record things in it: asked before showing a form too,
    /// so nobody fills one in only to be refused.
    pub async fn writable_partnership(&self, id: Uuid) -> AppResult<Partnership> {
        let partnership = self.partnership(id).await?;
        require(self.viewer.can_record_in_partnership(&partnership.member_ids()), READ_ONLY)?;
        if partnership.archived_at.is_some() {
            return Err(AppError::Conflict(
                "this partnership is archived: restore it before recording anything in it".into(),
            ));
        }
        Ok(partnership)
    }

    pub async fn create_partnership(&self, draft: &PartnershipDraft) -> AppResult<Partnership> {
        require(self.viewer.can_write(), READ_ONLY)?;
        require(self.viewer.may(Action::ManageNetwork), COORDINATORS_ONLY)?;
        let valid = draft.validate()?;
        Ok(self.store.create_partnership(self.ws(), &valid, self.by()).await?)
    }

    pub async fn update_partnership(
        &self,
        id: Uuid,
        draft: &PartnershipDraft,
        version: Option<i32>,
    ) -> AppResult<Partnership> {
        self.partnership(id).await?;
        require(self.viewer.may(Action::ManageNetwork), COORDINATORS_ONLY)?;
        let valid = draft.validate()?;
        self.seen().remove(&id);
        Ok(self.store.update_partnership(self.ws(), id, &valid, version, self.by()).await?)
    }

    pub async fn archive_partnership(&self, id: Uuid, archived: bool) -> AppResult<Partnership> {
        self.partnership(id).await?;
        require(self.viewer.may(Action::ManageNetwork), COORDINATORS_ONLY)?;
        self.seen().remove(&id);
        Ok(self.store.archive_partnership(self.ws(), id, archived).await?)
    }

    pub async fn vision_history(&self, partnership_id: Uuid) -> AppResult<Vec<VisionRevision>> {
        self.partnership(partnership_id).await?;
        Ok(self.store.vision_history(self.ws(), partnership_id).await?)
    }

    // Goals and milestones.

    pub async fn goals(&self, partnership_id: Uuid, include_archived: bool) -> AppResult<Vec<Goal>> {
        self.partnership(partnership_id).await?;
        Ok(self.store.goals(self.ws(), partnership_id, include_archived).await?)
    }

    pub async fn goal(&self, id: Uuid) -> AppResult<Goal> {
        let goal = self.store.goal(self.ws(), id).await?;
        self.partnership(goal.partnership_id).await?;
        Ok(goal)
    }

    fn check_goal_owner(partnership: &Partnership, goal: &ValidGoal) -> AppResult<()> {
        match goal.owner_organization_id {
            Some(owner) if !partnership.member_ids().contains(&owner) => Err(ValidationErrors::single(
                "owner_organization_id",
                "must be a member organisation of this partnership",
            )
            .into()),
            _ => Ok(()),
        }
    }

    pub async fn create_goal(&self, partnership_id: Uuid, draft: &GoalDraft) -> AppResult<Goal> {
        let partnership = self.writable_partnership(partnership_id).await?;
        let valid = draft.validate()?;
        Self::check_goal_owner(&partnership, &valid)?;
        Ok(self.store.create_goal(self.ws(), partnership_id, &valid).await?)
    }

    pub async fn update_goal(&self, id: Uuid, draft: &GoalDraft, version: Option<i32>) -> AppResult<Goal> {
        let goal = self.goal(id).await?;
        let partnership = self.writable_partnership(goal.partnership_id).await?;
        let valid = draft.validate()?;
        Self::check_goal_owner(&partnership, &valid)?;
        Ok(self.store.update_goal(self.ws(), id, &valid, version).await?)
    }

    pub async fn archive_goal(&self, id: Uuid, archived: bool) -> AppResult<Goal> {
        let goal = self.goal(id).await?;
        self.writable_partnership(goal.partnership_id).await?;
        Ok(self.store.archive_goal(self.ws(), id, archived).await?)
    }

    pub async fn add_goal_update(&self, goal_id: Uuid, draft: &GoalUpdateDraft) -> AppResult<GoalUpdate> {
        let goal = self.goal(goal_id).await?;
        self.writable_partnership(goal.partnership_id).await?;
        let valid = draft.validate()?;
        Ok(self.store.add_goal_update(self.ws(), goal_id, &valid, self.by()).await?)
    }

    pub async fn goal_updates(&self, goal_id: Uuid) -> AppResult<Vec<GoalUpdate>> {
        self.goal(goal_id).await?;
        Ok(self.store.goal_updates(self.ws(), goal_id).await?)
    }

    pub async fn milestones(&self, partnership_id: Uuid, goal_id: Option<Uuid>) -> AppResult<Vec<Milestone>> {
        self.partnership(partnership_id).await?;
        Ok(self.store.milestones(self.ws(), partnership_id, goal_id).await?)
    }

    pub async fn create_milestone(&self, goal_id: Uuid, draft: &MilestoneDraft) -> AppResult<Milestone> {
        let goal = self.goal(goal_id).await?;
        self.writable_partnership(goal.partnership_id).await?;
        let valid = draft.validate(self.today())?;
        Ok(self.store.create_milestone(self.ws(), &goal, &valid).await?)
    }

    pub async fn milestone(&self, id: Uuid) -> AppResult<Milestone> {
        let milestone = self.store.milestone(self.ws(), id).await?;
        self.partnership(milestone.partnership_id).await?;
        Ok(milestone)
    }

    pub async fn update_milestone(
        &self,
        id: Uuid,
        draft: &MilestoneDraft,
        version: Option<i32>,
    ) -> AppResult<Milestone> {
        let milestone = self.milestone(id).await?;
        self.writable_partnership(milestone.partnership_id).await?;
        let valid = draft.validate(self.today())?;
        Ok(self.store.update_milestone(self.ws(), id, &valid, version).await?)
    }

    pub async fn archive_milestone(&self, id: Uuid) -> AppResult<()> {
        let milestone = self.milestone(id).await?;
        self.writable_partnership(milestone.partnership_id).await?;
        Ok(self.store.archive_milestone(self.ws(), id).await?)
    }

    // Commitments.

    pub async fn commitments(
        &self,
        partnership_id: Uuid,
        filter: CommitmentFilter,
        page: PageRequest,
    ) -> AppResult<Page<Commitment>> {
        self.partnership(partnership_id).await?;
        Ok(self.store.commitments(self.ws(), partnership_id, filter, page).await?)
    }

    pub async fn commitment(&self, id: Uuid) -> AppResult<Commitment> {
        let commitment = self.store.commitment(self.ws(), id).await?;
        self.partnership(commitment.partnership_id).await?;
        Ok(commitment)
    }

    pub async fn commitment_history(&self, id: Uuid) -> AppResult<Vec<CommitmentEvent>> {
        self.commitment(id).await?;
        Ok(self.store.commitment_history(self.ws(), id).await?)
    }

    /// Names each of `people` (field, user id) who is not a person of this workspace: a record
    /// may only point at people its readers could know.
    async fn check_people(&self, people: &[(String, Uuid)], errors: &mut ValidationErrors) -> AppResult<()> {
        if people.is_empty() {
            return Ok(());
        }
        let members = self.store.members(self.ws()).await?;
        for (field, id) in people {
            if !members.iter().any(|m| m.user_id == *id) {
                errors.add(field.clone(), "must be a person in this workspace");
            }
        }
        Ok(())
    }

    pub async fn create_commitment(&self, partnership_id: Uuid, draft: &CommitmentDraft) -> AppResult<Commitment> {
        let partnership = self.writable_partnership(partnership_id).await?;
        let mut errors = ValidationErrors::new();
        let members = partnership.member_ids();
        let valid = draft.validate_in(PromiseContext::today(&members, self.today()), "", &mut errors);
        let people: Vec<(String, Uuid)> =
            draft.promisor_user_id.map(|id| ("promisor_user_id".to_owned(), id)).into_iter().collect();
        self.check_people(&people, &mut errors).await?;
        let valid = errors.finish_parsed(valid, |valid| valid)?;
        let commitment = self.store.create_commitment(self.ws(), partnership_id, &valid, self.by()).await?;
        Ok(commitment)
    }

    async fn writable_commitment(&self, id: Uuid) -> AppResult<Commitment> {
        let commitment = self.commitment(id).await?;
        self.writable_partnership(commitment.partnership_id).await?;
        Ok(commitment)
    }

    /// Corrects a commitment's record (issue 22): the wording at any time, the parties and the
    /// due date while it is open and not yet due. Whoever may record in the partnership may.
    pub async fn correct_commitment(
        &self,
        id: Uuid,
        draft: &CommitmentDraft,
        version: Option<i32>,
    ) -> AppResult<Commitment> {
        let commitment = self.writable_commitment(id).await?;
        if commitment.archived_at.is_some() {
            return Err(AppError::Conflict("this commitment is archived: it was recorded by mistake".into()));
        }
        let partnership = self.partnership(commitment.partnership_id).await?;
        let (valid, mut errors) = match draft.validate_correction(&partnership.member_ids(), commitment.made_on) {
            Ok(valid) => (Some(valid), ValidationErrors::new()),
            Err(errors) => (None, errors),
        };
        // A person already named stays valid even if they have since left the workspace.
        let people: Vec<(String, Uuid)> = draft
            .promisor_user_id
            .filter(|id| commitment.promisor_user_id != Some(*id))
            .map(|id| ("promisor_user_id".to_owned(), id))
            .into_iter()
            .collect();
        self.check_people(&people, &mut errors).await?;
        let valid = errors.finish_parsed(valid, |valid| valid)?;
        Ok(self.store.correct_commitment(self.ws(), id, &valid, version, self.by()).await?)
    }

    pub async fn complete_commitment(
        &self,
        id: Uuid,
        done_on: Option<NaiveDate>,
        version: Option<i32>,
    ) -> AppResult<Commitment> {
        self.writable_commitment(id).await?;
        let done_on = done_on.unwrap_or_else(|| self.today());
        let commitment = self.store.complete_commitment(self.ws(), id, done_on, version, self.by()).await?;
        Ok(commitment)
    }

    pub async fn renegotiate_commitment(
        &self,
        id: Uuid,
        new_due_on: NaiveDate,
        reason: &str,
        agreed_on: Option<NaiveDate>,
        version: Option<i32>,
    ) -> AppResult<Commitment> {
        self.writable_commitment(id).await?;
        let agreed = Agreed { reason, on: agreed_on.unwrap_or_else(|| self.today()) };
        Ok(self.store.renegotiate_commitment(self.ws(), id, new_due_on, agreed, version, self.by()).await?)
    }

    /// Cancels by agreement; `agreed_on` is the day both sides agreed, today when `None`.
    pub async fn cancel_commitment(
        &self,
        id: Uuid,
        reason: &str,
        agreed_on: Option<NaiveDate>,
        version: Option<i32>,
    ) -> AppResult<Commitment> {
        self.writable_commitment(id).await?;
        let agreed = Agreed { reason, on: agreed_on.unwrap_or_else(|| self.today()) };
        Ok(self.store.cancel_commitment(self.ws(), id, agreed, version, self.by()).await?)
    }

    pub async fn archive_commitment(&self, id: Uuid) -> AppResult<()> {
        self.writable_commitment(id).await?;
        Ok(self.store.archive_commitment(self.ws(), id).await?)
    }

    // Check-ins.

    pub async fn checkins(&self, partnership_id: Uuid, page: PageRequest) -> AppResult<Page<CheckIn>> {
        self.partnership(partnership_id).await?;
        Ok(self.store.checkins(self.ws(), partnership_id, page).await?)
    }

    pub async fn checkin(&self, id: Uuid) -> AppResult<CheckIn> {
        let checkin = self.store.checkin(self.ws(), id).await?;
        self.partnership(checkin.partnership_id).await?;
        Ok(checkin)
    }

    pub async fn create_checkin(&self, partnership_id: Uuid, draft: &CheckInDraft) -> AppResult<CheckIn> {
        let partnership = self.writable_partnership(partnership_id).await?;
        let mut people: Vec<(String, Uuid)> = draft
            .attendee_user_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (format!("attendee_user_ids[{i}]"), *id))
            .collect();
        for (i, item) in draft.action_items.iter().enumerate() {
            if let Some(id) = item.promisor_user_id {
                people.push((format!("action_items[{i}].promisor_user_id"), id));
            }
        }
        let mut unknown_people = ValidationErrors::new();
        self.check_people(&people, &mut unknown_people).await?;
        let valid = match draft.validate(&partnership.member_ids(), self.today()) {
            Ok(valid) if unknown_people.is_empty() => valid,
            Ok(_) => return Err(unknown_people.into()),
            Err(mut errors) => {
                errors.0.extend(unknown_people.0);
                return Err(errors.into());
            }
        };
        let pulse = self.pulse_after_checkin(partnership_id, valid.held_on).await;
        Ok(self.store.create_checkin(self.ws(), partnership_id, &valid, pulse.as_ref(), self.by()).await?)
    }

    /// Corrects who attended a check-in and what it recorded (issue 22).
    pub async fn correct_checkin(
        &self,
        id: Uuid,
        draft: &CheckInCorrection,
        version: Option<i32>,
    ) -> AppResult<CheckIn> {
        let checkin = self.checkin(id).await?;
        let partnership = self.writable_partnership(checkin.partnership_id).await?;
        if checkin.archived_at.is_some() {
            return Err(AppError::Conflict("this check-in is archived: restore it before correcting it".into()));
        }
        let newcomers: Vec<(String, Uuid)> = draft
            .attendee_user_ids
            .iter()
            .enumerate()
            .filter(|(_, id)| !checkin.attendee_user_ids.contains(id))
            .map(|(i, id)| (format!("attendee_user_ids[{i}]"), *id))
            .collect();
        let mut unknown_people = ValidationErrors::new();
        self.check_people(&newcomers, &mut unknown_people).await?;
        let valid = match draft.validate(&partnership.member_ids()) {
            Ok(valid) if unknown_people.is_empty() => valid,
            Ok(_) => return Err(unknown_people.into()),
            Err(mut errors) => {
                errors.0.extend(unknown_people.0);
                return Err(errors.into());
            }
        };
        Ok(self.store.correct_checkin(self.ws(), id, &valid, version, self.by()).await?)
    }

    /// A check-in's history: when it was recorded and each correction since, oldest first.
    pub async fn checkin_history(&self, id: Uuid) -> AppResult<Vec<rapport_core::timeline::ActivityEntry>> {
        self.checkin(id).await?;
        Ok(self.store.record_activity(self.ws(), id).await?)
    }

    pub async fn archive_checkin(&self, id: Uuid) -> AppResult<()> {
        let checkin = self.checkin(id).await?;
        self.writable_partnership(checkin.partnership_id).await?;
        Ok(self.store.archive_checkin(self.ws(), id).await?)
    }

    // People in the workspace.

    pub async fn members(&self) -> AppResult<Vec<WorkspaceMember>> {
        Ok(self.store.members(self.ws()).await?)
    }

    pub async fn set_member(&self, user_id: Uuid, role: rapport_core::Role, organizations: &[Uuid]) -> AppResult<()> {
        require(self.viewer.may(Action::ManageWorkspace), "only owners can change people's roles")?;
        self.store.viewer(self.ws(), user_id).await?.ok_or(AppError::NotFound)?;
        // Check the organisations before changing anything, so a bad one changes nothing.
        let mut errors = ValidationErrors::new();
        if !errors.at_most("organizations", organizations, rapport_core::validate::limits::PERSON_ORGANIZATIONS) {
            return Err(errors.into());
        }
        for (i, organization_id) in organizations.iter().enumerate() {
            match self.store.organization(self.ws(), *organization_id).await {
                Ok(_) => {}
                Err(StoreError::NotFound) => {
                    errors.add(format!("organizations[{i}]"), "no such organisation in this workspace");
                }
                Err(other) => return Err(other.into()),
            }
        }
        errors.finish(|| ())?;
        self.store.set_membership(self.ws(), user_id, role, organizations).await?;
        Ok(())
    }

    /// Sets the workspace's time zone by its IANA name (owners only): from then on its "today"
    /// and the moments its pages show are its clocks'.
    pub async fn set_time_zone(&self, name: &str) -> AppResult<TimeZone> {
        require(self.viewer.may(Action::ManageWorkspace), "only owners can change the workspace's time zone")?;
        let zone = TimeZone::parse(name, "time_zone")?;
        self.store.set_workspace_time_zone(self.ws(), zone).await?;
        Ok(zone)
    }

    /// Sets the language the workspace's pages speak to whoever chose none (owners only).
    pub async fn set_default_language(&self, language: &rapport_core::lang::LanguageCode) -> AppResult<()> {
        require(self.viewer.may(Action::ManageWorkspace), "only owners can change the workspace's language")?;
        self.store.set_workspace_language(self.ws(), language).await?;
        Ok(())
    }

    pub async fn rename_workspace(&self, name: &str) -> AppResult<()> {
        require(self.viewer.may(Action::ManageWorkspace), "only owners can rename the workspace")?;
        let mut errors = ValidationErrors::new();
        let name = errors.required_text("name", name, 200);
        errors.finish(|| ())?;
        Ok(self.store.rename_workspace(self.ws(), &name).await?)
    }

    pub async fn contact(&self, id: Uuid) -> AppResult<Contact> {
        let contact = self.store.contact(self.ws(), id).await?;
        self.organization(contact.organization_id).await?;
        Ok(contact)
    }

    /// The caller's own open promises (made by them, or by an organisation they belong to) in
    /// live partnerships they can see, soonest due first, each with its partnership.
    pub async fn my_open_commitments(&self, limit: u64) -> AppResult<Vec<(Commitment, Partnership)>> {
        let commitments =
            self.store.open_commitments_of(self.ws(), self.viewer.user_id, &self.viewer.organizations, limit).await?;
        let mut seen: Vec<(Uuid, Option<Partnership>)> = Vec::new();
        let mut mine = Vec::new();
        for commitment in commitments {
            let partnership = match seen.iter().find(|(id, _)| *id == commitment.partnership_id) {
                Some((_, found)) => found.clone(),
                None => {
                    let found = match self.partnership(commitment.partnership_id).await {
                        Ok(p) => Some(p),
                        Err(AppError::NotFound) => None,
                        Err(other) => return Err(other),
                    };
                    seen.push((commitment.partnership_id, found.clone()));
                    found
                }
            };
            if let Some(partnership) = partnership.filter(|p| p.archived_at.is_none()) {
                mine.push((commitment, partnership));
            }
        }
        Ok(mine)
    }
}
