//! What the weekly briefing says, in both languages: one catalog of typed messages. The builder
//! passes figures ([`Sentence`]) or names a fixed text ([`Text`]); the catalog owns the words
//! and writes the numbers as the language does (`1.705.027,0` / `1,705,027.0`).

use crate::disbursement::{Band, PaymentSource, TwoRates};
use crate::lang::Lang;
use crate::monitoring::Date;

/// A fixed text of the briefing: a heading, a caption, a sheet name or a column header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// The province, as a row of a table and in the ranking's sentence.
    Province,
    /// Million VND, the unit of every amount.
    MillionVnd,
    /// The header of a plan in force.
    PlanInForce,
    /// The header of what was paid.
    Paid,
    /// The header of a rate.
    RatePct,
    /// The header of a project's code.
    Project,
    /// The header of a project's name.
    ProjectName,
    /// The header of an investor (its code, or code and name).
    Investor,
    /// The header of an investor's code beside its name.
    InvestorCode,
    /// The header of an investor's name beside its code.
    InvestorName,
    /// The header of a rank.
    Rank,
    /// The header of a rate against the province's.
    VsProvince,
    /// The heading of the rates by capital source.
    BySource,
    /// The header of a capital source.
    CapitalSource,
    /// The header of the change from payments.
    FromPayments,
    /// The header of the change from plan revisions.
    FromPlanRevisions,
    /// The caption of the rates by capital source.
    SourcesCaption,
    /// The sheet of the rates by capital source.
    SourcesSheet,
    /// The heading of the ranking.
    RankingHeading,
    /// The header of a ranking's note.
    Note,
    /// The caption of the ranking.
    RankingCaption,
    /// The sheet of the ranking.
    RankingSheet,
    /// The heading of the proposals.
    ProposalsHeading,
    /// The caption and sheet of the proposals.
    Proposals,
    /// The header of a proposal's subject.
    Subject,
    /// The header of an amount.
    Amount,
    /// The header of a proposal's sentence.
    Proposal,
    /// The heading of the count-down (trừ lùi).
    BehindHeading,
    /// The header of what the monthly plan asks by now.
    PlannedToDate,
    /// The header of how far behind.
    Behind,
    /// The header of a schedule band.
    Band,
    /// A schedule band's name.
    BandName(Band),
    /// The header of what a week must pay.
    NeededPerWeek,
    /// The header of what the last four weeks paid a week.
    RecentPerWeek,
    /// The caption of the count-down.
    BehindCaption,
    /// The sheet of the count-down.
    BehindSheet,
    /// The heading of the stalled projects.
    StalledHeading,
    /// The header of a project's responsible person.
    Responsible,
    /// The header of a last payment's date.
    LastPayment,
    /// The sheet of the stalled projects.
    StalledSheet,
    /// The heading of the overdue obstacles.
    ObstaclesHeading,
    /// The caption of the overdue obstacles.
    ObstaclesCaption,
    /// The sheet of the overdue obstacles.
    ObstaclesSheet,
    /// The header of an obstacle.
    Obstacle,
    /// The header of the agency resolving it.
    Agency,
    /// The header of the person resolving it.
    Person,
    /// The header of a deadline.
    Deadline,
    /// The header of days past a deadline.
    DaysOverdue,
    /// The heading of the obstacles escalated to the province.
    EscalatedHeading,
    /// The caption of the escalated obstacles (their count follows).
    EscalatedCaption,
    /// The sheet of the escalated obstacles.
    EscalatedSheet,
    /// The header of an obstacle's status.
    ObstacleStatus,
    /// The heading of the projects without a monthly plan past its deadline.
    MissingPlansHeading,
    /// The heading of the Treasury's differences.
    DifferencesHeading,
    /// The sheet of the Treasury's differences.
    DifferencesSheet,
    /// The header of what an investor reported.
    Reported,
    /// The header of what the Treasury paid.
    Treasury,
    /// The header of a difference.
    Difference,
    /// The header of a week's last day.
    WeekEnding,
    /// The heading of the plan revisions.
    RevisionsHeading,
    /// The sheet of the plan revisions.
    RevisionsSheet,
    /// The header of a revision's date.
    Effective,
    /// The header of a plan before a revision.
    PlanBefore,
    /// The header of a plan after a revision.
    PlanAfter,
    /// The header of a change of amount.
    Change,
    /// The header of a revision's decision.
    Decision,
    /// The heading of the year-end projection.
    ProjectionHeading,
    /// The heading of the advances.
    AdvancesHeading,
    /// The caption of the advances by investor.
    AdvancesCaption,
    /// The sheet of the advances by investor.
    AdvancesSheet,
    /// The header of an investor's name in the advances.
    Name,
    /// The header of what was advanced.
    Advanced,
    /// The header of what was recovered.
    Recovered,
    /// The header of what is outstanding.
    Outstanding,
    /// The header of the site-clearance part outstanding.
    OfWhichSiteClearance,
    /// The header of a Treasury reference.
    Reference,
    /// The header of an advance's date.
    AdvancedOn,
    /// The header of an advance's purpose.
    Purpose,
    /// The header of an age in days.
    Days,
    /// The sheet of the aged advances.
    AgedSheet,
}

impl Text {
    /// The text in `lang`.
    #[must_use]
    #[allow(clippy::too_many_lines)] // one flat catalog
    pub fn text(self, lang: Lang) -> &'static str {
        let (en, vi) = match self {
            Self::Province => ("Province", "Toàn tỉnh"),
            Self::MillionVnd => ("million VND", "triệu đồng"),
            Self::PlanInForce => ("Plan in force", "Kế hoạch vốn giao"),
            Self::Paid => ("Paid", "Đã giải ngân"),
            Self::RatePct => ("Rate %", "Tỷ lệ %"),
            Self::Project => ("Project", "Dự án"),
            Self::ProjectName => ("Name", "Tên dự án"),
            Self::Investor => ("Investor", "Chủ đầu tư"),
            Self::InvestorCode => ("Investor", "Mã"),
            Self::InvestorName => ("Name", "Chủ đầu tư"),
            Self::Rank => ("Rank", "Hạng"),
            Self::VsProvince => ("Vs province (pp)", "So với tỉnh (điểm %)"),
            Self::BySource => ("By capital source", "Theo nguồn vốn"),
            Self::CapitalSource => ("Capital source", "Nguồn vốn"),
            Self::FromPayments => ("From payments", "Do thanh toán"),
            Self::FromPlanRevisions => ("From plan revisions", "Do điều chỉnh kế hoạch"),
            Self::SourcesCaption => ("Disbursement by capital source", "Giải ngân theo nguồn vốn"),
            Self::SourcesSheet => ("By source", "Nguồn vốn"),
            Self::RankingHeading => ("Ranking of investors", "Xếp hạng chủ đầu tư"),
            Self::Note => ("Note", "Ghi chú"),
            Self::RankingCaption => (
                "Investors by disbursement rate",
                "Chủ đầu tư theo tỷ lệ giải ngân",
            ),
            Self::RankingSheet => ("Ranking", "Xếp hạng"),
            Self::ProposalsHeading => (
                "Proposals for the investors below the province",
                "Kiến nghị đối với chủ đầu tư giải ngân dưới mức bình quân của tỉnh",
            ),
            Self::Proposals => ("Proposals", "Kiến nghị"),
            Self::Proposal => ("Proposal", "Kiến nghị"),
            Self::Subject => ("Subject", "Đối tượng"),
            Self::Amount => ("Amount", "Số tiền"),
            Self::BehindHeading => (
                "Behind the monthly plan",
                "Chậm so với kế hoạch tháng (trừ lùi)",
            ),
            Self::PlannedToDate => ("Planned to date", "Kế hoạch lũy kế đến nay"),
            Self::Behind => ("Behind", "Còn thiếu"),
            Self::Band => ("Band", "Mức"),
            Self::BandName(band) => match band {
                Band::Green => ("green", "xanh"),
                Band::Amber => ("amber", "vàng"),
                Band::Red => ("red", "đỏ"),
                Band::None => ("", ""),
            },
            Self::NeededPerWeek => ("Needed per week", "Cần giải ngân mỗi tuần"),
            Self::RecentPerWeek => ("Paid per week, last 4", "Bình quân 4 tuần qua"),
            Self::BehindCaption => (
                "Projects behind their monthly plan",
                "Dự án chậm so với kế hoạch tháng",
            ),
            Self::BehindSheet => ("Behind plan", "Chậm kế hoạch"),
            Self::StalledHeading => ("Stalled projects", "Dự án không giải ngân"),
            Self::Responsible => ("Responsible", "Người phụ trách"),
            Self::LastPayment => ("Last payment", "Lần giải ngân cuối"),
            Self::StalledSheet => ("Stalled", "Không giải ngân"),
            Self::ObstaclesHeading => ("Overdue obstacles", "Vướng mắc quá hạn xử lý"),
            Self::ObstaclesCaption => (
                "Open obstacles past their deadline",
                "Vướng mắc chưa xử lý, quá hạn",
            ),
            Self::ObstaclesSheet => ("Obstacles overdue", "Vướng mắc quá hạn"),
            Self::Obstacle => ("Obstacle", "Vướng mắc"),
            Self::Agency => ("Agency", "Cơ quan xử lý"),
            Self::Person => ("Person", "Người phụ trách"),
            Self::Deadline => ("Deadline", "Hạn xử lý"),
            Self::DaysOverdue => ("Days overdue", "Số ngày quá hạn"),
            Self::EscalatedHeading => (
                "Obstacles escalated to the province",
                "Vướng mắc đã báo cáo UBND tỉnh",
            ),
            Self::EscalatedCaption => (
                "Obstacles the province must resolve",
                "Vướng mắc cần tỉnh chỉ đạo xử lý",
            ),
            Self::EscalatedSheet => ("Escalated obstacles", "Vướng mắc báo cáo tỉnh"),
            Self::ObstacleStatus => ("Status", "Tình trạng"),
            Self::MissingPlansHeading => (
                "Projects without a monthly plan",
                "Dự án chưa có kế hoạch giải ngân theo tháng",
            ),
            Self::DifferencesHeading => (
                "Investors' reports against the Treasury",
                "Số liệu chủ đầu tư so với Kho bạc",
            ),
            Self::DifferencesSheet => ("Investor vs Treasury", "Chênh lệch Kho bạc"),
            Self::Reported => ("Reported", "Chủ đầu tư báo cáo"),
            Self::Treasury => ("Treasury", "Kho bạc"),
            Self::Difference => ("Difference", "Chênh lệch"),
            Self::WeekEnding => ("Week ending", "Tuần kết thúc ngày"),
            Self::RevisionsHeading => ("Plan revisions", "Điều chỉnh kế hoạch vốn"),
            Self::RevisionsSheet => ("Plan revisions", "Điều chỉnh kế hoạch"),
            Self::Effective => ("Effective", "Ngày hiệu lực"),
            Self::PlanBefore => ("Plan before", "Kế hoạch trước"),
            Self::PlanAfter => ("Plan after", "Kế hoạch sau"),
            Self::Change => ("Change", "Thay đổi"),
            Self::Decision => ("Decision", "Quyết định"),
            Self::ProjectionHeading => ("Year-end projection", "Dự báo cuối năm"),
            Self::AdvancesHeading => ("Advances and recoveries", "Tạm ứng và thu hồi tạm ứng"),
            Self::AdvancesCaption => ("Advances by investor", "Tạm ứng theo chủ đầu tư"),
            Self::AdvancesSheet => ("Advances", "Tạm ứng"),
            Self::Name => ("Name", "Tên"),
            Self::Advanced => ("Advanced", "Đã tạm ứng"),
            Self::Recovered => ("Recovered", "Đã thu hồi"),
            Self::Outstanding => ("Outstanding", "Dư tạm ứng"),
            Self::OfWhichSiteClearance => ("Of which site clearance", "Trong đó GPMB"),
            Self::Reference => ("Reference", "Số chứng từ"),
            Self::AdvancedOn => ("Advanced on", "Ngày tạm ứng"),
            Self::Purpose => ("Purpose", "Mục đích"),
            Self::Days => ("Days", "Số ngày"),
            Self::AgedSheet => ("Aged advances", "Tạm ứng quá hạn"),
        };
        lang.pick(en, vi)
    }
}

/// The province's rate and why it moved between two dates: the briefing's first paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct RateChange {
    pub since: Date,
    pub as_of: Date,
    /// The rate on `since` and on `as_of`, percent.
    pub rate_before_pct: f64,
    pub rate_pct: f64,
    /// The change and its two parts, percentage points.
    pub change_pp: f64,
    pub from_payments_pp: f64,
    pub from_plan_pp: f64,
    /// How many plan revisions took effect in between.
    pub revisions: usize,
    /// The plan in force on `since` and on `as_of`, and what was paid by `as_of`.
    pub plan_before: f64,
    pub plan: f64,
    pub paid: f64,
}

/// The advances for the Chair: the section's paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct AdvancesSummary {
    pub as_of: Date,
    pub advanced: f64,
    pub recovered: f64,
    pub outstanding: f64,
    /// Outstanding as a share of the year's disbursement, percent (NaN: nothing disbursed).
    pub outstanding_pct: f64,
    /// Site clearance's outstanding, and the share of the year's disbursement advanced for it.
    pub site_clearance_outstanding: f64,
    pub site_clearance_advanced_pct: f64,
    /// The age past which an advance is aged, and how many and how much are.
    pub age_days: u32,
    pub aged: usize,
    pub aged_outstanding: f64,
}

/// A sentence of the briefing with its figures.
#[derive(Debug, Clone, PartialEq)]
pub enum Sentence<'a> {
    /// The title.
    Title { year: i32, province: &'a str },
    /// The line under the title: which week, whose figures, the unit.
    Subtitle {
        /// [`crate::disbursement::Coverage::describe`] in the language.
        coverage: &'a str,
        source: PaymentSource,
    },
    /// The first paragraph.
    RateChange(&'a RateChange),
    /// The first paragraph's second sentence: the rate against both denominators, the
    /// national target's decision, or that the year has none (never a rate of 0).
    BothDenominators(&'a TwoRates),
    /// The header of a change of rate since a date.
    ChangeSince { since: Date },
    /// How investors are ranked, with the province's rate.
    RankingRule {
        province_rate_pct: f64,
        /// The province's rate against the national target; `None` without a target.
        national_rate_pct: Option<f64>,
        decimals: u32,
        min_share_pct: f64,
    },
    /// The caption of the stalled projects.
    StalledCaption { weeks: u32 },
    /// The caption of the Treasury's open differences: the `shown` largest of `open` weeks.
    DifferencesCaption {
        tolerance: f64,
        shown: usize,
        open: usize,
    },
    /// How many differing weeks are open, accepted and sent back to the investor.
    DifferenceCounts {
        open: usize,
        accepted: usize,
        sent_back: usize,
    },
    /// The caption of the plan revisions.
    RevisionsCaption { since: Date, as_of: Date },
    /// The year-end projection.
    Projection {
        at_pace_rate_pct: f64,
        weekly_pace: f64,
        weeks_left: u32,
        under_plan_rate_pct: f64,
    },
    /// The advances' paragraph.
    Advances(&'a AdvancesSummary),
    /// The caption of the aged advances.
    AgedCaption { days: u32 },
}

impl Sentence<'_> {
    /// The sentence in `lang`, its numbers written as `lang` writes them.
    #[must_use]
    #[allow(clippy::too_many_lines)] // one flat catalog
    pub fn text(&self, lang: Lang) -> String {
        let money = |x: f64| lang.grouped(x, 1);
        let pct = |x: f64| lang.number(x, 1);
        match (self, lang) {
            (Self::Title { year, province }, Lang::En) => {
                format!("Public-investment disbursement {year} — {province}")
            }
            (Self::Title { year, province }, Lang::Vi) => {
                format!("Giải ngân vốn đầu tư công năm {year} — {province}")
            }
            (Self::Subtitle { coverage, source }, _) => {
                let figures = match source {
                    PaymentSource::Treasury => {
                        lang.pick("State Treasury figures", "số liệu Kho bạc Nhà nước")
                    }
                    PaymentSource::Investor => {
                        lang.pick("investors' own reports", "số liệu chủ đầu tư báo cáo")
                    }
                };
                format!("{coverage}; {figures}; {}", Text::MillionVnd.text(lang))
            }
            (Self::RateChange(r), _) => {
                let (since, as_of, n) = (r.since, r.as_of, r.revisions);
                let (before, rate, change) = (
                    pct(r.rate_before_pct),
                    pct(r.rate_pct),
                    lang.signed(r.change_pp, 1),
                );
                let (payments, plan) = (
                    lang.signed(r.from_payments_pp, 1),
                    lang.signed(r.from_plan_pp, 1),
                );
                let (plan_before, plan_now, paid) =
                    (money(r.plan_before), money(r.plan), money(r.paid));
                match lang {
                    Lang::En => format!(
                        "Province-wide disbursement rate from {since} to {as_of}: {before}% → \
                         {rate}% ({change} pp): {payments} pp from payments, {plan} pp from {n} \
                         plan revisions (plan in force {plan_before} → {plan_now}). Disbursed \
                         {paid} / {plan_now} million VND."
                    ),
                    Lang::Vi => format!(
                        "Tỷ lệ giải ngân toàn tỉnh từ ngày {since} đến ngày {as_of}: {before}% → \
                         {rate}% ({change} điểm %): {payments} điểm % do thanh toán, {plan} điểm \
                         % do {n} lượt điều chỉnh kế hoạch vốn (kế hoạch vốn giao {plan_before} → \
                         {plan_now}). Đã giải ngân {paid} / {plan_now} triệu đồng."
                    ),
                }
            }
            (Self::BothDenominators(r), _) => both_denominators(r, lang),
            (Self::ChangeSince { since }, Lang::En) => format!("Change since {since} (pp)"),
            (Self::ChangeSince { since }, Lang::Vi) => format!("Thay đổi từ {since} (điểm %)"),
            (
                Self::RankingRule {
                    province_rate_pct,
                    national_rate_pct,
                    decimals,
                    min_share_pct,
                },
                _,
            ) => {
                let (rate, share) = (pct(*province_rate_pct), lang.shortest(*min_share_pct));
                let national = match national_rate_pct {
                    Some(r) => format!(
                        "{}% {}",
                        pct(*r),
                        lang.pick("of the national target", "so với mục tiêu quốc gia")
                    ),
                    None => lang
                        .pick("no national target", "chưa có mục tiêu quốc gia")
                        .to_owned(),
                };
                match lang {
                    Lang::En => format!(
                        "Province {rate}% of the plan in force ({national}). Investors with the same rate to {decimals} decimal \
                         share a rank; plans under {share}% of the province's are not ranked."
                    ),
                    Lang::Vi => format!(
                        "Toàn tỉnh {rate}% so với kế hoạch vốn giao ({national}). Chủ đầu tư có cùng tỷ lệ làm tròn đến {decimals} chữ \
                         số thập phân cùng hạng; kế hoạch dưới {share}% kế hoạch của tỉnh không \
                         xếp hạng."
                    ),
                }
            }
            (Self::StalledCaption { weeks }, Lang::En) => format!("No payment in {weeks} weeks"),
            (Self::StalledCaption { weeks }, Lang::Vi) => {
                format!("Không giải ngân trong {weeks} tuần")
            }
            (
                Self::DifferencesCaption {
                    tolerance,
                    shown,
                    open,
                },
                _,
            ) => {
                let t = lang.shortest(*tolerance);
                match (lang, shown < open) {
                    (Lang::En, false) => format!(
                        "Weeks still open, largest difference first (differences of more than \
                         {t} million VND)"
                    ),
                    (Lang::En, true) => format!(
                        "The {shown} largest of the {open} weeks still open, largest first \
                         (differences of more than {t} million VND)"
                    ),
                    (Lang::Vi, false) => format!(
                        "Các tuần chênh lệch chưa xử lý, chênh lệch lớn nhất trước (chênh lệch \
                         trên {t} triệu đồng)"
                    ),
                    (Lang::Vi, true) => format!(
                        "{shown} tuần chênh lệch lớn nhất trong {open} tuần chưa xử lý, lớn \
                         nhất trước (chênh lệch trên {t} triệu đồng)"
                    ),
                }
            }
            (
                Self::DifferenceCounts {
                    open,
                    accepted,
                    sent_back,
                },
                Lang::En,
            ) => format!(
                "Weeks where an investor's report and the Treasury differ: {open} open, \
                 {accepted} accepted by the Treasury, {sent_back} sent back to the investor."
            ),
            (
                Self::DifferenceCounts {
                    open,
                    accepted,
                    sent_back,
                },
                Lang::Vi,
            ) => format!(
                "Số tuần số liệu chủ đầu tư chênh lệch với Kho bạc: {open} tuần chưa xử lý, \
                 {accepted} tuần Kho bạc đã chấp nhận, {sent_back} tuần đã trả lại chủ đầu tư."
            ),
            (Self::RevisionsCaption { since, as_of }, Lang::En) => {
                format!("Revisions effective after {since} to {as_of}")
            }
            (Self::RevisionsCaption { since, as_of }, Lang::Vi) => {
                format!("Điều chỉnh có hiệu lực sau ngày {since} đến ngày {as_of}")
            }
            (
                Self::Projection {
                    at_pace_rate_pct,
                    weekly_pace,
                    weeks_left,
                    under_plan_rate_pct,
                },
                _,
            ) => {
                let (at_pace, pace, under_plan) = (
                    pct(*at_pace_rate_pct),
                    money(*weekly_pace),
                    pct(*under_plan_rate_pct),
                );
                match lang {
                    Lang::En => format!(
                        "{at_pace}% at the last four weeks' pace ({pace} million VND a week for \
                         {weeks_left} weeks left), {under_plan}% if the monthly plan is met."
                    ),
                    Lang::Vi => format!(
                        "{at_pace}% theo tốc độ bình quân 4 tuần qua ({pace} triệu đồng mỗi tuần \
                         trong {weeks_left} tuần còn lại), {under_plan}% nếu giải ngân đúng kế \
                         hoạch tháng."
                    ),
                }
            }
            (Self::Advances(a), _) => advances(a, lang),
            (Self::AgedCaption { days }, Lang::En) => {
                format!("Advances outstanding more than {days} days")
            }
            (Self::AgedCaption { days }, Lang::Vi) => {
                format!("Tạm ứng quá {days} ngày chưa thu hồi")
            }
        }
    }
}

/// [`Sentence::BothDenominators`] in `lang`.
fn both_denominators(r: &TwoRates, lang: Lang) -> String {
    let rate = lang.number(r.rate_plan_pct, 1);
    let plan = lang.grouped(r.plan, 1);
    let year = r.as_of.year();
    match (&r.national, r.rate_national_pct, lang) {
        (Some(n), Some(national), _) => {
            let (target, national) = (lang.grouped(n.amount, 1), lang.number(national, 1));
            let (source, decided_on) = (n.source.as_str(), n.decided_on);
            match lang {
                Lang::En => format!(
                    "On {as_of}: {rate}% of the plan in force ({plan}), {national}% of the \
                     national target ({target} million VND, {source} of {decided_on}).",
                    as_of = r.as_of
                ),
                Lang::Vi => format!(
                    "Đến ngày {as_of}: đạt {rate}% kế hoạch vốn giao ({plan}), {national}% mục \
                     tiêu quốc gia ({target} triệu đồng, {source} ngày {decided_on}).",
                    as_of = r.as_of
                ),
            }
        }
        (_, _, Lang::En) => format!(
            "On {as_of}: {rate}% of the plan in force ({plan}); no national target is stored \
             for {year}.",
            as_of = r.as_of
        ),
        (_, _, Lang::Vi) => format!(
            "Đến ngày {as_of}: đạt {rate}% kế hoạch vốn giao ({plan}); chưa có mục tiêu quốc \
             gia năm {year}.",
            as_of = r.as_of
        ),
    }
}

/// [`Sentence::Advances`] in `lang`.
fn advances(a: &AdvancesSummary, lang: Lang) -> String {
    let money = |x: f64| lang.grouped(x, 1);
    let share = |x: f64| {
        if x.is_finite() {
            format!("{}%", lang.number(x, 1))
        } else {
            "—".to_owned()
        }
    };
    let (as_of, days, aged) = (a.as_of, a.age_days, a.aged);
    let (outstanding, advanced, recovered, of_year) = (
        money(a.outstanding),
        money(a.advanced),
        money(a.recovered),
        share(a.outstanding_pct),
    );
    let (clearance, clearance_share, aged_amount) = (
        money(a.site_clearance_outstanding),
        share(a.site_clearance_advanced_pct),
        money(a.aged_outstanding),
    );
    match lang {
        Lang::En => format!(
            "Advances outstanding on {as_of}: {outstanding} million VND (advanced {advanced}, \
             recovered {recovered}; {of_year} of the year's disbursement). Site clearance: \
             {clearance} million VND outstanding ({clearance_share} of the year's disbursement \
             advanced for it). Outstanding more than {days} days: {aged} ({aged_amount} million \
             VND)."
        ),
        Lang::Vi => format!(
            "Dư tạm ứng đến ngày {as_of}: {outstanding} triệu đồng (đã tạm ứng {advanced}, đã \
             thu hồi {recovered}; {of_year} số vốn đã giải ngân trong năm). Giải phóng mặt bằng: \
             {clearance} triệu đồng chưa thu hồi ({clearance_share} số vốn giải ngân trong năm là \
             tạm ứng giải phóng mặt bằng). Tạm ứng quá {days} ngày chưa thu hồi: {aged} \
             ({aged_amount} triệu đồng)."
        ),
    }
}
