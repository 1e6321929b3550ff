//! Imports that lose nothing: all-or-nothing, idempotent, audited.
//!
//! A file (or every sheet of a workbook) is validated row by row inside one write transaction;
//! one bad row rejects the whole file with [`GrdpsimError::ImportRejected`] listing every bad
//! row, and the transaction is rolled back before anything is written. Rows are keyed by their
//! natural key (a payment by source, project and week ending; a plan revision by project and
//! effective date; ...): a row already stored with the same values changes nothing, a row with
//! other values replaces them and the audit trail keeps the old and the new values.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension, Transaction};

use super::{PaymentSource, Tracker};
use crate::error::{GrdpsimError, Result, RowProblem};
use crate::monitoring::store::{audit_at, now_utc};
use crate::monitoring::Date;

/// The layouts an import recognises, told apart by their header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ImportKind {
    /// `project,name,investor,investor_name,responsible,capital_source,location`
    Projects,
    /// `project,effective,amount,decision`: the project's whole plan from `effective` on.
    PlanRevisions,
    /// `project,month,amount`: what should be paid in that month (`YYYY-MM`).
    MonthlyPlans,
    /// `project,week_ending,source,amount`: paid in the week, `source` investor or treasury.
    Payments,
    /// `project,description,reported,agency,person,deadline,status,resolution,resolved_on`
    Obstacles,
}

/// The template investors fill in each week (CSV; amounts in million VND, dates ISO).
pub const TEMPLATE_CSV: &str = "project,week_ending,source,amount\n\
DA-001,2025-07-04,investor,1250.5\n\
DA-002,2025-07-04,investor,0\n";

struct Spec {
    kind: ImportKind,
    /// Table and columns: constants, never user data, so they may be formatted into SQL.
    table: &'static str,
    keys: &'static [&'static str],
    values: &'static [&'static str],
    /// Columns a file must have (others default to empty).
    required: &'static [&'static str],
}

const SPECS: &[Spec] = &[
    Spec {
        kind: ImportKind::Projects,
        table: "projects",
        keys: &["code"],
        values: &[
            "name",
            "investor",
            "responsible",
            "capital_source",
            "location",
        ],
        required: &["project", "name", "investor", "capital_source"],
    },
    Spec {
        kind: ImportKind::PlanRevisions,
        table: "plan_revisions",
        keys: &["project", "effective"],
        values: &["amount", "decision"],
        required: &["project", "effective", "amount"],
    },
    Spec {
        kind: ImportKind::MonthlyPlans,
        table: "monthly_plans",
        keys: &["project", "month"],
        values: &["amount"],
        required: &["project", "month", "amount"],
    },
    Spec {
        kind: ImportKind::Payments,
        table: "payments",
        keys: &["source", "project", "week_ending"],
        values: &["amount"],
        required: &["project", "week_ending", "source", "amount"],
    },
    Spec {
        kind: ImportKind::Obstacles,
        table: "obstacles",
        keys: &["project", "description"],
        values: &[
            "reported",
            "agency",
            "person",
            "deadline",
            "status",
            "resolution",
            "resolved_on",
        ],
        required: &["project", "description", "reported", "agency", "status"],
    },
];

const INVESTORS: Spec = Spec {
    kind: ImportKind::Projects,
    table: "investors",
    keys: &["code"],
    values: &["name"],
    required: &[],
};

impl ImportKind {
    pub(crate) fn detect(header: &[String]) -> Option<Self> {
        let has = |c: &str| header.iter().any(|h| h == c);
        if has("week_ending") {
            Some(Self::Payments)
        } else if has("effective") {
            Some(Self::PlanRevisions)
        } else if has("month") {
            Some(Self::MonthlyPlans)
        } else if has("description") {
            Some(Self::Obstacles)
        } else if has("capital_source") {
            Some(Self::Projects)
        } else {
            None
        }
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
            Self::Payments => "payments",
            Self::Obstacles => "obstacles",
        }
    }
}

/// A table as read from a file: a header and rows of text cells, each row with the number a
/// spreadsheet shows (the header is row 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    /// The sheet of a workbook; `None` for CSV.
    pub sheet: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub source_name: String,
    /// The layouts found, in the order applied.
    pub kinds: Vec<ImportKind>,
    pub rows: usize,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// A validated row: the natural key and the values, as stored.
struct Record {
    spec: &'static Spec,
    key: Vec<Value>,
    values: Vec<Value>,
}

fn render(values: &[Value]) -> String {
    values
        .iter()
        .map(|v| match v {
            Value::Null => String::new(),
            Value::Integer(i) => i.to_string(),
            Value::Real(x) => x.to_string(),
            Value::Text(t) => t.clone(),
            Value::Blob(_) => "<blob>".to_owned(),
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// Parses a plain decimal number (`1234.5`; no thousands separators, whose meaning differs
/// between Vietnamese and English spreadsheets).
fn parse_amount(s: &str) -> std::result::Result<f64, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Err("an amount is required");
    }
    if t.contains(',') {
        return Err("not a number (write 1234.5, without thousands separators)");
    }
    match t.parse::<f64>() {
        Ok(x) if !x.is_finite() => Err("not a finite number"),
        Ok(x) if x < 0.0 => Err("negative amount"),
        // Million VND: 10^12 of them is more than any budget; a unit or typing error.
        Ok(x) if x >= 1e12 => Err("implausible amount (million VND): 10^12 or more"),
        Ok(x) => Ok(x),
        Err(_) => Err("not a number"),
    }
}

struct RowCtx<'a> {
    sheet: &'a Option<String>,
    header: &'a [String],
    row: usize,
    cells: &'a [String],
    problems: &'a mut Vec<RowProblem>,
}

impl RowCtx<'_> {
    fn cell(&self, column: &str) -> &str {
        self.header
            .iter()
            .position(|h| h == column)
            .and_then(|i| self.cells.get(i))
            .map_or("", |s| s.trim())
    }

    fn bad(&mut self, column: &str, reason: impl Into<String>) {
        let value = self.cell(column).to_owned();
        self.problems.push(RowProblem {
            sheet: self.sheet.clone(),
            row: self.row,
            column: column.to_owned(),
            value,
            reason: reason.into(),
        });
    }

    fn text(&mut self, column: &str, required: bool) -> Option<Value> {
        let v = self.cell(column).to_owned();
        if v.is_empty() && required {
            self.bad(column, "required");
            return None;
        }
        Some(Value::Text(v))
    }

    fn amount(&mut self, column: &str) -> Option<Value> {
        match parse_amount(self.cell(column)) {
            Ok(x) => Some(Value::Real(x)),
            Err(reason) => {
                self.bad(column, reason);
                None
            }
        }
    }

    fn date(&mut self, column: &str, year: i32, required: bool) -> Option<Value> {
        let raw = self.cell(column).to_owned();
        if raw.is_empty() {
            if required {
                self.bad(column, "a date is required");
                return None;
            }
            return Some(Value::Null);
        }
        match raw.parse::<Date>() {
            Ok(d) if d.year() == year => Some(Value::Text(d.to_string())),
            Ok(_) => {
                self.bad(column, format!("date outside the plan year {year}"));
                None
            }
            Err(_) => {
                self.bad(column, "not an ISO date YYYY-MM-DD");
                None
            }
        }
    }

    fn month(&mut self, column: &str, year: i32) -> Option<Value> {
        let raw = self.cell(column).to_owned();
        match format!("{raw}-01").parse::<Date>() {
            Ok(d) if d.year() == year => Some(Value::Text(d.month_label())),
            Ok(_) => {
                self.bad(column, format!("month outside the plan year {year}"));
                None
            }
            Err(_) => {
                self.bad(column, "not a month YYYY-MM");
                None
            }
        }
    }

    fn project(&mut self, known: &HashSet<String>) -> Option<Value> {
        let code = self.cell("project").to_owned();
        if code.is_empty() {
            self.bad("project", "required");
            None
        } else if known.contains(&code) {
            Some(Value::Text(code))
        } else {
            self.bad(
                "project",
                "unknown project (import it in a projects file first)",
            );
            None
        }
    }
}

pub(crate) fn normalise_header(header: &[String]) -> Vec<String> {
    header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect()
}

/// Reads a CSV file into a [`RawTable`] (UTF-8, comma-separated, header on the first line).
///
/// # Errors
/// [`GrdpsimError::Parse`] for text that is not CSV.
pub fn read_csv_text(name: &str, text: &str) -> Result<RawTable> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| GrdpsimError::Parse {
            source_name: name.to_owned(),
            line: 1,
            message: e.to_string(),
        })?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| GrdpsimError::Parse {
            source_name: name.to_owned(),
            line: i + 2,
            message: e.to_string(),
        })?;
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = rec.position().map_or(i + 2, |p| p.line() as usize);
        rows.push((line, rec.iter().map(str::to_owned).collect()));
    }
    Ok(RawTable {
        sheet: None,
        header,
        rows,
    })
}

impl Tracker {
    /// Imports a CSV file in one of the [`ImportKind`] layouts, all or nothing.
    ///
    /// `who` is recorded in the audit trail with the file's name.
    ///
    /// # Errors
    /// [`GrdpsimError::ImportRejected`] listing every bad row (unknown project, negative
    /// amount, date outside the plan year, non-number, missing column, the same key twice):
    /// nothing is written. [`GrdpsimError::Io`] if the file cannot be read;
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn import_csv(&mut self, path: impl AsRef<Path>, who: &str) -> Result<ImportReport> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| GrdpsimError::Io {
            path: name.clone(),
            message: e.to_string(),
        })?;
        self.import_csv_str(&name, &text, who)
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
    #[allow(clippy::too_many_lines)]
    pub fn import_tables(
        &mut self,
        source_name: &str,
        tables: Vec<RawTable>,
        who: &str,
    ) -> Result<ImportReport> {
        let year = self.year;
        let mut problems = Vec::new();
        let mut typed: Vec<(ImportKind, RawTable)> = Vec::new();
        for mut t in tables {
            t.header = normalise_header(&t.header);
            match ImportKind::detect(&t.header) {
                Some(kind) => {
                    for col in kind.spec().required {
                        if !t.header.iter().any(|h| h == col) {
                            problems.push(RowProblem {
                                sheet: t.sheet.clone(),
                                row: 1,
                                column: (*col).to_owned(),
                                value: String::new(),
                                reason: format!("missing column of the {} layout", kind.as_str()),
                            });
                        }
                    }
                    typed.push((kind, t));
                }
                None => problems.push(RowProblem {
                    sheet: t.sheet.clone(),
                    row: 1,
                    column: "header".into(),
                    value: t.header.join(","),
                    reason: "not a known layout: a payments file has project,week_ending,source,amount \
                             (see TEMPLATE_CSV); plans: project,effective,amount,decision; \
                             monthly plans: project,month,amount; projects: project,name,investor,\
                             capital_source,...; obstacles: project,description,reported,agency,status,..."
                        .into(),
                }),
            }
        }
        if !problems.is_empty() {
            return Err(GrdpsimError::ImportRejected {
                source_name: source_name.to_owned(),
                problems,
            });
        }
        typed.sort_by_key(|(k, _)| *k);
        let kinds: Vec<ImportKind> = {
            let mut k: Vec<_> = typed.iter().map(|(k, _)| *k).collect();
            k.dedup();
            k
        };
        let total_rows = typed.iter().map(|(_, t)| t.rows.len()).sum();
        let source_owned = source_name.to_owned();
        self.store.write_checked(|tx| {
            // Validation reads the projects inside the write transaction: what it checks
            // against is what the rows will be written next to.
            let mut known: HashSet<String> = {
                let mut st = tx.prepare("SELECT code FROM projects")?;
                let rows = st.query_map([], |r| r.get::<_, String>(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let mut problems = Vec::new();
            let mut records = Vec::new();
            let mut seen: HashMap<(ImportKind, String), (Option<String>, usize)> = HashMap::new();
            for (kind, table) in &typed {
                if *kind == ImportKind::Projects {
                    // A projects file may bring projects that later sheets refer to.
                    let col = table.header.iter().position(|h| h == "project");
                    for (_, cells) in &table.rows {
                        if let Some(code) = col.and_then(|i| cells.get(i)) {
                            if !code.trim().is_empty() {
                                known.insert(code.trim().to_owned());
                            }
                        }
                    }
                }
                for (row, cells) in &table.rows {
                    let before = problems.len();
                    let mut cx = RowCtx {
                        sheet: &table.sheet,
                        header: &table.header,
                        row: *row,
                        cells,
                        problems: &mut problems,
                    };
                    let parsed = parse_row(*kind, &mut cx, &known, year);
                    if cx.problems.len() > before {
                        continue;
                    }
                    let Some(recs) = parsed else { continue };
                    let main = recs.last().map(|r| render(&r.key)).unwrap_or_default();
                    if let Some((sheet, first)) = seen.get(&(*kind, main.clone())) {
                        let first = match sheet {
                            Some(s) => format!("sheet {s} row {first}"),
                            None => format!("row {first}"),
                        };
                        problems.push(RowProblem {
                            sheet: table.sheet.clone(),
                            row: *row,
                            column: kind.spec().keys.join("+"),
                            value: main,
                            reason: format!("the same key as {first}: one figure per key"),
                        });
                    } else {
                        seen.insert((*kind, main), (table.sheet.clone(), *row));
                        records.extend(recs);
                    }
                }
            }
            if !problems.is_empty() {
                return Ok(Err(GrdpsimError::ImportRejected {
                    source_name: source_owned.clone(),
                    problems,
                }));
            }
            let mut report = ImportReport {
                source_name: source_owned.clone(),
                kinds: kinds.clone(),
                rows: total_rows,
                inserted: 0,
                updated: 0,
                unchanged: 0,
            };
            let at = now_utc();
            let mut sql = HashMap::new();
            for rec in &records {
                let (select, insert) = sql
                    .entry(rec.spec.table)
                    .or_insert_with(|| statements(rec.spec));
                let stamp = Stamp {
                    at: &at,
                    who,
                    file: &source_owned,
                };
                match upsert(tx, rec, select, insert, &stamp)? {
                    Change::Inserted => report.inserted += 1,
                    Change::Updated => report.updated += 1,
                    Change::Unchanged => report.unchanged += 1,
                }
            }
            Ok(Ok(report))
        })
    }
}

/// The records of one row (a projects row may also bring its investor), or None if bad.
fn parse_row(
    kind: ImportKind,
    cx: &mut RowCtx<'_>,
    known: &HashSet<String>,
    year: i32,
) -> Option<Vec<Record>> {
    let spec = kind.spec();
    let rec = |key: Vec<Option<Value>>, values: Vec<Option<Value>>| -> Option<Record> {
        Some(Record {
            spec,
            key: key.into_iter().collect::<Option<_>>()?,
            values: values.into_iter().collect::<Option<_>>()?,
        })
    };
    match kind {
        ImportKind::Projects => {
            let code = cx.text("project", true);
            let name = cx.text("name", true);
            let investor = cx.text("investor", true);
            let investor_name = cx.cell("investor_name").to_owned();
            let responsible = cx.text("responsible", false);
            let source = cx.text("capital_source", true);
            let location = cx.text("location", false);
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
            let proj = rec(
                vec![code],
                vec![name, investor, responsible, source, location],
            )?;
            Some(vec![inv, proj])
        }
        ImportKind::PlanRevisions => {
            let p = cx.project(known);
            let eff = cx.date("effective", year, true);
            let amount = cx.amount("amount");
            let decision = cx.text("decision", false);
            Some(vec![rec(vec![p, eff], vec![amount, decision])?])
        }
        ImportKind::MonthlyPlans => {
            let p = cx.project(known);
            let month = cx.month("month", year);
            let amount = cx.amount("amount");
            Some(vec![rec(vec![p, month], vec![amount])?])
        }
        ImportKind::Payments => {
            let p = cx.project(known);
            let week = cx.date("week_ending", year, true);
            let source = if let Ok(s) = PaymentSource::parse(cx.cell("source")) {
                Some(Value::Text(s.as_str().to_owned()))
            } else {
                cx.bad("source", "not a payment source: investor or treasury");
                None
            };
            let amount = cx.amount("amount");
            Some(vec![rec(vec![source, p, week], vec![amount])?])
        }
        ImportKind::Obstacles => {
            let p = cx.project(known);
            let description = cx.text("description", true);
            let reported = cx.date("reported", year, true);
            let agency = cx.text("agency", true);
            let person = cx.text("person", false);
            let deadline = cx.date("deadline", year, false);
            let status = match cx.cell("status").to_ascii_lowercase().as_str() {
                "open" => Some(Value::Text("open".into())),
                "resolved" => Some(Value::Text("resolved".into())),
                _ => {
                    cx.bad("status", "not a status: open or resolved");
                    None
                }
            };
            let resolution = cx.text("resolution", false);
            let resolved_on = cx.date("resolved_on", year, false);
            Some(vec![rec(
                vec![p, description],
                vec![
                    reported,
                    agency,
                    person,
                    deadline,
                    status,
                    resolution,
                    resolved_on,
                ],
            )?])
        }
    }
}

enum Change {
    Inserted,
    Updated,
    Unchanged,
}

/// Who changes the store, when, from which file.
struct Stamp<'a> {
    at: &'a str,
    who: &'a str,
    file: &'a str,
}

/// The select-by-key and the upsert of a spec's table. Identifiers come from the constant
/// specs; every value is a bound parameter.
fn statements(spec: &Spec) -> (String, String) {
    let where_key = spec
        .keys
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{k} = ?{}", i + 1))
        .collect::<Vec<_>>()
        .join(" AND ");
    let select = format!(
        "SELECT {} FROM {} WHERE {where_key}",
        spec.values.join(", "),
        spec.table
    );
    let cols: Vec<&str> = spec.keys.iter().chain(spec.values).copied().collect();
    let placeholders = (1..=cols.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let updates = spec
        .values
        .iter()
        .map(|c| format!("{c} = excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let insert = format!(
        "INSERT INTO {} ({}) VALUES ({placeholders}) ON CONFLICT ({}) DO UPDATE SET {updates}",
        spec.table,
        cols.join(", "),
        spec.keys.join(", ")
    );
    (select, insert)
}

fn upsert(
    tx: &Transaction<'_>,
    rec: &Record,
    select: &str,
    insert: &str,
    stamp: &Stamp<'_>,
) -> rusqlite::Result<Change> {
    let spec = rec.spec;
    let old: Option<Vec<Value>> = tx
        .prepare_cached(select)?
        .query_row(params_from_iter(rec.key.iter()), |r| {
            (0..spec.values.len())
                .map(|i| r.get::<_, Value>(i))
                .collect()
        })
        .optional()?;
    if old.as_ref() == Some(&rec.values) {
        return Ok(Change::Unchanged);
    }
    tx.prepare_cached(insert)?
        .execute(params_from_iter(rec.key.iter().chain(rec.values.iter())))?;
    let new = render(&rec.values);
    audit_at(
        tx,
        stamp.at,
        stamp.who,
        stamp.file,
        spec.table,
        &render(&rec.key),
        old.as_deref().map(render).as_deref(),
        Some(&new),
    )?;
    Ok(if old.is_some() {
        Change::Updated
    } else {
        Change::Inserted
    })
}
