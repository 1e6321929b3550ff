//! The store's schema, step by step, each step registered by the domain that owns its tables.
//!
//! One file holds every domain (the store's own metadata and audit trail, disbursement,
//! monitoring, the web page's accounts and sessions, the findings' history), so one migration
//! runner ([`super::Store`]) applies them in version order. A version may take steps from
//! several domains (version 1 is the store's own tables and disbursement's): they run in one
//! transaction and are recorded as one row of `schema_version`, their descriptions joined by
//! `; `, exactly as the single step of earlier releases. A step is never edited once released,
//! only followed by another; the on-disk schema and its numbering are those of every release
//! since version 1.

/// One domain's part of a schema version.
pub(crate) struct Migration {
    pub version: i64,
    /// The domain whose tables the step creates or alters (what the registry is sorted by;
    /// the tests check each version's steps by it).
    #[cfg_attr(not(test), allow(dead_code))]
    pub domain: &'static str,
    pub description: &'static str,
    pub sql: &'static str,
}

/// The store's own tables: metadata and the audit trail.
const STORE: &[Migration] = &[Migration {
    version: 1,
    domain: "store",
    description: "store metadata, audit trail",
    sql: "
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            who TEXT NOT NULL,
            file TEXT NOT NULL,
            entity TEXT NOT NULL,
            key TEXT NOT NULL,
            old TEXT,
            new TEXT
        );
    ",
}];

/// Disbursement ([`crate::disbursement`]).
const DISBURSEMENT: &[Migration] = &[
    Migration {
        version: 1,
        domain: "disbursement",
        description: "disbursement: investors, projects, plan revisions, \
                  monthly plans, weekly payments (investor and Treasury), obstacles",
        sql: "
        CREATE TABLE investors (code TEXT PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE projects (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            investor TEXT NOT NULL REFERENCES investors(code),
            responsible TEXT NOT NULL DEFAULT '',
            capital_source TEXT NOT NULL,
            location TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE plan_revisions (
            project TEXT NOT NULL REFERENCES projects(code),
            effective TEXT NOT NULL,
            amount REAL NOT NULL CHECK (amount >= 0),
            decision TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (project, effective)
        ) WITHOUT ROWID;
        CREATE TABLE monthly_plans (
            project TEXT NOT NULL REFERENCES projects(code),
            month TEXT NOT NULL,
            amount REAL NOT NULL CHECK (amount >= 0),
            PRIMARY KEY (project, month)
        ) WITHOUT ROWID;
        CREATE TABLE payments (
            source TEXT NOT NULL CHECK (source IN ('investor', 'treasury')),
            project TEXT NOT NULL REFERENCES projects(code),
            week_ending TEXT NOT NULL,
            amount REAL NOT NULL CHECK (amount >= 0),
            PRIMARY KEY (source, project, week_ending)
        ) WITHOUT ROWID;
        CREATE INDEX payments_by_week ON payments (source, week_ending, project, amount);
        CREATE TABLE obstacles (
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
    ",
    },
    Migration {
        version: 5,
        domain: "disbursement",
        description: "disbursement: advances (tạm ứng) by project with their purpose and the \
                      Treasury's reference, and their recoveries (thu hồi tạm ứng)",
        sql: "
        CREATE TABLE advances (
            project TEXT NOT NULL REFERENCES projects(code),
            reference TEXT NOT NULL,
            advanced_on TEXT NOT NULL,
            amount REAL NOT NULL CHECK (amount >= 0),
            purpose TEXT NOT NULL
                CHECK (purpose IN ('works', 'site_clearance', 'consultancy', 'other')),
            PRIMARY KEY (project, reference)
        ) WITHOUT ROWID;
        CREATE TABLE advance_recoveries (
            project TEXT NOT NULL REFERENCES projects(code),
            reference TEXT NOT NULL,
            recovered_on TEXT NOT NULL,
            amount REAL NOT NULL CHECK (amount >= 0),
            advance TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (project, reference)
        ) WITHOUT ROWID;
    ",
    },
    Migration {
        version: 6,
        domain: "disbursement",
        description: "disbursement: the Treasury's decisions on a project-week's difference \
                      with the investor's report (accepted with a note, or sent back to the \
                      investor), each with the two figures it was taken on; the national \
                      target per year (the plan the Prime Minister assigned the province, with \
                      its date and source); investors' weekly plans by project, each monthly plan \
                      line's milestone and owner, obstacles in progress or escalated to the \
                      province",
        sql: "
        CREATE TABLE reconciliation_decisions (
            project TEXT NOT NULL REFERENCES projects(code),
            week_ending TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'sent_back')),
            note TEXT NOT NULL CHECK (note <> ''),
            investor_amount REAL,
            treasury_amount REAL,
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            PRIMARY KEY (project, week_ending)
        ) WITHOUT ROWID;
        CREATE TABLE national_targets (
            year INTEGER PRIMARY KEY,
            amount REAL NOT NULL CHECK (amount > 0),
            decided_on TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source <> '')
        );

        CREATE TABLE weekly_plans (
            project TEXT NOT NULL REFERENCES projects(code),
            week_ending TEXT NOT NULL,
            amount REAL NOT NULL CHECK (amount >= 0),
            PRIMARY KEY (project, week_ending)
        ) WITHOUT ROWID;
        ALTER TABLE monthly_plans ADD COLUMN milestone TEXT NOT NULL DEFAULT '';
        ALTER TABLE monthly_plans ADD COLUMN owner TEXT NOT NULL DEFAULT '';
        CREATE TABLE obstacles_v6 (
            project TEXT NOT NULL REFERENCES projects(code),
            description TEXT NOT NULL,
            reported TEXT NOT NULL,
            agency TEXT NOT NULL,
            person TEXT NOT NULL DEFAULT '',
            deadline TEXT,
            status TEXT NOT NULL
                CHECK (status IN ('open', 'in_progress', 'resolved', 'escalated')),
            resolution TEXT NOT NULL DEFAULT '',
            resolved_on TEXT,
            PRIMARY KEY (project, description)
        ) WITHOUT ROWID;
        INSERT INTO obstacles_v6 SELECT * FROM obstacles;
        DROP TABLE obstacles;
        ALTER TABLE obstacles_v6 RENAME TO obstacles;
    ",
    },
    Migration {
        version: 6,
        domain: "disbursement",
        description: "disbursement: running totals of payments by source, project and week, \
                      kept by triggers on every write of a payment",
        sql: PAID_TOTALS,
    },
    Migration {
        version: 7,
        domain: "disbursement",
        description: "disbursement: the running totals of payments kept by the writers \
                      themselves (the import from its changes, a withdrawal from its row) \
                      instead of by triggers",
        sql: "
        DROP TRIGGER paid_totals_insert;
        DROP TRIGGER paid_totals_delete;
        DROP TRIGGER paid_totals_update;
    ",
    },
    Migration {
        version: 7,
        domain: "disbursement",
        description: "disbursement: the running totals indexed by source and week, so a view \
                      reads every project's total of a week in one range scan",
        sql: "CREATE INDEX paid_totals_by_week
                  ON paid_totals (source, week_ending, project, cumulative);",
    },
    Migration {
        version: 7,
        domain: "disbursement",
        description: "disbursement: a capital source per plan line and per payment, so a \
                      project has several (existing lines and payments take the project's \
                      source); running totals per project kept over a week's several lines",
        sql: SOURCES_V7,
    },
    Migration {
        version: 8,
        domain: "disbursement",
        description: "disbursement: each investor's cumulative paid by payment source and \
                      week, kept by the writers of payments, and its plan in force by date, \
                      kept by triggers on plan revisions and on a project changing investor \
                      (the ranking reads one row an investor); projects indexed by investor",
        sql: super::investor_totals::SCHEMA_V8,
    },
    Migration {
        version: 9,
        domain: "disbursement",
        description: "disbursement: each payment row carries its project's cumulative paid \
                      from its payment source up to and including its week (over all its \
                      capital sources), filled from the running totals' table, which is \
                      dropped; the payments' week index carries it too",
        sql: CUMULATIVE_V9,
    },
    Migration {
        version: 10,
        domain: "disbursement",
        description: "disbursement: payments keyed by payment source, week, project and \
                      capital source (a week's rows of a source one range of the table), \
                      their week index dropped",
        sql: WEEK_MAJOR_V10,
    },
    Migration {
        version: 11,
        domain: "disbursement",
        description: "disbursement: each week's paid from each payment source kept beside its \
                      count of projects reported (the province's S-curve reads a row a week)",
        sql: WEEK_PAID_V11,
    },
];

/// Version 11: `week_reports` gains each week's paid (the sum of its payment rows' amounts
/// from its source), kept by the writers of payments with the projects reported
/// ([`super::investor_totals::apply_deltas`]) and checked with them; filled here from the
/// payments, a range of the key a week.
const WEEK_PAID_V11: &str = "
    ALTER TABLE week_reports ADD COLUMN paid REAL NOT NULL DEFAULT 0;
    UPDATE week_reports SET paid = coalesce((SELECT sum(p.amount) FROM payments p
        WHERE p.source = week_reports.source AND p.week_ending = week_reports.week_ending), 0);
";

/// The payments' table as versions 9 and 10 build it (`$name`, keyed by the columns `$key`):
/// each row with its capital source and its cumulative.
macro_rules! payments_with_cumulative {
    ($name:literal, $key:literal) => {
        concat!(
            "CREATE TABLE ",
            $name,
            " (
        source TEXT NOT NULL CHECK (source IN ('investor', 'treasury')),
        project TEXT NOT NULL REFERENCES projects(code),
        week_ending TEXT NOT NULL,
        capital_source TEXT NOT NULL CHECK (capital_source <> ''),
        amount REAL NOT NULL CHECK (amount >= 0),
        cumulative REAL NOT NULL,
        PRIMARY KEY (",
            $key,
            ")
    ) WITHOUT ROWID;"
        )
    };
}

/// Version 10 of disbursement: `payments` built again keyed week-major, `(source, week_ending,
/// project, capital_source)`, its rows copied with their cumulatives, and the week index
/// `payments_by_week` dropped with the old table (the key is that index now: a week's rows of
/// a source are one range of the table itself, amount and cumulative in the row). Keyed
/// project-major, a new week's rows went into the middle of every project's range, so a
/// week's import rewrote every leaf page of the table (its commit and checkpoint too) and cost
/// more each week: a bare write of a week of 50,000 projects × 2 sources took 600–640 ms at
/// week 15 of 16; keyed week-major it appends to one place and took 81–87 ms a week, the
/// same over 16 weeks (issue 27). A project's rows are now sought week by week, over the
/// weeks `week_reports` lists (`store/totals.rs`). The trigger moving a project's kept
/// aggregates to another investor reads the payments: it is dropped first (a rename checks
/// every trigger) and made again seeking them by week.
const WEEK_MAJOR_V10: &str = concat!(
    "DROP TRIGGER investor_aggregates_move;",
    payments_with_cumulative!(
        "payments_v10",
        "source, week_ending, project, capital_source"
    ),
    "
    INSERT INTO payments_v10 (source, project, week_ending, capital_source, amount, cumulative)
        SELECT source, project, week_ending, capital_source, amount, cumulative
        FROM payments INDEXED BY payments_by_week
        ORDER BY source, week_ending, project, capital_source;
    DROP TABLE payments;
    ALTER TABLE payments_v10 RENAME TO payments;
    ",
    super::investor_totals::move_trigger!(by_week)
);

/// Version 9 of disbursement: `payments` built again with a `cumulative` column (`SQLite`
/// cannot add a NOT NULL column without a default, and a default would let a writer that
/// forgets it write 0), filled from `paid_totals` (a week without a total, which only a store
/// edited behind its back has, takes its payments' running sum), and `paid_totals` dropped:
/// a payment costs two b-tree inserts instead of four (`store/totals.rs`). The week index
/// carries the cumulative, so that a view's read of every project's total on a week
/// (`paid_to_each`) stays a scan of the index alone. The trigger moving a project's kept
/// aggregates to another investor read `paid_totals`: it is dropped first (a rename checks
/// every trigger) and made again on the payments.
const CUMULATIVE_V9: &str = concat!(
    "DROP TRIGGER investor_aggregates_move;",
    payments_with_cumulative!(
        "payments_v9",
        "source, project, week_ending, capital_source"
    ),
    "
    INSERT INTO payments_v9 (source, project, week_ending, capital_source, amount, cumulative)
        SELECT q.source, q.project, q.week_ending, q.capital_source, q.amount,
               coalesce(t.cumulative,
                        sum(q.amount) OVER (PARTITION BY q.source, q.project
                                            ORDER BY q.week_ending RANGE UNBOUNDED PRECEDING))
        FROM payments q LEFT JOIN paid_totals t
             ON t.source = q.source AND t.project = q.project AND t.week_ending = q.week_ending;
    DROP TABLE payments;
    ALTER TABLE payments_v9 RENAME TO payments;
    CREATE INDEX payments_by_week
        ON payments (source, week_ending, project, amount, cumulative);
    DROP TABLE paid_totals;
    ",
    super::investor_totals::move_trigger!("payments")
);

/// Version 7 of disbursement: `plan_revisions` keyed by project, capital source and effective
/// date, `payments` by payment source, project, week and capital source, every stored row in
/// its project's source. `paid_totals` keeps its key (a project's cumulative over all its
/// sources): the writers of payments add a week's several rows into one total
/// (`store/totals.rs`; the triggers are dropped by the step before).
const SOURCES_V7: &str = "CREATE TABLE plan_revisions_v7 (
        project TEXT NOT NULL REFERENCES projects(code),
        capital_source TEXT NOT NULL CHECK (capital_source <> ''),
        effective TEXT NOT NULL,
        amount REAL NOT NULL CHECK (amount >= 0),
        decision TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (project, capital_source, effective)
    ) WITHOUT ROWID;
    INSERT INTO plan_revisions_v7 (project, capital_source, effective, amount, decision)
        SELECT r.project, p.capital_source, r.effective, r.amount, r.decision
        FROM plan_revisions r JOIN projects p ON p.code = r.project;
    DROP TABLE plan_revisions;
    ALTER TABLE plan_revisions_v7 RENAME TO plan_revisions;
    CREATE TABLE payments_v7 (
        source TEXT NOT NULL CHECK (source IN ('investor', 'treasury')),
        project TEXT NOT NULL REFERENCES projects(code),
        week_ending TEXT NOT NULL,
        capital_source TEXT NOT NULL CHECK (capital_source <> ''),
        amount REAL NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (source, project, week_ending, capital_source)
    ) WITHOUT ROWID;
    INSERT INTO payments_v7 (source, project, week_ending, capital_source, amount)
        SELECT q.source, q.project, q.week_ending, p.capital_source, q.amount
        FROM payments q JOIN projects p ON p.code = q.project;
    DROP TABLE payments;
    ALTER TABLE payments_v7 RENAME TO payments;
    CREATE INDEX payments_by_week ON payments (source, week_ending, project, amount);";

/// Version 6 of disbursement: `paid_totals` holds, for each payment row, the cumulative paid
/// on its project from its source up to and including its week (the views read the latest row
/// of each project on or before a date: one index seek a project instead of a sum over the
/// year's rows). Triggers on `payments` keep it in the writing transaction, whatever writes
/// (an import, a correction, a withdrawal): a new row adds its amount to the project's later
/// weeks and takes the cumulative before it plus its own; a deleted row is removed and its
/// amount taken from the later weeks; an update does both. Built from the payments stored when
/// a store of version 5 is migrated. Version 7 drops the triggers: the writers keep the totals
/// from their own changes (`store/totals.rs`), an import in one pass rather than three
/// statements per row.
const PAID_TOTALS: &str = concat!(
    "CREATE TABLE paid_totals (
        source TEXT NOT NULL,
        project TEXT NOT NULL,
        week_ending TEXT NOT NULL,
        cumulative REAL NOT NULL,
        PRIMARY KEY (source, project, week_ending)
    ) WITHOUT ROWID;
    INSERT INTO paid_totals (source, project, week_ending, cumulative)
        SELECT source, project, week_ending,
               sum(amount) OVER (PARTITION BY source, project ORDER BY week_ending
                                 ROWS UNBOUNDED PRECEDING)
        FROM payments;
    CREATE TRIGGER paid_totals_insert AFTER INSERT ON payments BEGIN ",
    paid_totals_add_new!(),
    " END;
    CREATE TRIGGER paid_totals_delete AFTER DELETE ON payments BEGIN ",
    paid_totals_remove_old!(),
    " END;
    CREATE TRIGGER paid_totals_update AFTER UPDATE ON payments BEGIN ",
    paid_totals_remove_old!(),
    paid_totals_add_new!(),
    " END;"
);

/// A trigger's statements that count the payment row `NEW` in the running totals: its amount
/// added to its project's later weeks, and its own week's total (the one before plus it).
macro_rules! paid_totals_add_new {
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

/// A trigger's statements that take the payment row `OLD` out of the running totals: its
/// week's total removed, its amount taken from its project's later weeks.
macro_rules! paid_totals_remove_old {
    () => {
        "DELETE FROM paid_totals
            WHERE source = OLD.source AND project = OLD.project
              AND week_ending = OLD.week_ending;
        UPDATE paid_totals SET cumulative = cumulative - OLD.amount
            WHERE source = OLD.source AND project = OLD.project
              AND week_ending > OLD.week_ending;"
    };
}
use {paid_totals_add_new, paid_totals_remove_old};

/// Monitoring ([`crate::monitoring`]): indicators, tasks, and the month's findings.
const MONITORING: &[Migration] = &[
    Migration {
        version: 2,
        domain: "monitoring",
        description: "monitoring: indicators, their targets and monthly values, assigned tasks, \
                  early-warning findings by month",
        sql: "
        CREATE TABLE indicators (
            code TEXT PRIMARY KEY,
            name_vi TEXT NOT NULL,
            name_en TEXT NOT NULL,
            unit TEXT NOT NULL,
            department TEXT NOT NULL,
            sector TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK (kind IN ('flow', 'index'))
        );
        CREATE TABLE indicator_targets (
            indicator TEXT NOT NULL REFERENCES indicators(code),
            period TEXT NOT NULL,
            basis TEXT NOT NULL CHECK (basis IN ('plan', 'scenario')),
            value REAL NOT NULL,
            PRIMARY KEY (indicator, period, basis)
        ) WITHOUT ROWID;
        CREATE TABLE indicator_values (
            indicator TEXT NOT NULL REFERENCES indicators(code),
            month TEXT NOT NULL,
            value REAL,
            cumulative REAL,
            yoy_pct REAL,
            note TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (indicator, month)
        ) WITHOUT ROWID;
        CREATE TABLE tasks (
            code TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            department TEXT NOT NULL,
            person TEXT NOT NULL DEFAULT '',
            deadline TEXT NOT NULL,
            linked TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done')),
            progress TEXT NOT NULL DEFAULT '',
            done_on TEXT
        );
        CREATE TABLE findings (
            month TEXT NOT NULL,
            rule TEXT NOT NULL,
            subject TEXT NOT NULL,
            severity TEXT NOT NULL CHECK (severity IN ('green', 'amber', 'red')),
            responsible TEXT NOT NULL,
            figure REAL,
            threshold REAL,
            message_en TEXT NOT NULL,
            message_vi TEXT NOT NULL,
            PRIMARY KEY (month, rule, subject)
        ) WITHOUT ROWID;
    ",
    },
    Migration {
        version: 5,
        domain: "monitoring",
        description: "monitoring: tasks as the meeting assigns them (the conclusion's section, \
                      a deadline that is a date, a recurrence from a start or an event's \
                      expected date, a quantitative target with its progress, a result), and \
                      each recurring task's instance reported by its due date",
        sql: "
            ALTER TABLE tasks ADD COLUMN section TEXT NOT NULL DEFAULT '';
            ALTER TABLE tasks ADD COLUMN deadline_kind TEXT NOT NULL DEFAULT 'date'
                CHECK (deadline_kind IN ('date', 'recurring', 'event'));
            ALTER TABLE tasks ADD COLUMN deadline_text TEXT NOT NULL DEFAULT '';
            ALTER TABLE tasks ADD COLUMN done REAL CHECK (done IS NULL OR done >= 0);
            ALTER TABLE tasks ADD COLUMN total REAL CHECK (total IS NULL OR total >= 0);
            ALTER TABLE tasks ADD COLUMN unit TEXT NOT NULL DEFAULT '';
            ALTER TABLE tasks ADD COLUMN result TEXT NOT NULL DEFAULT '';
            CREATE TABLE task_reports (
                task TEXT NOT NULL REFERENCES tasks(code),
                due TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done')),
                done_on TEXT,
                report TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (task, due)
            ) WITHOUT ROWID;
        ",
    },
];

/// The tracking web page's accounts and sessions ([`super::accounts`]).
const ACCOUNTS: &[Migration] = &[
    Migration {
        version: 3,
        domain: "accounts",
        description:
            "tracking web page: accounts (role, investor, Argon2 password hash) and sessions",
        sql: "
        CREATE TABLE accounts (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('admin', 'investor', 'treasury', 'viewer')),
            investor TEXT REFERENCES investors(code),
            password_hash TEXT NOT NULL,
            created TEXT NOT NULL,
            CHECK ((role = 'investor') = (investor IS NOT NULL))
        );
        CREATE TABLE sessions (
            token_sha256 TEXT PRIMARY KEY,
            account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE,
            csrf TEXT NOT NULL,
            expires TEXT NOT NULL
        ) WITHOUT ROWID;
    ",
    },
    Migration {
        version: 6,
        domain: "accounts",
        description: "tracking web page: the roles department (bound to one department), \
                      office and leader",
        // SQLite cannot change a CHECK: the table is built again, its sessions kept.
        sql: "
        CREATE TABLE accounts_v6 (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('admin', 'investor', 'treasury', 'viewer',
                                               'department', 'office', 'leader')),
            investor TEXT REFERENCES investors(code),
            department TEXT,
            password_hash TEXT NOT NULL,
            created TEXT NOT NULL,
            CHECK ((role = 'investor') = (investor IS NOT NULL)),
            CHECK ((role = 'department') = (department IS NOT NULL))
        );
        INSERT INTO accounts_v6 (name, role, investor, password_hash, created)
            SELECT name, role, investor, password_hash, created FROM accounts;
        CREATE TABLE sessions_v6 (
            token_sha256 TEXT PRIMARY KEY,
            account TEXT NOT NULL REFERENCES accounts_v6(name) ON DELETE CASCADE,
            csrf TEXT NOT NULL,
            expires TEXT NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO sessions_v6 SELECT token_sha256, account, csrf, expires FROM sessions;
        DROP TABLE sessions;
        DROP TABLE accounts;
        ALTER TABLE accounts_v6 RENAME TO accounts;
        ALTER TABLE sessions_v6 RENAME TO sessions;
    ",
    },
];

/// The findings' month-by-month history and each recorded month's digest (monitoring).
const FINDINGS: &[Migration] = &[
    Migration {
    version: 4,
    domain: "findings",
    description: "findings with their history (new, persisting, resolved, not evaluated: \
                  why, and the month that last found it; resting on an estimate), and each \
                  recorded month's digest (as-of, headline figures, notes)",
    sql: "
        ALTER TABLE findings ADD COLUMN history TEXT
            CHECK (history IS NULL OR history IN ('new', 'persisting', 'resolved', 'not_evaluated'));
        ALTER TABLE findings ADD COLUMN found_in TEXT;
        ALTER TABLE findings ADD COLUMN reason_en TEXT;
        ALTER TABLE findings ADD COLUMN reason_vi TEXT;
        ALTER TABLE findings ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE digests (
            month TEXT PRIMARY KEY,
            as_of TEXT NOT NULL,
            as_of_default INTEGER NOT NULL,
            headline TEXT NOT NULL,
            notes TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        );
    ",
    },
    Migration {
        version: 7,
        domain: "findings",
        description: "findings: the typed message (JSON) beside its English and Vietnamese texts",
        sql: "ALTER TABLE findings ADD COLUMN message TEXT;",
    },
    Migration {
        version: 8,
        domain: "findings",
        description: "findings: the typed reason (JSON) a finding was not evaluated, beside its \
                      English and Vietnamese texts",
        sql: "ALTER TABLE findings ADD COLUMN reason TEXT;",
    },
];

/// Every domain's steps, in the order a version's steps run.
const DOMAINS: &[&[Migration]] = &[STORE, DISBURSEMENT, MONITORING, ACCOUNTS, FINDINGS];

/// The schema version this build writes and reads (older stores are migrated on open).
pub const SCHEMA_VERSION: i64 = 11;

/// One version: its steps (every domain's, in [`DOMAINS`] order) and its recorded description.
pub(crate) struct Version {
    pub number: i64,
    pub description: String,
    pub steps: Vec<&'static Migration>,
}

/// The versions after `current`, in order.
pub(crate) fn after(current: i64) -> Vec<Version> {
    (current + 1..=SCHEMA_VERSION)
        .map(|version| {
            let steps: Vec<&'static Migration> = DOMAINS
                .iter()
                .flat_map(|d| d.iter())
                .filter(|m| m.version == version)
                .collect();
            Version {
                number: version,
                description: steps
                    .iter()
                    .map(|m| m.description)
                    .collect::<Vec<_>>()
                    .join("; "),
                steps,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_has_steps_and_version_1_reads_as_before() {
        for v in after(0) {
            assert!(!v.steps.is_empty(), "version {} has no step", v.number);
        }
        let v1 = &after(0)[0];
        assert_eq!(
            v1.description,
            "store metadata, audit trail; disbursement: investors, projects, plan revisions, \
             monthly plans, weekly payments (investor and Treasury), obstacles"
        );
        assert_eq!(
            v1.steps.iter().map(|m| m.domain).collect::<Vec<_>>(),
            ["store", "disbursement"]
        );
        assert_eq!(
            after(2).iter().map(|v| v.number).collect::<Vec<_>>(),
            [3, 4, 5, 6, 7, 8, 9, 10, 11]
        );
        assert!(after(SCHEMA_VERSION).is_empty());
    }
}
