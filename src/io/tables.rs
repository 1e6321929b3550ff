//! Raw tables read from CSV files and workbooks: a header and rows of text cells, each row with
//! the number a spreadsheet shows. Every store import (disbursement, monitoring, the web page's
//! uploads) reads its files through these before it validates a row.

use std::path::Path;

#[cfg(feature = "xlsx")]
use calamine::Data;

use crate::error::{GrdpsimError, Result};
use crate::io::names::name_key;
#[cfg(feature = "xlsx")]
use crate::io::workbook::{cell_text, Limits, Workbook};

/// A table as read from a file: a header and rows of text cells, each row with the number a
/// spreadsheet shows (the header is row 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    /// The sheet of a workbook; `None` for CSV.
    pub sheet: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// A header as the layouts compare it: each name trimmed, without a byte-order mark, in
/// [`name_key`] form.
pub(crate) fn normalise_header(header: &[String]) -> Vec<String> {
    header
        .iter()
        .map(|h| name_key(h.trim().trim_start_matches('\u{feff}')))
        .collect()
}

/// Reads a CSV file into a [`RawTable`] (UTF-8, comma-separated, header on the first line).
pub(crate) fn read_csv_text(name: &str, text: &str) -> Result<RawTable> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| GrdpsimError::Parse {
            source_name: name.to_owned(),
            line: 1,
            message: e.to_string(),
        })?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    // One record read into again and again (issue 27: no buffers a row besides its cells).
    let mut rec = csv::StringRecord::new();
    for i in 0.. {
        let more = reader
            .read_record(&mut rec)
            .map_err(|e| GrdpsimError::Parse {
                source_name: name.to_owned(),
                line: i + 2,
                message: e.to_string(),
            })?;
        if !more {
            break;
        }
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = rec.position().map_or(i + 2, |p| p.line() as usize);
        rows.push((line, rec.iter().map(str::to_owned).collect()));
    }
    Ok(RawTable {
        sheet: None,
        header,
        rows,
    })
}

/// The sheets an import reads: the widest layout (obstacles) has nine columns, a year of a
/// province's weekly payments some hundred thousand cells.
#[cfg(feature = "xlsx")]
const IMPORT_LIMITS: Limits = Limits {
    columns: 32,
    rows: 1_048_576,
    cells: 1_000_000,
};

/// Reads every sheet of a workbook (sheets named `_...`, instructions and notes, skipped) as
/// tables in the CSV layouts, each sheet within [`IMPORT_LIMITS`].
///
/// # Errors
/// [`GrdpsimError::Io`] for a file that is not a readable workbook;
/// [`GrdpsimError::Workbook`] for a package or sheet that cannot be read safely;
/// [`GrdpsimError::WorkbookCell`] for a formula without a stored value.
#[cfg(feature = "xlsx")]
pub(crate) fn read_workbook(path: &Path) -> Result<Vec<RawTable>> {
    let name = path.display().to_string();
    tables_of(&name, Workbook::open(path, &name)?)
}

/// As [`read_workbook`], for a workbook held in memory (an upload), named `name` in errors.
///
/// # Errors
/// As [`read_workbook`].
#[cfg(feature = "web")]
pub(crate) fn read_workbook_bytes(name: &str, bytes: Vec<u8>) -> Result<Vec<RawTable>> {
    tables_of(name, Workbook::from_bytes(name, bytes)?)
}

#[cfg(feature = "xlsx")]
fn tables_of(name: &str, mut wb: Workbook) -> Result<Vec<RawTable>> {
    let mut tables = Vec::new();
    for sheet in wb.sheet_names() {
        if sheet.starts_with('_') {
            continue;
        }
        let cells = wb.sheet(&sheet, IMPORT_LIMITS)?;
        let text =
            |cells: Vec<&Data>| -> Vec<String> { cells.into_iter().map(cell_text).collect() };
        let mut rows = cells
            .rows(name)?
            .into_iter()
            .filter(|(_, cells)| cells.iter().any(|c| !cell_text(c).is_empty()));
        let Some((_, header)) = rows.next() else {
            continue;
        };
        tables.push(RawTable {
            sheet: Some(sheet.clone()),
            header: text(header),
            rows: rows.map(|(r, cells)| (r + 1, text(cells))).collect(),
        });
    }
    Ok(tables)
}

/// Without the `xlsx` feature a workbook is refused by name, never skipped.
#[cfg(not(feature = "xlsx"))]
pub(crate) fn read_workbook(path: &Path) -> Result<Vec<RawTable>> {
    Err(GrdpsimError::io_message(
        path.display(),
        "reading workbooks needs grdpsim's `xlsx` feature: save the sheets as CSV \
         files, or build grdpsim with `--features xlsx`",
    ))
}

/// Reads a CSV file from disk.
pub(crate) fn read_csv_file(path: &Path) -> Result<RawTable> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| GrdpsimError::io(&name, e))?;
    read_csv_text(&name, &text)
}

impl RawTable {
    /// A table built in code (the embedded examples): rows numbered as a spreadsheet would.
    pub(crate) fn from_rows(
        sheet: Option<String>,
        header: &[&str],
        rows: Vec<Vec<String>>,
    ) -> Self {
        Self {
            sheet,
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, r)| (i + 2, r))
                .collect(),
        }
    }
}
