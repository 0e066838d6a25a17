//! Exports for a workspace's owners.

use rapport_core::access::Action;
use rapport_store::archive::{ArchiveError, SurveyAnswers};

use crate::{AppError, AppResult, Session};

impl Session<'_> {
    /// The whole workspace as one JSON document (`rapport_store::archive`), for its owners;
    /// anyone else gets 404, as for anything they may not see. Survey responses and answers are
    /// withheld: SPEC 4 lets no export show answers one by one to anyone in the workspace.
    pub async fn workspace_archive(&self) -> AppResult<Vec<u8>> {
        if !self.viewer.may(Action::ManageWorkspace) {
            return Err(AppError::NotFound);
        }
        let mut document = Vec::new();
        self.store
            .export_workspace(self.viewer.workspace_id, SurveyAnswers::Withheld, &mut document, &|_, _| {})
            .await
            .map_err(|e| match e {
                ArchiveError::Store(e) => AppError::from(e),
                other => AppError::internal(other),
            })?;
        Ok(document)
    }
}
