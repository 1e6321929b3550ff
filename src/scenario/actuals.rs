//! Actual figures (số liệu thực hiện): growth rates or levels, for single quarters or
//! cumulative periods, reconciled once into levels.
//!
//! Every figure for a sector over quarters `a..=b` is a constraint on the sector's cumulative
//! levels: `C(b) - C(a-1) = level`, with `C(0) = 0`. The constraints form a graph on the five
//! points `C(0)..C(4)`; a period's level is known when its two end points are connected (a 6M
//! figure alone gives H1; with Q1 it also gives Q2). A figure that closes a cycle is checked
//! against the others: beyond [`ACTUALS_TOLERANCE_PP`] of growth it is an error.
//!
//! Up the tree: an aggregate's level over a period is the sum of its children's when all of
//! them know it; the children's sum then wins over the aggregate's own figure, which is only
//! checked (published figures are rounded, and the gap must decompose exactly). An aggregate's
//! own figure fills in what its children do not give. Children are not inferred from a parent.

use ndarray::Array2;

use super::{ActualValue, StatedActual};
use crate::error::{GrdpsimError, Result};
use crate::growth::{grown, rate};
use crate::period::Period;
use crate::sector::SectorTree;

/// Figures that disagree by more than this, in percentage points of growth, are contradictory.
/// Published growth rates have two decimals, so each figure carries up to 0.005 pp of rounding;
/// a 6M rate derived from rounded quarters and levels can differ by a few hundredths.
pub const ACTUALS_TOLERANCE_PP: f64 = 0.05;

/// Differences between the cumulative levels `C(0)..C(4)` of one sector: a union-find with
/// offsets (`offset[j] = C(j) - C(parent[j])`).
#[derive(Debug, Clone, PartialEq)]
struct Chain {
    parent: [usize; 5],
    offset: [f64; 5],
}

impl Chain {
    fn new() -> Self {
        Self {
            parent: [0, 1, 2, 3, 4],
            offset: [0.0; 5],
        }
    }

    /// The root of `j` and `C(j) - C(root)`.
    fn find(&self, j: usize) -> (usize, f64) {
        let (mut r, mut off) = (j, 0.0);
        while self.parent[r] != r {
            off += self.offset[r];
            r = self.parent[r];
        }
        (r, off)
    }

    /// `C(b) - C(a)` when known.
    fn diff(&self, a: usize, b: usize) -> Option<f64> {
        let (ra, oa) = self.find(a);
        let (rb, ob) = self.find(b);
        (ra == rb).then_some(ob - oa)
    }

    /// Records `C(b) - C(a) = v`; returns the known difference instead when there is one.
    fn link(&mut self, a: usize, b: usize, v: f64) -> Option<f64> {
        let (ra, oa) = self.find(a);
        let (rb, ob) = self.find(b);
        if ra == rb {
            return Some(ob - oa);
        }
        // C(rb) - C(ra) = v - ob + oa; the lower index stays the root, so C(0) stays one.
        let d = v - ob + oa;
        if ra < rb {
            self.parent[rb] = ra;
            self.offset[rb] = d;
        } else {
            self.parent[ra] = rb;
            self.offset[ra] = -d;
        }
        None
    }
}

/// Reconciled actual levels of every node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActualLevels {
    chains: Vec<Chain>,
}

impl ActualLevels {
    /// The actual level of `node` over `period`, when known.
    pub fn level(&self, node: usize, period: Period) -> Option<f64> {
        self.chains[node].diff(usize::from(period.first()) - 1, usize::from(period.last()))
    }

    /// Whether the level of `node` over quarters `first+1..=last` is known (`first < last`,
    /// points of the cumulative chain `C(0)..C(4)`).
    pub fn knows(&self, node: usize, first: usize, last: usize) -> bool {
        self.chains[node].diff(first, last).is_some()
    }

    /// A spanning set of what is known of `node`: `(a, b, C(b) - C(a))` for every point `b`
    /// linked to a lower point `a` (the lowest of its group); every known level of the node is
    /// a sum and difference of these.
    pub fn spanning(&self, node: usize) -> Vec<(usize, usize, f64)> {
        let chain = &self.chains[node];
        (1..=4)
            .filter_map(|b| {
                let (root, off) = chain.find(b);
                (root != b).then_some((root, b, off))
            })
            .collect()
    }

    /// The largest `k` such that the level over `Q1..Qk` is known (0 when none is).
    pub fn known_prefix(&self, node: usize) -> usize {
        (1..=4)
            .rev()
            .find(|&k| self.chains[node].diff(0, k).is_some())
            .unwrap_or(0)
    }
}

/// Reconciles the actual figures into levels; `base` holds the year before (nodes × 4).
pub(crate) fn reconcile(
    tree: &SectorTree,
    year: i32,
    base: &Array2<f64>,
    inputs: &[StatedActual],
) -> Result<ActualLevels> {
    let n = tree.len();
    let mut chains = vec![Chain::new(); n];
    for node in (0..n).rev() {
        let mut chain = Chain::new();
        let children = &tree.node(node).children;
        if !children.is_empty() {
            for a in 0..4 {
                for b in a + 1..=4 {
                    let sum: Option<f64> = children.iter().map(|&c| chains[c].diff(a, b)).sum();
                    if let Some(v) = sum {
                        chain.link(a, b, v);
                    }
                }
            }
        }
        for input in inputs.iter().filter(|i| i.node == node) {
            let p = input.period;
            let period = Period::new(year, p.first(), p.last())?;
            let base_level: f64 = (usize::from(p.first())..=usize::from(p.last()))
                .map(|q| base[[node, q - 1]])
                .sum();
            let level = input_level(tree, node, period, base_level, input.value)?;
            let (a, b) = (usize::from(p.first()) - 1, usize::from(p.last()));
            if let Some(known) = chain.link(a, b, level) {
                check_agreement(tree, node, period, base_level, level, known)?;
            }
        }
        chains[node] = chain;
    }
    let levels = ActualLevels { chains };
    check_no_hole(tree, year, &levels, inputs)?;
    Ok(levels)
}

/// A figure for quarters `a+1..=b` with `a > 0` needs the quarters before it: the level over
/// `Q1..Qa` known for the sector or a sector above it. Otherwise the figure could not count
/// (nothing says where the year stood before it): it is an error naming the missing period.
fn check_no_hole(
    tree: &SectorTree,
    year: i32,
    levels: &ActualLevels,
    inputs: &[StatedActual],
) -> Result<()> {
    for input in inputs {
        let a = usize::from(input.period.first()) - 1;
        if a == 0 {
            continue;
        }
        let mut node = Some(input.node);
        let mut covered = false;
        while let Some(n) = node {
            if levels.knows(n, 0, a) {
                covered = true;
                break;
            }
            node = tree.node(n).parent;
        }
        if !covered {
            let missing = Period::new(year, 1, a as u8)?;
            return Err(GrdpsimError::MissingActuals {
                sector: tree.code(input.node).to_owned(),
                period: missing.to_string(),
                needed_for: format!(
                    "the actual for {} leaves a hole: give {} over {} (or a sector above it) first",
                    Period::new(year, input.period.first(), input.period.last())?,
                    tree.code(input.node),
                    missing.short_label()
                ),
            });
        }
    }
    Ok(())
}

fn input_level(
    tree: &SectorTree,
    node: usize,
    period: Period,
    base_level: f64,
    value: ActualValue,
) -> Result<f64> {
    let what = || format!("actual for {} in {period}", tree.code(node));
    match value {
        ActualValue::GrowthPct(g) => {
            if !g.is_finite() || g <= -100.0 || g > super::MAX_GROWTH_PCT {
                return Err(GrdpsimError::invalid_argument(
                    &what(),
                    format!(
                        "growth {g}% must be finite, above -100% and at most {}%",
                        super::MAX_GROWTH_PCT
                    ),
                ));
            }
            if base_level == 0.0 {
                return Err(GrdpsimError::ZeroBase {
                    sector: tree.code(node).to_owned(),
                    period: period.previous_year().to_string(),
                });
            }
            Ok(grown(base_level, g))
        }
        ActualValue::Level(x) => {
            // A level of 0 is a growth of -100%, refused as a rate: refused as a level too.
            if !x.is_finite()
                || x.abs() > crate::accounts::MAX_LEVEL
                || (x <= 0.0 && !tree.node(node).net_taxes)
            {
                return Err(GrdpsimError::InvalidLevel {
                    sector: tree.code(node).to_owned(),
                    period: period.to_string(),
                    value: x,
                    reason: "an actual level must be finite, at most 1e21, and (outside net taxes) above zero",
                });
            }
            if base_level > 0.0 && rate(x, base_level) > super::MAX_GROWTH_PCT {
                return Err(GrdpsimError::InvalidLevel {
                    sector: tree.code(node).to_owned(),
                    period: period.to_string(),
                    value: x,
                    reason: "more than 10,000 times the level of the year before",
                });
            }
            Ok(x)
        }
    }
}

fn check_agreement(
    tree: &SectorTree,
    node: usize,
    period: Period,
    base_level: f64,
    stated: f64,
    known: f64,
) -> Result<()> {
    let scale = if base_level == 0.0 {
        stated.abs().max(known.abs()).max(f64::MIN_POSITIVE)
    } else {
        base_level.abs()
    };
    let off_pp = (stated - known).abs() / scale * 100.0;
    if off_pp <= ACTUALS_TOLERANCE_PP {
        return Ok(());
    }
    let pct = |x: f64| rate(x, scale);
    Err(GrdpsimError::ContradictoryActuals {
        sector: tree.code(node).to_owned(),
        period: period.to_string(),
        stated_pct: pct(stated),
        derived_pct: pct(known),
        tolerance_pp: ACTUALS_TOLERANCE_PP,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_half_year_and_its_first_quarter_give_the_second() {
        let mut c = Chain::new();
        assert!(c.link(0, 2, 10.0).is_none());
        assert!(c.diff(0, 1).is_none());
        assert!(c.link(0, 1, 4.0).is_none());
        assert_eq!(c.diff(1, 2), Some(6.0));
        assert_eq!(c.link(1, 2, 6.5), Some(6.0));
    }

    #[test]
    fn a_later_quarter_alone_is_known_but_not_from_q1() {
        let mut c = Chain::new();
        c.link(2, 3, 5.0);
        assert_eq!(c.diff(2, 3), Some(5.0));
        assert!(c.diff(0, 3).is_none());
        c.link(0, 2, 7.0);
        assert_eq!(c.diff(0, 3), Some(12.0));
    }
}
