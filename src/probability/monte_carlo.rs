//! The Monte Carlo simulation: seeded, bit-identical whatever the number of threads, memory
//! O(chunk).
//!
//! Paths are cut into chunks of [`CHUNK`]; chunk `c` draws from a xoshiro256++ generator
//! seeded from `seed` and jumped `c` times (each jump moves 2¹²⁸ draws ahead, so the chunks'
//! streams never overlap), so what a chunk draws depends on its index, not on the thread that
//! runs it. Counts merge as integers; sums are added in chunk order. No array of paths ×
//! sectors × quarters is ever held: each figure goes into a histogram of [`BINS`] bins whose
//! range a pilot run of chunk 0 sets (half the pilot's range added on each side);
//! quantiles interpolate within a bin.
//!
//! The same chunks split a run across processes or machines: [`Partial`] is what a run of a
//! range of chunks gathers (each run repeats the pilot of chunk 0, so every range bins into the
//! same histograms), and [`Partial::merge`] followed by the finishing step gives the bits a run
//! of every chunk in one process gives, whatever the ranges and their order.
//!
//! A run is the user's to control: its size is checked against [`MAX_PATHS`] (and the kept
//! paths against [`MAX_KEPT_BYTES`]) before anything is drawn, the refusal naming the memory
//! and time it would take; chunks run in batches of about a tenth of a second, and between
//! batches the caller's `stop` hook is asked, on its own thread, whether to go on (the Python
//! front end checks for Ctrl-C there).
//!
//! A path of a normal model draws the reported figures from their joint normal distribution
//! (the Cholesky factor of their covariance: as many normals as the figures have dimensions,
//! at most sectors + 3); the other models draw every free sector-quarter (a Gaussian core correlated
//! across sectors by the Cholesky factor and across quarters by `ar`, then the model's
//! marginal), which is what non-normal shapes need.

use rand::RngExt;
use rand_distr::{ChiSquared, Distribution as _, StandardNormal};
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{
    known, Distribution, Forms, Method, ModelDescription, Options, Probability, SectorProbability,
    FAN_SPANS, LEVELS,
};
use crate::error::{GrdpsimError, Result};
use crate::uncertainty::{standard_normal_cdf, two_piece_ppf, Resolved, Shape, Uncertainty};

/// Paths per chunk.
pub const CHUNK: usize = 8192;
/// Bins of each histogram.
pub const BINS: usize = 1024;
/// Figures a normal path sums at a time, in registers.
const BLOCK: usize = 8;

/// A histogram of one simulated figure: [`BINS`] bins over `[lo, lo + BINS·width)`, with
/// counts below and above; `width` 0 for a figure that never varies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    lo: f64,
    width: f64,
    inv_width: f64,
    counts: Vec<u64>,
    under: u64,
    over: u64,
}

impl Histogram {
    fn new(min: f64, max: f64) -> Self {
        let span = max - min;
        if span <= 1e-12 * min.abs().max(1.0) {
            return Self {
                lo: min,
                width: 0.0,
                inv_width: 0.0,
                counts: vec![0],
                under: 0,
                over: 0,
            };
        }
        let lo = min - 0.5 * span;
        let width = 2.0 * span / BINS as f64;
        Self {
            lo,
            width,
            inv_width: 1.0 / width,
            counts: vec![0; BINS],
            under: 0,
            over: 0,
        }
    }

    #[inline]
    fn add(&mut self, x: f64) {
        if self.width == 0.0 {
            self.counts[0] += 1;
            return;
        }
        let b = (x - self.lo) * self.inv_width;
        if b < 0.0 {
            self.under += 1;
        } else if b >= BINS as f64 {
            self.over += 1;
        } else {
            // 0 <= b < BINS (or NaN, counted in bin 0 as before): the conversion through i64
            // is a single instruction where one to usize checks both ends.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let i = b as i64 as usize;
            self.counts[i.min(BINS - 1)] += 1;
        }
    }

    fn merge(&mut self, other: &Self) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.under += other.under;
        self.over += other.over;
    }

    fn total(&self) -> u64 {
        self.under + self.over + self.counts.iter().sum::<u64>()
    }

    fn hi(&self) -> f64 {
        self.lo + self.width * self.counts.len() as f64
    }

    /// The empirical distribution function, uniform within each bin (the mass outside the
    /// range sits at its edges).
    pub fn cdf(&self, x: f64) -> f64 {
        let total = self.total() as f64;
        if self.width == 0.0 {
            return f64::from(u8::from(x >= self.lo));
        }
        if x < self.lo {
            return 0.0;
        }
        if x >= self.hi() {
            return 1.0;
        }
        let pos = (x - self.lo) / self.width;
        let b = pos as usize;
        let below: u64 = self.under + self.counts[..b].iter().sum::<u64>();
        (below as f64 + (pos - b as f64) * self.counts[b] as f64) / total
    }

    /// The quantile at probability `p`, interpolated within its bin.
    pub fn ppf(&self, p: f64) -> f64 {
        if self.width == 0.0 {
            return self.lo;
        }
        let k = p * self.total() as f64;
        let mut cum = self.under as f64;
        if k <= cum {
            return self.lo;
        }
        for (b, &c) in self.counts.iter().enumerate() {
            let next = cum + c as f64;
            if k <= next && c > 0 {
                return self.lo + (b as f64 + (k - cum) / c as f64) * self.width;
            }
            cum = next;
        }
        self.hi()
    }

    /// The CRPS of `x`: `∫ (F(z) − 1{z ≥ x})² dz` with `F` piecewise linear over the bins.
    pub fn crps(&self, x: f64) -> f64 {
        if self.width == 0.0 {
            return (x - self.lo).abs();
        }
        let total = self.total() as f64;
        // ∫ over an interval of width w of a linear g from ga to gb, squared.
        let seg = |w: f64, ga: f64, gb: f64| w * (ga * ga + ga * gb + gb * gb) / 3.0;
        let mut s = 0.0;
        let mut fa = self.under as f64 / total;
        if x < self.lo {
            s += (self.lo - x) * (1.0 - fa).powi(2);
        }
        for (b, &c) in self.counts.iter().enumerate() {
            let a = self.lo + b as f64 * self.width;
            let e = a + self.width;
            let fb = fa + c as f64 / total;
            if x <= a {
                s += seg(self.width, fa - 1.0, fb - 1.0);
            } else if x >= e {
                s += seg(self.width, fa, fb);
            } else {
                let fx = fa + (fb - fa) * (x - a) / self.width;
                s += seg(x - a, fa, fx) + seg(e - x, fx - 1.0, fb - 1.0);
            }
            fa = fb;
        }
        if x > self.hi() {
            s += (x - self.hi()) * fa * fa;
        }
        s
    }
}

/// How a standardised Gaussian core becomes a deviation, per model.
enum Marginal<'a> {
    /// The figures drawn directly from their joint normal distribution: `F` (figures × rank)
    /// in blocks of [`BLOCK`] figures (zeros past the last figure), each block's columns one
    /// after the other (`F[b·BLOCK + l, k]` at `(b·rank + k)·BLOCK + l`), so that `F ξ` is a sum
    /// of columns taken a block at a time in registers; `mean` is padded alike.
    Gaussian {
        f_blocks: Vec<f64>,
        rank: usize,
        mean: Vec<f64>,
    },
    StudentT {
        chi: ChiSquared<f64>,
        df_minus_2: f64,
    },
    TwoPiece {
        skew: f64,
    },
    Bootstrap {
        values: &'a ndarray::Array2<f64>,
        block: usize,
    },
    /// A normal model drawn cell by cell, like the other models (for kept paths).
    CellNormal,
}

/// Everything a path needs, fixed for the run.
struct Kernel<'a> {
    f: &'a Forms,
    r: &'a Resolved,
    marginal: Marginal<'a>,
    /// The correlation's Cholesky factor, transposed (column `k` of `L` is row `k`).
    chol_t: Vec<f64>,
    ar: f64,
    innovation: f64,
    /// Quarters with a free cell, in order.
    quarters: Vec<usize>,
    /// 1 / base of each fan period.
    inv_fan: [f64; 7],
    inv_leaf: Vec<f64>,
    inv_last: f64,
    /// Whether each path's deviations are kept ([`Options::keep_paths`]).
    keep: bool,
}

/// Figures of one path: 7 fan periods, n sectors, the required growth, n contributions.
struct Scratch {
    eps: Vec<f64>,
    u: Vec<f64>,
    z: Vec<f64>,
    e: Vec<f64>,
    level: Vec<f64>,
    out: Vec<f64>,
    /// The path's deviation in each cell (`4·leaf + q`; 0 where the cell is fixed), when kept.
    cells: Vec<f64>,
}

impl<'a> Kernel<'a> {
    fn new(f: &'a Forms, r: &'a Resolved, u: &'a Uncertainty, keep: bool) -> Result<Self> {
        let marginal = match u.shape() {
            Shape::Normal if keep => Marginal::CellNormal,
            Shape::Normal => {
                let (f_rows, rank) = super::gaussian_factor(f, r, u.ar());
                let mut mean: Vec<f64> = f
                    .fan_a
                    .iter()
                    .chain(&f.leaf_a)
                    .copied()
                    .chain(std::iter::once(f.required_a))
                    .collect();
                let m = mean.len();
                let padded = m.next_multiple_of(BLOCK);
                mean.resize(padded, 0.0);
                let mut f_blocks = vec![0.0; padded * rank];
                for j in 0..m {
                    let (b, l) = (j / BLOCK, j % BLOCK);
                    for k in 0..rank {
                        f_blocks[(b * rank + k) * BLOCK + l] = f_rows[j * rank + k];
                    }
                }
                Marginal::Gaussian {
                    f_blocks,
                    rank,
                    mean,
                }
            }
            Shape::StudentT { df } => Marginal::StudentT {
                chi: ChiSquared::new(*df).map_err(|e| {
                    GrdpsimError::invalid_argument("df", format!("chi-squared: {e}"))
                })?,
                df_minus_2: df - 2.0,
            },
            Shape::TwoPiece { skew } => Marginal::TwoPiece { skew: *skew },
            Shape::Bootstrap { deviations, block } => Marginal::Bootstrap {
                values: &deviations.values,
                block: *block,
            },
        };
        let inv = |b: f64| if b == 0.0 { 0.0 } else { 1.0 / b };
        let n = f.n;
        let mut chol_t = vec![0.0; n * n];
        for i in 0..n {
            for k in 0..=i {
                chol_t[k * n + i] = r.chol[i * n + k];
            }
        }
        Ok(Self {
            f,
            r,
            marginal,
            chol_t,
            ar: u.ar(),
            innovation: (1.0 - u.ar() * u.ar()).sqrt(),
            quarters: (0..4)
                .filter(|&q| (0..f.n).any(|i| f.free[4 * i + q]))
                .collect(),
            inv_fan: FAN_SPANS.map(|(a, b)| inv(f.base_q[a..=b].iter().sum())),
            inv_leaf: f.base_leaf.iter().map(|&b| inv(b)).collect(),
            inv_last: f.last_free.map_or(0.0, |q| inv(f.base_q[q])),
            keep,
        })
    }

    fn outputs(&self) -> usize {
        7 + 2 * self.f.n + 1
    }

    fn scratch(&self) -> Scratch {
        let n = self.f.n;
        let rank = match &self.marginal {
            Marginal::Gaussian { rank, .. } => *rank,
            _ => 0,
        };
        Scratch {
            eps: vec![0.0; n.max(rank)],
            u: vec![0.0; n],
            z: vec![0.0; n],
            e: vec![0.0; n],
            level: vec![0.0; n],
            // Room for the Gaussian path's padded blocks too.
            out: vec![0.0; self.outputs().next_multiple_of(BLOCK)],
            cells: vec![0.0; if self.keep { 4 * n } else { 0 }],
        }
    }

    /// Draws one path and writes its figures into `s.out`.
    fn path(&self, rng: &mut Xoshiro256PlusPlus, s: &mut Scratch) {
        if let Marginal::Gaussian {
            f_blocks,
            rank,
            mean,
        } = &self.marginal
        {
            self.gaussian_path(rng, s, f_blocks, *rank, mean);
            return;
        }
        let n = self.f.n;
        let mut dq = [0.0_f64; 4];
        s.level.fill(0.0);
        let mut start = 0;
        for (k, &q) in self.quarters.iter().enumerate() {
            if let Marginal::Bootstrap { values, block } = self.marginal {
                if k % block == 0 {
                    start = rng.random_range(0..=values.nrows() - block);
                }
                let row = values.row(start + k % block);
                for i in 0..n {
                    s.e[i] = row[self.r.columns[i]];
                }
            } else {
                for v in &mut s.eps {
                    *v = StandardNormal.sample(rng);
                }
                // u = L ε, column by column (independent lanes, so it vectorises).
                s.u.fill(0.0);
                for (j, &e) in s.eps.iter().enumerate().take(n) {
                    let col = &self.chol_t[j * n + j..(j + 1) * n];
                    for (ui, &l) in s.u[j..].iter_mut().zip(col) {
                        *ui += l * e;
                    }
                }
                for i in 0..n {
                    s.z[i] = if k == 0 {
                        s.u[i]
                    } else {
                        self.ar * s.z[i] + self.innovation * s.u[i]
                    };
                }
                match &self.marginal {
                    Marginal::StudentT { chi, df_minus_2 } => {
                        let w: f64 = chi.sample(rng);
                        let scale = (df_minus_2 / w).sqrt();
                        for i in 0..n {
                            s.e[i] = self.r.sd[i] * s.z[i] * scale;
                        }
                    }
                    Marginal::TwoPiece { skew } => {
                        for i in 0..n {
                            let p = standard_normal_cdf(s.z[i]).clamp(1e-300, 1.0 - 1e-16);
                            s.e[i] = self.r.sd[i] * two_piece_ppf(p, *skew);
                        }
                    }
                    Marginal::CellNormal => {
                        for i in 0..n {
                            s.e[i] = self.r.sd[i] * s.z[i];
                        }
                    }
                    Marginal::Bootstrap { .. } | Marginal::Gaussian { .. } => {
                        unreachable!("handled above")
                    }
                }
            }
            for i in 0..n {
                let c = 4 * i + q;
                if self.f.free[c] {
                    let lv = self.f.base[c] * s.e[i];
                    dq[q] += lv;
                    s.level[i] += lv;
                    if self.keep {
                        s.cells[c] = s.e[i];
                    }
                }
            }
        }
        for (k, &(a, b)) in FAN_SPANS.iter().enumerate() {
            s.out[k] = self.f.fan_a[k] + dq[a..=b].iter().sum::<f64>() * self.inv_fan[k];
        }
        for i in 0..n {
            s.out[7 + i] = self.f.leaf_a[i] + s.level[i] * self.inv_leaf[i];
            s.out[8 + n + i] = s.level[i] / self.f.base_y;
        }
        s.out[7 + n] = self.f.last_free.map_or(f64::NAN, |last| {
            let others: f64 = (0..4).filter(|&q| q != last).map(|q| dq[q]).sum();
            self.f.required_a - others * self.inv_last
        });
    }

    /// A path of a normal model: the figures from `mean + F ξ`. The normals are drawn first
    /// (in the order of the columns); then each block of [`BLOCK`] figures sums its columns in
    /// registers, figure by figure in the order of `k`, so the bits are those of adding the
    /// columns one after the other.
    fn gaussian_path(
        &self,
        rng: &mut Xoshiro256PlusPlus,
        s: &mut Scratch,
        f_blocks: &[f64],
        rank: usize,
        mean: &[f64],
    ) {
        let n = self.f.n;
        let padded = mean.len();
        let xi = &mut s.eps[..rank];
        for x in xi.iter_mut() {
            *x = StandardNormal.sample(rng);
        }
        let blocks = f_blocks.chunks_exact(rank.max(1) * BLOCK);
        let outs = s.out[..padded].chunks_exact_mut(BLOCK);
        for ((out, m), f) in outs.zip(mean.chunks_exact(BLOCK)).zip(blocks) {
            let mut acc: [f64; BLOCK] = m.try_into().expect("a block of the mean");
            for (col, &x) in f.chunks_exact(BLOCK).zip(xi.iter()) {
                let col: &[f64; BLOCK] = col.try_into().expect("a block of a column");
                for (a, &c) in acc.iter_mut().zip(col) {
                    *a += c * x;
                }
            }
            out.copy_from_slice(&acc);
        }
        // The contributions come after the figures (the blocks' padding is overwritten).
        for i in 0..n {
            s.out[8 + n + i] =
                (s.out[7 + i] - self.f.leaf_a[i]) * self.f.base_leaf[i] / self.f.base_y;
        }
    }
}

/// Sums that must be added in chunk order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Sums {
    chunk: usize,
    g: f64,
    g2: f64,
    shortfall: f64,
    c: Vec<f64>,
    cg: Vec<f64>,
}

/// What a run of some chunks has gathered: histogram counts and counts of paths (integers,
/// merged in any order) and each chunk's sums (added in chunk order when the run finishes).
/// Serializable, so that a worker process can send it back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partial {
    hist: Vec<Histogram>,
    below: u64,
    reach_sector: Vec<u64>,
    sums: Vec<Sums>,
    /// Each chunk's kept paths (cells of each path in a row), when kept: a local run's only.
    #[serde(skip)]
    kept: Vec<(usize, Vec<f64>)>,
}

impl Partial {
    fn new(ranges: &[Histogram], n: usize) -> Self {
        Self {
            hist: ranges.to_vec(),
            below: 0,
            reach_sector: vec![0; n],
            sums: Vec::new(),
            kept: Vec::new(),
        }
    }

    /// Adds one path's figures (`out`, see [`Kernel::path`]).
    fn record(&mut self, sums: &mut Sums, out: &[f64], n: usize, target: f64, leaf_target: &[f64]) {
        for (h, &v) in self.hist.iter_mut().zip(out) {
            h.add(v);
        }
        let g = out[6];
        sums.g += g;
        sums.g2 += g * g;
        if g < target {
            self.below += 1;
            sums.shortfall += target - g;
        }
        let contributions = &out[8 + n..8 + 2 * n];
        for ((c, cg), &ci) in sums.c.iter_mut().zip(&mut sums.cg).zip(contributions) {
            *c += ci;
            *cg += ci * g;
        }
        let sectors = &out[7..7 + n];
        for ((r, &x), &t) in self.reach_sector.iter_mut().zip(sectors).zip(leaf_target) {
            *r += u64::from(x >= t);
        }
    }

    /// The chunks this run covers, in the order they were gathered.
    pub fn chunks(&self) -> impl Iterator<Item = usize> + '_ {
        self.sums.iter().map(|s| s.chunk)
    }

    /// Both runs' counts and sums together.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] when the two come from different simulations (other
    /// sectors or histogram ranges).
    pub fn merge(mut self, other: Self) -> Result<Self> {
        if self.hist.len() != other.hist.len()
            || self.reach_sector.len() != other.reach_sector.len()
            || self.hist.iter().zip(&other.hist).any(|(a, b)| {
                a.lo.to_bits() != b.lo.to_bits()
                    || a.width.to_bits() != b.width.to_bits()
                    || a.counts.len() != b.counts.len()
            })
        {
            return Err(GrdpsimError::invalid_argument(
                "parts",
                "the parts come from different simulations (other scenario, model, seed or paths)",
            ));
        }
        for (a, b) in self.hist.iter_mut().zip(&other.hist) {
            a.merge(b);
        }
        self.below += other.below;
        for (a, b) in self.reach_sector.iter_mut().zip(&other.reach_sector) {
            *a += b;
        }
        self.sums.extend(other.sums);
        self.kept.extend(other.kept);
        Ok(self)
    }

    /// Merge within one process (same simulation by construction).
    fn absorb(self, other: Self) -> Self {
        self.merge(other)
            .expect("the ranges of one run are the same")
    }
}

/// The generator of chunk `first`: seeded from `seed` and jumped `first` times.
fn stream_at(seed: u64, first: usize) -> Xoshiro256PlusPlus {
    let mut g = Xoshiro256PlusPlus::seed_from_u64(seed);
    for _ in 0..first {
        g.jump();
    }
    g
}

/// The generators of the next `count` chunks from `g` (which moves past them).
fn next_streams(g: &mut Xoshiro256PlusPlus, count: usize) -> Vec<Xoshiro256PlusPlus> {
    (0..count)
        .map(|_| {
            let s = g.clone();
            g.jump();
            s
        })
        .collect()
}

/// The number of chunks of a run of `paths` paths.
pub fn chunk_count(paths: usize) -> usize {
    paths.div_ceil(CHUNK)
}

fn chunk_len(paths: usize, c: usize) -> usize {
    CHUNK.min(paths - c * CHUNK)
}

/// The most paths one run may draw: about 15 minutes of a 5-sector Student t model on one
/// core (a normal model, drawn figure by figure, takes a few). Larger runs split over
/// machines (`grdpsim.dask`), where each worker's chunks are a run of their own.
pub const MAX_PATHS: usize = 1_000_000_000;
/// The most threads a pool of a run's own may have ([`super::Options::threads`]).
pub const MAX_THREADS: usize = 1024;
/// The most memory the kept paths of a run may take ([`super::Options::keep_paths`]).
pub const MAX_KEPT_BYTES: usize = 1 << 30;
/// Standard normal draws per second on one core, for the estimate of a run's time: measured
/// with [`normals_only`] on the development machine (a path's other arithmetic included, a
/// rough figure, not a promise).
const DRAWS_PER_SECOND: f64 = 4.0e7;
/// How long a batch of chunks should run between two checks for an interruption.
const BATCH_SECONDS: f64 = 0.1;

/// The memory and time a run of `paths` paths over `n` leaf sectors would take, in words,
/// and whether it is within the ceilings ([`MAX_PATHS`], [`MAX_KEPT_BYTES`]).
///
/// # Errors
/// [`GrdpsimError::AboveCeiling`] naming `paths`, the ceiling and the estimate.
pub(super) fn check_size(paths: usize, n: usize, keep: bool, threads: usize) -> Result<()> {
    let kept_per_path = if keep { 4 * n * 8 } else { 0 };
    let ceiling = if keep {
        MAX_PATHS.min(MAX_KEPT_BYTES / kept_per_path.max(1))
    } else {
        MAX_PATHS
    };
    if paths <= ceiling {
        return Ok(());
    }
    // Four quarters of a Gaussian core per sector and one mixing draw per quarter.
    let draws = paths as f64 * (4 * (n + 1)) as f64;
    let seconds = draws / DRAWS_PER_SECOND / threads.max(1) as f64;
    let memory = paths as f64 * kept_per_path as f64 + (threads.max(1) * (8 + n) * BINS * 8) as f64;
    let as_u64 = |v: usize| u64::try_from(v).unwrap_or(u64::MAX);
    Err(GrdpsimError::AboveCeiling {
        what: if keep { "paths (kept)" } else { "paths" }.into(),
        value: as_u64(paths),
        ceiling: as_u64(ceiling),
        estimate: format!(
            "the run would take about {} of memory and {} on {} thread(s)",
            bytes_in_words(memory),
            seconds_in_words(seconds),
            threads.max(1)
        ),
    })
}

fn bytes_in_words(b: f64) -> String {
    let units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB", "ZB"];
    let mut v = b;
    let mut u = 0;
    while v >= 1000.0 && u + 1 < units.len() {
        v /= 1000.0;
        u += 1;
    }
    format!("{v:.1} {}", units[u])
}

fn seconds_in_words(s: f64) -> String {
    const STEPS: [(f64, &str); 4] = [
        (365.25 * 86400.0, "years"),
        (86400.0, "days"),
        (3600.0, "hours"),
        (60.0, "minutes"),
    ];
    STEPS.iter().find(|(unit, _)| s >= *unit).map_or_else(
        || format!("{s:.1} seconds"),
        |(unit, name)| format!("{:.1} {name}", s / unit),
    )
}

/// rayon's global pool, or one of `threads` threads.
enum Pool {
    Global,
    Own(rayon::ThreadPool),
}

impl Pool {
    fn new(threads: Option<usize>) -> Result<Self> {
        match threads {
            None => Ok(Self::Global),
            // Each thread is a stack and an OS thread: 2^31 of them exhausted the memory.
            Some(t) if t > MAX_THREADS => Err(GrdpsimError::AboveCeiling {
                what: "threads".into(),
                value: u64::try_from(t).unwrap_or(u64::MAX),
                ceiling: MAX_THREADS as u64,
                estimate: "a pool of its own, one OS thread each".into(),
            }),
            Some(t) => rayon::ThreadPoolBuilder::new()
                .num_threads(t.max(1))
                .build()
                .map(Self::Own)
                .map_err(|e| GrdpsimError::invalid_argument("threads", e.to_string())),
        }
    }

    fn run<T: Send>(&self, f: impl FnOnce() -> T + Send) -> T {
        match self {
            Self::Global => f(),
            Self::Own(pool) => pool.install(f),
        }
    }

    fn threads(&self) -> usize {
        match self {
            Self::Global => rayon::current_num_threads(),
            Self::Own(pool) => pool.current_num_threads(),
        }
    }
}

/// The threads a run with `threads` would use.
pub(super) fn pool_threads(threads: Option<usize>) -> usize {
    threads.unwrap_or_else(rayon::current_num_threads).max(1)
}

/// Histograms whose ranges the pilot run of chunk 0 sets.
fn pilot(k: &Kernel<'_>, state: &Xoshiro256PlusPlus, paths: usize) -> Vec<Histogram> {
    let mut lo = vec![f64::INFINITY; k.outputs()];
    let mut hi = vec![f64::NEG_INFINITY; k.outputs()];
    let mut rng = state.clone();
    let mut s = k.scratch();
    for _ in 0..chunk_len(paths, 0) {
        k.path(&mut rng, &mut s);
        for (j, &v) in s.out[..k.outputs()].iter().enumerate() {
            lo[j] = lo[j].min(v);
            hi[j] = hi[j].max(v);
        }
    }
    (0..=7 + k.f.n)
        .map(|j| {
            if lo[j].is_finite() {
                Histogram::new(lo[j], hi[j])
            } else {
                Histogram::new(0.0, 0.0)
            }
        })
        .collect()
}

/// Runs chunks `chunks` (of [`chunk_count`]`(opts.paths)`) of the simulation, in batches of
/// chunks that take about [`BATCH_SECONDS`] each; `stop` is asked on the calling thread before
/// each batch, and a `true` ends the run with [`GrdpsimError::Interrupted`]. What a chunk
/// draws depends on its index alone, so neither the batches nor the threads change a bit.
pub(super) fn simulate_part(
    f: &Forms,
    r: &Resolved,
    u: &Uncertainty,
    opts: &Options,
    chunks: std::ops::Range<usize>,
    stop: &mut dyn FnMut() -> bool,
) -> Result<Partial> {
    let k = Kernel::new(f, r, u, opts.keep_paths)?;
    let n = f.n;
    let paths = opts.paths;
    let total = chunk_count(paths);
    if chunks.start >= chunks.end || chunks.end > total {
        return Err(GrdpsimError::invalid_argument(
            "chunks",
            format!(
                "{}..{} is not a non-empty range of the {total} chunks of {paths} paths",
                chunks.start, chunks.end
            ),
        ));
    }
    let pool = Pool::new(opts.threads)?;
    check_size(paths, n, opts.keep_paths, pool.threads())?;
    let ranges = pilot(&k, &Xoshiro256PlusPlus::seed_from_u64(opts.seed), paths);
    let target = f.target;
    let run_chunk = |mut acc: Partial, (c, mut rng): (usize, Xoshiro256PlusPlus)| {
        let mut s = k.scratch();
        let mut sums = Sums {
            chunk: c,
            c: vec![0.0; n],
            cg: vec![0.0; n],
            ..Sums::default()
        };
        let mut kept = Vec::with_capacity(if k.keep {
            chunk_len(paths, c) * 4 * n
        } else {
            0
        });
        for _ in 0..chunk_len(paths, c) {
            k.path(&mut rng, &mut s);
            acc.record(&mut sums, &s.out, n, target, &f.leaf_target);
            if k.keep {
                kept.extend(f.cell_a.iter().zip(&s.cells).map(|(a, e)| a + e));
            }
        }
        acc.sums.push(sums);
        if k.keep {
            acc.kept.push((c, kept));
        }
        acc
    };
    let mut acc = Partial::new(&ranges, n);
    let mut generator = stream_at(opts.seed, chunks.start);
    let mut batch = pool.threads();
    let mut next = chunks.start;
    while next < chunks.end {
        if stop() {
            return Err(GrdpsimError::Interrupted {
                what: "the Monte Carlo simulation".into(),
                done: next - chunks.start,
                total: chunks.len(),
            });
        }
        let end = (next + batch).min(chunks.end);
        let work: Vec<(usize, Xoshiro256PlusPlus)> = (next..end)
            .zip(next_streams(&mut generator, end - next))
            .collect();
        let started = std::time::Instant::now();
        let part = pool.run(|| {
            work.into_par_iter()
                .fold(|| Partial::new(&ranges, n), run_chunk)
                .reduce(|| Partial::new(&ranges, n), Partial::absorb)
        });
        acc = acc.absorb(part);
        let took = started.elapsed().as_secs_f64();
        if took < BATCH_SECONDS / 2.0 && batch < 1 << 16 {
            batch *= 2;
        } else if took > BATCH_SECONDS * 2.0 && batch > 1 {
            batch /= 2;
        }
        next = end;
    }
    Ok(acc)
}

pub(super) fn simulate(
    f: &Forms,
    r: &Resolved,
    u: &Uncertainty,
    opts: &Options,
    stop: &mut dyn FnMut() -> bool,
) -> Result<Probability> {
    let part = simulate_part(f, r, u, opts, 0..chunk_count(opts.paths), stop)?;
    finish(f, opts, part)
}

/// The report from the merged counts and sums of every chunk.
///
/// # Errors
/// [`GrdpsimError::InvalidArgument`] unless the parts cover each chunk exactly once.
pub(super) fn finish(f: &Forms, opts: &Options, mut acc: Partial) -> Result<Probability> {
    let n = f.n;
    let paths = opts.paths;
    let target = f.target;
    acc.sums.sort_by_key(|s| s.chunk);
    if acc.reach_sector.len() != n
        || acc.hist.len() != 8 + n
        || acc.sums.len() != chunk_count(paths)
        || acc
            .sums
            .iter()
            .enumerate()
            .any(|(i, s)| s.chunk != i || s.c.len() != n || s.cg.len() != n)
    {
        return Err(GrdpsimError::invalid_argument(
            "parts",
            format!(
                "the parts must cover each of the {} chunks exactly once, for {n} sectors",
                chunk_count(paths)
            ),
        ));
    }
    let mut total = Sums {
        c: vec![0.0; n],
        cg: vec![0.0; n],
        ..Sums::default()
    };
    for s in &acc.sums {
        total.g += s.g;
        total.g2 += s.g2;
        total.shortfall += s.shortfall;
        for i in 0..n {
            total.c[i] += s.c[i];
            total.cg[i] += s.cg[i];
        }
    }
    let np = paths as f64;
    let mean = total.g / np;
    let var = (total.g2 / np - mean * mean).max(0.0);
    let p_reach = 1.0 - acc.below as f64 / np;
    let pct = |h: &Histogram| LEVELS.iter().map(|p| h.ppf(p / 100.0)).collect::<Vec<_>>();
    let by_sector = (0..n)
        .map(|i| {
            let cov = total.cg[i] / np - total.c[i] / np * mean;
            SectorProbability {
                sector: String::new(),
                target_pct: f.leaf_target[i],
                p_reach: acc.reach_sector[i] as f64 / np,
                quantiles: pct(&acc.hist[7 + i]),
                variance_share: if var > 0.0 { cov / var } else { 0.0 },
            }
        })
        .collect();
    Ok(Probability {
        target_pct: target,
        method: Method::MonteCarlo,
        model: ModelDescription::default(),
        paths,
        seed: opts.seed,
        p_reach,
        p_reach_se: (p_reach * (1.0 - p_reach) / np).sqrt(),
        mean_pct: mean,
        sd_pct: var.sqrt(),
        expected_shortfall_pp: (acc.below > 0).then(|| total.shortfall / acc.below as f64),
        quantiles: pct(&acc.hist[6]),
        fan_periods: super::FAN_PERIODS.iter().map(|s| (*s).to_owned()).collect(),
        fan_known: known(f),
        fan: (0..7).map(|j| pct(&acc.hist[j])).collect(),
        by_sector,
        required_period: f.last_free.map(|q| format!("Q{}", q + 1)),
        required_quantiles: if f.last_free.is_some() {
            pct(&acc.hist[7 + n])
        } else {
            Vec::new()
        },
        annual: Distribution::Histogram(acc.hist.swap_remove(6)),
        paths_kept: kept_paths(opts, n, acc.kept)?,
    })
}

/// The kept paths in chunk order, paths × sectors × 4 (None unless kept).
fn kept_paths(
    opts: &Options,
    n: usize,
    mut kept: Vec<(usize, Vec<f64>)>,
) -> Result<Option<ndarray::Array3<f64>>> {
    if !opts.keep_paths {
        return Ok(None);
    }
    kept.sort_by_key(|(c, _)| *c);
    let cells: Vec<f64> = kept.into_iter().flat_map(|(_, v)| v).collect();
    ndarray::Array3::from_shape_vec((opts.paths, n, 4), cells)
        .map(Some)
        .map_err(|e| GrdpsimError::invalid_argument("keep_paths", e.to_string()))
}

/// The benchmark's floor: draws `paths × per_path` standard normals with the same generators
/// and chunks as a simulation, and returns their sum (so that nothing is optimised away).
///
/// # Errors
/// [`GrdpsimError::InvalidArgument`] when a pool of `threads` cannot be built;
/// [`GrdpsimError::AboveCeiling`] for more than [`MAX_PATHS`] paths.
pub fn normals_only(
    paths: usize,
    per_path: usize,
    seed: u64,
    threads: Option<usize>,
) -> Result<f64> {
    const MAX_PER_PATH: usize = 1 << 16;
    if per_path > MAX_PER_PATH {
        return Err(GrdpsimError::AboveCeiling {
            what: "per_path".into(),
            value: u64::try_from(per_path).unwrap_or(u64::MAX),
            ceiling: MAX_PER_PATH as u64,
            estimate: "draws per path".into(),
        });
    }
    let pool = Pool::new(threads)?;
    check_size(paths, per_path.div_ceil(4), false, pool.threads())?;
    let chunks = chunk_count(paths);
    let states = next_streams(&mut stream_at(seed, 0), chunks);
    Ok(pool.run(|| {
        let sums: Vec<f64> = (0..chunks)
            .into_par_iter()
            .map(|c| {
                let mut rng = states[c].clone();
                let mut s = 0.0;
                for _ in 0..chunk_len(paths, c) * per_path {
                    let z: f64 = StandardNormal.sample(&mut rng);
                    s += z;
                }
                s
            })
            .collect();
        sums.iter().sum()
    }))
}
