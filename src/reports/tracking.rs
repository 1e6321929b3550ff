//! The tracking report of a scenario (báo cáo theo dõi kịch bản tăng trưởng), for the
//! committee meeting: the official gap first, the scenario's notes, the stated targets and
//! their consistency, the derived quarterly targets, the actual growth, the gap by sector in
//! points of GRDP and the growth still required, as one [`Document`] in English or Vietnamese
//! (text, Markdown and HTML in every build, the workbook with feature `xlsx`).
//!
//! The words live in one catalog of typed messages ([`wording`]); the builder passes figures.
//! Charts are SVG images drawn elsewhere ([`TrackingCharts`]: matplotlib in the Python
//! package), placed where the report shows them; the workbook draws its own native charts of
//! the gap and of the required growth.
//!
//! ```
//! use grdpsim::lang::Lang;
//! use grdpsim::reports::tracking::{tracking_report, TrackingOptions};
//!
//! let cb = grdpsim::datasets::cao_bang_2025()?;
//! let doc = tracking_report(&cb, &TrackingOptions::new(Lang::Vi))?;
//! let text = doc.to_text();
//! assert!(text.contains("6 tháng: GRDP tăng 6,56%, mục tiêu 7,60%: thấp hơn kịch bản 1,04"));
//! let en = tracking_report(&cb, &TrackingOptions::new(Lang::En))?.to_markdown();
//! assert!(en.contains("H1: GRDP 6.56% against the stated target 7.60%: 1.04 pp below"));
//! # Ok::<(), grdpsim::GrdpsimError>(())
//! ```

pub mod wording;

use crate::document::{Block, Cell, ChartKind, ChartSpec, Column, Document, Svg, Table};
use crate::error::Result;
use crate::lang::Lang;
use crate::period::Period;
use crate::scenario::{
    Policy, RequiredGrowth, RequiredOptions, Scenario, Source, TargetSource,
    CONSISTENCY_TOLERANCE_PP,
};

use wording::{column, row_label, Sentence, Text};

/// Charts drawn elsewhere, as SVG markup (matplotlib's `savefig(format="svg")`), for the
/// report to place: the gap step by step, planned against required growth, and the quarters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingCharts {
    /// The official gap as a waterfall over the known quarters.
    pub gap: String,
    /// Planned against required growth by sector.
    pub required: String,
    /// Targets and the year as it stands, quarter by quarter.
    pub quarters: String,
}

/// What the tracking report is built with.
#[derive(Debug, Clone)]
pub struct TrackingOptions {
    /// The language of the report.
    pub lang: Lang,
    /// How the growth still required is computed (target, policy, spread, locks, caps).
    pub required: RequiredOptions,
    /// The charts to place, if any (the report reads as well without them).
    pub charts: Option<TrackingCharts>,
}

impl TrackingOptions {
    /// A report in `lang`, the growth required under the uniform policy, no charts.
    #[must_use]
    pub fn new(lang: Lang) -> Self {
        TrackingOptions {
            lang,
            required: RequiredOptions::new(Policy::Uniform),
            charts: None,
        }
    }

    /// The options with the required growth computed with `required`.
    #[must_use]
    pub fn required(mut self, required: RequiredOptions) -> Self {
        self.required = required;
        self
    }

    /// The options with these charts placed.
    #[must_use]
    pub fn charts(mut self, charts: TrackingCharts) -> Self {
        self.charts = Some(charts);
        self
    }
}

/// The period the first `k` quarters make, as a label within the year: `Q1`, `H1`, `9M`, `Y`.
#[must_use]
pub fn cumulative_label(k: usize) -> &'static str {
    match k {
        0 | 1 => "Q1",
        2 => "H1",
        3 => "9M",
        _ => "Y",
    }
}

/// The tracking report of `sc` as a document.
///
/// # Errors
/// What [`Scenario::required_growth`] refuses in `options.required` (an unknown sector to
/// lock or cap, a target that looks like a fraction), and [`GrdpsimError::InvalidArgument`]
/// if a chart is not SVG markup.
///
/// [`GrdpsimError::InvalidArgument`]: crate::GrdpsimError::InvalidArgument
pub fn tracking_report(sc: &Scenario, options: &TrackingOptions) -> Result<Document> {
    Report::new(sc, options.lang).build(options)
}

/// The scenario and language every section reads.
struct Report<'a> {
    sc: &'a Scenario,
    lang: Lang,
    total: &'a str,
    doc: Document,
}

impl<'a> Report<'a> {
    fn new(sc: &'a Scenario, lang: Lang) -> Self {
        let total = sc.tree().code(sc.tree().root());
        let title = sc.name().map_or_else(
            || Sentence::Title { year: sc.year() }.text(lang),
            str::to_owned,
        );
        let mut doc = Document::new(title, lang);
        doc.subtitle = Some(
            Sentence::Subtitle {
                total,
                target_pct: sc.annual_target_pct(),
                known_quarters: sc.elapsed_quarters(),
            }
            .text(lang),
        );
        Report {
            sc,
            lang,
            total,
            doc,
        }
    }

    fn build(mut self, options: &TrackingOptions) -> Result<Document> {
        let k = self.sc.elapsed_quarters();
        let year = self.sc.year();
        let mut periods = (1..=k)
            .map(|q| quarter(year, q))
            .collect::<Result<Vec<Period>>>()?;
        if k > 1 {
            periods.push(Period::new(year, 1, quarter_number(k))?);
        }
        if k > 0 {
            self.official_gap(&periods)?;
        }
        let notes: Vec<String> = self
            .sc
            .notes_in(self.lang)
            .into_iter()
            .map(str::to_owned)
            .collect();
        if !notes.is_empty() {
            self.heading(Text::Notes);
            self.doc.push(Block::Notes(notes));
        }
        self.targets()?;
        self.assignment()?;
        self.consistency()?;
        self.derived()?;
        if k == 0 {
            self.paragraph(Text::Nothing.text(self.lang).to_owned());
            return Ok(self.doc);
        }
        let charts = options.charts.as_ref();
        self.actuals(&periods)?;
        self.gap(k, charts)?;
        let rq = self.sc.required_growth(&options.required)?;
        self.required(&rq, charts)?;
        Ok(self.doc)
    }

    fn heading(&mut self, text: Text) {
        self.doc.push(Block::Heading {
            level: 2,
            text: text.text(self.lang).to_owned(),
        });
    }

    fn paragraph(&mut self, text: String) {
        self.doc.push(Block::Paragraph(text));
    }

    fn chart(&mut self, markup: &str, caption: Text) -> Result<()> {
        let caption = caption.text(self.lang);
        let svg = Svg::new(markup, caption)?.with_caption(caption);
        self.doc.push(Block::Svg(svg));
        Ok(())
    }

    /// A column's header in the report's language, naming the total as the scenario does
    /// (GDP on national accounts).
    fn header(&self, name: &str) -> String {
        let header = column(name, self.lang);
        if self.total == "GRDP" {
            header
        } else {
            header.replace("GRDP", self.total)
        }
    }

    fn official_gap(&mut self, periods: &[Period]) -> Result<()> {
        let mut ordered = periods.to_vec();
        ordered.sort_by_key(|p| (p.last(), p.last() - p.first()));
        let mut lines = Vec::with_capacity(ordered.len());
        for p in ordered {
            let gap = self.sc.gap(p)?;
            let row = gap.grdp();
            lines.push(
                Sentence::OfficialGap {
                    period: p,
                    total: self.total,
                    actual_pct: row.actual_pct,
                    stated: row.target_source == TargetSource::Stated,
                    target_pct: row.target_pct,
                    gap_pp: row.gap_pp,
                }
                .text(self.lang),
            );
        }
        self.heading(Text::OfficialGap);
        self.doc.push(Block::Notes(lines));
        Ok(())
    }

    /// The stated targets: a row per sector with a stated target, its name, a column per
    /// stated period in reading order.
    fn targets(&mut self) -> Result<()> {
        let (lang, tree) = (self.lang, self.sc.tree());
        let targets = self.sc.targets();
        let mut sectors: Vec<&str> = Vec::new();
        let mut periods: Vec<Period> = Vec::new();
        for t in &targets {
            if !sectors.contains(&t.sector.as_str()) {
                sectors.push(&t.sector);
            }
            let p = Period::parse_in_year(&t.period, self.sc.year())?;
            if !periods.contains(&p) {
                periods.push(p);
            }
        }
        periods.sort_by_key(|p| (p.last(), p.last() - p.first()));
        let columns =
            self.sector_and_period_columns(periods.iter().copied().map(Period::short_label));
        let caption = Text::Targets.text(lang);
        let mut table = Table::new(caption, columns);
        for s in sectors {
            let name = tree.find(s).map_or(s, |i| {
                let node = tree.node(i);
                lang.pick(&node.name_en, &node.name_vi)
            });
            let mut row = vec![Cell::from(row_label(s, lang)), Cell::from(name)];
            row.extend(periods.iter().map(|p| {
                Cell::from(
                    targets
                        .iter()
                        .find(|t| t.sector == s && t.period == p.short_label())
                        .map(|t| t.growth_pct),
                )
            }));
            table.push_row(row)?;
        }
        self.heading(Text::TargetsSheet);
        let sheet = Text::TargetsSheet.text(lang);
        self.doc.push(Block::Table(table.with_sheet(sheet)));
        Ok(())
    }

    /// The assignment: per sector with a stated target or an owner, its Q3, Q4 and H2 targets,
    /// the year as it stands (actuals and the remaining targets) beside the stated annual
    /// target, a flag where the path no longer reaches it, the owner and the deadline; then a
    /// sentence per target not reached.
    fn assignment(&mut self) -> Result<()> {
        let (lang, sc) = (self.lang, self.sc);
        let (targets, owners) = (sc.targets(), sc.owners());
        let tree = sc.tree();
        let mut sectors: Vec<usize> = Vec::new();
        for code in targets
            .iter()
            .map(|t| &t.sector)
            .chain(owners.iter().map(|o| &o.sector))
        {
            let node = tree.index(code)?;
            if !sectors.contains(&node) {
                sectors.push(node);
            }
        }
        sectors.sort_unstable();
        let periods = ["Q3", "Q4", "H2"];
        let mut columns = self.sector_and_period_columns(periods.iter().map(|p| (*p).to_owned()));
        columns.extend(
            ["reached_pct", "stated_annual_pct", "difference_pp"]
                .iter()
                .map(|c| Column::number(column(c, lang), 2)),
        );
        columns.extend(
            ["reaches_stated", "department", "deadline"]
                .iter()
                .map(|c| Column::text(column(c, lang))),
        );
        let mut table = Table::new(Text::AssignmentTable.text(lang), columns);
        let mut not_reached = Vec::new();
        for node in sectors {
            let code = tree.code(node);
            let name = {
                let n = tree.node(node);
                lang.pick(&n.name_en, &n.name_vi)
            };
            let mut row = vec![Cell::from(row_label(code, lang)), Cell::from(name)];
            for p in periods {
                row.push(finite(sc.target_growth(p, code)?));
            }
            let reached = sc.growth("Y", code)?;
            let stated = targets
                .iter()
                .find(|t| t.sector == code && t.period == "Y")
                .map(|t| t.growth_pct);
            row.push(finite(reached));
            row.push(Cell::from(stated));
            let difference = stated.map(|s| reached - s);
            row.push(Cell::from(difference));
            let flag = match (stated, difference) {
                (Some(stated_pct), Some(d)) if d <= -CONSISTENCY_TOLERANCE_PP => {
                    not_reached.push(
                        Sentence::NotReached {
                            sector: code,
                            stated_pct,
                            reached_pct: reached,
                        }
                        .text(lang),
                    );
                    Cell::from(Sentence::NotReachedCell { difference_pp: d }.text(lang))
                }
                (Some(_), Some(_)) => Cell::from(Text::Reached.text(lang)),
                _ => Cell::Empty,
            };
            row.push(flag);
            let owner = sc
                .owner_of("Y", code)?
                .or_else(|| owners.iter().find(|o| o.sector == code).cloned());
            row.push(
                owner
                    .as_ref()
                    .map_or(Cell::Empty, |o| Cell::from(o.department.as_str())),
            );
            row.push(
                owner
                    .and_then(|o| o.deadline)
                    .map_or(Cell::Empty, Cell::Text),
            );
            table.push_row(row)?;
        }
        self.heading(Text::Assignment);
        let sheet = Text::Assignment.text(lang);
        self.doc.push(Block::Table(table.with_sheet(sheet)));
        if not_reached.is_empty() {
            self.paragraph(Text::AllReached.text(lang).to_owned());
        } else {
            self.doc.push(Block::Notes(not_reached));
        }
        Ok(())
    }

    /// A period column's header as people read it (`Quý III`); a label that is not a period
    /// of the year as it is.
    /// A table's first columns: the sector's code and name, then a figure per period label.
    fn sector_and_period_columns(&self, periods: impl Iterator<Item = String>) -> Vec<Column> {
        let mut columns = vec![
            Column::text(column("sector", self.lang)),
            Column::text(self.header("name")),
        ];
        columns.extend(periods.map(|p| Column::number(self.period_header(&p), 2)));
        columns
    }

    fn period_header(&self, label: &str) -> String {
        Period::parse_in_year(label, self.sc.year())
            .map_or_else(|_| label.to_owned(), |p| p.short_label_in(self.lang))
    }

    fn consistency(&mut self) -> Result<()> {
        let lang = self.lang;
        self.heading(Text::Consistency);
        let consistency = self.sc.consistency();
        let bad: Vec<_> = consistency
            .rows
            .iter()
            .filter(|r| r.stated_pct.is_some() && !r.consistent)
            .collect();
        if bad.is_empty() {
            self.paragraph(Text::Consistent.text(lang).to_owned());
            return Ok(());
        }
        self.paragraph(Text::ConsistencyExplained.text(lang).to_owned());
        let mut columns = vec![
            Column::text(self.header("sector")),
            Column::text(self.header("period")),
        ];
        columns.extend(
            ["stated_pct", "implied_pct", "difference_pp"]
                .iter()
                .map(|c| Column::number(self.header(c), 2)),
        );
        let mut table = Table::new(Text::Consistency.text(lang), columns);
        for r in bad {
            table.push_row(vec![
                Cell::from(r.sector.as_str()),
                Cell::from(self.period_header(&r.period)),
                Cell::from(r.stated_pct),
                Cell::from(r.implied_pct),
                Cell::from(r.difference_pp),
            ])?;
        }
        self.doc.push(Block::Table(table));
        Ok(())
    }

    /// The derived quarterly targets of the leaf sectors.
    fn derived(&mut self) -> Result<()> {
        let lang = self.lang;
        let growth = self.sc.leaf_growth();
        let mut columns = vec![Column::text(column("sector", lang))];
        columns.extend((1..=4).map(|q| Column::number(self.period_header(&format!("Q{q}")), 2)));
        let mut table = Table::new(Text::Derived.text(lang), columns);
        for (code, row) in self.sc.leaf_codes().into_iter().zip(growth.rows()) {
            let mut cells = vec![Cell::from(row_label(&code, lang))];
            cells.extend(row.iter().map(|&g| finite(g)));
            table.push_row(cells)?;
        }
        let sheet = Text::DerivedSheet.text(lang);
        self.doc.push(Block::Table(table.with_sheet(sheet)));
        Ok(())
    }

    /// Actual growth of every sector in the known quarters and their cumulative period, then
    /// the cells that are not published figures and those that are provisional.
    fn actuals(&mut self, periods: &[Period]) -> Result<()> {
        let lang = self.lang;
        let codes: Vec<&str> = self
            .sc
            .tree()
            .nodes()
            .iter()
            .map(|n| n.code.as_str())
            .collect();
        let headers: Vec<String> = periods.iter().map(|p| p.short_label_in(lang)).collect();
        let mut columns = vec![Column::text(column("sector", lang))];
        columns.extend(headers.iter().map(|h| Column::number(h.as_str(), 2)));
        let mut table = Table::new(Text::Actuals.text(lang), columns);
        for code in &codes {
            let mut cells = vec![Cell::from(row_label(code, lang))];
            for p in periods {
                cells.push(finite(self.sc.growth(p, code)?));
            }
            table.push_row(cells)?;
        }
        self.heading(Text::Actuals);
        self.doc.push(Block::Table(table));
        // The cells that are not published figures are named (the table keeps numbers, for
        // Excel), period by period.
        let mut estimated = Vec::new();
        for (p, header) in periods.iter().zip(&headers) {
            for code in &codes {
                if self.sc.source(p, code)? != Source::Actual {
                    estimated.push(format!("{code} {header}"));
                }
            }
        }
        if !estimated.is_empty() {
            self.paragraph(Sentence::Estimated { cells: &estimated }.text(lang));
        }
        let provisional: Vec<String> = self
            .sc
            .actuals()
            .into_iter()
            .filter(|a| a.provisional)
            .map(|a| format!("{} {}", a.sector, self.period_header(&a.period)))
            .collect();
        if !provisional.is_empty() {
            self.paragraph(
                Sentence::Provisional {
                    cells: &provisional,
                }
                .text(lang),
            );
        }
        Ok(())
    }

    /// The gap over the known quarters by sector, in the sector's own growth and in points of
    /// GRDP, with its chart.
    fn gap(&mut self, k: usize, charts: Option<&TrackingCharts>) -> Result<()> {
        let lang = self.lang;
        let gap = self.sc.gap(cumulative_label(k))?;
        let whole = Period::new(self.sc.year(), 1, quarter_number(k))?;
        let title = Sentence::GapBySector { period: whole }.text(lang);
        let names = ["target_pct", "actual_pct", "gap_pct", "gap_pp"];
        let mut columns = vec![Column::text(column("sector", lang))];
        columns.extend(names.iter().map(|c| Column::number(self.header(c), 2)));
        let mut table = Table::new(title.as_str(), columns);
        for r in &gap.rows {
            table.push_row(vec![
                Cell::from(row_label(&r.label, lang)),
                finite(r.target_pct),
                finite(r.actual_pct),
                finite(r.gap_pct),
                finite(r.gap_pp),
            ])?;
        }
        let table = table
            .with_chart(ChartSpec::new(
                ChartKind::Column,
                title.as_str(),
                0,
                vec![4],
            ))?
            .with_sheet(Text::GapSheet.text(lang));
        self.doc.push(Block::Heading {
            level: 2,
            text: title,
        });
        self.doc.push(Block::Table(table));
        if let Some(c) = charts {
            self.chart(&c.gap, Text::GapChart)?;
        }
        Ok(())
    }

    /// The growth still required: the sentence, the caps, the table by sector with each
    /// remaining quarter, and its charts.
    fn required(&mut self, rq: &RequiredGrowth, charts: Option<&TrackingCharts>) -> Result<()> {
        let lang = self.lang;
        self.heading(Text::Required);
        let line = Sentence::Required {
            remaining: &rq.remaining,
            target_pct: rq.target_pct,
            policy: rq.policy,
            total: rq
                .by_sector
                .first()
                .map_or(self.total, |r| r.sector.as_str()),
            growth_pct: rq.grdp_pct,
            feasibility: rq.feasibility,
        };
        self.paragraph(line.text(lang));
        if !rq.capped_below_plan.is_empty() {
            let sectors = &rq.capped_below_plan;
            self.paragraph(Sentence::CappedBelowPlan { sectors }.text(lang));
        }
        if let Some(years) = &rq.cap_years {
            self.paragraph(Sentence::CapYears { years }.text(lang));
        }
        let mut quarters: Vec<&str> = Vec::new();
        for q in rq.by_sector.iter().flat_map(|r| &r.by_quarter) {
            if !quarters.contains(&q.period.as_str()) {
                quarters.push(&q.period);
            }
        }
        let some = |f: fn(&crate::scenario::SectorRequirement) -> Option<f64>| {
            rq.by_sector.iter().any(|r| f(r).is_some())
        };
        // A column of figures none of which is there is a column of text, as pandas has it.
        let optional = [
            ("own_required_pct", some(|r| r.own_required_pct)),
            ("annual_pct", some(|r| r.annual_pct)),
        ];
        let mut columns = vec![Column::text(column("sector", lang))];
        columns.extend(
            ["planned_pct", "required_pct", "rise_pp"]
                .iter()
                .map(|c| Column::number(self.header(c), 2)),
        );
        columns.extend(optional.iter().map(|&(c, numeric)| {
            if numeric {
                Column::number(self.header(c), 2)
            } else {
                Column::text(self.header(c))
            }
        }));
        columns.extend(
            quarters
                .iter()
                .map(|q| Column::number(self.period_header(q), 2)),
        );
        columns.push(Column::text(self.header("limit")));
        let mut table = Table::new(Text::RequiredTable.text(lang), columns);
        for r in &rq.by_sector {
            let mut cells = vec![
                Cell::from(row_label(&r.sector, lang)),
                finite(r.planned_pct),
                finite(r.required_pct),
                finite(r.rise_pp),
                r.own_required_pct.map_or(Cell::Empty, finite),
                r.annual_pct.map_or(Cell::Empty, finite),
            ];
            cells.extend(quarters.iter().map(|q| {
                r.by_quarter
                    .iter()
                    .find(|g| g.period == *q)
                    .map_or(Cell::Empty, |g| finite(g.growth_pct))
            }));
            let limit = if r.locked {
                column("locked", lang)
            } else if r.capped {
                column("capped", lang)
            } else {
                String::new()
            };
            cells.push(Cell::from(limit));
            table.push_row(cells)?;
        }
        let chart = ChartSpec::new(
            ChartKind::Column,
            Text::RequiredTable.text(lang),
            0,
            vec![1, 2],
        );
        let table = table
            .with_chart(chart)?
            .with_sheet(Text::RequiredSheet.text(lang));
        self.doc.push(Block::Table(table));
        if let Some(c) = charts {
            self.chart(&c.required, Text::RequiredChart)?;
            self.heading(Text::Quarters);
            self.chart(&c.quarters, Text::QuartersChart)?;
        }
        Ok(())
    }
}

/// Quarter `q` (1..=4) of `year`.
fn quarter(year: i32, q: usize) -> Result<Period> {
    let q = quarter_number(q);
    Period::new(year, q, q)
}

/// A count of quarters (1..=4) as a quarter number.
fn quarter_number(k: usize) -> u8 {
    u8::try_from(k.clamp(1, 4)).unwrap_or(4)
}

/// A figure as a cell: empty when it is not a finite number.
fn finite(x: f64) -> Cell {
    if x.is_finite() {
        Cell::Number(x)
    } else {
        Cell::Empty
    }
}
