//! The contribution ledger (SPEC 2, equity in contributions): what each member brings to a
//! partnership, and how evenly the partnership's load is shared.
//!
//! Hours, money and in-kind help cannot be added up, so the equity view compares amounts only
//! within one kind and unit, and measures the overall balance on the number of contributions
//! each member recorded: the same measure the "one-sided partnership" warning uses (every
//! record weighs 1 in the trust engine).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::kinds::ContributionKind;
use crate::validate::ValidationErrors;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contribution {
    pub id: Uuid,
    pub partnership_id: Uuid,
    pub organization_id: Uuid,
    pub kind: ContributionKind,
    pub amount: f64,
    /// "hours", a currency such as "USD", "rooms"…
    pub unit: String,
    pub contributed_on: NaiveDate,
    pub note: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContributionDraft {
    pub organization_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = ContributionKind))]
    pub kind: String,
    pub amount: f64,
    /// Defaults to "hours" for hours and expertise, "times" for in-kind help, facilities, data
    /// and connections; required for money (its currency).
    #[serde(default)]
    pub unit: Option<String>,
    pub contributed_on: NaiveDate,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidContribution {
    pub organization_id: Uuid,
    pub kind: ContributionKind,
    pub amount: f64,
    pub unit: String,
    pub contributed_on: NaiveDate,
    pub note: Option<String>,
}

impl ContributionDraft {
    pub fn validate(&self, members: &[Uuid], today: NaiveDate) -> Result<ValidContribution, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = errors.choice::<ContributionKind>("kind", &self.kind);
        if !members.contains(&self.organization_id) {
            errors.add("organization_id", "must be a member organisation of this partnership");
        }
        if !self.amount.is_finite() || self.amount <= 0.0 {
            errors.add("amount", "must be a number greater than zero");
        } else if self.amount > 1e12 {
            errors.add("amount", "is too large");
        }
        let unit = errors.optional_text("unit", self.unit.as_deref(), 30);
        let unit = match (unit, kind.map(ContributionKind::default_unit)) {
            (Some(unit), _) => unit,
            (None, Some(Some(default))) => default.to_owned(),
            (None, Some(None)) => {
                errors.add("unit", "name the currency, e.g. USD");
                String::new()
            }
            (None, None) => String::new(),
        };
        if errors.plausible_date("contributed_on", self.contributed_on) && self.contributed_on > today {
            errors.add("contributed_on", "cannot be in the future: record a contribution once it is made");
        }
        let note = errors.optional_text("note", self.note.as_deref(), 2_000);
        errors.finish_parsed(kind, |kind| ValidContribution {
            organization_id: self.organization_id,
            kind,
            amount: self.amount,
            unit,
            contributed_on: self.contributed_on,
            note,
        })
    }
}

/// A member's part of the partnership's contributions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberShare {
    pub organization_id: Uuid,
    pub organization_name: String,
    /// Contributions it recorded in the window.
    pub records: u32,
    /// Its share of all records in the window, 0–1; `None` when there are none.
    pub share: Option<f64>,
}

/// One kind and unit, and each member's amount and share of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindShares {
    pub kind: ContributionKind,
    pub unit: String,
    pub total: f64,
    pub members: Vec<KindMemberShare>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindMemberShare {
    pub organization_id: Uuid,
    pub amount: f64,
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BalancePoint {
    pub on: NaiveDate,
    pub balance: Option<f64>,
}

/// How evenly a partnership's contributions are shared, over the window ending `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Equity {
    pub partnership_id: Uuid,
    pub as_of: NaiveDate,
    pub window_days: i64,
    pub members: Vec<MemberShare>,
    pub by_kind: Vec<KindShares>,
    /// 1 when every member recorded as many contributions as the others, 0 when one member
    /// recorded them all: `1 − (largest share − 1/n) / (1 − 1/n)` over the n members. `None`
    /// without contributions or with fewer than two members.
    pub balance: Option<f64>,
    /// The balance at each month's end over the last year.
    pub trend: Vec<BalancePoint>,
}

/// `1 − (max − 1/n) / (1 − 1/n)`: see [`Equity::balance`].
pub fn balance(shares: &[f64]) -> Option<f64> {
    let n = shares.len();
    if n < 2 {
        return None;
    }
    let largest = shares.iter().copied().fold(f64::NAN, f64::max);
    if !largest.is_finite() {
        return None;
    }
    let even = 1.0 / n as f64;
    Some((1.0 - (largest - even) / (1.0 - even)).clamp(0.0, 1.0))
}

/// The equity view of `contributions` among `members` (id, name) over the `window_days` ending
/// `as_of`, with the balance's trend on `trend_days`.
pub fn equity(
    partnership_id: Uuid,
    members: &[(Uuid, String)],
    contributions: &[Contribution],
    as_of: NaiveDate,
    window_days: i64,
    trend_days: &[NaiveDate],
) -> Equity {
    let in_window = |c: &&Contribution, end: NaiveDate| {
        c.contributed_on <= end && (end - c.contributed_on).num_days() < window_days
    };
    let counts = |end: NaiveDate| -> Vec<u32> {
        members
            .iter()
            .map(|(org, _)| {
                contributions.iter().filter(|c| in_window(c, end) && c.organization_id == *org).count() as u32
            })
            .collect()
    };
    let shares_of = |counts: &[u32]| -> Option<Vec<f64>> {
        let total: u32 = counts.iter().sum();
        (total > 0).then(|| counts.iter().map(|c| *c as f64 / total as f64).collect())
    };

    let now = counts(as_of);
    let shares = shares_of(&now);
    let member_shares = members
        .iter()
        .enumerate()
        .map(|(i, (org, name))| MemberShare {
            organization_id: *org,
            organization_name: name.clone(),
            records: now[i],
            share: shares.as_ref().map(|s| s[i]),
        })
        .collect();

    let mut kinds: BTreeMap<(ContributionKind, String), BTreeMap<Uuid, f64>> = BTreeMap::new();
    for c in contributions.iter().filter(|c| in_window(c, as_of)) {
        *kinds.entry((c.kind, c.unit.clone())).or_default().entry(c.organization_id).or_default() += c.amount;
    }
    let by_kind = kinds
        .into_iter()
        .map(|((kind, unit), amounts)| {
            let total: f64 = amounts.values().sum();
            let members = members
                .iter()
                .filter_map(|(org, _)| {
                    amounts.get(org).map(|amount| KindMemberShare {
                        organization_id: *org,
                        amount: *amount,
                        share: amount / total,
                    })
                })
                .collect();
            KindShares { kind, unit, total, members }
        })
        .collect();

    let trend = trend_days
        .iter()
        .map(|day| BalancePoint { on: *day, balance: shares_of(&counts(*day)).and_then(|s| balance(&s)) })
        .collect();
    Equity {
        partnership_id,
        as_of,
        window_days,
        members: member_shares,
        by_kind,
        balance: shares.and_then(|s| balance(&s)),
        trend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contribution(org: u128, kind: ContributionKind, amount: f64, unit: &str, on: NaiveDate) -> Contribution {
        Contribution {
            id: Uuid::now_v7(),
            partnership_id: Uuid::nil(),
            organization_id: Uuid::from_u128(org),
            kind,
            amount,
            unit: unit.into(),
            contributed_on: on,
            note: None,
            created_by: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn balance_is_one_when_even_and_zero_when_one_sided() {
        assert_eq!(balance(&[0.5, 0.5]), Some(1.0));
        assert_eq!(balance(&[1.0, 0.0]), Some(0.0));
        assert!((balance(&[0.75, 0.25]).unwrap() - 0.5).abs() < 1e-12);
        assert!((balance(&[0.5, 0.25, 0.25]).unwrap() - 0.75).abs() < 1e-12);
        assert_eq!(balance(&[1.0]), None);
    }

    #[test]
    fn shares_count_records_overall_and_amounts_within_a_kind() {
        let day = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let members = vec![(Uuid::from_u128(1), "School".to_owned()), (Uuid::from_u128(2), "Library".to_owned())];
        let list = vec![
            contribution(1, ContributionKind::StaffHours, 10.0, "hours", day),
            contribution(1, ContributionKind::StaffHours, 20.0, "hours", day),
            contribution(1, ContributionKind::Money, 500.0, "USD", day),
            contribution(2, ContributionKind::StaffHours, 10.0, "hours", day),
            // Outside the 180-day window: not counted.
            contribution(2, ContributionKind::Facilities, 1.0, "times", day - chrono::Duration::days(200)),
        ];
        let e = equity(Uuid::nil(), &members, &list, day, 180, &[day]);
        assert_eq!(e.members[0].records, 3);
        assert_eq!(e.members[0].share, Some(0.75));
        assert_eq!(e.members[1].share, Some(0.25));
        assert!((e.balance.unwrap() - 0.5).abs() < 1e-12);
        let hours = e.by_kind.iter().find(|k| k.kind == ContributionKind::StaffHours).unwrap();
        assert_eq!(hours.total, 40.0);
        assert_eq!(hours.members[0].share, 0.75);
        assert_eq!(e.by_kind.len(), 2);
    }

    #[test]
    fn money_needs_a_currency_and_hours_default_their_unit() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let org = Uuid::from_u128(1);
        let draft = ContributionDraft {
            organization_id: org,
            kind: "money".into(),
            amount: 100.0,
            unit: None,
            contributed_on: today,
            note: None,
        };
        assert_eq!(draft.validate(&[org], today).unwrap_err().for_field("unit"), Some("name the currency, e.g. USD"));
        let hours = ContributionDraft { kind: "volunteer_hours".into(), ..draft.clone() };
        assert_eq!(hours.validate(&[org], today).unwrap().unit, "hours");
        let bad = ContributionDraft { amount: -1.0, contributed_on: today + chrono::Duration::days(1), ..hours };
        let errors = bad.validate(&[org], today).unwrap_err();
        assert!(errors.for_field("amount").is_some() && errors.for_field("contributed_on").is_some());
    }
}
