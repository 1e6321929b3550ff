//! Property (issue 21): no sequence of monthly digests marks a finding resolved without an
//! evaluation that passed, and no open finding vanishes. Random months recorded or not, with
//! and without each indicator's report (values on pace or behind), with and without the
//! scenario, at the report deadline or later. What "evaluated" means is checked from the
//! inputs the test generated, not from the library's own coverage: a pace is resolved only in
//! a month its indicator reported, a scenario rule only in a month given the scenario, a
//! missing report only once the report is in.
//!
//! `PROPTEST_CASES=2000 cargo test --release --test monitoring_history_props` runs longer.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use grdpsim::datasets::cao_bang_2025;
use grdpsim::monitoring::{Context, Date, Finding, History, Monitor, Rule, WarningPolicy};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

const INDICATORS: &str = "indicator,name_vi,name_en,unit,department,sector,kind
V,Giá trị,Value,bn VND,Dept A,CN,flow
G,Chỉ số,Index,%,Dept B,CN,index
";

/// One month of the sequence: which reports arrive (each indicator's figure as a share of
/// its pace: 1.0 on pace, 0.8 behind), whether the month is recorded, with the scenario, and
/// how many days after the report deadline.
#[derive(Debug, Clone)]
struct Month {
    v: Option<f64>,
    g: Option<f64>,
    record: bool,
    scenario: bool,
    late_days: u8,
}

fn month() -> impl Strategy<Value = Month> {
    let share = prop_oneof![Just(1.0), Just(0.8), 0.5..1.2f64];
    (
        proptest::option::weighted(0.7, share.clone()),
        proptest::option::weighted(0.7, share),
        proptest::bool::weighted(0.8),
        any::<bool>(),
        prop_oneof![Just(0u8), 1..40u8],
    )
        .prop_map(|(v, g, record, scenario, late_days)| Month {
            v,
            g,
            record,
            scenario,
            late_days,
        })
}

fn key(f: &Finding) -> (Rule, String) {
    (f.rule, f.subject.clone())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn no_finding_is_resolved_without_a_passing_evaluation(
        months in proptest::collection::vec(month(), 2..8),
    ) {
        let sc = cao_bang_2025().unwrap();
        let policy = WarningPolicy::default();
        let mut m = Monitor::in_memory("Prop", 2025).unwrap();
        m.import_csv_str("ind.csv", INDICATORS, "t").unwrap();
        m.import_csv_str(
            "targets.csv",
            "indicator,period,basis,target\nV,year,plan,1200\nG,year,scenario,7\n",
            "t",
        )
        .unwrap();
        // The months each indicator has reported so far.
        let mut reported: BTreeSet<(char, u32)> = BTreeSet::new();
        let mut cumulative = 0.0;
        let mut open: BTreeSet<(Rule, String)> = BTreeSet::new();
        for (i, mo) in months.iter().enumerate() {
            let k = u32::try_from(i).unwrap() + 1;
            let mut csv = String::from("indicator,month,value,cumulative,yoy_pct\n");
            if let Some(s) = mo.v {
                cumulative += 100.0 * s;
                let _ = writeln!(csv, "V,2025-{k:02},{},{cumulative},", 100.0 * s);
                reported.insert(('V', k));
            }
            if let Some(s) = mo.g {
                let _ = writeln!(csv, "G,2025-{k:02},,,{}", 7.0 * s);
                reported.insert(('G', k));
            }
            if csv.lines().count() > 1 {
                m.import_csv_str("values.csv", &csv, "t").unwrap();
            }
            if !mo.record {
                continue;
            }
            let deadline = policy.reports.deadline(Date::new(2025, k, 1).unwrap());
            let cx = Context {
                scenario: mo.scenario.then_some(&sc),
                as_of: (mo.late_days > 0).then(|| deadline.add_days(i32::from(mo.late_days))),
            };
            let f = m.record(&format!("2025-{k:02}"), &policy, &cx).unwrap();
            let found: BTreeSet<_> = f.findings.iter().map(key).collect();
            for r in &f.resolved {
                prop_assert_eq!(r.history, History::Resolved);
                prop_assert!(!found.contains(&key(r)), "{:?} both found and resolved", key(r));
                match r.rule {
                    Rule::BehindPace => {
                        let code = r.subject.split(':').nth(1).unwrap().chars().next().unwrap();
                        prop_assert!(
                            reported.contains(&(code, k)),
                            "{} resolved in 2025-{:02} without its report", r.subject, k
                        );
                    }
                    Rule::RequiredAboveHistory | Rule::GapPp | Rule::Probability => {
                        prop_assert!(mo.scenario, "{} resolved without a scenario", r.subject);
                    }
                    Rule::ReportMissing => {
                        let mut parts = r.subject.split(':').skip(1);
                        let code = parts.next().unwrap().chars().next().unwrap();
                        let month: u32 = parts.next().unwrap()[5..].parse().unwrap();
                        prop_assert!(reported.contains(&(code, month)), "{}", r.subject);
                    }
                    Rule::Disbursement | Rule::TaskDue => {
                        prop_assert!(false, "no projects nor tasks here: {:?}", r);
                    }
                }
            }
            // Nothing open vanishes: found again, resolved, or carried not evaluated.
            let resolved: BTreeSet<_> = f.resolved.iter().map(key).collect();
            for o in &open {
                prop_assert!(found.contains(o) || resolved.contains(o), "{:?} vanished", o);
            }
            for x in &f.findings {
                if x.history == History::NotEvaluated {
                    prop_assert!(open.contains(&key(x)));
                    prop_assert!(x.reason.is_some());
                }
            }
            // What the store gives back is what was recorded.
            let back = m.recorded(&format!("2025-{k:02}"), &policy).unwrap();
            let back_found: BTreeSet<_> = back.findings.iter().map(key).collect();
            let back_resolved: BTreeSet<_> = back.resolved.iter().map(key).collect();
            prop_assert_eq!(&back_found, &found);
            prop_assert_eq!(&back_resolved, &resolved);
            open = found;
        }
    }
}
