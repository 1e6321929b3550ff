//! The long CSV `period,sector,price_basis,<value>` of the national feed.

use std::path::Path;

use crate::error::Result;
use crate::levels::LevelRecord;

use super::{columns::record, io_error, parse_error};

/// Reads a long CSV file: columns `period`, `sector`, `price_basis` (optional: constant prices
/// when absent) and exactly one value column (any other name, e.g. `value_bn_vnd`).
///
/// # Errors
/// [`crate::GrdpsimError::Io`] when the file cannot be read; [`crate::GrdpsimError::Parse`]
/// naming the line for a malformed header, period (or one whose year is outside
/// [`crate::period::YEARS`]), price basis or number.
pub fn read_csv(path: &Path) -> Result<Vec<LevelRecord>> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e))?;
    records_from_csv_str(&path.display().to_string(), &text)
}

/// Like [`read_csv`], from text.
///
/// # Errors
/// See [`read_csv`].
pub fn records_from_csv_str(source_name: &str, text: &str) -> Result<Vec<LevelRecord>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| parse_error(source_name, 1, e.to_string()))?
        .clone();
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let period =
        find("period").ok_or_else(|| parse_error(source_name, 1, "no column \"period\""))?;
    let sector =
        find("sector").ok_or_else(|| parse_error(source_name, 1, "no column \"sector\""))?;
    let basis = find("price_basis");
    let value_columns: Vec<usize> = (0..header.len())
        .filter(|&i| i != period && i != sector && Some(i) != basis)
        .collect();
    let [value] = value_columns[..] else {
        return Err(parse_error(
            source_name,
            1,
            format!(
                "expected exactly one value column besides period, sector, price_basis; found {}",
                value_columns.len()
            ),
        ));
    };
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| parse_error(source_name, line, e.to_string()))?;
        let cell = |k: usize| row.get(k).unwrap_or("");
        let text = cell(value);
        let v: f64 = text.parse().map_err(|_| {
            parse_error(source_name, line, format!("value {text:?} is not a number"))
        })?;
        let b = basis.map_or("constant_2010", cell);
        out.push(record(source_name, line, cell(period), cell(sector), b, v)?);
    }
    Ok(out)
}
