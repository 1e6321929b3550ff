//! From a department's monthly indicator to its sector's provisional quarter: the link between
//! the monthly reports and the growth scenario.
//!
//! An indicator that informs a sector (the industrial production value informs industry, `CN`)
//! is reported monthly; the statistics office publishes the sector's quarter weeks after it
//! ends. [`Monitor::nowcast`] puts the two together:
//!
//! 1. the sector's quarterly value added, constant prices: the base accounts' quarters, then
//!    the scenario year's quarters known from actual figures (its own published figure, or the
//!    scenario's estimate when only a sector above or a cumulative period was published: the
//!    result lists those quarters as [`SectorNowcast::estimated`]);
//! 2. the indicator's monthly values ([`Monitor::monthly_series`]), from the first month of
//!    the first quarter both cover to the last month reported in the quarter after the last
//!    known one: the nowcast quarter. Reports after that quarter cannot enter this nowcast;
//!    they are listed as [`SectorNowcast::months_beyond`], never dropped silently;
//! 3. the existing nowcast ([`crate::disaggregation::nowcast::nowcast`]): the missing months
//!    completed by the observed months' year-on-year growth, the quarterly series
//!    disaggregated and extrapolated, with a prediction interval.
//!
//! [`SectorNowcast::apply`] enters the nowcast as the sector's **provisional** actual of the
//! quarter ([`Actual::from_nowcast`]), with a note saying where it came from. It never
//! rewrites a quarter that has an actual figure.

use ndarray::{Array1, Array2};

use super::indicators::{parse_month, Indicator, IndicatorKind, Monitor};
use crate::disaggregation::nowcast::{nowcast, Nowcast, NowcastOptions};
use crate::error::{GrdpsimError, Result};
use crate::lang::{Lang, Note};
use crate::levels::PriceBasis;
use crate::period::{label_of, Period, Quarter};
use crate::scenario::{Actual, Scenario, Source};

/// A sector's next quarter nowcast from a monthly indicator; see the [module
/// documentation](self).
#[derive(Debug, Clone, PartialEq)]
pub struct SectorNowcast {
    /// The indicator the nowcast rests on.
    pub indicator: Indicator,
    /// The scenario sector it informs.
    pub sector: String,
    /// The nowcast quarter, `Q1`..`Q4` of the scenario year.
    pub period: String,
    /// The scenario year.
    pub year: i32,
    /// The quarterly series used, first and last quarter (`2024Q1`, `2025Q2`).
    pub quarters: (String, String),
    /// Its levels, constant prices.
    pub quarterly: Array1<f64>,
    /// The months of the indicator used, first and last (`YYYY-MM`).
    pub months: (String, String),
    /// Its monthly values.
    pub monthly: Array1<f64>,
    /// Months reported after the nowcast quarter: they belong to a later quarter and could not
    /// enter this nowcast.
    pub months_beyond: Vec<String>,
    /// Quarters of the scenario year in the series that are the scenario's estimates (a share
    /// of a sector above or of a cumulative period), not the sector's own published figure.
    pub estimated: Vec<String>,
    /// Quarters of the scenario year in the series resting on provisional figures.
    pub provisional: Vec<String>,
    /// The nowcast itself: level, growth on the year before, interval, the disaggregation.
    pub nowcast: Nowcast,
}

/// Months since year 0: `12·year + month − 1`.
fn month_ordinal(year: i32, month: u32) -> i64 {
    12 * i64::from(year) + i64::from(month) - 1
}

fn month_label(ordinal: i64) -> String {
    format!(
        "{}-{:02}",
        ordinal.div_euclid(12),
        ordinal.rem_euclid(12) + 1
    )
}

/// The first month of a quarter, as a month ordinal.
fn first_month(q: Quarter) -> i64 {
    month_ordinal(q.year(), u32::from(q.quarter()) * 3 - 2)
}

impl Monitor {
    /// Nowcasts the quarter after the last one `scenario` knows for the sector `indicator`
    /// informs, from the indicator's monthly values; see the [module documentation](self).
    ///
    /// # Errors
    /// - [`GrdpsimError::InvalidArgument`] (`indicator`) for an unknown indicator, one that
    ///   informs no sector, one whose months have a hole or are growth rates only (an index
    ///   reported as y/y growth), or one that does not reach into the nowcast quarter; (`year`)
    ///   when the store and the scenario are of different years; (`period`) when the sector's
    ///   four quarters are all known;
    /// - [`GrdpsimError::UnknownSector`] when the indicator's sector is not in the scenario;
    /// - every error of [`crate::disaggregation::nowcast::nowcast`] (too short a history, a
    ///   zero base);
    /// - [`GrdpsimError::Database`] if `SQLite` fails.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::disaggregation::nowcast::NowcastOptions;
    /// let monitor = grdpsim::datasets::cao_bang_monitoring_2025()?;
    /// let scenario = grdpsim::datasets::cao_bang_2025()?;
    /// let n = monitor.nowcast(&scenario, "CN_GTSX", &NowcastOptions::default())?;
    /// assert_eq!((n.sector.as_str(), n.period.as_str()), ("CN", "Q3"));
    /// assert_eq!(n.nowcast.observed, 1); // July, of July to September
    /// let with = n.apply(&scenario)?;
    /// assert!(with.is_provisional("Q3", "CN")?);
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn nowcast(
        &self,
        scenario: &Scenario,
        indicator: &str,
        options: &NowcastOptions,
    ) -> Result<SectorNowcast> {
        let ind = self.indicator(indicator)?;
        if ind.sector.is_empty() {
            return Err(GrdpsimError::invalid_argument(
                "indicator",
                format!("{indicator} informs no sector, so it cannot nowcast one"),
            ));
        }
        if self.year() != scenario.year() {
            return Err(GrdpsimError::invalid_argument(
                "year",
                format!(
                    "the store is of {} and the scenario of {}",
                    self.year(),
                    scenario.year()
                ),
            ));
        }
        let node = scenario.tree().index(&ind.sector)?;
        let year = scenario.year();
        let (known, estimated, provisional) = known_quarters(scenario, node)?;
        if known == 4 {
            return Err(GrdpsimError::invalid_argument(
                "period",
                format!(
                    "{} has actual figures for the four quarters of {year}: nothing to nowcast",
                    ind.sector
                ),
            ));
        }
        let target_q = Quarter::new(year, known + 1)?;
        let (start, series) = self.monthly_of(&ind)?;
        let start = parse_month(&start)?;
        let first_reported = month_ordinal(start.year(), start.month());
        let last_reported = first_reported + series.len() as i64 - 1;

        // The quarterly history: the base's quarters, then the scenario year's known ones.
        let levels = quarterly_history(scenario, node, known)?;
        // Both series start at the first quarter whose months are all reported.
        let first = levels
            .iter()
            .position(|(q, _)| first_month(*q) >= first_reported)
            .ok_or_else(|| {
                GrdpsimError::invalid_argument(
                    "indicator",
                    format!(
                        "{indicator} starts in {}, after the last quarter {} knows",
                        month_label(first_reported),
                        ind.sector
                    ),
                )
            })?;
        let levels = &levels[first..];
        let from = first_month(levels[0].0);
        let nowcast_first = first_month(target_q);
        if last_reported < nowcast_first {
            return Err(GrdpsimError::invalid_argument(
                "indicator",
                format!(
                    "{indicator} is reported to {}: it does not reach into {target_q}, the \
                     quarter after the last {} knows",
                    month_label(last_reported),
                    ind.sector
                ),
            ));
        }
        let to = last_reported.min(nowcast_first + 2);
        let skip = usize::try_from(from - first_reported).unwrap_or(0);
        let take = usize::try_from(to - from + 1).unwrap_or(0);
        let monthly: Array1<f64> = series.iter().skip(skip).take(take).copied().collect();
        let quarterly: Array1<f64> = levels.iter().map(|(_, v)| *v).collect();
        let x = Array2::from_shape_vec((monthly.len(), 1), monthly.to_vec())
            .expect("one column of the monthly values");
        let about = format!(
            "{indicator}, {} to {}, for {} {target_q}",
            month_label(from),
            month_label(to),
            ind.sector
        );
        let n = nowcast(quarterly.view(), x.view(), options).map_err(|e| named(e, &about))?;
        Ok(SectorNowcast {
            sector: ind.sector.clone(),
            indicator: ind,
            period: format!("Q{}", target_q.quarter()),
            year,
            quarters: (
                levels[0].0.to_string(),
                levels[levels.len() - 1].0.to_string(),
            ),
            quarterly,
            months: (month_label(from), month_label(to)),
            monthly,
            months_beyond: (to + 1..=last_reported).map(month_label).collect(),
            estimated,
            provisional,
            nowcast: n,
        })
    }
}

impl Monitor {
    /// [`Monitor::monthly_series`], an index's error saying that growth rates cannot be used.
    fn monthly_of(&self, ind: &Indicator) -> Result<(String, Vec<f64>)> {
        let indicator = &ind.code;
        self.monthly_series(indicator).map_err(|e| match e {
            GrdpsimError::InvalidArgument { message, .. } if ind.kind == IndicatorKind::Index => {
                GrdpsimError::invalid_argument(
                    "indicator",
                    format!(
                        "{message}; {indicator} is an index: a nowcast needs its monthly values \
                         (the index or the amount), not only its y/y growth"
                    ),
                )
            }
            other => other,
        })
    }

    fn indicator(&self, code: &str) -> Result<Indicator> {
        self.indicators()?
            .into_iter()
            .find(|i| i.code == code)
            .ok_or_else(|| {
                GrdpsimError::invalid_argument(
                    "indicator",
                    format!("{code} is not an indicator of the store"),
                )
            })
    }
}

/// The core nowcast's error, which speaks of `y` and `x`, naming the indicator, its months and
/// the sector (`about`).
fn named(e: GrdpsimError, about: &str) -> GrdpsimError {
    match e {
        GrdpsimError::LengthMismatch { what, message } => GrdpsimError::LengthMismatch {
            what: format!("{what} ({about})"),
            message,
        },
        GrdpsimError::Disaggregation { what, message } => GrdpsimError::Disaggregation {
            what: format!("{what} ({about})"),
            message,
        },
        other => other,
    }
}

/// The quarterly levels of `node`, constant prices: the base's quarters before the scenario
/// year, then the year's first `known` quarters as the scenario has them.
fn quarterly_history(scenario: &Scenario, node: usize, known: u8) -> Result<Vec<(Quarter, f64)>> {
    let base = scenario.base();
    let history = base.matrix(PriceBasis::Constant)?.row(node).to_owned();
    let year = scenario.year();
    let mut levels: Vec<(Quarter, f64)> = base.quarters().zip(history).collect();
    levels.retain(|(q, _)| q.year() < year);
    for q in 1..=known {
        let p = Period::new(year, q, q)?;
        levels.push((Quarter::new(year, q)?, scenario.outturn_at(node, p)));
    }
    Ok(levels)
}

/// The scenario year's quarters of `node` known from actual figures, in order from Q1: how
/// many, those that are estimates (not the sector's own figure), those provisional.
fn known_quarters(scenario: &Scenario, node: usize) -> Result<(u8, Vec<String>, Vec<String>)> {
    let mut known = 0_u8;
    let (mut estimated, mut provisional) = (Vec::new(), Vec::new());
    for q in 1..=4_u8 {
        let p = Period::new(scenario.year(), q, q)?;
        match scenario.source_at(node, p) {
            Source::Actual => {}
            Source::Estimated => estimated.push(format!("Q{q}")),
            Source::PartlyReported | Source::Target => break,
        }
        if scenario.provisional_at(node, p) {
            provisional.push(format!("Q{q}"));
        }
        known = q;
    }
    Ok((known, estimated, provisional))
}

impl SectorNowcast {
    /// The nowcast as the sector's provisional actual of the quarter.
    pub fn actual(&self) -> Actual {
        Actual::from_nowcast(&self.period, &self.sector, &self.nowcast)
    }

    /// `scenario` with the nowcast as the sector's provisional actual of the quarter, and
    /// [`Self::note`] (in both languages) among its notes.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] (`period`) when the scenario already has an actual
    /// figure of the sector for the quarter (a nowcast never replaces one); what
    /// [`Scenario::with_actuals`] refuses.
    pub fn apply(&self, scenario: &Scenario) -> Result<Scenario> {
        let (node, p) = scenario.node_period(&self.period, &self.sector)?;
        if scenario.year() != self.year || scenario.source_at(node, p) != Source::Target {
            return Err(GrdpsimError::invalid_argument(
                "period",
                format!(
                    "{} {} {} already has actual figures (or the scenario is of another \
                     year): a nowcast never replaces them",
                    self.sector, self.period, self.year
                ),
            ));
        }
        Ok(scenario
            .with_computed_actuals(&[self.actual()])?
            .with_note(Note::new(self.note(Lang::En), self.note(Lang::Vi))))
    }

    /// One sentence: what was nowcast from what, the figure and its interval.
    pub fn note(&self, lang: Lang) -> String {
        let n = &self.nowcast;
        let growth = n.growth_on_year_pct.map_or_else(
            || lang.number(n.level, 1),
            |g| format!("{}%", lang.signed(g, 2)),
        );
        let interval = n
            .growth_on_year_interval_pct
            // With decimal commas, a Vietnamese list separates its items with semicolons.
            .map(|(lo, hi)| {
                let (lo, hi) = (lang.signed(lo, 2), lang.signed(hi, 2));
                format!(" [{lo}%{} {hi}%]", lang.pick(",", ";"))
            })
            .unwrap_or_default();
        let quarter = |q: &str| label_of(&format!("{}{q}", self.year), lang);
        let estimated: Vec<String> = self.estimated.iter().map(|q| quarter(q)).collect();
        let (first, last) = &self.months;
        let (sector, code, observed) = (&self.sector, &self.indicator.code, n.observed);
        let period = quarter(&self.period);
        match lang {
            Lang::En => {
                let estimated = if estimated.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; {} estimated by the scenario, not published",
                        estimated.join(", ")
                    )
                };
                format!(
                    "{sector} {period}: provisional, nowcast from {code} ({}, {first} to {last}, \
                     {observed} of 3 months observed): {growth} y/y{interval}{estimated}",
                    self.indicator.name_en
                )
            }
            Lang::Vi => {
                let estimated = if estimated.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; {} là ước tính của kịch bản, chưa công bố",
                        estimated.join(", ")
                    )
                };
                format!(
                    "{sector} {period}: sơ bộ, dự báo sớm từ {code} ({}, {first} đến {last}, có \
                     số liệu {observed} trên 3 tháng): {growth} so với cùng kỳ{interval}{estimated}",
                    self.indicator.name_vi
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_arithmetic() {
        assert_eq!(month_label(month_ordinal(2025, 7)), "2025-07");
        assert_eq!(month_label(month_ordinal(2025, 12) + 1), "2026-01");
        assert_eq!(
            first_month(Quarter::new(2025, 3).unwrap()),
            month_ordinal(2025, 7)
        );
    }
}
