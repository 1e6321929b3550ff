//! The document layer (issue 12): one report model, rendered as text, Markdown, HTML and a
//! workbook that reads back with the same figures; a failed write leaves the old file.

#[path = "disbursement_support/mod.rs"]
mod support;

use calamine::{open_workbook_auto, Data, Reader};
use grdpsim::document::{Block, Cell, ChartKind, ChartSpec, Column, Document, Svg, Table};
use grdpsim::lang::Lang;
use grdpsim::GrdpsimError;
use support::TempDir;

const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="red"/></svg>"#;

fn gap_table(rows: usize) -> Table {
    let mut t = Table::new(
        "Chênh lệch 6 tháng | điểm %",
        vec![
            Column::text("Ngành"),
            Column::number("Mục tiêu", 2),
            Column::number("Thực hiện", 2),
            Column::number("Số dự án", 0),
        ],
    );
    for i in 0..rows {
        let target = if i == 1 {
            Cell::Empty
        } else {
            Cell::from(7.6 + i as f64)
        };
        t.push_row(vec![
            Cell::from(format!("S<{i}>")),
            target,
            Cell::from(6.555 + i as f64),
            Cell::from(1234.0),
        ])
        .unwrap();
    }
    t.with_chart(ChartSpec::new(
        ChartKind::Column,
        "Chênh lệch",
        0,
        vec![1, 2],
    ))
    .unwrap()
}

fn document(rows: usize) -> Document {
    let mut doc = Document::new("Báo cáo tiến độ & kịch bản", Lang::Vi);
    doc.subtitle = Some("Cao Bằng, 6 tháng 2025".into());
    doc.push(Block::Heading {
        level: 2,
        text: "Chênh lệch".into(),
    })
    .push(Block::Paragraph("GRDP tăng 6,56% <so với> 7,60%.".into()))
    .push(Block::Notes(vec![
        "Ghi chú một".into(),
        "Ghi chú hai".into(),
    ]))
    .push(Block::Table(gap_table(rows)))
    .push(Block::Svg(
        Svg::new(SVG, "biểu đồ chênh lệch")
            .unwrap()
            .with_caption("Hình 1"),
    ));
    doc
}

#[test]
fn text_aligns_numbers_with_their_decimals() {
    let text = document(3).to_text();
    assert!(text.starts_with("Báo cáo tiến độ & kịch bản\n=========================="));
    let row = text.lines().find(|l| l.starts_with("S<0>")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    // A Vietnamese document: decimal commas (no thousands separator, as in English).
    assert_eq!(cells, ["S<0>", "7,60", "6,55", "1234"]);
    // an empty cell shows as a dash; the image as its caption
    assert!(text
        .lines()
        .any(|l| l.starts_with("S<1>") && l.contains(" - ")));
    assert!(text.contains("[biểu đồ: Hình 1]"));
    assert!(text.contains("- Ghi chú hai"));
}

#[test]
fn markdown_escapes_and_aligns() {
    let md = document(2).to_markdown();
    assert!(md.starts_with("# Báo cáo tiến độ & kịch bản\n"));
    assert!(md.contains("## Chênh lệch"));
    assert!(md.contains("**Chênh lệch 6 tháng \\| điểm %**"));
    assert!(md.contains("| --- | ---: | ---: | ---: |"));
    assert!(md.contains("| S\\<0\\> | 7,60 | 6,55 | 1234 |"));
    assert!(md.contains("| S\\<1\\> |  | 7,55 | 1234 |"));
}

#[test]
fn html_is_self_contained_and_escaped() {
    let html = document(2).to_html();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    assert!(html.contains("<h1>Báo cáo tiến độ &amp; kịch bản</h1>"));
    assert!(html.contains("<p>GRDP tăng 6,56% &lt;so với&gt; 7,60%.</p>"));
    assert!(html.contains("<td class=\"num\">7,60</td>"));
    assert!(html.contains("data:image/svg+xml;base64,"));
    // nothing fetched: no external reference of any kind
    for external in ["http://", "https://", "<script", "<link", "url("] {
        let outside_svg = html.replace("http://www.w3.org", "");
        assert!(!outside_svg.contains(external), "{external} in the page");
    }
}

#[test]
fn workbook_reads_back_with_the_same_figures() {
    let dir = TempDir::new("document-xlsx");
    let path = dir.0.join("report.xlsx");
    document(3).write_xlsx(&path).unwrap();
    let mut wb = open_workbook_auto(&path).unwrap();
    let sheets = wb.sheet_names();
    assert_eq!(sheets[0], "Báo cáo");
    // the caption's '|' is kept, Excel's forbidden characters are not there
    assert_eq!(sheets[1], "Chênh lệch 6 tháng | điểm %");
    let summary = wb.worksheet_range("Báo cáo").unwrap();
    let first: Vec<String> = summary.rows().map(|r| r[0].to_string()).collect();
    assert_eq!(first[0], "Báo cáo tiến độ & kịch bản");
    assert!(first
        .iter()
        .any(|l| l.contains("→ trang tính 'Chênh lệch 6 tháng | điểm %'")));
    assert!(first.iter().any(|l| l == "• Ghi chú một"));
    let table = wb.worksheet_range(&sheets[1]).unwrap();
    assert_eq!(
        table.get_value((1, 1)),
        Some(&Data::String("Mục tiêu".into()))
    );
    // numbers are stored in full; the format only shows two decimals
    assert_eq!(table.get_value((2, 2)), Some(&Data::Float(6.555)));
    assert!(matches!(table.get_value((3, 1)), None | Some(Data::Empty)));
    assert_eq!(table.get_value((4, 0)), Some(&Data::String("S<2>".into())));
}

#[test]
fn tables_refuse_what_they_cannot_show() {
    let mut t = Table::new("t", vec![Column::text("a"), Column::number("b", 2)]);
    let err = t.push_row(vec![Cell::from("x")]).unwrap_err();
    assert!(
        err.to_string().contains("row 1 has 1 cells for 2 columns"),
        "{err}"
    );
    let err = t
        .push_row(vec![Cell::from("x"), Cell::from(f64::INFINITY)])
        .unwrap_err();
    assert!(matches!(err, GrdpsimError::InvalidArgument { .. }));
    assert!(err.to_string().contains("column \"b\": inf"), "{err}");
    assert!(t.rows().is_empty());
    let chart = |v| ChartSpec::new(ChartKind::Bar, "c", 0, v);
    assert!(
        t.clone().with_chart(chart(vec![0])).is_err(),
        "text column as values"
    );
    assert!(t.clone().with_chart(chart(vec![5])).is_err());
    assert!(t.clone().with_chart(chart(vec![])).is_err());
    assert!(Svg::new("<png>", "x").is_err());
}

#[test]
fn sheet_names_stay_unique_and_valid() {
    let dir = TempDir::new("document-sheets");
    let path = dir.0.join("r.xlsx");
    let mut doc = Document::new("t", Lang::En);
    for caption in ["Report", "a/b:c", "a/b:c", &"x".repeat(40)] {
        doc.push(Block::Table(Table::new(caption, vec![Column::text("h")])));
    }
    doc.write_xlsx(&path).unwrap();
    let wb = open_workbook_auto(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Report",
            "Report (2)",
            "a-b-c",
            "a-b-c (2)",
            &"x".repeat(31)
        ]
    );
}

/// The child half of the next test: writes a large workbook over `GRDPSIM_ATOMIC_TARGET`
/// under the file-size limit its parent set, and reports the error it got.
#[test]
#[ignore = "run by failed_write_leaves_the_old_file_byte_identical in a child process"]
fn child_write_under_file_size_limit() {
    let Ok(target) = std::env::var("GRDPSIM_ATOMIC_TARGET") else {
        return;
    };
    match document(20_000).write_xlsx(&target) {
        Err(GrdpsimError::Io { path, .. }) => println!("typed Io error for {path}"),
        other => println!("unexpected: {other:?}"),
    }
}

#[test]
fn failed_write_leaves_the_old_file_byte_identical() {
    let dir = TempDir::new("document-atomic");
    let path = dir.0.join("report.xlsx");
    document(2).write_xlsx(&path).unwrap();
    let before = std::fs::read(&path).unwrap();
    // A file-size limit (in 512-byte blocks under dash and bash) far below the large
    // workbook, with SIGXFSZ ignored so the write fails with EFBIG instead of killing.
    let exe = std::env::current_exe().unwrap();
    let limit = before.len() / 512 + 8;
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {limit}; exec \"$0\" --ignored --exact \
             child_write_under_file_size_limit --nocapture"
        ))
        .arg(&exe)
        .env("GRDPSIM_ATOMIC_TARGET", &path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("typed Io error for"), "{stdout}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let left: Vec<_> = std::fs::read_dir(&dir.0).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
}
