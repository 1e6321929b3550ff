//! `Uncertainty` and the probability report for Python: typed report objects (no JSON), the
//! pandas objects are built in `grdpsim/probability.py`.

use numpy::{IntoPyArray, PyArray2, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde::{Deserialize, Serialize};

use crate::error::GrdpsimError;
use crate::lang::Lang;
use crate::probability::{self as core, monte_carlo, Distribution, Method, Options, LEVELS};
use crate::scenario::Scenario;
use crate::uncertainty::{history, Correlation, Sd, Uncertainty};

use super::accounts::PyAccounts;
use super::pickle::{pickled, pickled_as_json, Pickle};
use super::scenario::PyScenario;

/// How each remaining sector-quarter's growth may deviate from its target (pp).
#[pyclass(name = "Uncertainty", module = "grdpsim._core", frozen)]
#[derive(Clone)]
pub struct PyUncertainty {
    pub inner: Uncertainty,
}

fn naive(method: &str, years: usize) -> PyResult<history::NaiveForecast> {
    Ok(history::NaiveForecast::parse(method, years)?)
}

fn deviations(
    accounts: &PyAccounts,
    since: Option<i32>,
    method: &str,
    years: usize,
) -> PyResult<history::Deviations> {
    Ok(history::deviations(
        &accounts.inner,
        since,
        naive(method, years)?,
    )?)
}

#[pymethods]
impl PyUncertainty {
    /// A parametric model: `shape` is `normal`, `student_t` or `two_piece`; `sd` a scalar or
    /// `sd_by_sector`; `corr` a matrix over `corr_sectors`, or the base's history.
    #[staticmethod]
    #[pyo3(signature = (shape, sd, sd_by_sector, corr_sectors, corr_matrix, corr_history, ar, df=None, skew=None))]
    #[allow(clippy::too_many_arguments)]
    fn parametric(
        shape: &str,
        sd: Option<f64>,
        sd_by_sector: Option<Vec<(String, f64)>>,
        corr_sectors: Option<Vec<String>>,
        corr_matrix: Option<PyReadonlyArray2<'_, f64>>,
        corr_history: bool,
        ar: f64,
        df: Option<f64>,
        skew: Option<f64>,
    ) -> PyResult<Self> {
        let sd = match (sd, sd_by_sector) {
            (Some(v), None) => Sd::Scalar(v),
            (None, Some(items)) => Sd::PerSector(items),
            _ => {
                return Err(GrdpsimError::invalid_argument(
                    "sd",
                    "give one sd for every sector or one per sector",
                )
                .into())
            }
        };
        let corr = match (corr_sectors, corr_matrix, corr_history) {
            (_, _, true) => Correlation::History,
            (Some(s), Some(m), false) => Correlation::matrix(s, m.as_array().to_owned())?,
            _ => Correlation::Independent,
        };
        let inner = match shape {
            "normal" => Uncertainty::normal(sd, corr, ar)?,
            "student_t" => Uncertainty::student_t(sd, df.unwrap_or(f64::NAN), corr, ar)?,
            "two_piece" => Uncertainty::two_piece(sd, skew.unwrap_or(f64::NAN), corr, ar)?,
            other => {
                return Err(GrdpsimError::UnknownOption {
                    option: "shape".into(),
                    value: other.into(),
                    expected: "normal, student_t, two_piece".into(),
                }
                .into())
            }
        };
        Ok(Self { inner })
    }

    /// A joint block bootstrap of the accounts' historical deviations.
    #[staticmethod]
    #[pyo3(signature = (accounts, block=4, since=None, method="mean", years=3))]
    fn bootstrap(
        accounts: &PyAccounts,
        block: usize,
        since: Option<i32>,
        method: &str,
        years: usize,
    ) -> PyResult<Self> {
        Ok(Self {
            inner: Uncertainty::bootstrap(deviations(accounts, since, method, years)?, block)?,
        })
    }

    /// The normal model calibrated on the accounts' historical deviations.
    #[staticmethod]
    #[pyo3(signature = (accounts, since=None, method="mean", years=3))]
    fn from_history(
        accounts: &PyAccounts,
        since: Option<i32>,
        method: &str,
        years: usize,
    ) -> PyResult<Self> {
        Ok(Self {
            inner: Uncertainty::from_history(&deviations(accounts, since, method, years)?)?,
        })
    }

    /// One line naming the model, in `en` or `vi`.
    #[pyo3(signature = (lang="en"))]
    fn describe(&self, lang: &str) -> PyResult<String> {
        Ok(self.inner.describe_in(lang.parse()?))
    }

    /// The model of the `[uncertainty]` section of TOML `text`, named `source_name` in errors.
    #[staticmethod]
    #[pyo3(signature = (text, source_name="uncertainty (TOML)"))]
    fn from_toml(text: &str, source_name: &str) -> PyResult<Self> {
        Ok(Self {
            inner: Uncertainty::from_toml_str(text, source_name)?,
        })
    }

    /// The model of the `[uncertainty]` section of the TOML file at `path`.
    #[staticmethod]
    fn from_file(path: std::path::PathBuf) -> PyResult<Self> {
        Ok(Self {
            inner: Uncertainty::from_file(path)?,
        })
    }

    /// The model as an uncertainty file's text.
    fn to_toml(&self) -> PyResult<String> {
        Ok(self.inner.to_toml_string()?)
    }

    /// Writes the model as an uncertainty file at `path`, atomically.
    fn to_file(&self, path: std::path::PathBuf) -> PyResult<()> {
        Ok(self.inner.to_file(path)?)
    }

    /// The naive forecast the model was calibrated on (`same_quarter`, `mean`,
    /// `within_year`), None for a model stated by hand.
    #[getter]
    fn forecast(&self) -> Option<&'static str> {
        self.inner.forecast().map(history::NaiveForecast::name)
    }

    #[getter]
    fn calibration(&self) -> Option<String> {
        self.inner.calibration().map(str::to_owned)
    }

    #[getter]
    fn ar(&self) -> f64 {
        self.inner.ar()
    }

    /// The model's sd per sector (`{"*": sd}` when one sd holds for all; empty for a
    /// bootstrap).
    #[getter]
    fn sd(&self) -> Vec<(String, f64)> {
        match (self.inner.shape(), self.inner.sd()) {
            (crate::uncertainty::Shape::Bootstrap { .. }, _) => Vec::new(),
            (_, Sd::Scalar(v)) => vec![("*".to_owned(), *v)],
            (_, Sd::PerSector(items)) => items.clone(),
        }
    }

    /// The quantile at `p` of one cell's deviation for a sector of standard deviation `sd`.
    fn marginal_ppf(&self, p: f64, sd: f64) -> PyResult<f64> {
        Ok(self.inner.marginal_ppf(p, sd)?)
    }

    fn __repr__(&self) -> String {
        format!("Uncertainty({})", self.inner.describe())
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

/// State: the model's JSON snapshot (a bootstrap's history included).
impl Pickle for PyUncertainty {
    fn state<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyString::new(slf.py(), &slf.get().inner.to_snapshot()?).into_any())
    }

    fn from_state(state: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self {
            inner: Uncertainty::from_snapshot(&state.extract::<String>()?)?,
        })
    }
}
pickled!(PyUncertainty);

/// The distribution of annual GRDP growth: normal (analytic) or a histogram (Monte Carlo).
#[pyclass(name = "AnnualDistribution", module = "grdpsim._core", frozen)]
#[derive(Clone, Serialize, Deserialize)]
// The only unsafe code here is pyo3's generated glue; deserializing builds plain values.
#[allow(clippy::unsafe_derive_deserialize)]
pub struct PyAnnualDistribution {
    inner: Distribution,
}

#[pymethods]
impl PyAnnualDistribution {
    /// P(growth ≤ x), for `x` a number (±∞ included), not NaN.
    fn cdf(&self, x: f64) -> PyResult<f64> {
        if x.is_nan() {
            return Err(GrdpsimError::invalid_argument("x", "NaN is not a growth rate").into());
        }
        Ok(self.inner.cdf(x))
    }

    /// The quantile at probability `p` in (0, 1).
    fn ppf(&self, p: f64) -> PyResult<f64> {
        if p > 0.0 && p < 1.0 {
            Ok(self.inner.ppf(p))
        } else {
            Err(GrdpsimError::invalid_argument("p", format!("{p} is not in (0, 1)")).into())
        }
    }

    /// The continuous ranked probability score of an observed growth `x` (pp), a finite number.
    fn crps(&self, x: f64) -> PyResult<f64> {
        if !x.is_finite() {
            return Err(GrdpsimError::invalid_argument(
                "x",
                format!("{x} is not an observed growth rate: a finite number"),
            )
            .into());
        }
        Ok(self.inner.crps(x))
    }

    #[getter]
    fn kind(&self) -> &'static str {
        match self.inner {
            Distribution::Normal { .. } => "normal",
            Distribution::Histogram(_) => "histogram",
        }
    }
}

// State: the distribution as JSON (a histogram's counts included).
pickled_as_json!(PyAnnualDistribution);

/// The probability report, field by field (`grdpsim.Probability` builds the tables).
#[pyclass(name = "ProbabilityReport", module = "grdpsim._core", frozen, get_all)]
#[derive(Serialize, Deserialize)]
// As for AnnualDistribution: the unsafe code is pyo3's glue.
#[allow(clippy::unsafe_derive_deserialize)]
pub struct PyProbabilityReport {
    target_pct: f64,
    method: String,
    model: String,
    #[serde(default)]
    model_vi: String,
    paths: usize,
    seed: u64,
    p_reach: f64,
    p_reach_se: f64,
    mean_pct: f64,
    sd_pct: f64,
    expected_shortfall_pp: Option<f64>,
    levels: Vec<f64>,
    quantiles: Vec<f64>,
    fan_periods: Vec<String>,
    fan_known: Vec<bool>,
    fan: Vec<Vec<f64>>,
    sectors: Vec<String>,
    sector_target_pct: Vec<f64>,
    sector_p_reach: Vec<f64>,
    sector_quantiles: Vec<Vec<f64>>,
    sector_variance_share: Vec<f64>,
    required_period: Option<String>,
    required_quantiles: Vec<f64>,
    annual: PyAnnualDistribution,
}

// State: the report as JSON.
pickled_as_json!(PyProbabilityReport);

impl From<core::Probability> for PyProbabilityReport {
    fn from(p: core::Probability) -> Self {
        let s = &p.by_sector;
        Self {
            sectors: s.iter().map(|x| x.sector.clone()).collect(),
            sector_target_pct: s.iter().map(|x| x.target_pct).collect(),
            sector_p_reach: s.iter().map(|x| x.p_reach).collect(),
            sector_quantiles: s.iter().map(|x| x.quantiles.clone()).collect(),
            sector_variance_share: s.iter().map(|x| x.variance_share).collect(),
            target_pct: p.target_pct,
            method: p.method.label().into(),
            model: p.model.describe_in(Lang::En),
            model_vi: p.model.describe_in(Lang::Vi),
            paths: p.paths,
            seed: p.seed,
            p_reach: p.p_reach,
            p_reach_se: p.p_reach_se,
            mean_pct: p.mean_pct,
            sd_pct: p.sd_pct,
            expected_shortfall_pp: p.expected_shortfall_pp,
            levels: LEVELS.to_vec(),
            quantiles: p.quantiles,
            fan_periods: p.fan_periods,
            fan_known: p.fan_known,
            fan: p.fan,
            required_period: p.required_period,
            required_quantiles: p.required_quantiles,
            annual: PyAnnualDistribution { inner: p.annual },
        }
    }
}

/// The probability of reaching the target under `uncertainty` (the GIL is released while it
/// runs).
#[pyfunction]
#[pyo3(signature = (scenario, uncertainty, target=None, paths=1_000_000, seed=0, method="auto", threads=None))]
#[allow(clippy::too_many_arguments)]
fn probability(
    py: Python<'_>,
    scenario: &PyScenario,
    uncertainty: &PyUncertainty,
    target: Option<f64>,
    paths: usize,
    seed: u64,
    method: &str,
    threads: Option<usize>,
) -> PyResult<PyProbabilityReport> {
    let opts = options(target, paths, seed, method, threads)?;
    Ok(run_probability(py, scenario, uncertainty, &opts)?.into())
}

/// The probability report of `scenario` under `uncertainty`, interruptible.
fn run_probability(
    py: Python<'_>,
    scenario: &PyScenario,
    uncertainty: &PyUncertainty,
    opts: &Options,
) -> PyResult<core::Probability> {
    interruptible(
        py,
        scenario,
        uncertainty,
        opts,
        core::probability_interruptible,
    )
}

/// Runs `run` on the scenario and the model with `opts` without the GIL, handing it a check
/// that asks Python whether a signal arrived (Ctrl-C): the core calls it on this thread between
/// batches of Monte Carlo chunks, so the signal's handler runs here and its exception
/// (`KeyboardInterrupt`) is what the call raises.
fn interruptible<T: Send>(
    py: Python<'_>,
    scenario: &PyScenario,
    uncertainty: &PyUncertainty,
    opts: &Options,
    run: impl FnOnce(&Scenario, &Uncertainty, &Options, Stop<'_>) -> crate::error::Result<T> + Send,
) -> PyResult<T> {
    let mut signal: Option<PyErr> = None;
    let out = py.detach(|| {
        #[allow(clippy::redundant_closure_for_method_calls)]
        // the method is not general over lifetimes
        let mut stop = || match Python::attach(|py| py.check_signals()) {
            Ok(()) => false,
            Err(e) => {
                signal = Some(e);
                true
            }
        };
        run(&scenario.inner, &uncertainty.inner, opts, &mut stop)
    });
    match (out, signal) {
        (Err(_), Some(e)) => Err(e),
        (out, _) => Ok(out?),
    }
}

/// `probability` with every path kept: the report and each path's growth of each leaf sector
/// in each quarter (paths × sectors × 4), handed to numpy without a copy.
#[pyfunction]
#[pyo3(signature = (scenario, uncertainty, target=None, paths=1_000_000, seed=0, method="auto", threads=None))]
#[allow(clippy::too_many_arguments)]
fn probability_with_paths<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    uncertainty: &PyUncertainty,
    target: Option<f64>,
    paths: usize,
    seed: u64,
    method: &str,
    threads: Option<usize>,
) -> PyResult<(PyProbabilityReport, Bound<'py, numpy::PyArray3<f64>>)> {
    let opts = Options {
        keep_paths: true,
        ..options(target, paths, seed, method, threads)?
    };
    let mut p = run_probability(py, scenario, uncertainty, &opts)?;
    let kept = p
        .paths_kept
        .take()
        .ok_or_else(|| GrdpsimError::invalid_argument("keep_paths", "no paths were kept"))?;
    Ok((p.into(), kept.into_pyarray(py)))
}

/// The check a Monte Carlo run calls between batches: true when it should stop.
type Stop<'a> = &'a mut dyn FnMut() -> bool;

fn options(
    target: Option<f64>,
    paths: usize,
    seed: u64,
    method: &str,
    threads: Option<usize>,
) -> PyResult<Options> {
    Ok(Options {
        target_pct: target,
        paths,
        seed,
        method: method.parse::<Method>()?,
        threads,
        keep_paths: false,
        fractions_ok: false,
    })
}

/// Some chunks of a Monte Carlo run, simulated by one worker (see `simulate_chunks`).
#[pyclass(name = "MonteCarloPart", module = "grdpsim._core", frozen)]
pub struct PyMonteCarloPart {
    inner: monte_carlo::Partial,
}

#[pymethods]
impl PyMonteCarloPart {
    /// The chunks this part covers, in ascending order.
    #[getter]
    fn chunks(&self) -> Vec<usize> {
        let mut c: Vec<usize> = self.inner.chunks().collect();
        c.sort_unstable();
        c
    }
}

// State: the counts and sums as JSON.
pickled_as_json!(inner of PyMonteCarloPart);

/// The number of Monte Carlo chunks `probability` runs with these options (None: analytic).
#[pyfunction]
#[pyo3(signature = (scenario, uncertainty, target=None, paths=1_000_000, seed=0, method="auto"))]
fn monte_carlo_chunks(
    scenario: &PyScenario,
    uncertainty: &PyUncertainty,
    target: Option<f64>,
    paths: usize,
    seed: u64,
    method: &str,
) -> PyResult<Option<usize>> {
    let opts = options(target, paths, seed, method, None)?;
    Ok(core::monte_carlo_chunks(
        &scenario.inner,
        &uncertainty.inner,
        &opts,
    )?)
}

/// Chunks `start..end` of the Monte Carlo run of `probability` (the GIL is released).
#[pyfunction]
#[pyo3(signature = (scenario, uncertainty, start, end, target=None, paths=1_000_000, seed=0, method="auto", threads=None))]
#[allow(clippy::too_many_arguments)]
fn simulate_chunks(
    py: Python<'_>,
    scenario: &PyScenario,
    uncertainty: &PyUncertainty,
    start: usize,
    end: usize,
    target: Option<f64>,
    paths: usize,
    seed: u64,
    method: &str,
    threads: Option<usize>,
) -> PyResult<PyMonteCarloPart> {
    let opts = options(target, paths, seed, method, threads)?;
    let inner = interruptible(py, scenario, uncertainty, &opts, |sc, u, opts, stop| {
        core::simulate_chunks_interruptible(sc, u, opts, start..end, stop)
    })?;
    Ok(PyMonteCarloPart { inner })
}

/// The report of a Monte Carlo run from its parts (any split, any order).
#[pyfunction]
#[pyo3(signature = (scenario, uncertainty, parts, target=None, paths=1_000_000, seed=0, method="auto"))]
#[allow(clippy::too_many_arguments)]
fn merge_monte_carlo(
    py: Python<'_>,
    scenario: &PyScenario,
    uncertainty: &PyUncertainty,
    parts: Vec<PyRef<'_, PyMonteCarloPart>>,
    target: Option<f64>,
    paths: usize,
    seed: u64,
    method: &str,
) -> PyResult<PyProbabilityReport> {
    let opts = options(target, paths, seed, method, None)?;
    let parts: Vec<monte_carlo::Partial> = parts.iter().map(|p| p.inner.clone()).collect();
    let (sc, u) = (&scenario.inner, &uncertainty.inner);
    let p = py.detach(|| core::merge_monte_carlo(sc, u, &opts, parts))?;
    Ok(p.into())
}

/// The naive forecast of every leaf sector's growth in the quarters of `year` from the years
/// before it: (leaf codes, leaves × 4).
#[pyfunction]
#[pyo3(signature = (accounts, year, method="mean", years=3))]
fn naive_forecast<'py>(
    py: Python<'py>,
    accounts: &PyAccounts,
    year: i32,
    method: &str,
    years: usize,
) -> PyResult<(Vec<String>, Bound<'py, PyArray2<f64>>)> {
    let (codes, f) = history::naive_forecast(&accounts.inner, year, naive(method, years)?)?;
    Ok((codes, f.into_pyarray(py)))
}

/// The benchmark's floor: the same generators and chunks as a simulation, drawing normals
/// only; returns their sum.
#[pyfunction]
#[pyo3(signature = (paths, per_path, seed=0, threads=None))]
fn normals_only(
    py: Python<'_>,
    paths: usize,
    per_path: usize,
    seed: u64,
    threads: Option<usize>,
) -> PyResult<f64> {
    Ok(py.detach(|| monte_carlo::normals_only(paths, per_path, seed, threads))?)
}

/// The line `repr(Probability)` shows: the core's own (see `probability::probability_line`).
#[pyfunction]
fn probability_line(target_pct: f64, p_reach: f64, method: &str, median_pct: f64) -> String {
    core::probability_line(target_pct, p_reach, method, median_pct)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(probability_line, m)?)?;
    m.add_class::<PyUncertainty>()?;
    m.add_class::<PyAnnualDistribution>()?;
    m.add_function(wrap_pyfunction!(probability_with_paths, m)?)?;
    m.add_class::<PyProbabilityReport>()?;
    m.add_class::<PyMonteCarloPart>()?;
    m.add_function(wrap_pyfunction!(monte_carlo_chunks, m)?)?;
    m.add_function(wrap_pyfunction!(simulate_chunks, m)?)?;
    m.add_function(wrap_pyfunction!(merge_monte_carlo, m)?)?;
    m.add_function(wrap_pyfunction!(probability, m)?)?;
    m.add_function(wrap_pyfunction!(naive_forecast, m)?)?;
    m.add_function(wrap_pyfunction!(normals_only, m)?)?;
    Ok(())
}
