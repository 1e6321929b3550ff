//! Nowcasting (dự báo sớm) the current quarter from the months already observed.
//!
//! A sector's quarterly value added is known up to quarter k; a monthly indicator (IIP, retail
//! sales, exports, ...) reaches one or two months into quarter k+1. The missing months of the
//! indicator are filled by the year-on-year growth of the observed months of the quarter applied
//! to the same months a year earlier (the usual statistical-office completion), the series is
//! disaggregated with the chosen method and extrapolated into quarter k+1, and the quarter's
//! level is the sum (or mean, first, last: the conversion) of its months. The interval comes from
//! the regression's prediction-error variance (Goldberger's BLUP variance, `σ²` the GLS
//! estimate), which includes the uncertainty of the coefficients but neither that of rho nor that
//! of the filled months; the result is marked provisional.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Slice};

use super::{
    disaggregate_with_target, high_frequency_periods, Disaggregation, DisaggregationOptions,
};
use crate::error::{GrdpsimError, Result};

/// Settings of a nowcast: the disaggregation, the seasonal lag of the indicator and the width
/// of the interval.
#[derive(Debug, Clone, PartialEq)]
pub struct NowcastOptions {
    /// How to disaggregate (ratio 3 for quarterly value added from a monthly indicator).
    pub disaggregation: DisaggregationOptions,
    /// High-frequency periods in a year (12 for a monthly indicator), for the completion of the
    /// missing months and for year-on-year growth.
    pub seasonal_period: usize,
    /// The confidence level of the interval (0.95): `level ± t · std_error` with `t` the
    /// quantile of Student's t with the regression's residual degrees of freedom (σ² is
    /// estimated from `N − k` of them, so a normal quantile would make the interval too narrow).
    pub confidence: f64,
}

impl Default for NowcastOptions {
    fn default() -> Self {
        Self {
            disaggregation: DisaggregationOptions {
                ratio: 3,
                ..DisaggregationOptions::default()
            },
            seasonal_period: 12,
            confidence: 0.95,
        }
    }
}

/// A nowcast of the next low-frequency period: level, growth and an interval, provisional.
#[derive(Debug, Clone, PartialEq)]
pub struct Nowcast {
    /// The estimated level of the next period (quarter k+1).
    pub level: f64,
    /// Prediction-error standard deviation of `level` (regression methods; `None` for Denton).
    pub std_error: Option<f64>,
    /// `level ∓ t · std_error` at [`NowcastOptions::confidence`].
    pub interval: Option<(f64, f64)>,
    /// Growth on the previous period, percent (tăng trưởng so với quý trước).
    pub growth_on_previous_pct: f64,
    /// Growth on the same period a year earlier, percent (so với cùng kỳ), when the series
    /// reaches back that far.
    pub growth_on_year_pct: Option<f64>,
    /// `growth_on_year_pct` at the ends of `interval`.
    pub growth_on_year_interval_pct: Option<(f64, f64)>,
    /// How many high-frequency periods of the next period the indicator covered.
    pub observed: usize,
    /// The high-frequency values of the next period (observed and completed months).
    pub high_frequency: Array1<f64>,
    /// The indicator with the missing months of the next period completed.
    pub completed_indicator: Array2<f64>,
    /// Always true: a nowcast is a provisional actual until the statistics office publishes.
    pub provisional: bool,
    /// The full disaggregation behind the nowcast.
    pub disaggregation: Disaggregation,
}

/// Nowcasts the period after the last value of `y` from an indicator `x` that reaches into it.
///
/// `x` has `offset + ratio·N + observed` rows with `observed` in `1..=ratio`.
///
/// # Errors
/// - [`GrdpsimError::InvalidArgument`] for a confidence level outside (0, 1), or a
///   `seasonal_period` of 0;
/// - [`GrdpsimError::LengthMismatch`] when `y` is empty, `x` does not reach into the next
///   period, or reaches beyond it, or lacks a year of history for the completion, or the
///   series exceed the method's size bound (see [`disaggregate`](super::disaggregate));
/// - [`GrdpsimError::Disaggregation`] when the completion divides by a zero year-earlier sum,
///   or the level, its standard error or a growth rate is not finite (a zero base: the
///   message names the value of `y`);
/// - any error of [`disaggregate`](super::disaggregate).
///
/// # Examples
/// ```
/// use grdpsim::disaggregation::nowcast::{nowcast, NowcastOptions};
/// use ndarray::{Array1, Array2};
///
/// // Eight quarters of industry value added; the IIP runs two months into the ninth quarter.
/// let iip = Array2::from_shape_fn((26, 1), |(t, _)| 100.0 + t as f64 + 3.0 * ((t % 12) as f64).sin());
/// let va = Array1::from_shape_fn(8, |q| 3.0 * (101.0 + 3.0 * q as f64) * 1.5 + (q % 3) as f64);
/// let n = nowcast(va.view(), iip.view(), &NowcastOptions::default())?;
/// assert_eq!(n.observed, 2);
/// assert!(n.provisional);
/// let (lo, hi) = n.interval.expect("a regression method");
/// assert!(lo < n.level && n.level < hi);
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
pub fn nowcast(
    y: ArrayView1<f64>,
    x: ArrayView2<f64>,
    options: &NowcastOptions,
) -> Result<Nowcast> {
    let d = &options.disaggregation;
    if !(options.confidence > 0.0 && options.confidence < 1.0) {
        return Err(GrdpsimError::invalid_argument(
            "level",
            format!(
                "the confidence level of the interval must lie strictly between 0 and 1 (0.95), got {}",
                options.confidence
            ),
        ));
    }
    if options.seasonal_period == 0 {
        return Err(GrdpsimError::invalid_argument(
            "seasonal_period",
            "must be at least 1 (12 for a monthly indicator)",
        ));
    }
    let n_low = y.len();
    if n_low == 0 {
        return Err(GrdpsimError::LengthMismatch {
            what: "y".into(),
            message: "the low-frequency series is empty".into(),
        });
    }
    // The completed indicator covers the nowcast period too: check its size (overflow, the
    // method's bound) as that of N + 1 low-frequency periods before anything is allocated.
    let n_high = high_frequency_periods(n_low + 1, None, d)?;
    let start = n_high - d.ratio;
    let observed = x.nrows().saturating_sub(start);
    if observed == 0 || observed > d.ratio {
        return Err(GrdpsimError::LengthMismatch {
            what: "indicator".into(),
            message: format!(
                "{} rows; a nowcast needs the indicator to reach 1 to {} periods past row {start} \
                 (offset {} + ratio {} × {n_low})",
                x.nrows(),
                d.ratio,
                d.offset,
                d.ratio
            ),
        });
    }
    let completed = complete(x, start, d.ratio, options.seasonal_period)?;
    // One more low-frequency period, all of it extrapolated: y gets a placeholder the fit never
    // sees, so the problem is the disaggregation of y over the completed indicator.
    let weights = d.conversion.weights(d.ratio);
    let mut target = vec![0.0; n_high];
    target[start..].copy_from_slice(&weights);
    let (result, variance) = disaggregate_with_target(y, Some(completed.view()), d, Some(&target))?;
    let high_frequency = result
        .values
        .slice_axis(Axis(0), Slice::from(start..n_high))
        .to_owned();
    let level: f64 = high_frequency
        .iter()
        .zip(&weights)
        .map(|(v, w)| v * w)
        .sum();
    let level = finite("the level", level, "the indicator's completed months")?;
    let std_error = variance
        .map(|v| finite("the standard error", v.sqrt(), "the indicator"))
        .transpose()?;
    let interval = match (std_error, result.statistics.map(|s| s.df)) {
        (Some(s), Some(df)) => {
            use statrs::distribution::ContinuousCDF;
            let t = super::students_t(df)?.inverse_cdf(0.5 + options.confidence / 2.0);
            Some((level - t * s, level + t * s))
        }
        _ => None,
    };
    // Growth over y[base]: a zero (or tiny) base makes it infinite, which is an error naming it.
    let growth = |base: usize, v: f64| {
        let rate = crate::growth::rate(v, y[base]);
        finite("a growth rate", rate, &format!("y[{base}] = {}", y[base]))
    };
    let year_lag = options.seasonal_period / d.ratio;
    let year_base = (year_lag >= 1 && n_low >= year_lag).then_some(n_low - year_lag);
    Ok(Nowcast {
        level,
        std_error,
        interval,
        growth_on_previous_pct: growth(n_low - 1, level)?,
        growth_on_year_pct: year_base.map(|b| growth(b, level)).transpose()?,
        growth_on_year_interval_pct: year_base
            .zip(interval)
            .map(|(b, (lo, hi))| Ok::<_, GrdpsimError>((growth(b, lo)?, growth(b, hi)?)))
            .transpose()?,
        observed,
        high_frequency,
        completed_indicator: completed,
        provisional: true,
        disaggregation: result,
    })
}

/// `value`, or [`GrdpsimError::Disaggregation`] naming `what` and the input at fault.
fn finite(what: &str, value: f64, at_fault: &str) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(GrdpsimError::Disaggregation {
            what: "nowcast".into(),
            message: format!("{what} is {value}: look at {at_fault}"),
        })
    }
}

/// Fills rows `start + observed .. start + ratio` of each column: the observed rows' sum over
/// the same rows a season earlier gives a growth factor, applied to the missing rows' values a
/// season earlier.
fn complete(x: ArrayView2<f64>, start: usize, ratio: usize, season: usize) -> Result<Array2<f64>> {
    let observed_end = x.nrows();
    let mut out = Array2::zeros((start + ratio, x.ncols()));
    out.slice_axis_mut(Axis(0), Slice::from(..observed_end))
        .assign(&x);
    if observed_end == start + ratio {
        return Ok(out);
    }
    if start < season {
        return Err(GrdpsimError::LengthMismatch {
            what: "indicator".into(),
            message: format!(
                "completing the missing periods needs {season} periods of history before the \
                 nowcast period, the indicator has {start}"
            ),
        });
    }
    for (c, mut col) in out.columns_mut().into_iter().enumerate() {
        let now: f64 = (start..observed_end).map(|t| x[[t, c]]).sum();
        let before: f64 = (start..observed_end).map(|t| x[[t - season, c]]).sum();
        if before == 0.0 {
            return Err(GrdpsimError::Disaggregation {
                what: "nowcast".into(),
                message: format!(
                    "indicator column {c} sums to zero a season before the observed periods"
                ),
            });
        }
        let factor = now / before;
        for t in observed_end..start + ratio {
            col[t] = col[t - season] * factor;
        }
    }
    Ok(out)
}
