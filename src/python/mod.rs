//! The Python face (`grdpsim._core`): thin wrappers over the core, mirroring its modules.
//!
//! Only this module tree imports pyo3. Errors become the exception classes of
//! `grdpsim.errors`; pandas objects are built in the Python package, not here.

// pyo3 extracts arguments by value; borrowing them is not an option for #[pyfunction]s.
#![allow(clippy::needless_pass_by_value)]

mod accounts;
mod datasets;
mod disaggregation;
mod disbursement;
mod document;
mod error_text;
mod errors;
mod handle;
mod monitoring;
mod pickle;
mod probability;
mod reports;
mod scenario;
mod sector;
#[cfg(feature = "web")]
mod web;

use pyo3::prelude::*;

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    sector::register(m)?;
    accounts::register(m)?;
    datasets::register(m)?;
    reports::register(m)?;
    scenario::register(m)?;
    disaggregation::register(m)?;
    probability::register(m)?;
    disbursement::register(m)?;
    monitoring::register(m)?;
    document::register(m)?;
    error_text::register(m)?;
    #[cfg(feature = "web")]
    web::register(m)?;
    Ok(())
}
