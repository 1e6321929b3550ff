//! The growth still required (tăng trưởng cần đạt) in the remaining quarters to reach the
//! annual target, for GRDP and per sector, under a policy the analyst chooses.
//!
//! With actuals for quarters `1..k` and remaining quarters `R = k+1..4` (DOMAIN.md, section 4):
//!
//! ```text
//! required over R = ((1 + G/100)·Σ_q X(q, y-1) − Σ_{q≤k} X(q, y)) / Σ_{q∈R} X(q, y-1) · 100 − 100
//! ```
//!
//! How the required total is shared among the leaf sectors is the [`Policy`]; locked sectors
//! and caps bound it (a water-filling, see the allocation kernel shared with [`super::batch`]);
//! how each sector's growth over `R` spreads over its quarters is the [`QuarterSpread`].

use std::fmt;
use std::str::FromStr;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

pub use super::allocation::Lock;
use super::allocation::{self, Direction, Flaw, Rules, LANES};
pub use super::feasibility::Feasibility;
use super::Scenario;
use crate::accounts::PriceBasis;
use crate::error::{GrdpsimError, Result};
use crate::growth::{grown, pct_or_zero as pct, rate};
use crate::lang::Lang;
use crate::period::Period;

/// How the GRDP requirement is shared among sectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Each sector reaches its own annual target (a sector without actuals follows the nearest
    /// sector above it that has them, below GRDP); the GRDP growth this reaches is reported,
    /// whatever the GRDP target.
    SectorTargets,
    /// The same additive rise in growth (percentage points) for every free sector.
    Uniform,
    /// Rises proportional to each free sector's planned increment (a sector planned to shrink
    /// gets no rise).
    Proportional,
}

impl Policy {
    pub fn label(self) -> &'static str {
        match self {
            Self::SectorTargets => "sector_targets",
            Self::Uniform => "uniform",
            Self::Proportional => "proportional",
        }
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Policy {
    type Err = GrdpsimError;

    /// `sector_targets`, `uniform`, `proportional`.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "sector_targets" => Ok(Self::SectorTargets),
            "uniform" => Ok(Self::Uniform),
            "proportional" => Ok(Self::Proportional),
            other => Err(GrdpsimError::invalid_argument(
                "policy",
                format!("{other:?} is not one of sector_targets, uniform, proportional"),
            )),
        }
    }
}

/// How a sector's growth over the remaining quarters spreads over them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuarterSpread {
    /// The same growth in each remaining quarter.
    #[default]
    Same,
    /// The planned quarterly profile, shifted by the same number of percentage points in each
    /// remaining quarter.
    KeepProfile,
}

impl FromStr for QuarterSpread {
    type Err = GrdpsimError;

    /// `same`, `keep_profile` (or `profile`).
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "same" | "uniform" => Ok(Self::Same),
            "keep_profile" | "profile" => Ok(Self::KeepProfile),
            other => Err(GrdpsimError::invalid_argument(
                "spread",
                format!("{other:?} is neither same nor keep_profile"),
            )),
        }
    }
}

/// A sector locked out of the adjustment (a locked aggregate locks every leaf below it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LockedSector {
    pub sector: String,
    pub lock: Lock,
}

/// An upper bound on a sector's growth over the remaining quarters (a cap on an aggregate caps
/// every leaf below it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectorCap {
    pub sector: String,
    /// The cap, percent; `None`: the highest growth the sector reached over the same quarters
    /// in any year of the base data.
    pub cap_pct: Option<f64>,
}

/// The analyst's choices for [`Scenario::required_growth`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequiredOptions {
    /// The annual GRDP target, percent; default [`Scenario::annual_target_pct`].
    pub target_pct: Option<f64>,
    pub policy: Policy,
    pub spread: QuarterSpread,
    pub locked: Vec<LockedSector>,
    pub caps: Vec<SectorCap>,
    /// Caps every free leaf without a cap of its own at its historical maximum.
    pub historical_caps: bool,
    /// The quarters that count as elapsed (`Q1..Qk`, `k < 4`); default
    /// [`Scenario::elapsed_quarters`], the quarters GRDP's actuals cover. Cells of later
    /// quarters with actuals (a partly reported quarter) keep their actuals; cells of elapsed
    /// quarters without actuals count at their targets.
    pub elapsed_quarters: Option<usize>,
    /// How far below the target (percentage points) still counts as reaching it: published
    /// figures are rounded to two decimals. Default [`FEASIBILITY_TOLERANCE_PP`].
    pub tolerance_pp: f64,
    /// Accept a `target_pct` below 1 in absolute value (by default 0.08 is taken for a
    /// fraction meant as 8% and refused: [`GrdpsimError::LooksLikeFraction`]).
    #[serde(default)]
    pub fractions_ok: bool,
}

/// The default tolerance of feasibility: the rounding of published figures (two decimals).
pub const FEASIBILITY_TOLERANCE_PP: f64 = 0.005;

/// Historical caps need at least this many years of growth of the same quarters.
pub const MIN_CAP_HISTORY_YEARS: usize = 3;

impl RequiredOptions {
    /// Options with `policy`, the scenario's annual target, [`QuarterSpread::Same`], nothing
    /// locked, no caps.
    pub fn new(policy: Policy) -> Self {
        Self {
            target_pct: None,
            policy,
            spread: QuarterSpread::Same,
            locked: Vec::new(),
            caps: Vec::new(),
            historical_caps: false,
            elapsed_quarters: None,
            tolerance_pp: FEASIBILITY_TOLERANCE_PP,
            fractions_ok: false,
        }
    }

    /// Accepts a target below 1 in absolute value (0.5 for 0.5%).
    #[must_use]
    pub fn fractions_ok(mut self, ok: bool) -> Self {
        self.fractions_ok = ok;
        self
    }

    /// Counts `Q1..Qk` as elapsed instead of the quarters GRDP's actuals cover.
    #[must_use]
    pub fn elapsed_quarters(mut self, k: usize) -> Self {
        self.elapsed_quarters = Some(k);
        self
    }

    /// The tolerance of feasibility, percentage points.
    #[must_use]
    pub fn tolerance(mut self, pp: f64) -> Self {
        self.tolerance_pp = pp;
        self
    }

    /// Aims at `pct` instead of the scenario's annual target.
    #[must_use]
    pub fn target(mut self, pct: f64) -> Self {
        self.target_pct = Some(pct);
        self
    }

    #[must_use]
    pub fn spread(mut self, spread: QuarterSpread) -> Self {
        self.spread = spread;
        self
    }

    /// Locks a sector.
    #[must_use]
    pub fn lock(mut self, sector: &str, lock: Lock) -> Self {
        self.locked.push(LockedSector {
            sector: sector.into(),
            lock,
        });
        self
    }

    /// Caps a sector at `pct` (`None`: its historical maximum).
    #[must_use]
    pub fn cap(mut self, sector: &str, pct: Option<f64>) -> Self {
        self.caps.push(SectorCap {
            sector: sector.into(),
            cap_pct: pct,
        });
        self
    }

    /// Caps every free sector without its own cap at its historical maximum.
    #[must_use]
    pub fn historical_caps(mut self) -> Self {
        self.historical_caps = true;
        self
    }
}

/// Growth in one quarter, percent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuarterGrowth {
    /// `Q1`..`Q4`.
    pub period: String,
    pub growth_pct: f64,
}

/// One sector's requirement over the remaining quarters.
#[allow(clippy::struct_excessive_bools)] // a report's flags, each read on its own
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectorRequirement {
    pub sector: String,
    pub is_leaf: bool,
    /// Planned (target) growth over the remaining quarters, percent.
    pub planned_pct: f64,
    /// Growth over the remaining quarters under the policy, percent (aggregates: from their
    /// leaves).
    pub required_pct: f64,
    /// `required_pct - planned_pct`, percentage points.
    pub rise_pp: f64,
    /// The requirement in each remaining quarter.
    pub by_quarter: Vec<QuarterGrowth>,
    /// The sector's own annual target, percent: the stated one where one is stated for the
    /// year, else the one its quarterly targets imply
    /// ([`Scenario::sector_annual_target_pct`]).
    pub annual_target_pct: f64,
    /// Where an annual target is stated: the annual growth the quarterly targets give (the
    /// plan, by the derivation rule) minus the stated target, percentage points (as in the
    /// consistency report); `None` without a stated annual target. Negative: the quarterly
    /// targets stop short of the stated target, and `own_required_pct` makes up for it.
    #[serde(default)]
    pub plan_difference_pp: Option<f64>,
    /// The growth over the remaining quarters that reaches the sector's own annual target
    /// (`annual_target_pct`), given its actuals; `None` when its actuals over the elapsed
    /// quarters are not known.
    pub own_required_pct: Option<f64>,
    /// The annual growth the sector reaches under the policy; `None` without its actuals.
    pub annual_pct: Option<f64>,
    /// Locked (an aggregate: all its leaves are).
    pub locked: bool,
    /// At its cap (an aggregate: some leaf is).
    pub capped: bool,
    /// The cap in force for a leaf, percent.
    pub cap_pct: Option<f64>,
    /// Held at a cap below its plan (an aggregate: some leaf is).
    pub capped_below_plan: bool,
}

/// The growth required in the remaining quarters: a named report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequiredGrowth {
    /// The annual GRDP target aimed at, percent.
    pub target_pct: f64,
    /// Quarters with GRDP actuals: `Q1..Qk`.
    pub elapsed_quarters: usize,
    /// The remaining quarters, as `2025H2`.
    pub remaining: String,
    /// GRDP growth required over the remaining quarters (the formula above), percent.
    pub grdp_pct: f64,
    /// GRDP growth in each remaining quarter under the policy's allocation, percent.
    pub by_quarter: Vec<QuarterGrowth>,
    /// Every sector, in tree order (GRDP first).
    pub by_sector: Vec<SectorRequirement>,
    /// Whether the allocation reaches the target (false only when caps, locks or the sector
    /// targets stop short of it).
    pub feasible: bool,
    /// The highest annual GRDP growth reachable with every free sector at its cap; `None` when
    /// some free sector is uncapped.
    pub max_reachable_pct: Option<f64>,
    /// The annual GRDP growth the allocation reaches, percent (the target when feasible,
    /// except under [`Policy::SectorTargets`], which reports what the sector targets give).
    pub reached_pct: f64,
    /// `target_pct - reached_pct` when positive, else 0: how far the allocation stops short.
    pub shortfall_pp: f64,
    /// The tolerance of feasibility, percentage points.
    pub tolerance_pp: f64,
    /// Leaf sectors held at a cap below their plan.
    pub capped_below_plan: Vec<String>,
    /// The years whose growth the historical caps are the maximum of (`2014-2024`), if any.
    pub cap_years: Option<String>,
    /// Leaf sectors whose remaining quarters all have actuals (held at them).
    pub reported: Vec<String>,
    /// Whether the allocation reaches the target, typed (see [`RequiredGrowth::status`] for
    /// it in words).
    pub feasibility: Feasibility,
    /// The water level: rise per unit of direction (pp for [`Policy::Uniform`]; a fraction of
    /// the planned growth for [`Policy::Proportional`]; 0 for [`Policy::SectorTargets`]).
    pub rise: f64,
    pub policy: Policy,
    pub spread: QuarterSpread,
}

impl RequiredGrowth {
    /// One sentence on feasibility: `feasible`, or how far the allocation stops short (`the
    /// sector targets reach 7.99%, 0.01 pp short of 8.00%`).
    pub fn status(&self) -> String {
        self.status_in(Lang::En)
    }

    /// [`RequiredGrowth::status`] in `lang` (`khả thi`, `KHÔNG khả thi: ...`).
    #[must_use]
    pub fn status_in(&self, lang: Lang) -> String {
        self.feasibility.text(lang)
    }

    /// Whether the allocation reaches the target, with the figures that say how far it falls
    /// short, from the report's own figures.
    fn judged(mut self) -> Self {
        self.feasibility = if self.feasible {
            if self.shortfall_pp > 0.0 {
                Feasibility::WithinTolerance {
                    tolerance_pp: self.tolerance_pp,
                    reached_pct: self.reached_pct,
                }
            } else {
                Feasibility::Feasible
            }
        } else {
            Feasibility::NotFeasible {
                sector_targets: self.policy == Policy::SectorTargets,
                reached_pct: self.reached_pct,
                shortfall_pp: self.shortfall_pp,
                target_pct: self.target_pct,
                max_reachable_pct: self.max_reachable_pct,
            }
        };
        self
    }

    /// The row of a sector (code as in the tree).
    pub fn sector(&self, code: &str) -> Option<&SectorRequirement> {
        self.by_sector
            .iter()
            .find(|r| r.sector.eq_ignore_ascii_case(code))
    }
}

impl Scenario {
    /// The growth required in the remaining quarters to reach the annual GRDP target, and its
    /// allocation to sectors and quarters under `options`.
    ///
    /// # Errors
    /// - [`GrdpsimError::InvalidArgument`]: all four quarters have actuals; a target at or
    ///   below -100%; a requirement that would make a sector shrink by 100% or more; historical
    ///   caps without two years of base data;
    /// - [`GrdpsimError::UnknownSector`]: a locked or capped sector the tree lacks;
    /// - [`GrdpsimError::NothingFree`]: locks that leave no sector free to adjust;
    /// - [`GrdpsimError::CapBelowPlan`]: a cap below the sector's planned growth;
    /// - [`GrdpsimError::MissingActuals`]: [`Policy::SectorTargets`] without a sector's actuals;
    /// - [`GrdpsimError::LooksLikeFraction`]: a target below 1 in absolute value (0.08 for 8%),
    ///   unless [`RequiredOptions::fractions_ok`] or the scenario accepts fractions.
    ///
    /// Each sector's own annual target is its stated one where one is stated, even when the
    /// quarterly targets the rule derives give another figure
    /// ([`SectorRequirement::plan_difference_pp`]): `own_required_pct` and
    /// [`Policy::SectorTargets`] aim at the stated figure.
    ///
    /// An unreachable target is not an error: `feasible` is false and `max_reachable_pct`
    /// gives the highest reachable growth, with the allocation that reaches it.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::{Lock, Policy, RequiredOptions, Scenario};
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// let levels = ndarray::Array2::from_shape_fn((4, 4), |(i, _)| [20.0, 20.0, 55.0, 5.0][i]);
    /// let base = Accounts::from_leaf_levels(SectorTree::provincial(), Quarter::new(2024, 1)?,
    ///     levels.view(), None)?;
    /// let sc = Scenario::builder(base, 2025)
    ///     .target("Y", "GRDP", 8.0)
    ///     .actual_growth("H1", "GRDP", 6.0)
    ///     .build()?;
    /// // H2 must make up for H1: (1.08·400 − 1.06·200) / 200 − 1 = 10%.
    /// let opts = RequiredOptions::new(Policy::Uniform).lock("NLTS", Lock::AtPlan).cap("DV", Some(11.0));
    /// let rq = sc.required_growth(&opts)?;
    /// assert!((rq.grdp_pct - 10.0).abs() < 1e-12);
    /// assert!(rq.feasible);
    /// assert_eq!(rq.sector("NLTS").unwrap().required_pct, 8.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn required_growth(&self, options: &RequiredOptions) -> Result<RequiredGrowth> {
        let tree = self.tree();
        let root = tree.root();
        let (k, target) = self.required_frame(options)?;
        let year = Period::year_of(self.year);
        let remaining = Period::new(self.year, (k + 1) as u8, 4)?;
        let grdp_annual_base = self.base_level(root, year);
        if grdp_annual_base == 0.0 || self.base_level(root, remaining) == 0.0 {
            return Err(GrdpsimError::ZeroBase {
                sector: tree.code(root).to_owned(),
                period: remaining.previous_year().to_string(),
            });
        }
        let grdp_elapsed = self.elapsed_outturn(root, k);
        let needed = grown(grdp_annual_base, target) - grdp_elapsed;
        let grdp_pct = rate(needed, self.base_level(root, remaining));

        let leaves: Vec<usize> = tree.leaves().collect();
        let base = self.leaf_base_levels();
        let growth = self.remaining_growth(k);
        let plans = plans(&base, &growth, k);
        let mut locks = self.leaf_locks(&leaves, &options.locked, k)?;
        let reported: Vec<String> = (0..leaves.len())
            .filter(|&i| self.all_reported(i, k))
            .map(|i| tree.code(leaves[i]).to_owned())
            .collect();
        let (caps, cap_years) = self.leaf_caps(&leaves, options, remaining, &locks)?;
        let below_plan = hold_below_plan(&mut locks, &caps, &plans);
        let direction = if options.policy == Policy::Proportional {
            Direction::Proportional
        } else {
            Direction::Uniform
        };
        let rules = Rules::new(&flat(&base), k, direction, &locks, &caps);
        let mut ws = rules.block();
        let prepared = rules.prepare(&flat(&growth), &mut ws);
        let plan = ws.plan(0);
        prepared.map_err(|flaw| {
            let sector = |i: usize| tree.code(leaves[i]);
            flaw_error(flaw, sector, &caps, &plan, remaining)
        })?;
        let leaf_base_total: f64 = rules.base().iter().sum();
        let goal = 100.0 * (needed - leaf_base_total);
        let (fill, out) = match options.policy {
            Policy::Uniform | Policy::Proportional => {
                nothing_free(rules.any_free(&ws), &locks, options.policy, remaining)?;
                let fill = allocation::allocate(&rules, &mut ws, &mut rules.block(), goal);
                (fill.lane(0), ws.out(0))
            }
            Policy::SectorTargets => self.sector_targets_fill(&leaves, &rules, &plan, k, goal),
        };
        no_collapse(&out, target, remaining, |i| tree.code(leaves[i]))?;
        let fixed = grdp_elapsed + leaf_base_total;
        let to_annual =
            |sum_ba: f64| allocation::annual_pct([sum_ba; LANES], fixed, grdp_annual_base)[0];
        let reached_pct = to_annual(fill.reached);
        let max_reachable_pct = Some(rules.max_sums(&ws)[0])
            .filter(|m| m.is_finite())
            .map(to_annual);
        let shortfall_pp = (target - reached_pct).max(0.0);
        // Judged on what the allocation reaches, not on the kernel's flag alone: at absurd
        // magnitudes the arithmetic can lose the target while the flag says it was met.
        let feasible = shortfall_pp <= options.tolerance_pp + 1e-9;

        let (by_quarter, by_sector) = self.requirement_rows(&Allocation {
            leaves: &leaves,
            locks: &locks,
            caps: &caps,
            below_plan: &below_plan,
            plan: &plan,
            out: &out,
            k,
            spread: options.spread,
        });
        let rq = RequiredGrowth {
            target_pct: target,
            elapsed_quarters: k,
            remaining: remaining.to_string(),
            grdp_pct,
            by_quarter,
            by_sector,
            feasible,
            max_reachable_pct,
            reached_pct,
            shortfall_pp,
            tolerance_pp: options.tolerance_pp,
            capped_below_plan: (0..leaves.len())
                .filter(|&i| below_plan[i])
                .map(|i| tree.code(leaves[i]).to_owned())
                .collect(),
            cap_years,
            reported,
            feasibility: Feasibility::Feasible,
            rise: fill.rise,
            policy: options.policy,
            spread: options.spread,
        };
        Ok(rq.judged())
    }

    /// The outturn of a node over `Q1..Qk` (0 for `k = 0`).
    fn elapsed_outturn(&self, node: usize, k: usize) -> f64 {
        if k == 0 {
            return 0.0;
        }
        self.outturn_at(node, Period::new(self.year, 1, k as u8).expect("0 < k < 4"))
    }

    /// Leaf growth (leaves × 4) with every cell of quarters `k+1..4` that has actuals at its
    /// outturn: the plan over the remaining quarters counts what is already reported.
    fn remaining_growth(&self, k: usize) -> Array2<f64> {
        let mut g = self.leaf_growth();
        let base = self.leaf_base_levels();
        let levels = self.outturn_levels();
        for ((i, q), v) in g.indexed_iter_mut() {
            if q >= k && self.is_pinned(i, q) && base[[i, q]] != 0.0 {
                *v = rate(levels[[i, q]], base[[i, q]]);
            }
        }
        g
    }

    /// Whether every remaining quarter of leaf `i` has actuals.
    fn all_reported(&self, i: usize, k: usize) -> bool {
        (k..4).all(|q| self.is_pinned(i, q))
    }

    /// The elapsed quarters (fewer than 4) and the target aimed at (finite, above -100%).
    fn required_frame(&self, options: &RequiredOptions) -> Result<(usize, f64)> {
        let k = options
            .elapsed_quarters
            .unwrap_or_else(|| self.elapsed_quarters());
        if k >= 4 {
            return Err(GrdpsimError::invalid_argument(
                "elapsed_quarters",
                if options.elapsed_quarters.is_some() {
                    format!("{k}: at most 3 quarters can count as elapsed (one must remain)")
                } else {
                    "all four quarters have GRDP actuals: no quarter remains".into()
                },
            ));
        }
        let tol = options.tolerance_pp;
        if !(tol.is_finite() && tol >= 0.0) {
            return Err(GrdpsimError::invalid_argument(
                "tolerance_pp",
                format!("{tol} must be a finite number of percentage points, 0 or more"),
            ));
        }
        if let Some(t) = options.target_pct {
            if !options.fractions_ok {
                let root = self.tree().code(self.tree().root());
                self.check_units([(root, "Y", t)])?;
            }
        }
        let target = options
            .target_pct
            .unwrap_or_else(|| self.annual_target_pct());
        if !target.is_finite() || target <= -100.0 || target > super::MAX_GROWTH_PCT {
            return Err(GrdpsimError::invalid_argument(
                "target_pct",
                format!(
                    "{target} must be finite, above -100% and at most {}%",
                    super::MAX_GROWTH_PCT
                ),
            ));
        }
        Ok((k, target))
    }

    /// Spreads each leaf's growth over its remaining quarters without actuals and sums up the
    /// tree: GRDP's quarterly requirement and every sector's row.
    fn requirement_rows(&self, a: &Allocation<'_>) -> (Vec<QuarterGrowth>, Vec<SectorRequirement>) {
        let tree = self.tree();
        let k = a.k;
        let base = self.leaf_base_levels();
        let growth = self.leaf_growth();
        let outturn = self.outturn_levels();
        let year = Period::year_of(self.year);
        let remaining = Period::new(self.year, (k + 1) as u8, 4).expect("k < 4");
        // Levels of each leaf over the remaining quarters: cells with actuals keep them, the
        // others carry the allocation; then every node by summation.
        let mut levels = Array2::zeros((tree.len(), 4));
        for (i, &leaf) in a.leaves.iter().enumerate() {
            let open: Vec<usize> = (k..4).filter(|&q| !self.is_pinned(i, q)).collect();
            let reported: f64 = (k..4)
                .filter(|&q| self.is_pinned(i, q))
                .map(|q| outturn[[i, q]])
                .sum();
            let total_base: f64 = (k..4).map(|q| base[[i, q]]).sum();
            let open_base: f64 = open.iter().map(|&q| base[[i, q]]).sum();
            // What the open cells must add to the reported ones for the leaf to grow `out`.
            let open_level = grown(total_base, a.out[i]) - reported;
            for q in k..4 {
                levels[[leaf, q]] = if self.is_pinned(i, q) {
                    outturn[[i, q]]
                } else if open_base == 0.0 {
                    grown(base[[i, q]], growth[[i, q]])
                } else {
                    let g = match (a.locks[i], a.spread) {
                        (Some(Lock::AtPlan), _) | (_, QuarterSpread::KeepProfile) => {
                            growth[[i, q]] + (a.out[i] - a.plan[i]) * total_base / open_base
                        }
                        (_, QuarterSpread::Same) => rate(open_level, open_base),
                    };
                    grown(base[[i, q]], g)
                };
            }
        }
        super::projection::sum_up(tree, &mut levels);
        let quarter_rows = |node: usize| -> Vec<QuarterGrowth> {
            (k..4)
                .map(|q| QuarterGrowth {
                    period: format!("Q{}", q + 1),
                    growth_pct: pct(levels[[node, q]], self.base_levels[[node, q]]),
                })
                .collect()
        };
        let by_sector = (0..tree.len())
            .map(|node| {
                let r_base = self.base_level(node, remaining);
                let r_level: f64 = (k..4).map(|q| levels[[node, q]]).sum();
                let planned_pct = self.growth_at(node, remaining);
                let required_pct = pct(r_level, r_base);
                let annual_target_pct = self.annual_target_at(node);
                let plan_difference_pp = self
                    .stated_annual_at(node)
                    .map(|stated| self.growth_at(node, year) - stated);
                let annual_base = self.base_level(node, year);
                let done = self.elapsed_outturn(node, k);
                let below: Vec<usize> = a
                    .leaves
                    .iter()
                    .enumerate()
                    .filter(|&(_, &l)| tree.is_within(l, node))
                    .map(|(i, _)| i)
                    .collect();
                let is_capped = |i: usize| {
                    a.below_plan[i]
                        || a.caps[i].is_some_and(|c| a.locks[i].is_none() && a.out[i] >= c - 1e-9)
                };
                SectorRequirement {
                    sector: tree.code(node).to_owned(),
                    is_leaf: tree.is_leaf(node),
                    planned_pct,
                    required_pct,
                    rise_pp: required_pct - planned_pct,
                    by_quarter: quarter_rows(node),
                    annual_target_pct,
                    plan_difference_pp,
                    own_required_pct: Some(pct(
                        grown(annual_base, annual_target_pct) - done,
                        r_base,
                    )),
                    annual_pct: Some(pct(done + r_level, annual_base)),
                    locked: below
                        .iter()
                        .all(|&i| a.locks[i].is_some() && !a.below_plan[i]),
                    capped: below.iter().any(|&i| is_capped(i)),
                    cap_pct: if tree.is_leaf(node) {
                        a.caps[below[0]]
                    } else {
                        None
                    },
                    capped_below_plan: below.iter().any(|&i| a.below_plan[i]),
                }
            })
            .collect();
        (quarter_rows(tree.root()), by_sector)
    }

    /// [`Policy::SectorTargets`]: each free leaf at what its own annual target needs given its
    /// outturn over the elapsed quarters, capped.
    fn sector_targets_fill(
        &self,
        leaves: &[usize],
        rules: &Rules,
        plan: &[f64],
        k: usize,
        goal: f64,
    ) -> (allocation::Fill, Vec<f64>) {
        let year = Period::year_of(self.year);
        let remaining = Period::new(self.year, (k + 1) as u8, 4).expect("k < 4");
        let mut reached = 0.0;
        let mut out = vec![0.0; leaves.len()];
        for (i, &leaf) in leaves.iter().enumerate() {
            let a = match rules.locks()[i] {
                Some(Lock::AtPlan) => plan[i],
                Some(Lock::AtGrowth(g)) => g,
                None => {
                    let own = grown(self.base_level(leaf, year), self.annual_target_at(leaf))
                        - self.elapsed_outturn(leaf, k);
                    pct(own, self.base_level(leaf, remaining)).min(rules.caps()[i])
                }
            };
            out[i] = a;
            reached += rules.base()[i] * a;
        }
        let fill = allocation::Fill {
            rise: 0.0,
            feasible: allocation::reaches([reached; LANES], goal)[0],
            reached,
        };
        (fill, out)
    }

    /// One lock per leaf: the user's, and [`Lock::AtPlan`] for a leaf whose remaining quarters
    /// all have actuals (its plan over them is its outturn).
    fn leaf_locks(
        &self,
        leaves: &[usize],
        locked: &[LockedSector],
        k: usize,
    ) -> Result<Vec<Option<Lock>>> {
        let tree = self.tree();
        let mut locks: Vec<Option<Lock>> = (0..leaves.len())
            .map(|i| self.all_reported(i, k).then_some(Lock::AtPlan))
            .collect();
        for l in locked {
            let node = tree.index(&l.sector)?;
            if let Lock::AtGrowth(g) = l.lock {
                if !g.is_finite() || g <= -100.0 || g > super::MAX_GROWTH_PCT {
                    return Err(GrdpsimError::invalid_argument(
                        "locked",
                        format!(
                            "sector {} locked at {g}%: a growth must be finite and above -100%",
                            l.sector
                        ),
                    ));
                }
            }
            for (i, &leaf) in leaves.iter().enumerate() {
                if !tree.is_within(leaf, node) {
                    continue;
                }
                if self.all_reported(i, k) && l.lock != Lock::AtPlan {
                    return Err(GrdpsimError::invalid_argument(
                        "locked",
                        format!(
                            "sector {} has actuals for every remaining quarter of {}: it cannot be locked at another growth",
                            tree.code(leaf),
                            self.year
                        ),
                    ));
                }
                if !self.all_reported(i, k) {
                    locks[i] = Some(l.lock);
                }
            }
        }
        Ok(locks)
    }

    /// One cap per leaf, and the years the historical caps come from.
    fn leaf_caps(
        &self,
        leaves: &[usize],
        options: &RequiredOptions,
        remaining: Period,
        locks: &[Option<Lock>],
    ) -> Result<(Vec<Option<f64>>, Option<String>)> {
        let tree = self.tree();
        let mut caps: Vec<Option<f64>> = vec![None; leaves.len()];
        let mut years: Option<(i32, i32)> = None;
        let mut historical = |leaf: usize| -> Result<f64> {
            let (cap, first, last) = self.historical_max(leaf, remaining)?;
            years = Some(years.map_or((first, last), |(a, b)| (a.min(first), b.max(last))));
            Ok(cap)
        };
        for c in &options.caps {
            let node = tree.index(&c.sector)?;
            for (i, &leaf) in leaves.iter().enumerate() {
                if !tree.is_within(leaf, node) {
                    continue;
                }
                let cap = match c.cap_pct {
                    Some(v) if v.is_finite() && v > -100.0 => v,
                    Some(v) => {
                        return Err(GrdpsimError::invalid_argument(
                            "caps",
                            format!(
                                "cap {v} for sector {} must be finite and above -100%",
                                c.sector
                            ),
                        ))
                    }
                    None => historical(leaf)?,
                };
                caps[i] = Some(caps[i].map_or(cap, |old: f64| old.min(cap)));
            }
        }
        if options.historical_caps {
            for (i, &leaf) in leaves.iter().enumerate() {
                if locks[i].is_none() && caps[i].is_none() {
                    caps[i] = Some(historical(leaf)?);
                }
            }
        }
        Ok((caps, years.map(|(a, b)| format!("{a}-{b}"))))
    }

    /// The highest growth of `node` over the quarters of `remaining` in any year of the base
    /// data (against the year before it), with the first and last years measured. Needs
    /// [`MIN_CAP_HISTORY_YEARS`] years: a maximum over fewer says little about what is possible.
    pub(super) fn historical_max(&self, node: usize, remaining: Period) -> Result<(f64, i32, i32)> {
        let base = self.base();
        let mut seen: Vec<(i32, f64)> = Vec::new();
        for y in base.start().year() + 1..self.year {
            let p = remaining.in_year(y);
            let (Ok(now), Ok(before)) = (
                base.level_at(node, p, PriceBasis::Constant),
                base.level_at(node, p.previous_year(), PriceBasis::Constant),
            ) else {
                continue;
            };
            if before > 0.0 {
                seen.push((y, rate(now, before)));
            }
        }
        if seen.len() < MIN_CAP_HISTORY_YEARS {
            return Err(GrdpsimError::invalid_argument(
                "caps",
                format!(
                    "a historical cap for sector {} needs the growth of {} in at least {MIN_CAP_HISTORY_YEARS} years; the base data give {} ({}): too short for a meaningful maximum. Give the cap as a figure instead",
                    self.tree().code(node),
                    remaining.short_label(),
                    seen.len(),
                    if seen.is_empty() {
                        "none".to_owned()
                    } else {
                        seen.iter().map(|(y, _)| y.to_string()).collect::<Vec<_>>().join(", ")
                    }
                ),
            ));
        }
        let best = seen
            .iter()
            .map(|&(_, g)| g)
            .fold(f64::NEG_INFINITY, f64::max);
        Ok((best, seen[0].0, seen[seen.len() - 1].0))
    }
}

/// A requirement of -100% or less for some sector is an error naming it.
fn no_collapse<'a>(
    out: &[f64],
    target: f64,
    remaining: Period,
    sector: impl Fn(usize) -> &'a str,
) -> Result<()> {
    match out.iter().position(|&a| a <= -100.0) {
        None => Ok(()),
        Some(i) => Err(GrdpsimError::invalid_argument(
            "target_pct",
            format!(
                "reaching {target}% would need sector {} to grow {:.2}% over {remaining}: it cannot shrink by 100% or more",
                sector(i),
                out[i]
            ),
        )),
    }
}

/// The error for a flaw of the allocation, naming the sector.
fn flaw_error<'a>(
    flaw: Flaw,
    sector: impl Fn(usize) -> &'a str,
    caps: &[Option<f64>],
    plan: &[f64],
    remaining: Period,
) -> GrdpsimError {
    match flaw {
        Flaw::CapBelowPlan(i) => GrdpsimError::CapBelowPlan {
            sector: sector(i).to_owned(),
            period: remaining.to_string(),
            cap_pct: caps[i].unwrap_or(f64::INFINITY),
            planned_pct: plan[i],
        },
        Flaw::NotFinite => {
            GrdpsimError::invalid_argument("targets", "a planned growth is not finite")
        }
    }
}

/// [`GrdpsimError::NothingFree`] when no sector can move under the policy.
fn nothing_free(
    any_free: bool,
    locks: &[Option<Lock>],
    policy: Policy,
    remaining: Period,
) -> Result<()> {
    if any_free {
        return Ok(());
    }
    Err(GrdpsimError::NothingFree {
        reason: if locks.iter().all(Option::is_some) {
            "every sector is locked".into()
        } else {
            format!(
                "policy {policy} moves only sectors with a base and a planned increase over {remaining}, and no free sector has both"
            )
        },
    })
}

/// A policy's allocation to the leaves, before it is spread over quarters and summed up.
struct Allocation<'a> {
    leaves: &'a [usize],
    locks: &'a [Option<Lock>],
    caps: &'a [Option<f64>],
    /// Held at a cap below the plan.
    below_plan: &'a [bool],
    /// Each leaf's planned and allocated growth over the remaining quarters.
    plan: &'a [f64],
    out: &'a [f64],
    k: usize,
    spread: QuarterSpread,
}

/// A free sector capped below its plan is held at its cap (locked there), not refused; which
/// sectors are.
fn hold_below_plan(locks: &mut [Option<Lock>], caps: &[Option<f64>], plans: &[f64]) -> Vec<bool> {
    let mut below = vec![false; locks.len()];
    for (i, lock) in locks.iter_mut().enumerate() {
        if let (None, Some(c)) = (*lock, caps[i]) {
            if c < plans[i] - 1e-9 {
                *lock = Some(Lock::AtGrowth(c));
                below[i] = true;
            }
        }
    }
    below
}

/// Each leaf's planned growth over quarters `k+1..4` (leaves × 4 base and growth), percent.
fn plans(base: &Array2<f64>, growth: &Array2<f64>, k: usize) -> Vec<f64> {
    base.rows()
        .into_iter()
        .zip(growth.rows())
        .map(|(b, g)| {
            let total: f64 = (k..4).map(|q| b[q]).sum();
            let level: f64 = (k..4).map(|q| grown(b[q], g[q])).sum();
            pct(level, total)
        })
        .collect()
}

/// The elements of a standard-layout matrix in row-major order.
fn flat(m: &Array2<f64>) -> Vec<f64> {
    m.iter().copied().collect()
}
