//! A large write's checkpoint on another thread, after its commit.
//!
//! In WAL mode a commit appends the changed pages to the write-ahead log, and the commit that
//! takes the log past `SQLite`'s automatic threshold (1,000 pages) then copies the log back
//! into the database file (a checkpoint) before it returns. A week's file for the whole
//! country commits some 12 MB of pages (its payments, their totals and its audit), so each
//! such import paid a checkpoint of its own size: measured with `benches/disbursement.py`, a
//! sixth of its time (issue 27).
//!
//! `SQLite`'s WAL documentation leaves applications free to turn the automatic checkpoints off
//! and run them on a thread of their own, off the writer's path: [`Checkpoints::deferred`] runs a large write with the writer's automatic checkpoint off and
//! then copies the log back on another thread, through a connection of its own, while the
//! caller goes on. What a commit guarantees is unchanged (the log is the committed record;
//! a checkpoint only copies it, and survives being cut short). The log stays bounded as
//! before: the next large write first waits for this checkpoint, and is deferred only if the
//! checkpoint copied the whole log (else it commits with the automatic checkpoint on, as any
//! other write); dropping the store waits for it too, so that a closed store has no thread
//! left on its file.

use std::path::Path;
use std::thread::JoinHandle;

use rusqlite::{Connection, OpenFlags};

use super::{swap_pragma, Store, BUSY_TIMEOUT};

/// The environment variable that, set to `1`, keeps a large write's checkpoint in its commit
/// (for a measure of what the deferral saves: `benches/disbursement.py --checkpoint-inline`).
pub const CHECKPOINT_INLINE_ENV: &str = "GRDPSIM_CHECKPOINT_INLINE";

/// A store's checkpoint running on another thread, if any, and the connection it runs on
/// (kept for the next).
#[derive(Debug)]
pub(crate) struct Checkpoints {
    running: Option<JoinHandle<Copied>>,
    idle: Option<Connection>,
    /// Whether the latest deferred checkpoint copied the whole log (true before any).
    caught_up: bool,
}

/// What a checkpoint on the other thread ended with: its connection (None if it could not be
/// opened) and whether it copied the whole log.
struct Copied {
    conn: Option<Connection>,
    whole: bool,
}

impl Checkpoints {
    pub(crate) fn new() -> Self {
        Self {
            running: None,
            idle: None,
            caught_up: true,
        }
    }

    /// Waits for the checkpoint running on the other thread, if any.
    pub(crate) fn wait(&mut self) {
        if let Some(thread) = self.running.take() {
            // A checkpoint that panicked (a bug) counts as one that did not copy the log.
            let copied = thread.join().unwrap_or(Copied {
                conn: None,
                whole: false,
            });
            self.idle = copied.conn;
            self.caught_up = copied.whole;
        }
    }

    /// Runs `write` on `store` with its writer's automatic checkpoint off, then starts the
    /// checkpoint of the log on another thread. `write` runs as it is, the checkpoint in it,
    /// for a store in memory, if the setting cannot be read or set, or if the environment's
    /// [`CHECKPOINT_INLINE_ENV`] is `1`; and if the previous deferred checkpoint (waited for
    /// first) left part of the log, followed by a passive checkpoint here, which tells whether
    /// the next may be deferred again. `write` must not panic out (an import catches its own).
    fn deferred<T>(&mut self, store: &mut Store, write: impl FnOnce(&mut Store) -> T) -> T {
        self.wait();
        let inline = std::env::var_os(CHECKPOINT_INLINE_ENV).is_some_and(|v| v == "1");
        let Some(path) = store.path().filter(|_| !inline) else {
            return write(store);
        };
        if !self.caught_up {
            // Committed with the automatic checkpoint, then asked whether the log is now
            // copied whole (a passive checkpoint, here, finding little or nothing to copy).
            let out = write(store);
            self.caught_up = copied_whole(store.connection());
            return out;
        }
        let Some(was) = swap_pragma(store.connection(), "wal_autocheckpoint", 0) else {
            return write(store);
        };
        let out = write(store);
        swap_pragma(store.connection(), "wal_autocheckpoint", was);
        let idle = self.idle.take();
        self.running = std::thread::Builder::new()
            .name("grdpsim checkpoint".to_owned())
            .spawn(move || copy_back(idle, &path))
            .ok();
        if self.running.is_none() {
            // No thread: the next write's automatic checkpoint copies the log.
            self.caught_up = false;
        }
        out
    }
}

impl Store {
    /// Runs `write` on this store, the checkpoint of what it commits deferred to another
    /// thread ([`Checkpoints::deferred`]): for a large write (a week's file for the country).
    pub(crate) fn with_deferred_checkpoint<T>(&mut self, write: impl FnOnce(&mut Self) -> T) -> T {
        let mut checkpoints = self
            .checkpoints
            .take()
            .unwrap_or_else(|| Box::new(Checkpoints::new()));
        let out = checkpoints.deferred(self, write);
        self.checkpoints = Some(checkpoints);
        out
    }
}

impl Drop for Checkpoints {
    fn drop(&mut self) {
        self.wait();
    }
}

/// Copies the log of the store at `path` back into its file (`PRAGMA wal_checkpoint(PASSIVE)`:
/// never waiting on the store's readers or writer) on `conn`, or on a new connection to the
/// file (never creating it).
fn copy_back(conn: Option<Connection>, path: &Path) -> Copied {
    let conn = conn.or_else(|| {
        let c = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        c.busy_timeout(BUSY_TIMEOUT).ok()?;
        Some(c)
    });
    let whole = conn.as_ref().is_some_and(copied_whole);
    Copied { conn, whole }
}

/// Runs a passive checkpoint on `conn`: whether it left the whole log copied.
fn copied_whole(conn: &Connection) -> bool {
    // (busy, frames in the log, frames copied): the whole log when nothing was busy and every
    // frame was copied.
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })
    .is_ok_and(|(busy, log, copied)| busy == 0 && copied == log)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::{Mutex, MutexGuard, PoisonError};

    /// Held by the tests that read whether a write was deferred: one of them sets
    /// [`CHECKPOINT_INLINE_ENV`], which the others would read.
    static DEFERRAL: Mutex<()> = Mutex::new(());

    fn checkpoints(store: &mut Store) -> &mut Checkpoints {
        store
            .checkpoints
            .as_mut()
            .expect("a large write was deferred")
    }

    /// The writer's automatic checkpoint, as `PRAGMA wal_autocheckpoint` reads it.
    fn automatic(store: &Store) -> i64 {
        store
            .connection()
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
            .unwrap()
    }

    /// Commits some 4 MB of rows (more than the automatic checkpoint's 1,000 pages) into the
    /// table `t`, returning the automatic checkpoint the write ran with.
    fn write_much(store: &mut Store) -> i64 {
        let during = automatic(store);
        store
            .write_checked(|tx| {
                tx.execute_batch(
                    "CREATE TABLE IF NOT EXISTS t (x TEXT);
                     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
                     INSERT INTO t SELECT printf('%01000d', i) FROM n;",
                )?;
                Ok(Ok(()))
            })
            .unwrap();
        during
    }

    /// The lock of the tests that read whether a write was deferred, and a store in a new
    /// folder.
    fn deferring() -> (MutexGuard<'static, ()>, tempfile::TempDir, PathBuf, Store) {
        let one = DEFERRAL.lock().unwrap_or_else(PoisonError::into_inner);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite");
        let store = Store::open(&path).unwrap();
        (one, dir, path, store)
    }

    fn file_size(path: &Path) -> u64 {
        std::fs::metadata(path).map_or(0, |m| m.len())
    }

    /// A large write commits with the automatic checkpoint off (set back after it), and its
    /// log is then copied into the file on another thread: waited for, the whole log is in
    /// the file, which a commit alone would not have written.
    #[test]
    fn a_large_write_is_copied_back_after_its_commit() {
        let (_one, dir, path, mut store) = deferring();
        let before = automatic(&store);
        assert!(before > 0);
        let was = file_size(&path);
        let during = store.with_deferred_checkpoint(write_much);
        assert_eq!(during, 0, "the write ran with its automatic checkpoint off");
        assert_eq!(automatic(&store), before, "set back");
        checkpoints(&mut store).wait();
        assert!(checkpoints(&mut store).caught_up);
        assert!(
            file_size(&path) > was + 4_000_000,
            "the log was copied into the file: {} bytes, {was} before",
            file_size(&path)
        );
        // The rows are there, and the store closes as the last connection to the file.
        let rows: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 4000);
        drop(store);
        assert!(!dir.path().join("s.sqlite-wal").exists(), "closed cleanly");
    }

    /// A checkpoint that could not copy the whole log (a reader holds an older state) leaves
    /// the next large write to commit with the automatic checkpoint on, as any other write:
    /// the log does not grow from deferred write to deferred write.
    #[test]
    fn a_checkpoint_left_behind_turns_the_next_one_back_inline() {
        let (_one, _dir, path, mut store) = deferring();
        let reader = Connection::open(&path).unwrap();
        reader.execute_batch("BEGIN").unwrap();
        let _: i64 = reader
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .unwrap();
        assert_eq!(store.with_deferred_checkpoint(write_much), 0);
        checkpoints(&mut store).wait();
        assert!(
            !checkpoints(&mut store).caught_up,
            "the reader's state kept part of the log"
        );
        reader.execute_batch("COMMIT").unwrap();
        let inline = automatic(&store);
        assert_eq!(store.with_deferred_checkpoint(write_much), inline);
        // That write's own checkpoint copied the log: the next is deferred again.
        assert_eq!(store.with_deferred_checkpoint(write_much), 0);
    }

    /// A store in memory has no log to copy: its writes run as they are.
    #[test]
    fn a_store_in_memory_writes_as_it_is() {
        let mut store = Store::open_in_memory().unwrap();
        let automatic = automatic(&store);
        assert_eq!(store.with_deferred_checkpoint(write_much), automatic);
        assert!(checkpoints(&mut store).running.is_none());
    }

    /// With the environment's [`CHECKPOINT_INLINE_ENV`] at `1`, a large write keeps its
    /// checkpoint in its commit; any other value defers it.
    #[test]
    fn the_environment_keeps_the_checkpoint_inline() {
        let (_one, _dir, _, mut store) = deferring();
        let automatic = automatic(&store);
        std::env::set_var(CHECKPOINT_INLINE_ENV, "1");
        let inline = store.with_deferred_checkpoint(write_much);
        std::env::set_var(CHECKPOINT_INLINE_ENV, "0");
        let other = store.with_deferred_checkpoint(write_much);
        std::env::remove_var(CHECKPOINT_INLINE_ENV);
        assert_eq!(inline, automatic);
        assert!(checkpoints(&mut store).running.is_some() && other == 0);
    }
}
