//! The store's read path: a reading tracker reads through read-only connections beside the
//! writer (WAL), sees every committed write, cannot write, and many read at once.

// Sums of whole millions are exact in f64.
#![allow(clippy::float_cmp)]

mod disbursement_support;

use std::fmt::Write as _;
use std::sync::mpsc;
use std::time::Duration;

use disbursement_support::TempDir;
use grdpsim::disbursement::{Level, Tracker};
use grdpsim::monitoring::Date;
use grdpsim::store::{MAX_READ_CONNECTIONS, READ_CONNECTIONS};
use grdpsim::GrdpsimError;

const PROJECTS: usize = 6;

/// A store in `dir` with six projects of plan 1,000 each (investors INV0..INV2) and one week
/// paid: project `i` paid `10·(i+1)`, 210 in all.
fn store(dir: &TempDir) -> Tracker {
    let db = dir.0.join("province.sqlite");
    let mut t = Tracker::create(&db, "Test", 2025).unwrap();
    let mut projects = String::from("project,name,investor,capital_source\n");
    let mut plan = String::from("project,effective,amount\n");
    let mut paid = String::from("project,week_ending,source,amount\n");
    for p in 0..PROJECTS {
        writeln!(projects, "P{p},Project {p},INV{},NSDP", p % 3).unwrap();
        writeln!(plan, "P{p},2025-01-01,1000").unwrap();
        writeln!(paid, "P{p},2025-01-03,treasury,{}", 10 * (p + 1)).unwrap();
    }
    for (name, csv) in [
        ("projects.csv", projects),
        ("plan.csv", plan),
        ("paid.csv", paid),
    ] {
        t.import_csv_str(name, &csv, "setup").unwrap();
    }
    t
}

fn june() -> Date {
    "2025-06-30".parse().unwrap()
}

#[test]
fn reads_run_while_the_writer_is_held_and_see_each_commit() {
    let dir = TempDir::new("read-pool");
    let mut t = store(&dir);
    let reader = t.reading();
    assert!(reader.shared_store().is_reading() && !t.shared_store().is_reading());
    // 10 + 20 + ... + 60 = 210 of 6 × 1,000.
    assert_eq!(
        reader.status(june(), Level::Province).unwrap().total.paid,
        210.0
    );

    // The writer's connection held by this thread: a read on the writer would wait for ever,
    // a reader does not (on another thread, with a deadline, so a regression fails rather
    // than hangs).
    let held = t.store();
    let (tx, rx) = mpsc::channel();
    let r = reader.clone();
    std::thread::spawn(move || {
        let _ = tx.send(r.status(june(), Level::Province).map(|s| s.total.paid));
    });
    let paid = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("a reader waited for the writer");
    assert_eq!(paid.unwrap(), 210.0);
    drop(held);

    // A committed import is seen by the next read: P0 pays 5 more in the next week, 215.
    t.import_csv_str(
        "more.csv",
        "project,week_ending,source,amount\nP0,2025-01-10,treasury,5\n",
        "setup",
    )
    .unwrap();
    assert_eq!(
        reader.status(june(), Level::Province).unwrap().total.paid,
        215.0
    );
}

#[test]
fn a_write_through_a_reader_is_refused_and_changes_nothing() {
    let dir = TempDir::new("read-pool-refused");
    let t = store(&dir);
    let trail = t.store().audit_trail().unwrap().len();
    let mut reader = t.reading();
    let e = reader
        .import_csv_str(
            "more.csv",
            "project,week_ending,source,amount\nP0,2025-01-10,treasury,5\n",
            "reader",
        )
        .unwrap_err();
    assert!(matches!(e, GrdpsimError::Database { .. }), "{e:?}");
    assert!(e.to_string().contains("readonly"), "{e}");
    assert_eq!(t.status(june(), Level::Province).unwrap().total.paid, 210.0);
    assert_eq!(t.store().audit_trail().unwrap().len(), trail);
}

#[test]
fn more_readers_than_connections_all_answer_alike() {
    let dir = TempDir::new("read-pool-many");
    let mut t = store(&dir);
    let reader = t.reading();
    // Three times the pool's connections at once, while the writer imports week after week:
    // each read sees 210 plus a whole number of committed weeks of P5 (1 each), never half
    // an import, and the ranking's investors are always the same three.
    let threads: Vec<_> = (0..3 * READ_CONNECTIONS)
        .map(|_| {
            let r = reader.clone();
            std::thread::spawn(move || {
                (0..5)
                    .map(|_| {
                        let paid = r.status(june(), Level::Province).unwrap().total.paid;
                        let ranked = r
                            .ranking(june(), grdpsim::disbursement::RankingRule::default())
                            .unwrap()
                            .rows
                            .len();
                        (paid, ranked)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let first: Date = "2025-01-10".parse().unwrap();
    for w in 0..8 {
        let csv = format!(
            "project,week_ending,source,amount\nP5,{},treasury,1\n",
            first.add_days(7 * w)
        );
        t.import_csv_str("week.csv", &csv, "writer").unwrap();
    }
    for h in threads {
        for (paid, ranked) in h.join().unwrap() {
            assert!(
                (210.0..=218.0).contains(&paid) && paid.fract() == 0.0,
                "{paid}"
            );
            assert_eq!(ranked, 3);
        }
    }
    assert_eq!(
        reader.status(june(), Level::Province).unwrap().total.paid,
        218.0
    );
}

#[test]
fn an_in_memory_store_reads_through_its_one_connection() {
    let t = Tracker::in_memory("Test", 2025).unwrap();
    let reader = t.reading();
    assert_eq!(reader.project_count().unwrap(), 0);
}

/// Whether `reader` answers a province status (210) within `wait`, on another thread: `None`
/// if it is still waiting (for the writer or a connection held by the caller); the thread then
/// answers once that is given back.
fn answers_within(reader: &Tracker, wait: Duration) -> (Option<f64>, mpsc::Receiver<f64>) {
    let (tx, rx) = mpsc::channel();
    let r = reader.clone();
    std::thread::spawn(move || {
        let _ = tx.send(r.status(june(), Level::Province).unwrap().total.paid);
    });
    (rx.recv_timeout(wait).ok(), rx)
}

#[test]
fn the_pools_size_is_set_and_binds_and_zero_reads_through_the_writer() {
    let dir = TempDir::new("read-pool-size");
    let t = store(&dir);
    let reader = t.reading();
    let shared = t.shared_store();
    let e = shared
        .set_read_connections(MAX_READ_CONNECTIONS + 1)
        .unwrap_err();
    assert!(
        matches!(&e, GrdpsimError::InvalidArgument { name, .. } if name == "read_connections"),
        "{e:?}"
    );
    assert!(e.to_string().contains("257:"), "{e}");

    // One connection: while this thread holds it, another reader waits, then answers.
    shared.set_read_connections(1).unwrap();
    let held = reader.store();
    let (early, rx) = answers_within(&reader, Duration::from_millis(300));
    assert_eq!(
        early, None,
        "a second reader did not wait for the one connection"
    );
    drop(held);
    assert_eq!(rx.recv_timeout(Duration::from_secs(60)).unwrap(), 210.0);
    // ... and the writer is not the one connection: a read does not wait for it.
    let writer = t.store();
    let (early, _) = answers_within(&reader, Duration::from_secs(60));
    assert_eq!(early, Some(210.0));
    drop(writer);

    // None: the reading handles take the writer, so a read waits while it is held.
    shared.set_read_connections(0).unwrap();
    let writer = t.store();
    let (early, rx) = answers_within(&reader, Duration::from_millis(300));
    assert_eq!(early, None, "a read did not go through the writer");
    drop(writer);
    assert_eq!(rx.recv_timeout(Duration::from_secs(60)).unwrap(), 210.0);
}

#[test]
fn the_data_version_changes_with_every_commit_and_only_then() {
    let dir = TempDir::new("read-pool-version");
    let mut t = store(&dir);
    let reader = t.reading();
    let shared = reader.shared_store();
    let v0 = shared.data_version().unwrap();
    // Reads through the pool change nothing.
    assert_eq!(
        reader.status(june(), Level::Province).unwrap().total.paid,
        210.0
    );
    assert_eq!(shared.data_version().unwrap(), v0);
    // A write through this store's writer.
    let week = "project,week_ending,source,amount\nP0,2025-01-10,treasury,5\n";
    t.import_csv_str("more.csv", week, "writer").unwrap();
    let v1 = shared.data_version().unwrap();
    assert_ne!(v1, v0);
    assert_eq!(shared.data_version().unwrap(), v1);
    // A commit of another connection to the file (as another process's would be).
    let mut other = Tracker::open(dir.0.join("province.sqlite")).unwrap();
    let v2 = shared.data_version().unwrap();
    let week = "project,week_ending,source,amount\nP1,2025-01-10,treasury,5\n";
    other.import_csv_str("other.csv", week, "other").unwrap();
    assert_ne!(shared.data_version().unwrap(), v2);
    // 210 + 5 + 5.
    assert_eq!(
        reader.status(june(), Level::Province).unwrap().total.paid,
        220.0
    );
}
