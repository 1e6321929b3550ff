//! The store built without the `xlsx` feature (issue 23): a workbook given to an import is
//! refused with an error that names the file and the feature, never skipped. Runs under
//! `cargo test --features store` (the Makefile's rust-test); with `xlsx` there is nothing to test.
#![cfg(not(feature = "xlsx"))]

use grdpsim::monitoring::Monitor;
use grdpsim::GrdpsimError;

#[test]
fn a_workbook_is_refused_by_name() {
    let dir = std::env::temp_dir().join(format!("grdpsim-no-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("indicators.xlsx");
    std::fs::write(&path, b"PK\x03\x04").unwrap();
    let mut m = Monitor::in_memory("Test", 2025).unwrap();
    for result in [
        m.import_file(&path, "test"),
        m.import_workbook(&path, "test"),
    ] {
        match result {
            // grdpsim refused it itself: no operating-system error behind it.
            Err(GrdpsimError::Io {
                path: p,
                message,
                cause: None,
            }) => {
                assert!(p.ends_with("indicators.xlsx"), "{p}");
                assert!(
                    message.contains("`xlsx` feature") && message.contains("CSV"),
                    "{message}"
                );
            }
            other => panic!("expected an Io error naming the feature, got {other:?}"),
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
