//! The weekly ranking of investors by disbursement rate in the example store (a synthetic
//! Cao Bằng 2025 portfolio), as of 31 July 2025 (feature `store`).
//! `cargo run --example disbursement --features store`
use grdpsim::disbursement::RankingRule;

fn main() -> grdpsim::Result<()> {
    let tracker = grdpsim::datasets::cao_bang_disbursement_2025()?;
    let ranking = tracker.ranking("2025-07-31".parse()?, RankingRule::default())?;
    println!(
        "Ranking of investors as of {}: province {:.1}%, mean of the ranked {:.1}%",
        ranking.as_of, ranking.province_rate_pct, ranking.mean_ranked_rate_pct
    );
    for r in &ranking.rows {
        let rank = r.rank.map_or_else(|| "-".to_owned(), |k| k.to_string());
        println!(
            "{rank:>3}  {:<8} {:>6.1}%  {:>+6.1} pp  {:>3} projects  {}",
            r.investor, r.rate_pct, r.vs_province_pp, r.projects, r.note
        );
    }
    Ok(())
}
