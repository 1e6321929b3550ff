//! Embedded datasets of the crate's own making.

mod cao_bang;

pub use cao_bang::{
    cao_bang_2025, cao_bang_base, cao_bang_base_detailed, CAO_BANG_2025_ACTUALS,
    CAO_BANG_2025_Q1_FIRST_RELEASE, CAO_BANG_2025_TARGETS, NATIONAL_QUARTER_SHARES_2023,
};
