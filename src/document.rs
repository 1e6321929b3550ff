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

use std::fmt::Write as _;
use std::path::Path;

use crate::atomic::write_atomically;
use crate::error::{GrdpsimError, Result};
use crate::lang::Lang;

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
}

impl Column {
    /// A column of text (left-aligned).
    pub fn text(header: impl Into<String>) -> Self {
        Column {
            header: header.into(),
            decimals: None,
        }
    }

    /// A column of numbers shown with `decimals` decimals (right-aligned).
    pub fn number(header: impl Into<String>, decimals: u8) -> Self {
        Column {
            header: header.into(),
            decimals: Some(decimals.min(10)),
        }
    }

    fn is_numeric(&self) -> bool {
        self.decimals.is_some()
    }

    /// The cell as a reader of `lang` writes it (`6.56`, `6,56`).
    fn format(&self, cell: &Cell, empty: &str, lang: Lang) -> String {
        match cell {
            Cell::Text(t) => t.clone(),
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

    /// Plain text, tables aligned in columns (numbers right-aligned); an image shows as its
    /// caption or alternative text in brackets.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let rule = |s: &str, c: char| c.to_string().repeat(s.chars().count());
        let _ = writeln!(out, "{}\n{}", self.title, rule(&self.title, '='));
        if let Some(s) = &self.subtitle {
            let _ = writeln!(out, "{s}");
        }
        for block in &self.blocks {
            out.push('\n');
            match block {
                Block::Heading { text, .. } => {
                    let _ = writeln!(out, "{text}\n{}", rule(text, '-'));
                }
                Block::Paragraph(p) => {
                    let _ = writeln!(out, "{p}");
                }
                Block::Notes(items) => {
                    for i in items {
                        let _ = writeln!(out, "- {i}");
                    }
                }
                Block::Table(t) => text_table(&mut out, t, self.lang),
                Block::Svg(s) => {
                    let _ = writeln!(
                        out,
                        "[{}: {}]",
                        self.lang.pick("chart", "biểu đồ"),
                        s.label()
                    );
                }
            }
        }
        out
    }

    /// Markdown (GitHub flavour): pipe tables, images as their caption in italics (a Markdown
    /// file cannot hold an SVG without a second file).
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n", md_escape(&self.title));
        if let Some(s) = &self.subtitle {
            let _ = write!(out, "\n*{}*\n", md_escape(s));
        }
        for block in &self.blocks {
            out.push('\n');
            match block {
                Block::Heading { level, text } => {
                    let _ = writeln!(
                        out,
                        "{} {}",
                        "#".repeat(usize::from((*level).clamp(2, 4))),
                        md_escape(text)
                    );
                }
                Block::Paragraph(p) => {
                    let _ = writeln!(out, "{}", md_escape(p));
                }
                Block::Notes(items) => {
                    for i in items {
                        let _ = writeln!(out, "- {}", md_escape(i));
                    }
                }
                Block::Table(t) => md_table(&mut out, t, self.lang),
                Block::Svg(s) => {
                    let _ = writeln!(
                        out,
                        "*[{}: {}]*",
                        self.lang.pick("chart", "biểu đồ"),
                        md_escape(s.label())
                    );
                }
            }
        }
        out
    }

    /// One self-contained HTML page, printable (A4): inline CSS, images embedded as `data:`
    /// URIs, no script, nothing fetched.
    pub fn to_html(&self) -> String {
        let mut out = String::with_capacity(4096);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{HTML_CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            self.lang.code(),
            html_escape(&self.title),
            html_escape(&self.title)
        );
        if let Some(s) = &self.subtitle {
            let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", html_escape(s));
        }
        for block in &self.blocks {
            match block {
                Block::Heading { level, text } => {
                    let l = (*level).clamp(2, 4);
                    let _ = writeln!(out, "<h{l}>{}</h{l}>", html_escape(text));
                }
                Block::Paragraph(p) => {
                    let _ = writeln!(out, "<p>{}</p>", html_escape(p));
                }
                Block::Notes(items) => {
                    out.push_str("<ul class=\"notes\">\n");
                    for i in items {
                        let _ = writeln!(out, "<li>{}</li>", html_escape(i));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Table(t) => html_table(&mut out, t, self.lang),
                Block::Svg(s) => {
                    let _ = write!(
                        out,
                        "<figure><img src=\"data:image/svg+xml;base64,{}\" alt=\"{}\">",
                        base64(s.markup.as_bytes()),
                        html_escape(&s.alt)
                    );
                    if let Some(c) = &s.caption {
                        let _ = write!(out, "<figcaption>{}</figcaption>", html_escape(c));
                    }
                    out.push_str("</figure>\n");
                }
            }
        }
        out.push_str("</body>\n</html>\n");
        out
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

    #[cfg(feature = "xlsx")]
    /// The workbook's bytes (see [`Document::write_xlsx`]).
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] if the workbook cannot be assembled (a sheet name Excel refuses).
    pub fn to_xlsx_bytes(&self) -> Result<Vec<u8>> {
        self.workbook()
            .and_then(|mut wb| wb.save_to_buffer())
            .map_err(|e| GrdpsimError::io_message("workbook", e.to_string()))
    }

    #[cfg(feature = "xlsx")]
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

    #[cfg(feature = "xlsx")]
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

#[cfg(feature = "xlsx")]
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

#[cfg(feature = "xlsx")]
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

fn text_table(out: &mut String, t: &Table, lang: Lang) {
    let widths = t.widths("-", lang);
    let line = |cells: Vec<String>| -> String {
        let parts: Vec<String> = cells
            .into_iter()
            .zip(&widths)
            .zip(&t.columns)
            .map(|((s, &w), col)| {
                if col.is_numeric() {
                    format!("{s:>w$}")
                } else {
                    format!("{s:<w$}")
                }
            })
            .collect();
        parts.join("  ").trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", t.caption);
    let _ = writeln!(
        out,
        "{}",
        line(t.columns.iter().map(|c| c.header.clone()).collect())
    );
    for row in &t.rows {
        let cells = row
            .iter()
            .zip(&t.columns)
            .map(|(x, c)| c.format(x, "-", lang))
            .collect();
        let _ = writeln!(out, "{}", line(cells));
    }
}

fn md_table(out: &mut String, t: &Table, lang: Lang) {
    let _ = writeln!(out, "**{}**\n", md_escape(&t.caption));
    let header: Vec<String> = t.columns.iter().map(|c| md_escape(&c.header)).collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let align: Vec<&str> = t
        .columns
        .iter()
        .map(|c| if c.is_numeric() { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |", align.join(" | "));
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&t.columns)
            .map(|(x, c)| md_escape(&c.format(x, "", lang)))
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

fn html_table(out: &mut String, t: &Table, lang: Lang) {
    let _ = write!(
        out,
        "<table>\n<caption>{}</caption>\n<thead><tr>",
        html_escape(&t.caption)
    );
    for c in &t.columns {
        let class = if c.is_numeric() { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", html_escape(&c.header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (x, c) in row.iter().zip(&t.columns) {
            let class = if matches!(x, Cell::Number(_)) {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<td{class}>{}</td>",
                html_escape(&c.format(x, "", lang))
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

const HTML_CSS: &str = "\
body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;max-width:60em;margin:2em auto;\
padding:0 1em;color:#222;line-height:1.4}\
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #999}\
h3{font-size:1.05em}.subtitle{color:#555;margin-top:0}\
table{border-collapse:collapse;margin:1em 0;font-size:.92em}\
caption{text-align:left;font-weight:bold;padding:.3em 0}\
th,td{border:1px solid #bbb;padding:.2em .5em}th{background:#eee}\
.num{text-align:right;font-variant-numeric:tabular-nums}\
figure{margin:1em 0;text-align:center}figure img{max-width:100%;height:auto}\
figcaption{font-size:.9em;color:#555}\
@page{size:A4;margin:15mm}\
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,figure{break-inside:avoid}}";

/// Escapes text for HTML content and quoted attribute values (the report and the web page).
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Markdown's special characters in running text and table cells, escaped.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\|*_`[]<>#".contains(c) {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Standard base64 (RFC 4648, with padding), for `data:` URIs.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[cfg(feature = "xlsx")]
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
