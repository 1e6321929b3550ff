//! The early-warning rules and their findings, kept month by month with their history.
//!
//! Each [`Rule`] is named and documented; its thresholds are in the [`WarningPolicy`]. A
//! finding names its subject (sector, indicator, investor, project, task), who answers for
//! it, the figure and the threshold it crossed, and says so in one sentence in Vietnamese and
//! in English. [`Monitor::record`] stores a month's findings with their history against the
//! last month recorded before: *new* (not found then), *persisting* (found then and now),
//! *resolved* (found then, evaluated now and passed) or *not evaluated* (found then, but its
//! rule could not look at it now: the month's report is not in, no scenario was given, the
//! rule was skipped). Only an evaluation that passes resolves a finding: a department that
//! stops reporting keeps its finding, marked not evaluated with the reason, until a report
//! shows the problem gone. Each evaluation says what it covered ([`Coverage`]).

use std::collections::{BTreeMap, BTreeSet};

use super::digest::Headline;
use super::indicators::{parse_month, IndicatorKind, Monitor};
use super::messages::{Basis, CapSource, Estimate, Message, TaskDue, TaskWhen};
use super::notes::{DigestNote, NamedIndicator, SkipReason};
use super::policy::WarningPolicy;
use super::tasks::{Deadline, Task, TaskStatus};
use super::Date;
use crate::date::Month;
use crate::error::{GrdpsimError, Result};
use crate::lang::{Lang, Note};
use crate::period::Period;
use crate::probability::{probability, Options, Probability};
use crate::scenario::{GapRowKind, Policy, RequiredOptions, Scenario, Source};
use crate::uncertainty::{Correlation, Sd, Uncertainty};

/// An early-warning rule (serialized by its name, [`Rule::as_str`]).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// (1) An indicator behind its pace: a flow's share of its annual target against the share
    /// expected by now, an index's growth to date against its target growth.
    BehindPace,
    /// (2) A sector's growth required over the remaining quarters above (or near) the highest
    /// growth in its history.
    RequiredAboveHistory,
    /// (3) A sector's official gap over the latest period with actuals, in points of GRDP.
    GapPp,
    /// (4) The probability of reaching the annual GRDP target (or a sector's own) below a level.
    Probability,
    /// (5) Disbursement behind its monthly plan, an investor far below the provincial rate,
    /// projects stalled.
    Disbursement,
    /// (6) A task past its deadline, or due soon, and not done.
    TaskDue,
    /// (7) A monthly report missing past its deadline.
    ReportMissing,
    /// (8) A department's plan target of a period implying less value-added growth than the
    /// scenario assigns its sector ([`super::derived`]): figure the plan's implied growth,
    /// threshold the assigned growth, both percent.
    PlanBelowScenario,
}

impl Rule {
    pub const ALL: [Rule; 8] = [
        Rule::BehindPace,
        Rule::RequiredAboveHistory,
        Rule::GapPp,
        Rule::Probability,
        Rule::Disbursement,
        Rule::TaskDue,
        Rule::ReportMissing,
        Rule::PlanBelowScenario,
    ];

    /// The rule's name, as stored and in the policy file.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BehindPace => "behind_pace",
            Self::RequiredAboveHistory => "required_above_history",
            Self::GapPp => "gap_pp",
            Self::Probability => "probability",
            Self::Disbursement => "disbursement",
            Self::TaskDue => "task_due",
            Self::ReportMissing => "report_missing",
            Self::PlanBelowScenario => "plan_below_scenario",
        }
    }

    /// The rules' titles in English and Vietnamese, in the order of [`Rule::ALL`] (the
    /// variants' order).
    const TITLES: [(&'static str, &'static str); 8] = [
        ("Indicator behind pace", "Chỉ tiêu chậm so với tiến độ"),
        (
            "Required growth above history",
            "Tăng trưởng cần đạt vượt mức lịch sử",
        ),
        ("Gap in points of GRDP", "Hụt điểm phần trăm GRDP"),
        (
            "Probability of the annual target",
            "Xác suất đạt mục tiêu năm",
        ),
        (
            "Public-investment disbursement",
            "Giải ngân vốn đầu tư công",
        ),
        (
            "Task overdue or due soon",
            "Nhiệm vụ quá hạn hoặc sắp đến hạn",
        ),
        ("Monthly report missing", "Thiếu báo cáo tháng"),
        (
            "Plan below the scenario's growth",
            "Kế hoạch thấp hơn tăng trưởng kịch bản giao",
        ),
    ];

    /// The rule's title in a language.
    pub fn title(self, lang: Lang) -> &'static str {
        let (en, vi) = Self::TITLES[self as usize];
        lang.pick(en, vi)
    }

    /// Reads a rule's name.
    ///
    /// # Errors
    /// [`GrdpsimError::UnknownOption`] otherwise.
    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| GrdpsimError::UnknownOption {
                option: "rule".into(),
                value: s.into(),
                expected: Self::ALL.map(Rule::as_str).join(", "),
            })
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Green,
    Amber,
    Red,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Amber => "amber",
            Self::Red => "red",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Green => lang.pick("green", "xanh"),
            Self::Amber => lang.pick("amber", "vàng"),
            Self::Red => lang.pick("red", "đỏ"),
        }
    }

    pub(crate) fn parse(s: &str) -> Self {
        match s {
            "red" => Self::Red,
            "amber" => Self::Amber,
            _ => Self::Green,
        }
    }
}

/// A finding's place in its history, against the last month recorded before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum History {
    /// Not found the month before.
    New,
    /// Found the month before too.
    Persisting,
    /// Found the month before; evaluated this month and passed.
    Resolved,
    /// Found the month before (or carried since); its rule could not evaluate it this month
    /// (the month's report is not in, no scenario, the rule skipped): still open.
    NotEvaluated,
}

impl History {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Persisting => "persisting",
            Self::Resolved => "resolved",
            Self::NotEvaluated => "not_evaluated",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::New => lang.pick("new", "mới"),
            Self::Persisting => lang.pick("persisting", "kéo dài"),
            Self::Resolved => lang.pick("resolved", "đã khắc phục"),
            Self::NotEvaluated => lang.pick("not evaluated", "chưa đánh giá được"),
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        [
            Self::New,
            Self::Persisting,
            Self::Resolved,
            Self::NotEvaluated,
        ]
        .into_iter()
        .find(|h| h.as_str() == s)
    }
}

/// One early warning.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// What it is about, prefixed by its kind: `sector:CN`, `indicator:CN_IIP`,
    /// `investor:CDT-07`, `task:T-03`, `province:disbursement`, `plan:CN_GTSX:Q3` (a
    /// department's plan target of a period, rule 8).
    pub subject: String,
    /// The department or person who answers for it.
    pub responsible: String,
    /// The figure that crossed the threshold (NaN when there is none: a missing report).
    pub figure: f64,
    pub threshold: f64,
    /// What its rule says of it, rendered per language ([`Finding::message`]).
    pub message: Message,
    /// Set by [`Monitor::record`] (New before it).
    pub history: History,
    /// The month (`YYYY-MM`) whose evaluation found it: this month's, or for a finding not
    /// evaluated this month, the last that did.
    pub found_in: String,
    /// Why it was not evaluated this month (history [`History::NotEvaluated`]).
    pub reason: Option<SkipReason>,
    /// Its figure rests on an estimated or provisional figure (a share of a published
    /// aggregate, a nowcast), which its message says.
    pub estimated: bool,
}

impl Finding {
    /// The message in a language, as its rule wrote it when it found it.
    pub fn message(&self, lang: Lang) -> String {
        self.message.text(lang)
    }

    /// The message with, for a finding not evaluated this month, why and when it was last
    /// found: what the digest and the web page print.
    pub fn statement(&self, lang: Lang) -> String {
        match &self.reason {
            Some(r) if self.history == History::NotEvaluated => format!(
                "{} {}. {} {}: {}",
                lang.pick("Not evaluated:", "Chưa đánh giá được:"),
                r.text(lang).trim_end_matches('.'),
                lang.pick("As last found in", "Theo đánh giá gần nhất tháng"),
                self.found_in,
                self.message(lang)
            ),
            _ => self.message(lang),
        }
    }
}

/// What one month's evaluation covered: the subjects each rule evaluated (whether it found
/// something or they passed), and why the others were not evaluated. A finding of the month
/// before is resolved only if its rule evaluated its subject this month and found nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    evaluated: BTreeSet<(Rule, String)>,
    /// (rule, subject) → why not evaluated; subject `""`: the whole rule.
    skipped: BTreeMap<(Rule, String), SkipReason>,
}

impl Coverage {
    /// Whether the rule evaluated the subject this month.
    pub fn evaluated(&self, rule: Rule, subject: &str) -> bool {
        self.evaluated.contains(&(rule, subject.to_owned()))
    }

    /// Why the rule did not evaluate the subject (the subject's own reason, else the rule's,
    /// else: the rule found no such subject this month).
    pub fn reason(&self, rule: Rule, subject: &str) -> SkipReason {
        self.skipped
            .get(&(rule, subject.to_owned()))
            .or_else(|| self.skipped.get(&(rule, String::new())))
            .cloned()
            .unwrap_or_else(|| SkipReason::NothingToEvaluate {
                rule,
                subject: subject.to_owned(),
            })
    }
}

/// A finding under construction, and what the evaluation covered.
struct Draft<'a> {
    out: &'a mut Vec<Finding>,
    coverage: &'a mut Coverage,
    month: String,
}

impl Draft<'_> {
    /// The rule evaluated the subject and found nothing.
    fn pass(&mut self, rule: Rule, subject: &str) {
        self.coverage.evaluated.insert((rule, subject.to_owned()));
    }

    /// The rule could not evaluate the subject (`""`: the rule as a whole), and why.
    fn skip(&mut self, rule: Rule, subject: &str, reason: SkipReason) {
        self.coverage
            .skipped
            .insert((rule, subject.to_owned()), reason);
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        rule: Rule,
        severity: Severity,
        subject: String,
        responsible: String,
        figure: f64,
        threshold: f64,
        message: Message,
    ) -> bool {
        self.pass(rule, &subject);
        if severity == Severity::Green {
            return false;
        }
        self.out.push(Finding {
            rule,
            severity,
            subject,
            responsible,
            figure,
            threshold,
            message,
            history: History::New,
            found_in: self.month.clone(),
            reason: None,
            estimated: false,
        });
        true
    }

    /// Marks the finding just pushed as resting on an estimated or provisional figure of
    /// `sector` over `period`, and says so in its message.
    fn estimated(&mut self, estimate: Estimate, sector: &str, period: Period) {
        if let Some(f) = self.out.last_mut() {
            f.estimated = true;
            let said = std::mem::replace(
                &mut f.message,
                Message::Recorded {
                    en: String::new(),
                    vi: String::new(),
                },
            );
            f.message = Message::Estimated {
                message: Box::new(said),
                estimate,
                sector: sector.to_owned(),
                period,
            };
        }
    }
}

/// Severity of a value that is bad when low: red below `red`, amber below `amber`.
fn low_band(x: f64, amber: f64, red: f64) -> (Severity, f64) {
    if x < red {
        (Severity::Red, red)
    } else if x < amber {
        (Severity::Amber, amber)
    } else {
        (Severity::Green, amber)
    }
}

/// What a month's evaluation looked at, beside the store.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// The scenario with its actuals (rules 2, 3, 4 need it; skipped with a note without).
    pub scenario: Option<&'a Scenario>,
    /// The date the findings are as of (default: the month's report deadline).
    pub as_of: Option<Date>,
}

/// A month's findings, most serious first, with last month's findings now resolved, and the
/// notes of what was skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Findings {
    /// `YYYY-MM`.
    pub month: String,
    pub as_of: Date,
    /// Whether `as_of` is the default, the month's report deadline (not given).
    pub as_of_default: bool,
    /// This month's findings (new or persisting), then the open findings of the month before
    /// that could not be evaluated this month ([`History::NotEvaluated`]).
    pub findings: Vec<Finding>,
    pub resolved: Vec<Finding>,
    pub notes: Vec<DigestNote>,
    /// The scenario's and disbursement's figures, from the same evaluation as the findings
    /// (rule 4's probability is the headline's).
    pub headline: Headline,
    /// What the rules evaluated this month (empty for a month read back from the store).
    pub coverage: Coverage,
}

impl Monitor {
    /// The findings of every rule at `month` (`YYYY-MM`), not stored (see [`Monitor::record`]).
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for a month not of the store's year; errors of the
    /// scenario's required growth, gap or probability; [`GrdpsimError::Database`].
    pub fn evaluate(
        &self,
        month: Month,
        policy: &WarningPolicy,
        cx: &Context<'_>,
    ) -> Result<Findings> {
        let m = self.month_of_year(month)?;
        let month = &month.to_string();
        let month_start = Date::new(self.year(), m, 1)?;
        let month_end = month_start.month_end();
        let as_of = cx
            .as_of
            .unwrap_or_else(|| policy.reports.deadline(month_start));
        let mut out = Vec::new();
        let mut notes = Vec::new();
        let mut coverage = Coverage::default();
        let mut headline = Headline::default();
        let mut d = Draft {
            out: &mut out,
            coverage: &mut coverage,
            month: month_start.month_label(),
        };
        self.rule_pace(month, as_of, policy, &mut d)?;
        if let Some(sc) = cx.scenario {
            rule_required(sc, policy, &mut d, &mut notes)?;
            rule_gap(sc, policy, &mut d)?;
            // One probability for the rule and the headline: the same figure in both.
            let pr = if sc.elapsed_quarters() < 4 {
                Some(probability(
                    sc,
                    &policy_uncertainty(policy)?,
                    &Options::default(),
                )?)
            } else {
                d.skip(Rule::Probability, "", SkipReason::YearComplete);
                None
            };
            if let Some(pr) = &pr {
                rule_probability(pr, policy, &mut d)?;
            }
            headline = Headline::of_scenario(sc, pr.as_ref(), policy)?;
            self.rule_derived(month, sc, policy, &mut d, &mut notes)?;
        } else {
            for rule in [
                Rule::RequiredAboveHistory,
                Rule::GapPp,
                Rule::Probability,
                Rule::PlanBelowScenario,
            ] {
                d.skip(rule, "", SkipReason::NoScenario);
            }
            notes.push(DigestNote::NoScenario);
        }
        headline.disbursement_rate_pct =
            self.rule_disbursement(month_end, policy, &mut d, &mut notes)?;
        self.rule_tasks(as_of, policy, &mut d)?;
        self.rule_reports(m, as_of, policy, &mut d, &mut notes)?;
        out.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(a.responsible.cmp(&b.responsible))
                .then(a.rule.cmp(&b.rule))
                .then(a.subject.cmp(&b.subject))
        });
        Ok(Findings {
            month: month_start.month_label(),
            as_of,
            as_of_default: cx.as_of.is_none(),
            findings: out,
            resolved: Vec::new(),
            notes,
            headline,
            coverage,
        })
    }

    /// Rule 8 and the digest's notes on the indicators linked to a sector: the year's pace
    /// against the plan and the scenario's target side by side, how that target is derived,
    /// and a finding for each period's plan implying less growth than the scenario assigns
    /// ([`super::derived`]; subject `plan:CODE:PERIOD`, `year` included, apart from the
    /// indicator's pace findings).
    fn rule_derived(
        &self,
        month: &str,
        sc: &crate::scenario::Scenario,
        policy: &WarningPolicy,
        d: &mut Draft<'_>,
        notes: &mut Vec<DigestNote>,
    ) -> Result<()> {
        if policy.links.is_empty() {
            d.skip(Rule::PlanBelowScenario, "", SkipReason::NoLinks);
            return Ok(());
        }
        let at = crate::date::Month::parse_arg("month", month)?;
        let paces = self.pace(at)?;
        for t in self.derived_targets(sc, policy)? {
            let subject = format!("plan:{}:{}", t.indicator, t.period);
            if t.period == "year" {
                let pace = paces.iter().find(|p| p.indicator.code == t.indicator);
                if let Some((plan, scen)) =
                    pace.and_then(|p| p.plan_reached_pct.zip(p.scenario_reached_pct))
                {
                    notes.push(DigestNote::PlanAndScenario {
                        name: Note::new(&t.name_en, &t.name_vi),
                        plan_pct: plan,
                        scenario_pct: scen,
                        month: at,
                    });
                }
                notes.push(DigestNote::Derivation(Box::new(t.clone())));
            }
            let (Some(implied), Some(message)) = (t.plan_growth_pct, t.shortfall_message()) else {
                if t.plan.is_some() {
                    d.pass(Rule::PlanBelowScenario, &subject);
                } else {
                    d.skip(
                        Rule::PlanBelowScenario,
                        &subject,
                        SkipReason::NoPlanTarget {
                            indicator: t.indicator.clone(),
                            period: t.period.clone(),
                        },
                    );
                }
                continue;
            };
            d.push(
                Rule::PlanBelowScenario,
                Severity::Amber,
                subject,
                t.department.clone(),
                implied,
                t.assigned_growth_pct,
                message,
            );
        }
        Ok(())
    }

    fn rule_pace(
        &self,
        month: &str,
        as_of: Date,
        policy: &WarningPolicy,
        d: &mut Draft<'_>,
    ) -> Result<()> {
        let p = &policy.pace;
        let year = self.year();
        let deadline = policy.reports.deadline(parse_month(month)?);
        let at = crate::date::Month::parse_arg("month", month)?;
        for pace in self.pace(at)?.into_iter().chain(self.period_paces(at)?) {
            let ind = &pace.indicator;
            let subject = if pace.period == "year" {
                format!("indicator:{}", ind.code)
            } else {
                format!("indicator:{}:{}", ind.code, pace.period)
            };
            let (Some(ratio), Some(reached)) = (pace.pace_ratio, pace.reached_pct) else {
                skip_pace(d, &subject, &pace, as_of > deadline, deadline)?;
                continue;
            };
            // The year's pace keeps the indicator's subject; a period's is told apart.
            let period = if pace.period == "year" {
                None
            } else {
                Some(Period::parse_in_year(&pace.period, year)?)
            };
            let indicator = Note::new(&ind.name_en, &ind.name_vi);
            match ind.kind {
                IndicatorKind::Flow => {
                    let (sev, thr) = low_band(ratio, p.flow_amber_ratio, p.flow_red_ratio);
                    d.push(
                        Rule::BehindPace,
                        sev,
                        subject,
                        ind.department.clone(),
                        ratio,
                        thr,
                        Message::FlowBehind {
                            indicator,
                            period,
                            basis: Basis::parse(&pace.basis),
                            reached_pct: reached,
                            expected_pct: pace.expected_pct,
                            profile: pace.profile,
                            ratio,
                            threshold: thr,
                        },
                    );
                }
                IndicatorKind::Index => {
                    let short = pace.target - reached;
                    let (sev, thr) = if short > p.index_red_pp {
                        (Severity::Red, p.index_red_pp)
                    } else if short > p.index_amber_pp {
                        (Severity::Amber, p.index_amber_pp)
                    } else {
                        (Severity::Green, p.index_amber_pp)
                    };
                    d.push(
                        Rule::BehindPace,
                        sev,
                        subject,
                        ind.department.clone(),
                        short,
                        thr,
                        Message::IndexBehind {
                            indicator,
                            period,
                            reached_pct: reached,
                            target_pct: pace.target,
                            short_pp: short,
                            needed_pct: pace.needed_rest,
                        },
                    );
                }
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_lines)]
    fn rule_disbursement(
        &self,
        month_end: Date,
        policy: &WarningPolicy,
        d: &mut Draft<'_>,
        notes: &mut Vec<DigestNote>,
    ) -> Result<Option<f64>> {
        let p = &policy.disbursement;
        let figures = self.disbursement().month(month_end, p.stalled_weeks)?;
        if figures.projects == 0 {
            notes.push(DigestNote::NoProjects);
            d.skip(Rule::Disbursement, "", SkipReason::NoProjects);
            return Ok(None);
        }
        let who = policy.responsible_for("disbursement");
        let (paid, planned, rate) = (figures.paid, figures.planned_to_date, figures.rate_pct);
        if planned <= 0.0 {
            d.skip(
                Rule::Disbursement,
                "province:disbursement",
                SkipReason::NoPlannedPayment { by: month_end },
            );
        } else {
            let spi = paid / planned;
            let (sev, thr) = low_band(spi, p.spi_amber, p.spi_red);
            d.push(
                Rule::Disbursement,
                sev,
                "province:disbursement".into(),
                who.clone(),
                spi,
                thr,
                Message::DisbursementBehind {
                    month_end,
                    rate_pct: rate,
                    spi,
                    threshold: thr,
                },
            );
        }
        for r in &figures.investors {
            if !r.ranked {
                d.skip(
                    Rule::Disbursement,
                    &format!("investor:{}", r.investor),
                    SkipReason::NotRanked {
                        name: r.name.clone(),
                        at: month_end,
                    },
                );
                continue;
            }
            let sev = if r.vs_province_pp < -p.investor_below_pp {
                Severity::Amber
            } else {
                Severity::Green
            };
            d.push(
                Rule::Disbursement,
                sev,
                format!("investor:{}", r.investor),
                r.name.clone(),
                r.vs_province_pp,
                -p.investor_below_pp,
                Message::InvestorBelow {
                    name: r.name.clone(),
                    rate_pct: r.rate_pct,
                    vs_province_pp: r.vs_province_pp,
                    province_pct: figures.ranking_rate_pct,
                },
            );
        }
        let mut stalled: BTreeMap<String, usize> = BTreeMap::new();
        for investor in &figures.stalled {
            *stalled.entry(investor.clone()).or_insert(0) += 1;
        }
        let names: BTreeMap<String, String> = figures
            .investors
            .iter()
            .map(|r| (r.investor.clone(), r.name.clone()))
            .collect();
        // Every investor is looked at: one without enough stalled projects passes.
        for r in &figures.investors {
            if stalled
                .get(&r.investor)
                .is_none_or(|n| *n < p.stalled_min_projects)
            {
                d.pass(
                    Rule::Disbursement,
                    &format!("investor:{}:stalled", r.investor),
                );
            }
        }
        for (investor, n) in stalled {
            if n >= p.stalled_min_projects {
                let name = names.get(&investor).cloned().unwrap_or(investor.clone());
                let responsible = name.clone();
                d.push(
                    Rule::Disbursement,
                    Severity::Amber,
                    format!("investor:{investor}:stalled"),
                    responsible,
                    n as f64,
                    p.stalled_min_projects as f64,
                    Message::Stalled {
                        name,
                        projects: n,
                        weeks: p.stalled_weeks,
                    },
                );
            }
        }
        Ok(Some(rate))
    }

    fn rule_tasks(&self, as_of: Date, policy: &WarningPolicy, d: &mut Draft<'_>) -> Result<()> {
        let soon = policy.tasks.due_within_days as i32;
        let horizon = as_of.add_days(soon);
        let instances = self.task_instances(horizon)?;
        for task in self.tasks()? {
            let own = format!("task:{}", task.code);
            let mine = instances.iter().filter(|i| i.task == task.code);
            if task.status == TaskStatus::Done {
                d.pass(Rule::TaskDue, &own);
                continue;
            }
            let mut warned = false;
            for instance in mine {
                let days = instance.due.days_since(as_of);
                // A recurring task's instances past are each a finding of their own.
                let subject = match task.deadline {
                    Deadline::Recurring { .. } if days < 0 => {
                        format!("task:{}@{}", task.code, instance.due)
                    }
                    _ => own.clone(),
                };
                if instance.status == TaskStatus::Done {
                    d.pass(Rule::TaskDue, &subject);
                    continue;
                }
                if subject == own && warned {
                    continue; // the next instance only
                }
                warned |= subject == own;
                let (sev, message) = task_warning(&task, instance.due, days);
                d.push(
                    Rule::TaskDue,
                    sev,
                    subject,
                    task.department.clone(),
                    f64::from(days),
                    f64::from(policy.tasks.due_within_days),
                    message,
                );
            }
            if !warned {
                d.pass(Rule::TaskDue, &own);
            }
        }
        Ok(())
    }

    fn rule_reports(
        &self,
        m: u32,
        as_of: Date,
        policy: &WarningPolicy,
        d: &mut Draft<'_>,
        notes: &mut Vec<DigestNote>,
    ) -> Result<()> {
        // The month's own reports not in: named in a note, late or not yet due.
        let mut unreported = Vec::new();
        for ind in self.indicators()? {
            let values = self.monthly_values(&ind.code)?;
            let label = format!("{}-{m:02}", self.year());
            if !values.iter().any(|v| v.month == label) {
                unreported.push(NamedIndicator {
                    name: Note::new(&ind.name_en, &ind.name_vi),
                    code: ind.code.clone(),
                });
            }
            for k in 1..=m {
                let label = format!("{}-{k:02}", self.year());
                let subject = format!("report:{}:{label}", ind.code);
                let deadline = policy.reports.deadline(Date::new(self.year(), k, 1)?);
                if deadline >= as_of {
                    d.skip(
                        Rule::ReportMissing,
                        &subject,
                        SkipReason::ReportNotDue {
                            month: Month::new(self.year(), k)?,
                            deadline,
                        },
                    );
                    continue;
                }
                if values.iter().any(|v| v.month == label) {
                    d.pass(Rule::ReportMissing, &subject);
                    continue;
                }
                d.push(
                    Rule::ReportMissing,
                    Severity::Red,
                    subject,
                    ind.department.clone(),
                    f64::NAN,
                    f64::from(policy.reports.due_days),
                    Message::ReportMissing {
                        indicator: Note::new(&ind.name_en, &ind.name_vi),
                        month: Month::new(self.year(), k)?,
                        deadline,
                    },
                );
            }
        }
        if !unreported.is_empty() {
            let deadline = policy.reports.deadline(Date::new(self.year(), m, 1)?);
            notes.push(DigestNote::NotReported {
                month: Month::new(self.year(), m)?,
                deadline,
                late: as_of > deadline,
                indicators: unreported,
            });
        }
        Ok(())
    }
}

/// Rule 1 cannot evaluate a pace whose month gives no figure to date: why (`late`: past the
/// report deadline).
fn skip_pace(
    d: &mut Draft<'_>,
    subject: &str,
    pace: &super::Pace,
    late: bool,
    deadline: Date,
) -> Result<()> {
    let month = Month::parse_arg("month", &pace.month)?;
    let reason = if pace.reported {
        SkipReason::NoFigureToDate { month }
    } else if late {
        SkipReason::ReportMissing { month, deadline }
    } else {
        SkipReason::ReportNotIn { month, deadline }
    };
    d.skip(Rule::BehindPace, subject, reason);
    Ok(())
}

/// The latest period with actuals: H1 after two quarters, 9M after three, the year after four.
fn latest_period(sc: &Scenario) -> Option<&'static str> {
    match sc.elapsed_quarters() {
        1 => Some("Q1"),
        2 => Some("H1"),
        3 => Some("9M"),
        4 => Some("Y"),
        _ => None,
    }
}

fn rule_required(
    sc: &Scenario,
    policy: &WarningPolicy,
    d: &mut Draft<'_>,
    notes: &mut Vec<DigestNote>,
) -> Result<()> {
    if sc.elapsed_quarters() == 0 || sc.elapsed_quarters() >= 4 {
        d.skip(Rule::RequiredAboveHistory, "", SkipReason::NoGrowthRequired);
        return Ok(());
    }
    let opts = RequiredOptions::new(Policy::SectorTargets);
    let req = match sc.required_growth(&opts.clone().historical_caps()) {
        Ok(r) => r,
        Err(GrdpsimError::InvalidArgument { name, message }) if name == "caps" => {
            if policy.required.caps.is_empty() {
                notes.push(DigestNote::NoCaps { message });
                d.skip(Rule::RequiredAboveHistory, "", SkipReason::NoCaps);
                return Ok(());
            }
            let mut o = opts;
            for (sector, cap) in &policy.required.caps {
                o = o.cap(sector, Some(*cap));
            }
            let mut r = sc.required_growth(&o)?;
            r.cap_years = Some("policy".into());
            r
        }
        Err(e) => return Err(e),
    };
    let cap_source = match req.cap_years.clone().unwrap_or_default() {
        y if y == "policy" => CapSource::Policy,
        y => CapSource::Years(y),
    };
    for s in &req.by_sector {
        let subject = format!("sector:{}", s.sector);
        let (Some(need), Some(cap)) = (s.own_required_pct, s.cap_pct) else {
            d.skip(
                Rule::RequiredAboveHistory,
                &subject,
                SkipReason::NoRequiredOrCap {
                    sector: s.sector.clone(),
                },
            );
            continue;
        };
        let (sev, thr) = if need > cap {
            (Severity::Red, cap)
        } else if need > cap - policy.required.amber_margin_pp {
            (Severity::Amber, cap - policy.required.amber_margin_pp)
        } else {
            (Severity::Green, cap - policy.required.amber_margin_pp)
        };
        let found = d.push(
            Rule::RequiredAboveHistory,
            sev,
            format!("sector:{}", s.sector),
            policy.responsible_for(&s.sector),
            need,
            thr,
            Message::RequiredAboveHistory {
                sector: s.sector.clone(),
                required_pct: need,
                remaining: req.remaining.clone(),
                annual_target_pct: s.annual_target_pct,
                cap_pct: cap,
                cap: cap_source.clone(),
            },
        );
        if found {
            label_estimates(sc, &s.sector, latest_period(sc), d)?;
        }
    }
    Ok(())
}

/// Marks the finding just pushed as resting on an estimate when the sector's figure over
/// `period` is not its own published one: a share of a published aggregate (the tracking
/// report's "estimated, not published") or a provisional actual (a nowcast).
fn label_estimates(
    sc: &Scenario,
    sector: &str,
    period: Option<&str>,
    d: &mut Draft<'_>,
) -> Result<()> {
    let Some(period) = period else {
        return Ok(());
    };
    let p = Period::parse_in_year(period, sc.year())?;
    if sc.source(p, sector)? == Source::Estimated {
        d.estimated(Estimate::Share, sector, p);
    } else if sc.is_provisional(p, sector)? {
        d.estimated(Estimate::Provisional, sector, p);
    }
    Ok(())
}

fn rule_gap(sc: &Scenario, policy: &WarningPolicy, d: &mut Draft<'_>) -> Result<()> {
    let Some(period) = latest_period(sc) else {
        d.skip(Rule::GapPp, "", SkipReason::NoActuals);
        return Ok(());
    };
    let gap = sc.gap(period)?;
    let tree = sc.tree();
    // The leaf sectors only: each has a department that answers for it, and an aggregate's gap
    // is its sectors' (plus the scenario's inconsistency), so flagging both would say one
    // shortfall twice.
    let leaves = gap
        .rows
        .iter()
        .filter(|r| r.kind == GapRowKind::Sector)
        .filter_map(|r| {
            tree.find(&r.sector)
                .filter(|&i| tree.is_leaf(i))
                .map(|i| (r, i))
        });
    for (row, node) in leaves {
        let sector = tree.node(node);
        let or_code = |name: &str| {
            if name.is_empty() {
                row.sector.clone()
            } else {
                name.to_owned()
            }
        };
        let name = Note::new(or_code(&sector.name_en), or_code(&sector.name_vi));
        let (sev, thr) = if row.gap_pp < -policy.gap.red_pp {
            (Severity::Red, -policy.gap.red_pp)
        } else if row.gap_pp < -policy.gap.amber_pp {
            (Severity::Amber, -policy.gap.amber_pp)
        } else {
            (Severity::Green, -policy.gap.amber_pp)
        };
        let found = d.push(
            Rule::GapPp,
            sev,
            format!("sector:{}", row.sector),
            policy.responsible_for(&row.sector),
            row.gap_pp,
            thr,
            Message::Gap {
                sector: row.sector.clone(),
                name,
                period: gap.period.clone(),
                actual_pct: row.actual_pct,
                target_pct: row.target_pct,
                gap_pp: row.gap_pp,
            },
        );
        if found {
            label_estimates(sc, &row.sector, Some(period), d)?;
        }
    }
    Ok(())
}

/// The uncertainty rule 4 uses: normal, the policy's sd on every sector, independent.
///
/// # Errors
/// [`GrdpsimError::InvalidUncertainty`] for an sd the model refuses.
pub fn policy_uncertainty(policy: &WarningPolicy) -> Result<Uncertainty> {
    Uncertainty::normal(
        Sd::Scalar(policy.probability.sd_pp),
        Correlation::Independent,
        0.0,
    )
}

/// Rule 4 on the probability the evaluation computed once (the headline shows the same).
fn rule_probability(pr: &Probability, policy: &WarningPolicy, d: &mut Draft<'_>) -> Result<()> {
    let model = probability_model(policy)?;
    let p = &policy.probability;
    let (sev, thr) = low_band(pr.p_reach, p.amber_below, p.red_below);
    d.push(
        Rule::Probability,
        sev,
        "sector:GRDP".into(),
        policy.responsible_for("GRDP"),
        pr.p_reach,
        thr,
        Message::Probability {
            target_pct: pr.target_pct,
            p_reach: pr.p_reach,
            model,
        },
    );
    Ok(())
}

/// The model of rule 4's probability, named in both languages (the headline and the finding
/// name it alike).
///
/// # Errors
/// As [`policy_uncertainty`].
pub fn probability_model(policy: &WarningPolicy) -> Result<Note> {
    let u = policy_uncertainty(policy)?;
    Ok(Note::new(
        format!("{}; warning policy", u.describe_in(Lang::En)),
        format!("{}; theo chính sách cảnh báo", u.describe_in(Lang::Vi)),
    ))
}

/// Rule 6's finding on `task` due on `due`, `days` from the as-of date (negative: past):
/// red past it, amber before; an event's date is said to be expected, a recurrence's
/// instance named with its recurrence, the quantitative progress given.
fn task_warning(task: &Task, due: Date, days: i32) -> (Severity, Message) {
    let when = match &task.deadline {
        Deadline::Date(_) => TaskWhen::Date,
        Deadline::Recurring { every, .. } => TaskWhen::Recurring(*every),
        Deadline::Event { event, .. } => TaskWhen::Event(event.clone()),
    };
    let task = TaskDue {
        title: task.title.clone(),
        person: task.person.clone(),
        due,
        when,
        progress: task.quantity.clone(),
    };
    if days < 0 {
        (Severity::Red, Message::TaskOverdue { task, days: -days })
    } else {
        (Severity::Amber, Message::TaskDueSoon { task, days })
    }
}
