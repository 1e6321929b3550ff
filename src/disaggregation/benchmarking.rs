//! Benchmarking: Denton, Denton-Cholette and uniform (tempdisagg's `SubDenton`).
//!
//! The series moves as close to the indicator `x` as the low-frequency totals allow, closeness
//! being the sum of squared `h`-th differences of `y - x` (additive) or of `(y - x) / x̃`
//! (proportional, `x̃ = x / mean(x)`). Original Denton (1971) also penalises the first `h`
//! levels, which produces a transient at the start; Denton-Cholette leaves them free.
//!
//! Both reduce to the GLS machinery with `Q = S M⁻¹ M⁻ᵀ S`, `M = Δ^h`, `S = diag(x̃)`: Denton
//! distributes `u = y - C x` by `Q C' (C Q C')⁻¹`; for Denton-Cholette, with `ζ = M S⁻¹ δ`, the
//! first `h` entries of `ζ` are unpenalised; the optimality conditions reduce to an
//! (N + h)-dimensional bordered system in `W = C S M⁻¹` instead of R's (n + N)-dimensional one.

use std::fmt;
use std::str::FromStr;

use ndarray::{Array1, Array2, ArrayView1, Axis, Slice};

use super::conversion::Aggregation;
use super::covariance::{difference_power, gram, Structure};
use super::linalg::{cholesky, solve_dense, solve_lower, solve_lower_transpose};
use crate::error::{GrdpsimError, Result};

/// What Denton keeps close to the indicator.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Criterion {
    /// The ratio of the series to the indicator moves smoothly (tempdisagg's default).
    #[default]
    Proportional,
    /// The difference between the series and the indicator moves smoothly.
    Additive,
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Proportional => "proportional",
            Self::Additive => "additive",
        })
    }
}

impl FromStr for Criterion {
    type Err = GrdpsimError;

    /// # Errors
    /// [`GrdpsimError::UnknownOption`] for anything but "proportional" or "additive".
    ///
    /// # Examples
    /// ```
    /// use grdpsim::disaggregation::Criterion;
    /// assert_eq!("additive".parse::<Criterion>()?, Criterion::Additive);
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "proportional" => Ok(Self::Proportional),
            "additive" => Ok(Self::Additive),
            _ => Err(GrdpsimError::UnknownOption {
                option: "criterion".into(),
                value: s.to_owned(),
                expected: "proportional, additive".into(),
            }),
        }
    }
}

/// The benchmarked series.
///
/// # Errors
/// [`GrdpsimError::Disaggregation`] for a proportional criterion with a zero indicator value (or
/// zero mean), or when the low-frequency covariance is singular.
pub(crate) fn denton(
    y: ArrayView1<f64>,
    x: ArrayView1<f64>,
    agg: &Aggregation,
    h: usize,
    criterion: Criterion,
    cholette: bool,
) -> Result<Array1<f64>> {
    let n = x.len();
    let scale = match criterion {
        Criterion::Additive => None,
        Criterion::Proportional => {
            let mean = x.mean().unwrap_or(0.0);
            if let Some(t) = x.iter().position(|v| *v == 0.0) {
                return Err(GrdpsimError::Disaggregation {
                    what: "proportional Denton".into(),
                    message: format!("the indicator is zero at index {t}; use criterion additive"),
                });
            }
            if mean == 0.0 {
                return Err(GrdpsimError::Disaggregation {
                    what: "proportional Denton".into(),
                    message: "the indicator has mean zero; use criterion additive".into(),
                });
            }
            Some(x.iter().map(|v| v / mean).collect::<Vec<_>>())
        }
    };
    let structure = Structure {
        filter: difference_power(h, n),
        scale,
    };
    let wt = structure.whitened_conversion(agg);
    let u = &y - &agg.apply(x);
    let free = if cholette { h } else { 0 };
    let v = gram(&wt, agg, free);
    let zeta = if free == 0 {
        let l = cholesky(v.view()).ok_or_else(|| singular("C Q C'"))?;
        let mut lambda = u;
        solve_lower(l.view(), &mut lambda);
        solve_lower_transpose(l.view(), &mut lambda);
        wt.dot(&lambda).to_vec()
    } else {
        if agg.n_low < free {
            return Err(GrdpsimError::Disaggregation {
                what: "denton-cholette".into(),
                message: format!(
                    "h = {h} needs at least {h} low-frequency values, got {}",
                    agg.n_low
                ),
            });
        }
        // KKT of min |ζ_r|² s.t. W_f ζ_f + W_r ζ_r = u: ζ_r = W_r' λ and
        // [V W_f; W_f' 0] [λ; ζ_f] = [u; 0]. Bordered rather than GLS on ζ_f because V may be
        // singular (a "first" conversion pins a period the free start alone explains).
        let n_low = agg.n_low;
        let mut kkt = Array2::<f64>::zeros((n_low + free, n_low + free));
        kkt.slice_axis_mut(Axis(0), Slice::from(..n_low))
            .slice_axis_mut(Axis(1), Slice::from(..n_low))
            .assign(&v);
        for i in 0..n_low {
            for j in 0..free {
                kkt[[i, n_low + j]] = wt[[j, i]];
                kkt[[n_low + j, i]] = wt[[j, i]];
            }
        }
        let mut rhs = Array1::<f64>::zeros(n_low + free);
        rhs.slice_axis_mut(Axis(0), Slice::from(..n_low)).assign(&u);
        let solution = solve_dense(kkt, rhs).ok_or_else(|| singular("the bordered system"))?;
        let lambda = solution.slice_axis(Axis(0), Slice::from(..n_low));
        let mut zeta = wt.dot(&lambda).to_vec();
        for (z, b) in zeta.iter_mut().zip(solution.iter().skip(n_low)) {
            *z = *b;
        }
        zeta
    };
    Ok(&x + &structure.expand(zeta))
}

fn singular(what: &str) -> GrdpsimError {
    GrdpsimError::Disaggregation {
        what: "denton".into(),
        message: format!("{what} is singular; the low-frequency periods cannot be matched"),
    }
}
