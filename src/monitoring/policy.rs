//! The early-warning policy: every rule's thresholds, from a TOML file.
//!
//! The shipped defaults ([`DEFAULT_POLICY_TOML`]) are embedded in the library; a province's
//! own file overrides any subset of them (a table, a key). A key this build does not know is
//! an error naming it, so that a misspelt threshold is never silently replaced by a default.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::derived::SectorLink;
use crate::error::{GrdpsimError, Result};

/// The shipped policy, with each rule's thresholds documented.
pub const DEFAULT_POLICY_TOML: &str = include_str!("warnings.toml");

/// Rule 1, behind pace.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PacePolicy {
    pub flow_amber_ratio: f64,
    pub flow_red_ratio: f64,
    pub index_amber_pp: f64,
    pub index_red_pp: f64,
}

/// Rule 2, required growth above history.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredPolicy {
    pub amber_margin_pp: f64,
    /// Sector code → cap, percent: used when the base data are too short for historical caps
    /// (fewer than [`crate::scenario::MIN_CAP_HISTORY_YEARS`] years).
    #[serde(default)]
    pub caps: BTreeMap<String, f64>,
}

/// Rule 3, gap in points of GRDP.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GapPolicy {
    pub amber_pp: f64,
    pub red_pp: f64,
}

/// Rule 4, probability of the annual target.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbabilityPolicy {
    pub sd_pp: f64,
    pub amber_below: f64,
    pub red_below: f64,
}

/// Rule 5, disbursement.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisbursementPolicy {
    pub spi_amber: f64,
    pub spi_red: f64,
    pub investor_below_pp: f64,
    pub stalled_weeks: u32,
    pub stalled_min_projects: usize,
}

/// Rule 6, tasks.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskPolicy {
    pub due_within_days: u32,
}

/// The latest report deadline a policy may set, in days after the month's end.
const MAX_DUE_DAYS: i32 = 366;

/// Rule 7, missing reports.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportPolicy {
    /// Days after the month's end a month's report is due (10: the 10th of the next month).
    pub due_days: u32,
}

impl ReportPolicy {
    /// The report deadline of the month starting `month_start`: a report missing the day
    /// after is a finding (rule 7), and a digest is as of it unless told otherwise.
    pub fn deadline(&self, month_start: super::Date) -> super::Date {
        month_start
            .month_end()
            .add_days(i32::try_from(self.due_days).unwrap_or(MAX_DUE_DAYS))
    }
}

/// Every threshold of the early-warning rules ([`super::Rule`]).
///
/// # Examples
/// ```
/// use grdpsim::monitoring::WarningPolicy;
/// let p = WarningPolicy::from_toml_str("[pace]\nflow_red_ratio = 0.8\n")?;
/// assert_eq!(p.pace.flow_red_ratio, 0.8);
/// assert_eq!(p.pace.flow_amber_ratio, WarningPolicy::default().pace.flow_amber_ratio);
/// let e = WarningPolicy::from_toml_str("[pace]\nflow_red_ratoi = 0.8\n").unwrap_err();
/// assert!(e.to_string().contains("flow_red_ratoi"));
/// # Ok::<(), grdpsim::GrdpsimError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningPolicy {
    pub pace: PacePolicy,
    pub required: RequiredPolicy,
    pub gap: GapPolicy,
    pub probability: ProbabilityPolicy,
    pub disbursement: DisbursementPolicy,
    pub tasks: TaskPolicy,
    pub reports: ReportPolicy,
    /// Sector code (and `disbursement`) → the department that answers for its findings.
    pub responsible: BTreeMap<String, String>,
    /// Indicator code → its link to a sector with the stated conversion
    /// ([`super::derived`]: the indicator target the scenario implies).
    #[serde(default)]
    pub links: BTreeMap<String, SectorLink>,
}

impl Default for WarningPolicy {
    fn default() -> Self {
        Self::from_toml_str("").unwrap_or_else(|e| unreachable!("the shipped policy parses: {e}"))
    }
}

fn policy_error(source: &str, message: impl Into<String>) -> GrdpsimError {
    GrdpsimError::Parse {
        source_name: source.to_owned(),
        line: 0,
        message: message.into(),
    }
}

/// `over` merged into `base`, table by table.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

impl WarningPolicy {
    /// The shipped policy with `text` (TOML, any subset of its tables and keys) over it.
    ///
    /// # Errors
    /// [`GrdpsimError::Parse`] for text that is not TOML, an unknown key (named), a value of
    /// the wrong type; [`GrdpsimError::InvalidArgument`] for thresholds out of order (a red
    /// band that is not beyond the amber one), a negative or non-finite value.
    pub fn from_toml_str(text: &str) -> Result<Self> {
        Self::parse("policy", text)
    }

    /// Reads a policy file over the shipped one.
    ///
    /// # Errors
    /// As [`WarningPolicy::from_toml_str`]; [`GrdpsimError::Io`] if the file cannot be read.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| GrdpsimError::io(&name, e))?;
        Self::parse(&name, &text)
    }

    fn parse(source: &str, text: &str) -> Result<Self> {
        let mut base: toml::Table = DEFAULT_POLICY_TOML
            .parse()
            .map_err(|e: toml::de::Error| policy_error("shipped policy", e.to_string()))?;
        let over: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| policy_error(source, e.to_string()))?;
        merge(&mut base, over);
        let policy: Self = toml::Value::Table(base)
            .try_into()
            .map_err(|e: toml::de::Error| policy_error(source, e.to_string()))?;
        policy.check()?;
        Ok(policy)
    }

    fn check(&self) -> Result<()> {
        let values = [
            ("pace.flow_amber_ratio", self.pace.flow_amber_ratio),
            ("pace.flow_red_ratio", self.pace.flow_red_ratio),
            ("pace.index_amber_pp", self.pace.index_amber_pp),
            ("pace.index_red_pp", self.pace.index_red_pp),
            ("required.amber_margin_pp", self.required.amber_margin_pp),
            ("gap.amber_pp", self.gap.amber_pp),
            ("gap.red_pp", self.gap.red_pp),
            ("probability.sd_pp", self.probability.sd_pp),
            ("probability.amber_below", self.probability.amber_below),
            ("probability.red_below", self.probability.red_below),
            ("disbursement.spi_amber", self.disbursement.spi_amber),
            ("disbursement.spi_red", self.disbursement.spi_red),
            (
                "disbursement.investor_below_pp",
                self.disbursement.investor_below_pp,
            ),
        ];
        for (name, v) in values {
            if !v.is_finite() || v < 0.0 {
                return Err(GrdpsimError::invalid_argument(
                    name,
                    format!("{v} is not a non-negative number"),
                ));
            }
        }
        let ordered = [
            (
                "pace.flow_red_ratio",
                self.pace.flow_red_ratio <= self.pace.flow_amber_ratio,
            ),
            (
                "pace.index_red_pp",
                self.pace.index_red_pp >= self.pace.index_amber_pp,
            ),
            ("gap.red_pp", self.gap.red_pp >= self.gap.amber_pp),
            (
                "probability.red_below",
                self.probability.red_below <= self.probability.amber_below
                    && self.probability.amber_below <= 1.0,
            ),
            (
                "disbursement.spi_red",
                self.disbursement.spi_red <= self.disbursement.spi_amber,
            ),
        ];
        for (name, ok) in ordered {
            if !ok {
                return Err(GrdpsimError::invalid_argument(
                    name,
                    "the red threshold must lie beyond the amber one",
                ));
            }
        }
        if i32::try_from(self.reports.due_days).map_or(true, |d| d > MAX_DUE_DAYS) {
            return Err(GrdpsimError::invalid_argument(
                "reports.due_days",
                format!(
                    "{} days after the month's end: at most {MAX_DUE_DAYS}",
                    self.reports.due_days
                ),
            ));
        }
        for (code, link) in &self.links {
            link.conversion(code)?;
        }
        if self.probability.sd_pp == 0.0 {
            return Err(GrdpsimError::invalid_argument(
                "probability.sd_pp",
                "a standard deviation must be positive",
            ));
        }
        Ok(())
    }

    /// The department answering for a sector's findings (the sector's code when none is set).
    pub fn responsible_for(&self, sector: &str) -> String {
        self.responsible
            .get(sector)
            .cloned()
            .unwrap_or_else(|| sector.to_owned())
    }
}
