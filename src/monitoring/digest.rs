//! The monthly digest: what the Finance Department brings to the monthly meeting.
//!
//! Its content is a data structure ([`Digest`]): the headline scenario figures (the official
//! gap, the growth still required, the probability of the target with its model named, the
//! disbursement rate), computed in the same evaluation as the findings (rule 4's probability
//! is the headline's), the findings ordered by severity and grouped by who answers for them
//! (those not evaluated this month, with the reason, after the others), what was resolved since
//! the last month recorded, and notes. The document people read is built from it in
//! [`crate::reports::digest`] ([`Digest::to_document`], [`Digest::render`],
//! [`Digest::write_xlsx`]).

use serde::{Deserialize, Serialize};

use super::indicators::Monitor;
use super::notes::{DigestNote, ScenarioFigures};
use super::policy::WarningPolicy;
use super::rules::{probability_model, Context, Finding, Findings, History, Severity};
use crate::error::Result;
use crate::lang::Note;
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

    /// The probability and the required growth, as a note compares them.
    fn scenario_figures(&self) -> ScenarioFigures {
        ScenarioFigures {
            p_reach: self.p_reach,
            required_pct: self.required_pct,
        }
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
    /// Notes: rules not evaluated, reports not in, the headline's source.
    pub notes: Vec<DigestNote>,
}

/// How a digest is written as text: the document's formats.
pub use crate::document::TextFormat as DigestFormat;

use super::Date;
use crate::date::Month;

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
}

impl Monitor {
    /// Records `month` ([`Monitor::record`]) and assembles the digest from that one
    /// evaluation: findings, history, headline.
    ///
    /// # Errors
    /// As [`Monitor::record`].
    pub fn digest(
        &mut self,
        month: Month,
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
        month: Month,
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
                found.notes.push(DigestNote::HeadlineComputedNow);
            } else if !found.headline.same_scenario_figures(&given) {
                found.notes.push(DigestNote::OtherScenario {
                    given: given.scenario_figures(),
                    recorded: found.headline.scenario_figures(),
                });
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

    /// A month's findings with the headline figures, grouped by who answers for them (one
    /// department under one heading however its name was typed: [`department_key`]).
    fn assemble(&self, found: Findings) -> Digest {
        let mut groups: Vec<DigestGroup> = Vec::new();
        for f in found.findings {
            let key = department_key(&f.responsible);
            match groups
                .iter_mut()
                .find(|g| department_key(&g.responsible) == key)
            {
                Some(g) => {
                    // The fullest spelling heads the group (the bilingual one).
                    if f.responsible.chars().count() > g.responsible.chars().count() {
                        g.responsible.clone_from(&f.responsible);
                    }
                    g.findings.push(f);
                }
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

/// The key a department is grouped by: its Vietnamese name (before ` / ` and an English name)
/// compared as names are ([`crate::io::names::name_key`]: NFC, case folded, spaces single), so
/// that `Sở Công thương`, `Sở Công Thương` and `Sở Công Thương / Department of Industry and
/// Trade` head one group.
pub(crate) fn department_key(name: &str) -> String {
    let vi = name.split(" / ").next().unwrap_or(name);
    crate::io::names::name_key(vi)
}

#[cfg(test)]
mod department_tests {
    use super::department_key;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn one_department_however_typed() {
        let full = department_key("Sở Công Thương / Department of Industry and Trade");
        assert_eq!(department_key("Sở Công Thương"), full);
        assert_eq!(department_key("  sở công  thương "), full);
        // NFD as some spreadsheets store it.
        let nfd: String = "Sở Công Thương".nfd().collect();
        assert_ne!(nfd, "Sở Công Thương");
        assert_eq!(department_key(&nfd), full);
        assert_ne!(department_key("Sở Tài chính / Department of Finance"), full);
    }
}
