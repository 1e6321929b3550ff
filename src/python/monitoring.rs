//! Monitoring for Python: a thin `Monitor` (indicators, pace, tasks, early warnings) on the
//! province's store; views come back as columns through the disbursement bindings' one helper
//! ([`super::disbursement::columns`]); `grdpsim/monitoring.py` makes the `DataFrame`s.

use std::sync::MutexGuard;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use numpy::{IntoPyArray, PyArray1};

use super::disaggregation::{PyDisaggregationOptions, PyNowcast};
use super::disbursement::{columns, float, text, Col, PyImportReport};
use super::handle::{store_view_methods, Handle};
use super::scenario::PyScenario;
use crate::lang::Lang;
use crate::monitoring::{
    Context, DerivedTarget, Digest, DigestFormat, Finding, Monitor, Pace, Quantity, SectorNowcast,
    Task, TaskInstance, TaskStatus, WarningPolicy, DEFAULT_POLICY_TOML,
};

#[pyclass(name = "Monitor", module = "grdpsim._core", frozen)]
pub struct PyMonitor {
    inner: Handle<Monitor>,
}

impl PyMonitor {
    fn new(m: Monitor) -> Self {
        Self {
            inner: Handle::new(m),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Monitor> {
        self.inner.lock()
    }
}

fn pace_cols(rows: &[Pace]) -> Vec<(&'static str, Col)> {
    let opt = |f: fn(&Pace) -> Option<f64>| float(rows, move |p| f(p).unwrap_or(f64::NAN));
    vec![
        ("indicator", text(rows, |p| p.indicator.code.clone())),
        ("name_vi", text(rows, |p| p.indicator.name_vi.clone())),
        ("name_en", text(rows, |p| p.indicator.name_en.clone())),
        ("unit", text(rows, |p| p.indicator.unit.clone())),
        ("department", text(rows, |p| p.indicator.department.clone())),
        ("sector", text(rows, |p| p.indicator.sector.clone())),
        ("kind", text(rows, |p| p.indicator.kind.as_str().to_owned())),
        ("period", text(rows, |p| p.period.clone())),
        (
            "months_elapsed",
            Col::Int(rows.iter().map(|p| i64::from(p.months_elapsed)).collect()),
        ),
        ("basis", text(rows, |p| p.basis.clone())),
        ("target", float(rows, |p| p.target)),
        ("to_date", opt(|p| p.to_date)),
        ("reached_pct", opt(|p| p.reached_pct)),
        ("expected_pct", float(rows, |p| p.expected_pct)),
        ("profile", text(rows, |p| p.profile.as_str().to_owned())),
        ("pace_ratio", opt(|p| p.pace_ratio)),
        ("needed_rest", opt(|p| p.needed_rest)),
        ("plan_target", opt(|p| p.plan_target)),
        ("plan_reached_pct", opt(|p| p.plan_reached_pct)),
        ("scenario_target", opt(|p| p.scenario_target)),
        ("scenario_reached_pct", opt(|p| p.scenario_reached_pct)),
        (
            "reported",
            Col::Bool(rows.iter().map(|p| p.reported).collect()),
        ),
    ]
}

fn task_cols(rows: &[Task]) -> Vec<(&'static str, Col)> {
    let quantity =
        |f: fn(&Quantity) -> f64| float(rows, move |t| t.quantity.as_ref().map_or(f64::NAN, f));
    vec![
        ("task", text(rows, |t| t.code.clone())),
        ("section", text(rows, |t| t.section.clone())),
        ("title", text(rows, |t| t.title.clone())),
        ("department", text(rows, |t| t.department.clone())),
        ("person", text(rows, |t| t.person.clone())),
        (
            "deadline_kind",
            text(rows, |t| t.deadline.kind().to_owned()),
        ),
        ("deadline", text(rows, |t| t.deadline.date().to_string())),
        ("deadline_text", text(rows, |t| t.deadline.text())),
        ("linked", text(rows, |t| t.linked.clone())),
        ("status", text(rows, |t| t.status.as_str().to_owned())),
        ("progress", text(rows, |t| t.progress.clone())),
        ("done", quantity(|q| q.done)),
        ("total", quantity(|q| q.total)),
        (
            "unit",
            text(rows, |t| {
                t.quantity
                    .as_ref()
                    .map(|q| q.unit.clone())
                    .unwrap_or_default()
            }),
        ),
        ("result", text(rows, |t| t.result.clone())),
        (
            "done_on",
            Col::OptText(
                rows.iter()
                    .map(|t| t.done_on.map(|d| d.to_string()))
                    .collect(),
            ),
        ),
    ]
}

fn derived_cols(rows: &[DerivedTarget]) -> Vec<(&'static str, Col)> {
    let nan = |f: fn(&DerivedTarget) -> Option<f64>| float(rows, move |d| f(d).unwrap_or(f64::NAN));
    let flag = |lang: Lang| Col::OptText(rows.iter().map(|d| d.shortfall_text(lang)).collect());
    vec![
        ("indicator", text(rows, |d| d.indicator.clone())),
        ("name_vi", text(rows, |d| d.name_vi.clone())),
        ("name_en", text(rows, |d| d.name_en.clone())),
        ("unit", text(rows, |d| d.unit.clone())),
        ("department", text(rows, |d| d.department.clone())),
        ("sector", text(rows, |d| d.sector.clone())),
        ("period", text(rows, |d| d.period.clone())),
        (
            "conversion",
            text(rows, |d| d.conversion.as_str().to_owned()),
        ),
        ("source", text(rows, |d| d.source.clone())),
        (
            "assigned_growth_pct",
            float(rows, |d| d.assigned_growth_pct),
        ),
        ("basis_value", float(rows, |d| d.basis_value)),
        ("derived", float(rows, |d| d.derived)),
        ("plan", nan(|d| d.plan)),
        ("plan_growth_pct", nan(|d| d.plan_growth_pct)),
        (
            "plan_falls_short",
            Col::Bool(rows.iter().map(DerivedTarget::plan_falls_short).collect()),
        ),
        ("derivation_en", text(rows, |d| d.derivation_text(Lang::En))),
        ("derivation_vi", text(rows, |d| d.derivation_text(Lang::Vi))),
        ("flag_en", flag(Lang::En)),
        ("flag_vi", flag(Lang::Vi)),
    ]
}

fn instance_cols(rows: &[TaskInstance]) -> Vec<(&'static str, Col)> {
    vec![
        ("task", text(rows, |i| i.task.clone())),
        ("due", text(rows, |i| i.due.to_string())),
        ("status", text(rows, |i| i.status.as_str().to_owned())),
        (
            "done_on",
            Col::OptText(
                rows.iter()
                    .map(|i| i.done_on.map(|d| d.to_string()))
                    .collect(),
            ),
        ),
        ("report", text(rows, |i| i.report.clone())),
    ]
}

fn finding_cols(rows: &[&Finding]) -> Vec<(&'static str, Col)> {
    vec![
        ("severity", text(rows, |f| f.severity.as_str().to_owned())),
        ("history", text(rows, |f| f.history.as_str().to_owned())),
        ("rule", text(rows, |f| f.rule.as_str().to_owned())),
        ("subject", text(rows, |f| f.subject.clone())),
        ("responsible", text(rows, |f| f.responsible.clone())),
        ("figure", float(rows, |f| f.figure)),
        ("threshold", float(rows, |f| f.threshold)),
        ("message_en", text(rows, |f| f.message(Lang::En))),
        ("message_vi", text(rows, |f| f.message(Lang::Vi))),
        ("found_in", text(rows, |f| f.found_in.clone())),
        (
            "reason_en",
            Col::OptText(
                rows.iter()
                    .map(|f| f.reason.as_ref().map(|r| r.text(Lang::En)))
                    .collect(),
            ),
        ),
        (
            "reason_vi",
            Col::OptText(
                rows.iter()
                    .map(|f| f.reason.as_ref().map(|r| r.text(Lang::Vi)))
                    .collect(),
            ),
        ),
        (
            "estimated",
            Col::Bool(rows.iter().map(|f| f.estimated).collect()),
        ),
    ]
}

/// The monthly digest: headline figures as attributes, findings as columns, rendered texts.
#[pyclass(name = "Digest", module = "grdpsim._core", frozen)]
pub struct PyDigest {
    #[pyo3(get)]
    province: String,
    #[pyo3(get)]
    month: String,
    #[pyo3(get)]
    as_of: String,
    #[pyo3(get)]
    gap_period: Option<String>,
    #[pyo3(get)]
    grdp_actual_pct: Option<f64>,
    #[pyo3(get)]
    official_gap_pp: Option<f64>,
    #[pyo3(get)]
    target_pct: Option<f64>,
    #[pyo3(get)]
    required_pct: Option<f64>,
    #[pyo3(get)]
    remaining: Option<String>,
    #[pyo3(get)]
    p_reach: Option<f64>,
    /// The model of `p_reach`, in English and in Vietnamese.
    #[pyo3(get)]
    p_model: Option<(String, String)>,
    #[pyo3(get)]
    disbursement_rate_pct: Option<f64>,
    /// Whether `as_of` is the default, the month's report deadline.
    #[pyo3(get)]
    as_of_default: bool,
    /// How many findings of the month before could not be evaluated this month.
    #[pyo3(get)]
    not_evaluated: usize,
    #[pyo3(get)]
    notes_en: Vec<String>,
    #[pyo3(get)]
    notes_vi: Vec<String>,
    inner: Digest,
}

#[pymethods]
impl PyDigest {
    /// The findings, most serious first (`resolved=True`: last month's, now resolved).
    #[pyo3(signature = (resolved))]
    fn findings<'py>(&self, py: Python<'py>, resolved: bool) -> PyResult<Bound<'py, PyDict>> {
        let rows: Vec<&Finding> = if resolved {
            self.inner.resolved.iter().collect()
        } else {
            self.inner.findings().collect()
        };
        columns(py, finding_cols(&rows))
    }

    /// The digest as `text`, `md` or `html`, in `en` or `vi`: every finding, or at most
    /// `top` per group (saying how many are left out).
    #[pyo3(signature = (lang, format, top))]
    fn render(&self, lang: &str, format: &str, top: Option<usize>) -> PyResult<String> {
        let lang: Lang = lang.parse()?;
        Ok(self
            .inner
            .render_top(lang, DigestFormat::parse(format)?, top))
    }

    /// Writes the digest as `text`, `md` or `html`, in `en` or `vi`, atomically.
    #[pyo3(signature = (lang, format, path, top))]
    fn write(
        &self,
        py: Python<'_>,
        lang: &str,
        format: &str,
        path: std::path::PathBuf,
        top: Option<usize>,
    ) -> PyResult<()> {
        let lang: Lang = lang.parse()?;
        let format = DigestFormat::parse(format)?;
        let doc = self.inner.to_document_top(lang, top);
        py.detach(|| doc.write(&path, format))?;
        Ok(())
    }

    /// Writes the digest as an Excel workbook (with a sheet of every finding), in `en` or `vi`.
    #[pyo3(signature = (lang, path, top))]
    fn write_xlsx(
        &self,
        py: Python<'_>,
        lang: &str,
        path: std::path::PathBuf,
        top: Option<usize>,
    ) -> PyResult<()> {
        let lang: Lang = lang.parse()?;
        let d = &self.inner;
        Ok(py.detach(move || d.write_xlsx_top(lang, path, top))?)
    }

    fn __repr__(&self) -> String {
        format!(
            "Digest({} {}: {} finding(s))",
            self.province,
            self.month,
            self.inner.findings().count()
        )
    }
}

impl From<Digest> for PyDigest {
    fn from(d: Digest) -> Self {
        let h = d.headline.clone();
        Self {
            province: d.province.clone(),
            month: d.month.clone(),
            as_of: d.as_of.to_string(),
            gap_period: h.gap_period,
            grdp_actual_pct: h.grdp_actual_pct,
            official_gap_pp: h.official_gap_pp,
            target_pct: h.target_pct,
            required_pct: h.required_pct,
            remaining: h.remaining,
            p_reach: h.p_reach,
            p_model: h
                .p_model
                .as_ref()
                .map(|m| (m.text(Lang::En).to_owned(), m.text(Lang::Vi).to_owned())),
            disbursement_rate_pct: h.disbursement_rate_pct,
            as_of_default: d.as_of_default,
            not_evaluated: d.not_evaluated(),
            notes_en: d.notes.iter().map(|n| n.text(Lang::En)).collect(),
            notes_vi: d.notes.iter().map(|n| n.text(Lang::Vi)).collect(),
            inner: d,
        }
    }
}

/// A sector's quarter nowcast from a monthly indicator (see `Monitor.nowcast`).
#[pyclass(name = "SectorNowcast", module = "grdpsim._core", frozen)]
pub struct PySectorNowcast {
    inner: SectorNowcast,
    nowcast: Py<PyNowcast>,
}

#[pymethods]
impl PySectorNowcast {
    #[getter]
    fn indicator(&self) -> &str {
        &self.inner.indicator.code
    }
    /// The indicator's name, English and Vietnamese.
    #[getter]
    fn indicator_name(&self) -> (&str, &str) {
        (&self.inner.indicator.name_en, &self.inner.indicator.name_vi)
    }
    #[getter]
    fn department(&self) -> &str {
        &self.inner.indicator.department
    }
    #[getter]
    fn sector(&self) -> &str {
        &self.inner.sector
    }
    #[getter]
    fn period(&self) -> &str {
        &self.inner.period
    }
    #[getter]
    fn year(&self) -> i32 {
        self.inner.year
    }
    #[getter]
    fn quarters(&self) -> (String, String) {
        self.inner.quarters.clone()
    }
    #[getter]
    fn months(&self) -> (String, String) {
        self.inner.months.clone()
    }
    #[getter]
    fn months_beyond(&self) -> Vec<String> {
        self.inner.months_beyond.clone()
    }
    #[getter]
    fn estimated(&self) -> Vec<String> {
        self.inner.estimated.clone()
    }
    #[getter]
    fn provisional(&self) -> Vec<String> {
        self.inner.provisional.clone()
    }
    #[getter]
    fn quarterly<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.quarterly.clone().into_pyarray(py)
    }
    #[getter]
    fn monthly<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.monthly.clone().into_pyarray(py)
    }
    #[getter]
    fn nowcast(&self, py: Python<'_>) -> Py<PyNowcast> {
        self.nowcast.clone_ref(py)
    }
    fn note(&self, lang: &str) -> PyResult<String> {
        Ok(self.inner.note(lang.parse::<Lang>()?))
    }
    /// The scenario with the nowcast as the sector's provisional actual of the quarter.
    fn apply(&self, scenario: PyRef<'_, PyScenario>) -> PyResult<PyScenario> {
        Ok(PyScenario {
            inner: self.inner.apply(&scenario.inner)?,
        })
    }
    fn __repr__(&self) -> String {
        let n = &self.inner.nowcast;
        let growth = n.growth_on_year_pct.map_or_else(
            || format!("level {:.1}", n.level),
            |g| format!("{g:+.2}% y/y"),
        );
        format!(
            "<SectorNowcast {} {}/{} from {}: {growth}, {} of 3 months observed, provisional>",
            self.inner.sector,
            self.inner.period,
            self.inner.year,
            self.inner.indicator.code,
            n.observed
        )
    }
}

fn policy(toml_text: Option<&str>) -> PyResult<WarningPolicy> {
    Ok(match toml_text {
        Some(t) => WarningPolicy::from_toml_str(t)?,
        None => WarningPolicy::default(),
    })
}

store_view_methods!(PyMonitor, Monitor);

#[pymethods]
impl PyMonitor {
    /// The Cao Bằng July 2025 example, in memory.
    #[staticmethod]
    fn cao_bang_2025() -> PyResult<Self> {
        Ok(Self::new(crate::datasets::cao_bang_monitoring_2025()?))
    }

    /// The example's policy (synthetic caps) as TOML over the shipped one.
    #[staticmethod]
    fn cao_bang_2025_policy_toml() -> &'static str {
        crate::datasets::CAO_BANG_2025_POLICY_TOML
    }

    #[staticmethod]
    fn default_policy_toml() -> &'static str {
        DEFAULT_POLICY_TOML
    }

    /// Checks a policy text (raises naming the key or threshold at fault).
    #[staticmethod]
    fn check_policy(toml_text: &str) -> PyResult<()> {
        policy(Some(toml_text)).map(|_| ())
    }

    fn import_file(
        &self,
        py: Python<'_>,
        path: std::path::PathBuf,
        who: &str,
    ) -> PyResult<PyImportReport> {
        Ok(self
            .inner
            .detach(py, move |m| m.import_file(path, who))?
            .into())
    }

    fn pace<'py>(
        &self,
        py: Python<'py>,
        month: &str,
        period: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let month = crate::date::Month::parse_arg("month", month)?;
        let m = self.lock();
        let period = crate::monitoring::parse_target_period(period, m.year())?;
        let rows = m.pace_for(month, period)?;
        columns(py, pace_cols(&rows))
    }

    /// The indicator targets the scenario implies by the policy's links, beside the plans.
    #[pyo3(signature = (scenario, policy_toml))]
    fn derived_targets<'py>(
        &self,
        py: Python<'py>,
        scenario: PyRef<'_, PyScenario>,
        policy_toml: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let p = policy(policy_toml)?;
        let rows = self.lock().derived_targets(&scenario.inner, &p)?;
        columns(py, derived_cols(&rows))
    }

    fn tasks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rows = self.lock().tasks()?;
        columns(py, task_cols(&rows))
    }

    /// Every task's due dates up to `as_of` (`YYYY-MM-DD`), each with where it stands.
    fn task_instances<'py>(&self, py: Python<'py>, as_of: &str) -> PyResult<Bound<'py, PyDict>> {
        let as_of = as_of.parse()?;
        let rows = self.lock().task_instances(as_of)?;
        columns(py, instance_cols(&rows))
    }

    /// Records a recurring task's instance due on `due` (audited as `who`).
    #[pyo3(signature = (task, due, status, done_on, report, who))]
    fn report_task_instance(
        &self,
        task: &str,
        due: &str,
        status: &str,
        done_on: Option<&str>,
        report: &str,
        who: &str,
    ) -> PyResult<()> {
        let instance = TaskInstance {
            task: task.to_owned(),
            due: due.parse()?,
            status: TaskStatus::parse(status)?,
            done_on: done_on.map(str::parse).transpose()?,
            report: report.to_owned(),
        };
        Ok(self.lock().report_task_instance(&instance, who)?)
    }

    /// (`month`, `value`, `cumulative`, `yoy_pct`) of an indicator's reports, NaN where not reported.
    fn monthly_values<'py>(
        &self,
        py: Python<'py>,
        indicator: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let rows = self.lock().monthly_values(indicator)?;
        let nan = |x: Option<f64>| x.unwrap_or(f64::NAN);
        columns(
            py,
            vec![
                ("month", text(&rows, |v| v.month.clone())),
                ("value", float(&rows, |v| nan(v.value))),
                ("cumulative", float(&rows, |v| nan(v.cumulative))),
                ("yoy_pct", float(&rows, |v| nan(v.yoy_pct))),
                ("note", text(&rows, |v| v.note.clone())),
            ],
        )
    }

    /// The next quarter of the indicator's sector, nowcast from its months.
    #[pyo3(signature = (scenario, indicator, options, level))]
    fn nowcast(
        &self,
        py: Python<'_>,
        scenario: PyRef<'_, PyScenario>,
        indicator: &str,
        options: PyRef<'_, PyDisaggregationOptions>,
        level: f64,
    ) -> PyResult<PySectorNowcast> {
        let opts = PyNowcast::options(&options, level);
        let sc = &scenario.inner;
        let inner = self
            .inner
            .detach(py, move |m| m.nowcast(sc, indicator, &opts))?;
        let nowcast = Py::new(py, PyNowcast::new(py, inner.nowcast.clone())?)?;
        Ok(PySectorNowcast { inner, nowcast })
    }

    /// Records the month's findings and returns the digest.
    #[pyo3(signature = (month, scenario, policy_toml, as_of))]
    fn digest(
        &self,
        py: Python<'_>,
        month: &str,
        scenario: Option<PyRef<'_, PyScenario>>,
        policy_toml: Option<&str>,
        as_of: Option<&str>,
    ) -> PyResult<PyDigest> {
        let month = crate::date::Month::parse_arg("month", month)?;
        let p = policy(policy_toml)?;
        let as_of = as_of.map(str::parse).transpose()?;
        let sc = scenario.map(|s| s.inner.clone());
        let d = self.inner.detach(py, move |m| {
            let cx = Context {
                scenario: sc.as_ref(),
                as_of,
            };
            m.digest(month, &p, &cx)
        })?;
        Ok(d.into())
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyMonitor>()?;
    m.add_class::<PySectorNowcast>()?;
    m.add_class::<PyDigest>()
}
