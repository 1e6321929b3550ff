//! Batch kernels on N = 10^6 scenario variants, with 4 broad sectors and with 21 sections.
//!
//! `cargo bench --bench scenario_batch` (add `-- annual` etc. to filter). The `read` rows time
//! one pass over the input (a plain sum), the floor for a memory-bound kernel: the issue asks
//! the annual-growth kernel to stay within 1.5× of it.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use grdpsim::scenario::batch::{self, BatchRequiredSpec};
use grdpsim::scenario::{Lock, Policy};
use ndarray::{Array1, Array2, Array3};
use rayon::prelude::*;

const N: usize = 1_000_000;

struct Case {
    s: usize,
    base: Array2<f64>,
    growth: Array3<f64>,
}

fn case(s: usize) -> Case {
    let base = Array2::from_shape_fn((s, 4), |(i, q)| 100.0 + 10.0 * i as f64 + 5.0 * q as f64);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let growth = Array3::from_shape_fn((N, s, 4), |_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 53) as f64 * 12.0
    });
    Case { s, base, growth }
}

fn spec(s: usize, base: &Array2<f64>) -> BatchRequiredSpec {
    let h1: f64 = base
        .iter()
        .enumerate()
        .filter(|(j, _)| j % 4 < 2)
        .map(|(_, x)| x)
        .sum();
    BatchRequiredSpec {
        elapsed_quarters: 2,
        actual_elapsed_level: h1 * 1.06,
        target_pct: 8.0,
        policy: Policy::Uniform,
        // The first sector locked at plan, every third capped just above the highest plan.
        locks: (0..s).map(|i| (i == 0).then_some(Lock::AtPlan)).collect(),
        caps: (0..s)
            .map(|i| (i % 3 == 1).then_some(12.0 + 0.1 * i as f64))
            .collect(),
        sectors: Vec::new(),
        fractions_ok: false,
    }
}

/// One pass over the input at full speed: rayon over chunks, four accumulators per chunk.
fn read(flat: &[f64]) -> f64 {
    flat.par_chunks(1 << 16)
        .map(|c| {
            let mut acc = [0.0f64; 4];
            for x in c.chunks_exact(4) {
                acc[0] += x[0];
                acc[1] += x[1];
                acc[2] += x[2];
                acc[3] += x[3];
            }
            (acc[0] + acc[1]) + (acc[2] + acc[3])
        })
        .sum()
}

fn benches(c: &mut Criterion) {
    for s in [4, 21] {
        let k = case(s);
        let bytes = (N * k.s * 4 * 8) as u64;
        let mut g = c.benchmark_group(format!("S={s}"));
        g.sample_size(10)
            .measurement_time(Duration::from_secs(4))
            .warm_up_time(Duration::from_secs(1))
            .throughput(Throughput::Bytes(bytes));
        let flat = k.growth.as_slice().unwrap();
        g.bench_function("read (parallel sum of the input)", |b| {
            b.iter(|| black_box(read(flat)));
        });
        let mut out = Array1::zeros(N);
        g.bench_function("annual_growth", |b| {
            b.iter(|| {
                batch::annual_growth_into(
                    k.base.view(),
                    k.growth.view(),
                    out.as_slice_mut().unwrap(),
                )
                .unwrap();
            });
        });
        let actual = Array1::from_elem(k.s, 200.0);
        g.bench_function("grdp_gap", |b| {
            b.iter(|| {
                black_box(
                    batch::grdp_gap(k.base.view(), k.growth.view(), 2, actual.view()).unwrap(),
                )
            });
        });
        g.bench_function("gap (by sector)", |b| {
            b.iter(|| {
                black_box(batch::gap(k.base.view(), k.growth.view(), 2, actual.view()).unwrap())
            });
        });
        let sp = spec(k.s, &k.base);
        g.bench_function("required_growth (locks, caps)", |b| {
            b.iter(|| {
                black_box(batch::required_growth(k.base.view(), k.growth.view(), &sp).unwrap())
            });
        });
        g.finish();
    }
}

/// One scenario re-evaluated after one target changes (the what-if loop of an analyst):
/// the detailed provincial tree, targets for every sector, actuals for H1.
fn single(c: &mut Criterion) {
    use grdpsim::scenario::{Scenario, Target};
    use grdpsim::{Accounts, Quarter, SectorTree};
    let levels = Array2::from_shape_fn((5, 8), |(i, q)| {
        [2700.0, 1250.0, 900.0, 7450.0, 470.0][i]
            * [0.22, 0.24, 0.25, 0.29][q % 4]
            * if q < 4 { 0.93 } else { 1.0 }
    });
    let base = Accounts::from_leaf_levels(
        SectorTree::provincial_detailed(),
        Quarter::new(2023, 1).unwrap(),
        levels.view(),
        None,
    )
    .unwrap();
    // The adjusted annual targets of May 2025.
    let sc = grdpsim::datasets::CAO_BANG_2025_TARGETS
        .iter()
        .filter(|(_, period, _)| *period == "Y")
        .fold(Scenario::builder(base, 2025), |b, &(s, p, g)| {
            b.target(p, s, g)
        })
        .actual_growth("H1", "GRDP", 6.56)
        .build()
        .unwrap();
    let mut g = c.benchmark_group("single");
    g.sample_size(50).measurement_time(Duration::from_secs(3));
    let mut xd = 21.1;
    g.bench_function("with_targets + annual GRDP growth", |b| {
        b.iter(|| {
            xd += 1e-3;
            let what_if = sc.with_targets(&[Target::new("Y", "XD", xd)]).unwrap();
            black_box(what_if.growth("Y", "GRDP").unwrap())
        });
    });
    g.finish();
}

criterion_group!(scenario_batch, benches, single);
criterion_main!(scenario_batch);
