//! Obstacles (vướng mắc) to a project's disbursement: who must resolve them, by when, and
//! with what result.

use rusqlite::types::Value;

use std::collections::HashSet;

use crate::store::import::RowCtx;

/// An obstacles row's key (project, description) and values, each `None` where the row is
/// bad (the problem recorded in `cx`).
pub(super) type ObstacleCells = (Vec<Option<Value>>, Vec<Option<Value>>);

/// Reads an obstacles row.
pub(super) fn obstacle_row(
    cx: &mut RowCtx<'_>,
    known: &HashSet<String>,
    year: i32,
) -> ObstacleCells {
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
    (
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
    )
}
