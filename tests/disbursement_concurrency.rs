//! Two processes importing into one store at once: neither corrupts it nor loses an update.
//!
//! The test runs this same test binary twice more as workers (the ignored test below, chosen
//! by an environment variable), each importing its own weekly files as fast as it can.

mod disbursement_support;

use std::fmt::Write;
use std::process::{Command, Stdio};

use disbursement_support::TempDir;
use grdpsim::disbursement::{Level, Tracker};

const FILES_PER_WORKER: usize = 15;
const PROJECTS_PER_FILE: usize = 40;

fn week(i: usize) -> String {
    let first: grdpsim::monitoring::Date = "2025-01-03".parse().unwrap();
    first.add_days(7 * i as i32).to_string()
}

/// The worker: imports its files (source `treasury` for worker 0, `investor` for worker 1).
#[test]
#[ignore = "run by concurrent_importers_neither_corrupt_nor_lose_an_update as a child process"]
fn import_worker() {
    let (Ok(db), Ok(id)) = (
        std::env::var("GRDPSIM_TEST_WORKER_DB"),
        std::env::var("GRDPSIM_TEST_WORKER_ID"),
    ) else {
        return;
    };
    let source = if id == "0" { "treasury" } else { "investor" };
    let mut t = Tracker::open(&db).unwrap();
    for f in 0..FILES_PER_WORKER {
        let mut csv = String::from("project,week_ending,source,amount\n");
        for p in 0..PROJECTS_PER_FILE {
            writeln!(csv, "P{p:03},{},{source},{}", week(f), p + 1).unwrap();
        }
        t.import_csv_str(
            &format!("worker{id}-{f}.csv"),
            &csv,
            &format!("worker {id}"),
        )
        .unwrap();
    }
}

#[test]
fn concurrent_importers_neither_corrupt_nor_lose_an_update() {
    let dir = TempDir::new("concurrent");
    let db = dir.0.join("province.sqlite");
    {
        let mut t = Tracker::create(&db, "Test", 2025).unwrap();
        let mut projects = String::from("project,name,investor,capital_source\n");
        let mut plan = String::from("project,effective,amount\n");
        for p in 0..PROJECTS_PER_FILE {
            writeln!(projects, "P{p:03},Project {p},INV{},NSDP", p % 4).unwrap();
            writeln!(plan, "P{p:03},2025-01-01,1000").unwrap();
        }
        t.import_csv_str("projects.csv", &projects, "setup")
            .unwrap();
        t.import_csv_str("plan.csv", &plan, "setup").unwrap();
    }
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..2)
        .map(|id| {
            Command::new(&exe)
                .args(["import_worker", "--exact", "--ignored", "--quiet"])
                .env("GRDPSIM_TEST_WORKER_DB", &db)
                .env("GRDPSIM_TEST_WORKER_ID", id.to_string())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a worker failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let t = Tracker::open(&db).unwrap();
    let c = rusqlite::Connection::open(t.store().path().unwrap()).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    for source in ["treasury", "investor"] {
        let n: i64 = c
            .query_row(
                "SELECT count(*) FROM payments WHERE source = ?1",
                [source],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n as usize, FILES_PER_WORKER * PROJECTS_PER_FILE, "{source}");
    }
    let audited: i64 = c
        .query_row(
            "SELECT count(*) FROM audit WHERE entity = 'payments'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited as usize, 2 * FILES_PER_WORKER * PROJECTS_PER_FILE);
    // Every Treasury figure arrived: sum over weeks and projects of (p + 1).
    let s = t
        .status(week(FILES_PER_WORKER).parse().unwrap(), Level::Province)
        .unwrap();
    let expected = (FILES_PER_WORKER * PROJECTS_PER_FILE * (PROJECTS_PER_FILE + 1) / 2) as f64;
    assert!((s.total.paid - expected).abs() < 1e-9);
}

/// Two importers in one process, each with its own connection, importing large week files of
/// the same source into one store at once, the weeks interleaved: an import reads the totals
/// its new rows start from while its rows are checked (`store::totals::WeekBases`), in its own
/// immediate transaction before it writes; had the other importer's week come in between, the
/// running totals would disagree with a recomputation.
#[test]
fn large_imports_of_one_source_at_once_keep_the_totals() {
    // 2,500 projects × 2 sources: 5,000 rows a file, checked on two threads.
    const PROJECTS: usize = 2500;
    const WEEKS: usize = 6;
    let dir = TempDir::new("concurrent-large");
    let db = dir.0.join("province.sqlite");
    {
        let mut t = Tracker::create(&db, "Test", 2025).unwrap();
        let mut projects = String::from("project,name,investor,capital_source\n");
        for p in 0..PROJECTS {
            writeln!(projects, "P{p:04},Project {p},INV{},NSDP", p % 7).unwrap();
        }
        t.import_csv_str("projects.csv", &projects, "setup")
            .unwrap();
    }
    std::thread::scope(|scope| {
        for id in 0..2 {
            let db = &db;
            scope.spawn(move || {
                let mut t = Tracker::open(db).unwrap();
                for k in (id..WEEKS).step_by(2) {
                    let mut csv = String::from("project,week_ending,source,amount\n");
                    for p in 0..PROJECTS {
                        writeln!(csv, "P{p:04},{},treasury,{}", week(k), p % 5 + 1).unwrap();
                        writeln!(csv, "P{p:04},{},investor,{}", week(k), p % 3 + 1).unwrap();
                    }
                    t.import_csv_str(&format!("w{k}.csv"), &csv, "a").unwrap();
                }
            });
        }
    });
    let t = Tracker::open(&db).unwrap();
    t.check_totals().unwrap();
    // Every figure arrived: 6 weeks of the Treasury's p % 5 + 1 (500 projects of each 1..=5).
    let s = t
        .status(week(WEEKS).parse().unwrap(), Level::Province)
        .unwrap();
    let expected = (WEEKS * (PROJECTS / 5) * 15) as f64;
    assert!((s.total.paid - expected).abs() < 1e-9, "{}", s.total.paid);
}
