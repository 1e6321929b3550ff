//! The national feed against GSO's published figures.

mod common;

use approx::assert_abs_diff_eq;
use grdpsim::{Accounts, Convention, Period};

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

/// GSO, "Tình hình kinh tế - xã hội quý III và 9 tháng năm 2024" (October 2024): 9-month GDP
/// growth 6.82%; agriculture, forestry and fishery 3.20%, industry and construction 8.19%,
/// services 6.95%.
fn check_9m_2024(acc: &Accounts) {
    let nine = p("2024Q1-Q3");
    for (code, published) in [("GDP", 6.82), ("A", 3.20), ("BTF", 8.19), ("GTT", 6.95)] {
        let g = acc.growth(nine, code).unwrap();
        assert!(
            (g - published).abs() < 0.005,
            "{code}: {g:.4} vs published {published}"
        );
    }
    // The provincial codes name the same sectors.
    assert_abs_diff_eq!(
        acc.growth(nine, "CNXD").unwrap(),
        acc.growth(nine, "BTF").unwrap(),
        epsilon = 1e-15
    );
}

#[test]
fn csv_reproduces_gso_9_months_2024() {
    let Some(dir) = common::shared_data() else {
        return;
    };
    let acc = Accounts::from_csv(dir.join("vn_gdp_quarterly_2010q1_2024q3.csv"), None).unwrap();
    assert_eq!(acc.start().to_string(), "2010Q1");
    assert_eq!(acc.end().to_string(), "2024Q3");
    check_9m_2024(&acc);
}

#[test]
fn sdmx_reproduces_gso_9_months_2024_and_matches_the_csv() {
    let Some(dir) = common::shared_data() else {
        return;
    };
    let xml = Accounts::from_sdmx(dir.join("vn_nsdp_gdp_2024q3.xml"), None).unwrap();
    check_9m_2024(&xml);
    let csv = Accounts::from_csv(dir.join("vn_gdp_quarterly_2010q1_2024q3.csv"), None).unwrap();
    assert_eq!(xml.tree(), csv.tree());
    for basis in [grdpsim::PriceBasis::Constant, grdpsim::PriceBasis::Current] {
        let (a, b) = (xml.matrix(basis).unwrap(), csv.matrix(basis).unwrap());
        assert_eq!(a.dim(), b.dim());
        for (x, y) in a.iter().zip(b.iter()) {
            assert!((x - y).abs() <= 1e-9 * y.abs().max(1.0), "{x} vs {y}");
        }
    }
}

/// GSO's 9-month 2024 release gives the services sector's share of the increase in value added
/// (the "gva" convention): the shares of the three broad sectors sum to 100.
#[test]
fn gva_convention_shares_sum_to_100() {
    let Some(dir) = common::shared_data() else {
        return;
    };
    let acc = Accounts::from_csv(dir.join("vn_gdp_quarterly_2010q1_2024q3.csv"), None).unwrap();
    let c = acc.contributions(p("2024Q1-Q3"), Convention::Gva).unwrap();
    assert_eq!(c.total.sector, "GVA");
    let codes: Vec<&str> = c.rows.iter().map(|r| r.sector.as_str()).collect();
    assert_eq!(codes, ["A", "BTF", "GTT"]);
    let shares: f64 = c.rows.iter().map(|r| r.share_pct.unwrap()).sum();
    assert_abs_diff_eq!(shares, 100.0, epsilon = 1e-9);
    let pp: f64 = c.rows.iter().map(|r| r.contribution_pp).sum();
    assert_abs_diff_eq!(pp, c.total.growth_pct, epsilon = 1e-9);
    // Contributions against GVA are larger than against GDP: taxes are left out of the base.
    let g = acc.contributions(p("2024Q1-Q3"), Convention::Grdp).unwrap();
    assert!(c.rows[2].contribution_pp > g.rows[2].contribution_pp);
    // Agriculture's share of the increase in value added, as in the release: 5.37%.
    let agriculture = c.rows[0].share_pct.unwrap();
    assert!((agriculture - 5.37).abs() < 0.01, "{agriculture}");
}

#[test]
fn grdp_contributions_add_up_on_every_period() {
    let Some(dir) = common::shared_data() else {
        return;
    };
    let acc = Accounts::from_csv(dir.join("vn_gdp_quarterly_2010q1_2024q3.csv"), None).unwrap();
    let mut checked = 0;
    for year in 2011..=2024 {
        for (a, b) in [
            (1, 1),
            (2, 2),
            (3, 3),
            (4, 4),
            (1, 2),
            (3, 4),
            (1, 3),
            (1, 4),
        ] {
            let period = Period::new(year, a, b).unwrap();
            if period.last_quarter() > acc.end() {
                continue;
            }
            let c = acc.contributions(period, Convention::Grdp).unwrap();
            let sum: f64 = c.rows.iter().map(|r| r.contribution_pp).sum();
            assert!(
                (sum - c.total.growth_pct).abs() < 1e-9,
                "{period}: {sum} vs {}",
                c.total.growth_pct
            );
            let weights: f64 = c.rows.iter().map(|r| r.weight_pct).sum();
            assert_abs_diff_eq!(weights, 100.0, epsilon = 1e-9);
            let via_weights: f64 = c
                .rows
                .iter()
                .map(|r| r.weight_pct * r.growth_pct / 100.0)
                .sum();
            assert_abs_diff_eq!(via_weights, c.total.growth_pct, epsilon = 1e-9);
            checked += 1;
        }
    }
    assert!(checked > 100);
}
