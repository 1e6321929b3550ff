//! Projection: levels, growth and contributions of the scenario year under the targets.

use ndarray::Array2;

use super::{parse_period, Scenario};
use crate::accounts::{Accounts, PriceBasis};
use crate::contributions::{Contributions, Convention};
use crate::error::Result;
use crate::period::Quarter;
use crate::sector::SectorTree;

/// Projected accounts (the base year and the scenario year) and the projected levels of every
/// node (nodes × 4) from the leaves' quarterly growth.
pub(crate) fn project(
    tree: &SectorTree,
    year: i32,
    base: &Array2<f64>,
    leaf_growth: &Array2<f64>,
) -> Result<(Accounts, Array2<f64>)> {
    let n = tree.len();
    let mut levels = Array2::zeros((n, 4));
    for leaf in tree.leaves() {
        for q in 0..4 {
            levels[[leaf, q]] = base[[leaf, q]] * (1.0 + leaf_growth[[leaf, q]] / 100.0);
        }
    }
    sum_up(tree, &mut levels);
    let leaves: Vec<usize> = tree.leaves().collect();
    let both = Array2::from_shape_fn((leaves.len(), 8), |(i, c)| {
        if c < 4 {
            base[[leaves[i], c]]
        } else {
            levels[[leaves[i], c - 4]]
        }
    });
    let acc =
        Accounts::from_leaf_levels(tree.clone(), Quarter::new(year - 1, 1)?, both.view(), None)?;
    Ok((acc, levels))
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
        self.projected
            .growth(sector, parse_period(period, self.year)?)
    }

    /// Projected constant-price level of a sector over a period of the scenario year.
    ///
    /// # Errors
    /// An unknown sector; a period that is not one of the scenario year.
    pub fn projected_level(&self, sector: &str, period: &str) -> Result<f64> {
        let p = parse_period(period, self.year)?;
        self.projected.level(sector, p, PriceBasis::Constant)
    }

    /// Projected contributions of the broad sectors over a period, in either convention.
    ///
    /// # Errors
    /// A period that is not one of the scenario year; a zero base.
    pub fn contributions(&self, period: &str, convention: Convention) -> Result<Contributions> {
        self.projected
            .contributions(parse_period(period, self.year)?, convention)
    }

    /// The projected accounts: the base year and the scenario year, at constant prices; every
    /// query of [`Accounts`] works on them.
    pub fn projected_accounts(&self) -> &Accounts {
        &self.projected
    }
}
