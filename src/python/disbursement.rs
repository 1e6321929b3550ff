//! Disbursement tracking for Python: a thin `DisbursementTracker` whose views come back as
//! columns (numpy arrays for amounts and rates, lists for text) built in one helper,
//! [`columns`]; `grdpsim/disbursement.py` makes the `DataFrame`s. The national ranking's columns
//! are all numpy arrays (its text as object arrays of strings, each made once) with every attr
//! of its frame, in one call.

use std::sync::MutexGuard;

use numpy::{IntoPyArray, PyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateAccess, PyDict, PyString};
use serde::{Deserialize, Serialize};

use super::handle::{store_view_methods, Handle};
use super::pickle::pickled_as_json;

use super::document::{lang_or_session, PyDocument};
use super::scenario::PyScenario;
use crate::disbursement::{
    AdvanceBalance, AdvanceLevel, AdvanceRow, AdvanceShare, Bridge, BridgeSource, BridgeUse,
    Calendar, Clock, CountdownRow, Coverage, Decision, DifferenceRow, DifferenceState,
    ImportReport, Level, Obstacle, ObstacleRow, ObstacleStatus, PaymentSource, PlanRevisionRow,
    ProjectDifference, Projection, Proposal, ProposalOptions, RankRow, RankingRule, SCurvePoint,
    StalledRow, StatusRow, Tracker, WeekDifference, TEMPLATE_CSV,
};
use crate::error::GrdpsimError;
use crate::lang::Lang;
use crate::monitoring::Date;
use crate::reports::briefing::{briefing, BriefingPeriod};

/// A column of a view.
pub(super) enum Col {
    Text(Vec<String>),
    OptText(Vec<Option<String>>),
    Float(Vec<f64>),
    Int(Vec<i64>),
    OptInt(Vec<Option<i64>>),
    Bool(Vec<bool>),
}

/// The one place where a view becomes Python objects: `{name: column}`.
pub(super) fn columns<'py>(
    py: Python<'py>,
    cols: Vec<(&str, Col)>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (name, col) in cols {
        match col {
            Col::Text(v) => d.set_item(name, v)?,
            Col::OptText(v) => d.set_item(name, v)?,
            Col::Float(v) => d.set_item(name, v.into_pyarray(py))?,
            Col::Int(v) => d.set_item(name, v.into_pyarray(py))?,
            Col::OptInt(v) => d.set_item(name, v)?,
            Col::Bool(v) => d.set_item(name, v.into_pyarray(py))?,
        }
    }
    Ok(d)
}

pub(super) fn text<T>(rows: &[T], f: impl Fn(&T) -> String) -> Col {
    Col::Text(rows.iter().map(f).collect())
}

pub(super) fn float<T>(rows: &[T], f: impl Fn(&T) -> f64) -> Col {
    Col::Float(rows.iter().map(f).collect())
}

fn int<T>(rows: &[T], f: impl Fn(&T) -> i64) -> Col {
    Col::Int(rows.iter().map(f).collect())
}

fn check_weeks(weeks: u32) -> PyResult<u32> {
    if weeks == 0 || weeks > 52 {
        return Err(GrdpsimError::invalid_argument("weeks", "must lie in 1..=52").into());
    }
    Ok(weeks)
}

fn check_tolerance(tolerance: f64) -> PyResult<f64> {
    if !tolerance.is_finite() || tolerance < 0.0 {
        return Err(
            GrdpsimError::invalid_argument("tolerance", "must be a finite amount >= 0").into(),
        );
    }
    Ok(tolerance)
}

/// The date argument `argument`: an ISO text read by [`Date::parse_arg`] (the one parser), or
/// a `datetime.date` (a `datetime` or a pandas `Timestamp` gives its day); anything else (an
/// int, a float) is a typed error naming the argument, never a day counted from 1970.
fn date_arg(argument: &str, value: &Bound<'_, PyAny>) -> PyResult<Date> {
    if let Ok(text) = value.extract::<String>() {
        return Ok(Date::parse_arg(argument, &text)?);
    }
    if let Ok(d) = value.cast::<PyDate>() {
        return Ok(Date::new(
            d.get_year(),
            u32::from(d.get_month()),
            u32::from(d.get_day()),
        )
        .map_err(|_| GrdpsimError::InvalidDate {
            argument: argument.to_owned(),
            value: d.to_string(),
            reason: "not a date this library reads".to_owned(),
        })?);
    }
    Err(GrdpsimError::InvalidDate {
        argument: argument.to_owned(),
        value: value
            .repr()
            .map_or_else(|_| "?".to_owned(), |r| r.to_string()),
        reason: format!(
            "not a date: give 'YYYY-MM-DD' or a datetime.date (got {})",
            value
                .get_type()
                .name()
                .map_or_else(|_| "?".to_owned(), |n| n.to_string())
        ),
    }
    .into())
}

/// A view's week and its reporting: as of, the week's end, projects reported, projects, and
/// the sentence in English and Vietnamese.
type CoverageTuple = (String, String, usize, usize, String, String);

fn coverage_tuple(c: &Coverage) -> CoverageTuple {
    (
        c.as_of.to_string(),
        c.week.to_string(),
        c.reported,
        c.projects,
        c.describe(Lang::En),
        c.describe(Lang::Vi),
    )
}

/// The coverage of the default as-of, or the refusal naming `as_of` while no week has enough
/// figures.
fn default_coverage(t: &Tracker) -> crate::Result<Coverage> {
    t.default_as_of()?.ok_or_else(|| {
        GrdpsimError::invalid_argument(
            "as_of",
            format!(
                "no week has figures from {:.0}% of the projects yet: give as_of",
                t.calendar().reporting_share_pct
            ),
        )
    })
}

/// The ranking's columns, unranked mask, rates, national target and coverage.
type RankingTuple<'py> = (
    Bound<'py, PyDict>,
    Bound<'py, PyArray1<bool>>,
    f64,
    f64,
    Option<f64>,
    Option<(f64, String, String)>,
    CoverageTuple,
);

/// A numpy object array of Python strings, each made once.
fn objects<'a, 'py>(
    py: Python<'py>,
    texts: impl Iterator<Item = &'a str>,
) -> Bound<'py, PyArray1<Py<PyAny>>> {
    let v: Vec<Py<PyAny>> = texts
        .map(|t| PyString::new(py, t).into_any().unbind())
        .collect();
    PyArray1::from_vec(py, v)
}

fn status_cols(rows: &[StatusRow]) -> Vec<(&'static str, Col)> {
    vec![
        ("key", text(rows, |r| r.key.clone())),
        ("name", text(rows, |r| r.name.clone())),
        ("projects", int(rows, |r| r.projects as i64)),
        ("plan", float(rows, |r| r.plan)),
        ("paid", float(rows, |r| r.paid)),
        ("rate_pct", float(rows, |r| r.rate_pct)),
        ("plan_before", float(rows, |r| r.plan_before)),
        ("paid_before", float(rows, |r| r.paid_before)),
        ("rate_before_pct", float(rows, |r| r.rate_before_pct)),
        ("change_pp", float(rows, |r| r.change_pp)),
        ("from_payments_pp", float(rows, |r| r.from_payments_pp)),
        ("from_plan_pp", float(rows, |r| r.from_plan_pp)),
    ]
}

fn revision_cols(rows: &[PlanRevisionRow]) -> Vec<(&'static str, Col)> {
    vec![
        ("project", text(rows, |r| r.project.clone())),
        ("investor", text(rows, |r| r.investor.clone())),
        ("effective", text(rows, |r| r.effective.to_string())),
        ("capital_source", text(rows, |r| r.capital_source.clone())),
        ("previous", float(rows, |r| r.previous)),
        ("amount", float(rows, |r| r.amount)),
        ("decision", text(rows, |r| r.decision.clone())),
    ]
}

fn countdown_cols(rows: &[CountdownRow]) -> Vec<(&'static str, Col)> {
    vec![
        ("key", text(rows, |r| r.key.clone())),
        ("name", text(rows, |r| r.name.clone())),
        ("plan", float(rows, |r| r.plan)),
        ("paid", float(rows, |r| r.paid)),
        ("remaining", float(rows, |r| r.remaining)),
        ("planned_to_date", float(rows, |r| r.planned_to_date)),
        ("behind", float(rows, |r| r.behind)),
        ("spi", float(rows, |r| r.spi)),
        ("band", text(rows, |r| r.band.as_str().to_owned())),
        ("weeks_left", int(rows, |r| i64::from(r.weeks_left))),
        ("needed_per_week", float(rows, |r| r.needed_per_week)),
        ("recent_per_week", float(rows, |r| r.recent_per_week)),
        (
            "plan_basis",
            text(rows, |r| r.plan_basis.as_str().to_owned()),
        ),
    ]
}

fn stalled_cols(rows: &[StalledRow]) -> Vec<(&'static str, Col)> {
    vec![
        ("project", text(rows, |r| r.project.clone())),
        ("name", text(rows, |r| r.name.clone())),
        ("investor", text(rows, |r| r.investor.clone())),
        ("responsible", text(rows, |r| r.responsible.clone())),
        ("plan", float(rows, |r| r.plan)),
        ("paid", float(rows, |r| r.paid)),
        (
            "last_payment",
            Col::OptText(
                rows.iter()
                    .map(|r| r.last_payment.map(|d| d.to_string()))
                    .collect(),
            ),
        ),
        (
            "plan_basis",
            text(rows, |r| r.plan_basis.as_str().to_owned()),
        ),
        ("planned_in_window", float(rows, |r| r.planned_in_window)),
    ]
}

fn advance_cols(rows: &[AdvanceRow]) -> Vec<(&'static str, Col)> {
    vec![
        ("project", text(rows, |r| r.project.clone())),
        ("investor", text(rows, |r| r.investor.clone())),
        ("reference", text(rows, |r| r.reference.clone())),
        ("advanced_on", text(rows, |r| r.advanced_on.to_string())),
        ("purpose", text(rows, |r| r.purpose.as_str().to_owned())),
        ("amount", float(rows, |r| r.amount)),
        ("recovered", float(rows, |r| r.recovered)),
        ("outstanding", float(rows, |r| r.outstanding)),
        ("age_days", int(rows, |r| i64::from(r.age_days))),
    ]
}

fn advance_balance_cols(rows: &[AdvanceBalance]) -> Vec<(&'static str, Col)> {
    vec![
        ("key", text(rows, |r| r.key.clone())),
        ("name", text(rows, |r| r.name.clone())),
        ("advanced", float(rows, |r| r.advanced)),
        ("recovered", float(rows, |r| r.recovered)),
        ("outstanding", float(rows, |r| r.outstanding)),
        (
            "site_clearance_outstanding",
            float(rows, |r| r.site_clearance_outstanding),
        ),
    ]
}

fn advance_share_cols(rows: &[AdvanceShare]) -> Vec<(&'static str, Col)> {
    vec![
        (
            "purpose",
            text(rows, |r| r.purpose.map_or("all", |p| p.as_str()).to_owned()),
        ),
        ("advanced", float(rows, |r| r.advanced)),
        ("outstanding", float(rows, |r| r.outstanding)),
        ("disbursed", float(rows, |r| r.disbursed)),
        ("advanced_pct", float(rows, |r| r.advanced_pct)),
        ("outstanding_pct", float(rows, |r| r.outstanding_pct)),
    ]
}

fn difference_cols(rows: &[DifferenceRow]) -> Vec<(&'static str, Col)> {
    vec![
        ("project", text(rows, |r| r.project.clone())),
        ("investor", text(rows, |r| r.investor.clone())),
        ("reported", float(rows, |r| r.reported)),
        ("treasury", float(rows, |r| r.treasury)),
        ("difference", float(rows, |r| r.difference)),
        ("weeks_differing", int(rows, |r| r.weeks_differing as i64)),
    ]
}

/// The reconciliation's weeks: a missing figure is NaN, the decision's who and when `None`
/// while the week is open.
fn week_difference_cols(rows: &[WeekDifference]) -> Vec<(&'static str, Col)> {
    let decided =
        |r: &WeekDifference, v: &str| (r.state != DifferenceState::Open).then(|| v.into());
    vec![
        ("project", text(rows, |r| r.project.clone())),
        ("investor", text(rows, |r| r.investor.clone())),
        ("week_ending", text(rows, |r| r.week_ending.to_string())),
        ("reported", float(rows, |r| r.reported.unwrap_or(f64::NAN))),
        ("treasury", float(rows, |r| r.treasury.unwrap_or(f64::NAN))),
        ("difference", float(rows, |r| r.difference)),
        ("state", text(rows, |r| r.state.as_str().to_owned())),
        ("note", text(rows, |r| r.note.clone())),
        (
            "decided_by",
            Col::OptText(rows.iter().map(|r| decided(r, &r.decided_by)).collect()),
        ),
        (
            "decided_at",
            Col::OptText(rows.iter().map(|r| decided(r, &r.decided_at)).collect()),
        ),
    ]
}

fn project_difference_cols(rows: &[ProjectDifference]) -> Vec<(&'static str, Col)> {
    vec![
        ("project", text(rows, |r| r.project.clone())),
        ("investor", text(rows, |r| r.investor.clone())),
        ("reported", float(rows, |r| r.reported)),
        ("treasury", float(rows, |r| r.treasury)),
        ("difference", float(rows, |r| r.difference)),
        ("weeks_open", int(rows, |r| r.weeks_open as i64)),
        ("weeks_accepted", int(rows, |r| r.weeks_accepted as i64)),
        ("weeks_sent_back", int(rows, |r| r.weeks_sent_back as i64)),
    ]
}

fn obstacle_cols(rows: &[ObstacleRow]) -> Vec<(&'static str, Col)> {
    vec![
        ("project", text(rows, |r| r.project.clone())),
        ("investor", text(rows, |r| r.investor.clone())),
        ("description", text(rows, |r| r.description.clone())),
        ("agency", text(rows, |r| r.agency.clone())),
        ("person", text(rows, |r| r.person.clone())),
        ("deadline", text(rows, |r| r.deadline.to_string())),
        ("days_overdue", int(rows, |r| i64::from(r.days_overdue))),
        ("status", text(rows, |r| r.status.as_str().to_owned())),
    ]
}

/// Obstacles with program columns (`status` its code, `result` the result text).
fn full_obstacle_cols(rows: &[Obstacle]) -> Vec<(&'static str, Col)> {
    let day = |d: Option<Date>| d.map(|d| d.to_string());
    vec![
        ("project", text(rows, |r| r.project.clone())),
        ("investor", text(rows, |r| r.investor.clone())),
        ("description", text(rows, |r| r.description.clone())),
        ("reported_on", text(rows, |r| r.reported.to_string())),
        ("agency", text(rows, |r| r.agency.clone())),
        ("person", text(rows, |r| r.person.clone())),
        (
            "deadline",
            Col::OptText(rows.iter().map(|r| day(r.deadline)).collect()),
        ),
        ("status", text(rows, |r| r.status.as_str().to_owned())),
        ("result", text(rows, |r| r.result.clone())),
        (
            "resolved_on",
            Col::OptText(rows.iter().map(|r| day(r.resolved_on)).collect()),
        ),
    ]
}

fn proposal_cols(rows: &[Proposal], lang: Lang) -> Vec<(&'static str, Col)> {
    vec![
        (
            "rank",
            Col::OptInt(rows.iter().map(|x| x.rank.map(|k| k as i64)).collect()),
        ),
        ("investor", text(rows, |r| r.investor.clone())),
        ("investor_name", text(rows, |r| r.investor_name.clone())),
        ("rate_pct", float(rows, |r| r.rate_pct)),
        ("vs_province_pp", float(rows, |r| r.vs_province_pp)),
        ("kind", text(rows, |r| r.kind.as_str().to_owned())),
        ("subject", text(rows, |r| r.subject.clone())),
        ("amount", float(rows, |r| r.amount)),
        ("message", text(rows, |r| r.message(lang))),
    ]
}

fn s_curve_cols(rows: &[SCurvePoint]) -> Vec<(&'static str, Col)> {
    vec![
        ("date", text(rows, |r| r.date.to_string())),
        ("planned", float(rows, |r| r.planned)),
        ("actual", float(rows, |r| r.actual)),
        ("plan_in_force", float(rows, |r| r.plan_in_force)),
    ]
}

/// A status's rows, its province total, the plan revisions of the period, and `since`.
type StatusColumns<'py> = (
    Bound<'py, PyDict>,
    Bound<'py, PyDict>,
    Bound<'py, PyDict>,
    String,
);

/// What an import did.
#[pyclass(name = "ImportReport", module = "grdpsim._core", frozen, get_all)]
#[derive(Serialize, Deserialize)]
// The only unsafe code here is pyo3's generated glue; deserializing builds plain values.
#[allow(clippy::unsafe_derive_deserialize)]
pub struct PyImportReport {
    source_name: String,
    kinds: Vec<String>,
    rows: usize,
    inserted: usize,
    updated: usize,
    unchanged: usize,
    records_written: usize,
}

/// Both importers' reports (disbursement, monitoring) have the same fields.
impl<K: crate::store::import::Layout> From<crate::store::ImportReport<K>> for PyImportReport {
    fn from(r: crate::store::ImportReport<K>) -> Self {
        Self {
            source_name: r.source_name,
            kinds: r.kinds.iter().map(|k| k.name().to_owned()).collect(),
            rows: r.rows,
            inserted: r.inserted,
            updated: r.updated,
            unchanged: r.unchanged,
            records_written: r.records_written,
        }
    }
}

#[pymethods]
impl PyImportReport {
    fn __repr__(&self) -> String {
        format!(
            "ImportReport({:?}: {} row(s) read: {} inserted, {} updated, {} unchanged; \
             {} record(s) written)",
            self.source_name,
            self.rows,
            self.inserted,
            self.updated,
            self.unchanged,
            self.records_written
        )
    }
}

// State: the fields as JSON.
pickled_as_json!(PyImportReport);

/// The year-end projection (see `Tracker.projection`).
#[pyclass(name = "Projection", module = "grdpsim._core", frozen, get_all)]
#[derive(Serialize, Deserialize)]
#[allow(clippy::unsafe_derive_deserialize)] // as for ImportReport
pub struct PyProjection {
    as_of: String,
    /// Projects with a figure for the week `as_of`.
    projects_reported: usize,
    projects: usize,
    plan: f64,
    paid: f64,
    rate_pct: f64,
    weekly_pace: f64,
    weeks_left: u32,
    at_pace: f64,
    at_pace_rate_pct: f64,
    under_plan: f64,
    under_plan_rate_pct: f64,
}

impl From<Projection> for PyProjection {
    fn from(p: Projection) -> Self {
        Self {
            as_of: p.as_of.to_string(),
            projects_reported: p.coverage.reported,
            projects: p.coverage.projects,
            plan: p.plan,
            paid: p.paid,
            rate_pct: p.rate_pct,
            weekly_pace: p.weekly_pace,
            weeks_left: p.weeks_left,
            at_pace: p.at_pace,
            at_pace_rate_pct: p.at_pace_rate_pct,
            under_plan: p.under_plan,
            under_plan_rate_pct: p.under_plan_rate_pct,
        }
    }
}

#[pymethods]
impl PyProjection {
    fn __repr__(&self) -> String {
        format!(
            "Projection(as of {}, {} of {} projects reported: {:.1}% now; year end {:.1}% at \
             the pace of the last 4 weeks, {:.1}% under the monthly plan)",
            self.as_of,
            self.projects_reported,
            self.projects,
            self.rate_pct,
            self.at_pace_rate_pct,
            self.under_plan_rate_pct
        )
    }
}

pickled_as_json!(PyProjection);

/// A province's disbursement store (see `grdpsim.disbursement.Tracker`).
#[pyclass(name = "DisbursementTracker", module = "grdpsim._core", frozen)]
pub struct PyTracker {
    inner: Handle<Tracker>,
}

impl PyTracker {
    pub fn new(t: Tracker) -> Self {
        Self {
            inner: Handle::new(t),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Tracker> {
        self.inner.lock()
    }

    /// Runs `f` on a view of the tracker reading `source`'s payments.
    fn with_source<T>(
        &self,
        py: Python<'_>,
        source: &str,
        f: impl FnOnce(&Tracker) -> crate::Result<T> + Send,
    ) -> PyResult<T>
    where
        T: Send,
    {
        let source = PaymentSource::parse(source)?;
        // A view on the source: the tracker itself is left as it is.
        let view = self.lock().view(source);
        let out = py.detach(move || f(&view));
        Ok(out?)
    }
}

impl PyTracker {
    /// Runs an import without the GIL.
    fn import_with(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut Tracker) -> crate::Result<ImportReport> + Send,
    ) -> PyResult<PyImportReport> {
        Ok(self.write(py, f)?.into())
    }

    /// Runs `f`, which writes, on the tracker without the GIL.
    fn write<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut Tracker) -> crate::Result<T> + Send,
    ) -> PyResult<T> {
        self.inner.detach(py, f)
    }
}

/// The `as_of` of a view, as `Tracker._as_of` resolved it.
fn parse_date(s: &str) -> PyResult<Date> {
    Ok(Date::parse_arg("as_of", s)?)
}

store_view_methods!(PyTracker, Tracker);

#[pymethods]
impl PyTracker {
    #[staticmethod]
    fn in_memory(province: &str, year: i32) -> PyResult<Self> {
        Ok(Self::new(Tracker::in_memory(province, year)?))
    }

    #[staticmethod]
    fn template_csv() -> &'static str {
        TEMPLATE_CSV
    }

    fn latest_week(&self) -> PyResult<Option<String>> {
        Ok(self.lock().latest_week()?.map(|d| d.to_string()))
    }

    /// The week a view uses (`as_of`, or the default as-of of `source`'s figures when None)
    /// and its reporting.
    #[pyo3(signature = (as_of, source))]
    fn coverage(
        &self,
        py: Python<'_>,
        as_of: Option<&Bound<'_, PyAny>>,
        source: &str,
    ) -> PyResult<CoverageTuple> {
        let as_of = as_of.map(|a| date_arg("as_of", a)).transpose()?;
        let c = self.with_source(py, source, |t| match as_of {
            Some(d) => t.coverage(d),
            None => default_coverage(t),
        })?;
        Ok(coverage_tuple(&c))
    }

    #[pyo3(signature = (project, week_ending, source, who))]
    fn withdraw(
        &self,
        py: Python<'_>,
        project: &str,
        week_ending: &Bound<'_, PyAny>,
        source: &str,
        who: &str,
    ) -> PyResult<()> {
        let week = date_arg("week_ending", week_ending)?;
        let source = PaymentSource::parse(source)?;
        self.write(py, move |tr| tr.withdraw(project, week, source, who))
    }

    /// The store's calendar: (`week_ends_on`, `grace_days`, `reporting_share_pct`).
    fn calendar(&self) -> (u32, u32, f64) {
        let c = self.lock().calendar();
        (c.week_ends_on, c.grace_days, c.reporting_share_pct)
    }

    /// Checks a calendar's values (the error names the field out of its domain).
    #[staticmethod]
    fn check_calendar(
        week_ends_on: u32,
        grace_days: u32,
        reporting_share_pct: f64,
    ) -> PyResult<()> {
        Calendar {
            week_ends_on,
            grace_days,
            reporting_share_pct,
        }
        .validated()?;
        Ok(())
    }

    fn set_calendar(
        &self,
        week_ends_on: u32,
        grace_days: u32,
        reporting_share_pct: f64,
        who: &str,
    ) -> PyResult<()> {
        let c = Calendar {
            week_ends_on,
            grace_days,
            reporting_share_pct,
        };
        Ok(self.lock().set_calendar(c, who)?)
    }

    /// Fixes the tracker's "today" (None: the system clock).
    fn set_today(&self, today: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let clock = match today {
            Some(d) => Clock::Fixed(date_arg("today", d)?),
            None => Clock::System,
        };
        self.lock().set_clock(clock);
        Ok(())
    }

    fn today(&self) -> String {
        self.lock().today().to_string()
    }

    fn import_csv(
        &self,
        py: Python<'_>,
        path: std::path::PathBuf,
        who: &str,
    ) -> PyResult<PyImportReport> {
        self.import_with(py, |t| t.import_csv(&path, who))
    }

    fn import_workbook(
        &self,
        py: Python<'_>,
        path: std::path::PathBuf,
        who: &str,
    ) -> PyResult<PyImportReport> {
        self.import_with(py, |t| t.import_workbook(&path, who))
    }

    /// The weekly briefing as a document (`reports::briefing`), its change measured from
    /// `since` (default: `period`'s start, a week or a month before `as_of`).
    #[pyo3(signature = (as_of, since, lang, source, period="week"))]
    fn briefing<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        since: Option<&Bound<'py, PyAny>>,
        lang: Option<&str>,
        source: &str,
        period: &str,
    ) -> PyResult<PyDocument> {
        let as_of = parse_date(as_of)?;
        let period = BriefingPeriod::parse(period)?;
        let since = match since {
            Some(s) => date_arg("since", s)?,
            None => period.since(as_of),
        };
        let lang = lang_or_session(py, lang)?;
        let inner = self.with_source(py, source, |t| briefing(t, as_of, since, lang))?;
        Ok(PyDocument { inner })
    }

    #[staticmethod]
    fn write_template_xlsx(path: std::path::PathBuf) -> PyResult<()> {
        Ok(crate::disbursement::write_template_xlsx(path)?)
    }

    #[pyo3(signature = (as_of, level, since, source))]
    fn status<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        level: &str,
        since: Option<&Bound<'py, PyAny>>,
        source: &str,
    ) -> PyResult<StatusColumns<'py>> {
        let as_of = parse_date(as_of)?;
        let since = match since {
            Some(s) => date_arg("since", s)?,
            None => as_of.add_days(-7),
        };
        let level = Level::parse(level)?;
        let s = self.with_source(py, source, |t| t.status_between(since, as_of, level))?;
        Ok((
            columns(py, status_cols(&s.rows))?,
            columns(py, status_cols(std::slice::from_ref(&s.total)))?,
            columns(py, revision_cols(&s.revisions))?,
            s.since.to_string(),
        ))
    }

    /// The ranking and every attr of its frame in one call (one read of the kept aggregates
    /// per investor): (columns, unranked mask of `rank`, province rate, mean ranked rate,
    /// the province's rate against the national target, the national target, coverage).
    #[pyo3(signature = (as_of, decimals, min_share_pct, source))]
    fn ranking<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'_, PyAny>>,
        decimals: u32,
        min_share_pct: f64,
        source: &str,
    ) -> PyResult<RankingTuple<'py>> {
        let as_of = as_of.map(|a| date_arg("as_of", a)).transpose()?;
        PaymentSource::parse(source)?;
        let rule = RankingRule::new(decimals, min_share_pct)?;
        let (r, rates) = self.with_source(py, source, |t| {
            let day = match as_of {
                Some(d) => d,
                None => default_coverage(t)?.as_of,
            };
            t.ranking_against_both(day, rule)
        })?;
        let rows = &r.rows;
        let d = PyDict::new(py);
        let ranks: Vec<i64> = rows
            .iter()
            .map(|x| x.rank.map_or(0, |k| k as i64))
            .collect();
        let unranked: Vec<bool> = rows.iter().map(|x| x.rank.is_none()).collect();
        d.set_item("rank", ranks.into_pyarray(py))?;
        d.set_item(
            "investor",
            objects(py, rows.iter().map(|x| x.investor.as_str())),
        )?;
        d.set_item("name", objects(py, rows.iter().map(|x| x.name.as_str())))?;
        let projects: Vec<i64> = rows.iter().map(|x| x.projects as i64).collect();
        d.set_item("projects", projects.into_pyarray(py))?;
        for (name, f) in [
            ("plan", (|x| x.plan) as fn(&RankRow) -> f64),
            ("paid", |x| x.paid),
            ("rate_pct", |x| x.rate_pct),
            ("vs_province_pp", |x| x.vs_province_pp),
        ] {
            d.set_item(
                name,
                rows.iter().map(f).collect::<Vec<_>>().into_pyarray(py),
            )?;
        }
        d.set_item("note", objects(py, rows.iter().map(|x| x.note.as_str())))?;
        let weekly: Vec<f64> = rows.iter().map(|x| x.weekly_plan_pct).collect();
        d.set_item("weekly_plan_pct", weekly.into_pyarray(py))?;
        let target = rates
            .national
            .map(|n| (n.amount, n.decided_on.to_string(), n.source));
        Ok((
            d,
            unranked.into_pyarray(py),
            r.province_rate_pct,
            r.mean_ranked_rate_pct,
            rates.rate_national_pct,
            target,
            coverage_tuple(&r.coverage),
        ))
    }

    fn countdown<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        level: &str,
        source: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let (as_of, level) = (parse_date(as_of)?, Level::parse(level)?);
        let rows = self.with_source(py, source, |t| t.countdown(as_of, level))?;
        columns(py, countdown_cols(&rows))
    }

    fn stalled<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        weeks: u32,
        source: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let weeks = check_weeks(weeks)?;
        let as_of = parse_date(as_of)?;
        let rows = self.with_source(py, source, |t| t.stalled(as_of, weeks))?;
        columns(py, stalled_cols(&rows))
    }

    #[pyo3(signature = (project=None))]
    fn weekly_plans<'py>(
        &self,
        py: Python<'py>,
        project: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let rows = self.with_source(py, "treasury", |t| t.weekly_plans(project))?;
        columns(
            py,
            vec![
                ("project", text(&rows, |r| r.project.clone())),
                ("week_ending", text(&rows, |r| r.week_ending.to_string())),
                ("planned", float(&rows, |r| r.planned)),
            ],
        )
    }

    fn advances<'py>(&self, py: Python<'py>, as_of: &str) -> PyResult<Bound<'py, PyDict>> {
        let as_of = parse_date(as_of)?;
        let rows = self.with_source(py, "treasury", |t| t.advances(as_of))?;
        columns(py, advance_cols(&rows))
    }

    fn advance_balances<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        level: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let (as_of, level) = (parse_date(as_of)?, AdvanceLevel::parse(level)?);
        let rows = self.with_source(py, "treasury", |t| t.advance_balances(as_of, level))?;
        columns(py, advance_balance_cols(&rows))
    }

    #[pyo3(signature = (as_of, min_days=None))]
    fn aged_advances<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        min_days: Option<u32>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let as_of = parse_date(as_of)?;
        let rows = self.with_source(py, "treasury", |t| t.aged_advances(as_of, min_days))?;
        columns(py, advance_cols(&rows))
    }

    fn advance_shares<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        source: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let as_of = parse_date(as_of)?;
        let rows = self.with_source(py, source, |t| t.advance_shares(as_of))?;
        columns(py, advance_share_cols(&rows))
    }

    fn differences<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        tolerance: f64,
    ) -> PyResult<Bound<'py, PyDict>> {
        let tolerance = check_tolerance(tolerance)?;
        let as_of = parse_date(as_of)?;
        let rows = self.with_source(py, "treasury", |t| t.differences(as_of, tolerance))?;
        columns(py, difference_cols(&rows))
    }

    /// The reconciliation as of `as_of`: its weeks (`by = "week"`, those in `state` when
    /// given) or its projects' cumulative differences (`by = "project"`).
    #[pyo3(signature = (as_of, tolerance, by, state=None))]
    fn reconciliation<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        tolerance: f64,
        by: &str,
        state: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let tolerance = check_tolerance(tolerance)?;
        let as_of = parse_date(as_of)?;
        let state = state.map(DifferenceState::parse).transpose()?;
        let by_week = match by {
            "week" => true,
            "project" => false,
            other => {
                return Err(GrdpsimError::UnknownOption {
                    option: "by".into(),
                    value: other.into(),
                    expected: "week, project".into(),
                }
                .into())
            }
        };
        let r = self.with_source(py, "treasury", |t| t.reconciliation(as_of, tolerance))?;
        if by_week {
            let weeks: Vec<WeekDifference> = r
                .weeks
                .into_iter()
                .filter(|w| state.is_none_or(|s| w.state == s))
                .collect();
            columns(py, week_difference_cols(&weeks))
        } else {
            columns(py, project_difference_cols(&r.projects))
        }
    }

    /// The national target of the plan year: (amount, decided on, source), or None.
    fn national_target(&self, py: Python<'_>) -> PyResult<Option<(f64, String, String)>> {
        let n = self.with_source(py, "treasury", Tracker::national_target)?;
        Ok(n.map(|n| (n.amount, n.decided_on.to_string(), n.source)))
    }

    #[pyo3(signature = (amount, decided_on, source, who))]
    fn set_national_target(
        &self,
        py: Python<'_>,
        amount: f64,
        decided_on: &Bound<'_, PyAny>,
        source: &str,
        who: &str,
    ) -> PyResult<()> {
        let day = date_arg("decided_on", decided_on)?;
        self.write(py, move |tr| {
            tr.set_national_target(amount, day, source, who)
        })
    }

    /// The province's rate against both denominators: (paid, plan, rate against the plan,
    /// rate against the national target or None).
    fn rates_against_both(
        &self,
        py: Python<'_>,
        as_of: &str,
        source: &str,
    ) -> PyResult<(f64, f64, f64, Option<f64>)> {
        let as_of = parse_date(as_of)?;
        let r = self.with_source(py, source, |t| t.rates_against_both(as_of))?;
        Ok((r.paid, r.plan, r.rate_plan_pct, r.rate_national_pct))
    }

    /// A project's weeks sent back and not corrected since.
    fn sent_back_of<'py>(&self, py: Python<'py>, project: &str) -> PyResult<Bound<'py, PyDict>> {
        let rows = self.with_source(py, "treasury", |t| t.sent_back_of(project))?;
        columns(py, week_difference_cols(&rows))
    }

    #[pyo3(signature = (project, week_ending, decision, note, who))]
    fn decide_difference(
        &self,
        py: Python<'_>,
        project: &str,
        week_ending: &Bound<'_, PyAny>,
        decision: &str,
        note: &str,
        who: &str,
    ) -> PyResult<()> {
        let week = date_arg("week_ending", week_ending)?;
        let decision = Decision::parse(decision)?;
        self.write(py, move |tr| {
            tr.decide_difference(project, week, decision, note, who)
        })
    }

    #[pyo3(signature = (as_of, project=None))]
    fn countdown_by_month<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        project: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let as_of = parse_date(as_of)?;
        let rows = self.with_source(py, "treasury", |t| t.countdown_by_month(as_of, project))?;
        columns(
            py,
            vec![
                ("project", text(&rows, |r| r.project.clone())),
                ("investor", text(&rows, |r| r.investor.clone())),
                ("month", text(&rows, |r| r.month.clone())),
                ("planned", float(&rows, |r| r.planned)),
                ("to_pay", float(&rows, |r| r.to_pay)),
                ("milestone", text(&rows, |r| r.milestone.clone())),
                ("owner", text(&rows, |r| r.owner.clone())),
            ],
        )
    }

    fn missing_monthly_plans<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        lang: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let (as_of, lang) = (parse_date(as_of)?, lang.parse::<Lang>()?);
        let rows = self.with_source(py, "treasury", |t| t.missing_monthly_plans(as_of))?;
        columns(
            py,
            vec![
                ("project", text(&rows, |r| r.project.clone())),
                ("name", text(&rows, |r| r.name.clone())),
                ("investor", text(&rows, |r| r.investor.clone())),
                ("responsible", text(&rows, |r| r.responsible.clone())),
                ("plan", float(&rows, |r| r.plan)),
                ("deadline", text(&rows, |r| r.deadline.to_string())),
                ("days_late", int(&rows, |r| i64::from(r.days_late))),
                ("message", text(&rows, |r| r.message(lang))),
            ],
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn proposals<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        stalled_weeks: u32,
        tolerance: f64,
        decimals: u32,
        min_share_pct: f64,
        lang: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let opts = ProposalOptions {
            rule: RankingRule::new(decimals, min_share_pct)?,
            stalled_weeks: check_weeks(stalled_weeks)?,
            tolerance: check_tolerance(tolerance)?,
        };
        let (as_of, lang) = (parse_date(as_of)?, lang.parse::<Lang>()?);
        let rows = self.with_source(py, "treasury", |t| t.proposals(as_of, &opts))?;
        columns(py, proposal_cols(&rows, lang))
    }

    fn overdue_obstacles<'py>(&self, py: Python<'py>, as_of: &str) -> PyResult<Bound<'py, PyDict>> {
        let as_of = parse_date(as_of)?;
        let rows = self.with_source(py, "treasury", |t| t.overdue_obstacles(as_of))?;
        columns(py, obstacle_cols(&rows))
    }

    #[pyo3(signature = (as_of, project=None, statuses=Vec::new()))]
    fn obstacles<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        project: Option<&str>,
        statuses: Vec<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let as_of = parse_date(as_of)?;
        let statuses = statuses
            .iter()
            .map(|s| ObstacleStatus::parse(s))
            .collect::<crate::Result<Vec<_>>>()?;
        let rows = self.with_source(py, "treasury", |t| t.obstacles(as_of, project, &statuses))?;
        columns(py, full_obstacle_cols(&rows))
    }

    fn escalated_obstacles<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let as_of = parse_date(as_of)?;
        let rows = self.with_source(py, "treasury", |t| t.escalated_obstacles(as_of))?;
        columns(py, full_obstacle_cols(&rows))
    }

    fn s_curve<'py>(
        &self,
        py: Python<'py>,
        as_of: &str,
        source: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let as_of = parse_date(as_of)?;
        let rows = self.with_source(py, source, |t| t.s_curve(as_of))?;
        columns(py, s_curve_cols(&rows))
    }

    fn projection(&self, py: Python<'_>, as_of: &str, source: &str) -> PyResult<PyProjection> {
        let as_of = parse_date(as_of)?;
        Ok(self
            .with_source(py, source, |t| t.projection(as_of))?
            .into())
    }

    fn audit_trail<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let rows = self.lock().store().audit_trail()?;
        columns(
            py,
            vec![
                ("at", text(&rows, |r| r.at.clone())),
                ("who", text(&rows, |r| r.who.clone())),
                ("file", text(&rows, |r| r.file.clone())),
                ("entity", text(&rows, |r| r.entity.clone())),
                ("key", text(&rows, |r| r.key.clone())),
                (
                    "old",
                    Col::OptText(rows.iter().map(|r| r.old.clone()).collect()),
                ),
                (
                    "new",
                    Col::OptText(rows.iter().map(|r| r.new.clone()).collect()),
                ),
            ],
        )
    }

    fn backup(&self, py: Python<'_>, dest: std::path::PathBuf) -> PyResult<()> {
        self.write(py, move |tr| tr.store().backup(&dest))
    }

    fn restore(&self, py: Python<'_>, src: std::path::PathBuf) -> PyResult<()> {
        self.write(py, move |tr| tr.store().restore(&src))
    }
}

/// The bridge from disbursement to construction (see `grdpsim.disbursement.Bridge`).
#[pyclass(name = "Bridge", module = "grdpsim._core", frozen, get_all)]
#[derive(Serialize, Deserialize)]
#[allow(clippy::unsafe_derive_deserialize)] // as for ImportReport
pub struct PyBridge {
    elasticity: f64,
    intercept: f64,
    /// `estimated` or `given`.
    source: String,
    quarters: Option<usize>,
    r_squared: Option<f64>,
    elasticity_se: Option<f64>,
}

impl From<Bridge> for PyBridge {
    fn from(b: Bridge) -> Self {
        let (source, quarters, r_squared, elasticity_se) = match b.source {
            BridgeSource::Estimated {
                quarters,
                r_squared,
                elasticity_se,
            } => (
                "estimated",
                Some(quarters),
                Some(r_squared),
                Some(elasticity_se),
            ),
            BridgeSource::Given => ("given", None, None, None),
        };
        Self {
            elasticity: b.elasticity,
            intercept: b.intercept,
            source: source.to_owned(),
            quarters,
            r_squared,
            elasticity_se,
        }
    }
}

#[pymethods]
impl PyBridge {
    fn construction_growth_pct(&self, disbursement_growth_pct: f64) -> f64 {
        self.core().construction_growth_pct(disbursement_growth_pct)
    }

    fn __repr__(&self) -> String {
        format!(
            "Bridge(ln(1+g_C) = {:.4} + {:.4} ln(1+g_D), {})",
            self.intercept, self.elasticity, self.source
        )
    }
}

pickled_as_json!(PyBridge);

impl PyBridge {
    fn core(&self) -> Bridge {
        Bridge {
            elasticity: self.elasticity,
            intercept: self.intercept,
            source: BridgeSource::Given,
        }
    }
}

/// The bridge: least squares on `history` (pairs of disbursement and construction growth, %)
/// when it has enough quarters, else the given elasticity and intercept.
#[pyfunction]
#[pyo3(signature = (history, elasticity, intercept))]
fn disbursement_bridge(
    history: Vec<(f64, f64)>,
    elasticity: Option<f64>,
    intercept: f64,
) -> PyResult<PyBridge> {
    let b = match elasticity {
        Some(e) if history.len() < crate::disbursement::MIN_HISTORY_QUARTERS => {
            Bridge::given(e, intercept)?
        }
        _ => Bridge::estimate(&history)?,
    };
    Ok(b.into())
}

/// Quarterly disbursement against the year before: columns.
#[pyfunction]
fn quarterly_disbursement<'py>(
    py: Python<'py>,
    tracker: &PyTracker,
    previous_year: [f64; 4],
) -> PyResult<Bound<'py, PyDict>> {
    let rows = tracker.with_source(py, "treasury", |t| t.quarterly_disbursement(previous_year))?;
    columns(
        py,
        vec![
            ("quarter", int(&rows, |r| i64::from(r.quarter))),
            ("amount", float(&rows, |r| r.amount)),
            ("previous_year", float(&rows, |r| r.previous_year)),
            ("growth_pct", float(&rows, |r| r.growth_pct)),
            (
                "complete",
                Col::Bool(rows.iter().map(|r| r.complete).collect()),
            ),
        ],
    )
}

/// `scenario` with construction following disbursement (see `Scenario.with_disbursement`).
#[pyfunction]
fn scenario_with_disbursement(
    py: Python<'_>,
    scenario: &PyScenario,
    tracker: &PyTracker,
    previous_year: [f64; 4],
    bridge: &PyBridge,
    sector: &str,
    mode: &str,
) -> PyResult<PyScenario> {
    let usage = match mode {
        "provisional" => BridgeUse::Provisional,
        "what_if" => BridgeUse::WhatIf,
        other => {
            return Err(GrdpsimError::UnknownOption {
                option: "mode".into(),
                value: other.into(),
                expected: "provisional, what_if".into(),
            }
            .into())
        }
    };
    let quarters =
        tracker.with_source(py, "treasury", |t| t.quarterly_disbursement(previous_year))?;
    Ok(PyScenario {
        inner: scenario
            .inner
            .with_disbursement(&quarters, &bridge.core(), sector, usage)?,
    })
}

/// The synthetic Cao Bằng 2025 portfolio, in memory or written to `db`.
#[pyfunction]
#[pyo3(signature = (db=None))]
fn cao_bang_disbursement_2025(
    py: Python<'_>,
    db: Option<std::path::PathBuf>,
) -> PyResult<PyTracker> {
    let t = py.detach(|| -> crate::Result<Tracker> {
        match db {
            None => crate::datasets::cao_bang_disbursement_2025(),
            Some(path) => crate::datasets::cao_bang_disbursement_2025_at(path),
        }
    })?;
    Ok(PyTracker::new(t))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTracker>()?;
    m.add_class::<PyImportReport>()?;
    m.add_class::<PyProjection>()?;
    m.add_class::<PyBridge>()?;
    m.add_function(wrap_pyfunction!(disbursement_bridge, m)?)?;
    m.add_function(wrap_pyfunction!(quarterly_disbursement, m)?)?;
    m.add_function(wrap_pyfunction!(scenario_with_disbursement, m)?)?;
    m.add_function(wrap_pyfunction!(cao_bang_disbursement_2025, m)?)
}
