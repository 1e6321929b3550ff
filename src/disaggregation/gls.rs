//! Generalised least squares on the low-frequency data, as tempdisagg's `CalcGLS`.
//!
//! tempdisagg uses Paige's algorithm; we whiten with the Cholesky factor of the (small, N × N)
//! aggregated covariance and solve the whitened least squares by Householder QR. Both are the
//! numerically stable forms of the same estimator; neither inverts the covariance.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Slice};

use super::linalg::{cholesky, solve_lower, solve_lower_matrix, solve_lower_transpose, Qr};
use crate::error::{GrdpsimError, Result};

/// A GLS fit of `y` on `X` with covariance `V = L L'`.
#[derive(Debug, Clone)]
pub(crate) struct Gls {
    pub(crate) l: Array2<f64>,
    pub(crate) qr: Qr,
    pub(crate) coefficients: Array1<f64>,
    /// Generalised residual sum of squares `u' V⁻¹ u`.
    pub(crate) rss: f64,
    /// `log det V`.
    pub(crate) log_det: f64,
    /// `V⁻¹ u`, the weights that distribute the residual.
    pub(crate) lambda: Array1<f64>,
    y_white: Array1<f64>,
}

/// Diagonal of `R` below this fraction of the column norm means the column adds nothing new.
const COLLINEARITY_TOLERANCE: f64 = 1e-10;

impl Gls {
    /// # Errors
    /// [`GrdpsimError::Disaggregation`] when `V` is not positive definite;
    /// [`GrdpsimError::CollinearIndicators`] (column index in `x`) when a column of the whitened
    /// `x` lies in the span of the columns before it.
    pub(crate) fn fit(y: ArrayView1<f64>, x: ArrayView2<f64>, v: ArrayView2<f64>) -> Result<Self> {
        let l = cholesky(v).ok_or_else(|| GrdpsimError::Disaggregation {
            what: "aggregated covariance".into(),
            message: "C Q C' is not positive definite in floating point (is rho too close to ±1, \
                      or the indicator zero over whole low-frequency periods?)"
                .into(),
        })?;
        let log_det = 2.0 * l.diag().iter().map(|d| d.ln()).sum::<f64>();
        let mut y_white = y.to_owned();
        solve_lower(l.view(), &mut y_white);
        let x_white = solve_lower_matrix(l.view(), x);
        let qr = Qr::new(x_white.view());
        for j in 0..x.ncols() {
            let col = x_white.column(j);
            let norm = col.dot(&col).sqrt();
            let pivot = qr.r[[j, j]].abs();
            if pivot.is_nan() || pivot <= COLLINEARITY_TOLERANCE * norm {
                return Err(GrdpsimError::CollinearIndicators {
                    column: j,
                    message: format!(
                        "the part of the column orthogonal to the previous ones has norm {:.3e} \
                         against {norm:.3e}",
                        qr.r[[j, j]].abs()
                    ),
                });
            }
        }
        let mut qty = y_white.clone();
        qr.apply_qt(&mut qty);
        let coefficients = qr.solve_r(qty.view());
        let rss = qty
            .slice_axis(Axis(0), Slice::from(x.ncols()..))
            .iter()
            .map(|e| e * e)
            .sum();
        let mut lambda = &y_white - &x_white.dot(&coefficients);
        solve_lower_transpose(l.view(), &mut lambda);
        Ok(Self {
            l,
            qr,
            coefficients,
            rss,
            log_det,
            lambda,
            y_white,
        })
    }

    /// tempdisagg's log-likelihood at the ML variance `s_2 = rss / m`.
    pub(crate) fn log_likelihood(&self) -> f64 {
        let m = self.lambda.len() as f64;
        let s2 = self.rss / m;
        -m / 2.0
            - m * (2.0 * std::f64::consts::PI).ln() / 2.0
            - m * s2.ln() / 2.0
            - self.log_det / 2.0
    }

    /// Generalised total sum of squares around the GLS mean, as tempdisagg's `tss`.
    pub(crate) fn total_sum_of_squares(&self) -> f64 {
        let mut ones = Array1::ones(self.lambda.len());
        solve_lower(self.l.view(), &mut ones);
        let mean = ones.dot(&self.y_white) / ones.dot(&ones);
        let centered = &self.y_white - &(ones * mean);
        centered.dot(&centered)
    }
}
