//! The tasks assigned at meetings: who answers for them, by when, where they stand, and
//! their rows in a monitoring import ([`super::MonitorImportKind::Tasks`]).

use rusqlite::types::Value;

use super::indicators::Monitor;
use super::Date;
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

/// A task assigned at a meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub code: String,
    pub title: String,
    pub department: String,
    pub person: String,
    pub deadline: Date,
    /// The target, indicator, sector or project it serves.
    pub linked: String,
    pub status: TaskStatus,
    pub progress: String,
    pub done_on: Option<Date>,
}

impl Monitor {
    /// The tasks, by deadline.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn tasks(&self) -> Result<Vec<Task>> {
        let rows: Vec<_> = self.store().query_rows(
            "SELECT code, title, department, person, deadline, linked, status, progress, \
             done_on FROM tasks ORDER BY deadline, code",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, Option<String>>(8)?,
                ))
            },
        )?;
        rows.into_iter()
            .map(
                |(code, title, department, person, deadline, linked, status, progress, done)| {
                    Ok(Task {
                        code,
                        title,
                        department,
                        person,
                        deadline: deadline.parse()?,
                        linked,
                        status: TaskStatus::parse(&status)?,
                        progress,
                        done_on: done.map(|d| d.parse()).transpose()?,
                    })
                },
            )
            .collect()
    }
}

/// A tasks row's key and values, or `None` in their place (problems noted in `cx`).
#[allow(clippy::type_complexity)]
pub(super) fn parse_row(cx: &mut RowCtx<'_>) -> (Vec<Option<Value>>, Vec<Option<Value>>) {
    let code = cx.text("task", true);
    let deadline = cx.date_any("deadline", true);
    let status = TaskStatus::parse(cx.cell("status")).ok();
    if status.is_none() {
        cx.bad("status", "not a status: open, in_progress or done");
    }
    let done_on = cx.date_any("done_on", false);
    if status == Some(TaskStatus::Done) && matches!(done_on, Some(Value::Null)) {
        cx.bad("done_on", "a task done needs the date it was done");
    }
    (
        vec![code],
        vec![
            cx.text("title", true),
            cx.text("department", true),
            cx.text("person", false),
            deadline,
            cx.text("linked", false),
            status.map(|s| Value::Text(s.as_str().to_owned())),
            cx.text("progress", false),
            done_on,
        ],
    )
}
