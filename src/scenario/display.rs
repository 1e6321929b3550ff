//! How a gap, a required growth and a goal seek print (`{}`): as Python's `repr` of the same results, so
//! that a Rust program and a notebook show the same line.

use std::fmt::{self, Write as _};

use super::{Gap, GoalSeek, RequiredGrowth, CONSISTENCY_TOLERANCE_PP};
use crate::lang::Lang;

/// The one line of a required growth, from its parts: what [`RequiredGrowth`] prints (`{}`)
/// and what Python's `repr` of `grdpsim.RequiredGrowth` shows (the binding hands this line over
/// with the result), so the two cannot drift apart. `plan` lists the sectors
/// whose quarterly targets miss their stated annual target, with the difference in pp.
///
/// ```
/// use grdpsim::scenario::required_growth_line;
/// assert_eq!(
///     required_growth_line(8.0, "2025H2", "GRDP", 9.27, "uniform", "feasible", &[("CNXD", -0.01)]),
///     "RequiredGrowth(target=8.00%, 2025H2: GRDP 9.27%, policy=uniform, feasible; \
///      quarterly plan vs stated annual target: CNXD -0.01 pp)"
/// );
/// ```
pub fn required_growth_line(
    target_pct: f64,
    remaining: &str,
    total: &str,
    grdp_pct: f64,
    policy: &str,
    status: &str,
    plan: &[(&str, f64)],
) -> String {
    let mut out = format!(
        "RequiredGrowth(target={target_pct:.2}%, {remaining}: {total} {grdp_pct:.2}%, \
         policy={policy}, {status}"
    );
    for (i, (sector, d)) in plan.iter().enumerate() {
        let lead = if i == 0 {
            "; quarterly plan vs stated annual target:"
        } else {
            ","
        };
        let _ = write!(out, "{lead} {sector} {d:+.2} pp");
    }
    out.push(')');
    out
}

impl fmt::Display for RequiredGrowth {
    /// `RequiredGrowth(target=8.00%, 2025H2: GRDP 9.27%, policy=uniform, feasible; quarterly
    /// plan vs stated annual target: GRDP -0.01 pp, CNXD -0.01 pp)`: see
    /// [`required_growth_line`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.by_sector.first().map_or("GRDP", |s| s.sector.as_str());
        let plan: Vec<(&str, f64)> = self
            .by_sector
            .iter()
            .filter_map(|s| Some((s.sector.as_str(), s.plan_difference_pp?)))
            .filter(|(_, d)| d.abs() > CONSISTENCY_TOLERANCE_PP)
            .collect();
        f.write_str(&required_growth_line(
            self.target_pct,
            &self.remaining,
            total,
            self.grdp_pct,
            self.policy.label(),
            &self.status(),
            &plan,
        ))
    }
}

impl fmt::Display for Gap {
    /// A headline, `Gap(2025H1: GRDP 6.56% against 7.60%, -1.04 pp)`, then a line per row:
    /// target and actual growth (%), the gap in the row's own growth and in points of GRDP.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = self.grdp();
        write!(
            f,
            "Gap({}: {} {:.2}% against {:.2}%, {:.2} pp)",
            self.period, g.label, g.actual_pct, g.target_pct, g.gap_pp
        )?;
        let width = self.rows.iter().map(|r| r.label.len()).max().unwrap_or(0);
        write!(
            f,
            "\n  {:width$}  {:>10}  {:>10}  {:>7}  {:>7}",
            "", "target_pct", "actual_pct", "gap_pct", "gap_pp"
        )?;
        for r in &self.rows {
            write!(
                f,
                "\n  {:width$}  {:>10.2}  {:>10.2}  {:>7.2}  {:>7.2}",
                r.label, r.target_pct, r.actual_pct, r.gap_pct, r.gap_pp
            )?;
        }
        Ok(())
    }
}

/// The one line of a goal seek, from its parts: what [`GoalSeek`] prints (`{}`) and what
/// Python's `repr` of `grdpsim.GoalSeek` shows (the binding hands this line over with the result).
/// `status` is the sentence of [`GoalSeek::status_in`].
///
/// ```
/// use grdpsim::scenario::goal_seek_line;
/// assert_eq!(
///     goal_seek_line("CNXD", 12.0, "2025", 8.0, "planning", "feasible: 12.00% over 2025, within the plausible bound of 30.00%"),
///     "GoalSeek(CNXD 12.00% over 2025 for 8.00%, mode=planning, feasible: 12.00% over 2025, \
///      within the plausible bound of 30.00%)"
/// );
/// ```
pub fn goal_seek_line(
    sector: &str,
    growth_pct: f64,
    period: &str,
    annual_grdp_pct: f64,
    mode: &str,
    status: &str,
) -> String {
    format!(
        "GoalSeek({sector} {growth_pct:.2}% over {period} for {annual_grdp_pct:.2}%, \
         mode={mode}, {status})"
    )
}

impl fmt::Display for GoalSeek {
    /// `GoalSeek(TSP 397.00% over 2025H2 for 8.00%, mode=tracking, NOT feasible: TSP would
    /// need 397.00% over 2025H2, above the plausible bound of 30.00%)`: see
    /// [`goal_seek_line`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&goal_seek_line(
            &self.sector,
            self.growth_pct,
            &self.period,
            self.annual_grdp_pct,
            self.mode.as_str(),
            &self.status_in(Lang::En),
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::datasets::cao_bang_2025;
    use crate::scenario::{Policy, RequiredOptions};

    /// The figures of the README's Python example, printed the way its `repr` prints them.
    #[test]
    fn required_growth_prints_as_python_repr() {
        let cb = cao_bang_2025().unwrap();
        let rq = cb
            .required_growth(&RequiredOptions::new(Policy::Uniform).target(8.0))
            .unwrap();
        assert_eq!(
            rq.to_string(),
            "RequiredGrowth(target=8.00%, 2025H2: GRDP 9.27%, policy=uniform, feasible; \
             quarterly plan vs stated annual target: GRDP -0.01 pp, CNXD -0.01 pp)"
        );
    }

    #[test]
    fn gap_prints_headline_and_rows() {
        let gap = cao_bang_2025().unwrap().gap("H1").unwrap();
        let text = gap.to_string();
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("Gap(2025H1: GRDP 6.56% against 7.60%, -1.04 pp)")
        );
        assert!(lines.next().unwrap().contains("gap_pp"));
        let rows: Vec<&str> = lines.collect();
        assert_eq!(rows.len(), gap.rows.len());
        assert!(rows[0].trim_start().starts_with("GRDP"));
        assert!(rows[0].trim_end().ends_with("-1.04"));
    }
}
