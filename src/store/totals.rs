//! The running totals of payments (`paid_totals`, schema version 6): how every writer of
//! `payments` keeps them in its own transaction ([`PaymentChange`], [`apply_payment_changes`];
//! since schema version 7 no trigger does), and their consistency check: every total recomputed
//! from the payments, in one pass. Backup checks the store it copies and restore the file it
//! copies from, and both refuse a store whose totals disagree (nothing is copied);
//! [`crate::disbursement::Tracker::check_totals`] runs it on demand. [`paid_to_each`] reads every project's total on a date for the views; the totals per
//! investor (`store/investor_totals.rs`) are kept and checked beside them.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::{GrdpsimError, Result};

/// How far a running total may be from the sum of its payments: a millionth of the total (a
/// total made by adding and taking away amounts in another order than a sum's rounds
/// differently in the last bits), and never less than a millionth of a million VND.
pub const TOTALS_TOLERANCE: f64 = 1e-6;

/// The first running total (by project, source and week) that differs from its payments'
/// running sum, a payment without a total, or a total without a payment. A week's several
/// payment rows (one a capital source, schema version 7) make one total.
const FIRST_DISAGREEMENT: &str = "
    WITH weekly AS (
        SELECT source, project, week_ending, sum(amount) AS amount
        FROM payments GROUP BY source, project, week_ending),
    recomputed AS (
        SELECT source, project, week_ending,
               sum(amount) OVER (PARTITION BY source, project ORDER BY week_ending
                                 ROWS UNBOUNDED PRECEDING) AS c
        FROM weekly)
    SELECT project, week_ending, source, stored, c FROM (
        SELECT r.project, r.week_ending, r.source, coalesce(t.cumulative, 0) AS stored, r.c
        FROM recomputed r LEFT JOIN paid_totals t
             ON t.source = r.source AND t.project = r.project AND t.week_ending = r.week_ending
        WHERE t.cumulative IS NULL
           OR abs(t.cumulative - r.c) > ?1 * max(1.0, abs(r.c))
        UNION ALL
        SELECT t.project, t.week_ending, t.source, t.cumulative,
               coalesce((SELECT sum(p.amount) FROM payments p
                          WHERE p.source = t.source AND p.project = t.project
                            AND p.week_ending <= t.week_ending), 0)
        FROM paid_totals t
        WHERE NOT EXISTS (SELECT 1 FROM payments p
                           WHERE p.source = t.source AND p.project = t.project
                             AND p.week_ending = t.week_ending))
    ORDER BY project, week_ending, source
    LIMIT 1";

/// Checks the running totals of the store on `conn` (labelled `label`) against its payments;
/// a store of a schema before the totals (a backup of version 5) has none to check.
///
/// # Errors
/// [`GrdpsimError::TotalsDisagree`] naming the first project, source and week at fault;
/// [`GrdpsimError::Database`] if `SQLite` fails.
pub(crate) fn check_paid_totals(conn: &Connection, label: &str) -> Result<()> {
    let db = |e: rusqlite::Error| super::db_error(label, &e);
    let has_totals = super::has_table(conn, "paid_totals").map_err(db)?;
    if !has_totals {
        return Ok(());
    }
    let first = conn
        .query_row(FIRST_DISAGREEMENT, [TOTALS_TOLERANCE], |r| {
            Ok(GrdpsimError::TotalsDisagree {
                path: label.to_owned(),
                project: r.get(0)?,
                week_ending: r.get(1)?,
                payment_source: r.get(2)?,
                stored: r.get(3)?,
                recomputed: r.get(4)?,
            })
        })
        .optional()
        .map_err(db)?;
    first.map_or(Ok(()), Err)?;
    super::investor_totals::check(conn, label)
}

/// The table whose rows the running totals add up: a writer of it passes each change of a
/// row to [`apply_payment_changes`].
pub(crate) const TOTALLED_TABLE: &str = "payments";

/// One payment row written: its key and its amount before (None: a new row) and after (None:
/// withdrawn).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PaymentChange {
    pub source: String,
    pub project: String,
    pub week_ending: String,
    pub old: Option<f64>,
    pub new: Option<f64>,
}

/// Keeps `paid_totals` equal to the payments after `changes` were written in `tx`: each change
/// moves its project's totals from its week on by `new - old`, and creates (a new row: the
/// total of the weeks before plus its amount) or removes (a withdrawn row) its own week's
/// total. Changes of one project apply in any order (each reads only the totals the previous
/// ones left). Many new rows after their projects' latest totals, what a weekly import brings,
/// are appended together ([`append_weeks`]): one range scan reads the totals they start from
/// and their totals are inserted in key order; any other change costs a seek of its own.
///
/// # Errors
/// If `SQLite` fails.
pub(crate) fn apply_payment_changes(
    tx: &Transaction<'_>,
    changes: &[PaymentChange],
) -> rusqlite::Result<()> {
    let rest = append_weeks(tx, changes)?;
    for c in rest {
        match (c.old, c.new) {
            (None, Some(new)) => add_week(tx, c, new)?,
            (Some(old), Some(new)) => shift(tx, c, true, new - old)?,
            (Some(old), None) => {
                // Its week's total goes with the week's last line (a project's week may have
                // one line a capital source); the later weeks lose its amount.
                shift(tx, c, true, -old)?;
                tx.prepare_cached(
                    "DELETE FROM paid_totals
                     WHERE source = ?1 AND project = ?2 AND week_ending = ?3
                       AND NOT EXISTS (SELECT 1 FROM payments p
                                        WHERE p.source = ?1 AND p.project = ?2
                                          AND p.week_ending = ?3)",
                )?
                .execute(params![c.source, c.project, c.week_ending])?;
            }
            (None, None) => {}
        }
    }
    super::investor_totals::apply(tx, changes)
}

/// From how many new payment rows [`append_weeks`] appends their totals together (a few rows
/// entered on the web page take the per-change path).
const APPEND_FROM: usize = 256;

/// Appends the totals of the new rows (no amount before) of `changes` whose project has no
/// total in their source on or after the earliest such week, and returns the other changes.
/// For each source: one range scan of the week index finds the projects with totals from that
/// week on (none, for a new week), one the latest week with totals before it and every
/// project's total there, in project order (a project that did not report that week costs a
/// read of its own totals); then the new rows, sorted by key, are merged with those totals and
/// inserted in key order, a week's several lines (capital sources) in one total: the project's
/// latest total plus the weeks' amounts so far.
fn append_weeks<'c>(
    tx: &Transaction<'_>,
    changes: &'c [PaymentChange],
) -> rusqlite::Result<Vec<&'c PaymentChange>> {
    let mut new: Vec<&PaymentChange> = changes
        .iter()
        .filter(|c| c.old.is_none() && c.new.is_some())
        .collect();
    if new.len() < APPEND_FROM {
        return Ok(changes.iter().collect());
    }
    new.sort_unstable_by(|a, b| {
        (&a.source, &a.project, &a.week_ending).cmp(&(&b.source, &b.project, &b.week_ending))
    });
    let mut rest: Vec<&PaymentChange> = changes
        .iter()
        .filter(|c| c.old.is_some() || c.new.is_none())
        .collect();
    let mut insert = tx.prepare_cached(
        "INSERT INTO paid_totals (source, project, week_ending, cumulative)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for of_source in new.chunk_by(|a, b| a.source == b.source) {
        let source = of_source[0].source.as_str();
        let Some(first) = of_source.iter().map(|c| c.week_ending.as_str()).min() else {
            continue;
        };
        let from = projects_from(tx, source, first)?;
        let before = latest_before(tx, source, first)?;
        let mut at = 0;
        for of_project in of_source.chunk_by(|a, b| a.project == b.project) {
            let project = of_project[0].project.as_str();
            if from.contains(project) {
                rest.extend(of_project);
                continue;
            }
            while at < before.len() && before[at].0.as_str() < project {
                at += 1;
            }
            let mut total = match before.get(at) {
                Some((p, x)) if p == project => *x,
                _ => totals_around(tx, of_project[0])?.0,
            };
            for of_week in of_project.chunk_by(|a, b| a.week_ending == b.week_ending) {
                total += of_week.iter().filter_map(|c| c.new).sum::<f64>();
                insert.execute(params![source, project, of_week[0].week_ending, total])?;
            }
        }
    }
    Ok(rest)
}

/// The projects with a total from `source` in `week` or later.
fn projects_from(
    tx: &Transaction<'_>,
    source: &str,
    week: &str,
) -> rusqlite::Result<HashSet<String>> {
    let mut st = tx.prepare_cached(
        "SELECT project FROM paid_totals INDEXED BY paid_totals_by_week
         WHERE source = ?1 AND week_ending >= ?2",
    )?;
    let rows = st.query_map([source, week], |r| r.get::<_, String>(0))?;
    rows.collect()
}

/// Every project's total from `source` in the latest week with totals before `week`, sorted
/// by project (a project without a total that week is not in it).
fn latest_before(
    tx: &Transaction<'_>,
    source: &str,
    week: &str,
) -> rusqlite::Result<Vec<(String, f64)>> {
    let prev: Option<String> = tx
        .prepare_cached(
            "SELECT max(week_ending) FROM paid_totals WHERE source = ?1 AND week_ending < ?2",
        )?
        .query_row([source, week], |r| r.get(0))?;
    let Some(prev) = prev else {
        return Ok(Vec::new());
    };
    let mut st = tx.prepare_cached(
        "SELECT project, cumulative FROM paid_totals INDEXED BY paid_totals_by_week
         WHERE source = ?1 AND week_ending = ?2 ORDER BY project",
    )?;
    let rows = st.query_map([source, prev.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// A new payment row's own total (the latest total before its week plus its amount), and its
/// amount added to the project's later weeks when it has any. A row of a week that has a total
/// already (another capital source's line of the same week) is added to it.
fn add_week(tx: &Transaction<'_>, c: &PaymentChange, amount: f64) -> rusqlite::Result<()> {
    let (before, own, later) = totals_around(tx, c)?;
    if own {
        return shift(tx, c, true, amount);
    }
    if later {
        shift(tx, c, false, amount)?;
    }
    tx.prepare_cached(
        "INSERT INTO paid_totals (source, project, week_ending, cumulative)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![c.source, c.project, c.week_ending, before + amount])?;
    Ok(())
}

/// The latest total of the change's project and source before its week (0 if none), whether
/// its week has a total, and whether it has totals after its week. One seek and the project's rows (a year's weeks): a
/// query with `ORDER BY week_ending DESC LIMIT 1` (or `max`) would be prepared again by
/// `SQLite` at every run with new parameters (measured: 299 times in 300 runs), which cost
/// more than the import's other statements together.
fn totals_around(tx: &Transaction<'_>, c: &PaymentChange) -> rusqlite::Result<(f64, bool, bool)> {
    let mut st = tx.prepare_cached(
        "SELECT week_ending, cumulative FROM paid_totals WHERE source = ?1 AND project = ?2",
    )?;
    let mut rows = st.query(params![c.source, c.project])?;
    let (mut before, mut latest_before, mut own, mut later) = (0.0, None::<String>, false, false);
    while let Some(r) = rows.next()? {
        let week: String = r.get(0)?;
        if week == c.week_ending {
            own = true;
        } else if week > c.week_ending {
            later = true;
        } else if latest_before.as_ref().is_none_or(|w| week > *w) {
            before = r.get(1)?;
            latest_before = Some(week);
        }
    }
    Ok((before, own, later))
}

/// Adds `delta` to the totals of the change's project and source after its week (and in its
/// week too if `own_week`).
fn shift(
    tx: &Transaction<'_>,
    c: &PaymentChange,
    own_week: bool,
    delta: f64,
) -> rusqlite::Result<()> {
    let sql = if own_week {
        "UPDATE paid_totals SET cumulative = cumulative + ?4
         WHERE source = ?1 AND project = ?2 AND week_ending >= ?3"
    } else {
        "UPDATE paid_totals SET cumulative = cumulative + ?4
         WHERE source = ?1 AND project = ?2 AND week_ending > ?3"
    };
    tx.prepare_cached(sql)?
        .execute(params![c.source, c.project, c.week_ending, delta])?;
    Ok(())
}

/// The latest running total on or before `day` from `source` of each project of `codes`
/// (sorted, as `SQLite` orders text), aligned with them (0 for a project with none).
///
/// Reads the latest week with a total, `W`, then every total of `W` in one range scan of the
/// week index `paid_totals_by_week` (schema 7): a project that reported in `W` has its latest
/// total there. Only a project without a total in `W` costs a seek of its own (its latest
/// before `W`), so a week most projects reported is read in O(projects), in project order.
///
/// # Errors
/// The `SQLite` error, if a statement fails.
pub(crate) fn paid_to_each(
    conn: &Connection,
    source: &str,
    day: &str,
    codes: &[&str],
) -> rusqlite::Result<Vec<f64>> {
    let mut paid = vec![0.0; codes.len()];
    let latest: Option<String> = conn
        .prepare_cached(
            "SELECT max(week_ending) FROM paid_totals WHERE source = ?1 AND week_ending <= ?2",
        )?
        .query_row([source, day], |r| r.get(0))?;
    let Some(week) = latest else {
        return Ok(paid);
    };
    let mut found = vec![false; codes.len()];
    let mut at = 0;
    let mut st = conn.prepare_cached(
        "SELECT project, cumulative FROM paid_totals INDEXED BY paid_totals_by_week
         WHERE source = ?1 AND week_ending = ?2 ORDER BY project",
    )?;
    let mut rows = st.query([source, week.as_str()])?;
    while let Some(r) = rows.next()? {
        if let Some(i) = position(codes, &mut at, r.get_ref(0)?.as_str()?) {
            paid[i] = r.get(1)?;
            found[i] = true;
        }
    }
    let mut before = conn.prepare_cached(
        "SELECT cumulative FROM paid_totals
         WHERE source = ?1 AND project = ?2 AND week_ending < ?3
         ORDER BY week_ending DESC LIMIT 1",
    )?;
    for (i, code) in codes.iter().enumerate() {
        if !found[i] {
            if let Some(x) = before
                .query_row([source, code, week.as_str()], |r| r.get(0))
                .optional()?
            {
                paid[i] = x;
            }
        }
    }
    Ok(paid)
}

/// Where `code` is in the sorted `codes`, looked for from `*at` on (rows read in the same
/// order advance it, so a whole scan costs O(codes)); a code out of that order is searched
/// for in all of them.
pub(crate) fn position(codes: &[&str], at: &mut usize, code: &str) -> Option<usize> {
    while *at < codes.len() && codes[*at] < code {
        *at += 1;
    }
    if codes.get(*at) == Some(&code) {
        return Some(*at);
    }
    codes.binary_search(&code).ok()
}
