//! The bridge from disbursement to construction (issue 10): the elasticity recovered from
//! constructed data, and its use in the Cao Bằng 2025 scenario.

use grdpsim::disbursement::{Bridge, BridgeSource, BridgeUse, QuarterDisbursement};
use grdpsim::lang::Lang;

/// Constructed history: `ln(1+g_C) = 0.02 + 0.6 ln(1+g_D) + e`, with `e` small and alternating.
fn history(noise: f64) -> Vec<(f64, f64)> {
    let disbursement = [
        -12.0, 4.0, 18.0, 35.0, 2.0, 9.0, 26.0, -5.0, 14.0, 40.0, 7.0, 22.0,
    ];
    disbursement
        .iter()
        .enumerate()
        .map(|(i, &g)| {
            let e = if i % 2 == 0 { noise } else { -noise };
            let y = 0.02 + 0.6 * (g / 100.0_f64).ln_1p() + e;
            (g, 100.0 * y.exp_m1())
        })
        .collect()
}

#[test]
fn least_squares_recovers_a_known_elasticity() {
    let exact = Bridge::estimate(&history(0.0)).unwrap();
    assert!((exact.elasticity - 0.6).abs() < 1e-12);
    assert!((exact.intercept - 0.02).abs() < 1e-12);
    let noisy = Bridge::estimate(&history(0.01)).unwrap();
    let BridgeSource::Estimated {
        quarters,
        r_squared,
        elasticity_se,
    } = noisy.source
    else {
        panic!("estimated")
    };
    assert_eq!(quarters, 12);
    assert!(r_squared > 0.9 && r_squared < 1.0);
    assert!(
        (noisy.elasticity - 0.6).abs() < 3.0 * elasticity_se,
        "{noisy:?}"
    );
}

#[test]
fn too_little_history_asks_for_the_elasticity() {
    let err = Bridge::estimate(&history(0.0)[..5]).unwrap_err();
    assert!(err.to_string().contains("give it instead"), "{err}");
    let flat: Vec<(f64, f64)> = (0..10).map(|i| (10.0, f64::from(i))).collect();
    assert!(Bridge::estimate(&flat).is_err());
    // Given: construction grows with disbursement, elasticity 1, no intercept.
    let b = Bridge::given(1.0, 0.0).unwrap();
    assert!((b.construction_growth_pct(21.0) - 21.0).abs() < 1e-12);
    let b = Bridge::given(0.5, 0.0).unwrap();
    assert!((b.construction_growth_pct(21.0) - 10.0).abs() < 1e-12); // 1.21^0.5 = 1.1
    assert!(Bridge::given(f64::NAN, 0.0).is_err());
}

#[test]
fn quarterly_disbursement_of_the_example() {
    let t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    let q = t
        .quarterly_disbursement([400_000.0, 700_000.0, 800_000.0, 1_500_000.0])
        .unwrap();
    // Payments run to 29 August: Q1 and Q2 complete, Q3 not yet.
    assert_eq!(q.len(), 3);
    assert!(q[0].complete && q[1].complete && !q[2].complete);
    let june = t
        .status(
            "2025-06-30".parse().unwrap(),
            grdpsim::disbursement::Level::Province,
        )
        .unwrap();
    assert!((q[0].amount + q[1].amount - june.total.paid).abs() < 1e-6);
    assert!((q[0].growth_pct - 100.0 * (q[0].amount / 400_000.0 - 1.0)).abs() < 1e-9);
    assert!(t.quarterly_disbursement([0.0, 1.0, 1.0, 1.0]).is_err());
}

#[test]
fn the_bridge_gives_a_provisional_construction_figure_or_a_what_if_target() {
    let cb = grdpsim::datasets::cao_bang_2025().unwrap();
    assert_eq!(cb.elapsed_quarters(), 2);
    let q3 = QuarterDisbursement {
        quarter: 3,
        amount: 1300.0,
        previous_year: 1000.0,
        growth_pct: 30.0,
        complete: true,
    };
    let q1 = QuarterDisbursement {
        quarter: 1,
        growth_pct: -50.0,
        ..q3
    };
    let bridge = Bridge::given(0.7, 0.0).unwrap();
    let expected = 100.0 * (1.3_f64.powf(0.7) - 1.0);
    let prov = cb
        .with_disbursement(&[q1, q3], &bridge, "XD", BridgeUse::Provisional)
        .unwrap();
    assert!((prov.growth("Q3", "XD").unwrap() - expected).abs() < 1e-9);
    assert!(prov.is_provisional("Q3", "XD").unwrap());
    // A quarter with published actuals is never touched.
    assert!((prov.growth("Q1", "XD").unwrap() - cb.growth("Q1", "XD").unwrap()).abs() < 1e-12);
    assert!(prov
        .notes_in(Lang::En)
        .iter()
        .any(|n| n.contains("from disbursement")));
    assert!(prov
        .notes_in(Lang::Vi)
        .iter()
        .any(|n| n.contains("theo giải ngân")));

    let whatif = cb
        .with_disbursement(&[q1, q3], &bridge, "XD", BridgeUse::WhatIf)
        .unwrap();
    assert!((whatif.target_growth("Q3", "XD").unwrap() - expected).abs() < 1e-9);
    assert!(
        (whatif.target_growth("Q1", "XD").unwrap() - cb.target_growth("Q1", "XD").unwrap()).abs()
            < 1e-12
    );
    // An incomplete quarter gives no provisional figure.
    let partial = QuarterDisbursement {
        complete: false,
        ..q3
    };
    let same = cb
        .with_disbursement(&[partial], &bridge, "XD", BridgeUse::Provisional)
        .unwrap();
    assert!((same.growth("Q3", "XD").unwrap() - cb.growth("Q3", "XD").unwrap()).abs() < 1e-12);
    assert!(cb
        .with_disbursement(&[q3], &bridge, "NOPE", BridgeUse::WhatIf)
        .is_err());
}
