//! The workbook rendering (feature `xlsx`): a front sheet, one sheet per table, native charts.

use std::path::Path;

use super::{Block, Cell, ChartKind, Document, Table};
use crate::atomic::write_atomically;
use crate::error::{GrdpsimError, Result};
use crate::lang::Lang;

impl Document {
    /// The workbook's bytes (see [`Document::write_xlsx`]).
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] if the workbook cannot be assembled (a sheet name Excel refuses).
    pub fn to_xlsx_bytes(&self) -> Result<Vec<u8>> {
        self.workbook()
            .and_then(|mut wb| wb.save_to_buffer())
            .map_err(|e| GrdpsimError::io_message("workbook", e.to_string()))
    }

    /// Writes the document as an Excel workbook: a first sheet with the title, subtitle,
    /// headings, paragraphs and notes (and each table's and image's place), then one sheet per
    /// table: caption, bold header row frozen, numbers with their column's decimals as the
    /// cell format, and its native chart beside it. Written atomically: a temporary file
    /// beside `path` renamed over it, so a failed write leaves an existing file byte-identical.
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] naming the path if the workbook cannot be assembled or written.
    pub fn write_xlsx(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let bytes = self.to_xlsx_bytes().map_err(|e| match e {
            GrdpsimError::Io { message, cause, .. } => GrdpsimError::Io {
                path: path.display().to_string(),
                message,
                cause,
            },
            other => other,
        })?;
        write_atomically(path, &bytes)
    }

    fn workbook(
        &self,
    ) -> std::result::Result<rust_xlsxwriter::Workbook, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{Format, Workbook};
        let bold = Format::new().set_bold();
        let title = Format::new().set_bold().set_font_size(14);
        let mut wb = Workbook::new();
        let front = self.front_sheet.as_deref();
        let summary_name = sheet_name(
            front.unwrap_or_else(|| self.lang.pick("Report", "Báo cáo")),
            &[],
        );
        let mut names = vec![summary_name.clone()];
        let tables: Vec<(&Table, String)> = self
            .tables()
            .map(|t| {
                let name = sheet_name(t.sheet.as_deref().unwrap_or(&t.caption), &names);
                names.push(name.clone());
                (t, name)
            })
            .collect();
        let summary = wb.add_worksheet();
        summary.set_name(&summary_name)?;
        summary.set_column_width(0, 100)?;
        summary.write_string_with_format(0, 0, &self.title, &title)?;
        let mut r = 1;
        if let Some(s) = &self.subtitle {
            summary.write_string(r, 0, s)?;
            r += 1;
        }
        let mut next_table = tables.iter();
        for block in &self.blocks {
            match block {
                Block::Heading { text, .. } => {
                    r += 1;
                    summary.write_string_with_format(r, 0, text, &bold)?;
                }
                Block::Paragraph(p) => {
                    summary.write_string(r, 0, p)?;
                }
                Block::Notes(items) => {
                    for i in items {
                        summary.write_string(r, 0, format!("• {i}"))?;
                        r += 1;
                    }
                    continue;
                }
                Block::Table(t) => {
                    let name = next_table.next().map_or("", |(_, n)| n.as_str());
                    let text = format!(
                        "{} → {} '{name}'",
                        t.caption,
                        self.lang.pick("sheet", "trang tính")
                    );
                    summary.write_string(r, 0, text)?;
                }
                Block::Svg(s) => {
                    let text = format!("[{}: {}]", self.lang.pick("chart", "biểu đồ"), s.label());
                    summary.write_string(r, 0, text)?;
                }
            }
            r += 1;
        }
        for (t, name) in &tables {
            table_sheet(wb.add_worksheet(), t, name)?;
        }
        Ok(wb)
    }
}

/// One table's sheet: caption, bold header row (frozen), numbers with their column's format,
/// the native chart to the right.
fn table_sheet(
    ws: &mut rust_xlsxwriter::Worksheet,
    t: &Table,
    name: &str,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Chart, ChartType, Format};
    let bold = Format::new().set_bold();
    ws.set_name(name)?;
    ws.write_string_with_format(0, 0, &t.caption, &bold)?;
    let header = Format::new()
        .set_bold()
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let formats: Vec<Format> = t
        .columns
        .iter()
        .map(|c| match c.decimals {
            Some(0) => Format::new().set_num_format("#,##0"),
            Some(d) => {
                Format::new().set_num_format(format!("#,##0.{}", "0".repeat(usize::from(d))))
            }
            None => Format::new().set_num_format("0.00"),
        })
        .collect();
    for (c, col) in t.columns.iter().enumerate() {
        let c16 = c as u16;
        ws.write_string_with_format(1, c16, &col.header, &header)?;
        // The width of the widest cell as text: the same in either language's notation.
        let width = t
            .widths("", Lang::En)
            .get(c)
            .copied()
            .unwrap_or(8)
            .clamp(8, 60);
        ws.set_column_width(c16, width as f64 + 2.0)?;
    }
    for (i, row) in t.rows.iter().enumerate() {
        let r = i as u32 + 2;
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c as u16, s)?;
                }
                Cell::Number(x) => {
                    ws.write_number_with_format(r, c as u16, *x, &formats[c])?;
                }
                Cell::Empty => {}
            }
        }
    }
    ws.set_freeze_panes(2, 0)?;
    if let (Some(spec), false) = (&t.chart, t.rows.is_empty()) {
        let kind = match spec.kind {
            ChartKind::Column => ChartType::Column,
            ChartKind::StackedColumn => ChartType::ColumnStacked,
            ChartKind::Bar => ChartType::Bar,
            ChartKind::Line => ChartType::Line,
        };
        let mut chart = Chart::new(kind);
        chart.title().set_name(&spec.title);
        let last = t.rows.len() as u32 + 1;
        let cat = spec.categories as u16;
        for &v in &spec.values {
            let v = v as u16;
            chart
                .add_series()
                .set_name((name, 1, v))
                .set_categories((name, 2, cat, last, cat))
                .set_values((name, 2, v, last, v));
        }
        ws.insert_chart(1, t.columns.len() as u16 + 1, &chart)?;
    }
    Ok(())
}

/// A valid, unused sheet name from `wanted`: Excel's forbidden characters replaced, at most 31
/// characters, numbered when taken (names compare without case, as Excel does).
fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let clean = clean.trim().trim_matches('\'');
    let clean = if clean.is_empty() { "Sheet" } else { clean };
    let is_taken = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    let base: String = clean.chars().take(31).collect();
    if !is_taken(&base) {
        return base;
    }
    // taken.len() + 2 candidates cannot all be taken.
    (2..taken.len() + 3)
        .map(|k| {
            let suffix = format!(" ({k})");
            let head: String = clean.chars().take(31 - suffix.len()).collect();
            format!("{head}{suffix}")
        })
        .find(|n| !is_taken(n))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let taken = vec!["Report".to_owned()];
        assert_eq!(sheet_name("report", &taken), "report (2)");
        let long = sheet_name(
            "Growth still required: by sector [pp]? and more words",
            &taken,
        );
        assert!(long.chars().count() <= 31);
        assert!(!long.contains(':') && !long.contains('[') && !long.contains('?'));
        assert_eq!(sheet_name("  ", &taken), "Sheet");
    }
}
