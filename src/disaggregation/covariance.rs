//! The high-frequency covariance structures, all of the form `Q = S M⁻¹ M⁻ᵀ S`.
//!
//! `M` is a banded lower-triangular "whitening" filter and `S` an optional diagonal scale:
//!
//! | method | `M` | `S` |
//! |---|---|---|
//! | Chow-Lin (AR(1), `rho^|i-j| / (1 - rho²)`) | Prais-Winsten: `sqrt(1-rho²)` then `1, -rho` | — |
//! | Fernandez (random walk) | difference `Δ` | — |
//! | Litterman (random walk with AR(1) steps) | `(1 - rho L) Δ` | — |
//! | Denton, order h | `Δ^h` | indicator / its mean (proportional) |
//!
//! With `W = C S M⁻¹` (N × n, computed by backward substitution, one row per low-frequency
//! period) the aggregated covariance is `C Q C' = W W'` and the distribution `Q C' λ` is
//! `S M⁻¹ (W' λ)`; no n × n matrix is ever formed.

use ndarray::{Array1, Array2, Axis, Slice};

use super::conversion::Aggregation;
use super::linalg::BandedLower;

/// A whitening filter and an optional scale.
#[derive(Debug, Clone)]
pub(crate) struct Structure {
    pub(crate) filter: BandedLower,
    pub(crate) scale: Option<Vec<f64>>,
}

/// The two regression families of tempdisagg.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// Stationary AR(1) errors (Chow-Lin; OLS is rho = 0).
    ChowLin,
    /// Random walk with AR(1) increments (Litterman; Fernandez is rho = 0).
    Litterman,
}

impl Family {
    /// `M(rho)` and `dM/drho`.
    pub(crate) fn filter(self, rho: f64, n: usize) -> (BandedLower, BandedLower) {
        match self {
            Self::ChowLin => {
                let mut m = Array2::zeros((n, 2));
                let mut dm = Array2::zeros((n, 2));
                let s = (1.0 - rho * rho).sqrt();
                m[[0, 0]] = s;
                dm[[0, 0]] = -rho / s;
                for t in 1..n {
                    m[[t, 0]] = 1.0;
                    m[[t, 1]] = -rho;
                    dm[[t, 1]] = -1.0;
                }
                (BandedLower { bands: m }, BandedLower { bands: dm })
            }
            Self::Litterman => {
                let mut m = Array2::zeros((n, 3));
                let mut dm = Array2::zeros((n, 3));
                for t in 0..n {
                    m[[t, 0]] = 1.0;
                    if t >= 1 {
                        m[[t, 1]] = -(1.0 + rho);
                        dm[[t, 1]] = -1.0;
                    }
                    if t >= 2 {
                        m[[t, 2]] = rho;
                        dm[[t, 2]] = 1.0;
                    }
                }
                (BandedLower { bands: m }, BandedLower { bands: dm })
            }
        }
    }
}

/// `Δ^h` as a banded n × n matrix (binomial coefficients with alternating signs; the first rows
/// are truncated, as `D^h` with `D` the n × n first-difference matrix whose first row is `e1`).
pub(crate) fn difference_power(h: usize, n: usize) -> BandedLower {
    // Coefficients of (1 - L)^h.
    let mut coef = vec![1.0_f64];
    for _ in 0..h {
        let mut next = vec![0.0; coef.len() + 1];
        for (k, c) in coef.iter().enumerate() {
            next[k] += c;
            next[k + 1] -= c;
        }
        coef = next;
    }
    let bands = Array2::from_shape_fn((n, h + 1), |(t, k)| if k <= t { coef[k] } else { 0.0 });
    BandedLower { bands }
}

impl Structure {
    /// `W' = M⁻ᵀ S C'` (n × N, stored transposed so that the banded solve runs over rows).
    /// Column `i` vanishes after the last period that low-frequency period `i` covers.
    pub(crate) fn whitened_conversion(&self, agg: &Aggregation) -> Array2<f64> {
        let mut wt = Array2::zeros((agg.n_high, agg.n_low));
        for i in 0..agg.n_low {
            let start = agg.start(i);
            for (j, weight) in agg.weights.iter().enumerate() {
                let scale = self.scale.as_ref().map_or(1.0, |s| s[start + j]);
                wt[[start + j, i]] = weight * scale;
            }
        }
        self.filter.solve_transpose_columns(&mut wt);
        wt
    }

    /// `S M⁻¹ ζ`.
    pub(crate) fn expand(&self, mut zeta: Vec<f64>) -> Array1<f64> {
        self.filter.solve(&mut zeta);
        if let Some(s) = &self.scale {
            for (z, si) in zeta.iter_mut().zip(s) {
                *z *= si;
            }
        }
        Array1::from(zeta)
    }
}

/// `W[:, from..] W[:, from..]'` from `W'`, the dominant cost of an evaluation. Column `i` of
/// `W'` vanishes after the last period of low-frequency period `i`, so the product is summed
/// over row blocks, each multiplying only the columns that reach it (a third of the dense work).
pub(crate) fn gram(wt: &Array2<f64>, agg: &Aggregation, from: usize) -> Array2<f64> {
    let n_low = agg.n_low;
    let mut v = Array2::<f64>::zeros((n_low, n_low));
    let mut block_start = from;
    for i in 0..n_low {
        let block_end = agg.row_end(i);
        if block_end <= block_start {
            continue;
        }
        let rows = wt.slice_axis(Axis(0), Slice::from(block_start..block_end));
        let block = rows.slice_axis(Axis(1), Slice::from(i..));
        let product = block.t().dot(&block);
        v.slice_axis_mut(Axis(0), Slice::from(i..))
            .slice_axis_mut(Axis(1), Slice::from(i..))
            .scaled_add(1.0, &product);
        block_start = block_end;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disaggregation::conversion::Conversion;

    /// Dense `C Q C'` straight from tempdisagg's definitions, for comparison.
    fn dense_aggregated(q: &Array2<f64>, agg: &Aggregation) -> Array2<f64> {
        let mut c = Array2::<f64>::zeros((agg.n_low, agg.n_high));
        for i in 0..agg.n_low {
            c.row_mut(i).assign(&Array1::from(agg.row(i, None)));
        }
        c.dot(q).dot(&c.t())
    }

    fn max_abs_diff(a: &Array2<f64>, b: &Array2<f64>) -> f64 {
        a.iter()
            .zip(b.iter())
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max)
    }

    #[test]
    fn chow_lin_structure_is_the_ar1_covariance() {
        let (n, rho) = (11, 0.63);
        let agg = Aggregation::new(3, n, 3, 1, Conversion::Mean);
        let q = Array2::from_shape_fn((n, n), |(i, j)| {
            rho_pow(rho, i.abs_diff(j)) / (1.0 - rho * rho)
        });
        let s = Structure {
            filter: Family::ChowLin.filter(rho, n).0,
            scale: None,
        };
        let w = s.whitened_conversion(&agg);
        assert!(max_abs_diff(&gram(&w, &agg, 0), &dense_aggregated(&q, &agg)) < 1e-12);
    }

    fn rho_pow(rho: f64, k: usize) -> f64 {
        (0..k).fold(1.0, |acc, _| acc * rho)
    }

    #[test]
    fn difference_power_has_binomial_bands() {
        let d2 = difference_power(2, 4);
        assert_eq!(d2.bands.row(3).to_vec(), vec![1.0, -2.0, 1.0]);
        assert_eq!(d2.bands.row(0).to_vec(), vec![1.0, 0.0, 0.0]);
        assert_eq!(d2.bands.row(1).to_vec(), vec![1.0, -2.0, 0.0]);
    }
}
