//! The materialised trust state of a workspace in one comparable value: what the writes keep
//! incrementally, which a full recompute must reproduce exactly (the property test).

use super::*;

/// What the writes keep of a workspace's trust as of today, without ids, stamps or the day it
/// was written: the decayed evidence of every ledger key, every counted outcome, each
/// partnership's health with its components, and the warnings that apply. Numbers are rounded
/// to 9 significant decimals, so the order in which sums were added does not show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustState {
    pub as_of: NaiveDate,
    /// `(key, r, s)` decayed to `as_of`.
    pub ledger: BTreeMap<String, (String, String)>,
    /// Commitment id → outcome kind and day.
    pub outcomes: BTreeMap<Uuid, (String, NaiveDate)>,
    /// Partnership id → health index, components (JSON) and open warnings.
    pub health: BTreeMap<Uuid, (Option<String>, String, i32)>,
    /// (partnership, fingerprint) → what the warning says.
    pub warnings: BTreeMap<(Uuid, String), StoredWarning>,
}

/// A warning that applies, as the inbox shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredWarning {
    pub severity: String,
    /// The records behind it, as JSON.
    pub records: String,
    pub explanation: String,
    pub state: String,
    pub restricted: bool,
}

impl Store {
    /// The workspace's materialised trust state as it is stored now.
    pub async fn trust_state(&self, workspace_id: Uuid) -> StoreResult<TrustState> {
        let today = self.today();
        let settings = self.trust_settings(workspace_id).await?;
        let entries = reliability_entries::Entity::find()
            .filter(reliability_entries::Column::WorkspaceId.eq(workspace_id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(ledger_entry)
            .collect::<StoreResult<Vec<_>>>()?;
        let ledger = ReliabilityLedger::from_entries(settings.half_life, entries);
        let ledger = ledger
            .entries()
            .map(|(key, _)| {
                let evidence = ledger.evidence(key, today);
                (format!("{key:?}"), (round(evidence.r), round(evidence.s)))
            })
            // A key whose evidence all went away is the same as no key.
            .filter(|(_, (r, s))| !(r == &round(0.0) && s == &round(0.0)))
            .collect();
        let outcomes = commitment_outcomes::Entity::find()
            .filter(commitment_outcomes::Column::WorkspaceId.eq(workspace_id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| (row.id, (row.kind, row.on_date)))
            .collect();
        let health = partnership_health::Entity::find()
            .filter(partnership_health::Column::WorkspaceId.eq(workspace_id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| (row.id, (row.health_index.map(round), rounded_json(&row.components), row.open_warnings)))
            .collect();
        let warnings = warnings::Entity::find()
            .filter(warnings::Column::WorkspaceId.eq(workspace_id))
            .filter(warnings::Column::ClearedOn.is_null())
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| {
                (
                    (row.partnership_id, row.fingerprint),
                    StoredWarning {
                        severity: row.severity,
                        records: row.records.to_string(),
                        explanation: row.explanation,
                        state: row.state,
                        restricted: row.restricted,
                    },
                )
            })
            .collect();
        Ok(TrustState { as_of: today, ledger, outcomes, health, warnings })
    }
}

fn round(x: f64) -> String {
    format!("{x:.9}")
}

fn rounded_json(value: &serde_json::Value) -> String {
    fn walk(value: &serde_json::Value) -> serde_json::Value {
        match value {
            serde_json::Value::Number(n) if n.is_f64() => serde_json::Value::String(round(n.as_f64().unwrap_or(0.0))),
            serde_json::Value::Number(n) => serde_json::Value::String(round(n.as_f64().unwrap_or(0.0))),
            serde_json::Value::Array(items) => serde_json::Value::Array(items.iter().map(walk).collect()),
            serde_json::Value::Object(map) => {
                serde_json::Value::Object(map.iter().map(|(k, v)| (k.clone(), walk(v))).collect())
            }
            other => other.clone(),
        }
    }
    walk(value).to_string()
}
