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
    let g = now / base * 100.0 - 100.0;
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

/// Growth of `level` over `base`, percent, with 0 for a zero base: for sums inside the
/// computations (a sector without base in some quarters), where the callers have checked the
/// bases that matter; what a user reads goes through [`growth_pct`].
pub(crate) fn pct_or_zero(level: f64, base: f64) -> f64 {
    if base == 0.0 {
        0.0
    } else {
        level / base * 100.0 - 100.0
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
}
