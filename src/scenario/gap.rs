//! The gap between actual and target (mức hụt so với kịch bản), in each sector's own growth and
//! in percentage points of GRDP.

use serde::{Deserialize, Serialize};

use super::{parse_period, Scenario};
use crate::error::{GrdpsimError, Result};

/// One sector's gap over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapRow {
    pub sector: String,
    /// Target (projected) growth, percent.
    pub target_pct: f64,
    /// Actual growth, percent.
    pub actual_pct: f64,
    /// `actual_pct - target_pct`: the gap in the sector's own growth, percentage points
    /// (negative = shortfall).
    pub gap_pct: f64,
    /// Target contribution to GRDP growth, percentage points (GRDP convention:
    /// `ΔX_i / GRDP(P, y-1) × 100`).
    pub target_contribution_pp: f64,
    /// Actual contribution to GRDP growth, percentage points (GRDP convention).
    pub actual_contribution_pp: f64,
    /// `actual_contribution_pp - target_contribution_pp`: the gap in percentage points of GRDP.
    /// A parent's gap is the sum of its children's when they all have actuals.
    pub gap_pp: f64,
}

/// The gap of every sector with actual figures over one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// The period, as `2025H1`.
    pub period: String,
    /// GRDP first, then the other sectors with actuals over the period, in tree order.
    pub rows: Vec<GapRow>,
}

impl Gap {
    /// The GRDP row.
    pub fn grdp(&self) -> &GapRow {
        &self.rows[0]
    }

    /// The row of a sector (code as in the tree), if it has actuals over the period.
    pub fn row(&self, sector: &str) -> Option<&GapRow> {
        self.rows
            .iter()
            .find(|r| r.sector.eq_ignore_ascii_case(sector))
    }
}

impl Scenario {
    /// The gap between actual and target over a period, for GRDP and every sector whose actual
    /// level over the period is known.
    ///
    /// # Errors
    /// A period that is not one of the scenario year; [`GrdpsimError::MissingActuals`] when
    /// GRDP's actual over the period is not known (nor derivable from its sectors); a zero
    /// GRDP base.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::Scenario;
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// let levels = ndarray::Array2::from_shape_fn((4, 4), |(i, _)| [20.0, 20.0, 55.0, 5.0][i]);
    /// let base = Accounts::from_leaf_levels(SectorTree::provincial(), Quarter::new(2024, 1)?,
    ///     levels.view(), None)?;
    /// let sc = Scenario::builder(base, 2025)
    ///     .target("GRDP", "Y", 8.0)
    ///     .actual_growth("NLTS", "H1", 3.0).actual_growth("CNXD", "H1", 9.0)
    ///     .actual_growth("DV", "H1", 7.0).actual_growth("TSP", "H1", 5.0)
    ///     .build()?;
    /// let gap = sc.gap("H1")?;
    /// let sectors: f64 = gap.rows[1..].iter().map(|r| r.gap_pp).sum();
    /// assert!((gap.grdp().gap_pp - sectors).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn gap(&self, period: &str) -> Result<Gap> {
        let p = parse_period(period, self.year)?;
        let tree = self.tree();
        let root = tree.root();
        if self.actuals.level(root, p).is_none() {
            return Err(GrdpsimError::MissingActuals {
                sector: tree.code(root).to_owned(),
                period: p.to_string(),
                needed_for: "the gap needs GRDP's actual over the period (or all its sectors')"
                    .into(),
            });
        }
        let grdp_base = self.base_level(root, p);
        if grdp_base == 0.0 {
            return Err(GrdpsimError::ZeroBase {
                sector: tree.code(root).to_owned(),
                period: p.previous_year().to_string(),
            });
        }
        let rows = (0..tree.len())
            .filter_map(|node| {
                let actual = self.actuals.level(node, p)?;
                let base = self.base_level(node, p);
                if base == 0.0 {
                    return None;
                }
                let target = self.target_level(node, p);
                let target_c = (target - base) / grdp_base * 100.0;
                let actual_c = (actual - base) / grdp_base * 100.0;
                let target_pct = target / base * 100.0 - 100.0;
                let actual_pct = actual / base * 100.0 - 100.0;
                Some(GapRow {
                    sector: tree.code(node).to_owned(),
                    target_pct,
                    actual_pct,
                    gap_pct: actual_pct - target_pct,
                    target_contribution_pp: target_c,
                    actual_contribution_pp: actual_c,
                    gap_pp: (actual - target) / grdp_base * 100.0,
                })
            })
            .collect();
        Ok(Gap {
            period: p.to_string(),
            rows,
        })
    }

    /// The actual growth of a sector over a period of the scenario year, if known.
    ///
    /// # Errors
    /// An unknown sector; a period that is not one of the scenario year.
    pub fn actual_growth(&self, sector: &str, period: &str) -> Result<Option<f64>> {
        let node = self.tree().index(sector)?;
        let p = parse_period(period, self.year)?;
        let base = self.base_level(node, p);
        Ok(self
            .actuals
            .level(node, p)
            .filter(|_| base != 0.0)
            .map(|a| a / base * 100.0 - 100.0))
    }

    /// The actual constant-price level of a sector over a period, if known.
    ///
    /// # Errors
    /// An unknown sector; a period that is not one of the scenario year.
    pub fn actual_level(&self, sector: &str, period: &str) -> Result<Option<f64>> {
        let node = self.tree().index(sector)?;
        Ok(self.actuals.level(node, parse_period(period, self.year)?))
    }
}
