//! Issue 16: hostile and absurd files and periods give a typed error, never a crash, a panic or an
//! allocation sized by the input.

use grdpsim::io::{records_from_csv_str, records_from_sdmx_str, MAX_XML_DEPTH};
use grdpsim::{Accounts, GrdpsimError, Quarter, SectorTree};

/// A minimal SDMX-ML message with one quarterly GDP series at constant prices.
fn sdmx(periods: &[&str]) -> String {
    let obs = periods
        .iter()
        .map(|p| format!(r#"<Obs TIME_PERIOD="{p}" OBS_VALUE="100"/>"#))
        .collect::<Vec<_>>()
        .concat();
    format!(
        r#"<?xml version="1.0"?><message:StructureSpecificData xmlns:message="m"><message:DataSet>
<Series FREQ="Q" INDICATOR="NGDP_R_XDC" UNIT_MULT="9">{obs}</Series>
</message:DataSet></message:StructureSpecificData>"#
    )
}

fn is_parse_error(e: &GrdpsimError) -> bool {
    matches!(e, GrdpsimError::Parse { .. })
}

#[test]
fn deeply_nested_sdmx_is_a_parse_error_not_a_stack_overflow() {
    // 20 000 levels overflowed the parser's stack (SIGSEGV) before issue 16.
    let text = "<a>".repeat(20_000) + &"</a>".repeat(20_000);
    let e = records_from_sdmx_str("d.xml", &text).unwrap_err();
    assert!(
        is_parse_error(&e) && e.to_string().contains("nest deeper"),
        "{e}"
    );
    // Up to the bound, nesting is fine (and the file is simply not SDMX).
    let deep = "<a>".repeat(MAX_XML_DEPTH) + &"</a>".repeat(MAX_XML_DEPTH);
    let e = records_from_sdmx_str("d.xml", &deep).unwrap_err();
    assert!(e.to_string().contains("no quarterly GDP"), "{e}");
    // Markup that only looks nested (in comments, CDATA, attribute values) does not count.
    let disguised = format!(
        "<r a=\"{}\"><!--{}--><![CDATA[{}]]></r>",
        "&gt;".repeat(10),
        "<a>".repeat(1_000),
        "<a>".repeat(1_000)
    );
    let e = records_from_sdmx_str("d.xml", &disguised).unwrap_err();
    assert!(e.to_string().contains("no quarterly GDP"), "{e}");
    // Closing tags hidden in a comment do not buy depth back.
    let sneaky = format!(
        "<!--{}-->{}{}",
        "</a>".repeat(1_000),
        "<a>".repeat(20_000),
        "</a>".repeat(20_000)
    );
    assert!(records_from_sdmx_str("d.xml", &sneaky).is_err());
}

#[test]
fn an_absurd_sdmx_year_is_a_parse_error_before_any_allocation() {
    // "202400000-Q1" next to "2024-Q1" made the loader allocate every quarter between them
    // (32 GB, SIGABRT); "20242024-Q4" hung.
    for bad in ["202400000-Q1", "20242024-Q4", "0999-Q1", "10000-Q1"] {
        let e = records_from_sdmx_str("d.xml", &sdmx(&["2024-Q1", bad])).unwrap_err();
        let msg = e.to_string();
        assert!(
            is_parse_error(&e) && msg.contains("between 1000 and 9999"),
            "{bad}: {msg}"
        );
        assert!(msg.contains("d.xml, line 2"), "{msg}");
    }
    assert_eq!(
        records_from_sdmx_str("d.xml", &sdmx(&["2024-Q1"]))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn an_absurd_unit_multiplier_is_a_parse_error_not_an_overflow() {
    // i32::MIN - 9 overflowed (a panic in debug builds, a wrapped scale in release).
    for mult in ["-2147483648", "400", "x"] {
        let text = sdmx(&["2024-Q1"]).replace(r#"UNIT_MULT="9""#, &format!("UNIT_MULT=\"{mult}\""));
        let e = records_from_sdmx_str("d.xml", &text).unwrap_err();
        assert!(
            is_parse_error(&e) && e.to_string().contains("UNIT_MULT"),
            "{e}"
        );
    }
}

#[test]
fn an_absurd_csv_year_is_a_parse_error() {
    for bad in ["202400000Q1", "20242024Q4", "99999"] {
        let text = format!("period,sector,value\n2024Q1,GRDP,1\n{bad},GRDP,2\n");
        let e = records_from_csv_str("a.csv", &text).unwrap_err();
        let msg = e.to_string();
        assert!(is_parse_error(&e) && msg.contains("a.csv, line 3"), "{msg}");
        assert!(msg.contains("between 1000 and 9999"), "{msg}");
    }
}

#[test]
fn quarters_past_year_9999_are_rejected_at_load_time() {
    // pandas cannot index them (DateParseError on `acc.quarters`), and no release has them.
    let tree = SectorTree::provincial();
    let leaves = tree.leaves().count();
    let levels = ndarray::Array2::from_elem((leaves, 8), 100.0);
    let start = Quarter::new(9999, 1).unwrap();
    let e = Accounts::from_leaf_levels(tree.clone(), start, levels.view(), None).unwrap_err();
    assert!(
        matches!(e, GrdpsimError::InvalidPeriod { .. }) && e.to_string().contains("9999"),
        "{e}"
    );
    // A quarter built by arithmetic, not by `Quarter::new`, is checked too.
    let far = Quarter::from_ordinal(4 * 20_000);
    let records = [far, Quarter::new(2024, 1).unwrap()].map(|quarter| grdpsim::LevelRecord {
        quarter,
        sector: "GRDP".into(),
        basis: grdpsim::PriceBasis::Constant,
        value: 1.0,
    });
    let e = Accounts::from_records(&records, Some(tree)).unwrap_err();
    assert!(matches!(e, GrdpsimError::InvalidPeriod { .. }), "{e}");
}
