//! Maps [`GrdpsimError`] onto the exception classes defined in `grdpsim/errors.py`.
//!
//! The classes live in Python because they inherit from both `GrdpsimError` and a builtin
//! (`ValueError`, `OSError`), which `create_exception!` cannot express.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

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
