//! Finding `../shared/data` (or `$GRDPSIM_SHARED_DATA`).
#![allow(dead_code)]

use std::path::PathBuf;

/// The shared data folder, or `None` (with a message saying why tests skip) when absent.
pub fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("GRDPSIM_SHARED_DATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        PathBuf::from,
    );
    if dir.is_dir() {
        Some(dir)
    } else if std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false") {
        // CI always has the reference data: a missing folder there is a failure, not a skip.
        panic!(
            "reference data folder {} is absent under CI (set GRDPSIM_SHARED_DATA)",
            dir.display()
        );
    } else {
        eprintln!(
            "SKIPPED: reference data folder {} is absent (set GRDPSIM_SHARED_DATA to its path)",
            dir.display()
        );
        None
    }
}

#[cfg(target_os = "linux")]
pub mod memory;
pub mod notation;
pub mod published;
pub mod xlsx;
