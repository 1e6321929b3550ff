//! The monthly digest: what the Finance Department brings to the monthly meeting.
//!
//! Its content is a data structure ([`Digest`]): the headline scenario figures (the official
//! gap, the growth still required, the probability of the target, the disbursement rate),
//! the findings ordered by severity and grouped by who answers for them, what was resolved
//! since last month, and notes on what was not evaluated. [`Digest::to_document`] makes it a
//! [`Document`] of the shared document layer, rendered as text, Markdown or HTML
//! ([`Digest::render`]) or written as a workbook ([`Digest::write_xlsx`]) in Vietnamese or
//! English; a group shows at most [`SHOWN_PER_GROUP`] findings (the rest counted) so that it
//! reads in two minutes.

use super::indicators::Monitor;
use super::policy::WarningPolicy;
use super::rules::{policy_uncertainty, Context, Finding, Findings, Severity};
use super::Date;
use crate::disbursement::Level;
use crate::document::{Block, Document};
#[cfg(feature = "xlsx")]
use crate::document::{Cell, Column, Table};
use crate::error::Result;
use crate::lang::Lang;
use crate::period::label_of;
use crate::probability::{probability, Options};
use crate::scenario::{Policy, RequiredOptions};

/// Findings shown per group; the others are counted.
pub const SHOWN_PER_GROUP: usize = 5;

/// The headline figures of the scenario and of disbursement (None: not available).
#[derive(Debug, Clone, PartialEq, Default)]
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
    /// P(annual GRDP growth ≥ target), under the policy's uncertainty.
    pub p_reach: Option<f64>,
    /// Disbursement rate at the month's end, percent of the plan in force.
    pub disbursement_rate_pct: Option<f64>,
}

impl Headline {
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
            figures.push(format!(
                "{}: {:.0}%",
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
    pub findings: Vec<Finding>,
}

/// The monthly digest; see the [module documentation](self).
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    pub province: String,
    /// `YYYY-MM`.
    pub month: String,
    pub as_of: Date,
    pub headline: Headline,
    /// Most serious group first.
    pub groups: Vec<DigestGroup>,
    /// Last month's findings not found this month.
    pub resolved: Vec<Finding>,
    /// (English, Vietnamese) notes: rules not evaluated, the uncertainty used.
    pub notes: Vec<(String, String)>,
}

/// How a digest is written as text: the document's formats.
pub use crate::document::TextFormat as DigestFormat;

impl Digest {
    /// Every finding, most serious first.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.groups.iter().flat_map(|g| g.findings.iter())
    }

    /// How many findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings().filter(|f| f.severity == severity).count()
    }

    /// The digest as a [`Document`] in a language: the title, the headline figures, one
    /// section per department or person (at most [`SHOWN_PER_GROUP`] findings, the rest
    /// counted), what was resolved, the notes.
    #[allow(clippy::too_many_lines)]
    pub fn to_document(&self, lang: Lang) -> Document {
        let l = |en: &'static str, vi: &'static str| lang.pick(en, vi);
        let mut doc = Document::new(
            format!(
                "{} {} — {}",
                l("Monthly monitoring digest", "Bản tin theo dõi tháng"),
                self.month,
                self.province
            ),
            lang,
        );
        doc.subtitle = Some(format!(
            "{} {}. {}: {} {}, {} {}.",
            l("As of", "Số liệu đến"),
            self.as_of,
            l("Findings", "Cảnh báo"),
            self.count(Severity::Red),
            Severity::Red.label(lang),
            self.count(Severity::Amber),
            Severity::Amber.label(lang),
        ));
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
                .take(SHOWN_PER_GROUP)
                .map(|f| {
                    format!(
                        "[{}, {}] {}",
                        f.severity.label(lang),
                        f.history.label(lang),
                        f.message(lang)
                    )
                })
                .collect();
            if g.findings.len() > SHOWN_PER_GROUP {
                lines.push(format!(
                    "… {} {}",
                    g.findings.len() - SHOWN_PER_GROUP,
                    l("more", "cảnh báo khác")
                ));
            }
            section(&g.responsible, lines);
        }
        section(
            l(
                "Resolved since last month",
                "Đã khắc phục so với tháng trước",
            ),
            self.resolved
                .iter()
                .map(|f| f.message(lang).to_owned())
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

    /// The digest as text, Markdown or one self-contained HTML page, in a language.
    pub fn render(&self, lang: Lang, format: DigestFormat) -> String {
        self.to_document(lang).render(format)
    }

    #[cfg(feature = "xlsx")]
    /// Writes the digest as an Excel workbook (atomically), with a sheet listing every finding.
    ///
    /// # Errors
    /// [`crate::GrdpsimError::Io`] if the file cannot be written.
    pub fn write_xlsx(&self, lang: Lang, path: impl AsRef<std::path::Path>) -> Result<()> {
        let l = |en: &'static str, vi: &'static str| lang.pick(en, vi);
        let mut doc = self.to_document(lang);
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
                Cell::from(f.message(lang)),
            ])?;
        }
        doc.push(Block::Table(t.with_sheet(l("findings", "canh_bao"))));
        doc.write_xlsx(path)
    }
}

impl Monitor {
    /// Records `month`'s findings ([`Monitor::record`]) and assembles the digest.
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
        self.assemble(found, policy, cx)
    }

    /// The digest of `month` as [`Monitor::record`] stored it ([`Monitor::recorded`]), without
    /// writing to the store; the headline figures are computed as in [`Monitor::digest`].
    ///
    /// # Errors
    /// As [`Monitor::recorded`]; errors of the scenario's gap, required growth, probability.
    pub fn recorded_digest(
        &self,
        month: &str,
        policy: &WarningPolicy,
        cx: &Context<'_>,
    ) -> Result<Digest> {
        let found = self.recorded(month, policy)?;
        self.assemble(found, policy, cx)
    }

    /// A month's findings with the headline figures, grouped by who answers for them.
    fn assemble(
        &self,
        found: Findings,
        policy: &WarningPolicy,
        cx: &Context<'_>,
    ) -> Result<Digest> {
        let mut headline = Headline::default();
        let month_end: Date = format!("{}-01", found.month).parse::<Date>()?.month_end();
        if let Some(sc) = cx.scenario {
            let k = sc.elapsed_quarters();
            let period = match k {
                1 => Some("Q1"),
                2 => Some("H1"),
                3 => Some("9M"),
                _ => None,
            };
            if let Some(p) = period {
                let gap = sc.gap(p)?;
                let g = gap.grdp();
                headline.gap_period = Some(gap.period.clone());
                headline.grdp_actual_pct = Some(g.actual_pct);
                headline.official_gap_pp = Some(g.gap_pct);
                let req = sc.required_growth(&RequiredOptions::new(Policy::SectorTargets))?;
                headline.target_pct = Some(req.target_pct);
                headline.required_pct = Some(req.grdp_pct);
                headline.remaining = Some(req.remaining.clone());
                let pr = probability(sc, &policy_uncertainty(policy)?, &Options::default())?;
                headline.p_reach = Some(pr.p_reach);
            }
        }
        let has_projects: i64 = self
            .tracker()
            .store()
            .connection()
            .query_row("SELECT count(*) FROM projects", [], |r| r.get(0))
            .map_err(|e| self.tracker().store().error(&e))?;
        if has_projects > 0 {
            headline.disbursement_rate_pct = Some(
                self.tracker()
                    .status(month_end, Level::Province)?
                    .total
                    .rate_pct,
            );
        }
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
        let weight = |g: &DigestGroup| {
            (
                g.findings.iter().map(|f| f.severity).max(),
                g.findings
                    .iter()
                    .filter(|f| f.severity == Severity::Red)
                    .count(),
                g.findings.len(),
            )
        };
        groups.sort_by_key(|g| std::cmp::Reverse(weight(g)));
        let mut notes = found.notes;
        if cx.scenario.is_some() {
            notes.push((
                format!(
                    "Probability under a normal uncertainty, sd {} pp per quarter and sector, independent (policy file).",
                    policy.probability.sd_pp
                ),
                format!(
                    "Xác suất tính với phân phối chuẩn, độ lệch chuẩn {} điểm mỗi quý mỗi ngành, độc lập (tệp chính sách).",
                    Lang::Vi.shortest(policy.probability.sd_pp)
                ),
            ));
        }
        Ok(Digest {
            province: self.tracker().province().to_owned(),
            month: found.month,
            as_of: found.as_of,
            headline,
            groups,
            resolved: found.resolved,
            notes,
        })
    }
}
