//! Records from parallel columns (period, sector, price basis, value).

use crate::error::{GrdpsimError, Result};
use crate::levels::{LevelRecord, PriceBasis};
use crate::period::Quarter;

/// Builds records from parallel columns; `source_name` and row numbers (1-based, as a
/// spreadsheet counts data rows) appear in errors.
///
/// # Errors
/// Columns of different lengths, a period that is not a quarter, an unknown price basis.
pub fn records_from_columns(
    source_name: &str,
    periods: &[String],
    sectors: &[String],
    bases: &[String],
    values: &[f64],
) -> Result<Vec<LevelRecord>> {
    let n = periods.len();
    if sectors.len() != n || bases.len() != n || values.len() != n {
        return Err(GrdpsimError::invalid_argument(
            "columns",
            format!(
                "{source_name}: columns differ in length (period {n}, sector {}, price_basis {}, value {})",
                sectors.len(),
                bases.len(),
                values.len()
            ),
        ));
    }
    (0..n)
        .map(|i| {
            record(
                source_name,
                i + 1,
                &periods[i],
                &sectors[i],
                &bases[i],
                values[i],
            )
        })
        .collect()
}

pub(super) fn record(
    source_name: &str,
    row: usize,
    period: &str,
    sector: &str,
    basis: &str,
    value: f64,
) -> Result<LevelRecord> {
    let quarter: Quarter = period
        .parse()
        .map_err(|e: GrdpsimError| super::parse_error(source_name, row, e.to_string()))?;
    let basis = PriceBasis::parse(basis)
        .map_err(|e: GrdpsimError| super::parse_error(source_name, row, e.to_string()))?;
    Ok(LevelRecord {
        quarter,
        sector: sector.trim().to_owned(),
        basis,
        value,
    })
}
