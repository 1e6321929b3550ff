//! Monitoring a province's year as it happens: the per-province store, the departments'
//! monthly indicators and assigned tasks, and the early warnings.
//!
//! A [`Store`] is one `SQLite` file (the default; bundled, nothing to install) holding what the
//! province's departments report between statistical releases: public-investment disbursement
//! ([`crate::disbursement`]), the monitoring indicators, their targets and monthly values, the
//! tasks assigned at meetings, and each month's early-warning findings ([`Monitor`]). It has a
//! versioned schema with a migration runner, write-ahead logging and a busy timeout so that
//! several processes can write, an audit trail of every change, and a marker
//! (`PRAGMA application_id`) so that a file that is not a grdpsim store is refused rather than
//! modified.
//!
//! An indicator's monthly values nowcast its sector's next quarter, which enters the scenario
//! as a provisional actual ([`Monitor::nowcast`], [`SectorNowcast`]).
//!
//! The store and its imports ([`Store`], the shared import machinery) sit below the
//! disbursement tracker; [`Monitor`], its rules and its digest sit above it and above the
//! scenario, whose gap, required growth and probability rules 2 to 4 read.

pub mod digest;
mod history;
pub(crate) mod import;
pub mod indicators;
pub mod nowcast;
mod policy;
pub mod rules;
pub(crate) mod store;

// The calendar date lives at the crate's root (workbook cells need it without a store).
use crate::date;
pub use date::{days_in_month, Date};
pub use digest::{Digest, DigestFormat, DigestGroup, Headline};
pub use indicators::{
    parse_month, Indicator, IndicatorKind, Monitor, MonitorImportKind, MonitorImportReport,
    MonthlyValue, Pace, Profile, Task,
};
pub use nowcast::SectorNowcast;
pub use policy::{
    DisbursementPolicy, GapPolicy, PacePolicy, ProbabilityPolicy, ReportPolicy, RequiredPolicy,
    TaskPolicy, WarningPolicy, DEFAULT_POLICY_TOML,
};
pub use rules::{
    policy_uncertainty, probability_model, Context, Coverage, Finding, Findings, History, Rule,
    Severity,
};
pub use store::{AuditRow, Store, APPLICATION_ID, BUSY_TIMEOUT, SCHEMA_VERSION};
