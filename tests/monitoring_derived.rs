//! The indicator target the scenario implies (`grdpsim::monitoring::derived`), and pace
//! against the plan and the scenario side by side.
#![cfg(feature = "store")]

use grdpsim::datasets::{
    cao_bang_2025, cao_bang_monitoring_2025, cao_bang_monitoring_policy,
    CAO_BANG_2025_JULY_INDUSTRY_PLAN_SHARE_PCT, CAO_BANG_2025_JULY_INDUSTRY_SCENARIO_SHARE_PCT,
    CAO_BANG_2025_JULY_INDUSTRY_VALUE,
};
use grdpsim::lang::Lang;
use grdpsim::monitoring::{Context, Conversion, Monitor, Month, Rule, Severity, WarningPolicy};
use grdpsim::scenario::{Scenario, Target};

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
    // The Q3 target from industry's Q3 value added, beside the department's Q3 plan of
    // 2,050 bn (synthetic: the figure the meeting quoted).
    let q3 = derived.iter().find(|d| d.period == "Q3").unwrap();
    let va_q3 = sc.target_level_of("Q3", "CN").unwrap();
    assert!((q3.derived - va_q3 * p / r).abs() < 1e-9);
    assert_eq!(q3.plan, Some(2050.0));
    // By hand: industry's Q3 value added in the scenario is 345.72 bn (2010 prices), +8.59%
    // over 2024's Q3 (the annual +7.14% spread over the quarters left after H1's actuals);
    // the target it implies is 345.72 · 1.5615 / 0.25 = 2,159.4 bn; the plan implies
    // 1.0859 · 2,050 / 2,159.4 − 1 = +3.1% of value added, below the +8.6% assigned.
    let g = sc.target_growth("Q3", "CN").unwrap();
    assert_eq!(format!("{g:.2}"), "8.59");
    assert!((q3.derived - 2159.4).abs() < 0.05, "{}", q3.derived);
    let implied = q3.plan_growth_pct.unwrap();
    assert!((implied - ((1.0 + g / 100.0) * 2050.0 / q3.derived - 1.0) * 100.0).abs() < 1e-9);
    assert_eq!(format!("{implied:.1}"), "3.1");
    assert!(q3.plan_falls_short());
    let en = q3.shortfall_text(Lang::En).unwrap();
    assert!(
        en.contains(
            "your Q3 plan of 2,050 bn VND implies +3.1% value added; the scenario assigns +8.6% (2,159 bn VND)"
        ),
        "{en}"
    );
    let vi = q3.shortfall_text(Lang::Vi).unwrap();
    assert!(
        vi.contains(
            "kế hoạch quý III 2.050 tỷ đồng chỉ tương ứng giá trị tăng thêm +3,1%; kịch bản giao +8,6% (2.159 tỷ đồng)"
        ),
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
    // (2,050 / 1,811 − 1) / 1.2 = 13.20% / 1.2 = +11.0% of value added.
    let implied = (2050.0 / 1811.0 - 1.0) / 1.2 * 100.0;
    assert_eq!(format!("{:.1}", q3.plan_growth_pct.unwrap()), "11.0");
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
    assert!(vi.contains("kế hoạch quý III 2.050"), "{vi}");
    let en = d.render(Lang::En, grdpsim::monitoring::DigestFormat::Text);
    assert!(
        en.contains("44.9% of the plan, 42.3% of the scenario's target"),
        "{en}"
    );
    assert!(
        en.contains("your Q3 plan of 2,050 bn VND implies +3.1%"),
        "{en}"
    );
}

#[test]
fn the_meetings_q3_what_if_assigns_ten_point_two_and_the_plan_still_implies_three_point_one() {
    // The meeting's scenario raised industry's Q3 and Q4 targets to +10.19% (issue 25 §2.1a);
    // that is the "+10.2%" it quoted. The example's scenario keeps the annual +7.14% spread
    // over the quarters left, +8.59% in Q3.
    let m = cao_bang_monitoring_2025().unwrap();
    let policy = cao_bang_monitoring_policy().unwrap();
    let base = cao_bang_2025().unwrap();
    let raised = base
        .with_targets(&[
            Target::new("Q3", "CN", 10.19),
            Target::new("Q4", "CN", 10.19),
        ])
        .unwrap();
    let q3 = |sc| {
        m.derived_targets(sc, &policy)
            .unwrap()
            .into_iter()
            .find(|d| d.period == "Q3")
            .unwrap()
    };
    let (was, now) = (q3(&base), q3(&raised));
    // By hand: 2024's Q3 value added is 345.72 / 1.0859 = 318.37 bn; at +10.19% Q3 is
    // 350.81 bn, the target 350.81 · 1.5615 / 0.25 = 2,191.1 bn.
    assert!((now.derived - 2191.1).abs() < 0.1, "{}", now.derived);
    // The value-added conversion's implied growth is plan · va_ratio / (price_index · last
    // year's value added) − 1 = 2,050 · 0.25 / (1.5615 · 318.37) − 1 = 512.5 / 497.1 − 1 =
    // +3.1% whatever the scenario assigns: the assigned growth moves the target, not what the
    // plan implies. The meeting's +6.1% came from the department's own conversion, which is
    // not published; the example's ratio and price index are synthetic (set so the year's
    // target is the 8,470 bn behind the 42.3%), and with them +6.1% would need a Q3 plan of
    // 1.061 · 497.1 / 0.25 = 2,110 bn.
    let (a, b) = (was.plan_growth_pct.unwrap(), now.plan_growth_pct.unwrap());
    assert!((a - b).abs() < 1e-9, "{a} {b}");
    let en = now.shortfall_text(Lang::En).unwrap();
    assert!(
        en.contains(
            "your Q3 plan of 2,050 bn VND implies +3.1% value added; the scenario assigns +10.2%"
        ),
        "{en}"
    );
    let vi = now.shortfall_text(Lang::Vi).unwrap();
    assert!(vi.contains("+3,1%; kịch bản giao +10,2%"), "{vi}");
}

#[test]
fn a_plan_below_the_scenario_is_a_finding_of_rule_8_in_both_languages() {
    let m = cao_bang_monitoring_2025().unwrap();
    let sc = cao_bang_2025().unwrap();
    let policy = cao_bang_monitoring_policy().unwrap();
    let cx = Context {
        scenario: Some(&sc),
        as_of: None,
    };
    let f = m
        .evaluate("2025-07".parse().unwrap(), &policy, &cx)
        .unwrap();
    let rule8: Vec<_> = f
        .findings
        .iter()
        .filter(|x| x.rule == Rule::PlanBelowScenario)
        .collect();
    // The year's plan of 7,980 against the derived 8,470 (+7.14% assigned) implies
    // 1.0714 · 7,980 / 8,470 − 1 = +0.9%; Q3's 2,050 implies +3.1% against +8.6%. Q4 and H2
    // have no plan: nothing to flag.
    assert_eq!(
        rule8.iter().map(|x| x.subject.as_str()).collect::<Vec<_>>(),
        ["plan:CN_GTSX:Q3", "plan:CN_GTSX:year"]
    );
    let year = rule8[1];
    assert_eq!(format!("{:.1}", year.figure), "0.9");
    assert_eq!(format!("{:.2}", year.threshold), "7.14");
    let q3 = rule8[0];
    assert_eq!(q3.severity, Severity::Amber);
    assert_eq!(
        q3.responsible,
        "Sở Công Thương / Department of Industry and Trade"
    );
    assert_eq!(format!("{:.1} {:.1}", q3.figure, q3.threshold), "3.1 8.6");
    assert!(q3.message(Lang::En).contains("implies +3.1% value added"));
    assert!(q3.message(Lang::Vi).contains("kịch bản giao +8,6%"));
    // Said once: as a finding, not again among the notes.
    assert!(f
        .notes
        .iter()
        .all(|n| !n.text(Lang::En).contains("plan of")));
    // Without a scenario the rule is not evaluated, and says why.
    let none = m
        .evaluate("2025-07".parse().unwrap(), &policy, &Context::default())
        .unwrap();
    assert!(none
        .findings
        .iter()
        .all(|x| x.rule != Rule::PlanBelowScenario));
    assert!(none
        .coverage
        .reason(Rule::PlanBelowScenario, "plan:CN_GTSX:Q3")
        .text(Lang::En)
        .contains("no scenario"));
    // A plan that meets the scenario passes: Q3's plan raised to the derived 2,159.4.
    let mut met = cao_bang_monitoring_2025().unwrap();
    let target = q3_derived(&met, &sc, &policy);
    met.import_csv_str(
        "targets.csv",
        &format!("indicator,period,basis,target\nCN_GTSX,Q3,plan,{target}\n"),
        "test",
    )
    .unwrap();
    let f = met
        .evaluate("2025-07".parse().unwrap(), &policy, &cx)
        .unwrap();
    assert!(f
        .findings
        .iter()
        .all(|x| x.subject != "plan:CN_GTSX:Q3" || x.rule != Rule::PlanBelowScenario));
    assert!(f
        .coverage
        .evaluated(Rule::PlanBelowScenario, "plan:CN_GTSX:Q3"));
}

fn q3_derived(m: &Monitor, sc: &Scenario, policy: &WarningPolicy) -> f64 {
    m.derived_targets(sc, policy)
        .unwrap()
        .into_iter()
        .find(|d| d.period == "Q3")
        .unwrap()
        .derived
}

/// A month `YYYY-MM` of the tests (the library takes a typed month).
fn ym(text: &str) -> grdpsim::date::Month {
    text.parse().unwrap()
}
