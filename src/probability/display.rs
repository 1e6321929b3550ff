//! How a probability prints (`{}`): as Python's `repr` of the same result.

use std::fmt;

use super::{Probability, LEVELS};

/// The one line of a probability, from its parts: what [`Probability`] prints (`{}`) and what
/// Python's `repr` of `grdpsim.Probability` shows (through `_core.probability_line`).
///
/// ```
/// use grdpsim::probability::probability_line;
/// assert_eq!(
///     probability_line(8.0, 0.4123, "analytic", 7.846),
///     "Probability(P(≥8.00%)=0.412, analytic, median 7.85%)"
/// );
/// ```
pub fn probability_line(target_pct: f64, p_reach: f64, method: &str, median_pct: f64) -> String {
    format!("Probability(P(≥{target_pct:.2}%)={p_reach:.3}, {method}, median {median_pct:.2}%)")
}

impl fmt::Display for Probability {
    /// `Probability(P(≥8.00%)=0.412, analytic, median 7.85%)`: see [`probability_line`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let median = LEVELS
            .iter()
            .position(|&l| (l - 50.0).abs() < 1e-9)
            .and_then(|i| self.quantiles.get(i))
            .copied()
            .unwrap_or(f64::NAN);
        f.write_str(&probability_line(
            self.target_pct,
            self.p_reach,
            self.method.label(),
            median,
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::datasets::cao_bang_2025;
    use crate::probability::{probability, Options};
    use crate::uncertainty::{Correlation, Sd, Uncertainty};

    /// The README's Python example (P = 0.048, analytic, 10th-90th percentiles 6.5-7.8%),
    /// printed the way its `repr` prints it.
    #[test]
    fn probability_prints_as_python_repr() {
        let sds = [
            ("NLTS", 2.0),
            ("CN", 3.0),
            ("XD", 6.0),
            ("DV", 1.5),
            ("TSP", 3.0),
        ];
        let sd = Sd::PerSector(sds.iter().map(|(s, v)| ((*s).to_owned(), *v)).collect());
        let u = Uncertainty::normal(sd, Correlation::Independent, 0.5).unwrap();
        let opts = Options {
            target_pct: Some(8.0),
            ..Options::default()
        };
        let p = probability(&cao_bang_2025().unwrap(), &u, &opts).unwrap();
        let text = p.to_string();
        let head = "Probability(P(≥8.00%)=0.048, analytic, median ";
        assert!(text.starts_with(head), "{text}");
        let median: f64 = text[head.len()..].trim_end_matches("%)").parse().unwrap();
        assert!((6.5..7.8).contains(&median), "{text}");
    }
}
