//! SeaORM's view of the tables that `migrations` creates. Relations are not declared: the store
//! loads related rows with explicit `IN` queries, which keeps every query visible in one place.

macro_rules! entity {
    ($module:ident, $table:literal, { $($field:ident : $ty:ty),* $(,)? }) => {
        pub mod $module {
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                #[sea_orm(primary_key, auto_increment = false)]
                pub id: Uuid,
                $(pub $field: $ty,)*
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}

entity!(users, "users", {
    email: String,
    name: String,
    password_hash: String,
    is_admin: bool,
    created_at: DateTimeUtc,
});

pub mod sessions {
    use sea_orm::entity::prelude::*;

    /// `id` is the SHA-256 of the cookie's secret, so a leaked table opens no session.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub user_id: Uuid,
        pub csrf_token: String,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

entity!(api_tokens, "api_tokens", {
    user_id: Uuid,
    name: String,
    token_hash: String,
    created_at: DateTimeUtc,
    last_used_at: Option<DateTimeUtc>,
    revoked_at: Option<DateTimeUtc>,
});

entity!(workspaces, "workspaces", {
    name: String,
    created_at: DateTimeUtc,
});

entity!(workspace_members, "workspace_members", {
    workspace_id: Uuid,
    user_id: Uuid,
    role: String,
    created_at: DateTimeUtc,
});

entity!(organizations, "organizations", {
    workspace_id: Uuid,
    name: String,
    kind: String,
    mission: Option<String>,
    focus_areas: Json,
    website: Option<String>,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,
    archived_at: Option<DateTimeUtc>,
    version: i32,
});

entity!(organization_members, "organization_members", {
    workspace_id: Uuid,
    organization_id: Uuid,
    user_id: Uuid,
});

entity!(invitations, "invitations", {
    workspace_id: Uuid,
    email: String,
    role: String,
    organization_id: Option<Uuid>,
    token_hash: String,
    invited_by: Uuid,
    created_at: DateTimeUtc,
    expires_at: DateTimeUtc,
    accepted_at: Option<DateTimeUtc>,
});

entity!(contacts, "contacts", {
    workspace_id: Uuid,
    organization_id: Uuid,
    name: String,
    role: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    last_contacted_on: Option<Date>,
    follow_up_days: Option<i32>,
    archived_at: Option<DateTimeUtc>,
    version: i32,
});

entity!(partnerships, "partnerships", {
    workspace_id: Uuid,
    name: String,
    kind: String,
    status: String,
    cadence: String,
    vision: Option<String>,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,
    archived_at: Option<DateTimeUtc>,
    version: i32,
});

entity!(partnership_members, "partnership_members", {
    workspace_id: Uuid,
    partnership_id: Uuid,
    organization_id: Uuid,
    role: Option<String>,
});

entity!(vision_revisions, "vision_revisions", {
    workspace_id: Uuid,
    partnership_id: Uuid,
    vision: Option<String>,
    revised_by: Option<Uuid>,
    revised_at: DateTimeUtc,
});

entity!(goals, "goals", {
    workspace_id: Uuid,
    partnership_id: Uuid,
    statement: String,
    metric: Option<String>,
    unit: Option<String>,
    baseline: Option<f64>,
    target: Option<f64>,
    current: Option<f64>,
    owner_organization_id: Option<Uuid>,
    relevance: Option<String>,
    due_on: Option<Date>,
    confidence: Option<String>,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,
    archived_at: Option<DateTimeUtc>,
    version: i32,
});

entity!(goal_updates, "goal_updates", {
    workspace_id: Uuid,
    goal_id: Uuid,
    current: Option<f64>,
    confidence: String,
    comment: Option<String>,
    created_by: Option<Uuid>,
    created_at: DateTimeUtc,
});

entity!(milestones, "milestones", {
    workspace_id: Uuid,
    goal_id: Uuid,
    partnership_id: Uuid,
    title: String,
    due_on: Date,
    met_on: Option<Date>,
    archived_at: Option<DateTimeUtc>,
    version: i32,
});

entity!(checkins, "checkins", {
    workspace_id: Uuid,
    partnership_id: Uuid,
    held_on: Date,
    agenda: Option<String>,
    notes: Option<String>,
    decisions: Option<String>,
    attendee_organization_ids: Json,
    attendee_user_ids: Json,
    created_by: Option<Uuid>,
    created_at: DateTimeUtc,
    archived_at: Option<DateTimeUtc>,
    version: i32,
});

entity!(commitments, "commitments", {
    workspace_id: Uuid,
    partnership_id: Uuid,
    promisor_organization_id: Uuid,
    promisor_user_id: Option<Uuid>,
    promisee_organization_id: Option<Uuid>,
    description: String,
    due_on: Date,
    done_on: Option<Date>,
    cancelled: bool,
    checkin_id: Option<Uuid>,
    created_at: DateTimeUtc,
    archived_at: Option<DateTimeUtc>,
    version: i32,
});

entity!(commitment_events, "commitment_events", {
    workspace_id: Uuid,
    commitment_id: Uuid,
    kind: String,
    occurred_at: DateTimeUtc,
    on_date: Option<Date>,
    previous_due_on: Option<Date>,
    new_due_on: Option<Date>,
    reason: Option<String>,
    actor_user_id: Option<Uuid>,
});
