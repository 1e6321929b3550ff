//! How likely the Cao Bằng 2025 scenario is to reach 8%, with normal deviations from the
//! targets by sector (pp, autocorrelated 0.5 across quarters), as in the README's Python
//! example. `cargo run --example probability`
use grdpsim::probability::{probability, Options, LEVELS};
use grdpsim::uncertainty::{Correlation, Sd, Uncertainty};

fn main() -> grdpsim::Result<()> {
    let cb = grdpsim::datasets::cao_bang_2025()?;
    let sds = [
        ("NLTS", 2.0),
        ("CN", 3.0),
        ("XD", 6.0),
        ("DV", 1.5),
        ("TSP", 3.0),
    ];
    let sd = Sd::PerSector(sds.iter().map(|(s, v)| ((*s).to_owned(), *v)).collect());
    let u = Uncertainty::normal(sd, Correlation::Independent, 0.5)?;
    let opts = Options {
        target_pct: Some(8.0),
        ..Options::default()
    };
    let p = probability(&cb, &u, &opts)?;
    println!("{p}");
    // LEVELS are 5, 10, ..., 95: the 10th, 50th and 90th percentiles.
    for i in [1, 9, 17] {
        println!("  percentile {:>2}: {:.2}%", LEVELS[i], p.quantiles[i]);
    }
    Ok(())
}
