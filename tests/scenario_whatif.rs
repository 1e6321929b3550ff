//! What-if (immutable scenarios, compare, sensitivity, goal seek) and scenario files.

mod common;
mod scenario_fixtures;

use approx::assert_abs_diff_eq;
use grdpsim::scenario::{
    Actual, DerivationRule, GoalSeekMode, GoalSeekOptions, PeriodRule, Scenario, Target, TreeRule,
};
use grdpsim::{GrdpsimError, PriceBasis};
use proptest::prelude::*;
use scenario_fixtures::{cao_bang_adjusted, provincial_base};

fn cao_bang() -> Scenario {
    cao_bang_adjusted()
        .target("Q2", "NLTS", 5.68)
        .target("Q2", "CNXD", 8.98)
        .target("Q2", "DV", 9.78)
        .actual_growth("Q1", "GRDP", 6.01)
        .actual_growth("H1", "GRDP", 6.56)
        .build()
        .unwrap()
}

#[test]
fn with_targets_returns_a_new_scenario_and_leaves_the_old_one() {
    let sc = cao_bang();
    let before = sc.target_growth("Y", "GRDP").unwrap();
    // A what-if on construction: public investment speeds up, XD 25% instead of 21.1%.
    let faster = sc.with_targets(&[Target::new("Y", "XD", 25.0)]).unwrap();
    assert_eq!(
        sc.target_growth("Y", "GRDP").unwrap().to_bits(),
        before.to_bits()
    );
    let w = sc.sensitivity().unwrap().row("Y", "XD").unwrap().pp_per_pp;
    assert!((faster.target_growth("Y", "GRDP").unwrap() - before - w * 3.9).abs() < 1e-9);
    assert_eq!(faster.actuals(), sc.actuals());
    let cmp = sc.compare(&faster).unwrap();
    let row = cmp.row("Y", "XD").unwrap();
    assert_abs_diff_eq!(row.difference_pp, 3.9, epsilon = 1e-9);
    assert_abs_diff_eq!(
        cmp.row("Y", "GRDP").unwrap().difference_pp,
        w * 3.9,
        epsilon = 1e-9
    );
    assert_abs_diff_eq!(row.contribution_difference_pp, w * 3.9, epsilon = 1e-9);
    assert!(cmp.row("Q3", "DV").unwrap().difference_pp.abs() < 1e-12);
    // Other years or trees do not compare.
    let other = Scenario::new(provincial_base(2), 2025, &[Target::new("Y", "GRDP", 8.0)]).unwrap();
    assert!(matches!(
        sc.compare(&other),
        Err(GrdpsimError::ScenarioMismatch { .. })
    ));
    // with_actuals, too, leaves the old scenario as it was.
    let more = sc
        .with_actuals(&[Actual::growth("Q3", "GRDP", 7.0)])
        .unwrap();
    assert_eq!(more.elapsed_quarters(), 3);
    assert_eq!(sc.elapsed_quarters(), 2);
}

proptest! {
    /// Annual GRDP growth is linear in each sector-quarter target with exactly the weight the
    /// sensitivity report gives.
    #[test]
    fn sensitivity_is_the_exact_weight(sector in 0usize..5, q in 1u8..=4, delta in -5.0..5.0f64) {
        // Any figure is meant as a percentage here, one below 1 included.
        let sc = cao_bang().with_fractions_ok(true);
        let code = ["NLTS", "CN", "XD", "DV", "TSP"][sector];
        let period = format!("Q{q}");
        let now = sc.target_growth(&period, code).unwrap();
        let moved = sc.with_targets(&[Target::new(&period, code, now + delta)]).unwrap();
        let w = sc.sensitivity().unwrap().row(&period, code).unwrap().pp_per_pp;
        let change = moved.target_growth("Y", "GRDP").unwrap() - sc.target_growth("Y", "GRDP").unwrap();
        prop_assert!((change - w * delta).abs() < 1e-9, "{change} vs {}", w * delta);
        let base = sc.base();
        let exact = base.level(format!("2024Q{q}").parse().unwrap(), code, PriceBasis::Constant).unwrap()
            / base.level("2024".parse().unwrap(), "GRDP", PriceBasis::Constant).unwrap();
        prop_assert!((w - exact).abs() < 1e-15);
    }
}

#[test]
fn goal_seek_finds_the_sector_growth_for_a_grdp_target() {
    let sc = cao_bang();
    for (sector, goal) in [("DV", 8.5), ("XD", 7.5), ("CNXD", 9.0), ("GRDP", 8.3)] {
        let gs = sc
            .goal_seek_with(sector, goal, &GoalSeekOptions::mode(GoalSeekMode::Planning))
            .unwrap();
        assert!(
            (gs.scenario.target_growth("Y", "GRDP").unwrap() - goal).abs() < 1e-9,
            "{sector}"
        );
        for q in ["Q1", "Q2", "Q3", "Q4"] {
            assert_abs_diff_eq!(
                gs.scenario.target_growth(q, sector).unwrap(),
                gs.growth_pct,
                epsilon = 1e-9
            );
        }
        // The other sectors keep their targets.
        if sector != "GRDP" {
            let other = if sector == "DV" { "NLTS" } else { "DV" };
            assert!(
                (gs.scenario.target_growth("Q2", other).unwrap()
                    - sc.target_growth("Q2", other).unwrap())
                .abs()
                    < 1e-12
            );
        }
    }
    // Under the residual tree rule the siblings would move with the sector; they are pinned.
    let residual = sc
        .with_rule(DerivationRule {
            periods: PeriodRule::Spread,
            tree: TreeRule::Residual,
        })
        .unwrap()
        .with_only_targets(&[
            Target::new("Y", "GRDP", 8.0),
            Target::new("Y", "CNXD", 12.0),
        ])
        .unwrap();
    let gs = residual
        .goal_seek_with("CNXD", 9.0, &GoalSeekOptions::mode(GoalSeekMode::Planning))
        .unwrap();
    assert_abs_diff_eq!(
        gs.scenario.target_growth("Y", "GRDP").unwrap(),
        9.0,
        epsilon = 1e-9
    );
    assert!(
        (gs.scenario.target_growth("Y", "DV").unwrap()
            - residual.target_growth("Y", "DV").unwrap())
        .abs()
            < 1e-9
    );
    // A goal that needs the sector to vanish is an error.
    assert!(matches!(
        sc.goal_seek_with("TSP", -50.0, &GoalSeekOptions::mode(GoalSeekMode::Planning)),
        Err(GrdpsimError::InvalidTarget { .. })
    ));
}

#[test]
fn toml_and_json_round_trip_with_embedded_levels() {
    let sc = cao_bang();
    let toml = sc.to_toml_string().unwrap();
    assert!(
        toml.contains("[targets.CNXD]") && toml.contains("provincial_detailed"),
        "{toml}"
    );
    assert_eq!(Scenario::from_toml_str(&toml, None).unwrap(), sc);
    let json = sc.to_json_string().unwrap();
    assert_eq!(Scenario::from_json_str(&json, None).unwrap(), sc);
    // The same figures come out.
    let back = Scenario::from_json_str(&json, None).unwrap();
    assert_eq!(back.gap("H1").unwrap(), sc.gap("H1").unwrap());
    assert_eq!(back.consistency(), sc.consistency());
}

#[test]
fn a_hand_written_file_names_its_base_file() {
    let Some(data) = common::shared_data() else {
        return;
    };
    // Removed when dropped, also when an assertion below fails.
    let scratch = tempfile::Builder::new()
        .prefix("grdpsim-scenario-")
        .tempdir()
        .unwrap();
    let dir = scratch.path();
    let rel = pathdiff(&data.join("vn_gdp_quarterly_2010q1_2024q3.csv"), dir);
    // The national data stop at 2024Q3: a 2024 scenario stands on 2023.
    let text = format!(
        r#"
year = 2024

[base]
file = "{rel}"

# GSO's 2024 plan: 6.0-6.5%
[targets.GDP]
Y = 6.5
[targets.BTF]
Y = 7.5
[actual_growth.GDP]
Q1-Q3 = 6.82
"#
    );
    let path = dir.join("national_2024.toml");
    std::fs::write(&path, text).unwrap();
    let sc = Scenario::from_file(&path).unwrap();
    let data_file = data
        .join("vn_gdp_quarterly_2010q1_2024q3.csv")
        .canonicalize()
        .unwrap();
    assert_eq!(
        std::path::Path::new(sc.base_file().unwrap())
            .canonicalize()
            .unwrap(),
        data_file
    );
    assert_abs_diff_eq!(sc.target_growth("Y", "BTE").unwrap(), 7.5, epsilon = 1e-9);
    assert_eq!(sc.elapsed_quarters(), 3);
    // Written back, it still names the file, and reads back equal.
    let out = dir.join("copy.json");
    sc.to_file(&out).unwrap();
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("vn_gdp_quarterly"));
    assert_eq!(Scenario::from_file(&out).unwrap(), sc);
    // Saved into another folder, the base file is named relative to where the copy lives, and
    // the copy reloads.
    let elsewhere = dir.join("deeper").join("still");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let moved = elsewhere.join("moved.toml");
    sc.to_file(&moved).unwrap();
    let text = std::fs::read_to_string(&moved).unwrap();
    assert!(
        text.contains(&format!("file = \"{}\"", pathdiff(&data_file, &elsewhere))),
        "{text}"
    );
    assert_eq!(Scenario::from_file(&moved).unwrap(), sc);
}

/// A path to `target` relative to `dir` (both absolute), through `..` steps.
fn pathdiff(target: &std::path::Path, dir: &std::path::Path) -> String {
    let t = target.canonicalize().unwrap();
    let d = dir.canonicalize().unwrap();
    let common = t
        .components()
        .zip(d.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = d.components().count() - common;
    let mut out: Vec<String> = vec!["..".into(); ups];
    out.extend(
        t.components()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    out.join("/")
}

#[test]
fn malformed_files_say_where() {
    let err = Scenario::from_toml_str("year = 2025\n[base]\ntree = 3\n", None).unwrap_err();
    assert!(matches!(err, GrdpsimError::Parse { line: 3, .. }), "{err}");
    let err =
        Scenario::from_toml_str("year = 2025\n[base]\ntree = \"provincial\"\n", None).unwrap_err();
    assert!(matches!(err, GrdpsimError::InvalidArgument { .. }), "{err}");
    let err = Scenario::from_file("/nonexistent/scenario.toml").unwrap_err();
    assert!(matches!(err, GrdpsimError::Io { .. }));
}
