//! Results of the pages' heaviest reads, kept while the store's data version stays the same
//! (issue 27: the province's status, ranking and S-curve, and an investor's count-down and
//! S-curve, were computed again for every request although nothing had been written).
//!
//! The version ([`SharedStore::data_version`]) is read before the read it labels and changes
//! with every write given back by the writer and every commit of another process, so a kept
//! result is given again only while nothing was written since it was read: a page read after
//! an acknowledged write never shows the store as it was before it.

use std::sync::{Mutex, PoisonError};

use super::prelude::*;
use crate::store::{DataVersion, SharedStore};

/// Results kept for one version of the store at most this many keys (a page's query picks
/// the key, and anyone may ask for many): beyond, the kept ones are dropped.
const KEYS: usize = 64;

/// The results of one kind of read by key (an investor's code, a query), all of one version.
pub(super) struct Kept<V> {
    slot: Mutex<Option<(DataVersion, HashMap<String, V>)>>,
}

impl<V> Default for Kept<V> {
    fn default() -> Self {
        Self {
            slot: Mutex::new(None),
        }
    }
}

impl<V: Clone> Kept<V> {
    /// The result of `read` for `key` on `store`: the one kept if it was read at the store's
    /// present version, else `read`'s, then kept. A version that cannot be read keeps
    /// nothing (the result is read each time).
    pub(super) fn get_or(
        &self,
        store: &SharedStore,
        key: &str,
        read: impl FnOnce() -> Result<V, GrdpsimError>,
    ) -> Result<V, GrdpsimError> {
        let Ok(version) = store.data_version() else {
            return read();
        };
        if let Some((v, kept)) = &*self.lock() {
            if *v == version {
                if let Some(value) = kept.get(key) {
                    return Ok(value.clone());
                }
            }
        }
        let value = read()?;
        let mut slot = self.lock();
        match &mut *slot {
            Some((v, kept)) if *v == version && kept.len() < KEYS => {
                kept.insert(key.to_owned(), value.clone());
            }
            _ => *slot = Some((version, HashMap::from([(key.to_owned(), value.clone())]))),
        }
        Ok(value)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(DataVersion, HashMap<String, V>)>> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
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
}
