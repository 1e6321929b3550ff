//! Results of the pages' heaviest reads, kept while the store's data version stays the same
//! (issue 27: the province's status, ranking and S-curve, and an investor's count-down and
//! S-curve, were computed again for every request although nothing had been written).
//!
//! The version ([`SharedStore::data_version`]) is read before the read it labels and changes
//! with every write given back by the writer and every commit of another process, so a kept
//! result is given again only while nothing was written since it was read: a page read after
//! an acknowledged write never shows the store as it was before it.
//!
//! A key being read at the store's present version is read once: the requests that ask for
//! it meanwhile wait for that read's result (which is of their version) rather than reading
//! it again beside it, and read it themselves if it fails (after a write, every client's next
//! page asked for the same key at once and each read it, issue 27).

use std::collections::HashSet;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::prelude::*;
use crate::store::{DataVersion, SharedStore};

/// Results kept for one version of the store at most this many keys (a page's query picks
/// the key, and anyone may ask for many): beyond, the kept ones are dropped.
const KEYS: usize = 64;

/// The results of one kind of read by key (an investor's code, a query), all of one version,
/// and the keys being read at that version.
pub(super) struct Kept<V> {
    slot: Mutex<Slot<V>>,
    /// Signalled when a read of a key ends (its result kept, or failed).
    read_ended: Condvar,
    /// How many requests wait for another's read: the unit test waits for the second request
    /// to be among them rather than for a time.
    #[cfg(test)]
    waiting: std::sync::atomic::AtomicUsize,
}

/// What a [`Kept`] holds: the version its results and reads are of, the results by key, and
/// the keys being read.
struct Slot<V> {
    version: Option<DataVersion>,
    kept: HashMap<String, V>,
    reading: HashSet<String>,
}

impl<V> Default for Kept<V> {
    fn default() -> Self {
        Self {
            slot: Mutex::new(Slot {
                version: None,
                kept: HashMap::new(),
                reading: HashSet::new(),
            }),
            read_ended: Condvar::new(),
            #[cfg(test)]
            waiting: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

impl<V: Clone> Kept<V> {
    /// The result of `read` for `key` on `store`: the one kept if it was read at the store's
    /// present version, or the one being read at that version once it is read, else `read`'s,
    /// then kept. A version that cannot be read keeps nothing (the result is read each time).
    pub(super) fn get_or(
        &self,
        store: &SharedStore,
        key: &str,
        read: impl FnOnce() -> Result<V, GrdpsimError>,
    ) -> Result<V, GrdpsimError> {
        let Ok(version) = store.data_version() else {
            return read();
        };
        let mut slot = self.lock();
        while slot.version == Some(version) {
            if let Some(value) = slot.kept.get(key) {
                return Ok(value.clone());
            }
            if !slot.reading.contains(key) {
                break;
            }
            // Counted under the lock, which the wait gives up only once waiting: a read that
            // ends after the count is seen wakes this request.
            #[cfg(test)]
            self.waiting
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            slot = self
                .read_ended
                .wait(slot)
                .unwrap_or_else(PoisonError::into_inner);
            #[cfg(test)]
            self.waiting
                .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        }
        if slot.version != Some(version) {
            *slot = Slot {
                version: Some(version),
                kept: HashMap::new(),
                reading: HashSet::new(),
            };
        }
        slot.reading.insert(key.to_owned());
        drop(slot);
        // Whatever the read's outcome (a panic too), the key is no longer being read and the
        // waiting requests look again.
        let ended = Ended {
            kept: self,
            version,
            key,
        };
        let value = read()?;
        let mut slot = self.lock();
        if slot.version == Some(version) {
            if slot.kept.len() >= KEYS {
                slot.kept.clear();
            }
            slot.kept.insert(key.to_owned(), value.clone());
        }
        drop(slot);
        drop(ended);
        Ok(value)
    }

    fn lock(&self) -> MutexGuard<'_, Slot<V>> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The end of a read of `key` at `version`: the key is no longer being read (if the slot is
/// still of that version) and the waiting requests are woken.
struct Ended<'a, V: Clone> {
    kept: &'a Kept<V>,
    version: DataVersion,
    key: &'a str,
}

impl<V: Clone> Drop for Ended<'_, V> {
    fn drop(&mut self) {
        let mut slot = self.kept.lock();
        if slot.version == Some(self.version) {
            slot.reading.remove(self.key);
        }
        drop(slot);
        self.kept.read_ended.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disbursement::Tracker;
    use std::cell::Cell;

    #[test]
    fn a_kept_result_is_given_until_a_write() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Tracker::create(dir.path().join("kept.sqlite"), "Test", 2025).unwrap();
        let store = t.reading().shared_store();
        let kept: Kept<usize> = Kept::default();
        let reads = Cell::new(0);
        let read = || {
            reads.set(reads.get() + 1);
            Ok(reads.get())
        };
        // Read once, then kept: the same value, no second read; another key reads its own.
        assert_eq!(kept.get_or(&store, "a", read).unwrap(), 1);
        assert_eq!(kept.get_or(&store, "a", read).unwrap(), 1);
        assert_eq!(kept.get_or(&store, "b", read).unwrap(), 2);
        assert_eq!(kept.get_or(&store, "a", read).unwrap(), 1);
        // A write (a project imported through the writer): read again.
        t.import_csv_str(
            "projects.csv",
            "project,name,investor,capital_source\nP1,One,INV,NSDP\n",
            "test",
        )
        .unwrap();
        assert_eq!(kept.get_or(&store, "a", read).unwrap(), 3);
        assert_eq!(kept.get_or(&store, "a", read).unwrap(), 3);
        // Another connection's commit (as another process's would be): read again.
        let mut other = Tracker::open(dir.path().join("kept.sqlite")).unwrap();
        assert_eq!(kept.get_or(&store, "a", read).unwrap(), 3);
        other
            .import_csv_str(
                "projects.csv",
                "project,name,investor,capital_source\nP2,Two,INV,NSDP\n",
                "test",
            )
            .unwrap();
        assert_eq!(kept.get_or(&store, "a", read).unwrap(), 4);
        assert_eq!(reads.get(), 4);
    }

    /// A key read by one request while another asks for it at the same version: the second
    /// waits for the first's result and reads nothing (`first` fails instead when `fails`).
    /// Returns what the second got and how many reads were made in all.
    fn two_requests_at_once(fails: bool) -> (usize, usize) {
        let dir = tempfile::tempdir().unwrap();
        let t = Tracker::create(dir.path().join("once.sqlite"), "Test", 2025).unwrap();
        let store = t.reading().shared_store();
        let kept: Kept<usize> = Kept::default();
        let reads = std::sync::atomic::AtomicUsize::new(0);
        let (started, release) = (std::sync::Barrier::new(2), std::sync::Barrier::new(2));
        std::thread::scope(|s| {
            let first = s.spawn(|| {
                kept.get_or(&store, "a", || {
                    reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    started.wait();
                    release.wait();
                    if fails {
                        Err(GrdpsimError::invalid_argument("x", "a failed read"))
                    } else {
                        Ok(7)
                    }
                })
            });
            started.wait();
            let second = s.spawn(|| {
                kept.get_or(&store, "a", || {
                    reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    Ok(8)
                })
            });
            // The first's read is held until the second waits for it; a second that does not
            // wait (no single flight) ends on its own read, and the counts below tell.
            while kept.waiting.load(std::sync::atomic::Ordering::SeqCst) == 0
                && !second.is_finished()
            {
                std::thread::yield_now();
            }
            release.wait();
            assert_eq!(first.join().unwrap().is_err(), fails);
            let got = second.join().unwrap().unwrap();
            (got, reads.load(std::sync::atomic::Ordering::SeqCst))
        })
    }

    #[test]
    fn a_key_being_read_is_read_once_for_the_requests_that_ask_meanwhile() {
        // The second request is given the first's 7, and only one read was made.
        assert_eq!(two_requests_at_once(false), (7, 1));
        // When the first read fails, the second reads for itself: its 8, two reads.
        assert_eq!(two_requests_at_once(true), (8, 2));
    }
}
