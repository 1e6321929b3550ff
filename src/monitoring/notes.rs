//! The evaluation's other sentences as typed values, rendered per language in one catalog
//! beside the findings' ([`super::messages`]): why a rule could not evaluate a subject
//! ([`SkipReason`]) and the digest's notes ([`DigestNote`]).
//!
//! A rule decides the sentence and gives its figures and names as fields; [`SkipReason::text`]
//! and [`DigestNote::text`] write it in English or Vietnamese with the number formatting of
//! [`crate::lang`]. [`super::Monitor::record`] stores the values (a finding's reason as JSON
//! beside both texts, the notes as the digest's JSON); what an earlier grdpsim stored (texts
//! only: a reason's two columns, a note's pair) reads back as the `Recorded` variants, which
//! carry the texts as they were written.

use serde::{Deserialize, Serialize};

use super::derived::DerivedTarget;
use super::messages::as_text;
use super::rules::Rule;
use crate::date::{Date, Month};
use crate::lang::{Lang, Note};

/// Why a rule could not evaluate a subject this month (or, subject `""`, at all): the reason a
/// finding of the month before is carried as not evaluated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Rules 2 to 4 and 8: no scenario was given.
    NoScenario,
    /// Rule 1: the month's report is in but gives no figure to date.
    NoFigureToDate {
        #[serde(with = "as_text")]
        month: Month,
    },
    /// Rule 1: the month's report is missing, past its deadline.
    ReportMissing {
        #[serde(with = "as_text")]
        month: Month,
        #[serde(with = "as_text")]
        deadline: Date,
    },
    /// Rule 1: the month's report is not in yet, its deadline to come.
    ReportNotIn {
        #[serde(with = "as_text")]
        month: Month,
        #[serde(with = "as_text")]
        deadline: Date,
    },
    /// Rule 7: the month's report is not due until its deadline.
    ReportNotDue {
        #[serde(with = "as_text")]
        month: Month,
        #[serde(with = "as_text")]
        deadline: Date,
    },
    /// Rule 2: no quarter with actuals yet, or the year complete.
    NoGrowthRequired,
    /// Rule 2: the base data too short for historical caps, and none in the policy.
    NoCaps,
    /// Rule 2: a sector without a required growth or a cap.
    NoRequiredOrCap { sector: String },
    /// Rule 3: no quarter with actuals.
    NoActuals,
    /// Rule 4: the year is complete.
    YearComplete,
    /// Rule 8: the policy links no indicator to a sector.
    NoLinks,
    /// Rule 8: an indicator without a plan target for a stored period (`year`, `Q3`).
    NoPlanTarget { indicator: String, period: String },
    /// Rule 5: no projects in the store.
    NoProjects,
    /// Rule 5: no monthly plan calls for a payment by the month's end.
    NoPlannedPayment {
        #[serde(with = "as_text")]
        by: Date,
    },
    /// Rule 5: an investor not ranked at the month's end.
    NotRanked {
        name: String,
        #[serde(with = "as_text")]
        at: Date,
    },
    /// The rule found no such subject this month (and gave no reason of its own).
    NothingToEvaluate { rule: Rule, subject: String },
    /// The month was recorded by an earlier grdpsim, which did not keep what it evaluated.
    RecordedEarlier,
    /// A reason stored before reasons were kept typed: its texts as stored.
    Recorded { en: String, vi: String },
}

impl SkipReason {
    /// The reason in `lang` (a clause, no final stop).
    ///
    /// ```
    /// use grdpsim::lang::Lang;
    /// use grdpsim::monitoring::SkipReason;
    /// let r = SkipReason::ReportNotIn {
    ///     month: "2025-08".parse().unwrap(),
    ///     deadline: "2025-09-10".parse().unwrap(),
    /// };
    /// assert_eq!(r.text(Lang::En), "the report for 2025-08 is not in yet (due 2025-09-10)");
    /// assert_eq!(r.text(Lang::Vi), "chưa có báo cáo tháng 2025-08 (hạn 2025-09-10)");
    /// ```
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        let l = |en: &str, vi: &str| lang.pick(en, vi).to_owned();
        match self {
            Self::NoScenario => l(
                "no scenario was given (rules 2-4 and 8 need one)",
                "chưa có kịch bản (quy tắc 2-4 và 8 cần kịch bản)",
            ),
            Self::NoGrowthRequired => l(
                "no growth is required: the scenario has no quarter with actuals, or the year is complete",
                "không có tăng trưởng cần đạt: kịch bản chưa có quý nào có số thực hiện, hoặc năm đã kết thúc",
            ),
            Self::NoCaps => l(
                "the base data are too short for historical caps and the policy sets none",
                "số liệu gốc chưa đủ để tính mức trần lịch sử và tệp chính sách chưa đặt mức trần",
            ),
            Self::NoActuals => l(
                "the scenario has no quarter with actuals",
                "kịch bản chưa có quý nào có số thực hiện",
            ),
            Self::YearComplete => l(
                "the year is complete: no probability to evaluate",
                "năm đã kết thúc: không còn xác suất để đánh giá",
            ),
            Self::NoLinks => l(
                "the policy links no indicator to a sector ([links])",
                "tệp chính sách chưa gắn chỉ tiêu nào với ngành ([links])",
            ),
            Self::NoProjects => l(
                "no projects in the store",
                "chưa có dự án trong cơ sở dữ liệu",
            ),
            Self::RecordedEarlier => l(
                "the month was recorded by an earlier grdpsim, which did not keep what it evaluated; record it again",
                "tháng này được ghi bởi phiên bản grdpsim cũ, không lưu những gì đã đánh giá; hãy ghi lại tháng này",
            ),
            Self::Recorded { en, vi } => l(en, vi),
            _ => self.with_figures(lang),
        }
    }

    /// The reasons that name a month, a date or a subject.
    fn with_figures(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::NoFigureToDate { month }, Lang::En) => format!(
                "the report for {month} does not give the figure to date (a cumulative, or every month's value)"
            ),
            (Self::NoFigureToDate { month }, Lang::Vi) => format!(
                "báo cáo tháng {month} không đủ số liệu lũy kế (cần số lũy kế hoặc số của mọi tháng)"
            ),
            (Self::ReportMissing { month, deadline }, Lang::En) => {
                format!("the report for {month} is missing (due {deadline})")
            }
            (Self::ReportMissing { month, deadline }, Lang::Vi) => {
                format!("thiếu báo cáo tháng {month} (hạn {deadline})")
            }
            (Self::ReportNotIn { month, deadline }, Lang::En) => {
                format!("the report for {month} is not in yet (due {deadline})")
            }
            (Self::ReportNotIn { month, deadline }, Lang::Vi) => {
                format!("chưa có báo cáo tháng {month} (hạn {deadline})")
            }
            (Self::ReportNotDue { month, deadline }, Lang::En) => {
                format!("the report for {month} is not due until {deadline}")
            }
            (Self::ReportNotDue { month, deadline }, Lang::Vi) => {
                format!("báo cáo tháng {month} đến {deadline} mới đến hạn")
            }
            (Self::NoRequiredOrCap { sector }, Lang::En) => {
                format!("{sector} has no required growth or no cap")
            }
            (Self::NoRequiredOrCap { sector }, Lang::Vi) => {
                format!("{sector} chưa có tăng trưởng cần đạt hoặc mức trần")
            }
            (Self::NoPlanTarget { indicator, period }, Lang::En) => {
                format!("{indicator} has no plan target for {period}")
            }
            (Self::NoPlanTarget { indicator, period }, Lang::Vi) => {
                format!("{indicator} chưa có kế hoạch {period}")
            }
            (Self::NoPlannedPayment { by }, Lang::En) => {
                format!("no monthly plan calls for a payment by {by}")
            }
            (Self::NoPlannedPayment { by }, Lang::Vi) => {
                format!("kế hoạch giải ngân theo tháng chưa có khoản nào đến {by}")
            }
            (Self::NotRanked { name, at }, Lang::En) => format!("{name} is not ranked at {at}"),
            (Self::NotRanked { name, at }, Lang::Vi) => {
                format!("{name} chưa được xếp hạng tại {at}")
            }
            (Self::NothingToEvaluate { rule, subject }, Lang::En) => format!(
                "{} has nothing to evaluate about {subject} this month",
                rule.title(lang)
            ),
            (Self::NothingToEvaluate { rule, subject }, Lang::Vi) => format!(
                "quy tắc \"{}\" không có số liệu để đánh giá {subject} tháng này",
                rule.title(lang)
            ),
            _ => String::new(),
        }
    }
}

/// The scenario's figures a digest's note compares: the probability of the annual target (0
/// to 1) and the growth required over the remaining quarters, percent.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ScenarioFigures {
    pub p_reach: Option<f64>,
    pub required_pct: Option<f64>,
}

impl ScenarioFigures {
    /// `4%, required 10.52%`, `–` for a probability not available.
    fn text(self, lang: Lang) -> String {
        self.p_reach
            .map_or_else(|| "–".to_owned(), |p| format!("{:.0}%", 100.0 * p))
            + &self.required_pct.map_or_else(String::new, |r| {
                format!(
                    ", {} {}%",
                    lang.pick("required", "cần đạt"),
                    lang.number(r, 2)
                )
            })
    }
}

/// An indicator a note names: its name in both languages and its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedIndicator {
    pub name: Note,
    pub code: String,
}

/// A note of the digest: what the month's evaluation could not do, and what the headline or the
/// rules add. Percentages are percent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DigestNote {
    /// Rules 2 to 4 need a scenario: none was given.
    NoScenario,
    /// Rule 2 skipped: the scenario's base data too short for historical caps (`message`, the
    /// scenario's own words, in English) and the policy sets none.
    NoCaps { message: String },
    /// Rule 5: no projects in the store.
    NoProjects,
    /// The month's reports not in, named, with their deadline and whether it has passed.
    NotReported {
        #[serde(with = "as_text")]
        month: Month,
        #[serde(with = "as_text")]
        deadline: Date,
        late: bool,
        indicators: Vec<NamedIndicator>,
    },
    /// An indicator linked to a sector: the share of its plan and of the scenario's target
    /// reached by the month.
    PlanAndScenario {
        name: Note,
        plan_pct: f64,
        scenario_pct: f64,
        #[serde(with = "as_text")]
        month: Month,
    },
    /// How the scenario's annual target of a linked indicator is derived.
    Derivation(Box<DerivedTarget>),
    /// The headline is computed now from the scenario given: the month was recorded by an
    /// earlier grdpsim, which did not keep it.
    HeadlineComputedNow,
    /// The scenario given gives other figures than the one the month was recorded with.
    OtherScenario {
        given: ScenarioFigures,
        recorded: ScenarioFigures,
    },
    /// A note stored before notes were kept typed: its texts as stored.
    Recorded { en: String, vi: String },
}

impl DigestNote {
    /// The note in `lang` (a sentence).
    ///
    /// ```
    /// use grdpsim::lang::{Lang, Note};
    /// use grdpsim::monitoring::DigestNote;
    /// let n = DigestNote::PlanAndScenario {
    ///     name: Note::new("Tourism revenue", "Doanh thu du lịch"),
    ///     plan_pct: 61.26,
    ///     scenario_pct: 58.0,
    ///     month: "2025-07".parse().unwrap(),
    /// };
    /// assert_eq!(
    ///     n.text(Lang::Vi),
    ///     "Doanh thu du lịch: đạt 61,3% kế hoạch, 58,0% mục tiêu kịch bản đến tháng 2025-07."
    /// );
    /// ```
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        let l = |en: &str, vi: &str| lang.pick(en, vi).to_owned();
        match (self, lang) {
            (Self::NoScenario, _) => l(
                "Rules 2-4 (required growth, gap, probability) need a scenario: none given.",
                "Quy tắc 2-4 (tăng trưởng cần đạt, mức hụt, xác suất) cần kịch bản: chưa có.",
            ),
            (Self::NoCaps { message }, Lang::En) => format!(
                "Rule 2 (required growth above history) skipped: {message}; or set [required.caps] in the policy."
            ),
            (Self::NoCaps { .. }, Lang::Vi) => "Quy tắc 2 (tăng trưởng cần đạt vượt lịch sử) chưa áp dụng: số liệu gốc chưa đủ ba năm; có thể đặt [required.caps] trong tệp chính sách.".to_owned(),
            (Self::NoProjects, _) => l(
                "Rule 5 (disbursement): no projects in the store.",
                "Quy tắc 5 (giải ngân): chưa có dự án trong cơ sở dữ liệu.",
            ),
            (Self::NotReported { .. }, _) => self.not_reported(lang),
            (
                Self::PlanAndScenario {
                    name,
                    plan_pct,
                    scenario_pct,
                    month,
                },
                _,
            ) => {
                let (name, plan, scen) = (
                    name.text(lang),
                    lang.number(*plan_pct, 1),
                    lang.number(*scenario_pct, 1),
                );
                match lang {
                    Lang::En => format!(
                        "{name}: {plan}% of the plan, {scen}% of the scenario's target at {month}."
                    ),
                    Lang::Vi => format!(
                        "{name}: đạt {plan}% kế hoạch, {scen}% mục tiêu kịch bản đến tháng {month}."
                    ),
                }
            }
            (Self::Derivation(target), _) => target.derivation_text(lang),
            (Self::HeadlineComputedNow, _) => l(
                "The headline figures are computed now from the scenario given: this month was recorded by an earlier grdpsim, which did not keep them.",
                "Số liệu chính được tính lại từ kịch bản đã cho: tháng này được ghi bởi phiên bản grdpsim cũ, không lưu số liệu chính.",
            ),
            (Self::OtherScenario { given, recorded }, Lang::En) => format!(
                "The scenario given gives other figures (probability {}) than the one this month was recorded with ({}): the digest shows the figures as recorded; record the month again with the scenario to use it.",
                given.text(lang),
                recorded.text(lang)
            ),
            (Self::OtherScenario { given, recorded }, Lang::Vi) => format!(
                "Kịch bản đã cho có số liệu khác (xác suất {}) với kịch bản dùng khi ghi tháng này ({}): bản tin giữ số liệu đã ghi; hãy ghi lại tháng này với kịch bản mới để dùng nó.",
                given.text(lang),
                recorded.text(lang)
            ),
            (Self::Recorded { en, vi }, _) => l(en, vi),
        }
    }

    /// [`DigestNote::NotReported`]'s sentence.
    fn not_reported(&self, lang: Lang) -> String {
        let Self::NotReported {
            month,
            deadline,
            late,
            indicators,
        } = self
        else {
            return String::new();
        };
        let names = indicators
            .iter()
            .map(|i| format!("{} ({})", i.name.text(lang), i.code))
            .collect::<Vec<_>>()
            .join(", ");
        match lang {
            Lang::En => format!(
                "Not reported for {month} (due {deadline}, {}): {names}; their findings are not evaluated this month.",
                if *late { "late" } else { "not late yet" }
            ),
            Lang::Vi => format!(
                "Chưa báo cáo tháng {month} (hạn {deadline}, {}): {names}; các cảnh báo liên quan chưa đánh giá được trong tháng này.",
                if *late { "đã quá hạn" } else { "chưa quá hạn" }
            ),
        }
    }
}

/// A stored note: typed, or the (English, Vietnamese) pair a digest of schema 7 holds.
#[derive(Deserialize)]
#[serde(untagged)]
enum StoredNote {
    Typed(DigestNote),
    Pair(String, String),
}

/// The notes of a recorded digest from their stored JSON: the typed values, and the pairs of
/// texts an earlier grdpsim stored as [`DigestNote::Recorded`].
///
/// # Errors
/// The JSON's error when it is neither.
pub(crate) fn read_notes(json: &str) -> serde_json::Result<Vec<DigestNote>> {
    let stored: Vec<StoredNote> = serde_json::from_str(json)?;
    Ok(stored
        .into_iter()
        .map(|n| match n {
            StoredNote::Typed(note) => note,
            StoredNote::Pair(en, vi) => DigestNote::Recorded { en, vi },
        })
        .collect())
}
