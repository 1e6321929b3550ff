//! What monitoring reads of disbursement, as monitoring states it: rule 5's month of figures
//! ([`DisbursementMonth`]) from any [`DisbursementSource`]. The disbursement tracker is one
//! (the bridge, [`crate::province`], implements it), so that monitoring and disbursement sit
//! side by side on the store and neither imports the other.

use std::any::Any;
use std::fmt::Debug;

use super::Date;
use crate::error::Result;

/// An investor's standing at a month's end: its rate against the province's.
#[derive(Debug, Clone, PartialEq)]
pub struct InvestorStanding {
    pub investor: String,
    pub name: String,
    /// Whether the ranking ranked it (an investor with no plan in force is not).
    pub ranked: bool,
    /// Disbursement rate, percent of its plan in force.
    pub rate_pct: f64,
    /// `rate_pct` minus the province's, points.
    pub vs_province_pp: f64,
}

/// The disbursement figures of a month's end that rule 5 judges.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DisbursementMonth {
    /// Projects in the store (none: the rule is not evaluated).
    pub projects: usize,
    /// Paid to the month's end, million VND (the Treasury's figures).
    pub paid: f64,
    /// What the monthly plans called for by the month's end, million VND.
    pub planned_to_date: f64,
    /// The province's disbursement rate, percent of the plan in force.
    pub rate_pct: f64,
    /// The province's rate as the ranking computes it, percent (the investors' yardstick).
    pub ranking_rate_pct: f64,
    /// Every investor, in the ranking's order.
    pub investors: Vec<InvestorStanding>,
    /// The investor of each project with something left to pay and no payment in the
    /// policy's stalled weeks (one entry a project).
    pub stalled: Vec<String>,
}

/// Where a monitor reads disbursement from.
pub trait DisbursementSource: Any + Send + Sync + Debug {
    /// The figures at `month_end`, projects stalled for `stalled_weeks` weeks.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if the store cannot be read.
    fn month(&self, month_end: Date, stalled_weeks: u32) -> Result<DisbursementMonth>;
}
