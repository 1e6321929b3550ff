//! A program of a grdpsim user: the Cao Bằng scenario's H1 gap and the growth the second half
//! needs, with nothing but the default features.
use grdpsim::scenario::{Policy, RequiredOptions};

fn main() -> Result<(), grdpsim::GrdpsimError> {
    let cb = grdpsim::datasets::cao_bang_2025()?;
    let gap = cb.gap("H1")?;
    println!("H1 GRDP gap: {:.2} pp", gap.grdp().gap_pp);
    let rq = cb.required_growth(&RequiredOptions::new(Policy::Uniform).target(8.0))?;
    println!("uniform required H2 growth: {:.2}%", rq.grdp_pct);
    Ok(())
}
