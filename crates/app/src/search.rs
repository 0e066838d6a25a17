//! Finding things: the header's search box and `GET …/search`.

use rapport_core::search::{SearchHit, SearchQuery};

use crate::{AppError, AppResult, Session};

impl Session<'_> {
    /// What the caller may see among the organisations, contacts, partnerships, goals,
    /// commitments and check-ins matching `q` (ranked, at most
    /// `rapport_core::search::MAX_RESULTS`). The store asks only about what the viewer's role
    /// reaches; each hit that belongs to a partnership is then held to the same check as its
    /// record page ([`Session::partnership`]), so nothing is found, not even a title, that its
    /// page would answer 404 for. Organisations and contacts are the workspace's directory,
    /// which everyone in it reads.
    pub async fn search(&self, q: &str) -> AppResult<Vec<SearchHit>> {
        let query = SearchQuery::parse(q)?;
        let hits = self.store.search(&self.viewer, &query).await?;
        let mut visible = Vec::with_capacity(hits.len());
        for hit in hits {
            if let Some(partnership) = hit.partnership_id {
                match self.partnership(partnership).await {
                    Ok(_) => {}
                    Err(AppError::NotFound) => continue,
                    Err(other) => return Err(other),
                }
            }
            visible.push(hit);
        }
        Ok(visible)
    }
}
