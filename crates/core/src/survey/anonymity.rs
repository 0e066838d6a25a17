//! The anonymity rules of SPEC 4, as pure functions of who (by opaque index, never identity)
//! falls in which predefined group. Whatever shows survey results asks these first.
//!
//! - a group's scores need at least `k` distinct respondents (`k` ≥ 3, fixed once the survey
//!   opens); comments need `k_comments` (≥ `k`);
//! - a group is hidden when its complement within its parent has 1 to `k − 1` respondents, so
//!   that subtracting it from the parent exposes no one;
//! - and, because hiding one small group is useless if the others and the parent are shown
//!   (parent minus the shown ones equals the hidden ones), the hidden groups of one family
//!   together must hold no one or at least `k` people: otherwise the smallest shown group is
//!   hidden too, until they do.
//!
//! These family rules reason on respondent counts within one grouping. A closed survey's
//! results go further: [`super::results`] has every group decided by the exact auditor of
//! [`super::disclosure`], which reasons on the published numbers themselves, across every
//! grouping at once, and subsumes the rules above; `judge_counts` still names the complement
//! rule when that is why a group is hidden.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::validate::ValidationErrors;

/// Never fewer than three: with two, each of them knows the other's answer.
pub const MIN_K: u32 = 3;
pub const DEFAULT_K: u32 = 3;
pub const DEFAULT_K_COMMENTS: u32 = 5;
const MAX_K: u32 = 100;

/// `k` and `k_comments` from a draft, defaulted and checked.
pub fn thresholds(k: Option<u32>, k_comments: Option<u32>, errors: &mut ValidationErrors) -> (u32, u32) {
    let k = k.unwrap_or(DEFAULT_K);
    if k < MIN_K {
        errors.add(
            "k",
            format!("must be at least {MIN_K}: smaller groups would let people recognise each other's answers"),
        );
    } else if k > MAX_K {
        errors.add("k", format!("must be at most {MAX_K}"));
    }
    let k_comments = k_comments.unwrap_or(DEFAULT_K_COMMENTS.max(k));
    if k_comments < k {
        errors.add("k_comments", "must be at least k");
    } else if k_comments > MAX_K {
        errors.add("k_comments", format!("must be at most {MAX_K}"));
    }
    (k, k_comments)
}

/// Why a group's result is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Suppression {
    /// Fewer than `k` respondents.
    TooFew,
    /// Showing it would let the rest of its parent group (1 to k − 1 people) be worked out.
    Complement,
    /// Hidden so that another hidden group cannot be worked out by subtraction.
    ProtectsAnother,
    /// The group it belongs to is hidden.
    ParentHidden,
    /// Combined with the other results shown, it would single out fewer than `k` people.
    Combination,
    /// The reader answered the survey: with their own answer set aside, it would rest on fewer
    /// than `k` other people.
    OwnAnswer,
}

impl Suppression {
    /// The sentence shown in place of the result.
    pub fn explain(self, k: u32) -> String {
        match self {
            Suppression::TooFew => format!("Fewer than {k} responses: not shown, to keep answers anonymous."),
            Suppression::Complement => {
                format!("Not shown: together with the overall result it would reveal a group of fewer than {k} people.")
            }
            Suppression::ProtectsAnother => {
                format!("Not shown: it would let a hidden group of fewer than {k} people be worked out by subtraction.")
            }
            Suppression::ParentHidden => format!("Not shown: the group it belongs to has fewer than {k} responses."),
            Suppression::Combination => format!(
                "Not shown: combined with the other results shown here, it would single out the answers of fewer than {k} people."
            ),
            Suppression::OwnAnswer => format!(
                "Not shown to people who answered this survey: with their own answer set aside, it would rest on fewer than {k} other people."
            ),
        }
    }
}

/// A count of respondents may be shown only when it is at least `k` (SPEC 4: "response counts
/// while open are shown only when at least k"; Rapport holds to it after closing too).
pub fn visible_count(count: u32, k: u32) -> Option<u32> {
    (count >= k).then_some(count)
}

/// Comments of a group may be shown only with at least `k_comments` respondents.
pub fn comments_visible(respondents: usize, k_comments: u32) -> bool {
    respondents >= k_comments as usize
}

/// The first two rules from counts alone: a group of `respondents` whose parent holds
/// `complement` more people.
pub fn judge_counts(respondents: usize, complement: usize, k: u32) -> Option<Suppression> {
    let k = k as usize;
    if respondents < k {
        Some(Suppression::TooFew)
    } else if (1..k).contains(&complement) {
        Some(Suppression::Complement)
    } else {
        None
    }
}

/// Decides a whole family of sibling groups inside `parent` (each group a set of respondent
/// indices). `parent_shown` false hides every group.
pub fn suppress_family(
    parent: &BTreeSet<usize>,
    groups: &[BTreeSet<usize>],
    k: u32,
    parent_shown: bool,
) -> Vec<Option<Suppression>> {
    if !parent_shown {
        return vec![Some(Suppression::ParentHidden); groups.len()];
    }
    let mut verdicts: Vec<Option<Suppression>> = groups
        .iter()
        .map(|group| {
            let inside = group.intersection(parent).count();
            judge_counts(inside, parent.len() - inside, k)
        })
        .collect();
    loop {
        let hidden: BTreeSet<usize> = groups
            .iter()
            .zip(&verdicts)
            .filter(|(_, v)| v.is_some())
            .flat_map(|(g, _)| g.iter().copied())
            .filter(|r| parent.contains(r))
            .collect();
        if hidden.is_empty() || hidden.len() >= k as usize {
            return verdicts;
        }
        // The smallest shown group joins the hidden ones; ties go to the first, so the outcome
        // depends only on the groups, not on chance.
        let next = groups
            .iter()
            .enumerate()
            .filter(|(i, _)| verdicts[*i].is_none())
            .min_by_key(|(i, g)| (g.len(), *i))
            .map(|(i, _)| i);
        match next {
            Some(i) => verdicts[i] = Some(Suppression::ProtectsAnother),
            None => return verdicts,
        }
    }
}
