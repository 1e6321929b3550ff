//! Departments' monthly indicators and their targets, on the province's
//! [`crate::store::Store`] beside the disbursement tracker.
//!
//! # Pace against target
//!
//! For a **flow** (summed over months: production value, revenue) reported to month `m`:
//!
//! ```text
//! reached  = cumulative to m / annual target
//! expected = Σ_{1..m} last year's months / last year's total   (last year's monthly profile)
//!          = m / 12                                             (flat, when last year is not
//!                                                                complete in the store)
//! pace     = reached / expected
//! ```
//!
//! For an **index** (y/y growth of a volume: the industrial production index), the growth to
//! date `g` is compared with the annual target growth `G`; the growth the remaining months need
//! is `((1 + G) − (1 + g)·W) / (1 − W) − 1`, with `W` last year's share of its months `1..m`
//! (`m/12` when flat). `pace = g / G` (the UN SDG progress measure, open-sdg's ratio of observed
//! to required growth).
//!
//! Against a **period target** (the province's Q3, Q4 and H2 targets), the same measures count
//! the period's months only: the amount of the period to date against the period's share
//! expected by now, and for an index the period's growth to date recovered from the
//! cumulative y/y growth the department reports ([`Monitor::pace_for`]).

use std::collections::{BTreeMap, HashMap};
use std::ops::Deref;
use std::path::Path;

use rusqlite::types::Value;

use super::Date;
use crate::date::Month;
use std::sync::Arc;

use super::disbursement::DisbursementSource;
use crate::error::{GrdpsimError, Result};
use crate::io::tables::{read_csv_file, read_csv_text, read_workbook, RawTable};
use crate::period::{IntoPeriod, Period};
use crate::store::import::{import_tables, Known, Layout, Record, Records, RowCtx, TableSpec};
use crate::store::StoreView;

/// Whether an indicator's monthly values add up over the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndicatorKind {
    /// Summed over months (production value, revenue, disbursement): targets are amounts.
    Flow,
    /// An index or a rate whose target is a y/y growth, percent (IIP).
    Index,
}

impl IndicatorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Flow => "flow",
            Self::Index => "index",
        }
    }
}

/// The layouts a monitoring import recognises, told apart by their header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MonitorImportKind {
    /// `indicator,name_vi,name_en,unit,department,sector,kind`
    Indicators,
    /// `indicator,period,basis,target`: `period` year, H2, Q3, Q4; `basis` plan or scenario.
    Targets,
    /// `indicator,month,value,cumulative,yoy_pct,note`: at least one of the three figures.
    MonthlyValues,
    /// `task,title,department,person,deadline,linked,status,progress,done_on`
    Tasks,
}

impl MonitorImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Indicators => "indicators",
            Self::Targets => "indicator_targets",
            Self::MonthlyValues => "indicator_values",
            Self::Tasks => "tasks",
        }
    }
}

impl Layout for MonitorImportKind {
    fn detect(header: &[String]) -> Option<Self> {
        let has = |c: &str| header.iter().any(|h| h == c);
        if has("task") {
            Some(Self::Tasks)
        } else if has("month") && has("indicator") {
            Some(Self::MonthlyValues)
        } else if has("basis") || has("target") {
            Some(Self::Targets)
        } else if has("indicator") && has("kind") {
            Some(Self::Indicators)
        } else {
            None
        }
    }

    fn required(self) -> &'static [&'static str] {
        self.spec().1
    }

    fn name(self) -> &'static str {
        self.as_str()
    }

    fn key_columns(self) -> &'static [&'static str] {
        self.spec().0.keys
    }

    const HINT: &'static str = "indicators: indicator,name_vi,name_en,unit,department,\
        sector,kind; targets: indicator,period,basis,target; monthly values: indicator,month,\
        value,cumulative,yoy_pct; tasks: task,title,department,person,deadline,linked,status,\
        progress,done_on";

    const CODES: (&'static str, Self, &'static str) = ("indicators", Self::Indicators, "indicator");
}

impl MonitorImportKind {
    fn spec(self) -> (&'static TableSpec, &'static [&'static str]) {
        match self {
            Self::Indicators => (
                &INDICATORS,
                &[
                    "indicator",
                    "name_vi",
                    "name_en",
                    "unit",
                    "department",
                    "kind",
                ],
            ),
            Self::Targets => (&TARGETS, &["indicator", "period", "basis", "target"]),
            Self::MonthlyValues => (&VALUES, &["indicator", "month"]),
            Self::Tasks => (
                &super::tasks::TASKS,
                &["task", "title", "department", "deadline", "status"],
            ),
        }
    }
}

const INDICATORS: TableSpec = TableSpec {
    table: "indicators",
    keys: &["code"],
    values: &["name_vi", "name_en", "unit", "department", "sector", "kind"],
};
const TARGETS: TableSpec = TableSpec {
    table: "indicator_targets",
    keys: &["indicator", "period", "basis"],
    values: &["value"],
};
const VALUES: TableSpec = TableSpec {
    table: "indicator_values",
    keys: &["indicator", "month"],
    values: &["value", "cumulative", "yoy_pct", "note"],
};
/// The monthly values layout's columns (the web's report form and the embedded example write
/// their rows in this order).
pub const VALUE_COLUMNS: [&str; 6] = [
    "indicator",
    "month",
    "value",
    "cumulative",
    "yoy_pct",
    "note",
];

/// What a monitoring import did ([`crate::store::ImportReport`] of its layouts).
pub type MonitorImportReport = crate::store::ImportReport<MonitorImportKind>;

/// An indicator a department reports monthly.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub unit: String,
    pub department: String,
    /// The scenario sector it informs (`CN`, `XD`, `DV`, ...), or empty.
    pub sector: String,
    pub kind: IndicatorKind,
}

/// One month's report of an indicator, as stored (at least one figure is present).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyValue {
    pub indicator: String,
    /// `YYYY-MM`.
    pub month: String,
    /// The month's own value.
    pub value: Option<f64>,
    /// Cumulative from January.
    pub cumulative: Option<f64>,
    /// y/y growth of the cumulative to date, percent.
    pub yoy_pct: Option<f64>,
    pub note: String,
}

/// The expected share of the year by month: last year's monthly profile or flat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    LastYear,
    Flat,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LastYear => "last_year",
            Self::Flat => "flat",
        }
    }
}

/// An indicator's pace against its annual target at a month; see the [module
/// documentation](self).
#[derive(Debug, Clone, PartialEq)]
pub struct Pace {
    pub indicator: Indicator,
    /// `YYYY-MM`.
    pub month: String,
    /// The target's period: `year`, or `Q3`, `Q4`, `H2` (the province's period targets).
    pub period: String,
    /// Months of the period elapsed at `month`.
    pub months_elapsed: u32,
    /// `scenario` (the growth scenario's figure) when the indicator has one, else `plan`.
    pub basis: String,
    /// The period's target: an amount (flow) or a growth, percent (index).
    pub target: f64,
    /// Whether the month was reported.
    pub reported: bool,
    /// Flow: the amount of the period to date. Index: the y/y growth of the period to date,
    /// percent.
    pub to_date: Option<f64>,
    /// Flow: percent of the period's target reached. Index: the y/y growth to date.
    pub reached_pct: Option<f64>,
    /// Flow: percent of the period's target expected by now. Index: the target growth.
    pub expected_pct: f64,
    pub profile: Profile,
    /// `reached / expected` (flow) or `growth to date / target growth` (index).
    pub pace_ratio: Option<f64>,
    /// Flow: what each remaining month must bring. Index: the y/y growth the remaining months
    /// need, percent.
    pub needed_rest: Option<f64>,
    /// The department's plan target of the period, when stored.
    pub plan_target: Option<f64>,
    /// Flow: percent of the plan target reached. Index: the y/y growth to date.
    pub plan_reached_pct: Option<f64>,
    /// The scenario's target of the period (for a linked indicator, the one it implies:
    /// [`super::derived`]), when stored.
    pub scenario_target: Option<f64>,
    /// Flow: percent of the scenario's target reached. Index: the y/y growth to date.
    pub scenario_reached_pct: Option<f64>,
}

/// A province's monitoring: the disbursement tracker's store plus indicators, tasks and the
/// early-warning findings ([`Monitor::evaluate`], [`Monitor::record`], [`Monitor::digest`]).
/// It is a [`StoreView`], the tracker's (it dereferences to it: [`StoreView::year`],
/// [`StoreView::province`], [`StoreView::store`]).
///
/// # Examples
/// ```
/// let m = grdpsim::datasets::cao_bang_monitoring_2025()?;
/// let pace = m.pace("2025-07".parse()?)?;
/// let value = pace.iter().find(|p| p.indicator.code == "CN_GTSX").unwrap();
/// assert!((value.reached_pct.unwrap() - 42.3).abs() < 0.05);
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Monitor {
    view: StoreView,
    /// Where rule 5 reads disbursement (the tracker on the same store: [`crate::province`]).
    disbursement: Arc<dyn DisbursementSource>,
}

/// A monitor's store, plan year and province are its view's.
impl Deref for Monitor {
    type Target = StoreView;

    fn deref(&self) -> &StoreView {
        &self.view
    }
}

fn parse_month_label(s: &str) -> Option<Date> {
    s.parse::<Month>().ok().map(Month::first_day)
}

/// A month `YYYY-MM` as the date of its first day.
///
/// # Errors
/// [`GrdpsimError::InvalidArgument`] naming the text otherwise.
pub fn parse_month(s: &str) -> Result<Date> {
    parse_month_label(s).ok_or_else(|| {
        GrdpsimError::invalid_argument("month", format!("{s:?} is not a month YYYY-MM"))
    })
}

/// An optional number: `Some(None)` for an empty cell, `None` for a bad one (noted).
#[allow(clippy::option_option)]
fn opt_number(cx: &mut RowCtx<'_>, column: &str) -> Option<Option<f64>> {
    let raw = cx.cell(column).to_owned();
    if raw.is_empty() {
        return Some(None);
    }
    match raw.parse::<f64>() {
        Ok(x) if x.is_finite() && !raw.contains(',') => Some(Some(x)),
        _ => {
            cx.bad(
                column,
                "not a number (write 1234.5, without thousands separators)",
            );
            None
        }
    }
}

fn real(x: Option<f64>) -> Value {
    x.map_or(Value::Null, Value::Real)
}

impl Monitor {
    /// Monitoring of the province's plan year on the store `view`, reading disbursement from
    /// `disbursement` ([`Monitor::from_tracker`] and the other constructors, in
    /// [`crate::province`], give the tracker on the same store).
    pub(crate) fn on_store(view: StoreView, disbursement: Arc<dyn DisbursementSource>) -> Self {
        Self { view, disbursement }
    }

    /// Where rule 5 reads disbursement.
    pub(crate) fn disbursement(&self) -> &dyn DisbursementSource {
        &*self.disbursement
    }

    /// Imports a CSV file of indicators, targets, monthly values or tasks, all or nothing.
    ///
    /// # Errors
    /// [`GrdpsimError::ImportRejected`] listing every bad row (unknown indicator, a month
    /// outside this year and the last, a figure that is not a number, a missing column, the
    /// same key twice): nothing is written. [`GrdpsimError::Io`], [`GrdpsimError::Database`].
    pub fn import_csv(&mut self, path: impl AsRef<Path>, who: &str) -> Result<MonitorImportReport> {
        let path = path.as_ref();
        let table = read_csv_file(path)?;
        self.import_tables(&path.display().to_string(), vec![table], who)
    }

    /// [`Monitor::import_csv`] on text already read.
    ///
    /// # Errors
    /// As [`Monitor::import_csv`].
    pub fn import_csv_str(
        &mut self,
        name: &str,
        text: &str,
        who: &str,
    ) -> Result<MonitorImportReport> {
        let table = read_csv_text(name, text)?;
        self.import_tables(name, vec![table], who)
    }

    /// Imports every sheet of a workbook (sheets `_...` skipped) in one transaction.
    ///
    /// # Errors
    /// As [`Monitor::import_csv`].
    pub fn import_workbook(
        &mut self,
        path: impl AsRef<Path>,
        who: &str,
    ) -> Result<MonitorImportReport> {
        let path = path.as_ref();
        let tables = read_workbook(path)?;
        self.import_tables(&path.display().to_string(), tables, who)
    }

    /// A CSV file or a workbook, by its extension.
    ///
    /// # Errors
    /// As [`Monitor::import_csv`].
    pub fn import_file(
        &mut self,
        path: impl AsRef<Path>,
        who: &str,
    ) -> Result<MonitorImportReport> {
        let path = path.as_ref();
        let csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if csv {
            self.import_csv(path, who)
        } else {
            self.import_workbook(path, who)
        }
    }

    /// Imports tables in one transaction: indicators first, then targets, values and tasks.
    ///
    /// # Errors
    /// As [`Monitor::import_csv`].
    pub fn import_tables(
        &mut self,
        source_name: &str,
        tables: Vec<RawTable>,
        who: &str,
    ) -> Result<MonitorImportReport> {
        let year = self.year();
        import_tables(
            &mut self.store(),
            source_name,
            tables,
            who,
            |kind, cx, known| parse_row(kind, cx, known, year).map(Records::from),
        )
    }

    /// The indicators, by code.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn indicators(&self) -> Result<Vec<Indicator>> {
        self.store().query_rows(
            "SELECT code, name_vi, name_en, unit, department, sector, kind FROM indicators \
             ORDER BY code",
            [],
            |r| {
                Ok(Indicator {
                    code: r.get(0)?,
                    name_vi: r.get(1)?,
                    name_en: r.get(2)?,
                    unit: r.get(3)?,
                    department: r.get(4)?,
                    sector: r.get(5)?,
                    kind: if r.get::<_, String>(6)? == "index" {
                        IndicatorKind::Index
                    } else {
                        IndicatorKind::Flow
                    },
                })
            },
        )
    }

    /// An indicator's monthly reports (this year and the last), oldest first.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn monthly_values(&self, indicator: &str) -> Result<Vec<MonthlyValue>> {
        self.store().query_rows(
            "SELECT indicator, month, value, cumulative, yoy_pct, note FROM indicator_values \
             WHERE indicator = ?1 ORDER BY month",
            [indicator],
            |r| {
                Ok(MonthlyValue {
                    indicator: r.get(0)?,
                    month: r.get(1)?,
                    value: r.get(2)?,
                    cumulative: r.get(3)?,
                    yoy_pct: r.get(4)?,
                    note: r.get(5)?,
                })
            },
        )
    }

    /// An indicator's monthly values as one contiguous series, from its first reported month
    /// (last year's included) to its last: the monthly indicator of a nowcast
    /// ([`crate::disaggregation::nowcast::nowcast`]), whose result becomes the sector's
    /// provisional actual with [`crate::scenario::Actual::from_nowcast`]. A month reported only
    /// as a cumulative is taken as the difference of two cumulatives.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] naming the first month without a value (a series with
    /// a hole would shift every later month), or for an indicator without monthly values;
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn monthly_series(&self, indicator: &str) -> Result<(String, Vec<f64>)> {
        let values = self.monthly_values(indicator)?;
        let first = values.first().ok_or_else(|| {
            GrdpsimError::invalid_argument(
                "indicator",
                format!("{indicator} has no monthly values"),
            )
        })?;
        let start = parse_month(&first.month)?;
        let mut out = Vec::new();
        let mut month = start;
        for v in &values {
            if v.month != month.month_label() {
                return Err(GrdpsimError::invalid_argument(
                    "indicator",
                    format!("{indicator}: no value for {}", month.month_label()),
                ));
            }
            let prev_cum = (month.month() > 1)
                .then(|| {
                    let (y, m, _) = month.ymd();
                    cumulative(&values, y, m - 1)
                })
                .flatten();
            let x = v.value.or_else(|| match (v.cumulative, month.month()) {
                (Some(c), 1) => Some(c),
                (Some(c), _) => prev_cum.map(|p| c - p),
                (None, _) => None,
            });
            let Some(x) = x else {
                return Err(GrdpsimError::invalid_argument(
                    "indicator",
                    format!("{indicator}: no value for {}", month.month_label()),
                ));
            };
            out.push(x);
            month = month.month_end().add_days(1);
        }
        Ok((start.month_label(), out))
    }

    /// An indicator's targets: (period, basis) → value.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn targets(&self, indicator: &str) -> Result<BTreeMap<(String, String), f64>> {
        self.store().query_rows(
            "SELECT period, basis, value FROM indicator_targets WHERE indicator = ?1",
            [indicator],
            |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)),
        )
    }

    /// Every indicator with an annual target, its pace at `month` (of this year; the faces
    /// read `YYYY-MM` with [`Month::parse_arg`]).
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for a month that is not of the store's year;
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn pace(&self, month: Month) -> Result<Vec<Pace>> {
        self.pace_for(month, Period::year_of(self.year()))
    }

    /// Every indicator with a target for `period` (the year, `Q3`, `Q4`, `H2`: a [`Period`] of
    /// the store's year, or a label of it such as `Y`, `Q3`, `Quý III`, `6 tháng cuối năm`,
    /// parsed by [`Period::parse_in_year`]; the faces read `year` with
    /// [`parse_target_period`]), its pace at `month` within the period: the
    /// period's share of the target reached against the share of the period expected by now
    /// (a flow), or the period's y/y growth to date against its target (an index); see the
    /// [module documentation](self). Empty before the period starts.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for a month that is not of the store's year, or a
    /// period that is not one the province sets targets for;
    /// [`GrdpsimError::InvalidPeriod`] for a label that is not a period;
    /// [`GrdpsimError::PeriodOutsideYear`] for a period of another year;
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn pace_for(&self, month: Month, period: impl IntoPeriod) -> Result<Vec<Pace>> {
        let m = self.month_of_year(month)?;
        let (key, window) = target_period(period.into_period(self.year())?)?;
        if m < window.0 {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for ind in self.indicators()? {
            let targets = self.targets(&ind.code)?;
            let of = |basis: &str| targets.get(&(key.to_owned(), basis.to_owned()));
            let (scenario, plan) = (of("scenario").copied(), of("plan").copied());
            let (basis, target) = match (scenario, plan) {
                (Some(t), _) => ("scenario", t),
                (None, Some(t)) => ("plan", t),
                (None, None) => continue,
            };
            let values = self.monthly_values(&ind.code)?;
            let mut pace = pace_of(ind, &values, self.year(), m, (key, window), basis, target);
            let reached = |t: f64| reached_against(&pace, t);
            let (plan_pct, scenario_pct) = (plan.and_then(reached), scenario.and_then(reached));
            (pace.plan_target, pace.plan_reached_pct) = (plan, plan_pct);
            (pace.scenario_target, pace.scenario_reached_pct) = (scenario, scenario_pct);
            out.push(pace);
        }
        Ok(out)
    }

    /// The pace against every period target (`Q3`, `Q4`, `H2`) whose period has started by
    /// `month`, in that order.
    ///
    /// # Errors
    /// As [`Monitor::pace_for`].
    pub fn period_paces(&self, month: Month) -> Result<Vec<Pace>> {
        let mut out = Vec::new();
        for period in PERIOD_TARGETS {
            out.extend(self.pace_for(month, period)?);
        }
        Ok(out)
    }

    pub(crate) fn month_of_year(&self, month: Month) -> Result<u32> {
        if month.year() != self.year() {
            return Err(GrdpsimError::invalid_argument(
                "month",
                format!("{month} is not a month of the store's year {}", self.year()),
            ));
        }
        Ok(month.month())
    }
}

/// The cumulative to month `m` of `year` from the reports: reported cumulative, else the sum
/// of the months when all are there.
fn cumulative(values: &[MonthlyValue], year: i32, m: u32) -> Option<f64> {
    let by_month: HashMap<&str, &MonthlyValue> =
        values.iter().map(|v| (v.month.as_str(), v)).collect();
    let label = |k: u32| format!("{year}-{k:02}");
    if let Some(c) = by_month.get(label(m).as_str()).and_then(|v| v.cumulative) {
        return Some(c);
    }
    (1..=m)
        .map(|k| by_month.get(label(k).as_str()).and_then(|v| v.value))
        .sum()
}

/// The periods the province sets indicator targets for, besides the year.
const PERIOD_TARGETS: [&str; 3] = ["Q3", "Q4", "H2"];

/// A target period as stored (`year`, `Q3`, `Q4`, `H2`) and its months (`1..=12`, `7..=9`).
/// A target period as the faces (the command line, Python, the web) read it: `year` (in any
/// case) for the whole year, else a label of `year` read by [`Period::parse_in_year`] (`Q3`,
/// `Quý III`, `H2`, `Y`).
///
/// # Errors
/// As [`Period::parse_in_year`].
pub fn parse_target_period(text: &str, year: i32) -> Result<Period> {
    if text.trim().eq_ignore_ascii_case("year") {
        Ok(Period::year_of(year))
    } else {
        Period::parse_in_year(text, year)
    }
}

fn target_period(p: Period) -> Result<(&'static str, (u32, u32))> {
    let key = match (p.first(), p.last()) {
        (1, 4) => "year",
        (3, 3) => "Q3",
        (4, 4) => "Q4",
        (3, 4) => "H2",
        _ => {
            return Err(GrdpsimError::invalid_argument(
                "period",
                format!("{p}: indicator targets are set for the year, Q3, Q4 and H2"),
            ))
        }
    };
    let months = (3 * u32::from(p.first()) - 2, 3 * u32::from(p.last()));
    Ok((key, months))
}

/// Last year's cumulative share of its months `1..=k` (`W_k`, with `W_0 = 0`), when its
/// twelve months are all known.
fn last_year_weights(values: &[MonthlyValue], year: i32) -> Option<[f64; 13]> {
    let total = cumulative(values, year - 1, 12)?;
    if total <= 0.0 {
        return None;
    }
    let mut w = [0.0; 13];
    for (k, slot) in w.iter_mut().enumerate().skip(1) {
        *slot = cumulative(values, year - 1, k as u32)? / total;
    }
    Some(w)
}

/// The pace at month `m` against the target of a period of months `a..=b`: with `W` the
/// cumulative weights (last year's or flat) and `e = min(m, b)`, the share expected is
/// `(W_e − W_{a−1}) / (W_b − W_{a−1})`; a flow's amount to date is `C_e − C_{a−1}`; an index's
/// growth of the period to date is `((1+g_e)·W_e − (1+g_{a−1})·W_{a−1}) / (W_e − W_{a−1}) − 1`
/// (`g` the reported y/y growth of the cumulative), and the rest of the period needs
/// `((1+G)·(W_b − W_{a−1}) − (1+g)·(W_e − W_{a−1})) / (W_b − W_e) − 1`. For the year
/// (`a = 1`) these are the formulas of the [module documentation](self).
fn pace_of(
    ind: Indicator,
    values: &[MonthlyValue],
    year: i32,
    m: u32,
    (period, (a, b)): (&str, (u32, u32)),
    basis: &str,
    target: f64,
) -> Pace {
    let label = format!("{year}-{m:02}");
    let reported = values.iter().any(|v| v.month == label);
    let e = m.min(b);
    let (w, profile) = match last_year_weights(values, year) {
        Some(w) => (w, Profile::LastYear),
        None => (std::array::from_fn(|k| k as f64 / 12.0), Profile::Flat),
    };
    let (w0, we, wb) = (w[(a - 1) as usize], w[e as usize], w[b as usize]);
    let share = if wb > w0 { (we - w0) / (wb - w0) } else { 1.0 };
    let months_left = f64::from(b - e);
    let mut pace = Pace {
        month: label,
        period: period.to_owned(),
        months_elapsed: e + 1 - a,
        basis: basis.to_owned(),
        target,
        reported,
        to_date: None,
        reached_pct: None,
        expected_pct: 0.0,
        profile,
        pace_ratio: None,
        needed_rest: None,
        plan_target: None,
        plan_reached_pct: None,
        scenario_target: None,
        scenario_reached_pct: None,
        indicator: ind,
    };
    match pace.indicator.kind {
        IndicatorKind::Flow => {
            let before = if a == 1 {
                Some(0.0)
            } else {
                cumulative(values, year, a - 1)
            };
            let amount = cumulative(values, year, e).zip(before).map(|(c, p)| c - p);
            pace.to_date = amount;
            pace.expected_pct = 100.0 * share;
            if target > 0.0 {
                pace.reached_pct = amount.map(|c| 100.0 * c / target);
                if share > 0.0 {
                    pace.pace_ratio = amount.map(|c| c / target / share);
                }
            }
            if months_left > 0.0 {
                pace.needed_rest = amount.map(|c| ((target - c) / months_left).max(0.0));
            }
        }
        IndicatorKind::Index => {
            let yoy = |k: u32| {
                let label = format!("{year}-{k:02}");
                values
                    .iter()
                    .find(|v| v.month == label)
                    .and_then(|v| v.yoy_pct)
            };
            let before = if a == 1 { Some(0.0) } else { yoy(a - 1) };
            let g = yoy(e).zip(before).and_then(|(ge, g0)| {
                (we > w0).then(|| {
                    ((1.0 + ge / 100.0) * we - (1.0 + g0 / 100.0) * w0) / (we - w0) * 100.0 - 100.0
                })
            });
            pace.to_date = g;
            pace.reached_pct = g;
            pace.expected_pct = target;
            if target != 0.0 {
                pace.pace_ratio = g.map(|g| g / target);
            }
            if wb > we {
                pace.needed_rest = g.map(|g| {
                    ((1.0 + target / 100.0) * (wb - w0) - (1.0 + g / 100.0) * (we - w0)) / (wb - we)
                        * 100.0
                        - 100.0
                });
            }
        }
    }
    pace
}

/// What `pace` has reached of another target of the same period: a flow's amount to date as
/// a percent of `target`; an index's growth to date (its target does not change it).
fn reached_against(pace: &Pace, target: f64) -> Option<f64> {
    match pace.indicator.kind {
        IndicatorKind::Flow => pace
            .to_date
            .filter(|_| target > 0.0)
            .map(|c| 100.0 * c / target),
        IndicatorKind::Index => pace.to_date,
    }
}

/// The record of one row, or None (its problems noted in `cx`).
#[allow(clippy::too_many_lines)]
fn parse_row(
    kind: MonitorImportKind,
    cx: &mut RowCtx<'_>,
    known: &Known,
    year: i32,
) -> Option<Record> {
    let spec = kind.spec().0;
    let indicator = |cx: &mut RowCtx<'_>| -> Option<Value> {
        let code = cx.cell("indicator").to_owned();
        if code.is_empty() {
            cx.bad("indicator", "required");
            None
        } else if known.contains(&code) {
            Some(Value::Text(code))
        } else {
            cx.bad(
                "indicator",
                "unknown indicator (import it in an indicators file first)",
            );
            None
        }
    };
    let (key, values): (Vec<Option<Value>>, Vec<Option<Value>>) = match kind {
        MonitorImportKind::Indicators => {
            let code = cx.text("indicator", true);
            let kind = match cx.cell("kind").to_ascii_lowercase().as_str() {
                "flow" => Some(Value::Text("flow".into())),
                "index" => Some(Value::Text("index".into())),
                _ => {
                    cx.bad("kind", "not a kind: flow (summed over months) or index");
                    None
                }
            };
            (
                vec![code],
                vec![
                    cx.text("name_vi", true),
                    cx.text("name_en", true),
                    cx.text("unit", true),
                    cx.text("department", true),
                    cx.text("sector", false),
                    kind,
                ],
            )
        }
        MonitorImportKind::Targets => {
            let ind = indicator(cx);
            let period = match cx.cell("period").to_ascii_lowercase().as_str() {
                "year" | "y" => Some(Value::Text("year".into())),
                p @ ("h2" | "q3" | "q4") => Some(Value::Text(p.to_ascii_uppercase())),
                _ => {
                    cx.bad("period", "not a period: year, H2, Q3 or Q4");
                    None
                }
            };
            let basis = match cx.cell("basis").to_ascii_lowercase().as_str() {
                "plan" | "ke_hoach" => Some(Value::Text("plan".into())),
                "scenario" | "kich_ban" => Some(Value::Text("scenario".into())),
                _ => {
                    cx.bad("basis", "not a basis: plan or scenario");
                    None
                }
            };
            let target = match opt_number(cx, "target") {
                Some(Some(x)) => Some(Value::Real(x)),
                Some(None) => {
                    cx.bad("target", "a target is required");
                    None
                }
                None => None,
            };
            (vec![ind, period, basis], vec![target])
        }
        MonitorImportKind::MonthlyValues => {
            let ind = indicator(cx);
            let raw = cx.cell("month").to_owned();
            let month = match parse_month_label(&raw) {
                Some(d) if d.year() == year || d.year() == year - 1 => {
                    Some(Value::Text(d.month_label()))
                }
                Some(_) => {
                    cx.bad(
                        "month",
                        format!("a month of {year} (or of {} for the profile)", year - 1),
                    );
                    None
                }
                None => {
                    cx.bad("month", "not a month YYYY-MM");
                    None
                }
            };
            let value = opt_number(cx, "value");
            let cum = opt_number(cx, "cumulative");
            let yoy = opt_number(cx, "yoy_pct");
            if matches!((value, cum, yoy), (Some(None), Some(None), Some(None))) {
                cx.bad("value", "a report needs a value, a cumulative or a yoy_pct");
            }
            let note = cx.text("note", false);
            (
                vec![ind, month],
                vec![value.map(real), cum.map(real), yoy.map(real), note],
            )
        }
        MonitorImportKind::Tasks => super::tasks::parse_row(cx, year),
    };
    Some(Record {
        spec,
        key: key.into_iter().collect::<Option<_>>()?,
        values: values.into_iter().collect::<Option<_>>()?,
    })
}
