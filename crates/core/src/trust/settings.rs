//! The parameters of the trust model, with SPEC 3 defaults. They will become workspace settings;
//! every function of the trust model takes them explicitly so a workspace's choice applies
//! everywhere at once.

use serde::{Deserialize, Serialize};

use crate::validate::ValidationErrors;

/// How fast evidence fades: an outcome `half_life` days old weighs half as much as a fresh one.
/// Always finite and positive, so weights are always in (0, 1] for past outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "f64", into = "f64")]
pub struct HalfLife(f64);

impl HalfLife {
    /// SPEC 3.1: 180 days.
    pub const DEFAULT: HalfLife = HalfLife(180.0);

    /// `None` unless `days` is a finite, positive number.
    pub fn days(days: f64) -> Option<HalfLife> {
        (days.is_finite() && days > 0.0).then_some(HalfLife(days))
    }

    pub fn as_days(self) -> f64 {
        self.0
    }

    /// `2^(-age/h)`: the weight of an outcome `age_days` old (above 1 for a negative age).
    pub fn weight(self, age_days: i64) -> f64 {
        (-(age_days as f64) / self.0).exp2()
    }
}

impl Default for HalfLife {
    fn default() -> Self {
        HalfLife::DEFAULT
    }
}

impl TryFrom<f64> for HalfLife {
    type Error = &'static str;
    fn try_from(days: f64) -> Result<Self, Self::Error> {
        HalfLife::days(days).ok_or("the half-life must be a positive number of days")
    }
}

impl From<HalfLife> for f64 {
    fn from(h: HalfLife) -> f64 {
        h.0
    }
}

/// Every parameter of SPEC 3, defaults as the SPEC gives them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct TrustSettings {
    /// SPEC 3.1: weight of evidence halves every this many days.
    pub half_life: HalfLife,
    /// SPEC 3.1: days after the due date before an undone commitment is missed.
    pub grace_days: i64,
    /// SPEC 3.1: below this much (decayed) evidence, `r + s`, reliability is "not enough evidence".
    pub min_evidence: f64,
    /// SPEC 3.1: probability mass of the equal-tailed credible interval.
    pub credible_level: f64,
    pub health: HealthSettings,
    pub warnings: WarningSettings,
}

impl Default for TrustSettings {
    fn default() -> Self {
        TrustSettings {
            half_life: HalfLife::DEFAULT,
            grace_days: crate::commitment::DEFAULT_GRACE_DAYS,
            min_evidence: 3.0,
            credible_level: 0.90,
            health: HealthSettings::default(),
            warnings: WarningSettings::default(),
        }
    }
}

/// SPEC 3.3.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct HealthSettings {
    /// The look-back window, shortened to the partnership's age while it is younger.
    pub window_days: i64,
    pub reliability_weight: f64,
    pub perceived_trust_weight: f64,
    pub cadence_weight: f64,
    pub goals_weight: f64,
    pub concerns_weight: f64,
    /// Points the concerns component loses for each open concern past its acknowledgement deadline.
    pub concern_penalty: f64,
    /// The concerns component has data once the partnership is this old.
    pub concerns_min_age_days: i64,
}

impl Default for HealthSettings {
    fn default() -> Self {
        HealthSettings {
            window_days: 180,
            reliability_weight: 30.0,
            perceived_trust_weight: 25.0,
            cadence_weight: 15.0,
            goals_weight: 20.0,
            concerns_weight: 10.0,
            concern_penalty: 25.0,
            concerns_min_age_days: 30,
        }
    }
}

/// SPEC 3.4, plus the few thresholds the SPEC leaves to us (marked "ours").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct WarningSettings {
    /// Commitments overdue: this many missed commitments…
    pub missed_count: usize,
    /// …that became missed within this many days,
    pub missed_window_days: i64,
    /// …or one missed commitment overdue by more than this many days.
    pub overdue_days: i64,
    /// Cadence slipping: no check-in for this many times the cadence.
    pub cadence_factor: f64,
    /// Trust falling: perceived trust dropped by at least this many points between two waves…
    pub trust_drop_points: f64,
    /// …or reliability `E` dropped by at least this much…
    pub reliability_drop: f64,
    /// …within this many days.
    pub reliability_drop_days: i64,
    /// Goal at risk: marked at risk or off track with fewer than this many days to its due date…
    pub goal_due_days: i64,
    /// …or progress behind the time elapsed by more than this many points.
    pub goal_lag_points: f64,
    /// Concern unanswered: acknowledgement deadline when a concern carries none of its own.
    pub concern_acknowledge_days: i64,
    /// One-sided: one member carries more than this share of kept commitments or contributions…
    pub one_sided_share: f64,
    /// …over this many days…
    pub one_sided_window_days: i64,
    /// …counted only once there are at least this many of them (ours: a share of 2 says nothing).
    pub one_sided_min_records: usize,
    /// Quiet partner: absent from this many latest check-ins.
    pub quiet_checkins: usize,
    /// Win to celebrate: a streak of this many commitments kept on time…
    pub streak: usize,
    /// …or a milestone met, not older than this many days (ours: old wins stop nagging).
    pub win_recent_days: i64,
}

impl Default for WarningSettings {
    fn default() -> Self {
        WarningSettings {
            missed_count: 2,
            missed_window_days: 30,
            overdue_days: 14,
            cadence_factor: 2.0,
            trust_drop_points: 10.0,
            reliability_drop: 0.15,
            reliability_drop_days: 90,
            goal_due_days: 30,
            goal_lag_points: 25.0,
            concern_acknowledge_days: 7,
            one_sided_share: 0.70,
            one_sided_window_days: 180,
            one_sided_min_records: 5,
            quiet_checkins: 3,
            streak: 5,
            win_recent_days: 30,
        }
    }
}

/// Trust settings that passed validation: the only kind a workspace keeps.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidTrustSettings {
    pub settings: TrustSettings,
}

impl TrustSettings {
    /// `validate`, keeping the settings once they pass.
    pub fn validated(self) -> Result<ValidTrustSettings, ValidationErrors> {
        self.validate()?;
        Ok(ValidTrustSettings { settings: self })
    }

    /// Names every parameter out of range, as workspace settings forms will show them.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let h = &self.health;
        let w = &self.warnings;
        if self.grace_days < 0 {
            errors.add("grace_days", "cannot be negative");
        }
        if !(self.min_evidence.is_finite() && self.min_evidence >= 0.0) {
            errors.add("min_evidence", "must be zero or more");
        }
        if !(self.credible_level > 0.0 && self.credible_level < 1.0) {
            errors.add("credible_level", "must be between 0 and 1");
        }
        if h.window_days < 1 {
            errors.add("health.window_days", "must be at least one day");
        }
        let weights = [
            ("health.reliability_weight", h.reliability_weight),
            ("health.perceived_trust_weight", h.perceived_trust_weight),
            ("health.cadence_weight", h.cadence_weight),
            ("health.goals_weight", h.goals_weight),
            ("health.concerns_weight", h.concerns_weight),
            ("health.concern_penalty", h.concern_penalty),
        ];
        for (field, value) in weights {
            if !(value.is_finite() && value >= 0.0) {
                errors.add(field, "must be zero or more");
            }
        }
        let days = [
            ("health.concerns_min_age_days", h.concerns_min_age_days),
            ("warnings.missed_window_days", w.missed_window_days),
            ("warnings.overdue_days", w.overdue_days),
            ("warnings.reliability_drop_days", w.reliability_drop_days),
            ("warnings.goal_due_days", w.goal_due_days),
            ("warnings.concern_acknowledge_days", w.concern_acknowledge_days),
            ("warnings.one_sided_window_days", w.one_sided_window_days),
            ("warnings.win_recent_days", w.win_recent_days),
        ];
        for (field, value) in days {
            if value < 0 {
                errors.add(field, "cannot be negative");
            }
        }
        if !(w.cadence_factor.is_finite() && w.cadence_factor >= 1.0) {
            errors.add("warnings.cadence_factor", "must be at least 1");
        }
        if !(w.one_sided_share > 0.0 && w.one_sided_share < 1.0) {
            errors.add("warnings.one_sided_share", "must be between 0 and 1");
        }
        for (field, value) in
            [("warnings.trust_drop_points", w.trust_drop_points), ("warnings.goal_lag_points", w.goal_lag_points)]
        {
            if !(value.is_finite() && value > 0.0) {
                errors.add(field, "must be more than zero");
            }
        }
        if !(w.reliability_drop.is_finite() && w.reliability_drop > 0.0) {
            errors.add("warnings.reliability_drop", "must be more than zero");
        }
        for (field, value) in [
            ("warnings.missed_count", w.missed_count),
            ("warnings.quiet_checkins", w.quiet_checkins),
            ("warnings.streak", w.streak),
        ] {
            if value == 0 {
                errors.add(field, "must be at least 1");
            }
        }
        errors.finish(|| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_spec_values_and_valid() {
        let s = TrustSettings::default();
        assert_eq!(s.half_life.as_days(), 180.0);
        assert_eq!(s.grace_days, 3);
        assert_eq!(s.credible_level, 0.90);
        assert_eq!(
            (
                s.health.reliability_weight,
                s.health.perceived_trust_weight,
                s.health.cadence_weight,
                s.health.goals_weight,
                s.health.concerns_weight
            ),
            (30.0, 25.0, 15.0, 20.0, 10.0)
        );
        assert!(s.validate().is_ok());
    }

    #[test]
    fn bad_settings_name_their_fields() {
        let mut s = TrustSettings { credible_level: 1.0, ..TrustSettings::default() };
        s.warnings.one_sided_share = 0.0;
        s.health.goals_weight = -1.0;
        let errors = s.validate().unwrap_err();
        assert!(errors.for_field("credible_level").is_some());
        assert!(errors.for_field("warnings.one_sided_share").is_some());
        assert!(errors.for_field("health.goals_weight").is_some());
    }

    #[test]
    fn half_life_rejects_nonsense_and_weighs_by_age() {
        assert!(HalfLife::days(0.0).is_none());
        assert!(HalfLife::days(f64::NAN).is_none());
        assert!(serde_json::from_str::<HalfLife>("-3").is_err());
        let h = HalfLife::DEFAULT;
        assert_eq!(h.weight(0), 1.0);
        assert!((h.weight(180) - 0.5).abs() < 1e-15);
        assert!((h.weight(360) - 0.25).abs() < 1e-15);
    }
}
