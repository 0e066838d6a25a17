//! Stored rows to domain records.

use std::str::FromStr;

use rapport_core::commitment::CommitmentFacts;
use rapport_core::kinds::UnknownValue;
use rapport_core::records::{
    CheckIn, Commitment, CommitmentEvent, Contact, ContactNote, Goal, GoalUpdate, Milestone, Organization,
};
use sea_orm::prelude::Json;
use uuid::Uuid;

use crate::entities::*;
use crate::{GRACE_DAYS, StoreError, StoreResult};

pub(crate) fn stored<T: FromStr<Err = UnknownValue>>(column: &str, value: &str) -> StoreResult<T> {
    value.parse().map_err(|_| StoreError::Corrupt(format!("{column} = {value:?}")))
}

pub(crate) fn strings(value: &Json) -> Vec<String> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

pub(crate) fn uuids(value: &Json) -> Vec<Uuid> {
    strings(value).iter().filter_map(|s| s.parse().ok()).collect()
}

pub(crate) fn json_list<T: ToString>(items: &[T]) -> Json {
    Json::Array(items.iter().map(|i| Json::String(i.to_string())).collect())
}

pub(crate) fn organization(row: organizations::Model) -> StoreResult<Organization> {
    Ok(Organization {
        id: row.id,
        kind: stored("organizations.kind", &row.kind)?,
        focus_areas: strings(&row.focus_areas),
        name: row.name,
        mission: row.mission,
        website: row.website,
        created_at: row.created_at,
        updated_at: row.updated_at,
        archived_at: row.archived_at,
        version: row.version,
    })
}

pub(crate) fn contact(row: contacts::Model) -> Contact {
    Contact {
        id: row.id,
        organization_id: row.organization_id,
        name: row.name,
        role: row.role,
        email: row.email,
        phone: row.phone,
        last_contacted_on: row.last_contacted_on,
        follow_up_days: row.follow_up_days,
        owner_user_id: row.owner_user_id,
        archived_at: row.archived_at,
        version: row.version,
    }
}

pub(crate) fn goal(row: goals::Model) -> StoreResult<Goal> {
    Ok(Goal {
        id: row.id,
        partnership_id: row.partnership_id,
        confidence: row.confidence.as_deref().map(|c| stored("goals.confidence", c)).transpose()?,
        statement: row.statement,
        metric: row.metric,
        unit: row.unit,
        baseline: row.baseline,
        target: row.target,
        current: row.current,
        owner_organization_id: row.owner_organization_id,
        relevance: row.relevance,
        due_on: row.due_on,
        created_at: row.created_at,
        updated_at: row.updated_at,
        archived_at: row.archived_at,
        version: row.version,
    })
}

pub(crate) fn goal_update(row: goal_updates::Model) -> StoreResult<GoalUpdate> {
    Ok(GoalUpdate {
        id: row.id,
        goal_id: row.goal_id,
        current: row.current,
        confidence: stored("goal_updates.confidence", &row.confidence)?,
        comment: row.comment,
        created_by: row.created_by,
        created_at: row.created_at,
    })
}

pub(crate) fn milestone(row: milestones::Model) -> Milestone {
    Milestone {
        id: row.id,
        goal_id: row.goal_id,
        partnership_id: row.partnership_id,
        title: row.title,
        due_on: row.due_on,
        met_on: row.met_on,
        archived_at: row.archived_at,
        version: row.version,
    }
}

/// The dates that decide where a stored commitment stands.
pub(crate) fn commitment_facts(row: &commitments::Model) -> CommitmentFacts {
    CommitmentFacts {
        made_on: row.made_on.unwrap_or_else(|| row.created_at.date_naive()),
        due_on: row.due_on,
        done_on: row.done_on,
        cancelled: row.cancelled,
    }
}

pub(crate) fn commitment(row: commitments::Model, today: chrono::NaiveDate) -> Commitment {
    let facts = commitment_facts(&row);
    Commitment {
        id: row.id,
        partnership_id: row.partnership_id,
        promisor_organization_id: row.promisor_organization_id,
        promisor_user_id: row.promisor_user_id,
        promisee_organization_id: row.promisee_organization_id,
        description: row.description,
        made_on: facts.made_on,
        due_on: row.due_on,
        done_on: row.done_on,
        cancelled: row.cancelled,
        status: facts.status(today, GRACE_DAYS),
        checkin_id: row.checkin_id,
        created_at: row.created_at,
        archived_at: row.archived_at,
        version: row.version,
    }
}

pub(crate) fn commitment_event(row: commitment_events::Model) -> StoreResult<CommitmentEvent> {
    Ok(CommitmentEvent {
        id: row.id,
        kind: stored("commitment_events.kind", &row.kind)?,
        occurred_at: row.occurred_at,
        on_date: row.on_date,
        previous_due_on: row.previous_due_on,
        new_due_on: row.new_due_on,
        reason: row.reason,
        actor_user_id: row.actor_user_id,
    })
}

pub(crate) fn checkin(row: checkins::Model, action_item_ids: Vec<Uuid>) -> CheckIn {
    CheckIn {
        id: row.id,
        partnership_id: row.partnership_id,
        held_on: row.held_on,
        agenda: row.agenda,
        notes: row.notes,
        decisions: row.decisions,
        attendee_organization_ids: uuids(&row.attendee_organization_ids),
        attendee_user_ids: uuids(&row.attendee_user_ids),
        action_item_ids,
        created_at: row.created_at,
        archived_at: row.archived_at,
        version: row.version,
    }
}

pub(crate) fn contact_note(row: contact_notes::Model) -> ContactNote {
    ContactNote {
        id: row.id,
        contact_id: row.contact_id,
        noted_on: row.noted_on,
        note: row.note,
        checkin_id: row.checkin_id,
        author_user_id: row.author_user_id,
        created_at: row.created_at,
    }
}
