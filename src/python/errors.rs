//! Maps [`GrdpsimError`] onto the exception classes defined in `grdpsim/errors.py`.
//!
//! The classes live in Python because they inherit from both `GrdpsimError` and a builtin
//! (`ValueError`, `OSError`), which `create_exception!` cannot express.

use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};

use crate::error::{ErrorKind, GrdpsimError};
use crate::lang::Lang;

/// The classes of `grdpsim.errors`, in the order of [`slot`].
const CLASS_NAMES: [&str; 10] = [
    "InvalidValueError",
    "UnknownSectorError",
    "PeriodError",
    "ZeroBaseError",
    "InconsistentDataError",
    "ParseError",
    "DataFileError",
    "InvalidArgumentError",
    "ImportRejectedError",
    "DatabaseError",
];

/// Looked up once, on the first error, not on every raise.
static CLASSES: PyOnceLock<Vec<Py<PyType>>> = PyOnceLock::new();

/// The slot of `kind` in [`CLASS_NAMES`]; None for an interrupted run, which is Python's own
/// `KeyboardInterrupt` (what Ctrl-C raises everywhere else).
fn slot(kind: ErrorKind) -> Option<usize> {
    Some(match kind {
        ErrorKind::InvalidValue => 0,
        ErrorKind::UnknownSector => 1,
        ErrorKind::Period => 2,
        ErrorKind::ZeroBase => 3,
        ErrorKind::InconsistentData => 4,
        ErrorKind::Parse => 5,
        ErrorKind::Io => 6,
        ErrorKind::InvalidArgument => 7,
        ErrorKind::ImportRejected => 8,
        ErrorKind::Database => 9,
        ErrorKind::Interrupted => return None,
    })
}

fn class(py: Python<'_>, kind: ErrorKind) -> PyResult<Bound<'_, PyType>> {
    let classes = CLASSES.get_or_try_init(py, || -> PyResult<Vec<Py<PyType>>> {
        let module = py.import("grdpsim.errors")?;
        CLASS_NAMES
            .iter()
            .map(|name| Ok(module.getattr(*name)?.cast_into::<PyType>()?.unbind()))
            .collect()
    })?;
    Ok(match slot(kind) {
        Some(i) => classes[i].bind(py).clone(),
        None => py.get_type::<PyKeyboardInterrupt>(),
    })
}

/// The session's language (`grdpsim.get_language()`, a context variable of the Python side);
/// English where it cannot be read.
fn session_lang(py: Python<'_>) -> Lang {
    py.import("grdpsim._lang")
        .and_then(|m| m.getattr("get_language")?.call0())
        .and_then(|l| l.extract::<String>())
        .ok()
        .and_then(|code| code.parse().ok())
        .unwrap_or(Lang::En)
}

fn to_py_err(py: Python<'_>, e: &GrdpsimError) -> PyErr {
    let (english, vietnamese) = (e.message(Lang::En), e.message(Lang::Vi));
    // `str(e)` is in the session's language when the error is raised; both are attributes.
    let message = match session_lang(py) {
        Lang::En => english.clone(),
        Lang::Vi => vietnamese.clone(),
    };
    let (sector, period, value) = e.subject();
    let made = class(py, e.kind())
        .and_then(|cls| cls.call1((message.clone(),)))
        .and_then(|obj| {
            obj.setattr("message_en", &english)?;
            obj.setattr("message_vi", &vietnamese)?;
            // The parts of the message a program needs, as attributes (None where absent).
            obj.setattr("kind", e.variant_name())?;
            obj.setattr("sector", sector)?;
            obj.setattr("period", period)?;
            obj.setattr("value", value)?;
            if let GrdpsimError::WorkbookCell {
                sheet, cell, value, ..
            } = e
            {
                // Where to look in the workbook, and what is there.
                obj.setattr("sheet", sheet)?;
                obj.setattr("cell", cell)?;
                obj.setattr("text", value)?;
            }
            match e {
                GrdpsimError::InvalidDate {
                    argument, value, ..
                } => {
                    // The argument at fault and what it was given.
                    obj.setattr("argument", argument)?;
                    obj.setattr("text", value)?;
                }
                GrdpsimError::MissingProgram { program, .. } => {
                    // The program looked for (`chromium`, or the path a variable named).
                    obj.setattr("program", program)?;
                }
                GrdpsimError::InvalidOwner { value, .. } => {
                    // The department or deadline as given.
                    obj.setattr("text", value)?;
                }
                GrdpsimError::NoSuchEntry {
                    project,
                    week_ending,
                    payment_source,
                }
                | GrdpsimError::TotalsDisagree {
                    project,
                    week_ending,
                    payment_source,
                    ..
                } => {
                    obj.setattr("project", project)?;
                    obj.setattr("week_ending", week_ending)?;
                    obj.setattr("source", payment_source)?;
                }
                GrdpsimError::NoDifference {
                    project,
                    week_ending,
                } => {
                    obj.setattr("project", project)?;
                    obj.setattr("week_ending", week_ending)?;
                }
                _ => {}
            }
            match e {
                // SQLite's reason (`busy`, `corrupt`, ...): a busy store can be tried again.
                GrdpsimError::Database { code, .. } => obj.setattr("code", code.as_str())?,
                // The operating system's error number, as every OSError carries it.
                GrdpsimError::Io {
                    cause: Some(cause), ..
                } => {
                    if let Some(errno) = cause.get_ref().raw_os_error() {
                        obj.setattr("errno", errno)?;
                    }
                }
                _ => {}
            }
            if let GrdpsimError::Workbook { part, .. } = e {
                // The zip part or sheet at fault (`xl/sharedStrings.xml`, `payments`).
                obj.setattr("part", part)?;
            }
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
                    d.set_item("reason_vi", p.reason_in(Lang::Vi))?;
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
        Python::attach(|py| to_py_err(py, &e))
    }
}
