//! Who answers for a target (cơ quan chủ trì) and by when (thời hạn).
//!
//! An [`Owner`] names the department responsible for a sector's targets, for every period of
//! the sector or for one period it states a target for (`CN` in `Q3`), and optionally the
//! deadline. A period's own owner wins over the sector's.

use serde::{Deserialize, Serialize};

use super::StatedTarget;
use crate::date::Date;
use crate::error::{GrdpsimError, Result};
use crate::period::Period;
use crate::sector::SectorTree;

/// The department answering for a sector's targets, and by when.
///
/// `period` is `None` for every period of the sector, else a period the sector states a target
/// for (`Q3`, `H2`, `Y`); `deadline` is an ISO date `YYYY-MM-DD`.
///
/// # Examples
/// ```
/// use grdpsim::scenario::Owner;
/// let cn = Owner::new("CN", "Sở Công Thương").deadline("2025-09-30").period("Q3");
/// assert_eq!(cn.period.as_deref(), Some("Q3"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub sector: String,
    pub period: Option<String>,
    pub department: String,
    pub deadline: Option<String>,
}

impl Owner {
    /// `department` answers for every period of `sector`, with no deadline.
    pub fn new(sector: impl Into<String>, department: impl Into<String>) -> Self {
        Self {
            sector: sector.into(),
            period: None,
            department: department.into(),
            deadline: None,
        }
    }

    /// The same owner, for one period only.
    #[must_use]
    pub fn period(mut self, period: impl Into<String>) -> Self {
        self.period = Some(period.into());
        self
    }

    /// The same owner, with a deadline (`YYYY-MM-DD`).
    #[must_use]
    pub fn deadline(mut self, deadline: impl Into<String>) -> Self {
        self.deadline = Some(deadline.into());
        self
    }
}

/// A validated owner: node of the tree, period of the scenario year (or none), a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StatedOwner {
    pub node: usize,
    pub period: Option<Period>,
    pub department: String,
    pub deadline: Option<Date>,
}

impl StatedOwner {
    /// The owner as given, with canonical sector code and period label.
    pub(crate) fn to_owner(&self, tree: &SectorTree) -> Owner {
        Owner {
            sector: tree.code(self.node).to_owned(),
            period: self.period.map(Period::short_label),
            department: self.department.clone(),
            deadline: self.deadline.map(|d| d.to_string()),
        }
    }
}

/// `owners` checked against the tree and the stated targets; a later owner of the same sector
/// and period replaces an earlier one.
///
/// # Errors
/// [`GrdpsimError::UnknownSector`]; [`GrdpsimError::InvalidOwner`] naming the sector, the
/// period and the value for a period that is not one of the year, a period the sector states
/// no target for, a deadline that is not a date, or no department.
pub(crate) fn validate(
    tree: &SectorTree,
    year: i32,
    owners: &[Owner],
    targets: &[StatedTarget],
) -> Result<Vec<StatedOwner>> {
    let mut out: Vec<StatedOwner> = Vec::with_capacity(owners.len());
    for o in owners {
        let node = tree.index(&o.sector)?;
        let code = tree.code(node);
        let label = o.period.as_deref().unwrap_or("*");
        let invalid = |value: &str, reason: &str| GrdpsimError::InvalidOwner {
            sector: code.to_owned(),
            period: label.to_owned(),
            value: value.to_owned(),
            reason: reason.to_owned(),
        };
        let period = match &o.period {
            None => None,
            Some(p) => {
                let period = Period::parse_in_year(p, year)
                    .map_err(|_| invalid(p, "is not a period of the scenario year"))?;
                if !targets.iter().any(|t| t.node == node && t.period == period) {
                    return Err(invalid(
                        &o.department,
                        "answers for a period the sector states no target for",
                    ));
                }
                Some(period)
            }
        };
        if o.department.trim().is_empty() {
            return Err(invalid(&o.department, "names no department"));
        }
        let deadline = o
            .deadline
            .as_deref()
            .map(|d| {
                d.parse::<Date>()
                    .map_err(|_| invalid(d, "is not a deadline YYYY-MM-DD"))
            })
            .transpose()?;
        let stated = StatedOwner {
            node,
            period,
            department: o.department.trim().to_owned(),
            deadline,
        };
        match out
            .iter_mut()
            .find(|s| s.node == node && s.period == period)
        {
            Some(s) => *s = stated,
            None => out.push(stated),
        }
    }
    Ok(out)
}

/// The owner of `node` over `period`: the period's own, else the sector's.
pub(crate) fn owner_at(
    owners: &[StatedOwner],
    node: usize,
    period: Period,
) -> Option<&StatedOwner> {
    owners
        .iter()
        .find(|o| o.node == node && o.period == Some(period))
        .or_else(|| owners.iter().find(|o| o.node == node && o.period.is_none()))
}

/// A sector's owners in a scenario file: the sector's department and deadline, and a table per
/// period with its own (a period's entry takes the sector's department or deadline where it
/// names none).
///
/// ```toml
/// [owners]
/// CN = { department = "Sở Công Thương", deadline = "2025-12-31", Q3 = { deadline = "2025-09-30" } }
/// XD = { department = "Sở Xây dựng" }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OwnerEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// Per period label (`Q3`, `H2`, `Y`): that period's department and deadline.
    #[serde(flatten)]
    pub periods: std::collections::BTreeMap<String, PeriodOwner>,
}

/// One period's owner in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodOwner {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

/// The owners of a file's `[owners]` table.
///
/// # Errors
/// [`GrdpsimError::InvalidOwner`] for an entry that names no department, neither its own nor
/// its sector's.
pub(crate) fn from_file(
    entries: &std::collections::BTreeMap<String, OwnerEntry>,
) -> Result<Vec<Owner>> {
    let mut out = Vec::new();
    for (sector, e) in entries {
        let no_department = |period: &str, value: Option<&String>| GrdpsimError::InvalidOwner {
            sector: sector.clone(),
            period: period.to_owned(),
            value: value.cloned().unwrap_or_default(),
            reason: "names no department".to_owned(),
        };
        match &e.department {
            Some(d) => out.push(Owner {
                sector: sector.clone(),
                period: None,
                department: d.clone(),
                deadline: e.deadline.clone(),
            }),
            None if e.periods.is_empty() || e.deadline.is_some() => {
                return Err(no_department("*", e.deadline.as_ref()));
            }
            None => {}
        }
        for (period, p) in &e.periods {
            let department = p
                .department
                .as_ref()
                .or(e.department.as_ref())
                .ok_or_else(|| no_department(period, p.deadline.as_ref()))?;
            out.push(Owner {
                sector: sector.clone(),
                period: Some(period.clone()),
                department: department.clone(),
                deadline: p.deadline.clone().or_else(|| e.deadline.clone()),
            });
        }
    }
    Ok(out)
}

/// The `[owners]` table of `owners`: each period's entry in full, so it reads alone.
pub(crate) fn to_file(owners: &[Owner]) -> std::collections::BTreeMap<String, OwnerEntry> {
    let mut out: std::collections::BTreeMap<String, OwnerEntry> = std::collections::BTreeMap::new();
    for o in owners {
        let entry = out.entry(o.sector.clone()).or_default();
        match &o.period {
            None => {
                entry.department = Some(o.department.clone());
                entry.deadline.clone_from(&o.deadline);
            }
            Some(p) => {
                entry.periods.insert(
                    p.clone(),
                    PeriodOwner {
                        department: Some(o.department.clone()),
                        deadline: o.deadline.clone(),
                    },
                );
            }
        }
    }
    out
}
