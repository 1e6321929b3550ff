//! The bridge from disbursement to construction value added.
//!
//! Quarterly disbursement growth, year on year: `g_D(q) = D(q, y) / D(q, y−1) − 1`, where
//! `D(q, y)` is the Treasury's payments with week ending in quarter `q` of the plan year
//! ([`Tracker::quarterly_disbursement`]) and `D(q, y−1)` the user's figure for the year before.
//!
//! Construction value added (giá trị tăng thêm ngành xây dựng) follows it with an elasticity
//! `β` on log growth rates:
//!
//! ```text
//! ln(1 + g_C(q)) = α + β · ln(1 + g_D(q))
//! ```
//!
//! `β` and `α` are estimated by least squares from the user's own history of quarterly pairs
//! `(g_D, g_C)` when it has at least [`MIN_HISTORY_QUARTERS`] of them ([`Bridge::estimate`]);
//! otherwise the user gives `β` (and `α`, 0 by default: construction grows with
//! disbursement only) ([`Bridge::given`]). The provisional construction growth of a quarter is
//! `g_C = exp(α + β · ln(1 + g_D)) − 1`. GSO's rule of thumb (2020), each point of the
//! disbursement rate worth about 0.06 points of GDP growth, is of the same kind, on the whole
//! economy.

use crate::date::Date;
use crate::error::{GrdpsimError, Result};
use crate::growth::rate;
use crate::lang::{Lang, Note};
use crate::scenario::{Actual, Scenario, Target};

use super::{PaymentSource, Tracker};

/// Fewer quarterly pairs than this and the elasticity must be given.
pub const MIN_HISTORY_QUARTERS: usize = 8;

/// How the elasticity was obtained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BridgeSource {
    /// Least squares on `quarters` pairs: the fit's R² and the standard error of `β`.
    Estimated {
        quarters: usize,
        r_squared: f64,
        elasticity_se: f64,
    },
    /// Given by the user.
    Given,
}

/// `ln(1 + g_C) = intercept + elasticity · ln(1 + g_D)` (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bridge {
    pub elasticity: f64,
    /// `α`, in log points (0.01 ≈ 1% of construction growth not explained by disbursement).
    pub intercept: f64,
    pub source: BridgeSource,
}

fn log_growth(name: &str, index: usize, pct: f64) -> Result<f64> {
    if !pct.is_finite() || pct <= -100.0 {
        return Err(GrdpsimError::NonFiniteInput {
            series: format!("{name} (growth must be finite and above -100%)"),
            index,
            value: pct,
        });
    }
    Ok((pct / 100.0).ln_1p())
}

impl Bridge {
    /// A bridge with a given elasticity and intercept (log points).
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for a non-finite elasticity or intercept.
    pub fn given(elasticity: f64, intercept: f64) -> Result<Self> {
        if !elasticity.is_finite() || !intercept.is_finite() {
            return Err(GrdpsimError::invalid_argument(
                "elasticity",
                "the elasticity and the intercept must be finite",
            ));
        }
        Ok(Self {
            elasticity,
            intercept,
            source: BridgeSource::Given,
        })
    }

    /// Least squares on the history: pairs (disbursement growth %, construction growth %),
    /// one per quarter, y/y.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] with fewer than [`MIN_HISTORY_QUARTERS`] pairs (give
    /// the elasticity instead) or disbursement growth that does not vary;
    /// [`GrdpsimError::NonFiniteInput`] for a growth rate that is not finite or at or below
    /// −100%.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::disbursement::Bridge;
    /// // Construction grew 0.5 times as fast as disbursement (in log terms), exactly.
    /// let history: Vec<(f64, f64)> = [-10.0, 5.0, 20.0, 35.0, 0.0, 12.0, 28.0, -4.0]
    ///     .iter()
    ///     .map(|&g| (g, 100.0 * ((1.0 + g / 100.0_f64).powf(0.5) - 1.0)))
    ///     .collect();
    /// let b = Bridge::estimate(&history)?;
    /// assert!((b.elasticity - 0.5).abs() < 1e-12 && b.intercept.abs() < 1e-12);
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn estimate(history: &[(f64, f64)]) -> Result<Self> {
        let n = history.len();
        if n < MIN_HISTORY_QUARTERS {
            return Err(GrdpsimError::invalid_argument(
                "history",
                format!(
                    "{n} quarter(s) of history; the elasticity is estimated from at least \
                     {MIN_HISTORY_QUARTERS}: give it instead"
                ),
            ));
        }
        let mut xs = Vec::with_capacity(n);
        let mut ys = Vec::with_capacity(n);
        for (i, &(d, c)) in history.iter().enumerate() {
            xs.push(log_growth("disbursement growth", i, d)?);
            ys.push(log_growth("construction growth", i, c)?);
        }
        let nf = n as f64;
        let mx = xs.iter().sum::<f64>() / nf;
        let my = ys.iter().sum::<f64>() / nf;
        let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
        let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
        let syy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
        if sxx <= f64::EPSILON * nf {
            return Err(GrdpsimError::invalid_argument(
                "history",
                "disbursement growth does not vary: the elasticity cannot be estimated",
            ));
        }
        let beta = sxy / sxx;
        let alpha = my - beta * mx;
        let ssr: f64 = xs
            .iter()
            .zip(&ys)
            .map(|(x, y)| (y - alpha - beta * x).powi(2))
            .sum();
        let r_squared = if syy > 0.0 { 1.0 - ssr / syy } else { 1.0 };
        let elasticity_se = (ssr / (nf - 2.0) / sxx).sqrt();
        Ok(Self {
            elasticity: beta,
            intercept: alpha,
            source: BridgeSource::Estimated {
                quarters: n,
                r_squared,
                elasticity_se,
            },
        })
    }

    /// Construction growth (%) implied by disbursement growth (%).
    pub fn construction_growth_pct(&self, disbursement_growth_pct: f64) -> f64 {
        let x = (disbursement_growth_pct / 100.0).ln_1p();
        100.0 * (self.intercept + self.elasticity * x).exp_m1()
    }
}

/// What the bridge's construction growth becomes in the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BridgeUse {
    /// A provisional actual (số ước tính) for each complete quarter the statistics office has
    /// not published yet: it counts like an actual and is marked provisional.
    Provisional,
    /// The construction target of each quarter with disbursement data and no actuals: what
    /// the target becomes if construction follows disbursement.
    WhatIf,
}

/// Disbursement in one quarter of the plan year against the year before.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuarterDisbursement {
    /// 1..=4.
    pub quarter: u8,
    /// Payments with week ending in the quarter (million VND).
    pub amount: f64,
    pub previous_year: f64,
    /// `100 · (amount / previous_year − 1)`.
    pub growth_pct: f64,
    /// Whether the store has the quarter's last week (the quarter's end is within 6 days of
    /// the latest week ending); an incomplete quarter is compared as it stands.
    pub complete: bool,
}

impl Tracker {
    /// Quarterly disbursement (the Treasury's payments) against the year before, for the
    /// quarters the store has payments in.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for a previous-year figure that is not finite and
    /// positive; [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn quarterly_disbursement(
        &self,
        previous_year: [f64; 4],
    ) -> Result<Vec<QuarterDisbursement>> {
        let weekly = self.weekly_totals(PaymentSource::Treasury)?;
        let Some(latest) = self.latest_week()? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for q in 1..=4u8 {
            let first = Date::new(self.year, u32::from(q) * 3 - 2, 1)?;
            let last = Date::new(self.year, u32::from(q) * 3, 1)?.month_end();
            if first > latest {
                break;
            }
            let prev = previous_year[usize::from(q) - 1];
            if !prev.is_finite() || prev <= 0.0 {
                return Err(GrdpsimError::invalid_argument(
                    "previous_year",
                    format!("Q{q}: {prev} is not a positive amount"),
                ));
            }
            let amount: f64 = weekly
                .iter()
                .filter(|(d, _)| *d >= first && *d <= last)
                .map(|(_, x)| x)
                .sum();
            out.push(QuarterDisbursement {
                quarter: q,
                amount,
                previous_year: prev,
                growth_pct: rate(amount, prev),
                complete: last.days_since(latest) <= 6,
            });
        }
        Ok(out)
    }
}

// The bridge applied to a scenario (here, with the bridge, so that the scenario knows nothing
// of disbursement): provisional construction figures, or a what-if on the construction target.
impl Scenario {
    /// This scenario with construction (`sector`, e.g. `XD`) following disbursement through
    /// `bridge`, in the quarters after the last one with actuals: as provisional actuals of the
    /// complete quarters ([`BridgeUse::Provisional`]) or as targets of every quarter with
    /// data ([`BridgeUse::WhatIf`]). Quarters with published actuals are never touched.
    ///
    /// # Errors
    /// An unknown sector, or what [`Scenario::with_actuals`] and [`Scenario::with_targets`]
    /// refuse.
    pub fn with_disbursement(
        &self,
        quarters: &[QuarterDisbursement],
        bridge: &Bridge,
        sector: &str,
        usage: BridgeUse,
    ) -> Result<Self> {
        self.tree().index(sector)?;
        let elapsed = self.elapsed_quarters();
        let chosen = quarters.iter().filter(|q| {
            usize::from(q.quarter) > elapsed && (q.complete || usage == BridgeUse::WhatIf)
        });
        let (a, b) = (bridge.intercept, bridge.elasticity);
        let note = Note::new(
            format!("{sector} from disbursement: ln(1+g) = {a:.4} + {b:.4} ln(1+g_disbursement)"),
            format!(
                "{sector} theo giải ngân vốn đầu tư công: ln(1+g) = {} + {} ln(1+g_giải ngân)",
                Lang::Vi.number(a, 4),
                Lang::Vi.number(b, 4)
            ),
        );
        let figures: Vec<(String, f64)> = chosen
            .map(|q| {
                (
                    format!("Q{}", q.quarter),
                    bridge.construction_growth_pct(q.growth_pct),
                )
            })
            .collect();
        if figures.is_empty() {
            return Ok(self.clone());
        }
        let changed = match usage {
            BridgeUse::Provisional => {
                let actuals: Vec<Actual> = figures
                    .into_iter()
                    .map(|(q, g)| Actual::growth(q, sector, g).as_provisional())
                    .collect();
                self.with_computed_actuals(&actuals)?
            }
            BridgeUse::WhatIf => {
                let targets: Vec<Target> = figures
                    .into_iter()
                    .map(|(q, g)| Target::new(q, sector, g))
                    .collect();
                self.with_computed_targets(&targets)?
            }
        };
        Ok(changed.with_note(note))
    }
}
