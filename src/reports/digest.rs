//! The monthly monitoring digest as a document: what the Finance Department brings to the
//! monthly meeting, built from the [`Digest`] that the monitoring domain evaluates
//! ([`crate::monitoring::Monitor::digest`]).
//!
//! [`Digest::to_document`] makes it a [`Document`] of the shared document layer: the title with
//! the as-of date, the headline figures ([`Headline::lines`]), one section per department or
//! person, what was resolved, the notes; rendered as text, Markdown or HTML
//! ([`Digest::render`]) or written as a workbook ([`Digest::write_xlsx`]) in Vietnamese or
//! English. Every finding is listed; [`Digest::to_document_top`] shortens each group to its
//! most serious findings and says how many it left out.

use crate::document::{Block, Document};
#[cfg(feature = "xlsx")]
use crate::document::{Cell, Column, Table};
#[cfg(feature = "xlsx")]
use crate::error::Result;
use crate::lang::Lang;
use crate::monitoring::{Digest, DigestFormat, DigestGroup, Headline, Severity};
use crate::period::label_of;

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

impl Digest {
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
            self.notes.iter().map(|n| n.text(lang)).collect(),
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
