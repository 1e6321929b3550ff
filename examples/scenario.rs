//! The Cao Bằng 2025 scenario after six months: the gap in H1 and the growth the second half
//! needs to reach 8% (default features). `cargo run --example scenario`
//!
//! Prints the same figures as the README's Python example: GRDP 6.56% against 7.60%, a gap of
//! -1.04 pp, and 9.27% required in 2025H2 when every sector rises by the same amount. Queries
//! take the period first, then the sector, as in Python (`cb.growth("H1", sector="GRDP")`);
//! the period is a [`grdpsim::Period`] or a label of the scenario year.
use grdpsim::scenario::{Policy, RequiredOptions};
use grdpsim::Period;

fn main() -> grdpsim::Result<()> {
    let cb = grdpsim::datasets::cao_bang_2025()?;
    let h1: Period = "2025H1".parse()?;
    println!("GRDP {h1}: {:.2}%", cb.growth(h1, "GRDP")?);
    println!("{}\n", cb.gap(h1)?);
    for policy in [Policy::Uniform, Policy::SectorTargets] {
        println!(
            "{}",
            cb.required_growth(&RequiredOptions::new(policy).target(8.0))?
        );
    }
    // Construction alone would have to carry the second half: not feasible.
    println!("\n{}", cb.goal_seek("XD", 8.0)?);
    Ok(())
}
