//! The running totals of payments: since schema version 9 each payment row carries its
//! `cumulative`, its project's cumulative paid from its payment source up to and including its
//! week, over all its capital sources (the same figure on every row of one source, project and
//! week). Versions 6 to 8 kept them in a table of their own, `paid_totals` (with its week
//! index, two more b-tree inserts a payment); version 9 fills the column from it and drops it.
//!
//! Every writer of `payments` keeps the column in its own transaction: an import writes each
//! row with its cumulative ([`write_payments`]: a week's new rows appended with the totals they
//! start from read in one range scan, one insert a row; any other change recomputes its
//! project's rows from its week on), and a writer that changed rows itself (a withdrawal) hands
//! its changes to [`apply_payment_changes`]. Both pass the changes on to the kept aggregates
//! per investor (`store/investor_totals.rs`).
//!
//! Their consistency check ([`check_paid_totals`]) recomputes every row's cumulative from the
//! amounts in one pass and refuses a row whose cumulative differs (two rows of one week that
//! disagree cannot both equal it). Backup checks the store it copies and restore the file it
//! copies from, and both refuse a store whose totals disagree (nothing is copied);
//! [`crate::disbursement::Tracker::check_totals`] runs it on demand. [`paid_to_each`] reads
//! every project's total on a date for the views.

use std::collections::{BTreeMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::held_texts::same;
use super::import::Known;
use super::investor_totals::{reports_by_week, Delta, Reported};
use super::project_slots::ProjectSlots;
use super::week_walk;
use crate::error::{GrdpsimError, Result};

/// How far a running total may be from the sum of its payments: a millionth of the total (a
/// total made by adding and taking away amounts in another order than a sum's rounds
/// differently in the last bits), and never less than a millionth of a million VND.
pub const TOTALS_TOLERANCE: f64 = 1e-6;

/// A payment row whose cumulative disagrees: project, week, payment source, the stored
/// cumulative and the recomputed one.
type Disagreement = (String, String, String, f64, f64);

/// The payments in the order [`first_disagreement`] walks them, each (source, week, project)'s
/// rows together: the key's order since schema 10, the week index's in schema 9 (a backup
/// restored from; the index carries every column read): never a sort.
const WALKED: &str = "SELECT source, week_ending, project, amount, cumulative FROM payments
    ORDER BY source, week_ending, project";

/// One (source, week, project)'s rows in [`first_disagreement`]'s walk.
#[derive(Default)]
struct WeekRows {
    source: String,
    week: String,
    project: String,
    /// The project's cumulative from the source with the rows read so far.
    total: f64,
    /// Each row's stored cumulative.
    stored: Vec<f64>,
}

impl WeekRows {
    /// Keeps in `first` the earlier (by project, week and source) of it and this week's first
    /// row whose cumulative differs from the total (the week's rows all added).
    fn close(&self, first: &mut Option<Disagreement>) {
        let c = self.total;
        let Some(&bad) = self
            .stored
            .iter()
            .find(|x| (*x - c).abs() > TOTALS_TOLERANCE * c.abs().max(1.0))
        else {
            return;
        };
        let key = (
            self.project.as_str(),
            self.week.as_str(),
            self.source.as_str(),
        );
        if first
            .as_ref()
            .is_none_or(|f| key < (f.0.as_str(), f.1.as_str(), f.2.as_str()))
        {
            *first = Some((key.0.to_owned(), key.1.to_owned(), key.2.to_owned(), bad, c));
        }
    }
}

/// The first payment row (by project, week and source) whose cumulative differs from the sum
/// of its project's amounts from its source up to and including its week (the week's other
/// rows, one a capital source, included): one walk of the payments in key order
/// ([`WALKED`]), each project's running total of the source kept by its place among the
/// projects ([`ProjectSlots`]). Computed in SQL (a window partitioned by project) it sorted
/// every row of the table, keyed week-major since schema 10.
fn first_disagreement(conn: &Connection) -> rusqlite::Result<Option<Disagreement>> {
    let mut totals: ProjectSlots<f64> = ProjectSlots::read(conn)?;
    let mut st = conn.prepare(WALKED)?;
    let mut rows = st.query([])?;
    let (mut at, mut first) = (WeekRows::default(), None);
    let mut started = false;
    while let Some(r) = rows.next()? {
        let (source, week, project) = (
            r.get_ref(0)?.as_str()?,
            r.get_ref(1)?.as_str()?,
            r.get_ref(2)?.as_str()?,
        );
        if !started || at.project != project || at.week != week || at.source != source {
            if started {
                at.close(&mut first);
                *totals.of(&at.project) = at.total;
            }
            if !started || at.source != source {
                totals.reset();
                at.source.clear();
                at.source.push_str(source);
            }
            started = true;
            at.week.clear();
            at.week.push_str(week);
            at.project.clear();
            at.project.push_str(project);
            at.total = *totals.of(project);
            at.stored.clear();
        }
        at.total += r.get::<_, f64>(3)?;
        at.stored.push(r.get(4)?);
    }
    if started {
        at.close(&mut first);
    }
    Ok(first)
}

/// [`first_disagreement`] for a backup of versions 6 to 8, whose totals are the table
/// `paid_totals` (one row a source, project and week): the first total that differs from its
/// payments' running sum, a payment week without a total, or a total without a payment.
const FIRST_DISAGREEMENT_V8: &str = "
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

/// Checks the running totals of the store on `conn` (labelled `label`) against its payments,
/// and the kept aggregates per investor beside them; a store of a schema before the totals (a
/// backup of version 5) has none to check, one of versions 6 to 8 has them in `paid_totals`.
///
/// # Errors
/// [`GrdpsimError::TotalsDisagree`] naming the first project, source and week at fault;
/// [`GrdpsimError::Database`] if `SQLite` fails.
pub(crate) fn check_paid_totals(conn: &Connection, label: &str) -> Result<()> {
    let db = |e: rusqlite::Error| super::db_error(label, &e);
    let first = if super::has_table(conn, "paid_totals").map_err(db)? {
        conn.query_row(FIRST_DISAGREEMENT_V8, [TOTALS_TOLERANCE], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()
    } else if has_cumulative(conn).map_err(db)? {
        first_disagreement(conn)
    } else {
        return Ok(());
    };
    if let Some((project, week_ending, payment_source, stored, recomputed)) = first.map_err(db)? {
        return Err(GrdpsimError::TotalsDisagree {
            path: label.to_owned(),
            project,
            week_ending,
            payment_source,
            stored,
            recomputed,
        });
    }
    super::investor_totals::check(conn, label)
}

/// Whether the payments of the store on `conn` carry their cumulative (schema version 9).
fn has_cumulative(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info('payments') WHERE name = 'cumulative')",
        [],
        |r| r.get(0),
    )
}

/// The table whose rows the running totals add up: an import hands its rows of it to
/// [`write_payments`], another writer its changes to [`apply_payment_changes`].
pub(crate) const TOTALLED_TABLE: &str = "payments";

/// One payment row changed: its key and its amount before (None: a new row) and after (None:
/// withdrawn); a withdrawal's change is its week's lines over every capital source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PaymentChange {
    pub source: String,
    pub project: String,
    pub week_ending: String,
    pub old: Option<f64>,
    pub new: Option<f64>,
}

/// One payment row an import writes: its key, its amount before (None: a new row) and now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PaymentWrite<'r> {
    pub source: &'r str,
    pub project: &'r str,
    pub week_ending: &'r str,
    pub capital_source: &'r str,
    pub old: Option<f64>,
    pub amount: f64,
}

impl PaymentWrite<'_> {
    /// Whether `self` comes before `other` or is equal, by key, the texts held once compared
    /// by address first ([`same`]).
    fn key_le(&self, other: &Self) -> bool {
        let held = |a: &str, b: &str| {
            if same(a, b) {
                std::cmp::Ordering::Equal
            } else {
                a.cmp(b)
            }
        };
        held(self.source, other.source)
            .then_with(|| self.project.cmp(other.project))
            .then_with(|| held(self.week_ending, other.week_ending))
            .then_with(|| self.capital_source.cmp(other.capital_source))
            .is_le()
    }

    fn key(&self) -> (&str, &str, &str, &str) {
        (
            self.source,
            self.project,
            self.week_ending,
            self.capital_source,
        )
    }
}

/// A payment row inserted with its cumulative.
const INSERT: &str = "INSERT INTO payments
    (source, project, week_ending, capital_source, amount, cumulative)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/// Writes an import's payment rows (`writes`, new rows and new amounts of stored ones, in any
/// order; sorted here by key) each with its cumulative, in `tx`, and moves the cumulatives
/// they change. A source's many new rows after their projects' latest rows, what a weekly
/// import brings, are appended ([`Appends`]): one range scan of the week before reads the
/// totals they start from, and each row is one insert, in key order, a week's several lines
/// (capital sources) with one total: the project's latest total plus the week's amounts,
/// inserted many rows a statement ([`Appender`]). Any other project's rows are recomputed from
/// its earliest written week on ([`settle`]). `investors`, the projects as the import read
/// them with its investors ([`Known::owner`]) when nothing it writes moves a project, spares
/// the kept aggregates per investor a read of every project. Returns, for each source whose
/// writes were all appended in one week that is now its latest, that week's totals
/// ([`LatestWeek`], what the next week's appends of that source start from).
///
/// # Errors
/// If `SQLite` fails.
pub(crate) fn write_payments(
    tx: &Transaction<'_>,
    writes: &mut [PaymentWrite<'_>],
    investors: Option<&Known>,
    read_before: &[WeekBases],
    latest: &mut Vec<LatestWeek>,
) -> rusqlite::Result<Vec<LatestWeek>> {
    sort_by_key(writes);
    let writes: &[PaymentWrite<'_>] = writes;
    let mut insert = Appender::new(tx)?;
    // The projects now reported in a week they had no row in (an import withdraws nothing).
    let mut reported = Reports::default();
    let mut written = Vec::new();
    for of_source in writes.chunk_by(|a, b| same(a.source, b.source)) {
        // Each project's writes, in order: its code compared with its neighbour's once here
        // for all that follows (issue 27: 50,000 codes a week's source, each compared three
        // times over before).
        let of_projects: Vec<&[PaymentWrite<'_>]> = of_source
            .chunk_by(|a, b| same(a.project, b.project))
            .collect();
        let appends = Appends::read(tx, of_source, &of_projects, read_before, latest)?;
        // The source's new latest week's totals, while every project is appended in one
        // week after all the source's stored rows.
        let week = of_source[0].week_ending;
        let mut kept = appends
            .as_ref()
            .filter(|a| a.latest && of_source.iter().all(|w| same(w.week_ending, week)))
            .map(|_| ProjectTotals::default());
        for (at, &of_project) in of_projects.iter().enumerate() {
            let first = &of_project[0];
            let Some(mut total) = appends.as_ref().and_then(|a| a.bases[at]) else {
                kept = None;
                let had = settle(
                    tx,
                    first.source,
                    first.project,
                    first.week_ending,
                    of_project,
                )?;
                for of_week in of_project.chunk_by(|a, b| same(a.week_ending, b.week_ending)) {
                    if !had.contains(of_week[0].week_ending) {
                        reported.add(first.source, of_week[0].week_ending);
                    }
                }
                continue;
            };
            for of_week in of_project.chunk_by(|a, b| same(a.week_ending, b.week_ending)) {
                reported.add(first.source, of_week[0].week_ending);
                total += of_week.iter().map(|w| w.amount).sum::<f64>();
                for w in of_week {
                    insert.append(w, total)?;
                }
            }
            if let Some(kept) = kept.as_mut() {
                kept.push(first.project, total);
            }
        }
        insert.finish()?;
        if let Some(totals) = kept {
            written.push(LatestWeek {
                source: of_source[0].source.to_owned(),
                week: week.to_owned(),
                totals,
            });
        }
    }
    drop(insert);
    let deltas: Vec<Delta<'_>> = writes
        .iter()
        .map(|w| {
            (
                w.source,
                w.project,
                w.week_ending,
                w.amount - w.old.unwrap_or(0.0),
            )
        })
        .collect();
    super::investor_totals::apply_deltas(tx, &deltas, &reported.counted(), investors)?;
    Ok(written)
}

/// A payment source's latest week, as an import wrote it: each project's total in it (the
/// projects with a row in it, in order). The next week's appends start from it
/// ([`WeekBases::start`]) while nothing else has been written (`store::import_memo`).
pub(crate) struct LatestWeek {
    source: String,
    week: String,
    totals: ProjectTotals,
}

impl LatestWeek {
    /// The payment source and its latest week.
    pub(crate) fn of(&self) -> (&str, &str) {
        (&self.source, &self.week)
    }

    /// Moves every project's total by `by` (a test's tampering).
    #[cfg(test)]
    pub(crate) fn move_totals(&mut self, by: f64) {
        for (_, total) in &mut self.totals.ends {
            *total += by;
        }
    }
}

/// The projects newly reported in each (payment source, week), counted run by run: a
/// writer's rows come week by week within each source, so the map is touched once a run, not
/// once a project (issue 27).
#[derive(Default)]
struct Reports<'c> {
    counted: Reported<'c>,
    /// The latest (source, week) and its projects, not counted in yet.
    run: Option<(&'c str, &'c str, i64)>,
}

impl<'c> Reports<'c> {
    /// One more project reported in `week` from `source`.
    fn add(&mut self, source: &'c str, week: &'c str) {
        match &mut self.run {
            Some((s, w, n)) if same(s, source) && same(w, week) => *n += 1,
            run => {
                if let Some((s, w, n)) = run.replace((source, week, 1)) {
                    *self.counted.entry((s, w)).or_insert(0) += n;
                }
            }
        }
    }

    /// Every (source, week)'s count.
    fn counted(mut self) -> Reported<'c> {
        if let Some((s, w, n)) = self.run.take() {
            *self.counted.entry((s, w)).or_insert(0) += n;
        }
        self.counted
    }
}

/// How many appended payment rows one statement inserts ([`Appender`]).
const BATCH: usize = 64;

/// The insert of [`BATCH`] payment rows of one source and week: the source `?1` and the week
/// `?2`, then each row's project, capital source, amount and cumulative.
fn batch_insert() -> String {
    let rows: Vec<String> = (0..BATCH)
        .map(|i| {
            let at = 3 + 4 * i;
            format!("(?1, ?{at}, ?2, ?{}, ?{}, ?{})", at + 1, at + 2, at + 3)
        })
        .collect();
    format!(
        "INSERT INTO payments (source, project, week_ending, capital_source, amount, cumulative)
         VALUES {}",
        rows.join(", ")
    )
}

/// The appended payment rows, inserted [`BATCH`] at a time by one statement (its source and
/// week bound once, a statement's step and reset paid once for them all) as they come in key
/// order; fewer rows, or rows of another source or week, one by one ([`INSERT`]). What is
/// pending is inserted by [`Appender::finish`].
struct Appender<'c, 'w> {
    tx: &'c Transaction<'c>,
    one: rusqlite::CachedStatement<'c>,
    /// The statement of [`BATCH`] rows, prepared with the first batch.
    many: Option<rusqlite::CachedStatement<'c>>,
    /// The rows not inserted yet, with their cumulatives (all of one source and week).
    pending: Vec<(PaymentWrite<'w>, f64)>,
}

impl<'c, 'w> Appender<'c, 'w> {
    fn new(tx: &'c Transaction<'c>) -> rusqlite::Result<Self> {
        Ok(Self {
            tx,
            one: tx.prepare_cached(INSERT)?,
            many: None,
            pending: Vec::with_capacity(BATCH),
        })
    }

    /// Inserts `w` with its cumulative `total`, now or with the rows after it.
    fn append(&mut self, w: &PaymentWrite<'w>, total: f64) -> rusqlite::Result<()> {
        if let Some((p, _)) = self.pending.first() {
            if !same(p.week_ending, w.week_ending) || !same(p.source, w.source) {
                self.finish()?;
            }
        }
        self.pending.push((*w, total));
        if self.pending.len() < BATCH {
            return Ok(());
        }
        let many = match &mut self.many {
            Some(many) => many,
            many => many.insert(self.tx.prepare_cached(&batch_insert())?),
        };
        let (first, _) = self.pending[0];
        many.raw_bind_parameter(1, first.source)?;
        many.raw_bind_parameter(2, first.week_ending)?;
        for (i, (w, total)) in self.pending.iter().enumerate() {
            let at = 3 + 4 * i;
            many.raw_bind_parameter(at, w.project)?;
            many.raw_bind_parameter(at + 1, w.capital_source)?;
            many.raw_bind_parameter(at + 2, w.amount)?;
            many.raw_bind_parameter(at + 3, *total)?;
        }
        self.pending.clear();
        many.raw_execute().map(drop)
    }

    /// Inserts the rows pending, one by one.
    fn finish(&mut self) -> rusqlite::Result<()> {
        for (w, total) in self.pending.drain(..) {
            self.one.execute(params![
                w.source,
                w.project,
                w.week_ending,
                w.capital_source,
                w.amount,
                total
            ])?;
        }
        Ok(())
    }
}

/// Sorts `writes` by key. A file in project order (each project's investor and Treasury lines
/// together) is in key order within each payment source: its rows are taken source by source
/// in file order (a few sources, each row's compared with them, never a sort by text), and
/// each source's rows sorted only if they are not already.
fn sort_by_key(writes: &mut [PaymentWrite<'_>]) {
    if !writes.is_sorted_by(|a, b| same(a.source, b.source) || a.source < b.source) {
        let mut sources: Vec<&str> = Vec::new();
        for w in writes.iter() {
            if sources.last() != Some(&w.source) && !sources.contains(&w.source) {
                sources.push(w.source);
            }
        }
        sources.sort_unstable();
        let file: Vec<PaymentWrite<'_>> = writes.to_vec();
        let by_source = sources
            .iter()
            .flat_map(|&s| file.iter().filter(move |w| same(w.source, s)));
        for (to, w) in writes.iter_mut().zip(by_source) {
            *to = *w;
        }
    }
    for of_source in writes.chunk_by_mut(|a, b| same(a.source, b.source)) {
        if !of_source.is_sorted_by(PaymentWrite::key_le) {
            of_source.sort_unstable_by(|a, b| a.key().cmp(&b.key()));
        }
    }
}

/// Keeps the payments' cumulatives equal to their amounts after `changes` were written in `tx`
/// by their writer (a withdrawal deletes its week's rows first): each changed project's rows
/// are recomputed from its earliest changed week on ([`settle`]); then the kept aggregates per
/// investor follow the changes.
///
/// # Errors
/// If `SQLite` fails.
pub(crate) fn apply_payment_changes(
    tx: &Transaction<'_>,
    changes: &[PaymentChange],
) -> rusqlite::Result<()> {
    let mut from: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for c in changes {
        let week = from
            .entry((c.source.as_str(), c.project.as_str()))
            .or_insert(c.week_ending.as_str());
        if c.week_ending.as_str() < *week {
            *week = c.week_ending.as_str();
        }
    }
    for ((source, project), week) in from {
        settle(tx, source, project, week, &[])?;
    }
    super::investor_totals::apply(tx, changes)
}

/// From how many new payment rows of a source [`write_payments`] appends them together (a few
/// rows entered on the web page take [`settle`]).
const APPEND_FROM: usize = 256;

/// What a source's appended rows start from: for each of its projects (in order), the total
/// its rows are appended to, or None for a project whose rows [`settle`] recomputes.
struct Appends {
    bases: Vec<Option<f64>>,
    /// Whether the source had no row from the earliest written week on (its written weeks
    /// are then its latest).
    latest: bool,
}

impl Appends {
    /// The totals the writes of one source (`of_source`, sorted; `of_projects`, the same
    /// grouped by project) start from, one a project (in order), if they bring
    /// [`APPEND_FROM`] new rows or more: a project's total in the latest week with payments
    /// before the earliest written week, if all its writes are new rows, it has no row from
    /// that earliest week on and it has a row in that latest week (0 when the source has no
    /// week before); None otherwise (a project that did not report
    /// that week reads its own rows, [`settle`]). What the store holds is read by
    /// [`WeekBases::start`] (from `latest`, what the previous import wrote, or read), or taken
    /// from `read_before` if it was read there for this source and earliest week, and merged
    /// with the projects in order.
    fn read(
        tx: &Transaction<'_>,
        of_source: &[PaymentWrite<'_>],
        of_projects: &[&[PaymentWrite<'_>]],
        read_before: &[WeekBases],
        latest: &mut Vec<LatestWeek>,
    ) -> rusqlite::Result<Option<Self>> {
        let new = of_source.iter().filter(|w| w.old.is_none()).count();
        let first = of_source.iter().map(|w| w.week_ending).min();
        let (Some(first), true) = (first, new >= APPEND_FROM) else {
            return Ok(None);
        };
        let source = of_source[0].source;
        let found = read_before
            .iter()
            .find(|b| b.source == source && b.first == first);
        let read_now;
        let stored = if let Some(found) = found {
            found
        } else {
            read_now = WeekBases::start(tx, latest, source, first)?;
            &read_now
        };
        let projects: Vec<&str> = of_projects.iter().map(|p| p[0].project).collect();
        let mut bases: Vec<Option<f64>> = of_projects
            .iter()
            .map(|p| p.iter().all(|w| w.old.is_none()).then_some(0.0))
            .collect();
        let mut at = 0;
        for project in &stored.later {
            if let Some(i) = position(&projects, &mut at, project) {
                bases[i] = None;
            }
        }
        if let Some(totals) = &stored.totals {
            // A project without a row in that week has no base: only those read keep theirs.
            let mut found = vec![false; projects.len()];
            let mut at = 0;
            for (project, total) in totals.iter() {
                if let Some(i) = position(&projects, &mut at, project) {
                    found[i] = true;
                    if let Some(b) = bases[i].as_mut() {
                        *b = total;
                    }
                }
            }
            for (b, found) in bases.iter_mut().zip(found) {
                if !found {
                    *b = None;
                }
            }
        }
        Ok(Some(Self {
            bases,
            latest: stored.later.is_empty(),
        }))
    }
}

/// What the appended rows of a payment source whose earliest written week is `first` start
/// from, as the store holds it ([`Appends::read`]): an import may read it while its rows are
/// checked (issue 27), in its own transaction before it writes anything, so that it is what
/// the appends would have read (a source's writes change no other source's rows).
pub(crate) struct WeekBases {
    source: String,
    first: String,
    /// The projects with a row from `first` on (none for a new week).
    later: Vec<String>,
    /// Each project's total in the latest week before `first` (None: the source has none).
    totals: Option<ProjectTotals>,
}

impl WeekBases {
    /// What appends of `source` from `first` on start from: from the source's latest week in
    /// `latest` (taken out of it: what the previous import wrote, `store::import_memo`) if
    /// `first` is after it (none of the source's rows from `first` on, each project's total in
    /// the latest week before it), else as the store holds it ([`WeekBases::read`]).
    ///
    /// # Errors
    /// If `SQLite` fails.
    pub(crate) fn start(
        conn: &Connection,
        latest: &mut Vec<LatestWeek>,
        source: &str,
        first: &str,
    ) -> rusqlite::Result<Self> {
        match latest.iter().position(|l| l.source == source) {
            Some(at) if latest[at].week.as_str() < first => {
                let kept = latest.swap_remove(at);
                Ok(Self {
                    source: kept.source,
                    first: first.to_owned(),
                    later: Vec::new(),
                    totals: Some(kept.totals),
                })
            }
            _ => Self::read(conn, source, first),
        }
    }

    /// Two range scans of the table (keyed by source and week first): the projects from
    /// `first` on, and the week before's totals.
    ///
    /// # Errors
    /// If `SQLite` fails.
    pub(crate) fn read(conn: &Connection, source: &str, first: &str) -> rusqlite::Result<Self> {
        let mut later = Vec::new();
        projects_from(conn, source, first, |project| {
            later.push(project.to_owned());
        })?;
        let prev: Option<String> = conn
            .prepare_cached(
                "SELECT max(week_ending) FROM payments WHERE source = ?1 AND week_ending < ?2",
            )?
            .query_row([source, first], |r| r.get(0))?;
        let totals = match prev {
            Some(prev) => {
                let mut totals = ProjectTotals::default();
                week_totals(conn, source, &prev, |project, total| {
                    totals.push(project, total);
                })?;
                Some(totals)
            }
            None => None,
        };
        Ok(Self {
            source: source.to_owned(),
            first: first.to_owned(),
            later,
            totals,
        })
    }
}

/// Projects with a total each, in the order read, their codes in one text (50,000 of them a
/// week's file: no string a project).
#[derive(Default)]
struct ProjectTotals {
    text: String,
    /// Where each project's code ends in `text`, with its total.
    ends: Vec<(usize, f64)>,
}

impl ProjectTotals {
    fn push(&mut self, project: &str, total: f64) {
        self.text.push_str(project);
        self.ends.push((self.text.len(), total));
    }

    fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        let mut from = 0;
        self.ends.iter().map(move |&(end, total)| {
            let project = &self.text[from..end];
            from = end;
            (project, total)
        })
    }
}

/// Each project with a payment row of `source` in `week` or later, given to `each` (in
/// project order within each week).
fn projects_from(
    tx: &Connection,
    source: &str,
    week: &str,
    mut each: impl FnMut(&str),
) -> rusqlite::Result<()> {
    let mut st =
        tx.prepare_cached("SELECT project FROM payments WHERE source = ?1 AND week_ending >= ?2")?;
    let mut rows = st.query([source, week])?;
    while let Some(r) = rows.next()? {
        each(r.get_ref(0)?.as_str()?);
    }
    Ok(())
}

/// Each project's running total from `source` in `week`, in project order, given to `each`
/// once a project (its several lines, one a capital source, carry the same total): one range
/// scan of the table, whose key leads with the source and the week (schema version 10).
fn week_totals(
    conn: &Connection,
    source: &str,
    week: &str,
    mut each: impl FnMut(&str, f64),
) -> rusqlite::Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT project, cumulative FROM payments
         WHERE source = ?1 AND week_ending = ?2 ORDER BY project",
    )?;
    let mut rows = st.query([source, week])?;
    // The previous row's project, in a buffer written over (no allocation a project).
    let (mut last, mut first) = (String::new(), true);
    while let Some(r) = rows.next()? {
        let project = r.get_ref(0)?.as_str()?;
        if first || last != project {
            each(project, r.get(1)?);
            last.clear();
            last.push_str(project);
            first = false;
        }
    }
    Ok(())
}

/// A stored or written payment line of one project, source and week, in [`settle`].
struct Line {
    amount: f64,
    /// The stored cumulative; None for a row not stored yet.
    stored: Option<f64>,
    /// Whether its amount is written now.
    written: bool,
}

/// The `FROM` clause of a query of one project's payment rows (`q`; the project `$project`, a
/// parameter or a column) sought week by week: the table is keyed week-major (schema version
/// 10), so the project's rows of each week `w` of `week_reports` (it lists every source's
/// weeks with a payment row; [`check_paid_totals`] checks it) are one seek of the key, never a
/// scan of the table. `CROSS JOIN` keeps the loop over the weeks outside; the query bounds
/// `w.source` and `w.week_ending`, and reads the weeks in order (`ORDER BY w.week_ending`
/// needs no sort). The `+` keeps `SQLite` from carrying that bound on `w.week_ending` over to
/// `q.week_ending` (3.40 then sought a range of weeks in each week, every earlier week's rows
/// read: 52 weeks took minutes for 2,000 projects); every join of the weeks with the payments
/// has it.
macro_rules! project_by_week {
    ($project:literal) => {
        concat!(
            " FROM week_reports w CROSS JOIN payments q
              ON q.source = w.source AND q.week_ending = +w.week_ending AND q.project = ",
            $project,
            " "
        )
    };
}
pub(crate) use project_by_week;

/// A project's rows (`?2`) from a payment source (`?1`) from a week (`?3`) on, a seek a week.
pub(crate) const PROJECT_FROM: &str = concat!(
    "SELECT q.week_ending, q.capital_source, q.amount, q.cumulative",
    project_by_week!("?2"),
    "WHERE w.source = ?1 AND w.week_ending >= ?3"
);

/// The latest cumulative of a project (`?2`) from a payment source (`?1`) before a week (`?3`):
/// the weeks walked back from it, the project's row sought in each until one is found.
pub(crate) const LATEST_BEFORE: &str = concat!(
    "SELECT q.cumulative",
    project_by_week!("?2"),
    "WHERE w.source = ?1 AND w.week_ending < ?3 ORDER BY w.week_ending DESC LIMIT 1"
);

/// `project`'s latest cumulative from `source` before the week `week`, if it has a row before
/// it ([`LATEST_BEFORE`]).
fn latest_before(
    conn: &Connection,
    source: &str,
    project: &str,
    week: &str,
) -> rusqlite::Result<Option<f64>> {
    conn.prepare_cached(LATEST_BEFORE)?
        .query_row([source, project, week], |r| r.get(0))
        .optional()
}

/// Recomputes the cumulative of `project`'s rows from `source` from the week `from` on, with
/// `writes` (its rows an import writes, sorted) written: its rows from `from` on are read (a
/// seek a week, [`PROJECT_FROM`]), the total before `from` taken from its latest row before it
/// ([`LATEST_BEFORE`]), and each
/// row from `from` on written if it is new (inserted with its cumulative), its amount changed
/// (amount and cumulative) or only its cumulative moved. Any order of changes of a project
/// gives the same rows: each is derived from the amounts, not from the changes. Returns the
/// weeks from `from` on that had a stored row.
fn settle(
    tx: &Transaction<'_>,
    source: &str,
    project: &str,
    from: &str,
    writes: &[PaymentWrite<'_>],
) -> rusqlite::Result<HashSet<String>> {
    let mut total = latest_before(tx, source, project, from)?.unwrap_or(0.0);
    let mut st = tx.prepare_cached(PROJECT_FROM)?;
    let mut rows = st.query([source, project, from])?;
    let mut lines: BTreeMap<(String, String), Line> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let line = Line {
            amount: r.get(2)?,
            stored: Some(r.get(3)?),
            written: false,
        };
        lines.insert((r.get(0)?, r.get(1)?), line);
    }
    for w in writes {
        let line = lines
            .entry((w.week_ending.to_owned(), w.capital_source.to_owned()))
            .or_insert(Line {
                amount: w.amount,
                stored: None,
                written: true,
            });
        line.amount = w.amount;
        line.written = true;
    }
    let had: HashSet<String> = lines
        .iter()
        .filter(|(_, l)| l.stored.is_some())
        .map(|((week, _), _)| week.clone())
        .collect();
    let lines: Vec<_> = lines.into_iter().collect();
    let mut insert = tx.prepare_cached(INSERT)?;
    let mut update = tx.prepare_cached(
        "UPDATE payments SET amount = ?5, cumulative = ?6
         WHERE source = ?1 AND project = ?2 AND week_ending = ?3 AND capital_source = ?4",
    )?;
    for of_week in lines.chunk_by(|a, b| a.0 .0 == b.0 .0) {
        total += of_week.iter().map(|(_, l)| l.amount).sum::<f64>();
        for ((week, capital), l) in of_week {
            let at = params![source, project, week, capital, l.amount, total];
            match l.stored {
                None => insert.execute(at)?,
                // The stored figure's bits, not a tolerance: a row is written when it moves.
                Some(c) if l.written || c.to_bits() != total.to_bits() => update.execute(at)?,
                Some(_) => 0,
            };
        }
    }
    Ok(had)
}

/// The latest running total on or before `day` from `source` of each project of `codes`
/// (sorted, as `SQLite` orders text), aligned with them (0 for a project with none).
///
/// Reads the latest week with a payment, `W`, then every payment row of `W` in one range scan
/// of the table, keyed by source and week first (schema 10), each row carrying its cumulative
/// (schema 9): a project that reported in `W` has its latest total there (the same on each of
/// its lines). Only the projects without a row in `W` cost more: the weeks before it are
/// walked back once for them all ([`paid_on_week`]), so a week most projects reported is read
/// in O(projects), in project order.
///
/// # Errors
/// The `SQLite` error, if a statement fails.
pub(crate) fn paid_to_each(
    conn: &Connection,
    source: &str,
    day: &str,
    codes: &[&str],
) -> rusqlite::Result<Vec<f64>> {
    match latest_payment_week(conn, source, day)? {
        Some(week) => paid_on_week(conn, source, &week, codes),
        None => Ok(vec![0.0; codes.len()]),
    }
}

/// The latest week ending on or before `day` with a payment from `source`, if any: the week
/// whose running totals [`paid_to_each`] reads (two days of the same latest week read the same
/// totals).
///
/// # Errors
/// The `SQLite` error, if the statement fails.
pub(crate) fn latest_payment_week(
    conn: &Connection,
    source: &str,
    day: &str,
) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT max(week_ending) FROM payments WHERE source = ?1 AND week_ending <= ?2",
    )?
    .query_row([source, day], |r| r.get(0))
}

/// [`paid_to_each`] once its latest week `week` (a week with a payment from `source`,
/// [`latest_payment_week`]) is known: the weeks from `week` back walked for the projects
/// ([`week_walk::walk`]), each project's total taken from its first line met (its lines of a
/// week carry the same total) and the project dropped. A week most projects reported is read
/// whole, once; a project missing from it costs what its earlier weeks cost, read whole while
/// many are missing, else sought (issue 27: the payments are keyed week-major since schema 10,
/// so a seek a week for each missing project made the page slower than schema 9).
///
/// # Errors
/// The `SQLite` error, if a statement fails.
pub(crate) fn paid_on_week(
    conn: &Connection,
    source: &str,
    week: &str,
    codes: &[&str],
) -> rusqlite::Result<Vec<f64>> {
    paid_on_week_by(conn, source, week, codes, week_walk::SEEK_COST)
}

/// [`paid_on_week`], with a week read whole while the projects missing are at least one
/// `seek_cost`-th of its projects.
fn paid_on_week_by(
    conn: &Connection,
    source: &str,
    week: &str,
    codes: &[&str],
    seek_cost: usize,
) -> rusqlite::Result<Vec<f64>> {
    let mut paid = vec![0.0; codes.len()];
    let mut wanted = vec![true; codes.len()];
    let weeks = reports_by_week(conn, source)?;
    let from = weeks.iter().filter(|(w, _)| w.as_str() <= week);
    week_walk::walk(
        conn,
        source,
        from,
        codes,
        &mut wanted,
        seek_cost,
        |i, line| {
            paid[i] = line.cumulative;
            true
        },
    )?;
    Ok(paid)
}

/// Where `code` is in the sorted `codes`, looked for from `*at` on (rows read in the same
/// order advance it, so a whole scan costs O(codes), the codes it does not find included: a
/// code between two neighbours is known absent); a code out of that order is searched for in
/// all of them, and the look goes on from where it belongs (a second run in order, another
/// source's changes, is walked again rather than searched code by code).
pub(crate) fn position<S: AsRef<str>>(codes: &[S], at: &mut usize, code: &str) -> Option<usize> {
    while *at < codes.len() && codes[*at].as_ref() < code {
        *at += 1;
    }
    let here = codes.get(*at).map(AsRef::as_ref);
    if here == Some(code) {
        return Some(*at);
    }
    if *at == 0 || codes[*at - 1].as_ref() < code {
        // Every code before `*at` is below `code` and the one at `*at` above it.
        return None;
    }
    match codes.binary_search_by(|c| c.as_ref().cmp(code)) {
        Ok(i) => {
            *at = i;
            Some(i)
        }
        Err(_) => None,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::store::Store;

    /// Treasury payments of four projects over three weeks: P1 every week, P2 the first only,
    /// P3 never, P4 the second only (two capital-source lines with one cumulative).
    pub(in crate::store) fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .write(|tx| {
                tx.execute_batch(
                    "INSERT INTO investors VALUES ('I1', 'Investor');
                     INSERT INTO projects (code, name, investor, capital_source) VALUES
                        ('P1', 'One', 'I1', 'NSDP'), ('P2', 'Two', 'I1', 'NSDP'),
                        ('P3', 'Three', 'I1', 'NSDP'), ('P4', 'Four', 'I1', 'NSDP');
                     INSERT INTO payments
                        (source, week_ending, project, capital_source, amount, cumulative)
                     VALUES
                        ('treasury', '2025-01-03', 'P1', 'NSDP', 1, 1),
                        ('treasury', '2025-01-03', 'P2', 'NSDP', 2, 2),
                        ('treasury', '2025-01-10', 'P1', 'NSDP', 2, 3),
                        ('treasury', '2025-01-10', 'P4', 'NSDP', 4, 5),
                        ('treasury', '2025-01-10', 'P4', 'ODA', 1, 5),
                        ('treasury', '2025-01-17', 'P1', 'NSDP', 3, 6);
                     INSERT INTO week_reports (source, week_ending, projects) VALUES
                        ('treasury', '2025-01-03', 2), ('treasury', '2025-01-10', 2),
                        ('treasury', '2025-01-17', 1);",
                )
            })
            .unwrap();
        store
    }

    /// `position` finds what a search finds, for codes in order, out of order and absent.
    #[test]
    fn a_position_is_what_a_search_finds() {
        let codes = ["B", "D", "F", "H"];
        let looks = [
            "A", "B", "C", "D", "E", "H", "I", "C", "D", "A", "G", "F", "B", "Z", "A",
        ];
        let mut at = 0;
        for code in looks {
            assert_eq!(
                position(&codes, &mut at, code),
                codes.binary_search(&code).ok(),
                "{code}"
            );
        }
    }

    #[test]
    fn projects_missing_from_a_week_take_their_latest_earlier_total_by_seeks_or_by_whole_weeks() {
        let store = store();
        let conn = store.connection();
        let codes = ["P1", "P2", "P3", "P4"];
        let expected = vec![6.0, 2.0, 0.0, 5.0];
        assert_eq!(
            paid_on_week(conn, "treasury", "2025-01-17", &codes).unwrap(),
            expected
        );
        // Each way of reading the weeks: always sought (0), always read whole (MAX).
        for seek_cost in [0, usize::MAX] {
            assert_eq!(
                paid_on_week_by(conn, "treasury", "2025-01-17", &codes, seek_cost).unwrap(),
                expected,
                "seek_cost {seek_cost}"
            );
        }
        // On the second week: P2 from the first, P1 and P4 from their own rows.
        assert_eq!(
            paid_on_week(conn, "treasury", "2025-01-10", &codes).unwrap(),
            vec![3.0, 2.0, 0.0, 5.0]
        );
    }
}
