//! Helpers shared by the disbursement tests: the three projects most of them start from, an
//! in-memory tracker of 2025 with CSV texts imported, the rows an import refused, and a store
//! file taken back to an older schema.

#![allow(dead_code)]

use std::path::PathBuf;

// The store's helpers need the `store` feature; tests/atomic_saves.rs uses the rest without it.
#[cfg(feature = "store")]
use grdpsim::disbursement::Tracker;
#[cfg(feature = "store")]
use grdpsim::monitoring::Date;
use grdpsim::{GrdpsimError, RowProblem};

/// Three projects of two investors: P1 and P2 of Board A, P3 of Board B (places in Vietnamese).
pub const PROJECTS: &str = "project,name,investor,investor_name,responsible,capital_source,location
P1,Road 1,A,Board A,Ms Lan,NSTW,Hòa An
P2,School 2,A,Board A,Mr Hai,NSDP,Bảo Lạc
P3,Bridge 3,B,Board B,Mr Long,NSTW,Hạ Lang
";

/// A date written as `YYYY-MM-DD`.
#[cfg(feature = "store")]
pub fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// Asserts that two figures agree to 1e-9.
pub fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

/// An in-memory tracker of 2025 with `files` imported in order, each as
/// `(file name, CSV text, user)`.
#[cfg(feature = "store")]
pub fn tracker_importing(files: &[(&str, &str, &str)]) -> Tracker {
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    for (name, text, user) in files {
        t.import_csv_str(name, text, user).unwrap();
    }
    t
}

/// An in-memory tracker of 2025 with the CSV `texts` imported in order (as `file0.csv`,
/// `file1.csv`, ... by `me`).
#[cfg(feature = "store")]
pub fn tracker_of(texts: &[&str]) -> Tracker {
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    for (i, text) in texts.iter().enumerate() {
        t.import_csv_str(&format!("file{i}.csv"), text, "me")
            .unwrap();
    }
    t
}

/// The rows of a refused import; panics on any other error.
pub fn rejected_rows(e: GrdpsimError) -> Vec<RowProblem> {
    match e {
        GrdpsimError::ImportRejected { problems, .. } => problems,
        other => panic!("expected ImportRejected, got {other:?}"),
    }
}

/// The undoing of each schema version, newest first: `(version, SQL)`. A new version's undoing
/// goes first.
pub const UNDO_STEPS: &[(u32, &str)] = &[
    (11, UNDO_VERSION_11),
    (10, UNDO_VERSION_10),
    (9, UNDO_VERSION_9),
    (8, UNDO_VERSION_8),
    (7, UNDO_VERSION_7),
    (6, UNDO_VERSION_6),
    (5, UNDO_VERSION_5),
];

/// Takes the store file at `path` back to schema `version` (the steps of [`UNDO_STEPS`] above
/// it, newest first) and returns the connection, for a test's own older steps.
#[cfg(feature = "store")]
pub fn downgrade(path: &std::path::Path, version: u32) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).unwrap();
    for (_, sql) in UNDO_STEPS.iter().filter(|(v, _)| *v > version) {
        c.execute_batch(sql).unwrap();
    }
    c
}
/// The trigger moving a project's kept aggregates to another investor as versions 8 and 9 made
/// it: its cumulatives read from `$totals` (`paid_totals` in version 8, the payments in 9)
/// seeking the project's key.
macro_rules! move_trigger_reading {
    ($totals:literal) => {
        concat!(
            "CREATE TRIGGER investor_aggregates_move AFTER UPDATE OF investor ON projects
    WHEN OLD.investor IS NOT NEW.investor BEGIN
        UPDATE investor_projects SET projects = projects - 1 WHERE investor = OLD.investor;
        INSERT INTO investor_projects (investor, projects) VALUES (NEW.investor, 1)
        ON CONFLICT (investor) DO UPDATE SET projects = projects + 1;
        INSERT INTO investor_totals (source, week_ending, investor, cumulative)
        SELECT k.source, k.week_ending, m.investor, m.sign * k.c
        FROM (SELECT w.source, w.week_ending,
                     (SELECT t.cumulative FROM ",
            $totals,
            " t
                       WHERE t.source = w.source AND t.project = NEW.code
                         AND t.week_ending <= w.week_ending
                       ORDER BY t.week_ending DESC LIMIT 1) AS c
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
    END;
"
        )
    };
}

/// The SQL that takes a store of schema 11 back to schema 10: the weeks' kept paid dropped.
pub const UNDO_VERSION_11: &str = "ALTER TABLE week_reports DROP COLUMN paid;
    DELETE FROM schema_version WHERE version > 10;";

/// The SQL that takes a store of schema 10 back to schema 9: the payments keyed by source and
/// project first again, with their week index (which carries the cumulative), and the trigger
/// moving a project's aggregates to another investor made again seeking that key. Downgrade
/// tests run it before [`UNDO_VERSION_9`].
pub const UNDO_VERSION_10: &str = concat!(
    "DROP TRIGGER investor_aggregates_move;
    CREATE TABLE payments_v9 (
        source TEXT NOT NULL CHECK (source IN ('investor', 'treasury')),
        project TEXT NOT NULL REFERENCES projects(code),
        week_ending TEXT NOT NULL,
        capital_source TEXT NOT NULL CHECK (capital_source <> ''),
        amount REAL NOT NULL CHECK (amount >= 0),
        cumulative REAL NOT NULL,
        PRIMARY KEY (source, project, week_ending, capital_source)
    ) WITHOUT ROWID;
    INSERT INTO payments_v9 (source, project, week_ending, capital_source, amount, cumulative)
        SELECT source, project, week_ending, capital_source, amount, cumulative FROM payments;
    DROP TABLE payments;
    ALTER TABLE payments_v9 RENAME TO payments;
    CREATE INDEX payments_by_week
        ON payments (source, week_ending, project, amount, cumulative);
    ",
    move_trigger_reading!("payments"),
    "
    DELETE FROM schema_version WHERE version > 9;"
);

/// The SQL that takes a store of schema 9 back to schema 8: the running totals rebuilt as the
/// table `paid_totals` (one row a source, project and week, from the payments' `cumulative`)
/// with its week index, the column dropped from the payments and from their week index, and
/// the trigger moving a project's aggregates to another investor made again on `paid_totals`.
/// Downgrade tests run it before [`UNDO_VERSION_8`]; a new version-9 step adds its undoing here.
pub const UNDO_VERSION_9: &str = concat!(
    "
    DROP TRIGGER investor_aggregates_move;
    CREATE TABLE paid_totals (
        source TEXT NOT NULL,
        project TEXT NOT NULL,
        week_ending TEXT NOT NULL,
        cumulative REAL NOT NULL,
        PRIMARY KEY (source, project, week_ending)
    ) WITHOUT ROWID;
    INSERT INTO paid_totals (source, project, week_ending, cumulative)
        SELECT source, project, week_ending, max(cumulative) FROM payments
        GROUP BY source, project, week_ending;
    CREATE INDEX paid_totals_by_week ON paid_totals (source, week_ending, project, cumulative);
    DROP INDEX payments_by_week;
    ALTER TABLE payments DROP COLUMN cumulative;
    CREATE INDEX payments_by_week ON payments (source, week_ending, project, amount);
    ",
    move_trigger_reading!("paid_totals"),
    "
    DELETE FROM schema_version WHERE version > 8;"
);

/// The SQL that takes a store of schema 8 back to schema 7: the findings' typed reason column
/// (monitoring) dropped, and the disbursement domain's kept
/// aggregates per investor (paid by week, plan steps), their triggers, the projects reported
/// by week and the projects' index by investor dropped. Downgrade tests run it before [`UNDO_VERSION_7`]; a new version-8 step
/// adds its undoing here.
pub const UNDO_VERSION_8: &str = "
    DROP TRIGGER investor_plan_steps_insert;
    DROP TRIGGER investor_plan_steps_update;
    DROP TRIGGER investor_plan_steps_delete;
    DROP TRIGGER investor_aggregates_move;
    DROP TRIGGER investor_projects_insert;
    DROP TRIGGER investor_projects_delete;
    DROP TABLE investor_projects;
    DROP TABLE investor_totals;
    DROP TABLE investor_plan_steps;
    DROP TABLE week_reports;
    DROP INDEX projects_by_investor;
    ALTER TABLE findings DROP COLUMN reason;
    DELETE FROM schema_version WHERE version > 7;";

/// The SQL that takes a store of schema 7 back to schema 6: the disbursement domain's
/// triggers on `payments` that kept the running totals in version 6 (version 7 has the writers
/// keep them); plan lines and payments without their capital source (a project's lines in one
/// week or date summed: what entering it as one project gave); the findings' typed message column (monitoring) and the running totals' week index (disbursement) dropped. Downgrade tests run it before [`UNDO_VERSION_6`]; a new version-7 step adds its
/// undoing here.
pub const UNDO_VERSION_7: &str = concat!(
    "CREATE TABLE plan_revisions_v6 (
        project TEXT NOT NULL REFERENCES projects(code),
        effective TEXT NOT NULL,
        amount REAL NOT NULL CHECK (amount >= 0),
        decision TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (project, effective)
    ) WITHOUT ROWID;
    INSERT INTO plan_revisions_v6
        SELECT project, effective, sum(amount), max(decision) FROM plan_revisions
        GROUP BY project, effective;
    DROP TABLE plan_revisions;
    ALTER TABLE plan_revisions_v6 RENAME TO plan_revisions;
    CREATE TABLE payments_v6 (
        source TEXT NOT NULL CHECK (source IN ('investor', 'treasury')),
        project TEXT NOT NULL REFERENCES projects(code),
        week_ending TEXT NOT NULL,
        amount REAL NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (source, project, week_ending)
    ) WITHOUT ROWID;
    INSERT INTO payments_v6 SELECT source, project, week_ending, sum(amount) FROM payments
        GROUP BY source, project, week_ending;
    DROP TABLE payments;
    ALTER TABLE payments_v6 RENAME TO payments;
    CREATE INDEX payments_by_week ON payments (source, week_ending, project, amount);
    CREATE TRIGGER paid_totals_insert AFTER INSERT ON payments BEGIN ",
    count_new!(),
    " END;
    CREATE TRIGGER paid_totals_delete AFTER DELETE ON payments BEGIN ",
    take_out_old!(),
    " END;
    CREATE TRIGGER paid_totals_update AFTER UPDATE ON payments BEGIN ",
    take_out_old!(),
    count_new!(),
    " END;
    ALTER TABLE findings DROP COLUMN message;
    DROP INDEX paid_totals_by_week;
    DELETE FROM schema_version WHERE version > 6;"
);

/// Version 6's trigger statements that count the payment row `NEW` in the running totals.
macro_rules! count_new {
    () => {
        "UPDATE paid_totals SET cumulative = cumulative + NEW.amount
            WHERE source = NEW.source AND project = NEW.project
              AND week_ending > NEW.week_ending;
        INSERT INTO paid_totals (source, project, week_ending, cumulative)
            VALUES (NEW.source, NEW.project, NEW.week_ending, NEW.amount + coalesce(
                (SELECT cumulative FROM paid_totals
                  WHERE source = NEW.source AND project = NEW.project
                    AND week_ending < NEW.week_ending
                  ORDER BY week_ending DESC LIMIT 1), 0));"
    };
}

/// Version 6's trigger statements that take the payment row `OLD` out of the running totals.
macro_rules! take_out_old {
    () => {
        "DELETE FROM paid_totals
            WHERE source = OLD.source AND project = OLD.project
              AND week_ending = OLD.week_ending;
        UPDATE paid_totals SET cumulative = cumulative - OLD.amount
            WHERE source = OLD.source AND project = OLD.project
              AND week_ending > OLD.week_ending;"
    };
}
use {count_new, take_out_old};

/// The SQL that takes a store of schema 6 back to schema 5: the disbursement domain's
/// running totals of payments and their triggers, reconciliation decisions, national targets,
/// weekly plans, the monthly plans' milestone and
/// owner, and the obstacles' statuses of version 6 (an obstacle in progress or escalated reads
/// as open); the accounts table without the roles department, office and leader (their
/// accounts and sessions dropped). Downgrade tests run it through [`downgrade`], before
/// [`UNDO_VERSION_5`]; a new version-6 step adds its undoing here.
pub const UNDO_VERSION_6: &str = "
    DROP TABLE reconciliation_decisions; DROP TABLE national_targets;
    CREATE TABLE accounts_v5 (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('admin', 'investor', 'treasury', 'viewer')),
        investor TEXT REFERENCES investors(code),
        password_hash TEXT NOT NULL,
        created TEXT NOT NULL,
        CHECK ((role = 'investor') = (investor IS NOT NULL))
    );
    INSERT INTO accounts_v5 SELECT name, role, investor, password_hash, created FROM accounts
        WHERE role IN ('admin', 'investor', 'treasury', 'viewer');
    DELETE FROM sessions WHERE account NOT IN (SELECT name FROM accounts_v5);
    DROP TABLE accounts;
    ALTER TABLE accounts_v5 RENAME TO accounts;
    DROP TABLE weekly_plans;
    ALTER TABLE monthly_plans DROP COLUMN milestone;
    ALTER TABLE monthly_plans DROP COLUMN owner;
    CREATE TABLE obstacles_v5 (
        project TEXT NOT NULL REFERENCES projects(code),
        description TEXT NOT NULL,
        reported TEXT NOT NULL,
        agency TEXT NOT NULL,
        person TEXT NOT NULL DEFAULT '',
        deadline TEXT,
        status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        resolution TEXT NOT NULL DEFAULT '',
        resolved_on TEXT,
        PRIMARY KEY (project, description)
    ) WITHOUT ROWID;
    INSERT INTO obstacles_v5 SELECT project, description, reported, agency, person, deadline,
        CASE status WHEN 'resolved' THEN 'resolved' ELSE 'open' END, resolution, resolved_on
        FROM obstacles;
    DROP TABLE obstacles;
    ALTER TABLE obstacles_v5 RENAME TO obstacles;
    DROP TRIGGER paid_totals_insert; DROP TRIGGER paid_totals_delete;
    DROP TRIGGER paid_totals_update; DROP TABLE paid_totals;
    DELETE FROM schema_version WHERE version > 5;
";

/// The SQL that takes a store of schema 5 back to schema 4 (what a store written before
/// version 5 holds): the disbursement domain's advances and the monitoring domain's task
/// columns and instance reports. Downgrade tests run it before their own older steps; a new
/// version-5 step adds its undoing here.
pub const UNDO_VERSION_5: &str = "
    DROP TABLE advances; DROP TABLE advance_recoveries;
    ALTER TABLE tasks DROP COLUMN section;
    ALTER TABLE tasks DROP COLUMN deadline_kind;
    ALTER TABLE tasks DROP COLUMN deadline_text;
    ALTER TABLE tasks DROP COLUMN done;
    ALTER TABLE tasks DROP COLUMN total;
    ALTER TABLE tasks DROP COLUMN unit;
    ALTER TABLE tasks DROP COLUMN result; DROP TABLE task_reports;
    DELETE FROM schema_version WHERE version > 4;
";

/// A fresh folder under the system's temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!(
            "grdpsim-test-{tag}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Self(p)
    }

    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Checks a writer that must replace files atomically: `write` over an older file in a fresh
/// folder replaces it whole with a workbook, and over a target it cannot replace (a folder of
/// that name) fails with a typed error naming it, leaving no temporary file beside it.
pub fn assert_writes_workbooks_atomically(
    tag: &str,
    name: &str,
    write: impl Fn(&std::path::Path) -> grdpsim::Result<()>,
) {
    let dir = TempDir::new(tag);
    let path = dir.0.join(name);
    std::fs::write(&path, vec![b'x'; 1 << 20]).unwrap();
    write(&path).unwrap();
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
    let taken = dir.0.join("taken.xlsx");
    std::fs::create_dir(&taken).unwrap();
    let err = write(&taken).unwrap_err();
    assert!(
        matches!(&err, grdpsim::GrdpsimError::Io { path, .. } if path.ends_with("taken.xlsx")),
        "{err}"
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected = vec![name.to_owned(), "taken.xlsx".to_owned()];
    expected.sort();
    assert_eq!(names, expected);
}
