//! Embedded datasets of the crate's own making.

mod cao_bang;

pub use cao_bang::{cao_bang_base, cao_bang_base_detailed, NATIONAL_QUARTER_SHARES_2023};
