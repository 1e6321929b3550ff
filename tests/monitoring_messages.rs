//! The findings' typed messages (issue 24): every kind of sentence rendered in both languages
//! from its figures, nothing English or unfilled in the Vietnamese, the value read back from
//! its JSON as it was; and a store of schema 6 with recorded findings migrated to 7, its
//! findings' texts read back as recorded.

#[path = "disbursement_support/mod.rs"]
mod disbursement_support;

use grdpsim::datasets::{cao_bang_2025, cao_bang_monitoring_2025, cao_bang_monitoring_policy};
use grdpsim::date::{Date, Month};
use grdpsim::lang::{Lang, Note};
use grdpsim::monitoring::messages::{Basis, CapSource, Estimate, TaskDue, TaskWhen};
use grdpsim::monitoring::{
    Context, Finding, Message, Monitor, Profile, Quantity, Recurrence, Rule,
};
use grdpsim::period::Period;

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

fn task(when: TaskWhen) -> TaskDue {
    TaskDue {
        title: "Giải phóng mặt bằng QL4A".into(),
        person: "Ms X".into(),
        due: date("2025-08-01"),
        when,
        progress: Some(Quantity {
            done: 412.0,
            total: 632.0,
            unit: "hộ".into(),
        }),
    }
}

/// One message of every kind (the estimate on a gap), with the sentences each must read:
/// hand-formatted from the figures given.
#[allow(clippy::too_many_lines)]
fn every_kind() -> Vec<(Message, &'static str, &'static str)> {
    let name = Note::new("Industrial output", "Giá trị sản xuất công nghiệp");
    let q3 = Period::parse_in_year("Q3", 2025).unwrap();
    let h1 = Period::parse_in_year("H1", 2025).unwrap();
    let gap = Message::Gap {
        sector: "XD".into(),
        name: Note::new("Construction", "Xây dựng"),
        period: "2025H1".into(),
        actual_pct: 5.24,
        target_pct: 9.0,
        gap_pp: -0.456,
    };
    vec![
        (
            // 41.26 → 41.3 (one decimal), 50 → 50.0; pace 0.8249 → 0.82, threshold 0.9 → 0.90.
            Message::FlowBehind {
                indicator: name.clone(),
                period: Some(q3),
                basis: Basis::Plan,
                reached_pct: 41.26,
                expected_pct: 50.0,
                profile: Profile::LastYear,
                ratio: 0.8249,
                threshold: 0.9,
            },
            "Industrial output: 41.3% of the Q3 plan target reached against 50.0% expected by now (last year's monthly profile); pace 0.82 < 0.90.",
            "Giá trị sản xuất công nghiệp: đạt 41,3% mục tiêu kế hoạch Quý III so với 50,0% cần đạt đến nay (theo cơ cấu tháng năm trước); tiến độ 0,82 < 0,90.",
        ),
        (
            // Short 9.5 − 7.25 = 2.25 points; the rest need 11.76 → 11.8.
            Message::IndexBehind {
                indicator: Note::new("IIP", "Chỉ số sản xuất công nghiệp"),
                period: None,
                reached_pct: 7.25,
                target_pct: 9.5,
                short_pp: 2.25,
                needed_pct: Some(11.76),
            },
            "IIP: +7.25% y/y to date against a target of +9.50%, 2.25 points short; the remaining months need 11.8%.",
            "Chỉ số sản xuất công nghiệp: lũy kế tăng 7,25% so với cùng kỳ, mục tiêu 9,50%, thấp hơn 2,25 điểm; các tháng còn lại cần tăng 11,8%.",
        ),
        (
            Message::RequiredAboveHistory {
                sector: "CN".into(),
                required_pct: 14.04,
                remaining: "2025H2".into(),
                annual_target_pct: 10.0,
                cap_pct: 12.5,
                cap: CapSource::Policy,
            },
            "CN needs +14.0% over 2025H2 to reach its annual target of +10.0%; its cap (policy) is +12.5%.",
            "CN cần tăng 14,0% trong 6 tháng cuối năm/2025 để đạt mục tiêu năm 10,0%; mức trần (theo chính sách cảnh báo) là 12,5%.",
        ),
        (
            Message::RequiredAboveHistory {
                sector: "CN".into(),
                required_pct: 14.04,
                remaining: "2025Q4".into(),
                annual_target_pct: 10.0,
                cap_pct: 12.5,
                cap: CapSource::Years("2021-2024".into()),
            },
            "CN needs +14.0% over 2025Q4 to reach its annual target of +10.0%; its cap (2021-2024) is +12.5%.",
            "CN cần tăng 14,0% trong Quý IV/2025 để đạt mục tiêu năm 10,0%; mức trần (2021-2024) là 12,5%.",
        ),
        (
            // 5.24 → 5.2; the gap −0.456 is 0.46 points short.
            gap.clone(),
            "Construction (XD) grew 5.2% in 2025H1 against a target of 9.0%: 0.46 points of GRDP short.",
            "Xây dựng (XD) tăng 5,2% trong 6 tháng/2025 so với kịch bản 9,0%: hụt 0,46 điểm phần trăm GRDP.",
        ),
        (
            Message::Estimated {
                message: Box::new(gap),
                estimate: Estimate::Share,
                sector: "XD".into(),
                period: h1,
            },
            "Construction (XD) grew 5.2% in 2025H1 against a target of 9.0%: 0.46 points of GRDP short. XD's H1 figure is estimated, not published (a share of a published figure that covers more, pro rata to the targets).",
            "Xây dựng (XD) tăng 5,2% trong 6 tháng/2025 so với kịch bản 9,0%: hụt 0,46 điểm phần trăm GRDP. Số liệu 6 tháng của XD là số ước tính, chưa công bố riêng (phần chia của số liệu công bố gộp, theo tỷ lệ mục tiêu).",
        ),
        (
            Message::Estimated {
                message: Box::new(Message::Recorded {
                    en: "CN grew.".into(),
                    vi: "CN tăng.".into(),
                }),
                estimate: Estimate::Provisional,
                sector: "CN".into(),
                period: q3,
            },
            "CN grew. CN's Q3 figure is provisional (an estimate such as a nowcast, not yet published).",
            "CN tăng. Số liệu Quý III của CN là số sơ bộ (ước tính, ví dụ dự báo tức thời, chưa công bố).",
        ),
        (
            // 100 × 0.3149 = 31.49 → 31%.
            Message::Probability {
                target_pct: 8.0,
                p_reach: 0.3149,
                model: Note::new("normal, sd 1.0 pp", "phân phối chuẩn, độ lệch 1,0 điểm"),
            },
            "The probability of reaching the GRDP target of 8.0% is 31% (normal, sd 1.0 pp).",
            "Xác suất đạt mục tiêu tăng trưởng GRDP 8,0% là 31% (phân phối chuẩn, độ lệch 1,0 điểm).",
        ),
        (
            // SPI 0.6126: 61.26 → 61% of the monthly plans, 0.613 to three decimals.
            Message::DisbursementBehind {
                month_end: date("2025-07-31"),
                rate_pct: 38.44,
                spi: 0.6126,
                threshold: 0.8,
            },
            "Disbursement 38.4% of the plan in force on 2025-07-31; paid 61% of what the monthly plans called for (SPI 0.613 < 0.80).",
            "Giải ngân 38,4% kế hoạch vốn đến 2025-07-31; mới đạt 61% kế hoạch giải ngân theo tháng (SPI 0,613 < 0,80).",
        ),
        (
            // 22.5 − 40.0 = −17.5 points.
            Message::InvestorBelow {
                name: "Ban QLDA tỉnh".into(),
                rate_pct: 22.5,
                vs_province_pp: -17.5,
                province_pct: 40.0,
            },
            "Ban QLDA tỉnh has disbursed 22.5% of its plan, 17.5 points below the province's 40.0%.",
            "Ban QLDA tỉnh mới giải ngân 22,5% kế hoạch, thấp hơn mức chung của tỉnh (40,0%) 17,5 điểm.",
        ),
        (
            Message::Stalled {
                name: "Ban QLDA tỉnh".into(),
                projects: 3,
                weeks: 4,
            },
            "Ban QLDA tỉnh: 3 projects without a payment for 4 weeks or more.",
            "Ban QLDA tỉnh: 3 dự án không giải ngân từ 4 tuần trở lên.",
        ),
        (
            // 412/632 = 65.2% → 65%.
            Message::TaskOverdue {
                task: task(TaskWhen::Date),
                days: 3,
            },
            "Task \"Giải phóng mặt bằng QL4A\" (Ms X) is 3 days past its deadline 2025-08-01 and not done. Progress: 412/632 hộ, 65%.",
            "Nhiệm vụ \"Giải phóng mặt bằng QL4A\" (Ms X) đã quá hạn 3 ngày (hạn 2025-08-01) mà chưa hoàn thành. Tiến độ: 412/632 hộ, 65%.",
        ),
        (
            Message::TaskDueSoon {
                task: task(TaskWhen::Date),
                days: 5,
            },
            "Task \"Giải phóng mặt bằng QL4A\" (Ms X) is due in 5 days (2025-08-01) and not done. Progress: 412/632 hộ, 65%.",
            "Nhiệm vụ \"Giải phóng mặt bằng QL4A\" (Ms X) còn 5 ngày đến hạn (2025-08-01) và chưa hoàn thành. Tiến độ: 412/632 hộ, 65%.",
        ),
        (
            Message::TaskOverdue {
                task: task(TaskWhen::Recurring(Recurrence::EveryWeeks(2))),
                days: 4,
            },
            "Task \"Giải phóng mặt bằng QL4A\" (Ms X) is 4 days past its instance due 2025-08-01 (every 2 weeks) and not done. Progress: 412/632 hộ, 65%.",
            "Nhiệm vụ \"Giải phóng mặt bằng QL4A\" (Ms X) đã quá hạn 4 ngày (kỳ hạn 2025-08-01, định kỳ 2 tuần) mà chưa hoàn thành. Tiến độ: 412/632 hộ, 65%.",
        ),
        (
            Message::TaskDueSoon {
                task: TaskDue {
                    person: String::new(),
                    progress: None,
                    ..task(TaskWhen::Event("Khánh thành".into()))
                },
                days: 0,
            },
            "Task \"Giải phóng mặt bằng QL4A\" is due in 0 days (expected date 2025-08-01 of the event \"Khánh thành\") and not done.",
            "Nhiệm vụ \"Giải phóng mặt bằng QL4A\" còn 0 ngày đến hạn (ngày dự kiến 2025-08-01 của mốc \"Khánh thành\") và chưa hoàn thành.",
        ),
        (
            Message::ReportMissing {
                indicator: name.clone(),
                month: "2025-06".parse::<Month>().unwrap(),
                deadline: date("2025-07-05"),
            },
            "Industrial output: the report for 2025-06 is missing (due 2025-07-05).",
            "Giá trị sản xuất công nghiệp: chưa có báo cáo tháng 2025-06 (hạn 2025-07-05).",
        ),
        (
            // 12,345.6 → 12,346; +3.12 → +3.1, +8.64 → +8.6; the unit typed in Vietnamese
            // reads in English on an English page (Lang::unit).
            Message::PlanBelowScenario {
                indicator: name,
                period: "Q3".into(),
                plan: 12_345.6,
                unit: "tỷ đồng".into(),
                implied_pct: 3.12,
                assigned_pct: 8.64,
                derived: 13_000.0,
            },
            "Industrial output: your Q3 plan of 12,346 bn VND implies +3.1% value added; the scenario assigns +8.6% (13,000 bn VND).",
            "Giá trị sản xuất công nghiệp: kế hoạch quý III 12.346 tỷ đồng chỉ tương ứng giá trị tăng thêm +3,1%; kịch bản giao +8,6% (13.000 tỷ đồng).",
        ),
        (
            Message::Recorded {
                en: "As recorded.".into(),
                vi: "Như đã ghi.".into(),
            },
            "As recorded.",
            "Như đã ghi.",
        ),
    ]
}

/// The kinds of sentence [`every_kind`] covers, by the variant's name in its JSON.
fn kind(m: &Message) -> String {
    let json = serde_json::to_value(m).unwrap();
    match json {
        serde_json::Value::Object(o) => o.keys().next().unwrap().clone(),
        serde_json::Value::String(s) => s,
        other => panic!("{other}"),
    }
}

#[test]
fn every_kind_of_sentence_reads_in_both_languages_and_round_trips() {
    let cases = every_kind();
    let kinds: std::collections::BTreeSet<String> = cases.iter().map(|(m, ..)| kind(m)).collect();
    assert_eq!(kinds.len(), 14, "{kinds:?}");
    // English words a Vietnamese sentence must not carry (the names and titles given in the
    // cases are Vietnamese or codes).
    let english = [
        " the ",
        " of ",
        " is ",
        " are ",
        " has ",
        "target",
        "points",
        "expected",
        "pace",
        "report",
        "missing",
        "due ",
        "Task",
        "days",
        "Progress",
        "probability",
        "plan ",
        "scenario",
        "projects",
        "estimated",
        "provisional",
        "policy",
        "deadline",
        "instance",
        "event",
        "every",
        "weeks",
        "needs",
        "grew",
        "short",
        "published",
    ];
    for (m, en, vi) in &cases {
        assert_eq!(m.text(Lang::En), *en);
        assert_eq!(m.text(Lang::Vi), *vi);
        let v = m.text(Lang::Vi);
        for leak in ["{", "}", "NaN", "inf"].iter().chain(&english) {
            assert!(
                !v.contains(leak),
                "{leak:?} in the Vietnamese of {m:?}: {v}"
            );
        }
        let back: Message = serde_json::from_str(&serde_json::to_string(m).unwrap()).unwrap();
        assert_eq!(&back, m);
    }
}

/// A store of schema 6 with a recorded month (its findings with their texts only) opens at
/// schema 7; the month reads back with every message as it was recorded (the stored texts,
/// [`Message::Recorded`]); recorded again, the messages are typed and read the same.
#[test]
fn a_store_of_schema_6_with_recorded_findings_migrates_and_reads_them_as_recorded() {
    let dir = disbursement_support::TempDir::new("messages-v6");
    let path = dir.0.join("v6.sqlite");
    let (p, sc) = (
        cao_bang_monitoring_policy().unwrap(),
        cao_bang_2025().unwrap(),
    );
    let cx = Context {
        scenario: Some(&sc),
        as_of: None,
    };
    let july: Month = "2025-07".parse().unwrap();
    let recorded = {
        let mut m = cao_bang_monitoring_2025().unwrap();
        let f = m.record(july, &p, &cx).unwrap();
        m.tracker().store().backup(&path).unwrap();
        drop(m);
        let c = disbursement_support::downgrade(&path, 6);
        let v: i64 = c
            .query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 6);
        f
    };
    // The example's July: findings of every rule, one resting on an estimate.
    for rule in [
        Rule::BehindPace,
        Rule::GapPp,
        Rule::TaskDue,
        Rule::Disbursement,
    ] {
        assert!(recorded.findings.iter().any(|f| f.rule == rule), "{rule:?}");
    }
    assert!(recorded.findings.iter().any(|f| f.estimated));
    let mut m = Monitor::open(&path).unwrap();
    assert_eq!(
        m.tracker().store().schema_version().unwrap(),
        grdpsim::store::SCHEMA_VERSION
    );
    let back = m.recorded(july, &p).unwrap();
    assert_eq!(back.findings.len(), recorded.findings.len());
    let same = |a: &Finding, found: &[Finding]| {
        found
            .iter()
            .find(|b| (b.rule, &b.subject) == (a.rule, &a.subject))
            .cloned()
            .unwrap()
    };
    for a in &recorded.findings {
        let b = same(a, &back.findings);
        assert!(matches!(b.message, Message::Recorded { .. }), "{b:?}");
        for lang in [Lang::En, Lang::Vi] {
            assert_eq!(a.message(lang), b.message(lang));
            assert_eq!(a.statement(lang), b.statement(lang));
        }
    }
    m.record(july, &p, &cx).unwrap();
    let again = m.recorded(july, &p).unwrap();
    for a in &recorded.findings {
        let b = same(a, &again.findings);
        assert_eq!(a.message, b.message);
        assert!(!matches!(b.message, Message::Recorded { .. }), "{b:?}");
    }
}
