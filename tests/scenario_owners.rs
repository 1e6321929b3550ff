//! Owners and deadlines of targets (issue 25 §2.1a): a scenario names the department that
//! answers for a sector's targets (cơ quan chủ trì) and the deadline, for the sector or for one
//! period it states a target for; files, snapshots and workbooks keep them, what-ifs keep them,
//! and an owner that cannot be is a typed error naming the sector, the period and the value.

#[path = "disbursement_support/mod.rs"]
mod support;

use grdpsim::lang::Lang;
use grdpsim::scenario::{Owner, Target};
use grdpsim::{datasets, GrdpsimError, Scenario};
use support::TempDir;

/// Cao Bằng 2025 with CN's Q3 and Q4 targets stated (10.19) and their owners.
fn with_cn_owners() -> Scenario {
    datasets::cao_bang_2025()
        .unwrap()
        .with_targets(&[
            Target::new("Q3", "CN", 10.19),
            Target::new("Q4", "CN", 10.19),
        ])
        .unwrap()
        .with_owners([
            Owner::new("CN", "Sở Công Thương").deadline("2025-12-31"),
            Owner::new("CN", "Sở Công Thương")
                .period("Q3")
                .deadline("2025-09-30"),
            Owner::new("XD", "Sở Xây dựng"),
        ])
        .unwrap()
}

#[test]
fn a_period_owner_wins_over_the_sector_owner() {
    let sc = with_cn_owners();
    let q3 = sc.owner_of("Q3", "CN").unwrap().unwrap();
    assert_eq!(q3.department, "Sở Công Thương");
    assert_eq!(q3.deadline.as_deref(), Some("2025-09-30"));
    let q4 = sc.owner_of("Q4", "CN").unwrap().unwrap();
    assert_eq!(q4.deadline.as_deref(), Some("2025-12-31"));
    assert_eq!(q4.period, None, "Q4 falls back on the sector's owner");
    let xd = sc.owner_of("Y", "XD").unwrap().unwrap();
    assert_eq!((xd.department.as_str(), xd.deadline), ("Sở Xây dựng", None));
    assert!(sc.owner_of("Q3", "DV").unwrap().is_none());
    // Sector order, the sector's own before its periods'.
    let listed: Vec<(String, Option<String>)> = sc
        .owners()
        .into_iter()
        .map(|o| (o.sector, o.period))
        .collect();
    assert_eq!(
        listed,
        [
            ("CN".to_owned(), None),
            ("CN".to_owned(), Some("Q3".to_owned())),
            ("XD".to_owned(), None)
        ]
    );
}

#[test]
fn files_snapshots_and_what_ifs_keep_owners() {
    let sc = with_cn_owners();
    let owners = sc.owners();
    let toml = sc.to_toml_string().unwrap();
    assert!(toml.contains("Sở Công Thương"), "{toml}");
    assert_eq!(
        Scenario::from_toml_str(&toml, None).unwrap().owners(),
        owners
    );
    let json = sc.to_json_string().unwrap();
    assert_eq!(
        Scenario::from_json_str(&json, None).unwrap().owners(),
        owners
    );
    assert_eq!(
        Scenario::from_snapshot(&sc.to_snapshot().unwrap())
            .unwrap()
            .owners(),
        owners
    );
    let whatif = sc
        .with_targets(&[Target::new("Q4", "DV", 7.0)])
        .unwrap()
        .with_actuals(&[grdpsim::scenario::Actual::growth("Q3", "CN", 2.0)])
        .unwrap();
    assert_eq!(whatif.owners(), owners);
}

#[test]
fn a_file_states_owners_per_sector_and_per_period() {
    let cb = datasets::cao_bang_2025()
        .unwrap()
        .with_targets(&[Target::new("Q3", "CN", 10.19)])
        .unwrap();
    let mut toml = cb.to_toml_string().unwrap();
    toml.push_str(
        "\n[owners]\n\
         CN = { department = \"Sở Công Thương\", deadline = \"2025-12-31\", Q3 = { deadline = \"2025-09-30\" } }\n",
    );
    let sc = Scenario::from_toml_str(&toml, None).unwrap();
    let q3 = sc.owner_of("Q3", "CN").unwrap().unwrap();
    // The period's entry takes the sector's department.
    assert_eq!(
        (
            q3.department.as_str(),
            q3.deadline.as_deref(),
            q3.period.as_deref()
        ),
        ("Sở Công Thương", Some("2025-09-30"), Some("Q3"))
    );
}

fn owner_error(e: GrdpsimError) -> (String, String, String) {
    match e {
        GrdpsimError::InvalidOwner {
            sector,
            period,
            value,
            ..
        } => (sector, period, value),
        other => panic!("expected InvalidOwner, got {other:?}"),
    }
}

#[test]
fn owners_that_cannot_be_are_typed_errors_naming_sector_period_and_value() {
    let cb = datasets::cao_bang_2025().unwrap();
    let stated: Vec<Target> = cb.targets();
    assert!(
        !stated.iter().any(|t| t.sector == "CN" && t.period == "Q3"),
        "Cao Bằng states no CN target for Q3"
    );
    let e = cb
        .with_owners([Owner::new("CN", "Sở Công Thương").period("Q3")])
        .unwrap_err();
    assert_eq!(
        owner_error(e),
        ("CN".into(), "Q3".into(), "Sở Công Thương".into())
    );
    let e = cb
        .with_owners([Owner::new("CN", "Sở Công Thương").deadline("2025-09-31")])
        .unwrap_err();
    assert_eq!(
        owner_error(e),
        ("CN".into(), "*".into(), "2025-09-31".into())
    );
    let e = cb.with_owners([Owner::new("CN", "  ")]).unwrap_err();
    assert_eq!(owner_error(e), ("CN".into(), "*".into(), "  ".into()));
    let e = cb.with_owners([Owner::new("ZZ", "Sở X")]).unwrap_err();
    assert!(
        matches!(&e, GrdpsimError::UnknownSector { code, .. } if code == "ZZ"),
        "{e:?}"
    );
    // From a file: a deadline that is not a date names sector, period and text.
    let mut toml = cb.to_toml_string().unwrap();
    toml.push_str("\n[owners]\nXD = { department = \"Sở Xây dựng\", deadline = \"30/09/2025\" }\n");
    let e = Scenario::from_toml_str(&toml, None).unwrap_err();
    assert_eq!(
        owner_error(e),
        ("XD".into(), "*".into(), "30/09/2025".into())
    );
}

#[test]
fn workbooks_keep_owners() {
    let sc = with_cn_owners();
    let dir = TempDir::new("scenario-owners");
    for lang in Lang::ALL {
        let path = dir.0.join(format!("owners-{lang}.xlsx"));
        sc.write_xlsx(&path, lang).unwrap();
        let back = Scenario::from_xlsx(&path, None).unwrap();
        assert_eq!(back.owners(), sc.owners(), "{lang}");
    }
}
