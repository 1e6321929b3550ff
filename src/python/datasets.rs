//! Embedded datasets for Python.

use pyo3::prelude::*;

use super::accounts::PyAccounts;

/// Cao Bằng's reconstructed base years 2023–2024 (see `grdpsim.datasets`).
#[pyfunction]
fn cao_bang_base() -> PyResult<PyAccounts> {
    Ok(PyAccounts {
        inner: crate::datasets::cao_bang_base()?,
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(cao_bang_base, m)?)
}
