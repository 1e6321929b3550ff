//! Tracking semantics: the official gap against the stated targets, every actual counts (a
//! partly reported quarter), what-ifs that keep the past, goal seek given the actuals, and the
//! mistakes that must be loud (issue "Tracking answers that match the province's own").

mod common;
mod scenario_fixtures;

use approx::assert_abs_diff_eq;
use grdpsim::datasets::cao_bang_2025;
use grdpsim::lang::Lang;
use grdpsim::scenario::{
    Actual, GapRowKind, GoalSeekMode, GoalSeekOptions, Hold, Policy, RequiredOptions, Scenario,
    Source, Target, TargetSource,
};
use grdpsim::GrdpsimError;
use proptest::prelude::*;

use common::published::{number, table_rows};
use scenario_fixtures::provincial_base;

/// The 2025 actuals table of `caobang_published.md`: (period, GRDP growth, "x pp below the
/// scenario").
fn published_gaps() -> Option<Vec<(String, f64, f64)>> {
    let dir = common::shared_data()?;
    let rows = table_rows(&dir.join("caobang_published.md"), "2025 actuals");
    Some(
        rows.iter()
            .filter_map(|r| {
                let note = r.last()?;
                let below = note.split_once(" pp below the scenario")?.0;
                let pp = number(below.rsplit(|c: char| c.is_whitespace()).next()?)?;
                Some((r[0].clone(), number(&r[1])?, pp))
            })
            .collect(),
    )
}

/// "6M 6.56%, 1.04 pp below the scenario": the GRDP row of the 6M gap reads the stated target
/// (actual + published shortfall), the actual and the gap as the province published them.
#[test]
fn the_6m_official_gap_is_the_published_one() {
    let Some(published) = published_gaps() else {
        return;
    };
    let (_, actual, below) = published
        .iter()
        .find(|(p, _, _)| p == "6M")
        .expect("the 6M row of the 2025 actuals")
        .clone();
    let sc = cao_bang_2025().unwrap();
    let gap = sc.gap("H1").unwrap();
    let grdp = gap.grdp();
    assert_eq!(grdp.target_source, TargetSource::Stated);
    assert!(
        (grdp.target_pct - (actual + below)).abs() < 1e-9,
        "{grdp:?}"
    );
    assert!((grdp.actual_pct - actual).abs() < 1e-9, "{grdp:?}");
    assert!((grdp.gap_pct + below).abs() < 1e-9, "{grdp:?}");
    assert!((grdp.gap_pp + below).abs() < 1e-9, "{grdp:?}");
    // The sectors' gaps plus the scenario's inconsistency make up the official gap.
    let inconsistency = gap.row("inconsistency").unwrap();
    assert_eq!(inconsistency.kind, GapRowKind::Inconsistency);
    let implied = sc.target_growth("H1", "GRDP").unwrap();
    assert_abs_diff_eq!(
        inconsistency.gap_pp,
        (implied - (actual + below)),
        epsilon = 1e-9
    );
    let sectors: f64 = ["NLTS", "CNXD", "DV", "TSP"]
        .iter()
        .map(|s| gap.row(s).unwrap().gap_pp)
        .sum();
    assert!((sectors + inconsistency.gap_pp - grdp.gap_pp).abs() < 1e-9);
    // Sectors without a stated 6M target are measured against the derived one, and say so.
    assert_eq!(gap.row("DV").unwrap().target_source, TargetSource::Derived);
}

/// The published Q1 gap (6.01%, 0.87 pp below) is the first release; the mid-year figures
/// revise Q1, and the scenario's notes say so with both figures.
#[test]
fn the_q1_revision_is_explained_in_the_notes() {
    let Some(published) = published_gaps() else {
        return;
    };
    let (_, first, below) = published
        .iter()
        .find(|(p, _, _)| p == "Q1")
        .unwrap()
        .clone();
    let sc = cao_bang_2025().unwrap();
    let gap = sc.gap("Q1").unwrap();
    assert_abs_diff_eq!(gap.grdp().target_pct, (first + below), epsilon = 1e-9);
    let revised = gap.grdp().actual_pct;
    assert!(
        (revised - first).abs() > 0.1,
        "Q1 is revised in the mid-year release"
    );
    let note = sc
        .notes_in(Lang::En)
        .into_iter()
        .find(|n| n.starts_with("Q1"))
        .unwrap();
    assert!(note.contains(&format!("{first:.2}%")), "{note}");
    assert!(note.contains(&format!("{:+.2} pp", -below)), "{note}");
    assert!(note.contains(&format!("{revised:.2}%")), "{note}");
    assert_eq!(sc.name(), Some("Cao Bằng 2025"));
}

/// Every aggregate's gap is its sectors' gaps plus its inconsistency row, at every level and in
/// every period with actuals.
#[test]
fn every_gap_table_adds_up() {
    let sc = cao_bang_2025().unwrap();
    let tree = sc.tree().clone();
    for period in ["Q1", "Q2", "H1"] {
        let gap = sc.gap(period).unwrap();
        for node in (0..tree.len()).filter(|&n| !tree.is_leaf(n)) {
            let code = tree.code(node);
            let children: f64 = tree
                .node(node)
                .children
                .iter()
                .map(|&c| gap.row(tree.code(c)).unwrap().gap_pp)
                .sum();
            let own = gap.inconsistency(code).map_or(0.0, |r| r.gap_pp);
            let total = gap.row(code).unwrap().gap_pp;
            assert!((children + own - total).abs() < 1e-9, "{period} {code}");
        }
    }
}

/// A provisional CN and DV Q3 (nowcasts): Q3 GRDP moves by exactly their weighted deviations
/// from target, the year as it stands moves with it, and so does the required growth.
#[test]
fn partly_reported_quarter_counts() {
    let cb = cao_bang_2025().unwrap();
    let t_cn = cb.target_growth("Q3", "CN").unwrap();
    let t_dv = cb.target_growth("Q3", "DV").unwrap();
    let (a_cn, a_dv) = (2.0, 5.0);
    let sc = cb
        .with_actuals(&[
            Actual::growth("Q3", "CN", a_cn).as_provisional(),
            Actual::growth("Q3", "DV", a_dv).as_provisional(),
        ])
        .unwrap();
    let w = |s: &str| base(&cb, s, "Q3") / base(&cb, "GRDP", "Q3");
    let expected = w("CN") * (a_cn - t_cn) + w("DV") * (a_dv - t_dv);
    let moved = sc.growth("Q3", "GRDP").unwrap() - cb.growth("Q3", "GRDP").unwrap();
    assert!((moved - expected).abs() < 1e-9, "{moved} vs {expected}");
    assert_eq!(sc.source("Q3", "GRDP").unwrap(), Source::PartlyReported);
    assert_eq!(sc.source("Q3", "CN").unwrap(), Source::Actual);
    assert_eq!(sc.source("Q3", "XD").unwrap(), Source::Target);
    assert!(sc.is_provisional("Q3", "GRDP").unwrap());
    assert!(!sc.is_provisional("H1", "GRDP").unwrap());
    assert!(sc.growth("Y", "GRDP").unwrap() < cb.growth("Y", "GRDP").unwrap());
    // The gap over Q3 exists and is partly reported.
    let gap = sc.gap("Q3").unwrap();
    assert_eq!(gap.grdp().actual_source, Some(Source::PartlyReported));
    assert!(gap.grdp().provisional);
    // Required growth: H2 still remains, CN and DV's Q3 are fixed, the others make up.
    let opts = RequiredOptions::new(Policy::Uniform).target(8.0);
    let before = cb.required_growth(&opts).unwrap();
    let after = sc.required_growth(&opts).unwrap();
    assert_eq!(after.remaining, "2025H2");
    assert!(after.rise > before.rise);
    let q3 = |r: &grdpsim::scenario::RequiredGrowth, s: &str| {
        r.sector(s).unwrap().by_quarter[0].growth_pct
    };
    assert_abs_diff_eq!(q3(&after, "CN"), a_cn, epsilon = 1e-9);
    assert_abs_diff_eq!(q3(&after, "DV"), a_dv, epsilon = 1e-9);
    assert_abs_diff_eq!(after.reached_pct, 8.0, epsilon = 1e-9);
    // Counting Q3 as elapsed is explicit: then only Q4 remains.
    let q4 = sc
        .required_growth(&opts.clone().elapsed_quarters(3))
        .unwrap();
    assert_eq!(q4.remaining, "2025Q4");
}

fn base(sc: &Scenario, sector: &str, period: &str) -> f64 {
    let p: grdpsim::Period = format!("2024{period}").parse().unwrap();
    sc.base()
        .level(p, sector, grdpsim::PriceBasis::Constant)
        .unwrap()
}

proptest! {
    /// Any subset of sector actuals in a quarter moves GRDP by the weighted sum of their
    /// deviations from target; the other sectors keep their targets exactly.
    #[test]
    fn every_actual_counts(
        mask in 1u8..32,
        devs in prop::collection::vec(-8.0..8.0f64, 5),
        q in 3u8..=4,
    ) {
        let cb = cao_bang_2025().unwrap();
        let codes = ["NLTS", "CN", "XD", "DV", "TSP"];
        let period = format!("Q{q}");
        let mut actuals = Vec::new();
        let mut expected = 0.0;
        for (i, c) in codes.iter().enumerate() {
            if mask & (1 << i) != 0 {
                let t = cb.target_growth(&period, c).unwrap();
                actuals.push(Actual::growth(&*period, *c, t + devs[i]));
                expected += base(&cb, c, &period) / base(&cb, "GRDP", &period) * devs[i];
            }
        }
        // Q4 figures need Q3 for the same sectors (or above): give GRDP's Q3.
        let mut sc = cb.clone();
        if q == 4 {
            sc = sc.with_actuals(&[Actual::growth("Q3", "GRDP", 7.0)]).unwrap();
        }
        // Deviations near zero can leave every figure below 1%: percent all the same.
        let with = sc.clone().with_fractions_ok(true).with_actuals(&actuals).unwrap();
        let moved = with.growth(&period, "GRDP").unwrap() - sc.growth(&period, "GRDP").unwrap();
        prop_assert!((moved - expected).abs() < 1e-9, "{moved} vs {expected}");
        for (i, c) in codes.iter().enumerate() {
            if mask & (1 << i) == 0 && q == 3 {
                prop_assert_eq!(with.growth(&period, c).unwrap().to_bits(), sc.growth(&period, c).unwrap().to_bits());
            }
        }
    }
}

/// A what-if on Q3 leaves every quarter with actuals bit-identical, and by default lets the
/// annual figure move by exactly the sector's weight; `Hold::Annual` keeps the sector's year.
#[test]
fn what_ifs_keep_the_past() {
    let cb = cao_bang_2025().unwrap();
    let plan = cb.target_growth("Q3", "DV").unwrap();
    let change = [Target::new("Q3", "DV", plan - 1.0)];
    let moved = cb.with_targets(&change).unwrap();
    let codes: Vec<String> = (0..cb.tree().len())
        .map(|n| cb.tree().code(n).to_owned())
        .collect();
    for s in &codes {
        for p in ["Q1", "Q2", "H1"] {
            assert_eq!(
                moved.target_growth(p, s).unwrap().to_bits(),
                cb.target_growth(p, s).unwrap().to_bits(),
                "{s} {p}"
            );
            assert_eq!(
                moved.growth(p, s).unwrap().to_bits(),
                cb.growth(p, s).unwrap().to_bits(),
                "{s} {p}"
            );
        }
        // Q4 is not named: it keeps its target too.
        assert!(
            (moved.target_growth("Q4", s).unwrap() - cb.target_growth("Q4", s).unwrap()).abs()
                < 1e-12
        );
    }
    assert_abs_diff_eq!(
        moved.target_growth("Q3", "DV").unwrap(),
        (plan - 1.0),
        epsilon = 1e-9
    );
    let w = base(&cb, "DV", "Q3") / base(&cb, "GRDP", "");
    let annual = moved.target_growth("Y", "GRDP").unwrap() - cb.target_growth("Y", "GRDP").unwrap();
    assert!((annual + w).abs() < 1e-9, "{annual} vs {}", -w);
    let cmp = cb.compare(&moved).unwrap();
    let (this, other) = cmp.annual_grdp();
    assert!((other - this + w).abs() < 1e-9);

    // hold=annual: DV's Q4 makes up for Q3, DV's year and every quarter with actuals stay.
    let held = cb.with_targets_holding(&change, Hold::Annual).unwrap();
    assert!(
        (held.target_growth("Y", "DV").unwrap() - cb.target_growth("Y", "DV").unwrap()).abs()
            < 1e-9
    );
    assert!(held.target_growth("Q4", "DV").unwrap() > cb.target_growth("Q4", "DV").unwrap());
    for p in ["Q1", "Q2"] {
        assert_eq!(
            held.target_growth(p, "DV").unwrap().to_bits(),
            cb.target_growth(p, "DV").unwrap().to_bits()
        );
    }
    // An annual target cannot be held while naming the year.
    assert!(cb
        .with_targets_holding(&[Target::new("Y", "DV", 9.0)], Hold::Annual)
        .is_err());
    // A what-if survives a save and a reload; the reload computes its outturn afresh, the
    // what-if reused its parent's for the cells with actuals: the same bits.
    let text = moved.to_toml_string().unwrap();
    let reloaded = Scenario::from_toml_str(&text, None).unwrap();
    assert_eq!(reloaded, moved);
    for s in &codes {
        for p in ["Q1", "Q2", "Q3", "Q4", "H1", "Y"] {
            assert_eq!(
                reloaded.growth(p, s).unwrap().to_bits(),
                moved.growth(p, s).unwrap().to_bits(),
                "{s} {p}"
            );
        }
    }
}

/// An annual target named after six months sets the remaining quarters so that the year is
/// exact; the quarters with actuals keep their targets.
#[test]
fn an_annual_target_after_six_months_moves_only_the_second_half() {
    let cb = cao_bang_2025().unwrap();
    let moved = cb.with_targets(&[Target::new("Y", "XD", 15.0)]).unwrap();
    assert_abs_diff_eq!(
        moved.target_growth("Y", "XD").unwrap(),
        15.0,
        epsilon = 1e-9
    );
    for p in ["Q1", "Q2"] {
        assert_eq!(
            moved.target_growth(p, "XD").unwrap().to_bits(),
            cb.target_growth(p, "XD").unwrap().to_bits()
        );
    }
    assert_eq!(
        moved.target_growth("Q3", "DV").unwrap().to_bits(),
        cb.target_growth("Q3", "DV").unwrap().to_bits()
    );
}

/// Goal seek answers the tracking question by default: given H1's 6.56%, what DV must do in H2.
#[test]
fn goal_seek_tracks_the_actuals() {
    let cb = cao_bang_2025().unwrap();
    let gs = cb.goal_seek("DV", 8.0).unwrap();
    assert_eq!(gs.period, "2025H2");
    assert_abs_diff_eq!(
        gs.scenario.growth("Y", "GRDP").unwrap(),
        8.0,
        epsilon = 1e-9
    );
    assert_eq!(
        gs.scenario.growth("H1", "GRDP").unwrap().to_bits(),
        cb.growth("H1", "GRDP").unwrap().to_bits()
    );
    assert_abs_diff_eq!(
        gs.scenario.target_growth("H2", "DV").unwrap(),
        gs.growth_pct,
        epsilon = 1e-9
    );
    let planning = cb
        .goal_seek_with("DV", 8.0, &GoalSeekOptions::mode(GoalSeekMode::Planning))
        .unwrap();
    assert_abs_diff_eq!(
        planning.scenario.target_growth("Y", "GRDP").unwrap(),
        8.0,
        epsilon = 1e-9
    );
    assert!(
        gs.growth_pct > planning.growth_pct,
        "H1 fell short: H2 must do more"
    );
}

#[test]
fn an_actual_that_leaves_a_hole_names_the_missing_period() {
    let sc = Scenario::builder(provincial_base(2), 2025)
        .target("Y", "GRDP", 8.0)
        .actual_growth("Q2", "GRDP", 7.0)
        .build()
        .unwrap_err();
    match sc {
        GrdpsimError::MissingActuals { sector, period, .. } => {
            assert_eq!((sector.as_str(), period.as_str()), ("GRDP", "2025Q1"));
        }
        other => panic!("{other}"),
    }
    // A sector's Q2 is fine when a sector above it knows Q1.
    assert!(Scenario::builder(provincial_base(2), 2025)
        .target("Y", "GRDP", 8.0)
        .actual_growth("Q1", "GRDP", 7.0)
        .actual_growth("Q2", "DV", 7.0)
        .build()
        .is_ok());
}

#[test]
fn fractions_are_refused_unless_allowed() {
    let err = Scenario::builder(provincial_base(2), 2025)
        .target("Y", "GRDP", 0.08)
        .target("Y", "DV", 0.09)
        .build()
        .unwrap_err();
    match &err {
        GrdpsimError::LooksLikeFraction {
            sector,
            period,
            value,
        } => {
            assert_eq!(
                (sector.as_str(), period.as_str(), *value),
                ("GRDP", "Y", 0.08)
            );
            assert!(err.to_string().contains("8 for 0.08"), "{err}");
        }
        other => panic!("{other}"),
    }
    assert!(Scenario::builder(provincial_base(2), 2025)
        .target("Y", "GRDP", 0.08)
        .fractions_ok(true)
        .build()
        .is_ok());
    // One figure of 1 or more: percentages.
    assert!(Scenario::builder(provincial_base(2), 2025)
        .target("Y", "GRDP", 0.5)
        .target("Y", "DV", 1.5)
        .build()
        .is_ok());
}

#[test]
fn two_labels_for_one_period_in_a_file_are_an_error() {
    let text = cao_bang_2025().unwrap().to_toml_string().unwrap().replacen(
        "[actual_growth.DV]\n",
        "[actual_growth.DV]\n6M = 7.2\n",
        1,
    );
    let err = Scenario::from_toml_str(&text, None).unwrap_err();
    assert!(err.to_string().contains("name the same period"), "{err}");
}

#[test]
fn unknown_sections_and_keys_name_the_line_and_the_nearest_name() {
    let sc = cao_bang_2025().unwrap();
    let good = sc.to_toml_string().unwrap();
    let bad = good.replacen("[targets.GRDP]", "[target.GRDP]", 1);
    let line = bad.lines().position(|l| l == "[target.GRDP]").unwrap() + 1;
    match Scenario::from_toml_str(&bad, None).unwrap_err() {
        GrdpsimError::Parse {
            line: l, message, ..
        } => {
            assert!(message.contains("did you mean `targets`"), "{message}");
            assert!(l >= line - 1 && l <= line + 1, "{l} vs {line}");
        }
        other => panic!("{other}"),
    }
    let json = sc
        .to_json_string()
        .unwrap()
        .replacen("\"year\"", "\"yaer\"", 1);
    let err = Scenario::from_json_str(&json, None).unwrap_err();
    assert!(err.to_string().contains("did you mean `year`"), "{err}");
}

#[test]
fn caps_apply_below_plan_and_refuse_a_short_history() {
    let cb = cao_bang_2025().unwrap();
    let err = cb
        .required_growth(&RequiredOptions::new(Policy::Uniform).historical_caps())
        .unwrap_err();
    assert!(err.to_string().contains("too short"), "{err}");
    let rq = cb
        .required_growth(&RequiredOptions::new(Policy::SectorTargets).target(8.0))
        .unwrap();
    assert!(!rq.feasible);
    assert_eq!(
        rq.status(),
        format!(
            "NOT feasible: the sector targets reach {:.2}%, {:.2} pp short of 8.00%",
            rq.reached_pct, rq.shortfall_pp
        )
    );
    // Within the tolerance of published figures, the same is feasible.
    let loose = cb
        .required_growth(
            &RequiredOptions::new(Policy::SectorTargets)
                .target(8.0)
                .tolerance(0.02),
        )
        .unwrap();
    assert!(loose.feasible);
}
