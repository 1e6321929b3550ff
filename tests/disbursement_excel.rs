//! Excel workbooks: the template round trip, all-or-nothing across sheets, dates as Excel
//! dates (issue 10).

mod disbursement_support;

use disbursement_support::TempDir;
use grdpsim::disbursement::{write_template_xlsx, Level, Tracker};
use grdpsim::monitoring::Date;
use grdpsim::GrdpsimError;
use rust_xlsxwriter::{Format, Workbook};

fn excel_serial(d: &str) -> f64 {
    let d: Date = d.parse().unwrap();
    f64::from(d.days_since(Date::new(1899, 12, 30).unwrap()))
}

/// A workbook with a projects sheet, a payments sheet (week endings as Excel dates) and a
/// notes sheet that is skipped; `amount` is the second payment's amount cell.
fn workbook(path: &std::path::Path, amount: &str) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet().set_name("projects").unwrap();
    for (c, h) in ["project", "name", "investor", "capital_source"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, p) in ["DA-001", "DA-002"].iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *p).unwrap();
        ws.write_string(r, 1, format!("Road {p}")).unwrap();
        ws.write_string(r, 2, "BQL-1").unwrap();
        ws.write_string(r, 3, "NSDP").unwrap();
    }
    let ws = wb.add_worksheet().set_name("payments").unwrap();
    for (c, h) in ["project", "week_ending", "source", "amount"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "DA-001").unwrap();
    ws.write_number_with_format(1, 1, excel_serial("2025-07-04"), &date)
        .unwrap();
    ws.write_string(1, 2, "treasury").unwrap();
    ws.write_number(1, 3, 120.0).unwrap();
    ws.write_string(2, 0, "DA-002").unwrap();
    ws.write_number_with_format(2, 1, excel_serial("2025-07-04"), &date)
        .unwrap();
    ws.write_string(2, 2, "treasury").unwrap();
    match amount.parse::<f64>() {
        Ok(x) => ws.write_number(2, 3, x).unwrap(),
        Err(_) => ws.write_string(2, 3, amount).unwrap(),
    };
    let notes = wb.add_worksheet().set_name("_notes").unwrap();
    notes.write_string(0, 0, "anything at all").unwrap();
    wb.save(path).unwrap();
}

#[test]
fn a_workbook_imports_all_its_sheets_with_excel_dates() {
    let dir = TempDir::new("xlsx");
    let path = dir.0.join("week27.xlsx");
    workbook(&path, "80.5");
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    let r = t.import_workbook(&path, "lan").unwrap();
    // 4 rows: 2 projects and 2 payments, all new; 5 records: the projects' one investor too.
    assert_eq!(
        (r.rows, r.inserted, r.unchanged, r.records_written),
        (4, 4, 0, 2 + 1 + 2)
    );
    let r = t.import_workbook(&path, "lan").unwrap();
    assert_eq!((r.inserted, r.updated), (0, 0));
    let s = t
        .status("2025-07-04".parse().unwrap(), Level::Project)
        .unwrap();
    let paid: Vec<f64> = s.rows.iter().map(|r| r.paid).collect();
    assert_eq!(paid, vec![120.0, 80.5]);
}

#[test]
fn a_bad_sheet_rejects_the_whole_workbook_naming_sheet_row_and_column() {
    let dir = TempDir::new("xlsx-bad");
    let path = dir.0.join("week27.xlsx");
    workbook(&path, "abc");
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    let err = t.import_workbook(&path, "lan").unwrap_err();
    let GrdpsimError::ImportRejected { problems, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(problems.len(), 1);
    let p = &problems[0];
    assert_eq!(
        (
            p.sheet.as_deref(),
            p.row,
            p.column.as_str(),
            p.value.as_str()
        ),
        (Some("payments"), 3, "amount", "abc")
    );
    assert!(err
        .to_string()
        .contains("sheet payments row 3 column amount"));
    // Nothing from the good projects sheet was written either.
    let s = t
        .status("2025-07-04".parse().unwrap(), Level::Project)
        .unwrap();
    assert!(s.rows.is_empty());
}

#[test]
fn the_template_imports_once_its_projects_exist() {
    let dir = TempDir::new("xlsx-template");
    let path = dir.0.join("template.xlsx");
    write_template_xlsx(&path).unwrap();
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    t.import_csv_str(
        "p.csv",
        "project,name,investor,capital_source\nDA-001,a,A,NSDP\nDA-002,b,A,NSDP\n",
        "me",
    )
    .unwrap();
    let r = t.import_workbook(&path, "me").unwrap();
    assert_eq!(r.inserted, 2);
    assert!(matches!(
        t.import_workbook(dir.0.join("missing.xlsx"), "me"),
        Err(GrdpsimError::Io { .. })
    ));
}

#[test]
fn the_template_workbook_is_written_atomically() {
    disbursement_support::assert_writes_workbooks_atomically("xlsx-atomic", "template.xlsx", |p| {
        write_template_xlsx(p)
    });
}

#[test]
fn the_template_has_the_payment_columns() {
    let header = grdpsim::disbursement::TEMPLATE_CSV.lines().next().unwrap();
    assert_eq!(header, grdpsim::disbursement::PAYMENT_COLUMNS.join(","));
}

/// Issue 26: the Treasury's advances and recoveries as sheets of one workbook with the
/// project they belong to, Vietnamese headers and Excel dates; a recovery beyond the advance
/// refuses the whole workbook naming its sheet, row and column.
#[test]
fn advances_and_recoveries_import_from_a_workbook_with_vietnamese_headers() {
    let dir = TempDir::new("xlsx-advances");
    let write = |name: &str, recovered: f64| {
        let path = dir.0.join(name);
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        let ws = wb.add_worksheet().set_name("Dự án").unwrap();
        for (c, h) in ["project", "name", "investor", "capital_source"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (c, v) in ["DA-001", "Road", "BQL-1", "NSDP"].iter().enumerate() {
            ws.write_string(1, c as u16, *v).unwrap();
        }
        let ws = wb.add_worksheet().set_name("Tạm ứng").unwrap();
        for (c, h) in [
            "Mã dự án",
            "Số chứng từ",
            "Ngày tạm ứng",
            "Số tiền",
            "Mục đích",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_string(1, 0, "DA-001").unwrap();
        ws.write_string(1, 1, "TU-1").unwrap();
        ws.write_number_with_format(1, 2, excel_serial("2025-02-14"), &date)
            .unwrap();
        ws.write_number(1, 3, 300.0).unwrap();
        ws.write_string(1, 4, "Giải phóng mặt bằng").unwrap();
        let ws = wb.add_worksheet().set_name("Thu hồi").unwrap();
        for (c, h) in [
            "Mã dự án",
            "Số chứng từ",
            "Ngày thu hồi",
            "Số tiền",
            "Chứng từ tạm ứng",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_string(1, 0, "DA-001").unwrap();
        ws.write_string(1, 1, "TH-1").unwrap();
        ws.write_number_with_format(1, 2, excel_serial("2025-05-20"), &date)
            .unwrap();
        ws.write_number(1, 3, recovered).unwrap();
        ws.write_string(1, 4, "TU-1").unwrap();
        wb.save(&path).unwrap();
        path
    };
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    let e = t
        .import_workbook(write("too_much.xlsx", 300.5), "kbnn")
        .unwrap_err();
    let GrdpsimError::ImportRejected { problems, .. } = e else {
        panic!("{e}")
    };
    let at: Vec<_> = problems
        .iter()
        .map(|p| (p.sheet.as_deref(), p.row, p.column.as_str()))
        .collect();
    assert_eq!(at, [(Some("Thu hồi"), 2, "amount")]);
    assert!(
        t.investor_name("BQL-1").unwrap().is_none(),
        "nothing written"
    );
    let r = t.import_workbook(write("ok.xlsx", 120.0), "kbnn").unwrap();
    assert_eq!((r.rows, r.inserted), (3, 3));
    let rows = t.advances("2025-06-30".parse().unwrap()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].advanced_on, "2025-02-14".parse().unwrap());
    assert!((rows[0].outstanding - 180.0).abs() < 1e-9);
}
