//! Scenario workbooks, laid out the way a finance department keeps a growth scenario (kịch bản
//! tăng trưởng trong Excel).
//!
//! Sheets, each found by its English or Vietnamese name as people type it (any case, spaces
//! around it, composed or decomposed Unicode; a sheet of a near name, `Actual` or
//! `Thực hiện (%)`, is an error suggesting the name):
//!
//! | sheet | layout |
//! |---|---|
//! | `Scenario` / `Kịch bản` | `key` / `Mục` and `value` / `Giá trị`: `name`, `year`, `note` (one row each; a third column holds a note in the other language, headed `Vietnamese` / `tiếng Việt` or `English` / `tiếng Anh`; a note without it reads the same in both languages), `base file` (a long CSV, relative to the workbook), `tree`, `rule periods`, `rule tree`, `provisional` (`GRDP Q2`), `fractions ok` |
//! | `Targets` / `Mục tiêu` | one row per sector (code, or Vietnamese or English name), one column per period: `Q1`..`Q4`, `6M`, `9M`, `Y` or `Quý I`, `6 tháng`, `9 tháng`, `Cả năm` |
//! | `Actuals` / `Thực hiện` | actual growth, the same layout |
//! | `Actual levels` / `Thực hiện (tỷ đồng)` | actual constant-price levels, the same layout |
//! | `Held targets` / `Mục tiêu cố định` | per leaf sector, the four quarterly targets a what-if fixed |
//! | `Base levels` / `Số liệu năm gốc` | per leaf sector, constant-price levels by quarter (`2024Q1`, `Quý I/2024`, ...) |
//! | `Base current prices` / `Năm gốc giá hiện hành` | the same at current prices (optional) |
//! | `Owners` / `Cơ quan chủ trì` | who answers for a sector's targets: `sector`, `period` / `kỳ` (blank: every period of the sector), `department` / `cơ quan chủ trì`, `deadline` / `thời hạn` (a date, `2025-09-30`) (optional) |
//!
//! In every sheet the header row is the first whose first cell is `sector`, `code`, `key` (or
//! `ngành`, `mã ngành`, `mục`); rows above it (titles) are not read. A blank cell is "not
//! stated"; a cell that is not a number is an error naming the sheet and cell (`Targets!D7`),
//! and so is a formula without a stored value (a file written by a program, never opened in
//! Excel). Sheets are read within stated limits (256 columns, 10,000 rows, 200,000 cells; the
//! `io::workbook` module says why).
//! Sheets with other names (instructions, a report) are not read. Without `Base levels`,
//! `base file` must name the base data.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::Data;

use super::file::{BaseData, ScenarioFile, SectorPeriodMap};
use super::{Note, Owner, PeriodRule, Scenario, TreeRule};
use crate::document::{Block, Cell, Column, Document, Table};
use crate::error::{GrdpsimError, Result};
use crate::io::workbook::cell_text;
use crate::io::workbook::{cell_name, is_near, name_key, Limits, SheetCells, Workbook};
use crate::lang::Lang;
use crate::period::{Period, Quarter};
use crate::sector::SectorTree;

/// A sheet's names, English and Vietnamese.
#[derive(Clone, Copy)]
struct SheetName(&'static str, &'static str);

const SETTINGS: SheetName = SheetName("Scenario", "Kịch bản");
const TARGETS: SheetName = SheetName("Targets", "Mục tiêu");
const ACTUALS: SheetName = SheetName("Actuals", "Thực hiện");
const ACTUAL_LEVELS: SheetName = SheetName("Actual levels", "Thực hiện (tỷ đồng)");
const HELD: SheetName = SheetName("Held targets", "Mục tiêu cố định");
const BASE: SheetName = SheetName("Base levels", "Số liệu năm gốc");
const BASE_CURRENT: SheetName = SheetName("Base current prices", "Năm gốc giá hiện hành");
const OWNERS: SheetName = SheetName("Owners", "Cơ quan chủ trì");
/// The owners sheet's columns after the sector's: (English, Vietnamese).
const OWNER_COLUMNS: [(&str, &str); 3] = [
    ("period", "kỳ"),
    ("department", "cơ quan chủ trì"),
    ("deadline", "thời hạn"),
];
/// Every sheet of the layout: a sheet of another name is not one of ours misspelt.
const ALL_SHEETS: [SheetName; 8] = [
    SETTINGS,
    TARGETS,
    ACTUALS,
    ACTUAL_LEVELS,
    HELD,
    BASE,
    BASE_CURRENT,
    OWNERS,
];

/// Keys of the settings sheet: (English, Vietnamese).
const KEYS: [(&str, &str); 8] = [
    ("name", "tên kịch bản"),
    ("year", "năm"),
    ("note", "ghi chú"),
    ("base file", "tệp số liệu gốc"),
    ("tree", "cây ngành"),
    ("rule periods", "quy tắc theo kỳ"),
    ("rule tree", "quy tắc theo cây ngành"),
    ("provisional", "sơ bộ"),
];
const FRACTIONS_OK: (&str, &str) = ("fractions ok", "chấp nhận số thập phân");
/// Names of the languages, in English and in Vietnamese: the settings sheet's third column holds
/// a note in the other language than the value column's (the workbook's), headed by its name.
const LANGUAGES: [(Lang, &str, &str); 2] = [
    (Lang::En, "English", "tiếng Anh"),
    (Lang::Vi, "Vietnamese", "tiếng Việt"),
];

/// The language a settings sheet's third column is headed with (Vietnamese when it names none).
fn language_of_header(header: &str) -> Lang {
    let header = name_key(header);
    LANGUAGES
        .iter()
        .find(|(_, en, vi)| header == name_key(en) || header == name_key(vi))
        .map_or(Lang::Vi, |(l, _, _)| *l)
}

const HEADER_WORDS: [&str; 8] = [
    "sector",
    "code",
    "sector code",
    "key",
    "ngành",
    "mã",
    "mã ngành",
    "mục",
];

/// A scenario sheet: a sector per row (a few dozen), a period or quarter per column (the base
/// levels' quarters, a few dozen years at most).
const SCENARIO_LIMITS: Limits = Limits {
    columns: 256,
    rows: 10_000,
    cells: 200_000,
};

/// One sheet being read: its name and cells, for errors that name a cell.
struct Sheet<'a> {
    path: &'a str,
    name: String,
    cells: std::rc::Rc<SheetCells>,
}

impl Sheet<'_> {
    fn at(&self, row: usize, col: usize) -> &Data {
        self.cells.get(row, col)
    }

    fn end(&self) -> (usize, usize) {
        self.cells.end()
    }

    fn error(&self, row: usize, col: usize, message: impl Into<String>) -> GrdpsimError {
        GrdpsimError::WorkbookCell {
            path: self.path.to_owned(),
            sheet: self.name.clone(),
            cell: cell_name(row, col),
            value: cell_text(self.at(row, col)),
            message: message.into(),
        }
    }

    /// The header row: the first whose first cell is a header word.
    fn header_row(&self) -> Result<usize> {
        let (rows, _) = self.end();
        (0..rows)
            .find(|&r| {
                let t = name_key(&cell_text(self.at(r, 0)));
                HEADER_WORDS.contains(&t.as_str())
            })
            .ok_or_else(|| {
                self.error(
                    0,
                    0,
                    "no header row: the first column's header must be `sector` (or `ngành`, \
                     `mã ngành`; `key` / `mục` in the settings sheet)",
                )
            })
    }

    /// A number, or None for a blank cell.
    fn number(&self, row: usize, col: usize) -> Result<Option<f64>> {
        let x = match self.at(row, col) {
            Data::Empty => return Ok(None),
            Data::Float(x) => *x,
            Data::Int(i) => *i as f64,
            Data::String(s) if s.trim().is_empty() => return Ok(None),
            Data::String(s) => s
                .trim()
                .parse::<f64>()
                .map_err(|_| self.error(row, col, "not a number"))?,
            _ => return Err(self.error(row, col, "not a number")),
        };
        if x.is_finite() {
            Ok(Some(x))
        } else {
            Err(self.error(row, col, "not a finite number"))
        }
    }
}

/// The workbook, open, with the sheets it has: those of the layout read within
/// [`SCENARIO_LIMITS`], the others (instructions, a report) only named.
struct Book<'a> {
    path: &'a str,
    names: Vec<String>,
    sheets: Vec<(String, std::rc::Rc<SheetCells>)>,
}

impl<'a> Book<'a> {
    /// Opens the workbook and reads the sheets named `wanted` (English or Vietnamese, as people
    /// type them).
    fn open(path: &'a Path, display: &'a str, wanted: &[&str]) -> Result<Self> {
        let mut wb = Workbook::open(path, display)?;
        let names = wb.sheet_names();
        if names.is_empty() {
            return Err(GrdpsimError::io_message(
                display,
                "the workbook has no sheets",
            ));
        }
        let wanted: Vec<String> = wanted.iter().map(|w| name_key(w)).collect();
        let mut sheets = Vec::new();
        for name in &names {
            if wanted.contains(&name_key(name)) {
                let cells = wb.sheet(name, SCENARIO_LIMITS)?;
                sheets.push((name.clone(), std::rc::Rc::new(cells)));
            }
        }
        Ok(Book {
            path: display,
            names,
            sheets,
        })
    }

    fn sheet(&self, names: &[&str]) -> Option<Sheet<'a>> {
        self.sheets
            .iter()
            .find(|(n, _)| names.iter().any(|w| name_key(n) == name_key(w)))
            .map(|(n, cells)| Sheet {
                path: self.path,
                name: n.clone(),
                cells: cells.clone(),
            })
    }

    /// The sheet `s`, or None when the workbook has none by either name; an error when it has
    /// none but a sheet of a near name that the layout does not know (`Actual`, `Thực hiện
    /// (%)` for `Actuals` / `Thực hiện`), whose figures would otherwise go unread.
    fn named(&self, s: SheetName) -> Result<Option<Sheet<'a>>> {
        self.find(&[s.0, s.1])
    }

    fn find(&self, names: &[&str]) -> Result<Option<Sheet<'a>>> {
        if let Some(sheet) = self.sheet(names) {
            return Ok(Some(sheet));
        }
        let known: Vec<String> = ALL_SHEETS
            .iter()
            .flat_map(|s| [name_key(s.0), name_key(s.1)])
            .collect();
        let near = self
            .names
            .iter()
            .find(|n| !known.contains(&name_key(n)) && names.iter().any(|w| is_near(w, n)));
        match near {
            None => Ok(None),
            Some(n) => Err(GrdpsimError::WorkbookCell {
                path: self.path.to_owned(),
                sheet: n.clone(),
                cell: "A1".into(),
                value: n.clone(),
                message: format!(
                    "no sheet {}, but a sheet {n:?}: rename it {:?} so that it is read (không \
                     có trang {}, nhưng có trang {n:?}: hãy đổi tên thành {:?})",
                    names.join(" / "),
                    names[0],
                    names.join(" / "),
                    names.last().copied().unwrap_or(names[0]),
                ),
            }),
        }
    }
}

/// The sector of a row: its code (or alias), or its Vietnamese or English name.
fn sector_of(
    tree: &SectorTree,
    sheet: &Sheet,
    row: usize,
    name_col: Option<usize>,
) -> Result<String> {
    let code = cell_text(sheet.at(row, 0));
    let name = name_col
        .map(|c| cell_text(sheet.at(row, c)))
        .unwrap_or_default();
    for text in [&code, &name] {
        if text.is_empty() {
            continue;
        }
        if let Some(i) = tree.find(text) {
            return Ok(tree.code(i).to_owned());
        }
        let t = text.to_lowercase();
        if let Some(n) = tree
            .nodes()
            .iter()
            .find(|n| n.name_vi.to_lowercase() == t || n.name_en.to_lowercase() == t)
        {
            return Ok(n.code.clone());
        }
    }
    let col = if code.is_empty() {
        name_col.unwrap_or(0)
    } else {
        0
    };
    Err(sheet.error(
        row,
        col,
        format!(
            "not a sector code or name of the tree (codes: {})",
            tree.nodes()
                .iter()
                .map(|n| n.code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}

/// A sector × period sheet (targets, actuals): the figures by sector code and period label.
fn read_period_sheet(sheet: &Sheet, tree: &SectorTree, year: i32) -> Result<SectorPeriodMap> {
    let header = sheet.header_row()?;
    let (rows, cols) = sheet.end();
    let mut name_col = None;
    let mut periods: Vec<(usize, String)> = Vec::new();
    for c in 1..cols {
        let h = cell_text(sheet.at(header, c));
        if h.is_empty() {
            continue;
        }
        if ["name", "tên", "tên ngành", "sector name"].contains(&name_key(&h).as_str()) {
            name_col = Some(c);
            continue;
        }
        let p = Period::parse_in_year(&h, year)
            .map_err(|e| sheet.error(header, c, format!("not a period of {year} ({e})")))?;
        let label = p.short_label();
        if let Some((first, _)) = periods.iter().find(|(_, l)| *l == label) {
            return Err(sheet.error(
                header,
                c,
                format!(
                    "period {label} is also column {}",
                    cell_name(header, *first)
                ),
            ));
        }
        periods.push((c, label));
    }
    let mut out = SectorPeriodMap::new();
    for r in header + 1..rows {
        let has_figure = periods
            .iter()
            .any(|&(c, _)| !cell_text(sheet.at(r, c)).is_empty());
        let has_label = !cell_text(sheet.at(r, 0)).is_empty()
            || name_col.is_some_and(|c| !cell_text(sheet.at(r, c)).is_empty());
        if !has_figure && !has_label {
            continue;
        }
        let sector = sector_of(tree, sheet, r, name_col)?;
        if out.contains_key(&sector) {
            return Err(sheet.error(r, 0, format!("sector {sector} has a second row")));
        }
        let mut by_period = BTreeMap::new();
        for (c, label) in &periods {
            if let Some(x) = sheet.number(r, *c)? {
                by_period.insert(label.clone(), x);
            }
        }
        out.insert(sector, by_period);
    }
    Ok(out)
}

/// The owners sheet: a row per sector (and period), its department and deadline.
fn read_owners_sheet(sheet: &Sheet, tree: &SectorTree, year: i32) -> Result<Vec<Owner>> {
    let header = sheet.header_row()?;
    let (rows, cols) = sheet.end();
    let mut at = [None; 3];
    for c in 1..cols {
        let h = name_key(&cell_text(sheet.at(header, c)));
        if h.is_empty() {
            continue;
        }
        let i = OWNER_COLUMNS
            .iter()
            .position(|(en, vi)| h == *en || h == name_key(vi))
            .ok_or_else(|| {
                sheet.error(
                    header,
                    c,
                    "not a column: period, department, deadline (kỳ, cơ quan chủ trì, thời hạn)",
                )
            })?;
        at[i] = Some(c);
    }
    let [period_col, department_col, deadline_col] = at;
    let department_col = department_col
        .ok_or_else(|| sheet.error(header, 0, "no `department` (cơ quan chủ trì) column"))?;
    let text =
        |r: usize, c: Option<usize>| c.map(|c| cell_text(sheet.at(r, c))).unwrap_or_default();
    let mut out = Vec::new();
    for r in header + 1..rows {
        if (0..cols).all(|c| cell_text(sheet.at(r, c)).is_empty()) {
            continue;
        }
        let mut owner = Owner::new(
            sector_of(tree, sheet, r, None)?,
            text(r, Some(department_col)),
        );
        let period = text(r, period_col);
        if !period.is_empty() {
            let p = Period::parse_in_year(&period, year).map_err(|e| {
                sheet.error(
                    r,
                    period_col.unwrap_or(0),
                    format!("not a period of {year} ({e})"),
                )
            })?;
            owner = owner.period(p.short_label());
        }
        let deadline = text(r, deadline_col);
        if !deadline.is_empty() {
            let d: crate::date::Date = deadline
                .parse()
                .map_err(|_| sheet.error(r, deadline_col.unwrap_or(0), "not a date YYYY-MM-DD"))?;
            owner = owner.deadline(d.to_string());
        }
        out.push(owner);
    }
    Ok(out)
}

/// A leaf × quarter sheet (base levels): the first quarter and the series per leaf code.
fn read_quarter_sheet(
    sheet: &Sheet,
    tree: &SectorTree,
) -> Result<(Quarter, BTreeMap<String, Vec<f64>>)> {
    let header = sheet.header_row()?;
    let (rows, cols) = sheet.end();
    let mut quarters: Vec<(usize, Quarter)> = Vec::new();
    for c in 1..cols {
        let h = cell_text(sheet.at(header, c));
        if h.is_empty() {
            continue;
        }
        let p: Period = h
            .parse()
            .map_err(|e| sheet.error(header, c, format!("not a quarter ({e})")))?;
        if p.len() != 1 {
            return Err(sheet.error(header, c, "not a single quarter"));
        }
        let q = p.first_quarter();
        if let Some(&(_, prev)) = quarters.last() {
            if q != prev.offset(1) {
                return Err(sheet.error(
                    header,
                    c,
                    format!("expected {} after {prev}", prev.offset(1)),
                ));
            }
        }
        quarters.push((c, q));
    }
    let Some(&(_, start)) = quarters.first() else {
        return Err(sheet.error(header, 1, "no quarter columns (2024Q1, Quý I/2024, ...)"));
    };
    let mut out = BTreeMap::new();
    for r in header + 1..rows {
        if (0..cols).all(|c| cell_text(sheet.at(r, c)).is_empty()) {
            continue;
        }
        let sector = sector_of(tree, sheet, r, None)?;
        let mut series = Vec::with_capacity(quarters.len());
        for &(c, q) in &quarters {
            series.push(
                sheet
                    .number(r, c)?
                    .ok_or_else(|| sheet.error(r, c, format!("no level for {sector} in {q}")))?,
            );
        }
        if out.insert(sector.clone(), series).is_some() {
            return Err(sheet.error(r, 0, format!("sector {sector} has a second row")));
        }
    }
    Ok((start, out))
}

/// The settings sheet read: the scenario file without its tables, the provisional rows (row,
/// text) and the header row.
type Settings = (ScenarioFile, Vec<(usize, String)>, usize);

/// The settings sheet: the scenario file without its tables, the provisional rows (row, text)
/// and the header row.
fn read_settings(settings: &Sheet) -> Result<Settings> {
    let mut file = ScenarioFile {
        name: None,
        year: 0,
        notes: Vec::new(),
        fractions_ok: false,
        rule: super::DerivationRule::default(),
        base: BaseData::default(),
        targets: SectorPeriodMap::new(),
        actual_growth: SectorPeriodMap::new(),
        actual_levels: SectorPeriodMap::new(),
        provisional: BTreeMap::new(),
        held_targets: BTreeMap::new(),
        owners: BTreeMap::new(),
    };
    let mut provisional: Vec<(usize, String)> = Vec::new();
    let header = settings.header_row()?;
    let (rows, _) = settings.end();
    let mut year = None;
    for r in header + 1..rows {
        let k = cell_text(settings.at(r, 0));
        let v = cell_text(settings.at(r, 1));
        if k.is_empty() && v.is_empty() {
            continue;
        }
        let key = key_of(&k).ok_or_else(|| {
            settings.error(
                r,
                0,
                format!(
                    "unknown key (known: {})",
                    KEYS.iter().map(|(e, _)| *e).collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        match key {
            "name" => file.name = Some(v).filter(|s| !s.is_empty()),
            "year" => {
                let y = settings
                    .number(r, 1)?
                    .filter(|y| y.fract() == 0.0 && crate::period::YEARS.contains(&(*y as i32)))
                    .ok_or_else(|| settings.error(r, 1, "the year must be a four-digit number"))?;
                year = Some(y as i32);
            }
            "note" if !v.is_empty() => {
                let other = cell_text(settings.at(r, 2));
                file.notes.push(if other.is_empty() {
                    Note::same(v)
                } else if language_of_header(&cell_text(settings.at(header, 2))) == Lang::En {
                    Note::new(other, v)
                } else {
                    Note::new(v, other)
                });
            }
            "base file" if !v.is_empty() => file.base.file = Some(v),
            "tree" if !v.is_empty() => file.base.tree = Some(v),
            "rule periods" if !v.is_empty() => {
                file.rule.periods = v
                    .parse::<PeriodRule>()
                    .map_err(|e| settings.error(r, 1, e.to_string()))?;
            }
            "rule tree" if !v.is_empty() => {
                file.rule.tree = v
                    .parse::<TreeRule>()
                    .map_err(|e| settings.error(r, 1, e.to_string()))?;
            }
            "provisional" if !v.is_empty() => provisional.push((r, v)),
            "fractions ok" => {
                file.fractions_ok =
                    matches!(v.to_lowercase().as_str(), "true" | "yes" | "1" | "có");
            }
            _ => {}
        }
    }
    file.year = year.ok_or_else(|| missing_year(settings))?;
    Ok((file, provisional, header))
}

fn key_of(text: &str) -> Option<&'static str> {
    let t = name_key(&text.replace(['_', '.'], " "));
    KEYS.iter()
        .chain(std::iter::once(&FRACTIONS_OK))
        .find(|(en, vi)| t == *en || t == *vi)
        .map(|(en, _)| *en)
}

impl Scenario {
    /// Reads a scenario from a workbook in the layout of [this module](self); `targets_sheet`
    /// names the targets sheet when it is not `Targets` / `Mục tiêu`.
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] for a file that is not a readable workbook (corrupted, encrypted,
    /// no sheets, not `.xlsx`); [`GrdpsimError::Workbook`] for a part missing or a sheet beyond
    /// its layout's limits; [`GrdpsimError::WorkbookCell`] naming the sheet and cell of a
    /// figure that is not a number, a formula without a stored value, an unknown sector or
    /// period, a missing sheet or header, a sheet of a near name; then the errors of
    /// building the scenario (unknown sectors, targets out of range, ...).
    #[allow(clippy::too_many_lines)] // the sheets, one after the other
    pub fn from_xlsx(path: impl AsRef<Path>, targets_sheet: Option<&str>) -> Result<Self> {
        let path = path.as_ref();
        let display = path.display().to_string();
        let mut wanted: Vec<&str> = ALL_SHEETS.iter().flat_map(|s| [s.0, s.1]).collect();
        wanted.extend(targets_sheet);
        let book = Book::open(path, &display, &wanted)?;
        let missing = |what: &str| GrdpsimError::WorkbookCell {
            path: display.clone(),
            sheet: what.to_owned(),
            cell: "A1".into(),
            value: String::new(),
            message: format!(
                "no sheet {what} (sheets: {})",
                book.names
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let settings = book
            .named(SETTINGS)?
            .ok_or_else(|| missing("Scenario / Kịch bản"))?;
        let (mut file, provisional, header) = read_settings(&settings)?;
        // The tree that names the rows: the stated one, else the provincial one with its
        // sections (national codes are aliases of its sectors).
        let tree = match &file.base.tree {
            Some(t) => super::file::built_in_tree(t)?,
            None => SectorTree::provincial_detailed(),
        };
        let targets = match targets_sheet {
            Some(name) => book.find(&[name])?.ok_or_else(|| missing(name))?,
            None => book
                .named(TARGETS)?
                .ok_or_else(|| missing("Targets / Mục tiêu"))?,
        };
        file.targets = read_period_sheet(&targets, &tree, file.year)?;
        if let Some(s) = book.named(ACTUALS)? {
            file.actual_growth = read_period_sheet(&s, &tree, file.year)?;
        }
        if let Some(s) = book.named(ACTUAL_LEVELS)? {
            file.actual_levels = read_period_sheet(&s, &tree, file.year)?;
        }
        if let Some(s) = book.named(HELD)? {
            for (sector, by) in read_period_sheet(&s, &tree, file.year)? {
                let q = |l: &str| by.get(l).copied();
                match (q("Q1"), q("Q2"), q("Q3"), q("Q4")) {
                    (Some(a), Some(b), Some(c), Some(d)) if by.len() == 4 => {
                        file.held_targets.insert(sector, [a, b, c, d]);
                    }
                    _ => {
                        return Err(s.error(
                            0,
                            0,
                            format!("sector {sector}: held targets need Q1..Q4 and nothing else"),
                        ));
                    }
                }
            }
        }
        if let Some(s) = book.named(OWNERS)? {
            file.owners = super::owners::to_file(&read_owners_sheet(&s, &tree, file.year)?);
        }
        for (r, v) in provisional {
            let (sector, period) = v
                .split_once(char::is_whitespace)
                .ok_or_else(|| settings.error(r, 1, "expected a sector and a period: `GRDP Q2`"))?;
            let p = Period::parse_in_year(period, file.year)
                .map_err(|e| settings.error(r, 1, e.to_string()))?;
            let code = tree
                .find(sector)
                .map_or_else(|| sector.to_owned(), |i| tree.code(i).to_owned());
            file.provisional
                .entry(code)
                .or_default()
                .push(p.short_label());
        }
        match book.named(BASE)? {
            Some(s) => {
                let (start, levels) = read_quarter_sheet(&s, &tree)?;
                file.base.start = Some(start.to_string());
                file.base.levels = levels;
                if let Some(c) = book.named(BASE_CURRENT)? {
                    let (cstart, current) = read_quarter_sheet(&c, &tree)?;
                    if cstart != start {
                        return Err(c.error(
                            0,
                            1,
                            format!("current prices start in {cstart}, constant in {start}"),
                        ));
                    }
                    file.base.current_levels = current;
                }
                if file.base.file.is_some() {
                    return Err(settings.error(
                        header,
                        0,
                        "both a base file and a Base levels sheet: keep one",
                    ));
                }
            }
            None if file.base.file.is_none() => {
                return Err(missing(
                    "Base levels / Số liệu năm gốc (or a `base file` row in the Scenario sheet)",
                ));
            }
            None => {}
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        file.into_scenario(dir)
    }

    /// The scenario's input sheets in the layout [`Scenario::from_xlsx`] reads (settings,
    /// targets, actuals, held targets, base levels), as tables of a [`Document`], headed in
    /// `lang`. Periods are headed as the scenario states them (`Q2`, `H1`, `Y`).
    ///
    /// # Errors
    /// None for a valid scenario (the tables' own checks cannot fail on its figures).
    #[allow(clippy::too_many_lines)] // one table after the other, in the order of the sheets
    pub fn workbook_tables(&self, lang: Lang) -> Result<Vec<Table>> {
        let file = self.to_file_struct();
        let tree = self.tree();
        let pick = |s: SheetName| lang.pick(s.0, s.1).to_owned();
        let mut tables = Vec::new();
        let key = |i: usize| Cell::Text(lang.pick(KEYS[i].0, KEYS[i].1).to_owned());
        let text = |t: &str| Cell::Text(t.to_owned());
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        if let Some(n) = &file.name {
            rows.push(vec![key(0), text(n)]);
        }
        rows.push(vec![key(1), Cell::Number(f64::from(file.year))]);
        // A note in two languages: the workbook's in the value column, the other in a third.
        let other = if lang == Lang::En { Lang::Vi } else { Lang::En };
        for n in &file.notes {
            let mut row = vec![key(2), text(n.text(lang))];
            if !n.is_same() {
                row.push(text(n.text(other)));
            }
            rows.push(row);
        }
        if let Some(f) = &file.base.file {
            rows.push(vec![key(3), text(f)]);
        }
        if let Some(t) = &file.base.tree {
            rows.push(vec![key(4), text(t)]);
        }
        let rule = file.rule.to_string();
        for (i, part) in rule.split(", ").enumerate() {
            let value = part.split_once('=').map_or(part, |(_, v)| v);
            rows.push(vec![key(5 + i), text(value)]);
        }
        for (sector, periods) in &file.provisional {
            for p in periods {
                rows.push(vec![key(7), Cell::Text(format!("{sector} {p}"))]);
            }
        }
        let mut columns = vec![
            Column::text(lang.pick("key", "mục")),
            Column::text(lang.pick("value", "giá trị")),
        ];
        if rows.iter().any(|r| r.len() > 2) {
            let (_, en, vi) = LANGUAGES
                .iter()
                .find(|(l, _, _)| *l == other)
                .copied()
                .unwrap_or(LANGUAGES[1]);
            columns.push(Column::text(lang.pick(en, vi)));
        }
        let width = columns.len();
        let mut settings = Table::new(pick(SETTINGS), columns);
        for mut row in rows {
            row.resize(width, Cell::Empty);
            settings.push_row(row)?;
        }
        tables.push(settings.with_sheet(pick(SETTINGS)));
        let order: Vec<String> = tree.nodes().iter().map(|n| n.code.clone()).collect();
        for (sheet, map) in [
            (TARGETS, &file.targets),
            (ACTUALS, &file.actual_growth),
            (ACTUAL_LEVELS, &file.actual_levels),
        ] {
            if map.is_empty() && sheet.0 != TARGETS.0 {
                continue;
            }
            let mut labels: Vec<Period> = map
                .values()
                .flat_map(|m| m.keys())
                .filter_map(|l| Period::parse_in_year(l, file.year).ok())
                .collect();
            labels.sort_by_key(|p| (p.last(), p.len()));
            labels.dedup();
            let decimals = if sheet.0 == ACTUAL_LEVELS.0 { 1 } else { 2 };
            let mut columns = vec![
                Column::text(lang.pick("sector", "ngành")),
                Column::text(lang.pick("name", "tên ngành")),
            ];
            columns.extend(
                labels
                    .iter()
                    .map(|p| Column::number(p.short_label_in(lang), decimals)),
            );
            let mut t = Table::new(pick(sheet), columns);
            for code in order.iter().filter(|c| map.contains_key(*c)) {
                let node = &tree.nodes()[tree.index(code)?];
                let mut row = vec![
                    Cell::Text(code.clone()),
                    Cell::Text(lang.pick(&node.name_en, &node.name_vi).to_owned()),
                ];
                row.extend(
                    labels
                        .iter()
                        .map(|p| Cell::from(map[code].get(&p.short_label()).copied())),
                );
                t.push_row(row)?;
            }
            tables.push(t.with_sheet(pick(sheet)));
        }
        if !file.held_targets.is_empty() {
            let mut t = Table::new(
                pick(HELD),
                vec![
                    Column::text(lang.pick("sector", "ngành")),
                    Column::number("Q1", 4),
                    Column::number("Q2", 4),
                    Column::number("Q3", 4),
                    Column::number("Q4", 4),
                ],
            );
            for (code, q) in &file.held_targets {
                t.push_row(vec![
                    Cell::Text(code.clone()),
                    Cell::Number(q[0]),
                    Cell::Number(q[1]),
                    Cell::Number(q[2]),
                    Cell::Number(q[3]),
                ])?;
            }
            tables.push(t.with_sheet(pick(HELD)));
        }
        let owners = self.owners();
        if !owners.is_empty() {
            let mut columns = vec![Column::text(lang.pick("sector", "ngành"))];
            columns.extend(
                OWNER_COLUMNS
                    .iter()
                    .map(|(en, vi)| Column::text(lang.pick(en, vi))),
            );
            let mut t = Table::new(pick(OWNERS), columns);
            for o in owners {
                let period = o.period.as_deref().map_or(Cell::Empty, |p| {
                    Period::parse_in_year(p, file.year)
                        .map_or_else(|_| text(p), |p| Cell::Text(p.short_label_in(lang)))
                });
                t.push_row(vec![
                    Cell::Text(o.sector),
                    period,
                    Cell::Text(o.department),
                    o.deadline.map_or(Cell::Empty, Cell::Text),
                ])?;
            }
            tables.push(t.with_sheet(pick(OWNERS)));
        }
        if let Some(start) = &file.base.start {
            let start: Quarter = start.parse()?;
            for (sheet, levels) in [
                (BASE, &file.base.levels),
                (BASE_CURRENT, &file.base.current_levels),
            ] {
                if levels.is_empty() {
                    continue;
                }
                let n = levels.values().map(Vec::len).max().unwrap_or(0);
                let mut columns = vec![Column::text(lang.pick("sector", "ngành"))];
                columns
                    .extend((0..n).map(|i| Column::number(start.offset(i as i64).to_string(), 1)));
                let mut t = Table::new(pick(sheet), columns);
                for code in order.iter().filter(|c| levels.contains_key(*c)) {
                    let mut row = vec![Cell::Text(code.clone())];
                    row.extend(levels[code].iter().map(|&x| Cell::Number(x)));
                    t.push_row(row)?;
                }
                tables.push(t.with_sheet(pick(sheet)));
            }
        }
        Ok(tables)
    }

    /// Writes the scenario as a workbook that [`Scenario::from_xlsx`] reads back equal: an
    /// instructions sheet, then the input sheets of [`Scenario::workbook_tables`]. Written
    /// atomically.
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] if the file cannot be written.
    pub fn write_xlsx(&self, path: impl AsRef<Path>, lang: Lang) -> Result<()> {
        let mut doc = Document::new(
            self.name().map_or_else(
                || {
                    format!(
                        "{} {}",
                        lang.pick("Growth scenario", "Kịch bản tăng trưởng"),
                        self.year
                    )
                },
                str::to_owned,
            ),
            lang,
        );
        doc.front_sheet = Some(lang.pick("Instructions", "Hướng dẫn").to_owned());
        // Both languages, the workbook's own first: whoever fills it in may read the other.
        doc.push(Block::Notes(instructions(lang)));
        let other = if lang == Lang::Vi { Lang::En } else { Lang::Vi };
        doc.push(Block::Notes(instructions(other)));
        for t in self.workbook_tables(lang)? {
            doc.push(Block::Table(t));
        }
        doc.write_xlsx(path)
    }
}

/// How to fill the workbook, in `lang`.
pub fn instructions(lang: Lang) -> Vec<String> {
    let lines: [(&str, &str); 9] = [
        ("Sheet Scenario: the year (required), a name, notes, and either a Base levels sheet or `base file` (a long CSV beside this workbook).",
         "Trang Kịch bản: năm (bắt buộc), tên, ghi chú, và trang Số liệu năm gốc hoặc `tệp số liệu gốc` (tệp CSV cạnh tệp này)."),
        ("Sheet Targets: one row per sector (code such as CNXD, or its name), one column per period: Q1..Q4, 6M, 9M, Y (or Quý I, 6 tháng, 9 tháng, Cả năm); growth in percent (8.0 for 8%).",
         "Trang Mục tiêu: mỗi dòng một ngành (mã như CNXD, hoặc tên ngành), mỗi cột một kỳ: Quý I..Quý IV, 6 tháng, 9 tháng, Cả năm (hoặc Q1..Q4, 6M, 9M, Y); tốc độ tăng tính bằng % (8,0 cho 8%)."),
        ("Sheet Actuals: actual growth in the same layout; Actual levels: actual levels in billion VND at constant 2010 prices.",
         "Trang Thực hiện: tốc độ tăng thực tế cùng bố cục; Thực hiện (tỷ đồng): giá trị theo giá so sánh 2010, tỷ đồng."),
        ("A blank cell means not stated. A cell that is not a number is an error naming its sheet and cell.",
         "Ô để trống nghĩa là không giao. Ô không phải là số sẽ báo lỗi kèm tên trang và ô."),
        ("Rows above the header row (the row starting with `sector`) are titles and are not read; other sheets are not read.",
         "Các dòng phía trên dòng tiêu đề (dòng bắt đầu bằng `ngành`) là tiêu đề, không được đọc; các trang khác không được đọc."),
        ("Rules for what is not stated: `rule periods` spread (a quarter takes the rate of the shortest stated period containing it) or residual (the quarters left make the cumulative target exact); `rule tree` inherit (a sector takes the target of the sector above it) or residual (the sectors left make their parent's target exact).",
         "Quy tắc cho phần không giao: `quy tắc theo kỳ` spread (quý lấy tốc độ của kỳ ngắn nhất có giao chứa nó) hoặc residual (các quý còn lại làm khớp mục tiêu lũy kế); `quy tắc theo cây ngành` inherit (ngành lấy mục tiêu của ngành cấp trên) hoặc residual (các ngành còn lại làm khớp mục tiêu của ngành cha)."),
        ("Provisional figures (a first estimate, a nowcast): type them in Actuals like the others and add one `provisional` row per figure in the Scenario sheet, its value the sector and the period (`GRDP Q2`).",
         "Số liệu sơ bộ (ước tính lần đầu, dự báo nhanh): nhập vào trang Thực hiện như các số khác và thêm một dòng `sơ bộ` cho mỗi số ở trang Kịch bản, giá trị là ngành và kỳ (`GRDP Quý II`)."),
        ("Sheet Owners (optional): one row per sector, or per sector and period (blank period: every period of the sector), the responsible department and the deadline (2025-09-30).",
         "Trang Cơ quan chủ trì (không bắt buộc): mỗi dòng một ngành, hoặc một ngành và một kỳ (để trống kỳ: mọi kỳ của ngành), cơ quan chủ trì và thời hạn (2025-09-30)."),
        ("Read it with grdpsim: gs.Scenario.from_excel(path), or grdpsim report --scenario FILE.xlsx.",
         "Đọc bằng grdpsim: gs.Scenario.from_excel(đường_dẫn), hoặc grdpsim report --scenario TỆP.xlsx."),
    ];
    lines
        .iter()
        .map(|(en, vi)| lang.pick(en, vi).to_owned())
        .collect()
}

fn missing_year(settings: &Sheet) -> GrdpsimError {
    settings.error(
        settings.header_row().unwrap_or(0),
        0,
        "no `year` row (năm): the scenario's year is required",
    )
}
