//! One department under one heading in the digest, however its name was typed (issue 25).
#![cfg(feature = "store")]

use grdpsim::datasets::{cao_bang_2025, cao_bang_monitoring_2025, cao_bang_monitoring_policy};
use grdpsim::monitoring::Context;

#[test]
fn the_department_of_industry_and_trade_heads_one_group() {
    let mut m = cao_bang_monitoring_2025().unwrap();
    // A task assigned to the department as a meeting's minutes spell it: Vietnamese only,
    // another case, a double space. Overdue at the July digest's date, so it is a finding.
    m.import_csv_str(
        "tasks.csv",
        "task,title,department,person,deadline,linked,status,progress,done_on\n\
         T-99,Rà soát sản lượng điện,Sở Công  thương,,2025-07-20,CN_GTSX,open,,\n",
        "test",
    )
    .unwrap();
    let sc = cao_bang_2025().unwrap();
    let cx = Context {
        scenario: Some(&sc),
        as_of: None,
    };
    let d = m
        .digest(ym("2025-07"), &cao_bang_monitoring_policy().unwrap(), &cx)
        .unwrap();
    let dit: Vec<_> = d
        .groups
        .iter()
        .filter(|g| g.responsible.to_lowercase().contains("công thương"))
        .collect();
    assert_eq!(
        dit.len(),
        1,
        "{:?}",
        d.groups.iter().map(|g| &g.responsible).collect::<Vec<_>>()
    );
    let g = dit[0];
    assert_eq!(
        g.responsible,
        "Sở Công Thương / Department of Industry and Trade"
    );
    assert!(g.findings.iter().any(|f| f.subject == "task:T-99"));
    assert!(g.findings.iter().any(|f| f.subject == "indicator:CN_GTSX"));
}

/// A month `YYYY-MM` of the tests (the library takes a typed month).
fn ym(text: &str) -> grdpsim::date::Month {
    text.parse().unwrap()
}
