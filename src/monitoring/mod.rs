//! Monitoring a province's year as it happens: the per-province store and the dates it keys on.
//!
//! A [`Store`] is one `SQLite` file (the default; bundled, nothing to install) holding what the
//! province's departments report between statistical releases: public-investment disbursement
//! ([`crate::disbursement`]) now, the monitoring indicators next. It has a versioned schema with
//! a migration runner, write-ahead logging and a busy timeout so that several processes can
//! write, an audit trail of every change, and a marker (`PRAGMA application_id`) so that a file
//! that is not a grdpsim store is refused rather than modified.

mod date;
pub(crate) mod import;
pub(crate) mod store;

pub use date::{days_in_month, Date};
pub use store::{AuditRow, Store, APPLICATION_ID, BUSY_TIMEOUT, SCHEMA_VERSION};
