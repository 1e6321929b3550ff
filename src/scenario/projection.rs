//! Projection: levels, growth and contributions of the scenario year under the targets.

use ndarray::Array2;

use super::{Scenario, Source};
use crate::accounts::Accounts;
use crate::contributions::{Contributions, Convention};
use crate::error::{GrdpsimError, Result};
use crate::growth::grown;
use crate::period::{IntoPeriod, Period, Quarter};
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
            levels[[leaf, q]] = grown(base[[leaf, q]], leaf_growth[[leaf, q]]);
        }
    }
    sum_up(tree, &mut levels);
    levels
}

/// Overwrites every aggregate row with the sum of its children: the accounts' one rule.
pub(crate) fn sum_up(tree: &SectorTree, m: &mut Array2<f64>) {
    crate::accounts::aggregate(tree, m);
}

impl Scenario {
    /// Growth of a sector over a period of the scenario year as it stands: actual figures where
    /// reported, targets elsewhere (the outturn; [`Scenario::target_growth`] is the plan
    /// alone), percent.
    ///
    /// # Errors
    /// An unknown sector; a period that is not one of the scenario year; a zero base.
    ///
    /// # Examples
    /// See the [module documentation](super).
    pub fn growth(&self, period: impl IntoPeriod, sector: &str) -> Result<f64> {
        let (node, p) = self.node_period(period, sector)?;
        self.checked_growth(node, p, self.outturn_at(node, p))
    }

    /// Target growth of a sector over a period: the plan, whatever the actuals say, percent.
    ///
    /// # Errors
    /// An unknown sector; a period that is not one of the scenario year; a zero base.
    pub fn target_growth(&self, period: impl IntoPeriod, sector: &str) -> Result<f64> {
        let (node, p) = self.node_period(period, sector)?;
        self.checked_growth(node, p, self.target_level(node, p))
    }

    /// Growth of `level` over the node's base over `p`, by the crate's one rule.
    fn checked_growth(&self, node: usize, p: Period, level: f64) -> Result<f64> {
        crate::growth::growth_pct(
            level,
            self.base_level(node, p),
            self.tree().code(node),
            &p.previous_year().to_string(),
        )
    }

    /// Constant-price level of a sector over a period as it stands (actuals where reported,
    /// targets elsewhere), billion VND.
    ///
    /// # Errors
    /// An unknown sector; a period that is not one of the scenario year.
    pub fn level(&self, period: impl IntoPeriod, sector: &str) -> Result<f64> {
        let (node, p) = self.node_period(period, sector)?;
        Ok(self.outturn_at(node, p))
    }

    /// Target constant-price level of a sector over a period (the plan), billion VND.
    ///
    /// # Errors
    /// An unknown sector; a period that is not one of the scenario year.
    pub fn target_level_of(&self, period: impl IntoPeriod, sector: &str) -> Result<f64> {
        let (node, p) = self.node_period(period, sector)?;
        Ok(self.target_level(node, p))
    }

    /// Where the figure of a sector over a period comes from: its own actual, a share of
    /// actual figures, partly reported, or the target.
    ///
    /// # Errors
    /// An unknown sector; a period that is not one of the scenario year.
    pub fn source(&self, period: impl IntoPeriod, sector: &str) -> Result<Source> {
        let (node, p) = self.node_period(period, sector)?;
        Ok(self.source_at(node, p))
    }

    /// Contributions of the broad sectors over a period as it stands (actuals where reported,
    /// targets elsewhere), in either convention.
    ///
    /// # Errors
    /// A period that is not one of the scenario year; a zero base.
    pub fn contributions(
        &self,
        period: impl IntoPeriod,
        convention: Convention,
    ) -> Result<Contributions> {
        self.projected_accounts()
            .contributions(period.into_period(self.year)?, convention)
    }

    /// Target contributions of the broad sectors over a period (the plan).
    ///
    /// # Errors
    /// A period that is not one of the scenario year; a zero base.
    pub fn target_contributions(
        &self,
        period: impl IntoPeriod,
        convention: Convention,
    ) -> Result<Contributions> {
        self.planned_accounts()
            .contributions(period.into_period(self.year)?, convention)
    }

    /// The base year and the scenario year as it stands (actuals where reported, targets
    /// elsewhere), at constant prices; every query of [`Accounts`] works on them.
    pub fn projected_accounts(&self) -> &Accounts {
        self.projected
            .get_or_init(|| self.accounts_with(&self.outturn.levels))
    }

    /// The base year and the scenario year under the targets alone, at constant prices.
    pub fn planned_accounts(&self) -> &Accounts {
        self.planned.get_or_init(|| {
            let leaves: Vec<usize> = self.tree().leaves().collect();
            self.accounts_with(&self.levels.select(ndarray::Axis(0), &leaves))
        })
    }

    /// Accounts of the base year followed by `year` (leaves × 4 levels).
    fn accounts_with(&self, year: &Array2<f64>) -> Accounts {
        let tree = self.tree();
        let leaves: Vec<usize> = tree.leaves().collect();
        let both = Array2::from_shape_fn((leaves.len(), 8), |(i, c)| {
            if c < 4 {
                self.base_levels[[leaves[i], c]]
            } else {
                year[[i, c - 4]]
            }
        });
        let start = Quarter::new(self.year - 1, 1).expect("quarter 1 is valid");
        Accounts::from_leaf_levels(tree.clone(), start, both.view(), None)
            .expect("projected levels are finite, and non-negative outside net taxes")
    }

    /// The node and period of a query.
    pub(crate) fn node_period(
        &self,
        period: impl IntoPeriod,
        sector: &str,
    ) -> Result<(usize, Period)> {
        let node = self.tree().index(sector)?;
        Ok((node, period.into_period(self.year)?))
    }

    /// [`GrdpsimError::ZeroBase`] when the node's base over `p` is zero.
    pub(crate) fn nonzero_base(&self, node: usize, p: Period) -> Result<()> {
        if self.base_level(node, p) == 0.0 {
            return Err(GrdpsimError::ZeroBase {
                sector: self.tree().code(node).to_owned(),
                period: p.previous_year().to_string(),
            });
        }
        Ok(())
    }

    /// Outturn level of a node over a period.
    pub(crate) fn outturn_at(&self, node: usize, p: Period) -> f64 {
        let leaves: Vec<usize> = self.tree().leaves().collect();
        self.outturn.level(self.tree(), &leaves, node, p)
    }

    /// Where the outturn of a node over a period comes from.
    pub(crate) fn source_at(&self, node: usize, p: Period) -> Source {
        if self.actuals.level(node, p).is_some() {
            return Source::Actual;
        }
        let leaves: Vec<usize> = self.tree().leaves().collect();
        match self.outturn.covered(self.tree(), &leaves, node, p) {
            (0, _) => Source::Target,
            (c, n) if c == n => Source::Estimated,
            _ => Source::PartlyReported,
        }
    }

    /// Whether a leaf cell (position among the leaves, quarter 0..4) is covered by actuals.
    pub(crate) fn is_pinned(&self, leaf_pos: usize, q: usize) -> bool {
        self.outturn.pinned[[leaf_pos, q]]
    }

    /// Outturn levels of the leaf sectors (leaves × 4).
    pub(crate) fn outturn_levels(&self) -> &Array2<f64> {
        &self.outturn.levels
    }
}
