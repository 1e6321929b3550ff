//! A view of the province's store for one plan year: what a disbursement
//! [`crate::disbursement::Tracker`] and a [`crate::monitoring::Monitor`] both are before their
//! own parameters (the tracker's payment source, calendar and clock; the monitor's source of
//! disbursement). Each holds one and dereferences to it, so the store's handle, the plan year
//! and the province are read the same way through either.

use super::{SharedStore, StoreGuard};

/// The store's handle with the plan year and the province it is viewed for. Cloning it shares
/// the store.
#[derive(Debug, Clone)]
pub struct StoreView {
    store: SharedStore,
    /// The plan year: every date in the store falls in it (read as a field by the domains'
    /// views).
    pub(crate) year: i32,
    pub(crate) province: String,
}

impl StoreView {
    /// The view of `store` for `province`'s plan `year` (checked by the domain that opens it).
    pub(crate) fn new(store: SharedStore, year: i32, province: String) -> Self {
        Self {
            store,
            year,
            province,
        }
    }

    /// The plan year: every date in the store falls in it.
    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn province(&self) -> &str {
        &self.province
    }

    /// The store, for this caller alone until the guard is dropped (see [`SharedStore::lock`]).
    pub fn store(&self) -> StoreGuard<'_> {
        self.store.lock()
    }

    /// The handle of the store viewed (every view of the same file shares it).
    pub fn shared_store(&self) -> SharedStore {
        self.store.clone()
    }

    /// The same view reading through the store's read-only connections
    /// ([`SharedStore::reading`]).
    #[must_use]
    pub fn reading(&self) -> Self {
        Self {
            store: self.store.reading(),
            ..self.clone()
        }
    }
}
