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
    language: Option<String>,
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
        pub last_seen_at: Option<DateTimeUtc>,
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
    time_zone: String,
    default_language: String,
    directory_version: i64,
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
    revoked_at: Option<DateTimeUtc>,
});

entity!(password_resets, "password_resets", {
    user_id: Uuid,
    token_hash: String,
    created_at: DateTimeUtc,
    expires_at: DateTimeUtc,
    used_at: Option<DateTimeUtc>,
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
    owner_user_id: Option<Uuid>,
});

entity!(contact_notes, "contact_notes", {
    workspace_id: Uuid,
    contact_id: Uuid,
    noted_on: Date,
    note: String,
    checkin_id: Option<Uuid>,
    author_user_id: Option<Uuid>,
    created_at: DateTimeUtc,
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
    // `None`: the day it was created.
    started_on: Option<Date>,
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
    // `None`: the day it was created.
    made_on: Option<Date>,
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

entity!(reliability_entries, "reliability_entries", {
    workspace_id: Uuid,
    key_kind: String,
    subject_id: Uuid,
    counterpart_id: Uuid,
    r: f64,
    s: f64,
    as_of: Date,
});

entity!(commitment_outcomes, "commitment_outcomes", {
    workspace_id: Uuid,
    kind: String,
    on_date: Date,
});

entity!(trust_settings, "trust_settings", {
    workspace_id: Uuid,
    settings: Json,
});

entity!(trust_sweeps, "trust_sweeps", {
    workspace_id: Uuid,
    swept_on: Date,
});

entity!(partnership_health, "partnership_health", {
    workspace_id: Uuid,
    health_index: Option<f64>,
    components: Json,
    open_warnings: i32,
    computed_on: Date,
    stamp: Option<Uuid>,
});

entity!(warnings, "warnings", {
    workspace_id: Uuid,
    partnership_id: Uuid,
    fingerprint: String,
    kind: String,
    severity: String,
    organization_id: Option<Uuid>,
    records: Json,
    explanation: String,
    suggested_action: String,
    facts: Option<Json>,
    restricted: bool,
    raised_on: Date,
    cleared_on: Option<Date>,
    state: String,
    snoozed_until: Option<Date>,
    state_reason: Option<String>,
    state_by: Option<Uuid>,
    state_at: Option<DateTimeUtc>,
});

entity!(surveys, "surveys", {
    workspace_id: Uuid,
    partnership_id: Option<Uuid>,
    title: String,
    questions: Json,
    k: i32,
    k_comments: i32,
    opens_on: Date,
    closes_on: Date,
    organization_ids: Json,
    created_by: Option<Uuid>,
    created_at: DateTimeUtc,
    sealed_at: Option<DateTimeUtc>,
    groups: Option<Json>,
});

entity!(survey_invitations, "survey_invitations", {
    workspace_id: Uuid,
    survey_id: Uuid,
    user_id: Option<Uuid>,
    organization_id: Uuid,
    token_hash: Option<String>,
    created_by: Option<Uuid>,
});

entity!(survey_participations, "survey_participations", {
    workspace_id: Uuid,
    survey_id: Uuid,
    invitation_id: Uuid,
});

entity!(survey_responses, "survey_responses", {
    workspace_id: Uuid,
    survey_id: Uuid,
    organization_id: Uuid,
    through_link: bool,
});

entity!(survey_answer_pool, "survey_answer_pool", {
    workspace_id: Uuid,
    survey_id: Uuid,
    response: Json,
});

entity!(survey_publications, "survey_publications", {
    workspace_id: Uuid,
    survey_id: Uuid,
    reader_answered: bool,
    results: Json,
});

entity!(survey_answers, "survey_answers", {
    workspace_id: Uuid,
    survey_id: Uuid,
    response_id: Uuid,
    question: String,
    about_organization_id: Option<Uuid>,
    rating: Option<i32>,
    choices: Json,
    text: Option<String>,
});

entity!(concerns, "concerns", {
    workspace_id: Uuid,
    partnership_id: Uuid,
    organization_id: Option<Uuid>,
    title: String,
    description: String,
    severity: String,
    visibility: String,
    state: String,
    raised_by: Uuid,
    raised_at: DateTimeUtc,
    acknowledge_by: Date,
    acknowledged_on: Option<Date>,
    mediator_user_id: Option<Uuid>,
    resolution: Option<String>,
    closed_on: Option<Date>,
    version: i32,
});

entity!(concern_transitions, "concern_transitions", {
    workspace_id: Uuid,
    concern_id: Uuid,
    from_state: Option<String>,
    to_state: String,
    note: Option<String>,
    mediator_user_id: Option<Uuid>,
    actor_user_id: Uuid,
    occurred_at: DateTimeUtc,
});

entity!(kudos, "kudos", {
    workspace_id: Uuid,
    partnership_id: Option<Uuid>,
    from_user_id: Uuid,
    from_organization_id: Option<Uuid>,
    to_user_id: Option<Uuid>,
    to_organization_id: Option<Uuid>,
    message: String,
    about_kind: Option<String>,
    about_id: Option<Uuid>,
    given_on: Date,
    created_at: DateTimeUtc,
});

entity!(contributions, "contributions", {
    workspace_id: Uuid,
    partnership_id: Uuid,
    organization_id: Uuid,
    kind: String,
    amount: f64,
    unit: String,
    contributed_on: Date,
    note: Option<String>,
    created_by: Option<Uuid>,
    created_at: DateTimeUtc,
});

entity!(activity_log, "activity_log", {
    workspace_id: Uuid,
    occurred_at: DateTimeUtc,
    actor_user_id: Option<Uuid>,
    record_kind: String,
    record_id: Uuid,
    partnership_id: Option<Uuid>,
    action: String,
    summary: String,
});

entity!(survey_waves, "survey_waves", {
    workspace_id: Uuid,
    survey_id: Uuid,
    partnership_id: Uuid,
    trust_percent: Option<f64>,
});

entity!(pulse_settings, "pulse_settings", {
    workspace_id: Uuid,
    after_checkin: bool,
    days_open: i32,
});

entity!(retrospectives, "retrospectives", {
    workspace_id: Uuid,
    partnership_id: Uuid,
    title: String,
    trigger: String,
    milestone_id: Option<Uuid>,
    held_on: Date,
    created_by: Uuid,
    created_at: DateTimeUtc,
});

entity!(retrospective_items, "retrospective_items", {
    workspace_id: Uuid,
    retrospective_id: Uuid,
    kind: String,
    text: String,
    author_user_id: Option<Uuid>,
    commitment_id: Option<Uuid>,
});

entity!(notification_settings, "notification_settings", {
    email_reminders: bool,
    weekly_digest: bool,
    muted_until: Option<Date>,
    muted_kinds: Json,
    updated_at: DateTimeUtc,
});

entity!(agreements, "agreements", {
    workspace_id: Uuid,
    partnership_id: Uuid,
    kind: String,
    title: String,
    party_organization_ids: Json,
    signed_on: Option<Date>,
    starts_on: Date,
    ends_on: Option<Date>,
    renewal_notice_days: i32,
    status: String,
    document_url: Option<String>,
    notes: Option<String>,
    created_by: Option<Uuid>,
    created_at: DateTimeUtc,
    updated_at: DateTimeUtc,
    archived_at: Option<DateTimeUtc>,
    version: i32,
});

entity!(document_links, "document_links", {
    workspace_id: Uuid,
    record_kind: String,
    record_id: Uuid,
    partnership_id: Uuid,
    title: String,
    url: String,
    created_by: Option<Uuid>,
    created_at: DateTimeUtc,
});
