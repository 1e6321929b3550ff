//! What-if: new scenarios from changed targets or actuals, side-by-side comparison, the exact
//! sensitivity of annual GRDP growth to each target, and goal seek.

use serde::{Deserialize, Serialize};

use super::targets::standard_periods;
use super::{validate_targets, Actual, Scenario, StatedActual, StatedTarget, Target};
use crate::error::{GrdpsimError, Result};
use crate::period::Period;

/// One sector and period in two scenarios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRow {
    pub sector: String,
    /// `Q1`..`Q4`, `H1`, `H2`, `Q1-Q3`, `Y`.
    pub period: String,
    /// Projected growth in this scenario, percent.
    pub this_pct: f64,
    /// Projected growth in the other scenario, percent.
    pub other_pct: f64,
    /// `other_pct - this_pct`, percentage points.
    pub difference_pp: f64,
    /// Difference in the contribution to GRDP growth over the period, percentage points.
    pub contribution_difference_pp: f64,
}

/// Two scenarios side by side, per sector and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub rows: Vec<ComparisonRow>,
}

impl Comparison {
    pub fn row(&self, sector: &str, period: &str) -> Option<&ComparisonRow> {
        self.rows
            .iter()
            .find(|r| super::is_row(&r.sector, &r.period, sector, period))
    }
}

/// How much annual GRDP growth moves per percentage point of one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityRow {
    pub sector: String,
    /// `Q1`..`Q4`, or `Y` for the sector's target in every quarter at once.
    pub period: String,
    /// `X_i(P, y-1) / GRDP(Y, y-1)`: percentage points of annual GRDP growth per percentage
    /// point of the sector's target over `P` (all leaves below it moving together). Exact:
    /// annual GRDP growth is linear in the targets.
    pub pp_per_pp: f64,
}

/// The sensitivity of annual GRDP growth to every sector-quarter target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    pub rows: Vec<SensitivityRow>,
}

impl Sensitivity {
    pub fn row(&self, sector: &str, period: &str) -> Option<&SensitivityRow> {
        self.rows
            .iter()
            .find(|r| super::is_row(&r.sector, &r.period, sector, period))
    }
}

/// The outcome of [`Scenario::goal_seek`].
#[derive(Debug, Clone, PartialEq)]
pub struct GoalSeek {
    pub sector: String,
    /// The sector's growth, the same in every quarter, percent.
    pub growth_pct: f64,
    /// The annual GRDP growth aimed at, percent.
    pub annual_grdp_pct: f64,
    /// The scenario with that target (other sectors keep their derived targets).
    pub scenario: Scenario,
}

impl Scenario {
    /// A new scenario with `targets` added; a target for a sector and period already stated
    /// replaces it.
    ///
    /// # Errors
    /// As [`super::ScenarioBuilder::build`].
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::{Scenario, Target};
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// let levels = ndarray::Array2::from_shape_fn((4, 4), |(i, _)| [20.0, 20.0, 55.0, 5.0][i]);
    /// let base = Accounts::from_leaf_levels(SectorTree::provincial(), Quarter::new(2024, 1)?,
    ///     levels.view(), None)?;
    /// let sc = Scenario::new(base, 2025, &[Target::new("GRDP", "Y", 8.0)])?;
    /// let faster = sc.with_targets(&[Target::new("CNXD", "Y", 13.0)])?;
    /// // 20% of GRDP grows 5 pp faster: +1 pp of GRDP.
    /// assert!((faster.growth("GRDP", "Y")? - 9.0).abs() < 1e-12);
    /// assert!((sc.growth("GRDP", "Y")? - 8.0).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_targets(&self, targets: &[Target]) -> Result<Self> {
        let new = validate_targets(self.tree(), self.year, targets)?;
        let mut all = self.targets.clone();
        merge_targets(&mut all, new);
        self.rebuilt(all, self.actual_inputs.clone())
    }

    /// A new scenario whose stated targets are exactly `targets`.
    ///
    /// # Errors
    /// As [`super::ScenarioBuilder::build`].
    pub fn with_only_targets(&self, targets: &[Target]) -> Result<Self> {
        let new = validate_targets(self.tree(), self.year, targets)?;
        self.rebuilt(new, self.actual_inputs.clone())
    }

    /// A new scenario with another derivation rule.
    ///
    /// # Errors
    /// As [`super::ScenarioBuilder::build`].
    pub fn with_rule(&self, rule: super::DerivationRule) -> Result<Self> {
        let mut sc = self.clone();
        sc.rule = rule;
        sc.rebuilt(self.targets.clone(), self.actual_inputs.clone())
    }

    /// A new scenario with `actuals` added; a figure for a sector and period already given
    /// replaces it. The figures are reconciled again.
    ///
    /// # Errors
    /// Unknown sectors, periods outside the year, contradictory actuals (see
    /// [`super::ScenarioBuilder::build`]).
    pub fn with_actuals(&self, actuals: &[Actual]) -> Result<Self> {
        let tree = self.tree();
        let mut all = self.actual_inputs.clone();
        for a in actuals {
            let st = StatedActual {
                node: tree.index(&a.sector)?,
                period: super::parse_period(&a.period, self.year)?,
                value: a.value,
                provisional: a.provisional,
            };
            match all
                .iter_mut()
                .find(|o| o.node == st.node && o.period == st.period)
            {
                Some(o) => *o = st,
                None => all.push(st),
            }
        }
        self.rebuilt(self.targets.clone(), all)
    }

    /// A new scenario without actual figures.
    ///
    /// # Errors
    /// None in practice (the targets were valid); kept for symmetry.
    pub fn without_actuals(&self) -> Result<Self> {
        self.rebuilt(self.targets.clone(), Vec::new())
    }

    /// This scenario and `other` side by side: projected growth of every sector and period.
    ///
    /// # Errors
    /// [`GrdpsimError::ScenarioMismatch`] when the sector trees, years or base levels differ.
    pub fn compare(&self, other: &Self) -> Result<Comparison> {
        if self.tree() != other.tree() {
            return Err(GrdpsimError::ScenarioMismatch {
                what: "sector trees".into(),
            });
        }
        if self.year != other.year {
            return Err(GrdpsimError::ScenarioMismatch {
                what: format!("years ({} and {})", self.year, other.year),
            });
        }
        if self.base_levels != other.base_levels {
            return Err(GrdpsimError::ScenarioMismatch {
                what: format!("base levels of {}", self.year - 1),
            });
        }
        let root = self.tree().root();
        let mut rows = Vec::new();
        for node in 0..self.tree().len() {
            for p in standard_periods(self.year) {
                let a = self.growth_at(node, p);
                let b = other.growth_at(node, p);
                let grdp = self.base_level(root, p);
                let dc = if grdp == 0.0 {
                    0.0
                } else {
                    (other.target_level(node, p) - self.target_level(node, p)) / grdp * 100.0
                };
                rows.push(ComparisonRow {
                    sector: self.tree().code(node).to_owned(),
                    period: p.short_label(),
                    this_pct: a,
                    other_pct: b,
                    difference_pp: b - a,
                    contribution_difference_pp: dc,
                });
            }
        }
        Ok(Comparison { rows })
    }

    /// The exact weights of annual GRDP growth in every sector's quarterly (and annual) target:
    /// `X_i(q, y-1) / GRDP(Y, y-1)`.
    ///
    /// # Errors
    /// [`GrdpsimError::ZeroBase`] when GRDP's base year is zero.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::{Scenario, Target};
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// let levels = ndarray::Array2::from_shape_fn((4, 4), |(i, _)| [20.0, 20.0, 55.0, 5.0][i]);
    /// let base = Accounts::from_leaf_levels(SectorTree::provincial(), Quarter::new(2024, 1)?,
    ///     levels.view(), None)?;
    /// let sc = Scenario::new(base, 2025, &[Target::new("GRDP", "Y", 8.0)])?;
    /// let s = sc.sensitivity()?;
    /// assert!((s.row("DV", "Q3").unwrap().pp_per_pp - 55.0 / 400.0).abs() < 1e-15);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sensitivity(&self) -> Result<Sensitivity> {
        let tree = self.tree();
        let year = Period::year_of(self.year);
        let grdp = self.base_level(tree.root(), year);
        if grdp == 0.0 {
            return Err(GrdpsimError::ZeroBase {
                sector: tree.code(tree.root()).to_owned(),
                period: (self.year - 1).to_string(),
            });
        }
        let mut rows = Vec::new();
        for node in 0..tree.len() {
            for q in 1..=4u8 {
                rows.push(SensitivityRow {
                    sector: tree.code(node).to_owned(),
                    period: format!("Q{q}"),
                    pp_per_pp: self.base_levels[[node, usize::from(q) - 1]] / grdp,
                });
            }
            rows.push(SensitivityRow {
                sector: tree.code(node).to_owned(),
                period: "Y".into(),
                pp_per_pp: self.base_level(node, year) / grdp,
            });
        }
        Ok(Sensitivity { rows })
    }

    /// The growth of `sector` (the same in every quarter, for every sector below it) that
    /// brings annual GRDP growth to `annual_grdp_pct`, the other sectors keeping their derived
    /// targets. Closed form: annual GRDP growth is linear in the sector's growth.
    ///
    /// # Errors
    /// An unknown sector; [`GrdpsimError::ZeroBase`] for a sector without base; an
    /// [`GrdpsimError::InvalidTarget`] when the growth needed is at or below -100%.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::{Scenario, Target};
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// let levels = ndarray::Array2::from_shape_fn((4, 4), |(i, _)| [20.0, 20.0, 55.0, 5.0][i]);
    /// let base = Accounts::from_leaf_levels(SectorTree::provincial(), Quarter::new(2024, 1)?,
    ///     levels.view(), None)?;
    /// let sc = Scenario::new(base, 2025, &[Target::new("GRDP", "Y", 7.0)])?;
    /// let gs = sc.goal_seek("CNXD", 8.0)?;
    /// // CNXD weighs 20%: 1 pp of GRDP needs 5 pp more of CNXD.
    /// assert!((gs.growth_pct - 12.0).abs() < 1e-9);
    /// assert!((gs.scenario.growth("GRDP", "Y")? - 8.0).abs() < 1e-9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn goal_seek(&self, sector: &str, annual_grdp_pct: f64) -> Result<GoalSeek> {
        let tree = self.tree();
        let node = tree.index(sector)?;
        let year = Period::year_of(self.year);
        let root = tree.root();
        let own_base = self.base_level(node, year);
        if own_base == 0.0 {
            return Err(GrdpsimError::ZeroBase {
                sector: tree.code(node).to_owned(),
                period: (self.year - 1).to_string(),
            });
        }
        let others = self.target_level(root, year) - self.target_level(node, year);
        let needed = (1.0 + annual_grdp_pct / 100.0) * self.base_level(root, year) - others;
        let g = needed / own_base * 100.0 - 100.0;
        super::check_rate(tree.code(node), &year.to_string(), g)?;
        let code = tree.code(node).to_owned();
        let mut targets: Vec<StatedTarget> = self
            .targets
            .iter()
            .filter(|t| !tree.is_within(t.node, node))
            .copied()
            .collect();
        targets.push(StatedTarget {
            node,
            period: year,
            growth_pct: g,
        });
        let mut scenario = self.rebuilt(targets.clone(), self.actual_inputs.clone())?;
        if (scenario.growth_at(root, year) - annual_grdp_pct).abs() > 1e-9 {
            // A residual rule moved other sectors with this one: pin them at their targets.
            for leaf in tree.leaves().filter(|&l| !tree.is_within(l, node)) {
                for q in 1..=4u8 {
                    let quarter = Period::new(self.year, q, q)?;
                    merge_targets(
                        &mut targets,
                        vec![StatedTarget {
                            node: leaf,
                            period: quarter,
                            growth_pct: self.quarter_growth(leaf, usize::from(q)),
                        }],
                    );
                }
            }
            scenario = self.rebuilt(targets, self.actual_inputs.clone())?;
        }
        Ok(GoalSeek {
            sector: code,
            growth_pct: g,
            annual_grdp_pct,
            scenario,
        })
    }
}

fn merge_targets(all: &mut Vec<StatedTarget>, new: Vec<StatedTarget>) {
    for t in new {
        match all
            .iter_mut()
            .find(|o| o.node == t.node && o.period == t.period)
        {
            Some(o) => *o = t,
            None => all.push(t),
        }
    }
}
