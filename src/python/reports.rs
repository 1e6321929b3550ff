//! The scenario's reports as Python objects: one `#[pyclass(frozen, get_all)]` per report type
//! of the core, field for field, so that `mypy.stubtest` sees every field and a renamed one
//! fails the stub check. Each class lists its fields in order (`FIELDS`): the columns of the
//! table the Python package builds (in `grdpsim._frames`, the one place `DataFrame`s are made).

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::error::GrdpsimError;

use crate::contributions::{ContributionRow, Contributions, Convention};
use crate::period::Period;
use crate::scenario::{
    ComparisonRow, Consistency, ConsistencyRow, DerivationRule, Feasibility, Gap, GapRow,
    GapRowKind, Policy, QuarterGrowth, QuarterSpread, RequiredGrowth, SectorRequirement,
    SensitivityRow, Source, TargetSource,
};

/// A pickled report whose state does not hold its fields.
fn state_error(class: &str, expected: usize, got: usize) -> PyErr {
    GrdpsimError::invalid_argument(
        "state",
        format!("a {class} is restored from its {expected} fields, got {got}"),
    )
    .into()
}

/// A core value as the Python report holds it.
trait Mirror<T> {
    fn mirror(&self) -> T;
}

/// Plain values are held as they are.
macro_rules! as_is {
    ($($t:ty),*) => {
        $(impl Mirror<$t> for $t {
            fn mirror(&self) -> $t {
                self.clone()
            }
        })*
    };
}

as_is!(f64, bool, usize, String, Option<f64>, Option<String>);

impl<Core, Py> Mirror<Vec<Py>> for Vec<Core>
where
    Core: Mirror<Py>,
{
    fn mirror(&self) -> Vec<Py> {
        self.iter().map(Mirror::mirror).collect()
    }
}

impl Mirror<String> for GapRowKind {
    fn mirror(&self) -> String {
        match self {
            Self::Sector => "sector",
            Self::Inconsistency => "inconsistency",
        }
        .into()
    }
}

impl Mirror<String> for TargetSource {
    fn mirror(&self) -> String {
        self.label().into()
    }
}

/// An inconsistency row's actual has no outturn source: it is implied by the targets.
impl Mirror<String> for Option<Source> {
    fn mirror(&self) -> String {
        self.map_or("implied", Source::label).into()
    }
}

impl Mirror<String> for Policy {
    fn mirror(&self) -> String {
        self.label().into()
    }
}

impl Mirror<String> for QuarterSpread {
    fn mirror(&self) -> String {
        match self {
            Self::Same => "same",
            Self::KeepProfile => "keep_profile",
        }
        .into()
    }
}

impl Mirror<String> for DerivationRule {
    fn mirror(&self) -> String {
        self.to_string()
    }
}

impl Mirror<String> for Period {
    fn mirror(&self) -> String {
        self.to_string()
    }
}

impl Mirror<String> for Convention {
    fn mirror(&self) -> String {
        self.label().into()
    }
}

/// Whether a required growth reaches its target (`RequiredGrowthReport.feasibility`): the
/// core's typed value, its figures as attributes, written per language by `text(lang)`.
#[pyclass(
    name = "Feasibility",
    module = "grdpsim._core",
    frozen,
    eq,
    from_py_object
)]
#[derive(Clone, PartialEq)]
pub struct PyFeasibility {
    pub inner: Feasibility,
}

impl Mirror<PyFeasibility> for Feasibility {
    fn mirror(&self) -> PyFeasibility {
        PyFeasibility { inner: *self }
    }
}

#[pymethods]
impl PyFeasibility {
    /// `feasible`, `within_tolerance` or `not_feasible`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind()
    }

    /// Whether the target is reached (within the tolerance).
    #[getter]
    fn feasible(&self) -> bool {
        self.inner.is_feasible()
    }

    /// One sentence in `lang` (the session's language when None).
    #[pyo3(signature = (lang=None))]
    fn text(&self, py: Python<'_>, lang: Option<&str>) -> PyResult<String> {
        Ok(self.inner.text(super::document::lang_or_session(py, lang)?))
    }

    fn __repr__(&self) -> String {
        format!("Feasibility({:?})", self.inner.text(crate::lang::Lang::En))
    }
}

// State: the value as JSON.
super::pickle::pickled_as_json!(inner of PyFeasibility);

/// A report class mirroring a core struct, its `From` conversion and its `FIELDS`.
macro_rules! report {
    ($(#[$doc:meta])* $py:ident as $name:literal from $core:ty {
        $($field:ident: $ty:ty),* $(,)?
    }) => {
        $(#[$doc])*
        #[pyclass(name = $name, module = "grdpsim._core", frozen, get_all, from_py_object)]
        #[derive(Clone)]
        pub struct $py {
            $(pub $field: $ty),*
        }

        impl From<&$core> for $py {
            fn from(c: &$core) -> Self {
                Self {
                    $($field: Mirror::<$ty>::mirror(&c.$field)),*
                }
            }
        }

        impl Mirror<$py> for $core {
            fn mirror(&self) -> $py {
                $py::from(self)
            }
        }

        #[pymethods]
        impl $py {
            /// The fields, in order: the columns of the table built from these rows.
            #[classattr]
            #[allow(non_snake_case)]
            fn FIELDS() -> Vec<&'static str> {
                vec![$(stringify!($field)),*]
            }
        }

        /// State: the fields, in order.
        impl super::pickle::Pickle for $py {
            fn state<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
                Ok(PyTuple::new(slf.py(), [$(slf.getattr(stringify!($field))?),*])?.into_any())
            }

            fn from_state(state: &Bound<'_, PyAny>) -> PyResult<Self> {
                let state = state.cast::<PyTuple>()?;
                let names = [$(stringify!($field)),*];
                if state.len() != names.len() {
                    return Err(state_error($name, names.len(), state.len()));
                }
                let mut items = state.iter();
                let mut next = || items.next().ok_or_else(|| state_error($name, names.len(), 0));
                Ok(Self {
                    $($field: next()?.extract()?),*
                })
            }
        }
        super::pickle::pickled!($py);
    };
}

report! {
    /// One row of the gap table (see `Scenario.gap`).
    PyGapRow as "GapRow" from GapRow {
        label: String,
        sector: String,
        kind: String,
        target_pct: f64,
        target_source: String,
        actual_pct: f64,
        actual_source: String,
        provisional: bool,
        gap_pct: f64,
        target_contribution_pp: f64,
        actual_contribution_pp: f64,
        gap_pp: f64,
    }
}

report! {
    /// The gap over one period.
    PyGap as "Gap" from Gap {
        period: String,
        rows: Vec<PyGapRow>,
    }
}

report! {
    /// Implied against stated target for one sector and period.
    PyConsistencyRow as "ConsistencyRow" from ConsistencyRow {
        sector: String,
        period: String,
        stated_pct: Option<f64>,
        implied_pct: f64,
        difference_pp: Option<f64>,
        consistent: bool,
    }
}

report! {
    /// The consistency report.
    PyConsistency as "Consistency" from Consistency {
        rule: String,
        tolerance_pp: f64,
        rows: Vec<PyConsistencyRow>,
    }
}

report! {
    /// Growth in one quarter.
    PyQuarterGrowth as "QuarterGrowth" from QuarterGrowth {
        period: String,
        growth_pct: f64,
    }
}

report! {
    /// One sector's requirement over the remaining quarters.
    PySectorRequirement as "SectorRequirement" from SectorRequirement {
        sector: String,
        is_leaf: bool,
        planned_pct: f64,
        required_pct: f64,
        rise_pp: f64,
        by_quarter: Vec<PyQuarterGrowth>,
        annual_target_pct: f64,
        plan_difference_pp: Option<f64>,
        own_required_pct: Option<f64>,
        annual_pct: Option<f64>,
        locked: bool,
        capped: bool,
        cap_pct: Option<f64>,
        capped_below_plan: bool,
    }
}

report! {
    /// The growth required in the remaining quarters.
    PyRequiredGrowth as "RequiredGrowthReport" from RequiredGrowth {
        target_pct: f64,
        elapsed_quarters: usize,
        remaining: String,
        grdp_pct: f64,
        by_quarter: Vec<PyQuarterGrowth>,
        by_sector: Vec<PySectorRequirement>,
        feasible: bool,
        max_reachable_pct: Option<f64>,
        reached_pct: f64,
        shortfall_pp: f64,
        tolerance_pp: f64,
        capped_below_plan: Vec<String>,
        cap_years: Option<String>,
        reported: Vec<String>,
        feasibility: PyFeasibility,
        rise: f64,
        policy: String,
        spread: String,
    }
}

report! {
    /// One sector and period in two scenarios.
    PyComparisonRow as "ComparisonRow" from ComparisonRow {
        sector: String,
        period: String,
        this_pct: f64,
        other_pct: f64,
        difference_pp: f64,
        contribution_difference_pp: f64,
        this_outturn_pct: f64,
        other_outturn_pct: f64,
    }
}

report! {
    /// Points of annual GRDP growth per point of one target.
    PySensitivityRow as "SensitivityRow" from SensitivityRow {
        sector: String,
        period: String,
        pp_per_pp: f64,
    }
}

report! {
    /// One sector's growth, weight and contribution.
    PyContributionRow as "ContributionRow" from ContributionRow {
        sector: String,
        growth_pct: f64,
        weight_pct: f64,
        contribution_pp: f64,
        share_pct: Option<f64>,
    }
}

report! {
    /// Contributions over one period, in one convention; the total beside the sectors.
    PyContributions as "Contributions" from Contributions {
        period: String,
        convention: String,
        rows: Vec<PyContributionRow>,
        total: PyContributionRow,
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyContributionRow>()?;
    m.add_class::<PyContributions>()?;
    m.add_class::<PyGapRow>()?;
    m.add_class::<PyGap>()?;
    m.add_class::<PyConsistencyRow>()?;
    m.add_class::<PyConsistency>()?;
    m.add_class::<PyQuarterGrowth>()?;
    m.add_class::<PySectorRequirement>()?;
    m.add_class::<PyFeasibility>()?;
    m.add_class::<PyRequiredGrowth>()?;
    m.add_class::<PyComparisonRow>()?;
    m.add_class::<PySensitivityRow>()
}
