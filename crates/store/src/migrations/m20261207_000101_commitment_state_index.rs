use sea_orm_migration::prelude::*;

use super::index;

pub(super) struct CommitmentStateIndex;

impl MigrationName for CommitmentStateIndex {
    fn name(&self) -> &str {
        "m20261207_000101_commitment_state_index"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CommitmentStateIndex {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A write's trust refresh reads only the partnership's commitments that can count today
        // (done, or past their due date): two range reads here instead of every open promise.
        manager
            .create_index(index(
                "commitments",
                "commitments_by_partnership_state",
                &["partnership_id", "done_on", "due_on"],
            ))
            .await
    }
}
