//! Units and targets as stated, everywhere (issue 21): figures that all look like fractions are
//! refused by every entry point, a stated annual target is the one every report aims at, goal
//! seek says whether its answer is feasible, and sectors come out in tree order.
// Stated figures come back as stated, to the bit: exact comparisons are the point.
#![allow(clippy::float_cmp)]

mod scenario_fixtures;

use approx::assert_abs_diff_eq;
use grdpsim::lang::Lang;
use grdpsim::probability::{probability, Options};
use grdpsim::scenario::batch::{self, BatchRequiredSpec};
use grdpsim::scenario::{
    Actual, GoalSeekBound, GoalSeekMode, GoalSeekOptions, GoalSeekStatus, Policy, RequiredOptions,
    Scenario, Target, PLAUSIBLE_GROWTH_PCT,
};
use grdpsim::uncertainty::{Correlation, Sd, Uncertainty};
use grdpsim::GrdpsimError;
use proptest::prelude::*;
use scenario_fixtures::{cao_bang_base, provincial_base};

/// The Cao Bằng 2025 scenario's base (detailed tree: NLTS, CN, XD, DV, TSP).
fn detailed_base() -> grdpsim::Accounts {
    grdpsim::datasets::cao_bang_2025().unwrap().base().clone()
}

/// GRDP 8%, every leaf at a stated annual target; no actuals.
fn plan() -> Scenario {
    Scenario::builder(detailed_base(), 2025)
        .target("Y", "GRDP", 8.0)
        .target("Y", "NLTS", 3.5)
        .target("Y", "CN", 10.0)
        .target("Y", "XD", 15.0)
        .target("Y", "DV", 8.0)
        .target("Y", "TSP", 7.0)
        .build()
        .unwrap()
}

fn assert_fraction(err: GrdpsimError, sector: &str, period: &str, value: f64) {
    match err {
        GrdpsimError::LooksLikeFraction {
            sector: s,
            period: p,
            value: v,
        } => {
            assert_eq!((s.as_str(), p.as_str()), (sector, period));
            assert_abs_diff_eq!(v, value, epsilon = 1e-12);
        }
        other => panic!("expected LooksLikeFraction, got {other:?}"),
    }
}

/// Every leaf's Q1 growth given as a fraction (0.031 for 3.1%): the what-if reported a gap of
/// -6.93 pp; it is refused, naming the first figure.
#[test]
fn actuals_that_all_look_like_fractions_are_refused() {
    let sc = plan();
    let q1: Vec<Actual> = [
        ("NLTS", 0.031),
        ("CN", 0.082),
        ("XD", 0.12),
        ("DV", 0.071),
        ("TSP", 0.05),
    ]
    .iter()
    .map(|&(s, g)| Actual::growth("Q1", s, g))
    .collect();
    assert_fraction(sc.with_actuals(&q1).unwrap_err(), "NLTS", "Q1", 0.031);
    // Percentages go through; so do the fractions when the scenario is told they are meant.
    let pct: Vec<Actual> = q1
        .iter()
        .map(|a| match a.value {
            grdpsim::scenario::ActualValue::GrowthPct(g) => {
                Actual::growth("Q1", &a.sector, g * 100.0)
            }
            grdpsim::scenario::ActualValue::Level(_) => unreachable!(),
        })
        .collect();
    let tracked = sc.with_actuals(&pct).unwrap();
    assert!(tracked.gap("Q1").unwrap().grdp().gap_pp > -6.0);
    let meant = sc
        .clone()
        .with_fractions_ok(true)
        .with_actuals(&q1)
        .unwrap();
    assert_abs_diff_eq!(meant.growth("Q1", "CN").unwrap(), 0.082, epsilon = 1e-9);
    // A level is not a rate: a small level is not a fraction.
    assert!(sc.with_actuals(&[Actual::level("Q1", "TSP", 0.5)]).is_ok());
}

#[test]
fn targets_that_all_look_like_fractions_are_refused() {
    let sc = plan();
    let err = sc
        .with_targets(&[Target::new("Q3", "DV", 0.09), Target::new("Q4", "DV", 0.1)])
        .unwrap_err();
    assert_fraction(err, "DV", "Q3", 0.09);
    assert_fraction(
        sc.with_only_targets(&[Target::new("Y", "GRDP", 0.08)])
            .unwrap_err(),
        "GRDP",
        "Y",
        0.08,
    );
    // A lone figure is judged against its cell's plan: 0.9 for agriculture's Q3 (planned at
    // a few percent) is 0.9%, while 0.08 for DV's Q3 (planned near 8%) is 8% as a fraction.
    assert!(sc.with_targets(&[Target::new("Q3", "NLTS", 0.9)]).is_ok());
    let dv = sc.target_growth("Q3", "DV").unwrap();
    assert_fraction(
        sc.with_targets(&[Target::new("Q3", "DV", dv / 100.0)])
            .unwrap_err(),
        "DV",
        "Q3",
        dv / 100.0,
    );
    // One figure of 1 or more among them: percent.
    assert!(sc
        .with_targets(&[Target::new("Q3", "DV", 0.9), Target::new("Q4", "DV", 9.0)])
        .is_ok());
    // A scenario built with fractions_ok keeps the choice for its what-ifs.
    let ok = Scenario::builder(detailed_base(), 2025)
        .target("Y", "GRDP", 0.5)
        .fractions_ok(true)
        .build()
        .unwrap();
    assert!(ok.fractions_ok());
    assert!(ok.with_targets(&[Target::new("Y", "DV", 0.7)]).is_ok());
    // ... and in its file.
    let again = Scenario::from_toml_str(&ok.to_toml_string().unwrap(), None).unwrap();
    assert!(again.fractions_ok());
}

/// `required_growth(0.08)` answered for a target of 0.08%.
#[test]
fn a_target_that_looks_like_a_fraction_is_refused_by_every_question() {
    let sc = plan()
        .with_actuals(&[Actual::growth("H1", "GRDP", 6.5)])
        .unwrap();
    let rq = RequiredOptions::new(Policy::Uniform).target(0.08);
    assert_fraction(sc.required_growth(&rq).unwrap_err(), "GRDP", "Y", 0.08);
    let meant = sc.required_growth(&rq.fractions_ok(true)).unwrap();
    assert_eq!(meant.target_pct, 0.08);
    // 0 is no fraction: a province may aim at holding its level.
    assert!(sc
        .required_growth(&RequiredOptions::new(Policy::Uniform).target(0.0))
        .is_ok());

    assert_fraction(sc.goal_seek("XD", 0.08).unwrap_err(), "GRDP", "Y", 0.08);
    assert!(sc
        .goal_seek_with("DV", 0.5, &GoalSeekOptions::default().fractions_ok(true))
        .is_ok());

    let u = Uncertainty::normal(Sd::Scalar(2.0), Correlation::Independent, 0.0).unwrap();
    let opts = Options {
        target_pct: Some(0.08),
        ..Options::default()
    };
    assert_fraction(probability(&sc, &u, &opts).unwrap_err(), "GRDP", "Y", 0.08);
    let meant = Options {
        fractions_ok: true,
        ..opts
    };
    assert_eq!(probability(&sc, &u, &meant).unwrap().target_pct, 0.08);
}

#[test]
fn batch_variants_that_all_look_like_fractions_are_refused() {
    let sc = plan();
    let base = sc.leaf_base_levels();
    let fractions = (sc.leaf_growth() / 100.0).insert_axis(ndarray::Axis(0));
    let sectors = sc.leaf_codes();
    let err = batch::check_not_fractions(fractions.view(), &sectors).unwrap_err();
    assert_fraction(err, "NLTS", "Q1 of variant 0", 0.035);
    let mut spec = BatchRequiredSpec {
        elapsed_quarters: 0,
        actual_elapsed_level: 0.0,
        target_pct: 8.0,
        policy: Policy::Uniform,
        locks: vec![None; 5],
        caps: vec![None; 5],
        sectors,
        fractions_ok: false,
    };
    let err = batch::required_growth(base.view(), fractions.view(), &spec).unwrap_err();
    assert!(matches!(err, GrdpsimError::LooksLikeFraction { .. }));
    let pct = sc.leaf_growth().insert_axis(ndarray::Axis(0));
    spec.target_pct = 0.08;
    assert_fraction(
        batch::required_growth(base.view(), pct.view(), &spec).unwrap_err(),
        "GRDP",
        "Y",
        0.08,
    );
    spec.fractions_ok = true;
    assert!(batch::required_growth(base.view(), fractions.view(), &spec).is_ok());
    assert!(batch::check_not_fractions(pct.view(), &[]).is_ok());
}

/// CN: 9% stated for Q1 and 10% for the year; the spread rule gives Q2..Q4 10%, so the
/// quarterly targets add up to about 9.77%. The annual target is the stated 10%.
fn stated_q1_and_year() -> Scenario {
    Scenario::builder(detailed_base(), 2025)
        .target("Y", "GRDP", 8.0)
        .target("Q1", "CN", 9.0)
        .target("Y", "CN", 10.0)
        .actual_growth("Q1", "GRDP", 7.0)
        .actual_growth("Q1", "CN", 9.0)
        .build()
        .unwrap()
}

#[test]
fn a_stated_annual_target_is_the_one_every_report_aims_at() {
    let sc = stated_q1_and_year();
    let plan = sc.target_growth("Y", "CN").unwrap();
    assert!(plan < 9.9, "the quarterly rule stops short: {plan}");
    assert_eq!(sc.sector_annual_target_pct("CN").unwrap(), 10.0);
    // The consistency report says the quarterly targets miss the stated figure.
    let row = sc.consistency().row("Y", "CN").unwrap().clone();
    assert_eq!(row.stated_pct, Some(10.0));
    assert!(!row.consistent);
    assert_abs_diff_eq!(row.difference_pp.unwrap(), plan - 10.0, epsilon = 1e-12);
    // Required growth: the annual target column and the sector's own requirement use 10%, and
    // the row carries the difference.
    let rq = sc
        .required_growth(&RequiredOptions::new(Policy::Uniform))
        .unwrap();
    let cn = rq.sector("CN").unwrap();
    assert_eq!(cn.annual_target_pct, 10.0);
    assert_abs_diff_eq!(cn.plan_difference_pp.unwrap(), plan - 10.0, epsilon = 1e-12);
    assert!(rq.sector("XD").unwrap().plan_difference_pp.is_none());
    // Reaching 10% after 9% in Q1 needs more over Q2..Q4 than reaching the plan would.
    let own = cn.own_required_pct.unwrap();
    assert!(own > 10.0, "{own}");
    let reached = sc.with_targets(&[Target::new("Q2-Q4", "CN", own)]).unwrap();
    assert_abs_diff_eq!(reached.growth("Y", "CN").unwrap(), 10.0, epsilon = 1e-9);
    // Under the sector-targets policy, CN reaches its stated 10%.
    let st = sc
        .required_growth(&RequiredOptions::new(Policy::SectorTargets))
        .unwrap();
    assert_abs_diff_eq!(
        st.sector("CN").unwrap().annual_pct.unwrap(),
        10.0,
        epsilon = 1e-9
    );
    // Probability: CN's target is the stated 10%.
    let u = Uncertainty::normal(Sd::Scalar(2.0), Correlation::Independent, 0.0).unwrap();
    let p = probability(&sc, &u, &Options::default()).unwrap();
    let cn = p.by_sector.iter().find(|s| s.sector == "CN").unwrap();
    assert_eq!(cn.target_pct, 10.0);
    let xd = p.by_sector.iter().find(|s| s.sector == "XD").unwrap();
    assert_abs_diff_eq!(
        xd.target_pct,
        sc.target_growth("Y", "XD").unwrap(),
        epsilon = 1e-12
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Whatever the stated quarter and year, after any first-quarter actual: the sector growing
    /// at its own required growth in the remaining quarters reaches its stated annual target
    /// exactly (as it stands, actuals and all).
    #[test]
    fn applying_the_required_growth_hits_the_stated_target(
        q1 in -5.0f64..20.0,
        year in 1.0f64..20.0,
        actual in -5.0f64..20.0,
        k in 1usize..4,
        sector in prop::sample::select(vec!["NLTS", "CN", "XD", "DV", "TSP"]),
    ) {
        let mut b = Scenario::builder(detailed_base(), 2025)
            .target("Y", "GRDP", 8.0)
            .target("Q1", sector, q1)
            .target("Y", sector, year);
        for q in 1..=k {
            b = b.actual_growth(format!("Q{q}"), sector, actual)
                .actual_growth(format!("Q{q}"), "GRDP", 7.0);
        }
        let sc = b.build().unwrap();
        let rq = sc.required_growth(&RequiredOptions::new(Policy::Uniform)).unwrap();
        let row = rq.sector(sector).unwrap();
        prop_assert_eq!(row.annual_target_pct, year);
        let own = row.own_required_pct.unwrap();
        let remaining = if k == 3 { "Q4".to_owned() } else { format!("Q{}-Q4", k + 1) };
        // A computed figure may be small: the guard against fractions is for typed ones.
        let applied = sc
            .clone()
            .with_fractions_ok(true)
            .with_targets(&[Target::new(&remaining, sector, own)])
            .unwrap();
        prop_assert!((applied.growth("Y", sector).unwrap() - year).abs() < 1e-9);
    }
}

/// `goal_seek("TSP", 15.0)` answered 397% with no word on feasibility.
#[test]
fn goal_seek_says_whether_its_answer_is_feasible() {
    let sc = plan()
        .with_actuals(&[Actual::growth("H1", "GRDP", 6.5)])
        .unwrap();
    // The default mode is tracking: the quarters without actuals.
    let taxes = sc.goal_seek("TSP", 15.0).unwrap();
    assert_eq!(taxes.mode, GoalSeekMode::Tracking);
    assert_eq!(taxes.period, "2025H2");
    assert!(taxes.growth_pct > 100.0, "{}", taxes.growth_pct);
    assert!(!taxes.feasible);
    assert_eq!(taxes.bound, GoalSeekBound::Plausible);
    assert_eq!(taxes.bound_pct, PLAUSIBLE_GROWTH_PCT);
    assert_eq!(taxes.status, GoalSeekStatus::NotFeasible);
    let (en, vi) = (taxes.status_in(Lang::En), taxes.status_in(Lang::Vi));
    assert!(en.starts_with("NOT feasible: TSP would need"), "{en}");
    assert!(vi.starts_with("KHÔNG khả thi: TSP cần tăng"), "{vi}");
    // It prints as Python's repr does: the figures, the mode and the English sentence.
    assert_eq!(
        taxes.to_string(),
        format!(
            "GoalSeek(TSP {:.2}% over 2025H2 for 15.00%, mode=tracking, {en})",
            taxes.growth_pct
        )
    );
    // The answer itself still holds: the year as it stands reaches 15%.
    assert_abs_diff_eq!(
        taxes.scenario.growth("Y", "GRDP").unwrap(),
        15.0,
        epsilon = 1e-9
    );
    // Services to 8.5%: within the plausible bound, above a cap of 10%.
    let dv = sc.goal_seek("DV", 8.5).unwrap();
    assert!(
        dv.feasible && dv.growth_pct < PLAUSIBLE_GROWTH_PCT,
        "{}",
        dv
    );
    assert_eq!(dv.status, GoalSeekStatus::Feasible);
    assert_eq!(dv.status.to_string(), "feasible");
    assert!(dv.growth_pct > 10.0, "{}", dv.growth_pct);
    let en = dv.status_in(Lang::En);
    assert!(en.starts_with("feasible: "), "{en}");
    let capped = sc
        .goal_seek_with(
            "DV",
            8.5,
            &GoalSeekOptions::default().bound(GoalSeekBound::Cap(10.0)),
        )
        .unwrap();
    assert_eq!(capped.growth_pct, dv.growth_pct);
    assert!(!capped.feasible && capped.bound_pct == 10.0);
    assert_eq!(
        (capped.status, capped.status.kind()),
        (GoalSeekStatus::NotFeasible, "not_feasible")
    );
    assert_eq!(capped.status.to_string(), "NOT feasible");
    let en = capped.status_in(Lang::En);
    assert!(en.contains("above the cap of 10.00%"), "{en}");
    assert!(sc
        .goal_seek_with(
            "XD",
            8.5,
            &GoalSeekOptions::default().bound(GoalSeekBound::Cap(f64::NAN))
        )
        .is_err());
    // Planning mode with a historical bound, on a base with three years of growth.
    let long = Scenario::builder(provincial_base(4), 2025)
        .target("Y", "GRDP", 7.0)
        .build()
        .unwrap();
    let hist = long
        .goal_seek_with(
            "CNXD",
            8.0,
            &GoalSeekOptions::mode(GoalSeekMode::Planning).bound(GoalSeekBound::Historical),
        )
        .unwrap();
    // CNXD grew about 9% a year in the base data; 1 pp more of GRDP needs several of CNXD.
    assert!((8.0..12.0).contains(&hist.bound_pct), "{}", hist.bound_pct);
    assert_eq!(hist.bound_years.as_deref(), Some("2022-2024"));
    assert!(hist.growth_pct > hist.bound_pct && !hist.feasible);
    let en = hist.status_in(Lang::En);
    assert!(en.contains("historical maximum (2022-2024)"), "{en}");
    assert!(long
        .goal_seek_with(
            "CNXD",
            8.0,
            &GoalSeekOptions::default().bound(GoalSeekBound::Historical)
        )
        .is_ok());
    assert!(plan()
        .goal_seek_with(
            "XD",
            8.5,
            &GoalSeekOptions::default().bound(GoalSeekBound::Historical)
        )
        .is_err());
}

/// Sectors read from a file came out alphabetical (CN, CNXD, DV, GRDP, ...).
#[test]
fn sectors_come_out_in_tree_order_whatever_the_source() {
    let sc = plan();
    let toml = sc.to_toml_string().unwrap();
    let read = Scenario::from_toml_str(&toml, None).unwrap();
    let json = Scenario::from_json_str(&sc.to_json_string().unwrap(), None).unwrap();
    let built = Scenario::builder(detailed_base(), 2025)
        .target("Y", "TSP", 7.0)
        .target("Y", "DV", 8.0)
        .target("Y", "GRDP", 8.0)
        .target("Y", "CN", 10.0)
        .target("Q1", "CN", 9.0)
        .build()
        .unwrap();
    let tree_order = ["GRDP", "NLTS", "CN", "XD", "DV", "TSP"];
    for s in [&read, &json] {
        let codes: Vec<String> = s.targets().into_iter().map(|t| t.sector).collect();
        assert_eq!(codes, tree_order);
    }
    let order: Vec<(String, String)> = built
        .targets()
        .into_iter()
        .map(|t| (t.sector, t.period))
        .collect();
    let expected = [
        ("GRDP", "Y"),
        ("CN", "Q1"),
        ("CN", "Y"),
        ("DV", "Y"),
        ("TSP", "Y"),
    ];
    assert_eq!(
        order,
        expected
            .iter()
            .map(|&(s, p)| (s.to_owned(), p.to_owned()))
            .collect::<Vec<_>>()
    );
    // Actuals too.
    let tracked = sc
        .with_actuals(&[
            Actual::growth("Q1", "DV", 7.0),
            Actual::growth("Q1", "GRDP", 7.5),
        ])
        .unwrap();
    let codes: Vec<String> = tracked.actuals().into_iter().map(|a| a.sector).collect();
    assert_eq!(codes, ["GRDP", "DV"]);
    // The provincial base of the fixtures: the same on another tree.
    let broad = Scenario::builder(cao_bang_base(), 2025)
        .target("Y", "DV", 8.0)
        .target("Y", "GRDP", 8.0)
        .build()
        .unwrap();
    let codes: Vec<String> = broad.targets().into_iter().map(|t| t.sector).collect();
    assert_eq!(codes, ["GRDP", "DV"]);
}

/// One argument order, the period typed (issue 23): a query takes `(period, sector)`, the
/// period as a `Period` parsed once or as a label of the scenario year; both give the same
/// figure, and a period of another year or a label that is no period is a typed error naming
/// it. CN's stated annual target is 10.0, so the plan's annual growth of CN is 10.0 (within
/// the rounding of its quarters) and the same to the bit whichever way the year is named.
#[test]
fn queries_take_the_period_first_as_a_period_or_a_label() {
    let sc = plan();
    let year: grdpsim::Period = "2025".parse().unwrap();
    let by_period = sc.target_growth(year, "CN").unwrap();
    assert_abs_diff_eq!(by_period, 10.0, epsilon = 1e-9);
    assert_eq!(sc.target_growth("Y", "CN").unwrap(), by_period);
    assert_eq!(sc.target_growth("Cả năm", "CN").unwrap(), by_period);
    assert_eq!(
        sc.target_growth(String::from("2025"), "CN").unwrap(),
        by_period
    );
    let h1: grdpsim::Period = "2025H1".parse().unwrap();
    assert_eq!(
        sc.target_level_of(h1, "CN").unwrap(),
        sc.target_level_of("6 tháng", "CN").unwrap()
    );
    match sc.target_growth("2024".parse::<grdpsim::Period>().unwrap(), "CN") {
        Err(GrdpsimError::PeriodOutsideYear { period, year }) => {
            assert_eq!((period.as_str(), year), ("2024", 2025));
        }
        other => panic!("{other:?}"),
    }
    match sc.growth("H3", "CN") {
        Err(GrdpsimError::InvalidPeriod { text, .. }) => assert_eq!(text, "H3"),
        other => panic!("{other:?}"),
    }
    match sc.growth("H1", "XX") {
        Err(GrdpsimError::UnknownSector { code, .. }) => assert_eq!(code, "XX"),
        other => panic!("{other:?}"),
    }
}
