//! The indicator target the scenario implies (`grdpsim::monitoring::derived`), and pace
//! against the plan and the scenario side by side.
#![cfg(feature = "store")]

use grdpsim::datasets::{
    cao_bang_2025, cao_bang_monitoring_2025, cao_bang_monitoring_policy,
    CAO_BANG_2025_JULY_INDUSTRY_PLAN_SHARE_PCT, CAO_BANG_2025_JULY_INDUSTRY_SCENARIO_SHARE_PCT,
    CAO_BANG_2025_JULY_INDUSTRY_VALUE,
};
use grdpsim::lang::Lang;
use grdpsim::monitoring::{Conversion, Month, WarningPolicy};

fn july() -> Month {
    "2025-07".parse().unwrap()
}

#[test]
fn the_example_scenario_target_is_derived_from_industry_by_the_stated_conversion() {
    let m = cao_bang_monitoring_2025().unwrap();
    let sc = cao_bang_2025().unwrap();
    let policy = cao_bang_monitoring_policy().unwrap();
    let link = &policy.links["CN_GTSX"];
    let derived = m.derived_targets(&sc, &policy).unwrap();
    let year = derived
        .iter()
        .find(|d| d.indicator == "CN_GTSX" && d.period == "year")
        .unwrap();
    // By hand: the scenario's industry value added of 2025 × the price index ÷ VA/output.
    let va = sc.target_level_of("Y", "CN").unwrap();
    let (r, p) = (link.va_ratio.unwrap(), link.price_index.unwrap());
    assert_eq!(
        year.conversion,
        Conversion::ValueAdded {
            va_ratio: r,
            price_index: p
        }
    );
    assert!((year.derived - va * p / r).abs() < 1e-9);
    assert!((year.derived - 8470.0).abs() < 0.5, "{}", year.derived);
    assert!((year.assigned_growth_pct - sc.target_growth("Y", "CN").unwrap()).abs() < 1e-12);
    // The Q3 target from industry's Q3 value added, beside the department's Q3 plan.
    let q3 = derived.iter().find(|d| d.period == "Q3").unwrap();
    let va_q3 = sc.target_level_of("Q3", "CN").unwrap();
    assert!((q3.derived - va_q3 * p / r).abs() < 1e-9);
    assert_eq!(q3.plan, Some(1970.0));
    // The plan implies (1 + G)·plan/derived − 1 of value-added growth: below the assigned.
    let g = sc.target_growth("Q3", "CN").unwrap();
    let implied = ((1.0 + g / 100.0) * 1970.0 / q3.derived - 1.0) * 100.0;
    assert!((q3.plan_growth_pct.unwrap() - implied).abs() < 1e-9);
    assert!(q3.plan_falls_short());
    let en = q3.shortfall_text(Lang::En).unwrap();
    assert!(en.contains("your Q3 plan of 1,970 bn VND implies"), "{en}");
    assert!(
        en.contains(&format!("the scenario assigns {g:+.1}%")),
        "{en}"
    );
    let vi = q3.shortfall_text(Lang::Vi).unwrap();
    assert!(vi.contains("kế hoạch quý III 1.970 bn VND"), "{vi}");
    assert!(
        vi.contains(&format!("kịch bản giao +{}%", Lang::Vi.number(g, 1))),
        "{vi}"
    );
    // The derivation names its figures and its source.
    let how = year.derivation_text(Lang::Vi);
    assert!(how.contains("8.469,") || how.contains("8.470,"), "{how}");
    assert!(how.contains(&link.source), "{how}");
    assert!(year
        .derivation_text(Lang::En)
        .contains("price index 1.5615"));
}

#[test]
fn july_pace_is_read_against_the_plan_and_the_derived_scenario_target() {
    let m = cao_bang_monitoring_2025().unwrap();
    let pace = m.pace(july()).unwrap();
    let p = pace.iter().find(|p| p.indicator.code == "CN_GTSX").unwrap();
    let derived = m
        .derived_targets(
            &cao_bang_2025().unwrap(),
            &cao_bang_monitoring_policy().unwrap(),
        )
        .unwrap();
    let year = derived.iter().find(|d| d.period == "year").unwrap();
    assert_eq!(p.to_date, Some(CAO_BANG_2025_JULY_INDUSTRY_VALUE));
    assert_eq!(p.scenario_target, Some(year.derived));
    assert_eq!(p.plan_target, Some(7980.0));
    let plan_pct = p.plan_reached_pct.unwrap();
    let scenario_pct = p.scenario_reached_pct.unwrap();
    assert!((plan_pct - 100.0 * 3583.0 / 7980.0).abs() < 1e-9);
    assert!((scenario_pct - 100.0 * 3583.0 / year.derived).abs() < 1e-9);
    // The meeting's published 44.9% and 42.3%, at one decimal.
    assert_eq!(
        format!("{plan_pct:.1}"),
        format!("{CAO_BANG_2025_JULY_INDUSTRY_PLAN_SHARE_PCT:.1}")
    );
    assert_eq!(
        format!("{scenario_pct:.1}"),
        format!("{CAO_BANG_2025_JULY_INDUSTRY_SCENARIO_SHARE_PCT:.1}")
    );
    // The headline basis stays the scenario's.
    assert_eq!(p.basis, "scenario");
    assert_eq!(p.reached_pct, Some(scenario_pct));
    // An indicator with a plan only has no scenario figure.
    let tourism = pace.iter().find(|p| p.indicator.code == "DL_DT").unwrap();
    assert!(tourism.scenario_target.is_none() && tourism.scenario_reached_pct.is_none());
    assert_eq!(tourism.plan_reached_pct, tourism.reached_pct);
}

#[test]
fn an_elasticity_link_derives_from_last_years_months() {
    let m = cao_bang_monitoring_2025().unwrap();
    let sc = cao_bang_2025().unwrap();
    let policy = WarningPolicy::from_toml_str(
        "[links.CN_GTSX]\nsector = \"CN\"\nelasticity = 1.2\nsource = \"calibrated 2015-2024\"\n",
    )
    .unwrap();
    let d = m.derived_targets(&sc, &policy).unwrap();
    let q3 = d.iter().find(|d| d.period == "Q3").unwrap();
    // Last year's Q3 in the example: 571 + 600 + 640 = 1,811.
    assert!((q3.basis_value - 1811.0).abs() < 1e-9);
    let g = sc.target_growth("Q3", "CN").unwrap();
    assert!((q3.derived - 1811.0 * (1.0 + 1.2 * g / 100.0)).abs() < 1e-9);
    let implied = (1970.0 / 1811.0 - 1.0) / 1.2 * 100.0;
    assert!((q3.plan_growth_pct.unwrap() - implied).abs() < 1e-9);
    assert!(q3
        .derivation_text(Lang::En)
        .contains("calibrated 2015-2024"));
}

#[test]
fn a_bad_link_is_refused_naming_it() {
    for (toml, needle) in [
        ("[links.CN_GTSX]\nsector = \"CN\"\nva_ratio = 0.3\nsource = \"x\"\n", "links.CN_GTSX"),
        (
            "[links.CN_GTSX]\nsector = \"CN\"\nva_ratio = -0.3\nprice_index = 1.0\nsource = \"x\"\n",
            "links.CN_GTSX.va_ratio",
        ),
        ("[links.CN_GTSX]\nsector = \"CN\"\nelasticity = 1.0\nsorce = \"x\"\n", "sorce"),
    ] {
        let e = WarningPolicy::from_toml_str(toml).unwrap_err().to_string();
        assert!(e.contains(needle), "{toml}: {e}");
    }
    let m = cao_bang_monitoring_2025().unwrap();
    let sc = cao_bang_2025().unwrap();
    let unknown = WarningPolicy::from_toml_str(
        "[links.NOPE]\nsector = \"CN\"\nelasticity = 1.0\nsource = \"x\"\n",
    )
    .unwrap();
    let e = m.derived_targets(&sc, &unknown).unwrap_err().to_string();
    assert!(e.contains("NOPE"), "{e}");
    let bad_sector = WarningPolicy::from_toml_str(
        "[links.CN_GTSX]\nsector = \"ZZ\"\nelasticity = 1.0\nsource = \"x\"\n",
    )
    .unwrap();
    let e = m.derived_targets(&sc, &bad_sector).unwrap_err().to_string();
    assert!(e.contains("ZZ"), "{e}");
}

#[test]
fn the_digest_shows_both_shares_the_derivation_and_the_shortfall() {
    let mut m = cao_bang_monitoring_2025().unwrap();
    let sc = cao_bang_2025().unwrap();
    let cx = grdpsim::monitoring::Context {
        scenario: Some(&sc),
        as_of: None,
    };
    let d = m
        .digest(ym("2025-07"), &cao_bang_monitoring_policy().unwrap(), &cx)
        .unwrap();
    let vi = d.render(Lang::Vi, grdpsim::monitoring::DigestFormat::Text);
    assert!(
        vi.contains("đạt 44,9% kế hoạch, 42,3% mục tiêu kịch bản"),
        "{vi}"
    );
    assert!(vi.contains("chỉ số giá 1,5615"), "{vi}");
    assert!(vi.contains("kế hoạch quý III 1.970"), "{vi}");
    let en = d.render(Lang::En, grdpsim::monitoring::DigestFormat::Text);
    assert!(
        en.contains("44.9% of the plan, 42.3% of the scenario's target"),
        "{en}"
    );
    assert!(en.contains("your Q3 plan of 1,970 bn VND implies"), "{en}");
}

/// A month `YYYY-MM` of the tests (the library takes a typed month).
fn ym(text: &str) -> grdpsim::date::Month {
    text.parse().unwrap()
}
