//! What the tracking report says, in both languages: one catalog of typed messages. The builder
//! passes figures ([`Sentence`]) or names a fixed text ([`Text`]); the catalog owns the words
//! and writes the numbers as the language does (`6.56` / `6,56`).

use crate::lang::Lang;
use crate::period::Period;
use crate::scenario::{Feasibility, Policy};

/// A fixed text of the report: a heading, a caption, a sheet name or a sentence without figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// The heading of the official gap.
    OfficialGap,
    /// The heading of the scenario's notes.
    Notes,
    /// The caption of the stated targets.
    Targets,
    /// The heading and sheet of the stated targets.
    TargetsSheet,
    /// The heading and caption of the consistency check.
    Consistency,
    /// What the table of inconsistent figures holds.
    ConsistencyExplained,
    /// Every stated figure adds up.
    Consistent,
    /// The heading and caption of the actual growth.
    Actuals,
    /// The sheet of the gap by sector.
    GapSheet,
    /// The caption of the gap's chart.
    GapChart,
    /// The heading of the growth still required.
    Required,
    /// The caption of the required growth by sector.
    RequiredTable,
    /// The sheet of the required growth.
    RequiredSheet,
    /// The caption of the required growth's chart.
    RequiredChart,
    /// The heading of the quarters' chart.
    Quarters,
    /// The caption of the quarters' chart.
    QuartersChart,
    /// No actual figure yet.
    Nothing,
    /// The caption of the derived quarterly targets.
    Derived,
    /// The sheet of the derived quarterly targets.
    DerivedSheet,
    /// The heading and sheet of the assignment: the second half's targets, the year they
    /// reach, owners and deadlines.
    Assignment,
    /// The caption of the assignment's table.
    AssignmentTable,
    /// Every stated annual target is reached by the quarterly path.
    AllReached,
    /// The cell of a stated annual target the quarterly path reaches.
    Reached,
}

impl Text {
    /// The text in `lang`.
    #[must_use]
    pub fn text(self, lang: Lang) -> &'static str {
        let (en, vi) = match self {
            Self::OfficialGap => ("Official gap", "Chênh lệch so với kịch bản"),
            Self::Notes => ("Notes", "Ghi chú"),
            Self::Targets => (
                "Stated targets (growth %, same period of the year before)",
                "Mục tiêu giao (tốc độ tăng %, so với cùng kỳ)",
            ),
            Self::TargetsSheet => ("Stated targets", "Mục tiêu giao"),
            Self::Consistency => (
                "Consistency of the stated targets",
                "Tính nhất quán của kịch bản",
            ),
            Self::ConsistencyExplained => (
                "Stated figures that the sector targets do not add up to (implied: from the \
                 sectors' derived quarterly targets, base weights).",
                "Các chỉ tiêu giao mà mục tiêu các ngành không cộng lại đúng (suy ra: từ mục \
                 tiêu quý của các ngành, theo quyền số năm gốc).",
            ),
            Self::Consistent => (
                "Every stated figure is what its sectors' targets give.",
                "Mọi chỉ tiêu giao đều khớp với mục tiêu các ngành.",
            ),
            Self::Actuals => ("Actual growth (%)", "Tăng trưởng thực hiện (%)"),
            Self::GapSheet => ("Gap", "Chênh lệch"),
            Self::GapChart => (
                "The official gap, step by step",
                "Chênh lệch so với kịch bản, theo từng ngành",
            ),
            Self::Required => ("Growth still required", "Tăng trưởng cần đạt"),
            Self::RequiredTable => (
                "Required growth by sector (%)",
                "Tăng trưởng cần đạt theo ngành (%)",
            ),
            Self::RequiredSheet => ("Required growth", "Tăng trưởng cần đạt"),
            Self::RequiredChart => ("Planned against required growth", "Kế hoạch và mức cần đạt"),
            Self::Quarters => ("Quarter by quarter", "Theo quý"),
            Self::QuartersChart => (
                "Targets and the year as it stands",
                "Mục tiêu và ước thực hiện theo quý",
            ),
            Self::Nothing => (
                "No actual figures yet: nothing to track.",
                "Chưa có số liệu thực hiện.",
            ),
            Self::Derived => (
                "Derived quarterly targets of the leaf sectors (%)",
                "Mục tiêu quý suy ra của các ngành cấp cuối (%)",
            ),
            Self::DerivedSheet => ("Quarterly targets", "Mục tiêu quý"),
            Self::Assignment => ("Assignment", "Giao nhiệm vụ"),
            Self::AssignmentTable => (
                "Targets of the second half, the year they reach (actuals and the remaining \
                 targets) against the stated annual target, who answers for them and by when (%)",
                "Mục tiêu 6 tháng cuối năm, cả năm theo lộ trình (số thực hiện và mục tiêu các \
                 quý còn lại) so với mục tiêu cả năm đã giao, cơ quan chủ trì và thời hạn (%)",
            ),
            Self::Reached => ("reached", "đạt"),
            Self::AllReached => (
                "The quarterly path reaches every stated annual target.",
                "Lộ trình theo quý đạt mọi mục tiêu cả năm đã giao.",
            ),
        };
        lang.pick(en, vi)
    }
}

/// A sentence of the report with its figures.
#[derive(Debug, Clone, PartialEq)]
pub enum Sentence<'a> {
    /// The report's title when the scenario has no name.
    Title {
        /// The scenario year.
        year: i32,
    },
    /// The line under the title.
    Subtitle {
        /// The total's code (GRDP, GDP).
        total: &'a str,
        /// The annual target, percent.
        target_pct: f64,
        /// Quarters with the total's figure known.
        known_quarters: usize,
    },
    /// A stated annual target the quarterly path (actuals and the remaining targets) no
    /// longer reaches.
    NotReached {
        /// The sector's code.
        sector: &'a str,
        /// The stated annual target, percent.
        stated_pct: f64,
        /// The annual growth the path reaches, percent.
        reached_pct: f64,
    },
    /// The flagged cell of a stated annual target not reached: the shortfall.
    NotReachedCell {
        /// Reached minus stated, points of growth (negative).
        difference_pp: f64,
    },
    /// The total against its target over one period.
    OfficialGap {
        /// The period.
        period: Period,
        /// The total's code.
        total: &'a str,
        /// Actual growth, percent.
        actual_pct: f64,
        /// Whether the target was stated for the period (else derived).
        stated: bool,
        /// The target, percent.
        target_pct: f64,
        /// Actual minus target, points of the total's growth.
        gap_pp: f64,
    },
    /// The heading of the gap by sector.
    GapBySector {
        /// The cumulative period of the known quarters.
        period: Period,
    },
    /// The growth the total needs over the remaining quarters, under which policy, and
    /// whether it is feasible.
    Required {
        /// The remaining quarters, as `2025H2`.
        remaining: &'a str,
        /// The annual target aimed at, percent.
        target_pct: f64,
        /// How the shortfall is spread.
        policy: Policy,
        /// The total's code.
        total: &'a str,
        /// The growth the total needs over the remaining quarters, percent.
        growth_pct: f64,
        /// Whether it is feasible.
        feasibility: Feasibility,
    },
    /// Cells that are not published figures (shares of cumulative ones).
    Estimated {
        /// `sector period` each.
        cells: &'a [String],
    },
    /// Cells that rest on provisional figures (nowcasts, early estimates).
    Provisional {
        /// `sector period` each.
        cells: &'a [String],
    },
    /// Sectors held at a cap below their plan.
    CappedBelowPlan {
        /// Their codes.
        sectors: &'a [String],
    },
    /// The years the historical caps are the highest growth of.
    CapYears {
        /// `2014-2024`.
        years: &'a str,
    },
}

impl Sentence<'_> {
    /// The sentence in `lang`, its numbers written as the language does.
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        let n = |x: f64| lang.number(x, 2);
        match *self {
            Self::Title { year } => match lang {
                Lang::En => format!("Growth scenario {year}"),
                Lang::Vi => format!("Kịch bản tăng trưởng năm {year}"),
            },
            Self::Subtitle {
                total,
                target_pct,
                known_quarters: k,
            } => match lang {
                Lang::En => format!(
                    "Tracking report. Annual {total} target {}%; {total} known for {k} quarter(s).",
                    n(target_pct)
                ),
                Lang::Vi => format!(
                    "Báo cáo theo dõi. Mục tiêu {total} cả năm {}%; đã có số liệu {k} quý.",
                    n(target_pct)
                ),
            },
            Self::OfficialGap { .. } | Self::Required { .. } => {
                self.against_target(lang).unwrap_or_default()
            }
            Self::NotReached {
                sector,
                stated_pct,
                reached_pct,
            } => {
                let (stated, reached) = (lang.number(stated_pct, 2), lang.number(reached_pct, 2));
                let short = lang.number(stated_pct - reached_pct, 2);
                match lang {
                    Lang::En => format!(
                        "{sector}: the stated annual target of {stated}% is no longer reached: \
                         the quarterly path reaches {reached}%, {short} pp short."
                    ),
                    Lang::Vi => format!(
                        "{sector}: mục tiêu cả năm đã giao {stated}% không còn đạt: lộ trình \
                         theo quý chỉ đạt {reached}%, thấp hơn {short} điểm phần trăm."
                    ),
                }
            }
            Self::NotReachedCell { difference_pp } => {
                let d = lang.signed(difference_pp, 2);
                match lang {
                    Lang::En => format!("NOT reached ({d} pp)"),
                    Lang::Vi => format!("KHÔNG đạt ({d} điểm %)"),
                }
            }
            Self::GapBySector { period } => match lang {
                Lang::En => format!("Gap over {} by sector", period.label(lang)),
                Lang::Vi => format!("Chênh lệch {} theo ngành", period.label(lang)),
            },
            Self::Estimated { cells } => match lang {
                Lang::En => format!(
                    "Estimated, not published (a share of a published figure that covers more, \
                     pro rata to the targets): {}.",
                    cells.join(", ")
                ),
                Lang::Vi => format!(
                    "Số ước tính, chưa công bố riêng (phần chia của số liệu công bố gộp, theo tỷ \
                     lệ mục tiêu): {}.",
                    cells.join(", ")
                ),
            },
            Self::Provisional { cells } => match lang {
                Lang::En => format!(
                    "Provisional figures (estimates such as nowcasts, not yet published): {}.",
                    cells.join(", ")
                ),
                Lang::Vi => format!(
                    "Số liệu sơ bộ (ước tính, ví dụ dự báo tức thời, chưa công bố): {}.",
                    cells.join(", ")
                ),
            },
            Self::CappedBelowPlan { sectors } => match lang {
                Lang::En => format!("Held at a cap below their plan: {}.", sectors.join(", ")),
                Lang::Vi => format!("Giữ ở mức trần thấp hơn kế hoạch: {}.", sectors.join(", ")),
            },
            Self::CapYears { years } => match lang {
                Lang::En => format!("Historical caps: the highest growth over {years}."),
                Lang::Vi => format!("Mức trần lịch sử: tăng trưởng cao nhất trong {years}."),
            },
        }
    }
}

impl Sentence<'_> {
    /// The two sentences that compare growth with a target: the official gap of a period and
    /// the growth still required (None for the others).
    fn against_target(&self, lang: Lang) -> Option<String> {
        let n = |x: f64| lang.number(x, 2);
        match *self {
            Self::OfficialGap {
                period,
                total,
                actual_pct,
                stated,
                target_pct,
                gap_pp,
            } => {
                let (period, gap) = (period.short_label_in(lang), n(gap_pp.abs()));
                let side = if gap_pp < 0.0 {
                    lang.pick("below", "thấp hơn")
                } else {
                    lang.pick("above", "cao hơn")
                };
                Some(match lang {
                    Lang::En => format!(
                        "{period}: {total} {}% against the {} target {}%: {gap} pp {side} the \
                         scenario",
                        n(actual_pct),
                        if stated { "stated" } else { "derived" },
                        n(target_pct)
                    ),
                    Lang::Vi => format!(
                        "{period}: {total} tăng {}%, mục tiêu {}%: {side} kịch bản {gap} điểm \
                         phần trăm",
                        n(actual_pct),
                        n(target_pct)
                    ),
                })
            }
            Self::Required {
                remaining,
                target_pct,
                policy: how,
                total,
                growth_pct,
                feasibility,
            } => {
                let status = feasibility.text(lang);
                let remaining = remaining
                    .parse::<Period>()
                    .map_or_else(|_| remaining.to_owned(), |p| p.label(lang));
                let (target, pct, how) = (n(target_pct), n(growth_pct), policy(how, lang));
                Some(match lang {
                    Lang::En => format!(
                        "Over {remaining}, to reach {target}% for the year (policy {how}): \
                         {total} {pct}% — {status}."
                    ),
                    Lang::Vi => format!(
                        "Các quý còn lại ({remaining}), để đạt {target}% cả năm (phương án: \
                         {how}): {total} cần tăng {pct}% — {status}."
                    ),
                })
            }
            _ => None,
        }
    }
}

/// How a shortfall is spread over the sectors, as a report names it (English keeps the
/// argument's value, `uniform`).
#[must_use]
pub fn policy(policy: Policy, lang: Lang) -> &'static str {
    match lang {
        Lang::En => policy.label(),
        Lang::Vi => match policy {
            Policy::SectorTargets => "mỗi ngành đạt mục tiêu của ngành",
            Policy::Uniform => "các ngành cùng tăng thêm một mức",
            Policy::Proportional => "tăng thêm theo tỷ lệ phần tăng kế hoạch",
        },
    }
}

/// Table columns in both languages: program name, English, Vietnamese.
pub const COLUMNS: &[(&str, &str, &str)] = &[
    ("sector", "sector", "ngành"),
    ("name", "name", "tên ngành"),
    (
        "reached_pct",
        "the year as it stands %",
        "cả năm theo lộ trình %",
    ),
    (
        "stated_annual_pct",
        "stated annual target %",
        "mục tiêu cả năm đã giao %",
    ),
    (
        "reaches_stated",
        "stated target reached",
        "đạt mục tiêu đã giao",
    ),
    ("department", "responsible department", "cơ quan chủ trì"),
    ("deadline", "deadline", "thời hạn"),
    ("period", "period", "kỳ"),
    ("target_pct", "target %", "mục tiêu %"),
    ("target_source", "target", "nguồn mục tiêu"),
    ("actual_pct", "actual %", "thực hiện %"),
    ("actual_source", "actual", "nguồn số thực hiện"),
    ("gap_pct", "gap (own growth, pp)", "chênh lệch (điểm %)"),
    ("gap_pp", "gap (pp of GRDP)", "chênh lệch (điểm % GRDP)"),
    (
        "target_contribution_pp",
        "target contribution pp",
        "đóng góp theo mục tiêu",
    ),
    (
        "actual_contribution_pp",
        "actual contribution pp",
        "đóng góp thực hiện",
    ),
    ("provisional", "provisional", "sơ bộ"),
    ("kind", "kind", "loại"),
    ("stated_pct", "stated %", "giao %"),
    ("implied_pct", "implied %", "suy ra %"),
    ("difference_pp", "difference pp", "chênh lệch (điểm %)"),
    ("consistent", "consistent", "nhất quán"),
    ("planned_pct", "planned %", "kế hoạch %"),
    ("required_pct", "required %", "cần đạt %"),
    ("rise_pp", "rise pp", "tăng thêm (điểm %)"),
    ("annual_target_pct", "annual target %", "mục tiêu cả năm %"),
    (
        "plan_difference_pp",
        "quarterly plan vs annual target pp",
        "kế hoạch quý so với mục tiêu năm (điểm %)",
    ),
    (
        "own_required_pct",
        "own target needs %",
        "cần đạt theo mục tiêu ngành %",
    ),
    ("annual_pct", "annual reached %", "cả năm đạt %"),
    ("locked", "locked", "giữ nguyên"),
    ("capped", "capped", "chạm trần"),
    ("cap_pct", "cap %", "mức trần %"),
    ("is_leaf", "leaf", "ngành cấp cuối"),
    (
        "capped_below_plan",
        "capped below plan",
        "trần thấp hơn kế hoạch",
    ),
    ("contribution_pp", "contribution pp", "đóng góp (điểm %)"),
    ("growth_pct", "growth %", "tăng trưởng %"),
    ("limit", "limit", "giới hạn"),
    ("p_reach", "P(reach)", "xác suất đạt"),
    ("variance_share", "variance share", "tỷ trọng phương sai"),
];

/// Row labels that are words, not sector codes: program name, English, Vietnamese. The gap's
/// `inconsistency` rows (`inconsistency CNXD` for an aggregate other than the total).
pub const ROWS: &[(&str, &str, &str)] = &[
    (
        "inconsistency",
        "scenario's inconsistency",
        "chênh lệch nội tại của kịch bản",
    ),
    ("total", "total", "tổng cộng"),
];

/// A column's header in `lang` (the name itself when it has no translation).
#[must_use]
pub fn column(name: &str, lang: Lang) -> String {
    COLUMNS.iter().find(|(key, ..)| *key == name).map_or_else(
        || name.to_owned(),
        |(_, en, vi)| lang.pick(en, vi).to_owned(),
    )
}

/// A row label in `lang`: `inconsistency` and `inconsistency CNXD` in words (the scenario's
/// inconsistency, of CNXD); sector codes as they are.
#[must_use]
pub fn row_label(label: &str, lang: Lang) -> String {
    let (word, sector) = label.split_once(' ').unwrap_or((label, ""));
    match ROWS.iter().find(|(key, ..)| *key == word) {
        None => label.to_owned(),
        Some((_, en, vi)) if sector.is_empty() => lang.pick(en, vi).to_owned(),
        Some((_, en, vi)) => format!("{} ({sector})", lang.pick(en, vi)),
    }
}
