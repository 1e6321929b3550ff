//! Excel workbooks: investors' weekly updates in, the template out.
//!
//! Reading uses `calamine` (pure Rust; .xlsx, .xlsm, .xls and .ods, no spreadsheet program
//! needed); the template is written with `rust_xlsxwriter` (pure Rust, the same layout as
//! [`super::TEMPLATE_CSV`]). Every sheet of a workbook is one table in the CSV layouts; a sheet
//! whose name starts with `_` (instructions, notes) is skipped. The whole workbook is one
//! import: all its sheets or nothing.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::Workbook;

use super::{ImportReport, RawTable, Tracker};
use crate::error::{GrdpsimError, Result};
use crate::monitoring::Date;

/// The text of a cell as the CSV reader would see it. Dates (Excel serial numbers) become ISO
/// dates; whole numbers print without a decimal point.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            // Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included).
            let serial = d.as_f64().floor() as i32;
            Date::new(1899, 12, 30)
                .map_or_else(|_| String::new(), |z| z.add_days(serial).to_string())
        }
        Data::Error(e) => format!("#{e:?}"),
    }
}

impl Tracker {
    /// Imports every sheet of a workbook (sheets named `_...` skipped), all or nothing.
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] if the file is not a readable workbook;
    /// [`GrdpsimError::ImportRejected`] listing every bad row by sheet, row and column (nothing
    /// is written); [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn import_workbook(&mut self, path: impl AsRef<Path>, who: &str) -> Result<ImportReport> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let io = |message: String| GrdpsimError::Io {
            path: name.clone(),
            message,
        };
        let mut wb = open_workbook_auto(path).map_err(|e| io(e.to_string()))?;
        let mut tables = Vec::new();
        for sheet in wb.sheet_names() {
            if sheet.starts_with('_') {
                continue;
            }
            let range = wb
                .worksheet_range(&sheet)
                .map_err(|e| io(format!("sheet {sheet}: {e}")))?;
            let first_row = range.start().map_or(0, |(r, _)| r as usize);
            let first_col = range.start().map_or(0, |(_, c)| c as usize);
            let mut rows = range
                .rows()
                .enumerate()
                .filter(|(_, cells)| cells.iter().any(|c| !cell_text(c).is_empty()));
            let Some((_, header)) = rows.next() else {
                continue;
            };
            // Columns left of the range are empty in the sheet: keep positions aligned.
            let pad = |cells: &[Data]| -> Vec<String> {
                std::iter::repeat_n(String::new(), first_col)
                    .chain(cells.iter().map(cell_text))
                    .collect()
            };
            tables.push(RawTable {
                sheet: Some(sheet.clone()),
                header: pad(header),
                rows: rows
                    .map(|(i, cells)| (first_row + i + 1, pad(cells)))
                    .collect(),
            });
        }
        self.import_tables(&name, tables, who)
    }
}

/// Writes the weekly update template as a workbook: a `payments` sheet in the layout of
/// [`super::TEMPLATE_CSV`] and an `_instructions` sheet (skipped on import).
///
/// # Errors
/// [`GrdpsimError::Io`] if the file cannot be written.
pub fn write_template_xlsx(path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let io = |e: rust_xlsxwriter::XlsxError| GrdpsimError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
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
        "Sheets whose name starts with _ are not imported. A file with one bad row is rejected",
        "whole, with every bad row named; importing the same file twice changes nothing.",
    ];
    for (r, line) in lines.iter().enumerate() {
        notes.write_string(r as u32, 0, *line).map_err(io)?;
    }
    wb.save(path).map_err(io)
}
