//! Fuzzing the file readers (issue 16): random bytes and mutations of a valid CSV and SDMX-ML
//! file must give records or a `Parse` error, and records must give accounts or a typed error;
//! mutations of a scenario file (TOML, JSON) give a scenario whose every answer is finite, or a
//! typed error; never a panic, an abort or a stack overflow.
//!
//! Workbooks (issue 22): mutations of the sheet XML, the workbook and shared strings parts and
//! the zip's bytes, and parts left out, of a scenario workbook and a payments workbook, read by
//! the three workbook readers (scenario, disbursement tracker, monitoring), give a result or a
//! typed error, in a child process held to 3 GiB of address space: a reader that allocates from
//! a hostile extent is killed there and fails the test.
//!
//! The store's layouts (issues 25 and 26): mutations of a CSV of every layout the tracker and
//! the monitor import (projects, plan revisions, monthly plans with milestones, weekly plans,
//! payments, obstacles in each status, advances, recoveries; indicators, targets, monthly values, tasks with recurrences, events and
//! quantities) give a report or a typed error; a refusal leaves the store as it was, and what is
//! accepted keeps the advances' views finite with nothing recovered beyond an advance. The
//! workbook seeds include the Treasury's advances and recoveries under Vietnamese headers, a
//! tasks workbook and the scenario workbook with its Owners sheet.
//!
//! proptest on stable Rust. `cargo test` runs 64 cases per property; for a real session raise
//! the budget: `PROPTEST_CASES=20000 cargo test --release --test fuzz_readers`.

mod common;
#[path = "disbursement_support/mod.rs"]
mod support;

use std::sync::OnceLock;

use common::xlsx::{self, Cell};
use grdpsim::disbursement::{AdvanceLevel, Tracker};
use grdpsim::io::{records_from_csv_str, records_from_sdmx_str};
use grdpsim::monitoring::{Date, Monitor};
use grdpsim::scenario::{Owner, Policy, RequiredOptions, Scenario};
use grdpsim::{Accounts, ErrorKind, LevelRecord, Result};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};

const CSV_SEED: &str = "period,sector,price_basis,value_bn_vnd
2023Q1,NLTS,constant_2010,10.5
2023Q2,NLTS,constant_2010,11
2023Q1,CNXD,constant_2010,20
2023Q2,CNXD,constant_2010,21
2023Q1,GRDP,current,\"30.5\"
2023Q2,GRDP,current,32
";

const SDMX_SEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<message:StructureSpecificData xmlns:message="urn:m"><message:DataSet>
<!-- a comment --><Series FREQ="Q" INDICATOR="NGDPVA_R_ISIC4_A_XDC" UNIT_MULT="9">
<Obs TIME_PERIOD="2023-Q1" OBS_VALUE="10.5"/><Obs TIME_PERIOD="2023-Q2" OBS_VALUE="NaN"/>
</Series><Series FREQ="Q" INDICATOR="VNM_NGDP_R_PA_XDC" UNIT_MULT="6">
<Obs TIME_PERIOD="2023Q1" OBS_VALUE="1e4"></Obs></Series>
<Series FREQ="A" INDICATOR="NGDP_XDC"><Obs TIME_PERIOD="2023" OBS_VALUE="1"/></Series>
</message:DataSet></message:StructureSpecificData>
"#;

/// Fragments that broke a reader once, or that a reader must get right.
const TOKENS: &[&str] = &[
    "<a>",
    "</a>",
    "<a/>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?",
    "?>",
    "<!DOCTYPE x>",
    "\"",
    "'",
    ">",
    "/>",
    "&amp;",
    "&x;",
    "202400000",
    "20242024",
    "-Q",
    "Q9",
    "99999",
    "0999",
    "NaN",
    "inf",
    "1e309",
    "-0",
    "",
    ",",
    "\n",
    "\r\n",
    "\u{feff}",
    "é",
    "\u{0}",
    " UNIT_MULT=\"400\"",
    " UNIT_MULT=\"-99999999999\"",
    " UNIT_MULT=\"-2147483648\"",
    " FREQ=\"Q\"",
    "current",
    "GDP",
    // Scenario files.
    "[targets.GRDP]\n",
    "[target.DV]\n",
    "Q5 = 1\n",
    "H1 = 1e306\n",
    "Y = -100\n",
    "Y = 0.08\n",
    "Q2 = 7\n",
    "[actual_growth.GRDP]\n",
    "[actual_levels.DV]\n",
    "Q1 = 0\n",
    "[held_targets]\nDV = [1, 2, 3, 4]\n",
    "fractions_ok = true\n",
    "year = 2147483647\n",
    "\"year\": -5,",
    "1e308",
    "[",
    "]",
    "{",
    "}",
    // The store's layouts.
    "[owners.CN]\ndepartment = \"Sở\"\n",
    "deadline = \"2025-02-30\"\n",
    "[owners.XX.Q9]\n",
    "P1,",
    "P9,",
    "A1",
    "2025-02-29",
    "2025-07-04",
    "9999-12-31",
    "999999999999",
    "1.250,5",
    "\"1.250,5\"",
    "giải phóng mặt bằng",
    "định kỳ 0 tuần",
    "định kỳ 2 tuần",
    "hằng tháng trước ngày 31",
    "monthly by 99",
    "every 4294967296 weeks",
    "trước Đại hội",
    "done",
    "treasury",
    "investor",
];

/// A small scenario with embedded base levels, actuals and a provisional figure.
fn scenario_seed() -> Scenario {
    let levels = ndarray::Array2::from_shape_fn((4, 8), |(i, c)| {
        [600.0, 430.0, 1700.0, 110.0][i]
            * (1.0 + 0.07 * (c / 4) as f64)
            * (1.0 + 0.02 * (c % 4) as f64)
    });
    let base = Accounts::from_leaf_levels(
        grdpsim::SectorTree::provincial(),
        grdpsim::Quarter::new(2023, 1).unwrap(),
        levels.view(),
        None,
    )
    .unwrap();
    Scenario::builder(base, 2025 - 1)
        .target("Y", "GRDP", 8.0)
        .target("Q2", "DV", 9.0)
        .actual_growth("Q1", "GRDP", 6.0)
        .actual_growth("H1", "DV", 7.0)
        .actuals([grdpsim::scenario::Actual::growth("Q2", "NLTS", 3.0).as_provisional()])
        .owner(Owner::new("GRDP", "Sở Tài chính").deadline("2025-12-31"))
        .owner(Owner::new("DV", "Sở Công Thương").period("Q2"))
        .build()
        .unwrap()
}

/// A scenario from the text, or a typed error; a scenario answers with finite figures or typed
/// errors.
fn assert_scenario_typed(read: Result<Scenario>) {
    let Ok(sc) = read else { return };
    let finite = |r: Result<f64>| {
        if let Ok(v) = r {
            assert!(v.is_finite(), "{v}");
        }
    };
    for p in ["Q1", "Q2", "H1", "Y"] {
        finite(sc.growth(p, "GRDP"));
        finite(sc.target_growth(p, "DV"));
        if let Ok(g) = sc.gap(p) {
            assert!(g
                .rows
                .iter()
                .all(|r| r.gap_pp.is_finite() && r.actual_pct.is_finite()));
        }
    }
    for policy in [Policy::Uniform, Policy::Proportional, Policy::SectorTargets] {
        if let Ok(rq) = sc.required_growth(&RequiredOptions::new(policy)) {
            assert!(
                rq.grdp_pct.is_finite() && rq.reached_pct.is_finite(),
                "{rq:?}"
            );
            assert!(
                rq.by_sector.iter().all(|r| r.required_pct.is_finite()),
                "{rq:?}"
            );
        }
    }
    let again = Scenario::from_toml_str(&sc.to_toml_string().unwrap(), None).unwrap();
    assert_eq!(again, sc);
}

/// What makes a workbook hostile: far cells, rows out of order, shared strings out of range,
/// formulas without values, declared extents and counts, names in other forms.
const WORKBOOK_TOKENS: &[&str] = &[
    r#"<row r="10">"#,
    r#"<row r="1">"#,
    r#"<row r="1048577">"#,
    "</row>",
    r#"<c r="XFD1048576"><v>1</v></c>"#,
    r#"<c r="XFD4000"><v>1</v></c>"#,
    r#"<c r="ZZZZ1"><v>1</v></c>"#,
    r#"<c r="A0"><v>1</v></c>"#,
    r#"<c r="B2" t="s"><v>99999</v></c>"#,
    r#"<c r="B2" t="s"><v>-1</v></c>"#,
    r#"<c r="C3"><f>4*2</f></c>"#,
    r#"<c r="C3"><f t="shared" si="99999999999" ref="C3:C9">A1</f><v>1</v></c>"#,
    r#"<c r="C4"><f t="shared" si="0"/></c>"#,
    r#"<c r="C3" t="str"><f>A1</f><v></v></c>"#,
    r#"<c r="D4" t="inlineStr"><is><t>Thực hiện</t></is></c>"#,
    r#"<c r="D4" t="b"><v>2</v></c>"#,
    r#"<c r="D4" t="e"><v>#DIV/0!</v></c>"#,
    r#"<c r="D4" t="d"><v>2025-13-45</v></c>"#,
    r#"<c r="D4" s="999999"><v>45000</v></c>"#,
    "<c/>",
    r#"<dimension ref="A1:XFD1048576"/>"#,
    r#" uniqueCount="99999999999""#,
    r#" count="18446744073709551616""#,
    "<si><t>x</t></si>",
    r#"<sheet name="Actual" sheetId="9" r:id="rId1"/>"#,
    r#"<sheet name="Thu&#x31B;&#x323;c hie&#x302;&#x323;n" sheetId="8" r:id="rId2"/>"#,
    r#"<sheet name="x" sheetId="7" r:id="rId99"/>"#,
    "<v>1e309</v>",
    "<v>NaN</v>",
    "<sheetData>",
    "</sheetData>",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    /// Repeat a slice many times: deep nesting, long fields, many rows.
    Repeat(usize, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    edit_from(TOKENS)
}

fn edit_from(tokens: &'static [&'static str]) -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), prop::sample::select(tokens))
            .prop_map(|(at, t)| Edit::Insert(at, t.to_owned())),
        (any::<usize>(), prop::sample::select(tokens), 1..3_000_usize)
            .prop_map(|(at, t, k)| Edit::Insert(at, t.repeat(k))),
        (any::<usize>(), ".{0,6}").prop_map(|(at, t)| Edit::Insert(at, t)),
        (any::<usize>(), 0..24_usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), 1..12_usize, 1..3_000_usize).prop_map(|(at, n, k)| Edit::Repeat(at, n, k)),
    ]
}

/// The char boundary at or before `at % (len + 1)`.
fn boundary(s: &str, at: usize) -> usize {
    let mut i = at % (s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(seed: &str, edits: &[Edit]) -> String {
    let mut s = seed.to_owned();
    for e in edits {
        match e {
            Edit::Insert(at, t) => s.insert_str(boundary(&s, *at), t),
            Edit::Delete(at, n) => {
                let a = boundary(&s, *at);
                let b = boundary(&s, a + n).max(a);
                s.replace_range(a..b, "");
            }
            Edit::Repeat(at, n, k) => {
                let a = boundary(&s, *at);
                let b = boundary(&s, a + n).max(a);
                let piece = s[a..b].repeat(*k);
                s.insert_str(b, &piece);
            }
        }
    }
    s
}

/// Records or a `Parse` error from the reader; then accounts or any typed error.
fn assert_typed(read: Result<Vec<LevelRecord>>) {
    match read {
        Ok(records) => {
            let _ = Accounts::from_records(&records, None);
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::Parse, "{e}"),
    }
}

/// Cases per property: `PROPTEST_CASES` (64 by default) for the text readers; the store's
/// layouts and the workbooks, a thousand times slower a case, take `FUZZ_STORE_CASES` and
/// `FUZZ_WORKBOOK_CASES` when set, so that a long run can give each its own budget.
fn cases() -> u32 {
    env_cases("PROPTEST_CASES").unwrap_or(64)
}

fn env_cases(name: &str) -> Option<u32> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn store_cases() -> u32 {
    env_cases("FUZZ_STORE_CASES").unwrap_or_else(cases)
}

fn workbook_cases() -> u32 {
    env_cases("FUZZ_WORKBOOK_CASES").unwrap_or_else(cases)
}

/// A workbook's zip parts: names and bytes.
type Parts = Vec<(String, Vec<u8>)>;

/// The Cao Bằng scenario with its owners, as the scenario workbook's Owners sheet shows them.
fn owned_cao_bang() -> Scenario {
    grdpsim::datasets::cao_bang_2025()
        .unwrap()
        .with_owners([
            Owner::new("CN", "Sở Công Thương").deadline("2025-12-31"),
            Owner::new("XD", "Sở Xây dựng"),
        ])
        .unwrap()
}

/// A sheet of text cells from CSV-like lines (no quoting), as a workbook part.
fn text_sheet(name: &str, lines: &[&str]) -> (String, String) {
    let refs: Vec<Vec<String>> = lines
        .iter()
        .enumerate()
        .map(|(r, line)| {
            (0..line.split(',').count())
                .map(|c| format!("{}{}", char::from(b'A' + c as u8), r + 1))
                .collect()
        })
        .collect();
    let cells: Vec<Cell> = lines
        .iter()
        .zip(&refs)
        .flat_map(|(line, refs)| {
            line.split(',')
                .zip(refs)
                .filter(|(v, _)| !v.is_empty())
                .map(|(v, r)| Cell::Text(r.as_str(), v))
        })
        .collect();
    (
        name.to_owned(),
        xlsx::worksheet(None, &xlsx::sheet_data(&cells)),
    )
}

/// The seed workbooks, as zip parts: the Cao Bằng scenario in English with its Owners sheet, a
/// payments update with shared strings, the Treasury's projects, advances and recoveries under
/// Vietnamese headers, and a monitoring workbook of indicators and tasks.
fn workbook_seeds() -> &'static [Parts] {
    static SEEDS: OnceLock<Vec<Parts>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = support::TempDir::new("fuzz-seed");
        let path = dir.0.join("cb.xlsx");
        owned_cao_bang()
            .write_xlsx(&path, grdpsim::lang::Lang::En)
            .unwrap();
        let scenario = xlsx::unzip(&std::fs::read(&path).unwrap());
        let mut cells = xlsx::PAYMENTS_HEADER.to_vec();
        cells.extend([
            Cell::Shared("A2", 0),
            Cell::Text("B2", "2025-07-04"),
            Cell::Shared("C2", 1),
            Cell::Number("D2", 120.0),
        ]);
        let payments = xlsx::parts(
            &[(
                "payments",
                xlsx::worksheet(Some("A1:D2"), &xlsx::sheet_data(&cells)),
            )],
            Some(&["DA-001", "investor"]),
        );
        let sheets = [
            text_sheet(
                "Dự án",
                &["project,name,investor,capital_source", "P1,Road,BQL-1,NSDP"],
            ),
            text_sheet(
                "Tạm ứng",
                &[
                    "Mã dự án,Số chứng từ,Ngày tạm ứng,Số tiền,Mục đích",
                    "P1,TU-1,2025-02-14,300,Giải phóng mặt bằng",
                    "P1,TU-2,2025-03-14,50,works",
                ],
            ),
            text_sheet(
                "Thu hồi",
                &[
                    "Mã dự án,Số chứng từ,Ngày thu hồi,Số tiền,Chứng từ tạm ứng",
                    "P1,TH-1,2025-05-20,120,TU-1",
                    "P1,TH-2,2025-06-20,20,",
                ],
            ),
        ];
        let advances = xlsx::parts(
            &sheets
                .iter()
                .map(|(n, x)| (n.as_str(), x.clone()))
                .collect::<Vec<_>>(),
            None,
        );
        let mut monitoring: Vec<(String, String)> = Vec::new();
        for (name, text) in ["indicators", "tasks"].iter().zip([0, 3]) {
            let lines: Vec<&str> = MONITOR_LAYOUTS[text]
                .lines()
                .filter(|l| !l.contains('"'))
                .collect();
            monitoring.push(text_sheet(name, &lines));
        }
        let monitoring = xlsx::parts(
            &monitoring
                .iter()
                .map(|(n, x)| (n.as_str(), x.clone()))
                .collect::<Vec<_>>(),
            None,
        );
        vec![scenario, payments, advances, monitoring]
    })
}

/// The three workbook readers on `bytes`: each a result or a typed error (a panic fails the
/// case; an abort, the child process). The file is the case's own and removed after it, a
/// panic's unwinding included (a folder in a `static` was never removed: statics are not
/// dropped).
fn read_workbook_bytes(bytes: &[u8]) {
    let file = tempfile::Builder::new()
        .prefix("grdpsim-fuzz-")
        .suffix(".xlsx")
        .tempfile()
        .unwrap();
    let path = file.path();
    std::fs::write(path, bytes).unwrap();
    let mut tracker = Tracker::in_memory("x", 2025).unwrap();
    let _ = tracker.import_workbook(path, "fuzz");
    let mut monitor = Monitor::in_memory("x", 2025).unwrap();
    let _ = monitor.import_workbook(path, "fuzz");
    assert_scenario_typed(Scenario::from_xlsx(path, None));
}

/// A seed of every layout the tracker imports, valid on the seeded store ([`seeded_tracker`]).
const TRACKER_LAYOUTS: &[&str] = &[
    "project,name,investor,investor_name,responsible,capital_source,location
P1,Road 1,A,Board A,Ms Lan,NSTW,Hòa An
P2,School 2,A,Board A,Mr Hai,NSDP,Bảo Lạc
P3,Bridge 3,B,Board B,Mr Long,NSTW,Hạ Lang
",
    "project,effective,amount,decision\nP1,2025-01-01,600,QD1\nP3,2025-07-15,400,QD2\n",
    "project,month,amount\nP1,2025-07,100\nP2,2025-08,50.5\n",
    "project,week_ending,source,amount\nP1,2025-07-04,treasury,400\nP3,2025-07-04,investor,100\n",
    "project,description,reported,agency,person,deadline,status,resolution,resolved_on
P1,Site clearance,2025-05-09,District,Mr Tuan,2025-06-30,open,,
P2,Design change,2025-05-09,Construction,Ms Ha,2025-06-30,resolved,Approved,2025-06-20
",
    "project,reference,advanced_on,amount,purpose
P1,A1,2025-01-10,100,works
P1,A2,2025-03-01,50,giải phóng mặt bằng
P3,B1,2025-06-01,80,consultancy
",
    "project,reference,recovered_on,amount,advance
P1,R1,2025-04-01,30,A1
P1,R2,2025-08-15,20,
P3,R3,2025-07-01,80,B1
",
    "Mã dự án,Số chứng từ,Ngày thu hồi,Số tiền,Chứng từ tạm ứng\nP1,R4,2025-05-01,10,A2\n",
    // The newest layouts (issue 26): weekly plans, monthly plans with milestones and owners,
    // obstacles along their workflow (statuses in either language).
    "project,week_ending,planned\nP1,2025-07-11,50\nP3,2025-07-18,20.5\n",
    "project,month,amount,milestone,owner\nP1,2025-09,80,Nghiệm thu móng,Ms Lan\nP3,2025-10,40,,\n",
    "project,description,reported,agency,person,deadline,status,resolution,resolved_on
P3,Land price,2025-06-02,District,Mr Tuan,2025-07-31,đang xử lý,,
P1,Forest land,2025-06-09,Province,Ms Ha,2025-08-15,escalated,,
",
];

/// A seed of every layout the monitor imports, valid in this order on an empty store.
const MONITOR_LAYOUTS: &[&str] = &[
    "indicator,name_vi,name_en,unit,department,sector,kind
V,Giá trị,Value,bn VND,Dept A,CN,flow
G,Chỉ số,Index,%,Dept B,CN,index
",
    "indicator,period,basis,target\nV,year,plan,1200\nV,Q3,plan,300\nG,year,scenario,7\n",
    "indicator,month,value,cumulative,yoy_pct\nV,2025-01,100,,\nG,2025-01,,,6.5\nV,2025-02,,210,\n",
    "task,section,title,department,deadline,start,expected,status,done,total,unit,result
K-01,2.4(a),Họp doanh nghiệp,Sở Tài chính,định kỳ 2 tuần,2025-07-04,,in_progress,,,,
K-02,2.4(b),Báo cáo KPI,Sở Nội vụ,hằng tháng trước ngày 25,2025-07-01,,open,,,,
K-03,2.4(c),Xóa nhà tạm,Sở Xây dựng,trước Đại hội Đảng bộ,,2025-10-15,in_progress,412,632,hộ,
K-04,2.4(d),Kế hoạch vốn,Sở Tài chính,2025-08-25,,,open,\"1.250,5\",\"2.000,0\",tỷ đồng,
",
];

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

/// A tracker holding the projects, payments, advances and recoveries of the seeds.
fn seeded_tracker() -> Tracker {
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    for &i in &[0, 3, 5, 6] {
        t.import_csv_str("seed.csv", TRACKER_LAYOUTS[i], "seed")
            .unwrap();
    }
    t
}

/// What the advances' views say on a few dates, and how long the audit trail is: a refused
/// import must leave all of it as it was.
fn tracker_state(t: &Tracker) -> (usize, Vec<grdpsim::disbursement::AdvanceRow>) {
    let audit = t.store().audit_trail().unwrap().len();
    let mut rows = t.advances(day("2025-06-30")).unwrap();
    rows.extend(t.advances(day("2025-12-31")).unwrap());
    (audit, rows)
}

/// The advances' views on what was accepted: finite figures, nothing recovered beyond an
/// advance or a project, shares undefined only when nothing was disbursed.
fn assert_advances_sound(t: &Tracker) {
    for as_of in ["2025-03-31", "2025-12-31"] {
        let as_of = day(as_of);
        for a in t.advances(as_of).unwrap() {
            assert!(a.amount.is_finite() && a.recovered.is_finite(), "{a:?}");
            assert!(
                a.recovered <= a.amount + 1e-6 && a.outstanding >= -1e-6,
                "{a:?}"
            );
        }
        for level in [AdvanceLevel::Project, AdvanceLevel::Investor] {
            for b in t.advance_balances(as_of, level).unwrap() {
                assert!(b.outstanding.is_finite() && b.outstanding >= -1e-6, "{b:?}");
                assert!(
                    b.site_clearance_outstanding <= b.outstanding + 1e-6,
                    "{b:?}"
                );
            }
        }
        for s in t.advance_shares(as_of).unwrap() {
            let defined = s.advanced_pct.is_finite() && s.outstanding_pct.is_finite();
            assert!(defined || s.disbursed == 0.0, "{s:?}");
        }
        let _ = t.aged_advances(as_of, None).unwrap();
    }
}

/// A monitor holding the seeds before the `upto`th (what that layout refers to).
fn seeded_monitor(upto: usize) -> Monitor {
    let mut m = Monitor::in_memory("x", 2025).unwrap();
    for text in MONITOR_LAYOUTS.iter().take(upto) {
        m.import_csv_str("seed.csv", text, "seed").unwrap();
    }
    m
}

fn monitor_state(m: &Monitor) -> String {
    let audit = m.store().audit_trail().unwrap().len();
    format!(
        "{audit} {:?} {:?}",
        m.tasks().unwrap(),
        m.indicators().unwrap()
    )
}

/// The monitor's tasks on what was accepted: instances listed, quantities finite.
fn assert_tasks_sound(m: &Monitor) {
    for t in m.tasks().unwrap() {
        if let Some(q) = &t.quantity {
            assert!(q.pct().is_none_or(f64::is_finite), "{q:?}");
        }
    }
    let _ = m.task_instances(day("2025-12-31")).unwrap();
}

/// Byte edits of a zip: flips, cuts, insertions.
fn byte_edit() -> impl Strategy<Value = (usize, u8, u8)> {
    (any::<usize>(), 0..3_u8, any::<u8>())
}

fn edit_bytes(bytes: &mut Vec<u8>, edits: &[(usize, u8, u8)]) {
    for &(at, op, b) in edits {
        if bytes.is_empty() {
            return;
        }
        let i = at % bytes.len();
        match op {
            0 => bytes[i] ^= b | 1,
            1 => bytes.truncate(i),
            _ => bytes.insert(i, b),
        }
    }
}

/// Runs `test` on `cases` values of `strategy` as `proptest!` does (failures shrink, are saved to
/// `fuzz_readers.proptest-regressions` and replay first), with the count as given. The macro
/// lets `PROPTEST_CASES` override every property's own count, so that a long run's
/// `PROPTEST_CASES=250000` asked the store and workbook properties for 250,000 cases each
/// instead of their `FUZZ_STORE_CASES` and `FUZZ_WORKBOOK_CASES` (issue 22's long run).
fn run_property<S: Strategy>(
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> std::result::Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(ProptestConfig {
        cases,
        source_file: Some(file!()),
        ..ProptestConfig::default()
    });
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}\n{runner}");
    }
}

#[test]
#[ignore = "run by workbook_fuzzing_stays_in_bounded_memory in a child process"]
fn child_mutated_workbook_parts_never_panic() {
    let edits = prop::collection::vec(
        prop_oneof![edit_from(WORKBOOK_TOKENS), edit_from(TOKENS)],
        1..5,
    );
    let strategy = (0..4_usize, any::<usize>(), prop::bool::weighted(0.1), edits);
    run_property(workbook_cases(), strategy, |(seed, part, drop, edits)| {
        let mut parts = workbook_seeds()[seed].clone();
        let i = part % parts.len();
        if drop {
            parts.remove(i);
        } else {
            let text = String::from_utf8_lossy(&parts[i].1).into_owned();
            parts[i].1 = mutate(&text, &edits).into_bytes();
        }
        read_workbook_bytes(&xlsx::zip(&parts));
        Ok(())
    });
}

#[test]
#[ignore = "run by workbook_fuzzing_stays_in_bounded_memory in a child process"]
fn child_mutated_workbook_bytes_never_panic() {
    let strategy = (0..4_usize, prop::collection::vec(byte_edit(), 1..8));
    run_property(workbook_cases(), strategy, |(seed, edits)| {
        let mut bytes = xlsx::zip(&workbook_seeds()[seed]);
        edit_bytes(&mut bytes, &edits);
        read_workbook_bytes(&bytes);
        Ok(())
    });
}

#[test]
fn mutated_tracker_layouts_never_panic() {
    let strategy = (
        0..TRACKER_LAYOUTS.len(),
        prop::collection::vec(edit(), 1..5),
    );
    run_property(store_cases(), strategy, |(layout, edits)| {
        let mut t = seeded_tracker();
        let before = tracker_state(&t);
        let text = mutate(TRACKER_LAYOUTS[layout], &edits);
        if t.import_csv_str("fuzz.csv", &text, "fuzz").is_err() {
            prop_assert_eq!(tracker_state(&t), before, "a refusal changed the store");
        }
        assert_advances_sound(&t);
        Ok(())
    });
}

#[test]
fn mutated_monitor_layouts_never_panic() {
    let strategy = (
        0..MONITOR_LAYOUTS.len(),
        prop::collection::vec(edit(), 1..5),
    );
    run_property(store_cases(), strategy, |(layout, edits)| {
        let mut m = seeded_monitor(layout);
        let before = monitor_state(&m);
        let text = mutate(MONITOR_LAYOUTS[layout], &edits);
        if m.import_csv_str("fuzz.csv", &text, "fuzz").is_err() {
            prop_assert_eq!(monitor_state(&m), before, "a refusal changed the store");
        }
        assert_tasks_sound(&m);
        Ok(())
    });
}

/// The store's budget is its own when `PROPTEST_CASES` is set too: a child run with
/// `PROPTEST_CASES=3` and `FUZZ_STORE_CASES=7` runs a store-budget property on the seeds
/// saved in `fuzz_readers.proptest-regressions` (replayed first, not counted) and then on 7
/// new cases. With `proptest!` it ran 3 (the long run of 6 December asked 250,000 of them).
#[test]
fn the_store_budget_holds_when_proptest_cases_is_set() {
    let saved = std::fs::read_to_string("tests/fuzz_readers.proptest-regressions")
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("cc "))
        .count();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "child_counts_its_cases",
            "--nocapture",
        ])
        .env("PROPTEST_CASES", "3")
        .env("FUZZ_STORE_CASES", "7")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!("cases run: {}\n", saved + 7)),
        "{saved} saved seeds and 7 new cases: {stdout}"
    );
}

#[test]
#[ignore = "run by the_store_budget_holds_when_proptest_cases_is_set in a child process"]
fn child_counts_its_cases() {
    let count = std::sync::atomic::AtomicUsize::new(0);
    run_property(store_cases(), any::<u8>(), |_| {
        count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    });
    println!("cases run: {}", count.into_inner());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let text = String::from_utf8_lossy(&bytes);
        assert_typed(records_from_csv_str("fuzz.csv", &text));
        assert_typed(records_from_sdmx_str("fuzz.xml", &text));
    }

    #[test]
    fn mutated_csv_never_panics(edits in prop::collection::vec(edit(), 1..6)) {
        assert_typed(records_from_csv_str("fuzz.csv", &mutate(CSV_SEED, &edits)));
    }

    #[test]
    fn mutated_sdmx_never_panics(edits in prop::collection::vec(edit(), 1..6)) {
        assert_typed(records_from_sdmx_str("fuzz.xml", &mutate(SDMX_SEED, &edits)));
    }

    #[test]
    fn mutated_scenario_files_never_panic(edits in prop::collection::vec(edit(), 1..4)) {
        let sc = scenario_seed();
        let toml = mutate(&sc.to_toml_string().unwrap(), &edits);
        assert_scenario_typed(Scenario::from_toml_str(&toml, None));
        let json = mutate(&sc.to_json_string().unwrap(), &edits);
        assert_scenario_typed(Scenario::from_json_str(&json, None));
    }
}

#[test]
fn the_scenario_seed_round_trips() {
    let sc = scenario_seed();
    assert_scenario_typed(Ok(sc.clone()));
    assert_eq!(
        Scenario::from_json_str(&sc.to_json_string().unwrap(), None).unwrap(),
        sc
    );
}

#[test]
fn the_seeds_are_valid_files() {
    assert_eq!(records_from_csv_str("seed.csv", CSV_SEED).unwrap().len(), 6);
    assert_eq!(
        records_from_sdmx_str("seed.xml", SDMX_SEED).unwrap().len(),
        2
    );
}

#[test]
fn the_workbook_seeds_are_read() {
    let seeds = workbook_seeds();
    let dir = support::TempDir::new("fuzz-seeds");
    let path = dir.0.join("cb.xlsx");
    std::fs::write(&path, xlsx::zip(&seeds[0])).unwrap();
    let read = Scenario::from_xlsx(&path, None).unwrap();
    assert_eq!(read, owned_cao_bang());
    assert_eq!(read.owners().len(), 2, "the Owners sheet is read");
    let path = dir.0.join("payments.xlsx");
    std::fs::write(&path, xlsx::zip(&seeds[1])).unwrap();
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    t.import_csv_str(
        "p.csv",
        "project,name,investor,capital_source\nDA-001,a,A,NSDP\n",
        "me",
    )
    .unwrap();
    assert_eq!(t.import_workbook(&path, "me").unwrap().inserted, 1);
    // The Treasury's workbook: a project, two advances and two recoveries (5 rows); TU-1's 300
    // less TH-1's 120 and TH-2's 20 (naming no advance, so the oldest: TU-1) leaves 160, and
    // TU-2 its 50.
    let path = dir.0.join("advances.xlsx");
    std::fs::write(&path, xlsx::zip(&seeds[2])).unwrap();
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    assert_eq!(t.import_workbook(&path, "kbnn").unwrap().inserted, 5);
    let outstanding: Vec<f64> = t
        .advances(day("2025-12-31"))
        .unwrap()
        .iter()
        .map(|a| a.outstanding)
        .collect();
    assert_eq!(outstanding, [160.0, 50.0]);
    // The monitoring workbook: two indicators and the three tasks without quoted figures.
    let path = dir.0.join("monitoring.xlsx");
    std::fs::write(&path, xlsx::zip(&seeds[3])).unwrap();
    let mut m = Monitor::in_memory("x", 2025).unwrap();
    assert_eq!(m.import_workbook(&path, "me").unwrap().inserted, 5);
    assert_eq!(m.tasks().unwrap().len(), 3);
}

#[test]
fn the_layout_seeds_are_valid() {
    let mut t = seeded_tracker();
    for text in TRACKER_LAYOUTS {
        t.import_csv_str("seed.csv", text, "me").unwrap();
    }
    assert_advances_sound(&t);
    let m = seeded_monitor(usize::MAX);
    assert_eq!(m.tasks().unwrap().len(), 4);
    assert_eq!(m.indicators().unwrap().len(), 2);
}

/// Runs the workbook properties in a child process with its address space limited to 3 GiB
/// (`ulimit -v`): an allocation from a hostile extent (hundreds of GB) fails there, and
/// the child dies instead of the machine swapping. The child runs `FUZZ_WORKBOOK_CASES`
/// cases a property (`PROPTEST_CASES` when that is unset).
#[cfg(unix)]
#[test]
fn workbook_fuzzing_stays_in_bounded_memory() {
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(
            "ulimit -v 3145728; exec \"$0\" --ignored child_mutated_workbook --test-threads 1 \
             --nocapture",
        )
        .arg(&exe)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{:?}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("2 passed"), "{stdout}");
}
