//! An import of many new payment rows appends their running totals together
//! (`store/totals.rs::append_weeks`): one range scan reads the totals they start from, and the
//! new weeks' totals are inserted in key order. These files mix what that path must hand to the
//! per-change path (a project with totals after the file's earliest week, corrections, a week
//! filled in before the latest) with what it takes (a new week for every project, two capital
//! sources' lines in one week, a project that did not report the week before, two new weeks of
//! one project in one file); each leaves the totals equal to a recomputation
//! (`check_totals`) and the figures below, added up by hand.

// Sums of halves and small integers are exact in f64.
#![allow(clippy::float_cmp)]

mod disbursement_support;

use std::fmt::Write as _;

use disbursement_support::d;
use grdpsim::disbursement::{Level, PaymentSource, Tracker};
use grdpsim::monitoring::Date;

/// Projects: 300, so that a week's file has at least 300 new rows (the bulk path starts at
/// 256).
const N: usize = 300;

fn week(k: usize) -> Date {
    d("2025-01-03").add_days(7 * i32::try_from(k).unwrap())
}

/// N projects in NSDP; the first ten also have a plan line in NSTW.
fn tracker() -> Tracker {
    let mut t = Tracker::in_memory("Test", 2025).unwrap();
    set_up(&mut t);
    t
}

/// [`tracker`]'s projects and plans, imported into `t`.
fn set_up(t: &mut Tracker) {
    let mut projects = String::from("project,name,investor,capital_source\n");
    for p in 0..N {
        writeln!(projects, "P{p:03},Project {p},INV{},NSDP", p % 7).unwrap();
    }
    t.import_csv_str("projects.csv", &projects, "setup")
        .unwrap();
    let mut plans = String::from("project,effective,amount,capital_source\n");
    for p in 0..N {
        writeln!(plans, "P{p:03},2025-01-01,100,NSDP").unwrap();
    }
    for p in 0..10 {
        writeln!(plans, "P{p:03},2025-01-01,50,NSTW").unwrap();
    }
    t.import_csv_str("plans.csv", &plans, "setup").unwrap();
}

/// A week's file of the Treasury: every project `amount` in NSDP in week `k`.
fn week_file(k: usize, amount: f64) -> String {
    let mut csv = String::from(HEADER);
    for p in 0..N {
        row(&mut csv, p, k, "treasury", amount, "NSDP");
    }
    csv
}

/// One row of a payments file with a capital source.
fn row(csv: &mut String, p: usize, k: usize, source: &str, amount: f64, line: &str) {
    writeln!(csv, "P{p:03},{},{source},{amount},{line}", week(k)).unwrap();
}

const HEADER: &str = "project,week_ending,source,amount,capital_source\n";

fn paid(t: &Tracker, source: PaymentSource, project: &str, as_of: Date) -> f64 {
    let s = t.view(source).status(as_of, Level::Project).unwrap();
    s.rows.iter().find(|r| r.key == project).unwrap().paid
}

fn treasury(t: &Tracker, project: &str, k: usize) -> f64 {
    paid(t, PaymentSource::Treasury, project, week(k))
}

#[test]
fn new_weeks_appended_together_keep_the_totals_with_whatever_else_the_file_brings() {
    let mut t = tracker();
    // Week 0: every project but P299, the Treasury 1 and the investor 2 in NSDP; the first
    // ten also 0.5 from the Treasury in NSTW (one total of 1.5 for the week).
    let mut w0 = String::from(HEADER);
    for p in 0..N - 1 {
        row(&mut w0, p, 0, "treasury", 1.0, "NSDP");
        row(&mut w0, p, 0, "investor", 2.0, "NSDP");
    }
    for p in 0..10 {
        row(&mut w0, p, 0, "treasury", 0.5, "NSTW");
    }
    let r = t.import_csv_str("w0.csv", &w0, "a").unwrap();
    assert_eq!((r.rows, r.inserted), (2 * (N - 1) + 10, 2 * (N - 1) + 10));
    t.check_totals().unwrap();
    assert_eq!(treasury(&t, "P000", 0), 1.5);
    assert_eq!(treasury(&t, "P010", 0), 1.0);
    // Week 2 (week 1 skipped): every project 3 from the Treasury, P299 for the first time
    // (not in the latest week's totals: read on its own, none, so 0 + 3).
    let mut w2 = String::from(HEADER);
    for p in 0..N {
        row(&mut w2, p, 2, "treasury", 3.0, "NSDP");
    }
    t.import_csv_str("w2.csv", &w2, "a").unwrap();
    t.check_totals().unwrap();
    assert_eq!(treasury(&t, "P000", 2), 4.5); // 1.5 + 3
    assert_eq!(treasury(&t, "P299", 2), 3.0);
    // One file: week 3 for every project (appended), P000's NSDP line of week 0 corrected
    // from 1 to 1.5 (+0.5 from week 0 on), week 1 filled in for P001 with 2 (a project with
    // later totals: the per-change path, +2 from week 1 on), and P002's weeks 3 and 4 (two
    // new weeks of one project, 1 then 4).
    let mut mixed = String::from(HEADER);
    for p in 0..N {
        let amount = if p == 2 { 1.0 } else { 0.25 };
        row(&mut mixed, p, 3, "treasury", amount, "NSDP");
    }
    row(&mut mixed, 0, 0, "treasury", 1.5, "NSDP");
    row(&mut mixed, 1, 1, "treasury", 2.0, "NSDP");
    row(&mut mixed, 2, 4, "treasury", 4.0, "NSDP");
    let r = t.import_csv_str("mixed.csv", &mixed, "b").unwrap();
    assert_eq!((r.rows, r.inserted, r.updated), (N + 3, N + 2, 1));
    t.check_totals().unwrap();
    // P000: 1.5 + 0.5 (NSTW) in week 0, 3 in week 2, 0.25 in week 3 = 5.25.
    assert_eq!(treasury(&t, "P000", 3), 5.25);
    assert_eq!(treasury(&t, "P000", 0), 2.0);
    // P001: 1.5 + 2 + 3 + 0.25 = 6.75; on week 1 alone 1.5 + 2 = 3.5.
    assert_eq!(treasury(&t, "P001", 3), 6.75);
    assert_eq!(treasury(&t, "P001", 1), 3.5);
    // P002: 1.5 + 3 + 1 = 5.5 by week 3, + 4 = 9.5 by week 4.
    assert_eq!(treasury(&t, "P002", 3), 5.5);
    assert_eq!(treasury(&t, "P002", 4), 9.5);
    // P299: 3 + 0.25; the investor's untouched: 2 on every project but P299.
    assert_eq!(treasury(&t, "P299", 3), 3.25);
    assert_eq!(paid(&t, PaymentSource::Investor, "P150", week(3)), 2.0);
    // The whole province by week 3: week 0 is 299 × 1 + 10 × 0.5 + 0.5 (P000's correction)
    // = 304.5; week 1 is 2; week 2 is 300 × 3 = 900; week 3 is 299 × 0.25 + 1 = 75.75:
    // 1,282.25.
    let s = t.status(week(3), Level::Province).unwrap();
    assert_eq!(s.total.paid, 1282.25);
    // The same file again changes nothing; then P002's week 4 withdrawn: 5.5 left.
    let r = t.import_csv_str("mixed.csv", &mixed, "b").unwrap();
    assert_eq!((r.unchanged, r.records_written), (N + 3, 0));
    t.withdraw("P002", week(4), PaymentSource::Treasury, "c")
        .unwrap();
    t.check_totals().unwrap();
    assert_eq!(treasury(&t, "P002", 4), 5.5);
}

#[test]
fn a_file_of_a_week_before_the_latest_takes_the_per_change_path() {
    let mut t = tracker();
    for (name, k, amount) in [("w2.csv", 2, 5.0), ("w0.csv", 0, 1.0), ("w1.csv", 1, 2.0)] {
        let mut csv = String::from(HEADER);
        for p in 0..N {
            row(&mut csv, p, k, "treasury", amount, "NSDP");
        }
        t.import_csv_str(name, &csv, "a").unwrap();
        t.check_totals().unwrap();
    }
    // Weeks 0 and 1 came after week 2: 1 + 2 + 5 = 8 by week 2, 1 + 2 = 3 by week 1.
    assert_eq!(treasury(&t, "P123", 2), 8.0);
    assert_eq!(treasury(&t, "P123", 1), 3.0);
    assert_eq!(treasury(&t, "P123", 0), 1.0);
}

#[test]
fn the_same_key_twice_in_one_file_is_refused_naming_both_rows_and_nothing_is_written() {
    let mut t = tracker();
    let mut csv = String::from(HEADER);
    for p in 0..N {
        row(&mut csv, p, 0, "treasury", 1.0, "NSDP");
    }
    // Line 302 repeats line 7's key (P005, week 0, the Treasury, NSDP) with another figure.
    row(&mut csv, 5, 0, "treasury", 9.0, "NSDP");
    let e = t.import_csv_str("twice.csv", &csv, "a").unwrap_err();
    let problems = disbursement_support::rejected_rows(e);
    assert_eq!(problems.len(), 1);
    let p = &problems[0];
    assert_eq!(
        (p.row, p.column.as_str(), p.value.as_str()),
        (
            N + 2,
            "source+project+week_ending+capital_source",
            "treasury|P005|2025-01-03|NSDP"
        )
    );
    assert!(p.reason.contains("the same key as row 7"), "{}", p.reason);
    // Nothing written: no payment, no total.
    assert_eq!(treasury(&t, "P005", 0), 0.0);
    assert_eq!(t.coverage(week(0)).unwrap().reported, 0);
    t.check_totals().unwrap();
}

#[test]
fn a_file_of_thousands_of_rows_keeps_the_totals() {
    // 2,100 projects × 2 sources = 4,200 rows: a large import (from 4,096 rows: its page cache
    // widened for the import).
    let mut t = Tracker::in_memory("Test", 2025).unwrap();
    let mut projects = String::from("project,name,investor,capital_source\n");
    for p in 0..2100 {
        writeln!(projects, "Q{p:04},Project {p},INV{},NSDP", p % 9).unwrap();
    }
    t.import_csv_str("projects.csv", &projects, "setup")
        .unwrap();
    for k in 0..2 {
        let mut csv = String::from("project,week_ending,source,amount\n");
        for p in 0..2100_u32 {
            let x = f64::from(p % 4);
            writeln!(csv, "Q{p:04},{},treasury,{x}", week(k)).unwrap();
            writeln!(csv, "Q{p:04},{},investor,{}", week(k), x + 1.0).unwrap();
        }
        let r = t.import_csv_str("week.csv", &csv, "a").unwrap();
        assert_eq!(r.inserted, 4200);
    }
    t.check_totals().unwrap();
    // Q0003: 3 a week from the Treasury, 4 from the investor: 6 and 8 by week 1.
    assert_eq!(treasury(&t, "Q0003", 1), 6.0);
    assert_eq!(paid(&t, PaymentSource::Investor, "Q0003", week(1)), 8.0);
    // The province by week 1: 2 weeks × 525 × (0 + 1 + 2 + 3) = 6,300 from the Treasury.
    assert_eq!(
        t.status(week(1), Level::Province).unwrap().total.paid,
        6300.0
    );
}

/// A week's appends start from the totals the previous import of the same tracker wrote only
/// while nothing else has written to the store since (`store/import_memo.rs`): here another
/// tracker on the same file corrects week 0 between two weeks' files, then this tracker
/// withdraws a row outside any import; each next week starts from the store as it is.
#[test]
fn a_week_starts_from_the_store_as_it_is_whoever_wrote_since_the_week_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let mut t = Tracker::create(&path, "Test", 2025).unwrap();
    set_up(&mut t);
    t.import_csv_str("w0.csv", &week_file(0, 1.0), "a").unwrap();
    // Another connection to the file: P005's week 0 corrected from 1 to 11.
    let mut other = Tracker::open(&path).unwrap();
    let mut fix = String::from(HEADER);
    row(&mut fix, 5, 0, "treasury", 11.0, "NSDP");
    other.import_csv_str("fix.csv", &fix, "b").unwrap();
    t.import_csv_str("w1.csv", &week_file(1, 2.0), "a").unwrap();
    assert_eq!(treasury(&t, "P005", 1), 13.0);
    assert_eq!(treasury(&t, "P006", 1), 3.0);
    // This tracker: P007's week 1 withdrawn, then week 2 (P007 did not report week 1 any
    // more: 1 + 4).
    t.withdraw("P007", week(1), PaymentSource::Treasury, "c")
        .unwrap();
    t.import_csv_str("w2.csv", &week_file(2, 4.0), "a").unwrap();
    assert_eq!(treasury(&t, "P007", 2), 5.0);
    assert_eq!(treasury(&t, "P005", 2), 17.0);
    assert_eq!(treasury(&t, "P006", 2), 7.0);
    t.check_totals().unwrap();
    other.check_totals().unwrap();
}
