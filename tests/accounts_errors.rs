//! Bad input to accounts: each error names sector, period and value.
#![allow(clippy::float_cmp)] // the value at fault is reported as given, bit for bit

use grdpsim::{Accounts, GrdpsimError, LevelRecord, Period, PriceBasis, Quarter};

fn records() -> Vec<LevelRecord> {
    let mut out = Vec::new();
    for (k, s) in ["NLTS", "CNXD", "DV", "TSP"].iter().enumerate() {
        for i in 0..8 {
            out.push(LevelRecord {
                quarter: Quarter::new(2023, 1).unwrap().offset(i),
                sector: (*s).to_owned(),
                basis: PriceBasis::Constant,
                value: 100.0 + 10.0 * k as f64 + i as f64,
            });
        }
    }
    out
}

#[test]
fn a_branch_given_only_as_its_aggregate_becomes_a_leaf() {
    let acc = Accounts::from_records(&records(), None).unwrap();
    assert_eq!(acc.tree().code(0), "GRDP");
    assert_eq!(acc.tree().leaves().count(), 4);
}

#[test]
fn negative_level_outside_taxes() {
    let mut r = records();
    r[9].value = -1.0;
    let e = Accounts::from_records(&r, None).unwrap_err();
    assert!(
        matches!(e, GrdpsimError::InvalidLevel { ref sector, ref period, value, .. }
        if sector == "CNXD" && period == "2023Q2" && value == -1.0),
        "{e}"
    );
}

#[test]
fn missing_child_of_an_aggregate() {
    let mut r = records();
    r.push(LevelRecord {
        quarter: Quarter::new(2023, 1).unwrap(),
        sector: "A01".into(),
        basis: PriceBasis::Constant,
        value: 1.0,
    });
    // A01 is a national section: the national tree is chosen, and A02, A03 have no data.
    let e = Accounts::from_records(&r, None).unwrap_err();
    assert!(
        matches!(e, GrdpsimError::MissingQuarter { ref sector, .. } if sector == "A02"),
        "{e}"
    );
}

#[test]
fn unknown_sector_lists_the_known_codes() {
    let mut r = records();
    r[0].sector = "Nông nghiệp".into();
    let e = Accounts::from_records(&r, None).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("Nông nghiệp") && msg.contains("A01") && msg.contains("GDP"),
        "{msg}"
    );
}

#[test]
fn errors_leave_the_accounts_usable() {
    let acc = Accounts::from_records(&records(), None).unwrap();
    assert!(acc.growth("2025".parse::<Period>().unwrap(), "DV").is_err());
    assert!(acc.growth("2024".parse::<Period>().unwrap(), "DV").is_ok());
}
