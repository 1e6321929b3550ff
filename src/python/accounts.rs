//! `Accounts` for Python: loaders, growth, contributions, structure, levels as numpy.

use std::path::PathBuf;

use numpy::{IntoPyArray, PyArray2, PyReadonlyArray1, PyReadonlyArray2, ToPyArray};
use pyo3::prelude::*;
use pyo3::BoundObject;

use crate::accounts::{Accounts, PriceBasis};
use crate::contributions::Convention;

use super::reports::PyContributions;
use crate::io;
use crate::period::{Period, Quarter};

use super::pickle::{pickled, Pickle};
use super::sector::PySectorTree;

#[pyclass(name = "Accounts", module = "grdpsim._core", frozen)]
#[derive(Clone)]
pub struct PyAccounts {
    pub inner: Accounts,
}

/// State: the tree, the first quarter and the leaves' levels (aggregates are their sums, so the
/// copy has the same bits).
impl Pickle for PyAccounts {
    fn state<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let acc = &slf.get().inner;
        let leaves: Vec<usize> = acc.tree().leaves().collect();
        let rows = |basis: PriceBasis| {
            acc.matrix(basis)
                .ok()
                .map(|m| m.select(ndarray::Axis(0), &leaves).into_pyarray(py))
        };
        let state = (
            slf.get().tree(),
            acc.start().to_string(),
            rows(PriceBasis::Constant),
            rows(PriceBasis::Current),
        );
        state.into_pyobject(py).map(BoundObject::into_any)
    }

    fn from_state(state: &Bound<'_, PyAny>) -> PyResult<Self> {
        let (tree, start, constant, current): (
            PyRef<'_, PySectorTree>,
            String,
            PyReadonlyArray2<'_, f64>,
            Option<PyReadonlyArray2<'_, f64>>,
        ) = state.extract()?;
        Self::from_leaf_levels(state.py(), &tree, &start, constant, current)
    }
}
pickled!(PyAccounts);

fn tree_of(tree: Option<&PySectorTree>) -> Option<crate::SectorTree> {
    tree.map(|t| t.inner.clone())
}

pub(crate) fn period(text: &str) -> PyResult<Period> {
    Ok(text.parse::<Period>()?)
}

#[pymethods]
impl PyAccounts {
    #[staticmethod]
    #[pyo3(signature = (path, tree=None))]
    fn from_csv(py: Python<'_>, path: PathBuf, tree: Option<&PySectorTree>) -> PyResult<Self> {
        let tree = tree_of(tree);
        let inner = py.detach(|| Accounts::from_csv(&path, tree))?;
        Ok(Self { inner })
    }

    #[staticmethod]
    #[pyo3(signature = (path, tree=None))]
    fn from_sdmx(py: Python<'_>, path: PathBuf, tree: Option<&PySectorTree>) -> PyResult<Self> {
        let tree = tree_of(tree);
        let inner = py.detach(|| Accounts::from_sdmx(&path, tree))?;
        Ok(Self { inner })
    }

    /// Accounts from parallel columns of the long format.
    #[staticmethod]
    #[pyo3(signature = (periods, sectors, price_bases, values, tree=None, source="DataFrame"))]
    fn from_columns(
        py: Python<'_>,
        periods: Vec<String>,
        sectors: Vec<String>,
        price_bases: Vec<String>,
        values: PyReadonlyArray1<'_, f64>,
        tree: Option<&PySectorTree>,
        source: &str,
    ) -> PyResult<Self> {
        let tree = tree_of(tree);
        let values = values.as_array();
        // A long frame is parsed and checked row by row: let other threads run meanwhile.
        let inner = py.detach(|| {
            let values = values.to_vec();
            let records =
                io::records_from_columns(source, &periods, &sectors, &price_bases, &values)?;
            Accounts::from_records(&records, tree)
        })?;
        Ok(Self { inner })
    }

    /// Accounts from leaf levels (leaves of `tree` in order × quarters from `start`).
    #[staticmethod]
    #[pyo3(signature = (tree, start, constant, current=None))]
    fn from_leaf_levels(
        py: Python<'_>,
        tree: &PySectorTree,
        start: &str,
        constant: PyReadonlyArray2<'_, f64>,
        current: Option<PyReadonlyArray2<'_, f64>>,
    ) -> PyResult<Self> {
        let start: Quarter = start.parse()?;
        let tree = tree.inner.clone();
        let (constant, current) = (
            constant.as_array(),
            current.as_ref().map(PyReadonlyArray2::as_array),
        );
        let inner = py.detach(|| Accounts::from_leaf_levels(tree, start, constant, current))?;
        Ok(Self { inner })
    }

    #[getter]
    fn tree(&self) -> PySectorTree {
        PySectorTree {
            inner: self.inner.tree().clone(),
        }
    }

    /// Every node's code, in the row order of `matrix` (pre-order, the root first).
    #[getter]
    fn codes(&self) -> Vec<String> {
        self.inner
            .tree()
            .nodes()
            .iter()
            .map(|n| n.code.clone())
            .collect()
    }

    /// Quarter labels (`2024Q3`), in the column order of `matrix`.
    #[getter]
    fn quarters(&self) -> Vec<String> {
        self.inner.quarters().map(|q| q.to_string()).collect()
    }

    #[getter]
    fn has_current_prices(&self) -> bool {
        self.inner.has_current_prices()
    }

    /// Levels of every node × quarter at a price basis.
    #[pyo3(signature = (basis="constant"))]
    fn matrix<'py>(&self, py: Python<'py>, basis: &str) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let basis = PriceBasis::parse(basis)?;
        Ok(self.inner.matrix(basis)?.to_pyarray(py))
    }

    #[pyo3(signature = (sector, period, basis="constant"))]
    fn level(&self, sector: &str, period: &str, basis: &str) -> PyResult<f64> {
        Ok(self
            .inner
            .level(self::period(period)?, sector, PriceBasis::parse(basis)?)?)
    }

    fn growth(&self, sector: &str, period: &str) -> PyResult<f64> {
        Ok(self.inner.growth(self::period(period)?, sector)?)
    }

    /// Contributions over a period: the total and the sectors.
    #[pyo3(signature = (period, convention, sectors=None))]
    fn contributions(
        &self,
        period: &str,
        convention: &str,
        sectors: Option<Vec<String>>,
    ) -> PyResult<PyContributions> {
        let p = self::period(period)?;
        let conv: Convention = convention.parse()?;
        let c = match sectors {
            None => self.inner.contributions(p, conv)?,
            Some(s) => {
                let names: Vec<&str> = s.iter().map(String::as_str).collect();
                self.inner.contributions_for(p, &names, conv)?
            }
        };
        Ok(PyContributions::from(&c))
    }

    /// Structure at current prices: (codes, levels, shares in percent).
    fn structure(&self, period: &str) -> PyResult<(Vec<String>, Vec<f64>, Vec<f64>)> {
        let rows = self.inner.structure(self::period(period)?)?;
        Ok((
            rows.iter().map(|r| r.sector.clone()).collect(),
            rows.iter().map(|r| r.level).collect(),
            rows.iter().map(|r| r.share_pct).collect(),
        ))
    }

    fn __repr__(&self) -> String {
        format!(
            "Accounts(root={:?}, sectors={}, quarters={}..{}, current_prices={})",
            self.inner.tree().code(0),
            self.inner.tree().len(),
            self.inner.start(),
            self.inner.end(),
            self.inner.has_current_prices()
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAccounts>()
}
