//! The tracking web page (`grdpsim serve`): the server runs with the GIL released.

use std::path::PathBuf;

use pyo3::prelude::*;

use super::scenario::PyScenario;
use crate::disbursement::Tracker;
use crate::monitoring::WarningPolicy;
use crate::web::{self, Role, ServerOptions};

/// A demonstration account of the example store and its password.
#[pyclass(name = "DemoAccount", module = "grdpsim._core", frozen, get_all)]
#[derive(Clone)]
pub struct PyDemoAccount {
    pub name: String,
    pub role: String,
    pub investor: Option<String>,
    pub password: String,
}

#[pymethods]
impl PyDemoAccount {
    /// The fields, in order.
    #[classattr]
    #[allow(non_snake_case)]
    fn FIELDS() -> Vec<&'static str> {
        vec!["name", "role", "investor", "password"]
    }
}

/// Writes the synthetic Cao Bằng 2025 store with one demonstration account per role.
#[pyfunction]
fn web_demo_store(py: Python<'_>, db: PathBuf) -> PyResult<Vec<PyDemoAccount>> {
    let accounts = py.detach(|| web::write_demo_store(&db))?;
    Ok(accounts
        .into_iter()
        .map(|a| PyDemoAccount {
            name: a.name,
            role: a.role.as_str().to_owned(),
            investor: a.investor,
            password: a.password,
        })
        .collect())
}

/// Creates an account of the store at `db` or sets its role, investor and password.
#[pyfunction]
#[pyo3(signature = (db, name, role, password, investor=None, who="grdpsim"))]
fn web_set_account(
    py: Python<'_>,
    db: PathBuf,
    name: String,
    role: String,
    password: String,
    investor: Option<String>,
    who: &str,
) -> PyResult<()> {
    py.detach(|| -> crate::Result<()> {
        let role = Role::parse(&role)?;
        let mut t = Tracker::open(&db)?;
        web::set_account(&mut t, &name, role, investor.as_deref(), &password, who)?;
        Ok(())
    })?;
    Ok(())
}

/// Serves the store at `db` until Ctrl-C or SIGTERM (the GIL is released meanwhile); with
/// `example`, the digest page's headline uses the Cao Bằng example's scenario and policy.
/// `scenario` and `policy_toml` (over the shipped policy) head the digest page of a province's
/// own store, and take precedence over the example's.
#[pyfunction]
#[pyo3(signature = (db, host="127.0.0.1", port=8000, secure_cookies=false, example=false, scenario=None, policy_toml=None))]
#[allow(clippy::too_many_arguments)]
fn serve(
    py: Python<'_>,
    db: PathBuf,
    host: &str,
    port: u16,
    secure_cookies: bool,
    example: bool,
    scenario: Option<PyRef<'_, PyScenario>>,
    policy_toml: Option<&str>,
) -> PyResult<()> {
    let scenario = scenario.map(|s| s.inner.clone());
    let policy = policy_toml.map(WarningPolicy::from_toml_str).transpose()?;
    py.detach(|| {
        let mut options = ServerOptions {
            secure_cookies,
            ..ServerOptions::default()
        };
        if example {
            options = options.with_cao_bang_example()?;
        }
        if scenario.is_some() {
            options.scenario = scenario;
        }
        if let Some(policy) = policy {
            options.policy = policy;
        }
        web::serve(&db, host, port, options, |addr| {
            use std::io::Write;
            println!("grdpsim serve: http://{addr}/ (Ctrl-C stops)");
            let _ = std::io::stdout().flush();
        })
    })?;
    Ok(())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDemoAccount>()?;
    m.add_function(wrap_pyfunction!(web_demo_store, m)?)?;
    m.add_function(wrap_pyfunction!(web_set_account, m)?)?;
    m.add_function(wrap_pyfunction!(serve, m)?)
}
