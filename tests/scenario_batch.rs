//! The batch kernels agree with the single-scenario path and do not depend on the number of
//! threads.

mod scenario_fixtures;

use approx::assert_abs_diff_eq;
use grdpsim::scenario::batch::{self, BatchRequiredSpec};
use grdpsim::scenario::{Actual, Lock, Policy, RequiredOptions, Scenario, Target};
use grdpsim::GrdpsimError;
use ndarray::{Array1, Array3, Axis};
use proptest::prelude::*;
use scenario_fixtures::cao_bang_adjusted;

/// Deterministic pseudo-random growth rates in [lo, hi).
fn variants(n: usize, s: usize, seed: u64, lo: f64, hi: f64) -> Array3<f64> {
    let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    Array3::from_shape_fn((n, s, 4), |_| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        lo + (hi - lo) * ((x >> 11) as f64 / (1u64 << 53) as f64)
    })
}

/// The scenario whose leaf targets are `growth` (sectors × 4), with the actuals of `sc`.
fn as_scenario(sc: &Scenario, growth: ndarray::ArrayView2<f64>) -> Scenario {
    let mut targets = Vec::new();
    for (i, code) in sc.leaf_codes().iter().enumerate() {
        for q in 0..4 {
            targets.push(Target::new(format!("Q{}", q + 1), code, growth[[i, q]]));
        }
    }
    sc.with_only_targets(&targets).unwrap()
}

fn cao_bang() -> Scenario {
    cao_bang_adjusted()
        .build()
        .unwrap()
        .with_actuals(&[
            Actual::growth("H1", "NLTS", 4.58),
            Actual::growth("H1", "CN", 3.0),
            Actual::growth("H1", "XD", 14.0),
            Actual::growth("H1", "DV", 7.18),
            Actual::growth("H1", "TSP", 5.0),
        ])
        .unwrap()
}

#[test]
fn annual_growth_and_gap_match_the_single_path() {
    let sc = cao_bang();
    let base = sc.leaf_base_levels();
    let g = variants(50, 5, 1, -2.0, 20.0);
    let annual = batch::annual_growth(base.view(), g.view()).unwrap();
    let elapsed: Array1<f64> = sc
        .leaf_codes()
        .iter()
        .map(|c| sc.actual_level("H1", c).unwrap().unwrap())
        .collect();
    let gap = batch::gap(base.view(), g.view(), 2, elapsed.view()).unwrap();
    let grdp_only = batch::grdp_gap(base.view(), g.view(), 2, elapsed.view()).unwrap();
    for v in 0..50 {
        assert_abs_diff_eq!(grdp_only[v], gap.grdp_pp[v], epsilon = 1e-9);
        let one = as_scenario(&sc, g.index_axis(Axis(0), v));
        assert_abs_diff_eq!(
            annual[v],
            one.target_growth("Y", "GRDP").unwrap(),
            epsilon = 1e-9
        );
        let single = one.gap("H1").unwrap();
        assert_abs_diff_eq!(gap.grdp_pp[v], single.grdp().gap_pp, epsilon = 1e-9);
        for (i, code) in sc.leaf_codes().iter().enumerate() {
            assert_abs_diff_eq!(
                gap.by_sector_pp[[v, i]],
                single.row(code).unwrap().gap_pp,
                epsilon = 1e-9
            );
        }
    }
}

/// `Σ_iq b_iq g_iq / Σ b`, summed plainly in order: the reference the kernels must match to 1e-9.
fn plain_annual(base: &ndarray::Array2<f64>, g: ndarray::ArrayView2<f64>) -> f64 {
    let total: f64 = base.iter().sum();
    base.iter().zip(g.iter()).map(|(b, x)| b * x).sum::<f64>() / total
}

/// The kernels read a growth array in any layout (axes permuted, rows stepped or reversed)
/// where it lies: the results are the bits of the same figures in standard layout, for row
/// lengths the compiler knows (21 sectors) and others (25), and a count of variants that
/// leaves a remainder after the blocks of four rows and spans several rayon tasks.
#[test]
fn every_layout_gives_the_bits_of_the_standard_one() {
    for s in [21, 25] {
        let n = 2 * 4096 + 7;
        let mut base = ndarray::Array2::<f64>::zeros((s, 4));
        for ((i, q), b) in base.indexed_iter_mut() {
            *b = 100.0 + 37.0 * i as f64 + 3.0 * q as f64;
        }
        let elapsed: Array1<f64> = base
            .rows()
            .into_iter()
            .map(|r| (r[0] + r[1]) * 1.05)
            .collect();
        // Stored quarter-major (N × 4 × S): the N × S × 4 view of it steps through memory.
        let stored = variants(2 * n, 4, s as u64, -5.0, 25.0);
        let stored = Array3::from_shape_fn((2 * n, 4, s), |(v, q, i)| {
            stored[[v, q % 4, 0]] + (i as f64) * 0.37 - q as f64
        });
        let permuted = stored.view().permuted_axes([0, 2, 1]);
        let stepped = permuted.slice_axis(Axis(0), ndarray::Slice::new(0, None, 2));
        let reversed = stepped.slice_axis(Axis(0), ndarray::Slice::new(0, None, -1));
        for view in [stepped, reversed] {
            assert!(view.as_slice().is_none());
            let standard = view.as_standard_layout().into_owned();
            assert!(standard.as_slice().is_some());
            let bits = |a: &Array1<f64>| a.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            let fast = batch::annual_growth(base.view(), standard.view()).unwrap();
            let general = batch::annual_growth(base.view(), view).unwrap();
            assert_eq!(bits(&fast), bits(&general), "annual growth, {s} sectors");
            for v in [0, 1, 4095, 4096, n - 1] {
                let want = plain_annual(&base, standard.index_axis(Axis(0), v).to_owned().view());
                assert_abs_diff_eq!(fast[v], want, epsilon = 1e-9);
            }
            let fast = batch::grdp_gap(base.view(), standard.view(), 2, elapsed.view()).unwrap();
            let general = batch::grdp_gap(base.view(), view, 2, elapsed.view()).unwrap();
            assert_eq!(bits(&fast), bits(&general), "GRDP gap, {s} sectors");
            let fast = batch::gap(base.view(), standard.view(), 2, elapsed.view()).unwrap();
            let general = batch::gap(base.view(), view, 2, elapsed.view()).unwrap();
            assert_eq!(fast, general, "gap, {s} sectors");
            let spec = BatchRequiredSpec {
                elapsed_quarters: 2,
                actual_elapsed_level: elapsed.sum(),
                target_pct: 9.0,
                policy: Policy::Proportional,
                locks: (0..s).map(|i| (i == 3).then_some(Lock::AtPlan)).collect(),
                caps: (0..s).map(|i| (i % 5 == 0).then_some(40.0)).collect(),
                sectors: Vec::new(),
                fractions_ok: false,
            };
            let fast = batch::required_growth(base.view(), standard.view(), &spec).unwrap();
            let general = batch::required_growth(base.view(), view, &spec).unwrap();
            assert_eq!(fast, general, "required growth, {s} sectors");
        }
    }
}

#[test]
fn required_growth_matches_the_single_path_with_locks_and_caps() {
    let sc = cao_bang();
    let base = sc.leaf_base_levels();
    // 43 variants: the last block of lanes is partly filled.
    let g = variants(43, 5, 7, 0.0, 12.0);
    let codes = sc.leaf_codes();
    for policy in [Policy::Uniform, Policy::Proportional] {
        for target in [8.0, 11.0, 25.0] {
            let spec = BatchRequiredSpec {
                elapsed_quarters: 2,
                actual_elapsed_level: sc.actual_level("H1", "GRDP").unwrap().unwrap(),
                target_pct: target,
                policy,
                locks: vec![
                    Some(Lock::AtPlan),
                    None,
                    None,
                    None,
                    Some(Lock::AtGrowth(6.0)),
                ],
                caps: vec![None, Some(14.0), Some(30.0), Some(13.0), None],
                sectors: Vec::new(),
                fractions_ok: false,
            };
            let out = batch::required_growth(base.view(), g.view(), &spec).unwrap();
            for v in 0..43 {
                let one = as_scenario(&sc, g.index_axis(Axis(0), v));
                let opts = RequiredOptions::new(policy)
                    .target(target)
                    .lock("NLTS", Lock::AtPlan)
                    .lock("TSP", Lock::AtGrowth(6.0))
                    .cap("CN", Some(14.0))
                    .cap("XD", Some(30.0))
                    .cap("DV", Some(13.0));
                let rq = match one.required_growth(&opts) {
                    Ok(rq) => rq,
                    Err(GrdpsimError::CapBelowPlan { .. }) => {
                        unreachable!("the batch would have failed too")
                    }
                    Err(e) => panic!("{e}"),
                };
                assert_abs_diff_eq!(out.grdp_pct, rq.grdp_pct, epsilon = 1e-9);
                assert_eq!(
                    out.feasible[v], rq.feasible,
                    "variant {v} {policy} {target}"
                );
                assert_abs_diff_eq!(out.reached_pct[v], rq.reached_pct, epsilon = 1e-9);
                assert_abs_diff_eq!(out.rise[v], rq.rise, epsilon = 1e-9);
                match rq.max_reachable_pct {
                    None => assert!(out.max_reachable_pct[v].is_infinite()),
                    Some(max) => assert!((out.max_reachable_pct[v] - max).abs() < 1e-9),
                }
                for (i, code) in codes.iter().enumerate() {
                    let single = rq.sector(code).unwrap().required_pct;
                    assert!((out.allocation_pct[[v, i]] - single).abs() < 1e-9, "{code}");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    /// Results are bit-identical whatever the number of rayon threads.
    #[test]
    fn results_do_not_depend_on_the_thread_count(seed in 0u64..1000, target in 5.0..15.0f64) {
        let sc = cao_bang();
        let base = sc.leaf_base_levels();
        let g = variants(10_000, 5, seed, 0.0, 12.0);
        let spec = BatchRequiredSpec {
            elapsed_quarters: 2,
            actual_elapsed_level: sc.actual_level("H1", "GRDP").unwrap().unwrap(),
            target_pct: target,
            policy: Policy::Uniform,
            locks: vec![None, None, Some(Lock::AtPlan), None, None],
            caps: vec![Some(13.0), Some(14.0), None, Some(13.0), None],
            sectors: Vec::new(),
            fractions_ok: false,
        };
        let elapsed: Array1<f64> = Array1::from_elem(5, 500.0);
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                (
                    batch::annual_growth(base.view(), g.view()).unwrap(),
                    batch::gap(base.view(), g.view(), 2, elapsed.view()).unwrap(),
                    batch::grdp_gap(base.view(), g.view(), 2, elapsed.view()).unwrap(),
                    batch::required_growth(base.view(), g.view(), &spec).unwrap(),
                )
            })
        };
        let one = run(1);
        for threads in [2, 3] {
            let other = run(threads);
            let bits = |a: &Array1<f64>| a.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(&one.0), bits(&other.0));
            prop_assert_eq!(bits(&one.1.grdp_pp), bits(&other.1.grdp_pp));
            prop_assert_eq!(bits(&one.2), bits(&other.2));
            prop_assert_eq!(bits(&one.3.rise), bits(&other.3.rise));
            prop_assert_eq!(&one.3.feasible, &other.3.feasible);
            let all = |a: &ndarray::Array2<f64>| a.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(all(&one.1.by_sector_pp), all(&other.1.by_sector_pp));
            prop_assert_eq!(all(&one.3.allocation_pct), all(&other.3.allocation_pct));
        }
    }
}

#[test]
fn bad_batch_input_is_a_typed_error() {
    let sc = cao_bang();
    let base = sc.leaf_base_levels();
    let g = variants(3, 5, 3, 0.0, 10.0);
    // Wrong number of sectors.
    let four = variants(3, 4, 3, 0.0, 10.0);
    assert!(batch::annual_growth(base.view(), four.view()).is_err());
    // A layout other than the standard one is read, not refused (see
    // `every_layout_gives_the_bits_of_the_standard_one`); a NaN in it is named all the same.
    let mut wide = Array3::<f64>::from_elem((3, 4, 5), 5.0);
    wide[[2, 1, 0]] = f64::NAN;
    let t3 = wide.view().permuted_axes([0, 2, 1]);
    assert!(t3.as_slice().is_none());
    let err = batch::annual_growth(base.view(), t3).unwrap_err();
    assert!(
        matches!(&err, GrdpsimError::InvalidArgument { .. })
            && err.to_string().contains("variant 2"),
        "{err}"
    );
    // A NaN in a variant is named, not passed on.
    let mut bad = g.clone();
    bad[[1, 2, 3]] = f64::NAN;
    let err = batch::annual_growth(base.view(), bad.view()).unwrap_err();
    assert!(err.to_string().contains("variant 1"), "{err}");
    // Everything locked.
    let spec = BatchRequiredSpec {
        elapsed_quarters: 2,
        actual_elapsed_level: 6000.0,
        target_pct: 8.0,
        policy: Policy::Uniform,
        locks: vec![Some(Lock::AtPlan); 5],
        caps: vec![None; 5],
        sectors: Vec::new(),
        fractions_ok: false,
    };
    assert!(matches!(
        batch::required_growth(base.view(), g.view(), &spec),
        Err(GrdpsimError::NothingFree { .. })
    ));
    // A cap below a variant's plan names the variant.
    let spec = BatchRequiredSpec {
        locks: vec![None; 5],
        caps: vec![Some(-50.0), None, None, None, None],
        sectors: Vec::new(),
        fractions_ok: false,
        ..spec
    };
    let err = batch::required_growth(base.view(), g.view(), &spec).unwrap_err();
    assert!(
        matches!(&err, GrdpsimError::CapBelowPlan { sector, .. } if sector.contains("variant 0")),
        "{err}"
    );
}
