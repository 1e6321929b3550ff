//! The gap between actual and target (mức hụt so với kịch bản), in each sector's own growth and
//! in percentage points of GRDP.
//!
//! Each sector is measured against its **stated** target for the period where one is stated
//! (the official gap: Cao Bằng's 6M 2025 at 6.56% was "1.04 pp below the scenario" of 7.60%),
//! and against the target its derived quarterly targets give where none is. The gap of an
//! aggregate in points of GRDP is the sum of its sectors' gaps plus the scenario's own
//! inconsistency: what the targets of its sectors give minus its own target. That
//! inconsistency is a row of its own, so the table always adds up:
//!
//! ```text
//! gap_pp(GRDP) = Σ_children gap_pp(child) + inconsistency_pp(GRDP)
//! ```
//!
//! and likewise for every aggregate with a row of inconsistency.

use serde::{Deserialize, Serialize};

use super::{Scenario, Source};
use crate::error::{GrdpsimError, Result};
use crate::growth::{grown, pct_or_zero as pct, rate};
use crate::period::{IntoPeriod, Period};

/// What a row of the gap table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapRowKind {
    /// A sector: its actual (or outturn) against its target.
    Sector,
    /// An aggregate's own inconsistency: the growth its sectors' targets give against its own
    /// target (stated or derived).
    Inconsistency,
}

/// Where a gap row's target comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetSource {
    /// Stated for exactly this period (the official gap is measured against it).
    Stated,
    /// Derived from the targets stated for other periods or sectors.
    Derived,
}

impl TargetSource {
    /// `stated` or `derived`: the word programs and tables use.
    pub fn label(self) -> &'static str {
        match self {
            Self::Stated => "stated",
            Self::Derived => "derived",
        }
    }

    fn of(stated: bool) -> Self {
        if stated {
            Self::Stated
        } else {
            Self::Derived
        }
    }
}

/// One row of the gap over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapRow {
    /// The row's name in tables: the sector code, or `inconsistency` (GRDP's) and
    /// `inconsistency CNXD` (another aggregate's).
    pub label: String,
    /// The sector (for an inconsistency row, the aggregate).
    pub sector: String,
    pub kind: GapRowKind,
    /// The target, percent: stated where one is stated for the period, else derived.
    pub target_pct: f64,
    pub target_source: TargetSource,
    /// Actual growth, percent (the outturn: see `actual_source`). For an inconsistency row,
    /// the growth the targets of the aggregate's sectors give.
    pub actual_pct: f64,
    /// Where the outturn comes from; None for an inconsistency row, whose actual is implied by
    /// the targets of the aggregate's sectors (tables write `implied`).
    pub actual_source: Option<Source>,
    /// Whether the actual rests on a provisional figure (a nowcast, an estimate).
    pub provisional: bool,
    /// `actual_pct - target_pct`: the gap in the sector's own growth, percentage points
    /// (negative = shortfall).
    pub gap_pct: f64,
    /// Target contribution to GRDP growth, percentage points (GRDP convention:
    /// `ΔX_i / GRDP(P, y-1) × 100`).
    pub target_contribution_pp: f64,
    /// Actual contribution to GRDP growth, percentage points (GRDP convention).
    pub actual_contribution_pp: f64,
    /// `actual_contribution_pp - target_contribution_pp`: the gap in percentage points of GRDP.
    pub gap_pp: f64,
}

/// The gap of every sector over one period, with the scenario's inconsistencies.
///
/// Each sector is measured against its stated target for the period where one is stated (the
/// official gap), else against its derived target. An aggregate's gap in points of GRDP is its
/// sectors' gaps plus its row of inconsistency (what its sectors' targets give minus its own
/// target): `gap_pp(GRDP) = Σ_children gap_pp(child) + inconsistency_pp(GRDP)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// The period, as `2025H1`.
    pub period: String,
    /// GRDP first, then the sectors in tree order; each aggregate with stated targets for the
    /// period (its own or its sectors') is followed by its row of inconsistency.
    pub rows: Vec<GapRow>,
}

impl Gap {
    /// The GRDP row: the official gap.
    pub fn grdp(&self) -> &GapRow {
        &self.rows[0]
    }

    /// The row with this label (a sector code, `inconsistency`, `inconsistency CNXD`).
    pub fn row(&self, label: &str) -> Option<&GapRow> {
        self.rows
            .iter()
            .find(|r| r.label.eq_ignore_ascii_case(label.trim()))
    }

    /// The inconsistency row of an aggregate, if it has one.
    pub fn inconsistency(&self, sector: &str) -> Option<&GapRow> {
        self.rows.iter().find(|r| {
            r.kind == GapRowKind::Inconsistency && r.sector.eq_ignore_ascii_case(sector.trim())
        })
    }
}

impl Scenario {
    /// The gap between actual and target over a period, for every sector, measured against
    /// the stated target where one is stated (see [`Gap`]).
    ///
    /// Sectors without an actual over the period take their outturn: a share of the figures
    /// that cover them, or their target (a gap of 0), as `actual_source` says.
    ///
    /// # Errors
    /// A period that is not one of the scenario year; [`GrdpsimError::MissingActuals`] when no
    /// actual figure covers any part of the period; a zero GRDP base.
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::Scenario;
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// let levels = ndarray::Array2::from_shape_fn((4, 4), |(i, _)| [20.0, 20.0, 55.0, 5.0][i]);
    /// let base = Accounts::from_leaf_levels(SectorTree::provincial(), Quarter::new(2024, 1)?,
    ///     levels.view(), None)?;
    /// let mut b = Scenario::builder(base, 2025).target("H1", "GRDP", 7.5);
    /// for s in ["NLTS", "CNXD", "DV", "TSP"] {
    ///     b = b.target("Y", s, 8.0);                  // the sectors give 8.0 for H1, not 7.5
    /// }
    /// let sc = b
    ///     .actual_growth("H1", "NLTS", 3.0).actual_growth("H1", "CNXD", 9.0)
    ///     .actual_growth("H1", "DV", 7.0).actual_growth("H1", "TSP", 5.0)
    ///     .build()?;
    /// let gap = sc.gap("H1")?;
    /// assert!((gap.grdp().target_pct - 7.5).abs() < 1e-12);  // the official gap
    /// let sectors: f64 = ["NLTS", "CNXD", "DV", "TSP"].iter()
    ///     .map(|s| gap.row(s).unwrap().gap_pp).sum();
    /// let inconsistency = gap.row("inconsistency").unwrap().gap_pp;  // 8.0 - 7.5
    /// assert!((inconsistency - 0.5).abs() < 1e-12);
    /// assert!((gap.grdp().gap_pp - (sectors + inconsistency)).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn gap(&self, period: impl IntoPeriod) -> Result<Gap> {
        let p = period.into_period(self.year)?;
        let tree = self.tree();
        let root = tree.root();
        if self.source_at(root, p) == Source::Target {
            return Err(GrdpsimError::MissingActuals {
                sector: tree.code(root).to_owned(),
                period: p.to_string(),
                needed_for: "the gap needs an actual figure for some sector over the period".into(),
            });
        }
        let grdp_base = self.base_level(root, p);
        self.nonzero_base(root, p)?;
        let contribution =
            |level: f64, node: usize| (level - self.base_level(node, p)) / grdp_base * 100.0;
        let mut rows = Vec::with_capacity(tree.len() + 2);
        for node in 0..tree.len() {
            let base = self.base_level(node, p);
            let (target, stated) = self.gap_target(node, p);
            let target_c = contribution(grown(base, target), node);
            let actual = self.outturn_at(node, p);
            let actual_c = contribution(actual, node);
            let actual_pct = pct(actual, base);
            rows.push(GapRow {
                label: tree.code(node).to_owned(),
                sector: tree.code(node).to_owned(),
                kind: GapRowKind::Sector,
                target_pct: target,
                target_source: TargetSource::of(stated),
                actual_pct,
                actual_source: Some(self.source_at(node, p)),
                provisional: self.provisional_at(node, p),
                gap_pct: actual_pct - target,
                target_contribution_pp: target_c,
                actual_contribution_pp: actual_c,
                gap_pp: actual_c - target_c,
            });
            let children = &tree.node(node).children;
            let any_stated = stated || children.iter().any(|&c| self.gap_target(c, p).1);
            if children.is_empty() || !any_stated {
                continue;
            }
            let implied_c: f64 = children
                .iter()
                .map(|&c| {
                    let b = self.base_level(c, p);
                    contribution(grown(b, self.gap_target(c, p).0), c)
                })
                .sum();
            let implied_pct = if base == 0.0 {
                0.0
            } else {
                implied_c * grdp_base / base
            };
            rows.push(GapRow {
                label: if node == root {
                    "inconsistency".into()
                } else {
                    format!("inconsistency {}", tree.code(node))
                },
                sector: tree.code(node).to_owned(),
                kind: GapRowKind::Inconsistency,
                target_pct: target,
                target_source: TargetSource::of(stated),
                actual_pct: implied_pct,
                actual_source: None,
                provisional: false,
                gap_pct: implied_pct - target,
                target_contribution_pp: target_c,
                actual_contribution_pp: implied_c,
                gap_pp: implied_c - target_c,
            });
        }
        Ok(Gap {
            period: p.to_string(),
            rows,
        })
    }

    /// The target a gap is measured against: the stated one for exactly this period, else the
    /// derived one; and whether it was stated.
    fn gap_target(&self, node: usize, p: Period) -> (f64, bool) {
        self.targets
            .iter()
            .find(|t| t.node == node && t.period == p)
            .map_or_else(
                || (self.growth_at(node, p), false),
                |t| (t.growth_pct, true),
            )
    }

    /// The actual growth of a sector over a period of the scenario year, if known.
    ///
    /// # Errors
    /// An unknown sector; a period that is not one of the scenario year.
    pub fn actual_growth(&self, period: impl IntoPeriod, sector: &str) -> Result<Option<f64>> {
        let (node, p) = self.node_period(period, sector)?;
        let base = self.base_level(node, p);
        Ok(self
            .actuals
            .level(node, p)
            .filter(|_| base != 0.0)
            .map(|a| rate(a, base)))
    }

    /// The actual constant-price level of a sector over a period, if known.
    ///
    /// # Errors
    /// An unknown sector; a period that is not one of the scenario year.
    pub fn actual_level(&self, period: impl IntoPeriod, sector: &str) -> Result<Option<f64>> {
        let (node, p) = self.node_period(period, sector)?;
        Ok(self.actuals.level(node, p))
    }
}
