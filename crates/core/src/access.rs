//! Who may see and do what (SPEC 7). Every route asks a [`Viewer`] before it reads or writes.

use uuid::Uuid;

pub use crate::kinds::Role;

/// The person asking, as their workspace sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub user_id: Uuid,
    pub workspace_id: Uuid,
    pub role: Role,
    /// The organisations this person belongs to in the workspace.
    pub organizations: Vec<Uuid>,
    /// The workspace's time zone, which decides its "today".
    pub time_zone: crate::zone::TimeZone,
}

/// Something a person may want to do, for the checks that do not depend on a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Rename the workspace, change anyone's role.
    ManageWorkspace,
    /// Create, edit and archive any organisation or partnership.
    ManageNetwork,
    /// Invite someone with the given role.
    Invite(Role),
    /// Read the workspace's activity log: who changed what.
    ReadActivityLog,
}

impl Viewer {
    /// Owners, coordinators and observers see the whole workspace; members see their own part.
    pub fn sees_whole_workspace(&self) -> bool {
        matches!(self.role, Role::Owner | Role::Coordinator | Role::Observer)
    }

    /// Observers read but never write.
    pub fn can_write(&self) -> bool {
        self.role != Role::Observer
    }

    pub fn may(&self, action: Action) -> bool {
        match action {
            Action::ManageWorkspace => self.role == Role::Owner,
            Action::ManageNetwork | Action::ReadActivityLog => matches!(self.role, Role::Owner | Role::Coordinator),
            Action::Invite(role) => match self.role {
                Role::Owner => true,
                Role::Coordinator => matches!(role, Role::Member | Role::Observer),
                Role::Member | Role::Observer => false,
            },
        }
    }

    pub fn belongs_to(&self, organization_id: Uuid) -> bool {
        self.organizations.contains(&organization_id)
    }

    /// A member may edit the profile and contacts of the organisations they belong to.
    pub fn can_edit_organization(&self, organization_id: Uuid) -> bool {
        self.may(Action::ManageNetwork) || (self.role == Role::Member && self.belongs_to(organization_id))
    }

    /// A partnership is visible to the whole-workspace roles and to members of its organisations.
    pub fn sees_partnership(&self, member_organizations: &[Uuid]) -> bool {
        self.sees_whole_workspace() || member_organizations.iter().any(|org| self.belongs_to(*org))
    }

    /// Goals, milestones, commitments and check-ins may be recorded by anyone who sees the
    /// partnership and may write.
    pub fn can_record_in_partnership(&self, member_organizations: &[Uuid]) -> bool {
        self.can_write() && self.sees_partnership(member_organizations)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role, organizations: Vec<Uuid>) -> Viewer {
        Viewer {
            user_id: Uuid::nil(),
            workspace_id: Uuid::nil(),
            role,
            organizations,
            time_zone: crate::zone::TimeZone::UTC,
        }
    }

    #[test]
    fn members_see_only_partnerships_of_their_organisations() {
        let mine = Uuid::from_u128(1);
        let theirs = Uuid::from_u128(2);
        let member = viewer(Role::Member, vec![mine]);
        assert!(member.sees_partnership(&[mine, theirs]));
        assert!(!member.sees_partnership(&[theirs]));
        assert!(member.can_edit_organization(mine));
        assert!(!member.can_edit_organization(theirs));
    }

    #[test]
    fn observers_read_everything_and_write_nothing() {
        let observer = viewer(Role::Observer, vec![]);
        assert!(observer.sees_partnership(&[Uuid::from_u128(9)]));
        assert!(!observer.can_record_in_partnership(&[Uuid::from_u128(9)]));
        assert!(!observer.may(Action::ManageNetwork));
        assert!(!observer.can_edit_organization(Uuid::from_u128(9)));
    }

    #[test]
    fn coordinators_invite_members_and_observers_but_not_owners() {
        let coordinator = viewer(Role::Coordinator, vec![]);
        assert!(coordinator.may(Action::Invite(Role::Member)));
        assert!(coordinator.may(Action::Invite(Role::Observer)));
        assert!(!coordinator.may(Action::Invite(Role::Owner)));
        assert!(!coordinator.may(Action::ManageWorkspace));
        assert!(viewer(Role::Owner, vec![]).may(Action::Invite(Role::Owner)));
    }
}
