//! The Cao Bằng 2025 scenario after six months: the gap in H1 and the growth the second half
//! needs to reach 8% (default features). `cargo run --example scenario`
//!
//! Prints the same figures as the README's Python example: GRDP 6.56% against 7.60%, a gap of
//! -1.04 pp, and 9.27% required in 2025H2 when every sector rises by the same amount.
use grdpsim::scenario::{Policy, RequiredOptions};

fn main() -> grdpsim::Result<()> {
    let cb = grdpsim::datasets::cao_bang_2025()?;
    println!("{}\n", cb.gap("H1")?);
    for policy in [Policy::Uniform, Policy::SectorTargets] {
        println!(
            "{}",
            cb.required_growth(&RequiredOptions::new(policy).target(8.0))?
        );
    }
    Ok(())
}
