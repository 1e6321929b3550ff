//! Reports people read (báo cáo): one small model of a document, four renderings.
//!
//! A [`Document`] is a title, an optional subtitle and a list of [`Block`]s: headings,
//! paragraphs, notes (bullets), [`Table`]s of typed cells and [`Svg`] images (charts drawn
//! elsewhere, e.g. by matplotlib). The same document renders as plain text
//! ([`Document::to_text`]), Markdown ([`Document::to_markdown`]), one self-contained printable
//! HTML file ([`Document::to_html`]: inline CSS, images as `data:` URIs, nothing fetched) and an
//! Excel workbook ([`Document::write_xlsx`]: numbers with their decimals, frozen header rows,
//! native Excel charts where a table asks for one, written atomically).
//!
//! Tables validate at construction: every row has one cell per column and every number is
//! finite (a figure that is not there is [`Cell::Empty`], never NaN). The text renderings write
//! numbers as the document's language does ([`Lang::number`]: `3.50` in English, `3,50` in
//! Vietnamese); the workbook keeps them numbers, which Excel shows in the reader's locale.
//!
//! ```
//! use grdpsim::document::{Block, Cell, ChartKind, ChartSpec, Column, Document, Table};
//! use grdpsim::lang::Lang;
//!
//! let mut doc = Document::new("Cao Bằng 2025", Lang::Vi);
//! doc.push(Block::Paragraph("Tăng trưởng 6 tháng: 6,56%.".into()));
//! let mut t = Table::new(
//!     "Mục tiêu (%)",
//!     vec![Column::text("Ngành"), Column::number("Cả năm", 2)],
//! );
//! t.push_row(vec![Cell::from("NLTS"), Cell::from(3.5)])?;
//! t.push_row(vec![Cell::from("DV"), Cell::Empty])?;
//! let t = t.with_chart(ChartSpec::new(ChartKind::Column, "Mục tiêu", 0, vec![1]))?;
//! doc.push(Block::Table(t));
//! assert!(doc.to_text().contains("3,50"));
//! assert!(doc.to_markdown().contains("| NLTS | 3,50 |"));
//! assert!(doc.to_html().starts_with("<!DOCTYPE html>"));
//! assert!(Table::new("x", vec![Column::number("a", 2)]).push_row(vec![Cell::from(f64::NAN)]).is_err());
//! # Ok::<(), grdpsim::GrdpsimError>(())
//! ```

use std::path::Path;

use crate::atomic::write_atomically;
use crate::error::{GrdpsimError, Result};
use crate::lang::Lang;

mod html;
mod md;
pub mod pdf;
mod text;
#[cfg(feature = "xlsx")]
mod xlsx;

#[cfg(feature = "web")]
pub(crate) use html::html_escape;

/// How a document is written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    Text,
    Markdown,
    /// One self-contained page (inline CSS, nothing fetched).
    Html,
}

impl TextFormat {
    /// Reads `text` (or `txt`), `md` (or `markdown`) and `html`.
    ///
    /// # Errors
    /// [`GrdpsimError::UnknownOption`] otherwise.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Self::Text),
            "md" | "markdown" => Ok(Self::Markdown),
            "html" => Ok(Self::Html),
            _ => Err(GrdpsimError::UnknownOption {
                option: "format".into(),
                value: s.into(),
                expected: "text, md, html".into(),
            }),
        }
    }
}

/// A report: title, subtitle and blocks in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The title (the HTML page's `<h1>` and `<title>`, the workbook's first line).
    pub title: String,
    /// A line under the title (what, when, which data), if any.
    pub subtitle: Option<String>,
    /// The language the document is written in (the HTML `lang`, the workbook's own labels).
    pub lang: Lang,
    /// The content, in reading order.
    pub blocks: Vec<Block>,
    /// The name of the workbook's first sheet (title, headings, paragraphs, notes): `Report`
    /// (`Báo cáo`) when `None`; a template names it for what it holds (`Instructions`).
    pub front_sheet: Option<String>,
}

/// One piece of a [`Document`].
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading; level 2 is a section, 3 a subsection (the title is level 1).
    Heading {
        /// 2..=4.
        level: u8,
        /// The heading's text.
        text: String,
    },
    /// A paragraph of running text.
    Paragraph(String),
    /// Notes, as a bulleted list.
    Notes(Vec<String>),
    /// A table.
    Table(Table),
    /// An SVG image (a chart).
    Svg(Svg),
}

/// A cell of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, shown as it is.
    Text(String),
    /// A finite number, shown with its column's decimals.
    Number(f64),
    /// Nothing stated.
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Self {
        Cell::Number(x)
    }
}

impl From<Option<f64>> for Cell {
    fn from(x: Option<f64>) -> Self {
        x.map_or(Cell::Empty, Cell::Number)
    }
}

/// A column of a [`Table`]: its header and, for a column of numbers, how many decimals they
/// show (in every rendering, and as the workbook's number format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The header text.
    pub header: String,
    /// Decimals of the column's numbers; None for a text column (numbers in it show 2).
    pub decimals: Option<u8>,
    /// Amounts of money: the text renderings group the thousands ([`Lang::grouped`]).
    pub grouped: bool,
}

impl Column {
    /// A column of text (left-aligned).
    pub fn text(header: impl Into<String>) -> Self {
        Column {
            header: header.into(),
            decimals: None,
            grouped: false,
        }
    }

    /// A column of numbers shown with `decimals` decimals (right-aligned).
    pub fn number(header: impl Into<String>, decimals: u8) -> Self {
        Column {
            header: header.into(),
            decimals: Some(decimals.min(10)),
            grouped: false,
        }
    }

    /// A column of amounts of money: numbers whose thousands the text renderings group as the
    /// language does (`1.705.027,0` in Vietnamese, `1,705,027.0` in English).
    pub fn amount(header: impl Into<String>, decimals: u8) -> Self {
        Column {
            grouped: true,
            ..Self::number(header, decimals)
        }
    }

    fn is_numeric(&self) -> bool {
        self.decimals.is_some()
    }

    /// The cell as a reader of `lang` writes it (`6.56`, `6,56`).
    fn format(&self, cell: &Cell, empty: &str, lang: Lang) -> String {
        match cell {
            Cell::Text(t) => t.clone(),
            Cell::Number(x) if self.grouped => {
                lang.grouped(*x, usize::from(self.decimals.unwrap_or(2)))
            }
            Cell::Number(x) => lang.number(*x, usize::from(self.decimals.unwrap_or(2))),
            Cell::Empty => empty.to_owned(),
        }
    }
}

/// The kind of a native workbook chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical bars, side by side.
    Column,
    /// Vertical bars, stacked.
    StackedColumn,
    /// Horizontal bars.
    Bar,
    /// Lines.
    Line,
}

/// A native chart over a table's columns (the workbook rendering draws it; the other
/// renderings show the table, and an [`Svg`] block when the caller drew one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartSpec {
    /// The chart's kind.
    pub kind: ChartKind,
    /// The chart's title.
    pub title: String,
    /// The column whose cells name the categories (x axis).
    pub categories: usize,
    /// The numeric columns drawn, one series each (named by its header).
    pub values: Vec<usize>,
}

impl ChartSpec {
    /// A chart of `values` columns against the `categories` column.
    pub fn new(
        kind: ChartKind,
        title: impl Into<String>,
        categories: usize,
        values: Vec<usize>,
    ) -> Self {
        ChartSpec {
            kind,
            title: title.into(),
            categories,
            values,
        }
    }
}

/// A table: caption, columns, rows of typed cells, and optionally a native chart and the name
/// of its workbook sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    caption: String,
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
    chart: Option<ChartSpec>,
    sheet: Option<String>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(caption: impl Into<String>, columns: Vec<Column>) -> Self {
        Table {
            caption: caption.into(),
            columns,
            rows: Vec::new(),
            chart: None,
            sheet: None,
        }
    }

    /// Appends a row.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] naming the table, row and column if the row does not
    /// have one cell per column or a number is not finite.
    pub fn push_row(&mut self, cells: Vec<Cell>) -> Result<()> {
        let row = self.rows.len() + 1;
        if cells.len() != self.columns.len() {
            return Err(self.invalid(&format!(
                "row {row} has {} cells for {} columns",
                cells.len(),
                self.columns.len()
            )));
        }
        for (cell, column) in cells.iter().zip(&self.columns) {
            if let Cell::Number(x) = cell {
                if !x.is_finite() {
                    return Err(self.invalid(&format!(
                        "row {row}, column {:?}: {x} is not a finite number (leave the cell \
                         empty when there is no figure)",
                        column.header
                    )));
                }
            }
        }
        self.rows.push(cells);
        Ok(())
    }

    /// The table with a native workbook chart.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] if a column index is out of range, a value column is
    /// not numeric, or there is no value column.
    pub fn with_chart(mut self, chart: ChartSpec) -> Result<Self> {
        let n = self.columns.len();
        if chart.categories >= n {
            return Err(self.invalid(&format!(
                "chart categories column {} out of range (0..{n})",
                chart.categories
            )));
        }
        if chart.values.is_empty() {
            return Err(self.invalid("a chart needs at least one value column"));
        }
        for &v in &chart.values {
            if v >= n || !self.columns[v].is_numeric() {
                return Err(self.invalid(&format!(
                    "chart value column {v} is not a numeric column of the table"
                )));
            }
        }
        self.chart = Some(chart);
        Ok(self)
    }

    /// The table with the name of its workbook sheet (else taken from the caption). Excel's
    /// limits apply: at most 31 characters, none of `[]:*?/\`.
    #[must_use]
    pub fn with_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// The caption.
    pub fn caption(&self) -> &str {
        &self.caption
    }

    /// The columns.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The rows, each with one cell per column.
    pub fn rows(&self) -> &[Vec<Cell>] {
        &self.rows
    }

    /// The native chart, if any.
    pub fn chart(&self) -> Option<&ChartSpec> {
        self.chart.as_ref()
    }

    fn invalid(&self, message: &str) -> GrdpsimError {
        GrdpsimError::invalid_argument("table", format!("{:?}: {message}", self.caption))
    }

    /// Column widths in characters for aligned text.
    fn widths(&self, empty: &str, lang: Lang) -> Vec<usize> {
        self.columns
            .iter()
            .enumerate()
            .map(|(c, col)| {
                self.rows
                    .iter()
                    .map(|r| col.format(&r[c], empty, lang).chars().count())
                    .chain(std::iter::once(col.header.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }
}

/// An SVG image (a chart drawn elsewhere), with the text that stands for it where it cannot be
/// shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Svg {
    markup: String,
    alt: String,
    caption: Option<String>,
}

impl Svg {
    /// An image from SVG markup (as matplotlib's `savefig(format="svg")` writes it).
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] if the text has no `<svg` element.
    pub fn new(svg: impl Into<String>, alt: impl Into<String>) -> Result<Self> {
        let svg = svg.into();
        if !svg.contains("<svg") {
            return Err(GrdpsimError::invalid_argument(
                "svg",
                "the image is not SVG markup (no <svg element)",
            ));
        }
        Ok(Svg {
            markup: svg,
            alt: alt.into(),
            caption: None,
        })
    }

    /// The image with a caption under it.
    #[must_use]
    pub fn with_caption(mut self, caption: impl Into<String>) -> Self {
        self.caption = Some(caption.into());
        self
    }

    /// The text standing for the image.
    pub fn alt(&self) -> &str {
        &self.alt
    }

    /// The caption, if any.
    pub fn caption(&self) -> Option<&str> {
        self.caption.as_deref()
    }

    fn label(&self) -> &str {
        self.caption.as_deref().unwrap_or(&self.alt)
    }
}

impl Document {
    /// An empty document.
    pub fn new(title: impl Into<String>, lang: Lang) -> Self {
        Document {
            title: title.into(),
            subtitle: None,
            lang,
            blocks: Vec::new(),
            front_sheet: None,
        }
    }

    /// Appends a block.
    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }

    /// The tables, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    /// The document as text in `format`.
    pub fn render(&self, format: TextFormat) -> String {
        match format {
            TextFormat::Text => self.to_text(),
            TextFormat::Markdown => self.to_markdown(),
            TextFormat::Html => self.to_html(),
        }
    }

    /// Writes the document as text in `format` (UTF-8), atomically: a temporary file beside
    /// `path` renamed over it, so a failed write leaves an existing file byte-identical.
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] naming the path if the file cannot be written.
    pub fn write(&self, path: impl AsRef<Path>, format: TextFormat) -> Result<()> {
        write_atomically(path.as_ref(), self.render(format).as_bytes())
    }
}
