//! The Treasury's reconciliation as a workflow (issue 26 §2.2d): differences per week and
//! cumulative as of any date, accepted with a note or sent back to the investor, audited, and
//! reopened by a later change of either figure. Checked by hand arithmetic.

mod disbursement_support;

use disbursement_support::{close, d, downgrade, tracker_importing, TempDir, PROJECTS};

use grdpsim::disbursement::{Decision, DifferenceState, RankingRule, Tracker, WeekDifference};
use grdpsim::GrdpsimError;

/// P1: 130 against 100 on 27 June (+30), 20 against nothing on 4 July (+20), the investor's 0
/// against nothing on 11 July (no difference). P2: 50 and 50 (none), the investor's 0 against
/// nothing on 4 July (none). P3: nothing against 40 on 4 July (−40), 10 against 10.3 on
/// 11 July (−0.3, within the tolerance of 0.5).
const PAYMENTS: &str = "project,week_ending,source,amount
P1,2025-06-27,investor,130
P1,2025-06-27,treasury,100
P1,2025-07-04,investor,20
P1,2025-07-11,investor,0
P2,2025-06-27,investor,50
P2,2025-06-27,treasury,50
P2,2025-07-04,investor,0
P3,2025-07-04,treasury,40
P3,2025-07-11,investor,10
P3,2025-07-11,treasury,10.3
";

fn tracker() -> Tracker {
    tracker_importing(&[
        ("projects.csv", PROJECTS, "admin"),
        ("payments.csv", PAYMENTS, "kbnn"),
    ])
}

/// [`tracker`] with a plan in force from 1 January: P1 1,000, P2 500, P3 500 (2,000 in all).
fn tracker_with_plan() -> Tracker {
    let mut t = tracker();
    t.import_csv_str(
        "plan.csv",
        "project,effective,amount\nP1,2025-01-01,1000\nP2,2025-01-01,500\nP3,2025-01-01,500\n",
        "stc",
    )
    .unwrap();
    t
}

fn keys(weeks: &[WeekDifference]) -> Vec<(String, String)> {
    weeks
        .iter()
        .map(|w| (w.project.clone(), w.week_ending.to_string()))
        .collect()
}

fn pair(p: &str, w: &str) -> (String, String) {
    (p.to_owned(), w.to_owned())
}

#[test]
fn differences_per_week_and_cumulative_as_of_any_date() {
    let t = tracker();
    // As of 30 June only P1's week of 27 June: 130 − 100 = 30.
    let june = t.reconciliation(d("2025-06-30"), 0.5).unwrap();
    assert_eq!(keys(&june.weeks), [pair("P1", "2025-06-27")]);
    close(june.weeks[0].difference, 30.0);
    assert_eq!(june.projects.len(), 1);
    close(june.projects[0].reported, 130.0);
    close(june.projects[0].treasury, 100.0);

    // As of 11 July, latest week first: P1 +20 (20 − nothing), P3 −40 (nothing − 40), P1 +30.
    // Not there: P2's 0 against nothing (4 July), P1's 0 against nothing (11 July), P3's
    // 10 − 10.3 = −0.3 within the tolerance.
    let july = t.reconciliation(d("2025-07-11"), 0.5).unwrap();
    assert_eq!(
        keys(&july.weeks),
        [
            pair("P1", "2025-07-04"),
            pair("P3", "2025-07-04"),
            pair("P1", "2025-06-27")
        ]
    );
    let w = &july.weeks[1];
    assert_eq!((w.reported, w.treasury), (None, Some(40.0)));
    close(w.difference, -40.0);
    assert_eq!(w.state, DifferenceState::Open);
    assert_eq!(w.investor, "B");
    // Cumulative: P1 130 + 20 + 0 = 150 against 100, +50; P3 10 against 40 + 10.3 = 50.3,
    // −40.3; largest first.
    let p: Vec<(&str, f64, f64, f64, usize)> = july
        .projects
        .iter()
        .map(|r| {
            (
                r.project.as_str(),
                r.reported,
                r.treasury,
                r.difference,
                r.weeks_open,
            )
        })
        .collect();
    assert_eq!(p.len(), 2);
    assert_eq!((p[0].0, p[0].4), ("P1", 2));
    close(p[0].1, 150.0);
    close(p[0].2, 100.0);
    close(p[0].3, 50.0);
    assert_eq!((p[1].0, p[1].4), ("P3", 1));
    close(p[1].1, 10.0);
    close(p[1].2, 50.3);
    close(p[1].3, -40.3);
    // At tolerance 0 P3's 0.3 counts: 4 weeks.
    assert_eq!(
        t.reconciliation(d("2025-07-11"), 0.0).unwrap().weeks.len(),
        4
    );
    assert!(matches!(
        t.reconciliation(d("2025-07-11"), -1.0),
        Err(GrdpsimError::InvalidArgument { .. })
    ));
}

#[test]
fn an_investors_zero_against_nothing_is_not_a_differing_week() {
    let t = tracker();
    // P1 to 11 July: weeks 27 June (130/100) and 4 July (20/–) differ, 11 July (0/–) does not:
    // 2 weeks, not 3; cumulative 150 − 100 = 50.
    let diff = t.differences(d("2025-07-11"), 0.0).unwrap();
    let p1 = diff.iter().find(|r| r.project == "P1").unwrap();
    assert_eq!(p1.weeks_differing, 2);
    close(p1.difference, 50.0);
    // P2 (50/50, then 0/–) has no difference at all.
    assert!(diff.iter().all(|r| r.project != "P2"));
}

#[test]
fn weeks_that_differ_and_cancel_out_are_read_only_where_the_tolerance_lets_them_count() {
    let mut t = tracker();
    // P2 gains two weeks that differ and cancel: 18 July 7.25 against 5, 25 July 5 against
    // 7.25; its cumulative stays 50 + 7.25 + 5 = 62.25 on both sides (the running totals
    // agree, so at a tolerance of 0.5 its weeks are not even read).
    t.import_csv_str(
        "more.csv",
        "project,week_ending,source,amount
P2,2025-07-18,investor,7.25
P2,2025-07-18,treasury,5
P2,2025-07-25,investor,5
P2,2025-07-25,treasury,7.25
",
        "kbnn",
    )
    .unwrap();
    let projects = |tolerance| -> Vec<(String, usize)> {
        t.differences(d("2025-07-31"), tolerance)
            .unwrap()
            .into_iter()
            .map(|r| (r.project, r.weeks_differing))
            .collect()
    };
    // P1 +50 (2 weeks), P3 10 − 50.3 = −40.3 (2 weeks); P2 differs by 0, not more than 0.5.
    assert_eq!(projects(0.5), [("P1".into(), 2), ("P3".into(), 2)]);
    // Below 0 every project with a differing week counts, P2's two weeks among them (by
    // absolute difference: 50, 40.3, then P2's 0).
    assert_eq!(
        projects(-1.0),
        [("P1".into(), 2), ("P3".into(), 2), ("P2".into(), 2)]
    );
    // The Treasury corrects its 25 July to 5: 62.25 against 50 + 5 + 5 = 60, +2.25 from
    // 18 July alone (25 July is 5 against 5), one week differing.
    t.import_csv_str(
        "fix.csv",
        "project,week_ending,source,amount\nP2,2025-07-25,treasury,5\n",
        "kbnn",
    )
    .unwrap();
    let p2 = t.differences(d("2025-07-31"), 0.5).unwrap();
    let p2 = p2.iter().find(|r| r.project == "P2").unwrap();
    close(p2.reported, 62.25);
    close(p2.treasury, 60.0);
    assert_eq!(p2.weeks_differing, 1);
}

#[test]
fn the_treasury_accepts_or_sends_back_audited_and_a_later_change_reopens() {
    let mut t = tracker();
    let audited = |t: &Tracker| t.store().audit_trail().unwrap().len();
    let before = audited(&t);
    t.decide_difference(
        "P1",
        d("2025-06-27"),
        Decision::Accepted,
        "  30 paid on the next voucher  ",
        "kbnn",
    )
    .unwrap();
    t.decide_difference(
        "P3",
        d("2025-07-04"),
        Decision::SentBack,
        "Báo cáo khoản đã thanh toán 40",
        "kbnn",
    )
    .unwrap();
    assert_eq!(audited(&t), before + 2);
    let trail = t.store().audit_trail().unwrap();
    let last = trail.last().unwrap();
    assert_eq!(
        (last.entity.as_str(), last.who.as_str(), last.old.as_deref()),
        ("reconciliation_decisions", "kbnn", None)
    );
    assert!(last.key.contains("P3") && last.key.contains("2025-07-04"));
    assert!(last.new.as_deref().unwrap().contains("sent_back"));

    let r = t.reconciliation(d("2025-07-11"), 0.5).unwrap();
    let accepted: Vec<_> = r.weeks_in(DifferenceState::Accepted).collect();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].project, "P1");
    assert_eq!(accepted[0].note, "30 paid on the next voucher");
    assert_eq!(accepted[0].decided_by, "kbnn");
    assert_eq!(r.weeks_in(DifferenceState::Open).count(), 1); // P1, 4 July
    let sent: Vec<_> = r.weeks_in(DifferenceState::SentBack).collect();
    assert_eq!(keys(&[sent[0].clone()]), [pair("P3", "2025-07-04")]);
    let p1 = r.projects.iter().find(|p| p.project == "P1").unwrap();
    assert_eq!(
        (p1.weeks_open, p1.weeks_accepted, p1.weeks_sent_back),
        (1, 1, 0)
    );
    // The investor's page lists what was sent back.
    assert_eq!(
        keys(&t.sent_back_of("P3").unwrap()),
        [pair("P3", "2025-07-04")]
    );
    assert!(t.sent_back_of("P1").unwrap().is_empty());

    // Deciding again replaces the decision, audited with the old one.
    t.decide_difference("P1", d("2025-06-27"), Decision::SentBack, "check", "admin")
        .unwrap();
    let last = t.store().audit_trail().unwrap().pop().unwrap();
    assert!(last.old.unwrap().contains("accepted"));
    t.decide_difference(
        "P1",
        d("2025-06-27"),
        Decision::Accepted,
        "30 paid on the next voucher",
        "kbnn",
    )
    .unwrap();

    // The Treasury corrects P1's 27 June to 110: 130 − 110 = 20, open again. The investor
    // reports 35 for P3's 4 July: 35 − 40 = −5, open again, no longer sent back.
    t.import_csv_str(
        "fix.csv",
        "project,week_ending,source,amount\nP1,2025-06-27,treasury,110\nP3,2025-07-04,investor,35\n",
        "kbnn",
    )
    .unwrap();
    let r = t.reconciliation(d("2025-07-11"), 0.5).unwrap();
    assert_eq!(r.weeks_in(DifferenceState::Open).count(), 3);
    let w = r
        .weeks
        .iter()
        .find(|w| w.project == "P1" && w.week_ending == d("2025-06-27"))
        .unwrap();
    close(w.difference, 20.0);
    assert!(w.note.is_empty());
    let w = r.weeks.iter().find(|w| w.project == "P3").unwrap();
    close(w.difference, -5.0);
    assert!(t.sent_back_of("P3").unwrap().is_empty());
}

#[test]
fn a_decision_without_a_difference_or_a_note_is_refused_and_changes_nothing() {
    let mut t = tracker();
    let before = t.store().audit_trail().unwrap().len();
    for (project, week) in [
        ("P2", "2025-06-27"), // 50 and 50
        ("P2", "2025-07-04"), // the investor's 0 against nothing
        ("P9", "2025-06-27"), // no such project
        ("P1", "2025-07-18"), // nothing reported
    ] {
        let e = t
            .decide_difference(project, d(week), Decision::Accepted, "ok", "kbnn")
            .unwrap_err();
        match &e {
            GrdpsimError::NoDifference {
                project: p,
                week_ending,
            } => assert_eq!((p.as_str(), week_ending.as_str()), (project, week)),
            other => panic!("{other}"),
        }
        assert!(e.to_string().contains(project) && e.to_string().contains(week));
    }
    let e = t
        .decide_difference("P1", d("2025-06-27"), Decision::Accepted, "   ", "kbnn")
        .unwrap_err();
    assert!(matches!(&e, GrdpsimError::InvalidArgument { name, .. } if name == "note"));
    assert!(e.to_string().contains("P1") && e.to_string().contains("2025-06-27"));
    let long = "x".repeat(grdpsim::disbursement::MAX_NOTE_CHARS + 1);
    assert!(t
        .decide_difference("P1", d("2025-06-27"), Decision::Accepted, &long, "kbnn")
        .is_err());
    assert_eq!(t.store().audit_trail().unwrap().len(), before);
    let r = t.reconciliation(d("2025-07-11"), 0.5).unwrap();
    assert_eq!(r.weeks_in(DifferenceState::Open).count(), 3);
    assert!(matches!(
        Decision::parse("maybe"),
        Err(GrdpsimError::UnknownOption { .. })
    ));
    assert_eq!(Decision::parse("Trả lại").unwrap(), Decision::SentBack);
    assert_eq!(
        DifferenceState::parse("open").unwrap(),
        DifferenceState::Open
    );
}

#[test]
fn a_store_of_version_5_is_migrated_and_takes_decisions() {
    let dir = TempDir::new("reconciliation-v5");
    let path = dir.0.join("v5.sqlite");
    {
        let mut t = Tracker::create(&path, "Old", 2025).unwrap();
        t.import_csv_str("p.csv", PROJECTS, "then").unwrap();
        t.import_csv_str("pay.csv", PAYMENTS, "then").unwrap();
        downgrade(&path, 5);
        assert_eq!(t.store().schema_version().unwrap(), 5);
    }
    let mut t = Tracker::open(&path).unwrap();
    assert_eq!(
        t.store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    t.decide_difference("P1", d("2025-07-04"), Decision::SentBack, "why?", "kbnn")
        .unwrap();
    assert_eq!(t.sent_back_of("P1").unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// The second denominator: the national target beside the plan in force.

#[test]
fn the_province_rate_against_the_plan_in_force_and_the_national_target() {
    let mut t = tracker_with_plan();
    let as_of = d("2025-07-11");
    // The Treasury's payments to 11 July: P1 100, P2 50, P3 40 + 10.3 = 200.3; plan 2,000.
    let both = t.rates_against_both(as_of).unwrap();
    close(both.paid, 200.3);
    close(both.plan, 2000.0);
    close(both.rate_plan_pct, 10.015);
    // No target: no second rate, never 0, and the cell says so.
    assert_eq!(
        (both.national.as_ref(), both.rate_national_pct),
        (None, None)
    );
    assert_eq!(
        both.national_cell(grdpsim::lang::Lang::Vi),
        "chưa có mục tiêu quốc gia"
    );
    assert_eq!(
        both.national_cell(grdpsim::lang::Lang::En),
        "no national target"
    );
    // The Prime Minister's 1,600: 200.3 / 1,600 = 12.51875%.
    t.set_national_target(1600.0, d("2024-12-05"), " QĐ 1508/QĐ-TTg ", "admin")
        .unwrap();
    let both = t.rates_against_both(as_of).unwrap();
    close(both.rate_national_pct.unwrap(), 12.518_75);
    close(both.rate_plan_pct, 10.015);
    let n = both.national.as_ref().unwrap();
    assert_eq!((n.year, n.source.as_str()), (2025, "QĐ 1508/QĐ-TTg"));
    assert_eq!(n.decided_on, d("2024-12-05"));
    assert_eq!(both.national_cell(grdpsim::lang::Lang::Vi), "12,5");
    // Replaced, audited with the old value; refusals name the argument and write nothing.
    t.set_national_target(2500.0, d("2025-02-10"), "QĐ 200/QĐ-TTg", "admin")
        .unwrap();
    let last = t.store().audit_trail().unwrap().pop().unwrap();
    assert_eq!(
        (last.entity.as_str(), last.key.as_str()),
        ("national_targets", "2025")
    );
    assert!(last.old.unwrap().contains("1508") && last.new.unwrap().contains("200/QĐ-TTg"));
    // 200.3 / 2,500 = 8.012%.
    close(
        t.rates_against_both(as_of)
            .unwrap()
            .rate_national_pct
            .unwrap(),
        8.012,
    );
    for (amount, source, name) in [
        (0.0, "x", "amount"),
        (f64::NAN, "x", "amount"),
        (5.0, " ", "source"),
    ] {
        let e = t
            .set_national_target(amount, d("2025-02-10"), source, "admin")
            .unwrap_err();
        assert!(
            matches!(&e, GrdpsimError::InvalidArgument { name: n, .. } if n == name),
            "{e}"
        );
        assert!(e.to_string().contains("2025"));
    }
    close(t.national_target().unwrap().unwrap().amount, 2500.0);
}

#[test]
fn the_ranking_with_both_rates_takes_the_province_as_the_sum_of_its_investors() {
    let mut t = tracker_with_plan();
    t.set_national_target(1600.0, d("2024-12-05"), "QĐ 1508/QĐ-TTg", "admin")
        .unwrap();
    let as_of = d("2025-07-11");
    let rule = RankingRule::new(1, 0.5).unwrap();
    let (ranking, both) = t.ranking_against_both(as_of, rule).unwrap();
    // The province: 200.3 paid of 2,000 = 10.015%; of the national 1,600 = 12.51875%.
    close(both.paid, 200.3);
    close(both.plan, 2000.0);
    close(both.rate_plan_pct, 10.015);
    close(both.rate_national_pct.unwrap(), 12.518_75);
    assert_eq!(both, t.rates_against_both(as_of).unwrap());
    // B: 40 + 10.3 = 50.3 of 500 = 10.06% (published 10.1), +0.045 pp on the province;
    // A: 100 + 50 = 150 of 1,500 = 10% (10.0), −0.015 pp. Mean (10.06 + 10) / 2 = 10.03.
    let rows: Vec<_> = ranking
        .rows
        .iter()
        .map(|r| (r.investor.as_str(), r.name.as_str(), r.rank, r.projects))
        .collect();
    assert_eq!(
        rows,
        [("B", "Board B", Some(1), 1), ("A", "Board A", Some(2), 2)]
    );
    close(ranking.rows[0].rate_pct, 10.06);
    close(ranking.rows[0].vs_province_pp, 0.045);
    close(ranking.rows[1].paid, 150.0);
    close(ranking.rows[1].vs_province_pp, -0.015);
    close(ranking.province_rate_pct, 10.015);
    close(ranking.mean_ranked_rate_pct, 10.03);
    // The week of 11 July: the Treasury reported P3 alone, of 3 projects.
    assert_eq!(
        (ranking.coverage.reported, ranking.coverage.projects),
        (1, 3)
    );
    assert_eq!(ranking.coverage, t.coverage(as_of).unwrap());
    let alone = t.ranking(as_of, rule).unwrap();
    assert_eq!(
        (
            ranking.rows.len(),
            ranking.coverage,
            ranking.province_rate_pct
        ),
        (alone.rows.len(), alone.coverage, alone.province_rate_pct)
    );
    for (a, b) in ranking.rows.iter().zip(&alone.rows) {
        assert_eq!(
            (&a.investor, a.rank, a.paid, a.plan),
            (&b.investor, b.rank, b.paid, b.plan)
        );
    }
}
