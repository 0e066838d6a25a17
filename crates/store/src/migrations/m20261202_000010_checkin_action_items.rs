use sea_orm_migration::prelude::*;

use super::index;

pub(super) struct CheckInActionItems;

impl MigrationName for CheckInActionItems {
    fn name(&self) -> &str {
        "m20261202_000010_checkin_action_items"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for CheckInActionItems {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A check-in's action items are found by `checkin_id`; without an index every check-in
        // list scanned all the workspace's commitments (160 ms on the large network).
        manager.create_index(index("commitments", "commitments_by_checkin", &["checkin_id"])).await
    }
}
