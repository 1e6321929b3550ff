//! Advances (tạm ứng) and their recovery (thu hồi tạm ứng), as the State Treasury summarises
//! them (issue 26 §2.3b).
//!
//! An advance is paid to a project before the work it pays for is accepted: it has a date, an
//! amount (million VND), a purpose ([`AdvancePurpose`]: works, site clearance (giải phóng mặt
//! bằng), consultancy, other) and the Treasury's reference, unique within the project. A
//! recovery (the advance set against accepted work) has its own reference, a date, an amount
//! and the advance it recovers, or none: then it recovers the project's advances, the oldest
//! first.
//!
//! ```text
//! outstanding(d) = Σ advances with date ≤ d − Σ recoveries with date ≤ d
//! ```
//!
//! by project, by investor, and advance by advance ([`Tracker::aged_advances`]: those still
//! outstanding more than a number of days after they were paid, by default
//! [`DEFAULT_ADVANCE_AGE_DAYS`]). An import refuses a recovery that would take more than is
//! outstanding (of its advance, or of its project), naming the row and the column.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::Value;

use super::{Level, Tracker};
use crate::date::Date;
use crate::error::{GrdpsimError, Result};
use crate::io::names::name_key;
use crate::io::tables::RawTable;
use crate::lang::Lang;
use crate::store::import::{Known, RowCtx};
use crate::store::Store;

/// Days after which an outstanding advance is listed as aged when no age is given (the
/// Treasury's usual six months).
pub const DEFAULT_ADVANCE_AGE_DAYS: u32 = 180;

/// The columns of the Treasury's advances file: the key (project, reference), then the values.
pub const ADVANCE_COLUMNS: &[&str] = &["project", "reference", "advanced_on", "amount", "purpose"];

/// The columns of the Treasury's recoveries file: the key (project, reference), then the
/// values (`advance`: the reference of the advance recovered, empty for the project's).
pub const RECOVERY_COLUMNS: &[&str] =
    &["project", "reference", "recovered_on", "amount", "advance"];

/// The Vietnamese headers the advances and recoveries layouts accept, with the program column
/// each stands for (compared as [`name_key`] compares names: case and spacing aside).
const VIETNAMESE_HEADERS: &[(&str, &str)] = &[
    ("mã dự án", "project"),
    ("số chứng từ", "reference"),
    ("ngày tạm ứng", "advanced_on"),
    ("số tiền", "amount"),
    ("mục đích", "purpose"),
    ("ngày thu hồi", "recovered_on"),
    ("chứng từ tạm ứng", "advance"),
];

/// `header` normalised, with the Vietnamese headers of [`VIETNAMESE_HEADERS`] read as their
/// program columns.
pub(crate) fn program_header(header: &[String]) -> Vec<String> {
    crate::io::tables::normalise_header(header)
        .into_iter()
        .map(|h| {
            VIETNAMESE_HEADERS
                .iter()
                .chain(super::weekly_plans::VIETNAMESE_HEADERS)
                .chain(super::sources::VIETNAMESE_HEADERS)
                .find(|(vi, _)| name_key(vi) == h)
                .map_or(h, |(_, en)| (*en).to_owned())
        })
        .collect()
}

/// `tables` with their headers as [`program_header`] reads them.
pub(crate) fn with_program_headers(mut tables: Vec<RawTable>) -> Vec<RawTable> {
    for t in &mut tables {
        t.header = program_header(&t.header);
    }
    tables
}

/// What an advance pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AdvancePurpose {
    /// Construction works (xây lắp).
    Works,
    /// Site clearance (giải phóng mặt bằng): compensation and resettlement.
    SiteClearance,
    /// Consultancy (tư vấn).
    Consultancy,
    /// Anything else (khác).
    Other,
}

impl AdvancePurpose {
    /// Every purpose, in the order views list them.
    pub const ALL: [Self; 4] = [
        Self::Works,
        Self::SiteClearance,
        Self::Consultancy,
        Self::Other,
    ];

    /// As stored: `works`, `site_clearance`, `consultancy`, `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Works => "works",
            Self::SiteClearance => "site_clearance",
            Self::Consultancy => "consultancy",
            Self::Other => "other",
        }
    }

    /// The purpose's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Works, Lang::En) => "works",
            (Self::Works, Lang::Vi) => "xây lắp",
            (Self::SiteClearance, Lang::En) => "site clearance",
            (Self::SiteClearance, Lang::Vi) => "giải phóng mặt bằng",
            (Self::Consultancy, Lang::En) => "consultancy",
            (Self::Consultancy, Lang::Vi) => "tư vấn",
            (Self::Other, Lang::En) => "other",
            (Self::Other, Lang::Vi) => "khác",
        }
    }

    /// Reads a purpose as stored, or its English or Vietnamese name (any case; `gpmb` for
    /// site clearance).
    ///
    /// # Errors
    /// [`GrdpsimError::UnknownOption`] naming the text and the purposes.
    pub fn parse(s: &str) -> Result<Self> {
        let key = name_key(s).replace('_', " ");
        Self::ALL
            .into_iter()
            .find(|p| {
                key == p.as_str().replace('_', " ")
                    || key == p.label(Lang::En)
                    || key == p.label(Lang::Vi)
                    || (*p == Self::SiteClearance && key == "gpmb")
            })
            .ok_or_else(|| GrdpsimError::UnknownOption {
                option: "advance purpose".into(),
                value: s.into(),
                expected: "works, site_clearance, consultancy, other (xây lắp, giải phóng \
                           mặt bằng, tư vấn, khác)"
                    .into(),
            })
    }
}

/// The advances and recoveries an import is checked against: those stored, replaced row by
/// row by those the import brings (advances are applied before recoveries), so that
/// importing a file again counts its recoveries once.
#[derive(Debug, Default)]
pub(crate) struct Balances {
    /// (project, reference) → (date, amount).
    advances: HashMap<(String, String), (Date, f64)>,
    /// (project, reference) → (advance, amount).
    recoveries: HashMap<(String, String), (String, f64)>,
}

impl Balances {
    pub(crate) fn read(store: &Store) -> Result<Self> {
        let advances: Vec<(String, String, String, f64)> = store.query_tuples(
            "SELECT project, reference, advanced_on, amount FROM advances",
            [],
        )?;
        let mut out = Self::default();
        for (project, reference, on, amount) in advances {
            let on: Date = on.parse()?;
            out.advances.insert((project, reference), (on, amount));
        }
        let recoveries: Vec<(String, String, String, f64)> = store.query_tuples(
            "SELECT project, reference, advance, amount FROM advance_recoveries",
            [],
        )?;
        for (project, reference, advance, amount) in recoveries {
            out.recoveries
                .insert((project, reference), (advance, amount));
        }
        Ok(out)
    }

    /// What is recovered of `project`'s advances: of the advance `advance`, or of all of them.
    fn recovered(&self, project: &str, advance: Option<&str>) -> f64 {
        self.recoveries
            .iter()
            .filter(|((p, _), (a, _))| p == project && advance.is_none_or(|want| a == want))
            .map(|(_, (_, x))| x)
            .sum()
    }

    /// What is advanced to `project`: the advance `reference`, or all of them.
    fn advanced(&self, project: &str, reference: Option<&str>) -> f64 {
        self.advances
            .iter()
            .filter(|((p, r), _)| p == project && reference.is_none_or(|want| r == want))
            .map(|(_, (_, x))| x)
            .sum()
    }

    /// The key and values of an advances row, or None (its problems recorded).
    pub(crate) fn advance_row(
        &mut self,
        cx: &mut RowCtx<'_>,
        known: &Known,
    ) -> Option<(Vec<Value>, Vec<Value>)> {
        let [project, reference, on, amount] = common_cells(cx, known, "advanced_on");
        let purpose = if let Ok(p) = AdvancePurpose::parse(cx.cell("purpose")) {
            Some(Value::Text(p.as_str().to_owned()))
        } else {
            cx.bad(
                "purpose",
                "not a purpose: works, site_clearance, consultancy or other \
                 (xây lắp, giải phóng mặt bằng, tư vấn, khác)",
            );
            None
        };
        let (p, r, on, amount, purpose) = (project?, reference?, on?, amount?, purpose?);
        let date: Date = text_of(&on).parse().ok()?;
        let (code, reference) = (text_of(&p).to_owned(), text_of(&r).to_owned());
        let key = (code.clone(), reference.clone());
        let replaced = self.advances.insert(key.clone(), (date, real_of(&amount)));
        // A corrected advance may not fall below what is already recovered of it, nor leave
        // its project's advances below the project's recoveries (the recoveries stored and
        // those of this import read so far: lower the recoveries first).
        let of_advance = self.recovered(&code, Some(&reference));
        let of_project = self.recovered(&code, None);
        let advanced = self.advanced(&code, None);
        let refusal = if of_advance > real_of(&amount) + 1e-6 {
            Some(format!(
                "less than is already recovered of advance {reference}: {of_advance}"
            ))
        } else if of_project > advanced + 1e-6 {
            Some(format!(
                "leaves project {code} with {advanced} advanced, less than the {of_project} \
                 already recovered"
            ))
        } else {
            None
        };
        if let Some(reason) = refusal {
            refuse_amount(cx, reason, &mut self.advances, key, replaced);
            return None;
        }
        Some((vec![p, r], vec![on, amount, purpose]))
    }

    /// The key and values of a recoveries row, or None (its problems recorded): the advance
    /// it names must be the project's, made on or before the recovery, and the recovery may
    /// not take more than is outstanding of the advance, nor of the project.
    pub(crate) fn recovery_row(
        &mut self,
        cx: &mut RowCtx<'_>,
        known: &Known,
    ) -> Option<(Vec<Value>, Vec<Value>)> {
        let [project, reference, on, amount] = common_cells(cx, known, "recovered_on");
        let advance = cx.cell("advance").to_owned();
        let (p, r, on, amount) = (project?, reference?, on?, amount?);
        let (code, date) = (text_of(&p).to_owned(), text_of(&on).parse::<Date>().ok()?);
        if !advance.is_empty() {
            match self.advances.get(&(code.clone(), advance.clone())) {
                None => {
                    cx.bad(
                        "advance",
                        format!("no advance {advance} of project {code} (import it first)"),
                    );
                    return None;
                }
                Some((made, _)) if *made > date => {
                    cx.bad(
                        "recovered_on",
                        format!("before advance {advance} was made on {made}"),
                    );
                    return None;
                }
                Some(_) => {}
            }
        }
        let x = real_of(&amount);
        let key = (code.clone(), text_of(&r).to_owned());
        let replaced = self.recoveries.insert(key.clone(), (advance.clone(), x));
        let mut checks = vec![(None, format!("project {code}"))];
        if !advance.is_empty() {
            checks.insert(0, (Some(advance.as_str()), format!("advance {advance}")));
        }
        let refusal = checks.into_iter().find_map(|(which, what)| {
            let (took, gave) = (self.recovered(&code, which), self.advanced(&code, which));
            (took > gave + 1e-6).then(|| {
                let outstanding = gave - (took - x);
                format!(
                    "recovers more than is outstanding of {what}: {outstanding} (advanced {gave})"
                )
            })
        });
        if let Some(reason) = refusal {
            refuse_amount(cx, reason, &mut self.recoveries, key, replaced);
            return None;
        }
        Some((vec![p, r], vec![on, amount, Value::Text(advance)]))
    }
}

/// Records `reason` against a row's amount and puts back the entry `key` had before the row
/// (`replaced`), so that a refused row does not count against the rows after it.
fn refuse_amount<V>(
    cx: &mut RowCtx<'_>,
    reason: String,
    entries: &mut HashMap<(String, String), V>,
    key: (String, String),
    replaced: Option<V>,
) {
    cx.bad("amount", reason);
    match replaced {
        Some(old) => entries.insert(key, old),
        None => entries.remove(&key),
    };
}

/// The project, reference, date (in column `date`) and amount that both layouts begin with.
fn common_cells(cx: &mut RowCtx<'_>, known: &Known, date: &str) -> [Option<Value>; 4] {
    [
        cx.project(known),
        cx.text("reference", true),
        cx.date_any(date, true),
        cx.amount("amount"),
    ]
}

fn text_of(v: &Value) -> &str {
    match v {
        Value::Text(t) => t,
        _ => "",
    }
}

fn real_of(v: &Value) -> f64 {
    match v {
        Value::Real(x) => *x,
        #[allow(clippy::cast_precision_loss)]
        Value::Integer(i) => *i as f64,
        _ => 0.0,
    }
}

/// One advance as of a date: what is still outstanding of it and how long since it was paid.
#[derive(Debug, Clone, PartialEq)]
pub struct AdvanceRow {
    pub project: String,
    pub investor: String,
    /// The Treasury's reference.
    pub reference: String,
    pub advanced_on: Date,
    pub purpose: AdvancePurpose,
    /// Million VND.
    pub amount: f64,
    /// Recovered by the date: the recoveries naming it, then its share of the project's
    /// recoveries naming none (the oldest advance first).
    pub recovered: f64,
    /// `amount − recovered`.
    pub outstanding: f64,
    /// Days from `advanced_on` to the date.
    pub age_days: i32,
}

/// Advances of a project or an investor as of a date.
#[derive(Debug, Clone, PartialEq)]
pub struct AdvanceBalance {
    /// The project's or investor's code.
    pub key: String,
    pub name: String,
    /// Advanced by the date, million VND.
    pub advanced: f64,
    /// Recovered by the date.
    pub recovered: f64,
    /// `advanced − recovered`.
    pub outstanding: f64,
    /// Of `outstanding`, what is outstanding of site-clearance advances.
    pub site_clearance_outstanding: f64,
}

/// The advances of one purpose (or of all, `purpose` None) beside the year's disbursement.
#[derive(Debug, Clone, PartialEq)]
pub struct AdvanceShare {
    pub purpose: Option<AdvancePurpose>,
    /// Advanced in the plan year up to the date, million VND.
    pub advanced: f64,
    /// Outstanding on the date (advances of any year).
    pub outstanding: f64,
    /// The province's disbursement of the year to the date (the tracker's payment source).
    pub disbursed: f64,
    /// `100 · advanced / disbursed` (NaN when nothing is disbursed).
    pub advanced_pct: f64,
    /// `100 · outstanding / disbursed`.
    pub outstanding_pct: f64,
}

/// How [`Tracker::advance_balances`] groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdvanceLevel {
    Project,
    Investor,
}

impl AdvanceLevel {
    /// Reads `project` or `investor`.
    ///
    /// # Errors
    /// [`GrdpsimError::UnknownOption`] otherwise.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "project" => Ok(Self::Project),
            "investor" => Ok(Self::Investor),
            _ => Err(GrdpsimError::UnknownOption {
                option: "level".into(),
                value: s.into(),
                expected: "project, investor".into(),
            }),
        }
    }
}

impl Tracker {
    /// Every advance made by `as_of`, with what is recovered of it by then (recoveries dated
    /// after `as_of` do not count), by project and date.
    ///
    /// # Errors
    /// [`GrdpsimError::Database`] if `SQLite` fails.
    pub fn advances(&self, as_of: Date) -> Result<Vec<AdvanceRow>> {
        let day = as_of.to_string();
        let store = self.store();
        let made: Vec<(String, String, String, String, String, f64)> = store.query_tuples(
            "SELECT a.project, p.investor, a.reference, a.advanced_on, a.purpose, a.amount
             FROM advances a JOIN projects p ON p.code = a.project
             WHERE a.advanced_on <= ?1 ORDER BY a.project, a.advanced_on, a.reference",
            [&day],
        )?;
        let taken: Vec<(String, String, f64)> = store.query_tuples(
            "SELECT project, advance, amount FROM advance_recoveries WHERE recovered_on <= ?1",
            [&day],
        )?;
        drop(store);
        let mut rows = Vec::with_capacity(made.len());
        for (project, investor, reference, on, purpose, amount) in made {
            let advanced_on: Date = on.parse()?;
            rows.push(AdvanceRow {
                age_days: as_of.days_since(advanced_on),
                project,
                investor,
                reference,
                advanced_on,
                purpose: AdvancePurpose::parse(&purpose)?,
                amount,
                recovered: 0.0,
                outstanding: amount,
            });
        }
        let mut pooled: BTreeMap<String, f64> = BTreeMap::new();
        for (project, advance, x) in taken {
            if let Some(row) = rows
                .iter_mut()
                .find(|r| !advance.is_empty() && r.project == project && r.reference == advance)
            {
                row.recovered += x;
            } else {
                *pooled.entry(project).or_default() += x;
            }
        }
        for row in &mut rows {
            row.outstanding = row.amount - row.recovered;
            if let Some(left) = pooled.get_mut(&row.project) {
                let x = left.min(row.outstanding.max(0.0));
                row.recovered += x;
                row.outstanding -= x;
                *left -= x;
            }
        }
        Ok(rows)
    }

    /// Advanced, recovered and outstanding as of `as_of`, by project or by investor (those
    /// with an advance by then), by code.
    ///
    /// # Errors
    /// As [`Tracker::advances`].
    pub fn advance_balances(
        &self,
        as_of: Date,
        level: AdvanceLevel,
    ) -> Result<Vec<AdvanceBalance>> {
        let names: HashMap<String, String> = self.store().query_tuples(
            match level {
                AdvanceLevel::Project => "SELECT code, name FROM projects",
                AdvanceLevel::Investor => "SELECT code, name FROM investors",
            },
            [],
        )?;
        let mut out: BTreeMap<String, AdvanceBalance> = BTreeMap::new();
        for a in self.advances(as_of)? {
            let key = match level {
                AdvanceLevel::Project => a.project,
                AdvanceLevel::Investor => a.investor,
            };
            let b = out.entry(key.clone()).or_insert_with(|| AdvanceBalance {
                name: names.get(&key).cloned().unwrap_or_default(),
                key,
                advanced: 0.0,
                recovered: 0.0,
                outstanding: 0.0,
                site_clearance_outstanding: 0.0,
            });
            b.advanced += a.amount;
            b.recovered += a.recovered;
            b.outstanding += a.outstanding;
            if a.purpose == AdvancePurpose::SiteClearance {
                b.site_clearance_outstanding += a.outstanding;
            }
        }
        Ok(out.into_values().collect())
    }

    /// The advances still outstanding on `as_of` more than `min_days` after they were paid
    /// (by default [`DEFAULT_ADVANCE_AGE_DAYS`]), oldest first.
    ///
    /// # Errors
    /// As [`Tracker::advances`].
    pub fn aged_advances(&self, as_of: Date, min_days: Option<u32>) -> Result<Vec<AdvanceRow>> {
        let min = i64::from(min_days.unwrap_or(DEFAULT_ADVANCE_AGE_DAYS));
        let mut rows: Vec<AdvanceRow> = self
            .advances(as_of)?
            .into_iter()
            .filter(|a| a.outstanding > 1e-9 && i64::from(a.age_days) > min)
            .collect();
        rows.sort_by(|a, b| {
            (a.advanced_on, &a.project, &a.reference).cmp(&(
                b.advanced_on,
                &b.project,
                &b.reference,
            ))
        });
        Ok(rows)
    }

    /// The share of the year's disbursement to `as_of` that is advances: all purposes first
    /// (`purpose` None), then each purpose, site clearance apart.
    ///
    /// # Errors
    /// As [`Tracker::advances`] and [`Tracker::status`].
    pub fn advance_shares(&self, as_of: Date) -> Result<Vec<AdvanceShare>> {
        let disbursed = self.status(as_of, Level::Province)?.total.paid;
        let rows = self.advances(as_of)?;
        let year = self.year;
        let share = |purpose: Option<AdvancePurpose>| {
            let of = rows
                .iter()
                .filter(|a| purpose.is_none_or(|p| a.purpose == p));
            let advanced: f64 = of
                .clone()
                .filter(|a| a.advanced_on.year() == year)
                .map(|a| a.amount)
                .sum();
            let outstanding: f64 = of.map(|a| a.outstanding).sum();
            let pct = |x: f64| {
                if disbursed > 0.0 {
                    100.0 * x / disbursed
                } else {
                    f64::NAN
                }
            };
            AdvanceShare {
                purpose,
                advanced,
                outstanding,
                disbursed,
                advanced_pct: pct(advanced),
                outstanding_pct: pct(outstanding),
            }
        };
        Ok(std::iter::once(None)
            .chain(AdvancePurpose::ALL.into_iter().map(Some))
            .map(share)
            .collect())
    }
}
