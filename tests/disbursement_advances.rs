//! Advances (tạm ứng) and their recovery (thu hồi tạm ứng): the Treasury's import and the
//! views (issue 26 §2.3b), checked by hand arithmetic.

mod disbursement_support;

use disbursement_support::TempDir;

use grdpsim::disbursement::{AdvanceLevel, AdvancePurpose, Tracker};
use grdpsim::monitoring::Date;
use grdpsim::GrdpsimError;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

const PROJECTS: &str = "project,name,investor,investor_name,responsible,capital_source,location
P1,Road 1,A,Board A,Ms Lan,NSTW,Hòa An
P2,School 2,A,Board A,Mr Hai,NSDP,Bảo Lạc
P3,Bridge 3,B,Board B,Mr Long,NSTW,Hạ Lang
";

/// Two advances on P1 (one for site clearance, in Vietnamese), one on P3.
const ADVANCES: &str = "project,reference,advanced_on,amount,purpose
P1,A1,2025-01-10,100,works
P1,A2,2025-03-01,50,giải phóng mặt bằng
P3,B1,2025-06-01,80,consultancy
";

/// A partial recovery of A1, one of P1 naming no advance after 31 July, P3's whole advance.
const RECOVERIES: &str = "project,reference,recovered_on,amount,advance
P1,R1,2025-04-01,30,A1
P1,R2,2025-08-15,20,
P3,R3,2025-07-01,80,B1
";

const PAYMENTS: &str = "project,week_ending,source,amount
P1,2025-07-04,treasury,400
P3,2025-07-04,treasury,100
";

fn tracker() -> Tracker {
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    for (name, text) in [
        ("projects.csv", PROJECTS),
        ("payments.csv", PAYMENTS),
        ("advances.csv", ADVANCES),
        ("recoveries.csv", RECOVERIES),
    ] {
        t.import_csv_str(name, text, "kbnn").unwrap();
    }
    t
}

fn rejected(e: GrdpsimError) -> Vec<(usize, String)> {
    match e {
        GrdpsimError::ImportRejected { problems, .. } => {
            problems.into_iter().map(|p| (p.row, p.column)).collect()
        }
        other => panic!("not a rejection: {other}"),
    }
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn advances_and_recoveries_import_idempotently_with_an_audit_trail() {
    let mut t = tracker();
    let audit = t.store().audit_trail().unwrap().len();
    for (name, text) in [("advances.csv", ADVANCES), ("recoveries.csv", RECOVERIES)] {
        let r = t.import_csv_str(name, text, "kbnn").unwrap();
        assert_eq!((r.rows, r.inserted, r.updated, r.unchanged), (3, 0, 0, 3));
    }
    assert_eq!(t.store().audit_trail().unwrap().len(), audit);
    // A corrected amount replaces the old one, audited.
    let r = t
        .import_csv_str(
            "fix.csv",
            "project,reference,advanced_on,amount,purpose\nP1,A1,2025-01-10,110,works\n",
            "kbnn",
        )
        .unwrap();
    assert_eq!(r.updated, 1);
    let trail = t.store().audit_trail().unwrap();
    assert_eq!(trail.len(), audit + 1);
    let rows = t.advances(d("2025-07-31")).unwrap();
    close(rows[0].amount, 110.0);
}

#[test]
fn outstanding_by_project_and_investor_counts_recoveries_to_the_date_only() {
    let t = tracker();
    // As of 31 July: A1 100 − 30 (R2 of 15 August not counted), A2 50, B1 80 − 80.
    let rows = t.advances(d("2025-07-31")).unwrap();
    let got: Vec<(&str, f64, f64)> = rows
        .iter()
        .map(|a| (a.reference.as_str(), a.recovered, a.outstanding))
        .collect();
    assert_eq!(
        got,
        [("A1", 30.0, 70.0), ("A2", 0.0, 50.0), ("B1", 80.0, 0.0)]
    );
    assert_eq!(rows[1].purpose, AdvancePurpose::SiteClearance);
    let p = t
        .advance_balances(d("2025-07-31"), AdvanceLevel::Project)
        .unwrap();
    let got: Vec<(&str, f64, f64, f64, f64)> = p
        .iter()
        .map(|b| {
            (
                b.key.as_str(),
                b.advanced,
                b.recovered,
                b.outstanding,
                b.site_clearance_outstanding,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("P1", 150.0, 30.0, 120.0, 50.0),
            ("P3", 80.0, 80.0, 0.0, 0.0)
        ]
    );
    assert_eq!(p[0].name, "Road 1");
    let i = t
        .advance_balances(d("2025-07-31"), AdvanceLevel::Investor)
        .unwrap();
    let got: Vec<(&str, &str, f64)> = i
        .iter()
        .map(|b| (b.key.as_str(), b.name.as_str(), b.outstanding))
        .collect();
    assert_eq!(got, [("A", "Board A", 120.0), ("B", "Board B", 0.0)]);
    // As of 31 August R2 (20, naming no advance) recovers the oldest, A1: 70 − 20.
    let rows = t.advances(d("2025-08-31")).unwrap();
    close(rows[0].outstanding, 50.0);
    close(rows[1].outstanding, 50.0);
    // Before the second advance was made, it is not there.
    let rows = t.advances(d("2025-02-28")).unwrap();
    assert_eq!(rows.len(), 1);
    close(rows[0].outstanding, 100.0);
}

#[test]
fn aged_advances_are_those_outstanding_past_the_age() {
    let t = tracker();
    // 10 Jan → 31 Jul is 202 days, 1 Mar → 31 Jul 152; B1 is recovered.
    let aged = t.aged_advances(d("2025-07-31"), None).unwrap();
    let got: Vec<(&str, i32, f64)> = aged
        .iter()
        .map(|a| (a.reference.as_str(), a.age_days, a.outstanding))
        .collect();
    assert_eq!(got, [("A1", 202, 70.0)]);
    let aged = t.aged_advances(d("2025-07-31"), Some(150)).unwrap();
    let refs: Vec<&str> = aged.iter().map(|a| a.reference.as_str()).collect();
    assert_eq!(refs, ["A1", "A2"]);
    assert!(t
        .aged_advances(d("2025-07-31"), Some(202))
        .unwrap()
        .is_empty());
}

#[test]
fn the_share_of_disbursement_that_is_advances_by_purpose() {
    let t = tracker();
    let shares = t.advance_shares(d("2025-07-31")).unwrap();
    // Disbursed 400 + 100 = 500; advanced 230 (46%), outstanding 120 (24%); site clearance
    // 50 of each (10%); consultancy advanced 80 (16%), outstanding 0.
    let got: Vec<(Option<AdvancePurpose>, f64, f64, f64, f64)> = shares
        .iter()
        .map(|s| {
            (
                s.purpose,
                s.advanced,
                s.outstanding,
                s.advanced_pct,
                s.outstanding_pct,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (None, 230.0, 120.0, 46.0, 24.0),
            (Some(AdvancePurpose::Works), 100.0, 70.0, 20.0, 14.0),
            (Some(AdvancePurpose::SiteClearance), 50.0, 50.0, 10.0, 10.0),
            (Some(AdvancePurpose::Consultancy), 80.0, 0.0, 16.0, 0.0),
            (Some(AdvancePurpose::Other), 0.0, 0.0, 0.0, 0.0),
        ]
    );
    close(shares[0].disbursed, 500.0);
}

#[test]
fn bad_rows_are_refused_whole_naming_row_and_column() {
    let mut t = tracker();
    let before = t.advances(d("2025-12-31")).unwrap();
    let e = t
        .import_csv_str(
            "bad.csv",
            "project,reference,advanced_on,amount,purpose
P1,A3,2025-05-01,-5,works
P9,A4,2025-05-01,5,works
P2,A5,2025-05-01,5,bribes
P2,A6,2025-05-01,5,other
",
            "kbnn",
        )
        .unwrap_err();
    assert_eq!(
        rejected(e),
        [
            (2, "amount".to_owned()),
            (3, "project".to_owned()),
            (4, "purpose".to_owned())
        ]
    );
    // More than is outstanding of A2 (50), of P3 (0), an unknown advance, a recovery before
    // its advance; a good row beside them is not written either.
    let e = t
        .import_csv_str(
            "bad.csv",
            "project,reference,recovered_on,amount,advance
P1,R4,2025-05-01,60,A2
P3,R5,2025-08-01,1,
P1,R6,2025-05-01,1,A9
P1,R7,2025-02-01,1,A2
P1,R8,2025-05-01,10,A2
",
            "kbnn",
        )
        .unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("outstanding of advance A2: 50"), "{msg}");
    assert!(msg.contains("outstanding of project P3: 0"), "{msg}");
    assert_eq!(
        rejected(e),
        [
            (2, "amount".to_owned()),
            (3, "amount".to_owned()),
            (4, "advance".to_owned()),
            (5, "recovered_on".to_owned())
        ]
    );
    assert_eq!(t.advances(d("2025-12-31")).unwrap(), before);
    // Recovering exactly what is outstanding is accepted, in two rows of one file.
    t.import_csv_str(
        "ok.csv",
        "project,reference,recovered_on,amount,advance\nP1,R4,2025-05-01,20,A2\nP1,R5,2025-06-01,30,A2\n",
        "kbnn",
    )
    .unwrap();
    close(t.advances(d("2025-07-31")).unwrap()[1].outstanding, 0.0);
    let e = t
        .import_csv_str(
            "more.csv",
            "project,reference,recovered_on,amount,advance\nP1,R6,2025-06-02,0.5,A2\n",
            "kbnn",
        )
        .unwrap_err();
    assert_eq!(rejected(e), [(2, "amount".to_owned())]);
}

#[test]
fn vietnamese_headers_are_read() {
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    t.import_csv_str("p.csv", PROJECTS, "kbnn").unwrap();
    let r = t
        .import_csv_str(
            "tam_ung.csv",
            "Mã dự án,Số chứng từ,Ngày tạm ứng,Số tiền,Mục đích\nP2,TU-01,2025-02-03,12.5,GPMB\n",
            "kbnn",
        )
        .unwrap();
    assert_eq!(r.inserted, 1);
    t.import_csv_str(
        "thu_hoi.csv",
        "Mã dự án,Số chứng từ,Ngày thu hồi,Số tiền,Chứng từ tạm ứng\nP2,TH-01,2025-03-03,2.5,TU-01\n",
        "kbnn",
    )
    .unwrap();
    let rows = t.advances(d("2025-03-31")).unwrap();
    assert_eq!(rows[0].purpose, AdvancePurpose::SiteClearance);
    close(rows[0].outstanding, 10.0);
}

#[test]
fn a_store_of_version_4_is_migrated_and_takes_advances() {
    let dir = TempDir::new("advances-v4");
    let path = dir.0.join("v4.sqlite");
    {
        let mut t = Tracker::create(&path, "Old", 2025).unwrap();
        t.import_csv_str("p.csv", PROJECTS, "then").unwrap();
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(disbursement_support::UNDO_VERSION_7)
            .unwrap();
        c.execute_batch(disbursement_support::UNDO_VERSION_6)
            .unwrap();
        c.execute_batch(disbursement_support::UNDO_VERSION_5)
            .unwrap();
        assert_eq!(t.store().schema_version().unwrap(), 4);
    }
    let mut t = Tracker::open(&path).unwrap();
    assert_eq!(
        t.store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    t.import_csv_str("a.csv", ADVANCES, "now").unwrap();
    assert_eq!(t.advances(d("2025-07-31")).unwrap().len(), 3);
    assert_eq!(t.investor_name("A").unwrap().as_deref(), Some("Board A"));
}

/// Found by `tests/fuzz_readers.rs` (issue 22's harness): the advances file imported again with
/// A1's amount cut from 100 to 0 was accepted although 30 of A1 was already recovered (R1),
/// leaving A1 with −30 outstanding. A corrected advance may not fall below what is recovered
/// of it (30), nor leave its project's advances below its recoveries (P1: 30 + 20 = 50).
#[test]
fn an_advance_lowered_below_its_recoveries_is_refused() {
    let mut t = tracker();
    let as_of = d("2025-12-31");
    let before = t.advances(as_of).unwrap();
    let lowered = "project,reference,advanced_on,amount,purpose\nP1,A1,2025-01-10,0,works\n";
    let e = t.import_csv_str("fix.csv", lowered, "kbnn").unwrap_err();
    assert_eq!(rejected(e), [(2, "amount".to_owned())]);
    assert_eq!(t.advances(as_of).unwrap(), before, "nothing written");
    // A1 cut to 29.5 (less than R1's 30 naming it): refused; to 30, accepted, and
    // R2's 20 naming no advance then falls on A2: 30 − 30 = 0 and 50 − 20 = 30 outstanding.
    let e = t
        .import_csv_str("fix.csv", &lowered.replace(",0,", ",29.5,"), "kbnn")
        .unwrap_err();
    assert_eq!(rejected(e), [(2, "amount".to_owned())]);
    t.import_csv_str("fix.csv", &lowered.replace(",0,", ",30,"), "kbnn")
        .unwrap();
    let p1: Vec<f64> = t
        .advances(as_of)
        .unwrap()
        .iter()
        .filter(|a| a.project == "P1")
        .map(|a| a.outstanding)
        .collect();
    assert_eq!(p1.len(), 2);
    close(p1[0], 0.0);
    close(p1[1], 30.0);
    // The project's total: A2 cut to 10 leaves P1 with 30 + 10 = 40 advanced against 50
    // recovered (R1 30 + R2 20): refused.
    let e = t
        .import_csv_str(
            "fix.csv",
            "project,reference,advanced_on,amount,purpose\nP1,A2,2025-03-01,10,works\n",
            "kbnn",
        )
        .unwrap_err();
    assert_eq!(rejected(e), [(2, "amount".to_owned())]);
}
