use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{index, reference, tenant_table};

pub(super) struct Initial;

impl MigrationName for Initial {
    fn name(&self) -> &str {
        "m20261123_000001_initial"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Initial {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            Table::create()
                .table("users")
                .col(pk_uuid("id"))
                .col(string_uniq("email"))
                .col(string("name"))
                .col(string("password_hash"))
                .col(boolean("is_admin"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
            Table::create()
                .table("sessions")
                .col(string("id").primary_key())
                .col(uuid("user_id"))
                .col(string("csrf_token"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("sessions", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
            Table::create()
                .table("api_tokens")
                .col(pk_uuid("id"))
                .col(uuid("user_id"))
                .col(string("name"))
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("last_used_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .foreign_key(&mut reference("api_tokens", "user_id", "users"))
                .to_owned(),
            Table::create()
                .table("workspaces")
                .col(pk_uuid("id"))
                .col(string("name"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
            tenant_table("workspace_members")
                .col(uuid("user_id"))
                .col(string("role"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut reference("workspace_members", "user_id", "users"))
                .to_owned(),
            tenant_table("organizations")
                .col(string("name"))
                .col(string("kind"))
                .col(text_null("mission"))
                .col(json_binary("focus_areas"))
                .col(string_null("website"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("archived_at"))
                .col(integer("version"))
                .to_owned(),
            tenant_table("organization_members")
                .col(uuid("organization_id"))
                .col(uuid("user_id"))
                .foreign_key(&mut reference("organization_members", "organization_id", "organizations"))
                .foreign_key(&mut reference("organization_members", "user_id", "users"))
                .to_owned(),
            tenant_table("invitations")
                .col(string("email"))
                .col(string("role"))
                .col(uuid_null("organization_id"))
                .col(string_uniq("token_hash"))
                .col(uuid("invited_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("accepted_at"))
                .to_owned(),
            tenant_table("contacts")
                .col(uuid("organization_id"))
                .col(string("name"))
                .col(string_null("role"))
                .col(string_null("email"))
                .col(string_null("phone"))
                .col(date_null("last_contacted_on"))
                .col(integer_null("follow_up_days"))
                .col(timestamp_with_time_zone_null("archived_at"))
                .col(integer("version"))
                .foreign_key(&mut reference("contacts", "organization_id", "organizations"))
                .to_owned(),
            tenant_table("partnerships")
                .col(string("name"))
                .col(string("kind"))
                .col(string("status"))
                .col(string("cadence"))
                .col(text_null("vision"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("archived_at"))
                .col(integer("version"))
                .to_owned(),
            tenant_table("partnership_members")
                .col(uuid("partnership_id"))
                .col(uuid("organization_id"))
                .col(string_null("role"))
                .foreign_key(&mut reference("partnership_members", "partnership_id", "partnerships"))
                .foreign_key(&mut reference("partnership_members", "organization_id", "organizations"))
                .to_owned(),
            tenant_table("vision_revisions")
                .col(uuid("partnership_id"))
                .col(text_null("vision"))
                .col(uuid_null("revised_by"))
                .col(timestamp_with_time_zone("revised_at"))
                .foreign_key(&mut reference("vision_revisions", "partnership_id", "partnerships"))
                .to_owned(),
            tenant_table("goals")
                .col(uuid("partnership_id"))
                .col(text("statement"))
                .col(string_null("metric"))
                .col(string_null("unit"))
                .col(double_null("baseline"))
                .col(double_null("target"))
                .col(double_null("current"))
                .col(uuid_null("owner_organization_id"))
                .col(text_null("relevance"))
                .col(date_null("due_on"))
                .col(string_null("confidence"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("archived_at"))
                .col(integer("version"))
                .foreign_key(&mut reference("goals", "partnership_id", "partnerships"))
                .to_owned(),
            tenant_table("goal_updates")
                .col(uuid("goal_id"))
                .col(double_null("current"))
                .col(string("confidence"))
                .col(text_null("comment"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut reference("goal_updates", "goal_id", "goals"))
                .to_owned(),
            tenant_table("milestones")
                .col(uuid("goal_id"))
                .col(uuid("partnership_id"))
                .col(string("title"))
                .col(date("due_on"))
                .col(date_null("met_on"))
                .col(timestamp_with_time_zone_null("archived_at"))
                .col(integer("version"))
                .foreign_key(&mut reference("milestones", "goal_id", "goals"))
                .to_owned(),
            tenant_table("checkins")
                .col(uuid("partnership_id"))
                .col(date("held_on"))
                .col(text_null("agenda"))
                .col(text_null("notes"))
                .col(text_null("decisions"))
                .col(json_binary("attendee_organization_ids"))
                .col(json_binary("attendee_user_ids"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("archived_at"))
                .col(integer("version"))
                .foreign_key(&mut reference("checkins", "partnership_id", "partnerships"))
                .to_owned(),
            tenant_table("commitments")
                .col(uuid("partnership_id"))
                .col(uuid("promisor_organization_id"))
                .col(uuid_null("promisor_user_id"))
                .col(uuid_null("promisee_organization_id"))
                .col(text("description"))
                .col(date("due_on"))
                .col(date_null("done_on"))
                .col(boolean("cancelled"))
                .col(uuid_null("checkin_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("archived_at"))
                .col(integer("version"))
                .foreign_key(&mut reference("commitments", "partnership_id", "partnerships"))
                .to_owned(),
            tenant_table("commitment_events")
                .col(uuid("commitment_id"))
                .col(string("kind"))
                .col(timestamp_with_time_zone("occurred_at"))
                .col(date_null("on_date"))
                .col(date_null("previous_due_on"))
                .col(date_null("new_due_on"))
                .col(text_null("reason"))
                .col(uuid_null("actor_user_id"))
                .foreign_key(&mut reference("commitment_events", "commitment_id", "commitments"))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        let indexes = [
            index("workspace_members", "workspace_members_by_user", &["user_id", "workspace_id"]).unique().to_owned(),
            index("organization_members", "organization_members_unique", &["organization_id", "user_id"])
                .unique()
                .to_owned(),
            index("organization_members", "organization_members_by_user", &["user_id"]),
            index("organizations", "organizations_by_workspace", &["workspace_id", "id"]),
            index("contacts", "contacts_by_organization", &["organization_id", "id"]),
            index("partnerships", "partnerships_by_workspace", &["workspace_id", "id"]),
            index("partnership_members", "partnership_members_unique", &["partnership_id", "organization_id"])
                .unique()
                .to_owned(),
            index("partnership_members", "partnership_members_by_organization", &["organization_id"]),
            index("vision_revisions", "vision_revisions_by_partnership", &["partnership_id", "id"]),
            index("goals", "goals_by_partnership", &["partnership_id", "id"]),
            index("goal_updates", "goal_updates_by_goal", &["goal_id", "id"]),
            index("milestones", "milestones_by_goal", &["goal_id", "id"]),
            index("milestones", "milestones_by_partnership", &["partnership_id", "due_on"]),
            index("checkins", "checkins_by_partnership", &["partnership_id", "held_on"]),
            index("commitments", "commitments_by_partnership", &["partnership_id", "id"]),
            index("commitments", "commitments_by_promisor", &["promisor_organization_id", "due_on"]),
            index("commitment_events", "commitment_events_by_commitment", &["commitment_id", "id"]),
            index("sessions", "sessions_by_user", &["user_id"]),
            index("api_tokens", "api_tokens_by_user", &["user_id"]),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}
