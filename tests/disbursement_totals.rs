//! The store's running totals of payments (each payment row's `cumulative` since schema 9,
//! `paid_totals` in schemas 6 to 8): the views read them and give what the payments add up to;
//! any sequence of imports, corrections and withdrawals leaves them equal to a recomputation;
//! stores of versions 5 to 9 are migrated with their totals; backup and restore refuse a store
//! whose totals disagree.

// Sums of quarters of a million are exact in f64.
#![allow(clippy::float_cmp)]

mod disbursement_support;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use disbursement_support::TempDir;
use grdpsim::disbursement::{Level, PaymentSource, RankingRule, Tracker};
use grdpsim::monitoring::Date;
use grdpsim::GrdpsimError;
use proptest::prelude::*;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

/// Every project's weekly payments (week, investor's, Treasury's), read once.
type Histories = BTreeMap<String, Vec<(String, Option<f64>, Option<f64>)>>;

fn histories(t: &Tracker) -> Histories {
    t.projects_info_codes()
        .into_iter()
        .map(|code| {
            let h = t.payment_history(&code).unwrap();
            (code, h)
        })
        .collect()
}

/// Paid per project to `as_of` from `source`, summed here from each project's weekly history.
fn recomputed(h: &Histories, as_of: Date, source: PaymentSource) -> BTreeMap<String, f64> {
    let key = as_of.to_string();
    h.iter()
        .map(|(code, weeks)| {
            let paid = weeks
                .iter()
                .filter(|(week, _, _)| *week <= key)
                .map(|(_, investor, treasury)| match source {
                    PaymentSource::Investor => investor.unwrap_or(0.0),
                    PaymentSource::Treasury => treasury.unwrap_or(0.0),
                })
                .sum();
            (code.clone(), paid)
        })
        .collect()
}

trait Codes {
    fn projects_info_codes(&self) -> Vec<String>;
}

impl Codes for Tracker {
    fn projects_info_codes(&self) -> Vec<String> {
        let mut codes = Vec::new();
        for (investor, _) in self.investors().unwrap() {
            codes.extend(
                self.projects_of(&investor)
                    .unwrap()
                    .into_iter()
                    .map(|p| p.0),
            );
        }
        codes
    }
}

/// `status_between` a month back, `stalled` and the projection on `v` as of `as_of` against the
/// recomputation (`want` is paid to `as_of`, `plan` the province's plan in force); returns how
/// many projects were stalled.
fn other_views_match(
    v: &Tracker,
    h: &Histories,
    as_of: Date,
    want: &BTreeMap<String, f64>,
    plan: f64,
) -> usize {
    let source = v.payment_source();
    let mut n = 0;
    // Against an earlier date than a week before: paid then is the recomputation's.
    let since = as_of.add_days(-35);
    let then = recomputed(h, since, source);
    for r in v.status_between(since, as_of, Level::Project).unwrap().rows {
        assert!(close(r.paid, want[&r.key]), "between {}", r.key);
        assert!(
            close(r.paid_before, then[&r.key]),
            "between {} since",
            r.key
        );
    }
    // Stalled: paid to the date, nothing in the four weeks, the last positive week as
    // the history has it.
    let four_weeks = recomputed(h, as_of.add_days(-28), source);
    for r in v.stalled(as_of, 4).unwrap() {
        assert!(close(r.paid, want[&r.project]), "stalled {}", r.project);
        assert!(close(r.paid, four_weeks[&r.project]), "paid in the window");
        let last = h[&r.project]
            .iter()
            .filter(|(week, _, _)| *week <= as_of.to_string())
            .filter(|(_, i, t)| match source {
                PaymentSource::Investor => i.unwrap_or(0.0) > 0.0,
                PaymentSource::Treasury => t.unwrap_or(0.0) > 0.0,
            })
            .map(|(week, _, _)| d(week))
            .max();
        assert_eq!(r.last_payment, last, "last payment of {}", r.project);
        n += 1;
    }
    // The projection: paid to the date and the pace of the last four weeks.
    let p = v.projection(as_of).unwrap();
    let province: f64 = want.values().sum();
    assert!(close(p.paid, province));
    let pace = (province - four_weeks.values().sum::<f64>()) / 4.0;
    assert!(
        close(p.weekly_pace, pace),
        "{as_of}: {} {pace}",
        p.weekly_pace
    );
    assert!(close(p.plan, plan));
    n
}

#[test]
fn every_view_on_the_example_store_matches_a_recomputation() {
    let t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    t.check_totals().unwrap();
    let codes = t.projects_info_codes();
    assert_eq!(codes.len(), t.project_count().unwrap());
    let h = histories(&t);
    let mut stalled = 0;
    for source in [PaymentSource::Treasury, PaymentSource::Investor] {
        let v = t.view(source);
        for as_of in [
            "2025-01-02",
            "2025-03-28",
            "2025-06-30",
            "2025-07-31",
            "2025-12-31",
        ] {
            let as_of = d(as_of);
            let want = recomputed(&h, as_of, source);
            let before = recomputed(&h, as_of.add_days(-7), source);
            let status = v.status(as_of, Level::Project).unwrap();
            assert_eq!(status.rows.len(), codes.len());
            for r in &status.rows {
                assert!(close(r.paid, want[&r.key]), "{source:?} {as_of} {}", r.key);
                assert!(close(r.paid_before, before[&r.key]), "{} before", r.key);
            }
            let province: f64 = want.values().sum();
            let total = v.status(as_of, Level::Province).unwrap().total;
            assert!(
                close(total.paid, province),
                "{as_of}: {} {province}",
                total.paid
            );
            for r in v.countdown(as_of, Level::Project).unwrap() {
                assert!(close(r.paid, want[&r.key]), "count-down {}", r.key);
            }
            let mut by_investor: BTreeMap<String, f64> = BTreeMap::new();
            for (investor, _) in v.investors().unwrap() {
                let paid = v
                    .projects_of(&investor)
                    .unwrap()
                    .iter()
                    .map(|p| want[&p.0])
                    .sum();
                by_investor.insert(investor, paid);
            }
            for r in v.ranking(as_of, RankingRule::default()).unwrap().rows {
                assert!(
                    close(r.paid, by_investor[&r.investor]),
                    "rank {}",
                    r.investor
                );
            }
            stalled += other_views_match(&v, &h, as_of, &want, total.plan);
            // An investor's S-curve (read from its kept cumulatives) on a Friday: its projects'
            // cumulative to that Friday.
            if as_of == d("2025-12-31") {
                for (investor, _) in v.investors().unwrap() {
                    let projects = v.projects_of(&investor).unwrap();
                    let curve = v.s_curve_of(as_of, Some(&investor), None).unwrap();
                    for point in curve.iter().step_by(5) {
                        let at = recomputed(&h, point.date, source);
                        let cum: f64 = projects.iter().map(|p| at[&p.0]).sum();
                        assert!(
                            close(point.actual, cum),
                            "{investor} {} {} {cum}",
                            point.date,
                            point.actual
                        );
                    }
                }
            }
            // The S-curve's actual on a Friday is the province's cumulative to that Friday.
            for point in v.s_curve(as_of).unwrap() {
                if !point.actual.is_nan() {
                    let cum: f64 = recomputed(&h, point.date, source).values().sum();
                    assert!(
                        close(point.actual, cum),
                        "{} {} {cum}",
                        point.date,
                        point.actual
                    );
                }
            }
        }
    }
    assert!(
        stalled > 0,
        "some project of the example is stalled on one of the dates"
    );
}

const PROJECTS: &str = "project,name,investor,capital_source\n\
                        P1,Road,A,NSDP\nP2,School,A,NSDP\nP3,Bridge,B,NSTW\n";
const PLAN: &str = "project,effective,amount\n\
                    P1,2025-01-01,1000\nP2,2025-01-01,500\nP3,2025-01-01,800\n";

fn small(path: Option<&std::path::Path>) -> Tracker {
    let mut t = match path {
        Some(p) => Tracker::create(p, "Test", 2025).unwrap(),
        None => Tracker::in_memory("Test", 2025).unwrap(),
    };
    t.import_csv_str("projects.csv", PROJECTS, "setup").unwrap();
    t.import_csv_str("plan.csv", PLAN, "setup").unwrap();
    t
}

/// Week `k` of 2025 (Fridays from 3 January).
fn week(k: usize) -> Date {
    d("2025-01-03").add_days(7 * k as i32)
}

/// A store of [`small`] at `path` with `files` imported (name, CSV), taken back to schema
/// `version`; the connection that did it.
fn downgraded(
    path: &std::path::Path,
    files: &[(&str, &str)],
    version: u32,
) -> rusqlite::Connection {
    let mut t = small(Some(path));
    for (name, csv) in files {
        t.import_csv_str(name, csv, "then").unwrap();
    }
    let c = disbursement_support::downgrade(path, version);
    assert_eq!(t.store().schema_version().unwrap(), i64::from(version));
    c
}

#[test]
fn a_store_of_version_5_is_migrated_with_its_totals_built() {
    let dir = TempDir::new("totals-v5");
    let path = dir.0.join("v5.sqlite");
    // P1: 10 then 25.5 (35.5 by week 1); P3: 40 in week 0; the investor's P1: 12.
    downgraded(
        &path,
        &[(
            "paid.csv",
            "project,week_ending,source,amount\n\
             P1,2025-01-03,treasury,10\nP1,2025-01-10,treasury,25.5\n\
             P3,2025-01-03,treasury,40\nP1,2025-01-03,investor,12\n",
        )],
        5,
    );
    let mut t = Tracker::open(&path).unwrap();
    assert_eq!(
        t.store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    t.check_totals().unwrap();
    let s = t.status(week(1), Level::Project).unwrap();
    let paid: BTreeMap<_, _> = s.rows.iter().map(|r| (r.key.as_str(), r.paid)).collect();
    // 10 + 25.5 = 35.5 on P1, 40 on P3, nothing on P2; a week before: 10 and 40.
    assert_eq!(paid["P1"], 35.5);
    assert_eq!(paid["P2"], 0.0);
    assert_eq!(paid["P3"], 40.0);
    assert_eq!(s.total.paid_before, 50.0);
    // The triggers came with the step: a new week is counted at once (35.5 + 4.5 = 40).
    t.import_csv_str(
        "more.csv",
        "project,week_ending,source,amount\nP1,2025-01-17,treasury,4.5\n",
        "now",
    )
    .unwrap();
    assert_eq!(
        t.status(week(2), Level::Investor).unwrap().rows[0].paid,
        40.0,
        "A: P1 35.5 + 4.5 = 40, P2 0 (B is the second row)"
    );
    t.check_totals().unwrap();
}

#[test]
fn a_store_of_version_6_is_migrated_and_its_writers_keep_the_totals() {
    let dir = TempDir::new("totals-v6");
    let path = dir.0.join("v6.sqlite");
    let c = downgraded(
        &path,
        &[(
            "paid.csv",
            "project,week_ending,source,amount\nP1,2025-01-03,treasury,10\n",
        )],
        6,
    );
    assert_eq!(triggers(&c), 3);
    let mut t = Tracker::open(&path).unwrap();
    assert_eq!(
        t.store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(triggers(&c), 0, "version 7 drops the triggers");
    // P1: 10 in week 0, then 7 in week 2, 2.5 in week 1 (out of order), week 0 corrected to
    // 12, week 2 withdrawn: 12 + 2.5 = 14.5 by week 2.
    t.import_csv_str(
        "more.csv",
        "project,week_ending,source,amount\nP1,2025-01-17,treasury,7\n\
         P1,2025-01-10,treasury,2.5\nP1,2025-01-03,treasury,12\n",
        "now",
    )
    .unwrap();
    t.check_totals().unwrap();
    // 12 + 2.5 + 7 = 21.5.
    assert_eq!(paid_on(&t, "P1", week(2)), 21.5);
    t.withdraw("P1", week(2), PaymentSource::Treasury, "now")
        .unwrap();
    t.check_totals().unwrap();
    assert_eq!(paid_on(&t, "P1", week(2)), 14.5);
}

/// The triggers on `payments` (version 8's keep plan steps, on other tables).
fn triggers(c: &rusqlite::Connection) -> i64 {
    c.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'payments'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// The Treasury's paid on `project` to `as_of`, from the status by project.
fn paid_on(t: &Tracker, project: &str, as_of: Date) -> f64 {
    let s = t.status(as_of, Level::Project).unwrap();
    s.rows.iter().find(|r| r.key == project).unwrap().paid
}

/// A week's file of every project of [`wide`]: the Treasury's `treasury` and the investor's
/// `investor` on each.
fn wide_week(k: usize, treasury: f64, investor: f64) -> String {
    let mut csv = String::from("project,week_ending,source,amount\n");
    for p in 0..WIDE {
        writeln!(csv, "W{p:03},{},treasury,{treasury}", week(k)).unwrap();
        writeln!(csv, "W{p:03},{},investor,{investor}", week(k)).unwrap();
    }
    csv
}

/// Projects in [`wide`]: a week's file has 2 × 150 = 300 rows, enough for the import to read
/// the stored week by one range scan.
const WIDE: usize = 150;

fn wide(path: &std::path::Path) -> Tracker {
    let mut t = Tracker::create(path, "Test", 2025).unwrap();
    let mut projects = String::from("project,name,investor,capital_source\n");
    for p in 0..WIDE {
        writeln!(projects, "W{p:03},Project {p},INV{},NSDP", p % 3).unwrap();
    }
    t.import_csv_str("projects.csv", &projects, "setup")
        .unwrap();
    t
}

fn audit_rows(t: &Tracker) -> Vec<grdpsim::store::AuditRow> {
    t.store()
        .audit_trail()
        .unwrap()
        .into_iter()
        .filter(|r| r.entity == "payments")
        .collect()
}

#[test]
fn whole_weeks_imported_reimported_corrected_and_withdrawn_keep_the_totals() {
    let dir = TempDir::new("totals-wide");
    let path = dir.0.join("wide.sqlite");
    let mut t = wide(&path);
    let r = t
        .import_csv_str("w0.csv", &wide_week(0, 2.0, 3.0), "a")
        .unwrap();
    assert_eq!((r.rows, r.inserted), (300, 300));
    let r = t
        .import_csv_str("w1.csv", &wide_week(1, 4.0, 1.0), "a")
        .unwrap();
    assert_eq!((r.rows, r.inserted), (300, 300));
    t.check_totals().unwrap();
    // Each week's 300 changes are one packed audit row, read back as 300 changes.
    let audit = audit_rows(&t);
    assert_eq!(audit.len(), 600);
    assert_eq!(
        (
            audit[0].who.as_str(),
            audit[0].file.as_str(),
            audit[0].key.as_str()
        ),
        ("a", "w0.csv", "treasury|W000|2025-01-03|NSDP")
    );
    assert_eq!(
        (audit[1].old.as_deref(), audit[1].new.as_deref()),
        (None, Some("3"))
    );
    assert_eq!(audit[599].key, "investor|W149|2025-01-10|NSDP");
    let c = rusqlite::Connection::open(&path).unwrap();
    let packed = |c: &rusqlite::Connection| -> (i64, i64) {
        c.query_row(
            "SELECT count(*), coalesce(sum(key = ''), 0) FROM audit WHERE entity = 'payments'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    assert_eq!(packed(&c), (2, 2));
    // Again: nothing changes and nothing is audited.
    let r = t
        .import_csv_str("w1.csv", &wide_week(1, 4.0, 1.0), "b")
        .unwrap();
    assert_eq!((r.unchanged, r.records_written), (300, 0));
    assert_eq!(audit_rows(&t).len(), 600);
    // The Treasury's week 0 corrected from 2 to 5 (the investor's 3 unchanged): 150 updates,
    // each audited from 2 to 5 under who "c".
    let r = t
        .import_csv_str("w0.csv", &wide_week(0, 5.0, 3.0), "c")
        .unwrap();
    assert_eq!((r.updated, r.unchanged, r.inserted), (150, 150, 0));
    let audit = audit_rows(&t);
    assert_eq!(audit.len(), 750);
    // Fewer than 256 changes: a row each.
    assert_eq!(packed(&c), (152, 2));
    let last = &audit[749];
    assert_eq!(
        (
            last.who.as_str(),
            last.key.as_str(),
            last.old.as_deref(),
            last.new.as_deref()
        ),
        ("c", "treasury|W149|2025-01-03|NSDP", Some("2"), Some("5"))
    );
    t.withdraw("W000", week(0), PaymentSource::Treasury, "d")
        .unwrap();
    t.check_totals().unwrap();
    // Treasury by week 1: 150 × 5 + 150 × 4 − 5 (W000's week 0) = 1,345; W000: 4; W001: 9.
    let s = t.status(week(1), Level::Province).unwrap();
    assert_eq!(s.total.paid, 1345.0);
    assert_eq!(paid_on(&t, "W000", week(1)), 4.0);
    assert_eq!(paid_on(&t, "W001", week(1)), 9.0);
    // The investor's by week 1: 150 × 3 + 150 × 1 = 600.
    let s = t
        .view(PaymentSource::Investor)
        .status(week(1), Level::Province)
        .unwrap();
    assert_eq!(s.total.paid, 600.0);
}

/// A sheet of a workbook from CSV text (header on the first line).
fn sheet_of(name: &str, csv: &str) -> grdpsim::disbursement::RawTable {
    let mut lines = csv.lines();
    let cells = |l: &str| l.split(',').map(str::to_owned).collect::<Vec<_>>();
    let header = cells(lines.next().unwrap());
    grdpsim::disbursement::RawTable {
        sheet: Some(name.to_owned()),
        header,
        rows: lines.enumerate().map(|(i, l)| (i + 2, cells(l))).collect(),
    }
}

/// The Treasury's kept cumulative of `investor` in week `k`.
fn kept_of(c: &rusqlite::Connection, investor: &str, k: usize) -> Option<f64> {
    investor_totals(c)
        .into_iter()
        .find(|(w, i, _)| *w == week(k).to_string() && i == investor)
        .map(|(_, _, cumulative)| cumulative)
}

/// A week's import takes each project's investor from the projects it reads to check the
/// rows: a workbook that moves a project to a new investor and brings a new project with its
/// payments gives their payments to their new investors, and so does every later week's file
/// of payments alone.
#[test]
fn payments_go_to_the_investor_a_project_has_when_they_are_imported() {
    let dir = TempDir::new("totals-moved");
    let path = dir.0.join("wide.sqlite");
    let mut t = wide(&path);
    t.import_csv_str("w0.csv", &wide_week(0, 2.0, 3.0), "a")
        .unwrap();
    // W000 (of INV0) moves to the new INV9; the new WNEW is INV1's; week 1's payments with
    // them.
    let projects = "project,name,investor,capital_source
                    W000,Project 0,INV9,NSDP
WNEW,New,INV1,NSDP
";
    let payments = format!(
        "{}WNEW,{},treasury,100
",
        wide_week(1, 4.0, 1.0),
        week(1)
    );
    let r = t
        .import_tables(
            "moved.xlsx",
            vec![
                sheet_of("projects", projects),
                sheet_of("payments", &payments),
            ],
            "b",
        )
        .unwrap();
    assert_eq!(r.rows, 2 + 301);
    t.check_totals().unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    // INV9: W000's 2 + 4; INV1: its 50 projects' 2 + 4 each and WNEW's 100; INV0 the rest.
    assert_eq!(kept_of(&c, "INV9", 1), Some(6.0));
    assert_eq!(kept_of(&c, "INV1", 1), Some(50.0 * 6.0 + 100.0));
    assert_eq!(kept_of(&c, "INV0", 1), Some(49.0 * 6.0));
    // A week's file of payments alone, read against the projects as they are now.
    t.import_csv_str(
        "w2.csv",
        &format!(
            "{}WNEW,{},treasury,1
",
            wide_week(2, 1.0, 1.0),
            week(2)
        ),
        "c",
    )
    .unwrap();
    t.check_totals().unwrap();
    assert_eq!(kept_of(&c, "INV9", 2), Some(7.0));
    assert_eq!(kept_of(&c, "INV1", 2), Some(50.0 * 7.0 + 101.0));
    assert_eq!(kept_of(&c, "INV0", 2), Some(49.0 * 7.0));
}

#[test]
fn backup_and_restore_refuse_a_store_whose_totals_disagree() {
    let dir = TempDir::new("totals-refused");
    let path = dir.0.join("store.sqlite");
    let mut t = small(Some(&path));
    t.import_csv_str(
        "paid.csv",
        "project,week_ending,source,amount\n\
         P1,2025-01-03,treasury,10\nP1,2025-01-10,treasury,25\nP2,2025-01-10,treasury,5\n",
        "then",
    )
    .unwrap();
    let good = dir.0.join("good.sqlite");
    t.store().backup(&good).unwrap();
    // Someone edits the totals behind the store's back: P1's second week says 30, not 35.
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute(
            "UPDATE payments SET cumulative = 30
             WHERE source = 'treasury' AND project = 'P1' AND week_ending = '2025-01-10'",
            [],
        )
        .unwrap();
    }
    let p1 = ("P1", "2025-01-10", "treasury", 30.0, 35.0);
    named(t.check_totals().unwrap_err(), p1);
    let bad = dir.0.join("bad.sqlite");
    let e = t.store().backup(&bad).unwrap_err();
    assert!(
        e.to_string().contains("P1") && e.to_string().contains("2025-01-10"),
        "{e}"
    );
    named(e, p1);
    assert!(!bad.exists(), "a refused backup writes nothing");

    // Restore: the good backup is taken (the totals agree again), a bad one is refused and
    // the store left as it was.
    t.store().restore(&good).unwrap();
    t.check_totals().unwrap();
    let copy = dir.0.join("copy.sqlite");
    std::fs::copy(&good, &copy).unwrap();
    {
        let c = rusqlite::Connection::open(&copy).unwrap();
        c.execute(
            "UPDATE payments SET cumulative = 0 WHERE project = 'P2'",
            [],
        )
        .unwrap();
    }
    // P2's only payment has lost its total: stored 0, its amount is 5.
    named(
        t.store().restore(&copy).unwrap_err(),
        ("P2", "2025-01-10", "treasury", 0.0, 5.0),
    );
    assert_eq!(t.status(week(1), Level::Province).unwrap().total.paid, 40.0);
}

#[test]
fn the_check_names_the_first_disagreement_by_project_then_week_then_source() {
    let dir = TempDir::new("totals-first");
    let path = dir.0.join("store.sqlite");
    let mut t = small(Some(&path));
    t.import_csv_str(
        "paid.csv",
        "project,week_ending,source,amount\n\
         P1,2025-01-03,treasury,10\nP1,2025-01-10,treasury,5\nP2,2025-01-03,investor,7\n\
         P2,2025-01-03,treasury,3\nP3,2025-01-10,investor,2\n",
        "then",
    )
    .unwrap();
    t.check_totals().unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    let set = |source: &str, project: &str, week: &str, x: f64| {
        c.execute(
            "UPDATE payments SET cumulative = ?4
             WHERE source = ?1 AND project = ?2 AND week_ending = ?3",
            rusqlite::params![source, project, week, x],
        )
        .unwrap();
    };
    // Three wrong: P2's investor week (read first: the investor's rows come before the
    // Treasury's), P1's second Treasury week, P3's investor week. P1 comes first.
    set("investor", "P2", "2025-01-03", 8.0);
    set("treasury", "P1", "2025-01-10", 14.0);
    set("investor", "P3", "2025-01-10", 0.0);
    named(
        t.check_totals().unwrap_err(),
        ("P1", "2025-01-10", "treasury", 14.0, 15.0),
    );
    set("treasury", "P1", "2025-01-10", 15.0);
    named(
        t.check_totals().unwrap_err(),
        ("P2", "2025-01-03", "investor", 8.0, 7.0),
    );
    set("investor", "P2", "2025-01-03", 7.0);
    named(
        t.check_totals().unwrap_err(),
        ("P3", "2025-01-10", "investor", 0.0, 2.0),
    );
    set("investor", "P3", "2025-01-10", 2.0);
    t.check_totals().unwrap();
}

/// What a `TotalsDisagree` names: subject, week or date, source, stored, recomputed.
type Named<'a> = (&'a str, &'a str, &'a str, f64, f64);

/// Asserts that `e` is a `TotalsDisagree` naming `want`.
fn named(e: GrdpsimError, want: Named<'_>) {
    match e {
        GrdpsimError::TotalsDisagree {
            project,
            week_ending,
            payment_source,
            stored,
            recomputed,
            ..
        } => assert_eq!(
            (
                project.as_str(),
                week_ending.as_str(),
                payment_source.as_str(),
                stored,
                recomputed
            ),
            want
        ),
        e => panic!("{e:?}"),
    }
}

/// Every payment row's (source, project, week, capital source, cumulative), in key order.
fn cumulatives(c: &rusqlite::Connection) -> Vec<(String, String, String, String, f64)> {
    c.prepare(
        "SELECT source, project, week_ending, capital_source, cumulative FROM payments
         ORDER BY source, project, week_ending, capital_source",
    )
    .unwrap()
    .query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// P1's second line (the central budget, NSTW, beside its own NSDP) and payments in both.
const P1_IN_TWO: &str = "project,effective,amount,capital_source\nP1,2025-01-01,300,NSTW\n";
const PAID_IN_TWO: &str = "project,week_ending,source,amount,capital_source\n\
                           P1,2025-01-03,treasury,10,NSDP\nP1,2025-01-03,treasury,4,NSTW\n\
                           P1,2025-01-10,treasury,6,NSDP\nP1,2025-01-17,treasury,2.5,NSTW\n\
                           P2,2025-01-10,treasury,5,NSDP\nP1,2025-01-03,investor,7,NSDP\n";

#[test]
fn a_store_of_version_8_is_migrated_with_each_payment_carrying_its_cumulative() {
    let dir = TempDir::new("totals-v8");
    let path = dir.0.join("v8.sqlite");
    let c = downgraded(
        &path,
        &[("plan.csv", P1_IN_TWO), ("paid.csv", PAID_IN_TWO)],
        8,
    );
    let v8: (i64, i64) = c
        .query_row(
            "SELECT (SELECT count(*) FROM paid_totals),
                    (SELECT count(*) FROM pragma_table_info('payments') WHERE name = 'cumulative')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // Version 8: five totals (P1's week 0 of the Treasury one for its two lines), no column.
    assert_eq!(v8, (5, 0));
    drop(c);
    let mut t = Tracker::open(&path).unwrap();
    assert_eq!(
        t.store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    t.check_totals().unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    let gone: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'paid_totals%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(gone, 0, "the table and its week index are dropped");
    let row = |s: &str, p: &str, w: usize, k: &str, x: f64| {
        (
            s.to_owned(),
            p.to_owned(),
            week(w).to_string(),
            k.to_owned(),
            x,
        )
    };
    // The Treasury's P1: 10 + 4 = 14 on both lines of week 0, 14 + 6 = 20 by week 1,
    // 20 + 2.5 = 22.5 by week 2; P2: 5; the investor's P1: 7.
    assert_eq!(
        cumulatives(&c),
        [
            row("investor", "P1", 0, "NSDP", 7.0),
            row("treasury", "P1", 0, "NSDP", 14.0),
            row("treasury", "P1", 0, "NSTW", 14.0),
            row("treasury", "P1", 1, "NSDP", 20.0),
            row("treasury", "P1", 2, "NSTW", 22.5),
            row("treasury", "P2", 1, "NSDP", 5.0),
        ]
    );
    // A correction in the past: P1's NSTW line of week 0 from 4 to 1.5 moves both lines of
    // week 0 and the later weeks by -2.5: 11.5, 17.5, 20.
    t.import_csv_str(
        "fix.csv",
        "project,week_ending,source,amount,capital_source\nP1,2025-01-03,treasury,1.5,NSTW\n",
        "now",
    )
    .unwrap();
    t.check_totals().unwrap();
    assert_eq!(
        cumulatives(&c)[1..5],
        [
            row("treasury", "P1", 0, "NSDP", 11.5),
            row("treasury", "P1", 0, "NSTW", 11.5),
            row("treasury", "P1", 1, "NSDP", 17.5),
            row("treasury", "P1", 2, "NSTW", 20.0),
        ]
    );
    assert_eq!(paid_on(&t, "P1", week(2)), 20.0);
    // The investor reading: A (P1, P2) 20 + 5 = 25 by week 2.
    assert_eq!(
        t.status(week(2), Level::Investor).unwrap().rows[0].paid,
        25.0
    );
}

/// The columns of the payments' key, in order, and the store's indexes on the payments.
fn payments_key_and_indexes(c: &rusqlite::Connection) -> (Vec<String>, Vec<String>) {
    let key = c
        .prepare(
            "SELECT x.name FROM pragma_index_list('payments') l,
                    pragma_index_xinfo(l.name) x
             WHERE l.origin = 'pk' AND x.key ORDER BY x.seqno",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let indexes = c
        .prepare("SELECT name FROM pragma_index_list('payments') WHERE origin = 'c'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (key, indexes)
}

/// Every payment row with its amount and cumulative, the Treasury's and investor's kept
/// aggregates, and the projects reported by week: what a migration must keep.
type Kept = (
    Vec<(String, String, String, String, f64, f64)>,
    Vec<(String, String, String, f64)>,
    Vec<(String, String, i64)>,
);

fn kept(c: &rusqlite::Connection) -> Kept {
    let payments = c
        .prepare(
            "SELECT source, project, week_ending, capital_source, amount, cumulative
             FROM payments ORDER BY source, project, week_ending, capital_source",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let totals = c
        .prepare(
            "SELECT source, week_ending, investor, cumulative FROM investor_totals
             ORDER BY source, week_ending, investor",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let reports = c
        .prepare("SELECT source, week_ending, projects FROM week_reports ORDER BY 1, 2")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (payments, totals, reports)
}

#[test]
fn a_store_of_version_9_is_migrated_with_its_payments_keyed_week_major() {
    let dir = TempDir::new("totals-v9");
    let path = dir.0.join("v9.sqlite");
    // Three weeks of both sources, P1 in two capital sources, a correction of week 0 and a
    // withdrawal of P2's week 1 (its week reported by nobody any more).
    let mut t = small(Some(&path));
    t.import_csv_str("plan.csv", P1_IN_TWO, "then").unwrap();
    t.import_csv_str("paid.csv", PAID_IN_TWO, "then").unwrap();
    t.import_csv_str(
        "more.csv",
        "project,week_ending,source,amount\n\
         P3,2025-01-03,treasury,40\nP3,2025-01-17,treasury,4.5\nP2,2025-01-17,investor,3\n\
         P2,2025-01-10,investor,8\n",
        "then",
    )
    .unwrap();
    t.import_csv_str(
        "fix.csv",
        "project,week_ending,source,amount,capital_source\nP1,2025-01-03,treasury,1.5,NSTW\n",
        "then",
    )
    .unwrap();
    t.withdraw("P2", week(1), PaymentSource::Treasury, "then")
        .unwrap();
    let before = kept(&rusqlite::Connection::open(&path).unwrap());
    let c = disbursement_support::downgrade(&path, 9);
    assert_eq!(t.store().schema_version().unwrap(), 9);
    drop(t);
    // Version 9: keyed by source and project first, with the week index.
    let key = |k: &[&str]| k.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        payments_key_and_indexes(&c),
        (
            key(&["source", "project", "week_ending", "capital_source"]),
            key(&["payments_by_week"])
        )
    );
    assert_eq!(kept(&c), before, "the downgrade keeps every row");
    drop(c);
    let mut t = Tracker::open(&path).unwrap();
    assert_eq!(
        t.store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    t.check_totals().unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        payments_key_and_indexes(&c),
        (
            key(&["source", "week_ending", "project", "capital_source"]),
            Vec::new()
        ),
        "keyed week-major, the week index dropped"
    );
    assert_eq!(
        kept(&c),
        before,
        "every row, cumulative and kept aggregate as before"
    );
    // The Treasury's P1 after the correction: 11.5 on both lines of week 0, 17.5, 20.
    assert_eq!(paid_on(&t, "P1", week(2)), 20.0);
    // The writers keep the totals on the migrated store: a correction in the past, a
    // project moving investor (the trigger made again), a withdrawal.
    t.import_csv_str(
        "fix2.csv",
        "project,week_ending,source,amount,capital_source\nP1,2025-01-03,treasury,3,NSTW\n",
        "now",
    )
    .unwrap();
    assert_eq!(paid_on(&t, "P1", week(2)), 21.5);
    t.import_csv_str(
        "projects.csv",
        "project,name,investor,capital_source\nP1,Road,B,NSDP\n",
        "now",
    )
    .unwrap();
    t.check_totals().unwrap();
    let rule = RankingRule::new(2, 0.0).unwrap();
    // B: P3's 44.5 and P1's 21.5 by week 2; A keeps P2 (its Treasury week withdrawn).
    assert_eq!(ranked(&t.ranking(week(2), rule).unwrap(), "B").1, 66.0);
    assert_eq!(ranked(&t.ranking(week(2), rule).unwrap(), "A").1, 0.0);
    t.withdraw("P1", week(1), PaymentSource::Treasury, "now")
        .unwrap();
    t.check_totals().unwrap();
    assert_eq!(paid_on(&t, "P1", week(2)), 15.5);
}

/// Each week's paid from each source as `week_reports` keeps it, and as the payments sum it.
fn week_paid(c: &rusqlite::Connection) -> Vec<(String, String, f64, f64)> {
    c.prepare(
        "SELECT w.source, w.week_ending, w.paid,
                (SELECT coalesce(sum(p.amount), 0) FROM payments p
                 WHERE p.source = w.source AND p.week_ending = w.week_ending)
         FROM week_reports w ORDER BY w.source, w.week_ending",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn a_store_of_version_10_is_migrated_with_each_week_s_paid() {
    let dir = TempDir::new("totals-v10");
    let path = dir.0.join("v10.sqlite");
    let mut t = small(Some(&path));
    t.import_csv_str("plan.csv", P1_IN_TWO, "then").unwrap();
    t.import_csv_str("paid.csv", PAID_IN_TWO, "then").unwrap();
    t.withdraw("P2", week(1), PaymentSource::Treasury, "then")
        .unwrap();
    let curve = t.s_curve(week(2)).unwrap();
    drop(disbursement_support::downgrade(&path, 10));
    drop(t);
    let t = Tracker::open(&path).unwrap();
    assert_eq!(
        t.store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    t.check_totals().unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    let weeks = week_paid(&c);
    assert!(weeks.len() >= 4, "{weeks:?}");
    for (source, week, kept, summed) in &weeks {
        assert_eq!(kept, summed, "{source} {week}");
    }
    assert!(weeks.iter().any(|w| w.2 > 0.0));
    // The S-curve the writers' kept paid gave, as the migration's gives it (NaN after the date).
    assert_eq!(
        format!("{:?}", t.s_curve(week(2)).unwrap()),
        format!("{curve:?}"),
    );
    // A week's paid tampered with is found, named by its week.
    c.execute(
        "UPDATE week_reports SET paid = paid + 1 WHERE source = 'treasury' AND week_ending = ?1",
        [week(0).to_string()],
    )
    .unwrap();
    match t.check_totals() {
        Err(GrdpsimError::TotalsDisagree {
            week_ending,
            payment_source,
            ..
        }) => {
            assert_eq!(week_ending, week(0).to_string());
            assert_eq!(payment_source, "treasury");
        }
        other => panic!("expected TotalsDisagree, got {other:?}"),
    }
}

#[test]
fn two_lines_of_one_week_that_disagree_are_refused() {
    let dir = TempDir::new("totals-lines");
    let path = dir.0.join("store.sqlite");
    let mut t = small(Some(&path));
    t.import_csv_str("plan.csv", P1_IN_TWO, "then").unwrap();
    t.import_csv_str("paid.csv", PAID_IN_TWO, "then").unwrap();
    t.check_totals().unwrap();
    // P1's NSTW line of week 0 says 13 where its NSDP line and the amounts (10 + 4) say 14.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute(
        "UPDATE payments SET cumulative = 13
         WHERE source = 'treasury' AND project = 'P1' AND capital_source = 'NSTW'
           AND week_ending = '2025-01-03'",
        [],
    )
    .unwrap();
    named(
        t.check_totals().unwrap_err(),
        ("P1", "2025-01-03", "treasury", 13.0, 14.0),
    );
    let bad = dir.0.join("bad.sqlite");
    assert!(t.store().backup(&bad).is_err());
    assert!(!bad.exists(), "a refused backup writes nothing");
}

/// The Treasury's kept cumulative per investor, by week then investor.
fn investor_totals(c: &rusqlite::Connection) -> Vec<(String, String, f64)> {
    c.prepare(
        "SELECT week_ending, investor, cumulative FROM investor_totals
         WHERE source = 'treasury' ORDER BY week_ending, investor",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// An investor's (plan, paid, projects) in a ranking.
fn ranked(r: &grdpsim::disbursement::Ranking, investor: &str) -> (f64, f64, usize) {
    let row = r.rows.iter().find(|x| x.investor == investor).unwrap();
    (row.plan, row.paid, row.projects)
}

#[test]
fn a_store_of_version_7_is_migrated_with_its_investor_totals_built_and_kept() {
    let dir = TempDir::new("totals-v7");
    let path = dir.0.join("v7.sqlite");
    let c = downgraded(
        &path,
        &[
            (
                "paid.csv",
                "project,week_ending,source,amount\n\
                 P1,2025-01-03,treasury,10\nP2,2025-01-10,treasury,25.5\n\
                 P3,2025-01-03,treasury,40\nP1,2025-01-10,investor,12\n",
            ),
            ("plan.csv", "project,effective,amount\nP2,2025-01-08,700\n"),
        ],
        7,
    );
    let kept: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_schema
             WHERE name IN ('investor_totals', 'investor_plan_steps')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 0);
    drop(c);
    let mut t = Tracker::open(&path).unwrap();
    assert_eq!(
        t.store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    t.check_totals().unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    let row = |w: &str, i: &str, x: f64| (w.to_owned(), i.to_owned(), x);
    // A (P1, P2): 10 by 3 January, 10 + 25.5 = 35.5 by 10 January; B (P3): 40 on both.
    assert_eq!(
        investor_totals(&c),
        [
            row("2025-01-03", "A", 10.0),
            row("2025-01-03", "B", 40.0),
            row("2025-01-10", "A", 35.5),
            row("2025-01-10", "B", 40.0)
        ]
    );
    // A's plan: 1,000 + 500 on 3 January, 1,000 + 700 from 8 January (P2 revised); B: 800.
    let rule = RankingRule::new(2, 0.0).unwrap();
    let r = t.ranking(week(1), rule).unwrap();
    assert_eq!(ranked(&r, "A"), (1700.0, 35.5, 2));
    assert_eq!(ranked(&r, "B"), (800.0, 40.0, 1));
    // B: 100 · 40 / 800 = 5.0 % ranks first; A: 100 · 35.5 / 1,700 = 2.09 %.
    assert_eq!(r.rows[0].investor, "B");
    assert_eq!(r.rows[1].rank, Some(2));
    assert_eq!(
        ranked(&t.ranking(week(0), rule).unwrap(), "A"),
        (1500.0, 10.0, 2)
    );
    // The Treasury's projects reported: P1 and P3 on 3 January, P2 on 10 January.
    let reported = |t: &Tracker, k: usize| t.coverage(week(k)).unwrap().reported;
    assert_eq!(
        (reported(&t, 0), reported(&t, 1), reported(&t, 2)),
        (2, 1, 0)
    );
    // The writers keep them: a new week copies the week before (A 35.5) and adds B's 4.5.
    t.import_csv_str(
        "more.csv",
        "project,week_ending,source,amount\nP3,2025-01-17,treasury,4.5\n",
        "now",
    )
    .unwrap();
    assert_eq!(
        investor_totals(&c)[4..],
        [row("2025-01-17", "A", 35.5), row("2025-01-17", "B", 44.5)]
    );
    // P2 moves to B with its payments and its plan: B 40 + 25.5 = 65.5 by 10 January and
    // 800 + 700 = 1,500 of plan; A keeps P1's 10 and 1,000.
    t.import_csv_str(
        "projects.csv",
        "project,name,investor,capital_source\nP2,School,B,NSDP\n",
        "now",
    )
    .unwrap();
    t.check_totals().unwrap();
    let r = t.ranking(week(1), rule).unwrap();
    assert_eq!(ranked(&r, "A"), (1000.0, 10.0, 1));
    assert_eq!(ranked(&r, "B"), (1500.0, 65.5, 2));
    // A withdrawal takes its amount from its week on: P2's 25.5 leaves B's 10 and 17 January.
    t.withdraw("P2", week(1), PaymentSource::Treasury, "now")
        .unwrap();
    t.check_totals().unwrap();
    assert_eq!(
        ranked(&t.ranking(week(2), rule).unwrap(), "B"),
        (1500.0, 44.5, 2)
    );
    // P3 reported on 17 January; nobody on 10 January any more.
    assert_eq!(
        (reported(&t, 0), reported(&t, 1), reported(&t, 2)),
        (2, 0, 1)
    );
}

#[test]
fn backup_refuses_a_store_whose_investor_aggregates_disagree() {
    let dir = TempDir::new("totals-investors");
    let path = dir.0.join("store.sqlite");
    let mut t = small(Some(&path));
    t.import_csv_str(
        "paid.csv",
        "project,week_ending,source,amount\n\
         P1,2025-01-03,treasury,10\nP2,2025-01-10,treasury,5\n",
        "then",
    )
    .unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    // A's cumulative by 10 January edited from 10 + 5 = 15 to 12 behind the store's back.
    c.execute(
        "UPDATE investor_totals SET cumulative = 12
         WHERE source = 'treasury' AND investor = 'A' AND week_ending = '2025-01-10'",
        [],
    )
    .unwrap();
    named(
        t.check_totals().unwrap_err(),
        ("investor A", "2025-01-10", "treasury", 12.0, 15.0),
    );
    let bad = dir.0.join("bad.sqlite");
    let e = t.store().backup(&bad).unwrap_err();
    assert!(e.to_string().contains("investor A"), "{e}");
    assert!(!bad.exists(), "a refused backup writes nothing");
    c.execute(
        "UPDATE investor_totals SET cumulative = 15 WHERE investor = 'A' AND week_ending = '2025-01-10'",
        [],
    )
    .unwrap();
    t.check_totals().unwrap();
    // Each edit (the one before undone) and what the check names.
    let edits: [(&str, Named<'_>); 4] = [
        // B's plan step of 1 January: 800 edited to 900.
        (
            "UPDATE investor_plan_steps SET delta = 900 WHERE investor = 'B'",
            ("investor B", "2025-01-01", "plan", 900.0, 800.0),
        ),
        // A step without a revision: stored 50, recomputed 0.
        (
            "UPDATE investor_plan_steps SET delta = 800 WHERE investor = 'B';
             INSERT INTO investor_plan_steps VALUES ('A', '2025-03-01', 50);",
            ("investor A", "2025-03-01", "plan", 50.0, 0.0),
        ),
        // The count of projects reported on 10 January (P2 alone) edited to 5.
        (
            "DELETE FROM investor_plan_steps WHERE effective = '2025-03-01';
             UPDATE week_reports SET projects = 5 WHERE week_ending = '2025-01-10';",
            ("projects reported", "2025-01-10", "treasury", 5.0, 1.0),
        ),
        // A's count of projects (P1, P2) edited to 3.
        (
            "UPDATE week_reports SET projects = 1 WHERE week_ending = '2025-01-10';
             UPDATE investor_projects SET projects = 3 WHERE investor = 'A';",
            ("investor A", "", "projects", 3.0, 2.0),
        ),
    ];
    for (sql, want) in edits {
        c.execute_batch(sql).unwrap();
        named(t.check_totals().unwrap_err(), want);
    }
}

/// One write: an import of payment rows (new figures or corrections of stored ones), a
/// withdrawal, a plan revision of a project (effective on a week's Friday, in quarters of a
/// million) or a project moved to another investor.
#[derive(Debug, Clone)]
enum Op {
    Import(Vec<(usize, usize, bool, u32)>),
    Withdraw(usize, usize, bool),
    Plan(usize, usize, u32),
    Move(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let row = (0..3_usize, 0..8_usize, any::<bool>(), 0..400_u32);
    prop_oneof![
        3 => prop::collection::vec(row, 1..6).prop_map(Op::Import),
        1 => (0..3_usize, 0..8_usize, any::<bool>()).prop_map(|(p, w, s)| Op::Withdraw(p, w, s)),
        1 => (0..3_usize, 0..8_usize, 0..8000_u32).prop_map(|(p, w, x)| Op::Plan(p, w, x)),
        1 => (0..3_usize, 0..3_usize).prop_map(|(p, i)| Op::Move(p, i)),
    ]
}

fn source(treasury: bool) -> PaymentSource {
    if treasury {
        PaymentSource::Treasury
    } else {
        PaymentSource::Investor
    }
}

/// The investors a project may move to, and the projects' own capital sources ([`PROJECTS`]).
const INVESTORS: [&str; 3] = ["A", "B", "C"];
const OWN_SOURCES: [&str; 3] = ["NSDP", "NSDP", "NSTW"];

/// What the store should hold after a sequence of [`Op`]s: payments by (project, week,
/// treasury), each project's plan revisions by effective date and its investor.
struct Model {
    paid: BTreeMap<(usize, usize, bool), f64>,
    plans: Vec<BTreeMap<Date, f64>>,
    investor: Vec<usize>,
}

impl Model {
    fn new() -> Self {
        let first = |x: f64| BTreeMap::from([(d("2025-01-01"), x)]);
        Self {
            paid: BTreeMap::new(),
            plans: vec![first(1000.0), first(500.0), first(800.0)],
            investor: vec![0, 0, 1],
        }
    }

    /// Applies `op` to the store `t` and to the model.
    fn apply(&mut self, t: &mut Tracker, op: &Op) {
        match op {
            Op::Import(rows) => {
                let mut csv = String::from("project,week_ending,source,amount\n");
                let mut seen = BTreeMap::new();
                for &(p, w, tr, x) in rows {
                    // One row per key in a file (a file naming a key twice is refused).
                    seen.insert((p, w, tr), x);
                }
                for (&(p, w, tr), &x) in &seen {
                    writeln!(
                        csv,
                        "P{},{},{},{}",
                        p + 1,
                        week(w),
                        source(tr).as_str(),
                        f64::from(x) / 4.0
                    )
                    .unwrap();
                    self.paid.insert((p, w, tr), f64::from(x) / 4.0);
                }
                t.import_csv_str("week.csv", &csv, "test").unwrap();
            }
            Op::Withdraw(p, w, tr) => {
                let out = t.withdraw(&format!("P{}", p + 1), week(*w), source(*tr), "test");
                if self.paid.remove(&(*p, *w, *tr)).is_some() {
                    out.unwrap();
                } else {
                    assert!(matches!(out, Err(GrdpsimError::NoSuchEntry { .. })));
                }
            }
            Op::Plan(p, w, x) => {
                let amount = f64::from(*x) / 4.0;
                let csv = format!(
                    "project,effective,amount\nP{},{},{amount}\n",
                    p + 1,
                    week(*w)
                );
                t.import_csv_str("plan.csv", &csv, "test").unwrap();
                self.plans[*p].insert(week(*w), amount);
            }
            Op::Move(p, i) => {
                let csv = format!(
                    "project,name,investor,capital_source\nP{},Moved,{},{}\n",
                    p + 1,
                    INVESTORS[*i],
                    OWN_SOURCES[*p]
                );
                t.import_csv_str("projects.csv", &csv, "test").unwrap();
                self.investor[*p] = *i;
            }
        }
    }

    /// Project `p`'s paid to week `w` from the Treasury (`tr`) or the investor.
    fn paid_to(&self, p: usize, w: usize, tr: bool) -> f64 {
        self.paid
            .iter()
            .filter(|(&(mp, mw, mt), _)| mp == p && mw <= w && mt == tr)
            .map(|(_, x)| x)
            .sum()
    }

    /// Project `p`'s plan in force on `day`.
    fn plan_on(&self, p: usize, day: Date) -> f64 {
        self.plans[p]
            .range(..=day)
            .next_back()
            .map_or(0.0, |(_, x)| *x)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any sequence of imports (out of week order, corrections of stored figures, several rows
    /// of one file), withdrawals, plan revisions and projects moved to another investor leaves
    /// every running total and every kept aggregate per investor equal to a recomputation (the
    /// store's check), and the views' paid and plan by project and by investor equal to the
    /// model's.
    #[test]
    fn any_sequence_of_writes_leaves_the_totals_equal_to_a_recomputation(
        ops in prop::collection::vec(op(), 1..12)
    ) {
        let mut t = small(None);
        // Amounts in quarters of a million (x / 4), so that sums are exact in f64.
        let mut model = Model::new();
        for op in &ops {
            model.apply(&mut t, op);
            t.check_totals().unwrap();
        }
        for tr in [false, true] {
            let v = t.view(source(tr));
            for w in 0..8 {
                let status = v.status(week(w), Level::Project).unwrap();
                for r in &status.rows {
                    let p: usize = r.key[1..].parse::<usize>().unwrap() - 1;
                    prop_assert_eq!(r.paid, model.paid_to(p, w, tr), "{} week {} {}", r.key, w, tr);
                }
                let by_investor = v.status(week(w), Level::Investor).unwrap();
                let ranking = v.ranking(week(w), RankingRule::default()).unwrap();
                prop_assert_eq!(ranking.rows.len(), by_investor.rows.len());
                for r in &by_investor.rows {
                    let i = INVESTORS.iter().position(|c| *c == r.key).unwrap();
                    let of = |p: &usize| model.investor[*p] == i;
                    let paid: f64 = (0..3).filter(of).map(|p| model.paid_to(p, w, tr)).sum();
                    let plan: f64 = (0..3).filter(of).map(|p| model.plan_on(p, week(w))).sum();
                    let before: f64 = (0..3)
                        .filter(of)
                        .map(|p| model.plan_on(p, week(w).add_days(-7)))
                        .sum();
                    prop_assert_eq!(r.projects, (0..3).filter(of).count());
                    prop_assert_eq!((r.paid, r.plan, r.plan_before), (paid, plan, before),
                                    "{} week {} {}", r.key, w, tr);
                    let ranked = ranking.rows.iter().find(|x| x.investor == r.key).unwrap();
                    prop_assert_eq!((ranked.paid, ranked.plan), (paid, plan));
                }
                let reported = model.paid.keys().filter(|k| k.1 == w && k.2 == tr).count();
                prop_assert_eq!(v.coverage(week(w)).unwrap().reported, reported);
                let province = v.status(week(w), Level::Province).unwrap().total;
                let paid: f64 = (0..3).map(|p| model.paid_to(p, w, tr)).sum();
                prop_assert_eq!(province.paid, paid);
            }
        }
    }
}
