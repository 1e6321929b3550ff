//! Growth rates (tốc độ tăng): one rule for the whole crate.
//!
//! `g = X(P, y) / X(P, y-1) · 100 − 100`. A zero base leaves growth undefined
//! ([`GrdpsimError::ZeroBase`]); a base so small (or a level so large) that the quotient is not a
//! finite number is an [`GrdpsimError::InvalidLevel`] naming the sector and the base period,
//! never an infinity or a NaN handed on.

use crate::error::{GrdpsimError, Result};

/// Growth of `now` over `base`, percent; `base_period` names the base (the year before).
///
/// # Errors
/// [`GrdpsimError::ZeroBase`] for a zero base; [`GrdpsimError::InvalidLevel`] when the growth
/// is not a finite number.
pub(crate) fn growth_pct(now: f64, base: f64, sector: &str, base_period: &str) -> Result<f64> {
    if base == 0.0 {
        return Err(GrdpsimError::ZeroBase {
            sector: sector.to_owned(),
            period: base_period.to_owned(),
        });
    }
    let g = rate(now, base);
    if !g.is_finite() {
        return Err(GrdpsimError::InvalidLevel {
            sector: sector.to_owned(),
            period: base_period.to_owned(),
            value: base,
            reason: "growth over this base is not a finite number (a base too small, or a level too large)",
        });
    }
    Ok(g)
}

/// Growth of `level` over `base`, percent, unchecked: for callers that have refused a zero base
/// themselves (each says where), inside the computations.
#[inline]
pub(crate) fn rate(level: f64, base: f64) -> f64 {
    level / base * 100.0 - 100.0
}

/// The level that `base` reaches when it grows by `pct` percent: the inverse of [`rate`].
#[inline]
pub(crate) fn grown(base: f64, pct: f64) -> f64 {
    base * (1.0 + pct / 100.0)
}

/// Growth of `level` over `base`, percent, with 0 for a zero base: for sums inside the
/// computations (a sector without base in some quarters), where the callers have checked the
/// bases that matter; what a user reads goes through [`growth_pct`].
pub(crate) fn pct_or_zero(level: f64, base: f64) -> f64 {
    if base == 0.0 {
        0.0
    } else {
        rate(level, base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_tiny_bases_are_named() {
        assert!((growth_pct(108.0, 100.0, "DV", "2024").unwrap() - 8.0).abs() < 1e-12);
        assert!(matches!(
            growth_pct(1.0, 0.0, "DV", "2024"),
            Err(GrdpsimError::ZeroBase { .. })
        ));
        assert!(matches!(
            growth_pct(1.0, 5e-324, "DV", "2024"),
            Err(GrdpsimError::InvalidLevel { .. })
        ));
    }

    #[test]
    fn grown_undoes_rate() {
        for (level, base) in [(108.0, 100.0), (0.5, 3.0), (1e15, 7.3e14), (-2.0, 4.0)] {
            let back = grown(base, rate(level, base));
            assert!(
                (back - level).abs() <= 1e-12 * level.abs().max(1.0),
                "{level} {base}"
            );
        }
        assert!((pct_or_zero(3.0, 0.0)).abs() < f64::MIN_POSITIVE);
    }
}
