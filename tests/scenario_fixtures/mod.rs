//! Base accounts for scenario tests.
#![allow(dead_code)]

use grdpsim::datasets::{CAO_BANG_2025_ACTUALS, CAO_BANG_2025_TARGETS};
use grdpsim::scenario::{Actual, Scenario, ScenarioBuilder};
use grdpsim::{Accounts, PriceBasis, Quarter, SectorTree};
use ndarray::Array2;

/// Quarterly profile of a year's level (a province's GRDP peaks in Q4).
pub const PROFILE: [f64; 4] = [0.22, 0.24, 0.25, 0.29];

/// A made-up but plausible Cao Bằng base on the detailed provincial tree (NLTS, CN, XD, DV,
/// TSP), 2023 and 2024, constant 2010 prices, billion VND. The annual 2024 levels sum to
/// 12,770 bn, close to the 12,772 bn that Plan 823/KH-UBND implies; the sector weights are
/// those of the 2024 release (weight = contribution / growth: NLTS 0.70/3.25, CNXD 1.64/9.90,
/// DV 4.19/7.22, TSP 0.21/5.59, roughly). The published quarterly split is not available,
/// so each sector follows `PROFILE` with a small tilt.
pub fn cao_bang_base() -> Accounts {
    // annual 2024 levels and 2024 growth (for the 2023 levels)
    let sectors = [
        (2700.0, 3.25, 0.00),
        (1250.0, 8.0, 0.01),
        (900.0, 12.5, -0.01),
        (7450.0, 7.22, 0.00),
        (470.0, 5.59, 0.005),
    ];
    let mut m = Array2::zeros((5, 8));
    for (i, &(level, growth, tilt)) in sectors.iter().enumerate() {
        for q in 0..4 {
            let share = PROFILE[q] + tilt * (q as f64 - 1.5);
            m[[i, q + 4]] = level * share;
            m[[i, q]] = level * share / (1.0 + growth / 100.0);
        }
    }
    Accounts::from_leaf_levels(
        SectorTree::provincial_detailed(),
        Quarter::new(2023, 1).unwrap(),
        m.view(),
        None,
    )
    .unwrap()
}

/// Four broad sectors, `years` years ending 2024, levels growing 5-9% a year.
pub fn provincial_base(years: i32) -> Accounts {
    let start = [600.0, 430.0, 1700.0, 110.0];
    let growth: [f64; 4] = [1.03, 1.09, 1.07, 1.05];
    let nq = (years * 4) as usize;
    let m = Array2::from_shape_fn((4, nq), |(i, c)| {
        let y = (c / 4) as i32;
        start[i]
            * PROFILE[c % 4]
            * 4.0
            * growth[i].powi(y)
            * (1.0 + 0.01 * ((c * 7 + i * 3) % 5) as f64)
    });
    Accounts::from_leaf_levels(
        SectorTree::provincial(),
        Quarter::new(2025 - years, 1).unwrap(),
        m.view(),
        None,
    )
    .unwrap()
}

/// A sector's base (2024) constant-price level over a period label (`""` = the year).
pub fn base_level(sc: &Scenario, sector: &str, period: &str) -> f64 {
    sc.base()
        .level(
            format!("2024{period}").parse().unwrap(),
            sector,
            PriceBasis::Constant,
        )
        .unwrap()
}

/// Cao Bằng's adjusted annual targets for 2025 (May 2025, news.laodong.vn 1511096): GRDP 8.0,
/// NLTS 3.3, CNXD 12.97 (industry 7.14, construction 21.1), DV 8.24, TSP 7.75, on
/// [`cao_bang_base`].
pub fn cao_bang_adjusted() -> ScenarioBuilder {
    adjusted_targets(Scenario::builder(cao_bang_base(), 2025))
}

/// The adjusted annual targets of [`cao_bang_adjusted`] on any base: the annual ones of
/// [`CAO_BANG_2025_TARGETS`].
pub fn adjusted_targets(b: ScenarioBuilder) -> ScenarioBuilder {
    CAO_BANG_2025_TARGETS
        .iter()
        .filter(|(_, period, _)| *period == "Y")
        .fold(b, |b, &(sector, period, pct)| b.target(period, sector, pct))
}

/// Cao Bằng's 6M 2025 growth by broad sector (tracuuquyhoach.com, en.nhandan.vn): NLTS 4.58,
/// CNXD 7.24, DV 7.18, TSP 5.0 (GRDP 6.56): the 6M figures of [`CAO_BANG_2025_ACTUALS`].
pub fn cao_bang_6m() -> Vec<(&'static str, f64)> {
    CAO_BANG_2025_ACTUALS
        .iter()
        .filter(|(sector, period, _)| *period == "H1" && *sector != "GRDP")
        .map(|&(sector, _, pct)| (sector, pct))
        .collect()
}

/// [`cao_bang_6m`] as actual figures for H1.
pub fn cao_bang_6m_actuals() -> Vec<Actual> {
    cao_bang_6m()
        .into_iter()
        .map(|(s, g)| Actual::growth("H1", s, g))
        .collect()
}
