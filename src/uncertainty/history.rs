//! Historical deviations: how far each leaf sector's year-on-year quarterly growth fell from a
//! stated naive forecast, and the normal model calibrated on them.
//!
//! The naive forecast stands in for the scenario's target: a target is a forecast that the
//! province commits to, and the error of a naive one is the honest scale of how far a quarter
//! can land from it. The default, [`NaiveForecast::Mean`] over the last 3 years, averages 12
//! quarterly rates; the same quarter a year earlier ([`NaiveForecast::SameQuarter`]) carries
//! that quarter's own noise into the forecast (with independent shocks its error has twice
//! their variance) and needs one year less of data.

use std::fmt;

use ndarray::Array2;

use super::{Correlation, Sd, Uncertainty};
use crate::accounts::{Accounts, PriceBasis};
use crate::error::{GrdpsimError, Result};
use crate::growth::growth_pct;
use crate::lang::{Lang, Note};
use crate::period::{Period, Quarter};

/// The naive forecast of a sector's year-on-year growth in a quarter of year `y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum NaiveForecast {
    /// The growth of the same quarter of `y − 1`.
    SameQuarter,
    /// The mean of the sector's quarterly year-on-year growth over years `y − k .. y − 1`.
    Mean { years: usize },
    /// Not a forecast: the sector's growth over the whole of `y` (the dispersion of the
    /// quarters within each year). It needs only two years of levels, which makes it the one
    /// calibration a two-year provincial base allows; it says nothing of how a whole year can
    /// miss, so it understates the risk to an annual target.
    WithinYear,
}

impl Default for NaiveForecast {
    fn default() -> Self {
        Self::Mean { years: 3 }
    }
}

impl fmt::Display for NaiveForecast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SameQuarter => write!(f, "the same quarter's growth a year earlier"),
            Self::Mean { years } => {
                write!(f, "the sector's mean growth over the last {years} year(s)")
            }
            Self::WithinYear => write!(
                f,
                "the sector's growth over the same year (within-year spread only)"
            ),
        }
    }
}

impl NaiveForecast {
    /// The forecast in `lang` (English as [`fmt::Display`]).
    pub fn label_in(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::En, _) => self.to_string(),
            (Lang::Vi, Self::SameQuarter) => "tăng trưởng cùng quý năm trước".into(),
            (Lang::Vi, Self::Mean { years }) => {
                format!("tăng trưởng bình quân của ngành trong {years} năm gần nhất")
            }
            (Lang::Vi, Self::WithinYear) => {
                "tăng trưởng cả năm của ngành (chỉ chênh lệch trong năm)".into()
            }
        }
    }

    /// `same_quarter`, `mean` or `within_year`: the name [`NaiveForecast::parse`] reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::SameQuarter => "same_quarter",
            Self::Mean { .. } => "mean",
            Self::WithinYear => "within_year",
        }
    }

    /// `same_quarter`, `mean` (with `years`), `within_year`.
    ///
    /// # Errors
    /// [`GrdpsimError::UnknownOption`]; `mean` with 0 years.
    pub fn parse(name: &str, years: usize) -> Result<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "same_quarter" | "last_year" => Ok(Self::SameQuarter),
            "mean" if years > 0 => Ok(Self::Mean { years }),
            "mean" => Err(GrdpsimError::invalid_argument(
                "years",
                "the mean of 0 years is no forecast",
            )),
            "within_year" => Ok(Self::WithinYear),
            other => Err(GrdpsimError::UnknownOption {
                option: "naive forecast".into(),
                value: other.into(),
                expected: "same_quarter, mean, within_year".into(),
            }),
        }
    }

    /// Years of growth before the quarter that the forecast uses.
    fn lookback(self) -> usize {
        match self {
            Self::SameQuarter => 1,
            Self::Mean { years } => years,
            Self::WithinYear => 0,
        }
    }
}

/// Deviations of each leaf sector's year-on-year growth from the naive forecast, quarter by
/// quarter (rows) and sector (columns), percentage points.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Deviations {
    pub sectors: Vec<String>,
    pub quarters: Vec<Quarter>,
    pub values: Array2<f64>,
    pub method: NaiveForecast,
}

impl Deviations {
    /// What the deviations are, in one phrase.
    pub fn describe(&self) -> String {
        self.describe_in(Lang::En)
    }

    /// [`Deviations::describe`] in `lang`.
    pub fn describe_in(&self, lang: Lang) -> String {
        let label = |q: Option<&Quarter>| {
            q.map(|q| Period::quarter(*q).label(lang))
                .unwrap_or_default()
        };
        let (first, last) = (label(self.quarters.first()), label(self.quarters.last()));
        let n = self.quarters.len();
        let method = self.method.label_in(lang);
        match lang {
            Lang::En => format!("{n} quarters {first}-{last} of deviations from {method}"),
            Lang::Vi => format!("độ lệch của {n} quý {first}-{last} so với {method}"),
        }
    }
}

/// Year-on-year growth of every leaf (rows) in every quarter from the fifth on (columns, the
/// first is the accounts' fifth quarter), percent; 0 on a zero base.
fn leaf_growth(acc: &Accounts) -> Result<(Vec<String>, Array2<f64>)> {
    let tree = acc.tree();
    let m = acc.matrix(PriceBasis::Constant)?;
    let leaves: Vec<usize> = tree.leaves().collect();
    let t = acc.n_quarters().saturating_sub(4);
    let quarters: Vec<Quarter> = acc.quarters().collect();
    let mut g = Array2::zeros((leaves.len(), t));
    for ((i, c), v) in g.indexed_iter_mut() {
        // A zero base leaves a sector's history without growth: named, never read as 0%.
        *v = growth_pct(
            m[[leaves[i], c + 4]],
            m[[leaves[i], c]],
            tree.code(leaves[i]),
            &quarters[c].to_string(),
        )?;
    }
    let codes = leaves.iter().map(|&l| tree.code(l).to_owned()).collect();
    Ok((codes, g))
}

/// The forecast of growth column `c` (a quarter) from growth columns before it; `None` when
/// history does not reach back far enough. `q0` is the quarter of growth column 0.
fn forecast(
    g: &Array2<f64>,
    i: usize,
    c: usize,
    q0: Quarter,
    method: NaiveForecast,
) -> Option<f64> {
    let quarter_in_year = usize::from(q0.offset(c as i64).quarter()) - 1;
    let year_start = c.checked_sub(quarter_in_year)?;
    match method {
        NaiveForecast::SameQuarter => Some(g[[i, c.checked_sub(4)?]]),
        NaiveForecast::Mean { years } => {
            let first = year_start.checked_sub(4 * years)?;
            Some((first..year_start).map(|k| g[[i, k]]).sum::<f64>() / (4 * years) as f64)
        }
        NaiveForecast::WithinYear => {
            if year_start + 4 > g.ncols() {
                return None;
            }
            Some((year_start..year_start + 4).map(|k| g[[i, k]]).sum::<f64>() / 4.0)
        }
    }
}

/// Deviations of every leaf sector's year-on-year growth from `method`'s forecast, for the
/// quarters from year `since` on (default: as early as the forecast allows).
///
/// # Errors
/// [`GrdpsimError::InvalidUncertainty`] when no quarter has both its growth and its forecast.
pub fn deviations(acc: &Accounts, since: Option<i32>, method: NaiveForecast) -> Result<Deviations> {
    let (sectors, g) = leaf_growth(acc)?;
    let q0 = acc.start().offset(4);
    let mut quarters = Vec::new();
    let mut rows = Vec::new();
    for c in 0..g.ncols() {
        let q = q0.offset(c as i64);
        if since.is_some_and(|y| q.year() < y) {
            continue;
        }
        let row: Option<Vec<f64>> = (0..sectors.len())
            .map(|i| forecast(&g, i, c, q0, method).map(|f| g[[i, c]] - f))
            .collect();
        if let Some(row) = row {
            quarters.push(q);
            rows.extend(row);
        }
    }
    if quarters.is_empty() {
        return Err(GrdpsimError::InvalidUncertainty {
            sector: "every sector".into(),
            other: None,
            value: acc.n_quarters() as f64,
            reason: format!(
                "no quarter of the accounts ({}-{}) has both its growth and a forecast from {method}: \
                 that needs {} year(s) of levels before it",
                acc.start(),
                acc.end(),
                method.lookback() + 1
            ),
        });
    }
    let values =
        Array2::from_shape_vec((quarters.len(), sectors.len()), rows).expect("rows × sectors");
    Ok(Deviations {
        sectors,
        quarters,
        values,
        method,
    })
}

/// The naive forecast of every leaf sector's growth in the four quarters of `year` (leaves ×
/// 4, percent), from the accounts' years before `year` only.
///
/// # Errors
/// [`GrdpsimError::InvalidUncertainty`] when the accounts do not reach back far enough, or for
/// [`NaiveForecast::WithinYear`], which is no forecast.
pub fn naive_forecast(
    acc: &Accounts,
    year: i32,
    method: NaiveForecast,
) -> Result<(Vec<String>, Array2<f64>)> {
    let (sectors, g) = leaf_growth(acc)?;
    let q0 = acc.start().offset(4);
    let first = Quarter::new(year, 1)?;
    let c0 = first.ordinal() - q0.ordinal();
    let fail = |reason: String| GrdpsimError::InvalidUncertainty {
        sector: "every sector".into(),
        other: None,
        value: f64::from(year),
        reason,
    };
    if method == NaiveForecast::WithinYear {
        return Err(fail(
            "within_year measures spread within a year; it forecasts nothing".into(),
        ));
    }
    let mut out = Array2::zeros((sectors.len(), 4));
    for q in 0..4 {
        let c = c0 + q as i64;
        // Only the years before `year` may inform the forecast: build it on a column that
        // exists, or pretend one exists by forecasting from the columns before.
        let Ok(c) = usize::try_from(c) else {
            return Err(fail(format!(
                "the accounts start at {}: too late for a forecast of {year}",
                acc.start()
            )));
        };
        let needed = c
            .checked_sub(q)
            .and_then(|s| s.checked_sub(4 * method.lookback()));
        if needed.is_none() || c - q > g.ncols() {
            return Err(fail(format!(
                "a forecast of {year} from {method} needs growth for the years before it; the accounts cover {}-{}",
                acc.start(),
                acc.end()
            )));
        }
        for i in 0..sectors.len() {
            out[[i, q]] = match method {
                NaiveForecast::SameQuarter => g[[i, c - 4]],
                NaiveForecast::Mean { years } => {
                    let start = c - q;
                    (start - 4 * years..start).map(|k| g[[i, k]]).sum::<f64>() / (4 * years) as f64
                }
                NaiveForecast::WithinYear => unreachable!("refused above"),
            };
        }
    }
    Ok((sectors, out))
}

/// The normal model calibrated on historical deviations:
///
/// - `sd_i`: root mean square of sector `i`'s deviations (not demeaned: a forecast's bias is
///   part of its error);
/// - correlation: the deviations' cross moments scaled to a unit diagonal, shrunk toward the
///   identity by `λ = n/(n+T)` (`n` sectors, `T` quarters), so that a short history yields a
///   usable positive definite matrix instead of a singular one;
/// - `ar`: the pooled lag-1 autocorrelation of the deviations over all sectors, held within
///   [-0.95, 0.95].
///
/// # Errors
/// [`GrdpsimError::InvalidUncertainty`] with fewer than 4 quarters of deviations.
pub fn calibrate(dev: &Deviations) -> Result<Uncertainty> {
    let (t, n) = dev.values.dim();
    if t < 4 {
        return Err(GrdpsimError::InvalidUncertainty {
            sector: "every sector".into(),
            other: None,
            value: t as f64,
            reason: format!(
                "{}: at least 4 quarters are needed to calibrate",
                dev.describe()
            ),
        });
    }
    let d = &dev.values;
    let ss: Vec<f64> = (0..n)
        .map(|i| d.column(i).iter().map(|v| v * v).sum())
        .collect();
    let sd: Vec<(String, f64)> = dev
        .sectors
        .iter()
        .zip(&ss)
        .map(|(s, v)| (s.clone(), (v / t as f64).sqrt()))
        .collect();
    let lambda = n as f64 / (n + t) as f64;
    let corr = Array2::from_shape_fn((n, n), |(i, j)| {
        if i == j {
            1.0
        } else if ss[i] == 0.0 || ss[j] == 0.0 {
            0.0
        } else {
            let c = d.column(i).dot(&d.column(j)) / (ss[i] * ss[j]).sqrt();
            (1.0 - lambda) * c
        }
    });
    let (num, den) = (0..n).fold((0.0, 0.0), |(num, den), i| {
        let col = d.column(i);
        let lagged: f64 = (1..t).map(|k| col[k] * col[k - 1]).sum();
        (num + lagged, den + ss[i])
    });
    let ar = if den > 0.0 {
        (num / den).clamp(-0.95, 0.95)
    } else {
        0.0
    };
    let what = Note::new(
        format!(
            "calibrated on {}; correlation shrunk toward independence by {}",
            dev.describe(),
            Lang::En.number(lambda, 2)
        ),
        format!(
            "hiệu chỉnh trên {}; tương quan co về độc lập với hệ số {}",
            dev.describe_in(Lang::Vi),
            Lang::Vi.number(lambda, 2)
        ),
    );
    Uncertainty::calibrated(
        Sd::PerSector(sd),
        Correlation::matrix(dev.sectors.clone(), corr)?,
        ar,
        what,
        dev.method,
    )
}
