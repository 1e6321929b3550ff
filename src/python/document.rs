//! Reports for people (`grdpsim.document.Document`): the core's [`Document`] built from Python
//! (tables from data frames, charts from matplotlib) and rendered as text, Markdown, HTML or a
//! workbook.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};

use crate::document::{
    Block, Cell, ChartKind, ChartSpec, Column, Document, Svg, Table, TextFormat,
};
use crate::error::GrdpsimError;
use crate::lang::Lang;
use crate::period::Period;
use crate::reports::tracking::wording::{self, Sentence};
use crate::scenario::Policy;

use super::reports::PyFeasibility;
use super::scenario::PyScenario;

/// A report under construction: blocks appended in reading order, then rendered.
#[pyclass(name = "Document", module = "grdpsim._core")]
pub struct PyDocument {
    pub inner: Document,
}

fn invalid(name: &str, message: String) -> PyErr {
    GrdpsimError::invalid_argument(name, message).into()
}

fn cell(value: &Bound<'_, PyAny>, row: usize, column: usize) -> PyResult<Cell> {
    if value.is_none() {
        Ok(Cell::Empty)
    } else if let Ok(s) = value.cast::<PyString>() {
        Ok(Cell::Text(s.to_cow()?.into_owned()))
    } else if value.is_instance_of::<PyBool>() {
        Err(invalid(
            "rows",
            format!("row {row}, column {column}: a bool is neither text nor a number"),
        ))
    } else if value.is_instance_of::<PyFloat>() || value.is_instance_of::<PyInt>() {
        Ok(Cell::Number(value.extract::<f64>()?))
    } else {
        // numpy scalars and the like: a number if they say so, else refused.
        value.extract::<f64>().map(Cell::Number).map_err(|_| {
            invalid(
                "rows",
                format!(
                    "row {row}, column {column}: {} is neither text, a number nor None",
                    value
                        .get_type()
                        .name()
                        .map_or_else(|_| "?".into(), |n| n.to_string())
                ),
            )
        })
    }
}

#[pymethods]
impl PyDocument {
    #[new]
    #[pyo3(signature = (title, *, lang=None, subtitle=None, front_sheet=None))]
    fn new(
        py: Python<'_>,
        title: String,
        lang: Option<&str>,
        subtitle: Option<String>,
        front_sheet: Option<String>,
    ) -> PyResult<Self> {
        let mut inner = Document::new(title, lang_or_session(py, lang)?);
        inner.subtitle = subtitle;
        inner.front_sheet = front_sheet;
        Ok(PyDocument { inner })
    }

    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    #[getter]
    fn subtitle(&self) -> Option<&str> {
        self.inner.subtitle.as_deref()
    }

    #[getter]
    fn lang(&self) -> &'static str {
        self.inner.lang.code()
    }

    /// The headings, in order (for tests and tables of contents).
    #[getter]
    fn headings(&self) -> Vec<String> {
        self.inner
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[pyo3(signature = (text, level=2))]
    fn heading(&mut self, text: String, level: u8) -> PyResult<()> {
        if !(2..=4).contains(&level) {
            return Err(invalid("level", format!("{level} is not 2, 3 or 4")));
        }
        self.inner.push(Block::Heading { level, text });
        Ok(())
    }

    fn paragraph(&mut self, text: String) {
        self.inner.push(Block::Paragraph(text));
    }

    fn notes(&mut self, items: Vec<String>) {
        self.inner.push(Block::Notes(items));
    }

    #[pyo3(signature = (caption, columns, rows, *, chart=None, chart_title=None, chart_categories=0, chart_values=None, sheet=None))]
    #[allow(clippy::too_many_arguments)] // keyword arguments, each optional
    fn table(
        &mut self,
        caption: String,
        columns: Vec<(String, Option<u8>)>,
        rows: Vec<Vec<Bound<'_, PyAny>>>,
        chart: Option<&str>,
        chart_title: Option<String>,
        chart_categories: usize,
        chart_values: Option<Vec<usize>>,
        sheet: Option<String>,
    ) -> PyResult<()> {
        let columns: Vec<Column> = columns
            .into_iter()
            .map(|(h, d)| match d {
                Some(d) => Column::number(h, d),
                None => Column::text(h),
            })
            .collect();
        let numeric: Vec<usize> = (0..columns.len())
            .filter(|&c| columns[c].decimals.is_some())
            .collect();
        let mut t = Table::new(caption.clone(), columns);
        for (r, row) in rows.iter().enumerate() {
            let cells = row
                .iter()
                .enumerate()
                .map(|(c, v)| cell(v, r + 1, c))
                .collect::<PyResult<Vec<Cell>>>()?;
            t.push_row(cells)?;
        }
        if let Some(kind) = chart {
            let kind = match kind {
                "column" => ChartKind::Column,
                "stacked_column" => ChartKind::StackedColumn,
                "bar" => ChartKind::Bar,
                "line" => ChartKind::Line,
                other => {
                    return Err(GrdpsimError::UnknownOption {
                        option: "chart".into(),
                        value: other.into(),
                        expected: "column, stacked_column, bar, line".into(),
                    }
                    .into())
                }
            };
            let values = chart_values.unwrap_or(numeric);
            let title = chart_title.unwrap_or(caption);
            t = t.with_chart(ChartSpec::new(kind, title, chart_categories, values))?;
        }
        if let Some(s) = sheet {
            t = t.with_sheet(s);
        }
        self.inner.push(Block::Table(t));
        Ok(())
    }

    #[pyo3(signature = (svg, alt, caption=None))]
    fn svg(&mut self, svg: String, alt: String, caption: Option<String>) -> PyResult<()> {
        let mut image = Svg::new(svg, alt)?;
        if let Some(c) = caption {
            image = image.with_caption(c);
        }
        self.inner.push(Block::Svg(image));
        Ok(())
    }

    /// Appends the scenario's input sheets (settings, targets, actuals, base levels), which
    /// `Scenario.from_xlsx` reads back.
    #[pyo3(signature = (scenario, lang=None))]
    fn scenario_tables(
        &mut self,
        py: Python<'_>,
        scenario: &PyScenario,
        lang: Option<&str>,
    ) -> PyResult<()> {
        for t in scenario.inner.workbook_tables(lang_or_session(py, lang)?)? {
            self.inner.push(Block::Table(t));
        }
        Ok(())
    }

    fn to_text(&self) -> String {
        self.inner.to_text()
    }

    fn to_markdown(&self) -> String {
        self.inner.to_markdown()
    }

    fn to_html(&self) -> String {
        self.inner.to_html()
    }

    fn write_xlsx(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
        py.detach(|| self.inner.write_xlsx(&path))?;
        Ok(())
    }

    /// Writes the document as PDF: the HTML page printed by the headless browser
    /// (`document::pdf`), atomically.
    fn write_pdf(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
        py.detach(|| self.inner.write_pdf(&path))?;
        Ok(())
    }

    /// Writes the document as `text`, `md` or `html`, atomically.
    fn write(&self, py: Python<'_>, path: std::path::PathBuf, format: &str) -> PyResult<()> {
        let format = TextFormat::parse(format)?;
        py.detach(|| self.inner.write(&path, format))?;
        Ok(())
    }

    fn __repr__(&self) -> String {
        format!(
            "Document({:?}, lang={}, {} blocks, {} tables)",
            self.inner.title,
            self.inner.lang,
            self.inner.blocks.len(),
            self.inner.tables().count()
        )
    }
}

/// A period label as people read it in `lang` (`Quý III/2025`, `6 tháng`): the label within
/// `year` when one is given, else the full label; any accepted form in.
#[pyfunction]
#[pyo3(signature = (text, lang=None, year=None))]
fn period_label(
    py: Python<'_>,
    text: &str,
    lang: Option<&str>,
    year: Option<i32>,
) -> PyResult<String> {
    let lang = lang_or_session(py, lang)?;
    Ok(match year {
        Some(y) => Period::parse_in_year(text, y)?.short_label_in(lang),
        None => text.parse::<Period>()?.label(lang),
    })
}

/// How to fill a scenario workbook, one line each, in `lang`.
#[pyfunction]
#[pyo3(signature = (lang=None))]
fn workbook_instructions(py: Python<'_>, lang: Option<&str>) -> PyResult<Vec<String>> {
    Ok(crate::scenario::excel::instructions(lang_or_session(
        py, lang,
    )?))
}

/// `lang` checked (`en` or `vi`), or the session's language (`grdpsim.set_language`) when
/// None, so that what the core writes for people follows the session as the package does.
pub(crate) fn lang_or_session(py: Python<'_>, lang: Option<&str>) -> PyResult<Lang> {
    if let Some(code) = lang {
        return Ok(code.parse()?);
    }
    let code: String = py
        .import("grdpsim._lang")?
        .call_method0("get_language")?
        .extract()?;
    Ok(code.parse()?)
}

/// The report's words for table columns, row labels and policies, from the core's one catalog
/// (`grdpsim::reports::tracking::wording`): (name, English, Vietnamese) each.
#[pyfunction]
fn report_labels() -> ReportLabels {
    let policies = [Policy::SectorTargets, Policy::Uniform, Policy::Proportional]
        .into_iter()
        .map(|p| {
            (
                p.label(),
                wording::policy(p, Lang::En),
                wording::policy(p, Lang::Vi),
            )
        })
        .collect();
    (wording::COLUMNS.to_vec(), wording::ROWS.to_vec(), policies)
}

type Labels = Vec<(&'static str, &'static str, &'static str)>;
type ReportLabels = (Labels, Labels, Labels);

/// The sentence of the growth still required, in `lang`, from the figures of a
/// `RequiredGrowth`.
#[pyfunction]
#[allow(clippy::too_many_arguments)] // the sentence's figures, each named
fn required_line(
    py: Python<'_>,
    lang: Option<&str>,
    remaining: &str,
    target_pct: f64,
    policy: &str,
    total: &str,
    growth_pct: f64,
    feasibility: &PyFeasibility,
) -> PyResult<String> {
    let sentence = Sentence::Required {
        remaining,
        target_pct,
        policy: policy.parse()?,
        total,
        growth_pct,
        feasibility: feasibility.inner,
    };
    Ok(sentence.text(lang_or_session(py, lang)?))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDocument>()?;
    m.add_function(wrap_pyfunction!(period_label, m)?)?;
    m.add_function(wrap_pyfunction!(report_labels, m)?)?;
    m.add_function(wrap_pyfunction!(required_line, m)?)?;
    m.add_function(wrap_pyfunction!(workbook_instructions, m)?)
}
