//! Actuals reconciled into levels, and the gap against targets.

mod scenario_fixtures;

use approx::assert_abs_diff_eq;
use grdpsim::scenario::{Actual, Scenario, Source, ACTUALS_TOLERANCE_PP};
use grdpsim::GrdpsimError;
use proptest::prelude::*;
use scenario_fixtures::{
    base_level, cao_bang_6m, cao_bang_6m_actuals, cao_bang_base, provincial_base,
};

fn cao_bang() -> Scenario {
    Scenario::builder(cao_bang_base(), 2025)
        .target("Y", "GRDP", 8.0)
        .target("Y", "CN", 7.14)
        .target("Y", "XD", 21.1)
        .build()
        .unwrap()
}

#[test]
fn a_6m_figure_with_q1_gives_q2() {
    // Cao Bằng: Q1 6.01%, 6M 6.56% (caobang_published.md).
    let sc = cao_bang()
        .with_actuals(&[
            Actual::growth("Q1", "GRDP", 6.01),
            Actual::growth("6M", "GRDP", 6.56),
        ])
        .unwrap();
    let (q1, q2) = (base_level(&sc, "GRDP", "Q1"), base_level(&sc, "GRDP", "Q2"));
    let q2_growth = ((q1 + q2) * 1.0656 - q1 * 1.0601) / q2 * 100.0 - 100.0;
    let got = sc.actual_growth("Q2", "GRDP").unwrap().unwrap();
    assert_abs_diff_eq!(got, q2_growth, epsilon = 1e-9);
    assert_eq!(sc.elapsed_quarters(), 2);
    // 6M alone gives H1 but no quarter.
    let h1_only = cao_bang()
        .with_actuals(&[Actual::growth("H1", "GRDP", 6.56)])
        .unwrap();
    assert!(h1_only.actual_growth("Q1", "GRDP").unwrap().is_none());
    assert_abs_diff_eq!(
        h1_only.actual_growth("H1", "GRDP").unwrap().unwrap(),
        6.56,
        epsilon = 1e-9
    );
    assert_eq!(h1_only.elapsed_quarters(), 2);
}

/// The published Cao Bằng figures for Q1 (6.01%), Q2 (6.77%) and 6M (6.56%) do not agree
/// with each other (`caobang_published.md`, "Known inconsistencies"): with any plausible base
/// weights, Q1 and Q2 give a 6M rate near 6.4%. Given together they are an error that says so.
#[test]
fn published_q1_q2_and_6m_that_disagree_are_an_error() {
    let err = cao_bang()
        .with_actuals(&[
            Actual::growth("Q1", "GRDP", 6.01),
            Actual::growth("Q2", "GRDP", 6.77),
            Actual::growth("6M", "GRDP", 6.56),
        ])
        .unwrap_err();
    let GrdpsimError::ContradictoryActuals {
        sector,
        period,
        stated_pct,
        derived_pct,
        tolerance_pp,
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!((sector.as_str(), period.as_str()), ("GRDP", "2025H1"));
    assert_abs_diff_eq!(*stated_pct, 6.56, epsilon = 1e-9);
    let sc = cao_bang();
    let (q1, q2) = (base_level(&sc, "GRDP", "Q1"), base_level(&sc, "GRDP", "Q2"));
    let derived = (q1 * 6.01 + q2 * 6.77) / (q1 + q2);
    assert!((derived_pct - derived).abs() < 1e-9, "{err}");
    assert_eq!(tolerance_pp.to_bits(), ACTUALS_TOLERANCE_PP.to_bits());
    // Within rounding it is accepted: the figures derived from the quarters, to 2 decimals.
    let rounded = (derived * 100.0).round() / 100.0;
    assert!(cao_bang()
        .with_actuals(&[
            Actual::growth("Q1", "GRDP", 6.01),
            Actual::growth("Q2", "GRDP", 6.77),
            Actual::growth("6M", "GRDP", rounded),
        ])
        .is_ok());
}

#[test]
fn levels_and_growth_mix_and_sectors_sum_to_their_parent() {
    let sc = cao_bang();
    let q2_level = base_level(&sc, "CN", "Q2") * 1.03;
    let sc = sc
        .with_actuals(&[
            Actual::growth("Q1", "CN", 2.0),
            Actual::level("Q2", "CN", q2_level),
            Actual::growth("H1", "XD", 15.0),
        ])
        .unwrap();
    let cn_h1 = sc.actual_level("H1", "CN").unwrap().unwrap();
    assert!((cn_h1 - base_level(&sc, "CN", "Q1") * 1.02 - q2_level).abs() < 1e-9);
    // CNXD over H1 is known from its children; over Q1 it is not (XD gave only H1).
    let cnxd = sc.actual_level("H1", "CNXD").unwrap().unwrap();
    assert!((cnxd - cn_h1 - base_level(&sc, "XD", "H1") * 1.15).abs() < 1e-9);
    assert!(sc.actual_level("Q1", "CNXD").unwrap().is_none());
    // A parent figure that contradicts its children is an error naming the parent.
    let err = sc
        .with_actuals(&[Actual::growth("H1", "CNXD", 1.0)])
        .unwrap_err();
    assert!(
        matches!(&err, GrdpsimError::ContradictoryActuals { sector, .. } if sector == "CNXD"),
        "{err}"
    );
}

#[test]
fn bad_actuals_are_typed_errors() {
    let sc = cao_bang();
    let err = sc
        .with_actuals(&[Actual::growth("Q1", "MINING", 3.0)])
        .unwrap_err();
    assert!(matches!(err, GrdpsimError::UnknownSector { .. }));
    let err = sc
        .with_actuals(&[Actual::growth("2024Q4", "GRDP", 3.0)])
        .unwrap_err();
    assert!(matches!(err, GrdpsimError::PeriodOutsideYear { .. }));
    assert!(sc
        .with_actuals(&[Actual::growth("Q1", "GRDP", -100.0)])
        .is_err());
    assert!(matches!(
        sc.with_actuals(&[Actual::level("Q1", "DV", -5.0)]),
        Err(GrdpsimError::InvalidLevel { .. })
    ));
    // Without actuals there is no gap.
    assert!(matches!(
        sc.gap("H1"),
        Err(GrdpsimError::MissingActuals { .. })
    ));
}

#[test]
fn cao_bang_6m_gap_in_own_growth_and_in_points_of_grdp() {
    let sc = cao_bang().with_actuals(&cao_bang_6m_actuals()).unwrap();
    let gap = sc.gap("H1").unwrap();
    assert_eq!(gap.period, "2025H1");
    let grdp_base = base_level(&sc, "GRDP", "H1");
    for (s, actual) in cao_bang_6m() {
        let row = gap.row(s).unwrap();
        let target = sc.target_growth("H1", s).unwrap();
        assert_abs_diff_eq!(row.gap_pct, (actual - target), epsilon = 1e-9);
        let w = base_level(&sc, s, "H1") / grdp_base;
        assert!((row.gap_pp - w * (actual - target)).abs() < 1e-9, "{s}");
    }
    let sum: f64 = ["NLTS", "CNXD", "DV", "TSP"]
        .iter()
        .map(|s| gap.row(s).unwrap().gap_pp)
        .sum();
    assert_abs_diff_eq!(gap.grdp().gap_pp, sum, epsilon = 1e-12);
    assert_abs_diff_eq!(gap.grdp().gap_pct, gap.grdp().gap_pp, epsilon = 1e-12);
    // Industry's 6M is not reported: it takes a share of CNXD's, pro rata to the targets.
    assert_eq!(
        gap.row("CN").unwrap().actual_source,
        Some(Source::Estimated)
    );
    assert_eq!(gap.row("CNXD").unwrap().actual_source, Some(Source::Actual));
}

proptest! {
    /// The GRDP gap decomposes exactly into the sectors' contribution gaps, at every level of
    /// the tree, whatever the targets and actuals.
    #[test]
    fn the_grdp_gap_is_the_sum_of_the_sectors(
        targets in prop::collection::vec(-5.0..20.0f64, 5),
        actuals in prop::collection::vec(-10.0..20.0f64, 5),
        k in 1u8..=3,
        // With k > 1 every sector also reports Q1 alone.
    ) {
        let codes = ["NLTS", "CN", "XD", "DV", "TSP"];
        let mut b = Scenario::builder(cao_bang_base(), 2025);
        for (i, c) in codes.iter().enumerate() {
            b = b.target("Y", c, targets[i]).actual_growth(format!("Q1-Q{k}"), c, actuals[i]);
            if k > 1 {
                b = b.actual_growth("Q1", c, actuals[(i + 1) % 5]);
            }
        }
        let sc = b.build().unwrap();
        for period in [format!("Q1-Q{k}"), "Q1".to_owned()] {
            let gap = sc.gap(&period).unwrap();
            let leaves: f64 = codes.iter().map(|c| gap.row(c).unwrap().gap_pp).sum();
            prop_assert!((gap.grdp().gap_pp - leaves).abs() < 1e-9);
            let cnxd = gap.row("CN").unwrap().gap_pp + gap.row("XD").unwrap().gap_pp;
            prop_assert!((gap.row("CNXD").unwrap().gap_pp - cnxd).abs() < 1e-9);
            let actual_total: f64 = codes.iter().map(|c| gap.row(c).unwrap().actual_contribution_pp).sum();
            prop_assert!((gap.grdp().actual_pct - actual_total).abs() < 1e-9);
        }
    }
}

#[test]
fn elapsed_quarters_follow_grdp_actuals_from_sectors() {
    let sc = Scenario::builder(provincial_base(2), 2025)
        .target("Y", "GRDP", 8.0)
        .actual_growth("Q1", "NLTS", 3.0)
        .actual_growth("Q1", "CNXD", 3.0)
        .actual_growth("Q1", "DV", 3.0)
        .build()
        .unwrap();
    assert_eq!(
        sc.elapsed_quarters(),
        0,
        "TSP is missing, so GRDP's Q1 is not known"
    );
    let sc = sc
        .with_actuals(&[Actual::growth("Q1", "TSP", 3.0)])
        .unwrap();
    assert_eq!(sc.elapsed_quarters(), 1);
    assert_abs_diff_eq!(
        sc.actual_growth("Q1", "GRDP").unwrap().unwrap(),
        3.0,
        epsilon = 1e-9
    );
}
