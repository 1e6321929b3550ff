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

use super::allocation::{self, Direction, Flaw, Rules, LANES};
use super::Scenario;
use crate::accounts::PriceBasis;
use crate::error::{GrdpsimError, Result};
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

/// Where a locked sector stays over the remaining quarters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lock {
    /// At its planned quarterly targets.
    AtPlan,
    /// At this growth over the remaining quarters, percent.
    AtGrowth(f64),
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
}

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
        }
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
    /// The sector's own annual target (stated or implied), percent.
    pub annual_target_pct: f64,
    /// The growth over the remaining quarters that reaches the sector's own annual target,
    /// given its actuals; `None` when its actuals over the elapsed quarters are not known.
    pub own_required_pct: Option<f64>,
    /// The annual growth the sector reaches under the policy; `None` without its actuals.
    pub annual_pct: Option<f64>,
    /// Locked (an aggregate: all its leaves are).
    pub locked: bool,
    /// At its cap (an aggregate: some leaf is).
    pub capped: bool,
    /// The cap in force for a leaf, percent.
    pub cap_pct: Option<f64>,
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
    /// The water level: rise per unit of direction (pp for [`Policy::Uniform`]; a fraction of
    /// the planned growth for [`Policy::Proportional`]; 0 for [`Policy::SectorTargets`]).
    pub rise: f64,
    pub policy: Policy,
    pub spread: QuarterSpread,
}

impl RequiredGrowth {
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
    /// - [`GrdpsimError::MissingActuals`]: [`Policy::SectorTargets`] without a sector's actuals.
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
    ///     .target("GRDP", "Y", 8.0)
    ///     .actual_growth("GRDP", "H1", 6.0)
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
        let elapsed = (k > 0)
            .then(|| Period::new(self.year, 1, k as u8))
            .transpose()?;
        let actual_elapsed = |node: usize| match elapsed {
            None => Some(0.0),
            Some(e) => self.actuals.level(node, e),
        };
        let grdp_annual_base = self.base_level(root, year);
        if grdp_annual_base == 0.0 || self.base_level(root, remaining) == 0.0 {
            return Err(GrdpsimError::ZeroBase {
                sector: tree.code(root).to_owned(),
                period: remaining.previous_year().to_string(),
            });
        }
        let grdp_elapsed = actual_elapsed(root).unwrap_or(0.0);
        let needed = (1.0 + target / 100.0) * grdp_annual_base - grdp_elapsed;
        let grdp_pct = needed / self.base_level(root, remaining) * 100.0 - 100.0;

        let leaves: Vec<usize> = tree.leaves().collect();
        let locks = self.leaf_locks(&leaves, &options.locked)?;
        let caps = self.leaf_caps(&leaves, options, remaining, &locks)?;
        let direction = if options.policy == Policy::Proportional {
            Direction::Proportional
        } else {
            Direction::Uniform
        };
        let rules = Rules::new(&flat(&self.leaf_base_levels()), k, direction, &locks, &caps);
        let mut ws = rules.block();
        let prepared = rules.prepare(&flat(&self.leaf_growth()), &mut ws);
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
            Policy::SectorTargets => {
                self.sector_targets_fill(&leaves, &rules, &plan, elapsed, goal)?
            }
        };
        if let Some(i) = out.iter().position(|&a| a <= -100.0) {
            return Err(GrdpsimError::invalid_argument(
                "target_pct",
                format!(
                    "reaching {target}% would need sector {} to grow {:.2}% over {remaining}: it cannot shrink by 100% or more",
                    tree.code(leaves[i]),
                    out[i]
                ),
            ));
        }
        let fixed = grdp_elapsed + leaf_base_total;
        let to_annual =
            |sum_ba: f64| allocation::annual_pct([sum_ba; LANES], fixed, grdp_annual_base)[0];
        let reached_pct = to_annual(fill.reached);
        let max_reachable_pct = Some(rules.max_sums(&ws)[0])
            .filter(|m| m.is_finite())
            .map(to_annual);

        let (by_quarter, by_sector) = self.requirement_rows(&Allocation {
            leaves: &leaves,
            locks: &locks,
            caps: &caps,
            plan: &plan,
            out: &out,
            k,
            elapsed,
            spread: options.spread,
        });
        Ok(RequiredGrowth {
            target_pct: target,
            elapsed_quarters: k,
            remaining: remaining.to_string(),
            grdp_pct,
            by_quarter,
            by_sector,
            feasible: fill.feasible,
            max_reachable_pct,
            reached_pct,
            rise: fill.rise,
            policy: options.policy,
            spread: options.spread,
        })
    }

    /// The elapsed quarters (fewer than 4) and the target aimed at (finite, above -100%).
    fn required_frame(&self, options: &RequiredOptions) -> Result<(usize, f64)> {
        let k = self.elapsed_quarters();
        if k == 4 {
            return Err(GrdpsimError::invalid_argument(
                "actuals",
                "all four quarters have GRDP actuals: no quarter remains",
            ));
        }
        let target = options
            .target_pct
            .unwrap_or_else(|| self.annual_target_pct());
        if !target.is_finite() || target <= -100.0 {
            return Err(GrdpsimError::invalid_argument(
                "target_pct",
                format!("{target} must be finite and above -100%"),
            ));
        }
        Ok((k, target))
    }

    /// Spreads each leaf's growth over the remaining quarters and sums up the tree: GRDP's
    /// quarterly requirement and every sector's row.
    fn requirement_rows(&self, a: &Allocation<'_>) -> (Vec<QuarterGrowth>, Vec<SectorRequirement>) {
        let tree = self.tree();
        let k = a.k;
        let base = self.leaf_base_levels();
        let growth = self.leaf_growth();
        let year = Period::year_of(self.year);
        let remaining = Period::new(self.year, (k + 1) as u8, 4).expect("k < 4");
        let actual_elapsed = |node: usize| match a.elapsed {
            None => Some(0.0),
            Some(e) => self.actuals.level(node, e),
        };
        // Quarterly growth of each leaf over the remaining quarters, then levels of every node.
        let mut levels = Array2::zeros((tree.len(), 4));
        for (i, &leaf) in a.leaves.iter().enumerate() {
            for q in k..4 {
                let g = match (a.locks[i], a.spread) {
                    (Some(Lock::AtPlan), _) | (_, QuarterSpread::KeepProfile) => {
                        growth[[i, q]] + a.out[i] - a.plan[i]
                    }
                    (_, QuarterSpread::Same) => a.out[i],
                };
                levels[[leaf, q]] = base[[i, q]] * (1.0 + g / 100.0);
            }
        }
        super::projection::sum_up(tree, &mut levels);
        let pct = |level: f64, base: f64| {
            if base == 0.0 {
                0.0
            } else {
                level / base * 100.0 - 100.0
            }
        };
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
                let annual_target_pct = self.growth_at(node, year);
                let annual_base = self.base_level(node, year);
                let done = actual_elapsed(node);
                let below: Vec<usize> = a
                    .leaves
                    .iter()
                    .enumerate()
                    .filter(|&(_, &l)| tree.is_within(l, node))
                    .map(|(i, _)| i)
                    .collect();
                let is_capped = |i: usize| {
                    a.caps[i].is_some_and(|c| a.locks[i].is_none() && a.out[i] >= c - 1e-9)
                };
                SectorRequirement {
                    sector: tree.code(node).to_owned(),
                    is_leaf: tree.is_leaf(node),
                    planned_pct,
                    required_pct,
                    rise_pp: required_pct - planned_pct,
                    by_quarter: quarter_rows(node),
                    annual_target_pct,
                    own_required_pct: done
                        .map(|d| pct((1.0 + annual_target_pct / 100.0) * annual_base - d, r_base)),
                    annual_pct: done.map(|d| pct(d + r_level, annual_base)),
                    locked: below.iter().all(|&i| a.locks[i].is_some()),
                    capped: below.iter().any(|&i| is_capped(i)),
                    cap_pct: if tree.is_leaf(node) {
                        a.caps[below[0]]
                    } else {
                        None
                    },
                }
            })
            .collect();
        (quarter_rows(tree.root()), by_sector)
    }

    /// The sector whose actuals over `elapsed` measure `leaf`: the leaf itself, else the
    /// nearest sector above it (below GRDP) with actuals; with its actual level.
    fn measured_sector(&self, leaf: usize, elapsed: Option<Period>) -> Result<(usize, f64)> {
        let Some(e) = elapsed else {
            return Ok((leaf, 0.0));
        };
        let tree = self.tree();
        let mut node = leaf;
        loop {
            if let Some(level) = self.actuals.level(node, e) {
                return Ok((node, level));
            }
            match tree.node(node).parent {
                Some(p) if p != tree.root() => node = p,
                _ => {
                    return Err(GrdpsimError::MissingActuals {
                        sector: tree.code(leaf).to_owned(),
                        period: e.to_string(),
                        needed_for: "policy sector_targets needs actuals over the elapsed quarters for every free sector or a sector above it (below GRDP)".into(),
                    })
                }
            }
        }
    }

    /// [`Policy::SectorTargets`]: each free leaf at what its own annual target needs, capped;
    /// a leaf without actuals of its own grows at what the nearest sector above it with
    /// actuals needs (so that sector reaches its own target).
    fn sector_targets_fill(
        &self,
        leaves: &[usize],
        rules: &Rules,
        plan: &[f64],
        elapsed: Option<Period>,
        goal: f64,
    ) -> Result<(allocation::Fill, Vec<f64>)> {
        let year = Period::year_of(self.year);
        let remaining = Period::new(self.year, elapsed.map_or(1, |e| e.last() + 1), 4)?;
        let mut reached = 0.0;
        let mut out = vec![0.0; leaves.len()];
        for (i, &leaf) in leaves.iter().enumerate() {
            let a = match rules.locks()[i] {
                Some(Lock::AtPlan) => plan[i],
                Some(Lock::AtGrowth(g)) => g,
                None => {
                    let (node, done) = self.measured_sector(leaf, elapsed)?;
                    let own = (1.0 + self.growth_at(node, year) / 100.0)
                        * self.base_level(node, year)
                        - done;
                    let b = self.base_level(node, remaining);
                    let own_pct = if b == 0.0 {
                        0.0
                    } else {
                        own / b * 100.0 - 100.0
                    };
                    own_pct.min(rules.caps()[i])
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
        Ok((fill, out))
    }

    fn leaf_locks(&self, leaves: &[usize], locked: &[LockedSector]) -> Result<Vec<Option<Lock>>> {
        let tree = self.tree();
        let mut locks = vec![None; leaves.len()];
        for l in locked {
            let node = tree.index(&l.sector)?;
            if let Lock::AtGrowth(g) = l.lock {
                if !g.is_finite() || g <= -100.0 {
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
                if tree.is_within(leaf, node) {
                    locks[i] = Some(l.lock);
                }
            }
        }
        Ok(locks)
    }

    fn leaf_caps(
        &self,
        leaves: &[usize],
        options: &RequiredOptions,
        remaining: Period,
        locks: &[Option<Lock>],
    ) -> Result<Vec<Option<f64>>> {
        let tree = self.tree();
        let mut caps: Vec<Option<f64>> = vec![None; leaves.len()];
        let mut set = |i: usize, cap: f64| {
            caps[i] = Some(caps[i].map_or(cap, |c: f64| c.min(cap)));
        };
        for c in &options.caps {
            let node = tree.index(&c.sector)?;
            for (i, &leaf) in leaves.iter().enumerate() {
                if tree.is_within(leaf, node) {
                    let cap = match c.cap_pct {
                        Some(v) if v.is_finite() => v,
                        Some(v) => {
                            return Err(GrdpsimError::invalid_argument(
                                "caps",
                                format!("cap {v} for sector {} is not a finite number", c.sector),
                            ))
                        }
                        None => self.historical_max(leaf, remaining)?,
                    };
                    set(i, cap);
                }
            }
        }
        if options.historical_caps {
            for (i, &leaf) in leaves.iter().enumerate() {
                if locks[i].is_none() && caps[i].is_none() {
                    caps[i] = Some(self.historical_max(leaf, remaining)?);
                }
            }
        }
        Ok(caps)
    }

    /// The highest growth of `node` over the quarters of `remaining` in any year of the base
    /// data (against the year before it).
    fn historical_max(&self, node: usize, remaining: Period) -> Result<f64> {
        let base = self.base();
        let mut best: Option<f64> = None;
        for y in base.start().year() + 1..self.year {
            let p = remaining.in_year(y);
            let (Ok(now), Ok(before)) = (
                base.level_at(node, p, PriceBasis::Constant),
                base.level_at(node, p.previous_year(), PriceBasis::Constant),
            ) else {
                continue;
            };
            if before > 0.0 {
                let g = now / before * 100.0 - 100.0;
                best = Some(best.map_or(g, |b| b.max(g)));
            }
        }
        best.ok_or_else(|| {
            GrdpsimError::invalid_argument(
                "caps",
                format!(
                    "a historical cap for sector {} needs the same quarters ({}) in two consecutive years of the base data",
                    self.tree().code(node),
                    remaining.short_label()
                ),
            )
        })
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
    /// Each leaf's planned and allocated growth over the remaining quarters.
    plan: &'a [f64],
    out: &'a [f64],
    k: usize,
    elapsed: Option<Period>,
    spread: QuarterSpread,
}

/// The elements of a standard-layout matrix in row-major order.
fn flat(m: &Array2<f64>) -> Vec<f64> {
    m.iter().copied().collect()
}
