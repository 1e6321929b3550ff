//! What-if: new scenarios from changed targets or actuals, side-by-side comparison, the exact
//! sensitivity of annual GRDP growth to each target, and goal seek.

use serde::{Deserialize, Serialize};

use super::targets::standard_periods;
use super::{validate_targets, Actual, Scenario, StatedTarget, Target};
use crate::error::{GrdpsimError, Result};
use crate::growth::{grown, pct_or_zero as pct, rate};
use crate::period::Period;

/// One sector and period in two scenarios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRow {
    pub sector: String,
    /// `Q1`, `Q2`, `H1`, `Q3`, `Q1-Q3`, `Q4`, `H2`, `Y`.
    pub period: String,
    /// Target growth in this scenario, percent.
    pub this_pct: f64,
    /// Projected growth in the other scenario, percent.
    pub other_pct: f64,
    /// `other_pct - this_pct`, percentage points.
    pub difference_pp: f64,
    /// Difference in the target contribution to GRDP growth over the period, percentage points.
    pub contribution_difference_pp: f64,
    /// Growth as it stands in this scenario (actuals where reported, targets elsewhere).
    pub this_outturn_pct: f64,
    /// Growth as it stands in the other scenario.
    pub other_outturn_pct: f64,
}

/// Two scenarios side by side, per sector and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub rows: Vec<ComparisonRow>,
}

impl Comparison {
    /// Annual GRDP growth in both scenarios: `(this, other)` under their targets.
    pub fn annual_grdp(&self) -> (f64, f64) {
        let r = &self.rows[self
            .rows
            .iter()
            .position(|r| r.period == "Y")
            .expect("every comparison has the root's year")];
        (r.this_pct, r.other_pct)
    }

    pub fn row(&self, period: &str, sector: &str) -> Option<&ComparisonRow> {
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
    pub fn row(&self, period: &str, sector: &str) -> Option<&SensitivityRow> {
        self.rows
            .iter()
            .find(|r| super::is_row(&r.sector, &r.period, sector, period))
    }
}

/// What a what-if holds when it changes targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hold {
    /// Every other quarterly target stays as it was: the named targets change, and the annual
    /// figures move with them.
    #[default]
    Quarters,
    /// A named sector's other remaining quarters (no actuals, not named) share the one rate
    /// that keeps its annual target.
    Annual,
}

impl std::str::FromStr for Hold {
    type Err = GrdpsimError;

    /// `quarters` or `annual`.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "quarters" => Ok(Self::Quarters),
            "annual" => Ok(Self::Annual),
            other => Err(GrdpsimError::invalid_argument(
                "hold",
                format!("{other:?} is neither quarters nor annual"),
            )),
        }
    }
}

/// Which question [`Scenario::goal_seek`] answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalSeekMode {
    /// Given the actuals: the growth of the sector over its quarters without actuals that
    /// brings the year as it stands to the goal.
    #[default]
    Tracking,
    /// Before any actual: the growth of the sector, the same in every quarter, that brings the
    /// planned year to the goal.
    Planning,
}

impl std::str::FromStr for GoalSeekMode {
    type Err = GrdpsimError;

    /// `tracking` or `planning`.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "tracking" => Ok(Self::Tracking),
            "planning" => Ok(Self::Planning),
            other => Err(GrdpsimError::invalid_argument(
                "mode",
                format!("{other:?} is neither tracking nor planning"),
            )),
        }
    }
}

impl GoalSeekMode {
    /// The program name: `tracking` or `planning` (what [`str::parse`] reads).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tracking => "tracking",
            Self::Planning => "planning",
        }
    }
}

impl std::fmt::Display for GoalSeekMode {
    /// `tracking` or `planning`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the growth [`Scenario::goal_seek`] found is within its bound, typed; the sentence
/// with the figures is [`GoalSeek::status_in`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalSeekStatus {
    /// The growth is at most the bound.
    Feasible,
    /// The growth is above the bound.
    NotFeasible,
}

impl GoalSeekStatus {
    /// Whether the growth is within the bound.
    #[must_use]
    pub fn is_feasible(self) -> bool {
        self == Self::Feasible
    }

    /// The program name: `feasible` or `not_feasible`.
    #[must_use]
    pub fn kind(self) -> &'static str {
        match self {
            Self::Feasible => "feasible",
            Self::NotFeasible => "not_feasible",
        }
    }

    /// The head of the sentence in `lang`: `feasible` / `NOT feasible` (`khả thi` /
    /// `KHÔNG khả thi`).
    #[must_use]
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            Self::Feasible => lang.pick("feasible", "khả thi"),
            Self::NotFeasible => lang.pick("NOT feasible", "KHÔNG khả thi"),
        }
    }
}

impl std::fmt::Display for GoalSeekStatus {
    /// `feasible` or `NOT feasible`, as the English sentence of [`GoalSeek::status_in`] begins.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label(crate::lang::Lang::En))
    }
}

/// A growth of a sector above this (percent, over the quarters goal seek sets) is judged not
/// feasible when no cap is given: a broad sector of a province growing by more than 30% on the
/// year over several quarters is a new plant or a statistical break, not a target a
/// department can be asked to meet. State another bound with [`GoalSeekBound::Cap`].
pub const PLAUSIBLE_GROWTH_PCT: f64 = 30.0;

/// The bound [`Scenario::goal_seek`] judges the growth it finds against.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalSeekBound {
    /// [`PLAUSIBLE_GROWTH_PCT`].
    #[default]
    Plausible,
    /// A cap the analyst gives, percent.
    Cap(f64),
    /// The highest growth the sector reached over the same quarters in any year of the base
    /// data (which must hold [`super::MIN_CAP_HISTORY_YEARS`] years of it).
    Historical,
}

/// The analyst's choices for [`Scenario::goal_seek_with`]; the default is what
/// [`Scenario::goal_seek`] does.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct GoalSeekOptions {
    pub mode: GoalSeekMode,
    /// What the growth found is judged feasible against.
    pub bound: GoalSeekBound,
    /// Accept a goal below 1 in absolute value (by default 0.08 is taken for a fraction meant
    /// as 8% and refused).
    pub fractions_ok: bool,
}

impl GoalSeekOptions {
    /// The default options in `mode`.
    pub fn mode(mode: GoalSeekMode) -> Self {
        Self {
            mode,
            ..Self::default()
        }
    }

    /// Judges feasibility against `bound`.
    #[must_use]
    pub fn bound(mut self, bound: GoalSeekBound) -> Self {
        self.bound = bound;
        self
    }

    /// Accepts a goal below 1 in absolute value.
    #[must_use]
    pub fn fractions_ok(mut self, ok: bool) -> Self {
        self.fractions_ok = ok;
        self
    }
}

/// The outcome of [`Scenario::goal_seek`].
#[derive(Debug, Clone, PartialEq)]
pub struct GoalSeek {
    pub sector: String,
    pub mode: GoalSeekMode,
    /// The sector's growth, the same in each quarter it applies to, percent.
    pub growth_pct: f64,
    /// The quarters it applies to: the sector's quarters without actuals (tracking; `2025H2`
    /// after six months), or the year (planning).
    pub period: String,
    /// The annual GRDP growth aimed at, percent.
    pub annual_grdp_pct: f64,
    /// Whether `growth_pct` is at most `bound_pct`.
    pub feasible: bool,
    /// The bound the growth is judged against, percent.
    pub bound_pct: f64,
    /// Which bound it is.
    pub bound: GoalSeekBound,
    /// The years a historical bound is the maximum of (`2014-2024`), if it is one.
    pub bound_years: Option<String>,
    /// Whether `growth_pct` is within the bound, typed (`feasible` says the same as a bool);
    /// [`GoalSeek::status_in`] says it in a sentence.
    pub status: GoalSeekStatus,
    /// The scenario with that growth held (other targets unchanged).
    pub scenario: Scenario,
}

impl GoalSeek {
    /// One sentence on feasibility: `feasible: 12.40% over 2025H2, within the plausible bound
    /// of 30.00%`, or
    /// `NOT feasible: TSP would need 397.00% over 2025H2, above the plausible bound of
    /// 30.00%`.
    #[must_use]
    pub fn status_in(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        let what = match (self.bound, lang) {
            (GoalSeekBound::Plausible, Lang::En) => "the plausible bound".to_owned(),
            (GoalSeekBound::Plausible, Lang::Vi) => "giới hạn hợp lý".to_owned(),
            (GoalSeekBound::Cap(_), Lang::En) => "the cap".to_owned(),
            (GoalSeekBound::Cap(_), Lang::Vi) => "mức trần".to_owned(),
            (GoalSeekBound::Historical, Lang::En) => format!(
                "the historical maximum{}",
                self.bound_years
                    .as_ref()
                    .map_or(String::new(), |y| format!(" ({y})"))
            ),
            (GoalSeekBound::Historical, Lang::Vi) => format!(
                "mức cao nhất trong lịch sử{}",
                self.bound_years
                    .as_ref()
                    .map_or(String::new(), |y| format!(" ({y})"))
            ),
        };
        let (g, b) = (
            lang.number(self.growth_pct, 2),
            lang.number(self.bound_pct, 2),
        );
        let (sector, period) = (&self.sector, &self.period);
        let head = self.status.label(lang);
        match (self.status, lang) {
            (GoalSeekStatus::Feasible, Lang::En) => {
                format!("{head}: {g}% over {period}, within {what} of {b}%")
            }
            (GoalSeekStatus::Feasible, Lang::Vi) => {
                format!("{head}: {g}% trong {period}, trong {what} {b}%")
            }
            (GoalSeekStatus::NotFeasible, Lang::En) => {
                format!("{head}: {sector} would need {g}% over {period}, above {what} of {b}%")
            }
            (GoalSeekStatus::NotFeasible, Lang::Vi) => {
                format!("{head}: {sector} cần tăng {g}% trong {period}, vượt {what} {b}%")
            }
        }
    }
}

impl Scenario {
    /// A new scenario in which `targets` hold; every other quarterly target stays as it was
    /// ([`Hold::Quarters`]: the annual figures move with the change). See
    /// [`Scenario::with_targets_holding`].
    ///
    /// # Errors
    /// As [`Scenario::with_targets_holding`].
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::{Scenario, Target};
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// let levels = ndarray::Array2::from_shape_fn((4, 4), |(i, _)| [20.0, 20.0, 55.0, 5.0][i]);
    /// let base = Accounts::from_leaf_levels(SectorTree::provincial(), Quarter::new(2024, 1)?,
    ///     levels.view(), None)?;
    /// let sc = Scenario::new(base, 2025, &[Target::new("Y", "GRDP", 8.0)])?;
    /// let faster = sc.with_targets(&[Target::new("Y", "CNXD", 13.0)])?;
    /// // 20% of GRDP grows 5 pp faster: +1 pp of GRDP.
    /// assert!((faster.target_growth("Y", "GRDP")? - 9.0).abs() < 1e-12);
    /// assert!((sc.target_growth("Y", "GRDP")? - 8.0).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_targets(&self, targets: &[Target]) -> Result<Self> {
        self.with_targets_holding(targets, Hold::Quarters)
    }

    /// A new scenario in which each of `targets` holds exactly, and nothing else moves but
    /// what `hold` says.
    ///
    /// A named target sets the quarters it covers that have no actual figure (for an
    /// aggregate, every leaf sector below it) to the one rate that makes the named figure
    /// exact, given the quarters it covers that keep their targets. A quarter with actuals
    /// never changes as a side effect; its target changes only when a target names it and
    /// nothing but quarters with actuals (to restate what a past quarter is measured against).
    /// With [`Hold::Annual`], each named sector's remaining quarters (no actuals, not named)
    /// share the rate that keeps its annual target.
    ///
    /// # Errors
    /// Unknown sectors, bad periods, rates at or below -100% (also a derived one:
    /// [`GrdpsimError::InvalidTarget`]); [`GrdpsimError::LooksLikeFraction`] when the targets
    /// given all lie below 1 in absolute value, unless the scenario accepts them
    /// ([`Scenario::with_fractions_ok`]); [`GrdpsimError::InvalidArgument`] when a target has no
    /// quarter left to set, when [`Hold::Annual`] is asked with an annual target or leaves no
    /// quarter to rebalance.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::{Hold, Scenario, Target};
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// let levels = ndarray::Array2::from_shape_fn((4, 4), |(i, _)| [20.0, 20.0, 55.0, 5.0][i]);
    /// let base = Accounts::from_leaf_levels(SectorTree::provincial(), Quarter::new(2024, 1)?,
    ///     levels.view(), None)?;
    /// let sc = Scenario::builder(base, 2025).target("Y", "GRDP", 8.0)
    ///     .actual_growth("Q1", "GRDP", 7.0).build()?;
    /// let slower_q3 = sc.with_targets_holding(&[Target::new("Q3", "DV", 6.0)], Hold::Annual)?;
    /// // DV's Q2 and Q4 make up for Q3; its annual target and Q1 stay.
    /// assert!((slower_q3.target_growth("Y", "DV")? - 8.0).abs() < 1e-12);
    /// assert_eq!(slower_q3.target_growth("Q1", "DV")?, sc.target_growth("Q1", "DV")?);
    /// assert!(slower_q3.target_growth("Q4", "DV")? > 8.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_targets_holding(&self, targets: &[Target], hold: Hold) -> Result<Self> {
        self.check_units(super::figures(targets, &[]))?;
        self.targets_held(targets, hold)
    }

    #[cfg(feature = "store")]
    /// [`Scenario::with_targets`] for targets the library computed (the disbursement bridge):
    /// percent by construction, so not checked for fractions.
    pub(crate) fn with_computed_targets(&self, targets: &[Target]) -> Result<Self> {
        self.targets_held(targets, Hold::Quarters)
    }

    /// [`Scenario::with_actuals`] for figures the library computed (a nowcast, the
    /// disbursement bridge): percent by construction, so not checked for fractions.
    pub(crate) fn with_computed_actuals(&self, actuals: &[Actual]) -> Result<Self> {
        let all =
            super::validate_actuals(self.tree(), self.year, actuals, self.actual_inputs.clone())?;
        self.rebuilt(self.targets.clone(), self.held.clone(), all)
    }

    fn targets_held(&self, targets: &[Target], hold: Hold) -> Result<Self> {
        let tree = self.tree();
        let mut new = validate_targets(tree, self.year, targets)?;
        new.sort_by_key(|t| (t.period.len(), t.period.first()));
        let leaves: Vec<usize> = tree.leaves().collect();
        let base = self.leaf_base_levels();
        let mut g = self.leaf_growth();
        let mut named = ndarray::Array2::from_elem(g.dim(), false);
        for t in &new {
            let cells = self.cells(&leaves, t.node, t.period);
            let open = |c: &(usize, usize)| !named[*c] && !self.is_pinned(c.0, c.1);
            let mut free: Vec<(usize, usize)> = cells.iter().copied().filter(open).collect();
            if free.is_empty() && cells.iter().all(|&(i, q)| self.is_pinned(i, q)) {
                // Only quarters with actuals: the target they are measured against is restated.
                free = cells.iter().copied().filter(|c| !named[*c]).collect();
            }
            let label = t.period.to_string();
            let r = share_rate(
                tree.code(t.node),
                &label,
                &base,
                &g,
                &cells,
                &free,
                t.growth_pct,
            )?;
            for &c in &free {
                g[c] = r;
                named[c] = true;
            }
        }
        if hold == Hold::Annual {
            let year = Period::year_of(self.year);
            let mut done: Vec<usize> = Vec::new();
            for t in &new {
                if done.contains(&t.node) {
                    continue;
                }
                done.push(t.node);
                let code = tree.code(t.node);
                if t.period.len() == 4 {
                    return Err(GrdpsimError::invalid_argument(
                        "hold",
                        format!("hold=annual keeps {code}'s annual target, but a new one is named for {year}"),
                    ));
                }
                let cells = self.cells(&leaves, t.node, year);
                let free: Vec<(usize, usize)> = cells
                    .iter()
                    .copied()
                    .filter(|&(i, q)| !named[[i, q]] && !self.is_pinned(i, q))
                    .collect();
                if free.is_empty() {
                    return Err(GrdpsimError::invalid_argument(
                        "hold",
                        format!("hold=annual: {code} has no quarter left to rebalance in {year} (the others have actuals or are named)"),
                    ));
                }
                let annual = self.growth_at(t.node, year);
                let r = share_rate(code, &year.to_string(), &base, &g, &cells, &free, annual)?;
                for c in free {
                    g[c] = r;
                }
            }
        }
        let mut all = self.targets.clone();
        merge_targets(&mut all, new);
        self.rebuilt(all, Some(g), self.actual_inputs.clone())
    }

    /// The cells (leaf position, quarter index) of `node` over `period`.
    fn cells(&self, leaves: &[usize], node: usize, period: Period) -> Vec<(usize, usize)> {
        let tree = self.tree();
        leaves
            .iter()
            .enumerate()
            .filter(|&(_, &l)| tree.is_within(l, node))
            .flat_map(|(i, _)| {
                (usize::from(period.first()) - 1..usize::from(period.last())).map(move |q| (i, q))
            })
            .collect()
    }

    /// A new scenario whose stated targets are exactly `targets` (derived again by the rule;
    /// nothing held).
    ///
    /// # Errors
    /// As [`super::ScenarioBuilder::build`].
    pub fn with_only_targets(&self, targets: &[Target]) -> Result<Self> {
        self.check_units(super::figures(targets, &[]))?;
        let new = validate_targets(self.tree(), self.year, targets)?;
        self.rebuilt(new, None, self.actual_inputs.clone())
    }

    /// A new scenario with another derivation rule: its targets derived again from the stated
    /// ones (quarterly targets held by earlier what-ifs are let go, since the rule would not
    /// otherwise change anything).
    ///
    /// # Errors
    /// As [`super::ScenarioBuilder::build`].
    pub fn with_rule(&self, rule: super::DerivationRule) -> Result<Self> {
        let mut sc = self.clone();
        sc.rule = rule;
        sc.rebuilt(self.targets.clone(), None, self.actual_inputs.clone())
    }

    /// A new scenario with `actuals` added; a figure for a sector and period already given
    /// replaces it. The figures are reconciled again; targets do not change.
    ///
    /// # Errors
    /// Unknown sectors, periods outside the year, contradictory actuals, an actual that leaves
    /// a hole (see [`super::ScenarioBuilder::build`]); [`GrdpsimError::LooksLikeFraction`]
    /// when the growth figures given all lie below 1 in absolute value (0.031 for 3.1%),
    /// unless the scenario accepts them ([`Scenario::with_fractions_ok`]).
    pub fn with_actuals(&self, actuals: &[Actual]) -> Result<Self> {
        self.check_units(super::figures(&[], actuals))?;
        self.with_computed_actuals(actuals)
    }

    /// A new scenario without actual figures.
    ///
    /// # Errors
    /// None in practice (the targets were valid); kept for symmetry.
    pub fn without_actuals(&self) -> Result<Self> {
        self.rebuilt(self.targets.clone(), self.held.clone(), Vec::new())
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
                let base = self.base_level(node, p);
                rows.push(ComparisonRow {
                    sector: self.tree().code(node).to_owned(),
                    period: p.short_label(),
                    this_pct: a,
                    other_pct: b,
                    difference_pp: b - a,
                    contribution_difference_pp: dc,
                    this_outturn_pct: pct(self.outturn_at(node, p), base),
                    other_outturn_pct: pct(other.outturn_at(node, p), base),
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
    /// let sc = Scenario::new(base, 2025, &[Target::new("Y", "GRDP", 8.0)])?;
    /// let s = sc.sensitivity()?;
    /// assert!((s.row("Q3", "DV").unwrap().pp_per_pp - 55.0 / 400.0).abs() < 1e-15);
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

    /// The growth of `sector` that brings annual GRDP growth to `annual_grdp_pct`, every other
    /// target unchanged, given the actuals ([`GoalSeekMode::Tracking`]), and whether it is
    /// feasible against [`PLAUSIBLE_GROWTH_PCT`]: [`Scenario::goal_seek_with`] with the default
    /// [`GoalSeekOptions`].
    ///
    /// # Errors
    /// As [`Scenario::goal_seek_with`].
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::{Actual, Scenario, Target};
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// let levels = ndarray::Array2::from_shape_fn((4, 4), |(i, _)| [20.0, 20.0, 55.0, 5.0][i]);
    /// let base = Accounts::from_leaf_levels(SectorTree::provincial(), Quarter::new(2024, 1)?,
    ///     levels.view(), None)?;
    /// let sc = Scenario::builder(base, 2025).target("Y", "GRDP", 7.0)
    ///     .actual_growth("H1", "GRDP", 6.0).build()?;
    /// // After a weak first half, CNXD must do more in the second.
    /// let gs = sc.goal_seek("CNXD", 8.0)?;
    /// assert_eq!(gs.period, "2025H2");
    /// assert!(gs.growth_pct > 12.0 && gs.feasible);
    /// assert!((gs.scenario.growth("Y", "GRDP")? - 8.0).abs() < 1e-9);
    /// // Taxes (5% of GRDP) cannot carry it alone.
    /// let taxes = sc.goal_seek("TSP", 8.0)?;
    /// assert!(!taxes.feasible && taxes.growth_pct > 30.0);
    /// assert_eq!(taxes.status, grdpsim::scenario::GoalSeekStatus::NotFeasible);
    /// assert!(taxes.status_in(grdpsim::lang::Lang::En).starts_with("NOT feasible: TSP would need"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn goal_seek(&self, sector: &str, annual_grdp_pct: f64) -> Result<GoalSeek> {
        self.goal_seek_with(sector, annual_grdp_pct, &GoalSeekOptions::default())
    }

    /// The growth of `sector` that brings annual GRDP growth to `annual_grdp_pct`, every other
    /// target unchanged, judged against `options.bound`. Closed form: annual GRDP growth is
    /// linear in the sector's growth.
    ///
    /// [`GoalSeekMode::Tracking`] (the question after some quarters): given the actuals, the
    /// growth of the sector (every leaf below it alike) in each of its quarters without actuals
    /// that brings the year as it stands ([`Scenario::growth`]) to the goal.
    /// [`GoalSeekMode::Planning`]: the growth of the sector in every quarter that brings the
    /// planned year ([`Scenario::target_growth`]) to the goal.
    ///
    /// A growth above the bound is not an error: `feasible` is false and `status` says by how
    /// much, as [`Scenario::required_growth`] does.
    ///
    /// # Errors
    /// An unknown sector; [`GrdpsimError::ZeroBase`] for a sector without base (or, tracking,
    /// without a quarter left); an [`GrdpsimError::InvalidTarget`] when the growth needed is at
    /// or below -100%; [`GrdpsimError::LooksLikeFraction`] for a goal below 1 in absolute
    /// value, unless `options.fractions_ok` or the scenario accepts fractions;
    /// [`GrdpsimError::InvalidArgument`] for a cap that is not finite or at or below -100%, or
    /// a historical bound without enough years of base data.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::{GoalSeekBound, GoalSeekMode, GoalSeekOptions, Scenario, Target};
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// let levels = ndarray::Array2::from_shape_fn((4, 4), |(i, _)| [20.0, 20.0, 55.0, 5.0][i]);
    /// let base = Accounts::from_leaf_levels(SectorTree::provincial(), Quarter::new(2024, 1)?,
    ///     levels.view(), None)?;
    /// let sc = Scenario::new(base, 2025, &[Target::new("Y", "GRDP", 7.0)])?;
    /// let planning = GoalSeekOptions::mode(GoalSeekMode::Planning);
    /// let gs = sc.goal_seek_with("CNXD", 8.0, &planning)?;
    /// // CNXD weighs 20%: 1 pp of GRDP needs 5 pp more of CNXD.
    /// assert!((gs.growth_pct - 12.0).abs() < 1e-9);
    /// assert!((gs.scenario.target_growth("Y", "GRDP")? - 8.0).abs() < 1e-9);
    /// // Against a cap of 10%, 12% is not feasible.
    /// let capped = sc.goal_seek_with("CNXD", 8.0, &planning.bound(GoalSeekBound::Cap(10.0)))?;
    /// assert!(!capped.feasible && capped.bound_pct == 10.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn goal_seek_with(
        &self,
        sector: &str,
        annual_grdp_pct: f64,
        options: &GoalSeekOptions,
    ) -> Result<GoalSeek> {
        let tree = self.tree();
        let node = tree.index(sector)?;
        let code = tree.code(node).to_owned();
        let year = Period::year_of(self.year);
        let root = tree.root();
        super::check_rate(tree.code(root), &year.to_string(), annual_grdp_pct)?;
        if !options.fractions_ok {
            self.check_units([(tree.code(root), "Y", annual_grdp_pct)])?;
        }
        let mode = options.mode;
        let leaves: Vec<usize> = tree.leaves().collect();
        let base = self.leaf_base_levels();
        let mut g = self.leaf_growth();
        let cells = self.cells(&leaves, node, year);
        let (free, year_as_it_stands): (Vec<(usize, usize)>, &ndarray::Array2<f64>) = match mode {
            GoalSeekMode::Planning => (cells.clone(), &self.leaf_target_levels()),
            GoalSeekMode::Tracking => (
                cells
                    .iter()
                    .copied()
                    .filter(|&(i, q)| !self.is_pinned(i, q))
                    .collect(),
                self.outturn_levels(),
            ),
        };
        let free_base: f64 = free.iter().map(|&c| base[c]).sum();
        if free_base == 0.0 {
            return Err(GrdpsimError::ZeroBase {
                sector: code,
                period: format!(
                    "{} (the quarters left to it: none, or all with a zero base)",
                    self.year - 1
                ),
            });
        }
        let others: f64 =
            year_as_it_stands.sum() - free.iter().map(|&c| year_as_it_stands[c]).sum::<f64>();
        let needed = grown(self.base_level(root, year), annual_grdp_pct) - others;
        let r = rate(needed, free_base);
        super::check_rate(&code, &year.to_string(), r)?;
        for &c in &free {
            g[c] = r;
        }
        let quarters: Vec<usize> = free.iter().map(|&(_, q)| q).collect();
        let (first, last) = (
            quarters.iter().min().copied().unwrap_or(0),
            quarters.iter().max().copied().unwrap_or(3),
        );
        let period = Period::new(self.year, (first + 1) as u8, (last + 1) as u8)?;
        let (bound_pct, bound_years) = match options.bound {
            GoalSeekBound::Plausible => (PLAUSIBLE_GROWTH_PCT, None),
            GoalSeekBound::Cap(c) if c.is_finite() && c > -100.0 => (c, None),
            GoalSeekBound::Cap(c) => {
                return Err(GrdpsimError::invalid_argument(
                    "cap",
                    format!("cap {c} for sector {code} must be finite and above -100%"),
                ))
            }
            GoalSeekBound::Historical => {
                let (cap, a, b) = self.historical_max(node, period)?;
                (cap, Some(format!("{a}-{b}")))
            }
        };
        let mut targets = self.targets.clone();
        if free == self.cells(&leaves, node, period) {
            merge_targets(
                &mut targets,
                vec![StatedTarget {
                    node,
                    period,
                    growth_pct: r,
                }],
            );
        }
        let scenario = self.rebuilt(targets, Some(g), self.actual_inputs.clone())?;
        let feasible = r <= bound_pct;
        Ok(GoalSeek {
            sector: code,
            mode,
            growth_pct: r,
            period: period.to_string(),
            annual_grdp_pct,
            feasible,
            bound_pct,
            bound: options.bound,
            bound_years,
            status: if feasible {
                GoalSeekStatus::Feasible
            } else {
                GoalSeekStatus::NotFeasible
            },
            scenario,
        })
    }
}

/// The one rate for the `free` cells (among `cells`, the rest at `growth`) that makes the
/// cells' total grow by `pct`.
fn share_rate(
    sector: &str,
    period: &str,
    base: &ndarray::Array2<f64>,
    growth: &ndarray::Array2<f64>,
    cells: &[(usize, usize)],
    free: &[(usize, usize)],
    pct: f64,
) -> Result<f64> {
    if free.is_empty() {
        return Err(GrdpsimError::invalid_argument(
            "targets",
            format!("{sector} {period}: every quarter it covers is named by another target of the same call"),
        ));
    }
    let total: f64 = cells.iter().map(|&c| base[c]).sum();
    let fixed: f64 = cells
        .iter()
        .filter(|c| !free.contains(c))
        .map(|&c| grown(base[c], growth[c]))
        .sum();
    let free_base: f64 = free.iter().map(|&c| base[c]).sum();
    if free_base == 0.0 {
        return Err(GrdpsimError::ZeroBase {
            sector: sector.to_owned(),
            period: format!("{period} (the quarters to set have no base)"),
        });
    }
    let r = rate(grown(total, pct) - fixed, free_base);
    super::check_derived_rate(
        sector,
        period,
        r,
        "the rate its quarters without actuals would need",
    )?;
    Ok(r)
}

fn merge_targets(all: &mut Vec<StatedTarget>, new: Vec<StatedTarget>) {
    for t in new {
        super::merge(all, t);
    }
}
