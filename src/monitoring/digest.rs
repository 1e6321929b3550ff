//! The monthly digest: what the Finance Department brings to the monthly meeting.
//!
//! Its content is a data structure ([`Digest`]): the headline scenario figures (the official
//! gap, the growth still required, the probability of the target with its model named, the
//! disbursement rate), computed in the same evaluation as the findings (rule 4's probability
//! is the headline's), the findings ordered by severity and grouped by who answers for them
//! (those not evaluated this month, with the reason, after the others), what was resolved since
//! the last month recorded, and notes. [`Digest::to_document`] makes it a [`Document`] of the
//! shared document layer, rendered as text, Markdown or HTML ([`Digest::render`]) or written as
//! a workbook ([`Digest::write_xlsx`]) in Vietnamese or English. Every finding is listed;
//! [`Digest::to_document_top`] shortens each group to its most serious findings and says how
//! many it left out.

use serde::{Deserialize, Serialize};

use super::indicators::Monitor;
use super::policy::WarningPolicy;
use super::rules::{probability_model, Context, Finding, Findings, History, Severity};
use crate::document::{Block, Document};
#[cfg(feature = "xlsx")]
use crate::document::{Cell, Column, Table};
use crate::error::Result;
use crate::lang::{Lang, Note};
use crate::period::label_of;
use crate::probability::{probability, Options, Probability};
use crate::scenario::{Policy, RequiredOptions, Scenario};

/// The headline figures of the scenario and of disbursement (None: not available).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Headline {
    /// The latest period with actuals (`2025H1`).
    pub gap_period: Option<String>,
    /// GRDP growth over it, percent, and its official gap (actual − stated target), pp.
    pub grdp_actual_pct: Option<f64>,
    pub official_gap_pp: Option<f64>,
    /// The annual GRDP target, percent.
    pub target_pct: Option<f64>,
    /// GRDP growth required over the remaining quarters (sectors at their own targets).
    pub required_pct: Option<f64>,
    /// The remaining quarters (`Q3-Q4`).
    pub remaining: Option<String>,
    /// P(annual GRDP growth ≥ target), under the policy's uncertainty: rule 4's figure.
    pub p_reach: Option<f64>,
    /// The model of `p_reach`, named in both languages.
    #[serde(default)]
    pub p_model: Option<Note>,
    /// Disbursement rate at the month's end, percent of the plan in force.
    pub disbursement_rate_pct: Option<f64>,
}

impl Headline {
    /// The scenario's figures: the gap of the latest period with actuals, the growth required
    /// over the remaining quarters, and `pr` (the probability rule 4 evaluated), with the
    /// policy's model named. Empty before the first quarter's actuals and after the year.
    ///
    /// # Errors
    /// Errors of the scenario's gap and required growth; an uncertainty the policy cannot make.
    pub fn of_scenario(
        sc: &Scenario,
        pr: Option<&Probability>,
        policy: &WarningPolicy,
    ) -> Result<Self> {
        let mut h = Self::default();
        let period = match sc.elapsed_quarters() {
            1 => "Q1",
            2 => "H1",
            3 => "9M",
            _ => return Ok(h),
        };
        let gap = sc.gap(period)?;
        let g = gap.grdp();
        h.gap_period = Some(gap.period.clone());
        h.grdp_actual_pct = Some(g.actual_pct);
        h.official_gap_pp = Some(g.gap_pct);
        let req = sc.required_growth(&RequiredOptions::new(Policy::SectorTargets))?;
        h.target_pct = Some(req.target_pct);
        h.required_pct = Some(req.grdp_pct);
        h.remaining = Some(req.remaining.clone());
        if let Some(pr) = pr {
            h.p_reach = Some(pr.p_reach);
            h.p_model = Some(probability_model(policy)?);
        }
        Ok(h)
    }

    /// Whether the scenario's figures (gap, required growth, probability) agree with
    /// `other`'s to the digits shown.
    fn same_scenario_figures(&self, other: &Self) -> bool {
        let close = |a: Option<f64>, b: Option<f64>, tol: f64| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < tol,
            (None, None) => true,
            _ => false,
        };
        self.gap_period == other.gap_period
            && close(self.grdp_actual_pct, other.grdp_actual_pct, 0.005)
            && close(self.official_gap_pp, other.official_gap_pp, 0.005)
            && close(self.required_pct, other.required_pct, 0.005)
            && close(self.p_reach, other.p_reach, 0.005)
    }

    /// The figures as sentences in a language, those available only.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let l = |en: &'static str, vi: &'static str| lang.pick(en, vi);
        let h = self;
        let mut figures = Vec::new();
        if let (Some(p), Some(a), Some(g)) = (&h.gap_period, h.grdp_actual_pct, h.official_gap_pp) {
            figures.push(format!(
                "{} {}: {}% ({} {} {})",
                l("GRDP growth", "Tăng trưởng GRDP"),
                label_of(p, lang),
                lang.number(a, 2),
                l("gap to the scenario", "chênh lệch so với kịch bản"),
                lang.signed(g, 2),
                l("pp", "điểm %")
            ));
        }
        if let (Some(r), Some(t)) = (h.required_pct, h.target_pct) {
            figures.push(format!(
                "{} {}: {}% ({} {}%)",
                l("Required growth", "Tăng trưởng cần đạt"),
                label_of(h.remaining.as_deref().unwrap_or(""), lang),
                lang.number(r, 2),
                l("for the annual target", "để đạt mục tiêu năm"),
                lang.number(t, 1)
            ));
        }
        if let Some(p) = h.p_reach {
            let model = h
                .p_model
                .as_ref()
                .map_or_else(String::new, |m| format!(" ({})", m.text(lang)));
            figures.push(format!(
                "{}: {:.0}%{model}",
                l(
                    "Probability of the annual target",
                    "Xác suất đạt mục tiêu năm"
                ),
                100.0 * p
            ));
        }
        if let Some(r) = h.disbursement_rate_pct {
            figures.push(format!(
                "{}: {}%",
                l(
                    "Public-investment disbursement",
                    "Giải ngân vốn đầu tư công"
                ),
                lang.number(r, 1)
            ));
        }
        figures
    }
}

/// The findings one department or person answers for.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestGroup {
    pub responsible: String,
    /// Evaluated this month (most serious first), then not evaluated.
    pub findings: Vec<Finding>,
}

/// The monthly digest; see the [module documentation](self).
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    pub province: String,
    /// `YYYY-MM`.
    pub month: String,
    pub as_of: Date,
    /// Whether `as_of` is the default: the month's report deadline under the policy.
    pub as_of_default: bool,
    pub headline: Headline,
    /// Most serious group first.
    pub groups: Vec<DigestGroup>,
    /// Findings of the last month recorded before, evaluated this month and passed.
    pub resolved: Vec<Finding>,
    /// (English, Vietnamese) notes: rules not evaluated, the headline's source.
    pub notes: Vec<(String, String)>,
}

/// How a digest is written as text: the document's formats.
pub use crate::document::TextFormat as DigestFormat;

use super::Date;

impl Digest {
    /// Every finding, most serious first within each group; those not evaluated this month
    /// are among them ([`History::NotEvaluated`]).
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.groups.iter().flat_map(|g| g.findings.iter())
    }

    /// How many findings of a severity this month's evaluation found (not counting those
    /// not evaluated).
    pub fn count(&self, severity: Severity) -> usize {
        self.findings()
            .filter(|f| f.severity == severity && f.history != History::NotEvaluated)
            .count()
    }

    /// How many findings of the month before could not be evaluated this month.
    pub fn not_evaluated(&self) -> usize {
        self.findings()
            .filter(|f| f.history == History::NotEvaluated)
            .count()
    }

    /// The digest as a [`Document`] in a language, every finding listed: the title with the
    /// as-of date, the headline figures, one section per department or person, what was
    /// resolved, the notes.
    pub fn to_document(&self, lang: Lang) -> Document {
        self.to_document_top(lang, None)
    }

    /// [`Digest::to_document`] with each group cut to its `top` most serious findings (None:
    /// all), each cut saying how many it left out and the subtitle how many in all.
    pub fn to_document_top(&self, lang: Lang, top: Option<usize>) -> Document {
        let l = |en: &'static str, vi: &'static str| lang.pick(en, vi);
        let as_of = if self.as_of_default {
            format!(
                "{} {} ({})",
                l("as of", "số liệu đến"),
                self.as_of,
                l("the report deadline", "hạn báo cáo")
            )
        } else {
            format!("{} {}", l("as of", "số liệu đến"), self.as_of)
        };
        let mut doc = Document::new(
            format!(
                "{} {} — {}, {as_of}",
                l("Monthly monitoring digest", "Bản tin theo dõi tháng"),
                self.month,
                self.province
            ),
            lang,
        );
        let shown = |g: &DigestGroup| top.map_or(g.findings.len(), |n| n.min(g.findings.len()));
        let left_out: usize = self
            .groups
            .iter()
            .map(|g| g.findings.len() - shown(g))
            .sum();
        let subtitle = self.summary(lang, left_out);
        doc.subtitle = Some(subtitle);
        let figures = self.headline.lines(lang);
        // A section: a heading and its bullets (nothing when empty).
        let mut section = |head: &str, lines: Vec<String>| {
            if !lines.is_empty() {
                doc.push(Block::Heading {
                    level: 2,
                    text: head.to_owned(),
                });
                doc.push(Block::Notes(lines));
            }
        };
        section(l("Headline figures", "Số liệu chính"), figures);
        for g in &self.groups {
            let mut lines: Vec<String> = g
                .findings
                .iter()
                .take(shown(g))
                .map(|f| {
                    format!(
                        "[{}, {}] {}",
                        f.severity.label(lang),
                        f.history.label(lang),
                        f.statement(lang)
                    )
                })
                .collect();
            if shown(g) < g.findings.len() {
                lines.push(format!(
                    "… {} {}",
                    g.findings.len() - shown(g),
                    l(
                        "more findings left out of this shortened digest",
                        "cảnh báo khác không hiện trong bản rút gọn"
                    )
                ));
            }
            section(&g.responsible, lines);
        }
        section(
            l(
                "Resolved since the last month recorded",
                "Đã khắc phục so với tháng ghi trước",
            ),
            self.resolved
                .iter()
                .map(|f| format!("[{}] {}", f.found_in, f.message(lang)))
                .collect(),
        );
        section(
            l("Notes", "Ghi chú"),
            self.notes
                .iter()
                .map(|(en, vi)| lang.pick(en, vi).to_owned())
                .collect(),
        );
        doc
    }

    /// The counts under the title: this month's findings by severity, those not evaluated,
    /// and how many a shortened digest leaves out.
    fn summary(&self, lang: Lang, left_out: usize) -> String {
        use std::fmt::Write as _;
        let l = |en: &'static str, vi: &'static str| lang.pick(en, vi);
        let mut out = format!(
            "{}: {} {}, {} {}",
            l("Findings", "Cảnh báo"),
            self.count(Severity::Red),
            Severity::Red.label(lang),
            self.count(Severity::Amber),
            Severity::Amber.label(lang),
        );
        if self.not_evaluated() > 0 {
            let _ = write!(
                out,
                "; {} {}",
                self.not_evaluated(),
                l(
                    "of last month's not evaluated (no report, no scenario)",
                    "cảnh báo tháng trước chưa đánh giá được (thiếu báo cáo, thiếu kịch bản)"
                )
            );
        }
        out.push('.');
        if left_out > 0 {
            let _ = write!(
                out,
                " {} {left_out} {}",
                l("Shortened:", "Bản rút gọn:"),
                l(
                    "findings left out (the full digest lists them all).",
                    "cảnh báo không hiện (bản đầy đủ liệt kê tất cả)."
                )
            );
        }
        out
    }

    /// The digest as text, Markdown or one self-contained HTML page, in a language, every
    /// finding listed.
    pub fn render(&self, lang: Lang, format: DigestFormat) -> String {
        self.to_document(lang).render(format)
    }

    /// [`Digest::render`] with each group cut to `top` findings ([`Digest::to_document_top`]).
    pub fn render_top(&self, lang: Lang, format: DigestFormat, top: Option<usize>) -> String {
        self.to_document_top(lang, top).render(format)
    }

    #[cfg(feature = "xlsx")]
    /// Writes the digest as an Excel workbook (atomically), with a sheet listing every finding.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Io`] if the file cannot be written.
    pub fn write_xlsx(&self, lang: Lang, path: impl AsRef<std::path::Path>) -> Result<()> {
        self.write_xlsx_top(lang, path, None)
    }

    #[cfg(feature = "xlsx")]
    /// [`Digest::write_xlsx`] whose first sheet is cut to `top` findings per group (the
    /// sheet of findings lists them all).
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Io`] if the file cannot be written.
    pub fn write_xlsx_top(
        &self,
        lang: Lang,
        path: impl AsRef<std::path::Path>,
        top: Option<usize>,
    ) -> Result<()> {
        let l = |en: &'static str, vi: &'static str| lang.pick(en, vi);
        let mut doc = self.to_document_top(lang, top);
        let mut t = Table::new(
            l("All findings", "Toàn bộ cảnh báo"),
            vec![
                Column::text(l("Severity", "Mức độ")),
                Column::text(l("History", "Diễn biến")),
                Column::text(l("Rule", "Quy tắc")),
                Column::text(l("Subject", "Đối tượng")),
                Column::text(l("Responsible", "Đơn vị chịu trách nhiệm")),
                Column::number(l("Figure", "Số liệu"), 3),
                Column::number(l("Threshold", "Ngưỡng"), 3),
                Column::text(l("Found in", "Tháng phát hiện")),
                Column::text(l("Finding", "Nội dung")),
            ],
        );
        for f in self.findings().chain(self.resolved.iter()) {
            t.push_row(vec![
                Cell::from(f.severity.label(lang)),
                Cell::from(f.history.label(lang)),
                Cell::from(f.rule.title(lang)),
                Cell::from(f.subject.as_str()),
                Cell::from(f.responsible.as_str()),
                Cell::from(f.figure.is_finite().then_some(f.figure)),
                Cell::from(f.threshold.is_finite().then_some(f.threshold)),
                Cell::from(f.found_in.as_str()),
                Cell::from(f.statement(lang).as_str()),
            ])?;
        }
        doc.push(Block::Table(t.with_sheet(l("findings", "canh_bao"))));
        doc.write_xlsx(path)
    }
}

impl Monitor {
    /// Records `month` ([`Monitor::record`]) and assembles the digest from that one
    /// evaluation: findings, history, headline.
    ///
    /// # Errors
    /// As [`Monitor::record`].
    pub fn digest(
        &mut self,
        month: &str,
        policy: &WarningPolicy,
        cx: &Context<'_>,
    ) -> Result<Digest> {
        let found = self.record(month, policy, cx)?;
        Ok(self.assemble(found))
    }

    /// The digest of `month` as [`Monitor::record`] stored it ([`Monitor::recorded`]), without
    /// writing to the store: the findings and the headline figures of the evaluation that
    /// recorded them. A scenario in `cx` is compared with the recorded figures: a note says
    /// when its gap, required growth or probability differ (the month was recorded with
    /// another). A month recorded by an earlier grdpsim has no headline stored: it is
    /// computed from `cx`'s scenario, and a note says so.
    ///
    /// # Errors
    /// As [`Monitor::recorded`]; errors of the scenario's gap, required growth, probability.
    pub fn recorded_digest(
        &self,
        month: &str,
        policy: &WarningPolicy,
        cx: &Context<'_>,
    ) -> Result<Digest> {
        let mut found = self.recorded(month, policy)?;
        let recorded_headline = self.has_recorded_digest(&found.month)?;
        if let Some(sc) = cx.scenario {
            let pr = if sc.elapsed_quarters() < 4 {
                Some(probability(
                    sc,
                    &super::policy_uncertainty(policy)?,
                    &Options::default(),
                )?)
            } else {
                None
            };
            let given = Headline::of_scenario(sc, pr.as_ref(), policy)?;
            if !recorded_headline {
                let rate = found.headline.disbursement_rate_pct;
                found.headline = Headline {
                    disbursement_rate_pct: rate,
                    ..given
                };
                found.notes.push((
                    "The headline figures are computed now from the scenario given: this month was recorded by an earlier grdpsim, which did not keep them.".to_owned(),
                    "Số liệu chính được tính lại từ kịch bản đã cho: tháng này được ghi bởi phiên bản grdpsim cũ, không lưu số liệu chính.".to_owned(),
                ));
            } else if !found.headline.same_scenario_figures(&given) {
                let p = |h: &Headline, lang: Lang| {
                    h.p_reach
                        .map_or_else(|| "–".to_owned(), |p| format!("{:.0}%", 100.0 * p))
                        + &h.required_pct.map_or_else(String::new, |r| {
                            format!(
                                ", {} {}%",
                                lang.pick("required", "cần đạt"),
                                lang.number(r, 2)
                            )
                        })
                };
                found.notes.push((
                    format!(
                        "The scenario given gives other figures (probability {}) than the one this month was recorded with ({}): the digest shows the figures as recorded; record the month again with the scenario to use it.",
                        p(&given, Lang::En), p(&found.headline, Lang::En)
                    ),
                    format!(
                        "Kịch bản đã cho có số liệu khác (xác suất {}) với kịch bản dùng khi ghi tháng này ({}): bản tin giữ số liệu đã ghi; hãy ghi lại tháng này với kịch bản mới để dùng nó.",
                        p(&given, Lang::Vi), p(&found.headline, Lang::Vi)
                    ),
                ));
            }
        }
        Ok(self.assemble(found))
    }

    fn has_recorded_digest(&self, month: &str) -> Result<bool> {
        let store = self.store();
        store
            .connection()
            .query_row(
                "SELECT count(*) > 0 FROM digests WHERE month = ?1",
                [month],
                |r| r.get(0),
            )
            .map_err(|e| store.error(&e))
    }

    /// A month's findings with the headline figures, grouped by who answers for them.
    fn assemble(&self, found: Findings) -> Digest {
        let mut groups: Vec<DigestGroup> = Vec::new();
        for f in found.findings {
            match groups.iter_mut().find(|g| g.responsible == f.responsible) {
                Some(g) => g.findings.push(f),
                None => groups.push(DigestGroup {
                    responsible: f.responsible.clone(),
                    findings: vec![f],
                }),
            }
        }
        for g in &mut groups {
            // Stable: the evaluated ones keep their order, those not evaluated come after.
            g.findings
                .sort_by_key(|f| f.history == History::NotEvaluated);
        }
        let weight = |g: &DigestGroup| {
            let e: Vec<Severity> = g
                .findings
                .iter()
                .filter(|f| f.history != History::NotEvaluated)
                .map(|f| f.severity)
                .collect();
            (
                e.iter().max().copied(),
                e.iter().filter(|&&s| s == Severity::Red).count(),
                e.len(),
                g.findings.len(),
            )
        };
        groups.sort_by_key(|g| std::cmp::Reverse(weight(g)));
        Digest {
            province: self.province().to_owned(),
            month: found.month,
            as_of: found.as_of,
            as_of_default: found.as_of_default,
            headline: found.headline,
            groups,
            resolved: found.resolved,
            notes: found.notes,
        }
    }
}
