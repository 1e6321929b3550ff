//! `Scenario` for Python: construction, projection, what-if; reports cross as the typed
//! classes of [`super::reports`].

use std::borrow::Cow;
use std::path::PathBuf;

use numpy::{
    IntoPyArray, PyArray1, PyArray2, PyArrayMethods, PyReadonlyArray1, PyReadonlyArray2,
    PyReadonlyArray3,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::contributions::Convention;
use crate::error::GrdpsimError;
use crate::lang::Lang;
use crate::reports::tracking::{tracking_report, TrackingCharts, TrackingOptions};
use crate::scenario::{
    batch, Actual, DerivationRule, GoalSeekBound, GoalSeekMode, GoalSeekOptions, Hold, Lock, Owner,
    PeriodRule, Policy, QuarterSpread, RequiredOptions, Scenario, Target, TreeRule,
};

use super::accounts::PyAccounts;
use super::disaggregation::PyNowcast;
use super::document::PyDocument;
use super::pickle::{pickled, Pickle};
use super::reports::{
    PyComparisonRow, PyConsistency, PyContributions, PyGap, PyRequiredGrowth, PySensitivityRow,
};

#[pyclass(name = "Scenario", module = "grdpsim._core", frozen)]
#[derive(Clone)]
pub struct PyScenario {
    pub inner: Scenario,
}

/// State: the scenario's compact JSON snapshot, base levels embedded.
impl Pickle for PyScenario {
    fn state<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyString::new(slf.py(), &slf.get().inner.to_snapshot()?).into_any())
    }

    fn from_state(state: &Bound<'_, PyAny>) -> PyResult<Self> {
        let snapshot: String = state.extract()?;
        let inner = state.py().detach(|| Scenario::from_snapshot(&snapshot))?;
        Ok(Self { inner })
    }
}
pickled!(PyScenario);

/// A goal seek's growth, period, feasibility, bound and its years, its status in English and
/// Vietnamese, the line of its `Display` (`repr(GoalSeek)`) and the scenario that holds it.
type GoalSeekFields = (
    f64,
    String,
    bool,
    f64,
    Option<String>,
    String,
    String,
    String,
    PyScenario,
);

fn rule(periods: &str, tree: &str) -> PyResult<DerivationRule> {
    Ok(DerivationRule {
        periods: periods.parse::<PeriodRule>()?,
        tree: tree.parse::<TreeRule>()?,
    })
}

fn targets(items: Vec<(String, String, f64)>) -> Vec<Target> {
    items
        .into_iter()
        .map(|(s, p, g)| Target::new(p, s, g))
        .collect()
}

fn actuals(growth: Vec<(String, String, f64)>, levels: Vec<(String, String, f64)>) -> Vec<Actual> {
    growth
        .into_iter()
        .map(|(s, p, g)| Actual::growth(p, s, g))
        .chain(levels.into_iter().map(|(s, p, x)| Actual::level(p, s, x)))
        .collect()
}

/// The arguments of `required_growth`, in order: target, policy, spread, locked, caps,
/// historical caps, elapsed quarters, tolerance, fractions ok.
type RequiredArgs = (
    Option<f64>,
    String,
    String,
    Vec<(String, Option<f64>)>,
    Vec<(String, Option<f64>)>,
    bool,
    Option<usize>,
    f64,
    bool,
);

/// The required growth's options from the arguments of `Scenario.required_growth`.
fn required_options(args: &RequiredArgs) -> PyResult<RequiredOptions> {
    let (target_pct, policy, spread, locked, caps, historical_caps, elapsed, tolerance_pp, ok) =
        args;
    let mut options = RequiredOptions::new(policy.parse::<Policy>()?)
        .spread(spread.parse::<QuarterSpread>()?)
        .tolerance(*tolerance_pp)
        .fractions_ok(*ok);
    if let Some(k) = elapsed {
        options = options.elapsed_quarters(*k);
    }
    if let Some(t) = target_pct {
        options = options.target(*t);
    }
    for (sector, growth) in locked {
        options = options.lock(sector, growth.map_or(Lock::AtPlan, Lock::AtGrowth));
    }
    for (sector, cap) in caps {
        options = options.cap(sector, *cap);
    }
    if *historical_caps {
        options = options.historical_caps();
    }
    Ok(options)
}

impl PyScenario {
    /// The sector asked for, the total when none is.
    fn sector<'a>(&'a self, sector: Option<&'a str>) -> &'a str {
        sector.unwrap_or_else(|| self.inner.tree().code(self.inner.tree().root()))
    }

    /// The scenario, accepting growth figures that all look like fractions for one call when
    /// `fractions_ok` (a copy only then).
    fn accepting(&self, fractions_ok: bool) -> Cow<'_, Scenario> {
        if fractions_ok && !self.inner.fractions_ok() {
            Cow::Owned(self.inner.clone().with_fractions_ok(true))
        } else {
            Cow::Borrowed(&self.inner)
        }
    }

    /// A what-if's result, keeping this scenario's own choice on fractions (a call's
    /// `fractions_ok` holds for that call only).
    fn derived(&self, sc: Scenario) -> Self {
        Self {
            inner: sc.with_fractions_ok(self.inner.fractions_ok()),
        }
    }
}

#[pymethods]
impl PyScenario {
    #[new]
    #[pyo3(signature = (base, year, targets, actual_growth, actual_levels, periods_rule="spread", tree_rule="inherit", name=None, fractions_ok=false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        base: &PyAccounts,
        year: i32,
        targets: Vec<(String, String, f64)>,
        actual_growth: Vec<(String, String, f64)>,
        actual_levels: Vec<(String, String, f64)>,
        periods_rule: &str,
        tree_rule: &str,
        name: Option<String>,
        fractions_ok: bool,
    ) -> PyResult<Self> {
        let mut b = Scenario::builder(base.inner.clone(), year)
            .targets(self::targets(targets))
            .actuals(actuals(actual_growth, actual_levels))
            .rule(rule(periods_rule, tree_rule)?)
            .fractions_ok(fractions_ok);
        if let Some(n) = name {
            b = b.name(n);
        }
        Ok(Self { inner: b.build()? })
    }

    /// What the scenario is, if named.
    #[getter]
    fn name(&self) -> Option<String> {
        self.inner.name().map(str::to_owned)
    }

    /// Notes that reports show, each as (English, Vietnamese).
    #[getter]
    fn notes(&self) -> Vec<(String, String)> {
        self.inner
            .notes()
            .iter()
            .map(|n| (n.text(Lang::En).to_owned(), n.text(Lang::Vi).to_owned()))
            .collect()
    }

    /// The root sector's code (GRDP or GDP).
    #[getter]
    fn root(&self) -> String {
        self.inner.tree().code(self.inner.tree().root()).to_owned()
    }

    /// Reads a scenario file without holding the GIL (a slow file, a FIFO, a network drive
    /// does not stop other Python threads).
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py.detach(|| Scenario::from_file(&path))?;
        Ok(Self { inner })
    }

    #[staticmethod]
    #[pyo3(signature = (path, sheet=None))]
    fn from_xlsx(py: Python<'_>, path: PathBuf, sheet: Option<String>) -> PyResult<Self> {
        let inner = py.detach(|| Scenario::from_xlsx(&path, sheet.as_deref()))?;
        Ok(Self { inner })
    }

    #[pyo3(signature = (path, lang=None))]
    fn write_xlsx(&self, py: Python<'_>, path: PathBuf, lang: Option<&str>) -> PyResult<()> {
        let lang = super::document::lang_or_session(py, lang)?;
        py.detach(|| self.inner.write_xlsx(&path, lang))?;
        Ok(())
    }

    #[staticmethod]
    #[pyo3(signature = (text, base_dir=None))]
    fn from_toml(text: &str, base_dir: Option<PathBuf>) -> PyResult<Self> {
        Ok(Self {
            inner: Scenario::from_toml_str(text, base_dir.as_deref())?,
        })
    }

    #[staticmethod]
    #[pyo3(signature = (text, base_dir=None))]
    fn from_json(text: &str, base_dir: Option<PathBuf>) -> PyResult<Self> {
        Ok(Self {
            inner: Scenario::from_json_str(text, base_dir.as_deref())?,
        })
    }

    fn to_toml(&self) -> PyResult<String> {
        Ok(self.inner.to_toml_string()?)
    }

    fn to_json(&self) -> PyResult<String> {
        Ok(self.inner.to_json_string()?)
    }

    fn to_file(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        Ok(py.detach(|| self.inner.to_file(&path))?)
    }

    #[getter]
    fn base(&self) -> PyAccounts {
        PyAccounts {
            inner: self.inner.base().clone(),
        }
    }

    /// Base year and scenario year as it stands (actuals where reported, targets elsewhere).
    #[getter]
    fn projected(&self) -> PyAccounts {
        PyAccounts {
            inner: self.inner.projected_accounts().clone(),
        }
    }

    /// Base year and scenario year under the targets alone.
    #[getter]
    fn planned(&self) -> PyAccounts {
        PyAccounts {
            inner: self.inner.planned_accounts().clone(),
        }
    }

    #[getter]
    fn year(&self) -> i32 {
        self.inner.year()
    }

    /// The derivation rule: (periods, tree).
    #[getter]
    fn rule(&self) -> (&'static str, &'static str) {
        let r = self.inner.rule();
        (
            match r.periods {
                PeriodRule::Spread => "spread",
                PeriodRule::Residual => "residual",
            },
            match r.tree {
                TreeRule::Inherit => "inherit",
                TreeRule::Residual => "residual",
            },
        )
    }

    /// Stated targets: (sector, period, growth).
    #[getter]
    fn targets(&self) -> Vec<(String, String, f64)> {
        self.inner
            .targets()
            .into_iter()
            .map(|t| (t.sector, t.period, t.growth_pct))
            .collect()
    }

    /// Who answers for the targets: (sector, period or None, department, deadline or None).
    #[getter]
    fn owners(&self) -> Vec<(String, Option<String>, String, Option<String>)> {
        self.inner
            .owners()
            .into_iter()
            .map(|o| (o.sector, o.period, o.department, o.deadline))
            .collect()
    }

    /// The same scenario with these owners added: (sector, period or None, department,
    /// deadline or None).
    fn with_owners(
        &self,
        owners: Vec<(String, Option<String>, String, Option<String>)>,
    ) -> PyResult<Self> {
        let owners = owners
            .into_iter()
            .map(|(sector, period, department, deadline)| Owner {
                sector,
                period,
                department,
                deadline,
            });
        Ok(Self {
            inner: self.inner.with_owners(owners)?,
        })
    }

    /// Stated actuals: (sector, period, "growth" | "level", value, provisional).
    #[getter]
    fn actuals(&self) -> Vec<(String, String, &'static str, f64, bool)> {
        self.inner
            .actuals()
            .into_iter()
            .map(|a| {
                let (kind, v) = match a.value {
                    crate::scenario::ActualValue::GrowthPct(g) => ("growth", g),
                    crate::scenario::ActualValue::Level(x) => ("level", x),
                };
                (a.sector, a.period, kind, v, a.provisional)
            })
            .collect()
    }

    #[getter]
    fn annual_target_pct(&self) -> f64 {
        self.inner.annual_target_pct()
    }

    /// A sector's annual target: stated, else implied by its quarterly targets.
    fn sector_annual_target_pct(&self, sector: &str) -> PyResult<f64> {
        Ok(self.inner.sector_annual_target_pct(sector)?)
    }

    /// Whether growth figures that all lie below 1 in absolute value are accepted.
    #[getter]
    fn fractions_ok(&self) -> bool {
        self.inner.fractions_ok()
    }

    /// The same scenario, accepting (or not) figures that all look like fractions.
    fn with_fractions_ok(&self, ok: bool) -> Self {
        Self {
            inner: self.inner.clone().with_fractions_ok(ok),
        }
    }

    #[getter]
    fn elapsed_quarters(&self) -> usize {
        self.inner.elapsed_quarters()
    }

    #[getter]
    fn leaf_codes(&self) -> Vec<String> {
        self.inner.leaf_codes()
    }

    /// Leaf sectors × 4 quarters of the base year.
    fn leaf_base_levels<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<f64>> {
        self.inner.leaf_base_levels().into_pyarray(py)
    }

    /// Leaf sectors × 4 quarters: the derived quarterly targets, percent.
    fn leaf_growth<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<f64>> {
        self.inner.leaf_growth().into_pyarray(py)
    }

    /// Leaf sectors × 4 quarters: growth as the year stands, percent.
    fn leaf_outturn_growth<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<f64>> {
        self.inner.leaf_outturn_growth().into_pyarray(py)
    }

    /// Leaf sectors × 4 quarters: whether each has an actual figure.
    fn leaf_reported<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<bool>> {
        self.inner.leaf_reported().into_pyarray(py)
    }

    fn growth(&self, sector: Option<&str>, period: &str) -> PyResult<f64> {
        Ok(self.inner.growth(period, self.sector(sector))?)
    }

    fn target_growth(&self, sector: Option<&str>, period: &str) -> PyResult<f64> {
        Ok(self.inner.target_growth(period, self.sector(sector))?)
    }

    fn level(&self, sector: Option<&str>, period: &str) -> PyResult<f64> {
        Ok(self.inner.level(period, self.sector(sector))?)
    }

    fn target_level(&self, sector: Option<&str>, period: &str) -> PyResult<f64> {
        Ok(self.inner.target_level_of(period, self.sector(sector))?)
    }

    /// `actual`, `estimated`, `partly_reported` or `target`.
    fn source(&self, sector: Option<&str>, period: &str) -> PyResult<&'static str> {
        Ok(self.inner.source(period, self.sector(sector))?.label())
    }

    fn actual_growth(&self, sector: Option<&str>, period: &str) -> PyResult<Option<f64>> {
        Ok(self.inner.actual_growth(period, self.sector(sector))?)
    }

    fn contributions(&self, period: &str, convention: &str) -> PyResult<PyContributions> {
        let conv: Convention = convention.parse()?;
        Ok(PyContributions::from(
            &self.inner.contributions(period, conv)?,
        ))
    }

    fn target_contributions(&self, period: &str, convention: &str) -> PyResult<PyContributions> {
        let conv: Convention = convention.parse()?;
        Ok(PyContributions::from(
            &self.inner.target_contributions(period, conv)?,
        ))
    }

    fn consistency(&self) -> PyConsistency {
        PyConsistency::from(&self.inner.consistency())
    }

    fn gap(&self, period: &str) -> PyResult<PyGap> {
        Ok(PyGap::from(&self.inner.gap(period)?))
    }

    /// `locked`: (sector, growth or None for "at plan"); `caps`: (sector, cap or None for the
    /// historical maximum). Returns the report and the line of its `Display`
    /// (`repr(RequiredGrowth)`).
    #[pyo3(signature = (target_pct, policy, spread, locked, caps, historical_caps, elapsed_quarters=None, tolerance_pp=0.005, fractions_ok=false))]
    #[allow(clippy::too_many_arguments)]
    fn required_growth(
        &self,
        target_pct: Option<f64>,
        policy: &str,
        spread: &str,
        locked: Vec<(String, Option<f64>)>,
        caps: Vec<(String, Option<f64>)>,
        historical_caps: bool,
        elapsed_quarters: Option<usize>,
        tolerance_pp: f64,
        fractions_ok: bool,
    ) -> PyResult<(PyRequiredGrowth, String)> {
        let options = required_options(&(
            target_pct,
            policy.to_owned(),
            spread.to_owned(),
            locked,
            caps,
            historical_caps,
            elapsed_quarters,
            tolerance_pp,
            fractions_ok,
        ))?;
        let r = self.inner.required_growth(&options)?;
        Ok((PyRequiredGrowth::from(&r), r.to_string()))
    }

    /// The tracking report in `lang` (`grdpsim.report.tracking_report`), built by the core;
    /// `charts` the SVG markup of the gap, required-growth and quarters charts, if any;
    /// `required` the arguments of `required_growth`, in order.
    fn tracking_report(
        &self,
        py: Python<'_>,
        lang: Option<&str>,
        charts: Option<(String, String, String)>,
        required: RequiredArgs,
    ) -> PyResult<PyDocument> {
        let required = required_options(&required)?;
        let mut options =
            TrackingOptions::new(super::document::lang_or_session(py, lang)?).required(required);
        if let Some((gap, required, quarters)) = charts {
            options = options.charts(TrackingCharts {
                gap,
                required,
                quarters,
            });
        }
        let inner = py.detach(|| tracking_report(&self.inner, &options))?;
        Ok(PyDocument { inner })
    }

    #[pyo3(signature = (targets, hold="quarters", fractions_ok=false))]
    fn with_targets(
        &self,
        targets: Vec<(String, String, f64)>,
        hold: &str,
        fractions_ok: bool,
    ) -> PyResult<Self> {
        let hold: Hold = hold.parse()?;
        let sc = self
            .accepting(fractions_ok)
            .with_targets_holding(&self::targets(targets), hold)?;
        Ok(self.derived(sc))
    }

    #[pyo3(signature = (growth, levels, provisional=false, fractions_ok=false))]
    fn with_actuals(
        &self,
        growth: Vec<(String, String, f64)>,
        levels: Vec<(String, String, f64)>,
        provisional: bool,
        fractions_ok: bool,
    ) -> PyResult<Self> {
        let mut given = actuals(growth, levels);
        if provisional {
            given = given.into_iter().map(Actual::as_provisional).collect();
        }
        let sc = self.accepting(fractions_ok).with_actuals(&given)?;
        Ok(self.derived(sc))
    }

    /// A new scenario with a nowcast as the provisional actual of `sector` over `period`.
    fn with_nowcast(
        &self,
        sector: Option<&str>,
        period: &str,
        nowcast: &PyNowcast,
    ) -> PyResult<Self> {
        let sector = self.sector(sector);
        let a = Actual::estimate(period, sector, nowcast.growth_on_year_pct, nowcast.level);
        Ok(Self {
            inner: self.inner.with_computed_actuals(&[a])?,
        })
    }

    fn is_provisional(&self, sector: Option<&str>, period: &str) -> PyResult<bool> {
        Ok(self.inner.is_provisional(period, self.sector(sector))?)
    }

    fn compare(&self, other: &Self) -> PyResult<Vec<PyComparisonRow>> {
        Ok(self
            .inner
            .compare(&other.inner)?
            .rows
            .iter()
            .map(PyComparisonRow::from)
            .collect())
    }

    fn sensitivity(&self) -> PyResult<Vec<PySensitivityRow>> {
        Ok(self
            .inner
            .sensitivity()?
            .rows
            .iter()
            .map(PySensitivityRow::from)
            .collect())
    }

    /// `cap`: None for the plausible bound, a figure, or the historical maximum
    /// (`historical_cap`). Returns (growth of `sector` in each quarter it applies to, those
    /// quarters, feasible, bound, bound years, status, status in Vietnamese, the line of its
    /// `Display`, the scenario with it).
    #[pyo3(signature = (sector, annual_grdp_pct, mode="tracking", cap=None, historical_cap=false, fractions_ok=false))]
    fn goal_seek(
        &self,
        sector: &str,
        annual_grdp_pct: f64,
        mode: &str,
        cap: Option<f64>,
        historical_cap: bool,
        fractions_ok: bool,
    ) -> PyResult<GoalSeekFields> {
        let bound = match (cap, historical_cap) {
            (Some(_), true) => {
                return Err(GrdpsimError::invalid_argument(
                    "cap",
                    "a figure or the historical maximum, not both",
                )
                .into())
            }
            (Some(c), false) => GoalSeekBound::Cap(c),
            (None, true) => GoalSeekBound::Historical,
            (None, false) => GoalSeekBound::Plausible,
        };
        let options = GoalSeekOptions::mode(mode.parse::<GoalSeekMode>()?)
            .bound(bound)
            .fractions_ok(fractions_ok);
        let g = self
            .inner
            .goal_seek_with(sector, annual_grdp_pct, &options)?;
        let (en, vi) = (g.status_in(Lang::En), g.status_in(Lang::Vi));
        let line = g.to_string();
        Ok((
            g.growth_pct,
            g.period,
            g.feasible,
            g.bound_pct,
            g.bound_years,
            en,
            vi,
            line,
            Self { inner: g.scenario },
        ))
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.inner == other.inner
    }

    fn __repr__(&self) -> String {
        let name = self
            .inner
            .name()
            .map_or_else(String::new, |n| format!("{n:?}, "));
        format!(
            "Scenario({name}year={}, root={:?}, targets={}, actuals={}, annual_target={:.2}%)",
            self.inner.year(),
            self.inner.tree().code(0),
            self.inner.targets().len(),
            self.inner.actuals().len(),
            self.inner.annual_target_pct()
        )
    }
}

/// An array the core reads as f64 values must be aligned for them (numpy allows views at any
/// byte offset; `grdpsim.batch` passes aligned copies, a direct caller may not).
fn aligned<T>(
    name: &str,
    array: &Bound<'_, numpy::PyArray<T, impl ndarray::Dimension>>,
) -> PyResult<()>
where
    T: numpy::Element,
{
    if array.data().align_offset(std::mem::align_of::<T>()) == 0 {
        return Ok(());
    }
    Err(GrdpsimError::invalid_argument(
        name,
        "is not aligned for float64 values (a view at an odd byte offset); pass a copy, e.g. numpy.require(a, requirements='CA')",
    )
    .into())
}

/// Unless `fractions_ok`: growth rates that all look like fractions are refused.
fn percent(growth: ndarray::ArrayView3<'_, f64>, fractions_ok: bool) -> PyResult<()> {
    if !fractions_ok {
        batch::check_not_fractions(growth, &[])?;
    }
    Ok(())
}

/// Annual GRDP growth of each of N variants (N × sectors × 4 growth rates), percent, into
/// `out` (N values, every one written) when given.
#[pyfunction]
#[pyo3(signature = (base, growth, out=None, fractions_ok=false))]
fn batch_annual_growth<'py>(
    py: Python<'py>,
    base: PyReadonlyArray2<'py, f64>,
    growth: PyReadonlyArray3<'py, f64>,
    out: Option<Bound<'py, PyArray1<f64>>>,
    fractions_ok: bool,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    aligned("base", &*base)?;
    aligned("growth", &*growth)?;
    let (base, growth) = (base.as_array(), growth.as_array());
    percent(growth, fractions_ok)?;
    let Some(out) = out else {
        let fresh = py.detach(|| batch::annual_growth(base, growth))?;
        return Ok(fresh.into_pyarray(py));
    };
    aligned("out", &out)?;
    let mut rw = out.try_readwrite()?;
    let slice = rw.as_slice_mut().map_err(|_| {
        GrdpsimError::invalid_argument("out", "must be a C-contiguous float64 array")
    })?;
    py.detach(|| batch::annual_growth_into(base, growth, slice))?;
    drop(rw);
    Ok(out)
}

/// GRDP gap (N) and sector gaps (N × sectors).
type GapArrays<'py> = (Bound<'py, PyArray1<f64>>, Bound<'py, PyArray2<f64>>);

/// The gap of N variants against actual levels over Q1..Qk: (GRDP gap, sector gaps N × S).
#[pyfunction]
#[pyo3(signature = (base, growth, elapsed_quarters, actual_levels, fractions_ok=false))]
fn batch_gap<'py>(
    py: Python<'py>,
    base: PyReadonlyArray2<'py, f64>,
    growth: PyReadonlyArray3<'py, f64>,
    elapsed_quarters: usize,
    actual_levels: PyReadonlyArray1<'py, f64>,
    fractions_ok: bool,
) -> PyResult<GapArrays<'py>> {
    aligned("base", &*base)?;
    aligned("growth", &*growth)?;
    aligned("actual_levels", &*actual_levels)?;
    let (base, growth, actual) = (base.as_array(), growth.as_array(), actual_levels.as_array());
    percent(growth, fractions_ok)?;
    let g = py.detach(|| batch::gap(base, growth, elapsed_quarters, actual))?;
    Ok((g.grdp_pp.into_pyarray(py), g.by_sector_pp.into_pyarray(py)))
}

/// Required growth of N variants with locks and caps (water-filling per variant).
///
/// `locks[s]`: NaN = free, +inf = at plan, else locked at that growth; `caps[s]`: NaN = none.
/// `allocation`: whether to return the N × sectors allocation; `out`: a C-contiguous float64
/// N × sectors array to write it into (returned as `allocation_pct`, no new matrix).
/// Returns a dict of numpy arrays.
#[pyfunction]
#[pyo3(signature = (base, growth, elapsed_quarters, actual_elapsed_level, target_pct, policy, locks, caps, allocation=true, out=None, sectors=Vec::new(), fractions_ok=false))]
#[allow(clippy::too_many_arguments)]
fn batch_required_growth<'py>(
    py: Python<'py>,
    base: PyReadonlyArray2<'py, f64>,
    growth: PyReadonlyArray3<'py, f64>,
    elapsed_quarters: usize,
    actual_elapsed_level: f64,
    target_pct: f64,
    policy: &str,
    locks: PyReadonlyArray1<'py, f64>,
    caps: PyReadonlyArray1<'py, f64>,
    allocation: bool,
    out: Option<Bound<'py, PyArray2<f64>>>,
    sectors: Vec<String>,
    fractions_ok: bool,
) -> PyResult<Bound<'py, PyDict>> {
    aligned("base", &*base)?;
    aligned("growth", &*growth)?;
    aligned("locks", &*locks)?;
    aligned("caps", &*caps)?;
    let spec = batch::BatchRequiredSpec {
        elapsed_quarters,
        actual_elapsed_level,
        target_pct,
        policy: policy.parse()?,
        locks: locks
            .as_array()
            .iter()
            .map(|&l| {
                if l.is_nan() {
                    None
                } else if l == f64::INFINITY {
                    Some(Lock::AtPlan)
                } else {
                    Some(Lock::AtGrowth(l))
                }
            })
            .collect(),
        caps: caps
            .as_array()
            .iter()
            .map(|&c| (!c.is_nan()).then_some(c))
            .collect(),
        sectors,
        fractions_ok,
    };
    let (base, growth) = (base.as_array(), growth.as_array());
    let (n, s) = (growth.dim().0, base.nrows());
    let alloc = match (&out, allocation) {
        (Some(o), true) if o.dims() == [n, s] => {
            aligned("out", o)?;
            Some(o.clone())
        }
        (Some(_), true) => {
            return Err(GrdpsimError::invalid_argument(
                "out",
                format!("expected shape ({n}, {s}), one row per variant"),
            )
            .into())
        }
        (Some(_), false) => {
            return Err(GrdpsimError::invalid_argument("out", "given with allocation=False").into())
        }
        (None, true) => Some(PyArray2::<f64>::zeros(py, [n, s], false)),
        (None, false) => None,
    };
    let mut alloc_rw = alloc
        .as_ref()
        .map(PyArrayMethods::try_readwrite)
        .transpose()?;
    let alloc_slice = match alloc_rw.as_mut() {
        Some(a) => Some(a.as_slice_mut().map_err(|_| {
            GrdpsimError::invalid_argument("out", "must be a C-contiguous float64 array")
        })?),
        None => None,
    };
    let mut rise = vec![0.0; n];
    let mut feasible = vec![false; n];
    let mut reached = vec![0.0; n];
    let mut max_reach = vec![0.0; n];
    let grdp_pct = py.detach(|| {
        batch::required_growth_into(
            base,
            growth,
            &spec,
            batch::BatchRequiredOut {
                rise: &mut rise,
                feasible: &mut feasible,
                reached_pct: &mut reached,
                max_reachable_pct: &mut max_reach,
                allocation_pct: alloc_slice,
            },
        )
    })?;
    drop(alloc_rw);
    let d = PyDict::new(py);
    d.set_item("grdp_pct", grdp_pct)?;
    d.set_item("rise", rise.into_pyarray(py))?;
    d.set_item("feasible", feasible.into_pyarray(py))?;
    d.set_item("reached_pct", reached.into_pyarray(py))?;
    d.set_item("max_reachable_pct", max_reach.into_pyarray(py))?;
    if let Some(a) = alloc {
        d.set_item("allocation_pct", a)?;
    }
    Ok(d)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyScenario>()?;
    m.add_function(wrap_pyfunction!(batch_annual_growth, m)?)?;
    m.add_function(wrap_pyfunction!(batch_gap, m)?)?;
    m.add_function(wrap_pyfunction!(batch_required_growth, m)?)
}
