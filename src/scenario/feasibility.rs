//! Whether the growth still required reaches the target (khả thi), as one typed value with the
//! figures that say how far it falls short, written per language where it is shown.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// Whether an allocation of the required growth reaches its annual target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Feasibility {
    /// The target is reached.
    Feasible,
    /// The target is reached within the tolerance of published figures.
    WithinTolerance {
        /// The tolerance, percentage points.
        tolerance_pp: f64,
        /// The annual growth reached, percent.
        reached_pct: f64,
    },
    /// Caps, locks or the sector targets stop short of the target.
    NotFeasible {
        /// Whether the sector targets stop short (policy `sector_targets`), else the
        /// allocation under caps and locks.
        sector_targets: bool,
        /// The annual growth reached, percent.
        reached_pct: f64,
        /// How far short of the target, percentage points.
        shortfall_pp: f64,
        /// The target, percent.
        target_pct: f64,
        /// The highest annual growth reachable with every free sector at its cap, if all are
        /// capped.
        max_reachable_pct: Option<f64>,
    },
}

impl Feasibility {
    /// Whether the target is reached (within the tolerance).
    #[must_use]
    pub fn is_feasible(&self) -> bool {
        !matches!(self, Self::NotFeasible { .. })
    }

    /// The program name of the case: `feasible`, `within_tolerance`, `not_feasible`.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Feasible => "feasible",
            Self::WithinTolerance { .. } => "within_tolerance",
            Self::NotFeasible { .. } => "not_feasible",
        }
    }

    /// One sentence in `lang`: `feasible` (`khả thi`), or how far the allocation stops short
    /// (`NOT feasible: the sector targets reach 7.99%, 0.01 pp short of 8.00%`).
    ///
    /// ```
    /// use grdpsim::lang::Lang;
    /// use grdpsim::scenario::Feasibility;
    /// let short = Feasibility::NotFeasible {
    ///     sector_targets: true, reached_pct: 7.99, shortfall_pp: 0.01, target_pct: 8.0,
    ///     max_reachable_pct: None,
    /// };
    /// assert_eq!(short.text(Lang::En), "NOT feasible: the sector targets reach 7.99%, 0.01 pp short of 8.00%");
    /// assert_eq!(Feasibility::Feasible.text(Lang::Vi), "khả thi");
    /// ```
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        let n = |x: f64| lang.number(x, 2);
        match *self {
            Self::Feasible => lang.pick("feasible", "khả thi").into(),
            Self::WithinTolerance {
                tolerance_pp,
                reached_pct,
            } => match lang {
                Lang::En => format!(
                    "feasible within {} pp ({}% reached)",
                    lang.shortest(tolerance_pp),
                    n(reached_pct)
                ),
                Lang::Vi => format!(
                    "khả thi trong sai số {} điểm phần trăm (đạt {}%)",
                    lang.shortest(tolerance_pp),
                    n(reached_pct)
                ),
            },
            Self::NotFeasible {
                sector_targets,
                reached_pct,
                shortfall_pp,
                target_pct,
                max_reachable_pct,
            } => {
                let (reached, short, target) = (n(reached_pct), n(shortfall_pp), n(target_pct));
                let mut s = match lang {
                    Lang::En => format!(
                        "NOT feasible: {} {reached}%, {short} pp short of {target}%",
                        if sector_targets {
                            "the sector targets reach"
                        } else {
                            "the allocation reaches"
                        }
                    ),
                    Lang::Vi => format!(
                        "KHÔNG khả thi: {} {reached}%, thiếu {short} điểm phần trăm so với {target}%",
                        if sector_targets {
                            "mục tiêu các ngành đạt"
                        } else {
                            "phân bổ đạt"
                        }
                    ),
                };
                if let Some(m) = max_reachable_pct {
                    let _ = match lang {
                        Lang::En => write!(s, "; at most {}% is reachable", n(m)),
                        Lang::Vi => write!(s, "; tối đa đạt được {}%", n(m)),
                    };
                }
                s
            }
        }
    }
}
