//! Public-investment disbursement (giải ngân vốn đầu tư công), week by week and project by
//! project, on the province's [`Store`].
//!
//! # What is measured
//!
//! The **disbursement rate** (tỷ lệ giải ngân) on date `d` is
//!
//! ```text
//! rate(d) = P(d) / B(d)
//! P(d) = Σ payments with week_ending ≤ d (this year)      — as recorded by the State Treasury
//! B(d) = Σ over projects of the plan revision in force on d (the latest with effective ≤ d)
//! ```
//!
//! Payments as the State Treasury (Kho bạc Nhà nước) records them are authoritative;
//! investors' (chủ đầu tư) own reports are kept beside them and reconciled
//! ([`Tracker::differences`]; the Treasury accepts a week's difference or sends it back to the
//! investor: [`Tracker::reconciliation`], [`Tracker::decide_difference`]); any view can be asked on the investors' figures instead.
//! Rates are given for a project, an investor, a capital source (central budget, local budget,
//! national target programmes, ODA, funds carried over: a code per plan line, so a project may
//! have several, each line counted in its own source; see `sources`) and the province.
//!
//! **Two denominators**: beside the plan in force, the national target (the plan the Prime
//! Minister assigned the province for the year, with its decision's date and source:
//! [`Tracker::set_national_target`]) gives the province a second rate,
//! `P(d) / national target` ([`Tracker::rates_against_both`]); without a target there is none.
//!
//! **Why a rate moved** between `d0` and `d1` is split exactly into payments and plan:
//!
//! ```text
//! rate(d1) − rate(d0) = (P1 − P0) / B1            (payments, at the new plan)
//!                     + (P0 / B1 − P0 / B0)       (plan revisions, on what was already paid)
//! ```
//!
//! so a rate that falls while payments rise (Cao Bằng 2025: about 41.8% on 30 June, 26.8% on
//! 31 July after the plan grew) shows a positive payments term and a larger negative plan term.
//!
//! **Count-down** (trừ lùi): remaining = `B(d) − P(d)`; needed per remaining week =
//! remaining / weeks left to 31 December (at least one); the monthly plan gives what should be
//! paid by each month's end, pro rata to the day within the current month; the schedule
//! performance index `SPI = P(d) / planned to d` is green in 0.95–1.05 (and above), amber in
//! 0.90–0.95, red below 0.90.
//!
//! **Ranking of investors**: see [`RankingRule`].
//!
//! # Reporting calendar and the default "as of"
//!
//! Each store keeps its [`Calendar`]: weeks end on Friday unless the province says otherwise,
//! and an import refuses a `week_ending` on another day or beyond today plus a grace (the
//! tracker's [`Clock`]). When no date is given, the views are as of
//! [`Tracker::default_as_of`]: the latest week that at least half the projects (the calendar's
//! share) reported, so one early or stray entry cannot move the province's figures; each
//! view says which week it used and how many projects reported it ([`Coverage`]: "as of
//! 2025-08-29: 193 of 300 projects reported"). A figure entered by mistake is withdrawn with
//! [`Tracker::withdraw`], in the audit trail like every change.
//!
//! # Examples
//! ```
//! use grdpsim::disbursement::Level;
//! let tracker = grdpsim::datasets::cao_bang_disbursement_2025()?;
//! let june = tracker.status("2025-06-30".parse()?, Level::Province)?;
//! assert!((june.total.rate_pct - 41.8).abs() < 0.05);
//! let july = tracker.status_between("2025-06-30".parse()?, "2025-07-31".parse()?, Level::Province)?;
//! let t = &july.total;
//! assert!((t.rate_pct - 26.8).abs() < 0.05);
//! assert!(t.from_payments_pp > 0.0 && t.from_plan_pp < -15.0);
//! # Ok::<(), grdpsim::GrdpsimError>(())
//! ```

mod advances;
mod bridge;
mod calendar;
#[cfg(feature = "xlsx")]
pub(crate) mod excel;
mod groups;
mod import;
mod milestones;
mod national_target;
mod obstacles;
#[cfg(test)]
mod project_seeks;
mod proposals;
mod read_memo;
mod reconciliation;
mod sources;
mod views;
mod weekly_plans;

use std::path::Path;

use crate::date::Date;
use crate::error::{GrdpsimError, Result};
use std::ops::Deref;
use std::sync::{Arc, PoisonError, RwLock};

use crate::store::{SharedStore, Store, StoreView};

#[cfg(feature = "web")]
pub(crate) use advances::program_header;
pub use advances::{
    AdvanceBalance, AdvanceLevel, AdvancePurpose, AdvanceRow, AdvanceShare, ADVANCE_COLUMNS,
    DEFAULT_ADVANCE_AGE_DAYS, RECOVERY_COLUMNS,
};
pub use bridge::{Bridge, BridgeSource, BridgeUse, QuarterDisbursement, MIN_HISTORY_QUARTERS};
pub use calendar::{weekday_name, Calendar, Clock, Coverage};
#[cfg(feature = "xlsx")]
pub use excel::write_template_xlsx;
pub use import::{
    ImportKind, ImportReport, RawTable, OBSTACLE_COLUMNS, PAYMENT_COLUMNS, PROJECT_COLUMNS,
    TEMPLATE_CSV,
};
pub use milestones::{MissingMonthlyPlan, MonthRemainingRow};
pub use national_target::{NationalTarget, TwoRates};
pub use obstacles::{Obstacle, ObstacleStatus};
pub use proposals::{Proposal, ProposalKind, ProposalMessage, ProposalOptions};
pub use reconciliation::{
    Decision, DifferenceState, ProjectDifference, Reconciliation, WeekDifference, MAX_NOTE_CHARS,
};
pub use views::{
    Band, CountdownRow, DifferenceRow, ObstacleRow, PlanRevisionRow, ProjectInfo, Projection,
    RankRow, Ranking, RankingRule, SCurvePoint, StalledRow, Status, StatusRow, Unranked,
    WeekPayments,
};
pub use weekly_plans::{PlanBasis, WeeklyPlanRow, WEEKLY_PLAN_COLUMNS};

/// Whose payment figures a view uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentSource {
    /// The investor's (chủ đầu tư) own report.
    Investor,
    /// What the State Treasury (Kho bạc Nhà nước) paid: authoritative, the default.
    Treasury,
}

impl PaymentSource {
    /// `investor` or `treasury`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Investor => "investor",
            Self::Treasury => "treasury",
        }
    }

    /// Reads `investor`/`treasury` (also `cdt`, `kbnn`, `chu_dau_tu`, `kho_bac`).
    ///
    /// # Errors
    /// [`GrdpsimError::UnknownOption`] otherwise.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "investor" | "cdt" | "chu_dau_tu" => Ok(Self::Investor),
            "treasury" | "kbnn" | "kho_bac" => Ok(Self::Treasury),
            _ => Err(GrdpsimError::UnknownOption {
                option: "payment source".into(),
                value: s.into(),
                expected: "investor, treasury".into(),
            }),
        }
    }
}

/// What the rows of a view are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Project,
    Investor,
    CapitalSource,
    Province,
}

impl Level {
    /// Reads `project`, `investor`, `capital_source` (or `source`), `province`.
    ///
    /// # Errors
    /// [`GrdpsimError::UnknownOption`] otherwise.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "project" => Ok(Self::Project),
            "investor" => Ok(Self::Investor),
            "capital_source" | "source" => Ok(Self::CapitalSource),
            "province" => Ok(Self::Province),
            _ => Err(GrdpsimError::UnknownOption {
                option: "level".into(),
                value: s.into(),
                expected: "project, investor, capital_source, province".into(),
            }),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Project => "project",
            Self::Investor => "investor",
            Self::CapitalSource => "capital_source",
            Self::Province => "province",
        }
    }
}

/// A province's disbursement database for one plan year, on a [`Store`].
///
/// Amounts are in million VND (triệu đồng), dates ISO. Writes go through imports
/// ([`Tracker::import_csv`]), all-or-nothing and idempotent; reads are the views of
/// [`Tracker::status`], [`Tracker::ranking`], [`Tracker::countdown`], ...
///
/// A tracker is a [`StoreView`] (it dereferences to it: [`StoreView::year`],
/// [`StoreView::province`], [`StoreView::store`]) with its own parameters: cloning it, or
/// asking for a [`Tracker::view`] on the other payment source, shares the store (and its
/// calendar) rather than copying it.
#[derive(Debug, Clone)]
pub struct Tracker {
    view: StoreView,
    /// Which payments the views use.
    source: PaymentSource,
    /// The reporting calendar, as stored (shared by the views of one store).
    calendar: Arc<RwLock<Calendar>>,
    /// Where "today" comes from (imports refuse weeks beyond it).
    clock: Clock,
    /// The running totals and projects read so far, for a tracker made for one read
    /// ([`Tracker::for_one_read`]); `None` reads them each time.
    memo: Option<Arc<read_memo::ReadMemo>>,
}

impl Tracker {
    /// Opens the store at `path` for disbursement tracking, creating it (for `province` and
    /// the plan `year`) if it is new.
    ///
    /// # Errors
    /// [`GrdpsimError::NotAStore`] for a file that is not a grdpsim store;
    /// [`GrdpsimError::InvalidArgument`] if the store tracks another year.
    pub fn create(path: impl AsRef<Path>, province: &str, year: i32) -> Result<Self> {
        Self::init(Store::open(path)?, province, year)
    }

    /// A tracker in memory (examples, tests).
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn in_memory(province: &str, year: i32) -> Result<Self> {
        Self::init(Store::open_in_memory()?, province, year)
    }

    fn init(mut store: Store, province: &str, year: i32) -> Result<Self> {
        if !(1990..=2100).contains(&year) {
            return Err(GrdpsimError::invalid_argument(
                "year",
                format!("{year} is not a plan year"),
            ));
        }
        match store.meta("disbursement_year")? {
            Some(y) if y != year.to_string() => {
                return Err(GrdpsimError::invalid_argument(
                    "year",
                    format!("{} tracks the plan year {y}, not {year}", store.label()),
                ))
            }
            Some(_) => {}
            None => {
                store.set_meta("disbursement_year", &year.to_string(), "grdpsim")?;
                store.set_meta("province", province, "grdpsim")?;
            }
        }
        let province = store
            .meta("province")?
            .unwrap_or_else(|| province.to_owned());
        Self::over(store, year, province)
    }

    /// Opens an existing disbursement store.
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] naming a missing file; [`GrdpsimError::NotAStore`] for a file
    /// that is not a grdpsim store (refused before anything is written to it:
    /// [`Store::open_existing`]) or that has no disbursement year ([`Tracker::create`] makes
    /// one).
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let store = Store::open_existing(path)?;
        let year = store
            .meta("disbursement_year")?
            .and_then(|y| y.parse().ok())
            .filter(|y| (1990..=2100).contains(y))
            .ok_or_else(|| GrdpsimError::NotAStore {
                path: store.label().to_owned(),
                reason: "it has no disbursement year (create it with Tracker::create)".into(),
            })?;
        let province = store.meta("province")?.unwrap_or_default();
        Self::over(store, year, province)
    }

    /// A tracker of the plan year `year` over `store`, reading the Treasury's payments on the
    /// system's clock, with the store's calendar.
    fn over(store: Store, year: i32, province: String) -> Result<Self> {
        Ok(Self {
            calendar: Arc::new(RwLock::new(Calendar::read(&store)?)),
            view: StoreView::new(SharedStore::new(store), year, province),
            source: PaymentSource::Treasury,
            clock: Clock::System,
            memo: None,
        })
    }

    /// The same tracker reading the other source's payments (the Treasury's by default).
    #[must_use]
    pub fn with_payment_source(mut self, source: PaymentSource) -> Self {
        self.source = source;
        self
    }

    /// A view of the same store on `source`'s payments: every view ([`Tracker::status`],
    /// [`Tracker::ranking`], ...) of it reads that source, and this tracker is left as it was.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::disbursement::{Level, PaymentSource};
    /// let t = grdpsim::datasets::cao_bang_disbursement_2025()?;
    /// let d = "2025-06-30".parse()?;
    /// let investors = t.view(PaymentSource::Investor).status(d, Level::Province)?;
    /// assert_eq!(t.payment_source(), PaymentSource::Treasury);
    /// assert_ne!(investors.total.paid, t.status(d, Level::Province)?.total.paid);
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    #[must_use]
    pub fn view(&self, source: PaymentSource) -> Self {
        self.clone().with_payment_source(source)
    }

    pub fn payment_source(&self) -> PaymentSource {
        self.source
    }

    /// Checks the store's running totals of payments against the payments
    /// ([`Store::check_totals`]; backup and restore run it too).
    ///
    /// # Errors
    /// [`GrdpsimError::TotalsDisagree`] naming the first project, source and week at fault;
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn check_totals(&self) -> Result<()> {
        self.store().check_totals()
    }

    /// The same tracker reading through the store's read-only connections
    /// ([`SharedStore::reading`]): its views run beside other readers and the writer (the web
    /// page's GET handlers use it). A write through it is refused by `SQLite`.
    #[must_use]
    pub fn reading(&self) -> Self {
        Self {
            view: self.view.reading(),
            ..self.clone()
        }
    }

    /// The reporting calendar, as stored.
    fn calendar_now(&self) -> Calendar {
        *self.calendar.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The province's default "as of": [`Tracker::default_as_of`]'s week (the latest week
    /// that the calendar's share of projects reported), if any.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn latest_week(&self) -> Result<Option<Date>> {
        Ok(self.default_as_of()?.map(|c| c.as_of))
    }

    /// Each project's investor, by project code.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub(crate) fn investor_of_projects(&self) -> Result<std::collections::HashMap<String, String>> {
        self.store()
            .query_tuples("SELECT code, investor FROM projects", [])
    }

    pub(crate) fn year_start(&self) -> Date {
        Date::new(self.year, 1, 1).unwrap_or_else(|_| unreachable!("year checked on creation"))
    }
}

/// A tracker's store, plan year and province are its view's (a [`crate::monitoring::Monitor`]
/// on the same store has the same view).
impl Deref for Tracker {
    type Target = StoreView;

    fn deref(&self) -> &StoreView {
        &self.view
    }
}
