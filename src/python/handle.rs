//! A core object that Python threads share: the tracker and the monitor hold their store
//! behind one [`Handle`], locked for each call and worked on without the GIL.

use std::sync::{Mutex, MutexGuard, PoisonError};

use pyo3::prelude::*;

/// `T` behind a mutex, for a `frozen` class that Python threads call at once.
pub struct Handle<T>(Mutex<T>);

impl<T: Send> Handle<T> {
    pub fn new(value: T) -> Self {
        Self(Mutex::new(value))
    }

    /// The value, locked. A poisoned lock only follows a panic inside a call, which the core
    /// does not do on user data: the value is recovered rather than an error raised.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the locked value without the GIL (`&mut`, for `Send`: a store's connection
    /// is not `Sync`).
    pub fn detach<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut T) -> crate::Result<R> + Send,
    ) -> PyResult<R> {
        let mut guard = self.lock();
        let value: &mut T = &mut guard;
        Ok(py.detach(move || f(value))?)
    }
}

/// Adds what every class over a [`Handle`] of a store's view offers Python (`create`, `open`,
/// `year`, `province`, `label`: the file) to `$class`, whose `new` wraps a `$view` and whose
/// `lock` reads it, in a `#[pymethods]` block of their own.
macro_rules! store_view_methods {
    ($class:ty, $view:ty) => {
        #[::pyo3::pymethods]
        impl $class {
            #[staticmethod]
            fn create(
                db: ::std::path::PathBuf,
                province: &str,
                year: i32,
            ) -> ::pyo3::PyResult<Self> {
                Ok(Self::new(<$view>::create(db, province, year)?))
            }

            #[staticmethod]
            fn open(db: ::std::path::PathBuf) -> ::pyo3::PyResult<Self> {
                Ok(Self::new(<$view>::open(db)?))
            }

            #[getter]
            fn year(&self) -> i32 {
                self.lock().year()
            }

            #[getter]
            fn province(&self) -> String {
                self.lock().province().to_owned()
            }

            #[getter]
            fn label(&self) -> String {
                self.lock().store().label().to_owned()
            }
        }
    };
}
pub(crate) use store_view_methods;
