//! Obstacles (vướng mắc) to a project's disbursement, to resolution (issue 26 §2.2a): who must
//! resolve each (the responsible body and person), by when, its status from a list
//! ([`ObstacleStatus`]: open, in progress, resolved, escalated to the province), and the
//! result with its date. The store keeps the program codes; pages and reports show the labels
//! in the reader's language.
//!
//! An obstacle is **overdue** on `d` when its deadline is before `d` and it is not resolved
//! ([`Tracker::overdue_obstacles`]); an **escalated** one awaits the province
//! ([`Tracker::escalated_obstacles`]). A resolved obstacle needs its result: an import (or the
//! investor's form) that marks one resolved without it is refused, naming the row.

use rusqlite::types::Value;

use super::Tracker;
use crate::date::Date;
use crate::error::{GrdpsimError, Result};
use crate::io::names::name_key;
use crate::lang::Lang;
use crate::store::import::{Known, RowCtx};

/// Where an obstacle stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObstacleStatus {
    /// Reported, nobody at work on it yet (đang vướng).
    Open,
    /// The responsible body is at work on it (đang xử lý).
    InProgress,
    /// Resolved, with its result (đã giải quyết).
    Resolved,
    /// Beyond the investor and its district: sent up to the province's People's Committee
    /// (đã báo cáo UBND tỉnh).
    Escalated,
}

impl ObstacleStatus {
    /// Every status, in the order a list offers them.
    pub const ALL: [Self; 4] = [
        Self::Open,
        Self::InProgress,
        Self::Resolved,
        Self::Escalated,
    ];

    /// As stored: `open`, `in_progress`, `resolved`, `escalated`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::Resolved => "resolved",
            Self::Escalated => "escalated",
        }
    }

    /// The status's label in English and in Vietnamese (the web page's catalog takes them
    /// from here).
    pub const fn labels(self) -> (&'static str, &'static str) {
        match self {
            Self::Open => ("open", "đang vướng"),
            Self::InProgress => ("in progress", "đang xử lý"),
            Self::Resolved => ("resolved", "đã giải quyết"),
            Self::Escalated => ("escalated to the province", "đã báo cáo UBND tỉnh"),
        }
    }

    /// The status's label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        let (en, vi) = self.labels();
        match lang {
            Lang::En => en,
            Lang::Vi => vi,
        }
    }

    /// Reads a status as stored or as labelled in either language (case, spacing and Unicode
    /// normalisation aside, as `name_key` compares names):
    /// `in_progress`, `in progress`, `đang xử lý` are one status.
    ///
    /// # Errors
    /// [`GrdpsimError::UnknownOption`] naming the text and the statuses.
    pub fn parse(s: &str) -> Result<Self> {
        let t = name_key(s);
        Self::ALL
            .into_iter()
            .find(|st| {
                let (en, vi) = st.labels();
                [st.as_str(), en, vi].into_iter().any(|l| name_key(l) == t)
            })
            .ok_or_else(|| GrdpsimError::UnknownOption {
                option: "obstacle status".into(),
                value: s.into(),
                expected: "open, in_progress, resolved, escalated".into(),
            })
    }
}

/// An obstacle as stored, with its project's investor.
#[derive(Debug, Clone, PartialEq)]
pub struct Obstacle {
    pub project: String,
    pub investor: String,
    pub description: String,
    pub reported: Date,
    /// The body responsible for resolving it (cơ quan chủ trì).
    pub agency: String,
    pub person: String,
    pub deadline: Option<Date>,
    pub status: ObstacleStatus,
    /// The result (kết quả xử lý), empty until there is one.
    pub result: String,
    pub resolved_on: Option<Date>,
}

/// An obstacles row's key (project, description) and values, each `None` where the row is
/// bad (the problem recorded in `cx`).
pub(super) type ObstacleCells = (Vec<Option<Value>>, Vec<Option<Value>>);

/// Reads an obstacles row: the status in either language, stored as its code; a resolved
/// obstacle without its result is refused naming the `resolution` column.
pub(super) fn obstacle_row(cx: &mut RowCtx<'_>, known: &Known, year: i32) -> ObstacleCells {
    let p = cx.project(known);
    let description = cx.text("description", true);
    let reported = cx.date("reported", year, true);
    let agency = cx.text("agency", true);
    let person = cx.text("person", false);
    let deadline = cx.date("deadline", year, false);
    let status = ObstacleStatus::parse(cx.cell("status")).ok();
    if status.is_none() {
        cx.bad(
            "status",
            "not a status: open, in_progress, resolved or escalated",
        );
    }
    let resolution = cx.text("resolution", false);
    if status == Some(ObstacleStatus::Resolved) && cx.cell("resolution").is_empty() {
        cx.bad("resolution", "a resolved obstacle needs its result");
    }
    let resolved_on = cx.date("resolved_on", year, false);
    (
        vec![p, description],
        vec![
            reported,
            agency,
            person,
            deadline,
            status.map(|s| Value::Text(s.as_str().to_owned())),
            resolution,
            resolved_on,
        ],
    )
}

/// project, investor, description, reported, agency, person, deadline, status, resolution,
/// resolved on
type Stored = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
);

fn optional_date(s: Option<String>) -> Result<Option<Date>> {
    s.filter(|s| !s.is_empty()).map(|s| s.parse()).transpose()
}

impl Tracker {
    /// The obstacles reported by `as_of` whose status is one of `statuses` (every status when
    /// empty), of one project or all, by deadline (none last), project and description.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn obstacles(
        &self,
        as_of: Date,
        project: Option<&str>,
        statuses: &[ObstacleStatus],
    ) -> Result<Vec<Obstacle>> {
        let rows: Vec<Stored> = self.store().query_tuples(
            "SELECT o.project, p.investor, o.description, o.reported, o.agency, o.person,
                    o.deadline, o.status, o.resolution, o.resolved_on
             FROM obstacles o JOIN projects p ON p.code = o.project
             WHERE o.reported <= ?1 AND (?2 IS NULL OR o.project = ?2)
             ORDER BY o.deadline IS NULL, o.deadline, o.project, o.description",
            rusqlite::params![as_of.to_string(), project],
        )?;
        let mut out = Vec::new();
        for (
            project,
            investor,
            description,
            reported,
            agency,
            person,
            deadline,
            status,
            result,
            resolved_on,
        ) in rows
        {
            let status = ObstacleStatus::parse(&status)?;
            if !statuses.is_empty() && !statuses.contains(&status) {
                continue;
            }
            out.push(Obstacle {
                project,
                investor,
                description,
                reported: reported.parse()?,
                agency,
                person,
                deadline: optional_date(deadline)?,
                status,
                result,
                resolved_on: optional_date(resolved_on)?,
            });
        }
        Ok(out)
    }

    /// The obstacles escalated to the province and not yet resolved by `as_of`, by deadline.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn escalated_obstacles(&self, as_of: Date) -> Result<Vec<Obstacle>> {
        self.obstacles(as_of, None, &[ObstacleStatus::Escalated])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_reads_as_stored_or_labelled_in_either_language() {
        for s in ObstacleStatus::ALL {
            assert_eq!(ObstacleStatus::parse(s.as_str()).unwrap(), s);
            for lang in Lang::ALL {
                assert_eq!(
                    ObstacleStatus::parse(&s.label(lang).to_uppercase()).unwrap(),
                    s
                );
            }
        }
        assert_eq!(
            ObstacleStatus::parse(" Đang xử lý ").unwrap(),
            ObstacleStatus::InProgress
        );
        assert!(matches!(
            ObstacleStatus::parse("xong rồi"),
            Err(GrdpsimError::UnknownOption { value, .. }) if value == "xong rồi"
        ));
    }
}
