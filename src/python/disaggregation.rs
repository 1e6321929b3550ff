//! Temporal disaggregation for Python: a thin `disaggregate` over the core and its result.

use super::pickle::{from_json, pickled, pickled_as_json, to_json, Pickle};
use std::collections::BTreeMap;

use numpy::{IntoPyArray, PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3::BoundObject;

use crate::disaggregation::nowcast::{Nowcast, NowcastOptions};
use crate::disaggregation::{self, Disaggregation, DisaggregationOptions};

/// The result of `disaggregate`: the series, rho, coefficients and fit statistics, as fields
/// (filled once, when the result is made).
#[pyclass(name = "Disaggregation", module = "grdpsim._core", frozen)]
pub struct PyDisaggregation {
    inner: Disaggregation,
    /// The high-frequency series, one value per row of X.
    #[pyo3(get)]
    values: Py<PyArray1<f64>>,
    /// The preliminary series X·β (the indicator itself for Denton methods).
    #[pyo3(get)]
    preliminary: Py<PyArray1<f64>>,
    /// The low-frequency residuals y - C·p.
    #[pyo3(get)]
    residuals: Py<PyArray1<f64>>,
    #[pyo3(get)]
    method: &'static str,
    #[pyo3(get)]
    conversion: String,
    #[pyo3(get)]
    rho: Option<f64>,
    #[pyo3(get)]
    rho_truncated: bool,
    /// Names in design order (intercept first): "(Intercept)", "x0", "x1", ... (empty for
    /// Denton methods).
    #[pyo3(get)]
    coefficient_names: Vec<String>,
    /// Estimates by name.
    #[pyo3(get)]
    coefficients: BTreeMap<String, f64>,
    #[pyo3(get)]
    std_errors: BTreeMap<String, f64>,
    #[pyo3(get)]
    t_values: BTreeMap<String, f64>,
    /// tempdisagg's `Pr(>|t|)` (Student's t with the residual degrees of freedom).
    #[pyo3(get)]
    p_values: BTreeMap<String, f64>,
    #[pyo3(get)]
    sigma2: Option<f64>,
    #[pyo3(get)]
    sigma2_gls: Option<f64>,
    #[pyo3(get)]
    rss: Option<f64>,
    #[pyo3(get)]
    tss: Option<f64>,
    #[pyo3(get)]
    loglik: Option<f64>,
    #[pyo3(get)]
    aic: Option<f64>,
    #[pyo3(get)]
    bic: Option<f64>,
    #[pyo3(get)]
    r_squared: Option<f64>,
    #[pyo3(get)]
    adj_r_squared: Option<f64>,
    #[pyo3(get)]
    df: Option<usize>,
    #[pyo3(get)]
    aggregation_error: f64,
    #[pyo3(get)]
    n_low: usize,
    #[pyo3(get)]
    n_high: usize,
    /// The rho search: `argmin`, `objective`, `iterations`, `evaluations`, `termination`
    /// (`converged` or `iteration limit`), `polished`, `bracket_width`.
    #[pyo3(get)]
    optimizer: Option<Py<PyDict>>,
}

impl PyDisaggregation {
    fn new(py: Python<'_>, mut inner: Disaggregation) -> PyResult<Self> {
        // Hand the arrays to numpy without copying; the report keeps the scalars.
        let values = std::mem::take(&mut inner.values).into_pyarray(py).unbind();
        let preliminary = std::mem::take(&mut inner.preliminary)
            .into_pyarray(py)
            .unbind();
        let residuals = std::mem::take(&mut inner.residuals)
            .into_pyarray(py)
            .unbind();
        let by_name = |f: fn(&disaggregation::Coefficient) -> f64| -> BTreeMap<String, f64> {
            inner
                .coefficients
                .iter()
                .map(|c| (c.name.clone(), f(c)))
                .collect()
        };
        let stat = |f: fn(&disaggregation::FitStatistics) -> f64| inner.statistics.as_ref().map(f);
        let optimizer = match inner.optimizer {
            None => None,
            Some(o) => {
                let d = PyDict::new(py);
                d.set_item("argmin", o.argmin)?;
                d.set_item("objective", o.objective)?;
                d.set_item("iterations", o.iterations)?;
                d.set_item("termination", o.termination.label())?;
                d.set_item("evaluations", o.evaluations)?;
                d.set_item("polished", o.polished)?;
                d.set_item("bracket_width", o.bracket_width)?;
                Some(d.unbind())
            }
        };
        Ok(Self {
            values,
            preliminary,
            residuals,
            method: inner.method.name(),
            conversion: inner.conversion.to_string(),
            rho: inner.rho,
            rho_truncated: inner.rho_truncated,
            coefficient_names: inner.coefficients.iter().map(|c| c.name.clone()).collect(),
            coefficients: by_name(|c| c.estimate),
            std_errors: by_name(|c| c.std_error),
            t_values: by_name(|c| c.t_value),
            p_values: by_name(|c| c.p_value),
            sigma2: stat(|s| s.sigma2),
            sigma2_gls: stat(|s| s.sigma2_gls),
            rss: stat(|s| s.rss),
            tss: stat(|s| s.tss),
            loglik: stat(|s| s.log_likelihood),
            aic: stat(|s| s.aic),
            bic: stat(|s| s.bic),
            r_squared: stat(|s| s.r_squared),
            adj_r_squared: stat(|s| s.adj_r_squared),
            df: inner.statistics.as_ref().map(|s| s.df),
            aggregation_error: inner.aggregation_error,
            n_low: inner.n_low,
            n_high: inner.n_high,
            optimizer,
            inner,
        })
    }
}

/// State: the report as JSON and its three series as numpy arrays.
impl Pickle for PyDisaggregation {
    fn state<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let d = slf.get();
        let series = [&d.values, &d.preliminary, &d.residuals].map(|s| s.clone_ref(py));
        (to_json(&d.inner)?, series)
            .into_pyobject(py)
            .map(BoundObject::into_any)
    }

    fn from_state(state: &Bound<'_, PyAny>) -> PyResult<Self> {
        type Series<'py> = PyReadonlyArray1<'py, f64>;
        let (json, [values, preliminary, residuals]): (String, [Series<'_>; 3]) =
            state.extract()?;
        let mut inner: Disaggregation = from_json(&json)?;
        inner.values = values.as_array().to_owned();
        inner.preliminary = preliminary.as_array().to_owned();
        inner.residuals = residuals.as_array().to_owned();
        Self::new(state.py(), inner)
    }
}
pickled!(PyDisaggregation);

#[pymethods]
impl PyDisaggregation {
    /// A text summary in the layout of tempdisagg's `summary.td`.
    fn summary(&self) -> String {
        self.inner.summary()
    }
    fn __repr__(&self) -> String {
        format!(
            "<Disaggregation {} ({}), {} -> {} periods, rho {}>",
            self.inner.method,
            self.inner.conversion,
            self.inner.n_low,
            self.inner.n_high,
            self.inner
                .rho
                .map_or_else(|| "n/a".to_owned(), |r| format!("{r:.6}"))
        )
    }
}

/// The options of a temporal disaggregation, checked once: the one list of them across the
/// boundary (`disaggregate` and `nowcast` both take it).
#[pyclass(name = "DisaggregationOptions", module = "grdpsim._core", frozen)]
#[derive(Clone)]
pub struct PyDisaggregationOptions {
    inner: DisaggregationOptions,
}

#[pymethods]
impl PyDisaggregationOptions {
    #[new]
    #[pyo3(signature = (ratio=4, offset=0, method="chow-lin-maxlog", conversion="sum",
                        truncated_rho=0.0, fixed_rho=None, intercept=true, h=1,
                        criterion="proportional"))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        ratio: usize,
        offset: usize,
        method: &str,
        conversion: &str,
        truncated_rho: f64,
        fixed_rho: Option<f64>,
        intercept: bool,
        h: usize,
        criterion: &str,
    ) -> PyResult<Self> {
        Ok(Self {
            inner: DisaggregationOptions {
                ratio,
                offset,
                method: method.parse()?,
                conversion: conversion.parse()?,
                truncated_rho,
                fixed_rho,
                intercept,
                h,
                criterion: criterion.parse()?,
            },
        })
    }

    #[getter]
    fn ratio(&self) -> usize {
        self.inner.ratio
    }
}

// State: the options as JSON.
pickled_as_json!(inner of PyDisaggregationOptions);

/// Temporal disaggregation (see `grdpsim.disaggregate` for the documented front end).
#[pyfunction]
#[pyo3(signature = (y, x, options, names=None))]
fn disaggregate(
    py: Python<'_>,
    y: PyReadonlyArray1<'_, f64>,
    x: Option<PyReadonlyArray2<'_, f64>>,
    options: &PyDisaggregationOptions,
    names: Option<Vec<String>>,
) -> PyResult<PyDisaggregation> {
    let options = &options.inner;
    let y = y.as_array();
    let x_view = x.as_ref().map(PyReadonlyArray2::as_array);
    let columns = x_view.map_or(0, |x| x.ncols());
    if let Some(names) = &names {
        if names.len() != columns {
            return Err(crate::GrdpsimError::InvalidArgument {
                name: "names".into(),
                message: format!("{} names for {columns} indicator columns", names.len()),
            }
            .into());
        }
    }
    let mut result = py.detach(|| disaggregation::disaggregate(y, x_view, options))?;
    if let Some(names) = names {
        // The indicators are the last `columns` coefficients (the intercept comes first).
        let first = result.coefficients.len().saturating_sub(columns);
        for (c, name) in result.coefficients[first..].iter_mut().zip(names) {
            c.name = name;
        }
    }
    PyDisaggregation::new(py, result)
}

/// A provisional estimate of the next low-frequency period (see `grdpsim.nowcast`).
#[pyclass(name = "Nowcast", module = "grdpsim._core", frozen)]
pub struct PyNowcast {
    #[pyo3(get)]
    pub(crate) level: f64,
    #[pyo3(get)]
    std_error: Option<f64>,
    #[pyo3(get)]
    interval: Option<(f64, f64)>,
    #[pyo3(get)]
    growth_on_previous_pct: f64,
    #[pyo3(get)]
    pub(crate) growth_on_year_pct: Option<f64>,
    #[pyo3(get)]
    growth_on_year_interval_pct: Option<(f64, f64)>,
    #[pyo3(get)]
    observed: usize,
    #[pyo3(get)]
    provisional: bool,
    high_frequency: Py<PyArray1<f64>>,
    completed_indicator: Py<PyArray2<f64>>,
    disaggregation: Py<PyDisaggregation>,
}

#[pymethods]
impl PyNowcast {
    /// The high-frequency values of the nowcast period (observed and completed months).
    #[getter]
    fn high_frequency(&self, py: Python<'_>) -> Py<PyArray1<f64>> {
        self.high_frequency.clone_ref(py)
    }
    /// The indicator with the missing months of the nowcast period completed.
    #[getter]
    fn completed_indicator(&self, py: Python<'_>) -> Py<PyArray2<f64>> {
        self.completed_indicator.clone_ref(py)
    }
    /// The disaggregation behind the nowcast.
    #[getter]
    fn disaggregation(&self, py: Python<'_>) -> Py<PyDisaggregation> {
        self.disaggregation.clone_ref(py)
    }

    fn __repr__(&self) -> String {
        let interval = self
            .interval
            .map_or_else(String::new, |(lo, hi)| format!(" [{lo:.6}, {hi:.6}]"));
        format!(
            "<Nowcast {:.6}{interval}, {} observed, provisional>",
            self.level, self.observed
        )
    }
}

/// The fields of a nowcast's state, grouped as [`PyNowcast::state`] writes them.
type NowcastState = (
    (f64, Option<f64>, Option<(f64, f64)>, f64),
    (Option<f64>, Option<(f64, f64)>),
    (usize, bool),
    Py<PyArray1<f64>>,
    Py<PyArray2<f64>>,
    Py<PyDisaggregation>,
);

/// State: every field, the disaggregation included.
impl Pickle for PyNowcast {
    fn state<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let n = slf.get();
        let state: NowcastState = (
            (n.level, n.std_error, n.interval, n.growth_on_previous_pct),
            (n.growth_on_year_pct, n.growth_on_year_interval_pct),
            (n.observed, n.provisional),
            n.high_frequency.clone_ref(py),
            n.completed_indicator.clone_ref(py),
            n.disaggregation.clone_ref(py),
        );
        state.into_pyobject(py).map(BoundObject::into_any)
    }

    fn from_state(state: &Bound<'_, PyAny>) -> PyResult<Self> {
        let (
            (level, std_error, interval, growth_on_previous_pct),
            (growth_on_year_pct, growth_on_year_interval_pct),
            (observed, provisional),
            high_frequency,
            completed_indicator,
            disaggregation,
        ): NowcastState = state.extract()?;
        Ok(Self {
            level,
            std_error,
            interval,
            growth_on_previous_pct,
            growth_on_year_pct,
            growth_on_year_interval_pct,
            observed,
            provisional,
            high_frequency,
            completed_indicator,
            disaggregation,
        })
    }
}
pickled!(PyNowcast);

/// Nowcast of the period after the last value of `y` (see `grdpsim.nowcast`).
#[pyfunction]
#[pyo3(signature = (y, x, options, seasonal_period=12, level=0.95))]
fn nowcast(
    py: Python<'_>,
    y: PyReadonlyArray1<'_, f64>,
    x: PyReadonlyArray2<'_, f64>,
    options: &PyDisaggregationOptions,
    seasonal_period: usize,
    level: f64,
) -> PyResult<PyNowcast> {
    let opts = NowcastOptions {
        disaggregation: options.inner.clone(),
        seasonal_period,
        confidence: level,
    };
    let (y, x) = (y.as_array(), x.as_array());
    let n = py.detach(|| disaggregation::nowcast::nowcast(y, x, &opts))?;
    PyNowcast::new(py, n)
}

impl PyNowcast {
    pub(crate) fn new(py: Python<'_>, n: Nowcast) -> PyResult<Self> {
        Ok(Self {
            level: n.level,
            std_error: n.std_error,
            interval: n.interval,
            growth_on_previous_pct: n.growth_on_previous_pct,
            growth_on_year_pct: n.growth_on_year_pct,
            growth_on_year_interval_pct: n.growth_on_year_interval_pct,
            observed: n.observed,
            provisional: n.provisional,
            high_frequency: n.high_frequency.into_pyarray(py).unbind(),
            completed_indicator: n.completed_indicator.into_pyarray(py).unbind(),
            disaggregation: Py::new(py, PyDisaggregation::new(py, n.disaggregation)?)?,
        })
    }

    /// The core options of a nowcast: monthly into quarterly (ratio 3, seasonal period 12).
    pub(crate) fn options(options: &PyDisaggregationOptions, level: f64) -> NowcastOptions {
        NowcastOptions {
            disaggregation: options.inner.clone(),
            seasonal_period: 12,
            confidence: level,
        }
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDisaggregation>()?;
    m.add_class::<PyNowcast>()?;
    m.add_class::<PyDisaggregationOptions>()?;
    m.add_function(wrap_pyfunction!(disaggregate, m)?)?;
    m.add_function(wrap_pyfunction!(nowcast, m)?)
}
