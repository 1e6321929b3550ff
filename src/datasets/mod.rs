//! Embedded datasets of the crate's own making.

mod cao_bang;

pub use cao_bang::{cao_bang_base, NATIONAL_QUARTER_SHARES_2023};
