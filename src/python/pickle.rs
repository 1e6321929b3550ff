//! Pickling: every class reduces to `grdpsim._pickle.restore(cls, state)`, which calls
//! `cls._from_state(state)`. The state is the object's own figures (a scenario's or a model's
//! compact JSON snapshot, levels as numpy arrays, a report's fields), never a file to read
//! again, so a copy to a worker process costs what the figures weigh.
//!
//! One mechanism: a class says what its state is by implementing [`Pickle`] (or through
//! [`pickled_as_json!`] when the state is its serde JSON), and [`pickled!`] adds its
//! `__reduce__` and `_from_state` in a `#[pymethods]` block of their own (pyo3's
//! `multiple-pymethods`).

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyo3::{BoundObject, PyClass};

/// What a class pickles to and how it comes back.
pub trait Pickle: PyClass + Sized {
    /// The state `__reduce__` hands to `grdpsim._pickle.restore` with the class.
    fn state<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>>;

    /// The object rebuilt from [`Pickle::state`], checked as a new object is.
    fn from_state(state: &Bound<'_, PyAny>) -> PyResult<Self>;
}

/// Adds `__reduce__` and `_from_state` to classes that implement [`Pickle`].
macro_rules! pickled {
    ($($class:ty),+ $(,)?) => {$(
        #[::pyo3::pymethods]
        impl $class {
            /// `(grdpsim._pickle.restore, (type(self), state))`.
            fn __reduce__<'py>(
                slf: &::pyo3::Bound<'py, Self>,
            ) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::types::PyTuple>> {
                $crate::python::pickle::reduce(slf.as_any(), <Self as $crate::python::pickle::Pickle>::state(slf)?)
            }

            /// The object back from the state `__reduce__` gave.
            #[staticmethod]
            fn _from_state(
                state: &::pyo3::Bound<'_, ::pyo3::PyAny>,
            ) -> ::pyo3::PyResult<Self> {
                <Self as $crate::python::pickle::Pickle>::from_state(state)
            }
        }
    )+};
}
pub(crate) use pickled;

/// A class pickled as the JSON of itself (`pickled_as_json!(PyX)`) or of its only field
/// (`pickled_as_json!(inner of PyX)`), with its `__reduce__` and `_from_state`.
macro_rules! pickled_as_json {
    ($field:ident of $class:ty) => {
        impl $crate::python::pickle::Pickle for $class {
            fn state<'py>(
                slf: &::pyo3::Bound<'py, Self>,
            ) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::PyAny>> {
                $crate::python::pickle::json_state(slf.py(), &slf.get().$field)
            }

            fn from_state(state: &::pyo3::Bound<'_, ::pyo3::PyAny>) -> ::pyo3::PyResult<Self> {
                Ok(Self {
                    $field: $crate::python::pickle::from_json_state(state)?,
                })
            }
        }
        $crate::python::pickle::pickled!($class);
    };
    ($($class:ty),+ $(,)?) => {$(
        impl $crate::python::pickle::Pickle for $class {
            fn state<'py>(
                slf: &::pyo3::Bound<'py, Self>,
            ) -> ::pyo3::PyResult<::pyo3::Bound<'py, ::pyo3::PyAny>> {
                $crate::python::pickle::json_state(slf.py(), slf.get())
            }

            fn from_state(state: &::pyo3::Bound<'_, ::pyo3::PyAny>) -> ::pyo3::PyResult<Self> {
                $crate::python::pickle::from_json_state(state)
            }
        }
        $crate::python::pickle::pickled!($class);
    )+};
}
pub(crate) use pickled_as_json;

/// A state as JSON (reports whose fields are plain values).
pub fn to_json(value: &impl serde::Serialize) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| json_error(&e))
}

/// A value from the JSON of [`to_json`].
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> PyResult<T> {
    serde_json::from_str(text).map_err(|e| json_error(&e))
}

/// [`to_json`] as a Python `str`, the state of [`pickled_as_json!`] classes.
pub fn json_state<'py>(
    py: Python<'py>,
    value: &impl serde::Serialize,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(pyo3::types::PyString::new(py, &to_json(value)?).into_any())
}

/// [`from_json`] of a state that must be a `str`.
pub fn from_json_state<T: serde::de::DeserializeOwned>(state: &Bound<'_, PyAny>) -> PyResult<T> {
    from_json(&state.extract::<String>()?)
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
