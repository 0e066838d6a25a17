//! The network of organisations as a person may see it (SPEC 5): everyone sees the directory of
//! organisations, and ties only from the partnerships they see.

use std::collections::HashMap;

use chrono::NaiveDate;
use rapport_core::kinds::{OrganizationKind, PartnershipKind};
use rapport_core::network::{NetworkMeasures, NetworkNode, Tie, measure};
use serde::Serialize;
use uuid::Uuid;

use crate::{AppResult, Session};

/// Which part of the network to draw and measure; measures are recomputed for it.
#[derive(Debug, Clone, Default)]
pub struct NetworkQuery {
    pub organization_kind: Option<OrganizationKind>,
    pub partnership_kind: Option<PartnershipKind>,
    /// Only organisations listing this focus area (case-insensitive).
    pub focus: Option<String>,
    pub as_of: Option<NaiveDate>,
}

/// An organisation on the map.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapNode {
    pub id: Uuid,
    pub name: String,
    pub kind: OrganizationKind,
    pub focus_areas: Vec<String>,
}

/// The network: its organisations, ties and measures.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkView {
    pub as_of: NaiveDate,
    pub nodes: Vec<MapNode>,
    pub ties: Vec<Tie>,
    pub measures: NetworkMeasures,
}

impl Session<'_> {
    pub async fn network(&self, query: &NetworkQuery) -> AppResult<NetworkView> {
        let today = self.today();
        let as_of = match query.as_of {
            Some(day) if day > today => {
                let mut errors = rapport_core::ValidationErrors::new();
                errors.add("as_of", "cannot be in the future");
                return Err(errors.into());
            }
            Some(day) => day,
            None => today,
        };
        let settings = self.store.trust_settings(self.viewer.workspace_id).await?;
        let focus = query.focus.as_deref().map(|f| f.trim().to_lowercase()).filter(|f| !f.is_empty());
        let organizations: Vec<_> = self
            .organization_directory()
            .await?
            .into_iter()
            .filter(|o| o.created_at.date_naive() <= as_of)
            .filter(|o| query.organization_kind.is_none_or(|k| o.kind == k))
            .filter(|o| focus.as_ref().is_none_or(|f| o.focus_areas.iter().any(|a| a.to_lowercase() == *f)))
            .collect();
        let facts = self.store.graph_facts(&self.viewer, as_of).await?;
        let pair_trust = self.store.pair_trust(self.viewer.workspace_id, as_of).await?;
        let wanted = |kind: PartnershipKind| query.partnership_kind.is_none_or(|k| k == kind);

        let mut ties: HashMap<(Uuid, Uuid), Tie> = HashMap::new();
        for partnership in facts.partnerships.iter().filter(|p| wanted(p.kind)) {
            for (i, a) in partnership.members.iter().enumerate() {
                for b in &partnership.members[i + 1..] {
                    if let Some(tie) = tie_between(&mut ties, *a, *b) {
                        tie.partnerships += 1;
                    }
                }
            }
        }
        for (promisor, promisee, _, made) in facts.commitments.iter().filter(|(_, _, kind, _)| wanted(*kind)) {
            if let Some(tie) = tie_between(&mut ties, *promisor, *promisee) {
                tie.interactions += made;
            }
        }
        for (attendees, _) in facts.checkins.iter().filter(|(_, kind)| wanted(*kind)) {
            for (i, a) in attendees.iter().enumerate() {
                for b in &attendees[i + 1..] {
                    if let Some(tie) = tie_between(&mut ties, *a, *b) {
                        tie.interactions += 1;
                    }
                }
            }
        }
        for tie in ties.values_mut() {
            let estimates: Vec<f64> = [(tie.a, tie.b), (tie.b, tie.a)]
                .iter()
                .filter_map(|key| facts.pair_evidence.get(key))
                .filter_map(|evidence| {
                    evidence.advanced_to(as_of, settings.half_life).reliability(&settings).estimate.map(|e| e.expected)
                })
                .collect();
            tie.reliability = (!estimates.is_empty()).then(|| estimates.iter().sum::<f64>() / estimates.len() as f64);
            let trusts: Vec<f64> =
                [(tie.a, tie.b), (tie.b, tie.a)].iter().filter_map(|key| pair_trust.get(key).copied()).collect();
            tie.trust = (!trusts.is_empty()).then(|| trusts.iter().sum::<f64>() / trusts.len() as f64);
        }

        let nodes: Vec<NetworkNode> =
            organizations.iter().map(|o| NetworkNode { id: o.id, name: o.name.clone(), kind: o.kind }).collect();
        let present: std::collections::HashSet<Uuid> = nodes.iter().map(|n| n.id).collect();
        let mut ties: Vec<Tie> =
            ties.into_values().filter(|t| present.contains(&t.a) && present.contains(&t.b)).collect();
        ties.sort_by_key(|x| (x.a, x.b));
        let measures = measure(&nodes, &ties);
        Ok(NetworkView {
            as_of,
            nodes: organizations
                .into_iter()
                .map(|o| MapNode { id: o.id, name: o.name, kind: o.kind, focus_areas: o.focus_areas })
                .collect(),
            ties,
            measures,
        })
    }
}

/// The tie between two organisations, made on first use; `None` for an organisation and itself.
fn tie_between(ties: &mut HashMap<(Uuid, Uuid), Tie>, a: Uuid, b: Uuid) -> Option<&mut Tie> {
    if a == b {
        return None;
    }
    let key = if a < b { (a, b) } else { (b, a) };
    Some(ties.entry(key).or_insert(Tie {
        a: key.0,
        b: key.1,
        partnerships: 0,
        interactions: 0,
        trust: None,
        reliability: None,
    }))
}

impl Session<'_> {
    /// Organisations `organization_id` might partner with next, each with why (SPEC 2:
    /// "identify partners with similar goals and values").
    pub async fn partner_suggestions(
        &self,
        organization_id: Uuid,
        limit: usize,
    ) -> AppResult<Vec<rapport_core::network::Suggestion>> {
        use rapport_core::network::{Profile, suggest_partners};
        let target = self.organization(organization_id).await?;
        let directory = self.organization_directory().await?;
        let network = self.network(&NetworkQuery::default()).await?;
        let profile = |o: &rapport_core::records::Organization| Profile {
            id: o.id,
            name: o.name.clone(),
            focus_areas: o.focus_areas.clone(),
            mission: o.mission.clone(),
        };
        let candidates: Vec<Profile> = directory.iter().map(profile).collect();
        Ok(suggest_partners(&profile(&target), &candidates, &network.ties, limit))
    }
}
