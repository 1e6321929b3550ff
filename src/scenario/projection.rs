//! Projection: levels, growth and contributions of the scenario year under the targets.

use ndarray::Array2;

use super::{parse_period, Scenario};
use crate::accounts::Accounts;
use crate::contributions::{Contributions, Convention};
use crate::error::{GrdpsimError, Result};
use crate::period::Quarter;
use crate::sector::SectorTree;

/// Projected levels of every node (nodes × 4) from the leaves' quarterly growth.
pub(crate) fn project(
    tree: &SectorTree,
    base: &Array2<f64>,
    leaf_growth: &Array2<f64>,
) -> Array2<f64> {
    let mut levels = Array2::zeros((tree.len(), 4));
    for leaf in tree.leaves() {
        for q in 0..4 {
            levels[[leaf, q]] = base[[leaf, q]] * (1.0 + leaf_growth[[leaf, q]] / 100.0);
        }
    }
    sum_up(tree, &mut levels);
    levels
}

/// Overwrites every aggregate row with the sum of its children (pre-order: walk backwards).
pub(crate) fn sum_up(tree: &SectorTree, m: &mut Array2<f64>) {
    for i in (0..tree.len()).rev() {
        let children = &tree.node(i).children;
        if children.is_empty() {
            continue;
        }
        for q in 0..m.ncols() {
            m[[i, q]] = children.iter().map(|&c| m[[c, q]]).sum();
        }
    }
}

impl Scenario {
    /// Projected growth of a sector over a period of the scenario year, percent.
    ///
    /// # Errors
    /// An unknown sector; a period that is not one of the scenario year; a zero base.
    ///
    /// # Examples
    /// See the [module documentation](super).
    pub fn growth(&self, sector: &str, period: &str) -> Result<f64> {
        let node = self.tree().index(sector)?;
        let p = parse_period(period, self.year)?;
        if self.base_level(node, p) == 0.0 {
            return Err(GrdpsimError::ZeroBase {
                sector: self.tree().code(node).to_owned(),
                period: p.previous_year().to_string(),
            });
        }
        Ok(self.growth_at(node, p))
    }

    /// Projected constant-price level of a sector over a period of the scenario year.
    ///
    /// # Errors
    /// An unknown sector; a period that is not one of the scenario year.
    pub fn projected_level(&self, sector: &str, period: &str) -> Result<f64> {
        let node = self.tree().index(sector)?;
        Ok(self.target_level(node, parse_period(period, self.year)?))
    }

    /// Projected contributions of the broad sectors over a period, in either convention.
    ///
    /// # Errors
    /// A period that is not one of the scenario year; a zero base.
    pub fn contributions(&self, period: &str, convention: Convention) -> Result<Contributions> {
        self.projected_accounts()
            .contributions(parse_period(period, self.year)?, convention)
    }

    /// The projected accounts: the base year and the scenario year, at constant prices; every
    /// query of [`Accounts`] works on them.
    pub fn projected_accounts(&self) -> &Accounts {
        self.projected.get_or_init(|| {
            let tree = self.tree();
            let leaves: Vec<usize> = tree.leaves().collect();
            let both = Array2::from_shape_fn((leaves.len(), 8), |(i, c)| {
                if c < 4 {
                    self.base_levels[[leaves[i], c]]
                } else {
                    self.levels[[leaves[i], c - 4]]
                }
            });
            let start = Quarter::new(self.year - 1, 1).expect("quarter 1 is valid");
            Accounts::from_leaf_levels(tree.clone(), start, both.view(), None)
                .expect("projected levels are finite, and non-negative outside net taxes")
        })
    }
}
