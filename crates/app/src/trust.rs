//! What a person may learn from the trust engine (SPEC 3), with the same visibility rules as
//! every other operation: a partnership's health only for those who see the partnership, the
//! records behind an organisation's reliability only from partnerships the caller sees.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Months, NaiveDate};
use rapport_core::kinds::{OutcomeKind, PartnershipKind, PartnershipStatus, Severity, WarningKind, WarningState};
use rapport_core::records::Partnership;
use rapport_core::trust::snapshot::evidence_of;
use rapport_core::trust::{
    Assessment, Health, LedgerKey, Outcome, Reliability, TrendPoint, TrustSettings, Warning, WarningRecord,
    health_trend, ledger_keys, outcome_as_of, reliability_trend,
};
use rapport_core::{Action, ValidationErrors};
use rapport_store::{Page, PageRequest, PartnershipRecords, WarningFilter};
use serde::Serialize;
use uuid::Uuid;

use crate::{AppError, AppResult, Session};

/// How far back trends reach: the same as a partnership's assessment.
const TREND_MONTHS: u32 = Assessment::TREND_MONTHS;

/// A partnership's health with its reasons, as of a day.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnershipHealth {
    pub partnership_id: Uuid,
    pub partnership_name: String,
    pub health: Health,
    /// Early warnings as of the same day, most urgent first.
    pub warnings: Vec<Warning>,
    /// The index at each month's end over the last twelve months.
    pub trend: Vec<TrendPoint>,
    /// Each member's reliability in keeping the commitments it made inside this partnership.
    pub members: Vec<MemberReliability>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberReliability {
    pub organization_id: Uuid,
    pub organization_name: String,
    pub reliability: Reliability,
}

/// An organisation's reliability ledger: overall, towards each counterpart, and the
/// commitments it rests on.
/// An organisation's reliability today and its trend, without the records behind them.
#[derive(Debug, Clone)]
pub struct ReliabilityGlance {
    pub overall: Reliability,
    /// E at each month's end over the last twelve months.
    pub trend: Vec<TrendPoint>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationReliability {
    pub organization_id: Uuid,
    pub as_of: NaiveDate,
    pub overall: Reliability,
    /// Commitments made to each other organisation (or to a partnership both belong to).
    pub counterparts: Vec<CounterpartReliability>,
    /// E at each month's end over the last twelve months.
    pub trend: Vec<TrendPoint>,
    /// The commitments behind the numbers that the caller may see, newest first.
    pub commitments: Vec<EvidenceItem>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CounterpartReliability {
    pub organization_id: Uuid,
    pub organization_name: String,
    pub reliability: Reliability,
}

/// One commitment as evidence: its outcome as of the day asked, and the weight it carries then.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceItem {
    pub commitment_id: Uuid,
    pub partnership_id: Uuid,
    pub description: String,
    pub promisee_organization_id: Option<Uuid>,
    pub due_on: NaiveDate,
    /// `None` while it counts for nothing: still open, renegotiated in time, or cancelled.
    pub outcome: Option<Outcome>,
    /// `2^(-age / half-life)`: how much it counts on the day asked.
    pub weight: f64,
}

/// One row of the coordinator's dashboard.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardRow {
    pub partnership_id: Uuid,
    pub name: String,
    pub kind: PartnershipKind,
    pub status: PartnershipStatus,
    /// Today's index; `None` means "not enough data".
    pub index: Option<f64>,
    pub trend: Vec<TrendPoint>,
    pub open_warnings: Vec<Warning>,
}

/// A partnership as its page shows it today.
pub struct PartnershipToday {
    pub partnership: Partnership,
    pub health: PartnershipHealth,
    pub records: Arc<PartnershipRecords>,
}

/// How the dashboard is narrowed and ordered.
#[derive(Debug, Clone, Default)]
pub struct DashboardQuery {
    pub kind: Option<PartnershipKind>,
    pub status: Option<PartnershipStatus>,
    pub sort: DashboardSort,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DashboardSort {
    /// Lowest health first (the ones needing help), "not enough data" last.
    #[default]
    HealthAscending,
    HealthDescending,
    Name,
    MostWarnings,
}

impl Session<'_> {
    /// A partnership's health, warnings, trend and members' reliability, as of `as_of` (today
    /// when absent), recomputed from the records as they stood that day.
    pub async fn partnership_health(&self, id: Uuid, as_of: Option<NaiveDate>) -> AppResult<PartnershipHealth> {
        let as_of = self.check_as_of(as_of)?;
        let ws = self.viewer.workspace_id;
        if as_of == self.today() {
            let (partnership, reading) = self.partnership_read(id).await?;
            let assessment = self.store.assessment_at(ws, &partnership, &reading).await?;
            return self.health_of(&partnership, &assessment).await;
        }
        let partnership = self.partnership(id).await?;
        let assessment = self.store.assess(ws, &partnership, as_of).await?;
        self.health_of(&partnership, &assessment).await
    }

    /// What a partnership's page shows of it today: its health and the records it lists, both
    /// read under one reading of its stamp.
    pub async fn partnership_today(&self, id: Uuid) -> AppResult<PartnershipToday> {
        let (partnership, reading) = self.partnership_read(id).await?;
        let ws = self.viewer.workspace_id;
        let assessment = self.store.assessment_at(ws, &partnership, &reading).await?;
        let records = self.store.page_records(ws, id, &reading).await?;
        Ok(PartnershipToday { health: self.health_of(&partnership, &assessment).await?, records, partnership })
    }

    /// The workspace's trust model parameters (SPEC 3), for showing how a number was reached.
    pub async fn trust_settings(&self) -> AppResult<TrustSettings> {
        Ok(self.store.trust_settings(self.viewer.workspace_id).await?)
    }

    /// Changes the workspace's trust parameters (owners only) and recomputes every score under
    /// them before answering.
    pub async fn set_trust_settings(&self, settings: TrustSettings) -> AppResult<TrustSettings> {
        if !self.viewer.may(Action::ManageWorkspace) {
            return Err(AppError::Forbidden("only owners can change the trust settings"));
        }
        let valid = settings.validated()?;
        self.store.set_trust_settings(self.viewer.workspace_id, &valid).await?;
        self.trust_settings().await
    }

    /// `assessment` as this viewer may see it: warnings about what they cannot see left out.
    pub(crate) async fn health_of(
        &self,
        partnership: &Partnership,
        assessment: &Assessment,
    ) -> AppResult<PartnershipHealth> {
        let settings = self.store.trust_settings(self.viewer.workspace_id).await?;
        let members = partnership
            .members
            .iter()
            .map(|member| MemberReliability {
                organization_id: member.organization_id,
                organization_name: member.organization_name.clone(),
                reliability: assessment.member_reliability(member.organization_id, &settings),
            })
            .collect();
        Ok(PartnershipHealth {
            partnership_id: partnership.id,
            partnership_name: partnership.name.clone(),
            health: assessment.health.clone(),
            warnings: assessment.warnings.iter().filter(|w| self.may_see_warning(w)).cloned().collect(),
            trend: assessment.trend.clone(),
            members,
        })
    }

    /// An organisation's reliability today and over the last twelve months, as its page shows
    /// them. Today's comes from the incrementally kept ledger. The trend is replayed from every
    /// commitment the organisation made once, then kept while its ledger entry, the trust
    /// settings and the day stay the same: anything that moves a past month's reliability (an
    /// outcome, a correction, an archived commitment) moves the ledger entry too, which every
    /// write keeps equal to a recompute.
    pub async fn organization_reliability_glance(&self, id: Uuid) -> AppResult<ReliabilityGlance> {
        let organization = self.organization(id).await?;
        let today = self.today();
        let ws = self.viewer.workspace_id;
        let settings = self.store.trust_settings(ws).await?;
        let ledger = self.store.organization_ledger(ws, organization.id).await?;
        let key = LedgerKey::Organization(organization.id);
        let overall = ledger.reliability(&key, today, &settings);
        let stored = ledger.entries().find(|(k, _)| **k == key).map(|(_, evidence)| evidence);
        let stamp = format!("{today} {settings:?} {stored:?}");
        let kept = self.store.kept_answers();
        let trend_key = format!("reliability trend {ws} {}", organization.id);
        let trend = match kept.remembered::<Vec<TrendPoint>>(&trend_key, &stamp) {
            Some(trend) => trend,
            None => {
                let (promises, _) = self.store.promises_of(ws, organization.id).await?;
                let histories: Vec<_> = promises.into_iter().map(|(_, h)| h).collect();
                let from = today.checked_sub_months(Months::new(TREND_MONTHS)).unwrap_or(today);
                let trend = Arc::new(reliability_trend(&histories, from, today, &settings));
                kept.remember(trend_key, stamp, Arc::clone(&trend));
                trend
            }
        };
        Ok(ReliabilityGlance { overall, trend: trend.to_vec() })
    }

    /// An organisation's reliability as of `as_of` (today when absent). Today's numbers come
    /// from the incrementally kept ledger; a past day's are recomputed from the records.
    pub async fn organization_reliability(
        &self,
        id: Uuid,
        as_of: Option<NaiveDate>,
    ) -> AppResult<OrganizationReliability> {
        let organization = self.organization(id).await?;
        let today = self.today();
        let as_of = self.check_as_of(as_of)?;
        let ws = self.viewer.workspace_id;
        let settings = self.store.trust_settings(ws).await?;
        let (promises, members) = self.store.promises_of(ws, organization.id).await?;
        let histories: Vec<_> = promises.iter().map(|(_, h)| h.clone()).collect();

        let mut pair_histories: HashMap<Uuid, Vec<_>> = HashMap::new();
        for history in &histories {
            for key in ledger_keys(history, members.get(&history.partnership_id).map(Vec::as_slice).unwrap_or(&[])) {
                if let LedgerKey::Pair { counterpart, .. } = key {
                    pair_histories.entry(counterpart).or_default().push(history);
                }
            }
        }
        let (overall, mut counterparts): (Reliability, Vec<(Uuid, Reliability)>) = if as_of == today {
            let ledger = self.store.organization_ledger(ws, organization.id).await?;
            let overall = ledger.reliability(&LedgerKey::Organization(organization.id), today, &settings);
            let counterparts = ledger
                .counterparts_of(organization.id)
                .map(|other| {
                    (
                        other,
                        ledger.reliability(
                            &LedgerKey::Pair { promisor: organization.id, counterpart: other },
                            today,
                            &settings,
                        ),
                    )
                })
                .collect();
            (overall, counterparts)
        } else {
            let overall = evidence_of(&histories, as_of, &settings).reliability(&settings);
            let counterparts = pair_histories
                .iter()
                .map(|(other, list)| {
                    (*other, evidence_of(list.iter().copied(), as_of, &settings).reliability(&settings))
                })
                .collect();
            (overall, counterparts)
        };
        counterparts.retain(|(_, r)| r.r + r.s > 0.0);
        // A pair score says two organisations work together: members only learn that about
        // partnerships they can see themselves.
        let visible = self.visible_partnership_ids(promises.iter().map(|(c, _)| c.partnership_id).collect()).await?;
        if !self.viewer.sees_whole_workspace() {
            let known: Vec<Uuid> = visible.iter().flat_map(|p| members.get(p).cloned().unwrap_or_default()).collect();
            counterparts.retain(|(other, _)| known.contains(other));
        }
        // Only the counterparts' names are read, not the directory.
        let ids: Vec<Uuid> = counterparts.iter().map(|(id, _)| *id).collect();
        let names: HashMap<Uuid, String> = self
            .store
            .organization_names(ws, &rapport_store::OrganizationFilter { ids: Some(&ids), ..Default::default() })
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let mut counterparts: Vec<CounterpartReliability> = counterparts
            .into_iter()
            .map(|(other, reliability)| CounterpartReliability {
                organization_id: other,
                organization_name: names.get(&other).cloned().unwrap_or_default(),
                reliability,
            })
            .collect();
        counterparts.sort_by(|a, b| a.organization_name.cmp(&b.organization_name));

        let mut commitments: Vec<EvidenceItem> = promises
            .iter()
            .filter(|(c, _)| visible.contains(&c.partnership_id))
            .map(|(commitment, history)| {
                let outcome = outcome_as_of(history, as_of, settings.grace_days);
                EvidenceItem {
                    commitment_id: commitment.id,
                    partnership_id: commitment.partnership_id,
                    description: commitment.description.clone(),
                    promisee_organization_id: commitment.promisee_organization_id,
                    due_on: history.due_on_as_of(as_of),
                    weight: outcome.map(|o| settings.half_life.weight((as_of - o.on).num_days())).unwrap_or(0.0),
                    outcome,
                }
            })
            .filter(|item| item.due_on <= as_of || item.outcome.is_some())
            .collect();
        commitments.sort_by(|a, b| b.outcome.map(|o| o.on).cmp(&a.outcome.map(|o| o.on)).then(b.due_on.cmp(&a.due_on)));

        let from = as_of.checked_sub_months(Months::new(TREND_MONTHS)).unwrap_or(as_of);
        Ok(OrganizationReliability {
            organization_id: organization.id,
            as_of,
            overall,
            counterparts,
            trend: reliability_trend(&histories, from, as_of, &settings),
            commitments,
        })
    }

    /// The coordinator's dashboard: every partnership the caller sees with today's index, its
    /// twelve-month trend and its open warnings, filtered and sorted.
    pub async fn dashboard(&self, query: &DashboardQuery) -> AppResult<Vec<DashboardRow>> {
        let ws = self.viewer.workspace_id;
        let mut partnerships: Vec<Partnership> = Vec::new();
        let mut page = PageRequest { limit: 200, ..Default::default() };
        loop {
            let Page { items, next_after } = self.partnerships(None, page).await?;
            partnerships.extend(items);
            match next_after {
                Some(after) => page.after = Some(after),
                None => break,
            }
        }
        partnerships.retain(|p| query.kind.is_none_or(|k| p.kind == k) && query.status.is_none_or(|s| p.status == s));
        let ids: Vec<Uuid> = partnerships.iter().map(|p| p.id).collect();
        let today = self.today();
        let settings = self.store.trust_settings(ws).await?;
        let from = today.checked_sub_months(Months::new(TREND_MONTHS)).unwrap_or(today);
        let rows = self.store.health_rows(ws, &ids).await?;
        let index_of: HashMap<Uuid, Option<f64>> = rows.into_iter().map(|r| (r.partnership_id, r.index)).collect();
        let mut open: HashMap<Uuid, Vec<Warning>> = HashMap::new();
        let inbox =
            self.warning_inbox(&WarningFilter::default(), PageRequest { limit: 10_000, ..Default::default() }).await?;
        for record in inbox.items {
            open.entry(record.partnership_id).or_default().push(record.warning);
        }
        let snapshots = self.store.partnership_snapshots(ws, &ids).await?;
        let mut dashboard: Vec<DashboardRow> = snapshots
            .into_iter()
            .map(|(p, snapshot)| DashboardRow {
                partnership_id: p.id,
                index: index_of.get(&p.id).copied().flatten(),
                trend: health_trend(&snapshot, from, today, &settings),
                open_warnings: open.remove(&p.id).unwrap_or_default(),
                name: p.name,
                kind: p.kind,
                status: p.status,
            })
            .collect();
        let by_health = |a: &DashboardRow, b: &DashboardRow| match (a.index, b.index) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        match query.sort {
            DashboardSort::HealthAscending => {
                dashboard.sort_by(|a, b| by_health(a, b).then_with(|| a.name.cmp(&b.name)));
            }
            DashboardSort::HealthDescending => dashboard.sort_by(|a, b| {
                match (a.index, b.index) {
                    (Some(x), Some(y)) => y.total_cmp(&x),
                    _ => by_health(a, b),
                }
                .then_with(|| a.name.cmp(&b.name))
            }),
            DashboardSort::Name => dashboard.sort_by(|a, b| a.name.cmp(&b.name)),
            DashboardSort::MostWarnings => dashboard
                .sort_by(|a, b| b.open_warnings.len().cmp(&a.open_warnings.len()).then_with(|| a.name.cmp(&b.name))),
        }
        Ok(dashboard)
    }

    /// The warnings inbox, with the caller's visibility.
    pub async fn warning_inbox(&self, filter: &WarningFilter, page: PageRequest) -> AppResult<Page<WarningRecord>> {
        if let Some(partnership) = filter.partnership {
            self.partnership(partnership).await?;
        }
        Ok(self.store.warnings(&self.viewer, filter, page).await?)
    }

    /// The inbox as people work through it: the most severe first, then the longest waiting;
    /// at most `limit` of them, with the caller's visibility.
    pub async fn warnings_most_urgent_first(
        &self,
        filter: &WarningFilter,
        limit: usize,
    ) -> AppResult<Vec<WarningRecord>> {
        let mut items = self.warning_inbox(filter, PageRequest { limit: 10_000, ..Default::default() }).await?.items;
        rapport_core::trust::warnings::most_urgent_first(&mut items);
        items.truncate(limit);
        Ok(items)
    }

    pub async fn warning(&self, id: Uuid) -> AppResult<WarningRecord> {
        let record = self.store.warning(self.viewer.workspace_id, id).await?;
        self.partnership(record.partnership_id).await?;
        if !self.may_see_warning(&record.warning) {
            return Err(AppError::NotFound);
        }
        Ok(record)
    }

    /// Acknowledges a warning, snoozes it until a day, or reopens it. Anyone who may record
    /// things in the partnership may do this; the reason is kept with the warning.
    pub async fn set_warning_state(
        &self,
        id: Uuid,
        state: WarningState,
        until: Option<NaiveDate>,
        reason: Option<&str>,
    ) -> AppResult<WarningRecord> {
        let record = self.warning(id).await?;
        let partnership = self.partnership(record.partnership_id).await?;
        if !self.viewer.can_record_in_partnership(&partnership.member_ids()) {
            return Err(AppError::Forbidden("observers can read but not change anything"));
        }
        let mut errors = ValidationErrors::new();
        let reason = errors.optional_text("reason", reason, 2_000);
        match state {
            WarningState::Snoozed => match until {
                None => errors.add("until", "say until when to snooze the warning"),
                Some(day) if day <= self.today() => errors.add("until", "must be after today"),
                Some(_) => {}
            },
            WarningState::Acknowledged if reason.is_none() => {
                errors.add("reason", "say what is being done about it, for the record");
            }
            _ => {}
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let until = if state == WarningState::Snoozed { until } else { None };
        Ok(self
            .store
            .set_warning_state(self.viewer.workspace_id, id, state, until, reason, self.viewer.user_id)
            .await?)
    }

    fn may_see_warning(&self, warning: &Warning) -> bool {
        !warning.restricted || self.viewer.may(Action::ManageNetwork)
    }

    /// Scores can be asked about any past day, never about the future.
    fn check_as_of(&self, as_of: Option<NaiveDate>) -> AppResult<NaiveDate> {
        let today = self.today();
        match as_of {
            Some(day) if day > today => {
                let mut errors = ValidationErrors::new();
                errors.add("as_of", "cannot be in the future");
                Err(AppError::Invalid(errors))
            }
            Some(day) => Ok(day),
            None => Ok(today),
        }
    }

    async fn visible_partnership_ids(&self, mut ids: Vec<Uuid>) -> AppResult<Vec<Uuid>> {
        ids.sort();
        ids.dedup();
        if self.viewer.sees_whole_workspace() {
            return Ok(ids);
        }
        let mut visible = Vec::new();
        for id in ids {
            if self.partnership(id).await.is_ok() {
                visible.push(id);
            }
        }
        Ok(visible)
    }
}

/// Parses the dashboard's and the inbox's filter values, naming a bad one.
pub fn parse_filter<T: std::str::FromStr>(field: &str, value: Option<&str>) -> AppResult<Option<T>>
where
    T::Err: std::fmt::Display,
{
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|e: T::Err| {
            let mut errors = ValidationErrors::new();
            errors.add(field, e.to_string());
            AppError::Invalid(errors)
        }),
    }
}

/// Labels for outcomes in sentences.
pub fn outcome_label(outcome: Option<Outcome>) -> &'static str {
    match outcome.map(|o| o.kind) {
        Some(OutcomeKind::OnTime) => "kept on time",
        Some(OutcomeKind::Late) => "kept late",
        Some(OutcomeKind::Missed) => "missed",
        None => "no evidence yet",
    }
}

/// Filters accepted by the warnings inbox, parsed.
pub fn warning_filter(
    kind: Option<&str>,
    severity: Option<&str>,
    partnership: Option<Uuid>,
    include_history: bool,
) -> AppResult<WarningFilter> {
    Ok(WarningFilter {
        kind: parse_filter::<WarningKind>("kind", kind)?,
        severity: parse_filter::<Severity>("severity", severity)?,
        partnership,
        include_history,
    })
}
