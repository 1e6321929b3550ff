//! Embedded datasets for Python.

use pyo3::prelude::*;

use super::accounts::PyAccounts;
use super::scenario::PyScenario;

/// Cao Bằng's reconstructed base years 2023–2024 (see `grdpsim.datasets`).
#[pyfunction]
#[pyo3(signature = (detailed=false))]
fn cao_bang_base(detailed: bool) -> PyResult<PyAccounts> {
    let inner = if detailed {
        crate::datasets::cao_bang_base_detailed()?
    } else {
        crate::datasets::cao_bang_base()?
    };
    Ok(PyAccounts { inner })
}

/// Cao Bằng's 2025 growth scenario with the first half's actuals (see `grdpsim.datasets`).
#[pyfunction]
fn cao_bang_2025() -> PyResult<PyScenario> {
    Ok(PyScenario {
        inner: crate::datasets::cao_bang_2025()?,
    })
}

/// The first Q1 2025 release, superseded by the mid-year one: (sector, growth).
#[pyfunction]
fn cao_bang_2025_q1_first_release() -> Vec<(&'static str, f64)> {
    crate::datasets::CAO_BANG_2025_Q1_FIRST_RELEASE.to_vec()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(cao_bang_base, m)?)?;
    m.add_function(wrap_pyfunction!(cao_bang_2025, m)?)?;
    m.add_function(wrap_pyfunction!(cao_bang_2025_q1_first_release, m)?)
}
