//! Pickling: every class reduces to `grdpsim._pickle.restore(cls, state)`, which calls
//! `cls._from_state(state)`. The state is the object's own figures (a scenario's or a model's
//! compact JSON snapshot, levels as numpy arrays, a report's fields), never a file to read
//! again, so a copy to a worker process costs what the figures weigh.

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyo3::BoundObject;

/// A state as JSON (reports whose fields are plain values).
pub fn to_json(value: &impl serde::Serialize) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| json_error(&e))
}

/// A value from the JSON of [`to_json`].
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> PyResult<T> {
    serde_json::from_str(text).map_err(|e| json_error(&e))
}

fn json_error(e: &serde_json::Error) -> PyErr {
    crate::GrdpsimError::Parse {
        source_name: "pickled state".into(),
        line: e.line(),
        message: e.to_string(),
    }
    .into()
}

/// `(restore, (type(obj), state))` for `__reduce__`.
pub fn reduce<'py>(
    obj: &Bound<'py, PyAny>,
    state: impl IntoPyObject<'py>,
) -> PyResult<Bound<'py, PyTuple>> {
    let py = obj.py();
    let restore = py.import("grdpsim._pickle")?.getattr("restore")?;
    let state = state
        .into_pyobject(py)
        .map_err(Into::into)?
        .into_any()
        .into_bound();
    PyTuple::new(
        py,
        [
            restore,
            PyTuple::new(py, [obj.get_type().into_any(), state])?.into_any(),
        ],
    )
}
