//! The tasks assigned at meetings, as the meeting assigns them: a code, the section of the
//! conclusion (`2.4(c)`), the department that answers for it, a [`Deadline`] (a date, a
//! [`Recurrence`] from a start date, or an event with its expected date), an optional
//! quantitative target with its progress ([`Quantity`]: 412 of 632 households), a status and a
//! result; and their rows in a monitoring import ([`super::MonitorImportKind::Tasks`]).
//!
//! # The tasks layout's deadline
//!
//! The `deadline` cell is one of, in this order:
//! - a date `YYYY-MM-DD`;
//! - a recurrence (any case), with its first due date in the `start` column (in the store's
//!   plan year or the year before: every instance since is a due date):
//!   `every N weeks`, `every week`, `weekly`, `định kỳ N tuần`, `hằng tuần` (or `hàng tuần`);
//!   `monthly by D`, `monthly by the Dth`, `hằng tháng trước ngày D` (or `hàng tháng`),
//!   D from 1 to 31 (a shorter month's last day when it has no day D);
//! - any other text names an event (`trước Đại hội Đảng bộ`), with its expected date in the
//!   `expected` column.
//!
//! Anything else (a recurrence without a start, an event without an expected date) is refused
//! naming the row, the column and the text. `done` and `total` (with `unit`) are numbers as
//! Vietnamese writes them or plain (`1.250,5`, `1250.5`; `1.250` reads two ways and is refused).

use rusqlite::types::Value;

use super::indicators::Monitor;
use super::{days_in_month, Date, Month};
use crate::error::{GrdpsimError, Result};
use crate::lang::Lang;
use crate::store::import::{RowCtx, TableSpec};

pub(super) const TASKS: TableSpec = TableSpec {
    table: "tasks",
    keys: &["code"],
    values: &[
        "title",
        "department",
        "person",
        "deadline",
        "linked",
        "status",
        "progress",
        "done_on",
        "section",
        "deadline_kind",
        "deadline_text",
        "done",
        "total",
        "unit",
        "result",
    ],
};

/// Where a task stands (`open`, `in_progress`, `done` in files and the store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaskStatus {
    Open,
    InProgress,
    Done,
}

impl TaskStatus {
    /// Every status, in the order a task goes through them.
    pub const ALL: [Self; 3] = [Self::Open, Self::InProgress, Self::Done];

    /// `open`, `in_progress` or `done`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::Done => "done",
        }
    }

    /// Reads a stored or imported status (any case).
    ///
    /// # Errors
    /// [`GrdpsimError::UnknownOption`] naming the text and the statuses.
    pub fn parse(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == t)
            .ok_or_else(|| GrdpsimError::UnknownOption {
                option: "task status".into(),
                value: s.into(),
                expected: "open, in_progress, done".into(),
            })
    }

    /// What people read, in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Open => lang.pick("open", "chưa thực hiện"),
            Self::InProgress => lang.pick("in progress", "đang thực hiện"),
            Self::Done => lang.pick("done", "đã hoàn thành"),
        }
    }
}

impl std::fmt::Display for TaskStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a recurring task comes due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Recurrence {
    /// Every `n` weeks from the start date (`every 2 weeks`, `định kỳ 2 tuần`).
    EveryWeeks(u32),
    /// Each month by day `d` (`monthly by 25`, `hằng tháng trước ngày 25`); a month without
    /// day `d` is due on its last day.
    MonthlyBy(u32),
}

impl Recurrence {
    /// Reads the grammar of the [module documentation](self); `None` for any other text.
    pub fn parse(text: &str) -> Option<Self> {
        let lower = text.trim().to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let number = |w: &str, max: u32| {
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            digits.parse::<u32>().ok().filter(|n| (1..=max).contains(n))
        };
        let each = |w: &str| w == "hằng" || w == "hàng";
        match words.as_slice() {
            ["every", "week"] | ["weekly"] => Some(Self::EveryWeeks(1)),
            [e, "tuần"] if each(e) => Some(Self::EveryWeeks(1)),
            ["every", n, "weeks" | "week"] | ["định", "kỳ", n, "tuần"] => {
                number(n, 52).map(Self::EveryWeeks)
            }
            ["monthly", "by", d] | ["monthly", "by", "the", d] => {
                number(d, 31).map(Self::MonthlyBy)
            }
            [e, "tháng", "trước", "ngày", d] if each(e) => number(d, 31).map(Self::MonthlyBy),
            _ => None,
        }
    }

    /// As stored: `every N weeks` or `monthly by D` (which [`Recurrence::parse`] reads back).
    pub fn as_text(self) -> String {
        match self {
            Self::EveryWeeks(n) => format!("every {n} weeks"),
            Self::MonthlyBy(d) => format!("monthly by {d}"),
        }
    }

    /// What people read, in `lang`.
    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Self::EveryWeeks(n), Lang::Vi) => format!("định kỳ {n} tuần"),
            (Self::MonthlyBy(d), Lang::Vi) => format!("hằng tháng trước ngày {d}"),
            (r, Lang::En) => r.as_text(),
        }
    }

    /// The due dates from `start` (the first) to `until`, both included.
    pub fn due_dates(self, start: Date, until: Date) -> Vec<Date> {
        let mut out = Vec::new();
        match self {
            Self::EveryWeeks(n) => {
                let step = 7 * i32::try_from(n).unwrap_or(52);
                let mut due = start;
                while due <= until {
                    out.push(due);
                    due = due.add_days(step);
                }
            }
            Self::MonthlyBy(day) => {
                let mut month = Month::of(start);
                loop {
                    let last = days_in_month(month.year(), month.month());
                    let due = month.first_day().add_days(day.min(last) as i32 - 1);
                    if due > until {
                        break;
                    }
                    if due >= start {
                        out.push(due);
                    }
                    month = month.next();
                }
            }
        }
        out
    }
}

/// When a task is due.
#[derive(Debug, Clone, PartialEq)]
pub enum Deadline {
    /// A fixed date.
    Date(Date),
    /// Recurring from `start` (its first due date).
    Recurring { every: Recurrence, start: Date },
    /// An event (`trước Đại hội Đảng bộ`) expected on a date.
    Event { event: String, expected: Date },
}

impl Deadline {
    /// `date`, `recurring` or `event`, as stored (the frame's `deadline_kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Date(_) => "date",
            Self::Recurring { .. } => "recurring",
            Self::Event { .. } => "event",
        }
    }

    /// The date, the recurrence's start or the event's expected date (the stored `deadline`).
    pub fn date(&self) -> Date {
        match self {
            Self::Date(d) => *d,
            Self::Recurring { start, .. } => *start,
            Self::Event { expected, .. } => *expected,
        }
    }

    /// The recurrence as people read it in `lang` ([`Recurrence::label`]), the event's name,
    /// or empty for a date.
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Self::Recurring { every, .. } => every.label(lang),
            _ => self.text(),
        }
    }

    /// The recurrence as stored, the event's name, or empty for a date.
    pub fn text(&self) -> String {
        match self {
            Self::Date(_) => String::new(),
            Self::Recurring { every, .. } => every.as_text(),
            Self::Event { event, .. } => event.clone(),
        }
    }

    /// The due dates up to `until` (included): a date or an event's expected date once, a
    /// recurrence's every instance from its start.
    pub fn due_dates(&self, until: Date) -> Vec<Date> {
        match self {
            Self::Recurring { every, start } => every.due_dates(*start, until),
            other => Some(other.date())
                .filter(|d| *d <= until)
                .into_iter()
                .collect(),
        }
    }

    fn from_stored(kind: &str, date: Date, text: String) -> Result<Self> {
        match kind {
            "date" => Ok(Self::Date(date)),
            "recurring" => Recurrence::parse(&text)
                .map(|every| Self::Recurring { every, start: date })
                .ok_or_else(|| {
                    GrdpsimError::invalid_argument(
                        "deadline",
                        format!("{text:?} is not a recurrence"),
                    )
                }),
            "event" => Ok(Self::Event {
                event: text,
                expected: date,
            }),
            other => Err(GrdpsimError::UnknownOption {
                option: "deadline kind".into(),
                value: other.into(),
                expected: "date, recurring, event".into(),
            }),
        }
    }
}

/// A task's quantitative target and how much of it is done (412 of 632 households).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Quantity {
    pub done: f64,
    pub total: f64,
    pub unit: String,
}

impl Quantity {
    /// Percent done (`None` for a total of zero).
    pub fn pct(&self) -> Option<f64> {
        (self.total != 0.0).then(|| self.done / self.total * 100.0)
    }

    /// `412/632 households, 65%`, the figures as `lang` writes them.
    pub fn describe(&self, lang: Lang) -> String {
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        let pct = self
            .pct()
            .map(|p| format!(", {}%", lang.number(p, 0)))
            .unwrap_or_default();
        format!(
            "{}/{}{unit}{pct}",
            lang.shortest(self.done),
            lang.shortest(self.total)
        )
    }
}

/// A task assigned at a meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub code: String,
    /// The section of the meeting's conclusion it comes from (`2.4(c)`), or empty.
    pub section: String,
    pub title: String,
    /// The department that answers for it (its owner).
    pub department: String,
    pub person: String,
    pub deadline: Deadline,
    /// The target, indicator, sector or project it serves.
    pub linked: String,
    pub status: TaskStatus,
    /// Progress in words.
    pub progress: String,
    /// The quantitative target and how much is done, if the task has one.
    pub quantity: Option<Quantity>,
    /// What came of it.
    pub result: String,
    pub done_on: Option<Date>,
}

/// The tasks layout's columns, in the order [`Task::to_row`] fills them (the web's task forms and
/// the embedded example write their rows in it).
pub const TASK_COLUMNS: [&str; 16] = [
    "task",
    "title",
    "department",
    "person",
    "deadline",
    "start",
    "expected",
    "linked",
    "status",
    "progress",
    "done_on",
    "section",
    "done",
    "total",
    "unit",
    "result",
];

impl Task {
    /// The task as a row of [`TASK_COLUMNS`], as the tasks layout reads it back: its deadline
    /// as the `deadline`, `start` and `expected` cells, its counts in Vietnamese notation
    /// without a thousands separator (`1250,5`, so that no count reads two ways).
    pub fn to_row(&self) -> Vec<String> {
        let (deadline, start, expected) = match &self.deadline {
            Deadline::Date(d) => (d.to_string(), String::new(), String::new()),
            Deadline::Recurring { every, start } => {
                (every.as_text(), start.to_string(), String::new())
            }
            Deadline::Event { event, expected } => {
                (event.clone(), String::new(), expected.to_string())
            }
        };
        let count = |x: f64| x.to_string().replace('.', ",");
        let (done, total, unit) = self.quantity.as_ref().map_or_else(
            || (String::new(), String::new(), String::new()),
            |q| (count(q.done), count(q.total), q.unit.clone()),
        );
        vec![
            self.code.clone(),
            self.title.clone(),
            self.department.clone(),
            self.person.clone(),
            deadline,
            start,
            expected,
            self.linked.clone(),
            self.status.as_str().to_owned(),
            self.progress.clone(),
            self.done_on.map(|d| d.to_string()).unwrap_or_default(),
            self.section.clone(),
            done,
            total,
            unit,
            self.result.clone(),
        ]
    }
}

impl Monitor {
    /// The tasks, by deadline (a recurrence's start, an event's expected date).
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn tasks(&self) -> Result<Vec<Task>> {
        let rows: Vec<_> = self.store().query_rows(
            "SELECT code, title, department, person, deadline, linked, status, progress, \
             done_on, section, deadline_kind, deadline_text, done, total, unit, result \
             FROM tasks ORDER BY deadline, code",
            [],
            |r| {
                Ok(StoredTask {
                    code: r.get(0)?,
                    title: r.get(1)?,
                    department: r.get(2)?,
                    person: r.get(3)?,
                    deadline: r.get(4)?,
                    linked: r.get(5)?,
                    status: r.get(6)?,
                    progress: r.get(7)?,
                    done_on: r.get(8)?,
                    section: r.get(9)?,
                    deadline_kind: r.get(10)?,
                    deadline_text: r.get(11)?,
                    done: r.get(12)?,
                    total: r.get(13)?,
                    unit: r.get(14)?,
                    result: r.get(15)?,
                })
            },
        )?;
        rows.into_iter().map(StoredTask::into_task).collect()
    }
}

/// One due date of a task (a recurring task's instance, or a dated or event task's one due
/// date) with where it stands: a recurring instance's own report, else the task's.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskInstance {
    pub task: String,
    pub due: Date,
    pub status: TaskStatus,
    pub done_on: Option<Date>,
    /// What the department reported for this instance.
    pub report: String,
}

impl Monitor {
    /// Every task's due dates up to `as_of` (included), by task and date: a recurring task's
    /// instances each with its own report ([`Monitor::report_task_instance`]; open when none),
    /// a dated or event task's one date with the task's status.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn task_instances(&self, as_of: Date) -> Result<Vec<TaskInstance>> {
        let reports: Vec<(String, String, String, Option<String>, String)> =
            self.store().query_tuples(
                "SELECT task, due, status, done_on, report FROM task_reports",
                [],
            )?;
        let mut by_due = std::collections::HashMap::new();
        for (task, due, status, done_on, report) in reports {
            let done_on = done_on.map(|d| d.parse::<Date>()).transpose()?;
            by_due.insert(
                (task, due.parse::<Date>()?),
                (TaskStatus::parse(&status)?, done_on, report),
            );
        }
        let mut out = Vec::new();
        for task in self.tasks()? {
            let recurring = matches!(task.deadline, Deadline::Recurring { .. });
            for due in task.deadline.due_dates(as_of) {
                let (status, done_on, report) = if recurring {
                    by_due.remove(&(task.code.clone(), due)).unwrap_or((
                        TaskStatus::Open,
                        None,
                        String::new(),
                    ))
                } else {
                    (task.status, task.done_on, task.progress.clone())
                };
                out.push(TaskInstance {
                    task: task.code.clone(),
                    due,
                    status,
                    done_on,
                    report,
                });
            }
        }
        Ok(out)
    }

    /// Records where a recurring task's instance due on `due` stands (the fortnightly
    /// meeting of 18 July held, say), replacing an earlier report of it; audited as `who`.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] naming the task if it is unknown or not recurring,
    /// or the date if it is not one of its due dates, or a status `done` without `done_on`;
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn report_task_instance(&mut self, instance: &TaskInstance, who: &str) -> Result<()> {
        let task = self
            .tasks()?
            .into_iter()
            .find(|t| t.code == instance.task)
            .ok_or_else(|| {
                GrdpsimError::invalid_argument("task", format!("no task {:?}", instance.task))
            })?;
        if !matches!(task.deadline, Deadline::Recurring { .. }) {
            return Err(GrdpsimError::invalid_argument(
                "task",
                format!(
                    "task {} is not recurring: its status is the task's",
                    task.code
                ),
            ));
        }
        if !task
            .deadline
            .due_dates(instance.due)
            .contains(&instance.due)
        {
            return Err(GrdpsimError::invalid_argument(
                "due",
                format!(
                    "{} is not a due date of task {} ({} from {})",
                    instance.due,
                    task.code,
                    task.deadline.text(),
                    task.deadline.date()
                ),
            ));
        }
        if instance.status == TaskStatus::Done && instance.done_on.is_none() {
            return Err(GrdpsimError::invalid_argument(
                "done_on",
                format!(
                    "task {} due {}: done needs the date it was done",
                    task.code, instance.due
                ),
            ));
        }
        let key = format!("{}@{}", task.code, instance.due);
        let new = format!("{} {}", instance.status, instance.report);
        self.store().write(|tx| {
            tx.execute(
                "INSERT OR REPLACE INTO task_reports (task, due, status, done_on, report) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![
                    instance.task,
                    instance.due.to_string(),
                    instance.status.as_str(),
                    instance.done_on.map(|d| d.to_string()),
                    instance.report
                ],
            )?;
            crate::store::audit_at(
                tx,
                &crate::store::now_utc(),
                who,
                "",
                "task_reports",
                &key,
                None,
                Some(&new),
            )
        })
    }
}

/// A tasks row as stored.
struct StoredTask {
    code: String,
    title: String,
    department: String,
    person: String,
    deadline: String,
    linked: String,
    status: String,
    progress: String,
    done_on: Option<String>,
    section: String,
    deadline_kind: String,
    deadline_text: String,
    done: Option<f64>,
    total: Option<f64>,
    unit: String,
    result: String,
}

impl StoredTask {
    fn into_task(self) -> Result<Task> {
        let quantity = self.total.map(|total| Quantity {
            done: self.done.unwrap_or(0.0),
            total,
            unit: self.unit,
        });
        Ok(Task {
            code: self.code,
            section: self.section,
            title: self.title,
            department: self.department,
            person: self.person,
            deadline: Deadline::from_stored(
                &self.deadline_kind,
                self.deadline.parse()?,
                self.deadline_text,
            )?,
            linked: self.linked,
            status: TaskStatus::parse(&self.status)?,
            progress: self.progress,
            quantity,
            result: self.result,
            done_on: self.done_on.map(|d| d.parse()).transpose()?,
        })
    }
}

/// A count of a tasks row as [`Lang::parse_number`] reads Vietnamese (`1.250,5`, `1250.5`;
/// `1.250` is refused with both readings); `Some(None)` for an empty cell, `None` for a bad one
/// (noted).
#[allow(clippy::option_option)]
fn number(cx: &mut RowCtx<'_>, column: &str) -> Option<Option<f64>> {
    let raw = cx.cell(column).to_owned();
    if raw.is_empty() {
        return Some(None);
    }
    match Lang::Vi.parse_number(&raw) {
        Ok(x) if x >= 0.0 => Some(Some(x)),
        Ok(_) => {
            cx.bad(column, "a count is at least 0");
            None
        }
        Err(e) => {
            cx.bad(column, e.message(Lang::En));
            None
        }
    }
}

/// The deadline of a tasks row: its kind, its date and its text (see the [module
/// documentation](self)), or `None` (noted).
fn deadline(cx: &mut RowCtx<'_>, year: i32) -> Option<(Value, Value, Value)> {
    let raw = cx.cell("deadline").to_owned();
    let text = |s: &str| Value::Text(s.to_owned());
    if raw.is_empty() {
        cx.bad(
            "deadline",
            "required: a date, a recurrence or an event's name",
        );
        return None;
    }
    if let Ok(d) = raw.parse::<Date>() {
        return Some((text("date"), text(&d.to_string()), text("")));
    }
    let (kind, column, what, stored) = match Recurrence::parse(&raw) {
        Some(r) => (
            "recurring",
            "start",
            "a recurrence needs its first due date",
            r.as_text(),
        ),
        None => (
            "event",
            "expected",
            "an event needs its expected date",
            raw.clone(),
        ),
    };
    match cx.date_any(column, false)? {
        Value::Null if kind == "event" => {
            cx.bad(
                "deadline",
                format!(
                    "{raw:?} is not a date YYYY-MM-DD nor a recurrence (every 2 weeks, định kỳ \
                     2 tuần, monthly by 25, hằng tháng trước ngày 25); as an event it needs its \
                     expected date in column expected"
                ),
            );
            None
        }
        Value::Null => {
            cx.bad(
                column,
                format!("{what} (deadline {raw:?}) in column {column}"),
            );
            None
        }
        // A recurrence's every instance since its start is a due date (and each missed one a
        // finding): a start before the year before the store's plan year is refused.
        Value::Text(start)
            if kind == "recurring" && start.parse::<Date>().is_ok_and(|d| d.year() < year - 1) =>
        {
            cx.bad(
                column,
                format!(
                    "a recurrence's first due date must fall in {} or {year} (the store's plan \
                     year or the one before)",
                    year - 1
                ),
            );
            None
        }
        date => Some((text(kind), date, text(&stored))),
    }
}

/// A tasks row's key and values, or `None` in their place (problems noted in `cx`).
#[allow(clippy::type_complexity)]
pub(super) fn parse_row(
    cx: &mut RowCtx<'_>,
    year: i32,
) -> (Vec<Option<Value>>, Vec<Option<Value>>) {
    let code = cx.text("task", true);
    let deadline = deadline(cx, year);
    let status = TaskStatus::parse(cx.cell("status")).ok();
    if status.is_none() {
        cx.bad("status", "not a status: open, in_progress or done");
    }
    let done_on = cx.date_any("done_on", false);
    if status == Some(TaskStatus::Done) && matches!(done_on, Some(Value::Null)) {
        cx.bad("done_on", "a task done needs the date it was done");
    }
    let done = number(cx, "done");
    let total = number(cx, "total");
    if let (Some(Some(_)), Some(None)) = (done, total) {
        cx.bad("total", "a task's progress done needs its total");
    }
    let real = |x: Option<Option<f64>>| x.map(|x| x.map_or(Value::Null, Value::Real));
    let (kind, date, text) = match deadline {
        Some((k, d, t)) => (Some(k), Some(d), Some(t)),
        None => (None, None, None),
    };
    (
        vec![code],
        vec![
            cx.text("title", true),
            cx.text("department", true),
            cx.text("person", false),
            date,
            cx.text("linked", false),
            status.map(|s| Value::Text(s.as_str().to_owned())),
            cx.text("progress", false),
            done_on,
            cx.text("section", false),
            kind,
            text,
            real(done),
            real(total),
            cx.text("unit", false),
            cx.text("result", false),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations::after;

    /// A store of schema 4 (tasks with a date only) opens at the current schema and keeps its
    /// tasks, read as date deadlines without a section, quantity or result.
    #[test]
    fn a_version_4_store_migrates_and_keeps_its_tasks() {
        let dir = std::env::temp_dir().join(format!("grdpsim-tasks-v4-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("v4.sqlite");
        let _ = std::fs::remove_file(&path);
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, \
                 applied_at TEXT NOT NULL, description TEXT NOT NULL)",
            )
            .unwrap();
            for v in after(0).into_iter().filter(|v| v.number <= 4) {
                for step in &v.steps {
                    conn.execute_batch(step.sql).unwrap();
                }
                conn.execute(
                    "INSERT INTO schema_version VALUES (?1, '2025-07-01', ?2)",
                    rusqlite::params![v.number, v.description],
                )
                .unwrap();
            }
            conn.pragma_update(None, "application_id", crate::store::APPLICATION_ID)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO meta VALUES ('province', 'Old'), ('disbursement_year', '2025');
                 INSERT INTO tasks (code, title, department, deadline, status)
                 VALUES ('T-01', 'Plan', 'Finance', '2025-08-25', 'open');",
            )
            .unwrap();
        }
        let m = Monitor::open(&path).unwrap();
        assert_eq!(
            m.store().schema_version().unwrap(),
            crate::store::SCHEMA_VERSION
        );
        let tasks = m.tasks().unwrap();
        assert_eq!(tasks.len(), 1);
        let t = &tasks[0];
        assert_eq!(t.code, "T-01");
        assert_eq!(t.deadline, Deadline::Date("2025-08-25".parse().unwrap()));
        assert_eq!((t.section.as_str(), t.result.as_str()), ("", ""));
        assert_eq!(t.quantity, None);
        drop(m);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
