//! The province's store seen whole: a [`Monitor`] on the same store as a disbursement
//! [`Tracker`], and the tracker as the monitor's [`DisbursementSource`].
//!
//! Disbursement and monitoring are siblings on [`crate::store`]: neither imports the other.
//! This bridge sits above both and is the one place that knows them together: it says what
//! rule 5 reads of a tracker ([`DisbursementMonth`]) and gives a monitor the tracker of its
//! store. (The bridge from disbursement to a scenario's construction is
//! [`crate::disbursement::Bridge`].)

use std::any::Any;
use std::path::Path;
use std::sync::Arc;

use crate::date::Date;
use crate::disbursement::{Level, RankingRule, Tracker};
use crate::error::Result;
use crate::monitoring::{DisbursementMonth, DisbursementSource, InvestorStanding, Monitor};
use crate::store::StoreView;

impl DisbursementSource for Tracker {
    fn month(&self, month_end: Date, stalled_weeks: u32) -> Result<DisbursementMonth> {
        let projects = self.project_count()?;
        if projects == 0 {
            return Ok(DisbursementMonth::default());
        }
        let rows = self.countdown(month_end, Level::Investor)?;
        let ranking = self.ranking(month_end, RankingRule::default())?;
        Ok(DisbursementMonth {
            projects,
            paid: rows.iter().map(|r| r.paid).sum(),
            planned_to_date: rows.iter().map(|r| r.planned_to_date).sum(),
            rate_pct: self.status(month_end, Level::Province)?.total.rate_pct,
            ranking_rate_pct: ranking.province_rate_pct,
            investors: ranking
                .rows
                .into_iter()
                .map(|r| InvestorStanding {
                    investor: r.investor,
                    name: r.name,
                    ranked: r.rank.is_some(),
                    rate_pct: r.rate_pct,
                    vs_province_pp: r.vs_province_pp,
                })
                .collect(),
            stalled: self
                .stalled(month_end, stalled_weeks)?
                .into_iter()
                .map(|s| s.investor)
                .collect(),
        })
    }
}

impl Monitor {
    /// Monitoring on a disbursement tracker's store (the same file holds both): a view of the
    /// same store, which reads rule 5's figures from `tracker` (its payment source, calendar
    /// and clock).
    pub fn from_tracker(tracker: Tracker) -> Self {
        Monitor::on_store(StoreView::clone(&tracker), Arc::new(tracker))
    }

    /// Opens (creating if new) the province's store at `path` for the plan `year`.
    ///
    /// # Errors
    /// As [`Tracker::create`].
    pub fn create(path: impl AsRef<Path>, province: &str, year: i32) -> Result<Self> {
        Tracker::create(path, province, year).map(Self::from_tracker)
    }

    /// Opens an existing store.
    ///
    /// # Errors
    /// As [`Tracker::open`].
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Tracker::open(path).map(Self::from_tracker)
    }

    /// Monitoring in memory (examples, tests).
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn in_memory(province: &str, year: i32) -> Result<Self> {
        Tracker::in_memory(province, year).map(Self::from_tracker)
    }

    /// The disbursement tracker viewing the same store (the one the monitor was made from:
    /// its payment source, calendar and clock). Writes through it are the monitor's store's.
    pub fn tracker(&self) -> Tracker {
        let source: &dyn Any = self.disbursement();
        source
            .downcast_ref::<Tracker>()
            .cloned()
            .unwrap_or_else(|| unreachable!("a monitor is made from a tracker (above)"))
    }

    /// The same monitor, and its tracker, reading through the store's read-only connections
    /// ([`Tracker::reading`]).
    #[must_use]
    pub fn reading(&self) -> Self {
        Self::from_tracker(self.tracker().reading())
    }

    /// The disbursement tracker on the same store (to serve it, say).
    pub fn into_tracker(self) -> Tracker {
        self.tracker()
    }
}
