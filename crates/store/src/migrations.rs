//! One set of migrations for SQLite and PostgreSQL. sea-query writes each statement in the
//! dialect of the connected database (uuid, timestamptz and jsonb natively on PostgreSQL).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(Initial),
            Box::new(Trust),
            Box::new(Surveys),
            Box::new(Practices),
            Box::new(SurveyWaves),
            Box::new(Feeds),
            Box::new(ContactFollowUp),
            Box::new(Jobs),
            Box::new(Reminders),
            Box::new(CheckInActionItems),
            Box::new(AssessmentStamps),
        ]
    }
}

struct Initial;

impl MigrationName for Initial {
    fn name(&self) -> &str {
        "m20261123_000001_initial"
    }
}

/// Columns every tenant-owned table starts with.
fn tenant_table(name: &'static str) -> TableCreateStatement {
    Table::create()
        .table(name)
        .col(pk_uuid("id"))
        .col(uuid("workspace_id"))
        .foreign_key(
            ForeignKey::create().from(name, "workspace_id").to("workspaces", "id").on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

fn index(table: &'static str, name: &'static str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(*column);
    }
    index.clone()
}

fn reference(table: &'static str, column: &'static str, target: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(target, "id").on_delete(ForeignKeyAction::Cascade).to_owned()
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

/// The trust engine's bookkeeping (SPEC 3): the incremental reliability ledger, the outcome it
/// has counted for each commitment, and materialised health and warnings for the dashboard.
struct Trust;

impl MigrationName for Trust {
    fn name(&self) -> &str {
        "m20261123_000002_trust"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Trust {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            // `subject_id` is the organisation (promisor) or partnership; `counterpart_id` the
            // other organisation of a pair, the nil uuid otherwise (a NULL would defeat the
            // unique index on PostgreSQL).
            tenant_table("reliability_entries")
                .col(string("key_kind"))
                .col(uuid("subject_id"))
                .col(uuid("counterpart_id"))
                .col(double("r"))
                .col(double("s"))
                .col(date("as_of"))
                .to_owned(),
            // The outcome the ledger counts for a commitment; `id` is the commitment's.
            tenant_table("commitment_outcomes")
                .col(string("kind"))
                .col(date("on_date"))
                .foreign_key(&mut reference("commitment_outcomes", "id", "commitments"))
                .to_owned(),
            // The last day the missed-commitment sweep ran; `id` is the workspace's.
            tenant_table("trust_sweeps").col(date("swept_on")).to_owned(),
            // `id` is the partnership's.
            tenant_table("partnership_health")
                .col(double_null("health_index"))
                .col(json_binary("components"))
                .col(integer("open_warnings"))
                .col(date("computed_on"))
                .foreign_key(&mut reference("partnership_health", "id", "partnerships"))
                .to_owned(),
            tenant_table("warnings")
                .col(uuid("partnership_id"))
                .col(string("fingerprint"))
                .col(string("kind"))
                .col(string("severity"))
                .col(uuid_null("organization_id"))
                .col(json_binary("records"))
                .col(text("explanation"))
                .col(text("suggested_action"))
                .col(boolean("restricted"))
                .col(date("raised_on"))
                .col(date_null("cleared_on"))
                .col(string("state"))
                .col(date_null("snoozed_until"))
                .col(text_null("state_reason"))
                .col(uuid_null("state_by"))
                .col(timestamp_with_time_zone_null("state_at"))
                .foreign_key(&mut reference("warnings", "partnership_id", "partnerships"))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        let indexes = [
            index(
                "reliability_entries",
                "reliability_entries_by_key",
                &["workspace_id", "key_kind", "subject_id", "counterpart_id"],
            )
            .unique()
            .to_owned(),
            index("partnership_health", "partnership_health_by_index", &["workspace_id", "health_index"]),
            index("warnings", "warnings_by_partnership", &["partnership_id", "fingerprint"]),
            index("warnings", "warnings_current", &["workspace_id", "cleared_on", "id"]),
            index("commitments", "commitments_by_due_date", &["workspace_id", "due_on"]),
            // Recompute walks a workspace's commitments in id order, 5,000 at a time; without
            // this SQLite sorts the whole workspace for every batch.
            index("commitments", "commitments_by_workspace", &["workspace_id", "id"]),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}

/// Pulse surveys (SPEC 4). Answers are kept apart from people: `survey_responses` and
/// `survey_answers` hold no user, no token and no time (random UUIDv4 ids, the survey as the
/// wave); who has answered lives in `survey_participations`, which points at the invitation and
/// never at an answer.
struct Surveys;

impl MigrationName for Surveys {
    fn name(&self) -> &str {
        "m20261123_000003_surveys"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Surveys {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            tenant_table("surveys")
                .col(uuid_null("partnership_id"))
                .col(string("title"))
                .col(json_binary("questions"))
                .col(integer("k"))
                .col(integer("k_comments"))
                .col(date("opens_on"))
                .col(date("closes_on"))
                .col(json_binary("organization_ids"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut reference("surveys", "partnership_id", "partnerships"))
                .to_owned(),
            // An account (`user_id`) or a single-use link (`token_hash`, its SHA-256), answering
            // for one organisation.
            tenant_table("survey_invitations")
                .col(uuid("survey_id"))
                .col(uuid_null("user_id"))
                .col(uuid("organization_id"))
                .col(string_null("token_hash"))
                .foreign_key(&mut reference("survey_invitations", "survey_id", "surveys"))
                .to_owned(),
            // One row per invitation that has answered; the unique index refuses a second answer.
            tenant_table("survey_participations")
                .col(uuid("survey_id"))
                .col(uuid("invitation_id"))
                .foreign_key(&mut reference("survey_participations", "invitation_id", "survey_invitations"))
                .to_owned(),
            tenant_table("survey_responses")
                .col(uuid("survey_id"))
                .col(uuid("organization_id"))
                .foreign_key(&mut reference("survey_responses", "survey_id", "surveys"))
                .to_owned(),
            tenant_table("survey_answers")
                .col(uuid("survey_id"))
                .col(uuid("response_id"))
                .col(string("question"))
                .col(uuid_null("about_organization_id"))
                .col(integer_null("rating"))
                .col(json_binary("choices"))
                .col(text_null("text"))
                .foreign_key(&mut reference("survey_answers", "response_id", "survey_responses"))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        let indexes = [
            index("surveys", "surveys_by_workspace", &["workspace_id", "id"]),
            index("surveys", "surveys_by_partnership", &["partnership_id", "closes_on"]),
            index("survey_invitations", "survey_invitations_by_user", &["survey_id", "user_id"]).unique().to_owned(),
            index("survey_invitations", "survey_invitations_by_token", &["token_hash"]).unique().to_owned(),
            index("survey_participations", "survey_participations_once", &["invitation_id"]).unique().to_owned(),
            index("survey_participations", "survey_participations_by_survey", &["survey_id"]),
            index("survey_responses", "survey_responses_by_survey", &["survey_id"]),
            index("survey_answers", "survey_answers_by_survey", &["survey_id"]),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}

/// The practices that keep partnerships healthy (SPEC 2): concerns and the steps of their
/// lifecycle, kudos, the contribution ledger, retrospectives, and the append-only activity log.
struct Practices;

impl MigrationName for Practices {
    fn name(&self) -> &str {
        "m20261123_000004_practices"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Practices {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            tenant_table("concerns")
                .col(uuid("partnership_id"))
                .col(uuid_null("organization_id"))
                .col(string("title"))
                .col(text("description"))
                .col(string("severity"))
                .col(string("visibility"))
                .col(string("state"))
                .col(uuid("raised_by"))
                .col(timestamp_with_time_zone("raised_at"))
                .col(date("acknowledge_by"))
                .col(date_null("acknowledged_on"))
                .col(uuid_null("mediator_user_id"))
                .col(text_null("resolution"))
                .col(date_null("closed_on"))
                .col(integer("version"))
                .foreign_key(&mut reference("concerns", "partnership_id", "partnerships"))
                .to_owned(),
            tenant_table("concern_transitions")
                .col(uuid("concern_id"))
                .col(string_null("from_state"))
                .col(string("to_state"))
                .col(text_null("note"))
                .col(uuid_null("mediator_user_id"))
                .col(uuid("actor_user_id"))
                .col(timestamp_with_time_zone("occurred_at"))
                .foreign_key(&mut reference("concern_transitions", "concern_id", "concerns"))
                .to_owned(),
            // `about_kind`/`about_id`: the commitment, milestone or goal thanked for.
            tenant_table("kudos")
                .col(uuid_null("partnership_id"))
                .col(uuid("from_user_id"))
                .col(uuid_null("from_organization_id"))
                .col(uuid_null("to_user_id"))
                .col(uuid_null("to_organization_id"))
                .col(text("message"))
                .col(string_null("about_kind"))
                .col(uuid_null("about_id"))
                .col(date("given_on"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut reference("kudos", "partnership_id", "partnerships"))
                .to_owned(),
            tenant_table("contributions")
                .col(uuid("partnership_id"))
                .col(uuid("organization_id"))
                .col(string("kind"))
                .col(double("amount"))
                .col(string("unit"))
                .col(date("contributed_on"))
                .col(text_null("note"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut reference("contributions", "partnership_id", "partnerships"))
                .to_owned(),
            tenant_table("retrospectives")
                .col(uuid("partnership_id"))
                .col(string("title"))
                .col(string("trigger"))
                .col(uuid_null("milestone_id"))
                .col(date("held_on"))
                .col(uuid("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut reference("retrospectives", "partnership_id", "partnerships"))
                .to_owned(),
            // Like survey answers: random (UUIDv4) ids and no time, and no author when anonymous.
            tenant_table("retrospective_items")
                .col(uuid("retrospective_id"))
                .col(string("kind"))
                .col(text("text"))
                .col(uuid_null("author_user_id"))
                .col(uuid_null("commitment_id"))
                .foreign_key(&mut reference("retrospective_items", "retrospective_id", "retrospectives"))
                .to_owned(),
            // Rows are only ever inserted: nothing in Rapport updates or deletes them.
            tenant_table("activity_log")
                .col(timestamp_with_time_zone("occurred_at"))
                .col(uuid_null("actor_user_id"))
                .col(string("record_kind"))
                .col(uuid("record_id"))
                .col(uuid_null("partnership_id"))
                .col(string("action"))
                .col(text("summary"))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        let indexes = [
            index("concerns", "concerns_by_partnership", &["partnership_id", "id"]),
            index("concerns", "concerns_by_workspace", &["workspace_id", "id"]),
            index("concern_transitions", "concern_transitions_by_concern", &["concern_id", "id"]),
            index("kudos", "kudos_by_workspace", &["workspace_id", "id"]),
            index("kudos", "kudos_by_partnership", &["partnership_id", "id"]),
            index("contributions", "contributions_by_partnership", &["partnership_id", "contributed_on"]),
            index("retrospectives", "retrospectives_by_partnership", &["partnership_id", "held_on"]),
            index("retrospective_items", "retrospective_items_by_retrospective", &["retrospective_id", "kind"]),
            index("activity_log", "activity_log_by_workspace", &["workspace_id", "id"]),
            index("activity_log", "activity_log_by_record", &["record_id", "id"]),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}

/// What each closed survey wave says about each partnership's perceived trust, kept once
/// computed: answers cannot change after a survey closes, and recomputing the anonymised results
/// of a whole-network survey on every refresh of every partnership would read all its answers
/// each time.
struct SurveyWaves;

impl MigrationName for SurveyWaves {
    fn name(&self) -> &str {
        "m20261123_000005_survey_waves_and_pulses"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for SurveyWaves {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                tenant_table("survey_waves")
                    .col(uuid("survey_id"))
                    .col(uuid("partnership_id"))
                    // `None` when the anonymity rules hide it.
                    .col(double_null("trust_percent"))
                    .foreign_key(&mut reference("survey_waves", "survey_id", "surveys"))
                    .foreign_key(&mut reference("survey_waves", "partnership_id", "partnerships"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("survey_waves", "survey_waves_once", &["survey_id", "partnership_id"]).unique().to_owned(),
            )
            .await?;
        // A partnership that asks for a pulse after each check-in; `id` is the partnership's.
        manager
            .create_table(
                tenant_table("pulse_settings")
                    .col(boolean("after_checkin"))
                    .col(integer("days_open"))
                    .foreign_key(&mut reference("pulse_settings", "id", "partnerships"))
                    .to_owned(),
            )
            .await
    }
}

/// Secret calendar feeds: a person's (everything they can see in the workspace) or a
/// partnership's. Only the SHA-256 of the secret in the feed's URL is kept, like API tokens.
struct Feeds;

impl MigrationName for Feeds {
    fn name(&self) -> &str {
        "m20261123_000006_feeds"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Feeds {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                tenant_table("calendar_feeds")
                    // The person whose view a feed shows: its owner, or the coordinator who
                    // published a partnership's feed.
                    .col(uuid("user_id"))
                    // Set for a partnership's feed, empty for a person's.
                    .col(uuid_null("partnership_id"))
                    .col(string_uniq("token_hash"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut reference("calendar_feeds", "user_id", "users"))
                    .foreign_key(&mut reference("calendar_feeds", "partnership_id", "partnerships"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "calendar_feeds",
                "calendar_feeds_owner",
                &["workspace_id", "user_id", "partnership_id"],
            ))
            .await
    }
}

/// Contact follow-up (SPEC 2, "networking with purpose"): who in the workspace keeps in touch
/// with a contact, and a log of each time they were in touch, which resets the follow-up clock.
struct ContactFollowUp;

impl MigrationName for ContactFollowUp {
    fn name(&self) -> &str {
        "m20261123_000007_contact_follow_up"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for ContactFollowUp {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        manager.alter_table(Table::alter().table("contacts").add_column(uuid_null("owner_user_id")).to_owned()).await?;
        manager
            .create_table(
                tenant_table("contact_notes")
                    .col(uuid("contact_id"))
                    .col(date("noted_on"))
                    .col(text("note"))
                    // Set when the note was written by logging a check-in the contact attended.
                    .col(uuid_null("checkin_id"))
                    .col(uuid_null("author_user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("contact_notes", "contact_id", "contacts"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("contact_notes", "contact_notes_by_contact", &["contact_id", "noted_on"])).await?;
        manager.create_index(index("contacts", "contacts_by_owner", &["workspace_id", "owner_user_id"])).await
    }
}

/// The job queue every `rapport serve` shares (SPEC 8: scheduled work runs once across
/// processes), outgoing webhooks and their delivery log.
struct Jobs;

impl MigrationName for Jobs {
    fn name(&self) -> &str {
        "m20261123_000008_jobs"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Jobs {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("jobs")
                    .col(pk_uuid("id"))
                    // Empty for work that is not one workspace's (the trust sweep of all of them).
                    .col(uuid_null("workspace_id"))
                    .col(string("kind"))
                    .col(json_binary("payload"))
                    .col(timestamp_with_time_zone("run_at"))
                    .col(integer("attempts"))
                    .col(text_null("last_error"))
                    // queued, running, done, failed
                    .col(string("state"))
                    .col(string_null("locked_by"))
                    .col(timestamp_with_time_zone_null("locked_until"))
                    // A scheduled job's slot, e.g. "trust-sweep:2026-11-23T10:15": enqueued once.
                    .col(string_null("dedupe_key"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("finished_at"))
                    .foreign_key(&mut reference("jobs", "workspace_id", "workspaces"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("jobs", "jobs_dedupe_key", &["dedupe_key"]).unique().to_owned()).await?;
        manager.create_index(index("jobs", "jobs_due", &["state", "run_at"])).await?;
        manager.create_index(index("jobs", "jobs_by_workspace", &["workspace_id", "id"])).await?;
        manager
            .create_table(
                tenant_table("webhooks")
                    // Set for a partnership's hook; empty for one that hears the whole workspace.
                    .col(uuid_null("partnership_id"))
                    .col(string("url"))
                    // json, slack, teams
                    .col(string("format"))
                    .col(json_binary("events"))
                    // Kept to sign each body (HMAC-SHA256); shown once, when the hook is created.
                    .col(string("secret"))
                    .col(boolean("active"))
                    .col(uuid_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("webhooks", "partnership_id", "partnerships"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("webhooks", "webhooks_by_workspace", &["workspace_id", "active"])).await?;
        manager
            .create_table(
                tenant_table("webhook_deliveries")
                    .col(uuid("webhook_id"))
                    .col(uuid_null("job_id"))
                    .col(string("event"))
                    .col(json_binary("payload"))
                    .col(integer_null("status_code"))
                    .col(integer("attempts"))
                    .col(text_null("error"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("last_attempt_at"))
                    .col(timestamp_with_time_zone_null("delivered_at"))
                    .foreign_key(&mut reference("webhook_deliveries", "webhook_id", "webhooks"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("webhook_deliveries", "webhook_deliveries_by_hook", &["webhook_id", "id"])).await
    }
}

struct Reminders;

impl MigrationName for Reminders {
    fn name(&self) -> &str {
        "m20261201_000009_reminders"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Reminders {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per person who changed the defaults (e-mail reminders and digest on); `id` is
        // the user's id.
        manager
            .create_table(
                Table::create()
                    .table("notification_settings")
                    .col(pk_uuid("id"))
                    .col(boolean("email_reminders"))
                    .col(boolean("weekly_digest"))
                    .col(date_null("muted_until"))
                    .col(json_binary("muted_kinds"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut reference("notification_settings", "id", "users"))
                    .to_owned(),
            )
            .await
    }
}

struct CheckInActionItems;

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

struct AssessmentStamps;

impl MigrationName for AssessmentStamps {
    fn name(&self) -> &str {
        "m20261202_000011_assessment_stamps"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for AssessmentStamps {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Renewed by every refresh of a partnership's trust state, so a server can tell whether
        // the assessment it keeps in memory still holds without reading the evidence again.
        manager.alter_table(Table::alter().table("partnership_health").add_column(uuid_null("stamp")).to_owned()).await
    }
}
