//! Workbooks built to hurt the readers (issue 22): cells far apart, rows out of order, parts
//! missing, formulas without their values, sheets named as people type them. Each of the three
//! readers (the scenario workbook, the disbursement tracker's and the monitoring imports) gives
//! a result or a typed error, within bounded memory and time; before, two cells `A1` and
//! `XFD1048576` made the reader allocate 549,755,813,888 bytes and abort the process.

mod common;
#[path = "disbursement_support/mod.rs"]
mod support;

use std::io::Write;
use std::path::{Path, PathBuf};

#[cfg(target_os = "linux")]
use common::memory::{peak_memory, start_peak_memory};
use common::xlsx::{self, Cell};
use grdpsim::datasets;
use grdpsim::disbursement::Tracker;
use grdpsim::lang::Lang;
use grdpsim::monitoring::Monitor;
use grdpsim::{ErrorKind, GrdpsimError, Result, Scenario};
use support::TempDir;
use unicode_normalization::UnicodeNormalization;

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.0.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The three readers on one file: each result or error, by reader.
fn read_all(path: &Path) -> Vec<(&'static str, Result<()>)> {
    let tracker =
        Tracker::in_memory("x", 2025).and_then(|mut t| t.import_workbook(path, "test").map(|_| ()));
    let monitor =
        Monitor::in_memory("x", 2025).and_then(|mut m| m.import_workbook(path, "test").map(|_| ()));
    let scenario = Scenario::from_xlsx(path, None).map(|_| ());
    vec![
        ("tracker", tracker),
        ("monitor", monitor),
        ("scenario", scenario),
    ]
}

/// A payments sheet, a scenario's targets sheet and a monitoring sheet, each with `extra`.
fn every_layout(extra: &[Cell]) -> Vec<u8> {
    let mut payments = xlsx::PAYMENTS_HEADER.to_vec();
    payments.extend_from_slice(extra);
    let mut targets = vec![Cell::Text("A1", "sector"), Cell::Text("B1", "Y")];
    targets.extend_from_slice(extra);
    let settings = [
        Cell::Text("A1", "key"),
        Cell::Text("B1", "value"),
        Cell::Text("A2", "year"),
        Cell::Number("B2", 2025.0),
    ];
    xlsx::workbook(&[
        ("payments", &payments),
        ("Scenario", &settings),
        ("Targets", &targets),
    ])
}

fn assert_refused(results: &[(&str, Result<()>)], what: &str) {
    for (reader, r) in results {
        match r {
            Err(e @ GrdpsimError::Workbook { part, .. }) => {
                assert_eq!(e.kind(), ErrorKind::Parse);
                assert!(
                    e.to_string().contains(what),
                    "{reader}: {e} does not say {what:?}"
                );
                assert!(!part.is_empty());
            }
            other => panic!("{reader}: expected a Workbook error saying {what:?}, got {other:?}"),
        }
    }
}

/// The tests that measure the process's peak memory: one at a time.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The most the three readers may add to the process's peak memory on a workbook of a few
/// cells: the store's in-memory databases and the sheets' few values, with room to spare.
/// Laying out the cells from `A1` to `XFD4000` took 2.1 GB, to `XFD1048576` 550 GB.
const FEW_CELLS_BYTES: u64 = 64 << 20;

/// A value at `far` beside each layout's header: refused by every reader, naming the cell,
/// before any grid up to it is laid out (the readers' peak memory stays that of a few cells).
#[cfg(target_os = "linux")]
fn refused_before_the_grid(far: &str) {
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let dir = TempDir::new(&format!("hostile-{far}"));
    let path = write(&dir, "far.xlsx", &every_layout(&[Cell::Number(far, 1.0)]));
    let start = start_peak_memory();
    let results = read_all(&path);
    let grew = peak_memory().saturating_sub(start);
    assert_refused(&results, far);
    assert!(
        grew < FEW_CELLS_BYTES,
        "reading three sheets of a few cells grew the peak memory by {} MiB",
        grew >> 20
    );
}

#[test]
#[cfg(target_os = "linux")]
fn two_cells_at_opposite_corners_are_refused_not_allocated() {
    refused_before_the_grid("XFD1048576");
}

#[test]
#[cfg(target_os = "linux")]
fn the_smaller_variant_is_refused_at_once() {
    // A1 + XFD4000 took 2.1 GB and 4.5 s (holding the store's lock).
    refused_before_the_grid("XFD4000");
}

#[test]
fn a_declared_extent_beyond_excels_grid_is_refused() {
    let dir = TempDir::new("hostile-dimension");
    let data = xlsx::sheet_data(&[Cell::Text("A1", "project")]);
    let bytes = xlsx::zip(&xlsx::parts(
        &[("payments", xlsx::worksheet(Some("A1:ZZZZ99999999"), &data))],
        None,
    ));
    let path = write(&dir, "dimension.xlsx", &bytes);
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    let e = t.import_workbook(&path, "test").unwrap_err();
    assert!(matches!(e, GrdpsimError::Workbook { .. }), "{e:?}");
}

#[test]
fn rows_out_of_order_are_read_where_they_are() {
    // <row r="10"> before <row r="1"> asked for 274 GB.
    let dir = TempDir::new("hostile-order");
    let rows = |amount: Cell<'static>| {
        let mut cells = vec![
            Cell::Text("A10", "DA-001"),
            Cell::Text("B10", "2025-07-11"),
            Cell::Text("C10", "investor"),
            amount,
        ];
        cells.extend(xlsx::PAYMENTS_HEADER);
        cells
    };
    let mut good = rows(Cell::Number("D10", 300.0));
    good.extend([
        Cell::Text("A2", "DA-001"),
        Cell::Text("B2", "2025-07-04"),
        Cell::Text("C2", "investor"),
        Cell::Number("D2", 1250.5),
    ]);
    let bytes = xlsx::workbook(&[("payments", &good)]);
    let path = write(&dir, "order.xlsx", &bytes);
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    t.import_csv_str(
        "projects.csv",
        "project,name,investor,capital_source\nDA-001,Road,BQL,NSDP\n",
        "test",
    )
    .unwrap();
    let report = t.import_workbook(&path, "test").unwrap();
    assert_eq!(report.inserted, 2, "{report:?}");
    // Row numbers are the sheet's: a bad row 10 is named row 10.
    let bad = xlsx::workbook(&[("payments", &rows(Cell::Text("D10", "lots")))]);
    let path = write(&dir, "order-bad.xlsx", &bad);
    match t.import_workbook(&path, "test").unwrap_err() {
        GrdpsimError::ImportRejected { problems, .. } => {
            assert_eq!(
                (problems[0].row, problems[0].column.as_str()),
                (10, "amount")
            );
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn a_missing_shared_strings_part_is_a_typed_error_naming_it() {
    let dir = TempDir::new("hostile-sst");
    let cells = [Cell::Shared("A1", 0), Cell::Shared("B1", 1)];
    let data = xlsx::sheet_data(&cells);
    let bytes = xlsx::zip(&xlsx::parts(
        &[
            ("payments", xlsx::worksheet(None, &data)),
            ("Scenario", xlsx::worksheet(None, &data)),
            ("Targets", xlsx::worksheet(None, &data)),
        ],
        None,
    ));
    let path = write(&dir, "no-sst.xlsx", &bytes);
    let results = read_all(&path);
    assert_refused(&results, "xl/sharedStrings.xml");
    for (_, r) in results {
        match r {
            Err(GrdpsimError::Workbook { part, .. }) => assert_eq!(part, "xl/sharedStrings.xml"),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_shared_strings_table_declaring_more_than_it_holds_is_refused() {
    // calamine reserves the declared count before reading one string.
    let dir = TempDir::new("hostile-sst-count");
    let mut parts = xlsx::parts(
        &[(
            "payments",
            xlsx::worksheet(None, &xlsx::sheet_data(&[Cell::Shared("A1", 0)])),
        )],
        Some(&["project"]),
    );
    for (name, bytes) in &mut parts {
        if name == "xl/sharedStrings.xml" {
            *bytes = String::from_utf8(bytes.clone())
                .unwrap()
                .replace("uniqueCount=\"1\"", "uniqueCount=\"100000000000\"")
                .into_bytes();
        }
    }
    let path = write(&dir, "sst-count.xlsx", &xlsx::zip(&parts));
    let results = read_all(&path);
    assert_refused(&results, "declares 100000000000 strings");
}

#[test]
fn a_shared_strings_table_referred_to_by_many_cells_is_read() {
    // `count` is the number of cells that refer to a string, far more than the strings in a
    // workbook of repeated text as rust_xlsxwriter and Excel write them. Read as the number of
    // strings, it refused such a workbook ("declares 90000 strings").
    let dir = TempDir::new("hostile-sst-repeated");
    let strings = [
        "project",
        "week_ending",
        "source",
        "amount",
        "DA-001",
        "investor",
    ];
    let cells = [
        Cell::Shared("A1", 0),
        Cell::Shared("B1", 1),
        Cell::Shared("C1", 2),
        Cell::Shared("D1", 3),
        Cell::Shared("A2", 4),
        Cell::Text("B2", "2025-07-04"),
        Cell::Shared("C2", 5),
        Cell::Number("D2", 1250.5),
    ];
    let mut parts = xlsx::parts(
        &[("payments", xlsx::worksheet(None, &xlsx::sheet_data(&cells)))],
        Some(&strings),
    );
    for (name, bytes) in &mut parts {
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(bytes.clone()).unwrap();
            let changed = text.replacen(r#"count="6""#, r#"count="90000""#, 1);
            assert_ne!(changed, text);
            *bytes = changed.into_bytes();
        }
    }
    let path = write(&dir, "sst-repeated.xlsx", &xlsx::zip(&parts));
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    t.import_csv_str(
        "projects.csv",
        "project,name,investor,capital_source\nDA-001,Road,BQL,NSDP\n",
        "test",
    )
    .unwrap();
    let report = t.import_workbook(&path, "test").unwrap();
    assert_eq!(report.inserted, 1, "{report:?}");
}

fn rewrite(path: &Path, out: &Path, part: &str, change: impl Fn(&str) -> String) {
    let mut parts = xlsx::unzip(&std::fs::read(path).unwrap());
    let mut found = false;
    for (name, bytes) in &mut parts {
        if name == part {
            *bytes = change(std::str::from_utf8(bytes).unwrap()).into_bytes();
            found = true;
        }
    }
    assert!(found, "no part {part}");
    let mut f = std::fs::File::create(out).unwrap();
    f.write_all(&xlsx::zip(&parts)).unwrap();
}

/// The Cao Bằng scenario written as a workbook in `lang`, with its sheet `from` renamed `to`.
fn renamed(dir: &TempDir, lang: Lang, from: &str, to: &str) -> PathBuf {
    let cb = datasets::cao_bang_2025().unwrap();
    let good = dir.0.join(format!("cb-{lang}.xlsx"));
    cb.write_xlsx(&good, lang).unwrap();
    let out = dir.0.join(format!("cb-{lang}-renamed.xlsx"));
    rewrite(&good, &out, "xl/workbook.xml", |xml| {
        let before = format!("name=\"{from}\"");
        assert!(xml.contains(&before), "{xml}");
        xml.replace(&before, &format!("name=\"{to}\""))
    });
    out
}

#[test]
fn a_sheet_named_in_decomposed_unicode_is_read() {
    // "Thực hiện" typed on a Mac (NFD) looks the same and lost every actual: 0 cells instead
    // of 10, and the year at 7.99% (the plan) instead of 7.15% (as it stands).
    let dir = TempDir::new("names-nfd");
    let nfd: String = "Thực hiện".nfd().collect();
    assert_ne!(nfd, "Thực hiện");
    let path = renamed(&dir, Lang::Vi, "Thực hiện", &nfd);
    let cb = datasets::cao_bang_2025().unwrap();
    let back = Scenario::from_xlsx(&path, None).unwrap();
    assert_eq!(back, cb);
    assert!((back.growth("Y", "GRDP").unwrap() - 7.15).abs() < 0.005);
}

#[test]
fn a_sheet_of_a_near_name_is_an_error_suggesting_the_name() {
    let dir = TempDir::new("names-near");
    for (lang, from, to) in [
        (Lang::En, "Actuals", "Actual"),
        (Lang::Vi, "Thực hiện", "Thực hiện (%)"),
        (Lang::En, "Targets", " targets "),
    ] {
        let path = renamed(&dir, lang, from, to);
        match Scenario::from_xlsx(&path, None) {
            // Trimmed and case folded, a name is the same name.
            Ok(s) if to == " targets " => assert_eq!(s, datasets::cao_bang_2025().unwrap()),
            Err(GrdpsimError::WorkbookCell { sheet, message, .. }) => {
                assert_eq!(sheet, to);
                assert!(message.contains(from), "{message}");
            }
            other => panic!("{to}: {other:?}"),
        }
    }
}

#[test]
fn a_formula_without_a_stored_value_is_an_error_naming_its_cell() {
    // `=4*2` as the annual target, never calculated, was read as blank: required growth was
    // then computed against the sectors' 7.99%.
    let dir = TempDir::new("formula");
    let cb = datasets::cao_bang_2025().unwrap();
    let good = dir.0.join("cb.xlsx");
    cb.write_xlsx(&good, Lang::En).unwrap();
    let names = String::from_utf8(
        xlsx::unzip(&std::fs::read(&good).unwrap())
            .into_iter()
            .find(|(n, _)| n == "xl/workbook.xml")
            .unwrap()
            .1,
    )
    .unwrap();
    // The targets sheet's part: sheets are written in order, the instructions first.
    let position = names
        .split("<sheet ")
        .skip(1)
        .position(|s| s.starts_with("name=\"Targets\""))
        .unwrap();
    let part = format!("xl/worksheets/sheet{}.xml", position + 1);
    let out = dir.0.join("formula.xlsx");
    rewrite(&good, &out, &part, |xml| {
        // The first figure of the first sector row (row 2): its value becomes a formula.
        let start = xml.find("<c r=\"C2\"").unwrap();
        let end = start + xml[start..].find("</c>").unwrap() + 4;
        format!("{}<c r=\"C2\"><f>4*2</f></c>{}", &xml[..start], &xml[end..])
    });
    match Scenario::from_xlsx(&out, None).unwrap_err() {
        GrdpsimError::WorkbookCell {
            sheet,
            cell,
            value,
            message,
            ..
        } => {
            assert_eq!(
                (sheet.as_str(), cell.as_str(), value.as_str()),
                ("Targets", "C2", "=4*2")
            );
            assert!(
                message.contains("open and save the workbook in Excel"),
                "{message}"
            );
            assert!(message.contains("mở và lưu tệp bằng Excel"), "{message}");
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn other_spreadsheet_formats_are_refused_with_what_to_do() {
    let dir = TempDir::new("formats");
    let ods = xlsx::zip(&[
        (
            "mimetype".into(),
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        ),
        ("content.xml".into(), b"<office:document-content/>".to_vec()),
    ]);
    let path = write(&dir, "book.xlsx", &ods);
    for (reader, r) in read_all(&path) {
        let e = r.unwrap_err();
        assert!(e.to_string().contains("save it as .xlsx"), "{reader}: {e}");
    }
}

#[test]
fn a_shared_formula_index_past_any_sheet_is_refused() {
    // calamine grows a table to the declared index before reading the next cell.
    let dir = TempDir::new("hostile-si");
    let data = r#"<row r="1"><c r="A1"><f t="shared" si="1000000000000" ref="A1:A2">1</f><v>1</v></c></row>"#;
    for (name, sheet) in [("payments", "payments"), ("scenario", "Targets")] {
        let bytes = xlsx::zip(&xlsx::parts(
            &[
                (sheet, xlsx::worksheet(None, data)),
                ("Scenario", xlsx::worksheet(None, data)),
            ],
            None,
        ));
        let path = write(&dir, &format!("{name}.xlsx"), &bytes);
        for (reader, r) in read_all(&path) {
            let e = r.unwrap_err();
            assert!(
                matches!(e, GrdpsimError::Workbook { .. }),
                "{reader}: {e:?}"
            );
            assert!(
                e.to_string().contains("si=\"1000000000000\""),
                "{reader}: {e}"
            );
        }
    }
}
