//! Temporal disaggregation against R's tempdisagg (swisspharma data, outputs kept by tsdisagg's
//! test suite), the aggregation constraint for every method and conversion, and bad input.

use approx::assert_abs_diff_eq;
use std::path::PathBuf;

use grdpsim::disaggregation::{
    disaggregate, Conversion, Criterion, Disaggregation, DisaggregationOptions, Method,
};
use grdpsim::GrdpsimError;
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
        x.as_ref().map(|a| a.view()),
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

// ---------------------------------------------------------------- synthetic problems

/// A deterministic pseudo-random stream in [0, 1) (no dependency for test noise).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `k` positive indicators over `offset + ratio·n_low + extra` periods and a low-frequency
/// series that is their aggregate plus an intercept and noise.
fn synthetic(
    n_low: usize,
    ratio: usize,
    offset: usize,
    extra: usize,
    k: usize,
    seed: u64,
) -> (Array1<f64>, Array2<f64>) {
    let mut rng = Lcg(seed);
    let n = offset + ratio * n_low + extra;
    let mut x = Array2::<f64>::zeros((n, k));
    for c in 0..k {
        let mut level = 50.0 + 10.0 * c as f64;
        for t in 0..n {
            level += 0.3 + rng.next() - 0.5;
            let season = 3.0 * ((t % ratio) as f64 * 1.3 + c as f64).sin();
            x[[t, c]] = level + season + 2.0 * rng.next();
        }
    }
    let y = Array1::from_shape_fn(n_low, |i| {
        let s = offset + i * ratio;
        let block: f64 = (s..s + ratio)
            .map(|t| {
                5.0 + (0..k)
                    .map(|c| (0.8 - 0.3 * c as f64) * x[[t, c]])
                    .sum::<f64>()
            })
            .sum();
        block + 20.0 * (rng.next() - 0.5)
    });
    (y, x)
}

/// The conversion's aggregate of `values`, written out independently of the library.
fn aggregate(
    values: ArrayView1<f64>,
    ratio: usize,
    offset: usize,
    n_low: usize,
    conversion: Conversion,
) -> Array1<f64> {
    Array1::from_shape_fn(n_low, |i| {
        let block = values.slice_axis(
            ndarray::Axis(0),
            ndarray::Slice::from(offset + i * ratio..offset + (i + 1) * ratio),
        );
        match conversion {
            Conversion::Sum => block.sum(),
            Conversion::Mean => block.sum() / ratio as f64,
            Conversion::First => block[0],
            Conversion::Last => block[ratio - 1],
        }
    })
}

const CONVERSIONS: [Conversion; 4] = [
    Conversion::Sum,
    Conversion::Mean,
    Conversion::First,
    Conversion::Last,
];

#[test]
fn every_method_and_conversion_meets_the_low_frequency_values() {
    for (ratio, offset, extra) in [(4, 3, 2), (3, 0, 1), (12, 5, 7)] {
        let (y_sum, x) = synthetic(10, ratio, offset, extra, 2, 7 + ratio as u64);
        for conversion in CONVERSIONS {
            // Scale y to the conversion so the indicator and y stay comparable.
            let y = match conversion {
                Conversion::Sum => y_sum.clone(),
                _ => &y_sum / ratio as f64,
            };
            for name in Method::NAMES {
                let method: Method = name.parse().expect("tempdisagg name");
                let x_used = if method.is_regression() {
                    x.view()
                } else {
                    x.slice_axis(ndarray::Axis(1), ndarray::Slice::from(0..1))
                };
                let opts = DisaggregationOptions {
                    method,
                    conversion,
                    ratio,
                    offset,
                    ..Default::default()
                };
                let r = disaggregate(y.view(), Some(x_used), &opts)
                    .unwrap_or_else(|e| panic!("{name} {conversion} ratio {ratio}: {e}"));
                assert_eq!(r.values.len(), x.nrows());
                assert!(r.values.iter().all(|v| v.is_finite()));
                let back = aggregate(r.values.view(), ratio, offset, y.len(), conversion);
                let scale = y.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
                let worst = (&back - &y).iter().fold(0.0_f64, |m, v| m.max(v.abs())) / scale;
                assert!(
                    worst < 1e-9,
                    "{name} {conversion} ratio {ratio}: relative gap {worst:.3e}"
                );
                assert!(r.aggregation_error < 1e-9);
            }
        }
    }
}

// ---------------------------------------------------------------- tempdisagg's formulas, densely

/// Gauss-Jordan inverse with partial pivoting: the reference may be naive, the library may not.
fn inverse(a: &Array2<f64>) -> Array2<f64> {
    let n = a.nrows();
    let mut aug = Array2::<f64>::zeros((n, 2 * n));
    for i in 0..n {
        for j in 0..n {
            aug[[i, j]] = a[[i, j]];
        }
        aug[[i, n + i]] = 1.0;
    }
    for c in 0..n {
        let p = (c..n)
            .max_by(|&i, &j| aug[[i, c]].abs().total_cmp(&aug[[j, c]].abs()))
            .expect("rows");
        for k in 0..2 * n {
            aug.swap([c, k], [p, k]);
        }
        let piv = aug[[c, c]];
        for k in 0..2 * n {
            aug[[c, k]] /= piv;
        }
        for r in 0..n {
            if r != c {
                let f = aug[[r, c]];
                for k in 0..2 * n {
                    aug[[r, k]] -= f * aug[[c, k]];
                }
            }
        }
    }
    Array2::from_shape_fn((n, n), |(i, j)| aug[[i, n + j]])
}

fn log_det_spd(a: &Array2<f64>) -> f64 {
    // Gaussian elimination without pivoting is fine on an SPD matrix.
    let mut m = a.clone();
    let n = m.nrows();
    let mut s = 0.0;
    for c in 0..n {
        s += m[[c, c]].ln();
        for r in (c + 1)..n {
            let f = m[[r, c]] / m[[c, c]];
            for k in c..n {
                m[[r, k]] -= f * m[[c, k]];
            }
        }
    }
    s
}

/// tempdisagg's `CalcC`, with zero columns for backcast and forecast.
fn conversion_matrix(
    n_low: usize,
    n: usize,
    ratio: usize,
    offset: usize,
    conversion: Conversion,
) -> Array2<f64> {
    Array2::from_shape_fn((n_low, n), |(i, t)| {
        if t < offset + i * ratio || t >= offset + (i + 1) * ratio {
            return 0.0;
        }
        let j = t - offset - i * ratio;
        match conversion {
            Conversion::Sum => 1.0,
            Conversion::Mean => 1.0 / ratio as f64,
            Conversion::First => f64::from(u8::from(j == 0)),
            Conversion::Last => f64::from(u8::from(j == ratio - 1)),
        }
    })
}

/// `D`: ones on the diagonal, -1 below (tempdisagg's difference matrix).
fn difference_matrix(n: usize, minus: f64) -> Array2<f64> {
    Array2::from_shape_fn((n, n), |(i, j)| {
        if i == j {
            1.0
        } else if i == j + 1 {
            -minus
        } else {
            0.0
        }
    })
}

/// tempdisagg's `CalcQ` (Chow-Lin) or `CalcQ_Lit` (Fernandez, Litterman).
fn dense_q(litterman: bool, rho: f64, n: usize) -> Array2<f64> {
    if litterman {
        let hd = difference_matrix(n, rho).dot(&difference_matrix(n, 1.0));
        inverse(&hd.t().dot(&hd))
    } else {
        Array2::from_shape_fn((n, n), |(i, j)| {
            rho.powi(i.abs_diff(j) as i32) / (1.0 - rho * rho)
        })
    }
}

struct DenseFit {
    values: Array1<f64>,
    beta: Array1<f64>,
    se: Array1<f64>,
    log_likelihood: f64,
}

/// `SubRegressionBased` + `CalcGLS` at a given rho, written with explicit inverses.
fn dense_regression(
    y: &Array1<f64>,
    design: &Array2<f64>,
    c: &Array2<f64>,
    q: &Array2<f64>,
) -> DenseFit {
    let v = c.dot(q).dot(&c.t());
    let vi = inverse(&v);
    let xl = c.dot(design);
    let xtvx_inv = inverse(&xl.t().dot(&vi).dot(&xl));
    let beta = xtvx_inv.dot(&xl.t().dot(&vi).dot(y));
    let p = design.dot(&beta);
    let u = y - &c.dot(&p);
    let values = &p + &q.dot(&c.t()).dot(&vi).dot(&u);
    let (m, k) = (y.len() as f64, design.ncols() as f64);
    let rss = u.dot(&vi.dot(&u));
    let se = xtvx_inv.diag().mapv(|d| (d * rss / (m - k)).sqrt());
    let log_likelihood = -m / 2.0
        - m * (2.0 * std::f64::consts::PI).ln() / 2.0
        - m * (rss / m).ln() / 2.0
        - log_det_spd(&v) / 2.0;
    DenseFit {
        values,
        beta,
        se,
        log_likelihood,
    }
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1.0)
}

fn assert_close_arrays(what: &str, a: ArrayView1<f64>, b: ArrayView1<f64>, tol: f64) {
    assert_eq!(a.len(), b.len(), "{what}");
    for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
        assert!(close(*x, *y, tol), "{what}: index {i}: {x} vs {y}");
    }
}

/// Fixed-rho Chow-Lin (positive and negative rho), Fernandez, Litterman and OLS against
/// tempdisagg's dense formulas, for quarterly → monthly (3) and annual → monthly (12), every
/// conversion, with backcast and extrapolation.
#[test]
fn regression_methods_follow_tempdisagg_formulas() {
    let cases = [
        (Method::ChowLinFixed, Some(0.7), false, 0.7),
        (Method::ChowLinFixed, Some(-0.4), false, -0.4),
        (Method::Ols, None, false, 0.0),
        (Method::Fernandez, None, true, 0.0),
        (Method::LittermanFixed, Some(0.6), true, 0.6),
        (Method::LittermanFixed, Some(-0.3), true, -0.3),
    ];
    for (ratio, offset, extra) in [(3, 2, 2), (12, 0, 5)] {
        let (y_sum, x) = synthetic(9, ratio, offset, extra, 2, 99);
        let n = x.nrows();
        let mut design = Array2::<f64>::ones((n, 3));
        design
            .slice_axis_mut(ndarray::Axis(1), ndarray::Slice::from(1..))
            .assign(&x);
        for conversion in CONVERSIONS {
            let y = if conversion == Conversion::Sum {
                y_sum.clone()
            } else {
                &y_sum / ratio as f64
            };
            let c = conversion_matrix(y.len(), n, ratio, offset, conversion);
            for (method, fixed_rho, litterman, rho) in cases {
                let opts = DisaggregationOptions {
                    method,
                    fixed_rho,
                    conversion,
                    ratio,
                    offset,
                    ..Default::default()
                };
                let r = disaggregate(y.view(), Some(x.view()), &opts).expect("fit");
                let dense = dense_regression(&y, &design, &c, &dense_q(litterman, rho, n));
                let what = format!("{method} rho {rho} {conversion} ratio {ratio}");
                assert_close_arrays(&what, r.values.view(), dense.values.view(), 1e-8);
                let est: Array1<f64> = r.coefficients.iter().map(|c| c.estimate).collect();
                let se: Array1<f64> = r.coefficients.iter().map(|c| c.std_error).collect();
                assert_close_arrays(&what, est.view(), dense.beta.view(), 1e-7);
                assert_close_arrays(&what, se.view(), dense.se.view(), 1e-7);
                let stats = r.statistics.expect("regression statistics");
                assert!(
                    close(stats.log_likelihood, dense.log_likelihood, 1e-9),
                    "{what}"
                );
                assert_eq!(r.rho, Some(rho));
                for coef in &r.coefficients {
                    assert!(close(coef.t_value, coef.estimate / coef.std_error, 1e-14));
                }
            }
        }
    }
}

/// Denton (1971) and Denton-Cholette against tempdisagg's `SubDenton`: `Q = (D₀'D₀)⁻¹` and the
/// bordered system of Cholette and Dagum (2006), eq. 6.8; h = 0, 1, 2, both criteria.
#[test]
fn denton_methods_follow_tempdisagg_formulas() {
    let (ratio, offset, extra) = (4, 3, 2);
    let (y, x) = synthetic(8, ratio, offset, extra, 1, 5);
    let n = x.nrows();
    let n_low = y.len();
    let xi = x.column(0).to_owned();
    let c = conversion_matrix(n_low, n, ratio, offset, Conversion::Sum);
    let u = &y - &c.dot(&xi);
    for h in 0..=2 {
        for criterion in [Criterion::Additive, Criterion::Proportional] {
            let mut d0 = Array2::<f64>::eye(n);
            for _ in 0..h {
                d0 = difference_matrix(n, 1.0).dot(&d0);
            }
            if criterion == Criterion::Proportional {
                let mean = xi.mean().expect("non-empty");
                d0 = d0.dot(&Array2::from_diag(&xi.mapv(|v| mean / v)));
            }
            // Denton: y = x + Q C' (C Q C')⁻¹ u.
            let q = inverse(&d0.t().dot(&d0));
            let denton = &xi + &q.dot(&c.t()).dot(&inverse(&c.dot(&q).dot(&c.t()))).dot(&u);
            // Cholette: drop the first h rows of D₀, solve the bordered system.
            let d1 = d0
                .slice_axis(ndarray::Axis(0), ndarray::Slice::from(h..))
                .to_owned();
            let a = d1.t().dot(&d1);
            let mut big = Array2::<f64>::zeros((n + n_low, n + n_low));
            let mut rhs = Array1::<f64>::zeros(n + n_low);
            for i in 0..n {
                for j in 0..n {
                    big[[i, j]] = a[[i, j]];
                }
                rhs[i] = a.row(i).dot(&xi);
            }
            for i in 0..n_low {
                for j in 0..n {
                    big[[n + i, j]] = c[[i, j]];
                    big[[j, n + i]] = c[[i, j]];
                }
                rhs[n + i] = y[i];
            }
            let cholette_full = inverse(&big).dot(&rhs);
            let cholette = cholette_full.slice_axis(ndarray::Axis(0), ndarray::Slice::from(..n));
            for (method, expected) in [
                (Method::Denton, denton.view()),
                (Method::DentonCholette, cholette),
            ] {
                let opts = DisaggregationOptions {
                    method,
                    h,
                    criterion,
                    ratio,
                    offset,
                    ..Default::default()
                };
                let r = disaggregate(y.view(), Some(x.view()), &opts).expect("fit");
                let what = format!("{method} h {h} {criterion}");
                assert_close_arrays(&what, r.values.view(), expected, 1e-8);
                assert!(r.coefficients.is_empty() && r.rho.is_none());
            }
        }
    }
    // Uniform is Denton with h = 0, additive, whatever h and criterion say.
    let uniform = disaggregate(
        y.view(),
        Some(x.view()),
        &DisaggregationOptions {
            method: Method::Uniform,
            h: 2,
            ratio,
            offset,
            ..Default::default()
        },
    )
    .expect("fit");
    let additive0 = disaggregate(
        y.view(),
        Some(x.view()),
        &DisaggregationOptions {
            method: Method::Denton,
            h: 0,
            criterion: Criterion::Additive,
            ratio,
            offset,
            ..Default::default()
        },
    )
    .expect("fit");
    assert_close_arrays(
        "uniform",
        uniform.values.view(),
        additive0.values.view(),
        1e-12,
    );
    // ... which spreads each year's residual evenly over its quarters.
    let step = &uniform.values - &xi;
    for i in 0..n_low {
        let s = offset + i * ratio;
        assert!(
            close(step[s], u[i] / ratio as f64, 1e-10)
                && close(step[s + ratio - 1], u[i] / ratio as f64, 1e-10)
        );
    }
}

// ---------------------------------------------------------------- estimated rho

/// One indicator with a seasonal pattern; the high-frequency errors are AR(1) with `phi`.
fn with_ar_errors(n_low: usize, ratio: usize, phi: f64, seed: u64) -> (Array1<f64>, Array2<f64>) {
    let mut rng = Lcg(seed);
    let n = n_low * ratio + 3;
    let x = Array2::from_shape_fn((n, 1), |(t, _)| {
        50.0 + t as f64 * 0.5 + 5.0 * (t % ratio) as f64
    });
    let mut e = 0.0;
    let errors: Vec<f64> = (0..n)
        .map(|_| {
            e = phi * e + (rng.next() - 0.5) * 4.0;
            e
        })
        .collect();
    let y = Array1::from_shape_fn(n_low, |i| {
        (i * ratio..(i + 1) * ratio)
            .map(|t| 2.0 + x[[t, 0]] + errors[t])
            .sum()
    });
    (y, x)
}

fn fixed_counterpart(method: Method) -> Method {
    if matches!(method, Method::LittermanMaxlog | Method::LittermanMinrss) {
        Method::LittermanFixed
    } else {
        Method::ChowLinFixed
    }
}

/// tempdisagg's objective for `method`, evaluated through a fixed-rho fit (smaller is better).
fn objective_at(method: Method, y: &Array1<f64>, x: &Array2<f64>, ratio: usize, rho: f64) -> f64 {
    let opts = DisaggregationOptions {
        method: fixed_counterpart(method),
        fixed_rho: Some(rho),
        ratio,
        ..Default::default()
    };
    let stats = disaggregate(y.view(), Some(x.view()), &opts)
        .expect("fixed fit")
        .statistics
        .expect("stats");
    match method {
        Method::ChowLinMaxlog | Method::LittermanMaxlog => -stats.log_likelihood,
        Method::ChowLinMinrssEcotrim => stats.rss / (1.0 - rho * rho),
        _ => stats.rss,
    }
}

/// Every estimated-rho method lands on the optimum of its own criterion (checked through
/// fixed-rho fits on both sides), polished to a bracket below 1e-10; quarterly → monthly too.
#[test]
fn estimated_rho_optimises_each_criterion() {
    let methods = [
        Method::ChowLinMaxlog,
        Method::ChowLinMinrssEcotrim,
        Method::ChowLinMinrssQuilis,
        Method::LittermanMaxlog,
        Method::LittermanMinrss,
    ];
    for (ratio, phi, seed) in [(4, -0.6, 1), (4, 0.5, 2), (3, 0.3, 3)] {
        let (y, x) = with_ar_errors(20, ratio, phi, seed);
        for method in methods {
            let opts = DisaggregationOptions {
                method,
                truncated_rho: -1.0,
                ratio,
                ..Default::default()
            };
            let r = disaggregate(y.view(), Some(x.view()), &opts).expect("fit");
            let rho = r.rho.expect("rho");
            let report = r.optimizer.expect("search report");
            assert!(!r.rho_truncated);
            assert!(rho.to_bits() == report.argmin.to_bits());
            let at = objective_at(method, &y, &x, ratio, rho);
            assert!(
                close(at, report.objective, 1e-10),
                "{method}: {at} vs {}",
                report.objective
            );
            for delta in [-1e-4, 1e-4] {
                let neighbour = rho + delta;
                if neighbour.abs() < 0.999 {
                    let there = objective_at(method, &y, &x, ratio, neighbour);
                    assert!(
                        there > at,
                        "{method} ratio {ratio}: f({neighbour}) = {there} <= f({rho}) = {at}"
                    );
                }
            }
            if report.polished {
                assert!(
                    report.bracket_width <= 1e-10,
                    "{method}: {}",
                    report.bracket_width
                );
            } else {
                // Only a minimum on the search bound escapes the polish.
                assert!(rho.abs() > 0.998, "{method}: unpolished interior rho {rho}");
            }
        }
    }
}

/// A negative optimum is truncated to 0 by default (R's `truncated.rho = 0`) and kept with
/// `truncated_rho = -1`.
#[test]
fn negative_rho_is_truncated_unless_truncated_rho_is_minus_one() {
    let (y, x) = with_ar_errors(20, 4, -0.6, 1);
    let default =
        disaggregate(y.view(), Some(x.view()), &DisaggregationOptions::default()).expect("fit");
    let free = disaggregate(
        y.view(),
        Some(x.view()),
        &DisaggregationOptions {
            truncated_rho: -1.0,
            ..Default::default()
        },
    )
    .expect("fit");
    let rho = free.rho.expect("rho");
    assert!(rho < -0.1, "expected a negative optimum, got {rho}");
    assert!(!free.rho_truncated);
    assert_eq!(default.rho, Some(0.0));
    assert!(default.rho_truncated);
    assert!(default.optimizer.expect("report").argmin.to_bits() == rho.to_bits());
    // Truncated at 0 means the values are those of Chow-Lin with rho fixed at 0.
    let at_zero = disaggregate(
        y.view(),
        Some(x.view()),
        &DisaggregationOptions {
            method: Method::ChowLinFixed,
            fixed_rho: Some(0.0),
            ..Default::default()
        },
    )
    .expect("fit");
    assert_close_arrays(
        "truncated",
        default.values.view(),
        at_zero.values.view(),
        1e-12,
    );
    // A truncation bound above the optimum but below 1 is honoured too.
    let bounded = disaggregate(
        y.view(),
        Some(x.view()),
        &DisaggregationOptions {
            truncated_rho: 0.25,
            ..Default::default()
        },
    )
    .expect("fit");
    assert_eq!(bounded.rho, Some(0.25));
}

/// Backcast and extrapolation: with an indicator beyond both ends, the covered periods still
/// aggregate exactly and the extrapolated values follow the regression (preliminary series
/// plus a distributed residual that decays with the AR(1) correlation).
#[test]
fn backcast_and_extrapolation_extend_the_fit() {
    let (y, x) = synthetic(10, 4, 6, 5, 1, 21);
    let opts = DisaggregationOptions {
        method: Method::ChowLinFixed,
        fixed_rho: Some(0.8),
        offset: 6,
        ..Default::default()
    };
    let r = disaggregate(y.view(), Some(x.view()), &opts).expect("fit");
    assert_eq!(r.values.len(), 6 + 40 + 5);
    let gap = &r.values - &r.preliminary;
    // The AR(1) distribution decays geometrically away from the covered span: rho^k.
    let last_covered = 6 + 40 - 1;
    for k in 1..5 {
        let ratio = gap[last_covered + k + 1] / gap[last_covered + k];
        assert!(close(ratio, 0.8, 1e-10), "forecast step {k}: {ratio}");
        let back = gap[6 - k - 1] / gap[6 - k];
        assert!(close(back, 0.8, 1e-10), "backcast step {k}: {back}");
    }
}

// ---------------------------------------------------------------- bad input

fn error_of(
    y: &Array1<f64>,
    x: Option<&Array2<f64>>,
    opts: &DisaggregationOptions,
) -> GrdpsimError {
    disaggregate(y.view(), x.map(|a| a.view()), opts).expect_err("bad input must be refused")
}

#[test]
fn short_indicator_and_offset_that_does_not_fit_are_refused() {
    let (y, x) = synthetic(6, 4, 0, 0, 1, 3);
    let short = x
        .slice_axis(ndarray::Axis(0), ndarray::Slice::from(..23))
        .to_owned();
    let e = error_of(&y, Some(&short), &DisaggregationOptions::default());
    assert!(
        matches!(&e, GrdpsimError::LengthMismatch { what, .. } if what == "X"),
        "{e}"
    );
    assert!(
        e.to_string().contains("23 rows") && e.to_string().contains("24"),
        "{e}"
    );
    let e = error_of(
        &y,
        Some(&x),
        &DisaggregationOptions {
            offset: 1,
            ..Default::default()
        },
    );
    assert!(matches!(e, GrdpsimError::LengthMismatch { .. }), "{e}");
    assert!(e.to_string().contains("offset 1"), "{e}");
    let empty = Array1::<f64>::zeros(0);
    assert!(matches!(
        error_of(&empty, Some(&x), &DisaggregationOptions::default()),
        GrdpsimError::LengthMismatch { .. }
    ));
}

#[test]
fn non_finite_values_are_refused_with_their_index() {
    let (mut y, mut x) = synthetic(6, 4, 0, 0, 2, 3);
    let good_y = y.clone();
    y[4] = f64::NAN;
    match error_of(&y, Some(&x), &DisaggregationOptions::default()) {
        GrdpsimError::NonFiniteInput { series, index, .. } => {
            assert_eq!((series.as_str(), index), ("y", 4));
        }
        e => panic!("{e}"),
    }
    x[[17, 1]] = f64::INFINITY;
    match error_of(&good_y, Some(&x), &DisaggregationOptions::default()) {
        GrdpsimError::NonFiniteInput {
            series,
            index,
            value,
        } => {
            assert_eq!((series.as_str(), index), ("X column 1", 17));
            assert!(value.is_infinite());
        }
        e => panic!("{e}"),
    }
}

#[test]
fn collinear_indicators_are_refused() {
    let (y, x) = synthetic(8, 4, 0, 0, 2, 3);
    let mut collinear = Array2::<f64>::zeros((x.nrows(), 3));
    for t in 0..x.nrows() {
        collinear[[t, 0]] = x[[t, 0]];
        collinear[[t, 1]] = x[[t, 1]];
        collinear[[t, 2]] = 2.0 * x[[t, 0]] - 0.5 * x[[t, 1]];
    }
    match error_of(&y, Some(&collinear), &DisaggregationOptions::default()) {
        GrdpsimError::CollinearIndicators { column, .. } => assert_eq!(column, 2),
        e => panic!("{e}"),
    }
    // A constant indicator is collinear with the intercept.
    let constant = Array2::from_elem((x.nrows(), 1), 3.0);
    match error_of(&y, Some(&constant), &DisaggregationOptions::default()) {
        GrdpsimError::CollinearIndicators { column, .. } => assert_eq!(column, 0),
        e => panic!("{e}"),
    }
}

#[test]
fn bad_options_are_refused() {
    let (y, x) = synthetic(6, 4, 0, 0, 1, 3);
    assert!(matches!(
        error_of(
            &y,
            Some(&x),
            &DisaggregationOptions {
                ratio: 1,
                ..Default::default()
            }
        ),
        GrdpsimError::InvalidRatio { ratio: 1 }
    ));
    for bad in [1.0, -1.0, 1.5, f64::NAN] {
        let opts = DisaggregationOptions {
            method: Method::ChowLinFixed,
            fixed_rho: Some(bad),
            ..Default::default()
        };
        assert!(
            matches!(error_of(&y, Some(&x), &opts), GrdpsimError::RhoOutOfRange { ref name, .. } if name == "fixed_rho"),
            "{bad}"
        );
    }
    for bad in [1.0, -1.5] {
        let opts = DisaggregationOptions {
            truncated_rho: bad,
            ..Default::default()
        };
        assert!(
            matches!(error_of(&y, Some(&x), &opts), GrdpsimError::RhoOutOfRange { ref name, .. } if name == "truncated_rho")
        );
    }
    let opts = DisaggregationOptions {
        fixed_rho: Some(0.5),
        ..Default::default()
    };
    assert!(
        matches!(error_of(&y, Some(&x), &opts), GrdpsimError::InvalidArgument { ref name, .. } if name == "fixed_rho")
    );
    match "chow-lin".parse::<Method>() {
        Err(GrdpsimError::UnknownOption {
            option,
            value,
            expected,
        }) => {
            assert_eq!((option.as_str(), value.as_str()), ("method", "chow-lin"));
            assert!(expected.contains("chow-lin-maxlog"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!("median".parse::<Conversion>(), Err(GrdpsimError::UnknownOption { ref option, .. }) if option == "conversion")
    );
    assert!(
        matches!("relative".parse::<Criterion>(), Err(GrdpsimError::UnknownOption { ref option, .. }) if option == "criterion")
    );
    // Every tempdisagg name round-trips.
    for name in Method::NAMES {
        assert_eq!(name.parse::<Method>().expect("known").name(), name);
    }
    // Denton takes one indicator; a regression needs more low-frequency values than coefficients.
    let (y2, x2) = synthetic(6, 4, 0, 0, 2, 3);
    assert!(matches!(
        error_of(
            &y2,
            Some(&x2),
            &DisaggregationOptions {
                method: Method::Denton,
                ..Default::default()
            }
        ),
        GrdpsimError::LengthMismatch { .. }
    ));
    let (y3, x3) = synthetic(3, 4, 0, 0, 2, 3);
    assert!(matches!(
        error_of(&y3, Some(&x3), &DisaggregationOptions::default()),
        GrdpsimError::Disaggregation { .. }
    ));
    // A proportional Denton cannot divide by a zero indicator.
    let mut zero = x.clone();
    zero[[5, 0]] = 0.0;
    let e = error_of(
        &y,
        Some(&zero),
        &DisaggregationOptions {
            method: Method::DentonCholette,
            ..Default::default()
        },
    );
    assert!(
        matches!(e, GrdpsimError::Disaggregation { .. }) && e.to_string().contains("index 5"),
        "{e}"
    );
}

// ---------------------------------------------------------------- nowcast

use grdpsim::disaggregation::nowcast::{nowcast, NowcastOptions};

/// The nowcast's standard error is Goldberger's prediction-error variance of the quarter's sum,
/// written out with explicit inverses; its level is the sum of the extrapolated months.
#[test]
fn nowcast_interval_is_the_blup_prediction_variance() {
    let (y, x_full) = synthetic(12, 3, 12, 3, 1, 77);
    for observed in 1..=3 {
        let x = x_full
            .slice_axis(ndarray::Axis(0), ndarray::Slice::from(..12 + 36 + observed))
            .to_owned();
        let opts = NowcastOptions {
            disaggregation: DisaggregationOptions {
                method: Method::ChowLinFixed,
                fixed_rho: Some(0.6),
                ratio: 3,
                offset: 12,
                ..Default::default()
            },
            ..Default::default()
        };
        let n = nowcast(y.view(), x.view(), &opts).expect("nowcast");
        assert_eq!(n.observed, observed);
        assert!(n.provisional);
        let xc = &n.completed_indicator;
        assert_eq!(xc.nrows(), 12 + 36 + 3);
        // Observed months are kept; missing ones follow the observed year-on-year growth.
        for t in 0..12 + 36 + observed {
            assert!(close(xc[[t, 0]], x[[t, 0]], 1e-15));
        }
        let g = (48..48 + observed).map(|t| x[[t, 0]]).sum::<f64>()
            / (36..36 + observed).map(|t| x[[t, 0]]).sum::<f64>();
        for t in 48 + observed..51 {
            assert!(close(xc[[t, 0]], xc[[t - 12, 0]] * g, 1e-13));
        }
        // Dense BLUP variance of c·y, c = ones on the three new months.
        let n_high = 51;
        let mut design = Array2::<f64>::ones((n_high, 2));
        design.column_mut(1).assign(&xc.column(0));
        let c = conversion_matrix(12, n_high, 3, 12, Conversion::Sum);
        let q = dense_q(false, 0.6, n_high);
        let v = c.dot(&q).dot(&c.t());
        let vi = inverse(&v);
        let xl = c.dot(&design);
        let cf = Array1::from_shape_fn(n_high, |t| f64::from(u8::from(t >= 48)));
        let g_vec = c.dot(&q.dot(&cf));
        let r = design.t().dot(&cf) - xl.t().dot(&vi.dot(&g_vec));
        let unscaled = cf.dot(&q.dot(&cf)) - g_vec.dot(&vi.dot(&g_vec))
            + r.dot(&inverse(&xl.t().dot(&vi).dot(&xl)).dot(&r));
        let sigma2_gls = n.disaggregation.statistics.expect("stats").sigma2_gls;
        let se = n.std_error.expect("regression");
        assert!(
            close(se, (unscaled * sigma2_gls).sqrt(), 1e-8),
            "{se} vs {}",
            (unscaled * sigma2_gls).sqrt()
        );
        let dense = dense_regression(&y, &design, &c, &q);
        assert!(close(n.level, dense.values.iter().skip(48).sum(), 1e-9));
        let (lo, hi) = n.interval.expect("interval");
        // Student's t, not the normal 1.96: the 97.5% quantile for the residual degrees of
        // freedom, from the standard table (Abramowitz and Stegun, table 26.10).
        let df = n.disaggregation.statistics.expect("stats").df;
        let t = T_975
            .iter()
            .find(|(d, _)| *d == df)
            .map(|(_, t)| *t)
            .expect("df in the table");
        assert!(close(hi - n.level, t * se, 1e-5) && close(n.level - lo, t * se, 1e-5));
        assert!(close(
            n.growth_on_previous_pct,
            100.0 * (n.level / y[11] - 1.0),
            1e-12
        ));
        assert!(close(
            n.growth_on_year_pct.expect("a year back"),
            100.0 * (n.level / y[8] - 1.0),
            1e-12
        ));
    }
}

/// Worked example: swisspharma sales known to 2010Q4, exports observed to February 2011 (two
/// months) and to March 2011 (the whole quarter); nowcast 2011Q1 and report it against the
/// published 2011Q1 (the last value of sales.q). One quarter is one draw: the test checks the
/// construction, the printout shows the miss.
#[test]
fn nowcast_swisspharma_2011q1() {
    let Some(dir) = reference_dir() else { return };
    let sales_q = series(&dir, "sales_q.txt");
    let exports_m = series(&dir, "exports_m.txt");
    let y = sales_q
        .slice_axis(ndarray::Axis(0), ndarray::Slice::from(..144))
        .to_owned(); // 1975Q1–2010Q4
    let actual = sales_q[144];
    let opts = NowcastOptions {
        disaggregation: DisaggregationOptions {
            ratio: 3,
            offset: 36,
            ..Default::default()
        },
        ..Default::default()
    };
    for observed in [2, 3] {
        let months = 36 + 3 * 144 + observed; // 1972-01 .. 2011-02 or 2011-03
        let x = Array2::from_shape_fn((months, 1), |(t, _)| exports_m[t]);
        let n = nowcast(y.view(), x.view(), &opts).expect("nowcast");
        let (lo, hi) = n.interval.expect("interval");
        eprintln!(
            "NOWCAST swisspharma 2011Q1 with {observed} months: {:.3} [{lo:.3}, {hi:.3}] (published {actual:.3}, \
             error {:+.2}%); q/q {:.2}%, y/y {:.2}%, rho {:?}",
            n.level,
            100.0 * (n.level / actual - 1.0),
            n.growth_on_previous_pct,
            n.growth_on_year_pct.unwrap_or(f64::NAN),
            n.disaggregation.rho
        );
        assert_eq!(n.observed, observed);
        assert!(close(n.level, n.high_frequency.sum(), 1e-14));
        assert!(n.disaggregation.aggregation_error < 1e-12);
        // 2011Q1 against 2010Q1 (four quarters back) and 2010Q4.
        assert!(close(
            n.growth_on_year_pct.expect("y/y"),
            100.0 * (n.level / y[140] - 1.0),
            1e-12
        ));
        assert!(close(
            n.growth_on_previous_pct,
            100.0 * (n.level / y[143] - 1.0),
            1e-12
        ));
    }
}

/// Worked example: a province-like industry sector (công nghiệp), monthly IIP into quarterly
/// value added, one month of the new quarter observed. The sector's value added follows its
/// IIP with a level shift and noise (synthetic); the test prints the nowcast and checks its
/// construction.
#[test]
fn nowcast_province_industry_from_iip() {
    let mut rng = Lcg(2024);
    let months = 12 * 6 + 1; // 2019-01 .. 2025-01
    let iip: Vec<f64> = (0..months)
        .scan(100.0, |level, t| {
            *level *= 1.0 + 0.007 + 0.01 * (rng.next() - 0.5);
            Some(*level * (1.0 + 0.06 * ((t % 12) as f64 / 12.0 * std::f64::consts::TAU).cos()))
        })
        .collect();
    // Value added (tỷ đồng, constant prices): 24 quarters 2019Q1–2024Q4.
    let truth: Vec<f64> = (0..24)
        .map(|q| (0..3).map(|j| 42.0 + 11.5 * iip[3 * q + j]).sum::<f64>())
        .collect();
    let va = Array1::from_shape_fn(24, |q| truth[q] * (1.0 + 0.004 * (rng.next() - 0.5)));
    let x = Array2::from_shape_fn((months, 1), |(t, _)| iip[t]);
    let n = nowcast(va.view(), x.view(), &NowcastOptions::default()).expect("nowcast");
    let (lo, hi) = n.interval.expect("interval");
    eprintln!(
        "NOWCAST industry 2025Q1 from January IIP: {:.1} [{lo:.1}, {hi:.1}], y/y {:.2}% [{:.2}, {:.2}]",
        n.level,
        n.growth_on_year_pct.unwrap_or(f64::NAN),
        n.growth_on_year_interval_pct.map_or(f64::NAN, |i| i.0),
        n.growth_on_year_interval_pct.map_or(f64::NAN, |i| i.1),
    );
    assert_eq!(n.observed, 1);
    assert!(hi > lo && n.std_error.expect("se") > 0.0);
    let yoy = n.growth_on_year_pct.expect("a year of history");
    assert!(close(yoy, 100.0 * (n.level / va[20] - 1.0), 1e-12));
}

#[test]
fn nowcast_needs_the_indicator_to_reach_the_next_quarter() {
    let (y, x) = synthetic(8, 3, 0, 0, 1, 1);
    let e = nowcast(y.view(), x.view(), &NowcastOptions::default()).expect_err("no new month");
    assert!(matches!(e, GrdpsimError::LengthMismatch { .. }), "{e}");
    let (y, x) = synthetic(8, 3, 0, 4, 1, 1);
    assert!(matches!(
        nowcast(y.view(), x.view(), &NowcastOptions::default()),
        Err(GrdpsimError::LengthMismatch { .. })
    ));
    // One month into the quarter but less than a year of history to complete the rest.
    let (y, x) = synthetic(3, 3, 0, 1, 1, 1);
    assert!(matches!(
        nowcast(y.view(), x.view(), &NowcastOptions::default()),
        Err(GrdpsimError::LengthMismatch { .. })
    ));
}

// ---------------------------------------------------------------- hostile input (issue 16)

use grdpsim::disaggregation::{
    AGGREGATION_TOLERANCE, MAX_HIGH_FREQUENCY_PERIODS, MAX_HIGH_FREQUENCY_PERIODS_ESTIMATED_RHO,
};

fn indicator(n: usize) -> Array2<f64> {
    Array2::from_shape_fn((n, 1), |(t, _)| {
        100.0 + t as f64 + 3.0 * ((t % 12) as f64).sin()
    })
}

fn is_length_error(e: &GrdpsimError) -> bool {
    matches!(e, GrdpsimError::LengthMismatch { .. })
}

#[test]
fn absurd_ratio_and_offset_are_length_errors_not_aborts_or_wraps() {
    let y = Array1::from(vec![400.0, 420.0, 445.0]);
    let x = indicator(12);
    // 2^40 and 10^11 aborted on allocation, 2^62 panicked (capacity overflow), 2_054_254 hung,
    // and offset 2^64 - 20 with an indicator wrapped round to an index out of bounds.
    for (ratio, offset) in [
        (1 << 40, 0),
        (4, 100_000_000_000),
        (1 << 62, 0),
        (2_054_254, 0),
        (4, usize::MAX - 19),
        (usize::MAX / 2, usize::MAX / 2),
    ] {
        for method in [
            Method::ChowLinMaxlog,
            Method::DentonCholette,
            Method::Uniform,
        ] {
            for x in [None, Some(x.view())] {
                let e = disaggregate(y.view(), x, &options(method, ratio, offset)).unwrap_err();
                assert!(is_length_error(&e), "{ratio} {offset} {method}: {e}");
            }
        }
    }
}

#[test]
fn sizes_beyond_the_dense_bound_are_refused_before_the_work() {
    // Chow-Lin at 4,000 periods took 83 s (O(n·N²) per evaluation, ~50 evaluations).
    let n = MAX_HIGH_FREQUENCY_PERIODS_ESTIMATED_RHO + 4;
    let x = indicator(n);
    let y = Array1::from_shape_fn(n / 4, |i| (0..4).map(|j| x[[4 * i + j, 0]]).sum::<f64>());
    for method in [Method::ChowLinMaxlog, Method::LittermanMinrss] {
        let e = disaggregate(y.view(), Some(x.view()), &options(method, 4, 0)).unwrap_err();
        assert!(
            is_length_error(&e) && e.to_string().contains("at most 2000"),
            "{e}"
        );
    }
    // The one-evaluation methods take twice as many, and no more.
    let e = disaggregate(
        y.view(),
        None,
        &options(Method::DentonCholette, 4, MAX_HIGH_FREQUENCY_PERIODS),
    )
    .unwrap_err();
    assert!(is_length_error(&e), "{e}");
}

#[test]
fn a_disaggregation_that_does_not_add_back_to_y_is_an_error() {
    // y some 1e-16 times the indicator: Denton-Cholette came back 170% off, without error.
    let x = indicator(12);
    let tiny = Array1::from(vec![4e-14, 4.2e-14, 4.4e-14]);
    let e = disaggregate(
        tiny.view(),
        Some(x.view()),
        &options(Method::DentonCholette, 4, 0),
    )
    .unwrap_err();
    assert!(
        matches!(e, GrdpsimError::Disaggregation { .. }) && e.to_string().contains("adds up"),
        "{e}"
    );
    // One indicator value of 1e300.
    let mut huge = indicator(12);
    huge[[5, 0]] = 1e300;
    let y = Array1::from(vec![400.0, 420.0, 445.0]);
    for method in [Method::DentonCholette, Method::Denton, Method::ChowLinFixed] {
        let e = disaggregate(y.view(), Some(huge.view()), &options(method, 4, 0)).unwrap_err();
        assert!(
            matches!(
                e,
                GrdpsimError::Disaggregation { .. } | GrdpsimError::CollinearIndicators { .. }
            ),
            "{method}: {e}"
        );
    }
    // What is returned meets the tolerance.
    let r = disaggregate(
        y.view(),
        Some(x.view()),
        &options(Method::DentonCholette, 4, 0),
    )
    .unwrap();
    assert!(r.aggregation_error <= AGGREGATION_TOLERANCE);
}

/// The 97.5% quantiles of Student's t (two-sided 95%), by degrees of freedom, as tabulated.
const T_975: [(usize, f64); 12] = [
    (5, 2.570_582),
    (6, 2.446_912),
    (7, 2.364_624),
    (8, 2.306_004),
    (9, 2.262_157),
    (10, 2.228_139),
    (11, 2.200_985),
    (12, 2.178_813),
    (13, 2.160_369),
    (14, 2.144_787),
    (15, 2.131_450),
    (20, 2.085_963),
];

fn nowcast_options(confidence: f64, ratio: usize, offset: usize) -> NowcastOptions {
    NowcastOptions {
        disaggregation: options(Method::ChowLinMaxlog, ratio, offset),
        confidence,
        ..Default::default()
    }
}

#[test]
fn nowcast_refuses_bad_z_absurd_sizes_and_non_finite_growth() {
    let x = indicator(26);
    let y = Array1::from_shape_fn(8, |q| (0..3).map(|j| x[[3 * q + j, 0]]).sum::<f64>() * 1.5);
    for level in [f64::NAN, -0.1, 0.0, 1.0, 1.5, f64::INFINITY] {
        let e = nowcast(y.view(), x.view(), &nowcast_options(level, 3, 0)).unwrap_err();
        assert!(
            matches!(&e, GrdpsimError::InvalidArgument { name, .. } if name == "level"),
            "{e}"
        );
    }
    for (ratio, offset) in [(1 << 40, 0), (3, usize::MAX - 19), (1 << 62, 1 << 62)] {
        let e = nowcast(y.view(), x.view(), &nowcast_options(0.95, ratio, offset)).unwrap_err();
        assert!(is_length_error(&e), "{ratio} {offset}: {e}");
    }
    let empty = Array1::<f64>::zeros(0);
    let e = nowcast(empty.view(), x.view(), &nowcast_options(0.95, 3, 0)).unwrap_err();
    assert!(is_length_error(&e), "{e}");
    // A zero base makes growth on the previous quarter infinite: an error naming y[7].
    let mut zero_last = y.clone();
    zero_last[7] = 0.0;
    let opts = NowcastOptions {
        disaggregation: options(Method::DentonCholette, 3, 0),
        ..Default::default()
    };
    let e = nowcast(zero_last.view(), x.view(), &opts).unwrap_err();
    assert!(e.to_string().contains("y[7] = 0"), "{e}");
}

/// Γ at a positive multiple of 1/2, by recursion from Γ(1) = 1 and Γ(1/2) = √π.
fn gamma_half(x2: usize) -> f64 {
    // x = x2 / 2
    let (mut g, mut x) = if x2.is_multiple_of(2) {
        (1.0, 1.0)
    } else {
        (std::f64::consts::PI.sqrt(), 0.5)
    };
    while x < x2 as f64 / 2.0 - 1e-9 {
        g *= x;
        x += 1.0;
    }
    g
}

/// Two-sided p-value of `t` under Student's t with `df` degrees of freedom, by Simpson's rule
/// on the density: independent of the library's distribution code.
fn p_two_sided(t: f64, df: usize) -> f64 {
    let nu = df as f64;
    let c = gamma_half(df + 1) / ((nu * std::f64::consts::PI).sqrt() * gamma_half(df));
    let f = |x: f64| c * (1.0 + x * x / nu).powf(-(nu + 1.0) / 2.0);
    let n = 20_000;
    let h = t.abs() / f64::from(n);
    let mut s = f(0.0) + f(t.abs());
    for i in 1..n {
        s += if i % 2 == 1 { 4.0 } else { 2.0 } * f(h * f64::from(i));
    }
    1.0 - 2.0 * s * h / 3.0
}

/// tempdisagg's `Pr(>|t|)`: Student's t with the residual degrees of freedom.
#[test]
fn p_values_are_students_t_with_the_residual_degrees_of_freedom() {
    let x = indicator(40);
    let y = Array1::from_shape_fn(10, |i| {
        (0..4).map(|j| x[[4 * i + j, 0]]).sum::<f64>() * 1.3 + 7.0 * (i % 3) as f64
    });
    let r = disaggregate(
        y.view(),
        Some(x.view()),
        &options(Method::ChowLinMaxlog, 4, 0),
    )
    .unwrap();
    let df = r.statistics.expect("a regression").df;
    assert_eq!(df, 8);
    for c in &r.coefficients {
        let want = p_two_sided(c.t_value, df);
        assert!(
            (c.p_value - want).abs() < 1e-8,
            "{}: {} vs {want}",
            c.name,
            c.p_value
        );
    }
    assert!(r.summary().contains("Pr(>|t|)"));
    // The table value: |t| = 2.306004 with 8 degrees of freedom is p = 0.05.
    assert_abs_diff_eq!(p_two_sided(2.306_004, 8), 0.05, epsilon = 1e-6);
}
