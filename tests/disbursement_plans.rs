//! Investors' weekly plans (issue 26 §2.2c): their import, and the count-down, the stalled rule
//! and the ranking reading them where they exist, checked by hand arithmetic.

mod disbursement_support;

use disbursement_support::{
    close, d, downgrade, rejected_rows, tracker_importing, TempDir, PROJECTS,
};

use grdpsim::disbursement::{Band, Level, PlanBasis, RankingRule, Tracker};
use grdpsim::GrdpsimError;

const PLANS: &str = "project,effective,amount
P1,2025-01-01,1000
P2,2025-01-01,500
P3,2025-01-01,400
";

/// July has 31 days: P1's 310 is 10 a day, P2's 62 is 2 a day, P3's 155 is 5 a day.
const MONTHLY: &str = "project,month,amount
P1,2025-06,100
P1,2025-07,310
P2,2025-07,62
P3,2025-07,155
";

/// P1's investor plans weekly from the week ending Friday 11 July (Saturday 5 July on), with
/// a pause in the week ending 25 July.
const WEEKLY: &str = "project,week_ending,planned
P1,2025-07-11,70
P1,2025-07-18,140
P1,2025-07-25,0
P1,2025-08-01,210
";

const PAYMENTS: &str = "project,week_ending,source,amount
P1,2025-07-04,treasury,150
P1,2025-07-11,treasury,60
P1,2025-07-18,treasury,100
P2,2025-07-04,treasury,20
P3,2025-07-18,treasury,100
";

fn tracker() -> Tracker {
    tracker_importing(&[
        ("projects.csv", PROJECTS, "cdt"),
        ("plans.csv", PLANS, "cdt"),
        ("monthly.csv", MONTHLY, "cdt"),
        ("weekly.csv", WEEKLY, "cdt"),
        ("payments.csv", PAYMENTS, "cdt"),
    ])
}

fn rejected(e: GrdpsimError) -> Vec<(usize, String, String)> {
    rejected_rows(e)
        .into_iter()
        .map(|p| (p.row, p.column, p.reason))
        .collect()
}

#[test]
fn weekly_plans_import_idempotently_in_either_language_and_audited() {
    let mut t = tracker();
    let audit = t.store().audit_trail().unwrap().len();
    let r = t.import_csv_str("weekly.csv", WEEKLY, "cdt").unwrap();
    assert_eq!((r.rows, r.inserted, r.updated, r.unchanged), (4, 0, 0, 4));
    assert_eq!(t.store().audit_trail().unwrap().len(), audit);
    // Vietnamese headers, a correction of one week and a new week: one update, one insert,
    // each audited with the old and the new figure.
    let r = t
        .import_csv_str(
            "ke-hoach-tuan.csv",
            "Mã dự án,Tuần kết thúc ngày,Kế hoạch tuần\nP1,2025-07-11,75\nP2,2025-07-11,10\n",
            "cdt",
        )
        .unwrap();
    assert_eq!((r.inserted, r.updated), (1, 1));
    let trail = t.store().audit_trail().unwrap();
    assert_eq!(trail.len(), audit + 2);
    let plans = t.weekly_plans(Some("P1")).unwrap();
    assert_eq!(plans.len(), 4);
    assert_eq!(plans[0].week_ending, d("2025-07-11"));
    close(plans[0].planned, 75.0);
    assert_eq!(t.weekly_plans(None).unwrap().len(), 5);
}

#[test]
fn a_weekly_plan_off_the_calendar_or_of_an_unknown_project_is_refused_whole() {
    let mut t = tracker();
    let before = t.weekly_plans(None).unwrap();
    // A Thursday, an unknown project, a negative amount; the good row is not written either.
    let e = t
        .import_csv_str(
            "bad.csv",
            "project,week_ending,planned\nP2,2025-07-11,5\nP2,2025-07-10,5\nP9,2025-07-11,5\nP3,2025-07-11,-1\n",
            "cdt",
        )
        .unwrap_err();
    let problems = rejected(e);
    let at: Vec<(usize, &str)> = problems.iter().map(|(r, c, _)| (*r, c.as_str())).collect();
    assert_eq!(at, [(3, "week_ending"), (4, "project"), (5, "planned")]);
    assert!(problems[0].2.contains("P2") && problems[0].2.contains("Friday"));
    assert_eq!(t.weekly_plans(None).unwrap(), before);
    // A plan is for weeks to come: a Friday beyond today plus the grace is accepted.
    t.set_clock(grdpsim::disbursement::Clock::Fixed(d("2025-07-18")));
    t.import_csv_str(
        "ahead.csv",
        "project,week_ending,planned\nP2,2025-12-26,5\n",
        "cdt",
    )
    .unwrap();
}

#[test]
fn the_count_down_uses_the_weekly_plan_where_it_exists_and_says_so() {
    let t = tracker();
    let rows = t.countdown(d("2025-07-18"), Level::Project).unwrap();
    let row = |k: &str| rows.iter().find(|r| r.key == k).unwrap();
    // P1, weekly from Saturday 5 July: the monthly plan to 4 July (June 100 + July 310·4/31 =
    // 140) and the weeks ending 11 and 18 July (70 + 140): 350 planned; paid 150 + 60 + 100 =
    // 310; SPI 310/350 = 0.8857, red (on the monthly plan alone: 100 + 310·18/31 = 280, SPI
    // 1.107, green); behind 40.
    let p1 = row("P1");
    assert_eq!(p1.plan_basis, PlanBasis::Weekly);
    close(p1.planned_to_date, 350.0);
    close(p1.paid, 310.0);
    close(p1.spi, 310.0 / 350.0);
    close(p1.behind, 40.0);
    assert_eq!(p1.band, Band::Red);
    // P2, monthly: 62·18/31 = 36 planned, 20 paid, SPI 0.5556, behind 16.
    let p2 = row("P2");
    assert_eq!(p2.plan_basis, PlanBasis::Monthly);
    close(p2.planned_to_date, 36.0);
    close(p2.behind, 16.0);
    // Investor A adds both: 386 planned, 330 paid, on both bases.
    let a = t.countdown(d("2025-07-18"), Level::Investor).unwrap();
    let a = a.iter().find(|r| r.key == "A").unwrap();
    assert_eq!(a.plan_basis, PlanBasis::Mixed);
    close(a.planned_to_date, 386.0);
    close(a.paid, 330.0);
    // Before P1's first planned week the monthly plan stands: 100 + 310·4/31 = 140.
    let early = t.countdown(d("2025-07-04"), Level::Project).unwrap();
    let p1 = early.iter().find(|r| r.key == "P1").unwrap();
    assert_eq!(p1.plan_basis, PlanBasis::Monthly);
    close(p1.planned_to_date, 140.0);
    // Within a planned week, pro rata to the day: Tuesday 22 July is 4/7 of the week ending
    // 25 July (planned 0), so 350 still.
    let mid = t.countdown(d("2025-07-22"), Level::Project).unwrap();
    close(
        mid.iter().find(|r| r.key == "P1").unwrap().planned_to_date,
        350.0,
    );
}

#[test]
fn one_investors_count_down_reads_its_projects_alone_and_equals_the_provinces_rows() {
    let t = tracker();
    let as_of = d("2025-07-18");
    // Investor A: P1 (weekly basis, 350 planned, 310 paid, behind 40) before P2 (monthly, 36
    // planned, 20 paid, behind 16), the furthest behind first; its own row 350 + 36 = 386
    // planned and 310 + 20 = 330 paid on both bases.
    let (rows, total) = t.investor_countdown(as_of, "A").unwrap();
    let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["P1", "P2"]);
    close(rows[0].planned_to_date, 350.0);
    close(rows[0].paid, 310.0);
    close(rows[1].planned_to_date, 36.0);
    close(rows[1].paid, 20.0);
    let total = total.unwrap();
    assert_eq!(total.plan_basis, PlanBasis::Mixed);
    close(total.planned_to_date, 386.0);
    close(total.paid, 330.0);
    // The same rows, figure for figure, as the province's count-down keeps of A's.
    let province = t.countdown(as_of, Level::Project).unwrap();
    let of_a: Vec<_> = province
        .into_iter()
        .filter(|r| r.key == "P1" || r.key == "P2")
        .collect();
    assert_eq!(rows, of_a);
    let investors = t.countdown(as_of, Level::Investor).unwrap();
    assert_eq!(Some(&total), investors.iter().find(|r| r.key == "A"));
    // B has P3 alone; an investor without projects has no rows and no total.
    let (b, b_total) = t.investor_countdown(as_of, "B").unwrap();
    assert_eq!(b.len(), 1);
    assert_eq!(b_total.unwrap().key, "B");
    assert_eq!(
        t.investor_countdown(as_of, "Z").unwrap(),
        (Vec::new(), None)
    );
    // P1's S-curve among A's projects (as the project page reads it) is its curve alone,
    // point for point: on 18 July 350 planned (its weekly plan) and 310 paid.
    let year_end = d("2025-12-31");
    let among_a = t.s_curve_of(year_end, Some("A"), Some("P1")).unwrap();
    assert_eq!(among_a, t.s_curve_of(year_end, None, Some("P1")).unwrap());
    let july_18 = among_a.iter().find(|p| p.date == as_of).unwrap();
    close(july_18.planned, 350.0);
    close(july_18.actual, 310.0);
}

#[test]
fn a_weekly_pause_is_not_stalled_and_a_missed_weekly_plan_is() {
    let t = tracker();
    // The week to 25 July: nobody paid. P1 planned 0 that week (a pause it announced): not
    // stalled. P2 (last paid 4 July) and P3 (18 July, outside the week) are, on the monthly
    // plan: P2's 62·25/31 − 62·18/31 = 14 in the window, P3's 155·7/31 = 35.
    let s = t.stalled(d("2025-07-25"), 1).unwrap();
    let keys: Vec<&str> = s.iter().map(|r| r.project.as_str()).collect();
    assert!(!keys.contains(&"P1"), "{keys:?}");
    let p2 = s.iter().find(|r| r.project == "P2").unwrap();
    assert_eq!(p2.plan_basis, PlanBasis::Monthly);
    close(p2.planned_in_window, 14.0);
    let p3 = s.iter().find(|r| r.project == "P3").unwrap();
    close(p3.planned_in_window, 35.0);
    // The week to 1 August: P1 planned 210 and paid nothing: stalled on its weekly plan.
    let s = t.stalled(d("2025-08-01"), 1).unwrap();
    let p1 = s.iter().find(|r| r.project == "P1").unwrap();
    assert_eq!(p1.plan_basis, PlanBasis::Weekly);
    close(p1.planned_in_window, 210.0);
    assert_eq!(p1.last_payment, Some(d("2025-07-18")));
}

#[test]
fn the_ranking_shows_paid_against_the_own_weekly_plan_beside_the_plan_in_force() {
    let t = tracker();
    let r = t
        .ranking(d("2025-07-18"), RankingRule::new(1, 0.0).unwrap())
        .unwrap();
    // B: 100 of 400 = 25.0%, first; A: 330 of 1,500 = 22.0%.
    let a = r.rows.iter().find(|x| x.investor == "A").unwrap();
    let b = r.rows.iter().find(|x| x.investor == "B").unwrap();
    assert_eq!((b.rank, a.rank), (Some(1), Some(2)));
    close(a.rate_pct, 22.0);
    // A's own weekly plan (P1 only): weeks ending 11 and 18 July planned 70 + 140 = 210, paid
    // in them 60 + 100 = 160: 76.19%. B has no weekly plan.
    close(a.weekly_plan_pct, 100.0 * 160.0 / 210.0);
    assert!(b.weekly_plan_pct.is_nan());
}

/// Weekly plans for projects of both investors, read in one query: each project's paid counts
/// from its own first planned week to the date, whatever it paid before, on the ranking's
/// source alone.
#[test]
fn the_weekly_plan_figures_sum_each_projects_own_weeks_for_every_investor() {
    let mut t = tracker();
    // P2 (A) plans weekly from the week ending 4 July, P3 (B) from 18 July; P3's week to
    // 25 July is after the date and counts for nothing.
    t.import_csv_str(
        "weekly-2.csv",
        "project,week_ending,planned
P2,2025-07-04,30
P2,2025-07-11,20
P3,2025-07-18,50
P3,2025-07-25,999
",
        "cdt",
    )
    .unwrap();
    // P2 paid 5 the week before its first planned week (not counted) and 10 on 11 July; the
    // investor's own report of 11 July (another source) is not the ranking's.
    t.import_csv_str(
        "payments-2.csv",
        "project,week_ending,source,amount
P2,2025-06-27,treasury,5
P2,2025-07-11,treasury,10
P2,2025-07-11,investor,40
",
        "cdt",
    )
    .unwrap();
    let r = t
        .ranking(d("2025-07-18"), RankingRule::new(1, 0.0).unwrap())
        .unwrap();
    let pct = |investor: &str| {
        r.rows
            .iter()
            .find(|x| x.investor == investor)
            .unwrap()
            .weekly_plan_pct
    };
    // A: P1 paid 60 + 100 of 70 + 140, P2 paid 20 + 10 of 30 + 20: 190 of 260.
    close(pct("A"), 100.0 * 190.0 / 260.0);
    // B: P3 paid 100 of 50.
    close(pct("B"), 200.0);
    // On 11 July P3's first planned week is still ahead: it has no figure yet.
    let r = t
        .ranking(d("2025-07-11"), RankingRule::new(1, 0.0).unwrap())
        .unwrap();
    let a = r.rows.iter().find(|x| x.investor == "A").unwrap();
    close(a.weekly_plan_pct, 100.0 * (60.0 + 30.0) / (70.0 + 50.0));
    assert!(r
        .rows
        .iter()
        .find(|x| x.investor == "B")
        .unwrap()
        .weekly_plan_pct
        .is_nan());
}

#[test]
fn a_store_of_version_5_is_migrated_keeping_its_obstacles_and_takes_weekly_plans() {
    let dir = TempDir::new("plans-v5");
    let path = dir.0.join("v5.sqlite");
    {
        let mut t = Tracker::create(&path, "Old", 2025).unwrap();
        t.import_csv_str("p.csv", PROJECTS, "then").unwrap();
        t.import_csv_str("m.csv", MONTHLY, "then").unwrap();
        t.import_csv_str(
            "o.csv",
            "project,description,reported,agency,status\nP1,Land,2025-05-02,Commune,open\n",
            "then",
        )
        .unwrap();
        downgrade(&path, 5);
        assert_eq!(t.store().schema_version().unwrap(), 5);
    }
    let mut t = Tracker::open(&path).unwrap();
    assert_eq!(
        t.store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    assert_eq!(t.obstacles_of("P1").unwrap()[0][0], "Land");
    t.import_csv_str("w.csv", WEEKLY, "now").unwrap();
    assert_eq!(t.weekly_plans(Some("P1")).unwrap().len(), 4);
}

/// Issue 26 §2.2a: monthly plan lines with their milestone and owner (Vietnamese headers); the
/// old layout without them imported above still stands for P2 and P3.
const MILESTONES: &str = "Mã dự án,Tháng,Số tiền,Mốc tiến độ,Người phụ trách
P1,2025-06,100,,
P1,2025-07,310,giải phóng mặt bằng xong,Nguyễn Văn A
P1,2025-08,200,gói thầu 2 nghiệm thu,Trần Thị B
P1,2025-09,150,,Trần Thị B
P3,2025-08,80,khởi công,Lê Văn C
";

#[test]
fn the_count_down_by_month_lists_what_remains_with_milestone_and_owner() {
    let mut t = tracker();
    let r = t.import_csv_str("mốc.csv", MILESTONES, "cdt").unwrap();
    // June unchanged; July gains its milestone and owner; three new lines.
    assert_eq!((r.inserted, r.updated, r.unchanged), (3, 1, 1));
    let rows = t.countdown_by_month(d("2025-07-18"), Some("P1")).unwrap();
    let got: Vec<(&str, f64, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r.month.as_str(),
                r.to_pay,
                r.milestone.as_str(),
                r.owner.as_str(),
            )
        })
        .collect();
    // P1 paid 310 by 18 July; the plan cumulates to 100, 410, 610, 760 at the ends of June
    // to September: July 410 − 310 = 100, August 610 − 410 = 200, September 760 − 610 = 150
    // (450 in all = 760 − 310); June is past.
    assert_eq!(
        got,
        [
            ("2025-07", 100.0, "giải phóng mặt bằng xong", "Nguyễn Văn A"),
            ("2025-08", 200.0, "gói thầu 2 nghiệm thu", "Trần Thị B"),
            ("2025-09", 150.0, "", "Trần Thị B"),
        ]
    );
    assert_eq!(rows[0].investor, "A");
    close(rows[1].planned, 200.0);
    // P3 pays ahead: 100 more on 25 July makes 200 against July's 155: July has nothing left
    // and August 155 + 80 − 200 = 35 of its 80.
    t.import_csv_str(
        "p3.csv",
        "project,week_ending,source,amount\nP3,2025-07-25,treasury,100\n",
        "kbnn",
    )
    .unwrap();
    let p3 = t.countdown_by_month(d("2025-07-25"), Some("P3")).unwrap();
    let got: Vec<(&str, f64)> = p3.iter().map(|r| (r.month.as_str(), r.to_pay)).collect();
    assert_eq!(got, [("2025-07", 0.0), ("2025-08", 35.0)]);
    assert_eq!(p3[1].milestone, "khởi công");
    // Every project's months, by project.
    let all = t.countdown_by_month(d("2025-07-25"), None).unwrap();
    assert_eq!(all.iter().filter(|r| r.project == "P2").count(), 1);
}

#[test]
fn a_project_without_a_monthly_plan_after_the_deadline_is_a_finding() {
    let mut t = tracker();
    t.import_csv_str(
        "p4.csv",
        "project,name,investor,capital_source\nP4,Canal 4,B,NSDP\n",
        "sotc",
    )
    .unwrap();
    t.import_csv_str(
        "b4.csv",
        "project,effective,amount\nP4,2025-03-01,300\n",
        "sotc",
    )
    .unwrap();
    assert_eq!(t.monthly_plan_deadline().unwrap(), d("2025-08-25"));
    assert!(t.missing_monthly_plans(d("2025-08-25")).unwrap().is_empty());
    let late = t.missing_monthly_plans(d("2025-08-29")).unwrap();
    assert_eq!(late.len(), 1);
    let m = &late[0];
    assert_eq!((m.project.as_str(), m.investor.as_str()), ("P4", "B"));
    assert_eq!(m.days_late, 4);
    close(m.plan, 300.0);
    assert_eq!(
        m.message(grdpsim::lang::Lang::Vi),
        "Dự án P4 Canal 4 (B): chưa có kế hoạch giải ngân theo tháng, hạn 2025-08-25, chậm 4 \
         ngày (kế hoạch vốn giao 300,0 triệu đồng)"
    );
    assert!(m
        .message(grdpsim::lang::Lang::En)
        .contains("no monthly plan by the deadline 2025-08-25, 4 day(s) late"));
    // In the weekly briefing, in the reader's language.
    let vi = grdpsim::reports::briefing::briefing(
        &t,
        d("2025-08-29"),
        d("2025-08-22"),
        grdpsim::lang::Lang::Vi,
    )
    .unwrap()
    .to_text();
    let section = &vi[vi
        .find("Dự án chưa có kế hoạch giải ngân theo tháng")
        .expect(&vi)..];
    assert!(
        section.contains("Dự án P4 Canal 4 (B): chưa có kế hoạch"),
        "{section}"
    );
    // The deadline is the store's setting.
    t.set_monthly_plan_deadline(d("2025-08-15"), "sotc")
        .unwrap();
    assert_eq!(
        t.missing_monthly_plans(d("2025-08-29")).unwrap()[0].days_late,
        14
    );
    let e = t
        .set_monthly_plan_deadline(d("2026-01-15"), "sotc")
        .unwrap_err();
    assert!(
        matches!(&e, GrdpsimError::InvalidArgument { name, .. } if name == "deadline"),
        "{e}"
    );
    // Its monthly plan in, the finding goes.
    t.import_csv_str("m4.csv", "project,month,amount\nP4,2025-09,300\n", "cdt")
        .unwrap();
    assert!(t.missing_monthly_plans(d("2025-08-29")).unwrap().is_empty());
}

#[test]
fn the_example_carries_weekly_plans_milestones_and_obstacles_in_every_status() {
    use grdpsim::disbursement::ObstacleStatus;
    let t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    let weekly = t.weekly_plans(None).unwrap();
    assert!(!weekly.is_empty());
    assert!(weekly.iter().all(|w| w.week_ending > d("2025-08-29")));
    // Before its first planned week a project keeps its monthly basis; at the end of
    // September the count-down measures it against its weekly plan.
    let p = &weekly[0].project;
    let basis = |day: &str| {
        t.countdown(d(day), Level::Project)
            .unwrap()
            .into_iter()
            .find(|r| &r.key == p)
            .unwrap()
            .plan_basis
    };
    assert_eq!(basis("2025-08-29"), PlanBasis::Monthly);
    assert_eq!(basis("2025-09-26"), PlanBasis::Weekly);
    let months = t.countdown_by_month(d("2025-08-29"), None).unwrap();
    let named: Vec<_> = months.iter().filter(|m| !m.owner.is_empty()).collect();
    assert!(!named.is_empty());
    assert!(named
        .iter()
        .all(|m| m.milestone.ends_with("(synthetic)") && m.owner.ends_with("(synthetic)")));
    let obstacles = t.obstacles(d("2025-12-31"), None, &[]).unwrap();
    for s in ObstacleStatus::ALL {
        assert!(obstacles.iter().any(|o| o.status == s), "{s:?}");
    }
}
