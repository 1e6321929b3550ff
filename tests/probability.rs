//! Probability of reaching the target: the analytic answer against an independent computation,
//! Monte Carlo against the analytic answer, reproducibility and thread-count invariance, and
//! what actual figures and zero sds pin down.

// Exact equality is what several of these tests assert (bit-identical runs, point masses).
#![allow(clippy::float_cmp)]

mod common;

use approx::assert_abs_diff_eq;
use grdpsim::lang::Lang;
use grdpsim::probability::{
    probability, probability_interruptible, Method, ModelDescription, Options, Probability, LEVELS,
};
use grdpsim::scenario::Scenario;
use grdpsim::uncertainty::{history, Correlation, Sd, Uncertainty};
use grdpsim::{Accounts, GrdpsimError, Quarter, SectorTree};
use ndarray::{array, Array2};
use statrs::distribution::{ContinuousCDF, Normal};

const LEAVES: [&str; 4] = ["NLTS", "CNXD", "DV", "TSP"];

fn scenario(actual_h1: bool) -> Scenario {
    let levels = Array2::from_shape_vec(
        (4, 4),
        vec![
            600.0, 700.0, 750.0, 900.0, 500.0, 600.0, 650.0, 750.0, 1700.0, 1750.0, 1800.0, 1900.0,
            100.0, 110.0, 120.0, 130.0,
        ],
    )
    .unwrap();
    let base = Accounts::from_leaf_levels(
        SectorTree::provincial(),
        Quarter::new(2024, 1).unwrap(),
        levels.view(),
        None,
    )
    .unwrap();
    let mut b = Scenario::builder(base, 2025)
        .target("Y", "GRDP", 8.0)
        .target("Y", "DV", 9.0);
    if actual_h1 {
        b = b
            .actual_growth("Q1", "GRDP", 6.5)
            .actual_growth("Q2", "GRDP", 7.0);
    }
    b.build().unwrap()
}

fn sds() -> Sd {
    Sd::PerSector(
        LEAVES
            .iter()
            .zip([2.0, 1.5, 1.0, 3.0])
            .map(|(s, v)| ((*s).to_owned(), v))
            .collect(),
    )
}

fn corr() -> Correlation {
    let m = array![
        [1.0, 0.3, 0.2, 0.1],
        [0.3, 1.0, 0.5, 0.2],
        [0.2, 0.5, 1.0, 0.4],
        [0.1, 0.2, 0.4, 1.0]
    ];
    Correlation::matrix(LEAVES.iter().map(|s| (*s).to_owned()).collect(), m).unwrap()
}

fn opts(method: Method, paths: usize, seed: u64, threads: Option<usize>) -> Options {
    Options {
        target_pct: Some(8.0),
        paths,
        seed,
        method,
        threads,
        keep_paths: false,
        fractions_ok: false,
    }
}

/// Mean and sd of annual GRDP growth computed here from the definitions: weights are base
/// levels over the base-year total, covariance sd·sd·corr·ar^|Δq| over the quarters after H1.
fn independent_moments(sc: &Scenario, ar: f64) -> (f64, f64) {
    let base = sc.leaf_base_levels();
    let total: f64 = base.sum();
    let sd = [2.0, 1.5, 1.0, 3.0];
    let c = array![
        [1.0, 0.3, 0.2, 0.1],
        [0.3, 1.0, 0.5, 0.2],
        [0.2, 0.5, 1.0, 0.4],
        [0.1, 0.2, 0.4, 1.0]
    ];
    let mut var = 0.0;
    for i in 0..4 {
        for q in 2..4 {
            for j in 0..4 {
                for p in 2..4 {
                    let w = base[[i, q]] / total * base[[j, p]] / total;
                    var += w * sd[i] * sd[j] * c[[i, j]] * ar.powi((q as i32 - p as i32).abs());
                }
            }
        }
    }
    (sc.growth("Y", "GRDP").unwrap(), var.sqrt())
}

#[test]
fn analytic_p_is_phi_of_the_standardised_distance() {
    let sc = scenario(true);
    let u = Uncertainty::normal(sds(), corr(), 0.6).unwrap();
    let p = probability(&sc, &u, &opts(Method::Analytic, 0, 0, None)).unwrap();
    let (mu, sigma) = independent_moments(&sc, 0.6);
    let phi = Normal::new(0.0, 1.0).unwrap().cdf((mu - 8.0) / sigma);
    assert!((p.p_reach - phi).abs() < 1e-12, "{} vs {phi}", p.p_reach);
    assert!((p.mean_pct - mu).abs() < 1e-12 && (p.sd_pct - sigma).abs() < 1e-12);
    assert_eq!(p.p_reach_se, 0.0);
    // Variance shares add up to 1.
    let shares: f64 = p.by_sector.iter().map(|s| s.variance_share).sum();
    assert_abs_diff_eq!(shares, 1.0, epsilon = 1e-12);
    // Auto picks the analytic method for a normal model.
    let auto = probability(&sc, &u, &opts(Method::Auto, 10, 0, None)).unwrap();
    assert_eq!(auto.method, Method::Analytic);
    assert_eq!(auto.p_reach, p.p_reach);
}

fn assert_within_three_se(mc: &Probability, exact: &Probability) {
    assert_eq!(mc.method, Method::MonteCarlo);
    assert!(
        (mc.p_reach - exact.p_reach).abs() < 3.0 * mc.p_reach_se,
        "{} vs {} (se {})",
        mc.p_reach,
        exact.p_reach,
        mc.p_reach_se
    );
}

#[test]
fn monte_carlo_agrees_with_the_analytic_answer_within_three_standard_errors() {
    for (sc, ar) in [(scenario(true), 0.6), (scenario(false), 0.3)] {
        let u = Uncertainty::normal(sds(), corr(), ar).unwrap();
        let exact = probability(&sc, &u, &opts(Method::Analytic, 0, 0, None)).unwrap();
        let mc = probability(&sc, &u, &opts(Method::MonteCarlo, 100_000, 7, None)).unwrap();
        assert_within_three_se(&mc, &exact);
        // Quantiles and sector probabilities within a few standard errors of a quantile.
        for (a, b) in mc.quantiles.iter().zip(&exact.quantiles) {
            assert!(
                (a - b).abs() < 0.02 * exact.sd_pct.max(0.1) + 0.01,
                "{a} vs {b}"
            );
        }
        for (a, b) in mc.by_sector.iter().zip(&exact.by_sector) {
            assert!(
                (a.p_reach - b.p_reach).abs() < 0.01,
                "{}: {} vs {}",
                a.sector,
                a.p_reach,
                b.p_reach
            );
            assert_abs_diff_eq!(a.variance_share, b.variance_share, epsilon = 0.02);
        }
        let (es_mc, es) = (
            mc.expected_shortfall_pp.unwrap(),
            exact.expected_shortfall_pp.unwrap(),
        );
        assert!((es_mc - es).abs() < 0.02 * es + 0.005, "{es_mc} vs {es}");
    }
}

#[test]
fn the_per_cell_kernel_agrees_with_the_analytic_answer() {
    // A Student t with a million degrees of freedom is normal to 1e-6: it runs the per-cell
    // kernel (Cholesky across sectors, AR across quarters) that non-normal models use.
    for (sc, ar) in [(scenario(true), 0.6), (scenario(false), 0.3)] {
        let exact = probability(
            &sc,
            &Uncertainty::normal(sds(), corr(), ar).unwrap(),
            &opts(Method::Analytic, 0, 0, None),
        )
        .unwrap();
        let u = Uncertainty::student_t(sds(), 1e6, corr(), ar).unwrap();
        let mc = probability(&sc, &u, &opts(Method::Auto, 100_000, 9, None)).unwrap();
        assert_within_three_se(&mc, &exact);
        assert!((mc.sd_pct - exact.sd_pct).abs() < 0.01 * exact.sd_pct);
        for (a, b) in mc.by_sector.iter().zip(&exact.by_sector) {
            assert_abs_diff_eq!(a.variance_share, b.variance_share, epsilon = 0.02);
        }
    }
}

#[test]
fn results_are_bit_identical_whatever_the_number_of_threads() {
    let sc = scenario(true);
    let normal = Uncertainty::normal(sds(), corr(), 0.4).unwrap();
    let run = |threads| {
        probability(
            &sc,
            &normal,
            &opts(Method::MonteCarlo, 50_000, 3, Some(threads)),
        )
        .unwrap()
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(4));
    let sc = scenario(true);
    let u = Uncertainty::student_t(sds(), 5.0, corr(), 0.4).unwrap();
    let run =
        |threads| probability(&sc, &u, &opts(Method::Auto, 50_000, 3, Some(threads))).unwrap();
    let one = run(1);
    assert_eq!(one.method, Method::MonteCarlo);
    assert_eq!(one, run(2));
    assert_eq!(one, run(4));
}

#[test]
fn a_fixed_seed_reproduces_and_another_seed_differs() {
    let sc = scenario(false);
    let u = Uncertainty::two_piece(sds(), 0.3, corr(), 0.2).unwrap();
    let run = |seed| probability(&sc, &u, &opts(Method::Auto, 20_000, seed, None)).unwrap();
    assert_eq!(run(11), run(11));
    assert_ne!(run(11).p_reach, run(12).p_reach);
}

#[test]
fn elapsed_quarters_carry_no_uncertainty() {
    let sc = scenario(true);
    let u = Uncertainty::student_t(Sd::Scalar(3.0), 4.0, Correlation::Independent, 0.5).unwrap();
    for method in [Method::MonteCarlo, Method::Auto] {
        let p = probability(&sc, &u, &opts(method, 20_000, 1, None)).unwrap();
        for (k, period) in p.fan_periods.iter().enumerate() {
            let known = ["Q1", "Q2", "H1"].contains(&period.as_str());
            assert_eq!(p.fan_known[k], known);
            let actual = sc.growth(period, "GRDP").unwrap();
            let band = &p.fan[k];
            if known {
                assert!(
                    band.iter().all(|v| (v - actual).abs() < 1e-9),
                    "{period}: {band:?}"
                );
            } else {
                assert!(band[band.len() - 1] - band[0] > 0.1, "{period}: {band:?}");
            }
        }
    }
    // Every quarter known: the year is certain.
    let full = scenario(false);
    let done = Scenario::builder(full.base().clone(), 2025)
        .target("Y", "GRDP", 8.0)
        .actual_growth("Y", "GRDP", 8.5)
        .build()
        .unwrap();
    let p = probability(&done, &u, &opts(Method::MonteCarlo, 1_000, 1, None)).unwrap();
    assert_eq!(p.p_reach, 1.0);
    assert!(p.quantiles.iter().all(|v| (v - 8.5).abs() < 1e-9));
    assert!(p.required_period.is_none() && p.expected_shortfall_pp.is_none());
}

#[test]
fn a_sector_with_zero_sd_is_deterministic() {
    let sc = scenario(false);
    let sd = Sd::PerSector(
        LEAVES
            .iter()
            .zip([2.0, 0.0, 1.0, 3.0])
            .map(|(s, v)| ((*s).to_owned(), v))
            .collect(),
    );
    let u = Uncertainty::student_t(sd, 6.0, corr(), 0.3).unwrap();
    let p = probability(&sc, &u, &opts(Method::MonteCarlo, 20_000, 5, None)).unwrap();
    let cnxd = &p.by_sector[1];
    assert_eq!(cnxd.sector, "CNXD");
    let planned = sc.growth("Y", "CNXD").unwrap();
    assert!(cnxd.quantiles.iter().all(|v| (v - planned).abs() < 1e-9));
    assert_eq!(cnxd.variance_share.abs(), 0.0);
    assert_eq!(cnxd.p_reach, 1.0); // at its target exactly
    assert_eq!(cnxd.quantiles.len(), LEVELS.len());
}

#[test]
fn bad_input_is_a_typed_error_naming_what_is_wrong() {
    let kind = |e: GrdpsimError| e.to_string();
    assert!(kind(
        Uncertainty::normal(Sd::Scalar(-1.0), Correlation::Independent, 0.0).unwrap_err()
    )
    .contains("sd"));
    assert!(kind(
        Uncertainty::normal(Sd::Scalar(f64::NAN), Correlation::Independent, 0.0).unwrap_err()
    )
    .contains("NaN"));
    assert!(Uncertainty::normal(Sd::Scalar(1.0), Correlation::Independent, 1.0).is_err());
    assert!(Uncertainty::student_t(Sd::Scalar(1.0), 2.0, Correlation::Independent, 0.0).is_err());
    assert!(Uncertainty::two_piece(Sd::Scalar(1.0), 1.0, Correlation::Independent, 0.0).is_err());
    // Symmetric, unit diagonal, but not positive semi-definite: A~B and A~C strongly
    // positive, B~C strongly negative.
    let m = array![[1.0, 0.9, 0.9], [0.9, 1.0, -0.9], [0.9, -0.9, 1.0]];
    let e = Correlation::matrix(vec!["NLTS".into(), "CNXD".into(), "DV".into()], m).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("DV and") && text.contains("positive semi-definite"),
        "{text}"
    );
    assert!(matches!(
        e,
        GrdpsimError::InvalidUncertainty { other: Some(_), .. }
    ));
    // Shape.
    assert!(Correlation::matrix(vec!["NLTS".into()], Array2::eye(2)).is_err());
    // A sector that is not a leaf, a leaf left out, no paths.
    let sc = scenario(false);
    let u = Uncertainty::normal(
        Sd::PerSector(vec![("GRDP".into(), 1.0)]),
        Correlation::Independent,
        0.0,
    )
    .unwrap();
    assert!(kind(probability(&sc, &u, &Options::default()).unwrap_err()).contains("not a leaf"));
    let u = Uncertainty::normal(
        Sd::PerSector(vec![("NLTS".into(), 1.0)]),
        Correlation::Independent,
        0.0,
    )
    .unwrap();
    assert!(kind(probability(&sc, &u, &Options::default()).unwrap_err()).contains("no sd"));
    let u = Uncertainty::student_t(Sd::Scalar(1.0), 5.0, Correlation::Independent, 0.0).unwrap();
    assert!(probability(&sc, &u, &opts(Method::Auto, 0, 0, None)).is_err());
    assert!(probability(&sc, &u, &opts(Method::Analytic, 10, 0, None)).is_err());
}

#[test]
fn two_piece_marginal_follows_the_published_formula() {
    // Britton, Fisher and Whitley (1998): σ₁² = σ²/(1+γ), σ₂² = σ²/(1−γ); the mode holds
    // σ₁/(σ₁+σ₂) of the mass below it.
    let u = Uncertainty::two_piece(Sd::Scalar(1.0), 0.4, Correlation::Independent, 0.0).unwrap();
    let (s1, s2) = (1.0 / 1.4_f64.sqrt(), 1.0 / 0.6_f64.sqrt());
    let below = s1 / (s1 + s2);
    assert!(u.marginal_ppf(below, 2.0).unwrap().abs() < 1e-9);
    let n = Normal::new(0.0, 1.0).unwrap();
    let x = u.marginal_ppf(0.9, 2.0).unwrap();
    let cdf = 1.0 - 2.0 * s2 / (s1 + s2) * (1.0 - n.cdf(x / 2.0 / s2));
    assert_abs_diff_eq!(cdf, 0.9, epsilon = 1e-9);
}

#[test]
fn history_calibrates_on_the_national_accounts() {
    let Some(dir) = common::shared_data() else {
        return;
    };
    let acc = Accounts::from_csv(dir.join("vn_gdp_quarterly_2010q1_2024q3.csv"), None).unwrap();
    let dev = history::deviations(&acc, None, history::NaiveForecast::default()).unwrap();
    assert_eq!(dev.quarters.first().unwrap().to_string(), "2014Q1");
    let u = Uncertainty::from_history(&dev).unwrap();
    assert!(u.calibration().unwrap().contains("2014Q1"));
    assert!(u.ar() > 0.0 && u.ar() < 0.95);
    // Base years only: the forecast of 2020 uses 2017-2019 growth, nothing of 2020.
    let (_, f) =
        history::naive_forecast(&acc, 2020, history::NaiveForecast::Mean { years: 3 }).unwrap();
    assert!(f.iter().all(|v| v.is_finite()));
    // A scenario on the national base, 2024 with H1 known, bootstrap and normal.
    let sc = Scenario::builder(acc.clone(), 2024)
        .target("Y", "GDP", 6.5)
        .actual_growth("Q1", "GDP", 5.9)
        .build()
        .unwrap();
    let boot = Uncertainty::bootstrap(dev.clone(), 4).unwrap();
    let p = probability(&sc, &boot, &opts(Method::Auto, 20_000, 0, None)).unwrap();
    assert_eq!(p.method, Method::MonteCarlo);
    assert!(p.p_reach > 0.0 && p.p_reach < 1.0, "{}", p.p_reach);
    assert_eq!(p.by_sector.len(), sc.leaf_codes().len());
    let normal = probability(&sc, &u, &opts(Method::Auto, 0, 0, None)).unwrap();
    assert!(normal.p_reach > 0.0 && normal.p_reach < 1.0);
    // The forecast the models were calibrated on is a type, not a phrase to search.
    let mean3 = history::NaiveForecast::Mean { years: 3 };
    assert_eq!(u.forecast(), Some(mean3));
    assert_eq!(boot.forecast(), Some(mean3));
    let back = Uncertainty::from_snapshot(&boot.to_snapshot().unwrap()).unwrap();
    assert_eq!(back.forecast(), Some(mean3));
}

#[test]
fn a_stated_model_has_no_forecast_and_an_old_snapshot_still_reads() {
    let u = Uncertainty::normal(Sd::Scalar(1.5), Correlation::Independent, 0.5).unwrap();
    assert_eq!(u.forecast(), None);
    // A snapshot written before the forecast was kept (no `forecast` key).
    let mut json: serde_json::Value = serde_json::from_str(&u.to_snapshot().unwrap()).unwrap();
    json.as_object_mut().unwrap().remove("forecast");
    let old = Uncertainty::from_snapshot(&json.to_string()).unwrap();
    assert_eq!(old, u);
}

#[test]
fn the_model_is_described_in_each_language_from_one_value() {
    let sc = scenario(true);
    let u = Uncertainty::normal(Sd::Scalar(1.5), Correlation::Independent, 0.5).unwrap();
    let p = probability(&sc, &u, &opts(Method::Auto, 0, 0, None)).unwrap();
    assert_eq!(p.method, Method::Analytic);
    assert_eq!(p.model.uncertainty.as_ref(), Some(&u));
    // No correlation from history: no base named.
    assert_eq!(p.model.calibrated_on, None);
    assert_eq!(p.model.describe_in(Lang::Vi), u.describe_in(Lang::Vi));
    assert_eq!(p.model.to_string(), u.describe_in(Lang::En));
    // With history's correlation the base's span follows, in the language asked for.
    let (start, end) = (sc.base().start(), sc.base().end());
    let calibrated = ModelDescription {
        calibrated_on: Some((start, end)),
        ..p.model.clone()
    };
    assert_eq!(
        calibrated.describe_in(Lang::En),
        format!(
            "{} (calibrated on the base 2024Q1-2024Q4)",
            u.describe_in(Lang::En)
        )
    );
    assert_eq!(
        calibrated.describe_in(Lang::Vi),
        format!(
            "{} (hiệu chỉnh trên số liệu gốc 2024Q1-2024Q4)",
            u.describe_in(Lang::Vi)
        )
    );
}

/// A run split into ranges of chunks, simulated in any order and merged, is the local run bit
/// for bit (what a Dask cluster does with `grdpsim.dask.probability`).
#[test]
fn chunk_ranges_merged_in_any_order_are_the_local_run() {
    use grdpsim::probability::{merge_monte_carlo, monte_carlo_chunks, simulate_chunks};
    let sc = scenario(true);
    let u = Uncertainty::two_piece(sds(), 0.3, corr(), 0.4).unwrap();
    let o = opts(Method::Auto, 70_000, 9, Some(1)); // 9 chunks, the last one short
    assert_eq!(monte_carlo_chunks(&sc, &u, &o).unwrap(), Some(9));
    let local = probability(&sc, &u, &o).unwrap();
    #[allow(clippy::single_range_in_vec_init)] // the first split is one part: the whole run
    let splits = [vec![0..9], vec![4..9, 0..4], vec![8..9, 2..5, 0..2, 5..8]];
    for split in splits {
        let parts = split
            .into_iter()
            .map(|r| simulate_chunks(&sc, &u, &o, r).unwrap())
            .collect();
        assert_eq!(merge_monte_carlo(&sc, &u, &o, parts).unwrap(), local);
    }
    // A chunk missing or twice, a range out of bounds, an analytic model: named errors.
    let part = |r| simulate_chunks(&sc, &u, &o, r).unwrap();
    for parts in [vec![part(0..8)], vec![part(0..9), part(3..4)]] {
        let e = merge_monte_carlo(&sc, &u, &o, parts).unwrap_err();
        assert!(e.to_string().contains("exactly once"), "{e}");
    }
    assert!(simulate_chunks(&sc, &u, &o, 5..10).is_err());
    assert!(simulate_chunks(&sc, &u, &o, 3..3).is_err());
    let normal = Uncertainty::normal(sds(), corr(), 0.4).unwrap();
    assert_eq!(monte_carlo_chunks(&sc, &normal, &o).unwrap(), None);
    assert!(simulate_chunks(&sc, &normal, &o, 0..1).is_err());
    // Parts of another simulation (other seed: other histogram ranges) are refused.
    let other = simulate_chunks(&sc, &u, &opts(Method::Auto, 70_000, 10, None), 0..4).unwrap();
    assert!(merge_monte_carlo(&sc, &u, &o, vec![other, part(4..9)]).is_err());
}

/// Snapshots (what pickling sends) rebuild equal models and scenarios, checked again.
#[test]
fn snapshots_round_trip_and_are_checked() {
    let u = Uncertainty::student_t(sds(), 6.0, corr(), 0.2).unwrap();
    assert_eq!(
        Uncertainty::from_snapshot(&u.to_snapshot().unwrap()).unwrap(),
        u
    );
    let bad = u.to_snapshot().unwrap().replace("\"df\":6.0", "\"df\":2.0");
    assert!(Uncertainty::from_snapshot(&bad).is_err());
    let sc = scenario(true);
    let back = Scenario::from_snapshot(&sc.to_snapshot().unwrap()).unwrap();
    assert_eq!(back, sc);
    assert_eq!(
        back.leaf_base_levels(),
        sc.leaf_base_levels(),
        "same base levels"
    );
    let o = opts(Method::MonteCarlo, 20_000, 1, None);
    assert_eq!(
        probability(&back, &u, &o).unwrap(),
        probability(&sc, &u, &o).unwrap()
    );
}

#[test]
fn kept_paths_are_the_paths_the_figures_come_from() {
    let sc = scenario(true);
    let u = Uncertainty::normal(sds(), corr(), 0.6).unwrap();
    let kept = |method, threads| {
        let o = Options {
            keep_paths: true,
            ..opts(method, 20_000, 11, threads)
        };
        probability(&sc, &u, &o).unwrap()
    };
    let p = kept(Method::Auto, Some(1));
    assert_eq!(
        p.method,
        Method::MonteCarlo,
        "auto simulates when paths are kept"
    );
    let paths = p.paths_kept.as_ref().unwrap();
    let base = sc.leaf_base_levels();
    let n = base.nrows();
    assert_eq!(paths.dim(), (20_000, n, 4));
    // H1 is known: every path holds each sector's actual growth in Q1 and Q2.
    for i in 0..n {
        for q in 0..2 {
            let first = paths[[0, i, q]];
            assert!(
                (0..paths.dim().0).all(|p| paths[[p, i, q]].to_bits() == first.to_bits()),
                "sector {i} Q{}",
                q + 1
            );
        }
    }
    // Annual GRDP growth recomputed from each path gives P(reach) and the mean exactly.
    let total: f64 = base.sum();
    let annual: Vec<f64> = paths
        .outer_iter()
        .map(|g| {
            let level: f64 = base
                .iter()
                .zip(g.iter())
                .map(|(b, x)| b * (1.0 + x / 100.0))
                .sum();
            (level / total - 1.0) * 100.0
        })
        .collect();
    let reach = annual.iter().filter(|&&g| g >= 8.0).count() as f64 / annual.len() as f64;
    assert_abs_diff_eq!(reach, p.p_reach, epsilon = 1e-12);
    let mean = annual.iter().sum::<f64>() / annual.len() as f64;
    assert_abs_diff_eq!(mean, p.mean_pct, epsilon = 1e-9);
    // The same paths whatever the threads; against the exact answer within the error.
    assert_eq!(kept(Method::MonteCarlo, Some(2)), p);
    let exact = probability(&sc, &u, &opts(Method::Analytic, 0, 0, None)).unwrap();
    assert_within_three_se(&p, &exact);
    // Without keep_paths nothing is kept; the analytic method and chunked runs refuse it.
    assert!(
        probability(&sc, &u, &opts(Method::MonteCarlo, 1_000, 1, None))
            .unwrap()
            .paths_kept
            .is_none()
    );
    let analytic = Options {
        keep_paths: true,
        ..opts(Method::Analytic, 10, 0, None)
    };
    assert!(probability(&sc, &u, &analytic)
        .unwrap_err()
        .to_string()
        .contains("keep_paths"));
    let chunked = Options {
        keep_paths: true,
        ..opts(Method::MonteCarlo, 10_000, 0, None)
    };
    assert!(grdpsim::probability::simulate_chunks(&sc, &u, &chunked, 0..1).is_err());
}

// ---------------------------------------------------------------- runs the user controls (issue 22)

#[test]
fn paths_beyond_the_ceiling_are_refused_before_anything_is_drawn() {
    use grdpsim::probability::monte_carlo::{MAX_KEPT_BYTES, MAX_PATHS};
    let sc = scenario(false);
    let u = Uncertainty::student_t(sds(), 5.0, corr(), 0.3).unwrap();
    // 2^62 paths aborted the process (a vector of 2^49 generators, 18 PB); 10^10 ran for hours.
    for paths in [1_usize << 62, 10_000_000_000, MAX_PATHS + 1] {
        // The run asks `stop` before each batch of chunks: a refusal before anything is drawn
        // never asks (and were the ceiling gone, the first ask would end the run as
        // Interrupted, not AboveCeiling, instead of drawing for hours).
        let mut asked = 0;
        let e = probability_interruptible(
            &sc,
            &u,
            &opts(Method::MonteCarlo, paths, 0, None),
            &mut || {
                asked += 1;
                true
            },
        )
        .unwrap_err();
        assert_eq!(asked, 0, "{paths} paths: drawing began before the refusal");
        match &e {
            GrdpsimError::AboveCeiling {
                what,
                value,
                ceiling,
                estimate,
            } => {
                assert_eq!(what, "paths");
                assert_eq!(*value, paths as u64);
                assert_eq!(*ceiling, MAX_PATHS as u64);
                assert!(
                    estimate.contains("memory") && estimate.contains("thread"),
                    "{e}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(e.to_string().contains(&paths.to_string()), "{e}");
        assert!(e.to_string().contains("1000000000"), "{e}");
        assert_eq!(e.subject().2, Some(paths as f64));
    }
    // 2^31 threads of a pool of the run's own exhausted the memory.
    match probability(&sc, &u, &opts(Method::MonteCarlo, 1000, 0, Some(1 << 31))).unwrap_err() {
        GrdpsimError::AboveCeiling { what, ceiling, .. } => {
            assert_eq!((what.as_str(), ceiling), ("threads", 1024));
        }
        other => panic!("{other:?}"),
    }
    // The chunks a Dask run would split are counted under the same ceiling.
    let too_many = opts(Method::MonteCarlo, MAX_PATHS + 1, 0, None);
    assert!(matches!(
        grdpsim::probability::monte_carlo_chunks(&sc, &u, &too_many),
        Err(GrdpsimError::AboveCeiling { .. })
    ));
    // Kept paths: 4 sectors × 4 quarters × 8 bytes each, at most MAX_KEPT_BYTES in all.
    let kept_ceiling = MAX_KEPT_BYTES / (4 * 4 * 8);
    let keep = Options {
        keep_paths: true,
        ..opts(Method::MonteCarlo, kept_ceiling + 1, 0, None)
    };
    match probability(&sc, &u, &keep).unwrap_err() {
        GrdpsimError::AboveCeiling { what, ceiling, .. } => {
            assert_eq!(what, "paths (kept)");
            assert_eq!(ceiling, kept_ceiling as u64);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_run_asks_to_stop_between_batches_and_stops_when_told() {
    let sc = scenario(false);
    let u = Uncertainty::student_t(sds(), 5.0, corr(), 0.3).unwrap();
    let o = opts(Method::MonteCarlo, 200_000, 7, Some(2)); // 25 chunks
    let mut asked = 0;
    let e = probability_interruptible(&sc, &u, &o, &mut || {
        asked += 1;
        asked == 2
    })
    .unwrap_err();
    match &e {
        GrdpsimError::Interrupted { done, total, .. } => {
            assert!(*done > 0 && done < total, "{done} of {total}");
            assert_eq!(*total, 25);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(e.kind(), grdpsim::error::ErrorKind::Interrupted);
    // Asked and never told: the bits of a run that is never asked.
    let mut asked = 0;
    let run = probability_interruptible(&sc, &u, &o, &mut || {
        asked += 1;
        false
    })
    .unwrap();
    assert!(asked >= 2, "asked {asked} times");
    assert_eq!(run, probability(&sc, &u, &o).unwrap());
}
