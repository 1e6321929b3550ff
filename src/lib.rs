//! # grdpsim
//!
//! Growth scenarios for a region's GRDP (tổng sản phẩm trên địa bàn): quarterly accounts by
//! sector, growth and contributions as statistics offices publish them; growth scenarios
//! (kịch bản tăng trưởng) with their gaps and the growth still required ([`scenario`]).
#![forbid(unsafe_code)]

pub mod accounts;
pub mod contributions;
pub mod datasets;
pub mod disaggregation;
pub mod error;
pub mod io;
pub mod period;
pub mod scenario;
pub mod sector;

#[cfg(feature = "python")]
mod python;

pub use accounts::{Accounts, LevelRecord, PriceBasis};
pub use contributions::{ContributionRow, Contributions, Convention, StructureRow};
pub use disaggregation::{disaggregate, Disaggregation, DisaggregationOptions};
pub use error::{ErrorKind, GrdpsimError, Result};
pub use period::{Period, Quarter};
pub use scenario::{
    Actual, ActualValue, DerivationRule, Gap, Policy, QuarterSpread, RequiredGrowth,
    RequiredOptions, Scenario, Target,
};
pub use sector::{Sector, SectorSpec, SectorTree};

/// The README's Rust example, compiled and run as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
