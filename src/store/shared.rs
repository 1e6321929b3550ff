//! One store shared by the views over it: one writer connection behind a mutex, and for a
//! store in a file a small pool of read-only connections beside it (`SQLite` in WAL mode lets
//! readers run while the writer writes, each reader seeing the last committed state).
//!
//! [`SharedStore::lock`] hands out the writer, as before; a handle made by
//! [`SharedStore::reading`] hands out a pooled reader instead, so that views made on it
//! ([`crate::disbursement::Tracker::reading`], [`crate::monitoring::Monitor::reading`]) read
//! in parallel. A write through a reader is refused by `SQLite` (the connection is opened
//! read-only); an in-memory store has no readers and a reading handle takes the writer.

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use rusqlite::{Connection, OpenFlags};

use super::{db_error, Store, BUSY_TIMEOUT};
use crate::error::{GrdpsimError, Result};

/// Read-only connections a shared store opens at most by default (readers beyond wait for one
/// to be given back): more than the cores of the machines it serves on, since a request also
/// waits on its client. [`SharedStore::set_read_connections`] sets another count.
pub const READ_CONNECTIONS: usize = 8;

/// The most read-only connections a store may be given
/// ([`SharedStore::set_read_connections`]): each holds a file and its own page cache, and far
/// fewer are ever busy at once on the machines the page serves on.
pub const MAX_READ_CONNECTIONS: usize = 256;

/// Refuses a count of read-only connections beyond [`MAX_READ_CONNECTIONS`].
///
/// # Errors
/// [`GrdpsimError::InvalidArgument`] naming `read_connections` and the count.
pub fn check_read_connections(count: usize) -> Result<()> {
    if count > MAX_READ_CONNECTIONS {
        return Err(GrdpsimError::invalid_argument(
            "read_connections",
            format!(
                "{count}: a store opens at most {MAX_READ_CONNECTIONS} read-only connections \
                 (0: every read through the writer)"
            ),
        ));
    }
    Ok(())
}

/// One store shared by the views over it (a [`crate::disbursement::Tracker`], a
/// [`crate::monitoring::Monitor`], each with its own parameters): one writer connection, used
/// by one of them at a time, and read-only connections for the views of a reading handle.
/// Cloning the handle shares the store.
#[derive(Debug, Clone)]
pub struct SharedStore {
    writer: Arc<Mutex<Store>>,
    /// Times the writer was given back (each after its write, if any, committed or rolled
    /// back): a part of [`SharedStore::data_version`].
    writer_uses: Arc<AtomicU64>,
    /// The read-only connections (None for an in-memory store).
    readers: Option<Arc<ReadPool>>,
    /// Whether [`SharedStore::lock`] hands out a reader (a handle made by
    /// [`SharedStore::reading`]).
    reading: bool,
}

/// The store as one caller holds it: the writer (under its mutex) or a pooled reader (given
/// back to the pool when dropped).
#[derive(Debug)]
pub enum StoreGuard<'a> {
    /// The writer, and the count of its uses, bumped when it is given back.
    Writer(MutexGuard<'a, Store>, &'a AtomicU64),
    Reader(Pooled),
}

impl Drop for StoreGuard<'_> {
    fn drop(&mut self) {
        if let Self::Writer(_, uses) = self {
            // Before the mutex is released (the guard's field drops after this): a reader that
            // takes the writer next, or reads the version after this write was acknowledged,
            // sees the new count.
            uses.fetch_add(1, Ordering::AcqRel);
        }
    }
}

/// What a [`SharedStore`] holds at one moment, as far as a kept result of a read can tell:
/// equal versions mean no write was committed between them, by this process or another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataVersion {
    /// The writer's uses ([`StoreGuard`] given back).
    writer_uses: u64,
    /// `PRAGMA data_version` of the pool's watching connection, which never writes: it
    /// changes with every commit of another connection (this process's writer, or another
    /// process's); 0 for an in-memory store, which has no other connection.
    committed: i64,
}

impl Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        match self {
            Self::Writer(g, _) => g,
            Self::Reader(p) => p.store(),
        }
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        match self {
            Self::Writer(g, _) => g,
            Self::Reader(p) => p.store_mut(),
        }
    }
}

/// Prepared statements a shared store's connections keep (rusqlite keeps 16 by default): a
/// page of the web reads through some thirty distinct statements, which at 16 were evicted
/// and prepared again on every request (issue 27).
const STATEMENTS: usize = 64;

impl SharedStore {
    pub fn new(store: Store) -> Self {
        store
            .connection()
            .set_prepared_statement_cache_capacity(STATEMENTS);
        let readers = store.path().map(|path| {
            Arc::new(ReadPool {
                path,
                label: store.label().to_owned(),
                capacity: AtomicUsize::new(READ_CONNECTIONS),
                watch: Mutex::new(None),
                state: Mutex::new(PoolState::default()),
                given_back: Condvar::new(),
            })
        });
        Self {
            writer: Arc::new(Mutex::new(store)),
            writer_uses: Arc::new(AtomicU64::new(0)),
            readers,
            reading: false,
        }
    }

    /// A handle on the same store whose [`SharedStore::lock`] hands out a pooled read-only
    /// connection (the writer for an in-memory store).
    #[must_use]
    pub fn reading(&self) -> Self {
        Self {
            reading: true,
            ..self.clone()
        }
    }

    /// Whether this handle reads through the pool ([`SharedStore::reading`]).
    pub fn is_reading(&self) -> bool {
        self.reading
    }

    /// Sets how many read-only connections the store opens at most, for every handle on it
    /// (default [`READ_CONNECTIONS`]); 0: the reading handles take the writer, one caller at
    /// a time, as a store without readers does. Connections already open beyond a smaller
    /// count are closed as they are given back. No effect on an in-memory store (no readers).
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] naming `read_connections` and the count when it is
    /// above [`MAX_READ_CONNECTIONS`] (the count is left as it was).
    ///
    /// # Examples
    /// ```
    /// let t = grdpsim::datasets::cao_bang_disbursement_2025()?;
    /// let e = t.shared_store().set_read_connections(100_000).unwrap_err();
    /// assert!(e.to_string().contains("read_connections") && e.to_string().contains("100000"));
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn set_read_connections(&self, count: usize) -> Result<()> {
        check_read_connections(count)?;
        if let Some(pool) = &self.readers {
            pool.capacity.store(count, Ordering::Release);
            // Readers waiting for a connection see the new count.
            pool.given_back.notify_all();
        }
        Ok(())
    }

    /// The store, for one caller at a time (each view's method takes it for its own reads or
    /// its one write transaction, and gives it back before another takes it): the writer, or
    /// on a reading handle a pooled reader. A caller that panicked while holding the writer
    /// left no transaction open (`SQLite` rolled it back), so the store is taken again as it
    /// is. A reader that cannot be opened (the file gone) falls back to the writer, whose
    /// error then names the store.
    pub fn lock(&self) -> StoreGuard<'_> {
        if self.reading {
            if let Some(pool) = &self.readers {
                if let Ok(Some(reader)) = pool.take() {
                    return StoreGuard::Reader(reader);
                }
            }
        }
        self.writer_guard()
    }

    fn writer_guard(&self) -> StoreGuard<'_> {
        StoreGuard::Writer(
            self.writer.lock().unwrap_or_else(PoisonError::into_inner),
            &self.writer_uses,
        )
    }

    /// The store's data version: a result read at one version may be kept and given again
    /// while the version stays the same (the web page's views, issue 27). Read before the
    /// read it labels: a write committed meanwhile makes the next version differ, so a kept
    /// result is never older than its version. A write acknowledged through the writer has
    /// changed it before its caller returns; one of another process, once committed.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if the watching connection cannot be opened or read.
    pub fn data_version(&self) -> Result<DataVersion> {
        // The count first: a write finishing between the two readings changes the count
        // after it was read, so the next version differs.
        let writer_uses = self.writer_uses.load(Ordering::Acquire);
        let committed = match &self.readers {
            Some(pool) => pool.committed()?,
            None => 0,
        };
        Ok(DataVersion {
            writer_uses,
            committed,
        })
    }

    /// Runs `f` on a read-only connection from the pool (the writer for an in-memory store),
    /// beside other readers and the writer.
    ///
    /// # Errors
    /// What `f` returns.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        f(&self.reading().lock())
    }

    /// Runs `f` on the writer connection, one caller at a time.
    ///
    /// # Errors
    /// What `f` returns.
    pub fn write<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        f(&mut self.writer_guard())
    }
}

/// The read-only connections of a store in a file.
#[derive(Debug)]
struct ReadPool {
    path: PathBuf,
    label: String,
    /// Connections open at most; 0: none (the reading handles take the writer).
    capacity: AtomicUsize,
    /// The read-only connection [`SharedStore::data_version`] asks, opened when first asked.
    watch: Mutex<Option<Store>>,
    state: Mutex<PoolState>,
    given_back: Condvar,
}

#[derive(Debug, Default)]
struct PoolState {
    idle: Vec<Store>,
    /// Connections open, idle or in use.
    open: usize,
}

/// A reader taken from the pool; given back when dropped.
#[derive(Debug)]
pub struct Pooled {
    store: Option<Store>,
    pool: Arc<ReadPool>,
}

impl Pooled {
    fn store(&self) -> &Store {
        self.store
            .as_ref()
            .unwrap_or_else(|| unreachable!("a pooled reader holds its store until dropped"))
    }

    fn store_mut(&mut self) -> &mut Store {
        self.store
            .as_mut()
            .unwrap_or_else(|| unreachable!("a pooled reader holds its store until dropped"))
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            let mut state = self.pool.lock();
            if state.open > self.pool.capacity.load(Ordering::Acquire) {
                // Beyond a count set smaller since it was opened: closed.
                state.open -= 1;
                drop(state);
                drop(store);
            } else {
                state.idle.push(store);
                drop(state);
            }
            self.pool.given_back.notify_one();
        }
    }
}

impl ReadPool {
    fn lock(&self) -> MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// An idle reader, a new one while fewer than the pool's capacity are open, or the first
    /// one given back; `None` when the capacity is 0.
    fn take(self: &Arc<Self>) -> Result<Option<Pooled>> {
        let mut state = self.lock();
        loop {
            let capacity = self.capacity.load(Ordering::Acquire);
            // Idle connections beyond a count set smaller are closed.
            while state.open > capacity && state.idle.pop().is_some() {
                state.open -= 1;
            }
            if capacity == 0 {
                return Ok(None);
            }
            if let Some(store) = state.idle.pop() {
                return Ok(Some(self.pooled(store)));
            }
            if state.open < capacity {
                state.open += 1;
                drop(state);
                return match open_reader(&self.path, &self.label) {
                    Ok(store) => Ok(Some(self.pooled(store))),
                    Err(e) => {
                        self.lock().open -= 1;
                        self.given_back.notify_one();
                        Err(e)
                    }
                };
            }
            state = self
                .given_back
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// `PRAGMA data_version` of the watching connection (opened on first use).
    fn committed(&self) -> Result<i64> {
        let mut watch = self.watch.lock().unwrap_or_else(PoisonError::into_inner);
        if watch.is_none() {
            *watch = Some(open_reader(&self.path, &self.label)?);
        }
        match watch.as_ref() {
            Some(store) => store
                .query_opt("PRAGMA data_version", [], |r| r.get(0))
                .map(Option::unwrap_or_default),
            None => Ok(0),
        }
    }

    fn pooled(self: &Arc<Self>, store: Store) -> Pooled {
        Pooled {
            store: Some(store),
            pool: Arc::clone(self),
        }
    }
}

/// A read-only connection to the store at `path`, which the writer has opened, checked and
/// migrated (a reader writes nothing, so it neither checks nor migrates again).
fn open_reader(path: &Path, label: &str) -> Result<Store> {
    let err = |e: rusqlite::Error| db_error(label, &e);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )
    .map_err(err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
    conn.set_prepared_statement_cache_capacity(STATEMENTS);
    Store::from_reader(conn, label.to_owned()).map_err(err)
}
