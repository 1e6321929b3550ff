//! Tasks as the meeting assigns them (issue 25 §2.4): deadlines that are a date, a recurrence
//! or an event's expected date, read from a tasks file in Vietnamese; a quantitative target
//! with its progress; rule 6's warnings on each, on constructed cases worked by hand.
//!
//! Counts are compared exactly where they are whole numbers read from a file.
#![allow(clippy::float_cmp)]

use grdpsim::lang::Lang;
use grdpsim::monitoring::{
    Context, Date, Deadline, Finding, Monitor, Quantity, Recurrence, Rule, Severity, TaskInstance,
    TaskStatus, WarningPolicy,
};
use grdpsim::GrdpsimError;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// The July 2025 meeting's kinds of deadline, as a secretary types them (Vietnamese numbers).
const TASKS: &str = "task,section,title,department,deadline,start,expected,status,done,total,unit,result
K-01,2.4(a),Họp doanh nghiệp,Sở Tài chính,định kỳ 2 tuần,2025-07-04,,in_progress,,,,
K-02,2.4(b),Báo cáo KPI,Sở Nội vụ,hằng tháng trước ngày 25,2025-07-01,,open,,,,
K-03,2.4(c),Hoàn thành xóa nhà tạm,Sở Xây dựng,trước Đại hội Đảng bộ,,2025-10-15,in_progress,412,632,hộ,
K-04,2.4(d),Kế hoạch vốn,Sở Tài chính,2025-08-25,,,open,\"1.250,5\",\"2.000,0\",tỷ đồng,
";

fn monitor() -> Monitor {
    let mut m = Monitor::in_memory("Test", 2025).unwrap();
    m.import_csv_str("tasks.csv", TASKS, "t").unwrap();
    m
}

#[test]
fn the_recurrence_grammar_in_both_languages() {
    for (text, r) in [
        ("định kỳ 2 tuần", Recurrence::EveryWeeks(2)),
        ("Every 2 weeks", Recurrence::EveryWeeks(2)),
        ("every week", Recurrence::EveryWeeks(1)),
        ("hằng tuần", Recurrence::EveryWeeks(1)),
        ("hằng tháng trước ngày 25", Recurrence::MonthlyBy(25)),
        ("hàng tháng trước ngày 25", Recurrence::MonthlyBy(25)),
        ("monthly by 25", Recurrence::MonthlyBy(25)),
        ("monthly by the 25th", Recurrence::MonthlyBy(25)),
    ] {
        assert_eq!(Recurrence::parse(text), Some(r), "{text}");
        assert_eq!(Recurrence::parse(&r.as_text()), Some(r));
    }
    for text in [
        "every 0 weeks",
        "monthly by 32",
        "định kỳ tuần",
        "2025-07-01",
        "sometimes",
    ] {
        assert_eq!(Recurrence::parse(text), None, "{text}");
    }
    assert_eq!(Recurrence::EveryWeeks(2).label(Lang::Vi), "định kỳ 2 tuần");
    assert_eq!(
        Recurrence::MonthlyBy(25).label(Lang::Vi),
        "hằng tháng trước ngày 25"
    );
}

#[test]
fn due_dates_counted_by_hand() {
    // Fortnightly from Friday 4 July: 4 and 18 July, 1 and 15 August.
    assert_eq!(
        Recurrence::EveryWeeks(2).due_dates(d("2025-07-04"), d("2025-08-15")),
        [
            d("2025-07-04"),
            d("2025-07-18"),
            d("2025-08-01"),
            d("2025-08-15")
        ]
    );
    // By the 31st: February's last day is the 28th; a start after the day skips that month.
    assert_eq!(
        Recurrence::MonthlyBy(31).due_dates(d("2025-01-31"), d("2025-04-30")),
        [
            d("2025-01-31"),
            d("2025-02-28"),
            d("2025-03-31"),
            d("2025-04-30")
        ]
    );
    assert_eq!(
        Recurrence::MonthlyBy(25).due_dates(d("2025-07-26"), d("2025-09-25")),
        [d("2025-08-25"), d("2025-09-25")]
    );
    let event = Deadline::Event {
        event: "trước Đại hội".into(),
        expected: d("2025-10-15"),
    };
    assert!(event.due_dates(d("2025-10-14")).is_empty());
    assert_eq!(event.due_dates(d("2025-10-15")), [d("2025-10-15")]);
}

#[test]
fn a_tasks_file_in_vietnamese_gives_every_kind_of_deadline_and_the_progress() {
    let tasks = monitor().tasks().unwrap();
    let t = |code: &str| tasks.iter().find(|t| t.code == code).unwrap();
    assert_eq!(
        t("K-01").deadline,
        Deadline::Recurring {
            every: Recurrence::EveryWeeks(2),
            start: d("2025-07-04")
        }
    );
    assert_eq!(t("K-01").section, "2.4(a)");
    assert_eq!(
        t("K-02").deadline,
        Deadline::Recurring {
            every: Recurrence::MonthlyBy(25),
            start: d("2025-07-01")
        }
    );
    assert_eq!(
        t("K-03").deadline,
        Deadline::Event {
            event: "trước Đại hội Đảng bộ".into(),
            expected: d("2025-10-15")
        }
    );
    assert_eq!(t("K-03").status, TaskStatus::InProgress);
    let q = t("K-03").quantity.clone().unwrap();
    assert_eq!(
        q,
        Quantity {
            done: 412.0,
            total: 632.0,
            unit: "hộ".into()
        }
    );
    assert_eq!(q.describe(Lang::Vi), "412/632 hộ, 65%");
    // Vietnamese thousands and decimal marks.
    let q = t("K-04").quantity.clone().unwrap();
    assert_eq!((q.done, q.total), (1250.5, 2000.0));
    assert_eq!(t("K-04").deadline, Deadline::Date(d("2025-08-25")));
    assert_eq!(t("K-04").deadline.kind(), "date");
}

fn problems(e: GrdpsimError) -> Vec<(usize, String, String, String)> {
    match e {
        GrdpsimError::ImportRejected { problems, .. } => problems
            .into_iter()
            .map(|p| (p.row, p.column, p.value, p.reason))
            .collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_deadline_that_is_neither_is_refused_naming_row_and_text() {
    let mut m = Monitor::in_memory("Test", 2025).unwrap();
    let e = m
        .import_csv_str(
            "tasks.csv",
            "task,title,department,deadline,start,expected,status,done,total\n\
             A,X,Y,định kỳ 2 tuần,,,open,,\n\
             B,X,Y,khi nào xong,,,open,,\n\
             C,X,Y,2025-09-01,,,open,12,\n\
             D,X,Y,2025-09-01,,,open,1,1.250\n",
            "t",
        )
        .unwrap_err();
    let p = problems(e);
    assert_eq!(p.len(), 4, "{p:?}");
    assert_eq!((p[0].0, p[0].1.as_str()), (2, "start"));
    assert!(p[0].3.contains("định kỳ 2 tuần"), "{p:?}");
    assert_eq!(
        (p[1].0, p[1].1.as_str(), p[1].2.as_str()),
        (3, "deadline", "khi nào xong")
    );
    assert!(p[1].3.contains("expected"), "{p:?}");
    assert_eq!((p[2].0, p[2].1.as_str()), (4, "total"));
    // 1.250 reads two ways in Vietnamese: refused with both readings.
    assert_eq!((p[3].0, p[3].1.as_str()), (5, "total"));
    assert!(p[3].3.contains("1250") && p[3].3.contains("1.25"), "{p:?}");
    assert!(m.tasks().unwrap().is_empty());
}

/// A recurrence started centuries back would make every instance since a due date (about
/// 52,000 for a weekly task from 1025): its start must fall in the plan year or the year
/// before, and a refusal names the row and the column.
#[test]
fn a_recurrence_starting_before_the_year_before_is_refused() {
    let mut m = Monitor::in_memory("Test", 2025).unwrap();
    let e = m
        .import_csv_str(
            "tasks.csv",
            "task,title,department,deadline,start,expected,status,done,total\n\
             A,X,Y,every 1 weeks,1025-01-03,,open,,\n\
             B,X,Y,every 2 weeks,2023-12-29,,open,,\n",
            "t",
        )
        .unwrap_err();
    let p = problems(e);
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!(
        (p[0].0, p[0].1.as_str(), p[0].2.as_str()),
        (2, "start", "1025-01-03")
    );
    assert!(p[0].3.contains("2024 or 2025"), "{p:?}");
    assert_eq!((p[1].0, p[1].1.as_str()), (3, "start"));
    assert!(m.tasks().unwrap().is_empty());
    // From last December, as a task carried over from the year before: taken.
    m.import_csv_str(
        "tasks.csv",
        "task,title,department,deadline,start,expected,status,done,total\n\
         B,X,Y,every 2 weeks,2024-12-27,,open,,\n",
        "t",
    )
    .unwrap();
    assert_eq!(m.tasks().unwrap().len(), 1);
}

fn task_findings(m: &Monitor, as_of: &str) -> Vec<Finding> {
    let cx = Context {
        scenario: None,
        as_of: Some(d(as_of)),
    };
    m.evaluate(ym("2025-07"), &WarningPolicy::default(), &cx)
        .unwrap()
        .findings
        .into_iter()
        .filter(|f| f.rule == Rule::TaskDue)
        .collect()
}

#[test]
fn an_event_task_warns_against_its_expected_date_with_its_progress() {
    let m = monitor();
    let lead = WarningPolicy::default().tasks.due_within_days as i32;
    let expected = d("2025-10-15");
    let of = |as_of: Date| {
        task_findings(&m, &as_of.to_string())
            .into_iter()
            .find(|f| f.subject == "task:K-03")
    };
    assert!(of(expected.add_days(-lead - 1)).is_none());
    let amber = of(expected.add_days(-lead)).unwrap();
    assert_eq!(amber.severity, Severity::Amber);
    assert!(
        amber.message(Lang::En).contains("expected date 2025-10-15"),
        "{}",
        amber.message(Lang::En)
    );
    assert!(
        amber.message(Lang::En).contains("412/632 hộ, 65%"),
        "{}",
        amber.message(Lang::En)
    );
    assert!(
        amber.message(Lang::Vi).contains("ngày dự kiến 2025-10-15"),
        "{}",
        amber.message(Lang::Vi)
    );
    let red = of(expected.add_days(3)).unwrap();
    assert_eq!(red.severity, Severity::Red);
    assert!(
        red.message(Lang::Vi).contains("quá hạn 3 ngày"),
        "{}",
        red.message(Lang::Vi)
    );
    assert_eq!(red.responsible, "Sở Xây dựng");
}

#[test]
fn a_recurring_task_warns_before_its_next_instance() {
    let m = monitor();
    // 2025-07-30: the fortnightly meeting of 1 August is two days away.
    let f = task_findings(&m, "2025-07-30");
    let k1 = f.iter().find(|f| f.subject == "task:K-01").unwrap();
    assert_eq!(k1.severity, Severity::Amber);
    assert!((k1.figure - 2.0).abs() < 1e-12);
    assert!(
        k1.message(Lang::Vi)
            .contains("kỳ hạn 2025-08-01, định kỳ 2 tuần"),
        "{}",
        k1.message(Lang::Vi)
    );
}

fn instance(task: &str, due: &str, status: TaskStatus, done_on: Option<&str>) -> TaskInstance {
    TaskInstance {
        task: task.into(),
        due: d(due),
        status,
        done_on: done_on.map(d),
        report: "họp ngày đó".into(),
    }
}

#[test]
fn a_recurring_tasks_instances_each_have_a_report_and_a_missed_one_is_a_finding() {
    let mut m = monitor();
    let k1 = |m: &Monitor, as_of: &str| -> Vec<TaskInstance> {
        m.task_instances(d(as_of))
            .unwrap()
            .into_iter()
            .filter(|i| i.task == "K-01")
            .collect()
    };
    let dues: Vec<Date> = k1(&m, "2025-08-05").iter().map(|i| i.due).collect();
    assert_eq!(dues, [d("2025-07-04"), d("2025-07-18"), d("2025-08-01")]);
    assert!(k1(&m, "2025-08-05")
        .iter()
        .all(|i| i.status == TaskStatus::Open));
    for due in ["2025-07-04", "2025-07-18"] {
        m.report_task_instance(&instance("K-01", due, TaskStatus::Done, Some(due)), "t")
            .unwrap();
    }
    let back = k1(&m, "2025-08-05");
    assert_eq!(back[1].status, TaskStatus::Done);
    assert_eq!(back[1].report, "họp ngày đó");
    assert_eq!(back[2].status, TaskStatus::Open);
    // 5 August: the meeting of 1 August was missed (red, 4 days), the next on 15 August is
    // 10 days away (amber); the two held are not findings.
    let f = task_findings(&m, "2025-08-05");
    let missed = f
        .iter()
        .find(|f| f.subject == "task:K-01@2025-08-01")
        .unwrap();
    assert_eq!(missed.severity, Severity::Red);
    assert!((missed.figure + 4.0).abs() < 1e-12);
    assert!(
        missed
            .message(Lang::En)
            .contains("instance due 2025-08-01 (every 2 weeks)"),
        "{}",
        missed.message(Lang::En)
    );
    let next = f.iter().find(|f| f.subject == "task:K-01").unwrap();
    assert_eq!(next.severity, Severity::Amber);
    assert!(
        next.message(Lang::En).contains("2025-08-15"),
        "{}",
        next.message(Lang::En)
    );
    assert!(!f.iter().any(|f| f.subject.starts_with("task:K-01@2025-07")));
    // Monthly by the 25th from 1 July: 25 July missed by 5 August.
    assert!(f.iter().any(|f| f.subject == "task:K-02@2025-07-25"));
}

#[test]
fn an_instance_report_is_refused_off_the_tasks_calendar() {
    let mut m = monitor();
    let bad = |m: &mut Monitor, i: TaskInstance| match m.report_task_instance(&i, "t") {
        Err(GrdpsimError::InvalidArgument { name, .. }) => name,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        bad(
            &mut m,
            instance("K-01", "2025-07-05", TaskStatus::Open, None)
        ),
        "due"
    );
    assert_eq!(
        bad(
            &mut m,
            instance("K-04", "2025-08-25", TaskStatus::Open, None)
        ),
        "task"
    );
    assert_eq!(
        bad(
            &mut m,
            instance("K-01", "2025-07-18", TaskStatus::Done, None)
        ),
        "done_on"
    );
    assert!(m
        .task_instances(d("2025-08-05"))
        .unwrap()
        .iter()
        .all(|i| i.status != TaskStatus::Done || i.task != "K-01"));
}

/// The example's task findings of `month` as of `as_of`, (subject, severity, days) sorted.
fn example_tasks(m: &Monitor, month: &str, as_of: &str) -> Vec<(String, Severity, f64)> {
    let cx = Context {
        scenario: None,
        as_of: Some(d(as_of)),
    };
    let policy = grdpsim::datasets::cao_bang_monitoring_policy().unwrap();
    let mut out: Vec<_> = m
        .evaluate(ym(month), &policy, &cx)
        .unwrap()
        .findings
        .into_iter()
        .filter(|f| f.rule == Rule::TaskDue)
        .map(|f| (f.subject, f.severity, f.figure))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn row(subject: &str, severity: Severity, days: f64) -> (String, Severity, f64) {
    (subject.to_owned(), severity, days)
}

#[test]
fn the_july_meetings_tasks_in_the_example_have_every_kind_of_deadline() {
    let m = grdpsim::datasets::cao_bang_monitoring_2025().unwrap();
    let tasks = m.tasks().unwrap();
    let task = |code: &str| tasks.iter().find(|t| t.code == code).unwrap();
    assert_eq!(task("T-05").deadline, Deadline::Date(d("2025-08-20")));
    assert_eq!(task("T-05").section, "2.4c");
    assert_eq!(
        task("T-06").deadline,
        Deadline::Recurring {
            every: Recurrence::EveryWeeks(2),
            start: d("2025-07-25")
        }
    );
    assert_eq!(
        task("T-07").deadline,
        Deadline::Recurring {
            every: Recurrence::MonthlyBy(25),
            start: d("2025-07-25")
        }
    );
    assert_eq!(
        task("T-08").deadline,
        Deadline::Event {
            event: "trước Đại hội Đảng bộ tỉnh lần thứ XX".into(),
            expected: d("2025-09-25")
        }
    );
    assert_eq!(
        task("T-09").quantity,
        Some(Quantity {
            done: 412.0,
            total: 632.0,
            unit: "hộ".into()
        })
    );
    assert!(task("T-09")
        .department
        .starts_with("Sở Nông nghiệp và Môi trường"));
    // The first fortnightly meeting and July's monthly report are reported held.
    let held: Vec<_> = m
        .task_instances(d("2025-07-31"))
        .unwrap()
        .into_iter()
        .filter(|i| i.task == "T-06" || i.task == "T-07")
        .map(|i| (i.task, i.due.to_string(), i.status))
        .collect();
    assert_eq!(
        held,
        [
            ("T-06".to_owned(), "2025-07-25".to_owned(), TaskStatus::Done),
            ("T-07".to_owned(), "2025-07-25".to_owned(), TaskStatus::Done)
        ]
    );
}

#[test]
fn the_examples_task_warnings_amber_before_red_after_and_a_missed_meeting() {
    let mut m = grdpsim::datasets::cao_bang_monitoring_2025().unwrap();
    // 31 July, 15 days' lead (to 15 August): T-02 is due today (0 days, amber); the
    // fortnightly meeting's next instance, 25 July + 14 = 8 August, is 8 days away (amber).
    // T-05 (20 August, 20 days), T-07 (25 August), T-01 (25 August) are beyond the lead.
    assert_eq!(
        example_tasks(&m, "2025-07", "2025-07-31"),
        [
            row("task:T-02", Severity::Amber, 0.0),
            row("task:T-06", Severity::Amber, 8.0),
        ]
    );
    // 10 August, the July report's deadline (the digest's default): the meeting of 8 August
    // was not reported, a red finding of its own 2 days past; the next, 22 August, 12 days
    // away; T-05 10 days, T-07's August report and T-01 15 days (inside the lead); T-02 10
    // days past.
    assert_eq!(
        example_tasks(&m, "2025-07", "2025-08-10"),
        [
            row("task:T-01", Severity::Amber, 15.0),
            row("task:T-02", Severity::Red, -10.0),
            row("task:T-05", Severity::Amber, 10.0),
            row("task:T-06", Severity::Amber, 12.0),
            row("task:T-06@2025-08-08", Severity::Red, -2.0),
            row("task:T-07", Severity::Amber, 15.0),
        ]
    );
    // 26 August: the dated tasks are past (T-05 by 6 days, T-01 by 1); both August meetings
    // missed (18 and 4 days); August's report to the 25th missed (1 day); the meeting of 5
    // September 10 days away. T-03 and T-09 (15 September) are 20 days away: not yet.
    assert_eq!(
        example_tasks(&m, "2025-08", "2025-08-26"),
        [
            row("task:T-01", Severity::Red, -1.0),
            row("task:T-02", Severity::Red, -26.0),
            row("task:T-05", Severity::Red, -6.0),
            row("task:T-06", Severity::Amber, 10.0),
            row("task:T-06@2025-08-08", Severity::Red, -18.0),
            row("task:T-06@2025-08-22", Severity::Red, -4.0),
            row("task:T-07@2025-08-25", Severity::Red, -1.0),
        ]
    );
    // The 8 August meeting reported held: its finding passes, the other stays.
    m.report_task_instance(
        &instance("T-06", "2025-08-08", TaskStatus::Done, Some("2025-08-08")),
        "Văn phòng UBND",
    )
    .unwrap();
    let after = example_tasks(&m, "2025-08", "2025-08-26");
    assert!(after.iter().all(|f| f.0 != "task:T-06@2025-08-08"));
    assert!(after.contains(&row("task:T-06@2025-08-22", Severity::Red, -4.0)));
    // 1 September: the 632 households (15 September) and the scenario proposal are 14 days
    // away; the household count is in the warning.
    let cx = Context {
        scenario: None,
        as_of: Some(d("2025-09-01")),
    };
    let policy = grdpsim::datasets::cao_bang_monitoring_policy().unwrap();
    let f = m
        .evaluate("2025-08".parse().unwrap(), &policy, &cx)
        .unwrap();
    let t9 = f
        .findings
        .iter()
        .find(|f| f.subject == "task:T-09")
        .unwrap();
    assert_eq!(t9.severity, Severity::Amber);
    assert!(
        t9.message(Lang::En).contains("Progress: 412/632 hộ, 65%"),
        "{}",
        t9.message(Lang::En)
    );
    assert!(
        t9.message(Lang::Vi).contains("Tiến độ: 412/632 hộ, 65%"),
        "{}",
        t9.message(Lang::Vi)
    );
    assert!(t9.responsible.starts_with("Sở Nông nghiệp và Môi trường"));
    // 15 September: the CT scanner before the Party congress, expected 25 September, 10 days.
    let cx = Context {
        scenario: None,
        as_of: Some(d("2025-09-15")),
    };
    let f = m
        .evaluate("2025-08".parse().unwrap(), &policy, &cx)
        .unwrap();
    let t8 = f
        .findings
        .iter()
        .find(|f| f.subject == "task:T-08")
        .unwrap();
    assert_eq!((t8.severity, t8.figure), (Severity::Amber, 10.0));
    assert!(
        t8.message(Lang::Vi)
            .contains("ngày dự kiến 2025-09-25 của mốc \"trước Đại hội Đảng bộ tỉnh lần thứ XX\""),
        "{}",
        t8.message(Lang::Vi)
    );
}

#[test]
fn the_examples_august_digest_names_the_missed_meeting_under_its_department() {
    let mut m = grdpsim::datasets::cao_bang_monitoring_2025().unwrap();
    let sc = grdpsim::datasets::cao_bang_2025().unwrap();
    let policy = grdpsim::datasets::cao_bang_monitoring_policy().unwrap();
    let cx = Context {
        scenario: Some(&sc),
        as_of: None,
    };
    m.digest("2025-07".parse().unwrap(), &policy, &cx).unwrap();
    let cx = Context {
        scenario: Some(&sc),
        as_of: Some(d("2025-08-26")),
    };
    let digest = m.digest("2025-08".parse().unwrap(), &policy, &cx).unwrap();
    let vi = digest.render(Lang::Vi, grdpsim::monitoring::DigestFormat::Text);
    assert!(
        vi.contains("đã quá hạn 18 ngày (kỳ hạn 2025-08-08, định kỳ 2 tuần)"),
        "{vi}"
    );
    let en = digest.render(Lang::En, grdpsim::monitoring::DigestFormat::Text);
    assert!(
        en.contains("is 18 days past its instance due 2025-08-08 (every 2 weeks)"),
        "{en}"
    );
    // The missed meeting of 8 August was found in July's digest already (as of 10 August):
    // it persists.
    let missed = digest
        .findings()
        .find(|f| f.subject == "task:T-06@2025-08-08")
        .unwrap();
    assert_eq!(missed.history, grdpsim::monitoring::History::Persisting);
    assert_eq!(missed.responsible, "Sở Tài chính / Department of Finance");
}

fn ym(text: &str) -> grdpsim::date::Month {
    text.parse().unwrap()
}
