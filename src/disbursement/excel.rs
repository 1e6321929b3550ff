//! Excel workbooks: investors' weekly updates in, the template out.
//!
//! Reading uses `calamine` (pure Rust, no spreadsheet program needed) cell by cell, within the
//! limits of the `io::workbook` module: `.xlsx` and `.xlsm` (an `.xls` or `.ods` file is refused
//! with a typed error saying to save it as `.xlsx`); the template is written with
//! `rust_xlsxwriter` (pure Rust, the same layout as [`super::TEMPLATE_CSV`]). Every sheet of a workbook is one table in the CSV layouts; a sheet
//! whose name starts with `_` (instructions, notes) is skipped. The whole workbook is one
//! import: all its sheets or nothing.

use std::path::Path;

use rust_xlsxwriter::Workbook;

use super::{ImportReport, Tracker};
use crate::atomic::write_atomically;
use crate::error::{GrdpsimError, Result};
use crate::io::tables::read_workbook;

impl Tracker {
    /// Imports every sheet of a workbook (sheets named `_...` skipped), all or nothing.
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] if the file is not a readable workbook;
    /// [`GrdpsimError::Workbook`] for a part missing or a sheet beyond its layout's limits;
    /// [`GrdpsimError::WorkbookCell`] for a formula without a stored value;
    /// [`GrdpsimError::ImportRejected`] listing every bad row by sheet, row and column (nothing
    /// is written); [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn import_workbook(&mut self, path: impl AsRef<Path>, who: &str) -> Result<ImportReport> {
        let path = path.as_ref();
        let tables = read_workbook(path)?;
        self.import_tables(&path.display().to_string(), tables, who)
    }
}

/// Writes the weekly update template as a workbook: a `payments` sheet in the layout of
/// [`super::TEMPLATE_CSV`] and an `_instructions` sheet (skipped on import), atomically.
///
/// # Errors
/// [`GrdpsimError::Io`] if the file cannot be written.
pub fn write_template_xlsx(path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let io =
        |e: rust_xlsxwriter::XlsxError| GrdpsimError::io_message(path.display(), e.to_string());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("payments").map_err(io)?;
    for (r, line) in super::TEMPLATE_CSV.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(x) if r > 0 => ws.write_number(r, c, x).map_err(io)?,
                _ => ws.write_string(r, c, cell).map_err(io)?,
            };
        }
    }
    ws.set_column_width(0, 14).map_err(io)?;
    ws.set_column_width(1, 14).map_err(io)?;
    let notes = wb.add_worksheet();
    notes.set_name("_instructions").map_err(io)?;
    let lines = [
        "One row per project and week: project code, week ending (YYYY-MM-DD), source (investor",
        "or treasury), amount paid in the week in million VND (triệu đồng), a plain number.",
        "An optional column capital_source (Nguồn vốn) names the capital source paid from; left",
        "out or empty, the project's own. Another source needs the project's plan line in it.",
        "Sheets whose name starts with _ are not imported. A file with one bad row is rejected",
        "whole, with every bad row named; importing the same file twice changes nothing.",
    ];
    for (r, line) in lines.iter().enumerate() {
        notes.write_string(r as u32, 0, *line).map_err(io)?;
    }
    write_atomically(path, &wb.save_to_buffer().map_err(io)?)
}
