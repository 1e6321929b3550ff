//! The outturn (ước thực hiện): the scenario year as it stands, every actual figure in its place
//! and the targets everywhere else.
//!
//! Every actual figure counts. A quarter in which some sectors have reported and others not is
//! *partly reported*: the reported sectors take their actuals, the others keep their targets, and
//! GRDP is their sum. Figures that cover more than one cell of the leaf sector × quarter grid (a
//! 6M figure without its quarters, an aggregate's figure without all of its sectors') are
//! shared among the cells they cover in proportion to the cells' targets.
//!
//! Formally: with `t` the target levels of the leaf cells and `A x = b` the actual figures
//! (each row sums the cells it covers; the independent figures of every sector's reconciled
//! chain, see the actuals module), the outturn is
//!
//! ```text
//! x = argmin Σ_c (x_c − t_c)² / |t_c|   subject to   A x = b
//! ```
//!
//! the proportional (pro-rata) adjustment: `x = t + W Aᵀλ` with `W = diag(|t|)` and
//! `(A W Aᵀ) λ = b − A t`. A cell that no figure covers keeps its target exactly, so a set of
//! single-quarter sector actuals moves GRDP by exactly their weighted deviations from target.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::actuals::ActualLevels;
use crate::error::{GrdpsimError, Result};
use crate::growth::rate;
use crate::period::Period;
use crate::sector::SectorTree;

/// Where a figure of the outturn comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// An actual figure of the sector over the period (given, or reconciled from others).
    Actual,
    /// Covered by actual figures, but not the sector's own over the period: a share of a
    /// cumulative figure or of a sector above, pro rata to targets.
    Estimated,
    /// Some of its cells covered by actual figures, the others at their targets.
    PartlyReported,
    /// No actual figure covers it: the target.
    Target,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Self::Actual => "actual",
            Self::Estimated => "estimated",
            Self::PartlyReported => "partly_reported",
            Self::Target => "target",
        }
    }
}

/// The outturn of every leaf cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outturn {
    /// Leaf sectors (pre-order) × 4 quarters: constant-price levels.
    pub levels: Array2<f64>,
    /// Leaf sectors × 4: whether an actual figure covers the cell.
    pub pinned: Array2<bool>,
}

/// One actual figure as a row of `A x = b`.
#[derive(Debug, Clone, PartialEq)]
struct Figure {
    node: usize,
    first: usize,
    last: usize,
    /// The leaf cells it covers (`4 × leaf position + quarter`), and the same as a mask.
    cells: Vec<usize>,
    member: Vec<bool>,
    level: f64,
}

/// The independent actual figures of a scenario: what the outturn must satisfy. They depend
/// only on the actuals, so a what-if that changes targets reuses them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figures {
    list: Vec<Figure>,
}

impl Figures {
    pub fn new(tree: &SectorTree, actuals: &ActualLevels) -> Self {
        let leaves: Vec<usize> = tree.leaves().collect();
        Self {
            list: figures(tree, &leaves, actuals),
        }
    }
}

/// The outturn from the target levels of every node (nodes × 4) and the actual figures.
///
/// # Errors
/// [`GrdpsimError::ContradictoryActuals`] when the figures cannot all hold at once (they were
/// checked pairwise already; this catches what only shows across the tree).
///
/// `previous`: the target levels (nodes × 4) and outturn of a scenario with the same figures.
/// When the targets of every covered cell are the same (a what-if never changes them), its
/// covered cells are reused and only the others take the new targets.
pub(crate) fn outturn(
    tree: &SectorTree,
    year: i32,
    target_levels: &Array2<f64>,
    base_levels: &Array2<f64>,
    figures: &Figures,
    previous: Option<(&Array2<f64>, &Outturn)>,
) -> Result<Outturn> {
    let leaves: Vec<usize> = tree.leaves().collect();
    let t = target_levels.select(ndarray::Axis(0), &leaves);
    if let Some((old_targets, old)) = previous {
        let same = old
            .pinned
            .indexed_iter()
            .all(|((i, q), &p)| !p || old_targets[[leaves[i], q]].to_bits() == t[[i, q]].to_bits());
        if same {
            let mut levels = t;
            ndarray::Zip::from(&mut levels)
                .and(&old.levels)
                .and(&old.pinned)
                .for_each(|x, &o, &p| {
                    if p {
                        *x = o;
                    }
                });
            return Ok(Outturn {
                levels,
                pinned: old.pinned.clone(),
            });
        }
    }
    let mut pinned = Array2::from_elem(t.dim(), false);
    let figures = &figures.list;
    if figures.is_empty() {
        return Ok(Outturn { levels: t, pinned });
    }
    let flat: Vec<f64> = t.iter().copied().collect();
    let scale = flat.iter().fold(0.0_f64, |m, v| m.max(v.abs())).max(1.0);
    // A cell with a zero target can still take a share (a tiny weight), so that a figure over
    // zero-target cells holds.
    let w: Vec<f64> = flat.iter().map(|v| v.abs() + 1e-12 * scale).collect();
    let m = figures.len();
    let mut mat = vec![0.0; m * m];
    let mut rhs = vec![0.0; m];
    for (r, f) in figures.iter().enumerate() {
        rhs[r] = f.level - f.cells.iter().map(|&c| flat[c]).sum::<f64>();
        for (s, g) in figures.iter().enumerate().skip(r) {
            let v: f64 = f
                .cells
                .iter()
                .filter(|&&c| g.member[c])
                .map(|&c| w[c])
                .sum();
            mat[r * m + s] = v;
            mat[s * m + r] = v;
        }
    }
    let lambda = solve_psd(&mut mat, &mut rhs, m);
    let mut x = flat.clone();
    for (f, l) in figures.iter().zip(&lambda) {
        for &c in &f.cells {
            x[c] += w[c] * l;
        }
    }
    for f in figures {
        let got: f64 = f.cells.iter().map(|&c| x[c]).sum();
        let size = f
            .level
            .abs()
            .max(f.cells.iter().map(|&c| flat[c].abs()).sum());
        if (got - f.level).abs() > 1e-9 * size.max(1.0) {
            let period = Period::new(year, (f.first + 1) as u8, f.last as u8)?;
            let base: f64 = (f.first..f.last).map(|q| base_levels[[f.node, q]]).sum();
            let pct = |v: f64| {
                if base == 0.0 {
                    v
                } else {
                    rate(v, base)
                }
            };
            return Err(GrdpsimError::ContradictoryActuals {
                sector: tree.code(f.node).to_owned(),
                period: period.to_string(),
                stated_pct: pct(f.level),
                derived_pct: pct(got),
                tolerance_pp: super::ACTUALS_TOLERANCE_PP,
            });
        }
        for &c in &f.cells {
            pinned[[c / 4, c % 4]] = true;
        }
    }
    let levels = Array2::from_shape_vec(t.dim(), x).expect("same shape as the targets");
    Ok(Outturn { levels, pinned })
}

/// The independent actual figures: for each sector, a spanning set of its reconciled chain,
/// leaving out what its sectors below all know (their own figures say it already).
fn figures(tree: &SectorTree, leaves: &[usize], actuals: &ActualLevels) -> Vec<Figure> {
    let mut out = Vec::new();
    for node in 0..tree.len() {
        let children = &tree.node(node).children;
        let below: Vec<usize> = leaves
            .iter()
            .enumerate()
            .filter(|&(_, &l)| tree.is_within(l, node))
            .map(|(i, _)| i)
            .collect();
        for (first, last, level) in actuals.spanning(node) {
            if !children.is_empty() && children.iter().all(|&c| actuals.knows(c, first, last)) {
                continue;
            }
            let cells: Vec<usize> = below
                .iter()
                .flat_map(|&i| (first..last).map(move |q| 4 * i + q))
                .collect();
            let mut member = vec![false; 4 * leaves.len()];
            for &c in &cells {
                member[c] = true;
            }
            out.push(Figure {
                node,
                first,
                last,
                cells,
                member,
                level,
            });
        }
    }
    out
}

/// Solves `M λ = rhs` for a symmetric positive semi-definite `M` (row-major, `m × m`) by
/// elimination with diagonal pivoting; a row that depends on the pivots before it gets `λ = 0`
/// (its equation then holds when the system is consistent, which the caller checks).
fn solve_psd(mat: &mut [f64], rhs: &mut [f64], m: usize) -> Vec<f64> {
    let diag: Vec<f64> = (0..m).map(|i| mat[i * m + i]).collect();
    let mut used = vec![false; m];
    let mut order = Vec::with_capacity(m);
    loop {
        let best = (0..m)
            .filter(|&j| !used[j] && diag[j] > 0.0)
            .map(|j| (j, mat[j * m + j] / diag[j]))
            .filter(|&(_, rel)| rel > 1e-10)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let Some((j, _)) = best else { break };
        used[j] = true;
        order.push(j);
        let pivot = mat[j * m + j];
        for r in (0..m).filter(|&r| !used[r]) {
            let f = mat[r * m + j] / pivot;
            if f == 0.0 {
                continue;
            }
            for c in 0..m {
                mat[r * m + c] -= f * mat[j * m + c];
            }
            rhs[r] -= f * rhs[j];
        }
    }
    let mut lambda = vec![0.0; m];
    for (k, &p) in order.iter().enumerate().rev() {
        let later: f64 = order[k + 1..]
            .iter()
            .map(|&q| mat[p * m + q] * lambda[q])
            .sum();
        lambda[p] = (rhs[p] - later) / mat[p * m + p];
    }
    lambda
}

impl Outturn {
    /// The outturn level of `node` over `period` (leaves: positions in `leaves`).
    pub fn level(&self, tree: &SectorTree, leaves: &[usize], node: usize, period: Period) -> f64 {
        let quarters = usize::from(period.first()) - 1..usize::from(period.last());
        leaves
            .iter()
            .enumerate()
            .filter(|&(_, &l)| tree.is_within(l, node))
            .map(|(i, _)| quarters.clone().map(|q| self.levels[[i, q]]).sum::<f64>())
            .sum()
    }

    /// How many of the cells of `node` over `period` an actual figure covers, and how many
    /// cells there are.
    pub fn covered(
        &self,
        tree: &SectorTree,
        leaves: &[usize],
        node: usize,
        period: Period,
    ) -> (usize, usize) {
        let quarters = usize::from(period.first()) - 1..usize::from(period.last());
        let mut counts = (0, 0);
        for (i, _) in leaves
            .iter()
            .enumerate()
            .filter(|&(_, &l)| tree.is_within(l, node))
        {
            for q in quarters.clone() {
                counts.1 += 1;
                counts.0 += usize::from(self.pinned[[i, q]]);
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependent_rows_get_no_multiplier() {
        // Rows 0 and 2 are the same equation.
        let mut m = vec![2.0, 1.0, 2.0, 1.0, 3.0, 1.0, 2.0, 1.0, 2.0];
        let mut rhs = vec![4.0, 5.0, 4.0];
        let l = solve_psd(&mut m, &mut rhs, 3);
        let m0 = [2.0, 1.0, 2.0, 1.0, 3.0, 1.0, 2.0, 1.0, 2.0];
        for r in 0..3 {
            let got: f64 = (0..3).map(|c| m0[r * 3 + c] * l[c]).sum();
            assert!((got - [4.0, 5.0, 4.0][r]).abs() < 1e-12);
        }
        assert!(l.contains(&0.0));
    }
}
