//! The per-province store (feature `store`): one `SQLite` file (the default; bundled, nothing
//! to install) holding what the province's departments report between statistical releases:
//! public-investment disbursement ([`crate::disbursement`]), the monitoring indicators, tasks
//! and findings ([`crate::monitoring`]), the tracking page's accounts and sessions
//! ([`accounts`]).
//!
//! It has a versioned schema whose steps each domain registers (`store/migrations.rs`) with one
//! migration runner, write-ahead logging and a busy timeout so that several processes can
//! write, an audit trail of every change, online backup and restore, and a marker
//! (`PRAGMA application_id`) so that a file that is not a grdpsim store is refused, read-only,
//! rather than modified. Imports of every layout share one machinery (`store/import.rs`:
//! all-or-nothing, idempotent, audited; one [`ImportReport`]).
//!
//! Only this module and the domain modules on it (`disbursement`, `monitoring`) speak SQL; the
//! rest of the crate reads and writes through their functions.

pub mod accounts;
mod audit;
mod checkpoint;
mod error;
pub(crate) mod held_texts;
pub(crate) mod import;
mod import_memo;
pub(crate) mod investor_totals;
pub(crate) mod migrations;
pub(crate) mod project_slots;
mod shared;
pub(crate) mod sql_sum;
pub(crate) mod totals;
mod view;
pub(crate) mod week_walk;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{
    params, Connection, OpenFlags, OptionalExtension, Params, Row, Transaction, TransactionBehavior,
};

use crate::date::Date;
use crate::error::{GrdpsimError, Result};

pub use checkpoint::CHECKPOINT_INLINE_ENV;
pub use import::{ImportReport, ONE_THREAD_ENV};
pub use migrations::SCHEMA_VERSION;
pub use shared::{
    check_read_connections, DataVersion, Pooled, SharedStore, StoreGuard, MAX_READ_CONNECTIONS,
    READ_CONNECTIONS,
};
pub use totals::TOTALS_TOLERANCE;
pub use view::StoreView;

/// Keeps each statement's query plan whatever values its parameters are given (`SQLite`'s
/// query planner stability guarantee). Without it the bundled `SQLite` (built with STAT4)
/// marked statements such as the list of a source's weeks to be prepared again at each new
/// binding: 3 % of the province page's proposals went to preparing statements again (issue
/// 27). The store's queries are written for its keys and their plans checked
/// (`disbursement/project_seeks.rs`); no query of it looks at a parameter's value for its
/// plan (no `LIKE` on a parameter, no partial index).
fn plan_once(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

/// `PRAGMA application_id` of a grdpsim store ("GRDP" in ASCII): how a store is told from any
/// other `SQLite` file.
pub const APPLICATION_ID: i32 = 0x4752_4450;

/// How long a writer waits for another process's write to finish before a retry.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Whole-transaction retries after the busy timeout has run out (each waits `BUSY_TIMEOUT`).
const WRITE_RETRIES: u32 = 6;

/// One change recorded in the audit trail (who, when, from which file, what changed).
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub at: String,
    pub who: String,
    pub file: String,
    /// The table changed (`payments`, `plan_revisions`, ...).
    pub entity: String,
    /// The natural key of the row, `|`-separated.
    pub key: String,
    /// The row's values before (None for a new row) and after, `|`-separated.
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A province's store: one `SQLite` file (or an in-memory database).
///
/// # Examples
/// ```
/// use grdpsim::store::{Store, SCHEMA_VERSION};
/// let dir = std::env::temp_dir().join(format!("grdpsim-doc-store-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("cao_bang.sqlite");
/// # let _ = std::fs::remove_file(&path);
/// let store = Store::open(&path)?;
/// assert_eq!(store.schema_version()?, SCHEMA_VERSION);
/// drop(store);
/// std::fs::write(dir.join("notes.sqlite"), b"not a database").unwrap();
/// assert!(Store::open(dir.join("notes.sqlite")).is_err());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
#[derive(Debug)]
pub struct Store {
    /// Before the connection: dropping the store waits for its checkpoint first. None until
    /// a large write.
    checkpoints: Option<Box<checkpoint::Checkpoints>>,
    /// What the latest import of payments alone read and wrote, for the next
    /// (`import_memo`).
    import_memo: Option<Box<import_memo::ImportMemo>>,
    conn: Connection,
    label: String,
}

/// Whether the store on `conn` has a table (or index) named `name`: a store of an earlier
/// schema, or a file being checked before it is opened, may lack one.
pub(crate) fn has_table(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = ?1)",
        [name],
        |r| r.get(0),
    )
}

pub(crate) fn db_error(label: &str, e: &rusqlite::Error) -> GrdpsimError {
    GrdpsimError::database(label, e)
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Now, UTC, ISO 8601 to the second.
pub(crate) fn now_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i32;
    let rest = secs % 86_400;
    let date =
        Date::new(1970, 1, 1).map_or_else(|_| String::new(), |d| d.add_days(days).to_string());
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

impl Store {
    /// Opens the store at `path`, creating it if the file does not exist, and migrates an older
    /// schema to [`SCHEMA_VERSION`].
    ///
    /// # Errors
    /// [`GrdpsimError::NotAStore`] for a file that is not a grdpsim store (another `SQLite`
    /// database, any other file) or one written by a newer grdpsim;
    /// [`GrdpsimError::Database`] if `SQLite` cannot open or migrate it.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        // Read-only first: a file refused below is left byte for byte as it was (no table,
        // no WAL switch, no marker written before the refusal).
        inspect(path)?;
        Self::connect(path)
    }

    /// Opens the grdpsim store at `path`, which must exist: [`Store::open`] without creating
    /// one. A missing file, an empty one, a blank `SQLite` database or one that carries
    /// grdpsim's marker and no schema is refused without a byte written to it.
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] naming a missing file; [`GrdpsimError::NotAStore`] for a file that
    /// is not a grdpsim store; those of [`Store::open`].
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let not = |reason: &str| GrdpsimError::NotAStore {
            path: path.display().to_string(),
            reason: reason.to_owned(),
        };
        match inspect(path)? {
            Found::Missing => Err(GrdpsimError::io(
                path.display(),
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such file (create makes a new store)",
                ),
            )),
            Found::Blank => Err(not(
                "an empty file or SQLite database (create makes a new store)",
            )),
            Found::Store(None) => Err(not("it carries grdpsim's marker but has no schema")),
            Found::Store(Some(_)) => Self::connect(path),
        }
    }

    fn connect(path: &Path) -> Result<Self> {
        let label = path.display().to_string();
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| db_error(&label, &e))?;
        Self::init(conn, label, true)
    }

    /// The store on `conn`, named `label`, with no checkpoint running and nothing kept from an
    /// import.
    fn on(conn: Connection, label: String) -> Self {
        Self {
            checkpoints: None,
            import_memo: None,
            conn,
            label,
        }
    }

    /// A store on a read-only connection to a file the writer has opened (the read pool's).
    fn from_reader(conn: Connection, label: String) -> rusqlite::Result<Self> {
        plan_once(&conn)?;
        Ok(Self::on(conn, label))
    }

    /// A store in memory (examples, tests): the same schema, gone when dropped.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn open_in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory().map_err(|e| db_error(":memory:", &e))?;
        Self::init(conn, ":memory:".to_owned(), false)
    }

    fn init(conn: Connection, label: String, wal: bool) -> Result<Self> {
        let err = |e: rusqlite::Error| db_error(&label, &e);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        // A file that is not `SQLite` fails here, on the first read.
        let app_id: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| GrdpsimError::NotAStore {
                path: label.clone(),
                reason: e.to_string(),
            })?;
        if app_id != APPLICATION_ID {
            let objects: i64 = conn
                .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
                .map_err(err)?;
            if app_id != 0 || objects > 0 {
                return Err(GrdpsimError::NotAStore {
                    path: label,
                    reason: format!(
                        "application_id is {app_id:#x}, not grdpsim's {APPLICATION_ID:#x}"
                    ),
                });
            }
        }
        if wal {
            // Readers never block the writer nor the writer the readers; persistent in the file.
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(err)?;
            conn.pragma_update(None, "synchronous", "NORMAL")
                .map_err(err)?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(err)?;
        plan_once(&conn).map_err(err)?;
        let mut store = Self::on(conn, label);
        store.migrate()?;
        Ok(store)
    }

    /// Applies the migrations this file lacks, each in its own immediate transaction (two
    /// processes opening a new file at once: the second finds the work done).
    fn migrate(&mut self) -> Result<()> {
        // Opening an up-to-date store writes nothing (a failed import must leave the file
        // byte for byte as it was, and opening it to check must not change that either).
        let current: Option<i64> = self
            .conn
            .query_row(
                "SELECT max(version) FROM schema_version WHERE EXISTS \
                 (SELECT 1 FROM sqlite_schema WHERE name = 'schema_version')",
                [],
                |r| r.get(0),
            )
            .unwrap_or(None);
        if current == Some(SCHEMA_VERSION) {
            return Ok(());
        }
        self.write(|tx| {
            tx.execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_version (
                     version INTEGER PRIMARY KEY,
                     applied_at TEXT NOT NULL,
                     description TEXT NOT NULL)",
            )?;
            let current: i64 = tx.query_row(
                "SELECT coalesce(max(version), 0) FROM schema_version",
                [],
                |r| r.get(0),
            )?;
            if current > SCHEMA_VERSION {
                return Ok(Err(current));
            }
            for v in migrations::after(current) {
                for step in &v.steps {
                    tx.execute_batch(step.sql)?;
                }
                tx.execute(
                    "INSERT INTO schema_version (version, applied_at, description) VALUES (?1, ?2, ?3)",
                    params![v.number, now_utc(), v.description],
                )?;
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            Ok(Ok(()))
        })?
        .map_err(|newer| GrdpsimError::NotAStore {
            path: self.label.clone(),
            reason: format!(
                "its schema version {newer} is newer than this grdpsim's {SCHEMA_VERSION}: upgrade grdpsim"
            ),
        })
    }

    /// Runs `f` in one immediate (write-locking) transaction and commits; rolls back on any
    /// error. A database locked by another writer beyond [`BUSY_TIMEOUT`] is retried a few
    /// times with the whole transaction, so concurrent importers queue rather than fail.
    ///
    /// # Errors
    /// What `f` returns, or [`GrdpsimError::Database`].
    pub(crate) fn write<T>(
        &mut self,
        mut f: impl FnMut(&Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T> {
        self.write_checked(|tx| f(tx).map(Ok))
    }

    /// Like [`Store::write`], for a closure that reports its own errors (an import's bad rows):
    /// `Err` from `f` rolls the transaction back and is returned as is.
    ///
    /// # Errors
    /// What `f` returns, or [`GrdpsimError::Database`].
    pub(crate) fn write_checked<T>(
        &mut self,
        mut f: impl FnMut(&Transaction<'_>) -> rusqlite::Result<Result<T>>,
    ) -> Result<T> {
        let mut attempt = 0;
        loop {
            let mut run = |conn: &mut Connection| -> rusqlite::Result<Result<T>> {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let out = f(&tx)?;
                if out.is_ok() {
                    tx.commit()?;
                } // else: dropped, rolled back
                Ok(out)
            };
            match run(&mut self.conn) {
                Ok(out) => return out,
                Err(e) if is_busy(&e) && attempt < WRITE_RETRIES => {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(50 * u64::from(attempt)));
                }
                Err(e) => return Err(db_error(&self.label, &e)),
            }
        }
    }

    /// The connection, for the domain modules' reads (queries take parameters; nothing is
    /// formatted into SQL). Outside the crate, the store is read through the domains.
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Every row of `sql` with `params`, each mapped by `f` and collected as it streams (a
    /// `Vec`, a `HashMap` of pairs, ...): the one way the domains read lists (a prepared
    /// statement cached on the connection).
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] naming this store if `SQLite` fails.
    pub(crate) fn query_rows<T, C: FromIterator<T>>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<C> {
        let run = || -> rusqlite::Result<C> {
            let mut st = self.conn.prepare_cached(sql)?;
            let rows = st.query_map(params, f)?;
            rows.collect()
        };
        run().map_err(|e| self.error(&e))
    }

    /// Every row of `sql` with `params` as a tuple of its columns in order (rusqlite's own
    /// conversion of a row into a tuple), collected as [`Store::query_rows`] does: the read
    /// of a few columns that the domains' views repeat.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] naming this store if `SQLite` fails or a column is not of
    /// its tuple element's type.
    pub(crate) fn query_tuples<T, C: FromIterator<T>>(
        &self,
        sql: &str,
        params: impl Params,
    ) -> Result<C>
    where
        T: for<'r> TryFrom<&'r Row<'r>, Error = rusqlite::Error>,
    {
        self.query_rows(sql, params, |r| T::try_from(r))
    }

    /// The one row of `sql` with `params`, mapped by `f`, if there is one.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] naming this store if `SQLite` fails.
    pub(crate) fn query_opt<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>> {
        self.conn
            .prepare_cached(sql)
            .and_then(|mut st| st.query_row(params, f).optional())
            .map_err(|e| self.error(&e))
    }

    /// The path the store was opened from (`:memory:` for an in-memory store).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// A [`GrdpsimError::Database`] naming this store.
    pub(crate) fn error(&self, e: &rusqlite::Error) -> GrdpsimError {
        db_error(&self.label, e)
    }

    /// The schema version of the file.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))
            .map_err(|e| self.error(&e))
    }

    /// A value of the store's metadata (`province`, `disbursement_year`, ...).
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.error(&e))
    }

    /// Sets a metadata value (recorded in the audit trail when it changes).
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn set_meta(&mut self, key: &str, value: &str, who: &str) -> Result<()> {
        self.write(|tx| {
            let old: Option<String> = tx
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()?;
            if old.as_deref() != Some(value) {
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )?;
                audit_at(
                    tx,
                    &now_utc(),
                    who,
                    "",
                    "meta",
                    key,
                    old.as_deref(),
                    Some(value),
                )?;
            }
            Ok(())
        })
    }

    /// The audit trail, oldest first: every change, those of a large import stored as one
    /// packed row (`store/audit.rs`) listed one by one with the import's stamp.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn audit_trail(&self) -> Result<Vec<AuditRow>> {
        let rows: Vec<AuditRow> = self.query_rows(
            "SELECT at, who, file, entity, key, old, new FROM audit ORDER BY id",
            [],
            |r| {
                Ok(AuditRow {
                    at: r.get(0)?,
                    who: r.get(1)?,
                    file: r.get(2)?,
                    entity: r.get(3)?,
                    key: r.get(4)?,
                    old: r.get(5)?,
                    new: r.get(6)?,
                })
            },
        )?;
        Ok(rows.into_iter().flat_map(audit::unpack).collect())
    }

    /// Copies the store, while it is in use, to `dest` with `SQLite`'s online backup, after
    /// checking its running totals of payments against the payments ([`Store::check_totals`]).
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] if `dest` exists (a backup never overwrites);
    /// [`GrdpsimError::TotalsDisagree`] if a running total disagrees (nothing is written);
    /// [`GrdpsimError::Database`] if the copy fails.
    pub fn backup(&self, dest: impl AsRef<Path>) -> Result<()> {
        let dest = dest.as_ref();
        if dest.exists() {
            return Err(GrdpsimError::invalid_argument(
                "dest",
                format!(
                    "{} exists: a backup does not overwrite a file",
                    dest.display()
                ),
            ));
        }
        self.check_totals()?;
        self.conn
            .backup(
                rusqlite::MAIN_DB,
                dest,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|e| db_error(&dest.display().to_string(), &e))
    }

    /// Checks the store's running totals of payments (kept by every writer of payments in its
    /// transaction) against the payments themselves, recomputed in one pass.
    ///
    /// # Errors
    /// [`GrdpsimError::TotalsDisagree`] naming the first project, source and week at fault;
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn check_totals(&self) -> Result<()> {
        totals::check_paid_totals(&self.conn, &self.label)
    }

    /// Replaces this store's content with the backup at `src`, after checking that `src` is a
    /// grdpsim store of a schema this build reads whose running totals agree with its payments.
    ///
    /// # Errors
    /// [`GrdpsimError::NotAStore`] for a file that is not a grdpsim store (nothing is changed);
    /// [`GrdpsimError::TotalsDisagree`] for a backup whose running totals disagree with its
    /// payments (nothing is changed);
    /// [`GrdpsimError::Database`] if the copy fails.
    pub fn restore(&mut self, src: impl AsRef<Path>) -> Result<()> {
        let src = src.as_ref();
        Self::check_backup(src)?;
        // What the latest import kept is of the store before: forgotten (a restore changes no
        // row through this connection, which its state would have seen).
        self.import_memo = None;
        self.conn
            .restore(
                rusqlite::MAIN_DB,
                src,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|e| self.error(&e))?;
        // The backup may be of an older schema.
        self.migrate()
    }

    /// Checks, read-only, that `path` is a grdpsim store this build can read, and that its
    /// running totals of payments (if it has them) agree with its payments; its schema version.
    ///
    /// # Errors
    /// [`GrdpsimError::NotAStore`] otherwise; [`GrdpsimError::TotalsDisagree`] naming the first
    /// project, source and week whose total disagrees.
    pub fn check_backup(path: &Path) -> Result<i64> {
        let not = |reason: &str| GrdpsimError::NotAStore {
            path: path.display().to_string(),
            reason: reason.to_owned(),
        };
        match inspect(path)? {
            Found::Store(Some(version)) => {
                let label = path.display().to_string();
                let conn = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|e| db_error(&label, &e))?;
                totals::check_paid_totals(&conn, &label)?;
                Ok(version)
            }
            Found::Missing => Err(not("no such file")),
            Found::Blank => Err(not("an empty file or SQLite database")),
            Found::Store(None) => Err(not("no schema_version table")),
        }
    }

    /// The file behind the store, if any.
    pub fn path(&self) -> Option<PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    }
}

/// Sets the connection's setting `PRAGMA name` of `conn` to `value`, returning what it was;
/// None if it cannot be read or set (then the import runs as it would have).
pub(crate) fn swap_pragma<T: rusqlite::types::FromSql + rusqlite::ToSql>(
    conn: &rusqlite::Connection,
    name: &str,
    value: T,
) -> Option<T> {
    let was = conn.pragma_query_value(None, name, |r| r.get(0)).ok()?;
    conn.pragma_update(None, name, value).ok()?;
    Some(was)
}

/// Records one change in the audit trail with the time `at` (an import stamps all its changes
/// with the time it started).
#[allow(clippy::too_many_arguments)]
pub(crate) fn audit_at(
    tx: &Transaction<'_>,
    at: &str,
    who: &str,
    file: &str,
    entity: &str,
    key: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit (at, who, file, entity, key, old, new) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![at, who, file, entity, key, old, new])?;
    Ok(())
}

/// What a file holds, as [`inspect`] finds it without writing to it.
enum Found {
    /// No file there.
    Missing,
    /// A 0-byte file or an `SQLite` database with nothing in it: a store can be made there.
    Blank,
    /// A file with grdpsim's marker: its schema version (None: no schema yet), never newer
    /// than [`SCHEMA_VERSION`].
    Store(Option<i64>),
}

/// The header every `SQLite` database file starts with.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Looks at `path` read-only (its size and header, then a read-only connection for the
/// marker, `user_version`, objects and schema version) and refuses what is not a grdpsim store
/// this build can open, before anything is written.
///
/// # Errors
/// [`GrdpsimError::NotAStore`] naming the reason; [`GrdpsimError::Io`] if the file cannot be
/// read.
fn inspect(path: &Path) -> Result<Found> {
    use std::io::Read as _;
    let label = path.display().to_string();
    let not = |reason: String| GrdpsimError::NotAStore {
        path: label.clone(),
        reason,
    };
    let io = |e: std::io::Error| GrdpsimError::io(&label, e);
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(io(e)),
        Ok(m) => m,
    };
    if meta.is_dir() {
        return Err(not("it is a folder".into()));
    }
    if meta.len() == 0 {
        return Ok(Found::Blank);
    }
    let mut header = [0_u8; 100];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok();
    if !read || &header[..16] != SQLITE_HEADER {
        return Err(not(
            "not an SQLite database (its first bytes are not SQLite's header)".into(),
        ));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not(e.to_string()))?;
    let pragma = |name: &str| -> Result<i64> {
        conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .map_err(|e| not(e.to_string()))
    };
    let app_id = pragma("application_id")?;
    let user_version = pragma("user_version")?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(|e| not(e.to_string()))?;
    if app_id != i64::from(APPLICATION_ID) {
        if app_id == 0 && user_version == 0 && objects == 0 {
            return Ok(Found::Blank);
        }
        return Err(not(format!(
            "application_id is {app_id:#x}, not grdpsim's {APPLICATION_ID:#x} \
             ({objects} tables and indexes, user_version {user_version})"
        )));
    }
    let has_versions = has_table(&conn, "schema_version").map_err(|e| not(e.to_string()))?;
    let version: Option<i64> = if has_versions {
        conn.query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))
            .map_err(|e| not(format!("unreadable schema_version ({e})")))?
    } else {
        None
    };
    if let Some(v) = version.filter(|&v| v > SCHEMA_VERSION) {
        return Err(not(format!(
            "its schema version {v} is newer than this grdpsim's {SCHEMA_VERSION}: upgrade grdpsim"
        )));
    }
    Ok(Found::Store(version))
}

#[cfg(test)]
mod tests {
    use rusqlite::StatementStatus;

    use super::Store;

    /// A statement given new parameter values runs on the plan it was prepared with: the
    /// list of a source's weeks, read for both sources, is never prepared again ([`plan_once`]).
    #[test]
    fn a_statement_is_not_prepared_again_for_new_parameters() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.connection();
        let sql = "SELECT week_ending, projects FROM week_reports WHERE source = ?1
                   ORDER BY week_ending DESC";
        for source in ["investor", "treasury", "investor"] {
            let mut st = conn.prepare_cached(sql).unwrap();
            st.query([source]).unwrap().next().unwrap();
            assert_eq!(st.get_status(StatementStatus::RePrepare), 0, "{source}");
        }
    }
}
