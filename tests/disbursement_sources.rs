//! Several capital sources per plan line (issue 26): a project's plan lines and payments each
//! in a capital source, the views by source counting each line in its own, the views by
//! project, investor and province as before; a payment in a source without a plan line
//! refused; a store of version 6 migrated with its lines in the project's source; a monthly
//! plans file without the milestone and owner columns leaving them as they are.

// Sums of quarters of a million are exact in f64.
#![allow(clippy::float_cmp)]

mod disbursement_support;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use disbursement_support::TempDir;
use grdpsim::disbursement::{Level, PaymentSource, Status, Tracker};
use grdpsim::monitoring::Date;
use grdpsim::GrdpsimError;
use proptest::prelude::*;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// (plan, paid, rate, projects) by row key.
fn rows(s: &Status) -> BTreeMap<String, (f64, f64, f64, usize)> {
    s.rows
        .iter()
        .map(|r| (r.key.clone(), (r.plan, r.paid, r.rate_pct, r.projects)))
        .collect()
}

/// P1 of investor A, its own source the central budget (NSTW); P2 of investor B in the
/// local budget (NSDP).
const PROJECTS: &str = "project,name,investor,capital_source\nP1,Road,A,NSTW\nP2,School,B,NSDP\n";

/// [`PROJECTS`], P1 with a second line in the local budget (NSDP).
fn two_sources() -> Tracker {
    let mut t = Tracker::in_memory("Test", 2025).unwrap();
    t.import_csv_str("projects.csv", PROJECTS, "test").unwrap();
    // P1's first line has no capital_source cell: the project's own (NSTW).
    t.import_csv_str(
        "plan.csv",
        "project,effective,amount,capital_source\n\
         P1,2025-01-01,100,\nP1,2025-01-01,50,NSDP\nP2,2025-01-01,200,NSDP\n",
        "test",
    )
    .unwrap();
    // A payments file without the column: the project's own source.
    t.import_csv_str(
        "week1.csv",
        "project,week_ending,source,amount\nP1,2025-07-04,treasury,30\nP2,2025-07-04,treasury,40\n",
        "test",
    )
    .unwrap();
    // The Vietnamese header of the column.
    t.import_csv_str(
        "week1b.csv",
        "project,week_ending,source,amount,Nguồn vốn\nP1,2025-07-04,treasury,20,NSDP\n\
         P1,2025-07-11,treasury,10,NSTW\n",
        "test",
    )
    .unwrap();
    t
}

#[test]
fn a_project_with_two_sources_counts_each_line_in_its_own_source() {
    let t = two_sources();
    let as_of = d("2025-07-11");
    let by_source = t.status(as_of, Level::CapitalSource).unwrap();
    // NSTW: P1's line, plan 100, paid 30 + 10 = 40, rate 40 / 100 = 40%, one project.
    // NSDP: P1's line 50 and P2's 200 = 250, paid 20 + 40 = 60, rate 60 / 250 = 24%, two
    // projects (P1 counted in both sources).
    let r = rows(&by_source);
    assert_eq!(r.len(), 2);
    assert_eq!(r["NSTW"].0, 100.0);
    assert_eq!(r["NSTW"].1, 40.0);
    assert!(close(r["NSTW"].2, 40.0));
    assert_eq!(r["NSTW"].3, 1);
    assert_eq!(r["NSDP"].0, 250.0);
    assert_eq!(r["NSDP"].1, 60.0);
    assert!(close(r["NSDP"].2, 24.0));
    assert_eq!(r["NSDP"].3, 2);
    // The week's change by source: on 4 July NSTW had 30 of 100 (30%), so +10 pp from
    // payments; NSDP had 60 already, no change.
    let nstw = by_source.rows.iter().find(|r| r.key == "NSTW").unwrap();
    assert!(close(nstw.from_payments_pp, 10.0));
    let nsdp = by_source.rows.iter().find(|r| r.key == "NSDP").unwrap();
    assert!(close(nsdp.change_pp, 0.0));
    // By project, the lines added up: P1 plan 150, paid 60, 40%; P2 200, 40, 20%.
    let r = rows(&t.status(as_of, Level::Project).unwrap());
    assert_eq!((r["P1"].0, r["P1"].1), (150.0, 60.0));
    assert!(close(r["P1"].2, 40.0));
    assert_eq!((r["P2"].0, r["P2"].1), (200.0, 40.0));
    assert!(close(r["P2"].2, 20.0));
    // Province: 350 planned, 100 paid, 100 / 350 = 28.571...%, whatever the level.
    for level in [Level::Province, Level::CapitalSource, Level::Investor] {
        let s = t.status(as_of, level).unwrap();
        assert_eq!((s.total.plan, s.total.paid), (350.0, 100.0));
        assert!(close(s.total.rate_pct, 100.0 / 350.0 * 100.0));
        assert_eq!(s.total.projects, 2);
    }
    // The week's coverage counts P1 once though it paid in two sources on 4 July.
    assert_eq!(t.coverage(d("2025-07-04")).unwrap().reported, 2);
    t.check_totals().unwrap();
}

#[test]
fn a_revision_is_of_one_line_and_names_its_source() {
    let mut t = two_sources();
    t.import_csv_str(
        "rev.csv",
        "project,effective,amount,decision,capital_source\nP1,2025-07-10,80,QD 12,NSDP\n",
        "test",
    )
    .unwrap();
    let revs = t
        .revisions_between(d("2025-07-04"), d("2025-07-11"))
        .unwrap();
    assert_eq!(revs.len(), 1);
    // The NSDP line went from 50 to 80; the NSTW line is untouched.
    assert_eq!(revs[0].capital_source, "NSDP");
    assert_eq!((revs[0].previous, revs[0].amount), (50.0, 80.0));
    let r = rows(&t.status(d("2025-07-11"), Level::CapitalSource).unwrap());
    // NSDP: 80 + 200 = 280, NSTW still 100; P1 = 100 + 80 = 180.
    assert_eq!((r["NSDP"].0, r["NSTW"].0), (280.0, 100.0));
    let p = rows(&t.status(d("2025-07-11"), Level::Project).unwrap());
    assert_eq!(p["P1"].0, 180.0);
}

#[test]
fn a_payment_in_a_source_without_a_plan_line_is_refused_naming_project_week_and_source() {
    let mut t = two_sources();
    let before = t.status(d("2025-07-11"), Level::Province).unwrap().total;
    let err = t
        .import_csv_str(
            "oda.csv",
            "project,week_ending,source,amount,capital_source\n\
             P2,2025-07-11,treasury,5,NSDP\nP1,2025-07-11,treasury,7,ODA\n",
            "test",
        )
        .unwrap_err();
    let GrdpsimError::ImportRejected { problems, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].row, 3);
    assert_eq!(problems[0].column, "capital_source");
    assert_eq!(problems[0].value, "ODA");
    for part in ["P1", "2025-07-11", "ODA"] {
        assert!(problems[0].reason.contains(part), "{}", problems[0].reason);
    }
    // Nothing written: P2's good row neither.
    let after = t.status(d("2025-07-11"), Level::Province).unwrap().total;
    assert_eq!(after.paid, before.paid);
    // With the plan line in the same workbook's import (plans before payments), it is taken.
    let plan = grdpsim::disbursement::RawTable {
        sheet: Some("plans".into()),
        header: ["project", "effective", "amount", "capital_source"]
            .map(String::from)
            .to_vec(),
        rows: vec![(
            2,
            ["P1", "2025-07-01", "60", "ODA"].map(String::from).to_vec(),
        )],
    };
    let pay = grdpsim::disbursement::RawTable {
        sheet: Some("payments".into()),
        header: [
            "project",
            "week_ending",
            "source",
            "amount",
            "capital_source",
        ]
        .map(String::from)
        .to_vec(),
        rows: vec![(
            2,
            ["P1", "2025-07-11", "treasury", "7", "ODA"]
                .map(String::from)
                .to_vec(),
        )],
    };
    t.import_tables("book.xlsx", vec![pay, plan], "test")
        .unwrap();
    let r = rows(&t.status(d("2025-07-11"), Level::CapitalSource).unwrap());
    assert_eq!((r["ODA"].0, r["ODA"].1), (60.0, 7.0));
    t.check_totals().unwrap();
}

#[test]
fn a_week_withdrawn_is_withdrawn_in_every_source_and_the_totals_follow() {
    let mut t = two_sources();
    // P1 paid 30 (NSTW) and 20 (NSDP) in the week of 4 July: 50 withdrawn at once.
    t.withdraw("P1", d("2025-07-04"), PaymentSource::Treasury, "test")
        .unwrap();
    let p = rows(&t.status(d("2025-07-11"), Level::Project).unwrap());
    assert_eq!(p["P1"].1, 10.0);
    t.check_totals().unwrap();
    // Re-importing one line of the week rebuilds its total from that line alone.
    t.import_csv_str(
        "again.csv",
        "project,week_ending,source,amount,capital_source\nP1,2025-07-04,treasury,20,NSDP\n",
        "test",
    )
    .unwrap();
    let p = rows(&t.status(d("2025-07-11"), Level::Project).unwrap());
    assert_eq!(p["P1"].1, 30.0);
    t.check_totals().unwrap();
}

#[test]
fn a_store_of_version_6_is_migrated_with_its_lines_in_the_projects_source() {
    let dir = TempDir::new("sources-v6");
    let path = dir.0.join("v6.sqlite");
    let as_of = d("2025-07-11");
    let (status, by_source) = {
        let mut t = Tracker::create(&path, "Old", 2025).unwrap();
        t.import_csv_str("p.csv", PROJECTS, "then").unwrap();
        t.import_csv_str(
            "plan.csv",
            "project,effective,amount\nP1,2025-01-01,100\nP2,2025-01-01,200\nP1,2025-07-01,120\n",
            "then",
        )
        .unwrap();
        t.import_csv_str(
            "pay.csv",
            "project,week_ending,source,amount\nP1,2025-07-04,treasury,30\n\
             P2,2025-07-11,treasury,40\nP2,2025-07-11,investor,45\n",
            "then",
        )
        .unwrap();
        let s = (
            t.status(as_of, Level::Project).unwrap(),
            t.status(as_of, Level::CapitalSource).unwrap(),
        );
        disbursement_support::downgrade(&path, 6);
        assert_eq!(t.store().schema_version().unwrap(), 6);
        s
    };
    let t = Tracker::open(&path).unwrap();
    assert_eq!(
        t.store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    let c = rusqlite::Connection::open(&path).unwrap();
    let lines: Vec<(String, String, String)> = triples(
        &c,
        "SELECT project, capital_source, effective FROM plan_revisions ORDER BY 1, 3",
    );
    let s = |x: &str| x.to_owned();
    assert_eq!(
        lines,
        [
            (s("P1"), s("NSTW"), s("2025-01-01")),
            (s("P1"), s("NSTW"), s("2025-07-01")),
            (s("P2"), s("NSDP"), s("2025-01-01")),
        ]
    );
    let paid: Vec<(String, String, f64)> = triples(
        &c,
        "SELECT project, capital_source, amount FROM payments ORDER BY source, project",
    );
    assert_eq!(
        paid,
        [
            (s("P2"), s("NSDP"), 45.0),
            (s("P1"), s("NSTW"), 30.0),
            (s("P2"), s("NSDP"), 40.0),
        ]
    );
    // The views read exactly as before; the totals hold and keep being kept by the triggers.
    assert_eq!(t.status(as_of, Level::Project).unwrap(), status);
    assert_eq!(t.status(as_of, Level::CapitalSource).unwrap(), by_source);
    t.check_totals().unwrap();
    let mut t = t;
    t.import_csv_str(
        "more.csv",
        "project,week_ending,source,amount\nP1,2025-07-11,treasury,5\n",
        "now",
    )
    .unwrap();
    t.check_totals().unwrap();
    let p = rows(&t.status(as_of, Level::Project).unwrap());
    assert_eq!(p["P1"].1, 35.0);
}

#[test]
fn backup_and_restore_keep_a_store_with_several_sources() {
    let t = two_sources();
    let dir = TempDir::new("sources-backup");
    let copy = dir.0.join("copy.sqlite");
    t.store().backup(&copy).unwrap();
    let u = Tracker::open(&copy).unwrap();
    u.check_totals().unwrap();
    let as_of = d("2025-07-11");
    assert_eq!(
        u.status(as_of, Level::CapitalSource).unwrap().rows,
        t.status(as_of, Level::CapitalSource).unwrap().rows
    );
}

/// The rows of a query of three columns.
fn triples<A, B, C>(c: &rusqlite::Connection, sql: &str) -> Vec<(A, B, C)>
where
    A: rusqlite::types::FromSql,
    B: rusqlite::types::FromSql,
    C: rusqlite::types::FromSql,
{
    c.prepare(sql)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn milestones(path: &std::path::Path) -> Vec<(String, String, f64, String, String)> {
    let c = rusqlite::Connection::open(path).unwrap();
    let rows = c
        .prepare("SELECT project, month, amount, milestone, owner FROM monthly_plans ORDER BY 1, 2")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    rows
}

#[test]
fn a_monthly_plan_file_without_milestones_keeps_them_and_an_empty_cell_clears_one() {
    let dir = TempDir::new("sources-monthly");
    let path = dir.0.join("m.sqlite");
    let mut t = Tracker::create(&path, "Test", 2025).unwrap();
    t.import_csv_str("projects.csv", PROJECTS, "test").unwrap();
    t.import_csv_str(
        "m.csv",
        "project,month,amount,milestone,owner\nP1,2025-07,40,Site cleared,Ms Lan\n\
         P1,2025-08,60,Package 2 accepted,Mr Hung\n",
        "test",
    )
    .unwrap();
    // The amounts again, without the two columns: the amounts change, milestones and owners
    // stay (a new line has none).
    t.import_csv_str(
        "m2.csv",
        "project,month,amount\nP1,2025-07,45\nP1,2025-08,60\nP2,2025-08,10\n",
        "test",
    )
    .unwrap();
    let s = |x: &str| x.to_owned();
    assert_eq!(
        milestones(&path),
        [
            (s("P1"), s("2025-07"), 45.0, s("Site cleared"), s("Ms Lan")),
            (
                s("P1"),
                s("2025-08"),
                60.0,
                s("Package 2 accepted"),
                s("Mr Hung")
            ),
            (s("P2"), s("2025-08"), 10.0, s(""), s("")),
        ]
    );
    // A file with the owner column only: an empty owner clears it, the milestone stays.
    t.import_csv_str(
        "m3.csv",
        "project,month,amount,Người phụ trách\nP1,2025-07,45,\n",
        "test",
    )
    .unwrap();
    let m = milestones(&path);
    assert_eq!(
        m[0],
        (s("P1"), s("2025-07"), 45.0, s("Site cleared"), s(""))
    );
    assert_eq!(m[1].3, "Package 2 accepted");
}

/// A table of `rows` under `header`, as a workbook's sheet `sheet` (rows from 2).
fn sheet(sheet: &str, header: &[&str], rows: &[&[&str]]) -> grdpsim::disbursement::RawTable {
    let strings = |x: &[&str]| x.iter().map(|&c| c.to_owned()).collect();
    grdpsim::disbursement::RawTable {
        sheet: Some(sheet.into()),
        header: strings(header),
        rows: (2..).zip(rows.iter().map(|r| strings(r))).collect(),
    }
}

#[test]
fn a_workbook_of_payments_and_monthly_plans_keeps_the_stored_milestones() {
    // The import reads the monthly plans' stored notes only when its tables have monthly
    // plans (a week's payments alone need none): here a workbook's second sheet has them.
    let dir = TempDir::new("sources-monthly-book");
    let path = dir.0.join("m.sqlite");
    let mut t = Tracker::create(&path, "Test", 2025).unwrap();
    t.import_csv_str("projects.csv", PROJECTS, "test").unwrap();
    t.import_csv_str(
        "m.csv",
        "project,month,amount,milestone,owner\nP1,2025-07,40,Site cleared,Ms Lan\n",
        "test",
    )
    .unwrap();
    // A payment alone: the notes stay as they are.
    t.import_csv_str(
        "p.csv",
        "project,week_ending,source,amount\nP1,2025-07-04,treasury,5\n",
        "test",
    )
    .unwrap();
    let pay = sheet(
        "payments",
        &["project", "week_ending", "source", "amount"],
        &[&["P1", "2025-07-11", "treasury", "7"]],
    );
    let monthly = sheet(
        "monthly",
        &["project", "month", "amount"],
        &[&["P1", "2025-07", "45"]],
    );
    t.import_tables("book.xlsx", vec![pay, monthly], "test")
        .unwrap();
    let s = |x: &str| x.to_owned();
    assert_eq!(
        milestones(&path),
        [(s("P1"), s("2025-07"), 45.0, s("Site cleared"), s("Ms Lan"))]
    );
    // 5 + 7 = 12 paid by 11 July.
    let total = t.status(d("2025-07-11"), Level::Province).unwrap().total;
    assert_eq!(total.paid, 12.0);
}

/// One project's plan lines: (source index, plan in quarters of a million) and payments
/// (line index, week, quarters).
type ProjectCase = (Vec<(usize, u16)>, Vec<(usize, usize, u16)>);

const SOURCES: [&str; 3] = ["NSTW", "NSDP", "ODA"];

fn week(i: usize) -> String {
    // Fridays of 2025 from 3 January.
    d("2025-01-03").add_days(7 * i as i32).to_string()
}

fn project_case() -> impl Strategy<Value = ProjectCase> {
    prop::collection::btree_map(0..3usize, 0..4000u16, 1..=3)
        .prop_map(|m| m.into_iter().collect::<Vec<_>>())
        .prop_flat_map(|lines| {
            let n = lines.len();
            (
                Just(lines),
                prop::collection::vec((0..n, 0..30usize, 0..400u16), 0..6),
            )
        })
}

/// The cases entered two ways: `several`, one project per case with a line per source;
/// `apart`, one project per line (today's workaround), same investors.
fn enter(cases: &[(usize, ProjectCase)]) -> (Tracker, Tracker) {
    let mut several = Tracker::in_memory("T", 2025).unwrap();
    let mut apart = Tracker::in_memory("T", 2025).unwrap();
    let (mut p1, mut p2) = (
        String::from("project,name,investor,capital_source\n"),
        String::from("project,name,investor,capital_source\n"),
    );
    let plan_head = "project,effective,amount,capital_source\n";
    let (mut l1, mut l2) = (String::from(plan_head), String::from(plan_head));
    let pay_head = "project,week_ending,source,amount,capital_source\n";
    let (mut y1, mut y2) = (String::from(pay_head), String::from(pay_head));
    for (i, (investor, (lines, payments))) in cases.iter().enumerate() {
        let own = SOURCES[lines[0].0];
        writeln!(p1, "P{i},Project {i},I{investor},{own}").unwrap();
        for &(s, x) in lines {
            let src = SOURCES[s];
            writeln!(p2, "P{i}-{src},Line,I{investor},{src}").unwrap();
            writeln!(l1, "P{i},2025-01-01,{},{src}", f64::from(x) / 4.0).unwrap();
            writeln!(l2, "P{i}-{src},2025-01-01,{},", f64::from(x) / 4.0).unwrap();
        }
        // One row per key: the payments of a line and week added up.
        let mut keyed: BTreeMap<(usize, usize), u32> = BTreeMap::new();
        for &(l, w, x) in payments {
            *keyed.entry((l, w)).or_default() += u32::from(x);
        }
        for ((l, w), x) in keyed {
            let src = SOURCES[lines[l].0];
            let x = f64::from(x) / 4.0;
            writeln!(y1, "P{i},{},treasury,{x},{src}", week(w)).unwrap();
            writeln!(y2, "P{i}-{src},{},treasury,{x},", week(w)).unwrap();
        }
    }
    for (t, files) in [(&mut several, [p1, l1, y1]), (&mut apart, [p2, l2, y2])] {
        for (n, f) in files.iter().enumerate() {
            t.import_csv_str(&format!("f{n}.csv"), f, "test").unwrap();
        }
    }
    (several, apart)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// For random projects with one to three sources and random payments: the sums over the
    /// sources equal the totals by project, investor and province, and every view equals what
    /// the same lines entered as one project per source give.
    #[test]
    fn sums_over_sources_equal_the_totals_and_the_one_project_per_source_workaround(
        cases in prop::collection::vec((0..3usize, project_case()), 1..6),
        at in 0..30usize,
    ) {
        let (several, apart) = enter(&cases);
        let as_of = d(&week(at));
        for level in [Level::CapitalSource, Level::Investor, Level::Province] {
            let (a, b) = (several.status(as_of, level).unwrap(),
                          apart.status(as_of, level).unwrap());
            prop_assert_eq!(a.total.plan, b.total.plan);
            prop_assert_eq!(a.total.paid, b.total.paid);
            let (ra, rb) = (rows(&a), rows(&b));
            prop_assert_eq!(ra.len(), rb.len());
            for (k, x) in &ra {
                let y = &rb[k];
                prop_assert_eq!((x.0, x.1), (y.0, y.1), "{} at {:?}", k, level);
                prop_assert!(x.2 == y.2 || (x.2.is_nan() && y.2.is_nan()));
                if level == Level::CapitalSource {
                    // A project is in each of its sources' groups, as each line apart is.
                    prop_assert_eq!(x.3, y.3);
                } else {
                    // A project counts once by investor, each line once apart.
                    prop_assert!(x.3 <= y.3);
                }
            }
            // The sums over the level's rows are the province's.
            let plan: f64 = a.rows.iter().map(|r| r.plan).sum();
            let paid: f64 = a.rows.iter().map(|r| r.paid).sum();
            prop_assert_eq!(plan, a.total.plan);
            prop_assert_eq!(paid, a.total.paid);
        }
        // By project: a project's figures are the sum of its lines entered apart.
        let pa = rows(&several.status(as_of, Level::Project).unwrap());
        let pb = rows(&apart.status(as_of, Level::Project).unwrap());
        for (code, x) in &pa {
            let (plan, paid) = pb
                .iter()
                .filter(|(k, _)| k.starts_with(&format!("{code}-")))
                .fold((0.0, 0.0), |(a, b), (_, y)| (a + y.0, b + y.1));
            prop_assert_eq!((x.0, x.1), (plan, paid), "{}", code);
        }
        several.check_totals().unwrap();
    }
}

#[test]
fn a_payment_without_a_source_takes_its_projects_own_as_the_same_import_leaves_it() {
    // The stored projects' own sources are read with the known projects (one read of the
    // projects an import, issue 27); a projects sheet of the same workbook changes them for
    // the payments after it, and brings a new project with its own.
    let dir = TempDir::new("sources-own-in-import");
    let path = dir.0.join("s.sqlite");
    let mut t = Tracker::create(&path, "Test", 2025).unwrap();
    t.import_csv_str("projects.csv", PROJECTS, "test").unwrap();
    let projects = sheet(
        "projects",
        &["project", "name", "investor", "capital_source"],
        &[
            &["P2", "School", "B", "NSTW"],
            &["P3", "Bridge", "A", "ODA"],
        ],
    );
    let pay = sheet(
        "payments",
        &["project", "week_ending", "source", "amount"],
        &[
            &["P1", "2025-07-04", "treasury", "5"],
            &["P2", "2025-07-04", "treasury", "6"],
            &["P3", "2025-07-04", "treasury", "7"],
        ],
    );
    t.import_tables("book.xlsx", vec![pay, projects], "test")
        .unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    let lines: Vec<(String, String, f64)> = triples(
        &c,
        "SELECT project, capital_source, amount FROM payments ORDER BY 1",
    );
    let s = |x: &str| x.to_owned();
    assert_eq!(
        lines,
        [
            (s("P1"), s("NSTW"), 5.0),
            (s("P2"), s("NSTW"), 6.0),
            (s("P3"), s("ODA"), 7.0)
        ]
    );
    // A project neither stored nor brought is still refused by name.
    let err = t
        .import_csv_str(
            "w2.csv",
            "project,week_ending,source,amount\nP9,2025-07-11,treasury,1\n",
            "test",
        )
        .unwrap_err();
    let GrdpsimError::ImportRejected { problems, .. } = err else {
        panic!("{err}")
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].row, problems[0].column.as_str()),
        (2, "project")
    );
    assert!(problems[0].reason.starts_with("unknown project"));
}
