//! Numbers in what grdpsim writes for Vietnamese readers have a decimal comma and a dot between
//! thousands, as the GSO's releases and a province's reports write them ("GRDP 6 tháng tăng
//! 6,56%, thấp hơn kịch bản 1,04 điểm phần trăm"); the English texts keep `6.56` and `-1.04`.
//! The figures: Cao Bằng's first six months of 2025 (GRDP +6.56%, 1.04 points below the
//! scenario's 7.60%) and its July 2025 monitoring example.

mod common;

use common::notation::{english_decimals, visible_text};
use grdpsim::datasets::{cao_bang_2025, cao_bang_monitoring_2025, cao_bang_monitoring_policy};
use grdpsim::disaggregation::nowcast::NowcastOptions;
use grdpsim::document::{Block, Cell, Column, Document, Table};
use grdpsim::lang::Lang;
use grdpsim::monitoring::{Context, DigestFormat};
use grdpsim::scenario::{Policy, RequiredOptions};

/// `text` (for Vietnamese readers) has no English-style decimal.
fn vietnamese_only(text: &str) {
    let found = english_decimals(text);
    assert!(
        found.is_empty(),
        "English-style decimals {found:?} in:\n{text}"
    );
}

#[test]
fn the_checker_finds_english_decimals_and_passes_dates_and_vietnamese_numbers() {
    assert_eq!(english_decimals("tăng 6.56%, -1.04 điểm"), ["6.56", "1.04"]);
    assert!(english_decimals("tăng 6,56% đến 2025-07-31, 3.583 tỷ, v1.2.3").is_empty());
    let page = "<p style=\"x:1.4\">a</p><style>b{c:1.5}</style><svg>1.5</svg>";
    assert_eq!(
        visible_text(page).split_whitespace().collect::<Vec<_>>(),
        ["a"]
    );
}

#[test]
fn document_tables_write_numbers_in_the_documents_language() {
    let doc = |lang: Lang| {
        let mut d = Document::new("Cao Bằng 6 tháng 2025", lang);
        let mut t = Table::new(
            "GRDP (%)",
            vec![
                Column::text("Ngành"),
                Column::number("Thực hiện", 2),
                Column::number("Chênh lệch", 2),
                Column::number("Tỷ đồng", 1),
            ],
        );
        t.push_row(vec![
            Cell::from("GRDP"),
            Cell::from(6.56),
            Cell::from(-1.04),
            Cell::from(3583.0),
        ])
        .unwrap();
        d.push(Block::Table(t));
        d
    };
    let (vi, en) = (doc(Lang::Vi), doc(Lang::En));
    for text in [vi.to_text(), vi.to_markdown(), visible_text(&vi.to_html())] {
        vietnamese_only(&text);
        assert!(
            text.contains("6,56") && text.contains("-1,04") && text.contains("3583,0"),
            "{text}"
        );
    }
    assert!(vi
        .to_markdown()
        .contains("| GRDP | 6,56 | -1,04 | 3583,0 |"));
    assert!(en
        .to_markdown()
        .contains("| GRDP | 6.56 | -1.04 | 3583.0 |"));
    assert!(en
        .to_text()
        .contains("GRDP        6.56       -1.04   3583.0"));
    assert!(vi
        .to_text()
        .contains("GRDP        6,56       -1,04   3583,0"));
}

#[test]
fn the_july_digest_in_vietnamese_writes_decimal_commas_and_english_points() {
    let (mut m, sc, policy) = (
        cao_bang_monitoring_2025().unwrap(),
        cao_bang_2025().unwrap(),
        cao_bang_monitoring_policy().unwrap(),
    );
    let cx = Context {
        scenario: Some(&sc),
        as_of: None,
    };
    let d = m.digest(ym("2025-07"), &policy, &cx).unwrap();
    for fmt in [DigestFormat::Text, DigestFormat::Markdown] {
        let vi = d.render(Lang::Vi, fmt);
        vietnamese_only(&vi);
        // The headline: H1 growth and its official gap.
        assert!(vi.contains("6,56%") && vi.contains("-1,04"), "{vi}");
        let en = d.render(Lang::En, fmt);
        assert!(en.contains("6.56%") && en.contains("-1.04"), "{en}");
        assert!(!english_decimals(&en).is_empty());
    }
    vietnamese_only(&visible_text(&d.render(Lang::Vi, DigestFormat::Html)));
    for f in d.findings() {
        vietnamese_only(&f.message(Lang::Vi));
    }
    for line in d.headline.lines(Lang::Vi) {
        vietnamese_only(&line);
    }
}

#[test]
fn the_nowcast_note_the_scenario_notes_and_the_required_status_in_vietnamese() {
    let sc = cao_bang_2025().unwrap();
    let n = cao_bang_monitoring_2025()
        .unwrap()
        .nowcast(&sc, "CN_GTSX", &NowcastOptions::default())
        .unwrap();
    let g = n.nowcast.growth_on_year_pct.unwrap();
    let vi = n.note(Lang::Vi);
    vietnamese_only(&vi);
    assert!(vi.contains(&Lang::Vi.signed(g, 2)), "{vi}");
    assert!(n.note(Lang::En).contains(&format!("{g:+.2}%")));
    // The notes on the Q1 revision and the Q2 release.
    for note in sc.notes_in(Lang::Vi) {
        vietnamese_only(note);
    }
    assert!(sc
        .notes_in(Lang::Vi)
        .iter()
        .any(|n| n.contains("0,25 điểm")));
    assert!(sc.notes_in(Lang::En).iter().any(|n| n.contains("0.25 pp")));
    // A target out of reach: how far the sectors' targets stop short.
    let opts = RequiredOptions {
        target_pct: Some(30.0),
        ..RequiredOptions::new(Policy::SectorTargets)
    };
    let rq = sc.required_growth(&opts).unwrap();
    let (vi, en) = (rq.status_in(Lang::Vi), rq.status_in(Lang::En));
    assert!(
        vi.starts_with("KHÔNG khả thi") && en.starts_with("NOT feasible"),
        "{vi}"
    );
    vietnamese_only(&vi);
    assert!(
        vi.contains("30,00%") && en.contains("30.00%"),
        "{vi} / {en}"
    );
}

#[test]
fn the_uncertainty_model_is_named_in_vietnamese_with_vietnamese_numbers() {
    use grdpsim::uncertainty::{Correlation, Sd, Uncertainty};
    let u = Uncertainty::normal(Sd::Scalar(1.5), Correlation::Independent, 0.5).unwrap();
    assert_eq!(
        u.describe(),
        "normal, sd 1.50 pp on every leaf sector, independent sectors, ar 0.50"
    );
    assert_eq!(
        u.describe_in(grdpsim::lang::Lang::Vi),
        "phân phối chuẩn, độ lệch chuẩn 1,50 điểm % cho mọi ngành cấp cuối, các ngành độc lập, \
         tự tương quan 0,50"
    );
}

/// A month `YYYY-MM` of the tests (the library takes a typed month).
fn ym(text: &str) -> grdpsim::date::Month {
    text.parse().unwrap()
}
