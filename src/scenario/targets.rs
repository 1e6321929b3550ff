//! Targets: from the stated ones (any sector, any period) to a quarterly target for every leaf
//! sector, and the consistency report of implied against stated figures.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::{DerivationRule, PeriodRule, Scenario, StatedTarget, TreeRule};
use crate::error::{GrdpsimError, Result};
use crate::growth::{grown, rate};
use crate::period::Period;
use crate::sector::SectorTree;

/// Stated and implied growth closer than this (percentage points) count as consistent:
/// published targets have two decimals.
pub const CONSISTENCY_TOLERANCE_PP: f64 = 0.005;

/// Quarterly growth of every leaf (rows of `base` order, nodes × 4; aggregate rows are 0).
pub(crate) fn derive(
    tree: &SectorTree,
    base: &Array2<f64>,
    targets: &[StatedTarget],
    rule: DerivationRule,
) -> Result<Array2<f64>> {
    let own = own_quarter_rates(tree, base, targets, rule.periods)?;
    let n = tree.len();
    let mut out = Array2::zeros((n, 4));
    let mut eff: Vec<Option<f64>> = vec![None; n];
    for q in 0..4 {
        eff.fill(None);
        for i in 0..n {
            let inherited = tree.node(i).parent.and_then(|p| eff[p]);
            eff[i] = match rule.tree {
                TreeRule::Inherit => own[i][q].or(inherited),
                // A residual child's rate is set by its parent below; keep it.
                TreeRule::Residual => own[i][q].or(eff[i]),
            };
            if rule.tree == TreeRule::Residual {
                if let Some(r) = eff[i] {
                    residual_children(tree, base, &own, i, q, r, &mut eff)?;
                }
            }
            if tree.is_leaf(i) {
                out[[i, q]] = eff[i].ok_or_else(|| GrdpsimError::MissingTarget {
                    sector: tree.code(i).to_owned(),
                    period: format!("Q{}", q + 1),
                    rule: rule.to_string(),
                })?;
            }
        }
    }
    Ok(out)
}

/// Children of `node` without their own rate in quarter `q` share the rate that makes the
/// parent's rate `r` exact.
fn residual_children(
    tree: &SectorTree,
    base: &Array2<f64>,
    own: &[[Option<f64>; 4]],
    node: usize,
    q: usize,
    r: f64,
    eff: &mut [Option<f64>],
) -> Result<()> {
    let children = &tree.node(node).children;
    let Some((fixed, free_base)) =
        split_fixed_free(children.iter().map(|&c| (base[[c, q]], own[c][q])))
    else {
        return Ok(());
    };
    let label = format!("Q{}", q + 1);
    let rate = residual_rate(
        tree.code(node),
        &label,
        grown(base[[node, q]], r) - fixed,
        free_base,
    )?;
    for &c in children {
        if own[c][q].is_none() {
            eff[c] = Some(rate);
        }
    }
    Ok(())
}

/// Over `(base, own rate)` pairs: the projected level of those with a rate and the base of
/// those without; `None` when all have a rate (nothing to derive).
fn split_fixed_free(items: impl Iterator<Item = (f64, Option<f64>)>) -> Option<(f64, f64)> {
    let (mut fixed, mut free_base, mut any_free) = (0.0, 0.0, false);
    for (b, rate) in items {
        if let Some(g) = rate {
            fixed += grown(b, g);
        } else {
            free_base += b;
            any_free = true;
        }
    }
    any_free.then_some((fixed, free_base))
}

/// The rate that turns `free_base` into `needed`, checked.
fn residual_rate(sector: &str, period: &str, needed: f64, free_base: f64) -> Result<f64> {
    if free_base == 0.0 {
        return Err(GrdpsimError::ZeroBase {
            sector: sector.to_owned(),
            period: format!("{period} (the sectors or quarters left to derive have no base)"),
        });
    }
    let rate = rate(needed, free_base);
    super::check_derived_rate(
        sector,
        period,
        rate,
        "derived by the residual rule from the stated targets",
    )?;
    Ok(rate)
}

/// Each node's own quarterly rates from its stated targets, by the period rule.
fn own_quarter_rates(
    tree: &SectorTree,
    base: &Array2<f64>,
    targets: &[StatedTarget],
    rule: PeriodRule,
) -> Result<Vec<[Option<f64>; 4]>> {
    let mut own = vec![[None; 4]; tree.len()];
    for t in targets.iter().filter(|t| t.period.len() == 1) {
        own[t.node][usize::from(t.period.first()) - 1] = Some(t.growth_pct);
    }
    let mut cumulative: Vec<&StatedTarget> =
        targets.iter().filter(|t| t.period.len() > 1).collect();
    cumulative.sort_by_key(|t| (t.period.len(), t.period.first()));
    for t in cumulative {
        let quarters = usize::from(t.period.first()) - 1..usize::from(t.period.last());
        let rates = &mut own[t.node];
        match rule {
            PeriodRule::Spread => {
                for q in quarters {
                    rates[q] = rates[q].or(Some(t.growth_pct));
                }
            }
            PeriodRule::Residual => {
                let Some((fixed, free_base)) =
                    split_fixed_free(quarters.clone().map(|q| (base[[t.node, q]], rates[q])))
                else {
                    continue;
                };
                let needed: f64 = grown(
                    quarters.clone().map(|q| base[[t.node, q]]).sum::<f64>(),
                    t.growth_pct,
                ) - fixed;
                let rate = residual_rate(
                    tree.code(t.node),
                    &t.period.short_label(),
                    needed,
                    free_base,
                )?;
                for q in quarters {
                    rates[q] = rates[q].or(Some(rate));
                }
            }
        }
    }
    Ok(own)
}

/// One sector and period: the figure implied by the derived quarterly targets of the leaves
/// (with base weights) beside the stated one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsistencyRow {
    pub sector: String,
    /// Label within the year: `Q1`..`Q4`, `H1`, `H2`, `Q1-Q3`, `Y`, or another stated period.
    pub period: String,
    /// The stated target, percent, if one was stated.
    pub stated_pct: Option<f64>,
    /// The growth the derived leaf targets give, percent.
    pub implied_pct: f64,
    /// `implied_pct - stated_pct`, percentage points.
    pub difference_pp: Option<f64>,
    /// No stated figure, or one within [`CONSISTENCY_TOLERANCE_PP`] of the implied figure.
    pub consistent: bool,
}

/// Implied against stated targets for every sector and period (kiểm tra tính nhất quán của
/// kịch bản).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Consistency {
    /// The derivation rule the implied figures follow.
    pub rule: DerivationRule,
    pub tolerance_pp: f64,
    /// Sectors in tree order; per sector Q1, Q2, H1, Q3, Q1-Q3, Q4, H2, Y, then other stated
    /// periods.
    pub rows: Vec<ConsistencyRow>,
}

impl Consistency {
    /// The rows whose stated figure differs from the implied one beyond the tolerance.
    pub fn inconsistent(&self) -> impl Iterator<Item = &ConsistencyRow> {
        self.rows.iter().filter(|r| !r.consistent)
    }

    /// Whether every stated figure agrees with the implied one.
    pub fn is_consistent(&self) -> bool {
        self.inconsistent().next().is_none()
    }

    /// The row of a sector (code as in the tree) and a period label (`Y`, `H1`, `Q1-Q3`, ...).
    pub fn row(&self, period: &str, sector: &str) -> Option<&ConsistencyRow> {
        self.rows
            .iter()
            .find(|r| super::is_row(&r.sector, &r.period, sector, period))
    }
}

/// Quarters, halves, 9 months and the year of `year`, in reading order: Q1, Q2, H1, Q3, 9M,
/// Q4, H2, Y.
pub(crate) fn standard_periods(year: i32) -> Vec<Period> {
    [
        (1, 1),
        (2, 2),
        (1, 2),
        (3, 3),
        (1, 3),
        (4, 4),
        (3, 4),
        (1, 4),
    ]
    .into_iter()
    .map(|(a, b)| Period::new(year, a, b).expect("valid quarters"))
    .collect()
}

impl Scenario {
    /// The consistency report: for every sector and period, the growth implied by the derived
    /// leaf targets beside the stated target, if any.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::Scenario;
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// // NLTS, CN, XD, DV, TSP in 2024, constant levels per quarter.
    /// let levels = ndarray::Array2::from_shape_fn((5, 4), |(i, _)| [600.0, 300.0, 200.0, 1700.0, 100.0][i]);
    /// let base = Accounts::from_leaf_levels(SectorTree::provincial_detailed(),
    ///     Quarter::new(2024, 1)?, levels.view(), None)?;
    /// let sc = Scenario::builder(base, 2025)
    ///     .target("Y", "GRDP", 8.0)
    ///     .target("Y", "CNXD", 12.97)
    ///     .target("Y", "CN", 7.14)
    ///     .target("Y", "XD", 21.1)
    ///     .build()?;
    /// let c = sc.consistency();
    /// let cnxd = c.row("Y", "CNXD").unwrap();
    /// // 0.6 * 7.14 + 0.4 * 21.1 = 12.724, not the stated 12.97.
    /// assert!((cnxd.implied_pct - 12.724).abs() < 1e-9);
    /// assert_eq!(cnxd.stated_pct, Some(12.97));
    /// assert!(!cnxd.consistent);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn consistency(&self) -> Consistency {
        let tree = self.tree();
        let mut rows = Vec::new();
        let standard = standard_periods(self.year);
        for node in 0..tree.len() {
            let extra = self
                .targets
                .iter()
                .filter(|t| t.node == node && !standard.contains(&t.period))
                .map(|t| t.period);
            for period in standard.iter().copied().chain(extra) {
                let stated = self
                    .targets
                    .iter()
                    .find(|t| t.node == node && t.period == period)
                    .map(|t| t.growth_pct);
                let implied = self.growth_at(node, period);
                let difference = stated.map(|s| implied - s);
                rows.push(ConsistencyRow {
                    sector: tree.code(node).to_owned(),
                    period: period.short_label(),
                    stated_pct: stated,
                    implied_pct: implied,
                    difference_pp: difference,
                    consistent: difference.is_none_or(|d| d.abs() <= CONSISTENCY_TOLERANCE_PP),
                });
            }
        }
        Consistency {
            rule: self.rule,
            tolerance_pp: CONSISTENCY_TOLERANCE_PP,
            rows,
        }
    }
}
