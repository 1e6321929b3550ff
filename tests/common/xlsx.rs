//! Minimal `.xlsx` packages written by hand (stored zip entries), for workbooks no spreadsheet
//! program would write: cells far apart, rows out of order, parts missing, formulas without
//! their values. Nothing binary is checked in; each test builds its file.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::{Read as _, Write as _};

/// A cell: its reference (`A1`) and what it holds.
#[derive(Clone, Copy)]
pub enum Cell<'a> {
    Text(&'a str, &'a str),
    Number(&'a str, f64),
    /// A formula without a stored value (`=4*2` as a program writes it, never calculated).
    Formula(&'a str, &'a str),
    /// A shared string by index (the package then needs `xl/sharedStrings.xml`).
    Shared(&'a str, usize),
}

/// The header row of a payments sheet (the disbursement tracker's weekly update).
pub const PAYMENTS_HEADER: [Cell<'static>; 4] = [
    Cell::Text("A1", "project"),
    Cell::Text("B1", "week_ending"),
    Cell::Text("C1", "source"),
    Cell::Text("D1", "amount"),
];

/// The `<sheetData>` of cells, one `<row>` per cell's row in the order given.
pub fn sheet_data(cells: &[Cell]) -> String {
    let mut rows: Vec<(String, String)> = Vec::new();
    for cell in cells {
        let (r, xml) = match cell {
            Cell::Text(at, t) => (
                *at,
                format!(
                    r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#,
                    escape(t)
                ),
            ),
            Cell::Number(at, x) => (*at, format!(r#"<c r="{at}"><v>{x}</v></c>"#)),
            Cell::Formula(at, f) => (*at, format!(r#"<c r="{at}"><f>{}</f></c>"#, escape(f))),
            Cell::Shared(at, i) => (*at, format!(r#"<c r="{at}" t="s"><v>{i}</v></c>"#)),
        };
        let row: String = r.chars().skip_while(char::is_ascii_alphabetic).collect();
        match rows.iter_mut().find(|(n, _)| *n == row) {
            Some((_, cells)) => cells.push_str(&xml),
            None => rows.push((row, xml)),
        }
    }
    let mut xml = String::new();
    for (n, cells) in &rows {
        let _ = write!(xml, r#"<row r="{n}">{cells}</row>"#);
    }
    xml
}

fn escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A worksheet part with `sheet_data` inside and an optional declared extent.
pub fn worksheet(dimension: Option<&str>, sheet_data: &str) -> String {
    let dim = dimension.map_or_else(String::new, |d| format!(r#"<dimension ref="{d}"/>"#));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{sheet_data}</sheetData></worksheet>"#
    )
}

/// The parts of a package: each sheet's name and worksheet XML, and the shared strings
/// (`None`: no `xl/sharedStrings.xml` part).
pub fn parts(sheets: &[(&str, String)], shared: Option<&[&str]>) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let mut book = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, xml)) in sheets.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            types,
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        );
        let _ = write!(
            book,
            r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
            escape(name).replace('"', "&quot;")
        );
        let _ = write!(
            rels,
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        );
        out.push((
            format!("xl/worksheets/sheet{n}.xml"),
            xml.clone().into_bytes(),
        ));
    }
    if let Some(strings) = shared {
        types.push_str(r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#);
        let _ = write!(
            rels,
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#,
            sheets.len() + 1
        );
        let mut si = String::new();
        for s in strings {
            let _ = write!(si, "<si><t>{}</t></si>", escape(s));
        }
        out.push((
            "xl/sharedStrings.xml".into(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">{si}</sst>"#,
                strings.len()
            )
            .into_bytes(),
        ));
    }
    types.push_str("</Types>");
    book.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    let mut all = vec![
        ("[Content_Types].xml".to_owned(), types.into_bytes()),
        (
            "_rels/.rels".to_owned(),
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec(),
        ),
        ("xl/workbook.xml".to_owned(), book.into_bytes()),
        ("xl/_rels/workbook.xml.rels".to_owned(), rels.into_bytes()),
    ];
    all.extend(out);
    all
}

/// A zip of `parts`, stored (uncompressed).
pub fn zip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        w.start_file(name.as_str(), opts).expect("zip entry");
        w.write_all(bytes).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// A workbook of `sheets` (name, cells), with inline strings.
pub fn workbook(sheets: &[(&str, &[Cell])]) -> Vec<u8> {
    let sheets: Vec<(&str, String)> = sheets
        .iter()
        .map(|(n, cells)| (*n, worksheet(None, &sheet_data(cells))))
        .collect();
    zip(&parts(&sheets, None))
}

/// The parts of a zip, in order, to change one and zip them again.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("a zip entry");
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("an entry's bytes");
            (f.name().expect("an entry's name").into_owned(), bytes)
        })
        .collect()
}
