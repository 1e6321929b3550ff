//! The regression-based methods: Chow-Lin, Fernandez, Litterman and OLS (tempdisagg's
//! `SubRegressionBased`).
//!
//! The preliminary series `p = X β` comes from a GLS regression of `y` on `C X` with covariance
//! `C Q C'`; the low-frequency residual `u = y - C p` is distributed by `Q C' (C Q C')⁻¹`. For the
//! estimated-rho methods, rho minimises minus the log-likelihood (`maxlog`) or the generalised
//! residual sum of squares (`minrss`; Ecotrim uses the correlation matrix `R = (1 - rho²) Q`,
//! Quilis the covariance `Q`), searched on (-0.999, 0.999) as R does, and then set to
//! `truncated_rho` if it falls below it.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use super::conversion::Aggregation;
use super::covariance::{gram, Family, Structure};
use super::gls::Gls;
use super::linalg::{solve_lower, solve_lower_matrix, solve_lower_rows, BandedLower};
use super::optimize::{brent_minimize, polish_stationary_point, OptimizerReport};
use crate::error::Result;

/// What rho minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Objective {
    MaxLog,
    MinRssQuilis,
    MinRssEcotrim,
}

/// The interval tempdisagg searches (its `lower` and `upper` defaults).
pub(crate) const RHO_BOUNDS: (f64, f64) = (-0.999, 0.999);

/// One evaluation of the model at a given rho.
pub(crate) struct Evaluation {
    filter: BandedLower,
    d_filter: BandedLower,
    wt: Array2<f64>,
    pub(crate) gls: Gls,
}

/// The data of one regression problem.
pub(crate) struct Problem<'a> {
    pub(crate) y: ArrayView1<'a, f64>,
    pub(crate) x: ArrayView2<'a, f64>,
    pub(crate) x_low: Array2<f64>,
    pub(crate) agg: &'a Aggregation,
    pub(crate) family: Family,
}

/// The fitted regression: the series, rho and the GLS at the final rho.
pub(crate) struct RegressionFit {
    pub(crate) values: Array1<f64>,
    pub(crate) preliminary: Array1<f64>,
    pub(crate) rho: f64,
    pub(crate) truncated: bool,
    pub(crate) gls: Gls,
    pub(crate) optimizer: Option<OptimizerReport>,
}

impl<'a> Problem<'a> {
    pub(crate) fn new(
        y: ArrayView1<'a, f64>,
        x: ArrayView2<'a, f64>,
        agg: &'a Aggregation,
        family: Family,
    ) -> Self {
        Self {
            y,
            x,
            x_low: agg.apply_matrix(x),
            agg,
            family,
        }
    }

    pub(crate) fn evaluate(&self, rho: f64) -> Result<Evaluation> {
        let (filter, d_filter) = self.family.filter(rho, self.agg.n_high);
        let structure = Structure {
            filter,
            scale: None,
        };
        let wt = structure.whitened_conversion(self.agg);
        let v = gram(&wt, self.agg, 0);
        let gls = Gls::fit(self.y, self.x_low.view(), v.view())?;
        Ok(Evaluation {
            filter: structure.filter,
            d_filter,
            wt,
            gls,
        })
    }

    fn objective(&self, objective: Objective, rho: f64) -> f64 {
        match self.evaluate(rho) {
            Ok(e) => match objective {
                Objective::MaxLog => -e.gls.log_likelihood(),
                Objective::MinRssQuilis => e.gls.rss,
                Objective::MinRssEcotrim => e.gls.rss / (1.0 - rho * rho),
            },
            Err(_) => f64::INFINITY,
        }
    }

    /// The analytic derivative of the objective in rho (see the module notes in `optimize`).
    ///
    /// With `V = W W'`, `W = C M⁻¹`: `dV = -(A + A')`, `A = W dM M⁻¹ W'`, so
    /// `d rss = 2 g' dM M⁻¹ g` with `g = W' V⁻¹ u` (envelope theorem: β is optimal), and
    /// `tr(V⁻¹ dV) = -2 Σ_i z_i' dM M⁻¹ z_i` with `Z = L⁻¹ W`.
    pub(crate) fn derivative(&self, objective: Objective, rho: f64) -> f64 {
        let Ok(e) = self.evaluate(rho) else {
            return f64::NAN;
        };
        let quad = |z: ArrayView1<f64>| {
            let mut h = z.to_vec();
            e.filter.solve(&mut h);
            let dh = e.d_filter.mul(&h);
            z.iter().zip(&dh).map(|(a, b)| a * b).sum::<f64>()
        };
        let g = e.wt.dot(&e.gls.lambda);
        let d_rss = 2.0 * quad(g.view());
        match objective {
            Objective::MaxLog => {
                // Z' = (L⁻¹ W)', then Σ_i z_i' dM M⁻¹ z_i = Σ Z' ⊙ (dM M⁻¹ Z').
                let mut z = e.wt.t().as_standard_layout().into_owned();
                solve_lower_rows(e.gls.l.view(), &mut z);
                let zt = z.t().as_standard_layout().into_owned();
                let mut h = zt.clone();
                e.filter.solve_columns(&mut h);
                let dh = e.d_filter.mul_columns(&h);
                let trace = -2.0 * (&zt * &dh).sum();
                let m = self.y.len() as f64;
                0.5 * m * d_rss / e.gls.rss + 0.5 * trace
            }
            Objective::MinRssQuilis => d_rss,
            Objective::MinRssEcotrim => {
                let one_minus = 1.0 - rho * rho;
                d_rss / one_minus + e.gls.rss * 2.0 * rho / (one_minus * one_minus)
            }
        }
    }

    /// Estimates rho as tempdisagg does, then polishes the optimum on the derivative.
    pub(crate) fn estimate_rho(&self, objective: Objective) -> OptimizerReport {
        let (lower, upper) = RHO_BOUNDS;
        let mut evaluations = 0;
        let (x, fx, iterations, termination) = brent_minimize(
            |rho| {
                evaluations += 1;
                self.objective(objective, rho)
            },
            lower,
            upper,
            f64::EPSILON.sqrt(),
            1e-16,
            500,
        );
        let mut report = OptimizerReport {
            argmin: x,
            objective: fx,
            iterations,
            termination,
            evaluations,
            polished: false,
            bracket_width: 0.0,
        };
        if let Some((xp, width, n)) = polish_stationary_point(
            |rho| self.derivative(objective, rho),
            x,
            lower,
            upper,
            1e-14,
        ) {
            report.evaluations += n;
            let fp = self.objective(objective, xp);
            report.evaluations += 1;
            // The polish must not lose: on a flat top, values agree to rounding.
            if fp <= fx + 1e-12 * fx.abs().max(1.0) {
                report.argmin = xp;
                report.objective = fp;
                report.polished = true;
                report.bracket_width = width;
            }
        }
        report
    }

    /// Fits at the final rho and distributes the residual.
    pub(crate) fn fit(
        &self,
        rho: f64,
        truncated: bool,
        optimizer: Option<OptimizerReport>,
    ) -> Result<RegressionFit> {
        let e = self.evaluate(rho)?;
        let preliminary = self.x.dot(&e.gls.coefficients);
        let structure = Structure {
            filter: e.filter,
            scale: None,
        };
        let spread = e.wt.dot(&e.gls.lambda);
        let values = &preliminary + &structure.expand(spread.to_vec());
        Ok(RegressionFit {
            values,
            preliminary,
            rho,
            truncated,
            gls: e.gls,
            optimizer,
        })
    }
}

impl Problem<'_> {
    /// The prediction-error variance of `target · y` (a weighted sum of high-frequency values,
    /// e.g. the months of an extrapolated quarter), in units of `σ²`: Goldberger's BLUP variance
    /// `c Q c' - g' V⁻¹ g + r (X_l' V⁻¹ X_l)⁻¹ r'` with `g = C Q c'` and `r = c X - g' V⁻¹ X_l`.
    /// It ignores the uncertainty of an estimated rho, as the coefficient standard errors do.
    pub(crate) fn prediction_variance(&self, rho: f64, target: &[f64]) -> Result<f64> {
        let e = self.evaluate(rho)?;
        let mut a = target.to_vec();
        e.filter.solve_transpose(&mut a);
        let cqc: f64 = a.iter().map(|v| v * v).sum();
        let mut g = e.wt.t().dot(&ArrayView1::from(&a));
        solve_lower(e.gls.l.view(), &mut g);
        let x_white = solve_lower_matrix(e.gls.l.view(), self.x_low.view());
        let cx = self.x.t().dot(&ArrayView1::from(target));
        let r = &cx - &x_white.t().dot(&g);
        let z = e.gls.qr.solve_rt(r.view());
        Ok((cqc - g.dot(&g) + z.dot(&z)).max(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disaggregation::conversion::Conversion;
    use ndarray::Array2;

    fn problem_data() -> (Array1<f64>, Array2<f64>) {
        let n_low = 8;
        let n = 4 * n_low + 3;
        let x = Array2::from_shape_fn((n, 2), |(t, c)| {
            if c == 0 {
                1.0
            } else {
                10.0 + (t as f64 * 0.7).sin() * 3.0 + t as f64 * 0.2
            }
        });
        let y = Array1::from_shape_fn(n_low, |i| 60.0 + 3.0 * i as f64 + ((i * i) % 5) as f64);
        (y, x)
    }

    #[test]
    fn analytic_derivative_matches_central_differences() {
        let (y, x) = problem_data();
        let agg = Aggregation::new(8, x.nrows(), 4, 1, Conversion::Sum);
        for family in [Family::ChowLin, Family::Litterman] {
            let p = Problem::new(y.view(), x.view(), &agg, family);
            for objective in [
                Objective::MaxLog,
                Objective::MinRssQuilis,
                Objective::MinRssEcotrim,
            ] {
                for rho in [-0.5, 0.1, 0.7] {
                    let h = 1e-5;
                    let numeric = (p.objective(objective, rho + h)
                        - p.objective(objective, rho - h))
                        / (2.0 * h);
                    let analytic = p.derivative(objective, rho);
                    let scale = numeric.abs().max(1e-3);
                    assert!(
                        (numeric - analytic).abs() / scale < 1e-5,
                        "{family:?} {objective:?} rho {rho}: {numeric} vs {analytic}"
                    );
                }
            }
        }
    }
}
