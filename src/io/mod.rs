//! Loaders for quarterly accounts: the long CSV of the national feed, GSO's SDMX-ML feed, and
//! plain columns (the Python layer's `DataFrame` front end); sector trees from CSV.

mod columns;
mod csv_long;
#[cfg(any(feature = "store", feature = "xlsx"))]
pub(crate) mod names;
mod sdmx;
mod sectors;
#[cfg(feature = "store")]
pub mod tables;
#[cfg(feature = "xlsx")]
pub(crate) mod workbook;

pub use columns::records_from_columns;
pub use csv_long::{read_csv, records_from_csv_str};
pub use sdmx::{read_sdmx, records_from_sdmx_str, MAX_XML_DEPTH};

use crate::error::GrdpsimError;

fn io_error(path: &std::path::Path, e: &std::io::Error) -> GrdpsimError {
    GrdpsimError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

fn parse_error(source_name: &str, line: usize, message: impl Into<String>) -> GrdpsimError {
    GrdpsimError::Parse {
        source_name: source_name.to_owned(),
        line,
        message: message.into(),
    }
}
