//! The consistency check of the running totals of payments (`paid_totals`, schema version 6,
//! kept by triggers on `payments`): every total recomputed from the payments, in one pass.
//! Backup checks the store it copies and restore the file it copies from, and both refuse a
//! store whose totals disagree (nothing is copied); [`crate::disbursement::Tracker::check_totals`]
//! runs it on demand.

use rusqlite::{Connection, OptionalExtension};

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
    let has_totals: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'paid_totals')",
            [],
            |r| r.get(0),
        )
        .map_err(db)?;
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
    first.map_or(Ok(()), Err)
}
