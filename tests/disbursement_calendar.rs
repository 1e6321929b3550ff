//! The reporting calendar (issue 21): weeks on the store's day and not in the future, a
//! default as-of that one row cannot move, withdrawals, dates in order, rows apart from records.

mod disbursement_support;

use disbursement_support::{d, rejected_rows as rejected, TempDir, PROJECTS};

use grdpsim::disbursement::{Calendar, Clock, Level, PaymentSource, RankingRule, Tracker};
use grdpsim::monitoring::Date;
use grdpsim::GrdpsimError;

fn tracker_on(today: &str) -> Tracker {
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    t.set_clock(Clock::Fixed(d(today)));
    t.import_csv_str("projects.csv", PROJECTS, "me").unwrap();
    t
}

fn payments(rows: &str) -> String {
    format!("project,week_ending,source,amount\n{rows}")
}

#[test]
fn a_week_ending_off_the_stores_day_is_refused_naming_row_project_date_and_the_expected_day() {
    let mut t = tracker_on("2025-09-30");
    let e = t
        .import_csv_str(
            "week.csv",
            &payments("P1,2025-09-05,investor,10\nP2,2025-09-03,investor,20\n"),
            "lan",
        )
        .unwrap_err();
    let problems = rejected(e);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert_eq!(
        (p.row, p.column.as_str(), p.value.as_str()),
        (3, "week_ending", "2025-09-03")
    );
    for part in ["P2", "Wednesday", "Friday", "2025-09-05"] {
        assert!(p.reason.contains(part), "{part} not in {}", p.reason);
    }
    // Nothing was written, not even the good row.
    assert_eq!(t.latest_week().unwrap(), None);
}

#[test]
fn a_week_beyond_the_clock_and_its_grace_is_refused_and_the_current_week_is_not() {
    // Friday 1 August 2025; the default grace (6 days) lets the current week be reported.
    let mut t = tracker_on("2025-08-01");
    t.import_csv_str("now.csv", &payments("P1,2025-08-01,investor,1\n"), "lan")
        .unwrap();
    let mut t = tracker_on("2025-08-04");
    t.import_csv_str("this.csv", &payments("P1,2025-08-08,investor,1\n"), "lan")
        .unwrap();
    let e = t
        .import_csv_str("late.csv", &payments("DA,2025-12-26,investor,0\n"), "lan")
        .unwrap_err();
    // The unknown project and the future week are both named.
    let problems = rejected(e);
    let week = problems
        .iter()
        .find(|p| p.column == "week_ending")
        .expect("the future week is a problem");
    for part in ["2025-12-26", "future", "2025-08-04", "2025-08-10"] {
        assert!(week.reason.contains(part), "{part} not in {}", week.reason);
    }
    let e = t
        .import_csv_str("next.csv", &payments("P1,2025-08-15,investor,1\n"), "lan")
        .unwrap_err();
    assert_eq!(rejected(e)[0].value, "2025-08-15");
}

#[test]
fn the_calendar_is_the_stores_own_and_survives_reopening() {
    let dir = TempDir::new("calendar");
    let db = dir.0.join("p.sqlite");
    let mut t = Tracker::create(&db, "x", 2025).unwrap();
    assert_eq!(t.calendar(), Calendar::default());
    let sunday = Calendar {
        week_ends_on: 7,
        grace_days: 0,
        reporting_share_pct: 100.0,
    };
    t.set_calendar(sunday, "admin").unwrap();
    assert!(t
        .set_calendar(
            Calendar {
                week_ends_on: 8,
                ..sunday
            },
            "admin"
        )
        .is_err());
    drop(t);
    let mut t = Tracker::open(&db).unwrap();
    assert_eq!(t.calendar(), sunday);
    t.set_clock(Clock::Fixed(d("2025-09-07")));
    t.import_csv(dir.file("projects.csv", PROJECTS), "me")
        .unwrap();
    t.import_csv_str("sun.csv", &payments("P1,2025-09-07,treasury,5\n"), "me")
        .unwrap();
    let e = t
        .import_csv_str("fri.csv", &payments("P1,2025-09-05,treasury,5\n"), "me")
        .unwrap_err();
    assert!(rejected(e)[0].reason.contains("Sunday"));
    // One project of three reported: below the 100% the calendar asks for.
    assert_eq!(t.default_as_of().unwrap(), None);
    let audited = t.store().audit_trail().unwrap();
    assert!(audited
        .iter()
        .any(|a| a.entity == "meta" && a.key == "week_ends_on" && a.new.as_deref() == Some("7")));
}

/// The observed defect: one investor's row for 26 December moved the whole province's as-of.
#[test]
fn one_entry_does_not_move_the_provinces_as_of_and_its_investor_can_withdraw_it() {
    let mut t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    t.set_clock(Clock::Fixed(d("2026-01-05")));
    let before = t.default_as_of().unwrap().expect("the example has weeks");
    assert_eq!(before.as_of, d("2025-08-29"));
    assert_eq!(before.projects, 300);
    assert!(before.reported >= 150, "{before}");
    let proj_before = t.projection(before.as_of).unwrap();
    let r = t
        .import_csv_str(
            "late.csv",
            &payments("DA-019,2025-12-26,investor,0\n"),
            "cdt",
        )
        .unwrap();
    assert_eq!((r.rows, r.inserted), (1, 1));
    assert_eq!(t.latest_week().unwrap(), Some(d("2025-08-29")));
    assert_eq!(t.default_as_of().unwrap(), Some(before));
    // Read on the investors' figures, the stray week has 1 of 300 projects.
    let investors = t.view(PaymentSource::Investor);
    let inv = investors.default_as_of().unwrap().unwrap();
    assert_eq!(inv.as_of, d("2025-08-29"));
    assert_eq!(investors.coverage(d("2025-12-26")).unwrap().reported, 1);
    assert_eq!(t.payment_source(), PaymentSource::Treasury);
    // A date between two week ends counts the week that ended before it.
    let july = t.coverage(d("2025-07-31")).unwrap();
    assert_eq!(july.week, d("2025-07-25"));
    assert!(july.reported > 150, "{july}");
    assert!(july
        .to_string()
        .starts_with("as of 2025-07-31 (week ending 2025-07-25): "));
    // The views say which week they used and how many projects reported it.
    let s = t.status(before.as_of, Level::Province).unwrap();
    assert_eq!(s.coverage, before);
    assert_eq!(
        s.coverage.to_string(),
        format!(
            "as of 2025-08-29: {} of 300 projects reported",
            before.reported
        )
    );
    assert_eq!(
        t.ranking(before.as_of, RankingRule::default())
            .unwrap()
            .coverage,
        before
    );
    // The year-end projection stays at the August pace (57.7%), not 33.5% with no week left.
    let proj = t.projection(t.latest_week().unwrap().unwrap()).unwrap();
    assert_eq!((proj.as_of, proj.weeks_left), (proj_before.as_of, 18));
    assert!((proj.at_pace_rate_pct - 57.7).abs() < 0.05, "{proj:?}");
    // The investor withdraws its entry; the audit trail keeps what it was.
    t.withdraw("DA-019", d("2025-12-26"), PaymentSource::Investor, "cdt")
        .unwrap();
    assert_eq!(
        investors.coverage(d("2025-12-26")).unwrap().reported,
        0,
        "the view reads what the tracker withdrew: one store"
    );
    let last = t.store().audit_trail().unwrap().pop().unwrap();
    assert_eq!(
        (last.who.as_str(), last.entity.as_str(), last.key.as_str()),
        ("cdt", "payments", "investor|DA-019|2025-12-26")
    );
    assert_eq!(
        (last.old.as_deref(), last.new.as_deref()),
        (Some("0"), None)
    );
    // A second withdrawal has nothing to withdraw.
    let e = t
        .withdraw("DA-019", d("2025-12-26"), PaymentSource::Investor, "cdt")
        .unwrap_err();
    assert!(matches!(e, GrdpsimError::NoSuchEntry { ref project, .. } if project == "DA-019"));
    assert!(e.to_string().contains("2025-12-26"), "{e}");
}

#[test]
fn since_after_as_of_and_a_date_that_is_not_one_are_typed_errors_naming_the_argument() {
    let t = grdpsim::datasets::cao_bang_disbursement_2025().unwrap();
    let e = t
        .status_between(d("2030-01-01"), d("2025-07-31"), Level::Province)
        .unwrap_err();
    match &e {
        GrdpsimError::InvalidDate {
            argument, value, ..
        } => assert_eq!((argument.as_str(), value.as_str()), ("since", "2030-01-01")),
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("2025-07-31"), "{e}");
    for (arg, text) in [
        ("since", "5"),
        ("as_of", "2025-7-31"),
        ("as_of", "31/07/2025"),
    ] {
        let e = Date::parse_arg(arg, text).unwrap_err();
        assert!(
            matches!(&e, GrdpsimError::InvalidDate { argument, value, .. } if argument == arg && value == text),
            "{e:?}"
        );
    }
    // The same day on both sides is an empty period, not an error.
    let s = t
        .status_between(d("2025-07-31"), d("2025-07-31"), Level::Province)
        .unwrap();
    assert!(s.total.change_pp.abs() < 1e-12, "{}", s.total.change_pp);
}

/// Rows read, inserted, updated, unchanged; records written.
fn counts(r: &grdpsim::disbursement::ImportReport) -> [usize; 5] {
    [
        r.rows,
        r.inserted,
        r.updated,
        r.unchanged,
        r.records_written,
    ]
}

#[test]
fn an_import_counts_rows_read_apart_from_records_written() {
    let mut t = Tracker::in_memory("x", 2025).unwrap();
    // Three rows, two new investors: five records, three rows inserted.
    let r = t.import_csv_str("projects.csv", PROJECTS, "me").unwrap();
    assert_eq!(counts(&r), [3, 3, 0, 0, 5]);
    // Renaming an investor changes the rows that carry it, not the projects.
    let renamed = PROJECTS.replace("Board B", "Board B (new name)");
    let r = t.import_csv_str("projects2.csv", &renamed, "me").unwrap();
    assert_eq!(counts(&r), [3, 0, 1, 2, 1]);
    let r = t.import_csv_str("projects3.csv", &renamed, "me").unwrap();
    assert_eq!(counts(&r), [3, 0, 0, 3, 0]);
}
