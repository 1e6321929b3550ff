//! Timing of the two benchmark problems of issue 4 on the swisspharma data (run with
//! `cargo bench --bench disaggregation`). A plain harness keeps criterion's dependency tree out
//! of every engineer's `cargo test` build; the median of many runs is enough here.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use grdpsim::disaggregation::{disaggregate, DisaggregationOptions, Method};
use ndarray::{Array1, Array2};

fn series(name: &str) -> Option<Array1<f64>> {
    let dir = std::env::var_os("GRDPSIM_SHARED_DATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        PathBuf::from,
    );
    let text = std::fs::read_to_string(dir.join("tempdisagg_reference").join(name)).ok()?;
    text.lines().map(|l| l.trim().parse().ok()).collect()
}

fn median_time(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..51)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let (Some(y), Some(exq), Some(imq), Some(exm)) = (
        series("sales_a.txt"),
        series("exports_q.txt"),
        series("imports_q.txt"),
        series("exports_m.txt"),
    ) else {
        eprintln!("SKIPPED: tempdisagg reference data not found (set GRDPSIM_SHARED_DATA)");
        return;
    };
    let xq = Array2::from_shape_fn(
        (exq.len(), 2),
        |(t, c)| if c == 0 { exq[t] } else { imq[t] },
    );
    let xm = Array2::from_shape_fn((exm.len(), 1), |(t, _)| exm[t]);
    let cases = [
        (
            "chow-lin-maxlog A->Q, 2 indicators + intercept",
            xq,
            Method::ChowLinMaxlog,
            4,
            12,
        ),
        (
            "litterman-maxlog A->M, 1 indicator + intercept",
            xm,
            Method::LittermanMaxlog,
            12,
            36,
        ),
    ];
    for (label, x, method, ratio, offset) in cases {
        let opts = DisaggregationOptions {
            method,
            ratio,
            offset,
            ..Default::default()
        };
        let t = median_time(|| {
            black_box(disaggregate(black_box(y.view()), Some(x.view()), &opts).ok());
        });
        println!("{label}: median {:.3} ms", t.as_secs_f64() * 1e3);
    }
}
