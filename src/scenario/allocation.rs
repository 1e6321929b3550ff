//! The allocation kernel: how a required total over the remaining quarters is shared among
//! sectors (water-filling under caps), for `L` variants ("lanes") at once.
//!
//! Both the single-scenario path ([`crate::scenario::RequiredGrowth`], one lane) and the batch
//! path ([`crate::scenario::batch`], blocks of [`LANES`]) call [`Rules::prepare_lanes`] and
//! [`allocate`]; nothing here allocates except the caller's reusable [`Block`] (and a copy
//! of it for the rare second stage).
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
//! with a kink where a sector reaches its cap. The water level is found without sorting the
//! kinks, by iterative clipping (Newton's method on `F`): solve the linear piece with the
//! sectors capped so far held at their caps, cap every sector the new level passes, repeat
//! until no sector is added. By concavity every level is at or below the exact one and the
//! capped set only grows, so it ends after at most one round per capped sector (two or three
//! in practice) at the exact level. Lanes are independent: a lane's result depends only on its
//! own data (a settled lane recomputes the same bits while others go on), so results do not
//! depend on how variants are grouped or on the thread count. A locked sector is one with
//! `d_i = 0`.

// Lane loops index several `[f64; L]` in step, which is what the compiler vectorizes.
#![allow(clippy::needless_range_loop)]
// `&` between comparisons on purpose: both sides are cheap and a branch would mispredict.
#![allow(clippy::needless_bitwise_bool)]

use crate::scenario::Lock;

/// Variants per block in the batch path. The kernel is generic over the lane count (the
/// per-sector loops run across lanes); on the x86-64 baseline (SSE2, two f64 per vector)
/// blocks of 4 and 8 lanes measured slower than one (every lane of a block runs as many
/// clipping rounds as the slowest), so the batch runs one variant at a time.
pub(crate) const LANES: usize = 1;

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
pub(crate) struct Fills<const L: usize> {
    pub rise: [f64; L],
    pub feasible: [bool; L],
    pub reached: [f64; L],
}

impl<const L: usize> Fills<L> {
    pub fn lane(&self, l: usize) -> Fill {
        Fill {
            rise: self.rise[l],
            feasible: self.feasible[l],
            reached: self.reached[l],
        }
    }
}

/// Reusable per-thread scratch for `L` lanes, structure of arrays: one `[f64; L]` per sector.
#[derive(Debug, Clone)]
pub(crate) struct Block<const L: usize> {
    plan: Vec<[f64; L]>,
    start: Vec<[f64; L]>,
    direction: Vec<[f64; L]>,
    out: Vec<[f64; L]>,
    /// The capped sectors' lanes, compact (see [`Clip`]).
    clip: Vec<Clip<L>>,
}

/// One capped sector's lanes during the water-filling: `B·start`, `max(B·d, 0)`, start,
/// direction, and 1 where the sector is held at its cap (an `f64` mask vectorizes).
#[derive(Debug, Clone, Copy)]
struct Clip<const L: usize> {
    bs: [f64; L],
    bd: [f64; L],
    st: [f64; L],
    d: [f64; L],
    on: [f64; L],
}

/// The single-scenario workspace: one lane.
pub(crate) type Workspace = Block<1>;

impl<const L: usize> Block<L> {
    fn with_sectors(s: usize) -> Self {
        Self {
            plan: vec![[0.0; L]; s],
            start: vec![[0.0; L]; s],
            direction: vec![[0.0; L]; s],
            out: vec![[0.0; L]; s],
            clip: vec![
                Clip {
                    bs: [0.0; L],
                    bd: [0.0; L],
                    st: [0.0; L],
                    d: [0.0; L],
                    on: [0.0; L],
                };
                s
            ],
        }
    }

    /// Allocated growth of sector `i` in lane `l`.
    pub fn out_at(&self, i: usize, l: usize) -> f64 {
        self.out[i][l]
    }
}

impl Block<1> {
    /// The planned growth of each sector.
    pub fn plan(&self) -> &[f64] {
        self.plan.as_flattened()
    }

    /// The allocated growth of each sector.
    pub fn out(&self) -> &[f64] {
        self.out.as_flattened()
    }

    /// The allocated growth of each sector, to set.
    pub fn out_mut(&mut self) -> &mut [f64] {
        self.out.as_flattened_mut()
    }
}

/// What stays fixed across variants: each sector's base level over the remaining quarters
/// `k+1..=4` and each quarter's share of it (a variant's planned growth over them is then a
/// dot of 4, `Σ_q share_iq · g_iq`, exact since the shares sum to 1), the locks and the caps,
/// and which sectors have a finite cap (the only ones the water-filling can clip).
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    base: Vec<f64>,
    /// sectors: `b_iq / B_i` for the remaining quarters, 0 for the elapsed ones.
    share: Vec<[f64; 4]>,
    locks: Vec<Option<Lock>>,
    /// The cap of each free sector; infinite for uncapped and locked ones.
    cap: Vec<f64>,
    /// Sectors with a finite cap, and those without.
    capped: Vec<usize>,
    uncapped: Vec<usize>,
    /// `(B_i·c_i, c_i)` of each capped sector, in the order of `capped`.
    clip: Vec<(f64, f64)>,
    direction: Direction,
}

/// Why a variant cannot be allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flaw {
    /// A planned growth that is not finite.
    NotFinite,
    /// The cap of this free sector is below its planned growth.
    CapBelowPlan(usize),
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
        let (capped, uncapped): (Vec<usize>, Vec<usize>) =
            (0..cap.len()).partition(|&i| cap[i].is_finite());
        let clip = capped.iter().map(|&i| (sums[i] * cap[i], cap[i])).collect();
        Self {
            base: sums,
            share,
            locks: locks.to_vec(),
            cap,
            capped,
            uncapped,
            clip,
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

    /// A scratch block of `L` lanes for these sectors.
    pub fn block<const L: usize>(&self) -> Block<L> {
        Block::with_sectors(self.base.len())
    }

    /// One variant's planned growth (`growth`: sectors × 4), start and direction of every
    /// sector, into a one-lane workspace.
    ///
    /// # Errors
    /// The first flaw found, in sector order.
    pub fn prepare(&self, growth: &[f64], ws: &mut Workspace) -> Result<(), Flaw> {
        if self.prepare_lanes(growth, ws, 1)[0] {
            return Ok(());
        }
        Err(self.first_flaw(growth, &mut ws.plan))
    }

    /// The first flaw of a variant (`growth`: sectors × 4) that [`Rules::prepare_lanes`]
    /// flagged, in sector order; the planned growths go to `plan` (for the message).
    fn first_flaw(&self, growth: &[f64], plan: &mut [[f64; 1]]) -> Flaw {
        let mut flaw = None;
        for (i, (g, w)) in growth.chunks_exact(4).zip(&self.share).enumerate() {
            let planned = g[0] * w[0] + g[1] * w[1] + g[2] * w[2] + g[3] * w[3];
            plan[i] = [planned];
            let s0 = match self.locks[i] {
                Some(Lock::AtGrowth(g)) => g,
                _ => planned,
            };
            if flaw.is_none() {
                if !planned.is_finite() {
                    flaw = Some(Flaw::NotFinite);
                } else if self.cap[i] < s0 - 1e-9 {
                    flaw = Some(Flaw::CapBelowPlan(i));
                }
            }
        }
        flaw.unwrap_or(Flaw::NotFinite)
    }

    /// The planned growth, start and direction of every sector for `lanes <= L` variants
    /// (`rows`: `lanes` × sectors × 4), sector by sector across lanes; lanes past `lanes`
    /// repeat the first variant. Whether each lane is sound: a flawed lane (a planned growth
    /// that is not finite, a cap below the plan) is reset to zeros (its results are dropped;
    /// [`Rules::prepare`] names the flaw).
    pub fn prepare_lanes<const L: usize>(
        &self,
        rows: &[f64],
        blk: &mut Block<L>,
        lanes: usize,
    ) -> [bool; L] {
        let row = 4 * self.base.len();
        let mut bad = [false; L];
        let sectors = self
            .share
            .iter()
            .zip(self.locks.iter().zip(&self.cap))
            .zip(blk.plan.iter_mut().zip(blk.start.iter_mut()))
            .zip(blk.direction.iter_mut())
            .enumerate();
        for (i, (((w, (lock, &c)), (p, st)), d)) in sectors {
            for l in 0..L {
                let r = if l < lanes { l } else { 0 };
                let g = &rows[r * row + 4 * i..r * row + 4 * i + 4];
                p[l] = g[0] * w[0] + g[1] * w[1] + g[2] * w[2] + g[3] * w[3];
            }
            match lock {
                Some(Lock::AtPlan) => {
                    *st = *p;
                    *d = [0.0; L];
                }
                Some(Lock::AtGrowth(g)) => {
                    *st = [*g; L];
                    *d = [0.0; L];
                }
                None => {
                    *st = *p;
                    for l in 0..L {
                        d[l] = match self.direction {
                            Direction::Uniform => 1.0,
                            Direction::Proportional => p[l].max(0.0),
                        };
                    }
                }
            }
            for l in 0..L {
                bad[l] |= !p[l].is_finite() || c < st[l] - 1e-9;
            }
        }
        if bad.iter().any(|&b| b) {
            for l in (0..L).filter(|&l| bad[l]) {
                for v in [&mut blk.plan, &mut blk.start, &mut blk.direction] {
                    for x in v.iter_mut() {
                        x[l] = 0.0;
                    }
                }
            }
        }
        bad.map(|b| !b)
    }

    /// Whether some sector of lane `l` can move (`Σ B_i d_i > 0`).
    pub fn any_free<const L: usize>(&self, blk: &Block<L>, l: usize) -> bool {
        self.base
            .iter()
            .zip(&blk.direction)
            .any(|(&b, d)| b * d[l] > 0.0)
    }

    /// `Σ base_i·a_i` in each lane with every free sector at its cap and locked ones at their
    /// lock (after [`Rules::prepare_lanes`]); infinite when some free sector is uncapped (no
    /// upper bound).
    pub fn max_sums<const L: usize>(&self, blk: &Block<L>) -> [f64; L] {
        let mut sum = [0.0; L];
        for (((lock, &c), &b), st) in self
            .locks
            .iter()
            .zip(&self.cap)
            .zip(&self.base)
            .zip(&blk.start)
        {
            if lock.is_some() {
                for l in 0..L {
                    sum[l] += b * st[l];
                }
            } else if c.is_finite() {
                for x in &mut sum {
                    *x += b * c;
                }
            } else {
                return [f64::INFINITY; L];
            }
        }
        sum
    }

    /// Water-filling of every lane: `a_i = min(start_i + s·direction_i, cap_i)` with
    /// `Σ base_i·a_i = target`, into the block's allocation.
    ///
    /// Requires `cap_i >= start_i` (checked by [`Rules::prepare_lanes`]). When even every
    /// free sector at its cap falls short, the lane is infeasible and its allocation holds the
    /// caps (the highest reachable allocation), its level the highest kink. When no sector
    /// can move (`Σ base·direction = 0`), the allocation is the start, the level 0, and it is
    /// feasible iff it already reaches the target.
    fn fill<const L: usize>(&self, blk: &mut Block<L>, target: f64) -> Fills<L> {
        let Block {
            start,
            direction,
            out,
            clip,
            ..
        } = blk;
        // The sectors without a cap: the same on every round.
        let mut value0 = [0.0; L];
        let mut slope0 = [0.0; L];
        for &i in &self.uncapped {
            let (b, st, d) = (self.base[i], &start[i], &direction[i]);
            for l in 0..L {
                value0[l] += b * st[l];
                let bd = b * d[l];
                slope0[l] += if bd > 0.0 { bd } else { 0.0 };
            }
        }
        let clip = &mut clip[..self.capped.len()];
        for (c, &i) in clip.iter_mut().zip(&self.capped) {
            let b = self.base[i];
            for l in 0..L {
                let bd = b * direction[i][l];
                c.bs[l] = b * start[i][l];
                c.bd[l] = if bd > 0.0 { bd } else { 0.0 };
                c.st[l] = start[i][l];
                c.d[l] = direction[i][l];
                c.on[l] = 0.0;
            }
        }
        let mut rise = [0.0; L];
        let mut hits = 0.0;
        // Each round caps at least one more sector in some lane, or ends.
        for _ in 0..=clip.len() {
            let mut value = value0;
            let mut slope = slope0;
            for (c, &(bc, _)) in clip.iter().zip(&self.clip) {
                for l in 0..L {
                    let on = c.on[l] != 0.0;
                    value[l] += if on { bc } else { c.bs[l] };
                    slope[l] += if on { 0.0 } else { c.bd[l] };
                }
            }
            for l in 0..L {
                rise[l] = (target - value[l]) / slope[l];
            }
            if slope.iter().any(|&x| x <= 0.0) {
                for l in (0..L).filter(|&l| slope[l] <= 0.0) {
                    // Nothing left to move: the level is the highest cap reached (0 if none).
                    let top = clip
                        .iter()
                        .zip(&self.clip)
                        .filter(|(c, _)| c.on[l] != 0.0)
                        .map(|(c, &(_, cap))| (cap - c.st[l]) / c.d[l])
                        .fold(f64::NEG_INFINITY, f64::max);
                    rise[l] = if top == f64::NEG_INFINITY { 0.0 } else { top };
                }
            }
            let mut total = 0.0;
            for (c, &(_, cap)) in clip.iter_mut().zip(&self.clip) {
                for l in 0..L {
                    let pass = (c.bd[l] > 0.0) & (c.st[l] + rise[l] * c.d[l] > cap);
                    c.on[l] = if pass { 1.0 } else { c.on[l] };
                    total += c.on[l];
                }
            }
            // Caps only ever join: no new one when the count did not grow.
            if total <= hits {
                break;
            }
            hits = total;
        }
        let mut reached = [0.0; L];
        for (((o, st), d), (&b, &c)) in out
            .iter_mut()
            .zip(start.iter())
            .zip(direction.iter())
            .zip(self.base.iter().zip(&self.cap))
        {
            for l in 0..L {
                // Both sides computed, then selected: no branch to mispredict.
                let up = (st[l] + rise[l] * d[l]).min(c);
                let a = if d[l] > 0.0 { up } else { st[l] };
                o[l] = a;
                reached[l] += b * a;
            }
        }
        let mut feasible = [false; L];
        for l in 0..L {
            let scale = target.abs().max(reached[l].abs()).max(1.0);
            feasible[l] = reached[l] >= target - 1e-12 * scale;
        }
        Fills {
            rise,
            feasible,
            reached,
        }
    }
}

/// [`Rules::fill`] on prepared lanes, then, for each lane whose policy movers are all capped
/// short of the target, a second stage in which the free sectors it did not move
/// (proportional rises skip sectors without a planned increase) rise uniformly under their
/// caps. Infeasible only when every free sector is at its cap, or some is uncapped but outside
/// both stages (none is, in practice). The level reported is the first stage's.
pub(crate) fn allocate<const L: usize>(rules: &Rules, blk: &mut Block<L>, target: f64) -> Fills<L> {
    let first = rules.fill(blk, target);
    if first.feasible.iter().all(|&f| f) {
        return first;
    }
    let mut again = [false; L];
    for (l, a) in again.iter_mut().enumerate() {
        *a = !first.feasible[l]
            && rules
                .locks
                .iter()
                .zip(&blk.direction)
                .zip(&rules.base)
                .any(|((lock, d), &b)| lock.is_none() && d[l] == 0.0 && b > 0.0);
    }
    if !again.iter().any(|&a| a) {
        return first;
    }
    // Stage two on copies of the lanes' state: the first stage's allocation is its start.
    let mut second = blk.clone();
    for (i, lock) in rules.locks.iter().enumerate() {
        for l in 0..L {
            let idle = lock.is_none() && blk.direction[i][l] == 0.0;
            second.start[i][l] = blk.out[i][l];
            second.direction[i][l] = if idle { 1.0 } else { 0.0 };
        }
    }
    let two = rules.fill(&mut second, target);
    let mut fills = first;
    for l in (0..L).filter(|&l| again[l]) {
        fills.feasible[l] = two.feasible[l];
        fills.reached[l] = two.reached[l];
        for (o, t) in blk.out.iter_mut().zip(&second.out) {
            o[l] = t[l];
        }
    }
    fills
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rules for `base` (levels over the remaining quarter Q4 only), uniform, no locks, and a
    /// block holding `start`.
    fn setup(
        base: &[f64],
        start: &[f64],
        caps: &[Option<f64>],
        locks: &[Option<Lock>],
    ) -> (Rules, Workspace) {
        let b: Vec<f64> = base.iter().flat_map(|&x| [0.0, 0.0, 0.0, x]).collect();
        let rules = Rules::new(&b, 3, Direction::Uniform, locks, caps);
        let g: Vec<f64> = start.iter().flat_map(|&x| [0.0, 0.0, 0.0, x]).collect();
        let mut w = rules.block::<1>();
        rules.prepare(&g, &mut w).unwrap();
        (rules, w)
    }

    #[test]
    fn uniform_rise_without_caps_is_linear() {
        let (r, mut w) = setup(&[1.0, 3.0], &[5.0, 7.0], &[None; 2], &[None; 2]);
        // 1*(5+s) + 3*(7+s) = 30  =>  s = 1
        let f = allocate(&r, &mut w, 30.0).lane(0);
        assert!((f.rise - 1.0).abs() < 1e-12 && f.feasible);
        assert_eq!(w.out(), [6.0, 8.0]);
    }

    #[test]
    fn a_capped_sector_passes_its_share_to_the_others() {
        let (r, mut w) = setup(&[1.0, 1.0], &[5.0, 5.0], &[Some(6.0), None], &[None; 2]);
        // s=1 caps the first (value 12); then only the second rises: 6 + (5+s) = 14 => s = 3
        let f = allocate(&r, &mut w, 14.0).lane(0);
        assert!(f.feasible);
        assert!((w.out()[0] - 6.0).abs() < 1e-12 && (w.out()[1] - 8.0).abs() < 1e-12);
    }

    #[test]
    fn all_capped_is_infeasible_at_the_caps() {
        let (r, mut w) = setup(
            &[1.0, 2.0],
            &[5.0, 5.0],
            &[Some(6.0), Some(7.0)],
            &[None; 2],
        );
        let f = allocate(&r, &mut w, 100.0).lane(0);
        assert!(!f.feasible);
        assert_eq!(w.out(), [6.0, 7.0]);
        assert!((f.reached - 20.0).abs() < 1e-12);
        assert!((f.rise - 2.0).abs() < 1e-12, "the highest kink");
    }

    #[test]
    fn locked_sectors_do_not_move() {
        let (r, mut w) = setup(
            &[1.0, 1.0],
            &[5.0, 9.0],
            &[None; 2],
            &[Some(Lock::AtPlan), None],
        );
        let f = allocate(&r, &mut w, 10.0).lane(0);
        assert!(f.feasible);
        assert_eq!(w.out(), [5.0, 5.0]);
    }

    #[test]
    fn lanes_do_not_depend_on_each_other() {
        let b: Vec<f64> = [1.0, 2.0, 3.0]
            .iter()
            .flat_map(|&x| [0.0, 0.0, x, x])
            .collect();
        let caps = [Some(9.0), Some(8.0), None];
        let rules = Rules::new(&b, 2, Direction::Proportional, &[None; 3], &caps);
        let rows: Vec<Vec<f64>> = (0..8_u32)
            .map(|v| {
                (0..12_u32)
                    .map(|j| 1.0 + f64::from((v * 7 + j * 3) % 11) * 0.6)
                    .collect()
            })
            .collect();
        let mut blk = rules.block::<8>();
        let flat: Vec<f64> = rows.concat();
        assert!(rules.prepare_lanes(&flat, &mut blk, 8).iter().all(|&ok| ok));
        let all = allocate(&rules, &mut blk, 60.0);
        for (l, r) in rows.iter().enumerate() {
            let mut one = rules.block::<1>();
            rules.prepare(r, &mut one).unwrap();
            let f = allocate(&rules, &mut one, 60.0).lane(0);
            assert_eq!(f.rise.to_bits(), all.rise[l].to_bits());
            assert_eq!(f.reached.to_bits(), all.reached[l].to_bits());
            for i in 0..3 {
                assert_eq!(one.out()[i].to_bits(), blk.out_at(i, l).to_bits());
            }
        }
    }
}
