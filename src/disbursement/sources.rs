//! Capital sources (nguồn vốn) per plan line: a project funded from the central budget and
//! the local budget has a plan line in each, and its payments are paid in one of them.
//!
//! A plan revision's line is keyed by project, capital source and effective date; a payment by
//! payment source, project, week and capital source (schema version 7). Either file may leave
//! the `capital_source` column out (or a cell empty): the row is then in the project's own
//! source (`projects.capital_source`), so every file written before several sources existed
//! keeps its meaning. A payment in another source than the project's own must have a plan line
//! in it (stored, or in the same import); otherwise the row is refused naming the project, the
//! week and the source.
//!
//! Monthly and weekly plans stay per project: the order of July 2025 (§2.2a, §2.2c) asks each
//! project for one monthly plan with its milestones and owners and an investor's weekly plan
//! per project, and the count-down and SPI read them per project and investor, never by
//! source.
//!
//! The views by capital source ([`super::Level::CapitalSource`]) count each line in its own
//! source (a project with central 100 and local 50 is in both groups); the views by project,
//! investor and province add a project's lines up, so they read as before.

use std::collections::{HashMap, HashSet};

use rusqlite::params;
use rusqlite::types::Value;

use super::Tracker;
use crate::date::Date;
use crate::error::Result;
use crate::store::import::{Known, RowCtx};
use crate::store::project_slots::ProjectSlots;
use crate::store::sql_sum::SqlSum;
use crate::store::Store;

/// The Vietnamese header of the capital source column (compared as
/// [`crate::io::names::name_key`] compares names).
pub(super) const VIETNAMESE_HEADERS: &[(&str, &str)] = &[("nguồn vốn", "capital_source")];

/// A plan line: project and capital source.
pub(super) type Line = (String, String);

/// Each project's plan lines: the source and its four figures
/// ([`Tracker::line_figures`]).
pub(super) type LineFigures = HashMap<String, Vec<(String, [f64; 4])>>;

/// A payment source's rows to a date in the key order of `payments` (source, week, project,
/// capital source, schema version 10), one range of the key that `SQLite` reads without sorting
/// ([`Tracker::paid_lines_to`]).
pub(super) const PAID_LINES: &str =
    "SELECT project, capital_source, week_ending, amount FROM payments
     WHERE source = ?1 AND week_ending <= ?2";

/// One project's plan lines as [`Tracker::paid_lines_to`] adds them up: capital source, sum to
/// the date, sum to the earlier date.
type PaidLines = Vec<(String, SqlSum, SqlSum)>;

/// What an import needs to give a row its capital source: each project's own source and the
/// plan lines there are, as stored, then as the import's own rows bring them (projects first,
/// then plan revisions, then payments: the order [`super::ImportKind`] applies). The stored
/// projects' own sources are read with the known projects ([`Known::stored`]: one read of the
/// projects an import, issue 27); `own` holds those the import's projects rows bring.
#[derive(Debug, Default)]
pub(super) struct Sources {
    own: HashMap<String, String>,
    lines: HashSet<Line>,
}

impl Sources {
    /// The stored plan lines if `with_lines` (an import whose payment rows all take their
    /// project's own source never looks for a line: issue 27, a week's file for the whole
    /// country read every plan line and dropped them).
    pub(super) fn read(store: &Store, with_lines: bool) -> Result<Self> {
        let lines = if with_lines {
            store.query_tuples(
                "SELECT DISTINCT project, capital_source FROM plan_revisions",
                [],
            )?
        } else {
            HashSet::new()
        };
        Ok(Self {
            own: HashMap::new(),
            lines,
        })
    }

    /// A projects row's own source (a new project, or a project's source changed).
    pub(super) fn project(&mut self, code: Option<&Value>, source: Option<&Value>) {
        if let (Some(Value::Text(code)), Some(Value::Text(source))) = (code, source) {
            self.own.insert(code.clone(), source.clone());
        }
    }

    /// The project's own source: as the import's projects rows bring it, else as stored
    /// (`stored`, [`Known::stored`] of the project).
    fn own<'a>(&'a self, stored: Option<&'a str>, project: &str) -> Option<&'a str> {
        match self.own.get(project) {
            Some(own) => Some(own),
            None => stored,
        }
    }

    /// The row's capital source: its `capital_source` cell (`cell`), or the project's own
    /// (`own`) when the file has no such column or the cell is empty.
    fn of_row<'s>(cx: &mut RowCtx<'_>, cell: &'s str, own: Option<&'s str>) -> Option<&'s str> {
        if !cell.is_empty() {
            return Some(cell);
        }
        if own.is_none() {
            cx.bad(
                "capital_source",
                "the project has no capital source of its own",
            );
        }
        own
    }

    /// A plan revision row's capital source (its line is known from then on).
    pub(super) fn plan_line(
        &mut self,
        cx: &mut RowCtx<'_>,
        known: &Known,
        project: Option<&Value>,
    ) -> Option<Value> {
        let project = project?;
        let own = match project {
            Value::Text(p) => self.own(known.stored(p), p),
            _ => None,
        };
        let source = Self::of_row(cx, cx.cell("capital_source"), own)?.to_owned();
        if let Value::Text(p) = project {
            self.lines.insert((p.clone(), source.clone()));
        }
        Some(Value::Text(source))
    }

    /// A payment row's capital source: the project's own, or one the project has a plan line
    /// in; any other is a problem naming the project, the week and the source. `stored` is
    /// the project's stored own source, found with it ([`RowCtx::project_with`]).
    pub(super) fn payment_line(
        &self,
        cx: &mut RowCtx<'_>,
        project: Option<&Value>,
        stored: Option<&str>,
    ) -> Option<Value> {
        let Some(Value::Text(p)) = project else {
            return None;
        };
        let own = self.own(stored, p);
        let source = Self::of_row(cx, cx.cell("capital_source"), own)?;
        if own == Some(source) || self.lines.contains(&(p.clone(), source.to_owned())) {
            return Some(Value::Text(source.to_owned()));
        }
        let week = cx.cell("week_ending").to_owned();
        cx.bad(
            "capital_source",
            format!(
                "project {p}, week ending {week}: no plan line in capital source {source} \
                 (import the project's plan in that source first)"
            ),
        );
        None
    }
}

impl Tracker {
    /// The plan in force per plan line (project, capital source) on each of `dates`, from one
    /// ordered pass over the revisions (the latest revision of a line effective by a date
    /// wins).
    pub(super) fn lines_on_dates(&self, dates: &[Date]) -> Result<Vec<HashMap<Line, f64>>> {
        let mut out = vec![HashMap::new(); dates.len()];
        let Some(last) = dates.iter().max() else {
            return Ok(out);
        };
        let keys: Vec<String> = dates.iter().map(ToString::to_string).collect();
        let revisions: Vec<(String, String, String, f64)> = self.store().query_tuples(
            "SELECT project, capital_source, effective, amount FROM plan_revisions
             WHERE effective <= ?1 ORDER BY project, capital_source, effective",
            [last.to_string()],
        )?;
        for (project, source, effective, amount) in revisions {
            for (map, key) in out.iter_mut().zip(&keys) {
                if effective <= *key {
                    map.insert((project.clone(), source.clone()), amount);
                }
            }
        }
        Ok(out)
    }

    /// Each project's plan lines with, in [`super::Tracker::status_between`]'s order, the plan
    /// in force and the paid on `as_of`, then on `since`: every line with a plan or a payment
    /// by `as_of`, by source.
    pub(super) fn line_figures(&self, since: Date, as_of: Date) -> Result<LineFigures> {
        let mut plans = self.lines_on_dates(&[as_of, since])?.into_iter();
        let (b1, b0) = (
            plans.next().unwrap_or_default(),
            plans.next().unwrap_or_default(),
        );
        let (p1, p0) = self.paid_lines_to(as_of, since)?;
        let lines: std::collections::BTreeSet<&Line> = b1.keys().chain(p1.keys()).collect();
        let mut out = LineFigures::new();
        for line in lines {
            let of = |m: &HashMap<Line, f64>| m.get(line).copied().unwrap_or(0.0);
            out.entry(line.0.clone())
                .or_default()
                .push((line.1.clone(), [of(&b1), of(&p1), of(&b0), of(&p0)]));
        }
        Ok(out)
    }

    /// Cumulative payments per plan line (project, capital source) with week ending on or
    /// before `d`, and on or before `since` (`since` not after `d`), from the tracker's payment
    /// source: one walk of the rows in the table's key order (source, week, project, capital
    /// source), each row's project placed among the projects' codes read in order (a week's
    /// rows come in that order: a walk, not a search, a row) and its line added up in week
    /// order ([`SqlSum`], the figures `sum(amount)` gives). Grouping by (project, capital
    /// source) in SQL sorted every row in a temporary b-tree, as that grouping is not a prefix
    /// of the key: the largest part of the province page's read (issue 27).
    pub(super) fn paid_lines_to(
        &self,
        d: Date,
        since: Date,
    ) -> Result<(HashMap<Line, f64>, HashMap<Line, f64>)> {
        let store = self.store();
        let paid = paid_by_project(
            &store,
            self.source.as_str(),
            &d.to_string(),
            &since.to_string(),
        )
        .map_err(|e| store.error(&e))?;
        let (mut on_d, mut before) = (HashMap::new(), HashMap::new());
        for (project, lines) in paid.into_entries() {
            for (source, to_d, to_since) in lines {
                let line = (project.clone(), source);
                if let Some(then) = to_since.value() {
                    before.insert(line.clone(), then);
                }
                on_d.insert(line, to_d.value().unwrap_or(0.0));
            }
        }
        Ok((on_d, before))
    }
}

/// [`Tracker::paid_lines_to`]'s walk: `source`'s rows to `d` in key order, each added to its
/// project's line, to `d` and, if its week is on or before `since`, to `since`.
fn paid_by_project(
    store: &Store,
    source: &str,
    d: &str,
    since: &str,
) -> rusqlite::Result<ProjectSlots<PaidLines>> {
    let mut of_project: ProjectSlots<PaidLines> = ProjectSlots::read(store.connection())?;
    let mut st = store.connection().prepare_cached(PAID_LINES)?;
    let mut rows = st.query(params![source, d])?;
    while let Some(r) = rows.next()? {
        let lines = of_project.of(r.get_ref(0)?.as_str()?);
        let capital = r.get_ref(1)?.as_str()?;
        let amount: f64 = r.get(3)?;
        let k = lines
            .iter()
            .position(|l| l.0 == capital)
            .unwrap_or_else(|| {
                lines.push((capital.to_owned(), SqlSum::default(), SqlSum::default()));
                lines.len() - 1
            });
        lines[k].1.add(amount);
        if r.get_ref(2)?.as_str()? <= since {
            lines[k].2.add(amount);
        }
    }
    drop(rows);
    Ok(of_project)
}

#[cfg(test)]
mod tests {
    use super::PAID_LINES;
    use crate::store::Store;

    /// The walk of the payment lines reads the table in its key order: `SQLite` plans no
    /// temporary b-tree (the sort the grouping in SQL needed).
    #[test]
    fn paid_lines_are_read_in_key_order_without_a_sort() {
        let store = Store::open_in_memory().unwrap();
        let plan: Vec<String> = store
            .connection()
            .prepare(&format!("EXPLAIN QUERY PLAN {PAID_LINES}"))
            .unwrap()
            .query_map(["treasury", "2025-09-12"], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(!plan.is_empty());
        assert!(
            plan.iter().all(|step| !step.contains("TEMP B-TREE")),
            "{plan:?}"
        );
        assert!(
            plan.iter().any(|step| step.contains("PRIMARY KEY")),
            "{plan:?}"
        );
    }
}
