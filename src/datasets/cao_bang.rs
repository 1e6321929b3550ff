//! Cao Bằng's base years 2023–2024, reconstructed from published figures.
//!
//! Cao Bằng does not publish quarterly GRDP levels by sector. This dataset rebuilds them, for
//! the broad sectors NLTS, CNXD, DV, TSP, from what the province did publish (sources in
//! `shared/data/caobang_published.md`):
//!
//! 1. **Annual 2023 weights** from the 2024 growth/contribution pairs (Statistics Office, "Tình
//!    hình kinh tế - xã hội năm 2024"): `w_i = c_i / g_i`, adjusted by the smallest relative
//!    amount that makes them sum to one and reproduce the published GRDP growth (as published
//!    they sum to 0.999, through rounding).
//! 2. **Annual 2024 levels**: 2023 levels grown at each sector's published 2024 growth, the
//!    whole anchored so that 2024 GRDP is 12,772 bn VND at constant 2010 prices (Plan
//!    823/KH-UBND: the 2025 target 13,794 bn is the 2024 level × 1.08).
//! 3. **Quarterly 2024 GRDP** split by the national seasonal pattern of 2023 (quarter shares of
//!    GDP at constant prices, [`NATIONAL_QUARTER_SHARES_2023`]).
//! 4. **Sector split of Q1 and H1 2024** from the 2025 Q1 and 6M growth/contribution pairs
//!    (their base periods): `X_i(Q1) = w_i^{Q1} · GRDP(Q1)`, `X_i(H1) = w_i^{H1} · GRDP(H1)`.
//!    The second half of each sector's year is the rest, split between Q3 and Q4 by the national
//!    pattern of the matching broad sector (A, BTF, GTT, TAX).
//! 5. **Quarterly 2023**: each sector's 2024 level of a quarter divided by its annual 2024
//!    growth (no published quarterly 2024 growth by sector).
//! 6. **Current prices**: the published 2024 current-price levels (5,249; 4,787; 14,236; 932 bn,
//!    total 25,204) with each sector's constant-price quarterly profile; 2023 at current prices
//!    from the published increase (+2,457.1 bn), assuming one deflator change for all sectors.
//!
//! What it reproduces: 2024 GRDP growth 6.74 exactly and the four contributions 0.70, 1.64, 4.19, 0.21
//! within ±0.01; the 2024 structure at current prices exactly; the base weights of Q1 and 6M
//! 2025 so that the published 2025 Q1 and 6M contributions follow from the published growth
//! rates. What it cannot: the published 2025 levels (Q2 3,058.8 and 6M 6,259.5 bn) imply H1 2024
//! = 5,874 bn (46.0% of the year) where the national pattern gives 46.9%; the published Q1 2025
//! growth (6.01%) is inconsistent with those levels anyway (see the published notes).

use ndarray::Array2;

use crate::accounts::Accounts;
use crate::error::Result;
use crate::period::Quarter;
use crate::sector::SectorTree;

/// Published GRDP growth of 2024, Q1 2025 and 6M 2025, percent.
const GRDP_GROWTH: [f64; 3] = [6.74, 6.01, 6.56];
/// Published 2024 (growth %, contribution pp) for NLTS, CNXD, DV, TSP.
const PAIRS_2024: [(f64, f64); 4] = [(3.25, 0.70), (9.90, 1.64), (7.22, 4.19), (5.59, 0.21)];
/// Published Q1 2025 (growth %, contribution pp): their base is Q1 2024.
const PAIRS_Q1_2025: [(f64, f64); 4] = [(1.96, 0.32), (6.84, 1.07), (6.83, 4.35), (6.09, 0.27)];
/// Published 6M 2025 (growth %, contribution pp): their base is H1 2024.
const PAIRS_H1_2025: [(f64, f64); 4] = [(4.58, 0.96), (7.24, 1.22), (7.18, 4.18), (5.0, 0.20)];
/// 2024 GRDP at constant 2010 prices, billion VND (Plan 823/KH-UBND: 13,794 / 1.08).
const GRDP_2024_CONSTANT: f64 = 12_772.0;
/// 2024 current-price levels, billion VND (Statistics Office, 2024 report).
const CURRENT_2024: [f64; 4] = [5_249.0, 4_787.0, 14_236.0, 932.0];
/// Increase of GRDP at current prices in 2024, billion VND (Plan 823/KH-UBND).
const CURRENT_INCREASE_2024: f64 = 2_457.1;

/// National quarter shares of the 2023 constant-price level, rows GDP, A, BTF, GTT, TAX,
/// computed from GSO's quarterly national accounts (`vn_gdp_quarterly_2010q1_2024q3.csv`; a
/// test re-derives them).
pub const NATIONAL_QUARTER_SHARES_2023: [[f64; 4]; 5] = [
    [0.22671, 0.24194, 0.24942, 0.28194],
    [0.22418, 0.23215, 0.25105, 0.29261],
    [0.21801, 0.23897, 0.25542, 0.28760],
    [0.23020, 0.24622, 0.24467, 0.27891],
    [0.24758, 0.24465, 0.24657, 0.26120],
];

/// Base weights from published (growth, contribution) pairs and the published total growth.
///
/// The raw weights `c_i / g_i` carry the rounding of two-decimal figures: they do not sum to
/// one, and `Σ w_i g_i` misses the published total. The smallest relative adjustment
/// `w_i = w0_i (1 + λ + μ g_i)` that satisfies both `Σ w_i = 1` and `Σ w_i g_i = G` fixes
/// that (a two-by-two linear system).
fn weights(pairs: &[(f64, f64); 4], total_growth: f64) -> [f64; 4] {
    let raw = pairs.map(|(g, c)| c / g);
    let (mut s0, mut s1, mut s2) = (0.0, 0.0, 0.0);
    for (w, (g, _)) in raw.iter().zip(pairs) {
        s0 += w;
        s1 += w * g;
        s2 += w * g * g;
    }
    let (r0, r1) = (1.0 - s0, total_growth - s1);
    let det = s0 * s2 - s1 * s1;
    let lambda = (r0 * s2 - r1 * s1) / det;
    let mu = (s0 * r1 - s1 * r0) / det;
    std::array::from_fn(|i| raw[i] * (1.0 + lambda + mu * pairs[i].0))
}

/// Industry's share of industry and construction (CN in CNXD) in 2024, implied by Plan 823's
/// original targets: CNXD 11.9 = w · 12.9 (industry) + (1 − w) · 10.5 (construction).
const PLAN_823_CNXD: (f64, f64, f64) = (11.9, 12.9, 10.5);

/// Cao Bằng's quarterly accounts 2023Q1–2024Q4 (broad sectors, constant and current prices),
/// reconstructed as the module documentation describes.
///
/// # Errors
/// None in practice: the construction is validated like any other input.
///
/// # Examples
/// ```
/// let acc = grdpsim::datasets::cao_bang_base()?;
/// let g = acc.growth("2024".parse()?, "GRDP")?;
/// assert!((g - 6.74).abs() < 0.01);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cao_bang_base() -> Result<Accounts> {
    let w_year = weights(&PAIRS_2024, GRDP_GROWTH[0]);
    let growth = PAIRS_2024.map(|(g, _)| 1.0 + g / 100.0);
    let implied_growth: f64 = w_year.iter().zip(&growth).map(|(w, k)| w * k).sum();
    let grdp_2023 = GRDP_2024_CONSTANT / implied_growth;
    let annual_2024: [f64; 4] = std::array::from_fn(|i| w_year[i] * grdp_2023 * growth[i]);

    let gdp_shares = NATIONAL_QUARTER_SHARES_2023[0];
    let share_total: f64 = gdp_shares.iter().sum();
    let grdp_q = gdp_shares.map(|s| GRDP_2024_CONSTANT * s / share_total);
    let w_q1 = weights(&PAIRS_Q1_2025, GRDP_GROWTH[1]);
    let w_h1 = weights(&PAIRS_H1_2025, GRDP_GROWTH[2]);

    let mut constant = Array2::zeros((4, 8));
    for i in 0..4 {
        let q1 = w_q1[i] * grdp_q[0];
        let h1 = w_h1[i] * (grdp_q[0] + grdp_q[1]);
        let h2 = annual_2024[i] - h1;
        let pattern = NATIONAL_QUARTER_SHARES_2023[i + 1];
        let q3_share = pattern[2] / (pattern[2] + pattern[3]);
        let year_2024 = [q1, h1 - q1, h2 * q3_share, h2 * (1.0 - q3_share)];
        for (q, &x) in year_2024.iter().enumerate() {
            constant[[i, 4 + q]] = x;
            constant[[i, q]] = x / growth[i];
        }
    }

    let mut current = Array2::zeros((4, 8));
    let current_2023_raw: f64 = (0..4).map(|i| CURRENT_2024[i] / growth[i]).sum();
    let deflator = (CURRENT_2024.iter().sum::<f64>() - CURRENT_INCREASE_2024) / current_2023_raw;
    for i in 0..4 {
        for q in 0..4 {
            let profile = constant[[i, 4 + q]] / annual_2024[i];
            current[[i, 4 + q]] = CURRENT_2024[i] * profile;
            current[[i, q]] = CURRENT_2024[i] / growth[i] * deflator * profile;
        }
    }
    Accounts::from_leaf_levels(
        SectorTree::provincial(),
        Quarter::new(2023, 1)?,
        constant.view(),
        Some(current.view()),
    )
}

/// [`cao_bang_base`] with industry and construction split (CNXD = CN + XD, the tree
/// [`SectorTree::provincial_detailed`]).
///
/// Neither part is published. Industry's share of CNXD is the one Plan 823's original targets
/// imply (CNXD 11.9 from industry 12.9 and construction 10.5: w = 0.583), applied to every
/// quarter of both years at both price bases (no published split of 2024 growth either).
///
/// # Errors
/// None in practice: the construction is validated like any other input.
pub fn cao_bang_base_detailed() -> Result<Accounts> {
    let broad = cao_bang_base()?;
    let (total, industry, construction) = PLAN_823_CNXD;
    let w = (total - construction) / (industry - construction);
    let tree = SectorTree::provincial_detailed();
    let split = |basis| -> Result<Array2<f64>> {
        let m = broad.matrix(basis)?;
        let rows = [
            m.row(1).to_owned(),
            m.row(2).mapv(|x| x * w),
            m.row(2).mapv(|x| x * (1.0 - w)),
            m.row(3).to_owned(),
            m.row(4).to_owned(),
        ];
        let views: Vec<_> = rows.iter().map(|r| r.view()).collect();
        Ok(ndarray::stack(ndarray::Axis(0), &views).expect("rows of equal length"))
    };
    let constant = split(crate::PriceBasis::Constant)?;
    let current = split(crate::PriceBasis::Current)?;
    Accounts::from_leaf_levels(tree, broad.start(), constant.view(), Some(current.view()))
}

/// Cao Bằng's 2025 targets as stated: (sector, period, growth %). Adjusted annual targets (May
/// 2025, news.laodong.vn 1511096), the adjusted Q2 targets (same source; GRDP "> 8.25" taken as
/// 8.25), the Q3 targets as of 31 July 2025 (laodong.vn 1550133: GRDP "about 9.41", CNXD
/// 16.37), and GRDP's Q1 and 6M targets as the releases state them through the shortfall:
/// Q1 6.01% was "0.87 pp below the scenario" (6.88), 6M 6.56% "1.04 pp below" (7.60).
pub const CAO_BANG_2025_TARGETS: [(&str, &str, f64); 18] = [
    ("GRDP", "Y", 8.0),
    ("NLTS", "Y", 3.3),
    ("CNXD", "Y", 12.97),
    ("CN", "Y", 7.14),
    ("XD", "Y", 21.1),
    ("DV", "Y", 8.24),
    ("TSP", "Y", 7.75),
    ("GRDP", "Q2", 8.25),
    ("NLTS", "Q2", 5.68),
    ("CNXD", "Q2", 8.98),
    ("CN", "Q2", 2.93),
    ("XD", "Q2", 21.69),
    ("DV", "Q2", 9.78),
    ("TSP", "Q2", 6.9),
    ("GRDP", "Q3", 9.41),
    ("CNXD", "Q3", 16.37),
    ("GRDP", "Q1", 6.01 + 0.87),
    ("GRDP", "H1", 6.56 + 1.04),
];

/// Cao Bằng's 2025 actual growth as used: (sector, period, growth %). The Q2 and 6M release
/// (laodong.vn 1550133; tracuuquyhoach.com, en.nhandan.vn); industry's Q2 1.87.
pub const CAO_BANG_2025_ACTUALS: [(&str, &str, f64); 10] = [
    ("GRDP", "Q2", 6.77),
    ("NLTS", "Q2", 5.02),
    ("CNXD", "Q2", 5.78),
    ("CN", "Q2", 1.87),
    ("DV", "Q2", 9.12),
    ("GRDP", "H1", 6.56),
    ("NLTS", "H1", 4.58),
    ("CNXD", "H1", 7.24),
    ("DV", "H1", 7.18),
    ("TSP", "H1", 5.0),
];

/// The first Q1 2025 release (nongnghiephuuco.vn 6377), superseded: (sector, growth %).
pub const CAO_BANG_2025_Q1_FIRST_RELEASE: [(&str, f64); 5] = [
    ("GRDP", 6.01),
    ("NLTS", 1.96),
    ("CNXD", 6.84),
    ("DV", 6.83),
    ("TSP", 6.09),
];

/// Cao Bằng's 2025 growth scenario on [`cao_bang_base_detailed`], with the actual figures of
/// the first half, named `Cao Bằng 2025`.
///
/// Its 6M gap is the official one: 6.56% against the stated 7.60%, 1.04 pp below the scenario
/// (the sector targets imply 8.35% for 6M; the difference is the scenario's own
/// inconsistency). Where the province's releases say something the figures do not give (the Q1
/// gap of the first release, the Q2 gap), the scenario's notes say what and why.
///
/// Inconsistencies of the published figures, and how they are handled in the open:
///
/// - **Targets.** Each sector's Q2 target is kept and its other quarters take the one rate that
///   makes its annual target exact ([`PeriodRule::Residual`](crate::scenario::PeriodRule));
///   industry (CN) and construction (XD) carry their own targets, so the stated CNXD figures
///   (12.97 for the year, 8.98 in Q2, 16.37 in Q3) and GRDP's (8.0, 8.25, 9.41) are checked
///   against what the sector targets imply, and [`Scenario::consistency`](crate::scenario::Scenario::consistency) reports both.
/// - **Actuals.** The Q2 and 6M figures of the mid-year release are used; Q1 follows from them.
///   They imply a Q1 GRDP growth of about 6.3%, where the first Q1 release said 6.01%
///   ([`CAO_BANG_2025_Q1_FIRST_RELEASE`]): Q1 was revised, as the published Q2 and 6M levels
///   also show. Construction's Q2 growth follows from CNXD and industry; product taxes have only
///   a 6M figure.
///
/// # Errors
/// None in practice: the construction is validated like any other input.
///
/// # Examples
/// ```
/// let sc = grdpsim::datasets::cao_bang_2025()?;
/// let rq = sc.required_growth(&grdpsim::scenario::RequiredOptions::new(
///     grdpsim::scenario::Policy::Uniform))?;
/// assert!(rq.grdp_pct > 8.0); // H1 fell short of the plan
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cao_bang_2025() -> Result<crate::scenario::Scenario> {
    use crate::lang::Lang;
    use crate::scenario::{DerivationRule, Note, PeriodRule, Scenario, TreeRule};
    let mut builder = Scenario::builder(cao_bang_base_detailed()?, 2025).rule(DerivationRule {
        periods: PeriodRule::Residual,
        tree: TreeRule::Inherit,
    });
    for (sector, period, pct) in CAO_BANG_2025_TARGETS {
        builder = builder.target(period, sector, pct);
    }
    for (sector, period, pct) in CAO_BANG_2025_ACTUALS {
        builder = builder.actual_growth(period, sector, pct);
    }
    let sc = builder.name("Cao Bằng 2025").build()?;
    // The first Q1 release and what the mid-year release implies for Q1, both against the
    // stated Q1 target, so that the report explains why its Q1 gap is not the -0.87 published.
    let q1 = sc.growth("Q1", "GRDP")?;
    let stated_q1 = sc.gap("Q1")?.grdp().target_pct;
    let first = CAO_BANG_2025_Q1_FIRST_RELEASE[0].1;
    let (first_gap, revised_gap) = (first - stated_q1, q1 - stated_q1);
    let note = Note::new(
        format!(
            "Q1 2025: the first release gave GRDP {first:.2}% ({first_gap:+.2} pp against the \
             scenario's {stated_q1:.2}%); the Q2 and 6M figures of the mid-year release imply Q1 \
             was revised to {q1:.2}% ({revised_gap:+.2} pp), which this scenario uses."
        ),
        format!(
            "Quý I/2025: số liệu công bố lần đầu cho GRDP tăng {}% ({} điểm phần trăm so với mục \
             tiêu {}% của kịch bản); số liệu quý II và 6 tháng công bố giữa năm cho thấy quý I đã \
             được điều chỉnh thành {}% ({} điểm phần trăm), kịch bản này dùng số đã điều chỉnh.",
            Lang::Vi.number(first, 2),
            Lang::Vi.signed(first_gap, 2),
            Lang::Vi.number(stated_q1, 2),
            Lang::Vi.number(q1, 2),
            Lang::Vi.signed(revised_gap, 2),
        ),
    );
    // The Q2 release's "0.25 pp below the scenario" does not follow from the stated Q2 target.
    let q2 = sc.gap("Q2")?;
    let (actual, target, below) = (
        q2.grdp().actual_pct,
        q2.grdp().target_pct,
        -q2.grdp().gap_pct,
    );
    let q2_note = Note::new(
        format!(
            "Q2 2025: the release said GRDP {actual:.2}% was 0.25 pp below the scenario, but the \
             stated Q2 target ({target:.2}%, \"above 8.25\") puts it {below:.2} pp below; the \
             figures here use the stated target."
        ),
        format!(
            "Quý II/2025: số liệu công bố nêu GRDP tăng {}%, thấp hơn kịch bản 0,25 điểm phần \
             trăm, nhưng so với mục tiêu quý II đã giao ({}%, \"trên 8,25%\") thì thấp hơn {} \
             điểm phần trăm; số liệu ở đây tính theo mục tiêu đã giao.",
            Lang::Vi.number(actual, 2),
            Lang::Vi.number(target, 2),
            Lang::Vi.number(below, 2),
        ),
    );
    Ok(sc.with_note(note).with_note(q2_note))
}
