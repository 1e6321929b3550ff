//! The allocation kernel: how a required total over the remaining quarters is shared among
//! sectors (water-filling under caps), for [`LANES`] variants at once.
//!
//! Both the single-scenario path ([`crate::scenario::RequiredGrowth`], one variant in every
//! lane) and the batch path ([`crate::scenario::batch`]) call [`Rules::prepare_lanes`] and
//! [`allocate`] on a [`Block`]. Every operation is element-wise across lanes (explicit SIMD
//! vectors, `wide::f64x8`: the compiler turned the selections of plain lane loops into scalar
//! branches), so a variant gives the same bits whatever block and lane it is in. What
//! allocates: [`Rules::new`] and [`Rules::block`] (once per call), and [`Rules::prepare`] (one
//! variant's plans); the kernel itself never does. The batch path's memory layout (plans
//! read in rows, allocations written out in tiles) lives in the batch module.
//!
//! The model, for sectors `i` with base level `B_i` over the remaining quarters (the same
//! quarters of the year before), a starting growth `a0_i`, a direction `d_i >= 0` and a cap
//! `c_i >= a0_i` (percent):
//!
//! ```text
//! a_i(s) = min(a0_i + s * d_i, c_i),   find s with  Σ_i B_i a_i(s) = K
//! ```
//!
//! `F(s) = Σ B_i a_i(s)` is continuous, non-decreasing, concave and piecewise linear in `s`,
//! with a kink `t_j = (c_j − a0_j) / d_j` where sector `j` reaches its cap. A moving sector
//! sits at `a0_j + d_j·min(s, t_j)`, so with `m` capped sectors
//!
//! ```text
//! F(s) = F(0) + s·Σ_{uncapped movers} B_i d_i + Σ_j B_j d_j·min(s, t_j)
//! ```
//!
//! The level is found without sorting the kinks and without a data-dependent loop: `F` is
//! evaluated at every kink (`m²` terms of three operations), and the level lies on the linear
//! piece that starts at the highest kink `t_lo` with `F(t_lo) <= K`, where the sectors with
//! kinks at or below `t_lo` are at their caps:
//!
//! ```text
//! s = t_lo + (K − F(t_lo)) / Σ_{moving j, t_j > t_lo} B_j d_j
//! ```
//!
//! (before the first kink, `s = (K − F(0)) / Σ B_i d_i`). Every lane does the same work, with
//! selections instead of branches.
//!
//! What is fixed for a call (the locks, the caps, each sector's role) is sorted out once in
//! [`Rules::new`]; only the capped sectors take part in the kink search, the others enter `F`
//! as a line. A locked sector is one with `d_i = 0`.

use wide::f64x8;

use serde::{Deserialize, Serialize};

/// Where a locked sector stays over the remaining quarters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lock {
    /// At its planned quarterly targets.
    AtPlan,
    /// At this growth over the remaining quarters, percent.
    AtGrowth(f64),
}

/// One value per lane.
type V = f64x8;

/// Variants per block.
pub(crate) const LANES: usize = 8;

const ZERO: V = V::ZERO;
const INF: V = V::splat(f64::INFINITY);
/// The mask of no lane (all bits 0).
const NO_LANE: V = V::ZERO;

/// How the rise is shared among free sectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// The same additive rise in growth for every free sector (`d_i = 1`).
    Uniform,
    /// Rises proportional to the planned increments (`d_i = max(plan_i, 0)`): a sector planned
    /// to shrink gets no share.
    Proportional,
}

/// The outcome of [`allocate`] for one lane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fill {
    /// The water level `s`: percentage points of rise per unit of direction.
    pub rise: f64,
    /// Whether `Σ B_i a_i` reaches `K` (or exceeds it with no free sector able to go lower).
    pub feasible: bool,
    /// `Σ B_i a_i` of the allocation (equal to `K` when feasible and some sector is free).
    pub reached: f64,
}

/// The outcome of [`allocate`] for every lane of a block.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fills {
    pub rise: [f64; LANES],
    pub feasible: [bool; LANES],
    pub reached: [f64; LANES],
}

impl Fills {
    pub fn lane(&self, l: usize) -> Fill {
        Fill {
            rise: self.rise[l],
            feasible: self.feasible[l],
            reached: self.reached[l],
        }
    }
}

/// Why a variant cannot be allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flaw {
    /// A planned growth that is not finite.
    NotFinite,
    /// The cap of this free sector is below its planned growth.
    CapBelowPlan(usize),
}

/// What a sector does in the water-filling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Held at its start.
    Locked,
    /// Free, with a finite cap.
    Capped,
    /// Free, without a cap.
    Free,
}

/// A free sector with a finite cap: the only kind the water-filling can clip.
#[derive(Debug, Clone, Copy)]
struct Capped {
    /// The sector's position.
    i: usize,
    base: f64,
    cap: f64,
}

/// Reusable per-thread scratch for [`LANES`] variants: one vector per sector (plan, start,
/// direction, allocation), and per capped sector its kink, slope `B·d` (0 when it does not
/// move) and `F` at its kink.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// Whether every free sector's direction is positive in every lane (always so under a
    /// uniform rise): no sector is held at its start by a zero direction.
    positive: bool,
    plan: Vec<V>,
    start: Vec<V>,
    direction: Vec<V>,
    out: Vec<V>,
    kink: Vec<V>,
    bd: Vec<V>,
    at: Vec<V>,
}

impl Block {
    /// The planned growth of each sector in lane `l`.
    pub fn plan(&self, l: usize) -> Vec<f64> {
        self.plan.iter().map(|p| p.to_array()[l]).collect()
    }

    /// The allocated growth of each sector in lane `l`.
    pub fn out(&self, l: usize) -> Vec<f64> {
        self.out.iter().map(|o| o.to_array()[l]).collect()
    }

    /// The allocation of every sector, `LANES` variants per entry.
    pub fn out_lanes(&self) -> &[V] {
        &self.out
    }

    /// The lanes (bit `l`) where some sector's allocation is -100% or less.
    pub fn shrinking(&self) -> u32 {
        let floor = V::splat(-100.0);
        self.out
            .iter()
            .fold(NO_LANE, |m, o| m | o.simd_le(floor))
            .to_bitmask()
    }
}

/// Annual GRDP growth, percent, reached by sums `Σ B_i·a_i` over the remaining quarters (one
/// per lane), given GRDP's level over the elapsed quarters plus the base of the remaining ones
/// (`fixed`) and the base year's GRDP (`annual`): `(100·fixed + sum) / annual − 100`.
/// Infinite sums stay infinite. The single and the batch path both use it (the same bits).
pub(crate) fn annual_pct(sums: [f64; LANES], fixed: f64, annual: f64) -> [f64; LANES] {
    let inv = 1.0 / annual;
    ((V::splat(100.0 * fixed) + V::new(sums)) * V::splat(inv) - V::splat(100.0)).to_array()
}

/// Whether each sum `Σ B_i·a_i` reaches `target`, within a relative 1e-12 (of at least 1).
/// The water-filling and the sector-targets policy both use it.
pub(crate) fn reaches(sums: [f64; LANES], target: f64) -> [bool; LANES] {
    let (sum, k) = (V::new(sums), V::splat(target));
    let scale = k.abs().fast_max(sum.abs()).fast_max(V::ONE);
    let bits = sum.simd_ge(k - V::splat(1e-12) * scale).to_bitmask();
    std::array::from_fn(|l| bits & (1 << l) != 0)
}

/// What stays fixed across variants: each sector's base level over the remaining quarters
/// `k+1..=4` and each quarter's share of it (a variant's planned growth over them is then a
/// dot of 4, `Σ_q share_iq · g_iq`, exact since the shares sum to 1), the locks and the caps,
/// and each sector's role.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    base: Vec<f64>,
    /// sectors: `b_iq / B_i` for the remaining quarters, 0 for the elapsed ones.
    share: Vec<[f64; 4]>,
    locks: Vec<Option<Lock>>,
    /// The cap of each free sector; infinite for uncapped and locked ones.
    cap: Vec<f64>,
    /// Free sectors with a finite cap, in sector order.
    capped: Vec<Capped>,
    /// Each sector's role in the water-filling.
    role: Vec<Role>,
    /// Under a uniform rise (every free sector's direction 1): `Σ max(B_i, 0)` over free
    /// uncapped sectors, the slope of the part of `F` that is never clipped; and whether every
    /// capped sector moves (`B_i > 0`).
    unit_slope0: f64,
    unit_all_move: bool,
    /// `Σ B_i c_i` over free sectors plus `Σ B_i g_i` over sectors locked at a growth: the
    /// part of the highest reachable sum that does not depend on the variant; `None` when a
    /// free sector is uncapped (no upper bound).
    top_fixed: Option<f64>,
    direction: Direction,
}

impl Rules {
    /// From the base (sectors × 4, row-major), the number of elapsed quarters `k < 4`, the
    /// policy's direction, and one lock and one cap per sector.
    pub fn new(
        base: &[f64],
        k: usize,
        direction: Direction,
        locks: &[Option<Lock>],
        caps: &[Option<f64>],
    ) -> Self {
        let mut sums = Vec::with_capacity(base.len() / 4);
        let mut share = vec![[0.0; 4]; base.len() / 4];
        for (b, w) in base.chunks_exact(4).zip(share.iter_mut()) {
            let sum: f64 = b[k..].iter().sum();
            sums.push(sum);
            if sum != 0.0 {
                for q in k..4 {
                    w[q] = b[q] / sum;
                }
            }
        }
        let cap: Vec<f64> = locks
            .iter()
            .zip(caps)
            .map(|(l, c)| match (l, c) {
                (None, Some(c)) => *c,
                _ => f64::INFINITY,
            })
            .collect();
        let capped: Vec<Capped> = (0..cap.len())
            .filter(|&i| cap[i].is_finite())
            .map(|i| Capped {
                i,
                base: sums[i],
                cap: cap[i],
            })
            .collect();
        let role: Vec<Role> = (0..cap.len())
            .map(|i| match (locks[i], cap[i].is_finite()) {
                (Some(_), _) => Role::Locked,
                (None, true) => Role::Capped,
                (None, false) => Role::Free,
            })
            .collect();
        let unit_slope0 = (0..cap.len())
            .filter(|&i| role[i] == Role::Free)
            .fold(0.0, |acc, i| acc + sums[i].max(0.0));
        let unit_all_move = capped.iter().all(|c| c.base > 0.0);
        let mut top = Some(0.0);
        for (i, lock) in locks.iter().enumerate() {
            top = match (top, lock) {
                (Some(t), None) if cap[i].is_finite() => Some(t + sums[i] * cap[i]),
                (Some(_), None) => None,
                (Some(t), Some(Lock::AtGrowth(g))) => Some(t + sums[i] * g),
                (t, _) => t,
            };
        }
        Self {
            base: sums,
            share,
            locks: locks.to_vec(),
            cap,
            capped,
            role,
            unit_slope0,
            unit_all_move,
            top_fixed: top,
            direction,
        }
    }

    pub fn locks(&self) -> &[Option<Lock>] {
        &self.locks
    }

    /// Each sector's base level over the remaining quarters.
    pub fn base(&self) -> &[f64] {
        &self.base
    }

    /// Each sector's cap (infinite for uncapped and locked sectors).
    pub fn caps(&self) -> &[f64] {
        &self.cap
    }

    /// A scratch block for these sectors.
    pub fn block(&self) -> Block {
        let (s, m) = (self.base.len(), self.capped.len());
        Block {
            positive: false,
            plan: vec![ZERO; s],
            start: vec![ZERO; s],
            direction: vec![ZERO; s],
            out: vec![ZERO; s],
            kink: vec![ZERO; m],
            bd: vec![ZERO; m],
            at: vec![ZERO; m],
        }
    }

    /// One variant's planned growth (`growth`: sectors × 4), start and direction of every
    /// sector, in every lane of `blk` (lane 0 is read back).
    ///
    /// # Errors
    /// The first flaw found, in sector order: a planned growth that is not finite, a cap
    /// below the start.
    pub fn prepare(&self, growth: &[f64], blk: &mut Block) -> Result<(), Flaw> {
        // One variant in every lane, summed as the batch path's tiles sum: the same bits.
        let plans: Vec<[f64; LANES]> = growth
            .chunks_exact(4)
            .zip(&self.share)
            .map(|(q, w)| [(q[0] * w[0] + q[1] * w[1]) + (q[2] * w[2] + q[3] * w[3]); LANES])
            .collect();
        if self.prepare_lanes(&plans, blk)[0] {
            return Ok(());
        }
        for (i, (p, (st, &c))) in blk
            .plan
            .iter()
            .zip(blk.start.iter().zip(&self.cap))
            .enumerate()
        {
            let (p, st) = (p.to_array()[0], st.to_array()[0]);
            if !p.is_finite() {
                return Err(Flaw::NotFinite);
            }
            if st.is_nan() || c < st - 1e-9 {
                return Err(Flaw::CapBelowPlan(i));
            }
        }
        Err(Flaw::NotFinite)
    }

    /// Each sector's quarter shares of its base over the remaining quarters (0 for the
    /// elapsed ones): a plan is `Σ_q share_q · g_q`.
    pub fn shares(&self) -> &[[f64; 4]] {
        &self.share
    }

    /// The start and direction of every sector in every lane, from the lanes' planned growth
    /// (`plans`: one entry per sector, see the batch path's `plan_rows`). Whether each lane is sound
    /// (every planned growth finite, no cap below its start); the results of a lane that is
    /// not are meaningless ([`Rules::prepare`] names the flaw).
    pub fn prepare_lanes(&self, plans: &[[f64; LANES]], blk: &mut Block) -> [bool; LANES] {
        let mut flawed = ZERO;
        let mut positive = true;
        let sectors = plans
            .iter()
            .zip(self.locks.iter().zip(&self.cap))
            .zip(blk.plan.iter_mut().zip(blk.start.iter_mut()))
            .zip(blk.direction.iter_mut());
        for (((&planned, (lock, &c)), (p, st)), d) in sectors {
            let planned = V::new(planned);
            *p = planned;
            (*st, *d) = match lock {
                Some(Lock::AtPlan) => (planned, ZERO),
                Some(Lock::AtGrowth(g)) => (V::splat(*g), ZERO),
                None => match self.direction {
                    Direction::Uniform => (planned, V::ONE),
                    Direction::Proportional => {
                        let up = planned.simd_gt(ZERO);
                        positive &= up.all();
                        (planned, up.select(planned, ZERO))
                    }
                },
            };
            // Not finite, or the cap below the start: `!(c >= st - 1e-9)` catches NaN too.
            let not_finite = !planned.abs().simd_lt(INF);
            let below = !V::splat(c).simd_ge(*st - V::splat(1e-9));
            flawed = flawed | not_finite | below;
        }
        // The positive-block fast path (no per-lane holds, no second stage) pays: with it off
        // the batch kernel runs 3.1% (4 sectors) and 5.6% (21) more instructions under
        // proportional rises, 0.4% and 1.2% under uniform ones (callgrind, 50,000 variants of
        // the criterion bench's case, one thread; identical results).
        blk.positive = positive;
        let bits = flawed.to_bitmask();
        std::array::from_fn(|l| bits & (1 << l) == 0)
    }

    /// Whether some sector can move (`Σ B_i d_i > 0`) in lane 0.
    pub fn any_free(&self, blk: &Block) -> bool {
        self.base
            .iter()
            .zip(&blk.direction)
            .any(|(&b, d)| b * d.to_array()[0] > 0.0)
    }

    /// `Σ base_i·a_i` in each lane with every free sector at its cap and locked ones at their
    /// lock (after [`Rules::prepare_lanes`]); infinite when some free sector is uncapped (no
    /// upper bound).
    pub fn max_sums(&self, blk: &Block) -> [f64; LANES] {
        let Some(fixed) = self.top_fixed else {
            return [f64::INFINITY; LANES];
        };
        let mut sum = V::splat(fixed);
        for ((lock, &b), p) in self.locks.iter().zip(&self.base).zip(&blk.plan) {
            if let Some(Lock::AtPlan) = lock {
                sum += V::splat(b) * *p;
            }
        }
        sum.to_array()
    }

    /// Water-filling of every lane: `a_i = min(start_i + s·direction_i, cap_i)` with
    /// `Σ base_i·a_i = target`, into the block's allocation.
    ///
    /// Requires `cap_i >= start_i` (checked by [`Rules::prepare_lanes`]). When even every
    /// free sector at its cap falls short, the lane is infeasible and its allocation holds the
    /// caps (the highest reachable allocation), its level the highest kink. When no sector
    /// can move (`Σ base·direction = 0`), the allocation is the start, the level 0, and it is
    /// feasible iff it already reaches the target.
    ///
    /// `UNIT`: every capped sector's direction is 1 (a uniform rise), so the products and
    /// quotients by it are left out (the same bits: `x·1 = x/1 = x`). It pays: with it off
    /// (`fill::<false>` for uniform rises) the batch kernel runs 7.9% more instructions at 4
    /// sectors and 11.5% more at 21 (`valgrind --tool=callgrind`, 50,000 variants of the
    /// criterion bench's case, one thread; identical results).
    fn fill<const UNIT: bool>(&self, blk: &mut Block, target: f64) -> Fills {
        let blk_positive = blk.positive;
        let Block {
            start,
            direction,
            out,
            kink,
            bd,
            at,
            ..
        } = blk;
        let k = V::splat(target);
        // The sectors that cannot be clipped enter F as a line: value0 + s·slope0.
        let mut value0 = ZERO;
        let mut slope0 = if UNIT {
            V::splat(self.unit_slope0)
        } else {
            ZERO
        };
        for ((&b, (s0, d0)), &role) in self
            .base
            .iter()
            .zip(start.iter().zip(direction.iter()))
            .zip(&self.role)
        {
            if role != Role::Capped {
                let b = V::splat(b);
                value0 += b * *s0;
                // A locked sector's direction is 0: it adds nothing to the slope.
                if !UNIT && role == Role::Free {
                    slope0 += (b * *d0).fast_max(ZERO);
                }
            }
        }
        // The capped sectors side by side: each one's kink and slope `B·d` (an infinite kink
        // and 0 for one that does not move); F(0) and the slope before the first kink.
        let mut value = value0;
        let mut slope = slope0;
        for (r, (t, m)) in self.capped.iter().zip(kink.iter_mut().zip(bd.iter_mut())) {
            let (s0, d0) = (start[r.i], direction[r.i]);
            let (b, c) = (V::splat(r.base), V::splat(r.cap));
            if UNIT {
                // Direction 1: the kink is the room to the cap; the slope is B (if positive).
                let moves = r.base > 0.0;
                *t = if moves { c - s0 } else { INF };
                *m = if moves { b } else { ZERO };
            } else {
                let slope_j = b * d0;
                if blk_positive && r.base > 0.0 {
                    // It moves in every lane.
                    *t = (c - s0) / d0;
                    *m = slope_j;
                } else {
                    let moves = slope_j.simd_gt(ZERO);
                    *t = moves.select((c - s0) / d0, INF);
                    *m = moves & slope_j;
                }
            }
            value += b * s0;
            slope += *m;
        }
        // F at every kink. A mover k is at `min(s_k + t·d_k, c_k) = s_k + d_k·min(t, t_k)`, so
        // `F(t) = F(0) + t·slope0 + Σ_k B_k d_k min(t, t_k)`. NaN at the "kink" of a sector
        // that does not move, so that it is never taken.
        for (f, &t) in at.iter_mut().zip(kink.iter()) {
            let mut sum = value + t * slope0;
            for (&tk, &m) in kink.iter().zip(bd.iter()) {
                sum += m * t.fast_min(tk);
            }
            *f = if (UNIT || blk_positive) && self.unit_all_move {
                sum
            } else {
                t.simd_lt(INF).select(sum, V::splat(f64::NAN))
            };
        }
        // The highest kink where F is still at most the target (none: 0, where F = value).
        let mut lo = V::splat(f64::NEG_INFINITY);
        let mut f_lo = value;
        for (&f, &t) in at.iter().zip(kink.iter()) {
            let take = f.simd_le(k) & t.simd_gt(lo);
            lo = take.select(t, lo);
            f_lo = take.select(f, f_lo);
        }
        // The slope past it: the movers whose kinks lie beyond.
        let mut after = slope0;
        for (&t, &m) in kink.iter().zip(bd.iter()) {
            after += t.simd_gt(lo) & m;
        }
        let from = lo.simd_eq(V::splat(f64::NEG_INFINITY)).select(ZERO, lo);
        // Nothing moves past the last kink: the level is that kink.
        let rise = after.simd_gt(ZERO).select(from + (k - f_lo) / after, from);
        self.settle::<UNIT>(start, direction, out, rise, target, blk_positive)
    }

    /// The allocation at level `rise` (per lane) into `out`; what it reaches and whether that
    /// is the target.
    fn settle<const UNIT: bool>(
        &self,
        start: &[V],
        direction: &[V],
        out: &mut [V],
        rise: V,
        target: f64,
        positive: bool,
    ) -> Fills {
        let fast = UNIT || positive;
        let mut reached = ZERO;
        for ((o, (&s0, &d0)), ((&b, &c), &role)) in out
            .iter_mut()
            .zip(start.iter().zip(direction.iter()))
            .zip(self.base.iter().zip(&self.cap).zip(&self.role))
        {
            let moved = if UNIT { s0 + rise } else { s0 + rise * d0 };
            let a = match role {
                Role::Locked => s0,
                Role::Capped if fast => moved.fast_min(V::splat(c)),
                Role::Free if fast => moved,
                _ => d0.simd_gt(ZERO).select(moved.fast_min(V::splat(c)), s0),
            };
            *o = a;
            reached += V::splat(b) * a;
        }
        let reached = reached.to_array();
        Fills {
            rise: rise.to_array(),
            feasible: reaches(reached, target),
            reached,
        }
    }
}

/// [`Rules::fill`] on prepared lanes, then, for each lane whose policy movers are all capped
/// short of the target, a second stage in which the free sectors it did not move
/// (proportional rises skip sectors without a planned increase) rise uniformly under their
/// caps, run on `spare` (a block of the same rules). Infeasible only when every free sector is
/// at its cap, or some is uncapped but outside both stages (none is, in practice). The level
/// reported is the first stage's.
pub(crate) fn allocate(rules: &Rules, blk: &mut Block, spare: &mut Block, target: f64) -> Fills {
    let first = match rules.direction {
        Direction::Uniform => rules.fill::<true>(blk, target),
        Direction::Proportional => rules.fill::<false>(blk, target),
    };
    if first.feasible.iter().all(|&f| f) || blk.positive {
        // Every free sector moved in the first stage.
        return first;
    }
    let short = V::new(first.feasible.map(|f| if f { 0.0 } else { 1.0 })).simd_gt(ZERO);
    let mut again = NO_LANE;
    for ((&role, d), &b) in rules.role.iter().zip(&blk.direction).zip(&rules.base) {
        if role != Role::Locked && b > 0.0 {
            again |= short & d.simd_eq(ZERO);
        }
    }
    if !again.any() {
        return first;
    }
    // Stage two: the first stage's allocation is its start.
    for ((((st, d), o), d1), &role) in spare
        .start
        .iter_mut()
        .zip(spare.direction.iter_mut())
        .zip(&blk.out)
        .zip(&blk.direction)
        .zip(&rules.role)
    {
        *st = *o;
        *d = if role == Role::Locked {
            ZERO
        } else {
            d1.simd_eq(ZERO).select(V::ONE, ZERO)
        };
    }
    spare.positive = false;
    let two = rules.fill::<false>(spare, target);
    for (o, &t) in blk.out.iter_mut().zip(&spare.out) {
        *o = again.select(t, *o);
    }
    let bits = again.to_bitmask();
    let mut fills = first;
    for l in (0..LANES).filter(|&l| bits & (1 << l) != 0) {
        fills.feasible[l] = two.feasible[l];
        fills.reached[l] = two.reached[l];
    }
    fills
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`allocate`] on one lane, with a spare block for the second stage.
    fn run(rules: &Rules, w: &mut Block, target: f64) -> Fill {
        let mut spare = rules.block();
        allocate(rules, w, &mut spare, target).lane(0)
    }

    /// Rules for `base` (levels over the remaining quarter Q4 only), uniform, and a
    /// workspace holding `start`.
    fn setup(
        base: &[f64],
        start: &[f64],
        caps: &[Option<f64>],
        locks: &[Option<Lock>],
    ) -> (Rules, Block) {
        let b: Vec<f64> = base.iter().flat_map(|&x| [0.0, 0.0, 0.0, x]).collect();
        let rules = Rules::new(&b, 3, Direction::Uniform, locks, caps);
        let g: Vec<f64> = start.iter().flat_map(|&x| [0.0, 0.0, 0.0, x]).collect();
        let mut w = rules.block();
        rules.prepare(&g, &mut w).unwrap();
        (rules, w)
    }

    #[test]
    fn uniform_rise_without_caps_is_linear() {
        let (r, mut w) = setup(&[1.0, 3.0], &[5.0, 7.0], &[None; 2], &[None; 2]);
        // 1*(5+s) + 3*(7+s) = 30  =>  s = 1
        let f = run(&r, &mut w, 30.0);
        assert!((f.rise - 1.0).abs() < 1e-12 && f.feasible);
        assert_eq!(w.out(0), [6.0, 8.0]);
    }

    #[test]
    fn a_capped_sector_passes_its_share_to_the_others() {
        let (r, mut w) = setup(&[1.0, 1.0], &[5.0, 5.0], &[Some(6.0), None], &[None; 2]);
        // s=1 caps the first (value 12); then only the second rises: 6 + (5+s) = 14 => s = 3
        let f = run(&r, &mut w, 14.0);
        assert!(f.feasible);
        assert!((w.out(0)[0] - 6.0).abs() < 1e-12 && (w.out(0)[1] - 8.0).abs() < 1e-12);
    }

    #[test]
    fn caps_bind_one_after_another() {
        // Kinks at 1, 2, 4 (caps 6, 7, 9 from 5): the first level (3) caps two, the second
        // (4.5) the third, the third level is 5.
        let (r, mut w) = setup(
            &[1.0, 1.0, 1.0, 1.0],
            &[5.0; 4],
            &[Some(6.0), Some(7.0), Some(9.0), None],
            &[None; 4],
        );
        // 6 + 7 + 9 + (5+s) = 32 => s = 5
        let f = run(&r, &mut w, 32.0);
        assert!(f.feasible && (f.rise - 5.0).abs() < 1e-12, "{f:?}");
        assert_eq!(w.out(0), [6.0, 7.0, 9.0, 10.0]);
    }

    #[test]
    fn all_capped_is_infeasible_at_the_caps() {
        let (r, mut w) = setup(
            &[1.0, 2.0],
            &[5.0, 5.0],
            &[Some(6.0), Some(7.0)],
            &[None; 2],
        );
        let f = run(&r, &mut w, 100.0);
        assert!(!f.feasible);
        assert_eq!(w.out(0), [6.0, 7.0]);
        assert!((f.reached - 20.0).abs() < 1e-12);
        assert!((f.rise - 2.0).abs() < 1e-12, "the highest kink");
        assert!((r.max_sums(&w)[0] - 20.0).abs() < 1e-12);
    }

    #[test]
    fn locked_sectors_do_not_move() {
        let (r, mut w) = setup(
            &[1.0, 1.0],
            &[5.0, 9.0],
            &[None; 2],
            &[Some(Lock::AtPlan), None],
        );
        let f = run(&r, &mut w, 10.0);
        assert!(f.feasible);
        assert_eq!(w.out(0), [5.0, 5.0]);
        assert!(r.max_sums(&w)[0].is_infinite());
    }

    #[test]
    fn proportional_falls_back_to_sectors_planned_to_shrink() {
        // The second sector plans -2%: no proportional share; the first is capped at 6.
        let b: Vec<f64> = [1.0, 1.0]
            .iter()
            .flat_map(|&x| [0.0, 0.0, 0.0, x])
            .collect();
        let rules = Rules::new(
            &b,
            3,
            Direction::Proportional,
            &[None; 2],
            &[Some(6.0), None],
        );
        let mut w = rules.block();
        rules
            .prepare(&[0.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0, -2.0], &mut w)
            .unwrap();
        // 6 + a = 10 => a = 4 for the second sector, in stage two.
        let f = run(&rules, &mut w, 10.0);
        assert!(f.feasible, "{f:?}");
        assert!((w.out(0)[0] - 6.0).abs() < 1e-12 && (w.out(0)[1] - 4.0).abs() < 1e-12);
        assert!(
            (f.rise - 0.2).abs() < 1e-12,
            "the first stage's level: 5(1+s) = 6"
        );
    }

    #[test]
    fn a_cap_below_the_plan_is_named() {
        let b = [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0];
        let rules = Rules::new(&b, 3, Direction::Uniform, &[None; 2], &[None, Some(4.0)]);
        let mut w = rules.block();
        let g = [0.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 5.0];
        assert_eq!(rules.prepare(&g, &mut w), Err(Flaw::CapBelowPlan(1)));
        let g = [0.0, 0.0, 0.0, f64::NAN, 0.0, 0.0, 0.0, 5.0];
        assert_eq!(rules.prepare(&g, &mut w), Err(Flaw::NotFinite));
    }

    #[test]
    fn lanes_do_not_depend_on_each_other() {
        let b: Vec<f64> = [1.0, 2.0, 3.0, 0.5]
            .iter()
            .flat_map(|&x| [0.0, 0.0, x, x])
            .collect();
        let caps = [Some(9.0), Some(8.0), Some(10.0), Some(7.5)];
        for direction in [Direction::Uniform, Direction::Proportional] {
            let rules = Rules::new(&b, 2, direction, &[None; 4], &caps);
            // Plans from -1 to 6.5: some lanes shrink a sector (a second stage), some bind.
            let rows: Vec<Vec<f64>> = (0..7_u32)
                .map(|v| {
                    (0..16_u32)
                        .map(|j| -1.0 + f64::from((v * 7 + j * 3) % 11) * 0.75)
                        .collect()
                })
                .collect();
            let (mut blk, mut spare) = (rules.block(), rules.block());
            let mut feasible = 0;
            for target in [-10.0, 20.0, 60.0, 100.0, 120.0] {
                for (c, chunk) in rows.chunks(LANES).enumerate() {
                    let mut plans = vec![[0.0; LANES]; 4];
                    super::super::batch::plan_rows(&rules, &chunk.concat(), &mut plans);
                    let sound = rules.prepare_lanes(&plans, &mut blk);
                    assert!(sound.iter().all(|&ok| ok));
                    let all = allocate(&rules, &mut blk, &mut spare, target);
                    for (l, r) in chunk.iter().enumerate() {
                        let mut one = rules.block();
                        rules.prepare(r, &mut one).unwrap();
                        let f = run(&rules, &mut one, target);
                        let at = format!("variant {} target {target}", c * LANES + l);
                        assert_eq!(f.rise.to_bits(), all.rise[l].to_bits(), "{at}");
                        assert_eq!(f.reached.to_bits(), all.reached[l].to_bits(), "{at}");
                        assert_eq!(f.feasible, all.feasible[l], "{at}");
                        assert_eq!(one.out(0), blk.out(l), "{at}");
                        feasible += usize::from(f.feasible);
                    }
                }
            }
            assert!(feasible > 0 && feasible < 5 * rows.len(), "{feasible}");
        }
    }
}
