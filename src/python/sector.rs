//! `SectorTree` for Python.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::pickle::{pickled, Pickle};

use crate::sector::{SectorSpec, SectorTree};

#[pyclass(name = "SectorTree", module = "grdpsim._core", frozen)]
#[derive(Clone)]
pub struct PySectorTree {
    pub inner: SectorTree,
}

/// State: the specs, a list of dicts in pre-order.
impl Pickle for PySectorTree {
    fn state<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let specs = slf.get().specs(slf.py())?;
        Ok(PyList::new(slf.py(), specs)?.into_any())
    }

    fn from_state(state: &Bound<'_, PyAny>) -> PyResult<Self> {
        Self::from_specs(state.extract()?)
    }
}
pickled!(PySectorTree);

#[pymethods]
impl PySectorTree {
    /// The national feed's tree (sections A01..T, TAX; groups A, BTE, BTF, GTT; root GDP).
    #[staticmethod]
    fn national() -> Self {
        Self {
            inner: SectorTree::national(),
        }
    }

    /// The provincial broad tree (NLTS, CNXD, DV, TSP; root GRDP).
    #[staticmethod]
    fn provincial() -> Self {
        Self {
            inner: SectorTree::provincial(),
        }
    }

    /// The provincial tree with CNXD split into CN (industry) and XD (construction).
    #[staticmethod]
    fn provincial_detailed() -> Self {
        Self {
            inner: SectorTree::provincial_detailed(),
        }
    }

    /// A custom tree from specs: dicts with `code`, `parent`, and optionally `name_vi`, `name_en`,
    /// `aliases`, `net_taxes`.
    #[staticmethod]
    #[pyo3(signature = (specs))]
    fn from_specs(specs: Vec<Bound<'_, PyDict>>) -> PyResult<Self> {
        let specs = specs
            .iter()
            .map(|d| {
                let get = |k: &str| -> PyResult<Option<Bound<'_, PyAny>>> { d.get_item(k) };
                let text = |k: &str| -> PyResult<String> {
                    Ok(match get(k)? {
                        Some(v) if !v.is_none() => v.extract()?,
                        _ => String::new(),
                    })
                };
                let code = text("code")?;
                let parent = text("parent")?;
                Ok(SectorSpec {
                    code,
                    parent: (!parent.is_empty()).then_some(parent),
                    name_vi: text("name_vi")?,
                    name_en: text("name_en")?,
                    aliases: match get("aliases")? {
                        Some(v) if !v.is_none() => v.extract()?,
                        _ => Vec::new(),
                    },
                    net_taxes: match get("net_taxes")? {
                        Some(v) if !v.is_none() => v.extract()?,
                        _ => false,
                    },
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        Ok(Self {
            inner: SectorTree::from_specs(&specs)?,
        })
    }

    /// A custom tree from a CSV file (columns `code`, `parent`, optionally `name_vi`,
    /// `name_en`, `aliases` separated by `;`, `net_taxes`).
    #[staticmethod]
    fn from_csv(path: std::path::PathBuf) -> PyResult<Self> {
        Ok(Self {
            inner: SectorTree::from_csv_file(&path)?,
        })
    }

    /// Specs that rebuild the tree: a list of dicts in pre-order.
    fn specs<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner
            .specs()
            .into_iter()
            .map(|s| {
                let d = PyDict::new(py);
                d.set_item("code", s.code)?;
                d.set_item("parent", s.parent)?;
                d.set_item("name_vi", s.name_vi)?;
                d.set_item("name_en", s.name_en)?;
                d.set_item("aliases", s.aliases)?;
                d.set_item("net_taxes", s.net_taxes)?;
                Ok(d)
            })
            .collect()
    }

    /// Every code, in pre-order (the root first).
    #[getter]
    fn codes(&self) -> Vec<String> {
        self.inner.nodes().iter().map(|n| n.code.clone()).collect()
    }

    /// Leaf codes, in pre-order.
    #[getter]
    fn leaves(&self) -> Vec<String> {
        self.inner
            .leaves()
            .map(|i| self.inner.code(i).to_owned())
            .collect()
    }

    #[getter]
    fn root(&self) -> String {
        self.inner.code(self.inner.root()).to_owned()
    }

    /// The canonical code for a code or alias.
    fn canonical(&self, code: &str) -> PyResult<String> {
        Ok(self.inner.code(self.inner.index(code)?).to_owned())
    }

    fn parent(&self, code: &str) -> PyResult<Option<String>> {
        let i = self.inner.index(code)?;
        Ok(self
            .inner
            .node(i)
            .parent
            .map(|p| self.inner.code(p).to_owned()))
    }

    fn children(&self, code: &str) -> PyResult<Vec<String>> {
        let i = self.inner.index(code)?;
        Ok(self
            .inner
            .node(i)
            .children
            .iter()
            .map(|&c| self.inner.code(c).to_owned())
            .collect())
    }

    /// (Vietnamese name, English name).
    fn names(&self, code: &str) -> PyResult<(String, String)> {
        let n = self.inner.node(self.inner.index(code)?);
        Ok((n.name_vi.clone(), n.name_en.clone()))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __contains__(&self, code: &str) -> bool {
        self.inner.find(code).is_some()
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.inner == other.inner
    }

    fn __repr__(&self) -> String {
        format!(
            "SectorTree(root={:?}, sectors={})",
            self.root(),
            self.inner.len()
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySectorTree>()
}
