//! The findings' sentences as typed values, rendered per language in one catalog.
//!
//! A rule builds a [`Message`] (one variant per kind of sentence, its figures, subjects and
//! periods as fields); [`Message::text`] writes it in English or Vietnamese with the number
//! formatting of [`crate::lang`]. [`super::Monitor::record`] stores the value (as JSON) beside
//! both texts; a finding recorded before the values were kept reads back as
//! [`Message::Recorded`], its stored texts.

use serde::{Deserialize, Serialize};

use super::indicators::Profile;
use super::tasks::{Quantity, Recurrence};
use crate::date::{Date, Month};
use crate::lang::{Lang, Note};
use crate::period::{label_of, Period};

/// What an indicator's pace is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The department's plan target.
    Plan,
    /// The growth scenario's figure.
    Scenario,
}

impl Basis {
    /// `scenario` for the scenario's basis, else the plan (as [`super::Pace::basis`] says).
    #[must_use]
    pub fn parse(basis: &str) -> Self {
        if basis == "scenario" {
            Self::Scenario
        } else {
            Self::Plan
        }
    }

    fn text(self, lang: Lang) -> &'static str {
        match self {
            Self::Plan => lang.pick("plan", "kế hoạch"),
            Self::Scenario => lang.pick("scenario", "kịch bản"),
        }
    }
}

/// Where a sector's historical cap on required growth comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapSource {
    /// The warning policy's `[required.caps]`.
    Policy,
    /// The years of history it is the highest growth of (`2021-2024`).
    Years(String),
}

/// When a task is due, as its finding says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskWhen {
    /// A fixed deadline.
    Date,
    /// An instance of a recurring task.
    Recurring(Recurrence),
    /// The expected date of an event.
    Event(String),
}

/// The task a rule-6 finding is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskDue {
    pub title: String,
    /// The person named (empty: none).
    pub person: String,
    #[serde(with = "as_text")]
    pub due: Date,
    pub when: TaskWhen,
    pub progress: Option<Quantity>,
}

/// Why a figure is not a published one (appended to the finding's sentence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Estimate {
    /// A share of a published figure that covers more.
    Share,
    /// A provisional actual (a nowcast).
    Provisional,
}

/// A finding's sentence. Percentages are percent (`8.6` for 8.6%), ratios plain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Message {
    /// Rule 1, a flow: share of its target reached against the share expected by now.
    FlowBehind {
        indicator: Note,
        /// The target's period when not the year.
        period: Option<Period>,
        basis: Basis,
        reached_pct: f64,
        expected_pct: f64,
        profile: Profile,
        ratio: f64,
        threshold: f64,
    },
    /// Rule 1, an index: y/y growth to date against its target growth.
    IndexBehind {
        indicator: Note,
        period: Option<Period>,
        reached_pct: f64,
        target_pct: f64,
        short_pp: f64,
        /// The growth the remaining months need, when known.
        needed_pct: Option<f64>,
    },
    /// Rule 2: a sector's required growth over the remaining quarters against its cap.
    RequiredAboveHistory {
        sector: String,
        required_pct: f64,
        /// The remaining quarters (`Q3-Q4`).
        remaining: String,
        annual_target_pct: f64,
        cap_pct: f64,
        cap: CapSource,
    },
    /// Rule 3: a leaf sector's growth over the latest period against its target.
    Gap {
        sector: String,
        name: Note,
        period: String,
        actual_pct: f64,
        target_pct: f64,
        gap_pp: f64,
    },
    /// Rule 4: the probability of reaching the GRDP target (0 to 1), and its model.
    Probability {
        target_pct: f64,
        p_reach: f64,
        model: Note,
    },
    /// Rule 5: the province's payments against its monthly plans (SPI).
    DisbursementBehind {
        #[serde(with = "as_text")]
        month_end: Date,
        rate_pct: f64,
        spi: f64,
        threshold: f64,
    },
    /// Rule 5: an investor's rate below the province's.
    InvestorBelow {
        name: String,
        rate_pct: f64,
        vs_province_pp: f64,
        province_pct: f64,
    },
    /// Rule 5: an investor's stalled projects.
    Stalled {
        name: String,
        projects: usize,
        weeks: u32,
    },
    /// Rule 6: a task past its due date.
    TaskOverdue { task: TaskDue, days: i32 },
    /// Rule 6: a task due soon.
    TaskDueSoon { task: TaskDue, days: i32 },
    /// Rule 7: a monthly report missing past its deadline.
    ReportMissing {
        indicator: Note,
        #[serde(with = "as_text")]
        month: Month,
        #[serde(with = "as_text")]
        deadline: Date,
    },
    /// Rule 8: a department's plan target implying less growth than the scenario assigns.
    PlanBelowScenario {
        indicator: Note,
        /// The stored target period: `year`, `Q3`, `Q4`, `H2`.
        period: String,
        plan: f64,
        unit: String,
        implied_pct: f64,
        assigned_pct: f64,
        /// The scenario's target in the indicator's unit.
        derived: f64,
    },
    /// A sentence resting on an estimated or provisional figure of `sector` over `period`,
    /// which it says after it.
    Estimated {
        message: Box<Message>,
        estimate: Estimate,
        sector: String,
        period: Period,
    },
    /// A finding recorded before its message was kept typed: the texts stored then.
    Recorded { en: String, vi: String },
}

/// A period label in a finding's sentence: as stored in English (`2025H1`, `Q3-Q4`), as people
/// read it in Vietnamese ([`label_of`]).
fn period_text(period: &str, lang: Lang) -> String {
    match lang {
        Lang::En => period.to_owned(),
        Lang::Vi => label_of(period, lang),
    }
}

/// A stored target period as people read it (`year` is the annual one).
pub(crate) fn target_period_label(period: &str, lang: Lang) -> String {
    match (period, lang) {
        ("year", Lang::Vi) => "cả năm".to_owned(),
        ("year", Lang::En) => "annual".to_owned(),
        ("H2", Lang::Vi) => "6 tháng cuối năm".to_owned(),
        ("Q3", Lang::Vi) => "quý III".to_owned(),
        ("Q4", Lang::Vi) => "quý IV".to_owned(),
        (p, _) => p.to_owned(),
    }
}

impl Message {
    /// The sentence in `lang`.
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::TaskOverdue { task, days }, _) => task.overdue(*days, lang),
            (Self::TaskDueSoon { task, days }, _) => task.due_soon(*days, lang),
            (
                Self::ReportMissing {
                    indicator,
                    month,
                    deadline,
                },
                Lang::En,
            ) => format!(
                "{}: the report for {month} is missing (due {deadline}).",
                indicator.text(lang)
            ),
            (
                Self::ReportMissing {
                    indicator,
                    month,
                    deadline,
                },
                Lang::Vi,
            ) => format!(
                "{}: chưa có báo cáo tháng {month} (hạn {deadline}).",
                indicator.text(lang)
            ),
            (
                Self::Estimated {
                    message,
                    estimate,
                    sector,
                    period,
                },
                _,
            ) => format!(
                "{} {}",
                message.text(lang),
                estimate_text(*estimate, sector, *period, lang)
            ),
            (Self::Recorded { en, vi }, _) => lang.pick(en, vi).to_owned(),
            _ => self
                .flow(lang)
                .or_else(|| self.index(lang))
                .or_else(|| self.scenario(lang))
                .or_else(|| self.disbursement(lang))
                .or_else(|| self.plan_below(lang))
                .unwrap_or_default(),
        }
    }

    /// Rules 2 to 4's sentences.
    fn scenario(&self, lang: Lang) -> Option<String> {
        let n = |x: f64, d: usize| lang.number(x, d);
        Some(match (self, lang) {
            (
                Self::RequiredAboveHistory {
                    sector,
                    required_pct,
                    remaining,
                    annual_target_pct,
                    cap_pct,
                    cap,
                },
                _,
            ) => {
                let (need, annual, c) = (
                    n(*required_pct, 1),
                    n(*annual_target_pct, 1),
                    n(*cap_pct, 1),
                );
                let years = match cap {
                    CapSource::Policy => lang.pick("policy", "theo chính sách cảnh báo"),
                    CapSource::Years(y) => y,
                };
                let remaining = period_text(remaining, lang);
                match lang {
                    Lang::En => format!(
                        "{sector} needs +{need}% over {remaining} to reach its annual target of +{annual}%; its cap ({years}) is +{c}%."
                    ),
                    Lang::Vi => format!(
                        "{sector} cần tăng {need}% trong {remaining} để đạt mục tiêu năm {annual}%; mức trần ({years}) là {c}%."
                    ),
                }
            }
            (
                Self::Gap {
                    sector,
                    name,
                    period,
                    actual_pct,
                    target_pct,
                    gap_pp,
                },
                _,
            ) => {
                let (name, period, actual, target, short) = (
                    name.text(lang),
                    period_text(period, lang),
                    n(*actual_pct, 1),
                    n(*target_pct, 1),
                    n(-gap_pp, 2),
                );
                match lang {
                    Lang::En => format!(
                        "{name} ({sector}) grew {actual}% in {period} against a target of {target}%: {short} points of GRDP short."
                    ),
                    Lang::Vi => format!(
                        "{name} ({sector}) tăng {actual}% trong {period} so với kịch bản {target}%: hụt {short} điểm phần trăm GRDP."
                    ),
                }
            }
            (
                Self::Probability {
                    target_pct,
                    p_reach,
                    model,
                },
                _,
            ) => {
                let (target, p, model) = (
                    n(*target_pct, 1),
                    format!("{:.0}", 100.0 * p_reach),
                    model.text(lang),
                );
                match lang {
                    Lang::En => format!(
                        "The probability of reaching the GRDP target of {target}% is {p}% ({model})."
                    ),
                    Lang::Vi => {
                        format!("Xác suất đạt mục tiêu tăng trưởng GRDP {target}% là {p}% ({model}).")
                    }
                }
            }
            _ => return None,
        })
    }

    /// Rule 5's sentences.
    fn disbursement(&self, lang: Lang) -> Option<String> {
        let n = |x: f64, d: usize| lang.number(x, d);
        Some(match (self, lang) {
            (
                Self::DisbursementBehind {
                    month_end,
                    rate_pct,
                    spi,
                    threshold,
                },
                _,
            ) => {
                let rate = n(*rate_pct, 1);
                match lang {
                    Lang::En => format!(
                        "Disbursement {rate}% of the plan in force on {month_end}; paid {:.0}% of what the monthly plans called for (SPI {spi:.3} < {threshold:.2}).",
                        100.0 * spi
                    ),
                    Lang::Vi => format!(
                        "Giải ngân {rate}% kế hoạch vốn đến {month_end}; mới đạt {}% kế hoạch giải ngân theo tháng (SPI {} < {}).",
                        n(100.0 * spi, 0),
                        n(*spi, 3),
                        n(*threshold, 2)
                    ),
                }
            }
            (
                Self::InvestorBelow {
                    name,
                    rate_pct,
                    vs_province_pp,
                    province_pct,
                },
                _,
            ) => {
                let (rate, below, province) =
                    (n(*rate_pct, 1), n(-vs_province_pp, 1), n(*province_pct, 1));
                match lang {
                    Lang::En => format!(
                        "{name} has disbursed {rate}% of its plan, {below} points below the province's {province}%."
                    ),
                    Lang::Vi => format!(
                        "{name} mới giải ngân {rate}% kế hoạch, thấp hơn mức chung của tỉnh ({province}%) {below} điểm."
                    ),
                }
            }
            (
                Self::Stalled {
                    name,
                    projects,
                    weeks,
                },
                Lang::En,
            ) => {
                format!("{name}: {projects} projects without a payment for {weeks} weeks or more.")
            }
            (
                Self::Stalled {
                    name,
                    projects,
                    weeks,
                },
                Lang::Vi,
            ) => format!("{name}: {projects} dự án không giải ngân từ {weeks} tuần trở lên."),
            _ => return None,
        })
    }

    /// Rule 1's sentence on a flow.
    fn flow(&self, lang: Lang) -> Option<String> {
        let Self::FlowBehind {
            indicator,
            period,
            basis,
            reached_pct,
            expected_pct,
            profile,
            ratio,
            threshold,
        } = self
        else {
            return None;
        };
        let (name, reached, expected) = (
            indicator.text(lang),
            lang.number(*reached_pct, 1),
            lang.number(*expected_pct, 1),
        );
        let period = period.map(|p| p.short_label_in(lang));
        Some(match lang {
            Lang::En => {
                let profile = match profile {
                    Profile::LastYear => "last year's monthly profile",
                    Profile::Flat => "a flat profile",
                };
                let period = period.map(|p| format!("{p} ")).unwrap_or_default();
                format!(
                    "{name}: {reached}% of the {period}{} target reached against {expected}% expected by now ({profile}); pace {ratio:.2} < {threshold:.2}.",
                    basis.text(lang)
                )
            }
            Lang::Vi => {
                let profile = match profile {
                    Profile::LastYear => "theo cơ cấu tháng năm trước",
                    Profile::Flat => "chia đều theo tháng",
                };
                let period = period.map(|p| format!(" {p}")).unwrap_or_default();
                format!(
                    "{name}: đạt {reached}% mục tiêu {}{period} so với {expected}% cần đạt đến nay ({profile}); tiến độ {} < {}.",
                    basis.text(lang),
                    lang.number(*ratio, 2),
                    lang.number(*threshold, 2)
                )
            }
        })
    }

    /// Rule 1's sentence on an index.
    fn index(&self, lang: Lang) -> Option<String> {
        let Self::IndexBehind {
            indicator,
            period,
            reached_pct,
            target_pct,
            short_pp,
            needed_pct,
        } = self
        else {
            return None;
        };
        let name = indicator.text(lang);
        let need = needed_pct.map_or_else(String::new, |x| lang.number(x, 1));
        let period = period.map(|p| p.short_label_in(lang));
        Some(match lang {
            Lang::En => {
                let period = period.map(|p| format!("{p} ")).unwrap_or_default();
                format!(
                    "{name}: {reached_pct:+.2}% y/y to date against a {period}target of {target_pct:+.2}%, {short_pp:.2} points short; the remaining months need {need}%."
                )
            }
            Lang::Vi => {
                let period = period.map(|p| format!(" {p}")).unwrap_or_default();
                format!(
                    "{name}: lũy kế tăng {}% so với cùng kỳ, mục tiêu{period} {}%, thấp hơn {} điểm; các tháng còn lại cần tăng {need}%.",
                    lang.number(*reached_pct, 2),
                    lang.number(*target_pct, 2),
                    lang.number(*short_pp, 2)
                )
            }
        })
    }

    /// Rule 8's sentence.
    fn plan_below(&self, lang: Lang) -> Option<String> {
        let Self::PlanBelowScenario {
            indicator,
            period,
            plan,
            unit,
            implied_pct,
            assigned_pct,
            derived,
        } = self
        else {
            return None;
        };
        let name = indicator.text(lang);
        let period = target_period_label(period, lang);
        let unit = lang.unit(unit);
        let (plan, derived) = (lang.grouped(*plan, 0), lang.grouped(*derived, 0));
        let (g, assigned) = (lang.signed(*implied_pct, 1), lang.signed(*assigned_pct, 1));
        Some(match lang {
            Lang::En => format!(
                "{name}: your {period} plan of {plan} {unit} implies {g}% value added; the scenario assigns {assigned}% ({derived} {unit})."
            ),
            Lang::Vi => format!(
                "{name}: kế hoạch {period} {plan} {unit} chỉ tương ứng giá trị tăng thêm {g}%; kịch bản giao {assigned}% ({derived} {unit})."
            ),
        })
    }
}

/// What an estimated figure's finding adds.
fn estimate_text(estimate: Estimate, sector: &str, period: Period, lang: Lang) -> String {
    let p = period.short_label_in(lang);
    match (estimate, lang) {
        (Estimate::Share, Lang::En) => format!("{sector}'s {p} figure is estimated, not published (a share of a published figure that covers more, pro rata to the targets)."),
        (Estimate::Share, Lang::Vi) => format!("Số liệu {p} của {sector} là số ước tính, chưa công bố riêng (phần chia của số liệu công bố gộp, theo tỷ lệ mục tiêu)."),
        (Estimate::Provisional, Lang::En) => format!("{sector}'s {p} figure is provisional (an estimate such as a nowcast, not yet published)."),
        (Estimate::Provisional, Lang::Vi) => format!("Số liệu {p} của {sector} là số sơ bộ (ước tính, ví dụ dự báo tức thời, chưa công bố)."),
    }
}

impl TaskDue {
    /// ` (person)`, or nothing.
    fn by(&self) -> String {
        if self.person.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.person)
        }
    }

    /// The due date with what it is: a deadline, a recurrence's instance, an event's date.
    fn when(&self, lang: Lang) -> String {
        let due = self.due;
        match (&self.when, lang) {
            (TaskWhen::Date, Lang::En) => format!("deadline {due}"),
            (TaskWhen::Date, Lang::Vi) => format!("hạn {due}"),
            (TaskWhen::Recurring(every), Lang::En) => {
                format!("instance due {due} ({})", every.label(lang))
            }
            (TaskWhen::Recurring(every), Lang::Vi) => {
                format!("kỳ hạn {due}, {}", every.label(lang))
            }
            (TaskWhen::Event(event), Lang::En) => {
                format!("expected date {due} of the event \"{event}\"")
            }
            (TaskWhen::Event(event), Lang::Vi) => format!("ngày dự kiến {due} của mốc \"{event}\""),
        }
    }

    fn progress(&self, lang: Lang) -> String {
        self.progress.as_ref().map_or_else(String::new, |q| {
            format!(
                " {}: {}.",
                lang.pick("Progress", "Tiến độ"),
                q.describe(lang)
            )
        })
    }

    fn overdue(&self, days: i32, lang: Lang) -> String {
        let (title, by, when, progress) =
            (&self.title, self.by(), self.when(lang), self.progress(lang));
        match lang {
            Lang::En => format!(
                "Task \"{title}\"{by} is {days} days past its {when} and not done.{progress}"
            ),
            Lang::Vi => format!(
                "Nhiệm vụ \"{title}\"{by} đã quá hạn {days} ngày ({when}) mà chưa hoàn thành.{progress}"
            ),
        }
    }

    fn due_soon(&self, days: i32, lang: Lang) -> String {
        let (title, by, progress) = (&self.title, self.by(), self.progress(lang));
        // A date's finding reads as before: the date alone in brackets.
        let soon = match self.when {
            TaskWhen::Date => self.due.to_string(),
            _ => self.when(lang),
        };
        match lang {
            Lang::En => format!(
                "Task \"{title}\"{by} is due in {days} days ({soon}) and not done.{progress}"
            ),
            Lang::Vi => format!(
                "Nhiệm vụ \"{title}\"{by} còn {days} ngày đến hạn ({soon}) và chưa hoàn thành.{progress}"
            ),
        }
    }
}

/// Serde through a type's text: `Display` out, `FromStr` in (dates, months).
pub(super) mod as_text {
    use std::fmt::Display;
    use std::str::FromStr;

    use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

    pub fn serialize<T: Display, S: Serializer>(x: &T, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(x)
    }

    pub fn deserialize<'de, T, D>(d: D) -> Result<T, D::Error>
    where
        T: FromStr,
        T::Err: Display,
        D: Deserializer<'de>,
    {
        let text = String::deserialize(d)?;
        text.parse().map_err(D::Error::custom)
    }
}
