//! Maps [`GrdpsimError`] onto the exception classes defined in `grdpsim/errors.py`.
//!
//! The classes live in Python because they inherit from both `GrdpsimError` and a builtin
//! (`ValueError`, `OSError`), which `create_exception!` cannot express.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::error::{ErrorKind, GrdpsimError};

fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidValue => "InvalidValueError",
        ErrorKind::UnknownSector => "UnknownSectorError",
        ErrorKind::Period => "PeriodError",
        ErrorKind::ZeroBase => "ZeroBaseError",
        ErrorKind::InconsistentData => "InconsistentDataError",
        ErrorKind::Parse => "ParseError",
        ErrorKind::Io => "DataFileError",
        ErrorKind::InvalidArgument => "InvalidArgumentError",
        ErrorKind::ImportRejected => "ImportRejectedError",
        ErrorKind::Database => "DatabaseError",
    }
}

fn to_py_err(py: Python<'_>, e: &GrdpsimError) -> PyErr {
    let message = e.to_string();
    let (sector, period, value) = e.subject();
    let made = py
        .import("grdpsim.errors")
        .and_then(|m| m.getattr(class_name(e.kind())))
        .and_then(|cls| cls.call1((message.clone(),)))
        .and_then(|obj| {
            // The parts of the message a program needs, as attributes (None where absent).
            obj.setattr("kind", e.variant_name())?;
            obj.setattr("sector", sector)?;
            obj.setattr("period", period)?;
            obj.setattr("value", value)?;
            if let GrdpsimError::ImportRejected { problems, .. } = e {
                // Every bad row, for a program to show or fix: a list of dicts.
                let rows = PyList::empty(py);
                for p in problems {
                    let d = PyDict::new(py);
                    d.set_item("sheet", p.sheet.as_deref())?;
                    d.set_item("row", p.row)?;
                    d.set_item("column", &p.column)?;
                    d.set_item("value", &p.value)?;
                    d.set_item("reason", &p.reason)?;
                    rows.append(d)?;
                }
                obj.setattr("problems", rows)?;
            }
            Ok(obj)
        });
    match made {
        Ok(obj) => PyErr::from_value(obj),
        // Only when the package is broken; still a clear message, never a panic.
        Err(_) => PyRuntimeError::new_err(message),
    }
}

impl From<GrdpsimError> for PyErr {
    fn from(e: GrdpsimError) -> Self {
        Python::with_gil(|py| to_py_err(py, &e))
    }
}
