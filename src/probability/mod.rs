//! How likely is the target (khả năng đạt mục tiêu)? The distribution of annual GRDP growth
//! under an [`Uncertainty`] about the sector-quarters that actual figures do not cover.
//!
//! Every figure reported here is linear in the deviations `e_iq` (pp) of the free leaf cells:
//! with `X` the outturn levels (actuals where reported, targets elsewhere), `b` the base-year
//! levels and `B_P` the base level of GRDP over a period `P`,
//!
//! ```text
//! growth over P = (Σ_{i, q∈P} X_iq) / B_P · 100 − 100  +  Σ_{i, q∈P free} (b_iq / B_P) · e_iq
//! ```
//!
//! and likewise for a sector's annual growth (over its own base) and for the growth the last
//! remaining quarter would need given the earlier ones. Cells that actuals cover carry no
//! uncertainty. For a normal model the distribution of each figure is normal with a mean and
//! variance computed exactly ([`Method::Analytic`]); for the others a seeded Monte Carlo
//! simulation ([`monte_carlo`]) gives them.
//!
//! # Examples
//! ```
//! use grdpsim::probability::{probability, Method, Options};
//! use grdpsim::uncertainty::{Correlation, Sd, Uncertainty};
//! let sc = grdpsim::datasets::cao_bang_2025()?;
//! let u = Uncertainty::normal(Sd::Scalar(2.0), Correlation::Independent, 0.0)?;
//! let p = probability(&sc, &u, &Options::default())?;
//! assert_eq!(p.method, Method::Analytic);
//! assert!(p.p_reach > 0.0 && p.p_reach < 0.5); // 7.15% as it stands, 8% targeted
//! # Ok::<(), grdpsim::GrdpsimError>(())
//! ```

mod display;
pub use display::probability_line;
pub mod monte_carlo;

use crate::growth::{grown, pct_or_zero as pct};
use std::fmt::Write as _;

use crate::error::{GrdpsimError, Result};
use crate::lang::Lang;
use crate::period::Quarter;
use crate::scenario::Scenario;
use crate::uncertainty::{
    history, standard_normal_cdf, standard_normal_ppf, Resolved, Shape, Uncertainty,
};

/// The percentiles every distribution is reported at: 5, 10, ..., 95.
pub const LEVELS: [f64; 19] = [
    5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0, 40.0, 45.0, 50.0, 55.0, 60.0, 65.0, 70.0, 75.0, 80.0,
    85.0, 90.0, 95.0,
];

/// The periods of the fan chart, in reading order.
pub const FAN_PERIODS: [&str; 7] = ["Q1", "Q2", "H1", "Q3", "9M", "Q4", "Y"];

/// How the distribution is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Analytic when the model is normal, Monte Carlo otherwise.
    #[default]
    Auto,
    /// Exact mean and variance of each linear form (normal models only).
    Analytic,
    MonteCarlo,
}

impl Method {
    /// `auto`, `analytic` or `monte_carlo`: the name [`Method::from_str`](std::str::FromStr)
    /// reads and Python shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Analytic => "analytic",
            Self::MonteCarlo => "monte_carlo",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The uncertainty model a probability was computed under, rendered per language by
/// [`ModelDescription::describe_in`] (English by `Display`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelDescription {
    /// The model (None only in a report not yet labelled).
    pub uncertainty: Option<Uncertainty>,
    /// The base the model's correlation was calibrated on (first and last quarter), when it
    /// comes from the base's history.
    pub calibrated_on: Option<(Quarter, Quarter)>,
}

impl ModelDescription {
    /// One line naming the model in `lang`: `normal, sd 1.50 pp on every leaf sector, ...`.
    pub fn describe_in(&self, lang: Lang) -> String {
        let mut out = self
            .uncertainty
            .as_ref()
            .map(|u| u.describe_in(lang))
            .unwrap_or_default();
        if let Some((start, end)) = self.calibrated_on {
            let _ = match lang {
                Lang::En => write!(out, " (calibrated on the base {start}-{end})"),
                Lang::Vi => write!(out, " (hiệu chỉnh trên số liệu gốc {start}-{end})"),
            };
        }
        out
    }
}

impl std::fmt::Display for ModelDescription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe_in(Lang::En))
    }
}

impl std::str::FromStr for Method {
    type Err = GrdpsimError;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "analytic" => Ok(Self::Analytic),
            "monte_carlo" | "mc" => Ok(Self::MonteCarlo),
            other => Err(GrdpsimError::UnknownOption {
                option: "method".into(),
                value: other.into(),
                expected: "auto, analytic, monte_carlo".into(),
            }),
        }
    }
}

/// Options of [`probability`].
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Annual GRDP target, percent (default: the scenario's, [`Scenario::annual_target_pct`]).
    pub target_pct: Option<f64>,
    pub paths: usize,
    pub seed: u64,
    pub method: Method,
    /// Threads of a pool of its own (default: rayon's global pool). Results do not depend on
    /// it.
    pub threads: Option<usize>,
    /// Accept a `target_pct` below 1 in absolute value (by default 0.08 is taken for a
    /// fraction meant as 8% and refused: [`GrdpsimError::LooksLikeFraction`]).
    pub fractions_ok: bool,
    /// Keep every path's growth of every leaf sector in every quarter ([`Probability::paths`]):
    /// paths × sectors × 4 numbers in memory. A normal model is then simulated cell by cell
    /// (the kept paths are the ones the figures come from), so its figures differ from a run
    /// without kept paths within the Monte Carlo error. Monte Carlo only, in one process.
    pub keep_paths: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            target_pct: None,
            paths: 1_000_000,
            seed: 0,
            method: Method::Auto,
            threads: None,
            keep_paths: false,
            fractions_ok: false,
        }
    }
}

/// A distribution of one figure: normal (analytic) or a fine histogram (Monte Carlo).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Distribution {
    Normal { mean: f64, sd: f64 },
    Histogram(monte_carlo::Histogram),
}

impl Distribution {
    /// P(X ≤ x).
    pub fn cdf(&self, x: f64) -> f64 {
        match self {
            Self::Normal { mean, sd } if *sd == 0.0 => f64::from(u8::from(x >= *mean)),
            Self::Normal { mean, sd } => standard_normal_cdf((x - mean) / sd),
            Self::Histogram(h) => h.cdf(x),
        }
    }

    /// The quantile at probability `p` in (0, 1).
    pub fn ppf(&self, p: f64) -> f64 {
        match self {
            Self::Normal { mean, sd } => mean + sd * standard_normal_ppf(p),
            Self::Histogram(h) => h.ppf(p),
        }
    }

    /// The continuous ranked probability score of an observed `x` (pp; lower is better).
    pub fn crps(&self, x: f64) -> f64 {
        match self {
            Self::Normal { mean, sd } if *sd == 0.0 => (x - mean).abs(),
            Self::Normal { mean, sd } => {
                let z = (x - mean) / sd;
                let pdf = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
                sd * (z * (2.0 * standard_normal_cdf(z) - 1.0) + 2.0 * pdf
                    - 1.0 / std::f64::consts::PI.sqrt())
            }
            Self::Histogram(h) => h.crps(x),
        }
    }
}

/// One sector's annual growth under the uncertainty.
#[derive(Debug, Clone, PartialEq)]
pub struct SectorProbability {
    pub sector: String,
    pub target_pct: f64,
    /// P(the sector's annual growth ≥ its own annual target).
    pub p_reach: f64,
    /// Percentiles [`LEVELS`] of its annual growth.
    pub quantiles: Vec<f64>,
    /// Its share of the variance of annual GRDP growth: `Cov(c_i, G) / Var(G)` with `c_i` its
    /// contribution (pp of GRDP); the shares add up to 1.
    pub variance_share: f64,
}

/// The distribution of annual GRDP growth and what follows from it; see the [module
/// documentation](self).
#[derive(Debug, Clone, PartialEq)]
pub struct Probability {
    pub target_pct: f64,
    /// The method used: [`Method::Analytic`] or [`Method::MonteCarlo`] (never `Auto`).
    pub method: Method,
    /// The uncertainty model ([`ModelDescription::describe_in`] names it per language).
    pub model: ModelDescription,
    pub paths: usize,
    pub seed: u64,
    /// P(annual GRDP growth ≥ target).
    pub p_reach: f64,
    /// Monte Carlo standard error of `p_reach`, `√(p(1−p)/paths)` (0 when analytic).
    pub p_reach_se: f64,
    pub mean_pct: f64,
    pub sd_pct: f64,
    /// `E[target − growth | growth < target]`, pp (None when growth cannot fall short).
    pub expected_shortfall_pp: Option<f64>,
    /// Percentiles [`LEVELS`] of annual GRDP growth.
    pub quantiles: Vec<f64>,
    /// The periods of the fan ([`FAN_PERIODS`]).
    pub fan_periods: Vec<String>,
    /// Whether actual figures cover the whole period (its band is a line).
    pub fan_known: Vec<bool>,
    /// Percentiles [`LEVELS`] of GRDP growth over each period of the fan.
    pub fan: Vec<Vec<f64>>,
    pub by_sector: Vec<SectorProbability>,
    /// The last quarter with uncertainty (`Q4`), when at least one quarter is uncertain.
    pub required_period: Option<String>,
    /// Percentiles [`LEVELS`] of the growth that quarter would need to reach the target,
    /// given the earlier remaining quarters (a single value repeated when it is the only
    /// uncertain quarter).
    pub required_quantiles: Vec<f64>,
    /// With [`Options::keep_paths`]: every path's growth (percent, same quarter of the year
    /// before) of each leaf sector (in the order of `by_sector`) in each quarter, paths ×
    /// sectors × 4; quarters with actuals hold their actual growth in every path.
    pub paths_kept: Option<ndarray::Array3<f64>>,
    /// The distribution of annual GRDP growth (for scoring: cdf, crps).
    pub annual: Distribution,
}

/// Linear forms of the free cells: `value = a + Σ m[cell] · e[cell]`, cells `4·leaf + q`.
#[derive(Debug, Clone)]
pub(crate) struct Forms {
    pub n: usize,
    /// The free cells (not covered by actuals).
    pub free: Vec<bool>,
    /// Base levels of the leaves (`4·leaf + q`).
    pub base: Vec<f64>,
    /// Base level of GRDP in each quarter and over the year.
    pub base_q: [f64; 4],
    pub base_y: f64,
    /// Base level of each leaf over the year.
    pub base_leaf: Vec<f64>,
    /// Outturn growth of the fan periods, of each leaf over the year, and the required
    /// growth's constant.
    pub fan_a: [f64; 7],
    pub leaf_a: Vec<f64>,
    /// Each leaf's own annual target, percent.
    pub leaf_target: Vec<f64>,
    /// Outturn growth of each cell (`4·leaf + q`): the actual where there is one, else the
    /// target; a kept path adds its deviation to the free ones.
    pub cell_a: Vec<f64>,
    pub required_a: f64,
    /// The last quarter with a free cell (0-based).
    pub last_free: Option<usize>,
    pub target: f64,
}

/// Quarters (0-based, inclusive) of each fan period.
pub(crate) const FAN_SPANS: [(usize, usize); 7] =
    [(0, 0), (1, 1), (0, 1), (2, 2), (0, 2), (3, 3), (0, 3)];

impl Forms {
    fn new(sc: &Scenario, target: f64) -> Self {
        let base_levels = sc.leaf_base_levels();
        let x = sc.outturn_levels();
        let n = base_levels.nrows();
        let mut free = vec![false; 4 * n];
        let mut base = vec![0.0; 4 * n];
        for i in 0..n {
            for q in 0..4 {
                free[4 * i + q] = !sc.is_pinned(i, q);
                base[4 * i + q] = base_levels[[i, q]];
            }
        }
        let sum = |m: &ndarray::Array2<f64>, first: usize, last: usize| -> f64 {
            (0..n)
                .map(|i| (first..=last).map(|q| m[[i, q]]).sum::<f64>())
                .sum()
        };
        let base_q = [0, 1, 2, 3].map(|q| sum(&base_levels, q, q));
        let base_y = base_q.iter().sum();
        let fan_a = FAN_SPANS.map(|(f, l)| pct(sum(x, f, l), sum(&base_levels, f, l)));
        let base_leaf: Vec<f64> = (0..n).map(|i| base_levels.row(i).sum()).collect();
        let leaf_a = (0..n).map(|i| pct(x.row(i).sum(), base_leaf[i])).collect();
        // Each leaf's own annual target: the stated one where one is stated, else its plan.
        let leaf_target = sc
            .tree()
            .leaves()
            .map(|leaf| sc.annual_target_at(leaf))
            .collect();
        let last_free = (0..4).rev().find(|&q| (0..n).any(|i| free[4 * i + q]));
        let required_a = last_free.map_or(f64::NAN, |r| {
            let others: f64 = (0..4).filter(|&q| q != r).map(|q| sum(x, q, q)).sum();
            pct(grown(base_y, target) - others, base_q[r])
        });
        Self {
            n,
            free,
            base,
            base_q,
            base_y,
            base_leaf,
            fan_a,
            leaf_a,
            leaf_target,
            cell_a: (0..4 * n)
                .map(|c| pct(x[[c / 4, c % 4]], base_levels[[c / 4, c % 4]]))
                .collect(),
            required_a,
            last_free,
            target,
        }
    }
}

fn div(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

/// The probability of reaching the target, fan, by-sector figures and required growth; see
/// the [module documentation](self).
///
/// # Errors
/// - [`GrdpsimError::InvalidArgument`]: `paths` of 0 for a simulation; a target that is not
///   finite; `Method::Analytic` with a model that is not normal.
/// - [`GrdpsimError::LooksLikeFraction`]: a target below 1 in absolute value (0.08 for 8%),
///   unless [`Options::fractions_ok`] or the scenario accepts fractions.
/// - [`GrdpsimError::InvalidUncertainty`]: a model that does not fit the scenario's leaf
///   sectors (an sd or correlation for a sector that is not a leaf, a leaf without one).
/// - [`GrdpsimError::AboveCeiling`]: more paths than a run may draw
///   ([`monte_carlo::MAX_PATHS`], or the paths whose kept figures fill
///   [`monte_carlo::MAX_KEPT_BYTES`]), refused before the run with its estimated memory and
///   time.
pub fn probability(sc: &Scenario, u: &Uncertainty, opts: &Options) -> Result<Probability> {
    probability_interruptible(sc, u, opts, &mut || false)
}

/// [`probability`], asking `stop` between batches of Monte Carlo chunks (about every tenth
/// of a second, on the calling thread) whether to go on: a front end passes a check for
/// Ctrl-C. The result does not depend on how often it is asked.
///
/// # Errors
/// Those of [`probability`]; [`GrdpsimError::Interrupted`] when `stop` returns true.
///
/// # Examples
/// ```
/// use grdpsim::probability::{probability_interruptible, Method, Options};
/// use grdpsim::uncertainty::{Correlation, Sd, Uncertainty};
/// use grdpsim::GrdpsimError;
/// let sc = grdpsim::datasets::cao_bang_2025()?;
/// let u = Uncertainty::student_t(Sd::Scalar(2.0), 5.0, Correlation::Independent, 0.0)?;
/// let opts = Options { paths: 100_000, ..Options::default() };
/// let e = probability_interruptible(&sc, &u, &opts, &mut || true).unwrap_err();
/// assert!(matches!(e, GrdpsimError::Interrupted { done: 0, .. }));
/// # Ok::<(), GrdpsimError>(())
/// ```
pub fn probability_interruptible(
    sc: &Scenario,
    u: &Uncertainty,
    opts: &Options,
    stop: &mut dyn FnMut() -> bool,
) -> Result<Probability> {
    let s = Setup::new(sc, u, opts)?;
    let out = if s.analytic {
        analytic_probability(&s.forms, &s.resolved, u.ar())
    } else {
        s.check_paths(opts)?;
        monte_carlo::simulate(&s.forms, &s.resolved, u, opts, stop)?
    };
    Ok(s.label(out, sc))
}

/// The number of Monte Carlo chunks [`probability`] runs for these options, or None when it
/// computes the distribution analytically (nothing to split).
///
/// # Errors
/// Those of [`probability`].
pub fn monte_carlo_chunks(sc: &Scenario, u: &Uncertainty, opts: &Options) -> Result<Option<usize>> {
    let s = Setup::new(sc, u, opts)?;
    if s.analytic {
        return Ok(None);
    }
    s.check_paths(opts)?;
    Ok(Some(monte_carlo::chunk_count(opts.paths)))
}

/// Chunks `chunks` of the Monte Carlo run of [`probability`]: what a worker computes when a
/// run is split over processes or machines. Chunk `c` draws from the stream of the seed
/// jumped `c` times, so the parts of any split, merged by [`merge_monte_carlo`], give the
/// bits [`probability`] gives in one process.
///
/// # Errors
/// Those of [`probability`]; [`GrdpsimError::InvalidArgument`] when the options select the
/// analytic method or `chunks` is not a non-empty range of [`monte_carlo_chunks`].
///
/// # Examples
/// ```
/// use grdpsim::probability::{merge_monte_carlo, probability, simulate_chunks, Method, Options};
/// use grdpsim::uncertainty::{Correlation, Sd, Uncertainty};
/// let sc = grdpsim::datasets::cao_bang_2025()?;
/// let u = Uncertainty::student_t(Sd::Scalar(2.0), 5.0, Correlation::Independent, 0.0)?;
/// let opts = Options { paths: 30_000, ..Options::default() }; // 4 chunks
/// let parts = vec![simulate_chunks(&sc, &u, &opts, 2..4)?, simulate_chunks(&sc, &u, &opts, 0..2)?];
/// assert_eq!(merge_monte_carlo(&sc, &u, &opts, parts)?, probability(&sc, &u, &opts)?);
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
pub fn simulate_chunks(
    sc: &Scenario,
    u: &Uncertainty,
    opts: &Options,
    chunks: std::ops::Range<usize>,
) -> Result<monte_carlo::Partial> {
    simulate_chunks_interruptible(sc, u, opts, chunks, &mut || false)
}

/// [`simulate_chunks`], asking `stop` between batches of chunks as
/// [`probability_interruptible`] does.
///
/// # Errors
/// Those of [`simulate_chunks`]; [`GrdpsimError::Interrupted`] when `stop` returns true.
pub fn simulate_chunks_interruptible(
    sc: &Scenario,
    u: &Uncertainty,
    opts: &Options,
    chunks: std::ops::Range<usize>,
    stop: &mut dyn FnMut() -> bool,
) -> Result<monte_carlo::Partial> {
    let s = Setup::new(sc, u, opts)?;
    s.monte_carlo_only(opts)?;
    monte_carlo::simulate_part(&s.forms, &s.resolved, u, opts, chunks, stop)
}

/// The report of a Monte Carlo run from the parts of [`simulate_chunks`] (in any order).
///
/// # Errors
/// Those of [`simulate_chunks`]; [`GrdpsimError::InvalidArgument`] when the parts do not
/// cover each chunk exactly once or come from another simulation.
pub fn merge_monte_carlo(
    sc: &Scenario,
    u: &Uncertainty,
    opts: &Options,
    parts: Vec<monte_carlo::Partial>,
) -> Result<Probability> {
    let s = Setup::new(sc, u, opts)?;
    s.monte_carlo_only(opts)?;
    let mut parts = parts.into_iter();
    let first = parts
        .next()
        .ok_or_else(|| GrdpsimError::invalid_argument("parts", "no parts to merge"))?;
    let merged = parts.try_fold(first, monte_carlo::Partial::merge)?;
    let out = monte_carlo::finish(&s.forms, opts, merged)?;
    Ok(s.label(out, sc))
}

/// What every way of computing a probability first settles: the target, the model resolved
/// on the scenario's sectors, the linear forms, the method and the model's name.
struct Setup {
    resolved: Resolved,
    forms: Forms,
    analytic: bool,
    model: ModelDescription,
}

impl Setup {
    fn new(sc: &Scenario, u: &Uncertainty, opts: &Options) -> Result<Self> {
        if let Some(t) = opts.target_pct {
            if !opts.fractions_ok {
                sc.check_units([(sc.tree().code(sc.tree().root()), "Y", t)])?;
            }
        }
        let target = opts.target_pct.unwrap_or_else(|| sc.annual_target_pct());
        if !target.is_finite() {
            return Err(GrdpsimError::invalid_argument(
                "target",
                format!("{target} is not a finite growth rate"),
            ));
        }
        let resolved = u.resolve(sc.tree(), || {
            history::calibrate(&history::deviations(
                sc.base(),
                None,
                history::NaiveForecast::default(),
            )?)
        })?;
        let forms = Forms::new(sc, target);
        let normal = matches!(u.shape(), Shape::Normal);
        let analytic = match opts.method {
            // Kept paths need paths: auto simulates when they are asked for.
            Method::Auto => normal && !opts.keep_paths,
            Method::Analytic if !normal => {
                return Err(GrdpsimError::invalid_argument(
                    "method",
                    "analytic is exact for normal models only; use monte_carlo",
                ))
            }
            Method::Analytic if opts.keep_paths => {
                return Err(GrdpsimError::invalid_argument(
                    "keep_paths",
                    "the analytic method draws no paths to keep; use monte_carlo or auto",
                ))
            }
            Method::Analytic => true,
            Method::MonteCarlo => false,
        };
        let model = ModelDescription {
            uncertainty: Some(u.clone()),
            calibrated_on: matches!(u.correlation(), crate::uncertainty::Correlation::History)
                .then(|| (sc.base().start(), sc.base().end())),
        };
        Ok(Self {
            resolved,
            forms,
            analytic,
            model,
        })
    }

    /// At least one path, and no more than the ceilings allow
    /// ([`monte_carlo::check_size`]), checked before anything is drawn.
    fn check_paths(&self, opts: &Options) -> Result<()> {
        if opts.paths == 0 {
            return Err(GrdpsimError::invalid_argument(
                "paths",
                "a simulation needs at least one path",
            ));
        }
        monte_carlo::check_size(
            opts.paths,
            self.forms.n,
            opts.keep_paths,
            monte_carlo::pool_threads(opts.threads),
        )
    }

    fn monte_carlo_only(&self, opts: &Options) -> Result<()> {
        if opts.keep_paths {
            return Err(GrdpsimError::invalid_argument(
                "keep_paths",
                "paths are kept by a run in one process, not by its chunks",
            ));
        }
        if self.analytic {
            return Err(GrdpsimError::invalid_argument(
                "method",
                "these options compute the probability analytically: there are no chunks to simulate",
            ));
        }
        self.check_paths(opts)
    }

    /// The report with the model and the sectors named.
    fn label(self, mut out: Probability, sc: &Scenario) -> Probability {
        out.model = self.model;
        for (s, code) in out.by_sector.iter_mut().zip(sc.leaf_codes()) {
            s.sector = code;
        }
        out
    }
}

/// P(X ≥ t) for X normal (a point mass when sd = 0).
fn reach(mean: f64, sd: f64, t: f64) -> f64 {
    if sd == 0.0 {
        f64::from(u8::from(mean >= t))
    } else {
        standard_normal_cdf((mean - t) / sd)
    }
}

/// Covariance of the deviations of cells `c` and `d` under a normal model.
fn cell_cov(r: &Resolved, ar: f64, n: usize, c: usize, d: usize) -> f64 {
    let (i, q) = (c / 4, c % 4);
    let (j, p) = (d / 4, d % 4);
    r.sd[i] * r.sd[j] * r.corr[i * n + j] * ar.powi(q.abs_diff(p) as i32)
}

/// `Σ_c Σ_d u_c v_d Cov(e_c, e_d)` over free cells.
fn quad(forms: &Forms, r: &Resolved, ar: f64, u: &[f64], v: &[f64]) -> f64 {
    let cells: Vec<usize> = (0..4 * forms.n)
        .filter(|&c| forms.free[c] && (u[c] != 0.0 || v[c] != 0.0))
        .collect();
    let mut s = 0.0;
    for &c in &cells {
        if u[c] == 0.0 {
            continue;
        }
        for &d in &cells {
            s += u[c] * v[d] * cell_cov(r, ar, forms.n, c, d);
        }
    }
    s
}

/// Coefficients of growth over fan period `k` (per cell).
fn fan_coef(forms: &Forms, k: usize) -> Vec<f64> {
    let (f, l) = FAN_SPANS[k];
    let b: f64 = forms.base_q[f..=l].iter().sum();
    (0..4 * forms.n)
        .map(|c| {
            if (f..=l).contains(&(c % 4)) {
                div(forms.base[c], b)
            } else {
                0.0
            }
        })
        .collect()
}

/// Coefficients of the growth the last remaining quarter would need (None when no quarter
/// remains).
fn required_coef(forms: &Forms) -> Option<Vec<f64>> {
    let last = forms.last_free?;
    Some(
        (0..4 * forms.n)
            .map(|c| {
                if c % 4 == last {
                    0.0
                } else {
                    -div(forms.base[c], forms.base_q[last])
                }
            })
            .collect(),
    )
}

/// For a normal model, the simulated figures (7 fan periods, each leaf's annual growth, the
/// required growth) as `mean + F ξ` with ξ standard normal of dimension `rank`: `F` (row-major,
/// figures × rank) is the pivoted Cholesky factor of their covariance, computed exactly. Every
/// figure is linear in the deviations, so this draws their joint distribution itself, with as
/// many normals as it has dimensions (at most sectors + 3) instead of sectors × quarters.
pub(crate) fn gaussian_factor(forms: &Forms, r: &Resolved, ar: f64) -> (Vec<f64>, usize) {
    let n = forms.n;
    let zeros = vec![0.0; 4 * n];
    let rows: Vec<Vec<f64>> = (0..7)
        .map(|k| fan_coef(forms, k))
        .chain((0..n).map(|i| sector_coef(forms, i, forms.base_leaf[i])))
        .chain(std::iter::once(required_coef(forms).unwrap_or(zeros)))
        .collect();
    let m = rows.len();
    let mut cov = vec![0.0; m * m];
    for a in 0..m {
        for b in a..m {
            let v = quad(forms, r, ar, &rows[a], &rows[b]);
            cov[a * m + b] = v;
            cov[b * m + a] = v;
        }
    }
    // Pivoted Cholesky: take the largest remaining variance until what is left is rounding.
    let scale = (0..m).map(|a| cov[a * m + a]).fold(0.0_f64, f64::max);
    let mut cols: Vec<Vec<f64>> = Vec::new();
    let mut resid = cov;
    while let Some((p, d)) = (0..m)
        .map(|a| (a, resid[a * m + a]))
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .filter(|&(_, d)| d > 1e-13 * scale && d > 0.0)
    {
        let col: Vec<f64> = (0..m).map(|a| resid[a * m + p] / d.sqrt()).collect();
        for a in 0..m {
            for b in 0..m {
                resid[a * m + b] -= col[a] * col[b];
            }
        }
        cols.push(col);
    }
    let rank = cols.len();
    let mut f = vec![0.0; m * rank];
    for (k, col) in cols.iter().enumerate() {
        for a in 0..m {
            f[a * rank + k] = col[a];
        }
    }
    (f, rank)
}

fn sector_coef(forms: &Forms, i: usize, over: f64) -> Vec<f64> {
    (0..4 * forms.n)
        .map(|c| {
            if c / 4 == i {
                div(forms.base[c], over)
            } else {
                0.0
            }
        })
        .collect()
}

fn sector_moments(forms: &Forms, r: &Resolved, ar: f64, i: usize) -> (f64, f64) {
    let m = sector_coef(forms, i, forms.base_leaf[i]);
    (forms.leaf_a[i], quad(forms, r, ar, &m, &m))
}

fn percentiles(mean: f64, var: f64) -> Vec<f64> {
    let sd = var.max(0.0).sqrt();
    LEVELS
        .iter()
        .map(|p| mean + sd * standard_normal_ppf(p / 100.0))
        .collect()
}

/// `E[T − G | G < T]` for G normal; None when P(G < T) = 0.
fn normal_shortfall(mean: f64, sd: f64, t: f64) -> Option<f64> {
    if sd == 0.0 {
        return (mean < t).then_some(t - mean);
    }
    let z = (t - mean) / sd;
    let below = standard_normal_cdf(z);
    if z < -37.0 || below == 0.0 {
        // Mills ratio asymptote: φ(z)/Φ(z) ≈ −z − 1/z.
        return Some(-sd / z);
    }
    let pdf = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
    Some((t - mean) + sd * pdf / below)
}

fn analytic_probability(forms: &Forms, r: &Resolved, ar: f64) -> Probability {
    let n = forms.n;
    let g = fan_coef(forms, 6);
    let mean = forms.fan_a[6];
    let var = quad(forms, r, ar, &g, &g).max(0.0);
    let sd = var.sqrt();
    let fan: Vec<Vec<f64>> = (0..7)
        .map(|k| {
            let m = fan_coef(forms, k);
            percentiles(forms.fan_a[k], quad(forms, r, ar, &m, &m))
        })
        .collect();
    let by_sector = (0..n)
        .map(|i| {
            let (m, v) = sector_moments(forms, r, ar, i);
            let contrib = sector_coef(forms, i, forms.base_y);
            SectorProbability {
                sector: String::new(),
                target_pct: forms.leaf_target[i],
                p_reach: reach(m, v.max(0.0).sqrt(), forms.leaf_target[i]),
                quantiles: percentiles(m, v),
                variance_share: if var > 0.0 {
                    quad(forms, r, ar, &contrib, &g) / var
                } else {
                    0.0
                },
            }
        })
        .collect();
    let (required_period, required_quantiles) = match (forms.last_free, required_coef(forms)) {
        (Some(last), Some(m)) => (
            Some(format!("Q{}", last + 1)),
            percentiles(forms.required_a, quad(forms, r, ar, &m, &m)),
        ),
        _ => (None, Vec::new()),
    };
    Probability {
        target_pct: forms.target,
        method: Method::Analytic,
        model: ModelDescription::default(),
        paths: 0,
        seed: 0,
        p_reach: reach(mean, sd, forms.target),
        p_reach_se: 0.0,
        mean_pct: mean,
        sd_pct: sd,
        expected_shortfall_pp: normal_shortfall(mean, sd, forms.target),
        quantiles: percentiles(mean, var),
        fan_periods: FAN_PERIODS.iter().map(|s| (*s).to_owned()).collect(),
        fan_known: known(forms),
        fan,
        by_sector,
        required_period,
        required_quantiles,
        annual: Distribution::Normal { mean, sd },
        paths_kept: None,
    }
}

/// Whether every cell of each fan period is covered by actuals.
pub(crate) fn known(forms: &Forms) -> Vec<bool> {
    FAN_SPANS
        .iter()
        .map(|&(f, l)| (0..forms.n).all(|i| (f..=l).all(|q| !forms.free[4 * i + q])))
        .collect()
}
