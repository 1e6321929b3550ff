//! Excel workbooks: investors' weekly updates in, the template out.
//!
//! Reading uses `calamine` (pure Rust, no spreadsheet program needed) cell by cell, within the
//! limits of the `io::workbook` module: `.xlsx` and `.xlsm` (an `.xls` or `.ods` file is refused
//! with a typed error saying to save it as `.xlsx`); the template is written with
//! `rust_xlsxwriter` (pure Rust, the same layout as [`super::TEMPLATE_CSV`]). Every sheet of a workbook is one table in the CSV layouts; a sheet
//! whose name starts with `_` (instructions, notes) is skipped. The whole workbook is one
//! import: all its sheets or nothing.

use std::path::Path;

use rust_xlsxwriter::Workbook;

use super::{ImportReport, Tracker};
use crate::atomic::write_atomically;
use crate::date::Date;
use crate::error::{GrdpsimError, Result};
use crate::io::tables::read_workbook;

impl Tracker {
    /// Imports every sheet of a workbook (sheets named `_...` skipped), all or nothing.
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] if the file is not a readable workbook;
    /// [`GrdpsimError::Workbook`] for a part missing or a sheet beyond its layout's limits;
    /// [`GrdpsimError::WorkbookCell`] for a formula without a stored value;
    /// [`GrdpsimError::ImportRejected`] listing every bad row by sheet, row and column (nothing
    /// is written); [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn import_workbook(&mut self, path: impl AsRef<Path>, who: &str) -> Result<ImportReport> {
        let path = path.as_ref();
        let tables = read_workbook(path)?;
        self.import_tables(&path.display().to_string(), tables, who)
    }
}

/// Writes the weekly update template as a workbook: a `payments` sheet in the layout of
/// [`super::TEMPLATE_CSV`] and an `_instructions` sheet (skipped on import), atomically.
///
/// # Errors
/// [`GrdpsimError::Io`] if the file cannot be written.
pub fn write_template_xlsx(path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let io = |e: rust_xlsxwriter::XlsxError| GrdpsimError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("payments").map_err(io)?;
    for (r, line) in super::TEMPLATE_CSV.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(x) if r > 0 => ws.write_number(r, c, x).map_err(io)?,
                _ => ws.write_string(r, c, cell).map_err(io)?,
            };
        }
    }
    ws.set_column_width(0, 14).map_err(io)?;
    ws.set_column_width(1, 14).map_err(io)?;
    let notes = wb.add_worksheet();
    notes.set_name("_instructions").map_err(io)?;
    let lines = [
        "One row per project and week: project code, week ending (YYYY-MM-DD), source (investor",
        "or treasury), amount paid in the week in million VND (triệu đồng), a plain number.",
        "Sheets whose name starts with _ are not imported. A file with one bad row is rejected",
        "whole, with every bad row named; importing the same file twice changes nothing.",
    ];
    for (r, line) in lines.iter().enumerate() {
        notes.write_string(r as u32, 0, *line).map_err(io)?;
    }
    write_atomically(path, &wb.save_to_buffer().map_err(io)?)
}

/// A cell of the briefing: text or a number.
enum Cell {
    Text(String),
    Num(f64),
}

fn sheet(
    wb: &mut Workbook,
    name: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for (r, row) in rows.enumerate() {
        for (c, cell) in row.into_iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Text(t) => ws.write_string(r, c, t)?,
                Cell::Num(x) if x.is_finite() => ws.write_number(r, c, x)?,
                Cell::Num(_) => ws,
            };
        }
    }
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 30)?;
    Ok(())
}

impl Tracker {
    /// The weekly briefing as a workbook (for the leaders' meeting): the province and capital
    /// sources, the ranking of investors, proposals for the slow ones, projects behind their monthly plan, stalled projects
    /// (4 weeks), overdue obstacles and investor vs Treasury differences, as of `as_of` (the
    /// last sheet says which week that is and how many projects reported it).
    /// Written atomically: a failed write leaves an existing file byte-identical.
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] if the file cannot be written; [`GrdpsimError::Database`] if
    /// `SQLite` fails.
    #[allow(clippy::too_many_lines)] // one flat list of sheets
    pub fn write_briefing_xlsx(&self, as_of: Date, path: impl AsRef<Path>) -> Result<()> {
        use Cell::{Num, Text};
        let path = path.as_ref();
        let status = self.status(as_of, super::Level::CapitalSource)?;
        let ranking = self.ranking(as_of, super::RankingRule::default())?;
        let countdown = self.countdown(as_of, super::Level::Project)?;
        let stalled = self.stalled(as_of, 4)?;
        let obstacles = self.overdue_obstacles(as_of)?;
        let differences = self.differences(as_of, 0.5)?;
        let proposals = self.proposals(as_of, &super::ProposalOptions::default())?;
        let io = |e: rust_xlsxwriter::XlsxError| GrdpsimError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let mut wb = Workbook::new();
        let status_rows = status.rows.iter().chain(std::iter::once(&status.total));
        sheet(
            &mut wb,
            "province",
            &[
                "capital source",
                "name",
                "plan",
                "paid",
                "rate %",
                "change pp",
                "from payments pp",
                "from plan pp",
            ],
            status_rows.map(|r| {
                vec![
                    Text(r.key.clone()),
                    Text(r.name.clone()),
                    Num(r.plan),
                    Num(r.paid),
                    Num(r.rate_pct),
                    Num(r.change_pp),
                    Num(r.from_payments_pp),
                    Num(r.from_plan_pp),
                ]
            }),
        )
        .map_err(io)?;
        sheet(
            &mut wb,
            "ranking",
            &[
                "rank",
                "investor",
                "name",
                "plan",
                "paid",
                "rate %",
                "vs province pp",
                "note",
            ],
            ranking.rows.iter().map(|r| {
                vec![
                    r.rank.map_or(Text(String::new()), |k| Num(k as f64)),
                    Text(r.investor.clone()),
                    Text(r.name.clone()),
                    Num(r.plan),
                    Num(r.paid),
                    Num(r.rate_pct),
                    Num(r.vs_province_pp),
                    Text(r.note.clone()),
                ]
            }),
        )
        .map_err(io)?;
        sheet(
            &mut wb,
            "proposals",
            &[
                "rank",
                "investor",
                "rate %",
                "vs province pp",
                "proposal",
                "subject",
                "amount",
                "đề xuất",
                "proposal (English)",
            ],
            proposals.iter().map(|r| {
                vec![
                    r.rank.map_or(Text(String::new()), |k| Num(k as f64)),
                    Text(r.investor.clone()),
                    Num(r.rate_pct),
                    Num(r.vs_province_pp),
                    Text(r.kind.as_str().to_owned()),
                    Text(r.subject.clone()),
                    Num(r.amount),
                    Text(r.message_vi.clone()),
                    Text(r.message_en.clone()),
                ]
            }),
        )
        .map_err(io)?;
        sheet(
            &mut wb,
            "behind plan",
            &[
                "project",
                "name",
                "plan",
                "paid",
                "planned to date",
                "behind",
                "band",
                "needed per week",
                "recent per week",
            ],
            countdown.iter().filter(|r| r.behind > 0.0).map(|r| {
                vec![
                    Text(r.key.clone()),
                    Text(r.name.clone()),
                    Num(r.plan),
                    Num(r.paid),
                    Num(r.planned_to_date),
                    Num(r.behind),
                    Text(r.band.as_str().to_owned()),
                    Num(r.needed_per_week),
                    Num(r.recent_per_week),
                ]
            }),
        )
        .map_err(io)?;
        sheet(
            &mut wb,
            "stalled",
            &[
                "project",
                "name",
                "investor",
                "responsible",
                "plan",
                "paid",
                "last payment",
            ],
            stalled.iter().map(|r| {
                vec![
                    Text(r.project.clone()),
                    Text(r.name.clone()),
                    Text(r.investor.clone()),
                    Text(r.responsible.clone()),
                    Num(r.plan),
                    Num(r.paid),
                    Text(r.last_payment.map(|d| d.to_string()).unwrap_or_default()),
                ]
            }),
        )
        .map_err(io)?;
        sheet(
            &mut wb,
            "obstacles overdue",
            &[
                "project",
                "investor",
                "description",
                "agency",
                "person",
                "deadline",
                "days overdue",
            ],
            obstacles.iter().map(|r| {
                vec![
                    Text(r.project.clone()),
                    Text(r.investor.clone()),
                    Text(r.description.clone()),
                    Text(r.agency.clone()),
                    Text(r.person.clone()),
                    Text(r.deadline.to_string()),
                    Num(f64::from(r.days_overdue)),
                ]
            }),
        )
        .map_err(io)?;
        sheet(
            &mut wb,
            "investor vs treasury",
            &[
                "project",
                "investor",
                "reported",
                "treasury",
                "difference",
                "weeks differing",
            ],
            differences.iter().map(|r| {
                vec![
                    Text(r.project.clone()),
                    Text(r.investor.clone()),
                    Num(r.reported),
                    Num(r.treasury),
                    Num(r.difference),
                    Num(r.weeks_differing as f64),
                ]
            }),
        )
        .map_err(io)?;
        // Which week the briefing is of, and how many projects reported it.
        let c = &status.coverage;
        sheet(
            &mut wb,
            "as of",
            &[
                "as of",
                "week ending",
                "projects reported",
                "projects",
                "tính đến",
                "as of (English)",
            ],
            std::iter::once(vec![
                Text(c.as_of.to_string()),
                Text(c.week.to_string()),
                Num(c.reported as f64),
                Num(c.projects as f64),
                Text(c.describe(crate::lang::Lang::Vi)),
                Text(c.describe(crate::lang::Lang::En)),
            ]),
        )
        .map_err(io)?;
        write_atomically(path, &wb.save_to_buffer().map_err(io)?)
    }
}
