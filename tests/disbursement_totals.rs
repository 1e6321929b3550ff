//! The store's running totals of payments (`paid_totals`, schema 6): the views read them and
//! give what the payments add up to; any sequence of imports, corrections and withdrawals
//! leaves them equal to a recomputation; a store of version 5 is migrated with its totals
//! built; backup and restore refuse a store whose totals disagree.

// Sums of quarters of a million are exact in f64.
#![allow(clippy::float_cmp)]

mod disbursement_support;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use disbursement_support::TempDir;
use grdpsim::disbursement::{Level, PaymentSource, RankingRule, Tracker};
use grdpsim::monitoring::Date;
use grdpsim::GrdpsimError;
use proptest::prelude::*;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

/// Every project's weekly payments (week, investor's, Treasury's), read once.
type Histories = BTreeMap<String, Vec<(String, Option<f64>, Option<f64>)>>;

fn histories(t: &Tracker) -> Histories {
    t.projects_info_codes()
        .into_iter()
        .map(|code| {
            let h = t.payment_history(&code).unwrap();
            (code, h)
        })
        .collect()
}

/// Paid per project to `as_of` from `source`, summed here from each project's weekly history.
fn recomputed(h: &Histories, as_of: Date, source: PaymentSource) -> BTreeMap<String, f64> {
    let key = as_of.to_string();
    h.iter()
        .map(|(code, weeks)| {
            let paid = weeks
                .iter()
                .filter(|(week, _, _)| *week <= key)
                .map(|(_, investor, treasury)| match source {
                    PaymentSource::Investor => investor.unwrap_or(0.0),
                    PaymentSource::Treasury => treasury.unwrap_or(0.0),
                })
                .sum();
            (code.clone(), paid)
        })
        .collect()
}

trait Codes {
    fn projects_info_codes(&self) -> Vec<String>;
}

impl Codes for Tracker {
    fn projects_info_codes(&self) -> Vec<String> {
        let mut codes = Vec::new();
        for (investor, _) in self.investors().unwrap() {
            codes.extend(
                self.projects_of(&investor)
                    .unwrap()
                    .into_iter()
                    .map(|p| p.0),
            );
        }
        codes
    }
}

#[test]
fn every_view_on_the_example_store_matches_a_recomputation() {
    let t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    t.check_totals().unwrap();
    let codes = t.projects_info_codes();
    assert_eq!(codes.len(), t.project_count().unwrap());
    let h = histories(&t);
    for source in [PaymentSource::Treasury, PaymentSource::Investor] {
        let v = t.view(source);
        for as_of in [
            "2025-01-02",
            "2025-03-28",
            "2025-06-30",
            "2025-07-31",
            "2025-12-31",
        ] {
            let as_of = d(as_of);
            let want = recomputed(&h, as_of, source);
            let before = recomputed(&h, as_of.add_days(-7), source);
            let status = v.status(as_of, Level::Project).unwrap();
            assert_eq!(status.rows.len(), codes.len());
            for r in &status.rows {
                assert!(close(r.paid, want[&r.key]), "{source:?} {as_of} {}", r.key);
                assert!(close(r.paid_before, before[&r.key]), "{} before", r.key);
            }
            let province: f64 = want.values().sum();
            let total = v.status(as_of, Level::Province).unwrap().total;
            assert!(
                close(total.paid, province),
                "{as_of}: {} {province}",
                total.paid
            );
            for r in v.countdown(as_of, Level::Project).unwrap() {
                assert!(close(r.paid, want[&r.key]), "count-down {}", r.key);
            }
            let mut by_investor: BTreeMap<String, f64> = BTreeMap::new();
            for (investor, _) in v.investors().unwrap() {
                let paid = v
                    .projects_of(&investor)
                    .unwrap()
                    .iter()
                    .map(|p| want[&p.0])
                    .sum();
                by_investor.insert(investor, paid);
            }
            for r in v.ranking(as_of, RankingRule::default()).unwrap().rows {
                assert!(
                    close(r.paid, by_investor[&r.investor]),
                    "rank {}",
                    r.investor
                );
            }
            // The S-curve's actual on a Friday is the province's cumulative to that Friday.
            for point in v.s_curve(as_of).unwrap() {
                if !point.actual.is_nan() {
                    let cum: f64 = recomputed(&h, point.date, source).values().sum();
                    assert!(
                        close(point.actual, cum),
                        "{} {} {cum}",
                        point.date,
                        point.actual
                    );
                }
            }
        }
    }
}

const PROJECTS: &str = "project,name,investor,capital_source\n\
                        P1,Road,A,NSDP\nP2,School,A,NSDP\nP3,Bridge,B,NSTW\n";
const PLAN: &str = "project,effective,amount\n\
                    P1,2025-01-01,1000\nP2,2025-01-01,500\nP3,2025-01-01,800\n";

fn small(path: Option<&std::path::Path>) -> Tracker {
    let mut t = match path {
        Some(p) => Tracker::create(p, "Test", 2025).unwrap(),
        None => Tracker::in_memory("Test", 2025).unwrap(),
    };
    t.import_csv_str("projects.csv", PROJECTS, "setup").unwrap();
    t.import_csv_str("plan.csv", PLAN, "setup").unwrap();
    t
}

/// Week `k` of 2025 (Fridays from 3 January).
fn week(k: usize) -> Date {
    d("2025-01-03").add_days(7 * k as i32)
}

#[test]
fn a_store_of_version_5_is_migrated_with_its_totals_built() {
    let dir = TempDir::new("totals-v5");
    let path = dir.0.join("v5.sqlite");
    {
        let mut t = small(Some(&path));
        // P1: 10 then 25.5 (35.5 by week 1); P3: 40 in week 0; the investor's P1: 12.
        t.import_csv_str(
            "paid.csv",
            "project,week_ending,source,amount\n\
             P1,2025-01-03,treasury,10\nP1,2025-01-10,treasury,25.5\n\
             P3,2025-01-03,treasury,40\nP1,2025-01-03,investor,12\n",
            "then",
        )
        .unwrap();
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(disbursement_support::UNDO_VERSION_7)
            .unwrap();
        c.execute_batch(disbursement_support::UNDO_VERSION_6)
            .unwrap();
        assert_eq!(t.store().schema_version().unwrap(), 5);
    }
    let mut t = Tracker::open(&path).unwrap();
    assert_eq!(
        t.store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    t.check_totals().unwrap();
    let s = t.status(week(1), Level::Project).unwrap();
    let paid: BTreeMap<_, _> = s.rows.iter().map(|r| (r.key.as_str(), r.paid)).collect();
    // 10 + 25.5 = 35.5 on P1, 40 on P3, nothing on P2; a week before: 10 and 40.
    assert_eq!(paid["P1"], 35.5);
    assert_eq!(paid["P2"], 0.0);
    assert_eq!(paid["P3"], 40.0);
    assert_eq!(s.total.paid_before, 50.0);
    // The triggers came with the step: a new week is counted at once (35.5 + 4.5 = 40).
    t.import_csv_str(
        "more.csv",
        "project,week_ending,source,amount\nP1,2025-01-17,treasury,4.5\n",
        "now",
    )
    .unwrap();
    assert_eq!(
        t.status(week(2), Level::Investor).unwrap().rows[0].paid,
        40.0,
        "A: P1 35.5 + 4.5 = 40, P2 0 (B is the second row)"
    );
    t.check_totals().unwrap();
}

#[test]
fn backup_and_restore_refuse_a_store_whose_totals_disagree() {
    let dir = TempDir::new("totals-refused");
    let path = dir.0.join("store.sqlite");
    let mut t = small(Some(&path));
    t.import_csv_str(
        "paid.csv",
        "project,week_ending,source,amount\n\
         P1,2025-01-03,treasury,10\nP1,2025-01-10,treasury,25\nP2,2025-01-10,treasury,5\n",
        "then",
    )
    .unwrap();
    let good = dir.0.join("good.sqlite");
    t.store().backup(&good).unwrap();
    // Someone edits the totals behind the store's back: P1's second week says 30, not 35.
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute(
            "UPDATE paid_totals SET cumulative = 30
             WHERE source = 'treasury' AND project = 'P1' AND week_ending = '2025-01-10'",
            [],
        )
        .unwrap();
    }
    let named = |e: GrdpsimError| match e {
        GrdpsimError::TotalsDisagree {
            project,
            week_ending,
            payment_source,
            stored,
            recomputed,
            ..
        } => {
            assert_eq!(
                (
                    project.as_str(),
                    week_ending.as_str(),
                    payment_source.as_str()
                ),
                ("P1", "2025-01-10", "treasury")
            );
            assert_eq!((stored, recomputed), (30.0, 35.0));
        }
        e => panic!("{e:?}"),
    };
    named(t.check_totals().unwrap_err());
    let bad = dir.0.join("bad.sqlite");
    let e = t.store().backup(&bad).unwrap_err();
    assert!(
        e.to_string().contains("P1") && e.to_string().contains("2025-01-10"),
        "{e}"
    );
    named(e);
    assert!(!bad.exists(), "a refused backup writes nothing");

    // Restore: the good backup is taken (the totals agree again), a bad one is refused and
    // the store left as it was.
    t.store().restore(&good).unwrap();
    t.check_totals().unwrap();
    let copy = dir.0.join("copy.sqlite");
    std::fs::copy(&good, &copy).unwrap();
    {
        let c = rusqlite::Connection::open(&copy).unwrap();
        c.execute("DELETE FROM paid_totals WHERE project = 'P2'", [])
            .unwrap();
    }
    match t.store().restore(&copy).unwrap_err() {
        GrdpsimError::TotalsDisagree {
            project,
            week_ending,
            stored,
            recomputed,
            ..
        } => {
            // P2's only payment has lost its total: stored 0, the payments add up to 5.
            assert_eq!(
                (project.as_str(), week_ending.as_str()),
                ("P2", "2025-01-10")
            );
            assert_eq!((stored, recomputed), (0.0, 5.0));
        }
        e => panic!("{e:?}"),
    }
    assert_eq!(t.status(week(1), Level::Province).unwrap().total.paid, 40.0);
}

/// One write of payments: an import of rows (new figures or corrections of stored ones) or a
/// withdrawal.
#[derive(Debug, Clone)]
enum Op {
    Import(Vec<(usize, usize, bool, u32)>),
    Withdraw(usize, usize, bool),
}

fn op() -> impl Strategy<Value = Op> {
    let row = (0..3_usize, 0..8_usize, any::<bool>(), 0..400_u32);
    prop_oneof![
        3 => prop::collection::vec(row, 1..6).prop_map(Op::Import),
        1 => (0..3_usize, 0..8_usize, any::<bool>()).prop_map(|(p, w, s)| Op::Withdraw(p, w, s)),
    ]
}

fn source(treasury: bool) -> PaymentSource {
    if treasury {
        PaymentSource::Treasury
    } else {
        PaymentSource::Investor
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any sequence of imports (out of week order, corrections of stored figures, several rows
    /// of one file) and withdrawals leaves every running total equal to the payments' running
    /// sum (the store's check), and the views' paid equal to the model's.
    #[test]
    fn any_sequence_of_writes_leaves_the_totals_equal_to_a_recomputation(
        ops in prop::collection::vec(op(), 1..12)
    ) {
        let mut t = small(None);
        // The model: amount per (project, week, treasury); amounts in quarters of a million
        // (x / 4) so that sums are exact in f64.
        let mut model: BTreeMap<(usize, usize, bool), f64> = BTreeMap::new();
        for op in &ops {
            match op {
                Op::Import(rows) => {
                    let mut csv = String::from("project,week_ending,source,amount\n");
                    let mut seen = BTreeMap::new();
                    for &(p, w, tr, x) in rows {
                        // One row per key in a file (a file naming a key twice is refused).
                        seen.insert((p, w, tr), x);
                    }
                    for (&(p, w, tr), &x) in &seen {
                        writeln!(csv, "P{},{},{},{}", p + 1, week(w), source(tr).as_str(),
                                 f64::from(x) / 4.0).unwrap();
                        model.insert((p, w, tr), f64::from(x) / 4.0);
                    }
                    t.import_csv_str("week.csv", &csv, "test").unwrap();
                }
                Op::Withdraw(p, w, tr) => {
                    let out = t.withdraw(&format!("P{}", p + 1), week(*w), source(*tr), "test");
                    if model.remove(&(*p, *w, *tr)).is_some() {
                        out.unwrap();
                    } else {
                        let refused = matches!(out, Err(GrdpsimError::NoSuchEntry { .. }));
                        prop_assert!(refused);
                    }
                }
            }
            t.check_totals().unwrap();
        }
        for tr in [false, true] {
            let v = t.view(source(tr));
            for w in 0..8 {
                let status = v.status(week(w), Level::Project).unwrap();
                for r in &status.rows {
                    let p: usize = r.key[1..].parse::<usize>().unwrap() - 1;
                    let want: f64 = model
                        .iter()
                        .filter(|(&(mp, mw, mt), _)| mp == p && mw <= w && mt == tr)
                        .map(|(_, x)| x)
                        .sum();
                    prop_assert_eq!(r.paid, want, "{} week {} treasury {}", r.key, w, tr);
                }
            }
        }
    }
}
