//! Reading a workbook that may be hostile, within stated limits.
//!
//! A sheet's XML states an extent (`<dimension ref="A1:XFD1048576">`) and places cells anywhere
//! on Excel's grid of 1,048,576 rows × 16,384 columns, in any order. A reader that makes a
//! dense table of that extent (calamine's `Range`) allocates rows × columns cells before
//! looking at one: two cells, `A1` and `XFD1048576`, ask for 549,755,813,888 bytes and abort the
//! process. So the sheets are read here cell by cell (calamine's cell reader) into a sparse map,
//! and every sheet is held to the [`Limits`] of the layout that reads it: no value beyond its
//! columns or rows, no more cells than it could hold. The package is checked before calamine
//! opens it (parts present, their sizes, the shared strings' declared count, which calamine
//! would reserve).
//!
//! Only `.xlsx` / `.xlsm` are read: the other formats calamine knows (`.xls`, `.xlsb`, `.ods`)
//! are read whole into dense tables by calamine, which no limit can guard; they are refused
//! with a typed error saying to save the file as `.xlsx`.
//!
//! Names are compared as people type them ([`name_key`]): Unicode NFC (a name typed on macOS
//! comes decomposed, `Thực hiện` as `Thu\u{31b}\u{323}c hie\u{302}\u{323}n`), case folded,
//! trimmed. Text cells are read in NFC, so a code typed in either form is one code.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataRef, Reader, SheetType, Xlsx, XlsxError, XlsxFormulaMetadata};

use unicode_normalization::UnicodeNormalization;

pub(crate) use super::names::{is_near, name_key};
use crate::date::Date;
use crate::error::{GrdpsimError, Result};

/// Excel's grid: a cell beyond it is not a cell of any spreadsheet.
const EXCEL_ROWS: u32 = 1_048_576;
const EXCEL_COLUMNS: u32 = 16_384;
/// The largest part of a package read (uncompressed): a sheet of ours is a few hundred KiB.
pub(crate) const MAX_PART_BYTES: u64 = 256 << 20;
/// The most parts a package may have (a workbook of ours has a dozen).
const MAX_PARTS: usize = 10_000;
/// The most shared strings a package may declare.
const MAX_SHARED_STRINGS: u64 = 4_000_000;

/// How large a sheet a layout reads: values beyond `columns` or `rows` (0-based: column
/// `columns` is the first refused) and more than `cells` values are refused before they are
/// stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Limits {
    pub columns: u32,
    pub rows: u32,
    pub cells: usize,
}

impl Limits {
    /// Cell elements read (values or not: styled blanks count) before a sheet is refused: they
    /// cost time even when they hold nothing.
    fn elements(self) -> usize {
        self.cells.saturating_mul(8)
    }
}

/// A sheet read within its limits: the cells that hold a value, by (row, column), 0-based.
#[derive(Debug, Clone, Default)]
// `name` and `limits` serve `rows`, which the store's imports use (feature `store`).
#[cfg_attr(not(feature = "store"), allow(dead_code))]
pub(crate) struct SheetCells {
    pub name: String,
    cells: BTreeMap<(u32, u32), Data>,
    /// One past the last row and column holding a value.
    end: (u32, u32),
    limits: Limits,
}

impl SheetCells {
    /// The value at (row, column); [`Data::Empty`] where the sheet holds none.
    pub fn get(&self, row: usize, col: usize) -> &Data {
        match (u32::try_from(row), u32::try_from(col)) {
            (Ok(r), Ok(c)) => self.cells.get(&(r, c)).unwrap_or(&Data::Empty),
            _ => &Data::Empty,
        }
    }

    /// One past the last row and column holding a value: (0, 0) for an empty sheet.
    pub fn end(&self) -> (usize, usize) {
        (self.end.0 as usize, self.end.1 as usize)
    }

    /// The rows holding a value, in order, each as its row index and its cells from column 0 to
    /// the sheet's last column.
    ///
    /// # Errors
    /// [`GrdpsimError::Workbook`] if the rows × columns of that table are more than four times
    /// the cells the layout holds (a few values scattered over a wide, tall sheet).
    #[cfg(feature = "store")]
    pub fn rows(&self, path: &str) -> Result<Vec<(usize, Vec<&Data>)>> {
        let width = self.end.1 as usize;
        let mut out: Vec<(usize, Vec<&Data>)> = Vec::new();
        let dense_limit = self.limits.cells.saturating_mul(4);
        for (&(r, c), v) in &self.cells {
            if out.last().is_none_or(|(last, _)| *last != r as usize) {
                if (out.len() + 1).saturating_mul(width) > dense_limit {
                    return Err(GrdpsimError::Workbook {
                        path: path.to_owned(),
                        part: format!("sheet {}", self.name),
                        message: format!(
                            "{} columns over more than {} rows: more than this layout holds \
                             ({dense_limit} cells)",
                            width,
                            out.len()
                        ),
                    });
                }
                out.push((r as usize, vec![&Data::Empty; width]));
            }
            if let Some((_, row)) = out.last_mut() {
                row[c as usize] = v;
            }
        }
        Ok(out)
    }
}

/// A workbook held in memory, its package checked, its sheets read on demand.
pub(crate) struct Workbook {
    /// The name errors give: the path, or the name an upload came with.
    name: String,
    xlsx: Xlsx<Cursor<Vec<u8>>>,
    has_shared_strings: bool,
}

/// The Excel name of a column: `D` for column 3 (0-based).
fn column_name(col: usize) -> String {
    let mut letters = String::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    letters
}

/// The Excel name of a cell: `D7` for row 6, column 3 (0-based).
pub(crate) fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", column_name(col), row + 1)
}

impl Workbook {
    /// Reads the file at `path` (named `display` in errors).
    ///
    /// # Errors
    /// [`GrdpsimError::Io`] if the file cannot be read or is not a workbook (corrupted,
    /// encrypted, another format); [`GrdpsimError::Workbook`] for a package that cannot be read
    /// safely.
    pub fn open(path: &Path, display: &str) -> Result<Self> {
        let io = |message: String| GrdpsimError::io_message(display, message);
        let meta = std::fs::metadata(path).map_err(|e| GrdpsimError::io(display, e))?;
        if meta.len() > MAX_PART_BYTES {
            return Err(io(format!(
                "{} bytes: larger than any workbook of ours (at most {MAX_PART_BYTES})",
                meta.len()
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| GrdpsimError::io(display, e))?;
        Self::from_bytes(display, bytes)
    }

    /// Reads a workbook held in memory (an upload), named `name` in errors.
    ///
    /// # Errors
    /// As [`Workbook::open`].
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Self> {
        let io = |message: String| GrdpsimError::io_message(name, message);
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Err(io(
                "not a readable workbook: an OLE container, that is an encrypted \
                 (password-protected) workbook or an Excel 97-2003 .xls; save a copy as .xlsx \
                 without a password and read that (một tệp .xls hoặc có mật khẩu: hãy lưu \
                 thành .xlsx không mật khẩu)"
                    .into(),
            ));
        }
        if !bytes.starts_with(b"PK") {
            return Err(io(
                "not a readable workbook (corrupted or not Excel): save it as .xlsx \
                 (tệp hỏng hoặc không phải Excel: hãy lưu thành .xlsx)"
                    .into(),
            ));
        }
        let has_shared_strings = check_package(name, &bytes)?;
        let xlsx = Xlsx::new(Cursor::new(bytes)).map_err(|e| package_error(name, &e))?;
        Ok(Self {
            name: name.to_owned(),
            xlsx,
            has_shared_strings,
        })
    }

    /// The names of the worksheets (chart sheets left out), in the workbook's order.
    pub fn sheet_names(&self) -> Vec<String> {
        self.xlsx
            .sheets_metadata()
            .iter()
            .filter(|s| s.typ == SheetType::WorkSheet)
            .map(|s| s.name.clone())
            .collect()
    }

    /// The sheet `name`, read cell by cell within `limits`.
    ///
    /// # Errors
    /// [`GrdpsimError::Workbook`] naming the sheet for a malformed sheet, a cell beyond Excel's
    /// grid, a value beyond the layout's columns or rows, more cells than `limits` allow;
    /// [`GrdpsimError::WorkbookCell`] for a formula without a stored value.
    pub fn sheet(&mut self, name: &str, limits: Limits) -> Result<SheetCells> {
        let path = self.name.clone();
        let has_shared_strings = self.has_shared_strings;
        let refuse = |message: String| GrdpsimError::Workbook {
            path: path.clone(),
            part: format!("sheet {name}"),
            message,
        };
        let failed = |e: XlsxError| {
            if !has_shared_strings && matches!(e, XlsxError::Unexpected(_)) {
                GrdpsimError::Workbook {
                    path: path.clone(),
                    part: "xl/sharedStrings.xml".into(),
                    message: format!(
                        "the part is missing, but sheet {name} refers to its strings ({e}) \
                         (thiếu phần xl/sharedStrings.xml)"
                    ),
                }
            } else {
                refuse(e.to_string())
            }
        };
        let mut reader = self.xlsx.worksheet_cells_reader(name).map_err(failed)?;
        let declared = reader.dimensions();
        if declared.end.0 >= EXCEL_ROWS || declared.end.1 >= EXCEL_COLUMNS {
            return Err(refuse(format!(
                "its declared extent ends at {}, beyond Excel's grid of {EXCEL_ROWS} rows × \
                 {EXCEL_COLUMNS} columns",
                cell_name(declared.end.0 as usize, declared.end.1 as usize)
            )));
        }
        let mut sheet = SheetCells {
            name: name.to_owned(),
            limits,
            ..SheetCells::default()
        };
        let mut elements = 0usize;
        // Formulas as metadata: the expanding reader (`next_cell_with_formula`) grows a table
        // to a shared formula's declared index (`<f t="shared" si="1000000000000">`).
        while let Some(cell) = reader.next_cell_with_formula_metadata().map_err(failed)? {
            elements += 1;
            if elements > limits.elements() {
                return Err(refuse(format!(
                    "more than {} cells (values or blanks): more than a sheet of this layout \
                     holds",
                    limits.elements()
                )));
            }
            let (r, c) = cell.pos;
            let at = cell_name(r as usize, c as usize);
            if r >= EXCEL_ROWS || c >= EXCEL_COLUMNS {
                return Err(refuse(format!("cell {at} is beyond Excel's grid")));
            }
            let value = to_data(cell.value);
            if value == Data::Empty {
                let formula = match cell.formula {
                    Some(
                        XlsxFormulaMetadata::Normal { formula }
                        | XlsxFormulaMetadata::Shared { formula, .. },
                    ) => Some(formula),
                    // Its text is its group's, moved to this cell.
                    Some(XlsxFormulaMetadata::SharedDerived { .. }) => Some("…".to_owned()),
                    _ => None,
                };
                if let Some(formula) = formula.filter(|f| !f.trim().is_empty()) {
                    return Err(GrdpsimError::WorkbookCell {
                        path: path.clone(),
                        sheet: name.to_owned(),
                        cell: at,
                        value: format!("={formula}"),
                        message: "a formula without a stored value: open and save the \
                                  workbook in Excel, or type the value (công thức chưa có giá \
                                  trị: hãy mở và lưu tệp bằng Excel, hoặc nhập giá trị)"
                            .into(),
                    });
                }
                continue;
            }
            if c >= limits.columns {
                return Err(refuse(format!(
                    "cell {at} holds a value beyond column {}: this layout has at most {} \
                     columns",
                    column_name(limits.columns as usize - 1),
                    limits.columns
                )));
            }
            if r >= limits.rows {
                return Err(refuse(format!(
                    "cell {at} holds a value beyond row {}: this layout has at most {} rows",
                    limits.rows, limits.rows
                )));
            }
            sheet.cells.insert((r, c), value);
            if sheet.cells.len() > limits.cells {
                return Err(refuse(format!(
                    "more than {} cells with values: more than this layout holds",
                    limits.cells
                )));
            }
            sheet.end = (sheet.end.0.max(r + 1), sheet.end.1.max(c + 1));
        }
        Ok(sheet)
    }
}

/// A cell's value, owned, its text in NFC.
fn to_data(value: DataRef<'_>) -> Data {
    match value {
        DataRef::SharedString(s) => Data::String(s.nfc().collect()),
        DataRef::String(s) => Data::String(s.nfc().collect()),
        other => other.into(),
    }
}

/// A calamine error opening the package, as a typed error naming the part when calamine does.
fn package_error(name: &str, e: &XlsxError) -> GrdpsimError {
    let part = match e {
        XlsxError::FileNotFound(part) => part.clone(),
        _ => "package".into(),
    };
    let message = match e {
        XlsxError::FileNotFound(_) => "the part is missing (thiếu phần này của tệp)".to_owned(),
        other => format!("not a readable workbook ({other})"),
    };
    GrdpsimError::Workbook {
        path: name.to_owned(),
        part,
        message,
    }
}

/// Checks the package before calamine opens it: a zip with a bounded number of parts, each of
/// a bounded size, no other spreadsheet format, and a shared strings table that declares no
/// more strings than it could hold. Whether the shared strings part exists.
fn check_package(name: &str, bytes: &[u8]) -> Result<bool> {
    let refuse = |part: &str, message: String| GrdpsimError::Workbook {
        path: name.to_owned(),
        part: part.to_owned(),
        message,
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        GrdpsimError::io_message(
            name,
            format!("not a readable workbook (corrupted or not Excel): {e}"),
        )
    })?;
    if zip.len() > MAX_PARTS {
        return Err(refuse(
            "package",
            format!("{} parts: a workbook has far fewer", zip.len()),
        ));
    }
    let mut shared = None;
    let mut other_format = None;
    for i in 0..zip.len() {
        let part = zip
            .by_index_raw(i)
            .map_err(|e| refuse("package", e.to_string()))?;
        let part_name = part
            .name()
            .map_err(|e| refuse("package", e.to_string()))?
            .into_owned();
        if part.size() > MAX_PART_BYTES {
            return Err(refuse(
                &part_name,
                format!(
                    "{} bytes uncompressed: larger than any part of a workbook of ours \
                     (at most {MAX_PART_BYTES})",
                    part.size()
                ),
            ));
        }
        let lower = part_name.to_ascii_lowercase();
        if lower.ends_with("sharedstrings.xml") {
            shared = Some(part_name);
        } else if lower == "xl/workbook.bin" || lower == "content.xml" {
            other_format = Some(part_name);
        }
    }
    for i in 0..zip.len() {
        let part = zip
            .by_index(i)
            .map_err(|e| refuse("package", e.to_string()))?;
        let part_name = part
            .name()
            .map(std::borrow::Cow::into_owned)
            .unwrap_or_default();
        let size = part.size();
        if let Err(message) = check_references(std::io::BufReader::new(part), size) {
            return Err(refuse(&part_name, message));
        }
    }
    if let Some(part) = other_format {
        return Err(refuse(
            &part,
            "an .xlsb or .ods workbook: save it as .xlsx (Excel Workbook) and read that \
             (hãy lưu thành .xlsx)"
                .into(),
        ));
    }
    Ok(shared.is_some())
}

/// Whether an attribute's value is one the reader can take.
type Valid = fn(&[u8]) -> bool;

/// Checks every cell reference a sheet's XML gives (`<dimension ref>`, `<row r>`, `<c r>`,
/// `<f ref>`) and every shared formula index (`<f si>`) before calamine parses them:
/// calamine's own arithmetic on references overflows (a panic in a debug build, a wrong cell
/// in a release one) for one of many letters or digits, or a range that ends before it starts.
/// And the shared strings table's declared count (`<sst uniqueCount>`), which calamine
/// reserves before reading a string: no more than the part's `size` bytes hold. Text that is
/// not XML is left to calamine, which refuses it.
fn check_references(part: impl std::io::BufRead, size: u64) -> std::result::Result<(), String> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(part);
    // As calamine reads the part, so that both see the same elements.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let e = match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => e,
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => continue,
        };
        let element: &str = e.local_name().into_inner();
        if element == "sst" {
            check_declared_count(&e, size)?;
            continue;
        }
        let checks: &[(&str, Valid)] = match element {
            "c" => &[("r", |t| cell_ref(t).is_some())],
            "row" => &[("r", |t| row_number(t).is_some())],
            "dimension" => &[("ref", range_ref)],
            // A shared formula's index: one per formula group, never more than the cells.
            "f" => &[("ref", range_ref), ("si", shared_index)],
            _ => continue,
        };
        for a in e.attributes().flatten() {
            let attr = a.key.local_name().into_inner();
            let invalid = checks
                .iter()
                .any(|(name, valid)| *name == attr && !valid(a.value.as_bytes()));
            if invalid {
                return Err(format!(
                    "<{element} {attr}=\"{}\">: not a cell of Excel's grid",
                    a.value.chars().take(40).collect::<String>()
                ));
            }
        }
    }
}

/// A shared formula's index (`si`, from 0): fewer than a million groups.
fn shared_index(digits: &[u8]) -> bool {
    (1..=6).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit)
}

/// A row number of Excel's grid (1-based).
fn row_number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 7 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = digits
        .iter()
        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    (1..=EXCEL_ROWS).contains(&n).then_some(n)
}

/// A cell of Excel's grid, `A1` to `XFD1048576` (a column without a row is not one).
fn cell_ref(text: &[u8]) -> Option<(u32, u32)> {
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters > 3 {
        return None;
    }
    let col = text[..letters].iter().fold(0u32, |c, b| {
        c * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    if col > EXCEL_COLUMNS {
        return None;
    }
    Some((row_number(&text[letters..])?, col))
}

/// A cell or a range of cells `A1:D7` whose end is not before its start.
fn range_ref(text: &[u8]) -> bool {
    let mut parts = text.split(|b| *b == b':');
    let (Some(start), end, None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    match (cell_ref(start), end.map(cell_ref)) {
        (Some(_), None) => true,
        (Some(a), Some(Some(b))) => a.0 <= b.0 && a.1 <= b.1,
        _ => false,
    }
}

/// The shared strings table's `uniqueCount` (the strings it holds, which calamine reserves
/// room for): each string takes at least `<si><t/></si>`, 13 bytes, of the part's `size`.
/// `count` is the number of cells that refer to a string, which a workbook of repeated
/// strings (as `rust_xlsxwriter` and Excel write them) has far more of: calamine does not read it.
fn check_declared_count(
    sst: &quick_xml::events::BytesStart<'_>,
    size: u64,
) -> std::result::Result<(), String> {
    for a in sst.attributes().with_checks(false).flatten() {
        let name = a.key.local_name().into_inner();
        let digits = a.value.trim();
        if name != "uniqueCount" || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            continue;
        }
        // Too many digits for a u64 is more than any limit.
        let count = digits.parse::<u64>().unwrap_or(u64::MAX);
        if count > MAX_SHARED_STRINGS || count > size / 13 + 1 {
            return Err(format!(
                "declares {count} strings: more than its {size} bytes hold (at most \
                 {MAX_SHARED_STRINGS})"
            ));
        }
    }
    Ok(())
}

/// The text of a cell as the CSV reader would see it. Dates (Excel serial numbers) become ISO
/// dates; whole numbers print without a decimal point.
pub(crate) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            // Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included).
            let serial = d.as_f64().floor() as i32;
            Date::new(1899, 12, 30)
                .map_or_else(|_| String::new(), |z| z.add_days(serial).to_string())
        }
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_as_people_type_them() {
        let nfd: String = "Thực hiện".nfd().collect();
        assert_ne!(nfd, "Thực hiện");
        assert_eq!(name_key(&nfd), name_key("  THỰC  HIỆN "));
        assert!(is_near("Actuals", "Actual"));
        assert!(is_near("Thực hiện", "Thực hiện (%)"));
        assert!(is_near("Thực hiện", "Thuc hien"));
        assert!(is_near("Targets", "Tagrets"));
        assert!(!is_near("Actuals", "actuals"));
        assert!(!is_near("Actuals", "Instructions"));
        assert!(!is_near("Targets", "Hướng dẫn"));
    }

    #[test]
    fn shared_strings_count_is_read_as_calamine_reads_the_tag() {
        let sst = |tag: &str| format!("<?xml version=\"1.0\"?>{tag}<si><t>a</t></si></sst>");
        let ok = sst(r#"<sst xmlns="x" count="1" uniqueCount="1">"#);
        assert_eq!(check_references(ok.as_bytes(), 1000), Ok(()));
        // A `>` inside a quoted value, the tag far into the part, a count too long for u64.
        for tag in [
            r#"<sst xmlns="x>y" uniqueCount="99999999999">"#,
            &format!(
                "<!--{}--><sst uniqueCount=\"99999999999\">",
                "x".repeat(100_000)
            ),
            r#"<sst uniqueCount="99999999999999999999999">"#,
        ] {
            let part = sst(tag);
            let e = check_references(part.as_bytes(), part.len() as u64).unwrap_err();
            assert!(e.contains("declares"), "{e}");
        }
        // `count` counts the cells that refer to a string: one string used by 90,000 cells
        // is a workbook like any other (it was refused when `count` was read as the strings').
        let repeated = sst(r#"<sst xmlns="x" count="90000" uniqueCount="1">"#);
        assert_eq!(
            check_references(repeated.as_bytes(), repeated.len() as u64),
            Ok(())
        );
    }

    #[test]
    fn references_beyond_the_grid_are_refused_before_calamine_reads_them() {
        assert_eq!(cell_ref(b"A1"), Some((1, 1)));
        assert_eq!(cell_ref(b"xfd1048576"), Some((1_048_576, 16_384)));
        for bad in [
            &b"XFE1"[..],
            b"A1048577",
            b"AAAA1",
            b"A0",
            b"A",
            b"1A",
            b"A99999999999",
        ] {
            assert_eq!(cell_ref(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        assert!(range_ref(b"A1:XFD1048576") && range_ref(b"C3"));
        assert!(!range_ref(b"B5:A1") && !range_ref(b"A1:B2:C3") && !range_ref(b"A1:"));
        let sheet = br#"<worksheet><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#;
        assert_eq!(check_references(&sheet[..], 1000), Ok(()));
        let bad = br#"<worksheet><dimension ref="B5:A1"/></worksheet>"#;
        assert!(check_references(&bad[..], 1000)
            .unwrap_err()
            .contains("B5:A1"));
        let bad = br#"<worksheet><sheetData><row r="1"><c r="ZZZZZZZZZZZZ1"/></row></sheetData></worksheet>"#;
        assert!(check_references(&bad[..], 1000).is_err());
        // Mismatched end tags do not stop the check (calamine reads past them).
        let bad =
            br#"<worksheet><sheetData></a><row r="99999999999"></row></sheetData></worksheet>"#;
        assert!(check_references(&bad[..], 1000).is_err());
    }

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }
}
