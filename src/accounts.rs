//! Quarterly accounts by sector (tài khoản quốc gia/địa phương theo quý): levels at constant
//! prices (required, for growth) and current prices (optional, for structure).
//!
//! Aggregates are derived by summation over the sector tree (Vietnam uses a fixed base year, so
//! constant-price volumes are additive). Aggregate rows present in the input are checked
//! against their children.

use ndarray::{Array2, ArrayView1, ArrayView2, Axis};

use crate::error::{GrdpsimError, Result};
use crate::period::{check_year, Period, Quarter};
use crate::sector::SectorTree;

/// Relative tolerance for an aggregate row against the sum of its children.
pub const AGGREGATE_TOLERANCE: f64 = 1e-6;

pub use crate::levels::{LevelRecord, PriceBasis};

/// Quarterly levels for every node of a sector tree over consecutive quarters.
///
/// Built once and validated; afterwards queries fail only on arguments (an unknown sector, a
/// period outside the data, a zero base).
#[derive(Debug, Clone, PartialEq)]
pub struct Accounts {
    tree: SectorTree,
    start: Quarter,
    /// nodes × quarters, aggregates included.
    constant: Array2<f64>,
    current: Option<Array2<f64>>,
}

impl Accounts {
    /// Accounts from leaf levels (leaves of `tree` in pre-order × quarters from `start`).
    ///
    /// # Errors
    /// [`GrdpsimError::InvalidLevel`] for a NaN, infinite or (outside net taxes) negative level;
    /// [`GrdpsimError::InvalidArgument`] when the shapes do not match the tree;
    /// [`GrdpsimError::InvalidPeriod`] when the quarters run past [`crate::period::YEARS`].
    ///
    /// # Examples
    /// ```
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// use ndarray::array;
    /// let tree = SectorTree::provincial();
    /// // NLTS, CNXD, DV, TSP over 2023Q1..2024Q4
    /// let row = |x: f64| [x, x, x, x, x * 1.1, x * 1.1, x * 1.1, x * 1.1];
    /// let levels = ndarray::Array2::from_shape_vec((4, 8),
    ///     [row(10.0), row(20.0), row(60.0), row(10.0)].concat())?;
    /// let acc = Accounts::from_leaf_levels(tree, Quarter::new(2023, 1)?, levels.view(), None)?;
    /// assert!((acc.growth("2024".parse()?, "GRDP")? - 10.0).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_leaf_levels(
        tree: SectorTree,
        start: Quarter,
        constant: ArrayView2<f64>,
        current: Option<ArrayView2<f64>>,
    ) -> Result<Self> {
        let leaves: Vec<usize> = tree.leaves().collect();
        let nq = constant.ncols();
        let expand = |leaf_levels: ArrayView2<f64>, basis: PriceBasis| -> Result<Array2<f64>> {
            if leaf_levels.nrows() != leaves.len() || leaf_levels.ncols() != nq || nq == 0 {
                return Err(GrdpsimError::invalid_argument(
                    "levels",
                    format!(
                        "{} levels are {}×{}, expected {} leaf sectors × {} quarters (at least one)",
                        basis.label(),
                        leaf_levels.nrows(),
                        leaf_levels.ncols(),
                        leaves.len(),
                        nq
                    ),
                ));
            }
            let mut all = Array2::zeros((tree.len(), nq));
            for (row, &leaf) in leaves.iter().enumerate() {
                all.row_mut(leaf).assign(&leaf_levels.row(row));
            }
            Ok(all)
        };
        let constant = expand(constant, PriceBasis::Constant)?;
        let current = current
            .map(|c| expand(c, PriceBasis::Current))
            .transpose()?;
        Self::from_leaf_matrix(tree, start, constant, current)
    }

    /// `constant`/`current` hold valid leaf rows (other rows are overwritten by sums).
    fn from_leaf_matrix(
        tree: SectorTree,
        start: Quarter,
        mut constant: Array2<f64>,
        mut current: Option<Array2<f64>>,
    ) -> Result<Self> {
        check_span(start, start.offset(constant.ncols() as i64 - 1))?;
        check_values(&tree, start, &constant)?;
        aggregate(&tree, &mut constant);
        check_aggregates(&tree, start, &constant)?;
        if let Some(cur) = current.as_mut() {
            check_values(&tree, start, cur)?;
            aggregate(&tree, cur);
            check_aggregates(&tree, start, cur)?;
        }
        Ok(Self {
            tree,
            start,
            constant,
            current,
        })
    }

    /// Accounts from long records. Without `tree`, the provincial broad tree is used when it
    /// knows every code, else the national one. Sectors the data does not reach are pruned
    /// (an aggregate given without its children becomes a leaf); aggregate rows given with
    /// their children are checked against them.
    ///
    /// # Errors
    /// Unknown sectors, duplicate rows, NaN/infinite/negative levels, missing quarters of a
    /// leaf, aggregates that disagree with their children: each names sector, period and value.
    /// [`GrdpsimError::InvalidPeriod`] for a quarter outside [`crate::period::YEARS`] (checked
    /// before the matrices spanning the quarters are allocated).
    pub fn from_records(records: &[LevelRecord], tree: Option<SectorTree>) -> Result<Self> {
        let first = records
            .first()
            .ok_or_else(|| GrdpsimError::invalid_argument("records", "no levels given"))?;
        let tree = tree.unwrap_or_else(|| default_tree(records));
        let node_of: Vec<usize> = records
            .iter()
            .map(|r| tree.index(&r.sector))
            .collect::<Result<_>>()?;
        let (mut lo, mut hi) = (first.quarter.ordinal(), first.quarter.ordinal());
        for r in records {
            lo = lo.min(r.quarter.ordinal());
            hi = hi.max(r.quarter.ordinal());
        }
        let start = Quarter::from_ordinal(lo);
        // The matrices below span lo..=hi: bound it by the years a quarter may have (a
        // `Quarter` built by `from_ordinal` is not checked) before allocating.
        check_span(start, Quarter::from_ordinal(hi))?;
        let nq = (hi - lo + 1) as usize;
        let mut given: [Option<Array2<f64>>; 2] = [None, None];
        for (r, &node) in records.iter().zip(&node_of) {
            let b = r.basis as usize;
            let m = given[b].get_or_insert_with(|| Array2::from_elem((tree.len(), nq), f64::NAN));
            let q = (r.quarter.ordinal() - lo) as usize;
            let cell = &mut m[[node, q]];
            if !cell.is_nan() {
                return Err(GrdpsimError::DuplicateRow {
                    sector: tree.code(node).to_owned(),
                    period: r.quarter.to_string(),
                    basis: r.basis.label().into(),
                    first: *cell,
                    second: r.value,
                });
            }
            if r.value.is_nan() {
                return Err(invalid_level(
                    &tree,
                    node,
                    r.quarter,
                    r.value,
                    "not a number",
                ));
            }
            *cell = r.value;
        }
        let [constant, current] = given;
        let constant = constant.ok_or_else(|| {
            GrdpsimError::invalid_argument("records", "no constant-price levels given")
        })?;
        let keep = data_nodes(&tree, &constant, start, Quarter::from_ordinal(hi))?;
        let kept: Vec<usize> = (0..tree.len()).filter(|&i| keep[i]).collect();
        let pruned = tree.restricted(&keep);
        let take = |m: &Array2<f64>| m.select(Axis(0), &kept);
        let stated_constant = take(&constant);
        let stated_current = current.as_ref().map(take);
        let leaf_only = |stated: &Array2<f64>, basis: PriceBasis| -> Result<Array2<f64>> {
            let mut m = Array2::zeros(stated.raw_dim());
            for leaf in pruned.leaves() {
                for (q, &v) in stated.row(leaf).iter().enumerate() {
                    if v.is_nan() {
                        return Err(GrdpsimError::MissingQuarter {
                            sector: pruned.code(leaf).to_owned(),
                            period: start.offset(q as i64).to_string(),
                            basis: basis.label().into(),
                        });
                    }
                    m[[leaf, q]] = v;
                }
            }
            Ok(m)
        };
        let constant_leaves = leaf_only(&stated_constant, PriceBasis::Constant)?;
        let current_leaves = stated_current
            .as_ref()
            .map(|s| leaf_only(s, PriceBasis::Current))
            .transpose()?;
        let acc = Self::from_leaf_matrix(pruned, start, constant_leaves, current_leaves)?;
        acc.check_stated(&stated_constant, PriceBasis::Constant)?;
        if let Some(s) = &stated_current {
            acc.check_stated(s, PriceBasis::Current)?;
        }
        Ok(acc)
    }

    fn check_stated(&self, stated: &Array2<f64>, basis: PriceBasis) -> Result<()> {
        let derived = self.matrix(basis).expect("checked by the caller");
        for i in (0..self.tree.len()).filter(|&i| !self.tree.is_leaf(i)) {
            for (q, (&s, &d)) in stated.row(i).iter().zip(derived.row(i)).enumerate() {
                if s.is_nan() {
                    continue;
                }
                let rel = (s - d).abs() / s.abs().max(d.abs()).max(f64::MIN_POSITIVE);
                if rel > AGGREGATE_TOLERANCE {
                    return Err(GrdpsimError::InconsistentAggregate {
                        sector: self.tree.code(i).to_owned(),
                        period: self.start.offset(q as i64).to_string(),
                        basis: basis.label().into(),
                        stated: s,
                        sum: d,
                        rel,
                    });
                }
            }
        }
        Ok(())
    }

    pub fn tree(&self) -> &SectorTree {
        &self.tree
    }

    /// The first quarter of the data.
    pub fn start(&self) -> Quarter {
        self.start
    }

    /// The last quarter of the data.
    pub fn end(&self) -> Quarter {
        self.start.offset(self.constant.ncols() as i64 - 1)
    }

    /// The number of quarters.
    pub fn n_quarters(&self) -> usize {
        self.constant.ncols()
    }

    /// The quarters of the data, in order.
    pub fn quarters(&self) -> impl Iterator<Item = Quarter> + '_ {
        (0..self.n_quarters()).map(|q| self.start.offset(q as i64))
    }

    pub fn has_current_prices(&self) -> bool {
        self.current.is_some()
    }

    /// Levels of every node (rows, tree pre-order) × quarter (columns).
    ///
    /// # Errors
    /// [`GrdpsimError::NoCurrentPrices`] when current prices are asked for and absent.
    pub fn matrix(&self, basis: PriceBasis) -> Result<ArrayView2<'_, f64>> {
        match basis {
            PriceBasis::Constant => Ok(self.constant.view()),
            PriceBasis::Current => self.current.as_ref().map(|a| a.view()).ok_or_else(|| {
                GrdpsimError::NoCurrentPrices {
                    what: "current-price levels".into(),
                }
            }),
        }
    }

    /// Quarterly levels of one sector.
    ///
    /// # Errors
    /// An unknown sector; current prices that are absent.
    pub fn series(&self, sector: &str, basis: PriceBasis) -> Result<ArrayView1<'_, f64>> {
        let i = self.tree.index(sector)?;
        Ok(self.matrix(basis)?.index_axis_move(Axis(0), i))
    }

    /// The column of quarter `q`, or an error naming `period`.
    fn column(&self, q: Quarter, period: Period) -> Result<usize> {
        let k = q.ordinal() - self.start.ordinal();
        if k < 0 || k >= self.n_quarters() as i64 {
            return Err(GrdpsimError::PeriodNotCovered {
                period: period.to_string(),
                first: self.start.to_string(),
                last: self.end().to_string(),
            });
        }
        Ok(k as usize)
    }

    /// The column range of a period's quarters.
    pub(crate) fn columns(&self, period: Period) -> Result<std::ops::Range<usize>> {
        let a = self.column(period.first_quarter(), period)?;
        let b = self.column(period.last_quarter(), period)?;
        Ok(a..b + 1)
    }

    /// The sum of a node's levels over a period, by node index.
    pub(crate) fn level_at(&self, node: usize, period: Period, basis: PriceBasis) -> Result<f64> {
        let cols = self.columns(period)?;
        let row = self.matrix(basis)?.index_axis_move(Axis(0), node);
        Ok(row.iter().skip(cols.start).take(cols.len()).sum())
    }

    /// The sum of a sector's levels over `period`, in billion VND.
    ///
    /// # Errors
    /// An unknown sector, a period outside the data, absent current prices.
    pub fn level(&self, period: Period, sector: &str, basis: PriceBasis) -> Result<f64> {
        self.level_at(self.tree.index(sector)?, period, basis)
    }

    /// Growth (tốc độ tăng) of a sector over `period` against the same quarters of the year
    /// before, in percent, at constant prices.
    ///
    /// # Errors
    /// An unknown sector; a period (or its base) outside the data; a zero base.
    ///
    /// # Examples
    /// See [`Accounts::from_leaf_levels`].
    pub fn growth(&self, period: Period, sector: &str) -> Result<f64> {
        self.growth_at(self.tree.index(sector)?, period)
    }

    pub(crate) fn growth_at(&self, node: usize, period: Period) -> Result<f64> {
        let (now, base) = self.level_pair(node, period)?;
        crate::growth::growth_pct(
            now,
            base,
            self.tree.code(node),
            &period.previous_year().to_string(),
        )
    }

    /// Constant-price level of `node` over `period` and over the same quarters a year earlier;
    /// the base must be non-zero.
    pub(crate) fn level_pair(&self, node: usize, period: Period) -> Result<(f64, f64)> {
        self.columns(period)?;
        let base_period = period.previous_year();
        let base = self
            .level_at(node, base_period, PriceBasis::Constant)
            .map_err(|e| match e {
                GrdpsimError::PeriodNotCovered { first, last, .. } => {
                    GrdpsimError::PeriodNotCovered {
                        period: format!("{base_period} (the base of growth in {period})"),
                        first,
                        last,
                    }
                }
                other => other,
            })?;
        if base == 0.0 {
            return Err(GrdpsimError::ZeroBase {
                sector: self.tree.code(node).to_owned(),
                period: period.previous_year().to_string(),
            });
        }
        let now = self.level_at(node, period, PriceBasis::Constant)?;
        Ok((now, base))
    }
}

/// The provincial broad tree when it knows every code of the records, else the national one.
fn default_tree(records: &[LevelRecord]) -> SectorTree {
    let prov = SectorTree::provincial();
    if prov.knows_all(records.iter().map(|r| r.sector.as_str())) {
        prov
    } else {
        SectorTree::national()
    }
}

/// The nodes the data reaches: a node is kept when it has data or a node below it has. Below a
/// node with data, children are kept only if they all have data (else that node is a leaf of the
/// data); a node without data needs all its children.
fn data_nodes(
    tree: &SectorTree,
    constant: &Array2<f64>,
    start: Quarter,
    end: Quarter,
) -> Result<Vec<bool>> {
    let has = |m: &Array2<f64>, i: usize| m.row(i).iter().any(|v| !v.is_nan());
    let mut keep = vec![false; tree.len()];
    for i in (0..tree.len()).rev() {
        keep[i] = has(constant, i) || tree.node(i).children.iter().any(|&c| keep[c]);
    }
    for i in 0..tree.len() {
        if !keep[i] {
            continue;
        }
        let children = &tree.node(i).children;
        let some = children.iter().any(|&c| keep[c]);
        let all = children.iter().all(|&c| keep[c]);
        if some && !all {
            let missing = children.iter().find(|&&c| !keep[c]).copied().unwrap_or(i);
            return Err(GrdpsimError::MissingQuarter {
                sector: tree.code(missing).to_owned(),
                period: format!("{start}..{end}"),
                basis: PriceBasis::Constant.label().into(),
            });
        }
    }
    if !keep[tree.root()] {
        return Err(GrdpsimError::invalid_argument(
            "records",
            "no data for any sector",
        ));
    }
    Ok(keep)
}

fn invalid_level(
    tree: &SectorTree,
    node: usize,
    q: Quarter,
    value: f64,
    reason: &'static str,
) -> GrdpsimError {
    GrdpsimError::InvalidLevel {
        sector: tree.code(node).to_owned(),
        period: q.to_string(),
        value,
        reason,
    }
}

/// [`GrdpsimError::InvalidPeriod`] unless the quarters `first..=last` lie in
/// [`crate::period::YEARS`].
fn check_span(first: Quarter, last: Quarter) -> Result<()> {
    for q in [first, last] {
        check_year(q.year(), || {
            format!("{first}..{last} (the quarters of the data)")
        })?;
    }
    Ok(())
}

/// Checks the leaf rows: finite, and non-negative outside net taxes.
/// The largest level, in absolute value, accounts may hold: the world's GDP is about 2.5e18 in
/// VND units (2.5e9 billion VND), so 1e21 leaves room for any currency and unit while keeping
/// every sum, growth and requirement computed from levels far from overflowing.
pub const MAX_LEVEL: f64 = 1e21;

/// A level growth can be computed on: finite, at most [`MAX_LEVEL`] in absolute value, and 0
/// or at least `f64::MIN_POSITIVE` (a subnormal level has lost its precision).
pub(crate) fn is_sane_level(v: f64) -> bool {
    v.is_finite() && v.abs() <= MAX_LEVEL && (v == 0.0 || v.abs() >= f64::MIN_POSITIVE)
}

fn check_values(tree: &SectorTree, start: Quarter, m: &Array2<f64>) -> Result<()> {
    for leaf in tree.leaves() {
        for (q, &v) in m.row(leaf).iter().enumerate() {
            let at = start.offset(q as i64);
            if v.is_nan() {
                return Err(invalid_level(tree, leaf, at, v, "not a number"));
            }
            if v.is_infinite() {
                return Err(invalid_level(tree, leaf, at, v, "infinite"));
            }
            if !is_sane_level(v) {
                return Err(invalid_level(
                    tree,
                    leaf,
                    at,
                    v,
                    "beyond 1e21 in absolute value (a unit slip?), or subnormal (below 2.2e-308: \
                     no precision left for growth)",
                ));
            }
            if v < 0.0 && !tree.node(leaf).net_taxes {
                return Err(invalid_level(
                    tree,
                    leaf,
                    at,
                    v,
                    "negative; only net product taxes may be negative",
                ));
            }
        }
    }
    Ok(())
}

/// Overwrites every non-leaf row with the sum of its children (pre-order, so walk backwards).
/// Sums beyond [`MAX_LEVEL`] and a total below zero (net taxes larger than all value added) are
/// errors naming the sector and quarter.
fn check_aggregates(tree: &SectorTree, start: Quarter, m: &Array2<f64>) -> Result<()> {
    for i in (0..tree.len()).filter(|&i| !tree.is_leaf(i)) {
        for (c, &v) in m.row(i).iter().enumerate() {
            let reason = if !v.is_finite() || v.abs() > MAX_LEVEL {
                "the sum of its sectors is beyond 1e21 (levels too large)"
            } else if i == tree.root() && v < 0.0 {
                "the total is below zero (net taxes larger than all value added)"
            } else {
                continue;
            };
            return Err(GrdpsimError::InvalidLevel {
                sector: tree.code(i).to_owned(),
                period: start.offset(c as i64).to_string(),
                value: v,
                reason,
            });
        }
    }
    Ok(())
}

pub(crate) fn aggregate(tree: &SectorTree, m: &mut Array2<f64>) {
    for i in (0..tree.len()).rev() {
        let children = &tree.node(i).children;
        if children.is_empty() {
            continue;
        }
        let mut sum = m.row(children[0]).to_owned();
        for &c in &children[1..] {
            sum += &m.row(c);
        }
        m.row_mut(i).assign(&sum);
    }
}

impl Accounts {
    /// Reads the long CSV (see [`crate::io::read_csv`]).
    ///
    /// # Errors
    /// I/O and parse errors; every error of [`Accounts::from_records`].
    pub fn from_csv(path: impl AsRef<std::path::Path>, tree: Option<SectorTree>) -> Result<Self> {
        Self::from_records(&crate::io::read_csv(path.as_ref())?, tree)
    }

    /// Reads GSO's SDMX-ML feed (see [`crate::io::read_sdmx`]).
    ///
    /// # Errors
    /// I/O and parse errors; every error of [`Accounts::from_records`].
    pub fn from_sdmx(path: impl AsRef<std::path::Path>, tree: Option<SectorTree>) -> Result<Self> {
        Self::from_records(&crate::io::read_sdmx(path.as_ref())?, tree)
    }
}
