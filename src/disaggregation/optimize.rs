//! One-dimensional minimisation over the autoregressive parameter rho.
//!
//! tempdisagg calls R's `optimize()` (Brent's 1973 `fmin`: golden section with parabolic
//! interpolation) on (-0.999, 0.999). That search stops when the bracket is about
//! `sqrt(eps)·|x|` wide, and no search on function values can do much better: near the minimum
//! the objective is flat to rounding, so values only locate rho to about 1e-8. We therefore run
//! the same Brent search and then polish the result on the analytic derivative (a safeguarded
//! secant on a sign-changing bracket), which pins the stationary point to about 1e-13.

/// What the search did: where it ended, how often it evaluated, whether the polish moved it.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OptimizerReport {
    /// The minimiser, before any truncation at `truncated_rho`.
    pub argmin: f64,
    /// The objective at `argmin` (minus the log-likelihood, or the residual sum of squares).
    pub objective: f64,
    /// Brent iterations.
    pub iterations: usize,
    /// Why the search stopped: it converged, or it hit its iteration limit (the rho found is
    /// then the best point seen, not a certified minimum).
    pub termination: Termination,
    /// Objective evaluations, derivative evaluations included.
    pub evaluations: usize,
    /// Whether the derivative polish found a sign change and refined the Brent result.
    pub polished: bool,
    /// Width of the final bracket around a polished stationary point (0 when not polished).
    pub bracket_width: f64,
}

/// Why an optimiser stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Termination {
    /// The bracket shrank below the tolerance.
    Converged,
    /// The iteration limit was reached first.
    IterationLimit,
}

impl Termination {
    pub fn label(self) -> &'static str {
        match self {
            Self::Converged => "converged",
            Self::IterationLimit => "iteration limit",
        }
    }
}

const GOLDEN: f64 = 0.381_966_011_250_105_1; // (3 - sqrt 5) / 2

/// Brent's minimisation of `f` on `[lower, upper]`: stops when `|x - mid| <= 2·tol1 - half`,
/// `tol1 = rel·|x| + abs/3` (R's `optimize` uses `rel = sqrt(eps)` and `abs = tol`).
// Exact float equality below is Brent's test whether two remembered points are the same point.
#[allow(clippy::float_cmp)]
pub(crate) fn brent_minimize(
    mut f: impl FnMut(f64) -> f64,
    lower: f64,
    upper: f64,
    rel: f64,
    abs: f64,
    max_iter: usize,
) -> (f64, f64, usize, Termination) {
    let value = |y: f64| if y.is_nan() { f64::INFINITY } else { y };
    let (mut a, mut b) = (lower, upper);
    let mut x = a + GOLDEN * (b - a);
    let (mut v, mut w) = (x, x);
    let mut fx = value(f(x));
    let (mut fv, mut fw) = (fx, fx);
    let (mut d, mut e) = (0.0_f64, 0.0_f64);
    let mut iterations = 0;
    let mut termination = Termination::IterationLimit;
    while iterations < max_iter {
        let mid = 0.5 * (a + b);
        let tol1 = rel * x.abs() + abs / 3.0;
        let tol2 = 2.0 * tol1;
        if (x - mid).abs() <= tol2 - 0.5 * (b - a) {
            termination = Termination::Converged;
            break;
        }
        iterations += 1;
        let mut golden = true;
        if e.abs() > tol1 {
            let r = (x - w) * (fx - fv);
            let mut q = (x - v) * (fx - fw);
            let mut p = (x - v) * q - (x - w) * r;
            q = 2.0 * (q - r);
            if q > 0.0 {
                p = -p;
            } else {
                q = -q;
            }
            let e_prev = e;
            e = d;
            if p.is_finite()
                && q.is_finite()
                && p.abs() < (0.5 * q * e_prev).abs()
                && p > q * (a - x)
                && p < q * (b - x)
            {
                d = p / q;
                let u = x + d;
                if u - a < tol2 || b - u < tol2 {
                    d = tol1.copysign(mid - x);
                }
                golden = false;
            }
        }
        if golden {
            e = if x < mid { b - x } else { a - x };
            d = GOLDEN * e;
        }
        let u = if d.abs() >= tol1 {
            x + d
        } else {
            x + tol1.copysign(d)
        };
        let fu = value(f(u));
        if fu <= fx {
            if u < x {
                b = x;
            } else {
                a = x;
            }
            (v, fv) = (w, fw);
            (w, fw) = (x, fx);
            (x, fx) = (u, fu);
        } else {
            if u < x {
                a = u;
            } else {
                b = u;
            }
            if fu <= fw || w == x {
                (v, fv) = (w, fw);
                (w, fw) = (u, fu);
            } else if fu <= fv || v == x || v == w {
                (v, fv) = (u, fu);
            }
        }
    }
    (x, fx, iterations, termination)
}

/// Finds a zero of the derivative `g` near `x0` within `[lower, upper]`: walks downhill from
/// `x0` with doubling steps until `g` changes sign, then narrows the bracket with the Illinois
/// variant of regula falsi until it is narrower than `xtol`. Returns the point and the final
/// bracket width, or `None` when no sign change is found (a minimum on the boundary).
// Exact equality with the bounds: `clamp` returns them exactly when the walk reaches them.
#[allow(clippy::float_cmp)]
pub(crate) fn polish_stationary_point(
    mut g: impl FnMut(f64) -> f64,
    x0: f64,
    lower: f64,
    upper: f64,
    xtol: f64,
) -> Option<(f64, f64, usize)> {
    let mut evaluations = 1;
    let g0 = g(x0);
    if !g0.is_finite() {
        return None;
    }
    if g0 == 0.0 {
        return Some((x0, 0.0, evaluations));
    }
    let direction = -g0.signum();
    let mut step = 1e-9_f64.max(1e-9 * x0.abs());
    let (mut a, mut ga) = (x0, g0);
    let (mut b, mut gb);
    loop {
        b = (x0 + direction * step).clamp(lower, upper);
        gb = g(b);
        evaluations += 1;
        if !gb.is_finite() {
            return None;
        }
        if gb.signum() != ga.signum() {
            break;
        }
        if b == lower || b == upper || step > 0.1 {
            return None;
        }
        (a, ga) = (b, gb);
        step *= 4.0;
    }
    let mut side = 0i8;
    for _ in 0..200 {
        if (b - a).abs() <= xtol {
            break;
        }
        let mut c = b - gb * (b - a) / (gb - ga);
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        if !(c > lo && c < hi) {
            c = 0.5 * (a + b);
        }
        let gc = g(c);
        evaluations += 1;
        if !gc.is_finite() {
            return None;
        }
        if gc == 0.0 {
            return Some((c, 0.0, evaluations));
        }
        if gc.signum() == gb.signum() {
            // c replaces b; a is retained, so halve its weight (Illinois) if this repeats.
            (b, gb) = (c, gc);
            if side == -1 {
                ga *= 0.5;
            }
            side = -1;
        } else {
            (a, ga) = (b, gb);
            (b, gb) = (c, gc);
            side = 1;
        }
    }
    let x = if ga.abs() < gb.abs() { a } else { b };
    Some((x, (b - a).abs(), evaluations))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brent_finds_an_interior_minimum() {
        let (x, fx, it, stop) = brent_minimize(
            |x| (x - 0.3).powi(2) + 1.0,
            -0.999,
            0.999,
            1.5e-8,
            1e-16,
            200,
        );
        assert!((x - 0.3).abs() < 1e-7, "{x}");
        assert!((fx - 1.0).abs() < 1e-14);
        assert!(it > 0 && it < 100);
        assert_eq!(stop, Termination::Converged);
        let (_, _, it, stop) = brent_minimize(|x| (x - 0.3).powi(2), -0.999, 0.999, 1e-15, 0.0, 3);
        assert_eq!((it, stop), (3, Termination::IterationLimit));
    }

    #[test]
    fn polish_reaches_the_root_of_the_derivative() {
        // f = cosh(3(x - 0.123456789)); g = 3 sinh(...)
        let root = 0.123_456_789_012_345;
        let (x, width, _) = polish_stationary_point(
            |x| 3.0 * (3.0 * (x - root)).sinh(),
            root + 2e-8,
            -0.999,
            0.999,
            1e-14,
        )
        .expect("a sign change");
        assert!((x - root).abs() < 1e-14, "{x}");
        assert!(width <= 1e-14);
        // Monotone derivative with no zero inside: a boundary minimum, no polish.
        assert!(polish_stationary_point(|x| x + 2.0, 0.99, -0.999, 0.999, 1e-14).is_none());
    }
}
