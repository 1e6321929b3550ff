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
    pub department: Option<String>,
    pub password: String,
}

#[pymethods]
impl PyDemoAccount {
    /// The fields, in order.
    #[classattr]
    #[allow(non_snake_case)]
    fn FIELDS() -> Vec<&'static str> {
        vec!["name", "role", "investor", "department", "password"]
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
            department: a.department,
            password: a.password,
        })
        .collect())
}

/// Creates an account of the store at `db` or sets its role, investor or department and
/// password (an investor account names its investor, a department account its department).
#[pyfunction]
#[pyo3(signature = (db, name, role, password, investor=None, who="grdpsim", department=None))]
#[allow(clippy::too_many_arguments)]
fn web_set_account(
    py: Python<'_>,
    db: PathBuf,
    name: String,
    role: String,
    password: String,
    investor: Option<String>,
    who: &str,
    department: Option<String>,
) -> PyResult<()> {
    py.detach(|| -> crate::Result<()> {
        let role = Role::parse(&role)?;
        let mut t = Tracker::open(&db)?;
        // The binding the role takes; for another role, whichever was given (refused).
        let binding = match role {
            Role::Department => department.or(investor),
            _ => investor.or(department),
        };
        web::set_account(&mut t, &name, role, binding.as_deref(), &password, who)?;
        Ok(())
    })?;
    Ok(())
}

/// The connection limits of `serve`, each `None` for the default: timeouts in seconds.
#[derive(Debug, Clone, Copy)]
struct Limits {
    header_read_timeout: Option<f64>,
    body_read_timeout: Option<f64>,
    idle_timeout: Option<f64>,
    max_connections: Option<usize>,
    max_connections_per_address: Option<usize>,
    read_connections: Option<usize>,
}

impl Limits {
    /// `options` with these limits set, each checked (the error names the option and value).
    fn apply(self, mut options: ServerOptions) -> crate::Result<ServerOptions> {
        let seconds = |name: &str, s: Option<f64>, default| {
            s.map_or(Ok(default), |s| web::timeout_from_secs(name, s))
        };
        options.header_read_timeout = seconds(
            "header_read_timeout",
            self.header_read_timeout,
            options.header_read_timeout,
        )?;
        options.body_read_timeout = seconds(
            "body_read_timeout",
            self.body_read_timeout,
            options.body_read_timeout,
        )?;
        options.idle_timeout = seconds("idle_timeout", self.idle_timeout, options.idle_timeout)?;
        options.max_connections = self.max_connections.unwrap_or(options.max_connections);
        options.max_connections_per_address = self
            .max_connections_per_address
            .unwrap_or(options.max_connections_per_address);
        options.read_connections = self.read_connections.unwrap_or(options.read_connections);
        Ok(options)
    }
}

/// Serves the store at `db` until Ctrl-C or SIGTERM (the GIL is released meanwhile); with
/// `example`, the digest page's headline uses the Cao Bằng example's scenario and policy.
/// `scenario` and `policy_toml` (over the shipped policy) head the digest page of a province's
/// own store, and take precedence over the example's. The connection limits (timeouts in
/// seconds, caps) and the count of read-only connections (0: every request through the
/// writer) default to the core's; each is checked before anything is served.
#[pyfunction]
#[pyo3(signature = (db, host="127.0.0.1", port=8000, secure_cookies=false, example=false, scenario=None, policy_toml=None, header_read_timeout=None, body_read_timeout=None, idle_timeout=None, max_connections=None, max_connections_per_address=None, read_connections=None))]
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
    header_read_timeout: Option<f64>,
    body_read_timeout: Option<f64>,
    idle_timeout: Option<f64>,
    max_connections: Option<usize>,
    max_connections_per_address: Option<usize>,
    read_connections: Option<usize>,
) -> PyResult<()> {
    let scenario = scenario.map(|s| s.inner.clone());
    let policy = policy_toml.map(WarningPolicy::from_toml_str).transpose()?;
    let limits = Limits {
        header_read_timeout,
        body_read_timeout,
        idle_timeout,
        max_connections,
        max_connections_per_address,
        read_connections,
    };
    py.detach(|| {
        let mut options = limits.apply(ServerOptions {
            secure_cookies,
            ..ServerOptions::default()
        })?;
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
