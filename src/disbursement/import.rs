//! Imports that lose nothing: all-or-nothing, idempotent, audited.
//!
//! A file (or every sheet of a workbook) is validated row by row inside one write transaction;
//! one bad row rejects the whole file with [`crate::GrdpsimError::ImportRejected`] listing every bad
//! row, and the transaction is rolled back before anything is written. Rows are keyed by their
//! natural key (a payment by source, project, week ending and capital source; a plan revision
//! by project, capital source and effective date; ...): a row already stored with the same values changes nothing, a row with
//! other values replaces them and the audit trail keeps the old and the new values.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::types::Value;

use super::advances::{with_program_headers, Balances, ADVANCE_COLUMNS, RECOVERY_COLUMNS};
use super::obstacles::obstacle_row;
use super::sources::Sources;
use super::weekly_plans::{plan_week, WEEKLY_PLAN_COLUMNS};
use super::{Calendar, PaymentSource, Tracker};
use crate::date::Date;
use crate::error::Result;
pub use crate::io::tables::RawTable;
use crate::io::tables::{normalise_header, read_csv_file, read_csv_text};
use crate::store::import::{
    import_split, import_tables, Known, Layout, Record, Records, RowCtx, TableSpec,
};

/// The layouts an import recognises, told apart by their header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ImportKind {
    /// `project,name,investor,investor_name,responsible,capital_source,location`
    Projects,
    /// `project,effective,amount,decision[,capital_source]`: the project's plan line in a
    /// capital source (the project's own when the column is left out) from `effective` on.
    PlanRevisions,
    /// `project,month,amount[,milestone,owner]`: what should be paid in that month
    /// (`YYYY-MM`), the milestone it should reach and the person responsible.
    MonthlyPlans,
    /// `project,week_ending,planned`: an investor's plan for the week (kế hoạch tuần).
    WeeklyPlans,
    /// `project,week_ending,source,amount[,capital_source]`: paid in the week, `source`
    /// investor or treasury, in a capital source (the project's own when left out).
    Payments,
    /// `project,description,reported,agency,person,deadline,status,resolution,resolved_on`
    Obstacles,
    /// `project,reference,advanced_on,amount,purpose`: the Treasury's advances (tạm ứng).
    Advances,
    /// `project,reference,recovered_on,amount,advance`: the Treasury's recoveries of advances
    /// (thu hồi tạm ứng; `advance` empty for the project's, the oldest first).
    Recoveries,
}

/// The template investors fill in each week (CSV; amounts in million VND, dates ISO).
pub const TEMPLATE_CSV: &str = "project,week_ending,source,amount\n\
DA-001,2025-07-04,investor,1250.5\n\
DA-002,2025-07-04,investor,0\n";

/// The columns of a projects file, in the example's order (`investor_name` names a new
/// investor).
pub const PROJECT_COLUMNS: &[&str] = &[
    "project",
    "name",
    "investor",
    "investor_name",
    "responsible",
    "capital_source",
    "location",
];

/// The columns of a payments file (investor or Treasury), in the template's order.
pub const PAYMENT_COLUMNS: &[&str] = &["project", "week_ending", "source", "amount"];

/// The columns of an obstacles file: the key (project, description), then the values.
pub const OBSTACLE_COLUMNS: &[&str] = &[
    "project",
    "description",
    "reported",
    "agency",
    "person",
    "deadline",
    "status",
    "resolution",
    "resolved_on",
];

struct Spec {
    kind: ImportKind,
    table: TableSpec,
    /// Columns a file must have (others default to empty).
    required: &'static [&'static str],
}

const SPECS: &[Spec] = &[
    Spec {
        kind: ImportKind::Projects,
        table: TableSpec {
            table: "projects",
            keys: &["code"],
            values: &[
                "name",
                "investor",
                "responsible",
                "capital_source",
                "location",
            ],
        },
        required: &["project", "name", "investor", "capital_source"],
    },
    Spec {
        kind: ImportKind::PlanRevisions,
        table: TableSpec {
            table: "plan_revisions",
            keys: &["project", "capital_source", "effective"],
            values: &["amount", "decision"],
        },
        required: &["project", "effective", "amount"],
    },
    Spec {
        kind: ImportKind::MonthlyPlans,
        table: TableSpec {
            table: "monthly_plans",
            keys: &["project", "month"],
            values: &["amount", "milestone", "owner"],
        },
        required: &["project", "month", "amount"],
    },
    Spec {
        kind: ImportKind::WeeklyPlans,
        table: TableSpec {
            table: "weekly_plans",
            keys: &["project", "week_ending"],
            values: &["amount"],
        },
        required: WEEKLY_PLAN_COLUMNS,
    },
    Spec {
        kind: ImportKind::Payments,
        table: TableSpec {
            table: "payments",
            keys: &["source", "project", "week_ending", "capital_source"],
            values: &["amount"],
        },
        required: PAYMENT_COLUMNS,
    },
    Spec {
        kind: ImportKind::Obstacles,
        table: TableSpec {
            table: "obstacles",
            keys: OBSTACLE_COLUMNS.split_at(2).0,
            values: OBSTACLE_COLUMNS.split_at(2).1,
        },
        required: &["project", "description", "reported", "agency", "status"],
    },
    Spec {
        kind: ImportKind::Advances,
        table: TableSpec {
            table: "advances",
            keys: ADVANCE_COLUMNS.split_at(2).0,
            values: ADVANCE_COLUMNS.split_at(2).1,
        },
        required: ADVANCE_COLUMNS,
    },
    Spec {
        kind: ImportKind::Recoveries,
        table: TableSpec {
            table: "advance_recoveries",
            keys: RECOVERY_COLUMNS.split_at(2).0,
            values: RECOVERY_COLUMNS.split_at(2).1,
        },
        required: RECOVERY_COLUMNS.split_at(4).0,
    },
];

/// How a header tells its layout: the first of these columns it has, in this order (a
/// payments file and a weekly plans file both have `week_ending`; every layout but the
/// projects' may have `capital_source`).
const DETECTED_BY: &[(&str, ImportKind)] = &[
    ("advanced_on", ImportKind::Advances),
    ("recovered_on", ImportKind::Recoveries),
    ("planned", ImportKind::WeeklyPlans),
    ("week_ending", ImportKind::Payments),
    ("effective", ImportKind::PlanRevisions),
    ("month", ImportKind::MonthlyPlans),
    ("description", ImportKind::Obstacles),
    ("capital_source", ImportKind::Projects),
];

const INVESTORS: TableSpec = TableSpec {
    table: "investors",
    keys: &["code"],
    values: &["name"],
};

impl Layout for ImportKind {
    fn detect(header: &[String]) -> Option<Self> {
        Self::detect(header)
    }

    fn required(self) -> &'static [&'static str] {
        self.spec().required
    }

    fn name(self) -> &'static str {
        self.as_str()
    }

    fn key_columns(self) -> &'static [&'static str] {
        self.spec().table.keys
    }

    const HINT: &'static str = "a payments file has project,week_ending,source,amount \
        (see TEMPLATE_CSV), optionally capital_source; \
        plans: project,effective,amount,decision[,capital_source]; \
        monthly plans: project,month,amount[,milestone,owner]; weekly plans: project,week_ending,planned; \
        projects: project,name,investor,\
        capital_source,...; obstacles: project,description,reported,agency,status,...; \
        advances: project,reference,advanced_on,amount,purpose; \
        recoveries: project,reference,recovered_on,amount,advance";

    const CODES: (&'static str, Self, &'static str) = ("projects", Self::Projects, "project");

    /// A row without a capital source is in its project's own ([`Sources`]), read with the
    /// known projects.
    const CODES_WITH: Option<&'static str> = Some("capital_source");

    /// A project's investor, read with the known projects for the aggregates kept per
    /// investor.
    const CODES_OWNER: Option<&'static str> = Some("investor");
}

impl ImportKind {
    pub(crate) fn detect(header: &[String]) -> Option<Self> {
        DETECTED_BY
            .iter()
            .find(|(column, _)| header.iter().any(|h| h == column))
            .map(|(_, kind)| *kind)
    }

    fn spec(self) -> &'static Spec {
        SPECS
            .iter()
            .find(|s| s.kind == self)
            .unwrap_or_else(|| unreachable!("every kind has a spec"))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Projects => "projects",
            Self::PlanRevisions => "plan_revisions",
            Self::MonthlyPlans => "monthly_plans",
            Self::WeeklyPlans => "weekly_plans",
            Self::Payments => "payments",
            Self::Obstacles => "obstacles",
            Self::Advances => "advances",
            Self::Recoveries => "recoveries",
        }
    }
}

/// What a disbursement import did ([`crate::store::ImportReport`] of its layouts).
pub type ImportReport = crate::store::ImportReport<ImportKind>;

impl Tracker {
    /// Imports a CSV file in one of the [`ImportKind`] layouts, all or nothing.
    ///
    /// `who` is recorded in the audit trail with the file's name.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::ImportRejected`] listing every bad row (unknown project, negative
    /// amount, date outside the plan year, a `week_ending` off the store's [`super::Calendar`]
    /// or beyond today plus its grace, non-number, missing column, the same key twice):
    /// nothing is written. [`crate::GrdpsimError::Io`] if the file cannot be read;
    /// [`crate::GrdpsimError::Database`] if `SQLite` fails.
    pub fn import_csv(&mut self, path: impl AsRef<Path>, who: &str) -> Result<ImportReport> {
        let table = read_csv_file(path.as_ref())?;
        self.import_tables(&path.as_ref().display().to_string(), vec![table], who)
    }

    /// [`Tracker::import_csv`] on text already read; `name` is what the audit trail records.
    ///
    /// # Errors
    /// As [`Tracker::import_csv`].
    pub fn import_csv_str(&mut self, name: &str, text: &str, who: &str) -> Result<ImportReport> {
        let table = read_csv_text(name, text)?;
        self.import_tables(name, vec![table], who)
    }

    /// Imports tables (the sheets of one workbook, one CSV file) in one transaction: projects
    /// first, then plans, payments and obstacles, so that one workbook can bring a new project
    /// and its figures.
    ///
    /// # Errors
    /// As [`Tracker::import_csv`].
    pub fn import_tables(
        &mut self,
        source_name: &str,
        tables: Vec<RawTable>,
        who: &str,
    ) -> Result<ImportReport> {
        let year = self.year;
        let mut weeks = WeekRule {
            calendar: self.calendar_now(),
            today: self.today(),
            last_good: None,
        };
        let tables = with_program_headers(tables);
        // What rows are read against is read for the layouts the tables have alone (issue 27:
        // a week's payment row needs the plan lines, not every monthly plan's notes nor the
        // advances' balances, which a web update read each time).
        let layouts: Vec<(ImportKind, Vec<String>)> = tables
            .iter()
            .filter_map(|t| {
                let header = normalise_header(&t.header);
                ImportKind::detect(&header).map(|kind| (kind, header))
            })
            .collect();
        let has = |of: &[ImportKind]| layouts.iter().any(|(k, _)| of.contains(k));
        // A payment row's capital source is looked for among the plan lines only when it is
        // not the project's own, which it always is in a file without the column.
        let payments_name_lines = layouts.iter().any(|(kind, header)| {
            *kind == ImportKind::Payments && header.iter().any(|c| c == "capital_source")
        });
        let mut store = self.store();
        let mut state = RowState {
            balances: if has(&[ImportKind::Advances, ImportKind::Recoveries]) {
                Balances::read(&store)?
            } else {
                Balances::default()
            },
            sources: if has(&[
                ImportKind::Projects,
                ImportKind::PlanRevisions,
                ImportKind::Payments,
            ]) {
                Sources::read(&store, payments_name_lines)?
            } else {
                Sources::default()
            },
            monthly: if has(&[ImportKind::MonthlyPlans]) {
                stored_monthly_notes(&store)?
            } else {
                HashMap::new()
            },
        };
        if layouts
            .iter()
            .all(|(kind, _)| *kind == ImportKind::Payments)
        {
            // A payment row keeps nothing from the rows before it but the week found good:
            // a large file's rows are checked on two threads, each with its own (issue 27).
            let (sources, mut later) = (&state.sources, weeks.clone());
            return import_split(
                &mut store,
                source_name,
                tables,
                who,
                |_, cx, known| payment_row(cx, known, year, &mut weeks, sources),
                Some(move |_, cx: &mut RowCtx<'_>, known: &Known| {
                    payment_row(cx, known, year, &mut later, sources)
                }),
            );
        }
        import_tables(&mut store, source_name, tables, who, |kind, cx, known| {
            parse_row(kind, cx, known, year, &mut weeks, &mut state)
        })
    }
}

/// What rows are read against besides the known projects: advances' balances, the projects'
/// capital sources and plan lines, the monthly plans' stored milestones and owners.
struct RowState {
    balances: Balances,
    sources: Sources,
    monthly: HashMap<(String, String), [String; 2]>,
}

/// The stored milestone and owner of each monthly plan line, by (project, month): a monthly
/// plans file without those columns leaves them as they are.
fn stored_monthly_notes(
    store: &crate::store::Store,
) -> Result<HashMap<(String, String), [String; 2]>> {
    let rows: Vec<(String, String, String, String)> = store.query_tuples(
        "SELECT project, month, milestone, owner FROM monthly_plans",
        [],
    )?;
    Ok(rows
        .into_iter()
        .map(|(p, m, milestone, owner)| ((p, m), [milestone, owner]))
        .collect())
}

/// The store's calendar and today, against which a payment's week is checked.
#[derive(Clone)]
struct WeekRule {
    calendar: Calendar,
    today: Date,
    /// The latest `week_ending` cell found good, with its value: a week's file has the same
    /// week in every row, checked once (issue 27).
    last_good: Option<(String, Value)>,
}

impl WeekRule {
    /// The `week_ending` of a payments row, within the plan year, on the calendar and not
    /// beyond today plus the grace: the problem names the project, the date and what was
    /// expected.
    fn week(&mut self, cx: &mut RowCtx<'_>, year: i32) -> Option<Value> {
        let cell = cx.cell("week_ending");
        if let Some((good, week)) = &self.last_good {
            if good == cell {
                return Some(week.clone());
            }
        }
        let week = cx.date("week_ending", year, true)?;
        let Value::Text(text) = &week else {
            return Some(week);
        };
        let date: Date = text.parse().ok()?;
        match self.calendar.check_week(date, self.today) {
            Ok(()) => {
                self.last_good = Some((cell.to_owned(), week.clone()));
                Some(week)
            }
            Err(reason) => {
                let project = cx.cell("project").to_owned();
                cx.bad("week_ending", format!("project {project}: {reason}"));
                None
            }
        }
    }
}

/// A record of `spec` from its key's and values' cells (arrays, collected straight into the
/// record's vectors), or None if a cell was bad.
fn record(
    spec: &'static TableSpec,
    key: impl IntoIterator<Item = Option<Value>>,
    values: impl IntoIterator<Item = Option<Value>>,
) -> Option<Record> {
    Some(Record {
        spec,
        key: key.into_iter().collect::<Option<_>>()?,
        values: values.into_iter().collect::<Option<_>>()?,
    })
}

/// The records of one row (a projects row may also bring its investor), or None if bad.
fn parse_row(
    kind: ImportKind,
    cx: &mut RowCtx<'_>,
    known: &Known,
    year: i32,
    weeks: &mut WeekRule,
    state: &mut RowState,
) -> Option<Records> {
    let spec = &kind.spec().table;
    match kind {
        ImportKind::Advances => {
            let (key, values) = state.balances.advance_row(cx, known)?;
            Some(Record { spec, key, values }.into())
        }
        ImportKind::Recoveries => {
            let (key, values) = state.balances.recovery_row(cx, known)?;
            Some(Record { spec, key, values }.into())
        }
        ImportKind::Projects => {
            let code = cx.text("project", true);
            let name = cx.text("name", true);
            let investor = cx.text("investor", true);
            let investor_name = cx.cell("investor_name").to_owned();
            let responsible = cx.text("responsible", false);
            let source = cx.text("capital_source", true);
            let location = cx.text("location", false);
            state.sources.project(code.as_ref(), source.as_ref());
            let inv = Record {
                spec: &INVESTORS,
                key: vec![investor.clone()?],
                values: vec![Value::Text(if investor_name.is_empty() {
                    match &investor {
                        Some(Value::Text(t)) => t.clone(),
                        _ => String::new(),
                    }
                } else {
                    investor_name
                })],
            };
            let proj = record(
                spec,
                [code],
                [name, investor, responsible, source, location],
            )?;
            Some(vec![inv, proj].into())
        }
        ImportKind::PlanRevisions => {
            let p = cx.project(known);
            let line = state.sources.plan_line(cx, known, p.as_ref());
            let eff = cx.date("effective", year, true);
            let amount = cx.amount("amount");
            let decision = cx.text("decision", false);
            record(spec, [p, line, eff], [amount, decision]).map(Records::from)
        }
        ImportKind::MonthlyPlans => {
            let p = cx.project(known);
            let month = cx.month("month", year);
            let stored = match (&p, &month) {
                (Some(Value::Text(p)), Some(Value::Text(m))) => {
                    state.monthly.get(&(p.clone(), m.clone()))
                }
                _ => None,
            };
            // A column the file does not carry keeps what is stored; an empty cell of a
            // column it carries clears it.
            let mut note = |column: &str, i: usize| {
                if cx.header.iter().any(|h| h == column) {
                    cx.text(column, false)
                } else {
                    Some(Value::Text(
                        stored.map(|s| s[i].clone()).unwrap_or_default(),
                    ))
                }
            };
            let (milestone, owner) = (note("milestone", 0), note("owner", 1));
            let values = [cx.amount("amount"), milestone, owner];
            record(spec, [p, month], values).map(Records::from)
        }
        ImportKind::WeeklyPlans => {
            let p = cx.project(known);
            let week = plan_week(cx, year, &weeks.calendar);
            record(spec, [p, week], [cx.amount("planned")]).map(Records::from)
        }
        ImportKind::Payments => payment_row(cx, known, year, weeks, &state.sources),
        ImportKind::Obstacles => {
            let (key, values) = obstacle_row(cx, known, year);
            record(spec, key, values).map(Records::from)
        }
    }
}

/// The record of a payments row, or None if bad.
fn payment_row(
    cx: &mut RowCtx<'_>,
    known: &Known,
    year: i32,
    weeks: &mut WeekRule,
    sources: &Sources,
) -> Option<Records> {
    let (p, stored) = cx.project_with(known).unzip();
    let week = weeks.week(cx, year);
    let source = if let Ok(s) = PaymentSource::parse(cx.cell("source")) {
        Some(Value::Text(s.as_str().to_owned()))
    } else {
        cx.bad("source", "not a payment source: investor or treasury");
        None
    };
    let line = sources.payment_line(cx, p.as_ref(), stored.flatten());
    let amount = cx.amount("amount");
    let spec = &ImportKind::Payments.spec().table;
    record(spec, [source, p, week, line], [amount]).map(Records::from)
}
