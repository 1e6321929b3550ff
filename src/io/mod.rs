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

fn io_error(path: &std::path::Path, e: std::io::Error) -> GrdpsimError {
    GrdpsimError::io(path.display(), e)
}

fn parse_error(source_name: &str, line: usize, message: impl Into<String>) -> GrdpsimError {
    GrdpsimError::Parse {
        source_name: source_name.to_owned(),
        line,
        message: message.into(),
    }
}

/// The line (1-based) of byte `at` of `text`.
pub(crate) fn line_at(text: &str, at: usize) -> usize {
    // Count bytes, not chars: a span need not fall on a char boundary of the text.
    let before = &text.as_bytes()[..at.min(text.len())];
    before.split(|&b| b == b'\n').count()
}

/// A TOML file's error, at its line, with the nearest valid name of an unknown key.
pub(crate) fn toml_error(source_name: &str, text: &str, e: &toml::de::Error) -> GrdpsimError {
    let line = e.span().map_or(0, |s| line_at(text, s.start));
    GrdpsimError::Parse {
        source_name: source_name.to_owned(),
        line,
        message: with_suggestion(e.message()),
    }
}

/// serde's "unknown field `target`, expected one of `year`, ..." with the nearest valid name.
pub(crate) fn with_suggestion(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_owned();
    };
    let Some((unknown, expected)) = rest.split_once('`') else {
        return message.to_owned();
    };
    let nearest = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .min_by_key(|name| edit_distance(unknown, name));
    match nearest {
        Some(name) if edit_distance(unknown, name) <= name.len().max(unknown.len()) / 2 => {
            format!("{message}; did you mean `{name}`?")
        }
        _ => message.to_owned(),
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
