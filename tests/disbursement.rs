//! Disbursement tracking: the store, imports, and the weekly views (issue 10).

mod disbursement_support;

use std::path::{Path, PathBuf};

use disbursement_support::{d, tracker_of as tracker, TempDir, PROJECTS};

use grdpsim::disbursement::{Band, Level, PaymentSource, RankingRule, Tracker};
use grdpsim::GrdpsimError;

/// The bytes of a closed store (its WAL checkpointed and removed on close).
fn bytes(path: &Path) -> Vec<u8> {
    assert!(
        !path.with_extension("sqlite-wal").exists(),
        "WAL left behind"
    );
    std::fs::read(path).unwrap()
}

fn tracker_with_projects(dir: &TempDir) -> (PathBuf, Tracker) {
    let db = dir.0.join("province.sqlite");
    let mut t = Tracker::create(&db, "Test province", 2025).unwrap();
    t.import_csv(dir.file("projects.csv", PROJECTS), "tester")
        .unwrap();
    (db, t)
}

#[test]
fn an_import_is_idempotent_and_a_correction_replaces_with_an_audit_row() {
    let dir = TempDir::new("idem");
    let (db, mut t) = tracker_with_projects(&dir);
    let pay = dir.file(
        "week27.csv",
        "project,week_ending,source,amount\nP1,2025-07-04,treasury,100\nP2,2025-07-04,treasury,50\nP1,2025-07-04,investor,110\n",
    );
    let r = t.import_csv(&pay, "lan").unwrap();
    assert_eq!((r.inserted, r.updated, r.unchanged), (3, 0, 0));
    let audit_before = t.store().audit_trail().unwrap().len();
    drop(t);
    let once = bytes(&db);
    let mut t = Tracker::open(&db).unwrap();
    let r = t.import_csv(&pay, "lan").unwrap();
    assert_eq!((r.inserted, r.updated, r.unchanged), (0, 0, 3));
    assert_eq!(t.store().audit_trail().unwrap().len(), audit_before);
    drop(t);
    assert_eq!(
        bytes(&db),
        once,
        "importing the same file twice changed the database"
    );

    // The corrected file: P2's figure was wrong.
    let mut t = Tracker::open(&db).unwrap();
    let fixed = dir.file(
        "week27_fixed.csv",
        "project,week_ending,source,amount\nP1,2025-07-04,treasury,100\nP2,2025-07-04,treasury,55\n",
    );
    let r = t.import_csv(&fixed, "hai").unwrap();
    assert_eq!((r.inserted, r.updated, r.unchanged), (0, 1, 1));
    let s = t.status(d("2025-07-04"), Level::Project).unwrap();
    let p2 = s.rows.iter().find(|r| r.key == "P2").unwrap();
    assert!((p2.paid - 55.0).abs() < 1e-12);
    let last = t.store().audit_trail().unwrap().pop().unwrap();
    assert_eq!(last.entity, "payments");
    // The key names the payment's capital source (the project's own: no column in the file).
    assert_eq!(last.key, "treasury|P2|2025-07-04|NSDP");
    assert_eq!(
        (last.old.as_deref(), last.new.as_deref()),
        (Some("50"), Some("55"))
    );
    assert_eq!(last.who, "hai");
    assert!(last.file.ends_with("week27_fixed.csv"));
}

#[test]
fn a_bad_file_is_rejected_whole_with_every_bad_row_and_the_database_unchanged() {
    let dir = TempDir::new("reject");
    let (db, t) = tracker_with_projects(&dir);
    drop(t);
    let before = bytes(&db);
    let mut t = Tracker::open(&db).unwrap();
    let bad = dir.file(
        "bad.csv",
        "project,week_ending,source,amount
P1,2025-07-04,treasury,100
P9,2025-07-04,treasury,10
P2,2025-07-04,treasury,-5
P3,2024-12-27,treasury,7
P3,2025-07-04,treasury,abc
P1,2025-07-04,kho,1
P1,2025-07-04,treasury,100
",
    );
    let err = t.import_csv(&bad, "lan").unwrap_err();
    let GrdpsimError::ImportRejected { problems, .. } = &err else {
        panic!("{err}")
    };
    let found: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "project"),
            (4, "amount"),
            (5, "week_ending"),
            (6, "amount"),
            (7, "source"),
            (8, "source+project+week_ending+capital_source"),
        ]
    );
    assert_eq!(problems[0].value, "P9");
    assert!(problems[2].reason.contains("outside the plan year 2025"));
    assert!(err.to_string().contains("row 4 column amount"));
    assert_eq!(err.kind(), grdpsim::ErrorKind::ImportRejected);
    drop(t);
    assert_eq!(bytes(&db), before, "a rejected import changed the database");
}

#[test]
fn an_unknown_layout_is_named() {
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    let err = t.import_csv_str("x.csv", "a,b\n1,2\n", "me").unwrap_err();
    assert!(err.to_string().contains("not a known layout"), "{err}");
    // Million VND: 10^12 of them is a unit or typing error.
    let mut t = tracker(&[PROJECTS]);
    let err = t
        .import_csv_str(
            "x.csv",
            "project,week_ending,source,amount\nP1,2025-07-04,treasury,1e12\n",
            "me",
        )
        .unwrap_err();
    assert!(err.to_string().contains("implausible amount"), "{err}");
}

/// Cao Bằng 2025: 41.8% on 30 June, 26.8% on 31 July with no payment in between when the plan
/// grows by the matching amount: the whole fall is the plan's.
#[test]
fn the_rate_falls_from_41_8_to_26_8_when_the_plan_grows_and_payments_do_not() {
    let mut t = tracker(&[
        PROJECTS,
        "project,effective,amount,decision\nP1,2025-01-01,600,QD1\nP3,2025-01-01,400,QD1\n",
        "project,week_ending,source,amount\nP1,2025-03-07,treasury,300\nP3,2025-06-27,treasury,118\n",
    ]);
    // 418 / 1000 = 41.8%; 418 / B1 = 26.8% needs B1 = 418 / 0.268.
    let b1 = 418.0 / 0.268;
    let added = b1 - 1000.0;
    t.import_csv_str(
        "revision.csv",
        &format!(
            "project,effective,amount,decision\nP3,2025-07-15,{},QD2\n",
            400.0 + added
        ),
        "me",
    )
    .unwrap();
    let june = t.status(d("2025-06-30"), Level::Province).unwrap();
    assert!((june.total.rate_pct - 41.8).abs() < 1e-9);
    let s = t
        .status_between(d("2025-06-30"), d("2025-07-31"), Level::Province)
        .unwrap();
    let r = &s.total;
    assert!((r.rate_pct - 26.8).abs() < 1e-9);
    assert!((r.change_pp + 15.0).abs() < 1e-9);
    assert!(r.from_payments_pp.abs() < 1e-12);
    assert!((r.from_plan_pp + 15.0).abs() < 1e-9);
    // Which plan, and why it moved.
    assert_eq!(s.revisions.len(), 1);
    let rev = &s.revisions[0];
    assert_eq!((rev.project.as_str(), rev.decision.as_str()), ("P3", "QD2"));
    assert!(
        (rev.previous - 400.0).abs() < 1e-12 && (rev.amount - rev.previous - added).abs() < 1e-9
    );
    // Before the revision's date the old plan is in force.
    let mid = t.status(d("2025-07-14"), Level::Province).unwrap();
    assert!((mid.total.plan - 1000.0).abs() < 1e-12);
}

#[test]
fn the_change_splits_into_payments_and_plan_exactly() {
    let t = tracker(&[
        PROJECTS,
        "project,effective,amount\nP1,2025-01-01,1000\nP1,2025-07-10,1500\n",
        "project,week_ending,source,amount\nP1,2025-07-04,treasury,400\nP1,2025-07-11,treasury,100\n",
    ]);
    let s = t.status(d("2025-07-11"), Level::Project).unwrap();
    let r = s.rows.iter().find(|r| r.key == "P1").unwrap();
    // 500/1500 − 400/1000 = 33.33 − 40 = −6.67: payments +100/1500 = +6.67, plan 400/1500 − 40.
    assert!((r.from_payments_pp - 100.0 / 15.0).abs() < 1e-9);
    assert!((r.from_plan_pp - (400.0 / 15.0 - 40.0)).abs() < 1e-9);
    assert!((r.change_pp - (r.from_payments_pp + r.from_plan_pp)).abs() < 1e-12);
}

fn ranks(r: &grdpsim::disbursement::Ranking) -> Vec<(Option<usize>, &str)> {
    r.rows
        .iter()
        .map(|x| (x.rank, x.investor.as_str()))
        .collect()
}

fn ranking_tracker() -> Tracker {
    tracker(&[
        "project,name,investor,capital_source
A1,a,A,NSTW
B1,b,B,NSTW
C1,c,C,NSDP
D1,d,D,NSDP
E1,e,E,ODA
",
        // Plans: A 1000, B 2000, C 1000, D 3000, E 10 (tiny: 0.14% of 7010).
        "project,effective,amount
A1,2025-01-01,1000
B1,2025-01-01,2000
C1,2025-01-01,1000
D1,2025-01-01,3000
E1,2025-01-01,10
",
        // Rates: A 50.04% and B 50.0% (both 50.0 as published: a tie), C 60%, D 10%, E 100%.
        "project,week_ending,source,amount
A1,2025-06-27,treasury,500.4
B1,2025-06-27,treasury,1000
C1,2025-06-27,treasury,600
D1,2025-06-27,treasury,300
E1,2025-06-27,treasury,10
",
    ])
}

#[test]
fn investors_rank_by_published_rate_with_ties_sharing_a_rank_and_tiny_ones_unranked() {
    let t = ranking_tracker();
    let r = t.ranking(d("2025-06-30"), RankingRule::default()).unwrap();
    let got = ranks(&r);
    // The tie A/B is listed larger plan first (B), both rank 2; D is 4th; E is not ranked.
    assert_eq!(
        got,
        vec![
            (Some(1), "C"),
            (Some(2), "B"),
            (Some(2), "A"),
            (Some(4), "D"),
            (None, "E")
        ]
    );
    assert!(r.rows[4].note.contains("not ranked"));
    let province = (500.4 + 1000.0 + 600.0 + 300.0 + 10.0) / 7010.0 * 100.0;
    assert!((r.province_rate_pct - province).abs() < 1e-9);
    assert!((r.rows[0].vs_province_pp - (60.0 - province)).abs() < 1e-9);
    assert!((r.mean_ranked_rate_pct - (60.0 + 50.0 + 50.04 + 10.0) / 4.0).abs() < 1e-9);
    // With two decimals A and B no longer tie; with no threshold E ranks first.
    let r = t
        .ranking(d("2025-06-30"), RankingRule::new(2, 0.0).unwrap())
        .unwrap();
    let got = ranks(&r);
    assert_eq!(
        got,
        vec![
            (Some(1), "E"),
            (Some(2), "C"),
            (Some(3), "A"),
            (Some(4), "B"),
            (Some(5), "D")
        ]
    );
}

#[test]
fn the_count_down_says_what_is_left_and_what_each_week_must_pay() {
    let t = tracker(&[
        PROJECTS,
        "project,effective,amount\nP1,2025-01-01,1200\n",
        "project,month,amount\nP1,2025-05,100\nP1,2025-06,300\nP1,2025-07,310\n",
        "project,week_ending,source,amount
P1,2025-05-30,treasury,100
P1,2025-06-27,treasury,200
P1,2025-07-04,treasury,40
",
    ]);
    // 2025-07-15: planned to date = 100 + 300 + 310 · 15/31 = 550; paid 340.
    let rows = t.countdown(d("2025-07-15"), Level::Project).unwrap();
    let r = rows.iter().find(|r| r.key == "P1").unwrap();
    assert!((r.planned_to_date - 550.0).abs() < 1e-9);
    assert!((r.remaining - 860.0).abs() < 1e-12);
    assert!((r.behind - 210.0).abs() < 1e-9);
    assert!((r.spi - 340.0 / 550.0).abs() < 1e-12);
    assert_eq!(r.band, Band::Red);
    // 169 days to 31 December: 25 weeks (rounded up).
    assert_eq!(r.weeks_left, 25);
    assert!((r.needed_per_week - 860.0 / 25.0).abs() < 1e-12);
    // Weeks ending in (17 June, 15 July]: 200 + 40 over four weeks.
    assert!((r.recent_per_week - 60.0).abs() < 1e-12);
    assert_eq!(rows[0].key, "P1", "the furthest behind first");
    let p = t.projection(d("2025-07-15")).unwrap();
    assert!((p.at_pace - (340.0 + 60.0 * 25.0)).abs() < 1e-9);
    // Under the monthly plan: paid + the rest of July's 310.
    assert!((p.under_plan - (340.0 + 310.0 * 16.0 / 31.0)).abs() < 1e-9);
}

#[test]
fn investor_reports_are_reconciled_against_the_treasury_which_rates_use() {
    let t = tracker(&[
        PROJECTS,
        "project,effective,amount\nP1,2025-01-01,1000\nP2,2025-01-01,1000\n",
        "project,week_ending,source,amount
P1,2025-06-27,treasury,100
P1,2025-06-27,investor,130
P1,2025-07-04,investor,20
P2,2025-06-27,treasury,50
P2,2025-06-27,investor,50
",
    ]);
    let diff = t.differences(d("2025-07-04"), 0.0).unwrap();
    assert_eq!(diff.len(), 1);
    let r = &diff[0];
    assert_eq!((r.project.as_str(), r.investor.as_str()), ("P1", "A"));
    assert!((r.reported - 150.0).abs() < 1e-12 && (r.treasury - 100.0).abs() < 1e-12);
    assert!((r.difference - 50.0).abs() < 1e-12);
    assert_eq!(r.weeks_differing, 2);
    let s = t.status(d("2025-07-04"), Level::Province).unwrap();
    assert!(
        (s.total.paid - 150.0).abs() < 1e-12,
        "the Treasury's figures"
    );
    let t = t.with_payment_source(PaymentSource::Investor);
    let s = t.status(d("2025-07-04"), Level::Province).unwrap();
    assert!(
        (s.total.paid - 200.0).abs() < 1e-12,
        "the investors' figures when asked"
    );
}

#[test]
fn stalled_projects_and_overdue_obstacles_name_who_is_responsible() {
    let t = tracker(&[
        PROJECTS,
        "project,effective,amount\nP1,2025-01-01,1000\nP2,2025-01-01,1000\nP3,2025-01-01,0\n",
        "project,week_ending,source,amount\nP1,2025-05-02,treasury,100\nP2,2025-07-25,treasury,50\n",
        "project,description,reported,agency,person,deadline,status,resolution,resolved_on
P1,Site clearance,2025-05-09,District People's Committee,Mr Tuan,2025-06-30,open,,
P2,Design change,2025-05-09,Department of Construction,Ms Ha,2025-06-30,resolved,Approved,2025-06-20
",
    ]);
    let stalled = t.stalled(d("2025-07-31"), 4).unwrap();
    assert_eq!(stalled.len(), 1, "P3 has nothing to pay; P2 paid last week");
    assert_eq!(stalled[0].project, "P1");
    assert_eq!(stalled[0].responsible, "Ms Lan");
    assert_eq!(stalled[0].last_payment, Some(d("2025-05-02")));
    let overdue = t.overdue_obstacles(d("2025-07-31")).unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(
        (overdue[0].agency.as_str(), overdue[0].days_overdue),
        ("District People's Committee", 31)
    );
}

#[test]
fn the_synthetic_cao_bang_portfolio_reproduces_the_published_rates() {
    let t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    let june = t.status(d("2025-06-30"), Level::Province).unwrap();
    let july = t
        .status_between(d("2025-06-30"), d("2025-07-31"), Level::Province)
        .unwrap();
    assert!(
        (june.total.rate_pct - 41.8).abs() < 0.01,
        "{}",
        june.total.rate_pct
    );
    assert!(
        (july.total.rate_pct - 26.8).abs() < 0.01,
        "{}",
        july.total.rate_pct
    );
    // Payments rose in July; the plan's growth pulled the rate down 15 points.
    assert!(july.total.paid > june.total.paid);
    assert!(july.total.from_payments_pp > 0.0);
    assert!((july.total.change_pp - (26.8 - 41.8)).abs() < 0.02);
    assert!(!july.revisions.is_empty());
    let investors = t.status(d("2025-06-30"), Level::Investor).unwrap();
    assert!(
        (35..=40).contains(&investors.rows.len()),
        "{}",
        investors.rows.len()
    );
    let projects = t.status(d("2025-08-29"), Level::Project).unwrap();
    assert_eq!(projects.rows.len(), 300);
    let sources = t.status(d("2025-06-30"), Level::CapitalSource).unwrap();
    assert_eq!(sources.rows.len(), 5);
    let sum: f64 = sources.rows.iter().map(|r| r.paid).sum();
    assert!((sum - june.total.paid).abs() < 1e-6);
    // The other views have something to say.
    assert!(!t.stalled(d("2025-07-31"), 4).unwrap().is_empty());
    assert!(!t.differences(d("2025-07-31"), 0.5).unwrap().is_empty());
    assert!(!t.overdue_obstacles(d("2025-07-31")).unwrap().is_empty());
    let curve = t.s_curve(d("2025-07-31")).unwrap();
    assert_eq!(curve.len(), 52);
    assert!(curve.windows(2).all(|w| w[1].planned >= w[0].planned));
}

#[test]
fn proposals_name_each_slow_investor_with_the_figures_behind_them() {
    use grdpsim::disbursement::{ProposalKind, ProposalOptions};
    use grdpsim::lang::Lang;
    // A (P1, P2) is slow: P1 stalled since May with an overdue obstacle, P2 reported more
    // than the Treasury paid. B (P3) is ahead of the province and gets no proposal.
    let t = tracker(&[
        PROJECTS,
        "project,effective,amount\nP1,2025-01-01,1000\nP2,2025-01-01,1000\nP3,2025-01-01,1000\n",
        "project,week_ending,source,amount
P1,2025-05-02,treasury,100
P1,2025-05-02,investor,100
P2,2025-07-11,treasury,40
P2,2025-07-11,investor,90
P3,2025-07-25,treasury,800
",
        "project,description,reported,agency,person,deadline,status,resolution,resolved_on
P1,Site clearance,2025-05-09,District People's Committee,Mr Tuan,2025-06-30,open,,
",
    ]);
    let as_of = d("2025-07-31");
    let props = t.proposals(as_of, &ProposalOptions::default()).unwrap();
    assert!(props.iter().all(|p| p.investor == "A"), "{props:?}");
    let kinds: Vec<(ProposalKind, &str)> =
        props.iter().map(|p| (p.kind, p.subject.as_str())).collect();
    assert_eq!(
        kinds,
        vec![
            (ProposalKind::Pace, "A"),
            (ProposalKind::Transfer, "A"),
            (ProposalKind::Stalled, "P1"),
            (ProposalKind::Obstacle, "P1"),
            (ProposalKind::Reconcile, "P2"),
        ]
    );
    let ranking = t.ranking(as_of, RankingRule::default()).unwrap();
    let a = ranking.rows.iter().find(|r| r.investor == "A").unwrap();
    assert!((props[0].vs_province_pp - a.vs_province_pp).abs() < 1e-12 && a.vs_province_pp < 0.0);
    // Pace: A's remaining 1860 over the weeks left; transfer: what its last four weeks'
    // pace (40 / 4 a week) leaves unpaid at the year end.
    let c = t.countdown(as_of, Level::Investor).unwrap();
    let c = c.iter().find(|r| r.key == "A").unwrap();
    assert!((c.remaining - 1860.0).abs() < 1e-9);
    assert!((props[0].amount - 1860.0 / f64::from(c.weeks_left)).abs() < 1e-9);
    assert!((props[1].amount - (1860.0 - 10.0 * f64::from(c.weeks_left))).abs() < 1e-9);
    assert!(
        (props[2].amount - 900.0).abs() < 1e-9,
        "P1's remaining plan"
    );
    assert!((props[3].amount - 31.0).abs() < 1e-9, "days overdue");
    assert!(
        (props[4].amount - 50.0).abs() < 1e-9,
        "reported 90, Treasury 40"
    );
    // Both languages, with the figures in each one's notation and the people named.
    for p in &props {
        assert!(!p.message(Lang::En).is_empty() && !p.message(Lang::Vi).is_empty());
        assert_ne!(p.message(Lang::En), p.message(Lang::Vi));
    }
    assert!(
        props[2].message(Lang::En).contains("Ms Lan")
            && props[2].message(Lang::Vi).contains("Ms Lan")
    );
    assert!(props[3].message(Lang::Vi).contains("quá hạn 31 ngày"));
    // 153 days to 31 December: 22 weeks; 1860 - 22 · 10 = 1640 unpaid at that pace.
    assert_eq!(c.weeks_left, 22);
    assert!(props[1]
        .message(Lang::En)
        .contains("1,640.0 million VND unpaid"));
    assert!(props[1].message(Lang::Vi).contains("1.640,0 triệu đồng"));
}

/// The S-curve's planned line (the monthly plans read once and cumulated) is, on every Friday,
/// the count-down's plan to date (the same plans summed per project at that date), for the
/// province, an investor and a project; its plan in force is the count-down's plan.
#[test]
fn the_s_curve_is_the_count_down_on_every_friday() {
    let t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    let ranking = t.countdown(d("2025-07-31"), Level::Investor).unwrap();
    let investor = ranking[0].key.clone();
    let project = t
        .countdown(d("2025-07-31"), Level::Project)
        .unwrap()
        .into_iter()
        .map(|r| r.key)
        .find(|k| {
            t.s_curve_of(d("2025-07-31"), Some(&investor), Some(k))
                .unwrap()
                .iter()
                .any(|p| p.planned > 0.0)
        })
        .unwrap();
    for (inv, proj) in [
        (None, None),
        (Some(investor.as_str()), None),
        (None, Some(project.as_str())),
    ] {
        let curve = t.s_curve_of(d("2025-12-31"), inv, proj).unwrap();
        assert_eq!(curve.len(), 52);
        for p in curve.iter().step_by(3) {
            let (level, key) = match (inv, proj) {
                (_, Some(c)) => (Level::Project, Some(c)),
                (Some(i), None) => (Level::Investor, Some(i)),
                (None, None) => (Level::Investor, None),
            };
            let rows = t.countdown(p.date, level).unwrap();
            let rows = rows.iter().filter(|r| key.is_none_or(|k| r.key == k));
            let (planned, plan) =
                rows.fold((0.0, 0.0), |(a, b), r| (a + r.planned_to_date, b + r.plan));
            assert!(
                (p.planned - planned).abs() < 1e-6 * planned.max(1.0),
                "{inv:?} {proj:?} {}: {} vs {planned}",
                p.date,
                p.planned
            );
            assert!(
                (p.plan_in_force - plan).abs() < 1e-6 * plan.max(1.0),
                "{}",
                p.date
            );
        }
    }
}

#[test]
fn a_project_line_reads_as_the_projects_file_gave_it_and_an_unknown_code_is_none() {
    use grdpsim::disbursement::PROJECT_COLUMNS;
    let t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    let tables = grdpsim::datasets::cao_bang_disbursement_2025_tables().unwrap();
    let projects = tables
        .iter()
        .find(|t| {
            t.header
                .iter()
                .map(String::as_str)
                .eq(PROJECT_COLUMNS.iter().copied())
        })
        .expect("the projects table");
    let cell = |row: &[String], name: &str| {
        row[PROJECT_COLUMNS.iter().position(|c| *c == name).unwrap()].clone()
    };
    let (_, row) = &projects.rows[0];
    let info = t
        .project_info(&cell(row, "project"))
        .unwrap()
        .expect("a project of the store");
    assert_eq!(info.name, cell(row, "name"));
    assert_eq!(info.investor, cell(row, "investor"));
    assert_eq!(info.investor_name, cell(row, "investor_name"));
    assert_eq!(info.source, cell(row, "capital_source"));
    assert_eq!(info.responsible, cell(row, "responsible"));
    assert_eq!(info.location, cell(row, "location"));
    assert_eq!(t.project_info("NO-SUCH-PROJECT").unwrap(), None);
}

/// The July 2025 fall in the embedded example, as the briefing states it: 41.8% on 30 June,
/// 26.8% on 31 July; payments added 5.34 points and 66 plan revisions took 20.34 away. The
/// split is checked against the status's own plan and payments: payments' share is what was
/// paid in July over the plan in force on 31 July, the plan's is what was paid by 30 June over
/// the new plan against the old.
#[test]
fn the_example_s_july_change_is_payments_and_66_plan_revisions() {
    let t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    let s = t
        .status_between(d("2025-06-30"), d("2025-07-31"), Level::Province)
        .unwrap();
    let r = &s.total;
    assert!(
        (r.rate_before_pct - 41.8).abs() < 0.01,
        "{}",
        r.rate_before_pct
    );
    assert!((r.rate_pct - 26.8).abs() < 0.01, "{}", r.rate_pct);
    let payments = 100.0 * (r.paid - r.paid_before) / r.plan;
    let plan = 100.0 * r.paid_before / r.plan - 100.0 * r.paid_before / r.plan_before;
    assert!((r.from_payments_pp - payments).abs() < 1e-9);
    assert!((r.from_plan_pp - plan).abs() < 1e-9);
    assert!(
        (r.from_payments_pp - 5.34).abs() < 0.005,
        "{}",
        r.from_payments_pp
    );
    assert!((r.from_plan_pp + 20.34).abs() < 0.005, "{}", r.from_plan_pp);
    assert!((r.change_pp - (r.from_payments_pp + r.from_plan_pp)).abs() < 1e-12);
    // The 66 revisions account for the whole growth of the plan.
    assert_eq!(s.revisions.len(), 66);
    let added: f64 = s.revisions.iter().map(|v| v.amount - v.previous).sum();
    assert!((added - (r.plan - r.plan_before)).abs() < 1e-6, "{added}");
}

/// A ranking rule is checked where it is made: a rule out of range is a typed error naming the
/// argument and the value, in Rust as in every binding.
#[test]
fn a_ranking_rule_out_of_range_is_refused_naming_its_argument() {
    for (decimals, share, argument, value) in [
        (7, 0.5, "decimals", "7"),
        (1, -0.1, "min_share_pct", "-0.1"),
        (1, 100.5, "min_share_pct", "100.5"),
        (1, f64::NAN, "min_share_pct", "NaN"),
    ] {
        match RankingRule::new(decimals, share) {
            Err(e @ GrdpsimError::InvalidArgument { .. }) => {
                let text = e.to_string();
                assert!(text.contains(argument) && text.contains(value), "{text}");
            }
            other => panic!("{decimals}, {share}: {other:?}"),
        }
    }
    let edge = RankingRule::new(6, 100.0).unwrap();
    assert_eq!((edge.decimals(), edge.min_share_pct()), (6, 100.0));
    assert_eq!(RankingRule::new(1, 0.5).unwrap(), RankingRule::default());
}
