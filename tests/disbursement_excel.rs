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
fn the_briefing_workbook_has_its_sheets_and_the_province_rate() {
    use calamine::{open_workbook_auto, Data, Reader};
    let dir = TempDir::new("xlsx-briefing");
    let path = dir.0.join("briefing.xlsx");
    let t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    t.write_briefing_xlsx("2025-07-31".parse().unwrap(), &path)
        .unwrap();
    let mut wb = open_workbook_auto(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "province",
            "ranking",
            "proposals",
            "behind plan",
            "stalled",
            "obstacles overdue",
            "investor vs treasury",
            "as of"
        ]
    );
    // Which week, and how many projects reported it (the week ending 25 July).
    let when = wb.worksheet_range("as of").unwrap();
    let row = when.rows().nth(1).unwrap();
    let coverage = t.coverage("2025-07-31".parse().unwrap()).unwrap();
    assert_eq!(
        (&row[0], &row[1], &row[2]),
        (
            &Data::String("2025-07-31".into()),
            &Data::String("2025-07-25".into()),
            &Data::Float(coverage.reported as f64)
        )
    );
    assert!(coverage.reported > 150);
    assert_eq!(row[5], Data::String(coverage.to_string()));
    let province = wb.worksheet_range("province").unwrap();
    let last = province.rows().next_back().unwrap();
    assert_eq!(last[0], Data::String("province".into()));
    let Data::Float(rate) = last[4] else {
        panic!("{last:?}")
    };
    assert!((rate - 26.8).abs() < 0.01);
    // One row per proposal, the Vietnamese sentence before the English one.
    let proposals = wb.worksheet_range("proposals").unwrap();
    let expected = t
        .proposals(
            "2025-07-31".parse().unwrap(),
            &grdpsim::disbursement::ProposalOptions::default(),
        )
        .unwrap();
    assert_eq!(proposals.rows().count(), expected.len() + 1);
    let first = proposals.rows().nth(1).unwrap();
    assert_eq!(first[7], Data::String(expected[0].message_vi.clone()));
}

#[test]
fn workbooks_are_written_atomically() {
    let dir = TempDir::new("xlsx-atomic");
    let t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    let as_of: Date = "2025-07-31".parse().unwrap();
    // Over an older file: replaced whole.
    let path = dir.0.join("briefing.xlsx");
    std::fs::write(&path, vec![b'x'; 1 << 20]).unwrap();
    t.write_briefing_xlsx(as_of, &path).unwrap();
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
    // A target that cannot be replaced (a folder of that name): a typed error naming it, and no
    // temporary file left beside it.
    let taken = dir.0.join("taken.xlsx");
    std::fs::create_dir(&taken).unwrap();
    for err in [
        t.write_briefing_xlsx(as_of, &taken).unwrap_err(),
        write_template_xlsx(&taken).unwrap_err(),
    ] {
        assert!(
            matches!(&err, GrdpsimError::Io { path, .. } if path.ends_with("taken.xlsx")),
            "{err}"
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec!["briefing.xlsx", "taken.xlsx"]);
}

#[test]
fn the_template_has_the_payment_columns() {
    let header = grdpsim::disbursement::TEMPLATE_CSV.lines().next().unwrap();
    assert_eq!(header, grdpsim::disbursement::PAYMENT_COLUMNS.join(","));
}
