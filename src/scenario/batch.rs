//! N scenario variants at once: annual GRDP growth, the gap against actuals and the required
//! growth per variant, on plain `ndarray` views (zero-copy from numpy), in parallel with rayon.
//!
//! Shapes: `base` is sectors × 4 (the leaf sectors' levels in the four quarters of the year
//! before, see [`Scenario::leaf_base_levels`](super::Scenario::leaf_base_levels)); `growth`
//! is N × sectors × 4 target growth rates in percent. A growth array in standard
//! (C-contiguous) layout is read in place as one flat slice (the fast path); any other layout
//! (a slice with steps, axes permuted) is read where it lies by [`annual_growth`] and
//! [`grdp_gap`], in the same order of operations, so both give the same bits, and copied once
//! into standard layout by [`gap`] and [`required_growth`].
//!
//! Every variant is computed on its own, in the same order of operations whatever the number
//! of threads: results do not depend on rayon's thread count.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ArrayView3, Axis};
use rayon::prelude::*;
use wide::f64x4;

use super::allocation::{self, Direction, Flaw, LANES};
use super::{Lock, Policy};
use crate::error::{GrdpsimError, Result};
use crate::growth::{grown, rate};

/// Variants per rayon task: large enough to amortize scheduling, small enough to balance.
const VARIANTS_PER_TASK: usize = 4096;

/// Variants planned in one pass of the required-growth kernel: their plans (256 × sectors ×
/// 8 bytes, 43 KB for 21 sectors) stay in cache until they are allocated.
const VARIANTS_PER_PASS: usize = 256;

/// Checks the shapes; returns the flat base and the sector count.
fn views(base: &ArrayView2<'_, f64>, growth: &ArrayView3<'_, f64>) -> Result<(Vec<f64>, usize)> {
    let s = base.nrows();
    if base.ncols() != 4 || s == 0 {
        return Err(GrdpsimError::invalid_argument(
            "base",
            format!(
                "expected sectors × 4 quarters, got {}×{}",
                base.nrows(),
                base.ncols()
            ),
        ));
    }
    let (_, gs, gq) = growth.dim();
    if gs != s || gq != 4 {
        return Err(GrdpsimError::invalid_argument(
            "growth",
            format!(
                "expected N × {s} sectors × 4 quarters, got {:?}",
                growth.dim()
            ),
        ));
    }
    let b: Vec<f64> = base.iter().copied().collect();
    // The same bound as accounts: sums of levels and growth rates stay far from overflowing.
    if let Some(v) = b.iter().find(|v| !crate::accounts::is_sane_level(**v)) {
        return Err(GrdpsimError::invalid_argument(
            "base",
            format!("level {v} is not finite, beyond 1e21, or subnormal (below 2.2e-308)"),
        ));
    }
    Ok((b, s))
}

fn first_bad(values: &[f64], what: &str) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(i) => Err(GrdpsimError::invalid_argument(
            what,
            format!("variant {i} has a growth rate that is not finite"),
        )),
    }
}

/// `out[r] = g[r] · w` for each row `r` of `g` (rows of `w.len()` values); whether every
/// result is finite. Rows of the common lengths get a loop whose length the compiler knows,
/// which it unrolls; the order of operations is the same either way. One row at a time, each
/// [`dot`] four lanes wide: as fast as a plain read of `g` (tried: four rows at a time, or
/// eight lanes, were two to four times slower with the wheel's SSE2 baseline).
fn dot_rows(g: &[f64], w: &[f64], out: &mut [f64]) -> bool {
    macro_rules! fixed {
        ($($len:literal)*) => {
            match w.len() {
                $($len => {
                    let w: &[f64; $len] = w.try_into().expect("length checked");
                    for (r, o) in g.chunks_exact($len).zip(out.iter_mut()) {
                        *o = dot(r, w);
                    }
                })*
                _ => {
                    for (r, o) in g.chunks_exact(w.len()).zip(out.iter_mut()) {
                        *o = dot(r, w);
                    }
                }
            }
        };
    }
    fixed!(4 8 12 16 20 24 28 32 36 40 44 48 52 56 60 64 68 72 76 80 84 88 92 96);
    out.iter().all(|v| v.is_finite())
}

/// `out[v] = growth[v] · w` (`w` flat, sector by sector, four quarters each) for a growth
/// array in any layout; whether every result is finite. Standard layout takes
/// [`dot_rows`] in parallel; any other is read in place, row by row, in [`dot`]'s order, so
/// both give the same bits.
fn dot_variants(growth: &ArrayView3<'_, f64>, w: &[f64], out: &mut [f64]) -> bool {
    if let Some(flat) = growth.as_slice() {
        return flat
            .par_chunks(w.len() * VARIANTS_PER_TASK)
            .zip(out.par_chunks_mut(VARIANTS_PER_TASK))
            .map(|(g, o)| dot_rows(g, w, o))
            .reduce(|| true, |a, b| a && b);
    }
    out.par_chunks_mut(VARIANTS_PER_TASK)
        .enumerate()
        .map(|(t, o)| {
            let from = t * VARIANTS_PER_TASK;
            let rows = growth.slice_axis(Axis(0), (from..from + o.len()).into());
            for (row, o) in rows.outer_iter().zip(o.iter_mut()) {
                let mut acc = [0.0f64; 4];
                for (q, wi) in row.outer_iter().zip(w.chunks_exact(4)) {
                    for (l, a) in acc.iter_mut().enumerate() {
                        *a += q[l] * wi[l];
                    }
                }
                *o = (acc[0] + acc[1]) + (acc[2] + acc[3]);
            }
            o.iter().all(|v| v.is_finite())
        })
        .reduce(|| true, |a, b| a && b)
}

/// The planned growth of every variant in `rows` (variants × sectors × 4), read in order (one
/// pass over the input at memory speed), into `plans` laid out for the kernel:
/// `plans[b·S + i][l]` is sector `i` of variant `b·LANES + l`. Lanes past the last variant
/// repeat the first variant of their block. Each plan is summed as
/// `(q0·w0 + q1·w1) + (q2·w2 + q3·w3)`, the order of [`allocation::Rules::prepare`], so the
/// batch and single paths give the same bits.
pub(crate) fn plan_rows(rules: &allocation::Rules, rows: &[f64], plans: &mut [[f64; LANES]]) {
    let share = rules.shares();
    let s = share.len();
    let row = 4 * s;
    for (block, out) in rows.chunks(row * LANES).zip(plans.chunks_exact_mut(s)) {
        let lanes = block.len() / row;
        for (l, g) in block.chunks_exact(row).enumerate() {
            // Four sectors at a time: their quarter-by-share products, transposed so that
            // each sum `(p0 + p1) + (p2 + p3)` runs across the four.
            let groups = g.chunks_exact(16).zip(share.chunks_exact(4));
            for ((q, w), o) in groups.zip(out.chunks_exact_mut(4)) {
                let p = |i: usize| {
                    let at = |j: usize| q[4 * i + j];
                    f64x4::new([at(0), at(1), at(2), at(3)]) * f64x4::new(w[i])
                };
                let [c0, c1, c2, c3] = f64x4::transpose([p(0), p(1), p(2), p(3)]);
                for (o, x) in o.iter_mut().zip(((c0 + c1) + (c2 + c3)).to_array()) {
                    o[l] = x;
                }
            }
            let done = s - s % 4;
            for ((q, w), o) in g[4 * done..]
                .chunks_exact(4)
                .zip(&share[done..])
                .zip(&mut out[done..])
            {
                o[l] = (q[0] * w[0] + q[1] * w[1]) + (q[2] * w[2] + q[3] * w[3]);
            }
        }
        for o in out.iter_mut() {
            for l in lanes..LANES {
                o[l] = o[0];
            }
        }
    }
}

/// The allocation of the first `rows.len() / S` lanes of `blk`, one row of `S` sectors per
/// lane: out in transposed 4 × 4 tiles, four contiguous values per row, instead of one strided
/// store per sector and lane.
fn out_rows(blk: &allocation::Block, rows: &mut [f64]) {
    let out = blk.out_lanes();
    let s = out.len();
    let done = s - s % 4;
    for (g, sectors) in out[..done].chunks_exact(4).enumerate() {
        let cols = [0, 1, 2, 3].map(|k| sectors[k].to_array());
        for (h, lanes) in rows.chunks_mut(4 * s).enumerate() {
            let tile = [0, 1, 2, 3].map(|k| {
                let c = &cols[k][4 * h..];
                f64x4::new([c[0], c[1], c[2], c[3]])
            });
            for (row, v) in lanes.chunks_exact_mut(s).zip(f64x4::transpose(tile)) {
                row[4 * g..4 * g + 4].copy_from_slice(&v.to_array());
            }
        }
    }
    for (i, o) in out.iter().enumerate().skip(done) {
        for (row, x) in rows.chunks_exact_mut(s).zip(o.to_array()) {
            row[i] = x;
        }
    }
}

/// Four independent accumulators: the loop vectorizes and the order is fixed.
#[inline]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    for (x, y) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
        acc[0] += x[0] * y[0];
        acc[1] += x[1] * y[1];
        acc[2] += x[2] * y[2];
        acc[3] += x[3] * y[3];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// Annual GRDP growth of each variant, percent: `Σ_iq w_iq g_iq` with the exact weights
/// `w_iq = X_i(q, y-1) / GRDP(Y, y-1)`.
///
/// # Errors
/// [`GrdpsimError::InvalidArgument`] for shapes that do not match, a base that is not finite or
/// sums to zero, a variant with a non-finite rate.
///
/// # Examples
/// ```
/// use grdpsim::scenario::batch;
/// use ndarray::{array, Array3};
/// let base = array![[10.0, 10.0, 10.0, 10.0], [30.0, 30.0, 30.0, 30.0]];
/// let mut g = Array3::zeros((2, 2, 4));
/// g.fill(8.0);
/// g[[1, 0, 0]] = 12.0; // one quarter of the first sector: +4 pp × 10/160
/// let annual = batch::annual_growth(base.view(), g.view())?;
/// assert!((annual[0] - 8.0).abs() < 1e-12);
/// assert!((annual[1] - 8.25).abs() < 1e-12);
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
pub fn annual_growth(base: ArrayView2<f64>, growth: ArrayView3<f64>) -> Result<Array1<f64>> {
    let mut out = Array1::zeros(growth.dim().0);
    annual_growth_into(
        base,
        growth,
        out.as_slice_mut().expect("a new array is contiguous"),
    )?;
    Ok(out)
}

/// [`annual_growth`] into a caller's buffer of N values (zero-copy out).
///
/// # Errors
/// As [`annual_growth`]; `out` of the wrong length.
pub fn annual_growth_into(
    base: ArrayView2<f64>,
    growth: ArrayView3<f64>,
    out: &mut [f64],
) -> Result<()> {
    let (b, _) = views(&base, &growth)?;
    if out.len() != growth.dim().0 {
        return Err(GrdpsimError::invalid_argument(
            "out",
            "must hold one value per variant",
        ));
    }
    let total: f64 = b.iter().sum();
    if total == 0.0 {
        return Err(GrdpsimError::invalid_argument(
            "base",
            "GRDP of the base year is zero",
        ));
    }
    let w: Vec<f64> = b.iter().map(|x| x / total).collect();
    if dot_variants(&growth, &w, out) {
        return Ok(());
    }
    first_bad(out, "growth")
}

/// The gap of each variant against actuals over the elapsed quarters.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchGap {
    /// GRDP gap per variant, percentage points (actual minus target growth over `Q1..Qk`).
    pub grdp_pp: Array1<f64>,
    /// Each sector's gap in percentage points of GRDP, N × sectors; rows sum to `grdp_pp`.
    pub by_sector_pp: Array2<f64>,
}

/// Per sector `c_i = (A_i − Σ_{q<k} b_iq) / G · 100` and weights `w_iq = b_iq / G` for
/// `q < k` (0 after), so that the gap of sector `i` is `c_i − Σ_q w_iq g_iq`.
fn gap_weights(
    b: &[f64],
    k: usize,
    actual_levels: ArrayView1<f64>,
    s: usize,
) -> Result<(Vec<f64>, Vec<f64>)> {
    if !(1..=4).contains(&k) {
        return Err(GrdpsimError::invalid_argument(
            "elapsed_quarters",
            format!("{k} is not 1..=4"),
        ));
    }
    if actual_levels.len() != s || actual_levels.iter().any(|v| !v.is_finite()) {
        return Err(GrdpsimError::invalid_argument(
            "actual_levels",
            format!("expected {s} finite levels, one per sector"),
        ));
    }
    let grdp_base: f64 = b.chunks_exact(4).map(|r| r[..k].iter().sum::<f64>()).sum();
    if grdp_base == 0.0 {
        return Err(GrdpsimError::invalid_argument(
            "base",
            "GRDP of the elapsed quarters is zero",
        ));
    }
    let c = actual_levels
        .iter()
        .zip(b.chunks_exact(4))
        .map(|(a, r)| (a - r[..k].iter().sum::<f64>()) / grdp_base * 100.0)
        .collect();
    let w = b
        .iter()
        .enumerate()
        .map(|(j, x)| if j % 4 < k { x / grdp_base } else { 0.0 })
        .collect();
    Ok((c, w))
}

/// The GRDP gap of each variant only (percentage points): one dot product per variant, as
/// fast as [`annual_growth`]. See [`gap`] for the sectors' gaps.
///
/// # Errors
/// As [`gap`].
pub fn grdp_gap(
    base: ArrayView2<f64>,
    growth: ArrayView3<f64>,
    k: usize,
    actual_levels: ArrayView1<f64>,
) -> Result<Array1<f64>> {
    let (b, s) = views(&base, &growth)?;
    let (c, w) = gap_weights(&b, k, actual_levels, s)?;
    let total: f64 = c.iter().sum();
    let mut out = Array1::zeros(growth.dim().0);
    let o = out.as_slice_mut().expect("a new array is contiguous");
    let finite = dot_variants(&growth, &w, o);
    for v in o.iter_mut() {
        *v = total - *v;
    }
    if finite {
        Ok(out)
    } else {
        first_bad(o, "growth").map(|()| out)
    }
}

/// The gap of each variant's targets against actual levels over quarters `1..=k`.
///
/// `actual_levels` holds each sector's actual constant-price level over `Q1..Qk`.
///
/// # Errors
/// As [`annual_growth`]; `k` not in 1..=4; `actual_levels` of the wrong length or not finite;
/// a zero GRDP base over `Q1..Qk`.
pub fn gap(
    base: ArrayView2<f64>,
    growth: ArrayView3<f64>,
    k: usize,
    actual_levels: ArrayView1<f64>,
) -> Result<BatchGap> {
    let (b, s) = views(&base, &growth)?;
    let (c, w) = gap_weights(&b, k, actual_levels, s)?;
    let growth = growth.as_standard_layout(); // a copy only when not standard
    let flat = growth.as_slice().expect("standard layout");
    let n = growth.dim().0;
    let mut by_sector = Array2::zeros((n, s));
    let mut total = Array1::zeros(n);
    let row = 4 * s;
    by_sector
        .as_slice_mut()
        .expect("a new array is contiguous")
        .par_chunks_mut(s * VARIANTS_PER_TASK)
        .zip(
            total
                .as_slice_mut()
                .expect("contiguous")
                .par_chunks_mut(VARIANTS_PER_TASK),
        )
        .zip(flat.par_chunks(row * VARIANTS_PER_TASK))
        .for_each(|((sec, tot), g)| {
            for ((gv, sv), tv) in g
                .chunks_exact(row)
                .zip(sec.chunks_exact_mut(s))
                .zip(tot.iter_mut())
            {
                let mut sum = 0.0;
                for (((gi, wi), ci), out) in gv
                    .chunks_exact(4)
                    .zip(w.chunks_exact(4))
                    .zip(&c)
                    .zip(sv.iter_mut())
                {
                    *out = ci - (gi[0] * wi[0] + gi[1] * wi[1] + gi[2] * wi[2] + gi[3] * wi[3]);
                    sum += *out;
                }
                *tv = sum;
            }
        });
    first_bad(total.as_slice().expect("contiguous"), "growth")?;
    Ok(BatchGap {
        grdp_pp: total,
        by_sector_pp: by_sector,
    })
}

/// What the batch required-growth computation needs besides the variants.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRequiredSpec {
    /// Quarters with actuals, `0..=3`.
    pub elapsed_quarters: usize,
    /// GRDP's actual constant-price level over `Q1..Qk` (ignored when `k = 0`).
    pub actual_elapsed_level: f64,
    /// The annual GRDP target, percent.
    pub target_pct: f64,
    /// [`Policy::Uniform`] or [`Policy::Proportional`].
    pub policy: Policy,
    /// One entry per sector: `None` = free.
    pub locks: Vec<Option<Lock>>,
    /// One entry per sector: a cap on growth over the remaining quarters, percent.
    pub caps: Vec<Option<f64>>,
    /// The sectors' codes, to name them in errors (empty: by position, `#2`).
    pub sectors: Vec<String>,
    /// Accept a target and growth rates that all lie below 1 in absolute value (by default
    /// they are taken for fractions, 0.08 for 8%, and refused: [`check_not_fractions`]).
    pub fractions_ok: bool,
}

impl BatchRequiredSpec {
    /// The code of sector `i`, or `#i` without codes.
    fn sector(&self, i: usize) -> String {
        self.sectors
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("#{i}"))
    }
}

/// The required growth of each variant.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRequired {
    /// GRDP growth required over the remaining quarters (the same for every variant: it
    /// depends only on the base, the actuals and the target), percent.
    pub grdp_pct: f64,
    /// The water level of each variant (see [`super::RequiredGrowth::rise`]).
    pub rise: Array1<f64>,
    /// Whether each variant's allocation reaches the target.
    pub feasible: Array1<bool>,
    /// Annual GRDP growth each variant's allocation reaches, percent.
    pub reached_pct: Array1<f64>,
    /// The highest reachable annual GRDP growth with every free sector at its cap;
    /// `f64::INFINITY` when some free sector is uncapped.
    pub max_reachable_pct: Array1<f64>,
    /// Growth of each sector over the remaining quarters, N × sectors, percent.
    pub allocation_pct: Array2<f64>,
}

/// [`GrdpsimError::LooksLikeFraction`] when every growth rate of every variant lies below 1
/// in absolute value, some not zero: fractions (0.08) where percentages (8.0) are expected.
/// The error names the first such figure: its sector (`sectors[i]`, else `#i`), quarter and
/// variant. [`required_growth`] checks its variants (unless
/// [`BatchRequiredSpec::fractions_ok`]); [`annual_growth`] and [`gap`] take the rates as
/// given, and a caller with figures a person typed checks them here first (the Python
/// functions do, unless `fractions_ok=True`). Reads until the first rate of 1 or more, which
/// is in the first variant of a plan in percent.
///
/// # Errors
/// [`GrdpsimError::LooksLikeFraction`].
///
/// # Examples
/// ```
/// use grdpsim::scenario::batch;
/// let mut g = ndarray::Array3::zeros((2, 2, 4));
/// g.fill(0.08);
/// assert!(batch::check_not_fractions(g.view(), &[]).is_err());
/// g[[1, 0, 3]] = 8.0;
/// assert!(batch::check_not_fractions(g.view(), &[]).is_ok());
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
pub fn check_not_fractions(growth: ArrayView3<f64>, sectors: &[String]) -> Result<()> {
    // In the array's logical order, whatever its layout (a flat slice when it is standard).
    let Some((c, value)) = super::first_fraction(growth.iter().copied().enumerate()) else {
        return Ok(());
    };
    let s = growth.dim().1.max(1);
    let i = c / 4 % s;
    Err(GrdpsimError::LooksLikeFraction {
        sector: sectors.get(i).cloned().unwrap_or_else(|| format!("#{i}")),
        period: format!("Q{} of variant {}", c % 4 + 1, c / (4 * s)),
        value,
    })
}

/// Per-variant failure codes, reported in variant order after the parallel pass.
const OK: u8 = 0;
const FLAWED: u8 = 1;
const SHRINKS: u8 = 2;

/// The required growth of each variant: the same water-filling as
/// [`Scenario::required_growth`](super::Scenario::required_growth) with
/// [`QuarterSpread`](super::QuarterSpread)-independent results (growth over the remaining
/// quarters per sector).
///
/// # Errors
/// As [`annual_growth`]; a policy other than uniform or proportional; `k > 3`; locks or caps
/// of the wrong length; [`GrdpsimError::NothingFree`] when every sector is locked; for the
/// first variant (in order) where it happens, [`GrdpsimError::CapBelowPlan`] or a requirement
/// of -100% or less; [`GrdpsimError::LooksLikeFraction`] for a target, or growth rates that
/// all lie below 1 in absolute value, unless [`BatchRequiredSpec::fractions_ok`].
pub fn required_growth(
    base: ArrayView2<f64>,
    growth: ArrayView3<f64>,
    spec: &BatchRequiredSpec,
) -> Result<BatchRequired> {
    let (n, s) = (growth.dim().0, base.nrows());
    let mut rise = Array1::zeros(n);
    let mut feasible = Array1::from_elem(n, false);
    let mut reached = Array1::zeros(n);
    let mut max_reach = Array1::zeros(n);
    let mut alloc = Array2::zeros((n, s));
    let grdp_pct = required_growth_into(
        base,
        growth,
        spec,
        BatchRequiredOut {
            rise: rise.as_slice_mut().expect("contiguous"),
            feasible: feasible.as_slice_mut().expect("contiguous"),
            reached_pct: reached.as_slice_mut().expect("contiguous"),
            max_reachable_pct: max_reach.as_slice_mut().expect("contiguous"),
            allocation_pct: Some(alloc.as_slice_mut().expect("contiguous")),
        },
    )?;
    Ok(BatchRequired {
        grdp_pct,
        rise,
        feasible,
        reached_pct: reached,
        max_reachable_pct: max_reach,
        allocation_pct: alloc,
    })
}

/// The caller's buffers for [`required_growth_into`]: one value per variant, and the
/// allocation (N × sectors, row-major) only when wanted.
#[derive(Debug)]
pub struct BatchRequiredOut<'a> {
    /// The water level of each variant.
    pub rise: &'a mut [f64],
    /// Whether each variant's allocation reaches the target.
    pub feasible: &'a mut [bool],
    /// Annual GRDP growth each variant's allocation reaches, percent.
    pub reached_pct: &'a mut [f64],
    /// The highest reachable annual GRDP growth (infinite when some free sector is uncapped).
    pub max_reachable_pct: &'a mut [f64],
    /// Growth of each sector over the remaining quarters, N × sectors; `None` skips it (the
    /// allocation is still computed, in registers, for the other results).
    pub allocation_pct: Option<&'a mut [f64]>,
}

/// [`required_growth`] into the caller's buffers (zero-copy out, no N × sectors matrix unless
/// asked for); returns the GRDP growth required over the remaining quarters, percent.
///
/// # Errors
/// As [`required_growth`]; buffers of the wrong length.
pub fn required_growth_into(
    base: ArrayView2<f64>,
    growth: ArrayView3<f64>,
    spec: &BatchRequiredSpec,
    out: BatchRequiredOut<'_>,
) -> Result<f64> {
    let (b, s) = views(&base, &growth)?;
    let k = spec.elapsed_quarters;
    let direction = check_spec(spec, s)?;
    if !spec.fractions_ok {
        super::check_not_fractions([("GRDP", "Y", spec.target_pct)])?;
        check_not_fractions(growth, &spec.sectors)?;
    }
    let growth = growth.as_standard_layout(); // a copy only when not standard
    let flat = growth.as_slice().expect("standard layout");
    let n = growth.dim().0;
    let BatchRequiredOut {
        rise,
        feasible,
        reached_pct: reached,
        max_reachable_pct: max_reach,
        allocation_pct: alloc,
    } = out;
    let lens = [rise.len(), feasible.len(), reached.len(), max_reach.len()];
    check_out(&lens, alloc.as_ref().map(|a| a.len()), n, s)?;
    let annual_base: f64 = b.iter().sum();
    let remaining_base: f64 = b.chunks_exact(4).map(|r| r[k..].iter().sum::<f64>()).sum();
    if annual_base == 0.0 || remaining_base == 0.0 {
        return Err(GrdpsimError::invalid_argument(
            "base",
            "GRDP of the base year or remaining quarters is zero",
        ));
    }
    let done = if k == 0 {
        0.0
    } else {
        spec.actual_elapsed_level
    };
    let needed = grown(annual_base, spec.target_pct) - done;
    let goal = 100.0 * (needed - remaining_base);
    let to_annual = |sums| allocation::annual_pct(sums, done + remaining_base, annual_base);

    let mut status = vec![OK; n];
    let rules = allocation::Rules::new(&b, k, direction, &spec.locks, &spec.caps);
    let row = 4 * s;
    let t = VARIANTS_PER_TASK;
    let tasks = n.div_ceil(t);
    let alloc_chunks: Vec<Option<&mut [f64]>> = match alloc {
        Some(a) => a.chunks_mut(s * t).map(Some).collect(),
        None => (0..tasks).map(|_| None).collect(),
    };
    flat.par_chunks(row * t)
        .zip(alloc_chunks)
        .zip(rise.par_chunks_mut(t))
        .zip(feasible.par_chunks_mut(t))
        .zip(reached.par_chunks_mut(t))
        .zip(max_reach.par_chunks_mut(t))
        .zip(status.par_chunks_mut(t))
        .for_each_init(
            || {
                let plans = vec![[0.0; LANES]; s * VARIANTS_PER_PASS / LANES];
                (rules.block(), rules.block(), plans)
            },
            |(blk, spare, plans), ((((((g, mut a), r), f), re), mr), st)| {
                // A pass plans a few hundred variants (reading their rows in order), then
                // allocates them block by block from the plans, which stay in cache.
                for (p, gp) in g.chunks(row * VARIANTS_PER_PASS).enumerate() {
                    let blocks = (gp.len() / row).div_ceil(LANES);
                    plan_rows(&rules, gp, &mut plans[..blocks * s]);
                    for (vb, pb) in plans[..blocks * s].chunks_exact(s).enumerate() {
                        let v0 = p * VARIANTS_PER_PASS + vb * LANES;
                        let lanes = (gp.len() / row - vb * LANES).min(LANES);
                        let sound = rules.prepare_lanes(pb, blk);
                        let fills = allocation::allocate(&rules, blk, spare, goal);
                        let tops = rules.max_sums(blk);
                        let shrinking = blk.shrinking();
                        let at = v0..v0 + lanes;
                        if let Some(a) = a.as_deref_mut() {
                            out_rows(blk, &mut a[v0 * s..(v0 + lanes) * s]);
                        }
                        put(&mut r[at.clone()], fills.rise);
                        put(&mut f[at.clone()], fills.feasible);
                        put(&mut re[at.clone()], to_annual(fills.reached));
                        // An infinite top (some free sector uncapped) stays infinite.
                        put(&mut mr[at.clone()], to_annual(tops));
                        for (l, code) in st[at].iter_mut().enumerate() {
                            // Named in order after the parallel pass.
                            *code = if !sound[l] {
                                FLAWED
                            } else if shrinking & (1 << l) != 0 {
                                SHRINKS
                            } else {
                                OK
                            };
                        }
                    }
                }
            },
        );
    if let Some(v) = status.iter().position(|&c| c != OK) {
        return Err(variant_error(
            status[v],
            v,
            &b,
            &flat[v * row..(v + 1) * row],
            spec,
        ));
    }
    Ok(rate(needed, remaining_base))
}

/// The first `dst.len()` lanes of `src` into `dst` (a whole block: one fixed-size copy).
fn put<T: Copy>(dst: &mut [T], src: [T; LANES]) {
    match <&mut [T; LANES]>::try_from(&mut *dst) {
        Ok(whole) => *whole = src,
        Err(_) => dst.copy_from_slice(&src[..dst.len()]),
    }
}

/// Buffers of `n` values each and an optional allocation of `n × s`.
fn check_out(lens: &[usize], alloc: Option<usize>, n: usize, s: usize) -> Result<()> {
    if lens.iter().any(|&l| l != n) || alloc.is_some_and(|a| a != n * s) {
        return Err(GrdpsimError::invalid_argument(
            "out",
            format!("buffers must hold {n} values (allocation: {n} × {s})"),
        ));
    }
    Ok(())
}

/// Validates a spec for `s` sectors; the direction of its policy.
fn check_spec(spec: &BatchRequiredSpec, s: usize) -> Result<Direction> {
    let k = spec.elapsed_quarters;
    let direction = match spec.policy {
        Policy::Uniform => Direction::Uniform,
        Policy::Proportional => Direction::Proportional,
        Policy::SectorTargets => {
            return Err(GrdpsimError::invalid_argument(
                "policy",
                "the batch path allocates by uniform or proportional rises only",
            ))
        }
    };
    if k > 3 {
        return Err(GrdpsimError::invalid_argument(
            "elapsed_quarters",
            format!("{k}: no quarter remains"),
        ));
    }
    if spec.locks.len() != s || spec.caps.len() != s {
        return Err(GrdpsimError::invalid_argument(
            "locks/caps",
            format!("need one entry per sector ({s})"),
        ));
    }
    if spec.locks.iter().all(Option::is_some) {
        return Err(GrdpsimError::NothingFree {
            reason: "every sector is locked".into(),
        });
    }
    if !spec.target_pct.is_finite()
        || spec.target_pct <= -100.0
        || spec.target_pct > super::MAX_GROWTH_PCT
    {
        return Err(GrdpsimError::invalid_argument(
            "target_pct",
            format!(
                "{} must be finite, above -100% and at most {}%",
                spec.target_pct,
                super::MAX_GROWTH_PCT
            ),
        ));
    }
    if !spec.actual_elapsed_level.is_finite() || spec.actual_elapsed_level < 0.0 {
        return Err(GrdpsimError::invalid_argument(
            "actual_elapsed_level",
            format!(
                "{} must be a finite level, 0 or more",
                spec.actual_elapsed_level
            ),
        ));
    }
    for (i, l) in spec.locks.iter().enumerate() {
        if let Some(Lock::AtGrowth(g)) = l {
            if !g.is_finite() || *g <= -100.0 || *g > super::MAX_GROWTH_PCT {
                return Err(GrdpsimError::invalid_argument(
                    "locks",
                    format!(
                        "sector {} locked at {g}%: finite, above -100%, at most 1e6%",
                        spec.sector(i)
                    ),
                ));
            }
        }
    }
    if let Some((i, c)) = spec
        .caps
        .iter()
        .enumerate()
        .find_map(|(i, c)| c.filter(|c| !c.is_finite() || *c <= -100.0).map(|c| (i, c)))
    {
        return Err(GrdpsimError::invalid_argument(
            "caps",
            format!(
                "cap {c}% for sector {} must be finite and above -100%",
                spec.sector(i)
            ),
        ));
    }
    Ok(direction)
}

/// Recomputes one failed variant serially to name what is wrong.
fn variant_error(
    code: u8,
    v: usize,
    base: &[f64],
    growth: &[f64],
    spec: &BatchRequiredSpec,
) -> GrdpsimError {
    let rules = allocation::Rules::new(
        base,
        spec.elapsed_quarters,
        Direction::Uniform,
        &spec.locks,
        &spec.caps,
    );
    let mut ws = rules.block();
    let flaw = rules.prepare(growth, &mut ws).err();
    match (code, flaw) {
        (FLAWED, Some(Flaw::CapBelowPlan(i))) => GrdpsimError::CapBelowPlan {
            sector: format!("{} (variant {v})", spec.sector(i)),
            period: format!("Q{}..Q4", spec.elapsed_quarters + 1),
            cap_pct: spec.caps[i].unwrap_or(f64::INFINITY),
            planned_pct: ws.plan(0)[i],
        },
        (SHRINKS, _) => GrdpsimError::invalid_argument(
            "target_pct",
            format!(
                "variant {v}: reaching {}% would need some sector to shrink by 100% or more",
                spec.target_pct
            ),
        ),
        _ => GrdpsimError::invalid_argument(
            "growth",
            format!("variant {v} has a growth rate that is not finite"),
        ),
    }
}
