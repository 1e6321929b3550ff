//! A task as one row of the monitoring tasks layout, so that a form's change goes through the
//! monitoring import (all or nothing, audited, the command line's checks and messages).

use crate::io::tables::RawTable;
use crate::monitoring::{Deadline, Task};

/// The tasks layout's columns, as [`task_row`] fills them.
pub(super) const TASK_COLUMNS: [&str; 16] = [
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

/// A count as the tasks layout reads it in Vietnamese notation (`1250,5`: no thousands
/// separator, a decimal comma, so that no count reads two ways).
pub(super) fn count_cell(x: f64) -> String {
    x.to_string().replace('.', ",")
}

/// `task` as a row of [`TASK_COLUMNS`].
pub(super) fn task_row(task: &Task) -> Vec<String> {
    let (deadline, start, expected) = match &task.deadline {
        Deadline::Date(d) => (d.to_string(), String::new(), String::new()),
        Deadline::Recurring { every, start } => (every.as_text(), start.to_string(), String::new()),
        Deadline::Event { event, expected } => (event.clone(), String::new(), expected.to_string()),
    };
    let (done, total, unit) = task.quantity.as_ref().map_or_else(
        || (String::new(), String::new(), String::new()),
        |q| (count_cell(q.done), count_cell(q.total), q.unit.clone()),
    );
    vec![
        task.code.clone(),
        task.title.clone(),
        task.department.clone(),
        task.person.clone(),
        deadline,
        start,
        expected,
        task.linked.clone(),
        task.status.as_str().to_owned(),
        task.progress.clone(),
        task.done_on.map(|d| d.to_string()).unwrap_or_default(),
        task.section.clone(),
        done,
        total,
        unit,
        task.result.clone(),
    ]
}

/// One row of a layout, as a form's table.
pub(super) fn one_row(header: &[&str], cells: Vec<String>) -> RawTable {
    RawTable {
        sheet: None,
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        rows: vec![(2, cells)],
    }
}
