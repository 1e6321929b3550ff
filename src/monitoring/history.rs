//! Findings kept month by month: each month's record in the store, and a finding's history
//! against the last month recorded before it.
//!
//! [`Monitor::record`] stores a month's findings, what it resolved and what it could not
//! evaluate, with the digest's headline figures and notes, all from one evaluation. A finding
//! of the month before is *resolved* only when its rule evaluated its subject this month and
//! found nothing ([`super::Coverage`]); otherwise it is carried as *not evaluated*, with the
//! reason and the month that last found it, until an evaluation finds it again or passes.
//! [`Monitor::recorded`] reads a month back as recorded, without evaluating anything.

use rusqlite::params;

use super::digest::Headline;
use super::indicators::Monitor;
use super::messages::Message;
use super::notes::{read_notes, DigestNote, SkipReason};
use super::policy::WarningPolicy;
use super::rules::{Context, Coverage, Finding, Findings, History, Rule, Severity};
use super::Date;
use crate::date::Month;
use crate::error::{GrdpsimError, Result};
use crate::lang::Lang;
use crate::store::now_utc;

/// Marks `findings` new or persisting against `before` (the open findings of the last month
/// recorded before), and returns `before`'s others: resolved where `coverage` says their rule
/// evaluated their subject (and, not being among `findings`, it passed), else not evaluated,
/// with the reason.
fn mark_history(
    findings: &mut [Finding],
    before: Vec<Finding>,
    coverage: &Coverage,
) -> (Vec<Finding>, Vec<Finding>) {
    let same = |a: &Finding, b: &Finding| a.rule == b.rule && a.subject == b.subject;
    for x in findings.iter_mut() {
        if before.iter().any(|b| same(b, x)) {
            x.history = History::Persisting;
        }
    }
    let (mut carried, mut resolved) = (Vec::new(), Vec::new());
    for mut b in before {
        if findings.iter().any(|x| same(&b, x)) {
            continue;
        }
        if coverage.evaluated(b.rule, &b.subject) {
            b.history = History::Resolved;
            b.reason = None;
            resolved.push(b);
        } else {
            b.history = History::NotEvaluated;
            b.reason = Some(coverage.reason(b.rule, &b.subject));
            carried.push(b);
        }
    }
    (carried, resolved)
}

/// A month's record besides its findings: the `digests` row.
struct DigestRow {
    as_of: Date,
    as_of_default: bool,
    headline: Headline,
    notes: Vec<DigestNote>,
}

/// A stored finding's message: its typed value when recorded with one (schema 7), else
/// (recorded earlier, or a value this build does not read) the texts stored beside it.
fn stored_message(typed: Option<&str>, en: String, vi: String) -> Message {
    typed
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or(Message::Recorded { en, vi })
}

/// A stored finding's reason for not being evaluated: its typed value when recorded with one
/// (schema 8), else the texts stored beside it (recorded earlier), else none.
fn stored_reason(
    typed: Option<&str>,
    en: Option<String>,
    vi: Option<String>,
) -> Option<SkipReason> {
    let recorded = match (en, vi) {
        (Some(en), Some(vi)) => Some(SkipReason::Recorded { en, vi }),
        _ => None,
    };
    typed
        .and_then(|json| serde_json::from_str(json).ok())
        .or(recorded)
}

fn json_error(e: &serde_json::Error) -> GrdpsimError {
    GrdpsimError::invalid_argument("digests", format!("a recorded digest does not read: {e}"))
}

impl Monitor {
    /// Evaluates `month` and stores it (replacing any record of it): its findings, new or
    /// persisting against the last month recorded before; that month's findings now
    /// resolved (evaluated and passed) or not evaluated (carried, with the reason); the
    /// headline figures and notes of the same evaluation.
    ///
    /// # Errors
    /// As [`Monitor::evaluate`]; [`GrdpsimError::Database`].
    pub fn record(
        &mut self,
        month: Month,
        policy: &WarningPolicy,
        cx: &Context<'_>,
    ) -> Result<Findings> {
        let mut f = self.evaluate(month, policy, cx)?;
        let before = match self.previous_recorded_month(month)? {
            Some(prev) => self.open_findings(prev)?,
            None => Vec::new(),
        };
        let (carried, resolved) = mark_history(&mut f.findings, before, &f.coverage);
        f.findings.extend(carried);
        f.resolved = resolved;
        let headline = serde_json::to_string(&f.headline).map_err(|e| json_error(&e))?;
        let notes = serde_json::to_string(&f.notes).map_err(|e| json_error(&e))?;
        let (month_label, as_of, as_of_default) =
            (f.month.clone(), f.as_of.to_string(), f.as_of_default);
        let rows: Vec<(&Finding, String, Option<String>)> = f
            .findings
            .iter()
            .chain(&f.resolved)
            .map(|x| {
                Ok((
                    x,
                    serde_json::to_string(&x.message).map_err(|e| json_error(&e))?,
                    x.reason
                        .as_ref()
                        .map(serde_json::to_string)
                        .transpose()
                        .map_err(|e| json_error(&e))?,
                ))
            })
            .collect::<Result<_>>()?;
        self.store().write(|tx| {
            tx.execute("DELETE FROM findings WHERE month = ?1", [&month_label])?;
            for (x, message, reason) in &rows {
                let (reason_en, reason_vi) = x
                    .reason
                    .as_ref()
                    .map(|r| (r.text(Lang::En), r.text(Lang::Vi)))
                    .unzip();
                tx.execute(
                    "INSERT INTO findings (month, rule, subject, severity, responsible, figure, \
                     threshold, message_en, message_vi, history, found_in, reason_en, reason_vi, \
                     estimated, message, reason) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                    params![
                        month_label,
                        x.rule.as_str(),
                        x.subject,
                        x.severity.as_str(),
                        x.responsible,
                        x.figure.is_finite().then_some(x.figure),
                        x.threshold,
                        x.message.text(Lang::En),
                        x.message.text(Lang::Vi),
                        x.history.as_str(),
                        x.found_in,
                        reason_en,
                        reason_vi,
                        x.estimated,
                        message,
                        reason
                    ],
                )?;
            }
            tx.execute(
                "INSERT OR REPLACE INTO digests (month, as_of, as_of_default, headline, notes, \
                 recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    month_label,
                    as_of,
                    as_of_default,
                    headline,
                    notes,
                    now_utc()
                ],
            )?;
            Ok(())
        })?;
        Ok(f)
    }

    /// The month as [`Monitor::record`] stored it, without evaluating anything: a reader (the
    /// web page) that must not write sees the findings, their history, the headline and the
    /// notes as recorded. A month recorded by an earlier grdpsim (store schema 3) has no
    /// stored history or headline: its findings are marked against the month before, those of
    /// the month before not found again are shown not evaluated (nothing says they passed),
    /// and the headline is empty; `as_of` is then the month's report deadline under `policy`.
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidArgument`] for a month not of the store's year;
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn recorded(&self, month: Month, policy: &WarningPolicy) -> Result<Findings> {
        let m = self.month_of_year(month)?;
        let month_start = Date::new(self.year(), m, 1)?;
        let label = month_start.month_label();
        let rows = self.stored_findings(month)?;
        let mut out = Findings {
            month: label.clone(),
            as_of: policy.reports.deadline(month_start),
            as_of_default: true,
            findings: Vec::new(),
            resolved: Vec::new(),
            notes: Vec::new(),
            headline: Headline::default(),
            coverage: Coverage::default(),
        };
        if let Some(row) = self.digest_row(&label)? {
            out.as_of = row.as_of;
            out.as_of_default = row.as_of_default;
            out.headline = row.headline;
            out.notes = row.notes;
            (out.resolved, out.findings) = rows
                .into_iter()
                .partition(|f| f.history == History::Resolved);
        } else {
            let mut findings = rows;
            let before = match self.previous_recorded_month(month)? {
                Some(prev) => self.open_findings(prev)?,
                None => Vec::new(),
            };
            let (mut carried, _) = mark_history(&mut findings, before, &Coverage::default());
            for c in &mut carried {
                c.reason = Some(SkipReason::RecordedEarlier);
            }
            findings.extend(carried);
            out.findings = findings;
        }
        out.findings.sort_by_key(|f| {
            (
                std::cmp::Reverse(f.severity),
                f.history == History::NotEvaluated,
            )
        });
        Ok(out)
    }

    /// The latest month recorded, if any.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails; [`GrdpsimError::InvalidArgument`] for a
    /// stored month that is not `YYYY-MM`.
    pub fn latest_recorded_month(&self) -> Result<Option<Month>> {
        let latest: Option<String> = self
            .store()
            .query_opt(
                "SELECT max(month) FROM (SELECT month FROM findings UNION SELECT month FROM digests)",
                [],
                |r| r.get(0),
            )?
            .flatten();
        latest.map(|m| m.parse()).transpose()
    }

    /// The latest month recorded before `month`, if any.
    fn previous_recorded_month(&self, month: Month) -> Result<Option<Month>> {
        let previous: Option<String> = self
            .store()
            .query_opt(
                "SELECT max(month) FROM (SELECT month FROM findings UNION SELECT month FROM digests) \
                 WHERE month < ?1",
                [month.to_string()],
                |r| r.get(0),
            )?
            .flatten();
        previous.map(|m| m.parse()).transpose()
    }

    /// The findings still open at the end of a recorded month: found, or not evaluated.
    fn open_findings(&self, month: Month) -> Result<Vec<Finding>> {
        Ok(self
            .stored_findings(month)?
            .into_iter()
            .filter(|f| f.history != History::Resolved)
            .collect())
    }

    fn digest_row(&self, month: &str) -> Result<Option<DigestRow>> {
        let row: Option<(String, bool, String, String)> = self.store().query_opt(
            "SELECT as_of, as_of_default, headline, notes FROM digests WHERE month = ?1",
            [month],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        row.map(|(as_of, as_of_default, headline, notes)| {
            Ok(DigestRow {
                as_of: as_of.parse()?,
                as_of_default,
                headline: serde_json::from_str(&headline).map_err(|e| json_error(&e))?,
                notes: read_notes(&notes).map_err(|e| json_error(&e))?,
            })
        })
        .transpose()
    }

    /// The findings stored for a month, as recorded then: this month's (new,
    /// persisting), those carried not evaluated, and those resolved. A month recorded by an
    /// earlier grdpsim has no history stored: its findings read as new, found that month.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn stored_findings(&self, month: Month) -> Result<Vec<Finding>> {
        type Row = (String, Option<String>, Finding);
        let label = month.to_string();
        let rows: Vec<Row> = self.store().query_rows(
            "SELECT rule, subject, severity, responsible, figure, threshold, message_en, \
             message_vi, history, found_in, reason_en, reason_vi, estimated, message, reason \
             FROM findings WHERE month = ?1",
            [&label],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(8)?,
                    Finding {
                        rule: Rule::BehindPace,
                        subject: r.get(1)?,
                        severity: Severity::parse(&r.get::<_, String>(2)?),
                        responsible: r.get(3)?,
                        figure: r.get::<_, Option<f64>>(4)?.unwrap_or(f64::NAN),
                        threshold: r.get::<_, Option<f64>>(5)?.unwrap_or(f64::NAN),
                        message: stored_message(
                            r.get::<_, Option<String>>(13)?.as_deref(),
                            r.get(6)?,
                            r.get(7)?,
                        ),
                        history: History::New,
                        found_in: r
                            .get::<_, Option<String>>(9)?
                            .unwrap_or_else(|| label.clone()),
                        reason: stored_reason(
                            r.get::<_, Option<String>>(14)?.as_deref(),
                            r.get(10)?,
                            r.get(11)?,
                        ),
                        estimated: r.get(12)?,
                    },
                ))
            },
        )?;
        rows.into_iter()
            .map(|(rule, history, mut f)| {
                f.rule = Rule::parse(&rule)?;
                f.history = history
                    .as_deref()
                    .and_then(History::parse)
                    .unwrap_or(History::New);
                Ok(f)
            })
            .collect()
    }
}
