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
//! proptest on stable Rust. `cargo test` runs 64 cases per property; for a real session raise
//! the budget: `PROPTEST_CASES=20000 cargo test --release --test fuzz_readers`.

mod common;
#[path = "disbursement_support/mod.rs"]
mod support;

use std::sync::OnceLock;

use common::xlsx::{self, Cell};
use grdpsim::disbursement::Tracker;
use grdpsim::io::{records_from_csv_str, records_from_sdmx_str};
use grdpsim::monitoring::Monitor;
use grdpsim::scenario::{Policy, RequiredOptions, Scenario};
use grdpsim::{Accounts, ErrorKind, LevelRecord, Result};
use proptest::prelude::*;

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

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// A workbook's zip parts: names and bytes.
type Parts = Vec<(String, Vec<u8>)>;

/// The seed workbooks, as zip parts: the Cao Bằng scenario in English and a payments update
/// with shared strings.
fn workbook_seeds() -> &'static [Parts] {
    static SEEDS: OnceLock<Vec<Parts>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = support::TempDir::new("fuzz-seed");
        let path = dir.0.join("cb.xlsx");
        grdpsim::datasets::cao_bang_2025()
            .unwrap()
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
        vec![scenario, payments]
    })
}

/// The three workbook readers on `bytes`: each a result or a typed error (a panic fails the
/// case; an abort, the child process).
fn read_workbook_bytes(bytes: &[u8]) {
    static DIR: OnceLock<support::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| support::TempDir::new("fuzz-workbooks"));
    let path = dir
        .0
        .join(format!("{:?}.xlsx", std::thread::current().id()));
    std::fs::write(&path, bytes).unwrap();
    let mut tracker = Tracker::in_memory("x", 2025).unwrap();
    let _ = tracker.import_workbook(&path, "fuzz");
    let mut monitor = Monitor::in_memory("x", 2025).unwrap();
    let _ = monitor.import_workbook(&path, "fuzz");
    assert_scenario_typed(Scenario::from_xlsx(&path, None));
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    #[ignore = "run by workbook_fuzzing_stays_in_bounded_memory in a child process"]
    fn child_mutated_workbook_parts_never_panic(
        seed in 0..2_usize,
        part in any::<usize>(),
        drop in prop::bool::weighted(0.1),
        edits in prop::collection::vec(
            prop_oneof![edit_from(WORKBOOK_TOKENS), edit_from(TOKENS)],
            1..5,
        ),
    ) {
        let mut parts = workbook_seeds()[seed].clone();
        let i = part % parts.len();
        if drop {
            parts.remove(i);
        } else {
            let text = String::from_utf8_lossy(&parts[i].1).into_owned();
            parts[i].1 = mutate(&text, &edits).into_bytes();
        }
        read_workbook_bytes(&xlsx::zip(&parts));
    }

    #[test]
    #[ignore = "run by workbook_fuzzing_stays_in_bounded_memory in a child process"]
    fn child_mutated_workbook_bytes_never_panic(
        seed in 0..2_usize,
        edits in prop::collection::vec(byte_edit(), 1..8),
    ) {
        let mut bytes = xlsx::zip(&workbook_seeds()[seed]);
        edit_bytes(&mut bytes, &edits);
        read_workbook_bytes(&bytes);
    }

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
    assert_eq!(
        Scenario::from_xlsx(&path, None).unwrap(),
        grdpsim::datasets::cao_bang_2025().unwrap()
    );
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
}

/// Runs the workbook properties in a child process with its address space limited to 3 GiB
/// (`ulimit -v`): an allocation from a hostile extent (hundreds of GB) fails there, and
/// the child dies instead of the machine swapping. The child's case count follows
/// `PROPTEST_CASES`.
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
