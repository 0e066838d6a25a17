//! Links to documents (issue 26): whoever sees a partnership, goal, check-in, commitment or
//! retrospective reads its links; whoever may record in its partnership adds and removes them.

use rapport_core::links::{DocumentLink, LinkDraft, LinkedKind, MAX_LINKS};
use uuid::Uuid;

use crate::{AppResult, Session};

impl Session<'_> {
    /// The partnership of the record, if the caller sees the record; `NotFound` otherwise.
    async fn linked_partnership(&self, kind: LinkedKind, id: Uuid) -> AppResult<Uuid> {
        Ok(match kind {
            LinkedKind::Partnership => self.partnership(id).await?.id,
            LinkedKind::Goal => self.goal(id).await?.partnership_id,
            LinkedKind::CheckIn => self.checkin(id).await?.partnership_id,
            LinkedKind::Commitment => self.commitment(id).await?.partnership_id,
            LinkedKind::Retrospective => self.retrospective(id).await?.partnership_id,
        })
    }

    pub async fn links(&self, kind: LinkedKind, id: Uuid) -> AppResult<Vec<DocumentLink>> {
        self.linked_partnership(kind, id).await?;
        Ok(self.store.links(self.viewer.workspace_id, id).await?)
    }

    pub async fn add_link(&self, kind: LinkedKind, id: Uuid, draft: &LinkDraft) -> AppResult<DocumentLink> {
        let partnership = self.linked_partnership(kind, id).await?;
        self.writable_partnership(partnership).await?;
        let valid = draft.validate()?;
        Ok(self
            .store
            .add_link(self.viewer.workspace_id, kind, id, partnership, &valid, MAX_LINKS, Some(self.viewer.user_id))
            .await?)
    }

    /// Removes a link; returns it as it was, for the page to go back to its record.
    pub async fn remove_link(&self, id: Uuid) -> AppResult<DocumentLink> {
        let link = self.store.link(self.viewer.workspace_id, id).await?;
        self.linked_partnership(link.record_kind, link.record_id).await?;
        self.writable_partnership(link.partnership_id).await?;
        self.store.remove_link(self.viewer.workspace_id, id, Some(self.viewer.user_id)).await?;
        Ok(link)
    }
}
