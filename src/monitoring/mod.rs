//! Monitoring a province's year as it happens: the departments' monthly indicators and
//! assigned tasks, and the early warnings, on the province's [`crate::store::Store`] beside
//! disbursement ([`crate::disbursement`]): indicators, their targets and monthly values, the
//! tasks assigned at meetings, and each month's early-warning findings ([`Monitor`]).
//!
//! An indicator's monthly values nowcast its sector's next quarter, which enters the scenario
//! as a provisional actual ([`Monitor::nowcast`], [`SectorNowcast`]).
//!
//! [`Monitor`], its rules and its digest sit above the scenario, whose gap, required growth
//! and probability rules 2 to 4 read.

pub mod derived;
pub mod digest;
mod disbursement;
mod history;
pub mod indicators;
pub mod messages;
pub mod notes;
pub mod nowcast;
mod policy;
pub mod rules;
pub mod tasks;

// The calendar date lives at the crate's root (workbook cells need it without a store).
use crate::date;
pub use date::{days_in_month, Date, Month};
pub use derived::{Conversion, DerivedTarget, SectorLink};
pub use digest::{Digest, DigestFormat, DigestGroup, Headline};
pub use disbursement::{DisbursementMonth, DisbursementSource, InvestorStanding};
pub use indicators::{
    parse_month, parse_target_period, Indicator, IndicatorKind, Monitor, MonitorImportKind,
    MonitorImportReport, MonthlyValue, Pace, Profile, VALUE_COLUMNS,
};
pub use messages::Message;
pub use notes::{DigestNote, SkipReason};
pub use nowcast::SectorNowcast;
pub use policy::{
    DisbursementPolicy, GapPolicy, PacePolicy, ProbabilityPolicy, ReportPolicy, RequiredPolicy,
    TaskPolicy, WarningPolicy, DEFAULT_POLICY_TOML,
};
pub use rules::{
    policy_uncertainty, probability_model, Context, Coverage, Finding, Findings, History, Rule,
    Severity,
};
pub use tasks::{Deadline, Quantity, Recurrence, Task, TaskInstance, TaskStatus, TASK_COLUMNS};
