//! Temporal disaggregation against R's tempdisagg (swisspharma data, outputs kept by tsdisagg's
//! test suite), the aggregation constraint for every method and conversion, and bad input.

use std::path::PathBuf;

use grdpsim::disaggregation::{disaggregate, Disaggregation, DisaggregationOptions, Method};
use ndarray::{Array1, Array2, ArrayView1};

// ---------------------------------------------------------------- reference data

fn reference_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("GRDPSIM_SHARED_DATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        PathBuf::from,
    );
    let dir = dir.join("tempdisagg_reference");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: tempdisagg reference data not found at {} (set GRDPSIM_SHARED_DATA to the \
             folder that holds tempdisagg_reference/)",
            dir.display()
        );
        None
    }
}

fn series(dir: &std::path::Path, name: &str) -> Array1<f64> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.trim()
                .parse::<f64>()
                .unwrap_or_else(|e| panic!("{name}: {l:?}: {e}"))
        })
        .collect()
}

fn columns(cols: &[&Array1<f64>]) -> Array2<f64> {
    let n = cols[0].len();
    Array2::from_shape_fn((n, cols.len()), |(t, c)| cols[c][t])
}

/// Max absolute and relative error; each value must agree to 1e-8, absolute or relative,
/// whichever is looser.
fn assert_parity(name: &str, ours: ArrayView1<f64>, r: ArrayView1<f64>) -> (f64, f64) {
    assert_eq!(ours.len(), r.len(), "{name}: length");
    let (mut max_abs, mut max_rel) = (0.0_f64, 0.0_f64);
    for (i, (a, b)) in ours.iter().zip(r.iter()).enumerate() {
        let abs = (a - b).abs();
        let rel = abs / b.abs();
        assert!(
            abs <= 1e-8 || rel <= 1e-8,
            "{name}: index {i}: ours {a} vs R {b} (abs {abs:.3e}, rel {rel:.3e})"
        );
        max_abs = max_abs.max(abs);
        max_rel = max_rel.max(rel);
    }
    eprintln!("PARITY {name}: max abs {max_abs:.3e}, max rel {max_rel:.3e}");
    (max_abs, max_rel)
}

fn options(method: Method, ratio: usize, offset: usize) -> DisaggregationOptions {
    DisaggregationOptions {
        method,
        ratio,
        offset,
        ..Default::default()
    }
}

// ---------------------------------------------------------------- R parity

/// Runs one of the README's "likely calls" and checks the values against R's output file.
fn reproduce(
    dir: &std::path::Path,
    output: &str,
    indicators: &[&str],
    method: Method,
    ratio: usize,
    offset: usize,
) -> Disaggregation {
    let y = series(dir, "sales_a.txt");
    let loaded: Vec<Array1<f64>> = indicators.iter().map(|f| series(dir, f)).collect();
    let x = (!loaded.is_empty()).then(|| columns(&loaded.iter().collect::<Vec<_>>()));
    let r = disaggregate(
        y.view(),
        x.as_ref().map(Array2::view),
        &options(method, ratio, offset),
    )
    .expect("fit");
    let reference = series(dir, &format!("{output}.txt"));
    assert_parity(output, r.values.view(), reference.view());
    assert!(
        r.aggregation_error < 1e-12,
        "{output}: {}",
        r.aggregation_error
    );
    r
}

/// `td(sales.a ~ exports.q)`: Chow-Lin maxlog with a constant; annual 1975–2010 against
/// quarterly 1972Q1–2011Q2, so 12 quarters of backcast and 2 of extrapolation.
#[test]
fn chow_lin_one_indicator_matches_r() {
    let Some(dir) = reference_dir() else { return };
    let r = reproduce(
        &dir,
        "R_output_chow_lin",
        &["exports_q.txt"],
        Method::ChowLinMaxlog,
        4,
        12,
    );
    assert_eq!(r.coefficients.len(), 2);
}

/// `td(sales.a ~ exports.q + imports.q)`.
#[test]
fn chow_lin_two_indicators_matches_r() {
    let Some(dir) = reference_dir() else { return };
    let files = ["exports_q.txt", "imports_q.txt"];
    let r = reproduce(
        &dir,
        "R_output_chow_lin_two_indicator",
        &files,
        Method::ChowLinMaxlog,
        4,
        12,
    );
    assert_eq!(r.coefficients.len(), 3);
}

/// `td(sales.a ~ 1, to = "quarterly", method = "denton")`: original Denton, h = 1.
#[test]
fn denton_without_indicator_matches_r() {
    let Some(dir) = reference_dir() else { return };
    reproduce(&dir, "R_output_denton", &[], Method::Denton, 4, 0);
}

/// `td(sales.a ~ 1, to = "quarterly", method = "denton-cholette")`; differs from original
/// Denton most at the start (Denton's transient).
#[test]
fn denton_cholette_without_indicator_matches_r() {
    let Some(dir) = reference_dir() else { return };
    let r = reproduce(
        &dir,
        "R_output_denton_cholette",
        &[],
        Method::DentonCholette,
        4,
        0,
    );
    let denton = series(&dir, "R_output_denton.txt");
    assert!((denton[0] - r.values[0]).abs() > 1.0);
}

/// `td(sales.a ~ 0 + exports.q, method = "denton-cholette")`: proportional, h = 1, backcast and
/// extrapolated with the indicator.
#[test]
fn denton_cholette_with_indicator_matches_r() {
    let Some(dir) = reference_dir() else { return };
    let output = "R_output_denton_cholette_w_indicator";
    reproduce(
        &dir,
        output,
        &["exports_q.txt"],
        Method::DentonCholette,
        4,
        12,
    );
}

/// `td(sales.a ~ exports.m, method = "litterman-maxlog")`: annual to monthly, offset 36.
#[test]
fn litterman_annual_to_monthly_matches_r() {
    let Some(dir) = reference_dir() else { return };
    let output = "R_output_litterman_A_to_M";
    reproduce(
        &dir,
        output,
        &["exports_m.txt"],
        Method::LittermanMaxlog,
        12,
        36,
    );
}
