//! Temporal disaggregation (ngoại suy/phân rã theo thời gian): quarterly series from annual
//! totals, monthly from quarterly, with or without high-frequency indicators, at parity with R's
//! tempdisagg (Sax & Steiner, R Journal 2013).
//!
//! The methods are tempdisagg's: the regression-based Chow-Lin, Fernandez, Litterman and OLS
//! (GLS of the low-frequency series on the aggregated indicators, the residual distributed by
//! the model's covariance) and the benchmarking methods Denton, Denton-Cholette and uniform.
//! Indicators may cover periods before and after the low-frequency series: those values are a
//! backcast and an extrapolation (the nowcast of the current quarter) from the same model.
//!
//! # Examples
//! ```
//! use grdpsim::disaggregation::{disaggregate, DisaggregationOptions, Method};
//! use ndarray::{array, Array2};
//!
//! // Three years of annual value added, a quarterly indicator that runs one quarter further.
//! let annual = array![410.0, 432.0, 455.0];
//! let indicator = Array2::from_shape_fn((13, 1), |(t, _)| 100.0 + 2.0 * t as f64 + (t % 4) as f64);
//! let options = DisaggregationOptions { method: Method::ChowLinMaxlog, ..Default::default() };
//! let r = disaggregate(annual.view(), Some(indicator.view()), &options)?;
//! assert_eq!(r.values.len(), 13);
//! let first_year: f64 = r.values.slice_axis(ndarray::Axis(0), ndarray::Slice::from(0..4)).sum();
//! assert!((first_year - 410.0).abs() < 1e-9);
//! # Ok::<(), grdpsim::GrdpsimError>(())
//! ```

mod benchmarking;
mod conversion;
mod covariance;
mod gls;
mod linalg;
pub mod nowcast;
mod optimize;
mod regression;

use std::fmt;
use std::str::FromStr;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Slice};

pub use benchmarking::Criterion;
pub use conversion::Conversion;
pub use optimize::{OptimizerReport, Termination};

use conversion::Aggregation;
use covariance::Family;
use regression::{Objective, Problem};

use crate::error::{GrdpsimError, Result};

/// A temporal disaggregation method, named as in tempdisagg.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Method {
    /// Chow-Lin, AR(1) errors, rho by maximum likelihood (tempdisagg's default).
    #[default]
    ChowLinMaxlog,
    /// Chow-Lin, rho minimising the RSS with the correlation matrix (Ecotrim, Barcellan 2003).
    ChowLinMinrssEcotrim,
    /// Chow-Lin, rho minimising the RSS with the covariance matrix (Quilis 2009).
    ChowLinMinrssQuilis,
    /// Chow-Lin with a given rho.
    ChowLinFixed,
    /// Fernandez: random-walk errors (Litterman with rho = 0).
    Fernandez,
    /// Litterman: random walk with AR(1) increments, rho by maximum likelihood.
    LittermanMaxlog,
    /// Litterman, rho minimising the RSS.
    LittermanMinrss,
    /// Litterman with a given rho.
    LittermanFixed,
    /// Ordinary least squares, residual distributed uniformly.
    Ols,
    /// Original Denton (1971) benchmarking.
    Denton,
    /// Denton-Cholette benchmarking (no transient at the start).
    DentonCholette,
    /// Uniform distribution of the residual (Denton with h = 0, additive).
    Uniform,
}

impl Method {
    /// tempdisagg's names, in the order of the enum.
    pub const NAMES: [&'static str; 12] = [
        "chow-lin-maxlog",
        "chow-lin-minrss-ecotrim",
        "chow-lin-minrss-quilis",
        "chow-lin-fixed",
        "fernandez",
        "litterman-maxlog",
        "litterman-minrss",
        "litterman-fixed",
        "ols",
        "denton",
        "denton-cholette",
        "uniform",
    ];
    const ALL: [Self; 12] = [
        Self::ChowLinMaxlog,
        Self::ChowLinMinrssEcotrim,
        Self::ChowLinMinrssQuilis,
        Self::ChowLinFixed,
        Self::Fernandez,
        Self::LittermanMaxlog,
        Self::LittermanMinrss,
        Self::LittermanFixed,
        Self::Ols,
        Self::Denton,
        Self::DentonCholette,
        Self::Uniform,
    ];

    /// tempdisagg's name of the method.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::disaggregation::Method;
    /// assert_eq!(Method::DentonCholette.name(), "denton-cholette");
    /// assert!(!Method::DentonCholette.is_regression() && Method::Fernandez.is_regression());
    /// ```
    pub fn name(self) -> &'static str {
        let i = Self::ALL.iter().position(|m| *m == self).unwrap_or(0);
        Self::NAMES[i]
    }

    /// Whether the method is a regression (it has coefficients, rho and fit statistics).
    pub fn is_regression(self) -> bool {
        !matches!(self, Self::Denton | Self::DentonCholette | Self::Uniform)
    }

    /// Whether the method estimates rho (and so evaluates the model many times).
    pub fn estimates_rho(self) -> bool {
        matches!(
            self,
            Self::ChowLinMaxlog
                | Self::ChowLinMinrssEcotrim
                | Self::ChowLinMinrssQuilis
                | Self::LittermanMaxlog
                | Self::LittermanMinrss
        )
    }

    /// Whether the method takes `fixed_rho`.
    pub fn uses_fixed_rho(self) -> bool {
        matches!(self, Self::ChowLinFixed | Self::LittermanFixed)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = GrdpsimError;

    /// # Errors
    /// [`GrdpsimError::UnknownOption`] for a name tempdisagg does not have.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::disaggregation::Method;
    /// assert_eq!("litterman-maxlog".parse::<Method>()?, Method::LittermanMaxlog);
    /// assert!("chow-lin".parse::<Method>().is_err());
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        let key = s.trim().to_ascii_lowercase().replace('_', "-");
        Self::NAMES
            .iter()
            .position(|n| *n == key)
            .map(|i| Self::ALL[i])
            .ok_or_else(|| GrdpsimError::UnknownOption {
                option: "method".into(),
                value: s.to_owned(),
                expected: Self::NAMES.join(", "),
            })
    }
}

/// The settings of a disaggregation, with tempdisagg's defaults.
///
/// # Examples
/// ```
/// use grdpsim::disaggregation::{DisaggregationOptions, Method};
/// // Annual to monthly Litterman, the indicator starting three years before the annual series.
/// let options = DisaggregationOptions {
///     ratio: 12,
///     offset: 36,
///     method: "litterman-maxlog".parse::<Method>()?,
///     ..Default::default()
/// };
/// assert!(options.intercept && options.truncated_rho == 0.0);
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DisaggregationOptions {
    /// High-frequency periods per low-frequency period (4: annual → quarterly; 3: quarterly →
    /// monthly; 12: annual → monthly).
    pub ratio: usize,
    /// High-frequency periods before the first one the low-frequency series covers (the
    /// backcast); e.g. 12 for an annual series from 1975 and a quarterly indicator from 1972Q1.
    pub offset: usize,
    pub method: Method,
    pub conversion: Conversion,
    /// Lower bound for an estimated rho (0 as in R: no negative rho; -1 disables truncation).
    pub truncated_rho: f64,
    /// rho for `chow-lin-fixed` and `litterman-fixed` (R's default 0.5 when `None`).
    pub fixed_rho: Option<f64>,
    /// Whether the regression has a constant (R's formula default). Ignored by the Denton and
    /// uniform methods, which use the single indicator as it is.
    pub intercept: bool,
    /// Order of differencing of the Denton methods (0, 1, 2, ...).
    pub h: usize,
    pub criterion: Criterion,
}

impl Default for DisaggregationOptions {
    fn default() -> Self {
        Self {
            ratio: 4,
            offset: 0,
            method: Method::default(),
            conversion: Conversion::default(),
            truncated_rho: 0.0,
            fixed_rho: None,
            intercept: true,
            h: 1,
            criterion: Criterion::default(),
        }
    }
}

/// One regression coefficient with tempdisagg's standard error and t value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Coefficient {
    /// "(Intercept)" or "x0", "x1", ... for the columns of `X`.
    pub name: String,
    pub estimate: f64,
    pub std_error: f64,
    pub t_value: f64,
    /// tempdisagg's `Pr(>|t|)`: the two-sided p-value of `t_value` under Student's t with the
    /// residual degrees of freedom.
    pub p_value: f64,
}

/// The two-sided p-value of `t`: 0 for an infinite `t` (an exact fit), NaN for a NaN `t`
/// (0/0, as R gives), never a call into statrs with either (its incomplete beta would panic).
fn two_sided_p(dist: &statrs::distribution::StudentsT, t: f64) -> f64 {
    use statrs::distribution::ContinuousCDF;
    if t.is_nan() {
        f64::NAN
    } else if t.is_infinite() {
        0.0
    } else {
        (2.0 * dist.sf(t.abs())).clamp(0.0, 1.0)
    }
}

/// Student's t with `df` degrees of freedom (standard, location 0 and scale 1).
pub(crate) fn students_t(df: usize) -> Result<statrs::distribution::StudentsT> {
    statrs::distribution::StudentsT::new(0.0, 1.0, df as f64).map_err(|e| {
        GrdpsimError::Disaggregation {
            what: "Student's t".into(),
            message: format!("{df} degrees of freedom: {e}"),
        }
    })
}

/// The fit statistics tempdisagg reports for a regression-based method (`summary.td`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FitStatistics {
    /// ML variance of the high-frequency residuals, `rss / N` (tempdisagg's `s_2`).
    pub sigma2: f64,
    /// GLS variance, `rss / (N - k)` (tempdisagg's `s_2_gls`); standard errors use it.
    pub sigma2_gls: f64,
    /// Generalised residual and total sums of squares.
    pub rss: f64,
    pub tss: f64,
    pub log_likelihood: f64,
    /// tempdisagg's per-observation criteria: `log(rss/N) + 2k/N` and `log(rss/N) + log(N)k/N`.
    pub aic: f64,
    pub bic: f64,
    pub r_squared: f64,
    pub adj_r_squared: f64,
    /// Residual degrees of freedom, `N - k`.
    pub df: usize,
}

/// A temporal disaggregation: the high-frequency series and what produced it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Disaggregation {
    /// One value per high-frequency period (per row of `X`).
    pub values: Array1<f64>,
    pub method: Method,
    pub conversion: Conversion,
    /// The autoregressive parameter used (regression methods only).
    pub rho: Option<f64>,
    /// Whether the estimated rho was raised to `truncated_rho`.
    pub rho_truncated: bool,
    pub coefficients: Vec<Coefficient>,
    pub statistics: Option<FitStatistics>,
    /// The preliminary series `p = X β` (the indicator itself for Denton methods).
    pub preliminary: Array1<f64>,
    /// The low-frequency residuals `y - C p`.
    pub residuals: Array1<f64>,
    /// The rho search (estimated-rho methods only).
    pub optimizer: Option<OptimizerReport>,
    /// `max |C values - y| / max |y|`: how exactly the result aggregates to the input.
    pub aggregation_error: f64,
    /// Number of low- and high-frequency periods.
    pub n_low: usize,
    pub n_high: usize,
}

impl Disaggregation {
    /// A text summary in the layout of tempdisagg's `summary.td`: coefficients with standard
    /// errors and t values, the method and conversion, rho, and the fit statistics.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::disaggregation::{disaggregate, DisaggregationOptions};
    /// use ndarray::{array, Array2};
    ///
    /// let y = array![410.0, 432.0, 455.0, 470.0];
    /// let x = Array2::from_shape_fn((16, 1), |(t, _)| 100.0 + 2.0 * t as f64 + (t % 4) as f64);
    /// let r = disaggregate(y.view(), Some(x.view()), &DisaggregationOptions::default())?;
    /// assert!(r.summary().contains("'chow-lin-maxlog' disaggregation with 'sum' conversion"));
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn summary(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        if self.coefficients.is_empty() {
            out.push_str("No Coefficients\n");
        } else {
            let _ = writeln!(
                out,
                "Coefficients:\n{:<14} {:>14} {:>14} {:>10} {:>10}",
                "", "Estimate", "Std. Error", "t value", "Pr(>|t|)"
            );
            for c in &self.coefficients {
                let _ = writeln!(
                    out,
                    "{:<14} {:>14} {:>14} {:>10.3} {:>10}",
                    c.name,
                    significant(c.estimate),
                    significant(c.std_error),
                    c.t_value,
                    p_value_text(c.p_value)
                );
            }
        }
        let _ = write!(
            out,
            "\n'{}' disaggregation with '{}' conversion\n{} low-freq. obs. converted to {} high-freq. obs.",
            self.method, self.conversion, self.n_low, self.n_high
        );
        if let Some(s) = &self.statistics {
            let _ = write!(out, "\nAdjusted R-squared: {:.4}", s.adj_r_squared);
        }
        if let Some(rho) = self.rho {
            let _ = write!(out, "\tAR1-Parameter: {rho:.4}");
            if self.rho_truncated {
                out.push_str(" (truncated)");
            }
        }
        if let Some(s) = &self.statistics {
            let _ = write!(
                out,
                "\nlog-likelihood: {:.4}\tAIC: {:.4}\tBIC: {:.4}\tsigma^2 (ML): {:.6e}",
                s.log_likelihood, s.aic, s.bic, s.sigma2
            );
        }
        if let Some(o) = &self.optimizer {
            if o.termination == Termination::IterationLimit {
                let _ = write!(
                    out,
                    "\nWarning: the rho search stopped at its iteration limit ({} iterations): \
                     rho is the best point seen, not a certified optimum",
                    o.iterations
                );
            }
        }
        out.push('\n');
        out
    }
}

/// A p-value as R's `format.pval` prints it in a coefficient table: `< 2e-16` below machine
/// precision, else three significant digits.
fn p_value_text(p: f64) -> String {
    if p < 2.2e-16 {
        "< 2e-16".into()
    } else if p < 1e-4 {
        format!("{p:.2e}")
    } else {
        format!("{p:.3}")
    }
}

/// Disaggregates the low-frequency series `y` to the frequency of the indicators `x`.
///
/// `x` has one row per high-frequency period and one column per indicator, without the
/// intercept column (added when `options.intercept`). Low-frequency period `i` covers rows
/// `offset + i·ratio .. offset + (i+1)·ratio`; rows before and after are backcast and
/// extrapolated. Without `x` the indicator is a constant over `offset + ratio·N` periods (the
/// Denton and uniform methods then give smooth or step interpolations).
///
/// # Errors
/// - [`GrdpsimError::InvalidRatio`] for a ratio below 2;
/// - [`GrdpsimError::LengthMismatch`] when `y` is empty, `x` has no columns, or the rows of `x`
///   do not reach `offset + ratio·N` (computed without overflow); also when a Denton method
///   gets more than one indicator, and when there are more than
///   [`MAX_HIGH_FREQUENCY_PERIODS`] high-frequency periods
///   ([`MAX_HIGH_FREQUENCY_PERIODS_ESTIMATED_RHO`] for the methods that estimate rho);
/// - [`GrdpsimError::NonFiniteInput`] for a NaN or infinity in `y` or `x`, with its index;
/// - [`GrdpsimError::RhoOutOfRange`] for `fixed_rho` outside (-1, 1) or `truncated_rho`
///   outside [-1, 1);
/// - [`GrdpsimError::InvalidArgument`] for `fixed_rho` with a method that does not use it;
/// - [`GrdpsimError::CollinearIndicators`] when the aggregated indicators (and intercept) are
///   linearly dependent;
/// - [`GrdpsimError::Disaggregation`] when there are no more low-frequency values than
///   coefficients, the problem is numerically singular, a result (values, preliminary series,
///   residuals, coefficients) is not finite, or the values add up to `y` only beyond
///   [`AGGREGATION_TOLERANCE`] (e.g. a `y` some 1e-16 times the indicator); the message names
///   the figure and the magnitudes of `y` and `X`.
///
/// # Examples
/// ```
/// use grdpsim::disaggregation::{disaggregate, Conversion, DisaggregationOptions, Method};
/// use ndarray::array;
///
/// // Quarterly averages to months, no indicator: a smooth Denton-Cholette path.
/// let quarterly = array![100.0, 103.0, 101.0, 106.0];
/// let options = DisaggregationOptions {
///     ratio: 3,
///     method: Method::DentonCholette,
///     conversion: Conversion::Mean,
///     ..Default::default()
/// };
/// let r = disaggregate(quarterly.view(), None, &options)?;
/// assert_eq!(r.values.len(), 12);
/// assert!(r.aggregation_error < 1e-12);
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
pub fn disaggregate(
    y: ArrayView1<f64>,
    x: Option<ArrayView2<f64>>,
    options: &DisaggregationOptions,
) -> Result<Disaggregation> {
    disaggregate_with_target(y, x, options, None).map(|(r, _)| r)
}

/// [`disaggregate`], plus the prediction-error variance of `target · values` (a weighted sum
/// of high-frequency periods) for the regression methods.
pub(crate) fn disaggregate_with_target(
    y: ArrayView1<f64>,
    x: Option<ArrayView2<f64>>,
    options: &DisaggregationOptions,
    target: Option<&[f64]>,
) -> Result<(Disaggregation, Option<f64>)> {
    validate_options(options)?;
    let n_low = y.len();
    let n_high = high_frequency_periods(n_low, x.map(|x| x.nrows()), options)?;
    check_finite("y", y.iter().copied())?;
    if let Some(x) = x {
        if x.ncols() == 0 && !options.intercept {
            return Err(length("X", "no indicator columns and no intercept".into()));
        }
        for (c, col) in x.columns().into_iter().enumerate() {
            check_finite(&format!("X column {c}"), col.iter().copied())?;
        }
    }
    let agg = Aggregation::new(
        n_low,
        n_high,
        options.ratio,
        options.offset,
        options.conversion,
    );

    let (mut result, target_variance) = if options.method.is_regression() {
        // The design: intercept first (R's model.matrix), then the indicators.
        let with_intercept = options.intercept || x.is_none();
        let k = x.map_or(0, |x| x.ncols()) + usize::from(with_intercept);
        let mut design = Array2::<f64>::zeros((n_high, k));
        let mut names = Vec::with_capacity(k);
        if with_intercept {
            design.column_mut(0).fill(1.0);
            names.push("(Intercept)".to_owned());
        }
        if let Some(x) = x {
            let first = usize::from(with_intercept);
            design
                .slice_axis_mut(Axis(1), Slice::from(first..))
                .assign(&x);
            names.extend((0..x.ncols()).map(|c| format!("x{c}")));
        }
        if n_low <= k {
            return Err(GrdpsimError::Disaggregation {
                what: options.method.name().into(),
                message: format!(
                    "not enough degrees of freedom: {n_low} low-frequency values for {k} \
                     coefficients"
                ),
            });
        }
        regression_result(y, &design, names, &agg, options, with_intercept, target)?
    } else {
        (benchmark_result(y, x, &agg, options)?, None)
    };
    let at_fault = || {
        let x_max = x.map_or(0.0, |x| max_abs(x.iter()));
        format!(
            "y (largest magnitude {:e}) and X (largest magnitude {x_max:e}) are too far apart or \
             too extreme for double precision, or the problem is numerically singular",
            max_abs(y.iter())
        )
    };
    let outputs = [
        ("values", &result.values),
        ("preliminary", &result.preliminary),
        ("residuals", &result.residuals),
    ];
    for (name, series) in outputs {
        if let Some(i) = series.iter().position(|v| !v.is_finite()) {
            return Err(disaggregation_error(
                options.method,
                format!("{name}[{i}] is {}: {}", series[i], at_fault()),
            ));
        }
    }
    if let Some(c) = result.coefficients.iter().find(|c| !c.estimate.is_finite()) {
        return Err(disaggregation_error(
            options.method,
            format!("coefficient {} is {}: {}", c.name, c.estimate, at_fault()),
        ));
    }
    result.aggregation_error = max_abs((&agg.apply(result.values.view()) - &y).iter())
        / max_abs(y.iter()).max(f64::MIN_POSITIVE);
    if result.aggregation_error > AGGREGATION_TOLERANCE {
        return Err(disaggregation_error(
            options.method,
            format!(
                "the result adds up to y only within {:.3e} of max |y| (tolerance {:e}): {}",
                result.aggregation_error,
                AGGREGATION_TOLERANCE,
                at_fault()
            ),
        ));
    }
    Ok((result, target_variance))
}

/// The largest relative departure of the aggregated result from `y` (`max |C values - y| /
/// max |y|`) that [`disaggregate`] returns; beyond it the "disaggregation" is not one and is
/// an error. The methods reach about 1e-12 on well-posed input.
pub const AGGREGATION_TOLERANCE: f64 = 1e-8;

/// The most high-frequency periods (rows of `X`) a disaggregation takes. Every method works with
/// dense low-frequency matrices (`C Q C'` is N × N, built from an n × N product): time and
/// memory grow as n·N², so without a bound an absurd ratio or offset hangs or exhausts memory.
/// 4,000 periods are 333 years of months, and run in about a second.
pub const MAX_HIGH_FREQUENCY_PERIODS: usize = 4_000;

/// The bound for the methods that estimate rho (`*-maxlog`, `*-minrss-*`), which evaluate the
/// model some 50 times: 2,000 periods (166 years of months) take a few seconds.
pub const MAX_HIGH_FREQUENCY_PERIODS_ESTIMATED_RHO: usize = 2_000;

/// The number of high-frequency periods, from the rows of `X` or, without one,
/// `offset + ratio·N`; checked for overflow, against the rows of `X` and against the size
/// bounds before anything is allocated.
fn high_frequency_periods(
    n_low: usize,
    x_rows: Option<usize>,
    options: &DisaggregationOptions,
) -> Result<usize> {
    if n_low == 0 {
        return Err(length("y", "the low-frequency series is empty".into()));
    }
    let covered = options
        .ratio
        .checked_mul(n_low)
        .and_then(|c| c.checked_add(options.offset));
    let (ratio, offset) = (options.ratio, options.offset);
    let n_high = match (x_rows, covered) {
        (Some(rows), Some(covered)) if rows >= covered => rows,
        (Some(rows), _) => {
            let needed = covered.map_or_else(|| OVERFLOW.to_owned(), |c| format!("at least {c}"));
            return Err(length(
                "X",
                format!(
                    "{rows} rows, but offset {offset} + ratio {ratio} × {n_low} low-frequency \
                     values needs {needed} (an offset that does not fit, or a short indicator)"
                ),
            ));
        }
        (None, Some(covered)) => covered,
        (None, None) => usize::MAX,
    };
    let limit = if options.method.estimates_rho() {
        MAX_HIGH_FREQUENCY_PERIODS_ESTIMATED_RHO
    } else {
        MAX_HIGH_FREQUENCY_PERIODS
    };
    if n_high > limit {
        let count = x_rows
            .or(covered)
            .map_or_else(|| OVERFLOW.to_owned(), |n| n.to_string());
        return Err(length(
            "size",
            format!(
                "{count} high-frequency periods (offset {offset}, ratio {ratio}, {n_low} \
                 low-frequency values); {} takes at most {limit}",
                options.method
            ),
        ));
    }
    Ok(n_high)
}

/// What `offset + ratio·N` is when it does not fit in a `usize`.
const OVERFLOW: &str = "more than 2^64";

fn max_abs<'a>(values: impl Iterator<Item = &'a f64>) -> f64 {
    values.fold(0.0_f64, |m, v| m.max(v.abs()))
}

fn disaggregation_error(method: Method, message: String) -> GrdpsimError {
    GrdpsimError::Disaggregation {
        what: method.name().into(),
        message,
    }
}

fn benchmark_result(
    y: ArrayView1<f64>,
    x: Option<ArrayView2<f64>>,
    agg: &Aggregation,
    options: &DisaggregationOptions,
) -> Result<Disaggregation> {
    let indicator = match x {
        Some(x) if x.ncols() == 1 => x.column(0).to_owned(),
        Some(x) => {
            return Err(length(
                "X",
                format!(
                    "{} takes one indicator (or none), got {} columns",
                    options.method,
                    x.ncols()
                ),
            ))
        }
        None => Array1::ones(agg.n_high),
    };
    let (h, criterion, cholette) = match options.method {
        Method::Uniform => (0, Criterion::Additive, false),
        Method::Denton => (options.h, options.criterion, false),
        _ => (options.h, options.criterion, true),
    };
    if h >= agg.n_high {
        return Err(GrdpsimError::InvalidArgument {
            name: "h".into(),
            message: format!("h = {h} must be below the number of high-frequency periods"),
        });
    }
    let values = benchmarking::denton(y, indicator.view(), agg, h, criterion, cholette)?;
    let residuals = &y - &agg.apply(indicator.view());
    Ok(Disaggregation {
        values,
        method: options.method,
        conversion: options.conversion,
        rho: None,
        rho_truncated: false,
        coefficients: Vec::new(),
        statistics: None,
        preliminary: indicator,
        residuals,
        optimizer: None,
        aggregation_error: 0.0,
        n_low: agg.n_low,
        n_high: agg.n_high,
    })
}

fn regression_result(
    y: ArrayView1<f64>,
    design: &Array2<f64>,
    names: Vec<String>,
    agg: &Aggregation,
    options: &DisaggregationOptions,
    with_intercept: bool,
    target: Option<&[f64]>,
) -> Result<(Disaggregation, Option<f64>)> {
    let method = options.method;
    let family = match method {
        Method::Fernandez
        | Method::LittermanMaxlog
        | Method::LittermanMinrss
        | Method::LittermanFixed => Family::Litterman,
        _ => Family::ChowLin,
    };
    let problem = Problem::new(y.reborrow(), design.view(), agg, family);
    // Collinearity does not depend on rho: report it before searching (as the user's column).
    problem.evaluate(0.0).map_err(|e| match e {
        GrdpsimError::CollinearIndicators { column, message } => {
            GrdpsimError::CollinearIndicators {
                column: column.saturating_sub(usize::from(with_intercept)),
                message: format!("column {column} of the design, intercept first; {message}"),
            }
        }
        other => other,
    })?;
    let objective = match method {
        Method::ChowLinMaxlog | Method::LittermanMaxlog => Some(Objective::MaxLog),
        Method::ChowLinMinrssEcotrim => Some(Objective::MinRssEcotrim),
        Method::ChowLinMinrssQuilis | Method::LittermanMinrss => Some(Objective::MinRssQuilis),
        _ => None,
    };
    let (rho, truncated, report) = if let Some(objective) = objective {
        let report = problem.estimate_rho(objective);
        if report.argmin < options.truncated_rho {
            (options.truncated_rho, true, Some(report))
        } else {
            (report.argmin, false, Some(report))
        }
    } else if method.uses_fixed_rho() {
        (options.fixed_rho.unwrap_or(0.5), false, None)
    } else {
        (0.0, false, None)
    };
    let fit = problem.fit(rho, truncated, report)?;
    let target_variance = target
        .map(|t| problem.prediction_variance(rho, t))
        .transpose()?;
    let m = y.len();
    let k = design.ncols();
    let rss = fit.gls.rss;
    let tss = fit.gls.total_sum_of_squares();
    let sigma2_gls = rss / (m - k) as f64;
    let variances = fit.gls.qr.unscaled_variances();
    let t_dist = students_t(m - k)?;
    let coefficients = names
        .into_iter()
        .zip(fit.gls.coefficients.iter().zip(variances.iter()))
        .map(|(name, (&estimate, &var))| {
            let std_error = (sigma2_gls * var).sqrt();
            let t_value = estimate / std_error;
            Coefficient {
                name,
                estimate,
                std_error,
                t_value,
                p_value: two_sided_p(&t_dist, t_value),
            }
        })
        .collect();
    let (mf, kf) = (m as f64, k as f64);
    let statistics = FitStatistics {
        sigma2: rss / mf,
        sigma2_gls,
        rss,
        tss,
        log_likelihood: fit.gls.log_likelihood(),
        aic: (rss / mf).ln() + 2.0 * kf / mf,
        bic: (rss / mf).ln() + mf.ln() * kf / mf,
        r_squared: 1.0 - rss / tss,
        adj_r_squared: 1.0 - rss * (mf - 1.0) / (tss * (mf - kf)),
        df: m - k,
    };
    let residuals = &y - &agg.apply(fit.preliminary.view());
    let result = Disaggregation {
        values: fit.values,
        method,
        conversion: options.conversion,
        rho: Some(fit.rho),
        rho_truncated: fit.truncated,
        coefficients,
        statistics: Some(statistics),
        preliminary: fit.preliminary,
        residuals,
        optimizer: fit.optimizer,
        aggregation_error: 0.0,
        n_low: m,
        n_high: agg.n_high,
    };
    Ok((result, target_variance.map(|v| v * sigma2_gls)))
}

/// Six significant digits, fixed or scientific as R prints them.
fn significant(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 || (1e-4..1e6).contains(&a) {
        let decimals = (5 - a.log10().floor() as i32).clamp(0, 9) as usize;
        format!("{v:.decimals$}")
    } else {
        format!("{v:.5e}")
    }
}

fn validate_options(options: &DisaggregationOptions) -> Result<()> {
    if options.ratio < 2 {
        return Err(GrdpsimError::InvalidRatio {
            ratio: options.ratio,
        });
    }
    if !(options.truncated_rho >= -1.0 && options.truncated_rho < 1.0) {
        return Err(GrdpsimError::RhoOutOfRange {
            name: "truncated_rho".into(),
            value: options.truncated_rho,
        });
    }
    if let Some(rho) = options.fixed_rho {
        if !options.method.uses_fixed_rho() {
            return Err(GrdpsimError::invalid_argument(
                "fixed_rho",
                format!(
                    "only chow-lin-fixed and litterman-fixed take a fixed rho, not {}",
                    options.method
                ),
            ));
        }
        if !(rho > -1.0 && rho < 1.0) {
            return Err(GrdpsimError::RhoOutOfRange {
                name: "fixed_rho".into(),
                value: rho,
            });
        }
    }
    Ok(())
}

fn check_finite(series: &str, values: impl Iterator<Item = f64>) -> Result<()> {
    for (index, value) in values.enumerate() {
        if !value.is_finite() {
            return Err(GrdpsimError::NonFiniteInput {
                series: series.to_owned(),
                index,
                value,
            });
        }
    }
    Ok(())
}

fn length(what: &str, message: String) -> GrdpsimError {
    GrdpsimError::LengthMismatch {
        what: what.to_owned(),
        message,
    }
}

#[cfg(test)]
mod p_value_tests {
    use super::*;

    #[test]
    fn exact_fits_and_undefined_t_values_do_not_reach_statrs() {
        let t = students_t(8).unwrap();
        assert!(two_sided_p(&t, f64::INFINITY).abs() < f64::MIN_POSITIVE);
        assert!(two_sided_p(&t, f64::NAN).is_nan());
        assert!((two_sided_p(&t, 0.0) - 1.0).abs() < 1e-15);
        assert!(two_sided_p(&t, 1e300) >= 0.0);
    }
}
