//! A large payments file's rows are checked by two threads, in chunks each takes in turn (issue
//! 27); what an import does must not depend on it. The same files are imported into two stores, one with
//! the rows checked on one thread (`ONE_THREAD_ENV`), and give the same reports, the same rows
//! in every table, the same audit trail and the same problems, in file order, with the rows
//! they name. Alone in its test program: the environment variable is the process's.

mod disbursement_support;

use std::fmt::Write as _;

use disbursement_support::{d, rejected_rows, TempDir};
use grdpsim::disbursement::Tracker;
use grdpsim::monitoring::Date;
use grdpsim::store::ONE_THREAD_ENV;

/// Projects: a week's file of both sources is 5,000 rows, three chunks of 2,048 (split from
/// 4,096 rows).
const N: usize = 2500;

fn week(k: i32) -> Date {
    d("2025-01-03").add_days(7 * k)
}

fn tracker(dir: &TempDir, name: &str) -> Tracker {
    let mut t = Tracker::create(dir.0.join(name), "Test", 2025).unwrap();
    let mut projects = String::from("project,name,investor,capital_source\n");
    for p in 0..N {
        writeln!(projects, "P{p:04},Project {p},INV{},NSDP", p % 13).unwrap();
    }
    t.import_csv_str("projects.csv", &projects, "setup")
        .unwrap();
    t
}

const HEADER: &str = "project,week_ending,source,amount\n";

/// A week's file: each project's Treasury and investor rows together.
fn week_file(k: i32) -> String {
    let mut csv = String::from(HEADER);
    for p in 0..N {
        let x = f64::from(u32::try_from(p % 17).unwrap()) + 0.5 * f64::from(k);
        writeln!(csv, "P{p:04},{},treasury,{x}", week(k)).unwrap();
        writeln!(csv, "P{p:04},{},investor,{}", week(k), x + 1.0).unwrap();
    }
    csv
}

/// Every row of every table but those stamped with the time (the audit trail, the schema's
/// versions), as text, by table.
fn tables(path: &std::path::Path) -> Vec<(String, Vec<String>)> {
    let c = rusqlite::Connection::open(path).unwrap();
    let names: Vec<String> = c
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT IN ('audit', 'schema_version')
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    names
        .into_iter()
        .map(|name| {
            let mut st = c.prepare(&format!("SELECT * FROM {name}")).unwrap();
            let n = st.column_count();
            let mut rows: Vec<String> = st
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<rusqlite::Result<Vec<_>>>()
                        .map(|v| v.join("|"))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            rows.sort();
            (name, rows)
        })
        .collect()
}

/// The audit trail without its times.
fn audit(t: &Tracker) -> Vec<String> {
    t.store()
        .audit_trail()
        .unwrap()
        .into_iter()
        .map(|a| {
            format!(
                "{}|{}|{}|{}|{:?}|{:?}",
                a.who, a.file, a.entity, a.key, a.old, a.new
            )
        })
        .collect()
}

/// What importing `files` does, in a store at `name`: each file's report or problems.
fn import_all(t: &mut Tracker, files: &[(&str, String)]) -> Vec<String> {
    files
        .iter()
        .map(|(name, csv)| match t.import_csv_str(name, csv, "a") {
            Ok(r) => format!("{r:?}"),
            Err(e) => format!("{:?}", rejected_rows(e)),
        })
        .collect()
}

#[test]
fn an_import_checked_on_one_thread_or_two_does_the_same() {
    let dir = TempDir::new("threads");
    // Problems in each chunk, and keys twice: within the first chunk, across chunks (a key of
    // the first twice in the third), and within the third.
    let mut bad = week_file(2);
    let mut lines: Vec<String> = bad.lines().map(str::to_owned).collect();
    lines[10] = format!("P0004,{},treasury,-1", week(2));
    lines[20] = lines[3].clone();
    lines[3000] = format!("P0020,{},treasury,abc", week(2));
    lines[4200] = format!("NOPE,{},investor,1", week(2));
    lines[4500] = lines[7].clone();
    lines[4600] = lines[7].clone();
    lines[4800] = lines[4700].clone();
    bad = lines.join("\n") + "\n";
    let files = [
        ("w0.csv", week_file(0)),
        ("w1.csv", week_file(1)),
        ("bad.csv", bad),
        ("w1.csv", week_file(1)),
        ("w2.csv", week_file(2)),
        ("w4.csv", week_file(4)),
        // Two weeks, the later first: the earliest week guessed from the first rows checked
        // (what the appends start from is read while the rows are checked) is not the file's,
        // and what it reads is not what the file's earliest week starts from (week 4 is stored
        // after week 3).
        (
            "w53.csv",
            week_file(5) + &week_file(3).replacen(HEADER, "", 1),
        ),
    ];
    std::env::remove_var(ONE_THREAD_ENV);
    let mut two = tracker(&dir, "two.db");
    let by_two = import_all(&mut two, &files);
    std::env::set_var(ONE_THREAD_ENV, "1");
    let mut one = tracker(&dir, "one.db");
    let by_one = import_all(&mut one, &files);
    std::env::remove_var(ONE_THREAD_ENV);
    assert_eq!(by_one, by_two);
    two.check_totals().unwrap();
    one.check_totals().unwrap();
    assert_eq!(audit(&one), audit(&two));
    drop((one, two));
    let (by_one, by_two) = (tables(&dir.0.join("one.db")), tables(&dir.0.join("two.db")));
    assert_eq!(by_one.len(), by_two.len());
    for (one, two) in by_one.iter().zip(&by_two) {
        assert!(one == two, "table {} differs", one.0);
    }

    // The bad file's problems in file order, each naming its own row (a file's line numbers
    // count the header as row 1) and a key's first row, in any chunk.
    let problems = {
        let mut t = tracker(&dir, "bad.db");
        t.import_csv_str("w0.csv", &files[0].1, "a").unwrap();
        rejected_rows(t.import_csv_str("bad.csv", &files[2].1, "a").unwrap_err())
    };
    let rows: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    let key = "source+project+week_ending+capital_source";
    assert_eq!(
        rows,
        [
            (11, "amount"),
            (21, key),
            (3001, "amount"),
            (4201, "project"),
            (4501, key),
            (4601, key),
            (4801, key)
        ]
    );
    for (p, first) in problems[1..].iter().zip(["4", "", "", "8", "8", "4701"]) {
        if !first.is_empty() {
            let said = format!("the same key as row {first}:");
            assert!(p.reason.contains(&said), "{}", p.reason);
        }
    }
}
