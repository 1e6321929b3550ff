//! Targets: derivation rules, the consistency report, projection, and bad targets.

mod scenario_fixtures;

use approx::assert_abs_diff_eq;
use grdpsim::scenario::{DerivationRule, PeriodRule, Scenario, Target, TreeRule};
use grdpsim::{Convention, GrdpsimError};
use scenario_fixtures::{base_level as level, cao_bang_adjusted, cao_bang_base};

/// Cao Bằng's adjusted 2025 scenario (news.laodong.vn 1511096, May 2025; see
/// `../shared/data/caobang_published.md`): GRDP 8.0, NLTS 3.3, CNXD 12.97 of which industry
/// 7.14 and construction 21.1, DV 8.24, TSP 7.75. The stated CNXD figure is reported beside
/// the one its two stated children imply with the base weights; neither is trusted silently.
#[test]
fn cao_bang_adjusted_2025_reports_implied_beside_stated() {
    let sc = cao_bang_adjusted().build().unwrap();
    let c = sc.consistency();
    let (cn, xd) = (level(&sc, "CN", ""), level(&sc, "XD", ""));
    let implied_cnxd = (cn * 7.14 + xd * 21.1) / (cn + xd);
    let row = c.row("Y", "CNXD").unwrap();
    assert_eq!(row.stated_pct, Some(12.97));
    assert!((row.implied_pct - implied_cnxd).abs() < 1e-9, "{row:?}");
    assert_eq!(row.consistent, (implied_cnxd - 12.97).abs() <= 0.005);
    assert_abs_diff_eq!(
        row.difference_pp.unwrap(),
        (implied_cnxd - 12.97),
        epsilon = 1e-9
    );
    // GRDP: the weighted sum of the leaf targets, beside the stated 8.0.
    let total = level(&sc, "GRDP", "");
    let implied_grdp: f64 = [
        ("NLTS", 3.3),
        ("CN", 7.14),
        ("XD", 21.1),
        ("DV", 8.24),
        ("TSP", 7.75),
    ]
    .iter()
    .map(|(s, g)| level(&sc, s, "") * g / total)
    .sum();
    let g = c.row("Y", "GRDP").unwrap();
    assert_eq!(g.stated_pct, Some(8.0));
    assert_abs_diff_eq!(g.implied_pct, implied_grdp, epsilon = 1e-9);
    // Leaves with only an annual target grow at it in every quarter.
    for q in ["Q1", "Q2", "Q3", "Q4"] {
        assert_abs_diff_eq!(sc.growth(q, "XD").unwrap(), 21.1, epsilon = 1e-9);
        assert!(c.row(q, "XD").unwrap().stated_pct.is_none());
    }
    // Every sector and the 8 standard periods.
    assert_eq!(c.rows.len(), sc.tree().len() * 8);
    assert!(c.inconsistent().all(|r| r.stated_pct.is_some()));
}

#[test]
fn a_grdp_only_target_applies_to_every_sector_and_quarter() {
    // GSO's updated 2025 scenario (Q1 report): 6.93, 8.19, 8.27, 8.46 by quarter.
    let sc = Scenario::builder(cao_bang_base(), 2025)
        .targets(
            [("Q1", 6.93), ("Q2", 8.19), ("Q3", 8.27), ("Q4", 8.46)]
                .map(|(p, g)| Target::new(p, "GRDP", g)),
        )
        .build()
        .unwrap();
    for s in ["NLTS", "CN", "XD", "DV", "TSP", "GRDP"] {
        assert!((sc.growth("Q2", s).unwrap() - 8.19).abs() < 1e-9, "{s}");
    }
    let h1 = (level(&sc, "GRDP", "Q1") * 1.0693 + level(&sc, "GRDP", "Q2") * 1.0819)
        / level(&sc, "GRDP", "H1")
        * 100.0
        - 100.0;
    assert_abs_diff_eq!(sc.growth("H1", "GRDP").unwrap(), h1, epsilon = 1e-9);
    assert!(sc.consistency().is_consistent());
}

#[test]
fn period_rules_spread_or_make_the_cumulative_target_exact() {
    let targets = [
        Target::new("Q1", "GRDP", 6.93),
        Target::new("H1", "GRDP", 7.58),
        Target::new("Y", "GRDP", 8.0),
    ];
    let spread = Scenario::new(cao_bang_base(), 2025, &targets).unwrap();
    // Spread: Q2 takes the H1 rate; the implied H1 differs from the stated one and says so.
    assert_abs_diff_eq!(spread.growth("Q2", "GRDP").unwrap(), 7.58, epsilon = 1e-9);
    assert_abs_diff_eq!(spread.growth("Q4", "GRDP").unwrap(), 8.0, epsilon = 1e-9);
    let row = spread.consistency().row("H1", "GRDP").unwrap().clone();
    assert!(!row.consistent && row.stated_pct == Some(7.58));
    // Residual: Q2 is what H1 leaves after Q1.
    let rule = DerivationRule {
        periods: PeriodRule::Residual,
        tree: TreeRule::Inherit,
    };
    let residual = spread.with_rule(rule).unwrap();
    assert_abs_diff_eq!(residual.growth("H1", "GRDP").unwrap(), 7.58, epsilon = 1e-9);
    assert_abs_diff_eq!(residual.growth("Q1", "GRDP").unwrap(), 6.93, epsilon = 1e-9);
    let (q1, q2) = (
        level(&residual, "GRDP", "Q1"),
        level(&residual, "GRDP", "Q2"),
    );
    let q2_growth = ((q1 + q2) * 1.0758 - q1 * 1.0693) / q2 * 100.0 - 100.0;
    assert_abs_diff_eq!(
        residual.growth("Q2", "GRDP").unwrap(),
        q2_growth,
        epsilon = 1e-9
    );
    // Then Q3 and Q4 share what the year leaves after H1.
    assert_abs_diff_eq!(residual.growth("Y", "GRDP").unwrap(), 8.0, epsilon = 1e-9);
    assert!(
        (residual.growth("Q3", "GRDP").unwrap() - residual.growth("Q4", "GRDP").unwrap()).abs()
            < 1e-9
    );
    assert!(residual.consistency().is_consistent());
    // Q3, Q4: nothing stated covers them.
    assert!(matches!(
        Scenario::new(cao_bang_base(), 2025, &[Target::new("H1", "GRDP", 7.0)]),
        Err(GrdpsimError::MissingTarget { .. })
    ));
}

#[test]
fn tree_rules_inherit_or_make_the_parent_target_exact() {
    let targets = [
        Target::new("Y", "GRDP", 8.0),
        Target::new("Y", "CNXD", 12.97),
        Target::new("Y", "CN", 7.14),
    ];
    let inherit = Scenario::new(cao_bang_base(), 2025, &targets).unwrap();
    // XD inherits CNXD's 12.97; NLTS, DV, TSP inherit GRDP's 8.0.
    assert_abs_diff_eq!(inherit.growth("Y", "XD").unwrap(), 12.97, epsilon = 1e-9);
    assert_abs_diff_eq!(inherit.growth("Y", "DV").unwrap(), 8.0, epsilon = 1e-9);
    let residual = inherit
        .with_rule(DerivationRule {
            periods: PeriodRule::Spread,
            tree: TreeRule::Residual,
        })
        .unwrap();
    // XD is what CNXD leaves after CN; NLTS, DV, TSP share what GRDP leaves after CNXD.
    assert_abs_diff_eq!(residual.growth("Y", "CNXD").unwrap(), 12.97, epsilon = 1e-9);
    assert_abs_diff_eq!(residual.growth("Y", "GRDP").unwrap(), 8.0, epsilon = 1e-9);
    let (cn, xd) = (level(&residual, "CN", ""), level(&residual, "XD", ""));
    let xd_growth = ((cn + xd) * 1.1297 - cn * 1.0714) / xd * 100.0 - 100.0;
    assert_abs_diff_eq!(
        residual.growth("Y", "XD").unwrap(),
        xd_growth,
        epsilon = 1e-9
    );
    assert!(residual.consistency().is_consistent());
}

#[test]
fn projection_gives_contributions_that_sum_to_growth_in_both_conventions() {
    let sc = Scenario::builder(cao_bang_base(), 2025)
        .target("Y", "GRDP", 8.0)
        .target("Y", "CN", 7.14)
        .target("Y", "XD", 21.1)
        .build()
        .unwrap();
    for period in ["Q1", "H1", "9M", "Y"] {
        let c = sc.contributions(period, Convention::Grdp).unwrap();
        let sum: f64 = c.rows.iter().map(|r| r.contribution_pp).sum();
        assert_abs_diff_eq!(sum, sc.growth(period, "GRDP").unwrap(), epsilon = 1e-9);
        let gva = sc.contributions(period, Convention::Gva).unwrap();
        let shares: f64 = gva.rows.iter().map(|r| r.share_pct.unwrap()).sum();
        assert_abs_diff_eq!(shares, 100.0, epsilon = 1e-9);
    }
    let y = sc.target_level_of("Y", "XD").unwrap();
    assert_abs_diff_eq!(y, level(&sc, "XD", "") * 1.211, epsilon = 1e-6);
}

#[test]
fn bad_targets_are_typed_errors_that_name_what_is_wrong() {
    let base = cao_bang_base;
    let err = Scenario::new(base(), 2025, &[Target::new("Y", "GRDP", -100.0)]).unwrap_err();
    assert!(
        matches!(&err, GrdpsimError::InvalidTarget { sector, .. } if sector == "GRDP"),
        "{err}"
    );
    let err = Scenario::new(base(), 2025, &[Target::new("Y", "GRDP", f64::NAN)]).unwrap_err();
    assert!(matches!(err, GrdpsimError::InvalidTarget { .. }));
    let err = Scenario::new(base(), 2025, &[Target::new("2026Q1", "GRDP", 8.0)]).unwrap_err();
    assert!(
        matches!(&err, GrdpsimError::PeriodOutsideYear { year: 2025, .. }),
        "{err}"
    );
    let err = Scenario::new(base(), 2025, &[Target::new("Q5", "GRDP", 8.0)]).unwrap_err();
    assert!(matches!(err, GrdpsimError::InvalidPeriod { .. }));
    let err = Scenario::new(base(), 2025, &[Target::new("Y", "MINING", 8.0)]).unwrap_err();
    assert!(matches!(err, GrdpsimError::UnknownSector { .. }));
    // The base must cover the year before the scenario year.
    let err = Scenario::new(base(), 2027, &[Target::new("Y", "GRDP", 8.0)]).unwrap_err();
    assert!(
        matches!(err, GrdpsimError::PeriodNotCovered { .. }),
        "{err}"
    );
    // A residual that would take a sector below -100% is named as derived.
    let err = Scenario::builder(base(), 2025)
        .rule(DerivationRule {
            periods: PeriodRule::Spread,
            tree: TreeRule::Residual,
        })
        .target("Y", "CNXD", 5.0)
        .target("Y", "CN", 300.0)
        .target("Y", "GRDP", 8.0)
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, GrdpsimError::InvalidTarget { sector, reason, .. } if sector == "CNXD" && reason.contains("derived")),
        "{err}"
    );
}

#[test]
fn a_later_target_for_the_same_sector_and_period_replaces_the_earlier() {
    let sc = Scenario::builder(cao_bang_base(), 2025)
        .target("Y", "GRDP", 7.0)
        .target("year", "grdp", 8.0)
        .build()
        .unwrap();
    assert_eq!(sc.targets(), vec![Target::new("Y", "GRDP", 8.0)]);
    assert_eq!(sc.grdp_target_pct(), Some(8.0));
}
