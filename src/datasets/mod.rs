//! Embedded datasets of the crate's own making.

mod cao_bang;
#[cfg(feature = "store")]
mod cao_bang_disbursement;
#[cfg(feature = "store")]
mod cao_bang_monitoring;

pub use cao_bang::{
    cao_bang_2025, cao_bang_base, cao_bang_base_detailed, CAO_BANG_2025_ACTUALS,
    CAO_BANG_2025_Q1_FIRST_RELEASE, CAO_BANG_2025_TARGETS, NATIONAL_QUARTER_SHARES_2023,
};
#[cfg(feature = "store")]
pub use cao_bang_disbursement::{
    cao_bang_disbursement_2025, cao_bang_disbursement_2025_at, cao_bang_disbursement_2025_tables,
    load_cao_bang_disbursement_2025, CAO_BANG_2025_JULY_RATE_PCT, CAO_BANG_2025_JUNE_RATE_PCT,
};
#[cfg(feature = "store")]
pub use cao_bang_monitoring::{
    cao_bang_monitoring_2025, cao_bang_monitoring_2025_tables, cao_bang_monitoring_policy,
    load_cao_bang_monitoring_2025, CAO_BANG_2025_INDUSTRY_TARGET_PCT,
    CAO_BANG_2025_JULY_BUDGET_REVENUE, CAO_BANG_2025_JULY_BUDGET_SHARE_PCT,
    CAO_BANG_2025_JULY_IIP_PCT, CAO_BANG_2025_JULY_INDUSTRY_PLAN_SHARE_PCT,
    CAO_BANG_2025_JULY_INDUSTRY_SCENARIO_SHARE_PCT, CAO_BANG_2025_JULY_INDUSTRY_VALUE,
    CAO_BANG_2025_JULY_RETAIL_PCT, CAO_BANG_2025_JULY_TOURISM_PLAN_SHARE_PCT,
    CAO_BANG_2025_JULY_TOURISM_REVENUE, CAO_BANG_2025_JULY_TRADE, CAO_BANG_2025_POLICY_TOML,
};
