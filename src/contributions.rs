//! Contributions to growth (đóng góp vào tăng trưởng, điểm phần trăm) and structure (cơ cấu).
//!
//! Two conventions occur in official releases and are never mixed; every result names its own:
//!
//! * [`Convention::Grdp`] (provincial releases): `c_i = ΔX_i / GRDP(P, y-1) × 100` over all
//!   sectors and product taxes; they sum exactly to GRDP growth.
//! * [`Convention::Gva`] (national releases): the denominator is total value added excluding
//!   product taxes; `share_pct = ΔX_i / ΔGVA × 100` ("% đóng góp") sums to 100 over the broad
//!   sectors.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::accounts::{Accounts, PriceBasis};
use crate::error::{GrdpsimError, Result};
use crate::period::Period;

/// Which total the contributions are expressed against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Convention {
    /// Percentage points of GRDP, product taxes included (provincial releases).
    Grdp,
    /// Percentage points of gross value added, product taxes excluded (national releases).
    Gva,
}

impl Convention {
    pub fn label(self) -> &'static str {
        match self {
            Self::Grdp => "grdp",
            Self::Gva => "gva",
        }
    }
}

impl fmt::Display for Convention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Convention {
    type Err = GrdpsimError;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "grdp" | "gdp" => Ok(Self::Grdp),
            "gva" | "va" => Ok(Self::Gva),
            other => Err(GrdpsimError::invalid_argument(
                "convention",
                format!("{other:?} is neither \"grdp\" nor \"gva\""),
            )),
        }
    }
}

/// One sector's growth and contribution over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContributionRow {
    pub sector: String,
    /// Own growth, percent.
    pub growth_pct: f64,
    /// Share of the total's base-period constant-price level, percent.
    pub weight_pct: f64,
    /// Contribution to the total's growth, percentage points.
    pub contribution_pp: f64,
    /// Share of the total's increase, percent; `None` when the total did not change.
    pub share_pct: Option<f64>,
}

/// Contributions of sectors to the growth of GRDP (or GVA) over one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contributions {
    pub period: Period,
    pub convention: Convention,
    pub rows: Vec<ContributionRow>,
    /// The total: GRDP's root code under [`Convention::Grdp`], `GVA` under [`Convention::Gva`].
    pub total: ContributionRow,
}

/// A sector's share of GRDP at current prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StructureRow {
    pub sector: String,
    /// Current-price level over the period, billion VND.
    pub level: f64,
    /// Percent of GRDP.
    pub share_pct: f64,
}

impl Accounts {
    /// Nodes whose sum is total value added: the root's children that are not net taxes.
    fn gva_nodes(&self) -> Vec<usize> {
        let t = self.tree();
        t.node(t.root())
            .children
            .iter()
            .copied()
            .filter(|&c| !t.node(c).net_taxes)
            .collect()
    }

    /// Contributions of the broad sectors (the root's children; without product taxes under
    /// [`Convention::Gva`]).
    ///
    /// # Errors
    /// A period (or its base) outside the data; a zero base.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::{Accounts, Convention, Quarter, SectorTree};
    /// let tree = SectorTree::provincial();
    /// let row = |x: f64, g: f64| [x, x, x, x, x * g, x * g, x * g, x * g];
    /// let levels = ndarray::Array2::from_shape_vec((4, 8),
    ///     [row(20.0, 1.03), row(17.0, 1.10), row(59.0, 1.07), row(4.0, 1.05)].concat())?;
    /// let acc = Accounts::from_leaf_levels(tree, Quarter::new(2023, 1)?, levels.view(), None)?;
    /// let c = acc.contributions("2024".parse()?, Convention::Grdp)?;
    /// let sum: f64 = c.rows.iter().map(|r| r.contribution_pp).sum();
    /// assert!((sum - c.total.growth_pct).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contributions(&self, period: Period, convention: Convention) -> Result<Contributions> {
        let t = self.tree();
        let nodes: Vec<usize> = match convention {
            Convention::Grdp => t.node(t.root()).children.clone(),
            Convention::Gva => self.gva_nodes(),
        };
        self.contributions_of(&nodes, period, convention)
    }

    /// Contributions of the named sectors (any level of the tree).
    ///
    /// # Errors
    /// An unknown sector; net taxes under [`Convention::Gva`]; a period outside the data; a
    /// zero base.
    pub fn contributions_for(
        &self,
        period: Period,
        sectors: &[&str],
        convention: Convention,
    ) -> Result<Contributions> {
        let nodes: Vec<usize> = sectors
            .iter()
            .map(|s| self.tree().index(s))
            .collect::<Result<_>>()?;
        if convention == Convention::Gva {
            if let Some(&n) = nodes.iter().find(|&&n| self.tree().node(n).net_taxes) {
                return Err(GrdpsimError::invalid_argument(
                    "sectors",
                    format!(
                        "{} is product taxes, which are not part of gross value added (use convention \"grdp\")",
                        self.tree().code(n)
                    ),
                ));
            }
        }
        self.contributions_of(&nodes, period, convention)
    }

    fn contributions_of(
        &self,
        nodes: &[usize],
        period: Period,
        convention: Convention,
    ) -> Result<Contributions> {
        let t = self.tree();
        let (total_code, total_now, total_base) = match convention {
            Convention::Grdp => {
                let (now, base) = self.level_pair(t.root(), period)?;
                (t.code(t.root()).to_owned(), now, base)
            }
            Convention::Gva => {
                let mut now = 0.0;
                let mut base = 0.0;
                for n in self.gva_nodes() {
                    now += self.level_at(n, period, PriceBasis::Constant)?;
                    base += self.level_at(n, period.previous_year(), PriceBasis::Constant)?;
                }
                if base == 0.0 {
                    return Err(GrdpsimError::ZeroBase {
                        sector: "GVA".into(),
                        period: period.previous_year().to_string(),
                    });
                }
                ("GVA".to_owned(), now, base)
            }
        };
        let base_label = period.previous_year().to_string();
        let total_delta = total_now - total_base;
        let share = |delta: f64| (total_delta != 0.0).then(|| delta / total_delta * 100.0);
        let rows = nodes
            .iter()
            .map(|&n| {
                let (now, base) = self.level_pair(n, period)?;
                Ok(ContributionRow {
                    sector: t.code(n).to_owned(),
                    growth_pct: crate::growth::growth_pct(now, base, t.code(n), &base_label)?,
                    weight_pct: base / total_base * 100.0,
                    contribution_pp: (now - base) / total_base * 100.0,
                    share_pct: share(now - base),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let growth = crate::growth::growth_pct(total_now, total_base, &total_code, &base_label)?;
        Ok(Contributions {
            period,
            convention,
            rows,
            total: ContributionRow {
                sector: total_code,
                growth_pct: growth,
                weight_pct: 100.0,
                contribution_pp: growth,
                share_pct: share(total_delta),
            },
        })
    }

    /// Structure (cơ cấu) of GRDP over `period`: each broad sector's share at current prices.
    ///
    /// # Errors
    /// [`GrdpsimError::NoCurrentPrices`]; a period outside the data; a zero GRDP.
    pub fn structure(&self, period: Period) -> Result<Vec<StructureRow>> {
        if !self.has_current_prices() {
            return Err(GrdpsimError::NoCurrentPrices {
                what: "structure".into(),
            });
        }
        let t = self.tree();
        let total = self.level_at(t.root(), period, PriceBasis::Current)?;
        if total == 0.0 {
            return Err(GrdpsimError::ZeroBase {
                sector: t.code(t.root()).to_owned(),
                period: period.to_string(),
            });
        }
        t.node(t.root())
            .children
            .iter()
            .map(|&c| {
                let level = self.level_at(c, period, PriceBasis::Current)?;
                Ok(StructureRow {
                    sector: t.code(c).to_owned(),
                    level,
                    share_pct: level / total * 100.0,
                })
            })
            .collect()
    }
}
