//! Provisional actuals: a nowcast handed to a scenario counts like a published figure and is
//! marked as such until the statistics office publishes the quarter.

use approx::assert_abs_diff_eq;
use grdpsim::datasets;
use grdpsim::disaggregation::nowcast::{nowcast, NowcastOptions};
use grdpsim::scenario::{Actual, Policy, RequiredOptions};
use ndarray::{Array1, Array2};

/// A province-like sector: quarterly industry value added 2023Q1..2025Q2 and a monthly IIP
/// that reaches two months into 2025Q3.
fn industry_nowcast() -> grdpsim::disaggregation::nowcast::Nowcast {
    let months = 30 + 2;
    let iip: Vec<f64> = (0..months)
        .map(|m| 100.0 * 1.006f64.powi(m) * (1.0 + 0.05 * (f64::from(m % 12) - 5.5) / 5.5))
        .collect();
    let va: Vec<f64> = iip[..30]
        .chunks(3)
        .enumerate()
        .map(|(i, c)| 2.4 * c.iter().sum::<f64>() + (i % 2) as f64)
        .collect();
    let x = Array2::from_shape_vec((months as usize, 1), iip).unwrap();
    nowcast(
        Array1::from(va).view(),
        x.view(),
        &NowcastOptions::default(),
    )
    .unwrap()
}

#[test]
fn a_nowcast_enters_a_scenario_as_a_provisional_actual() {
    let n = industry_nowcast();
    let g = n
        .growth_on_year_pct
        .expect("two years of data give a year-on-year rate");
    let sc = datasets::cao_bang_2025().unwrap();
    let actual = Actual::from_nowcast("Q3", "CNXD", &n);
    assert!(actual.provisional);
    let with_q3 = sc.with_actuals(&[actual]).unwrap();
    assert_abs_diff_eq!(
        with_q3.actual_growth("Q3", "CNXD").unwrap().unwrap(),
        g,
        epsilon = 1e-9
    );
    assert!(with_q3.is_provisional("Q3", "CNXD").unwrap());
    assert!(
        with_q3.is_provisional("9M", "GRDP").unwrap(),
        "an aggregate over Q3 rests on it"
    );
    assert!(!with_q3.is_provisional("H1", "CNXD").unwrap());
    assert!(!with_q3.is_provisional("Q3", "DV").unwrap());
    assert!(!sc.is_provisional("Q2", "CNXD").unwrap());
    // The mark survives what-ifs and files.
    let kept = with_q3
        .with_targets(&[grdpsim::scenario::Target::new("Y", "XD", 15.0)])
        .unwrap();
    assert!(kept.is_provisional("Q3", "CNXD").unwrap());
    let again =
        grdpsim::scenario::Scenario::from_toml_str(&with_q3.to_toml_string().unwrap(), None)
            .unwrap();
    assert!(again
        .actuals()
        .iter()
        .any(|a| a.provisional && a.sector == "CNXD" && a.period == "Q3"));
    // Published figures replace it.
    let published = with_q3
        .with_actuals(&[Actual::growth("Q3", "CNXD", g)])
        .unwrap();
    assert!(!published.is_provisional("Q3", "CNXD").unwrap());
}

#[test]
fn provisional_figures_count_like_published_ones() {
    let sc = datasets::cao_bang_2025().unwrap();
    let a = sc
        .with_actuals(&[Actual::growth("Q3", "CNXD", 9.0).as_provisional()])
        .unwrap();
    let b = sc
        .with_actuals(&[Actual::growth("Q3", "CNXD", 9.0)])
        .unwrap();
    let opts = RequiredOptions::new(Policy::Uniform);
    let (ra, rb) = (
        a.required_growth(&opts).unwrap(),
        b.required_growth(&opts).unwrap(),
    );
    assert_eq!(ra, rb);
}
