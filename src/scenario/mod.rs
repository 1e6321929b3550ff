//! Growth scenarios (kịch bản tăng trưởng): targets by sector and period, actual figures as
//! they arrive, the gap between them, and the growth still required to reach the annual target.
//!
//! A [`Scenario`] is an immutable value: the base [`Accounts`] (covering at least the year
//! before the scenario year), the scenario year `y`, and target growth rates stated at any level
//! of the sector tree and for any periods of `y` (quarters, 6M, 9M, the year). What is not
//! stated is derived by a [`DerivationRule`]; the projected level of a leaf sector is
//! `X_i(q, y) = X_i(q, y-1) · (1 + g_iq/100)` and aggregates are sums. Stated figures that do
//! not add up are reported beside the implied ones ([`Scenario::consistency`]), never silently
//! trusted.
//!
//! | step | method | report |
//! |---|---|---|
//! | targets and their consistency | [`Scenario::consistency`] | [`Consistency`] |
//! | plan | [`Scenario::target_growth`], [`Scenario::target_contributions`] | [`crate::Contributions`] |
//! | actual figures | [`Scenario::with_actuals`] | reconciled once into levels |
//! | the year as it stands (actuals where reported, targets elsewhere) | [`Scenario::growth`], [`Scenario::contributions`], [`Scenario::source`] | [`Source`] |
//! | gap (hụt so với kịch bản), against stated targets | [`Scenario::gap`] | [`Gap`] |
//! | required growth | [`Scenario::required_growth`] | [`RequiredGrowth`] |
//! | what-if (never touches a quarter with actuals) | [`Scenario::with_targets`], [`Scenario::with_targets_holding`], [`Scenario::compare`], [`Scenario::sensitivity`], [`Scenario::goal_seek`] | [`Comparison`], [`GoalSeek`] |
//! | files | [`Scenario::from_toml_str`], [`Scenario::to_toml_string`], JSON alike | [`ScenarioFile`] |
//! | N variants at once | [`batch`] | [`batch::BatchRequired`] |
//!
//! # Examples
//! ```
//! use grdpsim::scenario::{Policy, RequiredOptions, Scenario};
//! use grdpsim::{Accounts, Quarter, SectorTree};
//! // 2024 base: NLTS, CNXD, DV, TSP, one row per sector, Q1..Q4.
//! let levels = ndarray::Array2::from_shape_vec((4, 4), vec![
//!     600.0, 700.0, 750.0, 900.0,   500.0, 600.0, 650.0, 750.0,
//!     1700.0, 1750.0, 1800.0, 1900.0,   100.0, 110.0, 120.0, 130.0])?;
//! let base = Accounts::from_leaf_levels(SectorTree::provincial(), Quarter::new(2024, 1)?,
//!     levels.view(), None)?;
//! let sc = Scenario::builder(base, 2025)
//!     .target("Y", "GRDP", 8.0)
//!     .actual_growth("H1", "GRDP", 7.0)
//!     .build()?;
//! assert!((sc.target_growth("Y", "GRDP")? - 8.0).abs() < 1e-12);
//! // As it stands: 7% in H1, the targets in H2.
//! assert!(sc.growth("Y", "GRDP")? < 8.0);
//! let rq = sc.required_growth(&RequiredOptions::new(Policy::Uniform))?;
//! assert!(rq.feasible && rq.grdp_pct > 8.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod actuals;
mod allocation;
pub mod batch;
mod display;
#[cfg(feature = "xlsx")]
#[cfg_attr(docsrs, doc(cfg(feature = "xlsx")))]
pub mod excel;
mod feasibility;
mod file;
mod gap;
mod nowcast;
mod outturn;
mod owners;
mod projection;
mod required;
mod targets;
mod whatif;

use std::fmt;
use std::sync::{Arc, OnceLock};

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::accounts::{Accounts, PriceBasis};
use crate::error::{GrdpsimError, Result};
use crate::growth::pct_or_zero;
use crate::lang::Lang;
use crate::period::{IntoPeriod, Period};
use crate::sector::SectorTree;

pub use crate::lang::Note;
pub use actuals::ACTUALS_TOLERANCE_PP;
pub use display::{goal_seek_line, required_growth_line};
pub use file::{BaseData, ScenarioFile};
pub use gap::{Gap, GapRow, GapRowKind, TargetSource};
pub use outturn::Source;
pub use owners::{Owner, OwnerEntry, PeriodOwner};
pub use required::{
    Feasibility, Lock, LockedSector, Policy, QuarterGrowth, QuarterSpread, RequiredGrowth,
    RequiredOptions, SectorCap, SectorRequirement, FEASIBILITY_TOLERANCE_PP, MIN_CAP_HISTORY_YEARS,
};
pub use targets::{Consistency, ConsistencyRow, CONSISTENCY_TOLERANCE_PP};
pub use whatif::{
    Comparison, ComparisonRow, GoalSeek, GoalSeekBound, GoalSeekMode, GoalSeekOptions,
    GoalSeekStatus, Hold, Sensitivity, SensitivityRow, PLAUSIBLE_GROWTH_PCT,
};

/// A stated target: growth of `sector` over `period` of the scenario year, percent.
///
/// `period` is a label within the year (`Q1`..`Q4`, `H1`/`6M`, `H2`, `9M`, `Q2-Q3`, `Y`) or a
/// full one of the scenario year (`2025Q3`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub sector: String,
    pub period: String,
    pub growth_pct: f64,
}

impl Target {
    pub fn new(period: impl Into<String>, sector: impl Into<String>, growth_pct: f64) -> Self {
        Self {
            sector: sector.into(),
            period: period.into(),
            growth_pct,
        }
    }
}

/// An actual figure, as the statistics office publishes it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActualValue {
    /// Growth against the same period of the year before, percent.
    GrowthPct(f64),
    /// Constant-price level over the period, billion VND.
    Level(f64),
}

/// An actual figure for `sector` over `period` (a quarter or a cumulative period such as 6M).
///
/// A provisional figure (số ước tính: a nowcast, a department's estimate) counts like a
/// published one in every computation and is marked as such in reports until the statistics
/// office publishes the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actual {
    pub sector: String,
    pub period: String,
    pub value: ActualValue,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
}

impl Actual {
    /// An actual growth rate, percent.
    pub fn growth(period: impl Into<String>, sector: impl Into<String>, growth_pct: f64) -> Self {
        Self {
            sector: sector.into(),
            period: period.into(),
            value: ActualValue::GrowthPct(growth_pct),
            provisional: false,
        }
    }

    /// An actual constant-price level, billion VND.
    pub fn level(period: impl Into<String>, sector: impl Into<String>, level: f64) -> Self {
        Self {
            sector: sector.into(),
            period: period.into(),
            value: ActualValue::Level(level),
            provisional: false,
        }
    }

    /// The same figure, marked provisional.
    #[must_use]
    pub fn as_provisional(mut self) -> Self {
        self.provisional = true;
        self
    }
}

/// How a quarter without its own target gets one from the sector's cumulative targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodRule {
    /// The quarter takes the rate of the shortest stated period that contains it (an
    /// annual-only target applies in every quarter). Cumulative targets whose quarters are all
    /// stated are only checked.
    #[default]
    Spread,
    /// Quarters without their own target share the one rate that makes the shortest stated
    /// period containing them exact, given its stated quarters (Q1 and 6M stated: Q2 is what
    /// 6M leaves).
    Residual,
}

/// How a sector without its own target for a quarter gets one from the sectors above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TreeRule {
    /// The nearest sector above with a target passes it down (a GRDP-only target applies to
    /// all sectors; children inherit their parent's target unless they have their own).
    #[default]
    Inherit,
    /// Children without their own target share the one rate that makes their parent's target
    /// exact, given the children that have their own.
    Residual,
}

impl std::str::FromStr for PeriodRule {
    type Err = GrdpsimError;

    /// `spread` or `residual`.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "spread" => Ok(Self::Spread),
            "residual" => Ok(Self::Residual),
            other => Err(GrdpsimError::invalid_argument(
                "periods",
                format!("{other:?} is neither spread nor residual"),
            )),
        }
    }
}

impl std::str::FromStr for TreeRule {
    type Err = GrdpsimError;

    /// `inherit` or `residual`.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "inherit" => Ok(Self::Inherit),
            "residual" => Ok(Self::Residual),
            other => Err(GrdpsimError::invalid_argument(
                "tree",
                format!("{other:?} is neither inherit nor residual"),
            )),
        }
    }
}

/// The selectable rule that derives every leaf sector's quarterly target from the stated ones:
/// first within each sector over periods, then down the tree, quarter by quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerivationRule {
    #[serde(default)]
    pub periods: PeriodRule,
    #[serde(default)]
    pub tree: TreeRule,
}

impl fmt::Display for DerivationRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = match self.periods {
            PeriodRule::Spread => "periods=spread",
            PeriodRule::Residual => "periods=residual",
        };
        let t = match self.tree {
            TreeRule::Inherit => "tree=inherit",
            TreeRule::Residual => "tree=residual",
        };
        write!(f, "{p}, {t}")
    }
}

/// A validated target: node of the tree, period of the scenario year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct StatedTarget {
    pub node: usize,
    pub period: Period,
    pub growth_pct: f64,
}

/// A validated actual figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct StatedActual {
    pub node: usize,
    pub period: Period,
    pub value: ActualValue,
    pub provisional: bool,
}

/// A growth scenario for one year: base accounts, stated targets, derived quarterly targets
/// for every leaf sector, projected accounts and (optionally) actual figures.
///
/// Built by [`Scenario::builder`] (or read from a file); every method afterwards is a query or
/// returns a new scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    base: Arc<Accounts>,
    base_file: Option<String>,
    /// What the scenario is (`Cao Bằng 2025`), for reports.
    name: Option<String>,
    /// Notes shown with reports (where a figure differs from a release, and why), in both
    /// languages.
    notes: Vec<Note>,
    year: i32,
    rule: DerivationRule,
    targets: Vec<StatedTarget>,
    /// Leaf sectors × 4: quarterly targets fixed by a what-if (they win over the derivation
    /// rule, so that a what-if changes what it names and nothing else).
    held: Option<Array2<f64>>,
    actual_inputs: Vec<StatedActual>,
    /// nodes × 4: constant-price levels of the year before.
    base_levels: Array2<f64>,
    /// nodes × 4: projected constant-price levels of the scenario year (leaves from their
    /// derived targets, aggregates by summation).
    levels: Array2<f64>,
    /// The base year and the scenario year as it stands (actuals where reported, targets
    /// elsewhere), 8 quarters, built on first use (a what-if that only asks for growth never
    /// pays for it).
    projected: OnceLock<Accounts>,
    /// The base year and the scenario year under the targets alone, built on first use.
    planned: OnceLock<Accounts>,
    actuals: Arc<actuals::ActualLevels>,
    /// The independent actual figures the outturn satisfies (shared by what-ifs).
    figures: Arc<outturn::Figures>,
    /// Actuals where reported, targets elsewhere.
    outturn: outturn::Outturn,
    /// Growth figures that all lie below 1 in absolute value are accepted (by this scenario
    /// and by its what-ifs, required growth, goal seek and probability); see
    /// [`ScenarioBuilder::fractions_ok`].
    fractions_ok: bool,
    /// Who answers for the targets (cơ quan chủ trì) and by when; kept by what-ifs.
    owners: Vec<owners::StatedOwner>,
}

impl PartialEq for Scenario {
    /// Same base, year, rule, stated targets and actual figures (in any order).
    fn eq(&self, other: &Self) -> bool {
        let key = |p: Period, node: usize| (node, p.first(), p.last());
        let sorted_targets = |s: &Self| {
            let mut v = s.targets.clone();
            v.sort_by_key(|t| key(t.period, t.node));
            v
        };
        let sorted_actuals = |s: &Self| {
            let mut v = s.actual_inputs.clone();
            v.sort_by_key(|a| key(a.period, a.node));
            v
        };
        self.year == other.year
            && self.rule == other.rule
            && sorted_targets(self) == sorted_targets(other)
            && sorted_actuals(self) == sorted_actuals(other)
            && self.held == other.held
            && (Arc::ptr_eq(&self.base, &other.base) || self.base == other.base)
    }
}

/// Collects the parts of a [`Scenario`]; [`ScenarioBuilder::build`] validates them all.
#[derive(Debug, Clone)]
pub struct ScenarioBuilder {
    base: Arc<Accounts>,
    base_file: Option<String>,
    name: Option<String>,
    notes: Vec<Note>,
    year: i32,
    rule: DerivationRule,
    targets: Vec<Target>,
    held: Option<Array2<f64>>,
    actuals: Vec<Actual>,
    fractions_ok: bool,
    owners: Vec<Owner>,
}

impl ScenarioBuilder {
    /// Adds a target (a later one for the same sector and period replaces an earlier one).
    #[must_use]
    pub fn target(mut self, period: impl Into<String>, sector: &str, growth_pct: f64) -> Self {
        self.targets.push(Target::new(period, sector, growth_pct));
        self
    }

    /// Adds targets.
    #[must_use]
    pub fn targets(mut self, targets: impl IntoIterator<Item = Target>) -> Self {
        self.targets.extend(targets);
        self
    }

    /// Names who answers for a sector's targets (for all its periods, or one it states a
    /// target for) and by when; a later owner of the same sector and period replaces an
    /// earlier one.
    #[must_use]
    pub fn owner(mut self, owner: Owner) -> Self {
        self.owners.push(owner);
        self
    }

    /// Adds owners (see [`ScenarioBuilder::owner`]).
    #[must_use]
    pub fn owners(mut self, owners: impl IntoIterator<Item = Owner>) -> Self {
        self.owners.extend(owners);
        self
    }

    /// Adds an actual growth rate, percent.
    #[must_use]
    pub fn actual_growth(
        mut self,
        period: impl Into<String>,
        sector: &str,
        growth_pct: f64,
    ) -> Self {
        self.actuals
            .push(Actual::growth(period, sector, growth_pct));
        self
    }

    /// Adds an actual constant-price level, billion VND.
    #[must_use]
    pub fn actual_level(mut self, period: impl Into<String>, sector: &str, level: f64) -> Self {
        self.actuals.push(Actual::level(period, sector, level));
        self
    }

    /// Adds actual figures.
    #[must_use]
    pub fn actuals(mut self, actuals: impl IntoIterator<Item = Actual>) -> Self {
        self.actuals.extend(actuals);
        self
    }

    /// The derivation rule (default: [`PeriodRule::Spread`], [`TreeRule::Inherit`]).
    #[must_use]
    pub fn rule(mut self, rule: DerivationRule) -> Self {
        self.rule = rule;
        self
    }

    /// Names the scenario (`Cao Bằng 2025`): reports say what they report on.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds a note that reports show (where a figure differs from a release, and why): a
    /// [`Note`] in both languages, or one text shown as written in both.
    #[must_use]
    pub fn note(mut self, note: impl Into<Note>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Accepts a scenario whose every growth figure lies below 1 in absolute value (by
    /// default such a scenario is taken for fractions, 0.08 for 8%, and refused). The scenario
    /// keeps the choice: its what-ifs, required growth, goal seek and probability accept such
    /// figures too (see [`Scenario::with_fractions_ok`]).
    #[must_use]
    pub fn fractions_ok(mut self, ok: bool) -> Self {
        self.fractions_ok = ok;
        self
    }

    /// Quarterly targets of the leaf sectors (leaves × 4, percent) that win over the
    /// derivation rule: what a what-if holds.
    #[must_use]
    pub(crate) fn held(mut self, held: Option<Array2<f64>>) -> Self {
        self.held = held;
        self
    }

    /// Records the file the base was read from, so that [`Scenario::to_file`] names it instead of
    /// embedding the levels (relative to the file written; [`Scenario::to_toml_string`], which
    /// knows no folder, writes the path as given here: make it absolute).
    #[must_use]
    pub fn base_file(mut self, path: impl Into<String>) -> Self {
        self.base_file = Some(path.into());
        self
    }

    /// Validates everything and derives the quarterly targets, the projection and the actual
    /// levels.
    ///
    /// # Errors
    /// - [`GrdpsimError::PeriodNotCovered`]: the base does not cover the year before;
    /// - [`GrdpsimError::UnknownSector`]: a target or actual for a sector the base lacks;
    /// - [`GrdpsimError::PeriodOutsideYear`], [`GrdpsimError::InvalidPeriod`]: bad periods;
    /// - [`GrdpsimError::InvalidTarget`]: a target at or below -100% or not finite (also a
    ///   derived one);
    /// - [`GrdpsimError::MissingTarget`]: a leaf sector and quarter that no target reaches;
    /// - [`GrdpsimError::ContradictoryActuals`]: actual figures inconsistent beyond
    ///   [`ACTUALS_TOLERANCE_PP`]; [`GrdpsimError::InvalidArgument`] for an actual growth at or
    ///   below -100% or a level that is not finite;
    /// - [`GrdpsimError::MissingActuals`]: an actual that leaves a hole (Q2 without Q1 for the
    ///   sector or any sector above it);
    /// - [`GrdpsimError::LooksLikeFraction`]: every growth figure below 1 in absolute value
    ///   (0.08 given for 8%), unless [`ScenarioBuilder::fractions_ok`];
    /// - [`GrdpsimError::InvalidOwner`]: an owner for a period the sector states no target
    ///   for, a deadline that is not a date `YYYY-MM-DD`, an owner without a department.
    ///
    /// # Examples
    /// See the [module documentation](self).
    pub fn build(self) -> Result<Scenario> {
        let Self {
            base,
            base_file,
            name,
            notes,
            year,
            rule,
            targets,
            held,
            actuals,
            fractions_ok,
            owners,
        } = self;
        if !fractions_ok {
            check_not_fractions(figures(&targets, &actuals))?;
        }
        let base_levels = base_year_levels(&base, year)?;
        let tree = base.tree();
        let stated = validate_targets(tree, year, &targets)?;
        let stated_owners = owners::validate(tree, year, &owners, &stated)?;
        let actual_inputs = validate_actuals(tree, year, &actuals, Vec::new())?;
        let mut sc = Scenario::assemble(
            Parts {
                base,
                base_file,
                year,
                rule,
                base_levels,
            },
            stated,
            held,
            actual_inputs,
            None,
        )?;
        sc.name = name;
        sc.notes = notes;
        sc.fractions_ok = fractions_ok;
        sc.owners = stated_owners;
        Ok(sc)
    }
}

/// The growth figures among targets and actuals (levels are not rates): `(sector, period,
/// percent)`.
pub(crate) fn figures<'a>(
    targets: &'a [Target],
    actuals: &'a [Actual],
) -> impl Iterator<Item = (&'a str, &'a str, f64)> {
    targets
        .iter()
        .map(|t| (t.sector.as_str(), t.period.as_str(), t.growth_pct))
        .chain(actuals.iter().filter_map(|a| match a.value {
            ActualValue::GrowthPct(g) => Some((a.sector.as_str(), a.period.as_str(), g)),
            ActualValue::Level(_) => None,
        }))
}

/// The rule of [`check_not_fractions`], for figures found by any key (a sector and period, an
/// index into a batch): the first figure that is not zero, where every figure lies below 1 in
/// absolute value; `None` from the first figure of 1 or more (or NaN), or when all are zero.
pub(crate) fn first_fraction<K>(figures: impl IntoIterator<Item = (K, f64)>) -> Option<(K, f64)> {
    let mut first = None;
    for (at, v) in figures {
        if v.is_nan() || v.abs() >= 1.0 {
            return None;
        }
        if first.is_none() && v != 0.0 {
            first = Some((at, v));
        }
    }
    first
}

/// Every growth figure `(sector, period, percent)` below 1 in absolute value, some not zero:
/// most likely fractions (0.08 for 8%), which would be taken as 0.08%. The error names the
/// first figure that is not zero.
///
/// # Errors
/// [`GrdpsimError::LooksLikeFraction`].
pub(crate) fn check_not_fractions<'a>(
    growth: impl IntoIterator<Item = (&'a str, &'a str, f64)>,
) -> Result<()> {
    let figures = growth.into_iter().map(|(s, p, v)| ((s, p), v));
    match first_fraction(figures) {
        None => Ok(()),
        Some(((sector, period), value)) => Err(GrdpsimError::LooksLikeFraction {
            sector: sector.to_owned(),
            period: period.to_owned(),
            value,
        }),
    }
}

/// The actuals of a scenario, reconciled, for a what-if on the same actuals.
struct Reconciled<'a> {
    actuals: Arc<actuals::ActualLevels>,
    figures: Arc<outturn::Figures>,
    /// The scenario's target levels (nodes × 4) and outturn.
    levels: &'a Array2<f64>,
    outturn: &'a outturn::Outturn,
}

/// What a scenario and its what-ifs share.
struct Parts {
    base: Arc<Accounts>,
    base_file: Option<String>,
    year: i32,
    rule: DerivationRule,
    base_levels: Array2<f64>,
}

/// Levels of every node in the four quarters of `year - 1`.
fn base_year_levels(base: &Accounts, year: i32) -> Result<Array2<f64>> {
    let cols = base.columns(Period::year_of(year - 1))?;
    let m = base.matrix(PriceBasis::Constant)?;
    let mut out = Array2::zeros((m.nrows(), 4));
    for (q, c) in cols.enumerate() {
        out.column_mut(q).assign(&m.column(c));
    }
    Ok(out)
}

fn validate_targets(tree: &SectorTree, year: i32, targets: &[Target]) -> Result<Vec<StatedTarget>> {
    let mut out: Vec<StatedTarget> = Vec::with_capacity(targets.len());
    for t in targets {
        let node = tree.index(&t.sector)?;
        let period = Period::parse_in_year(&t.period, year)?;
        check_rate(tree.code(node), &period.to_string(), t.growth_pct)?;
        merge(
            &mut out,
            StatedTarget {
                node,
                period,
                growth_pct: t.growth_pct,
            },
        );
    }
    Ok(out)
}

/// Tree order of the sector, then reading order of the period within the year (Q1, Q2, H1,
/// Q3, 9M, Q4, H2, Y: by last quarter, then length).
fn reading_order(node: usize, period: Period) -> (usize, u8, usize) {
    (node, period.last(), period.len())
}

/// A stated figure's sector and period: two figures with the same key are one figure.
pub(crate) trait Keyed {
    fn key(&self) -> (usize, Period);
}

impl Keyed for StatedTarget {
    fn key(&self) -> (usize, Period) {
        (self.node, self.period)
    }
}

impl Keyed for StatedActual {
    fn key(&self) -> (usize, Period) {
        (self.node, self.period)
    }
}

/// Adds `item` to `all`; one with the same sector and period is replaced (the later wins).
pub(crate) fn merge<T: Keyed>(all: &mut Vec<T>, item: T) {
    match all.iter_mut().find(|o| o.key() == item.key()) {
        Some(o) => *o = item,
        None => all.push(item),
    }
}

/// `actuals` validated and merged into `into`: a figure for a sector and period already there
/// replaces it (as a later target replaces an earlier one).
pub(crate) fn validate_actuals(
    tree: &SectorTree,
    year: i32,
    actuals: &[Actual],
    mut into: Vec<StatedActual>,
) -> Result<Vec<StatedActual>> {
    for a in actuals {
        merge(
            &mut into,
            StatedActual {
                node: tree.index(&a.sector)?,
                period: Period::parse_in_year(&a.period, year)?,
                value: a.value,
                provisional: a.provisional,
            },
        );
    }
    Ok(into)
}

/// Whether a report row `(row_sector, row_period)` is the one asked for (case-insensitive).
pub(crate) fn is_row(row_sector: &str, row_period: &str, sector: &str, period: &str) -> bool {
    row_sector.eq_ignore_ascii_case(sector.trim()) && row_period.eq_ignore_ascii_case(period.trim())
}

/// The largest growth rate a figure may state, percent: ten thousand times the level of the
/// year before is outside any economy (most likely a level typed where a rate belongs), and
/// larger figures overflow the arithmetic long before they mean anything.
pub const MAX_GROWTH_PCT: f64 = 1e6;

/// A growth rate must be finite, above -100% and at most [`MAX_GROWTH_PCT`].
pub(crate) fn check_rate(sector: &str, period: &str, pct: f64) -> Result<()> {
    let reason = if !pct.is_finite() {
        "not a finite number"
    } else if pct <= -100.0 {
        "a growth rate at or below -100% leaves nothing of the sector"
    } else if pct > MAX_GROWTH_PCT {
        "above 1,000,000%: outside any economy (a level typed as a rate?)"
    } else {
        return Ok(());
    };
    Err(GrdpsimError::InvalidTarget {
        sector: sector.to_owned(),
        period: period.to_owned(),
        value: pct,
        reason: reason.to_owned(),
    })
}

/// [`check_rate`] for a rate the library derived rather than one stated: the error says how
/// it was derived (`reason`), since the user never typed that value.
pub(crate) fn check_derived_rate(sector: &str, period: &str, pct: f64, reason: &str) -> Result<()> {
    check_rate(sector, period, pct).map_err(|e| match e {
        GrdpsimError::InvalidTarget {
            sector,
            period,
            value,
            ..
        } => GrdpsimError::InvalidTarget {
            sector,
            period,
            value,
            reason: reason.into(),
        },
        other => other,
    })
}

impl Scenario {
    /// Starts a scenario for `year` on `base`, which must cover the four quarters of
    /// `year - 1` (and may cover earlier years: historical caps use them).
    pub fn builder(base: Accounts, year: i32) -> ScenarioBuilder {
        Self::builder_shared(Arc::new(base), year)
    }

    /// Like [`Scenario::builder`], sharing the base with other scenarios without a copy.
    pub fn builder_shared(base: Arc<Accounts>, year: i32) -> ScenarioBuilder {
        ScenarioBuilder {
            base,
            base_file: None,
            name: None,
            notes: Vec::new(),
            year,
            rule: DerivationRule::default(),
            targets: Vec::new(),
            held: None,
            actuals: Vec::new(),
            fractions_ok: false,
            owners: Vec::new(),
        }
    }

    /// A scenario from targets only, with the default rule.
    ///
    /// # Errors
    /// As [`ScenarioBuilder::build`].
    pub fn new(base: Accounts, year: i32, targets: &[Target]) -> Result<Self> {
        Self::builder(base, year)
            .targets(targets.iter().cloned())
            .build()
    }

    /// `reconciled`: the actuals already reconciled from these `actual_inputs` (a what-if
    /// that changes targets only), else they are reconciled here.
    fn assemble(
        parts: Parts,
        targets: Vec<StatedTarget>,
        held: Option<Array2<f64>>,
        actual_inputs: Vec<StatedActual>,
        reconciled: Option<Reconciled<'_>>,
    ) -> Result<Self> {
        let Parts {
            base,
            base_file,
            year,
            rule,
            base_levels,
        } = parts;
        let tree = base.tree();
        // Held quarterly targets (a what-if) fix every leaf: the rule has nothing to derive.
        let leaf_growth = match &held {
            Some(h) => {
                let mut g = Array2::zeros((tree.len(), 4));
                for (i, leaf) in tree.leaves().enumerate() {
                    g.row_mut(leaf).assign(&h.row(i));
                }
                g
            }
            None => targets::derive(tree, &base_levels, &targets, rule)?,
        };
        let levels = projection::project(tree, &base_levels, &leaf_growth);
        if let Some(((node, q), _)) = levels.indexed_iter().find(|(_, v)| !v.is_finite()) {
            return Err(GrdpsimError::InvalidTarget {
                sector: tree.code(node).to_owned(),
                period: format!("{year}Q{}", q + 1),
                value: leaf_growth[[node, q]],
                reason: "the projected level is not finite: the target is too large".into(),
            });
        }
        let root = tree.root();
        if let Some(q) = (0..4).find(|&q| levels[[root, q]] < 0.0) {
            return Err(GrdpsimError::InvalidTarget {
                sector: tree.code(root).to_owned(),
                period: format!("{year}Q{}", q + 1),
                value: levels[[root, q]],
                reason: "the targets put the total below zero".into(),
            });
        }
        let (actuals, figures, previous) = if let Some(r) = reconciled {
            (r.actuals, r.figures, Some((r.levels, r.outturn)))
        } else {
            let a = actuals::reconcile(tree, year, &base_levels, &actual_inputs)?;
            let f = outturn::Figures::new(tree, &a);
            (Arc::new(a), Arc::new(f), None)
        };
        let outturn = outturn::outturn(tree, year, &levels, &base_levels, &figures, previous)?;
        Ok(Self {
            base,
            base_file,
            name: None,
            notes: Vec::new(),
            year,
            rule,
            targets,
            held,
            actual_inputs,
            base_levels,
            levels,
            projected: OnceLock::new(),
            planned: OnceLock::new(),
            actuals,
            figures,
            outturn,
            fractions_ok: false,
            owners: Vec::new(),
        })
    }

    /// The same scenario with other targets, held quarters or actuals (the base is shared, not
    /// copied).
    fn rebuilt(
        &self,
        targets: Vec<StatedTarget>,
        held: Option<Array2<f64>>,
        actual_inputs: Vec<StatedActual>,
    ) -> Result<Self> {
        // The same actuals: reconciled already, whatever the targets.
        let reconciled = (actual_inputs == self.actual_inputs).then(|| Reconciled {
            actuals: Arc::clone(&self.actuals),
            figures: Arc::clone(&self.figures),
            levels: &self.levels,
            outturn: &self.outturn,
        });
        let mut sc = Self::assemble(
            Parts {
                base: Arc::clone(&self.base),
                base_file: self.base_file.clone(),
                year: self.year,
                rule: self.rule,
                base_levels: self.base_levels.clone(),
            },
            targets,
            held,
            actual_inputs,
            reconciled,
        )?;
        sc.name.clone_from(&self.name);
        sc.notes.clone_from(&self.notes);
        sc.fractions_ok = self.fractions_ok;
        sc.owners.clone_from(&self.owners);
        Ok(sc)
    }

    /// Who answers for the targets (cơ quan chủ trì) and by when, with canonical sector codes
    /// and period labels, in the order of [`Scenario::targets`] (a sector's own owner before
    /// its periods').
    pub fn owners(&self) -> Vec<Owner> {
        let mut stated: Vec<&owners::StatedOwner> = self.owners.iter().collect();
        stated.sort_by_key(|o| (o.node, o.period.map(|p| (p.last(), p.len()))));
        stated
            .into_iter()
            .map(|o| o.to_owner(self.tree()))
            .collect()
    }

    /// The owner of `sector`'s target over `period`: the period's own, else the sector's.
    ///
    /// # Errors
    /// An unknown sector; a period outside the scenario year.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::Owner;
    /// let cb = grdpsim::datasets::cao_bang_2025()?
    ///     .with_owners([Owner::new("CN", "Sở Công Thương").deadline("2025-12-31")])?;
    /// let q3 = cb.owner_of("Q3", "CN")?.expect("an owner");
    /// assert_eq!((q3.department.as_str(), q3.deadline.as_deref()), ("Sở Công Thương", Some("2025-12-31")));
    /// assert!(cb.owner_of("Q3", "DV")?.is_none());
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn owner_of(&self, period: impl IntoPeriod, sector: &str) -> Result<Option<Owner>> {
        let (node, period) = self.node_period(period, sector)?;
        Ok(owners::owner_at(&self.owners, node, period).map(|o| o.to_owner(self.tree())))
    }

    /// The same scenario with these owners added (a later owner of the same sector and period
    /// replaces an earlier one); its what-ifs keep them.
    ///
    /// # Errors
    /// As [`ScenarioBuilder::owner`]'s checks in [`ScenarioBuilder::build`]:
    /// [`GrdpsimError::UnknownSector`], [`GrdpsimError::InvalidOwner`].
    pub fn with_owners(&self, owners: impl IntoIterator<Item = Owner>) -> Result<Self> {
        let mut all = self.owners();
        all.extend(owners);
        let validated = owners::validate(self.tree(), self.year, &all, &self.targets)?;
        let mut sc = self.clone();
        sc.owners = validated;
        Ok(sc)
    }

    /// What the scenario is (`Cao Bằng 2025`), if named.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Notes that reports show, in both languages.
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    /// The notes in `lang`, as a report in that language shows them.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::lang::Lang;
    /// let cb = grdpsim::datasets::cao_bang_2025()?;
    /// assert!(cb.notes_in(Lang::Vi)[0].starts_with("Quý I/2025"));
    /// assert!(cb.notes_in(Lang::En)[0].starts_with("Q1 2025"));
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn notes_in(&self, lang: Lang) -> Vec<&str> {
        self.notes.iter().map(|n| n.text(lang)).collect()
    }

    /// The same scenario with one more note: a [`Note`] in both languages, or one text (a
    /// `String`) shown as written in both.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<Note>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The same scenario under another name.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Whether growth figures that all lie below 1 in absolute value are accepted (see
    /// [`ScenarioBuilder::fractions_ok`]).
    pub fn fractions_ok(&self) -> bool {
        self.fractions_ok
    }

    /// The same scenario, accepting (or not) growth figures that all lie below 1 in absolute
    /// value in what follows: `sc.with_fractions_ok(true).with_actuals(..)` takes 0.5 for
    /// 0.5%, where `sc.with_actuals(..)` refuses figures that all look like fractions.
    #[must_use]
    pub fn with_fractions_ok(mut self, ok: bool) -> Self {
        self.fractions_ok = ok;
        self
    }

    /// [`GrdpsimError::LooksLikeFraction`] for growth figures given to this scenario (new
    /// targets, actuals) that all lie below 1 in absolute value, unless it accepts them.
    ///
    /// A lone figure is judged against the scenario's plan for its cell: 0.9 for agriculture
    /// planned at 3% is a plausible 0.9%, while 0.07 for GRDP planned at 8% is 7% written as a
    /// fraction. It is refused when a hundred times it lies nearer the plan than it does itself
    /// (and, where the cell has no plan to compare with, as any set of figures below 1 is).
    pub(crate) fn check_units<'a>(
        &self,
        growth: impl IntoIterator<Item = (&'a str, &'a str, f64)>,
    ) -> Result<()> {
        if self.fractions_ok {
            return Ok(());
        }
        let figures: Vec<_> = growth.into_iter().collect();
        if let [(sector, period, v)] = figures[..] {
            if let Ok(plan) = self.target_growth(period, sector) {
                let as_percent = (100.0 * v - plan).abs();
                if v.abs() >= 1.0 || v == 0.0 || as_percent >= (v - plan).abs() {
                    return Ok(());
                }
            }
        }
        check_not_fractions(figures)
    }

    /// The quarterly targets a what-if holds (leaf sectors × 4, percent), if any.
    pub fn held_targets(&self) -> Option<&Array2<f64>> {
        self.held.as_ref()
    }

    /// The base accounts.
    pub fn base(&self) -> &Accounts {
        &self.base
    }

    /// The base accounts, shared.
    pub fn base_shared(&self) -> Arc<Accounts> {
        Arc::clone(&self.base)
    }

    /// The file the base was read from, if any (absolute when the scenario was read from a file).
    pub fn base_file(&self) -> Option<&str> {
        self.base_file.as_deref()
    }

    pub fn tree(&self) -> &SectorTree {
        self.base.tree()
    }

    /// The scenario year.
    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn rule(&self) -> DerivationRule {
        self.rule
    }

    /// The stated targets, with canonical sector codes and period labels, in tree order
    /// (GRDP first, each sector before the sectors below it) and, within a sector, in reading
    /// order (Q1, Q2, H1, Q3, 9M, Q4, H2, Y), whatever order they were given or read in.
    pub fn targets(&self) -> Vec<Target> {
        let mut stated: Vec<&StatedTarget> = self.targets.iter().collect();
        stated.sort_by_key(|t| reading_order(t.node, t.period));
        stated
            .into_iter()
            .map(|t| {
                Target::new(
                    t.period.short_label(),
                    self.tree().code(t.node),
                    t.growth_pct,
                )
            })
            .collect()
    }

    /// The actual figures as given, with canonical sector codes and period labels, in the
    /// order of [`Scenario::targets`].
    pub fn actuals(&self) -> Vec<Actual> {
        let mut given: Vec<&StatedActual> = self.actual_inputs.iter().collect();
        given.sort_by_key(|a| reading_order(a.node, a.period));
        given
            .into_iter()
            .map(|a| Actual {
                sector: self.tree().code(a.node).to_owned(),
                period: a.period.short_label(),
                value: a.value,
                provisional: a.provisional,
            })
            .collect()
    }

    /// Whether a figure for `sector` over `period` rests on a provisional actual: one for the
    /// sector, a sector above or below it, over a period sharing a quarter with `period`.
    ///
    /// # Errors
    /// An unknown sector; a period outside the scenario year.
    pub fn is_provisional(&self, period: impl IntoPeriod, sector: &str) -> Result<bool> {
        let (node, period) = self.node_period(period, sector)?;
        Ok(self.provisional_at(node, period))
    }

    pub(crate) fn provisional_at(&self, node: usize, period: Period) -> bool {
        let tree = self.tree();
        self.actual_inputs.iter().any(|a| {
            a.provisional
                && (tree.is_within(a.node, node) || tree.is_within(node, a.node))
                && period.quarters().any(|q| a.period.contains(q))
        })
    }

    /// The stated annual GRDP target, percent, if one was stated.
    pub fn grdp_target_pct(&self) -> Option<f64> {
        self.stated_annual_at(self.tree().root())
    }

    /// The annual GRDP target the required growth aims at by default: the stated one, else the
    /// one implied by the sector targets.
    pub fn annual_target_pct(&self) -> f64 {
        self.annual_target_at(self.tree().root())
    }

    /// A sector's annual target, percent: the stated one where a target for the year is
    /// stated (even when the quarterly targets derived by the rule give another figure: the
    /// consistency report shows the difference), else the one its quarterly targets imply.
    ///
    /// # Errors
    /// An unknown sector.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::Scenario;
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// let levels = ndarray::Array2::from_shape_fn((5, 4), |(i, _)| [600.0, 300.0, 200.0, 1700.0, 100.0][i]);
    /// let base = Accounts::from_leaf_levels(SectorTree::provincial_detailed(),
    ///     Quarter::new(2024, 1)?, levels.view(), None)?;
    /// // CN: 9% stated for Q1, 10% for the year; the spread rule gives Q2..Q4 10%.
    /// let sc = Scenario::builder(base, 2025).target("Y", "GRDP", 8.0)
    ///     .target("Q1", "CN", 9.0).target("Y", "CN", 10.0).build()?;
    /// assert_eq!(sc.sector_annual_target_pct("CN")?, 10.0);
    /// assert!((sc.target_growth("Y", "CN")? - 9.75).abs() < 1e-9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sector_annual_target_pct(&self, sector: &str) -> Result<f64> {
        Ok(self.annual_target_at(self.tree().index(sector)?))
    }

    /// The stated annual target of a node, if one is stated.
    pub(crate) fn stated_annual_at(&self, node: usize) -> Option<f64> {
        self.targets
            .iter()
            .find(|t| t.node == node && t.period.len() == 4)
            .map(|t| t.growth_pct)
    }

    /// [`Scenario::sector_annual_target_pct`] of a node.
    pub(crate) fn annual_target_at(&self, node: usize) -> f64 {
        self.stated_annual_at(node)
            .unwrap_or_else(|| self.growth_at(node, Period::year_of(self.year)))
    }

    /// The quarters with actual figures for GRDP: `Q1..Qk` (k = 0 without actuals).
    pub fn elapsed_quarters(&self) -> usize {
        self.actuals.known_prefix(self.tree().root())
    }

    /// Levels of every leaf sector (pre-order) × quarter of the year before: the `base`
    /// argument of the [`batch`] functions.
    pub fn leaf_base_levels(&self) -> Array2<f64> {
        let leaves: Vec<usize> = self.tree().leaves().collect();
        self.base_levels.select(ndarray::Axis(0), &leaves)
    }

    /// Target levels of every leaf sector (pre-order) × quarter.
    pub(crate) fn leaf_target_levels(&self) -> Array2<f64> {
        let leaves: Vec<usize> = self.tree().leaves().collect();
        self.levels.select(ndarray::Axis(0), &leaves)
    }

    /// Target growth of every leaf sector (pre-order) × quarter, percent: one variant of the
    /// `growth` argument of the [`batch`] functions.
    pub fn leaf_growth(&self) -> Array2<f64> {
        let leaves: Vec<usize> = self.tree().leaves().collect();
        Array2::from_shape_fn((leaves.len(), 4), |(i, q)| {
            self.quarter_growth(leaves[i], q + 1)
        })
    }

    /// Growth of every leaf sector (pre-order) × quarter as the year stands, percent: the
    /// actual figure where one is reported (or reconciled from reported ones), the target
    /// elsewhere; 0 for a zero base. With [`Scenario::leaf_base_levels`] its weighted sum is
    /// [`Scenario::growth`] of the year, as [`Scenario::leaf_growth`]'s is the plan's.
    pub fn leaf_outturn_growth(&self) -> Array2<f64> {
        let base = self.leaf_base_levels();
        let levels = self.outturn_levels();
        Array2::from_shape_fn(base.dim(), |c| pct_or_zero(levels[c], base[c]))
    }

    /// Whether each leaf sector (pre-order) × quarter has an actual figure: a target there
    /// changes the plan, not the year as it stands.
    pub fn leaf_reported(&self) -> Array2<bool> {
        let n = self.tree().leaves().count();
        Array2::from_shape_fn((n, 4), |(i, q)| self.is_pinned(i, q))
    }

    /// The codes of the leaf sectors, in the order of [`Scenario::leaf_base_levels`].
    pub fn leaf_codes(&self) -> Vec<String> {
        self.tree()
            .leaves()
            .map(|i| self.tree().code(i).to_owned())
            .collect()
    }

    /// Target growth of a node in quarter `q` (1..=4), percent; 0 for a zero base.
    pub(crate) fn quarter_growth(&self, node: usize, q: usize) -> f64 {
        pct_or_zero(self.levels[[node, q - 1]], self.base_levels[[node, q - 1]])
    }

    /// Base (year before) level of a node over quarters `first..=last` (1-based).
    pub(crate) fn base_level(&self, node: usize, period: Period) -> f64 {
        (usize::from(period.first())..=usize::from(period.last()))
            .map(|q| self.base_levels[[node, q - 1]])
            .sum()
    }

    /// Projected level of a node over a period of the scenario year.
    pub(crate) fn target_level(&self, node: usize, period: Period) -> f64 {
        (usize::from(period.first())..=usize::from(period.last()))
            .map(|q| self.levels[[node, q - 1]])
            .sum()
    }

    /// Projected growth of a node over a period; 0 for a zero base (never NaN).
    pub(crate) fn growth_at(&self, node: usize, period: Period) -> f64 {
        pct_or_zero(
            self.target_level(node, period),
            self.base_level(node, period),
        )
    }
}
