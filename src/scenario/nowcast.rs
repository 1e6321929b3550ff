//! A nowcast (disaggregation of the current quarter from monthly indicators) as a provisional
//! actual figure of a scenario.

use super::Actual;
use crate::disaggregation::nowcast::Nowcast;

impl Actual {
    /// The nowcast as a provisional actual: its year-on-year growth for `sector` over `period`
    /// (growth does not depend on the units of the indicator model, so a nowcast of a
    /// province's own series fits a scenario on a reconstructed base); its level when the
    /// series is too short for a year-on-year rate.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::disaggregation::nowcast::{nowcast, NowcastOptions};
    /// use grdpsim::scenario::Actual;
    /// let iip: Vec<f64> = (0..26).map(|i| 100.0 + f64::from(i) + 3.0 * (f64::from(i % 12)).sin()).collect();
    /// let va: Vec<f64> = (0..8).map(|i| 4.5 * (101.0 + 3.0 * f64::from(i)) + f64::from(i % 3)).collect();
    /// let x = ndarray::Array2::from_shape_vec((26, 1), iip)?;
    /// let n = nowcast(ndarray::Array1::from(va).view(), x.view(), &NowcastOptions::default())?;
    /// let actual = Actual::from_nowcast("Q3", "CN", &n);
    /// assert!(actual.provisional);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_nowcast(period: &str, sector: &str, nowcast: &Nowcast) -> Self {
        Self::estimate(period, sector, nowcast.growth_on_year_pct, nowcast.level)
    }

    /// A provisional actual from an estimate: its year-on-year growth when there is one,
    /// else its level.
    pub fn estimate(
        period: &str,
        sector: &str,
        growth_on_year_pct: Option<f64>,
        level: f64,
    ) -> Self {
        match growth_on_year_pct {
            Some(g) => Self::growth(period, sector, g),
            None => Self::level(period, sector, level),
        }
        .as_provisional()
    }
}
