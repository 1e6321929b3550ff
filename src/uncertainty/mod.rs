//! Uncertainty of a scenario (độ bất định): how the growth of each remaining sector-quarter may
//! deviate from its target, in percentage points.
//!
//! A model speaks of the *leaf* sectors of a scenario's tree (the sectors whose levels the
//! projection adds up; Cao Bằng: NLTS, CN, XD, DV, TSP) in the quarters that actual figures do
//! not cover. With `sd_i` the standard deviation of sector `i`, `C` the correlation of sectors
//! within a quarter and `ar` the correlation of a sector's deviations in consecutive quarters,
//! the deviations `e_iq` have
//!
//! ```text
//! Cov(e_iq, e_jr) = sd_i · sd_j · C_ij · ar^|q − r|        (normal; separable in sector × time)
//! ```
//!
//! | model | constructor | deviation of a cell |
//! |---|---|---|
//! | normal | [`Uncertainty::normal`] | `sd_i · z_iq`, `z` Gaussian with the covariance above |
//! | Student t (fat tails) | [`Uncertainty::student_t`] | `sd_i · z_iq · √((df−2)/W_q)`, one `W_q ~ χ²(df)` per quarter (a multivariate t in each quarter, standard deviation `sd_i`) |
//! | two-piece normal (Bank of England fan charts) | [`Uncertainty::two_piece`] | the two-piece quantile of `Φ(z_iq)`: mode at the target, `σ₁ = sd/√(1+γ)` below and `σ₂ = sd/√(1−γ)` above (Britton, Fisher and Whitley 1998; Wallis 2004) |
//! | block bootstrap | [`Uncertainty::bootstrap`] | historical deviations, all sectors of a quarter drawn together, in blocks of consecutive quarters |
//! | calibrated | [`Uncertainty::from_history`] | normal, with sd, correlation and `ar` estimated from the base accounts ([`history`]) |
//!
//! # Examples
//! ```
//! use grdpsim::uncertainty::{Correlation, Sd, Uncertainty};
//! let u = Uncertainty::normal(Sd::Scalar(1.5), Correlation::Independent, 0.5)?;
//! assert_eq!(u.describe(), "normal, sd 1.50 pp on every leaf sector, independent sectors, ar 0.50");
//! assert!(Uncertainty::normal(Sd::Scalar(-1.0), Correlation::Independent, 0.0).is_err());
//! # Ok::<(), grdpsim::GrdpsimError>(())
//! ```

pub mod file;
pub mod history;

use std::sync::Arc;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::error::{GrdpsimError, Result};
use crate::lang::{Lang, Note};
use crate::sector::SectorTree;

pub use history::{Deviations, NaiveForecast};

/// Tolerance on symmetry, unit diagonal and negative pivots of a correlation matrix.
pub const CORRELATION_TOLERANCE: f64 = 1e-8;

/// Standard deviation of the deviations, percentage points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Sd {
    /// The same sd on every leaf sector.
    Scalar(f64),
    /// One sd per sector code (every leaf of the scenario must be named).
    PerSector(Vec<(String, f64)>),
}

/// Correlation of the sectors' deviations within a quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Correlation {
    /// Independent sectors.
    Independent,
    /// A validated matrix over named sectors ([`Correlation::matrix`]).
    Matrix {
        sectors: Vec<String>,
        matrix: Array2<f64>,
    },
    /// Estimated from the scenario's base accounts when the probability is computed
    /// ([`history::calibrate`] with [`NaiveForecast::default`]).
    History,
}

impl Correlation {
    /// A correlation matrix over `sectors` (rows and columns in that order).
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidUncertainty`] for a wrong shape, a non-finite entry, a diagonal
    /// other than 1, an entry outside [-1, 1], an asymmetric pair or a matrix that is not
    /// positive semi-definite (naming the pair of sectors that shows it).
    ///
    /// # Examples
    /// ```
    /// use grdpsim::uncertainty::Correlation;
    /// let m = ndarray::array![[1.0, 0.9], [0.9, 1.0]];
    /// assert!(Correlation::matrix(vec!["A".into(), "B".into()], m).is_ok());
    /// let bad = ndarray::array![[1.0, 0.9], [0.2, 1.0]];
    /// let e = Correlation::matrix(vec!["A".into(), "B".into()], bad).unwrap_err();
    /// assert!(e.to_string().contains("A and B"));
    /// ```
    pub fn matrix(sectors: Vec<String>, matrix: Array2<f64>) -> Result<Self> {
        let n = sectors.len();
        if matrix.dim() != (n, n) {
            return Err(invalid(
                "correlation",
                None,
                matrix.nrows() as f64,
                format!(
                    "a {}×{} matrix for {n} sectors",
                    matrix.nrows(),
                    matrix.ncols()
                ),
            ));
        }
        for i in 0..n {
            for j in 0..n {
                let v = matrix[[i, j]];
                let pair = || (sectors[i].clone(), Some(sectors[j].clone()));
                let reason = if !v.is_finite() {
                    "not a finite number"
                } else if i == j && (v - 1.0).abs() > CORRELATION_TOLERANCE {
                    "a correlation matrix has 1 on its diagonal"
                } else if v.abs() > 1.0 + CORRELATION_TOLERANCE {
                    "a correlation lies in [-1, 1]"
                } else if (v - matrix[[j, i]]).abs() > CORRELATION_TOLERANCE {
                    "the matrix is not symmetric"
                } else {
                    continue;
                };
                let (s, o) = pair();
                return Err(invalid(&s, o, v, reason.into()));
            }
        }
        cholesky(&matrix, &sectors)?;
        Ok(Self::Matrix { sectors, matrix })
    }
}

/// The shape of the deviations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Shape {
    Normal,
    /// Student t with `df` degrees of freedom (> 2), scaled to the stated sd.
    StudentT {
        df: f64,
    },
    /// Two-piece normal with skew γ in (-1, 1): `σ₁ = sd/√(1+γ)` below the mode, `σ₂ =
    /// sd/√(1−γ)` above (γ > 0: upside risk).
    TwoPiece {
        skew: f64,
    },
    /// Historical deviations drawn in blocks of `block` consecutive quarters.
    Bootstrap {
        deviations: Arc<Deviations>,
        block: usize,
    },
}

/// How the growth of each remaining sector-quarter may deviate from its target; see the
/// [module documentation](self).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Uncertainty {
    shape: Shape,
    sd: Sd,
    corr: Correlation,
    ar: f64,
    calibration: Option<Note>,
    /// The naive forecast whose errors the model was calibrated on (history and bootstrap).
    #[serde(default)]
    forecast: Option<NaiveForecast>,
}

fn invalid(sector: &str, other: Option<String>, value: f64, reason: String) -> GrdpsimError {
    GrdpsimError::InvalidUncertainty {
        sector: sector.to_owned(),
        other,
        value,
        reason,
    }
}

fn check_sd(sd: &Sd) -> Result<()> {
    let check = |sector: &str, v: f64| {
        if v.is_finite() && v >= 0.0 {
            Ok(())
        } else {
            Err(invalid(
                sector,
                None,
                v,
                "an sd is a finite number at or above 0".into(),
            ))
        }
    };
    match sd {
        Sd::Scalar(v) => check("every sector", *v),
        Sd::PerSector(items) => items.iter().try_for_each(|(s, v)| check(s, *v)),
    }
}

fn check_ar(ar: f64) -> Result<()> {
    if ar.is_finite() && ar.abs() < 1.0 {
        Ok(())
    } else {
        Err(invalid(
            "every sector",
            None,
            ar,
            "ar, the correlation of consecutive quarters, lies in (-1, 1)".into(),
        ))
    }
}

impl Uncertainty {
    /// Normal deviations: `sd` (pp) per sector, correlated across sectors by `corr` and across
    /// consecutive quarters by `ar`.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidUncertainty`]: a negative or non-finite sd; `ar` outside (-1, 1).
    ///
    /// # Examples
    /// See the [module documentation](self).
    pub fn normal(sd: Sd, corr: Correlation, ar: f64) -> Result<Self> {
        check_sd(&sd)?;
        check_ar(ar)?;
        Ok(Self {
            shape: Shape::Normal,
            sd,
            corr,
            ar,
            calibration: None,
            forecast: None,
        })
    }

    /// Student-t deviations with `df` degrees of freedom, scaled so that each sector's standard
    /// deviation is its `sd`.
    ///
    /// # Errors
    /// As [`Uncertainty::normal`]; `df` at or below 2 (no variance, so no sd to scale to).
    ///
    /// # Examples
    /// ```
    /// use grdpsim::uncertainty::{Correlation, Sd, Uncertainty};
    /// assert!(Uncertainty::student_t(Sd::Scalar(1.0), 2.0, Correlation::Independent, 0.0).is_err());
    /// ```
    pub fn student_t(sd: Sd, df: f64, corr: Correlation, ar: f64) -> Result<Self> {
        if !(df.is_finite() && df > 2.0) {
            return Err(invalid(
                "every sector",
                None,
                df,
                "Student t needs df > 2 to have the variance its sd states".into(),
            ));
        }
        Ok(Self {
            shape: Shape::StudentT { df },
            ..Self::normal(sd, corr, ar)?
        })
    }

    /// Two-piece normal deviations (Bank of England fan charts): mode at the target, `σ₁ =
    /// sd/√(1+skew)` below and `σ₂ = sd/√(1−skew)` above.
    ///
    /// # Errors
    /// As [`Uncertainty::normal`]; `skew` outside (-1, 1).
    ///
    /// # Examples
    /// ```
    /// use grdpsim::uncertainty::{Correlation, Sd, Uncertainty};
    /// let u = Uncertainty::two_piece(Sd::Scalar(1.0), 0.2, Correlation::Independent, 0.0)?;
    /// assert!(u.marginal_ppf(0.5, 1.0)? > 0.0); // upside risk: the median lies above the mode
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn two_piece(sd: Sd, skew: f64, corr: Correlation, ar: f64) -> Result<Self> {
        if !(skew.is_finite() && skew.abs() < 1.0) {
            return Err(invalid(
                "every sector",
                None,
                skew,
                "the two-piece skew γ lies in (-1, 1)".into(),
            ));
        }
        Ok(Self {
            shape: Shape::TwoPiece { skew },
            ..Self::normal(sd, corr, ar)?
        })
    }

    /// A joint block bootstrap of historical deviations: every path draws blocks of `block`
    /// consecutive historical quarters, all sectors of a quarter together, so the correlation
    /// across sectors and quarters is that of history.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidUncertainty`]: `block` of 0, or more than the history holds.
    pub fn bootstrap(deviations: Deviations, block: usize) -> Result<Self> {
        let t = deviations.values.nrows();
        if block == 0 || block > t {
            return Err(invalid(
                "every sector",
                None,
                block as f64,
                format!("a block holds 1 to {t} quarters (the history's length)"),
            ));
        }
        let forecast = Some(deviations.method);
        let calibration = Note::new(
            format!(
                "block bootstrap (blocks of {block} quarters) of {}",
                deviations.describe()
            ),
            format!(
                "bootstrap theo khối ({block} quý mỗi khối) trên {}",
                deviations.describe_in(Lang::Vi)
            ),
        );
        Ok(Self {
            shape: Shape::Bootstrap {
                deviations: Arc::new(deviations),
                block,
            },
            sd: Sd::Scalar(0.0),
            corr: Correlation::Independent,
            ar: 0.0,
            calibration: Some(calibration),
            forecast,
        })
    }

    /// Normal deviations whose sd, correlation and `ar` are estimated from history; see
    /// [`history::calibrate`].
    ///
    /// # Errors
    /// As [`history::calibrate`].
    pub fn from_history(deviations: &Deviations) -> Result<Self> {
        history::calibrate(deviations)
    }

    /// The model as one self-contained JSON string (a bootstrap's history included), for
    /// copies between processes; [`Uncertainty::from_snapshot`] reads it back.
    ///
    /// # Errors
    /// [`GrdpsimError::Parse`] if serialization fails (it does not for a valid model).
    pub fn to_snapshot(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| GrdpsimError::Parse {
            source_name: "uncertainty snapshot".into(),
            line: 0,
            message: e.to_string(),
        })
    }

    /// The model of [`Uncertainty::to_snapshot`], checked again by the constructors.
    ///
    /// # Errors
    /// [`GrdpsimError::Parse`] for text that is not a snapshot; the constructors' errors for
    /// a snapshot whose figures they refuse.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::uncertainty::{Correlation, Sd, Uncertainty};
    /// let u = Uncertainty::two_piece(Sd::Scalar(1.5), 0.3, Correlation::History, 0.4)?;
    /// assert_eq!(Uncertainty::from_snapshot(&u.to_snapshot()?)?, u);
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn from_snapshot(text: &str) -> Result<Self> {
        let u: Self = serde_json::from_str(text).map_err(|e| GrdpsimError::Parse {
            source_name: "uncertainty snapshot".into(),
            line: e.line(),
            message: e.to_string(),
        })?;
        let corr = match u.corr {
            Correlation::Matrix { sectors, matrix } => Correlation::matrix(sectors, matrix)?,
            other => other,
        };
        let mut checked = match u.shape {
            Shape::Normal => Self::normal(u.sd, corr, u.ar)?,
            Shape::StudentT { df } => Self::student_t(u.sd, df, corr, u.ar)?,
            Shape::TwoPiece { skew } => Self::two_piece(u.sd, skew, corr, u.ar)?,
            Shape::Bootstrap { deviations, block } => {
                let d = Arc::unwrap_or_clone(deviations);
                if d.values.dim() != (d.quarters.len(), d.sectors.len())
                    || d.values.iter().any(|v| !v.is_finite())
                {
                    return Err(invalid(
                        "every sector",
                        None,
                        d.values.len() as f64,
                        "a bootstrap's history is one finite figure per quarter and sector".into(),
                    ));
                }
                Self::bootstrap(d, block)?
            }
        };
        checked.calibration = u.calibration;
        checked.forecast = u.forecast;
        Ok(checked)
    }

    pub(crate) fn calibrated(
        sd: Sd,
        corr: Correlation,
        ar: f64,
        what: Note,
        forecast: NaiveForecast,
    ) -> Result<Self> {
        let mut u = Self::normal(sd, corr, ar)?;
        u.calibration = Some(what);
        u.forecast = Some(forecast);
        Ok(u)
    }

    pub fn shape(&self) -> &Shape {
        &self.shape
    }

    pub fn sd(&self) -> &Sd {
        &self.sd
    }

    pub fn correlation(&self) -> &Correlation {
        &self.corr
    }

    pub fn ar(&self) -> f64 {
        self.ar
    }

    /// The naive forecast whose historical errors the model was calibrated on (from history or
    /// a bootstrap); None for a model stated by hand. [`NaiveForecast::WithinYear`] says that
    /// the model knows only the spread of quarters within their year.
    pub fn forecast(&self) -> Option<NaiveForecast> {
        self.forecast
    }

    /// What the model was calibrated on, if it was.
    pub fn calibration(&self) -> Option<&str> {
        self.calibration.as_ref().map(|c| c.text(Lang::En))
    }

    /// One line that names the model, for reports.
    pub fn describe(&self) -> String {
        self.describe_in(Lang::En)
    }

    /// [`Uncertainty::describe`] in `lang`.
    pub fn describe_in(&self, lang: Lang) -> String {
        let l = |en: &'static str, vi: &'static str| lang.pick(en, vi);
        let shape = match &self.shape {
            Shape::Normal => l("normal", "phân phối chuẩn").to_owned(),
            Shape::StudentT { df } => format!(
                "{} ({} {})",
                l("Student t", "phân phối Student t"),
                l("df", "bậc tự do"),
                lang.shortest(*df)
            ),
            Shape::TwoPiece { skew } => format!(
                "{} ({} {})",
                l("two-piece normal", "phân phối chuẩn hai nửa"),
                l("skew", "độ lệch"),
                lang.shortest(*skew)
            ),
            Shape::Bootstrap { .. } => {
                return self
                    .calibration
                    .as_ref()
                    .map(|c| c.text(lang).to_owned())
                    .unwrap_or_default();
            }
        };
        let sd = match &self.sd {
            Sd::Scalar(v) => format!(
                "{} {} {}",
                l("sd", "độ lệch chuẩn"),
                lang.number(*v, 2),
                l("pp on every leaf sector", "điểm % cho mọi ngành cấp cuối")
            ),
            Sd::PerSector(items) => format!(
                "{} ({})",
                l("sd by sector", "độ lệch chuẩn theo ngành"),
                items
                    .iter()
                    .map(|(s, v)| format!("{s} {}", lang.number(*v, 2)))
                    .collect::<Vec<_>>()
                    .join(l(", ", "; "))
            ),
        };
        let corr = match &self.corr {
            Correlation::Independent => l("independent sectors", "các ngành độc lập"),
            Correlation::Matrix { .. } => l("correlated sectors", "các ngành tương quan"),
            Correlation::History => l(
                "correlation from the base's history",
                "tương quan theo lịch sử của số liệu gốc",
            ),
        };
        let mut out = format!(
            "{shape}, {sd}, {corr}, {} {}",
            l("ar", "tự tương quan"),
            lang.number(self.ar, 2)
        );
        if let Some(c) = &self.calibration {
            out.push_str("; ");
            out.push_str(c.text(lang));
        }
        out
    }

    /// The quantile at probability `p` of one cell's deviation (pp) for a sector whose sd is
    /// `sd`: the marginal distribution of the model (not defined for the bootstrap).
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] naming `p` outside (0, 1) or NaN, `sd` that is not a
    /// finite number above 0, or a bootstrap model.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::uncertainty::{Correlation, Sd, Uncertainty};
    /// let u = Uncertainty::student_t(Sd::Scalar(2.0), 5.0, Correlation::Independent, 0.0)?;
    /// assert!(u.marginal_ppf(1e-300, 1.0)? < -1e50); // far in the tail, computed, no panic
    /// assert!(u.marginal_ppf(0.999999, -2.0).is_err()); // an sd is above 0
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn marginal_ppf(&self, p: f64, sd: f64) -> Result<f64> {
        if !(p > 0.0 && p < 1.0) {
            return Err(GrdpsimError::invalid_argument(
                "p",
                format!("{p} is not a probability in (0, 1)"),
            ));
        }
        if !(sd.is_finite() && sd > 0.0) {
            return Err(GrdpsimError::invalid_argument(
                "sd",
                format!("{sd} is not a standard deviation: a finite number above 0"),
            ));
        }
        Ok(match &self.shape {
            Shape::Normal => sd * standard_normal_ppf(p),
            Shape::StudentT { df } => sd * ((df - 2.0) / df).sqrt() * student_t_ppf(p, *df),
            Shape::TwoPiece { skew } => sd * two_piece_ppf(p, *skew),
            Shape::Bootstrap { .. } => {
                return Err(GrdpsimError::invalid_argument(
                    "uncertainty",
                    "a bootstrap has no parametric marginal",
                ))
            }
        })
    }
}

/// Φ⁻¹(p) for p in [0, 1] (±∞ at the ends).
pub(crate) fn standard_normal_ppf(p: f64) -> f64 {
    -std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * p)
}

/// The quantile at `p` in (0, 1) of Student's t with `df` > 0 degrees of freedom (unit scale).
///
/// statrs' own `StudentsT::inverse_cdf` panics below p ≈ 1e-160 and can loop for ever when
/// `df` is large (0.18: `inv_beta_reg`), so the tail `P(T > x) = ½·I_{df/(df+x²)}(df/2, ½)`
/// is inverted here by bisection on ln x, with statrs' regularized incomplete beta function
/// (a bounded continued fraction that returns): at most 200 steps, whatever `p` and `df`.
/// Above 10⁶ degrees of freedom the Cornish-Fisher expansion around the normal quantile is
/// exact to rounding (its next term is of order z⁷/df³).
pub(crate) fn student_t_ppf(p: f64, df: f64) -> f64 {
    if (p - 0.5).abs() < f64::EPSILON {
        return 0.0;
    }
    let q = p.min(1.0 - p);
    let x = if df > 1e6 {
        let z = -standard_normal_ppf(q);
        let z3 = z * z * z;
        z + (z3 + z) / (4.0 * df) + (5.0 * z3 * z * z + 16.0 * z3 + 3.0 * z) / (96.0 * df * df)
    } else {
        let tail = |x: f64| {
            0.5 * statrs::function::beta::checked_beta_reg(0.5 * df, 0.5, df / (df + x * x))
                .unwrap_or(0.0)
        };
        // ln x brackets: tail(1e-300) is 0.5 to rounding, tail(e^710) is 0 (x² overflows).
        let (mut lo, mut hi) = (-690.0_f64, 0.0_f64);
        while hi < 710.0 && tail(hi.exp()) > q {
            lo = hi;
            hi += 16.0;
        }
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if mid <= lo || mid >= hi {
                break;
            }
            if tail(mid.exp()) > q {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        (0.5 * (lo + hi)).exp()
    };
    if p < 0.5 {
        -x
    } else {
        x
    }
}

/// Φ(z).
pub(crate) fn standard_normal_cdf(z: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(-z / std::f64::consts::SQRT_2)
}

/// The two `σ`s of a two-piece normal with `σ = 1` and skew γ (Britton, Fisher and Whitley
/// 1998: `σ₁² = σ²/(1+γ)`, `σ₂² = σ²/(1−γ)`).
pub(crate) fn two_piece_sigmas(skew: f64) -> (f64, f64) {
    (1.0 / (1.0 + skew).sqrt(), 1.0 / (1.0 - skew).sqrt())
}

/// Quantile of the two-piece normal with mode 0, `σ = 1` and skew γ:
/// `F(x) = 2σ₁/(σ₁+σ₂)·Φ(x/σ₁)` below 0, `1 − 2σ₂/(σ₁+σ₂)·(1 − Φ(x/σ₂))` above.
pub(crate) fn two_piece_ppf(p: f64, skew: f64) -> f64 {
    let (s1, s2) = two_piece_sigmas(skew);
    let below = s1 / (s1 + s2);
    if p <= below {
        s1 * standard_normal_ppf(p * (s1 + s2) / (2.0 * s1))
    } else {
        s2 * standard_normal_ppf(1.0 - (1.0 - p) * (s1 + s2) / (2.0 * s2))
    }
}

/// Lower Cholesky factor (row-major, `n × n`) of a positive semi-definite matrix; a column
/// whose pivot is zero within tolerance is left at zero (a sector that moves with those
/// before it).
///
/// # Errors
/// [`GrdpsimError::InvalidUncertainty`] naming the sector whose pivot is negative and the
/// sector it correlates with most.
pub(crate) fn cholesky(m: &Array2<f64>, sectors: &[String]) -> Result<Vec<f64>> {
    let n = m.nrows();
    let mut l = vec![0.0; n * n];
    for j in 0..n {
        let d = m[[j, j]] - (0..j).map(|k| l[j * n + k] * l[j * n + k]).sum::<f64>();
        let scale = m[[j, j]].abs().max(1.0);
        if d < -CORRELATION_TOLERANCE * scale * n as f64 {
            let other = (0..j)
                .max_by(|&a, &b| m[[j, a]].abs().total_cmp(&m[[j, b]].abs()))
                .map(|k| sectors[k].clone());
            return Err(invalid(
                &sectors[j],
                other,
                d,
                "the correlation matrix is not positive semi-definite: these correlations \
                 cannot hold together with the others"
                    .into(),
            ));
        }
        if d <= CORRELATION_TOLERANCE * scale {
            continue;
        }
        let djj = d.sqrt();
        l[j * n + j] = djj;
        for i in j + 1..n {
            let s = m[[i, j]] - (0..j).map(|k| l[i * n + k] * l[j * n + k]).sum::<f64>();
            l[i * n + j] = s / djj;
        }
    }
    Ok(l)
}

/// The model against the leaf sectors of a tree: sd per leaf, the correlation's Cholesky
/// factor, and for a bootstrap the column of history for each leaf.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    pub sd: Vec<f64>,
    /// Correlation of the leaves (row-major `n × n`).
    pub corr: Vec<f64>,
    pub chol: Vec<f64>,
    pub columns: Vec<usize>,
}

impl Uncertainty {
    /// Resolves sector codes (aliases allowed) against the leaves of `tree`; `history` gives
    /// the correlation when the model asks for it.
    pub(crate) fn resolve(
        &self,
        tree: &SectorTree,
        history: impl FnOnce() -> Result<Uncertainty>,
    ) -> Result<Resolved> {
        let leaves: Vec<usize> = tree.leaves().collect();
        let codes: Vec<String> = leaves.iter().map(|&l| tree.code(l).to_owned()).collect();
        let n = leaves.len();
        let position = |code: &str| -> Result<usize> {
            let node = tree.index(code)?;
            leaves.iter().position(|&l| l == node).ok_or_else(|| {
                invalid(
                    code,
                    None,
                    f64::NAN,
                    format!(
                        "not a leaf sector of the scenario (leaves: {})",
                        codes.join(", ")
                    ),
                )
            })
        };
        let per_leaf = |items: &[(String, f64)], what: &str| -> Result<Vec<f64>> {
            let mut out = vec![f64::NAN; n];
            for (s, v) in items {
                out[position(s)?] = *v;
            }
            if let Some(i) = out.iter().position(|v| v.is_nan()) {
                return Err(invalid(
                    &codes[i],
                    None,
                    f64::NAN,
                    format!("no {what} given for this leaf sector"),
                ));
            }
            Ok(out)
        };
        let mut columns = Vec::new();
        let sd = match (&self.shape, &self.sd) {
            (Shape::Bootstrap { deviations, .. }, _) => {
                let mut cols = vec![usize::MAX; n];
                for (c, s) in deviations.sectors.iter().enumerate() {
                    if let Some(node) = tree.find(s) {
                        if let Some(p) = leaves.iter().position(|&l| l == node) {
                            cols[p] = c;
                        }
                    }
                }
                if let Some(i) = cols.iter().position(|&c| c == usize::MAX) {
                    return Err(invalid(
                        &codes[i],
                        None,
                        f64::NAN,
                        "the bootstrap's history has no deviations for this leaf sector".into(),
                    ));
                }
                columns = cols;
                vec![1.0; n]
            }
            (_, Sd::Scalar(v)) => vec![*v; n],
            (_, Sd::PerSector(items)) => per_leaf(items, "sd")?,
        };
        let corr_of = |c: &Correlation| -> Result<Vec<f64>> {
            let mut m = vec![0.0; n * n];
            for i in 0..n {
                m[i * n + i] = 1.0;
            }
            if let Correlation::Matrix { sectors, matrix } = c {
                let pos = sectors
                    .iter()
                    .map(|s| position(s))
                    .collect::<Result<Vec<_>>>()?;
                for (i, code) in codes.iter().enumerate() {
                    if !pos.contains(&i) {
                        return Err(invalid(
                            code,
                            None,
                            f64::NAN,
                            "the correlation matrix has no row for this leaf sector".into(),
                        ));
                    }
                }
                for (a, &pa) in pos.iter().enumerate() {
                    for (b, &pb) in pos.iter().enumerate() {
                        m[pa * n + pb] = matrix[[a, b]];
                    }
                }
            }
            Ok(m)
        };
        let corr = match &self.corr {
            Correlation::History => corr_of(history()?.correlation())?,
            c => corr_of(c)?,
        };
        let chol = cholesky(
            &Array2::from_shape_vec((n, n), corr.clone()).expect("n × n"),
            &codes,
        )?;
        Ok(Resolved {
            sd,
            corr,
            chol,
            columns,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::student_t_ppf;

    /// Closed forms: df = 2, `(2p−1)/√(2p(1−p))`; df = 4, `2·√(cos(acos(√α)/3)/√α − 1)` with
    /// `α = 4p(1−p)` (Hill 1970).
    fn closed_form(p: f64, df: f64) -> f64 {
        let sign = if p < 0.5 { -1.0 } else { 1.0 };
        if (df - 2.0).abs() < 1e-12 {
            return (2.0 * p - 1.0) / (2.0 * p * (1.0 - p)).sqrt();
        }
        let a = 4.0 * p * (1.0 - p);
        sign * 2.0 * ((a.sqrt().acos() / 3.0).cos() / a.sqrt() - 1.0).sqrt()
    }

    #[test]
    fn the_t_quantile_matches_closed_forms_from_the_centre_to_the_far_tails() {
        for df in [2.0, 4.0] {
            for p in [
                1e-300,
                1e-200,
                1e-100,
                1e-20,
                1e-6,
                0.01,
                0.3,
                0.6,
                0.975,
                1.0 - 1e-12,
            ] {
                let (got, want) = (student_t_ppf(p, df), closed_form(p, df));
                assert!(
                    (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                    "df {df} p {p}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn the_t_quantile_matches_published_tables_and_the_normal_limit() {
        // Student t tables: t_{5, 0.975} = 2.570582, t_{10, 0.995} = 3.169273, t_{30, 0.95} = 1.697261.
        for (p, df, want) in [
            (0.975, 5.0, 2.570_582),
            (0.995, 10.0, 3.169_273),
            (0.05, 30.0, -1.697_261),
        ] {
            assert!((student_t_ppf(p, df) - want).abs() < 1e-6, "{p} {df}");
        }
        // Where statrs' inverse_cdf hangs (df 1e10) or panics (p 1e-300): the normal's quantile.
        for p in [1e-300, 0.3, 0.999_999] {
            let (t, z) = (student_t_ppf(p, 1e10), super::standard_normal_ppf(p));
            assert!((t - z).abs() < 1e-6 * z.abs().max(1.0), "{p}: {t} vs {z}");
        }
        // Either side of the switch to Cornish-Fisher at df = 10^6, the same figure.
        let (below, above) = (
            student_t_ppf(1e-12, 999_999.0),
            student_t_ppf(1e-12, 1_000_001.0),
        );
        assert!((below - above).abs() < 1e-6, "{below} vs {above}");
    }
}
