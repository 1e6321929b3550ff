//! Embedded datasets of the crate's own making.

mod cao_bang;
mod cao_bang_disbursement;

pub use cao_bang::{
    cao_bang_2025, cao_bang_base, cao_bang_base_detailed, CAO_BANG_2025_ACTUALS,
    CAO_BANG_2025_Q1_FIRST_RELEASE, CAO_BANG_2025_TARGETS, NATIONAL_QUARTER_SHARES_2023,
};
pub use cao_bang_disbursement::{
    cao_bang_disbursement_2025, cao_bang_disbursement_2025_at, cao_bang_disbursement_2025_tables,
    load_cao_bang_disbursement_2025, CAO_BANG_2025_JULY_RATE_PCT, CAO_BANG_2025_JUNE_RATE_PCT,
};
