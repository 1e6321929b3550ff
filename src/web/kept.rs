//! Results of the pages' heaviest reads, kept while the store's data version stays the same
//! (issue 27: the province's status, ranking and S-curve, and an investor's count-down and
//! S-curve, were computed again for every request although nothing had been written).
//!
//! The version ([`SharedStore::data_version`]) is read before the read it labels and changes
//! with every write given back by the writer and every commit of another process, so a kept
//! result is given again only while nothing was written since it was read: a page read after
//! an acknowledged write never shows the store as it was before it.
//!
//! A key is read once at a time: the requests that ask for it meanwhile wait for that read's
//! result if the read is fresh enough for them (of their version, or started after they
//! came: it sees every write acknowledged before), else for its end, and then one of them
//! reads it for all (issue 27: under a write every third request, the province's page was
//! read again by each request that came after a write, several reads of older versions side
//! by side on two cores, each given to no one but its own request). A request whose read
//! fails is answered by another's read, or reads it itself.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::prelude::*;
use crate::store::{DataVersion, SharedStore};

/// Results kept of at most this many keys (a page's query picks the key, and anyone may ask
/// for many): beyond, the kept ones not being read are dropped.
const KEYS: usize = 64;

/// The results of one kind of read by key (an investor's code, a query), and the reads going
/// on.
pub(super) struct Kept<V> {
    slot: Mutex<Slot<V>>,
    /// Signalled when a read of a key ends (its result kept, or failed).
    read_ended: Condvar,
    /// How many requests wait for another's read: the unit test waits for the second request
    /// to be among them rather than for a time.
    #[cfg(test)]
    waiting: std::sync::atomic::AtomicUsize,
}

/// What a [`Kept`] holds: the reads started so far (each read's ticket is their count when it
/// started) and, by key, the last result and the read going on.
struct Slot<V> {
    started: u64,
    keys: HashMap<String, Entry<V>>,
}

/// One key's last result (the version before its read, its read's ticket, the value) and the
/// read of it going on (its version and ticket), if any.
struct Entry<V> {
    kept: Option<(DataVersion, u64, V)>,
    reading: Option<(DataVersion, u64)>,
}

impl<V> Default for Kept<V> {
    fn default() -> Self {
        Self {
            slot: Mutex::new(Slot {
                started: 0,
                keys: HashMap::new(),
            }),
            read_ended: Condvar::new(),
            #[cfg(test)]
            waiting: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

impl<V: Clone> Kept<V> {
    /// The result of `read` for `key` on `store`, never older than the store's present
    /// version: the one kept if it was read at that version or by a read started after this
    /// call, else the one being read so once it is read, else `read`'s (once the key's read
    /// going on, if any, has ended), then kept. A version that cannot be read keeps nothing
    /// (the result is read each time).
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
        // A read with a ticket from here on starts after this request came.
        let asked = slot.started;
        let fresh = |(v, ticket): (DataVersion, u64)| v == version || ticket >= asked;
        while let Some(entry) = slot.keys.get(key) {
            if let Some((v, ticket, value)) = &entry.kept {
                if fresh((*v, *ticket)) {
                    return Ok(value.clone());
                }
            }
            // A read going on, fresh or not: its result, or its end (one read of a key at a
            // time, the next one for all who waited).
            if entry.reading.is_none() {
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
        let ticket = slot.started;
        slot.started += 1;
        if slot.keys.len() >= KEYS && !slot.keys.contains_key(key) {
            slot.keys.retain(|_, e| e.reading.is_some());
        }
        slot.keys
            .entry(key.to_owned())
            .or_insert(Entry {
                kept: None,
                reading: None,
            })
            .reading = Some((version, ticket));
        drop(slot);
        // Whatever the read's outcome (a panic too), the key is no longer being read and the
        // waiting requests look again.
        let ended = Ended {
            kept: self,
            ticket,
            key,
        };
        let value = read()?;
        let mut slot = self.lock();
        if let Some(entry) = slot.keys.get_mut(key) {
            entry.kept = Some((version, ticket, value.clone()));
        }
        drop(slot);
        drop(ended);
        Ok(value)
    }

    fn lock(&self) -> MutexGuard<'_, Slot<V>> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The end of the read of `key` with `ticket`: the key is no longer being read and the
/// waiting requests are woken.
struct Ended<'a, V: Clone> {
    kept: &'a Kept<V>,
    ticket: u64,
    key: &'a str,
}

impl<V: Clone> Drop for Ended<'_, V> {
    fn drop(&mut self) {
        let mut slot = self.kept.lock();
        if let Some(entry) = slot.keys.get_mut(self.key) {
            if entry.reading.is_some_and(|(_, t)| t == self.ticket) {
                entry.reading = None;
            }
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

    /// A read at one version, a write, then two requests for the same key while the read
    /// goes on: they wait for its end (its result is older than the write, theirs not to
    /// take) and one of them reads the key for both.
    #[test]
    fn requests_after_a_write_wait_for_an_older_read_then_one_reads_for_all() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        let dir = tempfile::tempdir().unwrap();
        let mut t = Tracker::create(dir.path().join("after.sqlite"), "Test", 2025).unwrap();
        let store = t.reading().shared_store();
        let kept: Kept<usize> = Kept::default();
        let reads = AtomicUsize::new(0);
        let (started, release) = (std::sync::Barrier::new(2), std::sync::Barrier::new(2));
        std::thread::scope(|s| {
            let first = s.spawn(|| {
                kept.get_or(&store, "a", || {
                    reads.fetch_add(1, SeqCst);
                    started.wait();
                    release.wait();
                    Ok(1)
                })
            });
            started.wait();
            t.import_csv_str(
                "projects.csv",
                "project,name,investor,capital_source\nP1,One,INV,NSDP\n",
                "test",
            )
            .unwrap();
            let after = |value: usize| {
                let (kept, store, reads) = (&kept, &store, &reads);
                s.spawn(move || {
                    kept.get_or(store, "a", || {
                        reads.fetch_add(1, SeqCst);
                        Ok(value)
                    })
                })
            };
            let (second, third) = (after(2), after(3));
            // Both wait for the first's read to end; a request that reads beside it ends on
            // its own read, and the check below tells.
            while kept.waiting.load(SeqCst) < 2 && !second.is_finished() && !third.is_finished() {
                std::thread::yield_now();
            }
            // Read here, asserted once the first is released (a failing assertion before would
            // leave it waiting, and the scope with it).
            let waited = kept.waiting.load(SeqCst);
            release.wait();
            assert_eq!(first.join().unwrap().unwrap(), 1);
            assert_eq!(waited, 2, "both wait for the first's read");
            let got = [second, third].map(|h| h.join().unwrap().unwrap());
            // Not the first's 1, read before the write; one read for both.
            assert!(got == [2, 2] || got == [3, 3], "{got:?}");
            assert_eq!(reads.load(SeqCst), 2);
        });
    }

    #[test]
    fn a_key_being_read_is_read_once_for_the_requests_that_ask_meanwhile() {
        // The second request is given the first's 7, and only one read was made.
        assert_eq!(two_requests_at_once(false), (7, 1));
        // When the first read fails, the second reads for itself: its 8, two reads.
        assert_eq!(two_requests_at_once(true), (8, 2));
    }
}
