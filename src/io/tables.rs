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
/// A large text without quotes (whose every line is then a row: a week's payments file,
/// 100,000 rows) is read in two halves, the second on another thread (issue 27).
pub(crate) fn read_csv_text(name: &str, text: &str) -> Result<RawTable> {
    let half = second_half(text);
    let first = half.map_or(text, |at| &text[..at]);
    let mut reader = csv_reader(first, true);
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
    let rows = match half {
        None => csv_rows(name, reader, 0)?,
        Some(at) => {
            let second = &text[at..];
            let before = first.bytes().filter(|&b| b == b'\n').count();
            let second_rows = || csv_rows(name, csv_reader(second, false), before);
            let (rows, more) = std::thread::scope(|scope| {
                let other = std::thread::Builder::new()
                    .spawn_scoped(scope, second_rows)
                    .ok();
                let rows = csv_rows(name, reader, 0);
                let more = match other {
                    Some(thread) => thread
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    None => second_rows(),
                };
                (rows, more)
            });
            let mut rows = rows?;
            rows.extend(more?);
            rows
        }
    };
    Ok(RawTable {
        sheet: None,
        header,
        rows,
    })
}

/// A reader of CSV `text` as an import reads it (rows of any length), with a header or not.
fn csv_reader(text: &str, header: bool) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(header)
        .from_reader(text.as_bytes())
}

/// From how many bytes a CSV text is read in two halves.
const HALVED_FROM: usize = 1 << 20;

/// Where the second half of a large CSV text without quotes starts: after the line end
/// nearest its middle (every line end of such a text ends a row); None for a small text, one
/// with a quote (a quoted cell may hold a line end) or one without a line end after its
/// middle.
fn second_half(text: &str) -> Option<usize> {
    if text.len() < HALVED_FROM || text.contains('"') {
        return None;
    }
    // Looked for in the bytes: the middle may fall inside a character (a Vietnamese name),
    // and the byte after a line end always starts one.
    let middle = text.len() / 2;
    let at = middle + text.as_bytes()[middle..].iter().position(|&b| b == b'\n')? + 1;
    (at < text.len()).then_some(at)
}

/// The rows of `reader` (blank rows skipped), each with its line number: its line in the
/// reader's text after `before` lines of the file.
fn csv_rows(
    name: &str,
    mut reader: csv::Reader<&[u8]>,
    before: usize,
) -> Result<Vec<(usize, Vec<String>)>> {
    let first = if reader.has_headers() { 2 } else { 1 };
    let mut rows = Vec::new();
    // One record read into again and again (issue 27: no buffers a row besides its cells).
    let mut rec = csv::StringRecord::new();
    for i in 0.. {
        let more = reader
            .read_record(&mut rec)
            .map_err(|e| GrdpsimError::Parse {
                source_name: name.to_owned(),
                line: before + i + first,
                message: e.to_string(),
            })?;
        if !more {
            break;
        }
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = rec.position().map_or(i + first, |p| p.line() as usize);
        rows.push((before + line, rec.iter().map(str::to_owned).collect()));
    }
    Ok(rows)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    /// A large file without quotes is read in two halves: every row once, in order, with its
    /// own line number (blank lines skipped and counted) and its cells, whichever half it is in.
    #[test]
    fn a_large_file_read_in_halves_keeps_every_row_and_its_line() {
        let mut text = String::from("project,week_ending,source,amount\r\n");
        let mut want = Vec::new();
        let mut line = 1;
        for i in 0..40_000 {
            line += 1;
            if i % 997 == 0 {
                text.push_str(" , ,\n");
                continue;
            }
            let cells = if i % 3 == 0 {
                vec![format!("P{i}"), "2025-01-03".to_owned()]
            } else {
                vec![
                    format!("P{i}"),
                    "2025-01-03".to_owned(),
                    "treasury".to_owned(),
                    i.to_string(),
                ]
            };
            writeln!(text, "{}", cells.join(",")).unwrap();
            want.push((line, cells));
        }
        assert!(second_half(&text).is_some(), "{} bytes", text.len());
        let t = read_csv_text("big.csv", &text).unwrap();
        assert_eq!(t.header, ["project", "week_ending", "source", "amount"]);
        assert_eq!(t.rows.len(), want.len());
        assert_eq!(t.rows, want);
        // Its middle inside a character: split after the next line end all the same.
        let wide = format!(
            "project,name\n{}",
            "P1,Dự án đường Đông Khê\n".repeat(60_000)
        );
        let mut inside = 0;
        for shift in 0..64 {
            let text = format!("{}{wide}", "x".repeat(shift));
            let middle = text.len() / 2;
            inside += usize::from(!text.is_char_boundary(middle));
            let at = second_half(&text).unwrap();
            assert!(
                at > middle && text.as_bytes()[at - 1] == b'\n',
                "shift {shift}"
            );
        }
        assert!(inside > 0);
        assert_eq!(read_csv_text("wide.csv", &wide).unwrap().rows.len(), 60_000);
        // With a quote it is read in one pass, to the same rows.
        let quoted = text.replacen("P1,", "\"P1\",", 1);
        assert!(second_half(&quoted).is_none());
        assert_eq!(read_csv_text("big.csv", &quoted).unwrap().rows, want);
    }
}
