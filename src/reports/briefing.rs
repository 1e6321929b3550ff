//! The weekly disbursement briefing (báo cáo giải ngân hằng tuần): what the Finance Department
//! brings to the weekly meeting, as a [`Document`] rendered as text, Markdown, HTML or a
//! workbook, in Vietnamese or English.
//!
//! Its first paragraph is the province's rate and the change since `since` split into what
//! payments added and what plan revisions took away (how many revisions, the plan before and
//! after: [`Tracker::status_between`]); then the rates by capital source, the ranking of
//! investors with each one's change since `since`, the proposals for the investors below the
//! province, the projects behind their monthly plan (trừ lùi), the stalled projects, the
//! overdue obstacles, the differences between investors' reports and the Treasury, the plan
//! revisions of the period and the year-end projection. Amounts are million VND, grouped as the
//! reader's language writes them (`1.705.027,0` in Vietnamese); headers and the workbook's
//! sheet names are in the reader's language.
//!
//! ```
//! use grdpsim::lang::Lang;
//! use grdpsim::reports::briefing::briefing;
//!
//! let t = grdpsim::datasets::cao_bang_disbursement_2025()?;
//! let doc = briefing(&t, "2025-07-31".parse()?, "2025-06-30".parse()?, Lang::Vi)?;
//! assert!(doc.to_text().contains("41,8% → 26,8%"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;

use crate::disbursement::{
    AdvanceLevel, AdvancePurpose, AdvanceRow, Band, Level, PaymentSource, ProposalOptions,
    RankingRule, Tracker, DEFAULT_ADVANCE_AGE_DAYS,
};
use crate::document::{Block, Cell, Column, Document, Table};
use crate::error::Result;
use crate::lang::Lang;
use crate::monitoring::Date;

/// Weeks without a payment after which a project is stalled, as the proposals count them.
const STALLED_WEEKS: u32 = 4;
/// Investor and Treasury figures closer than this (million VND) do not differ.
const TOLERANCE: f64 = 0.5;

/// A figure as a cell: a number that is not finite (a rate over a zero plan) is empty.
fn num(x: f64) -> Cell {
    Cell::from(x.is_finite().then_some(x))
}

/// A table of the briefing: caption, its sheet's name and its rows.
fn table(
    caption: String,
    sheet: &str,
    columns: Vec<Column>,
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<Block> {
    let mut t = Table::new(caption, columns);
    for row in rows {
        t.push_row(row)?;
    }
    Ok(Block::Table(t.with_sheet(sheet)))
}

/// The schedule band in the reader's language.
fn band(b: Band, lang: Lang) -> &'static str {
    match b {
        Band::Green => lang.pick("green", "xanh"),
        Band::Amber => lang.pick("amber", "vàng"),
        Band::Red => lang.pick("red", "đỏ"),
        Band::None => "",
    }
}

/// The weekly briefing of `tracker` (on its payment source) as of `as_of`, its changes
/// measured from `since`, in `lang`; see the [module documentation](self).
///
/// # Errors
/// [`crate::GrdpsimError::InvalidDate`] if `since` is after `as_of`;
/// [`crate::GrdpsimError::Database`] if `SQLite` fails.
#[allow(clippy::too_many_lines)] // one flat list of sections
pub fn briefing(tracker: &Tracker, as_of: Date, since: Date, lang: Lang) -> Result<Document> {
    let l = |en: &'static str, vi: &'static str| lang.pick(en, vi);
    let pp = l("pp", "điểm %");
    let province = tracker.status_between(since, as_of, Level::Province)?;
    let sources = tracker.status_between(since, as_of, Level::CapitalSource)?;
    let investors = tracker.status_between(since, as_of, Level::Investor)?;
    let rule = RankingRule::default();
    let ranking = tracker.ranking(as_of, rule)?;
    let proposals = tracker.proposals(as_of, &ProposalOptions::default())?;
    let countdown = tracker.countdown(as_of, Level::Project)?;
    let stalled = tracker.stalled(as_of, STALLED_WEEKS)?;
    let obstacles = tracker.overdue_obstacles(as_of)?;
    let differences = tracker.differences(as_of, TOLERANCE)?;
    let projection = tracker.projection(as_of)?;

    let mut doc = Document::new(
        format!(
            "{} {} — {}",
            l(
                "Public-investment disbursement",
                "Giải ngân vốn đầu tư công năm"
            ),
            tracker.year(),
            tracker.province()
        ),
        lang,
    );
    let figures = match tracker.payment_source() {
        PaymentSource::Treasury => l("State Treasury figures", "số liệu Kho bạc Nhà nước"),
        PaymentSource::Investor => l("investors' own reports", "số liệu chủ đầu tư báo cáo"),
    };
    doc.subtitle = Some(format!(
        "{}; {figures}; {}",
        province.coverage.describe(lang),
        l("million VND", "triệu đồng")
    ));

    // The province's rate and why it moved.
    let p = &province.total;
    let money = |x: f64| lang.grouped(x, 1);
    doc.push(Block::Paragraph(format!(
        "{} {since} {} {as_of}: {}% → {}% ({} {pp}): {} {pp} {} {} {pp} {} {} {} ({} {} → {}). {} {} / {} {}.",
        l(
            "Province-wide disbursement rate from",
            "Tỷ lệ giải ngân toàn tỉnh từ ngày"
        ),
        l("to", "đến ngày"),
        lang.number(p.rate_before_pct, 1),
        lang.number(p.rate_pct, 1),
        lang.signed(p.change_pp, 1),
        lang.signed(p.from_payments_pp, 1),
        l("from payments,", "do thanh toán,"),
        lang.signed(p.from_plan_pp, 1),
        l("from", "do"),
        province.revisions.len(),
        l("plan revisions", "lượt điều chỉnh kế hoạch vốn"),
        l("plan in force", "kế hoạch vốn giao"),
        money(p.plan_before),
        money(p.plan),
        l("Disbursed", "Đã giải ngân"),
        money(p.paid),
        money(p.plan),
        l("million VND", "triệu đồng"),
    )));

    let heading = |text: &str| Block::Heading {
        level: 2,
        text: text.to_owned(),
    };
    let plan_paid = || {
        vec![
            Column::amount(l("Plan in force", "Kế hoạch vốn giao"), 1),
            Column::amount(l("Paid", "Đã giải ngân"), 1),
            Column::number(l("Rate %", "Tỷ lệ %"), 1),
        ]
    };
    let since_header = |what: &str| format!("{what} {since} ({pp})");

    // By capital source, the province last.
    doc.push(heading(l("By capital source", "Theo nguồn vốn")));
    let mut columns = vec![Column::text(l("Capital source", "Nguồn vốn"))];
    columns.extend(plan_paid());
    columns.extend([
        Column::number(since_header(l("Change since", "Thay đổi từ")), 1),
        Column::number(l("From payments", "Do thanh toán"), 1),
        Column::number(l("From plan revisions", "Do điều chỉnh kế hoạch"), 1),
    ]);
    doc.push(table(
        l("Disbursement by capital source", "Giải ngân theo nguồn vốn").to_owned(),
        l("By source", "Nguồn vốn"),
        columns,
        sources.rows.iter().chain([&sources.total]).map(|r| {
            let name = if r.key == "province" {
                l("Province", "Toàn tỉnh").to_owned()
            } else {
                r.name.clone()
            };
            vec![
                Cell::from(name),
                num(r.plan),
                num(r.paid),
                num(r.rate_pct),
                num(r.change_pp),
                num(r.from_payments_pp),
                num(r.from_plan_pp),
            ]
        }),
    )?);

    // The ranking, each investor with its change since `since`.
    doc.push(heading(l("Ranking of investors", "Xếp hạng chủ đầu tư")));
    doc.push(Block::Paragraph(format!(
        "{} {}%. {} {} {}; {} {}% {}.",
        l("Province", "Toàn tỉnh"),
        lang.number(ranking.province_rate_pct, 1),
        l(
            "Investors with the same rate to",
            "Chủ đầu tư có cùng tỷ lệ làm tròn đến"
        ),
        rule.decimals(),
        l("decimal share a rank", "chữ số thập phân cùng hạng"),
        l("plans under", "kế hoạch dưới"),
        lang.shortest(rule.min_share_pct()),
        l(
            "of the province's are not ranked",
            "kế hoạch của tỉnh không xếp hạng"
        ),
    )));
    let change: HashMap<&str, f64> = investors
        .rows
        .iter()
        .map(|r| (r.key.as_str(), r.change_pp))
        .collect();
    let mut columns = vec![
        Column::number(l("Rank", "Hạng"), 0),
        Column::text(l("Investor", "Mã")),
        Column::text(l("Name", "Chủ đầu tư")),
    ];
    columns.extend(plan_paid());
    columns.extend([
        Column::number(l("Vs province (pp)", "So với tỉnh (điểm %)"), 1),
        Column::number(since_header(l("Change since", "Thay đổi từ")), 1),
        Column::text(l("Note", "Ghi chú")),
    ]);
    doc.push(table(
        l(
            "Investors by disbursement rate",
            "Chủ đầu tư theo tỷ lệ giải ngân",
        )
        .to_owned(),
        l("Ranking", "Xếp hạng"),
        columns,
        ranking.rows.iter().map(|r| {
            vec![
                Cell::from(r.rank.map(|k| k as f64)),
                Cell::from(r.investor.as_str()),
                Cell::from(r.name.as_str()),
                num(r.plan),
                num(r.paid),
                num(r.rate_pct),
                num(r.vs_province_pp),
                Cell::from(
                    change
                        .get(r.investor.as_str())
                        .copied()
                        .filter(|x| x.is_finite()),
                ),
                Cell::from(ranking.note_in(r, lang)),
            ]
        }),
    )?);

    // What the meeting is asked to decide about the slow investors.
    doc.push(heading(l(
        "Proposals for the investors below the province",
        "Kiến nghị đối với chủ đầu tư giải ngân dưới mức bình quân của tỉnh",
    )));
    doc.push(table(
        l("Proposals", "Kiến nghị").to_owned(),
        l("Proposals", "Kiến nghị"),
        vec![
            Column::number(l("Rank", "Hạng"), 0),
            Column::text(l("Investor", "Chủ đầu tư")),
            Column::number(l("Rate %", "Tỷ lệ %"), 1),
            Column::number(l("Vs province (pp)", "So với tỉnh (điểm %)"), 1),
            Column::text(l("Subject", "Đối tượng")),
            Column::amount(l("Amount", "Số tiền"), 1),
            Column::text(l("Proposal", "Kiến nghị")),
        ],
        proposals.iter().map(|r| {
            vec![
                Cell::from(r.rank.map(|k| k as f64)),
                Cell::from(format!("{} {}", r.investor, r.investor_name)),
                num(r.rate_pct),
                num(r.vs_province_pp),
                Cell::from(r.subject.as_str()),
                num(r.amount),
                Cell::from(r.message(lang)),
            ]
        }),
    )?);

    // Count-down: the projects behind their monthly plan, furthest behind first.
    doc.push(heading(l(
        "Behind the monthly plan",
        "Chậm so với kế hoạch tháng (trừ lùi)",
    )));
    let mut columns = vec![
        Column::text(l("Project", "Dự án")),
        Column::text(l("Name", "Tên dự án")),
    ];
    columns.extend(plan_paid().into_iter().take(2));
    columns.extend([
        Column::amount(l("Planned to date", "Kế hoạch lũy kế đến nay"), 1),
        Column::amount(l("Behind", "Còn thiếu"), 1),
        Column::text(l("Band", "Mức")),
        Column::amount(l("Needed per week", "Cần giải ngân mỗi tuần"), 1),
        Column::amount(l("Paid per week, last 4", "Bình quân 4 tuần qua"), 1),
    ]);
    doc.push(table(
        l(
            "Projects behind their monthly plan",
            "Dự án chậm so với kế hoạch tháng",
        )
        .to_owned(),
        l("Behind plan", "Chậm kế hoạch"),
        columns,
        countdown.iter().filter(|r| r.behind > 0.0).map(|r| {
            vec![
                Cell::from(r.key.as_str()),
                Cell::from(r.name.as_str()),
                num(r.plan),
                num(r.paid),
                num(r.planned_to_date),
                num(r.behind),
                Cell::from(band(r.band, lang)),
                num(r.needed_per_week),
                num(r.recent_per_week),
            ]
        }),
    )?);

    // Stalled projects.
    doc.push(heading(l("Stalled projects", "Dự án không giải ngân")));
    let mut columns = vec![
        Column::text(l("Project", "Dự án")),
        Column::text(l("Name", "Tên dự án")),
        Column::text(l("Investor", "Chủ đầu tư")),
        Column::text(l("Responsible", "Người phụ trách")),
    ];
    columns.extend(plan_paid().into_iter().take(2));
    columns.push(Column::text(l("Last payment", "Lần giải ngân cuối")));
    doc.push(table(
        format!(
            "{} {STALLED_WEEKS} {}",
            l("No payment in", "Không giải ngân trong"),
            l("weeks", "tuần")
        ),
        l("Stalled", "Không giải ngân"),
        columns,
        stalled.iter().map(|r| {
            vec![
                Cell::from(r.project.as_str()),
                Cell::from(r.name.as_str()),
                Cell::from(r.investor.as_str()),
                Cell::from(r.responsible.as_str()),
                num(r.plan),
                num(r.paid),
                r.last_payment
                    .map_or(Cell::Empty, |d| Cell::from(d.to_string())),
            ]
        }),
    )?);

    // Obstacles past their deadline.
    doc.push(heading(l("Overdue obstacles", "Vướng mắc quá hạn xử lý")));
    doc.push(table(
        l(
            "Open obstacles past their deadline",
            "Vướng mắc chưa xử lý, quá hạn",
        )
        .to_owned(),
        l("Obstacles overdue", "Vướng mắc quá hạn"),
        vec![
            Column::text(l("Project", "Dự án")),
            Column::text(l("Investor", "Chủ đầu tư")),
            Column::text(l("Obstacle", "Vướng mắc")),
            Column::text(l("Agency", "Cơ quan xử lý")),
            Column::text(l("Person", "Người phụ trách")),
            Column::text(l("Deadline", "Hạn xử lý")),
            Column::number(l("Days overdue", "Số ngày quá hạn"), 0),
        ],
        obstacles.iter().map(|r| {
            vec![
                Cell::from(r.project.as_str()),
                Cell::from(r.investor.as_str()),
                Cell::from(r.description.as_str()),
                Cell::from(r.agency.as_str()),
                Cell::from(r.person.as_str()),
                Cell::from(r.deadline.to_string()),
                num(f64::from(r.days_overdue)),
            ]
        }),
    )?);

    escalated_obstacles_section(&mut doc, tracker, as_of, lang)?;
    missing_monthly_plans_section(&mut doc, tracker, as_of, lang)?;

    // Investors' reports against the Treasury.
    doc.push(heading(l(
        "Investors' reports against the Treasury",
        "Số liệu chủ đầu tư so với Kho bạc",
    )));
    doc.push(table(
        format!(
            "{} ({} {} {})",
            l(
                "Cumulative payments that differ",
                "Số giải ngân lũy kế có chênh lệch"
            ),
            l("more than", "trên"),
            lang.shortest(TOLERANCE),
            l("million VND", "triệu đồng")
        ),
        l("Investor vs Treasury", "Chênh lệch Kho bạc"),
        vec![
            Column::text(l("Project", "Dự án")),
            Column::text(l("Investor", "Chủ đầu tư")),
            Column::amount(l("Reported", "Chủ đầu tư báo cáo"), 1),
            Column::amount(l("Treasury", "Kho bạc"), 1),
            Column::amount(l("Difference", "Chênh lệch"), 1),
            Column::number(l("Weeks differing", "Số tuần chênh lệch"), 0),
        ],
        differences.iter().map(|r| {
            vec![
                Cell::from(r.project.as_str()),
                Cell::from(r.investor.as_str()),
                num(r.reported),
                num(r.treasury),
                num(r.difference),
                num(r.weeks_differing as f64),
            ]
        }),
    )?);

    // Why the plan moved.
    doc.push(heading(l("Plan revisions", "Điều chỉnh kế hoạch vốn")));
    doc.push(table(
        format!(
            "{} {since} {} {as_of}",
            l(
                "Revisions effective after",
                "Điều chỉnh có hiệu lực sau ngày"
            ),
            l("to", "đến ngày")
        ),
        l("Plan revisions", "Điều chỉnh kế hoạch"),
        vec![
            Column::text(l("Project", "Dự án")),
            Column::text(l("Investor", "Chủ đầu tư")),
            Column::text(l("Effective", "Ngày hiệu lực")),
            Column::amount(l("Plan before", "Kế hoạch trước"), 1),
            Column::amount(l("Plan after", "Kế hoạch sau"), 1),
            Column::amount(l("Change", "Thay đổi"), 1),
            Column::text(l("Decision", "Quyết định")),
        ],
        province.revisions.iter().map(|r| {
            vec![
                Cell::from(r.project.as_str()),
                Cell::from(r.investor.as_str()),
                Cell::from(r.effective.to_string()),
                num(r.previous),
                num(r.amount),
                num(r.amount - r.previous),
                Cell::from(r.decision.as_str()),
            ]
        }),
    )?);

    advances_section(&mut doc, tracker, as_of, lang)?;

    // Where the year ends at this pace.
    doc.push(heading(l("Year-end projection", "Dự báo cuối năm")));
    doc.push(Block::Paragraph(format!(
        "{}% {} ({} {} {} {} {}), {}% {}.",
        lang.number(projection.at_pace_rate_pct, 1),
        l(
            "at the last four weeks' pace",
            "theo tốc độ bình quân 4 tuần qua"
        ),
        money(projection.weekly_pace),
        l("million VND a week for", "triệu đồng mỗi tuần trong"),
        projection.weeks_left,
        l("weeks", "tuần"),
        l("left", "còn lại"),
        lang.number(projection.under_plan_rate_pct, 1),
        l(
            "if the monthly plan is met",
            "nếu giải ngân đúng kế hoạch tháng"
        ),
    )));
    Ok(doc)
}

/// "Advances and recoveries" (tạm ứng và thu hồi tạm ứng), for the Chair: the outstanding total
/// and its site-clearance part, by investor, and the advances outstanding past
/// [`DEFAULT_ADVANCE_AGE_DAYS`]; nothing when no advance was made by `as_of`.
fn advances_section(doc: &mut Document, tracker: &Tracker, as_of: Date, lang: Lang) -> Result<()> {
    let l = |en: &'static str, vi: &'static str| lang.pick(en, vi);
    let investors = tracker.advance_balances(as_of, AdvanceLevel::Investor)?;
    if investors.is_empty() {
        return Ok(());
    }
    let shares = tracker.advance_shares(as_of)?;
    let aged = tracker.aged_advances(as_of, None)?;
    let money = |x: f64| lang.grouped(x, 1);
    let pct = |x: f64| {
        if x.is_finite() {
            format!("{}%", lang.number(x, 1))
        } else {
            "—".to_owned()
        }
    };
    let all = shares.iter().find(|s| s.purpose.is_none());
    let clearance = shares
        .iter()
        .find(|s| s.purpose == Some(AdvancePurpose::SiteClearance));
    let (advanced, recovered, outstanding) = investors.iter().fold((0.0, 0.0, 0.0), |a, b| {
        (a.0 + b.advanced, a.1 + b.recovered, a.2 + b.outstanding)
    });
    doc.push(Block::Heading {
        level: 2,
        text: l("Advances and recoveries", "Tạm ứng và thu hồi tạm ứng").to_owned(),
    });
    doc.push(Block::Paragraph(format!(
        "{} {as_of}: {} {} ({} {}, {} {}; {} {}). {}: {} {} ({} {}). {} {DEFAULT_ADVANCE_AGE_DAYS} {}: {} ({} {}).",
        l("Advances outstanding on", "Dư tạm ứng đến ngày"),
        money(outstanding),
        l("million VND", "triệu đồng"),
        l("advanced", "đã tạm ứng"),
        money(advanced),
        l("recovered", "đã thu hồi"),
        money(recovered),
        pct(all.map_or(f64::NAN, |s| s.outstanding_pct)),
        l("of the year's disbursement", "số vốn đã giải ngân trong năm"),
        l("Site clearance", "Giải phóng mặt bằng"),
        money(clearance.map_or(0.0, |s| s.outstanding)),
        l("million VND outstanding", "triệu đồng chưa thu hồi"),
        pct(clearance.map_or(f64::NAN, |s| s.advanced_pct)),
        l(
            "of the year's disbursement advanced for it",
            "số vốn giải ngân trong năm là tạm ứng giải phóng mặt bằng"
        ),
        l("Outstanding more than", "Tạm ứng quá"),
        l("days", "ngày chưa thu hồi"),
        aged.len(),
        money(aged.iter().map(|a| a.outstanding).sum()),
        l("million VND", "triệu đồng"),
    )));
    let mut by_investor = Table::new(
        l("Advances by investor", "Tạm ứng theo chủ đầu tư").to_owned(),
        vec![
            Column::text(l("Investor", "Chủ đầu tư")),
            Column::text(l("Name", "Tên")),
            Column::amount(l("Advanced", "Đã tạm ứng"), 1),
            Column::amount(l("Recovered", "Đã thu hồi"), 1),
            Column::amount(l("Outstanding", "Dư tạm ứng"), 1),
            Column::amount(l("Of which site clearance", "Trong đó GPMB"), 1),
        ],
    );
    let mut rows = investors
        .iter()
        .filter(|b| b.outstanding > 0.0)
        .collect::<Vec<_>>();
    rows.sort_by(|a, b| b.outstanding.total_cmp(&a.outstanding));
    for b in rows {
        by_investor.push_row(vec![
            Cell::from(b.key.as_str()),
            Cell::from(b.name.as_str()),
            num(b.advanced),
            num(b.recovered),
            num(b.outstanding),
            num(b.site_clearance_outstanding),
        ])?;
    }
    doc.push(Block::Table(
        by_investor.with_sheet(l("Advances", "Tạm ứng")),
    ));
    doc.push(aged_table(&aged, lang)?);
    Ok(())
}

/// The advances outstanding past [`DEFAULT_ADVANCE_AGE_DAYS`], oldest first.
fn aged_table(aged: &[AdvanceRow], lang: Lang) -> Result<Block> {
    let l = |en: &'static str, vi: &'static str| lang.pick(en, vi);
    let mut old = Table::new(
        format!(
            "{} {DEFAULT_ADVANCE_AGE_DAYS} {}",
            l("Advances outstanding more than", "Tạm ứng quá"),
            l("days", "ngày chưa thu hồi")
        ),
        vec![
            Column::text(l("Project", "Dự án")),
            Column::text(l("Investor", "Chủ đầu tư")),
            Column::text(l("Reference", "Số chứng từ")),
            Column::text(l("Advanced on", "Ngày tạm ứng")),
            Column::text(l("Purpose", "Mục đích")),
            Column::amount(l("Outstanding", "Dư tạm ứng"), 1),
            Column::number(l("Days", "Số ngày"), 0),
        ],
    );
    for a in aged {
        old.push_row(vec![
            Cell::from(a.project.as_str()),
            Cell::from(a.investor.as_str()),
            Cell::from(a.reference.as_str()),
            Cell::from(a.advanced_on.to_string()),
            Cell::from(a.purpose.label(lang)),
            num(a.outstanding),
            num(f64::from(a.age_days)),
        ])?;
    }
    Ok(Block::Table(
        old.with_sheet(l("Aged advances", "Tạm ứng quá hạn")),
    ))
}

/// "Obstacles escalated to the province" (vướng mắc đã báo cáo UBND tỉnh): what the investors
/// and districts could not resolve and the province's leaders must, each with its body, person,
/// deadline and status in the reader's language; nothing when none is escalated by `as_of`.
fn escalated_obstacles_section(
    doc: &mut Document,
    tracker: &Tracker,
    as_of: Date,
    lang: Lang,
) -> Result<()> {
    let l = |en: &'static str, vi: &'static str| lang.pick(en, vi);
    let escalated = tracker.escalated_obstacles(as_of)?;
    if escalated.is_empty() {
        return Ok(());
    }
    doc.push(Block::Heading {
        level: 2,
        text: l(
            "Obstacles escalated to the province",
            "Vướng mắc đã báo cáo UBND tỉnh",
        )
        .to_owned(),
    });
    doc.push(table(
        format!(
            "{}: {}",
            l(
                "Obstacles the province must resolve",
                "Vướng mắc cần tỉnh chỉ đạo xử lý"
            ),
            escalated.len()
        ),
        l("Escalated obstacles", "Vướng mắc báo cáo tỉnh"),
        vec![
            Column::text(l("Project", "Dự án")),
            Column::text(l("Investor", "Chủ đầu tư")),
            Column::text(l("Obstacle", "Vướng mắc")),
            Column::text(l("Agency", "Cơ quan xử lý")),
            Column::text(l("Person", "Người phụ trách")),
            Column::text(l("Deadline", "Hạn xử lý")),
            Column::text(l("Status", "Tình trạng")),
        ],
        escalated.iter().map(|o| {
            vec![
                Cell::from(o.project.as_str()),
                Cell::from(o.investor.as_str()),
                Cell::from(o.description.as_str()),
                Cell::from(o.agency.as_str()),
                Cell::from(o.person.as_str()),
                o.deadline
                    .map_or(Cell::Empty, |d| Cell::from(d.to_string())),
                Cell::from(o.status.label(lang)),
            ]
        }),
    )?);
    Ok(())
}

/// "Projects without a monthly plan" (dự án chưa có kế hoạch giải ngân theo tháng): once the
/// deadline for the monthly plans has passed, each project with a plan in force and none, as
/// [`crate::disbursement::MissingMonthlyPlan::message`] says it in the reader's language;
/// nothing before the deadline or when every project has one.
fn missing_monthly_plans_section(
    doc: &mut Document,
    tracker: &Tracker,
    as_of: Date,
    lang: Lang,
) -> Result<()> {
    let missing = tracker.missing_monthly_plans(as_of)?;
    if missing.is_empty() {
        return Ok(());
    }
    doc.push(Block::Heading {
        level: 2,
        text: lang
            .pick(
                "Projects without a monthly plan",
                "Dự án chưa có kế hoạch giải ngân theo tháng",
            )
            .to_owned(),
    });
    for m in &missing {
        doc.push(Block::Paragraph(m.message(lang)));
    }
    Ok(())
}
