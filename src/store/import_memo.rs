//! What an import of payments alone read and wrote that the next may start from, while
//! nothing else has been written to the store (issue 27).
//!
//! A week's file for the whole country read, before its rows could be written, every project
//! (its capital source and its investor: 50,000 rows) and each project's total in the
//! source's latest week (100,000 rows): some tenth of its time. The next week's file would
//! read the same projects, and totals that the import itself had just written. So an import of
//! payments alone keeps, on the store, the projects it read ([`Known`]) and each payment source's
//! new latest week with its totals ([`LatestWeek`], when every project of that source was
//! appended in one week after all its stored rows), together with the store's state inside
//! its transaction, just before its commit ([`StoreState`]). The next import uses them only if
//! the store is in that state when its own transaction has begun: no other connection has
//! committed since (`PRAGMA data_version`, which moves with any other connection's commit, in
//! this process or another) and this connection has changed no row since (its total of
//! changes, which counts every row inserted, updated or deleted, in a transaction committed or
//! not). A restore forgets them. Anything else reads the store, as before.

use rusqlite::Connection;

use super::import::Known;
use super::totals::LatestWeek;

/// The state of a store as one connection sees it: another connection's commit moves the
/// first, a row this connection changes the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StoreState {
    data_version: i64,
    changes: u64,
}

impl StoreState {
    /// The state of the store on `conn` now.
    ///
    /// # Errors
    /// If `SQLite` fails.
    pub(crate) fn read(conn: &Connection) -> rusqlite::Result<Self> {
        Ok(Self {
            data_version: conn.query_row("PRAGMA data_version", [], |r| r.get(0))?,
            changes: conn.total_changes(),
        })
    }
}

/// What an import of payments alone read and wrote, kept for the next, with the store's state
/// just before its commit.
pub(crate) struct ImportMemo {
    pub(crate) state: StoreState,
    /// The projects the import read (a file of payments brings none).
    pub(crate) known: Known,
    /// Each payment source's latest week as the import wrote it (a source whose writes were not
    /// all appended in one week has none).
    pub(crate) latest: Vec<LatestWeek>,
}

impl std::fmt::Debug for ImportMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let latest: Vec<(&str, &str)> = self.latest.iter().map(LatestWeek::of).collect();
        f.debug_struct("ImportMemo")
            .field("state", &self.state)
            .field("latest", &latest)
            .finish_non_exhaustive()
    }
}

impl ImportMemo {
    /// The parts of what was kept, if the store on `conn` is still in the state it was kept
    /// in: what the next import of payments alone may start from.
    ///
    /// # Errors
    /// If `SQLite` fails.
    pub(crate) fn still_true(
        self,
        conn: &Connection,
    ) -> rusqlite::Result<Option<(Known, Vec<LatestWeek>)>> {
        Ok((StoreState::read(conn)? == self.state).then_some((self.known, self.latest)))
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::disbursement::Tracker;

    /// 300 projects (a source's new rows are appended together from 256 on).
    fn tracker() -> Tracker {
        let mut t = Tracker::in_memory("Test", 2025).unwrap();
        let mut projects = String::from("project,name,investor,capital_source\n");
        for p in 0..300 {
            writeln!(projects, "P{p:03},Project {p},INV{},NSDP", p % 7).unwrap();
        }
        t.import_csv_str("projects.csv", &projects, "setup")
            .unwrap();
        t
    }

    /// The Treasury's file of week `k` (from 3 January 2025): `amount` for every project.
    fn week(k: i32, amount: f64) -> (String, String) {
        let day = crate::date::Date::new(2025, 1, 3)
            .unwrap()
            .add_days(7 * k)
            .to_string();
        let mut csv = String::from("project,week_ending,source,amount\n");
        for p in 0..300 {
            writeln!(csv, "P{p:03},{day},treasury,{amount}").unwrap();
        }
        (day, csv)
    }

    fn cumulative(t: &Tracker, project: &str, day: &str) -> f64 {
        t.store()
            .connection()
            .query_row(
                "SELECT cumulative FROM payments
                 WHERE source = 'treasury' AND week_ending = ?1 AND project = ?2",
                [day, project],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// A week's appends start from the totals the import of the week before kept, not from a
    /// read of the store: kept totals moved by 100 show in the next week's cumulatives (which
    /// the totals check then finds wrong). A file of projects forgets what was kept.
    #[test]
    fn the_next_week_starts_from_the_totals_the_week_before_kept() {
        let mut t = tracker();
        let (_, w0) = week(0, 1.0);
        t.import_csv_str("w0.csv", &w0, "a").unwrap();
        {
            let mut store = t.store();
            let memo = store
                .import_memo
                .as_mut()
                .expect("kept by a file of payments");
            let kept: Vec<(&str, &str)> = memo.latest.iter().map(LatestWeek::of).collect();
            assert_eq!(kept, [("treasury", "2025-01-03")]);
            memo.latest[0].move_totals(100.0);
        }
        let (day, w1) = week(1, 2.0);
        t.import_csv_str("w1.csv", &w1, "a").unwrap();
        assert!((cumulative(&t, "P000", &day) - 103.0).abs() < 1e-9);
        assert!(t.check_totals().is_err());
        t.import_csv_str(
            "p.csv",
            "project,name,investor,capital_source\nP000,Project 0,INV0,NSDP\n",
            "a",
        )
        .unwrap();
        assert!(t.store().import_memo.is_none());
    }

    /// Untouched, the kept totals give what a read of the store gives: the check passes.
    #[test]
    fn the_kept_totals_are_the_store_s() {
        let mut t = tracker();
        for k in 0..3 {
            let (_, csv) = week(k, f64::from(k + 1));
            t.import_csv_str("w.csv", &csv, "a").unwrap();
            assert!(t.store().import_memo.is_some());
        }
        let (day, _) = week(2, 0.0);
        assert!((cumulative(&t, "P123", &day) - 6.0).abs() < 1e-9);
        t.check_totals().unwrap();
    }
}
