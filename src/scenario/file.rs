//! Scenario files: a human-editable TOML (or JSON) that names its base data file or embeds the
//! base levels.
//!
//! ```toml
//! year = 2025
//!
//! [base]
//! file = "caobang_2024.csv"   # long CSV, path relative to this file
//! tree = "provincial_detailed" # optional: national, provincial, provincial_detailed
//!
//! [targets.GRDP]
//! Y = 8.0
//! [targets.CNXD]
//! Y = 12.97
//! Q2 = 8.98
//!
//! [actual_growth.GRDP]
//! Q1 = 6.01
//! H1 = 6.56
//! [actual_levels.GRDP]
//! Q2 = 3058.8
//!
//! [provisional]               # actuals that are estimates (a nowcast), not yet published
//! GRDP = ["Q2"]
//! ```
//!
//! Optional top-level keys: `name` (what the scenario is, for reports), `notes` (a list of
//! lines reports show: a string, shown as written in both languages, or `{ en = "...", vi =
//! "..." }`), `fractions_ok = true` (accept growth figures that all lie below 1 in
//! absolute value), and `[held_targets]`: per leaf sector, the four quarterly targets a
//! what-if fixed (they win over the derivation rule). An unknown section or key is an error
//! that names its line and the nearest valid name.
//!
//! `[owners]` names who answers for a sector's targets (cơ quan chủ trì) and by when, for
//! every period of the sector, and optionally per period it states a target for (a period's
//! entry takes the sector's department or deadline where it names none):
//!
//! ```toml
//! [owners]
//! CN = { department = "Sở Công Thương", deadline = "2025-12-31", Q3 = { deadline = "2025-09-30" } }
//! XD = { department = "Sở Xây dựng", deadline = "2025-12-31" }
//! ```
//!
//! Instead of `file`, `[base]` may embed the levels: `tree` (or `sectors`, a custom tree),
//! `start` (the first quarter, `2024Q1`) and `[base.levels]` with one array of constant-price
//! levels per leaf sector (optionally `[base.current_levels]`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::owners::{self, OwnerEntry};
use super::{Actual, ActualValue, DerivationRule, Note, Scenario};
use crate::accounts::{Accounts, PriceBasis};
use crate::atomic::write_atomically;
use crate::error::{GrdpsimError, Result};
use crate::io::{toml_error, with_suggestion};
use crate::period::{Period, Quarter};
use crate::sector::{SectorSpec, SectorTree};

/// Figures keyed by sector code, then by period label.
pub type SectorPeriodMap = BTreeMap<String, BTreeMap<String, f64>>;

/// The base data of a scenario file: a file, or embedded levels.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseData {
    /// A long CSV (`period,sector,price_basis,value_bn_vnd`), relative to the scenario file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// A built-in tree: `national`, `provincial`, `provincial_detailed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree: Option<String>,
    /// A custom tree, when not a built-in one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<SectorSpec>,
    /// The first quarter of embedded levels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Constant-price levels per leaf sector, one per quarter from `start`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub levels: BTreeMap<String, Vec<f64>>,
    /// Current-price levels per leaf sector (optional).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub current_levels: BTreeMap<String, Vec<f64>>,
}

/// The serialized form of a [`Scenario`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// What the scenario is (`Cao Bằng 2025`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub year: i32,
    /// Lines that reports show with the scenario: a plain string (shown as written in both
    /// languages) or `{ en = "...", vi = "..." }`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Accept growth figures that all lie below 1 in absolute value.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fractions_ok: bool,
    #[serde(default)]
    pub rule: DerivationRule,
    pub base: BaseData,
    /// Target growth, percent: `targets.CNXD.Y = 12.97`.
    #[serde(default)]
    pub targets: SectorPeriodMap,
    /// Actual growth, percent.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub actual_growth: SectorPeriodMap,
    /// Actual constant-price levels, billion VND.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub actual_levels: SectorPeriodMap,
    /// The periods, per sector, whose actual figure is provisional.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub provisional: BTreeMap<String, Vec<String>>,
    /// Quarterly targets a what-if fixed, per leaf sector: Q1..Q4, percent.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub held_targets: BTreeMap<String, [f64; 4]>,
    /// Who answers for each sector's targets and by when: `CN = { department = "Sở Công
    /// Thương", deadline = "2025-09-30" }`, with a table per period for a period's own
    /// (`Q3 = { deadline = "2025-09-30" }`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub owners: BTreeMap<String, OwnerEntry>,
}

pub(super) fn built_in_tree(name: &str) -> Result<SectorTree> {
    match name.trim().to_ascii_lowercase().as_str() {
        "national" => Ok(SectorTree::national()),
        "provincial" => Ok(SectorTree::provincial()),
        "provincial_detailed" => Ok(SectorTree::provincial_detailed()),
        other => Err(GrdpsimError::invalid_argument(
            "base.tree",
            format!("{other:?} is not national, provincial or provincial_detailed"),
        )),
    }
}

fn built_in_name(tree: &SectorTree) -> Option<&'static str> {
    [
        ("national", SectorTree::national()),
        ("provincial", SectorTree::provincial()),
        ("provincial_detailed", SectorTree::provincial_detailed()),
    ]
    .into_iter()
    .find(|(_, t)| t == tree)
    .map(|(n, _)| n)
}

impl BaseData {
    fn tree(&self) -> Result<Option<SectorTree>> {
        if !self.sectors.is_empty() {
            return SectorTree::from_specs(&self.sectors).map(Some);
        }
        self.tree.as_deref().map(built_in_tree).transpose()
    }

    /// The accounts, reading `file` relative to `dir`.
    fn load(&self, dir: &Path) -> Result<Accounts> {
        let tree = self.tree()?;
        if let Some(file) = &self.file {
            return Accounts::from_csv(dir.join(file), tree);
        }
        let tree = tree.ok_or_else(|| {
            GrdpsimError::invalid_argument(
                "base",
                "give a file, or a tree (or sectors) with embedded levels",
            )
        })?;
        let start: Quarter = self
            .start
            .as_deref()
            .ok_or_else(|| {
                GrdpsimError::invalid_argument(
                    "base.start",
                    "embedded levels need their first quarter",
                )
            })?
            .parse()?;
        let matrix = |m: &BTreeMap<String, Vec<f64>>, what: &str| -> Result<Array2<f64>> {
            let leaves: Vec<usize> = tree.leaves().collect();
            let nq = m.values().next().map_or(0, Vec::len);
            let mut out = Array2::zeros((leaves.len(), nq));
            for (code, values) in m {
                let node = tree.index(code)?;
                let row = leaves.iter().position(|&l| l == node).ok_or_else(|| {
                    GrdpsimError::invalid_argument(
                        what,
                        format!("{code} is not a leaf sector of the tree"),
                    )
                })?;
                if values.len() != nq {
                    return Err(GrdpsimError::invalid_argument(
                        what,
                        format!("{code} has {} quarters, another sector {nq}", values.len()),
                    ));
                }
                out.row_mut(row)
                    .assign(&ndarray::ArrayView1::from(values.as_slice()));
            }
            if m.len() != leaves.len() {
                let missing: Vec<&str> = leaves
                    .iter()
                    .map(|&l| tree.code(l))
                    .filter(|c| !m.keys().any(|k| tree.find(k) == tree.find(c)))
                    .collect();
                return Err(GrdpsimError::invalid_argument(
                    what,
                    format!("no levels for leaf sectors {}", missing.join(", ")),
                ));
            }
            Ok(out)
        };
        let constant = matrix(&self.levels, "base.levels")?;
        let current = if self.current_levels.is_empty() {
            None
        } else {
            Some(matrix(&self.current_levels, "base.current_levels")?)
        };
        Accounts::from_leaf_levels(
            tree.clone(),
            start,
            constant.view(),
            current.as_ref().map(|a| a.view()),
        )
    }

    /// Embeds the levels of `acc`.
    fn embedded(acc: &Accounts) -> Self {
        let tree = acc.tree();
        let rows = |basis: PriceBasis| -> BTreeMap<String, Vec<f64>> {
            acc.matrix(basis).map_or_else(
                |_| BTreeMap::new(),
                |m| {
                    tree.leaves()
                        .map(|l| (tree.code(l).to_owned(), m.row(l).to_vec()))
                        .collect()
                },
            )
        };
        let name = built_in_name(tree);
        Self {
            file: None,
            tree: name.map(str::to_owned),
            sectors: if name.is_some() {
                Vec::new()
            } else {
                tree.specs()
            },
            start: Some(acc.start().to_string()),
            levels: rows(PriceBasis::Constant),
            current_levels: rows(PriceBasis::Current),
        }
    }
}

impl ScenarioFile {
    /// The scenario, reading a base file relative to `dir`.
    ///
    /// # Errors
    /// Errors of the base file or embedded levels, and of [`super::ScenarioBuilder::build`].
    pub fn into_scenario(self, dir: &Path) -> Result<Scenario> {
        for (section, map) in [
            ("targets", &self.targets),
            ("actual_growth", &self.actual_growth),
            ("actual_levels", &self.actual_levels),
        ] {
            no_period_twice(section, map, self.year)?;
        }
        let base = self.base.load(dir)?;
        let held = held_matrix(base.tree(), &self.held_targets)?;
        let mut b = Scenario::builder(base, self.year)
            .rule(self.rule)
            .fractions_ok(self.fractions_ok)
            .held(held);
        if let Some(f) = &self.base.file {
            b = b.base_file(absolute(&dir.join(f)).display().to_string());
        }
        if let Some(n) = &self.name {
            b = b.name(n.clone());
        }
        for n in &self.notes {
            b = b.note(n.clone());
        }
        for (sector, periods) in &self.targets {
            for (period, &pct) in periods {
                b = b.target(period, sector, pct);
            }
        }
        let provisional = |sector: &str, period: &str| {
            self.provisional
                .get(sector)
                .is_some_and(|ps| ps.iter().any(|p| p == period))
        };
        for (map, level) in [(&self.actual_growth, false), (&self.actual_levels, true)] {
            for (sector, periods) in map {
                for (period, &v) in periods {
                    let a = if level {
                        Actual::level(period, sector, v)
                    } else {
                        Actual::growth(period, sector, v)
                    };
                    let a = if provisional(sector, period) {
                        a.as_provisional()
                    } else {
                        a
                    };
                    b = b.actuals([a]);
                }
            }
        }
        b.owners(owners::from_file(&self.owners)?).build()
    }
}

/// Two labels of one sector's section naming the same period (`H1` and `6M`): one of them
/// would be silently dropped, so it is an error naming both.
fn no_period_twice(section: &str, map: &SectorPeriodMap, year: i32) -> Result<()> {
    for (sector, periods) in map {
        let mut seen: Vec<(crate::period::Period, &str)> = Vec::new();
        for label in periods.keys() {
            let Ok(p) = Period::parse_in_year(label, year) else {
                continue; // reported with its sector and label when the scenario is built
            };
            if let Some((_, first)) = seen.iter().find(|(q, _)| *q == p) {
                return Err(GrdpsimError::invalid_argument(
                    section,
                    format!("sector {sector}: {first:?} and {label:?} name the same period {p}; keep one"),
                ));
            }
            seen.push((p, label));
        }
    }
    Ok(())
}

/// The held targets of a file as leaves × 4 (every leaf sector, or none).
fn held_matrix(
    tree: &SectorTree,
    held: &BTreeMap<String, [f64; 4]>,
) -> Result<Option<Array2<f64>>> {
    if held.is_empty() {
        return Ok(None);
    }
    let leaves: Vec<usize> = tree.leaves().collect();
    let mut m = Array2::from_elem((leaves.len(), 4), f64::NAN);
    for (code, rates) in held {
        let node = tree.index(code)?;
        let row = leaves.iter().position(|&l| l == node).ok_or_else(|| {
            GrdpsimError::invalid_argument(
                "held_targets",
                format!("{code} is not a leaf sector: held targets are per leaf sector"),
            )
        })?;
        for (q, &g) in rates.iter().enumerate() {
            super::check_rate(code, &format!("Q{}", q + 1), g)?;
            m[[row, q]] = g;
        }
    }
    if let Some(i) = (0..leaves.len()).find(|&i| m[[i, 0]].is_nan()) {
        return Err(GrdpsimError::invalid_argument(
            "held_targets",
            format!(
                "no held targets for leaf sector {}: give all of them or none",
                tree.code(leaves[i])
            ),
        ));
    }
    Ok(Some(m))
}

fn insert(map: &mut SectorPeriodMap, sector: String, period: String, v: f64) {
    map.entry(sector).or_default().insert(period, v);
}

fn json_error(source_name: &str, e: &serde_json::Error) -> GrdpsimError {
    GrdpsimError::Parse {
        source_name: source_name.to_owned(),
        line: e.line(),
        message: with_suggestion(&e.to_string()),
    }
}

/// A scenario in one self-contained string: the base's levels embedded (a base file is only
/// named, never read back), for copies between processes.
#[derive(Debug, Serialize, Deserialize)]
struct Snapshot {
    base_file: Option<String>,
    scenario: ScenarioFile,
}

impl Scenario {
    /// The scenario as one compact JSON string with the base's levels embedded (no file to
    /// read back); [`Scenario::from_snapshot`] rebuilds it, equal and with the same figures.
    ///
    /// # Errors
    /// [`GrdpsimError::Parse`] if serialization fails (it does not for valid scenarios).
    pub fn to_snapshot(&self) -> Result<String> {
        let mut scenario = self.to_file_struct();
        scenario.base = BaseData::embedded(&self.base);
        serde_json::to_string(&Snapshot {
            base_file: self.base_file.clone(),
            scenario,
        })
        .map_err(|e| json_error("scenario snapshot", &e))
    }

    /// The scenario of [`Scenario::to_snapshot`], checked again as a scenario file is.
    ///
    /// # Errors
    /// [`GrdpsimError::Parse`] for text that is not a snapshot; the errors of
    /// [`ScenarioFile::into_scenario`].
    ///
    /// # Examples
    /// ```
    /// let cb = grdpsim::datasets::cao_bang_2025()?;
    /// let copy = grdpsim::Scenario::from_snapshot(&cb.to_snapshot()?)?;
    /// assert_eq!(copy, cb);
    /// # Ok::<(), grdpsim::GrdpsimError>(())
    /// ```
    pub fn from_snapshot(text: &str) -> Result<Self> {
        let s: Snapshot =
            serde_json::from_str(text).map_err(|e| json_error("scenario snapshot", &e))?;
        if s.scenario.base.file.is_some() {
            return Err(GrdpsimError::invalid_argument(
                "snapshot",
                "a snapshot embeds its base levels; it names no file to read",
            ));
        }
        let mut sc = s.scenario.into_scenario(Path::new("."))?;
        sc.base_file = s.base_file;
        Ok(sc)
    }
}

impl Scenario {
    /// The serializable form: a base file reference when the scenario was read with one (its
    /// absolute path), else the embedded base levels.
    pub fn to_file_struct(&self) -> ScenarioFile {
        self.file_struct_in(None)
    }

    /// The serializable form of a file written in `dir`: a base file is named relative to it.
    fn file_struct_in(&self, dir: Option<&Path>) -> ScenarioFile {
        let base = match &self.base_file {
            Some(f) => BaseData {
                file: Some(dir.map_or_else(|| f.clone(), |d| relative(Path::new(f), d))),
                tree: built_in_name(self.tree()).map(str::to_owned),
                ..BaseData::default()
            },
            None => BaseData::embedded(&self.base),
        };
        let mut targets = SectorPeriodMap::new();
        for t in self.targets() {
            insert(&mut targets, t.sector, t.period, t.growth_pct);
        }
        let (mut growth, mut levels) = (SectorPeriodMap::new(), SectorPeriodMap::new());
        let mut provisional: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for a in self.actuals() {
            if a.provisional {
                provisional
                    .entry(a.sector.clone())
                    .or_default()
                    .push(a.period.clone());
            }
            match a.value {
                ActualValue::GrowthPct(g) => insert(&mut growth, a.sector, a.period, g),
                ActualValue::Level(x) => insert(&mut levels, a.sector, a.period, x),
            }
        }
        let held_targets = self
            .held_targets()
            .map(|m| {
                self.leaf_codes()
                    .into_iter()
                    .zip(m.rows())
                    .map(|(c, r)| (c, [r[0], r[1], r[2], r[3]]))
                    .collect()
            })
            .unwrap_or_default();
        ScenarioFile {
            name: self.name().map(str::to_owned),
            year: self.year,
            notes: self.notes().to_vec(),
            fractions_ok: self.fractions_ok,
            rule: self.rule,
            base,
            targets,
            actual_growth: growth,
            actual_levels: levels,
            provisional,
            held_targets,
            owners: owners::to_file(&self.owners()),
        }
    }

    /// The scenario as TOML.
    ///
    /// # Errors
    /// [`GrdpsimError::Parse`] if serialization fails (it does not for valid scenarios).
    ///
    /// # Examples
    /// ```
    /// use grdpsim::scenario::{Scenario, Target};
    /// use grdpsim::{Accounts, Quarter, SectorTree};
    /// let levels = ndarray::Array2::from_shape_fn((4, 4), |(i, _)| [20.0, 20.0, 55.0, 5.0][i]);
    /// let base = Accounts::from_leaf_levels(SectorTree::provincial(), Quarter::new(2024, 1)?,
    ///     levels.view(), None)?;
    /// let sc = Scenario::new(base, 2025, &[Target::new("Y", "GRDP", 8.0)])?;
    /// let text = sc.to_toml_string()?;
    /// assert_eq!(Scenario::from_toml_str(&text, None)?, sc);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_toml_string(&self) -> Result<String> {
        toml::to_string(&self.to_file_struct()).map_err(|e| GrdpsimError::Parse {
            source_name: "scenario (TOML)".into(),
            line: 0,
            message: e.to_string(),
        })
    }

    /// The scenario as pretty JSON.
    ///
    /// # Errors
    /// [`GrdpsimError::Parse`] if serialization fails (it does not for valid scenarios).
    pub fn to_json_string(&self) -> Result<String> {
        serde_json::to_string_pretty(&self.to_file_struct())
            .map_err(|e| json_error("scenario (JSON)", &e))
    }

    /// A scenario from TOML; a base file is read relative to `base_dir` (default: the current
    /// directory).
    ///
    /// # Errors
    /// [`GrdpsimError::Parse`] with the line at fault; errors of
    /// [`ScenarioFile::into_scenario`].
    pub fn from_toml_str(text: &str, base_dir: Option<&Path>) -> Result<Self> {
        let f: ScenarioFile =
            toml::from_str(text).map_err(|e| toml_error("scenario (TOML)", text, &e))?;
        f.into_scenario(base_dir.unwrap_or(Path::new(".")))
    }

    /// A scenario from JSON; a base file is read relative to `base_dir`.
    ///
    /// # Errors
    /// As [`Scenario::from_toml_str`].
    pub fn from_json_str(text: &str, base_dir: Option<&Path>) -> Result<Self> {
        let f: ScenarioFile =
            serde_json::from_str(text).map_err(|e| json_error("scenario (JSON)", &e))?;
        f.into_scenario(base_dir.unwrap_or(Path::new(".")))
    }

    /// Reads a `.toml` or `.json` scenario file; a base file is relative to it.
    ///
    /// # Errors
    /// [`GrdpsimError::Io`]; parse errors; errors of [`ScenarioFile::into_scenario`].
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text =
            std::fs::read_to_string(path).map_err(|e| GrdpsimError::io(path.display(), e))?;
        let dir = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let name = path.display().to_string();
        let file: ScenarioFile = if is_json(path) {
            serde_json::from_str(&text).map_err(|e| json_error(&name, &e))?
        } else {
            toml::from_str(&text).map_err(|e| toml_error(&name, &text, &e))?
        };
        file.into_scenario(&dir)
    }

    /// Writes a `.toml` or `.json` scenario file (by extension; TOML otherwise).
    ///
    /// # Errors
    /// [`GrdpsimError::Io`].
    pub fn to_file(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let dir = absolute(path.parent().unwrap_or(Path::new("")));
        let file = self.file_struct_in(Some(&dir));
        let text = if is_json(path) {
            serde_json::to_string_pretty(&file).map_err(|e| json_error("scenario (JSON)", &e))?
        } else {
            toml::to_string(&file).map_err(|e| GrdpsimError::Parse {
                source_name: "scenario (TOML)".into(),
                line: 0,
                message: e.to_string(),
            })?
        };
        write_atomically(path, text.as_bytes())
    }
}

/// `path` made absolute (against the current directory) and normalized lexically (`.` and `..`
/// resolved without touching the file system).
fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in full.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `target` (absolute) as seen from the folder `dir` (absolute): `../data/base.csv`; the
/// absolute path when the two share no root.
fn relative(target: &Path, dir: &Path) -> String {
    let (t, d) = (absolute(target), absolute(dir));
    let common = t
        .components()
        .zip(d.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return t.display().to_string();
    }
    let ups = d.components().count() - common;
    let mut parts: Vec<String> = vec!["..".into(); ups];
    parts.extend(
        t.components()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}
