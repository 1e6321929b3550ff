//! The per-province monitoring store: schema, marker, WAL, refusal of foreign files, backup.

mod disbursement_support;

use std::path::Path;

use disbursement_support::TempDir;

use grdpsim::store::{Store, APPLICATION_ID, SCHEMA_VERSION};
use grdpsim::GrdpsimError;

#[test]
fn a_new_store_has_the_schema_the_marker_and_wal() {
    let dir = TempDir::new("store");
    let path = dir.0.join("s.sqlite");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let c = rusqlite::Connection::open(&path).unwrap();
    let app: i32 = c
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    // Reopening migrates nothing and keeps one row per schema step.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let n: i64 = c
        .query_row("SELECT count(*) FROM schema_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, SCHEMA_VERSION);
}

#[test]
fn a_file_that_is_not_a_store_is_refused_and_left_alone() {
    let dir = TempDir::new("refuse");
    let text = dir.file("notes.sqlite", "just some text, not a database");
    assert!(matches!(
        Store::open(&text),
        Err(GrdpsimError::NotAStore { .. })
    ));
    assert_eq!(
        std::fs::read(&text).unwrap(),
        b"just some text, not a database"
    );
    // Another application's SQLite database.
    let other = dir.0.join("other.sqlite");
    {
        let c = rusqlite_like_other_app(&other);
        drop(c);
    }
    let before = std::fs::read(&other).unwrap();
    let err = Store::open(&other).unwrap_err();
    assert!(matches!(err, GrdpsimError::NotAStore { .. }), "{err}");
    assert_eq!(std::fs::read(&other).unwrap(), before);
}

/// Another program's `SQLite` file: a store, then its marker removed and a foreign table added
/// (with `SQLite` directly: the store has no API for that).
fn rusqlite_like_other_app(path: &Path) -> rusqlite::Connection {
    drop(Store::open(path).unwrap());
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch("PRAGMA application_id = 7; CREATE TABLE photos (id INTEGER);")
        .unwrap();
    c
}

#[test]
fn a_backup_is_a_store_and_restore_refuses_anything_else() {
    let dir = TempDir::new("backup");
    let mut live = Store::open(dir.0.join("live.sqlite")).unwrap();
    live.set_meta("province", "Cao Bằng", "tester").unwrap();
    let copy = dir.0.join("copy.sqlite");
    live.backup(&copy).unwrap();
    assert_eq!(Store::check_backup(&copy).unwrap(), SCHEMA_VERSION);
    // A backup never overwrites.
    assert!(live.backup(&copy).is_err());

    let mut other = Store::open(dir.0.join("other.sqlite")).unwrap();
    assert_eq!(other.meta("province").unwrap(), None);
    other.restore(&copy).unwrap();
    assert_eq!(other.meta("province").unwrap().as_deref(), Some("Cao Bằng"));
    assert_eq!(other.audit_trail().unwrap().len(), 1);

    // Refused: a text file, a foreign database, a missing file; the store is unchanged.
    let text = dir.file("notes.sqlite", "hello");
    let foreign = dir.0.join("foreign.sqlite");
    drop(rusqlite_like_other_app(&foreign));
    for bad in [text, foreign, dir.0.join("missing.sqlite")] {
        let err = other.restore(&bad).unwrap_err();
        assert!(matches!(err, GrdpsimError::NotAStore { .. }), "{err}");
        assert_eq!(other.meta("province").unwrap().as_deref(), Some("Cao Bằng"));
    }
}

#[test]
fn a_store_of_the_first_schema_is_migrated_with_its_data() {
    use grdpsim::disbursement::{Level, Tracker};
    // A store as the first release wrote it: the disbursement tables only (steps 2 and 3,
    // monitoring and the web page's accounts, taken back out of a new store).
    let dir = TempDir::new("migrate");
    let path = dir.0.join("old.sqlite");
    {
        let mut t = Tracker::create(&path, "Old province", 2025).unwrap();
        t.import_csv_str(
            "old.csv",
            "project,name,investor,capital_source\nP1,Road,A,NSTW\n",
            "then",
        )
        .unwrap();
        t.import_csv_str(
            "plan.csv",
            "project,effective,amount\nP1,2025-01-01,100\n",
            "then",
        )
        .unwrap();
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(disbursement_support::UNDO_VERSION_7)
            .unwrap();
        c.execute_batch(disbursement_support::UNDO_VERSION_6)
            .unwrap();
        c.execute_batch(
            "DROP TABLE findings; DROP TABLE tasks; DROP TABLE indicator_values;
             DROP TABLE indicator_targets; DROP TABLE indicators;
             DROP TABLE sessions; DROP TABLE accounts; DROP TABLE digests;
             DROP TABLE advances; DROP TABLE advance_recoveries;
             DROP TABLE task_reports;
             DELETE FROM schema_version WHERE version > 1;",
        )
        .unwrap();
        assert_eq!(t.store().schema_version().unwrap(), 1);
    }
    let t = Tracker::open(&path).unwrap();
    assert_eq!(t.store().schema_version().unwrap(), SCHEMA_VERSION);
    let status = t
        .status("2025-06-30".parse().unwrap(), Level::Province)
        .unwrap();
    assert!(
        (status.total.plan - 100.0).abs() < 1e-9,
        "the data survive the migration"
    );
    let tables: Vec<String> = {
        let c = rusqlite::Connection::open(&path).unwrap();
        let mut st = c
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap();
        let rows = st.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    for table in ["indicators", "tasks", "findings", "accounts", "sessions"] {
        assert!(
            tables.iter().any(|t| t == table),
            "{table} missing: {tables:?}"
        );
    }
    drop(t);
    // The monitoring layer works on the migrated file.
    let mut m = grdpsim::monitoring::indicators::Monitor::open(&path).unwrap();
    m.import_csv_str(
        "ind.csv",
        "indicator,name_vi,name_en,unit,department,sector,kind\nX,Chỉ tiêu,Indicator,tỷ đồng,Sở,CN,flow\n",
        "now",
    )
    .unwrap();
}

/// Issue 22: a refused open leaves the file byte for byte as it was, WAL switch included.
#[test]
fn a_refused_open_writes_nothing_to_the_file() {
    use grdpsim::disbursement::Tracker;
    let dir = TempDir::new("refused-open");
    let unchanged = |path: &Path, open: &dyn Fn(&Path) -> Option<GrdpsimError>, want: &str| {
        let before = std::fs::read(path).unwrap();
        let err = open(path).expect("refused");
        assert!(err.to_string().contains(want), "{err}");
        assert_eq!(
            std::fs::read(path).unwrap(),
            before,
            "{} changed",
            path.display()
        );
    };
    let tracker = |p: &Path| Tracker::open(p).err();
    let store = |p: &Path| Store::open_existing(p).err();
    // A 0-byte file got the whole schema written before Tracker::open refused it.
    let empty = dir.file("empty.sqlite", "");
    unchanged(&empty, &tracker, "empty file");
    unchanged(&empty, &store, "empty file");
    // An SQLite file with only grdpsim's application id: tables were written, then refused.
    let marked = dir.0.join("marked.sqlite");
    {
        let c = rusqlite::Connection::open(&marked).unwrap();
        c.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
    }
    unchanged(&marked, &tracker, "no schema");
    // A store of a future schema was switched to WAL before being refused.
    let future = dir.0.join("future.sqlite");
    {
        drop(Store::open(&future).unwrap());
        let c = rusqlite::Connection::open(&future).unwrap();
        c.execute(
            "INSERT INTO schema_version (version, applied_at, description) VALUES (99, 'x', 'y')",
            [],
        )
        .unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    assert_eq!(std::fs::read(&future).unwrap()[18], 1, "rollback journal");
    unchanged(
        &future,
        &|p| Store::open(p).err(),
        "schema version 99 is newer",
    );
    unchanged(&future, &tracker, "schema version 99 is newer");
    assert!(!dir.0.join("future.sqlite-wal").exists());
    // Another program's SQLite file whose only sign is its user_version.
    let versioned = dir.0.join("versioned.sqlite");
    {
        let c = rusqlite::Connection::open(&versioned).unwrap();
        c.pragma_update(None, "user_version", 12).unwrap();
    }
    unchanged(&versioned, &|p| Store::open(p).err(), "user_version 12");
    // A missing file is an I/O error naming it; nothing is created.
    let missing = dir.0.join("missing.sqlite");
    let Err(e) = Tracker::open(&missing) else {
        panic!("a missing file opened")
    };
    assert!(
        matches!(&e, GrdpsimError::Io { path, .. } if path.contains("missing.sqlite")),
        "{e}"
    );
    assert!(!missing.exists());
    // Creating a store in a 0-byte file still works (a new temporary file is one).
    assert!(Tracker::create(&empty, "Cao Bằng", 2025).is_ok());
}
