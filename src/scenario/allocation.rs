//! The allocation kernel: how a required total over the remaining quarters is shared among
//! sectors (water-filling under caps), on plain slices.
//!
//! Both the single-scenario path ([`crate::scenario::RequiredGrowth`]) and the batch path
//! ([`crate::scenario::batch`]) call [`Rules::prepare`] and [`allocate`]; nothing here allocates
//! except the caller's reusable [`Workspace`].
//!
//! The model, for sectors `i` with base level `B_i` over the remaining quarters (the same
//! quarters of the year before), a starting growth `a0_i`, a direction `d_i >= 0` and a cap
//! `c_i >= a0_i` (percent):
//!
//! ```text
//! a_i(s) = min(a0_i + s * d_i, c_i),   find s with  Σ_i B_i a_i(s) = K
//! ```
//!
//! `Σ B_i a_i(s)` is continuous, non-decreasing and piecewise linear in `s`, with a kink where
//! a sector reaches its cap, so the water level `s` is exact: walk the kinks in ascending order
//! and solve the linear piece that contains `K`. A locked sector is one with `d_i = 0`.

use crate::scenario::Lock;

/// How the rise is shared among free sectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// The same additive rise in growth for every free sector (`d_i = 1`).
    Uniform,
    /// Rises proportional to the planned increments (`d_i = max(plan_i, 0)`): a sector planned
    /// to shrink gets no share.
    Proportional,
}

impl Direction {
    fn weight(self, plan_pct: f64) -> f64 {
        match self {
            Self::Uniform => 1.0,
            Self::Proportional => plan_pct.max(0.0),
        }
    }
}

/// The outcome of [`fill`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fill {
    /// The water level `s`: percentage points of rise per unit of direction.
    pub rise: f64,
    /// Whether `Σ B_i a_i` reaches `K` (or exceeds it with no free sector able to go lower).
    pub feasible: bool,
    /// `Σ B_i a_i` of the allocation (equal to `K` when feasible and some sector is free).
    pub reached: f64,
}

/// Reusable buffers for one thread (one per rayon task in the batch path).
#[derive(Debug, Default, Clone)]
pub(crate) struct Workspace {
    pub base: Vec<f64>,
    pub plan: Vec<f64>,
    pub start: Vec<f64>,
    pub direction: Vec<f64>,
    pub cap: Vec<f64>,
    pub out: Vec<f64>,
    /// Water levels at which a capped free sector reaches its cap, with its slope `B_i d_i`.
    kinks: Vec<(f64, f64)>,
}

impl Workspace {
    pub fn with_sectors(s: usize) -> Self {
        let v = || vec![0.0; s];
        Self {
            base: v(),
            plan: v(),
            start: v(),
            direction: v(),
            cap: v(),
            out: v(),
            kinks: Vec::with_capacity(s),
        }
    }
}

/// What stays fixed across variants: each sector's base level over the remaining quarters
/// `k+1..=4` and each quarter's share of it (a variant's planned growth over them is then a
/// dot of 4, `Σ_q share_iq · g_iq`, exact since the shares sum to 1), the locks and the caps.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    base: Vec<f64>,
    /// sectors × 4: `b_iq / B_i` for the remaining quarters, 0 for the elapsed ones.
    share: Vec<f64>,
    locks: Vec<Option<Lock>>,
    /// The cap of each free sector; infinite for uncapped and locked ones.
    cap: Vec<f64>,
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
        let mut share = vec![0.0; base.len()];
        for (i, b) in base.chunks_exact(4).enumerate() {
            let sum: f64 = b[k..].iter().sum();
            sums.push(sum);
            if sum != 0.0 {
                for q in k..4 {
                    share[4 * i + q] = b[q] / sum;
                }
            }
        }
        let cap = locks
            .iter()
            .zip(caps)
            .map(|(l, c)| match (l, c) {
                (None, Some(c)) => *c,
                _ => f64::INFINITY,
            })
            .collect();
        Self {
            base: sums,
            share,
            locks: locks.to_vec(),
            cap,
            direction,
        }
    }

    pub fn locks(&self) -> &[Option<Lock>] {
        &self.locks
    }

    /// A workspace for these sectors, with their base levels.
    pub fn workspace(&self) -> Workspace {
        let mut ws = Workspace::with_sectors(self.base.len());
        ws.base.copy_from_slice(&self.base);
        ws
    }

    /// One variant's planned growth (`growth`: sectors × 4), start, direction and cap of every
    /// sector in `ws`, in one pass that also sums up the line of [`finish`].
    ///
    /// # Errors
    /// The first flaw found, in sector order.
    pub fn prepare(&self, growth: &[f64], ws: &mut Workspace) -> Result<Line, Flaw> {
        let Workspace {
            base,
            plan,
            start,
            direction,
            cap,
            kinks,
            ..
        } = ws;
        kinks.clear();
        let mut line = Line::default();
        let sectors = growth
            .chunks_exact(4)
            .zip(self.share.chunks_exact(4))
            .zip(self.locks.iter().zip(&self.cap))
            .zip(plan.iter_mut().zip(start.iter_mut()))
            .zip(direction.iter_mut().zip(cap.iter_mut()))
            .zip(base.iter());
        for (i, (((((g, w), (lock, &c)), (p, st)), (d, cp)), &b)) in sectors.enumerate() {
            let planned = g[0] * w[0] + g[1] * w[1] + g[2] * w[2] + g[3] * w[3];
            if !planned.is_finite() {
                return Err(Flaw::NotFinite);
            }
            *p = planned;
            let (s0, d0) = match lock {
                Some(Lock::AtPlan) => (planned, 0.0),
                Some(Lock::AtGrowth(g)) => (*g, 0.0),
                None => (planned, self.direction.weight(planned)),
            };
            if c < s0 - 1e-9 {
                return Err(Flaw::CapBelowPlan(i));
            }
            *st = s0;
            *d = d0;
            *cp = c;
            line.add(kinks, b, s0, d0, c);
        }
        Ok(line)
    }
}

/// Water-filling: the allocation `a_i = min(start_i + s·direction_i, cap_i)` with
/// `Σ base_i·a_i = target`, written to `ws.out`.
///
/// Requires `cap_i >= start_i` (checked by the callers, which report it as an error). When
/// even every free sector at its cap falls short, the result is infeasible and `ws.out` holds
/// the caps (the highest reachable allocation). When no sector can move (`Σ base·direction =
/// 0`), the allocation is the start and it is feasible iff it already reaches the target.
pub(crate) fn fill(ws: &mut Workspace, target: f64) -> Fill {
    let line = line(ws);
    finish(ws, target, line)
}

/// `Σ B_i start_i`, `Σ B_i d_i` and the number of free uncapped sectors, at `s = 0`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Line {
    value: f64,
    slope: f64,
    uncapped: usize,
}

impl Line {
    /// Adds a sector with base `b`, start, direction `d` and cap.
    #[inline]
    fn add(&mut self, kinks: &mut Vec<(f64, f64)>, b: f64, start: f64, d: f64, cap: f64) {
        let bd = b * d;
        self.value += b * start;
        if bd > 0.0 {
            self.slope += bd;
            if cap.is_finite() {
                kinks.push(((cap - start) / d, bd));
            } else {
                self.uncapped += 1;
            }
        }
    }

    /// Whether some sector can move.
    pub fn any_free(self) -> bool {
        self.slope > 0.0
    }
}

fn line(ws: &mut Workspace) -> Line {
    ws.kinks.clear();
    let mut l = Line::default();
    for (((&b, &start), &d), &cap) in ws
        .base
        .iter()
        .zip(&ws.start)
        .zip(&ws.direction)
        .zip(&ws.cap)
    {
        l.add(&mut ws.kinks, b, start, d, cap);
    }
    l
}

/// The water level on `line` and the allocation it gives, into `ws.out`.
fn finish(ws: &mut Workspace, target: f64, line: Line) -> Fill {
    let Line {
        mut value,
        mut slope,
        uncapped,
    } = line;
    let rise = if slope <= 0.0 {
        0.0
    } else if target <= value {
        (target - value) / slope
    } else if ws
        .kinks
        .iter()
        .all(|&(kink, _)| kink >= (target - value) / slope)
    {
        // No cap binds: the first linear piece reaches the target (the common case).
        (target - value) / slope
    } else {
        ws.kinks.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let mut at = 0.0;
        let mut found = None;
        for &(kink, bd) in &ws.kinks {
            let next = value + slope * (kink - at);
            if next >= target {
                found = Some(at + (target - value) / slope);
                break;
            }
            value = next;
            at = kink;
            slope -= bd;
        }
        match found {
            Some(s) => s,
            // Some sector is uncapped: the last linear piece is unbounded.
            None if uncapped > 0 => at + (target - value) / slope,
            None => at,
        }
    };
    let mut reached = 0.0;
    for ((((o, &b), &start), &d), &cap) in ws
        .out
        .iter_mut()
        .zip(&ws.base)
        .zip(&ws.start)
        .zip(&ws.direction)
        .zip(&ws.cap)
    {
        let a = if d > 0.0 {
            (start + rise * d).min(cap)
        } else {
            start
        };
        *o = a;
        reached += b * a;
    }
    let scale = target.abs().max(reached.abs()).max(1.0);
    Fill {
        rise,
        feasible: reached >= target - 1e-12 * scale,
        reached,
    }
}

/// [`finish`] on a prepared line, then, when the policy's movers are all capped short of the
/// target, a second stage in which the free sectors it did not move (proportional rises skip
/// sectors without a planned increase) rise uniformly under their caps. Infeasible only when
/// every free sector is at its cap, or some is uncapped but outside both stages (none is, in
/// practice).
pub(crate) fn allocate(
    ws: &mut Workspace,
    target: f64,
    line: Line,
    locks: &[Option<Lock>],
) -> Fill {
    let first = finish(ws, target, line);
    if first.feasible {
        return first;
    }
    let mut any = false;
    for (i, lock) in locks.iter().enumerate() {
        let idle = lock.is_none() && ws.direction[i] == 0.0;
        ws.start[i] = ws.out[i];
        ws.direction[i] = if idle { 1.0 } else { 0.0 };
        any |= idle && ws.base[i] > 0.0;
    }
    if !any {
        return first;
    }
    let second = fill(ws, target);
    Fill {
        rise: first.rise,
        ..second
    }
}

/// `Σ base_i·a_i` with every free sector at its cap and locked ones at their lock (after
/// [`prepare`]); `None` when some free sector is uncapped (no upper bound).
pub(crate) fn max_sum(ws: &Workspace, locks: &[Option<Lock>]) -> Option<f64> {
    let mut sum = 0.0;
    for (i, lock) in locks.iter().enumerate() {
        let top = if lock.is_some() {
            ws.start[i]
        } else {
            ws.cap[i]
        };
        if !top.is_finite() {
            return None;
        }
        sum += ws.base[i] * top;
    }
    Some(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(base: &[f64], start: &[f64], dir: &[f64], cap: &[f64]) -> Workspace {
        let mut w = Workspace::with_sectors(base.len());
        w.base.copy_from_slice(base);
        w.start.copy_from_slice(start);
        w.direction.copy_from_slice(dir);
        w.cap.copy_from_slice(cap);
        w
    }

    #[test]
    fn uniform_rise_without_caps_is_linear() {
        let mut w = ws(&[1.0, 3.0], &[5.0, 7.0], &[1.0, 1.0], &[f64::INFINITY; 2]);
        // 1*(5+s) + 3*(7+s) = 30  =>  s = 1
        let f = fill(&mut w, 30.0);
        assert!((f.rise - 1.0).abs() < 1e-12 && f.feasible);
        assert_eq!(w.out, [6.0, 8.0]);
    }

    #[test]
    fn a_capped_sector_passes_its_share_to_the_others() {
        let mut w = ws(&[1.0, 1.0], &[5.0, 5.0], &[1.0, 1.0], &[6.0, f64::INFINITY]);
        // s=1 caps the first (value 12); then only the second rises: 6 + (5+s) = 14 => s = 3
        let f = fill(&mut w, 14.0);
        assert!(f.feasible);
        assert!((w.out[0] - 6.0).abs() < 1e-12 && (w.out[1] - 8.0).abs() < 1e-12);
    }

    #[test]
    fn all_capped_is_infeasible_at_the_caps() {
        let mut w = ws(&[1.0, 2.0], &[5.0, 5.0], &[1.0, 1.0], &[6.0, 7.0]);
        let f = fill(&mut w, 100.0);
        assert!(!f.feasible);
        assert_eq!(w.out, [6.0, 7.0]);
        assert!((f.reached - 20.0).abs() < 1e-12);
    }

    #[test]
    fn locked_sectors_do_not_move() {
        let mut w = ws(&[1.0, 1.0], &[5.0, 9.0], &[0.0, 1.0], &[f64::INFINITY; 2]);
        let f = fill(&mut w, 10.0);
        assert!(f.feasible);
        assert_eq!(w.out, [5.0, 5.0]);
    }
}
