//! Embedded datasets for Python.

use pyo3::prelude::*;

use super::accounts::PyAccounts;

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

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(cao_bang_base, m)?)
}
