//! Sector trees from CSV: `code,parent[,name_vi,name_en,aliases,net_taxes]`.

use crate::error::{GrdpsimError, Result};
use crate::sector::{SectorSpec, SectorTree};

impl SectorTree {
    /// Reads a tree from a CSV file with columns `code`, `parent` (empty for the root) and
    /// optionally `name_vi`, `name_en`, `aliases` (separated by `;`), `net_taxes`
    /// (`true`/`false`).
    ///
    /// # Errors
    /// [`GrdpsimError::Io`], [`GrdpsimError::Parse`] naming the line, or the errors of
    /// [`SectorTree::from_specs`].
    pub fn from_csv_file(path: &std::path::Path) -> Result<Self> {
        let text =
            std::fs::read_to_string(path).map_err(|e| GrdpsimError::io(path.display(), e))?;
        Self::from_csv_str(&path.display().to_string(), &text)
    }

    /// Like [`SectorTree::from_csv_file`], from text.
    ///
    /// # Errors
    /// See [`SectorTree::from_csv_file`].
    pub fn from_csv_str(source_name: &str, text: &str) -> Result<Self> {
        let parse_error = |line: usize, message: String| GrdpsimError::Parse {
            source_name: source_name.to_owned(),
            line,
            message,
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| parse_error(1, e.to_string()))?
            .clone();
        let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let code_col = col("code").ok_or_else(|| parse_error(1, "no column \"code\"".into()))?;
        let parent_col =
            col("parent").ok_or_else(|| parse_error(1, "no column \"parent\"".into()))?;
        let mut specs = Vec::new();
        for (i, row) in reader.records().enumerate() {
            let line = i + 2;
            let row = row.map_err(|e| parse_error(line, e.to_string()))?;
            let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("").to_owned();
            let parent = cell(Some(parent_col));
            let net = cell(col("net_taxes")).to_ascii_lowercase();
            specs.push(SectorSpec {
                code: cell(Some(code_col)),
                parent: (!parent.is_empty()).then_some(parent),
                name_vi: cell(col("name_vi")),
                name_en: cell(col("name_en")),
                aliases: cell(col("aliases"))
                    .split(';')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned)
                    .collect(),
                net_taxes: match net.as_str() {
                    "" | "false" | "0" | "no" => false,
                    "true" | "1" | "yes" => true,
                    other => {
                        return Err(parse_error(
                            line,
                            format!("net_taxes {other:?} is not true/false"),
                        ))
                    }
                },
            });
        }
        Self::from_specs(&specs)
    }
}
