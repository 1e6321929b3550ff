//! Scenario workbooks (issue 12): the Cao Bằng scenario written and read back equal in both
//! languages; a finance department's own layout (Vietnamese headers, names instead of codes,
//! title rows, blanks); broken workbooks as typed errors naming the sheet and cell.

#[path = "disbursement_support/mod.rs"]
mod support;

use grdpsim::lang::Lang;
use grdpsim::{datasets, GrdpsimError, Scenario};
use rust_xlsxwriter::Workbook;
use support::TempDir;

#[test]
fn cao_bang_round_trips_through_a_workbook_in_both_languages() {
    let cb = datasets::cao_bang_2025().unwrap();
    let dir = TempDir::new("scenario-xlsx");
    for lang in Lang::ALL {
        let path = dir.0.join(format!("cb-{lang}.xlsx"));
        cb.write_xlsx(&path, lang).unwrap();
        let back = Scenario::from_xlsx(&path, None).unwrap();
        assert_eq!(back, cb, "{lang}");
    }
}

/// The province's own sheet: a title row, Vietnamese headers, names for some rows, blanks.
fn provincial_workbook(path: &std::path::Path, bad_cell: Option<&str>) {
    let cb = datasets::cao_bang_2025().unwrap();
    let mut wb = Workbook::new();
    // The base levels as grdpsim writes them, then the sheets as a department would type them.
    let tables = cb.workbook_tables(Lang::Vi).unwrap();
    let base = tables
        .iter()
        .find(|t| t.caption() == "Số liệu năm gốc")
        .unwrap();
    let ws = wb.add_worksheet().set_name("Kịch bản").unwrap();
    ws.write_string(0, 0, "Mục").unwrap();
    ws.write_string(0, 1, "Giá trị").unwrap();
    ws.write_string(1, 0, "Năm").unwrap();
    ws.write_number(1, 1, 2025).unwrap();
    ws.write_string(2, 0, "Cây ngành").unwrap();
    ws.write_string(2, 1, "provincial_detailed").unwrap();
    let ws = wb.add_worksheet().set_name("Mục tiêu").unwrap();
    ws.write_string(0, 0, "KỊCH BẢN TĂNG TRƯỞNG NĂM 2025 (%)")
        .unwrap();
    for (c, h) in [
        "Mã ngành",
        "Tên ngành",
        "Quý I",
        "Quý II",
        "6 tháng",
        "Quý III",
        "Cả năm",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, [Option<f64>; 5]); 3] = [
        (
            "GRDP",
            "",
            [Some(6.88), Some(8.25), Some(7.6), Some(9.41), Some(8.0)],
        ),
        (
            "",
            "Nông, lâm nghiệp và thủy sản",
            [None, Some(5.68), None, None, Some(3.3)],
        ),
        ("DV", "Dịch vụ", [None, Some(9.78), None, None, Some(8.24)]),
    ];
    for (r, (code, name, figures)) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        ws.write_string(r, 0, *code).unwrap();
        ws.write_string(r, 1, *name).unwrap();
        for (c, x) in figures.iter().enumerate() {
            if let Some(x) = x {
                ws.write_number(r, c as u16 + 2, *x).unwrap();
            }
        }
    }
    if let Some(text) = bad_cell {
        ws.write_string(4, 3, text).unwrap(); // D5: NLTS, Quý II
    }
    let ws = wb.add_worksheet().set_name("Số liệu năm gốc").unwrap();
    for (c, col) in base.columns().iter().enumerate() {
        ws.write_string(0, c as u16, &col.header).unwrap();
    }
    for (r, row) in base.rows().iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell {
                grdpsim::document::Cell::Text(t) => ws.write_string(r as u32 + 1, c as u16, t),
                grdpsim::document::Cell::Number(x) => ws.write_number(r as u32 + 1, c as u16, *x),
                grdpsim::document::Cell::Empty => continue,
            }
            .unwrap();
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn a_departments_own_layout_reads_with_blanks_as_not_stated() {
    let dir = TempDir::new("scenario-xlsx-own");
    let path = dir.0.join("kich_ban.xlsx");
    provincial_workbook(&path, None);
    let sc = Scenario::from_xlsx(&path, None).unwrap();
    let cb = datasets::cao_bang_2025().unwrap();
    // the stated figures of the rows given, nothing for the blanks
    for (sector, period) in [("GRDP", "H1"), ("GRDP", "Y"), ("NLTS", "Q2"), ("DV", "Y")] {
        let stated = |s: &Scenario| {
            s.targets()
                .into_iter()
                .find(|t| t.sector == sector && t.period.ends_with(period))
                .map(|t| t.growth_pct)
        };
        assert_eq!(stated(&sc), stated(&cb), "{sector} {period}");
    }
    assert!(sc
        .targets()
        .iter()
        .all(|t| t.sector != "NLTS" || t.period != "Q1"));
    assert_eq!(sc.targets().len(), 5 + 2 + 2);
}

#[test]
fn a_cell_that_is_not_a_number_names_sheet_and_cell() {
    let dir = TempDir::new("scenario-xlsx-bad");
    let path = dir.0.join("kich_ban.xlsx");
    provincial_workbook(&path, Some("năm phẩy sáu"));
    match Scenario::from_xlsx(&path, None).unwrap_err() {
        GrdpsimError::WorkbookCell {
            sheet, cell, value, ..
        } => {
            assert_eq!((sheet.as_str(), cell.as_str()), ("Mục tiêu", "D5"));
            assert_eq!(value, "năm phẩy sáu");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn broken_workbooks_are_typed_errors() {
    let dir = TempDir::new("scenario-xlsx-broken");
    // corrupted: the first half of a good workbook
    let good = dir.0.join("good.xlsx");
    datasets::cao_bang_2025()
        .unwrap()
        .write_xlsx(&good, Lang::En)
        .unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.0.join("cut.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let e = Scenario::from_xlsx(&cut, None).unwrap_err();
    assert!(matches!(e, GrdpsimError::Io { .. }), "{e:?}");
    assert!(e.to_string().contains("not a readable workbook"), "{e}");
    // password-protected: Excel stores those as an OLE compound file
    let locked = dir.0.join("locked.xlsx");
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(4096, 0);
    std::fs::write(&locked, cfb).unwrap();
    let e = Scenario::from_xlsx(&locked, None).unwrap_err();
    assert!(e.to_string().contains("password-protected"), "{e}");
    // empty: one blank sheet
    let empty = dir.0.join("empty.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet();
    wb.save(&empty).unwrap();
    match Scenario::from_xlsx(&empty, None).unwrap_err() {
        GrdpsimError::WorkbookCell { message, .. } => {
            assert!(
                message.contains("no sheet Scenario / Kịch bản (sheets: Sheet1)"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    // wrong layout: the settings sheet without its header, then a period that is not one
    let wrong = dir.0.join("wrong.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Scenario").unwrap();
    ws.write_string(0, 0, "year").unwrap();
    ws.write_number(0, 1, 2025).unwrap();
    wb.save(&wrong).unwrap();
    match Scenario::from_xlsx(&wrong, None).unwrap_err() {
        GrdpsimError::WorkbookCell {
            sheet,
            cell,
            message,
            ..
        } => {
            assert_eq!((sheet.as_str(), cell.as_str()), ("Scenario", "A1"));
            assert!(message.contains("no header row"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Scenario").unwrap();
    for (r, (k, v)) in [("key", "value"), ("year", "2025")].iter().enumerate() {
        ws.write_string(r as u32, 0, *k).unwrap();
        ws.write_string(r as u32, 1, *v).unwrap();
    }
    let ws = wb.add_worksheet().set_name("Targets").unwrap();
    for (c, h) in ["sector", "Q1", "Quý 5"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    wb.save(&wrong).unwrap();
    match Scenario::from_xlsx(&wrong, None).unwrap_err() {
        GrdpsimError::WorkbookCell { sheet, cell, .. } => {
            assert_eq!((sheet.as_str(), cell.as_str()), ("Targets", "C1"));
        }
        other => panic!("{other:?}"),
    }
}
