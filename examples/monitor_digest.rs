//! The July 2025 digest of the Cao Bằng monitoring example, as text (`--lang vi|en`).
use grdpsim::lang::Lang;
use grdpsim::monitoring::{Context, DigestFormat};

fn main() -> grdpsim::Result<()> {
    let lang: Lang = std::env::args().nth(1).as_deref().unwrap_or("en").parse()?;
    let mut m = grdpsim::datasets::cao_bang_monitoring_2025()?;
    let sc = grdpsim::datasets::cao_bang_2025()?;
    let cx = Context {
        scenario: Some(&sc),
        as_of: None,
    };
    let d = m.digest(
        "2025-07".parse()?,
        &grdpsim::datasets::cao_bang_monitoring_policy()?,
        &cx,
    )?;
    print!("{}", d.render(lang, DigestFormat::Text));
    Ok(())
}
