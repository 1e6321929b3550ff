//! Fuzzing the file readers (issue 16): random bytes and mutations of a valid CSV and SDMX-ML
//! file must give records or a `Parse` error, and records must give accounts or a typed error;
//! mutations of a scenario file (TOML, JSON) give a scenario whose every answer is finite, or a
//! typed error; never a panic, an abort or a stack overflow.
//!
//! proptest on stable Rust. `cargo test` runs 64 cases per property; for a real session raise
//! the budget: `PROPTEST_CASES=20000 cargo test --release --test fuzz_readers`.

use grdpsim::io::{records_from_csv_str, records_from_sdmx_str};
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
        .target("GRDP", "Y", 8.0)
        .target("DV", "Q2", 9.0)
        .actual_growth("GRDP", "Q1", 6.0)
        .actual_growth("DV", "H1", 7.0)
        .actuals([grdpsim::scenario::Actual::growth("NLTS", "Q2", 3.0).as_provisional()])
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
        finite(sc.growth("GRDP", p));
        finite(sc.target_growth("DV", p));
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

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    /// Repeat a slice many times: deep nesting, long fields, many rows.
    Repeat(usize, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), prop::sample::select(TOKENS))
            .prop_map(|(at, t)| Edit::Insert(at, t.to_owned())),
        (any::<usize>(), prop::sample::select(TOKENS), 1..3_000_usize)
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
