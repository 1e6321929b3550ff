//! Cao Bằng's monthly monitoring, July 2025: the published seven-month figures of the
//! People's Committee's July meeting, with **synthetic** monthly paths consistent with them,
//! a few tasks from the meeting's conclusions, on the synthetic disbursement portfolio
//! ([`super::cao_bang_disbursement_2025`]).
//!
//! Published (DOMAIN.md §7, the meeting's conclusion): industrial production value 3,583 bn
//! VND in seven months (44.9% of the year's plan, 42.3% of the growth scenario's target); IIP
//! +1.04% y/y; retail sales and consumer services +12.7%; tourism revenue 1,743 bn (87% of
//! plan); budget revenue 2,825 bn (135% of the provincial estimate); exports and imports 939 mn
//! USD. The annual targets are the published figure over the published share, rounded as a
//! department writes a target; every monthly figure before July, every 2024 figure, the retail
//! target, the Q3 plan of industrial production value (2,050 bn, the figure the meeting is
//! quoted with; the province's Q3 plans are not published) and the missing June report of
//! exports are **synthetic**, labelled so in the data (`note` column). The tasks are the
//! conclusion's (§2.1-2.4: sections, owners, deadlines, the 632 households); their persons,
//! statuses, progress, the instances reported and the Party congress's expected date are
//! **synthetic**.

use crate::disbursement::RawTable;
use crate::error::Result;
use crate::monitoring::{Monitor, WarningPolicy, TASK_COLUMNS, VALUE_COLUMNS};

/// Published, July 2025: industrial production value to date, bn VND.
pub const CAO_BANG_2025_JULY_INDUSTRY_VALUE: f64 = 3583.0;
/// Published: that value as a share of the year's plan and of the scenario's target, percent.
pub const CAO_BANG_2025_JULY_INDUSTRY_PLAN_SHARE_PCT: f64 = 44.9;
pub const CAO_BANG_2025_JULY_INDUSTRY_SCENARIO_SHARE_PCT: f64 = 42.3;
/// Published: IIP, seven months, y/y percent; the scenario's industry target for 2025.
pub const CAO_BANG_2025_JULY_IIP_PCT: f64 = 1.04;
pub const CAO_BANG_2025_INDUSTRY_TARGET_PCT: f64 = 7.14;
/// Published: retail sales and consumer services, seven months, y/y percent.
pub const CAO_BANG_2025_JULY_RETAIL_PCT: f64 = 12.7;
/// Published: tourism revenue to date, bn VND, and its share of the year's plan, percent.
pub const CAO_BANG_2025_JULY_TOURISM_REVENUE: f64 = 1743.0;
pub const CAO_BANG_2025_JULY_TOURISM_PLAN_SHARE_PCT: f64 = 87.0;
/// Published: budget revenue to date, bn VND, and its share of the provincial estimate.
pub const CAO_BANG_2025_JULY_BUDGET_REVENUE: f64 = 2825.0;
pub const CAO_BANG_2025_JULY_BUDGET_SHARE_PCT: f64 = 135.0;
/// Published: exports and imports to date, mn USD.
pub const CAO_BANG_2025_JULY_TRADE: f64 = 939.0;

/// The example's policy over the shipped one: caps on each sector's growth for rule 2, since
/// Cao Bằng's published history is too short for historical caps, and the link of the
/// industrial production value to industry (value added / output 0.25, output prices 1.5615
/// times 2010's) from which the scenario's target of 8,470 bn is derived
/// ([`crate::monitoring::derived`]). **Synthetic**: plausible figures for a mountain province,
/// not published ones.
pub const CAO_BANG_2025_POLICY_TOML: &str = "\
# Synthetic caps (percent): Cao Bang's quarterly history is not published.
[required.caps]
NLTS = 6.0
CN = 15.0
XD = 25.0
DV = 10.0
TSP = 10.0

# Synthetic conversion: industrial production value (current prices) from industry's value
# added (constant 2010 prices) in the scenario. With the 2025 scenario's industry value added
# (1,356.0 bn at 2010 prices, +7.14%) it gives 8,470 bn, the target the July meeting's 42.3%
# refers to.
[links.CN_GTSX]
sector = \"CN\"
va_ratio = 0.25
price_index = 1.5615
source = \"synthetic example: value added / output and output prices over 2010, Cao Bang 2025\"
";

/// The shipped warning policy with [`CAO_BANG_2025_POLICY_TOML`] over it.
///
/// # Errors
/// None in practice (the text is fixed); typed as [`crate::monitoring::WarningPolicy::from_toml_str`].
pub fn cao_bang_monitoring_policy() -> Result<WarningPolicy> {
    WarningPolicy::from_toml_str(CAO_BANG_2025_POLICY_TOML)
}

const SYN: &str = "synthetic";
const DIT: &str = "Sở Công Thương / Department of Industry and Trade";
const TOURISM_DEPT: &str =
    "Sở Văn hóa, Thể thao và Du lịch / Department of Culture, Sports and Tourism";
const FINANCE: &str = "Sở Tài chính / Department of Finance";

/// A target as a department writes it: the published figure over its published share,
/// rounded to `step`.
fn target_from_share(value: f64, share_pct: f64, step: f64) -> f64 {
    (value / (share_pct / 100.0) / step).round() * step
}

fn table(header: &[&str], rows: Vec<Vec<String>>) -> RawTable {
    RawTable::from_rows(None, header, rows)
}

#[allow(clippy::needless_pass_by_value)]
fn s(x: impl ToString) -> String {
    x.to_string()
}

/// The example's tables: indicators, targets, monthly values (2024 and 2025), tasks.
#[allow(clippy::too_many_lines)]
pub fn cao_bang_monitoring_2025_tables() -> Vec<RawTable> {
    let indicators = table(
        &[
            "indicator",
            "name_vi",
            "name_en",
            "unit",
            "department",
            "sector",
            "kind",
        ],
        [
            (
                "CN_IIP",
                "Chỉ số sản xuất công nghiệp (IIP)",
                "Industrial production index (IIP)",
                "%",
                DIT,
                "CN",
                "index",
            ),
            (
                "CN_GTSX",
                "Giá trị sản xuất công nghiệp",
                "Industrial production value",
                "bn VND",
                DIT,
                "CN",
                "flow",
            ),
            (
                "DV_BLHH",
                "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng",
                "Retail sales and consumer services",
                "%",
                DIT,
                "DV",
                "index",
            ),
            (
                "DL_DT",
                "Doanh thu du lịch",
                "Tourism revenue",
                "bn VND",
                TOURISM_DEPT,
                "DV",
                "flow",
            ),
            (
                "NS_THU",
                "Thu ngân sách nhà nước trên địa bàn",
                "State budget revenue",
                "bn VND",
                FINANCE,
                "TSP",
                "flow",
            ),
            (
                "XNK",
                "Kim ngạch xuất nhập khẩu",
                "Exports and imports",
                "mn USD",
                DIT,
                "",
                "flow",
            ),
        ]
        .into_iter()
        .map(|(c, vi, en, u, d, sec, k)| vec![s(c), s(vi), s(en), s(u), s(d), s(sec), s(k)])
        .collect(),
    );
    let targets = table(
        &["indicator", "period", "basis", "target"],
        vec![
            vec![
                s("CN_IIP"),
                s("year"),
                s("scenario"),
                s(CAO_BANG_2025_INDUSTRY_TARGET_PCT),
            ],
            vec![
                s("CN_GTSX"),
                s("year"),
                s("plan"),
                s(target_from_share(
                    CAO_BANG_2025_JULY_INDUSTRY_VALUE,
                    CAO_BANG_2025_JULY_INDUSTRY_PLAN_SHARE_PCT,
                    10.0,
                )),
            ],
            // The scenario's target of CN_GTSX is not written here: the loader derives it from
            // the scenario's industry targets by the policy's [links.CN_GTSX].
            // Synthetic: the department's Q3 target as the meeting is quoted (the province set
            // Q3, Q4 and H2 targets; their figures are not published): 2,050 bn, last year's
            // Q3 (1,811 bn) plus 13.2%. It implies less value-added growth than the scenario
            // assigns industry in Q3 (rule 8, see monitoring::derived).
            vec![s("CN_GTSX"), s("Q3"), s("plan"), s(2050.0)],
            // Synthetic: the retail target is not in the meeting's conclusion.
            vec![s("DV_BLHH"), s("year"), s("plan"), s(12.0)],
            vec![
                s("DL_DT"),
                s("year"),
                s("plan"),
                s(target_from_share(
                    CAO_BANG_2025_JULY_TOURISM_REVENUE,
                    CAO_BANG_2025_JULY_TOURISM_PLAN_SHARE_PCT,
                    10.0,
                )),
            ],
            vec![
                s("NS_THU"),
                s("year"),
                s("plan"),
                s(target_from_share(
                    CAO_BANG_2025_JULY_BUDGET_REVENUE,
                    CAO_BANG_2025_JULY_BUDGET_SHARE_PCT,
                    1.0,
                )),
            ],
        ],
    );
    let mut values: Vec<Vec<String>> = Vec::new();
    let mut month =
        |ind: &str, ym: String, v: Option<f64>, cum: Option<f64>, yoy: Option<f64>, note: &str| {
            let o = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
            values.push(vec![s(ind), ym, o(v), o(cum), o(yoy), s(note)]);
        };
    // Synthetic monthly paths; July's cumulative is the published figure.
    let gtsx_2024 = [
        460.0, 420.0, 500.0, 515.0, 530.0, 550.0, 571.0, 600.0, 640.0, 680.0, 720.0, 800.0,
    ];
    let gtsx_2025 = [470.0, 430.0, 500.0, 520.0, 540.0, 550.0];
    let iip = [-2.1, -1.5, -0.8, 0.2, 0.6, 0.9];
    let retail = [11.5, 11.9, 12.2, 12.4, 12.5, 12.6];
    let tourism = [210.0, 260.0, 230.0, 240.0, 250.0, 270.0];
    let budget_cum = [380.0, 720.0, 1050.0, 1420.0, 1900.0, 2400.0];
    let trade_cum = [120.0, 240.0, 390.0, 530.0, 680.0];
    for (k, v) in gtsx_2024.iter().enumerate() {
        month(
            "CN_GTSX",
            format!("2024-{:02}", k + 1),
            Some(*v),
            None,
            None,
            SYN,
        );
    }
    for k in 0..6 {
        let ym = format!("2025-{:02}", k + 1);
        month("CN_GTSX", ym.clone(), Some(gtsx_2025[k]), None, None, SYN);
        month("CN_IIP", ym.clone(), None, None, Some(iip[k]), SYN);
        month("DV_BLHH", ym.clone(), None, None, Some(retail[k]), SYN);
        month("DL_DT", ym.clone(), Some(tourism[k]), None, None, SYN);
        month("NS_THU", ym.clone(), None, Some(budget_cum[k]), None, SYN);
        // Synthetic: the June report of exports and imports never came.
        if k < 5 {
            month("XNK", ym, None, Some(trade_cum[k]), None, SYN);
        }
    }
    let pub_ = "published (July 2025 meeting)";
    let gtsx_june: f64 = gtsx_2025.iter().sum();
    let tourism_june: f64 = tourism.iter().sum();
    month(
        "CN_GTSX",
        s("2025-07"),
        Some(CAO_BANG_2025_JULY_INDUSTRY_VALUE - gtsx_june),
        Some(CAO_BANG_2025_JULY_INDUSTRY_VALUE),
        None,
        pub_,
    );
    month(
        "CN_IIP",
        s("2025-07"),
        None,
        None,
        Some(CAO_BANG_2025_JULY_IIP_PCT),
        pub_,
    );
    month(
        "DV_BLHH",
        s("2025-07"),
        None,
        None,
        Some(CAO_BANG_2025_JULY_RETAIL_PCT),
        pub_,
    );
    month(
        "DL_DT",
        s("2025-07"),
        Some(CAO_BANG_2025_JULY_TOURISM_REVENUE - tourism_june),
        Some(CAO_BANG_2025_JULY_TOURISM_REVENUE),
        None,
        pub_,
    );
    month(
        "NS_THU",
        s("2025-07"),
        None,
        Some(CAO_BANG_2025_JULY_BUDGET_REVENUE),
        None,
        pub_,
    );
    month(
        "XNK",
        s("2025-07"),
        None,
        Some(CAO_BANG_2025_JULY_TRADE),
        None,
        pub_,
    );
    let values = table(&VALUE_COLUMNS, values);
    vec![indicators, targets, values, cao_bang_july_tasks()]
}

const CONSTRUCTION: &str = "Sở Xây dựng / Department of Construction";
const HEALTH: &str = "Sở Y tế / Department of Health";
const AGRICULTURE: &str =
    "Sở Nông nghiệp và Môi trường / Department of Agriculture and Environment";

/// The tasks of the July meeting's conclusion (§2.2-2.4): their sections, owners and
/// deadlines are the conclusion's; persons, statuses, progress, the expected date of the
/// Party congress and the households done are **synthetic**.
fn cao_bang_july_tasks() -> RawTable {
    // The tasks layout's columns (TASK_COLUMNS): task, title, department, person, deadline,
    // start, expected, linked, status, progress, done_on, section, done, total, unit, result.
    type Row<'a> = [&'a str; 16];
    let rows: [Row<'_>; 9] = [
        ["T-01", "Kế hoạch giải ngân theo tháng của từng dự án / Monthly disbursement plan per project", "Các chủ đầu tư / Investors", "", "2025-08-25", "", "", "disbursement", "open", "", "", "2.2a", "", "", "", ""],
        ["T-02", "Báo cáo nguyên nhân IIP tăng thấp và giải pháp / Causes of the low IIP growth and remedies", DIT, "Giám đốc Sở / Director", "2025-07-31", "", "", "CN_IIP", "in_progress", "draft circulated", "", "2.1b", "", "", "", ""],
        ["T-03", "Đề xuất điều chỉnh kịch bản tăng trưởng quý III-IV / Proposed Q3-Q4 scenario adjustments", FINANCE, "Phó Giám đốc Sở / Deputy Director", "2025-09-15", "", "", "GRDP", "open", "", "", "2.1a", "", "", "", ""],
        ["T-04", "Chương trình kích cầu du lịch hè / Summer tourism programme", TOURISM_DEPT, "", "2025-07-15", "", "", "DL_DT", "done", "launched", "2025-07-12", "", "", "", "", ""],
        // A dated task: report before 20 August.
        ["T-05", "Rà soát mô hình quản lý dự án sau khi thực hiện chính quyền địa phương 02 cấp / Review of the project management model under two-tier local government", CONSTRUCTION, "", "2025-08-20", "", "", "disbursement", "in_progress", "", "", "2.4c", "", "", "", ""],
        // Recurring: the Chair's meeting on businesses' obstacles every two weeks, the first
        // on 25 July (held, see the instance's report below).
        ["T-06", "Họp định kỳ 02 tuần nghe báo cáo khó khăn, vướng mắc của doanh nghiệp / Fortnightly meeting on businesses' obstacles", FINANCE, "", "định kỳ 2 tuần", "2025-07-25", "", "", "in_progress", "", "", "2.4d", "", "", "", ""],
        // Recurring: the department's monthly report on its targets (§2.1b), by the 25th.
        ["T-07", "Báo cáo hằng tháng tình hình thực hiện chỉ tiêu được giao / Monthly report on the assigned targets", DIT, "", "hằng tháng trước ngày 25", "2025-07-25", "", "CN_GTSX", "in_progress", "", "", "2.1b", "", "", "", ""],
        // An event: before the provincial Party congress (its date synthetic).
        ["T-08", "Mua máy CT-Scanner cho Bệnh viện đa khoa tỉnh / CT scanner for the provincial general hospital", HEALTH, "", "trước Đại hội Đảng bộ tỉnh lần thứ XX", "", "2025-09-25", "", "in_progress", "tender documents", "", "2.4h", "", "", "", ""],
        // Quantitative: 632 households (the conclusion's figure); 412 reviewed is synthetic.
        ["T-09", "Rà soát 632 hộ chưa di dời gia súc ra khỏi gầm sàn nhà ở / Review of the 632 households keeping livestock under their houses", AGRICULTURE, "", "2025-09-15", "", "", "NLTS", "in_progress", "", "", "2.4a", "412", "632", "hộ", ""],
    ];
    table(
        &TASK_COLUMNS,
        rows.iter().map(|r| r.iter().map(s).collect()).collect(),
    )
}

/// The instances of the recurring tasks held by the meeting's end of July (**synthetic**):
/// the fortnightly meeting of 25 July and the monthly report of July.
fn report_july_instances(monitor: &mut Monitor) -> Result<()> {
    for (task, due, report) in [
        (
            "T-06",
            "2025-07-25",
            "Đã họp, 12 kiến nghị của doanh nghiệp / Held, 12 businesses' requests heard",
        ),
        (
            "T-07",
            "2025-07-25",
            "Đã báo cáo tháng 7 / July's report sent",
        ),
    ] {
        let due: crate::monitoring::Date = due.parse()?;
        monitor.report_task_instance(
            &crate::monitoring::TaskInstance {
                task: task.to_owned(),
                due,
                status: crate::monitoring::TaskStatus::Done,
                done_on: Some(due),
                report: report.to_owned(),
            },
            "grdpsim example",
        )?;
    }
    Ok(())
}

/// Loads the monitoring example into `monitor` (a store of 2025).
///
/// # Errors
/// [`crate::GrdpsimError::ImportRejected`] if the store is not of 2025;
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
pub fn load_cao_bang_monitoring_2025(monitor: &mut Monitor) -> Result<()> {
    monitor.import_tables(
        "cao_bang_monitoring_2025 (published July figures, synthetic paths)",
        cao_bang_monitoring_2025_tables(),
        "grdpsim example",
    )?;
    report_july_instances(monitor)?;
    let derived =
        monitor.derived_targets(&super::cao_bang_2025()?, &cao_bang_monitoring_policy()?)?;
    monitor.store_derived_targets(&derived, "grdpsim example")?;
    Ok(())
}

/// Cao Bằng's monitoring in July 2025, in memory: the synthetic disbursement portfolio with
/// the indicators, targets, monthly values and tasks of [`cao_bang_monitoring_2025_tables`].
/// Its digest ([`Monitor::digest`] with [`super::cao_bang_2025`] as the scenario) is the demo.
///
/// # Errors
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
///
/// # Examples
/// ```
/// use grdpsim::monitoring::{Context, Severity};
/// let mut m = grdpsim::datasets::cao_bang_monitoring_2025()?;
/// let sc = grdpsim::datasets::cao_bang_2025()?;
/// let cx = Context { scenario: Some(&sc), as_of: None };
/// let policy = grdpsim::datasets::cao_bang_monitoring_policy()?;
/// let digest = m.digest("2025-07".parse()?, &policy, &cx)?;
/// let iip = digest.findings().find(|f| f.subject == "indicator:CN_IIP").unwrap();
/// assert_eq!(iip.severity, Severity::Red);
/// assert!(digest.findings().all(|f| f.subject != "indicator:DL_DT"));
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
pub fn cao_bang_monitoring_2025() -> Result<Monitor> {
    let mut m = Monitor::from_tracker(super::cao_bang_disbursement_2025()?);
    load_cao_bang_monitoring_2025(&mut m)?;
    Ok(m)
}
