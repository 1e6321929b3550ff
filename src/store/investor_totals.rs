//! The kept aggregates per investor (schema version 8) that the ranking and the status by
//! investor read instead of every project's rows: `investor_totals`, each investor's cumulative
//! paid from a payment source to each kept week, and `investor_plan_steps`, how each investor's
//! plan in force moves on each date a plan line is revised.
//!
//! `investor_totals` is keyed by (payment source, week, investor), so every investor's
//! cumulative on a week is one range scan of a few thousand rows. Its meaning: for every week
//! kept (a week that has or had a payment of that source), each investor's row holds what the
//! payments of its projects from that source add up to by that week, and an investor without a
//! row there has 0. Every week with a payment is kept, so the latest week kept on or before a
//! date holds the investor's cumulative on that date. The writers of payments keep it in their
//! own transaction: [`super::totals::apply_payment_changes`] passes its changes to [`apply`],
//! which adds each investor's change of a week to its row of that week and of every later week
//! kept (a new week starts as a copy of the week before it). A weekly import, whose week is the
//! latest, costs one copy of the previous week's rows and one upsert an investor.
//!
//! `investor_plan_steps` holds, per investor and date, the change of its plan in force on that
//! date (a revision of a line adds its new amount less the line's previous one, and the line's
//! next revision takes that back); an investor's plan in force on a date is the sum of its
//! steps up to it. Plan revisions are written rarely and by the thousand at most, so triggers
//! keep it (`plan_step!`), whatever writes them, as do projects moving from one investor to
//! another (both tables: the project's totals and steps leave the old investor for the new).
//!
//! `investor_projects` counts each investor's projects (triggers on projects), and
//! `week_reports` how many projects have a payment row of a source in each week (the coverage
//! of a view) and, since schema version 11, what the week's rows paid (the province's S-curve),
//! both kept by [`apply`].
//!
//! [`check`] recomputes them all from the payments and plan revisions, beside the running totals'
//! check: backup and restore refuse a store whose kept aggregates disagree.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::held_texts::same;
use super::import::Known;
use super::totals::{PaymentChange, TOTALS_TOLERANCE};
use crate::error::{GrdpsimError, Result};

/// A change of one plan line's revision (`$row`, `NEW` or `OLD`) adds a delta to its
/// investor's plan in force from the revision's date to the line's next revision, if any: the
/// given one, or `$sign · ($row.amount − the line's previous amount)` (0 for a first
/// allocation; read after the write, so without `$row` itself).
macro_rules! plan_step {
    ($row:literal, from_previous, $sign:literal) => {
        plan_step!(
            $row,
            concat!(
                $sign,
                "(",
                $row,
                ".amount - coalesce((SELECT q.amount FROM plan_revisions q
                 WHERE q.project = ",
                $row,
                ".project AND q.capital_source = ",
                $row,
                ".capital_source AND q.effective < ",
                $row,
                ".effective
                 ORDER BY q.effective DESC LIMIT 1), 0))"
            )
        )
    };
    ($row:literal, $delta:expr) => {
        concat!(
            "INSERT INTO investor_plan_steps (investor, effective, delta)
             SELECT p.investor, s.effective, s.delta FROM projects p JOIN (
                 SELECT ",
            $row,
            ".effective AS effective, ",
            $delta,
            " AS delta
                 UNION ALL
                 SELECT (SELECT min(q.effective) FROM plan_revisions q
                          WHERE q.project = ",
            $row,
            ".project
                            AND q.capital_source = ",
            $row,
            ".capital_source
                            AND q.effective > ",
            $row,
            ".effective), -(",
            $delta,
            ")
             ) s ON s.effective IS NOT NULL
             WHERE p.code = ",
            $row,
            ".project
             ON CONFLICT (investor, effective) DO UPDATE SET delta = delta + excluded.delta;"
        )
    };
}

/// Each investor's weekly paid by payment source: what `investor_totals` is built and checked
/// from.
macro_rules! weekly {
    () => {
        "weekly AS (
        SELECT q.source, q.week_ending, p.investor, sum(q.amount) AS amount
        FROM payments q JOIN projects p ON p.code = q.project
        GROUP BY q.source, q.week_ending, p.investor)"
    };
}

/// Each investor's plan steps recomputed from the plan revisions.
macro_rules! steps {
    () => {
        "steps AS (
        SELECT p.investor, r.effective, sum(r.delta) AS delta
        FROM (SELECT project, effective,
                     amount - coalesce(lag(amount) OVER (
                         PARTITION BY project, capital_source ORDER BY effective), 0) AS delta
              FROM plan_revisions) r
        JOIN projects p ON p.code = r.project
        GROUP BY p.investor, r.effective)"
    };
}

/// Every investor's cumulative on every week kept or paid, recomputed (0 before its first
/// payment): a grid of the weeks and the investors, each investor's weeks summed in order.
macro_rules! recomputed_totals {
    () => {
        concat!(
            weekly!(),
            ",
    weeks AS (SELECT source, week_ending FROM weekly
              UNION SELECT source, week_ending FROM investor_totals),
    payers AS (SELECT source, investor FROM weekly
               UNION SELECT source, investor FROM investor_totals),
    recomputed AS (
        SELECT w.source, w.week_ending, i.investor,
               sum(coalesce(x.amount, 0)) OVER (PARTITION BY w.source, i.investor
                                               ORDER BY w.week_ending ROWS UNBOUNDED PRECEDING)
                   AS c
        FROM weeks w JOIN payers i ON i.source = w.source
        LEFT JOIN weekly x
               ON x.source = w.source AND x.week_ending = w.week_ending
              AND x.investor = i.investor)"
        )
    };
}

/// The trigger that moves a project's kept aggregates from its old investor to its new one
/// when it changes investor: its cumulative paid on each kept week (read from `$totals`, whose
/// rows have `source`, `project`, `week_ending` and `cumulative`: `paid_totals` in version 8,
/// the payments themselves in version 9) and its plan steps leave the one for the other.
/// `by_week` reads the payments keyed week-major (version 10): the project's row in each week
/// `week_reports` lists, from the latest on or before the kept week back, one seek a week.
macro_rules! move_trigger {
    ($totals:literal) => {
        $crate::store::investor_totals::move_trigger!(@latest concat!(
            "(SELECT t.cumulative FROM ",
            $totals,
            " t
                       WHERE t.source = w.source AND t.project = NEW.code
                         AND t.week_ending <= w.week_ending
                       ORDER BY t.week_ending DESC LIMIT 1)"
        ))
    };
    (by_week) => {
        $crate::store::investor_totals::move_trigger!(@latest
            $crate::store::investor_totals::moved_cumulative_by_week!()
        )
    };
    (@latest $latest:expr) => {
        concat!(
            "CREATE TRIGGER investor_aggregates_move AFTER UPDATE OF investor ON projects
    WHEN OLD.investor IS NOT NEW.investor BEGIN
        UPDATE investor_projects SET projects = projects - 1 WHERE investor = OLD.investor;
        INSERT INTO investor_projects (investor, projects) VALUES (NEW.investor, 1)
        ON CONFLICT (investor) DO UPDATE SET projects = projects + 1;
        INSERT INTO investor_totals (source, week_ending, investor, cumulative)
        SELECT k.source, k.week_ending, m.investor, m.sign * k.c
        FROM (SELECT w.source, w.week_ending, ",
            $latest,
            " AS c
              FROM (SELECT DISTINCT source, week_ending FROM investor_totals) w) k
        JOIN (SELECT OLD.investor AS investor, -1.0 AS sign
              UNION ALL SELECT NEW.investor, 1.0) m
        WHERE k.c IS NOT NULL
        ON CONFLICT (source, week_ending, investor)
            DO UPDATE SET cumulative = cumulative + excluded.cumulative;
        INSERT INTO investor_plan_steps (investor, effective, delta)
        SELECT m.investor, s.effective, m.sign * s.delta
        FROM (SELECT effective, sum(delta) AS delta FROM (
                  SELECT effective, amount - coalesce(lag(amount) OVER (
                      PARTITION BY capital_source ORDER BY effective), 0) AS delta
                  FROM plan_revisions WHERE project = NEW.code)
              GROUP BY effective) s
        JOIN (SELECT OLD.investor AS investor, -1.0 AS sign
              UNION ALL SELECT NEW.investor, 1.0) m
        WHERE true
        ON CONFLICT (investor, effective) DO UPDATE SET delta = delta + excluded.delta;
    END;"
        )
    };
}
pub(crate) use move_trigger;

/// The moving project's (`NEW.code`) cumulative on the kept week `w` in version 10's
/// [`move_trigger`]: the weeks `week_reports` lists walked back from `w`, its row sought in
/// each until one is found.
macro_rules! moved_cumulative_by_week {
    () => {
        "(SELECT t.cumulative FROM week_reports r CROSS JOIN payments t
                         ON t.source = r.source AND t.week_ending = +r.week_ending
                        AND t.project = NEW.code
                       WHERE r.source = w.source AND r.week_ending <= w.week_ending
                       ORDER BY r.week_ending DESC LIMIT 1)"
    };
}
pub(crate) use moved_cumulative_by_week;

/// Version 8 of disbursement: the two tables, built from the stored rows, the projects indexed
/// by investor (the ranking counts each investor's projects), and the triggers on plan
/// revisions and projects.
pub(crate) const SCHEMA_V8: &str = concat!(
    "CREATE TABLE investor_totals (
        source TEXT NOT NULL,
        week_ending TEXT NOT NULL,
        investor TEXT NOT NULL,
        cumulative REAL NOT NULL,
        PRIMARY KEY (source, week_ending, investor)
    ) WITHOUT ROWID;
    CREATE TABLE investor_plan_steps (
        investor TEXT NOT NULL,
        effective TEXT NOT NULL,
        delta REAL NOT NULL,
        PRIMARY KEY (investor, effective)
    ) WITHOUT ROWID;
    CREATE TABLE week_reports (
        source TEXT NOT NULL,
        week_ending TEXT NOT NULL,
        projects INTEGER NOT NULL,
        PRIMARY KEY (source, week_ending)
    ) WITHOUT ROWID;
    INSERT INTO week_reports (source, week_ending, projects)
        SELECT source, week_ending, count(DISTINCT project) FROM payments
        GROUP BY source, week_ending;
    CREATE TABLE investor_projects (
        investor TEXT PRIMARY KEY,
        projects INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO investor_projects (investor, projects)
        SELECT investor, count(*) FROM projects GROUP BY investor;
    CREATE TRIGGER investor_projects_insert AFTER INSERT ON projects BEGIN
        INSERT INTO investor_projects (investor, projects) VALUES (NEW.investor, 1)
        ON CONFLICT (investor) DO UPDATE SET projects = projects + 1;
    END;
    CREATE TRIGGER investor_projects_delete AFTER DELETE ON projects BEGIN
        UPDATE investor_projects SET projects = projects - 1 WHERE investor = OLD.investor;
    END;
    CREATE INDEX projects_by_investor ON projects (investor);
    WITH ",
    recomputed_totals!(),
    "
    INSERT INTO investor_totals (source, week_ending, investor, cumulative)
        SELECT source, week_ending, investor, c FROM recomputed;
    WITH ",
    steps!(),
    "
    INSERT INTO investor_plan_steps (investor, effective, delta)
        SELECT investor, effective, delta FROM steps;
    CREATE TRIGGER investor_plan_steps_insert AFTER INSERT ON plan_revisions BEGIN ",
    plan_step!("NEW", from_previous, ""),
    "END;",
    "CREATE TRIGGER investor_plan_steps_update AFTER UPDATE OF amount ON plan_revisions BEGIN ",
    plan_step!("NEW", "(NEW.amount - OLD.amount)"),
    "END;
    CREATE TRIGGER investor_plan_steps_delete AFTER DELETE ON plan_revisions BEGIN ",
    plan_step!("OLD", from_previous, "-"),
    "END;
    ",
    move_trigger!("paid_totals")
);

/// The first investor and week whose kept cumulative differs from its payments' (an investor
/// without a row counts 0), then the first investor and date whose plan step differs from its
/// plan revisions'.
const FIRST_DISAGREEMENT: &str = concat!(
    "WITH ",
    recomputed_totals!(),
    "
    SELECT 'paid', r.source, 'investor ' || r.investor, r.week_ending, coalesce(t.cumulative, 0), r.c
    FROM recomputed r LEFT JOIN investor_totals t
         ON t.source = r.source AND t.week_ending = r.week_ending AND t.investor = r.investor
    WHERE abs(coalesce(t.cumulative, 0) - r.c) > ?1 * max(1.0, abs(r.c))
    ORDER BY r.investor, r.week_ending, r.source
    LIMIT 1"
);

/// The rows of `$recomputed` and of `$stored` (each a query of the `$keys` columns and a
/// `value`) compared key by key, a missing row counting 0: the common table `compared` of the
/// keys, `stored` and `recomputed`.
macro_rules! compared {
    ($recomputed:literal, $stored:literal, $keys:literal) => {
        concat!(
            "both AS (SELECT ",
            $keys,
            ", value AS recomputed, 0 AS stored FROM (",
            $recomputed,
            ")
                      UNION ALL
                      SELECT ",
            $keys,
            ", 0, value FROM (",
            $stored,
            ")),
             compared AS (SELECT ",
            $keys,
            ", sum(stored) AS stored,
                                 sum(recomputed) AS recomputed
                          FROM both GROUP BY ",
            $keys,
            ")"
        )
    };
}

/// The first investor and date whose kept plan step differs from the plan revisions' (a
/// missing step counts 0).
const FIRST_PLAN_DISAGREEMENT: &str = concat!(
    "WITH ",
    steps!(),
    ", ",
    compared!(
        "SELECT investor, effective, delta AS value FROM steps",
        "SELECT investor, effective, delta AS value FROM investor_plan_steps",
        "investor, effective"
    ),
    "
    SELECT 'plan', '', 'investor ' || investor, effective, stored, recomputed FROM compared
    WHERE abs(stored - recomputed) > ?1 * max(1.0, abs(recomputed))
    ORDER BY investor, effective
    LIMIT 1"
);

/// The first week whose count of projects reported differs from the payments' (a week without
/// a row counts 0).
const FIRST_REPORTS_DISAGREEMENT: &str = concat!(
    "WITH ",
    compared!(
        "SELECT source, week_ending, count(DISTINCT project) AS value FROM payments
         GROUP BY source, week_ending",
        "SELECT source, week_ending, projects AS value FROM week_reports",
        "source, week_ending"
    ),
    "
    SELECT 'reported', source, 'projects reported', week_ending, stored, recomputed
    FROM compared
    WHERE abs(stored - recomputed) > ?1
    ORDER BY week_ending, source
    LIMIT 1"
);

/// The first week whose kept paid differs from its payments' sum (a week without a row counts
/// 0), beyond the tolerance of the running totals (schema version 11).
const FIRST_WEEK_PAID_DISAGREEMENT: &str = concat!(
    "WITH ",
    compared!(
        "SELECT source, week_ending, sum(amount) AS value FROM payments
         GROUP BY source, week_ending",
        "SELECT source, week_ending, paid AS value FROM week_reports",
        "source, week_ending"
    ),
    "
    SELECT 'reported', source, 'paid in the week', week_ending, stored, recomputed
    FROM compared
    WHERE abs(stored - recomputed) > ?1 * max(1.0, abs(recomputed))
    ORDER BY week_ending, source
    LIMIT 1"
);

/// The first investor whose count of projects differs from the projects' (a missing row
/// counts 0).
const FIRST_COUNT_DISAGREEMENT: &str = concat!(
    "WITH ",
    compared!(
        "SELECT investor, count(*) AS value FROM projects GROUP BY investor",
        "SELECT investor, projects AS value FROM investor_projects",
        "investor"
    ),
    "
    SELECT 'projects', '', 'investor ' || investor, '', stored, recomputed FROM compared
    WHERE abs(stored - recomputed) > ?1
    ORDER BY investor
    LIMIT 1"
);

/// Checks the kept aggregates per investor of the store on `conn` (labelled `label`) against
/// the payments and the plan revisions; a store of a schema before them has none to check.
///
/// # Errors
/// [`GrdpsimError::TotalsDisagree`] naming the investor (as `investor CODE`, or `projects
/// reported` for a week's count), the payment source (`plan` for a plan step, `projects` for
/// an investor's count of projects) and the week or date at fault;
/// [`GrdpsimError::Database`] if `SQLite` fails.
pub(crate) fn check(conn: &Connection, label: &str) -> Result<()> {
    let db = |e: rusqlite::Error| super::db_error(label, &e);
    let kept = super::has_table(conn, "investor_totals").map_err(db)?;
    if !kept {
        return Ok(());
    }
    let week_paid = conn
        .prepare("SELECT paid FROM week_reports LIMIT 0")
        .is_ok();
    let checks = [
        FIRST_DISAGREEMENT,
        FIRST_PLAN_DISAGREEMENT,
        FIRST_REPORTS_DISAGREEMENT,
        FIRST_COUNT_DISAGREEMENT,
    ];
    // A backup of a version before 11 has no week's paid to check.
    let week_paid = week_paid.then_some(FIRST_WEEK_PAID_DISAGREEMENT);
    for sql in checks.into_iter().chain(week_paid) {
        let first = conn
            .query_row(sql, [TOTALS_TOLERANCE], |r| {
                let kind: String = r.get(0)?;
                let source: String = r.get(1)?;
                Ok(GrdpsimError::TotalsDisagree {
                    path: label.to_owned(),
                    project: r.get(2)?,
                    week_ending: r.get(3)?,
                    payment_source: if source.is_empty() { kind } else { source },
                    stored: r.get(4)?,
                    recomputed: r.get(5)?,
                })
            })
            .optional()
            .map_err(db)?;
        if let Some(e) = first {
            return Err(e);
        }
    }
    Ok(())
}

/// One payment change as the kept aggregates see it: payment source, project, week ending and
/// how much its amount moved (new less old; a withdrawal's is minus the old).
pub(crate) type Delta<'c> = (&'c str, &'c str, &'c str, f64);

/// How many projects a writer's changes add to (or take from) the projects reported in each
/// (payment source, week): a project-week counts from its first row to the withdrawal of its
/// last.
pub(crate) type Reported<'c> = BTreeMap<(&'c str, &'c str), i64>;

/// Keeps `investor_totals` and `week_reports` equal to the payments after `changes` (already
/// applied to `payments`) were written in `tx` ([`apply_deltas`], the projects reported counted
/// here by [`reports_moved`]).
///
/// # Errors
/// If `SQLite` fails.
pub(crate) fn apply(tx: &Transaction<'_>, changes: &[PaymentChange]) -> rusqlite::Result<()> {
    let reported = reports_moved(tx, changes)?;
    let deltas: Vec<Delta<'_>> = changes
        .iter()
        .map(|c| {
            let delta = c.new.unwrap_or(0.0) - c.old.unwrap_or(0.0);
            (
                c.source.as_str(),
                c.project.as_str(),
                c.week_ending.as_str(),
                delta,
            )
        })
        .collect();
    apply_deltas(tx, &deltas, &reported, None)
}

/// Keeps `investor_totals` equal to the payments after `deltas` (already applied to
/// `payments`) were written in `tx`, and adds `reported` to `week_reports`: each investor's
/// change of a week (its projects' changes summed) is added to its row of that week and of
/// every later week kept, a week not kept yet starting as a copy of the latest kept week before
/// it. A change of nothing still keeps its week (every week with a payment is kept). Each
/// (source, week)'s changes are summed by investor in a vector indexed by the investor's place
/// among the investors of the changed projects ([`InvestorsOf`]), so that a week's import of
/// every project hashes and sorts no key a change. The investors are those of `known` when
/// given (the projects as an import read them, none of them moved since), else read here.
///
/// # Errors
/// If `SQLite` fails.
pub(crate) fn apply_deltas(
    tx: &Transaction<'_>,
    deltas: &[Delta<'_>],
    reported: &Reported<'_>,
    known: Option<&Known>,
) -> rusqlite::Result<()> {
    let mut add = tx.prepare_cached(
        "INSERT INTO week_reports (source, week_ending, projects) VALUES (?1, ?2, ?3)
         ON CONFLICT (source, week_ending) DO UPDATE SET projects = projects + excluded.projects",
    )?;
    for (&(source, week), &n) in reported {
        if n != 0 {
            add.execute(params![source, week, n])?;
        }
    }
    if deltas.is_empty() {
        return Ok(());
    }
    add_week_paid(tx, deltas)?;
    let investors = match known {
        Some(known) => InvestorsOf::known(known, deltas),
        None => InvestorsOf::read(tx, deltas)?,
    };
    let mut by_week: BTreeMap<(&str, &str), Vec<Option<f64>>> = BTreeMap::new();
    // The changes of one (source, week) come together (an import's are sorted by source and
    // a week's file has one week): the sums of the previous change's are kept at hand.
    let mut at: Option<WeekSums<'_>> = None;
    for (&(source, _, week, delta), of) in deltas.iter().zip(&investors.of) {
        if let Some(i) = *of {
            if at
                .as_ref()
                .is_none_or(|((s, w), _)| !same(s, source) || !same(w, week))
            {
                if let Some((key, sums)) = at.take() {
                    by_week.insert(key, sums);
                }
                let sums = by_week
                    .remove(&(source, week))
                    .unwrap_or_else(|| vec![None; investors.names.len()]);
                at = Some(((source, week), sums));
            }
            if let Some((_, sums)) = at.as_mut() {
                sums[i] = Some(sums[i].unwrap_or(0.0) + delta);
            }
        }
    }
    if let Some((key, sums)) = at {
        by_week.insert(key, sums);
    }
    let mut kept: HashMap<&str, Vec<String>> = HashMap::new();
    let mut upsert = tx.prepare_cached(
        "INSERT INTO investor_totals (source, week_ending, investor, cumulative)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (source, week_ending, investor)
             DO UPDATE SET cumulative = cumulative + excluded.cumulative",
    )?;
    for ((source, week), sums) in by_week {
        let weeks = match kept.entry(source) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(kept_weeks(tx, source)?),
        };
        if weeks.last().is_none_or(|last| last.as_str() < week) {
            // A week after every kept week (a weekly import's): written at once, each row
            // the latest kept week's plus its investor's change.
            append_week(tx, source, week, weeks.last(), &investors.names, &sums)?;
            weeks.push(week.to_owned());
            continue;
        }
        keep_week(tx, source, week, weeks)?;
        let from = weeks.partition_point(|w| w.as_str() < week);
        for (investor, delta) in investors.names.iter().zip(sums) {
            if let Some(delta) = delta {
                for w in &weeks[from..] {
                    upsert.execute(params![source, w, investor, delta])?;
                }
            }
        }
    }
    Ok(())
}

/// Adds `deltas` to each (payment source, week)'s paid in `week_reports` (schema version 11):
/// a week's changes come together (an import's are sorted by source and a week's file has one
/// week), each run summed and written once.
fn add_week_paid(tx: &Transaction<'_>, deltas: &[Delta<'_>]) -> rusqlite::Result<()> {
    let mut add = tx.prepare_cached(
        "INSERT INTO week_reports (source, week_ending, projects, paid) VALUES (?1, ?2, 0, ?3)
         ON CONFLICT (source, week_ending) DO UPDATE SET paid = paid + excluded.paid",
    )?;
    for run in deltas.chunk_by(|a, b| same(a.0, b.0) && same(a.2, b.2)) {
        let (source, _, week, _) = run[0];
        add.execute(params![source, week, run.iter().map(|d| d.3).sum::<f64>()])?;
    }
    Ok(())
}

/// One (payment source, week)'s changes summed by investor (by place, [`InvestorsOf`]).
type WeekSums<'c> = ((&'c str, &'c str), Vec<Option<f64>>);

/// From how many changes a writer's lookups read in one scan rather than seek each key (a
/// week's import of a province touches every project; a correction, a few).
const SCAN_FROM: usize = 1_000;

/// The investors of the projects some changes touch, sorted, and each change's investor by its
/// place among them (None for a project without one).
struct InvestorsOf {
    names: Vec<String>,
    of: Vec<Option<usize>>,
}

impl InvestorsOf {
    /// The investors of `deltas`' projects as `known` holds them (sorted there): those of no
    /// change left out, the places renumbered, no table read.
    fn known(known: &Known, deltas: &[Delta<'_>]) -> Self {
        let all = known.owners();
        let mut of: Vec<Option<usize>> = Vec::with_capacity(deltas.len());
        // The previous change's project and investor: a week's several lines of one project
        // come together.
        let mut last: Option<(&str, Option<usize>)> = None;
        let mut used = vec![false; all.len()];
        for d in deltas {
            let investor = match last {
                Some((project, investor)) if same(project, d.1) => investor,
                _ => known.owner(d.1),
            };
            last = Some((d.1, investor));
            if let Some(i) = investor {
                used[i] = true;
            }
            of.push(investor);
        }
        let mut renumbered = vec![0; all.len()];
        let mut names = Vec::new();
        for (i, name) in all.iter().enumerate() {
            if used[i] {
                renumbered[i] = names.len();
                names.push(name.clone());
            }
        }
        for i in of.iter_mut().flatten() {
            *i = renumbered[*i];
        }
        Self { names, of }
    }

    /// One seek a project for a few changes, one scan of `projects` for many (each row's
    /// project found among the changes' projects, sorted, and its investor's name kept once);
    /// each change's project is then found among them.
    fn read(tx: &Transaction<'_>, deltas: &[Delta<'_>]) -> rusqlite::Result<Self> {
        // The changes' projects, sorted: an import's are sorted within each source, runs that
        // a stable sort merges.
        let mut wanted: Vec<&str> = deltas.iter().map(|d| d.1).collect();
        wanted.dedup();
        // A stable sort merges the runs (an unstable one would sort them again).
        #[allow(clippy::stable_sort_primitive)]
        wanted.sort();
        wanted.dedup();
        // Each wanted project's investor, by its place in `names` as first read.
        let mut placed: Vec<Option<usize>> = vec![None; wanted.len()];
        let mut names: Vec<String> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut place = |investor: &str| {
            if let Some(&i) = seen.get(investor) {
                return i;
            }
            names.push(investor.to_owned());
            seen.insert(investor.to_owned(), names.len() - 1);
            names.len() - 1
        };
        if deltas.len() >= SCAN_FROM {
            let mut all = tx.prepare_cached("SELECT code, investor FROM projects")?;
            let mut rows = all.query([])?;
            let mut at = 0;
            while let Some(r) = rows.next()? {
                let code = r.get_ref(0)?.as_str()?;
                if let Some(i) = super::totals::position(&wanted, &mut at, code) {
                    if let Some(investor) = r.get_ref(1)?.as_str_or_null()? {
                        placed[i] = Some(place(investor));
                    }
                }
            }
        } else {
            let mut seek = tx.prepare_cached("SELECT investor FROM projects WHERE code = ?1")?;
            for (i, code) in wanted.iter().enumerate() {
                let found: Option<Option<String>> =
                    seek.query_row([code], |r| r.get(0)).optional()?;
                if let Some(Some(investor)) = found {
                    placed[i] = Some(place(&investor));
                }
            }
        }
        // The names sorted (the upserts then go in key order), the places renumbered.
        let renumbered = sort_names(&mut names);
        let mut at = 0;
        let of = deltas
            .iter()
            .map(|d| {
                super::totals::position(&wanted, &mut at, d.1)
                    .and_then(|i| placed[i])
                    .map(|i| renumbered[i])
            })
            .collect();
        Ok(Self { names, of })
    }
}

/// How many payment rows a project (`?2`) has from a source (`?1`) in a week (`?3`).
pub(crate) const ROWS_OF_PROJECT_WEEK: &str =
    "SELECT count(*) FROM payments WHERE source = ?1 AND week_ending = ?3 AND project = ?2";

/// Sorts `names` (each once), returning the new place of each name by its old place.
pub(crate) fn sort_names(names: &mut Vec<String>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_unstable_by(|&a, &b| names[a].cmp(&names[b]));
    let mut renumbered = vec![0; names.len()];
    for (new, &old) in order.iter().enumerate() {
        renumbered[old] = new;
    }
    let mut sorted: Vec<String> = order
        .iter()
        .map(|&i| std::mem::take(&mut names[i]))
        .collect();
    std::mem::swap(names, &mut sorted);
    renumbered
}

/// How many payment rows each (source, week, project) of `keys` has now: one scan of the
/// week's rows (a range of the table's key) for a week with many keys (a week's import), else a
/// seek a key.
fn rows_now<'k>(
    tx: &Transaction<'_>,
    keys: impl Iterator<Item = (&'k str, &'k str, &'k str)> + Clone,
) -> rusqlite::Result<HashMap<(&'k str, &'k str, &'k str), i64>> {
    let mut per_week: HashMap<(&str, &str), usize> = HashMap::new();
    for (source, week, _) in keys.clone() {
        *per_week.entry((source, week)).or_insert(0) += 1;
    }
    let mut scan = tx.prepare_cached(
        "SELECT project, count(*) FROM payments
         WHERE source = ?1 AND week_ending = ?2 GROUP BY project",
    )?;
    let mut scanned: HashMap<(&str, &str), HashMap<String, i64>> = HashMap::new();
    for (&(source, week), &n) in &per_week {
        if n >= SCAN_FROM {
            let counts = scan
                .query_map(params![source, week], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            scanned.insert((source, week), counts);
        }
    }
    let mut seek = tx.prepare_cached(ROWS_OF_PROJECT_WEEK)?;
    let mut out = HashMap::new();
    for (source, week, project) in keys {
        let now = match scanned.get(&(source, week)) {
            Some(counts) => counts.get(project).copied().unwrap_or(0),
            None => seek.query_row(params![source, project, week], |r| r.get(0))?,
        };
        out.insert((source, week, project), now);
    }
    Ok(out)
}

/// The change of `week_reports` (how many projects have a payment row of a source in a week,
/// what a view's coverage reads) that `changes` make: a project-week counts from its first row
/// (a capital source's) to the withdrawal of its last, so only the changes that create or
/// withdraw a row cost a look (the project-week's rows now, [`rows_now`]).
fn reports_moved<'c>(
    tx: &Transaction<'_>,
    changes: &'c [PaymentChange],
) -> rusqlite::Result<Reported<'c>> {
    let mut rows_moved: BTreeMap<(&str, &str, &str), i64> = BTreeMap::new();
    for c in changes {
        let moved = match (c.old, c.new) {
            (None, Some(_)) => 1,
            (Some(_), None) => -1,
            _ => continue,
        };
        *rows_moved
            .entry((
                c.source.as_str(),
                c.week_ending.as_str(),
                c.project.as_str(),
            ))
            .or_insert(0) += moved;
    }
    let counts = rows_now(tx, rows_moved.keys().copied())?;
    let mut by_week: Reported<'c> = BTreeMap::new();
    for (key @ (source, week, _), moved) in rows_moved {
        let now = counts.get(&key).copied().unwrap_or(0);
        let reported = i64::from(now > 0) - i64::from(now - moved > 0);
        if reported != 0 {
            *by_week.entry((source, week)).or_insert(0) += reported;
        }
    }
    Ok(by_week)
}

/// How many projects have a payment row of `source` in the week ending `week` (0 for a week
/// without any), from `week_reports`.
///
/// # Errors
/// The `SQLite` error, if the statement fails.
pub(crate) fn reported_in(conn: &Connection, source: &str, week: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT coalesce((SELECT projects FROM week_reports
                          WHERE source = ?1 AND week_ending = ?2), 0)",
    )?
    .query_row([source, week], |r| r.get(0))
}

/// The weeks kept for `source`, in order: one seek a week.
fn kept_weeks(tx: &Transaction<'_>, source: &str) -> rusqlite::Result<Vec<String>> {
    let mut next = tx.prepare_cached(
        "SELECT week_ending FROM investor_totals WHERE source = ?1 AND week_ending > ?2
         ORDER BY week_ending LIMIT 1",
    )?;
    let mut weeks: Vec<String> = Vec::new();
    while let Some(w) = next
        .query_row(
            params![source, weeks.last().map_or("", String::as_str)],
            |r| r.get(0),
        )
        .optional()?
    {
        weeks.push(w);
    }
    Ok(weeks)
}

/// Keeps `week` for `source`, a week after every kept week (`before`, the latest, if any):
/// each investor's row of `before` (in investor order, one range scan) plus its change in
/// `sums` (by its place in `names`, sorted), an investor with a change but no row there
/// starting from 0; the rows inserted in key order. What [`keep_week`] and an upsert an
/// investor give, without writing each row twice.
fn append_week(
    tx: &Transaction<'_>,
    source: &str,
    week: &str,
    before: Option<&String>,
    names: &[String],
    sums: &[Option<f64>],
) -> rusqlite::Result<()> {
    let mut kept: Vec<(String, f64)> = Vec::new();
    if let Some(before) = before {
        let mut st = tx.prepare_cached(
            "SELECT investor, cumulative FROM investor_totals
             WHERE source = ?1 AND week_ending = ?2 ORDER BY investor",
        )?;
        let rows = st.query_map([source, before.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        kept = rows.collect::<rusqlite::Result<_>>()?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO investor_totals (source, week_ending, investor, cumulative)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    insert.raw_bind_parameter(1, source)?;
    insert.raw_bind_parameter(2, week)?;
    let mut write = |investor: &str, cumulative: f64| -> rusqlite::Result<()> {
        insert.raw_bind_parameter(3, investor)?;
        insert.raw_bind_parameter(4, cumulative)?;
        insert.raw_execute().map(drop)
    };
    let (mut k, mut n) = (0, 0);
    while k < kept.len() || n < names.len() {
        let (investor, cumulative) = match (kept.get(k), names.get(n)) {
            (Some((i, c)), Some(name)) if i == name => {
                (k, n) = (k + 1, n + 1);
                (name.as_str(), sums[n - 1].map_or(*c, |d| c + d))
            }
            (Some((i, c)), name) if name.is_none_or(|name| i < name) => {
                k += 1;
                (i.as_str(), *c)
            }
            (_, Some(name)) => {
                n += 1;
                match sums[n - 1] {
                    Some(d) => (name.as_str(), d),
                    None => continue,
                }
            }
            (_, None) => break,
        };
        write(investor, cumulative)?;
    }
    Ok(())
}

/// Keeps `week` for `source` (in `weeks`, sorted): a new week's rows are those of the latest
/// kept week before it (nothing was paid between them).
fn keep_week(
    tx: &Transaction<'_>,
    source: &str,
    week: &str,
    weeks: &mut Vec<String>,
) -> rusqlite::Result<()> {
    let at = weeks.partition_point(|w| w.as_str() < week);
    if weeks.get(at).is_some_and(|w| w == week) {
        return Ok(());
    }
    if let Some(before) = at.checked_sub(1).and_then(|i| weeks.get(i)) {
        tx.prepare_cached(
            "INSERT INTO investor_totals (source, week_ending, investor, cumulative)
             SELECT source, ?3, investor, cumulative FROM investor_totals
             WHERE source = ?1 AND week_ending = ?2",
        )?
        .execute(params![source, before, week])?;
    }
    weeks.insert(at, week.to_owned());
    Ok(())
}

/// Every investor with projects and how many, by code.
///
/// # Errors
/// The `SQLite` error, if the statement fails.
pub(crate) fn projects_by_investor(conn: &Connection) -> rusqlite::Result<Vec<(String, usize)>> {
    let mut st = conn.prepare_cached(
        "SELECT investor, projects FROM investor_projects WHERE projects > 0 ORDER BY investor",
    )?;
    let rows = st.query_map([], |r| {
        Ok((r.get(0)?, usize::try_from(r.get::<_, i64>(1)?).unwrap_or(0)))
    })?;
    rows.collect()
}

/// Every investor's cumulative paid from `source` on `day` (the latest kept week on or before
/// it), by investor code (as `SQLite` orders text); an investor not listed has 0.
///
/// # Errors
/// The `SQLite` error, if a statement fails.
pub(crate) fn paid_by_investor(
    conn: &Connection,
    source: &str,
    day: &str,
) -> rusqlite::Result<Vec<(String, f64)>> {
    let week: Option<String> = conn
        .prepare_cached(
            "SELECT max(week_ending) FROM investor_totals
             WHERE source = ?1 AND week_ending <= ?2",
        )?
        .query_row([source, day], |r| r.get(0))?;
    let Some(week) = week else {
        return Ok(Vec::new());
    };
    let mut st = conn.prepare_cached(
        "SELECT investor, cumulative FROM investor_totals
         WHERE source = ?1 AND week_ending = ?2 ORDER BY investor",
    )?;
    let rows = st.query_map([source, week.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Every investor's plan in force on each of `days` (`YYYY-MM-DD`, any order), by investor
/// code: one ordered scan of the plan steps.
///
/// # Errors
/// The `SQLite` error, if a statement fails.
pub(crate) fn plans_by_investor(
    conn: &Connection,
    days: &[String],
) -> rusqlite::Result<Vec<(String, Vec<f64>)>> {
    let mut out: Vec<(String, Vec<f64>)> = Vec::new();
    let Some(last) = days.iter().max() else {
        return Ok(out);
    };
    let mut st = conn.prepare_cached(
        "SELECT investor, effective, delta FROM investor_plan_steps
         WHERE effective <= ?1 ORDER BY investor, effective",
    )?;
    let mut rows = st.query([last])?;
    while let Some(r) = rows.next()? {
        let investor = r.get_ref(0)?.as_str()?;
        if out.last().is_none_or(|(i, _)| i != investor) {
            out.push((investor.to_owned(), vec![0.0; days.len()]));
        }
        let effective = r.get_ref(1)?.as_str()?;
        let delta: f64 = r.get(2)?;
        if let Some((_, plans)) = out.last_mut() {
            for (plan, day) in plans.iter_mut().zip(days) {
                if effective <= day.as_str() {
                    *plan += delta;
                }
            }
        }
    }
    Ok(out)
}

/// Every week of `source` with how many projects have a payment row in it (`week_reports`),
/// latest first: what the province's default as-of reads (issue 27: a count of the distinct
/// projects of every payment row of the year before).
///
/// # Errors
/// The `SQLite` error, if the statement fails.
pub(crate) fn reports_by_week(
    conn: &Connection,
    source: &str,
) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut st = conn.prepare_cached(
        "SELECT week_ending, projects FROM week_reports WHERE source = ?1
         ORDER BY week_ending DESC",
    )?;
    let rows = st.query_map([source], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}
